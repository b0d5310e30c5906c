//! JavaScript on Node.js: promises as ECMAScript specifies them (reaction jobs and the extra
//! job to adopt a promise or thenable), `async`/`await`, generators, and Node's own queues:
//! `process.nextTick`, the microtask queue, timers (and intervals) and `setImmediate`, in
//! libuv's phase order, with `EventEmitter`, `util.promisify`/`callbackify`,
//! `timers/promises` and `process.on('exit'|'beforeExit'|'unhandledRejection')`.
//!
//! Code takes no simulated time. After the main script and after every callback the loop
//! runs, Node drains the nextTick queue, then the microtask queue, and repeats while ticks
//! remain; then a promise rejected with no handler goes to `unhandledRejection` listeners or
//! kills the process (Node 15 and later).
//!
//! The stages, one module each: [`lexer`] (text → tokens, template literals whole) →
//! [`parser`] and [`parse_expr`] (tokens → the syntax tree of [`ast`], one [`ast::FuncDef`]
//! per function and one [`ast::ClassDef`] per class) → [`compiler`] and [`compile_expr`]
//! (each function → a flat list of stack-machine ops, loops with a fresh `let` binding per
//! iteration) → [`vm`] (runs the ops; an async function's activation is saved at an `await`
//! and resumed later, a generator's at a `yield`), with [`ops`] (operators and conversions)
//! and [`objects`] (objects, arrays, errors, classes, properties), which calls into
//! [`runtime`] (Node's globals and modules, promises and their jobs, timers, emitters and the
//! event loop). [`frames`] records the state after every step as a [`Frame`](crate::Frame) and
//! [`print`] writes values as `console.log` (`util.inspect`) does, refusing the values whose
//! text it cannot reproduce exactly.

mod ast;
mod compile_async;
mod compile_expr;
mod compiler;
mod frames;
mod lexer;
mod modules;
mod objects;
mod ops;
mod parse_expr;
mod parser;
mod print;
mod runtime;
mod vm;

use crate::{CodeError, Language, Trace};
use vm::Vm;

/// Runs a CommonJS main script, or (`module`) an ES module main module.
pub(crate) fn run(src: &str, module: bool) -> Result<Trace, CodeError> {
    let program = parser::parse(src, module)?;
    let codes = compiler::compile(&program)?;
    let mut vm = Vm::new(&program, &codes);
    vm.main()?;
    Ok(Trace {
        language: Language::JavaScript,
        frames: vm.frames,
        output: vm.output,
        races: vm.races,
        crash: vm.crash,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{too_many_steps, ItemKind, QueueKind, StepKind};

    fn run_script(src: &str) -> Result<Trace, CodeError> {
        run(src, false)
    }

    fn error(src: &str) -> CodeError {
        run(src, false).unwrap_err()
    }

    #[test]
    fn outside_the_subset_is_an_error_with_line_and_column() {
        let e = error("console.log(1);\n  const r = /a+/;\n");
        assert_eq!((e.line, e.col), (2, 13));
        assert!(
            e.message.contains("regular expression literal is not in the supported JavaScript subset"),
            "{}",
            e.message
        );
        let e = error("function* g() { yield* [1]; }");
        assert!(e.message.contains("`yield*`"), "{}", e.message);
        let e = error("await Promise.resolve();");
        assert!(e.message.contains("only valid inside an async function"), "{}", e.message);
        let e = error("console.log('never closed);");
        assert_eq!((e.line, e.col), (1, 13));
        let e = error("const m = new Map();");
        assert!(e.message.contains("`Map` is not in the supported JavaScript subset"), "{}", e.message);
        let e = error(
            "const E = require('events');\nconst e = new E();\ne.once('x', () => {});\nconsole.log(e);",
        );
        assert!(e.message.contains("printing an EventEmitter with `once`"), "{}", e.message);
        let e = error("console.log(new Error('x'));");
        assert!(e.message.contains("printing an Error object"), "{}", e.message);
        let e = error("[1].flatMap(x => x);");
        assert!(e.message.contains("`.flatMap` of an array"), "{}", e.message);
        let e = error("function f() { f(); }\nf();");
        assert!(e.message.contains("calls nest more than"), "{}", e.message);
        let e = error("function f() { setTimeout(f, 0); }\nf();");
        assert_eq!(e, too_many_steps());
        // A Node global the lab does not model is refused, not taken as undefined.
        let e = error("console.log(typeof WeakRef);");
        assert!(e.message.contains("`typeof WeakRef`"), "{}", e.message);
        let e = error("console.log(new URL('http://x'));");
        assert!(e.message.contains("`URL` is not in the supported"), "{}", e.message);
        // A loop that never awaits stops at the step limit instead of hanging.
        assert_eq!(error("while (true) {}"), too_many_steps());
        assert_eq!(error("for (;;) { let x = 1; }"), too_many_steps());
        // An undefined name is a ReferenceError at run time, as in Node: the process dies.
        let t = run_script("console.log('a');\nundefinedThing();\nconsole.log('b');").unwrap();
        assert_eq!(t.output, ["a"]);
        assert_eq!(t.crash.as_deref(), Some("Uncaught ReferenceError: undefinedThing is not defined"));
    }

    #[test]
    fn frames_show_the_stack_the_queues_and_the_await() {
        let t = run_script("async function main() {\n  console.log('a');\n  await null;\n  console.log('b');\n}\nmain();\nconsole.log('c');\n")
            .unwrap();
        assert_eq!(t.output, ["a", "c", "b"]);
        let kinds: Vec<&StepKind> = t.frames.iter().map(|f| &f.kind).collect();
        assert_eq!(kinds[0], &StepKind::Start);
        assert_eq!(kinds[1], &StepKind::Call { name: "main".into() });
        // Line 2 runs inside main, called from the main script.
        assert_eq!(
            (t.frames[2].line, t.frames[2].stack.clone()),
            (2, vec!["(main script)".into(), "main".into()])
        );
        assert_eq!(t.frames[2].output_len, 1);
        let aw = t.frames.iter().position(|f| matches!(f.kind, StepKind::Await { .. })).unwrap();
        assert_eq!(t.frames[aw].line, 3);
        // After the await, main's resumption waits in the microtask queue while the script goes on.
        let after = &t.frames[aw + 1];
        let micro = &after.queues[1];
        assert_eq!(micro.kind, QueueKind::Microtask);
        assert_eq!(micro.items[0].kind, ItemKind::Resume);
        assert_eq!((micro.items[0].label.as_str(), micro.items[0].line), ("main", 3));
        let resume = t
            .frames
            .iter()
            .position(|f| matches!(&f.kind, StepKind::Dequeue { queue: QueueKind::Microtask, .. }))
            .unwrap();
        assert!(t.frames[resume].stack.is_empty(), "the loop runs jobs on an empty stack");
        assert_eq!(t.frames.last().unwrap().kind, StepKind::Exit);
    }

    #[test]
    fn timers_move_the_clock_and_print_like_node() {
        let t = run_script("setTimeout(() => console.log('late', 2.5, -0, null, undefined, true), 150);\nconsole.log(Promise.resolve('x'), 1e21);")
            .unwrap();
        assert_eq!(t.output, ["Promise { 'x' } 1e+21", "late 2.5 -0 null undefined true"]);
        let wait = t.frames.iter().find(|f| matches!(f.kind, StepKind::Wait { .. })).unwrap();
        assert_eq!(wait.kind, StepKind::Wait { until_us: 150_000 });
        assert_eq!(wait.queues[2].items[0].due_us, Some(150_000));
    }
}
