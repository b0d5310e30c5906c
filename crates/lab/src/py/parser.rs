//! The parser: tokens → a syntax tree ([`super::ast`]), by recursive descent, statements here
//! and expressions in [`super::expr`]. A construct outside the subset is an error naming it,
//! with its line and column.

use std::rc::Rc;

use super::ast::*;
use super::lexer::{describe, Lexer, Tok};
use super::{error, unsupported, Pos, R};

/// Statements and expressions nested deeper than this are refused (the parser is recursive).
pub(super) const MAX_NESTING: usize = 60;

pub(super) const KEYWORDS: [&str; 35] = [
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def",
    "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
    "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
];

static EOF: (Tok, Pos) = (Tok::Eof, Pos { line: 0, col: 0 });

pub(super) struct Parser {
    pub(super) toks: Vec<(Tok, Pos)>,
    pub(super) i: usize,
    pub(super) depth: usize,
}

pub(super) fn parse_program(src: &str) -> R<Vec<S>> {
    let toks = Lexer::lex(src)?;
    if toks.len() == 1 {
        return Err(error(Pos { line: 0, col: 0 }, "the program is empty"));
    }
    let mut p = Parser { toks, i: 0, depth: 0 };
    let mut body = vec![];
    while !matches!(p.peek(), Tok::Eof) {
        p.statement(&mut body)?;
    }
    Ok(body)
}

impl Parser {
    pub(super) fn at(&self, k: usize) -> &(Tok, Pos) {
        self.toks.get(self.i + k).or(self.toks.last()).unwrap_or(&EOF)
    }

    pub(super) fn peek(&self) -> &Tok {
        &self.at(0).0
    }

    pub(super) fn pos(&self) -> Pos {
        self.at(0).1
    }

    pub(super) fn advance(&mut self) -> (Tok, Pos) {
        let t = self.at(0).clone();
        self.i = (self.i + 1).min(self.toks.len().saturating_sub(1));
        t
    }

    pub(super) fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Tok::Op(o) if *o == op)
    }

    pub(super) fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Name(n) if n == w)
    }

    pub(super) fn word_at(&self, k: usize, w: &str) -> bool {
        matches!(&self.at(k).0, Tok::Name(n) if n == w)
    }

    pub(super) fn eat_op(&mut self, op: &str) -> bool {
        let yes = self.is_op(op);
        if yes {
            self.advance();
        }
        yes
    }

    pub(super) fn eat_word(&mut self, w: &str) -> bool {
        let yes = self.is_word(w);
        if yes {
            self.advance();
        }
        yes
    }

    pub(super) fn expect_op(&mut self, op: &str) -> R<()> {
        if self.eat_op(op) {
            return Ok(());
        }
        Err(error(self.pos(), format!("SyntaxError: expected '{op}', found {}", describe(self.peek()))))
    }

    pub(super) fn expect_word(&mut self, w: &str) -> R<()> {
        if self.eat_word(w) {
            return Ok(());
        }
        Err(error(self.pos(), format!("SyntaxError: expected '{w}', found {}", describe(self.peek()))))
    }

    pub(super) fn expect_name(&mut self) -> R<(String, Pos)> {
        match self.advance() {
            (Tok::Name(n), pos) if !KEYWORDS.contains(&n.as_str()) => Ok((n, pos)),
            (Tok::Name(n), pos) => {
                Err(error(pos, format!("SyntaxError: invalid syntax: `{n}` is a keyword")))
            }
            (t, pos) => Err(error(pos, format!("SyntaxError: expected a name, found {}", describe(&t)))),
        }
    }

    fn at_stmt_end(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Eof) || self.is_op(";")
    }

    pub(super) fn deeper(&mut self, pos: Pos) -> R<()> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(error(pos, "the program is nested too deeply for the code lab"));
        }
        Ok(())
    }

    pub(super) fn statement(&mut self, out: &mut Vec<S>) -> R<()> {
        let pos = self.pos();
        self.deeper(pos)?;
        let r = self.statement_inner(out);
        self.depth -= 1;
        r
    }

    fn statement_inner(&mut self, out: &mut Vec<S>) -> R<()> {
        let pos = self.pos();
        let word = match self.peek() {
            Tok::Indent => return Err(error(pos, "IndentationError: unexpected indent")),
            Tok::Name(w) => w.clone(),
            Tok::Op("@") => {
                let mut decorators = vec![];
                while self.eat_op("@") {
                    decorators.push(self.expr()?);
                    self.newline()?;
                }
                let pos = self.pos();
                let s = if self.is_word("class") {
                    self.class_def(decorators)?
                } else if self.is_word("def") || (self.is_word("async") && self.word_at(1, "def")) {
                    let f = self.func_def(decorators)?;
                    St::Def(f)
                } else {
                    return Err(error(
                        pos,
                        "SyntaxError: invalid syntax: a decorator must be followed by `def` or `class`",
                    ));
                };
                out.push(S { kind: s, pos });
                return Ok(());
            }
            _ => String::new(),
        };
        let kind = match word.as_str() {
            "if" => self.if_stmt()?,
            "while" => {
                self.advance();
                let cond = self.named_expr()?;
                self.expect_op(":")?;
                let body = self.suite("'while' statement", pos.line)?;
                let orelse = self.else_suite()?;
                St::While(cond, body, orelse)
            }
            "for" => self.for_stmt(false)?,
            "try" => self.try_stmt()?,
            "with" => self.with_stmt(false)?,
            "def" => St::Def(self.func_def(vec![])?),
            "class" => self.class_def(vec![])?,
            "async" => {
                if self.word_at(1, "def") {
                    St::Def(self.func_def(vec![])?)
                } else if self.word_at(1, "for") {
                    self.advance();
                    self.for_stmt(true)?
                } else if self.word_at(1, "with") {
                    self.advance();
                    self.with_stmt(true)?
                } else {
                    return Err(error(pos, "SyntaxError: invalid syntax"));
                }
            }
            "elif" | "else" | "except" | "finally" => {
                return Err(error(
                    pos,
                    format!("SyntaxError: invalid syntax: `{word}` without a matching statement"),
                ))
            }
            "match" if matches!(self.at(1).0, Tok::Name(_)) && !matches!(self.at(1).0, Tok::Op(_)) => {
                return Err(unsupported(pos, "`match` statements are"))
            }
            _ => return self.simple_line(out),
        };
        out.push(S { kind, pos });
        Ok(())
    }

    fn newline(&mut self) -> R<()> {
        match self.peek() {
            Tok::Newline => {
                self.advance();
                Ok(())
            }
            Tok::Eof => Ok(()),
            t => Err(error(self.pos(), format!("SyntaxError: invalid syntax: unexpected {}", describe(t)))),
        }
    }

    /// The body after a `:`: an indented block, or simple statements on the same line.
    pub(super) fn suite(&mut self, what: &str, line: u32) -> R<Vec<S>> {
        let mut body = vec![];
        if !matches!(self.peek(), Tok::Newline) {
            self.simple_line(&mut body)?;
            return Ok(body);
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
            self.statement(&mut body)?;
        }
        self.advance();
        Ok(body)
    }

    fn else_suite(&mut self) -> R<Vec<S>> {
        if self.is_word("else") {
            let line = self.pos().line;
            self.advance();
            self.expect_op(":")?;
            return self.suite("'else' statement", line);
        }
        Ok(vec![])
    }

    fn if_stmt(&mut self) -> R<St> {
        let mut branches = vec![];
        let mut orelse = vec![];
        loop {
            let line = self.pos().line;
            self.advance();
            let cond = self.named_expr()?;
            self.expect_op(":")?;
            branches.push((cond, self.suite("'if' statement", line)?));
            if self.is_word("elif") {
                continue;
            }
            if self.is_word("else") {
                orelse = self.else_suite()?;
            }
            break;
        }
        Ok(St::If(branches, orelse))
    }

    fn for_stmt(&mut self, is_async: bool) -> R<St> {
        let line = self.pos().line;
        self.advance();
        let target = self.target_list()?;
        self.expect_word("in")?;
        let iter = self.expr_list()?;
        self.expect_op(":")?;
        let body = self.suite("'for' statement", line)?;
        let orelse = self.else_suite()?;
        Ok(St::For { target, iter, body, orelse, is_async })
    }

    fn try_stmt(&mut self) -> R<St> {
        let line = self.pos().line;
        self.advance();
        self.expect_op(":")?;
        let body = self.suite("'try' statement", line)?;
        let mut handlers = vec![];
        while self.is_word("except") {
            let pos = self.pos();
            self.advance();
            let star = self.eat_op("*");
            if star && self.is_op(":") {
                return Err(error(self.pos(), "SyntaxError: expected one or more exception types"));
            }
            if star && handlers.iter().any(|h: &Handler| !h.star)
                || !star && handlers.iter().any(|h: &Handler| h.star)
            {
                return Err(error(
                    pos,
                    "SyntaxError: cannot have both 'except' and 'except*' on the same 'try'",
                ));
            }
            let mut typ = None;
            let mut name = None;
            if !self.is_op(":") {
                typ = Some(self.expr_list()?);
                if self.eat_word("as") {
                    name = Some(self.expect_name()?.0);
                }
            }
            self.expect_op(":")?;
            let body = self.suite("'except' statement", pos.line)?;
            handlers.push(Handler { star, typ, name, body, pos });
        }
        let orelse = if handlers.is_empty() { vec![] } else { self.else_suite()? };
        let mut finally = vec![];
        if self.is_word("finally") {
            let line = self.pos().line;
            self.advance();
            self.expect_op(":")?;
            finally = self.suite("'finally' statement", line)?;
            if finally.is_empty() {
                finally.push(S { kind: St::Pass, pos: Pos { line, col: 1 } });
            }
        } else if handlers.is_empty() {
            return Err(error(self.pos(), "SyntaxError: expected 'except' or 'finally' block"));
        }
        Ok(St::Try { body, handlers, orelse, finally })
    }

    fn with_stmt(&mut self, is_async: bool) -> R<St> {
        let line = self.pos().line;
        self.advance();
        let paren = self.is_op("(") && self.paren_with();
        if paren {
            self.advance();
        }
        let mut items = vec![];
        loop {
            if paren && self.is_op(")") {
                break;
            }
            let e = self.expr()?;
            let target = if self.eat_word("as") { Some(self.target()?) } else { None };
            items.push((e, target));
            if !self.eat_op(",") {
                break;
            }
        }
        if paren {
            self.expect_op(")")?;
        }
        self.expect_op(":")?;
        let body = self.suite("'with' statement", line)?;
        Ok(St::With { items, body, is_async })
    }

    /// `with (a as b, c):`: a parenthesised list of items (an `as` inside the brackets).
    fn paren_with(&self) -> bool {
        let mut depth = 0;
        for (t, _) in &self.toks[self.i..] {
            match t {
                Tok::Op("(" | "[" | "{") => depth += 1,
                Tok::Op(")" | "]" | "}") => {
                    depth -= 1;
                    if depth == 0 {
                        return false;
                    }
                }
                Tok::Name(n) if n == "as" && depth == 1 => return true,
                Tok::Newline | Tok::Eof => return false,
                _ => {}
            }
        }
        false
    }

    fn func_def(&mut self, decorators: Vec<E>) -> R<Rc<FuncDef>> {
        let pos = self.pos();
        let is_async = self.eat_word("async");
        self.expect_word("def")?;
        let (name, _) = self.expect_name()?;
        self.expect_op("(")?;
        let params = self.params(")")?;
        self.expect_op(")")?;
        if self.eat_op("->") {
            self.expr()?;
        }
        self.expect_op(":")?;
        let body = self.suite("function definition", pos.line)?;
        Ok(Rc::new(FuncDef { name, params, body, is_async, decorators, pos }))
    }

    /// Parameters up to `close` (`)` or `:` for a lambda), with annotations (ignored) and defaults.
    pub(super) fn params(&mut self, close: &str) -> R<Vec<Param>> {
        let mut params: Vec<Param> = vec![];
        let mut kind = ParamKind::Normal;
        let lambda = close == ":";
        while !self.is_op(close) {
            let p = self.pos();
            let this = if self.eat_op("**") {
                ParamKind::VarKw
            } else if self.eat_op("*") {
                if self.is_op(",") {
                    self.advance();
                    kind = ParamKind::KwOnly;
                    continue;
                }
                ParamKind::VarArgs
            } else if self.eat_op("/") {
                if !self.eat_op(",") {
                    break;
                }
                continue;
            } else {
                kind
            };
            let (name, _) = self.expect_name()?;
            if !lambda && self.eat_op(":") {
                self.expr()?;
            }
            let default = if self.eat_op("=") { Some(self.expr()?) } else { None };
            if params.iter().any(|q| q.name == name) {
                return Err(error(
                    p,
                    format!("SyntaxError: duplicate argument '{name}' in function definition"),
                ));
            }
            if this == ParamKind::Normal
                && default.is_none()
                && params.iter().any(|q| q.kind == ParamKind::Normal && q.default.is_some())
            {
                return Err(error(p, "SyntaxError: non-default argument follows default argument"));
            }
            if this == ParamKind::VarArgs {
                kind = ParamKind::KwOnly;
            }
            params.push(Param { name, default, kind: this });
            if this == ParamKind::VarKw && !self.is_op(close) && !(self.eat_op(",") && self.is_op(close)) {
                return Err(error(self.pos(), "SyntaxError: arguments cannot follow var-keyword argument"));
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(params)
    }

    fn class_def(&mut self, decorators: Vec<E>) -> R<St> {
        let pos = self.pos();
        self.advance();
        let (name, _) = self.expect_name()?;
        let bases = if self.eat_op("(") {
            let args = self.call_args()?;
            self.expect_op(")")?;
            args
        } else {
            vec![]
        };
        self.expect_op(":")?;
        let body = self.suite("class definition", pos.line)?;
        Ok(St::Class { name, bases, body, decorators })
    }

    /// Simple statements separated by `;`, then the end of the line.
    fn simple_line(&mut self, out: &mut Vec<S>) -> R<()> {
        loop {
            let pos = self.pos();
            let kind = self.simple()?;
            out.push(S { kind, pos });
            if !self.eat_op(";") || matches!(self.peek(), Tok::Newline | Tok::Eof) {
                break;
            }
        }
        self.newline()
    }

    fn simple(&mut self) -> R<St> {
        let pos = self.pos();
        let word = match self.peek() {
            Tok::Name(w) => w.clone(),
            _ => String::new(),
        };
        let names = |p: &mut Parser| -> R<Vec<String>> {
            p.advance();
            let mut v = vec![p.expect_name()?.0];
            while p.eat_op(",") {
                v.push(p.expect_name()?.0);
            }
            Ok(v)
        };
        Ok(match word.as_str() {
            "pass" => {
                self.advance();
                St::Pass
            }
            "break" => {
                self.advance();
                St::Break
            }
            "continue" => {
                self.advance();
                St::Continue
            }
            "return" => {
                self.advance();
                St::Return(if self.at_stmt_end() { None } else { Some(self.expr_list()?) })
            }
            "raise" => {
                self.advance();
                if self.at_stmt_end() {
                    St::Raise(None, None)
                } else {
                    let e = self.expr()?;
                    let cause = if self.eat_word("from") { Some(self.expr()?) } else { None };
                    St::Raise(Some(e), cause)
                }
            }
            "global" => St::Global(names(self)?),
            "nonlocal" => St::Nonlocal(names(self)?),
            "assert" => {
                self.advance();
                let e = self.expr()?;
                let msg = if self.eat_op(",") { Some(self.expr()?) } else { None };
                St::Assert(e, msg)
            }
            "del" => {
                self.advance();
                let mut v = vec![self.target()?];
                while self.eat_op(",") {
                    v.push(self.target()?);
                }
                St::Del(v)
            }
            "import" => {
                self.advance();
                let mut v = vec![];
                loop {
                    let name = self.dotted()?;
                    let alias = if self.eat_word("as") { Some(self.expect_name()?.0) } else { None };
                    v.push((name, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                St::Import(v)
            }
            "from" => {
                self.advance();
                if self.is_op(".") {
                    return Err(unsupported(self.pos(), "relative imports are"));
                }
                let module = self.dotted()?;
                self.expect_word("import")?;
                if self.is_op("*") {
                    return Err(unsupported(self.pos(), "`from … import *` is"));
                }
                let paren = self.eat_op("(");
                let mut v = vec![];
                loop {
                    if paren && self.is_op(")") {
                        break;
                    }
                    let (name, _) = self.expect_name()?;
                    let alias = if self.eat_word("as") { Some(self.expect_name()?.0) } else { None };
                    v.push((name, alias));
                    if !self.eat_op(",") {
                        break;
                    }
                }
                if paren {
                    self.expect_op(")")?;
                }
                St::ImportFrom(module, v)
            }
            _ => {
                let first = self.expr_list_star()?;
                if self.eat_op(":") {
                    self.expr()?;
                    let value = if self.eat_op("=") { Some(self.assign_value()?) } else { None };
                    check_target(&first)?;
                    return Ok(St::AnnAssign(first, value));
                }
                if let Tok::Op(op) = self.peek() {
                    if let Some(bop) = aug_op(op) {
                        let p = self.pos();
                        self.advance();
                        if !matches!(first.kind, Ex::Name(_) | Ex::Attr(..) | Ex::Sub(..)) {
                            return Err(error(
                                p,
                                "SyntaxError: 'expression' is an illegal expression for augmented assignment",
                            ));
                        }
                        let value = self.assign_value()?;
                        return Ok(St::AugAssign(first, bop, value));
                    }
                }
                if !self.is_op("=") {
                    if matches!(first.kind, Ex::Star(_)) {
                        return Err(error(pos, "SyntaxError: can't use starred expression here"));
                    }
                    return Ok(St::Expr(first));
                }
                let mut targets = vec![first];
                let mut value;
                loop {
                    self.expect_op("=")?;
                    value = self.assign_value()?;
                    if !self.is_op("=") {
                        break;
                    }
                    targets.push(value);
                }
                for t in &targets {
                    check_target(t)?;
                }
                St::Assign(targets, value)
            }
        })
    }

    fn assign_value(&mut self) -> R<E> {
        if self.is_word("yield") {
            return self.expr();
        }
        self.expr_list_star()
    }

    fn dotted(&mut self) -> R<String> {
        let mut name = self.expect_name()?.0;
        while self.eat_op(".") {
            name.push('.');
            name += &self.expect_name()?.0;
        }
        Ok(name)
    }

    /// A `for` target or a `with … as` target: names, attributes, subscripts, tuples of them.
    fn target_list(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.target()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_word("in") || self.is_op("=") {
                break;
            }
            items.push(self.target()?);
        }
        Ok(E { kind: Ex::Tuple(items), pos })
    }

    fn target(&mut self) -> R<E> {
        let pos = self.pos();
        let e = if self.eat_op("*") {
            E { kind: Ex::Star(Box::new(self.target()?)), pos }
        } else {
            self.or_expr()?
        };
        check_target(&e)?;
        Ok(e)
    }
}

fn aug_op(op: &str) -> Option<BinOp> {
    Some(match op {
        "+=" => BinOp::Add,
        "-=" => BinOp::Sub,
        "*=" => BinOp::Mul,
        "/=" => BinOp::Div,
        "//=" => BinOp::FloorDiv,
        "%=" => BinOp::Mod,
        "**=" => BinOp::Pow,
        "<<=" => BinOp::LShift,
        ">>=" => BinOp::RShift,
        "&=" => BinOp::BitAnd,
        "|=" => BinOp::BitOr,
        "^=" => BinOp::BitXor,
        "@=" => BinOp::MatMul,
        _ => return None,
    })
}

pub(super) fn check_target(e: &E) -> R<()> {
    match &e.kind {
        Ex::Name(n) if KEYWORDS.contains(&n.as_str()) => {
            Err(error(e.pos, format!("SyntaxError: cannot assign to {n}")))
        }
        Ex::Name(_) | Ex::Attr(..) | Ex::Sub(..) => Ok(()),
        Ex::Tuple(items) | Ex::List(items) => items.iter().try_for_each(check_target),
        Ex::Star(inner) => check_target(inner),
        Ex::Lit(_) => Err(error(e.pos, "SyntaxError: cannot assign to literal")),
        Ex::Call(..) => Err(error(e.pos, "SyntaxError: cannot assign to function call")),
        _ => Err(error(e.pos, "SyntaxError: cannot assign to expression")),
    }
}
