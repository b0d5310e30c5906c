//! The code lab's worker module: `asyncviz-lab`'s program model (the JavaScript and Python
//! interpreters) in a wasm module of its own, which `static/lab-worker.js` loads only when
//! the code lab opens, so the app's first load does not carry it. It also reads TOML for
//! `static/embed.js`, for the same reason.

/// Runs a program ("js" or "py"), or the example named by `example` if it is not empty, and
/// answers in JSON: `{"ok": trace}` or `{"err": error}`, plus `"source"` for an example.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn asyncviz_run_program(language: &str, source: &str, example: &str) -> String {
    asyncviz::lab::run_json(language, source, Some(example).filter(|e| !e.is_empty()))
}

/// A fenced block's TOML as JSON, for `static/embed.js`: `{"json": text}` or `{"err": message}`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn asyncviz_toml_to_json(text: &str) -> String {
    match asyncviz::lab::toml_to_json(text) {
        Ok(json) => serde_json::json!({ "json": json }),
        Err(e) => serde_json::json!({ "err": e }),
    }
    .to_string()
}

fn main() {}
