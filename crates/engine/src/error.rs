//! Why a scenario cannot be read: the field's path and a typed kind that carries the numbers
//! and names it mentions. English comes from `Display`; other languages translate by kind
//! (the app does), so no one parses the English back.

use std::fmt;

/// A scenario that could not be read: the field path and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct ScenarioError {
    /// Dotted path of the offending field, e.g. `model.thread_pool.threads`; empty for the
    /// scenario as a whole.
    pub path: String,
    pub kind: ErrorKind,
}

impl ScenarioError {
    pub fn new(path: impl Into<String>, kind: ErrorKind) -> Self {
        ScenarioError { path: path.into(), kind }
    }

    /// What is wrong, in English, without the path.
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "scenario: {}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// A JSON value as an error message describes it ("the string \"fast\"", "a list").
#[derive(Clone, Debug, PartialEq)]
pub enum Got {
    Null,
    Bool(bool),
    /// The number as JSON wrote it.
    Number(String),
    /// At most the first 40 characters.
    Str(String),
    List,
    Object,
}

impl Got {
    pub fn of(v: &serde_json::Value) -> Got {
        use serde_json::Value;
        match v {
            Value::Null => Got::Null,
            Value::Bool(b) => Got::Bool(*b),
            Value::Number(n) => Got::Number(n.to_string()),
            Value::String(s) => Got::Str(s.chars().take(40).collect()),
            Value::Array(_) => Got::List,
            Value::Object(_) => Got::Object,
        }
    }
}

impl fmt::Display for Got {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Got::Null => write!(f, "null"),
            Got::Bool(b) => write!(f, "the boolean {b}"),
            Got::Number(n) => write!(f, "the number {n}"),
            Got::Str(s) => write!(f, "the string {s:?}"),
            Got::List => write!(f, "a list"),
            Got::Object => write!(f, "an object"),
        }
    }
}

/// What is wrong with a field. New kinds may be added: match with a fallback to `Display`.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq)]
pub enum ErrorKind {
    /// The text is not JSON (serde_json's own description).
    InvalidJson(String),
    /// The text is larger than 8 MiB.
    TooLarge,
    Required,
    /// A field the format does not have (a misspelling, usually).
    UnknownField {
        expected: &'static [&'static str],
    },
    /// A one-key object (`{"poisson": …}`) whose key is none of these.
    UnknownKind {
        expected: &'static [&'static str],
    },
    NotAnObject {
        got: Got,
    },
    NotABool {
        got: Got,
    },
    NotANumber {
        got: Got,
    },
    NotAString {
        got: Got,
    },
    NotFinite,
    /// Not a one-key object naming one of these.
    NotAVariant {
        expected: &'static [&'static str],
        got: Got,
    },
    /// A one-key object with another number of keys.
    NotExactlyOne {
        expected: &'static [&'static str],
        keys: usize,
    },
    /// Not a duration: a number of ms, `{"exp": mean}` or `{"uniform": [lo, hi]}`.
    NotADuration {
        got: Got,
    },
    /// Not a `[lo, hi]` pair.
    NotAPair {
        got: Got,
    },
    /// Not a list of times in ms.
    NotATimeList {
        got: Got,
    },
    NotAStepList {
        got: Got,
    },
    NotABurstList {
        got: Got,
    },
    /// A string field that must be one of these strings.
    NotAChoice {
        choices: &'static [&'static str],
        got: Got,
    },
    Negative {
        got: f64,
    },
    /// A duration above the longest allowed, ms.
    TooLong {
        max_ms: f64,
        got: f64,
    },
    NotWhole {
        got: f64,
    },
    AtLeast {
        min: f64,
        got: f64,
    },
    AtMost {
        max: f64,
        got: f64,
    },
    Above {
        min: f64,
        got: f64,
    },
    Between {
        min: f64,
        max: f64,
        got: f64,
    },
    /// A list longer than allowed (`what`: "times", "steps").
    TooMany {
        what: &'static str,
        max: usize,
        got: usize,
    },
    /// A `uniform` range upside down.
    HiBelowLo {
        lo: f64,
        hi: f64,
    },
    /// An executor's `max` below its `core`.
    BelowCore {
        core: u32,
        got: u32,
    },
    /// `offload_cpu` with no worker threads to offload to.
    OffloadNeedsWorkers,
    /// Job workers × concurrency above the thread limit.
    TooManyJobSlots {
        max: u64,
    },
    /// A job-queue fault asked of another model.
    NeedsJobQueue,
    /// `partition_by_key` without `workload.keys`.
    PartitionNeedsKeys,
    /// `unhandled_rejection` asked of a model other than Node.js's event loop.
    UnhandledRejectionNeedsNode,
    /// A name longer than this many characters.
    NameTooLong {
        max: usize,
    },
    NoSteps,
    /// An arrival at or after the end of the run.
    NotBeforeEnd {
        t: f64,
        duration_ms: f64,
    },
    /// More requests would arrive than a run may hold.
    TooManyRequests {
        expected: f64,
        max: f64,
    },
    /// One request's steps add up to more than the longest run.
    StepsTooLong,
    /// The run would cost more work than the budget allows: about `work` events against
    /// `budget`; `what` names the work and `advice` what to lower (fixed English phrases).
    OverBudget {
        work: u64,
        budget: u64,
        what: &'static str,
        advice: &'static str,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use ErrorKind::*;
        match self {
            InvalidJson(e) => write!(f, "invalid JSON: {e}"),
            TooLarge => write!(f, "is larger than 8 MiB"),
            Required => write!(f, "is required"),
            UnknownField { expected } => write!(f, "unknown field (expected one of: {})", expected.join(", ")),
            UnknownKind { expected } => write!(f, "unknown kind (expected one of: {})", expected.join(", ")),
            NotAnObject { got } => write!(f, "expected an object, got {got}"),
            NotABool { got } => write!(f, "expected true or false, got {got}"),
            NotANumber { got } => write!(f, "expected a number, got {got}"),
            NotAString { got } => write!(f, "expected a string, got {got}"),
            NotFinite => write!(f, "must be a finite number"),
            NotAVariant { expected, got } => {
                write!(f, "expected an object with one of: {}; got {got}", expected.join(", "))
            }
            NotExactlyOne { expected, keys } => {
                write!(f, "expected exactly one of: {} (got {keys} keys)", expected.join(", "))
            }
            NotADuration { got } => write!(
                f,
                "expected a duration: a number of ms, {{\"exp\": mean}} or {{\"uniform\": [lo, hi]}}; got {got}"
            ),
            NotAPair { got } => write!(f, "expected [lo, hi], got {got}"),
            NotATimeList { got } => write!(f, "expected a list of times in ms, got {got}"),
            NotAStepList { got } => write!(f, "expected a list of steps, got {got}"),
            NotABurstList { got } => {
                write!(f, "expected a list of bursts such as [{{\"at_ms\": 500, \"count\": 50}}], got {got}")
            }
            NotAChoice { choices, got } => {
                let quoted: Vec<String> = choices.iter().map(|c| format!("\"{c}\"")).collect();
                let (last, rest) = quoted.split_last().expect("a choice");
                if rest.is_empty() {
                    write!(f, "expected {last}, got {got}")
                } else {
                    write!(f, "expected {} or {last}, got {got}", rest.join(", "))
                }
            }
            Negative { got } => write!(f, "must not be negative (got {got})"),
            TooLong { max_ms, got } => write!(f, "must be at most {max_ms} ms (got {got})"),
            NotWhole { got } => write!(f, "must be a whole number (got {got})"),
            AtLeast { min, got } => write!(f, "must be at least {min} (got {got})"),
            AtMost { max, got } => write!(f, "must be at most {max} (got {got})"),
            Above { min, got } => write!(f, "must be above {min} (got {got})"),
            Between { min, max, got } => write!(f, "must be between {min} and {max} (got {got})"),
            TooMany { what, max, got } => write!(f, "at most {max} {what} (got {got})"),
            HiBelowLo { lo, hi } => write!(f, "hi ({hi}) must not be below lo ({lo})"),
            BelowCore { core, got } => write!(f, "must be at least core ({core}) (got {got})"),
            OffloadNeedsWorkers => write!(f, "must be at least 1 when offload_cpu is true"),
            TooManyJobSlots { max } => write!(f, "workers × concurrency must be at most {max}"),
            NeedsJobQueue => write!(f, "needs model job_queue"),
            PartitionNeedsKeys => write!(f, "needs workload.keys (the keys to partition by)"),
            UnhandledRejectionNeedsNode => write!(
                f,
                "\"unhandled_rejection\" needs model event_loop with flavor \"node\" (only Node.js dies on an unhandled rejection)"
            ),
            NameTooLong { max } => write!(f, "must be at most {max} characters"),
            NoSteps => write!(f, "must have at least one step"),
            NotBeforeEnd { t, duration_ms } => write!(f, "{t} is not before duration_ms ({duration_ms})"),
            TooManyRequests { expected, max } => write!(
                f,
                "about {expected:.0} requests would arrive; at most {max} are allowed (lower the rate or duration_ms, or set workload.limit)"
            ),
            StepsTooLong => write!(f, "the steps of one request add up to more than 1e9 ms"),
            OverBudget { work, budget, what, advice } => write!(
                f,
                "this scenario needs about {} {what}; at most {} are allowed ({advice})",
                crate::budget::approx(*work),
                crate::budget::approx(*budget)
            ),
        }
    }
}
