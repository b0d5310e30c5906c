//! The recursive-descent parser for the JavaScript subset: tokens → a syntax tree. Every
//! function (and the main script, index 0) becomes a [`FuncDef`] in [`Program::funcs`]; a
//! construct outside the subset is an error naming it, with its line and column.

use std::rc::Rc;

use super::lexer::{err, lex, unsupported, Pos, Tok, Token};
use crate::CodeError;

#[derive(Debug)]
pub enum Expr {
    Num(f64),
    Str(Rc<str>),
    Bool(bool),
    Null,
    Undefined,
    Ident(String, Pos),
    Call { callee: Box<Expr>, args: Vec<Expr>, pos: Pos },
    New { callee: Box<Expr>, args: Vec<Expr>, pos: Pos },
    Member { obj: Box<Expr>, prop: String, pos: Pos },
    Func(usize),
    Await(Box<Expr>, Pos),
    Add(Box<Expr>, Box<Expr>),
    Assign(String, Box<Expr>, Pos),
}

#[derive(Debug)]
pub enum Stmt {
    Expr(Expr, Pos),
    Let(String, Option<Expr>, Pos),
    Func(usize),
    Return(Option<Expr>, Pos),
    Throw(Expr, Pos),
    Try { body: Vec<Stmt>, param: Option<String>, handler: Vec<Stmt> },
    Block(Vec<Stmt>),
}

#[derive(Debug)]
pub enum Body {
    Block(Vec<Stmt>),
    Expr(Expr),
}

/// A function, arrow function or the main script (index 0 of `Program::funcs`).
#[derive(Debug)]
pub struct FuncDef {
    pub name: Option<String>,
    pub params: Vec<String>,
    pub body: Body,
    pub is_async: bool,
    pub pos: Pos,
}

impl FuncDef {
    /// How the function appears in the call stack and in queues.
    pub fn label(&self) -> Rc<str> {
        match &self.name {
            Some(n) => n.as_str().into(),
            None => format!("<anonymous>:{}", self.pos.line).into(),
        }
    }
}

pub struct Program {
    pub funcs: Vec<FuncDef>,
}

struct Parser {
    toks: Vec<Token>,
    at: usize,
    funcs: Vec<FuncDef>,
    /// Whether `await` is allowed here (inside an async function).
    in_async: Vec<bool>,
    depth: u32,
}

const MAX_DEPTH: u32 = 64;

const UNSUPPORTED_KEYWORDS: [(&str, &str); 16] = [
    ("for", "a `for` loop"),
    ("while", "a `while` loop"),
    ("do", "a `do` loop"),
    ("if", "an `if` statement"),
    ("switch", "a `switch` statement"),
    ("class", "a class"),
    ("import", "`import`"),
    ("export", "`export`"),
    ("yield", "`yield`"),
    ("this", "`this`"),
    ("delete", "`delete`"),
    ("typeof", "`typeof`"),
    ("break", "`break`"),
    ("continue", "`continue`"),
    ("require", "`require`"),
    ("super", "`super`"),
];

pub fn parse(src: &str) -> Result<Program, CodeError> {
    let toks = lex(src)?;
    let mut p = Parser { toks, at: 0, funcs: Vec::new(), in_async: vec![false], depth: 0 };
    p.funcs.push(FuncDef {
        name: Some("(main script)".into()),
        params: Vec::new(),
        body: Body::Block(Vec::new()),
        is_async: false,
        pos: Pos { line: 1, col: 1 },
    });
    let mut body = Vec::new();
    while p.peek() != &Tok::Eof {
        body.push(p.statement()?);
    }
    p.funcs[0].body = Body::Block(body);
    Ok(Program { funcs: p.funcs })
}

impl Parser {
    fn peek(&self) -> &Tok {
        &self.toks[self.at].tok
    }
    fn pos(&self) -> Pos {
        self.toks[self.at].pos
    }
    fn next(&mut self) -> Token {
        let t = self.toks[self.at].clone();
        if self.at + 1 < self.toks.len() {
            self.at += 1;
        }
        t
    }
    fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }
    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == w)
    }
    fn eat(&mut self, p: &str) -> bool {
        let yes = self.is(p);
        if yes {
            self.next();
        }
        yes
    }
    fn expect(&mut self, p: &str) -> Result<(), CodeError> {
        if self.eat(p) {
            Ok(())
        } else {
            let found = self.describe();
            err(self.pos(), format!("expected `{p}` but found {found}"))
        }
    }
    fn describe(&self) -> String {
        match self.peek() {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Num(_) => "a number".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Other(c) => format!("`{c}`"),
            Tok::Eof => "the end of the program".into(),
        }
    }
    fn ident(&mut self, what: &str) -> Result<String, CodeError> {
        match self.peek().clone() {
            Tok::Ident(s) if !is_reserved(&s) => {
                self.next();
                Ok(s)
            }
            _ => {
                let found = self.describe();
                err(self.pos(), format!("expected {what} but found {found}"))
            }
        }
    }
    /// A statement ends with `;`, a line break, `}` or the end.
    fn end_statement(&mut self) -> Result<(), CodeError> {
        if self.eat(";") || self.is("}") || self.toks[self.at].newline_before {
            return Ok(());
        }
        if let Tok::Other(c) = self.peek() {
            let c = *c;
            return unsupported(self.pos(), &format!("the operator `{c}`"));
        }
        let found = self.describe();
        err(self.pos(), format!("expected the end of the statement but found {found}"))
    }

    fn deeper(&mut self) -> Result<(), CodeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(self.pos(), format!("the program nests more than {MAX_DEPTH} levels deep"));
        }
        Ok(())
    }

    fn block(&mut self) -> Result<Vec<Stmt>, CodeError> {
        self.expect("{")?;
        self.deeper()?;
        let mut out = Vec::new();
        while !self.is("}") {
            if self.peek() == &Tok::Eof {
                return err(self.pos(), "expected `}` before the end of the program");
            }
            out.push(self.statement()?);
        }
        self.next();
        self.depth -= 1;
        Ok(out)
    }

    fn statement(&mut self) -> Result<Stmt, CodeError> {
        let pos = self.pos();
        if let Tok::Ident(w) = self.peek().clone() {
            if let Some((_, what)) = UNSUPPORTED_KEYWORDS.iter().find(|(k, _)| *k == w) {
                return unsupported(pos, what);
            }
            match w.as_str() {
                "const" | "let" | "var" => {
                    self.next();
                    if self.is("{") || self.is("[") {
                        return unsupported(self.pos(), "destructuring");
                    }
                    let name = self.ident("a variable name")?;
                    let init = if self.eat("=") { Some(self.expr()?) } else { None };
                    if let Some(Expr::Func(i)) = &init {
                        // `const f = () => {}` names the function `f`, as JavaScript does.
                        self.funcs[*i].name.get_or_insert_with(|| name.clone());
                    }
                    if self.is(",") {
                        return unsupported(self.pos(), "declaring several variables in one statement");
                    }
                    self.end_statement()?;
                    return Ok(Stmt::Let(name, init, pos));
                }
                "function" => {
                    let f = self.function(false, pos, true)?;
                    return Ok(Stmt::Func(f));
                }
                "async" if matches!(&self.toks[self.at + 1].tok, Tok::Ident(s) if s == "function") => {
                    self.next();
                    let f = self.function(true, pos, true)?;
                    return Ok(Stmt::Func(f));
                }
                "return" => {
                    self.next();
                    if self.funcs_depth_is_main() {
                        return err(pos, "`return` is only allowed inside a function");
                    }
                    let value = if self.is(";") || self.is("}") || self.toks[self.at].newline_before {
                        None
                    } else {
                        Some(self.expr()?)
                    };
                    self.end_statement()?;
                    return Ok(Stmt::Return(value, pos));
                }
                "throw" => {
                    self.next();
                    let value = self.expr()?;
                    self.end_statement()?;
                    return Ok(Stmt::Throw(value, pos));
                }
                "try" => {
                    self.next();
                    let body = self.block()?;
                    if !self.is_word("catch") {
                        if self.is_word("finally") {
                            return unsupported(self.pos(), "`finally` in a `try` statement");
                        }
                        return err(self.pos(), "expected `catch` after the `try` block");
                    }
                    self.next();
                    let param = if self.eat("(") {
                        let p = self.ident("the name of the caught error")?;
                        self.expect(")")?;
                        Some(p)
                    } else {
                        None
                    };
                    let handler = self.block()?;
                    if self.is_word("finally") {
                        return unsupported(self.pos(), "`finally` in a `try` statement");
                    }
                    return Ok(Stmt::Try { body, param, handler });
                }
                _ => {}
            }
        }
        if self.is("{") {
            return Ok(Stmt::Block(self.block()?));
        }
        if self.eat(";") {
            return Ok(Stmt::Block(Vec::new()));
        }
        let e = self.expr()?;
        self.end_statement()?;
        Ok(Stmt::Expr(e, pos))
    }

    fn funcs_depth_is_main(&self) -> bool {
        self.in_async.len() == 1
    }

    /// `function name(params) { … }` (the `function` keyword is next).
    fn function(&mut self, is_async: bool, pos: Pos, declaration: bool) -> Result<usize, CodeError> {
        self.next(); // function
        if self.is("*") || matches!(self.peek(), Tok::Other('*')) {
            return unsupported(self.pos(), "a generator function");
        }
        let name = if declaration || matches!(self.peek(), Tok::Ident(_)) {
            Some(self.ident("a function name")?)
        } else {
            None
        };
        let params = self.params()?;
        self.in_async.push(is_async);
        let body = self.block()?;
        self.in_async.pop();
        self.funcs.push(FuncDef { name, params, body: Body::Block(body), is_async, pos });
        Ok(self.funcs.len() - 1)
    }

    fn params(&mut self) -> Result<Vec<String>, CodeError> {
        self.expect("(")?;
        let mut out = Vec::new();
        while !self.eat(")") {
            if self.is("...") || self.is("{") || self.is("[") {
                return unsupported(self.pos(), "rest, default or destructured parameters");
            }
            out.push(self.ident("a parameter name")?);
            if self.is("=") {
                return unsupported(self.pos(), "a default parameter value");
            }
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        Ok(out)
    }

    /// Whether an arrow function starts here: `x =>`, `() =>`, `(a, b) =>`.
    fn arrow_ahead(&self) -> bool {
        let t = |k: usize| self.toks.get(self.at + k).map(|t| &t.tok);
        match self.peek() {
            Tok::Ident(_) => t(1) == Some(&Tok::Punct("=>")),
            Tok::Punct("(") => {
                let mut k = 1;
                loop {
                    match t(k) {
                        Some(Tok::Punct(")")) => return t(k + 1) == Some(&Tok::Punct("=>")),
                        Some(Tok::Ident(_)) | Some(Tok::Punct(",")) => k += 1,
                        _ => return false,
                    }
                }
            }
            _ => false,
        }
    }

    fn arrow(&mut self, is_async: bool, pos: Pos) -> Result<usize, CodeError> {
        let params = if let Tok::Ident(_) = self.peek() {
            vec![self.ident("a parameter name")?]
        } else {
            self.params()?
        };
        self.expect("=>")?;
        self.in_async.push(is_async);
        self.deeper()?;
        let body = if self.is("{") { Body::Block(self.block()?) } else { Body::Expr(self.assign()?) };
        self.depth -= 1;
        self.in_async.pop();
        self.funcs.push(FuncDef { name: None, params, body, is_async, pos });
        Ok(self.funcs.len() - 1)
    }

    fn expr(&mut self) -> Result<Expr, CodeError> {
        let e = self.assign()?;
        if self.is(",") {
            return unsupported(self.pos(), "the comma operator");
        }
        Ok(e)
    }

    fn assign(&mut self) -> Result<Expr, CodeError> {
        let pos = self.pos();
        let lhs = self.additive()?;
        if self.eat("=") {
            let Expr::Ident(name, _) = lhs else {
                return unsupported(pos, "assigning to anything but a variable");
            };
            let value = self.assign()?;
            return Ok(Expr::Assign(name, Box::new(value), pos));
        }
        if self.is("+=") || self.is("-=") {
            return unsupported(self.pos(), "compound assignment");
        }
        Ok(lhs)
    }

    fn additive(&mut self) -> Result<Expr, CodeError> {
        let mut lhs = self.unary()?;
        loop {
            if self.eat("+") {
                let rhs = self.unary()?;
                lhs = Expr::Add(Box::new(lhs), Box::new(rhs));
            } else if let Tok::Other(c) = self.peek() {
                if c != &'/' || !self.toks[self.at].newline_before {
                    let c = *c;
                    return unsupported(self.pos(), &format!("the operator `{c}`"));
                }
                return Ok(lhs);
            } else if let Tok::Punct(p) = self.peek() {
                if ["===", "!==", "==", "!=", "&&", "||", "??", "?.", "++", "--"].contains(p) {
                    let p = *p;
                    return unsupported(self.pos(), &format!("the operator `{p}`"));
                }
                return Ok(lhs);
            } else {
                return Ok(lhs);
            }
        }
    }

    fn unary(&mut self) -> Result<Expr, CodeError> {
        let pos = self.pos();
        if self.is_word("await") {
            if !self.in_async.last().copied().unwrap_or(false) {
                return err(
                    pos,
                    "`await` is only valid inside an async function (a CommonJS script has no top-level await)",
                );
            }
            self.next();
            self.deeper()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Await(Box::new(e), pos));
        }
        if let Tok::Other(c @ ('!' | '-' | '~')) = self.peek() {
            let c = *c;
            if c == '-' {
                if let Tok::Num(n) = self.toks[self.at + 1].tok {
                    self.next();
                    self.next();
                    return Ok(Expr::Num(-n));
                }
            }
            return unsupported(pos, &format!("the operator `{c}`"));
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, CodeError> {
        let mut e = self.primary()?;
        loop {
            let pos = self.pos();
            if self.eat(".") {
                let prop = match self.next().tok {
                    Tok::Ident(s) => s,
                    _ => return err(pos, "expected a property name after `.`"),
                };
                e = Expr::Member { obj: Box::new(e), prop, pos };
            } else if self.is("(") {
                let args = self.args()?;
                e = Expr::Call { callee: Box::new(e), args, pos };
            } else if self.is("[") {
                return unsupported(pos, "indexing with `[…]`");
            } else if self.is("?.") {
                return unsupported(pos, "optional chaining `?.`");
            } else {
                return Ok(e);
            }
        }
    }

    fn args(&mut self) -> Result<Vec<Expr>, CodeError> {
        self.expect("(")?;
        self.deeper()?;
        let mut out = Vec::new();
        while !self.eat(")") {
            if self.is("...") {
                return unsupported(self.pos(), "spread arguments");
            }
            out.push(self.assign()?);
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    fn primary(&mut self) -> Result<Expr, CodeError> {
        let pos = self.pos();
        if self.arrow_ahead() {
            return Ok(Expr::Func(self.arrow(false, pos)?));
        }
        let tok = self.peek().clone();
        match tok {
            Tok::Num(n) => {
                self.next();
                Ok(Expr::Num(n))
            }
            Tok::Str(s) => {
                self.next();
                Ok(Expr::Str(s.into()))
            }
            Tok::Punct("(") => {
                self.next();
                self.deeper()?;
                let e = self.expr()?;
                self.depth -= 1;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => unsupported(pos, "an array literal"),
            Tok::Punct("{") => unsupported(pos, "an object literal"),
            Tok::Ident(w) => match w.as_str() {
                "true" | "false" => {
                    self.next();
                    Ok(Expr::Bool(w == "true"))
                }
                "null" => {
                    self.next();
                    Ok(Expr::Null)
                }
                "undefined" => {
                    self.next();
                    Ok(Expr::Undefined)
                }
                "function" => Ok(Expr::Func(self.function(false, pos, false)?)),
                "async" => {
                    self.next();
                    if self.is_word("function") {
                        Ok(Expr::Func(self.function(true, pos, false)?))
                    } else if self.arrow_ahead() {
                        Ok(Expr::Func(self.arrow(true, pos)?))
                    } else {
                        err(self.pos(), "expected `function` or an arrow function after `async`")
                    }
                }
                "new" => {
                    self.next();
                    let cpos = self.pos();
                    let name = self.ident("a constructor name")?;
                    let args = if self.is("(") { self.args()? } else { Vec::new() };
                    Ok(Expr::New { callee: Box::new(Expr::Ident(name, cpos)), args, pos })
                }
                w if UNSUPPORTED_KEYWORDS.iter().any(|(k, _)| *k == w) => {
                    let what =
                        UNSUPPORTED_KEYWORDS.iter().find(|(k, _)| *k == w).map(|(_, d)| *d).unwrap_or(w);
                    unsupported(pos, what)
                }
                _ => {
                    let name = self.ident("a name")?;
                    Ok(Expr::Ident(name, pos))
                }
            },
            Tok::Other(c) => unsupported(pos, &format!("`{c}`")),
            Tok::Punct(p) => err(pos, format!("unexpected `{p}`")),
            Tok::Eof => err(pos, "the program ends in the middle of an expression"),
        }
    }
}

fn is_reserved(s: &str) -> bool {
    matches!(
        s,
        "const"
            | "let"
            | "var"
            | "function"
            | "return"
            | "throw"
            | "try"
            | "catch"
            | "finally"
            | "new"
            | "await"
            | "async"
            | "true"
            | "false"
            | "null"
    ) || UNSUPPORTED_KEYWORDS.iter().any(|(k, _)| *k == s)
}
