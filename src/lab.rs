//! The code lab's state: a program, its recorded run (from `asyncviz-lab`'s program model) and
//! the step being shown. Stepping back is looking at an earlier frame; nothing is re-run.
//! Pure, so the reducer and the sentences are tested natively.
//!
//! In the browser the program model runs in a Web Worker with a wasm module of its own
//! (`src/bin/lab.rs`, `static/lab-worker.js`), so that the interpreters are loaded only when
//! the lab is opened: the reducer asks for a run (`generation`) and takes the answer
//! (`LabAction::Ran`).

use std::rc::Rc;

use asyncviz_lab::{CodeError, Frame, ItemKind, Language, RaceKind, StepKind, Trace};
use yew::Reducible;

use crate::i18n::{tr, trf, Lang};
use crate::url::{b64_decode, b64_encode};

/// Playback speed at 1×: one step every this many ms.
pub const STEP_MS: u32 = 700;
/// The speeds offered, slowest first.
pub const SPEEDS: &[f64] = &[0.25, 0.5, 1.0, 2.0, 4.0, 10.0];
/// Index of 1× in `SPEEDS`.
pub const DEFAULT_SPEED: usize = 2;

/// What the lab runs, construct by construct (the README says the same in prose).
pub fn subset(l: Language) -> &'static [&'static str] {
    match l {
        Language::JavaScript => &[
            "if / else · switch · for · for…of · for…in · while · do…while · break / continue",
            "every operator: + - * / % ** · === !== < <= · && || ?? ! · ?. · a ? b : c · typeof · instanceof · ++ += …",
            "let / const (one binding per loop turn) · var · template literals",
            "arrays and objects: literals, spread, destructuring with defaults, methods, Object.*, JSON.stringify, Math",
            "functions, arrows, closures, default and rest parameters, bind / call / apply",
            "class … extends … { constructor, super, static, get / set }",
            "function* generators · throw · try / catch / finally · Error and its subclasses",
            "async / await · Promise.resolve / reject / all / allSettled / race / any · then / catch / finally",
            "setTimeout / setInterval / setImmediate with arguments · clear… · process.nextTick · queueMicrotask",
            "require('events'): EventEmitter (on, once, off, prependListener, emit), events.once",
            "require('util').promisify / callbackify · require('timers/promises')",
            "process.on('exit' | 'beforeExit' | 'unhandledRejection') · console.log as Node prints it · console.error",
        ],
        Language::Python => &[
            "def / async def (defaults, *args, keyword-only, **kwargs, annotations) · lambda · decorators",
            "if / elif / else · for / while (with else) · break / continue · every operator · :=",
            "try / except / else / finally · except* · raise … from · exceptions and your subclasses",
            "class (inheritance, super(), @property, @staticmethod, @classmethod, @dataclass)",
            "lists, tuples, dicts, sets, slicing, unpacking, comprehensions, generators, f-strings with specs",
            "with / async with · async for · async generators · global / nonlocal · assert",
            "asyncio: run, create_task, gather, sleep, wait_for, timeout, wait, as_completed, shield, TaskGroup",
            "Lock, Event, Condition, Semaphore, Barrier, Queue / PriorityQueue / LifoQueue",
            "tasks: cancel, cancelled, done, result, exception, add_done_callback · Future · call_soon / call_later",
            "time.sleep (blocks the loop) · time.monotonic / perf_counter · random with a seed · functools, contextlib",
        ],
    }
}

/// A program to start from. Every example is a corpus file the differential tests run against
/// real Node.js or CPython in CI: the lab's own (`tests/corpus/`) or a public program
/// (`corpus/`, whose README names each source). Where it comes from is its [`Origin`].
pub struct Example {
    pub id: &'static str,
    pub language: Language,
    /// The group it is listed under (English; the catalog has the Korean).
    pub category: &'static str,
    pub title: &'static str,
}

/// Where an example comes from. Only the lab's worker module and native code read these (the
/// worker sends the credit with its answer), so the app's first load carries none of them.
pub struct Origin {
    /// The file under `crates/lab/`; its text reaches the browser through the lab's worker
    /// module, see [`example_source`].
    pub file: &'static str,
    /// Where the program comes from, and a link to it when it is public.
    pub source: &'static str,
    pub url: Option<&'static str>,
}

/// An example's credit as the app shows it under the program: from the worker's answer.
#[derive(Clone, Debug, PartialEq)]
pub struct Credit {
    pub source: String,
    pub url: Option<String>,
}

/// The groups, in the order they are listed.
pub const CATEGORIES: &[&str] = &[
    "The event loop's queues",
    "async and await",
    "Promises together",
    "Puzzles",
    "Events",
    "Errors",
    "Tasks and their order",
    "asyncio documentation",
    "Sharing and waiting",
    "Blocking the loop",
];

/// The source of the lab's own examples.
pub const OWN: &str = "written for asyncviz";

/// Writes [`EXAMPLES`] and [`ORIGINS`] from one list, in the same order.
macro_rules! examples {
    ($(($id:literal, $language:ident, $category:literal, $title:literal, $file:literal, $source:expr, $url:expr)),* $(,)?) => {
        pub const EXAMPLES: &[Example] =
            &[$(Example { id: $id, language: $language, category: $category, title: $title }),*];
        /// [`EXAMPLES`]' origins, in the same order.
        pub const ORIGINS: &[Origin] = &[$(Origin { file: $file, source: $source, url: $url }),*];
    };
}

use Language::{JavaScript as Js, Python as Py};

examples! {
    ("tasks-microtasks", Js, "The event loop's queues", "Tasks, microtasks and timers", "tests/corpus/js/01-jake-archibald-tasks-microtasks.js",
        "Jake Archibald, \"Tasks, microtasks, queues and schedules\"", Some("https://jakearchibald.com/2015/tasks-microtasks-queues-and-schedules/")),
    ("node-queues", Js, "The event loop's queues", "Node's queues: nextTick, promises, immediate, timer", "tests/corpus/js/07-nexttick-before-promises.js", OWN, None),
    ("then-after-sync", Js, "The event loop's queues", "A then callback waits for the script", "tests/corpus/js/04-then-after-sync.js", OWN, None),
    ("timeout-vs-immediate", Js, "The event loop's queues", "setTimeout 0 against setImmediate: not guaranteed", "tests/corpus/js/15-timeout-vs-immediate-race.js", OWN, None),
    ("async-await", Js, "async and await", "async/await, nextTick and a promise", "tests/corpus/js/02-async-await-interview.js", OWN, None),
    ("before-after", Js, "async and await", "Before, After, then the awaited result", "corpus/js/080-node-guide-async-await-before-after.js",
        "Node.js Learn, \"Modern Asynchronous JavaScript with Async and Await\", section \"A quick example\"",
        Some("https://nodejs.org/en/learn/asynchronous-work/modern-asynchronous-javascript-with-async-and-await")),
    ("await-vs-then", Js, "async and await", "await and then take turns", "tests/corpus/js/10-await-vs-then-interleave.js", OWN, None),
    ("try-await", Js, "async and await", "try/catch around await, and a timer as a sleep", "tests/corpus/js/12-async-throws.js", OWN, None),
    ("return-promise", Js, "async and await", "Returning a promise costs two extra jobs", "tests/corpus/js/13-return-await-vs-return.js", OWN, None),
    ("sequential-vs-concurrent", Js, "Promises together", "Sequential await against Promise.all", "corpus/js/041-mdn-async-function-sequential-concurrent.js",
        "MDN, async function, \"Async functions and execution order\"",
        Some("https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Statements/async_function#async_functions_and_execution_order")),
    ("promise-all", Js, "Promises together", "Promise.all waits for every promise", "corpus/js/032-mdn-promise-all.js",
        "MDN, Promise.all(), \"Try it\"",
        Some("https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/all")),
    ("promise-race", Js, "Promises together", "Promise.race: the first to settle wins", "corpus/js/035-mdn-promise-race.js",
        "MDN, Promise.race(), \"Try it\"",
        Some("https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/race")),
    ("all-settled", Js, "Promises together", "Promise.allSettled reports every outcome", "corpus/js/034-mdn-promise-allsettled.js",
        "MDN, Promise.allSettled(), \"Try it\"",
        Some("https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Promise/allSettled")),
    ("closure-in-loop", Js, "Puzzles", "Closures in a loop: var shares one i, let gives each turn its own", "tests/corpus/js/17-closure-in-a-loop.js",
        "the classic closure-in-a-loop puzzle", None),
    ("script-start", Js, "Puzzles", "async1, async2 and \"script start\"", "corpus/js/052-puzzle-async1-async2-script-start.js",
        "the widely circulated \"script start / async1 start\" interview question (Toutiao front-end interview, 2018; Advanced-Frontend/Daily-Interview-Question, question 10)",
        Some("https://github.com/Advanced-Frontend/Daily-Interview-Question")),
    ("emit-is-synchronous", Js, "Events", "emit() calls its listeners at once", "tests/corpus/js/16-emit-is-synchronous.js", OWN, None),
    ("remove-during-emit", Js, "Events", "A listener removed during emit still runs once", "corpus/js/016-node-events-remove-during-emit.js",
        "Node.js API docs, Events, \"emitter.removeListener(eventName, listener)\"",
        Some("https://nodejs.org/api/events.html#emitterremovelistenereventname-listener")),
    ("emit-async", Js, "Events", "A listener that goes asynchronous with setImmediate", "corpus/js/010-node-events-async-setimmediate.js",
        "Node.js API docs, Events, \"Asynchronous vs. synchronous\"",
        Some("https://nodejs.org/api/events.html#asynchronous-vs-synchronous")),
    ("unhandled-rejection", Js, "Errors", "An unhandled rejection kills the process", "tests/corpus/js/06-unhandled-rejection-kills.js", OWN, None),
    ("docs-hello", Py, "asyncio documentation", "Hello … world: the smallest asyncio program", "corpus/py/001-docs-hello-world.py",
        "Python docs, asyncio \"Coroutines and Tasks\", section \"Coroutines\"",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#coroutines")),
    ("docs-sequential", Py, "asyncio documentation", "Awaited one after the other: the waits add up", "corpus/py/002-docs-say-after-sequential.py",
        "Python docs, asyncio \"Coroutines and Tasks\", section \"Coroutines\" (awaiting say_after twice)",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#coroutines")),
    ("docs-tasks", Py, "asyncio documentation", "Two tasks at once: the longer wait, not the sum", "corpus/py/003-docs-say-after-tasks.py",
        "Python docs, asyncio \"Coroutines and Tasks\", section \"Coroutines\" (two say_after tasks)",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#coroutines")),
    ("docs-taskgroup", Py, "asyncio documentation", "The same with a TaskGroup", "corpus/py/004-docs-say-after-taskgroup.py",
        "Python docs, asyncio \"Coroutines and Tasks\", section \"Coroutines\" (asyncio.TaskGroup variant)",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#coroutines")),
    ("docs-wait-for", Py, "asyncio documentation", "wait_for: a timeout cancels the task", "corpus/py/012-docs-wait-for-eternity.py",
        "Python docs, asyncio \"Coroutines and Tasks\", section \"Timeouts\" (wait_for example)",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#asyncio.wait_for")),
    ("docs-cancel", Py, "asyncio documentation", "Cancelling a task: CancelledError inside it", "corpus/py/014-docs-cancel-me.py",
        "Python docs, asyncio \"Coroutines and Tasks\", Task.cancel() example",
        Some("https://docs.python.org/3.11/library/asyncio-task.html#asyncio.Task.cancel")),
    ("countasync", Py, "asyncio documentation", "Real Python's count: three coroutines take turns", "corpus/py/027-realpython-countasync.py",
        "Real Python, \"Async IO in Python: A Complete Walkthrough\" (Brad Solomon), countasync.py",
        Some("https://realpython.com/async-io-python/#the-asyncawait-syntax-and-native-coroutines")),
    ("queue-workers", Py, "Sharing and waiting", "A producer and three workers share a Queue", "corpus/py/019-docs-queue-workers.py",
        "Python docs, asyncio \"Queues\", section \"Examples\"",
        Some("https://docs.python.org/3.11/library/asyncio-queue.html#examples")),
    ("lock", Py, "Sharing and waiting", "A Lock lets one task at a time into the critical section", "corpus/py/039-docs-lock-async-with.py",
        "Python docs, asyncio \"Synchronization Primitives\", asyncio.Lock (usage)",
        Some("https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Lock")),
    ("event", Py, "Sharing and waiting", "An Event wakes the task that waits for it", "corpus/py/017-docs-event-waiter.py",
        "Python docs, asyncio \"Synchronization Primitives\", asyncio.Event example",
        Some("https://docs.python.org/3.11/library/asyncio-sync.html#asyncio.Event")),
    ("time-sleep-blocks", Py, "Blocking the loop", "time.sleep freezes every task", "tests/corpus/py/31-time-sleep-freezes-every-task.py", OWN, None),
    ("create-task", Py, "Tasks and their order", "A task starts when main yields", "tests/corpus/py/01-create-task-without-await.py", OWN, None),
    ("gather", Py, "Tasks and their order", "gather: results in argument order", "tests/corpus/py/02-gather-order-vs-completion.py", OWN, None),
    ("sleep-zero", Py, "Tasks and their order", "sleep(0) takes turns round-robin", "tests/corpus/py/03-sleep0-interleaving.py", OWN, None),
    ("await-coroutine-vs-task", Py, "Tasks and their order", "await a coroutine against await a task", "tests/corpus/py/10-await-coroutine-vs-task.py", OWN, None),
    ("main-returns", Py, "Tasks and their order", "When main returns, pending tasks are cancelled", "tests/corpus/py/07-main-returns-while-tasks-pend.py", OWN, None),
}

pub fn find(id: &str) -> Option<&'static Example> {
    EXAMPLES.iter().find(|e| e.id == id)
}

impl Origin {
    pub fn credit(&self) -> Credit {
        Credit { source: self.source.to_string(), url: self.url.map(str::to_string) }
    }
}

/// Where example `id` comes from (the worker module and native code only).
pub fn origin(id: &str) -> Option<&'static Origin> {
    EXAMPLES.iter().position(|e| e.id == id).map(|i| &ORIGINS[i])
}

/// The text of example `id`. Only the worker module (and native code) uses it, so the app's
/// own wasm does not carry the examples.
pub fn example_source(id: &str) -> Option<&'static str> {
    macro_rules! corpus {
        ($($file:literal),* $(,)?) => {
            &[$(($file, include_str!(concat!("../crates/lab/", $file)))),*]
        };
    }
    const SOURCES: &[(&str, &str)] = corpus!(
        "tests/corpus/js/01-jake-archibald-tasks-microtasks.js",
        "tests/corpus/js/07-nexttick-before-promises.js",
        "tests/corpus/js/04-then-after-sync.js",
        "tests/corpus/js/15-timeout-vs-immediate-race.js",
        "tests/corpus/js/02-async-await-interview.js",
        "corpus/js/080-node-guide-async-await-before-after.js",
        "tests/corpus/js/10-await-vs-then-interleave.js",
        "tests/corpus/js/12-async-throws.js",
        "tests/corpus/js/13-return-await-vs-return.js",
        "corpus/js/041-mdn-async-function-sequential-concurrent.js",
        "corpus/js/032-mdn-promise-all.js",
        "corpus/js/035-mdn-promise-race.js",
        "corpus/js/034-mdn-promise-allsettled.js",
        "tests/corpus/js/17-closure-in-a-loop.js",
        "corpus/js/052-puzzle-async1-async2-script-start.js",
        "tests/corpus/js/16-emit-is-synchronous.js",
        "corpus/js/016-node-events-remove-during-emit.js",
        "corpus/js/010-node-events-async-setimmediate.js",
        "tests/corpus/js/06-unhandled-rejection-kills.js",
        "corpus/py/001-docs-hello-world.py",
        "corpus/py/002-docs-say-after-sequential.py",
        "corpus/py/003-docs-say-after-tasks.py",
        "corpus/py/004-docs-say-after-taskgroup.py",
        "corpus/py/012-docs-wait-for-eternity.py",
        "corpus/py/014-docs-cancel-me.py",
        "corpus/py/027-realpython-countasync.py",
        "corpus/py/019-docs-queue-workers.py",
        "corpus/py/039-docs-lock-async-with.py",
        "corpus/py/017-docs-event-waiter.py",
        "tests/corpus/py/31-time-sleep-freezes-every-task.py",
        "tests/corpus/py/01-create-task-without-await.py",
        "tests/corpus/py/02-gather-order-vs-completion.py",
        "tests/corpus/py/03-sleep0-interleaving.py",
        "tests/corpus/py/10-await-coroutine-vs-task.py",
        "tests/corpus/py/07-main-returns-while-tasks-pend.py",
    );
    let file = origin(id)?.file;
    SOURCES.iter().find(|(f, _)| *f == file).map(|(_, text)| *text)
}

/// The code lab's state.
#[derive(Clone)]
pub struct Lab {
    pub language: Language,
    pub source: String,
    /// The example the program came from, while unedited.
    pub example: Option<&'static str>,
    /// The last run of a valid program (kept while the text has an error).
    pub trace: Option<Rc<Trace>>,
    /// Why the current text does not run.
    pub error: Option<CodeError>,
    pub frame: usize,
    pub playing: bool,
    /// Index into `SPEEDS`.
    pub speed: usize,
    /// Bumped whenever the program changes; a run answers for one generation.
    pub generation: u64,
    /// A run of this generation has been asked for and not answered yet.
    pub pending: bool,
    /// The source is the example's and comes with the answer (it is not in the app's wasm).
    pub source_pending: bool,
    /// Where the example comes from; it arrives with the example's text.
    pub credit: Option<Credit>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum LabAction {
    Edit(String),
    /// The program model's answer for a generation.
    Ran {
        generation: u64,
        result: Result<Rc<Trace>, CodeError>,
        source: Option<String>,
        credit: Option<Credit>,
    },
    SetLanguage(Language),
    LoadExample(&'static str),
    Forward,
    Back,
    Seek(usize),
    Reset,
    Toggle,
    SetSpeed(usize),
    /// One step of playback (from the timer).
    Tick,
}

impl Lab {
    pub fn new(language: Language, source: String, example: Option<&'static str>) -> Lab {
        Lab {
            language,
            source,
            example,
            trace: None,
            error: None,
            frame: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            generation: 1,
            pending: true,
            source_pending: false,
            credit: None,
        }
    }

    /// An example; its text arrives with its first run.
    pub fn from_example(e: &'static Example) -> Lab {
        Lab { source_pending: true, ..Lab::new(e.language, String::new(), Some(e.id)) }
    }

    /// The program changed: a new run is needed.
    fn changed(&mut self) {
        self.generation += 1;
        self.pending = true;
    }

    /// What to run, while a run is pending.
    pub fn request(&self) -> Option<Request<'_>> {
        self.pending.then_some(Request {
            generation: self.generation,
            language: self.language,
            source: &self.source,
            example: self.example.filter(|_| self.source_pending),
        })
    }

    /// Runs the pending program here and now (tests, and the CLI-like native uses).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn settle(&mut self) {
        if let Some(r) = self.request() {
            let (generation, language) = (r.generation, r.language);
            let source = match r.example {
                Some(id) => example_source(id).unwrap_or_default().to_string(),
                None => r.source.to_string(),
            };
            let result = asyncviz_lab::run(language, &source).map(Rc::new);
            let credit = r.example.and_then(origin).map(Origin::credit);
            let source = r.example.map(|_| source);
            self.apply(LabAction::Ran { generation, result, source, credit });
        }
    }

    pub fn last(&self) -> usize {
        self.trace.as_ref().map_or(0, |t| t.frames.len().saturating_sub(1))
    }

    pub fn current(&self) -> Option<&Frame> {
        self.trace.as_ref().and_then(|t| t.frames.get(self.frame))
    }

    pub fn apply(&mut self, a: LabAction) {
        match a {
            LabAction::Edit(text) => {
                self.source = text;
                self.example = None;
                self.source_pending = false;
                self.changed();
            }
            LabAction::Ran { generation, result, source, credit } => {
                if generation != self.generation {
                    return; // an answer for text that has changed since
                }
                self.pending = false;
                if let Some(text) = source {
                    self.source = text;
                    self.source_pending = false;
                    self.credit = credit;
                }
                match result {
                    Ok(t) => {
                        self.frame = self.frame.min(t.frames.len().saturating_sub(1));
                        self.trace = Some(t);
                        self.error = None;
                    }
                    Err(e) => {
                        self.error = Some(e);
                        self.playing = false;
                    }
                }
            }
            LabAction::SetLanguage(l) => {
                if l != self.language {
                    // Start from that language's first example rather than run code in the wrong language.
                    if let Some(e) = EXAMPLES.iter().find(|e| e.language == l) {
                        self.load(e);
                    }
                }
            }
            LabAction::LoadExample(id) => {
                if let Some(e) = find(id) {
                    self.load(e);
                }
            }
            LabAction::Forward | LabAction::Tick => {
                self.frame = (self.frame + 1).min(self.last());
                if self.frame == self.last() {
                    self.playing = false;
                }
                if a == LabAction::Forward {
                    self.playing = false;
                }
            }
            LabAction::Back => {
                self.frame = self.frame.saturating_sub(1);
                self.playing = false;
            }
            LabAction::Seek(n) => self.frame = n.min(self.last()),
            LabAction::Reset => {
                self.frame = 0;
                self.playing = false;
            }
            LabAction::SetSpeed(i) => self.speed = i.min(SPEEDS.len() - 1),
            LabAction::Toggle => {
                if !self.playing && self.frame == self.last() {
                    self.frame = 0;
                }
                self.playing = !self.playing && self.trace.is_some();
            }
        }
    }

    fn load(&mut self, e: &'static Example) {
        let (generation, speed) = (self.generation, self.speed);
        *self = Lab::from_example(e);
        self.generation = generation + 1;
        self.speed = speed;
    }

    /// Milliseconds between steps while playing.
    pub fn step_ms(&self) -> u32 {
        (STEP_MS as f64 / SPEEDS[self.speed.min(SPEEDS.len() - 1)]).round() as u32
    }

    /// The URL hash that reopens this program: `#code=<example>` or `#code=js:<base64url>`.
    pub fn hash(&self) -> String {
        match self.example {
            Some(id) => format!("#code={id}"),
            None => format!("#code={}:{}", lang_code(self.language), b64_encode(self.source.as_bytes())),
        }
    }

    /// Reads a hash written by [`Lab::hash`]; `None` if it is not one.
    pub fn from_hash(hash: &str) -> Option<Lab> {
        let h = hash.trim_start_matches('#');
        let rest = h.strip_prefix("code")?;
        let Some(arg) = rest.strip_prefix('=') else {
            return rest.is_empty().then(|| Lab::from_example(&EXAMPLES[0]));
        };
        if let Some(e) = find(arg) {
            return Some(Lab::from_example(e));
        }
        let (l, data) = arg.split_once(':')?;
        let language = match l {
            "js" => Language::JavaScript,
            "py" => Language::Python,
            _ => return None,
        };
        let bytes = b64_decode(data).filter(|b| b.len() <= asyncviz_lab::MAX_SOURCE)?;
        Some(Lab::new(language, String::from_utf8(bytes).ok()?, None))
    }
}

impl Reducible for Lab {
    type Action = LabAction;
    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        let mut s = (*self).clone();
        s.apply(action);
        Rc::new(s)
    }
}

/// One run asked of the worker.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Request<'a> {
    pub generation: u64,
    pub language: Language,
    pub source: &'a str,
    /// Run this example instead of `source` (and send its text back).
    pub example: Option<&'static str>,
}

/// The worker module's answer for one run, in JSON (see `src/bin/lab.rs`): `{"ok": trace}` or
/// `{"err": error}`, plus `"source"` when `example` names the program.
pub fn run_json(language: &str, source: &str, example: Option<&str>) -> String {
    let language = if language == "py" { Language::Python } else { Language::JavaScript };
    let text = example.and_then(example_source);
    let mut v = match asyncviz_lab::run(language, text.unwrap_or(source)) {
        Ok(t) => serde_json::json!({ "ok": t }),
        Err(e) => serde_json::json!({ "err": e }),
    };
    if let Some(t) = text {
        v["source"] = t.into();
    }
    if let Some(o) = example.and_then(origin) {
        v["credit"] = serde_json::json!({ "source": o.source, "url": o.url });
    }
    v.to_string()
}

/// A TOML fenced block as JSON text, for `embed.js` (the worker module carries the TOML
/// parser so that the app's first load does not).
pub fn toml_to_json(text: &str) -> Result<String, String> {
    toml::from_str::<serde_json::Value>(text)
        .map(|v| v.to_string())
        .map_err(|e| format!("invalid TOML: {}", e.to_string().lines().next().unwrap_or("")))
}

/// The program model's answer, read: the run, and for an example its text and credit.
pub struct Answer {
    pub result: Result<Rc<Trace>, CodeError>,
    pub source: Option<String>,
    pub credit: Option<Credit>,
}

/// Reads an answer written by [`run_json`]: the result, and the example's text and credit if
/// they came.
/// By hand from a `serde_json::Value`: typed deserialisation would add about 20 KB (gzipped)
/// to the app's first load.
pub fn parse_answer(text: &str) -> Answer {
    let bad = |why: &str| CodeError {
        line: 0,
        col: 0,
        message: format!("the program model's answer is unreadable: {why}"),
    };
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return Answer { result: Err(bad(&e.to_string())), source: None, credit: None },
    };
    let source = v["source"].as_str().map(str::to_string);
    let credit = v["credit"]["source"]
        .as_str()
        .map(|s| Credit { source: s.to_string(), url: v["credit"]["url"].as_str().map(str::to_string) });
    let result = match v.get("err") {
        Some(e) => Err(CodeError {
            line: e["line"].as_u64().unwrap_or(0) as u32,
            col: e["col"].as_u64().unwrap_or(0) as u32,
            message: e["message"].as_str().unwrap_or_default().to_string(),
        }),
        None => decode::trace(&v["ok"]).map(Rc::new).ok_or_else(|| bad("not a trace")),
    };
    Answer { result, source, credit }
}

/// `Value` → program types, mirroring their serde names.
mod decode {
    use asyncviz_lab::*;
    use serde_json::Value;

    fn text(v: &Value) -> Option<String> {
        v.as_str().map(str::to_string)
    }
    fn n32(v: &Value) -> Option<u32> {
        v.as_u64().map(|n| n as u32)
    }

    pub fn trace(v: &Value) -> Option<Trace> {
        Some(Trace {
            language: match v["language"].as_str()? {
                "java_script" => Language::JavaScript,
                "python" => Language::Python,
                _ => return None,
            },
            frames: v["frames"].as_array()?.iter().map(frame).collect::<Option<_>>()?,
            output: v["output"].as_array()?.iter().map(text).collect::<Option<_>>()?,
            races: v["races"].as_array()?.iter().map(race).collect::<Option<_>>()?,
            crash: text(&v["crash"]),
        })
    }

    fn frame(v: &Value) -> Option<Frame> {
        let k = &v["kind"];
        let name = || text(&k["name"]);
        Some(Frame {
            time_us: v["time_us"].as_u64()?,
            line: n32(&v["line"])?,
            stack: v["stack"].as_array()?.iter().map(text).collect::<Option<_>>()?,
            queues: v["queues"].as_array()?.iter().map(queue).collect::<Option<_>>()?,
            output_len: v["output_len"].as_u64()? as usize,
            kind: match k["type"].as_str()? {
                "start" => StepKind::Start,
                "statement" => StepKind::Statement,
                "call" => StepKind::Call { name: name()? },
                "return" => StepKind::Return { name: name()? },
                "dequeue" => StepKind::Dequeue { queue: queue_kind(&k["queue"])?, label: text(&k["label"])? },
                "await" => StepKind::Await { name: name()? },
                "wait" => StepKind::Wait { until_us: k["until_us"].as_u64()? },
                "crash" => StepKind::Crash { message: text(&k["message"])? },
                "exit" => StepKind::Exit,
                _ => return None,
            },
        })
    }

    fn queue_kind(v: &Value) -> Option<QueueKind> {
        Some(match v.as_str()? {
            "next_tick" => QueueKind::NextTick,
            "microtask" => QueueKind::Microtask,
            "timers" => QueueKind::Timers,
            "immediate" => QueueKind::Immediate,
            "ready" => QueueKind::Ready,
            "scheduled" => QueueKind::Scheduled,
            "tasks" => QueueKind::Tasks,
            _ => return None,
        })
    }

    fn queue(v: &Value) -> Option<QueueState> {
        Some(QueueState {
            kind: queue_kind(&v["kind"])?,
            items: v["items"]
                .as_array()?
                .iter()
                .map(|i| {
                    Some(QueueItem {
                        kind: match i["kind"].as_str()? {
                            "callback" => ItemKind::Callback,
                            "resume" => ItemKind::Resume,
                            "adopt" => ItemKind::Adopt,
                            "pass_through" => ItemKind::PassThrough,
                            "start" => ItemKind::Start,
                            "timer" => ItemKind::Timer,
                            "waiting" => ItemKind::Waiting,
                            "done_callback" => ItemKind::DoneCallback,
                            _ => return None,
                        },
                        label: text(&i["label"])?,
                        line: n32(&i["line"])?,
                        due_us: i["due_us"].as_u64(),
                    })
                })
                .collect::<Option<_>>()?,
        })
    }

    fn race(v: &Value) -> Option<Race> {
        Some(Race {
            kind: match v["kind"].as_str()? {
                "timer_vs_immediate" => RaceKind::TimerVsImmediate,
                "close_timers" => RaceKind::CloseTimers,
                "timer_vs_ready" => RaceKind::TimerVsReady,
                _ => return None,
            },
            frame: v["frame"].as_u64()? as usize,
            first: text(&v["first"])?,
            first_line: n32(&v["first_line"])?,
            second: text(&v["second"])?,
            second_line: n32(&v["second_line"])?,
        })
    }
}

pub fn lang_code(l: Language) -> &'static str {
    match l {
        Language::JavaScript => "js",
        Language::Python => "py",
    }
}

/// A function's name as a reader sees it: the model labels an unnamed function
/// `<anonymous>:<line>`, which says the line twice beside "(line n)".
fn function_name(lang: Lang, label: &str) -> String {
    if label.starts_with("<anonymous>") {
        tr(lang, "an anonymous function").to_string()
    } else {
        label.to_string()
    }
}

/// A queue entry in words, e.g. "resume main (line 3)".
pub fn item_text(lang: Lang, kind: ItemKind, label: &str, line: u32) -> String {
    let label = &function_name(lang, label);
    let what = match kind {
        ItemKind::Callback | ItemKind::Waiting => label.to_string(),
        ItemKind::Resume => trf(lang, "resume {0}", &[&label]),
        ItemKind::Adopt => tr(lang, "adopt a promise").to_string(),
        ItemKind::PassThrough => tr(lang, "pass the result on").to_string(),
        ItemKind::Start => trf(lang, "start {0}", &[&label]),
        ItemKind::Timer => trf(lang, "timer: {0}", &[&label]),
        ItemKind::DoneCallback => trf(lang, "done callback: {0}", &[&label]),
    };
    if line > 0 {
        trf(lang, "{0} (line {1})", &[&what, &line])
    } else {
        what
    }
}

/// One sentence for what a step did.
pub fn describe(lang: Lang, f: &Frame, language: Language) -> String {
    match &f.kind {
        StepKind::Start => match language {
            Language::JavaScript => tr(lang, "Node.js starts running the main script.").into(),
            Language::Python => tr(lang, "asyncio.run creates the event loop.").into(),
        },
        StepKind::Statement => trf(lang, "Ran line {0}.", &[&f.line]),
        StepKind::Call { name } => trf(lang, "Called {0}: it goes on top of the call stack.", &[name]),
        StepKind::Return { name } => trf(lang, "{0} returned to its caller.", &[name]),
        StepKind::Dequeue { queue, label } => {
            let label =
                if label.is_empty() { tr(lang, "a job").to_string() } else { function_name(lang, label) };
            trf(
                lang,
                "The event loop takes {0} from the {1} and runs it.",
                &[&label, &crate::names::lab_queue(lang, *queue)],
            )
        }
        StepKind::Await { name } => trf(
            lang,
            "{0} reaches await on line {1}: it is suspended, and the stack unwinds to whoever called it.",
            &[name, &f.line],
        ),
        StepKind::Wait { until_us } => trf(
            lang,
            "Nothing is ready: the clock jumps to {0} ms, when the next timer is due.",
            &[&ms(*until_us)],
        ),
        StepKind::Crash { message } => trf(lang, "The process dies: {0}", &[message]),
        StepKind::Exit => tr(lang, "Nothing is left in any queue: the program ends.").into(),
    }
}

/// A race note: which order the trace shows and why another is possible.
pub fn race_text(
    lang: Lang,
    kind: RaceKind,
    first: &str,
    first_line: u32,
    second: &str,
    second_line: u32,
) -> String {
    let (first, second) = (function_name(lang, first), function_name(lang, second));
    let why = match kind {
        RaceKind::TimerVsImmediate => tr(
            lang,
            "whether the timer is due when the loop checks depends on how long the process took to get there",
        ),
        RaceKind::CloseTimers => {
            tr(lang, "the two timers are due within 5 ms of each other and code takes time on a real machine")
        }
        RaceKind::TimerVsReady => tr(lang, "the timer falls due within 5 ms while other callbacks are ready"),
    };
    trf(
        lang,
        "Not guaranteed: here {0} (line {1}) runs before {2} (line {3}), but on a real machine either may run first: {4}.",
        &[&first, &first_line, &second, &second_line, &why],
    )
}

pub fn ms(us: u64) -> String {
    let ms = us as f64 / 1000.0;
    if ms.fract() == 0.0 {
        format!("{ms:.0}")
    } else {
        format!("{ms:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_example_runs() {
        for e in EXAMPLES {
            let mut lab = Lab::from_example(e);
            lab.settle();
            assert!(lab.error.is_none(), "{}: {:?}", e.id, lab.error);
            assert_eq!(
                lab.credit,
                Some(origin(e.id).unwrap().credit()),
                "{}: its credit arrives with its text",
                e.id
            );
            assert!(lab.last() > 3, "{}", e.id);
        }
        assert!(EXAMPLES.iter().any(|e| e.language == Language::Python));
        for e in EXAMPLES {
            assert_ne!(tr(Lang::Ko, e.title), e.title, "no Korean title for {}", e.id);
            assert!(CATEGORIES.contains(&e.category), "{}: category {:?}", e.id, e.category);
            assert!(example_source(e.id).is_some(), "{}: its text is not bundled", e.id);
            // A public program names its source in its first line, as the corpus README does.
            let o = origin(e.id).unwrap();
            if o.file.starts_with("corpus/") {
                let first = example_source(e.id).unwrap().lines().next().unwrap_or_default().to_string();
                assert!(first.contains("Source:"), "{}: {first}", e.id);
                assert!(
                    o.url.is_none_or(|u| first.contains(u)),
                    "{}: the link is not the file's source",
                    e.id
                );
            }
        }
        for c in CATEGORIES {
            assert_ne!(tr(Lang::Ko, c), *c, "no Korean for the category {c:?}");
        }
        let mut ids: Vec<&str> = EXAMPLES.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), EXAMPLES.len(), "example ids are unique");
    }

    #[test]
    fn stepping_back_and_forth_is_looking_at_frames() {
        let mut lab = Lab::from_example(find("tasks-microtasks").unwrap());
        lab.settle();
        lab.apply(LabAction::Forward);
        lab.apply(LabAction::Forward);
        let two = lab.current().cloned();
        lab.apply(LabAction::Forward);
        lab.apply(LabAction::Back);
        assert_eq!(lab.current().cloned(), two);
        lab.apply(LabAction::Seek(10_000));
        assert_eq!(lab.frame, lab.last());
        let t = lab.trace.clone().unwrap();
        assert_eq!(t.output[..lab.current().unwrap().output_len], t.output[..]);
        lab.apply(LabAction::Reset);
        assert_eq!(lab.frame, 0);
    }

    #[test]
    fn an_edit_with_an_error_keeps_the_text_and_the_last_run() {
        let mut lab = Lab::from_example(find("tasks-microtasks").unwrap());
        lab.settle();
        let before = lab.trace.clone();
        // (A labelled loop: still outside the subset.)
        lab.apply(LabAction::Edit("x: for (;;) {}".into()));
        lab.settle();
        assert_eq!(lab.source, "x: for (;;) {}");
        let e = lab.error.clone().unwrap();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message.contains("not in the supported JavaScript subset"), "{}", e.message);
        assert!(Rc::ptr_eq(lab.trace.as_ref().unwrap(), before.as_ref().unwrap()));
        lab.apply(LabAction::Edit("console.log(\"hi\")".into()));
        // An answer for older text is ignored.
        let stale =
            LabAction::Ran { generation: lab.generation - 1, result: Err(e), source: None, credit: None };
        lab.apply(stale);
        assert!(lab.pending);
        lab.settle();
        assert!(lab.error.is_none() && !lab.pending);
        assert_eq!(lab.trace.as_ref().unwrap().output, ["hi"]);
    }

    #[test]
    fn speed_sets_the_pace_and_survives_a_new_example() {
        let mut lab = Lab::from_example(find("async-await").unwrap());
        assert_eq!(lab.step_ms(), STEP_MS);
        lab.apply(LabAction::SetSpeed(99));
        assert_eq!(lab.step_ms(), 70, "10× is the fastest");
        lab.apply(LabAction::LoadExample("gather"));
        assert_eq!((lab.speed, lab.language), (SPEEDS.len() - 1, Language::Python));
    }

    #[test]
    fn playback_stops_at_the_end() {
        let mut lab = Lab::new(Language::JavaScript, "console.log(1)".into(), None);
        lab.settle();
        lab.apply(LabAction::Toggle);
        assert!(lab.playing);
        for _ in 0..10 {
            lab.apply(LabAction::Tick);
        }
        assert!(!lab.playing);
        assert_eq!(lab.frame, lab.last());
        lab.apply(LabAction::Toggle);
        assert!(lab.playing && lab.frame == 0, "play at the end starts over");
    }

    #[test]
    fn answers_cross_the_worker_boundary_intact() {
        for e in EXAMPLES {
            let src = example_source(e.id).unwrap();
            let direct = asyncviz_lab::run(e.language, src).unwrap();
            let Answer { result: t, source: text, credit } =
                parse_answer(&run_json(lang_code(e.language), "", Some(e.id)));
            assert_eq!((t.unwrap().as_ref().clone(), text.as_deref()), (direct, Some(src)), "{}", e.id);
            assert_eq!(
                credit,
                Some(origin(e.id).unwrap().credit()),
                "{}: the credit comes with the text",
                e.id
            );
        }
        // Every kind of step and item, and a race and a crash, survive the trip.
        let t = parse_answer(&run_json("js", "", Some("timeout-vs-immediate"))).result.unwrap();
        assert_eq!(t.races.len(), 1);
        let t = parse_answer(&run_json("js", "", Some("unhandled-rejection"))).result.unwrap();
        assert!(t.crash.is_some());
        // (A module the lab refuses: loops run now.)
        let Answer { result: e, source: text, credit } =
            parse_answer(&run_json("py", "import socket\n", None));
        assert_eq!((e.unwrap_err().line, text, credit), (1, None, None));
        assert!(parse_answer("{").result.unwrap_err().message.contains("unreadable"));
    }

    #[test]
    fn hashes_round_trip() {
        let lab = Lab::from_example(find("async-await").unwrap());
        assert_eq!(lab.hash(), "#code=async-await");
        assert_eq!(lab.request().unwrap().example, Some("async-await"), "its text comes with the run");
        let own = Lab::new(Language::JavaScript, "console.log('한국어')".into(), None);
        let back = Lab::from_hash(&own.hash()).unwrap();
        assert_eq!((back.source, back.language), (own.source, Language::JavaScript));
        assert_eq!(Lab::from_hash("#code").unwrap().example, Some(EXAMPLES[0].id));
        assert!(Lab::from_hash("#code=zz:abc").is_none());
        assert!(Lab::from_hash("#browser").is_none());
    }

    #[test]
    fn sentences_in_both_languages() {
        let mut lab = Lab::from_example(find("async-await").unwrap());
        lab.settle();
        let t = lab.trace.unwrap();
        for l in [Lang::En, Lang::Ko] {
            for f in &t.frames {
                let s = describe(l, f, t.language);
                assert!(!s.is_empty() && !s.contains('{'), "{s}");
            }
        }
        let f = t.frames.iter().find(|f| matches!(f.kind, StepKind::Await { .. })).unwrap();
        assert!(describe(Lang::En, f, t.language).starts_with("async1 reaches await on line 3"));
    }
}
