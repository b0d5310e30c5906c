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
    match (lang, g) {
        (Lang::En, _) => g.to_string(),
        (Lang::Ko, Got::Null) => "null".into(),
        (Lang::Ko, Got::Bool(b)) => format!("불리언 {b}"),
        (Lang::Ko, Got::Number(n)) => format!("숫자 {n}"),
        (Lang::Ko, Got::Str(s)) => format!("문자열 {s:?}"),
        (Lang::Ko, Got::List) => "목록".into(),
        (Lang::Ko, Got::Object) => "객체".into(),
    }
}

fn quoted(names: &[&str]) -> String {
    names.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", ")
}

/// What is wrong with a field, in `lang`: English from the engine, Korean by kind (a kind this
/// version does not know stays in English rather than being guessed).
pub fn kind(lang: Lang, k: &ErrorKind) -> String {
    use ErrorKind::*;
    if lang == Lang::En {
        return k.to_string();
    }
    let input = |g: &Got| format!(" (입력: {})", got(lang, g));
    match k {
        InvalidJson(e) => format!("올바른 JSON이 아닙니다: {e}"),
        TooLarge => "8 MiB보다 큽니다".into(),
        Required => "필수 항목입니다".into(),
        UnknownField { expected } => format!("알 수 없는 필드입니다 (가능한 필드: {})", expected.join(", ")),
        UnknownKind { expected } => format!("알 수 없는 종류입니다 (가능한 값: {})", expected.join(", ")),
        NotAnObject { got } => format!("객체여야 합니다{}", input(got)),
        NotABool { got } => format!("true 또는 false여야 합니다{}", input(got)),
        NotANumber { got } => format!("숫자여야 합니다{}", input(got)),
        NotAString { got } => format!("문자열이어야 합니다{}", input(got)),
        NotFinite => "유한한 숫자여야 합니다".into(),
        NotAVariant { expected, got } => {
            format!("다음 중 하나를 키로 가진 객체여야 합니다: {}{}", expected.join(", "), input(got))
        }
        NotExactlyOne { expected, keys } => {
            format!("다음 중 정확히 하나여야 합니다: {} (키 {keys}개)", expected.join(", "))
        }
        NotADuration { got } => format!(
            "시간이어야 합니다: ms 단위 숫자, {{\"exp\": 평균}} 또는 {{\"uniform\": [최소, 최대]}}{}",
            input(got)
        ),
        NotAPair { got } => format!("[최소, 최대] 형태여야 합니다{}", input(got)),
        NotATimeList { got } => format!("ms 단위 시각의 목록이어야 합니다{}", input(got)),
        NotAStepList { got } => format!("단계의 목록이어야 합니다{}", input(got)),
        NotAChoice { choices, got } => format!("{} 중 하나여야 합니다{}", quoted(choices), input(got)),
        Negative { got } => format!("음수일 수 없습니다 (입력값 {got})"),
        TooLong { max_ms, got } => format!("{max_ms} ms 이하여야 합니다 (입력값 {got})"),
        NotWhole { got } => format!("정수여야 합니다 (입력값 {got})"),
        AtLeast { min, got } => format!("{min} 이상이어야 합니다 (입력값 {got})"),
        AtMost { max, got } => format!("{max} 이하여야 합니다 (입력값 {got})"),
        Above { min, got } => format!("{min}보다 커야 합니다 (입력값 {got})"),
        Between { min, max, got } => format!("{min}에서 {max} 사이여야 합니다 (입력값 {got})"),
        TooMany { what, max, got } => {
            let what = if *what == "steps" { "단계" } else { "시각" };
            format!("{what}는 최대 {max}개입니다 (입력 {got}개)")
        }
        HiBelowLo { lo, hi } => format!("최대({hi})가 최소({lo})보다 작을 수 없습니다"),
        BelowCore { core, got } => format!("core({core}) 이상이어야 합니다 (입력값 {got})"),
        OffloadNeedsWorkers => "offload_cpu가 true이면 1 이상이어야 합니다".into(),
        TooManyJobSlots { max } => format!("workers × concurrency는 {max} 이하여야 합니다"),
        NeedsJobQueue => "model이 job_queue일 때만 쓸 수 있습니다".into(),
        PartitionNeedsKeys => "workload.keys(파티션을 나눌 키)가 필요합니다".into(),
        UnhandledRejectionNeedsNode => "\"unhandled_rejection\"은 model이 event_loop이고 flavor가 \"node\"일 때만 쓸 수 있습니다 (처리되지 않은 거부로 프로세스가 죽는 것은 Node.js뿐입니다)".into(),
        NameTooLong { max } => format!("최대 {max}자입니다"),
        NoSteps => "단계가 하나 이상 있어야 합니다".into(),
        NotBeforeEnd { t, duration_ms } => format!("{t}은 duration_ms({duration_ms})보다 앞서야 합니다"),
        TooManyRequests { expected, max } => format!(
            "요청이 약 {expected:.0}개 도착합니다. 최대 {max}개까지 허용됩니다 (요청률이나 duration_ms를 낮추거나 workload.limit을 정하세요)"
        ),
        StepsTooLong => "요청 하나의 단계를 모두 더하면 1e9 ms를 넘습니다".into(),
        OverBudget { work, budget, what, advice } => format!(
            "이 시나리오에는 {} 약 {}개가 필요합니다. 최대 {}개까지 허용됩니다 ({})",
            tr(lang, what),
            asyncviz_engine::approx(*work),
            asyncviz_engine::approx(*budget),
            tr(lang, advice)
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
