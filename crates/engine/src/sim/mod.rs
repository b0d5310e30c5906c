//! The discrete-event core shared by every runtime model.
//!
//! Vocabulary: a *lane* is an OS thread (pool thread, event loop, offload
//! worker, carrier, job worker). A lane belongs either to a *pool* (blocking
//! style: one request per thread for its whole segment, Java
//! ThreadPoolExecutor rules) or to a *group* (non-blocking style: a ready
//! queue of continuations shared by the group's lanes; awaited I/O frees the
//! lane). A *machine* owns CPU cores and shares them round-robin among its
//! runnable lanes with a time quantum.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, VecDeque};

use crate::event::{CrashKind, Event, FailCause, LaneId, QueueId, RejectCause, ReqId, Transition};
use crate::metrics::{sorted_quantile, Histogram, Sample, Series};
use crate::rng::Rng;
use crate::scenario::{Arrivals, Dist, ErrorHandling, Model, Rejection, Scenario, StepKind};
use crate::types::{LaneKind, LaneState, Place, QueueKind, Segment};
use crate::Time;
use trace::{MarkKind, Traces};

mod build;
mod clock;
mod faults;
mod groups;
mod jobs;
mod lanes;
mod pools;
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
    (ms * 1000.0).round().max(0.0) as Time
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
    issued: u64,
    times: Vec<Time>,
}

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
    seq: u64,
    heap: BinaryHeap<Reverse<(Time, u64, Ev)>>,
    arrivals: ArrivalGen,
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
