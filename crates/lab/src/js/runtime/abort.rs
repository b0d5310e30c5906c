//! `AbortController` and its `AbortSignal`, as far as Node's own promise APIs use them:
//! `timers/promises` `setTimeout(delay, value, { signal })` and `events.once(emitter, name,
//! { signal })`, each written as Node 20 writes it (`lib/timers/promises.js`,
//! `lib/events.js`). `abort(reason)` marks the signal and runs its abort listeners in the order
//! they were added, synchronously; the default reason is a `DOMException` named `AbortError`,
//! and the promises reject with Node's `AbortError` (`code` `'ABORT_ERR'`, `cause` the reason).
//! The program's own listeners (`addEventListener`, `onabort`) are refused: they receive an
//! `Event` whose printing carries a time stamp.

use std::rc::Rc;

use super::Method;
use super::Native;
use crate::js::lexer::{unsupported, Pos};
use crate::js::objects::ObjKind;
use crate::js::vm::{Flow, Value, Vm};
use crate::CodeError;

impl Vm<'_> {
    /// `new AbortController()`: the controller and its signal (`aborted` and `reason` are kept
    /// as hidden properties, which only `abort` changes).
    pub(super) fn new_abort_controller(&mut self) -> Value {
        let signal = self.new_object_of(ObjKind::AbortSignal(Vec::new()));
        self.define_hidden(signal, "aborted", Value::Bool(false));
        self.define_hidden(signal, "reason", Value::Undefined);
        let ac = self.new_object_of(ObjKind::AbortController);
        self.define_hidden(ac, "signal", Value::Obj(signal));
        Value::Obj(ac)
    }

    fn new_object_of(&mut self, kind: ObjKind) -> usize {
        self.objs.push(crate::js::objects::Obj::new(kind));
        self.objs.len() - 1
    }

    /// A method of an `AbortController` or an `AbortSignal`.
    pub(super) fn abort_method(
        &mut self,
        recv: Value,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let Value::Obj(o) = recv else { return unsupported(pos, "this call") };
        match (&self.objs[o].kind, name) {
            (ObjKind::AbortController, "abort") => {
                let Some(Value::Obj(signal)) = self.find_prop(o, "signal").map(|p| p.value) else {
                    return unsupported(pos, "this AbortController");
                };
                let reason = args.into_iter().next().unwrap_or(Value::Undefined);
                self.abort_signal(signal, reason)?;
                Ok(Flow::Normal(Value::Undefined))
            }
            (ObjKind::AbortSignal(_), "throwIfAborted") => {
                if self.signal_aborted(o) {
                    let reason = self.find_prop(o, "reason").map_or(Value::Undefined, |p| p.value);
                    return Ok(Flow::Throw(reason));
                }
                Ok(Flow::Normal(Value::Undefined))
            }
            _ => unsupported(pos, &format!("`.{name}` of {}", self.describe_value(&Value::Obj(o)))),
        }
    }

    pub(super) fn signal_aborted(&self, signal: usize) -> bool {
        matches!(self.find_prop(signal, "aborted").map(|p| p.value), Some(Value::Bool(true)))
    }

    /// `AbortController.prototype.abort(reason)`: once only; the listeners run in order.
    fn abort_signal(&mut self, signal: usize, reason: Value) -> Result<(), CodeError> {
        if self.signal_aborted(signal) {
            return Ok(());
        }
        let reason = match reason {
            Value::Undefined => {
                let e = self.make_error("DOMException", "This operation was aborted");
                if let Value::Obj(d) = e {
                    self.define_hidden(d, "name", Value::Str("AbortError".into()));
                    self.define_hidden(d, "code", Value::Num(20.0));
                }
                e
            }
            r => r,
        };
        self.set_hidden(signal, "aborted", Value::Bool(true));
        self.set_hidden(signal, "reason", reason.clone());
        let listeners = match &mut self.objs[signal].kind {
            ObjKind::AbortSignal(ls) => std::mem::take(ls),
            _ => Vec::new(),
        };
        for l in listeners {
            match l {
                Value::Native(n) => self.run_abort_listener(n, &reason)?,
                _ => unreachable!("only the runtime's own abort listeners are added"),
            }
        }
        Ok(())
    }

    fn set_hidden(&mut self, o: usize, key: &str, v: Value) {
        if let Some(p) = self.objs[o].props.iter_mut().find(|p| &*p.key == key) {
            p.value = v;
        }
    }

    fn run_abort_listener(&mut self, n: usize, reason: &Value) -> Result<(), CodeError> {
        match self.natives[n].clone() {
            // `cancelListenerHandler`: unless the timer has fired, clear it and reject.
            Native::AbortTimer { timer, p } if self.timers.iter().any(|t| t.id == timer) => {
                self.clear_timer(&Value::Timer(timer));
                let e = self.abort_error(reason.clone());
                self.reject(p, e);
            }
            // events.once's `abortListener`: both emitter listeners go, then the rejection.
            Native::AbortOnce { p, emitter } => {
                self.events_once_forget(p, &emitter);
                let e = self.abort_error(reason.clone());
                self.reject(p, e);
            }
            _ => {}
        }
        Ok(())
    }

    /// `new AbortError(undefined, { cause })` (`lib/internal/errors.js`).
    pub(super) fn abort_error(&mut self, cause: Value) -> Value {
        let e = self.make_error("Error", "The operation was aborted");
        if let Value::Obj(o) = e {
            self.define_hidden(o, "cause", cause);
            self.set_prop_plain(o, "code", Value::Str("ABORT_ERR".into()));
            self.set_prop_plain(o, "name", Value::Str("AbortError".into()));
        }
        e
    }

    fn set_prop_plain(&mut self, o: usize, key: &str, v: Value) {
        self.objs[o].props.push(crate::js::objects::Prop {
            key: key.into(),
            value: v,
            getter: None,
            setter: None,
            enumerable: true,
        });
    }

    /// The `signal` of an options object (`None` when there is none); other options are refused.
    pub(super) fn signal_option(
        &mut self,
        options: &Value,
        allowed: &[&str],
        pos: Pos,
    ) -> Result<Option<usize>, CodeError> {
        let o = match options {
            Value::Undefined => return Ok(None),
            Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Plain) => *o,
            _ => return unsupported(pos, "options that are not a plain object"),
        };
        let keys: Vec<Rc<str>> = self.objs[o].props.iter().map(|p| p.key.clone()).collect();
        if let Some(k) = keys.iter().find(|k| &***k != "signal" && !allowed.contains(&&***k)) {
            return unsupported(pos, &format!("the option `{k}`"));
        }
        match self.find_prop(o, "signal").map(|p| p.value) {
            None | Some(Value::Undefined) => Ok(None),
            Some(Value::Obj(s)) if matches!(self.objs[s].kind, ObjKind::AbortSignal(_)) => Ok(Some(s)),
            Some(_) => unsupported(pos, "a `signal` option that is not an AbortSignal"),
        }
    }

    fn add_abort_listener(&mut self, signal: usize, n: Native) -> Value {
        let f = self.native(n);
        if let ObjKind::AbortSignal(ls) = &mut self.objs[signal].kind {
            ls.push(f.clone());
        }
        f
    }

    /// timers/promises `setTimeout` with a signal: rejected at once when it has aborted;
    /// otherwise the timer, an abort listener, and the promise returned is
    /// `ret.finally(() => signal.removeEventListener('abort', oncancel))`.
    pub(super) fn abortable_timer(
        &mut self,
        signal: usize,
        value: Value,
        delay_us: u64,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        if self.signal_aborted(signal) {
            let reason = self.find_prop(signal, "reason").map_or(Value::Undefined, |p| p.value);
            let e = self.abort_error(reason);
            let p = self.new_promise();
            self.reject(p, e);
            return Ok(Flow::Normal(Value::Promise(p)));
        }
        let p = self.new_promise();
        let (res, _) = self.resolving_functions(p);
        let Value::Timer(timer) = self.set_timer(res, delay_us, vec![value], false) else {
            unreachable!("set_timer makes a Timeout")
        };
        let Value::Native(listener) = self.add_abort_listener(signal, Native::AbortTimer { timer, p }) else {
            unreachable!("a native listener")
        };
        let remove = self.native(Native::AbortRemove { signal, listener });
        self.call(Value::Method(Method::Finally, p), Value::Undefined, vec![remove], pos, false)
    }

    /// `signal.removeEventListener('abort', listener)`.
    pub(super) fn remove_abort_listener(&mut self, signal: usize, listener: usize) {
        if let ObjKind::AbortSignal(ls) = &mut self.objs[signal].kind {
            ls.retain(|l| !matches!(l, Value::Native(n) if *n == listener));
        }
    }

    /// events.once's abort listener for promise `p`.
    pub(super) fn once_abort_listener(&mut self, signal: usize, p: usize, emitter: Value) {
        self.add_abort_listener(signal, Native::AbortOnce { p, emitter });
    }

    /// Removes events.once's abort listener for `p` (when the event or an error came first).
    pub(super) fn forget_once_abort(&mut self, p: usize) {
        let mine: Vec<usize> = (0..self.natives.len())
            .filter(|n| matches!(&self.natives[*n], Native::AbortOnce { p: q, .. } if *q == p))
            .collect();
        for obj in &mut self.objs {
            if let ObjKind::AbortSignal(ls) = &mut obj.kind {
                ls.retain(|l| !matches!(l, Value::Native(n) if mine.contains(n)));
            }
        }
    }
}
