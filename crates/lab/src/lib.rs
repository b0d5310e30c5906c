//! The code lab: small JavaScript (Node.js) and Python (asyncio) programs,
//! run step by step by a model of each runtime's event loop.
//!
//! [`run`] parses a program in the supported subset (see the README's
//! "Code lab" section), runs it to the end on a simulated clock where code
//! takes no time, and returns a [`Trace`]: every step as a [`Frame`] (the
//! line, the call stack, every queue the runtime has, how much output there
//! is), the printed lines, and the places where the real runtime does not
//! guarantee an order ([`Race`]). The whole run is recorded, so stepping
//! back is just looking at an earlier frame.
//!
//! ```
//! use asyncviz_lab::{run, Language};
//!
//! let t = run(Language::JavaScript, r#"
//! setTimeout(() => console.log("timeout"), 0);
//! Promise.resolve().then(() => console.log("then"));
//! process.nextTick(() => console.log("tick"));
//! console.log("sync");
//! "#).unwrap();
//! assert_eq!(t.output, ["sync", "tick", "then", "timeout"]);
//! ```
//!
//! Orderings are checked against real `node` and `python3` by the
//! differential tests in `tests/code_js.rs` and `tests/code_py.rs`.

use std::fmt;

use serde::{Deserialize, Serialize};

mod error;
mod js;
mod py;

pub use error::CodeErrorKind;

/// At most this many steps are recorded; a longer run is an error (an endless chain of timers, say).
pub const MAX_STEPS: usize = 20_000;
/// At most this many bytes of source.
pub const MAX_SOURCE: usize = 20_000;
/// Two timers whose due times are closer than this (and not ordered by how they were
/// created) may fire in either order on a real machine, whose code does take time.
pub const RACE_WINDOW_US: u64 = 5_000;

/// The language (and runtime) of a program.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// JavaScript on Node.js (a CommonJS main module).
    JavaScript,
    /// Python with asyncio (CPython's default event loop).
    Python,
}

impl Language {
    /// From a file name: `.js`/`.cjs` or `.py`.
    pub fn from_path(path: &str) -> Option<Language> {
        let p = path.to_ascii_lowercase();
        if p.ends_with(".js") || p.ends_with(".cjs") {
            Some(Language::JavaScript)
        } else if p.ends_with(".py") {
            Some(Language::Python)
        } else {
            None
        }
    }
}

/// A program outside the subset, or one that cannot run: where and why. [`CodeError::kind`]
/// tells what kind it is, for a translation; the English message is its `Display`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodeError {
    /// 1-based; 0 when the error has no position (an empty program, too many steps).
    pub line: u32,
    /// 1-based column, in characters.
    pub col: u32,
    pub message: String,
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.message)
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.col, self.message)
        }
    }
}

impl std::error::Error for CodeError {}

/// A queue (or list) the runtime keeps. Each language shows its own set, always in the same order:
/// JavaScript: `NextTick`, `Microtask`, `Timers`, `Immediate`; Python: `Ready`, `Scheduled`, `Tasks`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// Node's `process.nextTick` queue: drained before promise jobs.
    NextTick,
    /// V8's microtask (promise job) queue.
    Microtask,
    /// Node's timers (`setTimeout`), by due time.
    Timers,
    /// Node's check queue (`setImmediate`).
    Immediate,
    /// asyncio's ready queue (`loop.call_soon` handles), run in batches.
    Ready,
    /// asyncio's scheduled timer handles (`loop.call_later`), by due time.
    Scheduled,
    /// asyncio's tasks that are not finished, and what each awaits.
    Tasks,
}

/// What an entry in a queue is, for the app to describe in any language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    /// A callback will be called (a timer or immediate callback, a `then` handler, a nextTick).
    Callback,
    /// An async function or task resumes after its `await`.
    Resume,
    /// A promise adopts another promise's state (`resolve(promise)`, returning a promise): one extra job.
    Adopt,
    /// A `then` with no handler for this outcome passes the value (or error) on to the next promise.
    PassThrough,
    /// asyncio: a task's first step (its coroutine starts).
    Start,
    /// asyncio: a timer handle that completes a `sleep` future.
    Timer,
    /// asyncio: a task that waits (the label says for what).
    Waiting,
    /// asyncio: a done callback (of `gather`, or of `asyncio.run`).
    DoneCallback,
}

/// One entry of a queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub kind: ItemKind,
    /// Code-like and language-neutral: a function name such as `main()`, `() => {…}`, `Task-2 worker()`,
    /// `sleep(0.1)`.
    pub label: String,
    /// The line of the code it will run (0 if none).
    pub line: u32,
    /// For timers: when it is due, µs.
    pub due_us: Option<u64>,
}

/// One queue's contents, head first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueState {
    pub kind: QueueKind,
    pub items: Vec<QueueItem>,
}

/// What one step did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum StepKind {
    /// The main script (JavaScript) or `asyncio.run` (Python) starts.
    Start,
    /// One statement ran (it may have printed or queued something).
    Statement,
    /// A function or coroutine was entered.
    Call { name: String },
    /// A function returned to its caller.
    Return { name: String },
    /// The event loop took `label` from `queue` and runs it.
    Dequeue { queue: QueueKind, label: String },
    /// `name` suspended at an `await`; its caller (or the loop) goes on.
    Await { name: String },
    /// Nothing is ready: the clock jumps to the next timer.
    Wait { until_us: u64 },
    /// The process dies (JavaScript: an unhandled promise rejection).
    Crash { message: String },
    /// Nothing is left to run.
    Exit,
}

/// The state after one step.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Frame {
    /// Simulated time, µs (code runs in no time; only timers move the clock).
    pub time_us: u64,
    /// The line this step ran (1-based), 0 when it ran none.
    pub line: u32,
    /// The call stack during this step, bottom first, e.g. `["(main script)", "f"]`; empty when the
    /// loop is between callbacks.
    pub stack: Vec<String>,
    /// Every queue of the runtime, in the language's fixed order.
    pub queues: Vec<QueueState>,
    /// How many lines of `Trace::output` have been printed by the end of this step.
    pub output_len: usize,
    pub kind: StepKind,
}

/// Why an order is not guaranteed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RaceKind {
    /// Node: a timer due within the window against a pending `setImmediate`; which runs first depends
    /// on how long the process took to get there (the classic `setTimeout(0)` against `setImmediate`
    /// in the main module).
    TimerVsImmediate,
    /// Two timers due within `RACE_WINDOW_US` of each other that were not created in the order they
    /// are due, in the same synchronous run.
    CloseTimers,
    /// asyncio: a timer due within the window while other callbacks are ready.
    TimerVsReady,
}

/// Two things whose order the real runtime does not guarantee. The trace shows one possible order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Race {
    pub kind: RaceKind,
    /// The frame at which the model had to choose.
    pub frame: usize,
    /// The two callbacks (labels as in `QueueItem`) and their lines; the first is the one the trace runs first.
    pub first: String,
    pub first_line: u32,
    pub second: String,
    pub second_line: u32,
}

/// A whole run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trace {
    pub language: Language,
    pub frames: Vec<Frame>,
    /// Every printed line, in order (stdout).
    pub output: Vec<String>,
    /// Orders the runtime does not guarantee, in the order they were met.
    pub races: Vec<Race>,
    /// Set when the process dies (JavaScript: `Uncaught (in promise) …` after an unhandled rejection).
    pub crash: Option<String>,
}

/// Parses and runs `source` to the end. JavaScript runs as a CommonJS main script (a `.js` or
/// `.cjs` file); an ES module is run by [`run_es_module`].
pub fn run(language: Language, source: &str) -> Result<Trace, CodeError> {
    check_size(source)?;
    match language {
        Language::JavaScript => js::run(source, false),
        Language::Python => py::run(source),
    }
}

/// Parses and runs `source` as Node runs an ES module main module (a `.mjs` file): strict, with
/// `import` of the built-in modules and top-level `await`, evaluated from the module loader, so
/// the promise jobs it queues run before its `process.nextTick` callbacks and its
/// `setImmediate` callbacks before its timers. The trace's language is `JavaScript`.
///
/// ```
/// let t = asyncviz_lab::run_es_module(r#"
/// import { nextTick } from 'node:process';
/// nextTick(() => console.log("tick"));
/// Promise.resolve().then(() => console.log("then"));
/// "#).unwrap();
/// assert_eq!(t.output, ["then", "tick"]);
/// ```
pub fn run_es_module(source: &str) -> Result<Trace, CodeError> {
    check_size(source)?;
    js::run(source, true)
}

/// Whether Node runs the file at `path` as an ES module (by its name: `.mjs`).
pub fn is_es_module_path(path: &str) -> bool {
    path.to_ascii_lowercase().ends_with(".mjs")
}

fn check_size(source: &str) -> Result<(), CodeError> {
    if source.len() > MAX_SOURCE {
        return Err(CodeError {
            line: 0,
            col: 0,
            message: format!(
                "the program is {} bytes; the code lab takes at most {MAX_SOURCE}",
                source.len()
            ),
        });
    }
    Ok(())
}

/// The error for a run that goes on past `MAX_STEPS`.
pub(crate) fn too_many_steps() -> CodeError {
    CodeError {
        line: 0,
        col: 0,
        message: format!(
            "the program ran more than {MAX_STEPS} steps without finishing (an endless chain of callbacks?)"
        ),
    }
}
