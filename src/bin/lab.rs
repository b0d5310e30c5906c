//! The code lab's worker module: `asyncviz-lab`'s program model (the JavaScript and Python
//! interpreters) in a wasm module of its own, which `static/lab-worker.js` loads only when
//! the code lab opens, so the app's first load does not carry it. (TOML for `static/embed.js`
//! is read by a module of its own, `src/bin/toml.rs`.)

/// Runs a program ("js" or "py"), or the example named by `example` if it is not empty, and
/// answers in JSON: `{"ok": trace}` or `{"err": error}`, plus `"source"` for an example.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn asyncviz_run_program(language: &str, source: &str, example: &str) -> String {
    asyncviz::lab::run_json(language, source, Some(example).filter(|e| !e.is_empty()))
}

fn main() {}
