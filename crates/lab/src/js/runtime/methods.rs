//! Methods of built-in values: arrays, strings, numbers, functions (`call`, `apply`, `bind`)
//! and `hasOwnProperty`; an emitter's are in [`super::events`].

use std::rc::Rc;

use super::Native;
use crate::js::lexer::{err, unsupported, Pos};
use crate::js::objects::ObjKind;
use crate::js::print::number;
use crate::js::vm::{Flow, Value, Vm};
use crate::CodeError;

pub(super) const ARRAY_METHODS: [&str; 28] = [
    "push",
    "pop",
    "shift",
    "unshift",
    "map",
    "filter",
    "forEach",
    "reduce",
    "join",
    "slice",
    "includes",
    "indexOf",
    "find",
    "findIndex",
    "some",
    "every",
    "concat",
    "reverse",
    "sort",
    "at",
    "splice",
    "lastIndexOf",
    "fill",
    "flat",
    "toString",
    "reduceRight",
    "findLast",
    "keys",
];

pub(super) const STRING_METHODS: [&str; 22] = [
    "toUpperCase",
    "toLowerCase",
    "trim",
    "trimStart",
    "trimEnd",
    "padStart",
    "padEnd",
    "repeat",
    "split",
    "includes",
    "startsWith",
    "endsWith",
    "indexOf",
    "slice",
    "substring",
    "charAt",
    "at",
    "concat",
    "replace",
    "replaceAll",
    "toString",
    "lastIndexOf",
];

macro_rules! tri {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(t) => return Ok(Flow::Throw(t)),
        }
    };
}

macro_rules! flow {
    ($e:expr) => {
        match $e {
            Flow::Normal(v) => v,
            t => return Ok(t),
        }
    };
}

/// A relative index (`slice`, `at`) clamped to `[0, len]`.
fn rel(n: f64, len: usize) -> usize {
    if n.is_nan() {
        return 0;
    }
    let n = n.trunc();
    if n < 0.0 {
        (len as f64 + n).max(0.0) as usize
    } else {
        n.min(len as f64) as usize
    }
}

impl Vm<'_> {
    fn num_arg(
        &mut self,
        args: &[Value],
        i: usize,
        default: f64,
        pos: Pos,
    ) -> Result<Result<f64, Value>, CodeError> {
        match args.get(i) {
            None | Some(Value::Undefined) => Ok(Ok(default)),
            Some(v) => self.number_of(&v.clone(), pos),
        }
    }

    pub(in crate::js) fn call_method_builtin(
        &mut self,
        recv: Value,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        match (&recv, name) {
            (_, "call") => return self.call(recv, arg(0), args.iter().skip(1).cloned().collect(), pos, true),
            (_, "apply") => {
                let list = match arg(1) {
                    Value::Undefined | Value::Null => Vec::new(),
                    a if self.is_array(&a) => self.array_items(&a),
                    _ => return unsupported(pos, "apply with arguments that are not an array"),
                };
                return self.call(recv, arg(0), list, pos, true);
            }
            (_, "bind") => {
                let n = self.native(Native::Bound {
                    f: recv,
                    this: arg(0),
                    args: args.iter().skip(1).cloned().collect(),
                });
                return Ok(Flow::Normal(n));
            }
            (Value::Obj(o), "hasOwnProperty") => {
                let key = self.property_key(&arg(0), pos)?;
                let o = *o;
                let own = self.objs[o].props.iter().any(|p| p.key == key)
                    || matches!(&self.objs[o].kind, ObjKind::Array(items) if key.parse::<usize>().is_ok_and(|i| i < items.len()) || &*key == "length");
                return Ok(Flow::Normal(Value::Bool(own)));
            }
            (Value::Obj(o), "toString") if !matches!(self.objs[*o].kind, ObjKind::Array(_)) => {
                let s = tri!(self.string_of(&recv, pos)?);
                return Ok(Flow::Normal(Value::Str(s.into())));
            }
            (Value::Obj(o), _) if matches!(self.objs[*o].kind, ObjKind::Emitter(_)) => {
                return self.emitter_method(recv.clone(), name, args, pos)
            }
            (Value::Obj(o), _)
                if matches!(self.objs[*o].kind, ObjKind::AbortController | ObjKind::AbortSignal(_)) =>
            {
                return self.abort_method(recv.clone(), name, args, pos)
            }
            (Value::Obj(o), crate::js::objects::ASYNC_ITERATOR_KEY)
                if matches!(self.objs[*o].kind, ObjKind::AsyncIter(_)) =>
            {
                return Ok(Flow::Normal(recv.clone()))
            }
            (Value::Obj(o), _) if matches!(self.objs[*o].kind, ObjKind::AsyncIter(_)) => {
                let ObjKind::AsyncIter(g) = self.objs[*o].kind else { unreachable!() };
                return self.async_generator_method(g, name, args, pos);
            }
            (Value::Obj(o), _) if matches!(self.objs[*o].kind, ObjKind::Generator(_)) => {
                let ObjKind::Generator(g) = self.objs[*o].kind else { unreachable!() };
                return self.generator_method(g, name, args, pos);
            }
            (Value::Obj(_), _) => return self.array_method(recv.clone(), name, args, pos),
            (Value::Str(s), _) => return self.string_method(s.clone(), name, args, pos),
            (Value::Num(n), "toFixed") => {
                let d = tri!(self.num_arg(&args, 0, 0.0, pos)?);
                if !(0.0..=20.0).contains(&d) || n.abs() >= 1e21 {
                    return unsupported(pos, "toFixed with these arguments");
                }
                return Ok(Flow::Normal(Value::Str(to_fixed(*n, d as usize).into())));
            }
            (Value::Num(n), "toString") => {
                if !matches!(arg(0), Value::Undefined) {
                    return unsupported(pos, "toString with a radix");
                }
                return Ok(Flow::Normal(Value::Str(number(*n).into())));
            }
            _ => {}
        }
        err(pos, format!("`{name}` is not a method this subset has for {}", self.describe_value(&recv)))
    }

    fn call_cb(&mut self, f: &Value, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
        if !self.callable(f) {
            let what = self.describe_value(f);
            return Ok(self.throw_type_error(format!("{what} is not a function")));
        }
        self.call(f.clone(), Value::Undefined, args, pos, true)
    }

    fn array_method(
        &mut self,
        arr: Value,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let Value::Obj(o) = arr else { unreachable!() };
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        let items = self.array_items(&arr);
        let len = items.len();
        macro_rules! items_mut {
            () => {
                match &mut self.objs[o].kind {
                    ObjKind::Array(items) => items,
                    _ => unreachable!(),
                }
            };
        }
        let v = match name {
            "push" => {
                items_mut!().extend(args.iter().cloned());
                Value::Num((len + args.len()) as f64)
            }
            "unshift" => {
                let a = items_mut!();
                for (i, v) in args.iter().enumerate() {
                    a.insert(i, v.clone());
                }
                Value::Num((len + args.len()) as f64)
            }
            "pop" => items_mut!().pop().unwrap_or(Value::Undefined),
            "shift" => {
                let a = items_mut!();
                if a.is_empty() {
                    Value::Undefined
                } else {
                    a.remove(0)
                }
            }
            "map" | "filter" | "forEach" | "find" | "findIndex" | "some" | "every" | "findLast" => {
                let f = arg(0);
                if !matches!(arg(1), Value::Undefined) {
                    return unsupported(pos, &format!("{name} with a `this` argument"));
                }
                let mut out = Vec::new();
                let range: Vec<usize> =
                    if name == "findLast" { (0..len).rev().collect() } else { (0..len).collect() };
                for i in range {
                    let cur = self.array_items(&arr);
                    if i >= cur.len() {
                        break;
                    }
                    let item = cur[i].clone();
                    let r = flow!(self.call_cb(
                        &f,
                        vec![item.clone(), Value::Num(i as f64), arr.clone()],
                        pos
                    )?);
                    let t = self.truthy(&r);
                    match name {
                        "map" => out.push(r),
                        "filter" if t => out.push(item),
                        "find" | "findLast" if t => return Ok(Flow::Normal(item)),
                        "findIndex" if t => return Ok(Flow::Normal(Value::Num(i as f64))),
                        "some" if t => return Ok(Flow::Normal(Value::Bool(true))),
                        "every" if !t => return Ok(Flow::Normal(Value::Bool(false))),
                        _ => {}
                    }
                }
                match name {
                    "map" | "filter" => self.new_array(out),
                    "find" | "findLast" | "forEach" => Value::Undefined,
                    "findIndex" => Value::Num(-1.0),
                    "some" => Value::Bool(false),
                    _ => Value::Bool(true),
                }
            }
            "reduce" | "reduceRight" => {
                let f = arg(0);
                let order: Vec<usize> =
                    if name == "reduce" { (0..len).collect() } else { (0..len).rev().collect() };
                let mut it = order.into_iter();
                let mut acc = if args.len() > 1 {
                    arg(1)
                } else {
                    match it.next() {
                        Some(i) => items[i].clone(),
                        None => {
                            return Ok(
                                self.throw_type_error("Reduce of empty array with no initial value".into())
                            )
                        }
                    }
                };
                for i in it {
                    let cur = self.array_items(&arr);
                    let Some(item) = cur.get(i).cloned() else { break };
                    acc = flow!(self.call_cb(&f, vec![acc, item, Value::Num(i as f64), arr.clone()], pos)?);
                }
                acc
            }
            "join" | "toString" => {
                let sep = match arg(0) {
                    Value::Undefined => ",".to_string(),
                    s => tri!(self.string_of(&s, pos)?),
                };
                let mut parts = Vec::new();
                for i in items {
                    parts.push(if matches!(i, Value::Undefined | Value::Null) {
                        String::new()
                    } else {
                        tri!(self.string_of(&i, pos)?)
                    });
                }
                Value::Str(parts.join(&sep).into())
            }
            "slice" => {
                let s = rel(tri!(self.num_arg(&args, 0, 0.0, pos)?), len);
                let e = rel(tri!(self.num_arg(&args, 1, len as f64, pos)?), len);
                self.new_array(if s < e { items[s..e].to_vec() } else { Vec::new() })
            }
            "splice" => {
                let s = rel(tri!(self.num_arg(&args, 0, 0.0, pos)?), len);
                let count = if args.len() < 2 {
                    len - s
                } else {
                    (tri!(self.num_arg(&args, 1, 0.0, pos)?).max(0.0) as usize).min(len - s)
                };
                let a = items_mut!();
                let removed: Vec<Value> = a.splice(s..s + count, args.iter().skip(2).cloned()).collect();
                self.new_array(removed)
            }
            "includes" | "indexOf" | "lastIndexOf" => {
                let x = arg(0);
                if args.len() > 1 {
                    return unsupported(pos, &format!("{name} with a start index"));
                }
                let found = |vm: &Self, v: &Value| {
                    if name == "includes" {
                        vm.strict_equals(v, &x)
                            || (matches!((v, &x), (Value::Num(a), Value::Num(b)) if a.is_nan() && b.is_nan()))
                    } else {
                        vm.strict_equals(v, &x)
                    }
                };
                let pos_found = if name == "lastIndexOf" {
                    items.iter().rposition(|v| found(self, v))
                } else {
                    items.iter().position(|v| found(self, v))
                };
                if name == "includes" {
                    Value::Bool(pos_found.is_some())
                } else {
                    Value::Num(pos_found.map_or(-1.0, |i| i as f64))
                }
            }
            "concat" => {
                let mut out = items;
                for a in &args {
                    if self.is_array(a) {
                        out.extend(self.array_items(a));
                    } else {
                        out.push(a.clone());
                    }
                }
                self.new_array(out)
            }
            "reverse" => {
                items_mut!().reverse();
                arr.clone()
            }
            "at" => {
                let i = tri!(self.num_arg(&args, 0, 0.0, pos)?).trunc();
                let i = if i < 0.0 { len as f64 + i } else { i };
                if i < 0.0 || i >= len as f64 {
                    Value::Undefined
                } else {
                    items[i as usize].clone()
                }
            }
            "fill" => {
                if args.len() > 1 {
                    return unsupported(pos, "fill with a range");
                }
                items_mut!().iter_mut().for_each(|x| *x = arg(0));
                arr.clone()
            }
            "flat" => {
                if !args.is_empty() {
                    return unsupported(pos, "flat with a depth");
                }
                let mut out = Vec::new();
                for i in items {
                    if self.is_array(&i) {
                        out.extend(self.array_items(&i));
                    } else {
                        out.push(i);
                    }
                }
                self.new_array(out)
            }
            "sort" => {
                let f = arg(0);
                // Insertion sort: stable, as V8's is, and calls the comparator on a known order.
                let mut v = items;
                for i in 1..v.len() {
                    let mut j = i;
                    while j > 0 {
                        let before = if matches!(f, Value::Undefined) {
                            if matches!(v[j], Value::Undefined) {
                                false
                            } else if matches!(v[j - 1], Value::Undefined) {
                                true
                            } else {
                                let a = tri!(self.string_of(&v[j - 1], pos)?);
                                let b = tri!(self.string_of(&v[j], pos)?);
                                b.encode_utf16().lt(a.encode_utf16())
                            }
                        } else {
                            let r = flow!(self.call_cb(&f, vec![v[j - 1].clone(), v[j].clone()], pos)?);
                            let n = tri!(self.number_of(&r, pos)?);
                            n > 0.0
                        };
                        if !before {
                            break;
                        }
                        v.swap(j, j - 1);
                        j -= 1;
                    }
                }
                *items_mut!() = v;
                arr.clone()
            }
            _ => return unsupported(pos, &format!("the array method `{name}`")),
        };
        Ok(Flow::Normal(v))
    }

    fn string_method(
        &mut self,
        s: Rc<str>,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        let str_arg = |vm: &mut Self, i: usize| -> Result<Result<String, Value>, CodeError> {
            vm.string_of(&arg(i), pos)
        };
        if !s.is_ascii()
            && matches!(
                name,
                "slice" | "substring" | "charAt" | "at" | "padStart" | "padEnd" | "indexOf" | "lastIndexOf"
            )
        {
            return unsupported(pos, &format!("`{name}` on a string with non-ASCII characters"));
        }
        let len = s.len();
        let v = match name {
            "toUpperCase" => Value::Str(s.to_uppercase().into()),
            "toLowerCase" => Value::Str(s.to_lowercase().into()),
            "trim" => Value::Str(s.trim().into()),
            "trimStart" => Value::Str(s.trim_start().into()),
            "trimEnd" => Value::Str(s.trim_end().into()),
            "toString" => Value::Str(s.clone()),
            "padStart" | "padEnd" => {
                let n = tri!(self.num_arg(&args, 0, 0.0, pos)?) as usize;
                let fill = if matches!(arg(1), Value::Undefined) {
                    " ".to_string()
                } else {
                    tri!(str_arg(self, 1)?)
                };
                if n <= len || fill.is_empty() {
                    Value::Str(s.clone())
                } else {
                    let pad: String = fill.chars().cycle().take(n - len).collect();
                    Value::Str(
                        if name == "padStart" { format!("{pad}{s}") } else { format!("{s}{pad}") }.into(),
                    )
                }
            }
            "repeat" => {
                let n = tri!(self.num_arg(&args, 0, 0.0, pos)?);
                if !(0.0..=10_000.0).contains(&n) || s.len() * n as usize > 100_000 {
                    return unsupported(pos, "repeat with this count");
                }
                Value::Str(s.repeat(n as usize).into())
            }
            "split" => {
                let parts: Vec<Value> = match arg(0) {
                    Value::Undefined => vec![Value::Str(s.clone())],
                    Value::Str(sep) if sep.is_empty() => {
                        s.chars().map(|c| Value::Str(c.to_string().into())).collect()
                    }
                    Value::Str(sep) => s.split(&*sep).map(|p| Value::Str(p.into())).collect(),
                    _ => return unsupported(pos, "split by anything but a string"),
                };
                if args.len() > 1 {
                    return unsupported(pos, "split with a limit");
                }
                self.new_array(parts)
            }
            "includes" | "startsWith" | "endsWith" | "indexOf" | "lastIndexOf" => {
                if args.len() > 1 {
                    return unsupported(pos, &format!("{name} with a position"));
                }
                let t = tri!(str_arg(self, 0)?);
                match name {
                    "includes" => Value::Bool(s.contains(&t)),
                    "startsWith" => Value::Bool(s.starts_with(&t)),
                    "endsWith" => Value::Bool(s.ends_with(&t)),
                    "indexOf" => Value::Num(s.find(&t).map_or(-1.0, |i| i as f64)),
                    _ => Value::Num(s.rfind(&t).map_or(-1.0, |i| i as f64)),
                }
            }
            "slice" => {
                let a = rel(tri!(self.num_arg(&args, 0, 0.0, pos)?), len);
                let b = rel(tri!(self.num_arg(&args, 1, len as f64, pos)?), len);
                Value::Str(if a < b { &s[a..b] } else { "" }.into())
            }
            "substring" => {
                let clamp = |n: f64| if n.is_nan() { 0 } else { n.max(0.0).min(len as f64) as usize };
                let a = clamp(tri!(self.num_arg(&args, 0, 0.0, pos)?));
                let b = clamp(tri!(self.num_arg(&args, 1, len as f64, pos)?));
                let (a, b) = (a.min(b), a.max(b));
                Value::Str(s[a..b].into())
            }
            "charAt" | "at" => {
                let i = tri!(self.num_arg(&args, 0, 0.0, pos)?).trunc();
                let i = if name == "at" && i < 0.0 { len as f64 + i } else { i };
                if i < 0.0 || i >= len as f64 {
                    if name == "at" {
                        Value::Undefined
                    } else {
                        Value::Str("".into())
                    }
                } else {
                    Value::Str(s[i as usize..i as usize + 1].into())
                }
            }
            "concat" => {
                let mut out = s.to_string();
                for i in 0..args.len() {
                    out.push_str(&tri!(str_arg(self, i)?));
                }
                Value::Str(out.into())
            }
            "replace" | "replaceAll" => {
                let Value::Str(pat) = arg(0) else {
                    return unsupported(pos, "replace with a regular expression");
                };
                let Value::Str(with) = arg(1) else { return unsupported(pos, "replace with a function") };
                if with.contains('$') {
                    return unsupported(pos, "replace patterns with `$`");
                }
                Value::Str(
                    if name == "replace" { s.replacen(&*pat, &with, 1) } else { s.replace(&*pat, &with) }
                        .into(),
                )
            }
            _ => return unsupported(pos, &format!("the string method `{name}`")),
        };
        Ok(Flow::Normal(v))
    }
}

/// `Number.prototype.toFixed(d)`: ties (exact in binary) round away from zero.
fn to_fixed(n: f64, d: usize) -> String {
    let scaled = n.abs() * 10f64.powi(d as i32);
    let s = if scaled.fract() == 0.5 && scaled < 9e15 {
        let up = (scaled + 0.5) / 10f64.powi(d as i32);
        format!("{:.*}", d, up)
    } else {
        format!("{:.*}", d, n.abs())
    };
    if n < 0.0 && s.chars().any(|c| c != '0' && c != '.') {
        format!("-{s}")
    } else if n < 0.0 {
        // (-0.001).toFixed(2) is "-0.00".
        format!("-{s}")
    } else {
        s
    }
}
