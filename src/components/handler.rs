//! The request handler beside a simulation: the code of the side's framework,
//! one line per workload step, with the line the followed request is at
//! highlighted (see `handlers.rs` for the code and the state → line mapping).

use yew::prelude::*;

use super::context::Ctx;
use super::side::Shared;
use crate::handlers::{self, At, BadNumber, Follow, Outcome, Phase, Stack};
use crate::i18n::{tr, trf, Lang};
use crate::names;
use crate::state::Action;

/// The figure's caption for a framework.
pub fn caption(lang: Lang, stack: Stack) -> &'static str {
    match stack {
        Stack::SpringMvc => tr(lang, "Spring MVC controller (Tomcat, blocking)"),
        Stack::SpringAsync => tr(lang, "Spring @Async service (ThreadPoolTaskExecutor)"),
        Stack::Express => tr(lang, "Express handler (Node.js)"),
        Stack::FastApi => tr(lang, "FastAPI endpoint (Python asyncio)"),
        Stack::VirtualThreads => tr(lang, "Spring Boot on virtual threads (Java 21)"),
        Stack::NestBull => tr(lang, "NestJS controller and BullMQ processor"),
    }
}

fn event_loop(stack: Stack) -> bool {
    matches!(stack, Stack::Express | Stack::FastApi)
}

/// The short badge on the highlighted line.
fn marker(lang: Lang, stack: Stack, at: &At, attempt: u16, attempts: u32) -> String {
    let s = match at.phase {
        Phase::Queued => match stack {
            Stack::SpringMvc | Stack::SpringAsync => tr(lang, "waiting for a thread"),
            Stack::Express | Stack::FastApi => tr(lang, "waiting for the loop"),
            Stack::VirtualThreads => tr(lang, "waiting for a carrier"),
            Stack::NestBull => tr(lang, "waiting for the API"),
        },
        Phase::JobQueued => tr(lang, "in the queue"),
        Phase::WorkerQueued => tr(lang, "waiting for the worker"),
        Phase::OffloadQueued => tr(lang, "waiting for a worker thread"),
        Phase::Resumable => tr(lang, "ready to resume"),
        Phase::Running => tr(lang, "running"),
        Phase::WaitingCore => tr(lang, "waiting for a core"),
        Phase::Awaiting if stack == Stack::VirtualThreads => tr(lang, "unmounted · no carrier held"),
        Phase::Awaiting => tr(lang, "suspended · no thread held"),
        Phase::IoHolding => tr(lang, "thread blocked on I/O"),
        Phase::Blocked if event_loop(stack) => tr(lang, "the loop is blocked"),
        Phase::Blocked if stack == Stack::VirtualThreads => tr(lang, "pinned to its carrier"),
        Phase::Blocked => tr(lang, "thread blocked"),
        Phase::Backoff => return trf(lang, "backoff · attempt {0} of {1}", &[&attempt, &attempts]),
        Phase::Outbox => tr(lang, "in the outbox"),
        Phase::Redelivery => tr(lang, "its worker crashed"),
    };
    s.to_string()
}

/// One sentence on what the request is doing at its line. Every template takes the same
/// arguments: {0} request, {1} line, {2} the thread holding it, {3} attempt, {4} attempts,
/// {5} the next attempt.
fn status(lang: Lang, stack: Stack, r: &asyncviz_engine::RequestView, at: &At, attempts: u32) -> String {
    let job = stack == Stack::NestBull && r.responded;
    let vt = stack == Stack::VirtualThreads;
    let t = match at.phase {
        Phase::Queued => match stack {
            Stack::SpringMvc | Stack::SpringAsync => tr(lang, "Request #{0} waits in the queue for a thread (line {1})"),
            Stack::Express | Stack::FastApi => {
                tr(lang, "Request #{0} waits in the ready queue for the event loop (line {1})")
            }
            Stack::VirtualThreads => tr(lang, "Request #{0} waits for a carrier thread (line {1})"),
            Stack::NestBull => tr(lang, "Request #{0} waits for the API's event loop (line {1})"),
        },
        Phase::JobQueued => tr(lang, "Job #{0} waits in the job queue for a worker (line {1}), for attempt {5}"),
        Phase::WorkerQueued => tr(lang, "Job #{0} waits for its worker's thread (line {1}), attempt {3}"),
        Phase::OffloadQueued => tr(lang, "Request #{0} waits for a worker thread to run line {1}; the loop is free"),
        Phase::Resumable => {
            tr(lang, "Request #{0}'s I/O is done; it waits in the ready queue to resume at line {1}")
        }
        Phase::Running if job => tr(lang, "Job #{0} is computing on line {1} on {2}"),
        Phase::Running => tr(lang, "Request #{0} is computing on line {1} on {2}"),
        Phase::WaitingCore => tr(lang, "Request #{0} is at line {1}; {2} waits for a free core"),
        Phase::Awaiting if vt => tr(
            lang,
            "Request #{0} is blocked on I/O on line {1} — its virtual thread is unmounted and holds no carrier",
        ),
        Phase::Awaiting if job => tr(lang, "Job #{0} is awaiting I/O on line {1} — the worker's thread is free"),
        Phase::Awaiting => tr(lang, "Request #{0} is awaiting I/O on line {1} — no thread is held"),
        Phase::IoHolding => tr(lang, "Request #{0} is blocked on I/O on line {1} — {2} waits with it"),
        Phase::Blocked if event_loop(stack) => {
            tr(lang, "Request #{0} is in a blocking call on line {1} — the whole event loop is stuck")
        }
        Phase::Blocked if vt => tr(lang, "Request #{0} is pinned on line {1} — {2} is held"),
        Phase::Blocked => tr(lang, "Request #{0} is in a blocking call on line {1} — {2} is blocked"),
        Phase::Backoff => tr(lang, "Job #{0} failed attempt {3} of {4} and backs off before a retry (line {1})"),
        Phase::Outbox => tr(lang, "Job #{0} is committed in the outbox table; the relay will publish it (line {1})"),
        Phase::Redelivery => {
            tr(lang, "Job #{0}'s worker crashed; the queue redelivers it when the visibility timeout ends (line {1})")
        }
    };
    let n = at.line.map_or(0, |l| l + 1);
    let who = at.lane.as_ref().map(|l| names::lane(lang, l)).unwrap_or_default();
    // `t` is already in `lang`: fill it in as is.
    trf(Lang::En, t, &[&r.id, &n, &who, &r.attempt, &attempts, &(r.attempt + 1)])
}

fn finished(lang: Lang, id: u32, o: Option<Outcome>) -> String {
    use crate::format::ms_short;
    match o {
        Some(Outcome::Responded { status, latency_us }) => {
            trf(lang, "Request #{0} finished: {1} after {2}", &[&id, &status, &ms_short(latency_us)])
        }
        Some(Outcome::Rejected) => trf(lang, "Request #{0} was rejected", &[&id]),
        Some(Outcome::JobDone { attempts, latency_us }) => trf(
            lang,
            "Job #{0} finished after {1} attempt(s), {2} after its request arrived",
            &[&id, &attempts, &ms_short(latency_us)],
        ),
        Some(Outcome::DeadLettered { attempts }) => {
            trf(lang, "Job #{0} was dead-lettered after {1} attempts", &[&id, &attempts])
        }
        None => trf(lang, "Request #{0} finished", &[&id]),
    }
}

#[derive(Properties, PartialEq)]
pub struct HandlerProps {
    pub index: usize,
    pub snap: Shared,
}

#[function_component(Handler)]
pub fn handler(props: &HandlerProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let i = props.index;
    let lang = ctx.lang;
    // Text typed into "Follow request" that is not a request number (kept, with its message).
    let bad = use_state(|| None::<(String, BadNumber)>);
    {
        let bad = bad.clone();
        use_effect_with(ctx.selected, move |_| bad.set(None));
    }
    let eng = ctx.engine.borrow();
    let snap = &*props.snap.0;
    let scenario = if i < eng.len() { Some(eng.side(i).scenario()) } else { None };
    let follow = handlers::follow(ctx.selected, snap);
    // How a finished request ended, from its spans (kept for the side's last requests).
    let outcome = match (&follow, scenario) {
        (Follow::Finished(id), Some(s)) => {
            handlers::outcome(&eng.side(i).spans(*id), matches!(s.model, asyncviz_engine::Model::JobQueue(_)))
        }
        _ => None,
    };
    let Some(scenario) = scenario else { return html! {} };
    let code = handlers::code_in(lang, scenario);
    let attempts = match &scenario.model {
        asyncviz_engine::Model::JobQueue(j) => j.attempts,
        _ => 1,
    };
    let (at, line_status, badge) = match &follow {
        Follow::InFlight(r) => {
            let at = handlers::locate(&code, r, snap);
            let st = status(lang, code.stack, r, &at, attempts);
            let badge = marker(lang, code.stack, &at, r.attempt, attempts);
            (at.line, st, badge)
        }
        Follow::NotArrived(id) => (None, trf(lang, "Request #{0} has not arrived yet", &[id]), String::new()),
        Follow::Finished(id) => (None, finished(lang, *id, outcome), String::new()),
        Follow::Nothing => (None, tr(lang, "No request in flight").to_string(), String::new()),
    };

    let id = format!("follow-{i}");
    let msg_id = format!("{id}-msg");
    let oninput = {
        let (d, bad) = (ctx.dispatcher(), bad.clone());
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            let text = el.value();
            match handlers::parse_follow(&text) {
                Ok(v) => {
                    bad.set(None);
                    d.dispatch(Action::Select(v));
                }
                Err(why) => bad.set(Some((text, why))),
            }
        })
    };
    let (value, error) = match &*bad {
        Some((text, why)) => {
            let reason = match why {
                BadNumber::NotANumber => tr(lang, "Follow request: expected a request number such as 7"),
                BadNumber::OutOfRange => tr(lang, "Follow request: must be a whole number of at least 1"),
            };
            (text.clone(), Some(format!("{reason} ({})", trf(lang, "got “{0}”", &[text]))))
        }
        None => (ctx.selected.map(|n| n.to_string()).unwrap_or_default(), None),
    };
    html! {
        <figure class="handler">
            <figcaption>{caption(lang, code.stack)}</figcaption>
            <div class={classes!("field", "follow", error.is_some().then_some("invalid"))}>
                <label for={id.clone()}>{tr(lang, "Follow request")}</label>
                <input id={id} type="text" inputmode="numeric" autocomplete="off" value={value} {oninput}
                    placeholder={tr(lang, "oldest in flight")}
                    aria-invalid={error.is_some().then_some("true")}
                    aria-describedby={error.is_some().then_some(msg_id.clone())} />
                if let Some(m) = error {
                    <span class="msg" id={msg_id} role="alert">{m}</span>
                }
            </div>
            <pre class="code"><code>
                { for code.lines.iter().enumerate().map(|(k, l)| {
                    let cur = at == Some(k);
                    html! {
                        <span class={classes!("cl", cur.then_some("cur"))} aria-current={cur.then_some("step")}>
                            <span class="ln" aria-hidden="true">{k + 1}</span>
                            <span class="src">{l.text.clone()}</span>
                            if cur && !badge.is_empty() {
                                <span class="badge">{badge.clone()}</span>
                            }
                        </span>
                    }
                }) }
            </code></pre>
            <p class="handler-status">{line_status}</p>
        </figure>
    }
}
