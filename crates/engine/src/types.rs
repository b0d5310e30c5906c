//! The shared vocabulary of the engine's outputs: what a lane is and does, where a request
//! is, what a queue holds, and the lane history's segments. Every other module reads these;
//! this one reads none of them.

use crate::event::{LaneId, QueueId, ReqId};
use crate::Time;

/// What a lane is, for naming and drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneKind {
    /// Tomcat request thread.
    PoolThread,
    /// ThreadPoolExecutor thread.
    ExecutorThread,
    /// The event-loop thread.
    Loop,
    /// Worker thread that runs offloaded CPU work for the loop.
    OffloadWorker,
    /// Carrier thread of virtual threads.
    Carrier,
    /// The job queue's front end (an event loop that answers 202).
    FrontEnd,
    /// A job-queue worker process.
    JobWorker,
}

/// What a lane is doing right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum LaneState {
    /// Nothing to do.
    Idle,
    /// Has computation to do and waits for a core.
    Ready,
    /// Computing on `core`.
    Running { core: u16 },
    /// Waits for I/O while holding the thread (blocking model).
    Io { until: Time },
    /// Stuck in a synchronous blocking call.
    Blocked { until: Time },
    /// Ended (executor keep-alive).
    Retired,
}

/// Where a request is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "place", rename_all = "snake_case")]
pub enum Place {
    /// Waiting in a queue.
    Queue { queue: QueueId },
    /// Held by a lane (running, waiting for a core, or waiting on I/O there).
    Lane { lane: LaneId },
    /// Suspended on awaited I/O; no lane holds it.
    Awaiting { until: Time },
    /// A failed job waiting out its backoff.
    RetryWait { until: Time },
    /// A job in the outbox table, waiting for the relay to publish it.
    Outbox { until: Time },
    /// A job whose worker crashed, invisible on the queue until the visibility timeout.
    Redelivery { until: Time },
}

/// What a queue holds, for drawing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QueueKind {
    /// A pool's accept or task queue.
    Accept,
    /// An executor's task queue.
    Tasks,
    /// An event loop's ready queue (new requests and continuations).
    Ready,
    /// Offloaded CPU work waiting for a worker thread.
    Offload,
    /// The job queue (Redis list / BullMQ wait list).
    Jobs,
    /// A job worker's own ready queue.
    WorkerReady,
}

/// A closed stretch of time during which a lane did one thing, for the
/// timeline (Gantt) view. Idle time is not recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub lane: LaneId,
    pub start: Time,
    pub end: Time,
    pub state: LaneState,
    /// The request the lane held, if any.
    pub req: Option<ReqId>,
}
