//! The typed events that `Sim::step` returns and the narrated log renders.

use serde::Serialize;

use crate::Time;

/// Public request id: the n-th request to arrive has id n (from 1).
pub type ReqId = u32;
/// Index of a lane (thread, loop, worker) in `Snapshot::lanes`; never reused.
pub type LaneId = u32;
/// Index of a queue in `Snapshot::queues`.
pub type QueueId = u16;

/// Why a request was turned away.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCause {
    /// Every thread busy and the queue full (or the loop's backlog full).
    QueueFull,
    /// Dropped from the head of the queue to make room (`discard_oldest`).
    DiscardedOldest,
    /// The server was down, restarting after a crash (connection refused).
    ServerDown,
}

/// Why a request failed (the client got a 500).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FailCause {
    /// One of its `io_ms` steps failed and the error reached the response.
    StepFailed,
    /// The process died while the request was in flight.
    Crash,
}

/// What crashed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrashKind {
    /// The server process (an unhandled rejection in Node.js).
    Server,
    /// The job queue's front end, right after a database commit.
    FrontEnd,
    /// A job worker process, in the middle of a job.
    Worker,
}

/// One thing that happened; an `Event` is the list of what one engine event
/// caused, in the order it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Transition {
    /// A request arrived at the server.
    Arrived { req: ReqId },
    /// A request was turned away.
    Rejected { req: ReqId, cause: RejectCause },
    /// A request waits in a queue, now `len` long.
    Queued { req: ReqId, queue: QueueId, len: u32 },
    /// A lane took a request (or a continuation of it) to work on.
    Picked { req: ReqId, lane: LaneId },
    /// The lane starts `dur_us` of computation for the request (it may have to wait for a core).
    Computing { req: ReqId, lane: LaneId, dur_us: Time },
    /// The computation step finished.
    Computed { req: ReqId, lane: LaneId },
    /// The OS scheduler took the core from `lane` at the end of its time slice and gave it to `next`.
    Preempted { lane: LaneId, next: LaneId, core: u16 },
    /// The time slice ended with nobody waiting for a core, so `lane` keeps `core`.
    Continued { lane: LaneId, core: u16 },
    /// Non-blocking wait: the request awaits I/O and the lane moves on.
    Awaiting { req: ReqId, lane: LaneId, dur_us: Time },
    /// Blocking wait: the thread waits for I/O, holding itself but no core.
    WaitingIo { req: ReqId, lane: LaneId, dur_us: Time },
    /// A synchronous blocking call: the thread (even an event loop) is stuck.
    Blocking { req: ReqId, lane: LaneId, dur_us: Time },
    /// I/O finished on a thread that waited for it.
    IoDone { req: ReqId, lane: LaneId },
    /// Awaited I/O finished; the continuation is queued to resume.
    Resumed { req: ReqId },
    /// The loop handed a CPU step to a worker thread.
    Offloaded { req: ReqId, lane: LaneId },
    /// The response went out (`status` 200, or 202 Accepted for a job).
    Responded { req: ReqId, status: u16, latency_us: Time },
    /// A job entered the job queue, now `len` long.
    JobQueued { req: ReqId, len: u32 },
    /// A worker took a job for its `attempt`-th attempt.
    JobStarted { req: ReqId, worker: u32, attempt: u32 },
    /// An attempt failed; retried after `retry_in_us`, or dead-lettered when `None`.
    JobFailed { req: ReqId, attempt: u32, retry_in_us: Option<Time> },
    /// The job's retry backoff ran out; it goes back on the queue.
    JobRetry { req: ReqId },
    /// The job finished `latency_us` after its request arrived.
    JobDone { req: ReqId, attempts: u32, latency_us: Time },
    /// The request failed: the client gets a 500.
    Failed { req: ReqId, cause: FailCause },
    /// A fire-and-forget step of the request failed and nobody observed the error.
    ErrorLost { req: ReqId },
    /// A process crashed: the server (`req` had the unhandled rejection), the
    /// front end (right after committing `req`), or job worker `worker`.
    Crashed { what: CrashKind, req: Option<ReqId>, worker: Option<u32> },
    /// The server is back after a crash and accepts requests again.
    Restarted,
    /// The front end crashed between the commit and the enqueue: the job is gone (the client got 202).
    JobLost { req: ReqId },
    /// The job was written to the outbox table with the commit; the relay publishes it in `relay_in_us`.
    Outboxed { req: ReqId, relay_in_us: Time },
    /// A job a crashed worker held becomes visible again on the queue (visibility timeout over).
    Redelivered { req: ReqId },
    /// A redelivered job was applied a second time (not idempotent).
    Duplicated { req: ReqId },
    /// The request's update (key `key`, sequence `seq`) was applied after a later one (`after`) of the same key.
    OrderViolation { req: ReqId, key: u32, seq: u32, after: u32 },
    /// A new thread started.
    ThreadStarted { lane: LaneId },
    /// An idle thread above the core size timed out and ended.
    ThreadRetired { lane: LaneId },
}

/// What one call to `Sim::step` did: the `index`-th engine event, at `time_us`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Event {
    pub index: u64,
    pub time_us: Time,
    pub what: Vec<Transition>,
}
