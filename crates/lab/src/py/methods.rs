//! Methods of str, list, dict, set and tuple values.

use std::rc::Rc;

use super::call::Kwargs;
use super::value::*;
use super::vm::{Ctx, Fault, Machine, X};
use super::{unsupported, Pos};

impl Machine {
    pub(super) fn call_method(
        &mut self,
        ctx: Ctx,
        name: &'static str,
        this: &Value,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        if !name.starts_with("str.")
            && !name.starts_with("list.")
            && !name.starts_with("dict.")
            && !name.starts_with("set.")
            && !name.starts_with("tuple.")
        {
            return self.call_native_method(ctx, name, this, args, kwargs, pos);
        }
        if name != "list.sort" && name != "str.format" && !kwargs.is_empty() {
            return self.raise("TypeError", format!("{name}() takes no keyword arguments"));
        }
        let a0 = args.first().cloned().unwrap_or(Value::None);
        let str_arg = |m: &mut Machine, v: &Value| -> X<Rc<str>> {
            match v {
                Value::Str(s) => Ok(Rc::clone(s)),
                _ => {
                    let t = m.type_name(v);
                    m.raise("TypeError", format!("must be str, not {t}"))
                }
            }
        };
        match this {
            Value::Str(s) => {
                let s = Rc::clone(s);
                Ok(match name {
                    "str.upper" => Value::str(&s.to_uppercase()),
                    "str.lower" => Value::str(&s.to_lowercase()),
                    "str.strip" | "str.lstrip" | "str.rstrip" => {
                        let chars: Option<Vec<char>> = match &a0 {
                            Value::Str(c) => Some(c.chars().collect()),
                            _ => None,
                        };
                        let f = |c: char| match &chars {
                            Some(cs) => cs.contains(&c),
                            None => c.is_whitespace(),
                        };
                        Value::str(match name {
                            "str.strip" => s.trim_matches(f),
                            "str.lstrip" => s.trim_start_matches(f),
                            _ => s.trim_end_matches(f),
                        })
                    }
                    "str.split" => {
                        let parts: Vec<Value> = match &a0 {
                            Value::None => s.split_whitespace().map(Value::str).collect(),
                            Value::Str(sep) if sep.is_empty() => {
                                return self.raise("ValueError", "empty separator")
                            }
                            Value::Str(sep) => match args.get(1) {
                                Some(Value::Int(n)) if *n >= 0 => {
                                    s.splitn(*n as usize + 1, &**sep).map(Value::str).collect()
                                }
                                _ => s.split(&**sep).map(Value::str).collect(),
                            },
                            _ => return self.raise("TypeError", "must be str or None"),
                        };
                        Value::list(parts)
                    }
                    "str.splitlines" => Value::list(s.lines().map(Value::str).collect()),
                    "str.join" => {
                        let items = self.collect(ctx, &a0)?;
                        let mut parts = vec![];
                        for (i, v) in items.iter().enumerate() {
                            match v {
                                Value::Str(x) => parts.push(x.to_string()),
                                _ => {
                                    let t = self.type_name(v);
                                    return self.raise(
                                        "TypeError",
                                        format!("sequence item {i}: expected str instance, {t} found"),
                                    );
                                }
                            }
                        }
                        Value::str(&parts.join(&s))
                    }
                    "str.replace" => {
                        let (a, b) =
                            (str_arg(self, &a0)?, str_arg(self, args.get(1).unwrap_or(&Value::None))?);
                        Value::str(&s.replace(&*a, &b))
                    }
                    "str.startswith" | "str.endswith" => {
                        let pats: Vec<Rc<str>> = match &a0 {
                            Value::Tuple(t) => t
                                .iter()
                                .filter_map(|v| if let Value::Str(x) = v { Some(Rc::clone(x)) } else { None })
                                .collect(),
                            v => vec![str_arg(self, v)?],
                        };
                        Value::Bool(pats.iter().any(|p| {
                            if name == "str.startswith" {
                                s.starts_with(&**p)
                            } else {
                                s.ends_with(&**p)
                            }
                        }))
                    }
                    "str.find" | "str.index" => {
                        let p = str_arg(self, &a0)?;
                        match s.find(&*p) {
                            Some(i) => Value::Int(s[..i].chars().count() as i64),
                            None if name == "str.find" => Value::Int(-1),
                            None => return self.raise("ValueError", "substring not found"),
                        }
                    }
                    "str.count" => {
                        let p = str_arg(self, &a0)?;
                        Value::Int(if p.is_empty() {
                            s.chars().count() as i64 + 1
                        } else {
                            s.matches(&*p).count() as i64
                        })
                    }
                    "str.format" => Value::str(&self.str_format(ctx, &s, &args, &kwargs, pos)?),
                    "str.title" => {
                        let mut out = String::new();
                        let mut prev = false;
                        for c in s.chars() {
                            out.extend(if prev {
                                c.to_lowercase().collect::<Vec<_>>()
                            } else {
                                c.to_uppercase().collect()
                            });
                            prev = c.is_alphabetic();
                        }
                        Value::str(&out)
                    }
                    "str.capitalize" => {
                        let mut cs = s.chars();
                        let out: String = match cs.next() {
                            Some(f) => f.to_uppercase().chain(cs.flat_map(|c| c.to_lowercase())).collect(),
                            None => String::new(),
                        };
                        Value::str(&out)
                    }
                    "str.center" | "str.ljust" | "str.rjust" | "str.zfill" => {
                        let w = match &a0 {
                            Value::Int(w) => (*w).max(0) as usize,
                            _ => return self.raise("TypeError", "an integer is required"),
                        };
                        let fill = match args.get(1) {
                            Some(Value::Str(f)) => f.chars().next().unwrap_or(' '),
                            _ => {
                                if name == "str.zfill" {
                                    '0'
                                } else {
                                    ' '
                                }
                            }
                        };
                        let n = s.chars().count();
                        if n >= w {
                            Value::Str(s)
                        } else {
                            let pad = w - n;
                            let rep = |k: usize| fill.to_string().repeat(k);
                            Value::str(&match name {
                                "str.ljust" => format!("{s}{}", rep(pad)),
                                "str.rjust" => format!("{}{s}", rep(pad)),
                                "str.zfill" => {
                                    if let Some(rest) = s.strip_prefix('-') {
                                        format!("-{}{rest}", rep(pad))
                                    } else {
                                        format!("{}{s}", rep(pad))
                                    }
                                }
                                _ => {
                                    let left = pad / 2 + (pad & w & 1);
                                    format!("{}{s}{}", rep(left), rep(pad - left))
                                }
                            })
                        }
                    }
                    "str.isdigit" => Value::Bool(!s.is_empty() && s.chars().all(|c| c.is_ascii_digit())),
                    "str.isalpha" => Value::Bool(!s.is_empty() && s.chars().all(char::is_alphabetic)),
                    _ => return Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
                })
            }
            Value::List(l) => {
                let l = Rc::clone(l);
                Ok(match name {
                    "list.append" => {
                        self.arity1(name, &args)?;
                        l.borrow_mut().push(a0);
                        Value::None
                    }
                    "list.extend" => {
                        let items = self.collect(ctx, &a0)?;
                        l.borrow_mut().extend(items);
                        Value::None
                    }
                    "list.insert" => {
                        let i = match a0 {
                            Value::Int(i) => i,
                            _ => {
                                return self
                                    .raise("TypeError", "'str' object cannot be interpreted as an integer")
                            }
                        };
                        let len = l.borrow().len() as i64;
                        let k = if i < 0 { (i + len).max(0) } else { i.min(len) };
                        l.borrow_mut().insert(k as usize, args.get(1).cloned().unwrap_or(Value::None));
                        Value::None
                    }
                    "list.pop" => {
                        let len = l.borrow().len() as i64;
                        if len == 0 {
                            return self.raise("IndexError", "pop from empty list");
                        }
                        let i = match args.first() {
                            Some(Value::Int(i)) => *i,
                            _ => -1,
                        };
                        let k = if i < 0 { i + len } else { i };
                        if k < 0 || k >= len {
                            return self.raise("IndexError", "pop index out of range");
                        }
                        l.borrow_mut().remove(k as usize)
                    }
                    "list.remove" | "list.index" => {
                        let items = l.borrow().clone();
                        for (i, v) in items.iter().enumerate() {
                            if self.eq(ctx, v, &a0)? {
                                if name == "list.remove" {
                                    l.borrow_mut().remove(i);
                                    return Ok(Value::None);
                                }
                                return Ok(Value::Int(i as i64));
                            }
                        }
                        if name == "list.remove" {
                            return self.raise("ValueError", "list.remove(x): x not in list");
                        }
                        let r = self.repr(ctx, &a0)?;
                        return self.raise("ValueError", format!("{r} is not in list"));
                    }
                    "list.count" => {
                        let items = l.borrow().clone();
                        let mut n = 0;
                        for v in &items {
                            if self.eq(ctx, v, &a0)? {
                                n += 1;
                            }
                        }
                        Value::Int(n)
                    }
                    "list.sort" => {
                        self.sort_list(ctx, this, &kwargs)?;
                        Value::None
                    }
                    "list.reverse" => {
                        l.borrow_mut().reverse();
                        Value::None
                    }
                    "list.clear" => {
                        l.borrow_mut().clear();
                        Value::None
                    }
                    "list.copy" => Value::list(l.borrow().clone()),
                    _ => return Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
                })
            }
            Value::Tuple(t) => {
                let items = t.as_ref().clone();
                let mut n = 0;
                for (i, v) in items.iter().enumerate() {
                    if self.eq(ctx, v, &a0)? {
                        if name == "tuple.index" {
                            return Ok(Value::Int(i as i64));
                        }
                        n += 1;
                    }
                }
                if name == "tuple.index" {
                    return self.raise("ValueError", "tuple.index(x): x not in tuple");
                }
                Ok(Value::Int(n))
            }
            Value::Dict(d) => {
                let d = Rc::clone(d);
                Ok(match name {
                    "dict.get" => {
                        self.dict_get(&d, &a0)?.unwrap_or_else(|| args.get(1).cloned().unwrap_or(Value::None))
                    }
                    "dict.keys" => Value::list(d.borrow().items.iter().map(|(k, _)| k.clone()).collect()),
                    "dict.values" => Value::list(d.borrow().items.iter().map(|(_, v)| v.clone()).collect()),
                    "dict.items" => Value::list(
                        d.borrow()
                            .items
                            .iter()
                            .map(|(k, v)| Value::tuple(vec![k.clone(), v.clone()]))
                            .collect(),
                    ),
                    "dict.pop" => match self.dict_pos(&d, &a0)? {
                        Some(i) => d.borrow_mut().items.remove(i).1,
                        None => match args.get(1) {
                            Some(v) => v.clone(),
                            None => return Err(Fault::Exc(self.exception("KeyError", vec![a0]))),
                        },
                    },
                    "dict.popitem" => {
                        let last = d.borrow_mut().items.pop();
                        match last {
                            Some((k, v)) => Value::tuple(vec![k, v]),
                            None => return self.raise("KeyError", "popitem(): dictionary is empty"),
                        }
                    }
                    "dict.setdefault" => match self.dict_get(&d, &a0)? {
                        Some(v) => v,
                        None => {
                            let v = args.get(1).cloned().unwrap_or(Value::None);
                            self.dict_set(this, a0, v.clone())?;
                            v
                        }
                    },
                    "dict.update" => {
                        if !args.is_empty() {
                            self.dict_update(ctx, this, &a0)?;
                        }
                        for (k, v) in kwargs {
                            self.dict_set(this, Value::Str(k), v)?;
                        }
                        Value::None
                    }
                    "dict.clear" => {
                        d.borrow_mut().items.clear();
                        Value::None
                    }
                    "dict.copy" => Value::Dict(new_ref(Dict { items: d.borrow().items.clone() })),
                    _ => return Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
                })
            }
            Value::Set(s) => {
                let s = Rc::clone(s);
                Ok(match name {
                    "set.add" => {
                        self.set_add(this, a0)?;
                        Value::None
                    }
                    "set.discard" | "set.remove" => {
                        let items = s.borrow().clone();
                        let mut found = false;
                        for (i, v) in items.iter().enumerate() {
                            if self.eq(ctx, v, &a0)? {
                                s.borrow_mut().remove(i);
                                found = true;
                                break;
                            }
                        }
                        if !found && name == "set.remove" {
                            return Err(Fault::Exc(self.exception("KeyError", vec![a0])));
                        }
                        Value::None
                    }
                    "set.clear" => {
                        s.borrow_mut().clear();
                        Value::None
                    }
                    "set.update" => {
                        for v in self.collect(ctx, &a0)? {
                            self.set_add(this, v)?;
                        }
                        Value::None
                    }
                    "set.union" | "set.copy" => {
                        let out = Value::Set(new_ref(s.borrow().clone()));
                        if name == "set.union" {
                            for v in self.collect(ctx, &a0)? {
                                self.set_add(&out, v)?;
                            }
                        }
                        out
                    }
                    _ => {
                        return Err(Fault::Code(unsupported(
                            pos,
                            &format!("`{name}` (its order depends on hashes) is"),
                        )))
                    }
                })
            }
            _ => Err(Fault::Code(unsupported(pos, &format!("`{name}` is")))),
        }
    }

    fn arity1(&mut self, name: &str, args: &[Value]) -> X<()> {
        if args.len() != 1 {
            let m = name.split('.').nth(1).unwrap_or(name);
            return self.raise(
                "TypeError",
                format!(
                    "{}.{m}() takes exactly one argument ({} given)",
                    name.split('.').next().unwrap_or(""),
                    args.len()
                ),
            );
        }
        Ok(())
    }

    /// `"{} {name:>5}".format(…)`.
    fn str_format(&mut self, ctx: Ctx, s: &str, args: &[Value], kwargs: &Kwargs, pos: Pos) -> X<String> {
        let mut out = String::new();
        let chars: Vec<char> = s.chars().collect();
        let mut i = 0;
        let mut auto = 0;
        while i < chars.len() {
            let c = chars[i];
            if c == '{' && chars.get(i + 1) == Some(&'{') {
                out.push('{');
                i += 2;
                continue;
            }
            if c == '}' && chars.get(i + 1) == Some(&'}') {
                out.push('}');
                i += 2;
                continue;
            }
            if c != '{' {
                out.push(c);
                i += 1;
                continue;
            }
            let Some(end) = chars[i..].iter().position(|&c| c == '}') else {
                return self.raise("ValueError", "expected '}' before end of string");
            };
            let field: String = chars[i + 1..i + end].iter().collect();
            i += end + 1;
            let (head, spec) = field.split_once(':').unwrap_or((&field, ""));
            let (name, conv) = match head.split_once('!') {
                Some((n, c)) => (n, c.chars().next()),
                None => (head, None),
            };
            let v = if name.is_empty() {
                auto += 1;
                args.get(auto - 1).cloned()
            } else if let Ok(k) = name.parse::<usize>() {
                args.get(k).cloned()
            } else if name.chars().all(|c| c == '_' || c.is_alphanumeric()) {
                kwargs.iter().find(|(k, _)| &**k == name).map(|(_, v)| v.clone())
            } else {
                return Err(Fault::Code(unsupported(
                    pos,
                    "`str.format` fields with attributes or indexes are",
                )));
            };
            let Some(v) = v else {
                return self.raise(
                    "IndexError",
                    format!(
                        "Replacement index {} out of range for positional args tuple",
                        auto.saturating_sub(1)
                    ),
                );
            };
            out += &self.format_field(ctx, &v, conv, &Value::str(spec), pos)?;
        }
        Ok(out)
    }
}
