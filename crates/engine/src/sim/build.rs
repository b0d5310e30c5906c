//! Building a simulation from its scenario: machines, queues, pools, groups and lanes.

use super::*;

/// The most requests of a burst that [`Sim::new`] makes room for up front.
const BURST_RESERVE: u64 = 2_000_000;

impl Sim {
    /// A simulation of `scenario` at time 0, nothing yet processed.
    pub fn new(scenario: &Scenario) -> Sim {
        let s = scenario.clone();
        let duration = us(s.duration_ms);
        let sample = s.sample_ms.map_or_else(|| (duration / 200).max(1000), us);
        let mut sim = Sim {
            quantum: us(s.quantum_ms).max(1),
            duration,
            now: 0,
            last_event: 0,
            events: 0,
            queue: EventQueue::default(),
            arrivals: ArrivalGen::new(&s),
            steps_ahead: StepsAhead {
                key: Rng::stream_key(s.seed, STREAM_STEPS),
                from: 0,
                count: 0,
                durations: Vec::new(),
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
        // A burst's requests are all in the system at once: room for them up front, so
        // that growing the request storage never copies it (in wasm, a growing vector is
        // copied, a million requests' worth at a time, inside a single event).
        if let Arrivals::Burst { count, .. } = sim.scenario.workload.arrivals {
            let n = count.min(BURST_RESERVE) as usize;
            sim.reqs.reserve(n);
            sim.by_id.reserve(n);
            sim.step_store.reserve(n * sim.stride);
        }
        sim.build();
        sim.build_faults();
        sim.schedule_next_arrival();
        sim
    }

    pub(super) fn add_machine(&mut self, cores: u32) -> u16 {
        self.machines.push(Machine {
            cores: vec![None; cores as usize],
            free: (0..cores as u16).rev().collect(),
            run_queue: VecDeque::new(),
        });
        (self.machines.len() - 1) as u16
    }

    pub(super) fn add_queue(&mut self, kind: QueueKind, capacity: Option<u32>) -> QueueId {
        self.queues.push(QueueInfo { kind, capacity });
        (self.queues.len() - 1) as QueueId
    }

    #[allow(clippy::too_many_arguments)]
    pub(super) fn add_pool(
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

    pub(super) fn add_group(
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

    pub(super) fn new_lane(&mut self, kind: LaneKind, number: u32, owner: Owner, machine: u16) -> LaneId {
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

    pub(super) fn build(&mut self) {
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
}
