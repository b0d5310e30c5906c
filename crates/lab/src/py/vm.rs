//! The virtual machine: values, a coroutine's frame (code, program counter, operand stack,
//! locals), the machine's state and the op loop, which runs one frame until it returns or
//! reaches an `await`. What an `await` does, and everything the ops call, is in
//! [`super::runtime`].

use std::collections::{BTreeMap, VecDeque};
use std::rc::Rc;

use super::parser::{Func, Op};
use super::print::type_name;
use super::runtime::{Coro, Fut, Handle, Task, Timer};
use super::{error, unsupported, Pos, R};
use crate::{Frame, Race, StepKind};

#[derive(Clone, Debug)]
pub(super) enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// The `asyncio` module.
    Module,
    /// An `async def` function (index into `Machine::funcs`).
    Func(usize),
    /// A coroutine object (index into `Machine::coros`).
    Coro(usize),
    /// A future: a task, a gather's outer future or a sleep's future (index into `Machine::futs`).
    Fut(usize),
}

/// A coroutine's activation: its code, where it is, its operand stack and its locals.
pub(super) struct CoFrame {
    pub(super) func: Rc<Func>,
    pc: usize,
    pub(super) values: Vec<Value>,
    locals: BTreeMap<String, Value>,
    pub(super) line: u32,
}

impl CoFrame {
    pub(super) fn new(func: Rc<Func>, args: Vec<Value>) -> CoFrame {
        let locals = func.params.iter().cloned().zip(args).collect();
        CoFrame { line: func.line, func, pc: 0, values: vec![], locals }
    }
}

/// Where code runs: the module's top level, or a task (the loop is running).
#[derive(Clone, Copy)]
pub(super) enum Ctx {
    Module,
    Task(usize),
}

/// How a frame's execution stopped.
pub(super) enum Flow {
    Return(Value),
    Await(Value, Pos),
}

/// What an `await` led to.
pub(super) enum Awaited {
    /// A coroutine to run inline.
    Enter(CoFrame),
    /// The result, without suspending.
    Value(Value),
    /// The task suspended.
    Suspended,
}

pub(super) struct Machine {
    pub(super) funcs: Vec<Rc<Func>>,
    pub(super) globals: BTreeMap<String, Value>,
    pub(super) coros: Vec<Coro>,
    pub(super) futs: Vec<Fut>,
    pub(super) tasks: Vec<Task>,
    /// Unfinished tasks, in creation order.
    pub(super) live: Vec<usize>,
    pub(super) ready: VecDeque<Handle>,
    /// By (due time, creation).
    pub(super) scheduled: VecDeque<Timer>,
    pub(super) timer_seq: u64,
    pub(super) now: u64,
    pub(super) stopping: bool,
    /// The last batch fired several timers: the next one runs their wake-ups (see `run_once`).
    pub(super) several_timers_fired: bool,
    pub(super) loop_id: usize,
    /// asyncio's global task counter (`Task-N`).
    pub(super) task_counter: usize,
    pub(super) frames: Vec<Frame>,
    pub(super) output: Vec<String>,
    pub(super) races: Vec<Race>,
    pub(super) recorded_items: usize,
}

impl Machine {
    pub(super) fn new(funcs: Vec<Rc<Func>>) -> Machine {
        let globals = BTreeMap::from([("__name__".to_string(), Value::Str("__main__".into()))]);
        Machine {
            funcs,
            globals,
            coros: vec![],
            futs: vec![],
            tasks: vec![],
            live: vec![],
            ready: VecDeque::new(),
            scheduled: VecDeque::new(),
            timer_seq: 0,
            now: 0,
            stopping: false,
            several_timers_fired: false,
            loop_id: 0,
            task_counter: 0,
            frames: vec![],
            output: vec![],
            races: vec![],
            recorded_items: 0,
        }
    }

    fn load(&self, frame: &CoFrame, name: &str, pos: Pos) -> R<Value> {
        if frame.func.locals.contains(name) {
            return frame.locals.get(name).cloned().ok_or_else(|| {
                error(pos, format!("UnboundLocalError: cannot access local variable '{name}' where it is not associated with a value"))
            });
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        const BUILTINS: [&str; 24] = [
            "len",
            "str",
            "int",
            "float",
            "list",
            "range",
            "input",
            "open",
            "sum",
            "min",
            "max",
            "abs",
            "sorted",
            "repr",
            "type",
            "isinstance",
            "dict",
            "set",
            "tuple",
            "enumerate",
            "zip",
            "map",
            "round",
            "id",
        ];
        if BUILTINS.contains(&name) {
            return Err(unsupported(pos, &format!("the builtin `{name}` is")));
        }
        Err(error(pos, format!("NameError: name '{name}' is not defined")))
    }

    fn store(&mut self, frame: &mut CoFrame, name: &str, v: Value) {
        let scope = if frame.func.locals.contains(name) { &mut frame.locals } else { &mut self.globals };
        scope.insert(name.to_string(), v);
    }

    // --- running code -------------------------------------------------------------------------

    /// Runs `frame` until it returns or awaits.
    pub(super) fn exec(&mut self, ctx: Ctx, frame: &mut CoFrame) -> R<Flow> {
        let func = Rc::clone(&frame.func);
        let pop = |frame: &mut CoFrame| frame.values.pop().unwrap_or(Value::None);
        let pop_n =
            |frame: &mut CoFrame, n: usize| frame.values.split_off(frame.values.len().saturating_sub(n));
        loop {
            let Some(op) = func.code.get(frame.pc) else { return Ok(Flow::Return(Value::None)) };
            frame.pc += 1;
            match op {
                Op::Line(l) => {
                    frame.line = *l;
                    if let Ctx::Task(t) = ctx {
                        self.tasks[t].line = *l;
                    }
                }
                Op::EndStmt => {
                    let stack = self.stack(ctx, Some(frame));
                    self.record(StepKind::Statement, frame.line, stack)?;
                }
                Op::Const(v) => frame.values.push(v.clone()),
                Op::Load(name, pos) => {
                    let v = self.load(frame, name, *pos)?;
                    frame.values.push(v);
                }
                Op::Store(name) => {
                    let v = pop(frame);
                    self.store(frame, name, v);
                }
                Op::Unpack(names, pos) => {
                    let items = match pop(frame) {
                        Value::List(items) => items,
                        Value::Str(_) => return Err(unsupported(*pos, "unpacking a str is")),
                        other => {
                            let t = type_name(&other, self);
                            return Err(error(
                                *pos,
                                format!("TypeError: cannot unpack non-iterable {t} object"),
                            ));
                        }
                    };
                    let (got, want) = (items.len(), names.len());
                    if got > want {
                        return Err(error(
                            *pos,
                            format!("ValueError: too many values to unpack (expected {want})"),
                        ));
                    }
                    if got < want {
                        return Err(error(
                            *pos,
                            format!("ValueError: not enough values to unpack (expected {want}, got {got})"),
                        ));
                    }
                    for (name, v) in names.iter().zip(items) {
                        self.store(frame, name, v);
                    }
                }
                Op::Pop => {
                    frame.values.pop();
                }
                Op::List(n) => {
                    let items = pop_n(frame, *n);
                    frame.values.push(Value::List(items));
                }
                Op::Concat(n, pos) => {
                    let mut s = String::new();
                    for v in pop_n(frame, *n) {
                        s += &self.text(&v, false).map_err(|m| error(*pos, m))?;
                    }
                    frame.values.push(Value::Str(s));
                }
                Op::Call(callee, argc, pos) => {
                    let args = pop_n(frame, *argc);
                    let v = self.call(ctx, frame, *callee, args, *pos)?;
                    frame.values.push(v);
                }
                Op::Await(pos) => return Ok(Flow::Await(pop(frame), *pos)),
                Op::Def(i) => frame.values.push(Value::Func(*i)),
                Op::Import => {
                    self.globals.insert("asyncio".into(), Value::Module);
                }
                Op::Return => return Ok(Flow::Return(pop(frame))),
            }
        }
    }
}
