//! What must be decided before a simulation runs, asked for explicitly: a [`Builder`] takes the
//! options (lane history for a timeline view, traces for spans) and builds a [`Sim`], a
//! [`Timeline`] or a [`Lockstep`]. With no options, `Sim::new`, `Timeline::new` and
//! `Lockstep::new` build the same thing.
//!
//! ```
//! use asyncviz_engine::{Builder, Scenario};
//!
//! let s = Scenario::from_json_str(r#"{"duration_ms": 100,
//!   "workload": {"arrivals": {"constant": {"interval_ms": 10}}, "steps": [{"io_ms": 5}]},
//!   "model": {"thread_pool": {"threads": 2}}}"#).unwrap();
//! let mut sim = Builder::new().history(50_000).traces(100).sim(&s);
//! sim.run();
//! assert!(sim.history().count() > 0);
//! assert!(!sim.spans(3).is_empty());
//! ```

use crate::compare::Lockstep;
use crate::scenario::Scenario;
use crate::sim::Sim;
use crate::timeline::Timeline;
use crate::Time;

/// The options of a run, set before it starts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Builder {
    history: Option<Time>,
    traces: Option<u32>,
}

impl Builder {
    /// No history, no traces.
    pub fn new() -> Self {
        Builder::default()
    }

    /// Record lane segments that ended within the last `window` µs (`Sim::history`); memory
    /// stays bounded by what fits in the window.
    pub fn history(mut self, window: Time) -> Self {
        self.history = Some(window);
        self
    }

    /// Keep the spans of the last `requests` requests to arrive (`Sim::spans`).
    pub fn traces(mut self, requests: u32) -> Self {
        self.traces = Some(requests);
        self
    }

    /// A simulation of `scenario` at time 0, with these options.
    pub fn sim(&self, scenario: &Scenario) -> Sim {
        let mut sim = Sim::new(scenario);
        if let Some(w) = self.history {
            sim.keep_history(w);
        }
        if let Some(n) = self.traces {
            sim.keep_traces(n);
        }
        sim
    }

    /// A timeline (checkpoints, seeking) over such a simulation.
    pub fn timeline(&self, scenario: &Scenario) -> Timeline {
        Timeline::from_sim(self.sim(scenario))
    }

    /// One such timeline per scenario on a shared clock.
    pub fn lockstep(&self, scenarios: &[Scenario]) -> Lockstep {
        Lockstep::from_timelines(scenarios.iter().map(|s| self.timeline(s)).collect())
    }
}
