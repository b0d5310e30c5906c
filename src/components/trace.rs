//! The followed request's trace as a waterfall of spans, like Jaeger's: queued, running on
//! which thread, awaiting I/O, backing off, redelivered, and how it ended, on one time axis
//! from its arrival.

use asyncviz_engine::{FailCause, RejectCause, Span, SpanKind};
use yew::prelude::*;

use super::context::Ctx;
use super::side::Shared;
use crate::handlers::{self, Follow};
use crate::i18n::{tr, trf, Lang};

#[derive(Properties, PartialEq)]
pub struct TraceProps {
    pub index: usize,
    pub snap: Shared,
}

/// A span in words, and its CSS class. `lanes` names threads in `lang` where it can.
pub fn describe(lang: Lang, k: &SpanKind, lanes: &[asyncviz_engine::LaneView]) -> (String, &'static str) {
    let who = |id: &asyncviz_engine::LaneId| {
        lanes.iter().find(|l| l.id == *id).map_or_else(|| format!("#{id}"), |l| crate::names::lane(lang, l))
    };
    match k {
        SpanKind::Queued { queue_kind, .. } => {
            (trf(lang, "queued: {0}", &[&crate::names::queue(lang, *queue_kind, None)]), "s-queued")
        }
        SpanKind::Running { lane } => (trf(lang, "running on {0}", &[&who(lane)]), "s-run"),
        SpanKind::WaitingIo { lane } => (trf(lang, "I/O, holding {0}", &[&who(lane)]), "s-io"),
        SpanKind::Blocked { lane } => (trf(lang, "blocked on {0}", &[&who(lane)]), "s-blocked"),
        SpanKind::AwaitingIo => (tr(lang, "awaiting I/O, no thread held").into(), "s-await"),
        SpanKind::Backoff { attempt } => (trf(lang, "backoff after attempt {0}", &[attempt]), "s-retry"),
        SpanKind::Redelivery => (tr(lang, "invisible until the visibility timeout").into(), "s-retry"),
        SpanKind::Outbox => (tr(lang, "in the outbox, waiting for the relay").into(), "s-queued"),
        SpanKind::Responded { status } => (trf(lang, "responded {0}", &[status]), "s-ok"),
        SpanKind::Failed { cause } => (
            match cause {
                FailCause::StepFailed => tr(lang, "failed: 500 (a step failed)").into(),
                FailCause::Crash => tr(lang, "failed: 500 (the process died)").into(),
            },
            "s-bad",
        ),
        SpanKind::Rejected { cause } => (
            match cause {
                RejectCause::ServerDown => tr(lang, "refused: the server is restarting").into(),
                _ => tr(lang, "rejected").into(),
            },
            "s-bad",
        ),
        SpanKind::AttemptFailed { attempt } => (trf(lang, "attempt {0} failed", &[attempt]), "s-bad"),
        SpanKind::DeadLettered => (tr(lang, "dead-lettered").into(), "s-bad"),
        SpanKind::Crashed => (tr(lang, "the worker crashed").into(), "s-bad"),
        SpanKind::JobLost => (tr(lang, "job lost: never enqueued").into(), "s-bad"),
        SpanKind::Done => (tr(lang, "job applied").into(), "s-ok"),
    }
}

#[function_component(Trace)]
pub fn trace(props: &TraceProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang;
    let snap = &*props.snap.0;
    let (id, finished) = match handlers::follow(ctx.selected, snap) {
        Follow::InFlight(r) => (r.id, false),
        Follow::Finished(id) => (id, true),
        Follow::NotArrived(_) | Follow::Nothing => return html! {},
    };
    let eng = ctx.engine.borrow();
    if props.index >= eng.len() {
        return html! {};
    }
    let spans: Vec<Span> = eng.side(props.index).spans(id);
    let Some(t0) = spans.first().map(|s| s.start_us) else { return html! {} };
    let now = snap.time_us;
    let t1 = spans.iter().map(|s| s.end_us.unwrap_or(now)).max().unwrap_or(now).max(t0 + 1000);
    let x = |t: u64| 100.0 * (t.saturating_sub(t0)) as f64 / (t1 - t0) as f64;
    html! {
        <figure class="trace">
            <figcaption>
                if finished {
                    {trf(lang, "Trace of request #{0}: {1} ms", &[&id, &crate::lab::ms(t1 - t0)])}
                } else {
                    {trf(lang, "Trace of request #{0}: {1} ms so far", &[&id, &crate::lab::ms(t1 - t0)])}
                }
            </figcaption>
            <ol class="spans">
                { for spans.iter().map(|s| {
                    let (text, class) = describe(lang, &s.kind, &snap.lanes);
                    let end = s.end_us.unwrap_or(now);
                    let (left, width) = (x(s.start_us), (x(end) - x(s.start_us)).max(0.6));
                    let when = if s.kind.is_instant() {
                        trf(lang, "at {0} ms", &[&crate::lab::ms(s.start_us - t0)])
                    } else {
                        trf(lang, "{0}–{1} ms", &[&crate::lab::ms(s.start_us - t0), &crate::lab::ms(end - t0)])
                    };
                    html! {
                        <li class={classes!(class, s.end_us.is_none().then_some("open"))}>
                            <span class="what">{text}</span>
                            <svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true">
                                if s.kind.is_instant() {
                                    <rect class="mark" x={format!("{:.2}", (left - 0.4).max(0.0))} y="0" width="0.8" height="10" />
                                } else {
                                    <rect class="bar" x={format!("{left:.2}")} y="1" width={format!("{width:.2}")} height="8" />
                                }
                            </svg>
                            <span class="when">{when}</span>
                        </li>
                    }
                }) }
            </ol>
        </figure>
    }
}
