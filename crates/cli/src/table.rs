//! `--format table`: the report for people.

use std::fmt::Write;

use asyncviz_engine::{Report, Summary};

/// The latency rows, in columns at least 10 wide and always a space apart
/// (a run of hours has latencies of 9 digits and more).
fn summaries(out: &mut String, rows: &[(&str, &Summary)]) {
    let cells: Vec<(&str, [String; 5])> = rows
        .iter()
        .map(|(label, s)| (*label, [s.mean, s.p50, s.p95, s.p99, s.max].map(|v| format!("{v:.2}"))))
        .collect();
    let w = cells.iter().flat_map(|(_, c)| c.iter().map(|x| x.len() + 1)).max().unwrap_or(0).max(10);
    let _ =
        writeln!(out, "\n{:<14}{:>w$}{:>w$}{:>w$}{:>w$}{:>w$}", "(ms)", "mean", "p50", "p95", "p99", "max");
    for (label, [a, b, c, d, e]) in &cells {
        let _ = writeln!(out, "{label:<14}{a:>w$}{b:>w$}{c:>w$}{d:>w$}{e:>w$}");
    }
}

/// A plain-text rendering of `r`.
pub fn render(r: &Report) -> String {
    let mut o = String::new();
    let q = &r.requests;
    let name = r.name.as_deref().map(|n| format!(" \"{n}\"")).unwrap_or_default();
    let _ = writeln!(o, "model {}{name}, seed {}", r.model, r.seed);
    let _ = writeln!(
        o,
        "requests      arrived {}, completed {}, rejected {}, failed {}, in flight {}",
        q.arrived, q.completed, q.rejected, q.failed, q.in_flight
    );
    let _ = writeln!(
        o,
        "simulated     {:.1} ms in {} events; throughput {:.1}/s",
        r.sim_time_ms, r.events, r.throughput_per_s
    );
    let mut rows = vec![("latency", &r.latency_ms), ("wait", &r.wait_ms)];
    if let Some(j) = &r.job_latency_ms {
        rows.push(("job latency", j));
    }
    summaries(&mut o, &rows);
    let _ = writeln!(
        o,
        "\nutilisation   cores {:.1}%, workers {:.1}%",
        r.utilization.cores * 100.0,
        r.utilization.workers * 100.0
    );
    let _ = writeln!(o, "queue         longest {}, mean in system {:.2}", r.max_queue_len, r.mean_in_system);
    let _ = writeln!(
        o,
        "work (ms)     cpu {:.1}, io {:.1}, blocking io {:.1}",
        r.work_ms.cpu, r.work_ms.io, r.work_ms.blocking_io
    );
    if let Some(j) = &r.jobs {
        let _ = writeln!(
            o,
            "jobs          completed {}, dead-lettered {}, retries {}, in flight {}",
            j.completed, j.dead_lettered, j.retries, j.in_flight
        );
    }
    let f = &r.faults;
    let _ = writeln!(
        o,
        "faults        lost {}, duplicated {}, order violations {}, unobserved errors {}, crashes {}",
        f.lost, f.duplicated, f.order_violations, f.unobserved_errors, f.crashes
    );
    o
}
