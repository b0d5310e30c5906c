//! TOML for `static/embed.js`: a docs page's fenced block written in TOML becomes the JSON the
//! app reads. A wasm module of its own (the TOML parser and nothing else), loaded only when a
//! page has a TOML block, so neither the app's first load nor the code lab carries the parser.

/// A fenced block's TOML as JSON: `{"json": text}` or `{"err": message}`.
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
