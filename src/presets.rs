//! Ready-made comparisons drawn from the seed overview. Each preset is a
//! shared workload plus one model per side, and two sentences on what to watch.

use asyncviz_engine::ModelKind;

/// One preset.
pub struct Preset {
    /// Stable id, used in URLs and tests.
    pub id: &'static str,
    pub title: &'static str,
    /// What to watch, in two sentences.
    pub explain: &'static str,
    /// Scenario fields shared by every side (everything but `model`), as JSON.
    pub common: &'static str,
    /// One model per side, as JSON.
    pub models: &'static [&'static str],
}

impl Preset {
    /// The title in `lang` (the Korean is in the catalog, keyed by the English).
    pub fn title_in(&self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::tr(lang, self.title)
    }

    /// The explanation in `lang`.
    pub fn explain_in(&self, lang: crate::i18n::Lang) -> &'static str {
        crate::i18n::tr(lang, self.explain)
    }
}

/// All presets; the first is the landing page.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "blocking-vs-nonblocking",
        title: "Blocking vs non-blocking (I/O-bound)",
        explain: "The same 150 requests per second, each mostly waiting 100 ms on a database. \
                  All ten blocking threads are busy, yet they barely use the CPU: each holds its request while it waits, \
                  so the queue fills to its limit of 100 and requests are turned away, \
                  while one event loop keeps serving because it never waits.",
        common: r#"{"seed": 7, "duration_ms": 60000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 150}},
                         "steps": [{"cpu_ms": {"exp": 2}}, {"io_ms": {"exp": 100}}, {"cpu_ms": 1}]}}"#,
        models: &[r#"{"thread_pool": {"threads": 10, "queue": 100}}"#, r#"{"event_loop": {"flavor": "node"}}"#],
    },
    Preset {
        id: "cpu-bound",
        title: "CPU-bound work: async does not help",
        explain: "The same 120 requests per second each compute for 20 ms and wait for nothing. \
                  The single event loop can answer only 50 a second and falls far behind, \
                  eight threads on four cores answer all 120, and offloading to four worker threads is what rescues the loop.",
        common: r#"{"seed": 3, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 120}}, "steps": [{"cpu_ms": {"exp": 20}}]}}"#,
        models: &[
            r#"{"thread_pool": {"threads": 8, "queue": null}}"#,
            r#"{"event_loop": {"flavor": "node"}}"#,
            r#"{"event_loop": {"flavor": "node", "workers": 4, "offload_cpu": true}}"#,
        ],
    },
    Preset {
        id: "blocking-call-freezes-loop",
        title: "One blocking call freezes the event loop",
        explain: "Every request makes one 15 ms synchronous call, like fs.readFileSync in an Express handler. \
                  Watch the loop's lane turn red: nothing else runs while it is blocked, \
                  whereas the thread pool simply parks one thread.",
        common: r#"{"seed": 5, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 60}},
                         "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 40}}, {"blocking_io_ms": 15}]}}"#,
        models: &[r#"{"event_loop": {"flavor": "node"}}"#, r#"{"thread_pool": {"threads": 16, "queue": 200}}"#],
    },
    Preset {
        id: "pool-exhaustion",
        title: "Thread-pool exhaustion and rejections",
        explain: "300 requests a second each wait 200 ms on a slow downstream service, so 60 are in flight at any moment. \
                  Twenty threads and a queue of 50 cannot hold them and reject the rest, \
                  while virtual threads park cheaply and serve everyone.",
        common: r#"{"seed": 11, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 300}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 200}}]}}"#,
        models: &[r#"{"thread_pool": {"threads": 20, "queue": 50}}"#, r#"{"virtual_threads": {}}"#],
    },
    Preset {
        id: "executor-trap",
        title: "The executor's core / queue / max trap",
        explain: "Both executors have core 4 and max 50, but the left one has an unbounded queue, so it never starts a fifth thread \
                  and its queue grows past a thousand. With a queue of 20 the right one grows toward max as soon as the queue fills.",
        common: r#"{"seed": 2, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 200}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 100}}]}}"#,
        models: &[
            r#"{"executor": {"core": 4, "max": 50, "queue": null, "keep_alive_ms": 2000}}"#,
            r#"{"executor": {"core": 4, "max": 50, "queue": 20, "keep_alive_ms": 2000}}"#,
        ],
    },
    Preset {
        id: "overload",
        title: "Overload: thousands of requests in flight",
        explain: "For two minutes, 600 requests a second each wait about 100 ms on I/O, but 50 blocking threads can finish only about 500 a second. \
                  The pool's unbounded queue grows by a hundred every second into the thousands, \
                  while the event loop keeps about 60 in flight and its median answer takes about 70 ms.",
        common: r#"{"seed": 13, "duration_ms": 120000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 600}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 100}}]}}"#,
        models: &[r#"{"thread_pool": {"threads": 50, "queue": null}}"#, r#"{"event_loop": {"flavor": "node"}}"#],
    },
    Preset {
        id: "queue-workers-202",
        title: "Queue + workers: 202 Accepted, then scale out",
        explain: "The front end answers 202 Accepted in about a millisecond and leaves the 50 ms job to the workers. \
                  Two workers cannot keep up and the job queue grows; eight drain it, while the synchronous pool makes every client wait.",
        common: r#"{"seed": 4, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 60}}, "steps": [{"cpu_ms": {"exp": 30}}, {"io_ms": {"exp": 20}}]}}"#,
        models: &[
            r#"{"job_queue": {"workers": 2, "concurrency": 1, "accept_cpu_ms": 1}}"#,
            r#"{"job_queue": {"workers": 8, "concurrency": 1, "accept_cpu_ms": 1}}"#,
            r#"{"thread_pool": {"threads": 8, "queue": 100}}"#,
        ],
    },
    Preset {
        id: "retries-dlq",
        title: "Retries with backoff and a dead-letter queue",
        explain: "A third of job attempts fail. With four attempts and exponential backoff almost every job eventually succeeds, \
                  at the price of longer job latency; with one attempt each failure goes straight to the dead-letter queue.",
        common: r#"{"seed": 8, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 40}}, "steps": [{"cpu_ms": 5}, {"io_ms": {"exp": 30}}]}}"#,
        models: &[
            r#"{"job_queue": {"workers": 4, "concurrency": 2, "attempts": 4, "backoff_ms": 200, "failure_rate": 0.33}}"#,
            r#"{"job_queue": {"workers": 4, "concurrency": 2, "attempts": 1, "failure_rate": 0.33}}"#,
        ],
    },
    Preset {
        id: "lost-error",
        title: "Lost errors: fire-and-forget against awaited",
        explain: "One request in twenty has a database call that fails. \
                  On the left the call was started and never awaited, so every client still gets 200 OK and the errors pile up unobserved; \
                  on the right the same failures are awaited and come back as 500s that you can see and trace.",
        common: r#"{"seed": 11, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 60}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 40}}, {"cpu_ms": 1}]}}"#,
        models: &[
            r#"{"event_loop": {"flavor": "node"}, "faults": {"step_failure_rate": 0.05, "error_handling": "fire_and_forget"}}"#,
            r#"{"event_loop": {"flavor": "node"}, "faults": {"step_failure_rate": 0.05, "error_handling": "awaited"}}"#,
        ],
    },
    Preset {
        id: "unhandled-rejection",
        title: "An unhandled rejection takes the server down",
        explain: "One request in two hundred hits a failing call. \
                  On the left nobody handles the rejected promise, so Node.js exits: every request in flight fails and new ones are refused until it has restarted; \
                  on the right the error is caught and only that request gets a 500.",
        common: r#"{"seed": 12, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 100}}, "steps": [{"cpu_ms": 1}, {"io_ms": {"exp": 50}}, {"cpu_ms": 1}]}}"#,
        models: &[
            r#"{"event_loop": {"flavor": "node"}, "faults": {"step_failure_rate": 0.005, "error_handling": "unhandled_rejection", "restart_ms": 1500}}"#,
            r#"{"event_loop": {"flavor": "node"}, "faults": {"step_failure_rate": 0.005, "error_handling": "awaited"}}"#,
        ],
    },
    Preset {
        id: "dual-write-outbox",
        title: "Dual write against the outbox: jobs lost in a crash",
        explain: "The front end commits an order to the database and then enqueues its job, and it crashes three times in between. \
                  Without an outbox exactly three jobs are lost although their clients got 202 Accepted; \
                  with the outbox the job is written in the same transaction and a relay publishes it, so none is lost.",
        common: r#"{"seed": 13, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 40}}, "steps": [{"cpu_ms": 5}, {"io_ms": {"exp": 30}}]},
            "faults": {"crash_after_commit_at_ms": [1500, 3500, 5500]}}"#,
        models: &[
            r#"{"job_queue": {"workers": 4, "concurrency": 2, "accept_cpu_ms": 1}}"#,
            r#"{"job_queue": {"workers": 4, "concurrency": 2, "accept_cpu_ms": 1, "outbox": true}}"#,
        ],
    },
    Preset {
        id: "redelivery-idempotent",
        title: "A worker crash: redelivered, duplicated unless idempotent",
        explain: "A worker dies in the middle of a job three times. \
                  Each job comes back after the visibility timeout and runs again, so on the left its side effect (say, a charge) is applied twice; \
                  on the right the job is idempotent and the second run changes nothing.",
        common: r#"{"seed": 14, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 30}}, "steps": [{"cpu_ms": 5}, {"io_ms": {"exp": 60}}]},
            "faults": {"worker_crash_at_ms": [1500, 3500, 5500]}}"#,
        models: &[
            r#"{"job_queue": {"workers": 4, "concurrency": 1, "visibility_timeout_ms": 1000}}"#,
            r#"{"job_queue": {"workers": 4, "concurrency": 1, "visibility_timeout_ms": 1000, "idempotent": true}}"#,
        ],
    },
    Preset {
        id: "order-partitioned",
        title: "Event order: out of order against partitioned by key",
        explain: "Requests are updates to five users, and jobs take varying time on four workers. \
                  On the left a user's later update is often applied before an earlier one; \
                  on the right each user's updates go to one consumer in order, with no violation, at the cost of longer job latency.",
        common: r#"{"seed": 15, "duration_ms": 30000, "cores": 4,
            "workload": {"arrivals": {"poisson": {"rate_per_s": 40}}, "keys": 5, "steps": [{"cpu_ms": 2}, {"io_ms": {"exp": 60}}]}}"#,
        models: &[
            r#"{"job_queue": {"workers": 4, "concurrency": 1}}"#,
            r#"{"job_queue": {"workers": 4, "concurrency": 1, "partition_by_key": true}}"#,
        ],
    },
];

/// The preset with this id.
pub fn find(id: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == id)
}

/// Default parameters for each model, used when the user switches a side's model.
pub fn model_default(kind: ModelKind) -> &'static str {
    match kind {
        ModelKind::ThreadPool => r#"{"thread_pool": {"threads": 10, "queue": 100}}"#,
        ModelKind::EventLoop => r#"{"event_loop": {"flavor": "node"}}"#,
        ModelKind::Executor => r#"{"executor": {"core": 4, "max": 16, "queue": 20, "keep_alive_ms": 2000}}"#,
        ModelKind::JobQueue => r#"{"job_queue": {"workers": 4, "concurrency": 1}}"#,
        ModelKind::VirtualThreads => r#"{"virtual_threads": {}}"#,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::Scenario;

    #[test]
    fn every_preset_is_a_valid_scenario_on_every_side() {
        for p in PRESETS {
            let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
            assert!(p.explain.split(". ").count() >= 2, "{}: two sentences", p.id);
            let ko = crate::i18n::Lang::Ko;
            assert!(p.explain_in(ko).split(". ").count() >= 2, "{}: two Korean sentences", p.id);
            assert!(p.explain_in(ko) != p.explain, "{}: a Korean explanation", p.id);
            assert!(!p.title_in(ko).is_empty() && p.title_in(ko) != p.title, "{}: a Korean title", p.id);
            assert!(!p.models.is_empty() && p.models.len() <= 3);
            for m in p.models {
                let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
                Scenario::from_value(&v).unwrap_or_else(|e| panic!("{}: {e}", p.id));
            }
        }
        for m in asyncviz_engine::ModelKind::ALL.map(model_default) {
            let mut v: serde_json::Value = serde_json::from_str(PRESETS[0].common).unwrap();
            v["model"] = serde_json::from_str(m).unwrap();
            Scenario::from_value(&v).unwrap();
        }
    }

    fn run(id: &str) -> Vec<(asyncviz_engine::Report, u64)> {
        let p = find(id).unwrap();
        let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
        p.models
            .iter()
            .map(|m| {
                let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
                let mut sim = asyncviz_engine::Sim::new(&Scenario::from_value(&v).unwrap());
                let mut threads = 0;
                while let Some(e) = sim.step() {
                    threads += e
                        .what
                        .iter()
                        .filter(|t| matches!(t, asyncviz_engine::Transition::ThreadStarted { .. }))
                        .count() as u64;
                }
                (sim.report(), threads)
            })
            .collect()
    }

    /// Every explanation says what the engine really shows.
    #[test]
    fn the_explanations_are_true() {
        let r = run("blocking-vs-nonblocking");
        assert!(
            r[0].0.requests.rejected > 0 && r[0].0.max_queue_len == 100,
            "the pool's queue fills and rejects"
        );
        assert_eq!(r[1].0.requests.rejected, 0, "the loop keeps serving");
        assert!(r[1].0.latency_ms.p95 < r[0].0.latency_ms.p95 / 2.0);

        let r = run("cpu-bound");
        assert!(r[1].0.latency_ms.p50 > 10.0 * r[0].0.latency_ms.p50, "the loop falls far behind");
        assert!(r[2].0.latency_ms.p95 < 2.0 * r[0].0.latency_ms.p95, "offloading rescues it");

        let r = run("blocking-call-freezes-loop");
        assert!(r[0].0.wait_ms.p95 > 10.0 * r[1].0.wait_ms.p95.max(1.0), "the loop is frozen, requests wait");

        let r = run("pool-exhaustion");
        assert!(r[0].0.requests.rejected > 100);
        assert_eq!(r[1].0.requests.rejected, 0);

        let r = run("executor-trap");
        assert!(
            r[0].0.max_queue_len > 1000,
            "unbounded queue grows past a thousand: {}",
            r[0].0.max_queue_len
        );
        assert_eq!(r[0].1, 4, "never a fifth thread");
        assert!(r[1].1 > 10, "the bounded queue lets it grow: {} threads", r[1].1);

        let r = run("overload");
        assert!(r[0].0.max_queue_len > 5000, "the queue grows into the thousands: {}", r[0].0.max_queue_len);
        assert!(r[1].0.mean_in_system < 100.0 && r[1].0.latency_ms.p50 < 150.0);

        let r = run("queue-workers-202");
        for side in &r[..2] {
            assert!(side.0.latency_ms.p99 < 10.0, "202 within milliseconds: {}", side.0.latency_ms.p99);
        }
        let (two, eight) = (r[0].0.job_latency_ms.unwrap(), r[1].0.job_latency_ms.unwrap());
        assert!(two.p95 > 10.0 * eight.p95, "two workers fall behind: {} vs {}", two.p95, eight.p95);
        assert!(
            r[2].0.latency_ms.p50 > 10.0 * r[0].0.latency_ms.p50,
            "the synchronous pool makes clients wait"
        );

        let r = run("retries-dlq");
        let (retry, once) = (r[0].0.jobs.clone().unwrap(), r[1].0.jobs.clone().unwrap());
        assert!(
            retry.dead_lettered * 10 < once.dead_lettered,
            "{} vs {}",
            retry.dead_lettered,
            once.dead_lettered
        );
        assert!(r[0].0.job_latency_ms.unwrap().p95 > r[1].0.job_latency_ms.unwrap().p95);

        let r = run("lost-error");
        let (forgot, awaited) = (&r[0].0, &r[1].0);
        assert!(forgot.faults.unobserved_errors > 10, "{:?}", forgot.faults);
        assert_eq!(forgot.requests.failed, 0, "every client got 200");
        assert_eq!(awaited.faults.unobserved_errors, 0);
        assert_eq!(
            awaited.requests.failed, forgot.faults.unobserved_errors,
            "the same failures, now visible"
        );

        let r = run("unhandled-rejection");
        assert!(r[0].0.faults.crashes >= 2, "{:?}", r[0].0.faults);
        let (down, up) = (&r[0].0.requests, &r[1].0.requests);
        assert!(down.failed > up.failed, "every request in flight fails: {} vs {}", down.failed, up.failed);
        assert!(
            down.rejected > 10 * up.failed,
            "refused while restarting: {} vs {}",
            down.rejected,
            up.failed
        );
        assert_eq!(r[1].0.faults.crashes, 0);
        assert!(r[1].0.requests.failed > 0 && r[1].0.requests.rejected == 0);

        let r = run("dual-write-outbox");
        assert_eq!(r[0].0.faults.lost, 3, "exactly three jobs lost");
        assert_eq!(r[1].0.faults.lost, 0);
        assert_eq!(r[0].0.faults.crashes, 3);

        let r = run("redelivery-idempotent");
        assert_eq!(r[0].0.faults.duplicated, 3, "{:?}", r[0].0.faults);
        assert_eq!(r[1].0.faults.duplicated, 0);
        assert_eq!(r[1].0.faults.crashes, 3);

        let r = run("order-partitioned");
        assert!(r[0].0.faults.order_violations > 10, "{:?}", r[0].0.faults);
        assert_eq!(r[1].0.faults.order_violations, 0);
        assert!(r[1].0.job_latency_ms.unwrap().p95 > r[0].0.job_latency_ms.unwrap().p95);
    }
}
