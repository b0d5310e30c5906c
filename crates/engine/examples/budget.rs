//! Measures what the work budget (`WORK_BUDGET`) stands for on this machine.
//!
//! ```text
//! cargo run --release -p asyncviz-engine --example budget                 # examples/scenarios/**/*.json
//! cargo run --release -p asyncviz-engine --example budget -- FILE.json…   # these scenarios
//! cargo run --release -p asyncviz-engine --example budget -- --weights    # the cost weights
//! ```
//!
//! For every scenario it prints the estimate (events, work, the dominant
//! dimension) or the refusal, and for accepted ones what they really cost
//! natively: the events, a whole run (as the CLI does it), exploring the run
//! with a `Timeline` that records history and traces (as the app does it),
//! and the slowest of 64 seeks to spread-out times afterwards (one checkpoint
//! copy and one spacing of replay: the app's worst frame; the smallest such
//! worst of three passes). The last lines
//! give the largest cost per event-equivalent of work and the worst seek.
//!
//! `--weights` measures the costs the estimate weighs against one event
//! (copying a thread, a job worker, a key; scanning workers, the queue with
//! `partition_by_key`; crash sweeps), as ns per item and per event.
//!
//! Times are the thread's CPU time on Linux (`CLOCK_THREAD_CPUTIME_ID`), so
//! that other work on a shared machine does not inflate them; wall-clock
//! time elsewhere.

use std::path::{Path, PathBuf};
use std::time::Instant;

use asyncviz_engine::{Scenario, Sim, Timeline, WORK_BUDGET};

/// Nanoseconds this thread has run (Linux), or wall-clock nanoseconds.
#[cfg(target_os = "linux")]
fn clock_ns(_start: Instant) -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime only writes the timespec we pass.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID)");
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Nanoseconds this thread has run (Linux), or wall-clock nanoseconds.
#[cfg(not(target_os = "linux"))]
fn clock_ns(start: Instant) -> u64 {
    start.elapsed().as_nanos() as u64
}

/// Runs `f` and returns its result and its cost in ns (best of `tries`).
fn measure<T>(tries: usize, mut f: impl FnMut() -> T) -> (T, f64) {
    let origin = Instant::now();
    let mut best = f64::MAX;
    let mut out = None;
    for _ in 0..tries {
        let a = clock_ns(origin);
        let v = f();
        let b = clock_ns(origin);
        best = best.min((b - a) as f64);
        out = Some(v);
    }
    (out.expect("tries > 0"), best)
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

/// The app's configuration of a side: history over 4 s and the spans of the last 256 requests.
fn app_timeline(s: &Scenario) -> Timeline {
    asyncviz_engine::Builder::new().history(4_000_000).traces(256).timeline(s)
}

fn scenario_row(path: &Path, worst: &mut (f64, f64, f64)) {
    let name = path.file_name().map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => return println!("{name}: {e}"),
    };
    let s = match Scenario::from_json_str(&text) {
        Ok(s) => s,
        Err(e) => {
            let est = Scenario::from_json_str_with_budget(&text, u64::MAX).map(|s| s.work_estimate());
            let dim = est.as_ref().map_or("-", |e| e.dominant().key());
            return println!("{name:<34} refused ({dim}): {e}");
        }
    };
    let est = s.work_estimate();
    let (events, run_ns) = measure(3, || {
        let mut sim = Sim::new(&s);
        sim.run();
        sim.events()
    });
    let (mut tl, explore_ns) = measure(1, || {
        let mut t = app_timeline(&s);
        t.run();
        t
    });
    let end = tl.sim().last_event_time();
    // 64 targets in a scattered order, so seeks go back and forward; the
    // worst seek of each of three passes, and the smallest of those three
    // (a page fault or a busy neighbour can slow any single seek).
    let mut seek_ns = f64::MAX;
    for _ in 0..3 {
        let mut pass: f64 = 0.0;
        for i in 0..64u64 {
            let target = end / 64 * ((i * 37) % 64);
            let ((), ns) = measure(1, || tl.seek(target));
            pass = pass.max(ns);
        }
        seek_ns = seek_ns.min(pass);
    }
    let per_work = run_ns / est.work.max(1) as f64;
    worst.0 = worst.0.max(per_work);
    worst.1 = worst.1.max(seek_ns);
    worst.2 = worst.2.max(run_ns);
    println!(
        "{name:<34} {:>11} {:>11} {:>11} {:<9} {:>9.1} {:>7.0} {:>7.2} {:>9.1} {:>8.2}",
        est.events,
        events,
        est.work,
        est.dominant().key(),
        run_ns / 1e6,
        run_ns / events.max(1) as f64,
        per_work,
        explore_ns / 1e6,
        seek_ns / 1e6,
    );
}

fn weights() {
    let sc = |j: &str| Scenario::from_json_str_with_budget(j, u64::MAX).expect("valid");
    let per_clone = |s: &Scenario, items: f64| {
        let sim = Sim::new(s);
        let (_, ns) = measure(20, || sim.clone());
        ns / items
    };
    // The cost of one event, from a plain run with few threads.
    let base = sc(r#"{"duration_ms": 200000, "workload": {"arrivals": {"poisson": {"rate_per_s": 1000}},
        "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 10}}]}, "model": {"thread_pool": {"threads": 8}}}"#);
    let (ev, ns) = measure(3, || {
        let mut sim = Sim::new(&base);
        sim.run();
        sim.events()
    });
    let event = ns / ev as f64;
    println!("one event (thread_pool, cpu + io): {event:.1} ns");
    let show = |what: &str, ns: f64| println!("{what:<58} {ns:>8.2} ns  = 1/{:.0} event", event / ns);
    let one = r#""workload": {"arrivals": {"at_ms": [1]}, "steps": [{"cpu_ms": 1}]}"#;
    show(
        "copy one thread (thread_pool, 100000 threads)",
        per_clone(&sc(&format!(r#"{{{one}, "model": {{"thread_pool": {{"threads": 100000}}}}}}"#)), 1e5),
    );
    show(
        "copy one job worker (job_queue, 100000 workers)",
        per_clone(&sc(&format!(r#"{{{one}, "model": {{"job_queue": {{"workers": 100000}}}}}}"#)), 1e5),
    );
    let keyed = r#""workload": {"arrivals": {"at_ms": [1]}, "keys": 1000000, "steps": [{"cpu_ms": 1}]}"#;
    show(
        "copy one key's state (1000000 keys, partition_by_key)",
        per_clone(
            &sc(&format!(
                r#"{{{keyed}, "model": {{"job_queue": {{"workers": 1, "partition_by_key": true}}}}}}"#
            )),
            2e6,
        ),
    );
    // Scanning workers: the same jobs on 1 worker with 1000 slots, and on 10000 workers.
    let jobs = |model: &str| {
        sc(&format!(
            r#"{{"duration_ms": 10000, "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 1000}}}},
            "steps": [{{"io_ms": 10}}]}}, "model": {{"job_queue": {model}}}}}"#
        ))
    };
    let run = |s: &Scenario| {
        measure(3, || {
            let mut sim = Sim::new(s);
            sim.run();
            sim.report().requests.arrived
        })
    };
    let (n, one_worker) = run(&jobs(r#"{"workers": 1, "concurrency": 1000}"#));
    let (_, many) = run(&jobs(r#"{"workers": 10000}"#));
    // Three scans of all workers per job at most; about two in this run.
    show("look at one job worker when dispatching", (many - one_worker) / (2.0 * n as f64 * 1e4));
    // partition_by_key with 2 keys on 10 workers: both keys busy, every new
    // job scans the whole queue, which grows by one per ms.
    let part =
        sc(r#"{"duration_ms": 4000, "workload": {"arrivals": {"constant": {"interval_ms": 1}}, "keys": 2,
        "steps": [{"io_ms": 50}]}, "model": {"job_queue": {"workers": 10, "partition_by_key": true}}}"#);
    let (_, ns) = run(&part);
    let scanned: f64 = (0..4000).map(f64::from).sum();
    show("look at one queued job (partition_by_key)", ns / scanned);
    // Unhandled rejections with 100000 offload workers: each crash sweeps every thread.
    let crash = sc(r#"{"duration_ms": 2000, "workload": {"arrivals": {"poisson": {"rate_per_s": 1000}},
        "steps": [{"io_ms": 1}]}, "model": {"event_loop": {"workers": 100000}},
        "faults": {"step_failure_rate": 0.5, "error_handling": "unhandled_rejection", "restart_ms": 0}}"#);
    let (crashes, ns) = measure(1, || {
        let mut sim = Sim::new(&crash);
        sim.run();
        sim.report().faults.crashes
    });
    show("sweep one thread in a crash recovery (twice per crash)", ns / (crashes as f64 * 2e5));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--weights") {
        return weights();
    }
    let mut paths: Vec<PathBuf> = args.iter().map(PathBuf::from).collect();
    if paths.is_empty() {
        files(&Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/scenarios"), &mut paths);
    }
    println!("WORK_BUDGET = {WORK_BUDGET}; times in ms of CPU, per-item costs in ns");
    println!(
        "{:<34} {:>11} {:>11} {:>11} {:<9} {:>9} {:>7} {:>7} {:>9} {:>8}",
        "scenario",
        "est.events",
        "events",
        "est.work",
        "dominant",
        "run ms",
        "ns/ev",
        "ns/work",
        "explore",
        "seek ms"
    );
    let mut worst = (0.0, 0.0, 0.0);
    for p in &paths {
        scenario_row(p, &mut worst);
    }
    println!(
        "largest: {:.1} ns per event-equivalent of estimated work, whole run {:.0} ms, seek {:.1} ms natively",
        worst.0,
        worst.2 / 1e6,
        worst.1 / 1e6
    );
}
