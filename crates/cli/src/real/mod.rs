//! `asyncviz real SCENARIO`: the scenario's own workload against the real server for its model
//! (Express, FastAPI, a Java thread pool or executor, Java virtual threads, BullMQ) on 127.0.0.1,
//! and the simulation of the same requests on this machine's cores, side by side.
//!
//! The simulation runs first (it is quick and bounds the real run's time). Then the server starts
//! on a port the kernel picks ([`stack`]), answers a few warm-up requests, and the load generator
//! ([`load`]) sends the requests of [`Plan`] open loop at their planned times, each carrying its
//! steps. The server is stopped when the run ends, fails or is interrupted.

use std::io::Write;
use std::sync::atomic::Ordering;
use std::time::Duration;

use asyncviz_engine::{
    limits, EventLoop, Faults, Histogram, JobQueue, Jobs, Model, Plan, Report, Requests, Scenario, Sim,
    Summary, Utilization, WorkMs, WORK_BUDGET,
};
use serde_json::{json, Value};

use crate::{fail, Failure};

mod http;
mod load;
mod side;
mod stack;

/// Default and largest `--requests`.
const DEFAULT_REQUESTS: u64 = 1000;
const MAX_REQUESTS: u64 = 20_000;
/// Longest run (arrivals and drain, as simulated) that a real run may take.
const MAX_RUN_S: f64 = 240.0;

pub fn command(args: &[String]) -> Result<(), Failure> {
    let (mut path, mut table, mut requests) = (None, false, DEFAULT_REQUESTS);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().map(String::as_str) {
                Some("json") => table = false,
                Some("table") => table = true,
                other => {
                    return fail(
                        2,
                        format!("--format: expected json or table, got {:?}", other.unwrap_or("")),
                    )
                }
            },
            "--requests" => {
                let v = it.next().map(String::as_str).unwrap_or("");
                requests = match v.parse::<u64>() {
                    Ok(n) if (1..=MAX_REQUESTS).contains(&n) => n,
                    _ => {
                        return fail(
                            2,
                            format!(
                                "--requests: expected a whole number from 1 to {MAX_REQUESTS}, got {v:?}"
                            ),
                        )
                    }
                };
            }
            s if s.starts_with("--") => {
                return fail(2, format!("unknown option {s:?} (see asyncviz --help)"))
            }
            s if path.is_none() => path = Some(s.to_string()),
            s => return fail(2, format!("unexpected argument {s:?}: only one SCENARIO")),
        }
    }
    let Some(path) = path else {
        return fail(2, "real needs a SCENARIO (see asyncviz --help)");
    };
    let mut scenario = crate::load(&path, WORK_BUDGET)?;
    if let Err((field, why)) = supported(&scenario) {
        return fail(2, format!("{field}: {why}"));
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get() as u64).min(limits::MAX_CORES);
    scenario.cores = cores as u32;
    // `--requests` bounds the arrival process and the bursts together.
    let in_bursts: u64 = scenario.workload.bursts.iter().map(|b| b.count).sum();
    if in_bursts >= requests {
        return fail(
            2,
            format!(
                "workload.bursts: {in_bursts} requests in bursts leave none of --requests {requests} for the arrivals; \
                 raise --requests (at most {MAX_REQUESTS}) or lower the bursts"
            ),
        );
    }
    let base = requests - in_bursts;
    scenario.workload.limit = Some(scenario.workload.limit.map_or(base, |l| l.min(base)));
    // Valid as given, so valid with fewer requests and this machine's cores (a carrier count
    // above 256 per core is the one bound that depends on cores).
    let scenario = Scenario::from_value(&scenario.to_value()).or_else(|e| fail(2, e.to_string()))?;

    let plan: Vec<_> = Plan::new(&scenario).collect();
    if plan.is_empty() {
        return fail(2, "workload: no request arrives before duration_ms");
    }
    let mut sim = Sim::new(&scenario);
    sim.run();
    let simulated = sim.report();
    let run_s = simulated.sim_time_ms / 1000.0;
    if run_s > MAX_RUN_S {
        return fail(
            2,
            format!(
                "the simulated run lasts {run_s:.0} s (arrivals and drain), more than the {MAX_RUN_S:.0} s a real run may take: lower --requests"
            ),
        );
    }

    let root = stack::root().or_else(|e| fail(2, e))?;
    let stop = crate::interrupt_flag();
    let core_available = load::core_available(Duration::from_millis(300));
    let mut server = stack::launch(&root, &scenario).or_else(|e| fail(1, e))?;
    // Room to drain what the simulation drains, with slack for a slower real server.
    let limit = Duration::from_secs_f64(run_s * 2.0 + 15.0);
    let run = load::drive(&mut server, &plan, limit, &stop).or_else(|e| fail(1, e))?;
    let stack_name = std::mem::take(&mut server.stack);
    drop(server);
    if run.interrupted || stop.load(Ordering::Relaxed) {
        return fail(130, "interrupted; the server is stopped; no report");
    }
    let measured = measure(&scenario, &plan, &run);
    let stack = stack_info(&scenario, &stack_name, &run, cores, core_available);
    let out = if table {
        side::render(&stack, &simulated, &measured)
    } else {
        let v = json!({"stack": stack, "simulated": simulated, "measured": measured});
        serde_json::to_string_pretty(&v).expect("json") + "\n"
    };
    std::io::stdout().write_all(out.as_bytes()).or_else(|e| fail(1, format!("writing the report: {e}")))
}

/// Which real server runs the model, in words.
fn server_name(m: &Model) -> &'static str {
    match m {
        Model::EventLoop(EventLoop { flavor: asyncviz_engine::Flavor::Node, .. }) => "Express on Node.js",
        Model::EventLoop(_) => "FastAPI on uvicorn (asyncio)",
        Model::ThreadPool(_) => "Java fixed thread pool (ThreadPoolExecutor, bounded queue, 503 when full)",
        Model::Executor(_) => "Java ThreadPoolExecutor",
        Model::VirtualThreads(_) => "Java virtual threads",
        Model::JobQueue(_) => "BullMQ workers on Redis behind an Express front end",
    }
}

/// What the real servers cannot do: the scenario field and why (the CLI prints `field: why`).
fn supported(s: &Scenario) -> Result<(), (&'static str, &'static str)> {
    if s.faults != Faults::default() {
        return Err((
            "faults",
            "asyncviz real injects no faults into real servers; remove the faults object",
        ));
    }
    match &s.model {
        Model::EventLoop(e) if e.queue.is_some() => Err((
            "model.event_loop.queue",
            "the real event loops have no bounded backlog of new requests (the kernel's accept queue is not one); remove it",
        )),
        Model::JobQueue(j) => {
            let JobQueue { failure_rate, outbox, idempotent, partition_by_key, .. } = j;
            if *failure_rate > 0.0 {
                Err(("model.job_queue.failure_rate", "the real workers do not fail jobs on purpose; set it to 0"))
            } else if *outbox {
                Err(("model.job_queue.outbox", "the real front end has no outbox table; remove it"))
            } else if *idempotent {
                Err(("model.job_queue.idempotent", "without crashes nothing is applied twice; remove it"))
            } else if *partition_by_key {
                Err(("model.job_queue.partition_by_key", "the real queue is not partitioned by key; remove it"))
            } else {
                Ok(())
            }
        }
        _ => Ok(()),
    }
}

fn summary(values: impl Iterator<Item = u64>) -> Summary {
    let mut h = Histogram::default();
    values.for_each(|v| h.record(v));
    h.summary()
}

/// The measured report, with the simulated report's fields; what cannot be measured from
/// outside (engine events, worker utilisation, queue lengths, fault counters) is null.
fn measure(s: &Scenario, plan: &[asyncviz_engine::PlannedRequest], run: &load::Run) -> Value {
    let o = &run.outcomes;
    let ok = |st: Option<u16>| st.is_some_and(|c| (200..300).contains(&c));
    let completed = o.iter().filter(|x| ok(x.status)).count() as u64;
    let rejected = o.iter().filter(|x| x.status == Some(503)).count() as u64;
    let no_answer = o.iter().filter(|x| x.status.is_none()).count() as u64;
    let failed = o.len() as u64 - completed - rejected - no_answer;
    let latency = |x: &load::Outcome| x.end_us.map(|e| e.saturating_sub(x.at_us));
    let answered: Vec<&load::Outcome> = o.iter().filter(|x| ok(x.status)).collect();
    let last_ms = run.last_us as f64 / 1000.0;
    let mut work = [0u64; 3];
    for r in &plan[..o.len()] {
        for (k, d) in &r.steps {
            work[*k as usize] += d;
        }
    }
    let ms = |us: u64| us as f64 / 1000.0;
    let in_system_us: u64 = o.iter().filter_map(latency).sum();
    let report = Report {
        model: s.model.name(),
        seed: s.seed,
        requests: Requests { arrived: o.len() as u64, completed, rejected, failed, in_flight: no_answer },
        sim_time_ms: last_ms,
        events: 0,
        throughput_per_s: if last_ms > 0.0 { completed as f64 / last_ms * 1000.0 } else { 0.0 },
        latency_ms: summary(answered.iter().filter_map(|x| latency(x))),
        wait_ms: summary(answered.iter().filter_map(|x| Some(latency(x)?.saturating_sub(x.service_us?)))),
        job_latency_ms: matches!(s.model, Model::JobQueue(_))
            .then(|| summary(run.job_latencies_us.iter().copied())),
        utilization: Utilization {
            cores: if run.last_us > 0 {
                run.server_cpu_s * 1e6 / (run.last_us as f64 * s.cores as f64)
            } else {
                0.0
            },
            workers: 0.0,
        },
        max_queue_len: 0,
        work_ms: WorkMs { cpu: ms(work[0]), io: ms(work[1]), blocking_io: ms(work[2]) },
        name: s.name.clone(),
        mean_in_system: if run.last_us > 0 { in_system_us as f64 / run.last_us as f64 } else { 0.0 },
        jobs: matches!(s.model, Model::JobQueue(_)).then_some(Jobs {
            completed: run.job_latencies_us.len() as u64,
            dead_lettered: 0,
            retries: 0,
            in_flight: run.jobs_missing,
        }),
        faults: Default::default(),
    };
    let mut v = serde_json::to_value(&report).expect("report serialises");
    for key in ["events", "max_queue_len", "faults"] {
        v[key] = Value::Null;
    }
    v["utilization"]["workers"] = Value::Null;
    if v["jobs"].is_object() {
        v["jobs"]["dead_lettered"] = Value::Null;
        v["jobs"]["retries"] = Value::Null;
    }
    v
}

/// What ran, on what, and what the load generator itself took.
fn stack_info(s: &Scenario, name: &str, run: &load::Run, cores: u64, core_available: Option<f64>) -> Value {
    let errors: Vec<&str> = run.outcomes.iter().filter_map(|o| o.error.as_deref()).collect();
    let late = summary(run.outcomes.iter().map(|o| o.late_us));
    let share = |cpu: f64| if run.wall_s > 0.0 { cpu / (run.wall_s * cores as f64) } else { 0.0 };
    json!({
        "server": server_name(&s.model),
        "versions": name,
        "cores": cores,
        "core_available_before": core_available,
        "requests": run.outcomes.len(),
        "wall_s": run.wall_s,
        "server_cpu_share": share(run.server_cpu_s),
        "load_generator": {
            "cpu_share": share(run.own_cpu_s),
            "late_ms": {"p50": late.p50, "p99": late.p99, "max": late.max},
        },
        "client_errors": errors.len(),
        "first_client_error": errors.first(),
    })
}
