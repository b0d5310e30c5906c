//! The postMessage API of an embed. The host page drives it with messages
//! like `{"asyncviz": 1, "type": "seek", "t_ms": 1500}`; the embed answers
//! with `{"asyncviz": 1, "type": "state", ...}`. Every message is untrusted:
//! anything malformed is ignored (and logged as a warning), never acted on.

use serde_json::{json, Value};

use crate::state::{Action, AppState};

/// Largest message accepted, in bytes of JSON.
pub const MAX_MESSAGE: usize = 64 * 1024;

/// A command from the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    Play,
    Pause,
    Step,
    StepBack,
    Reset,
    /// Seek to a time, µs.
    Seek(u64),
    /// Load a comparison (shared fields, one model per side).
    Load(Value, Vec<Value>),
    /// Load a preset by id.
    Preset(&'static str),
}

/// Reads a command; `Err` says why a message is ignored.
pub fn parse(v: &Value) -> Result<Command, String> {
    if v.get("asyncviz") != Some(&json!(1)) {
        return Err("not an asyncviz message (expected \"asyncviz\": 1)".into());
    }
    let kind = v.get("type").and_then(Value::as_str).ok_or("type: expected a string")?;
    Ok(match kind {
        "play" => Command::Play,
        "pause" => Command::Pause,
        "step" => Command::Step,
        "step_back" => Command::StepBack,
        "reset" => Command::Reset,
        "seek" => {
            let t = v.get("t_ms").and_then(Value::as_f64).ok_or("t_ms: expected a number")?;
            if !(0.0..1e12).contains(&t) {
                return Err(format!("t_ms: must be between 0 and 1e12 (got {t})"));
            }
            Command::Seek((t * 1000.0) as u64)
        }
        "load" => {
            if let Some(id) = v.get("preset").and_then(Value::as_str) {
                let p = crate::presets::find(id).ok_or_else(|| format!("preset: no preset {id:?}"))?;
                return Ok(Command::Preset(p.id));
            }
            let s =
                v.get("scenario").ok_or("scenario: expected {\"common\": …, \"models\": […]} or a preset")?;
            let encoded = crate::url::encode(
                s.get("common").ok_or("scenario.common: is required")?,
                s.get("models").and_then(Value::as_array).ok_or("scenario.models: expected a list")?,
            );
            // The link reader checks it; its problem is said of the message (`scenario: …`), in
            // English: the API's callers are programs.
            let (common, models) = crate::url::decode(&encoded)
                .map_err(|e| e.from(crate::problem::Source::Message).text(crate::i18n::Lang::En))?;
            Command::Load(common, models)
        }
        other => {
            return Err(format!("type: unknown command {:?}", other.chars().take(20).collect::<String>()))
        }
    })
}

/// The reducer actions a command stands for.
pub fn actions(c: Command) -> Vec<Action> {
    match c {
        Command::Play => vec![Action::Play],
        Command::Pause => vec![Action::Pause],
        Command::Step => vec![Action::StepForward],
        Command::StepBack => vec![Action::StepBack],
        Command::Reset => vec![Action::Reset],
        Command::Seek(t) => vec![Action::Pause, Action::Seek(t)],
        Command::Load(common, models) => vec![Action::Load(common, models)],
        Command::Preset(id) => vec![Action::LoadPreset(id)],
    }
}

/// What the embed reports to its host after a change.
pub fn state_message(st: &AppState) -> Value {
    let eng = st.engine.borrow();
    let sides: Vec<Value> = eng
        .sides()
        .map(|s| {
            let r = s.report();
            json!({"model": r.model, "events": s.events(), "arrived": r.requests.arrived,
                   "completed": r.requests.completed, "rejected": r.requests.rejected,
                   "in_flight": r.requests.in_flight})
        })
        .collect();
    json!({"asyncviz": 1, "type": "state", "t_ms": eng.clock() as f64 / 1000.0, "playing": st.playing,
           "speed": crate::state::SPEEDS[st.speed], "end_ms": st.end as f64 / 1000.0, "end_known": st.end_known, "preset": st.preset, "sides": sides})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_validated() {
        assert_eq!(parse(&json!({"asyncviz": 1, "type": "play"})), Ok(Command::Play));
        assert_eq!(parse(&json!({"asyncviz": 1, "type": "seek", "t_ms": 2.5})), Ok(Command::Seek(2500)));
        assert_eq!(
            parse(&json!({"asyncviz": 1, "type": "load", "preset": "cpu-bound"})),
            Ok(Command::Preset("cpu-bound"))
        );
        assert!(parse(&json!({"type": "play"})).unwrap_err().contains("asyncviz"));
        assert!(parse(&json!({"asyncviz": 1, "type": "seek", "t_ms": -1})).unwrap_err().starts_with("t_ms"));
        assert!(parse(&json!({"asyncviz": 1, "type": "rm -rf"})).unwrap_err().contains("unknown"));
        assert!(parse(&json!("play")).is_err());
        let bad = json!({"asyncviz": 1, "type": "load", "scenario": {"common": {"workload": {
            "arrivals": {"poisson": {"rate_per_s": 5}}, "steps": [{"cpu_ms": 1}]}}, "models": [{"event_loop": {"queue": -1}}]}});
        assert_eq!(parse(&bad).unwrap_err(), "scenario: model.event_loop.queue: must be at least 0 (got -1)");
    }

    #[test]
    fn state_reports_what_is_shown() {
        let st = AppState::from_preset(&crate::presets::PRESETS[0], false);
        let m = state_message(&st);
        assert_eq!(m["type"], "state");
        assert_eq!(m["sides"].as_array().unwrap().len(), 2);
        assert_eq!(m["playing"], false);
    }
}
