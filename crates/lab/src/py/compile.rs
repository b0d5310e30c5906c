//! The compiler: a syntax tree → the stack machine's ops, one [`Code`] per module, class body,
//! function, lambda and comprehension. Names are resolved as Python resolves them: local to a
//! function (assigned in it and not declared `global`/`nonlocal`), free (local to an enclosing
//! function: found `depth` scopes up), or global (then builtin). `finally` bodies are compiled
//! again at every `return`, `break` and `continue` that leaves them, as CPython does.

use std::collections::HashSet;
use std::rc::Rc;

use super::ast::*;
pub(super) use super::compile_scan::{has_await, Scan};
use super::value::Value;
use super::{error, unsupported, Pos, R};

#[derive(Clone, Debug)]
pub(super) enum Op {
    Line(u32),
    /// A statement finished: record a frame.
    Stmt,
    Const(Value),
    LoadFast(Rc<str>),
    StoreFast(Rc<str>),
    DelFast(Rc<str>),
    LoadDeref(usize, Rc<str>),
    StoreDeref(usize, Rc<str>),
    LoadGlobal(Rc<str>),
    StoreGlobal(Rc<str>),
    DelGlobal(Rc<str>),
    /// In a class body: the class namespace, then globals and builtins.
    LoadName(Rc<str>),
    LoadAttr(Rc<str>),
    StoreAttr(Rc<str>),
    DelAttr(Rc<str>),
    LoadSub,
    StoreSub,
    DelSub,
    Pop,
    Dup,
    Dup2,
    Rot2,
    Rot3,
    Bin(BinOp),
    InPlace(BinOp),
    Unary(UnOp),
    Cmp(CmpOp),
    Jump(usize),
    JumpIfFalse(usize),
    JumpIfTrue(usize),
    JumpIfFalseOrPop(usize),
    JumpIfTrueOrPop(usize),
    BuildList(usize),
    BuildTuple(usize),
    BuildSet(usize),
    BuildDict(usize),
    BuildSlice,
    /// Stack: list, iterable: extends the list.
    ListExtend,
    ListToTuple,
    ListToSet,
    /// Stack: dict, mapping.
    DictUpdate,
    /// Appends the top to the list `n` below it (comprehensions).
    ListAppend(usize),
    SetAdd(usize),
    MapAdd(usize),
    /// Positional count and keyword names (their values follow the positional ones).
    Call(usize, Rc<Vec<Rc<str>>>, Pos),
    /// Stack: callable, tuple of args, dict of kwargs.
    CallEx(Pos),
    GetIter,
    ForIter(usize),
    Unpack(usize),
    UnpackEx(usize, usize),
    /// Defaults (positional, then keyword-only values named by the list) are on the stack.
    MakeFunc(Rc<Code>, usize, Rc<Vec<String>>),
    /// Stack: bases; runs the body and makes the class.
    MakeClass(Rc<Code>, usize),
    Return,
    Yield,
    Await(Pos),
    SetupExcept(usize),
    SetupFinally(usize),
    PopBlock,
    /// Stack: exception, type (or tuple): pushes whether it matches.
    ExcMatch,
    /// 0: re-raise the exception being handled; 1: raise the top; 2: raise with a cause.
    Raise(u8),
    /// An `except` clause finished: the exception is no longer being handled.
    PopExcept,
    /// No clause matched: raise the exception on the stack again.
    Reraise,
    /// The end of a `finally` body: the top is `None` (normal) or the exception to raise again.
    EndFinally,
    /// Stack: context manager → its exit method and the result of enter (an awaitable if async).
    WithEnter(bool),
    /// Stack: exit: calls `exit(None, None, None)` (leaves the awaitable if async, else nothing).
    WithExitNormal(bool),
    /// Stack: exit, exception: calls `exit(type, exc, None)`; leaves exception, result.
    WithExitExc,
    /// Stack: exception, exit's result: suppresses (pops both) or raises the exception.
    WithSuppress,
    ImportName(Rc<str>, Pos),
    ImportFrom(Rc<str>, Pos),
    /// An f-string field: conversion, whether a format spec is on the stack.
    Format(Option<char>, bool, Pos),
    BuildString(usize),
    GetAIter(Pos),
    GetANext,
    /// Stack: async iterator, exception: ends the loop on `StopAsyncIteration`.
    EndAsyncFor,
    /// Marks the current frame's function as having done `super()` setup: pushes `super()`.
    Super(Pos),
    /// Decorates: stack: decorator, value → decorator(value).
    Decorate(Pos),
    /// In a class body, `name: type`: the name joins `__annotations__` (dataclass fields).
    Annotate(Rc<str>),
}

#[derive(Debug)]
pub(super) struct Code {
    pub(super) name: String,
    pub(super) ops: Vec<Op>,
    pub(super) line: u32,
    pub(super) params: Vec<String>,
    /// How many of `params` are positional (the rest are keyword-only).
    pub(super) positional: usize,
    pub(super) varargs: Option<String>,
    pub(super) varkw: Option<String>,
    pub(super) is_async: bool,
    pub(super) is_gen: bool,
    pub(super) is_class: bool,
    /// The runtime's own code (asyncio's classes): no frames are recorded inside it.
    pub(super) internal: bool,
    /// For `super()`: the name of the class a method is defined in (the class body's name).
    pub(super) class_name: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Module,
    Class,
    Function,
}

pub(super) enum Block {
    Loop { start: usize, breaks: Vec<usize>, has_iter: bool },
    Except,
    Finally(Rc<Vec<S>>),
    With(bool),
    Handler,
}

pub(super) struct Unit {
    pub(super) kind: Kind,
    pub(super) locals: HashSet<String>,
    pub(super) globals: HashSet<String>,
    pub(super) nonlocals: HashSet<String>,
    pub(super) ops: Vec<Op>,
    pub(super) blocks: Vec<Block>,
    pub(super) is_async: bool,
    pub(super) class_name: Option<String>,
}

pub(super) struct Compiler {
    pub(super) units: Vec<Unit>,
    pub(super) internal: bool,
}

pub(super) fn compile_module(body: &[S], internal: bool) -> R<Rc<Code>> {
    let mut c = Compiler { units: vec![], internal };
    c.units.push(Unit {
        kind: Kind::Module,
        locals: HashSet::new(),
        globals: HashSet::new(),
        nonlocals: HashSet::new(),
        ops: vec![],
        blocks: vec![],
        is_async: false,
        class_name: None,
    });
    c.body(body)?;
    c.emit(Op::Const(Value::None));
    c.emit(Op::Return);
    let u = c.units.pop().ok_or_else(|| error(Pos { line: 0, col: 0 }, "internal: no unit"))?;
    Ok(Rc::new(Code {
        name: "<module>".into(),
        ops: u.ops,
        line: 0,
        params: vec![],
        positional: 0,
        varargs: None,
        varkw: None,
        is_async: false,
        is_gen: false,
        is_class: false,
        internal,
        class_name: None,
    }))
}

pub(super) fn rc(s: &str) -> Rc<str> {
    Rc::from(s)
}

impl Compiler {
    pub(super) fn unit(&mut self) -> &mut Unit {
        let n = self.units.len();
        &mut self.units[n - 1]
    }

    pub(super) fn emit(&mut self, op: Op) -> usize {
        let u = self.unit();
        u.ops.push(op);
        u.ops.len() - 1
    }

    pub(super) fn here(&mut self) -> usize {
        self.unit().ops.len()
    }

    pub(super) fn patch(&mut self, at: usize) {
        let target = self.here();
        match &mut self.unit().ops[at] {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::JumpIfTrue(t)
            | Op::JumpIfFalseOrPop(t)
            | Op::JumpIfTrueOrPop(t)
            | Op::ForIter(t)
            | Op::SetupExcept(t)
            | Op::SetupFinally(t) => *t = target,
            _ => {}
        }
    }

    pub(super) fn body(&mut self, body: &[S]) -> R<()> {
        body.iter().try_for_each(|s| self.stmt(s))
    }

    // --- names ------------------------------------------------------------------------------

    pub(super) fn load(&mut self, name: &str) {
        let op = self.resolve(name, true);
        self.emit(op);
    }

    pub(super) fn store_name(&mut self, name: &str) {
        let op = self.resolve(name, false);
        self.emit(op);
    }

    pub(super) fn resolve(&self, name: &str, load: bool) -> Op {
        let u = &self.units[self.units.len() - 1];
        let n = rc(name);
        if u.globals.contains(name) || u.kind == Kind::Module {
            return if load { Op::LoadGlobal(n) } else { Op::StoreGlobal(n) };
        }
        if u.kind == Kind::Class && (u.locals.contains(name) || !load) {
            return if load { Op::LoadName(n) } else { Op::StoreFast(n) };
        }
        if u.kind == Kind::Function && u.locals.contains(name) && !u.nonlocals.contains(name) {
            return if load { Op::LoadFast(n) } else { Op::StoreFast(n) };
        }
        // Free: the nearest enclosing function that has it as a local.
        let mut depth = 0;
        for outer in self.units[..self.units.len() - 1].iter().rev() {
            if outer.kind != Kind::Function {
                continue;
            }
            depth += 1;
            if outer.locals.contains(name) && !outer.nonlocals.contains(name) && !outer.globals.contains(name)
            {
                return if load { Op::LoadDeref(depth, n) } else { Op::StoreDeref(depth, n) };
            }
        }
        if u.kind == Kind::Class {
            return Op::LoadName(n);
        }
        if load {
            Op::LoadGlobal(n)
        } else {
            Op::StoreGlobal(n)
        }
    }

    // --- statements ---------------------------------------------------------------------------

    pub(super) fn stmt(&mut self, s: &S) -> R<()> {
        self.emit(Op::Line(s.pos.line));
        match &s.kind {
            St::Expr(e) => {
                self.expr(e)?;
                self.emit(Op::Pop);
            }
            St::Assign(targets, value) => {
                self.expr(value)?;
                for (i, t) in targets.iter().enumerate() {
                    if i + 1 < targets.len() {
                        self.emit(Op::Dup);
                    }
                    self.assign(t)?;
                }
            }
            St::AugAssign(target, op, value) => self.aug_assign(target, *op, value)?,
            St::AnnAssign(target, value) => {
                if let (Ex::Name(n), Kind::Class) = (&target.kind, self.unit().kind) {
                    self.emit(Op::Annotate(rc(n)));
                }
                if let Some(v) = value {
                    self.expr(v)?;
                    self.assign(target)?;
                }
            }
            St::Pass => {}
            St::Break | St::Continue => self.jump_out(s)?,
            St::Return(v) => {
                if self.unit().kind != Kind::Function {
                    return Err(error(s.pos, "SyntaxError: 'return' outside function"));
                }
                match v {
                    Some(v) => self.expr(v)?,
                    None => {
                        self.emit(Op::Const(Value::None));
                    }
                }
                if !self.unit().blocks.is_empty() {
                    self.emit(Op::StoreFast(rc("$return")));
                    self.unwind(0)?;
                    self.emit(Op::LoadFast(rc("$return")));
                }
                self.emit(Op::Stmt);
                self.emit(Op::Return);
                return Ok(());
            }
            St::Raise(e, cause) => match (e, cause) {
                (None, _) => {
                    self.emit(Op::Raise(0));
                }
                (Some(e), None) => {
                    self.expr(e)?;
                    self.emit(Op::Raise(1));
                }
                (Some(e), Some(c)) => {
                    self.expr(e)?;
                    self.expr(c)?;
                    self.emit(Op::Raise(2));
                }
            },
            St::Global(_) | St::Nonlocal(_) => {}
            St::Assert(cond, msg) => {
                self.expr(cond)?;
                let ok = self.emit(Op::JumpIfTrue(0));
                self.load("AssertionError");
                let argc = match msg {
                    Some(m) => {
                        self.expr(m)?;
                        1
                    }
                    None => 0,
                };
                self.emit(Op::Call(argc, Rc::new(vec![]), s.pos));
                self.emit(Op::Raise(1));
                self.patch(ok);
            }
            St::Del(targets) => {
                for t in targets {
                    match &t.kind {
                        Ex::Name(n) => {
                            let op = match self.resolve(n, false) {
                                Op::StoreFast(n) => Op::DelFast(n),
                                Op::StoreGlobal(n) => Op::DelGlobal(n),
                                _ => return Err(unsupported(t.pos, "`del` of this name is")),
                            };
                            self.emit(op);
                        }
                        Ex::Sub(obj, idx) => {
                            self.expr(obj)?;
                            self.expr(idx)?;
                            self.emit(Op::DelSub);
                        }
                        Ex::Attr(obj, name) => {
                            self.expr(obj)?;
                            self.emit(Op::DelAttr(rc(name)));
                        }
                        _ => return Err(error(t.pos, "SyntaxError: cannot delete expression")),
                    }
                }
            }
            St::Import(items) => {
                for (name, alias) in items {
                    self.emit(Op::ImportName(rc(name), s.pos));
                    match alias {
                        Some(a) => self.store_name(a),
                        None => {
                            if name.contains('.') {
                                return Err(unsupported(s.pos, "importing a submodule without `as` is"));
                            }
                            self.store_name(name);
                        }
                    }
                }
            }
            St::ImportFrom(module, items) => {
                self.emit(Op::ImportName(rc(module), s.pos));
                for (name, alias) in items {
                    self.emit(Op::ImportFrom(rc(name), s.pos));
                    self.store_name(alias.as_deref().unwrap_or(name));
                }
                self.emit(Op::Pop);
            }
            St::If(branches, orelse) => {
                let mut ends = vec![];
                for (cond, body) in branches {
                    self.expr(cond)?;
                    let skip = self.emit(Op::JumpIfFalse(0));
                    self.emit(Op::Stmt);
                    self.body(body)?;
                    ends.push(self.emit(Op::Jump(0)));
                    self.patch(skip);
                }
                self.emit(Op::Stmt);
                self.body(orelse)?;
                for e in ends {
                    self.patch(e);
                }
                return Ok(());
            }
            St::While(cond, body, orelse) => {
                let start = self.here();
                self.emit(Op::Line(s.pos.line));
                self.expr(cond)?;
                let exit = self.emit(Op::JumpIfFalse(0));
                self.emit(Op::Stmt);
                self.unit().blocks.push(Block::Loop { start, breaks: vec![], has_iter: false });
                self.body(body)?;
                self.emit(Op::Jump(start));
                let Some(Block::Loop { breaks, .. }) = self.unit().blocks.pop() else { return Ok(()) };
                self.patch(exit);
                self.emit(Op::Stmt);
                self.body(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
                return Ok(());
            }
            St::For { target, iter, body, orelse, is_async } => {
                self.expr(iter)?;
                let (start, exit);
                if *is_async {
                    if !self.unit().is_async {
                        return Err(error(s.pos, "SyntaxError: 'async for' outside async function"));
                    }
                    self.emit(Op::GetAIter(s.pos));
                    start = self.here();
                    self.emit(Op::Line(s.pos.line));
                    exit = self.emit(Op::SetupExcept(0));
                    self.emit(Op::GetANext);
                    self.emit(Op::Await(s.pos));
                    self.emit(Op::PopBlock);
                } else {
                    self.emit(Op::GetIter);
                    start = self.here();
                    self.emit(Op::Line(s.pos.line));
                    exit = self.emit(Op::ForIter(0));
                }
                self.assign(target)?;
                self.emit(Op::Stmt);
                self.unit().blocks.push(Block::Loop { start, breaks: vec![], has_iter: true });
                self.body(body)?;
                self.emit(Op::Jump(start));
                let Some(Block::Loop { breaks, .. }) = self.unit().blocks.pop() else { return Ok(()) };
                self.patch(exit);
                if *is_async {
                    self.emit(Op::EndAsyncFor);
                }
                self.body(orelse)?;
                for b in breaks {
                    self.patch(b);
                }
                return Ok(());
            }
            St::Try { body, handlers, orelse, finally } => {
                return self.try_stmt(body, handlers, orelse, finally)
            }
            St::With { items, body, is_async } => {
                if *is_async && !self.unit().is_async {
                    return Err(error(s.pos, "SyntaxError: 'async with' outside async function"));
                }
                return self.with_stmt(items, body, *is_async, s.pos);
            }
            St::Def(f) => {
                self.func_def(f)?;
                self.store_name(&f.name);
            }
            St::Class { name, bases, body, decorators } => {
                for d in decorators {
                    self.expr(d)?;
                }
                let mut n = 0;
                for a in bases {
                    match a {
                        Arg::Pos(e) => {
                            self.expr(e)?;
                            n += 1;
                        }
                        Arg::Kw(k, _) if k == "metaclass" => {
                            return Err(unsupported(s.pos, "metaclasses are"))
                        }
                        Arg::Kw(..) => {}
                        _ => return Err(unsupported(s.pos, "star arguments in a class's bases are")),
                    }
                }
                let code = self.class_body(name, body, s.pos)?;
                self.emit(Op::MakeClass(code, n));
                for _ in decorators {
                    self.emit(Op::Decorate(s.pos));
                }
                self.store_name(name);
            }
        }
        self.emit(Op::Stmt);
        Ok(())
    }

    /// Emits what leaving the blocks above `keep` needs: iterators popped, handlers and
    /// `finally` bodies run, context managers exited.
    pub(super) fn unwind(&mut self, keep: usize) -> R<()> {
        let n = self.unit().blocks.len();
        for i in (keep..n).rev() {
            let saved: Vec<Block> = self.unit().blocks.drain(i..).collect();
            let r = match &saved[0] {
                Block::Loop { has_iter, .. } => {
                    if *has_iter {
                        self.emit(Op::Pop);
                    }
                    Ok(())
                }
                Block::Except => {
                    self.emit(Op::PopBlock);
                    Ok(())
                }
                Block::Handler => {
                    self.emit(Op::PopExcept);
                    Ok(())
                }
                Block::Finally(body) => {
                    self.emit(Op::PopBlock);
                    let body = Rc::clone(body);
                    self.body(&body)
                }
                Block::With(is_async) => {
                    let a = *is_async;
                    self.emit(Op::PopBlock);
                    self.emit(Op::WithExitNormal(a));
                    if a {
                        self.emit(Op::Await(Pos { line: 0, col: 0 }));
                        self.emit(Op::Pop);
                    }
                    Ok(())
                }
            };
            self.unit().blocks.extend(saved);
            r?;
        }
        Ok(())
    }

    pub(super) fn jump_out(&mut self, s: &S) -> R<()> {
        let brk = matches!(s.kind, St::Break);
        let Some(at) = self.unit().blocks.iter().rposition(|b| matches!(b, Block::Loop { .. })) else {
            let what = if brk { "'break' outside loop" } else { "'continue' not properly in loop" };
            return Err(error(s.pos, format!("SyntaxError: {what}")));
        };
        self.unwind(at + 1)?;
        self.emit(Op::Stmt);
        if brk {
            if let Block::Loop { has_iter: true, .. } = self.unit().blocks[at] {
                self.emit(Op::Pop);
            }
            let j = self.emit(Op::Jump(0));
            if let Block::Loop { breaks, .. } = &mut self.unit().blocks[at] {
                breaks.push(j);
            }
        } else if let Block::Loop { start, .. } = self.unit().blocks[at] {
            self.emit(Op::Jump(start));
        }
        Ok(())
    }

    pub(super) fn try_stmt(
        &mut self,
        body: &[S],
        handlers: &[Handler],
        orelse: &[S],
        finally: &[S],
    ) -> R<()> {
        let fin = if finally.is_empty() {
            None
        } else {
            let at = self.emit(Op::SetupFinally(0));
            self.unit().blocks.push(Block::Finally(Rc::new(finally.to_vec())));
            Some(at)
        };
        self.emit(Op::Stmt);
        if handlers.is_empty() {
            self.body(body)?;
        } else {
            let setup = self.emit(Op::SetupExcept(0));
            self.unit().blocks.push(Block::Except);
            self.body(body)?;
            self.unit().blocks.pop();
            self.emit(Op::PopBlock);
            self.body(orelse)?;
            let mut ends = vec![self.emit(Op::Jump(0))];
            self.patch(setup);
            if handlers.first().is_some_and(|h| h.star) {
                self.star_handlers(handlers)?;
                ends.push(self.emit(Op::Jump(0)));
            }
            for h in handlers.iter().filter(|h| !h.star) {
                self.emit(Op::Line(h.pos.line));
                let next = match &h.typ {
                    Some(t) => {
                        self.emit(Op::Dup);
                        self.expr(t)?;
                        self.emit(Op::ExcMatch);
                        Some(self.emit(Op::JumpIfFalse(0)))
                    }
                    None => None,
                };
                match &h.name {
                    Some(n) => self.store_name(n),
                    None => {
                        self.emit(Op::Pop);
                    }
                }
                self.emit(Op::Stmt);
                self.unit().blocks.push(Block::Handler);
                self.body(&h.body)?;
                self.unit().blocks.pop();
                self.emit(Op::PopExcept);
                ends.push(self.emit(Op::Jump(0)));
                if let Some(n) = next {
                    self.patch(n);
                }
            }
            self.emit(Op::Reraise);
            for e in ends {
                self.patch(e);
            }
        }
        if let Some(at) = fin {
            self.unit().blocks.pop();
            self.emit(Op::PopBlock);
            self.emit(Op::Const(Value::None));
            self.patch(at);
            self.body(finally)?;
            self.emit(Op::EndFinally);
        }
        Ok(())
    }

    /// `except*` clauses: each takes the part of the group its types match (`_star_split` in
    /// the prelude); what no clause took is raised again as a group.
    fn star_handlers(&mut self, handlers: &[Handler]) -> R<()> {
        for h in handlers {
            self.emit(Op::Line(h.pos.line));
            self.emit(Op::LoadGlobal(rc("_star_split")));
            self.emit(Op::Rot2);
            if let Some(t) = &h.typ {
                self.expr(t)?;
            }
            self.emit(Op::Call(2, Rc::new(vec![]), h.pos));
            self.emit(Op::Unpack(2));
            self.emit(Op::Dup);
            self.emit(Op::Const(Value::None));
            self.emit(Op::Cmp(CmpOp::Is));
            let skip = self.emit(Op::JumpIfTrue(0));
            match &h.name {
                Some(n) => self.store_name(n),
                None => {
                    self.emit(Op::Pop);
                }
            }
            self.emit(Op::Stmt);
            self.unit().blocks.push(Block::Handler);
            self.body(&h.body)?;
            self.unit().blocks.pop();
            let next = self.emit(Op::Jump(0));
            self.patch(skip);
            self.emit(Op::Pop);
            self.patch(next);
        }
        // Stack: what is left (None when every part was handled).
        self.emit(Op::Dup);
        self.emit(Op::Const(Value::None));
        self.emit(Op::Cmp(CmpOp::Is));
        let raise = self.emit(Op::JumpIfFalse(0));
        self.emit(Op::Pop);
        self.emit(Op::PopExcept);
        let done = self.emit(Op::Jump(0));
        self.patch(raise);
        self.emit(Op::Reraise);
        self.patch(done);
        Ok(())
    }

    pub(super) fn with_stmt(&mut self, items: &[(E, Option<E>)], body: &[S], a: bool, pos: Pos) -> R<()> {
        let Some(((ctx, target), rest)) = items.split_first() else { return self.body(body) };
        self.expr(ctx)?;
        self.emit(Op::WithEnter(a));
        if a {
            self.emit(Op::Await(pos));
        }
        match target {
            Some(t) => self.assign(t)?,
            None => {
                self.emit(Op::Pop);
            }
        }
        let setup = self.emit(Op::SetupExcept(0));
        self.unit().blocks.push(Block::With(a));
        self.emit(Op::Stmt);
        if rest.is_empty() {
            self.body(body)?;
        } else {
            self.emit(Op::Line(pos.line));
            self.with_stmt(rest, body, a, pos)?;
        }
        self.unit().blocks.pop();
        self.emit(Op::PopBlock);
        self.emit(Op::Line(pos.line));
        self.emit(Op::WithExitNormal(a));
        if a {
            self.emit(Op::Await(pos));
            self.emit(Op::Pop);
        }
        let end = self.emit(Op::Jump(0));
        self.patch(setup);
        self.emit(Op::WithExitExc);
        if a {
            self.emit(Op::Await(pos));
        }
        self.emit(Op::WithSuppress);
        self.patch(end);
        Ok(())
    }

    pub(super) fn aug_assign(&mut self, target: &E, op: BinOp, value: &E) -> R<()> {
        match &target.kind {
            Ex::Name(n) => {
                self.load(n);
                self.expr(value)?;
                self.emit(Op::InPlace(op));
                self.store_name(n);
            }
            Ex::Attr(obj, name) => {
                self.expr(obj)?;
                self.emit(Op::Dup);
                self.emit(Op::LoadAttr(rc(name)));
                self.expr(value)?;
                self.emit(Op::InPlace(op));
                self.emit(Op::Rot2);
                self.emit(Op::StoreAttr(rc(name)));
            }
            Ex::Sub(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::Dup2);
                self.emit(Op::LoadSub);
                self.expr(value)?;
                self.emit(Op::InPlace(op));
                self.emit(Op::Rot3);
                self.emit(Op::StoreSub);
            }
            _ => return Err(error(target.pos, "SyntaxError: illegal expression for augmented assignment")),
        }
        Ok(())
    }

    /// Stores the top of the stack into `t`.
    pub(super) fn assign(&mut self, t: &E) -> R<()> {
        match &t.kind {
            Ex::Name(n) => self.store_name(n),
            Ex::Attr(obj, name) => {
                self.expr(obj)?;
                self.emit(Op::StoreAttr(rc(name)));
            }
            Ex::Sub(obj, idx) => {
                self.expr(obj)?;
                self.expr(idx)?;
                self.emit(Op::StoreSub);
            }
            Ex::Tuple(items) | Ex::List(items) => {
                let star = items.iter().position(|i| matches!(i.kind, Ex::Star(_)));
                match star {
                    Some(k) => {
                        if items.iter().filter(|i| matches!(i.kind, Ex::Star(_))).count() > 1 {
                            return Err(error(
                                t.pos,
                                "SyntaxError: multiple starred expressions in assignment",
                            ));
                        }
                        self.emit(Op::UnpackEx(k, items.len() - k - 1));
                    }
                    None => {
                        self.emit(Op::Unpack(items.len()));
                    }
                }
                for i in items {
                    match &i.kind {
                        Ex::Star(inner) => self.assign(inner)?,
                        _ => self.assign(i)?,
                    }
                }
            }
            _ => return Err(error(t.pos, "SyntaxError: cannot assign to expression")),
        }
        Ok(())
    }

    // --- functions and classes ------------------------------------------------------------------

    pub(super) fn func_def(&mut self, f: &Rc<FuncDef>) -> R<()> {
        for d in &f.decorators {
            self.expr(d)?;
        }
        let mut npos = 0;
        let mut kwnames = vec![];
        for p in &f.params {
            if let Some(d) = &p.default {
                self.expr(d)?;
                match p.kind {
                    ParamKind::KwOnly => kwnames.push(p.name.clone()),
                    _ => npos += 1,
                }
            }
        }
        // Keyword-only defaults were pushed among positional ones in order; reorder is not
        // needed because each is pushed in parameter order and positional ones come first.
        let code = self.function(f)?;
        self.emit(Op::MakeFunc(code, npos, Rc::new(kwnames)));
        for _ in &f.decorators {
            self.emit(Op::Decorate(f.pos));
        }
        Ok(())
    }

    pub(super) fn new_unit(
        &self,
        kind: Kind,
        scan: Scan,
        is_async: bool,
        class_name: Option<String>,
    ) -> Unit {
        let mut locals = scan.assigned;
        for g in scan.globals.iter().chain(&scan.nonlocals) {
            locals.remove(g);
        }
        Unit {
            kind,
            locals,
            globals: scan.globals,
            nonlocals: scan.nonlocals,
            ops: vec![],
            blocks: vec![],
            is_async,
            class_name,
        }
    }

    pub(super) fn enclosing_class(&self) -> Option<String> {
        let u = &self.units[self.units.len() - 1];
        match u.kind {
            Kind::Class => u.class_name.clone(),
            _ => None,
        }
    }

    pub(super) fn function(&mut self, f: &FuncDef) -> R<Rc<Code>> {
        let mut scan = Scan::default();
        scan.body(&f.body);
        for p in &f.params {
            scan.assigned.insert(p.name.clone());
        }
        for n in &scan.nonlocals {
            let found = self.units.iter().any(|u| u.kind == Kind::Function && u.locals.contains(n));
            if !found {
                return Err(error(f.pos, format!("SyntaxError: no binding for nonlocal '{n}' found")));
            }
        }
        let is_gen = scan.yields;
        let class_name = self.enclosing_class().or_else(|| self.unit().class_name.clone());
        let unit = self.new_unit(Kind::Function, scan, f.is_async, class_name.clone());
        self.units.push(unit);
        let r = self.body(&f.body);
        self.emit(Op::Const(Value::None));
        self.emit(Op::Return);
        let u = self.units.pop().ok_or_else(|| error(f.pos, "internal: no unit"))?;
        r?;
        let positional = f.params.iter().filter(|p| p.kind == ParamKind::Normal).count();
        let mut params: Vec<String> =
            f.params.iter().filter(|p| p.kind == ParamKind::Normal).map(|p| p.name.clone()).collect();
        params.extend(f.params.iter().filter(|p| p.kind == ParamKind::KwOnly).map(|p| p.name.clone()));
        let find = |k| f.params.iter().find(|p| p.kind == k).map(|p| p.name.clone());
        Ok(Rc::new(Code {
            name: f.name.clone(),
            ops: u.ops,
            line: f.pos.line,
            params,
            positional,
            varargs: find(ParamKind::VarArgs),
            varkw: find(ParamKind::VarKw),
            is_async: f.is_async,
            is_gen,
            is_class: false,
            internal: self.internal,
            class_name,
        }))
    }

    pub(super) fn class_body(&mut self, name: &str, body: &[S], pos: Pos) -> R<Rc<Code>> {
        let mut scan = Scan::default();
        scan.body(body);
        let unit = self.new_unit(Kind::Class, scan, false, Some(name.to_string()));
        self.units.push(unit);
        let r = self.body(body);
        self.emit(Op::Const(Value::None));
        self.emit(Op::Return);
        let u = self.units.pop().ok_or_else(|| error(pos, "internal: no unit"))?;
        r?;
        Ok(Rc::new(Code {
            name: name.to_string(),
            ops: u.ops,
            line: pos.line,
            params: vec![],
            positional: 0,
            varargs: None,
            varkw: None,
            is_async: false,
            is_gen: false,
            is_class: true,
            internal: self.internal,
            class_name: Some(name.to_string()),
        }))
    }
}
