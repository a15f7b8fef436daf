#!/usr/bin/env bash
# The main job on the bundled sample data: install what is missing, build, import
# sample-data/ into an embedded SQLite file and print what an analyst needs first.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build=${HARBOUR_BUILD_DIR:-build/release}
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHARBOUR_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" --target harbour >/dev/null

db=${HARBOUR_SAMPLE_DB:-out/sample.db}
mkdir -p "$(dirname "$db")"
rm -f "$db" "$db-wal" "$db-shm"
harbour="$build/src/cli/harbour"
# Ages, overdue actions and recency are judged on a fixed day so that the output is the same every time.
as_of=${HARBOUR_AS_OF:-2026-11-28}

echo "== Importing sample data into $db"
"$harbour" import --db "$db" sample-data
echo
echo "== Children by risk, with their due actions"
"$harbour" children --db "$db" --as-of "$as_of"
if "$harbour" clusters --help >/dev/null 2>&1; then
    echo
    echo "== Clusters flagged as possible organised or multiple abuse"
    "$harbour" clusters --db "$db" --as-of "$as_of" --flagged
    echo
    echo "== Top hotspots"
    "$harbour" hotspots --db "$db" --as-of "$as_of" --top 5
fi
