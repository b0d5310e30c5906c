//! The trace: after every step, a [`Frame`] with the line, the stack of the running task's
//! coroutines and asyncio's queues: `_ready` (handles), `_scheduled` (timer handles by due
//! time) and every unfinished task with what it waits for.

use super::runtime::{Callback, CoroKind, FutKind, Handle, Status};
use super::vm::{CoFrame, Ctx, Machine};
use super::{error, Pos, R};
use crate::{too_many_steps, Frame, ItemKind, QueueItem, QueueKind, QueueState, StepKind, MAX_STEPS};

/// At most this many stack entries and queue items are recorded over all frames: a program
/// that keeps thousands of tasks alive for thousands of steps would need gigabytes.
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
        self.frames.push(Frame {
            time_us: self.now,
            line,
            stack,
            queues,
            output_len: self.output.len(),
            kind,
        });
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
            Handle::Step(t) => {
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
        };
        QueueItem { kind, label, line, due_us }
    }

    fn coro_label(&self, c: usize) -> String {
        match &self.coros[c].kind {
            CoroKind::User { func, .. } => format!("{}()", func.name),
            CoroKind::Sleep { label, .. } => label.clone(),
        }
    }

    pub(super) fn task_label(&self, t: usize) -> String {
        format!("{} {}", self.tasks[t].name, self.coro_label(self.tasks[t].coro))
    }

    /// What a future is called in a "waits for" label: `sleep(0.1)`, `Task-2`, `gather(Task-2, Task-3)`.
    pub(super) fn fut_name(&self, f: usize) -> String {
        match &self.futs[f].kind {
            FutKind::Sleep(label) => label.clone(),
            FutKind::Task(t) => self.tasks[*t].name.clone(),
            FutKind::Gather { children, .. } => {
                let names: Vec<String> = children
                    .iter()
                    .map(|&c| match &self.futs[c].kind {
                        FutKind::Task(t) => self.tasks[*t].name.clone(),
                        _ => "gather(…)".to_string(),
                    })
                    .collect();
                format!("gather({})", names.join(", "))
            }
        }
    }

    pub(super) fn stack(&self, ctx: Ctx, top: Option<&CoFrame>) -> Vec<String> {
        let Ctx::Task(t) = ctx else { return vec!["<module>".to_string()] };
        let task = &self.tasks[t];
        let stack: Vec<String> = task
            .stack
            .iter()
            .chain(top)
            .enumerate()
            .map(|(i, f)| {
                if i == 0 {
                    format!("{} {}()", task.name, f.func.name)
                } else {
                    format!("{}()", f.func.name)
                }
            })
            .collect();
        if stack.is_empty() {
            vec![self.task_label(t)]
        } else {
            stack
        }
    }
}
