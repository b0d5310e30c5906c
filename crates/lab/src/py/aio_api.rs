//! asyncio's native API as the program sees it: `asyncio.sleep/create_task/gather/run/…`,
//! future and task methods, the loop's methods, timer handles; and the `time`, `functools`
//! and `dataclasses` functions.

use std::rc::Rc;

use super::aio::{Action, FState, FutKind};
use super::call::Kwargs;
use super::ops::as_f64;
use super::value::*;
use super::vm::{Ctx, Fault, Machine, X};
use super::{unsupported, Pos};

const FUT_METHODS: [&str; 16] = [
    "result",
    "exception",
    "done",
    "cancelled",
    "cancel",
    "add_done_callback",
    "remove_done_callback",
    "get_name",
    "set_name",
    "set_result",
    "set_exception",
    "get_loop",
    "cancelling",
    "uncancel",
    "get_coro",
    "_label",
];
const LOOP_METHODS: [&str; 12] = [
    "call_soon",
    "call_later",
    "call_at",
    "time",
    "create_future",
    "create_task",
    "is_running",
    "run_forever",
    "run_until_complete",
    "stop",
    "close",
    "is_closed",
];

pub(super) fn native_method(obj: &Value, name: &str) -> Option<Value> {
    let table: &[&'static str] = match obj {
        Value::Fut(_) => &FUT_METHODS,
        Value::Loop(_) => &LOOP_METHODS,
        Value::Handle(_) => &["cancel", "cancelled", "when"],
        Value::Gen(g) if g.borrow().kind == GenKind::Generator => &["send"],
        _ => return None,
    };
    let n = table.iter().find(|m| **m == name)?;
    Some(Value::Builtin(Rc::new(Builtin { name: n, this: Some(obj.clone()) })))
}

pub(super) const ASYNCIO_NATIVE: [&str; 14] = [
    "iscoroutinefunction",
    "iscoroutine",
    "new_event_loop",
    "set_event_loop",
    "sleep",
    "create_task",
    "gather",
    "run",
    "get_running_loop",
    "get_event_loop",
    "current_task",
    "ensure_future",
    "Future",
    "all_tasks",
];

fn kw(kwargs: &Kwargs, name: &str) -> Option<Value> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

impl Machine {
    fn need_loop(&mut self, what: &str) -> X<()> {
        if !self.loop_running {
            return self.raise("RuntimeError", format!("no running event loop (calling {what})"));
        }
        Ok(())
    }

    fn seconds(&mut self, v: &Value) -> X<f64> {
        match v {
            Value::Int(_) | Value::Float(_) | Value::Bool(_) => Ok(as_f64(v)),
            _ => {
                let t = self.type_name(v);
                self.raise("TypeError", format!("'<=' not supported between instances of '{t}' and 'int'"))
            }
        }
    }

    #[allow(clippy::wrong_self_convention)]
    fn to_us(&mut self, s: f64) -> X<u64> {
        if !s.is_finite() {
            return Err(Fault::Code(unsupported(
                self.here(),
                "sleeping or waiting for `nan` or `inf` seconds is",
            )));
        }
        Ok((s.max(0.0) * 1e6).round() as u64)
    }

    pub(super) fn call_module_fn(
        &mut self,
        ctx: Ctx,
        name: &'static str,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        let a0 = args.first().cloned().unwrap_or(Value::None);
        Ok(match name {
            "asyncio.sleep" => {
                let delay = args.first().cloned().or_else(|| kw(&kwargs, "delay")).unwrap_or(Value::None);
                let s = self.seconds(&delay)?;
                let result = args.get(1).cloned().or_else(|| kw(&kwargs, "result")).unwrap_or(Value::None);
                let shown = self.repr(ctx, &delay)?;
                let d = if s <= 0.0 { None } else { Some(self.to_us(s)?) };
                Value::Sleep(Rc::new((d, result, format!("sleep({shown})"))), new_ref(false))
            }
            "asyncio.create_task" | "asyncio.ensure_future" | "loop.create_task" => {
                if let (Value::Fut(_), "asyncio.ensure_future") = (&a0, name) {
                    return Ok(a0);
                }
                if name != "loop.create_task" {
                    self.need_loop("create_task")?;
                }
                let c = self.claim_coro(a0, "")?;
                let tname = match kw(&kwargs, "name") {
                    Some(Value::None) | None => None,
                    Some(v) => Some(self.to_str(ctx, &v)?),
                };
                let t = self.new_task(c, tname, pos.line)?;
                Value::Fut(self.tasks[t].fut)
            }
            "asyncio.gather" => {
                self.need_loop("gather")?;
                let rex = match kw(&kwargs, "return_exceptions") {
                    Some(v) => self.truthy(ctx, &v)?,
                    None => false,
                };
                self.gather(args, rex, pos.line)?
            }
            "asyncio.run" => {
                // Debug mode only adds warnings and slow-callback reports, on standard error.
                if let Some((k, _)) = kwargs.iter().find(|(k, _)| &**k != "debug") {
                    return Err(Fault::Code(unsupported(pos, &format!("`asyncio.run({k}=…)` is"))));
                }
                self.run_main(a0, pos.line)?
            }
            "asyncio.get_running_loop" | "asyncio.get_event_loop" => {
                if !self.loop_running && name == "asyncio.get_event_loop" {
                    // 3.11: no running loop: the policy's loop (made now if there is none; the
                    // DeprecationWarning goes to stderr).
                    if let Some(id) = self.policy_loop {
                        return Ok(Value::Loop(id));
                    }
                    self.loop_id += 1;
                    self.policy_loop = Some(self.loop_id);
                    return Ok(Value::Loop(self.loop_id));
                }
                if !self.loop_running {
                    if name == "asyncio.get_event_loop" {
                        return Err(Fault::Code(unsupported(
                            pos,
                            "`asyncio.get_event_loop()` outside a running loop is",
                        )));
                    }
                    return self.raise("RuntimeError", "no running event loop");
                }
                Value::Loop(self.loop_id)
            }
            "asyncio.current_task" => match self.current {
                Some(t) => Value::Fut(self.tasks[t].fut),
                None => Value::None,
            },
            "asyncio.new_event_loop" => {
                if self.loop_running {
                    return Err(Fault::Code(unsupported(pos, "a second event loop inside a running one is")));
                }
                self.loop_id += 1;
                Value::Loop(self.loop_id)
            }
            "asyncio.set_event_loop" => {
                self.policy_loop = match a0 {
                    Value::Loop(id) => Some(id),
                    _ => None,
                };
                Value::None
            }
            "asyncio.iscoroutinefunction" => {
                Value::Bool(matches!(&a0, Value::Func(f) if f.code.is_async && !f.code.is_gen))
            }
            "asyncio.iscoroutine" => Value::Bool(
                matches!(&a0, Value::Gen(g) if g.borrow().kind == GenKind::Coroutine)
                    || matches!(a0, Value::Sleep(..)),
            ),
            "asyncio.all_tasks" => {
                return Err(Fault::Code(unsupported(
                    pos,
                    "`asyncio.all_tasks()` (a set in no fixed order) is",
                )))
            }
            "asyncio.Future" => {
                if !self.loop_running {
                    // 3.11: with no running loop a Future takes the policy's loop (as
                    // `get_event_loop()` does, made now if there is none).
                    let id = self.policy_loop.unwrap_or(self.loop_id + 1);
                    if id == self.loop_id + 1 {
                        self.loop_id = id;
                        self.policy_loop = Some(id);
                    }
                    if id != self.loop_id {
                        return Err(Fault::Code(unsupported(
                            pos,
                            "a Future of an event loop other than the newest is",
                        )));
                    }
                }
                Value::Fut(self.new_fut(FutKind::Plain, pos.line))
            }
            "time.monotonic" | "time.perf_counter" | "time.time" => {
                self.reads += 1;
                let base = if name == "time.time" { 1_700_000_000.0 } else { 0.0 };
                Value::Float(base + (self.now + self.reads) as f64 / 1e6)
            }
            "time.sleep" => {
                let s = self.seconds(&a0)?;
                let d = self.to_us(s)?;
                self.now += d;
                let stack = self.stack_labels(ctx, None);
                let line = self.current.map_or(self.here().line, |t| self.tasks[t].line);
                self.record(crate::StepKind::Wait { until_us: self.now }, line, stack)?;
                Value::None
            }
            "functools.partial" => {
                if args.is_empty() {
                    return self.raise("TypeError", "type 'partial' takes at least one argument");
                }
                let kws = kwargs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                Value::Partial(Rc::new((a0, args[1..].to_vec(), kws)))
            }
            "functools.wraps" => {
                // `@functools.wraps(f)` copies the name: modelled as a partial of `_wraps`.
                Value::Partial(Rc::new((
                    Value::Builtin(Rc::new(Builtin { name: "functools._wraps", this: None })),
                    vec![a0],
                    vec![],
                )))
            }
            "functools._wraps" => {
                let (orig, f) = (a0, args.get(1).cloned().unwrap_or(Value::None));
                if let (Value::Func(o), Value::Func(g)) = (&orig, &f) {
                    *g.name.borrow_mut() = o.name.borrow().clone();
                }
                f
            }
            "dataclasses.dataclass" => {
                if let Value::Class(c) = &a0 {
                    return self.dataclass(c, &kwargs);
                }
                // `@dataclass(order=True)`: a partial applied to the class later.
                let kws = kwargs.iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
                Value::Partial(Rc::new((
                    Value::Builtin(Rc::new(Builtin { name: "dataclasses.dataclass", this: None })),
                    vec![],
                    kws,
                )))
            }
            "itertools.count" => {
                let start = match args.first() {
                    Some(Value::Int(i)) => *i,
                    None => 0,
                    _ => return Err(Fault::Code(unsupported(pos, "`itertools.count` of a non-int is"))),
                };
                let step = match args.get(1) {
                    Some(Value::Int(i)) => *i,
                    None => 1,
                    _ => return Err(Fault::Code(unsupported(pos, "`itertools.count` of a non-int is"))),
                };
                Value::Iter(new_ref(Iter::Range(start, if step > 0 { i64::MAX } else { i64::MIN }, step)))
            }
            "random.seed" => {
                match args.first() {
                    Some(Value::Int(n)) => self.rng = Some(Box::new(super::random::Mt::seeded(*n))),
                    _ => return Err(Fault::Code(unsupported(pos, "`random.seed` without an int seed is"))),
                }
                Value::None
            }
            n if n.starts_with("random.") => return self.random_call(ctx, n, args, pos),
            "_aio.loop_running" => Value::Bool(self.loop_running),
            "_aio.runner_open" => Value::Loop(self.runner_open()),
            "_aio.runner_run" => {
                if !matches!(a0, Value::Loop(id) if id == self.loop_id) {
                    return Err(Fault::Code(unsupported(
                        pos,
                        "running a Runner whose event loop is not the newest one is",
                    )));
                }
                let coro = args.get(1).cloned().unwrap_or(Value::None);
                let c = self.claim_coro(coro, "")?;
                let fut = self.runner_start(c, pos.line)?;
                self.outcome(fut)?
            }
            "_aio.runner_close" => {
                if matches!(a0, Value::Loop(id) if id == self.loop_id) {
                    self.runner_close(pos.line)?;
                }
                Value::None
            }
            "_aio.refuse" => {
                let what = self.to_str(ctx, &a0)?;
                return Err(Fault::Code(unsupported(self.here(), &format!("{what} is"))));
            }
            _ => return Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
        })
    }

    fn dataclass(&mut self, c: &Rc<Class>, kwargs: &Kwargs) -> X<Value> {
        let order = match kw(kwargs, "order") {
            Some(v) => self.truthy(Ctx::Module, &v)?,
            None => false,
        };
        let mut fields = vec![];
        let mut all: Vec<Rc<Class>> = c.mro.iter().rev().cloned().collect();
        all.push(Rc::clone(c));
        for k in all {
            let Some(Value::List(names)) = k.own("__annotations__") else { continue };
            for n in names.borrow().iter() {
                let Value::Str(n) = n else { continue };
                let (mut default, mut factory, mut compare, mut repr) =
                    (Value::Ellipsis, Value::Ellipsis, true, true);
                if let Some(v) = k.own(n) {
                    match &v {
                        Value::Inst(i) if i.class.name == "Field" && i.class.internal => {
                            default = i.get("default").unwrap_or(Value::Ellipsis);
                            factory = i.get("default_factory").unwrap_or(Value::Ellipsis);
                            compare = !matches!(i.get("compare"), Some(Value::Bool(false)));
                            repr = !matches!(i.get("repr"), Some(Value::Bool(false)));
                            match &default {
                                Value::Ellipsis => c.dict.borrow_mut().retain(|(x, _)| x != &**n),
                                d => c.set(n, d.clone()),
                            }
                        }
                        _ => default = v,
                    }
                }
                let spec = Value::tuple(vec![
                    Value::Str(Rc::clone(n)),
                    default,
                    factory,
                    Value::Bool(compare),
                    Value::Bool(repr),
                ]);
                fields.push((n.to_string(), spec));
            }
        }
        let mut seen: Vec<String> = vec![];
        let mut ordered = vec![];
        for (n, spec) in fields.into_iter().rev() {
            if !seen.contains(&n) {
                seen.push(n);
                ordered.push(spec);
            }
        }
        ordered.reverse();
        c.set("__dataclass_fields__", Value::tuple(ordered));
        if order {
            c.set("__dataclass_order__", Value::Bool(true));
        }
        Ok(Value::Class(Rc::clone(c)))
    }

    pub(super) fn call_native_method(
        &mut self,
        ctx: Ctx,
        name: &'static str,
        this: &Value,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        let a0 = args.first().cloned().unwrap_or(Value::None);
        match this {
            Value::Fut(f) => self.fut_method(ctx, *f, name, args, kwargs, pos),
            Value::Loop(_) => match name {
                "time" => {
                    self.reads += 1;
                    Ok(Value::Float((self.now + self.reads) as f64 / 1e6))
                }
                "is_running" => Ok(Value::Bool(self.loop_running)),
                "is_closed" => Ok(Value::Bool(false)),
                "close" => Ok(Value::None),
                "stop" => {
                    self.stopping = true;
                    Ok(Value::None)
                }
                "run_forever" | "run_until_complete" => {
                    if self.loop_running {
                        return self.raise("RuntimeError", "This event loop is already running");
                    }
                    if matches!(this, Value::Loop(id) if *id != self.loop_id) {
                        return Err(Fault::Code(unsupported(
                            pos,
                            "running an event loop other than the newest is",
                        )));
                    }
                    self.run_loop(name == "run_forever", a0, pos)
                }
                "create_future" => Ok(Value::Fut(self.new_fut(FutKind::Plain, pos.line))),
                "create_task" => {
                    // A loop that is not running takes tasks for its next run (only the newest
                    // loop is modelled).
                    if !self.loop_running && !matches!(this, Value::Loop(id) if *id == self.loop_id) {
                        return Err(Fault::Code(unsupported(
                            pos,
                            "`create_task` on an event loop other than the newest is",
                        )));
                    }
                    self.call_module_fn(ctx, "loop.create_task", args, kwargs, pos)
                }
                "call_soon" => {
                    if args.is_empty() {
                        return self.raise(
                            "TypeError",
                            "call_soon() missing 1 required positional argument: 'callback'",
                        );
                    }
                    let label = self.callable_label(&a0);
                    let line = self.here().line;
                    Ok(Value::Handle(self.call_soon(a0, args[1..].to_vec(), label, line)))
                }
                "call_later" | "call_at" => {
                    if args.len() < 2 {
                        return self.raise("TypeError", format!("{name}() missing required arguments"));
                    }
                    let s = self.seconds(&a0)?;
                    let when = if name == "call_later" {
                        self.now + self.reads + self.to_us(s)?
                    } else {
                        self.to_us(s)?
                    };
                    let f = args[1].clone();
                    let label = self.callable_label(&f);
                    let line = self.here().line;
                    Ok(Value::Handle(self.add_timer(when, Action::Call(f, args[2..].to_vec()), label, line)))
                }
                _ => Err(Fault::Code(unsupported(pos, &format!("`loop.{name}` is")))),
            },
            Value::Gen(g) => {
                let (started, g) = (g.borrow().started, Rc::clone(g));
                if started || matches!(a0, Value::None) {
                    match self.gen_next(ctx, &g, a0)? {
                        Some(v) => Ok(v),
                        None => {
                            let v = std::mem::replace(&mut g.borrow_mut().returned, Value::None);
                            let args = if matches!(v, Value::None) { vec![] } else { vec![v.clone()] };
                            let e = self.exception("StopIteration", args);
                            if let Value::Inst(i) = &e {
                                i.set("value", v);
                            }
                            Err(Fault::Exc(e))
                        }
                    }
                } else {
                    self.raise("TypeError", "can't send non-None value to a just-started generator")
                }
            }
            Value::Handle(h) => match name {
                "cancel" => {
                    self.cancel_handle(*h);
                    Ok(Value::None)
                }
                "cancelled" => Ok(Value::Bool(self.timers.get(*h).is_some_and(|t| t.cancelled))),
                "when" => Ok(Value::Float(self.timers.get(*h).map_or(0.0, |t| t.when as f64 / 1e6))),
                _ => Err(Fault::Code(unsupported(pos, &format!("`TimerHandle.{name}` is")))),
            },
            _ => {
                let _ = a0;
                Err(Fault::Code(unsupported(pos, &format!("`{name}` is"))))
            }
        }
    }

    pub(super) fn callable_label(&self, f: &Value) -> String {
        match f {
            Value::Func(func) => format!("{}()", func.name.borrow()),
            Value::Bound(b) => self.callable_label(&b.1),
            Value::Partial(p) => format!("partial({})", self.callable_label(&p.0)),
            Value::Builtin(b) => format!("{}()", b.name),
            _ => "callback".into(),
        }
    }

    fn fut_method(
        &mut self,
        ctx: Ctx,
        f: usize,
        name: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        let a0 = args.first().cloned().unwrap_or(Value::None);
        let task = match self.futs[f].kind {
            FutKind::Task(t) => Some(t),
            _ => None,
        };
        Ok(match name {
            "done" => Value::Bool(self.fut_done(f)),
            "cancelled" => Value::Bool(matches!(self.futs[f].state, FState::Cancelled(_))),
            "result" | "exception" => match self.futs[f].state.clone() {
                FState::Pending => {
                    let m = if name == "result" { "Result is not set." } else { "Exception is not set." };
                    return self.raise("InvalidStateError", m);
                }
                FState::Cancelled(msg) => return Err(Fault::Exc(self.cancelled_error(msg))),
                FState::Exc(e) if name == "result" => return Err(Fault::Exc(e)),
                FState::Exc(e) => e,
                FState::Result(_) if name == "exception" => Value::None,
                FState::Result(v) => v,
            },
            "cancel" => {
                let msg = args
                    .first()
                    .cloned()
                    .or_else(|| kw(&kwargs, "msg"))
                    .filter(|m| !matches!(m, Value::None));
                Value::Bool(self.cancel_fut(f, msg))
            }
            "add_done_callback" => {
                self.add_done_callback(f, super::aio::Callback::Py(a0));
                Value::None
            }
            "remove_done_callback" => {
                let before = self.futs[f].callbacks.len();
                self.futs[f]
                    .callbacks
                    .retain(|c| !matches!(c, super::aio::Callback::Py(x) if super::ops::same(x, &a0)));
                Value::Int((before - self.futs[f].callbacks.len()) as i64)
            }
            "set_result" | "set_exception" => {
                if self.fut_done(f) {
                    return self.raise("InvalidStateError", "invalid state");
                }
                if task.is_some() {
                    return self.raise("RuntimeError", format!("Task does not support {name}() operation"));
                }
                let state = if name == "set_result" {
                    FState::Result(a0)
                } else {
                    let e = match &a0 {
                        Value::Class(_) => self.call(ctx, &a0, vec![], vec![])?,
                        _ => a0,
                    };
                    FState::Exc(e)
                };
                self.set_fut_state(f, state);
                Value::None
            }
            "get_name" => match task {
                Some(t) => Value::str(&self.tasks[t].name),
                None => return Err(Fault::Code(unsupported(pos, "`get_name` of a plain future is"))),
            },
            "set_name" => {
                if let Some(t) = task {
                    self.tasks[t].name = self.to_str(ctx, &a0)?;
                }
                Value::None
            }
            "cancelling" => Value::Int(task.map_or(0, |t| self.tasks[t].num_cancels)),
            "uncancel" => match task {
                Some(t) => {
                    if self.tasks[t].num_cancels > 0 {
                        self.tasks[t].num_cancels -= 1;
                    }
                    Value::Int(self.tasks[t].num_cancels)
                }
                None => Value::Int(0),
            },
            "get_loop" => Value::Loop(self.futs[f].loop_id),
            "get_coro" => match task {
                Some(t) => self.tasks[t].coro.clone(),
                None => Value::None,
            },
            "_label" => {
                if let (Value::Str(s), FutKind::Plain) = (&a0, &self.futs[f].kind) {
                    self.futs[f].kind = FutKind::Sleep(s.to_string());
                }
                Value::None
            }
            _ => return Err(Fault::Code(unsupported(pos, &format!("`Future.{name}` is")))),
        })
    }
}

impl Machine {
    fn random_call(&mut self, ctx: Ctx, name: &str, args: Vec<Value>, pos: Pos) -> X<Value> {
        if self.rng.is_none() {
            return Err(Fault::Code(unsupported(
                pos,
                &format!("`{name}` without `random.seed(n)` first (its numbers differ from run to run) is"),
            )));
        }
        let int = |v: Option<&Value>| match v {
            Some(Value::Int(i)) => Some(*i),
            _ => None,
        };
        let below =
            |m: &mut Machine, n: i64| -> i64 { m.rng.as_mut().map_or(0, |r| r.below(n as u64) as i64) };
        Ok(match name {
            "random.randint" | "random.randrange" => {
                let (a, b) = match (name, int(args.first()), int(args.get(1))) {
                    ("random.randint", Some(a), Some(b)) => (a, b + 1),
                    ("random.randrange", Some(a), None) if args.len() == 1 => (0, a),
                    ("random.randrange", Some(a), Some(b)) if args.len() == 2 => (a, b),
                    _ => return Err(Fault::Code(unsupported(pos, &format!("this call of `{name}` is")))),
                };
                if b <= a {
                    return self.raise("ValueError", format!("empty range in randrange({a}, {b})"));
                }
                Value::Int(a + below(self, b - a))
            }
            "random.random" => Value::Float(self.rng.as_mut().map_or(0.0, |r| r.random())),
            "random.uniform" => {
                let (a, b) = (
                    as_f64(args.first().unwrap_or(&Value::None)),
                    as_f64(args.get(1).unwrap_or(&Value::None)),
                );
                let r = self.rng.as_mut().map_or(0.0, |r| r.random());
                Value::Float(a + (b - a) * r)
            }
            "random.choice" => {
                let items = self.collect(ctx, args.first().unwrap_or(&Value::None))?;
                if items.is_empty() {
                    return self.raise("IndexError", "Cannot choose from an empty sequence");
                }
                items[below(self, items.len() as i64) as usize].clone()
            }
            "random.shuffle" => {
                let Some(Value::List(l)) = args.first() else {
                    return Err(Fault::Code(unsupported(pos, "`random.shuffle` of anything but a list is")));
                };
                let n = l.borrow().len();
                for i in (1..n).rev() {
                    let j = below(self, i as i64 + 1) as usize;
                    l.borrow_mut().swap(i, j);
                }
                Value::None
            }
            _ => return Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
        })
    }
}

impl Machine {
    /// `loop.run_forever()` (until `loop.stop()`) or `loop.run_until_complete(aw)`.
    fn run_loop(&mut self, forever: bool, aw: Value, pos: Pos) -> X<Value> {
        if forever {
            self.stopping = false;
            self.loop_running = true;
            let r = (|| {
                while !self.stopping {
                    self.run_once_pub()?;
                }
                Ok(())
            })();
            self.loop_running = false;
            return r.map(|_| Value::None);
        }
        let f = match aw {
            Value::Fut(f) => f,
            other => {
                let c = self.claim_coro(other, "")?;
                let t = self.new_task(c, None, pos.line)?;
                self.tasks[t].fut
            }
        };
        if !self.fut_done(f) {
            self.futs[f].callbacks.push(super::aio::Callback::Stop);
            self.run_until_stopped()?;
        }
        match self.futs[f].state.clone() {
            FState::Result(v) => Ok(v),
            FState::Exc(e) => Err(Fault::Exc(e)),
            FState::Cancelled(msg) => Err(Fault::Exc(self.cancelled_error(msg))),
            FState::Pending => self.raise("RuntimeError", "Event loop stopped before Future completed."),
        }
    }
}
