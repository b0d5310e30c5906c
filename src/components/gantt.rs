//! Timeline lanes (a Gantt chart): one row per core and per thread, loop or
//! worker, coloured and patterned by what it did, over a sliding window.

use std::fmt::Write;

use asyncviz_engine::{LaneState, Segment};
use yew::prelude::*;

use super::context::Ctx;
use crate::format::ms_short;
use crate::geometry::{coalesce, lane_bars, state_word, TimeAxis};
use crate::i18n::{tr, trf};
use crate::names;

/// Window widths offered, µs.
pub const SPANS: [u64; 3] = [250_000, 1_000_000, 4_000_000];
const X0: f64 = 64.0;
const WIDTH: f64 = 530.0;
const ROW: f64 = 14.0;
const MAX_CORES: usize = 8;
const MAX_LANES: usize = 12;

type Bar = (f64, f64, LaneState, Option<u32>);

/// One row of bars as one `<path>` per state (plus labels where they fit).
/// At high speed a row holds hundreds of bars; a path per state keeps the
/// page at a few dozen elements that the browser diffs and paints cheaply.
fn bars(y: f64, mut list: Vec<Bar>) -> Html {
    list.sort_by(|a, b| a.0.total_cmp(&b.0));
    let list = coalesce(list, 0.6);
    let full = ROW - 3.0;
    let mut paths: [(String, &'static str); 4] = [
        (String::new(), "st-run"),
        (String::new(), "st-ready"),
        (String::new(), "st-io"),
        (String::new(), "st-blocked"),
    ];
    let mut labels: Vec<(f64, u32)> = Vec::new();
    for (x, w, st, req) in &list {
        let (slot, top, h) = match st {
            LaneState::Running { .. } => (0, y, full),
            LaneState::Ready => (1, y + 0.5, full - 1.0),
            LaneState::Io { .. } => (2, y + 3.0, full - 6.0),
            LaneState::Blocked { .. } => (3, y + 0.5, full - 1.0),
            LaneState::Idle | LaneState::Retired => continue,
        };
        let _ = write!(paths[slot].0, "M{x:.2} {top:.1}h{w:.2}v{h:.1}h-{w:.2}z");
        if let (Some(r), true) = (req, *w > 24.0 && slot != 2) {
            labels.push((*x, *r));
        }
    }
    html! {
        <>
            { for paths.into_iter().filter(|(d, _)| !d.is_empty()).map(|(d, class)| html! {
                <path class={classes!("bar", class)} d={d} />
            }) }
            { for labels.into_iter().map(|(x, r)| html! {
                <text class="bar-text" x={format!("{:.2}", x + 2.0)} y={(y + 9.0).to_string()}>{format!("#{r}")}</text>
            }) }
        </>
    }
}

/// Axis labels: whole milliseconds below 10 s, seconds above.
fn tick_label(t: u64) -> String {
    if t < 10_000_000 {
        format!("{} ms", t / 1000)
    } else {
        format!("{:.1} s", t as f64 / 1e6)
    }
}

#[derive(Properties, PartialEq)]
pub struct GanttProps {
    pub index: usize,
    pub snap: super::side::Shared,
}

#[function_component(Gantt)]
pub fn gantt(props: &GanttProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let zoom = use_state(|| 1usize);
    let eng = ctx.engine.borrow();
    let sim = eng.side(props.index);
    let snap = &*props.snap.0;
    let lang = ctx.lang;
    let now = sim.now();
    let axis = TimeAxis::sliding(now, SPANS[*zoom], WIDTH);
    let shift = format!("translate({:.2} 0)", axis.shift(X0));
    let machine_of: Vec<u16> = sim.all_lanes().map(|l| l.machine).collect();
    // One pass over the history, into rows: per lane, and per core of the server.
    let ncores = snap.machines[0].cores.len();
    let mut per_lane: Vec<Vec<&Segment>> = vec![Vec::new(); machine_of.len()];
    let mut per_core: Vec<Vec<&Segment>> = vec![Vec::new(); ncores];
    for seg in sim.history().filter(|s| s.end > axis.start) {
        if let Some(v) = per_lane.get_mut(seg.lane as usize) {
            v.push(seg);
        }
        if let (LaneState::Running { core }, Some(0)) = (seg.state, machine_of.get(seg.lane as usize)) {
            if let Some(v) = per_core.get_mut(core as usize) {
                v.push(seg);
            }
        }
    }

    let mut rows: Vec<Html> = Vec::new();
    let mut moving: Vec<Html> = Vec::new();
    let mut y = 4.0;
    let cores = &snap.machines[0].cores;
    for (c, running) in cores.iter().enumerate().take(MAX_CORES) {
        let mut list: Vec<Bar> = per_core[c]
            .iter()
            .filter_map(|s| axis.span(s.start, s.end).map(|(x, w)| (x, w, s.state, s.req)))
            .collect();
        if let Some(l) = running.and_then(|id| snap.lanes.iter().find(|l| l.id == id)) {
            if let Some((x, w)) = axis.span(l.since_us, now.max(l.since_us + 1)) {
                list.push((x, w, l.state, l.req));
            }
        }
        let who = trf(lang, "core {0}", &[&(c + 1)]);
        rows.push(html! {
            <g class="row">
                <title>{running.and_then(|id| snap.lanes.iter().find(|l| l.id == id)).map_or_else(
                    || trf(lang, "{0}: free", &[&who]),
                    |l| {
                        let what = l.req.map_or(String::new(), |r| trf(lang, "request #{0}", &[&r]));
                        trf(lang, "{0}: {1} runs {2}", &[&who, &names::lane(lang, l), &what])
                    },
                )}</title>
                <text class="row-label" x="2" y={(y + 9.0).to_string()}>{who.clone()}</text>
                <rect class="track" x={X0.to_string()} y={y.to_string()} width={WIDTH.to_string()} height={(ROW - 3.0).to_string()} />
            </g>
        });
        moving.push(bars(y, list));
        y += ROW;
    }
    y += 6.0;
    for l in snap.lanes.iter().take(MAX_LANES) {
        let rows_of = per_lane.get(l.id as usize).map_or(&[][..], |v| &v[..]);
        let list = lane_bars(&axis, l.id, rows_of.iter().copied(), (l.state, l.since_us, l.req), now);
        let name = names::lane(lang, l);
        let now_doing = match l.req {
            Some(r) => trf(lang, "{0}: request #{1}, {2}", &[&name, &r, &state_word(lang, &l.state)]),
            None => trf(lang, "{0}: idle", &[&name]),
        };
        rows.push(html! {
            <g class="row" tabindex="0" role="listitem" aria-label={now_doing.clone()}>
                <title>{now_doing}</title>
                <text class="row-label" x="2" y={(y + 9.0).to_string()}>{names::lane_short(lang, l)}</text>
                <rect class="track" x={X0.to_string()} y={y.to_string()} width={WIDTH.to_string()} height={(ROW - 3.0).to_string()} />
            </g>
        });
        moving.push(bars(y, list));
        y += ROW;
    }
    let hidden = snap.lanes.len().saturating_sub(MAX_LANES);
    if hidden > 0 {
        rows.push(html! { <text class="more" x="2" y={(y + 9.0).to_string()}>{trf(lang, "+{0} more threads", &[&hidden])}</text> });
        y += ROW;
    }
    let ticks = axis.ticks(5);
    let axis_y = y + 4.0;
    let set_zoom = |z: usize| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set(z))
    };
    html! {
        <figure class="gantt">
            <figcaption>
                <span>{tr(lang, "Timeline")}</span>
                <span class="zoom" role="group" aria-label={tr(lang, "Timeline window")}>
                    { for SPANS.iter().enumerate().map(|(z, s)| html! {
                        <button aria-pressed={(z == *zoom).to_string()} onclick={set_zoom(z)}>{ms_short(*s)}</button>
                    }) }
                </span>
                <span class="legend">
                    <i class="sw st-run" />{tr(lang, "on a core")}
                    <i class="sw st-ready" />{tr(lang, "waiting for a core")}
                    <i class="sw st-io" />{tr(lang, "I/O, thread held")}
                    <i class="sw st-blocked" />{tr(lang, "blocked")}
                </span>
            </figcaption>
            <svg viewBox={format!("-4 0 616 {}", axis_y + 16.0)} role="list" aria-label={tr(lang, "Timeline lanes")}>
                { for rows }
                <line class="axis" x1={X0.to_string()} x2={(X0 + WIDTH).to_string()} y1={axis_y.to_string()} y2={axis_y.to_string()} />
                <g>
                    <g transform={shift}>
                        { for moving }
                        { for ticks.iter().map(|t| {
                            let x = axis.x(*t);
                            html! {
                                <g>
                                    <line class="tick" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={axis_y.to_string()} y2={(axis_y + 3.0).to_string()} />
                                    <text class="tick-text" x={format!("{x:.1}")} y={(axis_y + 13.0).to_string()}>{tick_label(*t)}</text>
                                </g>
                            }
                        }) }
                    </g>
                </g>
            </svg>
        </figure>
    }
}
