//! JavaScript on Node.js: promises as ECMAScript specifies them (reaction jobs and the extra
//! job to adopt a promise), `async`/`await`, and Node's own queues: `process.nextTick`, the
//! microtask queue, timers and `setImmediate`, in libuv's phase order.
//!
//! Code takes no simulated time. After the main script and after every callback the loop
//! runs, Node drains the nextTick queue, then the microtask queue, and repeats while ticks
//! remain; then a promise rejected with no handler kills the process (Node 15 and later).

mod compile;
mod parse;

use std::collections::VecDeque;
use std::rc::Rc;

use compile::{Code, Op};
use parse::{err, FuncDef, Pos};

use super::{
    too_many_steps, CodeError, Frame, ItemKind, Language, QueueItem, QueueKind, QueueState, Race, RaceKind,
    StepKind, Trace, MAX_STEPS, RACE_WINDOW_US,
};

/// Calls nested deeper than this are an error, not a stack overflow.
const MAX_CALL_DEPTH: usize = 200;

pub(crate) fn run(src: &str) -> Result<Trace, CodeError> {
    let program = parse::parse(src)?;
    let codes = compile::compile(&program);
    let mut vm = Vm::new(&program.funcs, &codes);
    vm.main()?;
    Ok(Trace {
        language: Language::JavaScript,
        frames: vm.frames,
        output: vm.output,
        races: vm.races,
        crash: vm.crash,
    })
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Builtin {
    Console,
    Log,
    Process,
    NextTick,
    SetTimeout,
    SetImmediate,
    ClearTimeout,
    ClearImmediate,
    QueueMicrotask,
    Promise,
    PromiseResolve,
    PromiseReject,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Method {
    Then,
    Catch,
    Finally,
}

/// Functions the runtime makes: a promise's resolving functions and the helpers of `finally`.
#[derive(Clone, Debug)]
enum Native {
    /// `resolve` or `reject` of promise `p`; `flag` is shared by the pair (only the first call counts).
    Resolve {
        p: usize,
        reject: bool,
        flag: usize,
    },
    ThenFinally(Value),
    CatchFinally(Value),
    ValueThunk(Value),
    Thrower(Value),
}

#[derive(Clone, Debug)]
enum Value {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    /// A closure, by index.
    Func(usize),
    Promise(usize),
    Builtin(Builtin),
    Method(Method, usize),
    Native(usize),
    Timer(u64),
    Immediate(u64),
}

#[derive(Clone, Debug)]
enum State {
    Pending,
    Fulfilled(Value),
    Rejected(Value),
}

#[derive(Clone, Debug)]
enum Handler {
    /// No handler for this outcome: pass it on to the derived promise.
    None,
    Call(Value),
    /// Resume a suspended async function (by slot).
    Resume(usize),
}

#[derive(Clone, Debug)]
struct Reaction {
    derived: Option<usize>,
    fulfilled: Handler,
    rejected: Handler,
}

struct PromiseObj {
    state: State,
    reactions: Vec<Reaction>,
    handled: bool,
}

#[derive(Clone, Debug)]
enum Job {
    Reaction {
        handler: Handler,
        derived: Option<usize>,
        arg: Value,
        rejected: bool,
    },
    /// `resolve(promise)`: `promise.then(resolve', reject')` in a job of its own.
    Adopt {
        p: usize,
        thenable: usize,
    },
    /// `queueMicrotask(f)`.
    Callback(Value),
}

struct Timer {
    id: u64,
    due: u64,
    seq: u64,
    created: u64,
    cb: Value,
}

struct Env {
    vars: Vec<(Rc<str>, Value)>,
    parent: Option<usize>,
}

/// One activation of a function: enough to stop at an `await` and resume later.
struct Act {
    func: usize,
    env: usize,
    pc: usize,
    stack: Vec<Value>,
    /// Open `try` blocks: (catch address, operand stack depth).
    tries: Vec<(usize, usize)>,
    /// The promise an async function returns.
    promise: Option<usize>,
    name: Rc<str>,
    /// The line of the `await` it is suspended at.
    await_line: u32,
}

enum Outcome {
    Return(Value),
    Throw(Value),
    Suspended,
}

/// A completion: a value, or a thrown exception.
enum Flow {
    Normal(Value),
    Throw(Value),
}

struct Vm<'a> {
    funcs: &'a [FuncDef],
    codes: &'a [Code],
    envs: Vec<Env>,
    closures: Vec<(usize, usize)>,
    natives: Vec<Native>,
    flags: Vec<bool>,
    promises: Vec<PromiseObj>,
    suspended: Vec<Option<Act>>,
    ticks: VecDeque<Value>,
    microtasks: VecDeque<Job>,
    timers: Vec<Timer>,
    immediates: VecDeque<(u64, Value)>,
    /// The immediates of the check phase that is running (`clearImmediate` may remove them).
    batch: VecDeque<(u64, Value)>,
    /// Rejected promises nobody handles yet, in rejection order.
    unhandled: Vec<usize>,
    now: u64,
    next_id: u64,
    /// Creation order of timers.
    seq: u64,
    stack: Vec<Rc<str>>,
    frames: Vec<Frame>,
    output: Vec<String>,
    races: Vec<Race>,
    crash: Option<String>,
}

impl<'a> Vm<'a> {
    fn new(funcs: &'a [FuncDef], codes: &'a [Code]) -> Self {
        Vm {
            funcs,
            codes,
            envs: vec![Env { vars: Vec::new(), parent: None }],
            closures: Vec::new(),
            natives: Vec::new(),
            flags: Vec::new(),
            promises: Vec::new(),
            suspended: Vec::new(),
            ticks: VecDeque::new(),
            microtasks: VecDeque::new(),
            timers: Vec::new(),
            immediates: VecDeque::new(),
            batch: VecDeque::new(),
            unhandled: Vec::new(),
            now: 0,
            next_id: 1,
            seq: 0,
            stack: Vec::new(),
            frames: Vec::new(),
            output: Vec::new(),
            races: Vec::new(),
            crash: None,
        }
    }

    // ---- the event loop ------------------------------------------------------------------

    fn main(&mut self) -> Result<(), CodeError> {
        self.record(0, StepKind::Start)?;
        self.closures.push((0, 0));
        let main = Value::Func(0);
        if !self.macrotask(main, false)? {
            return Ok(());
        }
        // libuv: timers, (pending, idle, prepare), poll, check, (close), while anything is pending.
        while !self.timers.is_empty() || !self.immediates.is_empty() {
            let phase_start = self.seq;
            while let Some(i) = self.earliest_timer().filter(|&i| self.timers[i].due <= self.now) {
                let t = self.timers.remove(i);
                // Timers due at the same time may expire in different loop turns on a real
                // machine (they were not created in the same millisecond), letting the pending
                // immediates run between them.
                if let Some((_, first)) = self.immediates.front().cloned() {
                    self.race(RaceKind::TimerVsImmediate, &t.cb, &first);
                }
                self.dequeue(QueueKind::Timers, &t.cb)?;
                if !self.macrotask(t.cb, true)? {
                    return Ok(());
                }
            }
            if self.immediates.is_empty() {
                // Poll: nothing to do now, so wait for the next timer.
                if let Some(i) = self.earliest_timer() {
                    if self.timers[i].due > self.now {
                        self.now = self.timers[i].due;
                        self.record(0, StepKind::Wait { until_us: self.now })?;
                    }
                }
                continue;
            }
            // Check. A timer that already existed when this iteration's timers phase began, and is
            // due within the window, may have been due by then on a real (slower) machine.
            if let Some(t) = self
                .timers
                .iter()
                .filter(|t| t.seq < phase_start && t.due <= self.now + RACE_WINDOW_US)
                .min_by_key(|t| (t.due, t.seq))
            {
                let (first, second) = (self.immediates[0].1.clone(), t.cb.clone());
                self.race(RaceKind::TimerVsImmediate, &first, &second);
            }
            // Immediates queued while these run wait for the next iteration.
            self.batch = self.immediates.drain(..).collect();
            while let Some((_, cb)) = self.batch.pop_front() {
                self.dequeue(QueueKind::Immediate, &cb)?;
                if !self.macrotask(cb, true)? {
                    return Ok(());
                }
            }
        }
        self.record(0, StepKind::Exit)
    }
}

impl Vm<'_> {
    /// Runs one callback from the loop (or the main script), then Node's tick and microtask
    /// processing. Returns false once the process has died.
    fn macrotask(&mut self, cb: Value, from_loop: bool) -> Result<bool, CodeError> {
        let _ = from_loop;
        if let Flow::Throw(e) = self.call(cb, Vec::new(), Pos::default(), false)? {
            return self.die(format!("Uncaught {}", self.inspect(&e, true))).map(|_| false);
        }
        self.drain()
    }

    /// `processTicksAndRejections`: every nextTick, then every microtask, while ticks remain; then
    /// an unhandled rejection is fatal.
    fn drain(&mut self) -> Result<bool, CodeError> {
        loop {
            while let Some(cb) = self.ticks.pop_front() {
                self.dequeue(QueueKind::NextTick, &cb)?;
                if let Flow::Throw(e) = self.call(cb, Vec::new(), Pos::default(), false)? {
                    return self.die(format!("Uncaught {}", self.inspect(&e, true))).map(|_| false);
                }
            }
            while let Some(job) = self.microtasks.pop_front() {
                let (kind, label, line) = self.job_item(&job);
                self.record(line, StepKind::Dequeue { queue: QueueKind::Microtask, label })?;
                let _ = kind;
                if !self.job(job)? {
                    return Ok(false);
                }
            }
            if self.ticks.is_empty() {
                break;
            }
        }
        if let Some(&p) = self.unhandled.first() {
            let State::Rejected(r) = self.promises[p].state.clone() else {
                unreachable!("only rejected promises")
            };
            return self.die(format!("Uncaught (in promise) {}", self.inspect(&r, true))).map(|_| false);
        }
        Ok(true)
    }

    fn job(&mut self, job: Job) -> Result<bool, CodeError> {
        match job {
            Job::Reaction { handler, derived, arg, rejected } => match handler {
                Handler::None => {
                    if let Some(d) = derived {
                        if rejected {
                            self.reject(d, arg);
                        } else {
                            self.resolve(d, arg);
                        }
                    }
                }
                Handler::Call(f) => {
                    let flow = self.call(f, vec![arg], Pos::default(), false)?;
                    if let Some(d) = derived {
                        match flow {
                            Flow::Normal(v) => self.resolve(d, v),
                            Flow::Throw(e) => self.reject(d, e),
                        }
                    }
                }
                Handler::Resume(slot) => {
                    let act = self.suspended[slot].take().expect("an await resumes once");
                    let inject = if rejected { Flow::Throw(arg) } else { Flow::Normal(arg) };
                    self.run_async(act, Some(inject))?;
                }
            },
            Job::Adopt { p, thenable } => {
                let flag = self.flags.len();
                self.flags.push(false);
                let res = self.native(Native::Resolve { p, reject: false, flag });
                let rej = self.native(Native::Resolve { p, reject: true, flag });
                self.then(thenable, res, rej);
            }
            Job::Callback(f) => {
                if let Flow::Throw(e) = self.call(f, Vec::new(), Pos::default(), false)? {
                    return self.die(format!("Uncaught {}", self.inspect(&e, true))).map(|_| false);
                }
            }
        }
        Ok(true)
    }

    fn die(&mut self, message: String) -> Result<(), CodeError> {
        self.record(0, StepKind::Crash { message: message.clone() })?;
        self.crash = Some(message);
        Ok(())
    }

    fn earliest_timer(&self) -> Option<usize> {
        (0..self.timers.len()).min_by_key(|&i| (self.timers[i].due, self.timers[i].seq))
    }

    fn dequeue(&mut self, queue: QueueKind, cb: &Value) -> Result<(), CodeError> {
        let (label, line) = self.label(cb);
        self.record(line, StepKind::Dequeue { queue, label })
    }

    fn race(&mut self, kind: RaceKind, first: &Value, second: &Value) {
        let ((first, first_line), (second, second_line)) = (self.label(first), self.label(second));
        let race =
            Race { kind, frame: self.frames.len().saturating_sub(1), first, first_line, second, second_line };
        if !self.races.iter().any(|r| r.kind == race.kind && r.first == race.first && r.second == race.second)
        {
            self.races.push(race);
        }
    }

    // ---- frames ------------------------------------------------------------------------------

    fn record(&mut self, line: u32, kind: StepKind) -> Result<(), CodeError> {
        if self.frames.len() >= MAX_STEPS {
            return Err(too_many_steps());
        }
        let item = |vm: &Self, kind: ItemKind, v: &Value, due: Option<u64>| {
            let (label, line) = vm.label(v);
            QueueItem { kind, label, line, due_us: due }
        };
        let ticks = self.ticks.iter().map(|v| item(self, ItemKind::Callback, v, None)).collect();
        let microtasks = self
            .microtasks
            .iter()
            .map(|j| {
                let (kind, label, line) = self.job_item(j);
                QueueItem { kind, label, line, due_us: None }
            })
            .collect();
        let mut order: Vec<&Timer> = self.timers.iter().collect();
        order.sort_by_key(|t| (t.due, t.seq));
        let timers = order.iter().map(|t| item(self, ItemKind::Callback, &t.cb, Some(t.due))).collect();
        let immediates = self
            .batch
            .iter()
            .chain(&self.immediates)
            .map(|(_, v)| item(self, ItemKind::Callback, v, None))
            .collect();
        self.frames.push(Frame {
            time_us: self.now,
            line,
            stack: self.stack.iter().map(|s| s.to_string()).collect(),
            queues: vec![
                QueueState { kind: QueueKind::NextTick, items: ticks },
                QueueState { kind: QueueKind::Microtask, items: microtasks },
                QueueState { kind: QueueKind::Timers, items: timers },
                QueueState { kind: QueueKind::Immediate, items: immediates },
            ],
            output_len: self.output.len(),
            kind,
        });
        Ok(())
    }

    fn job_item(&self, job: &Job) -> (ItemKind, String, u32) {
        match job {
            Job::Reaction { handler: Handler::Call(f), .. } | Job::Callback(f) => {
                let (label, line) = self.label(f);
                (ItemKind::Callback, label, line)
            }
            Job::Reaction { handler: Handler::Resume(slot), .. } => match &self.suspended[*slot] {
                Some(act) => (ItemKind::Resume, act.name.to_string(), act.await_line),
                None => (ItemKind::Resume, String::new(), 0),
            },
            Job::Reaction { handler: Handler::None, .. } => (ItemKind::PassThrough, String::new(), 0),
            Job::Adopt { .. } => (ItemKind::Adopt, String::new(), 0),
        }
    }

    /// How a callable value is shown in stacks and queues, and the line its code starts on.
    fn label(&self, v: &Value) -> (String, u32) {
        match v {
            Value::Func(c) => {
                let f = &self.funcs[self.closures[*c].0];
                (f.label().to_string(), f.pos.line)
            }
            Value::Native(n) => match &self.natives[*n] {
                Native::Resolve { reject: false, .. } => ("resolve".into(), 0),
                Native::Resolve { reject: true, .. } => ("reject".into(), 0),
                Native::ThenFinally(f) | Native::CatchFinally(f) => {
                    let (l, line) = self.label(f);
                    (format!("finally({l})"), line)
                }
                Native::ValueThunk(_) | Native::Thrower(_) => ("finally(…)".into(), 0),
            },
            Value::Builtin(b) => (format!("{b:?}"), 0),
            other => (self.inspect(other, false), 0),
        }
    }
}

impl Vm<'_> {
    // ---- calls and activations ---------------------------------------------------------------

    fn native(&mut self, n: Native) -> Value {
        self.natives.push(n);
        Value::Native(self.natives.len() - 1)
    }

    fn new_promise(&mut self) -> usize {
        self.promises.push(PromiseObj { state: State::Pending, reactions: Vec::new(), handled: false });
        self.promises.len() - 1
    }

    /// Calls `f`. `user` is true for a call written in the program (it gets a `Call` step).
    fn call(&mut self, f: Value, args: Vec<Value>, pos: Pos, user: bool) -> Result<Flow, CodeError> {
        if self.stack.len() >= MAX_CALL_DEPTH {
            return err(pos, format!("calls nest more than {MAX_CALL_DEPTH} deep (endless recursion?)"));
        }
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        Ok(match f {
            Value::Func(c) => {
                let (fi, penv) = self.closures[c];
                let def = &self.funcs[fi];
                let env = self.envs.len();
                let mut vars: Vec<(Rc<str>, Value)> =
                    def.params.iter().enumerate().map(|(i, p)| (Rc::from(p.as_str()), arg(i))).collect();
                for (name, h) in &self.codes[fi].hoisted {
                    self.closures.push((*h, env));
                    vars.push((name.clone(), Value::Func(self.closures.len() - 1)));
                }
                self.envs.push(Env { vars, parent: Some(penv) });
                let promise = def.is_async.then(|| self.new_promise());
                let act = Act {
                    func: fi,
                    env,
                    pc: 0,
                    stack: Vec::new(),
                    tries: Vec::new(),
                    promise,
                    name: def.label(),
                    await_line: 0,
                };
                if user {
                    self.stack.push(act.name.clone());
                    let r = self.record(def.pos.line, StepKind::Call { name: act.name.to_string() });
                    self.stack.pop();
                    r?;
                }
                match promise {
                    Some(p) => {
                        self.run_async(act, None)?;
                        Flow::Normal(Value::Promise(p))
                    }
                    None => match self.exec(act, None)? {
                        Outcome::Return(v) => Flow::Normal(v),
                        Outcome::Throw(e) => Flow::Throw(e),
                        Outcome::Suspended => unreachable!("only async functions suspend"),
                    },
                }
            }
            Value::Native(n) => match self.natives[n].clone() {
                Native::Resolve { p, reject, flag } => {
                    if !self.flags[flag] {
                        self.flags[flag] = true;
                        if reject {
                            self.reject(p, arg(0));
                        } else {
                            self.resolve(p, arg(0));
                        }
                    }
                    Flow::Normal(Value::Undefined)
                }
                Native::ThenFinally(on) | Native::CatchFinally(on) => {
                    let catching = matches!(self.natives[n], Native::CatchFinally(_));
                    if let Flow::Throw(e) = self.call(on, Vec::new(), pos, false)? {
                        return Ok(Flow::Throw(e));
                    }
                    // The result is awaited, then the original outcome passes through.
                    let p = self.promise_resolve(Value::Undefined);
                    let thunk = self.native(if catching {
                        Native::Thrower(arg(0))
                    } else {
                        Native::ValueThunk(arg(0))
                    });
                    Flow::Normal(self.then(p, thunk, Value::Undefined))
                }
                Native::ValueThunk(v) => Flow::Normal(v),
                Native::Thrower(e) => Flow::Throw(e),
            },
            Value::Builtin(b) => self.builtin(b, args, pos)?,
            Value::Method(m, p) => {
                let on = arg(0);
                Flow::Normal(match m {
                    Method::Then => self.then(p, on, arg(1)),
                    Method::Catch => self.then(p, Value::Undefined, on),
                    Method::Finally if self.callable(&on) => {
                        let (a, b) = (
                            self.native(Native::ThenFinally(on.clone())),
                            self.native(Native::CatchFinally(on)),
                        );
                        self.then(p, a, b)
                    }
                    Method::Finally => self.then(p, on.clone(), on),
                })
            }
            other => return err(pos, format!("{} is not a function", self.inspect(&other, true))),
        })
    }

    /// Runs an async function's activation and settles its promise when it finishes.
    fn run_async(&mut self, act: Act, inject: Option<Flow>) -> Result<(), CodeError> {
        let p = act.promise.expect("async");
        match self.exec(act, inject)? {
            Outcome::Return(v) => self.resolve(p, v),
            Outcome::Throw(e) => self.reject(p, e),
            Outcome::Suspended => {}
        }
        Ok(())
    }

    fn callable(&self, v: &Value) -> bool {
        matches!(
            v,
            Value::Func(_)
                | Value::Native(_)
                | Value::Method(..)
                | Value::Builtin(
                    Builtin::Log
                        | Builtin::NextTick
                        | Builtin::SetTimeout
                        | Builtin::SetImmediate
                        | Builtin::ClearTimeout
                        | Builtin::ClearImmediate
                        | Builtin::QueueMicrotask
                        | Builtin::PromiseResolve
                        | Builtin::PromiseReject
                )
        )
    }

    fn builtin(&mut self, b: Builtin, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        let need_fn = |vm: &Self, name: &str| -> Result<Value, CodeError> {
            let f = arg(0);
            if vm.callable(&f) {
                Ok(f)
            } else {
                err(pos, format!("{name} needs a function as its first argument"))
            }
        };
        Ok(Flow::Normal(match b {
            Builtin::Log => {
                let line: Vec<String> = args.iter().map(|a| self.inspect(a, false)).collect();
                self.output.push(line.join(" "));
                Value::Undefined
            }
            Builtin::NextTick => {
                let f = need_fn(self, "process.nextTick")?;
                self.ticks.push_back(f);
                Value::Undefined
            }
            Builtin::QueueMicrotask => {
                let f = need_fn(self, "queueMicrotask")?;
                self.microtasks.push_back(Job::Callback(f));
                Value::Undefined
            }
            Builtin::SetTimeout => {
                let cb = need_fn(self, "setTimeout")?;
                let ms = match arg(1) {
                    Value::Num(n) => n,
                    Value::Undefined => 0.0,
                    other => {
                        return err(
                            pos,
                            format!(
                                "setTimeout's delay must be a number, not {}",
                                self.inspect(&other, true)
                            ),
                        )
                    }
                };
                // Node: a delay that is not in [1, 2^31 - 1] ms becomes 1 ms.
                let ms = if (1.0..=2_147_483_647.0).contains(&ms) { ms } else { 1.0 };
                let due = self.now + (ms * 1000.0).round() as u64;
                self.new_timer(cb, due);
                Value::Timer(self.next_id - 1)
            }
            Builtin::SetImmediate => {
                let cb = need_fn(self, "setImmediate")?;
                let id = self.next_id;
                self.next_id += 1;
                self.immediates.push_back((id, cb));
                Value::Immediate(id)
            }
            Builtin::ClearTimeout => {
                if let Value::Timer(id) = arg(0) {
                    self.timers.retain(|t| t.id != id);
                }
                Value::Undefined
            }
            Builtin::ClearImmediate => {
                if let Value::Immediate(id) = arg(0) {
                    self.immediates.retain(|(i, _)| *i != id);
                    self.batch.retain(|(i, _)| *i != id);
                }
                Value::Undefined
            }
            Builtin::PromiseResolve => Value::Promise(self.promise_resolve(arg(0))),
            Builtin::PromiseReject => {
                let p = self.new_promise();
                self.reject(p, arg(0));
                Value::Promise(p)
            }
            Builtin::Console | Builtin::Process | Builtin::Promise => {
                return err(pos, format!("{b:?} is not a function"));
            }
        }))
    }

    fn new_timer(&mut self, cb: Value, due: u64) {
        let (id, seq) = (self.next_id, self.seq);
        self.next_id += 1;
        self.seq += 1;
        // Two timers this close may fire in either order on a real machine, where code takes
        // time, unless the later one was created at the same instant and is due no earlier.
        // (A timer already due in the model counts too: on a real machine it may not be yet.)
        let close: Vec<Value> = self
            .timers
            .iter()
            .filter(|t| t.due.abs_diff(due) < RACE_WINDOW_US)
            .filter(|t| !(t.created == self.now && t.due <= due))
            .map(|t| t.cb.clone())
            .collect();
        for other in close {
            let first_is_other = self.timers.iter().any(|t| t.cb.same(&other) && t.due <= due);
            if first_is_other {
                self.race(RaceKind::CloseTimers, &other, &cb);
            } else {
                self.race(RaceKind::CloseTimers, &cb, &other);
            }
        }
        self.timers.push(Timer { id, due, seq, created: self.now, cb });
    }

    /// Runs an activation until it returns, throws or suspends at an `await`.
    fn exec(&mut self, mut act: Act, inject: Option<Flow>) -> Result<Outcome, CodeError> {
        self.stack.push(act.name.clone());
        let mut pending = match inject {
            Some(Flow::Normal(v)) => {
                act.stack.push(v);
                None
            }
            Some(Flow::Throw(e)) => Some(e),
            None => None,
        };
        let code = &self.codes[act.func].ops;
        loop {
            if let Some(e) = pending.take() {
                match act.tries.pop() {
                    Some((at, depth)) => {
                        act.stack.truncate(depth);
                        act.stack.push(e);
                        act.pc = at;
                    }
                    None => {
                        self.stack.pop();
                        return Ok(Outcome::Throw(e));
                    }
                }
            }
            let op = code[act.pc].clone();
            act.pc += 1;
            match op {
                Op::Undefined => act.stack.push(Value::Undefined),
                Op::Null => act.stack.push(Value::Null),
                Op::Bool(b) => act.stack.push(Value::Bool(b)),
                Op::Num(n) => act.stack.push(Value::Num(n)),
                Op::Str(s) => act.stack.push(Value::Str(s)),
                Op::Load(name, pos) => {
                    let v = self.load(act.env, &name, pos)?;
                    act.stack.push(v);
                }
                Op::Declare(name) => {
                    let v = act.stack.pop().expect("value");
                    let vars = &mut self.envs[act.env].vars;
                    match vars.iter_mut().find(|(n, _)| *n == name) {
                        Some(slot) => slot.1 = v,
                        None => vars.push((name, v)),
                    }
                }
                Op::Assign(name, pos) => {
                    let v = act.stack.last().cloned().expect("value");
                    let mut env = Some(act.env);
                    loop {
                        let Some(e) = env else {
                            return err(
                                pos,
                                format!("`{name}` is not declared (declare it with const or let)"),
                            );
                        };
                        if let Some(slot) = self.envs[e].vars.iter_mut().find(|(n, _)| *n == name) {
                            slot.1 = v;
                            break;
                        }
                        env = self.envs[e].parent;
                    }
                }
                Op::Closure(f) => {
                    self.closures.push((f, act.env));
                    act.stack.push(Value::Func(self.closures.len() - 1));
                }
                Op::Member(prop, pos) => {
                    let obj = act.stack.pop().expect("value");
                    act.stack.push(self.member(&obj, &prop, pos)?);
                }
                Op::Call(argc, pos) => {
                    let args = act.stack.split_off(act.stack.len() - argc);
                    let f = act.stack.pop().expect("callee");
                    match self.call(f, args, pos, true)? {
                        Flow::Normal(v) => act.stack.push(v),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::New(argc, pos) => {
                    let args = act.stack.split_off(act.stack.len() - argc);
                    let f = act.stack.pop().expect("callee");
                    match self.construct(f, args, pos)? {
                        Flow::Normal(v) => act.stack.push(v),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::Add => {
                    let b = act.stack.pop().expect("value");
                    let a = act.stack.pop().expect("value");
                    act.stack.push(match (&a, &b) {
                        (Value::Num(x), Value::Num(y)) => Value::Num(x + y),
                        _ if self.primitive(&a) && self.primitive(&b) => Value::Str(
                            format!("{}{}", self.inspect(&a, false), self.inspect(&b, false)).into(),
                        ),
                        _ => {
                            let pos = Pos { line: self.frames.last().map_or(0, |f| f.line), col: 1 };
                            return err(
                                pos,
                                "`+` works on strings, numbers, booleans, null and undefined in this subset",
                            );
                        }
                    });
                }
                Op::Await(pos) => {
                    let v = act.stack.pop().expect("value");
                    let p = self.promise_resolve(v);
                    let slot = self.suspended.len();
                    act.await_line = pos.line;
                    let name = act.name.to_string();
                    self.suspended.push(Some(act));
                    self.perform_then(p, Handler::Resume(slot), Handler::Resume(slot), None);
                    let r = self.record(pos.line, StepKind::Await { name });
                    self.stack.pop();
                    r?;
                    return Ok(Outcome::Suspended);
                }
                Op::Pop => {
                    act.stack.pop();
                }
                Op::Return => {
                    self.stack.pop();
                    return Ok(Outcome::Return(act.stack.pop().expect("value")));
                }
                Op::Throw => pending = Some(act.stack.pop().expect("value")),
                Op::Try(at) => act.tries.push((at, act.stack.len())),
                Op::EndTry => {
                    act.tries.pop();
                }
                Op::Jump(at) => act.pc = at,
                Op::Step(line) => {
                    if let Err(e) = self.record(line, StepKind::Statement) {
                        self.stack.pop();
                        return Err(e);
                    }
                }
            }
        }
    }

    fn load(&self, env: usize, name: &str, pos: Pos) -> Result<Value, CodeError> {
        let mut e = Some(env);
        while let Some(i) = e {
            if let Some((_, v)) = self.envs[i].vars.iter().rev().find(|(n, _)| &**n == name) {
                return Ok(v.clone());
            }
            e = self.envs[i].parent;
        }
        Ok(Value::Builtin(match name {
            "console" => Builtin::Console,
            "process" => Builtin::Process,
            "setTimeout" => Builtin::SetTimeout,
            "setImmediate" => Builtin::SetImmediate,
            "clearTimeout" => Builtin::ClearTimeout,
            "clearImmediate" => Builtin::ClearImmediate,
            "queueMicrotask" => Builtin::QueueMicrotask,
            "Promise" => Builtin::Promise,
            _ => {
                return err(
                    pos,
                    format!("`{name}` is not defined (or not in the supported JavaScript subset)"),
                )
            }
        }))
    }

    fn member(&self, obj: &Value, prop: &str, pos: Pos) -> Result<Value, CodeError> {
        Ok(match (obj, prop) {
            (Value::Builtin(Builtin::Console), "log" | "info") => Value::Builtin(Builtin::Log),
            (Value::Builtin(Builtin::Process), "nextTick") => Value::Builtin(Builtin::NextTick),
            (Value::Builtin(Builtin::Promise), "resolve") => Value::Builtin(Builtin::PromiseResolve),
            (Value::Builtin(Builtin::Promise), "reject") => Value::Builtin(Builtin::PromiseReject),
            (Value::Promise(p), "then") => Value::Method(Method::Then, *p),
            (Value::Promise(p), "catch") => Value::Method(Method::Catch, *p),
            (Value::Promise(p), "finally") => Value::Method(Method::Finally, *p),
            _ => {
                return err(
                    pos,
                    format!(
                        "`{}.{prop}` is not in the supported JavaScript subset (see the README's Code lab section)",
                        self.short(obj)
                    ),
                )
            }
        })
    }

    fn short(&self, v: &Value) -> String {
        match v {
            Value::Builtin(b) => match b {
                Builtin::Console => "console".into(),
                Builtin::Process => "process".into(),
                Builtin::Promise => "Promise".into(),
                other => format!("{other:?}"),
            },
            Value::Promise(_) => "promise".into(),
            other => self.inspect(other, true),
        }
    }

    /// `new Promise(executor)`.
    fn construct(&mut self, f: Value, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
        if !matches!(f, Value::Builtin(Builtin::Promise)) {
            return err(pos, "only `new Promise(…)` is in the supported JavaScript subset");
        }
        let executor = args.into_iter().next().unwrap_or(Value::Undefined);
        if !self.callable(&executor) {
            return err(pos, "new Promise needs a function: new Promise((resolve, reject) => { … })");
        }
        let p = self.new_promise();
        let flag = self.flags.len();
        self.flags.push(false);
        let res = self.native(Native::Resolve { p, reject: false, flag });
        let rej = self.native(Native::Resolve { p, reject: true, flag });
        if let Flow::Throw(e) = self.call(executor, vec![res, rej.clone()], pos, true)? {
            self.call(rej, vec![e], pos, false)?;
        }
        Ok(Flow::Normal(Value::Promise(p)))
    }

    // ---- promises ------------------------------------------------------------------------

    /// `PromiseResolve(%Promise%, v)`: a promise is used as it is.
    fn promise_resolve(&mut self, v: Value) -> usize {
        if let Value::Promise(p) = v {
            return p;
        }
        let p = self.new_promise();
        self.fulfill(p, v);
        p
    }

    /// A promise's resolve function: adopting another promise costs a job of its own.
    fn resolve(&mut self, p: usize, v: Value) {
        match v {
            Value::Promise(q) if q == p => {
                self.reject(p, Value::Str("TypeError: Chaining cycle detected for promise #<Promise>".into()))
            }
            Value::Promise(q) => self.microtasks.push_back(Job::Adopt { p, thenable: q }),
            v => self.fulfill(p, v),
        }
    }

    fn fulfill(&mut self, p: usize, v: Value) {
        self.promises[p].state = State::Fulfilled(v.clone());
        for r in std::mem::take(&mut self.promises[p].reactions) {
            self.microtasks.push_back(Job::Reaction {
                handler: r.fulfilled,
                derived: r.derived,
                arg: v.clone(),
                rejected: false,
            });
        }
    }

    fn reject(&mut self, p: usize, e: Value) {
        self.promises[p].state = State::Rejected(e.clone());
        if !self.promises[p].handled {
            self.unhandled.push(p);
        }
        for r in std::mem::take(&mut self.promises[p].reactions) {
            self.microtasks.push_back(Job::Reaction {
                handler: r.rejected,
                derived: r.derived,
                arg: e.clone(),
                rejected: true,
            });
        }
    }

    /// `promise.then(on_fulfilled, on_rejected)`: returns the derived promise.
    fn then(&mut self, p: usize, on_fulfilled: Value, on_rejected: Value) -> Value {
        let d = self.new_promise();
        let h = |vm: &Self, v: Value| if vm.callable(&v) { Handler::Call(v) } else { Handler::None };
        let (f, r) = (h(self, on_fulfilled), h(self, on_rejected));
        self.perform_then(p, f, r, Some(d));
        Value::Promise(d)
    }

    fn perform_then(&mut self, p: usize, fulfilled: Handler, rejected: Handler, derived: Option<usize>) {
        match self.promises[p].state.clone() {
            State::Pending => self.promises[p].reactions.push(Reaction { derived, fulfilled, rejected }),
            State::Fulfilled(v) => self.microtasks.push_back(Job::Reaction {
                handler: fulfilled,
                derived,
                arg: v,
                rejected: false,
            }),
            State::Rejected(e) => {
                self.unhandled.retain(|&u| u != p);
                self.microtasks.push_back(Job::Reaction {
                    handler: rejected,
                    derived,
                    arg: e,
                    rejected: true,
                })
            }
        }
        self.promises[p].handled = true;
    }

    // ---- printing --------------------------------------------------------------------------

    fn primitive(&self, v: &Value) -> bool {
        matches!(v, Value::Undefined | Value::Null | Value::Bool(_) | Value::Num(_) | Value::Str(_))
    }

    /// What `console.log` prints (`nested`: a string inside something else gets quotes).
    fn inspect(&self, v: &Value, nested: bool) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number(*n),
            Value::Str(s) if nested => {
                if s.contains('\'') && !s.contains('"') {
                    format!("\"{s}\"")
                } else {
                    format!("'{}'", s.replace('\'', "\\'"))
                }
            }
            Value::Str(s) => s.to_string(),
            Value::Promise(p) => match &self.promises[*p].state {
                State::Pending => "Promise { <pending> }".into(),
                State::Fulfilled(v) => format!("Promise {{ {} }}", self.inspect(v, true)),
                State::Rejected(v) => format!("Promise {{ <rejected> {} }}", self.inspect(v, true)),
            },
            Value::Func(c) => {
                let f = &self.funcs[self.closures[*c].0];
                let kind = if f.is_async { "AsyncFunction" } else { "Function" };
                match &f.name {
                    Some(n) => format!("[{kind}: {n}]"),
                    None => format!("[{kind} (anonymous)]"),
                }
            }
            Value::Native(_) | Value::Method(..) => "[Function (anonymous)]".into(),
            Value::Builtin(b) => format!("[{}]", self.short(&Value::Builtin(*b))),
            Value::Timer(_) => "Timeout {…}".into(),
            Value::Immediate(_) => "Immediate {…}".into(),
        }
    }
}

impl Value {
    /// Identity for callables (the same closure or runtime function).
    fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Func(a), Value::Func(b)) | (Value::Native(a), Value::Native(b)) => a == b,
            _ => false,
        }
    }
}

/// `Number.prototype.toString()` for the numbers a program can write.
fn number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return if n.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let a = n.abs();
    if !(1e-6..1e21).contains(&a) {
        let s = format!("{n:e}");
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        };
    }
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(src: &str) -> CodeError {
        run(src).unwrap_err()
    }

    #[test]
    fn outside_the_subset_is_an_error_with_line_and_column() {
        let e = error("console.log(1);\n  while (true) {}\n");
        assert_eq!((e.line, e.col), (2, 3));
        assert!(
            e.message.contains("`while` loop is not in the supported JavaScript subset"),
            "{}",
            e.message
        );
        let e = error("const x = [1, 2];");
        assert_eq!((e.line, e.col, e.message.contains("array literal")), (1, 11, true));
        let e = error("await Promise.resolve();");
        assert!(e.message.contains("only valid inside an async function"), "{}", e.message);
        let e = error("console.log('never closed);");
        assert_eq!((e.line, e.col), (1, 13));
        let e = error("undefinedThing();");
        assert!(e.message.contains("`undefinedThing` is not defined"), "{}", e.message);
        let e = error("function f() { f(); }\nf();");
        assert!(e.message.contains("calls nest more than"), "{}", e.message);
        let e = error("function f() { setTimeout(f, 0); }\nf();");
        assert_eq!(e, too_many_steps());
    }

    #[test]
    fn frames_show_the_stack_the_queues_and_the_await() {
        let t = run("async function main() {\n  console.log('a');\n  await null;\n  console.log('b');\n}\nmain();\nconsole.log('c');\n")
            .unwrap();
        assert_eq!(t.output, ["a", "c", "b"]);
        let kinds: Vec<&StepKind> = t.frames.iter().map(|f| &f.kind).collect();
        assert_eq!(kinds[0], &StepKind::Start);
        assert_eq!(kinds[1], &StepKind::Call { name: "main".into() });
        // Line 2 runs inside main, called from the main script.
        assert_eq!(
            (t.frames[2].line, t.frames[2].stack.clone()),
            (2, vec!["(main script)".into(), "main".into()])
        );
        assert_eq!(t.frames[2].output_len, 1);
        let aw = t.frames.iter().position(|f| matches!(f.kind, StepKind::Await { .. })).unwrap();
        assert_eq!(t.frames[aw].line, 3);
        // After the await, main's resumption waits in the microtask queue while the script goes on.
        let after = &t.frames[aw + 1];
        let micro = &after.queues[1];
        assert_eq!(micro.kind, QueueKind::Microtask);
        assert_eq!(micro.items[0].kind, ItemKind::Resume);
        assert_eq!((micro.items[0].label.as_str(), micro.items[0].line), ("main", 3));
        let resume = t
            .frames
            .iter()
            .position(|f| matches!(&f.kind, StepKind::Dequeue { queue: QueueKind::Microtask, .. }))
            .unwrap();
        assert!(t.frames[resume].stack.is_empty(), "the loop runs jobs on an empty stack");
        assert_eq!(t.frames.last().unwrap().kind, StepKind::Exit);
    }

    #[test]
    fn timers_move_the_clock_and_print_like_node() {
        let t = run("setTimeout(() => console.log('late', 2.5, -0, null, undefined, true), 150);\nconsole.log(Promise.resolve('x'), 1e21);")
            .unwrap();
        assert_eq!(t.output, ["Promise { 'x' } 1e+21", "late 2.5 -0 null undefined true"]);
        let wait = t.frames.iter().find(|f| matches!(f.kind, StepKind::Wait { .. })).unwrap();
        assert_eq!(wait.kind, StepKind::Wait { until_us: 150_000 });
        assert_eq!(wait.queues[2].items[0].due_us, Some(150_000));
    }
}
