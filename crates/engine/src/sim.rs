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
use crate::trace::{Mark, MarkKind, Traces};
use crate::Time;

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

/// What a lane is, for naming and drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    /// Tomcat request thread.
    PoolThread,
    /// ThreadPoolExecutor thread.
    ExecutorThread,
    /// The event-loop thread.
    Loop,
    /// Worker thread that runs offloaded CPU work for the loop.
    OffloadWorker,
    /// Carrier thread of virtual threads.
    Carrier,
    /// The job queue's front end (an event loop that answers 202).
    FrontEnd,
    /// A job-queue worker process.
    JobWorker,
}

/// What a lane is doing right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LaneState {
    /// Nothing to do.
    Idle,
    /// Has computation to do and waits for a core.
    Ready,
    /// Computing on `core`.
    Running { core: u16 },
    /// Waits for I/O while holding the thread (blocking model).
    Io { until: Time },
    /// Stuck in a synchronous blocking call.
    Blocked { until: Time },
    /// Ended (executor keep-alive).
    Retired,
}

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "place", rename_all = "snake_case")]
pub enum Place {
    /// Waiting in a queue.
    Queue { queue: QueueId },
    /// Held by a lane (running, waiting for a core, or waiting on I/O there).
    Lane { lane: LaneId },
    /// Suspended on awaited I/O; no lane holds it.
    Awaiting { until: Time },
    /// A failed job waiting out its backoff.
    RetryWait { until: Time },
    /// A job in the outbox table, waiting for the relay to publish it.
    Outbox { until: Time },
    /// A job whose worker crashed, invisible on the queue until the visibility timeout.
    Redelivery { until: Time },
}

/// What a queue holds, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// A pool's accept or task queue.
    Accept,
    /// An executor's task queue.
    Tasks,
    /// An event loop's ready queue (new requests and continuations).
    Ready,
    /// Offloaded CPU work waiting for a worker thread.
    Offload,
    /// The job queue (Redis list / BullMQ wait list).
    Jobs,
    /// A job worker's own ready queue.
    WorkerReady,
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

/// A closed stretch of time during which a lane did one thing, for the
/// timeline (Gantt) view. Idle time is not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub lane: LaneId,
    pub start: Time,
    pub end: Time,
    pub state: LaneState,
    /// The request the lane held, if any.
    pub req: Option<ReqId>,
}

#[derive(Clone, Debug)]
struct History {
    window: Time,
    segments: VecDeque<Segment>,
}

impl Sim {
    /// A simulation of `scenario` at time 0, nothing yet processed.
    pub fn new(scenario: &Scenario) -> Sim {
        let s = scenario.clone();
        let duration = us(s.duration_ms);
        let sample = s.sample_ms.map_or_else(|| (duration / 200).max(1000), us);
        // A burst needs no list: its requests all arrive at one time.
        let times = match &s.workload.arrivals {
            Arrivals::AtMs(t) => {
                let mut v: Vec<Time> = t.iter().map(|x| us(*x)).collect();
                v.sort_unstable();
                v
            }
            _ => Vec::new(),
        };
        let mut sim = Sim {
            quantum: us(s.quantum_ms).max(1),
            duration,
            now: 0,
            last_event: 0,
            events: 0,
            seq: 0,
            heap: BinaryHeap::new(),
            arrivals: ArrivalGen {
                rng: Rng::derive(s.seed, STREAM_ARRIVALS, 0),
                clock_us: 0.0,
                issued: 0,
                times,
            },
            reqs: Vec::new(),
            free_slots: Vec::new(),
            by_id: VecDeque::new(),
            ids_from: 1,
            lanes: Vec::new(),
            machines: Vec::new(),
            pools: Vec::new(),
            groups: Vec::new(),
            jobs: None,
            queues: Vec::new(),
            stats: Stats::default(),
            series: Series::new(sample),
            record: false,
            out: Vec::new(),
            history: None,
            step_store: Vec::new(),
            stride: s.workload.steps.len() + usize::from(matches!(s.model, Model::JobQueue(_))),
            work_pending: 0,
            faults: FaultState::default(),
            traces: None,
            scenario: s,
        };
        sim.build();
        sim.build_faults();
        sim.schedule_next_arrival();
        sim
    }

    fn add_machine(&mut self, cores: u32) -> u16 {
        self.machines.push(Machine {
            cores: vec![None; cores as usize],
            free: (0..cores as u16).rev().collect(),
            run_queue: VecDeque::new(),
        });
        (self.machines.len() - 1) as u16
    }

    fn add_queue(&mut self, kind: QueueKind, capacity: Option<u32>) -> QueueId {
        self.queues.push(QueueInfo { kind, capacity });
        (self.queues.len() - 1) as QueueId
    }

    #[allow(clippy::too_many_arguments)]
    fn add_pool(
        &mut self,
        kind: LaneKind,
        qkind: QueueKind,
        core: u32,
        max: u32,
        cap: Option<u32>,
        keep_alive: Time,
        rejection: Rejection,
        role: PoolRole,
        prestart: bool,
    ) -> u16 {
        let queue_id = self.add_queue(qkind, cap);
        self.pools.push(Pool {
            kind,
            queue: VecDeque::new(),
            queue_id,
            cap,
            core,
            max,
            keep_alive,
            rejection,
            live: 0,
            spawned: 0,
            idle: VecDeque::new(),
            role,
        });
        let p = (self.pools.len() - 1) as u16;
        if prestart {
            for _ in 0..core {
                let l = self.spawn(p);
                self.pools[p as usize].idle.push_back(l);
            }
        }
        p
    }

    fn add_group(
        &mut self,
        kind: LaneKind,
        qkind: QueueKind,
        lanes: u32,
        machine: u16,
        cap: Option<u32>,
        role: GroupRole,
    ) -> u16 {
        let queue_id = self.add_queue(qkind, cap);
        let g = self.groups.len() as u16;
        let mut group = Group {
            ready: VecDeque::new(),
            queue_id,
            lanes: Vec::new(),
            idle: VecDeque::new(),
            cap,
            new_waiting: 0,
            role,
            offload: None,
            in_flight: 0,
        };
        for i in 0..lanes {
            let l = self.new_lane(kind, i + 1, Owner::Group(g), machine);
            group.lanes.push(l);
            group.idle.push_back(l);
        }
        self.groups.push(group);
        g
    }

    fn new_lane(&mut self, kind: LaneKind, number: u32, owner: Owner, machine: u16) -> LaneId {
        self.lanes.push(Lane {
            kind,
            number,
            owner,
            machine,
            state: LaneState::Idle,
            cpu_left: 0,
            slice: 0,
            req: None,
            gen: 0,
            since: 0,
        });
        self.stats.total_lanes += 1;
        (self.lanes.len() - 1) as LaneId
    }

    fn build(&mut self) {
        let server = self.add_machine(self.scenario.cores);
        match self.scenario.model.clone() {
            Model::ThreadPool(p) => {
                self.add_pool(
                    LaneKind::PoolThread,
                    QueueKind::Accept,
                    p.threads,
                    p.threads,
                    p.queue,
                    Time::MAX,
                    Rejection::Abort,
                    PoolRole::Respond,
                    true,
                );
            }
            Model::Executor(e) => {
                self.add_pool(
                    LaneKind::ExecutorThread,
                    QueueKind::Tasks,
                    e.core,
                    e.max,
                    e.queue,
                    us(e.keep_alive_ms),
                    e.rejection,
                    PoolRole::Respond,
                    false,
                );
            }
            Model::EventLoop(e) => {
                let g =
                    self.add_group(LaneKind::Loop, QueueKind::Ready, 1, server, e.queue, GroupRole::Server);
                if e.workers > 0 {
                    let p = self.add_pool(
                        LaneKind::OffloadWorker,
                        QueueKind::Offload,
                        e.workers,
                        e.workers,
                        None,
                        Time::MAX,
                        Rejection::Abort,
                        PoolRole::ReturnTo(g),
                        true,
                    );
                    if e.offload_cpu {
                        self.groups[g as usize].offload = Some(p);
                    }
                }
            }
            Model::VirtualThreads(v) => {
                let n = v.carriers.unwrap_or(self.scenario.cores);
                self.add_group(LaneKind::Carrier, QueueKind::Ready, n, server, None, GroupRole::Server);
            }
            Model::JobQueue(j) => {
                self.add_group(LaneKind::FrontEnd, QueueKind::Ready, 1, server, None, GroupRole::FrontEnd);
                let queue_id = self.add_queue(QueueKind::Jobs, None);
                let first = self.groups.len() as u16;
                for w in 0..j.workers {
                    let m = self.add_machine(1);
                    let g = self.add_group(
                        LaneKind::JobWorker,
                        QueueKind::WorkerReady,
                        1,
                        m,
                        None,
                        GroupRole::Worker(w),
                    );
                    self.lanes[self.groups[g as usize].lanes[0] as usize].number = w + 1;
                }
                self.jobs = Some(Jobs {
                    queue: VecDeque::new(),
                    queue_id,
                    concurrency: j.concurrency,
                    attempts: j.attempts,
                    backoff: us(j.backoff_ms),
                    failure_rate: j.failure_rate,
                    rng: Rng::derive(self.scenario.seed, STREAM_FAILURES, 0),
                    accept: j.accept_cpu_ms.clone(),
                    first_worker_group: first,
                    workers: j.workers,
                    outbox: false,
                    relay: 0,
                    visibility: 0,
                    idempotent: false,
                    partition: false,
                });
            }
        }
    }

    // ----- the event queue -------------------------------------------------

    fn at(&mut self, t: Time, ev: Ev) {
        if ev.is_work() {
            self.work_pending += 1;
        }
        self.seq += 1;
        self.heap.push(Reverse((t, self.seq, ev)));
    }

    fn emit(&mut self, t: Transition) {
        if self.record {
            self.out.push(t);
        }
    }

    fn schedule_next_arrival(&mut self) {
        let a = &mut self.arrivals;
        if let Some(limit) = self.scenario.workload.limit {
            if a.issued >= limit {
                return;
            }
        }
        let t = match &self.scenario.workload.arrivals {
            Arrivals::Poisson { rate_per_s } => {
                a.clock_us += a.rng.exp(1.0e6 / rate_per_s);
                a.clock_us.round() as Time
            }
            Arrivals::Constant { interval_ms } => us(a.issued as f64 * interval_ms),
            Arrivals::Burst { count, at_ms } => {
                if a.issued >= *count {
                    return;
                }
                us(*at_ms)
            }
            Arrivals::AtMs(_) => match a.times.get(a.issued as usize) {
                Some(t) => *t,
                None => return,
            },
        };
        if t >= self.duration {
            return;
        }
        self.at(t, Ev::Arrival);
    }

    /// Starts recording lane segments, keeping those that ended within the
    /// last `window` µs (memory stays bounded by what fits in the window).
    /// Call before running; segments from before the call are not recorded.
    pub fn keep_history(&mut self, window: Time) {
        self.history = Some(History { window, segments: VecDeque::new() });
    }

    /// Recorded lane segments, oldest first (empty unless `keep_history` was called).
    /// The open segment of each lane is its `LaneView::state` since `LaneView::since_us`.
    pub fn history(&self) -> impl Iterator<Item = &Segment> + '_ {
        self.history.iter().flat_map(|h| h.segments.iter())
    }

    /// Processes every event strictly before `t`, then moves the clock to `t`
    /// (events at exactly `t` stay pending).
    pub fn run_before(&mut self, t: Time) {
        while self.next_time().is_some_and(|n| n < t) {
            self.process();
        }
        self.advance(t.max(self.now));
    }

    /// Time of the next pending event, if any. Once every request and job
    /// has drained the run is over: idle threads' keep-alive timers that
    /// would fire later do not extend it.
    pub fn next_time(&self) -> Option<Time> {
        if self.work_pending == 0 {
            return None;
        }
        self.heap.peek().map(|Reverse((t, _, _))| *t)
    }

    /// True when nothing is left to happen.
    pub fn is_done(&self) -> bool {
        self.work_pending == 0
    }

    /// Current simulated time in µs.
    pub fn now(&self) -> Time {
        self.now
    }

    /// Time of the last processed event in µs (0 before the first).
    pub fn last_event_time(&self) -> Time {
        self.last_event
    }

    /// Roughly how many items a copy of the state holds (request slots,
    /// pending events and recorded segments); `Timeline` spaces its
    /// checkpoints by it.
    pub fn state_size(&self) -> u64 {
        (self.reqs.len()
            + self.heap.len()
            + self.history.as_ref().map_or(0, |h| h.segments.len())
            + self.traces.as_ref().map_or(0, |t| t.len())) as u64
    }

    /// Engine events processed so far.
    pub fn events(&self) -> u64 {
        self.events
    }

    /// The scenario being simulated.
    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// Moves the clock to `t`, integrating the time-weighted counters and
    /// closing every sample window that ends at or before `t`.
    fn advance(&mut self, t: Time) {
        while self.series.next_boundary() <= t {
            let b = self.series.next_boundary();
            self.integrate(b);
            self.close_window(b);
        }
        self.integrate(t);
    }

    fn integrate(&mut self, t: Time) {
        if t <= self.now {
            return;
        }
        let dt = (t - self.now) as u128;
        let s = &mut self.stats;
        s.core_area += s.busy_cores as u128 * dt;
        s.lane_area += s.busy_lanes as u128 * dt;
        s.lanes_area += s.total_lanes as u128 * dt;
        s.system_area += s.in_system as u128 * dt;
        self.now = t;
    }

    fn close_window(&mut self, b: Time) {
        let st = &self.stats;
        let ser = &mut self.series;
        let width = ser.interval as f64;
        let mut lat = std::mem::take(&mut ser.window_latencies);
        lat.sort_unstable();
        let ms = |v: u64| v as f64 / 1000.0;
        let lanes_area = (st.lanes_area - ser.window_lanes_area) as f64;
        let sample = Sample {
            t_ms: b as f64 / 1000.0,
            arrived: st.arrived,
            completed: st.completed,
            rejected: st.rejected,
            failed: st.failed,
            throughput_per_s: (st.completed - ser.window_start_completed) as f64 * 1.0e6 / width,
            p50_ms: ms(sorted_quantile(&lat, 0.50)),
            p95_ms: ms(sorted_quantile(&lat, 0.95)),
            p99_ms: ms(sorted_quantile(&lat, 0.99)),
            queue_len: st.queue_len,
            max_queue_len: ser.window_max_queue.max(st.queue_len),
            in_flight: st.in_system,
            core_util: (st.core_area - ser.window_core_area) as f64 / (width * self.scenario.cores as f64),
            lane_util: if lanes_area > 0.0 {
                (st.lane_area - ser.window_lane_area) as f64 / lanes_area
            } else {
                0.0
            },
        };
        lat.clear();
        ser.window_latencies = lat;
        ser.window_max_queue = st.queue_len;
        ser.window_start_completed = st.completed;
        ser.window_core_area = st.core_area;
        ser.window_lane_area = st.lane_area;
        ser.window_lanes_area = st.lanes_area;
        ser.push(sample);
    }

    fn queue_changed(&mut self, delta: i32) {
        let s = &mut self.stats;
        s.queue_len = (s.queue_len as i64 + delta as i64) as u32;
        s.max_queue_len = s.max_queue_len.max(s.queue_len);
        self.series.window_max_queue = self.series.window_max_queue.max(s.queue_len);
    }

    // ----- stepping ----------------------------------------------------------

    /// Processes exactly one engine event and returns what it caused, or
    /// `None` when the run is over.
    pub fn step(&mut self) -> Option<Event> {
        self.record = true;
        self.out.clear();
        let processed = self.process();
        self.record = false;
        processed.then(|| Event {
            index: self.events,
            time_us: self.last_event,
            what: std::mem::take(&mut self.out),
        })
    }

    /// Processes every event at or before `t`, then moves the clock to `t`.
    pub fn run_until(&mut self, t: Time) {
        while self.next_time().is_some_and(|n| n <= t) {
            self.process();
        }
        self.advance(t.max(self.now));
    }

    /// Runs to the end: arrivals stop at `duration_ms`, then everything in flight drains.
    pub fn run(&mut self) {
        while self.process() {}
    }

    /// Processes at most `events` events, so that a long run can be done a
    /// slice at a time (a frame's budget in the browser, progress in the
    /// CLI). Returns true while something is left to happen.
    pub fn run_for(&mut self, events: u64) -> bool {
        for _ in 0..events {
            if !self.process() {
                return false;
            }
        }
        !self.is_done()
    }

    pub(crate) fn process(&mut self) -> bool {
        if self.work_pending == 0 {
            return false;
        }
        let Some(Reverse((t, _, ev))) = self.heap.pop() else {
            return false;
        };
        if ev.is_work() {
            self.work_pending -= 1;
        }
        self.advance(t);
        self.events += 1;
        self.last_event = t;
        match ev {
            Ev::Arrival => self.on_arrival(),
            Ev::SliceEnd(l) => self.on_slice_end(l),
            Ev::LaneWake(l) => self.on_lane_wake(l),
            Ev::ReqIo(slot) => {
                let r = &self.reqs[slot as usize];
                let (id, g) = (r.id, r.group);
                if r.fail_pc != NO_FAIL && r.fail_pc + 1 == r.pc && self.io_failed(slot, None) {
                    return true;
                }
                self.emit(Transition::Resumed { req: id });
                self.push_ready(g, slot);
            }
            Ev::KeepAlive(l, gen) => self.on_keep_alive(l, gen),
            Ev::RetryDue(slot) => {
                let id = self.reqs[slot as usize].id;
                self.emit(Transition::JobRetry { req: id });
                self.enqueue_job(slot);
            }
            Ev::WorkerCrashAt => {
                let busy = self.jobs.as_ref().and_then(|j| {
                    let first = j.first_worker_group as usize;
                    (0..j.workers).find(|w| self.groups[first + *w as usize].in_flight > 0)
                });
                match busy {
                    Some(w) => self.crash_worker(w),
                    None => self.faults.armed_worker_crashes += 1,
                }
            }
            Ev::WorkerCrash(w) => {
                let first = self.jobs.as_ref().map_or(0, |j| j.first_worker_group as usize);
                if self.groups[first + w as usize].in_flight > 0 {
                    self.crash_worker(w);
                } else {
                    self.faults.armed_worker_crashes += 1;
                }
            }
            Ev::Restart => {
                self.faults.down = false;
                self.emit(Transition::Restarted);
            }
            Ev::Relay(slot) => self.enqueue_job(slot),
            Ev::Redeliver(slot) => {
                let id = self.reqs[slot as usize].id;
                self.emit(Transition::Redelivered { req: id });
                self.enqueue_job(slot);
            }
        }
        true
    }

    // ----- requests ------------------------------------------------------------

    fn on_arrival(&mut self) {
        let index = self.arrivals.issued;
        self.arrivals.issued += 1;
        self.schedule_next_arrival();
        let seed = self.scenario.seed;
        let mut rng = Rng::derive(seed, STREAM_STEPS, index);
        let slot = match self.free_slots.pop() {
            Some(s) => s,
            None => {
                self.step_store.resize(self.step_store.len() + self.stride, (StepKind::Cpu, 0));
                self.reqs.len() as u32
            }
        };
        // Steps are stored flat, `stride` per slot, so that requests own no
        // allocation and checkpoints copy two flat vectors.
        let base = slot as usize * self.stride;
        let mut n = 0;
        let mut stop = 0;
        if let Some(j) = &self.jobs {
            let mut arng = Rng::derive(seed, STREAM_ACCEPT, index);
            self.step_store[base] = (StepKind::Cpu, sample(&j.accept, &mut arng));
            n = 1;
            stop = 1;
        }
        for st in &self.scenario.workload.steps {
            let d = sample(&st.dur, &mut rng);
            self.stats.work[st.kind as usize] += d;
            self.step_store[base + n] = (st.kind, d);
            n += 1;
        }
        if stop == 0 {
            stop = n as u16;
        }
        let req = Req {
            id: (index + 1) as ReqId,
            arrived: self.now,
            len: n as u16,
            pc: 0,
            stop,
            started: false,
            is_new: false,
            responded: false,
            attempt: 0,
            group: 0,
            place: Place::Awaiting { until: self.now },
            live: true,
            fail_pc: NO_FAIL,
            applied: false,
        };
        if slot as usize == self.reqs.len() {
            self.reqs.push(req);
        } else {
            self.reqs[slot as usize] = req;
        }
        debug_assert_eq!(self.ids_from as usize + self.by_id.len(), index as usize + 1);
        self.by_id.push_back(slot);
        self.stats.arrived += 1;
        self.stats.in_system += 1;
        self.emit(Transition::Arrived { req: (index + 1) as ReqId });
        if self.jobs.is_none() {
            self.reqs[slot as usize].fail_pc = self.fail_point(slot, 0);
        }
        if self.faults.down {
            return self.reject(slot, RejectCause::ServerDown);
        }
        if self.pools.first().is_some_and(|p| p.role == PoolRole::Respond) {
            self.pool_submit(0, slot);
        } else {
            self.group_accept(0, slot);
        }
    }

    fn free(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.live = false;
        let at = (r.id - self.ids_from) as usize;
        self.by_id[at] = NO_SLOT;
        while self.by_id.front() == Some(&NO_SLOT) {
            self.by_id.pop_front();
            self.ids_from += 1;
        }
        self.free_slots.push(slot);
    }

    fn reject(&mut self, slot: u32, cause: RejectCause) {
        let id = self.reqs[slot as usize].id;
        self.stats.rejected += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Rejected { req: id, cause });
        self.mark(id, MarkKind::Rejected(cause));
        self.free(slot);
    }

    fn respond(&mut self, slot: u32, status: u16) {
        let r = &mut self.reqs[slot as usize];
        r.responded = true;
        let latency = self.now - r.arrived;
        let id = r.id;
        self.stats.latency.record(latency);
        self.series.window_latencies.push(latency);
        self.stats.completed += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Responded { req: id, status, latency_us: latency });
        self.mark(id, MarkKind::Responded(status));
        if status == 200 {
            self.apply(id);
        }
    }

    // ----- pools (blocking style, ThreadPoolExecutor rules) --------------------

    fn spawn(&mut self, p: u16) -> LaneId {
        let pool = &mut self.pools[p as usize];
        pool.live += 1;
        pool.spawned += 1;
        let (kind, number) = (pool.kind, pool.spawned);
        let l = self.new_lane(kind, number, Owner::Pool(p), 0);
        self.emit(Transition::ThreadStarted { lane: l });
        l
    }

    fn pool_submit(&mut self, p: u16, slot: u32) {
        let pool = &self.pools[p as usize];
        if pool.live < pool.core {
            let l = self.spawn(p);
            self.assign(l, slot);
            return self.drive(l);
        }
        if let Some(l) = self.pools[p as usize].idle.pop_front() {
            self.assign(l, slot);
            return self.drive(l);
        }
        let pool = &self.pools[p as usize];
        if pool.cap.is_none_or(|c| (pool.queue.len() as u64) < c as u64) {
            return self.pool_enqueue(p, slot);
        }
        if pool.live < pool.max {
            let l = self.spawn(p);
            self.assign(l, slot);
            return self.drive(l);
        }
        match pool.rejection {
            Rejection::DiscardOldest if !pool.queue.is_empty() => {
                let victim = self.pools[p as usize].queue.pop_front().expect("non-empty");
                self.queue_changed(-1);
                self.reject(victim, RejectCause::DiscardedOldest);
                self.pool_enqueue(p, slot);
            }
            _ => self.reject(slot, RejectCause::QueueFull),
        }
    }

    fn pool_enqueue(&mut self, p: u16, slot: u32) {
        let pool = &mut self.pools[p as usize];
        pool.queue.push_back(slot);
        let (queue, len) = (pool.queue_id, pool.queue.len() as u32);
        self.reqs[slot as usize].place = Place::Queue { queue };
        self.queue_changed(1);
        let id = self.reqs[slot as usize].id;
        self.emit(Transition::Queued { req: id, queue, len });
        self.mark(id, MarkKind::Queued(queue));
    }

    fn on_keep_alive(&mut self, l: LaneId, gen: u32) {
        let lane = &self.lanes[l as usize];
        let Owner::Pool(p) = lane.owner else { return };
        let pool = &self.pools[p as usize];
        if lane.gen != gen || lane.req.is_some() || lane.state != LaneState::Idle || pool.live <= pool.core {
            return;
        }
        let pool = &mut self.pools[p as usize];
        pool.idle.retain(|&x| x != l);
        pool.live -= 1;
        self.set_state(l, LaneState::Retired);
        self.stats.total_lanes -= 1;
        self.emit(Transition::ThreadRetired { lane: l });
    }

    // ----- groups (non-blocking style: event loop, carriers, job workers) ------

    fn group_accept(&mut self, g: u16, slot: u32) {
        let group = &self.groups[g as usize];
        if group.cap.is_some_and(|c| group.new_waiting >= c) {
            return self.reject(slot, RejectCause::QueueFull);
        }
        self.groups[g as usize].new_waiting += 1;
        self.reqs[slot as usize].is_new = true;
        self.push_ready(g, slot);
    }

    fn push_ready(&mut self, g: u16, slot: u32) {
        let group = &mut self.groups[g as usize];
        group.ready.push_back(slot);
        let (queue, len) = (group.queue_id, group.ready.len() as u32);
        let r = &mut self.reqs[slot as usize];
        r.group = g;
        r.place = Place::Queue { queue };
        let id = r.id;
        self.queue_changed(1);
        self.emit(Transition::Queued { req: id, queue, len });
        self.mark(id, MarkKind::Queued(queue));
        if let Some(l) = self.groups[g as usize].idle.pop_front() {
            self.drive(l);
        }
    }

    // ----- lanes ------------------------------------------------------------------

    fn assign(&mut self, l: LaneId, slot: u32) {
        let lane = &mut self.lanes[l as usize];
        lane.req = Some(slot);
        lane.gen = lane.gen.wrapping_add(1);
        self.stats.busy_lanes += 1;
        let r = &mut self.reqs[slot as usize];
        r.place = Place::Lane { lane: l };
        let id = r.id;
        self.emit(Transition::Picked { req: id, lane: l });
        self.mark(id, MarkKind::Running(l));
    }

    /// Changes a lane's state, closing its previous segment into the history.
    fn set_state(&mut self, l: LaneId, state: LaneState) {
        let lane = &mut self.lanes[l as usize];
        if lane.state == state {
            return;
        }
        if let Some(h) = &mut self.history {
            if !matches!(lane.state, LaneState::Idle | LaneState::Retired) && lane.since < self.now {
                let req = lane.req.map(|s| self.reqs[s as usize].id);
                h.segments.push_back(Segment {
                    lane: l,
                    start: lane.since,
                    end: self.now,
                    state: lane.state,
                    req,
                });
                while h.segments.front().is_some_and(|f| f.end.saturating_add(h.window) < self.now) {
                    h.segments.pop_front();
                }
            }
        }
        lane.state = state;
        lane.since = self.now;
    }

    fn release(&mut self, l: LaneId) {
        self.lanes[l as usize].req = None;
        self.stats.busy_lanes -= 1;
    }

    /// Takes the next piece of work for an empty lane from its owner.
    fn fetch(&mut self, l: LaneId) -> Option<u32> {
        let slot = match self.lanes[l as usize].owner {
            Owner::Pool(p) => self.pools[p as usize].queue.pop_front()?,
            Owner::Group(g) => {
                let group = &mut self.groups[g as usize];
                let slot = group.ready.pop_front()?;
                let r = &mut self.reqs[slot as usize];
                if r.is_new {
                    r.is_new = false;
                    group.new_waiting -= 1;
                }
                slot
            }
        };
        self.queue_changed(-1);
        self.assign(l, slot);
        Some(slot)
    }

    fn go_idle(&mut self, l: LaneId) {
        self.set_state(l, LaneState::Idle);
        let lane = &self.lanes[l as usize];
        let gen = lane.gen;
        match lane.owner {
            Owner::Pool(p) => {
                let pool = &mut self.pools[p as usize];
                pool.idle.push_back(l);
                if pool.live > pool.core && pool.keep_alive != Time::MAX {
                    let t = self.now.saturating_add(pool.keep_alive);
                    self.at(t, Ev::KeepAlive(l, gen));
                }
            }
            Owner::Group(g) => self.groups[g as usize].idle.push_back(l),
        }
    }

    /// Lets lane `l` make progress until it must wait for something:
    /// a core, an I/O wake-up, or new work.
    fn drive(&mut self, l: LaneId) {
        loop {
            let slot = match self.lanes[l as usize].req {
                Some(s) => s,
                None => match self.fetch(l) {
                    Some(s) => s,
                    None => return self.go_idle(l),
                },
            };
            let (kind, d, id) = {
                let r = &mut self.reqs[slot as usize];
                if r.pc >= r.stop {
                    self.finish_segment(l, slot);
                    continue;
                }
                if !r.started {
                    r.started = true;
                    let w = self.now - r.arrived;
                    self.stats.wait.record(w);
                }
                let (k, d) = self.step_store[slot as usize * self.stride + r.pc as usize];
                if d == 0 {
                    r.pc += 1;
                    continue;
                }
                (k, d, r.id)
            };
            let owner = self.lanes[l as usize].owner;
            match (kind, owner) {
                (StepKind::Cpu, Owner::Group(g)) if self.groups[g as usize].offload.is_some() => {
                    let p = self.groups[g as usize].offload.expect("checked");
                    let r = &mut self.reqs[slot as usize];
                    r.stop = r.pc + 1;
                    self.release(l);
                    self.emit(Transition::Offloaded { req: id, lane: l });
                    self.pool_submit(p, slot);
                }
                (StepKind::Cpu, _) => {
                    self.emit(Transition::Computing { req: id, lane: l, dur_us: d });
                    return self.make_runnable(l, d);
                }
                (StepKind::Io, Owner::Group(_)) => {
                    let until = self.now + d;
                    let r = &mut self.reqs[slot as usize];
                    r.pc += 1;
                    r.place = Place::Awaiting { until };
                    self.release(l);
                    self.emit(Transition::Awaiting { req: id, lane: l, dur_us: d });
                    self.mark(id, MarkKind::Awaiting);
                    self.at(until, Ev::ReqIo(slot));
                }
                (StepKind::Io, Owner::Pool(_)) | (StepKind::BlockingIo, _) => {
                    let until = self.now + d;
                    let state = if kind == StepKind::Io {
                        self.emit(Transition::WaitingIo { req: id, lane: l, dur_us: d });
                        self.mark(id, MarkKind::WaitingIo(l));
                        LaneState::Io { until }
                    } else {
                        self.emit(Transition::Blocking { req: id, lane: l, dur_us: d });
                        self.mark(id, MarkKind::Blocked(l));
                        LaneState::Blocked { until }
                    };
                    self.set_state(l, state);
                    self.at(until, Ev::LaneWake(l));
                    return;
                }
            }
        }
    }

    /// The request reached the end of what this lane's owner runs for it.
    fn finish_segment(&mut self, l: LaneId, slot: u32) {
        self.release(l);
        match self.lanes[l as usize].owner {
            Owner::Pool(p) => match self.pools[p as usize].role {
                PoolRole::Respond => {
                    self.respond(slot, 200);
                    self.free(slot);
                }
                PoolRole::ReturnTo(g) => {
                    let r = &mut self.reqs[slot as usize];
                    r.stop = r.len;
                    self.push_ready(g, slot);
                }
            },
            Owner::Group(g) => match self.groups[g as usize].role {
                GroupRole::Server => {
                    self.respond(slot, 200);
                    self.free(slot);
                }
                GroupRole::FrontEnd => self.commit(slot),
                GroupRole::Worker(w) => self.attempt_done(w, slot, false),
            },
        }
    }

    fn on_lane_wake(&mut self, l: LaneId) {
        let slot = self.lanes[l as usize].req.expect("a waking lane holds a request");
        let was_io = matches!(self.lanes[l as usize].state, LaneState::Io { .. });
        self.set_state(l, LaneState::Idle);
        let r = &mut self.reqs[slot as usize];
        let failing = was_io && r.fail_pc == r.pc;
        r.pc += 1;
        let id = r.id;
        self.emit(Transition::IoDone { req: id, lane: l });
        if failing && self.io_failed(slot, Some(l)) {
            return self.drive(l);
        }
        self.mark(id, MarkKind::Running(l));
        self.drive(l);
    }

    // ----- the CPU scheduler --------------------------------------------------------

    fn make_runnable(&mut self, l: LaneId, d: Time) {
        let lane = &mut self.lanes[l as usize];
        lane.cpu_left = d;
        let m = lane.machine as usize;
        match self.machines[m].free.pop() {
            Some(c) => self.start_slice(l, c),
            None => {
                self.set_state(l, LaneState::Ready);
                self.machines[m].run_queue.push_back(l);
            }
        }
    }

    fn start_slice(&mut self, l: LaneId, core: u16) {
        let quantum = self.quantum;
        self.set_state(l, LaneState::Running { core });
        let lane = &mut self.lanes[l as usize];
        let m = lane.machine as usize;
        lane.slice = lane.cpu_left.min(quantum);
        let end = self.now + lane.slice;
        if self.machines[m].cores[core as usize].is_none() && m == 0 {
            self.stats.busy_cores += 1;
        }
        self.machines[m].cores[core as usize] = Some(l);
        self.at(end, Ev::SliceEnd(l));
    }

    fn on_slice_end(&mut self, l: LaneId) {
        let lane = &mut self.lanes[l as usize];
        let LaneState::Running { core } = lane.state else {
            unreachable!("a slice ends only on a running lane")
        };
        lane.cpu_left -= lane.slice;
        let m = lane.machine as usize;
        if lane.cpu_left == 0 {
            self.set_state(l, LaneState::Idle);
            let machine = &mut self.machines[m];
            match machine.run_queue.pop_front() {
                Some(next) => self.start_slice(next, core),
                None => {
                    machine.cores[core as usize] = None;
                    machine.free.push(core);
                    if m == 0 {
                        self.stats.busy_cores -= 1;
                    }
                }
            }
            let slot = self.lanes[l as usize].req.expect("a computing lane holds a request");
            let r = &mut self.reqs[slot as usize];
            r.pc += 1;
            let id = r.id;
            self.emit(Transition::Computed { req: id, lane: l });
            self.drive(l);
        } else if let Some(next) = self.machines[m].run_queue.pop_front() {
            self.set_state(l, LaneState::Ready);
            self.machines[m].run_queue.push_back(l);
            self.emit(Transition::Preempted { lane: l, next, core });
            self.start_slice(next, core);
        } else {
            self.emit(Transition::Continued { lane: l, core });
            self.start_slice(l, core);
        }
    }

    // ----- the job queue -------------------------------------------------------------

    fn enqueue_job(&mut self, slot: u32) {
        let jobs = self.jobs.as_mut().expect("job_queue model");
        jobs.queue.push_back(slot);
        let (queue, len) = (jobs.queue_id, jobs.queue.len() as u32);
        let r = &mut self.reqs[slot as usize];
        r.pc = 1;
        r.stop = r.len;
        r.place = Place::Queue { queue };
        let id = r.id;
        self.queue_changed(1);
        self.emit(Transition::JobQueued { req: id, len });
        self.mark(id, MarkKind::Queued(queue));
        self.dispatch_jobs();
    }

    fn dispatch_jobs(&mut self) {
        loop {
            let Some(jobs) = self.jobs.as_ref() else {
                return;
            };
            if jobs.queue.is_empty() {
                return;
            }
            let first = jobs.first_worker_group as usize;
            let conc = jobs.concurrency;
            let best = (0..jobs.workers as usize)
                .map(|w| (self.groups[first + w].in_flight, w))
                .filter(|(n, _)| *n < conc)
                .min();
            let Some((_, w)) = best else { return };
            let slot = if jobs.partition {
                // One consumer per key: the first job whose key nobody holds.
                let keys = self.faults.keys.max(1);
                let owner = &self.faults.key_owner;
                let found = jobs.queue.iter().position(|s| {
                    let id = self.reqs[*s as usize].id;
                    let o = owner[((id - 1) % keys) as usize];
                    o == 0 || o == id
                });
                let Some(i) = found else { return };
                let slot = self.jobs.as_mut().expect("checked").queue.remove(i).expect("found");
                let id = self.reqs[slot as usize].id;
                self.faults.key_owner[((id - 1) % keys) as usize] = id;
                slot
            } else {
                self.jobs.as_mut().expect("checked").queue.pop_front().expect("non-empty")
            };
            self.queue_changed(-1);
            let g = first + w;
            self.groups[g].in_flight += 1;
            let r = &mut self.reqs[slot as usize];
            r.attempt += 1;
            let (id, attempt) = (r.id, r.attempt as u32);
            // Attempt n draws from stream n - 1: a job's first attempt fails at
            // the same step as the same request in every other model.
            let fail_pc = self.fail_point(slot, attempt - 1);
            self.reqs[slot as usize].fail_pc = fail_pc;
            self.emit(Transition::JobStarted { req: id, worker: w as u32 + 1, attempt });
            if self.faults.armed_worker_crashes > 0 {
                // "The next worker to start a job dies halfway through it."
                self.faults.armed_worker_crashes -= 1;
                let base = slot as usize * self.stride;
                let total: Time = self.step_store[base + 1..base + self.reqs[slot as usize].len as usize]
                    .iter()
                    .map(|(_, d)| *d)
                    .sum();
                self.at(self.now + total / 2, Ev::WorkerCrash(w as u32));
            }
            self.push_ready(g as u16, slot);
        }
    }

    fn attempt_done(&mut self, w: u32, slot: u32, step_failed: bool) {
        let jobs = self.jobs.as_mut().expect("job_queue model");
        let g = jobs.first_worker_group as usize + w as usize;
        let failed = step_failed || (jobs.failure_rate > 0.0 && jobs.rng.unit() < jobs.failure_rate);
        let (attempts, backoff, idempotent) = (jobs.attempts, jobs.backoff, jobs.idempotent);
        self.groups[g].in_flight -= 1;
        let r = &self.reqs[slot as usize];
        let (id, attempt, arrived) = (r.id, r.attempt as u32, r.arrived);
        if failed && attempt < attempts {
            let delay = backoff.saturating_mul(1u64 << (attempt - 1).min(40));
            let until = self.now.saturating_add(delay);
            self.reqs[slot as usize].place = Place::RetryWait { until };
            self.stats.retries += 1;
            self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: Some(delay) });
            self.mark(id, MarkKind::AttemptFailed(attempt));
            self.mark(id, MarkKind::Backoff(attempt));
            self.at(until, Ev::RetryDue(slot));
        } else {
            if failed {
                self.stats.jobs_dead += 1;
                self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: None });
                self.mark(id, MarkKind::AttemptFailed(attempt));
                self.mark(id, MarkKind::DeadLettered);
            } else {
                let latency = self.now - arrived;
                self.stats.jobs_done += 1;
                self.stats.job_latency.record(latency);
                self.emit(Transition::JobDone { req: id, attempts: attempt, latency_us: latency });
                self.mark(id, MarkKind::Done);
                let again = self.reqs[slot as usize].applied;
                if again && !idempotent {
                    self.faults.duplicated += 1;
                    self.emit(Transition::Duplicated { req: id });
                }
                if !(again && idempotent) {
                    self.apply(id);
                }
            }
            if self.faults.keys > 0 && !self.faults.key_owner.is_empty() {
                let k = ((id - 1) % self.faults.keys) as usize;
                if self.faults.key_owner[k] == id {
                    self.faults.key_owner[k] = 0;
                }
            }
            self.stats.jobs_in_system -= 1;
            self.free(slot);
        }
        self.dispatch_jobs();
    }
}

// ----- injected faults -------------------------------------------------------------

impl Sim {
    fn build_faults(&mut self) {
        let f = self.scenario.faults.clone();
        let keys = self.scenario.workload.keys.unwrap_or(0);
        let mut commit_crashes: Vec<Time> = f.crash_after_commit_at_ms.iter().map(|t| us(*t)).collect();
        commit_crashes.sort_unstable();
        // Scenarios built in code skip `from_value`'s checks: keep to what the model can do.
        let partition = keys > 0 && matches!(&self.scenario.model, Model::JobQueue(j) if j.partition_by_key);
        let handling = match (f.error_handling, &self.scenario.model) {
            (ErrorHandling::UnhandledRejection, Model::EventLoop(_)) => ErrorHandling::UnhandledRejection,
            (ErrorHandling::UnhandledRejection, _) => ErrorHandling::Awaited,
            (h, _) => h,
        };
        self.faults = FaultState {
            step_failure_rate: f.step_failure_rate,
            handling,
            restart: us(f.restart_ms),
            commit_crashes,
            keys,
            last_applied: vec![0; keys as usize],
            key_owner: if partition { vec![0; keys as usize] } else { Vec::new() },
            ..FaultState::default()
        };
        if let (Model::JobQueue(j), Some(jobs)) = (&self.scenario.model, self.jobs.as_mut()) {
            jobs.outbox = j.outbox;
            jobs.relay = us(j.relay_ms);
            jobs.visibility = us(j.visibility_timeout_ms);
            jobs.idempotent = j.idempotent;
            jobs.partition = partition;
            let mut times: Vec<Time> = f.worker_crash_at_ms.iter().map(|t| us(*t)).collect();
            times.sort_unstable();
            for t in times {
                self.at(t, Ev::WorkerCrashAt);
            }
        }
    }

    /// The step (index into the step store) at which this request's
    /// `attempt` fails: its first `io_ms` step whose draw falls below
    /// `step_failure_rate`. One draw per `io_ms` step from a stream of the
    /// request's own, so step durations and every other stream are untouched
    /// and a request fails at the same step in every model.
    fn fail_point(&self, slot: u32, attempt: u32) -> u16 {
        let rate = self.faults.step_failure_rate;
        if rate <= 0.0 {
            return NO_FAIL;
        }
        let r = &self.reqs[slot as usize];
        let index = (r.id - 1) as u64;
        let mut rng =
            Rng::derive(self.scenario.seed, STREAM_STEP_FAULTS, (index << 16) | (attempt as u64 & 0xffff));
        let base = slot as usize * self.stride;
        for pc in 0..r.len as usize {
            let (kind, d) = self.step_store[base + pc];
            if kind == StepKind::Io && rng.unit() < rate && d > 0 {
                return pc as u16;
            }
        }
        NO_FAIL
    }

    /// The failing `io_ms` step of `slot` just completed (on lane `l` for a
    /// blocking thread, which is then idle). Returns true when the request
    /// left the lane's hands (it failed, or its job attempt failed); false
    /// when it goes on (fire and forget).
    fn io_failed(&mut self, slot: u32, l: Option<LaneId>) -> bool {
        let id = self.reqs[slot as usize].id;
        self.reqs[slot as usize].fail_pc = NO_FAIL;
        match self.faults.handling {
            ErrorHandling::FireAndForget => {
                self.faults.unobserved_errors += 1;
                self.emit(Transition::ErrorLost { req: id });
                false
            }
            ErrorHandling::Awaited => {
                if let Some(l) = l {
                    self.release(l);
                }
                let g = self.reqs[slot as usize].group as usize;
                match (l, self.groups.get(g).map(|g| g.role)) {
                    (None, Some(GroupRole::Worker(w))) => self.attempt_done(w, slot, true),
                    _ => self.fail_request(slot, FailCause::StepFailed),
                }
                true
            }
            ErrorHandling::UnhandledRejection => {
                if let Some(l) = l {
                    self.release(l);
                }
                self.crash_server(slot);
                true
            }
        }
    }

    /// The client gets a 500.
    fn fail_request(&mut self, slot: u32, cause: FailCause) {
        let id = self.reqs[slot as usize].id;
        self.stats.failed += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Failed { req: id, cause });
        self.mark(id, MarkKind::Failed(cause));
        self.free(slot);
    }

    /// Node.js on an unhandled rejection (`slot`'s): the process dies with
    /// every request in flight, and comes back `restart_ms` later.
    fn crash_server(&mut self, slot: u32) {
        let id = self.reqs[slot as usize].id;
        self.faults.crashes += 1;
        self.emit(Transition::Crashed { what: CrashKind::Server, req: Some(id), worker: None });
        self.fail_request(slot, FailCause::StepFailed);
        let mut victims: Vec<(ReqId, u32)> =
            self.reqs.iter().enumerate().filter(|(_, r)| r.live).map(|(s, r)| (r.id, s as u32)).collect();
        victims.sort_unstable();
        // Empty every container and thread.
        let queued: usize = self.groups.iter().map(|g| g.ready.len()).sum::<usize>()
            + self.pools.iter().map(|p| p.queue.len()).sum::<usize>();
        self.queue_changed(-(queued as i32));
        for g in &mut self.groups {
            g.ready.clear();
            g.new_waiting = 0;
            g.idle = g.lanes.iter().copied().collect();
        }
        for l in 0..self.lanes.len() as LaneId {
            if self.lanes[l as usize].req.is_some() {
                self.release(l);
            }
            if self.lanes[l as usize].state != LaneState::Retired {
                self.set_state(l, LaneState::Idle);
            }
            let lane = &mut self.lanes[l as usize];
            lane.cpu_left = 0;
            lane.gen = lane.gen.wrapping_add(1);
        }
        for p in 0..self.pools.len() {
            self.pools[p].queue.clear();
            let idle: VecDeque<LaneId> = (0..self.lanes.len() as LaneId)
                .filter(|l| {
                    let lane = &self.lanes[*l as usize];
                    lane.owner == Owner::Pool(p as u16) && lane.state != LaneState::Retired
                })
                .collect();
            self.pools[p].idle = idle;
        }
        for m in &mut self.machines {
            let n = m.cores.len();
            m.cores = vec![None; n];
            m.free = (0..n as u16).rev().collect();
            m.run_queue.clear();
        }
        self.stats.busy_cores = 0;
        self.drop_events(|ev| {
            matches!(ev, Ev::SliceEnd(_) | Ev::LaneWake(_) | Ev::ReqIo(_) | Ev::KeepAlive(..))
        });
        for (_, s) in victims {
            self.fail_request(s, FailCause::Crash);
        }
        self.faults.down = true;
        self.at(self.now.saturating_add(self.faults.restart), Ev::Restart);
    }

    /// Removes pending events (a crash cancels what the dead process would have done).
    fn drop_events(&mut self, dead: impl Fn(&Ev) -> bool) {
        let mut dropped = 0;
        self.heap.retain(|Reverse((_, _, ev))| {
            let d = dead(ev);
            if d && ev.is_work() {
                dropped += 1;
            }
            !d
        });
        self.work_pending -= dropped;
    }

    /// The front end committed the request's transaction: 202, then the
    /// job goes to the queue (or to the outbox, or is lost in a crash).
    fn commit(&mut self, slot: u32) {
        self.respond(slot, 202);
        let id = self.reqs[slot as usize].id;
        let f = &mut self.faults;
        let crash = f.commit_crashes.get(f.next_commit_crash).is_some_and(|t| *t <= self.now);
        if crash {
            f.next_commit_crash += 1;
            f.crashes += 1;
            self.emit(Transition::Crashed { what: CrashKind::FrontEnd, req: Some(id), worker: None });
        }
        let jobs = self.jobs.as_ref().expect("job_queue model");
        if jobs.outbox {
            let until = self.now.saturating_add(jobs.relay);
            self.stats.jobs_in_system += 1;
            self.reqs[slot as usize].place = Place::Outbox { until };
            self.emit(Transition::Outboxed { req: id, relay_in_us: until - self.now });
            self.mark(id, MarkKind::Outbox);
            self.at(until, Ev::Relay(slot));
        } else if crash {
            self.faults.lost += 1;
            self.emit(Transition::JobLost { req: id });
            self.mark(id, MarkKind::Lost);
            self.free(slot);
        } else {
            self.stats.jobs_in_system += 1;
            self.enqueue_job(slot);
        }
    }

    /// Job worker `w` dies with every job in hand; its supervisor restarts
    /// it at once. The jobs come back after the visibility timeout.
    fn crash_worker(&mut self, w: u32) {
        let jobs = self.jobs.as_ref().expect("job_queue model");
        let g = jobs.first_worker_group as usize + w as usize;
        let visibility = jobs.visibility;
        let l = self.groups[g].lanes[0];
        let ready = self.groups[g].queue_id;
        self.faults.crashes += 1;
        self.emit(Transition::Crashed { what: CrashKind::Worker, req: None, worker: Some(w + 1) });
        let mut held: Vec<(ReqId, u32)> = self
            .reqs
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                r.live
                    && r.group as usize == g
                    && match r.place {
                        Place::Queue { queue } => queue == ready,
                        Place::Lane { lane } => lane == l,
                        Place::Awaiting { .. } => true,
                        _ => false,
                    }
            })
            .map(|(s, r)| (r.id, s as u32))
            .collect();
        held.sort_unstable();
        let queued = self.groups[g].ready.len();
        self.queue_changed(-(queued as i32));
        self.groups[g].ready.clear();
        self.groups[g].in_flight = 0;
        if self.lanes[l as usize].req.is_some() {
            self.release(l);
        }
        self.set_state(l, LaneState::Idle);
        let lane = &mut self.lanes[l as usize];
        lane.cpu_left = 0;
        lane.gen = lane.gen.wrapping_add(1);
        let m = &mut self.machines[lane.machine as usize];
        for c in 0..m.cores.len() {
            if m.cores[c].is_some() {
                m.cores[c] = None;
                m.free.push(c as u16);
            }
        }
        m.run_queue.clear();
        if !self.groups[g].idle.contains(&l) {
            self.groups[g].idle.push_back(l);
        }
        let slots: Vec<u32> = held.iter().map(|(_, s)| *s).collect();
        self.drop_events(|ev| match ev {
            Ev::SliceEnd(x) | Ev::LaneWake(x) => *x == l,
            Ev::ReqIo(s) => slots.contains(s),
            _ => false,
        });
        let until = self.now.saturating_add(visibility);
        for (id, s) in held {
            let r = &mut self.reqs[s as usize];
            // A crash is not a failed attempt; the side effect counts as applied.
            r.attempt = r.attempt.saturating_sub(1);
            r.applied = true;
            r.place = Place::Redelivery { until };
            self.mark(id, MarkKind::Crashed);
            self.mark(id, MarkKind::Redelivery);
            self.at(until, Ev::Redeliver(s));
        }
        self.dispatch_jobs();
    }

    /// The request's update is applied: check the per-key order.
    fn apply(&mut self, id: ReqId) {
        let f = &mut self.faults;
        if f.keys == 0 {
            return;
        }
        let i = id - 1;
        let (key, seq) = (i % f.keys, i / f.keys);
        let last = &mut f.last_applied[key as usize];
        if seq + 1 < *last {
            let after = *last - 1;
            f.order_violations += 1;
            self.emit(Transition::OrderViolation { req: id, key, seq, after });
        } else {
            *last = seq + 1;
        }
    }

    fn mark(&mut self, req: ReqId, kind: MarkKind) {
        if let Some(t) = &mut self.traces {
            t.push(Mark { req, t: self.now, kind }, self.arrivals.issued as ReqId);
        }
    }

    /// Starts recording spans for tracing, keeping those of the last
    /// `max_requests` requests to arrive (see [`Sim::spans`]). Call before
    /// running; nothing before the call is recorded.
    pub fn keep_traces(&mut self, max_requests: u32) {
        self.traces = Some(Traces::new(max_requests));
    }

    /// The spans of request `req` (its trace id), in time order: where it
    /// waited, which thread ran it, its I/O, retries and its outcome. Empty
    /// unless [`Sim::keep_traces`] was called, and for requests older than
    /// the last `max_requests`. The last span of a request in flight is open
    /// (`end_us: None`).
    pub fn spans(&self, req: ReqId) -> Vec<crate::trace::Span> {
        let Some(t) = &self.traces else { return Vec::new() };
        let lanes: Vec<crate::snapshot::LaneView> = self.lane_views().collect();
        let queues: Vec<QueueKind> = self.queues.iter().map(|q| q.kind).collect();
        t.spans(req, &lanes, &queues)
    }

    /// Counts of what the faults did: lost, duplicated, order violations,
    /// unobserved errors, crashes.
    pub(crate) fn fault_counts(&self) -> [u64; 5] {
        let f = &self.faults;
        [f.lost, f.duplicated, f.order_violations, f.unobserved_errors, f.crashes]
    }
}

/// Read access for `snapshot.rs` and `report.rs`.
impl Sim {
    pub(crate) fn series_ref(&self) -> &Series {
        &self.series
    }
}

pub(crate) mod view {
    //! Crate-internal accessors so the snapshot and report code can read the
    //! state without widening the private types.
    use super::*;

    pub(crate) struct ReqRef {
        pub id: ReqId,
        pub arrived: Time,
        pub place: Place,
        pub step: u16,
        pub steps: u16,
        pub current: Option<StepKind>,
        pub attempt: u16,
        pub responded: bool,
    }

    impl Sim {
        /// Every lane ever started, as the snapshot shows it.
        pub(crate) fn lane_views(&self) -> impl Iterator<Item = crate::snapshot::LaneView> + '_ {
            self.lanes.iter().enumerate().map(move |(i, l)| crate::snapshot::LaneView {
                id: i as LaneId,
                kind: l.kind,
                number: l.number,
                machine: l.machine,
                state: l.state,
                req: l.req.map(|s| self.reqs[s as usize].id),
                cpu_left_us: l.cpu_left,
                queue: match l.owner {
                    Owner::Pool(p) => self.pools[p as usize].queue_id,
                    Owner::Group(g) => self.groups[g as usize].queue_id,
                },
                since_us: l.since,
            })
        }

        /// The oldest (smallest) id of a request in flight (the index's front: tests check it).
        #[cfg(test)]
        pub(crate) fn oldest_live_id(&self) -> Option<ReqId> {
            (!self.by_id.is_empty()).then_some(self.ids_from)
        }

        /// What a frame draws, without looking at every request in flight: the `limit`
        /// oldest, every one on a lane, and `keep` if it is in flight; by id.
        pub(crate) fn req_refs_drawn(&self, limit: usize, keep: Option<ReqId>) -> Vec<ReqRef> {
            let mut slots: Vec<u32> =
                self.by_id.iter().take(limit).copied().filter(|s| *s != NO_SLOT).collect();
            slots.extend(self.lanes.iter().filter_map(|l| l.req).filter(|s| {
                let r = &self.reqs[*s as usize];
                r.live && matches!(r.place, Place::Lane { .. })
            }));
            if let Some(id) = keep {
                let at = id.checked_sub(self.ids_from).map(|i| i as usize);
                slots.extend(at.and_then(|i| self.by_id.get(i)).copied().filter(|s| *s != NO_SLOT));
            }
            slots.sort_unstable_by_key(|s| self.reqs[*s as usize].id);
            slots.dedup();
            slots.into_iter().map(|s| self.req_ref(s as usize)).collect()
        }

        fn req_ref(&self, slot: usize) -> ReqRef {
            let job_offset = u16::from(self.jobs.is_some());
            let r = &self.reqs[slot];
            let pc = r.pc.min(r.len);
            let base = slot * self.stride;
            ReqRef {
                id: r.id,
                arrived: r.arrived,
                place: r.place,
                step: pc.saturating_sub(job_offset),
                steps: r.len - job_offset,
                current: (pc < r.len).then(|| self.step_store[base + pc as usize].0),
                attempt: r.attempt,
                responded: r.responded,
            }
        }

        /// The oldest request in flight, found by a scan ([`Sim::oldest_live_id`]'s reference).
        #[cfg(test)]
        pub(crate) fn reqs_by_scan_oldest(&self) -> Option<ReqId> {
            self.reqs.iter().filter(|r| r.live).map(|r| r.id).min()
        }

        /// The requests in flight that `keep(id, place)` picks, by slot: what
        /// [`Sim::req_refs_drawn`] finds without a scan, found by one (its tests' reference).
        #[cfg(test)]
        pub(crate) fn req_refs_where(
            &self,
            keep: impl Fn(ReqId, Place) -> bool + 'static,
        ) -> impl Iterator<Item = ReqRef> + '_ {
            self.reqs
                .iter()
                .enumerate()
                .filter(move |(_, r)| r.live && keep(r.id, r.place))
                .map(move |(slot, _)| self.req_ref(slot))
        }

        /// Each queue's kind, capacity, length and first `limit` requests (head first).
        pub(crate) fn queue_contents(
            &self,
            limit: usize,
        ) -> Vec<(QueueKind, Option<u32>, usize, Vec<ReqId>)> {
            let mut out: Vec<(QueueKind, Option<u32>, usize, Vec<ReqId>)> =
                self.queues.iter().map(|q| (q.kind, q.capacity, 0, Vec::new())).collect();
            let id = |s: &u32| self.reqs[*s as usize].id;
            for p in &self.pools {
                out[p.queue_id as usize].2 = p.queue.len();
                out[p.queue_id as usize].3 = p.queue.iter().take(limit).map(id).collect();
            }
            for g in &self.groups {
                out[g.queue_id as usize].2 = g.ready.len();
                out[g.queue_id as usize].3 = g.ready.iter().take(limit).map(id).collect();
            }
            if let Some(j) = &self.jobs {
                out[j.queue_id as usize].2 = j.queue.len();
                out[j.queue_id as usize].3 = j.queue.iter().take(limit).map(id).collect();
            }
            out
        }

        pub(crate) fn cores_of(&self) -> Vec<(u16, Vec<Option<LaneId>>)> {
            self.machines.iter().enumerate().map(|(i, m)| (i as u16, m.cores.clone())).collect()
        }

        pub(crate) fn run_queue_of(&self, m: usize) -> Vec<LaneId> {
            self.machines[m].run_queue.iter().copied().collect()
        }

        pub(crate) fn stats_view(&self) -> StatsView<'_> {
            let s = &self.stats;
            StatsView {
                arrived: s.arrived,
                completed: s.completed,
                rejected: s.rejected,
                failed: s.failed,
                jobs_done: s.jobs_done,
                jobs_dead: s.jobs_dead,
                retries: s.retries,
                jobs_in_system: s.jobs_in_system,
                latency: &s.latency,
                wait: &s.wait,
                job_latency: &s.job_latency,
                work: s.work,
                queue_len: s.queue_len,
                max_queue_len: s.max_queue_len,
                in_system: s.in_system,
                busy_lanes: s.busy_lanes,
                total_lanes: s.total_lanes,
                core_area: s.core_area,
                lane_area: s.lane_area,
                lanes_area: s.lanes_area,
                system_area: s.system_area,
                last_event: self.last_event,
                has_jobs: self.jobs.is_some(),
            }
        }
    }

    pub(crate) struct StatsView<'a> {
        pub arrived: u64,
        pub completed: u64,
        pub rejected: u64,
        pub failed: u64,
        pub jobs_done: u64,
        pub jobs_dead: u64,
        pub retries: u64,
        pub jobs_in_system: u32,
        pub latency: &'a Histogram,
        pub wait: &'a Histogram,
        pub job_latency: &'a Histogram,
        pub work: [u64; 3],
        pub queue_len: u32,
        pub max_queue_len: u32,
        pub in_system: u32,
        pub busy_lanes: u32,
        pub total_lanes: u32,
        pub core_area: u128,
        pub lane_area: u128,
        pub lanes_area: u128,
        pub system_area: u128,
        pub last_event: Time,
        pub has_jobs: bool,
    }
}
