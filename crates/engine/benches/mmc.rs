//! Engine throughput benchmarks (divan).
//!
//! ```text
//! cargo bench -p asyncviz-engine --bench mmc
//! scripts/bench.sh        # this, plus the CLI's peak memory and the SimPy comparison
//! ```
//!
//! `mmc_1m` is the headline figure: a 1,000,000-request M/M/8 queue at
//! ρ = 0.9 (Poisson arrivals at 720/s, 8 pool threads, exponential 10 ms
//! service, unbounded queue), the model of `bench/mmc_1m.json` and
//! `bench/mmc_simpy.py`. Divan's throughput line (`item/s`) is engine events
//! per second; the target is at least 5 M/s on one core. The other two
//! benchmarks are smaller runs that go through the CPU scheduler (time slices,
//! run queue, preemption) and the event-loop paths.
//!
//! Each sample is one whole run (`sample_size = 1`); building the `Sim` is
//! outside the timing and dropping it is deferred by divan.

use asyncviz_engine::{Scenario, Sim};
use divan::counter::ItemsCount;
use divan::Bencher;

fn main() {
    divan::main();
}

/// Same system as `bench/mmc_1m.json` (checked in `mmc_1m`).
const MMC_1M: &str = r#"{
    "seed": 1, "duration_ms": 2000000, "cores": 8,
    "workload": {
        "arrivals": {"poisson": {"rate_per_s": 720}},
        "limit": 1000000,
        "steps": [{"io_ms": {"exp": 10}}]
    },
    "model": {"thread_pool": {"threads": 8, "queue": null}}
}"#;

/// 200,000 requests, each a CPU burst then I/O, on 16 pool threads sharing
/// 4 cores (cores 50 % busy, threads 75 %): slices, run queue, preemption.
const THREAD_POOL_CPU_200K: &str = r#"{
    "seed": 1, "duration_ms": 400000, "cores": 4,
    "workload": {
        "arrivals": {"poisson": {"rate_per_s": 1000}},
        "limit": 200000,
        "steps": [{"cpu_ms": {"exp": 2}}, {"io_ms": {"exp": 10}}]
    },
    "model": {"thread_pool": {"threads": 16, "queue": null}}
}"#;

/// 200,000 requests on a Node-style event loop: CPU, awaited I/O, CPU
/// (loop 80 % busy): ready queue, awaiting and resumption.
const EVENT_LOOP_200K: &str = r#"{
    "seed": 1, "duration_ms": 400000, "cores": 4,
    "workload": {
        "arrivals": {"poisson": {"rate_per_s": 800}},
        "limit": 200000,
        "steps": [{"cpu_ms": {"exp": 0.5}}, {"io_ms": {"exp": 20}}, {"cpu_ms": {"exp": 0.5}}]
    },
    "model": {"event_loop": {}}
}"#;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json_str(json).expect("benchmark scenario is valid")
}

/// Runs `s` once (untimed) to count its events and requests: a run is
/// deterministic, so every timed run processes exactly as many.
fn counts(s: &Scenario) -> (u64, u64) {
    let mut sim = Sim::new(s);
    sim.run();
    let r = sim.report();
    assert_eq!(r.requests.in_flight, 0, "the run drains");
    (sim.events(), r.requests.completed)
}

/// Times whole runs of `s`, reporting engine events per second.
fn bench_run(bencher: Bencher, s: &Scenario, expect_requests: u64) {
    let (events, requests) = counts(s);
    assert_eq!(requests, expect_requests, "every request is served");
    bencher.counter(ItemsCount::new(events)).with_inputs(|| Sim::new(s)).bench_local_values(
        |mut sim: Sim| {
            sim.run();
            debug_assert_eq!(sim.events(), events);
            sim
        },
    );
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn mmc_1m(bencher: Bencher) {
    let s = scenario(MMC_1M);
    // Keep this benchmark and the CLI/SimPy scenario file in step.
    let file = concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench/mmc_1m.json");
    if let Ok(text) = std::fs::read_to_string(file) {
        let mut from_file = scenario(&text);
        from_file.name = None;
        assert_eq!(from_file, s, "bench/mmc_1m.json differs from MMC_1M");
    }
    bench_run(bencher, &s, 1_000_000);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn thread_pool_cpu_200k(bencher: Bencher) {
    bench_run(bencher, &scenario(THREAD_POOL_CPU_200K), 200_000);
}

#[divan::bench(sample_count = 10, sample_size = 1)]
fn event_loop_200k(bencher: Bencher) {
    bench_run(bencher, &scenario(EVENT_LOOP_200K), 200_000);
}
