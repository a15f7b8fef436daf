#!/usr/bin/env bash
# Harbour's benchmark (docs/benchmarks.md). For each size N it generates N + 1,000 reports with
# harbour-generate (screenings and missing episodes in proportion), then measures:
#   import      `harbour import` of N reports + their screenings + missing episodes into a new
#               database: wall time, CPU, peak RSS (/usr/bin/time -v), database size
#   floor       the sqlite3 shell's .import of the very same rows as CSV into the same tables
#               (same schema, same pragmas): no parsing, no resolution
#   analyse     harbour-bench analyse: snapshot, graph, Leiden, clusters, hotspots, betweenness,
#               priorities, who-is-who suggestions, peak RSS
#   incremental `harbour import` of the 1,000 held-back reports into a copy of the loaded database
#   peers       python3-igraph Leiden and Louvain, networkx Louvain on the graph Harbour clusters
# Raw results go to OUT/raw.jsonl, medians to OUT/summary.md and OUT/summary.json.
#
# usage: tools/bench/run.sh [--sizes "10000 100000 1000000"] [--runs 3] [--build build/bench]
#                           [--work DIR] [--out DIR] [--no-peers] [--no-floor] [--keep]
#                           [--networkx-max-edges 2000000]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sizes="10000 100000 1000000"
runs=3
build="$root/build/bench"
work=""
out=""
peers=1
floor=1
keep=0
nx_max_edges=2000000

while [ $# -gt 0 ]; do
    case "$1" in
    --sizes) sizes=$2; shift 2 ;;
    --runs) runs=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --work) work=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --no-peers) peers=0; shift ;;
    --no-floor) floor=0; shift ;;
    --keep) keep=1; shift ;;
    --networkx-max-edges) nx_max_edges=$2; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
work=${work:-$build/bench-work}
out=${out:-$work/results}
harbour="$build/src/cli/harbour"
generate="$build/tools/harbour-generate"
bench="$build/tools/bench/harbour-bench"
for tool in "$harbour" "$generate" "$bench"; do
    [ -x "$tool" ] || { echo "run.sh: $tool is not built (cmake --build $build)" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "run.sh: /usr/bin/time is needed (apt-get install time)" >&2; exit 1; }
have_sqlite3=0
command -v sqlite3 >/dev/null && have_sqlite3=1
# Debian's python3-igraph and python3-networkx live with the system interpreter.
python=/usr/bin/python3
have_peers=0
if [ "$peers" = 1 ] && [ -x "$python" ] && "$python" -c 'import igraph, networkx' 2>/dev/null; then
    have_peers=1
fi

mkdir -p "$work" "$out"
raw="$out/raw.jsonl"
: >"$raw"
export HARBOUR_USER=bench

# timed OUTFILE CMD...: runs CMD under /usr/bin/time -v; prints "wall_s user_s sys_s peak_kib".
timed() {
    local log=$1
    shift
    /usr/bin/time -v -o "$log.time" "$@" >"$log" 2>"$log.err" || {
        echo "run.sh: failed: $*" >&2
        tail -5 "$log.err" >&2
        return 1
    }
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
        /User time/ { user = $2 }
        /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.2f %.2f %.2f %d\n", wall, user, sys, rss }' "$log.time"
}

record() { echo "$1" >>"$raw"; }

# Huge pages change the analyses' times by 0.6x to 0.7x: the kernel's mode and Harbour's choice
# (HARBOUR_HUGE_PAGES=0 turns them off; docs/benchmarks.md, "Huge pages") go with the results.
machine=$(printf '{"cpu": "%s", "cores": %s, "memory_gib": %s, "sqlite": "%s", "load_at_start": "%s", "thp": "%s", "harbour_huge_pages": "%s"}' \
    "$(lscpu | sed -n 's/^Model name: *//p' | head -1)" "$(nproc)" \
    "$(awk '/MemTotal/ { printf "%.0f", $2 / 1048576 }' /proc/meminfo)" \
    "$(sqlite3 --version 2>/dev/null | cut -d' ' -f1 || true)" "$(cut -d' ' -f1-3 /proc/loadavg)" \
    "$(cat /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null || echo none)" "${HARBOUR_HUGE_PAGES:-default}")
record "{\"what\": \"machine\", \"machine\": $machine}"

for n in $sizes; do
    data="$work/g$n"
    echo "== $n reports" >&2
    if [ ! -s "$data/new-reports.jsonl" ]; then
        "$generate" --out "$data" --reports $((n + 1000)) >/dev/null
        head -n "$n" "$data/reports.jsonl" >"$data/base-reports.jsonl"
        tail -n 1000 "$data/reports.jsonl" >"$data/new-reports.jsonl"
        rm "$data/reports.jsonl"
    fi
    files=("$data/base-reports.jsonl" "$data/screenings.jsonl" "$data/missing.jsonl")
    records=$(cat "${files[@]}" | wc -l)
    bytes=$(cat "${files[@]}" | wc -c)
    db="$work/db-$n.sqlite"

    for run in $(seq 1 "$runs"); do
        rm -f "$db" "$db-wal" "$db-shm"
        read -r wall user sys rss < <(timed "$work/import.log" "$harbour" import --db "$db" "${files[@]}")
        size=$(stat -c %s "$db")
        record "{\"what\": \"import\", \"size\": $n, \"run\": $run, \"records\": $records, \"bytes\": $bytes, \"wall_s\": $wall, \"user_s\": $user, \"sys_s\": $sys, \"peak_kib\": $rss, \"db_bytes\": $size}"
        echo "   import run $run: ${wall}s, peak ${rss} KiB" >&2
    done

    if [ "$floor" = 1 ] && [ "$have_sqlite3" = 1 ]; then
        csv="$work/csv-$n"
        mkdir -p "$csv"
        tables="records entities mentions links screenings actions missing_episodes"
        for t in $tables; do
            sqlite3 -csv "$db" "SELECT * FROM $t" >"$csv/$t.csv"
        done
        # The same tables, indexes and pragmas as the store (src/sqlite_schema.h).
        sed -n '/R"SQL(/,/)SQL"/p' "$root/src/sqlite_schema.h" | grep -v 'R"SQL(' | grep -v ')SQL"' >"$csv/schema.sql"
        {
            echo "PRAGMA journal_mode=WAL;"
            echo "PRAGMA synchronous=NORMAL;"
            echo "PRAGMA cache_size=-262144;" # as harbour import (importers/import_job.cpp)
            echo ".read $csv/schema.sql"
            echo ".mode csv"
            for t in $tables; do echo ".import $csv/$t.csv $t"; done
        } >"$csv/load.sql"
        for run in $(seq 1 "$runs"); do
            rm -f "$work/floor.sqlite"*
            read -r wall user sys rss < <(timed "$work/floor.log" sqlite3 "$work/floor.sqlite" ".read $csv/load.sql")
            record "{\"what\": \"floor\", \"size\": $n, \"run\": $run, \"wall_s\": $wall, \"user_s\": $user, \"sys_s\": $sys, \"peak_kib\": $rss, \"db_bytes\": $(stat -c %s "$work/floor.sqlite")}"
            echo "   floor run $run: ${wall}s" >&2
        done
        rm -rf "$csv" "$work/floor.sqlite"*
    fi

    edges="$work/edges-$n.txt"
    for run in $(seq 1 "$runs"); do
        extra=()
        [ "$run" = 1 ] && extra=(--edges "$edges")
        read -r wall user sys rss < <(timed "$work/analyse.log" "$bench" analyse --db "$db" "${extra[@]}")
        record "{\"what\": \"analyse\", \"size\": $n, \"run\": $run, \"wall_s\": $wall, \"user_s\": $user, \"sys_s\": $sys, \"peak_kib\": $rss, \"stages\": $(cat "$work/analyse.log")}"
        echo "   analyse run $run: ${wall}s" >&2
    done

    for run in $(seq 1 "$runs"); do
        cp "$db" "$work/incremental.sqlite"
        # Write the copy out first: otherwise the import's first fsync flushes the whole copied file
        # (4.8 GB at 1M reports, 2 to 3 s here) and the copy's cost is charged to Harbour.
        sync
        read -r wall user sys rss < <(timed "$work/incremental.log" "$harbour" import --db "$work/incremental.sqlite" "$data/new-reports.jsonl")
        record "{\"what\": \"incremental\", \"size\": $n, \"run\": $run, \"wall_s\": $wall, \"user_s\": $user, \"sys_s\": $sys, \"peak_kib\": $rss}"
        echo "   incremental run $run: ${wall}s" >&2
    done
    rm -f "$work/incremental.sqlite"*

    if [ "$have_peers" = 1 ]; then
        for run in $(seq 1 "$runs"); do
            # networkx (pure Python) once per size: minutes at 100k reports.
            nx_limit=$nx_max_edges
            [ "$run" -gt 1 ] && nx_limit=0
            result=$("$python" "$here/peers.py" --edges "$edges" --networkx-max-edges "$nx_limit" --seed "$run")
            record "{\"what\": \"peers\", \"size\": $n, \"run\": $run, \"peers\": $result}"
            echo "   peers run $run done" >&2
        done
    fi
    if [ "$keep" = 0 ]; then
        rm -rf "$data" "$db" "$db-wal" "$db-shm" "$edges"
    fi
done

"$python" "$here/summarise.py" "$raw" "$out/summary.md" "$out/summary.json" || python3 "$here/summarise.py" "$raw" "$out/summary.md" "$out/summary.json"
cat "$out/summary.md"
