//! Every name a lane or a queue goes by on screen, in English or Korean, built here and
//! nowhere else: the diagram, the timeline, the trace, the handler panel, the narration and
//! the code lab all ask this module. Thread names that real runtimes print (`http-nio-exec-3`,
//! `task-2`, `carrier-1`) come from the engine's [`LaneView::name`] and stay as they are in
//! every language; descriptive names go through the catalog.

use asyncviz_engine::{LaneKind, LaneView, QueueKind, Sim};
use asyncviz_lab::QueueKind as LabQueue;

use crate::i18n::{tr, trf, Lang};

/// A lane's display name: thread names such as `http-nio-exec-3` stay as they are.
pub fn lane(lang: Lang, l: &LaneView) -> String {
    match (lang, l.kind) {
        (Lang::En, _) => l.name(),
        (_, LaneKind::Loop) => tr(lang, "event loop").to_string(),
        (_, LaneKind::OffloadWorker) => trf(lang, "worker thread {0}", &[&l.number]),
        (_, LaneKind::FrontEnd) => tr(lang, "front end (event loop)").to_string(),
        (_, LaneKind::JobWorker) => trf(lang, "job worker {0}", &[&l.number]),
        _ => l.name(),
    }
}

/// Short lane label drawn inside its box.
pub fn lane_short(lang: Lang, l: &LaneView) -> String {
    match l.kind {
        LaneKind::PoolThread | LaneKind::ExecutorThread => format!("T{}", l.number),
        LaneKind::Loop => tr(lang, "loop").into(),
        LaneKind::OffloadWorker | LaneKind::JobWorker => format!("W{}", l.number),
        LaneKind::Carrier => format!("C{}", l.number),
        LaneKind::FrontEnd => "API".into(),
    }
}

/// A queue's name; `first_lane` (a lane that takes from it) tells a loop's ready queue from a
/// carrier's or the job API's.
pub fn queue(lang: Lang, kind: QueueKind, first_lane: Option<LaneKind>) -> &'static str {
    match (kind, first_lane) {
        (QueueKind::Accept, _) => tr(lang, "Accept queue"),
        (QueueKind::Tasks, _) => tr(lang, "Task queue"),
        (QueueKind::Ready, Some(LaneKind::Carrier)) => tr(lang, "Ready virtual threads"),
        (QueueKind::Ready, Some(LaneKind::FrontEnd)) => tr(lang, "Incoming requests"),
        (QueueKind::Ready, _) => tr(lang, "Ready queue"),
        (QueueKind::Offload, _) => tr(lang, "Offloaded CPU work"),
        (QueueKind::Jobs, _) => tr(lang, "Job queue (Redis)"),
        (QueueKind::WorkerReady, _) => tr(lang, "Worker queue"),
    }
}

/// A lane's display name, retired ones included.
pub fn lane_by_id(lang: Lang, sim: &Sim, id: u32) -> String {
    sim.all_lanes()
        .nth(id as usize)
        .map_or_else(|| trf(lang, "thread {0}", &[&id]), |l: LaneView| lane(lang, &l))
}

/// The heading of a queue.
pub fn lab_queue(lang: Lang, q: LabQueue) -> &'static str {
    match q {
        LabQueue::NextTick => tr(lang, "nextTick queue"),
        LabQueue::Microtask => tr(lang, "Microtask queue (promise jobs)"),
        LabQueue::Timers => tr(lang, "Timers"),
        LabQueue::Immediate => tr(lang, "Check queue (setImmediate)"),
        LabQueue::Ready => tr(lang, "Ready queue (call_soon)"),
        LabQueue::Scheduled => tr(lang, "Scheduled timers (call_later)"),
        LabQueue::Tasks => tr(lang, "Tasks"),
    }
}
