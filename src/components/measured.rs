//! "Measured on real …": for a preset side that a real stack can run, what the reality check
//! measured against the real server next to what the simulation said for the same requests
//! (`static/measured.json`, written by `scripts/record-real.sh`; fetched when a preset shows).

use std::rc::Rc;

use serde_json::Value;
use yew::prelude::*;

use super::context::Ctx;
use crate::format::latency;
use crate::i18n::trf;

#[derive(Properties, PartialEq)]
pub struct MeasuredProps {
    pub index: usize,
}

/// What the reality check recorded for one preset side.
pub struct Entry {
    pub server: String,
    pub requests: u64,
    pub cores: u64,
    /// (answered per second, p50 latency ms), simulated and measured.
    pub simulated: (f64, f64),
    pub measured: (f64, f64),
}

/// The recorded entry for side `index` of preset `preset` whose model is `model`, if a real
/// server ran it.
pub fn entry(data: &Value, preset: &str, index: usize, model: &str) -> Option<Entry> {
    let e = data["presets"][preset].as_array()?.iter().find(|e| e["side"] == index as u64)?;
    if e["model"] != model {
        return None;
    }
    let figures = |r: &Value| Some((r["throughput_per_s"].as_f64()?, r["latency_ms"]["p50"].as_f64()?));
    Some(Entry {
        server: e["stack"]["server"].as_str()?.to_string(),
        requests: e["stack"]["requests"].as_u64()?,
        cores: e["stack"]["cores"].as_u64()?,
        simulated: figures(&e["simulated"])?,
        measured: figures(&e["measured"])?,
    })
}

#[function_component(Measured)]
pub fn measured(props: &MeasuredProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let data = use_state(|| None::<Rc<Value>>);
    let preset = ctx.preset;
    {
        let data = data.clone();
        use_effect_with(preset.is_some(), move |wanted| {
            if *wanted && data.is_none() {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Ok(text) = super::hooks::fetch_text("./measured.json").await {
                        if let Ok(v) = serde_json::from_str::<Value>(&text) {
                            data.set(Some(Rc::new(v)));
                        }
                    }
                });
            }
            || ()
        });
    }
    let (Some(p), Some(d)) = (preset, data.as_ref()) else { return html! {} };
    let eng = ctx.engine.borrow();
    if props.index >= eng.len() {
        return html! {};
    }
    let model = eng.side(props.index).scenario().model.name();
    let Some(Entry { server, requests: n, cores, simulated: sim, measured: real }) =
        entry(d, p, props.index, model)
    else {
        return html! {};
    };
    html! {
        <p class="measured">
            {trf(ctx.lang, "Measured on real {0}, the same {1} requests on {2} cores: {3}/s, p50 {4} (simulated: {5}/s, p50 {6}).",
                &[&server, &n, &cores, &format!("{:.0}", real.0), &latency(real.1), &format!("{:.0}", sim.0), &latency(sim.1)])}
        </p>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every preset side the file names is a side of that preset with that model, and the
    /// figures the app shows are there.
    #[test]
    fn the_recorded_sides_match_the_presets() {
        let data: Value =
            serde_json::from_str(include_str!("../../static/measured.json")).expect("static/measured.json");
        let mut shown = 0;
        for p in crate::presets::PRESETS {
            for (i, m) in p.models.iter().enumerate() {
                let m: Value = serde_json::from_str(m).unwrap();
                let kind = m.as_object().unwrap().keys().find(|k| *k != "faults").unwrap().clone();
                if let Some(e) = entry(&data, p.id, i, &kind) {
                    assert!(!e.server.is_empty() && e.requests > 0 && e.cores > 0, "{}", p.id);
                    let (sim, real) = (e.simulated, e.measured);
                    assert!(sim.0 > 0.0 && real.0 > 0.0 && sim.1 >= 0.0 && real.1 >= 0.0, "{}", p.id);
                    shown += 1;
                }
            }
        }
        assert!(shown >= 8, "only {shown} preset sides have real measurements");
    }
}
