//! One side of the comparison: its model, parameters, diagram, timeline and metrics.

use asyncviz_engine::{Flavor, Model, ModelKind};
use yew::prelude::*;

use super::context::Ctx;
use super::diagram::Diagram;
use super::editor::Field;
use super::faults::Faults;
use super::gantt::Gantt;
use super::handler::Handler;
use super::metrics::Metrics;
use super::trace::Trace;
use crate::i18n::{tr, trf, Lang};
use crate::presets::model_default;
use crate::state::{Action, Target};

/// Display name and technology stack of a model.
pub fn model_title(lang: Lang, m: &Model) -> (&'static str, &'static str) {
    match m {
        Model::ThreadPool(_) => (tr(lang, "Thread per request"), "Tomcat · Spring MVC"),
        Model::EventLoop(e) if e.flavor == Flavor::Asyncio => {
            (tr(lang, "Event loop"), "Python asyncio · FastAPI")
        }
        Model::EventLoop(_) => (tr(lang, "Event loop"), "Node.js · Express"),
        Model::Executor(_) => ("ThreadPoolExecutor", "Spring @Async · TaskExecutor"),
        Model::JobQueue(_) => (tr(lang, "Queue + workers"), "NestJS · BullMQ"),
        Model::VirtualThreads(_) => (tr(lang, "Virtual threads"), "Java 21 · Loom"),
    }
}

/// The name of a model kind in the model picker.
fn kind_label(lang: Lang, kind: ModelKind) -> &'static str {
    match kind {
        ModelKind::ThreadPool => tr(lang, "thread pool"),
        ModelKind::EventLoop => tr(lang, "event loop"),
        ModelKind::Executor => tr(lang, "executor"),
        ModelKind::JobQueue => tr(lang, "job queue"),
        ModelKind::VirtualThreads => tr(lang, "virtual threads"),
    }
}

/// An editable parameter of a model: its field key, label, what an empty field means (the
/// engine's default, from `asyncviz_engine::defaults`) and whether it is a checkbox.
struct Param {
    key: &'static str,
    label: &'static str,
    placeholder: String,
    boolean: bool,
}

/// The editable parameters of each model.
fn params(lang: Lang, kind: ModelKind) -> Vec<Param> {
    use asyncviz_engine::defaults as d;
    let p = |key, label, placeholder: String| Param { key, label, placeholder, boolean: false };
    let unbounded = || tr(lang, "unbounded").to_string();
    let required = String::new;
    match kind {
        ModelKind::ThreadPool => {
            vec![p("threads", tr(lang, "Threads"), required()), p("queue", tr(lang, "Queue"), unbounded())]
        }
        ModelKind::EventLoop => vec![
            p("queue", tr(lang, "Queue"), unbounded()),
            p("workers", tr(lang, "Worker threads"), d::LOOP_WORKERS.to_string()),
            Param { boolean: true, ..p("offload_cpu", tr(lang, "Offload CPU to workers"), "false".into()) },
        ],
        ModelKind::Executor => vec![
            p("core", tr(lang, "Core"), required()),
            p("max", tr(lang, "Max"), tr(lang, "= core").into()),
            p("queue", tr(lang, "Queue"), unbounded()),
            p("keep_alive_ms", tr(lang, "Keep-alive ms"), d::KEEP_ALIVE_MS.to_string()),
            p("rejection", tr(lang, "Rejection"), d::REJECTION.name().into()),
        ],
        ModelKind::JobQueue => vec![
            p("workers", tr(lang, "Workers"), required()),
            p("concurrency", tr(lang, "Concurrency"), d::CONCURRENCY.to_string()),
            p("attempts", tr(lang, "Attempts"), d::ATTEMPTS.to_string()),
            p("backoff_ms", tr(lang, "Backoff ms"), d::BACKOFF_MS.to_string()),
            p("failure_rate", tr(lang, "Failure rate"), d::FAILURE_RATE.to_string()),
        ],
        ModelKind::VirtualThreads => vec![p("carriers", tr(lang, "Carriers"), tr(lang, "= cores").into())],
    }
}

/// Most waiting requests a frame's snapshot lists (the oldest; counts stay exact), so that a
/// backlog of a million does not make every frame copy and sort a million requests.
pub const DRAWN_REQUESTS: usize = 5_000;

/// A snapshot shared by the views of one side for one frame; equal only to itself.
#[derive(Clone)]
pub struct Shared(pub std::rc::Rc<asyncviz_engine::Snapshot>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        std::rc::Rc::ptr_eq(&self.0, &other.0)
    }
}

#[derive(Properties, PartialEq)]
pub struct SideProps {
    pub index: usize,
    /// In an embed: the query that says which views to show (compact, no editing).
    #[prop_or_default]
    pub query: Option<std::rc::Rc<crate::url::Query>>,
    /// Panels a tour step asks the reader to watch (`diagram`, `code`, `timeline`,
    /// `metrics`, `faults`): each is marked `data-watch` and outlined.
    #[prop_or_default]
    pub watch: std::rc::Rc<[String]>,
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SideProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let i = props.index;
    // The panels mount in stages, side by side, half a side a frame (see `use_staged`).
    let early = super::hooks::use_staged(1 + 2 * i as u32);
    let late = super::hooks::use_staged(2 + 2 * i as u32);
    let eng = ctx.engine.borrow();
    if i >= eng.len() {
        return html! {};
    }
    let sim = eng.side(i);
    let lang = ctx.lang;
    let (title, stack) = model_title(lang, &sim.scenario().model);
    let kind = sim.scenario().model.kind();
    let kind_name = kind.name();
    let draft = ctx.draft_models.get(i).cloned().unwrap_or_default();
    let on_model = {
        let d = ctx.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = ModelKind::from_name(&sel.value()) {
                d.dispatch(Action::SetModel(
                    i,
                    serde_json::from_str(model_default(k)).expect("default model"),
                ));
            }
        })
    };
    let remove = {
        let d = ctx.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemoveSide(i)))
    };
    let letter = (b'A' + i as u8) as char;
    let show = |v: &str| props.query.as_ref().is_none_or(|q| q.shows(v));
    let snap = Shared(std::rc::Rc::new(sim.snapshot_limited(DRAWN_REQUESTS, ctx.selected)));
    let watched =
        |panel: &str| props.watch.iter().any(|w| w == panel).then(|| AttrValue::from(panel.to_string()));
    html! {
        <section class="side" aria-label={trf(lang, "Side {0}: {1}", &[&letter, &title])}>
            <header>
                <div>
                    <h2><span class="letter">{letter}</span>{title}</h2>
                    <p class="stack">{stack}</p>
                    if let Some(f) = fault_summary(lang, sim.scenario()) {
                        <p class="fault-summary">{f}</p>
                    }
                </div>
                if props.query.is_none() {
                <label class="model-pick">
                    <span class="sr-only">{trf(lang, "Model for side {0}", &[&letter])}</span>
                    <select onchange={on_model} aria-label={trf(lang, "Model for side {0}", &[&letter])}>
                        { for ModelKind::ALL.iter().map(|k| html! {
                            <option value={k.name()} selected={*k == kind}>{kind_label(lang, *k)}</option>
                        }) }
                    </select>
                </label>
                }
                if ctx.models.len() > 2 && props.query.is_none() {
                    <button class="remove" aria-label={trf(lang, "Remove side {0}", &[&letter])} onclick={remove}>{"✕"}</button>
                }
            </header>
            if props.query.is_none() {
            <div class="params">
                { for params(lang, kind).into_iter().map(|p| html! {
                    <Field target={Target::Model(i)} path={format!("{kind_name}.{}", p.key)}
                        error_path={format!("model.{kind_name}.{}", p.key)} label={p.label}
                        placeholder={p.placeholder} boolean={p.boolean}
                        value={crate::edit::shown(draft.get(kind_name).and_then(|m| m.get(p.key)))} />
                }) }
            </div>
            }
            if show("diagram") {
                <div class={classes!("panel", (!early).then_some("staged"))} data-watch={watched("diagram")}>
                    if early { <Diagram index={i} snap={snap.clone()} /> }
                </div>
            }
            if show("code") {
                <div class={classes!("panel", (!early).then_some("staged"))} data-watch={watched("code")}>
                    if early { <Handler index={i} snap={snap.clone()} /> }
                </div>
                if early { <Trace index={i} snap={snap.clone()} /> }
            }
            if show("timeline") {
                <div class={classes!("panel", (!late).then_some("staged"))} data-watch={watched("timeline")}>
                    if late { <Gantt index={i} snap={snap.clone()} /> }
                </div>
            }
            if show("metrics") {
                <div class="panel" data-watch={watched("faults")}>
                    if late { <Faults index={i} snap={snap.clone()} /> }
                </div>
                <div class={classes!("panel", (!late).then_some("staged"))} data-watch={watched("metrics")}>
                    if late { <Metrics index={i} /> <super::measured::Measured index={i} /> }
                </div>
            }
        </section>
    }
}

/// The side's faults and consistency settings in a few words, if it has any.
pub fn fault_summary(lang: Lang, s: &asyncviz_engine::Scenario) -> Option<String> {
    use asyncviz_engine::ErrorHandling;
    let f = &s.faults;
    let mut parts: Vec<String> = Vec::new();
    if f.step_failure_rate > 0.0 {
        parts.push(trf(lang, "{0}% of I/O steps fail", &[&(f.step_failure_rate * 100.0)]));
        parts.push(
            match f.error_handling {
                ErrorHandling::Awaited => tr(lang, "errors awaited"),
                ErrorHandling::FireAndForget => tr(lang, "errors fire-and-forget"),
                ErrorHandling::UnhandledRejection => tr(lang, "unhandled rejections crash the process"),
            }
            .to_string(),
        );
    }
    if !f.crash_after_commit_at_ms.is_empty() {
        parts.push(trf(lang, "{0} front-end crashes after a commit", &[&f.crash_after_commit_at_ms.len()]));
    }
    if !f.worker_crash_at_ms.is_empty() {
        parts.push(trf(lang, "{0} worker crashes", &[&f.worker_crash_at_ms.len()]));
    }
    if let Some(k) = s.workload.keys {
        parts.push(trf(lang, "updates to {0} keys", &[&k]));
    }
    if let Model::JobQueue(j) = &s.model {
        if j.outbox {
            parts.push(tr(lang, "outbox").into());
        }
        if j.idempotent {
            parts.push(tr(lang, "idempotent jobs").into());
        }
        if j.partition_by_key {
            parts.push(tr(lang, "partitioned by key").into());
        }
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}
