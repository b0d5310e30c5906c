//! Node's runtime library and event loop. The loop (here) runs the main script, then libuv's
//! phases (timers, poll, check) while anything is pending, draining the nextTick queue and the
//! microtask queue after every callback. [`promises`] has promises as ECMAScript specifies them
//! (reaction jobs, the extra job to adopt a promise, `Promise.all`/`allSettled`/`race`/`any`),
//! [`timers`] the timer, immediate and nextTick functions, [`events`] `EventEmitter`,
//! [`globals`] the global names and modules, and [`methods`] the methods of built-in values.

mod abort;
mod async_iter;
mod events;
mod generators;
mod globals;
mod methods;
mod node_iter;
mod promises;
mod timers;

pub(super) use async_iter::AsyncIter;
pub(super) use generators::GenState;
pub(super) use globals::{Builtin, ErrKind};
pub(super) use promises::{Combo, Handler, Job, PromiseObj, State};
pub(super) use timers::Timer;

use super::lexer::Pos;
use super::vm::{Flow, Value, Vm};
use crate::{CodeError, QueueKind, Race, RaceKind, StepKind, RACE_WINDOW_US};

#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Method {
    Then,
    Catch,
    Finally,
}

/// Functions the runtime makes.
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
    /// An element function of `Promise.all`/`allSettled`/`any` (combinator state, index, outcome).
    Element {
        combo: usize,
        index: usize,
        rejected: bool,
    },
    /// `f.bind(this, ...args)`.
    Bound {
        f: Value,
        this: Value,
        args: Vec<Value>,
    },
    /// The abort listener of a timers/promises `setTimeout` with a signal (timer id, its promise).
    AbortTimer {
        timer: u64,
        p: usize,
    },
    /// The `finally` callback that removes abort listener `listener` (a native) from `signal`.
    AbortRemove {
        signal: usize,
        listener: usize,
    },
    /// The abort listener of an `events.once` with a signal.
    AbortOnce {
        p: usize,
        emitter: Value,
    },
    /// The listener `events.once` adds (resolves or, for `error`, rejects promise `p`).
    EventsOnce {
        p: usize,
        emitter: Value,
        event: std::rc::Rc<str>,
        error: bool,
    },
    /// `util.promisify(f)`.
    Promisified(Value),
    /// The callback a promisified function passes: settles `p`.
    PromisifyCallback(usize),
    /// `util.callbackify(f)`.
    Callbackified(Value),
    /// The handlers callbackify puts on the promise: they call `cb` in a nextTick.
    CallbackifyDone {
        cb: Value,
        rejected: bool,
    },
    /// A listener `events.on` adds (for the event, or for `error`) to feed iterator `it`.
    EventsOn {
        it: usize,
        error: bool,
    },
    /// The timer of `timers/promises` `setInterval` (async generator `g`) fired.
    IntervalTick(usize),
    /// Wraps an awaited value as an iterator result (`for await` over an array's values).
    IterResultOf {
        done: bool,
    },
}

impl Vm<'_> {
    // ---- the event loop ------------------------------------------------------------------

    pub(super) fn main(&mut self) -> Result<(), CodeError> {
        self.record(0, StepKind::Start)?;
        let main = self.closure(0, 0);
        if self.program.module {
            return self.main_module(main);
        }
        // `this` at the top of a CommonJS module is `module.exports`, an empty object.
        let exports = self.new_object();
        if !self.macrotask(main, exports, Vec::new())? {
            return Ok(());
        }
        self.main_loop()
    }

    /// An ES module: the loader evaluates it (an async function, for top-level `await`) from a
    /// promise job of its own, in the loop's poll phase. So every promise job the module queues
    /// runs before its first nextTick callback, and its immediates before its timers. If the
    /// evaluation fails the process dies; if it never settles, Node exits with status 13 after
    /// the loop ends (the `exit` listeners still see 0).
    fn main_module(&mut self, main: Value) -> Result<(), CodeError> {
        let p = match self.call(main, Value::Undefined, Vec::new(), Pos::default(), false)? {
            Flow::Normal(Value::Promise(p)) => p,
            _ => unreachable!("a module is an async function"),
        };
        // The loader handles the evaluation's outcome: it is never an unhandled rejection.
        self.promises[p].handled = true;
        self.unhandled.retain(|&u| u != p);
        self.module = Some(p);
        if !self.module_settled()? {
            return Ok(());
        }
        while let Some(job) = self.microtasks.pop_front() {
            let (_, label, line) = self.job_item(&job);
            self.record(line, StepKind::Dequeue { queue: QueueKind::Microtask, label })?;
            if !self.job(job)? || !self.module_settled()? {
                return Ok(());
            }
        }
        if !self.drain()? {
            return Ok(());
        }
        self.from_poll = true;
        self.main_loop()
    }

    /// After a step of an ES module's evaluation: false once it failed and the process died.
    fn module_settled(&mut self) -> Result<bool, CodeError> {
        let Some(p) = self.module else { return Ok(true) };
        let State::Rejected(e) = self.promises[p].state.clone() else { return Ok(true) };
        self.module = None;
        if !self.microtasks.is_empty() {
            // Node's loader takes a few promise jobs of its own to report the failure, and the
            // queued jobs run meanwhile: how many is an internal detail.
            return crate::js::lexer::unsupported(
                self.pos_here(),
                "an ES module that fails while promise jobs are queued (Node's loader runs some of them before the process dies)",
            );
        }
        self.uncaught(e)
    }

    /// The event loop: turns until nothing is pending, then `beforeExit` listeners (which may
    /// schedule more work, run before they are called again), then `exit` listeners.
    fn main_loop(&mut self) -> Result<(), CodeError> {
        while self.loop_turns()? {
            let before: Vec<Value> = self
                .process_listeners
                .iter()
                .filter(|(e, _)| &**e == "beforeExit")
                .map(|(_, f)| f.clone())
                .collect();
            for f in &before {
                if !self.macrotask(f.clone(), Value::Undefined, vec![Value::Num(0.0)])? {
                    return Ok(());
                }
            }
            if before.is_empty() || (self.timers.is_empty() && self.immediates.is_empty()) {
                self.exit_listeners()?;
                if self.crash.is_none()
                    && self.module.is_some_and(|p| matches!(self.promises[p].state, State::Pending))
                {
                    return self.die("Warning: Detected unsettled top-level await (exit status 13)".into());
                }
                return self.record(0, StepKind::Exit);
            }
        }
        Ok(())
    }

    /// Runs the loop until nothing is pending: true, or false once the process has died.
    fn loop_turns(&mut self) -> Result<bool, CodeError> {
        // libuv: timers, (pending, idle, prepare), poll, check, (close), while anything is pending.
        while !self.timers.is_empty() || !self.immediates.is_empty() {
            let phase_start = self.seq;
            // After the poll phase an ES module ran in, the check phase comes first.
            let from_poll = std::mem::take(&mut self.from_poll);
            while let Some(i) =
                self.earliest_timer().filter(|&i| !from_poll && self.timers[i].due <= self.now)
            {
                let t = self.timers.remove(i);
                if let Some((_, first, _)) = self.immediates.front().cloned() {
                    self.race(RaceKind::TimerVsImmediate, &t.cb, &first);
                }
                self.dequeue(QueueKind::Timers, &t.cb)?;
                self.running_timer = Some((t.id, false));
                if !self.macrotask(t.cb.clone(), Value::Undefined, t.args.clone())? {
                    return Ok(false);
                }
                // An interval is rescheduled after its callback, unless the callback cleared it.
                if let (Some(ms), Some((_, false))) = (t.repeat, self.running_timer) {
                    let due = self.now + ms;
                    self.reschedule(&t, due);
                }
                self.running_timer = None;
            }
            if self.immediates.is_empty() {
                if let Some(i) = self.earliest_timer() {
                    if self.timers[i].due > self.now {
                        self.now = self.timers[i].due;
                        self.record(0, StepKind::Wait { until_us: self.now })?;
                    }
                }
                continue;
            }
            if let Some(t) = self
                .timers
                .iter()
                .filter(|t| !from_poll && t.seq < phase_start && t.due <= self.now + RACE_WINDOW_US)
                .min_by_key(|t| (t.due, t.seq))
            {
                let (first, second) = (self.immediates[0].1.clone(), t.cb.clone());
                self.race(RaceKind::TimerVsImmediate, &first, &second);
            }
            self.batch = self.immediates.drain(..).collect();
            while let Some((_, cb, args)) = self.batch.pop_front() {
                self.dequeue(QueueKind::Immediate, &cb)?;
                if !self.macrotask(cb, Value::Undefined, args)? {
                    return Ok(false);
                }
            }
        }
        Ok(true)
    }

    /// `process.on('exit')` listeners, called with the exit code 0.
    fn exit_listeners(&mut self) -> Result<(), CodeError> {
        let listeners: Vec<Value> =
            self.process_listeners.iter().filter(|(e, _)| &**e == "exit").map(|(_, f)| f.clone()).collect();
        for f in listeners {
            if let Flow::Throw(e) =
                self.call(f, Value::Undefined, vec![Value::Num(0.0)], Pos::default(), false)?
            {
                let m = self.crash_text(&e);
                return self.die(format!("Uncaught {m}"));
            }
        }
        Ok(())
    }

    /// Runs one callback from the loop (or the main script), then Node's tick and microtask
    /// processing. Returns false once the process has died.
    fn macrotask(&mut self, cb: Value, this: Value, args: Vec<Value>) -> Result<bool, CodeError> {
        if let Flow::Throw(e) = self.call(cb, this, args, Pos::default(), false)? {
            return self.uncaught(e);
        }
        self.drain()
    }

    fn uncaught(&mut self, e: Value) -> Result<bool, CodeError> {
        if self.process_listeners.iter().any(|(n, _)| &**n == "uncaughtException" || &**n == "exit") {
            return crate::js::lexer::unsupported(
                self.pos_here(),
                "an uncaught exception with `process.on('uncaughtException'|'exit')` listeners",
            );
        }
        let m = self.crash_text(&e);
        self.die(format!("Uncaught {m}")).map(|_| false)
    }

    /// `processTicksAndRejections`: every nextTick, then every microtask, while ticks remain; then
    /// unhandled rejections go to `unhandledRejection` listeners, or kill the process.
    fn drain(&mut self) -> Result<bool, CodeError> {
        loop {
            loop {
                while let Some((cb, args)) = self.ticks.pop_front() {
                    self.dequeue(QueueKind::NextTick, &cb)?;
                    if let Flow::Throw(e) = self.call(cb, Value::Undefined, args, Pos::default(), false)? {
                        return self.uncaught(e);
                    }
                }
                while let Some(job) = self.microtasks.pop_front() {
                    let (_, label, line) = self.job_item(&job);
                    self.record(line, StepKind::Dequeue { queue: QueueKind::Microtask, label })?;
                    if !self.job(job)? || !self.module_settled()? {
                        return Ok(false);
                    }
                }
                if self.ticks.is_empty() {
                    break;
                }
            }
            if self.unhandled.is_empty() {
                return Ok(true);
            }
            let handlers: Vec<Value> = self
                .process_listeners
                .iter()
                .filter(|(e, _)| &**e == "unhandledRejection")
                .map(|(_, f)| f.clone())
                .collect();
            let p = self.unhandled.remove(0);
            let State::Rejected(r) = self.promises[p].state.clone() else {
                unreachable!("only rejected promises")
            };
            if handlers.is_empty() {
                let m = self.crash_text(&r);
                return self.die(format!("Uncaught (in promise) {m}")).map(|_| false);
            }
            for h in handlers {
                if let Flow::Throw(e) =
                    self.call(h, Value::Undefined, vec![r.clone(), Value::Promise(p)], Pos::default(), false)?
                {
                    return self.uncaught(e);
                }
            }
        }
    }

    pub(super) fn crash_text(&self, e: &Value) -> String {
        match e {
            Value::Obj(o) => match &self.objs[*o].kind {
                super::objects::ObjKind::Error(base) => {
                    let msg = self
                        .find_prop(*o, "message")
                        .map(|p| self.plain_string(&p.value))
                        .unwrap_or_default();
                    if msg.is_empty() {
                        base.to_string()
                    } else {
                        format!("{base}: {msg}")
                    }
                }
                _ => "an object".into(),
            },
            other => self.inspect_safe(other),
        }
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

    pub(super) fn race(&mut self, kind: RaceKind, first: &Value, second: &Value) {
        let ((first, first_line), (second, second_line)) = (self.label(first), self.label(second));
        let race =
            Race { kind, frame: self.frames.len().saturating_sub(1), first, first_line, second, second_line };
        if !self.races.iter().any(|r| r.kind == race.kind && r.first == race.first && r.second == race.second)
        {
            self.races.push(race);
        }
    }

    pub(super) fn native(&mut self, n: Native) -> Value {
        self.natives.push(n);
        Value::Native(self.natives.len() - 1)
    }

    pub(super) fn callable(&self, v: &Value) -> bool {
        match v {
            Value::Func(_) | Value::Native(_) | Value::Method(..) | Value::Bound(_) => true,
            Value::Builtin(b) => b.callable(),
            _ => false,
        }
    }

    pub(super) fn call_native(
        &mut self,
        n: usize,
        this: Value,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        Ok(match self.natives[n].clone() {
            Native::Resolve { p, reject, flag } => {
                if !self.flags[flag] {
                    self.flags[flag] = true;
                    if reject {
                        self.reject(p, arg(0));
                    } else {
                        self.resolve(p, arg(0))?;
                    }
                }
                Flow::Normal(Value::Undefined)
            }
            Native::ThenFinally(on) | Native::CatchFinally(on) => {
                let catching = matches!(self.natives[n], Native::CatchFinally(_));
                let r = match self.call(on, Value::Undefined, Vec::new(), pos, false)? {
                    Flow::Throw(e) => return Ok(Flow::Throw(e)),
                    Flow::Normal(v) => v,
                };
                // The result is awaited, then the original outcome passes through.
                let p = self.promise_resolve(r)?;
                let thunk =
                    self.native(if catching { Native::Thrower(arg(0)) } else { Native::ValueThunk(arg(0)) });
                Flow::Normal(self.then(p, thunk, Value::Undefined))
            }
            Native::ValueThunk(v) => Flow::Normal(v),
            Native::Thrower(e) => Flow::Throw(e),
            Native::Element { combo, index, rejected } => {
                self.combo_element(combo, index, rejected, arg(0))?;
                Flow::Normal(Value::Undefined)
            }
            Native::Bound { f, this: t, args: mut a } => {
                let _ = this;
                a.extend(args);
                return self.call(f, t, a, pos, false);
            }
            Native::AbortRemove { signal, listener } => {
                self.remove_abort_listener(signal, listener);
                Flow::Normal(Value::Undefined)
            }
            Native::AbortTimer { .. } | Native::AbortOnce { .. } => Flow::Normal(Value::Undefined),
            Native::EventsOnce { p, emitter, event, error } => {
                self.events_once_fired(p, &emitter, &event, error, args)?;
                Flow::Normal(Value::Undefined)
            }
            Native::Promisified(f) => {
                let p = self.new_promise();
                let cb = self.native(Native::PromisifyCallback(p));
                let mut a = args;
                a.push(cb);
                if let Flow::Throw(e) = self.call(f, this, a, pos, false)? {
                    self.reject(p, e);
                }
                Flow::Normal(Value::Promise(p))
            }
            Native::Callbackified(f) => {
                let mut a = args;
                let cb = a.pop().unwrap_or(Value::Undefined);
                if !self.callable(&cb) {
                    return Ok(self.throw_type_error("The last argument must be of type function.".into()));
                }
                let r = match self.call(f, this, a, pos, false)? {
                    Flow::Normal(v) => v,
                    t => return Ok(t),
                };
                let Value::Promise(p) = r else {
                    return crate::js::lexer::unsupported(
                        pos,
                        "util.callbackify of a function that does not return a promise",
                    );
                };
                let ok = self.native(Native::CallbackifyDone { cb: cb.clone(), rejected: false });
                let bad = self.native(Native::CallbackifyDone { cb, rejected: true });
                self.then(p, ok, bad);
                Flow::Normal(Value::Undefined)
            }
            Native::CallbackifyDone { cb, rejected } => {
                let v = arg(0);
                let args = if !rejected {
                    vec![Value::Null, v]
                } else if self.truthy(&v) {
                    vec![v]
                } else {
                    let e = self.make_error("Error", "Promise was rejected with falsy value");
                    if let Value::Obj(o) = &e {
                        self.define(&Value::Obj(*o), "reason".into(), v);
                    }
                    vec![e]
                };
                self.ticks.push_back((cb, args));
                Flow::Normal(Value::Undefined)
            }
            Native::EventsOn { it, error } => {
                self.events_on_fired(it, error, args)?;
                Flow::Normal(Value::Undefined)
            }
            Native::IntervalTick(g) => {
                self.interval_tick(g)?;
                Flow::Normal(Value::Undefined)
            }
            Native::IterResultOf { done } => Flow::Normal(self.iter_result(arg(0), done)),
            Native::PromisifyCallback(p) => {
                if matches!(self.promises[p].state, State::Pending) {
                    if !matches!(arg(0), Value::Undefined | Value::Null) {
                        self.reject(p, arg(0));
                    } else {
                        self.resolve(p, arg(1))?;
                    }
                }
                Flow::Normal(Value::Undefined)
            }
        })
    }
}
