//! `require('events')`: `EventEmitter` (listeners in order, `emit` calling them synchronously
//! with the emitter as `this`, `once` removed before it runs, `newListener`/`removeListener`
//! events, an `error` event with no listener thrown) and `events.once`.

use std::rc::Rc;

use super::Native;
use crate::js::lexer::{err, unsupported, Pos};
use crate::js::objects::{Listener, ObjKind};
use crate::js::vm::{Flow, Value, Vm};
use crate::CodeError;

pub(super) const EMITTER_METHODS: [&str; 14] = [
    "on",
    "addListener",
    "once",
    "off",
    "removeListener",
    "prependListener",
    "prependOnceListener",
    "emit",
    "listenerCount",
    "listeners",
    "eventNames",
    "removeAllListeners",
    "setMaxListeners",
    "getMaxListeners",
];

impl Vm<'_> {
    fn listeners_mut(&mut self, em: &Value) -> &mut Vec<Listener> {
        let Value::Obj(o) = em else { unreachable!("an emitter") };
        match &mut self.objs[*o].kind {
            ObjKind::Emitter(l) => l,
            _ => unreachable!("an emitter"),
        }
    }

    fn listeners_of(&mut self, em: &Value, event: &str) -> Vec<Listener> {
        self.listeners_mut(em).iter().filter(|l| &*l.event == event).cloned().collect()
    }

    fn event_name(&mut self, v: &Value, pos: Pos) -> Result<Rc<str>, CodeError> {
        match v {
            Value::Str(s) => Ok(s.clone()),
            _ => unsupported(pos, "an event name that is not a string"),
        }
    }

    pub(super) fn emitter_method(
        &mut self,
        em: Value,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        match name {
            "on" | "addListener" | "once" | "prependListener" | "prependOnceListener" => {
                let event = self.event_name(&arg(0), pos)?;
                let f = arg(1);
                if !self.callable(&f) {
                    let what = self.describe_value(&f);
                    return Ok(self.throw_type_error(format!(
                        "The \"listener\" argument must be of type function. Received {what}"
                    )));
                }
                // `newListener` is emitted before the listener is added.
                if !self.listeners_of(&em, "newListener").is_empty() {
                    if let Flow::Throw(e) =
                        self.emit(&em, "newListener".into(), vec![Value::Str(event.clone()), f.clone()], pos)?
                    {
                        return Ok(Flow::Throw(e));
                    }
                }
                let once = name.contains("nce");
                let l = Listener { event, f, once, prepended: name.starts_with("prepend") };
                let list = self.listeners_mut(&em);
                if name.starts_with("prepend") {
                    // Before the first listener of the same event.
                    let at = list.iter().position(|x| x.event == l.event).unwrap_or(list.len());
                    list.insert(at, l);
                } else {
                    list.push(l);
                }
                Ok(Flow::Normal(em))
            }
            "off" | "removeListener" => {
                let event = self.event_name(&arg(0), pos)?;
                let f = arg(1);
                let list = self.listeners_mut(&em);
                // The most recently added matching listener goes.
                if let Some(i) = list.iter().rposition(|l| l.event == event && l.f.same(&f)) {
                    list.remove(i);
                    if !self.listeners_of(&em, "removeListener").is_empty() {
                        if let Flow::Throw(e) =
                            self.emit(&em, "removeListener".into(), vec![Value::Str(event), f], pos)?
                        {
                            return Ok(Flow::Throw(e));
                        }
                    }
                }
                Ok(Flow::Normal(em))
            }
            "removeAllListeners" => {
                if !self.listeners_of(&em, "removeListener").is_empty() {
                    return unsupported(pos, "removeAllListeners with a `removeListener` listener");
                }
                match arg(0) {
                    Value::Undefined => self.listeners_mut(&em).clear(),
                    v => {
                        let event = self.event_name(&v, pos)?;
                        self.listeners_mut(&em).retain(|l| l.event != event);
                    }
                }
                Ok(Flow::Normal(em))
            }
            "emit" => {
                let event = self.event_name(&arg(0), pos)?;
                self.emit(&em, event, args.iter().skip(1).cloned().collect(), pos)
            }
            "listenerCount" => {
                let event = self.event_name(&arg(0), pos)?;
                Ok(Flow::Normal(Value::Num(self.listeners_of(&em, &event).len() as f64)))
            }
            "listeners" => {
                let event = self.event_name(&arg(0), pos)?;
                let fs = self.listeners_of(&em, &event).into_iter().map(|l| l.f).collect();
                Ok(Flow::Normal(self.new_array(fs)))
            }
            "eventNames" => {
                let mut names: Vec<Rc<str>> = Vec::new();
                for l in self.listeners_mut(&em).iter() {
                    if !names.contains(&l.event) {
                        names.push(l.event.clone());
                    }
                }
                let v = names.into_iter().map(Value::Str).collect();
                Ok(Flow::Normal(self.new_array(v)))
            }
            "setMaxListeners" => {
                if let Value::Obj(o) = &em {
                    let o = *o;
                    self.objs[o].props.retain(|p| &*p.key != "%maxListeners");
                    self.define_hidden(o, "%maxListeners", arg(0));
                }
                Ok(Flow::Normal(em))
            }
            "getMaxListeners" => Ok(Flow::Normal(Value::Num(10.0))),
            _ => err(pos, format!("`{name}` is not an EventEmitter method this subset has")),
        }
    }

    /// `emitter.emit(event, ...args)`: every listener now, in order, with the emitter as `this`.
    pub(super) fn emit(
        &mut self,
        em: &Value,
        event: Rc<str>,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let ls = self.listeners_of(em, &event);
        if ls.is_empty() {
            if &*event == "error" {
                let e = args.first().cloned().unwrap_or(Value::Undefined);
                if self.is_error(&e) {
                    return Ok(Flow::Throw(e));
                }
                return unsupported(
                    pos,
                    "emitting 'error' with a value that is not an Error and no listener",
                );
            }
            return Ok(Flow::Normal(Value::Bool(false)));
        }
        for l in ls {
            if l.once {
                let list = self.listeners_mut(em);
                match list.iter().position(|x| x.event == l.event && x.f.same(&l.f) && x.once) {
                    Some(i) => {
                        list.remove(i);
                    }
                    None => continue,
                }
            }
            if let Flow::Throw(e) = self.call(l.f, em.clone(), args.clone(), pos, true)? {
                return Ok(Flow::Throw(e));
            }
        }
        Ok(Flow::Normal(Value::Bool(true)))
    }

    /// `events.once(emitter, name)`: a promise of the arguments of the next emission.
    pub(super) fn events_once(
        &mut self,
        em: Value,
        event: Value,
        options: Value,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        if !matches!(&em, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Emitter(_))) {
            return unsupported(pos, "events.once on anything but an EventEmitter");
        }
        let event = self.event_name(&event, pos)?;
        let signal = self.signal_option(&options, &[], pos)?;
        let p = self.new_promise();
        if let Some(s) = signal {
            if self.signal_aborted(s) {
                let reason = self.find_prop(s, "reason").map_or(Value::Undefined, |p| p.value);
                let e = self.abort_error(reason);
                self.reject(p, e);
                return Ok(Flow::Normal(Value::Promise(p)));
            }
        }
        let f =
            self.native(Native::EventsOnce { p, emitter: em.clone(), event: event.clone(), error: false });
        self.listeners_mut(&em).push(Listener { event: event.clone(), f, once: true, prepended: false });
        if &*event != "error" {
            let f =
                self.native(Native::EventsOnce { p, emitter: em.clone(), event: event.clone(), error: true });
            self.listeners_mut(&em).push(Listener { event: "error".into(), f, once: true, prepended: false });
        }
        if let Some(s) = signal {
            self.once_abort_listener(s, p, em);
        }
        // `once` is an async function that returns this promise: its own promise adopts it
        // (one job now, one when it settles), so awaiting `once` takes two more jobs.
        let outer = self.new_promise();
        self.resolve(outer, Value::Promise(p))?;
        Ok(Flow::Normal(Value::Promise(outer)))
    }

    /// Takes both of events.once's listeners for promise `p` off the emitter.
    pub(super) fn events_once_forget(&mut self, p: usize, em: &Value) {
        let mine: Vec<usize> = (0..self.natives.len())
            .filter(|n| matches!(&self.natives[*n], Native::EventsOnce { p: q, .. } if *q == p))
            .collect();
        self.listeners_mut(em).retain(|l| !matches!(&l.f, Value::Native(n) if mine.contains(n)));
    }

    pub(super) fn events_once_fired(
        &mut self,
        p: usize,
        em: &Value,
        event: &Rc<str>,
        error: bool,
        args: Vec<Value>,
    ) -> Result<(), CodeError> {
        // Remove the other listener of the pair, and the abort listener.
        self.events_once_forget(p, em);
        self.forget_once_abort(p);
        let _ = event;
        if error {
            self.reject(p, args.into_iter().next().unwrap_or(Value::Undefined));
        } else {
            let arr = self.new_array(args);
            self.resolve(p, arr)?;
        }
        Ok(())
    }
}
