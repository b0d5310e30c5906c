//! "Learn": the guided tour. Each step explains one point of the overview and loads its
//! demonstration below: a preset in the simulator (with the panels to watch outlined) or a
//! program in the code lab.

use std::rc::Rc;

use super::hooks::{LoadError, LoadFailure};

use yew::prelude::*;

use super::code::CodeLab;
use super::context::Ctx;
use super::controls::Controls;
use super::side::SidePanel;
use crate::i18n::{tr, trf};
use crate::lab::{find as find_example, Lab};
use crate::state::Action;
use crate::tour::{hash, DemoRef, StepText, IDS};

#[derive(Properties, PartialEq)]
pub struct LearnProps {
    pub step: usize,
    /// Inside an embed: no table of contents; the demo waits for Play.
    #[prop_or_default]
    pub embed: bool,
}

/// Fetches the tour's text (`tour.json`, next to the app).
async fn fetch_tour() -> Result<Vec<StepText>, LoadError> {
    let url = "./tour.json";
    let text = super::hooks::fetch_text(url).await?;
    crate::tour::parse(&text).ok_or(LoadError { url, why: LoadFailure::Unreadable })
}

#[function_component(Learn)]
pub fn learn(props: &LearnProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang;
    let steps = use_state(|| None::<Result<Rc<Vec<StepText>>, LoadError>>);
    {
        let steps = steps.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(
                async move { steps.set(Some(fetch_tour().await.map(Rc::new))) },
            );
            || ()
        });
    }
    let i = props.step.min(IDS.len() - 1);
    {
        // Load the step's preset, and play it unless motion should be reduced (or in an embed).
        let (d, current, play) =
            (ctx.dispatcher(), ctx.preset, !props.embed && !super::dom::prefers_reduced_motion());
        let demo = match &*steps {
            Some(Ok(s)) => s.get(i).map(|s| s.demo.clone()),
            _ => None,
        };
        // Keyed on the step as well as its demo: two steps may share a preset, and arriving at
        // either starts it (the hash change that brought the reader here paused it).
        use_effect_with((i, demo), move |(_, demo)| {
            match demo {
                Some(DemoRef::Preset(p)) => {
                    if let Some(p) = crate::presets::find(p) {
                        if current != Some(p.id) {
                            d.dispatch(Action::LoadPreset(p.id));
                        }
                        d.dispatch(if play { Action::Play } else { Action::Pause });
                    }
                }
                Some(DemoRef::Code(_)) => d.dispatch(Action::Pause),
                None => {}
            }
            || ()
        });
    }
    {
        // Bring the first panel to watch into view once the step's demo has drawn.
        let loaded = matches!(&*steps, Some(Ok(_)));
        use_effect_with((i, loaded), move |(_, loaded)| {
            if *loaded {
                watch_into_view_soon(40);
            }
            || ()
        });
    }
    let all = match &*steps {
        Some(Ok(s)) if i < s.len() => s.clone(),
        Some(Err(why)) => {
            return html! { <p class="error" role="alert">{trf(lang, "The tour could not be loaded: {0}", &[&why.text(lang)])}</p> }
        }
        _ => return html! { <p class="hint" role="status">{tr(lang, "Loading the tour…")}</p> },
    };
    let step = &all[i];
    let t = |p: &(String, String)| StepText::text(lang, p).to_string();
    let watch: Rc<[String]> = step.focus.clone().into();
    let focus = classes!(step.focus.iter().map(|f| format!("watch-{f}")).collect::<Vec<_>>());
    let n = ctx.models.len();
    let demo = match &step.demo {
        DemoRef::Preset(_) => html! {
            <>
                <Controls />
                <super::glance::Glance />
                <div class={classes!("flows", format!("n{n}"))}>
                    { for (0..n).map(|k| html! {
                        <super::flow::FlowView key={k} index={k} watched={step.focus.iter().any(|f| f == "flow")} />
                    }) }
                </div>
                <div class={classes!("sides", format!("n{n}"))}>
                    { for (0..n).map(|k| html! {
                        <SidePanel key={k} index={k} query={None::<Rc<crate::url::Query>>} watch={watch.clone()} />
                    }) }
                </div>
            </>
        },
        DemoRef::Code(id) => {
            let lab = Rc::new(
                find_example(id)
                    .map(Lab::from_example)
                    .unwrap_or_else(|| Lab::from_example(&crate::lab::EXAMPLES[0])),
            );
            html! { <CodeLab key={id.clone()} {lang} initial={lab} sync_hash={false} watch={!step.focus.is_empty()} /> }
        }
    };
    html! {
        <div class={classes!("learn", focus)}>
            <article class="tour-step" aria-labelledby="tour-title">
                <p class="tour-where">
                    {trf(lang, "Step {0} of {1}", &[&(i + 1), &all.len()])}{" · "}{t(&step.section)}
                </p>
                <h2 id="tour-title">{t(&step.title)}</h2>
                <p>{t(&step.body)}</p>
                <p class="watch"><strong>{tr(lang, "What to watch:")}</strong>{" "}{t(&step.watch)}</p>
                <nav class="tour-nav" aria-label={tr(lang, "Tour")}>
                    if i > 0 {
                        <a href={hash(i - 1)} rel="prev">{tr(lang, "‹ Previous")}</a>
                    }
                    if i + 1 < all.len() {
                        <a href={hash(i + 1)} rel="next" class="next">{tr(lang, "Next ›")}</a>
                    } else {
                        <a href="#" class="next">{tr(lang, "Open the simulator")}</a>
                    }
                    <a href={hash(i)} class="permalink">{tr(lang, "Link to this step")}</a>
                </nav>
                if !props.embed {
                    <details class="toc">
                        <summary>{tr(lang, "All steps")}</summary>
                        <ol>
                            { for all.iter().enumerate().map(|(k, s)| html! {
                                <li><a href={hash(k)} aria-current={(k == i).then_some("step")}>{t(&s.title)}</a></li>
                            }) }
                        </ol>
                    </details>
                }
            </article>
            <div class="tour-demo">{demo}</div>
        </div>
    }
}

/// Scrolls the page so that the first `[data-watch]` panel is in view while the step's text
/// stays in view too: beside the demo on a wide screen (where the demo's controls stick to the
/// top), or pinned above it on a narrow one (then the panel goes just below the pinned text).
/// The breakpoint is `static/app.css`'s.
fn bring_watch_into_view() -> bool {
    let Some(w) = web_sys::window() else { return true };
    let Some(doc) = w.document() else { return true };
    let Some(panel) = doc.query_selector(".tour-demo [data-watch]").ok().flatten() else { return false };
    let height_of = |sel: &str| {
        doc.query_selector(sel).ok().flatten().map_or(0.0, |e| e.get_bounding_client_rect().height())
    };
    let wide = w.match_media("(min-width: 1000px)").ok().flatten().is_some_and(|m| m.matches());
    let top_free = 8.0 + if wide { height_of(".tour-demo .controls") } else { height_of(".tour-step") };
    let viewport = w.inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(800.0);
    let p = panel.get_bounding_client_rect();
    if p.top() >= top_free && p.top() + p.height().min(viewport - top_free) <= viewport {
        return true; // already in view
    }
    let y = w.scroll_y().unwrap_or(0.0) + p.top() - top_free;
    w.scroll_to_with_x_and_y(0.0, y.max(0.0));
    true
}

/// [`bring_watch_into_view`] once the demo has drawn its panels: a code lab's run panel appears
/// only when the program model has answered, so it tries again a few times.
fn watch_into_view_soon(tries: u32) {
    gloo_timers::callback::Timeout::new(150, move || {
        if !bring_watch_into_view() && tries > 1 {
            watch_into_view_soon(tries - 1);
        }
    })
    .forget();
}
