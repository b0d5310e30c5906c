//! # asyncviz, the browser app
//!
//! A Yew single-page app that drives [`asyncviz_engine`] and draws what it
//! says: compare mode (several models on one simulated clock), a runtime
//! diagram, timeline lanes, live metrics and a narrated log, with playback
//! that steps, rewinds and seeks. The app never invents a timeline.
//!
//! Layout: `state.rs` (the reducer), `player.rs` (the animation loop and
//! keyboard), `components/` (one view per file), and plain helpers
//! (`narrate.rs`, `format.rs`, `presets.rs`, `geometry.rs`, `i18n.rs` for English and
//! Korean) that are tested natively.

#[cfg(test)]
mod claims;
pub mod components;
pub mod edit;
pub mod embed_api;
pub mod export;
pub mod flow;
pub mod format;
pub mod geometry;
pub mod handlers;
pub mod i18n;
pub mod job;
pub mod lab;
pub mod names;
pub mod narrate;
pub mod player;
pub mod presets;
pub mod problem;
pub mod rates;
pub mod state;
pub mod tour;
pub mod url;

/// Mounts the app on `#app` (or the body) and installs the panic panel. `static/boot.js` calls
/// it (through the binary's `asyncviz_start` export) a frame after the module is instantiated,
/// not from the wasm start function: the browser's work of finishing the module and the first
/// render then fall in different frames instead of one long task. A Web Worker (no window)
/// never calls it; it only calls [`asyncviz_cpu_job`].
#[cfg(target_arch = "wasm32")]
pub fn start() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        components::fatal::show(&info.to_string());
    }));
    let root = doc.get_element_by_id("app").or_else(|| doc.body().map(Into::into)).expect("a mount point");
    yew::Renderer::<components::app::App>::with_root(root).render();
}

/// The app runs only in a browser; natively this crate is a library for tests.
#[cfg(not(target_arch = "wasm32"))]
pub fn start() {
    eprintln!("asyncviz runs in the browser: use `trunk serve` (see the README)");
}

/// The CPU job of "Your browser's event loop", for `static/cpu-worker.js`:
/// runs `rounds` rounds and returns the checksum in hex.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn asyncviz_cpu_job(rounds: f64) -> String {
    job::checksum(rounds.max(0.0) as u64)
}
