//! Python programs: a parser and an interpreter for a small subset of Python with asyncio, run on
//! a model of CPython 3.11's event loop (`asyncio/base_events.py`, `tasks.py`, `futures.py`).
//!
//! # The subset
//!
//! `import asyncio`; `async def f(a, b):` at module level; `print(…)` with positional arguments;
//! `x = expr` and `a, b = expr` (a list, e.g. a gather result); `return [expr]`; `pass`;
//! `await` of a coroutine, a task or a gather; `asyncio.sleep(s)`, `asyncio.create_task(coro)`,
//! `asyncio.gather(*aws)`, `asyncio.run(coro)` (also as `x = asyncio.run(…)` and inside
//! `if __name__ == "__main__":`); literals (str with escapes, int, float, `True`, `False`, `None`,
//! lists); f-strings whose fields are plain names (`f"got {x}"`). Everything else is a
//! [`CodeError`] that names the construct.
//!
//! # The model
//!
//! Code takes no time; the clock (µs) moves only when `_run_once` finds `_ready` empty and jumps
//! to the earliest timer. What decides the order of output is kept exactly as CPython keeps it:
//! - `_ready`, the FIFO of handles from `call_soon`; a batch runs exactly the handles that were in
//!   it when the batch began;
//! - `_scheduled`, the timer handles of `call_later` (only `sleep(s > 0)` makes them), moved to
//!   `_ready` in (due time, creation) order when due; a timer handle completes its sleep future,
//!   whose done callback (the task's `__wakeup`) is queued with `call_soon`: one more hop;
//! - tasks, each with a stack of coroutine frames. `await coro` runs the callee inline; `await` of
//!   a done future (task, gather) returns at once; of a pending one it adds `__wakeup` as a done
//!   callback and suspends; `sleep(0)` is a bare `yield` (the task's `__step` is queued again);
//!   a future's done callbacks are queued in the order they were added when it completes.
//!
//! # Frames
//!
//! - `Start`: before anything ran (line 0, empty stack).
//! - `Statement`: a statement finished (its first line). The stack is `["<module>"]` at module
//!   level, else the running task's coroutines bottom first, the bottom one prefixed by the task's
//!   name: `["Task-1 main()", "work()"]`. A statement that awaits finishes after its resumption.
//! - `Call`: an awaited coroutine was entered (its `async def` line; the stack includes it).
//! - `Return`: a coroutine returned to the one awaiting it (that one's line and stack), or a
//!   task's own coroutine returned to the loop (`name` is the task, line 0, empty stack; its done
//!   callbacks are now in `Ready`).
//! - `Dequeue`: the loop took a handle from `Ready`. A task step is recorded before it runs (the
//!   frames that follow show it); a timer or done callback, which runs none of the program's code,
//!   after it ran, so that the frame shows what it queued.
//! - `Await`: a task suspended (`name` is the task; the line of the `await`; the stack that waits).
//! - `Wait`: the clock jumped to the next timer (due timers are already in `Ready`). `Exit`: the end.
//!
//! Queue labels: `Ready` holds `Task-2 worker()` (Start/Resume), `sleep(0.1)` (Timer),
//! `gather._done_callback(Task-2)` and `_run_until_complete_cb(Task-1)` (DoneCallback);
//! `Scheduled` holds `sleep(0.1)` with its due time; `Tasks` holds every unfinished task as
//! `Task-2 worker() ⏳ sleep(0.1)`, `… ⏳ Task-3`, `… ⏳ gather(Task-2, Task-3)`, `… ready` or
//! `… running`.
//!
//! # The stages
//!
//! One module each: [`lexer`] (text → tokens, with Python's indentation as `Indent`/`Dedent`)
//! → [`parser`] → [`vm`] (runs the ops of one coroutine frame until it returns or awaits) with
//! [`runtime`] (the builtins and asyncio: coroutines, tasks, futures, `sleep`, `gather`, `run`,
//! and the event loop's `_run_once` and `Task.__step`). There is no separate compiler stage and
//! no syntax tree: the parser emits the stack machine's ops as it reads (its `Op`, `Callee` and
//! `Func` are the compiled form). [`frames`] records a [`Frame`](crate::Frame) per step and
//! [`print`] writes values as `str()` and `repr()` do.

mod frames;
mod lexer;
mod parser;
mod print;
mod runtime;
mod vm;

use crate::{CodeError, Language, StepKind, Trace};
use parser::Parser;
use vm::{CoFrame, Ctx, Flow, Machine};

type R<T> = Result<T, CodeError>;

/// Parses and runs `source`.
pub(crate) fn run(source: &str) -> Result<Trace, CodeError> {
    let (module, funcs) = Parser::parse(source)?;
    let mut m = Machine::new(funcs);
    m.record(StepKind::Start, 0, vec![])?;
    let mut frame = CoFrame::new(module, vec![]);
    if let Flow::Await(_, pos) = m.exec(Ctx::Module, &mut frame)? {
        return Err(error(pos, "SyntaxError: 'await' outside function"));
    }
    m.record(StepKind::Exit, 0, vec![])?;
    Ok(Trace { language: Language::Python, frames: m.frames, output: m.output, races: m.races, crash: None })
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
        let e = err("import asyncio\nasync def main():\n    for i in x:\n        pass\n");
        assert_eq!((e.line, e.col), (3, 5));
        assert!(e.message.starts_with("`for` loops are not in the supported Python subset"), "{}", e.message);
        let cases = [
            ("x = 1\nwhile x:\n  pass\n", 2, 1, "`while` loops"),
            ("x = 1 + 2\n", 1, 7, "the `+` operator"),
            ("print('a', end='')\n", 1, 12, "keyword arguments"),
            ("class A:\n  pass\n", 1, 1, "classes"),
            ("def f():\n  pass\n", 1, 1, "plain `def`"),
            ("f = lambda: 1\n", 1, 5, "`lambda`"),
            ("if x == 1:\n  pass\n", 1, 1, "`if` statements"),
            ("import time\n", 1, 8, "`import asyncio`"),
            (
                "import asyncio\nasync def m():\n    await asyncio.wait_for(m(), 1)\n",
                3,
                19,
                "`asyncio.wait_for`",
            ),
            ("print(f'{x + 1}')\n", 1, 9, "f-string fields"),
            ("x = [1][0]\n", 1, 8, "indexing"),
            ("try:\n  pass\nexcept:\n  pass\n", 1, 1, "exceptions"),
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
    fn syntax_and_runtime_errors_say_what_python_would() {
        let cases = [
            ("print('a'\n", 1, 6, "'(' was never closed"),
            ("print('a)\n", 1, 7, "unterminated string literal"),
            ("async def f():\nprint(1)\n", 2, 1, "expected an indented block after function definition on line 1"),
            ("async def f():\n    pass\n  pass\n", 3, 3, "unindent does not match"),
            ("await f()\n", 1, 1, "'await' outside function"),
            ("print(y)\n", 1, 7, "name 'y' is not defined"),
            ("import asyncio\nasync def m():\n    await 3\nasyncio.run(m())\n", 3, 5, "object int can't be used in 'await' expression"),
            (
                "import asyncio\nasync def f():\n    pass\nasync def m():\n    c = f()\n    await c\n    await c\nasyncio.run(m())\n",
                7,
                5,
                "cannot reuse already awaited coroutine",
            ),
            ("import asyncio\nasync def f(a):\n    pass\nasyncio.run(f())\n", 4, 13, "missing 1 required positional argument: 'a'"),
            ("import asyncio\nasync def m():\n    asyncio.run(m())\nasyncio.run(m())\n", 3, 5, "cannot be called from a running event loop"),
            ("import asyncio\nasync def m():\n    print(m())\nasyncio.run(m())\n", 3, 5, "printing a coroutine object is not supported"),
        ];
        for (src, line, col, what) in cases {
            let e = err(src);
            assert_eq!((e.line, e.col), (line, col), "{src}: {e}");
            assert!(e.message.contains(what), "{src}: {e}");
        }
        assert_eq!(err("# nothing\n").line, 0);
    }

    #[test]
    fn endless_or_recursive_programs_are_stopped() {
        let e = err("import asyncio\nasync def f():\n    await f()\nasyncio.run(f())\n");
        assert!(e.message.contains("RecursionError"), "{e}");
        let e = err("import asyncio\nasync def f():\n    await asyncio.create_task(f())\nasyncio.run(f())\n");
        assert!(e.message.contains("steps") || e.message.contains("too many tasks"), "{e}");
        let deep = format!("x = {}1{}\n", "(".repeat(60), ")".repeat(60));
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
