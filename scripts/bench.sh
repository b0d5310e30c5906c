#!/usr/bin/env bash
# The engine benchmark and its SimPy comparison, in one command:
#
#   scripts/bench.sh
#
# 1. cargo bench -p asyncviz-engine --bench mmc   (divan: engine events/s)
# 2. the release CLI on bench/mmc_1m.json under GNU time (peak RSS, wall
#    time, events, events/s, requests/s), best wall time of $RUNS runs
# 3. the same M/M/8 model in SimPy (bench/mmc_simpy.py)
# 4. a summary: the targets (issue 14: at least 15 M events/s on one core and
#    at least 100x SimPy), asyncviz ÷ SimPy throughput, and the mean waits of
#    both next to Erlang C
#
# Everything is pinned to one CPU with taskset when it is available
# (BENCH_CPU, default the last CPU). Outputs go to target/bench/ and are
# overwritten on every run. Environment: PYTHON (default python3), RUNS
# (default 3), BENCH_CPU, SKIP_DIVAN=1 to skip step 1.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON=${PYTHON:-python3}
RUNS=${RUNS:-3}
OUT=target/bench
SCENARIO=bench/mmc_1m.json
mkdir -p "$OUT"

say() { printf '\n==> %s\n' "$*" >&2; }

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
        echo "need root for: $*" >&2
        return 1
    fi
}

# ----- prerequisites ---------------------------------------------------------
if ! /usr/bin/time -v true >/dev/null 2>&1; then
    say "installing GNU time"
    as_root apt-get install -y time >/dev/null || {
        as_root apt-get update >/dev/null && as_root apt-get install -y time >/dev/null
    }
fi

if ! "$PYTHON" -c 'import simpy' 2>/dev/null; then
    say "installing simpy into $("$PYTHON" -c 'import sys; print(sys.executable)')"
    if "$PYTHON" -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
        "$PYTHON" -m pip install --quiet simpy # inside a virtualenv
    else
        "$PYTHON" -m pip install --quiet --user simpy ||
            "$PYTHON" -m pip install --quiet --user --break-system-packages simpy
    fi
fi

PIN=()
if command -v taskset >/dev/null; then
    BENCH_CPU=${BENCH_CPU:-$(($(nproc) - 1))}
    PIN=(taskset -c "$BENCH_CPU")
    say "pinning every measurement to CPU $BENCH_CPU of $(nproc)"
fi

# ----- 1. divan --------------------------------------------------------------
if [ "${SKIP_DIVAN:-0}" != 1 ]; then
    say "cargo bench -p asyncviz-engine --bench mmc"
    cargo bench -p asyncviz-engine --bench mmc --no-run --quiet # build on every CPU
    ${PIN[@]+"${PIN[@]}"} cargo bench -p asyncviz-engine --bench mmc 2>&1 | tee "$OUT/divan.txt"
else
    : >"$OUT/divan.txt"
fi

# ----- 2. the CLI under GNU time ---------------------------------------------
say "cargo build --release -p asyncviz-cli"
cargo build --release -p asyncviz-cli --quiet

say "target/release/asyncviz run $SCENARIO (best of $RUNS, under /usr/bin/time -v)"
: >"$OUT/cli_runs.txt"
for i in $(seq 1 "$RUNS"); do
    start=$(date +%s%N)
    ${PIN[@]+"${PIN[@]}"} /usr/bin/time -v -o "$OUT/cli_time_$i.txt" \
        target/release/asyncviz run "$SCENARIO" >"$OUT/cli_report.json"
    end=$(date +%s%N)
    rss=$(awk -F': *' '/Maximum resident set size/ {print $2}' "$OUT/cli_time_$i.txt")
    echo "$((end - start)) $rss" | tee -a "$OUT/cli_runs.txt" |
        awk '{printf "    run: %.3f s wall, %.1f MB peak RSS\n", $1 / 1e9, $2 / 1024}' >&2
done

# ----- 3. SimPy --------------------------------------------------------------
say "$PYTHON bench/mmc_simpy.py (1,000,000 customers; SimPy takes a while)"
${PIN[@]+"${PIN[@]}"} "$PYTHON" bench/mmc_simpy.py | tee "$OUT/simpy.json"

# ----- 4. summary ------------------------------------------------------------
"$PYTHON" - "$OUT" <<'PY'
import json, re, sys

out = sys.argv[1]
report = json.load(open(f"{out}/cli_report.json"))
runs = [tuple(map(float, l.split())) for l in open(f"{out}/cli_runs.txt") if l.strip()]
simpy = json.loads(open(f"{out}/simpy.json").read().strip().splitlines()[-1])

wall = min(r[0] for r in runs) / 1e9
rss_mb = max(r[1] for r in runs) / 1024
events = report["events"]
requests = report["requests"]["completed"]
cli_rps = requests / wall

# Divan's median throughput for mmc_1m (line after the "mmc_1m" row).
divan_eps = None
lines = open(f"{out}/divan.txt", encoding="utf-8").read().splitlines()
scale = {"": 1, "K": 1e3, "M": 1e6, "G": 1e9}
for i, line in enumerate(lines):
    if re.search(r"[─]\s*mmc_1m\s", line) and i + 1 < len(lines):
        # fastest, slowest, median, mean
        found = re.findall(r"([\d.]+)\s*([KMG]?)item/s", lines[i + 1])
        if len(found) >= 3:
            divan_eps = float(found[2][0]) * scale[found[2][1]]

eps = events / wall
erlang = simpy["erlang_c_wait_ms"]
rows = [
    ("asyncviz engine, divan median (events/s)",
     f"{divan_eps / 1e6:.2f} M" if divan_eps else "n/a",
     "PASS" if divan_eps and divan_eps >= 15e6 else ("" if divan_eps is None else "FAIL: < 15 M")),
    ("asyncviz CLI wall time, best of runs", f"{wall:.3f} s", ""),
    ("asyncviz CLI events", f"{events:,}", ""),
    ("asyncviz CLI events/s (end to end)", f"{eps / 1e6:.2f} M",
     "PASS" if eps >= 15e6 else "FAIL: < 15 M"),
    ("asyncviz CLI requests/s", f"{cli_rps:,.0f}", ""),
    ("asyncviz CLI peak RSS", f"{rss_mb:.1f} MB", "PASS" if rss_mb < 100 else "FAIL: >= 100 MB"),
    (f"SimPy {simpy['simpy']} (Python {simpy['python']}) wall time", f"{simpy['wall_s']:.2f} s", ""),
    ("SimPy customers/s", f"{simpy['customers_per_s']:,.0f}", ""),
    ("ratio asyncviz requests/s / SimPy customers/s", f"{cli_rps / simpy['customers_per_s']:.1f}x",
     "PASS" if cli_rps >= 100 * simpy["customers_per_s"] else "FAIL: < 100x"),
]
if divan_eps:
    rows.append(("ratio, engine only (divan median)",
                 f"{divan_eps * requests / events / simpy['customers_per_s']:.1f}x", ""))
hw = simpy["mean_wait_ci95_ms"]
def vs_exact(w):
    inside = "inside" if abs(w - erlang) <= hw else "OUTSIDE"
    return f"{(w / erlang - 1) * 100:+.2f} % vs Erlang C ({inside} +-{hw:.3f} ms)"
rows += [
    ("mean wait in queue: asyncviz wait_ms.mean", f"{report['wait_ms']['mean']:.3f} ms",
     vs_exact(report["wait_ms"]["mean"])),
    ("mean wait in queue: SimPy", f"{simpy['mean_wait_ms']:.3f} ms", vs_exact(simpy["mean_wait_ms"])),
    ("mean wait in queue: Erlang C (exact)", f"{erlang:.3f} ms", ""),
    ("mean response time: asyncviz / SimPy / exact",
     f"{report['latency_ms']['mean']:.3f} / {simpy['mean_sojourn_ms']:.3f} / {erlang + 1000 / simpy['mu_per_s']:.3f} ms", ""),
]
w0 = max(len(r[0]) for r in rows)
w1 = max(len(r[1]) for r in rows)
print(f"\nM/M/{simpy['servers']}, lambda = {simpy['lambda_per_s']:g}/s, mu = {simpy['mu_per_s']:g}/s, "
      f"{requests:,} requests, trace recording off\n")
for name, value, note in rows:
    print(f"  {name:<{w0}}  {value:>{w1}}  {note}".rstrip())
print(f"\n  +-{hw:.3f} ms: 95 % half-width of the mean wait from 20 batch means of the SimPy run;")
print("  both programs use seed 1 but different random streams, so their means differ by noise.\n")
PY
