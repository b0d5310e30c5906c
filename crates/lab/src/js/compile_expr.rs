//! Compiling expressions, assignments and destructuring patterns to ops.

use super::ast::*;
use super::compiler::{Compiler, Op};
use super::lexer::{unsupported, Pos};
use crate::CodeError;

impl Compiler<'_> {
    /// `[value]` → `[value or the default when undefined]`.
    pub(super) fn default(&mut self, d: &Expr) -> Result<(), CodeError> {
        let j = self.emit_jump(Op::JumpIfNotUndefined(0));
        self.ops.push(Op::Pop);
        self.expr(d)?;
        let here = self.here();
        self.patch(j, here);
        Ok(())
    }

    /// Pops a value into a pattern: declaring (`kind`) or assigning (`None`).
    pub(super) fn bind(&mut self, p: &Pattern, kind: Option<DeclKind>) -> Result<(), CodeError> {
        match p {
            Pattern::Name(n, pos) => match kind {
                Some(k) => self.ops.push(Op::Declare(n.clone(), k)),
                None => {
                    self.ops.push(Op::Assign(n.clone(), *pos));
                    self.ops.push(Op::Pop);
                }
            },
            Pattern::Target(e) => {
                // [value] → [obj, value] → set.
                match &**e {
                    Expr::Member { obj, prop, pos, .. } => {
                        self.expr(obj)?;
                        self.ops.push(Op::Swap);
                        self.ops.push(Op::SetProp(prop.clone(), *pos));
                    }
                    Expr::Index { obj, index, pos, .. } => {
                        self.expr(obj)?;
                        self.expr(index)?;
                        self.ops.push(Op::Rot3);
                        self.ops.push(Op::Rot3);
                        self.ops.push(Op::SetIndex(*pos));
                    }
                    _ => unreachable!("targets are members"),
                }
                self.ops.push(Op::Pop);
            }
            Pattern::Object { props, rest, pos } => {
                let mut seen = Vec::new();
                for (key, target, default) in props {
                    self.ops.push(Op::Dup);
                    match key {
                        PropKey::Static(k) => {
                            seen.push(k.clone());
                            self.ops.push(Op::GetProp(k.clone(), *pos));
                        }
                        PropKey::Computed(e) => {
                            if rest.is_some() {
                                return unsupported(*pos, "a computed key with a rest element");
                            }
                            self.expr(e)?;
                            self.ops.push(Op::GetIndex(*pos));
                        }
                    }
                    if let Some(d) = default {
                        self.default(d)?;
                    }
                    self.bind(target, kind)?;
                }
                match rest {
                    Some(r) => {
                        self.ops.push(Op::ObjRest(seen, *pos));
                        self.bind(r, kind)?;
                    }
                    None => self.ops.push(Op::Pop),
                }
            }
            Pattern::Array { elems, rest, pos } => {
                self.ops.push(Op::ArrTake(elems.len(), rest.is_some(), *pos));
                for (i, el) in elems.iter().enumerate() {
                    let Some((target, default)) = el else { continue };
                    self.ops.push(Op::ArrItem(i, *pos));
                    if let Some(d) = default {
                        self.default(d)?;
                    }
                    self.bind(target, kind)?;
                }
                if let Some(r) = rest {
                    self.ops.push(Op::ArrRest(elems.len(), *pos));
                    self.bind(r, kind)?;
                }
                // Check it is iterable even when nothing is taken.
                if elems.is_empty() && rest.is_none() {
                    self.ops.push(Op::ArrRest(0, *pos));
                    self.ops.push(Op::Pop);
                }
                self.ops.push(Op::Pop);
            }
        }
        Ok(())
    }

    fn args(&mut self, args: &[Expr]) -> Result<Option<usize>, CodeError> {
        if args.iter().any(|a| matches!(a, Expr::Spread(..))) {
            self.array(args)?;
            return Ok(None);
        }
        for a in args {
            self.expr(a)?;
        }
        Ok(Some(args.len()))
    }

    fn array(&mut self, items: &[Expr]) -> Result<(), CodeError> {
        if items.iter().all(|a| !matches!(a, Expr::Spread(..) | Expr::Hole)) {
            for a in items {
                self.expr(a)?;
            }
            self.ops.push(Op::Array(items.len()));
            return Ok(());
        }
        self.ops.push(Op::Array(0));
        for a in items {
            match a {
                Expr::Spread(e, pos) => {
                    self.expr(e)?;
                    self.ops.push(Op::ArraySpread(*pos));
                }
                Expr::Hole => return unsupported(Pos::default(), "an array with holes (`[1, , 3]`)"),
                e => {
                    self.expr(e)?;
                    self.ops.push(Op::ArrayPush);
                }
            }
        }
        Ok(())
    }

    fn chain_jump(&mut self) {
        let j = self.emit_jump(Op::JumpIfNullish(0));
        if let Some(list) = self.opt_jumps.last_mut() {
            list.push(j);
        }
    }

    /// Compiles a callee and pushes `[this, f]` (method) or `[f]`; returns whether it is a method.
    fn callee(&mut self, callee: &Expr) -> Result<bool, CodeError> {
        Ok(match callee {
            Expr::Member { obj, prop, pos, optional } => {
                self.expr(obj)?;
                if *optional {
                    self.chain_jump();
                }
                self.ops.push(Op::Dup);
                self.ops.push(Op::GetProp(prop.clone(), *pos));
                true
            }
            Expr::Index { obj, index, pos, optional } => {
                self.expr(obj)?;
                if *optional {
                    self.chain_jump();
                }
                self.ops.push(Op::Dup);
                self.expr(index)?;
                self.ops.push(Op::GetIndex(*pos));
                true
            }
            Expr::SuperMember(prop, pos) => {
                self.ops.push(Op::This);
                self.ops.push(Op::SuperGet(prop.clone(), *pos));
                true
            }
            other => {
                self.expr(other)?;
                false
            }
        })
    }

    pub(super) fn expr(&mut self, e: &Expr) -> Result<(), CodeError> {
        match e {
            Expr::Num(n) => self.ops.push(Op::Num(*n)),
            Expr::Str(s) => self.ops.push(Op::Str(s.clone())),
            Expr::Bool(b) => self.ops.push(Op::Bool(*b)),
            Expr::Null => self.ops.push(Op::Null),
            Expr::Template(parts, exprs) => {
                let mut n = 0;
                for (i, part) in parts.iter().enumerate() {
                    if !part.is_empty() {
                        self.ops.push(Op::Str(part.clone()));
                        n += 1;
                    }
                    if let Some(e) = exprs.get(i) {
                        self.expr(e)?;
                        n += 1;
                    }
                }
                self.ops.push(Op::Template(n, Pos::default()));
            }
            Expr::Ident(n, pos) => self.ops.push(Op::Load(n.clone(), *pos)),
            Expr::This(_) => self.ops.push(Op::This),
            Expr::Array(items) => self.array(items)?,
            Expr::Object(props) => {
                self.ops.push(Op::Object);
                for d in props {
                    match (d.kind, &d.key) {
                        (PropKind::Spread, _) => {
                            self.expr(&d.value)?;
                            self.ops.push(Op::ObjSpread(Pos::default()));
                        }
                        (PropKind::Init, PropKey::Static(k)) => {
                            self.expr(&d.value)?;
                            self.ops.push(Op::DefineProp(k.clone()));
                        }
                        (PropKind::Init, PropKey::Computed(k)) => {
                            self.expr(k)?;
                            self.expr(&d.value)?;
                            self.ops.push(Op::DefineIndex(Pos::default()));
                        }
                        (PropKind::Get | PropKind::Set, key) => {
                            match key {
                                PropKey::Static(k) => self.ops.push(Op::Str(k.clone())),
                                PropKey::Computed(k) => self.expr(k)?,
                            }
                            self.expr(&d.value)?;
                            self.ops.push(Op::DefineAccessor(d.kind == PropKind::Get));
                        }
                    }
                }
            }
            Expr::Spread(_, pos) => return unsupported(*pos, "spread `...` here"),
            Expr::Hole => self.ops.push(Op::Undefined),
            Expr::Func(i) => self.ops.push(Op::Closure(*i)),
            Expr::Class(c) => {
                let class = &self.p.classes[*c];
                if let Some(parent) = &class.parent {
                    self.expr(parent)?;
                }
                self.ops.push(Op::Class(*c));
                for m in &class.members {
                    if let (MemberKind::Field(value), true) = (&m.kind, m.is_static) {
                        let PropKey::Static(name) = &m.key else {
                            return unsupported(class.pos, "a computed static field name");
                        };
                        self.ops.push(Op::Dup);
                        match value {
                            Some(v) => self.expr(v)?,
                            None => self.ops.push(Op::Undefined),
                        }
                        self.ops.push(Op::DefineProp(name.clone()));
                        self.ops.push(Op::Pop);
                    }
                }
            }
            Expr::Call { callee, args, pos, optional } => {
                let method = self.callee(callee)?;
                if *optional {
                    self.chain_jump();
                }
                match self.args(args)? {
                    Some(argc) => {
                        self.ops.push(Op::Call { argc, method, pos: *pos, callee: callee_text(callee) })
                    }
                    None => self.ops.push(Op::CallArray { method, pos: *pos, callee: callee_text(callee) }),
                }
            }
            Expr::New { callee, args, pos } => {
                self.expr(callee)?;
                self.array(args)?;
                self.ops.push(Op::New(*pos));
            }
            Expr::Member { obj, prop, pos, optional } => {
                self.expr(obj)?;
                if *optional {
                    self.chain_jump();
                }
                self.ops.push(Op::GetProp(prop.clone(), *pos));
            }
            Expr::Index { obj, index, pos, optional } => {
                self.expr(obj)?;
                if *optional {
                    self.chain_jump();
                }
                self.expr(index)?;
                self.ops.push(Op::GetIndex(*pos));
            }
            Expr::OptChain(inner) => {
                self.opt_jumps.push(Vec::new());
                self.expr(inner)?;
                let jumps = self.opt_jumps.pop().expect("pushed");
                let end = self.emit_jump(Op::Jump(0));
                let short = self.here();
                self.ops.push(Op::Pop);
                self.ops.push(Op::Undefined);
                let here = self.here();
                self.patch(end, here);
                for j in jumps {
                    self.patch(j, short);
                }
            }
            Expr::SuperCall(args, pos) => {
                self.array(args)?;
                self.ops.push(Op::SuperCall(*pos));
                if let Some(c) = self.ctor_of {
                    self.fields(c)?;
                }
            }
            Expr::SuperMember(prop, pos) => {
                self.ops.push(Op::This);
                self.ops.push(Op::SuperGet(prop.clone(), *pos));
                self.ops.push(Op::Swap);
                self.ops.push(Op::Pop);
            }
            Expr::Await(inner, pos) => {
                self.expr(inner)?;
                self.ops.push(Op::Await(*pos));
            }
            Expr::Yield(inner, pos) => {
                match inner {
                    Some(e) => self.expr(e)?,
                    None => self.ops.push(Op::Undefined),
                }
                if self.async_gen {
                    // An async generator awaits what it yields.
                    self.ops.push(Op::Await(*pos));
                }
                self.ops.push(Op::Yield(*pos));
            }
            Expr::Unary(UnOp::TypeOf, inner, _) if matches!(**inner, Expr::Ident(..)) => {
                let Expr::Ident(n, _) = &**inner else { unreachable!() };
                self.ops.push(Op::TypeofName(n.clone()));
            }
            Expr::Unary(op, inner, pos) => {
                self.expr(inner)?;
                self.ops.push(Op::Unary(*op, *pos));
            }
            Expr::Update { target, inc, prefix, pos } => {
                let op = if *inc { BinOp::Add } else { BinOp::Sub };
                // Old value kept under the new one for postfix.
                self.load_target(target)?;
                self.ops.push(Op::Unary(UnOp::Plus, *pos));
                if !prefix {
                    self.ops.push(Op::Dup);
                    self.rotate_under_target(target);
                }
                self.ops.push(Op::Num(1.0));
                self.ops.push(Op::Bin(op, *pos));
                self.store_target(target)?;
                if !prefix {
                    self.ops.push(Op::Pop);
                }
            }
            Expr::Binary(op, a, b, pos) => {
                self.expr(a)?;
                self.expr(b)?;
                self.ops.push(Op::Bin(*op, *pos));
            }
            Expr::Logical(op, a, b) => {
                self.expr(a)?;
                let j = self.emit_jump(match op {
                    LogOp::And => Op::JumpIfFalseKeep(0),
                    LogOp::Or => Op::JumpIfTrueKeep(0),
                    LogOp::Nullish => Op::JumpIfNotNullishKeep(0),
                });
                self.expr(b)?;
                let here = self.here();
                self.patch(j, here);
            }
            Expr::Cond(t, a, b) => {
                self.expr(t)?;
                let j = self.emit_jump(Op::JumpIfFalse(0));
                self.expr(a)?;
                let end = self.emit_jump(Op::Jump(0));
                let here = self.here();
                self.patch(j, here);
                self.expr(b)?;
                let here = self.here();
                self.patch(end, here);
            }
            Expr::Assign { target, op: None, value, .. } => {
                self.prepare_target(target)?;
                self.expr(value)?;
                self.finish_store(target)?;
            }
            Expr::Assign { target, op: Some(AssignOp::Bin(op)), value, pos } => {
                self.load_target(target)?;
                self.expr(value)?;
                self.ops.push(Op::Bin(*op, *pos));
                self.store_target(target)?;
            }
            Expr::Assign { target, op: Some(AssignOp::Log(op)), value, .. } => {
                // `a ||= b`: assigns only when it has to.
                self.load_target(target)?;
                let j = self.emit_jump(match op {
                    LogOp::And => Op::JumpIfFalseKeep(0),
                    LogOp::Or => Op::JumpIfTrueKeep(0),
                    LogOp::Nullish => Op::JumpIfNotNullishKeep(0),
                });
                self.expr(value)?;
                self.store_target(target)?;
                let end = self.emit_jump(Op::Jump(0));
                let here = self.here();
                self.patch(j, here);
                // Not assigned: drop the object (and key) kept for the store.
                self.drop_target_keep_value(target);
                let here = self.here();
                self.patch(end, here);
            }
            Expr::AssignPattern(p, value) => {
                self.expr(value)?;
                self.ops.push(Op::Dup);
                self.bind(p, None)?;
            }
            Expr::Seq(all) => {
                for (i, e) in all.iter().enumerate() {
                    self.expr(e)?;
                    if i + 1 < all.len() {
                        self.ops.push(Op::Pop);
                    }
                }
            }
        }
        Ok(())
    }

    /// Pushes what a store into `target` needs (nothing for a name; the object; the object and key).
    fn prepare_target(&mut self, target: &Expr) -> Result<(), CodeError> {
        match target {
            Expr::Ident(..) => {}
            Expr::Member { obj, .. } => self.expr(obj)?,
            Expr::Index { obj, index, .. } => {
                self.expr(obj)?;
                self.expr(index)?;
            }
            _ => unreachable!("checked by the parser"),
        }
        Ok(())
    }

    /// `[prepared…, value]` → `[value]`.
    fn finish_store(&mut self, target: &Expr) -> Result<(), CodeError> {
        match target {
            Expr::Ident(n, pos) => self.ops.push(Op::Assign(n.clone(), *pos)),
            Expr::Member { prop, pos, .. } => self.ops.push(Op::SetProp(prop.clone(), *pos)),
            Expr::Index { pos, .. } => self.ops.push(Op::SetIndex(*pos)),
            _ => unreachable!("checked by the parser"),
        }
        Ok(())
    }

    /// `[]` → `[prepared…, current value]`.
    fn load_target(&mut self, target: &Expr) -> Result<(), CodeError> {
        match target {
            Expr::Ident(n, pos) => self.ops.push(Op::Load(n.clone(), *pos)),
            Expr::Member { obj, prop, pos, .. } => {
                self.expr(obj)?;
                self.ops.push(Op::Dup);
                self.ops.push(Op::GetProp(prop.clone(), *pos));
            }
            Expr::Index { obj, index, pos, .. } => {
                self.expr(obj)?;
                self.expr(index)?;
                self.ops.push(Op::Dup2);
                self.ops.push(Op::GetIndex(*pos));
            }
            _ => unreachable!("checked by the parser"),
        }
        Ok(())
    }

    fn store_target(&mut self, target: &Expr) -> Result<(), CodeError> {
        self.finish_store(target)
    }

    /// Postfix `x++`: `[prepared…, old, old]` → `[old, prepared…, old]`.
    fn rotate_under_target(&mut self, target: &Expr) {
        match target {
            Expr::Ident(..) => {}
            Expr::Member { .. } => self.ops.push(Op::Rot3),
            Expr::Index { .. } => self.ops.push(Op::Rot4),
            _ => {}
        }
    }

    /// `[prepared…, value]` → `[value]`.
    fn drop_target_keep_value(&mut self, target: &Expr) {
        let n = match target {
            Expr::Ident(..) => 0,
            Expr::Member { .. } => 1,
            _ => 2,
        };
        for _ in 0..n {
            self.ops.push(Op::Swap);
            self.ops.push(Op::Pop);
        }
    }
}

/// A callee as V8 writes it in "x is not a function" (`a.b`, `a[0]`, `f(...)`), when it can.
fn callee_text(e: &Expr) -> Option<std::rc::Rc<str>> {
    Some(match e {
        Expr::Ident(n, _) => n.clone(),
        Expr::This(_) => "this".into(),
        Expr::Member { obj, prop, optional: false, .. } => format!("{}.{prop}", callee_text(obj)?).into(),
        Expr::Index { obj, index, optional: false, .. } => match &**index {
            Expr::Num(n) => format!("{}[{}]", callee_text(obj)?, super::print::number(*n)).into(),
            Expr::Str(s)
                if !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$') =>
            {
                format!("{}.{s}", callee_text(obj)?).into()
            }
            _ => return None,
        },
        Expr::Call { callee, optional: false, .. } => format!("{}(...)", callee_text(callee)?).into(),
        _ => return None,
    })
}
