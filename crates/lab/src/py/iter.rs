//! Subscripts and slices, dicts and sets, and iteration (iterators, generators, unpacking).

use std::rc::Rc;

use super::ops::{as_index, range_len};
use super::unsupported;
use super::value::*;
use super::vm::{Ctx, Fault, Flow, Machine, Resume, X};

impl Machine {
    // --- subscripts -------------------------------------------------------------------------------

    pub(super) fn get_item(&mut self, ctx: Ctx, obj: &Value, idx: &Value) -> X<Value> {
        match (obj, idx) {
            (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..), Value::Slice(s)) => {
                let items = self.seq_or_chars(obj);
                let len = items.len() as i64;
                let (start, stop, step) = self.slice_indices(s, len)?;
                let mut out = vec![];
                let mut i = start;
                while (step > 0 && i < stop) || (step < 0 && i > stop) {
                    out.push(items[i as usize].clone());
                    i += step;
                }
                Ok(match obj {
                    Value::Str(_) => {
                        let s: String = out
                            .iter()
                            .map(|c| if let Value::Str(c) = c { c.to_string() } else { String::new() })
                            .collect();
                        Value::str(&s)
                    }
                    Value::Tuple(_) => Value::tuple(out),
                    Value::Range(..) => {
                        return Err(Fault::Code(unsupported(self.here(), "slicing a range is")))
                    }
                    _ => Value::list(out),
                })
            }
            (Value::List(_) | Value::Tuple(_) | Value::Str(_) | Value::Range(..), _) => {
                let Some(i) = as_index(idx) else {
                    let (t, it) = (self.type_name(obj), self.type_name(idx));
                    return self
                        .raise("TypeError", format!("{t} indices must be integers or slices, not {it}"));
                };
                let len = match obj {
                    Value::List(l) => l.borrow().len(),
                    Value::Tuple(t) => t.len(),
                    Value::Str(s) => s.chars().count(),
                    Value::Range(a, b, s) => range_len(*a, *b, *s) as usize,
                    _ => 0,
                } as i64;
                let k = if i < 0 { i + len } else { i };
                if k < 0 || k >= len {
                    let t = self.type_name(obj);
                    let what = if t == "str" { "string" } else { &t };
                    return self.raise("IndexError", format!("{what} index out of range"));
                }
                Ok(match obj {
                    Value::List(l) => l.borrow()[k as usize].clone(),
                    Value::Tuple(t) => t[k as usize].clone(),
                    Value::Str(s) => {
                        Value::str(&s.chars().nth(k as usize).map(String::from).unwrap_or_default())
                    }
                    Value::Range(a, _, s) => Value::Int(a + k * s),
                    _ => Value::None,
                })
            }
            (Value::Dict(d), _) => {
                if let Some(v) = self.dict_get(d, idx)? {
                    return Ok(v);
                }
                let r = self.repr(ctx, idx)?;
                self.raise_key_error(idx.clone(), r)
            }
            (Value::Inst(i), _) if i.class.lookup("__getitem__").is_some() => {
                let m = i.class.lookup("__getitem__").unwrap_or(Value::None);
                self.call(ctx, &Value::Bound(Rc::new((obj.clone(), m))), vec![idx.clone()], vec![])
            }
            (Value::Type(_) | Value::Class(_), _) => Ok(obj.clone()),
            _ => {
                let t = self.type_name(obj);
                self.raise("TypeError", format!("'{t}' object is not subscriptable"))
            }
        }
    }

    fn raise_key_error<T>(&mut self, key: Value, _shown: String) -> X<T> {
        let e = self.exception("KeyError", vec![key]);
        Err(Fault::Exc(e))
    }

    fn seq_or_chars(&self, v: &Value) -> Vec<Value> {
        match v {
            Value::Str(s) => s.chars().map(|c| Value::str(&c.to_string())).collect(),
            Value::Range(a, b, s) => {
                let n = range_len(*a, *b, *s);
                (0..n).map(|k| Value::Int(a + k * s)).collect()
            }
            _ => self.seq_items(v),
        }
    }

    fn slice_indices(&mut self, s: &[Value; 3], len: i64) -> X<(i64, i64, i64)> {
        let get = |v: &Value| match v {
            Value::None => Ok(None),
            v => as_index(v).map(Some).ok_or(()),
        };
        let (Ok(a), Ok(b), Ok(c)) = (get(&s[0]), get(&s[1]), get(&s[2])) else {
            return self
                .raise("TypeError", "slice indices must be integers or None or have an __index__ method");
        };
        let step = c.unwrap_or(1);
        if step == 0 {
            return self.raise("ValueError", "slice step cannot be zero");
        }
        let clamp = |x: i64, lo: i64, hi: i64| x.max(lo).min(hi);
        let norm = |x: i64| if x < 0 { x + len } else { x };
        let (start, stop) = if step > 0 {
            (a.map_or(0, |x| clamp(norm(x), 0, len)), b.map_or(len, |x| clamp(norm(x), 0, len)))
        } else {
            (
                a.map_or(len - 1, |x| clamp(norm(x), -1, len - 1)),
                b.map_or(-1, |x| clamp(norm(x), -1, len - 1)),
            )
        };
        Ok((start, stop, step))
    }

    pub(super) fn set_item(&mut self, ctx: Ctx, obj: &Value, idx: Value, v: Value) -> X<()> {
        match obj {
            Value::List(l) => {
                if let Value::Slice(_) = idx {
                    return Err(Fault::Code(unsupported(self.here(), "assigning to a slice is")));
                }
                let Some(i) = as_index(&idx) else {
                    let it = self.type_name(&idx);
                    return self
                        .raise("TypeError", format!("list indices must be integers or slices, not {it}"));
                };
                let len = l.borrow().len() as i64;
                let k = if i < 0 { i + len } else { i };
                if k < 0 || k >= len {
                    return self.raise("IndexError", "list assignment index out of range");
                }
                l.borrow_mut()[k as usize] = v;
                Ok(())
            }
            Value::Dict(_) => self.dict_set(obj, idx, v),
            Value::Inst(i) if i.class.lookup("__setitem__").is_some() => {
                let m = i.class.lookup("__setitem__").unwrap_or(Value::None);
                self.call(ctx, &Value::Bound(Rc::new((obj.clone(), m))), vec![idx, v], vec![]).map(|_| ())
            }
            _ => {
                let t = self.type_name(obj);
                self.raise("TypeError", format!("'{t}' object does not support item assignment"))
            }
        }
    }

    pub(super) fn del_item(&mut self, ctx: Ctx, obj: &Value, idx: &Value) -> X<()> {
        match obj {
            Value::List(l) => {
                let Some(i) = as_index(idx) else {
                    return Err(Fault::Code(unsupported(self.here(), "deleting a slice is")));
                };
                let len = l.borrow().len() as i64;
                let k = if i < 0 { i + len } else { i };
                if k < 0 || k >= len {
                    return self.raise("IndexError", "list assignment index out of range");
                }
                l.borrow_mut().remove(k as usize);
                Ok(())
            }
            Value::Dict(d) => {
                let pos = self.dict_pos(d, idx)?;
                match pos {
                    Some(p) => {
                        d.borrow_mut().items.remove(p);
                        Ok(())
                    }
                    None => {
                        let r = self.repr(ctx, idx)?;
                        self.raise_key_error(idx.clone(), r)
                    }
                }
            }
            _ => {
                let t = self.type_name(obj);
                self.raise("TypeError", format!("'{t}' object doesn't support item deletion"))
            }
        }
    }

    // --- dicts and sets ---------------------------------------------------------------------------

    fn check_hashable(&mut self, k: &Value) -> X<()> {
        match k {
            Value::List(_) | Value::Dict(_) | Value::Set(_) => {
                let t = self.type_name(k);
                self.raise("TypeError", format!("unhashable type: '{t}'"))
            }
            Value::Tuple(items) => items.iter().try_for_each(|i| self.check_hashable(i)),
            _ => Ok(()),
        }
    }

    pub(super) fn dict_pos(&mut self, d: &Ref<Dict>, k: &Value) -> X<Option<usize>> {
        self.check_hashable(k)?;
        let keys: Vec<Value> = d.borrow().items.iter().map(|(k, _)| k.clone()).collect();
        self.charge(keys.len() as u64)?;
        for (i, x) in keys.iter().enumerate() {
            if self.eq(Ctx::Module, x, k)? {
                return Ok(Some(i));
            }
        }
        Ok(None)
    }

    pub(super) fn dict_get(&mut self, d: &Ref<Dict>, k: &Value) -> X<Option<Value>> {
        Ok(self.dict_pos(d, k)?.map(|i| d.borrow().items[i].1.clone()))
    }

    pub(super) fn dict_set(&mut self, d: &Value, k: Value, v: Value) -> X<()> {
        let Value::Dict(d) = d else { return Ok(()) };
        match self.dict_pos(d, &k)? {
            Some(i) => d.borrow_mut().items[i].1 = v,
            None => d.borrow_mut().items.push((k, v)),
        }
        Ok(())
    }

    pub(super) fn dict_update(&mut self, ctx: Ctx, d: &Value, src: &Value) -> X<()> {
        match src {
            Value::Dict(s) => {
                let items = s.borrow().items.clone();
                for (k, v) in items {
                    self.dict_set(d, k, v)?;
                }
            }
            _ => {
                for pair in self.collect(ctx, src)? {
                    let kv = self.collect(ctx, &pair)?;
                    if kv.len() != 2 {
                        return self.raise(
                            "ValueError",
                            format!(
                                "dictionary update sequence element #0 has length {}; 2 is required",
                                kv.len()
                            ),
                        );
                    }
                    self.dict_set(d, kv[0].clone(), kv[1].clone())?;
                }
            }
        }
        Ok(())
    }

    pub(super) fn set_add(&mut self, s: &Value, v: Value) -> X<()> {
        self.check_hashable(&v)?;
        let Value::Set(s) = s else { return Ok(()) };
        let items = s.borrow().clone();
        if !self.contains_in(&items, &v)? {
            s.borrow_mut().push(v);
        }
        Ok(())
    }

    // --- iteration --------------------------------------------------------------------------------

    pub(super) fn iter(&mut self, ctx: Ctx, v: &Value) -> X<Value> {
        let it = match v {
            Value::List(_) | Value::Tuple(_) | Value::Str(_) => Iter::Seq(v.clone(), 0),
            Value::Dict(d) => {
                Iter::Seq(Value::list(d.borrow().items.iter().map(|(k, _)| k.clone()).collect()), 0)
            }
            Value::Set(_) => {
                let items = self.set_in_order(v)?;
                Iter::Seq(Value::list(items), 0)
            }
            Value::Range(a, b, s) => Iter::Range(*a, *b, *s),
            Value::Iter(_) => return Ok(v.clone()),
            Value::Gen(g) if g.borrow().kind == GenKind::Generator => return Ok(v.clone()),
            Value::Inst(i) if i.class.lookup("__iter__").is_some() => {
                let m = i.class.lookup("__iter__").unwrap_or(Value::None);
                return self.call(ctx, &Value::Bound(Rc::new((v.clone(), m))), vec![], vec![]);
            }
            _ => {
                let t = self.type_name(v);
                return self.raise("TypeError", format!("'{t}' object is not iterable"));
            }
        };
        Ok(Value::Iter(new_ref(it)))
    }

    /// The next item, or `None` at the end.
    pub(super) fn next(&mut self, ctx: Ctx, it: &Value) -> X<Option<Value>> {
        match it {
            Value::Iter(r) => {
                let mut state = std::mem::replace(&mut *r.borrow_mut(), Iter::Done);
                let out = self.iter_step(ctx, &mut state);
                *r.borrow_mut() = state;
                out
            }
            Value::Gen(g) => self.gen_next(ctx, g, Value::None),
            Value::Inst(i) if i.class.lookup("__next__").is_some() => {
                let m = i.class.lookup("__next__").unwrap_or(Value::None);
                match self.call(ctx, &Value::Bound(Rc::new((it.clone(), m))), vec![], vec![]) {
                    Ok(v) => Ok(Some(v)),
                    Err(Fault::Exc(e)) if self.is_exc(&e, "StopIteration") => Ok(None),
                    Err(e) => Err(e),
                }
            }
            _ => {
                let t = self.type_name(it);
                self.raise("TypeError", format!("'{t}' object is not an iterator"))
            }
        }
    }

    fn iter_step(&mut self, ctx: Ctx, state: &mut Iter) -> X<Option<Value>> {
        Ok(match state {
            Iter::Seq(seq, i) => {
                let v = match seq {
                    Value::List(l) => l.borrow().get(*i).cloned(),
                    Value::Tuple(t) => t.get(*i).cloned(),
                    Value::Str(s) => s.chars().nth(*i).map(|c| Value::str(&c.to_string())),
                    _ => None,
                };
                *i += 1;
                v
            }
            Iter::Range(a, b, s) => {
                if (*s > 0 && *a < *b) || (*s < 0 && *a > *b) {
                    let v = *a;
                    *a += *s;
                    Some(Value::Int(v))
                } else {
                    None
                }
            }
            Iter::Enumerate(inner, n) => match self.next(ctx, &inner.clone())? {
                Some(v) => {
                    let k = *n;
                    *n += 1;
                    Some(Value::tuple(vec![Value::Int(k), v]))
                }
                None => None,
            },
            Iter::Zip(its) => {
                let mut out = vec![];
                for it in its.clone() {
                    match self.next(ctx, &it)? {
                        Some(v) => out.push(v),
                        None => return Ok(None),
                    }
                }
                if out.is_empty() {
                    None
                } else {
                    Some(Value::tuple(out))
                }
            }
            Iter::Map(f, its) => {
                let mut args = vec![];
                for it in its.clone() {
                    match self.next(ctx, &it)? {
                        Some(v) => args.push(v),
                        None => return Ok(None),
                    }
                }
                let f = f.clone();
                Some(self.call(ctx, &f, args, vec![])?)
            }
            Iter::Filter(f, it) => loop {
                let (f, it) = (f.clone(), it.clone());
                match self.next(ctx, &it)? {
                    Some(v) => {
                        let keep = if matches!(f, Value::None) {
                            self.truthy(ctx, &v)?
                        } else {
                            let r = self.call(ctx, &f, vec![v.clone()], vec![])?;
                            self.truthy(ctx, &r)?
                        };
                        if keep {
                            break Some(v);
                        }
                    }
                    None => break None,
                }
            },
            Iter::Reversed(items) => items.pop(),
            Iter::Done => None,
        })
    }

    /// Runs a generator to its next `yield` (sending `v`); `None` when it returns.
    pub(super) fn gen_next(&mut self, ctx: Ctx, g: &Ref<Gen>, v: Value) -> X<Option<Value>> {
        let (frame, started) = {
            let mut gb = g.borrow_mut();
            if gb.finished {
                return Ok(None);
            }
            let Some(frame) = gb.frame.take() else {
                drop(gb);
                return self.raise("ValueError", "generator already executing");
            };
            let started = gb.started;
            gb.started = true;
            (frame, started)
        };
        let mut frame = frame;
        let resume = if started { Resume::Send(v) } else { Resume::Start };
        self.depth += 1;
        let r = self.exec(ctx, &mut frame, resume);
        self.depth -= 1;
        let mut gb = g.borrow_mut();
        match r {
            Ok(Flow::Yield(v)) => {
                gb.frame = Some(frame);
                Ok(Some(v))
            }
            Ok(Flow::Return(v)) => {
                gb.finished = true;
                gb.returned = v;
                Ok(None)
            }
            Ok(Flow::Await(..)) => {
                Err(Fault::Code(unsupported(self.here(), "`await` inside a generator is")))
            }
            Err(e) => {
                gb.finished = true;
                Err(e)
            }
        }
    }

    pub(super) fn collect(&mut self, ctx: Ctx, v: &Value) -> X<Vec<Value>> {
        match v {
            Value::List(l) => return Ok(l.borrow().clone()),
            Value::Tuple(t) => return Ok(t.as_ref().clone()),
            _ => {}
        }
        let it = self.iter(ctx, v)?;
        let mut out = vec![];
        while let Some(x) = self.next(ctx, &it)? {
            self.charge(1)?;
            out.push(x);
            if out.len() > 1_000_000 {
                return Err(Fault::Code(unsupported(
                    self.here(),
                    "sequences of more than a million items are",
                )));
            }
        }
        Ok(out)
    }

    pub(super) fn unpack(&mut self, ctx: Ctx, v: &Value, n: usize, star: Option<usize>) -> X<Vec<Value>> {
        if !matches!(
            v,
            Value::List(_)
                | Value::Tuple(_)
                | Value::Str(_)
                | Value::Dict(_)
                | Value::Set(_)
                | Value::Range(..)
                | Value::Iter(_)
                | Value::Gen(_)
                | Value::Inst(_)
        ) {
            let t = self.type_name(v);
            return self.raise("TypeError", format!("cannot unpack non-iterable {t} object"));
        }
        let items = self.collect(ctx, v)?;
        let got = items.len();
        match star {
            None => {
                if got > n {
                    return self.raise("ValueError", format!("too many values to unpack (expected {n})"));
                }
                if got < n {
                    return self.raise(
                        "ValueError",
                        format!("not enough values to unpack (expected {n}, got {got})"),
                    );
                }
                Ok(items)
            }
            Some(before) => {
                if got < n {
                    return self.raise(
                        "ValueError",
                        format!("not enough values to unpack (expected at least {n}, got {got})"),
                    );
                }
                let after = n - before;
                let mut out: Vec<Value> = items[..before].to_vec();
                out.push(Value::list(items[before..got - after].to_vec()));
                out.extend(items[got - after..].iter().cloned());
                Ok(out)
            }
        }
    }
}
