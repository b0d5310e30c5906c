//! Above the flows: the reader acts first ("Send a burst") and reads the comparison in one
//! line of words and numbers.

use yew::prelude::*;

use super::context::Ctx;
use super::side::model_title;
use crate::format::latency;
use crate::i18n::{tr, trf, Lang};
use crate::state::{Action, MAX_BURST};

/// How many requests a burst sends unless the reader says otherwise.
pub const DEFAULT_BURST: u64 = 50;

/// "A · Thread per request: 209 turned away, p95 1.2 s." for every side.
pub fn comparison(lang: Lang, ctx: &crate::state::AppState) -> String {
    let eng = ctx.engine.borrow();
    (0..eng.len())
        .map(|i| {
            let sim = eng.side(i);
            let r = sim.report();
            let (title, _) = model_title(lang, &sim.scenario().model);
            let letter = (b'A' + i as u8) as char;
            let p95 = if r.requests.completed > 0 { latency(r.latency_ms.p95) } else { "–".into() };
            trf(lang, "{0} · {1}: {2} turned away, p95 {3}.", &[&letter, &title, &r.requests.rejected, &p95])
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[derive(Properties, PartialEq)]
pub struct GlanceProps {
    /// Offer the burst button (not in an embed that only shows).
    #[prop_or(true)]
    pub act: bool,
}

#[function_component(Glance)]
pub fn glance(props: &GlanceProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let n = use_state(|| DEFAULT_BURST);
    let lang = ctx.lang;
    let send = {
        let (d, n) = (ctx.dispatcher(), n.clone());
        Callback::from(move |_: MouseEvent| d.dispatch(Action::Burst(*n)))
    };
    // A size out of range or not a number is refused in words next to the field, which goes
    // back to the size in force.
    let refused = use_state(|| false);
    let on_n = {
        let (n, refused) = (n.clone(), refused.clone());
        Callback::from(move |e: Event| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            match el.value().trim().parse::<u64>() {
                Ok(v) if (1..=MAX_BURST).contains(&v) => {
                    n.set(v);
                    refused.set(false);
                }
                _ => {
                    el.set_value(&n.to_string());
                    refused.set(true);
                }
            }
        })
    };
    let can = ctx.can_burst();
    html! {
        <section class="glance" aria-label={tr(lang, "At a glance")}>
            if props.act {
                <div class="act">
                    <button class="burst primary" onclick={send} disabled={!can}
                        aria-label={tr(lang, "Send a burst of requests")}
                        title={if can { tr(lang, "Every side gets the same requests, now") } else { tr(lang, "Arrivals have ended: reset to send a burst") }}>
                        {tr(lang, "Send a burst")}
                    </button>
                    <label class="burst-n">
                        <input type="number" min="1" max={MAX_BURST.to_string()} step="1" value={n.to_string()}
                            onchange={on_n} aria-label={tr(lang, "Requests in a burst")} />
                        <span aria-hidden="true">{tr(lang, "requests")}</span>
                    </label>
                    if *refused {
                        <p class="error" role="alert">
                            {trf(lang, "Requests in a burst: a whole number from 1 to {0}; kept {1}.", &[&MAX_BURST, &*n])}
                        </p>
                    }
                </div>
            }
            <p class="compare">{comparison(lang, &ctx)}</p>
        </section>
    }
}
