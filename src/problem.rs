//! Why a scenario could not be read, kept typed until it is drawn, so that it is written in the
//! reader's language at that moment (switching language rewrites it) and is never parsed back
//! from English. The engine's refusals are [`ScenarioError`]s, translated by their
//! [`ErrorKind`]; the link and block readers add their own few.

use asyncviz_engine::{ErrorKind, Got, ScenarioError};

use crate::i18n::{tr, trf, Lang};

/// Where a scenario came from; it prefixes the message (`link: …`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Source {
    /// The page's own `?s=` link.
    Link,
    /// A fenced block on a docs page (`?block=`).
    Block,
    /// A `load` message from the embedding page.
    Message,
    /// The page itself (a preset, an edit): no prefix.
    Page,
}

impl Source {
    fn prefix(self) -> &'static str {
        match self {
            Source::Link => "link: ",
            Source::Block => "block: ",
            Source::Message => "scenario: ",
            Source::Page => "",
        }
    }
}

/// What was wrong.
#[derive(Clone, Debug, PartialEq)]
pub enum What {
    /// The engine refused a side's scenario.
    Scenario(ScenarioError),
    /// The encoded text is longer than this many KiB.
    TooLong {
        kib: usize,
    },
    NotBase64,
    NotUtf8,
    /// Not JSON (serde_json's own description).
    InvalidJson(String),
    /// A required part is missing (`common`, `model`).
    Required(&'static str),
    /// `models` does not list 1 to this many models.
    ModelCount {
        max: usize,
    },
    /// `models` is not a list.
    ModelsNotAList,
    /// `common` carries a `model`.
    ModelInCommon,
    /// A TOML block reached the page unconverted.
    TomlNotHere,
    /// A block that is not a JSON object.
    NotAnObject,
    /// A block with both `model` and `models`.
    ModelAndModels,
}

/// A scenario that could not be read: from where, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub source: Source,
    pub what: What,
}

impl Problem {
    pub fn new(source: Source, what: What) -> Self {
        Problem { source, what }
    }

    /// The engine's refusal of a scenario from `source`.
    pub fn scenario(source: Source, e: ScenarioError) -> Self {
        Problem { source, what: What::Scenario(e) }
    }

    /// The same problem, said of another source (a `load` message reuses the link reader).
    pub fn from(self, source: Source) -> Self {
        Problem { source, ..self }
    }

    /// The message in `lang`, prefixed with where the scenario came from.
    pub fn text(&self, lang: Lang) -> String {
        let block = self.source == Source::Block;
        let body = match &self.what {
            What::Scenario(e) => scenario_error(lang, e),
            What::TooLong { kib } if block => trf(lang, "longer than {0} KiB", &[kib]),
            What::TooLong { kib } => trf(lang, "the scenario is longer than {0} KiB", &[kib]),
            What::NotBase64 if block => tr(lang, "not valid base64url").into(),
            What::NotBase64 => tr(lang, "the scenario is not valid base64url").into(),
            What::NotUtf8 if block => tr(lang, "not UTF-8 text").into(),
            What::NotUtf8 => tr(lang, "the scenario is not UTF-8 text").into(),
            What::InvalidJson(e) if block => trf(lang, "invalid JSON: {0}", &[e]),
            What::InvalidJson(e) => trf(lang, "the scenario is not valid JSON ({0})", &[e]),
            What::Required(path) => format!("{path}: {}", kind(lang, &ErrorKind::Required)),
            What::ModelCount { max } if block => {
                trf(lang, "models: expected a list of 1 to {0} models", &[max])
            }
            What::ModelCount { max } => trf(lang, "models: must list 1 to {0} models", &[max]),
            What::ModelsNotAList => tr(lang, "models: expected a list").into(),
            What::ModelInCommon => tr(lang, "common.model: the model belongs in models").into(),
            What::TomlNotHere => {
                tr(lang, "fmt=toml is not read here: embed.js converts TOML blocks to JSON").into()
            }
            What::NotAnObject => tr(lang, "expected a scenario object").into(),
            What::ModelAndModels => tr(lang, "give either model or models, not both").into(),
        };
        format!("{}{body}", self.source.prefix())
    }
}

/// An engine refusal in `lang`: `path: reason`.
pub fn scenario_error(lang: Lang, e: &ScenarioError) -> String {
    let reason = kind(lang, &e.kind);
    if e.path.is_empty() {
        format!("scenario: {reason}")
    } else {
        format!("{}: {reason}", e.path)
    }
}

/// A described JSON value in `lang`.
fn got(lang: Lang, g: &Got) -> String {
    match g {
        Got::Null => "null".into(),
        Got::Bool(b) => trf(lang, "the boolean {0}", &[b]),
        Got::Number(n) => trf(lang, "the number {0}", &[n]),
        Got::Str(s) => trf(lang, "the string {0}", &[&format!("{s:?}")]),
        Got::List => tr(lang, "a list").into(),
        Got::Object => tr(lang, "an object").into(),
    }
}

/// `"a", "b" or "c"` (in Korean a plain list: the sentence says "one of").
fn quoted(lang: Lang, names: &[&str]) -> String {
    let q: Vec<String> = names.iter().map(|c| format!("\"{c}\"")).collect();
    match q.split_last() {
        Some((last, rest)) if !rest.is_empty() && lang == Lang::En => {
            format!("{} or {last}", rest.join(", "))
        }
        _ => q.join(", "),
    }
}

/// What is wrong with a field, in `lang`, by kind: the English templates give exactly the
/// engine's `Display` (a test holds them equal); a kind this version does not know is shown
/// in the engine's English rather than guessed.
pub fn kind(lang: Lang, k: &ErrorKind) -> String {
    use ErrorKind::*;
    let g = |x: &Got| got(lang, x);
    let list = |names: &[&str]| names.join(", ");
    match k {
        InvalidJson(e) => trf(lang, "invalid JSON: {0}", &[e]),
        TooLarge => tr(lang, "is larger than 8 MiB").into(),
        Required => tr(lang, "is required").into(),
        UnknownField { expected } => trf(lang, "unknown field (expected one of: {0})", &[&list(expected)]),
        UnknownKind { expected } => trf(lang, "unknown kind (expected one of: {0})", &[&list(expected)]),
        NotAnObject { got } => trf(lang, "expected an object, got {0}", &[&g(got)]),
        NotABool { got } => trf(lang, "expected true or false, got {0}", &[&g(got)]),
        NotANumber { got } => trf(lang, "expected a number, got {0}", &[&g(got)]),
        NotAString { got } => trf(lang, "expected a string, got {0}", &[&g(got)]),
        NotFinite => tr(lang, "must be a finite number").into(),
        NotAVariant { expected, got } => {
            trf(lang, "expected an object with one of: {0}; got {1}", &[&list(expected), &g(got)])
        }
        NotExactlyOne { expected, keys } => {
            trf(lang, "expected exactly one of: {0} (got {1} keys)", &[&list(expected), keys])
        }
        NotADuration { got } => trf(
            lang,
            "expected a duration: a number of ms, {\"exp\": mean} or {\"uniform\": [lo, hi]}; got {0}",
            &[&g(got)],
        ),
        NotAPair { got } => trf(lang, "expected [lo, hi], got {0}", &[&g(got)]),
        NotATimeList { got } => trf(lang, "expected a list of times in ms, got {0}", &[&g(got)]),
        NotAStepList { got } => trf(lang, "expected a list of steps, got {0}", &[&g(got)]),
        NotABurstList { got } => {
            trf(lang, "expected a list of bursts such as [{\"at_ms\": 500, \"count\": 50}], got {0}", &[&g(got)])
        }
        NotAChoice { choices, got } => trf(lang, "expected {0}, got {1}", &[&quoted(lang, choices), &g(got)]),
        Negative { got } => trf(lang, "must not be negative (got {0})", &[got]),
        TooLong { max_ms, got } => trf(lang, "must be at most {0} ms (got {1})", &[max_ms, got]),
        NotWhole { got } => trf(lang, "must be a whole number (got {0})", &[got]),
        AtLeast { min, got } => trf(lang, "must be at least {0} (got {1})", &[min, got]),
        AtMost { max, got } => trf(lang, "must be at most {0} (got {1})", &[max, got]),
        Above { min, got } => trf(lang, "must be above {0} (got {1})", &[min, got]),
        Between { min, max, got } => trf(lang, "must be between {0} and {1} (got {2})", &[min, max, got]),
        TooMany { what, max, got } if *what == "steps" => trf(lang, "at most {0} steps (got {1})", &[max, got]),
        TooMany { what, max, got } if *what == "bursts" => {
            trf(lang, "at most {0} bursts (got {1})", &[max, got])
        }
        TooMany { max, got, .. } => trf(lang, "at most {0} times (got {1})", &[max, got]),
        HiBelowLo { lo, hi } => trf(lang, "hi ({0}) must not be below lo ({1})", &[hi, lo]),
        BelowCore { core, got } => trf(lang, "must be at least core ({0}) (got {1})", &[core, got]),
        OffloadNeedsWorkers => tr(lang, "must be at least 1 when offload_cpu is true").into(),
        TooManyJobSlots { max } => trf(lang, "workers × concurrency must be at most {0}", &[max]),
        NeedsJobQueue => tr(lang, "needs model job_queue").into(),
        PartitionNeedsKeys => tr(lang, "needs workload.keys (the keys to partition by)").into(),
        UnhandledRejectionNeedsNode => tr(
            lang,
            "\"unhandled_rejection\" needs model event_loop with flavor \"node\" (only Node.js dies on an unhandled rejection)",
        )
        .into(),
        NameTooLong { max } => trf(lang, "must be at most {0} characters", &[max]),
        NoSteps => tr(lang, "must have at least one step").into(),
        NotBeforeEnd { t, duration_ms } => trf(lang, "{0} is not before duration_ms ({1})", &[t, duration_ms]),
        TooManyRequests { expected, max } => trf(
            lang,
            "about {0} requests would arrive; at most {1} are allowed (lower the rate or duration_ms, or set workload.limit)",
            &[&format!("{expected:.0}"), max],
        ),
        StepsTooLong => tr(lang, "the steps of one request add up to more than 1e9 ms").into(),
        OverBudget { work, budget, what, advice } => trf(
            lang,
            "this scenario needs about {0} {1}; at most {2} are allowed ({3})",
            &[&asyncviz_engine::approx(*work), &tr(lang, what), &asyncviz_engine::approx(*budget), &tr(lang, advice)],
        ),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::Scenario;

    fn refusal(json: &str) -> ScenarioError {
        Scenario::from_json_str(json).unwrap_err()
    }

    #[test]
    fn english_is_the_engines_own_and_sources_prefix_it() {
        let e = refusal(
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": "fast"}}, "steps": [{"io_ms": 1}]}, "model": {"thread_pool": {"threads": 2}}}"#,
        );
        assert_eq!(scenario_error(Lang::En, &e), e.to_string());
        let p = Problem::scenario(Source::Block, e.clone());
        assert_eq!(
            p.text(Lang::En),
            "block: workload.arrivals.poisson.rate_per_s: expected a number, got the string \"fast\""
        );
        assert_eq!(
            p.text(Lang::Ko),
            "block: workload.arrivals.poisson.rate_per_s: 숫자여야 합니다 (입력: 문자열 \"fast\")"
        );
        assert_eq!(p.clone().from(Source::Message).text(Lang::En), format!("scenario: {e}"));
        assert_eq!(
            Problem::new(Source::Link, What::NotBase64).text(Lang::En),
            "link: the scenario is not valid base64url"
        );
        assert_eq!(Problem::new(Source::Block, What::NotBase64).text(Lang::En), "block: not valid base64url");
        assert_eq!(
            Problem::new(Source::Link, What::Required("common")).text(Lang::Ko),
            "link: common: 필수 항목입니다"
        );
    }

    #[test]
    fn korean_by_kind() {
        let scenario = |model: &str, step: &str| {
            refusal(&format!(
                r#"{{"workload": {{"arrivals": {{"poisson": {{"rate_per_s": 1}}}}, "steps": [{step}]}}, "model": {model}}}"#
            ))
        };
        let e = scenario(r#"{"thread_pool": {"threads": 0}}"#, r#"{"io_ms": 1}"#);
        assert_eq!(scenario_error(Lang::Ko, &e), "model.thread_pool.threads: 1 이상이어야 합니다 (입력값 0)");
        assert_eq!(
            Problem::new(Source::Link, What::Required("model")).text(Lang::Ko),
            "link: model: 필수 항목입니다"
        );
        let e = scenario(r#"{"job_queue": {"workers": 1, "failure_rate": 1.5}}"#, r#"{"io_ms": 1}"#);
        assert_eq!(
            Problem::scenario(Source::Block, e).text(Lang::Ko),
            "block: model.job_queue.failure_rate: 0에서 1 사이여야 합니다 (입력값 1.5)"
        );
        let e = scenario(r#"{"thread_pool": {"threads": 1}}"#, r#"{"io_ms": -3}"#);
        assert_eq!(scenario_error(Lang::Ko, &e), "workload.steps[0].io_ms: 음수일 수 없습니다 (입력값 -3)");
        assert_eq!(scenario_error(Lang::En, &e), "workload.steps[0].io_ms: must not be negative (got -3)");
    }

    #[test]
    fn budget_refusals_reach_a_korean_reader_in_korean() {
        let e = refusal(
            r#"{"duration_ms": 1000, "workload": {"arrivals": {"poisson": {"rate_per_s": 40000}}, "steps": [{"cpu_ms": 100000000}]}, "model": {"thread_pool": {"threads": 100000, "queue": null}}}"#,
        );
        assert!(matches!(e.kind, ErrorKind::OverBudget { .. }), "{e}");
        let ko = scenario_error(Lang::Ko, &e);
        assert!(ko.starts_with("workload: 이 시나리오에는 스케줄링 이벤트 약 "), "{ko}");
        assert!(!ko.contains("this scenario") && !ko.contains("lower"), "untranslated: {ko}");
        assert!(ko.contains("quantum_ms"), "the field names stay: {ko}");
    }

    #[test]
    fn every_budget_refusal_of_the_extreme_examples_is_all_korean() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios/extreme");
        let mut seen = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let Err(e) = Scenario::from_json_str(&std::fs::read_to_string(&path).unwrap()) else { continue };
            if let ErrorKind::OverBudget { what, advice, .. } = e.kind {
                let ko = kind(Lang::Ko, &e.kind);
                assert!(!ko.contains(what) && !ko.contains(advice), "{}: {ko}", path.display());
                seen += 1;
            }
        }
        assert!(seen >= 8, "{seen} refusals");
    }

    #[test]
    fn english_templates_say_exactly_what_the_engine_says() {
        use asyncviz_engine::Got;
        let g = Got::Str("fast".into());
        let kinds = vec![
            ErrorKind::InvalidJson("EOF while parsing".into()),
            ErrorKind::TooLarge,
            ErrorKind::Required,
            ErrorKind::UnknownField { expected: &["a", "b"] },
            ErrorKind::UnknownKind { expected: &["poisson", "constant"] },
            ErrorKind::NotAnObject { got: Got::List },
            ErrorKind::NotABool { got: Got::Number("1".into()) },
            ErrorKind::NotANumber { got: g.clone() },
            ErrorKind::NotAString { got: Got::Bool(true) },
            ErrorKind::NotFinite,
            ErrorKind::NotAVariant { expected: &["exp", "uniform"], got: Got::Null },
            ErrorKind::NotExactlyOne { expected: &["exp", "uniform"], keys: 2 },
            ErrorKind::NotADuration { got: Got::Object },
            ErrorKind::NotAPair { got: Got::List },
            ErrorKind::NotATimeList { got: g.clone() },
            ErrorKind::NotAStepList { got: g.clone() },
            ErrorKind::NotABurstList { got: g.clone() },
            ErrorKind::NotAChoice { choices: &["node", "asyncio"], got: g.clone() },
            ErrorKind::NotAChoice { choices: &["awaited", "fire_and_forget", "unhandled_rejection"], got: g },
            ErrorKind::Negative { got: -3.0 },
            ErrorKind::TooLong { max_ms: 1e9, got: 2e9 },
            ErrorKind::NotWhole { got: 2.5 },
            ErrorKind::AtLeast { min: 1.0, got: 0.0 },
            ErrorKind::AtMost { max: 10.0, got: 11.0 },
            ErrorKind::Above { min: 0.0, got: -1.0 },
            ErrorKind::Between { min: 0.0, max: 1.0, got: 1.5 },
            ErrorKind::TooMany { what: "times", max: 100, got: 101 },
            ErrorKind::TooMany { what: "bursts", max: 1000, got: 1001 },
            ErrorKind::TooMany { what: "steps", max: 32, got: 33 },
            ErrorKind::HiBelowLo { lo: 5.0, hi: 1.0 },
            ErrorKind::BelowCore { core: 4, got: 2 },
            ErrorKind::OffloadNeedsWorkers,
            ErrorKind::TooManyJobSlots { max: 10_000 },
            ErrorKind::NeedsJobQueue,
            ErrorKind::PartitionNeedsKeys,
            ErrorKind::UnhandledRejectionNeedsNode,
            ErrorKind::NameTooLong { max: 200 },
            ErrorKind::NoSteps,
            ErrorKind::NotBeforeEnd { t: 200.0, duration_ms: 100.0 },
            ErrorKind::TooManyRequests { expected: 6e7, max: 5e7 },
            ErrorKind::StepsTooLong,
            ErrorKind::OverBudget {
                work: 8_000_000_000,
                budget: 3_000_000,
                what: "scheduling events",
                advice: "lower cpu_ms, the rate or duration_ms, or raise quantum_ms",
            },
        ];
        for k in &kinds {
            assert_eq!(kind(Lang::En, k), k.to_string());
            let ko = kind(Lang::Ko, k);
            assert!(ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "no Korean for {k:?}: {ko}");
        }
    }

    #[test]
    fn every_kind_the_engine_gives_has_korean() {
        let cases = [
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": -1}]}, "model": {"thread_pool": {"threads": 2}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": []}, "model": {"thread_pool": {"threads": 2}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}, "model": {"thread_pool": {"threads": 2.5}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}, "model": {"executor": {"core": 4, "max": 2}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}, "model": {"event_loop": {"flavor": "deno"}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": {"uniform": [5, 1]}}]}, "model": {"thread_pool": {"threads": 2}}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}, "model": {"thread_pool": {"threads": 2}}, "faults": {"worker_crash_at_ms": [5]}}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}, "model": {"thread_pool": {"threads": 2}}, "colour": 1}"#,
            r#"{"workload": {"arrivals": {"poisson": {"rate_per_s": 1}}, "steps": [{"io_ms": 1}]}}"#,
            r#"{"duration_ms": 100, "workload": {"arrivals": {"at_ms": [200]}, "steps": [{"io_ms": 1}]}, "model": {"thread_pool": {"threads": 2}}}"#,
            "{",
        ];
        for json in cases {
            let e = refusal(json);
            let ko = kind(Lang::Ko, &e.kind);
            assert_ne!(ko, e.kind.to_string(), "no Korean for {e}");
            assert!(ko.chars().any(|c| ('\u{ac00}'..='\u{d7a3}').contains(&c)), "{ko}");
        }
    }
}
