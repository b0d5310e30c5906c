//! The workload editor and the shared `Field` input. Every edit goes to the
//! draft; the engine validates it; an invalid value stays in its field with
//! the engine's message next to it, and the last valid scenario keeps running.

use yew::prelude::*;

use super::context::Ctx;
use crate::edit::{dist_parts, get, shown, with_dist_kind};
use crate::i18n::{tr, trf, Lang};
use crate::state::{Action, Target};

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    pub target: Target,
    /// Path inside the target, as the engine names fields.
    pub path: String,
    /// The engine's path for this field's errors.
    pub error_path: String,
    pub label: AttrValue,
    pub value: String,
    /// Shown when empty: the default that then applies.
    #[prop_or_default]
    pub placeholder: AttrValue,
    /// A true/false field, drawn as a checkbox.
    #[prop_or_default]
    pub boolean: bool,
}

/// A labelled text input bound to a draft path, with its inline message.
#[function_component(Field)]
pub fn field(p: &FieldProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let error =
        ctx.draft_error.as_ref().filter(|(_, e)| *e.path == *p.error_path).map(|(_, e)| e.kind.clone());
    let oninput = {
        let d = ctx.dispatcher();
        let (target, path) = (p.target, p.path.clone());
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            d.dispatch(Action::Edit(target, path.clone(), el.value()));
        })
    };
    let id = format!("f-{}", p.error_path.replace(['.', '[', ']'], "-"));
    let msg_id = format!("{id}-msg");
    if p.boolean {
        let onchange = {
            let d = ctx.dispatcher();
            let (target, path) = (p.target, p.path.clone());
            Callback::from(move |e: Event| {
                let el: web_sys::HtmlInputElement = e.target_unchecked_into();
                d.dispatch(Action::Put(target, path.clone(), Some(serde_json::Value::Bool(el.checked()))));
            })
        };
        return html! {
            <label class="field check">
                <span>{p.label.clone()}</span>
                <input id={id} type="checkbox" checked={p.value == "true"} {onchange} />
            </label>
        };
    }
    html! {
        <label class={classes!("field", error.is_some().then_some("invalid"))}>
            <span>{p.label.clone()}</span>
            <input id={id} type="text" inputmode="decimal" value={p.value.clone()} {oninput} placeholder={p.placeholder.clone()}
                aria-invalid={error.is_some().then_some("true")}
                aria-describedby={error.is_some().then_some(msg_id.clone())} />
            if let Some(k) = error {
                <span class="msg" id={msg_id} role="alert">{crate::problem::kind(ctx.lang, &k)}</span>
            }
        </label>
    }
}

/// The arrival kinds: (key, name, field, field label).
fn arrivals_kinds(lang: Lang) -> [(&'static str, &'static str, &'static str, &'static str); 3] {
    [
        ("poisson", tr(lang, "Poisson"), "rate_per_s", tr(lang, "Requests per second")),
        ("constant", tr(lang, "Constant"), "interval_ms", tr(lang, "Every (ms)")),
        ("burst", tr(lang, "Burst"), "count", tr(lang, "Requests at once")),
    ]
}

#[function_component(Editor)]
pub fn editor() -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let draft = &ctx.draft_common;
    let lang = ctx.lang;
    let arrival_kinds = arrivals_kinds(lang);
    let d = ctx.dispatcher();
    let put = |path: String, v: Option<serde_json::Value>| {
        let d = d.clone();
        move || d.dispatch(Action::Put(Target::Common, path.clone(), v.clone()))
    };
    let field = |path: &str, label: &'static str| {
        html! { <Field target={Target::Common} path={path.to_string()} error_path={path.to_string()}
        label={label} value={shown(get(draft, path))} /> }
    };
    let arrivals =
        get(draft, "workload.arrivals").and_then(|a| a.as_object()).and_then(|o| o.keys().next().cloned());
    let kind = arrivals.clone().unwrap_or_else(|| "poisson".into());
    let on_arrivals = {
        let d = d.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            let v = match sel.value().as_str() {
                "constant" => serde_json::json!({"constant": {"interval_ms": 10}}),
                "burst" => serde_json::json!({"burst": {"count": 50, "at_ms": 0}}),
                _ => serde_json::json!({"poisson": {"rate_per_s": 100}}),
            };
            d.dispatch(Action::Put(Target::Common, "workload.arrivals".into(), Some(v)));
        })
    };
    let steps = get(draft, "workload.steps").and_then(|s| s.as_array()).cloned().unwrap_or_default();
    let add_step = {
        let mut all = steps.clone();
        all.push(serde_json::json!({"io_ms": {"exp": 20}}));
        let f = put("workload.steps".into(), Some(serde_json::Value::Array(all)));
        Callback::from(move |_| f())
    };
    let step_rows = steps.iter().enumerate().map(|(i, st)| {
        let (skind, dur) = st.as_object().and_then(|o| o.iter().next()).map(|(k, v)| (k.clone(), Some(v.clone()))).unwrap_or_default();
        let (dkind, a, b) = dist_parts(dur.as_ref());
        let base = format!("workload.steps[{i}]");
        let on_kind = {
            let (d, base, dur) = (d.clone(), base.clone(), dur.clone());
            Callback::from(move |e: Event| {
                let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                let mut m = serde_json::Map::new();
                m.insert(sel.value(), dur.clone().unwrap_or(serde_json::json!(10)));
                d.dispatch(Action::Put(Target::Common, base.clone(), Some(serde_json::Value::Object(m))));
            })
        };
        let on_dist = {
            let (d, path, dur) = (d.clone(), format!("{base}.{skind}"), dur.clone());
            Callback::from(move |e: Event| {
                let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                d.dispatch(Action::Put(Target::Common, path.clone(), Some(with_dist_kind(dur.as_ref(), &sel.value()))));
            })
        };
        let remove = {
            let mut rest = steps.clone();
            rest.remove(i);
            let f = put("workload.steps".into(), Some(serde_json::Value::Array(rest)));
            Callback::from(move |_| f())
        };
        let vpath = match dkind {
            "exp" => format!("{base}.{skind}.exp"),
            "uniform" => format!("{base}.{skind}.uniform[0]"),
            _ => format!("{base}.{skind}"),
        };
        let n = i + 1;
        html! {
            <li class="step">
                <select aria-label={trf(lang, "Step {0} kind", &[&n])} onchange={on_kind}>
                    { for [("cpu_ms", "CPU"), ("io_ms", tr(lang, "Awaitable I/O")), ("blocking_io_ms", tr(lang, "Blocking call"))].iter().map(|(k, l)| html! {
                        <option value={*k} selected={skind == *k}>{*l}</option>
                    }) }
                </select>
                <select aria-label={trf(lang, "Step {0} duration", &[&n])} onchange={on_dist}>
                    { for [("fixed", tr(lang, "fixed")), ("exp", tr(lang, "exponential, mean")), ("uniform", tr(lang, "uniform"))].iter().map(|(k, l)| html! {
                        <option value={*k} selected={dkind == *k}>{*l}</option>
                    }) }
                </select>
                <Field target={Target::Common} path={vpath.clone()} error_path={vpath.clone()}
                    label={if dkind == "uniform" { tr(lang, "from ms") } else { "ms" }} value={a} />
                if dkind == "uniform" {
                    <Field target={Target::Common} path={format!("{base}.{skind}.uniform[1]")}
                        error_path={format!("{base}.{skind}.uniform[1]")} label={tr(lang, "to ms")} value={b} />
                }
                if steps.len() > 1 {
                    <button class="remove" aria-label={trf(lang, "Remove step {0}", &[&n])} onclick={remove}>{"✕"}</button>
                }
            </li>
        }
    });
    let (_, _, key, label) = arrival_kinds.iter().find(|a| a.0 == kind).copied().unwrap_or(arrival_kinds[0]);
    let general = ctx.draft_error.as_ref().filter(|(side, e)| {
        side.is_none() && (e.path.is_empty() || e.path == "workload" || e.path == "workload.steps")
    });
    html! {
        <section class="editor" aria-label={tr(lang, "Workload editor")}>
            <h2>{tr(lang, "Workload (shared by every side)")}</h2>
            if let Some((_, e)) = general {
                <p class="msg" role="alert">{crate::problem::scenario_error(ctx.lang, e)}</p>
            }
            <div class="row">
                <label class="field">
                    <span>{tr(lang, "Arrivals")}</span>
                    <select aria-label={tr(lang, "Arrivals")} onchange={on_arrivals}>
                        { for arrival_kinds.iter().map(|(k, l, _, _)| html! { <option value={*k} selected={kind == *k}>{*l}</option> }) }
                    </select>
                </label>
                { field(&format!("workload.arrivals.{kind}.{key}"), label) }
                if kind == "burst" {
                    { field("workload.arrivals.burst.at_ms", tr(lang, "At (ms)")) }
                }
                { field("duration_ms", tr(lang, "Duration (ms)")) }
                { field("cores", tr(lang, "Cores")) }
                { field("seed", tr(lang, "Seed")) }
            </div>
            <h3>{tr(lang, "Each request does")}</h3>
            <ol class="steps">{ for step_rows }</ol>
            if steps.len() < 8 {
                <button onclick={add_step}>{tr(lang, "Add a step")}</button>
            }
        </section>
    }
}
