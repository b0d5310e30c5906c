//! The recursive-descent parser for the JavaScript subset: tokens → a syntax tree ([`super::ast`]).
//! Statements, functions and classes are here; expressions and patterns in [`super::parse_expr`].
//! Every function (and the main script, index 0) becomes a [`FuncDef`] in [`Program::funcs`]; a
//! construct outside the subset is an error naming it, with its line and column.

use std::rc::Rc;

use super::ast::*;
use super::lexer::{err, lex, unsupported, Pos, Tok, Token};
use crate::CodeError;

pub(super) struct Parser {
    pub(super) toks: Vec<Token>,
    pub(super) at: usize,
    pub(super) funcs: Vec<FuncDef>,
    pub(super) classes: Vec<ClassDef>,
    /// The functions being parsed, innermost last: (index in `funcs` once made, is async, is arrow).
    pub(super) ctx: Vec<FnCtx>,
    pub(super) depth: u32,
    /// The next function parsed is a generator (`function*`, `*method()`).
    pub(super) next_is_generator: bool,
    /// An ES module (not a CommonJS script).
    pub(super) module: bool,
}

pub(super) struct FnCtx {
    pub(super) is_async: bool,
    pub(super) is_generator: bool,
    pub(super) is_arrow: bool,
    pub(super) uses_arguments: bool,
    /// Inside a class method or constructor (so `super` is allowed).
    pub(super) in_class: bool,
    pub(super) loops: u32,
    pub(super) breakable: u32,
}

const MAX_DEPTH: u32 = 64;

const UNSUPPORTED_KEYWORDS: [(&str, &str); 4] =
    [("delete", "`delete`"), ("with", "`with`"), ("debugger", "`debugger`"), ("enum", "`enum`")];

/// Parses a CommonJS script, or (`module`) an ES module: strict, with top-level `await`,
/// `import` and `export`.
pub fn parse(src: &str, module: bool) -> Result<Program, CodeError> {
    let toks = lex(src)?;
    parse_tokens(toks, module)
}

fn parse_tokens(toks: Vec<Token>, module: bool) -> Result<Program, CodeError> {
    let mut p = Parser {
        toks,
        at: 0,
        funcs: Vec::new(),
        classes: Vec::new(),
        ctx: Vec::new(),
        depth: 0,
        next_is_generator: false,
        module,
    };
    p.ctx.push(FnCtx {
        is_async: module,
        is_generator: false,
        is_arrow: false,
        uses_arguments: false,
        in_class: false,
        loops: 0,
        breakable: 0,
    });
    p.funcs.push(FuncDef {
        name: Some("(main script)".into()),
        params: Vec::new(),
        body: Body::Block(Vec::new()),
        is_async: module,
        is_generator: false,
        kind: FuncKind::Normal,
        uses_arguments: false,
        named_expr: false,
        pos: Pos { line: 1, col: 1 },
    });
    let strict = module || matches!(p.peek(), Tok::Str(s) if s == "use strict");
    // A module's imports are bound before its first statement runs.
    let (mut imports, mut body) = (Vec::new(), Vec::new());
    while p.peek() != &Tok::Eof {
        let pos = p.pos();
        if module && p.is_word("import") && !matches!(p.peek_at(1), Tok::Punct("(" | ".")) {
            imports.extend(p.import_declaration(pos)?);
        } else if module && p.is_word("export") {
            body.push(p.export_declaration(pos)?);
        } else {
            body.push(p.statement()?);
        }
    }
    imports.extend(body);
    p.funcs[0].body = Body::Block(imports);
    Ok(Program { strict, module, funcs: p.funcs, classes: p.classes })
}

impl Parser {
    pub(super) fn peek(&self) -> &Tok {
        &self.toks[self.at].tok
    }
    pub(super) fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.at + k).min(self.toks.len() - 1)].tok
    }
    pub(super) fn pos(&self) -> Pos {
        self.toks[self.at].pos
    }
    pub(super) fn newline_before(&self) -> bool {
        self.toks[self.at].newline_before
    }
    pub(super) fn next(&mut self) -> Token {
        let t = self.toks[self.at].clone();
        if self.at + 1 < self.toks.len() {
            self.at += 1;
        }
        t
    }
    pub(super) fn is(&self, p: &str) -> bool {
        matches!(self.peek(), Tok::Punct(q) if *q == p)
    }
    pub(super) fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Tok::Ident(s) if s == w)
    }
    pub(super) fn eat(&mut self, p: &str) -> bool {
        let yes = self.is(p);
        if yes {
            self.next();
        }
        yes
    }
    pub(super) fn expect(&mut self, p: &str) -> Result<(), CodeError> {
        if self.eat(p) {
            Ok(())
        } else {
            let found = self.describe();
            err(self.pos(), format!("expected `{p}` but found {found}"))
        }
    }
    pub(super) fn describe(&self) -> String {
        match self.peek() {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Str(_) => "a string".into(),
            Tok::Num(_) => "a number".into(),
            Tok::Template(..) => "a template literal".into(),
            Tok::Punct(p) => format!("`{p}`"),
            Tok::Other(c) => format!("`{c}`"),
            Tok::Eof => "the end of the program".into(),
        }
    }
    pub(super) fn ident(&mut self, what: &str) -> Result<Rc<str>, CodeError> {
        match self.peek().clone() {
            Tok::Ident(s) if !is_reserved(&s) => {
                self.next();
                Ok(s.into())
            }
            _ => {
                let found = self.describe();
                err(self.pos(), format!("expected {what} but found {found}"))
            }
        }
    }
    /// A statement ends with `;`, a line break, `}` or the end.
    fn end_statement(&mut self) -> Result<(), CodeError> {
        if self.eat(";") || self.is("}") || self.newline_before() {
            return Ok(());
        }
        let found = self.describe();
        err(self.pos(), format!("expected the end of the statement but found {found}"))
    }

    pub(super) fn deeper(&mut self) -> Result<(), CodeError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return err(self.pos(), format!("the program nests more than {MAX_DEPTH} levels deep"));
        }
        Ok(())
    }

    pub(super) fn fctx(&mut self) -> &mut FnCtx {
        self.ctx.last_mut().expect("a function")
    }

    pub(super) fn block(&mut self) -> Result<Vec<Stmt>, CodeError> {
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

    fn sub_statement(&mut self) -> Result<Stmt, CodeError> {
        self.deeper()?;
        let pos = self.pos();
        if self.is_word("let") || self.is_word("const") || self.is_word("class") {
            return err(pos, "a declaration here needs a block `{ … }` around it");
        }
        let s = self.statement()?;
        self.depth -= 1;
        Ok(s)
    }

    fn in_loop<T>(&mut self, breakable_only: bool, f: impl FnOnce(&mut Self) -> T) -> T {
        if !breakable_only {
            self.fctx().loops += 1;
        }
        self.fctx().breakable += 1;
        let r = f(self);
        if !breakable_only {
            self.fctx().loops -= 1;
        }
        self.fctx().breakable -= 1;
        r
    }

    pub(super) fn statement(&mut self) -> Result<Stmt, CodeError> {
        let pos = self.pos();
        if let Tok::Ident(w) = self.peek().clone() {
            if matches!(self.peek_at(1), Tok::Punct(":")) && !is_reserved(&w) {
                return unsupported(pos, "a labelled statement");
            }
            if w == "import" || w == "export" {
                return if self.module {
                    err(pos, format!("`{w}` is only allowed at the top level of a module"))
                } else if w == "import" && matches!(self.peek_at(1), Tok::Punct("(" | ".")) {
                    unsupported(pos, "a dynamic `import()` or `import.meta`")
                } else {
                    err(pos, format!("`{w}` needs an ES module: Node runs a .js file as CommonJS, where this is a SyntaxError (save the program as .mjs)"))
                };
            }
            if let Some((_, what)) = UNSUPPORTED_KEYWORDS.iter().find(|(k, _)| *k == w) {
                return unsupported(pos, what);
            }
            match w.as_str() {
                "const" | "var" => return self.declaration(pos),
                "let" if matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("[") | Tok::Punct("{")) => {
                    return self.declaration(pos)
                }
                "function" => {
                    let f = self.function(false, pos, true)?;
                    return Ok(Stmt::Func(f));
                }
                "async" if matches!(self.peek_at(1), Tok::Ident(s) if s == "function") => {
                    self.next();
                    let f = self.function(true, pos, true)?;
                    return Ok(Stmt::Func(f));
                }
                "class" => {
                    let c = self.class(true)?;
                    let name = self.classes[c].name.clone().expect("a declared class has a name");
                    return Ok(Stmt::Decl(
                        DeclKind::Let,
                        vec![(Pattern::Name(name, pos), Some(Expr::Class(c)))],
                        pos,
                    ));
                }
                "return" => {
                    self.next();
                    if self.ctx.len() == 1 {
                        return err(pos, "`return` is only allowed inside a function");
                    }
                    let value = if self.is(";")
                        || self.is("}")
                        || self.newline_before()
                        || self.peek() == &Tok::Eof
                    {
                        None
                    } else {
                        Some(self.expr()?)
                    };
                    self.end_statement()?;
                    return Ok(Stmt::Return(value, pos));
                }
                "throw" => {
                    self.next();
                    if self.newline_before() {
                        return err(pos, "a line break is not allowed after `throw`");
                    }
                    let value = self.expr()?;
                    self.end_statement()?;
                    return Ok(Stmt::Throw(value, pos));
                }
                "try" => return self.try_statement(),
                "if" => {
                    self.next();
                    self.expect("(")?;
                    let test = self.expr()?;
                    self.expect(")")?;
                    let then = self.sub_statement()?;
                    let other = if self.is_word("else") {
                        self.next();
                        Some(Box::new(self.sub_statement()?))
                    } else {
                        None
                    };
                    return Ok(Stmt::If(test, Box::new(then), other, pos));
                }
                "while" => {
                    self.next();
                    self.expect("(")?;
                    let test = self.expr()?;
                    self.expect(")")?;
                    let body = self.in_loop(false, |p| p.sub_statement())?;
                    return Ok(Stmt::While(test, Box::new(body), pos));
                }
                "do" => {
                    self.next();
                    let body = self.in_loop(false, |p| p.sub_statement())?;
                    if !self.is_word("while") {
                        return err(self.pos(), "expected `while` after the body of `do`");
                    }
                    self.next();
                    self.expect("(")?;
                    let test = self.expr()?;
                    self.expect(")")?;
                    self.eat(";");
                    return Ok(Stmt::DoWhile(Box::new(body), test, pos));
                }
                "for" => return self.for_statement(pos),
                "switch" => return self.switch_statement(pos),
                "break" | "continue" => {
                    self.next();
                    let brk = w == "break";
                    let ok = if brk { self.fctx().breakable > 0 } else { self.fctx().loops > 0 };
                    if !ok {
                        return err(
                            pos,
                            format!(
                                "`{w}` is only allowed inside a loop{}",
                                if brk { " or switch" } else { "" }
                            ),
                        );
                    }
                    if let Tok::Ident(_) = self.peek() {
                        if !self.newline_before() {
                            return unsupported(self.pos(), &format!("`{w}` with a label"));
                        }
                    }
                    self.end_statement()?;
                    return Ok(if brk { Stmt::Break(pos) } else { Stmt::Continue(pos) });
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

    fn decl_kind(&mut self) -> DeclKind {
        let k = match self.peek() {
            Tok::Ident(s) if s == "var" => DeclKind::Var,
            Tok::Ident(s) if s == "let" => DeclKind::Let,
            _ => DeclKind::Const,
        };
        self.next();
        k
    }

    /// `const a = 1, { b } = c;` (the keyword is next).
    fn declaration(&mut self, pos: Pos) -> Result<Stmt, CodeError> {
        let kind = self.decl_kind();
        let mut decls = Vec::new();
        loop {
            let target = self.binding_pattern()?;
            let init = if self.eat("=") { Some(self.assign()?) } else { None };
            if init.is_none() && (kind == DeclKind::Const || !matches!(target, Pattern::Name(..))) {
                return err(self.pos(), "this declaration needs an initial value (`= …`)");
            }
            if let (Pattern::Name(name, _), Some(init)) = (&target, &init) {
                self.name_function(init, name);
            }
            decls.push((target, init));
            if !self.eat(",") {
                break;
            }
        }
        self.end_statement()?;
        Ok(Stmt::Decl(kind, decls, pos))
    }

    /// `const f = () => {}` names the function (or class) `f`, as JavaScript does.
    pub(super) fn name_function(&mut self, e: &Expr, name: &Rc<str>) {
        match e {
            Expr::Func(i) => {
                self.funcs[*i].name.get_or_insert_with(|| name.clone());
            }
            Expr::Class(c) if self.classes[*c].name.is_none() => {
                self.classes[*c].name = Some(name.clone());
                let ctor = self.classes[*c].ctor;
                self.funcs[ctor].name = Some(name.clone());
            }
            _ => {}
        }
    }

    fn try_statement(&mut self) -> Result<Stmt, CodeError> {
        self.next();
        let body = self.block()?;
        let (mut param, mut handler, mut finalizer) = (None, None, None);
        if self.is_word("catch") {
            self.next();
            if self.eat("(") {
                param = Some(self.binding_pattern()?);
                self.expect(")")?;
            }
            handler = Some(self.block()?);
        }
        if self.is_word("finally") {
            self.next();
            finalizer = Some(self.block()?);
        }
        if handler.is_none() && finalizer.is_none() {
            return err(self.pos(), "expected `catch` or `finally` after the `try` block");
        }
        Ok(Stmt::Try { body, param, handler, finalizer })
    }

    fn for_statement(&mut self, pos: Pos) -> Result<Stmt, CodeError> {
        self.next();
        let awaits = self.is_word("await");
        if awaits {
            if !self.fctx().is_async {
                let top =
                    if self.ctx.len() == 1 { " (a CommonJS script has no top-level await)" } else { "" };
                return err(self.pos(), format!("`for await` is only valid inside an async function{top}"));
            }
            self.next();
        }
        let r = self.for_rest(pos, awaits)?;
        if awaits && !matches!(r, Stmt::ForIn { of: true, .. }) {
            return err(pos, "`for await` needs `of`: `for await (const x of …)`");
        }
        Ok(r)
    }

    fn for_rest(&mut self, pos: Pos, awaits: bool) -> Result<Stmt, CodeError> {
        self.expect("(")?;
        let init = if self.eat(";") {
            None
        } else {
            let ipos = self.pos();
            let decl = self.is_word("var")
                || self.is_word("const")
                || (self.is_word("let")
                    && matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("[") | Tok::Punct("{")));
            if decl {
                let save = self.at;
                let kind = self.decl_kind();
                let target = self.binding_pattern()?;
                if self.is_word("of") || self.is_word("in") {
                    return self.for_in_rest(Some(kind), target, pos, awaits);
                }
                self.at = save;
                let d = self.declaration_no_end(ipos)?;
                self.expect(";")?;
                Some(Box::new(d))
            } else {
                let e = self.lhs_or_expr()?;
                if self.is_word("of") || self.is_word("in") {
                    let target = self.pattern_of(e)?;
                    return self.for_in_rest(None, target, pos, awaits);
                }
                self.expect(";")?;
                Some(Box::new(Stmt::Expr(e, ipos)))
            }
        };
        let test = if self.is(";") { None } else { Some(self.expr()?) };
        self.expect(";")?;
        let update = if self.is(")") { None } else { Some(self.expr()?) };
        self.expect(")")?;
        let body = self.in_loop(false, |p| p.sub_statement())?;
        Ok(Stmt::For { init, test, update, body: Box::new(body), pos })
    }

    fn declaration_no_end(&mut self, pos: Pos) -> Result<Stmt, CodeError> {
        let kind = self.decl_kind();
        let mut decls = Vec::new();
        loop {
            let target = self.binding_pattern()?;
            let init = if self.eat("=") { Some(self.assign_no_in()?) } else { None };
            if init.is_none() && kind == DeclKind::Const {
                return err(self.pos(), "this declaration needs an initial value (`= …`)");
            }
            decls.push((target, init));
            if !self.eat(",") {
                break;
            }
        }
        Ok(Stmt::Decl(kind, decls, pos))
    }

    fn for_in_rest(
        &mut self,
        kind: Option<DeclKind>,
        target: Pattern,
        pos: Pos,
        awaits: bool,
    ) -> Result<Stmt, CodeError> {
        let of = self.is_word("of");
        self.next();
        let iter = if of { self.assign()? } else { self.expr()? };
        self.expect(")")?;
        let body = self.in_loop(false, |p| p.sub_statement())?;
        Ok(Stmt::ForIn { kind, target, of, awaits, iter, body: Box::new(body), pos })
    }

    fn switch_statement(&mut self, pos: Pos) -> Result<Stmt, CodeError> {
        self.next();
        self.expect("(")?;
        let disc = self.expr()?;
        self.expect(")")?;
        self.expect("{")?;
        self.deeper()?;
        let mut cases = Vec::new();
        let mut seen_default = false;
        self.fctx().breakable += 1;
        while !self.eat("}") {
            let test = if self.is_word("case") {
                self.next();
                Some(self.expr()?)
            } else if self.is_word("default") {
                if seen_default {
                    return err(self.pos(), "a `switch` has more than one `default`");
                }
                seen_default = true;
                self.next();
                None
            } else {
                let found = self.describe();
                return err(self.pos(), format!("expected `case` or `default` but found {found}"));
            };
            self.expect(":")?;
            let mut body = Vec::new();
            while !self.is_word("case") && !self.is_word("default") && !self.is("}") {
                if self.peek() == &Tok::Eof {
                    return err(self.pos(), "expected `}` before the end of the program");
                }
                body.push(self.statement()?);
            }
            cases.push((test, body));
        }
        self.fctx().breakable -= 1;
        self.depth -= 1;
        Ok(Stmt::Switch(disc, cases, pos))
    }

    /// Parses a function body (params then `{…}` or, for arrows, an expression) in a new context.
    pub(super) fn function_body(
        &mut self,
        is_async: bool,
        kind: FuncKind,
        name: Option<Rc<str>>,
        pos: Pos,
        arrow_params: Option<Vec<Param>>,
    ) -> Result<usize, CodeError> {
        let in_class =
            matches!(kind, FuncKind::Method | FuncKind::Getter | FuncKind::Setter | FuncKind::Ctor(_))
                || (kind == FuncKind::Arrow && self.ctx.last().is_some_and(|c| c.in_class));
        let is_generator = std::mem::take(&mut self.next_is_generator);
        self.ctx.push(FnCtx {
            is_async,
            is_generator,
            is_arrow: kind == FuncKind::Arrow,
            uses_arguments: false,
            in_class,
            loops: 0,
            breakable: 0,
        });
        self.deeper()?;
        let r = (|| {
            let params = match arrow_params {
                Some(p) => p,
                None => self.params()?,
            };
            let body = if kind == FuncKind::Arrow {
                self.expect("=>")?;
                if self.is("{") {
                    Body::Block(self.block()?)
                } else {
                    Body::Expr(self.assign()?)
                }
            } else {
                Body::Block(self.block()?)
            };
            Ok((params, body))
        })();
        self.depth -= 1;
        let ctx = self.ctx.pop().expect("pushed");
        let (params, body) = r?;
        self.funcs.push(FuncDef {
            name,
            params,
            body,
            is_async,
            is_generator,
            kind,
            uses_arguments: ctx.uses_arguments,
            named_expr: false,
            pos,
        });
        Ok(self.funcs.len() - 1)
    }

    /// `function name(params) { … }` (the `function` keyword is next).
    pub(super) fn function(
        &mut self,
        is_async: bool,
        pos: Pos,
        declaration: bool,
    ) -> Result<usize, CodeError> {
        self.next(); // function
        if self.is("*") {
            self.next();
            self.next_is_generator = true;
        }
        let name = if declaration || matches!(self.peek(), Tok::Ident(_)) {
            Some(self.ident("a function name")?)
        } else {
            None
        };
        let named_expr = !declaration && name.is_some();
        let f = self.function_body(is_async, FuncKind::Normal, name, pos, None)?;
        self.funcs[f].named_expr = named_expr;
        Ok(f)
    }

    pub(super) fn params(&mut self) -> Result<Vec<Param>, CodeError> {
        self.expect("(")?;
        let mut out = Vec::new();
        while !self.eat(")") {
            let rest = self.eat("...");
            let pattern = self.binding_pattern()?;
            let default = if !rest && self.eat("=") { Some(self.assign()?) } else { None };
            out.push(Param { pattern, default, rest });
            if rest && !self.is(")") {
                return err(self.pos(), "a rest parameter must be the last one");
            }
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        Ok(out)
    }

    /// `class Name extends Parent { … }` (the `class` keyword is next).
    pub(super) fn class(&mut self, declaration: bool) -> Result<usize, CodeError> {
        let pos = self.pos();
        self.next();
        let name = if declaration || (matches!(self.peek(), Tok::Ident(s) if s != "extends")) {
            Some(self.ident("a class name")?)
        } else {
            None
        };
        let parent = if self.is_word("extends") {
            self.next();
            Some(self.postfix_no_call()?)
        } else {
            None
        };
        let class = self.classes.len();
        self.classes.push(ClassDef { name: name.clone(), parent, ctor: 0, members: Vec::new(), pos });
        self.expect("{")?;
        self.deeper()?;
        let mut ctor = None;
        while !self.eat("}") {
            if self.eat(";") {
                continue;
            }
            let mpos = self.pos();
            let mut is_static = false;
            if self.is_word("static") && !matches!(self.peek_at(1), Tok::Punct("(") | Tok::Punct("=")) {
                self.next();
                is_static = true;
                if self.is("{") {
                    return unsupported(self.pos(), "a static initialization block");
                }
            }
            let mut is_async = false;
            if self.is_word("async")
                && !matches!(self.peek_at(1), Tok::Punct("(") | Tok::Punct("="))
                && !self.toks[self.at + 1].newline_before
            {
                self.next();
                is_async = true;
            }
            if self.is("*") {
                self.next();
                self.next_is_generator = true;
            }
            let mut accessor = None;
            if (self.is_word("get") || self.is_word("set"))
                && !matches!(
                    self.peek_at(1),
                    Tok::Punct("(") | Tok::Punct("=") | Tok::Punct(";") | Tok::Punct("}")
                )
            {
                accessor = Some(self.is_word("get"));
                self.next();
            }
            if matches!(self.peek(), Tok::Other('#')) {
                return unsupported(self.pos(), "a private class member (`#name`)");
            }
            let key = self.prop_key()?;
            let is_ctor = !is_static && matches!(&key, PropKey::Static(k) if &**k == "constructor");
            if self.is("(") {
                let kind = match accessor {
                    _ if is_ctor => FuncKind::Ctor(class),
                    Some(true) => FuncKind::Getter,
                    Some(false) => FuncKind::Setter,
                    None => FuncKind::Method,
                };
                if is_ctor && (is_async || accessor.is_some()) {
                    return err(mpos, "a class constructor cannot be async or an accessor");
                }
                let fname = if is_ctor { name.clone() } else { key_name(&key) };
                let f = self.function_body(is_async, kind, fname, mpos, None)?;
                if is_ctor {
                    if ctor.is_some() {
                        return err(mpos, "a class has more than one constructor");
                    }
                    ctor = Some(f);
                    continue;
                }
                let kind = match accessor {
                    Some(true) => MemberKind::Getter(f),
                    Some(false) => MemberKind::Setter(f),
                    None => MemberKind::Method(f),
                };
                self.classes[class].members.push(Member { key, is_static, kind });
            } else {
                if is_async || accessor.is_some() {
                    return err(self.pos(), "expected `(` after the method name");
                }
                // A field: `name = value;` (its initializer runs with `this` as the instance).
                let value = if self.eat("=") {
                    self.ctx.push(FnCtx {
                        is_async: false,
                        is_generator: false,
                        is_arrow: false,
                        uses_arguments: false,
                        in_class: true,
                        loops: 0,
                        breakable: 0,
                    });
                    let v = self.assign();
                    self.ctx.pop();
                    Some(v?)
                } else {
                    None
                };
                if !self.eat(";") && !self.is("}") && !self.newline_before() {
                    let found = self.describe();
                    return err(self.pos(), format!("expected the end of the field but found {found}"));
                }
                self.classes[class].members.push(Member { key, is_static, kind: MemberKind::Field(value) });
            }
        }
        self.depth -= 1;
        let ctor = match ctor {
            Some(c) => c,
            None => {
                // The default constructor: `constructor(...args) { super(...args); }` when derived.
                let derived = self.classes[class].parent.is_some();
                let (params, body) = if derived {
                    let args: Rc<str> = "args".into();
                    (
                        vec![Param { pattern: Pattern::Name(args.clone(), pos), default: None, rest: true }],
                        vec![Stmt::Expr(
                            Expr::SuperCall(vec![Expr::Spread(Box::new(Expr::Ident(args, pos)), pos)], pos),
                            pos,
                        )],
                    )
                } else {
                    (Vec::new(), Vec::new())
                };
                self.funcs.push(FuncDef {
                    name: name.clone(),
                    params,
                    body: Body::Block(body),
                    is_async: false,
                    is_generator: false,
                    kind: FuncKind::Ctor(class),
                    uses_arguments: false,
                    named_expr: false,
                    pos,
                });
                self.funcs.len() - 1
            }
        };
        self.classes[class].ctor = ctor;
        Ok(class)
    }
}

pub(super) fn key_name(key: &PropKey) -> Option<Rc<str>> {
    match key {
        PropKey::Static(s) => Some(s.clone()),
        PropKey::Computed(_) => None,
    }
}

pub(super) fn is_reserved(s: &str) -> bool {
    matches!(
        s,
        "const"
            | "var"
            | "function"
            | "return"
            | "throw"
            | "try"
            | "catch"
            | "finally"
            | "new"
            | "true"
            | "false"
            | "null"
            | "if"
            | "else"
            | "for"
            | "while"
            | "do"
            | "switch"
            | "case"
            | "default"
            | "break"
            | "continue"
            | "class"
            | "extends"
            | "super"
            | "this"
            | "typeof"
            | "instanceof"
            | "in"
            | "void"
            | "import"
            | "export"
    ) || UNSUPPORTED_KEYWORDS.iter().any(|(k, _)| *k == s)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_script(src: &str) -> Result<Program, CodeError> {
        parse(src, false)
    }

    #[test]
    fn loops_and_classes_parse() {
        let p = parse_script("for (let i = 0; i < 3; i++) { if (i) continue; }\nclass A extends B { constructor() { super(); } get x() { return 1; } static y = 2; }").unwrap();
        assert_eq!(p.classes.len(), 1);
        let e = parse_script("outer: for (;;) {}").unwrap_err();
        assert!(e.message.contains("labelled"), "{}", e.message);
        let e = parse_script("break;").unwrap_err();
        assert!(e.message.contains("only allowed inside a loop"), "{}", e.message);
    }
}
