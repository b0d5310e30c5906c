//! Determinism and time travel: the same seed gives a byte-identical report
//! and trace, different seeds differ, and stepping back or seeking lands on
//! exactly the state a fresh run reaches.

use asyncviz_engine::{Builder, Scenario, Sim, Timeline, MAX_CHECKPOINTS, TRACED_REQUESTS};

/// Each model (the last three with faults: the text is spliced in after `"model":`).
const MODELS: [&str; 8] = [
    r#"{"thread_pool": {"threads": 6, "queue": 20}}"#,
    r#"{"event_loop": {"flavor": "node", "workers": 2, "offload_cpu": true}}"#,
    r#"{"executor": {"core": 2, "max": 6, "queue": 10, "keep_alive_ms": 50, "rejection": "discard_oldest"}}"#,
    r#"{"job_queue": {"workers": 3, "concurrency": 2, "attempts": 3, "backoff_ms": 20, "failure_rate": 0.2}}"#,
    r#"{"virtual_threads": {"carriers": 2}}"#,
    r#"{"event_loop": {"flavor": "node", "workers": 2, "offload_cpu": true}},
       "faults": {"step_failure_rate": 0.01, "error_handling": "unhandled_rejection", "restart_ms": 80}"#,
    r#"{"job_queue": {"workers": 3, "concurrency": 2, "attempts": 2, "backoff_ms": 20, "visibility_timeout_ms": 100,
                     "outbox": true, "partition_by_key": true}},
       "faults": {"step_failure_rate": 0.05, "crash_after_commit_at_ms": [300, 900, 1500], "worker_crash_at_ms": [200, 700, 1200]}"#,
    r#"{"job_queue": {"workers": 3, "concurrency": 2, "visibility_timeout_ms": 100}},
       "faults": {"step_failure_rate": 0.05, "error_handling": "fire_and_forget",
                  "crash_after_commit_at_ms": [100, 400], "worker_crash_at_ms": [150, 600, 1300]}"#,
];

fn scenario(seed: u64, model: &str, duration_ms: u32) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{"seed": {seed}, "duration_ms": {duration_ms}, "cores": 2,
            "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 150}}}},
                         "keys": 5,
                         "steps": [{{"cpu_ms": {{"exp": 4}}}}, {{"io_ms": {{"exp": 40}}}}, {{"blocking_io_ms": {{"uniform": [0, 2]}}}}]}},
            "model": {model}}}"#
    ))
    .unwrap()
}

/// The report and the whole trace as JSON text.
fn run(s: &Scenario) -> (String, String) {
    let mut sim = Sim::new(s);
    let mut trace = String::new();
    while let Some(e) = sim.step() {
        trace.push_str(&serde_json::to_string(&e).unwrap());
        trace.push('\n');
    }
    (serde_json::to_string(&sim.report()).unwrap(), trace)
}

#[test]
fn same_seed_gives_byte_identical_report_and_trace() {
    for m in MODELS {
        let s = scenario(42, m, 3000);
        let (r1, t1) = run(&s);
        let (r2, t2) = run(&s);
        assert_eq!(r1, r2, "{m}");
        assert!(t1 == t2, "trace differs for {m}");
        assert!(t1.lines().count() > 1000, "{m}: the trace should be substantial");
    }
}

#[test]
fn different_seeds_differ() {
    for m in MODELS {
        let (a, _) = run(&scenario(1, m, 3000));
        let (b, _) = run(&scenario(2, m, 3000));
        assert_ne!(a, b, "{m}");
    }
}

#[test]
fn stepping_and_run_give_the_same_report() {
    for m in MODELS {
        let s = scenario(5, m, 3000);
        let (stepped, _) = run(&s);
        let mut sim = Sim::new(&s);
        sim.run();
        assert_eq!(serde_json::to_string(&sim.report()).unwrap(), stepped, "{m}");
    }
}

#[test]
fn pausing_at_any_time_does_not_change_the_outcome() {
    for m in MODELS {
        let s = scenario(8, m, 2000);
        let mut whole = Sim::new(&s);
        whole.run();
        let mut paused = Sim::new(&s);
        // Pauses inside the run; pausing after the last event moves the clock on,
        // which (rightly) lowers time-averaged utilisation.
        for t in (0..2_000_000).step_by(333_333) {
            paused.run_until(t);
        }
        paused.run();
        assert_eq!(paused.report(), whole.report(), "{m}");
        assert_eq!(paused.series(), whole.series(), "{m}");
    }
}

#[test]
fn step_back_and_seek_land_on_the_fresh_run_state() {
    for m in MODELS {
        let s = scenario(11, m, 3000);
        // States after n events, from a fresh forward run.
        let mut fresh = Sim::new(&s);
        let mut states = vec![fresh.snapshot()];
        while fresh.step().is_some() {
            states.push(fresh.snapshot());
        }
        let total = states.len() as u64 - 1;
        assert!(total > 2 * 512, "{m}: long enough to need checkpoints");

        let mut t = Timeline::new(&s);
        t.run();
        assert_eq!(t.sim().snapshot(), states[total as usize]);
        // Step back one at a time across a checkpoint boundary.
        for n in (total - 600..total).rev() {
            assert!(t.step_back());
            assert_eq!(t.sim().events(), n);
            assert_eq!(&t.sim().snapshot(), &states[n as usize], "{m}: step back to {n}");
        }
        // Jump around.
        for n in [0, 1, total / 3, total / 2, 7, total, total / 5] {
            t.seek_event(n);
            assert_eq!(&t.sim().snapshot(), &states[n as usize], "{m}: seek_event {n}");
        }
        t.reset();
        assert!(!t.step_back(), "nothing before the start");
        assert_eq!(t.sim().snapshot(), states[0]);
    }
}

#[test]
fn seek_by_time_matches_a_fresh_run_until() {
    let s = scenario(3, MODELS[1], 3000);
    let mut t = Timeline::new(&s);
    for ms in [2500u64, 100, 1700, 1699, 0, 2999, 40] {
        t.seek(ms * 1000);
        let mut fresh = Sim::new(&s);
        fresh.run_until(ms * 1000);
        assert_eq!(t.sim().snapshot(), fresh.snapshot(), "seek to {ms} ms");
        assert_eq!(t.sim().report(), fresh.report(), "seek to {ms} ms");
        assert_eq!(t.sim().series(), fresh.series(), "seek to {ms} ms");
    }
}

#[test]
fn checkpoints_stay_bounded_on_long_runs() {
    let s = scenario(4, MODELS[0], 120_000);
    let mut t = Timeline::new(&s);
    t.run();
    assert!(t.sim().events() > 64 * 512 * 2, "long enough to thin out checkpoints");
    assert!(t.checkpoints() <= MAX_CHECKPOINTS, "{} checkpoints", t.checkpoints());
    assert!(t.sim().series().len() < asyncviz_engine::MAX_SAMPLES);
    // Still exact after thinning.
    let n = t.sim().events() / 3;
    t.seek_event(n);
    let mut fresh = Sim::new(&s);
    for _ in 0..n {
        fresh.step();
    }
    assert_eq!(t.sim().snapshot(), fresh.snapshot());
}

#[test]
fn lockstep_steps_one_event_at_a_time_on_one_clock_and_back() {
    let sides = [scenario(21, MODELS[0], 800), scenario(21, MODELS[1], 800), scenario(21, MODELS[3], 800)];
    let mut ls = Builder::new().history(200_000).traces(TRACED_REQUESTS).lockstep(&sides);
    let mut states = vec![(ls.clock(), ls.sides().map(|s| s.snapshot()).collect::<Vec<_>>())];
    let mut last_t = 0;
    while let Some((i, e)) = ls.step() {
        assert!(e.time_us >= last_t, "global order is by time");
        last_t = e.time_us;
        assert_eq!(ls.clock(), e.time_us);
        assert_eq!(ls.side(i).events(), e.index);
        assert!(ls.sides().all(|s| s.now() == ls.clock()), "one shared clock");
        assert_eq!(ls.events(), states.len() as u64);
        states.push((ls.clock(), ls.sides().map(|s| s.snapshot()).collect()));
    }
    assert!(states.len() > 1500);
    for n in (0..states.len() - 1).rev().take(700) {
        assert!(ls.step_back());
        assert_eq!(ls.events(), n as u64);
        assert_eq!(ls.clock(), states[n].0, "clock after stepping back to {n}");
        let now: Vec<_> = ls.sides().map(|s| s.snapshot()).collect();
        assert!(now == states[n].1, "state after stepping back to global step {n}");
    }
    ls.reset();
    assert!(!ls.step_back());
    assert_eq!(ls.sides().map(|s| s.snapshot()).collect::<Vec<_>>(), states[0].1);
    ls.seek(400_000);
    assert!(ls.sides().all(|s| s.now() == 400_000));
}

#[test]
fn lockstep_step_back_returns_to_the_exact_moment_it_left_between_events() {
    let sides = [scenario(21, MODELS[0], 800), scenario(21, MODELS[1], 800)];
    let mut ls = Builder::new().history(200_000).traces(TRACED_REQUESTS).lockstep(&sides);
    // A paused animation frame rests between events, as a seek does.
    let mid = 300_500;
    ls.seek(mid);
    assert!(ls.next_time().is_some_and(|t| t > mid));
    let snaps: Vec<_> = ls.sides().map(|s| s.snapshot()).collect();
    let n = ls.events();
    for _ in 0..10 {
        ls.step().unwrap();
    }
    assert!(ls.clock() > mid);
    for _ in 0..10 {
        assert!(ls.step_back());
    }
    assert_eq!(ls.clock(), mid, "the displayed time is the one it left");
    assert_eq!(ls.events(), n);
    assert!(ls.sides().map(|s| s.snapshot()).collect::<Vec<_>>() == snaps, "and the state");
    // Past the moment stepping began, a step back lands on the last event still processed.
    assert!(ls.step_back());
    assert!(ls.clock() < mid);
    assert_eq!(ls.events(), n - 1);
}

#[test]
fn lockstep_advance_gets_there_a_bounded_number_of_events_at_a_time() {
    let sides = [scenario(21, MODELS[0], 800), scenario(21, MODELS[1], 800)];
    let mut whole = Builder::new().history(200_000).traces(TRACED_REQUESTS).lockstep(&sides);
    whole.seek(600_000);
    let want: Vec<_> = whole.sides().map(|s| s.snapshot()).collect();
    let mut ls = Builder::new().history(200_000).traces(TRACED_REQUESTS).lockstep(&sides);
    let mut calls = 0;
    let mut before = 0;
    while !ls.advance(600_000, 100) {
        assert!(ls.events() - before <= 100, "at most 100 events a call");
        assert!(ls.sides().all(|s| s.now() == ls.clock()), "one shared clock between calls");
        before = ls.events();
        calls += 1;
    }
    assert!(calls > 5, "{calls} calls");
    assert_eq!(ls.clock(), 600_000);
    assert!(ls.sides().map(|s| s.snapshot()).collect::<Vec<_>>() == want, "the state a seek reaches");
    // Back again, a bounded number of events at a time, to the state a seek reaches.
    whole.seek(150_000);
    let want: Vec<_> = whole.sides().map(|s| s.snapshot()).collect();
    while !ls.advance(150_000, 100) {
        assert!(ls.sides().all(|s| s.now() == ls.clock()));
    }
    assert_eq!(ls.clock(), 150_000);
    assert!(ls.sides().map(|s| s.snapshot()).collect::<Vec<_>>() == want);
}

#[test]
fn a_scout_finds_the_end_a_bounded_number_of_events_at_a_time() {
    use asyncviz_engine::{Lockstep, Scout};
    let sides = [scenario(21, MODELS[0], 800), scenario(21, MODELS[1], 800), scenario(21, MODELS[3], 800)];
    let end = Lockstep::new(&sides).end_time();
    let total: u64 = sides
        .iter()
        .map(|s| {
            let mut sim = asyncviz_engine::Sim::new(s);
            sim.run();
            sim.events()
        })
        .sum();
    let mut scout = Scout::new(&sides);
    let (mut calls, mut known) = (0, 0);
    while !scout.explore(200) {
        calls += 1;
        assert!(scout.events() <= calls * 200 + 3, "at most 200 events a call");
        assert!(scout.known_until() >= known, "what is known only grows");
        assert!(scout.known_until() <= end);
        known = scout.known_until();
    }
    assert_eq!(scout.known_until(), end);
    assert_eq!(scout.events(), total);
    assert!(calls >= total / 200 - 1);
}

#[test]
fn a_limited_snapshot_lists_the_oldest_waiting_requests_everyone_on_a_lane_and_the_one_followed() {
    let s = Scenario::from_json_str(
        r#"{"cores": 2, "duration_ms": 100,
            "workload": {"arrivals": {"burst": {"count": 3000}}, "steps": [{"io_ms": 10}]},
            "model": {"thread_pool": {"threads": 4, "queue": null}}}"#,
    )
    .unwrap();
    let mut sim = asyncviz_engine::Sim::new(&s);
    sim.run_until(1);
    let whole = sim.snapshot();
    assert_eq!(whole.requests.len(), 3000);
    let few = sim.snapshot_limited(100, Some(2999));
    assert!(few.requests.len() <= 102, "{}", few.requests.len());
    assert!(few.requests.iter().any(|r| r.id == 2999), "the followed request");
    assert_eq!(few.requests[..100], whole.requests[..100], "the oldest, in order");
    assert_eq!((few.lanes, few.counters), (whole.lanes, whole.counters), "lanes and counts whole");
    assert_eq!((few.queues[0].len, whole.queues[0].len), (2996, 2996), "a queue counts all it holds");
    assert_eq!(few.queues[0].reqs[..], whole.queues[0].reqs[..100], "and lists its head");
}

#[test]
fn lane_history_records_what_each_thread_did() {
    use asyncviz_engine::{LaneState, Segment};
    let s = Scenario::from_json_str(
        r#"{"cores": 1, "duration_ms": 100,
            "workload": {"arrivals": {"at_ms": [0, 1, 2]}, "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
            "model": {"thread_pool": {"threads": 1, "queue": 1}}}"#,
    )
    .unwrap();
    let mut sim = Builder::new().history(1_000_000).sim(&s);
    sim.run();
    let segs: Vec<Segment> = sim.history().copied().collect();
    let ms = |s: &Segment| (s.start / 1000, s.end / 1000, s.state, s.req);
    assert_eq!(
        segs.iter().map(ms).collect::<Vec<_>>(),
        vec![
            (0, 2, LaneState::Running { core: 0 }, Some(1)),
            (2, 12, LaneState::Io { until: 12_000 }, Some(1)),
            (12, 14, LaneState::Running { core: 0 }, Some(2)),
            (14, 24, LaneState::Io { until: 24_000 }, Some(2)),
        ]
    );
    // A short window keeps only the recent past.
    let mut sim = Builder::new().history(50_000).sim(&scenario(2, MODELS[0], 3000));
    sim.run();
    let now = sim.now();
    assert!(sim.history().all(|s| s.end + 50_000 >= now && s.start < s.end));
    assert!(sim.history().count() > 0);
}

#[test]
fn the_faulty_models_do_fail_crash_and_duplicate() {
    let faults = |m: &str| {
        let mut sim = Sim::new(&scenario(11, m, 3000));
        sim.run();
        sim.report().faults
    };
    let node = faults(MODELS[5]);
    assert!(node.crashes > 0, "{node:?}");
    let jobs = faults(MODELS[6]);
    assert!(
        jobs.crashes == 6 && jobs.lost == 0 && jobs.duplicated > 0 && jobs.order_violations == 0,
        "{jobs:?}"
    );
    let lossy = faults(MODELS[7]);
    assert!(lossy.lost == 2 && lossy.unobserved_errors > 0 && lossy.order_violations > 0, "{lossy:?}");
}

/// A run explored a slice at a time (as the app does, a frame's budget at a
/// time) keeps the same checkpoints as one run to the end, and then a seek in
/// any direction, whole or sliced, starts from the nearest checkpoint and
/// lands exactly where a fresh run does.
#[test]
fn runs_and_seeks_in_slices_land_on_the_same_states() {
    for m in MODELS {
        let s = scenario(9, m, 3000);
        let mut whole = Timeline::new(&s);
        whole.run();
        let mut sliced = Timeline::new(&s);
        let mut calls = 0;
        while sliced.run_for(100) {
            calls += 1;
        }
        assert!(calls > 3, "{m}: the run takes several slices");
        assert_eq!(sliced.sim().events(), whole.sim().events(), "{m}");
        assert_eq!(sliced.checkpoints(), whole.checkpoints(), "{m}");
        assert_eq!(sliced.sim().snapshot(), whole.sim().snapshot(), "{m}");
        assert!(!sliced.run_for(100), "{m}: nothing left");

        let end = whole.sim().last_event_time();
        let total = whole.sim().events();
        // Back to the start, then forward again: a forward seek into the
        // explored run starts from a later checkpoint.
        whole.reset();
        for t in [end / 2, end / 5, end - 1, end / 3, 0, end] {
            whole.seek(t);
            let mut fresh = Sim::new(&s);
            fresh.run_until(t);
            assert_eq!(whole.sim().snapshot(), fresh.snapshot(), "{m}: seek to {t} µs");
            assert_eq!(whole.sim().report(), fresh.report(), "{m}: seek to {t} µs");

            let mut slices = 0;
            sliced.reset();
            while !sliced.seek_for(t, 300) {
                slices += 1;
                assert!(slices < 100_000, "{m}: seek_for makes progress");
            }
            assert_eq!(sliced.sim().snapshot(), fresh.snapshot(), "{m}: seek_for to {t} µs");
        }
        // seek_event forward from the start also lands exactly.
        whole.reset();
        let n = 2 * total / 3;
        let mut fresh = Sim::new(&s);
        let mut e = 0;
        while e < n && fresh.step().is_some() {
            e += 1;
        }
        whole.seek_event(n);
        assert_eq!(whole.sim().snapshot(), fresh.snapshot(), "{m}: seek_event {n}");
    }
}

/// After a run, a seek anywhere replays at most about one checkpoint
/// spacing: E/32 events for E events, or twice the state when the state is
/// larger. Here the app's 4 s of lane history keeps thousands of segments,
/// so the state spaces the first checkpoints; thinning must not leave wide
/// gaps behind.
#[test]
fn every_seek_replays_at_most_one_spacing() {
    let s = Scenario::from_json_str(
        r#"{"seed": 3, "duration_ms": 1000000, "cores": 8,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 700}}, "steps": [{"io_ms": {"exp": 10}}]},
            "model": {"thread_pool": {"threads": 8, "queue": null}}}"#,
    )
    .unwrap();
    let mut t = Builder::new().history(4_000_000).traces(256).timeline(&s);
    let mut state = 0;
    while t.run_for(1000) {
        state = state.max(t.sim().state_size());
    }
    let events = t.sim().events();
    assert!(events > 64 * 512 * 8, "long enough to thin several times: {events}");
    assert!(2 * state > 512, "the state spaces checkpoints: {state}");
    let end = t.sim().last_event_time();
    let spacing = (events / 32).max(2 * state);
    for i in 0..100 {
        let target = end / 100 * i;
        t.reset();
        assert!(t.seek_for(target, spacing + 1), "seek to {target} µs replays more than {spacing} events");
    }
}
