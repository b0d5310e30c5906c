//! The work budget: an upper bound on what simulating a scenario costs,
//! computed from what the scenario declares, and the limit that validation
//! holds every scenario to.
//!
//! A scenario is untrusted input (links, fenced blocks, `postMessage`), and
//! the per-field limits do not bound the work: 40,000 requests of
//! `cpu_ms: 1e8` at a 5 ms quantum are 8×10^11 scheduling slices. So
//! [`Scenario::from_value`] also refuses any scenario whose
//! [`WorkEstimate::work`] exceeds [`WORK_BUDGET`], with a message that names
//! what to lower. See [`WorkEstimate`] for what is counted.

use serde::Serialize;

use crate::error::{ErrorKind, ScenarioError};
use crate::scenario::{Dist, ErrorHandling, Model, Scenario, StepKind};
use crate::timeline::{FIRST_SPACING, MAX_CHECKPOINTS};

/// Most work, in engine events or their equivalent, that one scenario may
/// need; [`Scenario::from_value`] refuses more. A comparison replays all its
/// sides together, so a viewer should hold the sum of its sides'
/// [`WorkEstimate::work`] to it as well.
///
/// Chosen so that every accepted scenario stays runnable in a browser tab,
/// from figures measured with `cargo run --release -p asyncviz-engine
/// --example budget` (thread CPU time on the 2-core development machine):
///
/// - A run explored by a [`Timeline`](crate::Timeline) keeps at most
///   [`MAX_CHECKPOINTS`] evenly spaced checkpoints, so a seek copies one
///   checkpoint and replays at most one spacing, about 1/32 of the run's
///   events: 3×10^6 / 32 ≈ 94,000 events, at most about 190 ns each when
///   replaying with the app's history and traces (the slowest accepted
///   scenario measured), is 18 ms natively, about 36 ms in wasm at half the
///   speed: under a 50 ms frame with room for the copy (the fixed state's
///   copies count in the work, so one is at most 1/32 of the budget too).
///   A state of many thousand requests, lane segments or trace marks spaces
///   checkpoints wider (twice its size); such seeks are spread over frames
///   with [`Timeline::seek_for`](crate::Timeline::seek_for).
/// - A whole run takes at most about 0.6 s natively (the CLI), 1.2 s in wasm.
/// - Every preset needs at most 2.3×10^5 (13 times less), the examples and
///   fenced blocks at most 5,500, and `bench/mmc_1m.json` (a million
///   requests) 2.05×10^6.
pub const WORK_BUDGET: u64 = 3_000_000;

/// What drives a scenario's work; a refusal names the largest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkDimension {
    /// Arrivals and the wake-ups of `io_ms` and `blocking_io_ms` steps: the
    /// rate, `duration_ms`, `workload.limit` and the number of steps.
    Requests,
    /// CPU time ÷ `quantum_ms`: scheduling slices of `cpu_ms` (and `accept_cpu_ms`).
    Slices,
    /// Re-runs of failed jobs: `attempts` with a failure rate.
    Retries,
    /// Threads, carriers or job workers: copies of their state, scans over
    /// the job workers, sweeps in crash recoveries.
    Threads,
    /// `workload.keys`: copies of the per-key state.
    Keys,
    /// `partition_by_key`: scans of the job queue for a job whose key is free.
    Partition,
    /// Crashes (`faults.worker_crash_at_ms`, unhandled rejections): redelivered
    /// jobs and recoveries that sweep every request.
    Crashes,
}

impl WorkDimension {
    /// Every dimension, in the order of [`WorkEstimate::parts`].
    pub const ALL: [WorkDimension; 7] = [
        WorkDimension::Requests,
        WorkDimension::Slices,
        WorkDimension::Retries,
        WorkDimension::Threads,
        WorkDimension::Keys,
        WorkDimension::Partition,
        WorkDimension::Crashes,
    ];

    /// The name used in JSON (`"slices"`, …).
    pub fn key(self) -> &'static str {
        match self {
            WorkDimension::Requests => "requests",
            WorkDimension::Slices => "slices",
            WorkDimension::Retries => "retries",
            WorkDimension::Threads => "threads",
            WorkDimension::Keys => "keys",
            WorkDimension::Partition => "partition",
            WorkDimension::Crashes => "crashes",
        }
    }
}

/// An upper bound on what simulating a scenario costs, from
/// [`Scenario::work_estimate`].
///
/// # What is counted
///
/// **Engine events** ([`WorkEstimate::events`], an upper bound on
/// [`Sim::events`](crate::Sim::events) at the end of the run), from every
/// source the engine has:
///
/// - one arrival per request;
/// - per request and step: `ceil(duration / quantum)` scheduling slices for a
///   `cpu_ms` step (a slice is never longer than the quantum, contended or
///   not, so this holds whatever the cores are doing), and one wake-up for an
///   `io_ms` or `blocking_io_ms` step (none for a step of 0);
/// - `job_queue`: the front end's `accept_cpu_ms` slices, the outbox relay,
///   up to `attempts` runs of the steps with a retry timer before each
///   re-run (only when an attempt can fail), and for each
///   `faults.worker_crash_at_ms` time up to `concurrency` redelivered jobs,
///   each a redelivery timer plus one more run, the crash timers themselves
///   and the armed crash of each started job;
/// - `executor` with `max > core`: a keep-alive timer per finished request;
/// - `event_loop` with `unhandled_rejection`: a restart per crash, at most
///   one per `restart_ms` of arrivals (or per request).
///
/// Counts that are random get a bound that fails with probability below
/// 10^-13: a Poisson count of mean λ is at most `λ + 8√λ + 30`, and the sum
/// of `k` exponential draws of mean `m` at most `m (k + 8√k + 30)`; a single
/// exponential draw is at most `53 ln 2 ≈ 36.74` times its mean (the
/// generator's uniform has 53 bits), which caps both.
///
/// **Other work**, in event-equivalents (the time of one engine event), from
/// the operations whose cost grows with the scenario rather than with the
/// events: copies of the state for time travel ([`Timeline`](crate::Timeline)
/// checkpoints: threads, job workers, per-key state, arrival lists; at least
/// `MAX_CHECKPOINTS / 2` copies, because every backward seek copies a
/// checkpoint), the job queue's scans over its workers and, with
/// `partition_by_key`, over its queue, and crash recoveries that sweep every
/// thread and request. The weights come from measurements (see the README's
/// Benchmarks section and `cargo run --release -p asyncviz-engine --example
/// budget`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkEstimate {
    /// At least the number of engine events a whole run processes
    /// ([`Sim::events`](crate::Sim::events) once it is done), except with
    /// probability below 10^-13 for random counts. Good for a progress bar.
    pub events: u64,
    /// `events` plus every other cost, in event-equivalents: what
    /// [`WORK_BUDGET`] limits. The sum of `parts`.
    pub work: u64,
    /// `work` split by what drives it, in [`WorkDimension::ALL`] order.
    pub parts: [u64; 7],
    /// The model's name, for the field paths of a refusal.
    #[serde(skip)]
    model: &'static str,
    /// Whether `Crashes` comes from `faults.worker_crash_at_ms` (else unhandled rejections).
    #[serde(skip)]
    worker_crashes: bool,
}

impl WorkEstimate {
    /// The part of `work` that `d` drives.
    pub fn part(&self, d: WorkDimension) -> u64 {
        self.parts[d as usize]
    }

    /// The dimension with the largest part (the first of equals).
    pub fn dominant(&self) -> WorkDimension {
        let mut best = WorkDimension::Requests;
        for d in WorkDimension::ALL {
            if self.part(d) > self.part(best) {
                best = d;
            }
        }
        best
    }

    /// True when `work` is within `budget`.
    pub fn fits(&self, budget: u64) -> bool {
        self.work <= budget
    }

    /// The refusal validation gives when `work` exceeds `budget`: the field
    /// path of the dominant dimension and a message saying what to lower,
    /// e.g. `workload: this scenario needs about 8×10^11 scheduling events;
    /// at most 3×10^6 are allowed (lower cpu_ms, the rate or duration_ms, or
    /// raise quantum_ms)`. `None` when it fits.
    pub fn refusal(&self, budget: u64) -> Option<ScenarioError> {
        if self.fits(budget) {
            return None;
        }
        let m = self.model;
        let threads = match m {
            "thread_pool" => "threads",
            "executor" => "max",
            "event_loop" => "workers",
            "job_queue" => "workers",
            _ => "carriers",
        };
        let (path, what, advice): (String, &'static str, &'static str) = match self.dominant() {
            WorkDimension::Requests => (
                "workload".to_string(),
                "events",
                "lower the rate or duration_ms, set workload.limit, or use fewer steps",
            ),
            WorkDimension::Slices => (
                "workload".to_string(),
                "scheduling events",
                if m == "job_queue" {
                    "lower cpu_ms or accept_cpu_ms, the rate or duration_ms, or raise quantum_ms"
                } else {
                    "lower cpu_ms, the rate or duration_ms, or raise quantum_ms"
                },
            ),
            WorkDimension::Retries => (
                "model.job_queue.attempts".to_string(),
                "events of retried jobs",
                "lower attempts, failure_rate or faults.step_failure_rate, or the rate or duration_ms",
            ),
            WorkDimension::Threads => {
                let (what, advice) = match threads {
                    "threads" => (
                        "events' worth of work copying and scanning its threads",
                        "lower threads, or the rate or duration_ms",
                    ),
                    "max" => (
                        "events' worth of work copying and scanning its max",
                        "lower max, or the rate or duration_ms",
                    ),
                    "workers" => (
                        "events' worth of work copying and scanning its workers",
                        "lower workers, or the rate or duration_ms",
                    ),
                    _ => (
                        "events' worth of work copying and scanning its carriers",
                        "lower carriers, or the rate or duration_ms",
                    ),
                };
                (format!("model.{m}.{threads}"), what, advice)
            }
            WorkDimension::Keys => (
                "workload.keys".to_string(),
                "events' worth of work copying its per-key state",
                "lower workload.keys, or the rate or duration_ms",
            ),
            WorkDimension::Partition => (
                "model.job_queue.partition_by_key".to_string(),
                "events' worth of work scanning the job queue for a free key",
                "lower the rate or duration_ms, or turn partition_by_key off",
            ),
            WorkDimension::Crashes if self.worker_crashes => (
                "faults.worker_crash_at_ms".to_string(),
                "events' worth of work for crashes and redeliveries",
                "list fewer times, or lower model.job_queue.concurrency, the rate or duration_ms",
            ),
            WorkDimension::Crashes => (
                "faults".to_string(),
                "events' worth of work recovering from crashes",
                "raise restart_ms, lower step_failure_rate, or lower the rate or duration_ms",
            ),
        };
        Some(ScenarioError::new(path, ErrorKind::OverBudget { work: self.work, budget, what, advice }))
    }
}

/// `n` to one or two significant figures: `8×10^11`, `2.5×10^6`, `4200`.
pub fn approx(n: u64) -> String {
    if n < 10_000 {
        return n.to_string();
    }
    let mut exp = 0;
    let mut m = n as f64;
    while m >= 10.0 {
        m /= 10.0;
        exp += 1;
    }
    let rounded = (m * 10.0).round() / 10.0;
    let (m, exp) = if rounded >= 10.0 { (1.0, exp + 1) } else { (rounded, exp) };
    if m.fract() == 0.0 {
        format!("{m:.0}×10^{exp}")
    } else {
        format!("{m:.1}×10^{exp}")
    }
}

/// A Poisson count of mean λ, or the sum of λ unit exponentials, exceeds
/// this with probability below 10^-13 (Chernoff bounds).
fn tail(mean: f64) -> f64 {
    if mean <= 0.0 {
        0.0
    } else {
        mean + 8.0 * mean.sqrt() + 30.0
    }
}

/// The largest exponential draw relative to its mean: `1 - unit() ≥ 2^-53`,
/// so `-ln(1 - unit()) ≤ 53 ln 2 = 36.7368…`.
const EXP_MAX: f64 = 36.737;

/// Milliseconds to the engine's microseconds, rounded as the engine does.
fn us(ms: f64) -> f64 {
    (ms * 1000.0).round().max(0.0)
}

/// Upper bound on the sum over `k` draws of `d` of `ceil(us(draw) / q)`.
fn slices(d: &Dist, k: f64, q: f64) -> f64 {
    match *d {
        Dist::Fixed(v) => k * (us(v) / q).ceil(),
        Dist::Uniform(_, hi) => k * (us(hi) / q).ceil(),
        Dist::Exp(m) if us(m * EXP_MAX) > 0.0 => {
            // ceil(x) ≤ x + 1 and round(x) ≤ x + 0.5.
            let total_us = 1000.0 * m * (EXP_MAX * k).min(tail(k)) + 0.5 * k;
            total_us / q + k
        }
        Dist::Exp(_) => 0.0,
    }
}

/// Whether a draw of `d` can be above 0 µs (a step of 0 is skipped without an event).
fn can_be_positive(d: &Dist) -> bool {
    match *d {
        Dist::Fixed(v) => us(v) > 0.0,
        Dist::Uniform(_, hi) => us(hi) > 0.0,
        Dist::Exp(m) => us(m * EXP_MAX) > 0.0,
    }
}

/// Checkpoint copies a [`Timeline`](crate::Timeline) makes over `events`
/// events (with no state, which spaces them most densely), plus the first.
fn timeline_copies(events: f64) -> f64 {
    let (mut at, mut every, mut kept, mut copies) = (0.0, FIRST_SPACING as f64, 1usize, 1.0);
    while at + every <= events {
        at += every;
        copies += 1.0;
        kept += 1;
        if kept > MAX_CHECKPOINTS {
            kept = MAX_CHECKPOINTS / 2 + 1;
            every *= 2.0;
        }
    }
    copies
}

// Costs of work other than events, in event-equivalents: about twice the
// ratio `--example budget -- --weights` measured (ns per item over ns per
// event, natively; allocation-heavy copies are slower in wasm), rounded to
// a power of two.
/// Copying one thread (`Lane`) for a checkpoint (measured 1/17).
const COPY_LANE: f64 = 1.0 / 8.0;
/// Copying one job worker: its own machine, group and lane, several allocations (measured 0.9).
const COPY_JOB_WORKER: f64 = 2.0;
/// Copying one entry of per-key state, an explicit arrival time or a crash time (measured 1/206).
const COPY_ENTRY: f64 = 1.0 / 64.0;
/// Copying one request slot's step or its share of the pending events.
const COPY_SLOT_STEP: f64 = 1.0 / 64.0;
/// One worker looked at when the job queue picks the least busy worker (measured 1/119).
const SCAN_WORKER: f64 = 1.0 / 64.0;
/// One queued job looked at (or moved) when `partition_by_key` looks for a free key (measured 1/29).
const SCAN_QUEUED: f64 = 1.0 / 16.0;
/// One thread, request slot or pending event swept by a crash recovery (measured 1/18).
const SWEEP: f64 = 1.0 / 8.0;

impl Scenario {
    /// An upper bound on the work of simulating this scenario to the end;
    /// see [`WorkEstimate`]. Cheap: it reads the scenario, it runs nothing.
    pub fn work_estimate(&self) -> WorkEstimate {
        use WorkDimension as D;
        let s = self;
        let mut p = [0.0f64; 7];
        let mut events = 0.0;
        let q = us(s.quantum_ms).max(1.0);
        let duration_us = us(s.duration_ms);

        // Requests that can arrive.
        let arrivals = match &s.workload.arrivals {
            crate::Arrivals::Poisson { rate_per_s } => tail(rate_per_s * s.duration_ms / 1000.0),
            crate::Arrivals::Constant { interval_ms } => (s.duration_ms / interval_ms).floor() + 2.0,
            crate::Arrivals::Burst { count, .. } => *count as f64,
            crate::Arrivals::AtMs(t) => t.len() as f64,
        };
        let n = s.workload.limit.map_or(arrivals, |l| arrivals.min(l as f64))
            + s.workload.bursts.iter().map(|b| b.count as f64).sum::<f64>();

        // One run of the steps by all `n` requests, and by one request at worst.
        let steps = &s.workload.steps;
        let cpu: f64 =
            steps.iter().filter(|st| st.kind == StepKind::Cpu).map(|st| slices(&st.dur, n, q)).sum();
        let wakes =
            steps.iter().filter(|st| st.kind != StepKind::Cpu && can_be_positive(&st.dur)).count() as f64;
        let cpu_one: f64 =
            steps.iter().filter(|st| st.kind == StepKind::Cpu).map(|st| slices(&st.dur, 1.0, q)).sum();
        let has_io = steps.iter().any(|st| st.kind == StepKind::Io && can_be_positive(&st.dur));
        let step_failures = s.faults.step_failure_rate > 0.0 && has_io;

        let mut arrival_events = n;
        let mut slice_events = 0.0;
        let mut wake_events = 0.0;
        let lanes;
        let mut job_workers = 0.0;
        let mut worker_crashes = false;
        let keys = s.workload.keys.unwrap_or(0) as f64;
        let mut key_arrays = if keys > 0.0 { 1.0 } else { 0.0 };
        match &s.model {
            Model::ThreadPool(t) => {
                lanes = t.threads as f64;
                slice_events += cpu;
                wake_events += n * wakes;
            }
            Model::VirtualThreads(v) => {
                lanes = v.carriers.unwrap_or(s.cores) as f64;
                slice_events += cpu;
                wake_events += n * wakes;
            }
            Model::Executor(e) => {
                slice_events += cpu;
                wake_events += n * wakes;
                // A keep-alive timer each time a thread above core goes idle.
                // Retired threads stay listed, and new ones start only at
                // arrivals: with at most `max` alive, each retired one having
                // lived keep_alive_ms, at most max × duration / keep_alive retire
                // before the last arrival.
                let keep_alive = us(e.keep_alive_ms);
                let retired = match () {
                    _ if e.max == e.core => 0.0,
                    _ if keep_alive > 0.0 => n.min(e.max as f64 * (duration_us / keep_alive).floor()),
                    _ => n,
                };
                if e.max > e.core {
                    arrival_events += n;
                }
                lanes = e.max as f64 + retired;
            }
            Model::EventLoop(e) => {
                lanes = 1.0 + e.workers as f64;
                slice_events += cpu;
                wake_events += n * wakes;
                if s.faults.error_handling == ErrorHandling::UnhandledRejection && step_failures {
                    // The server is down for restart_ms after a crash, and
                    // the next crash needs a request that arrived after it.
                    let restart = us(s.faults.restart_ms);
                    let crashes =
                        if restart > 0.0 { n.min((duration_us / restart).floor() + 2.0) } else { n };
                    events += crashes; // restarts
                    p[D::Crashes as usize] += crashes;
                    // Each crash sweeps every thread twice, every request
                    // slot and every pending event.
                    p[D::Threads as usize] += crashes * (2.0 * lanes + s.cores as f64) * SWEEP;
                    p[D::Crashes as usize] += crashes * 3.0 * n * SWEEP;
                }
            }
            Model::JobQueue(j) => {
                let w = j.workers as f64;
                lanes = 1.0 + w;
                job_workers = w;
                // The front end: its accept step, then the relay.
                slice_events += slices(&j.accept_cpu_ms, n, q);
                if j.outbox {
                    arrival_events += n;
                }
                let can_fail = j.failure_rate > 0.0
                    || (step_failures && s.faults.error_handling != ErrorHandling::FireAndForget);
                let attempts = if can_fail { j.attempts as f64 } else { 1.0 };
                let crash_times = s.faults.worker_crash_at_ms.len() as f64;
                worker_crashes = crash_times > 0.0;
                // A crash holds at most `concurrency` jobs, each redelivered and run again.
                let redelivered = crash_times * n.min(j.concurrency as f64);
                let runs = attempts * n + redelivered;
                slice_events += cpu;
                wake_events += n * wakes;
                let retried = (attempts - 1.0) * (cpu + n * wakes) + (attempts - 1.0) * n;
                events += retried;
                p[D::Retries as usize] += retried;
                if worker_crashes {
                    // Redeliveries and their runs, the crash timers, and the
                    // armed crash of each started job.
                    let c = redelivered * (1.0 + cpu_one + wakes) + crash_times + runs;
                    events += c;
                    p[D::Crashes as usize] += c;
                    // A crash sweeps every request slot and pending event.
                    p[D::Crashes as usize] += crash_times * 3.0 * n * SWEEP;
                }
                // Picking the least busy worker looks at every worker: at
                // most three times per run (when it starts, when it ends,
                // when a job is queued) and once per crash, plus the
                // crash timers' search for a busy worker.
                let dispatches = 3.0 * runs + crash_times;
                p[D::Threads as usize] += (dispatches + crash_times) * w * SCAN_WORKER;
                if j.partition_by_key && keys > 0.0 {
                    key_arrays = 2.0;
                    // A scan skips queued jobs whose key another job holds:
                    // at most ceil(n / keys) per held key, and keys are held
                    // only by running jobs unless jobs wait for a retry or a
                    // redelivery. The skipped jobs are also moved on removal.
                    let holders =
                        if attempts == 1.0 && !worker_crashes { w * j.concurrency as f64 } else { n };
                    let skipped = n.min(keys.min(holders) * (n / keys).ceil());
                    p[D::Partition as usize] += dispatches * (2.0 * skipped + 1.0) * SCAN_QUEUED;
                }
            }
        }
        events += arrival_events + slice_events + wake_events;
        p[D::Requests as usize] += arrival_events + wake_events;
        p[D::Slices as usize] += slice_events;

        // Copies for time travel. The dynamic state (request slots with their
        // steps, pending events, lane history, trace marks) is copied at most
        // once per 2 events per item (the Timeline spaces checkpoints by it);
        // the fixed state is copied at every checkpoint, and at least
        // MAX_CHECKPOINTS / 2 times because a backward seek copies a checkpoint.
        let stride = steps.len() as f64 + 1.0;
        p[D::Requests as usize] += events / 2.0 * (1.0 + stride) * COPY_SLOT_STEP;
        let copies = (timeline_copies(events) + 1.0).max((MAX_CHECKPOINTS / 2) as f64);
        let at_ms = match &s.workload.arrivals {
            crate::Arrivals::AtMs(t) => t.len() as f64,
            _ => 0.0,
        };
        p[D::Requests as usize] += copies * 2.0 * at_ms * COPY_ENTRY;
        let crash_list = (s.faults.crash_after_commit_at_ms.len() + s.faults.worker_crash_at_ms.len()) as f64;
        p[D::Crashes as usize] += copies * 2.0 * crash_list * COPY_ENTRY;
        p[D::Threads as usize] += copies * (lanes * COPY_LANE + job_workers * COPY_JOB_WORKER);
        p[D::Keys as usize] += copies * key_arrays * keys * COPY_ENTRY;

        let parts = p.map(|x| x.ceil() as u64);
        WorkEstimate {
            events: events.ceil() as u64,
            work: parts.iter().fold(0u64, |a, b| a.saturating_add(*b)),
            parts,
            model: s.model.name(),
            worker_crashes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn approx_rounds_to_one_decimal_of_the_mantissa() {
        assert_eq!(approx(4200), "4200");
        assert_eq!(approx(4_000_000), "4×10^6");
        assert_eq!(approx(8_000_000_000_000), "8×10^12");
        assert_eq!(approx(2_460_000), "2.5×10^6");
        assert_eq!(approx(99_960), "1×10^5");
        assert_eq!(approx(u64::MAX), "1.8×10^19");
    }

    #[test]
    fn timeline_copies_follow_the_checkpoint_spacing() {
        assert_eq!(timeline_copies(0.0), 1.0);
        assert_eq!(timeline_copies(511.0), 1.0);
        assert_eq!(timeline_copies(512.0), 2.0);
        // 64 checkpoints at 512 apart, then the spacing doubles every 32 more.
        assert_eq!(timeline_copies(64.0 * 512.0), 65.0);
        assert_eq!(timeline_copies(64.0 * 512.0 + 32.0 * 1024.0), 97.0);
    }

    #[test]
    fn tails_cover_their_means() {
        assert_eq!(tail(0.0), 0.0);
        assert!(tail(1.0) >= 39.0);
        assert!(tail(1e6) > 1e6 + 8000.0);
        // An exponential step of mean 10 ms on a 5 ms quantum: one draw is at
        // most 36.74 × 10 ms, so at most 74 slices.
        assert_eq!(slices(&Dist::Exp(10.0), 1.0, 5000.0).ceil(), 75.0);
        assert_eq!(slices(&Dist::Fixed(10.0), 3.0, 5000.0), 6.0);
        assert_eq!(slices(&Dist::Fixed(10.001), 1.0, 5000.0), 3.0);
        assert_eq!(slices(&Dist::Uniform(0.0, 0.0), 9.0, 5000.0), 0.0);
    }
}
