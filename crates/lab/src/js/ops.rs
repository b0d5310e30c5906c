//! Operators and conversions: `ToBoolean`, `ToNumber`, `ToString`, `typeof`, equality and the
//! arithmetic, comparison, bitwise and relational operators.

use super::ast::{BinOp, UnOp};
use super::lexer::{err, Pos};
use super::objects::ObjKind;
use super::print::number;
use super::runtime::Builtin;
use super::vm::{Flow, Value, Vm};
use crate::CodeError;

fn to_int32(n: f64) -> i32 {
    if !n.is_finite() {
        return 0;
    }
    (n.trunc().rem_euclid(4_294_967_296.0) as u64 as u32) as i32
}

impl Vm<'_> {
    pub(super) fn truthy(&self, v: &Value) -> bool {
        match v {
            Value::Undefined | Value::Null => false,
            Value::Bool(b) => *b,
            Value::Num(n) => *n != 0.0 && !n.is_nan(),
            Value::Str(s) => !s.is_empty(),
            _ => true,
        }
    }

    pub(super) fn type_of(&self, v: &Value) -> &'static str {
        match v {
            Value::Undefined => "undefined",
            Value::Null => "object",
            Value::Bool(_) => "boolean",
            Value::Num(_) => "number",
            Value::Str(_) => "string",
            Value::Obj(_) | Value::Promise(_) | Value::Timer(_) | Value::Immediate(_) | Value::Iter(_) => {
                "object"
            }
            Value::Builtin(Builtin::SymbolAsyncIterator | Builtin::SymbolIterator) => "symbol",
            Value::Builtin(b) if !self.callable(&Value::Builtin(*b)) => "object",
            _ => "function",
        }
    }

    /// `ToPrimitive` for the objects this subset has (arrays join, plain objects are
    /// `[object Object]`, errors `Name: message`). `Err` for a value it cannot convert.
    fn primitive_of(&mut self, v: &Value, pos: Pos) -> Result<Result<Value, Value>, CodeError> {
        Ok(Ok(match v {
            Value::Obj(o) => match &self.objs[*o].kind {
                ObjKind::Array(items) => {
                    let items = items.clone();
                    let mut parts = Vec::new();
                    for i in items {
                        if matches!(i, Value::Undefined | Value::Null) {
                            parts.push(String::new());
                        } else {
                            match self.string_of(&i, pos)? {
                                Ok(s) => parts.push(s),
                                Err(e) => return Ok(Err(e)),
                            }
                        }
                    }
                    Value::Str(parts.join(",").into())
                }
                ObjKind::Error(_) => {
                    let name = match self.get(v, "name", pos)? {
                        Flow::Normal(n) => n,
                        Flow::Throw(e) => return Ok(Err(e)),
                    };
                    let message = match self.get(v, "message", pos)? {
                        Flow::Normal(n) => n,
                        Flow::Throw(e) => return Ok(Err(e)),
                    };
                    let name = self.plain_string(&name);
                    let message = self.plain_string(&message);
                    Value::Str(
                        if message.is_empty() {
                            name
                        } else if name.is_empty() {
                            message
                        } else {
                            format!("{name}: {message}")
                        }
                        .into(),
                    )
                }
                _ => {
                    if self.find_prop(*o, "toString").is_some() {
                        return err(
                            pos,
                            "converting an object with its own `toString` to a string is not supported",
                        );
                    }
                    Value::Str("[object Object]".into())
                }
            },
            Value::Promise(_) => Value::Str("[object Promise]".into()),
            Value::Func(_) | Value::Native(_) | Value::Builtin(_) | Value::Method(..) | Value::Bound(_) => {
                return err(pos, "converting a function to a string (its source text) is not supported");
            }
            Value::Timer(id) | Value::Immediate(id) => Value::Num(*id as f64),
            Value::Iter(_) => Value::Str("[object Array Iterator]".into()),
            other => other.clone(),
        }))
    }

    /// A primitive's string, without quotes (for values already primitive).
    pub(super) fn plain_string(&self, v: &Value) -> String {
        match v {
            Value::Undefined => "undefined".into(),
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Num(n) => number(*n),
            Value::Str(s) => s.to_string(),
            _ => String::new(),
        }
    }

    pub(super) fn string_of(&mut self, v: &Value, pos: Pos) -> Result<Result<String, Value>, CodeError> {
        Ok(match self.primitive_of(v, pos)? {
            Ok(p) => Ok(self.plain_string(&p)),
            Err(e) => Err(e),
        })
    }

    pub(super) fn number_of(&mut self, v: &Value, pos: Pos) -> Result<Result<f64, Value>, CodeError> {
        let p = match self.primitive_of(v, pos)? {
            Ok(p) => p,
            Err(e) => return Ok(Err(e)),
        };
        Ok(Ok(match p {
            Value::Undefined => f64::NAN,
            Value::Null => 0.0,
            Value::Bool(b) => f64::from(u8::from(b)),
            Value::Num(n) => n,
            Value::Str(s) => string_to_number(&s),
            _ => f64::NAN,
        }))
    }

    /// A property key from a value (`obj[key]`).
    pub(super) fn property_key(&mut self, v: &Value, pos: Pos) -> Result<std::rc::Rc<str>, CodeError> {
        match v {
            Value::Str(s) if s.starts_with(super::objects::SYMBOL_KEY) => {
                err(pos, "a property key that starts with a NUL character is not supported")
            }
            Value::Str(s) => Ok(s.clone()),
            Value::Num(n) => Ok(number(*n).into()),
            Value::Bool(_) | Value::Undefined | Value::Null => Ok(self.plain_string(v).into()),
            Value::Builtin(Builtin::SymbolAsyncIterator) => Ok(super::objects::ASYNC_ITERATOR_KEY.into()),
            Value::Builtin(Builtin::SymbolIterator) => Ok(super::objects::ITERATOR_KEY.into()),
            _ => err(pos, "only strings and numbers are supported as computed property keys"),
        }
    }

    pub(super) fn strict_equals(&self, a: &Value, b: &Value) -> bool {
        match (a, b) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(x), Value::Bool(y)) => x == y,
            (Value::Num(x), Value::Num(y)) => x == y,
            (Value::Str(x), Value::Str(y)) => x == y,
            _ => a.same(b),
        }
    }

    fn loose_equals(&mut self, a: &Value, b: &Value, pos: Pos) -> Result<Result<bool, Value>, CodeError> {
        let prim = |v: &Value| matches!(v, Value::Bool(_) | Value::Num(_) | Value::Str(_));
        Ok(Ok(match (a, b) {
            (Value::Undefined | Value::Null, Value::Undefined | Value::Null) => true,
            (Value::Undefined | Value::Null, _) | (_, Value::Undefined | Value::Null) => false,
            _ if prim(a) && prim(b) => {
                if let (Value::Str(x), Value::Str(y)) = (a, b) {
                    x == y
                } else {
                    let x = self.number_of(a, pos)?.unwrap_or(f64::NAN);
                    let y = self.number_of(b, pos)?.unwrap_or(f64::NAN);
                    x == y
                }
            }
            _ if !prim(a) && !prim(b) => a.same(b),
            _ => {
                // An object against a primitive: compare its primitive.
                let (o, p) = if prim(a) { (b, a) } else { (a, b) };
                let op = match self.primitive_of(o, pos)? {
                    Ok(v) => v,
                    Err(e) => return Ok(Err(e)),
                };
                return self.loose_equals(&op, p, pos);
            }
        }))
    }

    pub(super) fn unary(&mut self, op: UnOp, a: Value, pos: Pos) -> Result<Flow, CodeError> {
        Ok(Flow::Normal(match op {
            UnOp::Not => Value::Bool(!self.truthy(&a)),
            UnOp::TypeOf => Value::Str(self.type_of(&a).into()),
            UnOp::Void => Value::Undefined,
            UnOp::Neg | UnOp::Plus | UnOp::BitNot => {
                let n = match self.number_of(&a, pos)? {
                    Ok(n) => n,
                    Err(e) => return Ok(Flow::Throw(e)),
                };
                Value::Num(match op {
                    UnOp::Neg => -n,
                    UnOp::Plus => n,
                    _ => f64::from(!to_int32(n)),
                })
            }
        }))
    }

    pub(super) fn binary(&mut self, op: BinOp, a: Value, b: Value, pos: Pos) -> Result<Flow, CodeError> {
        macro_rules! num {
            ($v:expr) => {
                match self.number_of(&$v, pos)? {
                    Ok(n) => n,
                    Err(e) => return Ok(Flow::Throw(e)),
                }
            };
        }
        macro_rules! prim {
            ($v:expr) => {
                match self.primitive_of(&$v, pos)? {
                    Ok(n) => n,
                    Err(e) => return Ok(Flow::Throw(e)),
                }
            };
        }
        Ok(Flow::Normal(match op {
            BinOp::Add => {
                let (x, y) = (prim!(a), prim!(b));
                if matches!(x, Value::Str(_)) || matches!(y, Value::Str(_)) {
                    Value::Str(format!("{}{}", self.plain_string(&x), self.plain_string(&y)).into())
                } else {
                    Value::Num(num!(x) + num!(y))
                }
            }
            BinOp::Sub => Value::Num(num!(a) - num!(b)),
            BinOp::Mul => Value::Num(num!(a) * num!(b)),
            BinOp::Div => Value::Num(num!(a) / num!(b)),
            BinOp::Rem => {
                let (x, y) = (num!(a), num!(b));
                Value::Num(if y.is_infinite() && x.is_finite() { x } else { x % y })
            }
            BinOp::Pow => {
                let (x, y) = (num!(a), num!(b));
                Value::Num(if y.is_nan() || (x.abs() == 1.0 && y.is_infinite()) {
                    f64::NAN
                } else {
                    x.powf(y)
                })
            }
            BinOp::StrictEq => Value::Bool(self.strict_equals(&a, &b)),
            BinOp::StrictNe => Value::Bool(!self.strict_equals(&a, &b)),
            BinOp::Eq | BinOp::Ne => match self.loose_equals(&a, &b, pos)? {
                Ok(eq) => Value::Bool(eq == (op == BinOp::Eq)),
                Err(e) => return Ok(Flow::Throw(e)),
            },
            BinOp::Lt | BinOp::Gt | BinOp::Le | BinOp::Ge => {
                let (x, y) = (prim!(a), prim!(b));
                let (l, r, swap, inclusive) = match op {
                    BinOp::Lt => (&x, &y, false, false),
                    BinOp::Gt => (&y, &x, false, false),
                    BinOp::Le => (&y, &x, true, false),
                    _ => (&x, &y, true, true),
                };
                let _ = inclusive;
                // a <= b is !(b < a), with NaN giving false.
                let less = match (l, r) {
                    (Value::Str(s), Value::Str(t)) => Some(s.encode_utf16().lt(t.encode_utf16())),
                    _ => {
                        let (m, n) = (num!(l.clone()), num!(r.clone()));
                        if m.is_nan() || n.is_nan() {
                            None
                        } else {
                            Some(m < n)
                        }
                    }
                };
                Value::Bool(match less {
                    None => false,
                    Some(v) => v != swap,
                })
            }
            BinOp::BitAnd => Value::Num(f64::from(to_int32(num!(a)) & to_int32(num!(b)))),
            BinOp::BitOr => Value::Num(f64::from(to_int32(num!(a)) | to_int32(num!(b)))),
            BinOp::BitXor => Value::Num(f64::from(to_int32(num!(a)) ^ to_int32(num!(b)))),
            BinOp::Shl => {
                Value::Num(f64::from(to_int32(num!(a)).wrapping_shl(to_int32(num!(b)) as u32 & 31)))
            }
            BinOp::Shr => {
                Value::Num(f64::from(to_int32(num!(a)).wrapping_shr(to_int32(num!(b)) as u32 & 31)))
            }
            BinOp::UShr => {
                Value::Num(f64::from((to_int32(num!(a)) as u32).wrapping_shr(to_int32(num!(b)) as u32 & 31)))
            }
            BinOp::InstanceOf => match self.instance_of(&a, &b, pos)? {
                Ok(v) => Value::Bool(v),
                Err(e) => return Ok(Flow::Throw(e)),
            },
            BinOp::In => match &b {
                Value::Obj(_) => {
                    let key = self.property_key(&a, pos)?;
                    Value::Bool(self.has_property(&b, &key))
                }
                _ => {
                    return Ok(self.throw_type_error(
                        "Cannot use 'in' operator to search for a key in a primitive".into(),
                    ))
                }
            },
        }))
    }

    fn instance_of(&mut self, a: &Value, b: &Value, pos: Pos) -> Result<Result<bool, Value>, CodeError> {
        match b {
            Value::Builtin(Builtin::Promise) => Ok(Ok(matches!(a, Value::Promise(_)))),
            Value::Builtin(Builtin::Object) => {
                Ok(Ok(matches!(a, Value::Obj(_) | Value::Promise(_) | Value::Func(_))))
            }
            Value::Builtin(Builtin::Array) => Ok(Ok(self.is_array(a))),
            Value::Builtin(Builtin::Function) => Ok(Ok(self.callable(a))),
            Value::Builtin(Builtin::ErrorCtor(k)) => Ok(Ok(match a {
                Value::Obj(o) => match &self.objs[*o].kind {
                    ObjKind::Error(base) => k.is_base_of(base),
                    _ => false,
                },
                _ => false,
            })),
            Value::Builtin(Builtin::EventEmitter) => {
                Ok(Ok(matches!(a, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Emitter(_)))))
            }
            Value::Func(c) => {
                let proto = self.prototype_of(*c);
                let Value::Obj(mut o) = a.clone() else { return Ok(Ok(false)) };
                let mut guard = 0;
                while let Some(p) = self.objs[o].proto {
                    if p == proto {
                        return Ok(Ok(true));
                    }
                    o = p;
                    guard += 1;
                    if guard > 1000 {
                        break;
                    }
                }
                Ok(Ok(false))
            }
            _ => {
                let _ = pos;
                Ok(Err(self.make_error("TypeError", "Right-hand side of 'instanceof' is not callable")))
            }
        }
    }
}

pub(super) fn string_to_number(s: &str) -> f64 {
    let t = s.trim();
    if t.is_empty() {
        return 0.0;
    }
    let lower = t.to_ascii_lowercase();
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            return u64::from_str_radix(rest, radix).map_or(f64::NAN, |n| n as f64);
        }
    }
    match t {
        "Infinity" | "+Infinity" => f64::INFINITY,
        "-Infinity" => f64::NEG_INFINITY,
        _ if t.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-')) => {
            t.parse::<f64>().unwrap_or(f64::NAN)
        }
        _ => f64::NAN,
    }
}
