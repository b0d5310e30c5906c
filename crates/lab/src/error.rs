//! What kind of error a [`CodeError`] is, for showing it in another language than English.
//!
//! A `CodeError` stays a position and an English message (its `Display`), so that code made
//! elsewhere keeps building one with a struct literal; [`CodeError::kind`] reads the message
//! back into a [`CodeErrorKind`] carrying the names and numbers it mentions. Every message the
//! lab writes comes from a few templates (the subset refusals of each language, the limits,
//! CPython's own `SyntaxError` text), and the tests below hold each template to its kind;
//! anything else is [`CodeErrorKind::Other`], to be shown in English.

use crate::{CodeError, Language};

const JS_SUBSET: &str = " is not in the supported JavaScript subset (see the README's Code lab section)";
const PY_SUBSET: &str = " not in the supported Python subset (see the README's Code lab section)";

/// The kind of a [`CodeError`], with what its message mentions. Names and constructs are code
/// (or English as the lab writes them) and stay as they are in a translation.
#[non_exhaustive]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CodeErrorKind {
    /// A construct outside the supported subset of `language`. `construct` names it with its
    /// verb, as the English sentence puts it before "not in the supported … subset":
    /// "`yield from` is", "network modules are", "`AbortController`" (JavaScript's has no
    /// verb: the sentence adds "is").
    Unsupported { language: Language, construct: String },
    /// The program is `bytes` long, more than the lab takes ([`MAX_SOURCE`](crate::MAX_SOURCE)).
    TooLarge { bytes: usize, limit: usize },
    /// The run went past [`MAX_STEPS`](crate::MAX_STEPS) recorded steps (an endless chain of callbacks).
    TooManySteps { limit: usize },
    /// Python: the run went past `limit` operations inside one step (a loop that records no
    /// steps, such as a huge comprehension).
    TooManyOperations { limit: u64 },
    /// Python: CPython's own compile error, as CPython words it (`exception` is `SyntaxError`
    /// or `IndentationError`, `detail` the rest, in CPython's English).
    PythonSyntax { exception: String, detail: String },
    /// Any other message (a syntax error of JavaScript, a runtime limit): English only.
    Other,
}

impl CodeError {
    /// What kind of error this is (read from the message; see the module docs).
    ///
    /// ```
    /// use asyncviz_lab::{run, CodeErrorKind, Language};
    ///
    /// let e = run(Language::Python, "def f():\n    yield from g()\n").unwrap_err();
    /// assert_eq!(
    ///     e.kind(),
    ///     CodeErrorKind::Unsupported { language: Language::Python, construct: "`yield from` is".into() }
    /// );
    /// ```
    pub fn kind(&self) -> CodeErrorKind {
        let m = self.message.as_str();
        if let Some(construct) = m.strip_suffix(JS_SUBSET) {
            return CodeErrorKind::Unsupported {
                language: Language::JavaScript,
                construct: construct.into(),
            };
        }
        if let Some(construct) = m.strip_suffix(PY_SUBSET) {
            return CodeErrorKind::Unsupported { language: Language::Python, construct: construct.into() };
        }
        if let Some(rest) = m.strip_prefix("the program is ") {
            let bytes = rest.split_once(" bytes; the code lab takes at most ");
            if let Some((Ok(bytes), Ok(limit))) = bytes.map(|(b, l)| (b.parse(), l.parse())) {
                return CodeErrorKind::TooLarge { bytes, limit };
            }
        }
        if let Some(rest) = m.strip_prefix("the program ran more than ") {
            if let Some((n, tail)) = rest.split_once(' ') {
                if tail.starts_with("steps without finishing") {
                    if let Ok(limit) = n.parse() {
                        return CodeErrorKind::TooManySteps { limit };
                    }
                }
                if tail.starts_with("operations without finishing") {
                    if let Ok(limit) = n.parse() {
                        return CodeErrorKind::TooManyOperations { limit };
                    }
                }
            }
        }
        for exception in ["SyntaxError", "IndentationError"] {
            if let Some(detail) = m.strip_prefix(exception).and_then(|r| r.strip_prefix(": ")) {
                return CodeErrorKind::PythonSyntax { exception: exception.into(), detail: detail.into() };
            }
        }
        CodeErrorKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{run, MAX_SOURCE, MAX_STEPS};

    fn kind(language: Language, src: &str) -> CodeErrorKind {
        run(language, src).expect_err("should be refused").kind()
    }

    #[test]
    fn each_template_reads_back_as_its_kind() {
        assert_eq!(
            kind(Language::JavaScript, "const m = new Map();\n"),
            CodeErrorKind::Unsupported { language: Language::JavaScript, construct: "`Map`".into() }
        );
        assert_eq!(
            kind(Language::Python, "import socket\n"),
            CodeErrorKind::Unsupported {
                language: Language::Python,
                construct: "network modules are".into()
            }
        );
        let big = "x = 1\n".repeat(MAX_SOURCE / 6 + 1);
        assert_eq!(
            kind(Language::Python, &big),
            CodeErrorKind::TooLarge { bytes: big.len(), limit: MAX_SOURCE }
        );
        assert_eq!(
            kind(Language::JavaScript, "setInterval(() => {}, 1);\n"),
            CodeErrorKind::TooManySteps { limit: MAX_STEPS }
        );
        assert_eq!(
            kind(Language::Python, "x = [0 for _ in range(10**8)]\n"),
            CodeErrorKind::TooManyOperations { limit: 3_000_000 }
        );
        assert!(
            matches!(kind(Language::Python, "x = (1,\n"), CodeErrorKind::PythonSyntax { exception, .. } if exception == "SyntaxError")
        );
        assert_eq!(kind(Language::JavaScript, "let = ;\n"), CodeErrorKind::Other);
    }

    #[test]
    fn the_english_message_is_unchanged_and_other_messages_are_other() {
        let e = CodeError { line: 3, col: 4, message: "the worker stopped".into() };
        assert_eq!(e.kind(), CodeErrorKind::Other);
        assert_eq!(e.to_string(), "line 3, column 4: the worker stopped");
        let e = run(Language::Python, "import socket\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "line 1, column 1: network modules are not in the supported Python subset (see the README's Code lab section)"
        );
    }
}
