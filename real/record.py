"""Records `asyncviz real` for every side of every preset that a real stack can run, into
static/measured.json (the app shows it beside the simulated numbers).

    bash scripts/record-real.sh [REQUESTS]     (default 2000 requests per side)

The presets are read from src/presets.rs (each preset's `common` JSON and one `models` entry per
side, as the app builds a side's scenario). A side the real stacks cannot run (faults, an outbox,
failing jobs, partitions) is listed with asyncviz's reason. cores is this machine's, so the
simulated numbers beside the measured ones are those of the same requests on this machine's cores.
"""

import datetime
import json
import os
import platform
import re
import subprocess
import sys
import tempfile

BIN = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "asyncviz")
KEEP = ["requests", "sim_time_ms", "throughput_per_s", "latency_ms", "wait_ms", "job_latency_ms",
        "utilization", "mean_in_system", "jobs"]


def presets() -> list[dict]:
    src = open("src/presets.rs").read()
    src = src[src.index("pub const PRESETS"):]
    src = src[:src.index("\n];")]
    out = []
    for block in re.split(r"\n    Preset \{", src)[1:]:
        pid = re.search(r'id: "([^"]+)"', block).group(1)
        common = re.search(r'common: r#"(.*?)"#', block, re.S).group(1)
        models = re.findall(r'r#"(\{.*?\})"#', block[block.index("models:"):], re.S)
        out.append({"id": pid, "common": json.loads(common), "models": [json.loads(m) for m in models]})
    return out


def side_scenario(common: dict, model: dict) -> dict:
    """As the app merges them: the model entry's `model` key, and its `faults` over the common ones."""
    s = dict(common)
    m = dict(model)
    if "faults" in m:
        s["faults"] = m.pop("faults")
    s["model"] = m
    return s


def machine() -> dict:
    cpu = ""
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    load = open("/proc/loadavg").read().split()[:3]
    return {"cpu": cpu, "cores": os.cpu_count(), "kernel": platform.release(),
            "memory_gib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1),
            "load_average_at_start": [float(x) for x in load]}


def main() -> None:
    requests = sys.argv[1] if len(sys.argv) > 1 else "2000"
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    out = {
        "about": "asyncviz real for each preset side a real stack can run: the same requests (seed, arrival "
                 "times, step durations) simulated on this machine's cores and sent to the real server on "
                 "127.0.0.1. Fields as in `asyncviz run`'s report; null where a real server cannot be measured "
                 "from outside.",
        "command": f"bash scripts/record-real.sh {requests}",
        "recorded": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "asyncviz_commit": commit,
        "machine": machine(),
        "requests_per_side": int(requests),
        "presets": {},
    }
    for p in presets():
        sides = []
        for i, model in enumerate(p["models"]):
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(side_scenario(p["common"], model), f)
            r = subprocess.run([BIN, "real", f.name, "--requests", requests], capture_output=True, text=True)
            os.unlink(f.name)
            name = next(iter(model))
            if name == "faults":
                name = [k for k in model if k != "faults"][0]
            if r.returncode != 0:
                reason = r.stderr.strip().removeprefix("asyncviz: ")
                print(f"{p['id']} side {i} ({name}): not run: {reason}", file=sys.stderr)
                if r.returncode != 2:
                    sys.exit(f"record-real: {p['id']} side {i} failed: {reason}")
                sides.append({"side": i, "model": name, "not_run": reason})
                continue
            v = json.loads(r.stdout)
            sides.append({"side": i, "model": name, "stack": v["stack"],
                          "simulated": {k: v["simulated"][k] for k in KEEP},
                          "measured": {k: v["measured"][k] for k in KEEP}})
            s, m = v["simulated"], v["measured"]
            print(f"{p['id']} side {i} ({v['stack']['versions']}): throughput {s['throughput_per_s']:.1f} / "
                  f"{m['throughput_per_s']:.1f}, p50 {s['latency_ms']['p50']:.1f} / {m['latency_ms']['p50']:.1f} ms, "
                  f"rejected {s['requests']['rejected']} / {m['requests']['rejected']}", file=sys.stderr)
        out["presets"][p["id"]] = sides
    with open("static/measured.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
