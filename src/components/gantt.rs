//! Timeline lanes (a Gantt chart): one row per core and per thread, loop or
//! worker, coloured and patterned by what it did, over a sliding window.

use asyncviz_engine::{LaneState, Segment};
use yew::prelude::*;

use super::app::Ctx;
use super::diagram::short;
use crate::format::ms_short;
use crate::geometry::{lane_bars, state_class, state_word, TimeAxis};

/// Window widths offered, µs.
pub const SPANS: [u64; 3] = [250_000, 1_000_000, 4_000_000];
const X0: f64 = 64.0;
const WIDTH: f64 = 530.0;
const ROW: f64 = 14.0;
const MAX_CORES: usize = 8;
const MAX_LANES: usize = 12;

type Bar = (f64, f64, LaneState, Option<u32>);

fn bars(y: f64, list: Vec<Bar>, who: &str) -> Html {
    html! {
        { for list.into_iter().map(|(x, w, st, req)| {
            let label = match req {
                Some(r) => format!("{who}: request #{r}, {}", state_word(&st)),
                None => format!("{who}: {}", state_word(&st)),
            };
            html! {
                <g>
                    <rect class={classes!("bar", state_class(&st))} x={format!("{x:.1}")} y={y.to_string()}
                        width={format!("{w:.1}")} height={(ROW - 3.0).to_string()} />
                    if let (Some(r), true) = (req, w > 24.0) {
                        <text class="bar-text" x={format!("{:.1}", x + 2.0)} y={(y + 9.0).to_string()}>{format!("#{r}")}</text>
                    }
                    <title>{label}</title>
                </g>
            }
        }) }
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
}

#[function_component(Gantt)]
pub fn gantt(props: &GanttProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let zoom = use_state(|| 1usize);
    let eng = ctx.engine.borrow();
    let sim = eng.side(props.index);
    let snap = sim.snapshot();
    let now = sim.now();
    let axis = TimeAxis::ending_at(now, SPANS[*zoom], X0, WIDTH);
    let machine_of: Vec<u16> = sim.all_lanes().map(|l| l.machine).collect();
    let history: Vec<&Segment> = sim.history().collect();

    let mut rows: Vec<Html> = Vec::new();
    let mut y = 4.0;
    let cores = &snap.machines[0].cores;
    for (c, running) in cores.iter().enumerate().take(MAX_CORES) {
        let on_core = |st: &LaneState| *st == LaneState::Running { core: c as u16 };
        let mut list: Vec<Bar> = history
            .iter()
            .filter(|s| on_core(&s.state) && machine_of.get(s.lane as usize) == Some(&0))
            .filter_map(|s| axis.span(s.start, s.end).map(|(x, w)| (x, w, s.state, s.req)))
            .collect();
        if let Some(l) = running.and_then(|id| snap.lanes.iter().find(|l| l.id == id)) {
            if let Some((x, w)) = axis.span(l.since_us, now.max(l.since_us + 1)) {
                list.push((x, w, l.state, l.req));
            }
        }
        let who = format!("core {}", c + 1);
        rows.push(html! {
            <g class="row">
                <text class="row-label" x="2" y={(y + 9.0).to_string()}>{who.clone()}</text>
                <rect class="track" x={X0.to_string()} y={y.to_string()} width={WIDTH.to_string()} height={(ROW - 3.0).to_string()} />
                { bars(y, list, &who) }
            </g>
        });
        y += ROW;
    }
    y += 6.0;
    for l in snap.lanes.iter().take(MAX_LANES) {
        let list = lane_bars(&axis, l.id, history.iter().copied(), (l.state, l.since_us, l.req), now);
        let name = l.name();
        let now_doing = match l.req {
            Some(r) => format!("{name}: request #{r}, {}", state_word(&l.state)),
            None => format!("{name}: idle"),
        };
        rows.push(html! {
            <g class="row" tabindex="0" role="listitem" aria-label={now_doing}>
                <text class="row-label" x="2" y={(y + 9.0).to_string()}>{short(l)}</text>
                <rect class="track" x={X0.to_string()} y={y.to_string()} width={WIDTH.to_string()} height={(ROW - 3.0).to_string()} />
                { bars(y, list, &name) }
            </g>
        });
        y += ROW;
    }
    let hidden = snap.lanes.len().saturating_sub(MAX_LANES);
    if hidden > 0 {
        rows.push(html! { <text class="more" x="2" y={(y + 9.0).to_string()}>{format!("+{hidden} more threads")}</text> });
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
                <span>{"Timeline"}</span>
                <span class="zoom" role="group" aria-label="Timeline window">
                    { for SPANS.iter().enumerate().map(|(z, s)| html! {
                        <button aria-pressed={(z == *zoom).to_string()} onclick={set_zoom(z)}>{ms_short(*s)}</button>
                    }) }
                </span>
                <span class="legend">
                    <i class="sw st-run" />{"on a core"}
                    <i class="sw st-ready" />{"waiting for a core"}
                    <i class="sw st-io" />{"I/O, thread held"}
                    <i class="sw st-blocked" />{"blocked"}
                </span>
            </figcaption>
            <svg viewBox={format!("-4 0 616 {}", axis_y + 16.0)} role="list" aria-label="Timeline lanes">
                { for rows }
                <line class="axis" x1={X0.to_string()} x2={(X0 + WIDTH).to_string()} y1={axis_y.to_string()} y2={axis_y.to_string()} />
                { for ticks.iter().map(|t| {
                    let x = axis.x(*t);
                    html! {
                        <g>
                            <line class="tick" x1={format!("{x:.1}")} x2={format!("{x:.1}")} y1={axis_y.to_string()} y2={(axis_y + 3.0).to_string()} />
                            <text class="tick-text" x={format!("{x:.1}")} y={(axis_y + 13.0).to_string()}>{tick_label(*t)}</text>
                        </g>
                    }
                }) }
            </svg>
        </figure>
    }
}
