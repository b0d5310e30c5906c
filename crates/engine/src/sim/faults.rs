//! Injected faults: failing steps, server and worker crashes, redelivery, commits and ordering.

use super::*;

impl Sim {
    pub(super) fn build_faults(&mut self) {
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
    #[inline]
    pub(super) fn fail_point(&self, slot: u32, attempt: u32) -> u16 {
        if self.faults.step_failure_rate <= 0.0 {
            return NO_FAIL;
        }
        self.draw_fail_point(slot, attempt)
    }

    #[inline(never)]
    fn draw_fail_point(&self, slot: u32, attempt: u32) -> u16 {
        let rate = self.faults.step_failure_rate;
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
    pub(super) fn io_failed(&mut self, slot: u32, l: Option<LaneId>) -> bool {
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
    pub(super) fn fail_request(&mut self, slot: u32, cause: FailCause) {
        let id = self.reqs[slot as usize].id;
        self.stats.failed += 1;
        self.stats.in_system -= 1;
        self.emit(Transition::Failed { req: id, cause });
        self.mark(id, MarkKind::Failed(cause));
        self.free(slot);
    }

    /// Node.js on an unhandled rejection (`slot`'s): the process dies with
    /// every request in flight, and comes back `restart_ms` later.
    pub(super) fn crash_server(&mut self, slot: u32) {
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
    pub(super) fn drop_events(&mut self, dead: impl Fn(&Ev) -> bool) {
        let mut dropped = 0;
        self.queue.retain(|ev| {
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
    pub(super) fn commit(&mut self, slot: u32) {
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
    pub(super) fn crash_worker(&mut self, w: u32) {
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
    pub(super) fn apply(&mut self, id: ReqId) {
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
}
