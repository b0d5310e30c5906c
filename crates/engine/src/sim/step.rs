//! Stepping: one event at a time, or until a time, or a number of events.

use super::*;

impl Sim {
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
        let Some((t, ev)) = self.queue.pop() else {
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
}
