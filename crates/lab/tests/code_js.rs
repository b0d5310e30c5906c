//! Differential tests: real `node` against the code lab's model of Node's event loop, on a
//! corpus of classic ordering puzzles and on random programs from a seeded generator.
//!
//! `ASYNCVIZ_DIFF_PROGRAMS` sets how many random programs to make (default 520) and
//! `ASYNCVIZ_DIFF_SEED` the generator's seed.

mod differential;

use asyncviz_lab::{run, run_es_module, Language, QueueKind, RaceKind, StepKind, Trace};
use differential::rng::Rng;
use differential::{compare_all, compare_all_modules, corpus, Case};

#[test]
fn classic_puzzles_have_the_orders_node_prints() {
    let t = run(
        Language::JavaScript,
        &std::fs::read_to_string("tests/corpus/js/01-jake-archibald-tasks-microtasks.js").unwrap(),
    )
    .unwrap();
    assert_eq!(t.output, ["script start", "script end", "promise1", "promise2", "setTimeout"]);
    let t = run(
        Language::JavaScript,
        &std::fs::read_to_string("tests/corpus/js/02-async-await-interview.js").unwrap(),
    )
    .unwrap();
    assert_eq!(
        t.output,
        [
            "script start",
            "async1 start",
            "async2",
            "promise1",
            "script end",
            "tick",
            "async1 end",
            "promise2",
            "setTimeout"
        ]
    );
    // Returning a promise from an async function costs two extra jobs.
    let t = run(
        Language::JavaScript,
        &std::fs::read_to_string("tests/corpus/js/13-return-await-vs-return.js").unwrap(),
    )
    .unwrap();
    assert_eq!(t.output, ["direct", "via await", "via promise"]);
    assert!(t.races.is_empty() && t.crash.is_none());
}

#[test]
fn unguaranteed_orders_are_flagged_not_hidden() {
    let src = std::fs::read_to_string("tests/corpus/js/15-timeout-vs-immediate-race.js").unwrap();
    let t = run(Language::JavaScript, &src).unwrap();
    assert_eq!(t.races.len(), 1);
    assert_eq!(t.races[0].kind, RaceKind::TimerVsImmediate);
    // Inside a timer callback the same pair is ordered.
    let src = std::fs::read_to_string("tests/corpus/js/08-immediate-vs-timeout-in-timer.js").unwrap();
    let t = run(Language::JavaScript, &src).unwrap();
    assert!(t.races.is_empty(), "{:?}", t.races);
    assert_eq!(t.output, ["immediate", "timeout"]);
    // Two timers created apart in time and due within the window.
    let t = run(
        Language::JavaScript,
        "setTimeout(() => console.log('a'), 10);\nsetTimeout(() => setTimeout(() => console.log('b'), 8), 3);",
    )
    .unwrap();
    assert_eq!(t.races.len(), 1);
    assert_eq!(t.races[0].kind, RaceKind::CloseTimers);
}

#[test]
fn corpus_matches_node() {
    let cases = corpus("tests/corpus/js", "js");
    assert!(cases.len() >= 15, "the corpus has {} programs", cases.len());
    let Some(s) = compare_all(Language::JavaScript, &["node"], cases) else { return };
    eprintln!("corpus: {} compared, {} skipped as races", s.compared, s.races);
    assert!(s.compared >= 14);
}

/// One small program per language feature (`tests/features/js`): every one must stay in the
/// subset and free of races, and print what node prints.
#[test]
fn feature_programs_are_accepted_and_match_node() {
    let cases = corpus("tests/features/js", "js");
    assert!(cases.len() >= 13, "the feature set has {} programs", cases.len());
    for c in &cases {
        let t = run(Language::JavaScript, &c.source).unwrap_or_else(|e| panic!("{}: refused: {e}", c.name));
        assert!(t.races.is_empty(), "{}: races {:?}", c.name, t.races);
    }
    let Some(s) = compare_all(Language::JavaScript, &["node"], cases) else { return };
    assert_eq!(s.races, 0);
}

/// The ES module feature programs (`tests/features/js/*.mjs`), run as modules by the lab and by node.
#[test]
fn es_module_feature_programs_are_accepted_and_match_node() {
    let cases = corpus("tests/features/js", "mjs");
    assert!(!cases.is_empty());
    for c in &cases {
        let t = run_es_module(&c.source).unwrap_or_else(|e| panic!("{}: refused: {e}", c.name));
        assert!(t.races.is_empty(), "{}: races {:?}", c.name, t.races);
    }
    let Some(s) = compare_all_modules(cases) else { return };
    assert_eq!(s.races, 0);
}

#[test]
fn an_es_module_orders_jobs_before_ticks_and_immediates_before_timers() {
    // Without node: the Node guide's ES module order, and the same code as a CommonJS script.
    let src = std::fs::read_to_string("corpus/js/002-node-guide-nexttick-promise-immediate.mjs").unwrap();
    assert_eq!(run_es_module(&src).unwrap().output, ["start", "bar", "foo", "zoo", "baz"]);
    assert_eq!(run(Language::JavaScript, &src).unwrap().output, ["start", "foo", "bar", "zoo", "baz"]);
    // From the poll phase the check phase comes first: no race between these two.
    let t = run_es_module("setTimeout(() => console.log('t'), 0);\nsetImmediate(() => console.log('i'));")
        .unwrap();
    assert_eq!((t.output.clone(), t.races.len()), (vec!["i".to_string(), "t".to_string()], 0));
    // A top-level await that never settles: Node exits with status 13 after the exit listeners.
    let t = run_es_module("process.on('exit', (c) => console.log('exit', c));\nawait new Promise(() => {});")
        .unwrap();
    assert_eq!(t.output, ["exit 0"]);
    assert!(t.crash.as_deref().is_some_and(|c| c.contains("unsettled top-level await")), "{:?}", t.crash);
    // A module that throws dies before its nextTick callbacks.
    let t = run_es_module(
        "process.nextTick(() => console.log('tick'));\nconsole.log('a');\nthrow new Error('x');",
    )
    .unwrap();
    assert_eq!((t.output, t.crash.as_deref()), (vec!["a".to_string()], Some("Uncaught Error: x")));
    // ... but Node's loader runs some queued promise jobs first: how many is not modelled.
    let e =
        run_es_module("Promise.resolve().then(() => console.log('p'));\nthrow new Error('x');").unwrap_err();
    assert!(e.message.contains("fails while promise jobs are queued"), "{e}");
    // `import` outside a module, an unknown export and a namespace import are refused with a place.
    let e = run(Language::JavaScript, "import { once } from 'events';").unwrap_err();
    assert!((e.line, e.col) == (1, 1) && e.message.contains("needs an ES module"), "{e}");
    let e = run_es_module("import { nope } from 'events';").unwrap_err();
    assert!((e.line, e.col) == (1, 10) && e.message.contains("importing `nope` from 'events'"), "{e}");
    let e = run_es_module("import * as fs from 'fs';").unwrap_err();
    assert!(e.message.contains("import * as"), "{e}");
    let e = run_es_module("import fs from 'fs';").unwrap_err();
    assert!(e.message.contains("importing 'fs'"), "{e}");
}

#[test]
fn closures_in_loops_and_values_print_as_node_prints_them() {
    // Without node: the orders and texts the feature programs are known to print.
    let t = run(Language::JavaScript, "for (let i = 0; i < 3; i++) setTimeout(() => console.log(i));\nfor (var j = 0; j < 3; j++) setTimeout(() => console.log(j));").unwrap();
    assert_eq!(t.output, ["0", "1", "2", "3", "3", "3"]);
    let t = run(
        Language::JavaScript,
        "console.log([1, 'a', [2, [3, [4]]]], { a: 1, 'b-c': { d: null } }, -0, [undefined, -0]);\nconsole.log(Array.of(...'abcdefghijklmnopqrstuvwxyz'));\nclass P { x = 1 }\nconsole.log(new P(), P, Promise.resolve({}));",
    )
    .unwrap();
    assert_eq!(
        t.output,
        [
            "[ 1, 'a', [ 2, [ 3, [Array] ] ] ] { a: 1, 'b-c': { d: null } } -0 [ undefined, -0 ]",
            "[",
            "  'a', 'b', 'c', 'd', 'e', 'f',",
            "  'g', 'h', 'i', 'j', 'k', 'l',",
            "  'm', 'n', 'o', 'p', 'q', 'r',",
            "  's', 't', 'u', 'v', 'w', 'x',",
            "  'y', 'z'",
            "]",
            "P { x: 1 } [class P] Promise { {} }",
        ]
    );
    // Timer, immediate and nextTick arguments reach the callback.
    let t = run(
        Language::JavaScript,
        "function f(a, b) { console.log(a, b); }\nprocess.nextTick(f, 'x', 'y');\nsetTimeout(f, 5, 't', 'u');\nqueueMicrotask(f);",
    )
    .unwrap();
    assert_eq!(t.output, ["x y", "undefined undefined", "t u"]);
    // Promise.all takes one job per element (then one for its own `then`): it settles between links of a chain.
    let t = run(
        Language::JavaScript,
        "Promise.all([1, Promise.resolve(2)]).then((v) => console.log('all', v));\nPromise.resolve().then(() => console.log(1)).then(() => console.log(2)).then(() => console.log(3));",
    )
    .unwrap();
    assert_eq!(t.output, ["1", "all [ 1, 2 ]", "2", "3"]);
    // An emitter calls its listeners synchronously, in order; an unheard 'error' kills the process.
    let t = run(
        Language::JavaScript,
        "const E = require('events');\nconst e = new E();\ne.on('x', (v) => console.log('a', v));\ne.prependListener('x', () => console.log('first'));\ne.emit('x', 1);\nconsole.log('after');\ne.emit('error', new Error('boom'));\nconsole.log('never');",
    )
    .unwrap();
    assert_eq!(t.output, ["first", "a 1", "after"]);
    assert_eq!(t.crash.as_deref(), Some("Uncaught Error: boom"));
}

/// `console.log` of random nested values (arrays long enough to be grouped in columns,
/// objects long enough to break over lines, depth past 2, functions, classes, promises)
/// prints what node prints.
#[test]
fn random_values_print_as_node_prints_them() {
    let seed: u64 = std::env::var("ASYNCVIZ_DIFF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261202);
    let mut cases = Vec::new();
    for i in 0..120u64 {
        let mut rng = Rng::derive(seed, 11, i);
        let mut src = String::new();
        for _ in 0..3 {
            src.push_str(&format!("console.log({});\n", value(&mut rng, 0)));
        }
        let t = run(Language::JavaScript, &src).unwrap_or_else(|e| panic!("refused: {e}\n{src}"));
        assert!(!t.output.is_empty());
        cases.push(Case { name: format!("value #{i} (seed {seed})"), source: src });
    }
    let Some(s) = compare_all(Language::JavaScript, &["node"], cases) else { return };
    assert_eq!(s.compared, 120);
}

fn value(rng: &mut Rng, depth: u32) -> String {
    const LEAVES: [&str; 17] = [
        "1",
        "-0",
        "2.5",
        "123456",
        "'s'",
        "\"it's\"",
        "null",
        "undefined",
        "true",
        "'hello world'",
        "-7",
        "1e21",
        "() => 1",
        "function named() {}",
        "class K {}",
        "Promise.resolve(3)",
        "new Promise(() => {})",
    ];
    let r = rng.unit();
    if depth > 3 || r < 0.4 {
        if rng.unit() < 0.15 {
            return format!("'x'.repeat({})", 1 + rng.next_u64() % 30);
        }
        return LEAVES[(rng.next_u64() % LEAVES.len() as u64) as usize].to_string();
    }
    let sizes = [0u64, 1, 2, 3, 5, 7, 8, 10, 13, 27];
    let n = sizes[(rng.next_u64() % sizes.len() as u64) as usize] >> depth.min(2);
    if r < 0.7 {
        let items: Vec<String> = (0..n).map(|_| value(rng, depth + 1)).collect();
        return format!("[{}]", items.join(", "));
    }
    const KEYS: [&str; 6] = ["a", "bb", "with space", "longerPropertyName", "x1", "with-dash"];
    let props: Vec<String> = (0..n.min(9))
        .map(|i| format!("'{}{i}': {}", KEYS[(rng.next_u64() % 6) as usize], value(rng, depth + 1)))
        .collect();
    format!("{{ {} }}", props.join(", "))
}

#[test]
fn random_programs_match_node() {
    let n: usize = std::env::var("ASYNCVIZ_DIFF_PROGRAMS").ok().and_then(|s| s.parse().ok()).unwrap_or(520);
    let seed: u64 = std::env::var("ASYNCVIZ_DIFF_SEED").ok().and_then(|s| s.parse().ok()).unwrap_or(20261125);
    // n distinct programs (small ones can repeat) whose order the model says is guaranteed.
    let mut seen = std::collections::BTreeSet::new();
    let (mut made, mut races, mut sensitive) = (0, 0, 0);
    let mut cases = Vec::new();
    for i in 0..n as u64 * 6 {
        let source = generate(seed, i);
        if cases.len() == n || !seen.insert(source.clone()) {
            continue;
        }
        made += 1;
        let t = run(Language::JavaScript, &source).expect("generated programs are in the subset");
        if !t.races.is_empty() {
            races += 1;
        } else if load_sensitive(&t) {
            sensitive += 1;
        } else {
            cases.push(Case { name: format!("random #{i} (seed {seed})"), source });
        }
    }
    assert_eq!(cases.len(), n, "the generator made only {} comparable programs", cases.len());
    let Some(s) = compare_all(Language::JavaScript, &["node"], cases) else { return };
    eprintln!(
        "random: {made} programs made; {} compared with node ({} of them died as predicted); \
         {races} skipped as races the model reports, {sensitive} as load-sensitive",
        s.compared, s.crashes
    );
    assert_eq!(s.compared, n);
}

/// Whether a busy machine could reorder the program although the model finds no race: a
/// timer due within 120 ms is pending while `setImmediate` callbacks run. (The model assumes
/// code between two points takes under 5 ms; a test machine running other tests in parallel
/// can stall a process for longer, most of all between the main script and the first loop turn.)
fn load_sensitive(t: &Trace) -> bool {
    t.frames.iter().any(|f| {
        matches!(f.kind, StepKind::Dequeue { queue: QueueKind::Immediate, .. })
            && f.queues
                .iter()
                .filter(|q| q.kind == QueueKind::Timers)
                .flat_map(|q| &q.items)
                .any(|i| i.due_us.is_some_and(|d| d <= f.time_us + 120_000))
    })
}

/// A random program in the subset. Timer delays are 0, 150 or 300 ms, far enough apart that
/// only the races the model reports could reorder them, even on a busy machine.
fn generate(seed: u64, index: u64) -> String {
    let mut g = Gen { rng: Rng::derive(seed, 7, index), label: 0, funcs: 0, out: String::new() };
    g.line(0, "const EventEmitter = require(\"events\");");
    g.line(0, "const em = new EventEmitter();");
    let funcs = g.pick(3) as usize;
    for f in 0..funcs {
        g.funcs = f;
        let throws = g.chance(0.15);
        g.line(0, &format!("async function f{f}() {{"));
        let n = 1 + g.pick(3) as usize;
        g.block(1, true, n);
        if throws {
            g.line(1, "throw \"err\";");
        } else if g.chance(0.3) {
            g.line(1, "return Promise.resolve();");
        }
        g.line(0, "}");
    }
    g.funcs = funcs;
    let n = 2 + g.pick(5) as usize;
    g.block(0, false, n);
    g.out
}

struct Gen {
    rng: Rng,
    label: u32,
    /// Async functions `f0..f{funcs}` that may be called here.
    funcs: usize,
    out: String,
}

impl Gen {
    fn pick(&mut self, n: u64) -> u64 {
        self.rng.next_u64() % n
    }
    fn chance(&mut self, p: f64) -> bool {
        self.rng.unit() < p
    }
    fn line(&mut self, depth: usize, s: &str) {
        self.out.push_str(&"  ".repeat(depth));
        self.out.push_str(s);
        self.out.push('\n');
    }
    fn log(&mut self, depth: usize) {
        self.label += 1;
        let l = self.label;
        self.line(depth, &format!("console.log(\"L{l}\");"));
    }
    fn delay(&mut self) -> u32 {
        [0, 0, 150, 300][self.pick(4) as usize]
    }
    fn block(&mut self, depth: usize, in_async: bool, n: usize) {
        for _ in 0..n {
            self.stmt(depth, in_async);
        }
    }
    /// A callback body: a log and, while shallow, more work.
    fn body(&mut self, depth: usize, in_async: bool) {
        self.log(depth);
        if depth < 4 && self.chance(0.5) {
            let n = 1 + self.pick(2) as usize;
            self.block(depth, in_async, n);
        }
    }
    fn stmt(&mut self, depth: usize, in_async: bool) {
        let choices = if in_async { 12 } else { 9 };
        // Six more kinds: loops, conditionals, arrays, combinators, emitters, objects.
        let c = if depth >= 4 { 0 } else { self.pick(choices + 6) };
        let c = if c >= choices { 100 + c - choices } else { c };
        match c {
            100 => {
                let n = 1 + self.pick(3);
                let kw = if self.chance(0.5) { "let" } else { "var" };
                self.label += 1;
                let l = self.label;
                self.line(depth, &format!("for ({kw} i = 0; i < {n}; i++) {{"));
                match self.pick(3) {
                    0 => {
                        let d = self.delay();
                        self.line(depth + 1, &format!("setTimeout(() => console.log(\"L{l}\", i), {d});"));
                    }
                    1 => self.line(
                        depth + 1,
                        &format!("Promise.resolve(i).then((v) => console.log(\"L{l}\", v, i));"),
                    ),
                    _ => {
                        self.line(depth + 1, "if (i % 2 === 0) continue;");
                        self.line(depth + 1, &format!("process.nextTick(() => console.log(\"L{l}\", i));"));
                    }
                }
                self.line(depth, "}");
            }
            101 => {
                let (a, b) = (self.pick(10), 1 + self.pick(4));
                self.line(depth, &format!("if ({a} % {b} === 0 || {a} > 7) {{"));
                self.body(depth + 1, in_async);
                self.line(depth, "} else {");
                self.body(depth + 1, in_async);
                self.line(depth, "}");
            }
            102 => {
                self.label += 1;
                let l = self.label;
                let method = ["map", "filter", "forEach"][self.pick(3) as usize];
                self.line(depth, &format!("const a{l} = [3, 1, 2].{method}((x) => {{"));
                self.line(depth + 1, &format!("queueMicrotask(() => console.log(\"L{l}\", x));"));
                self.line(depth + 1, "return x * 2;");
                self.line(depth, "});");
                self.line(depth, &format!("console.log(\"L{l}\", a{l}, a{l} && a{l}.length);"));
            }
            103 => {
                self.label += 1;
                let l = self.label;
                let combinator = ["all", "allSettled", "race", "any"][self.pick(4) as usize];
                let mut items = Vec::new();
                for _ in 0..1 + self.pick(3) {
                    items.push(match self.pick(5) {
                        0 => "Promise.resolve(1)".to_string(),
                        1 => "Promise.reject(\"no\")".to_string(),
                        2 => format!("new Promise((r) => setTimeout(r, {}, \"t\"))", self.delay()),
                        3 => "42".to_string(),
                        _ => "new Promise((r) => setImmediate(r, \"i\"))".to_string(),
                    });
                }
                self.line(depth, &format!("Promise.{combinator}([{}])", items.join(", ")));
                self.line(depth + 1, &format!(".then((v) => console.log(\"L{l}\", v))"));
                self.line(depth + 1, &format!(".catch((e) => console.log(\"L{l} caught\", typeof e === \"string\" ? e : e.message));"));
            }
            104 => {
                self.label += 1;
                let l = self.label;
                match self.pick(3) {
                    0 => {
                        let method = ["on", "once", "prependListener"][self.pick(3) as usize];
                        self.line(depth, &format!("em.{method}(\"e\", (x) => {{"));
                        self.line(depth + 1, &format!("console.log(\"L{l}\", x);"));
                        if depth < 3 && self.chance(0.5) {
                            self.stmt(depth + 1, false);
                        }
                        self.line(depth, "});");
                    }
                    _ => self.line(
                        depth,
                        &format!("console.log(\"L{l}\", em.emit(\"e\", {l}), em.listenerCount(\"e\"));"),
                    ),
                }
            }
            105 => {
                self.label += 1;
                let l = self.label;
                let n = self.pick(9);
                self.line(depth, &format!("const o{l} = {{ n: {n}, s: \"x{n}\", list: [{n}, {n} * 2, \"{n}\"], nested: {{ ok: {n} > 4 }} }};"));
                self.line(depth, &format!("o{l}.n += 1;"));
                self.line(depth, &format!("const {{ n: n{l}, ...rest{l} }} = o{l};"));
                self.line(
                    depth,
                    &format!(
                        "console.log(\"L{l}\", o{l}, n{l}, rest{l}, `${{n{l}}}-${{o{l}.list.join(\"+\")}}`);"
                    ),
                );
            }
            0 => self.log(depth),
            1 => {
                let d = self.delay();
                self.line(depth, "setTimeout(() => {");
                self.body(depth + 1, false);
                self.line(depth, &format!("}}, {d});"));
            }
            2 => {
                self.line(depth, "setImmediate(() => {");
                self.body(depth + 1, false);
                self.line(depth, "});");
            }
            3 => {
                self.line(depth, "process.nextTick(() => {");
                self.body(depth + 1, false);
                self.line(depth, "});");
            }
            4 => {
                self.line(depth, "queueMicrotask(() => {");
                self.body(depth + 1, false);
                self.line(depth, "});");
            }
            5 => {
                let start = if self.chance(0.3) { "Promise.reject(\"e\")" } else { "Promise.resolve()" };
                self.line(depth, start);
                let links = 1 + self.pick(3);
                let mut rejected = start.contains("reject");
                for _ in 0..links {
                    let method = match self.pick(4) {
                        0 | 1 => "then",
                        2 => "catch",
                        _ => "finally",
                    };
                    if method == "catch" {
                        rejected = false;
                    }
                    self.line(depth + 1, &format!(".{method}(() => {{"));
                    self.body(depth + 2, false);
                    self.line(depth + 1, "})");
                }
                if rejected {
                    self.line(depth + 1, ".catch(() => {");
                    self.log(depth + 2);
                    self.line(depth + 1, "})");
                }
                self.line(depth, ";");
            }
            6 => {
                self.line(depth, "new Promise((resolve) => {");
                self.log(depth + 1);
                match self.pick(3) {
                    0 => self.line(depth + 1, "resolve();"),
                    1 => {
                        let d = self.delay();
                        self.line(depth + 1, &format!("setTimeout(resolve, {d});"));
                    }
                    _ => self.line(depth + 1, "resolve(Promise.resolve());"),
                }
                self.line(depth, "}).then(() => {");
                self.body(depth + 1, false);
                self.line(depth, "});");
            }
            7 | 8 if self.funcs > 0 && self.chance(0.1) => {
                // Nobody handles a rejection from this call: if f throws, the process dies.
                let f = self.pick(self.funcs as u64);
                self.line(depth, &format!("f{f}();"));
            }
            7 | 8 if self.funcs > 0 => {
                let f = self.pick(self.funcs as u64);
                self.line(depth, &format!("f{f}().then(() => {{"));
                self.body(depth + 1, false);
                self.line(depth, "}).catch(() => {");
                self.log(depth + 1);
                self.line(depth, "});");
            }
            7 | 8 => self.log(depth),
            _ => {
                // in async functions: await something
                let what = match self.pick(6) {
                    0 => "null".to_string(),
                    1 => "Promise.resolve()".to_string(),
                    2 if self.funcs > 0 => format!("f{}().catch(() => {{}})", self.pick(self.funcs as u64)),
                    2 | 3 => format!("new Promise((r) => setTimeout(r, {}))", self.delay()),
                    4 => "new Promise((r) => setImmediate(r))".to_string(),
                    _ => {
                        self.line(depth, "try {");
                        self.line(depth + 1, "await Promise.reject(\"e\");");
                        self.log(depth + 1);
                        self.line(depth, "} catch (e) {");
                        self.log(depth + 1);
                        self.line(depth, "}");
                        return;
                    }
                };
                self.line(depth, &format!("await {what};"));
                self.log(depth);
            }
        }
    }
}
