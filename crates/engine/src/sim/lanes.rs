//! Lanes: what a thread does with the request it holds, step by step.

use super::*;

impl Sim {
    // ----- lanes ------------------------------------------------------------------

    pub(super) fn assign(&mut self, l: LaneId, slot: u32) {
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
    #[inline]
    pub(super) fn set_state(&mut self, l: LaneId, state: LaneState) {
        let lane = &mut self.lanes[l as usize];
        if lane.state == state {
            return;
        }
        if self.history.is_some() {
            self.record_segment(l);
        }
        let lane = &mut self.lanes[l as usize];
        lane.state = state;
        lane.since = self.now;
    }

    /// Closes lane `l`'s current segment into the history (kept only when asked for).
    #[inline(never)]
    fn record_segment(&mut self, l: LaneId) {
        let lane = &self.lanes[l as usize];
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
    }

    pub(super) fn release(&mut self, l: LaneId) {
        self.lanes[l as usize].req = None;
        self.stats.busy_lanes -= 1;
    }

    /// Takes the next piece of work for an empty lane from its owner.
    pub(super) fn fetch(&mut self, l: LaneId) -> Option<u32> {
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

    pub(super) fn go_idle(&mut self, l: LaneId) {
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
    pub(super) fn drive(&mut self, l: LaneId) {
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
    pub(super) fn finish_segment(&mut self, l: LaneId, slot: u32) {
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

    pub(super) fn on_lane_wake(&mut self, l: LaneId) {
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
}
