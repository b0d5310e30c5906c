//! Services the page runs beside its views: the postMessage API of an embed, and the
//! document's language and title.

use yew::prelude::*;

use crate::i18n::{tr, Lang};
use crate::state::AppState;

/// An embed obeys its host page's postMessage commands and reports its state.
/// Only the window that embeds it may drive it, and only from `origin` when the
/// embed URL names one.
#[hook]
pub fn use_embed_api(state: UseReducerHandle<AppState>, enabled: bool, origin: Option<String>) {
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

/// Keeps `<html lang>` and the title in the page's language.
#[hook]
pub fn use_document_lang(lang: Lang) {
    use_effect_with(lang, |lang| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(tr(*lang, "asyncviz — blocking vs non-blocking, side by side"));
        }
    });
}
