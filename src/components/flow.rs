//! The flow view: each request is a token that travels from its client into the queue, onto
//! a thread or the loop, out to the database and back; requests turned away fall into a pile
//! that stays. Where everything is comes from `crate::flow::layout` (the engine's snapshot);
//! this only eases tokens toward those places while playing, flies responses and refusals
//! between them, and draws on a canvas (a few hundred tokens a frame, with no DOM to diff).
//! Paused, stepped or seeking, it draws the exact state with no motion; so does a reader who
//! prefers reduced motion, always.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use asyncviz_engine::{LaneKind, LaneState, QueueKind};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d as C2d, HtmlCanvasElement};
use yew::prelude::*;

use super::context::Ctx;
use crate::flow::{layout, pile_dot, pile_dots, Doing, R};
use crate::i18n::{tr, trf, Lang};

/// Most requests a frame's snapshot lists for the flow (the queue's head and everything on a
/// lane come besides): more than the picture has room for.
pub const FLOW_REQUESTS: usize = 400;
/// How quickly a token closes on its place while playing (ms of wall time per e-fold).
const EASE_MS: f64 = 70.0;
/// How long a response or a refusal flies (ms of wall time).
const FLY_MS: f64 = 450.0;
/// Most flights started in one frame, and in the air at once (the counts stay exact: these
/// only show that something went home or was turned away).
const FLIGHTS_PER_FRAME: usize = 4;
const MAX_FLIGHTS: usize = 40;

#[derive(Properties, PartialEq)]
pub struct FlowProps {
    pub index: usize,
    /// A tour step asks the reader to watch it (marked `data-watch`, outlined).
    #[prop_or_default]
    pub watched: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Flight {
    /// A response flies back to its client.
    Response,
    /// A 202 Accepted flies back at once (the job queue).
    Accepted,
    /// A request turned away bounces off the queue and falls into the pile.
    Refused,
}

struct Flying {
    kind: Flight,
    from: (f64, f64),
    via: (f64, f64),
    to: (f64, f64),
    born: f64,
}

/// What the drawing remembers between frames (for motion only; never what is drawn where).
#[derive(Default)]
struct Motion {
    at: HashMap<u32, (f64, f64)>,
    wall: f64,
    clock: u64,
    rejected: u64,
    completed: u64,
    responded: HashSet<u32>,
    flights: Vec<Flying>,
    palette: Option<(f64, Palette)>,
}

#[derive(Clone)]
struct Palette {
    ink: String,
    muted: String,
    line: String,
    panel: String,
    run: String,
    ready: String,
    io: String,
    blocked: String,
    idle: String,
    retry: String,
    ok: String,
}

fn palette(el: &web_sys::Element) -> Palette {
    let style = web_sys::window().and_then(|w| w.get_computed_style(el).ok().flatten());
    let get = |name: &str, fallback: &str| {
        style
            .as_ref()
            .and_then(|s| s.get_property_value(name).ok())
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| fallback.to_string())
    };
    Palette {
        ink: get("--ink", "#1d232b"),
        muted: get("--muted", "#5b6470"),
        line: get("--line", "#d5d9df"),
        panel: get("--panel", "#ffffff"),
        run: get("--run", "#2f6fdb"),
        ready: get("--ready", "#8fb0ef"),
        io: get("--io", "#e0a020"),
        blocked: get("--blocked", "#d3423a"),
        idle: get("--idle", "#eef0f3"),
        retry: get("--retry", "#8a55c8"),
        ok: get("--ok", "#1f7a45"),
    }
}

/// The lanes' name in a word or two, and how many are busy.
fn lanes_word(lang: Lang, kind: Option<LaneKind>, busy: usize, n: usize) -> (&'static str, String) {
    let name = match kind {
        Some(LaneKind::Loop) => tr(lang, "event loop"),
        Some(LaneKind::FrontEnd) => tr(lang, "API, answers 202"),
        Some(LaneKind::Carrier) => tr(lang, "carriers"),
        Some(LaneKind::JobWorker) => tr(lang, "workers"),
        Some(LaneKind::OffloadWorker) => tr(lang, "worker threads"),
        Some(_) => tr(lang, "threads"),
        None => "",
    };
    let count = match kind {
        Some(LaneKind::Loop | LaneKind::FrontEnd) => {
            if busy > 0 { tr(lang, "busy") } else { tr(lang, "free") }.to_string()
        }
        _ => trf(lang, "{0}/{1} held", &[&busy, &n]),
    };
    (name, count)
}

/// The queue's name and its length (of its capacity).
fn queue_word(lang: Lang, kind: QueueKind, len: usize, cap: Option<u32>) -> (&'static str, String) {
    let name = match kind {
        QueueKind::Jobs => "Redis",
        QueueKind::Ready => tr(lang, "ready"),
        QueueKind::Offload => tr(lang, "offload"),
        _ => tr(lang, "queue"),
    };
    (name, cap.map_or_else(|| len.to_string(), |c| format!("{len}/{c}")))
}

/// The accessible name: what the picture shows, in words, for this moment (counted from the
/// snapshot as the layout counts them; no layout needed).
pub fn describe(lang: Lang, model: &str, s: &asyncviz_engine::Snapshot) -> String {
    let (queued, busy, lanes) = crate::flow::counts(s);
    trf(
        lang,
        "Request flow, {0}: {1} queued, {2} of {3} threads held, {4} turned away",
        &[&model, &queued, &busy, &lanes, &s.counters.rejected],
    )
}

#[function_component(FlowView)]
pub fn flow_view(props: &FlowProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let canvas = use_node_ref();
    let motion = use_mut_ref(Motion::default);
    let reduced = *use_memo((), |_| super::dom::prefers_reduced_motion());
    let eng = ctx.engine.borrow();
    let snap = (props.index < eng.len())
        .then(|| Rc::new(eng.side(props.index).snapshot_limited(FLOW_REQUESTS, None)));
    let moving = ctx.playing && ctx.seeking.is_none() && !reduced;
    let lang = ctx.lang;
    let jobs = snap.is_some()
        && eng.side(props.index).scenario().model.kind() == asyncviz_engine::ModelKind::JobQueue;
    {
        // Every render draws (hooks first, before any early return).
        let (canvas, motion, snap) = (canvas.clone(), motion.clone(), snap.clone());
        use_effect(move || {
            if let Some(snap) = snap {
                draw(&canvas, &motion, &snap, Look { moving, reduced, lang, jobs });
            }
        });
    }
    let Some(snap) = snap else { return html! {} };
    let sim = eng.side(props.index);
    let (model, _) = super::side::model_title(lang, &sim.scenario().model);
    let letter = (b'A' + props.index as u8) as char;
    let c = &snap.counters;
    // The counts also stand for the picture in the accessible name (no drawing needed).
    let label = describe(lang, model, &snap);
    let marks = {
        let mut m = Vec::new();
        if c.crashes > 0 {
            m.push(trf(lang, "{0} crashes", &[&c.crashes]));
        }
        if c.lost > 0 {
            m.push(trf(lang, "{0} lost", &[&c.lost]));
        }
        if c.duplicated > 0 {
            m.push(trf(lang, "{0} duplicated", &[&c.duplicated]));
        }
        m
    };
    drop(eng);
    html! {
        <figure class="flow" role="img" aria-label={label} data-motion={if moving { "on" } else { "off" }}
            data-watch={props.watched.then_some("flow")}>
            <figcaption aria-hidden="true">
                <span class="flow-title"><span class="letter">{letter}</span>{model}</span>
                <span class={classes!("pile-count", (c.rejected > 0).then_some("bad"))}>
                    {trf(lang, "{0} turned away", &[&c.rejected])}
                </span>
                { for marks.iter().map(|m| html! { <span class="flow-mark">{m.clone()}</span> }) }
            </figcaption>
            <canvas ref={canvas} aria-hidden="true"></canvas>
        </figure>
    }
}

/// How to draw a frame: in motion (playing, motion allowed), without pies (reduced motion),
/// in which language, and whether the side is a job queue.
#[derive(Clone, Copy)]
struct Look {
    moving: bool,
    reduced: bool,
    lang: Lang,
    jobs: bool,
}

fn draw(canvas: &NodeRef, motion: &RefCell<Motion>, snap: &asyncviz_engine::Snapshot, look: Look) {
    let Look { moving, reduced, lang, jobs } = look;
    let Some(el) = canvas.cast::<HtmlCanvasElement>() else { return };
    let (w, h) = (el.client_width() as f64, el.client_height() as f64);
    if w < 10.0 || h < 10.0 {
        return;
    }
    let dpr = web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).clamp(1.0, 3.0);
    let (pw, ph) = ((w * dpr).round() as u32, (h * dpr).round() as u32);
    if el.width() != pw || el.height() != ph {
        el.set_width(pw);
        el.set_height(ph);
    }
    let Some(g) = el.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<C2d>().ok()) else { return };
    let _ = g.set_transform(dpr, 0.0, 0.0, dpr, 0.0, 0.0);
    g.clear_rect(0.0, 0.0, w, h);
    let f = layout(snap, w, h);
    let mut m = motion.borrow_mut();
    let wall = crate::state::now_ms();
    let pal = match &m.palette {
        Some((at, p)) if wall - at < 1000.0 => p.clone(),
        _ => {
            let p = palette(&el);
            m.palette = Some((wall, p.clone()));
            p
        }
    };
    let dt = (wall - m.wall).clamp(0.0, 200.0);
    let went_back = snap.time_us < m.clock;
    let c = &snap.counters;
    if !moving || went_back {
        m.flights.clear();
    }
    // Flights: responses home, 202s at once, refusals into the pile.
    let entry = f.stages.first().map_or((f.clients.x + f.clients.w + 8.0, f.clients.cy()), |s| {
        (s.column.rect.x, s.column.rect.y + 6.0)
    });
    let home = |y: f64| {
        (f.clients.x + f.clients.w * 0.6, y.clamp(f.clients.y + 6.0, f.clients.y + f.clients.h - 6.0))
    };
    if moving && !went_back {
        let drawn: HashSet<u32> = f.tokens.iter().map(|t| t.id).collect();
        let done = c.completed.saturating_sub(m.completed) as usize;
        let mut gone: Vec<(u32, (f64, f64))> =
            m.at.iter().filter(|(id, _)| !drawn.contains(id)).map(|(id, p)| (*id, *p)).collect();
        gone.sort_by_key(|g| g.0);
        for (_, from) in gone.into_iter().take(done.min(FLIGHTS_PER_FRAME)) {
            let to = home(from.1);
            let via = ((from.0 + to.0) / 2.0, (from.1 + to.1) / 2.0);
            m.flights.push(Flying { kind: Flight::Response, from, via, to, born: wall });
        }
        // Turned away: up to the queue's mouth, off it, and down into the pile below.
        let refused = c.rejected.saturating_sub(m.rejected) as usize;
        for k in 0..refused.min(FLIGHTS_PER_FRAME) {
            let from = home(f.clients.y + 10.0 + (k as f64 * 13.0) % (f.clients.h - 20.0).max(1.0));
            let to = (entry.0 - 4.0 - k as f64 * 3.0, f.pile.y + f.pile.h - R);
            m.flights.push(Flying { kind: Flight::Refused, from, via: entry, to, born: wall });
        }
        if jobs {
            for r in snap.requests.iter().filter(|r| r.responded) {
                if m.responded.insert(r.id) && m.flights.len() < MAX_FLIGHTS {
                    let from = f.stages.first().map_or(entry, |s| (s.area.cx(), s.area.cy()));
                    let to = home(from.1);
                    let via = ((from.0 + to.0) / 2.0, f.clients.y + 4.0);
                    m.flights.push(Flying { kind: Flight::Accepted, from, via, to, born: wall });
                }
            }
        }
        let len = m.flights.len();
        if len > MAX_FLIGHTS {
            m.flights.drain(..len - MAX_FLIGHTS);
        }
    }
    if jobs {
        let live: HashSet<u32> = snap.requests.iter().filter(|r| r.responded).map(|r| r.id).collect();
        m.responded.retain(|id| live.contains(id));
        if !moving {
            m.responded = live;
        }
    }
    m.flights.retain(|fl| wall - fl.born < FLY_MS);
    // Tokens close on their places while playing; otherwise they are exactly there.
    let k = if moving { 1.0 - (-dt / EASE_MS).exp() } else { 1.0 };
    let mut at = HashMap::with_capacity(f.tokens.len());
    let mut drawn_at = Vec::with_capacity(f.tokens.len());
    for t in &f.tokens {
        let (x, y) = match m.at.get(&t.id) {
            Some(&(x, y)) if moving => (x + (t.x - x) * k, y + (t.y - y) * k),
            None if moving => {
                let (x, y) = home(t.y);
                (x + (t.x - x) * k, y + (t.y - y) * k)
            }
            _ => (t.x, t.y),
        };
        at.insert(t.id, (x, y));
        drawn_at.push((x, y));
    }
    m.at = at;
    m.wall = wall;
    m.clock = snap.time_us;
    m.rejected = c.rejected;
    m.completed = c.completed;

    // The picture.
    g.set_font("11px system-ui, sans-serif");
    g.set_text_baseline("alphabetic");
    let label = |text: &str, x: f64, y: f64, colour: &str| {
        g.set_fill_style_str(colour);
        let _ = g.fill_text(text, x, y);
    };
    // A label squeezed into its region's width (the canvas narrows the letters), so that
    // neighbouring regions' labels never run into each other.
    let fit = |text: &str, x: f64, y: f64, colour: &str, width: f64| {
        g.set_fill_style_str(colour);
        let _ = g.fill_text_with_max_width(text, x, y, width.max(8.0));
    };
    // Clients.
    let (name_y, count_y) = (10.0, 22.0);
    fit(tr(lang, "clients"), f.clients.x, name_y, &pal.muted, f.clients.w + 6.0);
    g.set_fill_style_str(&pal.idle);
    let people = ((f.clients.h / 26.0).floor() as usize).clamp(2, 8);
    for i in 0..people {
        let cy = f.clients.y + (i as f64 + 0.5) * f.clients.h / people as f64;
        let cx = f.clients.x + f.clients.w * 0.4;
        g.begin_path();
        let _ = g.arc(cx, cy - 5.0, 3.5, 0.0, std::f64::consts::TAU);
        g.fill();
        g.fill_rect(cx - 5.0, cy, 10.0, 6.0);
    }
    // Stages: the queue as a column that fills, then the lanes.
    for st in &f.stages {
        let col = &st.column;
        let r = col.rect;
        g.set_stroke_style_str(&pal.line);
        g.set_line_width(1.0);
        g.stroke_rect(r.x + 0.5, r.y + 0.5, r.w - 1.0, r.h - 1.0);
        if col.fill > 0.0 {
            let full = col.capacity.is_some_and(|c| col.len as u64 >= c as u64);
            g.set_global_alpha(if full { 0.35 } else { 0.18 });
            g.set_fill_style_str(if full { &pal.blocked } else { &pal.io });
            let fh = (r.h - 2.0) * col.fill;
            g.fill_rect(r.x + 1.0, r.y + r.h - 1.0 - fh, r.w - 2.0, fh);
            g.set_global_alpha(1.0);
        }
        let (name, count) = queue_word(lang, col.kind, col.len, col.capacity);
        fit(name, r.x, name_y, &pal.muted, r.w + 4.0);
        g.set_font("bold 11px system-ui, sans-serif");
        fit(&count, r.x, count_y, &pal.ink, r.w + 4.0);
        g.set_font("11px system-ui, sans-serif");
        let busy = st.lanes.iter().filter(|b| b.busy).count();
        let n = st.lanes.len() + st.hidden_lanes;
        let (name, count) = lanes_word(lang, st.lane_kind, busy, n);
        fit(name, st.area.x, name_y, &pal.muted, st.area.w);
        g.set_font("bold 11px system-ui, sans-serif");
        fit(&count, st.area.x, count_y, &pal.ink, st.area.w);
        g.set_font("11px system-ui, sans-serif");
        // Boxes by state, one path per colour (a frame draws hundreds: few calls, one fill each).
        for (state_of, fill) in
            [(0u8, &pal.run), (1, &pal.ready), (2, &pal.io), (3, &pal.blocked), (4, &pal.idle)]
        {
            let mine = |b: &&crate::flow::LaneBox| {
                let k = match b.state {
                    LaneState::Running { .. } => 0,
                    LaneState::Ready => 1,
                    LaneState::Io { .. } => 2,
                    LaneState::Blocked { .. } => 3,
                    _ => 4,
                };
                k == state_of
            };
            for busy in [true, false] {
                g.begin_path();
                let mut any = false;
                for b in st.lanes.iter().filter(mine).filter(|b| b.busy == busy) {
                    g.rect(b.rect.x, b.rect.y, b.rect.w, b.rect.h);
                    any = true;
                }
                if !any {
                    continue;
                }
                g.set_fill_style_str(fill);
                g.set_global_alpha(if busy { 0.3 } else { 1.0 });
                g.fill();
                g.set_global_alpha(1.0);
                g.set_stroke_style_str(if busy { fill } else { &pal.line });
                g.stroke();
            }
        }
        if col.hidden > 0 {
            label(&format!("+{}", col.hidden), r.x + 2.0, r.y + 11.0, &pal.ink);
        }
        if st.hidden_lanes > 0 {
            label(
                &format!("+{}", st.hidden_lanes),
                st.area.x + st.area.w - 26.0,
                st.area.y + st.area.h - 3.0,
                &pal.muted,
            );
        }
    }
    // The database, and the jobs parked until a time.
    let db = f.db;
    g.set_stroke_style_str(&pal.line);
    g.stroke_rect(db.x + 0.5, db.y + 0.5, db.w - 1.0, db.h - 1.0);
    fit(if jobs { tr(lang, "results") } else { tr(lang, "database") }, db.x, name_y, &pal.muted, db.w);
    let waiting = f
        .tokens
        .iter()
        .filter(|t| matches!(t.doing, Doing::Awaiting | Doing::HeldIo | Doing::Blocked))
        .count()
        + f.db_hidden;
    g.set_font("bold 11px system-ui, sans-serif");
    fit(&trf(lang, "{0} waiting", &[&waiting]), db.x, count_y, &pal.ink, db.w);
    g.set_font("11px system-ui, sans-serif");
    if f.db_hidden > 0 {
        label(&format!("+{}", f.db_hidden), db.x + 2.0, db.y + db.h - 3.0, &pal.ink);
    }
    if jobs || f.tokens.iter().any(|t| t.doing == Doing::Parked) {
        let p = f.parked;
        g.set_stroke_style_str(&pal.line);
        g.stroke_rect(p.x + 0.5, p.y + 0.5, p.w - 1.0, p.h - 1.0);
        fit(tr(lang, "backoff, redelivery"), p.x + 2.0, p.y + p.h - 3.0, &pal.muted, p.w - 4.0);
    }
    // Tethers: a thread held for the whole wait.
    g.set_line_width(1.0);
    g.set_stroke_style_str(&pal.blocked);
    g.set_global_alpha(0.55);
    g.begin_path();
    for (t, (x, y)) in f.tokens.iter().zip(&drawn_at) {
        if let Some((lx, ly)) = t.tether {
            g.move_to(lx, ly);
            g.line_to(*x, *y);
        }
    }
    g.stroke();
    g.set_global_alpha(1.0);
    // Tokens, by colour: a faint disc under each one with a pie, then one path of every
    // token's solid part (the whole disc, or what is left of its step as a wedge).
    for (kinds, colour) in [
        (&[Doing::Queued][..], &pal.muted),
        (&[Doing::Running][..], &pal.run),
        (&[Doing::WaitingCore][..], &pal.ready),
        (&[Doing::Awaiting, Doing::HeldIo][..], &pal.io),
        (&[Doing::Blocked][..], &pal.blocked),
        (&[Doing::Held][..], &pal.ink),
        (&[Doing::Parked][..], &pal.retry),
    ] {
        use std::f64::consts::{FRAC_PI_2, TAU};
        let mine: Vec<(f64, f64, Option<f64>)> = f
            .tokens
            .iter()
            .zip(&drawn_at)
            .filter(|(t, _)| kinds.contains(&t.doing))
            // With reduced motion no pie empties: the token is solid.
            .map(|(t, (x, y))| (*x, *y, if reduced { None } else { t.left.filter(|l| *l < 0.999) }))
            .collect();
        if mine.is_empty() {
            continue;
        }
        g.set_fill_style_str(colour);
        if mine.iter().any(|m| m.2.is_some()) {
            g.set_global_alpha(0.35);
            g.begin_path();
            for (x, y, _) in mine.iter().filter(|m| m.2.is_some()) {
                g.move_to(x + R, *y);
                let _ = g.arc(*x, *y, R, 0.0, TAU);
            }
            g.fill();
            g.set_global_alpha(1.0);
        }
        g.begin_path();
        for (x, y, left) in &mine {
            match left {
                None => {
                    g.move_to(x + R, *y);
                    let _ = g.arc(*x, *y, R, 0.0, TAU);
                }
                Some(share) if *share > 0.0 => {
                    g.move_to(*x, *y);
                    let _ = g.arc(*x, *y, R, -FRAC_PI_2, -FRAC_PI_2 + TAU * share);
                    g.close_path();
                }
                Some(_) => {}
            }
        }
        g.fill();
    }
    // The pile of requests turned away, and its count.
    let n = (f.turned_away as usize).min(pile_dots(f.pile));
    let landing = m.flights.iter().filter(|fl| fl.kind == Flight::Refused).count();
    g.set_fill_style_str(&pal.blocked);
    g.begin_path();
    for i in 0..n.saturating_sub(landing) {
        let (x, y) = pile_dot(f.pile, i);
        g.move_to(x + R, y);
        let _ = g.arc(x, y, R, 0.0, std::f64::consts::TAU);
    }
    g.fill();
    if f.turned_away > 0 {
        g.set_font("bold 11px system-ui, sans-serif");
        let text = trf(lang, "{0} turned away", &[&f.turned_away]);
        // Beside the heap's bottom row, in the room kept for it.
        let last = pile_dot(f.pile, n.saturating_sub(1).min(pile_dots(f.pile) / 3)).0;
        let x = (last + 2.0 * R + 6.0).min(f.pile.x + f.pile.w - crate::flow::PILE_LABEL + 8.0);
        label(&text, x, f.pile.y + f.pile.h - 2.0, &pal.blocked);
    }
    // Flights in the air.
    for fl in &m.flights {
        let s = ((wall - fl.born) / FLY_MS).clamp(0.0, 1.0);
        let (x, y) = bezier(fl.from, fl.via, fl.to, s);
        match fl.kind {
            Flight::Response => {
                // Smaller and fainter than a request: a response on its way home.
                g.set_global_alpha(0.75);
                dot(&g, x, y, R * 0.7, &pal.ok, &pal.panel, None);
                g.set_global_alpha(1.0);
            }
            Flight::Refused => dot(&g, x, y, R, &pal.blocked, &pal.panel, None),
            Flight::Accepted => {
                g.set_font("bold 10px system-ui, sans-serif");
                label("202", x - 8.0, y + 3.0, &pal.ok);
            }
        }
    }
}

/// A token: a faint disc with the share still to do as a solid pie (or solid, if unknown).
fn dot(g: &C2d, x: f64, y: f64, r: f64, colour: &str, ring: &str, left: Option<f64>) {
    use std::f64::consts::{FRAC_PI_2, TAU};
    g.set_fill_style_str(colour);
    match left {
        Some(share) if share < 0.999 => {
            g.set_global_alpha(0.35);
            g.begin_path();
            let _ = g.arc(x, y, r, 0.0, TAU);
            g.fill();
            g.set_global_alpha(1.0);
            if share > 0.0 {
                g.begin_path();
                g.move_to(x, y);
                let _ = g.arc(x, y, r, -FRAC_PI_2, -FRAC_PI_2 + TAU * share);
                g.close_path();
                g.fill();
            }
        }
        _ => {
            g.begin_path();
            let _ = g.arc(x, y, r, 0.0, TAU);
            g.fill();
        }
    }
    g.set_stroke_style_str(ring);
    g.set_line_width(0.8);
    g.begin_path();
    let _ = g.arc(x, y, r + 0.4, 0.0, TAU);
    g.stroke();
}

/// The point at `s` (0..=1) of the quadratic curve from `a` through the pull of `b` to `c`.
fn bezier(a: (f64, f64), b: (f64, f64), c: (f64, f64), s: f64) -> (f64, f64) {
    let u = 1.0 - s;
    (u * u * a.0 + 2.0 * u * s * b.0 + s * s * c.0, u * u * a.1 + 2.0 * u * s * b.1 + s * s * c.1)
}
