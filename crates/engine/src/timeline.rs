//! Time travel: step back and seek by checkpoints plus deterministic replay.
//!
//! The simulation is deterministic, so any past state can be rebuilt by
//! replaying from an earlier copy. `Timeline` keeps copies ("checkpoints")
//! every `every` events; when there are more than [`MAX_CHECKPOINTS`] it drops
//! every other one and doubles the spacing. Memory therefore stays bounded on
//! long runs while a seek replays at most about `every` events.

use crate::event::Event;
use crate::scenario::Scenario;
use crate::sim::Sim;
use crate::Time;

/// Most checkpoints kept at once.
pub const MAX_CHECKPOINTS: usize = 64;
/// Initial spacing of checkpoints, in events.
pub const FIRST_SPACING: u64 = 512;

/// A simulation that can also go backwards.
#[derive(Clone, Debug)]
pub struct Timeline {
    sim: Sim,
    checkpoints: Vec<Sim>,
    every: u64,
}

impl Timeline {
    /// A timeline at time 0.
    pub fn new(scenario: &Scenario) -> Self {
        Timeline::from_sim(Sim::new(scenario))
    }

    /// A timeline from a simulation at time 0, built with its options first (see
    /// [`Builder`](crate::Builder)).
    pub fn from_sim(sim: Sim) -> Self {
        Timeline { checkpoints: vec![sim.clone()], sim, every: FIRST_SPACING }
    }

    /// The current state.
    pub fn sim(&self) -> &Sim {
        &self.sim
    }

    /// Checkpoints held now (for memory accounting).
    pub fn checkpoints(&self) -> usize {
        self.checkpoints.len()
    }

    fn maybe_checkpoint(&mut self) {
        let last = self.checkpoints.last().map_or(0, Sim::events);
        // A copy costs about the size of the state; replaying costs events.
        // Spacing checkpoints at least two events per item of state keeps
        // copying from dominating when thousands of requests are in flight
        // (copying an item costs about 1/15 of an event: `--example budget
        // -- --weights`), while a seek replays at most twice the state.
        let every = self.every.max(2 * self.sim.state_size());
        if self.sim.events() >= last + every {
            self.checkpoints.push(self.sim.clone());
            if self.checkpoints.len() > MAX_CHECKPOINTS {
                let mut i = 0;
                self.checkpoints.retain(|_| {
                    i += 1;
                    i % 2 == 1
                });
                // Go on at the thinned list's mean spacing: when the state
                // spaced checkpoints wider than `every`, doubling `every`
                // alone would add dense ones while each thinning doubled the
                // old gaps again (a quarter of a run without a checkpoint).
                let first = self.checkpoints[0].events();
                let newest = self.checkpoints.last().map_or(0, Sim::events);
                let mean = (newest - first) / (self.checkpoints.len() as u64 - 1);
                self.every = (self.every * 2).max(mean);
            }
        }
    }

    /// One event forward (see [`Sim::step`]).
    pub fn step(&mut self) -> Option<Event> {
        let e = self.sim.step();
        if e.is_some() {
            self.maybe_checkpoint();
        }
        e
    }

    /// Forward to simulated time `t` (µs), or back if `t` is in the past.
    /// Either way it starts from the latest checkpoint at or before `t` when
    /// that is nearer than the current state, so a seek into a stretch that
    /// was already run replays at most one checkpoint spacing.
    pub fn seek(&mut self, t: Time) {
        let i = self.checkpoints.partition_point(|c| c.now() <= t).saturating_sub(1);
        let back = t < self.sim.now();
        if back || self.checkpoints[i].events() > self.sim.events() {
            self.sim = self.checkpoints[i].clone();
        }
        while self.sim.next_time().is_some_and(|n| n <= t) {
            self.sim.process();
            self.maybe_checkpoint();
        }
        self.sim.run_until(t);
    }

    /// [`Timeline::seek`] a slice at a time: processes at most `events`
    /// events towards `t` and returns true once the clock is at `t`. Call it
    /// again with the same `t` (a frame at a time) until it does; the state in
    /// between is a valid earlier state. A seek copies at most one checkpoint
    /// (on the first call) and replays at most one checkpoint spacing, which
    /// for states of many thousand requests can be more than a frame's work.
    pub fn seek_for(&mut self, t: Time, events: u64) -> bool {
        let i = self.checkpoints.partition_point(|c| c.now() <= t).saturating_sub(1);
        if t < self.sim.now() || self.checkpoints[i].events() > self.sim.events() {
            self.sim = self.checkpoints[i].clone();
        }
        let mut left = events;
        while self.sim.next_time().is_some_and(|n| n <= t) {
            if left == 0 {
                return false;
            }
            left -= 1;
            self.sim.process();
            self.maybe_checkpoint();
        }
        self.sim.run_until(t);
        true
    }

    /// Processes every event strictly before `t`, then moves the clock to `t`.
    pub fn run_before(&mut self, t: Time) {
        while self.sim.next_time().is_some_and(|n| n < t) {
            self.sim.process();
            self.maybe_checkpoint();
        }
        self.sim.run_before(t);
    }

    /// The state after `n` events with the clock at `t`, where `t` lies
    /// between the `n`-th event and the next one.
    pub fn hold(&mut self, n: u64, t: Time) {
        if self.sim.events() != n || self.sim.now() > t {
            self.seek_event(n);
        }
        self.run_before(t);
    }

    /// To the state right after the `n`-th event (0 = the start). The clock
    /// shows that event's time.
    pub fn seek_event(&mut self, n: u64) {
        let past = n < self.sim.events();
        let between = n == self.sim.events() && self.sim.now() != self.sim.last_event_time();
        let i = self.checkpoints.partition_point(|c| c.events() <= n).saturating_sub(1);
        if past || between || self.checkpoints[i].events() > self.sim.events() {
            self.sim = self.checkpoints[i].clone();
        }
        while self.sim.events() < n && self.sim.process() {
            self.maybe_checkpoint();
        }
    }

    /// One event back. Returns false at the start.
    pub fn step_back(&mut self) -> bool {
        let n = self.sim.events();
        if n == 0 {
            return false;
        }
        self.seek_event(n - 1);
        true
    }

    /// Back to time 0.
    pub fn reset(&mut self) {
        self.sim = self.checkpoints[0].clone();
    }

    /// Back to the latest checkpoint at or before `t` when `t` is in the past, processing
    /// nothing: the first half of a backward seek, whose replay can then go a bounded number
    /// of events at a time (see [`crate::Lockstep::advance`]).
    pub fn rewind(&mut self, t: Time) {
        if t < self.sim.now() {
            let i = self.checkpoints.partition_point(|c| c.now() <= t);
            self.sim = self.checkpoints[i.saturating_sub(1)].clone();
        }
    }

    /// Runs to the end.
    pub fn run(&mut self) {
        while self.sim.process() {
            self.maybe_checkpoint();
        }
    }

    /// Processes at most `events` events, keeping checkpoints as it goes, so
    /// that a run can be explored a frame's budget at a time (later seeks
    /// into it then replay at most one checkpoint spacing). Returns true
    /// while something is left to happen.
    pub fn run_for(&mut self, events: u64) -> bool {
        for _ in 0..events {
            if !self.sim.process() {
                return false;
            }
            self.maybe_checkpoint();
        }
        !self.sim.is_done()
    }
}
