//! Compare mode: several timelines on one shared simulated clock.
//!
//! Events of all sides form one global order by (time, side, sequence). A
//! forward step processes exactly the next event in that order, whichever
//! side it belongs to, and moves every other side's clock to the same time;
//! a step back undoes exactly the last one. So a side-by-side view never
//! shows two models at different moments.

use crate::event::Event;
use crate::scenario::Scenario;
use crate::sim::Sim;
use crate::timeline::Timeline;
use crate::Time;

/// Several timelines stepped in lockstep on one clock.
#[derive(Clone, Debug)]
pub struct Lockstep {
    sides: Vec<Timeline>,
    clock: Time,
    /// For each forward step still undoable: the global event count and the clock just
    /// before it, so that a step back returns to the exact moment it left (which may lie
    /// between events, after a seek or a paused animation frame).
    before: Vec<(u64, Time)>,
}

/// Most forward steps whose starting moment a [`Lockstep`] remembers.
const UNDO_MOMENTS: usize = 4096;

/// How many recent requests' spans a viewer's sides keep.
pub const TRACED_REQUESTS: u32 = 256;

impl Lockstep {
    /// One side per scenario, all at time 0, with no history or traces (a viewer asks for
    /// them through a [`Builder`](crate::Builder)).
    pub fn new(scenarios: &[Scenario]) -> Self {
        Lockstep::from_timelines(scenarios.iter().map(Timeline::new).collect())
    }

    /// Sides already built, all at time 0.
    pub fn from_timelines(sides: Vec<Timeline>) -> Self {
        Lockstep { sides, clock: 0, before: Vec::new() }
    }

    /// The shared clock, µs.
    pub fn clock(&self) -> Time {
        self.clock
    }

    /// The sides, in order.
    pub fn sides(&self) -> impl Iterator<Item = &Sim> + '_ {
        self.sides.iter().map(Timeline::sim)
    }

    /// Side `i`.
    pub fn side(&self, i: usize) -> &Sim {
        self.sides[i].sim()
    }

    /// How many sides there are.
    pub fn len(&self) -> usize {
        self.sides.len()
    }

    /// True when there are no sides.
    pub fn is_empty(&self) -> bool {
        self.sides.is_empty()
    }

    /// True when no side has anything left to do.
    pub fn is_done(&self) -> bool {
        self.sides.iter().all(|t| t.sim().is_done())
    }

    /// Time of the next event of any side.
    pub fn next_time(&self) -> Option<Time> {
        self.sides.iter().filter_map(|t| t.sim().next_time()).min()
    }

    /// Total events processed across sides (the global step number).
    pub fn events(&self) -> u64 {
        self.sides.iter().map(|t| t.sim().events()).sum()
    }

    /// Exactly one event: the next in global order. Returns its side and the event.
    pub fn step(&mut self) -> Option<(usize, Event)> {
        let (t, i) =
            self.sides.iter().enumerate().filter_map(|(i, s)| s.sim().next_time().map(|t| (t, i))).min()?;
        let moment = (self.events(), self.clock);
        let e = self.sides[i].step().expect("side has a next event");
        if self.before.len() == UNDO_MOMENTS {
            self.before.drain(..UNDO_MOMENTS / 2);
        }
        self.before.push(moment);
        self.clock = t;
        for (j, side) in self.sides.iter_mut().enumerate() {
            if j != i {
                side.run_before(t);
            }
        }
        Some((i, e))
    }

    /// Undoes the last event in global order. Returns false at the start. When that event
    /// was processed by [`Lockstep::step`], the clock returns to exactly where it was
    /// before it; otherwise to the time of the last event still processed.
    pub fn step_back(&mut self) -> bool {
        let last = self
            .sides
            .iter()
            .enumerate()
            .filter(|(_, s)| s.sim().events() > 0)
            .map(|(i, s)| (s.sim().last_event_time(), i))
            .max();
        let Some((_, i)) = last else { return false };
        let n = self.sides[i].sim().events() - 1;
        self.sides[i].seek_event(n);
        let last_time = self
            .sides
            .iter()
            .filter(|s| s.sim().events() > 0)
            .map(|s| s.sim().last_event_time())
            .max()
            .unwrap_or(0);
        let now = self.events();
        let clock = match self.before.pop() {
            Some((n, t)) if n == now && t >= last_time => t,
            _ => {
                self.before.clear();
                last_time
            }
        };
        for side in &mut self.sides {
            let n = side.sim().events();
            side.hold(n, clock);
        }
        self.clock = clock;
        true
    }

    /// Every side to time `t` (µs), forward (processing every event at or
    /// before `t`) or back.
    pub fn seek(&mut self, t: Time) {
        for side in &mut self.sides {
            side.seek(t);
        }
        self.clock = t;
        self.before.clear();
    }

    /// Toward time `t` (µs), processing at most `max_events` events, so that a long seek or
    /// a fast frame can be spread over several calls without one of them running long.
    /// Returns true when it got there: every event at or before `t` is processed and the clock
    /// reads `t`, as after [`Lockstep::seek`]. Otherwise the clock reads the time of the last
    /// event processed, on every side, and the next call goes on from there. Going back first
    /// returns each side to its latest checkpoint at or before `t`.
    pub fn advance(&mut self, t: Time, max_events: u64) -> bool {
        self.before.clear();
        if t < self.clock {
            for side in &mut self.sides {
                side.rewind(t);
            }
            self.clock = self.sides.iter().map(|s| s.sim().now()).min().unwrap_or(0);
        }
        let mut last = None;
        for _ in 0..max_events {
            let next =
                self.sides.iter().enumerate().filter_map(|(i, s)| s.sim().next_time().map(|n| (n, i))).min();
            match next {
                Some((n, i)) if n <= t => {
                    self.sides[i].step();
                    last = Some(n);
                }
                _ => {
                    self.seek(t);
                    return true;
                }
            }
        }
        if self.sides.iter().all(|s| s.sim().next_time().is_none_or(|n| n > t)) {
            self.seek(t);
            return true;
        }
        // After a rewind the sides may stand at different checkpoints: the clock is the
        // furthest of them (the others catch up to it, at most one checkpoint spacing).
        let furthest = self.sides.iter().map(|s| s.sim().now()).max().unwrap_or(0);
        let at = last.unwrap_or(0).max(furthest);
        for side in &mut self.sides {
            side.run_before(at);
        }
        self.clock = at;
        false
    }

    /// Back to time 0.
    pub fn reset(&mut self) {
        for side in &mut self.sides {
            side.reset();
        }
        self.clock = 0;
        self.before.clear();
    }

    /// The time of the last event of any side once everything has drained,
    /// found by running a copy to the end, all at once. A viewer that must stay responsive
    /// finds it with a [`Scout`] instead, a bounded number of events at a time.
    pub fn end_time(&self) -> Time {
        self.sides
            .iter()
            .map(|t| {
                let mut s = t.sim().clone();
                s.run();
                s.last_event_time()
            })
            .max()
            .unwrap_or(0)
    }
}

/// Finds where a run ends without running it all at once: copies of the sides at time 0,
/// run ahead a bounded number of events per call (no history, traces or checkpoints), so a
/// viewer can learn the run's length a frame's budget at a time while it already plays.
#[derive(Clone, Debug)]
pub struct Scout {
    sides: Vec<Sim>,
}

impl Scout {
    /// One copy per scenario, at time 0.
    pub fn new(scenarios: &[Scenario]) -> Self {
        Scout { sides: scenarios.iter().map(Sim::new).collect() }
    }

    /// Processes at most `max_events` events, shared among the sides still running.
    /// Returns true once every side has drained.
    pub fn explore(&mut self, max_events: u64) -> bool {
        let running = self.sides.iter().filter(|s| !s.is_done()).count() as u64;
        if running == 0 {
            return true;
        }
        let each = (max_events / running).max(1);
        for sim in self.sides.iter_mut().filter(|s| !s.is_done()) {
            for _ in 0..each {
                if !sim.process() {
                    break;
                }
            }
        }
        self.is_done()
    }

    /// True once every side has drained.
    pub fn is_done(&self) -> bool {
        self.sides.iter().all(Sim::is_done)
    }

    /// How far the run is known, µs: the end once [`Scout::is_done`], else the earliest
    /// moment a side has reached.
    pub fn known_until(&self) -> Time {
        if self.is_done() {
            self.sides.iter().map(Sim::last_event_time).max().unwrap_or(0)
        } else {
            self.sides.iter().filter(|s| !s.is_done()).map(Sim::last_event_time).min().unwrap_or(0)
        }
    }

    /// Events processed so far, across sides.
    pub fn events(&self) -> u64 {
        self.sides.iter().map(Sim::events).sum()
    }
}
