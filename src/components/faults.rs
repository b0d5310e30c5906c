//! The fault counters beside the metrics: unobserved errors, lost jobs, duplicates, updates
//! out of order, crashes and failed requests. Each lights up when it changes, for a moment
//! of simulated time (or for the step that changed it).

use yew::prelude::*;

use super::context::Ctx;
use super::side::Shared;
use crate::i18n::{tr, Lang};

/// How long a counter stays lit after it changes, in simulated µs.
const LIT_US: u64 = 400_000;

#[derive(Properties, PartialEq)]
pub struct FaultsProps {
    pub index: usize,
    pub snap: Shared,
}

/// The counters in order: (label, explanation, value).
pub fn rows(lang: Lang, c: &asyncviz_engine::Counters) -> [(&'static str, &'static str, u64); 6] {
    [
        (
            tr(lang, "Unobserved errors"),
            tr(lang, "failures nobody awaited: the client got a success"),
            c.unobserved_errors,
        ),
        (tr(lang, "Lost jobs"), tr(lang, "committed, answered 202, never enqueued"), c.lost),
        (tr(lang, "Duplicated"), tr(lang, "a redelivered job applied a second time"), c.duplicated),
        (
            tr(lang, "Out of order"),
            tr(lang, "an update applied after a later one of the same key"),
            c.order_violations,
        ),
        (tr(lang, "Crashes"), tr(lang, "a server, front end or worker process died"), c.crashes),
        (tr(lang, "Failed (500)"), tr(lang, "errors that reached the client"), c.failed),
    ]
}

#[function_component(Faults)]
pub fn faults(props: &FaultsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang;
    let snap = &*props.snap.0;
    // Per counter: the last value seen and the simulated time it changed.
    let seen = use_mut_ref(|| [(0u64, None::<u64>); 6]);
    let eng = ctx.engine.borrow();
    let Some(scenario) = (props.index < eng.len()).then(|| eng.side(props.index).scenario()) else {
        return html! {};
    };
    let rows = rows(lang, &snap.counters);
    let configured =
        scenario.faults != asyncviz_engine::Faults::default() || scenario.workload.keys.is_some();
    if !configured && rows.iter().all(|r| r.2 == 0) {
        return html! {};
    }
    let mut seen = seen.borrow_mut();
    let now = snap.time_us;
    html! {
        <section class="faults" aria-label={tr(lang, "Fault counters")}>
            <h3>{tr(lang, "What went wrong")}</h3>
            <dl>
                { for rows.iter().enumerate().map(|(k, (label, why, v))| {
                    let (last, changed) = seen[k];
                    let changed = if *v != last {
                        // A step back to fewer also counts as a change (it is shown, not flashed).
                        let at = (*v > last).then_some(now);
                        seen[k] = (*v, at);
                        at
                    } else {
                        changed.filter(|t| *t <= now)
                    };
                    let lit = changed.is_some_and(|t| now - t < LIT_US) && *v > 0;
                    html! {
                        <div class={classes!("fault", (*v > 0).then_some("nonzero"), lit.then_some("lit"))} title={*why}>
                            <dt>{*label}</dt>
                            <dd>{v.to_string()}</dd>
                        </div>
                    }
                }) }
            </dl>
        </section>
    }
}
