//! Calls (binding arguments to parameters, making generators and coroutines), classes
//! (creation, instances, `dataclass`), attributes and imports.

use std::rc::Rc;

use super::compile::Code;
use super::value::*;
use super::vm::{Ctx, Fault, Flow, Frame, Machine, Resume, MAX_CALL_DEPTH, X};
use super::{error, unsupported, Pos};
use crate::StepKind;

pub(super) type Kwargs = Vec<(Rc<str>, Value)>;

impl Machine {
    pub(super) fn call(&mut self, ctx: Ctx, f: &Value, args: Vec<Value>, kwargs: Kwargs) -> X<Value> {
        self.call_at(ctx, f, args, kwargs, Pos { line: 0, col: 0 })
    }

    pub(super) fn call_at(
        &mut self,
        ctx: Ctx,
        f: &Value,
        args: Vec<Value>,
        kwargs: Kwargs,
        pos: Pos,
    ) -> X<Value> {
        match f {
            Value::Func(func) => self.call_function(ctx, func, args, kwargs),
            Value::Bound(b) => {
                let mut a = Vec::with_capacity(args.len() + 1);
                a.push(b.0.clone());
                a.extend(args);
                self.call_at(ctx, &b.1, a, kwargs, pos)
            }
            Value::Builtin(b) => self.call_builtin(ctx, b, args, kwargs, pos),
            Value::Type(t) => self.call_type(ctx, t, args, kwargs, pos),
            Value::Class(c) => self.instantiate(ctx, c, args, kwargs),
            Value::Partial(p) => {
                let mut a = p.1.clone();
                a.extend(args);
                let mut kw: Kwargs = p.2.iter().map(|(k, v)| (Rc::from(k.as_str()), v.clone())).collect();
                for (k, v) in kwargs {
                    kw.retain(|(x, _)| *x != k);
                    kw.push((k, v));
                }
                self.call_at(ctx, &p.0, a, kw, pos)
            }
            Value::Inst(i) if i.class.lookup("__call__").is_some() => {
                let m = self.get_attr(ctx, f, "__call__")?;
                self.call_at(ctx, &m, args, kwargs, pos)
            }
            _ => {
                let t = self.type_name(f);
                self.raise("TypeError", format!("'{t}' object is not callable"))
            }
        }
    }

    fn qualname(code: &Code) -> String {
        match &code.class_name {
            Some(c) if !code.is_class => format!("{c}.{}", code.name),
            _ => code.name.clone(),
        }
    }

    /// A new frame for `func` with the arguments bound to its parameters.
    #[allow(clippy::needless_range_loop)]
    pub(super) fn bind(&mut self, func: &Rc<Function>, args: Vec<Value>, kwargs: Kwargs) -> X<Frame> {
        let code = &func.code;
        let scope = Scope::new(func.closure.clone());
        let name = Self::qualname(code);
        let npos = code.positional;
        let mut slots: Vec<Option<Value>> = vec![None; code.params.len()];
        let given = args.len();
        let mut extra = vec![];
        for (i, a) in args.into_iter().enumerate() {
            if i < npos {
                slots[i] = Some(a);
            } else {
                extra.push(a);
            }
        }
        if !extra.is_empty() && code.varargs.is_none() {
            let s = if npos == 1 { "" } else { "s" };
            let verb = if given == 1 { "was" } else { "were" };
            let ndef = func.defaults.len();
            let takes = if ndef > 0 { format!("from {} to {npos}", npos - ndef) } else { npos.to_string() };
            return self.raise(
                "TypeError",
                format!("{name}() takes {takes} positional argument{s} but {given} {verb} given"),
            );
        }
        let kwd = Value::Dict(new_ref(Dict::default()));
        for (k, v) in kwargs {
            match code.params.iter().position(|p| **p == *k) {
                Some(i) => {
                    if slots[i].is_some() {
                        return self
                            .raise("TypeError", format!("{name}() got multiple values for argument '{k}'"));
                    }
                    slots[i] = Some(v);
                }
                None if code.varkw.is_some() => self.dict_set(&kwd, Value::Str(k), v)?,
                None => {
                    return self
                        .raise("TypeError", format!("{name}() got an unexpected keyword argument '{k}'"))
                }
            }
        }
        let ndef = func.defaults.len();
        for i in 0..npos {
            if slots[i].is_none() && i + ndef >= npos {
                slots[i] = Some(func.defaults[i + ndef - npos].clone());
            }
        }
        for i in npos..code.params.len() {
            if slots[i].is_none() {
                if let Some((_, v)) = func.kwdefaults.iter().find(|(k, _)| *k == code.params[i]) {
                    slots[i] = Some(v.clone());
                }
            }
        }
        let missing: Vec<String> =
            (0..npos).filter(|&i| slots[i].is_none()).map(|i| format!("'{}'", code.params[i])).collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            return self.raise(
                "TypeError",
                format!(
                    "{name}() missing {} required positional argument{s}: {}",
                    missing.len(),
                    join_names(&missing)
                ),
            );
        }
        let missing: Vec<String> = (npos..code.params.len())
            .filter(|&i| slots[i].is_none())
            .map(|i| format!("'{}'", code.params[i]))
            .collect();
        if !missing.is_empty() {
            let s = if missing.len() == 1 { "" } else { "s" };
            return self.raise(
                "TypeError",
                format!(
                    "{name}() missing {} required keyword-only argument{s}: {}",
                    missing.len(),
                    join_names(&missing)
                ),
            );
        }
        for (p, v) in code.params.iter().zip(slots) {
            scope.set(p, v.unwrap_or(Value::None));
        }
        if let Some(va) = &code.varargs {
            scope.set(va, Value::tuple(extra));
        }
        if let Some(vk) = &code.varkw {
            scope.set(vk, kwd);
        }
        Ok(Frame::new(Rc::clone(code), scope, Rc::clone(&func.globals), Some(Rc::clone(func))))
    }

    pub(super) fn call_function(
        &mut self,
        ctx: Ctx,
        func: &Rc<Function>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> X<Value> {
        let mut frame = self.bind(func, args, kwargs)?;
        let code = Rc::clone(&func.code);
        if code.is_async || code.is_gen {
            let kind = match (code.is_async, code.is_gen) {
                (true, true) => GenKind::AsyncGen,
                (true, false) => GenKind::Coroutine,
                _ => GenKind::Generator,
            };
            let g = Gen {
                kind,
                frame: Some(Box::new(frame)),
                started: false,
                finished: false,
                name: func.name.borrow().clone(),
                awaited: false,
                returned: Value::None,
            };
            return Ok(Value::Gen(new_ref(g)));
        }
        if self.depth >= MAX_CALL_DEPTH {
            return Err(Fault::Code(error(
                Pos { line: frame.line, col: 1 },
                format!("calls nested more than {MAX_CALL_DEPTH} deep are not supported by the code lab (CPython's limit is about 1000)"),
            )));
        }
        let shown = !code.internal && !code.name.starts_with('<');
        if shown {
            let mut stack = self.stack_labels(ctx, None);
            stack.push(format!("{}()", code.name));
            self.record(StepKind::Call { name: format!("{}()", code.name) }, code.line, stack)?;
        }
        self.depth += 1;
        let r = self.exec(ctx, &mut frame, Resume::Start);
        self.depth -= 1;
        let v = match r? {
            Flow::Return(v) => v,
            Flow::Yield(_) | Flow::Await(..) => {
                return Err(Fault::Code(error(
                    Pos { line: frame.line, col: 1 },
                    "internal: a plain function suspended",
                )))
            }
        };
        if shown {
            let stack = self.stack_labels(ctx, None);
            self.record(StepKind::Return { name: format!("{}()", code.name) }, 0, stack)?;
        }
        Ok(v)
    }

    pub(super) fn instantiate(
        &mut self,
        ctx: Ctx,
        cls: &Rc<Class>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> X<Value> {
        let inst = Rc::new(Inst { class: Rc::clone(cls), dict: Default::default() });
        let obj = Value::Inst(Rc::clone(&inst));
        if cls.derives("BaseException") {
            inst.set("args", Value::tuple(args.clone()));
        }
        match cls.lookup("__init__") {
            Some(init) => {
                let r = self.call(ctx, &Value::Bound(Rc::new((obj.clone(), init))), args, kwargs)?;
                if !matches!(r, Value::None) {
                    return self.raise("TypeError", "__init__() should return None");
                }
            }
            None if cls.lookup("__dataclass_fields__").is_some() => {
                self.dataclass_init(ctx, cls, &inst, args, kwargs)?
            }
            None if !args.is_empty() || !kwargs.is_empty() => {
                return self.raise("TypeError", format!("{}() takes no arguments", cls.name));
            }
            None => {}
        }
        Ok(obj)
    }

    /// `@dataclass`'s `__init__`: the annotated fields in order, with their defaults.
    fn dataclass_init(
        &mut self,
        ctx: Ctx,
        cls: &Rc<Class>,
        inst: &Rc<Inst>,
        args: Vec<Value>,
        kwargs: Kwargs,
    ) -> X<()> {
        let Some(Value::Tuple(fields)) = cls.lookup("__dataclass_fields__") else { return Ok(()) };
        let mut args = args.into_iter();
        let mut kwargs = kwargs;
        for f in fields.iter() {
            let Value::Tuple(spec) = f else { continue };
            let (Some(Value::Str(name)), Some(default), Some(factory)) =
                (spec.first(), spec.get(1), spec.get(2))
            else {
                continue;
            };
            let v = if let Some(v) = args.next() {
                if let Some(i) = kwargs.iter().position(|(k, _)| k == name) {
                    let _ = kwargs.remove(i);
                    return self.raise(
                        "TypeError",
                        format!("{}.__init__() got multiple values for argument '{name}'", cls.name),
                    );
                }
                v
            } else if let Some(i) = kwargs.iter().position(|(k, _)| k == name) {
                kwargs.remove(i).1
            } else if !matches!(factory, Value::Ellipsis) {
                self.call(ctx, factory, vec![], vec![])?
            } else if !matches!(default, Value::Ellipsis) {
                default.clone()
            } else {
                return self.raise(
                    "TypeError",
                    format!("{}.__init__() missing 1 required positional argument: '{name}'", cls.name),
                );
            };
            inst.set(name, v);
        }
        if args.next().is_some() {
            return self
                .raise("TypeError", format!("{}.__init__() takes too many positional arguments", cls.name));
        }
        if let Some((k, _)) = kwargs.first() {
            return self.raise(
                "TypeError",
                format!("{}.__init__() got an unexpected keyword argument '{k}'", cls.name),
            );
        }
        if let Some(post) = cls.lookup("__post_init__") {
            self.call(ctx, &Value::Bound(Rc::new((Value::Inst(Rc::clone(inst)), post))), vec![], vec![])?;
        }
        Ok(())
    }

    pub(super) fn make_class(
        &mut self,
        ctx: Ctx,
        code: Rc<Code>,
        bases: Vec<Value>,
        closure: Option<Rc<Scope>>,
        globals: Rc<Scope>,
    ) -> X<Value> {
        let mut base_classes = vec![];
        for b in bases {
            match b {
                Value::Class(c) => base_classes.push(c),
                Value::Type("object") => {}
                Value::Type(t) => {
                    return Err(unsupported(
                        Pos { line: code.line, col: 1 },
                        &format!("subclassing the builtin `{t}` is"),
                    )
                    .into())
                }
                other => {
                    let t = self.type_name(&other);
                    return Err(unsupported(
                        Pos { line: code.line, col: 1 },
                        &format!("a class deriving from a `{t}` is"),
                    )
                    .into());
                }
            }
        }
        let mro = c3(&base_classes).ok_or_else(|| {
            error(
                Pos { line: code.line, col: 1 },
                "TypeError: Cannot create a consistent method resolution order (MRO)",
            )
        })?;
        let scope = Scope::new(closure);
        scope.set("__qualname__", Value::str(&code.name));
        let mut frame = Frame::new(Rc::clone(&code), Rc::clone(&scope), globals, None);
        self.depth += 1;
        let r = self.exec(ctx, &mut frame, Resume::Start);
        self.depth -= 1;
        r?;
        let mut names: Vec<(String, Value)> =
            scope.vars.borrow().iter().map(|(k, v)| (k.to_string(), v.clone())).collect();
        names.sort_by(|a, b| a.0.cmp(&b.0));
        let cls = Rc::new(Class {
            name: code.name.clone(),
            mro,
            dict: std::cell::RefCell::new(names),
            internal: code.internal,
        });
        for (_, v) in cls.dict.borrow().iter() {
            let f = match v {
                Value::Func(f) => Some(f),
                Value::StaticMethod(x) | Value::ClassMethod(x) => match &**x {
                    Value::Func(f) => Some(f),
                    _ => None,
                },
                Value::Property(p) => match &p.0 {
                    Value::Func(f) => Some(f),
                    _ => None,
                },
                _ => None,
            };
            if let Some(f) = f {
                *f.owner.borrow_mut() = Some(Rc::downgrade(&cls));
            }
        }
        Ok(Value::Class(cls))
    }

    pub(super) fn get_attr(&mut self, ctx: Ctx, obj: &Value, name: &str) -> X<Value> {
        match obj {
            Value::Inst(i) => {
                if name == "__class__" {
                    return Ok(Value::Class(Rc::clone(&i.class)));
                }
                let cattr = i.class.lookup(name);
                if let Some(Value::Property(p)) = &cattr {
                    return self.call(ctx, &p.0, vec![obj.clone()], vec![]);
                }
                if let Some(v) = i.get(name) {
                    return Ok(v);
                }
                if let Some(v) = cattr {
                    return Ok(bind_attr(v, obj, &i.class));
                }
                if let Some(ga) = i.class.lookup("__getattr__") {
                    return self.call(ctx, &ga, vec![obj.clone(), Value::str(name)], vec![]);
                }
                self.raise("AttributeError", format!("'{}' object has no attribute '{name}'", i.class.name))
            }
            Value::Class(c) => {
                if name == "__name__" || name == "__qualname__" {
                    return Ok(Value::str(&c.name));
                }
                match c.lookup(name) {
                    Some(Value::ClassMethod(f)) => Ok(Value::Bound(Rc::new((obj.clone(), (*f).clone())))),
                    Some(Value::StaticMethod(f)) => Ok((*f).clone()),
                    Some(v) => Ok(v),
                    None => self.raise(
                        "AttributeError",
                        format!("type object '{}' has no attribute '{name}'", c.name),
                    ),
                }
            }
            Value::Super(s) => {
                let (cls, this) = (&s.0, &s.1);
                let start = match this {
                    Value::Inst(i) => Rc::clone(&i.class),
                    Value::Class(c) => Rc::clone(c),
                    _ => Rc::clone(cls),
                };
                let mut order = vec![Rc::clone(&start)];
                order.extend(start.mro.iter().cloned());
                let at = order.iter().position(|c| Rc::ptr_eq(c, cls)).map_or(order.len(), |p| p + 1);
                for c in &order[at..] {
                    if let Some(v) = c.own(name) {
                        return Ok(match v {
                            Value::Property(p) => return self.call(ctx, &p.0, vec![this.clone()], vec![]),
                            v => bind_attr(v, this, &start),
                        });
                    }
                }
                if name == "__init__" {
                    // object.__init__
                    return Ok(Value::Builtin(Rc::new(Builtin { name: "object.__init__", this: None })));
                }
                self.raise("AttributeError", format!("'super' object has no attribute '{name}'"))
            }
            Value::Module(m) => {
                let v = m.attrs.borrow().get(name).cloned();
                match v {
                    Some(v) => Ok(v),
                    None => Err(unsupported(self.here(), &format!("`{}.{name}` is", m.name)).into()),
                }
            }
            Value::Func(f) => match name {
                "__name__" | "__qualname__" => Ok(Value::str(&f.name.borrow())),
                "__doc__" => Ok(Value::None),
                _ => Err(unsupported(self.here(), &format!("the function attribute `{name}` is")).into()),
            },
            Value::Bound(b) if name == "__name__" => self.get_attr(ctx, &b.1, name),
            Value::Bound(b) if name == "__self__" => Ok(b.0.clone()),
            Value::Builtin(b) if name == "__name__" => {
                Ok(Value::str(b.name.rsplit('.').next().unwrap_or(b.name)))
            }
            Value::Type(t) if name == "__name__" => Ok(Value::str(t)),
            Value::Gen(g) if name == "__name__" || name == "__qualname__" => Ok(Value::str(&g.borrow().name)),
            _ => match self.method(obj, name) {
                Some(v) => Ok(v),
                None => {
                    let t = self.type_name(obj);
                    if matches!(
                        obj,
                        Value::Fut(_) | Value::Loop(_) | Value::Gen(_) | Value::Handle(_) | Value::Type(_)
                    ) {
                        return Err(unsupported(self.here(), &format!("`{t}.{name}` is")).into());
                    }
                    self.raise("AttributeError", format!("'{t}' object has no attribute '{name}'"))
                }
            },
        }
    }

    pub(super) fn here(&self) -> Pos {
        let line = self.current.map_or(self.module_line, |t| self.tasks[t].line);
        Pos { line, col: 1 }
    }

    pub(super) fn set_attr(&mut self, ctx: Ctx, obj: &Value, name: &str, v: Value) -> X<()> {
        match obj {
            Value::Inst(i) => {
                if let Some(Value::Property(p)) = i.class.lookup(name) {
                    return match &p.1 {
                        Some(setter) => self.call(ctx, setter, vec![obj.clone(), v], vec![]).map(|_| ()),
                        None => self.raise(
                            "AttributeError",
                            format!("property '{name}' of '{}' object has no setter", i.class.name),
                        ),
                    };
                }
                i.set(name, v);
                Ok(())
            }
            Value::Class(c) => {
                c.set(name, v);
                Ok(())
            }
            Value::Func(f) if name == "__name__" || name == "__qualname__" => {
                if let Value::Str(s) = v {
                    *f.name.borrow_mut() = s.to_string();
                }
                Ok(())
            }
            Value::Func(_) | Value::Fut(_) | Value::Module(_) => {
                let t = self.type_name(obj);
                Err(unsupported(self.here(), &format!("setting attributes on a `{t}` is")).into())
            }
            _ => {
                let t = self.type_name(obj);
                self.raise("AttributeError", format!("'{t}' object has no attribute '{name}'"))
            }
        }
    }

    pub(super) fn import(&mut self, name: &str, pos: Pos) -> X<Value> {
        if let Some(m) = self.modules.get(name) {
            return Ok(m.clone());
        }
        let why = match name {
            "threading" | "multiprocessing" | "concurrent.futures" | "concurrent" => {
                "threads and processes are"
            }
            "socket" | "ssl" | "aiohttp" | "requests" | "httpx" | "urllib" | "urllib.request" => {
                "network modules are"
            }
            "sys" | "os" => "the `sys` and `os` modules are",
            _ => "",
        };
        if !why.is_empty() {
            return Err(unsupported(pos, why).into());
        }
        Err(unsupported(pos, &format!("the module `{name}` is")).into())
    }
}

/// A class attribute as seen through an instance: functions bind.
fn bind_attr(v: Value, obj: &Value, cls: &Rc<Class>) -> Value {
    match v {
        Value::Func(_) | Value::Builtin(_) | Value::Partial(_) => match &v {
            Value::Partial(_) => v,
            _ => Value::Bound(Rc::new((obj.clone(), v))),
        },
        Value::StaticMethod(f) => (*f).clone(),
        Value::ClassMethod(f) => Value::Bound(Rc::new((Value::Class(Rc::clone(cls)), (*f).clone()))),
        v => v,
    }
}

fn join_names(names: &[String]) -> String {
    match names {
        [a] => a.clone(),
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
        [] => String::new(),
    }
}

/// C3 linearization of the bases (the MRO after the class itself).
fn c3(bases: &[Rc<Class>]) -> Option<Vec<Rc<Class>>> {
    let mut seqs: Vec<Vec<Rc<Class>>> = bases
        .iter()
        .map(|b| {
            let mut v = vec![Rc::clone(b)];
            v.extend(b.mro.iter().cloned());
            v
        })
        .collect();
    seqs.push(bases.to_vec());
    let mut out: Vec<Rc<Class>> = vec![];
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Some(out);
        }
        let head = seqs
            .iter()
            .map(|s| Rc::clone(&s[0]))
            .find(|h| !seqs.iter().any(|s| s[1..].iter().any(|x| Rc::ptr_eq(x, h))))?;
        for s in &mut seqs {
            if Rc::ptr_eq(&s[0], &head) {
                s.remove(0);
            }
        }
        out.push(head);
    }
}
