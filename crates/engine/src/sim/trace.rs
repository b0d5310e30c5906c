//! Tracing: the spans of one request, like a distributed trace.
//!
//! The request id is the trace id: it follows the request through the front
//! end, the queues, the threads or workers and the result. The simulation
//! records a small mark each time a request changes place (when
//! [`Builder::traces`](crate::Builder::traces) asks for it); a span runs from
//! one mark of the request to its next.

use std::collections::VecDeque;

use serde::Serialize;

use super::Sim;
use crate::event::{FailCause, LaneId, QueueId, RejectCause, ReqId};
use crate::types::QueueKind;
use crate::Time;

/// How many requests' spans a trace keeps by default (the app and docs use it).
pub const DEFAULT_TRACE_REQUESTS: u32 = 10_000;

/// What a request was doing during a span.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SpanKind {
    /// Waiting in a queue (an accept queue, a loop's ready queue, the job queue, a worker's queue).
    Queued { queue: QueueId, queue_kind: QueueKind },
    /// Held by a thread, loop or worker: computing or waiting for a core. The lane is named by
    /// its `LaneView` (`Sim::all_lanes`), in whatever language the reader uses.
    Running { lane: LaneId },
    /// Blocking I/O: the thread waits, holding itself.
    WaitingIo { lane: LaneId },
    /// A synchronous blocking call: the thread is stuck.
    Blocked { lane: LaneId },
    /// Awaited I/O: suspended, holding no thread.
    AwaitingIo,
    /// Attempt `attempt` failed; waiting out the backoff before the retry.
    Backoff { attempt: u32 },
    /// The worker holding the job crashed; invisible until the visibility timeout.
    Redelivery,
    /// Committed to the outbox table; waiting for the relay to publish it.
    Outbox,
    /// Instant: the response went out (200, or 202 for a job).
    Responded { status: u16 },
    /// Instant: the request failed (500).
    Failed { cause: FailCause },
    /// Instant: the request was turned away.
    Rejected { cause: RejectCause },
    /// Instant: job attempt `attempt` failed.
    AttemptFailed { attempt: u32 },
    /// Instant: the job went to the dead-letter queue.
    DeadLettered,
    /// Instant: the worker running the job crashed.
    Crashed,
    /// Instant: the front end crashed before enqueueing the job; it is lost.
    JobLost,
    /// Instant: the job was applied (done).
    Done,
}

impl SpanKind {
    /// True for a point in time (start = end) rather than a stretch.
    pub fn is_instant(&self) -> bool {
        matches!(
            self,
            SpanKind::Responded { .. }
                | SpanKind::Failed { .. }
                | SpanKind::Rejected { .. }
                | SpanKind::AttemptFailed { .. }
                | SpanKind::DeadLettered
                | SpanKind::Crashed
                | SpanKind::JobLost
                | SpanKind::Done
        )
    }
}

/// One span of a request's trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Span {
    /// The trace id: the request id.
    pub req: ReqId,
    pub kind: SpanKind,
    pub start_us: Time,
    /// `None` while the span is still open (the request is in it now).
    pub end_us: Option<Time>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MarkKind {
    Queued(QueueId),
    Running(LaneId),
    WaitingIo(LaneId),
    Blocked(LaneId),
    Awaiting,
    Backoff(u32),
    Redelivery,
    Outbox,
    Responded(u16),
    Failed(FailCause),
    Rejected(RejectCause),
    AttemptFailed(u32),
    DeadLettered,
    Crashed,
    Lost,
    Done,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Mark {
    pub req: ReqId,
    pub t: Time,
    pub kind: MarkKind,
}

/// Marks of the last `max` requests, oldest first.
#[derive(Clone, Debug)]
pub(crate) struct Traces {
    max: u32,
    newest: ReqId,
    marks: VecDeque<Mark>,
}

impl Traces {
    pub fn new(max: u32) -> Self {
        Traces { max: max.max(1), newest: 0, marks: VecDeque::new() }
    }

    pub fn len(&self) -> usize {
        self.marks.len()
    }

    /// Records `m`; `newest` is the id of the latest request to arrive.
    /// Marks of requests older than the last `max` are not kept: they fall
    /// off the front, and later ones (a retry long after the request
    /// arrived) are not recorded, so memory stays bounded after arrivals stop.
    pub fn push(&mut self, m: Mark, newest: ReqId) {
        self.newest = newest;
        if m.req.saturating_add(self.max) <= newest {
            return;
        }
        self.marks.push_back(m);
        while self.marks.front().is_some_and(|f| f.req.saturating_add(self.max) <= newest) {
            self.marks.pop_front();
        }
    }

    pub fn spans(&self, req: ReqId, queues: &[QueueKind]) -> Vec<Span> {
        if req.saturating_add(self.max) <= self.newest {
            return Vec::new(); // too old: some of its marks may be gone
        }
        let marks: Vec<&Mark> = self.marks.iter().filter(|m| m.req == req).collect();
        let mut out: Vec<Span> = Vec::with_capacity(marks.len());
        for (i, m) in marks.iter().enumerate() {
            let kind = match m.kind {
                MarkKind::Queued(q) => SpanKind::Queued {
                    queue: q,
                    queue_kind: queues.get(q as usize).copied().unwrap_or(QueueKind::Accept),
                },
                MarkKind::Running(l) => SpanKind::Running { lane: l },
                MarkKind::WaitingIo(l) => SpanKind::WaitingIo { lane: l },
                MarkKind::Blocked(l) => SpanKind::Blocked { lane: l },
                MarkKind::Awaiting => SpanKind::AwaitingIo,
                MarkKind::Backoff(a) => SpanKind::Backoff { attempt: a },
                MarkKind::Redelivery => SpanKind::Redelivery,
                MarkKind::Outbox => SpanKind::Outbox,
                MarkKind::Responded(s) => SpanKind::Responded { status: s },
                MarkKind::Failed(c) => SpanKind::Failed { cause: c },
                MarkKind::Rejected(c) => SpanKind::Rejected { cause: c },
                MarkKind::AttemptFailed(a) => SpanKind::AttemptFailed { attempt: a },
                MarkKind::DeadLettered => SpanKind::DeadLettered,
                MarkKind::Crashed => SpanKind::Crashed,
                MarkKind::Lost => SpanKind::JobLost,
                MarkKind::Done => SpanKind::Done,
            };
            let end = if kind.is_instant() {
                Some(m.t)
            } else {
                // Until the next stretch starts (instants in between do not end it).
                marks[i + 1..].iter().find(|n| !is_instant(n.kind)).or(marks.get(i + 1)).map(|n| n.t)
            };
            if !kind.is_instant() && end == Some(m.t) {
                continue; // nothing happened in between
            }
            if let Some(last) = out.last_mut() {
                if last.kind == kind && last.end_us == Some(m.t) {
                    last.end_us = end;
                    continue;
                }
            }
            out.push(Span { req, kind, start_us: m.t, end_us: end });
        }
        out
    }
}

fn is_instant(k: MarkKind) -> bool {
    matches!(
        k,
        MarkKind::Responded(_)
            | MarkKind::Failed(_)
            | MarkKind::Rejected(_)
            | MarkKind::AttemptFailed(_)
            | MarkKind::DeadLettered
            | MarkKind::Crashed
            | MarkKind::Lost
            | MarkKind::Done
    )
}

impl Sim {
    #[inline]
    pub(super) fn mark(&mut self, req: ReqId, kind: MarkKind) {
        if self.traces.is_some() {
            self.record_mark(req, kind);
        }
    }

    #[inline(never)]
    fn record_mark(&mut self, req: ReqId, kind: MarkKind) {
        if let Some(t) = &mut self.traces {
            t.push(Mark { req, t: self.now, kind }, self.arrivals.issued as ReqId);
        }
    }

    /// Starts recording spans for tracing, keeping those of the last
    /// `max_requests` requests to arrive (see [`Sim::spans`]). Only before
    /// running: [`Builder::traces`](crate::Builder::traces) asks for it.
    pub(crate) fn keep_traces(&mut self, max_requests: u32) {
        self.traces = Some(Traces::new(max_requests));
    }

    /// The spans of request `req` (its trace id), in time order: where it
    /// waited, which thread ran it, its I/O, retries and its outcome. Empty
    /// unless built with [`Builder::traces`](crate::Builder::traces), and for requests older than
    /// the last `max_requests`. The last span of a request in flight is open
    /// (`end_us: None`).
    pub fn spans(&self, req: ReqId) -> Vec<Span> {
        let Some(t) = &self.traces else { return Vec::new() };
        let queues: Vec<QueueKind> = self.queues.iter().map(|q| q.kind).collect();
        t.spans(req, &queues)
    }
}
