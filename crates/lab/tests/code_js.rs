//! Differential tests: real `node` against the code lab's model of Node's event loop, on a
//! corpus of classic ordering puzzles and on random programs from a seeded generator.
//!
//! `ASYNCVIZ_DIFF_PROGRAMS` sets how many random programs to make (default 520) and
//! `ASYNCVIZ_DIFF_SEED` the generator's seed.

mod differential;

use asyncviz_lab::{run, Language, QueueKind, RaceKind, StepKind, Trace};
use differential::rng::Rng;
use differential::{compare_all, corpus, Case};

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
        let c = if depth >= 4 { 0 } else { self.pick(choices) };
        match c {
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
