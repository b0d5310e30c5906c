//! Injected faults with exact expected counts: errors that reach the client
//! or are lost, an unhandled rejection taking a Node.js server down, jobs lost
//! between a commit and the enqueue (and saved by an outbox), worker crashes
//! and redelivery (duplicates unless idempotent), per-key ordering, and the
//! spans of a request's trace.

use asyncviz_engine::{
    CrashKind, Event, FailCause, QueueKind, RejectCause, Report, Scenario, Sim, Span, SpanKind, Timeline,
    Transition,
};
use Transition::*;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json_str(json).unwrap_or_else(|e| panic!("{e}\n{json}"))
}

fn report(json: &str) -> Report {
    let mut sim = Sim::new(&scenario(json));
    sim.run();
    sim.report()
}

fn events(json: &str) -> Vec<Event> {
    let mut sim = Sim::new(&scenario(json));
    std::iter::from_fn(|| sim.step()).collect()
}

/// The transitions at time `ms`, all events at that time concatenated.
fn at(evs: &[Event], ms: u64) -> Vec<Transition> {
    evs.iter().filter(|e| e.time_us == ms * 1000).flat_map(|e| e.what.clone()).collect()
}

/// When each transition matching `f` happened, in ms.
fn when(evs: &[Event], f: impl Fn(&Transition) -> bool) -> Vec<u64> {
    evs.iter().flat_map(|e| e.what.iter().filter(|t| f(t)).map(move |_| e.time_us / 1000)).collect()
}

// ----- errors: awaited, fire and forget ----------------------------------------------

/// 100 requests, each with two `io_ms` steps that fail with probability 0.1.
fn failing(model: &str, handling: &str) -> String {
    format!(
        r#"{{"seed": 7, "duration_ms": 1000,
            "workload": {{"arrivals": {{"constant": {{"interval_ms": 10}}}},
                         "steps": [{{"cpu_ms": 1}}, {{"io_ms": 20}}, {{"io_ms": 5}}]}},
            "model": {model},
            "faults": {{"step_failure_rate": 0.1, "error_handling": "{handling}"}}}}"#
    )
}

const SERVER_MODELS: [&str; 4] = [
    r#"{"thread_pool": {"threads": 8}}"#,
    r#"{"event_loop": {}}"#,
    r#"{"executor": {"core": 8}}"#,
    r#"{"virtual_threads": {}}"#,
];

#[test]
fn awaited_errors_fail_responses_and_fire_and_forget_ones_are_lost() {
    for m in SERVER_MODELS {
        let awaited = report(&failing(m, "awaited"));
        assert_eq!(
            (awaited.requests.completed, awaited.requests.failed, awaited.faults.unobserved_errors),
            (83, 17, 0),
            "{m}: 17 of 100 requests hit a failing step and answer 500"
        );
        let lost = report(&failing(m, "fire_and_forget"));
        assert_eq!(
            (lost.requests.completed, lost.requests.failed, lost.faults.unobserved_errors),
            (100, 0, 17),
            "{m}: the same 17 failures, but every client got its success"
        );
        // The failures come from their own stream: the work is the same.
        assert_eq!(awaited.work_ms, lost.work_ms);
        assert_eq!(awaited.work_ms, report(&failing(m, "awaited").replace("0.1", "0")).work_ms);
    }
}

#[test]
fn the_same_requests_fail_in_every_model() {
    let failed_ids = |m: &str| -> Vec<u32> {
        let evs = events(&failing(m, "awaited"));
        let mut ids: Vec<u32> = evs
            .iter()
            .flat_map(|e| e.what.iter())
            .filter_map(|t| match t {
                Failed { req, cause: FailCause::StepFailed } => Some(*req),
                _ => None,
            })
            .collect();
        ids.sort_unstable();
        ids
    };
    let first = failed_ids(SERVER_MODELS[0]);
    assert_eq!(first.len(), 17);
    for m in &SERVER_MODELS[1..] {
        assert_eq!(failed_ids(m), first, "{m}");
    }
    // In the job queue the first attempt of the same jobs fails.
    let evs = events(&failing(r#"{"job_queue": {"workers": 4}}"#, "awaited"));
    let mut jobs: Vec<u32> = evs
        .iter()
        .flat_map(|e| e.what.iter())
        .filter_map(|t| match t {
            JobFailed { req, attempt: 1, .. } => Some(*req),
            _ => None,
        })
        .collect();
    jobs.sort_unstable();
    assert_eq!(jobs, first);
}

#[test]
fn a_failing_step_in_a_job_is_a_failed_attempt() {
    // Awaited: the attempt fails and goes through attempts / backoff / dead letter.
    let r = report(&failing(r#"{"job_queue": {"workers": 4}}"#, "awaited"));
    let j = r.jobs.unwrap();
    assert_eq!((r.requests.completed, r.requests.failed), (100, 0), "every client got its 202");
    assert_eq!((j.completed, j.dead_lettered, j.retries), (83, 17, 0));
    let r = report(&failing(r#"{"job_queue": {"workers": 4, "attempts": 3, "backoff_ms": 10}}"#, "awaited"));
    let j = r.jobs.unwrap();
    assert_eq!(j.completed + j.dead_lettered, 100);
    assert_eq!(j.retries, 19, "17 first attempts fail, and 2 of the retries");
    assert_eq!(j.dead_lettered, 0);
    // Fire and forget: the worker never sees the error; the job counts as done.
    let r = report(&failing(r#"{"job_queue": {"workers": 4}}"#, "fire_and_forget"));
    let j = r.jobs.unwrap();
    assert_eq!((j.completed, j.dead_lettered, r.faults.unobserved_errors), (100, 0, 17));
}

// ----- unhandled rejection ---------------------------------------------------------------

const UNHANDLED: &str = r#"{"duration_ms": 100,
    "workload": {"arrivals": {"at_ms": [0, 2, 4, 30, 70]}, "steps": [{"cpu_ms": 1}, {"io_ms": 10}]},
    "model": {"event_loop": {"flavor": "node"}},
    "faults": {"step_failure_rate": 1, "error_handling": "unhandled_rejection", "restart_ms": 50}}"#;

#[test]
fn an_unhandled_rejection_kills_every_request_in_flight_and_the_server_restarts() {
    let evs = events(UNHANDLED);
    // #1's I/O rejects at 11 ms; #2 and #3 are awaiting theirs.
    assert_eq!(
        at(&evs, 11),
        vec![
            Crashed { what: CrashKind::Server, req: Some(1), worker: None },
            Failed { req: 1, cause: FailCause::StepFailed },
            Failed { req: 2, cause: FailCause::Crash },
            Failed { req: 3, cause: FailCause::Crash },
        ]
    );
    // Down for restart_ms: the connection is refused.
    assert_eq!(at(&evs, 30), vec![Arrived { req: 4 }, Rejected { req: 4, cause: RejectCause::ServerDown }]);
    assert_eq!(at(&evs, 61), vec![Restarted]);
    // Back up: #5 is served, and its failure takes the server down again.
    assert!(at(&evs, 70).contains(&Picked { req: 5, lane: 0 }));
    assert_eq!(at(&evs, 81)[0], Crashed { what: CrashKind::Server, req: Some(5), worker: None });
    assert_eq!(when(&evs, |t| *t == Restarted), vec![61, 131]);
    // Nothing that was pending for the dead process happens later.
    assert!(evs.iter().filter(|e| e.time_us > 11_000 && e.time_us < 30_000).all(|e| e.what.is_empty()));
    let r = report(UNHANDLED);
    assert_eq!(
        (r.requests.arrived, r.requests.completed, r.requests.rejected, r.requests.failed),
        (5, 0, 1, 4)
    );
    assert_eq!(r.faults.crashes, 2);
    assert_eq!(r.sim_time_ms, 131.0, "the run ends when the server is back");
}

#[test]
fn a_crash_takes_down_queued_and_offloaded_work_too() {
    let r = report(
        r#"{"seed": 3, "duration_ms": 2000, "cores": 2,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 200}},
                         "steps": [{"cpu_ms": {"exp": 2}}, {"io_ms": {"exp": 30}}, {"cpu_ms": 1}]},
            "model": {"event_loop": {"workers": 2, "offload_cpu": true}},
            "faults": {"step_failure_rate": 0.01, "error_handling": "unhandled_rejection", "restart_ms": 100}}"#,
    );
    let q = &r.requests;
    assert_eq!(q.arrived, q.completed + q.rejected + q.failed);
    assert_eq!(q.in_flight, 0);
    assert!(r.faults.crashes >= 2, "{:?}", r.faults);
    assert!(q.failed > r.faults.crashes, "each crash fails more than the request that caused it");
    assert!(q.rejected > 0, "arrivals while down are refused");
}

// ----- crashes after commit, and the outbox -------------------------------------------

fn commit_crashes(outbox: bool) -> String {
    format!(
        r#"{{"duration_ms": 200,
            "workload": {{"arrivals": {{"constant": {{"interval_ms": 10}}}}, "steps": [{{"io_ms": 30}}]}},
            "model": {{"job_queue": {{"workers": 4, "outbox": {outbox}}}}},
            "faults": {{"crash_after_commit_at_ms": [0, 50, 100]}}}}"#
    )
}

#[test]
fn three_crashes_after_commit_lose_exactly_three_jobs() {
    let evs = events(&commit_crashes(false));
    // The first commits at or after 0, 50 and 100 ms are #1's, #6's and #11's (1 ms of accept CPU each).
    assert_eq!(when(&evs, |t| matches!(t, JobLost { .. })), vec![1, 51, 101]);
    assert_eq!(
        at(&evs, 51)[4..],
        [
            Computed { req: 6, lane: 0 },
            Responded { req: 6, status: 202, latency_us: 1000 },
            Crashed { what: CrashKind::FrontEnd, req: Some(6), worker: None },
            JobLost { req: 6 },
        ]
    );
    let r = report(&commit_crashes(false));
    assert_eq!(r.requests.completed, 20, "every client got its 202");
    assert_eq!((r.faults.lost, r.faults.crashes), (3, 3));
    assert_eq!(r.jobs.as_ref().unwrap().completed, 17);
    assert_eq!(r.job_latency_ms.unwrap().max, 31.0);
}

#[test]
fn with_the_outbox_the_same_crashes_lose_nothing() {
    let evs = events(&commit_crashes(true));
    assert!(at(&evs, 51).contains(&Outboxed { req: 6, relay_in_us: 5000 }));
    assert!(at(&evs, 56).contains(&JobQueued { req: 6, len: 1 }), "the relay publishes 5 ms later");
    let r = report(&commit_crashes(true));
    assert_eq!((r.faults.lost, r.faults.crashes), (0, 3));
    assert_eq!(r.jobs.as_ref().unwrap().completed, 20);
    // The relay's delay is the outbox's price: 1 ms accept + 5 ms relay + 30 ms job.
    assert_eq!(r.job_latency_ms.unwrap().max, 36.0);
}

// ----- worker crashes and redelivery -----------------------------------------------

fn worker_crash(at_ms: &str, idempotent: bool) -> String {
    format!(
        r#"{{"duration_ms": 100,
            "workload": {{"arrivals": {{"at_ms": [0]}}, "steps": [{{"cpu_ms": 10}}, {{"io_ms": 100}}]}},
            "model": {{"job_queue": {{"workers": 1, "visibility_timeout_ms": 200, "idempotent": {idempotent}}}}},
            "faults": {{"worker_crash_at_ms": [{at_ms}]}}}}"#
    )
}

#[test]
fn a_worker_crash_redelivers_after_the_visibility_timeout_and_duplicates() {
    let evs = events(&worker_crash("50", false));
    // Job #1 runs from 1 ms (CPU to 11, I/O to 111); the worker dies at 50.
    assert_eq!(at(&evs, 50), vec![Crashed { what: CrashKind::Worker, req: None, worker: Some(1) }]);
    assert!(at(&evs, 111).is_empty(), "the dead worker's I/O never completes");
    // A crash is not a failed attempt: the redelivery is attempt 1 again.
    assert_eq!(
        at(&evs, 250)[..3],
        [Redelivered { req: 1 }, JobQueued { req: 1, len: 1 }, JobStarted { req: 1, worker: 1, attempt: 1 }]
    );
    assert_eq!(
        at(&evs, 360),
        vec![
            Resumed { req: 1 },
            Queued { req: 1, queue: 2, len: 1 },
            Picked { req: 1, lane: 1 },
            JobDone { req: 1, attempts: 1, latency_us: 360_000 },
            Duplicated { req: 1 },
        ]
    );
    let r = report(&worker_crash("50", false));
    assert_eq!((r.faults.crashes, r.faults.duplicated), (1, 1));
    let j = r.jobs.unwrap();
    assert_eq!((j.completed, j.retries, j.dead_lettered), (1, 0, 0));
}

#[test]
fn idempotent_jobs_are_not_duplicated() {
    let evs = events(&worker_crash("50", true));
    assert!(when(&evs, |t| matches!(t, Duplicated { .. })).is_empty());
    let r = report(&worker_crash("50", true));
    assert_eq!((r.faults.crashes, r.faults.duplicated), (1, 0));
}

#[test]
fn with_no_worker_busy_the_next_job_dies_halfway() {
    // At 0 no job runs yet; job #1 starts at 1 ms and takes 110 ms, so its worker dies at 56.
    let evs = events(&worker_crash("0", false));
    assert_eq!(when(&evs, |t| matches!(t, Crashed { .. })), vec![56]);
    assert_eq!(when(&evs, |t| matches!(t, Redelivered { .. })), vec![256]);
    assert_eq!(when(&evs, |t| matches!(t, Duplicated { .. })), vec![366]);
}

// ----- ordering ------------------------------------------------------------------------

/// 200 updates to 2 keys arriving at once, 4 workers, varying durations.
fn ordering(model: &str) -> String {
    format!(
        r#"{{"seed": 3, "duration_ms": 100,
            "workload": {{"arrivals": {{"burst": {{"count": 200, "at_ms": 0}}}}, "keys": 2,
                         "steps": [{{"io_ms": {{"exp": 15}}}}]}},
            "model": {model}}}"#
    )
}

#[test]
fn partition_by_key_removes_order_violations_at_a_cost_in_throughput() {
    let free = report(&ordering(r#"{"job_queue": {"workers": 4}}"#));
    let part = report(&ordering(r#"{"job_queue": {"workers": 4, "partition_by_key": true}}"#));
    assert_eq!(free.faults.order_violations, 66);
    assert_eq!(part.faults.order_violations, 0);
    assert_eq!(free.jobs.as_ref().unwrap().completed, 200);
    assert_eq!(part.jobs.as_ref().unwrap().completed, 200);
    // Two keys keep at most two of the four workers busy.
    assert!(part.sim_time_ms > 1.5 * free.sim_time_ms, "{} vs {}", part.sim_time_ms, free.sim_time_ms);
    assert!(part.throughput_per_s < free.throughput_per_s);
    assert!(part.job_latency_ms.unwrap().mean > free.job_latency_ms.unwrap().mean);
}

#[test]
fn order_violations_are_announced_when_they_happen() {
    let evs = events(&ordering(r#"{"job_queue": {"workers": 4}}"#));
    let first = evs.iter().flat_map(|e| e.what.iter()).find(|t| matches!(t, OrderViolation { .. })).cloned();
    let Some(OrderViolation { req, key, seq, after }) = first else { panic!("no violation") };
    assert_eq!(key, (req - 1) % 2);
    assert_eq!(seq, (req - 1) / 2);
    assert!(after > seq);
}

#[test]
fn ordering_is_measured_in_every_model() {
    // Requests that finish out of order apply their updates out of order,
    // whichever runtime runs them; one thread with FIFO never does.
    for m in SERVER_MODELS {
        let r = report(&ordering(m));
        assert!(r.faults.order_violations > 0, "{m}");
    }
    let one = report(&ordering(r#"{"thread_pool": {"threads": 1}}"#));
    assert_eq!(one.faults.order_violations, 0);
    // Without keys nothing is counted.
    assert_eq!(report(&ordering(SERVER_MODELS[0]).replace(r#""keys": 2,"#, "")).faults.order_violations, 0);
}

// ----- tracing ----------------------------------------------------------------------

fn traced(json: &str) -> Sim {
    asyncviz_engine::Builder::new().traces(100).sim(&scenario(json))
}

fn span(kind: SpanKind, start_ms: u64, end_ms: Option<u64>) -> Span {
    Span { req: 0, kind, start_us: start_ms * 1000, end_us: end_ms.map(|e| e * 1000) }
}

/// `kind` of `lane`, after checking that the lane is the thread named `name` (spans carry lane
/// ids; the lanes' views name them).
fn on(sim: &Sim, lane: u32, name: &str, kind: fn(u32) -> SpanKind) -> SpanKind {
    let l = sim.all_lanes().find(|l| l.id == lane).expect("the lane exists");
    assert_eq!(l.name(), name);
    kind(lane)
}

fn running(lane: u32) -> SpanKind {
    SpanKind::Running { lane }
}

fn spans_of(sim: &Sim, req: u32) -> Vec<Span> {
    sim.spans(req).into_iter().map(|s| Span { req: 0, ..s }).collect()
}

const TWO_JOBS: &str = r#"{"duration_ms": 100,
    "workload": {"arrivals": {"at_ms": [0, 0]}, "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
    "model": {"job_queue": {"workers": 1}}}"#;

#[test]
fn a_job_trace_goes_client_api_queue_worker_result() {
    let mut sim = traced(TWO_JOBS);
    sim.run();
    let fe = || on(&sim, 0, "front end (event loop)", running);
    let worker = || on(&sim, 1, "job worker 1", running);
    assert_eq!(
        spans_of(&sim, 2),
        vec![
            span(SpanKind::Queued { queue: 0, queue_kind: QueueKind::Ready }, 0, Some(1)),
            span(fe(), 1, Some(2)),
            span(SpanKind::Responded { status: 202 }, 2, Some(2)),
            span(SpanKind::Queued { queue: 1, queue_kind: QueueKind::Jobs }, 2, Some(13)),
            span(worker(), 13, Some(15)),
            span(SpanKind::AwaitingIo, 15, Some(25)),
            span(SpanKind::Done, 25, Some(25)),
        ]
    );
    assert!(sim.spans(2).iter().all(|s| s.req == 2), "the request id is the trace id");
    // In flight: the last span is open.
    let mut sim = traced(TWO_JOBS);
    sim.run_until(5000);
    let now = spans_of(&sim, 2);
    assert_eq!(now.last(), Some(&span(SpanKind::Queued { queue: 1, queue_kind: QueueKind::Jobs }, 2, None)));
    assert_eq!(now.len(), 4);
}

#[test]
fn a_blocking_trace_shows_the_thread_waiting_and_a_rejection() {
    let mut sim = traced(
        r#"{"cores": 1, "duration_ms": 100,
            "workload": {"arrivals": {"at_ms": [0, 1, 2]}, "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
            "model": {"thread_pool": {"threads": 1, "queue": 1}}}"#,
    );
    sim.run();
    let t = "http-nio-exec-1";
    assert_eq!(
        spans_of(&sim, 2),
        vec![
            span(SpanKind::Queued { queue: 0, queue_kind: QueueKind::Accept }, 1, Some(12)),
            span(on(&sim, 0, t, running), 12, Some(14)),
            span(on(&sim, 0, t, |lane| SpanKind::WaitingIo { lane }), 14, Some(24)),
            span(SpanKind::Responded { status: 200 }, 24, Some(24)),
        ]
    );
    assert_eq!(
        spans_of(&sim, 3),
        vec![span(SpanKind::Rejected { cause: RejectCause::QueueFull }, 2, Some(2))]
    );
}

#[test]
fn a_trace_shows_retries_crashes_and_failures() {
    let mut sim = traced(
        r#"{"duration_ms": 100,
            "workload": {"arrivals": {"at_ms": [0]}, "steps": [{"io_ms": 10}]},
            "model": {"job_queue": {"workers": 1, "attempts": 2, "backoff_ms": 5, "failure_rate": 1}}}"#,
    );
    sim.run();
    let w = || on(&sim, 1, "job worker 1", running);
    assert_eq!(
        spans_of(&sim, 1)[2..],
        [
            span(SpanKind::AwaitingIo, 1, Some(11)),
            span(SpanKind::AttemptFailed { attempt: 1 }, 11, Some(11)),
            span(SpanKind::Backoff { attempt: 1 }, 11, Some(16)),
            span(SpanKind::AwaitingIo, 16, Some(26)),
            span(SpanKind::AttemptFailed { attempt: 2 }, 26, Some(26)),
            span(SpanKind::DeadLettered, 26, Some(26)),
        ]
    );
    let _ = w;
    let mut sim = traced(&worker_crash("50", false));
    sim.run();
    let kinds: Vec<SpanKind> = spans_of(&sim, 1).into_iter().map(|s| s.kind).collect();
    assert!(kinds.contains(&SpanKind::Crashed) && kinds.contains(&SpanKind::Redelivery));
    let mut sim = traced(UNHANDLED);
    sim.run();
    assert_eq!(
        spans_of(&sim, 2),
        vec![
            span(on(&sim, 0, "event loop", running), 2, Some(3)),
            span(SpanKind::AwaitingIo, 3, Some(11)),
            span(SpanKind::Failed { cause: FailCause::Crash }, 11, Some(11)),
        ]
    );
}

#[test]
fn traces_are_bounded_and_replay_exactly() {
    let json = failing(r#"{"job_queue": {"workers": 2, "attempts": 2, "backoff_ms": 3}}"#, "awaited");
    let mut sim = asyncviz_engine::Builder::new().traces(10).sim(&scenario(&json));
    sim.run();
    assert!(sim.spans(1).is_empty(), "only the last 10 requests are kept");
    assert!(sim.spans(90).is_empty());
    assert!(!sim.spans(91).is_empty() && !sim.spans(100).is_empty());
    // Time travel lands on the same spans as a fresh run.
    let mut fresh = traced(&json);
    let mut t = Timeline::from_sim(traced(&json));
    t.run();
    let n = t.sim().events() / 2;
    t.seek_event(n);
    for _ in 0..n {
        fresh.step();
    }
    for id in 1..=100 {
        assert_eq!(t.sim().spans(id), fresh.spans(id), "#{id}");
    }
}

/// Retries long after the last arrival must not grow the trace beyond the
/// last `n` requests: its size counts in the `Timeline`'s checkpoint spacing,
/// so an unbounded trace made seeks replay whole runs.
#[test]
fn traces_stay_bounded_after_arrivals_stop() {
    let s = Scenario::from_json_str(
        r#"{"duration_ms": 100, "workload": {"arrivals": {"constant": {"interval_ms": 1}}, "steps": [{"io_ms": 1}]},
            "model": {"job_queue": {"workers": 2, "attempts": 60, "backoff_ms": 1, "failure_rate": 1}}}"#,
    )
    .unwrap();
    let mut sim = asyncviz_engine::Builder::new().traces(10).sim(&s);
    sim.run();
    assert_eq!(sim.report().jobs.unwrap().retries, 100 * 59);
    // Every job ran 60 attempts of at most 8 marks each (queued, running,
    // awaiting, failed, backoff, ...); only the last 10 requests' are kept,
    // not the 100 × 60 × 8 of all of them.
    let kept: usize = (91..=100).map(|id| sim.spans(id).len()).sum();
    assert!(kept >= 10 * 60 * 3, "the traced requests keep every attempt ({kept} spans)");
    assert!(sim.state_size() <= 10 * 60 * 8 + 200, "state {} for {kept} spans", sim.state_size());
}

// ----- the format ------------------------------------------------------------------

#[test]
fn faults_are_validated_with_field_paths() {
    let base = |model: &str, faults: &str| {
        format!(
            r#"{{"workload": {{"arrivals": {{"at_ms": [0]}}, "steps": [{{"io_ms": 1}}]}},
                "model": {model}, "faults": {faults}}}"#
        )
    };
    let err = |json: String| Scenario::from_json_str(&json).unwrap_err().to_string();
    assert_eq!(
        err(base(r#"{"event_loop": {"flavor": "asyncio"}}"#, r#"{"error_handling": "unhandled_rejection"}"#)),
        "faults.error_handling: \"unhandled_rejection\" needs model event_loop with flavor \"node\" (only Node.js dies on an unhandled rejection)"
    );
    assert!(err(base(r#"{"thread_pool": {"threads": 1}}"#, r#"{"error_handling": "unhandled_rejection"}"#))
        .starts_with("faults.error_handling: "));
    assert_eq!(
        err(base(r#"{"event_loop": {}}"#, r#"{"error_handling": "ignore"}"#)),
        "faults.error_handling: expected \"awaited\", \"fire_and_forget\" or \"unhandled_rejection\", got the string \"ignore\""
    );
    assert_eq!(
        err(base(r#"{"event_loop": {}}"#, r#"{"step_failure_rate": 1.5}"#)),
        "faults.step_failure_rate: must be between 0 and 1 (got 1.5)"
    );
    assert_eq!(
        err(base(r#"{"thread_pool": {"threads": 1}}"#, r#"{"worker_crash_at_ms": [5]}"#)),
        "faults.worker_crash_at_ms: needs model job_queue"
    );
    assert_eq!(
        err(base(r#"{"job_queue": {"workers": 1}}"#, r#"{"crash_after_commit_at_ms": [5, -1]}"#)),
        "faults.crash_after_commit_at_ms[1]: must be between 0 and 1000000000 (got -1)"
    );
    assert!(err(base(r#"{"job_queue": {"workers": 1}}"#, r#"{"restart": 5}"#))
        .starts_with("faults.restart: unknown field (expected one of: step_failure_rate, "));
    assert_eq!(
        err(base(r#"{"job_queue": {"workers": 1, "partition_by_key": true}}"#, "{}")),
        "model.job_queue.partition_by_key: needs workload.keys (the keys to partition by)"
    );
    assert_eq!(
        err(base(r#"{"job_queue": {"workers": 1}}"#, "{}").replace(r#""steps""#, r#""keys": 0, "steps""#)),
        "workload.keys: must be at least 1 (got 0)"
    );
}

#[test]
fn faults_round_trip_and_stay_out_of_scenarios_without_them() {
    let s = scenario(&commit_crashes(true).replace(r#""steps""#, r#""keys": 3, "steps""#));
    let v = s.to_value();
    assert_eq!(v["faults"]["crash_after_commit_at_ms"], serde_json::json!([0.0, 50.0, 100.0]));
    assert_eq!(v["faults"]["error_handling"], "awaited");
    assert_eq!(v["model"]["job_queue"]["outbox"], true);
    assert_eq!(v["workload"]["keys"], 3);
    assert_eq!(Scenario::from_value(&v).unwrap(), s);
    let plain = scenario(&ordering(SERVER_MODELS[0]).replace(r#""keys": 2,"#, "")).to_value();
    assert!(plain.get("faults").is_none() && plain["workload"].get("keys").is_none());
}

#[test]
fn scenarios_built_in_code_cannot_make_the_engine_panic() {
    // `from_value` rejects these; a Scenario built in code skips it.
    let mut s = scenario(&ordering(r#"{"job_queue": {"workers": 2, "partition_by_key": true}}"#));
    s.workload.keys = None;
    s.faults.error_handling = asyncviz_engine::ErrorHandling::UnhandledRejection;
    s.faults.step_failure_rate = 0.5;
    let mut sim = Sim::new(&s);
    sim.run();
    let r = sim.report();
    assert_eq!(r.faults.crashes, 0, "an unhandled rejection only kills Node.js: treated as awaited");
    let j = r.jobs.unwrap();
    assert_eq!(j.completed + j.dead_lettered, 200);
    let mut s = scenario(&failing(SERVER_MODELS[0], "awaited"));
    s.faults.error_handling = asyncviz_engine::ErrorHandling::UnhandledRejection;
    s.faults.worker_crash_at_ms = vec![5.0];
    s.faults.crash_after_commit_at_ms = vec![5.0];
    let mut sim = Sim::new(&s);
    sim.run();
    assert_eq!(sim.report().requests.failed, 17);
}
