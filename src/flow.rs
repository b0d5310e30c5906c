//! The flow view's picture, as pure geometry (tested natively): where every region of a
//! side sits and where every drawn request's token is, from one engine snapshot.
//!
//! Left to right: the clients; each stage of the server (its queue, a column that fills from
//! the bottom, then the threads, loop, carriers or workers that take from it); the database
//! and other services. A request waiting on I/O sits at the database; if a thread holds it
//! meanwhile (a blocking model), a tether runs from that thread to it. Requests turned away
//! fall into a pile under the clients. The component (`components/flow.rs`) only eases tokens
//! toward these places while playing and draws them; everything here is the engine's word.

use asyncviz_engine::{LaneKind, LaneState, LaneView, Place, QueueKind, QueueView, Snapshot, Time};

/// A rectangle in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x - 0.01 && x <= self.x + self.w + 0.01 && y >= self.y - 0.01 && y <= self.y + self.h + 0.01
    }
    pub fn cx(&self) -> f64 {
        self.x + self.w / 2.0
    }
    pub fn cy(&self) -> f64 {
        self.y + self.h / 2.0
    }
}

/// What a token is doing, which decides its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Doing {
    /// Waiting in a queue.
    Queued,
    /// Computing on a core.
    Running,
    /// Holds a thread but waits for a core.
    WaitingCore,
    /// Awaiting I/O with no thread held.
    Awaiting,
    /// Waiting on I/O while a thread holds it (tethered).
    HeldIo,
    /// In a synchronous blocking call (the thread is stuck).
    Blocked,
    /// On a lane, between steps.
    Held,
    /// Backoff, outbox or redelivery: parked until a time.
    Parked,
}

/// One request drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Token {
    pub id: u32,
    pub x: f64,
    pub y: f64,
    pub doing: Doing,
    /// Share of the current step still to do (1 = just started, 0 = done), if known.
    pub left: Option<f64>,
    /// The centre of the thread that holds it while it waits elsewhere.
    pub tether: Option<(f64, f64)>,
}

/// A queue drawn as a column.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    pub rect: Rect,
    pub kind: QueueKind,
    pub len: usize,
    pub capacity: Option<u32>,
    /// How full it looks, 0..=1 (bounded: len / capacity; unbounded: against what fits).
    pub fill: f64,
    /// Requests beyond those drawn.
    pub hidden: usize,
}

/// A lane drawn as a box.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBox {
    pub id: u32,
    pub rect: Rect,
    pub state: LaneState,
    pub busy: bool,
}

/// One stage of the server: a queue and the lanes that take from it.
#[derive(Clone, Debug, PartialEq)]
pub struct Stage {
    pub column: Column,
    pub lane_kind: Option<LaneKind>,
    pub area: Rect,
    pub lanes: Vec<LaneBox>,
    /// Lanes beyond those drawn.
    pub hidden_lanes: usize,
}

/// The whole picture of one side.
#[derive(Clone, Debug, PartialEq)]
pub struct Flow {
    pub w: f64,
    pub h: f64,
    pub clients: Rect,
    pub stages: Vec<Stage>,
    pub db: Rect,
    /// Backoff, outbox and redelivery: jobs parked until a time.
    pub parked: Rect,
    pub pile: Rect,
    pub tokens: Vec<Token>,
    /// Requests at the database beyond those drawn.
    pub db_hidden: usize,
    pub parked_hidden: usize,
    /// Requests turned away so far (the pile), exactly the engine's count.
    pub turned_away: u64,
    pub queued: usize,
    pub lanes_busy: usize,
    pub lanes: usize,
}

/// Requests queued, lanes holding a request, and lanes, as the flow counts them (its
/// accessible name says them without a layout).
pub fn counts(s: &Snapshot) -> (usize, usize, usize) {
    let queued = s.queues.iter().map(|q| q.len).sum();
    (queued, s.lanes.iter().filter(|l| l.req.is_some()).count(), s.lanes.len())
}

/// Token radius and spacing in CSS pixels.
pub const R: f64 = 3.5;
pub const PITCH: f64 = 9.0;
/// Height of the two label rows above the regions (names, then counts) and of the pile under them.
pub const LABEL: f64 = 27.0;
const PILE: f64 = 30.0;
/// Most lanes drawn one by one per stage.
pub const MAX_LANES: usize = 96;
/// The largest a lane's box is drawn (width, height).
const MAX_BOX: (f64, f64) = (72.0, 44.0);
/// Room at the pile's right end for its count.
pub const PILE_LABEL: f64 = 120.0;

/// Slots of a grid of `pitch` inside `r`, row by row from the top-left.
fn grid(r: Rect, pitch: f64) -> (usize, usize) {
    let cols = ((r.w - 2.0) / pitch).floor().max(1.0) as usize;
    let rows = ((r.h - 2.0) / pitch).floor().max(1.0) as usize;
    (cols, rows)
}

fn slot(r: Rect, pitch: f64, cols: usize, i: usize) -> (f64, f64) {
    let (c, row) = (i % cols, i / cols);
    (r.x + 1.0 + pitch / 2.0 + c as f64 * pitch, r.y + 1.0 + pitch / 2.0 + row as f64 * pitch)
}

/// Slot `i` of a column filled from the bottom up.
fn column_slot(r: Rect, pitch: f64, cols: usize, i: usize) -> (f64, f64) {
    let (c, row) = (i % cols, i / cols);
    (r.x + 1.0 + pitch / 2.0 + c as f64 * pitch, r.y + r.h - 1.0 - pitch / 2.0 - row as f64 * pitch)
}

/// The queues that requests pass through, each with the lanes that take from it (job
/// workers' private ready queues are drawn as the shared job queue's stage); the diagram
/// draws the same stages.
pub fn stages(s: &Snapshot) -> Vec<(&QueueView, Vec<&LaneView>)> {
    let kind_of = |id: u16| s.queues.get(id as usize).map(|q| q.kind);
    s.queues
        .iter()
        .filter(|q| q.kind != QueueKind::WorkerReady)
        .map(|q| {
            let lanes = s
                .lanes
                .iter()
                .filter(|l| {
                    l.queue == q.id
                        || (q.kind == QueueKind::Jobs && kind_of(l.queue) == Some(QueueKind::WorkerReady))
                })
                .collect();
            (q, lanes)
        })
        .collect()
}

/// Lays out a side of `w` × `h` CSS pixels from its snapshot.
pub fn layout(s: &Snapshot, w: f64, h: f64) -> Flow {
    let w = w.max(200.0);
    let h = h.max(120.0);
    let top = LABEL;
    let bottom = h - PILE;
    let body = bottom - top - 4.0;
    let cw = (w * 0.09).clamp(26.0, 60.0);
    let dbw = (w * 0.2).clamp(54.0, 150.0);
    let clients = Rect { x: 0.0, y: top, w: cw, h: body };
    let db = Rect { x: w - dbw, y: top, w: dbw, h: body * 0.62 };
    let parked = Rect { x: w - dbw, y: top + body * 0.62 + 4.0, w: dbw, h: body * 0.38 - 4.0 };
    let pile = Rect { x: 0.0, y: bottom + 2.0, w: w - dbw - 8.0, h: PILE - 2.0 };

    let parts = stages(s);
    let n = parts.len().max(1) as f64;
    let gap = 10.0;
    let x0 = cw + gap;
    let span = (w - dbw - gap) - x0;
    let sw = span / n;
    let now = s.time_us;
    let mut tokens = Vec::new();
    let mut stages = Vec::new();
    // Where each lane's box is, to draw what it holds and to tether its I/O.
    let mut lane_at: Vec<(u32, Rect, LaneState)> = Vec::new();
    for (i, (q, lanes)) in parts.iter().enumerate() {
        let sx = x0 + i as f64 * sw;
        let qw = (sw * 0.22).clamp(3.0 * PITCH + 3.0, 4.0 * PITCH + 3.0);
        let col = Rect { x: sx, y: top, w: qw, h: body };
        let (ccols, crows) = grid(col, PITCH);
        let fits = ccols * crows;
        let shown = q.reqs.len().min(q.len).min(fits);
        for (k, id) in q.reqs.iter().take(shown).enumerate() {
            let (x, y) = column_slot(col, PITCH, ccols, k);
            tokens.push(Token { id: *id, x, y, doing: Doing::Queued, left: None, tether: None });
        }
        let fill = match q.capacity {
            Some(c) if c > 0 => (q.len as f64 / c as f64).min(1.0),
            Some(_) => 0.0,
            None => (q.len as f64 / fits as f64).min(1.0),
        };
        let column =
            Column { rect: col, kind: q.kind, len: q.len, capacity: q.capacity, fill, hidden: q.len - shown };
        let area =
            Rect { x: sx + qw + 6.0, y: top, w: (sw - qw - 6.0 - gap / 2.0).max(PITCH + 2.0), h: body };
        let drawn = lanes.len().min(MAX_LANES);
        // Boxes as square as the area allows, each big enough for a token.
        let (mut cols, mut bw, mut bh) = (1usize, area.w, area.h);
        if drawn > 0 {
            let mut best = (1usize, 0.0f64);
            for c in 1..=drawn {
                let rows = drawn.div_ceil(c);
                let (bw, bh) = (area.w / c as f64, area.h / rows as f64);
                let side = bw.min(bh * 1.6);
                if side > best.1 {
                    best = (c, side);
                }
            }
            cols = best.0;
            let rows = drawn.div_ceil(cols);
            // No bigger than a box needs to be: one event loop is a box, not the whole stage.
            bw = (area.w / cols as f64).min(MAX_BOX.0);
            bh = (area.h / rows as f64).min(bw * 1.2).min(MAX_BOX.1).max(PITCH);
        }
        let mut boxes = Vec::new();
        for (k, l) in lanes.iter().take(drawn).enumerate() {
            let r = Rect {
                x: area.x + (k % cols) as f64 * bw + 1.0,
                y: area.y + (k / cols) as f64 * bh + 1.0,
                w: (bw - 2.0).max(2.0),
                h: (bh - 2.0).max(2.0),
            };
            boxes.push(LaneBox { id: l.id, rect: r, state: l.state, busy: l.req.is_some() });
            lane_at.push((l.id, r, l.state));
        }
        stages.push(Stage {
            column,
            lane_kind: lanes.first().map(|l| l.kind),
            area,
            lanes: boxes,
            hidden_lanes: lanes.len() - drawn,
        });
    }

    // Requests on a lane: in its box, or out at the database with a tether while the thread
    // waits on I/O or is blocked in a call.
    let (dcols, drows) = grid(db, PITCH);
    let db_fits = dcols * drows;
    let mut at_db = 0usize;
    let (pcols, prows) = grid(parked, PITCH);
    let mut at_parked = 0usize;
    let mut db_hidden = 0;
    let mut parked_hidden = 0;
    for r in &s.requests {
        match r.place {
            Place::Queue { .. } => {}
            Place::Lane { lane } => {
                let Some((_, rect, state)) = lane_at.iter().find(|(id, ..)| *id == lane).copied() else {
                    continue;
                };
                let lv = s.lanes.iter().find(|l| l.id == lane);
                match state {
                    LaneState::Io { until } | LaneState::Blocked { until } => {
                        if at_db >= db_fits {
                            db_hidden += 1;
                            continue;
                        }
                        let (x, y) = slot(db, PITCH, dcols, at_db);
                        at_db += 1;
                        let since = lv.map_or(now, |l| l.since_us);
                        let doing = if matches!(state, LaneState::Io { .. }) {
                            Doing::HeldIo
                        } else {
                            Doing::Blocked
                        };
                        tokens.push(Token {
                            id: r.id,
                            x,
                            y,
                            doing,
                            left: share(until.saturating_sub(now), until.saturating_sub(since)),
                            tether: Some((rect.cx(), rect.cy())),
                        });
                    }
                    LaneState::Running { .. } | LaneState::Ready => {
                        let left = lv.and_then(|l| share(l.cpu_left_us, r.step_us));
                        let doing = if matches!(state, LaneState::Ready) {
                            Doing::WaitingCore
                        } else {
                            Doing::Running
                        };
                        tokens.push(Token {
                            id: r.id,
                            x: rect.cx(),
                            y: rect.cy(),
                            doing,
                            left,
                            tether: None,
                        });
                    }
                    _ => {
                        tokens.push(Token {
                            id: r.id,
                            x: rect.cx(),
                            y: rect.cy(),
                            doing: Doing::Held,
                            left: None,
                            tether: None,
                        });
                    }
                }
            }
            Place::Awaiting { until } => {
                if at_db >= db_fits {
                    db_hidden += 1;
                    continue;
                }
                let (x, y) = slot(db, PITCH, dcols, at_db);
                at_db += 1;
                tokens.push(Token {
                    id: r.id,
                    x,
                    y,
                    doing: Doing::Awaiting,
                    left: share(until.saturating_sub(now), r.step_us),
                    tether: None,
                });
            }
            Place::RetryWait { .. } | Place::Outbox { .. } | Place::Redelivery { .. } => {
                if at_parked >= pcols * prows {
                    parked_hidden += 1;
                    continue;
                }
                let (x, y) = slot(parked, PITCH, pcols, at_parked);
                at_parked += 1;
                tokens.push(Token { id: r.id, x, y, doing: Doing::Parked, left: None, tether: None });
            }
        }
    }
    let c = &s.counters;
    let (queued, lanes_busy, lanes) = counts(s);
    Flow {
        w,
        h,
        clients,
        stages,
        db,
        parked,
        pile,
        tokens,
        db_hidden,
        parked_hidden,
        turned_away: c.rejected,
        queued,
        lanes_busy,
        lanes,
    }
}

/// `left` of `total` as a share in 0..=1, if there is a total.
fn share(left: Time, total: Time) -> Option<f64> {
    (total > 0).then(|| (left as f64 / total as f64).clamp(0.0, 1.0))
}

/// Where the `i`-th of `n` dots of the pile sits: a heap, wider at the bottom.
pub fn pile_dot(pile: Rect, i: usize) -> (f64, f64) {
    let per_row = ((pile.w - PILE_LABEL) / (R * 2.2)).floor().max(4.0) as usize;
    let row = i / per_row;
    let k = i % per_row;
    let shrink = row as f64 * R * 1.1;
    (pile.x + R + shrink + k as f64 * R * 2.2, pile.y + pile.h - R - row as f64 * R * 1.9)
}

/// Most dots the pile draws (its count is always exact).
pub fn pile_dots(pile: Rect) -> usize {
    let per_row = ((pile.w - PILE_LABEL) / (R * 2.2)).floor().max(4.0) as usize;
    let rows = ((pile.h - 2.0) / (R * 1.9)).floor().max(1.0) as usize;
    (0..rows).map(|r| per_row.saturating_sub(r)).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use asyncviz_engine::{Builder, Scenario};

    /// Every preset's first side and second side, stepped through its first events: every
    /// token sits inside the region the engine's place for it names.
    #[test]
    fn tokens_sit_where_the_engine_says() {
        for p in crate::presets::PRESETS {
            let common: serde_json::Value = serde_json::from_str(p.common).unwrap();
            for m in p.models {
                let m: serde_json::Value = serde_json::from_str(m).unwrap();
                let sc = Scenario::from_value(&crate::state::side_value(&common, &m)).unwrap();
                let mut sim = Builder::new().sim(&sc);
                let mut checked = 0;
                for n in 0..3000 {
                    if sim.step().is_none() {
                        break;
                    }
                    if n % 7 != 0 {
                        continue;
                    }
                    let snap = sim.snapshot_limited(5000, None);
                    for (w, h) in [(640.0, 210.0), (340.0, 150.0)] {
                        let f = layout(&snap, w, h);
                        check(&snap, &f, p.id);
                        checked += f.tokens.len();
                    }
                }
                assert!(checked > 0, "{}: no token drawn", p.id);
            }
        }
    }

    fn check(s: &Snapshot, f: &Flow, id: &str) {
        assert_eq!(f.turned_away, s.counters.rejected, "{id}");
        for t in &f.tokens {
            let r = s
                .requests
                .iter()
                .find(|r| r.id == t.id)
                .unwrap_or_else(|| panic!("{id}: #{} not in flight", t.id));
            let lane_box = |lane: u32| f.stages.iter().flat_map(|st| &st.lanes).find(|b| b.id == lane);
            match r.place {
                Place::Queue { queue } => {
                    let q = &s.queues[queue as usize];
                    let st = f
                        .stages
                        .iter()
                        .find(|st| st.column.kind == q.kind)
                        .unwrap_or_else(|| panic!("{id}: no column for {:?}", q.kind));
                    assert!(st.column.rect.contains(t.x, t.y), "{id}: #{} queued outside its column", t.id);
                    assert_eq!(t.doing, Doing::Queued);
                }
                Place::Lane { lane } => {
                    let b = lane_box(lane).unwrap_or_else(|| panic!("{id}: lane {lane} not drawn"));
                    match b.state {
                        LaneState::Io { .. } | LaneState::Blocked { .. } => {
                            assert!(
                                f.db.contains(t.x, t.y),
                                "{id}: #{} waits on I/O outside the database",
                                t.id
                            );
                            assert_eq!(
                                t.tether,
                                Some((b.rect.cx(), b.rect.cy())),
                                "{id}: #{} untethered",
                                t.id
                            );
                        }
                        _ => {
                            assert!(b.rect.contains(t.x, t.y), "{id}: #{} outside its lane", t.id);
                            assert!(t.tether.is_none());
                        }
                    }
                }
                Place::Awaiting { .. } => {
                    assert!(f.db.contains(t.x, t.y), "{id}: #{} awaits outside the database", t.id);
                    assert!(t.tether.is_none(), "{id}: an awaiting request holds no thread");
                }
                _ => assert!(f.parked.contains(t.x, t.y), "{id}: #{} parked outside", t.id),
            }
            if let Some(l) = t.left {
                assert!((0.0..=1.0).contains(&l), "{id}: {l}");
            }
        }
        // Every region fits in the picture.
        for st in &f.stages {
            for b in &st.lanes {
                assert!(b.rect.x >= 0.0 && b.rect.x + b.rect.w <= f.w + 0.01, "{id}: lane box outside");
                assert!(b.rect.y + b.rect.h <= f.pile.y + 0.01, "{id}: lane box over the pile");
            }
            assert!(st.column.fill >= 0.0 && st.column.fill <= 1.0);
        }
    }

    #[test]
    fn a_blocking_thread_is_tethered_and_the_loop_is_free() {
        let json = |model: &str| {
            format!(
                r#"{{"duration_ms": 500, "workload": {{"arrivals": {{"constant": {{"interval_ms": 5}}}},
                    "steps": [{{"io_ms": 100}}]}}, "model": {model}}}"#
            )
        };
        let run = |model: &str| {
            let sc = Scenario::from_json_str(&json(model)).unwrap();
            let mut sim = Builder::new().sim(&sc);
            sim.run_before(50_000);
            let snap = sim.snapshot();
            layout(&snap, 640.0, 210.0)
        };
        let pool = run(r#"{"thread_pool": {"threads": 4, "queue": 3}}"#);
        assert_eq!(pool.tokens.iter().filter(|t| t.tether.is_some()).count(), 4);
        assert_eq!(pool.lanes_busy, 4);
        assert!(pool.turned_away > 0 && pool.queued == 3);
        let el = run(r#"{"event_loop": {}}"#);
        assert_eq!(el.tokens.iter().filter(|t| t.tether.is_some()).count(), 0);
        assert_eq!(el.tokens.iter().filter(|t| t.doing == Doing::Awaiting).count(), 10);
        assert_eq!(el.turned_away, 0);
        // The I/O pies empty as time passes: the oldest wait (50 ms into 100) has half left.
        let oldest = el.tokens.iter().filter_map(|t| t.left).fold(1.0, f64::min);
        assert!((oldest - 0.5).abs() < 0.011, "{oldest}");
    }

    #[test]
    fn the_pile_is_a_heap_inside_its_box() {
        let pile = Rect { x: 0.0, y: 170.0, w: 300.0, h: 28.0 };
        let n = pile_dots(pile);
        assert!(n > 20);
        for i in 0..n {
            let (x, y) = pile_dot(pile, i);
            assert!(pile.contains(x, y), "{i}: ({x}, {y})");
        }
    }
}
