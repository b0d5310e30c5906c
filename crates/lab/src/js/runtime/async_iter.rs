//! Async iteration: async generators (`async function*`) as ECMAScript specifies them (a queue
//! of `next`/`return`/`throw` requests, each answered by a promise; `yield v` and `return v`
//! await `v`; a request made while the generator is suspended resumes it at once), and the
//! iterators a `for await` loop drives: an async generator, or an array's or string's values
//! each awaited (`CreateAsyncFromSyncIterator`, one job per value).

use std::collections::VecDeque;
use std::rc::Rc;

use super::promises::Handler;
use super::Native;
use crate::js::lexer::{unsupported, Pos};
use crate::js::objects::{Obj, ObjKind};
use crate::js::vm::{Act, Flow, Outcome, Value, Vm};
use crate::CodeError;

/// A request to an async generator.
#[derive(Clone, Debug)]
pub(in crate::js) enum Req {
    Next(Value),
    Return(Value),
    Throw(Value),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Phase {
    /// Not started (suspendedStart).
    Start,
    /// Stopped at a `yield` (suspendedYield).
    Yielded,
    /// Running, or waiting at an `await` (executing).
    Running,
    /// Awaiting the value of a `return()` (awaiting-return).
    AwaitingReturn,
    /// Completed.
    Done,
}

pub(in crate::js) struct AsyncGen {
    act: Option<Act>,
    /// Node's `timers/promises` `setInterval`, an async generator whose body is native.
    pub(in crate::js) interval: Option<super::node_iter::Interval>,
    phase: Phase,
    queue: VecDeque<(Req, usize)>,
    name: Rc<str>,
}

pub(in crate::js) enum AsyncSource {
    Gen(Box<AsyncGen>),
    /// The values of an array (read live, by index) or of a string.
    FromSync {
        array: Option<usize>,
        items: Vec<Value>,
        at: usize,
    },
    /// `events.on(emitter, name)`.
    On(super::node_iter::EventsOn),
    /// What an object's `[Symbol.asyncIterator]()` returned, and its `next` method.
    User {
        it: Value,
        next: Value,
    },
}

pub(in crate::js) struct AsyncIter {
    pub(in crate::js) source: AsyncSource,
    /// A `for await` loop runs its body with a value from this iterator (leaving the body by a
    /// throw would close it).
    in_body: bool,
}

impl Vm<'_> {
    pub(in crate::js) fn new_async_iter(&mut self, source: AsyncSource) -> Value {
        self.aiters.push(AsyncIter { source, in_body: false });
        self.objs.push(Obj::new(ObjKind::AsyncIter(self.aiters.len() - 1)));
        Value::Obj(self.objs.len() - 1)
    }

    /// A call of an async generator function: the generator object, not yet started.
    pub(in crate::js) fn make_async_generator(&mut self, mut act: Act) -> Value {
        act.agen = Some(self.aiters.len());
        let name = act.name.clone();
        self.new_async_iter(AsyncSource::Gen(Box::new(AsyncGen {
            act: Some(act),
            interval: None,
            phase: Phase::Start,
            queue: VecDeque::new(),
            name,
        })))
    }

    pub(in crate::js) fn agen(&mut self, g: usize) -> &mut AsyncGen {
        match &mut self.aiters[g].source {
            AsyncSource::Gen(a) => a,
            _ => unreachable!("an async generator"),
        }
    }

    /// A native async generator (its body is `interval`).
    pub(in crate::js) fn native_async_generator(
        &mut self,
        name: &str,
        interval: super::node_iter::Interval,
    ) -> Value {
        self.new_async_iter(AsyncSource::Gen(Box::new(AsyncGen {
            act: None,
            interval: Some(interval),
            phase: Phase::Start,
            queue: VecDeque::new(),
            name: name.into(),
        })))
    }

    pub(in crate::js) fn agen_name(&self, g: usize) -> Rc<str> {
        match &self.aiters[g].source {
            AsyncSource::Gen(a) => a.name.clone(),
            _ => "(async iterator)".into(),
        }
    }

    pub(in crate::js) fn is_async_generator(&self, g: usize) -> bool {
        matches!(self.aiters[g].source, AsyncSource::Gen(_))
    }

    pub(in crate::js) fn iter_result(&mut self, value: Value, done: bool) -> Value {
        let o = self.new_object();
        self.define(&o, "value".into(), value);
        self.define(&o, "done".into(), Value::Bool(done));
        o
    }

    /// `next`, `return` and `throw` of an async generator (or of `events.on`'s iterator): a
    /// promise of the answer.
    pub(in crate::js) fn async_generator_method(
        &mut self,
        g: usize,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        if let AsyncSource::On(_) = self.aiters[g].source {
            return self.events_on_method(g, name, pos);
        }
        let arg = args.into_iter().next().unwrap_or(Value::Undefined);
        let req = match name {
            "next" => Req::Next(arg),
            "return" => Req::Return(arg),
            "throw" => Req::Throw(arg),
            _ => return unsupported(pos, &format!("the async generator method `{name}`")),
        };
        Ok(Flow::Normal(Value::Promise(self.agen_request(g, req, pos)?)))
    }

    fn agen_request(&mut self, g: usize, req: Req, pos: Pos) -> Result<usize, CodeError> {
        let p = self.new_promise();
        let phase = self.agen(g).phase;
        match (&req, phase) {
            (Req::Next(_), Phase::Done) => {
                let r = self.iter_result(Value::Undefined, true);
                self.resolve(p, r)?;
                return Ok(p);
            }
            (Req::Throw(e), Phase::Done | Phase::Start) => {
                let a = self.agen(g);
                a.phase = Phase::Done;
                a.act = None;
                a.interval = None;
                self.reject(p, e.clone());
                return Ok(p);
            }
            _ => {}
        }
        self.agen(g).queue.push_back((req.clone(), p));
        match (req, phase) {
            (Req::Return(v), Phase::Start | Phase::Done) => {
                let a = self.agen(g);
                a.act = None;
                a.interval = None;
                self.agen_await_return(g, v)?;
            }
            (req, Phase::Start | Phase::Yielded) => {
                let act = self.agen(g).act.take();
                let inject = match req {
                    Req::Next(_) if phase == Phase::Start => None,
                    Req::Next(v) => Some(Flow::Normal(v)),
                    Req::Throw(e) => Some(Flow::Throw(e)),
                    Req::Return(v) => return self.agen_return_at_yield(g, act, v, pos).map(|_| p),
                };
                self.agen_run(g, act, inject)?;
            }
            _ => {}
        }
        Ok(p)
    }

    /// `return(v)` to a generator stopped at a `yield`: it awaits `v`, then returns.
    fn agen_return_at_yield(
        &mut self,
        g: usize,
        act: Option<Act>,
        v: Value,
        pos: Pos,
    ) -> Result<(), CodeError> {
        // The native interval's `finally` clears its timer (no job is taken before it).
        self.interval_finally(g);
        if act.is_some_and(|a| a.in_try()) {
            return unsupported(
                pos,
                "returning from an async generator stopped inside a `try` (its `finally` would run)",
            );
        }
        self.agen_await_return(g, v)
    }

    /// Awaits the value of a `return`, then completes the generator with it.
    fn agen_await_return(&mut self, g: usize, v: Value) -> Result<(), CodeError> {
        self.agen(g).phase = Phase::AwaitingReturn;
        let p = self.promise_resolve(v)?;
        self.perform_then(p, Handler::AgenReturn(g), Handler::AgenReturn(g), None);
        Ok(())
    }

    /// The job after a `return`'s value settled.
    pub(in crate::js) fn agen_returned(
        &mut self,
        g: usize,
        v: Value,
        rejected: bool,
    ) -> Result<(), CodeError> {
        self.agen(g).phase = Phase::Done;
        self.agen_complete(g, if rejected { Err(v) } else { Ok(v) }, true)?;
        self.agen_drain(g)
    }

    /// Runs the generator's body (from its start, a `yield` or an `await`) until it stops again.
    pub(in crate::js) fn agen_run(
        &mut self,
        g: usize,
        act: Option<Act>,
        inject: Option<Flow>,
    ) -> Result<(), CodeError> {
        let (mut act, mut inject) = (act, inject);
        loop {
            self.agen(g).phase = Phase::Running;
            let outcome = match act.take() {
                Some(a) => self.exec(a, inject)?,
                None => self.interval_step(g, inject)?,
            };
            match outcome {
                Outcome::Suspended => {
                    let stopped = match self.yielded.take() {
                        Some((stopped, v)) => Some((Some(stopped), v)),
                        None => self.interval_yielded(g),
                    };
                    let Some((stopped, v)) = stopped else {
                        // At an `await`: a job resumes it.
                        return Ok(());
                    };
                    self.agen_complete(g, Ok(v), false)?;
                    let Some((req, _)) = self.agen(g).queue.front().cloned() else {
                        let a = self.agen(g);
                        a.phase = Phase::Yielded;
                        a.act = stopped;
                        return Ok(());
                    };
                    act = stopped;
                    inject = Some(match req {
                        Req::Next(v) => Flow::Normal(v),
                        Req::Throw(e) => Flow::Throw(e),
                        Req::Return(v) => {
                            let pos = self.pos_here();
                            return self.agen_return_at_yield(g, act, v, pos);
                        }
                    });
                }
                Outcome::Return(v) => {
                    self.interval_finally(g);
                    self.agen(g).phase = Phase::Done;
                    self.agen_complete(g, Ok(v), true)?;
                    return self.agen_drain(g);
                }
                Outcome::Throw(e) => {
                    self.interval_finally(g);
                    self.agen(g).phase = Phase::Done;
                    self.agen_complete(g, Err(e), true)?;
                    return self.agen_drain(g);
                }
            }
        }
    }

    /// Answers the oldest request.
    fn agen_complete(&mut self, g: usize, r: Result<Value, Value>, done: bool) -> Result<(), CodeError> {
        let Some((_, p)) = self.agen(g).queue.pop_front() else { return Ok(()) };
        match r {
            Ok(v) => {
                let o = self.iter_result(v, done);
                self.resolve(p, o)
            }
            Err(e) => {
                self.reject(p, e);
                Ok(())
            }
        }
    }

    /// After the generator completed: the requests still queued.
    fn agen_drain(&mut self, g: usize) -> Result<(), CodeError> {
        while let Some((req, _)) = self.agen(g).queue.front().cloned() {
            match req {
                Req::Return(v) => return self.agen_await_return(g, v),
                Req::Throw(e) => self.agen_complete(g, Err(e), true)?,
                Req::Next(_) => self.agen_complete(g, Ok(Value::Undefined), true)?,
            }
        }
        Ok(())
    }

    // ---- `for await` ---------------------------------------------------------------------

    /// The iterator of a `for await` loop.
    pub(in crate::js) fn async_iter_init(&mut self, v: Value, pos: Pos) -> Result<Flow, CodeError> {
        let source = match &v {
            Value::Obj(o) => match &self.objs[*o].kind {
                ObjKind::AsyncIter(_) => return Ok(Flow::Normal(v)),
                ObjKind::Array(_) => AsyncSource::FromSync { array: Some(*o), items: Vec::new(), at: 0 },
                ObjKind::Plain | ObjKind::Prototype => match self.user_async_iterator(&v, pos)? {
                    Ok(s) => s,
                    Err(e) => return Ok(Flow::Throw(e)),
                },
                _ => {
                    return unsupported(
                        pos,
                        "`for await` over anything but async generators, arrays and strings",
                    )
                }
            },
            Value::Str(s) => AsyncSource::FromSync {
                array: None,
                items: s.chars().map(|c| Value::Str(c.to_string().into())).collect(),
                at: 0,
            },
            _ => {
                return unsupported(pos, "`for await` over anything but async generators, arrays and strings")
            }
        };
        Ok(Flow::Normal(self.new_async_iter(source)))
    }

    /// `obj[Symbol.asyncIterator]()` and its `next`.
    fn user_async_iterator(&mut self, v: &Value, pos: Pos) -> Result<Result<AsyncSource, Value>, CodeError> {
        let f = match self.get(v, crate::js::objects::ASYNC_ITERATOR_KEY, pos)? {
            Flow::Normal(f) => f,
            Flow::Throw(e) => return Ok(Err(e)),
        };
        if matches!(f, Value::Undefined | Value::Null) {
            return unsupported(pos, "`for await` over an object without `[Symbol.asyncIterator]`");
        }
        let it = match self.call(f, v.clone(), Vec::new(), pos, true)? {
            Flow::Normal(it) => it,
            Flow::Throw(e) => return Ok(Err(e)),
        };
        if !matches!(it, Value::Obj(_)) {
            let Flow::Throw(e) =
                self.throw_type_error("Result of the Symbol.asyncIterator method is not an object".into())
            else {
                unreachable!()
            };
            return Ok(Err(e));
        }
        let next = match self.get(&it, "next", pos)? {
            Flow::Normal(n) => n,
            Flow::Throw(e) => return Ok(Err(e)),
        };
        Ok(Ok(AsyncSource::User { it, next }))
    }

    fn async_iter_index(&self, it: &Value) -> usize {
        match it {
            Value::Obj(o) => match self.objs[*o].kind {
                ObjKind::AsyncIter(i) => i,
                _ => unreachable!("an async iterator"),
            },
            _ => unreachable!("an async iterator"),
        }
    }

    /// `next()` of a `for await` loop's iterator: a promise of the result.
    pub(in crate::js) fn async_iter_next(&mut self, it: &Value, pos: Pos) -> Result<Flow, CodeError> {
        let i = self.async_iter_index(it);
        self.aiters[i].in_body = false;
        let (value, done) = match &mut self.aiters[i].source {
            AsyncSource::Gen(_) => {
                return Ok(Flow::Normal(Value::Promise(self.agen_request(
                    i,
                    Req::Next(Value::Undefined),
                    pos,
                )?)))
            }
            AsyncSource::On(_) => return self.events_on_method(i, "next", pos),
            AsyncSource::User { it, next } => {
                let (it, next) = (it.clone(), next.clone());
                return self.call(next, it, Vec::new(), pos, true);
            }
            AsyncSource::FromSync { array: Some(a), at, .. } => {
                let a = *a;
                let item = match &self.objs[a].kind {
                    ObjKind::Array(items) => items.get(*at).cloned(),
                    _ => None,
                };
                *at += 1;
                match item {
                    Some(v) => (v, false),
                    None => (Value::Undefined, true),
                }
            }
            AsyncSource::FromSync { items, at, .. } => {
                let item = items.get(*at).cloned();
                *at += 1;
                match item {
                    Some(v) => (v, false),
                    None => (Value::Undefined, true),
                }
            }
        };
        // AsyncFromSyncIteratorContinuation: the value is awaited, then wrapped.
        let d = self.new_promise();
        let wrapper = self.promise_resolve(value)?;
        let wrap = self.native(Native::IterResultOf { done });
        self.perform_then(wrapper, Handler::Call(wrap), Handler::None, Some(d));
        Ok(Flow::Normal(Value::Promise(d)))
    }

    /// The loop got a result: `Some(value)`, or `None` when done.
    pub(in crate::js) fn async_iter_result(
        &mut self,
        it: &Value,
        r: Value,
        pos: Pos,
    ) -> Result<Result<Option<Value>, Value>, CodeError> {
        if !matches!(r, Value::Obj(_)) {
            let what = self.inspect_safe(&r);
            let Flow::Throw(e) = self.throw_type_error(format!("Iterator result {what} is not an object"))
            else {
                unreachable!()
            };
            return Ok(Err(e));
        }
        let done = match self.get(&r, "done", pos)? {
            Flow::Normal(v) => self.truthy(&v),
            Flow::Throw(e) => return Ok(Err(e)),
        };
        if done {
            return Ok(Ok(None));
        }
        let v = match self.get(&r, "value", pos)? {
            Flow::Normal(v) => v,
            Flow::Throw(e) => return Ok(Err(e)),
        };
        let i = self.async_iter_index(it);
        self.aiters[i].in_body = true;
        Ok(Ok(Some(v)))
    }

    /// A `for await` loop left early: `Some(flow of return())`, or `None` when the iterator has
    /// no `return` (an array's values).
    pub(in crate::js) fn async_iter_return(
        &mut self,
        it: &Value,
        pos: Pos,
    ) -> Result<Option<Flow>, CodeError> {
        let i = self.async_iter_index(it);
        self.aiters[i].in_body = false;
        match self.aiters[i].source {
            AsyncSource::Gen(_) => Ok(Some(Flow::Normal(Value::Promise(self.agen_request(
                i,
                Req::Return(Value::Undefined),
                pos,
            )?)))),
            AsyncSource::On(_) => self.events_on_method(i, "return", pos).map(Some),
            AsyncSource::User { ref it, .. } => {
                let it = it.clone();
                let ret = match self.get(&it, "return", pos)? {
                    Flow::Normal(r) => r,
                    t => return Ok(Some(t)),
                };
                if matches!(ret, Value::Undefined | Value::Null) {
                    return Ok(None);
                }
                self.call(ret, it, Vec::new(), pos, true).map(Some)
            }
            AsyncSource::FromSync { .. } => Ok(None),
        }
    }

    /// A throw leaves a `for await` loop whose iterator would be closed (its `return()` awaited).
    pub(in crate::js) fn async_iter_thrown_out(&mut self, i: usize) -> Result<(), CodeError> {
        if self.aiters[i].in_body && !matches!(self.aiters[i].source, AsyncSource::FromSync { .. }) {
            return unsupported(
                self.pos_here(),
                "an exception leaving a `for await` loop over an async iterator (closing it awaits its return())",
            );
        }
        Ok(())
    }
}
