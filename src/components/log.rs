//! The narrated event log. The visible list is a `role="log"` that screen
//! readers do not read out on its own (it changes hundreds of times a second
//! while playing); a separate live region announces the latest line only when
//! playback is paused or stepped.

use yew::prelude::*;

use super::context::Ctx;
use crate::i18n::{tr, trf};

const SHOWN: usize = 40;

#[function_component(Log)]
pub fn log() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let log = ctx.log.borrow();
    let eng = ctx.engine.borrow();
    let letters = ['A', 'B', 'C'];
    let lang = ctx.lang;
    let latest =
        if ctx.playing { String::new() } else { log.back().map(|l| l.text(lang, &eng)).unwrap_or_default() };
    html! {
        <section class="log-panel" aria-label={tr(lang, "Event log")}>
            <h2>{tr(lang, "What is happening")}</h2>
            if ctx.skipped > 0 {
                <p class="note">{trf(lang, "{0} events went by too fast to narrate; slow down or step to read them.", &[&ctx.skipped])}</p>
            }
            <div class="log" role="log" aria-live="off" aria-label={tr(lang, "Narrated events, newest first")} tabindex="0">
            <ol>
                { for log.iter().rev().take(SHOWN).map(|l| html! {
                    <li><span class={classes!("side-tag", format!("s{}", l.side))}>{letters.get(l.side).copied().unwrap_or('?')}</span>{l.text(lang, &eng)}</li>
                }) }
                if log.is_empty() {
                    <li class="empty">{tr(lang, "Press Play, or Step forward to go one event at a time.")}</li>
                }
            </ol>
            </div>
            <div class="sr-only" aria-live="polite">{latest}</div>
        </section>
    }
}
