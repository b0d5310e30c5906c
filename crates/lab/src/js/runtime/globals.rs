//! The global names (`console`, `process`, `setTimeout`, `Promise`, `Object`, `Math`, `JSON`,
//! `Error` and its subclasses, `require`) and the built-in modules `events`, `util`, `timers`,
//! `timers/promises` and `process`: what each name and member is, and calling them.

use std::rc::Rc;

use super::promises::ComboKind;
use crate::js::lexer::{err, unsupported, Pos};
use crate::js::objects::{Obj, ObjKind};
use crate::js::ops::string_to_number;
use crate::js::vm::{Flow, Value, Vm};
use crate::CodeError;

#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::js) enum ErrKind {
    Error,
    Type,
    Range,
    Reference,
    Syntax,
    Uri,
    Eval,
    Aggregate,
}

impl ErrKind {
    pub(in crate::js) fn name(self) -> &'static str {
        match self {
            ErrKind::Error => "Error",
            ErrKind::Type => "TypeError",
            ErrKind::Range => "RangeError",
            ErrKind::Reference => "ReferenceError",
            ErrKind::Syntax => "SyntaxError",
            ErrKind::Uri => "URIError",
            ErrKind::Eval => "EvalError",
            ErrKind::Aggregate => "AggregateError",
        }
    }
    pub(in crate::js) fn is_base_of(self, base: &str) -> bool {
        self == ErrKind::Error || self.name() == base
    }
    fn from_name(s: &str) -> Option<ErrKind> {
        [
            ErrKind::Error,
            ErrKind::Type,
            ErrKind::Range,
            ErrKind::Reference,
            ErrKind::Syntax,
            ErrKind::Uri,
            ErrKind::Eval,
            ErrKind::Aggregate,
        ]
        .into_iter()
        .find(|k| k.name() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(in crate::js) enum Builtin {
    /// `globalThis` (what a sloppy-mode function gets as `this`).
    GlobalThis,
    Console,
    Log,
    /// `console.error`/`warn`: standard error, not in the printed lines.
    LogErr,
    Process,
    NextTick,
    ProcessOn,
    SetTimeout,
    SetInterval,
    SetImmediate,
    ClearTimeout,
    ClearImmediate,
    QueueMicrotask,
    Promise,
    PromiseResolve,
    PromiseReject,
    PromiseAll,
    PromiseAllSettled,
    PromiseRace,
    PromiseAny,
    PromiseTimeout,
    PromiseImmediate,
    Require,
    Util,
    Promisify,
    Callbackify,
    TimersPromises,
    Timers,
    EventEmitter,
    /// `AbortController` (see `abort.rs`).
    AbortController,
    EventsOnce,
    EventsOn,
    PromiseInterval,
    /// `Symbol` (only its well-known `asyncIterator` and `iterator` are modelled).
    Symbol,
    SymbolAsyncIterator,
    SymbolIterator,
    Object,
    ObjectKeys,
    ObjectValues,
    ObjectEntries,
    ObjectAssign,
    Array,
    ArrayIsArray,
    ArrayOf,
    Math,
    MathFn(&'static str),
    Json,
    JsonStringify,
    Number,
    NumberIsInteger,
    StringCtor,
    Boolean,
    Function,
    ErrorCtor(ErrKind),
    ParseInt,
    ParseFloat,
    IsNaN,
}

impl Builtin {
    pub(in crate::js) fn callable(self) -> bool {
        !matches!(
            self,
            Builtin::GlobalThis
                | Builtin::Console
                | Builtin::Process
                | Builtin::Math
                | Builtin::Json
                | Builtin::Util
                | Builtin::TimersPromises
                | Builtin::Timers
                | Builtin::SymbolAsyncIterator
                | Builtin::SymbolIterator
        )
    }
    pub(in crate::js) fn name(self) -> String {
        match self {
            Builtin::Log => "log".into(),
            Builtin::LogErr => "error".into(),
            Builtin::NextTick => "nextTick".into(),
            Builtin::SetTimeout | Builtin::PromiseTimeout => "setTimeout".into(),
            Builtin::SetInterval => "setInterval".into(),
            Builtin::SetImmediate | Builtin::PromiseImmediate => "setImmediate".into(),
            Builtin::ClearTimeout => "clearTimeout".into(),
            Builtin::ClearImmediate => "clearImmediate".into(),
            Builtin::QueueMicrotask => "queueMicrotask".into(),
            Builtin::PromiseResolve => "resolve".into(),
            Builtin::PromiseReject => "reject".into(),
            Builtin::PromiseAll => "all".into(),
            Builtin::EventEmitter => "EventEmitter".into(),
            Builtin::AbortController => "AbortController".into(),
            Builtin::ErrorCtor(k) => k.name().into(),
            Builtin::MathFn(f) => f.into(),
            other => format!("{other:?}"),
        }
    }
}

#[rustfmt::skip]
const NODE_GLOBALS: [&str; 168] = ["AbortController", "AbortSignal", "AggregateError", "Array", "ArrayBuffer", "Atomics", "BigInt", "BigInt64Array", "BigUint64Array", "Blob", "Boolean", "BroadcastChannel", "Buffer", "ByteLengthQueuingStrategy", "CompressionStream", "CountQueuingStrategy", "Crypto", "CryptoKey", "CustomEvent", "DOMException", "DataView", "Date", "DecompressionStream", "Error", "EvalError", "Event", "EventTarget", "File", "FinalizationRegistry", "Float32Array", "Float64Array", "FormData", "Function", "Headers", "Infinity", "Int16Array", "Int32Array", "Int8Array", "Intl", "JSON", "Map", "Math", "MessageChannel", "MessageEvent", "MessagePort", "NaN", "Number", "Object", "Performance", "PerformanceEntry", "PerformanceMark", "PerformanceMeasure", "PerformanceObserver", "PerformanceObserverEntryList", "PerformanceResourceTiming", "Promise", "Proxy", "RangeError", "ReadableByteStreamController", "ReadableStream", "ReadableStreamBYOBReader", "ReadableStreamBYOBRequest", "ReadableStreamDefaultController", "ReadableStreamDefaultReader", "ReferenceError", "Reflect", "RegExp", "Request", "Response", "Set", "SharedArrayBuffer", "String", "SubtleCrypto", "Symbol", "SyntaxError", "TextDecoder", "TextDecoderStream", "TextEncoder", "TextEncoderStream", "TransformStream", "TransformStreamDefaultController", "TypeError", "URIError", "URL", "URLSearchParams", "Uint16Array", "Uint32Array", "Uint8Array", "Uint8ClampedArray", "WeakMap", "WeakRef", "WeakSet", "WebAssembly", "WritableStream", "WritableStreamDefaultController", "WritableStreamDefaultWriter", "__dirname", "__filename", "assert", "async_hooks", "atob", "btoa", "buffer", "child_process", "clearImmediate", "clearInterval", "clearTimeout", "cluster", "console", "constants", "crypto", "decodeURI", "decodeURIComponent", "dgram", "diagnostics_channel", "dns", "domain", "encodeURI", "encodeURIComponent", "escape", "eval", "events", "exports", "fetch", "fs", "global", "globalThis", "http", "http2", "https", "inspector", "isFinite", "isNaN", "module", "net", "os", "parseFloat", "parseInt", "path", "perf_hooks", "performance", "process", "punycode", "querystring", "queueMicrotask", "readline", "repl", "require", "setImmediate", "setInterval", "setTimeout", "stream", "string_decoder", "structuredClone", "sys", "timers", "tls", "trace_events", "tty", "undefined", "unescape", "url", "util", "v8", "vm", "wasi", "worker_threads", "zlib"];

/// `Object.getOwnPropertyNames` of `JSON` and of `Object.prototype` in Node 20.
const JSON_AND_OBJECT_NAMES: [&str; 14] = [
    "parse",
    "stringify",
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "hasOwnProperty",
    "__lookupGetter__",
    "__lookupSetter__",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toString",
    "valueOf",
    "__proto__",
    "toLocaleString",
];

const MATH_FNS: [&str; 16] = [
    "floor", "ceil", "round", "trunc", "abs", "sqrt", "max", "min", "pow", "sign", "log", "exp", "cbrt",
    "log2", "log10", "hypot",
];

impl Vm<'_> {
    pub(in crate::js) fn global(&self, name: &str) -> Option<Value> {
        Some(Value::Builtin(match name {
            "console" => Builtin::Console,
            "process" => Builtin::Process,
            "setTimeout" => Builtin::SetTimeout,
            "setInterval" => Builtin::SetInterval,
            "setImmediate" => Builtin::SetImmediate,
            "clearTimeout" | "clearInterval" => Builtin::ClearTimeout,
            "clearImmediate" => Builtin::ClearImmediate,
            "queueMicrotask" => Builtin::QueueMicrotask,
            "Promise" => Builtin::Promise,
            "AbortController" => Builtin::AbortController,
            "Symbol" => Builtin::Symbol,
            "require" if !self.program.module => Builtin::Require,
            crate::js::modules::LOAD_BUILTIN => Builtin::Require,
            "Object" => Builtin::Object,
            "Array" => Builtin::Array,
            "Math" => Builtin::Math,
            "JSON" => Builtin::Json,
            "Number" => Builtin::Number,
            "String" => Builtin::StringCtor,
            "Boolean" => Builtin::Boolean,
            "Function" => Builtin::Function,
            "parseInt" => Builtin::ParseInt,
            "parseFloat" => Builtin::ParseFloat,
            "isNaN" => Builtin::IsNaN,
            "undefined" => return Some(Value::Undefined),
            "NaN" => return Some(Value::Num(f64::NAN)),
            "Infinity" => return Some(Value::Num(f64::INFINITY)),
            n => Builtin::ErrorCtor(ErrKind::from_name(n)?),
        }))
    }

    /// A global Node has (`Object.getOwnPropertyNames(globalThis)` in Node 20, plus the module
    /// scope's names) that the lab does not model: using it is refused, never guessed.
    pub(in crate::js) fn known_unsupported_global(&self, name: &str) -> bool {
        let cjs_scope = matches!(name, "module" | "exports" | "__dirname" | "__filename" | "require");
        if self.program.module {
            return !cjs_scope && NODE_GLOBALS.contains(&name);
        }
        NODE_GLOBALS.contains(&name) || cjs_scope
    }

    /// A member of a built-in value or namespace, or a method of a value (`Bound`).
    pub(in crate::js) fn builtin_member(
        &mut self,
        v: &Value,
        key: &str,
        pos: Pos,
    ) -> Result<Value, CodeError> {
        let b = |b: Builtin| Ok(Value::Builtin(b));
        let bound = |key: &str| Ok(Value::Bound(Rc::new((v.clone(), Rc::from(key)))));
        match (v, key) {
            (Value::Builtin(Builtin::Console), "log" | "info" | "debug") => return b(Builtin::Log),
            (Value::Builtin(Builtin::Console), "error" | "warn" | "trace") => return b(Builtin::LogErr),
            (Value::Builtin(Builtin::Process), "nextTick") => return b(Builtin::NextTick),
            (Value::Builtin(Builtin::Process), "on" | "once" | "addListener") => {
                return b(Builtin::ProcessOn)
            }
            (Value::Builtin(Builtin::Promise), "resolve") => return b(Builtin::PromiseResolve),
            (Value::Builtin(Builtin::Promise), "reject") => return b(Builtin::PromiseReject),
            (Value::Builtin(Builtin::Promise), "all") => return b(Builtin::PromiseAll),
            (Value::Builtin(Builtin::Promise), "allSettled") => return b(Builtin::PromiseAllSettled),
            (Value::Builtin(Builtin::Promise), "race") => return b(Builtin::PromiseRace),
            (Value::Builtin(Builtin::Promise), "any") => return b(Builtin::PromiseAny),
            // Newer than Node 20, which the lab models: there they are undefined (calling one
            // throws a TypeError).
            (Value::Builtin(Builtin::Promise), "try" | "withResolvers") => return Ok(Value::Undefined),
            (Value::Builtin(Builtin::Util), "promisify") => return b(Builtin::Promisify),
            (Value::Builtin(Builtin::Util), "callbackify") => return b(Builtin::Callbackify),
            (Value::Builtin(Builtin::TimersPromises), "setTimeout") => return b(Builtin::PromiseTimeout),
            (Value::Builtin(Builtin::TimersPromises), "setImmediate") => return b(Builtin::PromiseImmediate),
            (Value::Builtin(Builtin::Timers), "setTimeout") => return b(Builtin::SetTimeout),
            (Value::Builtin(Builtin::Timers), "setInterval") => return b(Builtin::SetInterval),
            (Value::Builtin(Builtin::Timers), "setImmediate") => return b(Builtin::SetImmediate),
            (Value::Builtin(Builtin::Timers), "clearTimeout" | "clearInterval") => {
                return b(Builtin::ClearTimeout)
            }
            (Value::Builtin(Builtin::Timers), "clearImmediate") => return b(Builtin::ClearImmediate),
            (Value::Builtin(Builtin::EventEmitter), "EventEmitter") => return b(Builtin::EventEmitter),
            (Value::Builtin(Builtin::EventEmitter), "once") => return b(Builtin::EventsOnce),
            (Value::Builtin(Builtin::EventEmitter), "on") => return b(Builtin::EventsOn),
            (Value::Builtin(Builtin::Symbol), "asyncIterator") => return b(Builtin::SymbolAsyncIterator),
            (Value::Builtin(Builtin::Symbol), "iterator") => return b(Builtin::SymbolIterator),
            (Value::Builtin(Builtin::TimersPromises), "setInterval") => return b(Builtin::PromiseInterval),
            (Value::Builtin(Builtin::Object), "keys") => return b(Builtin::ObjectKeys),
            (Value::Builtin(Builtin::Object), "values") => return b(Builtin::ObjectValues),
            (Value::Builtin(Builtin::Object), "entries") => return b(Builtin::ObjectEntries),
            (Value::Builtin(Builtin::Object), "assign") => return b(Builtin::ObjectAssign),
            (Value::Builtin(Builtin::Array), "isArray") => return b(Builtin::ArrayIsArray),
            (Value::Builtin(Builtin::Array), "of") => return b(Builtin::ArrayOf),
            (Value::Builtin(Builtin::Number), "isInteger") => return b(Builtin::NumberIsInteger),
            (Value::Builtin(Builtin::Number), "isNaN") => return b(Builtin::IsNaN),
            (Value::Builtin(Builtin::Json), "stringify") => return b(Builtin::JsonStringify),
            (Value::Builtin(Builtin::Math), "PI") => return Ok(Value::Num(std::f64::consts::PI)),
            (Value::Builtin(Builtin::Math), "E") => return Ok(Value::Num(std::f64::consts::E)),
            (Value::Builtin(Builtin::Math), f) => {
                if let Some(f) = MATH_FNS.iter().find(|m| **m == f) {
                    return b(Builtin::MathFn(f));
                }
            }
            (Value::Builtin(Builtin::Number), "MAX_SAFE_INTEGER") => {
                return Ok(Value::Num(9_007_199_254_740_991.0))
            }
            (Value::Builtin(Builtin::ErrorCtor(k)), "name") => return Ok(Value::Str(k.name().into())),
            (Value::Builtin(x), "name") if x.callable() => return Ok(Value::Str(x.name().into())),
            (Value::Builtin(x), "call" | "apply" | "bind") if x.callable() => return bound(key),
            (Value::Promise(p), "then") => return Ok(Value::Method(super::Method::Then, *p)),
            (Value::Promise(p), "catch") => return Ok(Value::Method(super::Method::Catch, *p)),
            (Value::Promise(p), "finally") => return Ok(Value::Method(super::Method::Finally, *p)),
            (
                Value::Func(_) | Value::Native(_) | Value::Method(..) | Value::Bound(_),
                "call" | "apply" | "bind",
            ) => return bound(key),
            (Value::Str(_), k) if super::methods::STRING_METHODS.contains(&k) => return bound(k),
            (Value::Num(_), "toFixed" | "toString") => return bound(key),
            (Value::Obj(o), k) => {
                let obj = &self.objs[*o];
                let ok = match &obj.kind {
                    ObjKind::Array(_) => super::methods::ARRAY_METHODS.contains(&k),
                    ObjKind::Generator(_) => matches!(k, "next" | "return" | "throw"),
                    ObjKind::AsyncIter(_) => {
                        matches!(k, "next" | "return" | "throw" | crate::js::objects::ASYNC_ITERATOR_KEY)
                    }
                    ObjKind::Emitter(_) => super::events::EMITTER_METHODS.contains(&k),
                    ObjKind::AbortController => k == "abort",
                    ObjKind::AbortSignal(_) => k == "throwIfAborted",
                    _ => false,
                } || (matches!(k, "hasOwnProperty" | "toString") && !obj.null_proto);
                if ok {
                    return bound(k);
                }
                if k == "constructor"
                    && matches!(obj.kind, ObjKind::AbortController | ObjKind::AbortSignal(_))
                {
                    return unsupported(pos, &format!("`.{k}` of {}", self.describe_value(v)));
                }
                if k == "constructor" && !obj.null_proto {
                    return Ok(Value::Builtin(match &obj.kind {
                        ObjKind::Error(base) => {
                            Builtin::ErrorCtor(ErrKind::from_name(base).unwrap_or(ErrKind::Error))
                        }
                        ObjKind::Array(_) => Builtin::Array,
                        ObjKind::Emitter(_) => Builtin::EventEmitter,
                        _ => Builtin::Object,
                    }));
                }
                let known_gap = match &obj.kind {
                    // Node has more emitter and array methods than the lab: never guess `undefined`.
                    ObjKind::Emitter(_)
                    | ObjKind::AbortController
                    | ObjKind::AbortSignal(_)
                    | ObjKind::Array(_)
                    | ObjKind::Generator(_)
                    | ObjKind::AsyncIter(_) => true,
                    _ => matches!(
                        k,
                        "constructor"
                            | "__proto__"
                            | "valueOf"
                            | "isPrototypeOf"
                            | "propertyIsEnumerable"
                            | "toLocaleString"
                    ),
                };
                if known_gap {
                    return unsupported(pos, &format!("`.{k}` of {}", self.describe_value(v)));
                }
                return Ok(Value::Undefined);
            }
            (Value::Func(_), _) => {
                if matches!(key, "constructor" | "__proto__" | "caller" | "callee" | "arguments")
                    || key.starts_with("to")
                {
                    return unsupported(pos, &format!("`.{key}` of a function"));
                }
                return Ok(Value::Undefined);
            }
            (Value::Str(_) | Value::Num(_) | Value::Bool(_), _) => {
                return unsupported(pos, &format!("`.{key}` of a {}", self.type_of(v)));
            }
            // `JSON` has only `parse` and `stringify` (and what every object inherits): any
            // other name is undefined, as a misspelling is in Node.
            (Value::Builtin(Builtin::Json), k) if !JSON_AND_OBJECT_NAMES.contains(&k) => {
                return Ok(Value::Undefined)
            }
            _ => {}
        }
        err(
            pos,
            format!(
                "`{}.{key}` is not in the supported JavaScript subset (see the README's Code lab section)",
                self.short(v)
            ),
        )
    }

    pub(in crate::js) fn builtin(
        &mut self,
        b: Builtin,
        this: Value,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        let need_fn = |vm: &Self, name: &str| -> Result<Value, CodeError> {
            let f = arg(0);
            if vm.callable(&f) {
                Ok(f)
            } else {
                err(pos, format!("{name} needs a function as its first argument"))
            }
        };
        let rest = |from: usize| args.iter().skip(from).cloned().collect::<Vec<_>>();
        Ok(Flow::Normal(match b {
            Builtin::Log => {
                if let (Some(Value::Str(f)), true) = (args.first(), args.len() > 1) {
                    if f.contains('%') {
                        return unsupported(
                            pos,
                            "console.log format specifiers (`%s`, `%d`, …) in the first argument",
                        );
                    }
                }
                let mut line = Vec::new();
                for a in &args {
                    line.push(self.inspect_top(a, pos)?);
                }
                // One entry per printed line: a long value breaks over several.
                let text = line.join(" ");
                self.output.extend(text.split('\n').map(str::to_string));
                Value::Undefined
            }
            Builtin::LogErr => Value::Undefined,
            Builtin::NextTick => {
                let f = need_fn(self, "process.nextTick")?;
                self.ticks.push_back((f, rest(1)));
                Value::Undefined
            }
            Builtin::ProcessOn => {
                let Value::Str(event) = arg(0) else { return err(pos, "process.on needs an event name") };
                if !matches!(&*event, "exit" | "beforeExit" | "unhandledRejection") {
                    return unsupported(pos, &format!("process.on('{event}')"));
                }
                let f = arg(1);
                self.process_listeners.push((event, f));
                Value::Builtin(Builtin::Process)
            }
            Builtin::QueueMicrotask => {
                let f = need_fn(self, "queueMicrotask")?;
                self.microtasks.push_back(super::Job::Callback(f));
                Value::Undefined
            }
            Builtin::SetTimeout | Builtin::SetInterval => {
                let name = if b == Builtin::SetTimeout { "setTimeout" } else { "setInterval" };
                let cb = need_fn(self, name)?;
                let d = self.delay(&arg(1), name, pos)?;
                self.set_timer(cb, d, rest(2), b == Builtin::SetInterval)
            }
            Builtin::SetImmediate => {
                let cb = need_fn(self, "setImmediate")?;
                self.set_immediate(cb, rest(1))
            }
            Builtin::ClearTimeout | Builtin::ClearImmediate => {
                self.clear_timer(&arg(0));
                Value::Undefined
            }
            Builtin::PromiseResolve => Value::Promise(self.promise_resolve(arg(0))?),
            Builtin::PromiseReject => {
                let p = self.new_promise();
                self.reject(p, arg(0));
                Value::Promise(p)
            }
            Builtin::PromiseAll => return self.combinator(Some(ComboKind::All), arg(0), pos),
            Builtin::PromiseAllSettled => return self.combinator(Some(ComboKind::AllSettled), arg(0), pos),
            Builtin::PromiseAny => return self.combinator(Some(ComboKind::Any), arg(0), pos),
            Builtin::PromiseRace => return self.combinator(None, arg(0), pos),
            Builtin::PromiseTimeout => return self.promise_timer(false, &args, pos),
            Builtin::PromiseImmediate => return self.promise_timer(true, &args, pos),
            Builtin::Require => {
                let Value::Str(m) = arg(0) else { return err(pos, "require needs a module name") };
                let m = m.strip_prefix("node:").unwrap_or(&m).to_string();
                Value::Builtin(match m.as_str() {
                    "events" => Builtin::EventEmitter,
                    "util" => Builtin::Util,
                    "timers/promises" => Builtin::TimersPromises,
                    "timers" => Builtin::Timers,
                    "process" => Builtin::Process,
                    other => return unsupported(pos, &format!("require('{other}')")),
                })
            }
            Builtin::Promisify => {
                let f = need_fn(self, "util.promisify")?;
                self.promisify(f)
            }
            Builtin::Callbackify => {
                let f = need_fn(self, "util.callbackify")?;
                self.native(super::Native::Callbackified(f))
            }
            Builtin::EventsOnce => return self.events_once(arg(0), arg(1), arg(2), pos),
            Builtin::EventsOn => return self.events_on(arg(0), arg(1), arg(2), pos),
            Builtin::PromiseInterval => return self.promise_interval(&args, pos),
            Builtin::Symbol => {
                return unsupported(
                    pos,
                    "making a symbol (only Symbol.asyncIterator and Symbol.iterator are modelled)",
                )
            }
            Builtin::ObjectKeys | Builtin::ObjectValues | Builtin::ObjectEntries => {
                let o = arg(0);
                if matches!(o, Value::Undefined | Value::Null) {
                    return Ok(self.throw_type_error("Cannot convert undefined or null to object".into()));
                }
                if let Value::Obj(i) = o {
                    if matches!(self.objs[i].kind, ObjKind::Emitter(_)) {
                        return unsupported(pos, "the keys of an EventEmitter");
                    }
                }
                let mut out = Vec::new();
                for k in self.own_keys(&o) {
                    out.push(match b {
                        Builtin::ObjectKeys => Value::Str(k),
                        _ => {
                            let v = match self.get(&o, &k, pos)? {
                                Flow::Normal(v) => v,
                                t => return Ok(t),
                            };
                            if b == Builtin::ObjectValues {
                                v
                            } else {
                                self.new_array(vec![Value::Str(k), v])
                            }
                        }
                    });
                }
                self.new_array(out)
            }
            Builtin::ObjectAssign => {
                let target = arg(0);
                if !matches!(target, Value::Obj(_)) {
                    return unsupported(pos, "Object.assign to anything but an object");
                }
                for s in args.iter().skip(1) {
                    if let Flow::Throw(e) = self.copy_props(&target, s, &[], pos)? {
                        return Ok(Flow::Throw(e));
                    }
                }
                target
            }
            Builtin::ArrayIsArray => Value::Bool(self.is_array(&arg(0))),
            Builtin::ArrayOf => self.new_array(args.clone()),
            Builtin::MathFn(f) => {
                let mut nums = Vec::new();
                for a in &args {
                    match self.number_of(a, pos)? {
                        Ok(n) => nums.push(n),
                        Err(e) => return Ok(Flow::Throw(e)),
                    }
                }
                let x = nums.first().copied().unwrap_or(f64::NAN);
                Value::Num(match f {
                    "floor" => x.floor(),
                    "ceil" => x.ceil(),
                    "round" => (x + 0.5).floor(),
                    "trunc" => x.trunc(),
                    "abs" => x.abs(),
                    "sqrt" => x.sqrt(),
                    "sign" => {
                        if x == 0.0 || x.is_nan() {
                            x
                        } else {
                            x.signum()
                        }
                    }
                    "log" => x.ln(),
                    "exp" => x.exp(),
                    "cbrt" => x.cbrt(),
                    "log2" => x.log2(),
                    "log10" => x.log10(),
                    "pow" => return self.binary(crate::js::ast::BinOp::Pow, arg(0), arg(1), pos),
                    "hypot" => nums.iter().map(|n| n * n).sum::<f64>().sqrt(),
                    "max" => nums.iter().fold(f64::NEG_INFINITY, |a, &b| {
                        if a.is_nan() || b.is_nan() {
                            f64::NAN
                        } else if b > a || (b == 0.0 && a == 0.0 && a.is_sign_negative()) {
                            b
                        } else {
                            a
                        }
                    }),
                    "min" => nums.iter().fold(f64::INFINITY, |a, &b| {
                        if a.is_nan() || b.is_nan() {
                            f64::NAN
                        } else if b < a || (b == 0.0 && a == 0.0 && b.is_sign_negative()) {
                            b
                        } else {
                            a
                        }
                    }),
                    _ => return unsupported(pos, &format!("Math.{f}")),
                })
            }
            Builtin::JsonStringify => {
                if args.len() > 1 && !matches!(arg(1), Value::Undefined | Value::Null) {
                    return unsupported(pos, "JSON.stringify with a replacer or indentation");
                }
                match self.json(&arg(0), pos, 0)? {
                    Some(s) => Value::Str(s.into()),
                    None => Value::Undefined,
                }
            }
            Builtin::Number | Builtin::ParseFloat | Builtin::ParseInt => {
                if args.is_empty() && b == Builtin::Number {
                    return Ok(Flow::Normal(Value::Num(0.0)));
                }
                let n = match b {
                    Builtin::Number => match self.number_of(&arg(0), pos)? {
                        Ok(n) => n,
                        Err(e) => return Ok(Flow::Throw(e)),
                    },
                    _ => {
                        if args.len() > 1 {
                            return unsupported(pos, "parseInt with a radix");
                        }
                        let s = match self.string_of(&arg(0), pos)? {
                            Ok(s) => s,
                            Err(e) => return Ok(Flow::Throw(e)),
                        };
                        let t = s.trim_start();
                        let end = t
                            .char_indices()
                            .take_while(|(i, c)| {
                                c.is_ascii_digit()
                                    || (*i == 0 && (*c == '-' || *c == '+'))
                                    || (b == Builtin::ParseFloat && (*c == '.' || *c == 'e'))
                            })
                            .count();
                        let n = string_to_number(&t[..end]);
                        if t[..end].trim_start_matches(['-', '+']).is_empty() {
                            f64::NAN
                        } else if b == Builtin::ParseInt {
                            n.trunc()
                        } else {
                            n
                        }
                    }
                };
                Value::Num(n)
            }
            Builtin::NumberIsInteger => {
                Value::Bool(matches!(arg(0), Value::Num(n) if n.is_finite() && n.fract() == 0.0))
            }
            Builtin::IsNaN => match self.number_of(&arg(0), pos)? {
                Ok(n) => Value::Bool(n.is_nan()),
                Err(e) => return Ok(Flow::Throw(e)),
            },
            Builtin::StringCtor => match arg(0) {
                Value::Undefined if args.is_empty() => Value::Str("".into()),
                v => match self.string_of(&v, pos)? {
                    Ok(s) => Value::Str(s.into()),
                    Err(e) => return Ok(Flow::Throw(e)),
                },
            },
            Builtin::Boolean => Value::Bool(self.truthy(&arg(0))),
            Builtin::ErrorCtor(_) | Builtin::EventEmitter | Builtin::Promise | Builtin::AbortController => {
                if let Builtin::ErrorCtor(_) = b {
                    return self.construct_builtin(b, args, pos);
                }
                let _ = this;
                return Ok(self.throw_type_error(format!(
                    "Class constructor {} cannot be invoked without 'new'",
                    b.name()
                )));
            }
            other => return err(pos, format!("`{}` is not a function this subset can call", other.name())),
        }))
    }

    /// `new` of a built-in: `Promise`, `Error` and its subclasses, `EventEmitter`.
    pub(in crate::js) fn construct_builtin(
        &mut self,
        b: Builtin,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        match b {
            Builtin::Promise => self.new_promise_with(arg(0), pos),
            Builtin::EventEmitter => {
                self.objs.push(Obj::new(ObjKind::Emitter(Vec::new())));
                Ok(Flow::Normal(Value::Obj(self.objs.len() - 1)))
            }
            Builtin::AbortController => Ok(Flow::Normal(self.new_abort_controller())),
            Builtin::ErrorCtor(k) => {
                let (msg_at, errors) = if k == ErrKind::Aggregate { (1, Some(arg(0))) } else { (0, None) };
                let msg = match arg(msg_at) {
                    Value::Undefined => String::new(),
                    m => match self.string_of(&m, pos)? {
                        Ok(s) => s,
                        Err(e) => return Ok(Flow::Throw(e)),
                    },
                };
                let e = self.make_error(k.name(), &msg);
                if let (Value::Obj(o), Some(errors)) = (&e, errors) {
                    let items = match self.iterate(&errors, pos)? {
                        Ok(i) => i,
                        Err(t) => return Ok(Flow::Throw(t)),
                    };
                    let arr = self.new_array(items);
                    self.define_hidden(*o, "errors", arr);
                }
                if !matches!(arg(msg_at + 1), Value::Undefined) {
                    return unsupported(pos, "error options (like `cause`)");
                }
                Ok(Flow::Normal(e))
            }
            Builtin::Object if args.is_empty() => Ok(Flow::Normal(self.new_object())),
            Builtin::Array => {
                if let [Value::Num(n)] = args.as_slice() {
                    if *n >= 0.0 && n.fract() == 0.0 && *n <= 10_000.0 {
                        let a = self.new_array(vec![Value::Undefined; *n as usize]);
                        return Ok(Flow::Normal(a));
                    }
                    return unsupported(pos, "new Array(n) with this length");
                }
                Ok(Flow::Normal(self.new_array(args)))
            }
            other => unsupported(pos, &format!("`new {}`", other.name())),
        }
    }
}
