//! `workload.bursts`: extra requests sent at once on top of the arrival process (what the
//! app's "Send a burst" records). They arrive exactly when and as many as asked, every model
//! gets the same requests, they survive a round trip through the scenario format, bad lists
//! are refused with the field named, and a scenario without bursts runs as it always did.

use asyncviz_engine::{LaneState, Place, Scenario, Sim, StepKind, Timeline, Transition};

const MODELS: [&str; 5] = [
    r#"{"thread_pool": {"threads": 4, "queue": 10}}"#,
    r#"{"event_loop": {}}"#,
    r#"{"executor": {"core": 2, "max": 4, "queue": 5}}"#,
    r#"{"job_queue": {"workers": 2, "concurrency": 2}}"#,
    r#"{"virtual_threads": {}}"#,
];

fn scenario(model: &str, bursts: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{"seed": 7, "duration_ms": 2000, "cores": 2,
            "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 40}}}}, "bursts": {bursts},
                         "steps": [{{"cpu_ms": {{"exp": 3}}}}, {{"io_ms": {{"exp": 30}}}}]}},
            "model": {model}}}"#
    ))
    .unwrap()
}

/// Every arrival's (time, request) and every request's first computation, in order.
fn arrivals(s: &Scenario) -> (Vec<(u64, u32)>, Vec<(u32, u64)>) {
    let mut sim = Sim::new(s);
    let (mut arrived, mut work) = (Vec::new(), Vec::new());
    while let Some(e) = sim.step() {
        for t in &e.what {
            match *t {
                Transition::Arrived { req } => arrived.push((e.time_us, req)),
                Transition::Computing { req, dur_us, .. } => work.push((req, dur_us)),
                _ => {}
            }
        }
    }
    work.sort();
    work.dedup_by_key(|w| w.0);
    (arrived, work)
}

#[test]
fn a_burst_adds_exactly_its_requests_at_its_time() {
    for model in MODELS {
        let plain = arrivals(&scenario(model, "[]")).0;
        let with = arrivals(&scenario(model, r#"[{"at_ms": 500, "count": 50}, {"at_ms": 1250.5, "count": 3}]"#)).0;
        assert_eq!(with.len(), plain.len() + 53, "{model}");
        let at = |t: u64| with.iter().filter(|a| a.0 == t).count() - plain.iter().filter(|a| a.0 == t).count();
        assert_eq!(at(500_000), 50, "{model}");
        assert_eq!(at(1_250_500), 3, "{model}");
        // The arrival process is untouched: its times are all still there, in order.
        let mut times: Vec<u64> = with.iter().map(|a| a.0).collect();
        assert!(times.windows(2).all(|w| w[0] <= w[1]), "{model}: arrivals out of order");
        for t in plain.iter().map(|a| a.0) {
            let i = times.iter().position(|x| *x == t).unwrap_or_else(|| panic!("{model}: lost {t}"));
            times.remove(i);
        }
        assert_eq!(times.iter().filter(|t| **t == 500_000).count(), 50);
    }
}

#[test]
fn every_model_gets_the_same_requests() {
    let bursts = r#"[{"at_ms": 300, "count": 20}]"#;
    let (first_arrivals, first_work) = arrivals(&scenario(MODELS[0], bursts));
    for model in &MODELS[1..] {
        let (a, w) = arrivals(&scenario(model, bursts));
        assert_eq!(a, first_arrivals, "{model}: arrivals differ");
        if !model.contains("job_queue") {
            // The same request computes for as long on every side (the job queue's requests
            // compute the front end's accept step first; a side may not reach every request's
            // computation before the run ends).
            let same = w.iter().filter(|x| first_work.contains(x)).count();
            let shared = w.iter().filter(|x| first_work.iter().any(|f| f.0 == x.0)).count();
            assert_eq!(same, shared, "{model}: step durations differ");
            assert!(shared >= 50, "{model}: only {shared} requests to compare");
        }
    }
}

#[test]
fn without_bursts_nothing_changes() {
    // An empty list and no list run the same events.
    let none = Scenario::from_json_str(
        r#"{"seed": 7, "duration_ms": 2000, "cores": 2,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 40}}, "steps": [{"cpu_ms": {"exp": 3}}, {"io_ms": {"exp": 30}}]},
            "model": {"event_loop": {}}}"#,
    )
    .unwrap();
    assert_eq!(arrivals(&none), arrivals(&scenario(MODELS[1], "[]")));
    assert_eq!(none.to_value().get("workload").and_then(|w| w.get("bursts")), None);
}

#[test]
fn bursts_respect_the_limit_of_the_arrival_process_only() {
    let s = Scenario::from_json_str(
        r#"{"duration_ms": 1000, "workload": {"arrivals": {"constant": {"interval_ms": 10}}, "limit": 5,
            "bursts": [{"at_ms": 20, "count": 4}, {"at_ms": 900, "count": 2}], "steps": [{"io_ms": 1}]},
            "model": {"event_loop": {}}}"#,
    )
    .unwrap();
    let times: Vec<u64> = arrivals(&s).0.into_iter().map(|a| a.0).collect();
    // The process's five (0, 10, 20, 30, 40 ms; on a tie the process goes first) and six more.
    assert_eq!(times, [0, 10_000, 20_000, 20_000, 20_000, 20_000, 20_000, 30_000, 40_000, 900_000, 900_000]);
}

#[test]
fn bursts_round_trip_sorted_and_survive_time_travel() {
    let s = scenario(MODELS[0], r#"[{"at_ms": 900, "count": 5}, {"at_ms": 100, "count": 7}]"#);
    let v = s.to_value();
    assert_eq!(v["workload"]["bursts"], serde_json::json!([{"at_ms": 100.0, "count": 7}, {"at_ms": 900.0, "count": 5}]));
    assert_eq!(Scenario::from_value(&v).unwrap(), s);
    // Seeking back and forth across a burst lands on exactly the state a fresh run reaches.
    let mut fresh = Sim::new(&s);
    fresh.run_before(950_000);
    let mut t = Timeline::new(&s);
    t.seek(1_500_000);
    t.seek(950_000);
    assert_eq!(t.sim().snapshot(), fresh.snapshot());
}

#[test]
fn bad_bursts_name_the_field() {
    let refuse = |bursts: &str| {
        let json = format!(
            r#"{{"duration_ms": 1000, "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 1}}}}, "bursts": {bursts},
                "steps": [{{"io_ms": 1}}]}}, "model": {{"event_loop": {{}}}}}}"#
        );
        Scenario::from_json_str(&json).unwrap_err().to_string()
    };
    assert!(refuse("5").starts_with("workload.bursts: expected a list of bursts"), "{}", refuse("5"));
    let e = refuse(r#"[{"at_ms": 10, "count": 1}, {"at_ms": 1000, "count": 1}]"#);
    assert!(e.starts_with("workload.bursts[1].at_ms:"), "{e}");
    let e = refuse(r#"[{"at_ms": -1, "count": 1}]"#);
    assert!(e.starts_with("workload.bursts[0].at_ms:"), "{e}");
    let e = refuse(r#"[{"at_ms": 1, "count": 0}]"#);
    assert!(e.starts_with("workload.bursts[0].count:"), "{e}");
    let e = refuse(r#"[{"at_ms": 1}]"#);
    assert!(e.starts_with("workload.bursts[0].count:"), "{e}");
    let e = refuse(r#"[{"at_ms": 1, "count": 1, "when": 2}]"#);
    assert!(e.starts_with("workload.bursts[0].when:"), "{e}");
    let many = format!("[{}]", vec![r#"{"at_ms": 1, "count": 1}"#; 1001].join(","));
    assert!(refuse(&many).starts_with("workload.bursts: at most 1000 bursts"), "{}", refuse(&many));
    let e = refuse(r#"[{"at_ms": 1, "count": 30000000}, {"at_ms": 2, "count": 30000000}]"#);
    assert!(e.starts_with("workload:"), "{e}");
}

#[test]
fn the_work_estimate_counts_bursts() {
    let plain = scenario(MODELS[1], "[]").work_estimate().events;
    let with = scenario(MODELS[1], r#"[{"at_ms": 10, "count": 100000}]"#).work_estimate().events;
    assert!(with >= plain + 100_000, "{plain} → {with}");
}

#[test]
fn step_us_says_how_far_a_step_has_come() {
    for model in MODELS {
        let s = scenario(model, r#"[{"at_ms": 200, "count": 30}]"#);
        let mut sim = Sim::new(&s);
        let mut checked = 0;
        while sim.step().is_some() {
            let snap = sim.snapshot();
            let now = snap.time_us;
            for r in &snap.requests {
                if let Place::Awaiting { until } = r.place {
                    assert!(r.step_us > 0 && until >= now && until - now <= r.step_us, "{model}: {r:?} at {now}");
                    checked += 1;
                }
                if let Place::Lane { lane } = r.place {
                    let l = snap.lanes.iter().find(|l| l.id == lane).unwrap();
                    match l.state {
                        LaneState::Io { until } | LaneState::Blocked { until } => {
                            assert!(until >= now && until - now <= r.step_us, "{model}: {r:?} {l:?} at {now}");
                            checked += 1;
                        }
                        LaneState::Running { .. } | LaneState::Ready if r.current == Some(StepKind::Cpu) => {
                            assert!(l.cpu_left_us <= r.step_us, "{model}: {r:?} {l:?}");
                        }
                        _ => {}
                    }
                }
            }
        }
        assert!(checked > 0, "{model}: no wait seen");
    }
}
