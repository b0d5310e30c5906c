//! English and Korean. English is compiled in and is the key; the Korean catalog
//! (`static/ko.json`, English → Korean) is fetched only when Korean is shown and installed with
//! [`install_korean`] (natively, in tests and tools, it is read from the file at build time).
//! Until it is installed, Korean text falls back to English. Templates use `{0}`, `{1}`… so the
//! Korean may order them differently.

use std::cell::RefCell;
use std::collections::HashMap;

thread_local! {
    /// The Korean catalog, once installed (its strings live as long as the page).
    static KOREAN: RefCell<Option<HashMap<&'static str, &'static str>>> = const { RefCell::new(None) };
}

/// The catalog's text, compiled into native builds only (the browser fetches it).
#[cfg(not(target_arch = "wasm32"))]
const KOREAN_JSON: &str = include_str!("../static/ko.json");

/// Reads a Korean catalog: a JSON object from English to Korean (a `_comment` key is
/// ignored). Errors say what is wrong.
pub fn parse_catalog(json: &str) -> Result<HashMap<String, String>, String> {
    let v: serde_json::Value = serde_json::from_str(json).map_err(|e| format!("ko.json: {e}"))?;
    let serde_json::Value::Object(map) = v else { return Err("ko.json: expected an object".into()) };
    map.into_iter()
        .filter(|(k, _)| k != "_comment")
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            _ => Err(format!("ko.json: {k:?}: expected a string")),
        })
        .collect()
}

/// Installs the Korean catalog (`static/ko.json`'s text) for the rest of the page's life.
pub fn install_korean(json: &str) -> Result<(), String> {
    let map = parse_catalog(json)?;
    let leaked: HashMap<&'static str, &'static str> = map
        .into_iter()
        .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), &*Box::leak(v.into_boxed_str())))
        .collect();
    KOREAN.with(|c| *c.borrow_mut() = Some(leaked));
    Ok(())
}

/// Whether Korean text is available (natively it always is).
pub fn korean_ready() -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    ensure_native();
    KOREAN.with(|c| c.borrow().is_some())
}

#[cfg(not(target_arch = "wasm32"))]
fn ensure_native() {
    if KOREAN.with(|c| c.borrow().is_none()) {
        install_korean(KOREAN_JSON).expect("static/ko.json");
    }
}

fn korean(en: &str) -> Option<&'static str> {
    #[cfg(not(target_arch = "wasm32"))]
    ensure_native();
    KOREAN.with(|c| c.borrow().as_ref().and_then(|m| m.get(en).copied()))
}

/// The languages the app speaks.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    En,
    Ko,
}

impl Lang {
    /// A language tag such as `ko`, `ko-KR` or `en-US`; other languages give `None`.
    pub fn from_code(code: &str) -> Option<Lang> {
        let c = code.trim().to_ascii_lowercase();
        if c.starts_with("ko") {
            Some(Lang::Ko)
        } else if c.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The tag for `<html lang>` and `?lang=`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }
}

/// `en` in `lang`.
pub fn tr(lang: Lang, en: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Ko => korean(en).unwrap_or(en),
    }
}

/// Text that reaches the app at run time (an example's credit, from the lab's worker) in
/// `lang`: the catalog's Korean when it has the text, else the text itself.
pub fn tr_text(lang: Lang, en: &str) -> String {
    match lang {
        Lang::En => en.to_string(),
        Lang::Ko => korean(en).unwrap_or(en).to_string(),
    }
}

/// A template in `lang` with `{0}`, `{1}`… replaced by `args`.
pub fn trf(lang: Lang, en_template: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    let t = tr(lang, en_template);
    let mut out = String::with_capacity(t.len() + 16);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        match close.and_then(|c| after[..c].parse::<usize>().ok().map(|n| (c, n))) {
            Some((c, n)) => {
                if let Some(a) = args.get(n) {
                    use std::fmt::Write;
                    let _ = write!(out, "{a}");
                }
                rest = &after[c + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The string literal starting at `s[0] == '"'`, unescaped, and its length in `s`.
    fn literal(s: &str) -> Option<String> {
        let mut out = String::new();
        let mut chars = s[1..].chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Some(out),
                '\\' => match chars.next()? {
                    'n' => out.push('\n'),
                    't' => out.push('\t'),
                    '"' => out.push('"'),
                    '\'' => out.push('\''),
                    '\\' => out.push('\\'),
                    '\n' => {
                        while chars.peek().is_some_and(|c| c.is_whitespace()) {
                            chars.next();
                        }
                    }
                    other => panic!("escape \\{other} in a translated literal"),
                },
                c => out.push(c),
            }
        }
        None
    }

    /// Every literal passed as the text of `tr(` or `trf(` in `src`.
    fn keys(src: &str) -> Vec<String> {
        let mut found = Vec::new();
        for pat in ["tr(", "trf("] {
            for (at, _) in src.match_indices(pat) {
                let before = src[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let args = &src[at + pat.len()..];
                // The first argument is the language; the text comes after the first comma.
                let Some(comma) = args.find([',', ')']) else { continue };
                if args.as_bytes()[comma] != b',' {
                    continue;
                }
                let text = args[comma + 1..].trim_start();
                if text.starts_with('"') {
                    found.push(literal(text).expect("a closed literal"));
                }
            }
        }
        found
    }

    fn placeholders(s: &str) -> Vec<String> {
        let mut v: Vec<String> = s
            .match_indices('{')
            .filter_map(|(i, _)| {
                let rest = &s[i + 1..];
                let end = rest.find('}')?;
                rest[..end].parse::<usize>().ok().map(|n| n.to_string())
            })
            .collect();
        v.sort();
        v
    }

    fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                sources(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((p.display().to_string(), std::fs::read_to_string(&p).unwrap()));
            }
        }
    }

    #[test]
    fn every_translated_text_has_korean_with_the_same_placeholders() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/ko.json");
        let text = std::fs::read_to_string(path).unwrap();
        let catalog = parse_catalog(&text).unwrap();
        let mut files = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let mut missing = Vec::new();
        let mut count = 0;
        for (path, src) in &files {
            // This file's own tests use made-up templates.
            let code = if path.ends_with("i18n.rs") {
                src.split("#[cfg(test)]").next().unwrap_or_default()
            } else {
                src
            };
            for k in keys(code) {
                count += 1;
                if !catalog.contains_key(&k) {
                    missing.push(format!("{path}: {k:?}"));
                }
            }
        }
        assert!(count > 200, "the scan found only {count} texts");
        assert!(missing.is_empty(), "no Korean for:\n{}", missing.join("\n"));
        for (en, ko) in &catalog {
            assert_eq!(placeholders(en), placeholders(ko), "placeholders of {en:?}");
            assert!(!ko.is_empty(), "{en:?}");
        }
        // One entry per line in the file: a key given twice would be dropped silently.
        let entries =
            text.lines().filter(|l| l.starts_with(" \"") && !l.starts_with(" \"_comment\"")).count();
        assert_eq!(entries, catalog.len(), "a key is given twice in static/ko.json");
    }

    #[test]
    fn a_catalog_that_cannot_be_read_says_why_and_korean_falls_back_to_english() {
        assert!(parse_catalog("[1]").unwrap_err().contains("expected an object"));
        assert!(parse_catalog("{\"Play\": 1}").unwrap_err().contains("\"Play\""));
        assert!(parse_catalog("{").unwrap_err().starts_with("ko.json:"));
        assert_eq!(tr(Lang::Ko, "a text with no Korean"), "a text with no Korean");
        assert!(korean_ready());
    }

    #[test]
    fn templates_fill_in_any_order() {
        assert_eq!(trf(Lang::En, "{0} of {1}", &[&1, &"two"]), "1 of two");
        assert_eq!(trf(Lang::En, "{1}, {0} {x}", &[&1, &2]), "2, 1 {x}");
        assert_eq!(tr(Lang::Ko, "Play"), "재생");
        assert_eq!(tr(Lang::En, "Play"), "Play");
        assert_eq!(Lang::from_code("ko-KR"), Some(Lang::Ko));
        assert_eq!(Lang::from_code("en-GB"), Some(Lang::En));
        assert_eq!(Lang::from_code("de"), None);
    }
}
