//! asyncio's core as CPython 3.11 runs it: futures with their done callbacks, tasks
//! (`Task.__step`, `__wakeup`, `cancel` with `_must_cancel` and `_fut_waiter`), `gather`,
//! timer and `call_soon` handles, and the event loop's `_run_once` with its ready batches.
//! The rest of asyncio (locks, queues, `wait_for`, `TaskGroup`, …) is Python, in `prelude.py`,
//! built on these.

use std::rc::Rc;

use super::value::*;
use super::vm::{Ctx, Fault, Flow, Frame, Machine, Resume, X};
use super::{error, Pos};
use crate::{QueueKind, Race, RaceKind, StepKind, RACE_WINDOW_US};

/// Deeper chains of coroutines awaiting one another are refused.
const MAX_AWAIT_DEPTH: usize = 100;
/// How much later than due, at most, a timer fires per sleep before it in its task's chain
/// (each sleep's wake-up and the code after it take real time, which adds up).
const DRIFT_PER_HOP_US: u64 = 500;
/// More tasks than this in one run are refused.
const MAX_TASKS: usize = 5_000;

#[derive(Clone, Debug)]
pub(super) enum FState {
    Pending,
    Result(Value),
    Exc(Value),
    Cancelled(Option<Value>),
}

pub(super) enum FutKind {
    Plain,
    Sleep(String),
    Task(usize),
    Gather {
        children: Vec<usize>,
        nfuts: usize,
        finished: usize,
        return_exceptions: bool,
        cancel_requested: bool,
    },
}

pub(super) struct Fut {
    pub(super) state: FState,
    pub(super) callbacks: Vec<Callback>,
    pub(super) kind: FutKind,
    pub(super) line: u32,
    pub(super) loop_id: usize,
}

#[derive(Clone, Debug)]
pub(super) enum Callback {
    Wakeup(usize),
    Gather(usize),
    Stop,
    Py(Value),
}

pub(super) enum Handle {
    /// `Task.__step(exc)`; the value a bare `yield` resumes with is the task's `resume_value`.
    Step(usize, Option<Value>),
    Done(Callback, usize),
    Timer(Timer),
    /// `call_soon(f, *args)`: the handle's id (for `cancel`).
    Call(usize),
}

pub(super) enum Action {
    /// `futures._set_result_unless_cancelled(fut, result)` (asyncio.sleep's timer).
    SleepDone(usize, Value),
    Call(Value, Vec<Value>),
}

pub(super) struct TimerHandle {
    pub(super) cancelled: bool,
    pub(super) action: Option<Action>,
    pub(super) when: u64,
    pub(super) label: String,
    pub(super) line: u32,
}

pub(super) struct Timer {
    /// How many sleeps the task that made it had done before.
    pub(super) chain: u32,
    pub(super) when: u64,
    pub(super) seq: u64,
    pub(super) created: u64,
    pub(super) id: usize,
    pub(super) label: String,
    pub(super) line: u32,
    pub(super) raced: bool,
}

/// The timers one wake-up of the loop fired together (due at the same simulated moment). In
/// CPython each of them is really due a little after the one created before it (`when =
/// loop.time() + delay`, and the clock moves between any two calls), so the loop may wake
/// between them: then the handles the earlier timers' callbacks queued run before the later
/// timers' callbacks. The iteration after the batch checks whether that could change anything.
#[derive(Default)]
pub(super) struct Batch {
    /// The fired timers in the order they fired.
    pub(super) timers: Vec<Fired>,
    /// For each handle the batch queued (in queue order), the position in `timers` of the
    /// timer whose callback queued it.
    pub(super) origins: Vec<usize>,
    /// Futures the next iteration's handles tried to cancel so far.
    pub(super) cancelled_futs: Vec<usize>,
    /// Timer handles they cancelled.
    pub(super) cancelled_timers: Vec<usize>,
}

/// One timer of a [`Batch`].
pub(super) struct Fired {
    /// The futures its callback completed (a sleep's, `wait_for`'s waiter), or `None` when it
    /// ran code whose effects the loop cannot bound (a `call_later` callback).
    pub(super) futs: Option<Vec<usize>>,
    pub(super) id: usize,
    pub(super) label: String,
    pub(super) line: u32,
}

pub(super) enum Status {
    Ready,
    Running,
    Waiting(String),
    Done,
}

/// A coroutine frame on a task's stack: the frame, its coroutine (or async generator) object,
/// and whether it is an async generator's `__anext__` (its `yield` answers the await).
pub(super) struct Entry {
    pub(super) frame: Box<Frame>,
    pub(super) gen: Option<Ref<Gen>>,
    pub(super) anext: bool,
}

pub(super) struct Task {
    pub(super) name: String,
    pub(super) coro: Value,
    pub(super) fut: usize,
    pub(super) stack: Vec<Entry>,
    pub(super) status: Status,
    pub(super) started: bool,
    pub(super) line: u32,
    pub(super) must_cancel: bool,
    pub(super) cancel_msg: Option<Value>,
    pub(super) num_cancels: i64,
    pub(super) fut_waiter: Option<usize>,
    /// What a bare `yield` (`sleep(0, result)`) resumes with.
    pub(super) resume_value: Value,
    pub(super) coro_name: String,
    /// Sleeps with a timer this task has done.
    pub(super) hops: u32,
}

pub(super) enum Awaited {
    Enter(Entry),
    Value(Value),
    Throw(Value),
    Suspended,
}

impl Machine {
    pub(super) fn fut_type(&self, f: usize) -> &'static str {
        match self.futs.get(f).map(|f| &f.kind) {
            Some(FutKind::Task(_)) => "_asyncio.Task",
            Some(FutKind::Gather { .. }) => "_GatheringFuture",
            _ => "_asyncio.Future",
        }
    }

    pub(super) fn new_fut(&mut self, kind: FutKind, line: u32) -> usize {
        self.futs.push(Fut { state: FState::Pending, callbacks: vec![], kind, line, loop_id: self.loop_id });
        self.futs.len() - 1
    }

    pub(super) fn fut_done(&self, f: usize) -> bool {
        !matches!(self.futs[f].state, FState::Pending)
    }

    pub(super) fn cancelled_error(&mut self, msg: Option<Value>) -> Value {
        let args = msg.into_iter().collect();
        self.exception("CancelledError", args)
    }

    /// `loop.create_task(coro)`: the first `__step` is queued at once.
    pub(super) fn new_task(&mut self, coro: Value, name: Option<String>, line: u32) -> X<usize> {
        if self.tasks.len() >= MAX_TASKS {
            return Err(Fault::Code(error(
                Pos { line, col: 1 },
                format!("the program makes more than {MAX_TASKS} tasks; the code lab stops there"),
            )));
        }
        let (coro_name, start_line) = match &coro {
            Value::Gen(g) => {
                let g = g.borrow();
                (format!("{}()", g.name), g.frame.as_ref().map_or(line, |f| f.code.line))
            }
            Value::Sleep(s, _) => (s.2.clone(), line),
            _ => ("?".into(), line),
        };
        let t = self.tasks.len();
        let fut = self.new_fut(FutKind::Task(t), line);
        let name = match name {
            Some(n) => n,
            None => {
                self.task_counter += 1;
                format!("Task-{}", self.task_counter)
            }
        };
        self.tasks.push(Task {
            name,
            coro,
            fut,
            stack: vec![],
            status: Status::Ready,
            started: false,
            line: start_line,
            must_cancel: false,
            cancel_msg: None,
            num_cancels: 0,
            fut_waiter: None,
            resume_value: Value::None,
            coro_name,
            hops: 0,
        });
        self.live.push(t);
        self.ready.push_back(Handle::Step(t, None));
        Ok(t)
    }

    /// Takes a coroutine object for a task or for `asyncio.run`.
    pub(super) fn claim_coro(&mut self, v: Value, what: &str) -> X<Value> {
        match &v {
            Value::Gen(g) if g.borrow().kind == GenKind::Coroutine => {
                if g.borrow().awaited {
                    return self.raise("RuntimeError", "cannot reuse already awaited coroutine");
                }
                g.borrow_mut().awaited = true;
                Ok(v)
            }
            Value::Sleep(_, used) => {
                if *used.borrow() {
                    return self.raise("RuntimeError", "cannot reuse already awaited coroutine");
                }
                *used.borrow_mut() = true;
                Ok(v)
            }
            _ => {
                let shown = self.repr(Ctx::Module, &v).unwrap_or_else(|_| self.type_name(&v));
                self.raise("TypeError", format!("{what}a coroutine was expected, got {shown}"))
            }
        }
    }

    pub(super) fn add_done_callback(&mut self, f: usize, cb: Callback) {
        if self.fut_done(f) {
            self.queue_callback(cb, f);
        } else {
            self.futs[f].callbacks.push(cb);
        }
    }

    fn queue_callback(&mut self, cb: Callback, f: usize) {
        if let Callback::Wakeup(t) = cb {
            self.tasks[t].status = Status::Ready;
        }
        self.ready.push_back(Handle::Done(cb, f));
    }

    fn schedule_callbacks(&mut self, f: usize) {
        for cb in std::mem::take(&mut self.futs[f].callbacks) {
            self.queue_callback(cb, f);
        }
    }

    pub(super) fn set_fut_state(&mut self, f: usize, state: FState) {
        self.futs[f].state = state;
        self.schedule_callbacks(f);
    }

    /// `Future.cancel()` (for tasks, `Task.cancel()`; for gathers, `_GatheringFuture.cancel()`).
    pub(super) fn cancel_fut(&mut self, f: usize, msg: Option<Value>) -> bool {
        if let Some(b) = &mut self.split_check {
            b.cancelled_futs.push(f);
        }
        match &self.futs[f].kind {
            FutKind::Task(t) => {
                let t = *t;
                return self.cancel_task(t, msg);
            }
            FutKind::Gather { children, .. } => {
                if self.fut_done(f) {
                    return false;
                }
                let children = children.clone();
                let mut ret = false;
                let mut seen: Vec<usize> = vec![];
                for c in children {
                    // A child listed twice is cancelled once (the second call returns False).
                    if seen.contains(&c) && self.fut_done(c) {
                        continue;
                    }
                    seen.push(c);
                    if self.cancel_fut(c, msg.clone()) {
                        ret = true;
                    }
                }
                if ret {
                    if let FutKind::Gather { cancel_requested, .. } = &mut self.futs[f].kind {
                        *cancel_requested = true;
                    }
                }
                return ret;
            }
            _ => {}
        }
        if self.fut_done(f) {
            return false;
        }
        self.set_fut_state(f, FState::Cancelled(msg));
        true
    }

    /// `Task.cancel(msg)`.
    pub(super) fn cancel_task(&mut self, t: usize, msg: Option<Value>) -> bool {
        let f = self.tasks[t].fut;
        if let Some(b) = &mut self.split_check {
            b.cancelled_futs.push(f);
        }
        if self.fut_done(f) {
            return false;
        }
        self.tasks[t].num_cancels += 1;
        if let Some(w) = self.tasks[t].fut_waiter {
            if self.cancel_fut(w, msg.clone()) {
                return true;
            }
        }
        self.tasks[t].must_cancel = true;
        self.tasks[t].cancel_msg = msg;
        true
    }

    /// `loop.call_later` / `call_at`: a timer handle due at `when`.
    pub(super) fn add_timer(&mut self, when: u64, action: Action, label: String, line: u32) -> usize {
        let id = self.timers.len();
        self.timers.push(TimerHandle {
            cancelled: false,
            action: Some(action),
            when,
            label: label.clone(),
            line,
        });
        // Each sleep a task has done before this one made it a little late in reality: the
        // drift adds up along a chain of sleeps, so the window grows with the chain.
        let chain = self.current.map_or(0, |t| self.tasks[t].hops);
        let timer =
            Timer { when, seq: self.timer_seq, created: self.now, id, label, line, raced: false, chain };
        self.timer_seq += 1;
        for p in &self.scheduled {
            let ordered = p.created == self.now && when >= p.when;
            let window = RACE_WINDOW_US + DRIFT_PER_HOP_US * u64::from(p.chain.max(chain));
            if p.when.abs_diff(when) <= window && !ordered {
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
        id
    }

    pub(super) fn call_soon(&mut self, f: Value, args: Vec<Value>, label: String, line: u32) -> usize {
        let id = self.timers.len();
        self.timers.push(TimerHandle {
            cancelled: false,
            action: Some(Action::Call(f, args)),
            when: self.now,
            label,
            line,
        });
        self.ready.push_back(Handle::Call(id));
        id
    }

    pub(super) fn cancel_handle(&mut self, id: usize) {
        if let Some(b) = &mut self.split_check {
            b.cancelled_timers.push(id);
        }
        if let Some(h) = self.timers.get_mut(id) {
            h.cancelled = true;
            h.action = None;
        }
        self.scheduled.retain(|t| t.id != id);
    }

    /// `asyncio.gather`.
    pub(super) fn gather(&mut self, args: Vec<Value>, return_exceptions: bool, line: u32) -> X<Value> {
        let outer = self.new_fut(
            FutKind::Gather {
                children: vec![],
                nfuts: 0,
                finished: 0,
                return_exceptions,
                cancel_requested: false,
            },
            line,
        );
        if args.is_empty() {
            self.futs[outer].state = FState::Result(Value::list(vec![]));
            return Ok(Value::Fut(outer));
        }
        let mut seen: Vec<(Value, usize)> = vec![];
        let mut children = vec![];
        for arg in args {
            if let Some((_, f)) = seen.iter().find(|(a, _)| super::ops::same(a, &arg)) {
                children.push(*f);
                continue;
            }
            let f = match &arg {
                Value::Fut(f) => {
                    if self.futs[*f].loop_id != self.loop_id {
                        return self.raise("ValueError", "The future belongs to a different loop than the one specified as the loop argument");
                    }
                    *f
                }
                Value::Gen(_) | Value::Sleep(..) => {
                    let c = self.claim_coro(arg.clone(), "")?;
                    let t = self.new_task(c, None, line)?;
                    self.tasks[t].fut
                }
                _ => {
                    return self
                        .raise("TypeError", "An asyncio.Future, a coroutine or an awaitable is required");
                }
            };
            seen.push((arg, f));
            self.add_done_callback(f, Callback::Gather(outer));
            children.push(f);
        }
        let n = seen.len();
        self.futs[outer].kind =
            FutKind::Gather { children, nfuts: n, finished: 0, return_exceptions, cancel_requested: false };
        Ok(Value::Fut(outer))
    }

    fn gather_done(&mut self, outer: usize, child: usize) {
        let FutKind::Gather { children, nfuts, finished, return_exceptions, cancel_requested } =
            &mut self.futs[outer].kind
        else {
            return;
        };
        *finished += 1;
        let (children, nfuts, finished, rex, cancel_requested) =
            (children.clone(), *nfuts, *finished, *return_exceptions, *cancel_requested);
        if self.fut_done(outer) {
            return;
        }
        if !rex {
            match self.futs[child].state.clone() {
                FState::Cancelled(msg) => {
                    let e = self.cancelled_error(msg);
                    self.set_fut_state(outer, FState::Exc(e));
                    return;
                }
                FState::Exc(e) => {
                    self.set_fut_state(outer, FState::Exc(e));
                    return;
                }
                _ => {}
            }
        }
        if finished == nfuts {
            let mut results = vec![];
            for c in &children {
                results.push(match self.futs[*c].state.clone() {
                    FState::Cancelled(msg) => self.cancelled_error(Some(msg.unwrap_or(Value::str("")))),
                    FState::Exc(e) => e,
                    FState::Result(v) => v,
                    FState::Pending => Value::None,
                });
            }
            if cancel_requested {
                let e = self.cancelled_error(None);
                self.set_fut_state(outer, FState::Exc(e));
            } else {
                self.set_fut_state(outer, FState::Result(Value::list(results)));
            }
        }
    }

    /// Runs the loop until `stop` (a `_run_until_complete_cb`) has run.
    pub(super) fn run_until_stopped(&mut self) -> X<()> {
        self.stopping = false;
        let was = self.loop_running;
        self.loop_running = true;
        let r = (|| {
            while !self.stopping {
                self.run_once()?;
            }
            Ok(())
        })();
        self.loop_running = was;
        r
    }

    pub(super) fn run_once_pub(&mut self) -> X<()> {
        self.run_once()
    }

    /// `BaseEventLoop._run_once` (see the module docs of `py` for the races it flags).
    fn run_once(&mut self) -> X<()> {
        let check = self.fired.take();
        let mut fired = None;
        if self.ready.is_empty() {
            let Some(next) = self.scheduled.front() else {
                return Err(Fault::Code(error(Pos { line: 0, col: 0 }, "nothing is left to run but the main coroutine has not finished: the program would wait forever")));
            };
            self.now = self.now.max(next.when);
            self.move_due_timers();
            if self.ready.len() > 1 {
                fired = Some(Batch::default());
            }
            self.record(StepKind::Wait { until_us: self.now }, 0, vec![])?;
        } else {
            self.move_due_timers();
        }
        self.flag_timers_near_ready();
        self.split_check = check;
        let n = self.ready.len();
        for i in 0..n {
            let Some(h) = self.ready.pop_front() else { break };
            let before = self.ready.len();
            if let Some(b) = &mut fired {
                b.timers.push(self.fired_timer(&h));
            }
            let item = self.split_check.is_some().then(|| self.handle_item(&h));
            let r = self.run_handle(h);
            if let Some(b) = &mut fired {
                let at = b.timers.len() - 1;
                b.origins.extend(std::iter::repeat_n(at, self.ready.len() - before));
            }
            if let Err(e) = r {
                self.split_check = None;
                return Err(e);
            }
            if let Some(item) = item {
                if self.flag_split(i, n - 1 - i, before, item) {
                    self.split_check = None;
                }
            }
        }
        self.split_check = None;
        self.fired = fired;
        Ok(())
    }

    /// What a timer of a batch does when it fires (see [`Batch`]).
    fn fired_timer(&self, h: &Handle) -> Fired {
        let Handle::Timer(t) = h else {
            return Fired { futs: None, id: usize::MAX, label: String::new(), line: 0 };
        };
        let pending = |f: &usize| !self.fut_done(*f);
        let futs = match self.timers.get(t.id).and_then(|h| h.action.as_ref()) {
            None => Some(vec![]),
            Some(Action::SleepDone(f, _)) => Some(Some(*f).filter(pending).into_iter().collect()),
            Some(Action::Call(f, args)) => match (internal_name(f), args.first()) {
                (Some("_release_waiter"), Some(Value::Fut(w))) => {
                    Some(Some(*w).filter(pending).into_iter().collect())
                }
                _ => None,
            },
        };
        Fired { futs, id: t.id, label: t.label.clone(), line: t.line }
    }

    /// During the iteration after a batch of timers fired, after the `i`th handle ran (`left`
    /// are still to run, `queued` were in the queue behind it before it ran): whether the loop
    /// waking between the batch's timers could have changed what happened, and if so the race
    /// is flagged (once per batch). Had a later timer of the batch not been due yet, its
    /// callback would have run after this handle, and the handles this one queued would have
    /// run before the later timers' wake-ups. That matters when this handle queued a handle
    /// that is not just one more of a gather's done callbacks, when it cancelled a future (or
    /// the timer) that a later timer's callback completed, or when a later timer's callback
    /// ran code of its own (a `call_later` callback), whose effects the lab does not bound.
    fn flag_split(&mut self, i: usize, left: usize, queued: usize, item: crate::QueueItem) -> bool {
        if left > 0 && self.flag_split_timers(queued) {
            return true;
        }
        let Some(b) = &self.split_check else { return false };
        let origin = b.origins.get(i).copied().unwrap_or(0);
        let later = b.timers.iter().skip(origin + 1).find(|t| match &t.futs {
            None => true,
            Some(fs) => fs.iter().any(|f| b.cancelled_futs.contains(f)) || b.cancelled_timers.contains(&t.id),
        });
        let Some(t) = later else { return false };
        let race = Race {
            kind: RaceKind::TimerVsReady,
            frame: self.frames.len(),
            first: t.label.clone(),
            first_line: t.line,
            second: item.label,
            second_line: item.line,
        };
        self.races.push(race);
        true
    }

    fn flag_split_timers(&mut self, queued: usize) -> bool {
        let relevant = self.ready.iter().skip(queued).find(|h| match h {
            Handle::Done(Callback::Gather(outer), _) => {
                let callbacks = self.ready.iter().filter(|o| matches!(o, Handle::Done(Callback::Gather(x), _) if x == outer)).count();
                !matches!(self.futs[*outer].kind, FutKind::Gather { nfuts, finished, .. } if nfuts - finished > callbacks)
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

    fn run_handle(&mut self, h: Handle) -> X<()> {
        let item = self.handle_item(&h);
        let dequeue = StepKind::Dequeue { queue: QueueKind::Ready, label: item.label };
        match h {
            Handle::Step(t, exc) => {
                if self.fut_done(self.tasks[t].fut) {
                    return Ok(());
                }
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                let v = std::mem::replace(&mut self.tasks[t].resume_value, Value::None);
                self.step(t, exc, v)
            }
            Handle::Done(Callback::Wakeup(t), fut) => {
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                match self.futs[fut].state.clone() {
                    FState::Result(v) => self.step(t, None, v),
                    FState::Exc(e) => self.step(t, Some(e), Value::None),
                    FState::Cancelled(msg) => {
                        let e = self.cancelled_error(msg);
                        self.step(t, Some(e), Value::None)
                    }
                    FState::Pending => self.step(t, None, Value::None),
                }
            }
            Handle::Done(Callback::Gather(outer), child) => {
                self.gather_done(outer, child);
                Ok(self.record(dequeue, item.line, vec![])?)
            }
            Handle::Done(Callback::Stop, _) => {
                self.stopping = true;
                Ok(self.record(dequeue, item.line, vec![])?)
            }
            Handle::Done(Callback::Py(f), fut) => {
                self.record(dequeue, item.line, vec![])?;
                self.run_callback(&f, vec![Value::Fut(fut)])
            }
            Handle::Timer(timer) => {
                let action = self.timers.get_mut(timer.id).and_then(|h| h.action.take());
                match action {
                    Some(Action::SleepDone(f, v)) => {
                        if !self.fut_done(f) {
                            self.set_fut_state(f, FState::Result(v));
                        }
                        Ok(self.record(dequeue, item.line, vec![])?)
                    }
                    Some(Action::Call(f, args)) => {
                        self.record(dequeue, item.line, vec![])?;
                        self.run_callback(&f, args)
                    }
                    None => Ok(()),
                }
            }
            Handle::Call(id) => {
                let action = self.timers.get_mut(id).and_then(|h| h.action.take());
                if let Some(Action::Call(f, args)) = action {
                    self.record(dequeue, item.line, vec![])?;
                    self.run_callback(&f, args)?;
                }
                Ok(())
            }
        }
    }

    /// A callback the loop calls: an exception in it is logged by CPython (to stderr), and
    /// the loop goes on.
    fn run_callback(&mut self, f: &Value, args: Vec<Value>) -> X<()> {
        let saved = self.current.take();
        let base = std::mem::replace(&mut self.exec_base, self.executing.len());
        let r = self.call(Ctx::Callback, f, args, vec![]);
        self.exec_base = base;
        self.current = saved;
        match r {
            Ok(_) => Ok(()),
            Err(Fault::Exc(e)) if self.is_exc(&e, "Exception") => Ok(()),
            Err(Fault::Exc(e)) => {
                let name = match &e {
                    Value::Inst(i) => i.class.name.clone(),
                    _ => String::new(),
                };
                Err(Fault::Code(error(
                    self.here(),
                    format!(
                        "a callback raised {name}, which stops the loop; the code lab does not model that"
                    ),
                )))
            }
            Err(e) => Err(e),
        }
    }

    /// `Task.__step(exc)`: runs the task's coroutines until one suspends or the task's own
    /// finishes. `value` is what a resumed `await` receives when there is no exception.
    pub(super) fn step(&mut self, t: usize, exc: Option<Value>, value: Value) -> X<()> {
        let mut exc = exc;
        if self.tasks[t].must_cancel {
            if !exc.as_ref().is_some_and(|e| self.is_exc(e, "CancelledError")) {
                let msg = self.tasks[t].cancel_msg.clone();
                exc = Some(self.cancelled_error(msg));
            }
            self.tasks[t].must_cancel = false;
        }
        self.tasks[t].fut_waiter = None;
        let saved = self.current.replace(t);
        let base = std::mem::replace(&mut self.exec_base, self.executing.len());
        let r = self.step_inner(t, exc, value);
        self.exec_base = base;
        self.current = saved;
        r
    }

    fn step_inner(&mut self, t: usize, exc: Option<Value>, value: Value) -> X<()> {
        let ctx = Ctx::Task(t);
        let mut next = if !self.tasks[t].started {
            self.tasks[t].started = true;
            match exc {
                // A coroutine that never started cannot catch anything.
                Some(e) => Awaited::Throw(e),
                None => {
                    let coro = self.tasks[t].coro.clone();
                    self.await_value(t, coro, Pos { line: self.tasks[t].line, col: 1 }, true)?
                }
            }
        } else {
            match exc {
                Some(e) => Awaited::Throw(e),
                None => Awaited::Value(value),
            }
        };
        loop {
            let (mut entry, resume) = match next {
                Awaited::Suspended => {
                    let (name, line, stack) =
                        (self.task_label(t), self.tasks[t].line, self.stack_labels(ctx, None));
                    return self.record(StepKind::Await { name }, line, stack).map_err(Fault::from);
                }
                Awaited::Enter(e) => {
                    if !e.frame.code.internal {
                        self.tasks[t].line = e.frame.code.line;
                    }
                    if !self.tasks[t].stack.is_empty() && !e.frame.code.internal {
                        let mut stack = self.stack_labels(ctx, None);
                        stack.push(format!("{}()", e.frame.code.name));
                        self.record(
                            StepKind::Call { name: format!("{}()", e.frame.code.name) },
                            e.frame.code.line,
                            stack,
                        )?;
                    }
                    (e, Resume::Start)
                }
                Awaited::Value(v) if self.tasks[t].stack.is_empty() => return self.finish(t, Ok(v)),
                Awaited::Throw(v) if self.tasks[t].stack.is_empty() => return self.finish(t, Err(v)),
                Awaited::Value(v) => {
                    let e = self.tasks[t].stack.pop().ok_or_else(|| {
                        Fault::Code(error(Pos { line: 0, col: 0 }, "internal: empty stack"))
                    })?;
                    if !e.frame.code.internal {
                        self.tasks[t].line = e.frame.line;
                    }
                    (e, Resume::Send(v))
                }
                Awaited::Throw(x) => {
                    let e = self.tasks[t].stack.pop().ok_or_else(|| {
                        Fault::Code(error(Pos { line: 0, col: 0 }, "internal: empty stack"))
                    })?;
                    if !e.frame.code.internal {
                        self.tasks[t].line = e.frame.line;
                    }
                    (e, Resume::Throw(x))
                }
            };
            let r = self.exec(ctx, &mut entry.frame, resume);
            next = match r {
                Ok(Flow::Return(v)) => {
                    if let Some(g) = &entry.gen {
                        g.borrow_mut().finished = true;
                    }
                    self.returned(t, &entry)?;
                    if entry.anext {
                        Awaited::Throw(self.exception("StopAsyncIteration", vec![]))
                    } else {
                        Awaited::Value(v)
                    }
                }
                Ok(Flow::Yield(v)) => {
                    if !entry.anext {
                        return Err(Fault::Code(error(
                            Pos { line: entry.frame.line, col: 1 },
                            "internal: a coroutine yielded",
                        )));
                    }
                    if let Some(g) = &entry.gen {
                        g.borrow_mut().frame = Some(entry.frame);
                    }
                    Awaited::Value(v)
                }
                Ok(Flow::Await(v, pos)) => {
                    self.tasks[t].stack.push(entry);
                    if self.tasks[t].stack.len() > MAX_AWAIT_DEPTH {
                        return Err(Fault::Code(error(pos, format!("coroutines awaiting one another more than {MAX_AWAIT_DEPTH} deep are not supported by the code lab"))));
                    }
                    self.await_value(t, v, pos, false)?
                }
                Err(Fault::Exc(e)) => {
                    if let Some(g) = &entry.gen {
                        g.borrow_mut().finished = true;
                    }
                    Awaited::Throw(e)
                }
                Err(e) => return Err(e),
            };
        }
    }

    fn returned(&mut self, t: usize, entry: &Entry) -> X<()> {
        if entry.frame.code.internal {
            return Ok(());
        }
        if let Some(caller) = self.tasks[t].stack.iter().rev().find(|e| !e.frame.code.internal) {
            let line = caller.frame.line;
            self.tasks[t].line = line;
            let stack = self.stack_labels(Ctx::Task(t), None);
            self.record(StepKind::Return { name: format!("{}()", entry.frame.code.name) }, line, stack)?;
        }
        Ok(())
    }

    /// What `await v` does in task `t`.
    pub(super) fn await_value(&mut self, t: usize, v: Value, pos: Pos, claimed: bool) -> X<Awaited> {
        match &v {
            Value::Gen(g) => {
                let kind = g.borrow().kind;
                if kind != GenKind::Coroutine {
                    let tn = self.type_name(&v);
                    return self
                        .raise("TypeError", format!("object {tn} can't be used in 'await' expression"));
                }
                let mut gb = g.borrow_mut();
                if (gb.awaited && !claimed) || gb.frame.is_none() {
                    drop(gb);
                    return self.raise("RuntimeError", "cannot reuse already awaited coroutine");
                }
                gb.awaited = true;
                gb.started = true;
                let frame = gb.frame.take().ok_or_else(|| Fault::Code(error(pos, "internal: no frame")))?;
                Ok(Awaited::Enter(Entry { frame, gen: Some(Rc::clone(g)), anext: false }))
            }
            Value::ANext(g) => {
                let mut gb = g.borrow_mut();
                if gb.finished {
                    drop(gb);
                    return Ok(Awaited::Throw(self.exception("StopAsyncIteration", vec![])));
                }
                let Some(frame) = gb.frame.take() else {
                    drop(gb);
                    return self.raise("RuntimeError", "anext(): asynchronous generator is already running");
                };
                let started = gb.started;
                gb.started = true;
                drop(gb);
                if started {
                    // Resumes after its `yield`: the yield expression receives None.
                    let mut frame = frame;
                    frame.stack.push(Value::None);
                    return Ok(Awaited::Enter(Entry { frame, gen: Some(Rc::clone(g)), anext: true }));
                }
                Ok(Awaited::Enter(Entry { frame, gen: Some(Rc::clone(g)), anext: true }))
            }
            Value::Sleep(spec, used) => {
                if *used.borrow() && !claimed {
                    return self.raise("RuntimeError", "cannot reuse already awaited coroutine");
                }
                *used.borrow_mut() = true;
                let (delay, result, label) = (spec.0, spec.1.clone(), spec.2.clone());
                match delay {
                    None => {
                        self.tasks[t].status = Status::Ready;
                        self.tasks[t].resume_value = result;
                        self.ready.push_back(Handle::Step(t, None));
                    }
                    Some(d) => {
                        self.tasks[t].hops += 1;
                        let f = self.new_fut(FutKind::Sleep(label.clone()), pos.line);
                        let line = self.tasks[t].line;
                        self.add_timer(
                            self.now.saturating_add(d),
                            Action::SleepDone(f, result),
                            label.clone(),
                            line,
                        );
                        self.wait_on(t, f, label);
                    }
                }
                Ok(Awaited::Suspended)
            }
            Value::Fut(f) => {
                let f = *f;
                if self.futs[f].loop_id != self.loop_id {
                    return self.raise("RuntimeError", "Task got Future attached to a different loop");
                }
                match self.futs[f].state.clone() {
                    FState::Result(v) => return Ok(Awaited::Value(v)),
                    FState::Exc(e) => return Ok(Awaited::Throw(e)),
                    FState::Cancelled(msg) => return Ok(Awaited::Throw(self.cancelled_error(msg))),
                    FState::Pending => {}
                }
                if f == self.tasks[t].fut {
                    return self.raise("RuntimeError", "Task cannot await on itself");
                }
                let label = self.fut_name(f);
                self.wait_on(t, f, label);
                Ok(Awaited::Suspended)
            }
            _ => {
                let tn = self.type_name(&v);
                self.raise("TypeError", format!("object {tn} can't be used in 'await' expression"))
            }
        }
    }

    /// The task waits for future `f` (`_fut_waiter`); a pending cancel is passed on to it.
    fn wait_on(&mut self, t: usize, f: usize, label: String) {
        self.tasks[t].status = Status::Waiting(label);
        self.futs[f].callbacks.push(Callback::Wakeup(t));
        self.tasks[t].fut_waiter = Some(f);
        if self.tasks[t].must_cancel {
            let msg = self.tasks[t].cancel_msg.clone();
            if self.cancel_fut(f, msg) {
                self.tasks[t].must_cancel = false;
            }
        }
    }

    /// The task's own coroutine finished.
    fn finish(&mut self, t: usize, r: Result<Value, Value>) -> X<()> {
        let f = self.tasks[t].fut;
        let state = match r {
            Ok(v) => {
                if self.tasks[t].must_cancel {
                    self.tasks[t].must_cancel = false;
                    FState::Cancelled(self.tasks[t].cancel_msg.clone())
                } else {
                    FState::Result(v)
                }
            }
            Err(e) if self.is_exc(&e, "CancelledError") => {
                let msg = match &e {
                    Value::Inst(i) => match i.get("args") {
                        Some(Value::Tuple(a)) => a.first().cloned(),
                        _ => None,
                    },
                    _ => None,
                };
                FState::Cancelled(msg)
            }
            Err(e) if self.is_exc(&e, "Exception") || self.is_exc(&e, "BaseException") => {
                if self.is_exc(&e, "KeyboardInterrupt") || self.is_exc(&e, "SystemExit") {
                    return Err(Fault::Code(error(
                        self.here(),
                        "KeyboardInterrupt and SystemExit inside a task are not supported",
                    )));
                }
                FState::Exc(e)
            }
            Err(e) => FState::Exc(e),
        };
        self.tasks[t].status = Status::Done;
        self.live.retain(|&x| x != t);
        self.set_fut_state(f, state);
        self.record(StepKind::Return { name: self.task_label(t) }, 0, vec![]).map_err(Fault::from)
    }

    /// `asyncio.run(coro)`: a `Runner`'s `run` and `close`.
    pub(super) fn run_main(&mut self, coro: Value, line: u32) -> X<Value> {
        if self.loop_running {
            return self.raise("RuntimeError", "asyncio.run() cannot be called from a running event loop");
        }
        let c = self.claim_coro(coro, "")?;
        self.runner_open();
        let fut = self.runner_start(c, line)?;
        self.runner_close(line)?;
        self.outcome(fut)
    }

    /// `Runner._lazy_init()`: a new event loop, made the policy's.
    pub(super) fn runner_open(&mut self) -> usize {
        self.loop_id += 1;
        self.policy_loop = Some(self.loop_id);
        self.loop_id
    }

    /// `Runner.run(coro)` once the loop is open: a task for `coro`, run until it is done; its
    /// future.
    pub(super) fn runner_start(&mut self, c: Value, line: u32) -> X<usize> {
        let main = self.new_task(c, None, line)?;
        let fut = self.tasks[main].fut;
        self.futs[fut].callbacks.push(Callback::Stop);
        self.run_until_stopped()?;
        Ok(fut)
    }

    /// What awaiting the finished future `fut` gives: its result, or its exception raised.
    pub(super) fn outcome(&mut self, fut: usize) -> X<Value> {
        match self.futs[fut].state.clone() {
            FState::Result(v) => Ok(v),
            FState::Exc(e) => Err(Fault::Exc(e)),
            FState::Cancelled(msg) => Err(Fault::Exc(self.cancelled_error(msg))),
            FState::Pending => self.raise("RuntimeError", "Event loop stopped before Future completed."),
        }
    }

    /// `Runner.close()`: `_cancel_all_tasks`, the two shutdown tasks, `set_event_loop(None)`.
    pub(super) fn runner_close(&mut self, line: u32) -> X<()> {
        // `_cancel_all_tasks`: what is left is cancelled and run until it finishes.
        let left: Vec<usize> = self.live.clone();
        if !left.is_empty() {
            if left.len() > 1 {
                let (a, b) = (self.task_label(left[0]), self.task_label(left[1]));
                self.races.push(Race {
                    kind: RaceKind::TimerVsReady,
                    frame: self.frames.len(),
                    first: a,
                    first_line: self.tasks[left[0]].line,
                    second: b,
                    second_line: self.tasks[left[1]].line,
                });
            }
            for &t in &left {
                self.cancel_task(t, None);
            }
            let futs: Vec<Value> = left.iter().map(|&t| Value::Fut(self.tasks[t].fut)).collect();
            let g = self.gather(futs, true, line)?;
            if let Value::Fut(g) = g {
                self.futs[g].callbacks.push(Callback::Stop);
                self.run_until_stopped()?;
            }
        }
        for t in std::mem::take(&mut self.live) {
            self.tasks[t].status = Status::Done;
        }
        self.ready.clear();
        self.scheduled.clear();
        self.fired = None;
        // `Runner.close()` runs `shutdown_asyncgens()` and `shutdown_default_executor()` as tasks.
        self.task_counter += 2;
        // … and ends with `set_event_loop(None)`.
        self.policy_loop = None;
        Ok(())
    }
}

/// The name of one of the runtime's own functions (the prelude's), `None` for the program's.
fn internal_name(f: &Value) -> Option<&str> {
    match f {
        Value::Func(func) if func.code.internal => Some(func.code.name.as_str()),
        _ => None,
    }
}
