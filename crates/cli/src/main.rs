//! `asyncviz`: run a scenario headless and print its report.
//!
//! ```text
//! asyncviz run SCENARIO [--format json|table] [--trace FILE] [--budget WORK|none]
//! asyncviz check SCENARIO
//! asyncviz order PROGRAM [--lang js|py] [--format text|json]
//! asyncviz real SCENARIO [--format json|table] [--requests N]
//! ```
//! SCENARIO is a `.json` or `.toml` file, or `-` for JSON on standard input.
//! Invalid input, and a scenario over the work budget, exit with status 2 and
//! one line naming the field and the reason. A run shows its progress on
//! standard error when that is a terminal, and Ctrl-C stops it (status 130).

use std::io::{IsTerminal, Read, Write};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use asyncviz_engine::{Report, Scenario, Sim, WORK_BUDGET};

mod real;
mod table;

const USAGE: &str = "usage:
  asyncviz run SCENARIO [--format json|table] [--trace FILE] [--budget WORK|none]
      Simulate SCENARIO to the end and print its report (JSON by default).
      --trace FILE writes every engine event as JSON Lines.
      A scenario whose estimated work is above the budget (3e6 engine events or
      their equivalent, what a browser tab can play and seek smoothly) is refused
      at once, naming what to lower; --budget raises it for a trusted long run
      (a number such as 1e8, or none). On a terminal, a run longer than a second
      shows its progress on standard error; Ctrl-C stops it (exit status 130).
  asyncviz check SCENARIO
      Validate SCENARIO (work budget included) and print it back in normalised JSON.
  asyncviz order PROGRAM [--lang js|py] [--format text|json]
      Print the lines a JavaScript (Node.js) or Python (asyncio) program prints, in the
      order the code lab's model of its event loop predicts. Orders the runtime does not
      guarantee, and a process that dies, are noted on standard error.
      --format json prints the whole step-by-step trace instead.
  asyncviz real SCENARIO [--format json|table] [--requests N]
      Send SCENARIO's workload (the same arrival times and step durations, from its seed)
      open loop to the real server for its model on 127.0.0.1, and print the simulated and
      the measured report side by side: event_loop node -> Express, asyncio -> FastAPI on
      uvicorn, thread_pool and executor -> Java (java.util.concurrent), virtual_threads ->
      Java 25 virtual threads, job_queue -> BullMQ on Redis. cores is this machine's.
      --requests N sends at most N requests, bursts included (default 1000, at most 20000).
      The stacks come from `bash scripts/setup-real.sh`; run it inside the repository.
SCENARIO is a .json or .toml file, or - for JSON on standard input.
PROGRAM is a .js or .py file (an .mjs file runs as an ES module), or - for standard input (then
--lang is needed).";

struct Failure {
    code: u8,
    message: String,
}

fn fail<T>(code: u8, message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure { code, message: message.into() })
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match real_main(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("asyncviz: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}

fn real_main(args: &[String]) -> Result<(), Failure> {
    let Some(cmd) = args.first() else {
        return fail(2, format!("no command given\n{USAGE}"));
    };
    match cmd.as_str() {
        "-h" | "--help" | "help" => {
            println!("{USAGE}");
            Ok(())
        }
        "-V" | "--version" => {
            println!("asyncviz {}", env!("CARGO_PKG_VERSION"));
            Ok(())
        }
        "run" => run(&args[1..]),
        "order" => order(&args[1..]),
        "real" => real::command(&args[1..]),
        "check" => {
            let [path] = &args[1..] else {
                return fail(2, format!("check takes exactly one SCENARIO\n{USAGE}"));
            };
            let s = load(path, WORK_BUDGET)?;
            println!("{}", serde_json::to_string_pretty(&s.to_value()).expect("json"));
            Ok(())
        }
        other => fail(2, format!("unknown command {other:?}\n{USAGE}")),
    }
}

fn run(args: &[String]) -> Result<(), Failure> {
    let mut path = None;
    let mut table = false;
    let mut trace = None;
    let mut budget = WORK_BUDGET;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--budget" => budget = parse_budget(it.next().map(String::as_str))?,
            "--format" => match it.next().map(String::as_str) {
                Some("json") => table = false,
                Some("table") => table = true,
                Some(other) => return fail(2, format!("--format: expected json or table, got {other:?}")),
                None => return fail(2, "--format: expected json or table"),
            },
            "--trace" => match it.next() {
                Some(f) => trace = Some(f.clone()),
                None => return fail(2, "--trace: expected a file name"),
            },
            s if s.starts_with("--") => return fail(2, format!("unknown option {s:?}\n{USAGE}")),
            s if path.is_none() => path = Some(s.to_string()),
            s => return fail(2, format!("unexpected argument {s:?}: only one SCENARIO")),
        }
    }
    let Some(path) = path else {
        return fail(2, format!("run needs a SCENARIO\n{USAGE}"));
    };
    let scenario = load(&path, budget)?;
    let report = simulate(&scenario, trace.as_deref())?;
    let out = if table {
        table::render(&report)
    } else {
        serde_json::to_string_pretty(&report).expect("report serialises") + "\n"
    };
    std::io::stdout().write_all(out.as_bytes()).or_else(|e| fail(1, format!("writing the report: {e}")))
}

fn order(args: &[String]) -> Result<(), Failure> {
    use asyncviz_lab::{self as program, Language, RaceKind};
    let (mut path, mut lang, mut json) = (None, None, false);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--lang" => match it.next().map(String::as_str) {
                Some("js" | "javascript") => lang = Some(Language::JavaScript),
                Some("py" | "python") => lang = Some(Language::Python),
                other => return fail(2, format!("--lang: expected js or py, got {:?}", other.unwrap_or(""))),
            },
            "--format" => match it.next().map(String::as_str) {
                Some("text") => json = false,
                Some("json") => json = true,
                other => {
                    return fail(2, format!("--format: expected text or json, got {:?}", other.unwrap_or("")))
                }
            },
            s if s.starts_with("--") => return fail(2, format!("unknown option {s:?}\n{USAGE}")),
            s if path.is_none() => path = Some(s.to_string()),
            s => return fail(2, format!("unexpected argument {s:?}: only one PROGRAM")),
        }
    }
    let Some(path) = path else {
        return fail(2, format!("order needs a PROGRAM\n{USAGE}"));
    };
    // An ES module (.mjs) is evaluated from the module loader, so its promise jobs come before
    // its nextTick callbacks: it runs as a module, not as a CommonJS script.
    let module = program::is_es_module_path(&path) && lang != Some(Language::Python);
    let Some(lang) = lang.or_else(|| Language::from_path(&path)).or(module.then_some(Language::JavaScript))
    else {
        return fail(
            2,
            format!("{path}: say which language with --lang js or --lang py (or name the file .js or .py)"),
        );
    };
    let source = read_text(&path, program::MAX_SOURCE as u64)?;
    let trace = if module { program::run_es_module(&source) } else { program::run(lang, &source) }
        .or_else(|e| fail(2, format!("{path}: {e}")))?;
    let mut out = std::io::stdout().lock();
    let written = if json {
        serde_json::to_writer_pretty(&mut out, &trace)
            .map_err(std::io::Error::from)
            .and_then(|_| out.write_all(b"\n"))
    } else {
        trace.output.iter().try_for_each(|l| writeln!(out, "{l}"))
    };
    written.or_else(|e| fail(1, format!("writing the output: {e}")))?;
    for r in &trace.races {
        let why = match r.kind {
            RaceKind::TimerVsImmediate => "a timer and setImmediate",
            RaceKind::CloseTimers => "two timers due within 5 ms",
            RaceKind::TimerVsReady => "a timer due within 5 ms and callbacks already ready",
        };
        eprintln!(
            "asyncviz: note: {why}: {} (line {}) runs before {} (line {}) here, but the runtime does not guarantee it",
            r.first, r.first_line, r.second, r.second_line
        );
    }
    if let Some(c) = &trace.crash {
        eprintln!("asyncviz: note: the process dies here: {c}");
    }
    Ok(())
}

/// Reads a whole file, or standard input for `-`, up to `max` bytes.
fn read_text(path: &str, max: u64) -> Result<String, Failure> {
    let mut s = String::new();
    if path == "-" {
        std::io::stdin()
            .take(max + 1)
            .read_to_string(&mut s)
            .or_else(|e| fail(2, format!("standard input: {e}")))?;
    } else {
        let meta = std::fs::metadata(path).or_else(|e| fail(2, format!("{path}: {e}")))?;
        if meta.len() > max {
            return fail(2, format!("{path}: larger than {max} bytes"));
        }
        s = std::fs::read_to_string(path).or_else(|e| fail(2, format!("{path}: {e}")))?;
    }
    if s.len() as u64 > max {
        return fail(2, format!("{path}: larger than {max} bytes"));
    }
    Ok(s)
}

/// `--budget`: a whole number of event-equivalents (`3000000`, `1e8`) or `none`.
fn parse_budget(arg: Option<&str>) -> Result<u64, Failure> {
    let usage = "--budget: expected a number of engine events such as 1e8, or none";
    match arg {
        Some("none") => Ok(u64::MAX),
        Some(s) => match s.parse::<f64>() {
            Ok(x) if x.is_finite() && x >= 1.0 => Ok(x.min(u64::MAX as f64) as u64),
            _ => fail(2, format!("{usage} (got {s:?})")),
        },
        None => fail(2, usage),
    }
}

/// Events processed between looks at the clock and at Ctrl-C (a few ms).
const SLICE: u64 = 1 << 16;
/// Runs shorter than this show no progress.
const QUIET_FOR: Duration = Duration::from_secs(1);
/// How often the progress line is rewritten.
const REDRAW: Duration = Duration::from_millis(100);

/// Simulated time for people: `850 ms`, `12.40 s`, `2.5 h`.
fn human_time(us: u64) -> String {
    let s = us as f64 / 1e6;
    if s < 1.0 {
        format!("{:.0} ms", s * 1e3)
    } else if s < 10_000.0 {
        format!("{s:.2} s")
    } else if s < 3.6e6 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{:.1} days", s / 86_400.0)
    }
}

/// The progress line on standard error, rewritten in place (terminals only).
struct Progress {
    on: bool,
    started: Instant,
    drawn: Option<Instant>,
    duration_us: u64,
    estimate: u64,
}

impl Progress {
    fn new(scenario: &Scenario) -> Self {
        Progress {
            on: std::io::stderr().is_terminal(),
            started: Instant::now(),
            drawn: None,
            duration_us: (scenario.duration_ms * 1000.0).round() as u64,
            estimate: scenario.work_estimate().events,
        }
    }

    fn update(&mut self, sim: &Sim) {
        if !self.on || self.started.elapsed() < QUIET_FOR || self.drawn.is_some_and(|d| d.elapsed() < REDRAW)
        {
            return;
        }
        let now = sim.now();
        let time = if now <= self.duration_us {
            format!("{} of {} simulated", human_time(now), human_time(self.duration_us))
        } else {
            format!("{} simulated, draining after the arrivals", human_time(now))
        };
        let line = format!("asyncviz: {time}, {} of at most {} events", sim.events(), self.estimate);
        let mut err = std::io::stderr().lock();
        let _ = write!(err, "\r\x1b[2K{line}");
        let _ = err.flush();
        self.drawn = Some(Instant::now());
    }

    /// Erases the progress line, if one was drawn.
    fn clear(&mut self) {
        if self.drawn.take().is_some() {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K");
            let _ = err.flush();
        }
    }
}

/// A flag that the first Ctrl-C (SIGINT) sets; a second one exits at once.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    use signal_hook::{consts::SIGINT, flag as signal_flag};
    // If registering fails, Ctrl-C keeps its default action: the process ends.
    let _ = signal_flag::register_conditional_shutdown(SIGINT, 130, Arc::clone(&flag))
        .and_then(|_| signal_flag::register(SIGINT, Arc::clone(&flag)));
    flag
}

fn simulate(scenario: &Scenario, trace: Option<&str>) -> Result<Report, Failure> {
    let stop = interrupt_flag();
    let mut progress = Progress::new(scenario);
    let mut sim = Sim::new(scenario);
    let mut writer = match trace {
        None => None,
        Some(file) => {
            let f = std::fs::File::create(file).or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
            Some((file, std::io::BufWriter::new(f)))
        }
    };
    loop {
        let more = match &mut writer {
            None => sim.run_for(SLICE),
            Some((file, w)) => {
                let mut more = true;
                for _ in 0..SLICE {
                    let Some(ev) = sim.step() else {
                        more = false;
                        break;
                    };
                    serde_json::to_writer(&mut *w, &ev).expect("event serialises");
                    w.write_all(b"\n").or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
                }
                more
            }
        };
        if stop.load(Ordering::Relaxed) {
            progress.clear();
            let kept = match &mut writer {
                Some((file, w)) => {
                    let _ = w.flush();
                    format!("; {file} has the events so far")
                }
                None => String::new(),
            };
            return fail(
                130,
                format!(
                    "interrupted at {} simulated ({} events); no report{kept}",
                    human_time(sim.now()),
                    sim.events()
                ),
            );
        }
        if !more {
            break;
        }
        progress.update(&sim);
    }
    progress.clear();
    if let Some((file, w)) = &mut writer {
        w.flush().or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
    }
    Ok(sim.report())
}

/// Reads a scenario file (JSON or TOML by extension, `-` = JSON on stdin),
/// refusing it when its work is above `budget`.
fn load(path: &str, budget: u64) -> Result<Scenario, Failure> {
    let text = read_text(path, 8 << 20)?;
    let parsed = if path.ends_with(".toml") {
        let v: serde_json::Value = toml::from_str(&text).or_else(|e| {
            let msg = e.to_string().lines().next().unwrap_or("").to_string();
            fail(2, format!("{path}: invalid TOML: {msg}"))
        })?;
        Scenario::from_value_with_budget(&v, budget)
    } else {
        Scenario::from_json_str_with_budget(&text, budget)
    };
    parsed.or_else(|e| fail(2, e.to_string()))
}
