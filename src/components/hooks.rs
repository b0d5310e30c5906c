//! Services the page runs beside its views: the postMessage API of an embed, and the
//! document's language and title.

use yew::prelude::*;

use crate::i18n::{tr, trf, Lang};
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

/// Keeps `<html lang>`, the title and the meta description in the page's language (again once
/// the Korean catalog has arrived: until then Korean reads in English).
#[hook]
pub fn use_document_lang(lang: Lang) {
    use_effect_with((lang, crate::i18n::korean_ready()), |(lang, _)| {
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(el) = doc.document_element() {
                let _ = el.set_attribute("lang", lang.code());
            }
            doc.set_title(tr(*lang, "asyncviz — blocking vs non-blocking, side by side"));
            // index.html is one file for both languages: its description follows the page's.
            if let Ok(Some(meta)) = doc.query_selector("meta[name=description]") {
                let text = tr(
                    *lang,
                    "asyncviz: watch thread pools, event loops and job queues serve the same load, side by side.",
                );
                let _ = meta.set_attribute("content", text);
            }
        }
    });
}

/// Fetches the Korean catalog (`ko.json`, next to the app) the first time Korean is shown,
/// installs it and redraws; until then Korean text reads in English. A catalog that cannot be
/// fetched or read leaves the page in English and says why in the console.
#[hook]
pub fn use_korean_catalog(lang: Lang, d: UseReducerDispatcher<AppState>) {
    use_effect_with(lang, move |lang| {
        if *lang == Lang::Ko && !crate::i18n::korean_ready() {
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_text("./ko.json")
                    .await
                    .map_err(|e| e.to_string())
                    .and_then(|t| crate::i18n::install_korean(&t))
                {
                    Ok(()) => d.dispatch(crate::state::Action::TextsLoaded),
                    Err(e) => {
                        web_sys::console::warn_1(&format!("asyncviz: Korean is not available: {e}").into())
                    }
                }
            });
        }
    });
}

/// Why a file next to the app could not be loaded (said in the reader's language at the
/// moment it is shown; [`std::fmt::Display`] gives the English, for the console).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadError {
    pub url: &'static str,
    pub why: LoadFailure,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LoadFailure {
    NoWindow,
    Network,
    NotAResponse,
    Http(u16),
    NoBody,
    BodyFailed,
    /// The file arrived but is not what it should be (a tour this app cannot read).
    Unreadable,
}

impl LoadError {
    pub fn text(&self, lang: Lang) -> String {
        let url = self.url;
        match self.why {
            LoadFailure::NoWindow => trf(lang, "{0}: there is no browser window to fetch it in", &[&url]),
            LoadFailure::Network => trf(lang, "{0}: the network failed", &[&url]),
            LoadFailure::NotAResponse => trf(lang, "{0}: not a response", &[&url]),
            LoadFailure::Http(status) => trf(lang, "{0}: the server answered HTTP {1}", &[&url, &status]),
            LoadFailure::NoBody => trf(lang, "{0}: the response has no body", &[&url]),
            LoadFailure::BodyFailed => trf(lang, "{0}: the body failed", &[&url]),
            LoadFailure::Unreadable => trf(lang, "{0}: not a file this version of the app can read", &[&url]),
        }
    }
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text(Lang::En))
    }
}

/// The text of a file next to the app.
pub async fn fetch_text(url: &'static str) -> Result<String, LoadError> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let fail = |why| LoadError { url, why };
    let w = web_sys::window().ok_or(fail(LoadFailure::NoWindow))?;
    let resp = JsFuture::from(w.fetch_with_str(url)).await.map_err(|_| fail(LoadFailure::Network))?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| fail(LoadFailure::NotAResponse))?;
    if !resp.ok() {
        return Err(fail(LoadFailure::Http(resp.status())));
    }
    let text = JsFuture::from(resp.text().map_err(|_| fail(LoadFailure::NoBody))?)
        .await
        .map_err(|_| fail(LoadFailure::BodyFailed))?;
    Ok(text.as_string().unwrap_or_default())
}

/// False until `frames` frames have passed since the component mounted, then true: heavy
/// panels mount in stages, so that a page's first render (which also compiles their code on
/// first use) does not come as one long frame. A frame is the next animation frame or 50 ms,
/// whichever comes first (a hidden page or embed draws no frames). Natively it is true at once.
#[hook]
pub fn use_staged(frames: u32) -> bool {
    let ready = use_state_eq(|| frames == 0 || !cfg!(target_arch = "wasm32"));
    {
        let ready = ready.clone();
        use_effect_with((), move |_| {
            #[cfg(target_arch = "wasm32")]
            if !*ready {
                wasm_bindgen_futures::spawn_local(async move {
                    for _ in 0..frames {
                        next_frame().await;
                    }
                    ready.set(true);
                });
            }
            #[cfg(not(target_arch = "wasm32"))]
            let _ = ready;
        });
    }
    *ready
}

/// The next animation frame, or 50 ms if none comes sooner.
#[cfg(target_arch = "wasm32")]
async fn next_frame() {
    let Some(w) = web_sys::window() else { return };
    let p = js_sys::Promise::new(&mut |resolve, _| {
        let _ = w.request_animation_frame(&resolve);
        let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 50);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(p).await;
}
