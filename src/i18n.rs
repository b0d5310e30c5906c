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

/// A template in `lang` with `{0}`, `{1}`… replaced by `args`. A Korean template may follow a
/// placeholder with the particle it needs, as `{0:이/가}`, `{0:을/를}`, `{0:은/는}`, `{0:과/와}`,
/// `{0:으로/로}` or `{0:이에요/예요}`-style pairs (the form after a final consonant first): the
/// argument is written and then [`josa`] picks the form that agrees with its last sound. English
/// templates have no markers, so their behaviour is unchanged.
pub fn trf(lang: Lang, en_template: &'static str, args: &[&dyn std::fmt::Display]) -> String {
    let t = tr(lang, en_template);
    let mut out = String::with_capacity(t.len() + 16);
    let mut rest = t;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let close = after.find('}');
        let parsed = close.and_then(|c| {
            let inner = &after[..c];
            let (num, particle) = match inner.split_once(':') {
                Some((n, p)) if p.contains('/') => (n, Some(p)),
                Some(_) => return None,
                None => (inner, None),
            };
            num.parse::<usize>().ok().map(|n| (c, n, particle))
        });
        match parsed {
            Some((c, n, particle)) => {
                if let Some(a) = args.get(n) {
                    let word = a.to_string();
                    if let Some(p) = particle {
                        let particle = josa(&word, p);
                        out.push_str(&word);
                        out.push_str(&particle);
                    } else {
                        out.push_str(&word);
                    }
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

/// How a word ends when read aloud in Korean, as far as particles care.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// A final consonant other than ㄹ (밥, 삼, 육).
    Batchim,
    /// The final consonant ㄹ (일, 칠, 팔, 레일): it takes 로, not 으로.
    Rieul,
    /// No final consonant (이, 사, 워커).
    Vowel,
}

/// The last sound of `word` as a Korean reader says it: the last Hangul syllable, or the last
/// number read in Sino-Korean (`10` is 십, `100` 백, `1000` 천, `10000` 만; after a decimal point
/// each digit is read alone, `1.0` ends in 영). Quotes and spaces at the end are skipped, and a
/// bracketed aside at the end is read past, as Korean does. `None` for anything else (a Latin name such as `main`), whose reading is not
/// known: the caller gets the two-form fallback from [`josa`].
pub fn ending(word: &str) -> Option<Ending> {
    let w = word.trim_end_matches(|c: char| c.is_whitespace() || "\"'”’».…".contains(c));
    // A particle after a bracketed aside agrees with the word before it: `큐 (call_soon)가`.
    if let Some(inner) = w.strip_suffix(')') {
        return inner.rfind('(').and_then(|open| ending(&inner[..open]));
    }
    let last = w.chars().next_back()?;
    if ('\u{AC00}'..='\u{D7A3}').contains(&last) {
        return Some(match (last as u32 - 0xAC00) % 28 {
            0 => Ending::Vowel,
            8 => Ending::Rieul,
            _ => Ending::Batchim,
        });
    }
    if !last.is_ascii_digit() {
        return None;
    }
    // Reversed, with thousands separators dropped (`1,200` is 천이백).
    let tail: String = w.chars().rev().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
    let decimal = w[..w.len() - tail.len()].ends_with('.');
    let digits: String = tail.chars().filter(|c| *c != ',').collect();
    let sound = |d: char| match d {
        '2' | '4' | '5' | '9' => Ending::Vowel,
        '1' | '7' | '8' => Ending::Rieul,
        _ => Ending::Batchim,
    };
    if decimal || digits.trim_end_matches('0').is_empty() {
        // A digit read alone, or zero itself (영).
        return Some(sound(last));
    }
    // `digits` is reversed: the trailing zeros say which unit is read last.
    let zeros = digits.chars().take_while(|&c| c == '0').count();
    Some(match zeros {
        0 => sound(last),
        // 십, 백, 천: ㅂ, ㄱ, ㄴ.
        1..=3 => Ending::Batchim,
        // 만 and 억 (십만, 천억 …) end in a consonant, 조 does not, 경 does.
        4..=11 => Ending::Batchim,
        12..=15 => Ending::Vowel,
        _ => Ending::Batchim,
    })
}

/// The form of a particle pair such as `"이/가"` that agrees with `word`'s last sound (see
/// [`ending`]): the first form after a final consonant, the second after a vowel; `"으로/로"`
/// also takes 로 after ㄹ. A word whose reading is not known gets both forms, `이(가)`; Korean
/// templates are written so that names in Latin letters do not meet a marker.
pub fn josa(word: &str, pair: &str) -> String {
    let (after_consonant, after_vowel) = pair.split_once('/').unwrap_or((pair, pair));
    match ending(word) {
        Some(Ending::Batchim) => after_consonant.to_string(),
        Some(Ending::Rieul) if after_consonant == "으로" => after_vowel.to_string(),
        Some(Ending::Rieul) => after_consonant.to_string(),
        Some(Ending::Vowel) => after_vowel.to_string(),
        None if after_consonant == "으로" => "(으)로".to_string(),
        None => {
            // 이(가), 을(를): the consonant form with the vowel form's difference in brackets.
            format!("{after_consonant}({after_vowel})")
        }
    }
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
                // `{0:이/가}` is placeholder 0 with a particle.
                let inner = rest[..end].split_once(':').map_or(&rest[..end], |(n, _)| n);
                inner.parse::<usize>().ok().map(|n| n.to_string())
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

    #[test]
    fn josa_follows_the_last_sound() {
        // Hangul: 받침 or not, and ㄹ (로, not 으로).
        assert_eq!(josa("이벤트 루프", "이/가"), "가");
        assert_eq!(josa("스레드 풀", "이/가"), "이");
        assert_eq!(josa("스레드 풀", "으로/로"), "로");
        assert_eq!(josa("작업", "을/를"), "을");
        assert_eq!(josa("큐", "은/는"), "는");
        assert_eq!(josa("코어", "과/와"), "와");
        assert_eq!(josa("가상 스레드", "으로/로"), "로");
        assert_eq!(josa("캐리어 큐 (call_soon)", "이/가"), "가");
        // Digits as read: 영 일 이 삼 사 오 육 칠 팔 구.
        let subject: Vec<String> = (0..10).map(|d| josa(&d.to_string(), "이/가")).collect();
        assert_eq!(subject, ["이", "이", "가", "이", "가", "가", "이", "이", "이", "가"]);
        let toward: Vec<String> = (0..10).map(|d| josa(&d.to_string(), "으로/로")).collect();
        assert_eq!(toward, ["으로", "로", "로", "으로", "로", "로", "으로", "로", "로", "로"]);
        // Whole numbers end in their last unit: 십, 백, 천, 만, 억, 조.
        assert_eq!(josa("10", "을/를"), "을");
        assert_eq!(josa("20", "으로/로"), "으로");
        assert_eq!(josa("100", "이/가"), "이");
        assert_eq!(josa("1,000", "이/가"), "이");
        assert_eq!(josa("10000", "은/는"), "은");
        assert_eq!(josa("1000000000000", "이/가"), "가");
        assert_eq!(josa("#12", "이/가"), "가");
        assert_eq!(josa("#17", "을/를"), "을");
        assert_eq!(josa("#250", "이/가"), "이");
        // After a decimal point each digit is read alone: 일 점 영.
        assert_eq!(josa("1.0", "이/가"), "이");
        assert_eq!(josa("2.5", "으로/로"), "로");
        // Names in Latin letters have no known reading: both forms.
        assert_eq!(josa("main", "이/가"), "이(가)");
        assert_eq!(josa("main", "으로/로"), "(으)로");
        assert_eq!(josa("", "을/를"), "을(를)");
        assert_eq!(ending("15.0 ms"), None);
    }

    #[test]
    fn korean_templates_pick_the_particle_and_english_ones_are_unchanged() {
        assert_eq!(trf(Lang::Ko, "request #{0} arrives", &[&3]), "요청 #3이 도착합니다");
        assert_eq!(trf(Lang::Ko, "request #{0} arrives", &[&12]), "요청 #12가 도착합니다");
        assert_eq!(trf(Lang::En, "request #{0} arrives", &[&12]), "request #12 arrives");
        // A marker is read only as `{n:a/b}`; other braces pass through.
        assert_eq!(trf(Lang::En, "{0:x} {0}", &[&1]), "{0:x} 1");
    }

    /// Placeholders of a Korean template that take names in Latin letters (thread names such
    /// as `http-nio-exec-3`, function names such as `main`): the sentence must be arranged so
    /// that nothing after them depends on their sound.
    const NAME_SLOTS: &[(&str, usize)] = &[
        ("{0} picks up #{1}", 0),
        ("#{0} computes for {1} on {2}", 2),
        ("core {0} moves from {1} to {2} (time slice over)", 1),
        ("core {0} moves from {1} to {2} (time slice over)", 2),
        ("{0} keeps core {1} for another time slice (nobody is waiting for a core)", 0),
        ("#{0} awaits its I/O ({1}) and {2} moves on", 2),
        ("{0} waits {1} for #{2}'s I/O, holding the thread", 0),
        ("#{0} makes a blocking call: {1} is stuck for {2}", 1),
        ("#{0}'s I/O is done on {1}", 1),
        ("a new thread {0} starts", 0),
        ("{0} was idle too long and ends", 0),
        ("Request #{0} is at line {1}; {2} waits for a free core", 2),
        ("Request #{0} is blocked on I/O on line {1} — {2} waits with it", 2),
        ("Request #{0} is in a blocking call on line {1} — {2} is blocked", 2),
        ("Request #{0} is pinned on line {1} — {2} is held", 2),
        ("Request #{0} is computing on line {1} on {2}", 2),
        ("Job #{0} is computing on line {1} on {2}", 2),
        ("I/O, holding {0}", 0),
        ("blocked on {0}", 0),
        ("running on {0}", 0),
        ("{0}: request #{1}, {2}", 0),
        ("{0}: idle", 0),
        ("{0}: free", 0),
        ("{0}: {1} runs {2}", 1),
        ("Called {0}: it goes on top of the call stack.", 0),
        ("{0} returned to its caller.", 0),
        ("{0} reaches await on line {1}: it is suspended, and the stack unwinds to whoever called it.", 0),
        ("The event loop takes {0} from the {1} and runs it.", 0),
        ("Not guaranteed: here {0} (line {1}) runs before {2} (line {3}), but on a real machine either may run first: {4}.", 0),
        ("Not guaranteed: here {0} (line {1}) runs before {2} (line {3}), but on a real machine either may run first: {4}.", 2),
        ("resume {0}", 0),
        ("start {0}", 0),
        ("timer: {0}", 0),
        ("done callback: {0}", 0),
        ("{0} (line {1})", 0),
    ];

    /// Particles whose form depends on the sound before them (the start of the word after a
    /// placeholder).
    const SOUND_PARTICLES: &[&str] =
        &["이", "가", "을", "를", "은", "는", "과", "와", "으로", "로", "이나", "나", "이며", "며"];

    /// Sample values and the particle each pair should give after them, worked out by hand
    /// (not by [`josa`]): Hangul with and without 받침 and with ㄹ, the digits 0–9 as read,
    /// whole numbers ending in a unit, and a Latin name.
    const SAMPLES: &[(&str, char)] = &[
        ("이벤트 루프", 'v'),
        ("작업 큐", 'v'),
        ("스레드 풀", 'l'),
        ("워커 스레드 3", 'c'),
        ("0", 'c'),
        ("1", 'l'),
        ("2", 'v'),
        ("3", 'c'),
        ("4", 'v'),
        ("5", 'v'),
        ("6", 'c'),
        ("7", 'l'),
        ("8", 'l'),
        ("9", 'v'),
        ("10", 'c'),
        ("200", 'c'),
        ("1.0", 'c'),
        ("main", 'x'),
    ];

    fn expected(sound: char, pair: &str) -> String {
        let (c, v) = pair.split_once('/').unwrap();
        match (sound, c) {
            ('c', _) => c.into(),
            ('l', "으로") => v.into(),
            ('l', _) => c.into(),
            ('v', _) => v.into(),
            (_, "으로") => "(으)로".into(),
            _ => format!("{c}({v})"),
        }
    }

    /// The catalog's entries, leaked so that they can be passed as `&'static str` keys.
    fn catalog() -> Vec<(&'static str, &'static str)> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("static/ko.json");
        let mut v: Vec<(&'static str, &'static str)> = parse_catalog(&std::fs::read_to_string(path).unwrap())
            .unwrap()
            .into_iter()
            .map(|(k, v)| (&*Box::leak(k.into_boxed_str()), &*Box::leak(v.into_boxed_str())))
            .collect();
        v.sort();
        v
    }

    /// `(index, particle pair, byte offset after the placeholder)` for each placeholder.
    fn slots(ko: &str) -> Vec<(usize, Option<String>, usize)> {
        let mut out = Vec::new();
        for (i, _) in ko.match_indices('{') {
            let rest = &ko[i + 1..];
            let Some(end) = rest.find('}') else { continue };
            let inner = &rest[..end];
            let (n, p) = match inner.split_once(':') {
                Some((n, p)) => (n, Some(p.to_string())),
                None => (inner, None),
            };
            if let Ok(n) = n.parse::<usize>() {
                out.push((n, p, i + 1 + end + 1));
            }
        }
        out
    }

    #[test]
    fn every_korean_template_puts_the_right_particle_after_every_kind_of_value() {
        let mut problems = Vec::new();
        let mut markers = 0;
        for (en, ko) in catalog() {
            let slots = slots(ko);
            if slots.is_empty() {
                continue;
            }
            for (n, pair, after) in &slots {
                let next = &ko[*after..];
                let latin = NAME_SLOTS.contains(&(en, *n));
                match pair {
                    // A particle written by hand after a placeholder is right for some values
                    // only; a bracketed fallback is not wanted either.
                    None => {
                        if let Some(p) = SOUND_PARTICLES.iter().find(|p| next.starts_with(**p)) {
                            problems.push(format!("{en:?}: {{{n}}} is followed by a fixed {p:?}: {ko}"));
                        }
                    }
                    Some(pair) if latin => {
                        problems.push(format!("{en:?}: {{{n}}} takes a Latin name, but {pair:?} follows it"))
                    }
                    Some(pair) => {
                        markers += 1;
                        for (sample, sound) in SAMPLES {
                            let args: Vec<String> = (0..10)
                                .map(|k| if k == *n { sample.to_string() } else { format!("<{k}>") })
                                .collect();
                            let refs: Vec<&dyn std::fmt::Display> =
                                args.iter().map(|a| a as &dyn std::fmt::Display).collect();
                            let got = trf(Lang::Ko, en, &refs);
                            let want_piece = format!("{sample}{}", expected(*sound, pair));
                            if !got.contains(&want_piece) {
                                problems.push(format!("{en:?} with {sample:?}: {got}"));
                            }
                        }
                    }
                }
            }
            // No fixed word takes a bracketed fallback.
            for fb in ["이(가)", "을(를)", "은(는)", "과(와)", "(으)로"] {
                if ko.contains(fb) {
                    problems.push(format!("{en:?}: bracketed {fb:?}: {ko}"));
                }
            }
        }
        for (en, n) in NAME_SLOTS {
            let ko = tr(Lang::Ko, en);
            assert_ne!(ko, *en, "{en:?} has no Korean");
            let args: Vec<String> =
                (0..10).map(|k| if k == *n { "http-nio-exec-2".into() } else { format!("<{k}>") }).collect();
            let refs: Vec<&dyn std::fmt::Display> =
                args.iter().map(|a| a as &dyn std::fmt::Display).collect();
            let got = trf(Lang::Ko, en, &refs);
            let after = got.split("http-nio-exec-2").nth(1).expect("the name is shown");
            if SOUND_PARTICLES.iter().any(|p| after.starts_with(p)) {
                problems.push(format!("{en:?}: a sound-dependent particle after a Latin name: {got}"));
            }
        }
        assert!(markers >= 30, "only {markers} particle markers were checked");
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Forms the glossary (shared/docs/KOREAN.md) says not to use, with the reason.
    const NOT_FORMS: &[(&str, &str)] = &[
        ("프라미스", "프로미스"),
        ("rejection", "프로미스 거부"),
        ("실행기", "Executor"),
        ("준비 큐", "실행 대기 큐"),
        ("번째 줄", "{n}행"),
        ("루프 줄", "레인"),
        ("코어 줄", "레인"),
        ("계산", "연산"),
        ("막힘", "블로킹됨"),
        ("막혀", "블로킹됨"),
        ("막힌", "블로킹된"),
        ("묶임", "블로킹됨"),
        ("묶여", "블로킹됨"),
        ("묶어", "점유"),
        ("붙들", "점유"),
        ("붙든", "점유"),
        ("잡고", "점유"),
        ("잡지", "점유"),
        ("잡은", "점유"),
        ("잡아", "점유"),
        ("죽", "크래시"),
        ("프로세스 종료", "크래시"),
        ("프로세스가 종료", "크래시"),
        ("오류", "에러"),
        ("대기(backoff)", "백오프"),
        ("위임", "넘기기"),
        ("프런트 엔드", "프런트엔드"),
        ("약속", "보장"),
        ("대기열", "큐"),
        ("폭포", "스팬 워터폴"),
        ("번째 시도", "{n}차 시도"),
    ];

    /// Every Korean text a reader meets: the catalog and the tour.
    fn korean_texts() -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> =
            catalog().into_iter().map(|(en, ko)| (en.to_string(), ko.to_string())).collect();
        for s in crate::tour::STEPS {
            for (en, ko) in [s.title, s.body, s.watch] {
                out.push((en.to_string(), ko.to_string()));
            }
        }
        out
    }

    #[test]
    fn the_korean_text_uses_none_of_the_glossarys_not_forms() {
        let mut problems = Vec::new();
        for (en, ko) in korean_texts() {
            // Identifiers stay in Latin; the seed's own slogan is quoted as it is.
            let text = ko.replace("unhandled_rejection", "").replace("'위임 후 다음 작업 실행'", "");
            for (not, use_) in NOT_FORMS {
                if text.contains(not) {
                    problems.push(format!("{not:?} (use {use_}) in {en:?}: {ko}"));
                }
            }
            // BullMQ's per-worker job count is 동시 처리 수; 동시성 is the concept.
            if en.to_lowercase().contains("concurrency")
                && ko.contains("동시성")
                && !en.contains("concurrent")
            {
                problems.push(format!("동시성 for BullMQ's concurrency in {en:?}: {ko}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    #[test]
    fn korean_sentences_are_written_in_hamnida_style() {
        // 해라체 endings (…멈춘다., …않는다) where 합니다체 is the house style.
        let mut problems = Vec::new();
        for (en, ko) in korean_texts() {
            let chars: Vec<char> = ko.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                // The end of a sentence (not 보다 or 마다 inside one).
                let end = chars.get(i + 1).is_none_or(|n| matches!(n, '.' | ':' | ';' | '!' | '?' | ')'));
                let hangul_before = i > 0 && ('\u{AC00}'..='\u{D7A3}').contains(&chars[i - 1]);
                if *c == '다' && end && hangul_before && chars[i - 1] != '니' {
                    problems.push(format!("{en:?}: {ko}"));
                    break;
                }
            }
        }
        assert!(problems.is_empty(), "not 합니다체:\n{}", problems.join("\n"));
    }
}
