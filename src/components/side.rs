//! One side of the comparison: its model, parameters, diagram, timeline and metrics.

use asyncviz_engine::{Flavor, Model};
use yew::prelude::*;

use super::app::Ctx;
use super::diagram::Diagram;
use super::editor::Field;
use super::gantt::Gantt;
use super::metrics::Metrics;
use crate::presets::MODEL_DEFAULTS;
use crate::state::{Action, Target};

/// Display name and technology stack of a model.
pub fn model_title(m: &Model) -> (&'static str, &'static str) {
    match m {
        Model::ThreadPool(_) => ("Thread per request", "Tomcat · Spring MVC"),
        Model::EventLoop(e) if e.flavor == Flavor::Asyncio => ("Event loop", "Python asyncio · FastAPI"),
        Model::EventLoop(_) => ("Event loop", "Node.js · Express"),
        Model::Executor(_) => ("ThreadPoolExecutor", "Spring @Async · TaskExecutor"),
        Model::JobQueue(_) => ("Queue + workers", "NestJS · BullMQ"),
        Model::VirtualThreads(_) => ("Virtual threads", "Java 21 · Loom"),
    }
}

/// The editable parameters of each model: (field key, label, default shown when empty).
/// A default of "false" makes the field a checkbox.
fn params(kind: &str) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        "thread_pool" => &[("threads", "Threads", ""), ("queue", "Queue", "unbounded")],
        "event_loop" => &[
            ("queue", "Queue", "unbounded"),
            ("workers", "Worker threads", "0"),
            ("offload_cpu", "Offload CPU to workers", "false"),
        ],
        "executor" => &[
            ("core", "Core", ""),
            ("max", "Max", "= core"),
            ("queue", "Queue", "unbounded"),
            ("keep_alive_ms", "Keep-alive ms", "60000"),
            ("rejection", "Rejection", "abort"),
        ],
        "job_queue" => &[
            ("workers", "Workers", ""),
            ("concurrency", "Concurrency", "1"),
            ("attempts", "Attempts", "1"),
            ("backoff_ms", "Backoff ms", "1000"),
            ("failure_rate", "Failure rate", "0"),
        ],
        _ => &[("carriers", "Carriers", "= cores")],
    }
}

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
}

#[function_component(SidePanel)]
pub fn side_panel(props: &SideProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let i = props.index;
    let eng = ctx.engine.borrow();
    if i >= eng.len() {
        return html! {};
    }
    let sim = eng.side(i);
    let (title, stack) = model_title(&sim.scenario().model);
    let kind = sim.scenario().model.name();
    let draft = ctx.draft_models.get(i).cloned().unwrap_or_default();
    let on_model = {
        let d = ctx.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some((_, json)) = MODEL_DEFAULTS.iter().find(|(k, _)| *k == sel.value()) {
                d.dispatch(Action::SetModel(i, serde_json::from_str(json).expect("default model")));
            }
        })
    };
    let remove = {
        let d = ctx.dispatcher();
        Callback::from(move |_| d.dispatch(Action::RemoveSide(i)))
    };
    let letter = (b'A' + i as u8) as char;
    let show = |v: &str| props.query.as_ref().is_none_or(|q| q.shows(v));
    let snap = Shared(std::rc::Rc::new(sim.snapshot()));
    html! {
        <section class="side" aria-label={format!("Side {letter}: {title}")}>
            <header>
                <div>
                    <h2><span class="letter">{letter}</span>{title}</h2>
                    <p class="stack">{stack}</p>
                </div>
                if props.query.is_none() {
                <label class="model-pick">
                    <span class="sr-only">{format!("Model for side {letter}")}</span>
                    <select onchange={on_model} aria-label={format!("Model for side {letter}")}>
                        { for MODEL_DEFAULTS.iter().map(|(k, _)| html! {
                            <option value={*k} selected={*k == kind}>{k.replace('_', " ")}</option>
                        }) }
                    </select>
                </label>
                }
                if ctx.models.len() > 2 && props.query.is_none() {
                    <button class="remove" aria-label={format!("Remove side {letter}")} onclick={remove}>{"✕"}</button>
                }
            </header>
            if props.query.is_none() {
            <div class="params">
                { for params(kind).iter().map(|(key, label, default)| html! {
                    <Field target={Target::Model(i)} path={format!("{kind}.{key}")}
                        error_path={format!("model.{kind}.{key}")} label={*label}
                        placeholder={*default} boolean={*default == "false"}
                        value={crate::edit::shown(draft.get(kind).and_then(|m| m.get(*key)))} />
                }) }
            </div>
            }
            if show("diagram") {
                <Diagram index={i} snap={snap.clone()} />
            }
            if show("timeline") {
                <Gantt index={i} snap={snap} />
            }
            if show("metrics") {
                <Metrics index={i} />
            }
        </section>
    }
}
