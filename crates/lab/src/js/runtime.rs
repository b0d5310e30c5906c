//! Node's runtime library and event loop: the globals a program can use (`console.log`,
//! `process.nextTick`, `setTimeout`/`clearTimeout`, `setImmediate`/`clearImmediate`,
//! `queueMicrotask`, `Promise` with `resolve`, `reject`, `then`, `catch`, `finally`), promises
//! as ECMAScript specifies them (reaction jobs, and the extra job to adopt a promise), the
//! nextTick, microtask, timers and immediate queues, and the loop that runs them in libuv's
//! phase order.

use super::lexer::{err, Pos};
use super::vm::{Flow, Value, Vm};
use crate::{CodeError, QueueKind, Race, RaceKind, StepKind, RACE_WINDOW_US};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Builtin {
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
pub(super) enum Method {
    Then,
    Catch,
    Finally,
}

/// Functions the runtime makes: a promise's resolving functions and the helpers of `finally`.
#[derive(Clone, Debug)]
pub(super) enum Native {
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
pub(super) enum State {
    Pending,
    Fulfilled(Value),
    Rejected(Value),
}

#[derive(Clone, Debug)]
pub(super) enum Handler {
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

pub(super) struct PromiseObj {
    pub(super) state: State,
    reactions: Vec<Reaction>,
    handled: bool,
}

#[derive(Clone, Debug)]
pub(super) enum Job {
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

pub(super) struct Timer {
    id: u64,
    pub(super) due: u64,
    pub(super) seq: u64,
    created: u64,
    pub(super) cb: Value,
}

impl Vm<'_> {
    // ---- the event loop ------------------------------------------------------------------

    pub(super) fn main(&mut self) -> Result<(), CodeError> {
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

    // ---- the globals and the objects the runtime makes ----------------------------------

    pub(super) fn native(&mut self, n: Native) -> Value {
        self.natives.push(n);
        Value::Native(self.natives.len() - 1)
    }

    pub(super) fn new_promise(&mut self) -> usize {
        self.promises.push(PromiseObj { state: State::Pending, reactions: Vec::new(), handled: false });
        self.promises.len() - 1
    }

    pub(super) fn callable(&self, v: &Value) -> bool {
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

    pub(super) fn builtin(&mut self, b: Builtin, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
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

    pub(super) fn member(&self, obj: &Value, prop: &str, pos: Pos) -> Result<Value, CodeError> {
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

    /// `new Promise(executor)`.
    pub(super) fn construct(&mut self, f: Value, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
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
    pub(super) fn promise_resolve(&mut self, v: Value) -> usize {
        if let Value::Promise(p) = v {
            return p;
        }
        let p = self.new_promise();
        self.fulfill(p, v);
        p
    }

    /// A promise's resolve function: adopting another promise costs a job of its own.
    pub(super) fn resolve(&mut self, p: usize, v: Value) {
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

    pub(super) fn reject(&mut self, p: usize, e: Value) {
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
    pub(super) fn then(&mut self, p: usize, on_fulfilled: Value, on_rejected: Value) -> Value {
        let d = self.new_promise();
        let h = |vm: &Self, v: Value| if vm.callable(&v) { Handler::Call(v) } else { Handler::None };
        let (f, r) = (h(self, on_fulfilled), h(self, on_rejected));
        self.perform_then(p, f, r, Some(d));
        Value::Promise(d)
    }

    pub(super) fn perform_then(
        &mut self,
        p: usize,
        fulfilled: Handler,
        rejected: Handler,
        derived: Option<usize>,
    ) {
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
}
