//! Values as text: what `console.log` prints for each value (Node's `util.inspect`, with its
//! depth of 2, its 80-column line breaking and its grouping of long arrays), `JSON.stringify`,
//! and `Number.prototype.toString()`. A value whose printing the lab cannot reproduce exactly
//! (an error's stack trace with file paths, an emitter's internals) is refused, not guessed.

use super::ast::FuncKind;
use super::lexer::{err, unsupported, Pos};
use super::objects::ObjKind;
use super::runtime::{Builtin, Native, State};
use super::vm::{Value, Vm};
use crate::CodeError;

const BREAK_LENGTH: usize = 80;

struct Ctx {
    indent: usize,
    seen: Vec<usize>,
}

fn is_ident(k: &str) -> bool {
    let mut c = k.chars();
    matches!(c.next(), Some(f) if f.is_ascii_alphabetic() || f == '_')
        && c.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A string as `util.inspect` quotes it.
pub(super) fn quote(s: &str) -> String {
    let q = if !s.contains('\'') {
        '\''
    } else if !s.contains('"') {
        '"'
    } else if !s.contains('`') && !s.contains("${") {
        '`'
    } else {
        '\''
    };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\u{b}' => out.push_str("\\v"),
            '\\' => out.push_str("\\\\"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if (c as u32) < 0x20 || c as u32 == 0x7f => out.push_str(&format!("\\x{:02X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

impl Vm<'_> {
    /// What `console.log` prints for one argument.
    pub(super) fn inspect_top(&self, v: &Value, pos: Pos) -> Result<String, CodeError> {
        match v {
            Value::Str(s) => Ok(s.to_string()),
            _ => self.inspect_at(v, pos, 0, &mut Ctx { indent: 0, seen: Vec::new() }),
        }
    }

    /// For messages: the inspected value, or a short description when it cannot be printed.
    pub(super) fn inspect_safe(&self, v: &Value) -> String {
        self.inspect_at(v, Pos::default(), 0, &mut Ctx { indent: 0, seen: Vec::new() })
            .unwrap_or_else(|_| self.describe_value(v))
    }

    /// Kept for the frames: a value as text without refusing.
    pub(super) fn inspect(&self, v: &Value, nested: bool) -> String {
        match v {
            Value::Str(s) if !nested => s.to_string(),
            other => self.inspect_safe(other),
        }
    }

    pub(super) fn describe_value(&self, v: &Value) -> String {
        match v {
            Value::Undefined | Value::Null | Value::Bool(_) | Value::Num(_) => self.plain_string(v),
            Value::Str(s) => quote(s),
            Value::Obj(o) => match &self.objs[*o].kind {
                ObjKind::Array(_) => "an array".into(),
                ObjKind::Error(b) => format!("a {b}"),
                ObjKind::Emitter(_) => "an EventEmitter".into(),
                ObjKind::AbortController => "an AbortController".into(),
                ObjKind::AbortSignal(_) => "an AbortSignal".into(),
                _ => "an object".into(),
            },
            Value::Promise(_) => "a promise".into(),
            Value::Timer(_) => "a Timeout".into(),
            Value::Immediate(_) => "an Immediate".into(),
            other => self.func_text(other),
        }
    }

    pub(super) fn short(&self, v: &Value) -> String {
        match v {
            Value::Builtin(b) => match b {
                Builtin::Console => "console".into(),
                Builtin::GlobalThis => "globalThis".into(),
                Builtin::Process => "process".into(),
                Builtin::Promise => "Promise".into(),
                Builtin::Util => "util".into(),
                Builtin::Math => "Math".into(),
                Builtin::Json => "JSON".into(),
                Builtin::TimersPromises => "timers/promises".into(),
                Builtin::Timers => "timers".into(),
                Builtin::SymbolAsyncIterator => "Symbol.asyncIterator".into(),
                Builtin::SymbolIterator => "Symbol.iterator".into(),
                other => other.name(),
            },
            other => self.describe_value(other),
        }
    }

    fn func_text(&self, v: &Value) -> String {
        match v {
            Value::Func(c) => {
                let f = &self.funcs[self.closures[*c].func];
                let name = f.name.clone().filter(|n| !n.is_empty());
                if let FuncKind::Ctor(class) = f.kind {
                    let ext = match &self.closures[*c].parent {
                        Some(Value::Func(p)) => {
                            let pf = &self.funcs[self.closures[*p].func];
                            format!(" extends {}", pf.name.as_deref().unwrap_or(""))
                        }
                        Some(Value::Builtin(b)) => format!(" extends {}", b.name()),
                        _ => String::new(),
                    };
                    let _ = class;
                    return match name {
                        Some(n) => format!("[class {n}{ext}]"),
                        None => format!("[class (anonymous){ext}]"),
                    };
                }
                let kind = if f.is_async { "AsyncFunction" } else { "Function" };
                match name {
                    Some(n) => format!("[{kind}: {n}]"),
                    None => format!("[{kind} (anonymous)]"),
                }
            }
            Value::Native(n) => match &self.natives[*n] {
                Native::Bound { f, .. } => {
                    let inner = self.func_text(f);
                    match inner.split_once(": ") {
                        Some((k, n)) => format!("{k}: bound {n}"),
                        None => "[Function: bound ]".into(),
                    }
                }
                _ => "[Function (anonymous)]".into(),
            },
            Value::Builtin(b) => format!("[Function: {}]", b.name()),
            Value::Bound(b) => format!("[Function: {}]", b.1),
            Value::Method(m, _) => format!("[Function: {}]", format!("{m:?}").to_lowercase()),
            _ => "[Function (anonymous)]".into(),
        }
    }

    fn inspect_at(&self, v: &Value, pos: Pos, depth: usize, ctx: &mut Ctx) -> Result<String, CodeError> {
        Ok(match v {
            Value::Num(n) if *n == 0.0 && n.is_sign_negative() => "-0".into(),
            Value::Undefined | Value::Null | Value::Bool(_) | Value::Num(_) => self.plain_string(v),
            Value::Str(s) => {
                if !s.is_ascii() {
                    return unsupported(
                        pos,
                        "printing a string with non-ASCII characters inside an object or array",
                    );
                }
                quote(s)
            }
            Value::Promise(_) if depth > 2 => "[Promise]".into(),
            Value::Promise(p) => {
                let inner = match &self.promises[*p].state {
                    State::Pending => "<pending>".to_string(),
                    State::Fulfilled(v) => self.child(v, pos, depth, ctx)?,
                    State::Rejected(v) => format!("<rejected> {}", self.child(v, pos, depth, ctx)?),
                };
                self.reduce(vec![inner], "Promise {", "}", ctx, None)
            }
            Value::Func(c) => {
                let base = self.func_text(v);
                let Some(props) = self.closures[*c].props else { return Ok(base) };
                let keys = self.own_keys(&Value::Obj(props));
                if keys.is_empty() {
                    return Ok(base);
                }
                if depth > 2 {
                    return Ok(if base.starts_with("[class") {
                        "[class]".into()
                    } else {
                        "[Function]".into()
                    });
                }
                let out = self.entries(props, &keys, pos, depth, ctx)?;
                // Node: the base, then the braces; the base counts towards the line's length.
                self.reduce_with(out, &format!("{base} {{"), "}", ctx, None, 1)
            }
            Value::Native(_) | Value::Builtin(_) | Value::Bound(_) | Value::Method(..) => {
                if let Value::Builtin(b) = v {
                    if !b.callable() {
                        return unsupported(pos, &format!("printing `{}`", self.short(v)));
                    }
                }
                self.func_text(v)
            }
            Value::Timer(_) | Value::Immediate(_) | Value::Iter(_) => {
                return unsupported(pos, "printing a Timeout, Immediate or iterator object")
            }
            Value::Obj(o) => {
                let o = *o;
                if ctx.seen.contains(&o) {
                    return unsupported(pos, "printing an object that contains itself");
                }
                let obj = &self.objs[o];
                let class = self.class_name(o);
                if obj.props.iter().any(|p| p.key.starts_with(super::objects::SYMBOL_KEY)) {
                    return unsupported(pos, "printing an object with a symbol-keyed property");
                }
                match &obj.kind {
                    ObjKind::Error(_) => {
                        return unsupported(
                            pos,
                            "printing an Error object (Node prints its stack trace, with file paths); print `err.message` instead",
                        )
                    }
                    ObjKind::Emitter(ls) => return self.inspect_emitter(o, ls, class, pos, depth, ctx),
                    ObjKind::AbortController | ObjKind::AbortSignal(_) => {
                        return unsupported(pos, &format!("printing {}", self.describe_value(v)))
                    }
                    ObjKind::Generator(_) => return Ok("Object [Generator] {}".into()),
                    ObjKind::AsyncIter(g) if self.is_async_generator(*g) => {
                        return Ok("Object [AsyncGenerator] {}".into())
                    }
                    ObjKind::AsyncIter(_) => return unsupported(pos, "printing this async iterator"),
                    _ => {}
                }
                if let ObjKind::Array(items) = &obj.kind {
                    if obj.props.iter().any(|p| p.enumerable) {
                        return unsupported(pos, "printing an array with extra properties");
                    }
                    if items.is_empty() {
                        return Ok("[]".into());
                    }
                    if depth > 2 {
                        return Ok("[Array]".into());
                    }
                    if items.len() > 100 {
                        return unsupported(pos, "printing an array of more than 100 items");
                    }
                    ctx.seen.push(o);
                    let mut out = Vec::new();
                    for i in items {
                        out.push(self.child(i, pos, depth, ctx)?);
                    }
                    ctx.seen.pop();
                    let all_numbers = items.iter().all(|i| matches!(i, Value::Num(_)));
                    return Ok(self.reduce(out, "[", "]", ctx, Some(all_numbers)));
                }
                let prefix = if obj.null_proto {
                    "[Object: null prototype] ".to_string()
                } else {
                    match &class {
                        Some(c) => format!("{c} "),
                        None => String::new(),
                    }
                };
                let keys: Vec<_> = self.own_keys(v);
                if keys.is_empty() {
                    return Ok(format!("{prefix}{{}}"));
                }
                if depth > 2 {
                    return Ok(match &class {
                        Some(c) => format!("[{c}]"),
                        None => "[Object]".into(),
                    });
                }
                let out = self.entries(o, &keys, pos, depth, ctx)?;
                self.reduce(out, &format!("{prefix}{{"), "}", ctx, None)
            }
        })
    }

    /// An emitter as Node 20 prints one: its internal fields (`_events` and the rest), its own
    /// properties, then its two symbols. Refused when a listener was added with `once` or
    /// `prepend…` (Node wraps or reorders them).
    fn inspect_emitter(
        &self,
        o: usize,
        ls: &[super::objects::Listener],
        class: Option<String>,
        pos: Pos,
        depth: usize,
        ctx: &mut Ctx,
    ) -> Result<String, CodeError> {
        if ls.iter().any(|l| l.once || l.prepended) {
            return unsupported(pos, "printing an EventEmitter with `once` or prepended listeners");
        }
        let name = class.unwrap_or_else(|| "EventEmitter".into());
        if depth > 2 {
            return Ok(format!("[{name}]"));
        }
        let mut events: Vec<std::rc::Rc<str>> = Vec::new();
        for l in ls {
            if !events.contains(&l.event) {
                events.push(l.event.clone());
            }
        }
        ctx.seen.push(o);
        // `_events`, one level down: each event's listener, or an array of them.
        ctx.indent += 2;
        let mut ev_out = Vec::new();
        if depth + 1 > 2 {
            ev_out.push(String::new());
        }
        for e in &events {
            let fs: Vec<&Value> = ls.iter().filter(|l| &l.event == e).map(|l| &l.f).collect();
            let key = if is_ident(e) { e.to_string() } else { quote(e) };
            let text = if fs.len() == 1 {
                self.child(fs[0], pos, depth + 1, ctx)?
            } else {
                ctx.indent += 2;
                let mut items = Vec::new();
                for f in &fs {
                    items.push(self.child(f, pos, depth + 2, ctx)?);
                }
                ctx.indent -= 2;
                if depth + 2 > 2 {
                    "[Array]".to_string()
                } else {
                    self.reduce(items, "[", "]", ctx, Some(false))
                }
            };
            ev_out.push(format!("{key}: {text}"));
        }
        let events_text = if events.is_empty() {
            "[Object: null prototype] {}".to_string()
        } else if depth + 1 > 2 {
            "[Object: null prototype]".to_string()
        } else {
            self.reduce(ev_out, "[Object: null prototype] {", "}", ctx, None)
        };
        ctx.indent -= 2;
        let max = self.objs[o]
            .props
            .iter()
            .find(|p| &*p.key == "%maxListeners")
            .map_or(Value::Undefined, |p| p.value.clone());
        let mut out = vec![
            format!("_events: {events_text}"),
            format!("_eventsCount: {}", events.len()),
            format!("_maxListeners: {}", self.child(&max, pos, depth, ctx)?),
        ];
        ctx.seen.pop();
        let keys = self.own_keys(&Value::Obj(o));
        out.extend(self.entries(o, &keys, pos, depth, ctx)?);
        out.push("[Symbol(shapeMode)]: false".into());
        out.push("[Symbol(kCapture)]: false".into());
        Ok(self.reduce(out, &format!("{name} {{"), "}", ctx, None))
    }

    /// `key: value` for each own enumerable key of object `o`.
    fn entries(
        &self,
        o: usize,
        keys: &[std::rc::Rc<str>],
        pos: Pos,
        depth: usize,
        ctx: &mut Ctx,
    ) -> Result<Vec<String>, CodeError> {
        ctx.seen.push(o);
        let obj = &self.objs[o];
        let mut out = Vec::new();
        for k in keys {
            let name = if is_ident(k) { k.to_string() } else { quote(k) };
            let p = obj.props.iter().find(|p| &p.key == k).expect("an own key");
            let s = match (&p.getter, &p.setter) {
                (Some(_), Some(_)) => "[Getter/Setter]".to_string(),
                (Some(_), None) => "[Getter]".to_string(),
                (None, Some(_)) => "[Setter]".to_string(),
                _ => self.child(&p.value, pos, depth, ctx)?,
            };
            out.push(format!("{name}: {s}"));
        }
        ctx.seen.pop();
        Ok(out)
    }

    fn child(&self, v: &Value, pos: Pos, depth: usize, ctx: &mut Ctx) -> Result<String, CodeError> {
        ctx.indent += 2;
        let r = self.inspect_at(v, pos, depth + 1, ctx);
        ctx.indent -= 2;
        r
    }

    /// The name of an instance's class (None for plain objects).
    fn class_name(&self, o: usize) -> Option<String> {
        let proto = self.objs[o].proto?;
        let ctor = self.objs[proto].props.iter().find(|p| &*p.key == "constructor")?;
        match &ctor.value {
            Value::Func(c) => self.funcs[self.closures[*c].func]
                .name
                .as_deref()
                .filter(|n| !n.is_empty())
                .map(str::to_string),
            _ => None,
        }
    }

    /// Node's `reduceToSingleString` (with `groupArrayElements` for arrays of more than six).
    /// `open` may start with a base (`[class A] {`): Node counts the base and its brace apart,
    /// without the space between them (`base_space`).
    fn reduce(&self, output: Vec<String>, open: &str, close: &str, ctx: &Ctx, array: Option<bool>) -> String {
        self.reduce_with(output, open, close, ctx, array, 0)
    }

    fn reduce_with(
        &self,
        output: Vec<String>,
        open: &str,
        close: &str,
        ctx: &Ctx,
        array: Option<bool>,
        base_space: usize,
    ) -> String {
        let entries = output.len();
        let mut output = output;
        if let Some(all_numbers) = array {
            if entries > 6 {
                output = group(output, ctx.indent, all_numbers);
            }
        }
        if entries == output.len() {
            let start = output.len() + ctx.indent + open.len() - base_space + 10;
            if below_break_length(&output, start) {
                let joined = output.join(", ");
                if !joined.contains('\n') {
                    return format!("{open} {joined} {close}");
                }
            }
        }
        let ind = format!("\n{}", " ".repeat(ctx.indent));
        format!("{open}{ind}  {}{ind}{close}", output.join(&format!(",{ind}  ")))
    }

    /// `JSON.stringify` (no replacer, no indentation). `None` for `undefined` and functions.
    pub(super) fn json(&self, v: &Value, pos: Pos, depth: usize) -> Result<Option<String>, CodeError> {
        if depth > 50 {
            return err(pos, "JSON.stringify of a structure nested this deep (a cycle?) is not supported");
        }
        Ok(Some(match v {
            Value::Undefined => return Ok(None),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => {
                if n.is_finite() {
                    number(*n)
                } else {
                    "null".into()
                }
            }
            Value::Str(s) => json_string(s),
            Value::Obj(o) => match &self.objs[*o].kind {
                ObjKind::Array(items) => {
                    let mut parts = Vec::new();
                    for i in items {
                        parts.push(self.json(i, pos, depth + 1)?.unwrap_or_else(|| "null".into()));
                    }
                    format!("[{}]", parts.join(","))
                }
                ObjKind::Plain | ObjKind::Prototype | ObjKind::Error(_) => {
                    if self.find_prop(*o, "toJSON").is_some() {
                        return unsupported(pos, "JSON.stringify of an object with `toJSON`");
                    }
                    let mut parts = Vec::new();
                    for k in self.own_keys(v) {
                        let p = self.objs[*o].props.iter().find(|p| p.key == k).expect("own");
                        if p.getter.is_some() {
                            return unsupported(pos, "JSON.stringify of an object with a getter");
                        }
                        if let Some(s) = self.json(&p.value, pos, depth + 1)? {
                            parts.push(format!("{}:{s}", json_string(&k)));
                        }
                    }
                    format!("{{{}}}", parts.join(","))
                }
                ObjKind::Emitter(_) => return unsupported(pos, "JSON.stringify of an EventEmitter"),
                ObjKind::AbortController | ObjKind::AbortSignal(_) => {
                    return unsupported(pos, "JSON.stringify of an AbortController or AbortSignal")
                }
                ObjKind::Generator(_) | ObjKind::AsyncIter(_) => "{}".into(),
            },
            Value::Promise(_) => "{}".into(),
            Value::Func(_) | Value::Native(_) | Value::Builtin(_) | Value::Bound(_) | Value::Method(..) => {
                return Ok(None)
            }
            _ => return unsupported(pos, "JSON.stringify of this value"),
        }))
    }
}

fn json_string(s: &str) -> String {
    let mut out = String::from('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn below_break_length(output: &[String], start: usize) -> bool {
    let mut total = output.len() + start;
    if total + output.len() > BREAK_LENGTH {
        return false;
    }
    for o in output {
        total += o.len();
        if total > BREAK_LENGTH {
            return false;
        }
    }
    true
}

/// Node's `groupArrayElements`: long arrays of short items in aligned columns.
fn group(output: Vec<String>, indent: usize, all_numbers: bool) -> Vec<String> {
    let sep = 2usize;
    let len = output.len();
    let data_len: Vec<usize> = output.iter().map(|o| o.len()).collect();
    let total: usize = data_len.iter().map(|l| l + sep).sum();
    let max_len = data_len.iter().copied().max().unwrap_or(0);
    let actual_max = max_len + sep;
    if actual_max * 3 + indent < BREAK_LENGTH && (total as f64 / actual_max as f64 > 5.0 || max_len <= 6) {
        let average_bias = (actual_max as f64 - total as f64 / len as f64).sqrt();
        let biased_max = (actual_max as f64 - 3.0 - average_bias).max(1.0);
        let columns = ((2.5 * biased_max * len as f64).sqrt() / biased_max)
            .round()
            .min(((BREAK_LENGTH - indent) / actual_max) as f64)
            .min(12.0)
            .min(15.0) as usize;
        if columns <= 1 {
            return output;
        }
        let mut max_line = Vec::new();
        for i in 0..columns {
            let mut w = 0;
            let mut j = i;
            while j < len {
                w = w.max(data_len[j]);
                j += columns;
            }
            max_line.push(w + sep);
        }
        let mut tmp = Vec::new();
        let mut i = 0;
        while i < len {
            let max = (i + columns).min(len);
            let mut s = String::new();
            let mut j = i;
            while j < max - 1 {
                let cell = format!("{}, ", output[j]);
                let w = max_line[j - i];
                if all_numbers {
                    s.push_str(&format!("{cell:>w$}"));
                } else {
                    s.push_str(&format!("{cell:<w$}"));
                }
                j += 1;
            }
            if all_numbers {
                let w = max_line[j - i] - sep;
                s.push_str(&format!("{:>w$}", output[j]));
            } else {
                s.push_str(&output[j]);
            }
            tmp.push(s);
            i += columns;
        }
        return tmp;
    }
    output
}

/// `Number.prototype.toString()`.
pub(super) fn number(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n == 0.0 {
        return "0".into();
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
