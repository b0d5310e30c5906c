//! The work budget: validation refuses a scenario whose estimated work is
//! above `WORK_BUDGET`, and the refusal names the field and what to lower,
//! for every dimension that can drive the work. (That the estimate bounds the
//! real event count is a property test in `properties.rs`.)

use asyncviz_engine::{Scenario, ScenarioError, Sim, WorkDimension, WORK_BUDGET};

fn refused(json: &str) -> (ScenarioError, WorkDimension) {
    let err = Scenario::from_json_str(json).expect_err("over the budget");
    let s = Scenario::from_json_str_with_budget(json, u64::MAX).expect("valid but for the budget");
    let est = s.work_estimate();
    assert!(est.work > WORK_BUDGET, "{} is within the budget", est.work);
    (err, est.dominant())
}

/// Asserts the refusal's path, dimension and advice, and the shared wording.
fn check(json: &str, dim: WorkDimension, path: &str, advice: &str) {
    let (err, dominant) = refused(json);
    assert_eq!(dominant, dim, "{err}");
    assert_eq!(err.path, path, "{err}");
    assert!(err.message().starts_with("this scenario needs about "), "{err}");
    assert!(err.message().contains("; at most 3×10^6 are allowed ("), "{err}");
    assert!(err.message().contains(advice), "{err} lacks {advice:?}");
    assert!(!err.to_string().contains('\n'), "one line: {err}");
}

#[test]
fn the_link_from_the_issue_is_refused_for_its_scheduling_slices() {
    // 40,000 requests × 1e8 ms of CPU ÷ 5 ms quanta.
    let json = r#"{"duration_ms": 1000, "workload": {"arrivals": {"poisson": {"rate_per_s": 40000}},
        "steps": [{"cpu_ms": 100000000}]}, "model": {"thread_pool": {"threads": 100000, "queue": null}}}"#;
    let err = Scenario::from_json_str(json).unwrap_err();
    assert_eq!(
        err.to_string(),
        "workload: this scenario needs about 8.5×10^11 scheduling events; at most 3×10^6 are allowed \
         (lower cpu_ms, the rate or duration_ms, or raise quantum_ms)"
    );
}

#[test]
fn a_tiny_quantum_is_refused_naming_quantum_ms() {
    check(
        r#"{"quantum_ms": 0.01, "workload": {"arrivals": {"poisson": {"rate_per_s": 100}},
            "steps": [{"cpu_ms": 100}]}, "model": {"thread_pool": {"threads": 16}}}"#,
        WorkDimension::Slices,
        "workload",
        "raise quantum_ms",
    );
}

#[test]
fn long_cpu_steps_are_refused_naming_cpu_ms() {
    check(
        r#"{"workload": {"arrivals": {"at_ms": [0]}, "steps": [{"cpu_ms": 100000000}]},
            "model": {"event_loop": {}}}"#,
        WorkDimension::Slices,
        "workload",
        "lower cpu_ms",
    );
    // The job queue's front end has CPU of its own.
    check(
        r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "steps": [{"io_ms": 1}]},
            "model": {"job_queue": {"workers": 2, "accept_cpu_ms": 100000}}}"#,
        WorkDimension::Slices,
        "workload",
        "lower cpu_ms or accept_cpu_ms",
    );
}

#[test]
fn many_requests_are_refused_naming_the_rate_and_duration() {
    // The second scenario of the issue: 50,000,000 requests.
    check(
        r#"{"duration_ms": 1e9, "workload": {"arrivals": {"constant": {"interval_ms": 20}},
            "limit": 50000000, "steps": [{"io_ms": 10}]}, "model": {"event_loop": {}}}"#,
        WorkDimension::Requests,
        "workload",
        "lower the rate or duration_ms, set workload.limit",
    );
    check(
        r#"{"workload": {"arrivals": {"burst": {"count": 20000000}}, "steps": [{"io_ms": 1}]},
            "model": {"thread_pool": {"threads": 8}}}"#,
        WorkDimension::Requests,
        "workload",
        "lower the rate or duration_ms",
    );
}

#[test]
fn many_threads_are_refused_naming_the_model_field() {
    check(
        r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 100}}, "steps": [{"io_ms": 50}]},
            "model": {"job_queue": {"workers": 100000}}}"#,
        WorkDimension::Threads,
        "model.job_queue.workers",
        "lower workers",
    );
    // Every unhandled rejection sweeps all 100,000 offload workers.
    check(
        r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "steps": [{"io_ms": 5}]},
            "model": {"event_loop": {"workers": 100000}},
            "faults": {"step_failure_rate": 0.5, "error_handling": "unhandled_rejection", "restart_ms": 0}}"#,
        WorkDimension::Threads,
        "model.event_loop.workers",
        "lower workers",
    );
    // A pool of 100,000 threads is cheap to copy (about 0.75 ms): accepted.
    let pool = r#"{"duration_ms": 60000, "workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "steps": [{"io_ms": 5}]},
        "model": {"thread_pool": {"threads": 100000}}}"#;
    assert!(Scenario::from_json_str(pool).is_ok());
}

#[test]
fn retries_are_refused_naming_attempts() {
    check(
        r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 2000}}, "steps": [{"cpu_ms": 1}, {"io_ms": 5}]},
            "model": {"job_queue": {"workers": 8, "attempts": 100, "failure_rate": 1}}}"#,
        WorkDimension::Retries,
        "model.job_queue.attempts",
        "lower attempts, failure_rate or faults.step_failure_rate",
    );
    // Without a way to fail, attempts cost nothing.
    let safe = r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 2000}}, "steps": [{"cpu_ms": 1}, {"io_ms": 5}]},
        "model": {"job_queue": {"workers": 8, "attempts": 100}}}"#;
    assert_eq!(Scenario::from_json_str(safe).unwrap().work_estimate().part(WorkDimension::Retries), 0);
}

#[test]
fn many_keys_are_refused_naming_workload_keys() {
    check(
        r#"{"duration_ms": 20000, "workload": {"arrivals": {"poisson": {"rate_per_s": 25000}}, "keys": 1000000,
            "steps": [{"io_ms": 5}]}, "model": {"job_queue": {"workers": 64, "concurrency": 16}}}"#,
        WorkDimension::Keys,
        "workload.keys",
        "lower workload.keys",
    );
    // Few keys held by many free workers: every new job scans the queue.
    check(
        r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1000}}, "keys": 2, "steps": [{"io_ms": 50}]},
            "model": {"job_queue": {"workers": 10, "partition_by_key": true}}}"#,
        WorkDimension::Partition,
        "model.job_queue.partition_by_key",
        "turn partition_by_key off",
    );
}

#[test]
fn crash_lists_and_crash_loops_are_refused_naming_the_faults() {
    let times: Vec<u32> = (0..1000).map(|i| i * 10).collect();
    check(
        &format!(
            r#"{{"workload": {{"arrivals": {{"poisson": {{"rate_per_s": 1000}}}}, "steps": [{{"cpu_ms": 2}}, {{"io_ms": 30}}]}},
                "model": {{"job_queue": {{"workers": 8, "concurrency": 4}}}},
                "faults": {{"crash_after_commit_at_ms": {times:?}, "worker_crash_at_ms": {times:?}}}}}"#
        ),
        WorkDimension::Crashes,
        "faults.worker_crash_at_ms",
        "list fewer times",
    );
    // A crash at every failing request, restarting at once.
    check(
        r#"{"duration_ms": 100000, "workload": {"arrivals": {"poisson": {"rate_per_s": 200}}, "steps": [{"io_ms": 5}]},
            "model": {"event_loop": {}},
            "faults": {"step_failure_rate": 1, "error_handling": "unhandled_rejection", "restart_ms": 0}}"#,
        WorkDimension::Crashes,
        "faults",
        "raise restart_ms",
    );
}

#[test]
fn the_budget_can_be_raised_for_trusted_runs_only_explicitly() {
    let json = r#"{"workload": {"arrivals": {"at_ms": [0]}, "steps": [{"cpu_ms": 100000000}]},
        "model": {"thread_pool": {"threads": 1}}}"#;
    assert!(Scenario::from_json_str(json).is_err());
    let s = Scenario::from_json_str_with_budget(json, 30_000_000).unwrap();
    assert_eq!(s.work_estimate().events, 20_000_001);
    // Every other check still applies.
    let bad = json.replace(r#""threads": 1"#, r#""threads": 0"#);
    assert_eq!(
        Scenario::from_json_str_with_budget(&bad, u64::MAX).unwrap_err().path,
        "model.thread_pool.threads"
    );
}

#[test]
fn the_estimate_is_exact_where_nothing_is_random() {
    // 10 requests at fixed times, each 12 ms of CPU (3 slices of 5 ms), 4 ms
    // of I/O (one wake-up) and a step of 0 (skipped): 10 arrivals + 40 events.
    let s = Scenario::from_json_str(
        r#"{"workload": {"arrivals": {"at_ms": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]},
            "steps": [{"cpu_ms": 12}, {"io_ms": 4}, {"blocking_io_ms": 0}]},
            "model": {"thread_pool": {"threads": 2}}}"#,
    )
    .unwrap();
    let est = s.work_estimate();
    let mut sim = Sim::new(&s);
    sim.run();
    assert_eq!(sim.events(), 50);
    assert_eq!(est.events, 50);
    assert_eq!(est.part(WorkDimension::Slices), 30);
    assert!(est.fits(WORK_BUDGET) && est.refusal(WORK_BUDGET).is_none());
    let json = serde_json::to_value(&est).unwrap();
    assert_eq!(json, serde_json::json!({"events": 50, "work": est.work, "parts": est.parts}));
}
