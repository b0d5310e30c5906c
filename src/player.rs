//! The animation loop and the keyboard: small services outside the reducer.
//!
//! The loop awaits one animation frame at a time (a Promise resolved by
//! `requestAnimationFrame`, awaited through wasm-bindgen-futures) and
//! dispatches the wall-clock time since the last frame; the reducer turns it
//! into simulated time (speed × elapsed). Rendering follows the state, so the
//! simulation's pace never depends on how fast frames are drawn.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use web_sys::KeyboardEvent;
use yew::prelude::*;

use crate::components::routing::{simulator_keys, View};
use crate::state::{Action, AppState};

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Runs the animation loop for the component's lifetime.
#[hook]
pub fn use_player(dispatch: UseReducerDispatcher<AppState>) {
    use_effect_with((), move |_| {
        let alive = Rc::new(Cell::new(true));
        let running = alive.clone();
        spawn_local(async move {
            let mut last = now_ms();
            while running.get() {
                next_frame().await;
                let t = now_ms();
                dispatch.dispatch(Action::Tick(t - last));
                last = t;
            }
        });
        move || alive.set(false)
    });
}

/// What a key press means, if anything. Keys typed into fields are theirs.
pub fn key_action(key: &str, target_tag: &str) -> Option<Action> {
    let tag = target_tag.to_ascii_lowercase();
    if matches!(tag.as_str(), "input" | "select" | "textarea") {
        return None;
    }
    match key {
        " " | "Spacebar" if !matches!(tag.as_str(), "button" | "a" | "summary") => Some(Action::Toggle),
        "ArrowRight" => Some(Action::StepForward),
        "ArrowLeft" => Some(Action::StepBack),
        "+" | "=" => Some(Action::Faster),
        "-" | "_" => Some(Action::Slower),
        "Home" => Some(Action::Reset),
        _ => None,
    }
}

/// Calls `on` with the playback action of each key pressed anywhere on the page (space,
/// arrows, +/-, Home; not typing in a field). `on` says whether it took the key, which then
/// does nothing else (no scrolling).
#[hook]
pub fn use_playback_keys(on: std::rc::Rc<dyn Fn(Action) -> bool>) {
    use_effect_with((), move |_| {
        let doc = web_sys::window().and_then(|w| w.document());
        let listener = Closure::<dyn Fn(KeyboardEvent)>::new(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.meta_key() || e.alt_key() {
                return;
            }
            let tag = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .map(|el| el.tag_name())
                .unwrap_or_default();
            if key_action(&e.key(), &tag).is_some_and(|a| on(a)) {
                e.prevent_default();
            }
        });
        if let Some(d) = &doc {
            let _ = d.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(d) = &doc {
                let _ = d.remove_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
            }
            drop(listener);
        }
    });
}

/// The simulator's keys: space, arrows, +/- and Home anywhere on the page, while `view` shows
/// the simulator (see [`simulator_keys`]).
#[hook]
pub fn use_keyboard(dispatch: UseReducerDispatcher<AppState>, view: View) {
    // The listener is added once; it reads the view shown now.
    let shown = use_mut_ref(|| view);
    *shown.borrow_mut() = view;
    use_playback_keys(std::rc::Rc::new(move |a| {
        if !simulator_keys(*shown.borrow()) {
            return false;
        }
        dispatch.dispatch(a);
        true
    }));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_map_to_actions_except_inside_fields() {
        assert_eq!(key_action(" ", "BODY"), Some(Action::Toggle));
        assert_eq!(key_action(" ", "BUTTON"), None, "space activates the focused button instead");
        assert_eq!(key_action("ArrowRight", "BUTTON"), Some(Action::StepForward));
        assert_eq!(key_action("ArrowLeft", "DIV"), Some(Action::StepBack));
        assert_eq!(key_action("+", "DIV"), Some(Action::Faster));
        assert_eq!(key_action("-", "DIV"), Some(Action::Slower));
        assert_eq!(key_action("Home", "DIV"), Some(Action::Reset));
        assert_eq!(key_action("ArrowLeft", "INPUT"), None);
        assert_eq!(key_action("x", "DIV"), None);
    }
}
