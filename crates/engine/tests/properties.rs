//! Invariants over thousands of random scenarios (proptest): no panic,
//! conservation of requests, each request in exactly one place, monotonic
//! time, work-conserving cores, and a clean drain at the end.

use std::collections::BTreeMap;

use asyncviz_engine::{LaneState, Place, Scenario, Sim, Snapshot};
use proptest::prelude::*;

fn dist() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..30).prop_map(|v| format!("{v}")),
        (0u32..30).prop_map(|v| format!("{{\"exp\": {v}}}")),
        (0u32..20, 0u32..30).prop_map(|(a, b)| format!("{{\"uniform\": [{a}, {}]}}", a + b)),
    ]
}

fn steps() -> impl Strategy<Value = String> {
    let step = (0..3usize, dist()).prop_map(|(k, d)| {
        let key = ["cpu_ms", "io_ms", "blocking_io_ms"][k];
        format!("{{\"{key}\": {d}}}")
    });
    prop::collection::vec(step, 1..5).prop_map(|v| v.join(","))
}

fn arrivals() -> impl Strategy<Value = String> {
    prop_oneof![
        (50u32..2000).prop_map(|r| format!("{{\"poisson\": {{\"rate_per_s\": {r}}}}}")),
        (1u32..20).prop_map(|i| format!("{{\"constant\": {{\"interval_ms\": {i}}}}}")),
        (1u32..40, 0u32..50).prop_map(|(c, t)| format!("{{\"burst\": {{\"count\": {c}, \"at_ms\": {t}}}}}")),
        prop::collection::vec(0u32..150, 1..30).prop_map(|v| format!("{{\"at_ms\": {v:?}}}")),
    ]
}

fn queue() -> impl Strategy<Value = String> {
    prop_oneof![Just("null".to_string()), (0u32..6).prop_map(|q| q.to_string())]
}

fn model() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..6, queue()).prop_map(|(t, q)| format!("{{\"thread_pool\": {{\"threads\": {t}, \"queue\": {q}}}}}")),
        (queue(), 0u32..3, any::<bool>(), any::<bool>()).prop_map(|(q, w, off, py)| {
            let flavor = if py { "asyncio" } else { "node" };
            let off = off && w > 0;
            format!(
                "{{\"event_loop\": {{\"flavor\": \"{flavor}\", \"queue\": {q}, \"workers\": {w}, \"offload_cpu\": {off}}}}}"
            )
        }),
        (1u32..4, 0u32..4, queue(), 0u32..50, any::<bool>()).prop_map(|(c, extra, q, ka, d)| {
            let rej = if d { "discard_oldest" } else { "abort" };
            format!(
                "{{\"executor\": {{\"core\": {c}, \"max\": {}, \"queue\": {q}, \"keep_alive_ms\": {ka}, \"rejection\": \"{rej}\"}}}}",
                c + extra
            )
        }),
        (
            (1u32..4, 1u32..4, dist(), 1u32..4, 0u32..20, 0u32..=10),
            (any::<bool>(), 0u32..10, 0u32..50, any::<bool>(), any::<bool>())
        )
            .prop_map(|((w, c, a, att, b, f), (outbox, relay, vis, idem, part))| format!(
                "{{\"job_queue\": {{\"workers\": {w}, \"concurrency\": {c}, \"accept_cpu_ms\": {a}, \"attempts\": {att}, \"backoff_ms\": {b}, \"failure_rate\": {}, \"outbox\": {outbox}, \"relay_ms\": {relay}, \"visibility_timeout_ms\": {vis}, \"idempotent\": {idem}, \"partition_by_key\": {part}}}}}",
                f as f64 / 10.0
            )),
        prop_oneof![Just("null".to_string()), (1u32..4).prop_map(|c| c.to_string())]
            .prop_map(|c| format!("{{\"virtual_threads\": {{\"carriers\": {c}}}}}")),
    ]
}

/// Random faults: (failure rate in tenths, handling 0..3, restart ms, crash times, keys).
fn faults() -> impl Strategy<Value = (u32, u32, u32, Vec<u32>, Vec<u32>, u32)> {
    (
        prop_oneof![Just(0u32), 0u32..=10],
        0u32..3,
        0u32..60,
        prop::collection::vec(0u32..200, 0..4),
        prop::collection::vec(0u32..200, 0..4),
        0u32..5,
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    let bursts = prop::collection::vec((0u32..200, 1u32..20), 0..3);
    (any::<u32>(), 1u32..4, 1u32..8, arrivals(), steps(), model(), faults(), bursts).prop_map(
        |(seed, cores, quantum, arr, st, m, (rate, handling, restart, commits, workers, keys), bursts)| {
            let node = m.contains(r#""flavor": "node""#);
            let jobs = m.contains("job_queue");
            let handling = match handling {
                0 => "awaited",
                1 => "fire_and_forget",
                _ if node => "unhandled_rejection",
                _ => "awaited",
            };
            let (commits, workers) = if jobs { (commits, workers) } else { (Vec::new(), Vec::new()) };
            let keys = if m.contains(r#""partition_by_key": true"#) { keys.max(1) } else { keys };
            let keys = if keys > 0 { format!(r#""keys": {keys}, "#) } else { String::new() };
            // Extra requests at once, as the app's "Send a burst" records them.
            let bursts: Vec<String> =
                bursts.iter().map(|(t, n)| format!(r#"{{"at_ms": {t}, "count": {n}}}"#)).collect();
            let bursts = bursts.join(", ");
            let json = format!(
                r#"{{"seed": {seed}, "duration_ms": 200, "cores": {cores}, "quantum_ms": {quantum},
                "workload": {{"arrivals": {arr}, "limit": 60, {keys}"bursts": [{bursts}], "steps": [{st}]}}, "model": {m},
                "faults": {{"step_failure_rate": {}, "error_handling": "{handling}", "restart_ms": {restart},
                            "crash_after_commit_at_ms": {commits:?}, "worker_crash_at_ms": {workers:?}}}}}"#,
                rate as f64 / 10.0
            );
            Scenario::from_json_str(&json)
                .unwrap_or_else(|e| panic!("generator made an invalid scenario: {e}\n{json}"))
        },
    )
}

/// Checks every structural invariant of one snapshot.
fn check(s: &Snapshot) -> Result<(), String> {
    let c = &s.counters;
    if c.arrived != c.completed + c.rejected + c.failed + c.in_flight as u64 {
        return Err(format!("conservation broken: {c:?}"));
    }
    let unanswered = s.requests.iter().filter(|r| !r.responded).count();
    if unanswered != c.in_flight as usize {
        return Err(format!("{unanswered} unanswered requests but in_flight {}", c.in_flight));
    }
    // Where each request is, seen from the containers.
    let mut seen: BTreeMap<u32, Place> = BTreeMap::new();
    for q in &s.queues {
        if let Some(cap) = q.capacity {
            let _ = cap; // capacities bound new arrivals, continuations may exceed them
        }
        for id in &q.reqs {
            if seen.insert(*id, Place::Queue { queue: q.id }).is_some() {
                return Err(format!("request {id} is in two places"));
            }
        }
    }
    for l in &s.lanes {
        if let Some(id) = l.req {
            if seen.insert(id, Place::Lane { lane: l.id }).is_some() {
                return Err(format!("request {id} is held by lane {} and elsewhere", l.id));
            }
        }
    }
    let mut queued_total = 0;
    for q in &s.queues {
        queued_total += q.reqs.len();
    }
    if queued_total != c.queue_len as usize {
        return Err(format!("queue_len {} but {queued_total} queued", c.queue_len));
    }
    for r in &s.requests {
        match r.place {
            Place::Queue { .. } | Place::Lane { .. } => {
                if seen.get(&r.id) != Some(&r.place) {
                    return Err(format!(
                        "request {} says {:?}, containers say {:?}",
                        r.id,
                        r.place,
                        seen.get(&r.id)
                    ));
                }
            }
            Place::Awaiting { until }
            | Place::RetryWait { until }
            | Place::Outbox { until }
            | Place::Redelivery { until } => {
                if seen.contains_key(&r.id) {
                    return Err(format!("request {} waits but is also in a container", r.id));
                }
                if until < s.time_us {
                    return Err(format!("request {} waits until {until}, which is past", r.id));
                }
            }
        }
    }
    if seen.len() > s.requests.len() {
        return Err("a container holds a finished request".into());
    }
    // Cores: work-conserving, and consistent with lane states.
    for m in &s.machines {
        let busy = m.cores.iter().filter(|c| c.is_some()).count();
        if !m.run_queue.is_empty() && busy < m.cores.len() {
            return Err(format!("machine {} has a free core and {} runnable lanes", m.id, m.run_queue.len()));
        }
        for (core, lane) in m.cores.iter().enumerate() {
            if let Some(l) = lane {
                let lv = s.lanes.iter().find(|x| x.id == *l).ok_or("core runs a dead lane")?;
                if lv.state != (LaneState::Running { core: core as u16 }) || lv.machine != m.id {
                    return Err(format!("core {core} runs lane {l} whose state is {:?}", lv.state));
                }
            }
        }
        for l in &m.run_queue {
            let lv = s.lanes.iter().find(|x| x.id == *l).ok_or("run queue holds a dead lane")?;
            if lv.state != LaneState::Ready {
                return Err(format!("lane {l} in the run queue is {:?}", lv.state));
            }
        }
    }
    for l in &s.lanes {
        let holds = l.req.is_some();
        let ok = match l.state {
            LaneState::Idle => !holds,
            LaneState::Ready
            | LaneState::Running { .. }
            | LaneState::Io { .. }
            | LaneState::Blocked { .. } => holds,
            LaneState::Retired => false,
        };
        if !ok {
            return Err(format!("lane {} is {:?} with request {:?}", l.id, l.state, l.req));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_at_every_step(s in scenario()) {
        let mut sim = Sim::new(&s);
        let mut last = 0;
        let mut steps = 0u32;
        while let Some(e) = sim.step() {
            prop_assert!(e.time_us >= last, "time went back from {} to {}", last, e.time_us);
            last = e.time_us;
            steps += 1;
            prop_assert!(steps < 200_000, "runaway simulation");
            if let Err(msg) = check(&sim.snapshot()) {
                return Err(TestCaseError::fail(format!("after event {} at {} µs: {msg}\n{}", e.index, e.time_us,
                    serde_json::to_string(&s.to_value()).unwrap())));
            }
        }
        let snap = sim.snapshot();
        prop_assert_eq!(snap.counters.in_flight, 0);
        prop_assert_eq!(snap.counters.jobs_in_flight, 0);
        prop_assert!(snap.requests.is_empty(), "requests left: {:?}", snap.requests);
        prop_assert!(snap.lanes.iter().all(|l| l.state == LaneState::Idle));
        let r = sim.report();
        prop_assert_eq!(r.requests.arrived, r.requests.completed + r.requests.rejected + r.requests.failed);
        prop_assert!(r.utilization.cores <= 1.0 + 1e-9 && r.utilization.workers <= 1.0 + 1e-9);
        if let Some(j) = r.jobs {
            prop_assert_eq!(j.completed + j.dead_lettered + r.faults.lost, r.requests.completed);
        }
        let c = &snap.counters;
        let f = &r.faults;
        prop_assert_eq!(
            [c.lost, c.duplicated, c.order_violations, c.unobserved_errors, c.crashes],
            [f.lost, f.duplicated, f.order_violations, f.unobserved_errors, f.crashes]
        );
        prop_assert!(f.lost <= s.faults.crash_after_commit_at_ms.len() as u64);
        if s.faults.step_failure_rate == 0.0 {
            prop_assert_eq!(r.requests.failed, 0);
            prop_assert_eq!(f.unobserved_errors, 0);
        }
        if s.workload.keys.is_none() {
            prop_assert_eq!(f.order_violations, 0);
        }
        if let asyncviz_engine::Model::JobQueue(j) = &s.model {
            if j.partition_by_key {
                prop_assert_eq!(f.order_violations, 0, "one consumer per key applies in order");
            }
            if j.outbox {
                prop_assert_eq!(f.lost, 0);
            }
            if j.idempotent {
                prop_assert_eq!(f.duplicated, 0);
            }
        }
    }

    /// The work estimate that validation checks against the budget is an
    /// upper bound on the events the engine then really processes, for every
    /// model with every kind of fault.
    #[test]
    fn the_work_estimate_bounds_the_events(s in scenario()) {
        let estimate = s.work_estimate();
        let mut sim = Sim::new(&s);
        sim.run();
        prop_assert!(
            sim.events() <= estimate.events,
            "{} events but the estimate says at most {}\n{}",
            sim.events(),
            estimate.events,
            serde_json::to_string(&s.to_value()).unwrap()
        );
        prop_assert!(estimate.work >= estimate.events);
        prop_assert_eq!(estimate.work, estimate.parts.iter().sum::<u64>());
    }

    #[test]
    fn scenarios_round_trip_through_json(s in scenario()) {
        let back = Scenario::from_value(&s.to_value()).unwrap();
        prop_assert_eq!(back, s);
    }
}
