//! "Learn": the guided tour. Each step explains one point of the overview and loads its
//! demonstration below: a preset in the simulator (with the panels to watch outlined) or a
//! program in the code lab.

use std::rc::Rc;

use yew::prelude::*;

use super::app::Ctx;
use super::code::CodeLab;
use super::controls::Controls;
use super::side::SidePanel;
use crate::i18n::{tr, trf};
use crate::lab::{find as find_example, Lab};
use crate::state::Action;
use crate::tour::{hash, Demo, STEPS};

#[derive(Properties, PartialEq)]
pub struct LearnProps {
    pub step: usize,
    /// Inside an embed: no table of contents; the demo waits for Play.
    #[prop_or_default]
    pub embed: bool,
}

#[function_component(Learn)]
pub fn learn(props: &LearnProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let lang = ctx.lang;
    let i = props.step.min(STEPS.len() - 1);
    let step = &STEPS[i];
    {
        // Load the step's preset, and play it unless motion should be reduced (or in an embed).
        let (d, current, play) =
            (ctx.dispatcher(), ctx.preset, !props.embed && !super::app::prefers_reduced_motion());
        use_effect_with(i, move |_| {
            if let Demo::Preset(p) = STEPS[i].demo {
                if current != Some(p) {
                    d.dispatch(Action::LoadPreset(p));
                }
                d.dispatch(if play { Action::Play } else { Action::Pause });
            } else {
                d.dispatch(Action::Pause);
            }
            || ()
        });
    }
    let focus = classes!(step.focus.iter().map(|f| format!("watch-{f}")).collect::<Vec<_>>());
    let n = ctx.models.len();
    let demo = match step.demo {
        Demo::Preset(_) => html! {
            <>
                <Controls />
                <div class={classes!("sides", format!("n{n}"))}>
                    { for (0..n).map(|k| html! { <SidePanel key={k} index={k} query={None::<Rc<crate::url::Query>>} /> }) }
                </div>
            </>
        },
        Demo::Code(id) => {
            let lab = Rc::new(
                find_example(id)
                    .map(Lab::from_example)
                    .unwrap_or_else(|| Lab::from_example(&crate::lab::EXAMPLES[0])),
            );
            html! { <CodeLab key={id} {lang} initial={lab} sync_hash={false} /> }
        }
    };
    html! {
        <div class={classes!("learn", focus)}>
            <article class="tour-step" aria-labelledby="tour-title">
                <p class="tour-where">
                    {trf(lang, "Step {0} of {1}", &[&(i + 1), &STEPS.len()])}{" · "}{step.section.title(lang)}
                </p>
                <h2 id="tour-title">{step.title_in(lang)}</h2>
                <p>{step.body_in(lang)}</p>
                <p class="watch"><strong>{tr(lang, "What to watch:")}</strong>{" "}{step.watch_in(lang)}</p>
                <nav class="tour-nav" aria-label={tr(lang, "Tour")}>
                    if i > 0 {
                        <a href={hash(i - 1)} rel="prev">{tr(lang, "‹ Previous")}</a>
                    }
                    if i + 1 < STEPS.len() {
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
                            { for STEPS.iter().enumerate().map(|(k, s)| html! {
                                <li><a href={hash(k)} aria-current={(k == i).then_some("step")}>{s.title_in(lang)}</a></li>
                            }) }
                        </ol>
                    </details>
                }
            </article>
            <div class="tour-demo">{demo}</div>
        </div>
    }
}
