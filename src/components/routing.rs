//! Which page is shown, read from the URL's hash and kept in step with it, and the query that
//! reproduces what the simulator shows.

use yew::prelude::*;

use super::dom::{current_hash, prefers_reduced_motion};
use crate::i18n::Lang;
use crate::state::{Action, AppState};

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

/// Follows the URL hash: tabs and links are plain anchors. Back and Forward between entries
/// whose URLs differ in more than the hash fire only `popstate`, so both events are followed,
/// each hash once. A new `#code=…` hash is kept in `code_hash` (it reopens the code lab).
#[hook]
pub fn use_hash_routing(
    view: UseStateHandle<View>,
    d: UseReducerDispatcher<AppState>,
    code_hash: UseStateHandle<String>,
) {
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

/// Keeps the URL in step with the simulator whenever playback rests. The tour, the code lab
/// and the live page have URLs of their own (the hash), which this leaves alone: a rewritten
/// query would make Back and Forward between their steps differ in more than the hash, and the
/// browser would then fire no `hashchange`.
#[hook]
pub fn use_url_sync(st: UseReducerHandle<AppState>, query: std::rc::Rc<crate::url::Query>, shown: View) {
    use_effect_with((st.version, st.playing, shown), move |_| {
        if !st.playing && (shown == View::Simulator || query.embed) {
            let url = format!("{}{}", share_query(&st, &query), current_hash());
            if let Some(h) = web_sys::window().and_then(|w| w.history().ok()) {
                let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
            }
        }
    });
}

/// Whether the simulator's playback keys act on what `view` shows: the simulator, or a tour
/// step that demonstrates a preset (the code lab and the live page have keys of their own).
pub fn simulator_keys(view: View) -> bool {
    match view {
        View::Simulator => true,
        View::Browser | View::Code => false,
        View::Learn(i) => {
            matches!(crate::tour::STEPS.get(i).map(|s| s.demo), Some(crate::tour::Demo::Preset(_)))
        }
    }
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

    #[test]
    fn playback_keys_belong_to_the_simulator_and_the_tour_steps_that_show_it() {
        assert!(simulator_keys(View::Simulator));
        assert!(!simulator_keys(View::Browser) && !simulator_keys(View::Code));
        let step = |demo: fn(&crate::tour::Demo) -> bool| {
            crate::tour::STEPS.iter().position(|s| demo(&s.demo)).expect("such a step")
        };
        assert!(simulator_keys(View::Learn(step(|d| matches!(d, crate::tour::Demo::Preset(_))))));
        assert!(!simulator_keys(View::Learn(step(|d| matches!(d, crate::tour::Demo::Code(_))))));
        assert!(!simulator_keys(View::Learn(9999)));
    }
}
