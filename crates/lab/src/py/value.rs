//! Values and the objects they point to: functions and their scopes, classes and instances,
//! generators and coroutines, iterators, modules.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use super::compile::Code;
use super::vm::Frame;

pub(super) type Ref<T> = Rc<RefCell<T>>;

pub(super) fn new_ref<T>(x: T) -> Ref<T> {
    Rc::new(RefCell::new(x))
}

#[derive(Clone, Debug)]
pub(super) enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(Rc<str>),
    Ellipsis,
    Tuple(Rc<Vec<Value>>),
    List(Ref<Vec<Value>>),
    Dict(Ref<Dict>),
    /// Kept in insertion order; printing or iterating one is refused unless the order is
    /// CPython's (see `print`).
    Set(Ref<Vec<Value>>),
    Range(i64, i64, i64),
    Slice(Rc<[Value; 3]>),
    Func(Rc<Function>),
    /// A builtin function or a builtin method bound to its object.
    Builtin(Rc<Builtin>),
    /// A method bound to its instance: (self, function).
    Bound(Rc<(Value, Value)>),
    Class(Rc<Class>),
    Inst(Rc<Inst>),
    Module(Rc<Module>),
    Iter(Ref<Iter>),
    /// A generator, a coroutine or an async generator.
    Gen(Ref<Gen>),
    /// The awaitable of an async generator's `__anext__()`.
    ANext(Ref<Gen>),
    /// An asyncio future or task (index into the machine's futures).
    Fut(usize),
    /// `asyncio.sleep(delay, result)`'s coroutine: delay in µs (`None`: a bare yield), its label.
    Sleep(Rc<(Option<u64>, Value, String)>, Ref<bool>),
    /// A timer handle from `call_later`/`call_at` (or a handle from `call_soon`).
    Handle(usize),
    /// The running event loop.
    Loop(usize),
    Property(Rc<(Value, Option<Value>)>),
    StaticMethod(Rc<Value>),
    ClassMethod(Rc<Value>),
    /// `functools.partial(func, *args, **kwargs)`.
    Partial(Rc<PartialFn>),
    /// `super()`: the class whose parents are searched, and the instance.
    Super(Rc<(Rc<Class>, Value)>),
    /// A native type used as a value (`int`, `str`, `list`, …): its name.
    Type(&'static str),
}

impl Value {
    pub(super) fn str(s: &str) -> Value {
        Value::Str(Rc::from(s))
    }

    pub(super) fn tuple(items: Vec<Value>) -> Value {
        Value::Tuple(Rc::new(items))
    }

    pub(super) fn list(items: Vec<Value>) -> Value {
        Value::List(new_ref(items))
    }
}

/// A `functools.partial`: the function, its bound positional and keyword arguments.
pub(super) type PartialFn = (Value, Vec<Value>, Vec<(String, Value)>);

#[derive(Debug, Default)]
pub(super) struct Dict {
    pub(super) items: Vec<(Value, Value)>,
}

/// A function's variables, and the scope of the function it was defined in.
#[derive(Debug, Default)]
pub(super) struct Scope {
    pub(super) vars: RefCell<HashMap<Rc<str>, Value>>,
    pub(super) parent: Option<Rc<Scope>>,
}

impl Scope {
    pub(super) fn new(parent: Option<Rc<Scope>>) -> Rc<Scope> {
        Rc::new(Scope { vars: RefCell::new(HashMap::new()), parent })
    }

    pub(super) fn get(&self, name: &str) -> Option<Value> {
        self.vars.borrow().get(name).cloned()
    }

    pub(super) fn set(&self, name: &str, v: Value) {
        self.vars.borrow_mut().insert(Rc::from(name), v);
    }

    pub(super) fn up(self: &Rc<Scope>, depth: usize) -> Option<Rc<Scope>> {
        let mut s = Rc::clone(self);
        for _ in 0..depth {
            s = Rc::clone(s.parent.as_ref()?);
        }
        Some(s)
    }
}

#[derive(Debug)]
pub(super) struct Function {
    pub(super) code: Rc<Code>,
    pub(super) defaults: Vec<Value>,
    pub(super) kwdefaults: Vec<(String, Value)>,
    pub(super) closure: Option<Rc<Scope>>,
    pub(super) globals: Rc<Scope>,
    /// Attributes set on the function (`functools.wraps`), e.g. `__name__`.
    pub(super) name: RefCell<String>,
    /// The class whose body defined it (for `super()`).
    pub(super) owner: RefCell<Option<std::rc::Weak<Class>>>,
}

#[derive(Debug)]
pub(super) struct Builtin {
    pub(super) name: &'static str,
    /// The object a builtin method is bound to.
    pub(super) this: Option<Value>,
}

#[derive(Debug)]
pub(super) struct Class {
    pub(super) name: String,
    /// The method resolution order after the class itself.
    pub(super) mro: Vec<Rc<Class>>,
    /// In definition order (dataclass fields are in it).
    pub(super) dict: RefCell<Vec<(String, Value)>>,
    /// Defined by the runtime (asyncio's classes, exceptions), not the program.
    pub(super) internal: bool,
}

impl Class {
    pub(super) fn own(&self, name: &str) -> Option<Value> {
        self.dict.borrow().iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub(super) fn set(&self, name: &str, v: Value) {
        let mut d = self.dict.borrow_mut();
        match d.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = v,
            None => d.push((name.to_string(), v)),
        }
    }

    /// Looks `name` up in the class and its MRO.
    pub(super) fn lookup(&self, name: &str) -> Option<Value> {
        self.own(name).or_else(|| self.mro.iter().find_map(|c| c.own(name)))
    }

    pub(super) fn is_sub(self: &Rc<Class>, other: &Rc<Class>) -> bool {
        Rc::ptr_eq(self, other) || self.mro.iter().any(|c| Rc::ptr_eq(c, other))
    }

    pub(super) fn derives(&self, name: &str) -> bool {
        self.name == name || self.mro.iter().any(|c| c.name == name && c.internal)
    }
}

#[derive(Debug)]
pub(super) struct Inst {
    pub(super) class: Rc<Class>,
    pub(super) dict: RefCell<Vec<(String, Value)>>,
}

impl Inst {
    pub(super) fn get(&self, name: &str) -> Option<Value> {
        self.dict.borrow().iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    pub(super) fn set(&self, name: &str, v: Value) {
        let mut d = self.dict.borrow_mut();
        match d.iter_mut().find(|(k, _)| k == name) {
            Some(slot) => slot.1 = v,
            None => d.push((name.to_string(), v)),
        }
    }
}

#[derive(Debug)]
pub(super) struct Module {
    pub(super) name: String,
    pub(super) attrs: RefCell<HashMap<String, Value>>,
}

#[derive(Debug)]
pub(super) enum Iter {
    /// Over a list, a tuple, a str's chars, a dict's keys (a snapshot) or a range.
    Seq(Value, usize),
    Range(i64, i64, i64),
    Enumerate(Value, i64),
    Zip(Vec<Value>),
    Map(Value, Vec<Value>),
    Filter(Value, Value),
    Reversed(Vec<Value>),
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum GenKind {
    Generator,
    Coroutine,
    AsyncGen,
}

#[derive(Debug)]
pub(super) struct Gen {
    pub(super) kind: GenKind,
    /// `None` while it runs (its frame is on a task's stack or a Rust call), or when finished.
    pub(super) frame: Option<Box<Frame>>,
    pub(super) started: bool,
    pub(super) finished: bool,
    pub(super) name: String,
    /// Awaited (or given to a task) already.
    pub(super) awaited: bool,
    /// What a finished generator returned (`StopIteration.value`).
    pub(super) returned: Value,
}
