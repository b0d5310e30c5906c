//! The virtual machine: values, scopes, activations and the op loop. A call runs a function's
//! ops until it returns, throws or (an async function) suspends at an `await`; the suspended
//! activation is kept whole and resumed from its saved program counter by a promise job.
//! Operators are in [`super::ops`], objects and properties in [`super::objects`], and what the
//! ops call into (globals, promises, timers, the event loop) in [`super::runtime`].

use std::collections::VecDeque;
use std::rc::Rc;

use super::ast::{DeclKind, FuncDef, FuncKind, Program};
use super::compiler::{Code, Op};
use super::lexer::{err, Pos};
use super::objects::{Obj, ObjKind};
use super::runtime::{Builtin, Handler, Job, Method, Native, PromiseObj, Timer};
use crate::{CodeError, Frame, Race, StepKind};

/// Calls nested deeper than this are an error, not a stack overflow.
const MAX_CALL_DEPTH: usize = 120;

#[derive(Clone, Debug)]
pub(super) enum Value {
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
    Obj(usize),
    /// A built-in method taken from a value (`[1, 2].push`), called with that value as `this`.
    Bound(Rc<(Value, Rc<str>)>),
    /// A `for…of`/`for…in` iterator in progress.
    Iter(usize),
}

pub(super) struct Env {
    pub(super) vars: Vec<(Rc<str>, Value, bool)>,
    pub(super) parent: Option<usize>,
}

pub(super) struct Closure {
    pub(super) func: usize,
    pub(super) env: usize,
    /// Own properties (an object), made when first needed.
    pub(super) props: Option<usize>,
    /// The object a method was defined on (for `super.x`).
    pub(super) home: Option<usize>,
    /// A class constructor's parent class (`Null` for a base class).
    pub(super) parent: Option<Value>,
}

#[derive(Clone, Debug)]
struct TryRec {
    catch: Option<usize>,
    finally: Option<usize>,
    depth: usize,
    env: usize,
}

#[derive(Clone, Debug)]
enum Completion {
    Normal,
    Throw(Value),
    Return(Value),
}

impl Act {
    /// Inside a `try` (a `finally` may be pending).
    pub(super) fn in_try(&self) -> bool {
        !self.tries.is_empty()
    }
}

/// One activation of a function: enough to stop at an `await` and resume later.
pub(super) struct Act {
    func: usize,
    env: usize,
    fenv: usize,
    pc: usize,
    stack: Vec<Value>,
    tries: Vec<TryRec>,
    completions: Vec<Completion>,
    args: Vec<Value>,
    /// The promise an async function returns.
    promise: Option<usize>,
    pub(super) name: Rc<str>,
    /// The line of the `await` it is suspended at.
    pub(super) await_line: u32,
    /// The async generator (by index in `Vm::aiters`) this is the body of.
    pub(super) agen: Option<usize>,
}

pub(super) enum Outcome {
    Return(Value),
    Throw(Value),
    Suspended,
}

/// A completion: a value, or a thrown exception.
pub(super) enum Flow {
    Normal(Value),
    Throw(Value),
}

pub(super) struct Vm<'a> {
    pub(super) funcs: &'a [FuncDef],
    pub(super) program: &'a Program,
    codes: &'a [Code],
    pub(super) envs: Vec<Env>,
    pub(super) closures: Vec<Closure>,
    pub(super) objs: Vec<Obj>,
    pub(super) iters: Vec<(Vec<Value>, usize, Option<usize>)>,
    pub(super) natives: Vec<Native>,
    pub(super) flags: Vec<bool>,
    pub(super) promises: Vec<PromiseObj>,
    pub(super) suspended: Vec<Option<Act>>,
    pub(super) ticks: VecDeque<(Value, Vec<Value>)>,
    pub(super) microtasks: VecDeque<Job>,
    pub(super) timers: Vec<Timer>,
    pub(super) immediates: VecDeque<(u64, Value, Vec<Value>)>,
    /// The immediates of the check phase that is running (`clearImmediate` may remove them).
    pub(super) batch: VecDeque<(u64, Value, Vec<Value>)>,
    /// Rejected promises nobody handles yet, in rejection order.
    pub(super) unhandled: Vec<usize>,
    pub(super) now: u64,
    pub(super) next_id: u64,
    /// Creation order of timers.
    pub(super) seq: u64,
    pub(super) stack: Vec<Rc<str>>,
    pub(super) frames: Vec<Frame>,
    pub(super) output: Vec<String>,
    pub(super) races: Vec<Race>,
    pub(super) crash: Option<String>,
    /// `process.on(…)` listeners: (event, function).
    pub(super) process_listeners: Vec<(Rc<str>, Value)>,
    /// The step the current statement started at (for runtime errors without a position).
    pub(super) line: u32,
    pub(super) combos: Vec<super::runtime::Combo>,
    /// Generators: their parked activations and states.
    pub(super) gens: Vec<super::runtime::GenState>,
    /// Async generators and the iterators of `for await` loops.
    pub(super) aiters: Vec<super::runtime::AsyncIter>,
    /// The activation that just stopped at a `yield`, and the value it yields.
    pub(super) yielded: Option<(Act, Value)>,
    /// The timer whose callback runs, and whether it was cleared meanwhile (for intervals).
    pub(super) running_timer: Option<(u64, bool)>,
    /// An ES module's evaluation promise, until it settles or the process ends.
    pub(super) module: Option<usize>,
    /// The loop's first turn starts at its check phase (after an ES module, evaluated from the
    /// poll phase).
    pub(super) from_poll: bool,
}

impl<'a> Vm<'a> {
    pub(super) fn new(program: &'a Program, codes: &'a [Code]) -> Self {
        Vm {
            funcs: &program.funcs,
            program,
            codes,
            envs: vec![Env { vars: Vec::new(), parent: None }],
            closures: Vec::new(),
            objs: Vec::new(),
            iters: Vec::new(),
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
            process_listeners: Vec::new(),
            line: 0,
            combos: Vec::new(),
            running_timer: None,
            gens: Vec::new(),
            aiters: Vec::new(),
            yielded: None,
            module: None,
            from_poll: false,
        }
    }
}

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or(Value::Undefined)
}

impl Vm<'_> {
    pub(super) fn closure(&mut self, func: usize, env: usize) -> Value {
        self.closures.push(Closure { func, env, props: None, home: None, parent: None });
        Value::Func(self.closures.len() - 1)
    }

    pub(super) fn pos_here(&self) -> Pos {
        Pos { line: self.line, col: 1 }
    }

    // ---- calls and activations ---------------------------------------------------------------

    /// Calls `f` with `this`. `user` is true for a call written in the program (a `Call` step).
    pub(super) fn call(
        &mut self,
        f: Value,
        this: Value,
        args: Vec<Value>,
        pos: Pos,
        user: bool,
    ) -> Result<Flow, CodeError> {
        if self.stack.len() >= MAX_CALL_DEPTH {
            return err(pos, format!("calls nest more than {MAX_CALL_DEPTH} deep (endless recursion?)"));
        }
        match f {
            Value::Func(c) => {
                let fi = self.closures[c].func;
                if matches!(self.funcs[fi].kind, FuncKind::Ctor(_)) {
                    let name = self.funcs[fi].label();
                    return Ok(self.throw_type_error(format!(
                        "Class constructor {name} cannot be invoked without 'new'"
                    )));
                }
                self.call_closure(c, this, args, user)
            }
            Value::Native(n) => self.call_native(n, this, args, pos),
            Value::Builtin(b) => self.builtin(b, this, args, pos),
            Value::Bound(b) => {
                let (recv, name) = (b.0.clone(), b.1.clone());
                self.call_method_builtin(recv, &name, args, pos)
            }
            Value::Method(m, p) => {
                let on = arg(&args, 0);
                Ok(Flow::Normal(match m {
                    Method::Then => self.then(p, on, arg(&args, 1)),
                    Method::Catch => self.then(p, Value::Undefined, on),
                    Method::Finally if self.callable(&on) => {
                        let (a, b) = (
                            self.native(Native::ThenFinally(on.clone())),
                            self.native(Native::CatchFinally(on)),
                        );
                        self.then(p, a, b)
                    }
                    Method::Finally => self.then(p, on.clone(), on),
                }))
            }
            other => {
                let what = self.describe_value(&other);
                Ok(self.throw_type_error(format!("{what} is not a function")))
            }
        }
    }

    /// Runs closure `c` (also as a constructor, with `this` the new object).
    pub(super) fn call_closure(
        &mut self,
        c: usize,
        this: Value,
        args: Vec<Value>,
        user: bool,
    ) -> Result<Flow, CodeError> {
        let (fi, penv) = (self.closures[c].func, self.closures[c].env);
        let def = &self.funcs[fi];
        let env = self.envs.len();
        let is_generator = def.is_generator;
        let mut vars: Vec<(Rc<str>, Value, bool)> = Vec::new();
        if let (true, Some(name)) = (def.named_expr, &def.name) {
            vars.push((name.clone(), Value::Func(c), false));
        }
        if !def.is_arrow() {
            // Sloppy-mode functions called without a receiver get the global object.
            let this = match this {
                Value::Undefined | Value::Null if def.kind == FuncKind::Normal && !self.program.strict => {
                    Value::Builtin(Builtin::GlobalThis)
                }
                t => t,
            };
            vars.push(("this".into(), this, false));
            vars.push(("%fn".into(), Value::Func(c), false));
            if def.uses_arguments {
                let a = self.new_array(args.clone());
                vars.push(("arguments".into(), a, false));
            }
        }
        self.envs.push(Env { vars, parent: Some(penv) });
        let promise = def.is_async.then(|| self.new_promise());
        let act = Act {
            func: fi,
            env,
            fenv: env,
            pc: 0,
            stack: Vec::new(),
            tries: Vec::new(),
            completions: Vec::new(),
            args,
            promise,
            name: def.label(),
            await_line: 0,
            agen: None,
        };
        if user {
            self.stack.push(act.name.clone());
            let r = self.record(def.pos.line, StepKind::Call { name: act.name.to_string() });
            self.stack.pop();
            r?;
        }
        if is_generator && act.promise.is_some() {
            return Ok(Flow::Normal(self.make_async_generator(Act { promise: None, ..act })));
        }
        if is_generator {
            return Ok(Flow::Normal(self.make_generator(act)));
        }
        Ok(match promise {
            Some(p) => {
                self.run_async(act, None)?;
                Flow::Normal(Value::Promise(p))
            }
            None => match self.exec(act, None)? {
                Outcome::Return(v) => Flow::Normal(v),
                Outcome::Throw(e) => Flow::Throw(e),
                Outcome::Suspended => unreachable!("only async functions suspend"),
            },
        })
    }

    /// Runs an async function's activation and settles its promise when it finishes.
    pub(super) fn run_async(&mut self, act: Act, inject: Option<Flow>) -> Result<(), CodeError> {
        let p = act.promise.expect("async");
        match self.exec(act, inject)? {
            Outcome::Return(v) => self.resolve(p, v)?,
            Outcome::Throw(e) => self.reject(p, e),
            Outcome::Suspended => {}
        }
        Ok(())
    }

    /// Runs an activation until it returns, throws or suspends at an `await`.
    pub(super) fn exec(&mut self, mut act: Act, inject: Option<Flow>) -> Result<Outcome, CodeError> {
        self.stack.push(act.name.clone());
        let r = self.exec_inner(&mut act, inject);
        match r {
            Ok(Some(o)) => {
                self.stack.pop();
                Ok(o)
            }
            Ok(None) if matches!(self.codes[act.func].ops.get(act.pc - 1), Some(Op::Yield(_))) => {
                // Stopped at a `yield`: the generator keeps the activation.
                let Some(Op::Yield(pos)) = self.codes[act.func].ops.get(act.pc - 1).cloned() else {
                    unreachable!("stopped at a yield")
                };
                let v = act.stack.pop().expect("value");
                let name = act.name.to_string();
                self.yielded = Some((act, v));
                let r = self.record(pos.line, StepKind::Return { name });
                self.stack.pop();
                r?;
                Ok(Outcome::Suspended)
            }
            Ok(None) => {
                // Suspended at an await: the activation is parked.
                let slot = self.suspended.len();
                let Some(Op::Await(pos)) = self.codes[act.func].ops.get(act.pc - 1).cloned() else {
                    unreachable!("suspends at an await")
                };
                let v = act.stack.pop().expect("value");
                let p = match self.promise_resolve(v) {
                    Ok(p) => p,
                    Err(e) => {
                        self.stack.pop();
                        return Err(e);
                    }
                };
                act.await_line = pos.line;
                let name = act.name.to_string();
                self.suspended.push(Some(act));
                self.perform_then(p, Handler::Resume(slot), Handler::Resume(slot), None);
                let r = self.record(pos.line, StepKind::Await { name });
                self.stack.pop();
                r?;
                Ok(Outcome::Suspended)
            }
            Err(e) => {
                self.stack.pop();
                Err(e)
            }
        }
    }

    /// Unwinds to the innermost handler: `None` when the function throws.
    fn unwind(&mut self, act: &mut Act, e: Value) -> Option<Value> {
        let rec = act.tries.pop()?;
        act.stack.truncate(rec.depth);
        act.env = rec.env;
        match (rec.catch, rec.finally) {
            (Some(c), fin) => {
                if let Some(f) = fin {
                    act.tries.push(TryRec { catch: None, finally: Some(f), depth: rec.depth, env: rec.env });
                }
                act.stack.push(e);
                act.pc = c;
            }
            (None, Some(f)) => {
                act.completions.push(Completion::Throw(e));
                act.pc = f;
            }
            (None, None) => unreachable!("a try has a catch or a finally"),
        }
        None
    }

    /// `return v`: runs the `finally` blocks it leaves; `Some` when the function returns.
    fn do_return(&mut self, act: &mut Act, v: Value) -> Option<Value> {
        while let Some(rec) = act.tries.pop() {
            if let Some(f) = rec.finally {
                act.stack.truncate(rec.depth);
                act.env = rec.env;
                act.completions.push(Completion::Return(v));
                act.pc = f;
                return None;
            }
        }
        Some(v)
    }

    fn exec_inner(&mut self, act: &mut Act, inject: Option<Flow>) -> Result<Option<Outcome>, CodeError> {
        let mut pending = match inject {
            Some(Flow::Normal(v)) => {
                act.stack.push(v);
                None
            }
            Some(Flow::Throw(e)) => Some(e),
            None => None,
        };
        let code = &self.codes[act.func].ops;
        macro_rules! pop {
            () => {
                act.stack.pop().expect("value")
            };
        }
        macro_rules! flow {
            ($e:expr) => {
                match $e {
                    Flow::Normal(v) => act.stack.push(v),
                    Flow::Throw(e) => pending = Some(e),
                }
            };
        }
        loop {
            if let Some(e) = pending.take() {
                let keep = act.tries.last().map_or(0, |t| t.depth);
                let leaving: Vec<Value> = act.stack[keep.min(act.stack.len())..].to_vec();
                self.close_iters(&leaving)?;
                if act.tries.is_empty() {
                    return Ok(Some(Outcome::Throw(e)));
                }
                self.unwind(act, e);
            }
            let op = code[act.pc].clone();
            act.pc += 1;
            match op {
                Op::Undefined => act.stack.push(Value::Undefined),
                Op::Null => act.stack.push(Value::Null),
                Op::Bool(b) => act.stack.push(Value::Bool(b)),
                Op::Num(n) => act.stack.push(Value::Num(n)),
                Op::Str(s) => act.stack.push(Value::Str(s)),
                Op::Load(name, pos) => match self.lookup(act.env, &name) {
                    Some(v) => act.stack.push(v),
                    None => match self.global(&name) {
                        Some(v) => act.stack.push(v),
                        None if self.known_unsupported_global(&name) => {
                            return err(pos, format!("`{name}` is not in the supported JavaScript subset (see the README's Code lab section)"))
                        }
                        None => {
                            pending = Some(self.make_error("ReferenceError", &format!("{name} is not defined")));
                        }
                    },
                },
                Op::TypeofName(name) => {
                    let v = match self.lookup(act.env, &name) {
                        Some(v) => Some(v),
                        None => self.global(&name),
                    };
                    if v.is_none() && self.known_unsupported_global(&name) {
                        return err(Pos { line: self.line, col: 1 }, format!("`typeof {name}` (a Node global the lab does not model) is not in the supported JavaScript subset"));
                    }
                    let t = v.map_or("undefined", |v| self.type_of(&v));
                    act.stack.push(Value::Str(t.into()));
                }
                Op::Declare(name, kind) => {
                    let v = pop!();
                    let env = if kind == DeclKind::Var { act.fenv } else { act.env };
                    let vars = &mut self.envs[env].vars;
                    let is_const = kind == DeclKind::Const;
                    match vars.iter_mut().find(|(n, _, _)| *n == name) {
                        Some(slot) => {
                            slot.1 = v;
                            slot.2 = is_const;
                        }
                        None => vars.push((name, v, is_const)),
                    }
                }
                Op::Assign(name, pos) => {
                    let v = act.stack.last().cloned().expect("value");
                    let mut env = Some(act.env);
                    loop {
                        let Some(e) = env else {
                            if self.global(&name).is_some() {
                                return err(pos, format!("assigning to the global `{name}` is not in the supported JavaScript subset"));
                            }
                            pending = Some(self.make_error("ReferenceError", &format!("{name} is not defined")));
                            break;
                        };
                        if let Some(slot) = self.envs[e].vars.iter_mut().find(|(n, _, _)| *n == name) {
                            if slot.2 {
                                pending = Some(self.make_error("TypeError", "Assignment to constant variable."));
                            } else {
                                slot.1 = v;
                            }
                            break;
                        }
                        env = self.envs[e].parent;
                    }
                }
                Op::This => {
                    let v = self.lookup(act.env, "this").unwrap_or(Value::Undefined);
                    act.stack.push(v);
                }
                Op::Closure(f) => {
                    let v = self.closure(f, act.env);
                    act.stack.push(v);
                }
                Op::Class(c) => {
                    let parent = if self.program.classes[c].parent.is_some() { Some(pop!()) } else { None };
                    flow!(self.make_class(c, parent, act.env)?);
                }
                Op::GetProp(key, pos) => {
                    let obj = pop!();
                    flow!(self.get(&obj, &key, pos)?);
                }
                Op::GetIndex(pos) => {
                    let key = pop!();
                    let obj = pop!();
                    flow!(self.get_index(&obj, &key, pos)?);
                }
                Op::SetProp(key, pos) => {
                    let v = pop!();
                    let obj = pop!();
                    match self.set(&obj, &key, v.clone(), pos)? {
                        Flow::Normal(_) => act.stack.push(v),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::SetIndex(pos) => {
                    let v = pop!();
                    let key = pop!();
                    let obj = pop!();
                    match self.set_index(&obj, &key, v.clone(), pos)? {
                        Flow::Normal(_) => act.stack.push(v),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::SuperGet(key, pos) => {
                    let this = pop!();
                    let home = match self.lookup(act.env, "%fn") {
                        Some(Value::Func(c)) => self.closures[c].home,
                        _ => None,
                    };
                    let Some(home) = home else { return err(pos, "`super.x` outside a class method") };
                    let Some(proto) = self.objs[home].proto else {
                        return err(pos, format!("`super.{key}` of a class without a parent is not supported"));
                    };
                    act.stack.push(this.clone());
                    flow!(self.get_from(proto, &this, &key, pos)?);
                }
                Op::SuperCall(pos) => {
                    let args = pop!();
                    let args = self.array_items(&args);
                    let this = self.lookup(act.env, "this").unwrap_or(Value::Undefined);
                    let parent = match self.lookup(act.env, "%fn") {
                        Some(Value::Func(c)) => self.closures[c].parent.clone(),
                        _ => None,
                    };
                    let Some(parent) = parent else { return err(pos, "`super()` outside a derived constructor") };
                    match self.super_call(parent, this.clone(), args, pos)? {
                        Flow::Normal(_) => act.stack.push(this),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::Call { argc, method, pos, callee } => {
                    let args = act.stack.split_off(act.stack.len() - argc);
                    let f = pop!();
                    let this = if method { pop!() } else { Value::Undefined };
                    if !self.callable(&f) {
                        pending = Some(self.not_a_function(callee.as_deref(), pos)?);
                        continue;
                    }
                    flow!(self.call(f, this, args, pos, true)?);
                }
                Op::CallArray { method, pos, callee } => {
                    let args = pop!();
                    let args = self.array_items(&args);
                    let f = pop!();
                    let this = if method { pop!() } else { Value::Undefined };
                    if !self.callable(&f) {
                        pending = Some(self.not_a_function(callee.as_deref(), pos)?);
                        continue;
                    }
                    flow!(self.call(f, this, args, pos, true)?);
                }
                Op::New(pos) => {
                    let args = pop!();
                    let args = self.array_items(&args);
                    let f = pop!();
                    flow!(self.construct(f, args, pos)?);
                }
                Op::Bin(op, pos) => {
                    let b = pop!();
                    let a = pop!();
                    flow!(self.binary(op, a, b, pos)?);
                }
                Op::Unary(op, pos) => {
                    let a = pop!();
                    flow!(self.unary(op, a, pos)?);
                }
                Op::Dup => {
                    let v = act.stack.last().cloned().expect("value");
                    act.stack.push(v);
                }
                Op::Dup2 => {
                    let n = act.stack.len();
                    let (a, b) = (act.stack[n - 2].clone(), act.stack[n - 1].clone());
                    act.stack.push(a);
                    act.stack.push(b);
                }
                Op::Swap => {
                    let n = act.stack.len();
                    act.stack.swap(n - 1, n - 2);
                }
                Op::Rot3 => {
                    let v = pop!();
                    let n = act.stack.len();
                    act.stack.insert(n - 2, v);
                }
                Op::Rot4 => {
                    let v = pop!();
                    let n = act.stack.len();
                    act.stack.insert(n - 3, v);
                }
                Op::Pop => {
                    act.stack.pop();
                }
                Op::Jump(at) => act.pc = at,
                Op::JumpIfFalse(at) => {
                    let v = pop!();
                    if !self.truthy(&v) {
                        act.pc = at;
                    }
                }
                Op::JumpIfTrueKeep(at) | Op::JumpIfFalseKeep(at) | Op::JumpIfNotNullishKeep(at) => {
                    let v = act.stack.last().expect("value");
                    let jump = match op {
                        Op::JumpIfTrueKeep(_) => self.truthy(v),
                        Op::JumpIfFalseKeep(_) => !self.truthy(v),
                        _ => !matches!(v, Value::Undefined | Value::Null),
                    };
                    if jump {
                        act.pc = at;
                    } else {
                        act.stack.pop();
                    }
                }
                Op::JumpIfNullish(at) => {
                    if matches!(act.stack.last(), Some(Value::Undefined | Value::Null)) {
                        act.pc = at;
                    }
                }
                Op::JumpIfNotUndefined(at) => {
                    if !matches!(act.stack.last(), Some(Value::Undefined)) {
                        act.pc = at;
                    }
                }
                Op::Await(_) | Op::Yield(_) => return Ok(None),
                Op::IterClose => {
                    let it = pop!();
                    self.close_iters(&[it])?;
                }
                Op::Return => {
                    let v = pop!();
                    let leaving = act.stack.clone();
                    self.close_iters(&leaving)?;
                    if let Some(v) = self.do_return(act, v) {
                        return Ok(Some(Outcome::Return(v)));
                    }
                }
                Op::Throw => pending = Some(pop!()),
                Op::Try { catch, finally } => {
                    act.tries.push(TryRec { catch, finally, depth: act.stack.len(), env: act.env })
                }
                Op::EndTry => {
                    act.tries.pop();
                }
                Op::NormalCompletion => act.completions.push(Completion::Normal),
                Op::EndFinally => match act.completions.pop().expect("a completion") {
                    Completion::Normal => {}
                    Completion::Throw(e) => pending = Some(e),
                    Completion::Return(v) => {
                        if let Some(v) = self.do_return(act, v) {
                            return Ok(Some(Outcome::Return(v)));
                        }
                    }
                },
                Op::PushScope => {
                    self.envs.push(Env { vars: Vec::new(), parent: Some(act.env) });
                    act.env = self.envs.len() - 1;
                }
                Op::PopScope => act.env = self.envs[act.env].parent.expect("a scope to pop"),
                Op::CopyScope => {
                    let e = &self.envs[act.env];
                    let copy = Env { vars: e.vars.clone(), parent: e.parent };
                    self.envs.push(copy);
                    act.env = self.envs.len() - 1;
                }
                Op::Array(n) => {
                    let items = act.stack.split_off(act.stack.len() - n);
                    let a = self.new_array(items);
                    act.stack.push(a);
                }
                Op::ArrayPush => {
                    let v = pop!();
                    let a = act.stack.last().expect("array").clone();
                    self.array_push(&a, v);
                }
                Op::ArraySpread(pos) => {
                    let v = pop!();
                    let a = act.stack.last().expect("array").clone();
                    match self.iterate(&v, pos)? {
                        Ok(items) => items.into_iter().for_each(|i| self.array_push(&a, i)),
                        Err(e) => pending = Some(e),
                    }
                }
                Op::Object => {
                    let o = self.new_object();
                    act.stack.push(o);
                }
                Op::DefineProp(key) => {
                    let v = pop!();
                    let o = act.stack.last().expect("object").clone();
                    self.define(&o, key, v);
                }
                Op::DefineIndex(pos) => {
                    let v = pop!();
                    let key = pop!();
                    let key = self.property_key(&key, pos)?;
                    let o = act.stack.last().expect("object").clone();
                    self.define(&o, key, v);
                }
                Op::DefineAccessor(getter) => {
                    let f = pop!();
                    let key = pop!();
                    let key = self.property_key(&key, Pos::default())?;
                    let o = act.stack.last().expect("object").clone();
                    self.define_accessor(&o, key, f, getter, true);
                }
                Op::ObjSpread(pos) => {
                    let src = pop!();
                    let o = act.stack.last().expect("object").clone();
                    flow!(self.copy_props(&o, &src, &[], pos)?);
                    act.stack.pop();
                }
                Op::Template(n, pos) => {
                    let parts = act.stack.split_off(act.stack.len() - n);
                    let mut s = String::new();
                    let mut thrown = None;
                    for p in parts {
                        match self.string_of(&p, pos)? {
                            Ok(t) => s.push_str(&t),
                            Err(e) => {
                                thrown = Some(e);
                                break;
                            }
                        }
                    }
                    match thrown {
                        Some(e) => pending = Some(e),
                        None => act.stack.push(Value::Str(s.into())),
                    }
                }
                Op::IterInit(of, pos) => {
                    let v = pop!();
                    match self.iter_init(v, of, pos)? {
                        Ok(it) => act.stack.push(it),
                        Err(e) => pending = Some(e),
                    }
                }
                Op::AsyncIterInit(pos) => {
                    let v = pop!();
                    flow!(self.async_iter_init(v, pos)?);
                }
                Op::AsyncIterNext(pos) => {
                    let it = act.stack.last().expect("iterator").clone();
                    flow!(self.async_iter_next(&it, pos)?);
                }
                Op::IterResult(at, pos) => {
                    let r = pop!();
                    let it = act.stack.last().expect("iterator").clone();
                    match self.async_iter_result(&it, r, pos)? {
                        Ok(Some(v)) => act.stack.push(v),
                        Ok(None) => {
                            act.stack.pop();
                            act.pc = at;
                        }
                        Err(e) => pending = Some(e),
                    }
                }
                Op::AsyncIterReturn(at, pos) => {
                    let it = pop!();
                    match self.async_iter_return(&it, pos)? {
                        Some(f) => flow!(f),
                        None => act.pc = at,
                    }
                }
                Op::IterNext(at) => {
                    let it = act.stack.last().expect("iterator").clone();
                    match self.iter_next(&it)? {
                        Some(Ok(v)) => act.stack.push(v),
                        Some(Err(e)) => pending = Some(e),
                        None => {
                            act.stack.pop();
                            act.pc = at;
                        }
                    }
                }
                Op::ObjRest(keys, pos) => {
                    let src = pop!();
                    let o = self.new_object();
                    match self.copy_props(&o, &src, &keys, pos)? {
                        Flow::Normal(_) => act.stack.push(o),
                        Flow::Throw(e) => pending = Some(e),
                    }
                }
                Op::ArrTake(n, all, pos) => {
                    let src = pop!();
                    match self.take(&src, n, all, pos)? {
                        Ok(items) => {
                            let a = self.new_array(items);
                            act.stack.push(a);
                        }
                        Err(e) => pending = Some(e),
                    }
                }
                Op::ArrRest(from, pos) | Op::ArrItem(from, pos) => {
                    let src = act.stack.last().expect("value").clone();
                    match self.iterate(&src, pos)? {
                        Ok(items) => {
                            if let Op::ArrRest(..) = op {
                                let rest = self.new_array(items.into_iter().skip(from).collect());
                                act.stack.push(rest);
                            } else {
                                act.stack.push(items.get(from).cloned().unwrap_or(Value::Undefined));
                            }
                        }
                        Err(e) => pending = Some(e),
                    }
                }
                Op::LoadArg(i) => act.stack.push(arg(&act.args, i)),
                Op::RestArgs(i) => {
                    let rest = act.args.iter().skip(i).cloned().collect();
                    let a = self.new_array(rest);
                    act.stack.push(a);
                }
                Op::Step(line) => {
                    self.line = line;
                    self.record(line, StepKind::Statement)?;
                }
            }
        }
    }

    /// The TypeError of calling something that is not a function, worded as V8 words it.
    fn not_a_function(&mut self, callee: Option<&str>, pos: Pos) -> Result<Value, CodeError> {
        match callee {
            Some(c) => Ok(self.make_error("TypeError", &format!("{c} is not a function"))),
            None => err(pos, "calling this expression, which is not a function, is not in the supported JavaScript subset (V8's message names it)"),
        }
    }

    pub(super) fn lookup(&self, env: usize, name: &str) -> Option<Value> {
        let mut e = Some(env);
        while let Some(i) = e {
            if let Some((_, v, _)) = self.envs[i].vars.iter().rev().find(|(n, _, _)| &**n == name) {
                return Some(v.clone());
            }
            e = self.envs[i].parent;
        }
        None
    }

    /// Makes an object of the runtime (`make_error`'s kind) and returns it as a throw.
    pub(super) fn throw_type_error(&mut self, message: String) -> Flow {
        Flow::Throw(self.make_error("TypeError", &message))
    }

    pub(super) fn new_object(&mut self) -> Value {
        self.objs.push(Obj::new(ObjKind::Plain));
        Value::Obj(self.objs.len() - 1)
    }

    pub(super) fn new_array(&mut self, items: Vec<Value>) -> Value {
        self.objs.push(Obj::new(ObjKind::Array(items)));
        Value::Obj(self.objs.len() - 1)
    }
}

impl Value {
    /// Identity (SameValue for objects and functions).
    pub(super) fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Func(a), Value::Func(b))
            | (Value::Native(a), Value::Native(b))
            | (Value::Obj(a), Value::Obj(b))
            | (Value::Promise(a), Value::Promise(b))
            | (Value::Iter(a), Value::Iter(b)) => a == b,
            (Value::Timer(a), Value::Timer(b)) | (Value::Immediate(a), Value::Immediate(b)) => a == b,
            (Value::Builtin(a), Value::Builtin(b)) => a == b,
            (Value::Method(m, a), Value::Method(n, b)) => m == n && a == b,
            (Value::Bound(a), Value::Bound(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }
}
