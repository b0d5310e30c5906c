//! The panel shown when the app panics: a readable message and a way back,
//! never a blank page. Built with plain DOM calls because after a panic the
//! Yew tree can no longer be trusted.

/// Puts the error panel on the page (once).
pub fn show(message: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.get_element_by_id("fatal").is_some() {
        return;
    }
    let Ok(panel) = doc.create_element("div") else { return };
    panel.set_id("fatal");
    panel.set_class_name("fatal");
    let _ = panel.set_attribute("role", "alert");
    let add = |tag: &str, text: &str| -> Option<web_sys::Element> {
        let el = doc.create_element(tag).ok()?;
        el.set_text_content(Some(text));
        panel.append_child(&el).ok()?;
        Some(el)
    };
    // The app's language may be what failed, so the panel says everything in both.
    add("h2", "asyncviz stopped because of an internal error");
    add("p", "Nothing you entered was sent anywhere. Reload to continue where you were, or reset to the default comparison.");
    if let Some(h) = add("h2", "asyncviz가 내부 에러로 멈췄습니다") {
        let _ = h.set_attribute("lang", "ko");
    }
    if let Some(p) = add("p", "입력한 내용은 어디에도 전송되지 않았습니다. 새로고침하면 보던 곳에서 이어지고, 초기화하면 기본 비교로 돌아갑니다.") {
        let _ = p.set_attribute("lang", "ko");
    }
    add("pre", message);
    if let Some(a) = add("a", "Reload · 새로고침") {
        let _ = a.set_attribute("href", "");
        a.set_class_name("button");
    }
    if let Some(a) = add("a", "Reset · 초기화") {
        let href = web_sys::window().and_then(|w| w.location().pathname().ok()).unwrap_or_else(|| "/".into());
        let _ = a.set_attribute("href", &href);
        a.set_class_name("button");
    }
    if let Some(body) = doc.body() {
        let _ = body.prepend_with_node_1(&panel);
    }
}
