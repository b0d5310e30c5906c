//! Live metrics: the numbers now and small charts over simulated time.

use yew::prelude::*;

use super::context::Ctx;
use crate::format::pct;
use crate::geometry::sparkline;
use crate::i18n::{tr, trf, Lang};

#[derive(Properties, PartialEq)]
pub struct MetricsProps {
    pub index: usize,
}

fn chart(lang: Lang, title: &str, now: String, values: Vec<f64>, fixed_max: Option<f64>) -> Html {
    let max = fixed_max.unwrap_or_else(|| values.iter().cloned().fold(0.0, f64::max));
    html! {
        <figure class="spark">
            <figcaption><span>{title.to_string()}</span><b>{now}</b></figcaption>
            <svg viewBox="0 0 120 30" role="img" aria-label={trf(lang, "{0} over time", &[&title])} preserveAspectRatio="none">
                <polyline points={sparkline(&values, 120.0, 28.0, max * 1.05)} />
            </svg>
        </figure>
    }
}

#[function_component(Metrics)]
pub fn metrics(props: &MetricsProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let eng = ctx.engine.borrow();
    let sim = eng.side(props.index);
    let r = sim.report();
    let series = sim.series();
    let last = series.last();
    let col = |f: fn(&asyncviz_engine::Sample) -> f64| series.iter().map(f).collect::<Vec<f64>>();
    let q = &r.requests;
    let now_ms = eng.clock() as f64 / 1000.0;
    let recent = crate::rates::recent_per_s(series, now_ms, q.completed);
    let lang = ctx.lang;
    html! {
        <div class="metrics">
            <dl>
                <div><dt>{tr(lang, "Answered")}</dt><dd>{q.completed}</dd></div>
                <div><dt>{tr(lang, "Rejected")}</dt><dd class={classes!(if q.rejected > 0 { "bad" } else { "" })}>{q.rejected}</dd></div>
                <div><dt>{tr(lang, "In flight now / mean")}</dt><dd>{format!("{} / {:.0}", q.in_flight, r.mean_in_system)}</dd></div>
                <div><dt>{tr(lang, "Answered per second, whole run")}</dt><dd>{format!("{:.0}", r.throughput_per_s)}</dd></div>
                <div><dt>{tr(lang, "Latency p50 / p95 / p99")}</dt>
                    <dd>{format!("{:.0} / {:.0} / {:.0} ms", r.latency_ms.p50, r.latency_ms.p95, r.latency_ms.p99)}</dd></div>
                if let Some(j) = &r.job_latency_ms {
                    <div><dt>{tr(lang, "Job done after p50 / p95")}</dt><dd>{format!("{:.0} / {:.0} ms", j.p50, j.p95)}</dd></div>
                }
                <div><dt>{tr(lang, "Cores / threads busy")}</dt>
                    <dd>{format!("{} / {}", pct(r.utilization.cores), pct(r.utilization.workers))}</dd></div>
            </dl>
            <div class="charts">
                { chart(lang, tr(lang, "Throughput /s, last 1 s"), recent.map_or_else(|| "–".into(), |x| format!("{x:.0}")), crate::rates::recent_series(series), None) }
                { chart(lang, tr(lang, "p95 latency ms"), format!("{:.0}", last.map_or(0.0, |s| s.p95_ms)), col(|s| s.p95_ms), None) }
                { chart(lang, tr(lang, "Queue length"), last.map_or(0, |s| s.queue_len).to_string(), col(|s| s.max_queue_len as f64), None) }
                { chart(lang, tr(lang, "Cores busy"), pct(last.map_or(0.0, |s| s.core_util)), col(|s| s.core_util), Some(1.0)) }
                { chart(lang, tr(lang, "Threads busy"), pct(last.map_or(0.0, |s| s.lane_util)), col(|s| s.lane_util), Some(1.0)) }
                { chart(lang, tr(lang, "Rejected (total)"), last.map_or(0, |s| s.rejected).to_string(), col(|s| s.rejected as f64), None) }
            </div>
        </div>
    }
}
