//! Python programs: a compiler and a virtual machine for the Python that asyncio tutorials
//! use, run on a model of CPython 3.11's event loop (`asyncio/base_events.py`, `tasks.py`,
//! `futures.py`).
//!
//! # The language
//!
//! Statements: `def`/`async def` (defaults, `*args`, keyword-only, `**kwargs`, annotations
//! ignored, decorators), `lambda`, `class` (inheritance with C3 order, `super()`, `@property`,
//! `@staticmethod`, `@classmethod`, `@dataclass` with `field`), `if`/`elif`/`else`, `for`,
//! `while` (with `else`), `break`/`continue`, `try`/`except`/`except*`/`else`/`finally`, `raise [from]`,
//! `with`/`async with`, `async for`, `return`, `global`/`nonlocal`, `assert`, `del`, `import`
//! and `from … import` of `asyncio`, `time`, `functools`, `dataclasses`, `typing`,
//! `contextlib` (`asynccontextmanager`). Expressions: every operator (ints are 64-bit: a larger
//! one is refused), chained comparisons, `x if c else y`, f-strings with conversions and format
//! specs, lists, tuples, dicts, sets, comprehensions (also async ones and generator
//! expressions), slicing, star unpacking, generators and async generators. Builtins and the
//! methods of str, list, dict and set are in [`builtins`] and [`methods`].
//!
//! What the lab cannot reproduce exactly is refused with a [`CodeError`] naming it: printing a
//! value whose repr shows a memory address (a task, an object without `__repr__`), iterating a
//! set of strings (hash order), `random`, threads, sockets, ints beyond 64 bits, and so on.
//! An exception nothing catches ends the program as CPython does: `Trace::crash` holds its
//! traceback's last line, and the output printed before it stays.
//!
//! # The model
//!
//! Code takes no time; the clock (µs) moves only when `_run_once` finds `_ready` empty and jumps
//! to the earliest timer, and when `time.sleep` blocks the whole loop (a `Wait` step with the
//! task still on the stack). `time.monotonic()`/`perf_counter()`/`loop.time()` read the clock
//! plus a microsecond per read, as real code takes a little time. Futures, tasks (`__step`,
//! `__wakeup`, `cancel` with `_must_cancel` and `_fut_waiter`, CancelledError thrown in),
//! `gather`, `sleep` and the loop's handles are native ([`aio`], [`aio_api`]); locks, events,
//! conditions, semaphores, queues, `wait_for` (3.11's), `wait`, `as_completed`, `shield`,
//! `timeout` and `TaskGroup` are Python in `prelude.py`, written to make the same futures,
//! done callbacks and `call_soon` hops as CPython's own, so the order of output is the same.
//! The prelude's frames are not recorded and not shown on the stack.
//!
//! # The orders it flags
//!
//! CPython computes a timer's due time as `loop.time() + delay`, and its monotonic clock moves
//! between any two calls, so of two timers due at the same simulated moment the one created
//! later is really due a little later, and fires after the other. Created in the same
//! simulated instant, that is the order the model keeps (created at different simulated
//! moments, their real due times depend on how late the loop woke in between: a
//! `RaceKind::CloseTimers` race). What is not guaranteed is that such timers fire in one
//! `_run_once` batch: the loop may wake between them (more often when another process takes
//! the CPU between their creations), and then the handles the earlier timers queued run before
//! the later timers' callbacks. The model fires them in one batch and, during the next
//! iteration, flags a `TimerVsReady` race when waking between them could change anything: a
//! handle queues a new handle before the later wake-ups, cancels a future (or the timer) a
//! later timer completed, or a later timer ran a `call_later` callback of the program's own.
//! Timers due within `RACE_WINDOW_US` of a ready handle are flagged too.
//!
//! # The stages
//!
//! [`lexer`] (text → tokens) → [`parser`] and [`expr`] (→ the syntax tree of [`ast`]) →
//! [`compile`], [`compile_expr`], [`compile_scan`] (→ stack-machine ops, one code object per
//! function) → [`vm`] (runs one frame until it returns, yields or awaits, unwinding to
//! `except`/`finally`) with [`call`], [`ops`] and [`iter`]; the runtime: [`builtins`],
//! [`methods`], [`aio`], [`aio_api`] and the prelude; [`print`] writes values as `str()`,
//! `repr()` and `format()` do; [`frames`] records a [`Frame`](crate::Frame) per step.

mod aio;
mod aio_api;
mod ast;
mod builtins;
mod call;
mod compile;
mod compile_expr;
mod compile_scan;
mod expr;
mod frames;
mod iter;
mod lexer;
mod methods;
mod ops;
mod parser;
mod print;
mod random;
mod value;
mod vm;

use std::collections::HashMap;
use std::rc::Rc;

use crate::{CodeError, Language, StepKind, Trace};
use value::{Builtin, Module, Value};
use vm::{Ctx, Fault, Frame, Machine, Resume};

type R<T> = Result<T, CodeError>;

const PRELUDE: &str = include_str!("prelude.py");

/// The exception classes the program sees as builtins (the prelude defines them).
pub(super) const USER_BUILTINS: [&str; 35] = [
    "_star_split",
    "BaseException",
    "Exception",
    "KeyboardInterrupt",
    "SystemExit",
    "GeneratorExit",
    "ArithmeticError",
    "ZeroDivisionError",
    "OverflowError",
    "LookupError",
    "KeyError",
    "IndexError",
    "ValueError",
    "TypeError",
    "NameError",
    "UnboundLocalError",
    "AttributeError",
    "RuntimeError",
    "NotImplementedError",
    "RecursionError",
    "AssertionError",
    "StopIteration",
    "StopAsyncIteration",
    "OSError",
    "TimeoutError",
    "ConnectionError",
    "BaseExceptionGroup",
    "ExceptionGroup",
    "anext",
    "aiter",
    "Ellipsis",
    "NotImplemented",
    "__name__",
    "__file__",
    "__debug__",
];

const ASYNCIO_PRELUDE: [&str; 31] = [
    "Runner",
    "Barrier",
    "CancelledError",
    "TimeoutError",
    "InvalidStateError",
    "QueueEmpty",
    "QueueFull",
    "BrokenBarrierError",
    "LimitOverrunError",
    "wait_for",
    "shield",
    "wait",
    "FIRST_COMPLETED",
    "FIRST_EXCEPTION",
    "ALL_COMPLETED",
    "Lock",
    "Event",
    "Condition",
    "Semaphore",
    "BoundedSemaphore",
    "Queue",
    "PriorityQueue",
    "LifoQueue",
    "Timeout",
    "timeout",
    "timeout_at",
    "TaskGroup",
    "as_completed",
    "Task",
    "Handle",
    "TimerHandle",
];

fn native(name: &'static str) -> Value {
    Value::Builtin(Rc::new(Builtin { name, this: None }))
}

fn module(name: &str, attrs: Vec<(&str, Value)>) -> Value {
    let attrs: HashMap<String, Value> = attrs.into_iter().map(|(k, v)| (k.to_string(), v)).collect();
    Value::Module(Rc::new(Module { name: name.into(), attrs: std::cell::RefCell::new(attrs) }))
}

impl Machine {
    fn load_prelude(&mut self) -> R<()> {
        for n in aio_api::ASYNCIO_NATIVE {
            let full: &'static str = match n {
                "sleep" => "asyncio.sleep",
                "create_task" => "asyncio.create_task",
                "gather" => "asyncio.gather",
                "run" => "asyncio.run",
                "get_running_loop" => "asyncio.get_running_loop",
                "get_event_loop" => "asyncio.get_event_loop",
                "current_task" => "asyncio.current_task",
                "ensure_future" => "asyncio.ensure_future",
                "Future" => "asyncio.Future",
                "new_event_loop" => "asyncio.new_event_loop",
                "set_event_loop" => "asyncio.set_event_loop",
                "iscoroutinefunction" => "asyncio.iscoroutinefunction",
                "iscoroutine" => "asyncio.iscoroutine",
                _ => "asyncio.all_tasks",
            };
            self.builtins.set(n, native(full));
        }
        self.builtins.set("partial", native("functools.partial"));
        self.builtins.set("_refuse", native("_aio.refuse"));
        self.builtins.set("_loop_running", native("_aio.loop_running"));
        self.builtins.set("_runner_open", native("_aio.runner_open"));
        self.builtins.set("_runner_run", native("_aio.runner_run"));
        self.builtins.set("_runner_close", native("_aio.runner_close"));
        let body = parser::parse_program(PRELUDE)?;
        let code = compile::compile_module(&body, true)?;
        let mut frame = Frame::new(code, Rc::clone(&self.builtins), Rc::clone(&self.builtins), None);
        match self.exec(Ctx::Module, &mut frame, Resume::Start) {
            Ok(_) => {}
            Err(Fault::Code(e)) => return Err(e),
            Err(Fault::Exc(_)) => {
                return Err(error(Pos { line: 0, col: 0 }, "internal: the runtime's prelude raised"))
            }
        }
        self.builtins.set("NotImplemented", native("NotImplemented"));
        self.builtins.set("Ellipsis", Value::Ellipsis);
        self.builtins.set("__debug__", Value::Bool(true));
        let mut aio: Vec<(&str, Value)> = vec![];
        for n in aio_api::ASYNCIO_NATIVE {
            if let Some(v) = self.builtins.get(n) {
                aio.push((n, v));
            }
        }
        for n in ASYNCIO_PRELUDE {
            if let Some(v) = self.builtins.get(n) {
                aio.push((n, v));
            }
        }
        if let Some(v) = self.builtins.get("Future") {
            aio.push(("Task", v));
        }
        let any = Value::Type("object");
        let typing: Vec<(&str, Value)> = [
            "Any",
            "List",
            "Dict",
            "Optional",
            "Tuple",
            "Set",
            "Callable",
            "Awaitable",
            "Coroutine",
            "AsyncIterator",
            "AsyncGenerator",
            "AsyncIterable",
            "Iterable",
            "Iterator",
            "Union",
            "Generator",
            "TypeVar",
            "NoReturn",
        ]
        .into_iter()
        .map(|n| (n, any.clone()))
        .collect();
        let mods = [
            ("asyncio", module("asyncio", aio)),
            (
                "time",
                module(
                    "time",
                    vec![
                        ("monotonic", native("time.monotonic")),
                        ("perf_counter", native("time.perf_counter")),
                        ("time", native("time.time")),
                        ("sleep", native("time.sleep")),
                    ],
                ),
            ),
            (
                "functools",
                module(
                    "functools",
                    vec![("partial", native("functools.partial")), ("wraps", native("functools.wraps"))],
                ),
            ),
            (
                "dataclasses",
                module(
                    "dataclasses",
                    vec![
                        ("dataclass", native("dataclasses.dataclass")),
                        ("field", self.builtins.get("field").unwrap_or(Value::None)),
                    ],
                ),
            ),
            ("typing", module("typing", typing.clone())),
            ("collections.abc", module("collections.abc", typing)),
            (
                "contextlib",
                module(
                    "contextlib",
                    vec![
                        (
                            "asynccontextmanager",
                            self.builtins.get("asynccontextmanager").unwrap_or(Value::None),
                        ),
                        ("suppress", self.builtins.get("suppress").unwrap_or(Value::None)),
                        ("AsyncExitStack", self.builtins.get("AsyncExitStack").unwrap_or(Value::None)),
                    ],
                ),
            ),
            ("__future__", module("__future__", vec![("annotations", Value::None)])),
            (
                "random",
                module(
                    "random",
                    vec![
                        ("seed", native("random.seed")),
                        ("randint", native("random.randint")),
                        ("randrange", native("random.randrange")),
                        ("random", native("random.random")),
                        ("uniform", native("random.uniform")),
                        ("choice", native("random.choice")),
                        ("shuffle", native("random.shuffle")),
                    ],
                ),
            ),
            ("itertools", module("itertools", vec![("count", native("itertools.count"))])),
        ];
        for (n, m) in mods {
            self.modules.insert(n.to_string(), m);
        }
        Ok(())
    }
}

/// Parses and runs `source`.
pub(crate) fn run(source: &str) -> Result<Trace, CodeError> {
    let body = parser::parse_program(source)?;
    let code = compile::compile_module(&body, false)?;
    let mut m = Machine::new();
    m.load_prelude()?;
    m.record(StepKind::Start, 0, vec![])?;
    let globals = Rc::clone(&m.globals);
    let mut frame = Frame::new(code, Rc::clone(&globals), globals, None);
    let r = m.exec(Ctx::Module, &mut frame, Resume::Start);
    if !m.partial.is_empty() {
        let last = std::mem::take(&mut m.partial);
        m.output.push(last);
    }
    let mut crash = None;
    match r {
        Ok(_) => m.record(StepKind::Exit, 0, vec![])?,
        Err(Fault::Code(e)) => return Err(e),
        Err(Fault::Exc(e)) => {
            let name = match &e {
                Value::Inst(i) => i.class.name.clone(),
                _ => "Exception".into(),
            };
            let text = m.to_str(Ctx::Module, &e).unwrap_or_default();
            let prefix = if ["CancelledError", "TimeoutError", "InvalidStateError", "QueueEmpty", "QueueFull"]
                .contains(&name.as_str())
            {
                if name == "TimeoutError" {
                    ""
                } else {
                    "asyncio.exceptions."
                }
            } else {
                ""
            };
            let last =
                if text.is_empty() { format!("{prefix}{name}") } else { format!("{prefix}{name}: {text}") };
            let message = format!(
                "Traceback (most recent call last):\n  File \"<program>\", line {}\n{last}",
                frame.line
            );
            m.record(StepKind::Crash { message: message.clone() }, frame.line, vec!["<module>".into()])?;
            crash = Some(message);
        }
    }
    Ok(Trace { language: Language::Python, frames: m.frames, output: m.output, races: m.races, crash })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pos {
    line: u32,
    col: u32,
}

fn error(pos: Pos, message: impl Into<String>) -> CodeError {
    CodeError { line: pos.line, col: pos.col, message: message.into() }
}

/// `what` ends with its verb: "`for` loops are".
fn unsupported(pos: Pos, what: &str) -> CodeError {
    error(pos, format!("{what} not in the supported Python subset (see the README's Code lab section)"))
}

#[cfg(test)]
mod tests {
    use super::print::{float_repr, str_repr};
    use super::*;
    use crate::{Frame, ItemKind, QueueKind};

    fn err(src: &str) -> CodeError {
        run(src).expect_err("should be rejected")
    }

    fn kinds(t: &Trace) -> Vec<String> {
        t.frames
            .iter()
            .map(|f| match &f.kind {
                StepKind::Statement => format!("stmt {}", f.line),
                StepKind::Dequeue { label, .. } => format!("dequeue {label}"),
                StepKind::Await { name } => format!("await {name}"),
                StepKind::Wait { until_us } => format!("wait {until_us}"),
                StepKind::Call { name } => format!("call {name}"),
                StepKind::Return { name } => format!("return {name}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn unsupported_constructs_are_named_with_their_position() {
        let cases = [
            ("import random\nx = random.randint(1, 6)\n", 2, 5, "without `random.seed(n)` first"),
            ("def f():\n    yield from g()\n", 2, 5, "`yield from`"),
            ("import socket\n", 1, 1, "network modules"),
            (
                "import asyncio\nx = asyncio.Runner(loop_factory=1)\n",
                2,
                1,
                "`asyncio.Runner(loop_factory=…)`",
            ),
            ("class A(list):\n  pass\n", 1, 1, "subclassing the builtin `list`"),
            ("print({'a', 'b'})\n", 1, 1, "printing a set"),
            ("x = 2 ** 70\n", 1, 1, "integers beyond 64 bits"),
        ];
        for (src, line, col, what) in cases {
            let e = err(src);
            assert_eq!((e.line, e.col), (line, col), "{src}: {e}");
            assert!(
                e.message.contains(what) && e.message.contains("not in the supported Python subset"),
                "{src}: {e}"
            );
        }
    }

    #[test]
    fn syntax_errors_and_uncaught_exceptions_say_what_python_would() {
        let cases = [
            ("print('a'\n", 1, 6, "'(' was never closed"),
            ("print('a)\n", 1, 7, "unterminated string literal"),
            (
                "async def f():\nprint(1)\n",
                2,
                1,
                "expected an indented block after function definition on line 1",
            ),
            ("async def f():\n    pass\n  pass\n", 3, 3, "unindent does not match"),
            ("await f()\n", 1, 1, "'await' outside async function"),
        ];
        for (src, line, col, what) in cases {
            let e = err(src);
            assert_eq!((e.line, e.col), (line, col), "{src}: {e}");
            assert!(e.message.contains(what), "{src}: {e}");
        }
        assert_eq!(err("# nothing\n").line, 0);
        let t = run("print('a')\nprint(y)\n").unwrap();
        assert_eq!(t.output, ["a"]);
        assert!(
            t.crash.as_deref().is_some_and(|c| c.ends_with("NameError: name 'y' is not defined")),
            "{:?}",
            t.crash
        );
        let t = run("import asyncio\nasync def m():\n    await 3\nasyncio.run(m())\n").unwrap();
        assert!(
            t.crash
                .as_deref()
                .is_some_and(|c| c.ends_with("TypeError: object int can't be used in 'await' expression")),
            "{:?}",
            t.crash
        );
    }

    #[test]
    fn endless_or_recursive_programs_are_stopped() {
        let e = err("while True:\n    pass\n");
        assert!(e.message.contains("operations") || e.message.contains("steps"), "{e}");
        let e = err("def f():\n    return f()\nf()\n");
        assert!(e.message.contains("nested more than"), "{e}");
        let e = err("import asyncio\nasync def f():\n    await f()\nasyncio.run(f())\n");
        assert!(e.message.contains("more than"), "{e}");
        let deep = format!("x = {}1{}\n", "(".repeat(70), ")".repeat(70));
        assert!(err(&deep).message.contains("nested"));
    }

    #[test]
    fn a_sleep_program_records_every_step() {
        let t = run("import asyncio

async def main():
    print('a')
    await asyncio.sleep(0.1)
    print('b')

asyncio.run(main())
")
        .unwrap();
        assert_eq!(t.output, ["a", "b"]);
        assert_eq!(
            kinds(&t),
            [
                "Start",
                "stmt 1",
                "stmt 3",
                "dequeue Task-1 main()",
                "stmt 4",
                "await Task-1 main()",
                "wait 100000",
                "dequeue sleep(0.1)",
                "dequeue Task-1 main()",
                "stmt 5",
                "stmt 6",
                "return Task-1 main()",
                "dequeue _run_until_complete_cb(Task-1)",
                "stmt 8",
                "Exit",
            ]
        );
        let queue = |f: &Frame, k: usize| -> Vec<(ItemKind, String, Option<u64>)> {
            assert_eq!(
                f.queues.iter().map(|q| q.kind).collect::<Vec<_>>(),
                [QueueKind::Ready, QueueKind::Scheduled, QueueKind::Tasks]
            );
            f.queues[k].items.iter().map(|i| (i.kind, i.label.clone(), i.due_us)).collect()
        };
        // Suspended at the sleep: the timer is scheduled and the task waits for it.
        let f = &t.frames[5];
        assert_eq!(
            (f.line, f.stack.as_slice(), f.output_len),
            (5, ["Task-1 main()".to_string()].as_slice(), 1)
        );
        assert!(queue(f, 0).is_empty());
        assert_eq!(queue(f, 1), [(ItemKind::Timer, "sleep(0.1)".into(), Some(100_000))]);
        assert_eq!(queue(f, 2), [(ItemKind::Waiting, "Task-1 main() ⏳ sleep(0.1)".into(), None)]);
        // The clock jumped; the due timer handle is ready.
        let f = &t.frames[6];
        assert_eq!(f.time_us, 100_000);
        assert_eq!(queue(f, 0), [(ItemKind::Timer, "sleep(0.1)".into(), Some(100_000))]);
        assert!(queue(f, 1).is_empty());
        // The timer handle ran: it queued the task's wake-up.
        assert_eq!(queue(&t.frames[7], 0), [(ItemKind::Resume, "Task-1 main()".into(), None)]);
        assert_eq!(queue(&t.frames[7], 2), [(ItemKind::Waiting, "Task-1 main() ready".into(), None)]);
        // The task returned: asyncio.run's callback is queued.
        assert_eq!(
            queue(&t.frames[11], 0),
            [(ItemKind::DoneCallback, "_run_until_complete_cb(Task-1)".into(), None)]
        );
        assert!(t.frames[14].queues.iter().all(|q| q.items.is_empty()));
    }

    #[test]
    fn awaiting_a_coroutine_calls_it_inside_the_task() {
        let t = run("import asyncio
async def work(n):
    return n
async def main():
    t = asyncio.create_task(work(2))
    x = await work(1)
    print(x, await t)
asyncio.run(main())
")
        .unwrap();
        assert_eq!(t.output, ["1 2"]);
        let call = t.frames.iter().position(|f| f.kind == StepKind::Call { name: "work()".into() }).unwrap();
        assert_eq!(t.frames[call].stack, ["Task-1 main()", "work()"]);
        assert_eq!(t.frames[call].line, 2);
        let back = &t.frames[call + 2];
        assert_eq!(back.kind, StepKind::Return { name: "work()".into() });
        assert_eq!((back.line, back.stack.as_slice()), (6, ["Task-1 main()".to_string()].as_slice()));
        let waiting = t.frames.iter().find(|f| matches!(&f.kind, StepKind::Await { .. })).unwrap();
        assert_eq!(waiting.queues[2].items[0].label, "Task-1 main() ⏳ Task-2");
        assert_eq!(waiting.queues[2].items[1].label, "Task-2 work() ready");
    }

    #[test]
    fn mangled_programs_give_errors_not_panics() {
        let base: Vec<char> = "import asyncio
async def f(x):
    await asyncio.sleep(0.05)
    return [x, f'{x}']
async def main():
    t = asyncio.create_task(f(1))
    a, b = await asyncio.gather(f(2), t)
    print(a, b, await t, \"s\\n\")
if __name__ == \"__main__\":
    asyncio.run(main())
"
        .chars()
        .collect();
        let pieces: Vec<char> = "()[]{}:,.=\"'\\\n #0a-*".chars().collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut src = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(src.len());
                match next(3) {
                    0 => {
                        src.remove(at);
                    }
                    1 => src.insert(at, pieces[next(pieces.len())]),
                    _ => src[at] = pieces[next(pieces.len())],
                }
            }
            let _ = run(&src.iter().collect::<String>());
        }
    }

    #[test]
    fn values_print_as_python_prints_them() {
        let floats = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (1e-5, "1e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
        ];
        for (x, s) in floats {
            assert_eq!(float_repr(x), s);
        }
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c\n"), "'a\\'b\"c\\n'");
        let t = run("x = 'hi'\nprint(f\"{x}, {{x}}\", [1, 'a', None, True], \"a\\tb\", 0x10)\n").unwrap();
        assert_eq!(t.output, ["hi, {x} [1, 'a', None, True] a\tb 16"]);
    }
}
