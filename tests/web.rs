//! Component tests in a real browser (headless Chromium through
//! wasm-bindgen-test): the app mounts, steps, shows inline errors and never
//! leaves a blank page.
#![cfg(target_arch = "wasm32")]

use asyncviz::components::app::App;
use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn doc() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts a fresh app in its own element and lets it render.
async fn mount() -> Element {
    let root = doc().create_element("div").unwrap();
    doc().body().unwrap().append_child(&root).unwrap();
    yew::Renderer::<App>::with_root(root.clone()).render();
    TimeoutFuture::new(50).await;
    root
}

fn find(root: &Element, sel: &str) -> Element {
    root.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}"))
}

async fn click(root: &Element, sel: &str) {
    find(root, sel).dyn_into::<HtmlElement>().unwrap().click();
    TimeoutFuture::new(30).await;
}

fn text(root: &Element, sel: &str) -> String {
    find(root, sel).text_content().unwrap_or_default()
}

async fn pause(root: &Element) {
    if root.query_selector("button[aria-label='Pause']").unwrap().is_some() {
        click(root, "button[aria-label='Pause']").await;
    }
}

#[wasm_bindgen_test]
async fn mounts_two_sides_with_controls_and_a_clock() {
    let root = mount().await;
    assert_eq!(root.query_selector_all("section.side").unwrap().length(), 2);
    for label in ["Step forward", "Step back", "Reset"] {
        find(&root, &format!("button[aria-label='{label}']"));
    }
    assert!(text(&root, "[aria-label='Simulation time']").ends_with("ms"));
    assert!(text(&root, "section.side h2").contains("Thread per request"));
    root.remove();
}

#[wasm_bindgen_test]
async fn step_forward_and_back_move_the_clock_and_the_log() {
    let root = mount().await;
    pause(&root).await;
    click(&root, "button[aria-label='Reset']").await;
    assert_eq!(text(&root, "[aria-label='Simulation time']"), "0.0 ms");
    for _ in 0..5 {
        click(&root, "button[aria-label='Step forward']").await;
    }
    let lines = root.query_selector_all(".log li").unwrap().length();
    assert_eq!(lines, 5, "one narrated line per step");
    let after_five = text(&root, "[aria-label='Simulation time']");
    assert_ne!(after_five, "0.0 ms");
    click(&root, "button[aria-label='Step forward']").await;
    click(&root, "button[aria-label='Step back']").await;
    assert_eq!(text(&root, "[aria-label='Simulation time']"), after_five);
    assert_eq!(root.query_selector_all(".log li").unwrap().length(), 5);
    root.remove();
}

#[wasm_bindgen_test]
async fn an_invalid_value_shows_its_message_next_to_the_field() {
    let root = mount().await;
    pause(&root).await;
    let input: HtmlInputElement = find(&root, "#f-model-thread_pool-threads").dyn_into().unwrap();
    input.set_value("0");
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&web_sys::Event::new_with_event_init_dict("input", &init).unwrap()).unwrap();
    TimeoutFuture::new(30).await;
    let msg = text(&root, "#f-model-thread_pool-threads-msg");
    assert!(msg.contains("must be at least 1"), "{msg}");
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(input.value(), "0", "what the user typed stays");
    assert_eq!(root.query_selector_all("section.side").unwrap().length(), 2, "the page still works");
    root.remove();
}

#[wasm_bindgen_test]
fn a_panic_shows_a_readable_panel_with_a_way_back() {
    asyncviz::components::fatal::show("something broke");
    let panel = doc().get_element_by_id("fatal").expect("panel");
    assert_eq!(panel.get_attribute("role").as_deref(), Some("alert"));
    let t = panel.text_content().unwrap();
    assert!(t.contains("something broke") && t.contains("Reload") && t.contains("Reset"));
    panel.remove();
}

#[wasm_bindgen_test]
fn a_job_split_into_slices_gives_the_same_result_as_one_run() {
    use asyncviz::job::CpuJob;
    let whole = CpuJob::new(250_001).run();
    for slice in [1, 333, 4096, 250_000, 10_000_000] {
        let mut job = CpuJob::new(250_001);
        let mut slices = 0;
        while !job.run_slice(slice) {
            slices += 1;
        }
        assert_eq!(job.result(), whole, "slices of {slice}");
        assert_eq!(slices as u64, 250_001u64.div_ceil(slice) - 1);
    }
}
