//! The page: presets, playback controls, the sides, the editor and the log.

use yew::prelude::*;

use super::controls::Controls;
use super::editor::Editor;
use super::log::Log;
use super::side::SidePanel;
use crate::player::{use_keyboard, use_player};
use crate::presets::{MODEL_DEFAULTS, PRESETS};
use crate::state::{Action, AppState, MAX_SIDES};

/// The shared state every view reads.
pub type Ctx = UseReducerHandle<AppState>;

fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(|| AppState::from_preset(&PRESETS[0], !prefers_reduced_motion()));
    use_player(state.dispatcher());
    use_keyboard(state.dispatcher());

    let n = state.models.len();
    let preset = state.preset.and_then(crate::presets::find);
    let on_preset = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = PRESETS.iter().find(|p| p.id == sel.value()) {
                d.dispatch(Action::LoadPreset(p.id));
            }
        })
    };
    let add_side = {
        let d = state.dispatcher();
        Callback::from(move |_| {
            let m = serde_json::from_str(MODEL_DEFAULTS[4].1).expect("default model");
            d.dispatch(Action::AddSide(m));
        })
    };
    html! {
        <ContextProvider<Ctx> context={state.clone()}>
            <svg class="sr-only" aria-hidden="true" focusable="false">
                <defs>
                    <pattern id="p-ready" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="4" height="4" class="pat-bg" fill="var(--ready)" />
                        <line x1="0" y1="0" x2="0" y2="4" stroke="var(--run)" stroke-width="1.5" />
                    </pattern>
                    <pattern id="p-io" width="4" height="4" patternUnits="userSpaceOnUse">
                        <rect width="4" height="4" fill="var(--io)" />
                        <circle cx="2" cy="2" r="0.8" fill="var(--panel)" />
                    </pattern>
                    <pattern id="p-blocked" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="4" height="4" fill="var(--blocked)" />
                        <line x1="0" y1="0" x2="0" y2="4" stroke="var(--panel)" stroke-width="1" />
                    </pattern>
                </defs>
            </svg>
            <header class="top">
                <h1>{"asyncviz"}</h1>
                <p class="tagline">{"Blocking and non-blocking servers, side by side on one simulated clock."}</p>
                <label class="preset">
                    <span>{"Scenario"}</span>
                    <select onchange={on_preset} aria-label="Scenario">
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={state.preset == Some(p.id)}>{p.title}</option>
                        }) }
                        if preset.is_none() {
                            <option value="" selected=true disabled=true>{"Your own scenario"}</option>
                        }
                    </select>
                </label>
            </header>
            <main>
                if let Some(p) = preset {
                    <p class="explain">{p.explain}</p>
                }
                if let Some(e) = &state.error {
                    <p class="error" role="alert">{e}</p>
                }
                <Controls />
                <div class={classes!("sides", format!("n{n}"))}>
                    { for (0..n).map(|i| html! { <SidePanel key={i} index={i} /> }) }
                </div>
                if n < MAX_SIDES {
                    <button class="add" onclick={add_side}>{"Add a third model"}</button>
                }
                <div class="lower">
                    <Log />
                    <Editor />
                </div>
            </main>
        </ContextProvider<Ctx>>
    }
}
