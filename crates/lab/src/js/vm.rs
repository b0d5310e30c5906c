//! The virtual machine: values, scopes, activations and the op loop. A call runs a function's
//! ops until it returns, throws or (an async function) suspends at an `await`; the suspended
//! activation is kept whole and resumed from its saved program counter by a promise job.
//! What the ops call into (globals, promises, timers, the event loop) is in [`super::runtime`].

use std::collections::VecDeque;
use std::rc::Rc;

use super::compiler::{Code, Op};
use super::lexer::{err, Pos};
use super::parser::FuncDef;
use super::runtime::{Builtin, Handler, Job, Method, Native, PromiseObj, Timer};
use crate::{CodeError, Frame, Race, StepKind};

/// Calls nested deeper than this are an error, not a stack overflow.
const MAX_CALL_DEPTH: usize = 200;

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
}

struct Env {
    vars: Vec<(Rc<str>, Value)>,
    parent: Option<usize>,
}

/// One activation of a function: enough to stop at an `await` and resume later.
pub(super) struct Act {
    func: usize,
    env: usize,
    pc: usize,
    stack: Vec<Value>,
    /// Open `try` blocks: (catch address, operand stack depth).
    tries: Vec<(usize, usize)>,
    /// The promise an async function returns.
    promise: Option<usize>,
    pub(super) name: Rc<str>,
    /// The line of the `await` it is suspended at.
    pub(super) await_line: u32,
}

enum Outcome {
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
    codes: &'a [Code],
    envs: Vec<Env>,
    pub(super) closures: Vec<(usize, usize)>,
    pub(super) natives: Vec<Native>,
    pub(super) flags: Vec<bool>,
    pub(super) promises: Vec<PromiseObj>,
    pub(super) suspended: Vec<Option<Act>>,
    pub(super) ticks: VecDeque<Value>,
    pub(super) microtasks: VecDeque<Job>,
    pub(super) timers: Vec<Timer>,
    pub(super) immediates: VecDeque<(u64, Value)>,
    /// The immediates of the check phase that is running (`clearImmediate` may remove them).
    pub(super) batch: VecDeque<(u64, Value)>,
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
}

impl<'a> Vm<'a> {
    pub(super) fn new(funcs: &'a [FuncDef], codes: &'a [Code]) -> Self {
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
}

impl Vm<'_> {
    // ---- calls and activations ---------------------------------------------------------------

    /// Calls `f`. `user` is true for a call written in the program (it gets a `Call` step).
    pub(super) fn call(
        &mut self,
        f: Value,
        args: Vec<Value>,
        pos: Pos,
        user: bool,
    ) -> Result<Flow, CodeError> {
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
    pub(super) fn run_async(&mut self, act: Act, inject: Option<Flow>) -> Result<(), CodeError> {
        let p = act.promise.expect("async");
        match self.exec(act, inject)? {
            Outcome::Return(v) => self.resolve(p, v),
            Outcome::Throw(e) => self.reject(p, e),
            Outcome::Suspended => {}
        }
        Ok(())
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
}

impl Value {
    /// Identity for callables (the same closure or runtime function).
    pub(super) fn same(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Func(a), Value::Func(b)) | (Value::Native(a), Value::Native(b)) => a == b,
            _ => false,
        }
    }
}
