//! Export for people who need a static figure or the raw data: the event
//! trace as JSON Lines (replayed from the engine, which is deterministic, so
//! it is exactly what was shown) and the timeline as a standalone SVG.

use asyncviz_engine::{Scenario, Sim};

/// Most events written per side.
pub const MAX_TRACE_EVENTS: u64 = 500_000;

/// The first `events` events of a scenario, one JSON object per line, tagged
/// with the side's letter. Returns the text and whether it was cut short.
pub fn trace(sides: &[(Scenario, u64)]) -> (String, bool) {
    let mut out = String::new();
    let mut cut = false;
    for (i, (scenario, events)) in sides.iter().enumerate() {
        let side = (b'A' + i as u8) as char;
        let n = (*events).min(MAX_TRACE_EVENTS);
        cut |= n < *events;
        let mut sim = Sim::new(scenario);
        for _ in 0..n {
            let Some(e) = sim.step() else { break };
            out.push_str(&format!(
                "{{\"side\":\"{side}\",\"model\":\"{}\",\"event\":{}}}\n",
                scenario.model.name(),
                serde_json::to_string(&e).expect("events serialise")
            ));
        }
    }
    (out, cut)
}

/// Colours and fonts for the standalone SVG (no stylesheet travels with it).
pub const SVG_STYLE: &str = "text{font:10px system-ui,sans-serif;fill:#1d232b}\
.row-label,.tick-text{fill:#5b6470;font-size:9.5px}.tick-text{text-anchor:middle;font-size:8.5px}\
.track{fill:#eef0f3}.axis,.tick{stroke:#5b6470;stroke-width:.6}\
.bar.st-run{fill:#2f6fdb}.bar.st-ready{fill:#8fb0ef;stroke:#2f6fdb}.bar.st-io{fill:#e0a020}\
.bar.st-blocked{fill:#d3423a;stroke:#1d232b}.bar-text{fill:#fff;font-size:8.5px}.more{fill:#5b6470}";

/// Wraps the inner markup of several timeline SVGs (title, viewBox, markup)
/// into one standalone SVG document.
pub fn standalone_svg(parts: &[(String, String, String)]) -> String {
    let mut y = 0.0;
    let mut body = String::new();
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    for (title, view_box, inner) in parts {
        let h: f64 = view_box.split_whitespace().nth(3).and_then(|v| v.parse().ok()).unwrap_or(200.0);
        body.push_str(&format!(
            "<text x=\"4\" y=\"{:.0}\" font-weight=\"700\">{}</text>",
            y + 14.0,
            esc(title)
        ));
        body.push_str(&format!(
            "<svg x=\"0\" y=\"{:.0}\" width=\"616\" height=\"{h:.0}\" viewBox=\"{}\">{inner}</svg>",
            y + 20.0,
            esc(view_box)
        ));
        y += h + 30.0;
    }
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"616\" height=\"{y:.0}\" viewBox=\"0 0 616 {y:.0}\">\
<style>{SVG_STYLE}</style><rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>{body}</svg>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_trace_is_one_line_per_event_for_each_side() {
        let s = Scenario::from_json_str(
            r#"{"duration_ms": 50, "workload": {"arrivals": {"at_ms": [0, 5]}, "steps": [{"io_ms": 3}]},
                "model": {"event_loop": {}}}"#,
        )
        .unwrap();
        let (text, cut) = trace(&[(s.clone(), 3), (s, 2)]);
        let lines: Vec<serde_json::Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 5);
        assert!(!cut);
        assert_eq!(lines[0]["side"], "A");
        assert_eq!(lines[0]["event"]["what"][0]["type"], "arrived");
        assert_eq!(lines[3]["side"], "B");
        assert_eq!(lines[4]["event"]["index"], 2);
    }

    #[test]
    fn the_svg_stacks_parts_and_escapes_titles() {
        let svg = standalone_svg(&[
            ("A <pool>".into(), "-4 0 616 100".into(), "<path d=\"M0 0h1\"/>".into()),
            ("B".into(), "-4 0 616 50".into(), String::new()),
        ]);
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"616\" height=\"210\""));
        assert!(svg.contains("A &lt;pool&gt;") && svg.contains("<path d=\"M0 0h1\"/>"));
        assert!(svg.contains("y=\"150\" width=\"616\" height=\"50\""));
    }
}
