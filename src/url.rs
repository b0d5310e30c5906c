//! What the URL carries: the whole comparison (shared fields and one model per
//! side), the playback position and speed. Everything read from a URL is
//! untrusted: sizes are limited, and the scenario is validated by the engine,
//! so a bad link gets a message naming the field, never a panic.

use serde_json::{json, Value};

use crate::problem::{Problem, Source, What};
use crate::state::{scenarios, MAX_SIDES, SPEEDS};

/// Longest encoded scenario accepted from a URL.
pub const MAX_ENCODED: usize = 16 * 1024;

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Unpadded base64url.
pub fn b64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes unpadded (or padded) base64url; `None` for anything else.
pub fn b64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    if text.len() % 4 == 1 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The comparison, encoded for the `s` query parameter.
pub fn encode(common: &Value, models: &[Value]) -> String {
    b64_encode(json!({ "common": common, "models": models }).to_string().as_bytes())
}

/// Reads the `s` parameter back. Errors name the field and the reason.
pub fn decode(text: &str) -> Result<(Value, Vec<Value>), Problem> {
    let fail = |what| Problem::new(Source::Link, what);
    if text.len() > MAX_ENCODED {
        return Err(fail(What::TooLong { kib: MAX_ENCODED / 1024 }));
    }
    let bytes = b64_decode(text).ok_or(fail(What::NotBase64))?;
    let s = std::str::from_utf8(&bytes).map_err(|_| fail(What::NotUtf8))?;
    let v: Value = serde_json::from_str(s).map_err(|e| fail(What::InvalidJson(e.to_string())))?;
    let common = v.get("common").cloned().ok_or(fail(What::Required("common")))?;
    let models = match v.get("models") {
        Some(Value::Array(m)) if !m.is_empty() && m.len() <= MAX_SIDES => m.clone(),
        Some(Value::Array(_)) => return Err(fail(What::ModelCount { max: MAX_SIDES })),
        _ => return Err(fail(What::ModelsNotAList)),
    };
    if common.get("model").is_some() {
        return Err(fail(What::ModelInCommon));
    }
    scenarios(&common, &models).map_err(|e| Problem::scenario(Source::Link, e))?;
    Ok((common, models))
}

/// Reads a fenced ```asyncviz block (JSON; `embed.js` converts TOML first): a scenario in the public
/// format whose `model` may be one model or whose `models` lists up to three,
/// plus optional `embed` options (`caption`, `views`, `autoplay`).
pub fn decode_block(encoded: &str, toml_text: bool) -> Result<(Value, Vec<Value>, Value), Problem> {
    let fail = |what| Problem::new(Source::Block, what);
    if encoded.len() > MAX_ENCODED {
        return Err(fail(What::TooLong { kib: MAX_ENCODED / 1024 }));
    }
    let bytes = b64_decode(encoded).ok_or(fail(What::NotBase64))?;
    let text = std::str::from_utf8(&bytes).map_err(|_| fail(What::NotUtf8))?;
    if toml_text {
        // embed.js turns TOML into JSON before it builds the link (with the code lab's module,
        // which carries the TOML parser), so the app's first load does not carry one.
        return Err(fail(What::TomlNotHere));
    }
    let v: Value = serde_json::from_str(text).map_err(|e| fail(What::InvalidJson(e.to_string())))?;
    let Value::Object(mut map) = v else { return Err(fail(What::NotAnObject)) };
    let embed = map.remove("embed").unwrap_or(Value::Null);
    let models = match (map.remove("models"), map.remove("model")) {
        (Some(Value::Array(m)), None) if !m.is_empty() && m.len() <= MAX_SIDES => m,
        (Some(_), None) => return Err(fail(What::ModelCount { max: MAX_SIDES })),
        (None, Some(m)) => vec![m],
        (Some(_), Some(_)) => return Err(fail(What::ModelAndModels)),
        (None, None) => return Err(fail(What::Required("model"))),
    };
    let common = Value::Object(map);
    scenarios(&common, &models).map_err(|e| Problem::scenario(Source::Block, e))?;
    Ok((common, models, embed))
}

/// Everything the query string can say.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Query {
    pub scenario: Option<Result<(Value, Vec<Value>), Problem>>,
    pub preset: Option<String>,
    /// Simulated time to show, µs.
    pub time: Option<u64>,
    pub speed: Option<usize>,
    pub embed: bool,
    pub autoplay: bool,
    pub caption: Option<String>,
    pub lang: Option<String>,
    /// In embed mode, which views each side shows (default: the flow).
    pub views: Option<Vec<String>>,
    /// In embed mode, the only origin whose messages are obeyed (default: the embedding window's, any origin).
    pub origin: Option<String>,
}

/// The views an embed can show (`flow`, its default: requests travelling; `code`: each side's
/// request handler).
pub const VIEWS: [&str; 6] = ["flow", "diagram", "timeline", "metrics", "log", "code"];

impl Query {
    /// Whether an embed shows `view`.
    pub fn shows(&self, view: &str) -> bool {
        match &self.views {
            Some(v) => v.iter().any(|x| x == view),
            None => view == "flow" || !self.embed,
        }
    }
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len()
                && bytes[i + 1].is_ascii_hexdigit()
                && bytes[i + 2].is_ascii_hexdigit() =>
            {
                let hex = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query value.
pub fn escape(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Parses `?a=b&c` (with or without the `?`). Unknown keys are ignored; bad
/// values of known keys are ignored too, except the scenario, whose error is kept.
pub fn parse(query: &str) -> Query {
    let mut q = Query::default();
    let (mut block, mut toml_block) = (None, false);
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()).take(32) {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = unescape(v);
        match k {
            "s" => q.scenario = Some(decode(&v)),
            "preset" => q.preset = Some(v.chars().take(64).collect()),
            "t" => {
                q.time = v
                    .parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0 && *x < 1e12)
                    .map(|ms| (ms * 1000.0) as u64)
            }
            "speed" => {
                q.speed = v.parse::<f64>().ok().and_then(|x| SPEEDS.iter().position(|s| (s - x).abs() < 1e-9))
            }
            "embed" => q.embed = true,
            "autoplay" => q.autoplay = v != "0" && v != "false",
            "caption" => q.caption = Some(v.chars().take(200).collect()),
            "lang" => q.lang = Some(v.chars().take(8).collect()),
            "block" => block = Some(v),
            "fmt" => toml_block = v == "toml",
            "origin" => q.origin = Some(v.chars().take(200).collect()),
            "views" => {
                q.views = Some(v.split(',').filter(|x| VIEWS.contains(x)).map(str::to_string).collect());
            }
            _ => {}
        }
    }
    if let Some(b) = block {
        match decode_block(&b, toml_block) {
            Ok((common, models, embed)) => {
                q.scenario = Some(Ok((common, models)));
                if let Some(c) = embed.get("caption").and_then(Value::as_str).filter(|_| q.caption.is_none())
                {
                    q.caption = Some(c.chars().take(200).collect());
                }
                if q.views.is_none() {
                    let views: Option<Vec<String>> = match embed.get("views") {
                        Some(Value::String(s)) => Some(s.split(',').map(|x| x.trim().to_string()).collect()),
                        Some(Value::Array(a)) => {
                            Some(a.iter().filter_map(Value::as_str).map(str::to_string).collect())
                        }
                        _ => None,
                    };
                    q.views = views.map(|v| v.into_iter().filter(|x| VIEWS.contains(&x.as_str())).collect());
                }
                q.autoplay |= embed.get("autoplay").and_then(Value::as_bool).unwrap_or(false);
            }
            Err(e) => q.scenario = Some(Err(e)),
        }
    }
    q
}

/// The query string that reproduces a view: scenario, time, speed (and embed options).
pub fn build(
    common: &Value,
    models: &[Value],
    time_us: u64,
    speed: usize,
    extra: &[(&str, String)],
) -> String {
    let mut parts = vec![
        format!("s={}", encode(common, models)),
        format!("t={}", time_us as f64 / 1000.0),
        format!("speed={}", SPEEDS[speed.min(SPEEDS.len() - 1)]),
    ];
    for (k, v) in extra {
        parts.push(if v.is_empty() { (*k).to_string() } else { format!("{k}={}", escape(v)) });
    }
    format!("?{}", parts.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets::PRESETS;
    use proptest::prelude::*;

    #[test]
    fn base64url_round_trips() {
        for s in ["", "a", "ab", "abc", "abcd", "한국어 ✓"] {
            assert_eq!(b64_decode(&b64_encode(s.as_bytes())).unwrap(), s.as_bytes());
        }
        assert_eq!(b64_encode(b"hi?"), "aGk_");
        assert_eq!(b64_decode("a"), None);
        assert_eq!(b64_decode("a+b/"), None);
    }

    #[test]
    fn every_preset_round_trips_through_a_link() {
        for p in PRESETS {
            let common: Value = serde_json::from_str(p.common).unwrap();
            let models: Vec<Value> = p.models.iter().map(|m| serde_json::from_str(m).unwrap()).collect();
            let q = parse(&build(
                &common,
                &models,
                2_500_000,
                5,
                &[("embed", String::new()), ("caption", "A & B".into())],
            ));
            assert_eq!(q.scenario, Some(Ok((common, models))));
            assert_eq!((q.time, q.speed, q.embed), (Some(2_500_000), Some(5), true));
            assert_eq!(q.caption.as_deref(), Some("A & B"));
        }
    }

    #[test]
    fn bad_links_name_the_field() {
        let bad = |common: Value, models: Value| {
            decode(&b64_encode(json!({"common": common, "models": models}).to_string().as_bytes()))
        };
        let ok_common =
            json!({"workload": {"arrivals": {"poisson": {"rate_per_s": 10}}, "steps": [{"cpu_ms": 1}]}});
        assert_eq!(
            bad(ok_common.clone(), json!([{"thread_pool": {"threads": 0}}]))
                .unwrap_err()
                .text(crate::i18n::Lang::En),
            "link: model.thread_pool.threads: must be at least 1 (got 0)"
        );
        let en = |p: Problem| p.text(crate::i18n::Lang::En);
        assert!(en(bad(ok_common.clone(), json!([])).unwrap_err()).starts_with("link: models:"));
        assert!(en(decode("!!!").unwrap_err()).contains("base64"));
        assert!(en(decode(&"A".repeat(MAX_ENCODED + 1)).unwrap_err()).contains("longer"));
        assert!(en(decode(&b64_encode(b"{")).unwrap_err()).contains("JSON"));
        assert_eq!(parse("t=-5&speed=3&t=abc").time, None);
        assert_eq!(parse("speed=7").speed, None, "only offered speeds");
        let q = parse("embed&views=timeline,log,bogus");
        assert!(q.shows("timeline") && q.shows("log") && !q.shows("diagram"));
        assert!(!parse("embed").shows("log") && parse("embed").shows("flow") && parse("").shows("log"));
        assert!(!parse("embed").shows("diagram") && parse("").shows("diagram") && parse("").shows("flow"));
        assert!(
            parse("embed&views=flow,metrics").shows("metrics") && !parse("embed&views=metrics").shows("flow")
        );
        assert!(
            !parse("embed").shows("code")
                && parse("").shows("code")
                && parse("embed&views=code").shows("code")
        );
        assert_eq!(
            parse("caption=a%20b%2Bc%+5%").caption.as_deref(),
            Some("a b+c% 5%"),
            "+ is a space in a query"
        );
    }

    #[test]
    fn fenced_blocks_in_json_and_toml() {
        let json = r#"{"duration_ms": 2000, "workload": {"arrivals": {"poisson": {"rate_per_s": 50}}, "steps": [{"io_ms": 20}]},
            "models": [{"thread_pool": {"threads": 2}}, {"event_loop": {}}],
            "embed": {"caption": "Two ways", "views": "timeline, metrics", "autoplay": true}}"#;
        let q = parse(&format!("embed&block={}", b64_encode(json.as_bytes())));
        let (common, models) = q.scenario.clone().unwrap().unwrap();
        assert_eq!(models.len(), 2);
        assert!(common.get("embed").is_none() && common.get("models").is_none());
        assert_eq!(q.caption.as_deref(), Some("Two ways"));
        assert!(q.autoplay && q.shows("timeline") && !q.shows("diagram"));
        let toml = "duration_ms = 2000\n[workload]\narrivals = { constant = { interval_ms = 10 } }\nsteps = [ { cpu_ms = 2 } ]\n[model.event_loop]\nflavor = \"asyncio\"\n";
        let converted = crate::lab::toml_to_json(toml).unwrap();
        let q = parse(&format!("embed&block={}", b64_encode(converted.as_bytes())));
        assert_eq!(q.scenario.unwrap().unwrap().1, vec![json!({"event_loop": {"flavor": "asyncio"}})]);
        let bad = crate::lab::toml_to_json("[model.thread_pool]\nthreads = 0\n[workload]\narrivals = { constant = { interval_ms = 1 } }\nsteps = [{cpu_ms = 1}]").unwrap();
        assert_eq!(
            parse(&format!("block={}", b64_encode(bad.as_bytes())))
                .scenario
                .unwrap()
                .unwrap_err()
                .text(crate::i18n::Lang::En),
            "block: model.thread_pool.threads: must be at least 1 (got 0)"
        );
        assert!(crate::lab::toml_to_json("= nope").unwrap_err().starts_with("invalid TOML"));
        assert!(parse(&format!("fmt=toml&block={}", b64_encode(toml.as_bytes())))
            .scenario
            .unwrap()
            .unwrap_err()
            .text(crate::i18n::Lang::En)
            .contains("embed.js converts TOML blocks to JSON"));
    }

    fn cases() -> u32 {
        std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

        /// Any query string at all: parsing never panics.
        #[test]
        fn any_query_is_handled(q in ".{0,300}") {
            let _ = parse(&q);
        }

        /// Any bytes in the scenario or block parameter: decoding never panics.
        #[test]
        fn any_encoded_bytes_are_handled(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
            let e = b64_encode(&bytes);
            let _ = decode(&e);
            let _ = decode_block(&e, false);
            let _ = decode_block(&e, true);
        }

        /// Valid links with one value changed to something random: never a panic,
        /// and any error names a field.
        #[test]
        fn mutated_scenarios_are_handled(p in 0..PRESETS.len(), path in 0usize..6, v in prop_oneof![
            any::<i64>().prop_map(|x| json!(x)), any::<f64>().prop_map(|x| json!(x)), ".{0,12}".prop_map(|s| json!(s)),
            Just(json!(null)), Just(json!([])), Just(json!({})), any::<bool>().prop_map(|b| json!(b)),
        ]) {
            let mut common: Value = serde_json::from_str(PRESETS[p].common).unwrap();
            let models: Vec<Value> = PRESETS[p].models.iter().map(|m| serde_json::from_str(m).unwrap()).collect();
            let target = ["seed", "duration_ms", "cores", "workload.limit", "workload.steps[0].cpu_ms", "workload.arrivals.poisson.rate_per_s"][path];
            crate::edit::set(&mut common, target, Some(v));
            if let Err(e) = decode(&encode(&common, &models)) {
                let e = e.text(crate::i18n::Lang::En);
                prop_assert!(e.starts_with("link: ") && e.contains(':'), "{}", e);
            }
        }
    }
}
