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
    // (A labelled loop: loops are in the subset now, labels are not.)
    let out = asyncviz(&["order", "-", "--lang", "js"], Some("console.log(1)\nouter: for (;;) {}\n"));
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "asyncviz: -: line 2, column 1: a labelled statement is not in the supported JavaScript subset (see the README's Code lab section)\n"
    );
    let out = asyncviz(&["order", "-"], Some("x"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--lang js or --lang py"));
    let out = asyncviz(&["order", "prog.rb"], None);
    assert_eq!(out.status.code(), Some(2));
    // An ES module runs as a module, with or without --lang js: its promise jobs come before its
    // nextTick callbacks (the Node guide's `start bar foo zoo baz`).
    for args in [
        &["order", "crates/lab/corpus/js/002-node-guide-nexttick-promise-immediate.mjs"][..],
        &["order", "crates/lab/corpus/js/002-node-guide-nexttick-promise-immediate.mjs", "--lang", "js"][..],
    ] {
        let out = asyncviz(args, None);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(text(&out.stdout), "start\nbar\nfoo\nzoo\nbaz\n");
    }
}

// ----- the work budget, progress and Ctrl-C ----------------------------------------

const EXTREME: &str = "examples/scenarios/extreme";

/// What `asyncviz run` does with each extreme scenario: `Some((path, advice))`
/// for a refusal, `None` for a run to the end.
const EXTREMES: &[(&str, Option<(&str, &str)>)] = &[
    ("freeze-link.json", Some(("workload", "raise quantum_ms"))),
    ("fifty-million-requests.json", Some(("workload", "set workload.limit"))),
    ("one-million-requests.json", None),
    ("burst-refused.json", Some(("workload", "lower the rate or duration_ms"))),
    ("burst-accepted.json", None),
    ("quantum-refused.json", Some(("workload", "raise quantum_ms"))),
    ("quantum-accepted.json", None),
    ("cpu-refused.json", Some(("workload", "lower cpu_ms"))),
    ("cpu-accepted.json", None),
    ("threads-refused.json", Some(("model.job_queue.workers", "lower workers"))),
    ("threads-accepted.json", None),
    ("offload-crashes-refused.json", Some(("model.event_loop.workers", "lower workers"))),
    ("retries-refused.json", Some(("model.job_queue.attempts", "lower attempts"))),
    ("retries-accepted.json", None),
    ("keys-refused.json", Some(("workload.keys", "lower workload.keys"))),
    ("keys-accepted.json", None),
    ("partition-refused.json", Some(("model.job_queue.partition_by_key", "turn partition_by_key off"))),
    ("crash-lists-refused.json", Some(("faults.worker_crash_at_ms", "list fewer times"))),
    ("crash-lists-accepted.json", None),
];

#[test]
fn extreme_scenarios_are_refused_at_once_or_run_to_the_end() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples/scenarios/extreme");
    let mut files: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|f| f.ends_with(".json"))
        .collect();
    files.sort();
    let mut listed: Vec<String> = EXTREMES.iter().map(|(f, _)| f.to_string()).collect();
    listed.sort();
    assert_eq!(files, listed, "every extreme scenario has an expected outcome here");
    let readme = std::fs::read_to_string(format!("{dir}/README.md")).unwrap();
    for (file, outcome) in EXTREMES {
        let path = format!("{EXTREME}/{file}");
        // The README's table says the same.
        let row = readme.lines().find(|l| l.starts_with(&format!("| `{file}` |"))).expect(file);
        let word = if outcome.is_some() { "| **refused**" } else { "| **accepted**" };
        assert!(row.contains(word), "README: {file} should be {word}: {row}");
        match outcome {
            Some((field, advice)) => {
                let out = asyncviz(&["run", &path], None);
                let err = text(&out.stderr);
                assert_eq!(out.status.code(), Some(2), "{file}: {err}");
                assert!(out.stdout.is_empty(), "{file}");
                assert_eq!(err.lines().count(), 1, "{file}: one line: {err}");
                let head = format!("asyncviz: {field}: this scenario needs about ");
                assert!(err.starts_with(&head), "{file}: {err}");
                assert!(err.contains("; at most 3×10^6 are allowed ("), "{file}: {err}");
                assert!(err.contains(advice), "{file}: {err} should say {advice:?}");
                // `check` refuses it the same way.
                let check = asyncviz(&["check", &path], None);
                assert_eq!(check.status.code(), Some(2), "{file}");
                assert_eq!(text(&check.stderr), err, "{file}");
            }
            None => {
                let out = asyncviz(&["run", &path, "--format", "table"], None);
                assert!(out.status.success(), "{file}: {}", text(&out.stderr));
                let t = text(&out.stdout);
                assert!(t.starts_with("model ") && t.contains(" events; throughput"), "{file}: {t}");
                assert!(text(&out.stderr).is_empty(), "{file}: no progress when stderr is not a terminal");
            }
        }
    }
}

#[test]
fn the_budget_option_runs_a_trusted_long_scenario() {
    // 2×10^7 scheduling slices: refused by default, run with a raised budget.
    let path = format!("{EXTREME}/cpu-refused.json");
    assert_eq!(asyncviz(&["run", &path], None).status.code(), Some(2));
    let out = asyncviz(&["run", &path, "--budget", "3e7"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let r: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(r["events"], 20_000_001);
    assert_eq!(asyncviz(&["run", &path, "--budget", "1e7"], None).status.code(), Some(2), "still above 1e7");
    for bad in ["lots", "0", "-5", "NaN"] {
        let out = asyncviz(&["run", EXAMPLE, "--budget", bad], None);
        assert_eq!(out.status.code(), Some(2), "--budget {bad}");
        assert!(text(&out.stderr).starts_with("asyncviz: --budget: expected a number"), "{bad}");
    }
    assert_eq!(asyncviz(&["run", EXAMPLE, "--budget"], None).status.code(), Some(2));
}

/// A scenario that would need 2×10^10 events: only a Ctrl-C ends it.
const ENDLESS: &str = r#"{"duration_ms": 10000,
    "workload": {"arrivals": {"constant": {"interval_ms": 100}}, "steps": [{"cpu_ms": 100000000}]},
    "model": {"thread_pool": {"threads": 4}}}"#;

#[test]
fn sigint_stops_a_run_with_status_130_one_line_and_no_report() {
    let dir = std::env::temp_dir().join(format!("asyncviz-sigint-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("endless.json");
    std::fs::write(&file, ENDLESS).unwrap();
    let child = Command::new(env!("CARGO_BIN_EXE_asyncviz"))
        .args(["run", file.to_str().unwrap(), "--budget", "none"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Well into the run (it cannot end by itself), then Ctrl-C.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    let kill = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(kill.success());
    let out = child.wait_with_output().unwrap();
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(out.stdout.is_empty(), "no partial report: {}", text(&out.stdout));
    assert_eq!(err.lines().count(), 1, "{err:?}");
    assert!(
        err.starts_with("asyncviz: interrupted at ") && err.ends_with(" events); no report\n"),
        "{err:?}"
    );
    std::fs::remove_dir_all(dir).ok();
}

/// Runs `asyncviz ARGS` under a pseudo-terminal (util-linux `script`), so
/// that standard error is a terminal; `ctrl_c_when` types Ctrl-C into the
/// terminal once the output contains it. Returns the exit status and all
/// that the terminal showed (stdout and stderr together).
fn on_a_terminal(args: &str, ctrl_c_when: Option<&str>) -> (Option<i32>, String) {
    use std::io::Read;
    use std::sync::{Arc, Mutex};
    let cmd = format!("exec '{}' {args}", env!("CARGO_BIN_EXE_asyncviz"));
    let mut child = Command::new("script")
        .args(["-q", "-e", "-c", &cmd, "/dev/null"])
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("util-linux `script` runs");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut stdout = child.stdout.take().unwrap();
    let sink = Arc::clone(&seen);
    let reader = std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let start = std::time::Instant::now();
    let mut stdin = child.stdin.take().unwrap();
    if let Some(pattern) = ctrl_c_when {
        while !text(&seen.lock().unwrap()).contains(pattern) {
            assert!(
                start.elapsed().as_secs() < 120,
                "never showed {pattern:?}: {:?}",
                text(&seen.lock().unwrap())
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        stdin.write_all(b"\x03").unwrap();
        stdin.flush().unwrap();
    }
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed().as_secs() > 180 {
            child.kill().ok();
            panic!("still running: {:?}", text(&seen.lock().unwrap()));
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    drop(stdin);
    reader.join().unwrap();
    let shown = text(&seen.lock().unwrap());
    (status.code(), shown)
}

#[test]
fn a_long_run_shows_progress_on_a_terminal_and_ctrl_c_stops_it() {
    let dir = std::env::temp_dir().join(format!("asyncviz-pty-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("endless.json");
    std::fs::write(&file, ENDLESS).unwrap();
    // Ctrl-C once the progress line has been rewritten at least once.
    let args = format!("run '{}' --budget none", file.display());
    let (code, shown) = on_a_terminal(&args, Some(" events\r\x1b[2Kasyncviz: "));
    assert_eq!(code, Some(130), "{shown:?}");
    // Lines rewritten in place: a carriage return and an erase before each.
    let lines: Vec<&str> = shown.split("\r\x1b[2K").filter(|l| l.starts_with("asyncviz: ")).collect();
    assert!(lines.len() >= 2, "{shown:?}");
    let progress = lines[0];
    // The simulated time so far, and the events against the estimate's bound
    // (at most 10 s / 100 ms + 2 = 102 requests of 2×10^7 slices, and their arrivals).
    assert!(
        progress.contains(" simulated") && progress.ends_with(" of at most 2040000102 events"),
        "{progress:?}"
    );
    // The progress line is erased before the one-line message, and nothing else is printed.
    let last = shown.rsplit("\r\x1b[2K").next().unwrap();
    let last = last.trim_start_matches("^C");
    assert!(last.starts_with("asyncviz: interrupted at ") && last.ends_with("; no report\r\n"), "{last:?}");
    assert!(!shown.contains('{'), "no report: {shown:?}");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_short_run_on_a_terminal_prints_just_its_report() {
    let (code, shown) = on_a_terminal(&format!("run {EXAMPLE} --format table"), None);
    assert_eq!(code, Some(0), "{shown:?}");
    assert!(shown.starts_with("model thread_pool"), "no progress line: {shown:?}");
    assert!(!shown.contains('\x1b'), "{shown:?}");
}
