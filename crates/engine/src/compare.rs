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
}

/// How many recent requests' spans a viewer's sides keep.
pub const TRACED_REQUESTS: u32 = 256;

impl Lockstep {
    /// One side per scenario, all at time 0. `history` (µs) makes every side
    /// record lane segments within that window, and the spans of its last
    /// [`TRACED_REQUESTS`] requests (for [`Sim::spans`]): what a viewer needs.
    pub fn new(scenarios: &[Scenario], history: Option<Time>) -> Self {
        let sides = scenarios
            .iter()
            .map(|s| match history {
                Some(w) => {
                    let mut sim = Sim::new(s);
                    sim.keep_history(w);
                    sim.keep_traces(TRACED_REQUESTS);
                    Timeline::from_sim(sim)
                }
                None => Timeline::new(s),
            })
            .collect();
        Lockstep { sides, clock: 0 }
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
        let e = self.sides[i].step().expect("side has a next event");
        self.clock = t;
        for (j, side) in self.sides.iter_mut().enumerate() {
            if j != i {
                side.run_before(t);
            }
        }
        Some((i, e))
    }

    /// Undoes the last event in global order. Returns false at the start.
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
        let clock = self
            .sides
            .iter()
            .filter(|s| s.sim().events() > 0)
            .map(|s| s.sim().last_event_time())
            .max()
            .unwrap_or(0);
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
    }

    /// Back to time 0.
    pub fn reset(&mut self) {
        for side in &mut self.sides {
            side.reset();
        }
        self.clock = 0;
    }

    /// The time of the last event of any side once everything has drained,
    /// found by running a copy to the end.
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
