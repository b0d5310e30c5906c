//! Play/Pause, step, reset, speed, the scrubber and the clock.

use yew::prelude::*;

use super::context::Ctx;
use crate::format;
use crate::i18n::{tr, trf};
use crate::state::{Action, SPEEDS};

#[function_component(Controls)]
pub fn controls() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let d = ctx.dispatcher();
    let act = |a: Action| {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let on_speed = {
        let d = d.clone();
        Callback::from(move |i: usize| d.dispatch(Action::SetSpeed(i)))
    };
    let on_seek = {
        let d = d.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(ms) = el.value().parse::<f64>() {
                d.dispatch(Action::Seek((ms * 1000.0).max(0.0) as u64));
            }
        })
    };
    let clock = ctx.clock();
    let end_ms = (ctx.end as f64 / 1000.0).ceil();
    let at_start = ctx.engine.borrow().events() == 0;
    let lang = ctx.lang;
    let ended = ctx.finished() && !ctx.playing && ctx.error.is_none();
    let (play_label, play_text) = if ctx.playing {
        (tr(lang, "Pause"), tr(lang, "❚❚ Pause"))
    } else {
        (tr(lang, "Play"), tr(lang, "▶ Play"))
    };
    html! {
        <section class="controls" aria-label={tr(lang, "Playback")}>
            <button class="primary" aria-label={play_label} onclick={act(Action::Toggle)}>{play_text}</button>
            <button aria-label={tr(lang, "Step back")} title={tr(lang, "Step back (←)")} disabled={at_start} onclick={act(Action::StepBack)}>{tr(lang, "‹ Back")}</button>
            <button aria-label={tr(lang, "Step forward")} title={tr(lang, "Step forward (→)")} onclick={act(Action::StepForward)}>{tr(lang, "Step ›")}</button>
            <button aria-label={tr(lang, "Reset")} title={tr(lang, "Reset (Home)")} onclick={act(Action::Reset)}>{tr(lang, "↺ Reset")}</button>
            <Speed speeds={SPEEDS} index={ctx.speed} {lang} on_change={on_speed} />
            <label class={classes!("scrub", (!ctx.end_known).then_some("partial"))}>
                <span class="sr-only">{tr(lang, "Seek")}</span>
                <input type="range" min="0" max={end_ms.to_string()} step="any"
                    value={(clock as f64 / 1000.0).to_string()} oninput={on_seek} aria-label={tr(lang, "Seek")}
                    aria-valuetext={format::clock(clock)} />
            </label>
            <output class="clock" aria-label={tr(lang, "Simulation time")}>{format::clock(clock)}</output>
            if !ctx.end_known && ctx.error.is_none() {
                <p class="exploring" role="status">
                    {trf(lang, "Finding where the run ends: known up to {0} so far.", &[&format::clock(ctx.end)])}
                </p>
            }
            if let Some(t) = ctx.seeking {
                <p class="exploring" role="status">{trf(lang, "Seeking to {0}…", &[&format::clock(t)])}</p>
            }
            if ended {
                <p class="ended" role="status">
                    <span>{trf(lang, "The run has ended at {0}: nothing is left in flight.", &[&format::clock(clock)])}</span>
                    <button class="primary" onclick={act(Action::Play)}>{tr(lang, "Replay")}</button>
                </p>
            }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct SpeedProps {
    pub speeds: &'static [f64],
    pub index: usize,
    pub lang: crate::i18n::Lang,
    /// Called with the index of the chosen speed.
    pub on_change: Callback<usize>,
}

/// The speed slider, shared by the simulator and the code lab.
#[function_component(Speed)]
pub fn speed(p: &SpeedProps) -> Html {
    let oninput = {
        let on = p.on_change.clone();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(i) = el.value().parse::<usize>() {
                on.emit(i);
            }
        })
    };
    let shown = format::speed(p.speeds[p.index.min(p.speeds.len() - 1)]);
    html! {
        <label class="speed">
            <span>{tr(p.lang, "Speed")}</span>
            <input type="range" min="0" max={(p.speeds.len() - 1).to_string()} step="1"
                value={p.index.to_string()} {oninput} aria-label={tr(p.lang, "Speed")}
                aria-valuetext={shown.clone()} />
            <output>{shown}</output>
        </label>
    }
}
