//! The builtins and asyncio, as CPython 3.11 implements them: `print`; coroutine objects;
//! `asyncio.sleep`, `create_task`, `gather` and `run`; tasks, futures and their done callbacks;
//! timer handles (`call_later`); and the event loop: `BaseEventLoop._run_once` with its ready
//! batches, and `Task.__step`, which runs a task's coroutines until one suspends.

use std::rc::Rc;

use super::parser::{Callee, Func};
use super::print::type_name;
use super::vm::{Awaited, CoFrame, Ctx, Flow, Machine, Value};
use super::{error, unsupported, Pos, R};
use crate::{QueueKind, Race, RaceKind, StepKind, RACE_WINDOW_US};

/// Deeper chains of coroutines awaiting one another are a `RecursionError` (CPython allows about
/// 1000; every frame records the whole stack, so the model stops earlier).
const MAX_DEPTH: usize = 100;

pub(super) struct Coro {
    pub(super) kind: CoroKind,
    /// Awaited or wrapped in a task already: cannot be awaited again.
    used: bool,
}

pub(super) enum CoroKind {
    User {
        func: Rc<Func>,
        args: Vec<Value>,
    },
    /// `asyncio.sleep`: a timer after this many µs, or a bare `yield` (`None`) for `s <= 0`.
    Sleep {
        timer: Option<u64>,
        label: String,
    },
}

pub(super) struct Fut {
    pub(super) kind: FutKind,
    result: Option<Value>,
    callbacks: Vec<Callback>,
    /// The line that created it.
    pub(super) line: u32,
    /// Which `asyncio.run` it belongs to.
    loop_id: usize,
}

pub(super) enum FutKind {
    Sleep(String),
    Task(usize),
    /// `_GatheringFuture`: children in argument order, and how many distinct ones are not done.
    Gather {
        children: Vec<usize>,
        pending: usize,
    },
}

/// A done callback of a future.
#[derive(Clone, Copy)]
pub(super) enum Callback {
    /// `Task.__wakeup` of this task.
    Wakeup(usize),
    /// `gather`'s `_done_callback` for this outer future.
    Gather(usize),
    /// `_run_until_complete_cb`: stops the loop.
    Stop,
}

/// A handle in `_ready`.
pub(super) enum Handle {
    /// `Task.__step`: a task's first step, or its step after a bare `yield`.
    Step(usize),
    /// A timer handle whose time came: completes its sleep future.
    Timer(Timer),
    /// A done callback, with the future that completed.
    Done(Callback, usize),
}

pub(super) struct Timer {
    pub(super) when: u64,
    seq: u64,
    created: u64,
    fut: usize,
    pub(super) label: String,
    pub(super) line: u32,
    /// Already reported as a `TimerVsReady` race.
    raced: bool,
}

pub(super) enum Status {
    Ready,
    Running,
    Waiting(String),
    Done,
}

pub(super) struct Task {
    pub(super) name: String,
    pub(super) coro: usize,
    fut: usize,
    /// The coroutines that wait for the running or suspended one (the latter on top when suspended).
    pub(super) stack: Vec<CoFrame>,
    pub(super) status: Status,
    pub(super) started: bool,
    /// The line the task is at (or will start at).
    pub(super) line: u32,
}

/// Builtins and asyncio's functions, tasks and futures.
impl Machine {
    pub(super) fn call(
        &mut self,
        ctx: Ctx,
        frame: &mut CoFrame,
        callee: Callee,
        mut args: Vec<Value>,
        pos: Pos,
    ) -> R<Value> {
        let (name, want) = match callee {
            Callee::Print => {
                let parts = args.iter().map(|a| self.text(a, false)).collect::<Result<Vec<_>, _>>();
                let text = parts.map_err(|m| error(pos, m))?.join(" ");
                self.output.extend(text.split('\n').map(str::to_string));
                return Ok(Value::None);
            }
            Callee::Value => {
                return match frame.values.pop() {
                    Some(Value::Func(f)) => self.coroutine(f, args, pos),
                    other => {
                        let t = type_name(&other.unwrap_or(Value::None), self);
                        Err(error(pos, format!("TypeError: '{t}' object is not callable")))
                    }
                };
            }
            Callee::Gather => ("gather", None),
            Callee::Sleep => ("sleep", Some(1)),
            Callee::CreateTask => ("create_task", Some(1)),
            Callee::Run => ("run", Some(1)),
        };
        if !matches!(self.globals.get("asyncio"), Some(Value::Module)) {
            return Err(error(pos, "NameError: name 'asyncio' is not defined (add `import asyncio`)"));
        }
        if want.is_some_and(|n| n != args.len()) {
            return Err(error(
                pos,
                format!("TypeError: asyncio.{name}() takes 1 argument here ({} given)", args.len()),
            ));
        }
        let in_loop = matches!(ctx, Ctx::Task(_));
        if !in_loop && !matches!(callee, Callee::Run | Callee::Sleep) {
            return Err(error(
                pos,
                format!("RuntimeError: no running event loop (call asyncio.{name}() inside a coroutine)"),
            ));
        }
        if let Callee::Gather = callee {
            return self.gather(args, pos);
        }
        let arg = args.pop().unwrap_or(Value::None);
        match callee {
            Callee::Sleep => self.sleep(arg, pos),
            Callee::CreateTask => {
                let c = self.claim(arg, pos, "TypeError")?;
                let t = self.new_task(c, pos.line);
                Ok(Value::Fut(self.tasks[t].fut))
            }
            _ if in_loop => {
                Err(error(pos, "RuntimeError: asyncio.run() cannot be called from a running event loop"))
            }
            _ => self.run_main(arg, pos),
        }
    }

    /// Calling an `async def` function makes a coroutine object; nothing runs yet.
    fn coroutine(&mut self, f: usize, args: Vec<Value>, pos: Pos) -> R<Value> {
        let func = Rc::clone(&self.funcs[f]);
        let (n, want) = (args.len(), func.params.len());
        if n > want {
            let s = if want == 1 { "" } else { "s" };
            let verb = if n == 1 { "was" } else { "were" };
            let msg = format!(
                "TypeError: {}() takes {want} positional argument{s} but {n} {verb} given",
                func.name
            );
            return Err(error(pos, msg));
        }
        if n < want {
            let missing: Vec<String> = func.params[n..].iter().map(|p| format!("'{p}'")).collect();
            let names = match missing.as_slice() {
                [a] => a.clone(),
                [a, b] => format!("{a} and {b}"),
                [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
                [] => String::new(),
            };
            let s = if missing.len() == 1 { "" } else { "s" };
            let msg = format!(
                "TypeError: {}() missing {} required positional argument{s}: {names}",
                func.name,
                missing.len()
            );
            return Err(error(pos, msg));
        }
        self.coros.push(Coro { kind: CoroKind::User { func, args }, used: false });
        Ok(Value::Coro(self.coros.len() - 1))
    }

    fn sleep(&mut self, arg: Value, pos: Pos) -> R<Value> {
        let s = match arg {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            Value::Bool(b) => f64::from(u8::from(b)),
            other => {
                let t = type_name(&other, self);
                return Err(error(
                    pos,
                    format!("TypeError: '<=' not supported between instances of '{t}' and 'int'"),
                ));
            }
        };
        if s.is_nan() || s.is_infinite() {
            return Err(unsupported(pos, "sleeping for `nan` or `inf` seconds is"));
        }
        let label = format!("sleep({})", self.text(&arg, true).unwrap_or_default());
        // `sleep(s <= 0)` is a bare `yield`; anything longer is a `call_later` timer.
        let timer = (s > 0.0).then(|| (s * 1e6).round() as u64);
        self.coros.push(Coro { kind: CoroKind::Sleep { timer, label }, used: false });
        Ok(Value::Coro(self.coros.len() - 1))
    }

    /// Takes a coroutine object for a task (or for `asyncio.run`).
    fn claim(&mut self, v: Value, pos: Pos, exception: &str) -> R<usize> {
        match v {
            Value::Coro(c) if self.coros[c].used => {
                Err(error(pos, "RuntimeError: cannot reuse already awaited coroutine"))
            }
            Value::Coro(c) => {
                self.coros[c].used = true;
                Ok(c)
            }
            other => {
                let shown =
                    self.text(&other, true).unwrap_or_else(|_| format!("a {}", type_name(&other, self)));
                Err(error(pos, format!("{exception}: a coroutine was expected, got {shown}")))
            }
        }
    }

    fn new_fut(&mut self, kind: FutKind, line: u32) -> usize {
        self.futs.push(Fut { kind, result: None, callbacks: vec![], line, loop_id: self.loop_id });
        self.futs.len() - 1
    }

    /// `loop.create_task`: the task's first `__step` is queued at once.
    fn new_task(&mut self, coro: usize, line: u32) -> usize {
        let t = self.tasks.len();
        self.task_counter += 1;
        let fut = self.new_fut(FutKind::Task(t), line);
        let line = match &self.coros[coro].kind {
            CoroKind::User { func, .. } => func.line,
            CoroKind::Sleep { .. } => line,
        };
        let name = format!("Task-{}", self.task_counter);
        self.tasks.push(Task { name, coro, fut, stack: vec![], status: Status::Ready, started: false, line });
        self.live.push(t);
        self.ready.push_back(Handle::Step(t));
        t
    }

    fn add_done_callback(&mut self, fut: usize, cb: Callback) {
        if self.futs[fut].result.is_some() {
            self.queue_callback(cb, fut);
        } else {
            self.futs[fut].callbacks.push(cb);
        }
    }

    fn queue_callback(&mut self, cb: Callback, fut: usize) {
        if let Callback::Wakeup(t) = cb {
            self.tasks[t].status = Status::Ready;
        }
        self.ready.push_back(Handle::Done(cb, fut));
    }

    /// `Future.set_result`: every done callback is queued with `call_soon`, in the order added.
    fn set_result(&mut self, fut: usize, v: Value) {
        self.futs[fut].result = Some(v);
        for cb in std::mem::take(&mut self.futs[fut].callbacks) {
            self.queue_callback(cb, fut);
        }
    }

    /// `loop.call_later`, flagging timers whose order a real machine might not keep.
    fn add_timer(&mut self, delay: u64, fut: usize, label: String, line: u32) {
        let when = self.now.saturating_add(delay);
        let timer = Timer { when, seq: self.timer_seq, created: self.now, fut, label, line, raced: false };
        self.timer_seq += 1;
        for p in &self.scheduled {
            // A timer made later in the same instant and due no earlier is later in reality too.
            let ordered = p.created == self.now && when >= p.when;
            if p.when.abs_diff(when) <= RACE_WINDOW_US && !ordered {
                let (a, b) = if p.when <= when { (p, &timer) } else { (&timer, p) };
                self.races.push(Race {
                    kind: RaceKind::CloseTimers,
                    frame: self.frames.len(),
                    first: a.label.clone(),
                    first_line: a.line,
                    second: b.label.clone(),
                    second_line: b.line,
                });
            }
        }
        let at = self.scheduled.partition_point(|t| (t.when, t.seq) <= (when, timer.seq));
        self.scheduled.insert(at, timer);
    }

    /// `asyncio.gather`: coroutines become tasks (queued in argument order), futures are used as
    /// they are; each distinct child gets `_done_callback` (queued at once if it is done).
    fn gather(&mut self, args: Vec<Value>, pos: Pos) -> R<Value> {
        let outer = self.new_fut(FutKind::Gather { children: vec![], pending: 0 }, pos.line);
        let mut seen: Vec<(bool, usize, usize)> = vec![];
        let mut children = vec![];
        for arg in args {
            let key = match arg {
                Value::Coro(c) => (false, c),
                Value::Fut(f) => (true, f),
                other => {
                    let t = type_name(&other, self);
                    return Err(error(
                        pos,
                        format!(
                            "TypeError: An asyncio.Future, a coroutine or an awaitable is required (got {t})"
                        ),
                    ));
                }
            };
            if let Some(&(_, _, f)) = seen.iter().find(|(is_fut, id, _)| (*is_fut, *id) == key) {
                children.push(f);
                continue;
            }
            let f = match key {
                (true, f) if self.futs[f].loop_id != self.loop_id => {
                    return Err(error(pos, "ValueError: futures are tied to different event loops (this one is from an earlier asyncio.run)"));
                }
                (true, f) => f,
                (false, c) => {
                    let c = self.claim(Value::Coro(c), pos, "TypeError")?;
                    let t = self.new_task(c, pos.line);
                    self.tasks[t].fut
                }
            };
            seen.push((key.0, key.1, f));
            self.add_done_callback(f, Callback::Gather(outer));
            children.push(f);
        }
        if seen.is_empty() {
            self.futs[outer].result = Some(Value::List(vec![]));
        }
        self.futs[outer].kind = FutKind::Gather { children, pending: seen.len() };
        Ok(Value::Fut(outer))
    }

    /// `asyncio.run`: a new loop runs the main task until the batch in which
    /// `_run_until_complete_cb` runs ends; then every task still pending is cancelled (with no
    /// `try` in the subset, a cancelled task prints nothing more).
    fn run_main(&mut self, arg: Value, pos: Pos) -> R<Value> {
        let c = self.claim(arg, pos, "ValueError")?;
        self.loop_id += 1;
        let main = self.new_task(c, pos.line);
        let fut = self.tasks[main].fut;
        self.futs[fut].callbacks.push(Callback::Stop);
        self.stopping = false;
        while !self.stopping {
            self.run_once(pos)?;
        }
        for t in std::mem::take(&mut self.live) {
            self.tasks[t].status = Status::Done;
        }
        self.ready.clear();
        self.scheduled.clear();
        // `Runner.close()` runs `shutdown_asyncgens()` and `shutdown_default_executor()` as tasks.
        self.task_counter += 2;
        Ok(self.futs[fut].result.clone().unwrap_or(Value::None))
    }

    /// `BaseEventLoop._run_once`.
    ///
    /// Timers due at the same simulated moment fire in one batch here, but in reality each was
    /// created a little later than the one before, so the loop may wake between their due times
    /// and fire the later ones a batch (or several) later. That reorders output only if an
    /// earlier timer's wake-up queues something that would then run before a later one's
    /// wake-up: such a batch is flagged as a `TimerVsReady` race.
    fn run_once(&mut self, pos: Pos) -> R<()> {
        let check_wakeups = std::mem::take(&mut self.several_timers_fired);
        if self.ready.is_empty() {
            let Some(next) = self.scheduled.front() else {
                return Err(error(pos, "nothing is left to run but the main coroutine has not finished: the program would wait forever"));
            };
            self.now = self.now.max(next.when);
            self.move_due_timers();
            self.several_timers_fired = self.ready.len() > 1;
            self.record(StepKind::Wait { until_us: self.now }, 0, vec![])?;
        } else {
            self.move_due_timers();
        }
        self.flag_timers_near_ready();
        let mut check_wakeups = check_wakeups;
        for left in (0..self.ready.len()).rev() {
            let Some(h) = self.ready.pop_front() else { break };
            let before = self.ready.len();
            self.run_handle(h)?;
            if check_wakeups && left > 0 && self.flag_split_timers(before) {
                check_wakeups = false;
            }
        }
        Ok(())
    }

    /// After a wake-up of a timer that fired with others: does what it queued (from index
    /// `queued` on) matter to the wake-ups still waiting in this batch? A `_done_callback` of a
    /// gather that still waits for other children does nothing.
    fn flag_split_timers(&mut self, queued: usize) -> bool {
        let relevant = self.ready.iter().skip(queued).find(|h| match h {
            Handle::Done(Callback::Gather(outer), _) => {
                let callbacks = self
                    .ready
                    .iter()
                    .filter(|o| matches!(o, Handle::Done(Callback::Gather(x), _) if x == outer))
                    .count();
                !matches!(self.futs[*outer].kind, FutKind::Gather { pending, .. } if pending > callbacks)
            }
            _ => true,
        });
        let (Some(second), Some(first)) = (relevant, self.ready.front()) else { return false };
        let (first, second) = (self.handle_item(first), self.handle_item(second));
        self.races.push(Race {
            kind: RaceKind::TimerVsReady,
            frame: self.frames.len(),
            first: first.label,
            first_line: first.line,
            second: second.label,
            second_line: second.line,
        });
        true
    }

    fn move_due_timers(&mut self) {
        while self.scheduled.front().is_some_and(|t| t.when <= self.now) {
            if let Some(t) = self.scheduled.pop_front() {
                self.ready.push_back(Handle::Timer(t));
            }
        }
    }

    /// A timer due within the window while handles are ready could, on a slower machine, be
    /// due already and join this batch.
    fn flag_timers_near_ready(&mut self) {
        let Some(head) = self.ready.front() else { return };
        let first = self.handle_item(head);
        let limit = self.now.saturating_add(RACE_WINDOW_US);
        for t in self.scheduled.iter_mut().take_while(|t| t.when <= limit).filter(|t| !t.raced) {
            t.raced = true;
            self.races.push(Race {
                kind: RaceKind::TimerVsReady,
                frame: self.frames.len(),
                first: first.label.clone(),
                first_line: first.line,
                second: t.label.clone(),
                second_line: t.line,
            });
        }
    }

    fn run_handle(&mut self, h: Handle) -> R<()> {
        let item = self.handle_item(&h);
        let dequeue = StepKind::Dequeue { queue: QueueKind::Ready, label: item.label };
        match h {
            Handle::Step(t) => {
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                let input = if self.tasks[t].started { Some(Value::None) } else { None };
                self.step(t, input)
            }
            Handle::Done(Callback::Wakeup(t), fut) => {
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                let v = self.futs[fut].result.clone().unwrap_or(Value::None);
                self.step(t, Some(v))
            }
            Handle::Timer(timer) => {
                self.set_result(timer.fut, Value::None);
                self.record(dequeue, item.line, vec![])
            }
            Handle::Done(Callback::Gather(outer), _) => {
                let done = match &mut self.futs[outer].kind {
                    FutKind::Gather { children, pending } => {
                        *pending = pending.saturating_sub(1);
                        (*pending == 0).then(|| children.clone())
                    }
                    _ => None,
                };
                if let Some(children) = done {
                    let results = children
                        .iter()
                        .map(|&c| self.futs[c].result.clone().unwrap_or(Value::None))
                        .collect();
                    self.set_result(outer, Value::List(results));
                }
                self.record(dequeue, item.line, vec![])
            }
            Handle::Done(Callback::Stop, _) => {
                self.stopping = true;
                self.record(dequeue, item.line, vec![])
            }
        }
    }

    /// `Task.__step`: runs the task's coroutines until one suspends or the task's own returns.
    /// `input` is `None` for the first step, else the value the suspended `await` receives.
    fn step(&mut self, t: usize, input: Option<Value>) -> R<()> {
        let ctx = Ctx::Task(t);
        let mut next = match input {
            None => {
                self.tasks[t].started = true;
                let (coro, line) = (self.tasks[t].coro, self.tasks[t].line);
                self.enter(t, coro, Pos { line, col: 1 })?
            }
            Some(v) => Awaited::Value(v),
        };
        loop {
            let mut frame = match next {
                Awaited::Suspended => {
                    let (name, line, stack) = (self.task_label(t), self.tasks[t].line, self.stack(ctx, None));
                    return self.record(StepKind::Await { name }, line, stack);
                }
                Awaited::Enter(f) => {
                    self.tasks[t].line = f.line;
                    if !self.tasks[t].stack.is_empty() {
                        let stack = self.stack(ctx, Some(&f));
                        self.record(StepKind::Call { name: format!("{}()", f.func.name) }, f.line, stack)?;
                    }
                    f
                }
                Awaited::Value(v) => match self.tasks[t].stack.pop() {
                    None => return self.finish(t, v),
                    Some(mut f) => {
                        f.values.push(v);
                        self.tasks[t].line = f.line;
                        f
                    }
                },
            };
            next = match self.exec(ctx, &mut frame)? {
                Flow::Return(v) => {
                    if let Some(line) = self.tasks[t].stack.last().map(|caller| caller.line) {
                        self.tasks[t].line = line;
                        let stack = self.stack(ctx, None);
                        self.record(
                            StepKind::Return { name: format!("{}()", frame.func.name) },
                            line,
                            stack,
                        )?;
                    }
                    Awaited::Value(v)
                }
                Flow::Await(v, pos) => {
                    self.tasks[t].stack.push(frame);
                    self.await_value(t, v, pos)?
                }
            };
        }
    }

    fn await_value(&mut self, t: usize, v: Value, pos: Pos) -> R<Awaited> {
        match v {
            Value::Coro(c) if self.coros[c].used => {
                Err(error(pos, "RuntimeError: cannot reuse already awaited coroutine"))
            }
            Value::Coro(c) => {
                self.coros[c].used = true;
                self.enter(t, c, pos)
            }
            Value::Fut(f) => {
                if let Some(v) = &self.futs[f].result {
                    return Ok(Awaited::Value(v.clone()));
                }
                if self.futs[f].loop_id != self.loop_id {
                    return Err(error(pos, "RuntimeError: the awaited task belongs to an earlier asyncio.run (a different event loop)"));
                }
                self.tasks[t].status = Status::Waiting(self.fut_name(f));
                self.futs[f].callbacks.push(Callback::Wakeup(t));
                Ok(Awaited::Suspended)
            }
            other => {
                let t = type_name(&other, self);
                Err(error(pos, format!("TypeError: object {t} can't be used in 'await' expression")))
            }
        }
    }

    /// Starts running coroutine `c` in task `t`.
    fn enter(&mut self, t: usize, c: usize, pos: Pos) -> R<Awaited> {
        match &mut self.coros[c].kind {
            CoroKind::User { func, args } => {
                if self.tasks[t].stack.len() >= MAX_DEPTH {
                    let msg = format!("RecursionError: more than {MAX_DEPTH} coroutines await one another");
                    return Err(error(pos, msg));
                }
                Ok(Awaited::Enter(CoFrame::new(Rc::clone(func), std::mem::take(args))))
            }
            CoroKind::Sleep { timer: None, .. } => {
                self.tasks[t].status = Status::Ready;
                self.ready.push_back(Handle::Step(t));
                Ok(Awaited::Suspended)
            }
            CoroKind::Sleep { timer: Some(delay), label } => {
                let (delay, label) = (*delay, label.clone());
                let fut = self.new_fut(FutKind::Sleep(label.clone()), pos.line);
                self.add_timer(delay, fut, label.clone(), self.tasks[t].line);
                self.futs[fut].callbacks.push(Callback::Wakeup(t));
                self.tasks[t].status = Status::Waiting(label);
                Ok(Awaited::Suspended)
            }
        }
    }

    /// The task's own coroutine returned: `set_result` queues its done callbacks.
    fn finish(&mut self, t: usize, v: Value) -> R<()> {
        self.tasks[t].status = Status::Done;
        self.live.retain(|&x| x != t);
        self.set_result(self.tasks[t].fut, v);
        self.record(StepKind::Return { name: self.task_label(t) }, 0, vec![])
    }
}
