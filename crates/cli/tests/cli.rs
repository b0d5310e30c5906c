//! The CLI contract: what docs authors and acceptance checks rely on.

use std::io::Write;
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn asyncviz(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_asyncviz"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("asyncviz runs");
    if let Some(text) = stdin {
        // The binary may exit (code 2) before reading its input; a broken pipe is not a failure.
        let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const EXAMPLE: &str = "examples/scenarios/blocking-io.json";

#[test]
fn run_prints_the_documented_report() {
    let out = asyncviz(&["run", EXAMPLE], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).expect("one JSON report");
    for key in [
        "model",
        "seed",
        "requests",
        "sim_time_ms",
        "events",
        "throughput_per_s",
        "latency_ms",
        "wait_ms",
        "job_latency_ms",
        "utilization",
        "max_queue_len",
        "work_ms",
    ] {
        assert!(r.get(key).is_some(), "report lacks {key}");
    }
    assert_eq!(r["model"], "thread_pool");
    assert_eq!(r["seed"], 1);
    let q = &r["requests"];
    let n = |v: &Value| v.as_u64().unwrap();
    assert_eq!(n(&q["arrived"]), n(&q["completed"]) + n(&q["rejected"]) + n(&q["failed"]));
    assert!(n(&q["arrived"]) > 700, "80/s for 10 s");
    for key in ["mean", "p50", "p95", "p99", "max"] {
        assert!(r["latency_ms"][key].as_f64().unwrap() > 0.0);
    }
    assert!(r["job_latency_ms"].is_null());
    let tput = r["throughput_per_s"].as_f64().unwrap();
    let expect = n(&q["completed"]) as f64 / r["sim_time_ms"].as_f64().unwrap() * 1000.0;
    assert!((tput - expect).abs() < 1e-9);
}

#[test]
fn toml_and_stdin_give_the_same_report_as_the_json_file() {
    let file = asyncviz(&["run", EXAMPLE], None);
    let toml = asyncviz(&["run", "examples/scenarios/blocking-io.toml"], None);
    let json = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../",
        "examples/scenarios/blocking-io.json"
    ))
    .unwrap();
    let stdin = asyncviz(&["run", "-"], Some(&json));
    assert!(toml.status.success(), "{}", text(&toml.stderr));
    assert_eq!(text(&file.stdout), text(&toml.stdout));
    assert_eq!(text(&file.stdout), text(&stdin.stdout));
}

#[test]
fn runs_are_byte_identical() {
    let a = asyncviz(&["run", EXAMPLE], None);
    let b = asyncviz(&["run", EXAMPLE], None);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn the_report_counts_faults() {
    // Always present, all zero without faults.
    let out = asyncviz(&["run", EXAMPLE], None);
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        r["faults"],
        serde_json::json!({"lost": 0, "duplicated": 0, "order_violations": 0, "unobserved_errors": 0, "crashes": 0})
    );
    // Three crashes after commit without an outbox lose three jobs.
    let scenario = r#"{"duration_ms": 200,
        "workload": {"arrivals": {"constant": {"interval_ms": 10}}, "steps": [{"io_ms": 30}]},
        "model": {"job_queue": {"workers": 4}},
        "faults": {"crash_after_commit_at_ms": [0, 50, 100]}}"#;
    let out = asyncviz(&["run", "-"], Some(scenario));
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        r["faults"],
        serde_json::json!({"lost": 3, "duplicated": 0, "order_violations": 0, "unobserved_errors": 0, "crashes": 3})
    );
    assert_eq!(r["jobs"]["completed"], 17);
    let out = asyncviz(&["run", "-", "--format", "table"], Some(scenario));
    assert!(text(&out.stdout)
        .contains("faults        lost 3, duplicated 0, order violations 0, unobserved errors 0, crashes 3"));
}

#[test]
fn table_format_is_for_people() {
    let out = asyncviz(&["run", EXAMPLE, "--format", "table"], None);
    assert!(out.status.success());
    let t = text(&out.stdout);
    assert!(t.starts_with("model thread_pool"), "{t}");
    assert!(t.contains("latency") && t.contains("p99") && t.contains("utilisation"), "{t}");
}

#[test]
fn trace_writes_one_json_line_per_event() {
    let dir = std::env::temp_dir().join(format!("asyncviz-trace-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("trace.jsonl");
    let out = asyncviz(&["run", EXAMPLE, "--trace", path.to_str().unwrap()], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let trace = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<Value> = trace.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len() as u64, report["events"].as_u64().unwrap());
    assert_eq!(lines[0]["what"][0]["type"], "arrived");
    assert_eq!(text(&asyncviz(&["run", EXAMPLE], None).stdout), text(&out.stdout), "tracing changes nothing");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn bad_input_exits_2_with_one_line_naming_the_field() {
    let ok_workload =
        r#""workload": {"arrivals": {"poisson": {"rate_per_s": 10}}, "steps": [{"cpu_ms": 1}]}"#;
    let cases: Vec<(String, &str)> = vec![
        ("{not json".into(), "scenario: invalid JSON"),
        (format!(r#"{{{ok_workload}, "model": {{"thread_pool": {{"threads": 0}}}}}}"#), "model.thread_pool.threads: must be at least 1"),
        (format!(r#"{{{ok_workload}, "model": {{"thread_poool": {{"threads": 2}}}}}}"#), "model.thread_poool: unknown kind"),
        (
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": "fast"}}, "steps": [{"cpu_ms": 1}]}, "model": {"event_loop": {}}}"#.into(),
            "workload.arrivals.poisson.rate_per_s: expected a number, got the string \"fast\"",
        ),
        (
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 5}}, "steps": [{"io_ms": -3}]}, "model": {"event_loop": {}}}"#.into(),
            "workload.steps[0].io_ms: must not be negative",
        ),
        (format!(r#"{{{ok_workload}, "model": {{"thread_pool": {{"threads": 1e12}}}}}}"#), "model.thread_pool.threads: must be at most 100000"),
        (format!(r#"{{"cores": 100000, {ok_workload}, "model": {{"event_loop": {{}}}}}}"#), "cores: must be at most 1024"),
        (
            r#"{"duration_ms": 1e9, "workload": {"arrivals": {"poisson": {"rate_per_s": 1e6}}, "steps": [{"cpu_ms": 1}]}, "model": {"event_loop": {}}}"#.into(),
            "workload: about",
        ),
        (format!(r#"{{{ok_workload}, "model": {{"executor": {{"core": 4, "max": 2}}}}}}"#), "model.executor.max: must be at least core"),
        (format!(r#"{{{ok_workload}, "model": {{"job_queue": {{"workers": 2, "failure_rate": 1.5}}}}}}"#), "model.job_queue.failure_rate: must be between 0 and 1"),
        (format!(r#"{{{ok_workload}}}"#), "model: is required"),
        (
            format!(r#"{{{ok_workload}, "model": {{"event_loop": {{"flavor": "asyncio"}}}}, "faults": {{"error_handling": "unhandled_rejection"}}}}"#),
            "faults.error_handling: \"unhandled_rejection\" needs model event_loop with flavor \"node\"",
        ),
        (
            format!(r#"{{{ok_workload}, "model": {{"thread_pool": {{"threads": 2}}}}, "faults": {{"worker_crash_at_ms": [1]}}}}"#),
            "faults.worker_crash_at_ms: needs model job_queue",
        ),
        ("[]".into(), "scenario: expected an object"),
    ];
    for (input, want) in cases {
        let out = asyncviz(&["run", "-"], Some(&input));
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{input}\n{err}");
        assert!(out.stdout.is_empty());
        assert_eq!(err.lines().count(), 1, "one line: {err}");
        assert!(err.contains(want), "for {input}\nwanted {want:?}\ngot {err:?}");
        assert!(!err.contains("panicked"));
    }
}

#[test]
fn usage_errors_exit_2() {
    for args in
        [vec![], vec!["fly"], vec!["run"], vec!["run", EXAMPLE, "--format", "xml"], vec!["run", "nope.json"]]
    {
        let out = asyncviz(&args, None);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).starts_with("asyncviz: "), "{args:?}");
    }
    assert!(asyncviz(&["--help"], None).status.success());
}

#[test]
fn check_normalises_a_scenario() {
    let out = asyncviz(&["check", "examples/scenarios/blocking-io.toml"], None);
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["model"]["thread_pool"]["threads"], 8);
    assert_eq!(v["quantum_ms"], 5.0, "defaults are filled in");
}

#[test]
fn order_prints_what_the_program_prints() {
    let out = asyncviz(&["order", "crates/lab/tests/corpus/js/02-async-await-interview.js"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "script start\nasync1 start\nasync2\npromise1\nscript end\ntick\nasync1 end\npromise2\nsetTimeout\n"
    );
    assert_eq!(text(&out.stderr), "");
    let out = asyncviz(&["order", "crates/lab/tests/corpus/py/02-gather-order-vs-completion.py"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).ends_with("['slow', 'fast', 'mid']\n"), "{}", text(&out.stdout));
    // From standard input, with the language named.
    let out = asyncviz(
        &["order", "-", "--lang", "py"],
        Some("import asyncio\nasync def main():\n    print('hi')\nasyncio.run(main())\n"),
    );
    assert_eq!(text(&out.stdout), "hi\n");
}

#[test]
fn order_notes_races_and_deaths_on_stderr() {
    let out = asyncviz(&["order", "crates/lab/tests/corpus/js/15-timeout-vs-immediate-race.js"], None);
    assert!(out.status.success());
    assert_eq!(text(&out.stdout).lines().count(), 2);
    assert!(text(&out.stderr).contains("does not guarantee"), "{}", text(&out.stderr));
    let out = asyncviz(&["order", "crates/lab/tests/corpus/js/06-unhandled-rejection-kills.js"], None);
    assert_eq!(text(&out.stdout), "a\nmicro before crash\n");
    assert!(text(&out.stderr).contains("the process dies here: Uncaught (in promise) 'nope'"));
    let out = asyncviz(
        &["order", "crates/lab/tests/corpus/js/01-jake-archibald-tasks-microtasks.js", "--format", "json"],
        None,
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["language"], "java_script");
    assert!(v["frames"].as_array().unwrap().len() > 10);
}

#[test]
fn order_rejects_bad_programs_with_line_and_column() {
    let out = asyncviz(&["order", "-", "--lang", "js"], Some("console.log(1)\nfor (;;) {}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "asyncviz: -: line 2, column 1: a `for` loop is not in the supported JavaScript subset (see the README's Code lab section)\n"
    );
    let out = asyncviz(&["order", "-"], Some("x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--lang js or --lang py"));
    let out = asyncviz(&["order", "prog.rb"], None);
    assert_eq!(out.status.code(), Some(2));
}
