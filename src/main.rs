/// In the browser the wasm start function does nothing: `static/boot.js` calls
/// [`asyncviz_start`] once the page has had a frame. Natively this says how to run the app.
fn main() {
    #[cfg(not(target_arch = "wasm32"))]
    asyncviz::start();
}

/// Mounts the app (see `asyncviz::start`); `static/boot.js` calls it.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn asyncviz_start() {
    asyncviz::start();
}
