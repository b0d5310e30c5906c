//! Values as text: `str()` and `repr()` as CPython writes them (floats with the shortest
//! digits that read back, strings with Python's quotes and escapes, lists), and type names for
//! error messages.

use super::runtime::FutKind;
use super::vm::{Machine, Value};

/// Python's `repr` of a float: the shortest digits that read back, in fixed notation for
/// exponents from -4 to 15, else in scientific notation with at least two exponent digits.
pub(super) fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let decpt = exp + 1;
    if (-3..=16).contains(&decpt) {
        let n = digits.len() as i32;
        if decpt <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
        } else if decpt >= n {
            format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
        } else {
            let (a, b) = digits.split_at(decpt as usize);
            format!("{sign}{a}.{b}")
        }
    } else {
        let (a, b) = digits.split_at(1);
        let dot = if b.is_empty() { String::new() } else { format!(".{b}") };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{a}{dot}e{esign}{:02}", exp.abs())
    }
}

/// Python's `repr` of a str.
pub(super) fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let v = c as u32;
                out += &if v < 0x100 {
                    format!("\\x{v:02x}")
                } else if v < 0x10000 {
                    format!("\\u{v:04x}")
                } else {
                    format!("\\U{v:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

pub(super) fn type_name(v: &Value, m: &Machine) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Module => "module",
        Value::Func(_) => "function",
        Value::Coro(_) => "coroutine",
        Value::Fut(f) => match m.futs.get(*f).map(|f| &f.kind) {
            Some(FutKind::Task(_)) => "_asyncio.Task",
            Some(FutKind::Gather { .. }) => "_GatheringFuture",
            _ => "_asyncio.Future",
        },
    }
}

impl Machine {
    /// `str()` (or `repr()`) of a value, or why it cannot be printed.
    pub(super) fn text(&self, v: &Value, repr: bool) -> Result<String, String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) if repr => str_repr(s),
            Value::Str(s) => s.clone(),
            Value::List(items) => {
                let items = items.iter().map(|x| self.text(x, true)).collect::<Result<Vec<_>, _>>()?;
                format!("[{}]", items.join(", "))
            }
            other => {
                return Err(format!(
                    "printing a {} object is not supported: Python prints its memory address, which changes on every run",
                    type_name(other, self)
                ))
            }
        })
    }
}
