//! "Share": the link that reproduces exactly what is shown, and the iframe
//! snippet that embeds it in a docs page.

use yew::prelude::*;

use super::context::Ctx;
use super::routing::share_query;
use crate::i18n::{tr, Lang};

/// A status line, in whatever language is shown when it is drawn.
type Said = fn(Lang) -> &'static str;
use crate::url::Query;

fn page_base() -> String {
    web_sys::window()
        .and_then(|w| Some(format!("{}{}", w.location().origin().ok()?, w.location().pathname().ok()?)))
        .unwrap_or_default()
}

/// Writes `text` to the clipboard where the browser allows it.
fn copy(text: &str) {
    let Some(w) = web_sys::window() else { return };
    let clipboard = js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok();
    if let Some(c) = clipboard.filter(|c| !c.is_undefined()) {
        if let Ok(f) = js_sys::Reflect::get(&c, &"writeText".into()) {
            if let Ok(f) = wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(f) {
                let _ = f.call1(&c, &text.into());
            }
        }
    }
}

/// Offers `text` as a file download.
fn download(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    let doc = web_sys::window().and_then(|w| w.document());
    if let Some(a) = doc.and_then(|d| d.create_element("a").ok()) {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", name);
        if let Ok(a) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(a) {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The timelines on the page, as (title, viewBox, inner markup).
fn timeline_parts() -> Vec<(String, String, String)> {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return Vec::new() };
    let Ok(list) = doc.query_selector_all("section.side") else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| {
            let side: web_sys::Element = wasm_bindgen::JsCast::dyn_into(list.item(i)?).ok()?;
            let svg = side.query_selector("figure.gantt svg").ok()??;
            let title = side.get_attribute("aria-label").unwrap_or_default();
            Some((title, svg.get_attribute("viewBox").unwrap_or_default(), svg.inner_html()))
        })
        .collect()
}

/// The iframe snippet for a link.
pub fn embed_snippet(src: &str, title: &str) -> String {
    let esc = |s: &str| s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;");
    format!(
        "<iframe src=\"{}\" title=\"{}\" width=\"720\" height=\"660\" loading=\"lazy\" frameborder=\"0\"></iframe>",
        esc(src),
        esc(title)
    )
}

#[derive(Properties, PartialEq)]
pub struct ShareProps {
    pub query: std::rc::Rc<Query>,
}

#[function_component(Share)]
pub fn share(props: &ShareProps) -> Html {
    let ctx = use_context::<Ctx>().expect("context");
    let open = use_state(|| false);
    let copied = use_state(|| None::<Said>);
    let lang = ctx.lang;
    let toggle = {
        let (open, copied) = (open.clone(), copied.clone());
        Callback::from(move |_| {
            open.set(!*open);
            copied.set(None);
        })
    };
    if !*open {
        return html! { <button class="share-open" aria-expanded="false" onclick={toggle}>{tr(lang, "Share…")}</button> };
    }
    let link = format!("{}{}", page_base(), share_query(&ctx, &props.query));
    let mut embed_q = (*props.query).clone();
    embed_q.embed = true;
    let embed_src = format!("{}{}", page_base(), share_query(&ctx, &embed_q));
    let title = match ctx.preset.and_then(crate::presets::find) {
        Some(p) => format!("asyncviz: {}", p.title_in(lang)),
        None => tr(lang, "asyncviz simulation").to_string(),
    };
    let snippet = embed_snippet(&embed_src, &title);
    let copy_btn = |what: Said, text: String| {
        let copied = copied.clone();
        Callback::from(move |_| {
            copy(&text);
            copied.set(Some(what));
        })
    };
    let export_trace = {
        let (ctx, copied) = (ctx.clone(), copied.clone());
        Callback::from(move |_| {
            let sides: Vec<_> = {
                let eng = ctx.engine.borrow();
                eng.sides().map(|s| (s.scenario().clone(), s.events())).collect()
            };
            let (text, cut) = crate::export::trace(&sides);
            download("asyncviz-trace.jsonl", "application/x-ndjson", &text);
            let said: Said = if cut {
                |l| tr(l, "Downloaded the trace (first 500,000 events per side).")
            } else {
                |l| tr(l, "Downloaded the trace.")
            };
            copied.set(Some(said));
        })
    };
    let export_svg = {
        let copied = copied.clone();
        Callback::from(move |_| {
            download(
                "asyncviz-timeline.svg",
                "image/svg+xml",
                &crate::export::standalone_svg(&timeline_parts()),
            );
            copied.set(Some(|l| tr(l, "Downloaded the timeline.")));
        })
    };
    html! {
        <>
        <button class="share-open" aria-expanded="true" onclick={toggle.clone()}>{tr(lang, "Share…")}</button>
        <div class="share" role="dialog" aria-label={tr(lang, "Share")}>
            <label class="field wide">
                <span>{tr(lang, "Link to exactly this view (scenario, time, speed)")}</span>
                <input type="text" readonly=true value={link.clone()} aria-label={tr(lang, "Link")} />
            </label>
            <button onclick={copy_btn(|l| tr(l, "Copied the link."), link)}>{tr(lang, "Copy link")}</button>
            <label class="field wide">
                <span>{tr(lang, "Embed code for a docs page (starts paused; add &autoplay to the src to play)")}</span>
                <textarea readonly=true rows="3" value={snippet.clone()} aria-label={tr(lang, "Embed code")} />
            </label>
            <button onclick={copy_btn(|l| tr(l, "Copied the embed code."), snippet)}>{tr(lang, "Copy embed code")}</button>
            <div class="row">
                <button onclick={export_trace}>{tr(lang, "Download event trace (JSON Lines)")}</button>
                <button onclick={export_svg}>{tr(lang, "Download timeline (SVG)")}</button>
            </div>
            if let Some(w) = *copied {
                <p class="note" role="status">{w(lang)}</p>
            }
            <button class="close" onclick={toggle}>{tr(lang, "Close")}</button>
        </div>
        </>
    }
}
