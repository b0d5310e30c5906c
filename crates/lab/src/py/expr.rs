//! Expressions, by precedence: `lambda` and `x if c else y`, `or`, `and`, `not`, comparisons,
//! `|`, `^`, `&`, shifts, `+`/`-`, `*`/`/`/`//`/`%`/`@`, unary, `**`, `await`, calls, attributes
//! and subscripts, atoms (literals, displays, comprehensions, f-strings).

use std::rc::Rc;

use super::ast::*;
use super::lexer::{describe, Lexer, Piece, Tok};
use super::parser::{check_target, Parser};
use super::{error, unsupported, Pos, R};

fn bx(e: E) -> Box<E> {
    Box::new(e)
}

impl Parser {
    /// `a, b` (a tuple without brackets) or one expression.
    pub(super) fn expr_list(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.expr()?);
        }
        Ok(E { kind: Ex::Tuple(items), pos })
    }

    fn ends_list(&self) -> bool {
        matches!(self.peek(), Tok::Newline | Tok::Eof | Tok::Op(")" | "]" | "}" | "=" | ":" | ";"))
            || matches!(self.peek(), Tok::Op(o) if o.ends_with('=') && o.len() >= 2 && *o != "==")
    }

    /// Like [`Self::expr_list`], with `*x` items (`a, *b = …`, `return *a, b`).
    pub(super) fn expr_list_star(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.star_or_expr()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.ends_list() {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        Ok(E { kind: Ex::Tuple(items), pos })
    }

    fn star_or_expr(&mut self) -> R<E> {
        let pos = self.pos();
        if self.eat_op("*") {
            return Ok(E { kind: Ex::Star(bx(self.or_expr()?)), pos });
        }
        self.expr()
    }

    pub(super) fn named_expr(&mut self) -> R<E> {
        let e = self.expr()?;
        if self.is_op(":=") {
            let pos = self.pos();
            let Ex::Name(n) = &e.kind else {
                return Err(error(
                    pos,
                    "SyntaxError: cannot use assignment expressions with this expression",
                ));
            };
            let n = n.clone();
            self.advance();
            let v = self.expr()?;
            return Ok(E { kind: Ex::Named(n, bx(v)), pos: e.pos });
        }
        Ok(e)
    }

    pub(super) fn expr(&mut self) -> R<E> {
        let pos = self.pos();
        self.deeper(pos)?;
        let r = self.expr_inner();
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self) -> R<E> {
        let pos = self.pos();
        if self.eat_word("lambda") {
            let params = self.params(":")?;
            self.expect_op(":")?;
            let body = self.expr()?;
            let bpos = body.pos;
            let def = FuncDef {
                name: "<lambda>".into(),
                params,
                body: vec![S { kind: St::Return(Some(body)), pos: bpos }],
                is_async: false,
                decorators: vec![],
                pos,
            };
            return Ok(E { kind: Ex::Lambda(Rc::new(def)), pos });
        }
        if self.is_word("yield") {
            self.advance();
            if self.is_word("from") {
                return Err(unsupported(pos, "`yield from` is"));
            }
            let v = if self.ends_list() { None } else { Some(bx(self.expr_list()?)) };
            return Ok(E { kind: Ex::Yield(v), pos });
        }
        let e = self.or_test()?;
        if self.eat_word("if") {
            let cond = self.or_test()?;
            self.expect_word("else")?;
            let other = self.expr()?;
            return Ok(E { kind: Ex::IfExp(bx(cond), bx(e), bx(other)), pos });
        }
        Ok(e)
    }

    fn or_test(&mut self) -> R<E> {
        let mut e = self.and_test()?;
        while self.is_word("or") {
            let pos = self.pos();
            self.advance();
            let r = self.and_test()?;
            e = E { kind: Ex::BoolOp(false, bx(e), bx(r)), pos };
        }
        Ok(e)
    }

    fn and_test(&mut self) -> R<E> {
        let mut e = self.not_test()?;
        while self.is_word("and") {
            let pos = self.pos();
            self.advance();
            let r = self.not_test()?;
            e = E { kind: Ex::BoolOp(true, bx(e), bx(r)), pos };
        }
        Ok(e)
    }

    fn not_test(&mut self) -> R<E> {
        let pos = self.pos();
        if self.eat_word("not") {
            self.deeper(pos)?;
            let e = self.not_test()?;
            self.depth -= 1;
            return Ok(E { kind: Ex::Unary(UnOp::Not, bx(e)), pos });
        }
        self.comparison()
    }

    fn comparison(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.or_expr()?;
        let mut rest = vec![];
        loop {
            let op = match self.peek() {
                Tok::Op("==") => CmpOp::Eq,
                Tok::Op("!=") => CmpOp::Ne,
                Tok::Op("<") => CmpOp::Lt,
                Tok::Op("<=") => CmpOp::Le,
                Tok::Op(">") => CmpOp::Gt,
                Tok::Op(">=") => CmpOp::Ge,
                Tok::Name(n) if n == "in" => CmpOp::In,
                Tok::Name(n) if n == "is" => {
                    if self.word_at(1, "not") {
                        self.advance();
                        CmpOp::IsNot
                    } else {
                        CmpOp::Is
                    }
                }
                Tok::Name(n) if n == "not" && self.word_at(1, "in") => {
                    self.advance();
                    CmpOp::NotIn
                }
                _ => break,
            };
            self.advance();
            rest.push((op, self.or_expr()?));
        }
        if rest.is_empty() {
            return Ok(first);
        }
        Ok(E { kind: Ex::Compare(bx(first), rest), pos })
    }

    pub(super) fn or_expr(&mut self) -> R<E> {
        self.binary(0)
    }

    /// Binary operators by level: `|`, `^`, `&`, shifts, additive, multiplicative.
    fn binary(&mut self, level: usize) -> R<E> {
        const LEVELS: [&[(&str, BinOp)]; 6] = [
            &[("|", BinOp::BitOr)],
            &[("^", BinOp::BitXor)],
            &[("&", BinOp::BitAnd)],
            &[("<<", BinOp::LShift), (">>", BinOp::RShift)],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[
                ("*", BinOp::Mul),
                ("/", BinOp::Div),
                ("//", BinOp::FloorDiv),
                ("%", BinOp::Mod),
                ("@", BinOp::MatMul),
            ],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut e = self.binary(level + 1)?;
        while let Some(&(_, op)) = LEVELS[level].iter().find(|(s, _)| self.is_op(s)) {
            let pos = self.pos();
            self.advance();
            let r = self.binary(level + 1)?;
            e = E { kind: Ex::Bin(op, bx(e), bx(r)), pos };
        }
        Ok(e)
    }

    fn unary(&mut self) -> R<E> {
        let pos = self.pos();
        let op = match self.peek() {
            Tok::Op("-") => UnOp::Neg,
            Tok::Op("+") => UnOp::Pos,
            Tok::Op("~") => UnOp::Invert,
            _ => return self.power(),
        };
        self.advance();
        self.deeper(pos)?;
        let e = self.unary()?;
        self.depth -= 1;
        Ok(E { kind: Ex::Unary(op, bx(e)), pos })
    }

    fn power(&mut self) -> R<E> {
        let pos = self.pos();
        let base = if self.is_word("await") {
            self.advance();
            let e = self.primary()?;
            E { kind: Ex::Await(bx(e)), pos }
        } else {
            self.primary()?
        };
        if self.is_op("**") {
            let p = self.pos();
            self.advance();
            self.deeper(p)?;
            let exp = self.unary()?;
            self.depth -= 1;
            return Ok(E { kind: Ex::Bin(BinOp::Pow, bx(base), bx(exp)), pos: p });
        }
        Ok(base)
    }

    fn primary(&mut self) -> R<E> {
        let mut e = self.atom()?;
        let start = e.pos;
        loop {
            if self.eat_op(".") {
                let (name, _) = self.expect_name()?;
                e = E { kind: Ex::Attr(bx(e), name), pos: start };
            } else if self.eat_op("(") {
                let args = self.call_args()?;
                self.expect_op(")")?;
                e = E { kind: Ex::Call(bx(e), args), pos: start };
            } else if self.eat_op("[") {
                let index = self.subscript()?;
                self.expect_op("]")?;
                e = E { kind: Ex::Sub(bx(e), bx(index)), pos: start };
            } else {
                return Ok(e);
            }
        }
    }

    fn subscript(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.slice_item()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("]") {
                break;
            }
            items.push(self.slice_item()?);
        }
        Ok(E { kind: Ex::Tuple(items), pos })
    }

    fn slice_item(&mut self) -> R<E> {
        let pos = self.pos();
        let ends = |p: &Parser| p.is_op(":") || p.is_op("]") || p.is_op(",");
        let lower = if ends(self) { None } else { Some(bx(self.expr()?)) };
        if !self.eat_op(":") {
            return lower.map(|b| *b).ok_or_else(|| error(pos, "SyntaxError: invalid syntax"));
        }
        let upper = if ends(self) { None } else { Some(bx(self.expr()?)) };
        let step = if self.eat_op(":") && !ends(self) { Some(bx(self.expr()?)) } else { None };
        Ok(E { kind: Ex::Slice(lower, upper, step), pos })
    }

    pub(super) fn call_args(&mut self) -> R<Vec<Arg>> {
        let mut args = vec![];
        while !self.is_op(")") {
            let pos = self.pos();
            if self.eat_op("**") {
                args.push(Arg::DStar(self.expr()?));
            } else if self.eat_op("*") {
                args.push(Arg::Star(self.expr()?));
            } else if matches!(self.peek(), Tok::Name(_)) && self.at(1).0 == Tok::Op("=") {
                let (name, _) = self.expect_name()?;
                self.advance();
                args.push(Arg::Kw(name, self.expr()?));
            } else {
                let e = self.named_expr()?;
                if self.is_word("for") || self.is_word("async") && self.word_at(1, "for") {
                    let gens = self.comp_fors()?;
                    args.push(Arg::Pos(E { kind: Ex::Comp(CompKind::Gen, bx(e), None, gens), pos }));
                    if !self.is_op(")") {
                        return Err(error(
                            self.pos(),
                            "SyntaxError: Generator expression must be parenthesized",
                        ));
                    }
                    break;
                }
                if matches!(args.last(), Some(Arg::Kw(..) | Arg::DStar(_))) {
                    return Err(error(pos, "SyntaxError: positional argument follows keyword argument"));
                }
                args.push(Arg::Pos(e));
            }
            if !self.eat_op(",") {
                break;
            }
        }
        Ok(args)
    }

    fn comp_fors(&mut self) -> R<Vec<CompFor>> {
        let mut gens = vec![];
        loop {
            let is_async = self.eat_word("async");
            if !self.eat_word("for") {
                break;
            }
            let target = self.comp_target()?;
            self.expect_word("in")?;
            let iter = self.or_test()?;
            let mut ifs = vec![];
            while self.eat_word("if") {
                ifs.push(self.or_test_no_cond()?);
            }
            gens.push(CompFor { target, iter, ifs, is_async });
        }
        Ok(gens)
    }

    fn or_test_no_cond(&mut self) -> R<E> {
        self.or_test()
    }

    fn comp_target(&mut self) -> R<E> {
        let pos = self.pos();
        let first = self.or_expr()?;
        let e = if self.is_op(",") {
            let mut items = vec![first];
            while self.eat_op(",") {
                if self.is_word("in") {
                    break;
                }
                items.push(self.or_expr()?);
            }
            E { kind: Ex::Tuple(items), pos }
        } else {
            first
        };
        check_target(&e)?;
        Ok(e)
    }

    fn atom(&mut self) -> R<E> {
        let (tok, pos) = self.advance();
        let lit = |l| Ok(E { kind: Ex::Lit(l), pos });
        match tok {
            Tok::Int(i) => lit(Lit::Int(i)),
            Tok::Float(f) => lit(Lit::Float(f)),
            Tok::Str(pieces) => {
                let mut parts = self.fparts(&pieces)?;
                // Adjacent literals concatenate.
                while let Tok::Str(more) = self.peek().clone() {
                    self.advance();
                    parts.extend(self.fparts(&more)?);
                }
                if parts.iter().all(|p| matches!(p, FPart::Text(_))) {
                    let s: String = parts
                        .iter()
                        .map(|p| match p {
                            FPart::Text(t) => t.as_str(),
                            FPart::Field { .. } => "",
                        })
                        .collect();
                    return lit(Lit::Str(s));
                }
                Ok(E { kind: Ex::FStr(parts), pos })
            }
            Tok::Name(n) => match n.as_str() {
                "True" => lit(Lit::Bool(true)),
                "False" => lit(Lit::Bool(false)),
                "None" => lit(Lit::None),
                w if super::parser::KEYWORDS.contains(&w) => {
                    Err(error(pos, format!("SyntaxError: invalid syntax: unexpected `{w}`")))
                }
                _ => Ok(E { kind: Ex::Name(n), pos }),
            },
            Tok::Op("...") => lit(Lit::Ellipsis),
            Tok::Op("(") => {
                if self.eat_op(")") {
                    return Ok(E { kind: Ex::Tuple(vec![]), pos });
                }
                if self.is_word("yield") {
                    let e = self.expr()?;
                    self.expect_op(")")?;
                    return Ok(e);
                }
                let first = if self.is_op("*") { self.star_or_expr()? } else { self.named_expr()? };
                if self.is_word("for") || self.is_word("async") {
                    let gens = self.comp_fors()?;
                    self.expect_op(")")?;
                    return Ok(E { kind: Ex::Comp(CompKind::Gen, bx(first), None, gens), pos });
                }
                if self.eat_op(")") {
                    return Ok(first);
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op(")") {
                        break;
                    }
                    items.push(self.star_or_expr()?);
                }
                self.expect_op(")")?;
                Ok(E { kind: Ex::Tuple(items), pos })
            }
            Tok::Op("[") => {
                if self.eat_op("]") {
                    return Ok(E { kind: Ex::List(vec![]), pos });
                }
                let first = self.star_or_expr()?;
                if self.is_word("for") || self.is_word("async") {
                    let gens = self.comp_fors()?;
                    self.expect_op("]")?;
                    return Ok(E { kind: Ex::Comp(CompKind::List, bx(first), None, gens), pos });
                }
                let mut items = vec![first];
                while self.eat_op(",") {
                    if self.is_op("]") {
                        break;
                    }
                    items.push(self.star_or_expr()?);
                }
                self.expect_op("]")?;
                Ok(E { kind: Ex::List(items), pos })
            }
            Tok::Op("{") => self.brace(pos),
            t => Err(error(pos, format!("SyntaxError: invalid syntax: unexpected {}", describe(&t)))),
        }
    }

    fn brace(&mut self, pos: Pos) -> R<E> {
        if self.eat_op("}") {
            return Ok(E { kind: Ex::Dict(vec![]), pos });
        }
        if self.eat_op("**") {
            let v = self.or_expr()?;
            return self.dict_rest(pos, (None, v));
        }
        let first = self.star_or_expr()?;
        if self.eat_op(":") {
            let v = self.expr()?;
            if self.is_word("for") || self.is_word("async") {
                let gens = self.comp_fors()?;
                self.expect_op("}")?;
                return Ok(E { kind: Ex::Comp(CompKind::Dict, bx(first), Some(bx(v)), gens), pos });
            }
            return self.dict_rest(pos, (Some(first), v));
        }
        if self.is_word("for") || self.is_word("async") {
            let gens = self.comp_fors()?;
            self.expect_op("}")?;
            return Ok(E { kind: Ex::Comp(CompKind::Set, bx(first), None, gens), pos });
        }
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            items.push(self.star_or_expr()?);
        }
        self.expect_op("}")?;
        Ok(E { kind: Ex::Set(items), pos })
    }

    fn dict_rest(&mut self, pos: Pos, first: (Option<E>, E)) -> R<E> {
        let mut items = vec![first];
        while self.eat_op(",") {
            if self.is_op("}") {
                break;
            }
            if self.eat_op("**") {
                items.push((None, self.or_expr()?));
                continue;
            }
            let k = self.expr()?;
            self.expect_op(":")?;
            items.push((Some(k), self.expr()?));
        }
        self.expect_op("}")?;
        Ok(E { kind: Ex::Dict(items), pos })
    }

    /// A string token's pieces, with each f-string field's expression parsed.
    fn fparts(&mut self, pieces: &[Piece]) -> R<Vec<FPart>> {
        let mut out = vec![];
        for p in pieces {
            match p {
                Piece::Text(t) => out.push(FPart::Text(t.clone())),
                Piece::Field { src, pos, conv, spec, debug } => {
                    let toks: Vec<(Tok, Pos)> = Lexer::lex_at(src, *pos)?
                        .into_iter()
                        .filter(|(t, _)| !matches!(t, Tok::Newline | Tok::Indent | Tok::Dedent))
                        .collect();
                    let mut sub = Parser { toks, i: 0, depth: self.depth + 1 };
                    let expr = sub.expr_list()?;
                    if !matches!(sub.peek(), Tok::Eof) {
                        return Err(error(
                            sub.pos(),
                            format!(
                                "SyntaxError: f-string: invalid syntax: unexpected {}",
                                describe(sub.peek())
                            ),
                        ));
                    }
                    let spec = self.fparts(spec)?;
                    let debug = debug.then(|| format!("{src}="));
                    // `{x=}` without a conversion or spec shows the repr.
                    let conv =
                        if debug.is_some() && conv.is_none() && spec.is_empty() { Some('r') } else { *conv };
                    out.push(FPart::Field { expr, conv, spec, debug });
                }
            }
        }
        Ok(out)
    }
}
