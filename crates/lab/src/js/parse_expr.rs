//! Expressions and destructuring patterns for the parser: precedence climbing from the comma
//! operator down to literals, arrow functions, object and array literals and template literals.

use std::rc::Rc;

use super::ast::*;
use super::lexer::{err, unsupported, Pos, Tok};
use super::parser::{is_reserved, Parser};
use super::print::number;
use crate::CodeError;

fn bin_op(p: &str, no_in: bool) -> Option<(u8, BinOp)> {
    Some(match p {
        "|" => (3, BinOp::BitOr),
        "^" => (4, BinOp::BitXor),
        "&" => (5, BinOp::BitAnd),
        "==" => (6, BinOp::Eq),
        "!=" => (6, BinOp::Ne),
        "===" => (6, BinOp::StrictEq),
        "!==" => (6, BinOp::StrictNe),
        "<" => (7, BinOp::Lt),
        ">" => (7, BinOp::Gt),
        "<=" => (7, BinOp::Le),
        ">=" => (7, BinOp::Ge),
        "instanceof" => (7, BinOp::InstanceOf),
        "in" if !no_in => (7, BinOp::In),
        "<<" => (8, BinOp::Shl),
        ">>" => (8, BinOp::Shr),
        ">>>" => (8, BinOp::UShr),
        "+" => (9, BinOp::Add),
        "-" => (9, BinOp::Sub),
        "*" => (10, BinOp::Mul),
        "/" => (10, BinOp::Div),
        "%" => (10, BinOp::Rem),
        _ => return None,
    })
}

fn assign_op(p: &str) -> Option<Option<AssignOp>> {
    Some(Some(match p {
        "=" => return Some(None),
        "+=" => AssignOp::Bin(BinOp::Add),
        "-=" => AssignOp::Bin(BinOp::Sub),
        "*=" => AssignOp::Bin(BinOp::Mul),
        "/=" => AssignOp::Bin(BinOp::Div),
        "%=" => AssignOp::Bin(BinOp::Rem),
        "**=" => AssignOp::Bin(BinOp::Pow),
        "<<=" => AssignOp::Bin(BinOp::Shl),
        ">>=" => AssignOp::Bin(BinOp::Shr),
        ">>>=" => AssignOp::Bin(BinOp::UShr),
        "&=" => AssignOp::Bin(BinOp::BitAnd),
        "|=" => AssignOp::Bin(BinOp::BitOr),
        "^=" => AssignOp::Bin(BinOp::BitXor),
        "&&=" => AssignOp::Log(LogOp::And),
        "||=" => AssignOp::Log(LogOp::Or),
        "??=" => AssignOp::Log(LogOp::Nullish),
        _ => return None,
    }))
}

impl Parser {
    pub(super) fn expr(&mut self) -> Result<Expr, CodeError> {
        let e = self.assign()?;
        if self.is(",") {
            let mut all = vec![e];
            while self.eat(",") {
                all.push(self.assign()?);
            }
            return Ok(Expr::Seq(all));
        }
        Ok(e)
    }

    /// An expression where a bare `in` is not an operator (a `for (…; …)` head).
    pub(super) fn assign_no_in(&mut self) -> Result<Expr, CodeError> {
        self.assign_with(true)
    }

    /// The left side of `for (x of …)` or a whole expression.
    pub(super) fn lhs_or_expr(&mut self) -> Result<Expr, CodeError> {
        let e = self.assign_with(true)?;
        if self.is(",") {
            let mut all = vec![e];
            while self.eat(",") {
                all.push(self.assign_with(true)?);
            }
            return Ok(Expr::Seq(all));
        }
        Ok(e)
    }

    pub(super) fn assign(&mut self) -> Result<Expr, CodeError> {
        self.assign_with(false)
    }

    fn assign_with(&mut self, no_in: bool) -> Result<Expr, CodeError> {
        let pos = self.pos();
        self.deeper()?;
        let r = self.assign_inner(no_in, pos);
        self.depth -= 1;
        r
    }

    fn assign_inner(&mut self, no_in: bool, pos: Pos) -> Result<Expr, CodeError> {
        if self.is_word("yield") {
            if !self.fctx().is_generator {
                return unsupported(pos, "`yield` outside a generator function");
            }
            self.next();
            if self.is("*") {
                return unsupported(pos, "`yield*`");
            }
            let ends = self.newline_before()
                || matches!(self.peek(), Tok::Eof | Tok::Punct(")" | "]" | "}" | "," | ";" | ":"));
            let value = if ends { None } else { Some(Box::new(self.assign_with(no_in)?)) };
            return Ok(Expr::Yield(value, pos));
        }
        if let Some(e) = self.try_arrow(pos)? {
            return Ok(e);
        }
        let lhs = self.conditional(no_in)?;
        let Tok::Punct(p) = self.peek().clone() else { return Ok(lhs) };
        let Some(op) = assign_op(p) else { return Ok(lhs) };
        let opos = self.pos();
        self.next();
        match lhs {
            Expr::Ident(ref name, _) => {
                if &**name == "arguments" || &**name == "eval" {
                    return err(pos, format!("cannot assign to `{name}`"));
                }
                let value = self.assign_with(no_in)?;
                if op.is_none() {
                    self.name_function(&value, name);
                }
                Ok(Expr::Assign { target: Box::new(lhs), op, value: Box::new(value), pos: opos })
            }
            Expr::Member { optional: false, .. } | Expr::Index { optional: false, .. } => {
                let value = self.assign_with(no_in)?;
                Ok(Expr::Assign { target: Box::new(lhs), op, value: Box::new(value), pos: opos })
            }
            Expr::Array(_) | Expr::Object(_) if op.is_none() => {
                let pattern = self.pattern_of(lhs)?;
                let value = self.assign_with(no_in)?;
                Ok(Expr::AssignPattern(Box::new(pattern), Box::new(value)))
            }
            _ => err(pos, "the left side of this assignment cannot be assigned to"),
        }
    }

    /// An arrow function, if one starts here: `x =>`, `(a, b) =>`, `async x =>`, `async (…) =>`.
    fn try_arrow(&mut self, pos: Pos) -> Result<Option<Expr>, CodeError> {
        let is_async = self.is_word("async")
            && !self.toks[self.at + 1].newline_before
            && matches!(self.peek_at(1), Tok::Ident(_) | Tok::Punct("("))
            && self.arrow_at(1);
        if !is_async && !self.arrow_at(0) {
            return Ok(None);
        }
        if is_async {
            self.next();
        }
        let params = if let Tok::Ident(_) = self.peek() {
            let ppos = self.pos();
            let name = self.ident("a parameter name")?;
            vec![Param { pattern: Pattern::Name(name, ppos), default: None, rest: false }]
        } else {
            self.params()?
        };
        if self.newline_before() {
            return err(self.pos(), "a line break is not allowed before `=>`");
        }
        let f = self.function_body(is_async, FuncKind::Arrow, None, pos, Some(params))?;
        Ok(Some(Expr::Func(f)))
    }

    /// Whether an arrow function's parameters start `k` tokens ahead.
    fn arrow_at(&self, k: usize) -> bool {
        match self.peek_at(k) {
            Tok::Ident(s) if !is_reserved(s) => matches!(self.peek_at(k + 1), Tok::Punct("=>")),
            Tok::Punct("(") => {
                let mut depth = 0;
                let mut j = k;
                loop {
                    match self.peek_at(j) {
                        Tok::Punct("(") | Tok::Punct("[") | Tok::Punct("{") => depth += 1,
                        Tok::Punct(")") | Tok::Punct("]") | Tok::Punct("}") => {
                            depth -= 1;
                            if depth == 0 {
                                return matches!(self.peek_at(j + 1), Tok::Punct("=>"));
                            }
                        }
                        Tok::Eof => return false,
                        _ => {}
                    }
                    j += 1;
                }
            }
            _ => false,
        }
    }

    fn conditional(&mut self, no_in: bool) -> Result<Expr, CodeError> {
        let test = self.logical(no_in)?;
        if !self.eat("?") {
            return Ok(test);
        }
        let then = self.assign()?;
        self.expect(":")?;
        let other = self.assign_with(no_in)?;
        Ok(Expr::Cond(Box::new(test), Box::new(then), Box::new(other)))
    }

    fn logical(&mut self, no_in: bool) -> Result<Expr, CodeError> {
        let mut lhs = self.and(no_in)?;
        loop {
            let op = if self.is("||") {
                LogOp::Or
            } else if self.is("??") {
                LogOp::Nullish
            } else {
                return Ok(lhs);
            };
            self.next();
            let rhs = self.and(no_in)?;
            lhs = Expr::Logical(op, Box::new(lhs), Box::new(rhs));
        }
    }

    fn and(&mut self, no_in: bool) -> Result<Expr, CodeError> {
        let mut lhs = self.binary(3, no_in)?;
        while self.eat("&&") {
            let rhs = self.binary(3, no_in)?;
            lhs = Expr::Logical(LogOp::And, Box::new(lhs), Box::new(rhs));
        }
        Ok(lhs)
    }

    fn binary(&mut self, min: u8, no_in: bool) -> Result<Expr, CodeError> {
        let mut lhs = self.exponent()?;
        loop {
            let op = match self.peek() {
                Tok::Punct(p) => bin_op(p, no_in),
                Tok::Ident(w) if w == "instanceof" || w == "in" => bin_op(w, no_in),
                _ => None,
            };
            let Some((prec, op)) = op.filter(|(p, _)| *p >= min) else { return Ok(lhs) };
            let pos = self.pos();
            self.next();
            self.deeper()?;
            let rhs = self.binary(prec + 1, no_in)?;
            self.depth -= 1;
            lhs = Expr::Binary(op, Box::new(lhs), Box::new(rhs), pos);
        }
    }

    fn exponent(&mut self) -> Result<Expr, CodeError> {
        let start = self.pos();
        let unary_start = matches!(self.peek(), Tok::Punct("-" | "+" | "!") | Tok::Other('~'))
            || matches!(self.peek(), Tok::Ident(w) if w == "typeof" || w == "void");
        let base = self.unary()?;
        if self.is("**") {
            if unary_start {
                return err(start, "put parentheses around a unary expression before `**`");
            }
            let pos = self.pos();
            self.next();
            self.deeper()?;
            let rhs = self.exponent()?;
            self.depth -= 1;
            return Ok(Expr::Binary(BinOp::Pow, Box::new(base), Box::new(rhs), pos));
        }
        Ok(base)
    }

    fn unary(&mut self) -> Result<Expr, CodeError> {
        let pos = self.pos();
        let op = match self.peek() {
            Tok::Punct("-") => Some(UnOp::Neg),
            Tok::Punct("+") => Some(UnOp::Plus),
            Tok::Punct("!") => Some(UnOp::Not),
            Tok::Other('~') => Some(UnOp::BitNot),
            Tok::Ident(w) if w == "typeof" => Some(UnOp::TypeOf),
            Tok::Ident(w) if w == "void" => Some(UnOp::Void),
            _ => None,
        };
        if let Some(op) = op {
            self.next();
            self.deeper()?;
            let e = self.unary()?;
            self.depth -= 1;
            if let (UnOp::Neg, Expr::Num(n)) = (op, &e) {
                return Ok(Expr::Num(-n));
            }
            return Ok(Expr::Unary(op, Box::new(e), pos));
        }
        if self.is("++") || self.is("--") {
            let inc = self.is("++");
            self.next();
            let tpos = self.pos();
            let target = self.unary()?;
            check_update_target(&target, tpos)?;
            return Ok(Expr::Update { target: Box::new(target), inc, prefix: true, pos });
        }
        if self.is_word("await") {
            if !self.fctx().is_async {
                let top =
                    if self.ctx.len() == 1 { " (a CommonJS script has no top-level await)" } else { "" };
                return err(pos, format!("`await` is only valid inside an async function{top}"));
            }
            self.next();
            self.deeper()?;
            let e = self.unary()?;
            self.depth -= 1;
            return Ok(Expr::Await(Box::new(e), pos));
        }
        if self.is_word("delete") {
            return unsupported(pos, "`delete`");
        }
        let e = self.postfix(true)?;
        if (self.is("++") || self.is("--")) && !self.newline_before() {
            let inc = self.is("++");
            let opos = self.pos();
            check_update_target(&e, pos)?;
            self.next();
            return Ok(Expr::Update { target: Box::new(e), inc, prefix: false, pos: opos });
        }
        Ok(e)
    }

    /// A member expression without calls (after `new` and `extends`).
    pub(super) fn postfix_no_call(&mut self) -> Result<Expr, CodeError> {
        self.postfix(false)
    }

    fn postfix(&mut self, calls: bool) -> Result<Expr, CodeError> {
        let mut e = self.primary()?;
        let mut chain = false;
        loop {
            let pos = self.pos();
            if self.eat(".") {
                let prop = self.prop_name()?;
                e = Expr::Member { obj: Box::new(e), prop, pos, optional: false };
            } else if calls && self.is("?.") {
                self.next();
                chain = true;
                if self.is("(") {
                    let args = self.args()?;
                    e = Expr::Call { callee: Box::new(e), args, pos, optional: true };
                } else if self.eat("[") {
                    let index = self.expr()?;
                    self.expect("]")?;
                    e = Expr::Index { obj: Box::new(e), index: Box::new(index), pos, optional: true };
                } else {
                    let prop = self.prop_name()?;
                    e = Expr::Member { obj: Box::new(e), prop, pos, optional: true };
                }
            } else if self.eat("[") {
                let index = self.expr()?;
                self.expect("]")?;
                e = Expr::Index { obj: Box::new(e), index: Box::new(index), pos, optional: false };
            } else if calls && self.is("(") {
                let args = self.args()?;
                e = Expr::Call { callee: Box::new(e), args, pos, optional: false };
            } else if let Tok::Template(..) = self.peek() {
                return unsupported(pos, "a tagged template");
            } else {
                break;
            }
        }
        Ok(if chain { Expr::OptChain(Box::new(e)) } else { e })
    }

    fn prop_name(&mut self) -> Result<Rc<str>, CodeError> {
        let pos = self.pos();
        match self.next().tok {
            Tok::Ident(s) => Ok(s.into()),
            Tok::Other('#') => unsupported(pos, "a private class member (`#name`)"),
            _ => err(pos, "expected a property name after `.`"),
        }
    }

    pub(super) fn args(&mut self) -> Result<Vec<Expr>, CodeError> {
        self.expect("(")?;
        self.deeper()?;
        let mut out = Vec::new();
        while !self.eat(")") {
            let pos = self.pos();
            if self.eat("...") {
                out.push(Expr::Spread(Box::new(self.assign()?), pos));
            } else {
                out.push(self.assign()?);
            }
            if !self.is(")") {
                self.expect(",")?;
            }
        }
        self.depth -= 1;
        Ok(out)
    }

    /// A property key in an object literal or class: a name, string, number or `[expr]`.
    pub(super) fn prop_key(&mut self) -> Result<PropKey, CodeError> {
        let pos = self.pos();
        match self.next().tok {
            Tok::Ident(s) => Ok(PropKey::Static(s.into())),
            Tok::Str(s) => Ok(PropKey::Static(s.into())),
            Tok::Num(n) => Ok(PropKey::Static(number(n).into())),
            Tok::Punct("[") => {
                let e = self.assign()?;
                self.expect("]")?;
                Ok(PropKey::Computed(Box::new(e)))
            }
            _ => err(pos, "expected a property name"),
        }
    }

    fn primary(&mut self) -> Result<Expr, CodeError> {
        let pos = self.pos();
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
            Tok::Template(parts, exprs) => {
                self.next();
                let mut out = Vec::new();
                for toks in exprs {
                    let save = (std::mem::replace(&mut self.toks, toks), self.at);
                    self.at = 0;
                    let e = self.expr();
                    let end_ok = self.peek() == &Tok::Eof;
                    let here = self.pos();
                    self.toks = save.0;
                    self.at = save.1;
                    out.push(e?);
                    if !end_ok {
                        return err(here, "expected `}` to end this `${…}`");
                    }
                }
                Ok(Expr::Template(parts.into_iter().map(Rc::from).collect(), out))
            }
            Tok::Punct("(") => {
                self.next();
                self.deeper()?;
                let e = self.expr()?;
                self.depth -= 1;
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => {
                self.next();
                self.deeper()?;
                let mut items = Vec::new();
                while !self.eat("]") {
                    let ipos = self.pos();
                    if self.is(",") {
                        self.next();
                        items.push(Expr::Hole);
                        continue;
                    }
                    if self.eat("...") {
                        items.push(Expr::Spread(Box::new(self.assign()?), ipos));
                    } else {
                        items.push(self.assign()?);
                    }
                    if !self.is("]") {
                        self.expect(",")?;
                    }
                }
                self.depth -= 1;
                Ok(Expr::Array(items))
            }
            Tok::Punct("{") => self.object_literal(),
            Tok::Punct("/") | Tok::Punct("/=") => unsupported(pos, "a regular expression literal"),
            Tok::Ident(w) => match w.as_str() {
                "true" | "false" => {
                    self.next();
                    Ok(Expr::Bool(w == "true"))
                }
                "null" => {
                    self.next();
                    Ok(Expr::Null)
                }
                "this" => {
                    self.next();
                    Ok(Expr::This(pos))
                }
                "function" => Ok(Expr::Func(self.function(false, pos, false)?)),
                "class" => Ok(Expr::Class(self.class(false)?)),
                "async" if matches!(self.peek_at(1), Tok::Ident(s) if s == "function") => {
                    self.next();
                    Ok(Expr::Func(self.function(true, pos, false)?))
                }
                "new" => {
                    self.next();
                    if self.is(".") {
                        return unsupported(pos, "`new.target`");
                    }
                    self.deeper()?;
                    let callee = self.postfix_no_call()?;
                    self.depth -= 1;
                    let args = if self.is("(") { self.args()? } else { Vec::new() };
                    Ok(Expr::New { callee: Box::new(callee), args, pos })
                }
                "super" => {
                    self.next();
                    if !self.ctx.iter().rev().any(|c| c.in_class) {
                        return err(pos, "`super` is only valid inside a class");
                    }
                    if self.is("(") {
                        let args = self.args()?;
                        Ok(Expr::SuperCall(args, pos))
                    } else if self.eat(".") {
                        let prop = self.prop_name()?;
                        Ok(Expr::SuperMember(prop, pos))
                    } else {
                        err(pos, "expected `(` or `.` after `super`")
                    }
                }
                "arguments" => {
                    self.next();
                    match self.ctx.iter().rposition(|c| !c.is_arrow) {
                        Some(i) if i > 0 => self.ctx[i].uses_arguments = true,
                        _ => return unsupported(pos, "`arguments` outside a function"),
                    }
                    Ok(Expr::Ident("arguments".into(), pos))
                }
                _ if is_reserved(&w) => {
                    let found = self.describe();
                    match w.as_str() {
                        "import" | "export" | "delete" | "with" | "debugger" | "enum" => {
                            unsupported(pos, &format!("`{w}`"))
                        }
                        _ => err(pos, format!("unexpected {found}")),
                    }
                }
                _ => {
                    let name = self.ident("a name")?;
                    Ok(Expr::Ident(name, pos))
                }
            },
            Tok::Other('#') => unsupported(pos, "a private class member (`#name`)"),
            Tok::Other(c) => unsupported(pos, &format!("`{c}`")),
            Tok::Punct(p) => err(pos, format!("unexpected `{p}`")),
            Tok::Eof => err(pos, "the program ends in the middle of an expression"),
        }
    }

    fn object_literal(&mut self) -> Result<Expr, CodeError> {
        self.next();
        self.deeper()?;
        let mut props = Vec::new();
        while !self.eat("}") {
            let pos = self.pos();
            if self.eat("...") {
                let value = self.assign()?;
                props.push(PropDef { key: PropKey::Static("".into()), value, kind: PropKind::Spread });
            } else {
                let mut is_async = false;
                if self.is_word("async") && !matches!(self.peek_at(1), Tok::Punct("(" | ":" | "," | "}")) {
                    self.next();
                    is_async = true;
                }
                if self.is("*") {
                    self.next();
                    self.next_is_generator = true;
                }
                let mut accessor = None;
                if (self.is_word("get") || self.is_word("set"))
                    && !matches!(self.peek_at(1), Tok::Punct("(" | ":" | "," | "}"))
                {
                    accessor = Some(self.is_word("get"));
                    self.next();
                }
                let key_tok = self.peek().clone();
                let key = self.prop_key()?;
                if self.is("(") {
                    let kind = match accessor {
                        Some(true) => FuncKind::Getter,
                        Some(false) => FuncKind::Setter,
                        None => FuncKind::Method,
                    };
                    let name = super::parser::key_name(&key);
                    let f = self.function_body(is_async, kind, name, pos, None)?;
                    let pk = match accessor {
                        Some(true) => PropKind::Get,
                        Some(false) => PropKind::Set,
                        None => PropKind::Init,
                    };
                    props.push(PropDef { key, value: Expr::Func(f), kind: pk });
                } else if is_async || accessor.is_some() {
                    return err(self.pos(), "expected `(` after the method name");
                } else if self.eat(":") {
                    let value = self.assign()?;
                    if let PropKey::Static(name) = &key {
                        self.name_function(&value, name);
                    }
                    props.push(PropDef { key, value, kind: PropKind::Init });
                } else {
                    // Shorthand `{ a }` (or `{ a = 1 }` in a pattern).
                    let Tok::Ident(name) = key_tok else {
                        return err(pos, "expected `:` after the property name");
                    };
                    if is_reserved(&name) {
                        return err(pos, format!("`{name}` cannot be a shorthand property"));
                    }
                    let name: Rc<str> = name.into();
                    let mut value = Expr::Ident(name.clone(), pos);
                    if self.is("=") {
                        let apos = self.pos();
                        self.next();
                        let d = self.assign()?;
                        value =
                            Expr::Assign { target: Box::new(value), op: None, value: Box::new(d), pos: apos };
                    }
                    props.push(PropDef { key, value, kind: PropKind::Init });
                }
            }
            if !self.is("}") {
                self.expect(",")?;
            }
        }
        self.depth -= 1;
        Ok(Expr::Object(props))
    }

    /// A binding target in a declaration or parameter: a name, `[…]` or `{…}`.
    pub(super) fn binding_pattern(&mut self) -> Result<Pattern, CodeError> {
        let pos = self.pos();
        if self.is("[") || self.is("{") {
            self.deeper()?;
            let e = self.primary()?;
            self.depth -= 1;
            return self.pattern_of(e);
        }
        let name = self.ident("a name")?;
        if &*name == "arguments" || &*name == "eval" {
            return err(pos, format!("`{name}` cannot be declared"));
        }
        Ok(Pattern::Name(name, pos))
    }

    /// An expression read as a destructuring target.
    pub(super) fn pattern_of(&mut self, e: Expr) -> Result<Pattern, CodeError> {
        Ok(match e {
            Expr::Ident(n, p) => Pattern::Name(n, p),
            Expr::Member { optional: false, .. } | Expr::Index { optional: false, .. } => {
                Pattern::Target(Box::new(e))
            }
            Expr::Array(items) => {
                let mut elems = Vec::new();
                let mut rest = None;
                let n = items.len();
                for (i, item) in items.into_iter().enumerate() {
                    match item {
                        Expr::Hole => elems.push(None),
                        Expr::Spread(inner, p) => {
                            if i + 1 != n {
                                return err(p, "a rest element must be the last one");
                            }
                            rest = Some(Box::new(self.pattern_of(*inner)?));
                        }
                        Expr::Assign { target, op: None, value, .. } => {
                            elems.push(Some((self.pattern_of(*target)?, Some(*value))))
                        }
                        Expr::AssignPattern(target, value) => elems.push(Some((*target, Some(*value)))),
                        other => elems.push(Some((self.pattern_of(other)?, None))),
                    }
                }
                Pattern::Array { elems, rest, pos: Pos::default() }
            }
            Expr::Object(defs) => {
                let mut props = Vec::new();
                let mut rest = None;
                for d in defs {
                    match d.kind {
                        PropKind::Spread => rest = Some(Box::new(self.pattern_of(d.value)?)),
                        PropKind::Init => {
                            let (target, default) = match d.value {
                                Expr::Assign { target, op: None, value, .. } => {
                                    (self.pattern_of(*target)?, Some(*value))
                                }
                                Expr::AssignPattern(target, value) => (*target, Some(*value)),
                                other => (self.pattern_of(other)?, None),
                            };
                            props.push((d.key, target, default));
                        }
                        _ => return err(self.pos(), "an accessor cannot be a destructuring target"),
                    }
                }
                Pattern::Object { props, rest, pos: Pos::default() }
            }
            _ => return err(self.pos(), "this cannot be a destructuring target"),
        })
    }
}

fn check_update_target(e: &Expr, pos: Pos) -> Result<(), CodeError> {
    match e {
        Expr::Ident(..) | Expr::Member { optional: false, .. } | Expr::Index { optional: false, .. } => {
            Ok(())
        }
        _ => err(pos, "`++`/`--` needs a variable or a property"),
    }
}
