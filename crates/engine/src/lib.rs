//! # asyncviz-engine
//!
//! A deterministic discrete-event simulation of how servers run requests:
//! a thread-per-request pool (Tomcat / Spring MVC), Java's
//! ThreadPoolExecutor (`@Async`), an event loop (Node.js, asyncio), Java 21
//! virtual threads, and a job queue with workers (NestJS + BullMQ, the
//! "202 Accepted, then queue, then worker" flow).
//!
//! The engine is the single source of truth for everything asyncviz shows:
//! the browser app and the CLI only drive it and draw or print what it says.
//!
//! ## A first run
//!
//! ```
//! use asyncviz_engine::{Scenario, Sim};
//!
//! let scenario = Scenario::from_json_str(r#"{
//!     "seed": 1, "duration_ms": 1000, "cores": 4,
//!     "workload": { "arrivals": {"constant": {"interval_ms": 10}},
//!                   "steps": [ {"cpu_ms": 2}, {"io_ms": 50} ] },
//!     "model": { "thread_pool": { "threads": 8, "queue": null } }
//! }"#).unwrap();
//!
//! let mut sim = Sim::new(&scenario);
//! sim.run();
//! let report = sim.report();
//! assert_eq!(report.requests.arrived, 100);
//! assert_eq!(report.requests.completed, 100);
//! // 8 threads each need 52 ms per request: 100 requests every 10 ms fit.
//! assert_eq!(report.latency_ms.max, 52.0);
//! ```
//!
//! ## Stepping and time travel
//!
//! [`Sim::step`] processes exactly one engine event and returns an [`Event`]:
//! the list of [`Transition`]s it caused, which the app narrates. A
//! [`Timeline`] adds `step_back` and `seek` by keeping checkpoints and
//! replaying, which is exact because nothing in the engine reads a clock,
//! iterates a hash map or draws an unseeded random number.
//!
//! ```
//! use asyncviz_engine::{Scenario, Timeline, Transition};
//!
//! let s = Scenario::from_json_str(r#"{"duration_ms": 100,
//!   "workload": {"arrivals": {"at_ms": [0, 1]}, "steps": [{"io_ms": 5}]},
//!   "model": {"event_loop": {}}}"#).unwrap();
//! let mut t = Timeline::new(&s);
//! let first = t.step().unwrap();
//! assert_eq!(first.what[0], Transition::Arrived { req: 1 });
//! t.step();
//! let after_two = t.sim().snapshot();
//! t.step_back();
//! t.step();
//! assert_eq!(t.sim().snapshot(), after_two);
//! ```
//!
//! ## Faults and tracing
//!
//! A scenario's optional `faults` inject failing I/O steps and crashes; the
//! report's `faults` counts what they did, and [`Sim::spans`] gives a
//! request's trace when it was built with [`Builder::traces`].
//!
//! ```
//! use asyncviz_engine::{Builder, Scenario, SpanKind};
//!
//! let s = Scenario::from_json_str(r#"{"duration_ms": 200,
//!   "workload": {"arrivals": {"constant": {"interval_ms": 10}}, "steps": [{"io_ms": 30}]},
//!   "model": {"job_queue": {"workers": 4}},
//!   "faults": {"crash_after_commit_at_ms": [0, 50, 100]}}"#).unwrap();
//! let mut sim = Builder::new().traces(1000).sim(&s);
//! sim.run();
//! // The front end crashed three times between a commit and the enqueue.
//! assert_eq!(sim.report().faults.lost, 3);
//! let trace = sim.spans(1);
//! assert_eq!(trace[1].kind, SpanKind::Responded { status: 202 });
//! assert_eq!(trace.last().unwrap().kind, SpanKind::JobLost);
//! ```
//!
//! ## Semantics in one paragraph
//!
//! Time is integer microseconds; events at the same time run in the order
//! they were scheduled. For one seed every model sees the same requests:
//! arrival times and each step's duration come from streams that do not
//! depend on the model. Cores are shared round-robin with a time quantum.
//! `cpu_ms` needs a core; `io_ms` holds a blocking thread but frees an event
//! loop; `blocking_io_ms` holds every kind of thread, the loop included.
//! See the README for the full scenario format.

mod budget;
mod builder;
mod compare;
mod error;
mod event;
mod metrics;
mod rng;
mod scenario;
mod sim;
mod timeline;
mod types;

/// Simulated time in microseconds.
pub type Time = u64;

pub use budget::{approx, WorkDimension, WorkEstimate, WORK_BUDGET};
pub use builder::Builder;
pub use compare::{Lockstep, Scout, TRACED_REQUESTS};
pub use error::{ErrorKind, Got, ScenarioError};
pub use event::{CrashKind, Event, FailCause, LaneId, QueueId, RejectCause, ReqId, Transition};
pub use metrics::{Histogram, Sample, Summary, MAX_SAMPLES};
pub use rng::Rng;
pub use scenario::{
    defaults, limits, Arrivals, Burst, Dist, ErrorHandling, EventLoop, Executor, Faults, Flavor, JobQueue,
    Model, ModelKind, Rejection, Scenario, Step, StepKind, ThreadPool, VirtualThreads, Workload,
};
pub use sim::plan::{Plan, PlannedRequest};
pub use sim::report::{FaultCounts, Jobs, Report, Requests, Utilization, WorkMs};
pub use sim::snapshot::{Counters, LaneView, MachineView, QueueView, RequestView, Snapshot};
pub use sim::trace::{Span, SpanKind, DEFAULT_TRACE_REQUESTS};
pub use sim::Sim;
pub use timeline::{Timeline, FIRST_SPACING, MAX_CHECKPOINTS};
pub use types::{LaneKind, LaneState, Place, QueueKind, Segment};

/// Parses, validates and runs a scenario to the end.
pub fn run_json(text: &str) -> Result<Report, ScenarioError> {
    let s = Scenario::from_json_str(text)?;
    let mut sim = Sim::new(&s);
    sim.run();
    Ok(sim.report())
}
