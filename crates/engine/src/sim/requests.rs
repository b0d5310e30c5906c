//! Requests: arrival, freeing a slot, rejection and the response.

use super::*;

impl Sim {
    // ----- requests ------------------------------------------------------------

    pub(super) fn on_arrival(&mut self) {
        let index = self.arrivals.issued;
        self.arrivals.issued += 1;
        self.schedule_next_arrival();
        let seed = self.scenario.seed;
        let steps = &self.scenario.workload.steps;
        let ahead = &mut self.steps_ahead;
        if index.wrapping_sub(ahead.from) >= ahead.count {
            ahead.draw(steps, index);
        }
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
            self.step_store[base] = (StepKind::Cpu, accept_duration(seed, index, &j.accept));
            n = 1;
            stop = 1;
        }
        let per = self.scenario.workload.steps.len();
        let at = (index - self.steps_ahead.from) as usize * per;
        let durations = &self.steps_ahead.durations[at..at + per];
        for (st, &d) in self.scenario.workload.steps.iter().zip(durations) {
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

    pub(super) fn free(&mut self, slot: u32) {
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

    pub(super) fn reject(&mut self, slot: u32, cause: RejectCause) {
        let id = self.reqs[slot as usize].id;
        self.stats.rejected += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Rejected { req: id, cause });
        self.mark(id, MarkKind::Rejected(cause));
        self.free(slot);
    }

    pub(super) fn respond(&mut self, slot: u32, status: u16) {
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
}

impl StepsAhead {
    /// Draws the step durations of requests `index..index + count`.
    fn draw(&mut self, steps: &[crate::scenario::Step], index: u64) {
        let count = (STEPS_AHEAD / steps.len().max(1)).max(1);
        self.durations.clear();
        for i in index..index + count as u64 {
            draw_steps(self.key, i, steps, &mut self.durations);
        }
        self.from = index;
        self.count = count as u64;
    }
}

/// Appends the step durations of request `index` (from 0), drawn from its own stream
/// (`key = Rng::stream_key(seed, STREAM_STEPS)`): the simulation and [`Plan`](super::plan::Plan)
/// both draw them here.
pub(super) fn draw_steps(key: u64, index: u64, steps: &[crate::scenario::Step], out: &mut Vec<Time>) {
    let mut rng = Rng::derive_keyed(key, index);
    out.extend(steps.iter().map(|st| sample(&st.dur, &mut rng)));
}

/// The `job_queue` front end's CPU for request `index` (from 0), from its own stream.
pub(super) fn accept_duration(seed: u64, index: u64, accept: &Dist) -> Time {
    sample(accept, &mut Rng::derive(seed, STREAM_ACCEPT, index))
}
