//! "Your browser's event loop": the page itself runs on an event loop, so
//! here the user blocks it for real, then does the same work cooperatively
//! and in a Web Worker, and compares what was measured. Nothing here is
//! simulated.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::{spawn_local, JsFuture};
use yew::prelude::*;

use crate::i18n::{tr, trf, Lang};
use crate::job::{frame_stats, rounds_for, CpuJob};

/// Target length of the CPU job, ms.
const JOB_MS: f64 = 1500.0;
/// Length of one cooperative slice, ms.
const SLICE_MS: f64 = 8.0;
/// Frame intervals kept for the strip chart.
const STRIP: usize = 120;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.request_animation_frame(&resolve);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// How a run was done.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Way {
    Blocking,
    Cooperative,
    Worker,
    BusyWait,
    Timer,
}

impl Way {
    fn label(self, lang: Lang) -> &'static str {
        match self {
            Way::Blocking => tr(lang, "Blocking, in one go"),
            Way::Cooperative => tr(lang, "Cooperative, 8 ms slices"),
            Way::Worker => tr(lang, "In a Web Worker"),
            Way::BusyWait => tr(lang, "I/O: busy-wait 1 s"),
            Way::Timer => tr(lang, "I/O: await a 1 s timer"),
        }
    }
    fn id(self) -> &'static str {
        match self {
            Way::Blocking => "blocking",
            Way::Cooperative => "cooperative",
            Way::Worker => "worker",
            Way::BusyWait => "busy-wait",
            Way::Timer => "timer",
        }
    }
}

/// What one run measured.
#[derive(Clone, Debug, PartialEq)]
pub struct RunResult {
    pub way: Way,
    pub total_ms: f64,
    pub longest_gap_ms: f64,
    pub dropped: u64,
    pub worst_input_ms: Option<f64>,
    pub result: String,
}

/// What the frame loop and the text field record while a run is on.
#[derive(Default)]
struct Recorder {
    on: bool,
    frames: Vec<f64>,
    worst_input: Option<f64>,
}

/// Shared between the frame loop, the input field and the runs.
#[derive(Default)]
struct Live {
    strip: RefCell<Vec<f64>>,
    last_frame: Cell<f64>,
    rec: RefCell<Recorder>,
}

fn start_recording(live: &Live) {
    let mut r = live.rec.borrow_mut();
    *r = Recorder { on: true, frames: vec![now()], worst_input: None };
}

/// Stops recording after two more frames (so the gap a blocking run caused
/// is closed and input that queued up behind it has been handled).
async fn finish(live: Rc<Live>, way: Way, total_ms: f64, result: String) -> RunResult {
    next_frame().await;
    next_frame().await;
    let mut r = live.rec.borrow_mut();
    r.on = false;
    let (gap, dropped) = frame_stats(&r.frames);
    RunResult { way, total_ms, longest_gap_ms: gap, dropped, worst_input_ms: r.worst_input, result }
}

/// Runs the job in a module Web Worker and resolves with (checksum, ms).
async fn in_worker(worker: &web_sys::Worker, rounds: u64) -> Result<String, String> {
    let tx = Rc::new(RefCell::new(None::<js_sys::Function>));
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        *tx.borrow_mut() = Some(resolve);
    });
    let tx2 = tx.clone();
    let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        if let Some(f) = tx2.borrow_mut().take() {
            let _ = f.call1(&wasm_bindgen::JsValue::NULL, &e.data());
        }
    });
    worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    let msg = js_sys::Object::new();
    js_sys::Reflect::set(&msg, &"rounds".into(), &(rounds as f64).into()).map_err(|_| "message")?;
    worker.post_message(&msg).map_err(|_| "the worker did not accept the job".to_string())?;
    let data = JsFuture::from(promise).await.map_err(|_| "the worker failed".to_string())?;
    worker.set_onmessage(None);
    drop(onmessage);
    js_sys::Reflect::get(&data, &"result".into())
        .ok()
        .and_then(|v| v.as_string())
        .ok_or_else(|| "the worker sent no result".to_string())
}

#[function_component(BrowserLoop)]
pub fn browser_loop() -> Html {
    let lang = use_context::<super::context::Ctx>().map_or(Lang::En, |c| c.lang);
    let live = use_memo((), |_| Live::default());
    let rounds = use_state(|| None::<u64>);
    let running = use_state(|| None::<Way>);
    let results = use_state(Vec::<RunResult>::new);
    let error = use_state(|| None::<String>);
    let worker = use_mut_ref(|| None::<web_sys::Worker>);
    let ball = use_node_ref();
    let strip = use_node_ref();

    // Calibrate once: time a short run and size the job to about 1.5 s.
    {
        let rounds = rounds.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                next_frame().await;
                // Double the sample until it takes long enough to time, then
                // keep the fastest of three timings: a busy machine at start-up
                // then makes the job longer, never uselessly short. The result
                // goes through black_box so that the work cannot be skipped.
                let time = |n: u64| {
                    let t0 = now();
                    std::hint::black_box(CpuJob::new(std::hint::black_box(n)).run());
                    now() - t0
                };
                let mut sample: u64 = 100_000;
                while time(sample) < 40.0 && sample < 1 << 34 {
                    sample *= 2;
                }
                let mut best = f64::MAX;
                for _ in 0..3 {
                    next_frame().await;
                    best = best.min(time(sample));
                }
                rounds.set(Some(rounds_for(JOB_MS, sample, best)));
            });
        });
    }

    // The always-moving ball and the frame-time strip, drawn straight into
    // the DOM every frame (a Yew render per frame is not needed for this).
    {
        let (live, ball, strip) = (live.clone(), ball.clone(), strip.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(Cell::new(true));
            let running = alive.clone();
            spawn_local(async move {
                while running.get() {
                    next_frame().await;
                    let t = now();
                    let last = live.last_frame.replace(t);
                    if last > 0.0 {
                        let mut s = live.strip.borrow_mut();
                        s.push(t - last);
                        let extra = s.len().saturating_sub(STRIP);
                        s.drain(..extra);
                    }
                    {
                        let mut r = live.rec.borrow_mut();
                        if r.on {
                            r.frames.push(t);
                        }
                    }
                    if let Some(el) = ball.cast::<web_sys::Element>() {
                        let phase = (t / 1000.0) % 2.0;
                        let x = if phase < 1.0 { phase } else { 2.0 - phase };
                        let _ = el.set_attribute("cx", &format!("{:.1}", 20.0 + x * 560.0));
                    }
                    if let Some(el) = strip.cast::<web_sys::Element>() {
                        let s = live.strip.borrow();
                        let pts: Vec<String> = s
                            .iter()
                            .enumerate()
                            .map(|(i, g)| format!("{},{:.1}", i * 5, 60.0 - (g.min(200.0) / 200.0 * 58.0)))
                            .collect();
                        let _ = el.set_attribute("points", &pts.join(" "));
                    }
                }
            });
            move || alive.set(false)
        });
    }

    let on_input = {
        let live = live.clone();
        Callback::from(move |e: InputEvent| {
            let delay = now() - e.time_stamp();
            let mut r = live.rec.borrow_mut();
            if r.on {
                r.worst_input = Some(r.worst_input.map_or(delay, |w: f64| w.max(delay)));
            }
        })
    };

    let run = |way: Way| {
        let (live, rounds, running, results, error, worker) =
            (live.clone(), rounds.clone(), running.clone(), results.clone(), error.clone(), worker.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(n) = *rounds else { return };
            if running.is_some() {
                return;
            }
            running.set(Some(way));
            error.set(None);
            let (live, running, results, error, worker) =
                (live.clone(), running.clone(), results.clone(), error.clone(), worker.clone());
            spawn_local(async move {
                // Let the button's pressed state paint before the run starts.
                next_frame().await;
                start_recording(&live);
                let t0 = now();
                let outcome: Result<String, String> = match way {
                    Way::Blocking => Ok(format!("{:016x}", CpuJob::new(n).run())),
                    Way::Cooperative => {
                        let slice = rounds_for(SLICE_MS, n, JOB_MS);
                        let mut job = CpuJob::new(n);
                        while !job.run_slice(slice) {
                            TimeoutFuture::new(0).await;
                        }
                        Ok(format!("{:016x}", job.result()))
                    }
                    Way::Worker => {
                        if worker.borrow().is_none() {
                            let opts = web_sys::WorkerOptions::new();
                            opts.set_type(web_sys::WorkerType::Module);
                            match web_sys::Worker::new_with_options("./cpu-worker.js", &opts) {
                                Ok(w) => *worker.borrow_mut() = Some(w),
                                Err(_) => {
                                    error.set(Some(
                                        tr(lang, "This browser could not start a module Web Worker.").into(),
                                    ));
                                }
                            }
                        }
                        let w = worker.borrow().clone();
                        match w {
                            Some(w) => in_worker(&w, n).await,
                            None => Err(tr(lang, "no worker").into()),
                        }
                    }
                    Way::BusyWait => {
                        let end = now() + 1000.0;
                        let mut spins: u64 = 0;
                        while now() < end {
                            spins += 1;
                        }
                        Ok(trf(lang, "{0} spins", &[&spins]))
                    }
                    Way::Timer => {
                        TimeoutFuture::new(1000).await;
                        Ok(tr(lang, "timer fired").into())
                    }
                };
                let total = now() - t0;
                match outcome {
                    Ok(result) => {
                        let r = finish(live, way, total, result).await;
                        let mut all = (*results).clone();
                        all.push(r);
                        results.set(all);
                    }
                    Err(e) => {
                        live.rec.borrow_mut().on = false;
                        error.set(Some(e));
                    }
                }
                running.set(None);
            });
        })
    };

    let busy = running.is_some() || rounds.is_none();
    let button = |way: Way, name: &'static str| {
        html! {
            <button onclick={run(way)} disabled={busy} aria-pressed={(*running == Some(way)).to_string()}>{name}</button>
        }
    };
    // The three CPU runs must agree: mark each against the first one.
    let cpu = |w: Way| matches!(w, Way::Blocking | Way::Cooperative | Way::Worker);
    let reference = results.iter().find(|r| cpu(r.way)).map(|r| r.result.clone());
    html! {
        <section class="browser" aria-label={tr(lang, "Your browser's event loop")}>
            <h2>{tr(lang, "Your browser's event loop")}</h2>
            <p class="explain">
                {tr(lang, "This page runs on an event loop too. Run the same CPU job three ways and watch the ball, the frame times \
                  and the text field: in one go the page freezes; in slices that yield between them it stays responsive; \
                  in a worker the page does not notice. Nothing here is simulated.")}
            </p>
            <svg class="ball" viewBox="0 0 600 40" role="img" aria-label={tr(lang, "An animation that moves every frame")}>
                <line x1="20" x2="580" y1="20" y2="20" class="rail" />
                <circle ref={ball} cx="20" cy="20" r="12" class="ball-dot" />
            </svg>
            <figure class="strip">
                <figcaption>{tr(lang, "Time between frames, last 120 frames (top = 200 ms or more; a smooth page stays near the bottom)")}</figcaption>
                <svg viewBox="0 0 600 60" preserveAspectRatio="none" role="img" aria-label={tr(lang, "Frame-time strip chart")}>
                    <line class="ok-line" x1="0" x2="600" y1={format!("{:.1}", 60.0 - 16.7 / 200.0 * 58.0)} y2={format!("{:.1}", 60.0 - 16.7 / 200.0 * 58.0)} />
                    <polyline ref={strip} class="frames" points="" />
                </svg>
            </figure>
            <label class="field wide">
                <span>{tr(lang, "Type here while a job runs")}</span>
                <input type="text" oninput={on_input} aria-label={tr(lang, "Type here while a job runs")} />
            </label>
            <p class="job">
                { match *rounds {
                    None => tr(lang, "Measuring how fast this machine runs the job…").to_string(),
                    Some(n) => trf(lang, "The job: {0} rounds of integer mixing, sized to about {1} s here; its checksum is the result.", &[&n, &format!("{:.1}", JOB_MS / 1000.0)]),
                } }
            </p>
            <div class="runs" role="group" aria-label={tr(lang, "Runs")}>
                { button(Way::Blocking, tr(lang, "Run blocking")) }
                { button(Way::Cooperative, tr(lang, "Run cooperatively")) }
                { button(Way::Worker, tr(lang, "Run in a worker")) }
                <span class="sep" />
                { button(Way::BusyWait, tr(lang, "Busy-wait 1 s")) }
                { button(Way::Timer, tr(lang, "Await a 1 s timer")) }
            </div>
            if let Some(w) = *running {
                <p class="note" role="status">{trf(lang, "Running: {0}…", &[&w.label(lang)])}</p>
            }
            if let Some(e) = &*error {
                <p class="msg" role="alert">{e.clone()}</p>
            }
            <table class="results">
                <caption>{tr(lang, "Measured runs")}</caption>
                <thead><tr>
                    <th scope="col">{tr(lang, "Way")}</th><th scope="col">{tr(lang, "Total time")}</th><th scope="col">{tr(lang, "Longest frame gap")}</th>
                    <th scope="col">{tr(lang, "Frames dropped")}</th><th scope="col">{tr(lang, "Worst input delay")}</th><th scope="col">{tr(lang, "Result")}</th>
                </tr></thead>
                <tbody>
                    { for results.iter().map(|r| html! {
                        <tr data-way={r.way.id()} data-total={format!("{:.1}", r.total_ms)} data-gap={format!("{:.1}", r.longest_gap_ms)} data-result={r.result.clone()}>
                            <th scope="row">{r.way.label(lang)}</th>
                            <td>{format!("{:.0} ms", r.total_ms)}</td>
                            <td>{format!("{:.0} ms", r.longest_gap_ms)}</td>
                            <td>{r.dropped}</td>
                            <td>{r.worst_input_ms.map_or_else(|| tr(lang, "no typing during the run").to_string(), |d| format!("{d:.0} ms"))}</td>
                            <td><code>{r.result.clone()}</code>
                                if cpu(r.way) && reference.as_deref() == Some(r.result.as_str()) {
                                    {tr(lang, " ✓ same checksum")}
                                }
                            </td>
                        </tr>
                    }) }
                    if results.is_empty() {
                        <tr><td colspan="6">{tr(lang, "No runs yet.")}</td></tr>
                    }
                </tbody>
            </table>
            <p>
                {tr(lang, "A blocking run is what ")}<code>{"blocking_io_ms"}</code>{tr(lang, " does to the event-loop lane in the simulator: \
                  the loop can do nothing else until the call returns. ")}
                <a href="#preset=blocking-call-freezes-loop">{tr(lang, "See it in the simulation: one blocking call freezes the event loop.")}</a>
            </p>
        </section>
    }
}
