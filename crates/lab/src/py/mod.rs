//! Python programs: a parser and an interpreter for a small subset of Python with asyncio, run on
//! a model of CPython 3.11's event loop (`asyncio/base_events.py`, `tasks.py`, `futures.py`).
//!
//! # The subset
//!
//! `import asyncio`; `async def f(a, b):` at module level; `print(…)` with positional arguments;
//! `x = expr` and `a, b = expr` (a list, e.g. a gather result); `return [expr]`; `pass`;
//! `await` of a coroutine, a task or a gather; `asyncio.sleep(s)`, `asyncio.create_task(coro)`,
//! `asyncio.gather(*aws)`, `asyncio.run(coro)` (also as `x = asyncio.run(…)` and inside
//! `if __name__ == "__main__":`); literals (str with escapes, int, float, `True`, `False`, `None`,
//! lists); f-strings whose fields are plain names (`f"got {x}"`). Everything else is a
//! [`CodeError`] that names the construct.
//!
//! # The model
//!
//! Code takes no time; the clock (µs) moves only when `_run_once` finds `_ready` empty and jumps
//! to the earliest timer. What decides the order of output is kept exactly as CPython keeps it:
//! - `_ready`, the FIFO of handles from `call_soon`; a batch runs exactly the handles that were in
//!   it when the batch began;
//! - `_scheduled`, the timer handles of `call_later` (only `sleep(s > 0)` makes them), moved to
//!   `_ready` in (due time, creation) order when due; a timer handle completes its sleep future,
//!   whose done callback (the task's `__wakeup`) is queued with `call_soon`: one more hop;
//! - tasks, each with a stack of coroutine frames. `await coro` runs the callee inline; `await` of
//!   a done future (task, gather) returns at once; of a pending one it adds `__wakeup` as a done
//!   callback and suspends; `sleep(0)` is a bare `yield` (the task's `__step` is queued again);
//!   a future's done callbacks are queued in the order they were added when it completes.
//!
//! # Frames
//!
//! - `Start`: before anything ran (line 0, empty stack).
//! - `Statement`: a statement finished (its first line). The stack is `["<module>"]` at module
//!   level, else the running task's coroutines bottom first, the bottom one prefixed by the task's
//!   name: `["Task-1 main()", "work()"]`. A statement that awaits finishes after its resumption.
//! - `Call`: an awaited coroutine was entered (its `async def` line; the stack includes it).
//! - `Return`: a coroutine returned to the one awaiting it (that one's line and stack), or a
//!   task's own coroutine returned to the loop (`name` is the task, line 0, empty stack; its done
//!   callbacks are now in `Ready`).
//! - `Dequeue`: the loop took a handle from `Ready`. A task step is recorded before it runs (the
//!   frames that follow show it); a timer or done callback, which runs none of the program's code,
//!   after it ran, so that the frame shows what it queued.
//! - `Await`: a task suspended (`name` is the task; the line of the `await`; the stack that waits).
//! - `Wait`: the clock jumped to the next timer (due timers are already in `Ready`). `Exit`: the end.
//!
//! Queue labels: `Ready` holds `Task-2 worker()` (Start/Resume), `sleep(0.1)` (Timer),
//! `gather._done_callback(Task-2)` and `_run_until_complete_cb(Task-1)` (DoneCallback);
//! `Scheduled` holds `sleep(0.1)` with its due time; `Tasks` holds every unfinished task as
//! `Task-2 worker() ⏳ sleep(0.1)`, `… ⏳ Task-3`, `… ⏳ gather(Task-2, Task-3)`, `… ready` or
//! `… running`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::rc::Rc;

use super::{
    too_many_steps, CodeError, Frame, ItemKind, Language, QueueItem, QueueKind, QueueState, Race, RaceKind,
    StepKind, Trace, MAX_STEPS, RACE_WINDOW_US,
};

type R<T> = Result<T, CodeError>;

/// Deeper chains of coroutines awaiting one another are a `RecursionError` (CPython allows about
/// 1000; every frame records the whole stack, so the model stops earlier).
const MAX_DEPTH: usize = 100;
/// Expressions nested deeper than this are refused (the parser is recursive).
const MAX_NESTING: usize = 50;
/// At most this many stack entries and queue items are recorded over all frames: a program
/// that keeps thousands of tasks alive for thousands of steps would need gigabytes.
const MAX_RECORDED_ITEMS: usize = 1_000_000;

const IF_STATEMENTS: &str = "`if` statements are (except `if __name__ == \"__main__\":` at the top level)";

/// Parses and runs `source`.
pub(crate) fn run(source: &str) -> Result<Trace, CodeError> {
    let (module, funcs) = Parser::parse(source)?;
    let mut m = Machine::new(funcs);
    m.record(StepKind::Start, 0, vec![])?;
    let mut frame = CoFrame::new(module, vec![]);
    if let Flow::Await(_, pos) = m.exec(Ctx::Module, &mut frame)? {
        return Err(error(pos, "SyntaxError: 'await' outside function"));
    }
    m.record(StepKind::Exit, 0, vec![])?;
    Ok(Trace { language: Language::Python, frames: m.frames, output: m.output, races: m.races, crash: None })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Pos {
    line: u32,
    col: u32,
}

fn error(pos: Pos, message: impl Into<String>) -> CodeError {
    CodeError { line: pos.line, col: pos.col, message: message.into() }
}

/// `what` ends with its verb: "`for` loops are".
fn unsupported(pos: Pos, what: &str) -> CodeError {
    error(pos, format!("{what} not in the supported Python subset (see the README's Code lab section)"))
}

// ---------------------------------------------------------------------------------------------
// Tokens

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Name(String),
    Int(i64),
    Float(f64),
    /// A string literal; an f-string has `Piece::Name`s.
    Str(Vec<Piece>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Name(String, Pos),
}

/// Longest first, so that the first match is the token.
const OPS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "@=", "**", "//", "<<", ">>", "->", ":=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<",
    ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];
/// Operators that would continue an expression (none is in the subset).
const BINARY_OPS: [&str; 20] = [
    "**", "//", "<<", ">>", "+", "-", "*", "/", "%", "@", "&", "|", "^", "<", ">", "==", "!=", "<=", ">=",
    ":=",
];
const AUGMENTED: [&str; 13] =
    ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<="];

struct Lexer {
    s: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    toks: Vec<(Tok, Pos)>,
    indents: Vec<usize>,
    brackets: Vec<(char, Pos)>,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    fn skip_comment(&mut self) {
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek(0).filter(|&c| f(c)) {
            out.push(c);
            self.bump();
        }
        out
    }

    fn lex(src: &str) -> R<Vec<(Tok, Pos)>> {
        let text = src.replace("\r\n", "\n").replace('\r', "\n");
        let mut lx = Lexer {
            s: text.chars().collect(),
            i: 0,
            line: 1,
            col: 1,
            toks: vec![],
            indents: vec![0],
            brackets: vec![],
        };
        let mut line_start = true;
        loop {
            if line_start && lx.brackets.is_empty() {
                let mut width = 0;
                while let Some(c @ (' ' | '\t' | '\x0c')) = lx.peek(0) {
                    width = if c == '\t' { width / 8 * 8 + 8 } else { width + 1 };
                    lx.bump();
                }
                match lx.peek(0) {
                    None => break,
                    Some('\n') => {
                        lx.bump();
                        continue;
                    }
                    Some('#') => {
                        lx.skip_comment();
                        continue;
                    }
                    _ => {}
                }
                line_start = false;
                lx.indent(width)?;
            }
            let pos = lx.pos();
            let Some(c) = lx.peek(0) else { break };
            match c {
                '\n' => {
                    lx.bump();
                    if lx.brackets.is_empty() {
                        lx.toks.push((Tok::Newline, pos));
                        line_start = true;
                    }
                }
                ' ' | '\t' | '\x0c' => {
                    lx.bump();
                }
                '#' => lx.skip_comment(),
                '\\' => {
                    lx.bump();
                    if lx.bump() != Some('\n') {
                        return Err(error(pos, "unexpected character after line continuation character"));
                    }
                }
                '"' | '\'' => {
                    let t = lx.string(pos, "")?;
                    lx.toks.push((t, pos));
                }
                c if c.is_ascii_digit() || (c == '.' && lx.peek(1).is_some_and(|d| d.is_ascii_digit())) => {
                    let t = lx.number(pos)?;
                    lx.toks.push((t, pos));
                }
                c if c == '_' || c.is_alphabetic() => {
                    let name = lx.take_while(|c| c == '_' || c.is_alphanumeric());
                    let prefix = ["r", "u", "f", "b", "rf", "fr", "br", "rb"]
                        .contains(&name.to_ascii_lowercase().as_str());
                    if prefix && matches!(lx.peek(0), Some('"' | '\'')) {
                        let t = lx.string(pos, &name)?;
                        lx.toks.push((t, pos));
                    } else {
                        lx.toks.push((Tok::Name(name), pos));
                    }
                }
                _ => lx.op(pos)?,
            }
        }
        if let Some(&(open, p)) = lx.brackets.last() {
            return Err(error(p, format!("SyntaxError: '{open}' was never closed")));
        }
        let pos = lx.pos();
        if !matches!(lx.toks.last(), None | Some((Tok::Newline, _))) {
            lx.toks.push((Tok::Newline, pos));
        }
        for _ in 1..lx.indents.len() {
            lx.toks.push((Tok::Dedent, pos));
        }
        lx.toks.push((Tok::Eof, pos));
        Ok(lx.toks)
    }

    fn indent(&mut self, width: usize) -> R<()> {
        let pos = self.pos();
        let top = |lx: &Lexer| lx.indents.last().copied().unwrap_or(0);
        if width > top(self) {
            self.indents.push(width);
            self.toks.push((Tok::Indent, pos));
            return Ok(());
        }
        while width < top(self) {
            self.indents.pop();
            self.toks.push((Tok::Dedent, pos));
        }
        if width != top(self) {
            return Err(error(pos, "IndentationError: unindent does not match any outer indentation level"));
        }
        Ok(())
    }

    fn number(&mut self, pos: Pos) -> R<Tok> {
        let radix = match (self.peek(0), self.peek(1).map(|c| c.to_ascii_lowercase())) {
            (Some('0'), Some('x')) => Some(16),
            (Some('0'), Some('o')) => Some(8),
            (Some('0'), Some('b')) => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            self.bump();
            self.bump();
            let digits = self.take_while(|c| c == '_' || c.is_alphanumeric()).replace('_', "");
            return match i64::from_str_radix(&digits, radix) {
                Ok(v) => Ok(Tok::Int(v)),
                Err(_) if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) => {
                    Err(unsupported(pos, "integers beyond 64 bits are"))
                }
                Err(_) => Err(error(pos, "SyntaxError: invalid number literal")),
            };
        }
        let digits = |c: char| c.is_ascii_digit() || c == '_';
        let mut text = self.take_while(digits);
        let mut float = false;
        if self.peek(0) == Some('.') {
            self.bump();
            text.push('.');
            text += &self.take_while(digits);
            float = true;
        }
        let exp_follows = match (self.peek(1), self.peek(2)) {
            (Some('+' | '-'), Some(d)) | (Some(d), _) => d.is_ascii_digit(),
            _ => false,
        };
        if matches!(self.peek(0), Some('e' | 'E')) && exp_follows {
            text.push('e');
            self.bump();
            if let Some(sign @ ('+' | '-')) = self.peek(0) {
                text.push(sign);
                self.bump();
            }
            text += &self.take_while(digits);
            float = true;
        }
        match self.peek(0) {
            Some('j' | 'J') => return Err(unsupported(pos, "complex numbers are")),
            Some(c) if c == '_' || c.is_alphanumeric() => {
                return Err(error(pos, "SyntaxError: invalid decimal literal"))
            }
            _ => {}
        }
        let text = text.replace('_', "");
        if float {
            return text
                .parse()
                .map(Tok::Float)
                .map_err(|_| error(pos, "SyntaxError: invalid float literal"));
        }
        if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            return Err(error(
                pos,
                "SyntaxError: leading zeros in decimal integer literals are not permitted",
            ));
        }
        text.parse().map(Tok::Int).map_err(|_| unsupported(pos, "integers beyond 64 bits are"))
    }

    fn string(&mut self, pos: Pos, prefix: &str) -> R<Tok> {
        let prefix = prefix.to_ascii_lowercase();
        if prefix.contains('b') {
            return Err(unsupported(pos, "bytes literals are"));
        }
        let (raw, fstring) = (prefix.contains('r'), prefix.contains('f'));
        let q = self.bump().unwrap_or('"');
        let triple = self.peek(0) == Some(q) && self.peek(1) == Some(q);
        if triple {
            self.bump();
            self.bump();
        }
        let mut pieces = vec![];
        let mut text = String::new();
        loop {
            let cpos = self.pos();
            let Some(c) = self.bump() else {
                let what = if triple { "triple-quoted string literal" } else { "string literal" };
                return Err(error(pos, format!("SyntaxError: unterminated {what}")));
            };
            match c {
                c if c == q && (!triple || (self.peek(0) == Some(q) && self.peek(1) == Some(q))) => {
                    if triple {
                        self.bump();
                        self.bump();
                    }
                    break;
                }
                '\n' if !triple => return Err(error(pos, "SyntaxError: unterminated string literal")),
                '\\' if raw => {
                    text.push('\\');
                    if let Some(next) = self.bump() {
                        text.push(next);
                    }
                }
                '\\' => self.escape(&mut text, cpos)?,
                '{' | '}' if fstring && self.peek(0) == Some(c) => {
                    self.bump();
                    text.push(c);
                }
                '}' if fstring => {
                    return Err(error(cpos, "SyntaxError: f-string: single '}' is not allowed"))
                }
                '{' if fstring => {
                    self.take_while(|c| c == ' ');
                    let npos = self.pos();
                    let name = self.take_while(|c| c == '_' || c.is_alphanumeric());
                    self.take_while(|c| c == ' ');
                    if name.is_empty()
                        || name.starts_with(|c: char| c.is_ascii_digit())
                        || self.bump() != Some('}')
                    {
                        return Err(unsupported(
                            cpos,
                            "f-string fields other than a plain name (like `{x}`) are",
                        ));
                    }
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    pieces.push(Piece::Name(name, npos));
                }
                c => text.push(c),
            }
        }
        pieces.push(Piece::Text(text));
        pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        Ok(Tok::Str(pieces))
    }

    /// After a backslash (not in a raw string): Python's escapes; unknown ones stay as written.
    fn escape(&mut self, out: &mut String, pos: Pos) -> R<()> {
        let Some(c) = self.bump() else { return Ok(()) };
        let ch = match c {
            '\n' => return Ok(()),
            '\\' | '\'' | '"' => c,
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '0'..='7' => {
                let mut v = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let Some(d) = self.peek(0).and_then(|d| d.to_digit(8)) else { break };
                    v = v * 8 + d;
                    self.bump();
                }
                char::from_u32(v).unwrap_or('\u{fffd}')
            }
            'x' | 'u' | 'U' => {
                let n = match c {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..n {
                    let Some(d) = self.peek(0).and_then(|d| d.to_digit(16)) else {
                        return Err(error(
                            pos,
                            format!("SyntaxError: (unicode error) truncated \\{c} escape"),
                        ));
                    };
                    v = v * 16 + d;
                    self.bump();
                }
                char::from_u32(v)
                    .ok_or_else(|| error(pos, "SyntaxError: (unicode error) illegal Unicode character"))?
            }
            'N' => return Err(unsupported(pos, "`\\N{…}` escapes are")),
            other => {
                out.push('\\');
                other
            }
        };
        out.push(ch);
        Ok(())
    }

    fn op(&mut self, pos: Pos) -> R<()> {
        let Some(op) = OPS.iter().find(|op| op.chars().enumerate().all(|(k, c)| self.peek(k) == Some(c)))
        else {
            let c = self.peek(0).unwrap_or(' ');
            return Err(error(pos, format!("SyntaxError: invalid character '{c}' (U+{:04X})", c as u32)));
        };
        for _ in 0..op.len() {
            self.bump();
        }
        match *op {
            "(" | "[" | "{" => {
                if self.brackets.len() >= 100 {
                    return Err(error(pos, "SyntaxError: too many nested parentheses"));
                }
                self.brackets.push((op.chars().next().unwrap_or('('), pos));
            }
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                match self.brackets.pop() {
                    None => return Err(error(pos, format!("SyntaxError: unmatched '{close}'"))),
                    Some((open, _)) if !matches!((open, close), ('(', ')') | ('[', ']') | ('{', '}')) => {
                        return Err(error(
                            pos,
                            format!("SyntaxError: closing parenthesis '{close}' does not match opening parenthesis '{open}'"),
                        ))
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        self.toks.push((Tok::Op(op), pos));
        Ok(())
    }
}

fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Int(_) | Tok::Float(_) => "a number".into(),
        Tok::Str(_) => "a string".into(),
        Tok::Op(o) => format!("`{o}`"),
        Tok::Newline => "the end of the line".into(),
        Tok::Indent => "an indented line".into(),
        Tok::Dedent => "the end of the block".into(),
        Tok::Eof => "the end of the program".into(),
    }
}

/// Python keywords that start a construct outside the subset.
fn keyword_construct(word: &str) -> Option<&'static str> {
    Some(match word {
        "for" => "`for` loops are",
        "while" => "`while` loops are",
        "if" | "elif" | "else" => IF_STATEMENTS,
        "class" => "classes are",
        "def" => "plain `def` functions are (only `async def`)",
        "lambda" => "`lambda` expressions are",
        "try" | "except" | "finally" | "raise" => "exceptions (`try`, `except`, `finally`, `raise`) are",
        "with" => "`with` statements are",
        "yield" => "`yield` (generators) is",
        "global" | "nonlocal" => "`global` and `nonlocal` declarations are",
        "del" => "`del` is",
        "assert" => "`assert` is",
        "break" | "continue" => "`break` and `continue` are",
        "from" => "`from … import` is",
        "and" | "or" | "not" | "in" | "is" => "the operators `and`, `or`, `not`, `in` and `is` are",
        _ => return None,
    })
}

fn is_keyword(word: &str) -> bool {
    keyword_construct(word).is_some()
        || ["True", "False", "None", "async", "await", "return", "pass", "import", "as"].contains(&word)
}

// ---------------------------------------------------------------------------------------------
// Parser: compiles straight to a small stack machine's operations, so that a coroutine can
// suspend in the middle of an expression (`print("a", await f())`) and resume there.

#[derive(Clone, Debug)]
enum Op {
    /// A statement starts on this line.
    Line(u32),
    /// The statement finished: record a `Statement` frame.
    EndStmt,
    Const(Value),
    Load(String, Pos),
    Store(String),
    Unpack(Vec<String>, Pos),
    Pop,
    List(usize),
    /// An f-string: the `str()` of this many values, joined.
    Concat(usize, Pos),
    Call(Callee, usize, Pos),
    Await(Pos),
    /// Defines the function with this index (an `async def` statement).
    Def(usize),
    Import,
    Return,
}

#[derive(Clone, Copy, Debug)]
enum Callee {
    Print,
    Sleep,
    CreateTask,
    Gather,
    Run,
    /// A value below the arguments on the stack (an `async def` function).
    Value,
}

struct Func {
    name: String,
    params: Vec<String>,
    code: Vec<Op>,
    line: u32,
    /// Names assigned anywhere in the body (and the parameters): local, as Python decides statically.
    locals: BTreeSet<String>,
}

static EOF: (Tok, Pos) = (Tok::Eof, Pos { line: 0, col: 0 });

struct Parser {
    toks: Vec<(Tok, Pos)>,
    i: usize,
    funcs: Vec<Rc<Func>>,
    code: Vec<Op>,
    locals: BTreeSet<String>,
    in_func: bool,
    in_guard: bool,
    depth: usize,
}

impl Parser {
    fn parse(src: &str) -> R<(Rc<Func>, Vec<Rc<Func>>)> {
        let toks = Lexer::lex(src)?;
        if toks.len() == 1 {
            return Err(error(Pos { line: 0, col: 0 }, "the program is empty"));
        }
        let mut p = Parser {
            toks,
            i: 0,
            funcs: vec![],
            code: vec![],
            locals: BTreeSet::new(),
            in_func: false,
            in_guard: false,
            depth: 0,
        };
        while !matches!(p.peek(), Tok::Eof) {
            p.statement()?;
        }
        p.code.push(Op::Const(Value::None));
        p.code.push(Op::Return);
        let module =
            Func { name: "<module>".into(), params: vec![], code: p.code, line: 0, locals: BTreeSet::new() };
        Ok((Rc::new(module), p.funcs))
    }

    fn at(&self, k: usize) -> &(Tok, Pos) {
        self.toks.get(self.i + k).or(self.toks.last()).unwrap_or(&EOF)
    }

    fn peek(&self) -> &Tok {
        &self.at(0).0
    }

    fn pos(&self) -> Pos {
        self.at(0).1
    }

    fn advance(&mut self) -> (Tok, Pos) {
        let t = self.at(0).clone();
        self.i = (self.i + 1).min(self.toks.len().saturating_sub(1));
        t
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.advance();
        }
        yes
    }

    fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            return Ok(());
        }
        Err(error(self.pos(), format!("SyntaxError: expected `{op}`, found {}", describe(self.peek()))))
    }

    fn expect_name(&mut self) -> R<(String, Pos)> {
        match self.advance() {
            (Tok::Name(n), pos) if !is_keyword(&n) => Ok((n, pos)),
            (Tok::Name(n), pos) => Err(error(pos, format!("SyntaxError: `{n}` is a keyword, not a name"))),
            (t, pos) => Err(error(pos, format!("SyntaxError: expected a name, found {}", describe(&t)))),
        }
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";")
    }

    fn statement(&mut self) -> R<()> {
        let pos = self.pos();
        let word = |k: usize, w: &str| matches!(&self.at(k).0, Tok::Name(n) if n == w);
        match self.peek() {
            Tok::Indent => Err(error(pos, "IndentationError: unexpected indent")),
            Tok::Op("@") => Err(unsupported(pos, "decorators are")),
            Tok::Name(w) if w == "async" => {
                if word(1, "def") {
                    self.async_def()
                } else if word(1, "for") {
                    Err(unsupported(pos, "`async for` loops are"))
                } else if word(1, "with") {
                    Err(unsupported(pos, "`async with` statements are"))
                } else {
                    Err(error(pos, "SyntaxError: invalid syntax"))
                }
            }
            Tok::Name(w) if w == "if" => self.main_guard(),
            _ => self.simple_line(),
        }
    }

    /// `if __name__ == "__main__":`, only at the top level: its body runs.
    fn main_guard(&mut self) -> R<()> {
        let pos = self.pos();
        let guard = matches!(&self.at(1).0, Tok::Name(n) if n == "__name__")
            && matches!(self.at(2).0, Tok::Op("=="))
            && matches!(&self.at(3).0, Tok::Str(p) if p.as_slice() == [Piece::Text("__main__".into())])
            && matches!(self.at(4).0, Tok::Op(":"));
        if !guard || self.in_func || self.in_guard {
            return Err(unsupported(pos, IF_STATEMENTS));
        }
        for _ in 0..5 {
            self.advance();
        }
        self.code.extend([Op::Line(pos.line), Op::EndStmt]);
        self.in_guard = true;
        let body = self.suite("'if' statement", pos.line);
        self.in_guard = false;
        body
    }

    /// The body after a `:`: an indented block, or simple statements on the same line.
    fn suite(&mut self, what: &str, line: u32) -> R<()> {
        if !matches!(self.peek(), Tok::Newline) {
            return self.simple_line();
        }
        self.advance();
        if !matches!(self.peek(), Tok::Indent) {
            return Err(error(
                self.pos(),
                format!("IndentationError: expected an indented block after {what} on line {line}"),
            ));
        }
        self.advance();
        while !matches!(self.peek(), Tok::Dedent | Tok::Eof) {
            self.statement()?;
        }
        self.advance();
        Ok(())
    }

    fn async_def(&mut self) -> R<()> {
        let pos = self.pos();
        if self.in_func {
            return Err(unsupported(pos, "functions defined inside functions are"));
        }
        self.advance();
        self.advance();
        let (name, _) = self.expect_name()?;
        self.expect_op("(")?;
        let mut params: Vec<String> = vec![];
        while !self.is_op(")") {
            let p = self.pos();
            if self.is_op("*") || self.is_op("**") || self.is_op("/") {
                return Err(unsupported(p, "`*args`, `**kwargs` and `/` parameters are"));
            }
            let (param, _) = self.expect_name()?;
            if self.is_op("=") {
                return Err(unsupported(p, "default parameter values are"));
            }
            if self.is_op(":") {
                return Err(unsupported(self.pos(), "type annotations are"));
            }
            if params.contains(&param) {
                return Err(error(
                    p,
                    format!("SyntaxError: duplicate argument '{param}' in function definition"),
                ));
            }
            params.push(param);
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        if self.is_op("->") {
            return Err(unsupported(self.pos(), "type annotations are"));
        }
        self.expect_op(":")?;
        let outer_code = std::mem::take(&mut self.code);
        self.locals = params.iter().cloned().collect();
        self.in_func = true;
        let body = self.suite("function definition", pos.line);
        self.in_func = false;
        let mut code = std::mem::replace(&mut self.code, outer_code);
        body?;
        code.extend([Op::Const(Value::None), Op::Return]);
        let locals = std::mem::take(&mut self.locals);
        self.funcs.push(Rc::new(Func { name: name.clone(), params, code, line: pos.line, locals }));
        self.code.extend([Op::Line(pos.line), Op::Def(self.funcs.len() - 1), Op::Store(name), Op::EndStmt]);
        Ok(())
    }

    /// Simple statements separated by `;`, then the end of the line.
    fn simple_line(&mut self) -> R<()> {
        loop {
            self.simple()?;
            if !self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof) {
                break;
            }
        }
        match self.peek() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::Eof => Ok(()),
            t => Err(error(self.pos(), format!("SyntaxError: invalid syntax: unexpected {}", describe(t)))),
        }
    }

    fn simple(&mut self) -> R<()> {
        let pos = self.pos();
        self.code.push(Op::Line(pos.line));
        let word = match self.peek() {
            Tok::Name(w) => w.clone(),
            _ => String::new(),
        };
        let next = self.at(1).clone();
        match word.as_str() {
            "pass" => {
                self.advance();
            }
            "return" => {
                if !self.in_func {
                    return Err(error(pos, "SyntaxError: 'return' outside function"));
                }
                self.advance();
                if self.at_stmt_end() {
                    self.code.push(Op::Const(Value::None));
                } else {
                    self.expr()?;
                    self.no_tuple()?;
                }
                self.code.extend([Op::EndStmt, Op::Return]);
                return Ok(());
            }
            "import" => self.import()?,
            w if keyword_construct(w).is_some() => {
                return Err(unsupported(pos, keyword_construct(w).unwrap_or_default()))
            }
            w if !w.is_empty() && next.0 == Tok::Op("=") => {
                let (name, _) = self.expect_name()?;
                self.advance();
                self.expr()?;
                if self.is_op("=") {
                    return Err(unsupported(self.pos(), "chained assignments (`a = b = …`) are"));
                }
                self.no_tuple()?;
                self.store(name);
            }
            w if !w.is_empty() && next.0 == Tok::Op(",") => self.unpack(pos)?,
            w if !w.is_empty() && next.0 == Tok::Op(":") => {
                return Err(unsupported(next.1, "type annotations are"))
            }
            _ => {
                self.expr()?;
                let p = self.pos();
                if self.is_op("=") {
                    return Err(unsupported(p, "assignments to anything but a name (or `a, b = …`) are"));
                }
                if matches!(self.peek(), Tok::Op(o) if AUGMENTED.contains(o)) {
                    return Err(unsupported(p, "augmented assignments (like `+=`) are"));
                }
                self.no_tuple()?;
                self.code.push(Op::Pop);
            }
        }
        self.code.push(Op::EndStmt);
        Ok(())
    }

    fn no_tuple(&self) -> R<()> {
        if self.is_op(",") {
            return Err(unsupported(self.pos(), "tuples are (except `a, b = await asyncio.gather(…)`)"));
        }
        Ok(())
    }

    fn store(&mut self, name: String) {
        if self.in_func {
            self.locals.insert(name.clone());
        }
        self.code.push(Op::Store(name));
    }

    /// `a, b = expr`.
    fn unpack(&mut self, pos: Pos) -> R<()> {
        let mut names = vec![];
        while !self.is_op("=") {
            names.push(self.expect_name()?.0);
            if !self.eat_op(",") {
                break;
            }
        }
        if !self.eat_op("=") {
            return Err(unsupported(pos, "tuples are (except `a, b = await asyncio.gather(…)`)"));
        }
        self.expr()?;
        self.no_tuple()?;
        if self.in_func {
            self.locals.extend(names.iter().cloned());
        }
        self.code.push(Op::Unpack(names, pos));
        Ok(())
    }

    fn import(&mut self) -> R<()> {
        let pos = self.pos();
        self.advance();
        if self.in_func {
            return Err(unsupported(pos, "`import` inside a function is"));
        }
        let (module, mpos) = self.expect_name()?;
        if module != "asyncio" || !self.at_stmt_end() {
            return Err(unsupported(mpos, "importing anything but `import asyncio` is"));
        }
        self.code.push(Op::Import);
        Ok(())
    }

    fn expr(&mut self) -> R<()> {
        let pos = self.pos();
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error(pos, "the expression is nested too deeply"));
        }
        match self.peek().clone() {
            Tok::Name(w) if w == "await" => {
                if !self.in_func {
                    return Err(error(pos, "SyntaxError: 'await' outside function"));
                }
                self.advance();
                self.primary()?;
                self.code.push(Op::Await(pos));
            }
            Tok::Op("-") => {
                self.advance();
                let v = match self.advance().0 {
                    Tok::Int(i) => Value::Int(-i),
                    Tok::Float(f) => Value::Float(-f),
                    _ => return Err(unsupported(pos, "the `-` operator (except before a number) is")),
                };
                self.code.push(Op::Const(v));
            }
            Tok::Op(o @ ("+" | "~" | "*" | "**")) => {
                return Err(unsupported(pos, &format!("the `{o}` operator is")));
            }
            _ => self.primary()?,
        }
        let p = self.pos();
        match self.peek() {
            Tok::Op(o) if BINARY_OPS.contains(o) => {
                return Err(unsupported(p, &format!("the `{o}` operator is")))
            }
            Tok::Name(w) if w == "if" => {
                return Err(unsupported(p, "conditional expressions (`a if c else b`) are"))
            }
            Tok::Name(w) if keyword_construct(w).is_some() => {
                return Err(unsupported(p, keyword_construct(w).unwrap_or_default()))
            }
            _ => {}
        }
        self.depth -= 1;
        Ok(())
    }

    fn primary(&mut self) -> R<()> {
        let (tok, pos) = self.advance();
        match tok {
            Tok::Name(n) => self.name(&n, pos)?,
            Tok::Int(i) => self.code.push(Op::Const(Value::Int(i))),
            Tok::Float(f) => self.code.push(Op::Const(Value::Float(f))),
            Tok::Str(mut pieces) => {
                // Adjacent literals are one string.
                while let Tok::Str(more) = self.peek() {
                    pieces.extend(more.iter().cloned());
                    self.advance();
                }
                if let [] | [Piece::Text(_)] = pieces.as_slice() {
                    let text = match pieces.pop() {
                        Some(Piece::Text(t)) => t,
                        _ => String::new(),
                    };
                    self.code.push(Op::Const(Value::Str(text)));
                } else {
                    let n = pieces.len();
                    for piece in pieces {
                        match piece {
                            Piece::Text(t) => self.code.push(Op::Const(Value::Str(t))),
                            Piece::Name(name, p) => self.name_value(&name, p)?,
                        }
                    }
                    self.code.push(Op::Concat(n, pos));
                }
            }
            Tok::Op("(") => {
                if self.is_op(")") {
                    return Err(unsupported(pos, "tuples are (except `a, b = await asyncio.gather(…)`)"));
                }
                self.expr()?;
                self.no_tuple()?;
                self.expect_op(")")?;
            }
            Tok::Op("[") => {
                let mut n = 0;
                while !self.is_op("]") {
                    self.expr()?;
                    n += 1;
                    if !self.eat_op(",") {
                        break;
                    }
                }
                self.expect_op("]")?;
                self.code.push(Op::List(n));
            }
            Tok::Op("{") => return Err(unsupported(pos, "dicts and sets are")),
            Tok::Op("...") => return Err(unsupported(pos, "`...` is")),
            t => return Err(error(pos, format!("SyntaxError: invalid syntax: unexpected {}", describe(&t)))),
        }
        let p = self.pos();
        if self.is_op("(") {
            return Err(unsupported(p, "calling anything but a name or `asyncio.…` is"));
        }
        if self.is_op(".") {
            return Err(unsupported(
                p,
                "attribute access (other than `asyncio.sleep`, `asyncio.create_task`, `asyncio.gather` and `asyncio.run`) is",
            ));
        }
        if self.is_op("[") {
            return Err(unsupported(p, "indexing and slicing are"));
        }
        Ok(())
    }

    /// A name in an expression: a literal keyword, `print(…)`, `asyncio.f(…)`, or a variable
    /// (called if followed by arguments).
    fn name(&mut self, n: &str, pos: Pos) -> R<()> {
        match n {
            "print" if !self.is_op("(") => Err(unsupported(pos, "using `print` other than calling it is")),
            "print" => self.call(Callee::Print, pos),
            "asyncio" if self.eat_op(".") => {
                let (attr, apos) = self.expect_name()?;
                let callee = match attr.as_str() {
                    "sleep" => Callee::Sleep,
                    "create_task" => Callee::CreateTask,
                    "gather" => Callee::Gather,
                    "run" => Callee::Run,
                    _ => return Err(unsupported(apos, &format!("`asyncio.{attr}` is"))),
                };
                if !self.is_op("(") {
                    return Err(error(
                        pos,
                        format!("`asyncio.{attr}` is a function: call it, as in `asyncio.{attr}(…)`"),
                    ));
                }
                self.call(callee, pos)
            }
            _ => {
                self.name_value(n, pos)?;
                if self.is_op("(") {
                    self.call(Callee::Value, pos)?;
                }
                Ok(())
            }
        }
    }

    fn name_value(&mut self, n: &str, pos: Pos) -> R<()> {
        let op = match n {
            "True" => Op::Const(Value::Bool(true)),
            "False" => Op::Const(Value::Bool(false)),
            "None" => Op::Const(Value::None),
            w if keyword_construct(w).is_some() => {
                return Err(unsupported(pos, keyword_construct(w).unwrap_or_default()))
            }
            w if is_keyword(w) => {
                return Err(error(pos, format!("SyntaxError: invalid syntax: unexpected `{w}`")))
            }
            _ => Op::Load(n.to_string(), pos),
        };
        self.code.push(op);
        Ok(())
    }

    fn call(&mut self, callee: Callee, pos: Pos) -> R<()> {
        self.expect_op("(")?;
        let mut argc = 0;
        while !self.is_op(")") {
            let p = self.pos();
            if self.is_op("*") || self.is_op("**") {
                return Err(unsupported(p, "star arguments (`*args`) are"));
            }
            if matches!(self.peek(), Tok::Name(_)) && self.at(1).0 == Tok::Op("=") {
                return Err(unsupported(p, "keyword arguments (like `end=\"\"` or `sep=`) are"));
            }
            self.expr()?;
            argc += 1;
            if !self.eat_op(",") {
                break;
            }
        }
        self.expect_op(")")?;
        self.code.push(Op::Call(callee, argc, pos));
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// Values

#[derive(Clone, Debug)]
enum Value {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    List(Vec<Value>),
    /// The `asyncio` module.
    Module,
    /// An `async def` function (index into `Machine::funcs`).
    Func(usize),
    /// A coroutine object (index into `Machine::coros`).
    Coro(usize),
    /// A future: a task, a gather's outer future or a sleep's future (index into `Machine::futs`).
    Fut(usize),
}

/// Python's `repr` of a float: the shortest digits that read back, in fixed notation for
/// exponents from -4 to 15, else in scientific notation with at least two exponent digits.
fn float_repr(x: f64) -> String {
    if x.is_nan() {
        return "nan".into();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.into();
    }
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    let sci = format!("{:e}", x.abs());
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    let decpt = exp + 1;
    if (-3..=16).contains(&decpt) {
        let n = digits.len() as i32;
        if decpt <= 0 {
            format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
        } else if decpt >= n {
            format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
        } else {
            let (a, b) = digits.split_at(decpt as usize);
            format!("{sign}{a}.{b}")
        }
    } else {
        let (a, b) = digits.split_at(1);
        let dot = if b.is_empty() { String::new() } else { format!(".{b}") };
        let esign = if exp < 0 { '-' } else { '+' };
        format!("{sign}{a}{dot}e{esign}{:02}", exp.abs())
    }
}

/// Python's `repr` of a str.
fn str_repr(s: &str) -> String {
    let q = if s.contains('\'') && !s.contains('"') { '"' } else { '\'' };
    let mut out = String::from(q);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == q => {
                out.push('\\');
                out.push(c);
            }
            c if c.is_control() || (c.is_whitespace() && c != ' ') => {
                let v = c as u32;
                out += &if v < 0x100 {
                    format!("\\x{v:02x}")
                } else if v < 0x10000 {
                    format!("\\u{v:04x}")
                } else {
                    format!("\\U{v:08x}")
                };
            }
            c => out.push(c),
        }
    }
    out.push(q);
    out
}

// ---------------------------------------------------------------------------------------------
// The machine

/// A coroutine's activation: its code, where it is, its operand stack and its locals.
struct CoFrame {
    func: Rc<Func>,
    pc: usize,
    values: Vec<Value>,
    locals: BTreeMap<String, Value>,
    line: u32,
}

impl CoFrame {
    fn new(func: Rc<Func>, args: Vec<Value>) -> CoFrame {
        let locals = func.params.iter().cloned().zip(args).collect();
        CoFrame { line: func.line, func, pc: 0, values: vec![], locals }
    }
}

/// Where code runs: the module's top level, or a task (the loop is running).
#[derive(Clone, Copy)]
enum Ctx {
    Module,
    Task(usize),
}

/// How a frame's execution stopped.
enum Flow {
    Return(Value),
    Await(Value, Pos),
}

/// What an `await` led to.
enum Awaited {
    /// A coroutine to run inline.
    Enter(CoFrame),
    /// The result, without suspending.
    Value(Value),
    /// The task suspended.
    Suspended,
}

struct Coro {
    kind: CoroKind,
    /// Awaited or wrapped in a task already: cannot be awaited again.
    used: bool,
}

enum CoroKind {
    User {
        func: Rc<Func>,
        args: Vec<Value>,
    },
    /// `asyncio.sleep`: a timer after this many µs, or a bare `yield` (`None`) for `s <= 0`.
    Sleep {
        timer: Option<u64>,
        label: String,
    },
}

struct Fut {
    kind: FutKind,
    result: Option<Value>,
    callbacks: Vec<Callback>,
    /// The line that created it.
    line: u32,
    /// Which `asyncio.run` it belongs to.
    loop_id: usize,
}

enum FutKind {
    Sleep(String),
    Task(usize),
    /// `_GatheringFuture`: children in argument order, and how many distinct ones are not done.
    Gather {
        children: Vec<usize>,
        pending: usize,
    },
}

/// A done callback of a future.
#[derive(Clone, Copy)]
enum Callback {
    /// `Task.__wakeup` of this task.
    Wakeup(usize),
    /// `gather`'s `_done_callback` for this outer future.
    Gather(usize),
    /// `_run_until_complete_cb`: stops the loop.
    Stop,
}

/// A handle in `_ready`.
enum Handle {
    /// `Task.__step`: a task's first step, or its step after a bare `yield`.
    Step(usize),
    /// A timer handle whose time came: completes its sleep future.
    Timer(Timer),
    /// A done callback, with the future that completed.
    Done(Callback, usize),
}

struct Timer {
    when: u64,
    seq: u64,
    created: u64,
    fut: usize,
    label: String,
    line: u32,
    /// Already reported as a `TimerVsReady` race.
    raced: bool,
}

enum Status {
    Ready,
    Running,
    Waiting(String),
    Done,
}

struct Task {
    name: String,
    coro: usize,
    fut: usize,
    /// The coroutines that wait for the running or suspended one (the latter on top when suspended).
    stack: Vec<CoFrame>,
    status: Status,
    started: bool,
    /// The line the task is at (or will start at).
    line: u32,
}

struct Machine {
    funcs: Vec<Rc<Func>>,
    globals: BTreeMap<String, Value>,
    coros: Vec<Coro>,
    futs: Vec<Fut>,
    tasks: Vec<Task>,
    /// Unfinished tasks, in creation order.
    live: Vec<usize>,
    ready: VecDeque<Handle>,
    /// By (due time, creation).
    scheduled: VecDeque<Timer>,
    timer_seq: u64,
    now: u64,
    stopping: bool,
    /// The last batch fired several timers: the next one runs their wake-ups (see `run_once`).
    several_timers_fired: bool,
    loop_id: usize,
    /// asyncio's global task counter (`Task-N`).
    task_counter: usize,
    frames: Vec<Frame>,
    output: Vec<String>,
    races: Vec<Race>,
    recorded_items: usize,
}

fn type_name(v: &Value, m: &Machine) -> &'static str {
    match v {
        Value::None => "NoneType",
        Value::Bool(_) => "bool",
        Value::Int(_) => "int",
        Value::Float(_) => "float",
        Value::Str(_) => "str",
        Value::List(_) => "list",
        Value::Module => "module",
        Value::Func(_) => "function",
        Value::Coro(_) => "coroutine",
        Value::Fut(f) => match m.futs.get(*f).map(|f| &f.kind) {
            Some(FutKind::Task(_)) => "_asyncio.Task",
            Some(FutKind::Gather { .. }) => "_GatheringFuture",
            _ => "_asyncio.Future",
        },
    }
}

impl Machine {
    fn new(funcs: Vec<Rc<Func>>) -> Machine {
        let globals = BTreeMap::from([("__name__".to_string(), Value::Str("__main__".into()))]);
        Machine {
            funcs,
            globals,
            coros: vec![],
            futs: vec![],
            tasks: vec![],
            live: vec![],
            ready: VecDeque::new(),
            scheduled: VecDeque::new(),
            timer_seq: 0,
            now: 0,
            stopping: false,
            several_timers_fired: false,
            loop_id: 0,
            task_counter: 0,
            frames: vec![],
            output: vec![],
            races: vec![],
            recorded_items: 0,
        }
    }

    // --- frames -------------------------------------------------------------------------------

    fn record(&mut self, kind: StepKind, line: u32, stack: Vec<String>) -> R<()> {
        if self.frames.len() >= MAX_STEPS {
            return Err(too_many_steps());
        }
        let queues = self.queues();
        self.recorded_items += stack.len() + queues.iter().map(|q| q.items.len()).sum::<usize>();
        if self.recorded_items > MAX_RECORDED_ITEMS {
            return Err(error(
                Pos { line: 0, col: 0 },
                format!("the program keeps too many tasks alive for too long to be shown (more than {MAX_RECORDED_ITEMS} queue entries over all steps)"),
            ));
        }
        self.frames.push(Frame {
            time_us: self.now,
            line,
            stack,
            queues,
            output_len: self.output.len(),
            kind,
        });
        Ok(())
    }

    fn queues(&self) -> Vec<QueueState> {
        let ready = self.ready.iter().map(|h| self.handle_item(h)).collect();
        let scheduled = self
            .scheduled
            .iter()
            .map(|t| QueueItem {
                kind: ItemKind::Timer,
                label: t.label.clone(),
                line: t.line,
                due_us: Some(t.when),
            })
            .collect();
        let tasks = self
            .live
            .iter()
            .map(|&t| {
                let state = match &self.tasks[t].status {
                    Status::Ready => "ready".to_string(),
                    Status::Running => "running".to_string(),
                    Status::Waiting(what) => format!("⏳ {what}"),
                    Status::Done => "done".to_string(),
                };
                let label = format!("{} {state}", self.task_label(t));
                QueueItem { kind: ItemKind::Waiting, label, line: self.tasks[t].line, due_us: None }
            })
            .collect();
        vec![
            QueueState { kind: QueueKind::Ready, items: ready },
            QueueState { kind: QueueKind::Scheduled, items: scheduled },
            QueueState { kind: QueueKind::Tasks, items: tasks },
        ]
    }

    fn handle_item(&self, h: &Handle) -> QueueItem {
        let (kind, label, line, due_us) = match h {
            Handle::Step(t) => {
                let kind = if self.tasks[*t].started { ItemKind::Resume } else { ItemKind::Start };
                (kind, self.task_label(*t), self.tasks[*t].line, None)
            }
            Handle::Timer(tm) => (ItemKind::Timer, tm.label.clone(), tm.line, Some(tm.when)),
            Handle::Done(Callback::Wakeup(t), _) => {
                (ItemKind::Resume, self.task_label(*t), self.tasks[*t].line, None)
            }
            Handle::Done(Callback::Gather(outer), child) => {
                let label = format!("gather._done_callback({})", self.fut_name(*child));
                (ItemKind::DoneCallback, label, self.futs[*outer].line, None)
            }
            Handle::Done(Callback::Stop, fut) => {
                let label = format!("_run_until_complete_cb({})", self.fut_name(*fut));
                (ItemKind::DoneCallback, label, self.futs[*fut].line, None)
            }
        };
        QueueItem { kind, label, line, due_us }
    }

    fn coro_label(&self, c: usize) -> String {
        match &self.coros[c].kind {
            CoroKind::User { func, .. } => format!("{}()", func.name),
            CoroKind::Sleep { label, .. } => label.clone(),
        }
    }

    fn task_label(&self, t: usize) -> String {
        format!("{} {}", self.tasks[t].name, self.coro_label(self.tasks[t].coro))
    }

    /// What a future is called in a "waits for" label: `sleep(0.1)`, `Task-2`, `gather(Task-2, Task-3)`.
    fn fut_name(&self, f: usize) -> String {
        match &self.futs[f].kind {
            FutKind::Sleep(label) => label.clone(),
            FutKind::Task(t) => self.tasks[*t].name.clone(),
            FutKind::Gather { children, .. } => {
                let names: Vec<String> = children
                    .iter()
                    .map(|&c| match &self.futs[c].kind {
                        FutKind::Task(t) => self.tasks[*t].name.clone(),
                        _ => "gather(…)".to_string(),
                    })
                    .collect();
                format!("gather({})", names.join(", "))
            }
        }
    }

    fn stack(&self, ctx: Ctx, top: Option<&CoFrame>) -> Vec<String> {
        let Ctx::Task(t) = ctx else { return vec!["<module>".to_string()] };
        let task = &self.tasks[t];
        let stack: Vec<String> = task
            .stack
            .iter()
            .chain(top)
            .enumerate()
            .map(|(i, f)| {
                if i == 0 {
                    format!("{} {}()", task.name, f.func.name)
                } else {
                    format!("{}()", f.func.name)
                }
            })
            .collect();
        if stack.is_empty() {
            vec![self.task_label(t)]
        } else {
            stack
        }
    }

    // --- values -------------------------------------------------------------------------------

    /// `str()` (or `repr()`) of a value, or why it cannot be printed.
    fn text(&self, v: &Value, repr: bool) -> Result<String, String> {
        Ok(match v {
            Value::None => "None".into(),
            Value::Bool(b) => if *b { "True" } else { "False" }.into(),
            Value::Int(i) => i.to_string(),
            Value::Float(f) => float_repr(*f),
            Value::Str(s) if repr => str_repr(s),
            Value::Str(s) => s.clone(),
            Value::List(items) => {
                let items = items.iter().map(|x| self.text(x, true)).collect::<Result<Vec<_>, _>>()?;
                format!("[{}]", items.join(", "))
            }
            other => {
                return Err(format!(
                    "printing a {} object is not supported: Python prints its memory address, which changes on every run",
                    type_name(other, self)
                ))
            }
        })
    }

    fn load(&self, frame: &CoFrame, name: &str, pos: Pos) -> R<Value> {
        if frame.func.locals.contains(name) {
            return frame.locals.get(name).cloned().ok_or_else(|| {
                error(pos, format!("UnboundLocalError: cannot access local variable '{name}' where it is not associated with a value"))
            });
        }
        if let Some(v) = self.globals.get(name) {
            return Ok(v.clone());
        }
        const BUILTINS: [&str; 24] = [
            "len",
            "str",
            "int",
            "float",
            "list",
            "range",
            "input",
            "open",
            "sum",
            "min",
            "max",
            "abs",
            "sorted",
            "repr",
            "type",
            "isinstance",
            "dict",
            "set",
            "tuple",
            "enumerate",
            "zip",
            "map",
            "round",
            "id",
        ];
        if BUILTINS.contains(&name) {
            return Err(unsupported(pos, &format!("the builtin `{name}` is")));
        }
        Err(error(pos, format!("NameError: name '{name}' is not defined")))
    }

    fn store(&mut self, frame: &mut CoFrame, name: &str, v: Value) {
        let scope = if frame.func.locals.contains(name) { &mut frame.locals } else { &mut self.globals };
        scope.insert(name.to_string(), v);
    }

    // --- running code -------------------------------------------------------------------------

    /// Runs `frame` until it returns or awaits.
    fn exec(&mut self, ctx: Ctx, frame: &mut CoFrame) -> R<Flow> {
        let func = Rc::clone(&frame.func);
        let pop = |frame: &mut CoFrame| frame.values.pop().unwrap_or(Value::None);
        let pop_n =
            |frame: &mut CoFrame, n: usize| frame.values.split_off(frame.values.len().saturating_sub(n));
        loop {
            let Some(op) = func.code.get(frame.pc) else { return Ok(Flow::Return(Value::None)) };
            frame.pc += 1;
            match op {
                Op::Line(l) => {
                    frame.line = *l;
                    if let Ctx::Task(t) = ctx {
                        self.tasks[t].line = *l;
                    }
                }
                Op::EndStmt => {
                    let stack = self.stack(ctx, Some(frame));
                    self.record(StepKind::Statement, frame.line, stack)?;
                }
                Op::Const(v) => frame.values.push(v.clone()),
                Op::Load(name, pos) => {
                    let v = self.load(frame, name, *pos)?;
                    frame.values.push(v);
                }
                Op::Store(name) => {
                    let v = pop(frame);
                    self.store(frame, name, v);
                }
                Op::Unpack(names, pos) => {
                    let items = match pop(frame) {
                        Value::List(items) => items,
                        Value::Str(_) => return Err(unsupported(*pos, "unpacking a str is")),
                        other => {
                            let t = type_name(&other, self);
                            return Err(error(
                                *pos,
                                format!("TypeError: cannot unpack non-iterable {t} object"),
                            ));
                        }
                    };
                    let (got, want) = (items.len(), names.len());
                    if got > want {
                        return Err(error(
                            *pos,
                            format!("ValueError: too many values to unpack (expected {want})"),
                        ));
                    }
                    if got < want {
                        return Err(error(
                            *pos,
                            format!("ValueError: not enough values to unpack (expected {want}, got {got})"),
                        ));
                    }
                    for (name, v) in names.iter().zip(items) {
                        self.store(frame, name, v);
                    }
                }
                Op::Pop => {
                    frame.values.pop();
                }
                Op::List(n) => {
                    let items = pop_n(frame, *n);
                    frame.values.push(Value::List(items));
                }
                Op::Concat(n, pos) => {
                    let mut s = String::new();
                    for v in pop_n(frame, *n) {
                        s += &self.text(&v, false).map_err(|m| error(*pos, m))?;
                    }
                    frame.values.push(Value::Str(s));
                }
                Op::Call(callee, argc, pos) => {
                    let args = pop_n(frame, *argc);
                    let v = self.call(ctx, frame, *callee, args, *pos)?;
                    frame.values.push(v);
                }
                Op::Await(pos) => return Ok(Flow::Await(pop(frame), *pos)),
                Op::Def(i) => frame.values.push(Value::Func(*i)),
                Op::Import => {
                    self.globals.insert("asyncio".into(), Value::Module);
                }
                Op::Return => return Ok(Flow::Return(pop(frame))),
            }
        }
    }
}

/// Builtins and asyncio's functions, tasks and futures.
impl Machine {
    fn call(
        &mut self,
        ctx: Ctx,
        frame: &mut CoFrame,
        callee: Callee,
        mut args: Vec<Value>,
        pos: Pos,
    ) -> R<Value> {
        let (name, want) = match callee {
            Callee::Print => {
                let parts = args.iter().map(|a| self.text(a, false)).collect::<Result<Vec<_>, _>>();
                let text = parts.map_err(|m| error(pos, m))?.join(" ");
                self.output.extend(text.split('\n').map(str::to_string));
                return Ok(Value::None);
            }
            Callee::Value => {
                return match frame.values.pop() {
                    Some(Value::Func(f)) => self.coroutine(f, args, pos),
                    other => {
                        let t = type_name(&other.unwrap_or(Value::None), self);
                        Err(error(pos, format!("TypeError: '{t}' object is not callable")))
                    }
                };
            }
            Callee::Gather => ("gather", None),
            Callee::Sleep => ("sleep", Some(1)),
            Callee::CreateTask => ("create_task", Some(1)),
            Callee::Run => ("run", Some(1)),
        };
        if !matches!(self.globals.get("asyncio"), Some(Value::Module)) {
            return Err(error(pos, "NameError: name 'asyncio' is not defined (add `import asyncio`)"));
        }
        if want.is_some_and(|n| n != args.len()) {
            return Err(error(
                pos,
                format!("TypeError: asyncio.{name}() takes 1 argument here ({} given)", args.len()),
            ));
        }
        let in_loop = matches!(ctx, Ctx::Task(_));
        if !in_loop && !matches!(callee, Callee::Run | Callee::Sleep) {
            return Err(error(
                pos,
                format!("RuntimeError: no running event loop (call asyncio.{name}() inside a coroutine)"),
            ));
        }
        if let Callee::Gather = callee {
            return self.gather(args, pos);
        }
        let arg = args.pop().unwrap_or(Value::None);
        match callee {
            Callee::Sleep => self.sleep(arg, pos),
            Callee::CreateTask => {
                let c = self.claim(arg, pos, "TypeError")?;
                let t = self.new_task(c, pos.line);
                Ok(Value::Fut(self.tasks[t].fut))
            }
            _ if in_loop => {
                Err(error(pos, "RuntimeError: asyncio.run() cannot be called from a running event loop"))
            }
            _ => self.run_main(arg, pos),
        }
    }

    /// Calling an `async def` function makes a coroutine object; nothing runs yet.
    fn coroutine(&mut self, f: usize, args: Vec<Value>, pos: Pos) -> R<Value> {
        let func = Rc::clone(&self.funcs[f]);
        let (n, want) = (args.len(), func.params.len());
        if n > want {
            let s = if want == 1 { "" } else { "s" };
            let verb = if n == 1 { "was" } else { "were" };
            let msg = format!(
                "TypeError: {}() takes {want} positional argument{s} but {n} {verb} given",
                func.name
            );
            return Err(error(pos, msg));
        }
        if n < want {
            let missing: Vec<String> = func.params[n..].iter().map(|p| format!("'{p}'")).collect();
            let names = match missing.as_slice() {
                [a] => a.clone(),
                [a, b] => format!("{a} and {b}"),
                [rest @ .., last] => format!("{}, and {last}", rest.join(", ")),
                [] => String::new(),
            };
            let s = if missing.len() == 1 { "" } else { "s" };
            let msg = format!(
                "TypeError: {}() missing {} required positional argument{s}: {names}",
                func.name,
                missing.len()
            );
            return Err(error(pos, msg));
        }
        self.coros.push(Coro { kind: CoroKind::User { func, args }, used: false });
        Ok(Value::Coro(self.coros.len() - 1))
    }

    fn sleep(&mut self, arg: Value, pos: Pos) -> R<Value> {
        let s = match arg {
            Value::Int(i) => i as f64,
            Value::Float(f) => f,
            Value::Bool(b) => f64::from(u8::from(b)),
            other => {
                let t = type_name(&other, self);
                return Err(error(
                    pos,
                    format!("TypeError: '<=' not supported between instances of '{t}' and 'int'"),
                ));
            }
        };
        if s.is_nan() || s.is_infinite() {
            return Err(unsupported(pos, "sleeping for `nan` or `inf` seconds is"));
        }
        let label = format!("sleep({})", self.text(&arg, true).unwrap_or_default());
        // `sleep(s <= 0)` is a bare `yield`; anything longer is a `call_later` timer.
        let timer = (s > 0.0).then(|| (s * 1e6).round() as u64);
        self.coros.push(Coro { kind: CoroKind::Sleep { timer, label }, used: false });
        Ok(Value::Coro(self.coros.len() - 1))
    }

    /// Takes a coroutine object for a task (or for `asyncio.run`).
    fn claim(&mut self, v: Value, pos: Pos, exception: &str) -> R<usize> {
        match v {
            Value::Coro(c) if self.coros[c].used => {
                Err(error(pos, "RuntimeError: cannot reuse already awaited coroutine"))
            }
            Value::Coro(c) => {
                self.coros[c].used = true;
                Ok(c)
            }
            other => {
                let shown =
                    self.text(&other, true).unwrap_or_else(|_| format!("a {}", type_name(&other, self)));
                Err(error(pos, format!("{exception}: a coroutine was expected, got {shown}")))
            }
        }
    }

    fn new_fut(&mut self, kind: FutKind, line: u32) -> usize {
        self.futs.push(Fut { kind, result: None, callbacks: vec![], line, loop_id: self.loop_id });
        self.futs.len() - 1
    }

    /// `loop.create_task`: the task's first `__step` is queued at once.
    fn new_task(&mut self, coro: usize, line: u32) -> usize {
        let t = self.tasks.len();
        self.task_counter += 1;
        let fut = self.new_fut(FutKind::Task(t), line);
        let line = match &self.coros[coro].kind {
            CoroKind::User { func, .. } => func.line,
            CoroKind::Sleep { .. } => line,
        };
        let name = format!("Task-{}", self.task_counter);
        self.tasks.push(Task { name, coro, fut, stack: vec![], status: Status::Ready, started: false, line });
        self.live.push(t);
        self.ready.push_back(Handle::Step(t));
        t
    }

    fn add_done_callback(&mut self, fut: usize, cb: Callback) {
        if self.futs[fut].result.is_some() {
            self.queue_callback(cb, fut);
        } else {
            self.futs[fut].callbacks.push(cb);
        }
    }

    fn queue_callback(&mut self, cb: Callback, fut: usize) {
        if let Callback::Wakeup(t) = cb {
            self.tasks[t].status = Status::Ready;
        }
        self.ready.push_back(Handle::Done(cb, fut));
    }

    /// `Future.set_result`: every done callback is queued with `call_soon`, in the order added.
    fn set_result(&mut self, fut: usize, v: Value) {
        self.futs[fut].result = Some(v);
        for cb in std::mem::take(&mut self.futs[fut].callbacks) {
            self.queue_callback(cb, fut);
        }
    }

    /// `loop.call_later`, flagging timers whose order a real machine might not keep.
    fn add_timer(&mut self, delay: u64, fut: usize, label: String, line: u32) {
        let when = self.now.saturating_add(delay);
        let timer = Timer { when, seq: self.timer_seq, created: self.now, fut, label, line, raced: false };
        self.timer_seq += 1;
        for p in &self.scheduled {
            // A timer made later in the same instant and due no earlier is later in reality too.
            let ordered = p.created == self.now && when >= p.when;
            if p.when.abs_diff(when) <= RACE_WINDOW_US && !ordered {
                let (a, b) = if p.when <= when { (p, &timer) } else { (&timer, p) };
                self.races.push(Race {
                    kind: RaceKind::CloseTimers,
                    frame: self.frames.len(),
                    first: a.label.clone(),
                    first_line: a.line,
                    second: b.label.clone(),
                    second_line: b.line,
                });
            }
        }
        let at = self.scheduled.partition_point(|t| (t.when, t.seq) <= (when, timer.seq));
        self.scheduled.insert(at, timer);
    }

    /// `asyncio.gather`: coroutines become tasks (queued in argument order), futures are used as
    /// they are; each distinct child gets `_done_callback` (queued at once if it is done).
    fn gather(&mut self, args: Vec<Value>, pos: Pos) -> R<Value> {
        let outer = self.new_fut(FutKind::Gather { children: vec![], pending: 0 }, pos.line);
        let mut seen: Vec<(bool, usize, usize)> = vec![];
        let mut children = vec![];
        for arg in args {
            let key = match arg {
                Value::Coro(c) => (false, c),
                Value::Fut(f) => (true, f),
                other => {
                    let t = type_name(&other, self);
                    return Err(error(
                        pos,
                        format!(
                            "TypeError: An asyncio.Future, a coroutine or an awaitable is required (got {t})"
                        ),
                    ));
                }
            };
            if let Some(&(_, _, f)) = seen.iter().find(|(is_fut, id, _)| (*is_fut, *id) == key) {
                children.push(f);
                continue;
            }
            let f = match key {
                (true, f) if self.futs[f].loop_id != self.loop_id => {
                    return Err(error(pos, "ValueError: futures are tied to different event loops (this one is from an earlier asyncio.run)"));
                }
                (true, f) => f,
                (false, c) => {
                    let c = self.claim(Value::Coro(c), pos, "TypeError")?;
                    let t = self.new_task(c, pos.line);
                    self.tasks[t].fut
                }
            };
            seen.push((key.0, key.1, f));
            self.add_done_callback(f, Callback::Gather(outer));
            children.push(f);
        }
        if seen.is_empty() {
            self.futs[outer].result = Some(Value::List(vec![]));
        }
        self.futs[outer].kind = FutKind::Gather { children, pending: seen.len() };
        Ok(Value::Fut(outer))
    }

    /// `asyncio.run`: a new loop runs the main task until the batch in which
    /// `_run_until_complete_cb` runs ends; then every task still pending is cancelled (with no
    /// `try` in the subset, a cancelled task prints nothing more).
    fn run_main(&mut self, arg: Value, pos: Pos) -> R<Value> {
        let c = self.claim(arg, pos, "ValueError")?;
        self.loop_id += 1;
        let main = self.new_task(c, pos.line);
        let fut = self.tasks[main].fut;
        self.futs[fut].callbacks.push(Callback::Stop);
        self.stopping = false;
        while !self.stopping {
            self.run_once(pos)?;
        }
        for t in std::mem::take(&mut self.live) {
            self.tasks[t].status = Status::Done;
        }
        self.ready.clear();
        self.scheduled.clear();
        // `Runner.close()` runs `shutdown_asyncgens()` and `shutdown_default_executor()` as tasks.
        self.task_counter += 2;
        Ok(self.futs[fut].result.clone().unwrap_or(Value::None))
    }

    /// `BaseEventLoop._run_once`.
    ///
    /// Timers due at the same simulated moment fire in one batch here, but in reality each was
    /// created a little later than the one before, so the loop may wake between their due times
    /// and fire the later ones a batch (or several) later. That reorders output only if an
    /// earlier timer's wake-up queues something that would then run before a later one's
    /// wake-up: such a batch is flagged as a `TimerVsReady` race.
    fn run_once(&mut self, pos: Pos) -> R<()> {
        let check_wakeups = std::mem::take(&mut self.several_timers_fired);
        if self.ready.is_empty() {
            let Some(next) = self.scheduled.front() else {
                return Err(error(pos, "nothing is left to run but the main coroutine has not finished: the program would wait forever"));
            };
            self.now = self.now.max(next.when);
            self.move_due_timers();
            self.several_timers_fired = self.ready.len() > 1;
            self.record(StepKind::Wait { until_us: self.now }, 0, vec![])?;
        } else {
            self.move_due_timers();
        }
        self.flag_timers_near_ready();
        let mut check_wakeups = check_wakeups;
        for left in (0..self.ready.len()).rev() {
            let Some(h) = self.ready.pop_front() else { break };
            let before = self.ready.len();
            self.run_handle(h)?;
            if check_wakeups && left > 0 && self.flag_split_timers(before) {
                check_wakeups = false;
            }
        }
        Ok(())
    }

    /// After a wake-up of a timer that fired with others: does what it queued (from index
    /// `queued` on) matter to the wake-ups still waiting in this batch? A `_done_callback` of a
    /// gather that still waits for other children does nothing.
    fn flag_split_timers(&mut self, queued: usize) -> bool {
        let relevant = self.ready.iter().skip(queued).find(|h| match h {
            Handle::Done(Callback::Gather(outer), _) => {
                let callbacks = self
                    .ready
                    .iter()
                    .filter(|o| matches!(o, Handle::Done(Callback::Gather(x), _) if x == outer))
                    .count();
                !matches!(self.futs[*outer].kind, FutKind::Gather { pending, .. } if pending > callbacks)
            }
            _ => true,
        });
        let (Some(second), Some(first)) = (relevant, self.ready.front()) else { return false };
        let (first, second) = (self.handle_item(first), self.handle_item(second));
        self.races.push(Race {
            kind: RaceKind::TimerVsReady,
            frame: self.frames.len(),
            first: first.label,
            first_line: first.line,
            second: second.label,
            second_line: second.line,
        });
        true
    }

    fn move_due_timers(&mut self) {
        while self.scheduled.front().is_some_and(|t| t.when <= self.now) {
            if let Some(t) = self.scheduled.pop_front() {
                self.ready.push_back(Handle::Timer(t));
            }
        }
    }

    /// A timer due within the window while handles are ready could, on a slower machine, be
    /// due already and join this batch.
    fn flag_timers_near_ready(&mut self) {
        let Some(head) = self.ready.front() else { return };
        let first = self.handle_item(head);
        let limit = self.now.saturating_add(RACE_WINDOW_US);
        for t in self.scheduled.iter_mut().take_while(|t| t.when <= limit).filter(|t| !t.raced) {
            t.raced = true;
            self.races.push(Race {
                kind: RaceKind::TimerVsReady,
                frame: self.frames.len(),
                first: first.label.clone(),
                first_line: first.line,
                second: t.label.clone(),
                second_line: t.line,
            });
        }
    }

    fn run_handle(&mut self, h: Handle) -> R<()> {
        let item = self.handle_item(&h);
        let dequeue = StepKind::Dequeue { queue: QueueKind::Ready, label: item.label };
        match h {
            Handle::Step(t) => {
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                let input = if self.tasks[t].started { Some(Value::None) } else { None };
                self.step(t, input)
            }
            Handle::Done(Callback::Wakeup(t), fut) => {
                self.tasks[t].status = Status::Running;
                self.record(dequeue, item.line, vec![])?;
                let v = self.futs[fut].result.clone().unwrap_or(Value::None);
                self.step(t, Some(v))
            }
            Handle::Timer(timer) => {
                self.set_result(timer.fut, Value::None);
                self.record(dequeue, item.line, vec![])
            }
            Handle::Done(Callback::Gather(outer), _) => {
                let done = match &mut self.futs[outer].kind {
                    FutKind::Gather { children, pending } => {
                        *pending = pending.saturating_sub(1);
                        (*pending == 0).then(|| children.clone())
                    }
                    _ => None,
                };
                if let Some(children) = done {
                    let results = children
                        .iter()
                        .map(|&c| self.futs[c].result.clone().unwrap_or(Value::None))
                        .collect();
                    self.set_result(outer, Value::List(results));
                }
                self.record(dequeue, item.line, vec![])
            }
            Handle::Done(Callback::Stop, _) => {
                self.stopping = true;
                self.record(dequeue, item.line, vec![])
            }
        }
    }

    /// `Task.__step`: runs the task's coroutines until one suspends or the task's own returns.
    /// `input` is `None` for the first step, else the value the suspended `await` receives.
    fn step(&mut self, t: usize, input: Option<Value>) -> R<()> {
        let ctx = Ctx::Task(t);
        let mut next = match input {
            None => {
                self.tasks[t].started = true;
                let (coro, line) = (self.tasks[t].coro, self.tasks[t].line);
                self.enter(t, coro, Pos { line, col: 1 })?
            }
            Some(v) => Awaited::Value(v),
        };
        loop {
            let mut frame = match next {
                Awaited::Suspended => {
                    let (name, line, stack) = (self.task_label(t), self.tasks[t].line, self.stack(ctx, None));
                    return self.record(StepKind::Await { name }, line, stack);
                }
                Awaited::Enter(f) => {
                    self.tasks[t].line = f.line;
                    if !self.tasks[t].stack.is_empty() {
                        let stack = self.stack(ctx, Some(&f));
                        self.record(StepKind::Call { name: format!("{}()", f.func.name) }, f.line, stack)?;
                    }
                    f
                }
                Awaited::Value(v) => match self.tasks[t].stack.pop() {
                    None => return self.finish(t, v),
                    Some(mut f) => {
                        f.values.push(v);
                        self.tasks[t].line = f.line;
                        f
                    }
                },
            };
            next = match self.exec(ctx, &mut frame)? {
                Flow::Return(v) => {
                    if let Some(line) = self.tasks[t].stack.last().map(|caller| caller.line) {
                        self.tasks[t].line = line;
                        let stack = self.stack(ctx, None);
                        self.record(
                            StepKind::Return { name: format!("{}()", frame.func.name) },
                            line,
                            stack,
                        )?;
                    }
                    Awaited::Value(v)
                }
                Flow::Await(v, pos) => {
                    self.tasks[t].stack.push(frame);
                    self.await_value(t, v, pos)?
                }
            };
        }
    }

    fn await_value(&mut self, t: usize, v: Value, pos: Pos) -> R<Awaited> {
        match v {
            Value::Coro(c) if self.coros[c].used => {
                Err(error(pos, "RuntimeError: cannot reuse already awaited coroutine"))
            }
            Value::Coro(c) => {
                self.coros[c].used = true;
                self.enter(t, c, pos)
            }
            Value::Fut(f) => {
                if let Some(v) = &self.futs[f].result {
                    return Ok(Awaited::Value(v.clone()));
                }
                if self.futs[f].loop_id != self.loop_id {
                    return Err(error(pos, "RuntimeError: the awaited task belongs to an earlier asyncio.run (a different event loop)"));
                }
                self.tasks[t].status = Status::Waiting(self.fut_name(f));
                self.futs[f].callbacks.push(Callback::Wakeup(t));
                Ok(Awaited::Suspended)
            }
            other => {
                let t = type_name(&other, self);
                Err(error(pos, format!("TypeError: object {t} can't be used in 'await' expression")))
            }
        }
    }

    /// Starts running coroutine `c` in task `t`.
    fn enter(&mut self, t: usize, c: usize, pos: Pos) -> R<Awaited> {
        match &mut self.coros[c].kind {
            CoroKind::User { func, args } => {
                if self.tasks[t].stack.len() >= MAX_DEPTH {
                    let msg = format!("RecursionError: more than {MAX_DEPTH} coroutines await one another");
                    return Err(error(pos, msg));
                }
                Ok(Awaited::Enter(CoFrame::new(Rc::clone(func), std::mem::take(args))))
            }
            CoroKind::Sleep { timer: None, .. } => {
                self.tasks[t].status = Status::Ready;
                self.ready.push_back(Handle::Step(t));
                Ok(Awaited::Suspended)
            }
            CoroKind::Sleep { timer: Some(delay), label } => {
                let (delay, label) = (*delay, label.clone());
                let fut = self.new_fut(FutKind::Sleep(label.clone()), pos.line);
                self.add_timer(delay, fut, label.clone(), self.tasks[t].line);
                self.futs[fut].callbacks.push(Callback::Wakeup(t));
                self.tasks[t].status = Status::Waiting(label);
                Ok(Awaited::Suspended)
            }
        }
    }

    /// The task's own coroutine returned: `set_result` queues its done callbacks.
    fn finish(&mut self, t: usize, v: Value) -> R<()> {
        self.tasks[t].status = Status::Done;
        self.live.retain(|&x| x != t);
        self.set_result(self.tasks[t].fut, v);
        self.record(StepKind::Return { name: self.task_label(t) }, 0, vec![])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> CodeError {
        run(src).expect_err("should be rejected")
    }

    fn kinds(t: &Trace) -> Vec<String> {
        t.frames
            .iter()
            .map(|f| match &f.kind {
                StepKind::Statement => format!("stmt {}", f.line),
                StepKind::Dequeue { label, .. } => format!("dequeue {label}"),
                StepKind::Await { name } => format!("await {name}"),
                StepKind::Wait { until_us } => format!("wait {until_us}"),
                StepKind::Call { name } => format!("call {name}"),
                StepKind::Return { name } => format!("return {name}"),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn unsupported_constructs_are_named_with_their_position() {
        let e = err("import asyncio\nasync def main():\n    for i in x:\n        pass\n");
        assert_eq!((e.line, e.col), (3, 5));
        assert!(e.message.starts_with("`for` loops are not in the supported Python subset"), "{}", e.message);
        let cases = [
            ("x = 1\nwhile x:\n  pass\n", 2, 1, "`while` loops"),
            ("x = 1 + 2\n", 1, 7, "the `+` operator"),
            ("print('a', end='')\n", 1, 12, "keyword arguments"),
            ("class A:\n  pass\n", 1, 1, "classes"),
            ("def f():\n  pass\n", 1, 1, "plain `def`"),
            ("f = lambda: 1\n", 1, 5, "`lambda`"),
            ("if x == 1:\n  pass\n", 1, 1, "`if` statements"),
            ("import time\n", 1, 8, "`import asyncio`"),
            (
                "import asyncio\nasync def m():\n    await asyncio.wait_for(m(), 1)\n",
                3,
                19,
                "`asyncio.wait_for`",
            ),
            ("print(f'{x + 1}')\n", 1, 9, "f-string fields"),
            ("x = [1][0]\n", 1, 8, "indexing"),
            ("try:\n  pass\nexcept:\n  pass\n", 1, 1, "exceptions"),
        ];
        for (src, line, col, what) in cases {
            let e = err(src);
            assert_eq!((e.line, e.col), (line, col), "{src}: {e}");
            assert!(
                e.message.contains(what) && e.message.contains("not in the supported Python subset"),
                "{src}: {e}"
            );
        }
    }

    #[test]
    fn syntax_and_runtime_errors_say_what_python_would() {
        let cases = [
            ("print('a'\n", 1, 6, "'(' was never closed"),
            ("print('a)\n", 1, 7, "unterminated string literal"),
            ("async def f():\nprint(1)\n", 2, 1, "expected an indented block after function definition on line 1"),
            ("async def f():\n    pass\n  pass\n", 3, 3, "unindent does not match"),
            ("await f()\n", 1, 1, "'await' outside function"),
            ("print(y)\n", 1, 7, "name 'y' is not defined"),
            ("import asyncio\nasync def m():\n    await 3\nasyncio.run(m())\n", 3, 5, "object int can't be used in 'await' expression"),
            (
                "import asyncio\nasync def f():\n    pass\nasync def m():\n    c = f()\n    await c\n    await c\nasyncio.run(m())\n",
                7,
                5,
                "cannot reuse already awaited coroutine",
            ),
            ("import asyncio\nasync def f(a):\n    pass\nasyncio.run(f())\n", 4, 13, "missing 1 required positional argument: 'a'"),
            ("import asyncio\nasync def m():\n    asyncio.run(m())\nasyncio.run(m())\n", 3, 5, "cannot be called from a running event loop"),
            ("import asyncio\nasync def m():\n    print(m())\nasyncio.run(m())\n", 3, 5, "printing a coroutine object is not supported"),
        ];
        for (src, line, col, what) in cases {
            let e = err(src);
            assert_eq!((e.line, e.col), (line, col), "{src}: {e}");
            assert!(e.message.contains(what), "{src}: {e}");
        }
        assert_eq!(err("# nothing\n").line, 0);
    }

    #[test]
    fn endless_or_recursive_programs_are_stopped() {
        let e = err("import asyncio\nasync def f():\n    await f()\nasyncio.run(f())\n");
        assert!(e.message.contains("RecursionError"), "{e}");
        let e = err("import asyncio\nasync def f():\n    await asyncio.create_task(f())\nasyncio.run(f())\n");
        assert!(e.message.contains("steps") || e.message.contains("too many tasks"), "{e}");
        let deep = format!("x = {}1{}\n", "(".repeat(60), ")".repeat(60));
        assert!(err(&deep).message.contains("nested"));
    }

    #[test]
    fn a_sleep_program_records_every_step() {
        let t = run("import asyncio

async def main():
    print('a')
    await asyncio.sleep(0.1)
    print('b')

asyncio.run(main())
")
        .unwrap();
        assert_eq!(t.output, ["a", "b"]);
        assert_eq!(
            kinds(&t),
            [
                "Start",
                "stmt 1",
                "stmt 3",
                "dequeue Task-1 main()",
                "stmt 4",
                "await Task-1 main()",
                "wait 100000",
                "dequeue sleep(0.1)",
                "dequeue Task-1 main()",
                "stmt 5",
                "stmt 6",
                "return Task-1 main()",
                "dequeue _run_until_complete_cb(Task-1)",
                "stmt 8",
                "Exit",
            ]
        );
        let queue = |f: &Frame, k: usize| -> Vec<(ItemKind, String, Option<u64>)> {
            assert_eq!(
                f.queues.iter().map(|q| q.kind).collect::<Vec<_>>(),
                [QueueKind::Ready, QueueKind::Scheduled, QueueKind::Tasks]
            );
            f.queues[k].items.iter().map(|i| (i.kind, i.label.clone(), i.due_us)).collect()
        };
        // Suspended at the sleep: the timer is scheduled and the task waits for it.
        let f = &t.frames[5];
        assert_eq!(
            (f.line, f.stack.as_slice(), f.output_len),
            (5, ["Task-1 main()".to_string()].as_slice(), 1)
        );
        assert!(queue(f, 0).is_empty());
        assert_eq!(queue(f, 1), [(ItemKind::Timer, "sleep(0.1)".into(), Some(100_000))]);
        assert_eq!(queue(f, 2), [(ItemKind::Waiting, "Task-1 main() ⏳ sleep(0.1)".into(), None)]);
        // The clock jumped; the due timer handle is ready.
        let f = &t.frames[6];
        assert_eq!(f.time_us, 100_000);
        assert_eq!(queue(f, 0), [(ItemKind::Timer, "sleep(0.1)".into(), Some(100_000))]);
        assert!(queue(f, 1).is_empty());
        // The timer handle ran: it queued the task's wake-up.
        assert_eq!(queue(&t.frames[7], 0), [(ItemKind::Resume, "Task-1 main()".into(), None)]);
        assert_eq!(queue(&t.frames[7], 2), [(ItemKind::Waiting, "Task-1 main() ready".into(), None)]);
        // The task returned: asyncio.run's callback is queued.
        assert_eq!(
            queue(&t.frames[11], 0),
            [(ItemKind::DoneCallback, "_run_until_complete_cb(Task-1)".into(), None)]
        );
        assert!(t.frames[14].queues.iter().all(|q| q.items.is_empty()));
    }

    #[test]
    fn awaiting_a_coroutine_calls_it_inside_the_task() {
        let t = run("import asyncio
async def work(n):
    return n
async def main():
    t = asyncio.create_task(work(2))
    x = await work(1)
    print(x, await t)
asyncio.run(main())
")
        .unwrap();
        assert_eq!(t.output, ["1 2"]);
        let call = t.frames.iter().position(|f| f.kind == StepKind::Call { name: "work()".into() }).unwrap();
        assert_eq!(t.frames[call].stack, ["Task-1 main()", "work()"]);
        assert_eq!(t.frames[call].line, 2);
        let back = &t.frames[call + 2];
        assert_eq!(back.kind, StepKind::Return { name: "work()".into() });
        assert_eq!((back.line, back.stack.as_slice()), (6, ["Task-1 main()".to_string()].as_slice()));
        let waiting = t.frames.iter().find(|f| matches!(&f.kind, StepKind::Await { .. })).unwrap();
        assert_eq!(waiting.queues[2].items[0].label, "Task-1 main() ⏳ Task-2");
        assert_eq!(waiting.queues[2].items[1].label, "Task-2 work() ready");
    }

    #[test]
    fn mangled_programs_give_errors_not_panics() {
        let base: Vec<char> = "import asyncio
async def f(x):
    await asyncio.sleep(0.05)
    return [x, f'{x}']
async def main():
    t = asyncio.create_task(f(1))
    a, b = await asyncio.gather(f(2), t)
    print(a, b, await t, \"s\\n\")
if __name__ == \"__main__\":
    asyncio.run(main())
"
        .chars()
        .collect();
        let pieces: Vec<char> = "()[]{}:,.=\"'\\\n #0a-*".chars().collect();
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        for _ in 0..3000 {
            let mut src = base.clone();
            for _ in 0..1 + next(4) {
                let at = next(src.len());
                match next(3) {
                    0 => {
                        src.remove(at);
                    }
                    1 => src.insert(at, pieces[next(pieces.len())]),
                    _ => src[at] = pieces[next(pieces.len())],
                }
            }
            let _ = run(&src.iter().collect::<String>());
        }
    }

    #[test]
    fn values_print_as_python_prints_them() {
        let floats = [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (1e-5, "1e-05"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (-2.5, "-2.5"),
            (0.0001, "0.0001"),
        ];
        for (x, s) in floats {
            assert_eq!(float_repr(x), s);
        }
        assert_eq!(str_repr("it's"), "\"it's\"");
        assert_eq!(str_repr("a'b\"c\n"), "'a\\'b\"c\\n'");
        let t = run("x = 'hi'\nprint(f\"{x}, {{x}}\", [1, 'a', None, True], \"a\\tb\", 0x10)\n").unwrap();
        assert_eq!(t.output, ["hi, {x} [1, 'a', None, True] a\tb 16"]);
    }
}
