//! The trace: after every step, a [`Frame`] with the line, the call stack and every queue
//! (nextTick, microtasks, timers by due time, immediates), each entry labelled with the
//! function it will run and that function's line.

use super::runtime::{Handler, Job, Native, Timer};
use super::vm::{Value, Vm};
use crate::{
    too_many_steps, CodeError, Frame, ItemKind, QueueItem, QueueKind, QueueState, StepKind, MAX_STEPS,
};

impl Vm<'_> {
    pub(super) fn record(&mut self, line: u32, kind: StepKind) -> Result<(), CodeError> {
        if self.frames.len() >= MAX_STEPS {
            return Err(too_many_steps());
        }
        let item = |vm: &Self, kind: ItemKind, v: &Value, due: Option<u64>| {
            let (label, line) = vm.label(v);
            QueueItem { kind, label, line, due_us: due }
        };
        let ticks = self.ticks.iter().map(|(v, _)| item(self, ItemKind::Callback, v, None)).collect();
        let microtasks = self
            .microtasks
            .iter()
            .map(|j| {
                let (kind, label, line) = self.job_item(j);
                QueueItem { kind, label, line, due_us: None }
            })
            .collect();
        let mut order: Vec<&Timer> = self.timers.iter().collect();
        order.sort_by_key(|t| (t.due, t.seq));
        let timers = order.iter().map(|t| item(self, ItemKind::Callback, &t.cb, Some(t.due))).collect();
        let immediates = self
            .batch
            .iter()
            .chain(&self.immediates)
            .map(|(_, v, _)| item(self, ItemKind::Callback, v, None))
            .collect();
        self.frames.push(Frame {
            time_us: self.now,
            line,
            stack: self.stack.iter().map(|s| s.to_string()).collect(),
            queues: vec![
                QueueState { kind: QueueKind::NextTick, items: ticks },
                QueueState { kind: QueueKind::Microtask, items: microtasks },
                QueueState { kind: QueueKind::Timers, items: timers },
                QueueState { kind: QueueKind::Immediate, items: immediates },
            ],
            output_len: self.output.len(),
            kind,
        });
        Ok(())
    }

    pub(super) fn job_item(&self, job: &Job) -> (ItemKind, String, u32) {
        match job {
            Job::Reaction { handler: Handler::Call(f), .. } | Job::Callback(f) => {
                let (label, line) = self.label(f);
                (ItemKind::Callback, label, line)
            }
            Job::Reaction { handler: Handler::Resume(slot), .. } => match &self.suspended[*slot] {
                Some(act) => (ItemKind::Resume, act.name.to_string(), act.await_line),
                None => (ItemKind::Resume, String::new(), 0),
            },
            Job::Reaction { handler: Handler::None, .. } => (ItemKind::PassThrough, String::new(), 0),
            Job::Reaction { handler: Handler::IntervalResume(g), .. } => {
                (ItemKind::Resume, self.agen_name(*g).to_string(), 0)
            }
            Job::Reaction { handler: Handler::AgenReturn(g), .. } => {
                (ItemKind::Resume, format!("{} return()", self.agen_name(*g)), 0)
            }
            Job::Adopt { .. } | Job::Thenable { .. } => (ItemKind::Adopt, String::new(), 0),
        }
    }

    /// How a callable value is shown in stacks and queues, and the line its code starts on.
    pub(super) fn label(&self, v: &Value) -> (String, u32) {
        match v {
            Value::Func(c) => {
                let f = &self.funcs[self.closures[*c].func];
                (f.label().to_string(), f.pos.line)
            }
            Value::Native(n) => match &self.natives[*n] {
                Native::Resolve { reject: false, .. } => ("resolve".into(), 0),
                Native::Resolve { reject: true, .. } => ("reject".into(), 0),
                Native::ThenFinally(f) | Native::CatchFinally(f) => {
                    let (l, line) = self.label(f);
                    (format!("finally({l})"), line)
                }
                Native::ValueThunk(_) | Native::Thrower(_) => ("finally(…)".into(), 0),
                Native::Element { .. } => ("(element of a Promise combinator)".into(), 0),
                Native::Bound { f, .. } => {
                    let (l, line) = self.label(f);
                    (format!("bound {l}"), line)
                }
                Native::EventsOnce { .. } => ("(events.once listener)".into(), 0),
                Native::AbortTimer { .. } | Native::AbortOnce { .. } => ("(abort listener)".into(), 0),
                Native::AbortRemove { .. } => ("(remove the abort listener)".into(), 0),
                Native::Promisified(f) => {
                    let (l, line) = self.label(f);
                    (format!("promisified {l}"), line)
                }
                Native::PromisifyCallback(_) => ("(promisify callback)".into(), 0),
                Native::Callbackified(f) => {
                    let (l, line) = self.label(f);
                    (format!("callbackified {l}"), line)
                }
                Native::CallbackifyDone { .. } => ("(callbackify handler)".into(), 0),
                Native::EventsOn { .. } => ("(events.on listener)".into(), 0),
                Native::IntervalTick(g) => (format!("{} tick", self.agen_name(*g)), 0),
                Native::IterResultOf { .. } => ("(for await: the next value)".into(), 0),
            },
            Value::Builtin(b) => (b.name(), 0),
            other => (self.inspect(other, false), 0),
        }
    }
}
