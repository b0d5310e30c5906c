//! Node's own async iterators: `events.on(emitter, name)` (each event's arguments queued until
//! a `next()` takes them, as `lib/events.js` does) and `timers/promises` `setInterval`, an
//! async generator whose body (a repeating timer that counts ticks, an `await` for the next tick,
//! a `yield` per tick, a `finally` that clears the timer) runs natively here, step for step and
//! job for job as Node's does.

use std::collections::VecDeque;
use std::rc::Rc;

use super::async_iter::AsyncSource;
use super::promises::Handler;
use super::Native;
use crate::js::lexer::{unsupported, Pos};
use crate::js::objects::{Listener, ObjKind};
use crate::js::vm::{Flow, Outcome, Value, Vm};
use crate::CodeError;

pub(in crate::js) struct EventsOn {
    emitter: Value,
    /// Events (their argument arrays) no `next()` has taken yet.
    events: VecDeque<Value>,
    /// Promises of `next()` calls no event has answered yet.
    waiting: VecDeque<usize>,
    error: Option<Value>,
    finished: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum At {
    Start,
    /// Awaiting the promise the next tick resolves.
    Waited,
    /// Awaiting the value it yields (`yield` awaits).
    AwaitedValue,
    Yielded,
}

pub(in crate::js) struct Interval {
    delay: u64,
    value: Value,
    timer: Option<Value>,
    not_yielded: u32,
    callback: Option<usize>,
    at: At,
    yielded: Option<Value>,
}

impl Vm<'_> {
    /// `events.on(emitter, name)`.
    pub(in crate::js) fn events_on(
        &mut self,
        em: Value,
        event: Value,
        options: Value,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let is_emitter = matches!(&em, Value::Obj(o) if matches!(self.objs[*o].kind, ObjKind::Emitter(_)));
        if !is_emitter {
            return unsupported(pos, "events.on on anything but an EventEmitter");
        }
        if !matches!(options, Value::Undefined) {
            return unsupported(pos, "options (like an AbortSignal) for events.on");
        }
        let Value::Str(event) = event else { return unsupported(pos, "an event name that is not a string") };
        let listens = |vm: &Self, name: &str| match &em {
            Value::Obj(o) => match &vm.objs[*o].kind {
                ObjKind::Emitter(ls) => ls.iter().any(|l| &*l.event == name),
                _ => false,
            },
            _ => false,
        };
        if listens(self, "newListener") {
            return unsupported(pos, "events.on on an emitter with a `newListener` listener");
        }
        let it = self.new_async_iter(AsyncSource::On(EventsOn {
            emitter: em.clone(),
            events: VecDeque::new(),
            waiting: VecDeque::new(),
            error: None,
            finished: false,
        }));
        let ObjKind::AsyncIter(i) = self.objs[match it {
            Value::Obj(o) => o,
            _ => unreachable!(),
        }]
        .kind
        else {
            unreachable!()
        };
        let add = |vm: &mut Self, name: Rc<str>, error: bool| {
            let f = vm.native(Native::EventsOn { it: i, error });
            if let Value::Obj(o) = &em {
                if let ObjKind::Emitter(ls) = &mut vm.objs[*o].kind {
                    ls.push(Listener { event: name, f, once: false, prepended: false });
                }
            }
        };
        add(self, event.clone(), false);
        if &*event != "error" {
            add(self, "error".into(), true);
        }
        Ok(Flow::Normal(it))
    }

    fn on_state(&mut self, i: usize) -> &mut EventsOn {
        match &mut self.aiters[i].source {
            AsyncSource::On(s) => s,
            _ => unreachable!("an events.on iterator"),
        }
    }

    /// One of `events.on`'s listeners was called.
    pub(in crate::js) fn events_on_fired(
        &mut self,
        i: usize,
        error: bool,
        args: Vec<Value>,
    ) -> Result<(), CodeError> {
        if error {
            let e = args.into_iter().next().unwrap_or(Value::Undefined);
            match self.on_state(i).waiting.pop_front() {
                Some(p) => self.reject(p, e),
                None => self.on_state(i).error = Some(e),
            }
            self.events_on_close(i)?;
            return Ok(());
        }
        let arr = self.new_array(args);
        match self.on_state(i).waiting.pop_front() {
            Some(p) => {
                let r = self.iter_result(arr, false);
                self.resolve(p, r)?;
            }
            None => self.on_state(i).events.push_back(arr),
        }
        Ok(())
    }

    /// `closeHandler`: the listeners go, waiting `next()`s get done; a promise of done.
    fn events_on_close(&mut self, i: usize) -> Result<usize, CodeError> {
        let mine: Vec<usize> = (0..self.natives.len())
            .filter(|n| matches!(&self.natives[*n], Native::EventsOn { it, .. } if *it == i))
            .collect();
        let em = self.on_state(i).emitter.clone();
        if let Value::Obj(o) = &em {
            if let ObjKind::Emitter(ls) = &mut self.objs[*o].kind {
                ls.retain(|l| !matches!(&l.f, Value::Native(n) if mine.contains(n)));
            }
        }
        self.on_state(i).finished = true;
        let done = self.iter_result(Value::Undefined, true);
        while let Some(p) = self.on_state(i).waiting.pop_front() {
            self.resolve(p, done.clone())?;
        }
        self.promise_resolve(done)
    }

    pub(in crate::js) fn events_on_method(
        &mut self,
        i: usize,
        name: &str,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let p = match name {
            "next" => {
                if let Some(v) = self.on_state(i).events.pop_front() {
                    let r = self.iter_result(v, false);
                    self.promise_resolve(r)?
                } else if let Some(e) = self.on_state(i).error.take() {
                    let p = self.new_promise();
                    self.reject(p, e);
                    p
                } else if self.on_state(i).finished {
                    self.events_on_close(i)?
                } else {
                    let p = self.new_promise();
                    self.on_state(i).waiting.push_back(p);
                    p
                }
            }
            "return" => self.events_on_close(i)?,
            _ => return unsupported(pos, &format!("`{name}` of an events.on iterator")),
        };
        Ok(Flow::Normal(Value::Promise(p)))
    }

    // ---- timers/promises setInterval -----------------------------------------------------------

    /// `setInterval(delay, value)` of `timers/promises`: an async generator, not started.
    pub(in crate::js) fn promise_interval(&mut self, args: &[Value], pos: Pos) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        if !matches!(arg(2), Value::Undefined) {
            return unsupported(pos, "options (like an AbortSignal) for timers/promises setInterval");
        }
        let delay = self.delay(&arg(0), "setInterval", pos)?;
        let iv = Interval {
            delay,
            value: arg(1),
            timer: None,
            not_yielded: 0,
            callback: None,
            at: At::Start,
            yielded: None,
        };
        Ok(Flow::Normal(self.native_async_generator("setInterval", iv)))
    }

    fn interval(&mut self, g: usize) -> &mut Interval {
        self.agen(g).interval.as_mut().expect("a native interval")
    }

    /// Runs the interval's body from where it stopped to its next `await` or `yield`.
    pub(in crate::js) fn interval_step(
        &mut self,
        g: usize,
        inject: Option<Flow>,
    ) -> Result<Outcome, CodeError> {
        let input = match inject {
            Some(Flow::Throw(e)) => return Ok(Outcome::Throw(e)),
            Some(Flow::Normal(v)) => v,
            None => Value::Undefined,
        };
        match self.interval(g).at {
            At::Start => {
                let delay = self.interval(g).delay;
                let cb = self.native(Native::IntervalTick(g));
                let t = self.set_timer(cb, delay, Vec::new(), true);
                self.interval(g).timer = Some(t);
            }
            At::Waited => {}
            At::AwaitedValue => {
                let iv = self.interval(g);
                iv.at = At::Yielded;
                iv.yielded = Some(input);
                return Ok(Outcome::Suspended);
            }
            At::Yielded => self.interval(g).not_yielded -= 1,
        }
        let p = if self.interval(g).not_yielded > 0 {
            let v = self.interval(g).value.clone();
            self.interval(g).at = At::AwaitedValue;
            self.promise_resolve(v)?
        } else {
            let p = self.new_promise();
            let iv = self.interval(g);
            iv.callback = Some(p);
            iv.at = At::Waited;
            p
        };
        self.perform_then(p, Handler::IntervalResume(g), Handler::IntervalResume(g), None);
        Ok(Outcome::Suspended)
    }

    /// The value the interval's body just yielded, if it stopped at its `yield`.
    pub(in crate::js) fn interval_yielded(
        &mut self,
        g: usize,
    ) -> Option<(Option<crate::js::vm::Act>, Value)> {
        let v = self.agen(g).interval.as_mut()?.yielded.take()?;
        Some((None, v))
    }

    /// The interval's `finally`: its timer is cleared.
    pub(in crate::js) fn interval_finally(&mut self, g: usize) {
        if let Some(t) = self.agen(g).interval.as_mut().and_then(|iv| iv.timer.take()) {
            self.clear_timer(&t);
        }
    }

    /// The interval's timer fired.
    pub(in crate::js) fn interval_tick(&mut self, g: usize) -> Result<(), CodeError> {
        let Some(iv) = self.agen(g).interval.as_mut() else { return Ok(()) };
        iv.not_yielded += 1;
        if let Some(p) = iv.callback.take() {
            self.resolve(p, Value::Undefined)?;
        }
        Ok(())
    }
}
