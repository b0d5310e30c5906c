//! Small scenarios narrated event by event, with exact expected times.
//!
//! Each test reads like the story the app tells: who arrives when, which
//! thread or loop picks it up, when it waits, and when the response goes out.

use asyncviz_engine::{Event, RejectCause, Scenario, Sim, Transition};
use Transition::*;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json_str(json).unwrap_or_else(|e| panic!("{e}"))
}

/// Every event of a run, in order.
fn events(json: &str) -> Vec<Event> {
    let mut sim = Sim::new(&scenario(json));
    std::iter::from_fn(|| sim.step()).collect()
}

/// The transitions at time `ms`, all events at that time concatenated.
fn at(evs: &[Event], ms: u64) -> Vec<Transition> {
    evs.iter().filter(|e| e.time_us == ms * 1000).flat_map(|e| e.what.clone()).collect()
}

fn responses(evs: &[Event]) -> Vec<(u32, u64, u64)> {
    evs.iter()
        .flat_map(|e| {
            e.what.iter().filter_map(move |t| match t {
                Responded { req, latency_us, .. } => Some((*req, e.time_us / 1000, latency_us / 1000)),
                _ => None,
            })
        })
        .collect()
}

/// One thread, an accept queue of one, three requests 1 ms apart.
const ONE_THREAD_QUEUE_ONE: &str = r#"{"cores": 1, "duration_ms": 100,
    "workload": {"arrivals": {"at_ms": [0, 1, 2]}, "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
    "model": {"thread_pool": {"threads": 1, "queue": 1}}}"#;

#[test]
fn blocking_pool_holds_the_thread_through_io_and_rejects_when_full() {
    let evs = events(ONE_THREAD_QUEUE_ONE);
    assert_eq!(
        at(&evs, 0),
        vec![Arrived { req: 1 }, Picked { req: 1, lane: 0 }, Computing { req: 1, lane: 0, dur_us: 2000 }]
    );
    assert_eq!(at(&evs, 1), vec![Arrived { req: 2 }, Queued { req: 2, queue: 0, len: 1 }]);
    // The slice end was scheduled before #3's arrival, so it runs first.
    assert_eq!(
        at(&evs, 2),
        vec![
            Computed { req: 1, lane: 0 },
            WaitingIo { req: 1, lane: 0, dur_us: 10_000 },
            Arrived { req: 3 },
            Rejected { req: 3, cause: RejectCause::QueueFull },
        ]
    );
    assert_eq!(
        at(&evs, 12),
        vec![
            IoDone { req: 1, lane: 0 },
            Responded { req: 1, status: 200, latency_us: 12_000 },
            Picked { req: 2, lane: 0 },
            Computing { req: 2, lane: 0, dur_us: 2000 },
        ]
    );
    assert_eq!(responses(&evs), vec![(1, 12, 12), (2, 24, 23)]);
    let mut sim = Sim::new(&scenario(ONE_THREAD_QUEUE_ONE));
    sim.run();
    let r = sim.report();
    assert_eq!((r.requests.completed, r.requests.rejected), (2, 1));
    assert_eq!(r.wait_ms.max, 11.0, "#2 waited from 1 ms to 12 ms");
    assert_eq!(r.sim_time_ms, 24.0);
}

#[test]
fn event_loop_moves_on_while_requests_await_io() {
    let evs = events(
        r#"{"cores": 1, "duration_ms": 100,
            "workload": {"arrivals": {"at_ms": [0, 1, 2]}, "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
            "model": {"event_loop": {"flavor": "node"}}}"#,
    );
    assert_eq!(
        at(&evs, 2),
        vec![
            Computed { req: 1, lane: 0 },
            Awaiting { req: 1, lane: 0, dur_us: 10_000 },
            Picked { req: 2, lane: 0 },
            Computing { req: 2, lane: 0, dur_us: 2000 },
            Arrived { req: 3 },
            Queued { req: 3, queue: 0, len: 1 },
        ]
    );
    assert_eq!(
        at(&evs, 12),
        vec![
            Resumed { req: 1 },
            Queued { req: 1, queue: 0, len: 1 },
            Picked { req: 1, lane: 0 },
            Responded { req: 1, status: 200, latency_us: 12_000 },
        ]
    );
    assert_eq!(responses(&evs), vec![(1, 12, 12), (2, 14, 13), (3, 16, 14)]);
}

#[test]
fn one_blocking_call_freezes_the_event_loop() {
    let evs = events(
        r#"{"duration_ms": 100,
            "workload": {"arrivals": {"at_ms": [0, 10]}, "steps": [{"blocking_io_ms": 50}]},
            "model": {"event_loop": {"flavor": "asyncio"}}}"#,
    );
    assert_eq!(at(&evs, 0)[3], Blocking { req: 1, lane: 0, dur_us: 50_000 });
    assert_eq!(at(&evs, 10), vec![Arrived { req: 2 }, Queued { req: 2, queue: 0, len: 1 }]);
    assert_eq!(responses(&evs), vec![(1, 50, 50), (2, 100, 90)]);
}

#[test]
fn round_robin_shares_one_core_in_quanta() {
    let evs = events(
        r#"{"cores": 1, "quantum_ms": 5, "duration_ms": 100,
            "workload": {"arrivals": {"burst": {"count": 2, "at_ms": 0}}, "steps": [{"cpu_ms": 10}]},
            "model": {"thread_pool": {"threads": 2}}}"#,
    );
    assert_eq!(at(&evs, 5), vec![Preempted { lane: 0, next: 1, core: 0 }]);
    assert_eq!(at(&evs, 10), vec![Preempted { lane: 1, next: 0, core: 0 }]);
    assert_eq!(responses(&evs), vec![(1, 15, 15), (2, 20, 20)]);
}

const EXECUTOR: &str = r#"{"duration_ms": 5000,
    "workload": {"arrivals": {"at_ms": [0, 0, 0, 0, 0, 0, 0, 1500]}, "steps": [{"io_ms": 100}]},
    "model": {"executor": {"core": 2, "max": 4, "queue": 2, "keep_alive_ms": 1000, "rejection": "REJ"}}}"#;

#[test]
fn executor_starts_core_threads_then_queues_then_grows_then_rejects() {
    let evs = events(&EXECUTOR.replace("REJ", "abort"));
    let t0 = at(&evs, 0);
    let interesting: Vec<&Transition> =
        t0.iter().filter(|t| matches!(t, ThreadStarted { .. } | Queued { .. } | Rejected { .. })).collect();
    assert_eq!(
        interesting,
        vec![
            &ThreadStarted { lane: 0 },
            &ThreadStarted { lane: 1 },
            &Queued { req: 3, queue: 0, len: 1 },
            &Queued { req: 4, queue: 0, len: 2 },
            &ThreadStarted { lane: 2 },
            &ThreadStarted { lane: 3 },
            &Rejected { req: 7, cause: RejectCause::QueueFull },
        ],
        "Java's order: core threads, then the queue, then up to max, then reject"
    );
    assert_eq!(
        responses(&evs),
        vec![
            (1, 100, 100),
            (2, 100, 100),
            (5, 100, 100),
            (6, 100, 100),
            (3, 200, 200),
            (4, 200, 200),
            (8, 1600, 100)
        ]
    );
    // Threads 3 and 4 went idle at 100 ms and die at 1100 ms; then the pool is
    // back at its core size and the others live on to serve #8.
    assert_eq!(at(&evs, 1100), vec![ThreadRetired { lane: 2 }, ThreadRetired { lane: 3 }]);
    assert!(at(&evs, 1200).is_empty());
    assert!(at(&evs, 1500).contains(&Picked { req: 8, lane: 0 }));
    // The run ends when the work has drained: no keep-alive after 1600 ms counts.
    assert_eq!(evs.last().unwrap().time_us, 1_600_000);
}

#[test]
fn discard_oldest_drops_the_head_of_the_queue() {
    let evs = events(&EXECUTOR.replace("REJ", "discard_oldest"));
    assert!(at(&evs, 0).contains(&Rejected { req: 3, cause: RejectCause::DiscardedOldest }));
    let served: Vec<u32> = responses(&evs).iter().map(|r| r.0).collect();
    assert_eq!(served, vec![1, 2, 5, 6, 4, 7, 8]);
}

#[test]
fn job_queue_answers_202_at_once_and_works_later() {
    let evs = events(
        r#"{"duration_ms": 100,
            "workload": {"arrivals": {"burst": {"count": 3, "at_ms": 0}}, "steps": [{"io_ms": 100}]},
            "model": {"job_queue": {"workers": 1, "concurrency": 1, "accept_cpu_ms": 1}}}"#,
    );
    assert_eq!(responses(&evs), vec![(1, 1, 1), (2, 2, 2), (3, 3, 3)]);
    let t1 = at(&evs, 1);
    assert!(t1.contains(&Responded { req: 1, status: 202, latency_us: 1000 }));
    assert!(t1.contains(&JobStarted { req: 1, worker: 1, attempt: 1 }));
    let done: Vec<(u32, u64)> = evs
        .iter()
        .flat_map(|e| {
            e.what.iter().filter_map(|t| match t {
                JobDone { req, latency_us, .. } => Some((*req, latency_us / 1000)),
                _ => None,
            })
        })
        .collect();
    assert_eq!(done, vec![(1, 101), (2, 201), (3, 301)]);
}

#[test]
fn failed_jobs_retry_with_exponential_backoff_then_dead_letter() {
    let json = r#"{"duration_ms": 100,
        "workload": {"arrivals": {"at_ms": [0]}, "steps": [{"io_ms": 100}]},
        "model": {"job_queue": {"workers": 1, "accept_cpu_ms": 1, "attempts": 3,
                                "backoff_ms": 10, "failure_rate": 1.0}}}"#;
    let evs = events(json);
    assert!(at(&evs, 101).contains(&JobFailed { req: 1, attempt: 1, retry_in_us: Some(10_000) }));
    assert_eq!(at(&evs, 111)[0], JobRetry { req: 1 });
    assert!(at(&evs, 211).contains(&JobFailed { req: 1, attempt: 2, retry_in_us: Some(20_000) }));
    assert!(at(&evs, 331).contains(&JobFailed { req: 1, attempt: 3, retry_in_us: None }));
    let mut sim = Sim::new(&scenario(json));
    sim.run();
    let jobs = sim.report().jobs.expect("job_queue reports jobs");
    assert_eq!((jobs.completed, jobs.dead_lettered, jobs.retries), (0, 1, 2));
    assert_eq!(sim.report().requests.completed, 1, "the 202 still went out");
}

#[test]
fn virtual_threads_unmount_on_io_but_pin_on_blocking_calls() {
    let evs = events(
        r#"{"cores": 1, "duration_ms": 100,
            "workload": {"arrivals": {"burst": {"count": 2, "at_ms": 0}},
                         "steps": [{"io_ms": 10}, {"blocking_io_ms": 10}]},
            "model": {"virtual_threads": {"carriers": 1}}}"#,
    );
    // Both await their I/O together on one carrier, then the pinned blocking
    // calls run one after the other.
    assert_eq!(responses(&evs), vec![(1, 20, 20), (2, 30, 30)]);
}

#[test]
fn offloading_cpu_keeps_the_loop_free() {
    let base = r#"{"cores": 4, "duration_ms": 100,
        "workload": {"arrivals": {"burst": {"count": 2, "at_ms": 0}}, "steps": [{"cpu_ms": 10}]},
        "model": {"event_loop": MODEL}}"#;
    let on_loop = events(&base.replace("MODEL", "{}"));
    assert_eq!(responses(&on_loop), vec![(1, 10, 10), (2, 20, 20)]);
    let offloaded = events(&base.replace("MODEL", r#"{"workers": 2, "offload_cpu": true}"#));
    assert_eq!(responses(&offloaded), vec![(1, 10, 10), (2, 10, 10)]);
    assert!(at(&offloaded, 0).contains(&Offloaded { req: 2, lane: 0 }));
}

#[test]
fn every_model_sees_the_same_requests_for_one_seed() {
    let models = [
        r#"{"thread_pool": {"threads": 4, "queue": 5}}"#,
        r#"{"event_loop": {"queue": 3}}"#,
        r#"{"executor": {"core": 1, "max": 2, "queue": 1}}"#,
        r#"{"job_queue": {"workers": 2, "concurrency": 2}}"#,
        r#"{"virtual_threads": {}}"#,
    ];
    let reports: Vec<_> = models
        .iter()
        .map(|m| {
            let json = format!(
                r#"{{"seed": 9, "duration_ms": 2000,
                    "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 300}}}},
                                 "steps": [{{"cpu_ms": {{"exp": 3}}}}, {{"io_ms": {{"uniform": [5, 80]}}}},
                                           {{"blocking_io_ms": {{"exp": 1}}}}]}},
                    "model": {m}}}"#
            );
            let mut sim = Sim::new(&scenario(&json));
            sim.run();
            sim.report()
        })
        .collect();
    for r in &reports[1..] {
        assert_eq!(r.requests.arrived, reports[0].requests.arrived, "{}", r.model);
        assert_eq!(r.work_ms, reports[0].work_ms, "{}", r.model);
    }
    // ...and yet they behave differently: the bounded models reject some.
    assert!(reports[1].requests.rejected > 0 && reports[2].requests.rejected > 0);
    assert_eq!(reports[3].requests.rejected, 0);
}
