//! The virtual machine: a frame (code, program counter, operand stack, scope, the `try`
//! blocks it is in), the machine's state, and the op loop, which runs one frame until it
//! returns, yields or reaches an `await`, unwinding to its `except`/`finally` handlers when an
//! exception is raised. Calls, attributes and operators are in [`super::call`] and
//! [`super::ops`]; what an `await` does is in [`super::aio`].

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;

use super::aio::{Batch, Fut, Handle, Task, Timer, TimerHandle};
use super::ast::UnOp;
use super::compile::{Code, Op};
use super::value::*;
use super::{error, unsupported, Pos};
use crate::{CodeError, Frame as TraceFrame, Race, StepKind};

/// Ops run (over the whole program) before a run is stopped as endless.
pub(super) const MAX_OPS: u64 = 3_000_000;
/// Nested calls deeper than this are refused (CPython allows about 1000; the model is a Rust
/// recursion, so it stops earlier, and says so rather than raising a `RecursionError` CPython
/// would not raise).
pub(super) const MAX_CALL_DEPTH: usize = 150;

/// Why code stopped: a Python exception (an instance), or a run the lab cannot go on with.
#[derive(Debug)]
pub(super) enum Fault {
    Exc(Value),
    Code(CodeError),
}

impl From<CodeError> for Fault {
    fn from(e: CodeError) -> Fault {
        Fault::Code(e)
    }
}

pub(super) type X<T> = Result<T, Fault>;

#[derive(Debug, Clone, Copy)]
pub(super) struct BlockRec {
    pub(super) handler: usize,
    pub(super) depth: usize,
    pub(super) handling: usize,
}

#[derive(Debug)]
pub(super) struct Frame {
    pub(super) code: Rc<Code>,
    pub(super) pc: usize,
    pub(super) stack: Vec<Value>,
    pub(super) scope: Rc<Scope>,
    pub(super) globals: Rc<Scope>,
    pub(super) blocks: Vec<BlockRec>,
    /// Exceptions being handled (in `except` clauses and `finally` bodies), innermost last.
    pub(super) handling: Vec<Value>,
    pub(super) line: u32,
    /// The function it runs (for `super()`).
    pub(super) func: Option<Rc<Function>>,
}

impl Frame {
    pub(super) fn new(
        code: Rc<Code>,
        scope: Rc<Scope>,
        globals: Rc<Scope>,
        func: Option<Rc<Function>>,
    ) -> Frame {
        Frame {
            line: code.line,
            code,
            pc: 0,
            stack: vec![],
            scope,
            globals,
            blocks: vec![],
            handling: vec![],
            func,
        }
    }

    fn pop(&mut self) -> Value {
        self.stack.pop().unwrap_or(Value::None)
    }

    fn top(&self) -> Value {
        self.stack.last().cloned().unwrap_or(Value::None)
    }

    fn pop_n(&mut self, n: usize) -> Vec<Value> {
        let at = self.stack.len().saturating_sub(n);
        self.stack.split_off(at)
    }
}

/// Where code runs: the module's top level, or a task (the loop is running).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ctx {
    Module,
    Task(usize),
    /// A callback the loop calls (`call_soon`, a done callback).
    Callback,
}

/// How a frame's execution stopped.
pub(super) enum Flow {
    Return(Value),
    Yield(Value),
    Await(Value, Pos),
}

/// How a frame resumes.
pub(super) enum Resume {
    Start,
    Send(Value),
    Throw(Value),
}

pub(super) struct Machine {
    pub(super) builtins: Rc<Scope>,
    pub(super) globals: Rc<Scope>,
    pub(super) modules: HashMap<String, Value>,
    pub(super) futs: Vec<Fut>,
    pub(super) tasks: Vec<Task>,
    pub(super) timers: Vec<TimerHandle>,
    /// Unfinished tasks, in creation order.
    pub(super) live: Vec<usize>,
    pub(super) ready: VecDeque<Handle>,
    /// By (due time, creation).
    pub(super) scheduled: VecDeque<Timer>,
    pub(super) timer_seq: u64,
    /// The simulated clock, µs.
    pub(super) now: u64,
    /// Clock reads so far: each moves the clock a microsecond, as real code takes time.
    pub(super) reads: u64,
    pub(super) stopping: bool,
    /// The timers the last wake-up fired together, to be checked during the next iteration.
    pub(super) fired: Option<Batch>,
    /// The batch the running iteration checks (what its handles cancel is noted in it).
    pub(super) split_check: Option<Batch>,
    pub(super) loop_id: usize,
    pub(super) loop_running: bool,
    pub(super) task_counter: usize,
    pub(super) frames: Vec<TraceFrame>,
    pub(super) output: Vec<String>,
    /// The current output line, not yet ended by a newline.
    pub(super) partial: String,
    pub(super) races: Vec<Race>,
    pub(super) recorded_items: usize,
    pub(super) ops: u64,
    pub(super) depth: usize,
    /// The task whose code runs (`current_task()`).
    pub(super) current: Option<usize>,
    /// The program's own (not the runtime's) code is running: frames are recorded.
    /// The program's own frames being run by the Rust stack, outermost first, and where the
    /// running task's (or callback's) part of it begins.
    pub(super) executing: Vec<String>,
    pub(super) exec_base: usize,
    /// The loop `asyncio.get_event_loop()` returns outside a running loop.
    pub(super) policy_loop: Option<usize>,
    /// `random`, once seeded.
    pub(super) rng: Option<Box<super::random::Mt>>,
    /// The line the module's own code is at (for errors raised outside tasks).
    pub(super) module_line: u32,
}

impl Machine {
    pub(super) fn new() -> Machine {
        let globals = Scope::new(None);
        globals.set("__name__", Value::str("__main__"));
        Machine {
            builtins: Scope::new(None),
            globals,
            modules: HashMap::new(),
            futs: vec![],
            tasks: vec![],
            timers: vec![],
            live: vec![],
            ready: VecDeque::new(),
            scheduled: VecDeque::new(),
            timer_seq: 0,
            now: 0,
            reads: 0,
            stopping: false,
            fired: None,
            split_check: None,
            loop_id: 0,
            loop_running: false,
            task_counter: 0,
            frames: vec![],
            output: vec![],
            partial: String::new(),
            races: vec![],
            recorded_items: 0,
            ops: 0,
            depth: 0,
            current: None,
            module_line: 0,
            rng: None,
            policy_loop: None,
            executing: vec![],
            exec_base: 0,
        }
    }

    /// Raises `cls(msg)` (a builtin exception class).
    pub(super) fn raise<T>(&mut self, cls: &str, msg: impl Into<String>) -> X<T> {
        Err(Fault::Exc(self.exception(cls, vec![Value::str(&msg.into())])))
    }

    pub(super) fn exception(&mut self, cls: &str, args: Vec<Value>) -> Value {
        let Some(Value::Class(c)) = self.builtins.get(cls) else {
            return Value::str(cls);
        };
        let inst = Rc::new(Inst { class: c, dict: Default::default() });
        if cls == "StopIteration" {
            inst.set("value", args.first().cloned().unwrap_or(Value::None));
        }
        inst.set("args", Value::tuple(args));
        Value::Inst(inst)
    }

    pub(super) fn is_exc(&self, v: &Value, cls: &str) -> bool {
        matches!(v, Value::Inst(i) if i.class.derives(cls))
    }

    fn load_global(&mut self, frame: &Frame, name: &str) -> X<Value> {
        if let Some(v) = frame.globals.get(name) {
            return Ok(v);
        }
        if frame.code.internal || super::USER_BUILTINS.contains(&name) {
            if let Some(v) = self.builtins.get(name) {
                return Ok(v);
            }
        }
        if let Some(v) = super::builtins::native(name) {
            return Ok(v);
        }
        self.raise("NameError", format!("name '{name}' is not defined"))
    }

    fn bump_ops(&mut self) -> X<()> {
        self.charge(1)
    }

    /// Counts `n` operations of native work (a sort's comparisons, a search's) against the
    /// budget, so that no builtin runs unbounded.
    pub(super) fn charge(&mut self, n: u64) -> X<()> {
        self.ops += n;
        if self.ops > MAX_OPS {
            return Err(Fault::Code(error(
                Pos { line: 0, col: 0 },
                format!("the program ran more than {MAX_OPS} operations without finishing (an endless loop without an `await`?); the code lab stops it there"),
            )));
        }
        Ok(())
    }

    /// Runs `frame` until it returns, yields or awaits; exceptions it does not handle are
    /// returned as `Fault::Exc`.
    pub(super) fn exec(&mut self, ctx: Ctx, frame: &mut Frame, resume: Resume) -> X<Flow> {
        let shown = !frame.code.internal;
        if shown {
            self.executing.push(format!("{}()", frame.code.name));
        }
        let r = self.exec_inner(ctx, frame, resume);
        if shown {
            self.executing.pop();
        }
        r
    }

    fn exec_inner(&mut self, ctx: Ctx, frame: &mut Frame, resume: Resume) -> X<Flow> {
        let mut pending = match resume {
            Resume::Start => None,
            Resume::Send(v) => {
                frame.stack.push(v);
                None
            }
            Resume::Throw(e) => Some(e),
        };
        loop {
            if let Some(exc) = pending.take() {
                let Some(b) = frame.blocks.pop() else { return Err(Fault::Exc(exc)) };
                frame.stack.truncate(b.depth);
                frame.handling.truncate(b.handling);
                frame.handling.push(exc.clone());
                frame.stack.push(exc);
                frame.pc = b.handler;
            }
            match self.op(ctx, frame) {
                Ok(None) => {}
                Ok(Some(flow)) => return Ok(flow),
                Err(Fault::Exc(e)) => pending = Some(e),
                Err(code) => return Err(code),
            }
        }
    }

    fn op(&mut self, ctx: Ctx, frame: &mut Frame) -> X<Option<Flow>> {
        let Some(op) = frame.code.ops.get(frame.pc).cloned() else {
            return Ok(Some(Flow::Return(Value::None)));
        };
        frame.pc += 1;
        self.bump_ops()?;
        match op {
            Op::Line(l) => {
                frame.line = l;
                if !frame.code.internal {
                    match ctx {
                        Ctx::Task(t) => self.tasks[t].line = l,
                        _ => self.module_line = l,
                    }
                }
            }
            Op::Stmt => {
                if !frame.code.internal {
                    let stack = self.stack_labels(ctx, Some(frame));
                    self.record(StepKind::Statement, frame.line, stack)?;
                }
            }
            Op::Const(v) => frame.stack.push(v),
            Op::LoadFast(n) => match frame.scope.get(&n) {
                Some(v) => frame.stack.push(v),
                None => {
                    return self.raise(
                        "UnboundLocalError",
                        format!("cannot access local variable '{n}' where it is not associated with a value"),
                    )
                }
            },
            Op::StoreFast(n) => {
                let v = frame.pop();
                frame.scope.set(&n, v);
            }
            Op::DelFast(n) => {
                if frame.scope.vars.borrow_mut().remove(&*n).is_none() {
                    return self.raise(
                        "UnboundLocalError",
                        format!("cannot access local variable '{n}' where it is not associated with a value"),
                    );
                }
            }
            Op::LoadDeref(d, n) => {
                let v = frame.scope.up(d).and_then(|s| s.get(&n));
                match v {
                    Some(v) => frame.stack.push(v),
                    None => {
                        return self.raise(
                            "NameError",
                            format!("cannot access free variable '{n}' where it is not associated with a value in enclosing scope"),
                        )
                    }
                }
            }
            Op::StoreDeref(d, n) => {
                let v = frame.pop();
                if let Some(s) = frame.scope.up(d) {
                    s.set(&n, v);
                }
            }
            Op::LoadGlobal(n) => {
                let v = self.load_global(frame, &n)?;
                frame.stack.push(v);
            }
            Op::StoreGlobal(n) => {
                let v = frame.pop();
                frame.globals.set(&n, v);
            }
            Op::DelGlobal(n) => {
                if frame.globals.vars.borrow_mut().remove(&*n).is_none() {
                    return self.raise("NameError", format!("name '{n}' is not defined"));
                }
            }
            Op::LoadName(n) => {
                let v = match frame.scope.get(&n) {
                    Some(v) => v,
                    None => self.load_global(frame, &n)?,
                };
                frame.stack.push(v);
            }
            Op::LoadAttr(n) => {
                let obj = frame.pop();
                let v = self.get_attr(ctx, &obj, &n)?;
                frame.stack.push(v);
            }
            Op::StoreAttr(n) => {
                let obj = frame.pop();
                let v = frame.pop();
                self.set_attr(ctx, &obj, &n, v)?;
            }
            Op::DelAttr(n) => {
                let obj = frame.pop();
                match &obj {
                    Value::Inst(i) => {
                        let mut d = i.dict.borrow_mut();
                        let before = d.len();
                        d.retain(|(k, _)| *k != *n);
                        if d.len() == before {
                            drop(d);
                            return self.raise("AttributeError", n.to_string());
                        }
                    }
                    _ => return Err(unsupported(self.pos(frame), "`del` of this attribute is").into()),
                }
            }
            Op::LoadSub => {
                let idx = frame.pop();
                let obj = frame.pop();
                let v = self.get_item(ctx, &obj, &idx)?;
                frame.stack.push(v);
            }
            Op::StoreSub => {
                let idx = frame.pop();
                let obj = frame.pop();
                let v = frame.pop();
                self.set_item(ctx, &obj, idx, v)?;
            }
            Op::DelSub => {
                let idx = frame.pop();
                let obj = frame.pop();
                self.del_item(ctx, &obj, &idx)?;
            }
            Op::Pop => {
                frame.stack.pop();
            }
            Op::Dup => frame.stack.push(frame.top()),
            Op::Dup2 => {
                let n = frame.stack.len();
                if n >= 2 {
                    let (a, b) = (frame.stack[n - 2].clone(), frame.stack[n - 1].clone());
                    frame.stack.push(a);
                    frame.stack.push(b);
                }
            }
            Op::Rot2 => {
                let n = frame.stack.len();
                if n >= 2 {
                    frame.stack.swap(n - 1, n - 2);
                }
            }
            Op::Rot3 => {
                let top = frame.pop();
                let n = frame.stack.len();
                frame.stack.insert(n.saturating_sub(2), top);
            }
            Op::Bin(op) => {
                let b = frame.pop();
                let a = frame.pop();
                let v = self.binary(ctx, op, &a, &b, false)?;
                frame.stack.push(v);
            }
            Op::InPlace(op) => {
                let b = frame.pop();
                let a = frame.pop();
                let v = self.binary(ctx, op, &a, &b, true)?;
                frame.stack.push(v);
            }
            Op::Unary(op) => {
                let a = frame.pop();
                let v = match op {
                    UnOp::Not => Value::Bool(!self.truthy(ctx, &a)?),
                    _ => self.unary(op, &a)?,
                };
                frame.stack.push(v);
            }
            Op::Cmp(op) => {
                let b = frame.pop();
                let a = frame.pop();
                let v = self.compare(ctx, op, &a, &b)?;
                frame.stack.push(v);
            }
            Op::Jump(t) => frame.pc = t,
            Op::JumpIfFalse(t) => {
                let v = frame.pop();
                if !self.truthy(ctx, &v)? {
                    frame.pc = t;
                }
            }
            Op::JumpIfTrue(t) => {
                let v = frame.pop();
                if self.truthy(ctx, &v)? {
                    frame.pc = t;
                }
            }
            Op::JumpIfFalseOrPop(t) => {
                let v = frame.top();
                if self.truthy(ctx, &v)? {
                    frame.stack.pop();
                } else {
                    frame.pc = t;
                }
            }
            Op::JumpIfTrueOrPop(t) => {
                let v = frame.top();
                if self.truthy(ctx, &v)? {
                    frame.pc = t;
                } else {
                    frame.stack.pop();
                }
            }
            Op::BuildList(n) => {
                let items = frame.pop_n(n);
                frame.stack.push(Value::list(items));
            }
            Op::BuildTuple(n) => {
                let items = frame.pop_n(n);
                frame.stack.push(Value::tuple(items));
            }
            Op::BuildSet(n) => {
                let items = frame.pop_n(n);
                let set = Value::Set(new_ref(vec![]));
                for i in items {
                    self.set_add(&set, i)?;
                }
                frame.stack.push(set);
            }
            Op::BuildDict(n) => {
                let items = frame.pop_n(2 * n);
                let d = Value::Dict(new_ref(Dict::default()));
                for pair in items.chunks(2) {
                    self.dict_set(&d, pair[0].clone(), pair[1].clone())?;
                }
                frame.stack.push(d);
            }
            Op::BuildSlice => {
                let items = frame.pop_n(3);
                let mut it = items.into_iter();
                let mut next = || it.next().unwrap_or(Value::None);
                frame.stack.push(Value::Slice(Rc::new([next(), next(), next()])));
            }
            Op::ListExtend => {
                let src = frame.pop();
                let items = self.collect(ctx, &src)?;
                if let Value::List(l) = frame.top() {
                    l.borrow_mut().extend(items);
                }
            }
            Op::ListToTuple => {
                if let Value::List(l) = frame.pop() {
                    let items = l.borrow().clone();
                    frame.stack.push(Value::tuple(items));
                }
            }
            Op::ListToSet => {
                if let Value::List(l) = frame.pop() {
                    let set = Value::Set(new_ref(vec![]));
                    let items = l.borrow().clone();
                    for i in items {
                        self.set_add(&set, i)?;
                    }
                    frame.stack.push(set);
                }
            }
            Op::DictUpdate => {
                let src = frame.pop();
                let d = frame.top();
                self.dict_update(ctx, &d, &src)?;
            }
            Op::ListAppend(d) => {
                let v = frame.pop();
                let n = frame.stack.len();
                if let Some(Value::List(l)) = frame.stack.get(n.wrapping_sub(d)) {
                    l.borrow_mut().push(v);
                }
            }
            Op::SetAdd(d) => {
                let v = frame.pop();
                let n = frame.stack.len();
                if let Some(s) = frame.stack.get(n.wrapping_sub(d)).cloned() {
                    self.set_add(&s, v)?;
                }
            }
            Op::MapAdd(d) => {
                let v = frame.pop();
                let k = frame.pop();
                let n = frame.stack.len();
                if let Some(m) = frame.stack.get(n.wrapping_sub(d)).cloned() {
                    self.dict_set(&m, k, v)?;
                }
            }
            Op::Call(npos, names, pos) => {
                let kwv = frame.pop_n(names.len());
                let args = frame.pop_n(npos);
                let f = frame.pop();
                let kwargs: Vec<(Rc<str>, Value)> = names.iter().cloned().zip(kwv).collect();
                let v = self.call_at(ctx, &f, args, kwargs, pos)?;
                frame.stack.push(v);
            }
            Op::CallEx(pos) => {
                let kw = frame.pop();
                let args = frame.pop();
                let f = frame.pop();
                let args = match args {
                    Value::Tuple(t) => t.as_ref().clone(),
                    _ => vec![],
                };
                let mut kwargs = vec![];
                if let Value::Dict(d) = kw {
                    for (k, v) in d.borrow().items.iter() {
                        match k {
                            Value::Str(s) => kwargs.push((Rc::clone(s), v.clone())),
                            _ => return self.raise("TypeError", "keywords must be strings"),
                        }
                    }
                }
                let v = self.call_at(ctx, &f, args, kwargs, pos)?;
                frame.stack.push(v);
            }
            Op::GetIter => {
                let v = frame.pop();
                let it = self.iter(ctx, &v)?;
                frame.stack.push(it);
            }
            Op::ForIter(end) => {
                let it = frame.top();
                match self.next(ctx, &it)? {
                    Some(v) => frame.stack.push(v),
                    None => {
                        frame.stack.pop();
                        frame.pc = end;
                    }
                }
            }
            Op::Unpack(n) => {
                let v = frame.pop();
                let items = self.unpack(ctx, &v, n, None)?;
                frame.stack.extend(items.into_iter().rev());
            }
            Op::UnpackEx(before, after) => {
                let v = frame.pop();
                let items = self.unpack(ctx, &v, before + after, Some(before))?;
                frame.stack.extend(items.into_iter().rev());
            }
            Op::MakeFunc(code, npos, kwnames) => {
                let kwv = frame.pop_n(kwnames.len());
                let defaults = frame.pop_n(npos);
                let closure = if frame.code.is_class {
                    frame.scope.parent.clone()
                } else if frame.code.name == "<module>" {
                    None
                } else {
                    Some(Rc::clone(&frame.scope))
                };
                let name = code.name.clone();
                let f = Function {
                    code,
                    defaults,
                    kwdefaults: kwnames.iter().cloned().zip(kwv).collect(),
                    closure,
                    globals: Rc::clone(&frame.globals),
                    name: std::cell::RefCell::new(name),
                    owner: Default::default(),
                };
                frame.stack.push(Value::Func(Rc::new(f)));
            }
            Op::MakeClass(code, nbases) => {
                let bases = frame.pop_n(nbases);
                let closure = if frame.code.is_class {
                    frame.scope.parent.clone()
                } else if frame.code.name == "<module>" {
                    None
                } else {
                    Some(Rc::clone(&frame.scope))
                };
                let cls = self.make_class(ctx, code, bases, closure, Rc::clone(&frame.globals))?;
                frame.stack.push(cls);
            }
            Op::Return => return Ok(Some(Flow::Return(frame.pop()))),
            Op::Yield => return Ok(Some(Flow::Yield(frame.pop()))),
            Op::Await(pos) => {
                let v = frame.pop();
                return Ok(Some(Flow::Await(v, pos)));
            }
            Op::SetupExcept(t) | Op::SetupFinally(t) => {
                frame.blocks.push(BlockRec {
                    handler: t,
                    depth: frame.stack.len(),
                    handling: frame.handling.len(),
                });
            }
            Op::PopBlock => {
                frame.blocks.pop();
            }
            Op::ExcMatch => {
                let typ = frame.pop();
                let exc = frame.pop();
                let m = self.exc_matches(&exc, &typ)?;
                frame.stack.push(Value::Bool(m));
            }
            Op::Raise(kind) => {
                let exc = match kind {
                    0 => match frame.handling.last() {
                        Some(e) => e.clone(),
                        None => return self.raise("RuntimeError", "No active exception to reraise"),
                    },
                    1 => {
                        let e = frame.pop();
                        self.make_raisable(ctx, e)?
                    }
                    _ => {
                        let _cause = frame.pop();
                        let e = frame.pop();
                        self.make_raisable(ctx, e)?
                    }
                };
                return Err(Fault::Exc(exc));
            }
            Op::PopExcept => {
                frame.handling.pop();
            }
            Op::Reraise => {
                let e = frame.pop();
                frame.handling.pop();
                return Err(Fault::Exc(e));
            }
            Op::EndFinally => {
                let v = frame.pop();
                if let Value::Inst(_) = v {
                    frame.handling.pop();
                    return Err(Fault::Exc(v));
                }
            }
            Op::WithEnter(is_async) => {
                let mgr = frame.pop();
                let (enter, exit) =
                    if is_async { ("__aenter__", "__aexit__") } else { ("__enter__", "__exit__") };
                let exit_m = match self.get_attr(ctx, &mgr, exit) {
                    Ok(m) => m,
                    Err(Fault::Exc(_)) => {
                        let t = self.type_name(&mgr);
                        let what = if is_async {
                            "asynchronous context manager protocol"
                        } else {
                            "context manager protocol"
                        };
                        return self.raise("TypeError", format!("'{t}' object does not support the {what}"));
                    }
                    Err(e) => return Err(e),
                };
                let enter_m = self.get_attr(ctx, &mgr, enter)?;
                let r = self.call(ctx, &enter_m, vec![], vec![])?;
                frame.stack.push(exit_m);
                frame.stack.push(r);
            }
            Op::WithExitNormal(is_async) => {
                let exit = frame.pop();
                let r = self.call(ctx, &exit, vec![Value::None, Value::None, Value::None], vec![])?;
                if is_async {
                    frame.stack.push(r);
                }
            }
            Op::WithExitExc => {
                let exc = frame.pop();
                let exit = frame.pop();
                let typ = match &exc {
                    Value::Inst(i) => Value::Class(Rc::clone(&i.class)),
                    _ => Value::None,
                };
                let r = self.call(ctx, &exit, vec![typ, exc.clone(), Value::None], vec![])?;
                frame.stack.push(exc);
                frame.stack.push(r);
            }
            Op::WithSuppress => {
                let r = frame.pop();
                let exc = frame.pop();
                frame.handling.pop();
                if !self.truthy(ctx, &r)? {
                    return Err(Fault::Exc(exc));
                }
            }
            Op::ImportName(name, pos) => {
                let m = self.import(&name, pos)?;
                frame.stack.push(m);
            }
            Op::ImportFrom(name, pos) => {
                let m = frame.top();
                let v = match &m {
                    Value::Module(md) => md.attrs.borrow().get(&*name).cloned(),
                    _ => None,
                };
                match v {
                    Some(v) => frame.stack.push(v),
                    None => {
                        let mname = match &m {
                            Value::Module(md) => md.name.clone(),
                            _ => String::new(),
                        };
                        return Err(unsupported(pos, &format!("`from {mname} import {name}` is")).into());
                    }
                }
            }
            Op::Format(conv, has_spec, pos) => {
                let spec = if has_spec { frame.pop() } else { Value::str("") };
                let v = frame.pop();
                let s = self.format_field(ctx, &v, conv, &spec, pos)?;
                frame.stack.push(Value::str(&s));
            }
            Op::BuildString(n) => {
                let parts = frame.pop_n(n);
                let mut s = String::new();
                for p in parts {
                    if let Value::Str(t) = p {
                        s.push_str(&t);
                    }
                }
                frame.stack.push(Value::str(&s));
            }
            Op::GetAIter(pos) => {
                let v = frame.pop();
                let it = match &v {
                    Value::Gen(g) if g.borrow().kind == GenKind::AsyncGen => v.clone(),
                    Value::Inst(_) => {
                        let m = self.get_attr(ctx, &v, "__aiter__");
                        match m {
                            Ok(m) => self.call(ctx, &m, vec![], vec![])?,
                            Err(_) => {
                                let t = self.type_name(&v);
                                return self.raise(
                                    "TypeError",
                                    format!("'async for' requires an object with __aiter__ method, got {t}"),
                                );
                            }
                        }
                    }
                    _ => {
                        let t = self.type_name(&v);
                        let _ = pos;
                        return self.raise(
                            "TypeError",
                            format!("'async for' requires an object with __aiter__ method, got {t}"),
                        );
                    }
                };
                frame.stack.push(it);
            }
            Op::GetANext => {
                let it = frame.top();
                let aw = match &it {
                    Value::Gen(g) => Value::ANext(Rc::clone(g)),
                    _ => {
                        let m = self.get_attr(ctx, &it, "__anext__")?;
                        self.call(ctx, &m, vec![], vec![])?
                    }
                };
                frame.stack.push(aw);
            }
            Op::EndAsyncFor => {
                let exc = frame.pop();
                if self.is_exc(&exc, "StopAsyncIteration") {
                    frame.handling.pop();
                    frame.stack.pop();
                } else {
                    frame.handling.pop();
                    return Err(Fault::Exc(exc));
                }
            }
            Op::Super(pos) => {
                let v = self.make_super(frame, pos)?;
                frame.stack.push(v);
            }
            Op::Annotate(n) => {
                let list = match frame.scope.get("__annotations__") {
                    Some(l @ Value::List(_)) => l,
                    _ => {
                        let l = Value::list(vec![]);
                        frame.scope.set("__annotations__", l.clone());
                        l
                    }
                };
                if let Value::List(l) = list {
                    l.borrow_mut().push(Value::Str(n));
                }
            }
            Op::Decorate(pos) => {
                let v = frame.pop();
                let d = frame.pop();
                let r = self.call_at(ctx, &d, vec![v], vec![], pos)?;
                frame.stack.push(r);
            }
        }
        Ok(None)
    }

    pub(super) fn pos(&self, frame: &Frame) -> Pos {
        Pos { line: frame.line, col: 1 }
    }

    fn make_super(&mut self, frame: &Frame, pos: Pos) -> X<Value> {
        let owner = frame.func.as_ref().and_then(|f| f.owner.borrow().as_ref().and_then(|w| w.upgrade()));
        let Some(cls) = owner else {
            return Err(unsupported(pos, "`super()` outside a method defined in a class body is").into());
        };
        let Some(first) = frame.code.params.first().and_then(|p| frame.scope.get(p)) else {
            return self.raise("RuntimeError", "super(): no arguments");
        };
        Ok(Value::Super(Rc::new((cls, first))))
    }

    /// `raise X` with a class makes an instance; anything but an exception is a `TypeError`.
    fn make_raisable(&mut self, ctx: Ctx, e: Value) -> X<Value> {
        match &e {
            Value::Inst(i) if i.class.derives("BaseException") => Ok(e),
            Value::Class(c) if c.derives("BaseException") => self.call(ctx, &e, vec![], vec![]),
            _ => self.raise("TypeError", "exceptions must derive from BaseException"),
        }
    }

    fn exc_matches(&mut self, exc: &Value, typ: &Value) -> X<bool> {
        match typ {
            Value::Class(c) if c.derives("BaseException") => {
                Ok(matches!(exc, Value::Inst(i) if i.class.is_sub(c)))
            }
            Value::Tuple(items) => {
                for t in items.iter() {
                    if self.exc_matches(exc, t)? {
                        return Ok(true);
                    }
                }
                Ok(false)
            }
            _ => self
                .raise("TypeError", "catching classes that do not inherit from BaseException is not allowed"),
        }
    }
}
