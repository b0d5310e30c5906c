//! The workload alone: when each request arrives and how long each of its steps takes, exactly as
//! a simulation of the scenario draws them, without simulating a server. `asyncviz real` sends
//! these requests to real servers, so that the simulation and the real stack see the same load.

use super::requests::{accept_duration, draw_steps};
use super::*;
use crate::scenario::Step;

impl ArrivalGen {
    /// Where the arrivals of `s` start: nothing issued yet.
    pub(super) fn new(s: &Scenario) -> ArrivalGen {
        // A burst needs no list: its requests all arrive at one time.
        let times = match &s.workload.arrivals {
            Arrivals::AtMs(t) => {
                let mut v: Vec<Time> = t.iter().map(|x| us(*x)).collect();
                v.sort_unstable();
                v
            }
            _ => Vec::new(),
        };
        ArrivalGen {
            rng: Rng::derive(s.seed, STREAM_ARRIVALS, 0),
            clock_us: 0.0,
            issued: 0,
            base_issued: 0,
            base_next: None,
            base_done: false,
            burst: 0,
            burst_left: s.workload.bursts.first().map_or(0, |b| b.count),
            times,
            ahead: [0; ARRIVALS_AHEAD],
            next: ARRIVALS_AHEAD,
        }
    }

    /// The next arrival time: the earlier of the arrival process's next request and the next
    /// burst's (the process's first on a tie); `None` once both are over or the time is not
    /// before `duration`. The caller counts the request as issued when it arrives.
    pub(super) fn next_time(&mut self, s: &Scenario, duration: Time) -> Option<Time> {
        if self.base_next.is_none() && !self.base_done {
            self.base_next = self.next_base_arrival(s);
            self.base_done = self.base_next.is_none();
        }
        let bursts = &s.workload.bursts;
        let burst_at = bursts.get(self.burst).map(|b| us(b.at_ms));
        let t = match (self.base_next, burst_at) {
            (Some(b), Some(u)) if u < b => None,
            (Some(b), _) => {
                self.base_next = None;
                Some(b)
            }
            (None, _) => None,
        };
        let t = match (t, burst_at) {
            (Some(t), _) => t,
            (None, Some(u)) => {
                self.burst_left -= 1;
                if self.burst_left == 0 {
                    self.burst += 1;
                    self.burst_left = bursts.get(self.burst).map_or(0, |b| b.count);
                }
                u
            }
            (None, None) => return None,
        };
        (t < duration).then_some(t)
    }

    /// The arrival process's next time (`workload.arrivals` within `workload.limit`), or
    /// `None` when it has sent everything.
    fn next_base_arrival(&mut self, s: &Scenario) -> Option<Time> {
        if s.workload.limit.is_some_and(|limit| self.base_issued >= limit) {
            return None;
        }
        let t = match &s.workload.arrivals {
            Arrivals::Poisson { rate_per_s } => {
                if self.next == ARRIVALS_AHEAD {
                    let mean = 1.0e6 / rate_per_s;
                    for t in &mut self.ahead {
                        self.clock_us += self.rng.exp(mean);
                        *t = round_time(self.clock_us);
                    }
                    self.next = 0;
                }
                self.next += 1;
                self.ahead[self.next - 1]
            }
            Arrivals::Constant { interval_ms } => us(self.base_issued as f64 * interval_ms),
            Arrivals::Burst { count, at_ms } => {
                if self.base_issued >= *count {
                    return None;
                }
                us(*at_ms)
            }
            Arrivals::AtMs(_) => *self.times.get(self.base_issued as usize)?,
        };
        self.base_issued += 1;
        Some(t)
    }
}

/// One request of a scenario's workload, as the simulation sees it arrive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PlannedRequest {
    /// Its id in the simulation (1, 2, …).
    pub id: u64,
    /// Arrival time, µs from the start.
    pub at_us: Time,
    /// `job_queue` only: the front end's CPU before it answers 202 (`accept_cpu_ms`), µs.
    pub accept_us: Option<Time>,
    /// The workload's steps in order, each with its drawn duration in µs.
    pub steps: Vec<(StepKind, Time)>,
}

/// The requests of a scenario's workload in arrival order: the same arrival times and step
/// durations as [`Sim`] draws from the same seed (both come from the same code), for any model.
/// Faults are not part of it (which steps fail is drawn as the simulation runs).
///
/// ```
/// use asyncviz_engine::{Plan, Scenario, StepKind};
///
/// let s = Scenario::from_json_str(r#"{"duration_ms": 50,
///   "workload": {"arrivals": {"constant": {"interval_ms": 10}},
///                "steps": [{"cpu_ms": 2}, {"io_ms": {"exp": 30}}]},
///   "model": {"event_loop": {}}}"#).unwrap();
/// let plan: Vec<_> = Plan::new(&s).collect();
/// assert_eq!(plan.len(), 5);
/// assert_eq!(plan[3].at_us, 30_000);
/// assert_eq!(plan[3].steps[0], (StepKind::Cpu, 2_000));
/// ```
#[derive(Clone, Debug)]
pub struct Plan {
    scenario: Scenario,
    duration: Time,
    arrivals: ArrivalGen,
    steps_key: u64,
    durations: Vec<Time>,
}

impl Plan {
    /// The workload of `scenario`, from its first request.
    pub fn new(scenario: &Scenario) -> Plan {
        Plan {
            duration: us(scenario.duration_ms),
            arrivals: ArrivalGen::new(scenario),
            steps_key: Rng::stream_key(scenario.seed, STREAM_STEPS),
            durations: Vec::new(),
            scenario: scenario.clone(),
        }
    }
}

impl Iterator for Plan {
    type Item = PlannedRequest;

    fn next(&mut self) -> Option<PlannedRequest> {
        let at_us = self.arrivals.next_time(&self.scenario, self.duration)?;
        let index = self.arrivals.issued;
        self.arrivals.issued += 1;
        let accept_us = match &self.scenario.model {
            Model::JobQueue(j) => Some(accept_duration(self.scenario.seed, index, &j.accept_cpu_ms)),
            _ => None,
        };
        let steps: &[Step] = &self.scenario.workload.steps;
        self.durations.clear();
        draw_steps(self.steps_key, index, steps, &mut self.durations);
        Some(PlannedRequest {
            id: index + 1,
            at_us,
            accept_us,
            steps: steps.iter().zip(&self.durations).map(|(st, &d)| (st.kind, d)).collect(),
        })
    }
}
