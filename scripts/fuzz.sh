#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and runs each for a bounded time.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      SECONDS per target, default 30 (or $HARBOUR_FUZZ_SECONDS)
#
# Each target starts from its committed seeds (fuzz/corpus/<target>/, read only) and writes what it
# learns to build/fuzz/work/<target>/, which later runs reuse. A crash, leak or timeout leaves its
# input in build/fuzz/artifacts/ and fails the script: copy it into fuzz/corpus/<target>/ and, for an
# importer, into tests/data/hostile/ with an expected.json entry, then fix the bug.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-${HARBOUR_FUZZ_SECONDS:-30}}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(json_importer jsonl_importer csv_importer narrative_extractor markup)

scripts/install-deps.sh
build=${HARBOUR_FUZZ_BUILD_DIR:-build/fuzz}
jobs=${HARBOUR_JOBS:-2}
cxx=${HARBOUR_FUZZ_CXX:-clang++}
command -v "$cxx" >/dev/null || { echo "fuzz.sh: $cxx not found (apt-get install clang)" >&2; exit 2; }

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$cxx" \
    -DHARBOUR_BUILD_FUZZERS=ON -DHARBOUR_BUILD_GUI=OFF -DHARBOUR_BUILD_TESTS=OFF -DHARBOUR_BUILD_BENCHMARKS=OFF \
    -DHARBOUR_WARNINGS_AS_ERRORS=ON >/dev/null
cmake --build "$build" -j"$jobs" --target "${targets[@]/#/fuzz_}"

mkdir -p "$build/artifacts"
failed=()
for target in "${targets[@]}"; do
    work="$build/work/$target"
    mkdir -p "$work"
    dict=()
    case "$target" in
        json_importer | jsonl_importer) dict=(-dict=fuzz/json.dict) ;;
        csv_importer) dict=(-dict=fuzz/csv.dict) ;;
    esac
    echo "== fuzz_$target for ${seconds}s"
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: one input needing 2 GB is a bug.
    if ! "$build/fuzz/fuzz_$target" "$work" "fuzz/corpus/$target" "${dict[@]}" \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
        -artifact_prefix="$build/artifacts/$target-" 2>"$build/$target.log"; then
        failed+=("$target")
        tail -n 60 "$build/$target.log" >&2
    fi
    grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov:" "$build/$target.log" | tail -n 3 || true
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: ${failed[*]} failed; inputs are in $build/artifacts/" >&2
    exit 1
fi
echo "fuzz.sh: no crash, leak or hang in ${targets[*]} (${seconds}s each)"
