//! The trace: after every step, a [`Frame`](crate::Frame) with the line, the stack of the
//! running task's coroutines and asyncio's queues: `_ready` (handles), `_scheduled` (timer
//! handles by due time) and every unfinished task with what it waits for.

use super::aio::{Callback, FutKind, Handle, Status};
use super::vm::{Ctx, Frame, Machine};
use super::{error, Pos, R};
use crate::{
    too_many_steps, Frame as TraceFrame, ItemKind, QueueItem, QueueKind, QueueState, StepKind, MAX_STEPS,
};

/// At most this many stack entries and queue items are recorded over all frames.
const MAX_RECORDED_ITEMS: usize = 1_000_000;

impl Machine {
    pub(super) fn record(&mut self, kind: StepKind, line: u32, stack: Vec<String>) -> R<()> {
        if self.frames.len() >= MAX_STEPS {
            return Err(too_many_steps());
        }
        let queues = self.queues();
        self.recorded_items += stack.len() + queues.iter().map(|q| q.items.len()).sum::<usize>();
        if self.recorded_items > MAX_RECORDED_ITEMS {
            return Err(error(
                Pos { line: 0, col: 0 },
                format!("the program keeps too many tasks alive for too long to be shown (more than {MAX_RECORDED_ITEMS} queue entries over all steps)"),
            ));
        }
        let output_len = self.output.len();
        self.frames.push(TraceFrame { time_us: self.now, line, stack, queues, output_len, kind });
        Ok(())
    }

    fn queues(&self) -> Vec<QueueState> {
        let ready = self.ready.iter().map(|h| self.handle_item(h)).collect();
        let scheduled = self
            .scheduled
            .iter()
            .map(|t| QueueItem {
                kind: ItemKind::Timer,
                label: t.label.clone(),
                line: t.line,
                due_us: Some(t.when),
            })
            .collect();
        let tasks = self
            .live
            .iter()
            .map(|&t| {
                let state = match &self.tasks[t].status {
                    Status::Ready => "ready".to_string(),
                    Status::Running => "running".to_string(),
                    Status::Waiting(what) => format!("⏳ {what}"),
                    Status::Done => "done".to_string(),
                };
                let label = format!("{} {state}", self.task_label(t));
                QueueItem { kind: ItemKind::Waiting, label, line: self.tasks[t].line, due_us: None }
            })
            .collect();
        vec![
            QueueState { kind: QueueKind::Ready, items: ready },
            QueueState { kind: QueueKind::Scheduled, items: scheduled },
            QueueState { kind: QueueKind::Tasks, items: tasks },
        ]
    }

    pub(super) fn handle_item(&self, h: &Handle) -> QueueItem {
        let (kind, label, line, due_us) = match h {
            Handle::Step(t, _) => {
                let kind = if self.tasks[*t].started { ItemKind::Resume } else { ItemKind::Start };
                (kind, self.task_label(*t), self.tasks[*t].line, None)
            }
            Handle::Timer(tm) => (ItemKind::Timer, tm.label.clone(), tm.line, Some(tm.when)),
            Handle::Done(Callback::Wakeup(t), _) => {
                (ItemKind::Resume, self.task_label(*t), self.tasks[*t].line, None)
            }
            Handle::Done(Callback::Gather(outer), child) => {
                let label = format!("gather._done_callback({})", self.fut_name(*child));
                (ItemKind::DoneCallback, label, self.futs[*outer].line, None)
            }
            Handle::Done(Callback::Stop, fut) => {
                let label = format!("_run_until_complete_cb({})", self.fut_name(*fut));
                (ItemKind::DoneCallback, label, self.futs[*fut].line, None)
            }
            Handle::Done(Callback::Py(f), fut) => {
                let label =
                    format!("{}({})", self.callable_label(f).trim_end_matches("()"), self.fut_name(*fut));
                (ItemKind::DoneCallback, label, self.futs[*fut].line, None)
            }
            Handle::Call(id) => {
                let (label, line) =
                    self.timers.get(*id).map_or((String::new(), 0), |h| (h.label.clone(), h.line));
                (ItemKind::Callback, label, line, None)
            }
        };
        QueueItem { kind, label, line, due_us }
    }

    pub(super) fn task_label(&self, t: usize) -> String {
        format!("{} {}", self.tasks[t].name, self.tasks[t].coro_name)
    }

    /// What a future is called in a "waits for" label: `sleep(0.1)`, `Task-2`, `gather(Task-2, Task-3)`.
    pub(super) fn fut_name(&self, f: usize) -> String {
        match &self.futs[f].kind {
            FutKind::Sleep(label) => label.clone(),
            FutKind::Plain => "Future".into(),
            FutKind::Task(t) => self.tasks[*t].name.clone(),
            FutKind::Gather { children, .. } => {
                let names: Vec<String> = children
                    .iter()
                    .map(|&c| match &self.futs[c].kind {
                        FutKind::Task(t) => self.tasks[*t].name.clone(),
                        _ => "…".to_string(),
                    })
                    .collect();
                format!("gather({})", names.join(", "))
            }
        }
    }

    /// The stack for a frame: `<module>` (and the functions it calls) at the top level, else
    /// the running task's coroutines and the functions they call (the program's own, not the
    /// runtime's), the bottom one with the task's name.
    pub(super) fn stack_labels(&self, ctx: Ctx, _top: Option<&Frame>) -> Vec<String> {
        let running = &self.executing[self.exec_base.min(self.executing.len())..];
        let t = match ctx {
            Ctx::Task(t) => t,
            Ctx::Module => {
                let mut out: Vec<String> = self.executing.clone();
                if let Some(first) = out.first_mut() {
                    *first = "<module>".into();
                } else {
                    out.push("<module>".into());
                }
                return out;
            }
            Ctx::Callback => {
                let mut out = vec!["(callback)".to_string()];
                out.extend(running.iter().cloned());
                return out;
            }
        };
        let task = &self.tasks[t];
        let mut out: Vec<String> = task
            .stack
            .iter()
            .map(|e| &*e.frame)
            .filter(|f| !f.code.internal)
            .map(|f| format!("{}()", f.code.name))
            .collect();
        out.extend(running.iter().cloned());
        match out.first_mut() {
            Some(first) => *first = format!("{} {first}", task.name),
            None => out.push(self.task_label(t)),
        }
        out
    }
}
