//! The page: presets, playback controls, the sides, the editor and the log, or the tour, the
//! code lab or the live page, as the route says. Its context, routing, hooks and DOM helpers
//! live in `context`, `routing`, `hooks` and `dom`.

use yew::prelude::*;

use super::browser::BrowserLoop;
use super::code::CodeLab;
use super::context::Ctx;
use super::controls::Controls;
use super::dom::{browser_lang, current_hash, current_search, prefers_reduced_motion};
use super::editor::Editor;
use super::flow::FlowView;
use super::glance::Glance;
use super::hooks::{use_document_lang, use_embed_api, use_korean_catalog};
use super::learn::Learn;
use super::log::Log;
use super::routing::{route, share_query, use_hash_routing, use_url_sync, View};
use super::share::Share;
use super::side::SidePanel;
use crate::i18n::{tr, Lang};
use crate::lab::{Lab, EXAMPLES};
use crate::player::{use_keyboard, use_player};
use crate::presets::{model_default, PRESETS};
use crate::state::{Action, AppState, MAX_SIDES};

/// The whole app.
#[function_component(App)]
pub fn app() -> Html {
    let initial = route(&current_hash());
    let query = use_memo((), |_| crate::url::parse(&current_search()));
    let state = {
        let query = query.clone();
        use_reducer(move || {
            let mut q = (*query).clone();
            if let (None, Some(p)) = (&q.preset, initial.1) {
                q.preset = Some(p.to_string());
            }
            // A link to a moment, and an embed, start paused unless autoplay is asked for.
            let play = if q.embed { q.autoplay } else { q.time.is_none() };
            let play = play && initial.0 == View::Simulator && !prefers_reduced_motion();
            AppState::from_query(&q, play, browser_lang())
        })
    };
    let view = use_state(|| initial.0);
    use_url_sync(state.clone(), query.clone(), *view);
    use_document_lang(state.lang);
    use_korean_catalog(state.lang, state.dispatcher());
    // The hash the code lab opened with; a new one (a link followed) reopens the lab.
    let code_hash = use_state(current_hash);
    use_embed_api(state.clone(), query.embed, query.origin.clone());
    use_player(state.dispatcher());
    use_keyboard(state.dispatcher(), *view);
    use_hash_routing(view.clone(), state.dispatcher(), code_hash.clone());

    let n = state.models.len();
    let preset = state.preset.and_then(crate::presets::find);
    let on_preset = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(p) = PRESETS.iter().find(|p| p.id == sel.value()) {
                // A chosen preset plays at once, as the landing page does.
                d.dispatch(Action::LoadPreset(p.id));
                if !prefers_reduced_motion() {
                    d.dispatch(Action::Play);
                }
            }
        })
    };
    let lang = state.lang;
    let on_lang = {
        let d = state.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(Action::SetLang(if sel.value() == "ko" { Lang::Ko } else { Lang::En }));
        })
    };
    let add_side = {
        let d = state.dispatcher();
        Callback::from(move |_| {
            let m = serde_json::from_str(model_default(asyncviz_engine::ModelKind::VirtualThreads))
                .expect("default model");
            d.dispatch(Action::AddSide(m));
        })
    };
    let defs = html! {
            <svg class="sr-only" aria-hidden="true" focusable="false">
                <defs>
                    <pattern id="p-ready" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
                        <rect width="4" height="4" fill="var(--ready)" />
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
    };
    if query.embed {
        let mut full = (*query).clone();
        full.embed = false;
        full.caption = None;
        let open_link = share_query(&state, &full);
        return html! {
            <ContextProvider<Ctx> context={state.clone()}>
                { defs }
                <main class="embed">
                    if let View::Learn(step) = *view {
                        <Learn {step} embed=true />
                    } else {
                    if let Some(c) = &query.caption {
                        <p class="caption">{c.clone()}</p>
                    }
                    if let Some(p) = &state.notice {
                        <p class="error" role="alert">{notice(lang, p)}</p>
                    }
                    <Controls />
                    if query.shows("flow") {
                        <Glance />
                        { flows(n) }
                    }
                    if ["diagram", "code", "timeline", "metrics"].iter().any(|v| query.shows(v)) {
                    <div class={classes!("sides", format!("n{n}"))}>
                        { for (0..n).map(|i| html! { <SidePanel key={i} index={i} query={Some(query.clone())} /> }) }
                    </div>
                    }
                    if query.shows("log") {
                        <Log />
                    }
                    }
                    <p class="embed-foot">
                        <a href={open_link} target="_blank" rel="noopener">{tr(lang, "Open in asyncviz ↗")}</a>
                    </p>
                </main>
            </ContextProvider<Ctx>>
        };
    }
    html! {
        <ContextProvider<Ctx> context={state.clone()}>
            { defs }
            <header class="top">
                <h1>{"asyncviz"}</h1>
                <p class="tagline">{tr(lang, "Press Send a burst and watch which server turns requests away: blocking and non-blocking servers, side by side on one simulated clock.")}</p>
                <nav class="tabs" aria-label={tr(lang, "Views")}>
                    <a href="#" aria-current={(*view == View::Simulator).then_some("page")}>{tr(lang, "Simulator")}</a>
                    <a href="#learn" aria-current={matches!(*view, View::Learn(_)).then_some("page")}>{tr(lang, "Learn")}</a>
                    <a href="#code" aria-current={(*view == View::Code).then_some("page")}>{tr(lang, "Code lab")}</a>
                    <a href="#browser" aria-current={(*view == View::Browser).then_some("page")}>{tr(lang, "Your browser's event loop")}</a>
                </nav>
                <label class="lang">
                    <select onchange={on_lang} aria-label={tr(lang, "Language")}>
                        <option value="en" lang="en" selected={lang == Lang::En}>{"English"}</option>
                        <option value="ko" lang="ko" selected={lang == Lang::Ko}>{"한국어"}</option>
                    </select>
                </label>
                if *view == View::Simulator {
                <label class="preset">
                    <span>{tr(lang, "Scenario")}</span>
                    <select onchange={on_preset} aria-label={tr(lang, "Scenario")}>
                        { for PRESETS.iter().map(|p| html! {
                            <option value={p.id} selected={state.preset == Some(p.id)}>{p.title_in(lang)}</option>
                        }) }
                        if preset.is_none() {
                            <option value="" selected=true disabled=true>{tr(lang, "Your own scenario")}</option>
                        }
                    </select>
                </label>
                }
            </header>
            if *view == View::Browser {
                <main><BrowserLoop /></main>
            } else if let View::Learn(step) = *view {
                <main><Learn {step} /></main>
            } else if *view == View::Code {
                <main>
                    <CodeLab key={(*code_hash).clone()} {lang}
                        initial={std::rc::Rc::new(Lab::from_hash(&code_hash).unwrap_or_else(|| Lab::from_example(&EXAMPLES[0])))} />
                </main>
            } else {
            <main class="sim">
                if let Some(p) = preset {
                    <p class="explain">{p.explain_in(lang)}</p>
                }
                if let Some(e) = &state.error {
                    <p class="error" role="alert">{crate::problem::scenario_error(lang, e)}</p>
                }
                if let Some(p) = &state.notice {
                    <p class="error" role="alert">{notice(lang, p)}</p>
                }
                <Controls />
                <Glance />
                { flows(n) }
                <Share query={query.clone()} />
                <div class={classes!("sides", format!("n{n}"))}>
                    { for (0..n).map(|i| html! { <SidePanel key={i} index={i} query={None::<std::rc::Rc<crate::url::Query>>} /> }) }
                </div>
                if n < MAX_SIDES {
                    <button class="add" onclick={add_side}>{tr(lang, "Add a third model")}</button>
                }
                <div class="lower">
                    <Log />
                    <Editor />
                </div>
            </main>
            }
        </ContextProvider<Ctx>>
    }
}

/// The page's notice about a link it could not read, in `lang`.
/// Every side's flow view, side by side (stacked on a phone, both on the first screen).
fn flows(n: usize) -> Html {
    html! {
        <div class={classes!("flows", format!("n{n}"))}>
            { for (0..n).map(|i| html! { <FlowView key={i} index={i} /> }) }
        </div>
    }
}

fn notice(lang: Lang, p: &crate::problem::Problem) -> String {
    let why = tr(lang, "The scenario in this link could not be read, so the default is shown.");
    format!("{why} {}", p.text(lang))
}
