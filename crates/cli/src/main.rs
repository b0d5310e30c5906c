//! `asyncviz`: run a scenario headless and print its report.
//!
//! ```text
//! asyncviz run SCENARIO [--format json|table] [--trace FILE]
//! asyncviz check SCENARIO
//! asyncviz order PROGRAM [--lang js|py] [--format text|json]
//! ```
//! SCENARIO is a `.json` or `.toml` file, or `-` for JSON on standard input.
//! Invalid input exits with status 2 and one line naming the field and the reason.

use std::io::{Read, Write};
use std::process::ExitCode;

use asyncviz_engine::{Report, Scenario, Sim};

mod table;

const USAGE: &str = "usage:
  asyncviz run SCENARIO [--format json|table] [--trace FILE]
      Simulate SCENARIO to the end and print its report (JSON by default).
      --trace FILE writes every engine event as JSON Lines.
  asyncviz check SCENARIO
      Validate SCENARIO and print it back in normalised JSON.
  asyncviz order PROGRAM [--lang js|py] [--format text|json]
      Print the lines a JavaScript (Node.js) or Python (asyncio) program prints, in the
      order the code lab's model of its event loop predicts. Orders the runtime does not
      guarantee, and a process that dies, are noted on standard error.
      --format json prints the whole step-by-step trace instead.
SCENARIO is a .json or .toml file, or - for JSON on standard input.
PROGRAM is a .js or .py file, or - for standard input (then --lang is needed).";

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
        "check" => {
            let [path] = &args[1..] else {
                return fail(2, format!("check takes exactly one SCENARIO\n{USAGE}"));
            };
            let s = load(path)?;
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
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
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
    let scenario = load(&path)?;
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
    let Some(lang) = lang.or_else(|| Language::from_path(&path)) else {
        return fail(
            2,
            format!("{path}: say which language with --lang js or --lang py (or name the file .js or .py)"),
        );
    };
    let source = read_text(&path, program::MAX_SOURCE as u64)?;
    let trace = program::run(lang, &source).or_else(|e| fail(2, format!("{path}: {e}")))?;
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

fn simulate(scenario: &Scenario, trace: Option<&str>) -> Result<Report, Failure> {
    let mut sim = Sim::new(scenario);
    match trace {
        None => sim.run(),
        Some(file) => {
            let f = std::fs::File::create(file).or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
            let mut w = std::io::BufWriter::new(f);
            while let Some(ev) = sim.step() {
                serde_json::to_writer(&mut w, &ev).expect("event serialises");
                w.write_all(b"\n").or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
            }
            w.flush().or_else(|e| fail(1, format!("--trace {file}: {e}")))?;
        }
    }
    Ok(sim.report())
}

/// Reads a scenario file (JSON or TOML by extension, `-` = JSON on stdin).
fn load(path: &str) -> Result<Scenario, Failure> {
    let text = read_text(path, 8 << 20)?;
    let parsed = if path.ends_with(".toml") {
        let v: serde_json::Value = toml::from_str(&text).or_else(|e| {
            let msg = e.to_string().lines().next().unwrap_or("").to_string();
            fail(2, format!("{path}: invalid TOML: {msg}"))
        })?;
        Scenario::from_value(&v)
    } else {
        Scenario::from_json_str(&text)
    };
    parsed.or_else(|e| fail(2, e.to_string()))
}
