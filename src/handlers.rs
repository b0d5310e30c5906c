//! The request handler beside each simulation: the code a real server of that
//! model would run, generated from the scenario's own `workload.steps` (one
//! code line per step), and which line a request is at according to the
//! engine's snapshot. Pure (no DOM), tested natively; `components/handler.rs`
//! draws it.

use asyncviz_engine::{
    Flavor, LaneState, LaneView, Model, Place, QueueKind, ReqId, RequestView, Scenario, Sim, Snapshot,
    StepKind, Time, Transition,
};

/// Which framework the code is written for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stack {
    /// `thread_pool`: Tomcat + Spring MVC, blocking.
    SpringMvc,
    /// `executor`: Spring `@Async` on a ThreadPoolTaskExecutor.
    SpringAsync,
    /// `event_loop`, node flavour: Express.
    Express,
    /// `event_loop`, asyncio flavour: FastAPI.
    FastApi,
    /// `virtual_threads`: Spring Boot with virtual threads.
    VirtualThreads,
    /// `job_queue`: NestJS + BullMQ.
    NestBull,
}

/// What a code line stands for, so that a request's state maps to one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Not a place a request can be.
    Plain,
    /// The handler's entry (route annotation): where a request waits for its first turn.
    Entry,
    /// Step `k` of `workload.steps`.
    Step(u16),
    /// The response (or, in a job, the job's result) after the last step.
    Return,
    /// The job queue's front end: its CPU before the 202.
    Accept,
    /// The 202 Accepted.
    Accepted,
    /// The BullMQ `@Processor`: a job waits in the queue for a worker.
    Processor,
    /// `process()`: a job handed to a worker waits for its thread, or backs off before a retry.
    Process,
}

/// One line of code.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub text: String,
    pub role: Role,
}

/// A handler's code for one scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Code {
    pub stack: Stack,
    pub lines: Vec<Line>,
}

impl Code {
    /// The index of the line with `role`, if the code has one.
    pub fn line_of(&self, role: Role) -> Option<usize> {
        self.lines.iter().position(|l| l.role == role)
    }
}

/// The framework a scenario's model is written in.
pub fn stack_of(m: &Model) -> Stack {
    match m {
        Model::ThreadPool(_) => Stack::SpringMvc,
        Model::Executor(_) => Stack::SpringAsync,
        Model::EventLoop(e) if e.flavor == Flavor::Asyncio => Stack::FastApi,
        Model::EventLoop(_) => Stack::Express,
        Model::VirtualThreads(_) => Stack::VirtualThreads,
        Model::JobQueue(_) => Stack::NestBull,
    }
}

type Names = &'static [(&'static str, &'static str)];

const JAVA_CPU: Names = &[("score", "scoreOf(id)"), ("total", "priceOf(id)"), ("body", "render(id)")];
const JAVA_IO: Names = &[
    ("order", "orderRepository.findById(id)"),
    ("stock", "stockClient.fetch(id)"),
    ("user", "userRepository.findById(id)"),
];
const JAVA_BLOCKING: Names = &[("config", "Files.readString(CONFIG)"), ("pdf", "legacy.renderPdf(id)")];
const JS_CPU: Names = &[("score", "computeScore(id)"), ("total", "priceOf(id)"), ("body", "render(id)")];
const JS_OFFLOAD: Names = &[("score", "await workers.run({ id })")];
const JS_IO: Names = &[("user", "await db.findUser(id)"), ("rates", "await ratesApi.latest()")];
const JS_BLOCKING: Names =
    &[("config", "fs.readFileSync('config.json')"), ("pdf", "execSync(`render-pdf ${id}`)")];
const PY_CPU: Names = &[("score", "compute_score(id)"), ("total", "price_of(id)"), ("body", "render(id)")];
const PY_OFFLOAD: Names = &[("score", "await loop.run_in_executor(pool, compute_score, id)")];
const PY_IO: Names = &[("user", "await db.fetch_user(id)"), ("rates", "await rates_api.latest()")];
const PY_BLOCKING: Names =
    &[("rates", "requests.get(RATES_URL).json()"), ("config", "open('config.json').read()")];
const JOB_CPU: Names =
    &[("score", "computeScore(job.data)"), ("total", "priceOf(job.data)"), ("pdf", "render(job.data)")];
const JOB_IO: Names =
    &[("order", "await this.db.findOrder(job.data.id)"), ("mail", "await this.mailer.send(job.data)")];
const JOB_BLOCKING: Names = &[("file", "fs.readFileSync(job.data.path)")];

/// The code around the steps, per stack, one line each. A tag before `|` gives the
/// line's role: `E` entry, `S` where the steps go, `R` return, `A` the front end's
/// CPU, `2` the 202, `P` the processor, `p` process(); `{opts}` and `{conc}` are the
/// job options.
const SPRING_MVC: &str = "@RestController
public class OrderController {
    // Tomcat runs each request on one thread (http-nio-exec-N), start to end
E|    @GetMapping(\"/orders/{id}\")
    public Receipt get(@PathVariable long id) {
S|
R|        return new Receipt(id);
    }
}";
const SPRING_ASYNC: &str = "@GetMapping(\"/orders/{id}\")
public CompletableFuture<Receipt> get(@PathVariable long id) {
    return orderService.handle(id);  // answered when the future completes
}

@Service
public class OrderService {
E|    @Async  // runs on a ThreadPoolTaskExecutor thread (task-N)
    public CompletableFuture<Receipt> handle(long id) {
S|
R|        return CompletableFuture.completedFuture(new Receipt(id));
    }
}";
const VIRTUAL: &str = "# application.properties
spring.threads.virtual.enabled=true

@RestController
public class OrderController {
    // each request runs on its own virtual thread, mounted on a carrier
E|    @GetMapping(\"/orders/{id}\")
    public Receipt get(@PathVariable long id) {
S|
R|        return new Receipt(id);
    }
}";
const EXPRESS: &str = "const app = express();

E|app.get('/orders/:id', async (req, res) => {
  const { id } = req.params;
S|
R|  res.json({ id, ok: true });
});";
const FASTAPI: &str = "app = FastAPI()

E|@app.get(\"/orders/{id}\")
async def get_order(id: int):
S|
R|    return {\"id\": id, \"ok\": True}";
const NEST: &str = "@Controller('orders')
export class OrdersController {
  constructor(@InjectQueue('orders') private queue: Queue) {}

E|  @Post()
  @HttpCode(202)
  async create(@Body() order: OrderDto) {
A|    validate(order);  // the API's CPU before it answers
    await this.queue.add('order', order{opts});
2|    return { status: 'queued' };  // 202 Accepted
  }
}

P|@Processor('orders'{conc})
export class OrdersProcessor extends WorkerHost {
p|  async process(job: Job<OrderDto>) {
S|
R|    return { id: job.data.id };  // the job is done
  }
}";

/// How one step is written: (names, text before, text after, comment).
fn style(stack: Stack, kind: StepKind, offload: bool) -> (Names, &'static str, &'static str, &'static str) {
    use Stack::*;
    use StepKind::*;
    match (stack, kind) {
        (VirtualThreads, Cpu) => (JAVA_CPU, "", "", "CPU on the carrier"),
        (SpringMvc | SpringAsync, Cpu) => (JAVA_CPU, "", "", "CPU on this thread"),
        (VirtualThreads, Io) => (JAVA_IO, "", "", "blocks the virtual thread; the carrier is freed"),
        (SpringMvc | SpringAsync, Io) => (JAVA_IO, "", "", "blocking I/O: the thread waits"),
        (VirtualThreads, BlockingIo) => {
            (JAVA_BLOCKING, "synchronized (LOCK) { ", " }", "pinned: holds the carrier")
        }
        (SpringMvc | SpringAsync, BlockingIo) => (JAVA_BLOCKING, "", "", "blocking call: the thread waits"),
        (Express, Cpu) if offload => (JS_OFFLOAD, "", "", "CPU on a worker thread"),
        (Express, Cpu) => (JS_CPU, "", "", "CPU on the event loop"),
        (Express, Io) => (JS_IO, "", "", "suspended: the loop serves others"),
        (Express, BlockingIo) => (JS_BLOCKING, "", "", "synchronous: blocks the whole loop"),
        (FastApi, Cpu) if offload => (PY_OFFLOAD, "", "", "CPU on a worker thread"),
        (FastApi, Cpu) => (PY_CPU, "", "", "CPU on the event loop"),
        (FastApi, Io) => (PY_IO, "", "", "suspended: the loop serves others"),
        (FastApi, BlockingIo) => (PY_BLOCKING, "", "", "synchronous: blocks the whole loop"),
        (NestBull, Cpu) => (JOB_CPU, "", "", "CPU on this worker"),
        (NestBull, Io) => (JOB_IO, "", "", "suspended: frees the worker's thread"),
        (NestBull, BlockingIo) => (JOB_BLOCKING, "", "", "synchronous: blocks the worker"),
    }
}

/// The code lines of the steps, each with its role (plus a comment line before Promise.all / gather).
fn steps(out: &mut Vec<Line>, stack: Stack, kinds: &[StepKind], offload: bool) {
    let (indent, decl, end, cmt) = match stack {
        Stack::SpringMvc | Stack::SpringAsync | Stack::VirtualThreads => ("        ", "var ", ";", "  // "),
        Stack::Express => ("  ", "const ", ";", "  // "),
        Stack::FastApi => ("    ", "", "", "  # "),
        Stack::NestBull => ("    ", "const ", ";", "  // "),
    };
    let mut seen = [0usize; 3];
    for (k, kind) in kinds.iter().enumerate() {
        let i = *kind as usize;
        seen[i] += 1;
        let mut nth = seen[i] - 1;
        let role = Role::Step(k as u16);
        if *kind == StepKind::Io && matches!(stack, Stack::Express | Stack::FastApi) {
            // The first awaited step: two calls in flight together, still one step.
            if nth == 0 {
                let (c, text) = if stack == Stack::Express {
                    (
                        "  // ",
                        "  const [order, stock] = await Promise.all([db.findOrder(id), stockApi.get(id)]);",
                    )
                } else {
                    (
                        "    # ",
                        "    order, stock = await asyncio.gather(db.fetch_order(id), stock_api.get(id))",
                    )
                };
                let text_c =
                    [c, "both calls are in flight together: the step lasts as long as the slower one"]
                        .concat();
                out.push(Line { text: text_c, role: Role::Plain });
                out.push(Line { text: text.to_string(), role });
                continue;
            }
            nth -= 1;
        }
        let (names, pre, post, comment) = style(stack, *kind, offload);
        let (v, call) = names[nth % names.len()];
        let round = nth / names.len();
        let suffix = if round == 0 { String::new() } else { (round + 1).to_string() };
        let text = [indent, pre, decl, v, &suffix, " = ", call, end, post, cmt, comment].concat();
        out.push(Line { text, role });
    }
}

/// The handler for a scenario: its model's framework, one code line per step.
pub fn code(s: &Scenario) -> Code {
    let stack = stack_of(&s.model);
    let kinds: Vec<StepKind> = s.workload.steps.iter().map(|st| st.kind).collect();
    let offload = matches!(&s.model, Model::EventLoop(e) if e.offload_cpu);
    let template = match stack {
        Stack::SpringMvc => SPRING_MVC,
        Stack::SpringAsync => SPRING_ASYNC,
        Stack::VirtualThreads => VIRTUAL,
        Stack::Express => EXPRESS,
        Stack::FastApi => FASTAPI,
        Stack::NestBull => NEST,
    };
    let (opts, conc) = match &s.model {
        Model::JobQueue(j) if j.attempts > 1 || j.concurrency > 1 => (
            if j.attempts > 1 {
                format!(
                    ", {{ attempts: {}, backoff: {{ type: 'exponential', delay: {} }} }}",
                    j.attempts, j.backoff_ms
                )
            } else {
                String::new()
            },
            if j.concurrency > 1 { format!(", {{ concurrency: {} }}", j.concurrency) } else { String::new() },
        ),
        _ => (String::new(), String::new()),
    };
    let mut lines = Vec::new();
    for raw in template.lines() {
        let (tag, text) = match raw.split_once('|') {
            Some((t, rest)) if t.len() == 1 => (t, rest),
            _ => ("", raw),
        };
        let role = match tag {
            "S" => {
                steps(&mut lines, stack, &kinds, offload);
                continue;
            }
            "E" => Role::Entry,
            "R" => Role::Return,
            "A" => Role::Accept,
            "2" => Role::Accepted,
            "P" => Role::Processor,
            "p" => Role::Process,
            _ => Role::Plain,
        };
        let text = if text.contains('{') && stack == Stack::NestBull {
            text.replace("{opts}", &opts).replace("{conc}", &conc)
        } else {
            text.to_string()
        };
        lines.push(Line { text, role });
    }
    Code { stack, lines }
}

/// What a request is doing at its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting in a queue for its first turn (a thread, the loop, a carrier, the API).
    Queued,
    /// A job in the outbox table, waiting for the relay to publish it.
    Outbox,
    /// A job whose worker crashed, invisible until the visibility timeout.
    Redelivery,
    /// A job in the job queue, waiting for a worker.
    JobQueued,
    /// A job handed to a worker, waiting for the worker's thread.
    WorkerQueued,
    /// A CPU step waiting for a worker thread (offloaded from the loop).
    OffloadQueued,
    /// Its awaited I/O is done; it waits in the ready queue to resume at the line.
    Resumable,
    /// Computing on a core.
    Running,
    /// Has CPU to do and waits for a core.
    WaitingCore,
    /// Suspended on awaited I/O; no thread holds it.
    Awaiting,
    /// Blocking-style I/O: its thread waits with it (held, but using no core).
    IoHolding,
    /// A synchronous blocking call: its thread (loop, carrier, worker) is stuck.
    Blocked,
    /// A failed attempt backing off before a retry.
    Backoff,
}

/// Where a request is in the code.
#[derive(Clone, Debug, PartialEq)]
pub struct At {
    /// Index into `Code::lines`.
    pub line: Option<usize>,
    pub phase: Phase,
    /// The thread, loop, carrier or worker holding it, if any.
    pub lane: Option<LaneView>,
}

/// The line and phase of request `r` in `snap`, for `code` generated from the same scenario.
pub fn locate(code: &Code, r: &RequestView, snap: &Snapshot) -> At {
    let job = code.stack == Stack::NestBull;
    let next = |k: u16| if k >= r.steps { Role::Return } else { Role::Step(k) };
    let mut lane = None;
    let (role, phase) = match r.place {
        Place::RetryWait { .. } => (Role::Process, Phase::Backoff),
        Place::Outbox { .. } => (Role::Processor, Phase::Outbox),
        Place::Redelivery { .. } => (Role::Processor, Phase::Redelivery),
        Place::Awaiting { .. } => (Role::Step(r.step.saturating_sub(1)), Phase::Awaiting),
        Place::Queue { queue } => match snap.queues.get(queue as usize).map(|q| q.kind) {
            Some(QueueKind::Jobs) => (Role::Processor, Phase::JobQueued),
            Some(QueueKind::Offload) => (next(r.step), Phase::OffloadQueued),
            Some(QueueKind::WorkerReady) if r.step == 0 => (Role::Process, Phase::WorkerQueued),
            Some(QueueKind::WorkerReady) => (next(r.step), Phase::Resumable),
            Some(QueueKind::Ready) if (job && !r.responded) || r.step == 0 => (Role::Entry, Phase::Queued),
            Some(QueueKind::Ready) => (next(r.step), Phase::Resumable),
            _ => (Role::Entry, Phase::Queued),
        },
        Place::Lane { lane: id } => {
            lane = snap.lanes.iter().find(|l| l.id == id).cloned();
            let role = if job && !r.responded { Role::Accept } else { next(r.step) };
            let phase = match lane.as_ref().map(|l| l.state) {
                Some(LaneState::Ready) => Phase::WaitingCore,
                Some(LaneState::Io { .. }) => Phase::IoHolding,
                Some(LaneState::Blocked { .. }) => Phase::Blocked,
                _ => Phase::Running,
            };
            (role, phase)
        }
    };
    At { line: code.line_of(role), phase, lane }
}

/// Which request a side's code follows.
#[derive(Clone, Debug, PartialEq)]
pub enum Follow<'a> {
    /// In flight: drawn at its line.
    InFlight(&'a RequestView),
    /// Not arrived yet (request ids count arrivals from 1).
    NotArrived(ReqId),
    /// Arrived and no longer in flight: answered, rejected, or (a job) done or dead-lettered.
    Finished(ReqId),
    /// Following automatically and nothing is in flight.
    Nothing,
}

/// `selected`, or when `None` the oldest request still in flight.
pub fn follow(selected: Option<ReqId>, snap: &Snapshot) -> Follow<'_> {
    match selected {
        None => snap.requests.first().map_or(Follow::Nothing, Follow::InFlight),
        Some(id) => match snap.requests.iter().find(|r| r.id == id) {
            Some(r) => Follow::InFlight(r),
            None if u64::from(id) > snap.counters.arrived => Follow::NotArrived(id),
            None => Follow::Finished(id),
        },
    }
}

/// How a finished request ended, for its note.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Answered with `status` after `latency_us`.
    Responded {
        status: u16,
        latency_us: Time,
    },
    Rejected,
    /// A job done after `attempts` attempts, `latency_us` after its request arrived.
    JobDone {
        attempts: u32,
        latency_us: Time,
    },
    DeadLettered {
        attempts: u32,
    },
}

/// Replays `s` from the start (at most `max_events` events) to find how request `id` ended.
pub fn outcome(s: &Scenario, id: ReqId, max_events: u64) -> Option<Outcome> {
    let job = matches!(s.model, Model::JobQueue(_));
    let mut sim = Sim::new(s);
    for _ in 0..max_events {
        let e = sim.step()?;
        for t in &e.what {
            let found = match *t {
                Transition::Rejected { req, .. } if req == id => Some(Outcome::Rejected),
                Transition::Responded { req, status, latency_us } if req == id && !job => {
                    Some(Outcome::Responded { status, latency_us })
                }
                Transition::JobDone { req, attempts, latency_us } if req == id => {
                    Some(Outcome::JobDone { attempts, latency_us })
                }
                Transition::JobFailed { req, attempt, retry_in_us: None } if req == id => {
                    Some(Outcome::DeadLettered { attempts: attempt })
                }
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
    }
    None
}

/// Why the "Follow request" text is not a request number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BadNumber {
    /// Not a number at all.
    NotANumber,
    /// A number, but not a whole one of at least 1 that fits.
    OutOfRange,
}

/// The "Follow request" field: empty follows automatically; else a request number from 1
/// (a leading `#` is allowed).
pub fn parse_follow(text: &str) -> Result<Option<ReqId>, BadNumber> {
    let t = text.trim();
    let t = t.strip_prefix('#').unwrap_or(t).trim();
    if t.is_empty() {
        return if text.trim().is_empty() { Ok(None) } else { Err(BadNumber::NotANumber) };
    }
    match t.parse::<u64>() {
        Ok(n) if n >= 1 && n <= u64::from(ReqId::MAX) => Ok(Some(n as ReqId)),
        Ok(_) => Err(BadNumber::OutOfRange),
        Err(_) if t.parse::<f64>().is_ok_and(|x| x.is_finite()) => Err(BadNumber::OutOfRange),
        Err(_) => Err(BadNumber::NotANumber),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::Timeline;

    fn scenario(steps: &str, model: &str) -> Scenario {
        Scenario::from_json_str(&format!(
            r#"{{"duration_ms": 1000, "cores": 1, "workload": {{"arrivals": {{"at_ms": [0, 0]}}, "steps": {steps}}},
                "model": {model}}}"#
        ))
        .unwrap()
    }

    /// Steps `s` until `pred` holds for request 1; returns its line's text and phase.
    fn run_until(s: &Scenario, pred: impl Fn(&RequestView, &At) -> bool) -> (String, Phase) {
        let c = code(s);
        let mut t = Timeline::new(s);
        for _ in 0..10_000 {
            let snap = t.sim().snapshot();
            if let Some(r) = snap.requests.iter().find(|r| r.id == 1) {
                let at = locate(&c, r, &snap);
                if pred(r, &at) {
                    return (c.lines[at.line.expect("a line")].text.clone(), at.phase);
                }
            }
            t.step().expect("the state shows up before the run ends");
        }
        panic!("never reached");
    }

    const STEPS: &str = r#"[{"cpu_ms": 2}, {"io_ms": 10}, {"blocking_io_ms": 5}, {"cpu_ms": 1}]"#;

    #[test]
    fn one_code_line_per_step_in_every_stack() {
        for model in [
            r#"{"thread_pool": {"threads": 1}}"#,
            r#"{"executor": {"core": 1}}"#,
            r#"{"event_loop": {}}"#,
            r#"{"event_loop": {"flavor": "asyncio", "workers": 1, "offload_cpu": true}}"#,
            r#"{"virtual_threads": {}}"#,
            r#"{"job_queue": {"workers": 1}}"#,
        ] {
            let c = code(&scenario(STEPS, model));
            for k in 0..4u16 {
                assert_eq!(c.lines.iter().filter(|l| l.role == Role::Step(k)).count(), 1, "{model} step {k}");
            }
            assert!(c.line_of(Role::Step(4)).is_none());
            assert!(c.line_of(Role::Entry) < c.line_of(Role::Step(0)));
            assert!(c.line_of(Role::Step(3)) < c.line_of(Role::Return));
        }
    }

    #[test]
    fn express_and_fastapi_use_promise_all_and_gather_for_one_io_step() {
        let node = code(&scenario(STEPS, r#"{"event_loop": {}}"#));
        let io = &node.lines[node.line_of(Role::Step(1)).unwrap()].text;
        assert!(io.contains("await Promise.all(["), "{io}");
        assert!(node.lines[node.line_of(Role::Step(1)).unwrap() - 1].text.contains("slower one"));
        assert!(node.lines[node.line_of(Role::Step(2)).unwrap()].text.contains("readFileSync"));
        assert!(node.lines[node.line_of(Role::Step(0)).unwrap()].text.contains("computeScore"));
        let py = code(&scenario(STEPS, r#"{"event_loop": {"flavor": "asyncio"}}"#));
        assert!(py.lines[py.line_of(Role::Step(1)).unwrap()].text.contains("await asyncio.gather("));
        assert!(py.lines[py.line_of(Role::Step(2)).unwrap()].text.contains("blocks the whole loop"));
        let two = code(&scenario(r#"[{"io_ms": 1}, {"io_ms": 1}]"#, r#"{"event_loop": {}}"#));
        assert!(two.lines[two.line_of(Role::Step(1)).unwrap()].text.contains("await db.findUser(id)"));
    }

    #[test]
    fn thread_pool_queued_running_blocked_then_return() {
        let s = scenario(STEPS, r#"{"thread_pool": {"threads": 1}}"#);
        // Request 2 waits for the one thread: the annotation.
        let c = code(&s);
        let mut t = Timeline::new(&s);
        t.step();
        t.step();
        let snap = t.sim().snapshot();
        let r2 = snap.requests.iter().find(|r| r.id == 2).unwrap();
        let at = locate(&c, r2, &snap);
        assert_eq!(
            (c.lines[at.line.unwrap()].text.trim(), at.phase),
            ("@GetMapping(\"/orders/{id}\")", Phase::Queued)
        );
        let (line, phase) = run_until(&s, |r, _| r.current == Some(StepKind::Cpu));
        assert!(line.contains("scoreOf(id)") && phase == Phase::Running, "{line}");
        let (line, phase) = run_until(&s, |r, _| r.current == Some(StepKind::Io));
        assert!(line.contains("orderRepository.findById(id)"), "{line}");
        assert_eq!(phase, Phase::IoHolding, "the thread waits holding the request");
        let (line, phase) = run_until(&s, |r, _| r.current == Some(StepKind::BlockingIo));
        assert!(line.contains("Files.readString"), "{line}");
        assert_eq!(phase, Phase::Blocked);
    }

    /// Steps `s` until `pred` holds for any request; returns its line's text and phase.
    fn any_until(s: &Scenario, pred: impl Fn(&RequestView, &At) -> bool) -> (String, Phase) {
        let c = code(s);
        let mut t = Timeline::new(s);
        loop {
            let snap = t.sim().snapshot();
            for r in &snap.requests {
                let at = locate(&c, r, &snap);
                if pred(r, &at) {
                    return (c.lines[at.line.expect("a line")].text.clone(), at.phase);
                }
            }
            t.step().expect("the state shows up before the run ends");
        }
    }

    #[test]
    fn event_loop_awaits_on_the_await_line_holding_nothing_and_resumes_at_the_next() {
        let s = scenario(STEPS, r#"{"event_loop": {}}"#);
        let c = code(&s);
        let (line, phase) = run_until(&s, |_, at| at.phase == Phase::Awaiting);
        assert!(line.contains("await Promise.all("), "{line}");
        assert_eq!(phase, Phase::Awaiting);
        let (line, _) = run_until(&s, |_, at| at.phase == Phase::Blocked);
        assert!(line.contains("readFileSync"), "{line}");
        let (line, phase) =
            run_until(&s, |_, at| at.phase == Phase::Running && at.line > c.line_of(Role::Step(2)));
        assert!(line.contains("priceOf(id)"), "{line}");
        assert_eq!(phase, Phase::Running);
        // Request 2 waits for the loop at the route while request 1 computes.
        let mut t = Timeline::new(&s);
        t.step();
        t.step();
        let snap = t.sim().snapshot();
        let at = locate(&c, snap.requests.iter().find(|r| r.id == 2).unwrap(), &snap);
        assert_eq!((at.line, at.phase), (c.line_of(Role::Entry), Phase::Queued));
    }

    #[test]
    fn a_continuation_waits_on_the_next_line_and_after_the_last_step_on_the_return() {
        // Both requests' I/O ends together; the second continuation waits while the first computes.
        let s = scenario(r#"[{"io_ms": 5}, {"cpu_ms": 3}]"#, r#"{"event_loop": {}}"#);
        let (line, phase) = any_until(&s, |_, at| at.phase == Phase::Resumable);
        assert!(line.contains("computeScore"), "{line}");
        assert_eq!(phase, Phase::Resumable);
        let s = scenario(
            r#"[{"cpu_ms": 3}, {"io_ms": 5}, {"cpu_ms": 3}, {"io_ms": 1}]"#,
            r#"{"event_loop": {}}"#,
        );
        let (line, _) = any_until(&s, |r, at| at.phase == Phase::Resumable && r.step == r.steps);
        assert!(line.contains("res.json("), "{line}");
    }

    #[test]
    fn virtual_threads_unmount_on_io_and_pin_on_blocking_calls() {
        let s = scenario(STEPS, r#"{"virtual_threads": {"carriers": 1}}"#);
        let (line, phase) = run_until(&s, |_, at| at.phase == Phase::Awaiting);
        assert!(line.contains("carrier is freed"), "{line}");
        assert_eq!(phase, Phase::Awaiting);
        let (line, _) = run_until(&s, |_, at| at.phase == Phase::Blocked);
        assert!(line.contains("synchronized") && line.contains("pinned"), "{line}");
    }

    #[test]
    fn offloaded_cpu_waits_for_and_runs_on_a_worker_thread() {
        let s = scenario(r#"[{"cpu_ms": 4}]"#, r#"{"event_loop": {"workers": 1, "offload_cpu": true}}"#);
        let (line, phase) =
            run_until(&s, |_, at| at.lane.as_ref().is_some_and(|l| l.name().starts_with("worker")));
        assert!(line.contains("await workers.run("), "{line}");
        assert_eq!(phase, Phase::Running);
        let c = code(&s);
        let mut t = Timeline::new(&s);
        let mut queued = false;
        while t.step().is_some() {
            let snap = t.sim().snapshot();
            for r in &snap.requests {
                queued |= locate(&c, r, &snap)
                    == At { line: c.line_of(Role::Step(0)), phase: Phase::OffloadQueued, lane: None };
            }
        }
        assert!(queued, "request 2 waits for the one worker thread");
    }

    #[test]
    fn job_queue_accepts_with_202_then_the_processor_runs_the_steps_with_retries() {
        let s = Scenario::from_json_str(
            r#"{"duration_ms": 1000, "seed": 3, "workload": {"arrivals": {"at_ms": [0, 0]},
                 "steps": [{"cpu_ms": 2}, {"io_ms": 10}]},
                "model": {"job_queue": {"workers": 1, "attempts": 3, "backoff_ms": 50, "failure_rate": 0.9}}}"#,
        )
        .unwrap();
        let c = code(&s);
        assert!(c
            .lines
            .iter()
            .any(|l| l.text.contains("attempts: 3, backoff: { type: 'exponential', delay: 50 }")));
        let (line, phase) = run_until(&s, |r, _| !r.responded && matches!(r.place, Place::Lane { .. }));
        assert!(line.contains("validate(order)"), "the front end's CPU: {line}");
        assert_eq!(phase, Phase::Running);
        assert!(c.line_of(Role::Accept) < c.line_of(Role::Accepted));
        assert!(c.lines[c.line_of(Role::Accepted).unwrap()].text.contains("202"));
        let (line, _) = run_until(&s, |r, _| {
            r.responded
                && r.current == Some(StepKind::Cpu)
                && r.attempt == 1
                && matches!(r.place, Place::Lane { .. })
        });
        assert!(line.contains("computeScore(job.data)"), "{line}");
        let (line, phase) = run_until(&s, |_, at| at.phase == Phase::Backoff);
        assert!(line.contains("async process("), "{line}");
        assert_eq!(phase, Phase::Backoff);
        // Request 2's job waits in the queue for the busy worker: the @Processor line.
        let mut t = Timeline::new(&s);
        let mut in_queue = false;
        while t.step().is_some() {
            let snap = t.sim().snapshot();
            for r in &snap.requests {
                let at = locate(&c, r, &snap);
                if at.phase == Phase::JobQueued {
                    assert_eq!(at.line, c.line_of(Role::Processor));
                    in_queue = true;
                }
            }
        }
        assert!(in_queue);
        let end = outcome(&s, 1, 100_000).unwrap();
        assert!(matches!(end, Outcome::JobDone { .. } | Outcome::DeadLettered { attempts: 3 }), "{end:?}");
    }

    #[test]
    fn follow_picks_the_selection_or_the_oldest_in_flight() {
        let s = scenario(STEPS, r#"{"thread_pool": {"threads": 1}}"#);
        let mut t = Timeline::new(&s);
        assert_eq!(follow(None, &t.sim().snapshot()), Follow::Nothing);
        assert_eq!(follow(Some(1), &t.sim().snapshot()), Follow::NotArrived(1));
        t.step();
        t.step();
        let snap = t.sim().snapshot();
        assert!(matches!(follow(None, &snap), Follow::InFlight(r) if r.id == 1));
        assert!(matches!(follow(Some(2), &snap), Follow::InFlight(r) if r.id == 2));
        t.run();
        assert_eq!(follow(Some(2), &t.sim().snapshot()), Follow::Finished(2));
        assert_eq!(outcome(&s, 2, 1000), Some(Outcome::Responded { status: 200, latency_us: 36_000 }));
        let rejecting = scenario(STEPS, r#"{"thread_pool": {"threads": 1, "queue": 0}}"#);
        assert_eq!(outcome(&rejecting, 2, 1000), Some(Outcome::Rejected));
    }

    #[test]
    fn the_follow_field_takes_a_request_number_or_nothing() {
        assert_eq!(parse_follow(""), Ok(None));
        assert_eq!(parse_follow("  "), Ok(None));
        assert_eq!(parse_follow("7"), Ok(Some(7)));
        assert_eq!(parse_follow(" #12 "), Ok(Some(12)));
        assert_eq!(parse_follow("0"), Err(BadNumber::OutOfRange));
        assert_eq!(parse_follow("-3"), Err(BadNumber::OutOfRange));
        assert_eq!(parse_follow("2.5"), Err(BadNumber::OutOfRange));
        assert_eq!(parse_follow("99999999999"), Err(BadNumber::OutOfRange));
        assert_eq!(parse_follow("seven"), Err(BadNumber::NotANumber));
        assert_eq!(parse_follow("#"), Err(BadNumber::NotANumber));
    }
}
