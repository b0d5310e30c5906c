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

use crate::event::{Event, LaneId, QueueId, RejectCause, ReqId, Transition};
use crate::metrics::{sorted_quantile, Histogram, Sample, Series};
use crate::rng::Rng;
use crate::scenario::{Arrivals, Dist, Model, Rejection, Scenario, StepKind};
use crate::Time;

const STREAM_ARRIVALS: u64 = 1;
const STREAM_STEPS: u64 = 2;
const STREAM_ACCEPT: u64 = 3;
const STREAM_FAILURES: u64 = 4;

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
    /// Scheduled events other than keep-alive timers.
    work_pending: u64,
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
        let times = match &s.workload.arrivals {
            Arrivals::Burst { count, at_ms } => {
                let n = s.workload.limit.map_or(*count, |l| l.min(*count));
                vec![us(*at_ms); n as usize]
            }
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
            scenario: s,
        };
        sim.build();
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
                });
            }
        }
    }

    // ----- the event queue -------------------------------------------------

    fn at(&mut self, t: Time, ev: Ev) {
        if !matches!(ev, Ev::KeepAlive(..)) {
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
            Arrivals::Burst { .. } | Arrivals::AtMs(_) => match a.times.get(a.issued as usize) {
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
        (self.reqs.len() + self.heap.len() + self.history.as_ref().map_or(0, |h| h.segments.len())) as u64
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

    pub(crate) fn process(&mut self) -> bool {
        if self.work_pending == 0 {
            return false;
        }
        let Some(Reverse((t, _, ev))) = self.heap.pop() else {
            return false;
        };
        if !matches!(ev, Ev::KeepAlive(..)) {
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
                self.emit(Transition::Resumed { req: id });
                self.push_ready(g, slot);
            }
            Ev::KeepAlive(l, gen) => self.on_keep_alive(l, gen),
            Ev::RetryDue(slot) => {
                let id = self.reqs[slot as usize].id;
                self.emit(Transition::JobRetry { req: id });
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
        };
        if slot as usize == self.reqs.len() {
            self.reqs.push(req);
        } else {
            self.reqs[slot as usize] = req;
        }
        self.stats.arrived += 1;
        self.stats.in_system += 1;
        self.emit(Transition::Arrived { req: (index + 1) as ReqId });
        if self.pools.first().is_some_and(|p| p.role == PoolRole::Respond) {
            self.pool_submit(0, slot);
        } else {
            self.group_accept(0, slot);
        }
    }

    fn free(&mut self, slot: u32) {
        let r = &mut self.reqs[slot as usize];
        r.live = false;
        self.free_slots.push(slot);
    }

    fn reject(&mut self, slot: u32, cause: RejectCause) {
        let id = self.reqs[slot as usize].id;
        self.stats.rejected += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Rejected { req: id, cause });
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
                    self.at(until, Ev::ReqIo(slot));
                }
                (StepKind::Io, Owner::Pool(_)) | (StepKind::BlockingIo, _) => {
                    let until = self.now + d;
                    let state = if kind == StepKind::Io {
                        self.emit(Transition::WaitingIo { req: id, lane: l, dur_us: d });
                        LaneState::Io { until }
                    } else {
                        self.emit(Transition::Blocking { req: id, lane: l, dur_us: d });
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
                GroupRole::FrontEnd => {
                    self.respond(slot, 202);
                    self.stats.jobs_in_system += 1;
                    self.enqueue_job(slot);
                }
                GroupRole::Worker(w) => self.attempt_done(w, slot),
            },
        }
    }

    fn on_lane_wake(&mut self, l: LaneId) {
        let slot = self.lanes[l as usize].req.expect("a waking lane holds a request");
        self.set_state(l, LaneState::Idle);
        let r = &mut self.reqs[slot as usize];
        r.pc += 1;
        let id = r.id;
        self.emit(Transition::IoDone { req: id, lane: l });
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
            let slot = self.jobs.as_mut().expect("checked").queue.pop_front().expect("non-empty");
            self.queue_changed(-1);
            let g = first + w;
            self.groups[g].in_flight += 1;
            let r = &mut self.reqs[slot as usize];
            r.attempt += 1;
            let (id, attempt) = (r.id, r.attempt as u32);
            self.emit(Transition::JobStarted { req: id, worker: w as u32 + 1, attempt });
            self.push_ready(g as u16, slot);
        }
    }

    fn attempt_done(&mut self, w: u32, slot: u32) {
        let jobs = self.jobs.as_mut().expect("job_queue model");
        let g = jobs.first_worker_group as usize + w as usize;
        let failed = jobs.failure_rate > 0.0 && jobs.rng.unit() < jobs.failure_rate;
        let (attempts, backoff) = (jobs.attempts, jobs.backoff);
        self.groups[g].in_flight -= 1;
        let r = &self.reqs[slot as usize];
        let (id, attempt, arrived) = (r.id, r.attempt as u32, r.arrived);
        if failed && attempt < attempts {
            let delay = backoff.saturating_mul(1u64 << (attempt - 1).min(40));
            let until = self.now.saturating_add(delay);
            self.reqs[slot as usize].place = Place::RetryWait { until };
            self.stats.retries += 1;
            self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: Some(delay) });
            self.at(until, Ev::RetryDue(slot));
        } else {
            if failed {
                self.stats.jobs_dead += 1;
                self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: None });
            } else {
                let latency = self.now - arrived;
                self.stats.jobs_done += 1;
                self.stats.job_latency.record(latency);
                self.emit(Transition::JobDone { req: id, attempts: attempt, latency_us: latency });
            }
            self.stats.jobs_in_system -= 1;
            self.free(slot);
        }
        self.dispatch_jobs();
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

        pub(crate) fn req_refs(&self) -> impl Iterator<Item = ReqRef> + '_ {
            let job_offset = u16::from(self.jobs.is_some());
            self.reqs.iter().enumerate().filter(|(_, r)| r.live).map(move |(slot, r)| {
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
            })
        }

        /// Contents of every queue, in queue-id order, as request ids.
        pub(crate) fn queue_contents(&self) -> Vec<(QueueKind, Option<u32>, Vec<ReqId>)> {
            let mut out: Vec<(QueueKind, Option<u32>, Vec<ReqId>)> =
                self.queues.iter().map(|q| (q.kind, q.capacity, Vec::new())).collect();
            let id = |s: &u32| self.reqs[*s as usize].id;
            for p in &self.pools {
                out[p.queue_id as usize].2 = p.queue.iter().map(id).collect();
            }
            for g in &self.groups {
                out[g.queue_id as usize].2 = g.ready.iter().map(id).collect();
            }
            if let Some(j) = &self.jobs {
                out[j.queue_id as usize].2 = j.queue.iter().map(id).collect();
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
