//! Plain-English sentences for engine events: one sentence per event.

use asyncviz_engine::{Event, LaneView, RejectCause, Sim, Transition};

use crate::format::{ms, ms_short};

/// A lane's display name, retired ones included.
pub fn lane_name(sim: &Sim, id: u32) -> String {
    sim.all_lanes().nth(id as usize).map_or_else(|| format!("thread {id}"), |l: LaneView| l.name())
}

fn clause(sim: &Sim, t: &Transition) -> Option<String> {
    let lane = |l: &u32| lane_name(sim, *l);
    Some(match t {
        Transition::Arrived { req } => format!("request #{req} arrives"),
        Transition::Rejected { req, cause: RejectCause::QueueFull } => {
            format!("#{req} is rejected: every thread is busy and the queue is full")
        }
        Transition::Rejected { req, cause: RejectCause::DiscardedOldest } => {
            format!("#{req} is dropped from the head of the queue to make room")
        }
        Transition::Queued { req, len, .. } => format!("#{req} waits in the queue ({len} waiting)"),
        Transition::Picked { req, lane: l } => format!("{} picks up #{req}", lane(l)),
        Transition::Computing { req, lane: l, dur_us } => {
            format!("#{req} computes for {} on {}", ms(*dur_us), lane(l))
        }
        Transition::Computed { req, .. } => format!("#{req} finishes computing"),
        Transition::Preempted { lane: l, next, core } => {
            format!("core {} moves from {} to {} (time slice over)", core + 1, lane(l), lane(next))
        }
        Transition::Continued { lane: l, core } => {
            format!(
                "{} keeps core {} for another time slice (nobody is waiting for a core)",
                lane(l),
                core + 1
            )
        }
        Transition::Awaiting { req, lane: l, dur_us } => {
            format!("#{req} awaits its I/O ({}) and {} moves on", ms(*dur_us), lane(l))
        }
        Transition::WaitingIo { req, lane: l, dur_us } => {
            format!("{} waits {} for #{req}'s I/O, holding the thread", lane(l), ms(*dur_us))
        }
        Transition::Blocking { req, lane: l, dur_us } => {
            format!("#{req} makes a blocking call: {} is stuck for {}", lane(l), ms(*dur_us))
        }
        Transition::IoDone { req, lane: l } => format!("#{req}'s I/O is done on {}", lane(l)),
        Transition::Resumed { req } => format!("#{req}'s I/O completes and its continuation is queued"),
        Transition::Offloaded { req, .. } => {
            format!("the loop hands #{req}'s computation to a worker thread")
        }
        Transition::Responded { req, status: 202, latency_us } => {
            format!("#{req} gets 202 Accepted after {}", ms_short(*latency_us))
        }
        Transition::Responded { req, status, latency_us } => {
            format!("#{req} gets {status} OK after {}", ms_short(*latency_us))
        }
        Transition::JobQueued { req, len } => format!("job #{req} joins the job queue ({len} waiting)"),
        Transition::JobStarted { req, worker, attempt: 1 } => format!("job worker {worker} takes job #{req}"),
        Transition::JobStarted { req, worker, attempt } => {
            format!("job worker {worker} takes job #{req} (attempt {attempt})")
        }
        Transition::JobFailed { req, attempt, retry_in_us: Some(d) } => {
            format!("job #{req} fails attempt {attempt}; retry in {}", ms_short(*d))
        }
        Transition::JobFailed { req, attempt, retry_in_us: None } => {
            format!("job #{req} fails attempt {attempt} and goes to the dead-letter queue")
        }
        Transition::JobRetry { req } => format!("job #{req}'s backoff is over"),
        Transition::JobDone { req, latency_us, .. } => {
            format!("job #{req} is done, {} after the request arrived", ms_short(*latency_us))
        }
        Transition::ThreadStarted { lane: l } => format!("a new thread {} starts", lane(l)),
        Transition::ThreadRetired { lane: l } => format!("{} was idle too long and ends", lane(l)),
    })
}

/// One sentence for an event, e.g. "12.0 ms: #7 awaits its I/O (50.0 ms) and
/// event loop moves on; event loop picks up #8."
pub fn sentence(sim: &Sim, e: &Event) -> String {
    // "waits in the queue" right before "picks up" the same request says nothing.
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < e.what.len() {
        let t = &e.what[i];
        if let (Transition::Queued { req, .. }, Some(Transition::Picked { req: r2, .. })) =
            (t, e.what.get(i + 1))
        {
            if req == r2 {
                i += 1;
                continue;
            }
        }
        if let Some(c) = clause(sim, t) {
            parts.push(c);
        }
        i += 1;
    }
    let mut s = format!("{}: {}", ms(e.time_us), parts.join("; "));
    s.push('.');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::Scenario;

    #[test]
    fn narrates_an_event_loop_moving_on() {
        let s = Scenario::from_json_str(
            r#"{"cores": 1, "duration_ms": 100,
                "workload": {"arrivals": {"at_ms": [0, 1]}, "steps": [{"cpu_ms": 2}, {"io_ms": 50}]},
                "model": {"event_loop": {}}}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&s);
        let first = sim.step().unwrap();
        assert_eq!(
            sentence(&sim, &first),
            "0.0 ms: request #1 arrives; event loop picks up #1; #1 computes for 2.0 ms on event loop."
        );
        sim.step();
        let third = sim.step().unwrap();
        assert_eq!(
            sentence(&sim, &third),
            "2.0 ms: #1 finishes computing; #1 awaits its I/O (50.0 ms) and event loop moves on; \
             event loop picks up #2; #2 computes for 2.0 ms on event loop."
        );
    }
}
