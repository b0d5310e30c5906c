//! The report the CLI prints: the contract docs authors and checks rely on.

use serde::Serialize;

use super::Sim;
use crate::metrics::Summary;

/// Request counts. `arrived = completed + rejected + failed + in_flight`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Requests {
    pub arrived: u64,
    pub completed: u64,
    pub rejected: u64,
    pub failed: u64,
    /// Arrived and not yet answered (0 after a full run).
    pub in_flight: u64,
}

/// Time-averaged utilisation, 0..=1.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Utilization {
    /// Busy core time of the server machine over `cores × time`.
    pub cores: f64,
    /// Time the model's threads, loop, carriers or job workers held work,
    /// over the time they existed.
    pub workers: f64,
}

/// Sum of the sampled step durations, identical across models for one seed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorkMs {
    pub cpu: f64,
    pub io: f64,
    pub blocking_io: f64,
}

/// Job outcomes (`job_queue` only).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Jobs {
    pub completed: u64,
    /// Failed every attempt and went to the dead-letter queue.
    pub dead_lettered: u64,
    /// Failed attempts that were retried.
    pub retries: u64,
    pub in_flight: u64,
}

/// What injected faults did (always present; all 0 without faults).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FaultCounts {
    /// Jobs lost between a commit and the enqueue (front-end crash without an outbox).
    pub lost: u64,
    /// Jobs applied a second time after a worker crash (not idempotent).
    pub duplicated: u64,
    /// Updates applied after a later update of the same key (`workload.keys`).
    pub order_violations: u64,
    /// Fire-and-forget failures nobody observed.
    pub unobserved_errors: u64,
    /// Crashes of any kind: server, front end, worker.
    pub crashes: u64,
}

impl FaultCounts {
    pub(crate) fn from_array(a: [u64; 5]) -> Self {
        FaultCounts {
            lost: a[0],
            duplicated: a[1],
            order_violations: a[2],
            unobserved_errors: a[3],
            crashes: a[4],
        }
    }
}

/// Everything the CLI prints for one run.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    pub model: &'static str,
    pub seed: u64,
    pub requests: Requests,
    /// Time of the last event, ms.
    pub sim_time_ms: f64,
    /// Engine events processed.
    pub events: u64,
    /// `completed / sim_time_ms × 1000`.
    pub throughput_per_s: f64,
    /// Arrival to response (for `job_queue`, the 202).
    pub latency_ms: Summary,
    /// Arrival until the first step starts (queueing or event-loop lag).
    pub wait_ms: Summary,
    /// `job_queue` only: arrival to job done.
    pub job_latency_ms: Option<Summary>,
    pub utilization: Utilization,
    /// Longest the model's queues got, in requests.
    pub max_queue_len: u32,
    pub work_ms: WorkMs,
    /// Scenario name, if it has one.
    pub name: Option<String>,
    /// Time-averaged number of requests in the system (Little's L).
    pub mean_in_system: f64,
    pub jobs: Option<Jobs>,
    pub faults: FaultCounts,
}

impl Sim {
    /// The report for everything simulated so far.
    pub fn report(&self) -> Report {
        let s = &self.stats;
        let has_jobs = self.jobs.is_some();
        let now = self.now().max(1) as f64;
        let ms = |us: u64| us as f64 / 1000.0;
        let sim_time_ms = ms(self.last_event);
        Report {
            model: self.scenario().model.name(),
            seed: self.scenario().seed,
            requests: Requests {
                arrived: s.arrived,
                completed: s.completed,
                rejected: s.rejected,
                failed: s.failed,
                in_flight: s.in_system as u64,
            },
            sim_time_ms,
            events: self.events(),
            throughput_per_s: if self.last_event == 0 {
                0.0
            } else {
                s.completed as f64 / sim_time_ms * 1000.0
            },
            latency_ms: s.latency.summary(),
            wait_ms: s.wait.summary(),
            job_latency_ms: has_jobs.then(|| s.job_latency.summary()),
            utilization: Utilization {
                cores: s.core_area as f64 / (now * self.scenario().cores as f64),
                workers: if s.lanes_area == 0 { 0.0 } else { s.lane_area as f64 / s.lanes_area as f64 },
            },
            max_queue_len: s.max_queue_len,
            work_ms: WorkMs { cpu: ms(s.work[0]), io: ms(s.work[1]), blocking_io: ms(s.work[2]) },
            name: self.scenario().name.clone(),
            mean_in_system: s.system_area as f64 / now,
            jobs: has_jobs.then_some(Jobs {
                completed: s.jobs_done,
                dead_lettered: s.jobs_dead,
                retries: s.retries,
                in_flight: s.jobs_in_system as u64,
            }),
            faults: FaultCounts::from_array(self.fault_counts()),
        }
    }

    /// The metrics time series (one sample per window of simulated time).
    pub fn series(&self) -> &[crate::metrics::Sample] {
        &self.series.samples
    }
}

impl Sim {
    /// Counts of what the faults did: lost, duplicated, order violations,
    /// unobserved errors, crashes.
    pub(crate) fn fault_counts(&self) -> [u64; 5] {
        let f = &self.faults;
        [f.lost, f.duplicated, f.order_violations, f.unobserved_errors, f.crashes]
    }
}
