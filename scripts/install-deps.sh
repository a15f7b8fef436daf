#!/usr/bin/env bash
# Installs every Debian 12 package that Harbour's build, tests, benchmarks and
# offscreen GUI tests need. Idempotent, and silent when everything is present.
set -euo pipefail

packages=(
    build-essential cmake ninja-build pkg-config ccache libcli11-dev
    qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev libqt6svg6 libgl1-mesa-dev libxkbcommon-dev fonts-dejavu-core
    libboost-graph-dev nlohmann-json3-dev libsqlite3-dev sqlite3 libigraph-dev libutf8proc-dev
    libgtest-dev libgmock-dev libbenchmark-dev
    poppler-utils
    clang libclang-rt-dev
)

missing=()
for pkg in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$pkg")
    fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "Installing: ${missing[*]}"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
