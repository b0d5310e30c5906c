//! Groups: non-blocking style (event loop, carriers, job workers) with a shared ready queue.

use super::*;

impl Sim {
    // ----- groups (non-blocking style: event loop, carriers, job workers) ------

    pub(super) fn group_accept(&mut self, g: u16, slot: u32) {
        let group = &self.groups[g as usize];
        if group.cap.is_some_and(|c| group.new_waiting >= c) {
            return self.reject(slot, RejectCause::QueueFull);
        }
        self.groups[g as usize].new_waiting += 1;
        self.reqs[slot as usize].is_new = true;
        self.push_ready(g, slot);
    }

    pub(super) fn push_ready(&mut self, g: u16, slot: u32) {
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
}
