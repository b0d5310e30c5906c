//! `asyncviz`: run a scenario headless and print its report.
//!
//! ```text
//! asyncviz run SCENARIO [--format json|table] [--trace FILE]
//! asyncviz check SCENARIO
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
SCENARIO is a .json or .toml file, or - for JSON on standard input.";

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
    const MAX: u64 = 8 << 20;
    let text = if path == "-" {
        let mut s = String::new();
        std::io::stdin()
            .take(MAX + 1)
            .read_to_string(&mut s)
            .or_else(|e| fail(2, format!("standard input: {e}")))?;
        s
    } else {
        let meta = std::fs::metadata(path).or_else(|e| fail(2, format!("{path}: {e}")))?;
        if meta.len() > MAX {
            return fail(2, format!("{path}: larger than 8 MiB"));
        }
        std::fs::read_to_string(path).or_else(|e| fail(2, format!("{path}: {e}")))?
    };
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
