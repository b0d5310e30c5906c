//! Runs programs on a real runtime and on the code lab's model, and compares what they print.

use std::io::Write;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use asyncviz_lab::{run, run_es_module, CodeError, Language, Trace};

pub mod rng;

pub struct Case {
    pub name: String,
    pub source: String,
}

#[derive(Debug, Default)]
pub struct Stats {
    pub compared: usize,
    /// Skipped: the model says the runtime does not guarantee the order.
    pub races: usize,
    /// Compared, and both the model and the runtime died.
    pub crashes: usize,
}

/// Every file with extension `ext` in `dir`, sorted by name.
pub fn corpus(dir: &str, ext: &str) -> Vec<Case> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == ext))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| Case { name: p.display().to_string(), source: std::fs::read_to_string(&p).unwrap() })
        .collect()
}

/// Whether the runtime `cmd` (`node`, `python3`) runs. If it does not, the comparison is
/// skipped with a loud message, or, when the environment variable `CI` is set (to anything but
/// the empty string), the test fails: CI must never pass without comparing.
pub fn runtime_available(cmd: &str) -> bool {
    let probe = Command::new(cmd).arg("--version").output();
    let why = match &probe {
        Ok(o) if o.status.success() => return true,
        Ok(o) => format!("`{cmd} --version` failed ({})", o.status),
        Err(e) => format!("`{cmd}` cannot be run ({e})"),
    };
    if std::env::var_os("CI").is_some_and(|v| !v.is_empty()) {
        panic!("{why}: the differential tests need it and CI is set (scripts/setup.sh installs it)");
    }
    let test = std::thread::current().name().unwrap_or("a differential test").to_string();
    let bar = "!".repeat(96);
    // Straight to the process's stderr: the test harness captures `eprintln!` of passing tests.
    let _ = writeln!(
        std::io::stderr(),
        "\n{bar}\n!! SKIPPED {test}: {why}.\n!! It compared NOTHING against the real runtime: install `{cmd}`\n\
         !! (scripts/setup.sh does) to run it. With the environment variable CI set, this is a failure.\n{bar}\n"
    );
    false
}

/// Runs every race-free case on `cmd` (a program and its arguments; the file name is appended),
/// one per core at a time, and fails with a readable diff on any mismatch. `None` when the runtime is
/// missing and the comparison was skipped (see [`runtime_available`]).
pub fn compare_all(lang: Language, cmd: &[&str], cases: Vec<Case>) -> Option<Stats> {
    let ext = match lang {
        Language::JavaScript => "js",
        Language::Python => "py",
    };
    compare_with(ext, &|src| run(lang, src), cmd, cases)
}

#[allow(dead_code)] // not every test binary runs ES modules
/// [`compare_all`] for ES modules: the lab runs each as a module, node as a `.mjs` file.
pub fn compare_all_modules(cases: Vec<Case>) -> Option<Stats> {
    compare_with("mjs", &run_es_module, &["node"], cases)
}

type Runner<'r> = &'r (dyn Fn(&str) -> Result<Trace, CodeError> + Sync);

fn compare_with(ext: &str, run: Runner<'_>, cmd: &[&str], cases: Vec<Case>) -> Option<Stats> {
    if !runtime_available(cmd[0]) {
        return None;
    }
    // One comparison at a time, so that tests in one binary do not load the machine together.
    static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let dir = std::env::temp_dir().join(format!("asyncviz-diff-{ext}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut stats = Stats::default();
    let mut work = Vec::new();
    for (i, case) in cases.into_iter().enumerate() {
        let trace = run(&case.source)
            .unwrap_or_else(|e| panic!("{}: the model rejects it: {e}\n{}", case.name, case.source));
        if !trace.races.is_empty() {
            stats.races += 1;
            continue;
        }
        work.push((i, case, trace));
    }
    let next = AtomicUsize::new(0);
    let failures = Mutex::new(Vec::new());
    let crashes = AtomicUsize::new(0);
    std::thread::scope(|s| {
        // As many runtimes at once as there are cores: more would stall a process long enough to
        // let a 50 ms timer fall due before the loop's first turn, an order the model rightly
        // calls fixed on an unloaded machine.
        let at_once = std::thread::available_parallelism().map_or(2, |n| n.get()).clamp(1, 6);
        for _ in 0..at_once {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                let Some((i, case, trace)) = work.get(k) else { break };
                let file = dir.join(format!("p{i}.{ext}"));
                std::fs::write(&file, &case.source).unwrap();
                let out = Command::new(cmd[0]).args(&cmd[1..]).arg(&file).output().expect("run the runtime");
                let _ = std::fs::remove_file(&file);
                let real: Vec<String> = String::from_utf8_lossy(&out.stdout).lines().map(str::to_string).collect();
                let died = !out.status.success();
                if died && trace.crash.is_some() {
                    crashes.fetch_add(1, Ordering::Relaxed);
                }
                if real != trace.output || died != trace.crash.is_some() {
                    failures.lock().unwrap().push(format!(
                        "{}\n--- program ---\n{}--- {} printed{} ---\n{}\n--- the model predicts{} ---\n{}\n--- stderr ---\n{}",
                        case.name,
                        case.source,
                        cmd[0],
                        if died { " (and died)" } else { "" },
                        real.join("\n"),
                        if trace.crash.is_some() { " (and a crash)" } else { "" },
                        trace.output.join("\n"),
                        String::from_utf8_lossy(&out.stderr).lines().take(8).collect::<Vec<_>>().join("\n"),
                    ));
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&dir);
    let failures = failures.into_inner().unwrap();
    stats.compared = work.len();
    stats.crashes = crashes.into_inner();
    assert!(
        failures.is_empty(),
        "{} of {} programs print in a different order than the model predicts; the first:\n\n{}",
        failures.len(),
        work.len(),
        failures.iter().take(3).cloned().collect::<Vec<_>>().join("\n\n")
    );
    Some(stats)
}
