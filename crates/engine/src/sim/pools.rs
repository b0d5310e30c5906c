//! Pools: blocking style, ThreadPoolExecutor rules (core, max, queue, keep-alive, rejection).

use super::*;

impl Sim {
    // ----- pools (blocking style, ThreadPoolExecutor rules) --------------------

    pub(super) fn spawn(&mut self, p: u16) -> LaneId {
        let pool = &mut self.pools[p as usize];
        pool.live += 1;
        pool.spawned += 1;
        let (kind, number) = (pool.kind, pool.spawned);
        let l = self.new_lane(kind, number, Owner::Pool(p), 0);
        self.emit(Transition::ThreadStarted { lane: l });
        l
    }

    pub(super) fn pool_submit(&mut self, p: u16, slot: u32) {
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

    pub(super) fn pool_enqueue(&mut self, p: u16, slot: u32) {
        let pool = &mut self.pools[p as usize];
        pool.queue.push_back(slot);
        let (queue, len) = (pool.queue_id, pool.queue.len() as u32);
        self.reqs[slot as usize].place = Place::Queue { queue };
        self.queue_changed(1);
        let id = self.reqs[slot as usize].id;
        self.emit(Transition::Queued { req: id, queue, len });
        self.mark(id, MarkKind::Queued(queue));
    }

    pub(super) fn on_keep_alive(&mut self, l: LaneId, gen: u32) {
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
}
