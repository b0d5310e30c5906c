//! Objects on the heap (plain objects, arrays, errors, emitters, class prototypes), their
//! properties, and getting and setting properties on every kind of value. Classes and `new`.

use std::rc::Rc;

use super::ast::{Expr, FuncKind, MemberKind, PropKey};
use super::lexer::{err, Pos};
use super::runtime::Builtin;
use super::vm::{Flow, Value, Vm};
use crate::CodeError;

#[derive(Clone, Debug)]
pub(super) struct Prop {
    pub(super) key: Rc<str>,
    pub(super) value: Value,
    pub(super) getter: Option<Value>,
    pub(super) setter: Option<Value>,
    pub(super) enumerable: bool,
}

#[derive(Clone, Debug)]
pub(super) struct Listener {
    pub(super) event: Rc<str>,
    pub(super) f: Value,
    pub(super) once: bool,
    /// Added with `prepend…` (which can reorder the emitter's events when printed).
    pub(super) prepended: bool,
}

#[derive(Clone, Debug)]
pub(super) enum ObjKind {
    Plain,
    Array(Vec<Value>),
    /// An error object; its base kind (`Error`, `TypeError`, …).
    Error(Rc<str>),
    /// An `EventEmitter` (or an instance of a class extending it): its listeners in order.
    Emitter(Vec<Listener>),
    /// A function's `prototype` object.
    Prototype,
    /// An `AbortController` (its `signal` is a hidden property).
    AbortController,
    /// An `AbortSignal`: its abort listeners (natives of the runtime) in order.
    AbortSignal(Vec<Value>),
    /// A generator object (by index in `Vm::gens`).
    Generator(usize),
    /// An async generator object, or a `for await` loop's iterator (by index in `Vm::aiters`).
    AsyncIter(usize),
}

#[derive(Clone, Debug)]
pub(super) struct Obj {
    pub(super) kind: ObjKind,
    pub(super) props: Vec<Prop>,
    /// The prototype object (None: `Object.prototype` for plain objects).
    pub(super) proto: Option<usize>,
    /// Made with `Object.create(null)`.
    pub(super) null_proto: bool,
}

impl Obj {
    pub(super) fn new(kind: ObjKind) -> Obj {
        Obj { kind, props: Vec::new(), proto: None, null_proto: false }
    }
}

/// Property keys of the well-known symbols: strings that start with a NUL character (a computed
/// key spelled that way is refused), never listed among an object's keys.
pub(super) const SYMBOL_KEY: &str = "\u{0}@@";
pub(super) const ASYNC_ITERATOR_KEY: &str = "\u{0}@@asyncIterator";
pub(super) const ITERATOR_KEY: &str = "\u{0}@@iterator";

fn index_of(key: &str) -> Option<usize> {
    if key == "0"
        || (!key.starts_with('0')
            && !key.is_empty()
            && key.len() < 10
            && key.bytes().all(|b| b.is_ascii_digit()))
    {
        key.parse().ok()
    } else {
        None
    }
}

impl Vm<'_> {
    pub(super) fn find_prop(&self, o: usize, key: &str) -> Option<Prop> {
        let mut cur = Some(o);
        let mut guard = 0;
        while let Some(i) = cur {
            if let Some(p) = self.objs[i].props.iter().find(|p| &*p.key == key) {
                return Some(p.clone());
            }
            cur = self.objs[i].proto;
            guard += 1;
            if guard > 1000 {
                break;
            }
        }
        None
    }

    pub(super) fn has_property(&self, v: &Value, key: &str) -> bool {
        match v {
            Value::Obj(o) => {
                if let ObjKind::Array(items) = &self.objs[*o].kind {
                    if key == "length" || index_of(key).is_some_and(|i| i < items.len()) {
                        return true;
                    }
                }
                self.find_prop(*o, key).is_some()
            }
            _ => false,
        }
    }

    pub(super) fn is_array(&self, v: &Value) -> bool {
        matches!(v, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Array(_)))
    }

    pub(super) fn array_items(&self, v: &Value) -> Vec<Value> {
        match v {
            Value::Obj(o) => match &self.objs[*o].kind {
                ObjKind::Array(items) => items.clone(),
                _ => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    pub(super) fn array_push(&mut self, a: &Value, v: Value) {
        if let Value::Obj(o) = a {
            if let ObjKind::Array(items) = &mut self.objs[*o].kind {
                items.push(v);
            }
        }
    }

    /// Defines an own enumerable data property (object literals, fields).
    pub(super) fn define(&mut self, o: &Value, key: Rc<str>, v: Value) {
        let o = match o {
            Value::Obj(o) => *o,
            Value::Func(c) => self.func_props(*c),
            _ => return,
        };
        if let ObjKind::Array(items) = &mut self.objs[o].kind {
            if let Some(i) = index_of(&key) {
                if i <= items.len() {
                    if i >= items.len() {
                        items.resize(i + 1, Value::Undefined);
                    }
                    items[i] = v;
                    return;
                }
            }
        }
        let props = &mut self.objs[o].props;
        match props.iter_mut().find(|p| p.key == key) {
            Some(p) => {
                p.value = v;
                p.getter = None;
                p.setter = None;
            }
            None => props.push(Prop { key, value: v, getter: None, setter: None, enumerable: true }),
        }
    }

    pub(super) fn define_hidden(&mut self, o: usize, key: &str, v: Value) {
        self.objs[o].props.push(Prop {
            key: key.into(),
            value: v,
            getter: None,
            setter: None,
            enumerable: false,
        });
    }

    pub(super) fn define_accessor(
        &mut self,
        o: &Value,
        key: Rc<str>,
        f: Value,
        getter: bool,
        enumerable: bool,
    ) {
        let o = match o {
            Value::Obj(o) => *o,
            Value::Func(c) => self.func_props(*c),
            _ => return,
        };
        let props = &mut self.objs[o].props;
        let i = match props.iter().position(|p| p.key == key) {
            Some(i) => i,
            None => {
                props.push(Prop { key, value: Value::Undefined, getter: None, setter: None, enumerable });
                props.len() - 1
            }
        };
        if getter {
            props[i].getter = Some(f);
        } else {
            props[i].setter = Some(f);
        }
    }

    /// A function's own property object, made on first use.
    pub(super) fn func_props(&mut self, c: usize) -> usize {
        if let Some(p) = self.closures[c].props {
            return p;
        }
        self.objs.push(Obj::new(ObjKind::Plain));
        let p = self.objs.len() - 1;
        self.closures[c].props = Some(p);
        p
    }

    /// A function's `prototype` object, made on first use.
    pub(super) fn prototype_of(&mut self, c: usize) -> usize {
        let props = self.func_props(c);
        if let Some(Prop { value: Value::Obj(p), .. }) =
            self.objs[props].props.iter().find(|p| &*p.key == "prototype").cloned()
        {
            return p;
        }
        self.objs.push(Obj::new(ObjKind::Prototype));
        let proto = self.objs.len() - 1;
        self.define_hidden(proto, "constructor", Value::Func(c));
        self.define_hidden(props, "prototype", Value::Obj(proto));
        proto
    }

    /// `obj.key` starting the lookup at object `start`, with `this` the receiver (for getters).
    pub(super) fn get_from(
        &mut self,
        start: usize,
        this: &Value,
        key: &str,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        match self.find_prop(start, key) {
            Some(Prop { getter: Some(g), .. }) => self.call(g, this.clone(), Vec::new(), pos, true),
            Some(Prop { setter: Some(_), getter: None, .. }) => Ok(Flow::Normal(Value::Undefined)),
            Some(p) => Ok(Flow::Normal(p.value)),
            None => Ok(Flow::Normal(self.builtin_member(this, key, pos)?)),
        }
    }

    pub(super) fn get(&mut self, v: &Value, key: &str, pos: Pos) -> Result<Flow, CodeError> {
        match v {
            Value::Undefined | Value::Null => {
                let what = self.plain_string(v);
                Ok(self.throw_type_error(format!("Cannot read properties of {what} (reading '{key}')")))
            }
            Value::Obj(o) => {
                let o = *o;
                match &self.objs[o].kind {
                    ObjKind::Array(items) => {
                        if key == "length" {
                            return Ok(Flow::Normal(Value::Num(items.len() as f64)));
                        }
                        if let Some(i) = index_of(key) {
                            return Ok(Flow::Normal(items.get(i).cloned().unwrap_or(Value::Undefined)));
                        }
                    }
                    ObjKind::Error(base) if key == "name" && self.find_prop(o, "name").is_none() => {
                        return Ok(Flow::Normal(Value::Str(base.clone())));
                    }
                    ObjKind::Error(_) if key == "message" && self.find_prop(o, "message").is_none() => {
                        return Ok(Flow::Normal(Value::Str("".into())));
                    }
                    ObjKind::Error(_) if key == "stack" => {
                        return err(
                            pos,
                            "an error's `stack` (with file paths) is not in the supported JavaScript subset",
                        );
                    }
                    _ => {}
                }
                self.get_from(o, v, key, pos)
            }
            Value::Func(c) => {
                let c = *c;
                let fi = self.closures[c].func;
                if let Some(props) = self.closures[c].props {
                    if let Some(p) = self.objs[props].props.iter().find(|p| &*p.key == key).cloned() {
                        return match p.getter {
                            Some(g) => self.call(g, v.clone(), Vec::new(), pos, true),
                            None => Ok(Flow::Normal(p.value)),
                        };
                    }
                }
                match key {
                    "name" => {
                        let name = self.funcs[fi]
                            .name
                            .clone()
                            .filter(|n| !n.starts_with('<'))
                            .unwrap_or_else(|| "".into());
                        Ok(Flow::Normal(Value::Str(name)))
                    }
                    "length" => Ok(Flow::Normal(Value::Num(
                        self.funcs[fi].params.iter().take_while(|p| !p.rest && p.default.is_none()).count()
                            as f64,
                    ))),
                    "prototype"
                        if !matches!(self.funcs[fi].kind, FuncKind::Arrow | FuncKind::Method)
                            && !self.funcs[fi].is_async =>
                    {
                        Ok(Flow::Normal(Value::Obj(self.prototype_of(c))))
                    }
                    _ => {
                        // Static members are inherited from the parent class.
                        if let Some(parent @ Value::Func(_)) = self.closures[c].parent.clone() {
                            return self.get(&parent, key, pos);
                        }
                        Ok(Flow::Normal(self.builtin_member(v, key, pos)?))
                    }
                }
            }
            Value::Str(s) => {
                if key == "length" {
                    return Ok(Flow::Normal(Value::Num(s.encode_utf16().count() as f64)));
                }
                if let Some(i) = index_of(key) {
                    let units: Vec<u16> = s.encode_utf16().collect();
                    return Ok(Flow::Normal(match units.get(i) {
                        Some(u) => Value::Str(String::from_utf16_lossy(&[*u]).into()),
                        None => Value::Undefined,
                    }));
                }
                Ok(Flow::Normal(self.builtin_member(v, key, pos)?))
            }
            _ => Ok(Flow::Normal(self.builtin_member(v, key, pos)?)),
        }
    }

    pub(super) fn get_index(&mut self, v: &Value, key: &Value, pos: Pos) -> Result<Flow, CodeError> {
        if let (Value::Obj(o), Value::Num(n)) = (v, key) {
            if let ObjKind::Array(items) = &self.objs[*o].kind {
                if *n >= 0.0 && n.fract() == 0.0 {
                    return Ok(Flow::Normal(items.get(*n as usize).cloned().unwrap_or(Value::Undefined)));
                }
            }
        }
        let key = self.property_key(key, pos)?;
        self.get(v, &key, pos)
    }

    pub(super) fn set(&mut self, v: &Value, key: &str, value: Value, pos: Pos) -> Result<Flow, CodeError> {
        let o = match v {
            Value::Obj(o) => *o,
            Value::Func(c) => {
                if key == "prototype" {
                    return err(
                        pos,
                        "assigning a function's `prototype` is not in the supported JavaScript subset",
                    );
                }
                self.func_props(*c)
            }
            Value::Undefined | Value::Null => {
                let what = self.plain_string(v);
                return Ok(
                    self.throw_type_error(format!("Cannot set properties of {what} (setting '{key}')"))
                );
            }
            Value::Str(_) | Value::Num(_) | Value::Bool(_) => return Ok(Flow::Normal(Value::Undefined)),
            _ => {
                return err(
                    pos,
                    format!(
                        "setting `{key}` on {} is not in the supported JavaScript subset",
                        self.describe_value(v)
                    ),
                )
            }
        };
        if let ObjKind::Array(items) = &mut self.objs[o].kind {
            if index_of(key).is_some_and(|i| i > items.len()) {
                return err(pos, "an array with holes (setting an index past the end) is not in the supported JavaScript subset");
            }
            if key == "length" {
                if let Value::Num(n) = value {
                    if n >= 0.0 && n.fract() == 0.0 && n <= items.len() as f64 {
                        items.truncate(n as usize);
                        return Ok(Flow::Normal(Value::Undefined));
                    }
                }
                return err(pos, "only shortening an array by setting `length` is supported");
            }
        }
        if matches!(self.objs[o].kind, ObjKind::AbortController | ObjKind::AbortSignal(_)) {
            return err(
                pos,
                format!(
                    "setting `{key}` of an {} is not in the supported JavaScript subset",
                    self.describe_value(&Value::Obj(o))
                ),
            );
        }
        if let ObjKind::Emitter(_) = self.objs[o].kind {
            if key.starts_with('_') {
                return err(
                    pos,
                    format!("`{key}` is an EventEmitter internal, not in the supported JavaScript subset"),
                );
            }
        }
        if let Some(Prop { setter, getter, .. }) = self.find_prop(o, key) {
            if let Some(s) = setter {
                return self.call(s, v.clone(), vec![value], pos, true);
            }
            if getter.is_some() {
                return Ok(Flow::Normal(Value::Undefined));
            }
            if let Some(p) = self.objs[o].props.iter_mut().find(|p| &*p.key == key) {
                p.value = value;
                return Ok(Flow::Normal(Value::Undefined));
            }
        }
        if let ObjKind::Error(_) = self.objs[o].kind {
            if key == "message" || key == "stack" {
                self.objs[o].props.push(Prop {
                    key: key.into(),
                    value,
                    getter: None,
                    setter: None,
                    enumerable: false,
                });
                return Ok(Flow::Normal(Value::Undefined));
            }
        }
        self.define(&Value::Obj(o), key.into(), value);
        Ok(Flow::Normal(Value::Undefined))
    }

    pub(super) fn set_index(
        &mut self,
        v: &Value,
        key: &Value,
        value: Value,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        if let (Value::Obj(o), Value::Num(n)) = (v, key) {
            if let ObjKind::Array(items) = &mut self.objs[*o].kind {
                if *n >= 0.0 && n.fract() == 0.0 && *n <= items.len() as f64 {
                    let i = *n as usize;
                    if i >= items.len() {
                        items.resize(i + 1, Value::Undefined);
                    }
                    items[i] = value;
                    return Ok(Flow::Normal(Value::Undefined));
                }
            }
        }
        let key = self.property_key(key, pos)?;
        self.set(v, &key, value, pos)
    }

    /// Own enumerable string keys, in order (array indices first).
    pub(super) fn own_keys(&self, v: &Value) -> Vec<Rc<str>> {
        match v {
            Value::Obj(o) => {
                let obj = &self.objs[*o];
                let mut keys: Vec<Rc<str>> = match &obj.kind {
                    ObjKind::Array(items) => (0..items.len()).map(|i| Rc::from(i.to_string())).collect(),
                    _ => Vec::new(),
                };
                let mut ints: Vec<(usize, Rc<str>)> = Vec::new();
                let mut strs = Vec::new();
                for p in obj.props.iter().filter(|p| p.enumerable && !p.key.starts_with(SYMBOL_KEY)) {
                    match index_of(&p.key) {
                        Some(i) => ints.push((i, p.key.clone())),
                        None => strs.push(p.key.clone()),
                    }
                }
                ints.sort_by_key(|(i, _)| *i);
                keys.extend(ints.into_iter().map(|(_, k)| k));
                keys.extend(strs);
                keys
            }
            Value::Str(s) => (0..s.encode_utf16().count()).map(|i| Rc::from(i.to_string())).collect(),
            Value::Func(c) => match self.closures[*c].props {
                Some(p) => self.own_keys(&Value::Obj(p)),
                None => Vec::new(),
            },
            _ => Vec::new(),
        }
    }

    /// `{ ...src }` and object rest: copies own enumerable properties except `skip`.
    pub(super) fn copy_props(
        &mut self,
        to: &Value,
        src: &Value,
        skip: &[Rc<str>],
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        if matches!(src, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Emitter(_))) {
            return err(
                pos,
                "copying an EventEmitter's properties is not in the supported JavaScript subset",
            );
        }
        for k in self.own_keys(src) {
            if skip.contains(&k) {
                continue;
            }
            let v = match self.get(src, &k, pos)? {
                Flow::Normal(v) => v,
                t => return Ok(t),
            };
            self.define(to, k, v);
        }
        Ok(Flow::Normal(Value::Undefined))
    }

    /// The values of an iterable (arrays, strings); a TypeError for anything else.
    pub(super) fn iterate(&mut self, v: &Value, pos: Pos) -> Result<Result<Vec<Value>, Value>, CodeError> {
        match v {
            Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Array(_)) => Ok(Ok(self.array_items(v))),
            Value::Str(s) => Ok(Ok(s.chars().map(|c| Value::Str(c.to_string().into())).collect())),
            Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Generator(_)) => {
                let ObjKind::Generator(g) = self.objs[*o].kind else { unreachable!() };
                let mut out = Vec::new();
                loop {
                    match self.gen_step(g, Value::Undefined)? {
                        Ok(Some(v)) => out.push(v),
                        Ok(None) => return Ok(Ok(out)),
                        Err(e) => return Ok(Err(e)),
                    }
                    if out.len() > 100_000 {
                        return err(pos, "spreading a generator that yields this much (an endless one?)");
                    }
                }
            }
            Value::Obj(o) if self.find_prop(*o, "next").is_some() || self.find_prop(*o, "then").is_some() => {
                err(pos, "iterating over anything but arrays and strings is not in the supported JavaScript subset")
            }
            _ => {
                let what = self.describe_value(v);
                Ok(Err(self.make_error("TypeError", &format!("{what} is not iterable"))))
            }
        }
    }

    pub(super) fn iter_init(
        &mut self,
        v: Value,
        of: bool,
        pos: Pos,
    ) -> Result<Result<Value, Value>, CodeError> {
        let (items, live) = if of {
            match &v {
                // An array is read live: items pushed while looping are visited; a generator
                // runs one step per iteration.
                Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Array(_) | ObjKind::Generator(_)) => {
                    (Vec::new(), Some(*o))
                }
                _ => match self.iterate(&v, pos)? {
                    Ok(items) => (items, None),
                    Err(e) => return Ok(Err(e)),
                },
            }
        } else {
            if matches!(&v, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Emitter(_)) || self.objs[*o].proto.is_some())
            {
                return err(
                    pos,
                    "`for…in` over a class instance or emitter is not in the supported JavaScript subset",
                );
            }
            (self.own_keys(&v).into_iter().map(Value::Str).collect(), None)
        };
        self.iters.push((items, 0, live));
        Ok(Ok(Value::Iter(self.iters.len() - 1)))
    }

    pub(super) fn iter_next(&mut self, it: &Value) -> Result<Option<Result<Value, Value>>, CodeError> {
        let Value::Iter(i) = it else { return Ok(None) };
        let (items, at, live) = &mut self.iters[*i];
        let v = match live {
            Some(o) => match &self.objs[*o].kind {
                ObjKind::Array(a) => a.get(*at).cloned(),
                ObjKind::Generator(g) => {
                    let g = *g;
                    return Ok(match self.gen_step(g, Value::Undefined)? {
                        Ok(Some(v)) => Some(Ok(v)),
                        Ok(None) => None,
                        Err(e) => Some(Err(e)),
                    });
                }
                _ => None,
            },
            None => items.get(*at).cloned(),
        };
        *at += 1;
        Ok(v.map(Ok))
    }

    /// Generators a `for…of` leaves early (by `break`, `return` or a throw) are closed.
    pub(super) fn close_iters(&mut self, vals: &[Value]) -> Result<(), CodeError> {
        for v in vals {
            if let Value::Obj(o) = v {
                if let ObjKind::AsyncIter(i) = self.objs[*o].kind {
                    self.async_iter_thrown_out(i)?;
                }
            }
            if let Value::Iter(i) = v {
                if let Some(o) = self.iters[*i].2 {
                    if let ObjKind::Generator(g) = self.objs[o].kind {
                        self.gen_close(g)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// An error object of kind `name` with `message`.
    pub(super) fn make_error(&mut self, name: &str, message: &str) -> Value {
        let mut o = Obj::new(ObjKind::Error(name.into()));
        o.props.push(Prop {
            key: "message".into(),
            value: Value::Str(message.into()),
            getter: None,
            setter: None,
            enumerable: false,
        });
        self.objs.push(o);
        Value::Obj(self.objs.len() - 1)
    }

    /// Makes class `c`: its constructor closure, with the prototype holding the methods.
    pub(super) fn make_class(
        &mut self,
        c: usize,
        parent: Option<Value>,
        env: usize,
    ) -> Result<Flow, CodeError> {
        let def = &self.program.classes[c];
        let pos = def.pos;
        let ctor = self.closure(def.ctor, env);
        let Value::Func(ci) = ctor else { unreachable!() };
        let proto = self.prototype_of(ci);
        match &parent {
            None => {}
            Some(Value::Func(p)) => {
                let fi = self.closures[*p].func;
                if matches!(self.funcs[fi].kind, FuncKind::Arrow | FuncKind::Method) {
                    return Ok(self.throw_type_error("Class extends value is not a constructor".into()));
                }
                let pp = self.prototype_of(*p);
                self.objs[proto].proto = Some(pp);
                // Static methods reach the parent's statics through `super`.
                let (mine, theirs) = (self.func_props(ci), self.func_props(*p));
                self.objs[mine].proto = Some(theirs);
            }
            Some(Value::Builtin(Builtin::EventEmitter | Builtin::ErrorCtor(_))) => {}
            Some(Value::Null) => return err(pos, "`extends null` is not in the supported JavaScript subset"),
            Some(other) => {
                if let Value::Builtin(_) = other {
                    return err(pos, "extending this built-in is not in the supported JavaScript subset");
                }
                let what = self.describe_value(other);
                return Ok(
                    self.throw_type_error(format!("Class extends value {what} is not a constructor or null"))
                );
            }
        }
        self.closures[ci].parent = Some(parent.unwrap_or(Value::Null));
        self.closures[ci].home = Some(proto);
        let members = self.program.classes[c].members.clone();
        for m in members {
            let key: Rc<str> = match &m.key {
                PropKey::Static(k) => k.clone(),
                // `[Symbol.asyncIterator]()` and `[Symbol.iterator]()` (the only computed names
                // whose value is known before the class is made).
                PropKey::Computed(e) => match &**e {
                    Expr::Member { obj, prop, .. }
                        if matches!(&**obj, Expr::Ident(n, _) if &**n == "Symbol")
                            && self.lookup(env, "Symbol").is_none()
                            && matches!(&**prop, "asyncIterator" | "iterator") =>
                    {
                        Rc::from(if &**prop == "iterator" { ITERATOR_KEY } else { ASYNC_ITERATOR_KEY })
                    }
                    _ => return err(pos, "a computed method name is not in the supported JavaScript subset"),
                },
            };
            let target = if m.is_static { self.func_props(ci) } else { proto };
            match m.kind {
                MemberKind::Method(f) | MemberKind::Getter(f) | MemberKind::Setter(f) => {
                    let mv = self.closure(f, env);
                    let Value::Func(mi) = mv else { unreachable!() };
                    self.closures[mi].home = Some(target);
                    match m.kind {
                        MemberKind::Method(_) => {
                            self.objs[target].props.retain(|p| p.key != key);
                            self.define_hidden(target, &key, mv);
                        }
                        MemberKind::Getter(_) => {
                            self.define_accessor(&Value::Obj(target), key, mv, true, false)
                        }
                        _ => self.define_accessor(&Value::Obj(target), key, mv, false, false),
                    }
                }
                MemberKind::Field(_) => {}
            }
        }
        Ok(Flow::Normal(ctor))
    }

    /// The object kind a constructor makes: walks up to the root class.
    fn root_kind(&self, mut f: Value) -> ObjKind {
        for _ in 0..1000 {
            match f {
                Value::Func(c) => match &self.closures[c].parent {
                    Some(p) => f = p.clone(),
                    None => return ObjKind::Plain,
                },
                Value::Builtin(Builtin::EventEmitter) => return ObjKind::Emitter(Vec::new()),
                Value::Builtin(Builtin::ErrorCtor(k)) => return ObjKind::Error(k.name().into()),
                _ => return ObjKind::Plain,
            }
        }
        ObjKind::Plain
    }

    /// `new f(...args)`.
    pub(super) fn construct(&mut self, f: Value, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
        match &f {
            Value::Func(c) => {
                let c = *c;
                let fi = self.closures[c].func;
                if matches!(
                    self.funcs[fi].kind,
                    FuncKind::Arrow | FuncKind::Method | FuncKind::Getter | FuncKind::Setter
                ) || self.funcs[fi].is_async
                    || self.funcs[fi].is_generator
                {
                    let name = self.funcs[fi].label();
                    return Ok(self.throw_type_error(format!("{name} is not a constructor")));
                }
                let kind = self.root_kind(f.clone());
                let proto = self.prototype_of(c);
                let mut obj = Obj::new(kind);
                obj.proto = Some(proto);
                self.objs.push(obj);
                let this = Value::Obj(self.objs.len() - 1);
                self.call_ctor(c, this, args, pos)
            }
            Value::Builtin(b) => self.construct_builtin(*b, args, pos),
            other => {
                let what = self.describe_value(other);
                Ok(self.throw_type_error(format!("{what} is not a constructor")))
            }
        }
    }

    fn call_ctor(&mut self, c: usize, this: Value, args: Vec<Value>, pos: Pos) -> Result<Flow, CodeError> {
        let _ = pos;
        Ok(match self.call_closure(c, this.clone(), args, true)? {
            Flow::Normal(v @ (Value::Obj(_) | Value::Func(_) | Value::Promise(_))) => Flow::Normal(v),
            Flow::Normal(_) => Flow::Normal(this),
            t => t,
        })
    }

    /// `super(...args)` in a derived constructor: runs the parent's constructor on `this`.
    pub(super) fn super_call(
        &mut self,
        parent: Value,
        this: Value,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        match parent {
            Value::Func(c) => self.call_ctor(c, this, args, pos),
            Value::Builtin(Builtin::EventEmitter) => Ok(Flow::Normal(Value::Undefined)),
            Value::Builtin(Builtin::ErrorCtor(_)) => {
                if let (Value::Obj(o), Some(m)) = (&this, args.first()) {
                    if !matches!(m, Value::Undefined) {
                        let m = match self.string_of(m, pos)? {
                            Ok(s) => s,
                            Err(e) => return Ok(Flow::Throw(e)),
                        };
                        self.objs[*o].props.push(Prop {
                            key: "message".into(),
                            value: Value::Str(m.into()),
                            getter: None,
                            setter: None,
                            enumerable: false,
                        });
                    }
                }
                Ok(Flow::Normal(Value::Undefined))
            }
            _ => err(pos, "`super()` of a class without a parent"),
        }
    }
}
