//! Values as text: what `console.log` prints for each value (Node's `util.inspect` for the
//! values the subset has) and `Number.prototype.toString()`.

use super::runtime::{Builtin, State};
use super::vm::{Value, Vm};

impl Vm<'_> {
    pub(super) fn primitive(&self, v: &Value) -> bool {
        matches!(v, Value::Undefined | Value::Null | Value::Bool(_) | Value::Num(_) | Value::Str(_))
    }

    /// What `console.log` prints (`nested`: a string inside something else gets quotes).
    pub(super) fn inspect(&self, v: &Value, nested: bool) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number(*n),
            Value::Str(s) if nested => {
                if s.contains('\'') && !s.contains('"') {
                    format!("\"{s}\"")
                } else {
                    format!("'{}'", s.replace('\'', "\\'"))
                }
            }
            Value::Str(s) => s.to_string(),
            Value::Promise(p) => match &self.promises[*p].state {
                State::Pending => "Promise { <pending> }".into(),
                State::Fulfilled(v) => format!("Promise {{ {} }}", self.inspect(v, true)),
                State::Rejected(v) => format!("Promise {{ <rejected> {} }}", self.inspect(v, true)),
            },
            Value::Func(c) => {
                let f = &self.funcs[self.closures[*c].0];
                let kind = if f.is_async { "AsyncFunction" } else { "Function" };
                match &f.name {
                    Some(n) => format!("[{kind}: {n}]"),
                    None => format!("[{kind} (anonymous)]"),
                }
            }
            Value::Native(_) | Value::Method(..) => "[Function (anonymous)]".into(),
            Value::Builtin(b) => format!("[{}]", self.short(&Value::Builtin(*b))),
            Value::Timer(_) => "Timeout {…}".into(),
            Value::Immediate(_) => "Immediate {…}".into(),
        }
    }

    pub(super) fn short(&self, v: &Value) -> String {
        match v {
            Value::Builtin(b) => match b {
                Builtin::Console => "console".into(),
                Builtin::Process => "process".into(),
                Builtin::Promise => "Promise".into(),
                other => format!("{other:?}"),
            },
            Value::Promise(_) => "promise".into(),
            other => self.inspect(other, true),
        }
    }
}

/// `Number.prototype.toString()` for the numbers a program can write.
fn number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return if n.is_sign_negative() { "-0" } else { "0" }.into();
    }
    let a = n.abs();
    if !(1e-6..1e21).contains(&a) {
        let s = format!("{n:e}");
        return match s.split_once('e') {
            Some((m, e)) if !e.starts_with('-') => format!("{m}e+{e}"),
            _ => s,
        };
    }
    format!("{n}")
}
