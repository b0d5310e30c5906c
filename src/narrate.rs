//! Plain sentences for engine events, in English or Korean: one sentence per event.

use asyncviz_engine::{CrashKind, Event, FailCause, RejectCause, Sim, Transition};

use crate::format::{ms, ms_short};
use crate::i18n::{tr, trf, Lang};
use crate::names::lane_by_id;

fn clause(lang: Lang, sim: &Sim, t: &Transition) -> Option<String> {
    let lane = |l: &u32| lane_by_id(lang, sim, *l);
    Some(match t {
        Transition::Arrived { req } => trf(lang, "request #{0} arrives", &[req]),
        Transition::Rejected { req, cause: RejectCause::QueueFull } => {
            trf(lang, "#{0} is rejected: every thread is busy and the queue is full", &[req])
        }
        Transition::Rejected { req, cause: RejectCause::DiscardedOldest } => {
            trf(lang, "#{0} is dropped from the head of the queue to make room", &[req])
        }
        Transition::Rejected { req, cause: RejectCause::ServerDown } => {
            trf(lang, "#{0} is refused: the server is down, restarting", &[req])
        }
        Transition::Queued { req, len, .. } => {
            trf(lang, "#{0} waits in the queue ({1} waiting)", &[req, len])
        }
        Transition::Picked { req, lane: l } => trf(lang, "{0} picks up #{1}", &[&lane(l), req]),
        Transition::Computing { req, lane: l, dur_us } => {
            trf(lang, "#{0} computes for {1} on {2}", &[req, &ms(*dur_us), &lane(l)])
        }
        Transition::Computed { req, .. } => trf(lang, "#{0} finishes computing", &[req]),
        Transition::Preempted { lane: l, next, core } => trf(
            lang,
            "core {0} moves from {1} to {2} (time slice over)",
            &[&(core + 1), &lane(l), &lane(next)],
        ),
        Transition::Continued { lane: l, core } => trf(
            lang,
            "{0} keeps core {1} for another time slice (nobody is waiting for a core)",
            &[&lane(l), &(core + 1)],
        ),
        Transition::Awaiting { req, lane: l, dur_us } => {
            trf(lang, "#{0} awaits its I/O ({1}) and {2} moves on", &[req, &ms(*dur_us), &lane(l)])
        }
        Transition::WaitingIo { req, lane: l, dur_us } => {
            trf(lang, "{0} waits {1} for #{2}'s I/O, holding the thread", &[&lane(l), &ms(*dur_us), req])
        }
        Transition::Blocking { req, lane: l, dur_us } => {
            trf(lang, "#{0} makes a blocking call: {1} is stuck for {2}", &[req, &lane(l), &ms(*dur_us)])
        }
        Transition::IoDone { req, lane: l } => trf(lang, "#{0}'s I/O is done on {1}", &[req, &lane(l)]),
        Transition::Resumed { req } => {
            trf(lang, "#{0}'s I/O completes and its continuation is queued", &[req])
        }
        Transition::Offloaded { req, .. } => {
            trf(lang, "the loop hands #{0}'s computation to a worker thread", &[req])
        }
        Transition::Responded { req, status: 202, latency_us } => {
            trf(lang, "#{0} gets 202 Accepted after {1}", &[req, &ms_short(*latency_us)])
        }
        Transition::Responded { req, status, latency_us } => {
            trf(lang, "#{0} gets {1} OK after {2}", &[req, status, &ms_short(*latency_us)])
        }
        Transition::JobQueued { req, len } => {
            trf(lang, "job #{0} joins the job queue ({1} waiting)", &[req, len])
        }
        Transition::JobStarted { req, worker, attempt: 1 } => {
            trf(lang, "job worker {0} takes job #{1}", &[worker, req])
        }
        Transition::JobStarted { req, worker, attempt } => {
            trf(lang, "job worker {0} takes job #{1} (attempt {2})", &[worker, req, attempt])
        }
        Transition::JobFailed { req, attempt, retry_in_us: Some(d) } => {
            trf(lang, "job #{0} fails attempt {1}; retry in {2}", &[req, attempt, &ms_short(*d)])
        }
        Transition::JobFailed { req, attempt, retry_in_us: None } => {
            trf(lang, "job #{0} fails attempt {1} and goes to the dead-letter queue", &[req, attempt])
        }
        Transition::JobRetry { req } => trf(lang, "job #{0}'s backoff is over", &[req]),
        Transition::JobDone { req, latency_us, .. } => {
            trf(lang, "job #{0} is done, {1} after the request arrived", &[req, &ms_short(*latency_us)])
        }
        Transition::Failed { req, cause: FailCause::StepFailed } => {
            trf(lang, "#{0}'s I/O fails and the client gets 500", &[req])
        }
        Transition::Failed { req, cause: FailCause::Crash } => {
            trf(lang, "#{0} dies with the process and the client gets 500", &[req])
        }
        Transition::ErrorLost { req } => {
            trf(lang, "#{0}'s fire-and-forget I/O fails and nobody sees the error", &[req])
        }
        Transition::Crashed { what: CrashKind::Server, .. } => {
            trf(lang, "unhandled rejection: the server process crashes", &[])
        }
        Transition::Crashed { what: CrashKind::FrontEnd, req: Some(req), .. } => {
            trf(lang, "the front end crashes right after committing #{0}", &[req])
        }
        Transition::Crashed { what: CrashKind::FrontEnd, req: None, .. } => {
            tr(lang, "the front end crashes right after a commit").into()
        }
        Transition::Crashed { what: CrashKind::Worker, worker: Some(w), .. } => {
            trf(lang, "job worker {0} crashes in the middle of its jobs", &[w])
        }
        Transition::Crashed { what: CrashKind::Worker, worker: None, .. } => {
            tr(lang, "a job worker crashes in the middle of its jobs").into()
        }
        Transition::Restarted => trf(lang, "the server is back up", &[]),
        Transition::JobLost { req } => trf(lang, "job #{0} is lost: it was never enqueued", &[req]),
        Transition::Outboxed { req, relay_in_us } => trf(
            lang,
            "job #{0} is written to the outbox; the relay publishes it in {1}",
            &[req, &ms_short(*relay_in_us)],
        ),
        Transition::Redelivered { req } => trf(lang, "job #{0} is visible again and redelivered", &[req]),
        Transition::Duplicated { req } => trf(lang, "job #{0} is applied a second time", &[req]),
        Transition::OrderViolation { req, key, seq, after } => trf(
            lang,
            "#{0} (key {1}, update {2}) is applied after update {3}: out of order",
            &[req, key, seq, after],
        ),
        Transition::ThreadStarted { lane: l } => trf(lang, "a new thread {0} starts", &[&lane(l)]),
        Transition::ThreadRetired { lane: l } => trf(lang, "{0} was idle too long and ends", &[&lane(l)]),
    })
}

/// One sentence for an event, e.g. "12.0 ms: #7 awaits its I/O (50.0 ms) and
/// event loop moves on; event loop picks up #8."
pub fn sentence(lang: Lang, sim: &Sim, e: &Event) -> String {
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
        if let Some(c) = clause(lang, sim, t) {
            parts.push(c);
        }
        i += 1;
    }
    // English joins an event's clauses with semicolons; Korean writes each as its own sentence.
    trf(lang, "{0}: {1}.", &[&ms(e.time_us), &parts.join(tr(lang, "; "))])
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::Scenario;

    /// The first and third events of a small event-loop run, narrated in `lang`.
    fn first_and_third(lang: Lang) -> (String, String) {
        let s = Scenario::from_json_str(
            r#"{"cores": 1, "duration_ms": 100,
                "workload": {"arrivals": {"at_ms": [0, 1]}, "steps": [{"cpu_ms": 2}, {"io_ms": 50}]},
                "model": {"event_loop": {}}}"#,
        )
        .unwrap();
        let mut sim = Sim::new(&s);
        let first = sim.step().unwrap();
        let first = sentence(lang, &sim, &first);
        sim.step();
        let third = sim.step().unwrap();
        (first, sentence(lang, &sim, &third))
    }

    #[test]
    fn narrates_an_event_loop_moving_on_in_both_languages() {
        assert_eq!(
            first_and_third(Lang::En),
            (
                "0.0 ms: request #1 arrives; event loop picks up #1; #1 computes for 2.0 ms on event loop."
                    .into(),
                "2.0 ms: #1 finishes computing; #1 awaits its I/O (50.0 ms) and event loop moves on; \
                 event loop picks up #2; #2 computes for 2.0 ms on event loop."
                    .into()
            )
        );
        assert_eq!(
            first_and_third(Lang::Ko),
            (
                "0.0 ms: 요청 #1이 도착합니다. 이벤트 루프에서 #1을 처리하기 시작합니다. \
                 #1이 이벤트 루프에서 2.0 ms 동안 연산합니다."
                    .into(),
                "2.0 ms: #1이 연산을 마칩니다. #1이 I/O(50.0 ms)를 await하는 동안 이벤트 루프에서 다음 일로 \
                 넘어갑니다. 이벤트 루프에서 #2를 처리하기 시작합니다. #2가 이벤트 루프에서 2.0 ms 동안 연산합니다."
                    .into()
            )
        );
    }
}
