//! Operators on values as CPython computes them (ints are 64-bit here: an overflow is refused,
//! not wrapped), truth, equality and ordering, subscripts and slices, and iteration.

use std::rc::Rc;

use super::ast::{BinOp, CmpOp, UnOp};
use super::unsupported;
use super::value::*;
use super::vm::{Ctx, Fault, Machine, X};

fn overflow<T>(m: &Machine) -> X<T> {
    Err(Fault::Code(unsupported(m.here(), "integers beyond 64 bits are")))
}

impl Machine {
    pub(super) fn type_name(&self, v: &Value) -> String {
        match v {
            Value::None => "NoneType".into(),
            Value::Bool(_) => "bool".into(),
            Value::Int(_) => "int".into(),
            Value::Float(_) => "float".into(),
            Value::Str(_) => "str".into(),
            Value::Ellipsis => "ellipsis".into(),
            Value::Tuple(_) => "tuple".into(),
            Value::List(_) => "list".into(),
            Value::Dict(_) => "dict".into(),
            Value::Set(_) => "set".into(),
            Value::Range(..) => "range".into(),
            Value::Slice(_) => "slice".into(),
            Value::Func(_) => "function".into(),
            Value::Builtin(b) if b.this.is_some() => "builtin_function_or_method".into(),
            Value::Builtin(_) => "builtin_function_or_method".into(),
            Value::Bound(_) => "method".into(),
            Value::Class(_) | Value::Type(_) => "type".into(),
            Value::Inst(i) => i.class.name.clone(),
            Value::Module(_) => "module".into(),
            Value::Iter(_) => "iterator".into(),
            Value::Gen(g) => match g.borrow().kind {
                GenKind::Generator => "generator".into(),
                GenKind::Coroutine => "coroutine".into(),
                GenKind::AsyncGen => "async_generator".into(),
            },
            Value::ANext(_) => "async_generator_asend".into(),
            Value::Fut(f) => self.fut_type(*f).into(),
            Value::Sleep(..) => "coroutine".into(),
            Value::Handle(_) => "TimerHandle".into(),
            Value::Loop(_) => "_UnixSelectorEventLoop".into(),
            Value::Property(_) => "property".into(),
            Value::StaticMethod(_) => "staticmethod".into(),
            Value::ClassMethod(_) => "classmethod".into(),
            Value::Partial(_) => "functools.partial".into(),
            Value::Super(_) => "super".into(),
        }
    }

    pub(super) fn truthy(&mut self, ctx: Ctx, v: &Value) -> X<bool> {
        Ok(match v {
            Value::None => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Float(f) => *f != 0.0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(t) => !t.is_empty(),
            Value::List(l) => !l.borrow().is_empty(),
            Value::Dict(d) => !d.borrow().items.is_empty(),
            Value::Set(s) => !s.borrow().is_empty(),
            Value::Range(a, b, s) => range_len(*a, *b, *s) > 0,
            Value::Inst(i) => {
                if let Some(m) = i.class.lookup("__bool__") {
                    let r = self.call(ctx, &Value::Bound(Rc::new((v.clone(), m))), vec![], vec![])?;
                    return self.truthy(ctx, &r);
                }
                if let Some(m) = i.class.lookup("__len__") {
                    let r = self.call(ctx, &Value::Bound(Rc::new((v.clone(), m))), vec![], vec![])?;
                    return Ok(!matches!(r, Value::Int(0)));
                }
                true
            }
            _ => true,
        })
    }

    pub(super) fn unary(&mut self, op: UnOp, a: &Value) -> X<Value> {
        Ok(match (op, a) {
            (UnOp::Neg, Value::Int(i)) => match i.checked_neg() {
                Some(v) => Value::Int(v),
                None => return overflow(self),
            },
            (UnOp::Neg, Value::Bool(b)) => Value::Int(-i64::from(*b)),
            (UnOp::Neg, Value::Float(f)) => Value::Float(-f),
            (UnOp::Pos, Value::Int(_) | Value::Float(_)) => a.clone(),
            (UnOp::Pos, Value::Bool(b)) => Value::Int(i64::from(*b)),
            (UnOp::Invert, Value::Int(i)) => Value::Int(!i),
            (UnOp::Invert, Value::Bool(b)) => Value::Int(!i64::from(*b)),
            _ => {
                let sym = match op {
                    UnOp::Neg => "-",
                    UnOp::Pos => "+",
                    _ => "~",
                };
                let t = self.type_name(a);
                return self.raise("TypeError", format!("bad operand type for unary {sym}: '{t}'"));
            }
        })
    }

    pub(super) fn binary(&mut self, ctx: Ctx, op: BinOp, a: &Value, b: &Value, inplace: bool) -> X<Value> {
        use Value::*;
        let num = |v: &Value| match v {
            Int(i) => Some(*i as f64),
            Bool(b) => Some(f64::from(u8::from(*b))),
            Float(f) => Some(*f),
            _ => Option::None,
        };
        let int = |v: &Value| match v {
            Int(i) => Some(*i),
            Bool(b) => Some(i64::from(*b)),
            _ => Option::None,
        };
        if let (Some(x), Some(y)) = (int(a), int(b)) {
            let r = match op {
                BinOp::Add => x.checked_add(y),
                BinOp::Sub => x.checked_sub(y),
                BinOp::Mul => x.checked_mul(y),
                BinOp::Div => {
                    if y == 0 {
                        return self.raise("ZeroDivisionError", "division by zero");
                    }
                    return Ok(Float(x as f64 / y as f64));
                }
                BinOp::FloorDiv | BinOp::Mod => {
                    if y == 0 {
                        let m = if op == BinOp::Mod {
                            "integer modulo by zero"
                        } else {
                            "integer division or modulo by zero"
                        };
                        return self.raise("ZeroDivisionError", m);
                    }
                    let (q, r) = (x.div_euclid(y), x.rem_euclid(y));
                    // Python rounds toward negative infinity: the remainder has the divisor's sign.
                    let (q, r) = if r != 0 && y < 0 { (q - 1, r + y) } else { (q, r) };
                    Some(if op == BinOp::FloorDiv { q } else { r })
                }
                BinOp::Pow => {
                    if y < 0 {
                        if x == 0 {
                            return self
                                .raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                        }
                        return Ok(Float((x as f64).powf(y as f64)));
                    }
                    u32::try_from(y).ok().and_then(|e| x.checked_pow(e))
                }
                BinOp::LShift => {
                    if y < 0 {
                        return self.raise("ValueError", "negative shift count");
                    }
                    if y >= 63 || (x != 0 && (x.abs().leading_zeros() as i64) <= y + 1) {
                        if x == 0 {
                            Some(0)
                        } else {
                            Option::None
                        }
                    } else {
                        Some(x << y)
                    }
                }
                BinOp::RShift => {
                    if y < 0 {
                        return self.raise("ValueError", "negative shift count");
                    }
                    Some(x >> y.min(63))
                }
                BinOp::BitAnd => Some(x & y),
                BinOp::BitOr => Some(x | y),
                BinOp::BitXor => Some(x ^ y),
                BinOp::MatMul => Option::None,
            };
            if matches!((a, b, op), (Bool(_), Bool(_), BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor)) {
                return Ok(Bool(r.unwrap_or(0) != 0));
            }
            return match r {
                Some(v) => Ok(Int(v)),
                Option::None if op == BinOp::MatMul => self.op_error(op, a, b),
                Option::None => overflow(self),
            };
        }
        if let (Some(x), Some(y)) = (num(a), num(b)) {
            let r = match op {
                BinOp::Add => x + y,
                BinOp::Sub => x - y,
                BinOp::Mul => x * y,
                BinOp::Div => {
                    if y == 0.0 {
                        return self.raise("ZeroDivisionError", "float division by zero");
                    }
                    x / y
                }
                BinOp::FloorDiv | BinOp::Mod => {
                    if y == 0.0 {
                        let m =
                            if op == BinOp::Mod { "float modulo" } else { "float floor division by zero" };
                        return self.raise("ZeroDivisionError", m);
                    }
                    let (div, m) = float_divmod(x, y);
                    if op == BinOp::Mod {
                        m
                    } else {
                        div
                    }
                }
                BinOp::Pow => {
                    if x == 0.0 && y < 0.0 {
                        return self.raise("ZeroDivisionError", "0.0 cannot be raised to a negative power");
                    }
                    if x < 0.0 && y.fract() != 0.0 {
                        return Err(Fault::Code(unsupported(self.here(), "complex numbers are")));
                    }
                    x.powf(y)
                }
                _ => return self.op_error(op, a, b),
            };
            if r.is_infinite() && x.is_finite() && y.is_finite() {
                return self.raise("OverflowError", "(34, 'Numerical result out of range')");
            }
            return Ok(Float(r));
        }
        match (op, a, b) {
            (BinOp::Add, Str(x), Str(y)) => Ok(Value::str(&format!("{x}{y}"))),
            (BinOp::Add, List(x), List(y)) => {
                if inplace {
                    let items = y.borrow().clone();
                    x.borrow_mut().extend(items);
                    return Ok(a.clone());
                }
                let mut v = x.borrow().clone();
                v.extend(y.borrow().iter().cloned());
                Ok(Value::list(v))
            }
            (BinOp::Add, List(x), _) if inplace => {
                let items = self.collect(ctx, b)?;
                x.borrow_mut().extend(items);
                Ok(a.clone())
            }
            (BinOp::Add, Tuple(x), Tuple(y)) => {
                let mut v = x.as_ref().clone();
                v.extend(y.iter().cloned());
                Ok(Value::tuple(v))
            }
            (BinOp::Mul, Str(_) | List(_) | Tuple(_), Int(_) | Bool(_)) => {
                self.repeat(a, int(b).unwrap_or(0), inplace)
            }
            (BinOp::Mul, Int(_) | Bool(_), Str(_) | List(_) | Tuple(_)) => {
                self.repeat(b, int(a).unwrap_or(0), false)
            }
            (BinOp::Mod, Str(_), _) => {
                Err(Fault::Code(unsupported(self.here(), "`%` string formatting is (use an f-string)")))
            }
            (BinOp::BitOr, Dict(x), Dict(_)) => {
                let d = Value::Dict(new_ref(super::value::Dict { items: x.borrow().items.clone() }));
                self.dict_update(ctx, &d, b)?;
                Ok(d)
            }
            (BinOp::Sub | BinOp::BitOr | BinOp::BitAnd, Set(x), Set(y)) => {
                let (xs, ys) = (x.borrow().clone(), y.borrow().clone());
                let out = Value::Set(new_ref(vec![]));
                match op {
                    BinOp::BitOr => {
                        for v in xs.into_iter().chain(ys) {
                            self.set_add(&out, v)?;
                        }
                    }
                    BinOp::BitAnd => {
                        for v in xs {
                            if self.contains_in(&ys, &v)? {
                                self.set_add(&out, v)?;
                            }
                        }
                    }
                    _ => {
                        for v in xs {
                            if !self.contains_in(&ys, &v)? {
                                self.set_add(&out, v)?;
                            }
                        }
                    }
                }
                Ok(out)
            }
            (_, Inst(i), _) => {
                let name = dunder(op, false);
                if let Some(m) = i.class.lookup(name) {
                    return self.call(ctx, &Value::Bound(Rc::new((a.clone(), m))), vec![b.clone()], vec![]);
                }
                self.op_error(op, a, b)
            }
            (_, _, Inst(i)) => {
                let name = dunder(op, true);
                if let Some(m) = i.class.lookup(name) {
                    return self.call(ctx, &Value::Bound(Rc::new((b.clone(), m))), vec![a.clone()], vec![]);
                }
                self.op_error(op, a, b)
            }
            _ => self.op_error(op, a, b),
        }
    }

    fn repeat(&mut self, v: &Value, n: i64, inplace: bool) -> X<Value> {
        let n = n.max(0) as usize;
        let len = match v {
            Value::Str(s) => s.len(),
            Value::List(l) => l.borrow().len(),
            Value::Tuple(t) => t.len(),
            _ => 0,
        };
        if len.saturating_mul(n) > 1_000_000 {
            return Err(Fault::Code(unsupported(self.here(), "sequences of more than a million items are")));
        }
        Ok(match v {
            Value::Str(s) => Value::str(&s.repeat(n)),
            Value::List(l) => {
                let items: Vec<Value> = l.borrow().iter().cloned().cycle().take(len * n).collect();
                if inplace {
                    *l.borrow_mut() = items;
                    v.clone()
                } else {
                    Value::list(items)
                }
            }
            Value::Tuple(t) => Value::tuple(t.iter().cloned().cycle().take(len * n).collect()),
            _ => Value::None,
        })
    }

    fn op_error<T>(&mut self, op: BinOp, a: &Value, b: &Value) -> X<T> {
        let (x, y) = (self.type_name(a), self.type_name(b));
        if op == BinOp::Add && x == "str" {
            return self.raise("TypeError", format!("can only concatenate str (not \"{y}\") to str"));
        }
        if op == BinOp::Add && x == "list" {
            return self.raise("TypeError", format!("can only concatenate list (not \"{y}\") to list"));
        }
        let sym = if op == BinOp::Pow { "** or pow()" } else { op.symbol() };
        self.raise("TypeError", format!("unsupported operand type(s) for {sym}: '{x}' and '{y}'"))
    }

    pub(super) fn contains_in(&mut self, items: &[Value], v: &Value) -> X<bool> {
        self.charge(items.len() as u64)?;
        for x in items {
            if self.eq(Ctx::Module, x, v)? {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// `==`.
    pub(super) fn eq(&mut self, ctx: Ctx, a: &Value, b: &Value) -> X<bool> {
        use Value::*;
        Ok(match (a, b) {
            (None, None) | (Ellipsis, Ellipsis) => true,
            (Int(_) | Bool(_) | Float(_), Int(_) | Bool(_) | Float(_)) => match (a, b) {
                (Float(_), _) | (_, Float(_)) => as_f64(a) == as_f64(b),
                _ => as_i64(a) == as_i64(b),
            },
            (Str(x), Str(y)) => x == y,
            (Tuple(x), Tuple(y)) => self.seq_eq(ctx, x, y)?,
            (List(x), List(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_eq(ctx, &x, &y)?
            }
            (Dict(x), Dict(y)) => {
                let (x, y) = (x.borrow().items.clone(), y.borrow().items.clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for (k, v) in &x {
                    let mut found = false;
                    for (k2, v2) in &y {
                        if self.eq(ctx, k, k2)? {
                            found = self.eq(ctx, v, v2)?;
                            break;
                        }
                    }
                    if !found {
                        return Ok(false);
                    }
                }
                true
            }
            (Set(x), Set(y)) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                if x.len() != y.len() {
                    return Ok(false);
                }
                for v in &x {
                    if !self.contains_in(&y, v)? {
                        return Ok(false);
                    }
                }
                true
            }
            (Range(a1, b1, c1), Range(a2, b2, c2)) => (a1, b1, c1) == (a2, b2, c2),
            (Inst(i), _) | (_, Inst(i)) if i.class.lookup("__eq__").is_some() => {
                let (this, other) = if matches!(a, Inst(x) if Rc::ptr_eq(x, i)) { (a, b) } else { (b, a) };
                let m = i.class.lookup("__eq__").unwrap_or(Value::None);
                let r =
                    self.call(ctx, &Value::Bound(Rc::new((this.clone(), m))), vec![other.clone()], vec![])?;
                if let Value::Builtin(b) = &r {
                    if b.name == "NotImplemented" {
                        return Ok(false);
                    }
                }
                self.truthy(ctx, &r)?
            }
            (Inst(x), Inst(y)) if x.class.lookup("__dataclass_fields__").is_some() => {
                if !Rc::ptr_eq(&x.class, &y.class) {
                    return Ok(false);
                }
                let (fx, fy) = (self.dataclass_key(a, true), self.dataclass_key(b, true));
                self.seq_eq(ctx, &fx, &fy)?
            }
            _ => same(a, b),
        })
    }

    fn seq_eq(&mut self, ctx: Ctx, x: &[Value], y: &[Value]) -> X<bool> {
        if x.len() != y.len() {
            return Ok(false);
        }
        for (p, q) in x.iter().zip(y) {
            if !self.eq(ctx, p, q)? {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// A dataclass instance's fields in order (those that compare, when `compare`).
    pub(super) fn dataclass_key(&self, v: &Value, compare: bool) -> Vec<Value> {
        let Value::Inst(i) = v else { return vec![] };
        let Some(Value::Tuple(fields)) = i.class.lookup("__dataclass_fields__") else { return vec![] };
        fields
            .iter()
            .filter_map(|f| match f {
                Value::Tuple(spec) => {
                    let name = match spec.first() {
                        Some(Value::Str(s)) => s.clone(),
                        _ => return None,
                    };
                    if compare && matches!(spec.get(3), Some(Value::Bool(false))) {
                        return None;
                    }
                    Some(i.get(&name).unwrap_or(Value::None))
                }
                _ => None,
            })
            .collect()
    }

    /// `<`, for sorting and comparisons.
    pub(super) fn lt(&mut self, ctx: Ctx, a: &Value, b: &Value) -> X<bool> {
        use Value::*;
        Ok(match (a, b) {
            (Int(_) | Bool(_) | Float(_), Int(_) | Bool(_) | Float(_)) => match (a, b) {
                (Float(_), _) | (_, Float(_)) => as_f64(a) < as_f64(b),
                _ => as_i64(a) < as_i64(b),
            },
            (Str(x), Str(y)) => x < y,
            (Tuple(_), Tuple(_)) | (List(_), List(_)) => {
                let (x, y) = (self.seq_items(a), self.seq_items(b));
                for (p, q) in x.iter().zip(&y) {
                    if !self.eq(ctx, p, q)? {
                        return self.lt(ctx, p, q);
                    }
                }
                x.len() < y.len()
            }
            (Inst(i), _) if i.class.lookup("__lt__").is_some() => {
                let m = i.class.lookup("__lt__").unwrap_or(Value::None);
                let r = self.call(ctx, &Value::Bound(Rc::new((a.clone(), m))), vec![b.clone()], vec![])?;
                self.truthy(ctx, &r)?
            }
            (Inst(x), Inst(y))
                if x.class.lookup("__dataclass_order__").is_some() && Rc::ptr_eq(&x.class, &y.class) =>
            {
                let (fx, fy) =
                    (Value::tuple(self.dataclass_key(a, true)), Value::tuple(self.dataclass_key(b, true)));
                self.lt(ctx, &fx, &fy)?
            }
            _ => {
                let (x, y) = (self.type_name(a), self.type_name(b));
                return self
                    .raise("TypeError", format!("'<' not supported between instances of '{x}' and '{y}'"));
            }
        })
    }

    pub(super) fn seq_items(&self, v: &Value) -> Vec<Value> {
        match v {
            Value::Tuple(t) => t.as_ref().clone(),
            Value::List(l) => l.borrow().clone(),
            _ => vec![],
        }
    }

    pub(super) fn compare(&mut self, ctx: Ctx, op: CmpOp, a: &Value, b: &Value) -> X<Value> {
        let r = match op {
            CmpOp::Eq => self.eq(ctx, a, b)?,
            CmpOp::Ne => {
                if let Value::Inst(i) = a {
                    if let Some(m) = i.class.lookup("__ne__") {
                        let r =
                            self.call(ctx, &Value::Bound(Rc::new((a.clone(), m))), vec![b.clone()], vec![])?;
                        return Ok(Value::Bool(self.truthy(ctx, &r)?));
                    }
                }
                !self.eq(ctx, a, b)?
            }
            CmpOp::Lt => self.ordered(ctx, a, b, "<")?,
            CmpOp::Gt => self.ordered(ctx, b, a, ">")?,
            CmpOp::Le => !self.ordered(ctx, b, a, "<=")?,
            CmpOp::Ge => !self.ordered(ctx, a, b, ">=")?,
            CmpOp::In => self.contains(ctx, b, a)?,
            CmpOp::NotIn => !self.contains(ctx, b, a)?,
            CmpOp::Is => same(a, b),
            CmpOp::IsNot => !same(a, b),
        };
        Ok(Value::Bool(r))
    }

    fn ordered(&mut self, ctx: Ctx, a: &Value, b: &Value, sym: &str) -> X<bool> {
        if let (Value::Float(x), _) | (_, Value::Float(x)) = (a, b) {
            if x.is_nan() {
                return Ok(sym == ">=" || sym == "<=");
            }
        }
        match self.lt(ctx, a, b) {
            Err(Fault::Exc(_)) => {
                let (x, y) = if sym == ">" || sym == "<=" { (b, a) } else { (a, b) };
                let (x, y) = (self.type_name(x), self.type_name(y));
                self.raise("TypeError", format!("'{sym}' not supported between instances of '{x}' and '{y}'"))
            }
            r => r,
        }
    }

    pub(super) fn contains(&mut self, ctx: Ctx, container: &Value, v: &Value) -> X<bool> {
        match container {
            Value::Str(s) => match v {
                Value::Str(x) => Ok(s.contains(&**x)),
                _ => {
                    let t = self.type_name(v);
                    self.raise("TypeError", format!("'in <string>' requires string as left operand, not {t}"))
                }
            },
            Value::Dict(d) => {
                let keys: Vec<Value> = d.borrow().items.iter().map(|(k, _)| k.clone()).collect();
                self.contains_in(&keys, v)
            }
            Value::Range(a, b, s) => Ok(match v {
                Value::Int(i) => {
                    let (a, b, s, i) = (*a, *b, *s, *i);
                    (if s > 0 { i >= a && i < b } else { i <= a && i > b }) && (i - a) % s == 0
                }
                _ => false,
            }),
            Value::Inst(i) if i.class.lookup("__contains__").is_some() => {
                let m = i.class.lookup("__contains__").unwrap_or(Value::None);
                let r =
                    self.call(ctx, &Value::Bound(Rc::new((container.clone(), m))), vec![v.clone()], vec![])?;
                self.truthy(ctx, &r)
            }
            _ => {
                let items = self.collect(ctx, container)?;
                self.contains_in(&items, v)
            }
        }
    }
}

/// CPython's `float_divmod`: the floor quotient and the remainder with the divisor's sign
/// (zero included).
fn float_divmod(vx: f64, wx: f64) -> (f64, f64) {
    let mut m = vx % wx;
    let mut div = (vx - m) / wx;
    if m != 0.0 {
        if (wx < 0.0) != (m < 0.0) {
            m += wx;
            div -= 1.0;
        }
    } else {
        m = 0f64.copysign(wx);
    }
    let floordiv = if div != 0.0 {
        let f = div.floor();
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else {
        0f64.copysign(vx / wx)
    };
    (floordiv, m)
}

fn dunder(op: BinOp, right: bool) -> &'static str {
    let (l, r) = match op {
        BinOp::Add => ("__add__", "__radd__"),
        BinOp::Sub => ("__sub__", "__rsub__"),
        BinOp::Mul => ("__mul__", "__rmul__"),
        BinOp::Div => ("__truediv__", "__rtruediv__"),
        BinOp::FloorDiv => ("__floordiv__", "__rfloordiv__"),
        BinOp::Mod => ("__mod__", "__rmod__"),
        BinOp::Pow => ("__pow__", "__rpow__"),
        BinOp::LShift => ("__lshift__", "__rlshift__"),
        BinOp::RShift => ("__rshift__", "__rrshift__"),
        BinOp::BitAnd => ("__and__", "__rand__"),
        BinOp::BitOr => ("__or__", "__ror__"),
        BinOp::BitXor => ("__xor__", "__rxor__"),
        BinOp::MatMul => ("__matmul__", "__rmatmul__"),
    };
    if right {
        r
    } else {
        l
    }
}

pub(super) fn as_f64(v: &Value) -> f64 {
    match v {
        Value::Int(i) => *i as f64,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::Float(f) => *f,
        _ => 0.0,
    }
}

pub(super) fn as_i64(v: &Value) -> i64 {
    match v {
        Value::Int(i) => *i,
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

pub(super) fn as_index(v: &Value) -> Option<i64> {
    match v {
        Value::Int(i) => Some(*i),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    }
}

pub(super) fn range_len(a: i64, b: i64, s: i64) -> i64 {
    if s > 0 && a < b {
        (b - a + s - 1) / s
    } else if s < 0 && a > b {
        (a - b - s - 1) / -s
    } else {
        0
    }
}

/// `is`: identity (for immutable values, equality of the value, as CPython's caches make it).
pub(super) fn same(a: &Value, b: &Value) -> bool {
    use Value::*;
    match (a, b) {
        (None, None) | (Ellipsis, Ellipsis) => true,
        (Bool(x), Bool(y)) => x == y,
        (Int(x), Int(y)) => x == y,
        (Str(x), Str(y)) => Rc::ptr_eq(x, y) || x == y,
        (Float(x), Float(y)) => x.to_bits() == y.to_bits(),
        (Tuple(x), Tuple(y)) => Rc::ptr_eq(x, y),
        (List(x), List(y)) => Rc::ptr_eq(x, y),
        (Dict(x), Dict(y)) => Rc::ptr_eq(x, y),
        (Set(x), Set(y)) => Rc::ptr_eq(x, y),
        (Func(x), Func(y)) => Rc::ptr_eq(x, y),
        (Class(x), Class(y)) => Rc::ptr_eq(x, y),
        (Inst(x), Inst(y)) => Rc::ptr_eq(x, y),
        (Module(x), Module(y)) => Rc::ptr_eq(x, y),
        (Gen(x), Gen(y)) => Rc::ptr_eq(x, y),
        (Fut(x), Fut(y)) => x == y,
        (Handle(x), Handle(y)) => x == y,
        (Loop(x), Loop(y)) => x == y,
        (Type(x), Type(y)) => x == y,
        (Partial(x), Partial(y)) => Rc::ptr_eq(x, y),
        (Bound(x), Bound(y)) => same(&x.0, &y.0) && same(&x.1, &y.1),
        (Builtin(x), Builtin(y)) => {
            x.name == y.name
                && match (&x.this, &y.this) {
                    (Some(p), Some(q)) => same(p, q),
                    (Option::None, Option::None) => true,
                    _ => false,
                }
        }
        _ => false,
    }
}
