//! The builtin functions and types (`print`, `len`, `range`, `sorted`, `int`, `str`, …) and
//! the methods of builtin values (str, list, dict, set, tuple). asyncio's native methods
//! (futures, tasks, the loop, timer handles) are in [`super::aio_api`].

use std::rc::Rc;

use super::call::Kwargs;
use super::ops::{as_f64, as_i64, as_index, range_len};
use super::print::float_repr;
use super::value::*;
use super::vm::{Ctx, Fault, Machine, X};
use super::{unsupported, Pos};

const FUNCS: [&str; 38] = [
    "print",
    "len",
    "range",
    "enumerate",
    "zip",
    "sorted",
    "sum",
    "min",
    "max",
    "isinstance",
    "issubclass",
    "repr",
    "abs",
    "round",
    "iter",
    "next",
    "any",
    "all",
    "reversed",
    "map",
    "filter",
    "callable",
    "getattr",
    "setattr",
    "hasattr",
    "chr",
    "ord",
    "divmod",
    "pow",
    "hex",
    "id",
    "hash",
    "property",
    "staticmethod",
    "classmethod",
    "aiter",
    "anext",
    "format",
];
const TYPES: [&str; 10] = ["int", "float", "str", "bool", "list", "dict", "set", "tuple", "object", "type"];

pub(super) fn native(name: &str) -> Option<Value> {
    if let Some(t) = TYPES.iter().find(|t| **t == name) {
        return Some(Value::Type(t));
    }
    let f = FUNCS.iter().find(|f| **f == name)?;
    Some(Value::Builtin(Rc::new(Builtin { name: f, this: None })))
}

fn bound(name: &'static str, this: &Value) -> Value {
    Value::Builtin(Rc::new(Builtin { name, this: Some(this.clone()) }))
}

fn kw(kwargs: &Kwargs, name: &str) -> Option<Value> {
    kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
}

impl Machine {
    fn arity(&mut self, name: &str, args: &[Value], lo: usize, hi: usize) -> X<()> {
        if args.len() < lo || args.len() > hi {
            let n = args.len();
            if lo == hi {
                let s = if lo == 1 { "" } else { "s" };
                return self
                    .raise("TypeError", format!("{name}() takes exactly {lo} argument{s} ({n} given)"));
            }
            if n < lo {
                return self.raise(
                    "TypeError",
                    format!(
                        "{name} expected at least {lo} argument{}, got {n}",
                        if lo == 1 { "" } else { "s" }
                    ),
                );
            }
            return self.raise("TypeError", format!("{name} expected at most {hi} arguments, got {n}"));
        }
        Ok(())
    }

    fn no_kwargs(&mut self, name: &str, kwargs: &Kwargs) -> X<()> {
        if let Some((k, _)) = kwargs.first() {
            return self.raise("TypeError", format!("{name}() got an unexpected keyword argument '{k}'"));
        }
        Ok(())
    }

    fn int_arg(&mut self, v: &Value) -> X<i64> {
        match as_index(v) {
            Some(i) => Ok(i),
            None => {
                let t = self.type_name(v);
                self.raise("TypeError", format!("'{t}' object cannot be interpreted as an integer"))
            }
        }
    }

    pub(super) fn write(&mut self, text: &str) {
        let mut parts = text.split('\n');
        if let Some(first) = parts.next() {
            self.partial.push_str(first);
        }
        for p in parts {
            let line = std::mem::replace(&mut self.partial, p.to_string());
            self.output.push(line);
        }
    }

    pub(super) fn call_builtin(
        &mut self,
        ctx: Ctx,
        b: &Builtin,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        if let Some(this) = &b.this {
            return self.call_method(ctx, b.name, this, args, kwargs, pos);
        }
        let name = b.name;
        if name.starts_with("asyncio.")
            || name.starts_with("time.")
            || name.starts_with("functools.")
            || name.starts_with("dataclasses.")
            || name.starts_with("_aio.")
            || name.starts_with("contextlib.")
            || name.starts_with("random.")
            || name.starts_with("itertools.")
        {
            return self.call_module_fn(ctx, name, args, kwargs, pos);
        }
        if name != "print"
            && name != "sorted"
            && name != "min"
            && name != "max"
            && name != "sum"
            && name != "getattr"
            && name != "anext"
            && name != "next"
            && name != "property"
            && name != "object.__init__"
        {
            self.no_kwargs(name, &kwargs)?;
        }
        let a0 = args.first().cloned().unwrap_or(Value::None);
        Ok(match name {
            "print" => {
                let sep = match kw(&kwargs, "sep") {
                    Some(Value::Str(s)) => s.to_string(),
                    None | Some(Value::None) => " ".into(),
                    Some(_) => return self.raise("TypeError", "sep must be None or a string"),
                };
                let end = match kw(&kwargs, "end") {
                    Some(Value::Str(s)) => s.to_string(),
                    None | Some(Value::None) => "\n".into(),
                    Some(_) => return self.raise("TypeError", "end must be None or a string"),
                };
                if let Some((k, _)) = kwargs.iter().find(|(k, _)| !matches!(&**k, "sep" | "end" | "flush")) {
                    if &**k == "file" {
                        return Err(Fault::Code(unsupported(pos, "`print(file=…)` is")));
                    }
                    return self
                        .raise("TypeError", format!("'{k}' is an invalid keyword argument for print()"));
                }
                let mut parts = vec![];
                for a in &args {
                    parts.push(self.to_str(ctx, a)?);
                }
                let text = parts.join(&sep) + &end;
                self.write(&text);
                Value::None
            }
            "object.__init__" => Value::None,
            "len" => {
                self.arity("len", &args, 1, 1)?;
                let n = match &a0 {
                    Value::Str(s) => s.chars().count(),
                    Value::List(l) => l.borrow().len(),
                    Value::Tuple(t) => t.len(),
                    Value::Dict(d) => d.borrow().items.len(),
                    Value::Set(s) => s.borrow().len(),
                    Value::Range(a, b, s) => range_len(*a, *b, *s) as usize,
                    Value::Inst(i) if i.class.lookup("__len__").is_some() => {
                        let m = i.class.lookup("__len__").unwrap_or(Value::None);
                        return self.call(ctx, &Value::Bound(Rc::new((a0.clone(), m))), vec![], vec![]);
                    }
                    _ => {
                        let t = self.type_name(&a0);
                        return self.raise("TypeError", format!("object of type '{t}' has no len()"));
                    }
                };
                Value::Int(n as i64)
            }
            "range" => {
                self.arity("range", &args, 1, 3)?;
                let mut v = vec![];
                for a in &args {
                    v.push(self.int_arg(a)?);
                }
                let (a, b, s) = match v.as_slice() {
                    [b] => (0, *b, 1),
                    [a, b] => (*a, *b, 1),
                    [a, b, s] => (*a, *b, *s),
                    _ => (0, 0, 1),
                };
                if s == 0 {
                    return self.raise("ValueError", "range() arg 3 must not be zero");
                }
                Value::Range(a, b, s)
            }
            "enumerate" => {
                self.arity("enumerate", &args, 1, 2)?;
                let it = self.iter(ctx, &a0)?;
                let start = match args.get(1) {
                    Some(v) => self.int_arg(v)?,
                    None => 0,
                };
                Value::Iter(new_ref(Iter::Enumerate(it, start)))
            }
            "zip" => {
                let mut its = vec![];
                for a in &args {
                    its.push(self.iter(ctx, a)?);
                }
                Value::Iter(new_ref(Iter::Zip(its)))
            }
            "map" => {
                if args.len() < 2 {
                    return self.raise("TypeError", "map() must have at least two arguments.");
                }
                let mut its = vec![];
                for a in &args[1..] {
                    its.push(self.iter(ctx, a)?);
                }
                Value::Iter(new_ref(Iter::Map(a0, its)))
            }
            "filter" => {
                self.arity("filter", &args, 2, 2)?;
                let it = self.iter(ctx, &args[1])?;
                Value::Iter(new_ref(Iter::Filter(a0, it)))
            }
            "reversed" => {
                self.arity("reversed", &args, 1, 1)?;
                if !matches!(a0, Value::List(_) | Value::Tuple(_) | Value::Range(..) | Value::Str(_)) {
                    let t = self.type_name(&a0);
                    return self.raise("TypeError", format!("'{t}' object is not reversible"));
                }
                let items = self.collect(ctx, &a0)?;
                Value::Iter(new_ref(Iter::Reversed(items)))
            }
            "iter" => {
                self.arity("iter", &args, 1, 1)?;
                self.iter(ctx, &a0)?
            }
            "next" => {
                self.arity("next", &args, 1, 2)?;
                if !matches!(a0, Value::Iter(_) | Value::Gen(_) | Value::Inst(_)) {
                    let t = self.type_name(&a0);
                    return self.raise("TypeError", format!("'{t}' object is not an iterator"));
                }
                match self.next(ctx, &a0)? {
                    Some(v) => v,
                    None => match args.get(1) {
                        Some(d) => d.clone(),
                        None => return Err(Fault::Exc(self.exception("StopIteration", vec![]))),
                    },
                }
            }
            "sorted" => {
                self.arity("sorted", &args, 1, 1)?;
                let items = self.collect(ctx, &a0)?;
                let l = Value::list(items);
                self.sort_list(ctx, &l, &kwargs)?;
                l
            }
            "sum" => {
                self.arity("sum", &args, 1, 2)?;
                let mut acc = args.get(1).cloned().or_else(|| kw(&kwargs, "start")).unwrap_or(Value::Int(0));
                for v in self.collect(ctx, &a0)? {
                    acc = self.binary(ctx, super::ast::BinOp::Add, &acc, &v, false)?;
                }
                acc
            }
            "min" | "max" => {
                let items = if args.len() == 1 { self.collect(ctx, &a0)? } else { args.clone() };
                let key = kw(&kwargs, "key");
                if items.is_empty() {
                    if let Some(d) = kw(&kwargs, "default") {
                        return Ok(d);
                    }
                    return self.raise("ValueError", format!("{name}() arg is an empty sequence"));
                }
                let mut best = items[0].clone();
                let mut best_k = match &key {
                    Some(k) => self.call(ctx, k, vec![best.clone()], vec![])?,
                    None => best.clone(),
                };
                for v in items.into_iter().skip(1) {
                    let k = match &key {
                        Some(f) => self.call(ctx, f, vec![v.clone()], vec![])?,
                        None => v.clone(),
                    };
                    let better =
                        if name == "min" { self.lt(ctx, &k, &best_k)? } else { self.lt(ctx, &best_k, &k)? };
                    if better {
                        best = v;
                        best_k = k;
                    }
                }
                best
            }
            "any" | "all" => {
                self.arity(name, &args, 1, 1)?;
                let it = self.iter(ctx, &a0)?;
                let want = name == "any";
                while let Some(v) = self.next(ctx, &it)? {
                    if self.truthy(ctx, &v)? == want {
                        return Ok(Value::Bool(want));
                    }
                }
                Value::Bool(!want)
            }
            "isinstance" | "issubclass" => {
                self.arity(name, &args, 2, 2)?;
                Value::Bool(self.isinstance(&a0, &args[1], name == "issubclass")?)
            }
            "repr" => {
                self.arity("repr", &args, 1, 1)?;
                Value::str(&self.repr(ctx, &a0)?)
            }
            "format" => {
                self.arity("format", &args, 1, 2)?;
                let spec = args.get(1).cloned().unwrap_or(Value::str(""));
                Value::str(&self.format_field(ctx, &a0, None, &spec, pos)?)
            }
            "abs" => match a0 {
                Value::Int(i) => Value::Int(
                    i.checked_abs()
                        .ok_or_else(|| Fault::Code(unsupported(pos, "integers beyond 64 bits are")))?,
                ),
                Value::Bool(b) => Value::Int(i64::from(b)),
                Value::Float(f) => Value::Float(f.abs()),
                _ => {
                    let t = self.type_name(&a0);
                    return self.raise("TypeError", format!("bad operand type for abs(): '{t}'"));
                }
            },
            "round" => {
                self.arity("round", &args, 1, 2)?;
                let nd = match args.get(1) {
                    None | Some(Value::None) => None,
                    Some(v) => Some(self.int_arg(v)?),
                };
                match (&a0, nd) {
                    (Value::Int(_) | Value::Bool(_), _) => Value::Int(as_i64(&a0)),
                    (Value::Float(f), None) => {
                        let r = round_half_even(*f);
                        if !r.is_finite() || r.abs() > 9.2e18 {
                            return self.raise("OverflowError", "cannot convert float infinity to integer");
                        }
                        Value::Int(r as i64)
                    }
                    (Value::Float(f), Some(n)) => Value::Float(round_to(*f, n)),
                    _ => {
                        let t = self.type_name(&a0);
                        return self.raise("TypeError", format!("type {t} doesn't define __round__ method"));
                    }
                }
            }
            "divmod" => {
                self.arity("divmod", &args, 2, 2)?;
                let q = self.binary(ctx, super::ast::BinOp::FloorDiv, &a0, &args[1], false)?;
                let r = self.binary(ctx, super::ast::BinOp::Mod, &a0, &args[1], false)?;
                Value::tuple(vec![q, r])
            }
            "pow" => {
                self.arity("pow", &args, 2, 2)?;
                self.binary(ctx, super::ast::BinOp::Pow, &a0, &args[1], false)?
            }
            "hex" => {
                let i = self.int_arg(&a0)?;
                Value::str(&if i < 0 { format!("-0x{:x}", -(i as i128)) } else { format!("0x{i:x}") })
            }
            "chr" => {
                let i = self.int_arg(&a0)?;
                match u32::try_from(i).ok().and_then(char::from_u32) {
                    Some(c) => Value::str(&c.to_string()),
                    None => return self.raise("ValueError", "chr() arg not in range(0x110000)"),
                }
            }
            "ord" => match &a0 {
                Value::Str(s) if s.chars().count() == 1 => {
                    Value::Int(s.chars().next().map_or(0, |c| c as i64))
                }
                _ => return self.raise("TypeError", "ord() expected a character"),
            },
            "callable" => Value::Bool(
                matches!(
                    a0,
                    Value::Func(_)
                        | Value::Builtin(_)
                        | Value::Bound(_)
                        | Value::Class(_)
                        | Value::Type(_)
                        | Value::Partial(_)
                ) || matches!(&a0, Value::Inst(i) if i.class.lookup("__call__").is_some()),
            ),
            "getattr" | "hasattr" => {
                let Some(Value::Str(attr)) = args.get(1) else {
                    return self.raise("TypeError", "attribute name must be string");
                };
                let r = self.get_attr(ctx, &a0, attr);
                match (name, r) {
                    ("hasattr", Ok(_)) => Value::Bool(true),
                    ("hasattr", Err(Fault::Exc(e))) if self.is_exc(&e, "AttributeError") => {
                        Value::Bool(false)
                    }
                    ("getattr", Err(Fault::Exc(e)))
                        if self.is_exc(&e, "AttributeError") && args.len() > 2 =>
                    {
                        args[2].clone()
                    }
                    (_, r) => r?,
                }
            }
            "setattr" => {
                self.arity("setattr", &args, 3, 3)?;
                let Value::Str(attr) = &args[1] else {
                    return self.raise("TypeError", "attribute name must be string");
                };
                self.set_attr(ctx, &a0, attr, args[2].clone())?;
                Value::None
            }
            "id" | "hash" => {
                return Err(Fault::Code(unsupported(
                    pos,
                    &format!("`{name}()` (it depends on memory addresses or hash seeds) is"),
                )))
            }
            "property" => {
                Value::Property(Rc::new((a0, args.get(1).cloned().or_else(|| kw(&kwargs, "fset")))))
            }
            "staticmethod" => Value::StaticMethod(Rc::new(a0)),
            "classmethod" => Value::ClassMethod(Rc::new(a0)),
            "aiter" => {
                let m = self.get_attr(ctx, &a0, "__aiter__");
                match (&a0, m) {
                    (Value::Gen(_), _) => a0.clone(),
                    (_, Ok(m)) => self.call(ctx, &m, vec![], vec![])?,
                    (_, Err(e)) => return Err(e),
                }
            }
            "anext" => match &a0 {
                Value::Gen(g) => Value::ANext(Rc::clone(g)),
                _ => {
                    let m = self.get_attr(ctx, &a0, "__anext__")?;
                    self.call(ctx, &m, vec![], vec![])?
                }
            },
            _ => return Err(Fault::Code(unsupported(pos, &format!("the builtin `{name}` is")))),
        })
    }

    pub(super) fn isinstance(&mut self, v: &Value, t: &Value, sub: bool) -> X<bool> {
        if let Value::Tuple(ts) = t {
            for x in ts.iter() {
                if self.isinstance(v, x, sub)? {
                    return Ok(true);
                }
            }
            return Ok(false);
        }
        if sub {
            return Ok(match (v, t) {
                (Value::Class(a), Value::Class(b)) => a.is_sub(b),
                (_, Value::Type("object")) => true,
                (Value::Type(a), Value::Type(b)) => a == b || (*a == "bool" && *b == "int"),
                _ => false,
            });
        }
        Ok(match t {
            Value::Class(c) => matches!(v, Value::Inst(i) if i.class.is_sub(c)),
            Value::Type(name) => match *name {
                "object" => true,
                "int" => matches!(v, Value::Int(_) | Value::Bool(_)),
                "type" => matches!(v, Value::Class(_) | Value::Type(_)),
                n => self.type_name(v) == n,
            },
            Value::Builtin(b) if b.name == "asyncio.Future" => matches!(v, Value::Fut(_)),
            _ => {
                return self
                    .raise("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union")
            }
        })
    }

    pub(super) fn call_type(
        &mut self,
        ctx: Ctx,
        t: &str,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        self.no_kwargs(t, &kwargs)?;
        let a0 = args.first().cloned();
        Ok(match (t, a0) {
            ("int", None) => Value::Int(0),
            ("int", Some(v)) => match v {
                Value::Int(_) | Value::Bool(_) => Value::Int(as_i64(&v)),
                Value::Float(f) => {
                    if !f.is_finite() {
                        return self.raise("OverflowError", "cannot convert float infinity to integer");
                    }
                    if f.abs() >= 9.2e18 {
                        return Err(Fault::Code(unsupported(pos, "integers beyond 64 bits are")));
                    }
                    Value::Int(f.trunc() as i64)
                }
                Value::Str(s) => match s.trim().replace('_', "").parse::<i64>() {
                    Ok(i) => Value::Int(i),
                    Err(_) => {
                        let r = super::print::str_repr(&s);
                        return self
                            .raise("ValueError", format!("invalid literal for int() with base 10: {r}"));
                    }
                },
                _ => {
                    let tn = self.type_name(&v);
                    return self.raise("TypeError", format!("int() argument must be a string, a bytes-like object or a real number, not '{tn}'"));
                }
            },
            ("float", None) => Value::Float(0.0),
            ("float", Some(v)) => match v {
                Value::Int(_) | Value::Bool(_) | Value::Float(_) => Value::Float(as_f64(&v)),
                Value::Str(s) => match s.trim().to_ascii_lowercase().as_str() {
                    "inf" | "infinity" | "+inf" => Value::Float(f64::INFINITY),
                    "-inf" | "-infinity" => Value::Float(f64::NEG_INFINITY),
                    "nan" => Value::Float(f64::NAN),
                    x => match x.parse::<f64>() {
                        Ok(f) => Value::Float(f),
                        Err(_) => {
                            let r = super::print::str_repr(&s);
                            return self
                                .raise("ValueError", format!("could not convert string to float: {r}"));
                        }
                    },
                },
                _ => {
                    let tn = self.type_name(&v);
                    return self.raise(
                        "TypeError",
                        format!("float() argument must be a string or a real number, not '{tn}'"),
                    );
                }
            },
            ("str", None) => Value::str(""),
            ("str", Some(v)) => Value::str(&self.to_str(ctx, &v)?),
            ("bool", None) => Value::Bool(false),
            ("bool", Some(v)) => Value::Bool(self.truthy(ctx, &v)?),
            ("list", None) => Value::list(vec![]),
            ("list", Some(v)) => Value::list(self.collect(ctx, &v)?),
            ("tuple", None) => Value::tuple(vec![]),
            ("tuple", Some(v)) => Value::tuple(self.collect(ctx, &v)?),
            ("set", v) => {
                let s = Value::Set(new_ref(vec![]));
                if let Some(v) = v {
                    for x in self.collect(ctx, &v)? {
                        self.set_add(&s, x)?;
                    }
                }
                s
            }
            ("dict", v) => {
                let d = Value::Dict(new_ref(Dict::default()));
                if let Some(v) = v {
                    self.dict_update(ctx, &d, &v)?;
                }
                d
            }
            ("type", Some(v)) if args.len() == 1 => match &v {
                Value::Inst(i) => Value::Class(Rc::clone(&i.class)),
                Value::Int(_) => Value::Type("int"),
                Value::Float(_) => Value::Type("float"),
                Value::Str(_) => Value::Type("str"),
                Value::Bool(_) => Value::Type("bool"),
                Value::List(_) => Value::Type("list"),
                Value::Dict(_) => Value::Type("dict"),
                Value::Tuple(_) => Value::Type("tuple"),
                Value::Set(_) => Value::Type("set"),
                Value::Fut(f) => Value::Type(self.fut_type(*f)),
                Value::Gen(g) => Value::Type(match g.borrow().kind {
                    GenKind::Coroutine => "coroutine",
                    GenKind::Generator => "generator",
                    GenKind::AsyncGen => "async_generator",
                }),
                Value::Sleep(..) => Value::Type("coroutine"),
                _ => {
                    return Err(Fault::Code(unsupported(
                        pos,
                        &format!("`type()` of a {} is", self.type_name(&v)),
                    )))
                }
            },
            ("object", None) => {
                return Err(Fault::Code(unsupported(
                    pos,
                    "`object()` instances (their repr shows a memory address) are",
                )))
            }
            _ => return Err(Fault::Code(unsupported(pos, &format!("this call of `{t}` is")))),
        })
    }

    pub(super) fn sort_list(&mut self, ctx: Ctx, l: &Value, kwargs: &Kwargs) -> X<()> {
        let Value::List(list) = l else { return Ok(()) };
        let key = kw(kwargs, "key").filter(|k| !matches!(k, Value::None));
        let reverse = match kw(kwargs, "reverse") {
            Some(v) => self.truthy(ctx, &v)?,
            None => false,
        };
        let items = list.borrow().clone();
        let mut keyed = vec![];
        for v in items {
            let k = match &key {
                Some(f) => self.call(ctx, f, vec![v.clone()], vec![])?,
                None => v.clone(),
            };
            keyed.push((k, v));
        }
        if reverse {
            keyed.reverse();
        }
        // A stable merge sort on `<` (CPython's sort uses only `<`, and is stable).
        let mut sorted = self.merge_sort(ctx, keyed)?;
        if reverse {
            sorted.reverse();
        }
        *list.borrow_mut() = sorted.into_iter().map(|(_, v)| v).collect();
        Ok(())
    }

    fn merge_sort(&mut self, ctx: Ctx, mut items: Vec<(Value, Value)>) -> X<Vec<(Value, Value)>> {
        if items.len() <= 1 {
            return Ok(items);
        }
        let right = items.split_off(items.len() / 2);
        let (a, b) = (self.merge_sort(ctx, items)?, self.merge_sort(ctx, right)?);
        self.charge((a.len() + b.len()) as u64)?;
        let mut out = Vec::with_capacity(a.len() + b.len());
        let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
        loop {
            let take_b = match (a.peek(), b.peek()) {
                (Some(x), Some(y)) => self.lt(ctx, &y.0, &x.0)?,
                (Some(_), None) => false,
                (None, Some(_)) => true,
                (None, None) => break,
            };
            let next = if take_b { b.next() } else { a.next() };
            out.extend(next);
        }
        Ok(out)
    }

    /// A builtin method of a value, bound to it (`None` if it has none of that name).
    pub(super) fn method(&self, obj: &Value, name: &str) -> Option<Value> {
        const STR: [&str; 24] = [
            "upper",
            "lower",
            "strip",
            "lstrip",
            "rstrip",
            "split",
            "join",
            "replace",
            "startswith",
            "endswith",
            "find",
            "count",
            "format",
            "title",
            "capitalize",
            "center",
            "ljust",
            "rjust",
            "zfill",
            "isdigit",
            "isalpha",
            "index",
            "splitlines",
            "encode",
        ];
        const LIST: [&str; 11] = [
            "append", "extend", "pop", "insert", "remove", "index", "count", "sort", "reverse", "clear",
            "copy",
        ];
        const DICT: [&str; 10] =
            ["get", "keys", "values", "items", "pop", "setdefault", "update", "clear", "copy", "popitem"];
        const SET: [&str; 8] = ["add", "discard", "remove", "pop", "clear", "update", "union", "copy"];
        let (table, prefix): (&[&str], &str) = match obj {
            Value::Str(_) => (&STR, "str"),
            Value::List(_) => (&LIST, "list"),
            Value::Dict(_) => (&DICT, "dict"),
            Value::Set(_) => (&SET, "set"),
            Value::Tuple(_) => (&["index", "count"], "tuple"),
            Value::Fut(_)
            | Value::Loop(_)
            | Value::Handle(_)
            | Value::Gen(_)
            | Value::Int(_)
            | Value::Float(_) => {
                return super::aio_api::native_method(obj, name);
            }
            _ => return None,
        };
        let n = table.iter().find(|m| **m == name)?;
        let full: &'static str = match (prefix, *n) {
            ("str", m) => leak_name("str.", m),
            ("list", m) => leak_name("list.", m),
            ("dict", m) => leak_name("dict.", m),
            ("set", m) => leak_name("set.", m),
            (_, m) => leak_name("tuple.", m),
        };
        Some(bound(full, obj))
    }
}

/// Method names as `&'static str` without allocating: they are all listed here.
fn leak_name(prefix: &str, m: &str) -> &'static str {
    const ALL: [&str; 55] = [
        "str.upper",
        "str.lower",
        "str.strip",
        "str.lstrip",
        "str.rstrip",
        "str.split",
        "str.join",
        "str.replace",
        "str.startswith",
        "str.endswith",
        "str.find",
        "str.count",
        "str.format",
        "str.title",
        "str.capitalize",
        "str.center",
        "str.ljust",
        "str.rjust",
        "str.zfill",
        "str.isdigit",
        "str.isalpha",
        "str.index",
        "str.splitlines",
        "str.encode",
        "list.append",
        "list.extend",
        "list.pop",
        "list.insert",
        "list.remove",
        "list.index",
        "list.count",
        "list.sort",
        "list.reverse",
        "list.clear",
        "list.copy",
        "dict.get",
        "dict.keys",
        "dict.values",
        "dict.items",
        "dict.pop",
        "dict.setdefault",
        "dict.update",
        "dict.clear",
        "dict.copy",
        "dict.popitem",
        "set.add",
        "set.discard",
        "set.remove",
        "set.pop",
        "set.clear",
        "set.update",
        "set.union",
        "set.copy",
        "tuple.index",
        "tuple.count",
    ];
    ALL.iter()
        .find(|a| a.len() == prefix.len() + m.len() && a.starts_with(prefix) && a.ends_with(m))
        .copied()
        .unwrap_or("?")
}

pub(super) fn round_half_even(f: f64) -> f64 {
    let r = f.round();
    if (f - f.trunc()).abs() == 0.5 {
        2.0 * (f / 2.0).round()
    } else {
        r
    }
}

/// `round(x, n)`: CPython rounds the exact decimal value of the double, half to even; going
/// through the shortest repr and Rust's exact formatting gives the same digits.
pub(super) fn round_to(f: f64, n: i64) -> f64 {
    if !f.is_finite() {
        return f;
    }
    if n > 300 {
        return f;
    }
    if n < 0 {
        let p = 10f64.powi((-n) as i32);
        return round_half_even(f / p) * p;
    }
    // `format!("{:.n$}")` rounds the exact binary value half-to-even, as CPython does.
    let s = format!("{f:.*}", n as usize);
    let _ = float_repr;
    s.parse().unwrap_or(f)
}
