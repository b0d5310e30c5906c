//! The public scenario format: what docs authors write and the CLI reads.
//!
//! Parsing works on a `serde_json::Value` tree (TOML is converted to the same
//! tree by the CLI) so that every error can name the exact field path, e.g.
//! `model.thread_pool.threads: must be at least 1`.

use crate::error::{ErrorKind, Got, ScenarioError};
use serde_json::{Map, Value};

/// Upper bounds that keep a scenario from exhausting memory or time.
pub mod limits {
    /// Most CPU cores on the simulated server.
    pub const MAX_CORES: u64 = 1024;
    /// Most threads, workers, carriers or slots in any model.
    pub const MAX_THREADS: u64 = 100_000;
    /// Longest `duration_ms`: about 11.5 simulated days.
    pub const MAX_DURATION_MS: f64 = 1.0e9;
    /// Longest single step or interval, in ms.
    pub const MAX_STEP_MS: f64 = 1.0e8;
    /// Most steps in a request.
    pub const MAX_STEPS: usize = 64;
    /// Most requests a scenario may generate.
    pub const MAX_REQUESTS: f64 = 50_000_000.0;
    /// Most entries in an explicit `at_ms` list.
    pub const MAX_AT_MS: usize = 100_000;
    /// Most entries in `workload.bursts`.
    pub const MAX_BURSTS: usize = 1000;
    /// Most job attempts.
    pub const MAX_ATTEMPTS: u64 = 100;
    /// Most times in each of `faults.crash_after_commit_at_ms` and `faults.worker_crash_at_ms`.
    pub const MAX_CRASHES: usize = 1000;
    /// Most keys in `workload.keys`.
    pub const MAX_KEYS: u64 = 1_000_000;
}

/// A whole scenario: workload, machine and one runtime model.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// Optional display name.
    pub name: Option<String>,
    /// Seed for every random stream (default 1).
    pub seed: u64,
    /// Arrivals stop at this simulated time (default 10000 ms); the run then
    /// drains what is in flight.
    pub duration_ms: f64,
    /// CPU cores of the server machine (default 4).
    pub cores: u32,
    /// Round-robin time slice of the OS scheduler (default 5 ms).
    pub quantum_ms: f64,
    /// Interval of the metrics time series; default `duration_ms / 200`, at least 1 ms.
    pub sample_ms: Option<f64>,
    /// What arrives and what each request does.
    pub workload: Workload,
    /// The runtime model that serves it.
    pub model: Model,
    /// Injected failures and crashes (default: none).
    pub faults: Faults,
}

/// What happens to a failing `io_ms` step (`faults.error_handling`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorHandling {
    /// The error reaches the response: 500, counted in `requests.failed`
    /// (in a job: the attempt fails and is retried or dead-lettered).
    #[default]
    Awaited,
    /// Started and never awaited: the client got its success, the error is
    /// lost (`faults.unobserved_errors`).
    FireAndForget,
    /// `event_loop` with flavor node only: the process dies, every request
    /// in flight fails, and the server restarts after `restart_ms`.
    UnhandledRejection,
}

impl ErrorHandling {
    /// The name in the scenario format.
    pub fn key(self) -> &'static str {
        match self {
            ErrorHandling::Awaited => "awaited",
            ErrorHandling::FireAndForget => "fire_and_forget",
            ErrorHandling::UnhandledRejection => "unhandled_rejection",
        }
    }
}

/// Injected failures and crashes (the `faults` object).
#[derive(Clone, Debug, PartialEq)]
pub struct Faults {
    /// Probability that an `io_ms` step fails (default 0). A request fails
    /// at most once: at its first failing `io_ms` step.
    pub step_failure_rate: f64,
    /// What a failing step does (default awaited).
    pub error_handling: ErrorHandling,
    /// How long the server is down after an unhandled rejection (default 1000 ms).
    pub restart_ms: f64,
    /// `job_queue`: the front end crashes after the first commit at or after each time.
    pub crash_after_commit_at_ms: Vec<f64>,
    /// `job_queue`: a busy worker dies mid-job at each time.
    pub worker_crash_at_ms: Vec<f64>,
}

impl Default for Faults {
    fn default() -> Self {
        Faults {
            step_failure_rate: 0.0,
            error_handling: ErrorHandling::Awaited,
            restart_ms: defaults::RESTART_MS,
            crash_after_commit_at_ms: Vec::new(),
            worker_crash_at_ms: Vec::new(),
        }
    }
}

/// Arrivals and request steps.
#[derive(Clone, Debug, PartialEq)]
pub struct Workload {
    /// How requests arrive.
    pub arrivals: Arrivals,
    /// Stop after this many requests (default: no limit).
    pub limit: Option<u64>,
    /// What every request does, in order.
    pub steps: Vec<Step>,
    /// `keys: K` gives request i (from 0) the key `i mod K` and the per-key
    /// sequence number `i div K`; order violations are counted per key.
    pub keys: Option<u32>,
    /// `bursts: [{"at_ms": T, "count": N}, ..]`: extra requests sent at once at T, on top of
    /// `arrivals` (the app's "Send a burst" records one per press); sorted by time, and not
    /// counted against `limit`, which bounds `arrivals` only.
    pub bursts: Vec<Burst>,
}

/// Extra requests sent all at once (`workload.bursts`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Burst {
    /// When, in ms from the start.
    pub at_ms: f64,
    /// How many requests.
    pub count: u64,
}

/// Arrival process.
#[derive(Clone, Debug, PartialEq)]
pub enum Arrivals {
    /// `{"poisson": {"rate_per_s": R}}`: exponential inter-arrival times.
    Poisson { rate_per_s: f64 },
    /// `{"constant": {"interval_ms": I}}`: one request every I ms from t = 0.
    Constant { interval_ms: f64 },
    /// `{"burst": {"count": N, "at_ms": T}}`: N requests at once at T.
    Burst { count: u64, at_ms: f64 },
    /// `{"at_ms": [..]}`: explicit arrival times (sorted by the engine).
    AtMs(Vec<f64>),
}

/// What a step of a request does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StepKind {
    /// `cpu_ms`: computation; needs a core.
    Cpu,
    /// `io_ms`: awaitable I/O (database query, HTTP call).
    Io,
    /// `blocking_io_ms`: a synchronous call that blocks its thread in every model.
    BlockingIo,
}

impl StepKind {
    /// The key used in the scenario format.
    pub fn key(self) -> &'static str {
        match self {
            StepKind::Cpu => "cpu_ms",
            StepKind::Io => "io_ms",
            StepKind::BlockingIo => "blocking_io_ms",
        }
    }
}

/// One step of a request.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    /// What it does.
    pub kind: StepKind,
    /// How long it takes.
    pub dur: Dist,
}

/// A duration distribution, in milliseconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Dist {
    /// A number: always this long.
    Fixed(f64),
    /// `{"exp": mean}`: exponential.
    Exp(f64),
    /// `{"uniform": [lo, hi]}`.
    Uniform(f64, f64),
}

impl Dist {
    /// The mean of the distribution, in ms.
    pub fn mean(&self) -> f64 {
        match *self {
            Dist::Fixed(v) | Dist::Exp(v) => v,
            Dist::Uniform(lo, hi) => (lo + hi) / 2.0,
        }
    }
    fn max(&self) -> f64 {
        match *self {
            Dist::Fixed(v) | Dist::Exp(v) => v,
            Dist::Uniform(_, hi) => hi,
        }
    }
}

/// Which event-loop runtime is meant (labels and narration).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Flavor {
    /// Node.js / Express.
    Node,
    /// Python asyncio / FastAPI.
    Asyncio,
}

/// What a full `executor` does with one more task.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rejection {
    /// `AbortPolicy`: the new task is rejected.
    Abort,
    /// `DiscardOldestPolicy`: the oldest queued task is dropped and the new one queued.
    DiscardOldest,
}

impl Rejection {
    /// The name in the scenario format.
    pub fn name(self) -> &'static str {
        match self {
            Rejection::Abort => "abort",
            Rejection::DiscardOldest => "discard_oldest",
        }
    }
}

/// Thread-per-request (Tomcat / Spring MVC).
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadPool {
    /// Worker threads (Tomcat `maxThreads`). Required.
    pub threads: u32,
    /// Accept-queue capacity (`acceptCount`); `None` = unbounded (default).
    pub queue: Option<u32>,
}

/// One event-loop thread (Node.js / asyncio).
#[derive(Clone, Debug, PartialEq)]
pub struct EventLoop {
    /// Node or asyncio (default node).
    pub flavor: Flavor,
    /// Most new requests waiting for their first turn on the loop; `None` = unbounded.
    pub queue: Option<u32>,
    /// Worker threads for offloaded CPU work (default 0).
    pub workers: u32,
    /// Run `cpu_ms` steps on the workers instead of the loop (default false).
    pub offload_cpu: bool,
}

/// Java's ThreadPoolExecutor (Spring `@Async` / `TaskExecutor`).
#[derive(Clone, Debug, PartialEq)]
pub struct Executor {
    /// `corePoolSize`. Required.
    pub core: u32,
    /// `maximumPoolSize` (default = core).
    pub max: u32,
    /// Queue capacity; `None` = unbounded `LinkedBlockingQueue` (default).
    pub queue: Option<u32>,
    /// Idle threads above `core` die after this long (default 60000 ms).
    pub keep_alive_ms: f64,
    /// Rejection policy (default abort).
    pub rejection: Rejection,
}

/// The seed's flow: 202 Accepted, a queue, and workers (NestJS / BullMQ).
#[derive(Clone, Debug, PartialEq)]
pub struct JobQueue {
    /// Worker processes, each with its own single thread and core. Required.
    pub workers: u32,
    /// Jobs one worker runs at once (default 1).
    pub concurrency: u32,
    /// CPU the front end spends before answering 202 (default 1 ms).
    pub accept_cpu_ms: Dist,
    /// Attempts before a job is dead-lettered (default 1).
    pub attempts: u32,
    /// Backoff base: retry n waits `backoff_ms * 2^(n-1)` (default 1000 ms).
    pub backoff_ms: f64,
    /// Probability that an attempt fails (default 0).
    pub failure_rate: f64,
    /// Jobs are written to an outbox table in the request's transaction and
    /// published by a relay `relay_ms` later (default false).
    pub outbox: bool,
    /// Delay of the outbox relay (default 5 ms).
    pub relay_ms: f64,
    /// A job that a crashed worker held is redelivered this long after the crash (default 30000 ms).
    pub visibility_timeout_ms: f64,
    /// Applying a job twice has no further effect (default false).
    pub idempotent: bool,
    /// One consumer per key: jobs with the same key never run at once and are applied in order (default false).
    pub partition_by_key: bool,
}

/// Java 21 virtual threads on a carrier pool.
#[derive(Clone, Debug, PartialEq)]
pub struct VirtualThreads {
    /// Carrier threads (default: `cores`).
    pub carriers: Option<u32>,
}

/// The runtime model.
#[derive(Clone, Debug, PartialEq)]
pub enum Model {
    ThreadPool(ThreadPool),
    EventLoop(EventLoop),
    Executor(Executor),
    JobQueue(JobQueue),
    VirtualThreads(VirtualThreads),
}

impl Model {
    /// The model's name in the scenario format.
    pub fn name(&self) -> &'static str {
        self.kind().name()
    }

    /// Which of the five models this is.
    pub fn kind(&self) -> ModelKind {
        match self {
            Model::ThreadPool(_) => ModelKind::ThreadPool,
            Model::EventLoop(_) => ModelKind::EventLoop,
            Model::Executor(_) => ModelKind::Executor,
            Model::JobQueue(_) => ModelKind::JobQueue,
            Model::VirtualThreads(_) => ModelKind::VirtualThreads,
        }
    }
}

/// The five runtime models, without their parameters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ModelKind {
    ThreadPool,
    EventLoop,
    Executor,
    JobQueue,
    VirtualThreads,
}

impl ModelKind {
    /// Every kind, in the order a picker lists them.
    pub const ALL: [ModelKind; 5] = [
        ModelKind::ThreadPool,
        ModelKind::EventLoop,
        ModelKind::Executor,
        ModelKind::JobQueue,
        ModelKind::VirtualThreads,
    ];

    /// The name in the scenario format (`thread_pool`, …).
    pub fn name(self) -> &'static str {
        match self {
            ModelKind::ThreadPool => "thread_pool",
            ModelKind::EventLoop => "event_loop",
            ModelKind::Executor => "executor",
            ModelKind::JobQueue => "job_queue",
            ModelKind::VirtualThreads => "virtual_threads",
        }
    }

    /// The kind named `name` in the scenario format; `None` for anything else.
    pub fn from_name(name: &str) -> Option<ModelKind> {
        ModelKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// The values a scenario gets for fields it leaves out. Readers of the format (an editor's
/// placeholders) take them from here rather than copying them.
pub mod defaults {
    pub const SEED: u64 = 1;
    pub const DURATION_MS: f64 = 10_000.0;
    pub const CORES: u64 = 4;
    pub const QUANTUM_MS: f64 = 5.0;
    /// `event_loop.workers`.
    pub const LOOP_WORKERS: u64 = 0;
    /// `executor.keep_alive_ms`.
    pub const KEEP_ALIVE_MS: f64 = 60_000.0;
    /// `executor.rejection`.
    pub const REJECTION: super::Rejection = super::Rejection::Abort;
    /// `job_queue.concurrency`.
    pub const CONCURRENCY: u64 = 1;
    /// `job_queue.accept_cpu_ms`.
    pub const ACCEPT_CPU_MS: f64 = 1.0;
    /// `job_queue.attempts`.
    pub const ATTEMPTS: u64 = 1;
    /// `job_queue.backoff_ms`.
    pub const BACKOFF_MS: f64 = 1000.0;
    /// `job_queue.failure_rate`.
    pub const FAILURE_RATE: f64 = 0.0;
    /// `job_queue.relay_ms`.
    pub const RELAY_MS: f64 = 5.0;
    /// `job_queue.visibility_timeout_ms`.
    pub const VISIBILITY_TIMEOUT_MS: f64 = 30_000.0;
    /// `faults.restart_ms`.
    pub const RESTART_MS: f64 = 1000.0;
}

type Res<T> = Result<T, ScenarioError>;

fn err<T>(path: &str, kind: ErrorKind) -> Res<T> {
    Err(ScenarioError::new(path, kind))
}

fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Reads the fields of one JSON object, remembering which were used so that
/// unknown (misspelt) fields are reported rather than silently ignored.
struct Fields<'a> {
    map: &'a Map<String, Value>,
    path: String,
    known: &'static [&'static str],
}

impl<'a> Fields<'a> {
    fn new(v: &'a Value, path: &str, known: &'static [&'static str]) -> Res<Self> {
        match v {
            Value::Object(map) => {
                for key in map.keys() {
                    if !known.contains(&key.as_str()) {
                        let short: String = key.chars().take(40).collect();
                        return err(&join(path, &short), ErrorKind::UnknownField { expected: known });
                    }
                }
                Ok(Fields { map, path: path.to_string(), known })
            }
            other => err(path, ErrorKind::NotAnObject { got: Got::of(other) }),
        }
    }

    fn path(&self, key: &str) -> String {
        debug_assert!(self.known.contains(&key));
        join(&self.path, key)
    }

    /// The value of `key`, treating JSON null as absent.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn number(&self, key: &str, default: Option<f64>) -> Res<f64> {
        match self.get(key) {
            None => default.map_or_else(|| err(&self.path(key), ErrorKind::Required), Ok),
            Some(v) => number(v, &self.path(key)),
        }
    }

    fn ms(&self, key: &str, default: Option<f64>) -> Res<f64> {
        let v = self.number(key, default)?;
        non_negative_ms(v, &self.path(key))
    }

    fn count(&self, key: &str, default: Option<u64>, min: u64, max: u64) -> Res<u64> {
        match self.get(key) {
            None => default.map_or_else(|| err(&self.path(key), ErrorKind::Required), Ok),
            Some(v) => count(v, &self.path(key), min, max),
        }
    }

    fn opt_count(&self, key: &str, min: u64, max: u64) -> Res<Option<u64>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => count(v, &self.path(key), min, max).map(Some),
        }
    }

    fn boolean(&self, key: &str, default: bool) -> Res<bool> {
        match self.get(key) {
            None => Ok(default),
            Some(Value::Bool(b)) => Ok(*b),
            Some(v) => err(&self.path(key), ErrorKind::NotABool { got: Got::of(v) }),
        }
    }
}

fn number(v: &Value, path: &str) -> Res<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(_) => err(path, ErrorKind::NotFinite),
        None => err(path, ErrorKind::NotANumber { got: Got::of(v) }),
    }
}

fn non_negative_ms(x: f64, path: &str) -> Res<f64> {
    if x < 0.0 {
        err(path, ErrorKind::Negative { got: x })
    } else if x > limits::MAX_STEP_MS {
        err(path, ErrorKind::TooLong { max_ms: limits::MAX_STEP_MS, got: x })
    } else {
        Ok(x)
    }
}

fn count(v: &Value, path: &str, min: u64, max: u64) -> Res<u64> {
    let x = number(v, path)?;
    if x.fract() != 0.0 {
        return err(path, ErrorKind::NotWhole { got: x });
    }
    if x < min as f64 {
        return err(path, ErrorKind::AtLeast { min: min as f64, got: x });
    }
    if x > max as f64 {
        return err(path, ErrorKind::AtMost { max: max as f64, got: x });
    }
    Ok(x as u64)
}

/// The single key of a one-key object like `{"poisson": {...}}`.
fn variant<'a>(v: &'a Value, path: &str, names: &'static [&'static str]) -> Res<(&'a str, &'a Value)> {
    let map = match v {
        Value::Object(m) => m,
        other => return err(path, ErrorKind::NotAVariant { expected: names, got: Got::of(other) }),
    };
    if map.len() != 1 {
        return err(path, ErrorKind::NotExactlyOne { expected: names, keys: map.len() });
    }
    let (k, inner) = map.iter().next().expect("one key");
    if !names.contains(&k.as_str()) {
        let short: String = k.chars().take(40).collect();
        return err(&join(path, &short), ErrorKind::UnknownKind { expected: names });
    }
    Ok((k.as_str(), inner))
}

fn dist(v: &Value, path: &str) -> Res<Dist> {
    if v.is_number() {
        return Ok(Dist::Fixed(non_negative_ms(number(v, path)?, path)?));
    }
    if !v.is_object() {
        return err(path, ErrorKind::NotADuration { got: Got::of(v) });
    }
    let (kind, inner) = variant(v, path, &["exp", "uniform"])?;
    let p = join(path, kind);
    match kind {
        "exp" => Ok(Dist::Exp(non_negative_ms(number(inner, &p)?, &p)?)),
        _ => {
            let arr = match inner {
                Value::Array(a) if a.len() == 2 => a,
                other => return err(&p, ErrorKind::NotAPair { got: Got::of(other) }),
            };
            let lo = non_negative_ms(number(&arr[0], &format!("{p}[0]"))?, &format!("{p}[0]"))?;
            let hi = non_negative_ms(number(&arr[1], &format!("{p}[1]"))?, &format!("{p}[1]"))?;
            if hi < lo {
                return err(&p, ErrorKind::HiBelowLo { lo, hi });
            }
            Ok(Dist::Uniform(lo, hi))
        }
    }
}

fn step(v: &Value, path: &str) -> Res<Step> {
    let (key, inner) = variant(v, path, &["cpu_ms", "io_ms", "blocking_io_ms"])?;
    let kind = match key {
        "cpu_ms" => StepKind::Cpu,
        "io_ms" => StepKind::Io,
        _ => StepKind::BlockingIo,
    };
    Ok(Step { kind, dur: dist(inner, &join(path, key))? })
}

/// `workload.bursts`: a list of `{"at_ms": T, "count": N}`, each inside the run; sorted by
/// time (stable, so equal times keep their order).
fn bursts(v: &Value, path: &str, duration_ms: f64) -> Res<Vec<Burst>> {
    let list = match v {
        Value::Array(a) => a,
        other => return err(path, ErrorKind::NotABurstList { got: Got::of(other) }),
    };
    if list.len() > limits::MAX_BURSTS {
        return err(path, ErrorKind::TooMany { what: "bursts", max: limits::MAX_BURSTS, got: list.len() });
    }
    let mut out = Vec::with_capacity(list.len());
    for (i, b) in list.iter().enumerate() {
        let p = format!("{path}[{i}]");
        let f = Fields::new(b, &p, &["at_ms", "count"])?;
        let count = f.count("count", None, 1, limits::MAX_REQUESTS as u64)?;
        let at_ms = f.number("at_ms", None)?;
        if at_ms < 0.0 {
            return err(&f.path("at_ms"), ErrorKind::Negative { got: at_ms });
        }
        if at_ms >= duration_ms {
            return err(&f.path("at_ms"), ErrorKind::NotBeforeEnd { t: at_ms, duration_ms });
        }
        out.push(Burst { at_ms, count });
    }
    out.sort_by(|a, b| a.at_ms.total_cmp(&b.at_ms));
    Ok(out)
}

fn arrivals(v: &Value, path: &str) -> Res<Arrivals> {
    let (kind, inner) = variant(v, path, &["poisson", "constant", "burst", "at_ms"])?;
    let p = join(path, kind);
    match kind {
        "poisson" => {
            let f = Fields::new(inner, &p, &["rate_per_s"])?;
            let rate = f.number("rate_per_s", None)?;
            if rate <= 0.0 {
                return err(&f.path("rate_per_s"), ErrorKind::Above { min: 0.0, got: rate });
            }
            if rate > 1.0e7 {
                return err(&f.path("rate_per_s"), ErrorKind::AtMost { max: 1.0e7, got: rate });
            }
            Ok(Arrivals::Poisson { rate_per_s: rate })
        }
        "constant" => {
            let f = Fields::new(inner, &p, &["interval_ms"])?;
            let i = f.ms("interval_ms", None)?;
            if i < 0.001 {
                return err(&f.path("interval_ms"), ErrorKind::AtLeast { min: 0.001, got: i });
            }
            Ok(Arrivals::Constant { interval_ms: i })
        }
        "burst" => {
            let f = Fields::new(inner, &p, &["count", "at_ms"])?;
            Ok(Arrivals::Burst {
                count: f.count("count", None, 1, limits::MAX_REQUESTS as u64)?,
                at_ms: f.number("at_ms", Some(0.0)).and_then(|x| {
                    if x < 0.0 {
                        err(&f.path("at_ms"), ErrorKind::Negative { got: x })
                    } else {
                        Ok(x)
                    }
                })?,
            })
        }
        _ => {
            let arr = match inner {
                Value::Array(a) => a,
                other => return err(&p, ErrorKind::NotATimeList { got: Got::of(other) }),
            };
            if arr.len() > limits::MAX_AT_MS {
                return err(&p, ErrorKind::TooMany { what: "times", max: limits::MAX_AT_MS, got: arr.len() });
            }
            let mut out = Vec::with_capacity(arr.len());
            for (i, x) in arr.iter().enumerate() {
                let ip = format!("{p}[{i}]");
                let t = number(x, &ip)?;
                if t < 0.0 {
                    return err(&ip, ErrorKind::Negative { got: t });
                }
                out.push(t);
            }
            Ok(Arrivals::AtMs(out))
        }
    }
}

fn model(v: &Value, path: &str, cores: u32) -> Res<Model> {
    const NAMES: &[&str] = &["thread_pool", "event_loop", "executor", "job_queue", "virtual_threads"];
    let (kind, inner) = variant(v, path, NAMES)?;
    let p = join(path, kind);
    let max = limits::MAX_THREADS;
    Ok(match kind {
        "thread_pool" => {
            let f = Fields::new(inner, &p, &["threads", "queue"])?;
            Model::ThreadPool(ThreadPool {
                threads: f.count("threads", None, 1, max)? as u32,
                queue: f.opt_count("queue", 0, u32::MAX as u64)?.map(|q| q as u32),
            })
        }
        "event_loop" => {
            let f = Fields::new(inner, &p, &["flavor", "queue", "workers", "offload_cpu"])?;
            let flavor = match f.get("flavor") {
                None => Flavor::Node,
                Some(Value::String(s)) if s == "node" => Flavor::Node,
                Some(Value::String(s)) if s == "asyncio" => Flavor::Asyncio,
                Some(other) => {
                    return err(
                        &f.path("flavor"),
                        ErrorKind::NotAChoice { choices: &["node", "asyncio"], got: Got::of(other) },
                    )
                }
            };
            let workers = f.count("workers", Some(defaults::LOOP_WORKERS), 0, max)? as u32;
            let offload_cpu = f.boolean("offload_cpu", false)?;
            if offload_cpu && workers == 0 {
                return err(&f.path("workers"), ErrorKind::OffloadNeedsWorkers);
            }
            Model::EventLoop(EventLoop {
                flavor,
                queue: f.opt_count("queue", 0, u32::MAX as u64)?.map(|q| q as u32),
                workers,
                offload_cpu,
            })
        }
        "executor" => {
            let f = Fields::new(inner, &p, &["core", "max", "queue", "keep_alive_ms", "rejection"])?;
            let core = f.count("core", None, 1, max)? as u32;
            let mx = f.count("max", Some(core as u64), 1, max)? as u32;
            if mx < core {
                return err(&f.path("max"), ErrorKind::BelowCore { core, got: mx });
            }
            let rejection = match f.get("rejection") {
                None => defaults::REJECTION,
                Some(Value::String(s)) if s == "abort" => Rejection::Abort,
                Some(Value::String(s)) if s == "discard_oldest" => Rejection::DiscardOldest,
                Some(other) => {
                    return err(
                        &f.path("rejection"),
                        ErrorKind::NotAChoice { choices: &["abort", "discard_oldest"], got: Got::of(other) },
                    )
                }
            };
            Model::Executor(Executor {
                core,
                max: mx,
                queue: f.opt_count("queue", 0, u32::MAX as u64)?.map(|q| q as u32),
                keep_alive_ms: f.ms("keep_alive_ms", Some(defaults::KEEP_ALIVE_MS))?,
                rejection,
            })
        }
        "job_queue" => {
            let f = Fields::new(
                inner,
                &p,
                &[
                    "workers",
                    "concurrency",
                    "accept_cpu_ms",
                    "attempts",
                    "backoff_ms",
                    "failure_rate",
                    "outbox",
                    "relay_ms",
                    "visibility_timeout_ms",
                    "idempotent",
                    "partition_by_key",
                ],
            )?;
            let rate = f.number("failure_rate", Some(defaults::FAILURE_RATE))?;
            if !(0.0..=1.0).contains(&rate) {
                return err(&f.path("failure_rate"), ErrorKind::Between { min: 0.0, max: 1.0, got: rate });
            }
            let workers = f.count("workers", None, 1, max)? as u32;
            let concurrency = f.count("concurrency", Some(defaults::CONCURRENCY), 1, max)? as u32;
            if workers as u64 * concurrency as u64 > max {
                return err(&f.path("concurrency"), ErrorKind::TooManyJobSlots { max });
            }
            Model::JobQueue(JobQueue {
                workers,
                concurrency,
                accept_cpu_ms: match f.get("accept_cpu_ms") {
                    None => Dist::Fixed(defaults::ACCEPT_CPU_MS),
                    Some(v) => dist(v, &f.path("accept_cpu_ms"))?,
                },
                attempts: f.count("attempts", Some(defaults::ATTEMPTS), 1, limits::MAX_ATTEMPTS)? as u32,
                backoff_ms: f.ms("backoff_ms", Some(defaults::BACKOFF_MS))?,
                failure_rate: rate,
                outbox: f.boolean("outbox", false)?,
                relay_ms: f.ms("relay_ms", Some(defaults::RELAY_MS))?,
                visibility_timeout_ms: f
                    .ms("visibility_timeout_ms", Some(defaults::VISIBILITY_TIMEOUT_MS))?,
                idempotent: f.boolean("idempotent", false)?,
                partition_by_key: f.boolean("partition_by_key", false)?,
            })
        }
        _ => {
            let f = Fields::new(inner, &p, &["carriers"])?;
            Model::VirtualThreads(VirtualThreads {
                carriers: f.opt_count("carriers", 1, cores.max(1) as u64 * 256)?.map(|c| c as u32),
            })
        }
    })
}

fn times(f: &Fields, key: &str) -> Res<Vec<f64>> {
    let p = f.path(key);
    let arr = match f.get(key) {
        None => return Ok(Vec::new()),
        Some(Value::Array(a)) => a,
        Some(other) => return err(&p, ErrorKind::NotATimeList { got: Got::of(other) }),
    };
    if arr.len() > limits::MAX_CRASHES {
        return err(&p, ErrorKind::TooMany { what: "times", max: limits::MAX_CRASHES, got: arr.len() });
    }
    let mut out = Vec::with_capacity(arr.len());
    for (i, x) in arr.iter().enumerate() {
        let ip = format!("{p}[{i}]");
        let t = number(x, &ip)?;
        if !(0.0..=limits::MAX_DURATION_MS).contains(&t) {
            return err(&ip, ErrorKind::Between { min: 0.0, max: limits::MAX_DURATION_MS, got: t });
        }
        out.push(t);
    }
    Ok(out)
}

fn faults(v: &Value, model: &Model) -> Res<Faults> {
    let f = Fields::new(
        v,
        "faults",
        &[
            "step_failure_rate",
            "error_handling",
            "restart_ms",
            "crash_after_commit_at_ms",
            "worker_crash_at_ms",
        ],
    )?;
    let rate = f.number("step_failure_rate", Some(0.0))?;
    if !(0.0..=1.0).contains(&rate) {
        return err(&f.path("step_failure_rate"), ErrorKind::Between { min: 0.0, max: 1.0, got: rate });
    }
    let error_handling = match f.get("error_handling") {
        None => ErrorHandling::Awaited,
        Some(Value::String(s)) if s == "awaited" => ErrorHandling::Awaited,
        Some(Value::String(s)) if s == "fire_and_forget" => ErrorHandling::FireAndForget,
        Some(Value::String(s)) if s == "unhandled_rejection" => ErrorHandling::UnhandledRejection,
        Some(other) => {
            return err(
                &f.path("error_handling"),
                ErrorKind::NotAChoice {
                    choices: &["awaited", "fire_and_forget", "unhandled_rejection"],
                    got: Got::of(other),
                },
            )
        }
    };
    if error_handling == ErrorHandling::UnhandledRejection
        && !matches!(model, Model::EventLoop(EventLoop { flavor: Flavor::Node, .. }))
    {
        return err(&f.path("error_handling"), ErrorKind::UnhandledRejectionNeedsNode);
    }
    let restart_ms = f.ms("restart_ms", Some(defaults::RESTART_MS))?;
    let crash_after_commit_at_ms = times(&f, "crash_after_commit_at_ms")?;
    let worker_crash_at_ms = times(&f, "worker_crash_at_ms")?;
    if !matches!(model, Model::JobQueue(_)) {
        for (key, list) in [
            ("crash_after_commit_at_ms", &crash_after_commit_at_ms),
            ("worker_crash_at_ms", &worker_crash_at_ms),
        ] {
            if !list.is_empty() {
                return err(&f.path(key), ErrorKind::NeedsJobQueue);
            }
        }
    }
    Ok(Faults {
        step_failure_rate: rate,
        error_handling,
        restart_ms,
        crash_after_commit_at_ms,
        worker_crash_at_ms,
    })
}

impl Scenario {
    /// Parses and validates a scenario from JSON text (see [`Scenario::from_value`]).
    pub fn from_json_str(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::from_json_str_with_budget(text, crate::WORK_BUDGET)
    }

    /// [`Scenario::from_json_str`] with another work budget (see
    /// [`Scenario::from_value_with_budget`]).
    pub fn from_json_str_with_budget(text: &str, budget: u64) -> Result<Scenario, ScenarioError> {
        if text.len() > 8 << 20 {
            return err("", ErrorKind::TooLarge);
        }
        let v: Value = serde_json::from_str(text)
            .map_err(|e| ScenarioError::new("", ErrorKind::InvalidJson(e.to_string())))?;
        Scenario::from_value_with_budget(&v, budget)
    }

    /// Parses and validates a scenario from a JSON value tree, including the
    /// work budget: a scenario whose [`Scenario::work_estimate`] exceeds
    /// [`WORK_BUDGET`](crate::WORK_BUDGET) is refused with a message that
    /// names what to lower.
    pub fn from_value(v: &Value) -> Result<Scenario, ScenarioError> {
        Scenario::from_value_with_budget(v, crate::WORK_BUDGET)
    }

    /// [`Scenario::from_value`] with another work budget: for trusted,
    /// deliberately long runs (statistical tests, `asyncviz run --budget`),
    /// never for untrusted input. `u64::MAX` turns the budget off; every
    /// other check still applies.
    pub fn from_value_with_budget(v: &Value, budget: u64) -> Result<Scenario, ScenarioError> {
        let s = Scenario::parse(v)?;
        match s.work_estimate().refusal(budget) {
            Some(e) => Err(e),
            None => Ok(s),
        }
    }

    fn parse(v: &Value) -> Result<Scenario, ScenarioError> {
        let f = Fields::new(
            v,
            "",
            &[
                "name",
                "seed",
                "duration_ms",
                "cores",
                "quantum_ms",
                "sample_ms",
                "workload",
                "model",
                "faults",
            ],
        )?;
        let name = match f.get("name") {
            None => None,
            Some(Value::String(s)) if s.chars().count() <= 200 => Some(s.clone()),
            Some(Value::String(_)) => return err("name", ErrorKind::NameTooLong { max: 200 }),
            Some(other) => return err("name", ErrorKind::NotAString { got: Got::of(other) }),
        };
        let seed = f.count("seed", Some(defaults::SEED), 0, (1u64 << 53) - 1)?;
        let duration_ms = f.number("duration_ms", Some(defaults::DURATION_MS))?;
        if !(0.0..=limits::MAX_DURATION_MS).contains(&duration_ms) {
            return err(
                "duration_ms",
                ErrorKind::Between { min: 0.0, max: limits::MAX_DURATION_MS, got: duration_ms },
            );
        }
        let cores = f.count("cores", Some(defaults::CORES), 1, limits::MAX_CORES)? as u32;
        let quantum_ms = f.number("quantum_ms", Some(defaults::QUANTUM_MS))?;
        if !(0.01..=10_000.0).contains(&quantum_ms) {
            return err("quantum_ms", ErrorKind::Between { min: 0.01, max: 10_000.0, got: quantum_ms });
        }
        let sample_ms = match f.get("sample_ms") {
            None => None,
            Some(v) => {
                let s = number(v, "sample_ms")?;
                if !(1.0..=limits::MAX_DURATION_MS).contains(&s) {
                    return err(
                        "sample_ms",
                        ErrorKind::Between { min: 1.0, max: limits::MAX_DURATION_MS, got: s },
                    );
                }
                Some(s)
            }
        };

        let wv = f.get("workload").ok_or_else(|| ScenarioError::new("workload", ErrorKind::Required))?;
        let w = Fields::new(wv, "workload", &["arrivals", "limit", "steps", "keys", "bursts"])?;
        let keys = w.opt_count("keys", 1, limits::MAX_KEYS)?.map(|k| k as u32);
        let arr = arrivals(
            w.get("arrivals").ok_or_else(|| ScenarioError::new("workload.arrivals", ErrorKind::Required))?,
            "workload.arrivals",
        )?;
        let limit = w.opt_count("limit", 0, limits::MAX_REQUESTS as u64)?;
        let steps_v = match w.get("steps") {
            Some(Value::Array(a)) => a,
            Some(other) => return err("workload.steps", ErrorKind::NotAStepList { got: Got::of(other) }),
            None => return err("workload.steps", ErrorKind::Required),
        };
        if steps_v.is_empty() {
            return err("workload.steps", ErrorKind::NoSteps);
        }
        if steps_v.len() > limits::MAX_STEPS {
            return err(
                "workload.steps",
                ErrorKind::TooMany { what: "steps", max: limits::MAX_STEPS, got: steps_v.len() },
            );
        }
        let mut steps = Vec::with_capacity(steps_v.len());
        for (i, s) in steps_v.iter().enumerate() {
            steps.push(step(s, &format!("workload.steps[{i}]"))?);
        }

        // Arrival times must fall inside the run, and the run must stay a
        // size a browser tab can hold.
        let expected = match &arr {
            Arrivals::Poisson { rate_per_s } => rate_per_s * duration_ms / 1000.0,
            Arrivals::Constant { interval_ms } => duration_ms / interval_ms,
            Arrivals::Burst { count, at_ms } => {
                if *at_ms >= duration_ms {
                    return err(
                        "workload.arrivals.burst.at_ms",
                        ErrorKind::NotBeforeEnd { t: *at_ms, duration_ms },
                    );
                }
                *count as f64
            }
            Arrivals::AtMs(times) => {
                if let Some((i, t)) = times.iter().enumerate().find(|(_, t)| **t >= duration_ms) {
                    return err(
                        &format!("workload.arrivals.at_ms[{i}]"),
                        ErrorKind::NotBeforeEnd { t: *t, duration_ms },
                    );
                }
                times.len() as f64
            }
        };
        let expected = limit.map_or(expected, |l| expected.min(l as f64));
        let bursts = match w.get("bursts") {
            None | Some(Value::Null) => Vec::new(),
            Some(v) => bursts(v, "workload.bursts", duration_ms)?,
        };
        let expected = expected + bursts.iter().map(|b| b.count as f64).sum::<f64>();
        if expected > limits::MAX_REQUESTS {
            return err("workload", ErrorKind::TooManyRequests { expected, max: limits::MAX_REQUESTS });
        }
        let longest: f64 = steps.iter().map(|s| s.dur.max()).sum();
        if longest > limits::MAX_DURATION_MS {
            return err("workload.steps", ErrorKind::StepsTooLong);
        }

        let mv = f.get("model").ok_or_else(|| ScenarioError::new("model", ErrorKind::Required))?;
        let model = model(mv, "model", cores)?;
        if let Model::JobQueue(j) = &model {
            if j.partition_by_key && keys.is_none() {
                return err("model.job_queue.partition_by_key", ErrorKind::PartitionNeedsKeys);
            }
        }
        let faults = match f.get("faults") {
            None => Faults::default(),
            Some(v) => faults(v, &model)?,
        };
        Ok(Scenario {
            name,
            seed,
            duration_ms,
            cores,
            quantum_ms,
            sample_ms,
            workload: Workload { arrivals: arr, limit, steps, keys, bursts },
            model,
            faults,
        })
    }

    /// The scenario as a JSON value in the public format; `from_value` reads it back unchanged.
    pub fn to_value(&self) -> Value {
        use serde_json::json;
        fn d(x: &Dist) -> Value {
            match *x {
                Dist::Fixed(v) => json!(v),
                Dist::Exp(m) => json!({ "exp": m }),
                Dist::Uniform(lo, hi) => json!({ "uniform": [lo, hi] }),
            }
        }
        let arrivals = match &self.workload.arrivals {
            Arrivals::Poisson { rate_per_s } => json!({"poisson": {"rate_per_s": rate_per_s}}),
            Arrivals::Constant { interval_ms } => json!({"constant": {"interval_ms": interval_ms}}),
            Arrivals::Burst { count, at_ms } => json!({"burst": {"count": count, "at_ms": at_ms}}),
            Arrivals::AtMs(t) => json!({ "at_ms": t }),
        };
        let steps: Vec<Value> = self
            .workload
            .steps
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert(s.kind.key().into(), d(&s.dur));
                Value::Object(m)
            })
            .collect();
        let model = match &self.model {
            Model::ThreadPool(p) => {
                json!({"thread_pool": {"threads": p.threads, "queue": p.queue}})
            }
            Model::EventLoop(e) => json!({"event_loop": {
                "flavor": e.flavor, "queue": e.queue, "workers": e.workers, "offload_cpu": e.offload_cpu}}),
            Model::Executor(e) => json!({"executor": {
                "core": e.core, "max": e.max, "queue": e.queue,
                "keep_alive_ms": e.keep_alive_ms, "rejection": e.rejection}}),
            Model::JobQueue(j) => json!({"job_queue": {
                "workers": j.workers, "concurrency": j.concurrency, "accept_cpu_ms": d(&j.accept_cpu_ms),
                "attempts": j.attempts, "backoff_ms": j.backoff_ms, "failure_rate": j.failure_rate,
                "outbox": j.outbox, "relay_ms": j.relay_ms, "visibility_timeout_ms": j.visibility_timeout_ms,
                "idempotent": j.idempotent, "partition_by_key": j.partition_by_key}}),
            Model::VirtualThreads(v) => json!({"virtual_threads": {"carriers": v.carriers}}),
        };
        let mut workload = json!({"arrivals": arrivals, "limit": self.workload.limit, "steps": steps});
        if let Some(k) = self.workload.keys {
            workload["keys"] = json!(k);
        }
        if !self.workload.bursts.is_empty() {
            workload["bursts"] =
                self.workload.bursts.iter().map(|b| json!({"at_ms": b.at_ms, "count": b.count})).collect();
        }
        let mut out = json!({
            "name": self.name, "seed": self.seed, "duration_ms": self.duration_ms,
            "cores": self.cores, "quantum_ms": self.quantum_ms, "sample_ms": self.sample_ms,
            "workload": workload,
            "model": model,
        });
        // Only when set, so that scenarios without faults read as before.
        if self.faults != Faults::default() {
            let f = &self.faults;
            out["faults"] = json!({
                "step_failure_rate": f.step_failure_rate, "error_handling": f.error_handling.key(),
                "restart_ms": f.restart_ms, "crash_after_commit_at_ms": f.crash_after_commit_at_ms,
                "worker_crash_at_ms": f.worker_crash_at_ms,
            });
        }
        out
    }
}
