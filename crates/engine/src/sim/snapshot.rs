//! A read-only picture of the state, for drawing one frame.

use serde::Serialize;

use super::{Owner, Sim, NO_SLOT};
use crate::event::{LaneId, QueueId, ReqId};
use crate::scenario::StepKind;
use crate::types::{LaneKind, LaneState, Place, QueueKind};
use crate::Time;

/// One machine's cores and the threads waiting for them.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MachineView {
    /// 0 is the server; job-queue workers have one machine each.
    pub id: u16,
    /// The lane running on each core, if any.
    pub cores: Vec<Option<LaneId>>,
    /// Runnable lanes waiting for a core, in order.
    pub run_queue: Vec<LaneId>,
}

/// A thread, loop or worker and what it does now.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LaneView {
    pub id: LaneId,
    pub kind: LaneKind,
    /// 1-based number within its kind, for names like `exec-3`.
    pub number: u32,
    pub machine: u16,
    pub state: LaneState,
    /// The request it holds, if any.
    pub req: Option<ReqId>,
    /// CPU still to do in the current burst, µs.
    pub cpu_left_us: Time,
    /// The queue this lane takes work from.
    pub queue: QueueId,
    /// When it entered its current state, µs.
    pub since_us: Time,
}

impl LaneView {
    /// An English name in the style of the real runtime.
    pub fn name(&self) -> String {
        let n = self.number;
        match self.kind {
            LaneKind::PoolThread => format!("http-nio-exec-{n}"),
            LaneKind::ExecutorThread => format!("task-{n}"),
            LaneKind::Loop => "event loop".into(),
            LaneKind::OffloadWorker => format!("worker thread {n}"),
            LaneKind::Carrier => format!("carrier-{n}"),
            LaneKind::FrontEnd => "front end (event loop)".into(),
            LaneKind::JobWorker => format!("job worker {n}"),
        }
    }
}

/// A queue and the requests in it, head first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QueueView {
    pub id: QueueId,
    pub kind: QueueKind,
    /// `None` = unbounded.
    pub capacity: Option<u32>,
    /// How many requests wait in it.
    pub len: usize,
    /// The requests in it, head first (only the first of a long queue in a
    /// [`Sim::snapshot_limited`]; `len` always counts them all).
    pub reqs: Vec<ReqId>,
}

/// A request that has arrived and is not finished.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RequestView {
    pub id: ReqId,
    pub arrived_us: Time,
    pub place: Place,
    /// Steps done so far, of `steps`.
    pub step: u16,
    pub steps: u16,
    /// The step it is at (for `job_queue` before its 202: the front end's CPU).
    pub current: Option<StepKind>,
    /// How long the current step takes in all, in µs (0 when none): with the lane's
    /// `cpu_left_us` or the place's `until`, how far along it is.
    pub step_us: Time,
    /// Job attempt (0 before a worker took it).
    pub attempt: u16,
    /// Whether its response (200 or 202) has gone out.
    pub responded: bool,
}

/// Counters at this instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Counters {
    pub arrived: u64,
    pub completed: u64,
    pub rejected: u64,
    pub failed: u64,
    pub in_flight: u32,
    pub queue_len: u32,
    pub busy_lanes: u32,
    pub lanes: u32,
    pub jobs_done: u64,
    pub jobs_dead: u64,
    pub jobs_in_flight: u32,
    /// The report's `faults` numbers, at this instant.
    pub lost: u64,
    pub duplicated: u64,
    pub order_violations: u64,
    pub unobserved_errors: u64,
    pub crashes: u64,
}

/// Everything needed to draw one frame.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Snapshot {
    pub time_us: Time,
    pub events: u64,
    pub model: &'static str,
    pub machines: Vec<MachineView>,
    /// Live lanes (retired executor threads are left out).
    pub lanes: Vec<LaneView>,
    pub queues: Vec<QueueView>,
    /// In-flight requests (and jobs), by id.
    pub requests: Vec<RequestView>,
    pub counters: Counters,
}

impl Sim {
    /// Every lane ever started, retired ones included, by id.
    pub fn all_lanes(&self) -> impl Iterator<Item = LaneView> + '_ {
        self.lane_views()
    }

    /// A picture of the current state.
    pub fn snapshot(&self) -> Snapshot {
        self.snapshot_limited(usize::MAX, None)
    }

    /// A picture for drawing one frame: like [`Sim::snapshot`], but `requests` lists at most
    /// about `limit` of the requests waiting for their turn, the oldest, so that a frame's cost
    /// does not grow with a backlog of a million. Every request holding a thread, loop,
    /// carrier or worker is listed, and so is `keep` (a request the viewer follows) wherever
    /// it is. Each queue lists its first `limit` requests and counts them all; lanes and
    /// counters are whole.
    pub fn snapshot_limited(&self, limit: usize, keep: Option<ReqId>) -> Snapshot {
        let machines = self
            .cores_of()
            .into_iter()
            .map(|(id, cores)| MachineView { id, cores, run_queue: self.run_queue_of(id as usize) })
            .collect();
        let lanes = self.all_lanes().filter(|l| l.state != LaneState::Retired).collect();
        let queues = self
            .queue_contents(limit)
            .into_iter()
            .enumerate()
            .map(|(i, (kind, capacity, len, reqs))| QueueView { id: i as QueueId, kind, capacity, len, reqs })
            .collect();
        let requests: Vec<RequestView> = self
            .req_refs_drawn(limit, keep)
            .into_iter()
            .map(|r| RequestView {
                id: r.id,
                arrived_us: r.arrived,
                place: r.place,
                step: r.step,
                steps: r.steps,
                current: r.current,
                step_us: r.step_us,
                attempt: r.attempt,
                responded: r.responded,
            })
            .collect();
        let s = &self.stats;
        let [lost, duplicated, order_violations, unobserved_errors, crashes] = self.fault_counts();
        Snapshot {
            time_us: self.now(),
            events: self.events(),
            model: self.scenario().model.name(),
            machines,
            lanes,
            queues,
            requests,
            counters: Counters {
                arrived: s.arrived,
                completed: s.completed,
                rejected: s.rejected,
                failed: s.failed,
                in_flight: s.in_system,
                queue_len: s.queue_len,
                busy_lanes: s.busy_lanes,
                lanes: s.total_lanes,
                jobs_done: s.jobs_done,
                jobs_dead: s.jobs_dead,
                jobs_in_flight: s.jobs_in_system,
                lost,
                duplicated,
                order_violations,
                unobserved_errors,
                crashes,
            },
        }
    }
}

// ----- what the snapshot reads of the state ------------------------------------

pub(crate) struct ReqRef {
    pub id: ReqId,
    pub arrived: Time,
    pub place: Place,
    pub step: u16,
    pub steps: u16,
    pub current: Option<StepKind>,
    /// How long the current step takes in all, in µs (0 when none): with the lane's
    /// `cpu_left_us` or the place's `until`, how far along it is.
    pub step_us: Time,
    pub attempt: u16,
    pub responded: bool,
}

impl Sim {
    /// Every lane ever started, as the snapshot shows it.
    pub(crate) fn lane_views(&self) -> impl Iterator<Item = LaneView> + '_ {
        self.lanes.iter().enumerate().map(move |(i, l)| LaneView {
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
        let mut slots: Vec<u32> = self.by_id.iter().take(limit).copied().filter(|s| *s != NO_SLOT).collect();
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
            step_us: self.step_in_progress(slot).map_or(0, |i| self.step_store[base + i].1),
            attempt: r.attempt,
            responded: r.responded,
        }
    }

    /// The index (within the request's steps) of the step it is performing: awaiting I/O
    /// (no lane holding it) has already moved `pc` past its step; anything else is at `pc`.
    fn step_in_progress(&self, slot: usize) -> Option<usize> {
        let r = &self.reqs[slot];
        let i = if matches!(r.place, Place::Awaiting { .. }) { r.pc.checked_sub(1)? } else { r.pc };
        (i < r.len).then_some(i as usize)
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
    pub(crate) fn queue_contents(&self, limit: usize) -> Vec<(QueueKind, Option<u32>, usize, Vec<ReqId>)> {
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
}

#[cfg(test)]
mod tests {
    use crate::{Place, ReqId, Scenario, Sim};

    /// What a frame draws, found by looking at every request in flight (the reference).
    fn scanned(sim: &Sim, limit: usize, keep: Option<ReqId>) -> Vec<ReqId> {
        let oldest = sim.reqs_by_scan_oldest();
        let cut = u32::try_from(limit).map_or(ReqId::MAX, |n| oldest.unwrap_or(0).saturating_add(n));
        let mut ids: Vec<ReqId> = sim
            .req_refs_where(move |id, place| {
                id < cut || matches!(place, Place::Lane { .. }) || Some(id) == keep
            })
            .map(|r| r.id)
            .collect();
        ids.sort_unstable();
        ids
    }

    #[test]
    fn a_frame_finds_the_requests_it_draws_by_index_as_a_full_scan_would() {
        let models = [
            r#"{"thread_pool": {"threads": 3, "queue": 4}}"#,
            r#"{"executor": {"core": 1, "max": 3, "queue": 2, "keep_alive_ms": 5, "rejection": "discard_oldest"}}"#,
            r#"{"event_loop": {"flavor": "node", "workers": 2, "offload_cpu": true}}"#,
            r#"{"virtual_threads": {"carriers": 2}}"#,
            r#"{"job_queue": {"workers": 2, "concurrency": 2, "attempts": 3, "backoff_ms": 4, "failure_rate": 0.3, "visibility_timeout_ms": 20}}"#,
        ];
        let mut checked = 0;
        for (i, m) in models.iter().enumerate() {
            for seed in 0..4 {
                let jobs = m.contains("job_queue");
                let crashes = if jobs {
                    r#""worker_crash_at_ms": [30, 70], "crash_after_commit_at_ms": [50]"#
                } else {
                    r#""restart_ms": 10"#
                };
                let s = Scenario::from_json_str(&format!(
                    r#"{{"seed": {seed}, "duration_ms": 150, "cores": 2,
                        "workload": {{"arrivals": {{"poisson": {{"rate_per_s": 400}}}}, "steps": [{{"cpu_ms": {{"exp": 2}}}}, {{"io_ms": {{"exp": 8}}}}]}},
                        "model": {m}, "faults": {{"step_failure_rate": 0.1, {crashes}}}}}"#
                ))
                .unwrap_or_else(|e| panic!("model {i}: {e}"));
                let mut sim = Sim::new(&s);
                while sim.step().is_some() {
                    for limit in [0, 1, 3, 40, usize::MAX] {
                        for keep in [None, Some(1), Some(7), Some(40)] {
                            let drawn: Vec<ReqId> =
                                sim.req_refs_drawn(limit, keep).iter().map(|r| r.id).collect();
                            assert_eq!(
                                drawn,
                                scanned(&sim, limit, keep),
                                "model {i}, seed {seed}, limit {limit}, keep {keep:?}"
                            );
                            checked += 1;
                        }
                    }
                    assert_eq!(sim.oldest_live_id(), sim.reqs_by_scan_oldest());
                }
            }
        }
        assert!(checked > 10_000, "{checked}");
    }
}
