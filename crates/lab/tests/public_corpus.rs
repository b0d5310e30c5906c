//! The public corpus (`crates/lab/corpus/`, sources in its README): asynchronous programs as
//! users paste them, from the Node.js and Python documentation, MDN, PEPs and tutorials, taken
//! wide rather than chosen for what the lab handles. Every program the lab accepts must print
//! what the real runtime prints, line for line, and die exactly when it dies; the share it
//! accepts is printed, and may not fall below the floor it has reached (raise the floors as
//! the languages grow). ES modules (`.mjs`) run as modules, in the lab and in node.

mod differential;

use asyncviz_lab::{run, run_es_module, Language};
use differential::{compare_all, compare_all_modules, corpus, Case};

/// Programs the lab accepts today, per language: a regression fails the test.
const JS_FLOOR: usize = 97;
const PY_FLOOR: usize = 69;

fn accepted(lang: Language, dir: &str, ext: &str) -> (Vec<Case>, usize) {
    let all = corpus(dir, ext);
    let total = all.len();
    let ok: Vec<Case> = all.into_iter().filter(|c| run(lang, &c.source).is_ok()).collect();
    (ok, total)
}

#[test]
fn public_javascript_corpus_matches_node_wherever_the_lab_accepts_it() {
    let (ok, js) = accepted(Language::JavaScript, "corpus/js", "js");
    let modules = corpus("corpus/js", "mjs");
    let mjs = modules.len();
    let ok_modules: Vec<Case> = modules.into_iter().filter(|c| run_es_module(&c.source).is_ok()).collect();
    let accepted = ok.len() + ok_modules.len();
    eprintln!(
        "public corpus, JavaScript: {accepted} of {} programs accepted ({} of {mjs} ES modules)",
        js + mjs,
        ok_modules.len(),
    );
    assert!(js + mjs >= 60, "the corpus has {} programs", js + mjs);
    assert!(accepted >= JS_FLOOR, "the lab accepts {accepted} programs, fewer than {JS_FLOOR}");
    if let Some(s) = compare_all(Language::JavaScript, &["node"], ok) {
        eprintln!(
            "public corpus, JavaScript: {} compared with node, {} skipped as races",
            s.compared, s.races
        );
    }
    if let Some(s) = compare_all_modules(ok_modules) {
        eprintln!(
            "public corpus, ES modules: {} compared with node, {} skipped as races",
            s.compared, s.races
        );
    }
}

#[test]
fn public_python_corpus_matches_cpython_wherever_the_lab_accepts_it() {
    let (ok, total) = accepted(Language::Python, "corpus/py", "py");
    eprintln!("public corpus, Python: {} of {} programs accepted", ok.len(), total);
    assert!(total >= 60, "the corpus has {total} programs");
    assert!(ok.len() >= PY_FLOOR, "the lab accepts {} programs, fewer than {PY_FLOOR}", ok.len());
    if let Some(s) = compare_all(Language::Python, &["python3"], ok) {
        eprintln!(
            "public corpus, Python: {} compared with python3, {} skipped as races",
            s.compared, s.races
        );
    }
}
