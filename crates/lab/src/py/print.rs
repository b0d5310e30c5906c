//! Values as text: `str()` and `repr()` as CPython writes them (floats with the shortest
//! digits that read back, strings with Python's quotes and escapes, lists), and type names for
//! error messages.

use std::rc::Rc;

use super::value::*;
use super::vm::{Ctx, Fault, Machine, X};
use super::{unsupported, Pos};

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

const MAX_DEPTH: usize = 50;

impl Machine {
    /// `str(v)`.
    #[allow(clippy::wrong_self_convention)]
    pub(super) fn to_str(&mut self, ctx: Ctx, v: &Value) -> X<String> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            Value::Inst(i) => {
                if let Some(m) = i.class.lookup("__str__") {
                    return self.text_call(ctx, v, m);
                }
                self.repr(ctx, v)
            }
            _ => self.repr(ctx, v),
        }
    }

    fn text_call(&mut self, ctx: Ctx, v: &Value, m: Value) -> X<String> {
        match self.call(ctx, &Value::Bound(Rc::new((v.clone(), m))), vec![], vec![])? {
            Value::Str(s) => Ok(s.to_string()),
            other => {
                let t = self.type_name(&other);
                self.raise("TypeError", format!("__str__ returned non-string (type {t})"))
            }
        }
    }

    pub(super) fn repr(&mut self, ctx: Ctx, v: &Value) -> X<String> {
        self.repr_depth(ctx, v, 0)
    }

    fn repr_depth(&mut self, ctx: Ctx, v: &Value, depth: usize) -> X<String> {
        if depth > MAX_DEPTH {
            return Err(Fault::Code(unsupported(self.here(), "printing values nested this deeply is")));
        }
        let items = |m: &mut Machine, vs: &[Value]| -> X<Vec<String>> {
            vs.iter().map(|x| m.repr_depth(ctx, x, depth + 1)).collect()
        };
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) => str_repr(s),
            Value::Ellipsis => "Ellipsis".into(),
            Value::List(l) => {
                let vs = l.borrow().clone();
                format!("[{}]", items(self, &vs)?.join(", "))
            }
            Value::Tuple(t) => {
                let parts = items(self, t)?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::Dict(d) => {
                let pairs = d.borrow().items.clone();
                let mut parts = vec![];
                for (k, x) in &pairs {
                    parts.push(format!(
                        "{}: {}",
                        self.repr_depth(ctx, k, depth + 1)?,
                        self.repr_depth(ctx, x, depth + 1)?
                    ));
                }
                format!("{{{}}}", parts.join(", "))
            }
            Value::Set(_) => {
                let vs = self.set_in_order(v)?;
                if vs.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", items(self, &vs)?.join(", "))
                }
            }
            Value::Range(a, b, s) => {
                if *s == 1 {
                    format!("range({a}, {b})")
                } else {
                    format!("range({a}, {b}, {s})")
                }
            }
            Value::Class(c) => format!("<class '{}{}'>", if c.internal { "" } else { "__main__." }, c.name),
            Value::Type(t) => format!("<class '{t}'>"),
            Value::Inst(i) => {
                if let Some(m) = i.class.lookup("__repr__") {
                    return self.text_call(ctx, v, m);
                }
                if i.class.lookup("__dataclass_fields__").is_some() {
                    let Some(Value::Tuple(fields)) = i.class.lookup("__dataclass_fields__") else {
                        return Ok(String::new());
                    };
                    let mut parts = vec![];
                    for f in fields.iter() {
                        if let Value::Tuple(spec) = f {
                            if let (Some(Value::Str(n)), Some(Value::Bool(shown))) =
                                (spec.first(), spec.get(4))
                            {
                                if *shown {
                                    let x = i.get(n).unwrap_or(Value::None);
                                    parts.push(format!("{n}={}", self.repr_depth(ctx, &x, depth + 1)?));
                                }
                            }
                        }
                    }
                    return Ok(format!("{}({})", i.class.name, parts.join(", ")));
                }
                return Err(self.unprintable(v));
            }
            _ => return Err(self.unprintable(v)),
        })
    }

    fn unprintable(&self, v: &Value) -> Fault {
        let t = self.type_name(v);
        Fault::Code(unsupported(
            self.here(),
            &format!(
                "printing a `{t}` object (Python shows its memory address, which changes from run to run) is"
            ),
        ))
    }

    /// A set's items in CPython's order, when the lab knows it: small non-negative ints in a
    /// set of at most four (they sit in hash order in the eight-slot table), or one item.
    pub(super) fn set_in_order(&mut self, v: &Value) -> X<Vec<Value>> {
        let Value::Set(s) = v else { return Ok(vec![]) };
        let items = s.borrow().clone();
        if items.len() <= 1 {
            return Ok(items);
        }
        let small =
            items.len() <= 4 && items.iter().all(|x| matches!(x, Value::Int(i) if (0..8).contains(i)));
        if !small {
            return Err(Fault::Code(unsupported(
                self.here(),
                "iterating or printing a set (CPython's order depends on hashes; use a list or `sorted(…)`) is",
            )));
        }
        let mut sorted = items;
        sorted.sort_by_key(super::ops::as_i64);
        Ok(sorted)
    }

    /// An f-string field (or `format()`): conversion, then the format spec.
    pub(super) fn format_field(
        &mut self,
        ctx: Ctx,
        v: &Value,
        conv: Option<char>,
        spec: &Value,
        pos: Pos,
    ) -> X<String> {
        let spec = match spec {
            Value::Str(s) => s.to_string(),
            _ => String::new(),
        };
        let v = match conv {
            Some('r') | Some('a') => Value::str(&self.repr(ctx, v)?),
            Some(_) => Value::str(&self.to_str(ctx, v)?),
            None => v.clone(),
        };
        if spec.is_empty() {
            return self.to_str(ctx, &v);
        }
        if let Value::Inst(i) = &v {
            if i.class.lookup("__format__").is_some() {
                return Err(Fault::Code(unsupported(pos, "`__format__` is")));
            }
            let s = self.to_str(ctx, &v)?;
            return format_spec(self, &Value::str(&s), &spec, pos);
        }
        format_spec(self, &v, &spec, pos)
    }
}

struct Spec {
    fill: char,
    align: Option<char>,
    sign: char,
    alt: bool,
    zero: bool,
    width: usize,
    comma: Option<char>,
    precision: Option<usize>,
    ty: Option<char>,
}

fn parse_spec(s: &str) -> Option<Spec> {
    let c: Vec<char> = s.chars().collect();
    let mut i = 0;
    let mut spec = Spec {
        fill: ' ',
        align: None,
        sign: '-',
        alt: false,
        zero: false,
        width: 0,
        comma: None,
        precision: None,
        ty: None,
    };
    let is_align = |ch: char| matches!(ch, '<' | '>' | '^' | '=');
    if c.len() >= 2 && is_align(c[1]) {
        spec.fill = c[0];
        spec.align = Some(c[1]);
        i = 2;
    } else if !c.is_empty() && is_align(c[0]) {
        spec.align = Some(c[0]);
        i = 1;
    }
    if let Some(&ch @ ('+' | '-' | ' ')) = c.get(i) {
        spec.sign = ch;
        i += 1;
    }
    if c.get(i) == Some(&'#') {
        spec.alt = true;
        i += 1;
    }
    if c.get(i) == Some(&'0') {
        spec.zero = true;
        i += 1;
    }
    let start = i;
    while c.get(i).is_some_and(|d| d.is_ascii_digit()) {
        i += 1;
    }
    if i > start {
        spec.width = c[start..i].iter().collect::<String>().parse().ok()?;
    }
    if let Some(&ch @ (',' | '_')) = c.get(i) {
        spec.comma = Some(ch);
        i += 1;
    }
    if c.get(i) == Some(&'.') {
        i += 1;
        let start = i;
        while c.get(i).is_some_and(|d| d.is_ascii_digit()) {
            i += 1;
        }
        spec.precision = Some(c[start..i].iter().collect::<String>().parse().ok()?);
    }
    if i < c.len() {
        spec.ty = Some(c[i]);
        i += 1;
    }
    (i == c.len()).then_some(spec)
}

fn group(digits: &str, sep: char) -> String {
    let (int, frac) = match digits.find('.') {
        Some(p) => (&digits[..p], &digits[p..]),
        None => (digits, ""),
    };
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    out + frac
}

fn format_spec(m: &mut Machine, v: &Value, spec_s: &str, pos: Pos) -> X<String> {
    let bad = |_m: &mut Machine| -> X<String> {
        Err(Fault::Code(unsupported(pos, &format!("the format spec `{spec_s}` is"))))
    };
    let Some(spec) = parse_spec(spec_s) else { return bad(m) };
    let (body, negative, numeric) = match (v, spec.ty) {
        (Value::Str(s), None | Some('s')) => {
            if spec.sign != '-' || spec.comma.is_some() || spec.alt {
                return m.raise("ValueError", "Sign not allowed in string format specifier");
            }
            let s: String = match spec.precision {
                Some(p) => s.chars().take(p).collect(),
                None => s.to_string(),
            };
            (s, false, false)
        }
        (Value::Int(_) | Value::Bool(_), None | Some('d')) if spec.precision.is_none() => {
            let i = super::ops::as_i64(v);
            (i.unsigned_abs().to_string(), i < 0, true)
        }
        (Value::Int(_) | Value::Bool(_), Some(t @ ('x' | 'X' | 'o' | 'b'))) => {
            let i = super::ops::as_i64(v);
            let a = i.unsigned_abs();
            let s = match t {
                'x' => format!("{a:x}"),
                'X' => format!("{a:X}"),
                'o' => format!("{a:o}"),
                _ => format!("{a:b}"),
            };
            let prefix = if spec.alt {
                match t {
                    'x' => "0x",
                    'X' => "0X",
                    'o' => "0o",
                    _ => "0b",
                }
            } else {
                ""
            };
            (format!("{prefix}{s}"), i < 0, true)
        }
        (Value::Int(_) | Value::Bool(_) | Value::Float(_), Some(t @ ('f' | 'F' | '%' | 'e' | 'E'))) => {
            let mut f = super::ops::as_f64(v);
            let p = spec.precision.unwrap_or(6);
            if t == '%' {
                f *= 100.0;
            }
            let neg = f.is_sign_negative() && !f.is_nan();
            let a = f.abs();
            let s = if a.is_nan() {
                "nan".to_string()
            } else if a.is_infinite() {
                "inf".to_string()
            } else if t == 'e' || t == 'E' {
                let s = format!("{a:.p$e}");
                let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
                let e: i32 = exp.parse().unwrap_or(0);
                let s = format!("{mant}e{}{:02}", if e < 0 { '-' } else { '+' }, e.abs());
                if t == 'E' {
                    s.to_uppercase()
                } else {
                    s
                }
            } else {
                format!("{a:.p$}")
            };
            let s = if t == '%' { s + "%" } else { s };
            (s, neg, true)
        }
        (Value::Float(f), None) if spec.precision.is_none() => {
            let s = float_repr(f.abs());
            (s, f.is_sign_negative() && !f.is_nan(), true)
        }
        _ => return bad(m),
    };
    let body = match spec.comma {
        Some(sep) if numeric => group(&body, sep),
        _ => body,
    };
    let sign = if negative {
        "-"
    } else {
        match spec.sign {
            '+' if numeric => "+",
            ' ' if numeric => " ",
            _ => "",
        }
    };
    let len = sign.chars().count() + body.chars().count();
    let pad = spec.width.saturating_sub(len);
    let (fill, align) = if spec.zero && spec.align.is_none() && numeric {
        ('0', '=')
    } else if spec.zero && spec.align.is_none() {
        ('0', '<')
    } else {
        (spec.fill, spec.align.unwrap_or(if numeric { '>' } else { '<' }))
    };
    let rep = |k: usize| fill.to_string().repeat(k);
    Ok(match align {
        '<' => format!("{sign}{body}{}", rep(pad)),
        '>' => format!("{}{sign}{body}", rep(pad)),
        '^' => format!("{}{sign}{body}{}", rep(pad / 2), rep(pad - pad / 2)),
        _ => format!("{sign}{}{body}", rep(pad)),
    })
}
