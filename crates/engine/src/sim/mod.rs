//! The discrete-event core shared by every runtime model.
//!
//! Vocabulary: a *lane* is an OS thread (pool thread, event loop, offload
//! worker, carrier, job worker). A lane belongs either to a *pool* (blocking
//! style: one request per thread for its whole segment, Java
//! ThreadPoolExecutor rules) or to a *group* (non-blocking style: a ready
//! queue of continuations shared by the group's lanes; awaited I/O frees the
//! lane). A *machine* owns CPU cores and shares them round-robin among its
//! runnable lanes with a time quantum.

use std::collections::VecDeque;

use crate::event::{CrashKind, Event, FailCause, LaneId, QueueId, RejectCause, ReqId, Transition};
use crate::metrics::{quantiles, Histogram, Sample, Series};
use crate::rng::Rng;
use crate::scenario::{Arrivals, Dist, ErrorHandling, Model, Rejection, Scenario, StepKind};
use crate::types::{LaneKind, LaneState, Place, QueueKind, Segment};
use crate::Time;
use queue::EventQueue;
use trace::{MarkKind, Traces};

mod build;
mod clock;
mod faults;
mod groups;
mod jobs;
mod lanes;
pub(crate) mod plan;
mod pools;
mod queue;
pub(crate) mod report;
mod requests;
mod scheduler;
pub(crate) mod snapshot;
mod step;
pub(crate) mod trace;

const STREAM_ARRIVALS: u64 = 1;
const STREAM_STEPS: u64 = 2;
const STREAM_ACCEPT: u64 = 3;
const STREAM_FAILURES: u64 = 4;
/// Which `io_ms` step of a request (attempt) fails: `index << 16 | attempt`.
const STREAM_STEP_FAULTS: u64 = 5;
/// `Req::fail_pc` when no step fails.
const NO_FAIL: u16 = u16::MAX;
/// A finished request's place in `Sim::by_id`.
const NO_SLOT: u32 = u32::MAX;

fn us(ms: f64) -> Time {
    round_time(ms * 1000.0)
}

/// `x.round().max(0.0) as Time`, computed without a call to the C library's `round` in the
/// usual case (no SSE4.1 rounding instruction on baseline x86-64 or wasm32's f64 has none
/// to round half away from zero): below 2^52, `x - trunc(x)` is exact, so rounding half
/// away from zero is a comparison with 0.5. Everything else (negative, NaN, huge) takes
/// the original expression.
#[inline]
fn round_time(x: f64) -> Time {
    const EXACT: f64 = (1u64 << 52) as f64;
    if (0.0..EXACT).contains(&x) {
        let t = x as i64 as u64;
        t + u64::from(x - t as f64 >= 0.5)
    } else {
        x.round().max(0.0) as Time
    }
}

fn sample(d: &Dist, rng: &mut Rng) -> Time {
    us(match *d {
        Dist::Fixed(v) => v,
        Dist::Exp(m) => rng.exp(m),
        Dist::Uniform(lo, hi) => rng.uniform(lo, hi),
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Ev {
    Arrival,
    SliceEnd(u32),
    LaneWake(u32),
    ReqIo(u32),
    KeepAlive(u32, u32),
    RetryDue(u32),
    /// A `faults.worker_crash_at_ms` time (a timer: not work that keeps the run going).
    WorkerCrashAt,
    /// The armed crash of worker `w`, halfway through the job it started.
    WorkerCrash(u32),
    /// The server is back after an unhandled rejection.
    Restart,
    /// The outbox relay publishes the job.
    Relay(u32),
    /// The visibility timeout of a crashed worker's job is over.
    Redeliver(u32),
}

impl Ev {
    /// Timers that do not keep a drained run going.
    fn is_work(&self) -> bool {
        !matches!(self, Ev::KeepAlive(..) | Ev::WorkerCrashAt)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Owner {
    Pool(u16),
    Group(u16),
}

#[derive(Clone, Debug)]
struct Req {
    id: ReqId,
    arrived: Time,
    /// Number of steps (its durations live in `Sim::step_store`).
    len: u16,
    pc: u16,
    stop: u16,
    started: bool,
    is_new: bool,
    responded: bool,
    attempt: u16,
    group: u16,
    place: Place,
    live: bool,
    /// Index into the step store of the `io_ms` step that fails in this
    /// request (attempt), or `NO_FAIL`.
    fail_pc: u16,
    /// A crashed worker already applied this job's side effect once.
    applied: bool,
}

#[derive(Clone, Debug)]
struct Lane {
    kind: LaneKind,
    number: u32,
    owner: Owner,
    machine: u16,
    state: LaneState,
    cpu_left: Time,
    slice: Time,
    req: Option<u32>,
    gen: u32,
    since: Time,
}

#[derive(Clone, Debug)]
struct Machine {
    cores: Vec<Option<LaneId>>,
    free: Vec<u16>,
    run_queue: VecDeque<LaneId>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum PoolRole {
    Respond,
    ReturnTo(u16),
}

#[derive(Clone, Debug)]
struct Pool {
    kind: LaneKind,
    queue: VecDeque<u32>,
    queue_id: QueueId,
    cap: Option<u32>,
    core: u32,
    max: u32,
    keep_alive: Time,
    rejection: Rejection,
    live: u32,
    spawned: u32,
    idle: VecDeque<LaneId>,
    role: PoolRole,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GroupRole {
    Server,
    FrontEnd,
    Worker(u32),
}

#[derive(Clone, Debug)]
struct Group {
    ready: VecDeque<u32>,
    queue_id: QueueId,
    lanes: Vec<LaneId>,
    idle: VecDeque<LaneId>,
    cap: Option<u32>,
    new_waiting: u32,
    role: GroupRole,
    offload: Option<u16>,
    in_flight: u32,
}

#[derive(Clone, Debug)]
struct Jobs {
    queue: VecDeque<u32>,
    queue_id: QueueId,
    concurrency: u32,
    attempts: u32,
    backoff: Time,
    failure_rate: f64,
    rng: Rng,
    accept: Dist,
    first_worker_group: u16,
    workers: u32,
    outbox: bool,
    relay: Time,
    visibility: Time,
    idempotent: bool,
    partition: bool,
}

/// Injected faults: configuration, where they stand, and what they did.
#[derive(Clone, Debug, Default)]
struct FaultState {
    step_failure_rate: f64,
    handling: ErrorHandling,
    restart: Time,
    /// `crash_after_commit_at_ms`, sorted; `next_commit_crash` is the first not yet used.
    commit_crashes: Vec<Time>,
    next_commit_crash: usize,
    /// Worker crashes waiting for the next job to start.
    armed_worker_crashes: u32,
    /// The server is down (unhandled rejection) until the `Restart` event.
    down: bool,
    /// `workload.keys` (0 = no keys).
    keys: u32,
    /// Per key: 1 + the sequence number of the latest applied update (0 = none).
    last_applied: Vec<u32>,
    /// Per key (`partition_by_key`): the job that holds the key, 0 = none.
    key_owner: Vec<ReqId>,
    lost: u64,
    duplicated: u64,
    order_violations: u64,
    unobserved_errors: u64,
    crashes: u64,
}

#[derive(Clone, Debug)]
struct QueueInfo {
    kind: QueueKind,
    capacity: Option<u32>,
}

/// Counters and time integrals behind the report and the charts.
#[derive(Clone, Debug, Default)]
struct Stats {
    arrived: u64,
    completed: u64,
    rejected: u64,
    failed: u64,
    jobs_done: u64,
    jobs_dead: u64,
    retries: u64,
    latency: Histogram,
    wait: Histogram,
    job_latency: Histogram,
    work: [u64; 3],
    queue_len: u32,
    max_queue_len: u32,
    busy_cores: u32,
    busy_lanes: u32,
    total_lanes: u32,
    in_system: u32,
    jobs_in_system: u32,
    core_area: u128,
    lane_area: u128,
    lanes_area: u128,
    system_area: u128,
}

/// Where the arrival process stands.
#[derive(Clone, Debug)]
struct ArrivalGen {
    rng: Rng,
    clock_us: f64,
    /// Requests arrived so far (the arrival process's and the bursts').
    issued: u64,
    /// Requests the arrival process (`workload.arrivals`) has issued or scheduled.
    base_issued: u64,
    /// The arrival process's next time, drawn but not yet scheduled.
    base_next: Option<Time>,
    /// The arrival process has nothing more to send.
    base_done: bool,
    /// The next of `workload.bursts` to send from, and how many of its requests are left.
    burst: usize,
    burst_left: u64,
    times: Vec<Time>,
    /// Poisson arrival times drawn ahead: `ahead[next..]` come next. Drawing a batch in one
    /// loop lets the processor overlap the logarithms of independent draws; the draws and
    /// their order are those of drawing one at a time (times never used are never seen).
    ahead: [Time; ARRIVALS_AHEAD],
    next: usize,
}

/// How many Poisson arrival times are drawn at once.
const ARRIVALS_AHEAD: usize = 32;

/// Step durations of the next requests to arrive, drawn ahead in batches (as arrivals are):
/// request `from + k`'s durations are `durations[k * per..(k + 1) * per]`, `per` being the
/// number of steps. Each request's durations come from its own stream
/// (`STREAM_STEPS`, its index), so drawing them early changes nothing.
#[derive(Clone, Debug)]
struct StepsAhead {
    key: u64,
    from: u64,
    count: u64,
    durations: Vec<Time>,
}

/// About how many step durations a `StepsAhead` batch holds.
const STEPS_AHEAD: usize = 64;

/// A running simulation of one scenario. Cheap to clone (that is how
/// `Timeline` keeps checkpoints).
#[derive(Clone, Debug)]
pub struct Sim {
    scenario: Scenario,
    quantum: Time,
    duration: Time,
    now: Time,
    last_event: Time,
    events: u64,
    queue: EventQueue,
    arrivals: ArrivalGen,
    steps_ahead: StepsAhead,
    reqs: Vec<Req>,
    free_slots: Vec<u32>,
    /// The slot of every request from `ids_from` on, by id (`NO_SLOT` once it has finished).
    /// Finished requests at the front are dropped, so `ids_from` is the oldest in flight and
    /// a frame finds the oldest few thousand without looking at the rest.
    by_id: VecDeque<u32>,
    ids_from: ReqId,
    lanes: Vec<Lane>,
    machines: Vec<Machine>,
    pools: Vec<Pool>,
    groups: Vec<Group>,
    jobs: Option<Jobs>,
    queues: Vec<QueueInfo>,
    stats: Stats,
    series: Series,
    record: bool,
    out: Vec<Transition>,
    history: Option<History>,
    /// Step durations of every request slot, `stride` per slot.
    step_store: Vec<(StepKind, Time)>,
    stride: usize,
    /// Scheduled events other than timers (`Ev::is_work`).
    work_pending: u64,
    faults: FaultState,
    traces: Option<Traces>,
}

#[derive(Clone, Debug)]
struct History {
    window: Time,
    segments: VecDeque<Segment>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_time_is_round_max_zero_as_time() {
        let old = |x: f64| x.round().max(0.0) as Time;
        let mut edges = vec![
            0.0,
            -0.0,
            0.49999999999999994,
            0.5,
            1.5,
            2.5,
            -0.5,
            -7.0,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::MAX,
            (1u64 << 52) as f64 - 0.5,
            (1u64 << 52) as f64,
            (1u64 << 53) as f64 + 2.0,
            1.0e300,
        ];
        for k in [1u64, 2, 3, 1000, 123_456_789, 1 << 40, (1 << 52) - 1] {
            let h = k as f64 + 0.5;
            edges.extend([k as f64, h, f64::from_bits(h.to_bits() - 1), f64::from_bits(h.to_bits() + 1)]);
        }
        let mut rng = Rng::new(5);
        for _ in 0..200_000 {
            edges.push(rng.exp(10.0) * 1000.0);
            edges.push(f64::from_bits(rng.next_u64()));
        }
        for x in edges {
            assert_eq!(round_time(x), old(x), "{x:e} ({:#x})", x.to_bits());
        }
    }
}
