//! `asyncviz real`: its refusals (exit 2, naming the field), the message when the real stacks are
//! missing, and, where `scripts/setup-real.sh` has installed them, one short run whose two reports
//! have the same fields.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn real(args: &[&str], stdin: Option<&str>, real_dir: Option<&Path>) -> Output {
    use std::io::Write;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_asyncviz"));
    cmd.arg("real")
        .args(args)
        .current_dir(repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.env_remove("ASYNCVIZ_REAL_DIR");
    if let Some(d) = real_dir {
        cmd.env("ASYNCVIZ_REAL_DIR", d);
    }
    let mut child = cmd.spawn().expect("asyncviz runs");
    if let Some(text) = stdin {
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const NODE: &str = r#"{"seed": 3, "duration_ms": 1000,
  "workload": {"arrivals": {"poisson": {"rate_per_s": 60}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 30}}]},
  "model": {"event_loop": {"flavor": "node"}}}"#;

#[test]
fn what_the_real_servers_cannot_do_exits_2_naming_the_field() {
    let cases = [
        (NODE.replace(r#""flavor": "node""#, r#""flavor": "node", "queue": 5"#), "model.event_loop.queue: "),
        (
            NODE.replace(r#""model""#, r#""faults": {"step_failure_rate": 0.1}, "model""#),
            "faults: asyncviz real injects no faults",
        ),
        (
            NODE.replace(
                r#"{"event_loop": {"flavor": "node"}}"#,
                r#"{"job_queue": {"workers": 2, "outbox": true}}"#,
            ),
            "model.job_queue.outbox: ",
        ),
        (
            NODE.replace(
                r#"{"event_loop": {"flavor": "node"}}"#,
                r#"{"job_queue": {"workers": 2, "failure_rate": 0.5}}"#,
            ),
            "model.job_queue.failure_rate: ",
        ),
        (
            NODE.replace(r#""rate_per_s": 60"#, r#""rate_per_s": "fast""#),
            "workload.arrivals.poisson.rate_per_s: ",
        ),
    ];
    for (scenario, says) in cases {
        let o = real(&["-"], Some(&scenario), None);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).starts_with(&format!("asyncviz: {says}")), "{} for {scenario}", stderr(&o));
        assert_eq!(stderr(&o).lines().count(), 1);
        assert!(o.stdout.is_empty());
    }
    let bursts = NODE.replace(r#""steps""#, r#""bursts": [{"at_ms": 10, "count": 40}], "steps""#);
    let o = real(&["-", "--requests", "40"], Some(&bursts), None);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).starts_with("asyncviz: workload.bursts: 40 requests in bursts"), "{}", stderr(&o));
    for args in [
        &["-", "--requests", "0"][..],
        &["-", "--requests", "20001"],
        &["-", "--format", "csv"],
        &["-", "--bogus"],
    ] {
        let o = real(args, Some(NODE), None);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
    let o = real(&[], None, None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("real needs a SCENARIO"));
}

#[test]
fn a_missing_stack_says_to_run_the_set_up() {
    // A directory with the servers' sources but nothing installed.
    let dir = std::env::temp_dir().join(format!("asyncviz-real-empty-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("real/node")).unwrap();
    std::fs::write(dir.join("real/node/server.js"), "").unwrap();
    for model in [
        r#"{"event_loop": {"flavor": "node"}}"#,
        r#"{"event_loop": {"flavor": "asyncio"}}"#,
        r#"{"thread_pool": {"threads": 4}}"#,
        r#"{"virtual_threads": {}}"#,
        r#"{"job_queue": {"workers": 1}}"#,
    ] {
        let s = NODE.replace(r#"{"event_loop": {"flavor": "node"}}"#, model);
        let o = real(&["-"], Some(&s), Some(&dir));
        assert_eq!(o.status.code(), Some(1), "{model}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("is not installed") && stderr(&o).contains("bash scripts/setup-real.sh"),
            "{model}: {}",
            stderr(&o)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
    let o = real(&["-"], Some(NODE), Some(Path::new("/nonexistent")));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ASYNCVIZ_REAL_DIR=/nonexistent"), "{}", stderr(&o));
}

/// Keys of a JSON object, nested, as dotted paths.
fn keys(v: &Value, at: &str, out: &mut Vec<String>) {
    if let Value::Object(m) = v {
        for (k, x) in m {
            let p = if at.is_empty() { k.clone() } else { format!("{at}.{k}") };
            out.push(p.clone());
            keys(x, &p, out);
        }
    }
}

#[test]
fn a_short_run_against_express_reports_both_sides_with_the_same_fields() {
    // The app's tests never need the real stacks (scripts/test-real.sh, which installs them, is
    // the reality check itself); this run happens where they are installed.
    if !repo().join("real/node/node_modules/express").is_dir() {
        eprintln!("SKIPPED: Express is not installed; run bash scripts/setup-real.sh");
        return;
    }
    let o = real(&["-", "--requests", "40"], Some(NODE), None);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let (mut a, mut b) = (Vec::new(), Vec::new());
    keys(&v["simulated"], "", &mut a);
    keys(&v["measured"], "", &mut b);
    // The measured side has no fault counters (null): nothing is injected.
    a.retain(|k| !k.starts_with("faults."));
    assert!(v["measured"]["faults"].is_null());
    assert_eq!(a, b);
    for side in ["simulated", "measured"] {
        assert_eq!(v[side]["requests"]["arrived"], 40, "{side}: --requests bounds the run");
        assert_eq!(v[side]["requests"]["completed"], 40, "{side}");
    }
    assert!(v["stack"]["versions"].as_str().unwrap().starts_with("express "), "{}", v["stack"]);
    let cores = std::thread::available_parallelism().unwrap().get();
    assert_eq!(v["stack"]["cores"], cores);
    // Both sides sent the same work.
    assert_eq!(v["simulated"]["work_ms"], v["measured"]["work_ms"]);
    let (s, m) = (
        v["simulated"]["latency_ms"]["p50"].as_f64().unwrap(),
        v["measured"]["latency_ms"]["p50"].as_f64().unwrap(),
    );
    assert!(m >= s * 0.5 && m <= s * 2.0 + 20.0, "p50 simulated {s} ms, measured {m} ms");
}
