//! The code lab: a program beside its run, step by step: the line, the call stack, every queue
//! of the runtime and the console. The run comes whole from `asyncviz-lab`'s program model.

use std::rc::Rc;

use asyncviz_lab::{CodeError, Language, QueueKind};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::controls::Speed;
use crate::i18n::{tr, trf, Lang};
use crate::lab::{
    describe, item_text, lang_code, ms, parse_answer, race_text, Answer, Lab, LabAction, EXAMPLES,
};
use crate::player::use_playback_keys;
use crate::state::Action;

#[derive(Properties)]
pub struct CodeLabProps {
    pub lang: Lang,
    /// The lab to open with (from the URL hash); read once, when the lab mounts.
    pub initial: Rc<Lab>,
    /// Whether the address follows the program (not inside the tour).
    #[prop_or(true)]
    pub sync_hash: bool,
    /// Marks the run panel `data-watch` (a tour step asks the reader to watch it).
    #[prop_or_default]
    pub watch: bool,
}

impl PartialEq for CodeLabProps {
    fn eq(&self, other: &Self) -> bool {
        self.lang == other.lang
            && Rc::ptr_eq(&self.initial, &other.initial)
            && self.sync_hash == other.sync_hash
            && self.watch == other.watch
    }
}

#[function_component(CodeLab)]
pub fn code_lab(props: &CodeLabProps) -> Html {
    let lang = props.lang;
    let lab = {
        let initial = props.initial.clone();
        use_reducer(move || (*initial).clone())
    };
    // Playback: one step per tick while playing.
    {
        let d = lab.dispatcher();
        use_effect_with((lab.playing, lab.step_ms()), move |(playing, ms)| {
            let interval = playing
                .then(|| gloo_timers::callback::Interval::new(*ms, move || d.dispatch(LabAction::Tick)));
            move || drop(interval)
        });
    }
    // The same keys as the simulator: space, arrows, Home.
    {
        let d = lab.dispatcher();
        use_playback_keys(Rc::new(move |a| {
            let a = match a {
                Action::Toggle => LabAction::Toggle,
                Action::StepForward => LabAction::Forward,
                Action::StepBack => LabAction::Back,
                Action::Reset => LabAction::Reset,
                _ => return false,
            };
            d.dispatch(a);
            true
        }));
    }
    // Runs go to the program model's worker, started when the lab first needs it.
    {
        let runner = use_mut_ref(|| None::<Runner>);
        let d = lab.dispatcher();
        let request =
            lab.request().map(|r| (r.generation, lang_code(r.language), r.source.to_string(), r.example));
        use_effect_with(lab.generation, move |_| {
            if let Some((generation, language, source, example)) = request {
                let mut r = runner.borrow_mut();
                if r.is_none() {
                    *r = Runner::start(d.clone());
                }
                let posted = r.as_ref().is_some_and(|r| r.post(generation, language, &source, example));
                if !posted {
                    let result = Err(unavailable("the worker could not start"));
                    d.dispatch(LabAction::Ran { generation, result, source: None, credit: None });
                }
            }
            || ()
        });
    }
    // The address follows the program, so a link reopens it.
    {
        let hash = props.sync_hash.then(|| lab.hash());
        use_effect_with(hash, |hash| {
            if let (Some(w), Some(hash)) = (web_sys::window(), hash) {
                if w.location().hash().ok().as_deref() != Some(hash.as_str()) {
                    if let Ok(h) = w.history() {
                        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(hash));
                    }
                }
            }
        });
    }

    let act = |a: LabAction| {
        let d = lab.dispatcher();
        Callback::from(move |_: MouseEvent| d.dispatch(a.clone()))
    };
    let on_language = {
        let d = lab.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            d.dispatch(LabAction::SetLanguage(if sel.value() == "py" {
                Language::Python
            } else {
                Language::JavaScript
            }));
        })
    };
    let on_example = {
        let d = lab.dispatcher();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(x) = EXAMPLES.iter().find(|x| x.id == sel.value()) {
                d.dispatch(LabAction::LoadExample(x.id));
            }
        })
    };
    let on_edit = {
        let d = lab.dispatcher();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            d.dispatch(LabAction::Edit(el.value()));
        })
    };
    let on_speed = {
        let d = lab.dispatcher();
        Callback::from(move |i: usize| d.dispatch(LabAction::SetSpeed(i)))
    };
    let on_seek = {
        let d = lab.dispatcher();
        Callback::from(move |e: InputEvent| {
            let el: web_sys::HtmlInputElement = e.target_unchecked_into();
            if let Ok(n) = el.value().parse::<usize>() {
                d.dispatch(LabAction::Seek(n));
            }
        })
    };

    let error = lab.error.as_ref().map(|e| {
        let text = if e.line == 0 {
            e.message.clone()
        } else {
            trf(lang, "Line {0}, column {1}: {2}", &[&e.line, &e.col, &e.message])
        };
        html! { <p class="error" role="alert" id="lab-error">{text}</p> }
    });
    let examples = EXAMPLES.iter().filter(|x| x.language == lab.language);

    html! {
        <div class="lab">
            <section class="lab-edit" aria-label={tr(lang, "Program")}>
                <div class="lab-pick">
                    <label>
                        <span>{tr(lang, "Language")}</span>
                        <select onchange={on_language} aria-label={tr(lang, "Program language")}>
                            <option value="js" selected={lab.language == Language::JavaScript}>{"JavaScript (Node.js)"}</option>
                            <option value="py" selected={lab.language == Language::Python}>{"Python (asyncio)"}</option>
                        </select>
                    </label>
                    <label>
                        <span>{tr(lang, "Example")}</span>
                        <select onchange={on_example} aria-label={tr(lang, "Example program")}>
                            { for crate::lab::CATEGORIES.iter().filter(|c| examples.clone().any(|x| x.category == **c)).map(|c| html! {
                                <optgroup label={tr(lang, c)}>
                                    { for examples.clone().filter(|x| x.category == *c).map(|x| html! {
                                        <option value={x.id} selected={lab.example == Some(x.id)}>{tr(lang, x.title)}</option>
                                    }) }
                                </optgroup>
                            }) }
                            if lab.example.is_none() {
                                <option value="" selected=true disabled=true>{tr(lang, "Your own program")}</option>
                            }
                        </select>
                    </label>
                </div>
                if let (Some(_), Some(c)) = (lab.example, &lab.credit) {
                    <p class="lab-source">
                        { tr(lang, "Source:") }{ " " }
                        if let Some(url) = &c.url {
                            <a href={url.clone()} target="_blank" rel="noopener">{ source_label(lang, c) }</a>
                        } else {
                            { source_label(lang, c) }
                        }
                    </p>
                }
                <textarea
                    class="lab-src"
                    aria-label={tr(lang, "Program")}
                    aria-invalid={lab.error.is_some().then_some("true")}
                    aria-describedby={lab.error.is_some().then_some("lab-error")}
                    spellcheck="false"
                    rows="18"
                    value={lab.source.clone()}
                    oninput={on_edit}
                />
                { for error }
                if lab.pending && lab.trace.is_none() {
                    <p class="hint" role="status">{tr(lang, "Loading the program model…")}</p>
                }
                if lab.error.is_some() && lab.trace.is_some() {
                    <p class="hint">{tr(lang, "Showing the last program that ran.")}</p>
                }
                <details class="hint">
                    <summary>{tr(lang, "What the lab can run")}</summary>
                    <p>{tr(lang, "A subset of each language, modelled on the real runtime and checked against it in CI. Anything else is reported with its line and column.")}</p>
                    <ul class="subset">
                        { for crate::lab::subset(lab.language).iter().map(|s| html! { <li><code>{*s}</code></li> }) }
                    </ul>
                </details>
            </section>
            if let Some(t) = lab.trace.clone() {
                { run_view(lang, &lab, &t, act, on_seek, on_speed, props.watch) }
            }
        </div>
    }
}

fn run_view(
    lang: Lang,
    lab: &UseReducerHandle<Lab>,
    t: &asyncviz_lab::Trace,
    act: impl Fn(LabAction) -> Callback<MouseEvent>,
    on_seek: Callback<InputEvent>,
    on_speed: Callback<usize>,
    watch: bool,
) -> Html {
    let (play_label, play_text) = if lab.playing {
        (tr(lang, "Pause"), tr(lang, "❚❚ Pause"))
    } else {
        (tr(lang, "Play"), tr(lang, "▶ Play"))
    };
    let f = &t.frames[lab.frame];
    let last = lab.last();
    let shown_src = if lab.error.is_some() { None } else { Some(lab.source.as_str()) };
    let races: Vec<Html> = t
        .races
        .iter()
        .filter(|r| r.frame <= lab.frame)
        .map(|r| html! { <li>{race_text(lang, r.kind, &r.first, r.first_line, &r.second, r.second_line)}</li> })
        .collect();
    html! {
        <section class="lab-run" aria-label={tr(lang, "Run")} data-watch={watch.then_some("lab")}>
            <div class="controls lab-controls">
                <button class="primary" onclick={act(LabAction::Toggle)} aria-label={play_label}>{play_text}</button>
                <button onclick={act(LabAction::Back)} aria-label={tr(lang, "Step back")} title={tr(lang, "Step back (←)")}
                    disabled={lab.frame == 0}>{tr(lang, "‹ Back")}</button>
                <button onclick={act(LabAction::Forward)} aria-label={tr(lang, "Step forward")} title={tr(lang, "Step forward (→)")}
                    disabled={lab.frame == last}>{tr(lang, "Step ›")}</button>
                <button onclick={act(LabAction::Reset)} aria-label={tr(lang, "Reset")} title={tr(lang, "Reset (Home)")}>{tr(lang, "↺ Reset")}</button>
                <Speed speeds={crate::lab::SPEEDS} index={lab.speed} {lang} on_change={on_speed} />
                <input type="range" min="0" max={last.to_string()} value={lab.frame.to_string()}
                    aria-label={tr(lang, "Step")} oninput={on_seek} />
                <span class="clock" aria-live="off">
                    {trf(lang, "Step {0} of {1} · {2} ms", &[&lab.frame, &last, &ms(f.time_us)])}
                </span>
            </div>
            <p class="lab-say" aria-live="polite">{describe(lang, f, t.language)}</p>
            if !races.is_empty() {
                <ul class="lab-races">{ for races }</ul>
            }
            if let (Some(c), true) = (&t.crash, lab.frame == last) {
                <p class="error">{trf(lang, "The process died: {0}", &[c])}</p>
            }
            <div class="lab-grid">
                <figure class="lab-code">
                    <figcaption>{tr(lang, "Source")}</figcaption>
                    <ol class="code" tabindex="0" aria-label={tr(lang, "Source")}>
                        { for shown_src.unwrap_or("").lines().enumerate().map(|(i, text)| {
                            let here = f.line as usize == i + 1;
                            html! {
                                <li class={classes!(here.then_some("here"))} aria-current={here.then_some("step")}>
                                    <span class="ln" aria-hidden="true">{i + 1}</span>
                                    <code>{if text.is_empty() { " " } else { text }}</code>
                                </li>
                            }
                        }) }
                    </ol>
                </figure>
                <section class="lab-stack">
                    <h3>{tr(lang, "Call stack")}</h3>
                    <ol aria-label={tr(lang, "Call stack")}>
                        { for f.stack.iter().rev().map(|s| html! { <li><code>{s}</code></li> }) }
                        if f.stack.is_empty() {
                            <li class="none">{tr(lang, "(empty: the event loop is between callbacks)")}</li>
                        }
                    </ol>
                </section>
                { for f.queues.iter().map(|q| html! {
                    <section class={classes!("lab-queue", format!("q-{:?}", q.kind).to_lowercase())}>
                        <h3>{crate::names::lab_queue(lang, q.kind)}</h3>
                        <ol aria-label={crate::names::lab_queue(lang, q.kind)}>
                            { for q.items.iter().map(|i| html! {
                                <li>
                                    {item_text(lang, i.kind, &i.label, i.line)}
                                    if let (Some(d), true) = (i.due_us, matches!(q.kind, QueueKind::Timers | QueueKind::Scheduled)) {
                                        <span class="due">{trf(lang, "due at {0} ms", &[&ms(d)])}</span>
                                    }
                                </li>
                            }) }
                            if q.items.is_empty() {
                                <li class="none">{tr(lang, "(empty)")}</li>
                            }
                        </ol>
                    </section>
                }) }
                <section class="lab-out">
                    <h3>{tr(lang, "Console output")}</h3>
                    <ol aria-label={tr(lang, "Console output")}>
                        { for t.output[..f.output_len].iter().enumerate().map(|(i, l)| html! {
                            <li class={classes!((i + 1 == f.output_len && new_output(t, lab.frame)).then_some("new"))}><code>{l}</code></li>
                        }) }
                    </ol>
                </section>
            </div>
        </section>
    }
}

/// Whether this step printed something.
fn new_output(t: &asyncviz_lab::Trace, frame: usize) -> bool {
    frame > 0 && t.frames[frame].output_len > t.frames[frame - 1].output_len
}

/// The program model's Web Worker (`static/lab-worker.js`) and its message handler.
struct Runner {
    worker: web_sys::Worker,
    _onmessage: Closure<dyn Fn(web_sys::MessageEvent)>,
}

impl Runner {
    fn start(d: UseReducerDispatcher<Lab>) -> Option<Runner> {
        let opts = web_sys::WorkerOptions::new();
        opts.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("./lab-worker.js", &opts).ok()?;
        let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let data = e.data();
            let get = |k: &str| js_sys::Reflect::get(&data, &k.into()).ok();
            let Some(generation) = get("generation").and_then(|v| v.as_f64()) else { return };
            let failed = |why: &str| Answer { result: Err(unavailable(why)), source: None, credit: None };
            let Answer { result, source, credit } = match (
                get("answer").and_then(|v| v.as_string()),
                get("failed").and_then(|v| v.as_string()),
            ) {
                (Some(answer), _) => parse_answer(&answer),
                (None, Some(why)) => failed(&why),
                (None, None) => failed("the worker sent nothing"),
            };
            d.dispatch(LabAction::Ran { generation: generation as u64, result, source, credit });
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        Some(Runner { worker, _onmessage: onmessage })
    }

    fn post(&self, generation: u64, language: &str, source: &str, example: Option<&str>) -> bool {
        let msg = js_sys::Object::new();
        let set = |k: &str, v: wasm_bindgen::JsValue| js_sys::Reflect::set(&msg, &k.into(), &v).is_ok();
        set("generation", (generation as f64).into())
            && set("language", language.into())
            && set("source", source.into())
            && set("example", example.unwrap_or("").into())
            && self.worker.post_message(&msg).is_ok()
    }
}

impl Drop for Runner {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

fn unavailable(why: &str) -> CodeError {
    CodeError { line: 0, col: 0, message: format!("the code lab's program model could not run: {why}") }
}

/// Where an example comes from, in `lang` (a citation of a page stays as the page names itself).
fn source_label(lang: Lang, c: &crate::lab::Credit) -> String {
    crate::i18n::tr_text(lang, &c.source)
}
