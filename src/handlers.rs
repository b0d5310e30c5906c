//! The request handler beside each simulation: the code a real server of that
//! model would run, generated from the scenario's own `workload.steps` (one
//! code line per step) and written where its faults and job options make it
//! differ (how a failing call is handled, the outbox, idempotency, the
//! partition key), and which line a request is at according to the
//! engine's snapshot. Pure (no DOM), tested natively; `components/handler.rs`
//! draws it.

use crate::i18n::{tr, tr_text, trf, Lang};
use asyncviz_engine::{
    ErrorHandling, Flavor, LaneState, LaneView, Model, Place, QueueKind, ReqId, RequestView, Scenario,
    Snapshot, Span, SpanKind, StepKind, Time,
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
    /// The outbox relay: a job committed in the outbox table waits for it to be published.
    Relay,
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

/// When `io_ms` steps can fail: the call each step waits for (without `await`; Java's
/// are `JAVA_IO`)...
const FAIL_JS_IO: Names =
    &[("order", "db.findOrder(id)"), ("user", "db.findUser(id)"), ("rates", "ratesApi.latest()")];
const FAIL_PY_IO: Names =
    &[("order", "db.fetch_order(id)"), ("user", "db.fetch_user(id)"), ("rates", "rates_api.latest()")];
const FAIL_JOB_IO: Names = &[("order", "this.db.findOrder(id)"), ("mail", "this.mailer.send(job.data)")];
/// ... and the call that runs alongside it, which is the one whose failure the
/// fault handling decides (awaited with it, or fired and forgotten).
const SIDE_JAVA: Names = &[
    ("audit", "auditService.record(id)"),
    ("event", "eventService.publish(id)"),
    ("refresh", "cacheService.refresh(id)"),
];
const SIDE_JS: Names =
    &[("audit", "db.audit(id)"), ("event", "events.publish(id)"), ("refresh", "cache.refresh(id)")];
const SIDE_JOB: Names = &[
    ("audit", "this.db.audit(id)"),
    ("event", "this.events.publish(id)"),
    ("refresh", "this.cache.refresh(id)"),
];

/// Lines longer than this are split (a narrow code panel).
const WIDTH: usize = 90;

/// One piece of a handler's template: a line as written (with the role a request can be at
/// it), or a place where generated lines go. `{ctor}`, `{job}` and `{conc}` in NestJS's lines
/// are the job options.
#[derive(Clone, Copy, Debug)]
enum Piece {
    /// A line no request stops at.
    Plain(&'static str),
    /// A line with a role (entry, return, the front end's CPU, the 202, the processor, process()).
    Tagged(Role, &'static str),
    /// The steps, one line each.
    Steps,
    /// The opening of the request's error handling (a `try`, or the note that there is none).
    TryOpen,
    /// Its end (the `catch` that answers 500).
    Catch,
    /// The job's enqueue (or the two writes of a dual write).
    Enqueue,
    /// The outbox relay.
    Relay,
}

use Piece as P;

/// The code around the steps, per stack.
const SPRING_MVC: &[Piece] = &[
    P::Plain("@RestController"),
    P::Plain("public class OrderController {"),
    P::Plain("    // Tomcat runs each request on one thread (http-nio-exec-N), start to end"),
    P::Tagged(Role::Entry, "    @GetMapping(\"/orders/{id}\")"),
    P::Plain("    public Receipt get(@PathVariable long id) {"),
    P::Steps,
    P::Tagged(Role::Return, "        return new Receipt(id);"),
    P::Plain("    }"),
    P::Plain("}"),
];
const SPRING_ASYNC: &[Piece] = &[
    P::Plain("@GetMapping(\"/orders/{id}\")"),
    P::Plain("public CompletableFuture<Receipt> get(@PathVariable long id) {"),
    P::Plain("    return orderService.handle(id);  // answered when the future completes"),
    P::Plain("}"),
    P::Plain(""),
    P::Plain("@Service"),
    P::Plain("public class OrderService {"),
    P::Tagged(Role::Entry, "    @Async  // runs on a ThreadPoolTaskExecutor thread (task-N)"),
    P::Plain("    public CompletableFuture<Receipt> handle(long id) {"),
    P::Steps,
    P::Tagged(Role::Return, "        return CompletableFuture.completedFuture(new Receipt(id));"),
    P::Plain("    }"),
    P::Plain("}"),
];
const VIRTUAL: &[Piece] = &[
    P::Plain("# application.properties"),
    P::Plain("spring.threads.virtual.enabled=true"),
    P::Plain(""),
    P::Plain("@RestController"),
    P::Plain("public class OrderController {"),
    P::Plain("    // each request runs on its own virtual thread, mounted on a carrier"),
    P::Tagged(Role::Entry, "    @GetMapping(\"/orders/{id}\")"),
    P::Plain("    public Receipt get(@PathVariable long id) {"),
    P::Steps,
    P::Tagged(Role::Return, "        return new Receipt(id);"),
    P::Plain("    }"),
    P::Plain("}"),
];
const EXPRESS: &[Piece] = &[
    P::Plain("const app = express();"),
    P::Plain(""),
    P::Tagged(Role::Entry, "app.get('/orders/:id', async (req, res) => {"),
    P::Plain("  const { id } = req.params;"),
    P::TryOpen,
    P::Steps,
    P::Tagged(Role::Return, "  res.json({ id, ok: true });"),
    P::Catch,
    P::Plain("});"),
];
const FASTAPI: &[Piece] = &[
    P::Plain("app = FastAPI()"),
    P::Plain(""),
    P::Tagged(Role::Entry, "@app.get(\"/orders/{id}\")"),
    P::Plain("async def get_order(id: int):"),
    P::Steps,
    P::Tagged(Role::Return, "    return {\"id\": id, \"ok\": True}"),
];
const NEST: &[Piece] = &[
    P::Plain("@Controller('orders')"),
    P::Plain("export class OrdersController {"),
    P::Plain("  constructor({ctor}) {}"),
    P::Plain(""),
    P::Tagged(Role::Entry, "  @Post()"),
    P::Plain("  @HttpCode(202)"),
    P::Plain("  async create(@Body() order: OrderDto) {"),
    P::Tagged(Role::Accept, "    validate(order);  // the API's CPU before it answers"),
    P::Enqueue,
    P::Tagged(Role::Accepted, "    return { status: 'queued' };  // 202 Accepted"),
    P::Plain("  }"),
    P::Plain("}"),
    P::Plain(""),
    P::Relay,
    P::Tagged(Role::Processor, "@Processor('orders'{conc})"),
    P::Plain("export class OrdersProcessor extends WorkerHost {"),
    P::Tagged(Role::Process, "  async process(job: {job}<OrderDto>) {"),
    P::Steps,
    P::Tagged(Role::Return, "    return { id: job.data.id };  // the job is done"),
    P::Plain("  }"),
    P::Plain("}"),
];

/// What the scenario's faults and job options change in the code.
struct Shape {
    stack: Stack,
    kinds: Vec<StepKind>,
    offload: bool,
    /// How a failing `io_ms` step is handled, when one can fail (`step_failure_rate` > 0).
    /// `unhandled_rejection` is kept for Express only: `Scenario::from_value` allows it
    /// for node alone, and nothing else dies of it.
    failing: Option<ErrorHandling>,
    /// How long the server is down after an unhandled rejection.
    restart_ms: f64,
    /// `job_queue`: the job's side effect (a charge, on its last `io_ms` step) can run
    /// twice, because a crashed worker's job is redelivered, or is idempotent:
    /// `Some(idempotent)`.
    charge: Option<bool>,
    /// `job_queue`: the order and its job are written in one transaction, then relayed.
    outbox: bool,
    /// `job_queue`: the front end can crash between the commit and the enqueue, so the
    /// two writes are shown.
    dual_write: bool,
    /// `job_queue` with `workload.keys`: `Some(partition_by_key)`.
    keyed: Option<bool>,
    relay_ms: f64,
    /// The job options on `queue.add(...)` (attempts and backoff), if any.
    attempts: Option<String>,
    concurrency: u32,
    /// The language of the comments.
    lang: Lang,
}

impl Shape {
    fn of(s: &Scenario) -> Shape {
        let stack = stack_of(&s.model);
        let kinds: Vec<StepKind> = s.workload.steps.iter().map(|st| st.kind).collect();
        let f = &s.faults;
        let failing =
            (f.step_failure_rate > 0.0 && kinds.contains(&StepKind::Io)).then_some(match f.error_handling {
                ErrorHandling::UnhandledRejection if stack != Stack::Express => ErrorHandling::Awaited,
                h => h,
            });
        let mut shape = Shape {
            stack,
            kinds,
            offload: matches!(&s.model, Model::EventLoop(e) if e.offload_cpu),
            failing,
            restart_ms: f.restart_ms,
            charge: None,
            outbox: false,
            dual_write: false,
            keyed: None,
            relay_ms: 0.0,
            attempts: None,
            concurrency: 1,
            lang: Lang::En,
        };
        if let Model::JobQueue(j) = &s.model {
            shape.charge = (j.idempotent || !f.worker_crash_at_ms.is_empty()).then_some(j.idempotent);
            shape.outbox = j.outbox;
            shape.dual_write = !j.outbox && !f.crash_after_commit_at_ms.is_empty();
            shape.keyed = s.workload.keys.map(|_| j.partition_by_key);
            shape.relay_ms = j.relay_ms;
            shape.attempts = (j.attempts > 1).then(|| {
                format!(
                    "attempts: {}, backoff: {{ type: 'exponential', delay: {} }}",
                    j.attempts, j.backoff_ms
                )
            });
            shape.concurrency = j.concurrency;
        }
        shape
    }

    /// Express with a failing step awaited: a try/catch answers 500.
    fn caught(&self) -> bool {
        self.stack == Stack::Express && self.failing == Some(ErrorHandling::Awaited)
    }

    fn partitioned(&self) -> bool {
        self.keyed == Some(true)
    }
}

/// How one step is written: (names, text before, text after, comment).
fn style(stack: Stack, kind: StepKind, offload: bool) -> (Names, &'static str, &'static str, &'static str) {
    use Stack::*;
    use StepKind::*;
    match (stack, kind) {
        (VirtualThreads, Cpu) => (JAVA_CPU, "", "", "CPU on the carrier"),
        (SpringMvc | SpringAsync, Cpu) => (JAVA_CPU, "", "", "CPU on this thread"),
        (VirtualThreads, Io) => (JAVA_IO, "", "", "unmounts: the carrier is freed"),
        (SpringMvc | SpringAsync, Io) => (JAVA_IO, "", "", "blocking I/O: the thread waits"),
        // The line itself is long: `steps` says more on the line before it.
        (VirtualThreads, BlockingIo) => (JAVA_BLOCKING, "synchronized (LOCK) { ", " }", "pinned"),
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
        (NestBull, Io) => (JOB_IO, "", "", "suspended: frees the thread"),
        (NestBull, BlockingIo) => (JOB_BLOCKING, "", "", "synchronous: blocks the worker"),
    }
}

/// A stack's indentation of the steps, declaration keyword, statement end and comment start.
fn syntax(stack: Stack) -> (&'static str, &'static str, &'static str, &'static str) {
    match stack {
        Stack::SpringMvc | Stack::SpringAsync | Stack::VirtualThreads => ("        ", "var ", ";", "  // "),
        Stack::Express => ("  ", "const ", ";", "  // "),
        Stack::FastApi => ("    ", "", "", "  # "),
        Stack::NestBull => ("    ", "const ", ";", "  // "),
    }
}

fn plain(text: impl Into<String>) -> Line {
    Line { text: text.into(), role: Role::Plain }
}

/// `names[nth]`, with a number after the variable from the second round on.
fn nth_name(names: Names, nth: usize) -> (String, &'static str) {
    let (v, call) = names[nth % names.len()];
    let round = nth / names.len();
    let v = if round == 0 { v.to_string() } else { format!("{v}{}", round + 1) };
    (v, call)
}

/// `text`, plus `  // comment` when that still fits the panel.
fn with_comment(text: String, cmt: &str, comment: &str) -> String {
    if text.chars().count() + cmt.len() + comment.chars().count() <= WIDTH {
        [&text, cmt, comment].concat()
    } else {
        text
    }
}

/// The code lines of the steps, each with its role (plus a comment line before Promise.all / gather).
fn steps(out: &mut Vec<Line>, sh: &Shape) {
    let stack = sh.stack;
    let (indent, decl, end, cmt) = syntax(stack);
    if sh.failing.is_some() && stack == Stack::NestBull {
        out.push(plain("    const { id } = job.data;"));
    }
    // The job's side effect, when it can run twice (or is idempotent): its last `io_ms` step.
    let charge_at = sh.charge.and_then(|_| sh.kinds.iter().rposition(|k| *k == StepKind::Io));
    if sh.charge.is_some() && charge_at.is_none() {
        charge_lines(out, sh.lang, sh.charge == Some(true));
    }
    let mut seen = [0usize; 3];
    let mut faulty = 0;
    for (k, kind) in sh.kinds.iter().enumerate() {
        let i = *kind as usize;
        seen[i] += 1;
        let mut nth = seen[i] - 1;
        let role = Role::Step(k as u16);
        if *kind == StepKind::Io && (sh.failing.is_some() || charge_at == Some(k)) {
            io_step(out, sh, role, faulty, charge_at == Some(k));
            faulty += 1;
            continue;
        }
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
        let (names, pre, post, comment) = style(stack, *kind, sh.offload);
        if stack == Stack::VirtualThreads && *kind == StepKind::BlockingIo && nth == 0 {
            out.push(plain(
                "        // blocking inside synchronized pins the virtual thread: it holds its carrier",
            ));
        }
        let (v, call) = nth_name(names, nth);
        let text = [indent, pre, decl, &v, " = ", call, end, post, cmt, comment].concat();
        out.push(Line { text, role });
    }
}

/// A comment of several lines (`\n` in `text`), each line started with `start`.
fn comment_lines(out: &mut Vec<Line>, start: &str, text: &str) {
    out.extend(text.lines().map(|l| plain([start, l].concat())));
}

/// The comment and key before a job's charge.
fn charge_lines(out: &mut Vec<Line>, lang: Lang, idempotent: bool) {
    if idempotent {
        let text = tr(
            lang,
            "idempotent: the payment provider keeps this key and answers a repeat\n\
             with the first result, so a redelivered job charges nothing twice",
        );
        comment_lines(out, "    // ", text);
        out.push(plain("    const idempotencyKey = `charge-${job.id}`;  // a redelivered job keeps its id"));
    } else {
        out.push(plain("    // not idempotent: a job redelivered after its worker crashed charges again"));
    }
}

/// An `io_ms` step that can fail, or that applies the job's side effect.
fn io_step(out: &mut Vec<Line>, sh: &Shape, role: Role, nth: usize, charge: bool) {
    let stack = sh.stack;
    let (indent, decl, end, cmt) = syntax(stack);
    let js = matches!(stack, Stack::Express | Stack::NestBull);
    let java = matches!(stack, Stack::SpringMvc | Stack::SpringAsync | Stack::VirtualThreads);
    let (v, call) = if charge {
        charge_lines(out, sh.lang, sh.charge == Some(true));
        let call = if sh.charge == Some(true) {
            "this.payments.charge(job.data, { idempotencyKey })"
        } else {
            "this.payments.charge(job.data)"
        };
        ("charge".to_string(), call)
    } else {
        let names = match stack {
            Stack::SpringMvc | Stack::SpringAsync | Stack::VirtualThreads => JAVA_IO,
            Stack::Express => FAIL_JS_IO,
            Stack::FastApi => FAIL_PY_IO,
            Stack::NestBull => FAIL_JOB_IO,
        };
        nth_name(names, nth)
    };
    let (_, _, _, comment) = style(stack, StepKind::Io, false);
    let aw = if java { "" } else { "await " };
    let single = with_comment([indent, decl, &v, " = ", aw, call, end].concat(), cmt, comment);
    let side = match stack {
        Stack::SpringMvc | Stack::SpringAsync | Stack::VirtualThreads => SIDE_JAVA,
        Stack::Express | Stack::FastApi => SIDE_JS,
        Stack::NestBull => SIDE_JOB,
    };
    let (sv, side) = nth_name(side, nth);
    let first = nth == 0;
    let Some(handling) = sh.failing else {
        out.push(Line { text: single, role });
        return;
    };
    if handling == ErrorHandling::FireAndForget {
        if first {
            let c = match stack {
                Stack::Express => "// fire and forget: not awaited, so its failure never reaches the client",
                Stack::NestBull => "// fire and forget: not awaited, so its failure never fails the job",
                Stack::FastApi => {
                    "# fire and forget: a task nobody awaits; its exception never reaches the client"
                }
                _ => "// fire and forget: its failure never reaches the client",
            };
            out.push(plain([indent, c].concat()));
        }
        let started = if js {
            format!("{indent}{side}.catch(() => {{}});  // without this catch, Node ≥15 would exit")
        } else if java {
            format!("{indent}{side};  // @Async void: a failure is only logged")
        } else {
            format!("{indent}asyncio.create_task({side})  # not kept, not awaited")
        };
        out.push(plain(started));
        out.push(Line { text: single, role });
        return;
    }
    // Awaited, or (Express) an unhandled rejection: the step waits for both calls.
    if java {
        out.push(plain(format!("{indent}var {sv} = {side};  // @Async: runs alongside")));
        out.push(Line { text: single, role });
        out.push(plain(format!("{indent}{sv}.join();  // rethrows its failure: Spring answers 500")));
        return;
    }
    if first {
        let c = match stack {
            Stack::Express if handling == ErrorHandling::UnhandledRejection => {
                "// both in flight together; if either fails, nothing catches the rejection"
            }
            Stack::Express => "// both in flight together; if either fails, the catch below answers 500",
            Stack::NestBull => "// both in flight together; if either fails, this attempt fails",
            _ => "# both in flight together; if either raises, FastAPI answers 500",
        };
        out.push(plain([indent, c].concat()));
    }
    let (open, close) = if js {
        (format!("{indent}const [{v}] = await Promise.all(["), "]);")
    } else {
        (format!("{indent}{v}, _ = await asyncio.gather("), ")")
    };
    let one = format!("{open}{call}, {side}{close}");
    if one.chars().count() <= WIDTH {
        out.push(Line { text: one, role });
    } else {
        out.push(Line { text: open, role });
        out.push(plain(format!("{indent}  {call},")));
        out.push(plain(format!("{indent}  {side},")));
        out.push(plain([indent, close].concat()));
    }
}

/// `await this.queue.add('order', data, { options })`, split when it is too long.
fn add_job(out: &mut Vec<Line>, sh: &Shape, indent: &str, data: &str) {
    let mut parts: Vec<String> = sh.attempts.iter().cloned().collect();
    match sh.keyed {
        Some(true) => {
            out.push(plain(format!(
                "{indent}// BullMQ Pro group: a user's jobs run one at a time, in order"
            )));
            parts.push(format!("group: {{ id: {data}.userId }}"));
        }
        Some(false) => {
            out.push(plain(format!("{indent}// no group: a user's updates may run at once, in any order")))
        }
        None => {}
    }
    let opts = if parts.is_empty() { String::new() } else { format!(", {{ {} }}", parts.join(", ")) };
    let one = format!("{indent}await this.queue.add('order', {data}{opts});");
    if one.chars().count() <= WIDTH {
        out.push(plain(one));
    } else {
        out.push(plain(format!("{indent}await this.queue.add('order', {data}, {{")));
        for p in parts {
            out.push(plain(format!("{indent}  {p},")));
        }
        out.push(plain(format!("{indent}}});")));
    }
}

/// The front end's writes after its CPU: the job alone, the order then the job (dual
/// write), or both in one transaction (outbox).
fn enqueue(out: &mut Vec<Line>, sh: &Shape) {
    if sh.outbox {
        out.push(plain("    // outbox: the job is a row committed with the order, in one transaction"));
        out.push(plain("    await this.db.transaction(async (tx) => {"));
        out.push(plain("      await tx.orders.insert(order);"));
        out.push(plain("      await tx.outbox.insert({ job: 'order', order });"));
        out.push(plain("    });"));
        return;
    }
    if sh.dual_write {
        out.push(plain("    await this.db.orders.insert(order);  // committed"));
        out.push(plain("    // dual write: a crash right here loses the job, though the order is saved"));
    }
    add_job(out, sh, "    ", "order");
}

/// The outbox relay, which publishes each committed job.
fn relay(out: &mut Vec<Line>, sh: &Shape) {
    if !sh.outbox {
        return;
    }
    let queue = if sh.partitioned() { "QueuePro" } else { "Queue" };
    out.push(plain("@Injectable()"));
    out.push(plain("export class OutboxRelay {"));
    out.push(plain(format!(
        "  constructor(private db: Db, @InjectQueue('orders') private queue: {queue}) {{}}"
    )));
    out.push(plain(""));
    out.push(plain(format!("  @Interval({})  // polls the outbox table every relay_ms", sh.relay_ms)));
    out.push(plain("  async publish() {"));
    out.push(Line {
        text: "    for (const row of await this.db.outbox.unpublished()) {".into(),
        role: Role::Relay,
    });
    add_job(out, sh, "      ", "row.order");
    out.push(plain("      await this.db.outbox.markPublished(row.id);"));
    out.push(plain("    }"));
    out.push(plain("  }"));
    out.push(plain("}"));
    out.push(plain(""));
}

/// The handler for a scenario: its model's framework, one code line per step, written
/// the way its faults and job options need (how a failing step is handled, the outbox,
/// idempotency, the partition key).
pub fn code(s: &Scenario) -> Code {
    code_in(Lang::En, s)
}

/// Where a line's comment starts (after its `//` or `#` and a space), if it has one.
fn comment_start(stack: Stack, text: &str) -> Option<usize> {
    let marker = if stack == Stack::FastApi { "# " } else { "// " };
    let at = text.find(marker)?;
    let before = &text[..at];
    (before.trim().is_empty() || before.ends_with("  ")).then_some(at + marker.len())
}

/// [`code`] with its comments in `lang` (the code itself is the same in every language).
pub fn code_in(lang: Lang, s: &Scenario) -> Code {
    let mut sh = Shape::of(s);
    sh.lang = lang;
    let stack = sh.stack;
    let template = match stack {
        Stack::SpringMvc => SPRING_MVC,
        Stack::SpringAsync => SPRING_ASYNC,
        Stack::VirtualThreads => VIRTUAL,
        Stack::Express => EXPRESS,
        Stack::FastApi => FASTAPI,
        Stack::NestBull => NEST,
    };
    let ctor = match (sh.outbox, sh.dual_write, sh.partitioned()) {
        (true, _, _) => "private db: Db".to_string(),
        (false, dual, pro) => format!(
            "{}@InjectQueue('orders') private queue: {}",
            if dual { "private db: Db, " } else { "" },
            if pro { "QueuePro" } else { "Queue" }
        ),
    };
    let mut worker: Vec<String> = Vec::new();
    if sh.concurrency > 1 {
        worker.push(format!("concurrency: {}", sh.concurrency));
    }
    if sh.partitioned() {
        worker.push("group: { concurrency: 1 }".into());
    }
    let conc = if worker.is_empty() { String::new() } else { format!(", {{ {} }}", worker.join(", ")) };
    let job = if sh.partitioned() { "JobPro" } else { "Job" };
    let mut lines = Vec::new();
    // Indentation added inside the handler's try block.
    let mut extra = "";
    for piece in template {
        let start = lines.len();
        let (role, text) = match *piece {
            Piece::TryOpen => {
                if sh.caught() {
                    lines.push(plain("  try {"));
                    extra = "  ";
                } else if sh.failing == Some(ErrorHandling::UnhandledRejection) {
                    let text = trf(
                        lang,
                        "no try/catch: Express 4 ignores the promise this handler returns, so a\n\
                         rejection below is unhandled: Node ≥15 exits, failing every request in\n\
                         flight, and the server is back after restart_ms ({0} ms)",
                        &[&sh.restart_ms],
                    );
                    comment_lines(&mut lines, "  // ", &text);
                }
                continue;
            }
            Piece::Catch => {
                if sh.caught() {
                    extra = "";
                    lines.push(plain("  } catch (err) {"));
                    lines.push(plain(
                        "    res.status(500).json({ error: err.message });  // the failure is seen: a 500",
                    ));
                    lines.push(plain("  }"));
                }
                continue;
            }
            Piece::Steps => {
                steps(&mut lines, &sh);
                (None, "")
            }
            Piece::Enqueue => {
                enqueue(&mut lines, &sh);
                (None, "")
            }
            Piece::Relay => {
                relay(&mut lines, &sh);
                (None, "")
            }
            Piece::Tagged(role, text) => (Some(role), text),
            Piece::Plain(text) => (Some(Role::Plain), text),
        };
        if let Some(role) = role {
            let text = if text.contains('{') && stack == Stack::NestBull {
                text.replace("{ctor}", &ctor).replace("{conc}", &conc).replace("{job}", job)
            } else {
                text.to_string()
            };
            lines.push(Line { text, role });
        }
        if !extra.is_empty() {
            for l in &mut lines[start..] {
                l.text.insert_str(0, extra);
            }
        }
    }
    if lang != Lang::En {
        for l in &mut lines {
            if let Some(at) = comment_start(stack, &l.text) {
                let comment = tr_text(lang, &l.text[at..]);
                l.text.replace_range(at.., &comment);
            }
        }
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
        // Without a relay line (code from another scenario), the processor it waits for.
        Place::Outbox { .. } if code.line_of(Role::Relay).is_some() => (Role::Relay, Phase::Outbox),
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

/// How a finished request ended, read from its spans (the engine keeps those of a side's last
/// `TRACED_REQUESTS` requests; older ones have none, and then nothing is said). `job`: the
/// model is a job queue, whose 202 is not the end.
pub fn outcome(spans: &[Span], job: bool) -> Option<Outcome> {
    let arrived = spans.first()?.start_us;
    let failed_attempts = || {
        spans.iter().filter_map(|s| match s.kind {
            SpanKind::AttemptFailed { attempt } => Some(attempt),
            _ => None,
        })
    };
    spans.iter().find_map(|s| {
        let latency_us = s.start_us - arrived;
        match s.kind {
            SpanKind::Rejected { .. } => Some(Outcome::Rejected),
            SpanKind::Responded { status } if !job => Some(Outcome::Responded { status, latency_us }),
            SpanKind::Failed { .. } if !job => Some(Outcome::Responded { status: 500, latency_us }),
            SpanKind::Done => {
                Some(Outcome::JobDone { attempts: failed_attempts().max().map_or(1, |a| a + 1), latency_us })
            }
            SpanKind::DeadLettered => {
                Some(Outcome::DeadLettered { attempts: failed_attempts().max().unwrap_or(0) })
            }
            _ => None,
        }
    })
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
    use asyncviz_engine::{Sim, Timeline, Transition};

    /// The reference: replays `s` from the start (at most `max_events` events) to find how
    /// request `id` ended, from the engine's transitions.
    fn replayed(s: &Scenario, id: ReqId, max_events: u64) -> Option<Outcome> {
        let job = matches!(s.model, Model::JobQueue(_));
        let mut sim = Sim::new(s);
        let mut arrived = 0;
        for _ in 0..max_events {
            let e = sim.step()?;
            for t in &e.what {
                let found = match *t {
                    Transition::Arrived { req } if req == id => {
                        arrived = e.time_us;
                        None
                    }
                    // A failed request (a failed step, or the process died under it) is a 500.
                    Transition::Failed { req, .. } if req == id && !job => {
                        Some(Outcome::Responded { status: 500, latency_us: e.time_us - arrived })
                    }
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

    /// How request `id` ended, read from the spans of a run to the end.
    fn traced(s: &Scenario, id: ReqId) -> Option<Outcome> {
        let mut sim = asyncviz_engine::Builder::new().traces(asyncviz_engine::TRACED_REQUESTS).sim(s);
        sim.run();
        outcome(&sim.spans(id), matches!(s.model, Model::JobQueue(_)))
    }

    #[test]
    fn in_korean_every_comment_is_korean_and_the_code_is_the_same() {
        // Every preset's sides (every stack, with faults, retries, outboxes, idempotency and keys)
        // and each model with the unit tests' steps.
        let mut scenarios = Vec::new();
        for p in crate::presets::PRESETS {
            let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
            for m in p.models {
                let model: serde_json::Value = serde_json::from_str(m).unwrap();
                scenarios.push(Scenario::from_value(&crate::state::side_value(&common, &model)).unwrap());
            }
        }
        for m in [
            r#"{"thread_pool": {"threads": 1}}"#,
            r#"{"executor": {"core": 1}}"#,
            r#"{"virtual_threads": {}}"#,
            r#"{"event_loop": {"flavor": "asyncio", "workers": 1, "offload_cpu": true}}"#,
            r#"{"event_loop": {"workers": 1, "offload_cpu": true}}"#,
        ] {
            scenarios.push(scenario(STEPS, m));
        }
        let mut comments = 0;
        for s in &scenarios {
            let (en, ko) = (code(s), code_in(Lang::Ko, s));
            assert_eq!(en, code_in(Lang::En, s));
            assert_eq!(en.lines.len(), ko.lines.len(), "{:?}", s.model);
            for (e, k) in en.lines.iter().zip(&ko.lines) {
                assert_eq!(e.role, k.role);
                match (comment_start(en.stack, &e.text), comment_start(ko.stack, &k.text)) {
                    (Some(a), Some(b)) => {
                        assert_eq!(e.text[..a], k.text[..b], "the code before a comment is kept");
                        let hangul = k.text[b..].chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c));
                        assert!(hangul, "an English comment in Korean: {}", k.text);
                        comments += 1;
                    }
                    (None, None) => assert!(e.text == k.text || e.text.trim_start().starts_with("//")),
                    other => panic!("{other:?}: {} / {}", e.text, k.text),
                }
            }
        }
        assert!(comments > 40, "{comments}");
    }

    #[test]
    fn the_outcome_read_from_spans_is_the_one_the_engine_reported() {
        // Every preset (every model, faults, jobs with retries, dead letters and crashes): each of
        // the last traced requests ends as the engine's own transitions say.
        let mut compared = 0;
        for p in crate::presets::PRESETS {
            let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
            for m in p.models {
                let model: serde_json::Value = serde_json::from_str(m).unwrap();
                let mut v = crate::state::side_value(&common, &model);
                v["duration_ms"] = serde_json::json!(3000);
                let s = Scenario::from_value(&v).unwrap();
                let mut sim =
                    asyncviz_engine::Builder::new().traces(asyncviz_engine::TRACED_REQUESTS).sim(&s);
                sim.run();
                let arrived = sim.report().requests.arrived as ReqId;
                let job = matches!(s.model, Model::JobQueue(_));
                for id in arrived.saturating_sub(60).max(1)..=arrived {
                    assert_eq!(
                        outcome(&sim.spans(id), job),
                        replayed(&s, id, 2_000_000),
                        "{} request {id}",
                        p.id
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 1000, "{compared}");
    }

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
        let end = replayed(&s, 1, 100_000).unwrap();
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
        assert_eq!(traced(&s, 2), Some(Outcome::Responded { status: 200, latency_us: 36_000 }));
        let rejecting = scenario(STEPS, r#"{"thread_pool": {"threads": 1, "queue": 0}}"#);
        assert_eq!(traced(&rejecting, 2), Some(Outcome::Rejected));
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

    /// Each side of preset `id`, built as the app builds it, with its code.
    fn preset_sides(id: &str) -> Vec<(Scenario, Code)> {
        let p = crate::presets::find(id).unwrap();
        let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
        p.models
            .iter()
            .map(|m| {
                let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
                let s = Scenario::from_value(&v).unwrap();
                let c = code(&s);
                (s, c)
            })
            .collect()
    }

    fn all_text(c: &Code) -> String {
        c.lines.iter().map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
    }

    fn step_text(c: &Code, k: u16) -> &str {
        &c.lines[c.line_of(Role::Step(k)).expect("a step line")].text
    }

    fn index_of(c: &Code, needle: &str) -> usize {
        c.lines
            .iter()
            .position(|l| l.text.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle}"))
    }

    #[test]
    fn lost_error_fires_and_forgets_the_failing_call_on_one_side_and_awaits_it_on_the_other() {
        let sides = preset_sides("lost-error");
        let (forgot, awaited) = (&sides[0].1, &sides[1].1);
        assert_ne!(forgot, awaited);
        // Left: the failing call is started and not awaited (the catch only keeps Node up).
        let started: Vec<&Line> = forgot.lines.iter().filter(|l| l.text.contains("db.audit(id)")).collect();
        assert_eq!(started.len(), 1, "{}", all_text(forgot));
        assert!(
            started[0].text.trim_start().starts_with("db.audit(id).catch(() => {});"),
            "{}",
            started[0].text
        );
        assert!(!started[0].text.contains("await"));
        assert_eq!(started[0].role, Role::Plain);
        assert!(forgot.lines.iter().any(|l| l.text.contains("fire and forget: not awaited")));
        // Right: the same call is awaited with the step, and a failure becomes a 500.
        assert!(step_text(awaited, 1).contains("await Promise.all([db.findOrder(id), db.audit(id)]);"));
        let right = all_text(awaited);
        assert!(right.contains("} catch (err) {") && right.contains("res.status(500)"), "{right}");
        let left = all_text(forgot);
        assert!(!left.contains("res.status(500)") && !left.contains("Promise.all"), "{left}");
        // Both wait for the read: the step takes its time on both sides, as in the engine.
        assert!(step_text(forgot, 1).contains("const order = await db.findOrder(id);"));
        let (line, phase) = run_until(&sides[0].0, |_, at| at.phase == Phase::Awaiting);
        assert!(line.contains("await db.findOrder(id)") && phase == Phase::Awaiting, "{line}");
        let (line, _) = run_until(&sides[1].0, |_, at| at.phase == Phase::Awaiting);
        assert!(line.contains("await Promise.all(["), "{line}");
    }

    #[test]
    fn unhandled_rejection_has_no_catch_and_says_node_exits_while_the_other_side_answers_500() {
        let sides = preset_sides("unhandled-rejection");
        let (down, up) = (&sides[0].1, &sides[1].1);
        assert_ne!(down, up);
        let left = all_text(down);
        assert!(!left.contains("catch (") && !left.contains(".catch("), "{left}");
        assert!(left.contains("Node ≥15 exits") && left.contains("restart_ms (1500 ms)"), "{left}");
        let right = all_text(up);
        assert!(right.contains("} catch (err) {") && right.contains("res.status(500)"), "{right}");
        // The same awaited call on both sides: only the catch differs.
        assert_eq!(step_text(down, 1).trim(), step_text(up, 1).trim());
        // Every step and the response are inside the try.
        let (open, close) = (index_of(up, "  try {"), index_of(up, "} catch (err) {"));
        assert!(open < up.line_of(Role::Step(0)).unwrap());
        assert!(up.line_of(Role::Return).unwrap() < close);
    }

    #[test]
    fn the_outbox_writes_the_job_in_the_orders_transaction_and_a_relay_publishes_it() {
        let sides = preset_sides("dual-write-outbox");
        let (dual, outbox) = (&sides[0].1, &sides[1].1);
        assert_ne!(dual, outbox);
        let right = all_text(outbox);
        assert!(right.contains("await this.db.transaction(async (tx) => {"), "{right}");
        assert!(
            right.contains("await tx.orders.insert(order);") && right.contains("await tx.outbox.insert(")
        );
        let left = all_text(dual);
        assert!(!left.contains("transaction") && !left.contains("outbox"), "{left}");
        // Left: commit, then enqueue, as two writes between the CPU and the 202.
        let (commit, add) =
            (index_of(dual, "await this.db.orders.insert(order);"), index_of(dual, "queue.add("));
        assert!(dual.line_of(Role::Accept).unwrap() < commit && commit < add);
        assert!(add < dual.line_of(Role::Accepted).unwrap());
        // Right: the transaction in create(), and only the relay enqueues.
        let tx = index_of(outbox, "transaction");
        assert!(outbox.line_of(Role::Accept).unwrap() < tx && tx < outbox.line_of(Role::Accepted).unwrap());
        let relay = outbox.line_of(Role::Relay).expect("a relay");
        assert!(index_of(outbox, "queue.add(") > relay);
        assert!(dual.line_of(Role::Relay).is_none());
        // A job in the outbox table is at the relay.
        let (line, phase) = any_until(&sides[1].0, |_, at| at.phase == Phase::Outbox);
        assert!(line.contains("this.db.outbox.unpublished()") && phase == Phase::Outbox, "{line}");
    }

    #[test]
    fn the_idempotent_job_charges_with_a_key_and_the_other_charges_unconditionally() {
        let sides = preset_sides("redelivery-idempotent");
        let (again, idem) = (&sides[0].1, &sides[1].1);
        assert_ne!(again, idem);
        assert!(step_text(idem, 1).contains("await this.payments.charge(job.data, { idempotencyKey });"));
        assert!(all_text(idem).contains("const idempotencyKey = `charge-${job.id}`;"));
        assert!(step_text(again, 1).contains("await this.payments.charge(job.data);"));
        assert!(!all_text(again).contains("idempotencyKey"));
        assert!(all_text(again).contains("not idempotent"));
        let (line, _) = any_until(&sides[0].0, |r, at| r.responded && at.phase == Phase::Awaiting);
        assert!(line.contains("this.payments.charge("), "{line}");
    }

    #[test]
    fn the_partitioned_side_adds_jobs_with_a_group_key_and_one_job_per_group() {
        let sides = preset_sides("order-partitioned");
        let (free, keyed) = (&sides[0].1, &sides[1].1);
        assert_ne!(free, keyed);
        let right = all_text(keyed);
        assert!(
            right.contains("await this.queue.add('order', order, { group: { id: order.userId } });"),
            "{right}"
        );
        let processor = &keyed.lines[keyed.line_of(Role::Processor).unwrap()].text;
        assert!(processor.contains("group: { concurrency: 1 }"), "{processor}");
        let left = all_text(free);
        assert!(
            !left.contains("group: {") && left.contains("await this.queue.add('order', order);"),
            "{left}"
        );
    }

    /// Every in-flight request of every caution preset, at every event, is at a line of
    /// the right kind.
    #[test]
    fn every_request_of_the_caution_presets_is_at_a_line() {
        for id in [
            "lost-error",
            "unhandled-rejection",
            "dual-write-outbox",
            "redelivery-idempotent",
            "order-partitioned",
        ] {
            for (s, c) in preset_sides(id) {
                let mut sim = Sim::new(&s);
                let mut seen = 0u64;
                while sim.step().is_some() {
                    let snap = sim.snapshot();
                    for r in &snap.requests {
                        let at = locate(&c, r, &snap);
                        let line =
                            at.line.unwrap_or_else(|| panic!("{id}: #{} at no line ({:?})", r.id, r.place));
                        let role = c.lines[line].role;
                        assert_ne!(role, Role::Plain, "{id}: #{} at {:?}", r.id, c.lines[line]);
                        if at.phase == Phase::Awaiting {
                            assert_eq!(role, Role::Step(r.step - 1), "{id}");
                        }
                        seen += 1;
                    }
                }
                assert!(seen > 1000, "{id}: {seen}");
            }
        }
    }

    /// No generated line is wider than the panel, for every preset, every model's
    /// defaults, and every combination of faults and job options.
    #[test]
    fn no_line_is_longer_than_90_characters() {
        let check = |c: &Code, what: &str| {
            for l in &c.lines {
                assert!(
                    l.text.chars().count() <= WIDTH,
                    "{what}: {} chars: {}",
                    l.text.chars().count(),
                    l.text
                );
            }
            for k in 0..c.lines.iter().filter(|l| matches!(l.role, Role::Step(_))).count() as u16 {
                let n = c.lines.iter().filter(|l| l.role == Role::Step(k)).count();
                assert_eq!(n, 1, "{what}: step {k}");
            }
            assert!(c.line_of(Role::Entry) < c.line_of(Role::Return), "{what}");
        };
        let mut checked = 0;
        for p in crate::presets::PRESETS {
            let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
            for m in p.models {
                let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
                check(&code(&Scenario::from_value(&v).unwrap()), p.id);
                checked += 1;
            }
            for kind in asyncviz_engine::ModelKind::ALL {
                let (name, m) = (kind.name(), crate::presets::model_default(kind));
                let mut common = common.clone();
                if name != "job_queue" {
                    common.as_object_mut().unwrap().remove("faults");
                }
                let v = crate::state::side_value(&common, &serde_json::from_str(m).unwrap());
                check(&code(&Scenario::from_value(&v).unwrap()), &format!("{} + {name}", p.id));
                checked += 1;
            }
        }
        // Every combination, with four `io_ms` steps so the names go round.
        let steps = r#"[{"cpu_ms": 1}, {"io_ms": 9}, {"blocking_io_ms": 1}, {"io_ms": 5}, {"io_ms": 5},
                        {"io_ms": 5}, {"cpu_ms": 1}]"#;
        let mut models: Vec<String> =
            asyncviz_engine::ModelKind::ALL.map(|k| crate::presets::model_default(k).to_string()).to_vec();
        models.push(r#"{"event_loop": {"flavor": "asyncio", "workers": 2, "offload_cpu": true}}"#.into());
        for bits in 0..64u32 {
            let on = |b: u32| bits & (1 << b) != 0;
            models.push(format!(
                r#"{{"job_queue": {{"workers": 2, "concurrency": {}, "attempts": {}, "backoff_ms": 250,
                    "outbox": {}, "idempotent": {}, "partition_by_key": {}}}}}"#,
                if on(0) { 4 } else { 1 },
                if on(1) { 5 } else { 1 },
                on(2),
                on(3),
                on(4),
            ));
        }
        for m in &models {
            let job = m.contains("job_queue");
            let node = m.contains("node");
            for handling in ["", "awaited", "fire_and_forget", "unhandled_rejection"] {
                if handling == "unhandled_rejection" && !node {
                    continue;
                }
                for crashes in [false, true] {
                    if crashes && !job {
                        continue;
                    }
                    let mut faults = serde_json::json!({});
                    if !handling.is_empty() {
                        faults["step_failure_rate"] = serde_json::json!(0.1);
                        faults["error_handling"] = serde_json::json!(handling);
                    }
                    if crashes {
                        faults["crash_after_commit_at_ms"] = serde_json::json!([10]);
                        faults["worker_crash_at_ms"] = serde_json::json!([20]);
                    }
                    let text = format!(
                        r#"{{"duration_ms": 100, "workload": {{"arrivals": {{"at_ms": [0]}}, "keys": 3, "steps": {steps}}},
                            "model": {m}, "faults": {faults}}}"#
                    );
                    let s = Scenario::from_json_str(&text).unwrap_or_else(|e| panic!("{text}: {e}"));
                    check(&code(&s), &text);
                    checked += 1;
                }
            }
        }
        assert!(checked > 400, "{checked}");
    }
}
