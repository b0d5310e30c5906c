//! The load generator: the scenario's requests sent open loop to 127.0.0.1 at their planned
//! times, each on its own connection and thread, whether or not earlier ones were answered (a
//! closed loop would wait, and hide the queueing it is meant to show). Latency runs from the
//! planned arrival time, so that a late send counts against the measurement, not for it.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use asyncviz_engine::{PlannedRequest, StepKind};

use super::http;
use super::stack::Running;

/// Most requests waiting for an answer at once; more are not sent and count as client errors.
pub const MAX_IN_FLIGHT: usize = 4000;
/// Requests sent one after another before the measured run, to load the code paths (and let a
/// JIT compile them): their steps take no time.
const WARM_UP: usize = 30;

/// What happened to one request.
pub struct Outcome {
    /// Planned arrival, µs from the start.
    pub at_us: u64,
    /// How late the request was sent, µs.
    pub late_us: u64,
    /// When its answer had been read, µs from the start; `None` without one.
    pub end_us: Option<u64>,
    pub status: Option<u16>,
    /// Time from its first step's start to its answer, as the server measured it (`ok N`).
    pub service_us: Option<u64>,
    pub error: Option<String>,
}

/// A whole run as the load generator saw it.
pub struct Run {
    pub outcomes: Vec<Outcome>,
    /// `job_queue`: each job's latency from its planned arrival to done, µs.
    pub job_latencies_us: Vec<u64>,
    /// Jobs accepted but not reported done by the deadline.
    pub jobs_missing: u64,
    /// µs from the start to the last answer or job done.
    pub last_us: u64,
    /// CPU seconds used during the run by the load generator (this process) and the server(s).
    pub own_cpu_s: f64,
    pub server_cpu_s: f64,
    /// Wall time of the measured run, s.
    pub wall_s: f64,
    pub interrupted: bool,
}

/// CPU seconds (user + system) `pid` (or this process, for `None`) has used, from /proc.
fn cpu_seconds(pid: Option<u32>) -> Option<f64> {
    let path = pid.map_or_else(|| "/proc/self/stat".to_string(), |p| format!("/proc/{p}/stat"));
    let text = std::fs::read_to_string(path).ok()?;
    // Fields after the command name (which may hold spaces) in parentheses; utime and stime are
    // the 14th and 15th fields, in clock ticks (USER_HZ, 100 on Linux).
    let rest = &text[text.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split(' ').collect();
    let ticks = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some(ticks as f64 / 100.0)
}

/// This thread's CPU time, ns (Linux's /proc/thread-self/schedstat).
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat").ok()?.split(' ').next()?.parse().ok()
}

/// The share of one core that a busy thread gets here over `spin` of wall time: about 1 on an
/// otherwise idle machine, less when other processes compete for the cores (which the simulation,
/// whose `cores` are the server's alone, does not know about).
pub fn core_available(spin: Duration) -> Option<f64> {
    let c0 = thread_cpu_ns()?;
    let t = Instant::now();
    let mut x = 1u64;
    while t.elapsed() < spin {
        for _ in 0..1000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        }
    }
    std::hint::black_box(x);
    let c1 = thread_cpu_ns()?;
    Some((c1 - c0) as f64 / t.elapsed().as_nanos() as f64)
}

fn server_cpu(pids: &[u32]) -> f64 {
    pids.iter().filter_map(|p| cpu_seconds(Some(*p))).sum()
}

fn steps_query(steps: &[(StepKind, u64)]) -> String {
    let letter = |k: StepKind| match k {
        StepKind::Cpu => 'c',
        StepKind::Io => 'i',
        StepKind::BlockingIo => 'b',
    };
    steps.iter().map(|(k, d)| format!("{}{d}", letter(*k))).collect::<Vec<_>>().join(",")
}

/// The request line's path for `r` (arriving at epoch µs `t0` for the job queue).
fn path(r: &PlannedRequest, t0: u64) -> String {
    let steps = steps_query(&r.steps);
    match r.accept_us {
        Some(a) => format!("/work?accept=c{a}&steps={steps}&t0={t0}"),
        None => format!("/work?steps={steps}"),
    }
}

fn epoch_us() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_micros() as u64)
}

/// "ok 1234" → 1234.
fn service(body: &str) -> Option<u64> {
    body.trim().strip_prefix("ok ")?.parse().ok()
}

/// The jobs the workers reported done, from index `from` on: (planned arrival, done), epoch µs.
fn done_list(port: u16, from: usize) -> Result<Vec<(u64, u64)>, String> {
    let r = http::get(port, &format!("/done?from={from}"), Duration::from_secs(10))?;
    serde_json::from_str::<Vec<(u64, u64)>>(&r.body).map_err(|e| format!("/done: {e}"))
}

/// Sends the warm-up requests; for the job queue, waits until their jobs are done and returns
/// how many done jobs to skip.
fn warm_up(port: u16, job: bool) -> Result<usize, String> {
    let r = PlannedRequest {
        id: 0,
        at_us: 0,
        accept_us: job.then_some(0),
        steps: vec![(StepKind::Cpu, 0), (StepKind::Io, 0)],
    };
    for _ in 0..WARM_UP {
        let a = http::get(port, &path(&r, epoch_us()), Duration::from_secs(10))?;
        if !(200..300).contains(&a.status) {
            return Err(format!("a warm-up request was answered {}: {}", a.status, a.body.trim()));
        }
    }
    if !job {
        return Ok(0);
    }
    let until = Instant::now() + Duration::from_secs(10);
    loop {
        let n = done_list(port, 0)?.len();
        if n >= WARM_UP {
            return Ok(n);
        }
        if Instant::now() > until {
            return Err(format!("the workers finished {n} of {WARM_UP} warm-up jobs in 10 s"));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Drives `plan` at the server open loop, then collects answers (and finished jobs) until every
/// request has one or `limit` has passed since the start. `stop` (Ctrl-C) ends it early.
pub fn drive(
    server: &mut Running,
    plan: &[PlannedRequest],
    limit: Duration,
    stop: &AtomicBool,
) -> Result<Run, String> {
    let port = server.port;
    let job = plan.first().is_some_and(|r| r.accept_us.is_some());
    let skip_done = warm_up(port, job)?;
    let pids = server.pids();
    let (cpu0, server0) = (cpu_seconds(None).unwrap_or(0.0), server_cpu(&pids));
    let start = Instant::now();
    let start_epoch = epoch_us();
    let deadline = start + limit;
    let in_flight = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = mpsc::channel::<(usize, Outcome)>();
    let mut interrupted = false;
    let mut checked = start;
    let mut sent = 0;
    for (i, r) in plan.iter().enumerate() {
        let due = start + Duration::from_micros(r.at_us);
        while Instant::now() < due {
            if stop.load(Ordering::Relaxed) {
                break;
            }
            std::thread::sleep((due - Instant::now()).min(Duration::from_millis(50)));
        }
        if stop.load(Ordering::Relaxed) {
            interrupted = true;
            break;
        }
        if checked.elapsed() > Duration::from_millis(250) {
            server.check_alive()?;
            checked = Instant::now();
        }
        let late_us = (Instant::now().saturating_duration_since(due)).as_micros() as u64;
        let at_us = r.at_us;
        sent += 1;
        if in_flight.load(Ordering::Relaxed) >= MAX_IN_FLIGHT {
            let error = Some(format!("not sent: {MAX_IN_FLIGHT} requests already awaited an answer"));
            let _ =
                tx.send((i, Outcome { at_us, late_us, end_us: None, status: None, service_us: None, error }));
            continue;
        }
        let p = path(r, start_epoch + r.at_us);
        let timeout = deadline.saturating_duration_since(Instant::now()).max(Duration::from_secs(1));
        let (tx, in_flight) = (tx.clone(), Arc::clone(&in_flight));
        in_flight.fetch_add(1, Ordering::Relaxed);
        let spawned = std::thread::Builder::new().stack_size(128 << 10).spawn(move || {
            let answer = http::get(port, &p, timeout);
            let end_us = start.elapsed().as_micros() as u64;
            in_flight.fetch_sub(1, Ordering::Relaxed);
            let o = match answer {
                Ok(a) => Outcome {
                    at_us,
                    late_us,
                    end_us: Some(end_us),
                    status: Some(a.status),
                    service_us: service(&a.body),
                    error: None,
                },
                Err(e) => {
                    Outcome { at_us, late_us, end_us: None, status: None, service_us: None, error: Some(e) }
                }
            };
            let _ = tx.send((i, o));
        });
        if let Err(e) = spawned {
            return Err(format!("the load generator could not start a thread: {e}"));
        }
    }
    drop(tx);
    let mut slots: Vec<Option<Outcome>> = (0..sent).map(|_| None).collect();
    let mut got = 0;
    while got < sent {
        if stop.load(Ordering::Relaxed) {
            interrupted = true;
            break;
        }
        let wait = deadline.saturating_duration_since(Instant::now()).min(Duration::from_millis(100));
        match rx.recv_timeout(wait) {
            Ok((i, o)) => {
                slots[i] = Some(o);
                got += 1;
            }
            Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {}
            Err(_) => break,
        }
    }
    let mut outcomes: Vec<Outcome> = Vec::with_capacity(sent);
    for (slot, r) in slots.into_iter().zip(plan) {
        outcomes.push(slot.unwrap_or(Outcome {
            at_us: r.at_us,
            late_us: 0,
            end_us: None,
            status: None,
            service_us: None,
            error: Some("no answer before the run's time limit".into()),
        }));
    }
    let mut last_us = outcomes.iter().filter_map(|o| o.end_us).max().unwrap_or(0);
    let (mut job_latencies_us, mut jobs_missing) = (Vec::new(), 0);
    if job && !interrupted {
        let accepted = outcomes.iter().filter(|o| o.status == Some(202)).count();
        let done = loop {
            let done = done_list(port, skip_done)?;
            if done.len() >= accepted || Instant::now() >= deadline || stop.load(Ordering::Relaxed) {
                break done;
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        jobs_missing = accepted.saturating_sub(done.len()) as u64;
        job_latencies_us = done.iter().map(|(t0, end)| end.saturating_sub(*t0)).collect();
        let last_done = done.iter().map(|(_, end)| end.saturating_sub(start_epoch)).max().unwrap_or(0);
        last_us = last_us.max(last_done);
    }
    let wall_s = start.elapsed().as_secs_f64();
    Ok(Run {
        outcomes,
        job_latencies_us,
        jobs_missing,
        last_us,
        own_cpu_s: cpu_seconds(None).unwrap_or(0.0) - cpu0,
        server_cpu_s: server_cpu(&pids) - server0,
        wall_s,
        interrupted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_carries_its_steps_in_microseconds() {
        let r = PlannedRequest {
            id: 3,
            at_us: 10,
            accept_us: None,
            steps: vec![(StepKind::Cpu, 2000), (StepKind::Io, 51234), (StepKind::BlockingIo, 15000)],
        };
        assert_eq!(path(&r, 99), "/work?steps=c2000,i51234,b15000");
        let j = PlannedRequest { accept_us: Some(1000), ..r };
        assert_eq!(path(&j, 99), "/work?accept=c1000&steps=c2000,i51234,b15000&t0=99");
        assert_eq!(service("ok 812\n"), Some(812));
        assert_eq!(service("rejected"), None);
    }

    #[test]
    fn reads_this_process_cpu_time() {
        let a = cpu_seconds(None).unwrap();
        let t = Instant::now();
        let mut x = 1u64;
        while t.elapsed() < Duration::from_millis(60) {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
        }
        assert!(x != 0);
        assert!(cpu_seconds(None).unwrap() > a, "60 ms of computing shows in /proc/self/stat");
    }
}
