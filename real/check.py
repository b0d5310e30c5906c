"""Compares the two sides of `asyncviz real --format json` against a scenario's tolerances.

    python3 real/check.py NAME REPORT.json [real/checks.json]

Prints one line per comparison; exits 1 if any is beyond its tolerance (with both numbers).
"""

import json
import sys


def main() -> int:
    name, report = sys.argv[1], sys.argv[2]
    checks = json.load(open(sys.argv[3] if len(sys.argv) > 3 else "real/checks.json"))["checks"]
    tol = checks[name]
    v = json.load(open(report))
    s, m = v["simulated"], v["measured"]
    bad = []

    def say(ok: bool, what: str) -> None:
        print(f"  {'ok  ' if ok else 'FAIL'} {name}: {what}")
        if not ok:
            bad.append(what)

    ts, tm = s["throughput_per_s"], m["throughput_per_s"]
    rel = abs(tm - ts) / ts if ts else float("inf")
    say(rel <= tol["throughput"],
        f"throughput simulated {ts:.1f}/s, measured {tm:.1f}/s ({rel:.1%} off, tolerance {tol['throughput']:.0%})")

    def near(key: str, a: float, b: float, r: float, slack: float) -> None:
        allowed = max(r * a, slack)
        say(abs(b - a) <= allowed,
            f"{key} simulated {a:.2f} ms, measured {b:.2f} ms (differ by {b - a:+.2f} ms; allowed {allowed:.2f} ms: {r:.0%} or {slack} ms)")

    if "p50" in tol:
        near("p50", s["latency_ms"]["p50"], m["latency_ms"]["p50"], *tol["p50"])
    if "job_p50" in tol:
        near("job p50", s["job_latency_ms"]["p50"], m["job_latency_ms"]["p50"], *tol["job_p50"])
    if "cores" in tol:
        cs, cm = s["utilization"]["cores"], m["utilization"]["cores"]
        r = tol["cores"]
        say(abs(cm - cs) <= r * cs,
            f"core utilisation simulated {cs:.3f}, measured {cm:.3f} (the server's CPU time; tolerance {r:.0%})")
    if "overloaded" in tol:
        work = sum(s["work_ms"].values()) / max(s["requests"]["arrived"], 1)
        k = tol["overloaded"]
        for side, r in (("simulated", s), ("measured", m)):
            p50 = r["latency_ms"]["p50"]
            say(p50 >= k * work, f"{side} p50 {p50:.1f} ms is at least {k}x the request's own work ({work:.1f} ms): overloaded")
    rs, rm = s["requests"]["rejected"], m["requests"]["rejected"]
    say((rs > 0) == (rm > 0), f"rejections simulated {rs}, measured {rm} (present in both or absent in both)")
    missing = m["requests"]["in_flight"] + m["requests"]["failed"]
    say(missing == 0 and v["stack"]["client_errors"] == 0,
        f"measured: {missing} requests unanswered or failed, {v['stack']['client_errors']} client errors"
        + (f" (first: {v['stack']['first_client_error']})" if v["stack"]["client_errors"] else ""))
    if s.get("jobs"):
        say(m["jobs"]["in_flight"] == 0, f"measured: {m['jobs']['in_flight']} accepted jobs never reported done")
    lg = v["stack"]["load_generator"]
    avail = v["stack"].get("core_available_before")
    print(f"       load generator {lg['cpu_share']:.1%} of the CPU, sends late by p99 {lg['late_ms']['p99']:.2f} ms; "
          f"server {v['stack']['server_cpu_share']:.1%}"
          + (f"; a busy thread got {avail:.0%} of a core before the run" if avail is not None else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
