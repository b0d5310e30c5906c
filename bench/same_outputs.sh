#!/usr/bin/env bash
# Checks that two builds of the CLI say exactly the same thing about every example scenario:
#
#   bench/same_outputs.sh OLD_ASYNCVIZ NEW_ASYNCVIZ
#
# For every file under examples/scenarios/ (JSON and TOML) and bench/mmc_1m.json, each binary
# runs `asyncviz run FILE` (the JSON report), `--format table`, `--trace` (every engine event
# as JSON Lines, compared by SHA-256) and `asyncviz check FILE`; standard output, standard
# error and the exit status of each must be byte-for-byte equal (a scenario over the work
# budget is refused: the refusal is compared). Two more scenarios exercise the CPU scheduler
# and the event loop: the divan benchmark's `thread_pool_cpu_200k` and `event_loop_200k`
# (crates/engine/benches/mmc.rs), written out here. Outputs go to target/same_outputs/.
# Exit status 0 when everything is identical, 1 otherwise (the differing files are listed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
if [ $# -ne 2 ] || [ ! -x "$1" ] || [ ! -x "$2" ]; then
    echo "usage: bench/same_outputs.sh OLD_ASYNCVIZ NEW_ASYNCVIZ (two executable CLI builds)" >&2
    exit 2
fi
OUT=target/same_outputs
rm -rf "$OUT"
mkdir -p "$OUT/old" "$OUT/new"

mapfile -t FILES < <(find examples/scenarios -type f \( -name '*.json' -o -name '*.toml' \) | sort)
EXTRA=$OUT/extra
mkdir -p "$EXTRA"
cat >"$EXTRA/thread_pool_cpu_200k.json" <<'JSON'
{"seed": 1, "duration_ms": 400000, "cores": 4,
 "workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "limit": 200000,
              "steps": [{"cpu_ms": {"exp": 2}}, {"io_ms": {"exp": 10}}]},
 "model": {"thread_pool": {"threads": 16, "queue": null}}}
JSON
cat >"$EXTRA/event_loop_200k.json" <<'JSON'
{"seed": 1, "duration_ms": 400000, "cores": 4,
 "workload": {"arrivals": {"poisson": {"rate_per_s": 800}}, "limit": 200000,
              "steps": [{"cpu_ms": {"exp": 0.5}}, {"io_ms": {"exp": 20}}, {"cpu_ms": {"exp": 0.5}}]},
 "model": {"event_loop": {}}}
JSON
FILES+=(bench/mmc_1m.json "$EXTRA/thread_pool_cpu_200k.json" "$EXTRA/event_loop_200k.json")

# run_one BIN DIR NAME ARGS...: stdout, stderr and status of `BIN ARGS...` into DIR/NAME.*
run_one() {
    local bin=$1 dir=$2 name=$3
    shift 3
    local status=0
    "$bin" "$@" >"$dir/$name.out" 2>"$dir/$name.err" || status=$?
    echo "$status" >"$dir/$name.status"
}

for f in "${FILES[@]}"; do
    key=${f//\//_}
    for side in old new; do
        if [ "$side" = old ]; then bin=$1; else bin=$2; fi
        dir="$OUT/$side"
        run_one "$bin" "$dir" "$key.check" check "$f"
        run_one "$bin" "$dir" "$key.json" run "$f"
        run_one "$bin" "$dir" "$key.table" run "$f" --format table
        trace="$OUT/$side.trace.jsonl"
        run_one "$bin" "$dir" "$key.trace" run "$f" --trace "$trace"
        if [ -f "$trace" ]; then
            sha256sum <"$trace" | cut -d' ' -f1 >"$dir/$key.trace.sha256"
            wc -l <"$trace" >"$dir/$key.trace.lines"
            rm -f "$trace"
        fi
    done
    printf '%-60s %s events\n' "$f" "$(cat "$OUT/new/$key.trace.lines" 2>/dev/null || echo -)"
done

if diff -r "$OUT/old" "$OUT/new" >"$OUT/diff.txt"; then
    echo "identical: $(ls "$OUT/new" | wc -l) outputs of ${#FILES[@]} scenarios"
else
    echo "DIFFERENT (see $OUT/diff.txt):"
    grep -E '^(diff|Only)' "$OUT/diff.txt" || head -20 "$OUT/diff.txt"
    exit 1
fi
