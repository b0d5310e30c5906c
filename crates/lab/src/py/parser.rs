//! The parser for the Python subset, which is also its compiler: it reads the tokens by
//! recursive descent and emits a small stack machine's ops as it goes (no syntax tree), one
//! [`Func`] per `async def` and one for the module, so that a coroutine can suspend in the
//! middle of an expression (`print("a", await f())`) and resume there. A construct outside the
//! subset is an error naming it, with its line and column.

use std::collections::BTreeSet;
use std::rc::Rc;

use super::lexer::{describe, Lexer, Piece, Tok};
use super::vm::Value;
use super::{error, unsupported, Pos, R};

/// Expressions nested deeper than this are refused (the parser is recursive).
const MAX_NESTING: usize = 50;

const IF_STATEMENTS: &str = "`if` statements are (except `if __name__ == \"__main__\":` at the top level)";

/// Operators that would continue an expression (none is in the subset).
const BINARY_OPS: [&str; 20] = [
    "**", "//", "<<", ">>", "+", "-", "*", "/", "%", "@", "&", "|", "^", "<", ">", "==", "!=", "<=", ">=",
    ":=",
];
const AUGMENTED: [&str; 13] =
    ["+=", "-=", "*=", "/=", "//=", "%=", "**=", "@=", "&=", "|=", "^=", ">>=", "<<="];

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

#[derive(Clone, Debug)]
pub(super) enum Op {
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
pub(super) enum Callee {
    Print,
    Sleep,
    CreateTask,
    Gather,
    Run,
    /// A value below the arguments on the stack (an `async def` function).
    Value,
}

pub(super) struct Func {
    pub(super) name: String,
    pub(super) params: Vec<String>,
    pub(super) code: Vec<Op>,
    pub(super) line: u32,
    /// Names assigned anywhere in the body (and the parameters): local, as Python decides statically.
    pub(super) locals: BTreeSet<String>,
}

static EOF: (Tok, Pos) = (Tok::Eof, Pos { line: 0, col: 0 });

pub(super) struct Parser {
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
    pub(super) fn parse(src: &str) -> R<(Rc<Func>, Vec<Rc<Func>>)> {
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
