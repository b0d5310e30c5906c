//! The job queue: enqueueing, dispatching to workers, attempts, retries and dead letters.

use super::*;

impl Sim {
    // ----- the job queue -------------------------------------------------------------

    pub(super) fn enqueue_job(&mut self, slot: u32) {
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
        self.mark(id, MarkKind::Queued(queue));
        self.dispatch_jobs();
    }

    pub(super) fn dispatch_jobs(&mut self) {
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
            let slot = if jobs.partition {
                // One consumer per key: the first job whose key nobody holds.
                let keys = self.faults.keys.max(1);
                let owner = &self.faults.key_owner;
                let found = jobs.queue.iter().position(|s| {
                    let id = self.reqs[*s as usize].id;
                    let o = owner[((id - 1) % keys) as usize];
                    o == 0 || o == id
                });
                let Some(i) = found else { return };
                let slot = self.jobs.as_mut().expect("checked").queue.remove(i).expect("found");
                let id = self.reqs[slot as usize].id;
                self.faults.key_owner[((id - 1) % keys) as usize] = id;
                slot
            } else {
                self.jobs.as_mut().expect("checked").queue.pop_front().expect("non-empty")
            };
            self.queue_changed(-1);
            let g = first + w;
            self.groups[g].in_flight += 1;
            let r = &mut self.reqs[slot as usize];
            r.attempt += 1;
            let (id, attempt) = (r.id, r.attempt as u32);
            // Attempt n draws from stream n - 1: a job's first attempt fails at
            // the same step as the same request in every other model.
            let fail_pc = self.fail_point(slot, attempt - 1);
            self.reqs[slot as usize].fail_pc = fail_pc;
            self.emit(Transition::JobStarted { req: id, worker: w as u32 + 1, attempt });
            if self.faults.armed_worker_crashes > 0 {
                // "The next worker to start a job dies halfway through it."
                self.faults.armed_worker_crashes -= 1;
                let base = slot as usize * self.stride;
                let total: Time = self.step_store[base + 1..base + self.reqs[slot as usize].len as usize]
                    .iter()
                    .map(|(_, d)| *d)
                    .sum();
                self.at(self.now + total / 2, Ev::WorkerCrash(w as u32));
            }
            self.push_ready(g as u16, slot);
        }
    }

    pub(super) fn attempt_done(&mut self, w: u32, slot: u32, step_failed: bool) {
        let jobs = self.jobs.as_mut().expect("job_queue model");
        let g = jobs.first_worker_group as usize + w as usize;
        let failed = step_failed || (jobs.failure_rate > 0.0 && jobs.rng.unit() < jobs.failure_rate);
        let (attempts, backoff, idempotent) = (jobs.attempts, jobs.backoff, jobs.idempotent);
        self.groups[g].in_flight -= 1;
        let r = &self.reqs[slot as usize];
        let (id, attempt, arrived) = (r.id, r.attempt as u32, r.arrived);
        if failed && attempt < attempts {
            let delay = backoff.saturating_mul(1u64 << (attempt - 1).min(40));
            let until = self.now.saturating_add(delay);
            self.reqs[slot as usize].place = Place::RetryWait { until };
            self.stats.retries += 1;
            self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: Some(delay) });
            self.mark(id, MarkKind::AttemptFailed(attempt));
            self.mark(id, MarkKind::Backoff(attempt));
            self.at(until, Ev::RetryDue(slot));
        } else {
            if failed {
                self.stats.jobs_dead += 1;
                self.emit(Transition::JobFailed { req: id, attempt, retry_in_us: None });
                self.mark(id, MarkKind::AttemptFailed(attempt));
                self.mark(id, MarkKind::DeadLettered);
            } else {
                let latency = self.now - arrived;
                self.stats.jobs_done += 1;
                self.stats.job_latency.record(latency);
                self.emit(Transition::JobDone { req: id, attempts: attempt, latency_us: latency });
                self.mark(id, MarkKind::Done);
                let again = self.reqs[slot as usize].applied;
                if again && !idempotent {
                    self.faults.duplicated += 1;
                    self.emit(Transition::Duplicated { req: id });
                }
                if !(again && idempotent) {
                    self.apply(id);
                }
            }
            if self.faults.keys > 0 && !self.faults.key_owner.is_empty() {
                let k = ((id - 1) % self.faults.keys) as usize;
                if self.faults.key_owner[k] == id {
                    self.faults.key_owner[k] = 0;
                }
            }
            self.stats.jobs_in_system -= 1;
            self.free(slot);
        }
        self.dispatch_jobs();
    }
}
