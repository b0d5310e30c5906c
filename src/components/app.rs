//! The page: presets, playback controls, the sides, the editor and the log.

use yew::prelude::*;

use super::browser::BrowserLoop;
use super::code::CodeLab;
use super::controls::Controls;
use super::editor::Editor;
use super::learn::Learn;
use super::log::Log;
use super::share::Share;
use super::side::SidePanel;
use crate::i18n::{tr, Lang};
use crate::lab::{Lab, EXAMPLES};
use crate::player::{use_keyboard, use_player};
use crate::presets::{model_default, PRESETS};
use crate::state::{Action, AppState, MAX_SIDES};

/// The shared state every view reads.
pub type Ctx = UseReducerHandle<AppState>;

/// An embed obeys its host page's postMessage commands and reports its state.
/// Only the window that embeds it may drive it, and only from `origin` when the
/// embed URL names one.
#[hook]
fn use_embed_api(state: UseReducerHandle<AppState>, enabled: bool, origin: Option<String>) {
    use wasm_bindgen::JsCast;
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten()).filter(|_| enabled);
    {
        let (d, origin, parent) = (state.dispatcher(), origin.clone(), parent.clone());
        use_effect_with((), move |_| {
            let warn =
                |m: &str| web_sys::console::warn_1(&format!("asyncviz embed: ignored a message: {m}").into());
            let listener = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| {
                    let from_parent = match (&parent, e.source()) {
                        (Some(p), Some(src)) => js_sys::Object::is(p.as_ref(), &src),
                        _ => false,
                    };
                    if !from_parent {
                        return; // not for us: other windows may talk among themselves
                    }
                    if origin.as_ref().is_some_and(|o| *o != e.origin()) {
                        return warn(&format!(
                            "origin {} is not {}",
                            e.origin(),
                            origin.as_deref().unwrap_or("")
                        ));
                    }
                    let text = js_sys::JSON::stringify(&e.data())
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default();
                    if text.len() > crate::embed_api::MAX_MESSAGE {
                        return warn("larger than 64 KiB");
                    }
                    match serde_json::from_str(&text)
                        .map_err(|e| e.to_string())
                        .and_then(|v| crate::embed_api::parse(&v))
                    {
                        Ok(c) => crate::embed_api::actions(c).into_iter().for_each(|a| d.dispatch(a)),
                        Err(m) => warn(&m),
                    }
                },
            );
            let w = web_sys::window();
            if let Some(w) = &w {
                let _ = w.add_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
            }
            move || {
                if let Some(w) = &w {
                    let _ =
                        w.remove_event_listener_with_callback("message", listener.as_ref().unchecked_ref());
                }
                drop(listener);
            }
        });
    }
    // Report after every change while resting, and a few times a second while playing.
    let st = state.clone();
    use_effect_with((state.version, state.playing), move |_| {
        if let Some(p) = parent.filter(|_| !st.playing || st.version.is_multiple_of(15)) {
            let mut msg = crate::embed_api::state_message(&st);
            // The content's height, so that the host (or the loader) can size the iframe.
            let height = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .map_or(0, |e| e.scroll_height());
            msg["height"] = height.into();
            let msg = msg.to_string();
            if let Ok(v) = js_sys::JSON::parse(&msg) {
                let _ = p.post_message(&v, origin.as_deref().unwrap_or("*"));
            }
        }
    });
}

/// Which page is shown; kept in the URL's hash so each is reachable by link.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum View {
    Simulator,
    Browser,
    /// The code lab (`#code`, `#code=<example>`, `#code=js:<program>`).
    Code,
    /// The guided tour at a step (`#learn`, `#learn=<step>`).
    Learn(usize),
}

/// Reads the view (and a preset to load) from a URL hash such as
/// `#browser` or `#preset=cpu-bound`.
pub fn route(hash: &str) -> (View, Option<&'static str>) {
    let h = hash.trim_start_matches('#');
    if h == "browser" {
        return (View::Browser, None);
    }
    if h == "code" || h.starts_with("code=") {
        return (View::Code, None);
    }
    if let Some(step) = crate::tour::from_hash(h) {
        return (View::Learn(step), None);
    }
    let preset = h.strip_prefix("preset=").and_then(crate::presets::find).map(|p| p.id);
    (View::Simulator, preset)
}

fn current_search() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// The query string that reproduces what is shown (keeping embed options).
pub fn share_query(st: &AppState, q: &crate::url::Query) -> String {
    let mut extra: Vec<(&str, String)> = Vec::new();
    if q.embed {
        extra.push(("embed", String::new()));
        if q.autoplay {
            extra.push(("autoplay", "1".into()));
        }
    }
    if let Some(c) = &q.caption {
        extra.push(("caption", c.clone()));
    }
    if st.lang == Lang::Ko {
        extra.push(("lang", "ko".into()));
    }
    crate::url::build(&st.common, &st.models, st.clock(), st.speed, &extra)
}

/// The browser's preferred language, if it is one the app speaks; else English.
fn browser_lang() -> Lang {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .and_then(|l| Lang::from_code(&l))
        .unwrap_or(Lang::En)
}

fn current_hash() -> String {
    web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default()
}

pub(crate) fn prefers_reduced_motion() -> bool {
    web_sys::window()
        .and_then(|w| w.match_media("(prefers-reduced-motion: reduce)").ok().flatten())
        .is_some_and(|m| m.matches())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(route(""), (View::Simulator, None));
        assert_eq!(route("#browser"), (View::Browser, None));
        assert_eq!(route("#preset=cpu-bound"), (View::Simulator, Some("cpu-bound")));
        assert_eq!(route("#preset=nope"), (View::Simulator, None));
        assert_eq!(route("#code"), (View::Code, None));
        assert_eq!(route("#code=async-await"), (View::Code, None));
        assert_eq!(route("#codex"), (View::Simulator, None));
        assert_eq!(route("#learn"), (View::Learn(0), None));
        assert_eq!(route("#learn=event-loop"), (View::Learn(crate::tour::find("event-loop").unwrap()), None));
    }
}

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
    {
        // Keep the URL in step with the simulator whenever playback rests. The tour, the code
        // lab and the live page have URLs of their own (the hash), which this leaves alone: a
        // rewritten query would make Back and Forward between their steps differ in more than
        // the hash, and the browser would then fire no `hashchange`.
        let (st, query, shown) = (state.clone(), query.clone(), *view);
        use_effect_with((state.version, state.playing, shown), move |_| {
            if !st.playing && (shown == View::Simulator || query.embed) {
                let url = format!("{}{}", share_query(&st, &query), current_hash());
                if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                    let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
                }
            }
        });
    }
    use_effect_with(state.lang, |lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(tr(*lang, "asyncviz — blocking vs non-blocking, side by side"));
        }
    });
    // The hash the code lab opened with; a new one (a link followed) reopens the lab.
    let code_hash = use_state(current_hash);
    use_embed_api(state.clone(), query.embed, query.origin.clone());
    use_player(state.dispatcher());
    use_keyboard(state.dispatcher());
    {
        // Follow the URL hash: tabs and links are plain anchors. Back and Forward between
        // entries whose URLs differ in more than the hash fire only `popstate`, so both events
        // are followed, each hash once.
        let (view, d, code_hash) = (view.clone(), state.dispatcher(), code_hash.clone());
        use_effect_with((), move |_| {
            let followed = std::rc::Rc::new(std::cell::RefCell::new(current_hash()));
            let listener = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || {
                let hash = current_hash();
                if *followed.borrow() == hash {
                    return;
                }
                followed.replace(hash.clone());
                let (v, preset) = route(&hash);
                if v != View::Simulator {
                    d.dispatch(Action::Pause);
                }
                if v == View::Code {
                    code_hash.set(hash);
                }
                if let Some(p) = preset {
                    d.dispatch(Action::LoadPreset(p));
                    if !prefers_reduced_motion() {
                        d.dispatch(Action::Play);
                    }
                }
                view.set(v);
            });
            let w = web_sys::window();
            let events = ["hashchange", "popstate"];
            if let Some(w) = &w {
                for ev in events {
                    let _ = w.add_event_listener_with_callback(
                        ev,
                        wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()),
                    );
                }
            }
            move || {
                if let Some(w) = &w {
                    for ev in events {
                        let _ = w.remove_event_listener_with_callback(
                            ev,
                            wasm_bindgen::JsCast::unchecked_ref(listener.as_ref()),
                        );
                    }
                }
                drop(listener);
            }
        });
    }

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
                    <div class={classes!("sides", format!("n{n}"))}>
                        { for (0..n).map(|i| html! { <SidePanel key={i} index={i} query={Some(query.clone())} /> }) }
                    </div>
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
                <p class="tagline">{tr(lang, "Blocking and non-blocking servers, side by side on one simulated clock.")}</p>
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
            <main>
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
fn notice(lang: Lang, p: &crate::problem::Problem) -> String {
    let why = tr(lang, "The scenario in this link could not be read, so the default is shown.");
    format!("{why} {}", p.text(lang))
}
