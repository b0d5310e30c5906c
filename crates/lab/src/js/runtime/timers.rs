//! Timers (`setTimeout`, `setInterval`), immediates and `process.nextTick`, each passing its
//! extra arguments to the callback as Node does, and the promise versions of
//! `timers/promises` (and `util.promisify(setTimeout)`).

use super::Native;
use crate::js::lexer::{err, Pos};
use crate::js::vm::{Flow, Value, Vm};
use crate::{CodeError, RaceKind, RACE_WINDOW_US};

pub(in crate::js) struct Timer {
    pub(in crate::js) id: u64,
    pub(in crate::js) due: u64,
    pub(in crate::js) seq: u64,
    created: u64,
    pub(in crate::js) cb: Value,
    pub(in crate::js) args: Vec<Value>,
    /// An interval's period, µs.
    pub(in crate::js) repeat: Option<u64>,
}

impl Vm<'_> {
    /// A delay in ms as Node reads it: not in [1, 2^31 - 1] becomes 1.
    pub(in crate::js) fn delay(&mut self, v: &Value, what: &str, pos: Pos) -> Result<u64, CodeError> {
        let ms = match v {
            Value::Num(n) => *n,
            Value::Undefined => 0.0,
            other => {
                let d = self.describe_value(other);
                return err(pos, format!("{what}'s delay must be a number, not {d}"));
            }
        };
        let ms = if (1.0..=2_147_483_647.0).contains(&ms) { ms.trunc() } else { 1.0 };
        Ok((ms * 1000.0) as u64)
    }

    pub(in crate::js) fn set_timer(
        &mut self,
        cb: Value,
        delay_us: u64,
        args: Vec<Value>,
        repeat: bool,
    ) -> Value {
        let due = self.now + delay_us;
        let id = self.next_id;
        self.next_id += 1;
        self.new_timer(Timer {
            id,
            due,
            seq: 0,
            created: self.now,
            cb,
            args,
            repeat: repeat.then_some(delay_us),
        });
        Value::Timer(id)
    }

    pub(in crate::js) fn reschedule(&mut self, t: &Timer, due: u64) {
        let t = Timer {
            id: t.id,
            due,
            seq: 0,
            created: self.now,
            cb: t.cb.clone(),
            args: t.args.clone(),
            repeat: t.repeat,
        };
        self.new_timer(t);
    }

    fn new_timer(&mut self, mut t: Timer) {
        t.seq = self.seq;
        self.seq += 1;
        let due = t.due;
        // Two timers this close may fire in either order on a real machine, where code takes
        // time, unless the later one was created at the same instant and is due no earlier.
        let close: Vec<(Value, u64)> = self
            .timers
            .iter()
            .filter(|o| o.due.abs_diff(due) < RACE_WINDOW_US)
            .filter(|o| !(o.created == self.now && o.due <= due))
            .map(|o| (o.cb.clone(), o.due))
            .collect();
        for (other, other_due) in close {
            if other_due <= due {
                self.race(RaceKind::CloseTimers, &other, &t.cb);
            } else {
                self.race(RaceKind::CloseTimers, &t.cb, &other);
            }
        }
        self.timers.push(t);
    }

    pub(in crate::js) fn clear_timer(&mut self, v: &Value) {
        match v {
            Value::Timer(id) => {
                let id = *id;
                self.timers.retain(|t| t.id != id);
                if let Some((running, cleared)) = &mut self.running_timer {
                    if *running == id {
                        *cleared = true;
                    }
                }
            }
            Value::Immediate(id) => {
                let id = *id;
                self.immediates.retain(|(i, _, _)| *i != id);
                self.batch.retain(|(i, _, _)| *i != id);
            }
            _ => {}
        }
    }

    pub(in crate::js) fn set_immediate(&mut self, cb: Value, args: Vec<Value>) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.immediates.push_back((id, cb, args));
        Value::Immediate(id)
    }

    /// `timers/promises` `setTimeout(ms, value)` / `setImmediate(value)`.
    pub(in crate::js) fn promise_timer(
        &mut self,
        immediate: bool,
        args: &[Value],
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = |i: usize| args.get(i).cloned().unwrap_or(Value::Undefined);
        let (value, options) = if immediate { (arg(0), arg(1)) } else { (arg(1), arg(2)) };
        let signal = if immediate {
            if !matches!(options, Value::Undefined) {
                return err(pos, "options (like an AbortSignal) for timers/promises setImmediate are not in the supported JavaScript subset");
            }
            None
        } else {
            self.signal_option(&options, &[], pos)?
        };
        if let Some(signal) = signal {
            let d = self.delay(&arg(0), "setTimeout", pos)?;
            return self.abortable_timer(signal, value, d, pos);
        }
        let p = self.new_promise();
        let (res, _) = self.resolving_functions(p);
        if immediate {
            self.set_immediate(res, vec![value]);
        } else {
            let d = self.delay(&arg(0), "setTimeout", pos)?;
            self.set_timer(res, d, vec![value], false);
        }
        Ok(Flow::Normal(Value::Promise(p)))
    }

    /// `util.promisify(f)`: Node's custom versions for `setTimeout` and `setImmediate`.
    pub(in crate::js) fn promisify(&mut self, f: Value) -> Value {
        match f {
            Value::Builtin(super::Builtin::SetTimeout) => Value::Builtin(super::Builtin::PromiseTimeout),
            Value::Builtin(super::Builtin::SetImmediate) => Value::Builtin(super::Builtin::PromiseImmediate),
            f => self.native(Native::Promisified(f)),
        }
    }
}
