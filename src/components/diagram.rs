//! The runtime diagram: the model's machinery as boxes, with every request
//! drawn where the engine says it is (queue, thread, loop, I/O, backoff).

use asyncviz_engine::{LaneKind, LaneState, LaneView, Place, QueueKind, QueueView, Snapshot};
use yew::prelude::*;

use super::context::Ctx;
use crate::geometry::{state_class, state_word, token_grid};
use crate::i18n::{tr, trf, Lang};
use crate::names;
use crate::state::Action;

const W: f64 = 600.0;
const PITCH: f64 = 11.0;
const QCOLS: usize = 21;
const QMAX: usize = 63;
const LANE_W: f64 = 40.0;
const LANE_H: f64 = 26.0;
const LCOLS: usize = 8;
const LMAX: usize = 24;

fn queue_label(lang: Lang, q: &QueueView, lanes: &[&LaneView]) -> String {
    let base = names::queue(lang, q.kind, lanes.first().map(|l| l.kind));
    match q.capacity {
        Some(c) => format!("{base}: {} / {c}", q.len),
        None => format!("{base}: {}", q.len),
    }
}

fn lanes_label(lang: Lang, lanes: &[&LaneView]) -> String {
    let busy = lanes.iter().filter(|l| l.req.is_some()).count();
    let n = lanes.len();
    match lanes.first().map(|l| l.kind) {
        Some(LaneKind::PoolThread) | Some(LaneKind::ExecutorThread) => {
            // A thread waiting on I/O is busy (it holds its request) but idle on the CPU: say both.
            let waiting = lanes.iter().filter(|l| matches!(l.state, LaneState::Io { .. })).count();
            trf(
                lang,
                "Threads: {0} of {1} busy, {2} of them waiting on I/O without using a core",
                &[&busy, &n, &waiting],
            )
        }
        Some(LaneKind::Loop) => tr(lang, "The event loop (one thread)").into(),
        Some(LaneKind::OffloadWorker) => trf(lang, "Worker threads: {0} of {1} busy", &[&busy, &n]),
        Some(LaneKind::Carrier) => trf(lang, "Carrier threads: {0} of {1} busy", &[&busy, &n]),
        Some(LaneKind::FrontEnd) => tr(lang, "API front end: answers 202 Accepted at once").into(),
        Some(LaneKind::JobWorker) => trf(lang, "Job workers: {0} of {1} computing or blocked", &[&busy, &n]),
        None => String::new(),
    }
}

/// A request drawn in the diagram that can be picked to follow: a token or a lane box.
#[derive(Clone, Copy, PartialEq)]
enum Pick {
    Token { id: u32, cx: f64, cy: f64 },
    Lane { id: u32, x: f64, y: f64 },
}

impl Pick {
    fn id(self) -> u32 {
        match self {
            Pick::Token { id, .. } | Pick::Lane { id, .. } => id,
        }
    }
}

/// Up to `QMAX` tokens for the first of `total` requests (`ids` may list only the first).
#[allow(clippy::too_many_arguments)]
fn tokens(
    lang: Lang,
    ids: &[u32],
    total: usize,
    x: f64,
    y: f64,
    class: &'static str,
    picks: &mut Vec<Pick>,
    ring: Option<u32>,
) -> Html {
    let pos = token_grid(ids.len(), QCOLS, PITCH, QMAX);
    let mut ringed = None;
    for (id, (dx, dy)) in ids.iter().zip(&pos) {
        let (cx, cy) = (x + 6.0 + dx, y + 7.0 + dy);
        picks.push(Pick::Token { id: *id, cx, cy });
        if ring == Some(*id) {
            ringed = Some((cx, cy));
        }
    }
    let listed: Vec<String> = ids.iter().take(12).map(|id| format!("#{id}")).collect();
    let more = if total > 12 {
        trf(lang, " and {0} more", &[&(total.saturating_sub(listed.len()))])
    } else {
        String::new()
    };
    html! {
        <>
            if !ids.is_empty() {
                <title>{trf(lang, "requests {0}{1}", &[&listed.join(", "), &more])}</title>
            }
            { for pos.iter().map(|(dx, dy)| html! {
                <circle class={classes!("tok", class)} cx={(x + 6.0 + dx).to_string()} cy={(y + 7.0 + dy).to_string()} r="4" />
            }) }
            if let Some((cx, cy)) = ringed {
                <circle class="tok-ring" cx={cx.to_string()} cy={cy.to_string()} r="6.5" />
            }
            if total > QMAX {
                <text class="more" x={(x + 6.0).to_string()} y={(y + 7.0 + 3.0 * PITCH + 4.0).to_string()}>
                    {trf(lang, "+{0} more", &[&(total - QMAX)])}
                </text>
            }
        </>
    }
}

fn rows(n: usize, cols: usize, max: usize) -> usize {
    n.min(max).div_ceil(cols).max(1)
}

/// The seed's sequence for the job queue: the client gets 202 at once, the job
/// goes through the queue to a worker, and the result lands in a store the
/// client is notified from.
fn flow(lang: Lang, s: &Snapshot, jobs: &asyncviz_engine::Jobs) -> Html {
    let jobs_queue = s.queues.iter().find(|q| q.kind == QueueKind::Jobs);
    let queued = jobs_queue.map_or(0, |q| q.len);
    let in_jobs_queue = |p: &Place| jobs_queue.is_some_and(|q| *p == Place::Queue { queue: q.id });
    let working = s
        .requests
        .iter()
        .filter(|r| r.attempt > 0 && !in_jobs_queue(&r.place) && !matches!(r.place, Place::RetryWait { .. }))
        .count();
    let boxes = [
        (tr(lang, "Client"), trf(lang, "{0} waiting", &[&s.counters.in_flight])),
        ("API", tr(lang, "answers 202").to_string()),
        (tr(lang, "Queue"), trf(lang, "{0} jobs", &[&queued])),
        (tr(lang, "Workers"), trf(lang, "{0} jobs", &[&working])),
        (tr(lang, "Result store"), trf(lang, "{0} done", &[&jobs.completed])),
    ];
    let bw = 100.0;
    let gap = (W - 16.0 - bw * 5.0) / 4.0;
    let x = |i: usize| 8.0 + i as f64 * (bw + gap);
    html! {
        <g class="flow">
            { for boxes.iter().enumerate().map(|(i, (name, n))| html! {
                <g>
                    <rect class="flow-box" x={x(i).to_string()} y="4" width={bw.to_string()} height="30" rx="4" />
                    <text class="flow-name" x={(x(i) + 6.0).to_string()} y="16">{*name}</text>
                    <text class="flow-n" x={(x(i) + 6.0).to_string()} y="29">{n.clone()}</text>
                </g>
            }) }
            { for (0..4).map(|i| html! {
                <line class="flow-arrow" x1={(x(i) + bw).to_string()} x2={x(i + 1).to_string()} y1="19" y2="19" />
            }) }
            <path class="flow-back" d={format!("M {} 36 Q {} 50 {} 36", x(1) + 20.0, (x(0) + x(1)) / 2.0 + 50.0, x(0) + 80.0)} />
            <text class="flow-note" x={(x(0) + 30.0).to_string()} y="54">{format!("202 Accepted ×{}", s.counters.completed)}</text>
            <path class="flow-back" d={format!("M {} 36 Q {} 56 {} 36", x(4) + 20.0, (x(0) + x(4)) / 2.0 + 50.0, x(0) + 90.0)} />
            <text class="flow-note" x={(x(3) - 10.0).to_string()} y="54">{trf(lang, "result ready ×{0}, dead-lettered ×{1}", &[&jobs.completed, &jobs.dead_lettered])}</text>
        </g>
    }
}

/// The request id on a pick element (`data-req`), if the event came from one.
fn picked(e: &web_sys::Event) -> Option<(web_sys::Element, u32)> {
    use wasm_bindgen::JsCast;
    let el: web_sys::Element = e.target()?.dyn_into().ok()?;
    let id = el.get_attribute("data-req")?.parse().ok()?;
    Some((el, id))
}

/// Moves keyboard focus to an SVG element (web-sys's `focus` is on `HtmlElement` only).
fn focus(el: &web_sys::Element) {
    if let Ok(f) = js_sys::Reflect::get(el, &"focus".into()) {
        if let Some(f) = wasm_bindgen::JsCast::dyn_ref::<js_sys::Function>(&f) {
            let _ = f.call0(el);
        }
    }
}

/// Transparent buttons over the drawing, one per request drawn: click, or Enter / Space,
/// follows it in the handler code (again: back to following the oldest). One of them is
/// in the tab order; the arrow keys move between them.
fn pick_overlay(ctx: &super::context::Ctx, picks: &[Pick], height: f64) -> Html {
    let lang = ctx.lang;
    let selected = ctx.selected;
    let tab = picks.iter().position(|p| Some(p.id()) == selected).unwrap_or(0);
    let choose = move |id: u32| if selected == Some(id) { None } else { Some(id) };
    let onclick = {
        let d = ctx.dispatcher();
        Callback::from(move |e: MouseEvent| {
            if let Some((_, id)) = picked(&e) {
                d.dispatch(Action::Select(choose(id)));
            }
        })
    };
    let onkeydown = {
        let d = ctx.dispatcher();
        Callback::from(move |e: KeyboardEvent| {
            let Some((el, id)) = picked(&e) else { return };
            let key = e.key();
            match key.as_str() {
                "Enter" | " " | "Spacebar" => d.dispatch(Action::Select(choose(id))),
                "ArrowRight" | "ArrowDown" => {
                    if let Some(n) = el.next_element_sibling() {
                        focus(&n);
                    }
                }
                "ArrowLeft" | "ArrowUp" => {
                    if let Some(n) = el.previous_element_sibling() {
                        focus(&n);
                    }
                }
                _ => return,
            }
            // These keys are ours here, not the page's playback shortcuts.
            e.prevent_default();
            e.stop_propagation();
        })
    };
    if picks.is_empty() {
        return html! {};
    }
    html! {
        <svg class="picks" viewBox={format!("0 0 {W} {height}")} role="group"
            aria-label={tr(lang, "Requests in the diagram: pick one to follow in the code")} {onclick} {onkeydown}>
            { for picks.iter().enumerate().map(|(k, p)| {
                let id = p.id();
                let label = trf(lang, "Follow request #{0}", &[&id]);
                let pressed = if selected == Some(id) { "true" } else { "false" };
                let tabindex = if k == tab { "0" } else { "-1" };
                match *p {
                    Pick::Token { cx, cy, .. } => html! {
                        <circle key={format!("t{id}")} class="pick" role="button" tabindex={tabindex} aria-label={label}
                            aria-pressed={pressed} data-req={id.to_string()}
                            cx={cx.to_string()} cy={cy.to_string()} r="5.5" />
                    },
                    Pick::Lane { x, y, .. } => html! {
                        <rect key={format!("l{id}")} class="pick" role="button" tabindex={tabindex} aria-label={label}
                            aria-pressed={pressed} data-req={id.to_string()}
                            x={x.to_string()} y={y.to_string()} width={LANE_W.to_string()} height={LANE_H.to_string()} rx="3" />
                    },
                }
            }) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    pub index: usize,
    pub snap: super::side::Shared,
}

#[function_component(Diagram)]
pub fn diagram(props: &DiagramProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let eng = ctx.engine.borrow();
    let sim = eng.side(props.index);
    let snap = &*props.snap.0;
    let lang = ctx.lang;
    // The model's display name (a person reads it; the id `thread_pool` is for files and links).
    let model_name = {
        let (title, stack) = super::side::model_title(lang, &sim.scenario().model);
        format!("{title} ({stack})")
    };
    let mut y = 0.0;
    let mut body: Vec<Html> = Vec::new();
    // Every request drawn, for the overlay of buttons that follow one in the handler code.
    let mut picks: Vec<Pick> = Vec::new();
    let ring = match crate::handlers::follow(ctx.selected, snap) {
        crate::handlers::Follow::InFlight(r) => Some(r.id),
        _ => None,
    };
    if let Some(jobs) = sim.report().jobs {
        body.push(flow(lang, snap, &jobs));
        y += 58.0;
    }
    for (q, lanes) in crate::flow::stages(snap) {
        let qh = rows(q.len, QCOLS, QMAX) as f64 * PITCH + 6.0 + if q.len > QMAX { 12.0 } else { 0.0 };
        let lh = rows(lanes.len(), LCOLS, LMAX) as f64 * (LANE_H + 4.0);
        let top = y + 16.0;
        body.push(html! {
            <g class="stage">
                <text class="label" x="8" y={(y + 11.0).to_string()}>{queue_label(lang, q, &lanes)}</text>
                <rect class="queue" x="8" y={top.to_string()} width="236" height={qh.to_string()} rx="4" />
                { tokens(lang, &q.reqs, q.len, 8.0, top, "tok-wait", &mut picks, ring) }
                <text class="label" x="258" y={(y + 11.0).to_string()}>{lanes_label(lang, &lanes)}</text>
                { for lanes.iter().take(LMAX).enumerate().map(|(k, l)| {
                    let lx = 258.0 + (k % LCOLS) as f64 * (LANE_W + 2.0);
                    let ly = top + (k / LCOLS) as f64 * (LANE_H + 4.0);
                    if let Some(id) = l.req {
                        picks.push(Pick::Lane { id, x: lx, y: ly });
                    }
                    let what = match l.req {
                        Some(r) => trf(lang, "{0}: request #{1}, {2}", &[&names::lane(lang, l), &r, &state_word(lang, &l.state)]),
                        None => trf(lang, "{0}: idle", &[&names::lane(lang, l)]),
                    };
                    html! {
                        <g class="lane-box">
                            <rect class={classes!("lane", state_class(&l.state))} x={lx.to_string()} y={ly.to_string()}
                                width={LANE_W.to_string()} height={LANE_H.to_string()} rx="3" />
                            <text class="lane-name" x={(lx + 3.0).to_string()} y={(ly + 10.0).to_string()}>{names::lane_short(lang, l)}</text>
                            if let Some(r) = l.req {
                                <text class="lane-req" x={(lx + 3.0).to_string()} y={(ly + 22.0).to_string()}>{format!("#{r}")}</text>
                            }
                            if l.req.is_some() && l.req == ring {
                                <rect class="lane-ring" x={(lx - 2.0).to_string()} y={(ly - 2.0).to_string()}
                                    width={(LANE_W + 4.0).to_string()} height={(LANE_H + 4.0).to_string()} rx="4" />
                            }
                            <title>{what}</title>
                        </g>
                    }
                }) }
                if lanes.len() > LMAX {
                    <text class="more" x="258" y={(top + lh + 10.0).to_string()}>{trf(lang, "+{0} more", &[&(lanes.len() - LMAX)])}</text>
                }
            </g>
        });
        y = top + qh.max(lh + if lanes.len() > LMAX { 12.0 } else { 0.0 }) + 8.0;
    }

    let awaiting: Vec<u32> =
        snap.requests.iter().filter(|r| matches!(r.place, Place::Awaiting { .. })).map(|r| r.id).collect();
    let backoff: Vec<u32> =
        snap.requests.iter().filter(|r| matches!(r.place, Place::RetryWait { .. })).map(|r| r.id).collect();
    let nonblocking =
        snap.lanes.iter().any(|l| !matches!(l.kind, LaneKind::PoolThread | LaneKind::ExecutorThread));
    if nonblocking {
        let h = rows(awaiting.len(), QCOLS, QMAX) as f64 * PITCH + 6.0;
        body.push(html! {
            <g class="stage">
                <text class="label" x="8" y={(y + 11.0).to_string()}>
                    {trf(lang, "Awaiting I/O, holding no thread: {0}", &[&awaiting.len()])}
                </text>
                <rect class="queue io" x="8" y={(y + 16.0).to_string()} width="236" height={h.to_string()} rx="4" />
                { tokens(lang, &awaiting, awaiting.len(), 8.0, y + 16.0, "tok-io", &mut picks, ring) }
                if !backoff.is_empty() || sim.report().jobs.is_some_and(|j| j.retries > 0) {
                    <text class="label" x="258" y={(y + 11.0).to_string()}>{trf(lang, "Backing off before a retry: {0}", &[&backoff.len()])}</text>
                    <rect class="queue" x="258" y={(y + 16.0).to_string()} width="236" height={h.to_string()} rx="4" />
                    { tokens(lang, &backoff, backoff.len(), 258.0, y + 16.0, "tok-retry", &mut picks, ring) }
                }
            </g>
        });
        y += 16.0 + h + 8.0;
    }

    let server = &snap.machines[0];
    let core_w = ((W - 60.0) / server.cores.len().max(1) as f64).min(48.0);
    let lane_short = |id: u32| {
        snap.lanes.iter().find(|l| l.id == id).map(|l| names::lane_short(lang, l)).unwrap_or_default()
    };
    body.push(html! {
        <g class="stage cores">
            <text class="label" x="8" y={(y + 15.0).to_string()}>{tr(lang, "Cores")}</text>
            { for server.cores.iter().take(24).enumerate().map(|(c, lane)| {
                let x = 52.0 + c as f64 * core_w;
                html! {
                    <g>
                        <rect class={classes!("core", if lane.is_some() { "busy" } else { "free" })} x={x.to_string()}
                            y={(y + 2.0).to_string()} width={(core_w - 3.0).to_string()} height="20" rx="3" />
                        <text class="core-text" x={(x + 3.0).to_string()} y={(y + 16.0).to_string()}>
                            {lane.map(lane_short).unwrap_or_else(|| "·".into())}
                        </text>
                        <title>{match lane { Some(l) => trf(lang, "core {0} runs {1}", &[&(c + 1), &lane_short(*l)]), None => trf(lang, "core {0} is free", &[&(c + 1)]) }}</title>
                    </g>
                }
            }) }
        </g>
    });
    y += 26.0;
    if !server.run_queue.is_empty() {
        body.push(html! {
            <text class="label warn" x="52" y={(y + 10.0).to_string()}>
                {trf(lang, "{0} threads wait for a core", &[&server.run_queue.len()])}
            </text>
        });
        y += 16.0;
    }
    let c = &snap.counters;
    let jobs = sim.report().jobs;
    let summary = match jobs {
        Some(j) => trf(
            lang,
            "202 sent {0} · jobs done {1} · dead-lettered {2} · retries {3} · jobs in flight {4}",
            &[&c.completed, &j.completed, &j.dead_lettered, &j.retries, &j.in_flight],
        ),
        None => trf(
            lang,
            "answered {0} · rejected {1} · in flight {2}",
            &[&c.completed, &c.rejected, &c.in_flight],
        ),
    };
    body.push(html! { <text class="summary" x="8" y={(y + 14.0).to_string()}>{summary}</text> });
    y += 22.0;

    html! {
        <figure class="diagram">
            <div class="dwrap">
                <svg viewBox={format!("0 0 {W} {y}")} role="img" aria-label={trf(lang, "Runtime diagram: {0}", &[&model_name])}>
                    { for body }
                </svg>
                // Picking is for a paused diagram; while playing, the overlay would only cost frames.
                if !ctx.playing {
                    { pick_overlay(&ctx, &picks, y) }
                }
            </div>
        </figure>
    }
}
