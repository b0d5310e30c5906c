//! The code lab never panics: any text in either language is a trace or an error with a
//! position, and every trace is internally consistent.

use asyncviz_lab::{run, run_es_module, Language, StepKind, Trace, MAX_STEPS};
use proptest::prelude::*;

fn corpus() -> Vec<(Language, String)> {
    let mut out = Vec::new();
    for (dir, lang) in [
        ("tests/corpus/js", Language::JavaScript),
        ("tests/features/js", Language::JavaScript),
        ("tests/corpus/py", Language::Python),
    ] {
        let mut paths: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        out.extend(paths.into_iter().map(|p| (lang, std::fs::read_to_string(p).unwrap())));
    }
    out
}

fn consistent(t: &Trace) {
    assert!(!t.frames.is_empty() && t.frames.len() <= MAX_STEPS);
    assert_eq!(t.frames[0].kind, StepKind::Start);
    let mut last = (0, 0);
    for f in &t.frames {
        assert!(f.time_us >= last.0, "time goes back");
        assert!(f.output_len >= last.1 && f.output_len <= t.output.len(), "output goes back");
        last = (f.time_us, f.output_len);
    }
    assert_eq!(last.1, t.output.len());
    assert!(t.races.iter().all(|r| r.frame < t.frames.len()));
}

/// `src` with `edits` applied: (where, what: delete, duplicate or insert, which of `bits`).
fn edit(src: &str, edits: &[(usize, u8, usize)], bits: &[&str]) -> String {
    let mut chars: Vec<char> = src.chars().collect();
    for &(at, op, what) in edits {
        if chars.is_empty() {
            break;
        }
        let i = at % chars.len();
        match op % 3 {
            0 => {
                chars.remove(i);
            }
            1 => {
                let c = chars[i];
                chars.insert(i, c);
            }
            _ => {
                for (k, c) in bits[what % bits.len()].chars().enumerate() {
                    chars.insert(i + k, c);
                }
            }
        }
    }
    chars.into_iter().collect()
}

/// A corpus program with a few random edits: characters deleted, duplicated or replaced by
/// something syntactic.
fn mutate(src: &str, edits: &[(usize, u8, usize)]) -> String {
    const BITS: [&str; 16] = [
        "(", ")", "{", "}", "await ", "async ", "\n", "    ", ":", ",", "'", "\"", "=>", ".then", "yield",
        "\\",
    ];
    edit(src, edits, &BITS)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(10_000), ..ProptestConfig::default() })]

    #[test]
    fn edited_programs_never_panic(pick in 0usize..256, edits in prop::collection::vec((0usize..5000, 0u8..3, 0usize..16), 1..6)) {
        let all = corpus();
        let (lang, src) = &all[pick % all.len()];
        let text = mutate(src, &edits);
        match run(*lang, &text) {
            Ok(t) => consistent(&t),
            Err(e) => prop_assert!(!e.message.is_empty() && (e.line as usize) <= text.lines().count() + 1, "{e}"),
        }
        // The same JavaScript as an ES module (top-level await, imports, its own loop start).
        if *lang == Language::JavaScript {
            match run_es_module(&text) {
                Ok(t) => consistent(&t),
                Err(e) => prop_assert!(!e.message.is_empty() && (e.line as usize) <= text.lines().count() + 1, "{e}"),
            }
        }
    }

    #[test]
    fn any_text_never_panics(text in "\\PC{0,200}", python in any::<bool>()) {
        let lang = if python { Language::Python } else { Language::JavaScript };
        if let Ok(t) = run(lang, &text) {
            consistent(&t);
        }
        if !python {
            if let Ok(t) = run_es_module(&text) {
                consistent(&t);
            }
        }
    }
}

#[test]
fn deep_nesting_and_long_programs_are_errors_not_crashes() {
    for lang in [Language::JavaScript, Language::Python] {
        for text in
            ["(".repeat(10_000), "[".repeat(5_000), format!("{}1{}", "(".repeat(300), ")".repeat(300))]
        {
            let _ = run(lang, &text);
        }
        assert!(run(lang, &"x".repeat(30_000)).unwrap_err().message.contains("at most"));
    }
    let e =
        run(Language::JavaScript, &format!("{}{}", "(() => {".repeat(100), "})()".repeat(100))).unwrap_err();
    assert!(e.message.contains("nests more than"), "{e}");
}

/// Python's corpus with Python's own pieces spliced in: loops, `try`, `with`, classes,
/// comprehensions, f-strings, operators.
fn mutate_python(src: &str, edits: &[(usize, u8, usize)]) -> String {
    const BITS: [&str; 20] = [
        "for i in x:",
        "try:",
        "except ValueError as e:",
        "finally:",
        "async with ",
        "with ",
        "lambda: ",
        "class A:",
        "[i for i in ",
        "f'{x!r:>{w}}'",
        "**",
        "//",
        "%",
        " not in ",
        "yield ",
        "raise ",
        "\n    ",
        "while True:",
        ":=",
        "*args, **kw",
    ];
    edit(src, edits, &BITS)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("FUZZ_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(3_000), ..ProptestConfig::default() })]

    #[test]
    fn python_programs_with_python_edits_never_panic(pick in 0usize..64, edits in prop::collection::vec((0usize..5000, 0u8..3, 0usize..20), 1..6)) {
        let all: Vec<String> = corpus().into_iter().filter(|(l, _)| *l == Language::Python).map(|(_, s)| s).collect();
        let src = &all[pick % all.len()];
        let text = mutate_python(src, &edits);
        match run(Language::Python, &text) {
            Ok(t) => consistent(&t),
            Err(e) => prop_assert!(!e.message.is_empty() && (e.line as usize) <= text.lines().count() + 1, "{e}"),
        }
    }
}

#[test]
fn python_runaways_and_deep_nesting_are_errors() {
    let nested: String = (0..100).map(|i| format!("{}if x:\n", " ".repeat(i))).collect::<String>()
        + &" ".repeat(100)
        + "pass\n";
    assert!(run(Language::Python, &format!("x = 1\n{nested}"))
        .unwrap_err()
        .message
        .contains("nested too deeply"));
    for src in [
        "while True:\n    pass\n",
        "x = []\nwhile True:\n    x.append(1)\n",
        "def f(n):\n    return f(n + 1)\nf(0)\n",
        "import asyncio\nasync def m():\n    while True:\n        pass\nasyncio.run(m())\n",
        "print(sorted(range(10**6)))\n",
    ] {
        let e = run(Language::Python, src).unwrap_err();
        assert!(e.message.contains("more than"), "{src}: {e}");
    }
}
