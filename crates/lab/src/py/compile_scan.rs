//! What the compiler needs to know before compiling a function: the names it assigns (its
//! locals), its `global`/`nonlocal` declarations, whether it yields or awaits.

use std::collections::HashSet;

use super::ast::*;

/// Names a statement list assigns (not looking into nested functions and classes), its
/// `global` and `nonlocal` declarations, and whether it has `yield` / `await`.
#[derive(Default)]
pub(super) struct Scan {
    pub(super) assigned: HashSet<String>,
    pub(super) globals: HashSet<String>,
    pub(super) nonlocals: HashSet<String>,
    pub(super) yields: bool,
}

impl Scan {
    pub(super) fn target(&mut self, e: &E) {
        match &e.kind {
            Ex::Name(n) => {
                self.assigned.insert(n.clone());
            }
            Ex::Tuple(items) | Ex::List(items) => items.iter().for_each(|i| self.target(i)),
            Ex::Star(inner) => self.target(inner),
            _ => self.expr(e),
        }
    }

    pub(super) fn expr(&mut self, e: &E) {
        let mut f = |x: &E| self.expr(x);
        match &e.kind {
            Ex::Yield(v) => {
                self.yields = true;
                if let Some(v) = v {
                    self.expr(v);
                }
            }
            Ex::Lambda(_) | Ex::Name(_) | Ex::Lit(_) => {}
            Ex::Named(n, v) => {
                self.assigned.insert(n.clone());
                self.expr(v);
            }
            // A comprehension's first iterable is evaluated in the enclosing scope.
            Ex::Comp(_, _, _, gens) => f(&gens[0].iter),
            Ex::FStr(parts) => self.fparts(parts),
            Ex::Tuple(v) | Ex::List(v) | Ex::Set(v) => v.iter().for_each(f),
            Ex::Dict(v) => v.iter().for_each(|(k, x)| {
                if let Some(k) = k {
                    self.expr(k);
                }
                self.expr(x);
            }),
            Ex::Star(x) | Ex::Attr(x, _) | Ex::Unary(_, x) | Ex::Await(x) => f(x),
            Ex::Sub(a, b) | Ex::Bin(_, a, b) | Ex::BoolOp(_, a, b) => {
                f(a);
                f(b);
            }
            Ex::Slice(a, b, c) => [a, b, c].into_iter().flatten().for_each(|x| self.expr(x)),
            Ex::Call(func, args) => {
                f(func);
                for a in args {
                    match a {
                        Arg::Pos(x) | Arg::Star(x) | Arg::Kw(_, x) | Arg::DStar(x) => self.expr(x),
                    }
                }
            }
            Ex::Compare(a, rest) => {
                f(a);
                rest.iter().for_each(|(_, x)| self.expr(x));
            }
            Ex::IfExp(a, b, c) => {
                f(a);
                f(b);
                f(c);
            }
        }
    }

    pub(super) fn fparts(&mut self, parts: &[FPart]) {
        for p in parts {
            if let FPart::Field { expr, spec, .. } = p {
                self.expr(expr);
                self.fparts(spec);
            }
        }
    }

    pub(super) fn body(&mut self, body: &[S]) {
        for s in body {
            self.stmt(s);
        }
    }

    pub(super) fn stmt(&mut self, s: &S) {
        match &s.kind {
            St::Expr(e) => self.expr(e),
            St::Assign(ts, v) => {
                ts.iter().for_each(|t| self.target(t));
                self.expr(v);
            }
            St::AugAssign(t, _, v) => {
                self.target(t);
                self.expr(v);
            }
            St::AnnAssign(t, v) => {
                if let Some(v) = v {
                    self.target(t);
                    self.expr(v);
                }
            }
            St::Return(Some(e)) => self.expr(e),
            St::Raise(a, b) => [a, b].into_iter().flatten().for_each(|x| self.expr(x)),
            St::Global(ns) => self.globals.extend(ns.iter().cloned()),
            St::Nonlocal(ns) => self.nonlocals.extend(ns.iter().cloned()),
            St::Assert(a, b) => {
                self.expr(a);
                if let Some(b) = b {
                    self.expr(b);
                }
            }
            St::Del(ts) => ts.iter().for_each(|t| self.target(t)),
            St::Import(items) => {
                for (name, alias) in items {
                    let n = alias.clone().unwrap_or_else(|| name.split('.').next().unwrap_or("").to_string());
                    self.assigned.insert(n);
                }
            }
            St::ImportFrom(_, items) => {
                for (name, alias) in items {
                    self.assigned.insert(alias.clone().unwrap_or_else(|| name.clone()));
                }
            }
            St::If(branches, orelse) => {
                for (c, b) in branches {
                    self.expr(c);
                    self.body(b);
                }
                self.body(orelse);
            }
            St::While(c, b, o) => {
                self.expr(c);
                self.body(b);
                self.body(o);
            }
            St::For { target, iter, body, orelse, .. } => {
                self.target(target);
                self.expr(iter);
                self.body(body);
                self.body(orelse);
            }
            St::Try { body, handlers, orelse, finally } => {
                self.body(body);
                for h in handlers {
                    if let Some(t) = &h.typ {
                        self.expr(t);
                    }
                    if let Some(n) = &h.name {
                        self.assigned.insert(n.clone());
                    }
                    self.body(&h.body);
                }
                self.body(orelse);
                self.body(finally);
            }
            St::With { items, body, .. } => {
                for (e, t) in items {
                    self.expr(e);
                    if let Some(t) = t {
                        self.target(t);
                    }
                }
                self.body(body);
            }
            St::Def(f) => {
                self.assigned.insert(f.name.clone());
                f.decorators.iter().for_each(|d| self.expr(d));
                f.params.iter().filter_map(|p| p.default.as_ref()).for_each(|d| self.expr(d));
            }
            St::Class { name, bases, decorators, .. } => {
                self.assigned.insert(name.clone());
                decorators.iter().for_each(|d| self.expr(d));
                for a in bases {
                    match a {
                        Arg::Pos(x) | Arg::Star(x) | Arg::Kw(_, x) | Arg::DStar(x) => self.expr(x),
                    }
                }
            }
            St::Pass | St::Break | St::Continue | St::Return(None) => {}
        }
    }
}

pub(super) fn has_await(e: &E) -> bool {
    let mut found = false;
    walk_expr(e, &mut |x| found |= matches!(x.kind, Ex::Await(_)));
    found
}

fn walk_expr(e: &E, f: &mut dyn FnMut(&E)) {
    f(e);
    let mut g = |x: &E| walk_expr(x, f);
    match &e.kind {
        Ex::Lambda(_) | Ex::Name(_) | Ex::Lit(_) => {}
        Ex::Yield(v) => {
            if let Some(v) = v {
                g(v);
            }
        }
        Ex::Comp(_, elt, val, gens) => {
            g(elt);
            if let Some(v) = val {
                g(v);
            }
            for c in gens {
                g(&c.iter);
                c.ifs.iter().for_each(&mut g);
            }
        }
        Ex::FStr(parts) => {
            fn fp(parts: &[FPart], g: &mut dyn FnMut(&E)) {
                for p in parts {
                    if let FPart::Field { expr, spec, .. } = p {
                        g(expr);
                        fp(spec, g);
                    }
                }
            }
            fp(parts, &mut g);
        }
        Ex::Tuple(v) | Ex::List(v) | Ex::Set(v) => v.iter().for_each(g),
        Ex::Dict(v) => v.iter().for_each(|(k, x)| {
            if let Some(k) = k {
                g(k);
            }
            g(x);
        }),
        Ex::Star(x) | Ex::Attr(x, _) | Ex::Unary(_, x) | Ex::Await(x) | Ex::Named(_, x) => g(x),
        Ex::Sub(a, b) | Ex::Bin(_, a, b) | Ex::BoolOp(_, a, b) => {
            g(a);
            g(b);
        }
        Ex::Slice(a, b, c) => [a, b, c].into_iter().flatten().for_each(|x| g(x)),
        Ex::Call(func, args) => {
            g(func);
            for a in args {
                match a {
                    Arg::Pos(x) | Arg::Star(x) | Arg::Kw(_, x) | Arg::DStar(x) => g(x),
                }
            }
        }
        Ex::Compare(a, rest) => {
            g(a);
            rest.iter().for_each(|(_, x)| g(x));
        }
        Ex::IfExp(a, b, c) => {
            g(a);
            g(b);
            g(c);
        }
    }
}
