#!/usr/bin/env bash
# Every read command of the CLI on one database, each under /usr/bin/time: seconds and peak
# memory, to find the commands that do not grow in proportion (docs/benchmarks.md, "Every command
# at 100k and 1M"). Usage: tools/bench/sweep.sh DB [OUT_DIR] [HARBOUR]
#   DB       a database made by `harbour import` (for example of harbour-generate's output)
#   OUT_DIR  where each command's output, errors and timing go (default: a new temporary folder)
#   HARBOUR  the CLI to measure (default: build/bench/src/cli/harbour)
set -euo pipefail
cd "$(dirname "$0")/../.."

db=${1:?usage: tools/bench/sweep.sh DB [OUT_DIR] [HARBOUR]}
out=${2:-$(mktemp -d)}
harbour=${3:-build/bench/src/cli/harbour}
as_of=(--as-of 2026-11-21) # the day after harbour-generate's range
mkdir -p "$out"
child=$(sqlite3 "$db" "SELECT entity FROM mentions WHERE role = 'victim' LIMIT 1")
suspect=$(sqlite3 "$db" "SELECT entity FROM mentions WHERE role = 'perpetrator' LIMIT 1")

run() {
    local name=$1
    shift
    local rc=0
    /usr/bin/time -f "%e %M" -o "$out/$name.time" "$harbour" "$@" >"$out/$name.out" 2>"$out/$name.err" || rc=$?
    # /usr/bin/time puts "Command exited with non-zero status N" first when the command fails.
    read -r seconds kib < <(tail -n 1 "$out/$name.time")
    printf '%-16s exit %d  %8.2f s  %7d MiB  %12d bytes out\n' "$name" "$rc" "$seconds" $((kib / 1024)) \
        "$(wc -c <"$out/$name.out")"
}

echo "sweep of $db with $harbour (outputs in $out)"
run entities entities --db "$db"
run entities-json entities --db "$db" --json
run children children --db "$db" "${as_of[@]}"
run children-json children --db "$db" --json "${as_of[@]}"
run show show --db "$db" "$child"
run path path --db "$db" "$child" "$suspect" "${as_of[@]}"
run merges merges --db "$db"
run audit audit --db "$db"
run audit-verify audit verify --db "$db"
run review-due review-due --db "$db" "${as_of[@]}"
run clusters clusters --db "$db" "${as_of[@]}"
run hotspots hotspots --db "$db" "${as_of[@]}"
run suggest suggest --db "$db"
run analyse-json analyse --db "$db" --json "${as_of[@]}"
for format in graphml anx geojson csv; do
    run "export-$format" export --db "$db" --format "$format" --out "$out/network.$format" "${as_of[@]}"
done
run brief-cluster brief --db "$db" --out "$out/cluster.pdf" --cluster C1 "${as_of[@]}"
run brief-child brief --db "$db" --out "$out/child.pdf" --child "$child" "${as_of[@]}"
run brief-panel brief --db "$db" --out "$out/panel.pdf" --panel --share partners "${as_of[@]}"
