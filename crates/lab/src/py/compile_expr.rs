//! The compiler's expressions: displays, calls, operators, f-strings and comprehensions.

use std::rc::Rc;

use super::ast::*;
use super::compile::{has_await, rc, Code, Compiler, Kind, Op, Scan};
use super::value::Value;
use super::{error, unsupported, Pos, R};

impl Compiler {
    // --- expressions ----------------------------------------------------------------------------

    fn exprs(&mut self, items: &[E]) -> R<()> {
        items.iter().try_for_each(|e| self.expr(e))
    }

    /// A display with `*x` items: builds a list piece by piece.
    fn starred_list(&mut self, items: &[E]) -> R<()> {
        self.emit(Op::BuildList(0));
        for i in items {
            match &i.kind {
                Ex::Star(inner) => {
                    self.expr(inner)?;
                    self.emit(Op::ListExtend);
                }
                _ => {
                    self.expr(i)?;
                    self.emit(Op::BuildList(1));
                    self.emit(Op::ListExtend);
                }
            }
        }
        Ok(())
    }

    pub(super) fn expr(&mut self, e: &E) -> R<()> {
        let starred = |items: &[E]| items.iter().any(|i| matches!(i.kind, Ex::Star(_)));
        match &e.kind {
            Ex::Name(n) => {
                if n == "super" && self.unit().kind == Kind::Function {
                    // `super` is loaded as itself; calling it with no arguments is `Op::Super`.
                }
                self.load(n);
            }
            Ex::Lit(l) => {
                let v = match l {
                    Lit::None => Value::None,
                    Lit::Bool(b) => Value::Bool(*b),
                    Lit::Int(i) => Value::Int(*i),
                    Lit::Float(f) => Value::Float(*f),
                    Lit::Str(s) => Value::str(s),
                    Lit::Ellipsis => Value::Ellipsis,
                };
                self.emit(Op::Const(v));
            }
            Ex::FStr(parts) => {
                let n = self.fparts(parts, e.pos)?;
                self.emit(Op::BuildString(n));
            }
            Ex::Tuple(items) if starred(items) => {
                self.starred_list(items)?;
                self.emit(Op::ListToTuple);
            }
            Ex::List(items) if starred(items) => self.starred_list(items)?,
            Ex::Set(items) if starred(items) => {
                self.starred_list(items)?;
                self.emit(Op::ListToSet);
            }
            Ex::Tuple(items) => {
                self.exprs(items)?;
                self.emit(Op::BuildTuple(items.len()));
            }
            Ex::List(items) => {
                self.exprs(items)?;
                self.emit(Op::BuildList(items.len()));
            }
            Ex::Set(items) => {
                self.exprs(items)?;
                self.emit(Op::BuildSet(items.len()));
            }
            Ex::Dict(items) => {
                self.emit(Op::BuildDict(0));
                for (k, v) in items {
                    match k {
                        Some(k) => {
                            self.expr(k)?;
                            self.expr(v)?;
                            self.emit(Op::BuildDict(1));
                        }
                        None => self.expr(v)?,
                    }
                    self.emit(Op::DictUpdate);
                }
            }
            Ex::Star(_) => return Err(error(e.pos, "SyntaxError: can't use starred expression here")),
            Ex::Attr(obj, name) => {
                self.expr(obj)?;
                self.emit(Op::LoadAttr(rc(name)));
            }
            Ex::Sub(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::LoadSub);
            }
            Ex::Slice(a, b, c) => {
                for x in [a, b, c] {
                    match x {
                        Some(x) => self.expr(x)?,
                        None => {
                            self.emit(Op::Const(Value::None));
                        }
                    }
                }
                self.emit(Op::BuildSlice);
            }
            Ex::Call(func, args) => self.call(func, args, e.pos)?,
            Ex::Bin(op, a, b) => {
                self.expr(a)?;
                self.expr(b)?;
                self.emit(Op::Bin(*op));
            }
            Ex::Unary(op, a) => {
                self.expr(a)?;
                self.emit(Op::Unary(*op));
            }
            Ex::BoolOp(and, a, b) => {
                self.expr(a)?;
                let j =
                    if *and { self.emit(Op::JumpIfFalseOrPop(0)) } else { self.emit(Op::JumpIfTrueOrPop(0)) };
                self.expr(b)?;
                self.patch(j);
            }
            Ex::Compare(first, rest) => {
                self.expr(first)?;
                if rest.len() == 1 {
                    self.expr(&rest[0].1)?;
                    self.emit(Op::Cmp(rest[0].0));
                } else {
                    // a < b < c: keep b for the next comparison; stop at the first false.
                    let mut fails = vec![];
                    for (i, (op, x)) in rest.iter().enumerate() {
                        self.expr(x)?;
                        if i + 1 < rest.len() {
                            self.emit(Op::Dup);
                            self.emit(Op::Rot3);
                            self.emit(Op::Cmp(*op));
                            fails.push(self.emit(Op::JumpIfFalseOrPop(0)));
                        } else {
                            self.emit(Op::Cmp(*op));
                        }
                    }
                    let end = self.emit(Op::Jump(0));
                    for f in fails {
                        self.patch(f);
                    }
                    // The failed comparison's result (False) is on top of the kept operand.
                    self.emit(Op::Rot2);
                    self.emit(Op::Pop);
                    self.patch(end);
                }
            }
            Ex::IfExp(cond, a, b) => {
                self.expr(cond)?;
                let other = self.emit(Op::JumpIfFalse(0));
                self.expr(a)?;
                let end = self.emit(Op::Jump(0));
                self.patch(other);
                self.expr(b)?;
                self.patch(end);
            }
            Ex::Lambda(f) => self.func_def(f)?,
            Ex::Named(n, v) => {
                if self.unit().ops.iter().any(|o| matches!(o, Op::LoadFast(x) if &**x == ".0")) {
                    return Err(unsupported(e.pos, "`:=` inside a comprehension is"));
                }
                self.expr(v)?;
                self.emit(Op::Dup);
                self.store_name(n);
            }
            Ex::Await(x) => {
                if !self.unit().is_async || self.unit().kind != Kind::Function {
                    return Err(error(e.pos, "SyntaxError: 'await' outside async function"));
                }
                self.expr(x)?;
                self.emit(Op::Await(e.pos));
            }
            Ex::Yield(v) => {
                if self.unit().kind != Kind::Function {
                    return Err(error(e.pos, "SyntaxError: 'yield' outside function"));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Op::Const(Value::None));
                    }
                }
                self.emit(Op::Yield);
            }
            Ex::Comp(kind, elt, val, gens) => self.comprehension(*kind, elt, val.as_deref(), gens, e.pos)?,
        }
        Ok(())
    }

    #[allow(clippy::only_used_in_recursion)]
    fn fparts(&mut self, parts: &[FPart], pos: Pos) -> R<usize> {
        let mut n = 0;
        for p in parts {
            match p {
                FPart::Text(t) => {
                    self.emit(Op::Const(Value::str(t)));
                }
                FPart::Field { expr, conv, spec, debug } => {
                    if let Some(d) = debug {
                        self.emit(Op::Const(Value::str(d)));
                        n += 1;
                    }
                    self.expr(expr)?;
                    if !spec.is_empty() {
                        let k = self.fparts(spec, pos)?;
                        self.emit(Op::BuildString(k));
                    }
                    self.emit(Op::Format(*conv, !spec.is_empty(), expr.pos));
                }
            }
            n += 1;
        }
        Ok(n)
    }

    fn call(&mut self, func: &E, args: &[Arg], pos: Pos) -> R<()> {
        if let (Ex::Name(n), true) = (&func.kind, args.is_empty()) {
            if n == "super" && self.unit().kind == Kind::Function {
                self.emit(Op::Super(pos));
                return Ok(());
            }
        }
        self.expr(func)?;
        let simple = args.iter().all(|a| matches!(a, Arg::Pos(_) | Arg::Kw(..)));
        if simple {
            let mut names = vec![];
            for a in args {
                if let Arg::Pos(e) = a {
                    self.expr(e)?;
                }
            }
            for a in args {
                if let Arg::Kw(k, e) = a {
                    if names.iter().any(|n: &Rc<str>| &**n == k) {
                        return Err(error(e.pos, format!("SyntaxError: keyword argument repeated: {k}")));
                    }
                    self.expr(e)?;
                    names.push(rc(k));
                }
            }
            let npos = args.len() - names.len();
            self.emit(Op::Call(npos, Rc::new(names), pos));
            return Ok(());
        }
        self.emit(Op::BuildList(0));
        for a in args {
            match a {
                Arg::Pos(e) => {
                    self.expr(e)?;
                    self.emit(Op::BuildList(1));
                    self.emit(Op::ListExtend);
                }
                Arg::Star(e) => {
                    self.expr(e)?;
                    self.emit(Op::ListExtend);
                }
                _ => {}
            }
        }
        self.emit(Op::ListToTuple);
        self.emit(Op::BuildDict(0));
        for a in args {
            match a {
                Arg::Kw(k, e) => {
                    self.emit(Op::Const(Value::str(k)));
                    self.expr(e)?;
                    self.emit(Op::BuildDict(1));
                    self.emit(Op::DictUpdate);
                }
                Arg::DStar(e) => {
                    self.expr(e)?;
                    self.emit(Op::DictUpdate);
                }
                _ => {}
            }
        }
        self.emit(Op::CallEx(pos));
        Ok(())
    }

    /// A comprehension is a function of its first iterable, called at once (awaited if it
    /// awaits, as CPython does).
    fn comprehension(
        &mut self,
        kind: CompKind,
        elt: &E,
        val: Option<&E>,
        gens: &[CompFor],
        pos: Pos,
    ) -> R<()> {
        let awaits = has_await(elt)
            || val.is_some_and(has_await)
            || gens
                .iter()
                .enumerate()
                .any(|(i, g)| g.is_async || (i > 0 && has_await(&g.iter)) || g.ifs.iter().any(has_await));
        if awaits && !(self.unit().is_async && self.unit().kind == Kind::Function) {
            return Err(error(
                pos,
                "SyntaxError: asynchronous comprehension outside of an asynchronous function",
            ));
        }
        if kind == CompKind::Gen && awaits {
            return Err(unsupported(pos, "asynchronous generator expressions are"));
        }
        let mut scan = Scan::default();
        for g in gens {
            scan.target(&g.target);
        }
        scan.assigned.insert(".0".into());
        let class_name = self.unit().class_name.clone();
        let unit = self.new_unit(Kind::Function, scan, awaits, class_name.clone());
        // The first iterable, evaluated here.
        if gens[0].is_async {
            self.expr(&gens[0].iter)?;
        } else {
            self.expr(&gens[0].iter)?;
            self.emit(Op::GetIter);
        }
        self.units.push(unit);
        let r = self.comp_body(kind, elt, val, gens, pos);
        let u = self.units.pop().ok_or_else(|| error(pos, "internal: no unit"))?;
        r?;
        let name = match kind {
            CompKind::List => "<listcomp>",
            CompKind::Set => "<setcomp>",
            CompKind::Dict => "<dictcomp>",
            CompKind::Gen => "<genexpr>",
        };
        let code = Rc::new(Code {
            name: name.into(),
            ops: u.ops,
            line: pos.line,
            params: vec![".0".into()],
            positional: 1,
            varargs: None,
            varkw: None,
            is_async: awaits,
            is_gen: kind == CompKind::Gen,
            is_class: false,
            internal: self.internal,
            class_name,
        });
        self.emit(Op::MakeFunc(code, 0, Rc::new(vec![])));
        self.emit(Op::Rot2);
        self.emit(Op::Call(1, Rc::new(vec![]), pos));
        if awaits {
            self.emit(Op::Await(pos));
        }
        Ok(())
    }

    fn comp_body(&mut self, kind: CompKind, elt: &E, val: Option<&E>, gens: &[CompFor], pos: Pos) -> R<()> {
        match kind {
            CompKind::List => {
                self.emit(Op::BuildList(0));
            }
            CompKind::Set => {
                self.emit(Op::BuildSet(0));
            }
            CompKind::Dict => {
                self.emit(Op::BuildDict(0));
            }
            CompKind::Gen => {}
        }
        let mut loops = vec![];
        for (i, g) in gens.iter().enumerate() {
            if i == 0 {
                self.emit(Op::LoadFast(rc(".0")));
            } else {
                self.expr(&g.iter)?;
                if !g.is_async {
                    self.emit(Op::GetIter);
                }
            }
            let (start, exit);
            if g.is_async {
                self.emit(Op::GetAIter(pos));
                start = self.here();
                exit = self.emit(Op::SetupExcept(0));
                self.emit(Op::GetANext);
                self.emit(Op::Await(pos));
                self.emit(Op::PopBlock);
            } else {
                start = self.here();
                exit = self.emit(Op::ForIter(0));
            }
            self.assign(&g.target)?;
            let mut skips = vec![];
            for cond in &g.ifs {
                self.expr(cond)?;
                skips.push(self.emit(Op::JumpIfFalse(0)));
            }
            loops.push((start, exit, skips, g.is_async));
        }
        let depth = gens.len() + 1;
        match kind {
            CompKind::List => {
                self.expr(elt)?;
                self.emit(Op::ListAppend(depth));
            }
            CompKind::Set => {
                self.expr(elt)?;
                self.emit(Op::SetAdd(depth));
            }
            CompKind::Dict => {
                self.expr(elt)?;
                if let Some(v) = val {
                    self.expr(v)?;
                }
                self.emit(Op::MapAdd(depth));
            }
            CompKind::Gen => {
                self.expr(elt)?;
                self.emit(Op::Yield);
                self.emit(Op::Pop);
            }
        }
        for (start, exit, skips, is_async) in loops.into_iter().rev() {
            for s in skips {
                self.patch(s);
            }
            self.emit(Op::Jump(start));
            self.patch(exit);
            if is_async {
                self.emit(Op::EndAsyncFor);
            }
        }
        if kind == CompKind::Gen {
            self.emit(Op::Const(Value::None));
        }
        self.emit(Op::Return);
        Ok(())
    }
}
