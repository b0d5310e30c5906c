//! The CPU scheduler: cores shared round-robin with a quantum among runnable lanes.

use super::*;

impl Sim {
    // ----- the CPU scheduler --------------------------------------------------------

    pub(super) fn make_runnable(&mut self, l: LaneId, d: Time) {
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

    pub(super) fn start_slice(&mut self, l: LaneId, core: u16) {
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

    pub(super) fn on_slice_end(&mut self, l: LaneId) {
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
}
