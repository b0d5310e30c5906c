//! Promises as ECMAScript specifies them: reaction jobs, the extra job to adopt a promise or a
//! thenable, `new Promise`, and the combinators `Promise.all`, `allSettled`, `race` and `any`,
//! each calling `then` on every element exactly as the specification does (so the number of
//! jobs, and with it the order, is Node's).

use super::{ErrKind, Native};
use crate::js::lexer::Pos;
use crate::js::objects::ObjKind;
use crate::js::vm::{Flow, Value, Vm};
use crate::CodeError;

#[derive(Clone, Debug)]
pub(in crate::js) enum State {
    Pending,
    Fulfilled(Value),
    Rejected(Value),
}

#[derive(Clone, Debug)]
pub(in crate::js) enum Handler {
    /// No handler for this outcome: pass it on to the derived promise.
    None,
    Call(Value),
    /// Resume a suspended async function (by slot).
    Resume(usize),
    /// An async generator's `return` value settled (by index in `Vm::aiters`).
    AgenReturn(usize),
    /// Node's native `setInterval` async generator resumes after an `await`.
    IntervalResume(usize),
}

#[derive(Clone, Debug)]
struct Reaction {
    derived: Option<usize>,
    fulfilled: Handler,
    rejected: Handler,
}

pub(in crate::js) struct PromiseObj {
    pub(in crate::js) state: State,
    reactions: Vec<Reaction>,
    pub(in crate::js) handled: bool,
}

#[derive(Clone, Debug)]
pub(in crate::js) enum Job {
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
    /// `resolve(thenable object)`: calls its `then` in a job of its own.
    Thenable {
        p: usize,
        obj: Value,
        then: Value,
    },
    /// `queueMicrotask(f)`.
    Callback(Value),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::js) enum ComboKind {
    All,
    AllSettled,
    Any,
}

pub(in crate::js) struct Combo {
    kind: ComboKind,
    values: Vec<Value>,
    called: Vec<bool>,
    remaining: usize,
    resolve: Value,
    reject: Value,
}

impl Vm<'_> {
    pub(in crate::js) fn new_promise(&mut self) -> usize {
        self.promises.push(PromiseObj { state: State::Pending, reactions: Vec::new(), handled: false });
        self.promises.len() - 1
    }

    /// The resolving functions of promise `p` (sharing one "already resolved" flag).
    pub(in crate::js) fn resolving_functions(&mut self, p: usize) -> (Value, Value) {
        let flag = self.flags.len();
        self.flags.push(false);
        (
            self.native(Native::Resolve { p, reject: false, flag }),
            self.native(Native::Resolve { p, reject: true, flag }),
        )
    }

    pub(in crate::js) fn job(&mut self, job: Job) -> Result<bool, CodeError> {
        match job {
            Job::Reaction { handler, derived, arg, rejected } => match handler {
                Handler::None => {
                    if let Some(d) = derived {
                        if rejected {
                            self.reject(d, arg);
                        } else {
                            self.resolve(d, arg)?;
                        }
                    }
                }
                Handler::Call(f) => {
                    let flow = self.call(f, Value::Undefined, vec![arg], Pos::default(), false)?;
                    if let Some(d) = derived {
                        match flow {
                            Flow::Normal(v) => self.resolve(d, v)?,
                            Flow::Throw(e) => self.reject(d, e),
                        }
                    }
                }
                Handler::Resume(slot) => {
                    let act = self.suspended[slot].take().expect("an await resumes once");
                    let inject = if rejected { Flow::Throw(arg) } else { Flow::Normal(arg) };
                    match act.agen {
                        Some(g) => self.agen_run(g, Some(act), Some(inject))?,
                        None => self.run_async(act, Some(inject))?,
                    }
                }
                Handler::AgenReturn(g) => self.agen_returned(g, arg, rejected)?,
                Handler::IntervalResume(g) => {
                    let inject = if rejected { Flow::Throw(arg) } else { Flow::Normal(arg) };
                    self.agen_run(g, None, Some(inject))?;
                }
            },
            Job::Adopt { p, thenable } => {
                let (res, rej) = self.resolving_functions(p);
                self.then(thenable, res, rej);
            }
            Job::Thenable { p, obj, then } => {
                let (res, rej) = self.resolving_functions(p);
                if let Flow::Throw(e) = self.call(then, obj, vec![res, rej.clone()], Pos::default(), false)? {
                    self.call(rej, Value::Undefined, vec![e], Pos::default(), false)?;
                }
            }
            Job::Callback(f) => {
                if let Flow::Throw(e) = self.call(f, Value::Undefined, Vec::new(), Pos::default(), false)? {
                    return self.uncaught(e);
                }
            }
        }
        Ok(true)
    }

    /// `PromiseResolve(%Promise%, v)`: a promise is used as it is.
    pub(in crate::js) fn promise_resolve(&mut self, v: Value) -> Result<usize, CodeError> {
        if let Value::Promise(p) = v {
            return Ok(p);
        }
        let p = self.new_promise();
        self.resolve(p, v)?;
        Ok(p)
    }

    /// A promise's resolve function: adopting a promise or thenable costs a job of its own.
    pub(in crate::js) fn resolve(&mut self, p: usize, v: Value) -> Result<(), CodeError> {
        match v {
            Value::Promise(q) if q == p => {
                let e = self.make_error("TypeError", "Chaining cycle detected for promise #<Promise>");
                self.reject(p, e)
            }
            Value::Promise(q) => self.microtasks.push_back(Job::Adopt { p, thenable: q }),
            Value::Obj(o) => match self.find_prop(o, "then") {
                Some(prop) if prop.getter.is_some() => {
                    return crate::js::lexer::unsupported(
                        self.pos_here(),
                        "a `then` getter on a resolved object",
                    )
                }
                Some(prop) if self.callable(&prop.value) => {
                    self.microtasks.push_back(Job::Thenable { p, obj: Value::Obj(o), then: prop.value })
                }
                _ => self.fulfill(p, Value::Obj(o)),
            },
            v => self.fulfill(p, v),
        }
        Ok(())
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

    pub(in crate::js) fn reject(&mut self, p: usize, e: Value) {
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
    pub(in crate::js) fn then(&mut self, p: usize, on_fulfilled: Value, on_rejected: Value) -> Value {
        let d = self.new_promise();
        let h = |vm: &Self, v: Value| if vm.callable(&v) { Handler::Call(v) } else { Handler::None };
        let (f, r) = (h(self, on_fulfilled), h(self, on_rejected));
        self.perform_then(p, f, r, Some(d));
        Value::Promise(d)
    }

    pub(in crate::js) fn perform_then(
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

    /// `new Promise(executor)`.
    pub(in crate::js) fn new_promise_with(&mut self, executor: Value, pos: Pos) -> Result<Flow, CodeError> {
        if !self.callable(&executor) {
            let what = self.describe_value(&executor);
            return Ok(self.throw_type_error(format!("Promise resolver {what} is not a function")));
        }
        let p = self.new_promise();
        let (res, rej) = self.resolving_functions(p);
        if let Flow::Throw(e) = self.call(executor, Value::Undefined, vec![res, rej.clone()], pos, true)? {
            self.call(rej, Value::Undefined, vec![e], pos, false)?;
        }
        Ok(Flow::Normal(Value::Promise(p)))
    }

    /// `Promise.all`, `allSettled`, `any` (`kind`) or `race` (`None`) over `iterable`.
    pub(in crate::js) fn combinator(
        &mut self,
        kind: Option<ComboKind>,
        iterable: Value,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let p = self.new_promise();
        let (res, rej) = self.resolving_functions(p);
        let items = match self.iterate(&iterable, pos)? {
            Ok(items) => items,
            Err(e) => {
                self.reject(p, e);
                return Ok(Flow::Normal(Value::Promise(p)));
            }
        };
        let Some(kind) = kind else {
            for x in items {
                let next = self.promise_resolve(x)?;
                self.then(next, res.clone(), rej.clone());
            }
            return Ok(Flow::Normal(Value::Promise(p)));
        };
        let combo = self.combos.len();
        self.combos.push(Combo {
            kind,
            values: Vec::new(),
            called: Vec::new(),
            remaining: 1,
            resolve: res.clone(),
            reject: rej.clone(),
        });
        for (index, x) in items.into_iter().enumerate() {
            self.combos[combo].values.push(Value::Undefined);
            self.combos[combo].called.push(false);
            let next = self.promise_resolve(x)?;
            self.combos[combo].remaining += 1;
            let (on_ok, on_err) = match kind {
                ComboKind::All => {
                    (self.native(Native::Element { combo, index, rejected: false }), rej.clone())
                }
                ComboKind::AllSettled => (
                    self.native(Native::Element { combo, index, rejected: false }),
                    self.native(Native::Element { combo, index, rejected: true }),
                ),
                ComboKind::Any => {
                    (res.clone(), self.native(Native::Element { combo, index, rejected: true }))
                }
            };
            self.then(next, on_ok, on_err);
        }
        self.combo_countdown(combo)?;
        Ok(Flow::Normal(Value::Promise(p)))
    }

    fn combo_countdown(&mut self, combo: usize) -> Result<(), CodeError> {
        self.combos[combo].remaining -= 1;
        if self.combos[combo].remaining > 0 {
            return Ok(());
        }
        let values = self.combos[combo].values.clone();
        let arr = self.new_array(values);
        let c = &self.combos[combo];
        let (kind, res, rej) = (c.kind, c.resolve.clone(), c.reject.clone());
        if kind == ComboKind::Any {
            let e = self.make_error(ErrKind::Aggregate.name(), "All promises were rejected");
            if let Value::Obj(o) = e {
                self.define_hidden(o, "errors", arr);
            }
            self.call(rej, Value::Undefined, vec![e], Pos::default(), false)?;
        } else {
            self.call(res, Value::Undefined, vec![arr], Pos::default(), false)?;
        }
        Ok(())
    }

    /// An element function of a combinator was called with `v`.
    pub(in crate::js) fn combo_element(
        &mut self,
        combo: usize,
        index: usize,
        rejected: bool,
        v: Value,
    ) -> Result<(), CodeError> {
        if self.combos[combo].called[index] {
            return Ok(());
        }
        self.combos[combo].called[index] = true;
        let v = match self.combos[combo].kind {
            ComboKind::AllSettled => {
                let o = self.new_object();
                let status = if rejected { "rejected" } else { "fulfilled" };
                self.define(&o, "status".into(), Value::Str(status.into()));
                self.define(&o, if rejected { "reason" } else { "value" }.into(), v);
                o
            }
            _ => v,
        };
        self.combos[combo].values[index] = v;
        self.combo_countdown(combo)
    }

    /// Whether `v` is an error object (for printing).
    pub(in crate::js) fn is_error(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Error(_)))
    }
}
