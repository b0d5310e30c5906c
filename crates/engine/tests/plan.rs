//! `Plan` (the workload alone, for `asyncviz real`) gives the requests the simulation sees:
//! the same arrival times, in order, and the same step durations, for every arrival process,
//! with and without `workload.bursts`.

use asyncviz_engine::{Plan, Scenario, Sim, StepKind, Transition};

fn scenario(arrivals: &str, model: &str, limit: &str) -> Scenario {
    with_bursts(arrivals, model, limit, "[]")
}

fn with_bursts(arrivals: &str, model: &str, limit: &str, bursts: &str) -> Scenario {
    Scenario::from_json_str(&format!(
        r#"{{"seed": 9, "duration_ms": 3000, "cores": 2,
            "workload": {{"arrivals": {arrivals}, "limit": {limit}, "bursts": {bursts},
              "steps": [{{"cpu_ms": {{"exp": 3}}}}, {{"io_ms": {{"uniform": [5, 40]}}}}, {{"blocking_io_ms": 2}}]}},
            "model": {model}}}"#
    ))
    .unwrap()
}

/// Arrival times from the simulation's events, and the work it sums per step kind (µs).
fn simulated(s: &Scenario) -> (Vec<u64>, [u64; 3]) {
    let mut sim = Sim::new(s);
    let mut times = Vec::new();
    while let Some(ev) = sim.step() {
        for t in &ev.what {
            if let Transition::Arrived { req } = t {
                assert_eq!(*req as usize, times.len() + 1, "arrivals in id order");
                times.push(ev.time_us);
            }
        }
    }
    let w = sim.report().work_ms;
    let us = |ms: f64| (ms * 1000.0).round() as u64;
    (times, [us(w.cpu), us(w.io), us(w.blocking_io)])
}

#[test]
fn the_plan_is_what_the_simulation_draws() {
    let models = [
        r#"{"thread_pool": {"threads": 4, "queue": 10}}"#,
        r#"{"event_loop": {}}"#,
        r#"{"job_queue": {"workers": 2, "accept_cpu_ms": {"exp": 1}}}"#,
    ];
    let arrivals = [
        r#"{"poisson": {"rate_per_s": 150}}"#,
        r#"{"constant": {"interval_ms": 7.5}}"#,
        r#"{"burst": {"count": 40, "at_ms": 100}}"#,
        r#"{"at_ms": [30, 10, 10, 2999.9, 500]}"#,
    ];
    for model in models {
        for arr in arrivals {
            for (limit, bursts) in [
                ("null", "[]"),
                ("17", "[]"),
                (
                    "null",
                    r#"[{"at_ms": 0, "count": 3}, {"at_ms": 500, "count": 25}, {"at_ms": 2999, "count": 2}]"#,
                ),
                ("17", r#"[{"at_ms": 100, "count": 10}]"#),
            ] {
                let s = with_bursts(arr, model, limit, bursts);
                let plan: Vec<_> = Plan::new(&s).collect();
                let (times, work) = simulated(&s);
                let planned: Vec<u64> = plan.iter().map(|r| r.at_us).collect();
                assert_eq!(planned, times, "{arr} {model} limit {limit} bursts {bursts}");
                let mut sums = [0u64; 3];
                for r in &plan {
                    assert_eq!(r.steps.len(), 3);
                    for (kind, d) in &r.steps {
                        sums[*kind as usize] += d;
                    }
                    assert_eq!(r.accept_us.is_some(), model.contains("job_queue"));
                }
                assert_eq!(sums, work, "{arr} {model} limit {limit} bursts {bursts}");
                assert_eq!(
                    plan.iter().map(|r| r.id).collect::<Vec<_>>(),
                    (1..=plan.len() as u64).collect::<Vec<_>>()
                );
            }
        }
    }
}

#[test]
fn the_plan_does_not_depend_on_the_model_and_follows_the_seed() {
    let a: Vec<_> =
        Plan::new(&scenario(r#"{"poisson": {"rate_per_s": 100}}"#, r#"{"event_loop": {}}"#, "null"))
            .collect();
    let b: Vec<_> =
        Plan::new(&scenario(r#"{"poisson": {"rate_per_s": 100}}"#, r#"{"virtual_threads": {}}"#, "null"))
            .collect();
    assert_eq!(a, b);
    let mut other = scenario(r#"{"poisson": {"rate_per_s": 100}}"#, r#"{"event_loop": {}}"#, "null");
    other.seed = 10;
    let c: Vec<_> = Plan::new(&other).collect();
    assert_ne!(a[0].at_us, c[0].at_us);
    assert!(a.iter().all(|r| r.steps[2] == (StepKind::BlockingIo, 2000)));
}
