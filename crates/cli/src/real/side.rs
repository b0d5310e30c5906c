//! `asyncviz real --format table`: the simulated and the measured report in two columns.

use std::fmt::Write;

use asyncviz_engine::Report;
use serde_json::Value;

/// A number at `path` (keys separated by dots) of a report as JSON, or "-" when it is null.
fn cell(v: &Value, path: &str, digits: usize) -> String {
    let x = path.split('.').fold(v, |v, k| &v[k]);
    match x.as_f64() {
        Some(f) => format!("{f:.digits$}"),
        None => "-".to_string(),
    }
}

pub fn render(stack: &Value, simulated: &Report, measured: &Value) -> String {
    let sim = serde_json::to_value(simulated).expect("report serialises");
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} ({}), {} cores, model {}, seed {}",
        stack["server"].as_str().unwrap_or(""),
        stack["versions"].as_str().unwrap_or(""),
        stack["cores"],
        simulated.model,
        simulated.seed
    );
    let _ = writeln!(o, "\n{:<22}{:>12}{:>12}", "", "simulated", "measured");
    let mut row = |label: &str, path: &str, digits: usize| {
        let _ =
            writeln!(o, "{label:<22}{:>12}{:>12}", cell(&sim, path, digits), cell(measured, path, digits));
    };
    for (label, path) in [
        ("arrived", "requests.arrived"),
        ("completed", "requests.completed"),
        ("rejected", "requests.rejected"),
        ("failed", "requests.failed"),
        ("no answer / in flight", "requests.in_flight"),
    ] {
        row(label, path, 0);
    }
    row("run (ms)", "sim_time_ms", 1);
    row("throughput (/s)", "throughput_per_s", 1);
    for q in ["mean", "p50", "p95", "p99", "max"] {
        row(&format!("latency {q} (ms)"), &format!("latency_ms.{q}"), 2);
    }
    for q in ["p50", "p95"] {
        row(&format!("wait {q} (ms)"), &format!("wait_ms.{q}"), 2);
    }
    if simulated.job_latency_ms.is_some() {
        for q in ["p50", "p95", "p99"] {
            row(&format!("job latency {q} (ms)"), &format!("job_latency_ms.{q}"), 2);
        }
        row("jobs done", "jobs.completed", 0);
    }
    row("core utilisation", "utilization.cores", 3);
    row("mean in system", "mean_in_system", 2);
    let lg = &stack["load_generator"];
    let _ = writeln!(
        o,
        "\nload generator: {:.1}% of the machine's CPU; sends late by p50 {} ms, p99 {} ms, max {} ms",
        lg["cpu_share"].as_f64().unwrap_or(0.0) * 100.0,
        cell(lg, "late_ms.p50", 2),
        cell(lg, "late_ms.p99", 2),
        cell(lg, "late_ms.max", 2),
    );
    let _ = writeln!(
        o,
        "server: {:.1}% of the machine's CPU over {:.1} s",
        stack["server_cpu_share"].as_f64().unwrap_or(0.0) * 100.0,
        stack["wall_s"].as_f64().unwrap_or(0.0)
    );
    if let Some(share) = stack["core_available_before"].as_f64() {
        let _ = writeln!(
            o,
            "before the run, a busy thread got {:.0}% of a core{}",
            share * 100.0,
            if share < 0.9 { ": the machine is shared, and CPU work runs slower than simulated" } else { "" }
        );
    }
    if let Some(n) = stack["client_errors"].as_u64().filter(|n| *n > 0) {
        let _ = writeln!(
            o,
            "client errors: {n}, the first: {}",
            stack["first_client_error"].as_str().unwrap_or("")
        );
    }
    o
}
