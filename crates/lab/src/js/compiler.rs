//! Compiles each function of the subset to a flat list of stack-machine ops, so that an
//! async function can stop at any `await` and later resume from its saved program counter.
//! Statements are here; expressions and patterns in [`super::compile_expr`].

use std::rc::Rc;

use super::ast::*;
use super::lexer::{err, unsupported, Pos};
use crate::CodeError;

#[derive(Clone, Debug)]
pub enum Op {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Load(Rc<str>, Pos),
    /// `typeof name`: an undeclared name is `"undefined"`, not an error.
    TypeofName(Rc<str>),
    /// Declares a variable with the popped value (`var`: in the function's scope).
    Declare(Rc<str>, DeclKind),
    /// Assigns the top value to an existing variable, leaving it on the stack.
    Assign(Rc<str>, Pos),
    This,
    Closure(usize),
    /// Makes class `usize` (its parent class is on the stack when it has one).
    Class(usize),
    GetProp(Rc<str>, Pos),
    GetIndex(Pos),
    /// `[obj, value]` → `[value]`.
    SetProp(Rc<str>, Pos),
    /// `[obj, key, value]` → `[value]`.
    SetIndex(Pos),
    SuperGet(Rc<str>, Pos),
    /// `super(…)` with the arguments in an array.
    SuperCall(Pos),
    /// `[this, f, args…]` (method) or `[f, args…]`; `callee` is the callee as V8 names it in
    /// "… is not a function".
    Call {
        argc: usize,
        method: bool,
        pos: Pos,
        callee: Option<Rc<str>>,
    },
    /// As `Call`, with the arguments in one array.
    CallArray {
        method: bool,
        pos: Pos,
        callee: Option<Rc<str>>,
    },
    /// `[f, argsArray]`.
    New(Pos),
    Bin(BinOp, Pos),
    Unary(UnOp, Pos),
    Dup,
    /// `[a, b]` → `[a, b, a, b]`.
    Dup2,
    /// `[a, b]` → `[b, a]`.
    Swap,
    /// `[a, b, c]` → `[c, a, b]`.
    Rot3,
    /// `[a, b, c, d]` → `[d, a, b, c]`.
    Rot4,
    Pop,
    Jump(usize),
    /// Pops; jumps when falsy.
    JumpIfFalse(usize),
    /// Keeps the value and jumps when truthy (falsy: pops it).
    JumpIfTrueKeep(usize),
    JumpIfFalseKeep(usize),
    JumpIfNotNullishKeep(usize),
    /// Peeks; jumps when null or undefined (a `?.` link).
    JumpIfNullish(usize),
    /// Peeks; jumps unless undefined (a default value).
    JumpIfNotUndefined(usize),
    Await(Pos),
    /// `yield`: the generator stops here with the popped value.
    Yield(Pos),
    Return,
    Throw,
    /// Starts a `try`: a throw jumps to the catch (error pushed) or the finally.
    Try {
        catch: Option<usize>,
        finally: Option<usize>,
    },
    /// Ends a `try` block (or its catch) normally.
    EndTry,
    /// Enters a `finally` normally (records a normal completion).
    NormalCompletion,
    /// Ends a `finally`: goes on with what was interrupted (a throw, a return or nothing).
    EndFinally,
    PushScope,
    PopScope,
    /// A fresh copy of the current scope for the next iteration of a `for (let …)` loop.
    CopyScope,
    /// `[items…]` → `[array]`.
    Array(usize),
    /// `[array, value]` → `[array]` (a hole when `None`).
    ArrayPush,
    ArraySpread(Pos),
    Object,
    /// `[obj, value]` → `[obj]`.
    DefineProp(Rc<str>),
    /// `[obj, key, value]` → `[obj]`.
    DefineIndex(Pos),
    /// `[obj, key, f]` → `[obj]`, a getter (true) or setter.
    DefineAccessor(bool),
    ObjSpread(Pos),
    /// Pops n values and joins them as strings.
    Template(usize, Pos),
    /// `[iterable]` → `[iterator]` (`of`: values; else the keys of `for…in`).
    IterInit(bool, Pos),
    /// Pops an iterator a loop leaves early (closing a generator).
    IterClose,
    /// `[iterator]` → `[iterator, value]`, or pops the iterator and jumps when done.
    IterNext(usize),
    /// `[iterable]` → `[async iterator]` (`for await`: an async generator, or the values of an
    /// array or string, each awaited).
    AsyncIterInit(Pos),
    /// `[iterator]` → `[iterator, promise of next()]`.
    AsyncIterNext(Pos),
    /// `[iterator, result]` → `[iterator, result.value]`, or pops both and jumps when done.
    IterResult(usize, Pos),
    /// `[iterator]` → `[what its return() returns]`, or pops it and jumps when it has none.
    AsyncIterReturn(usize, Pos),
    /// `[obj]` → `[copy without these keys]`.
    ObjRest(Vec<Rc<str>>, Pos),
    /// `[array]` → `[array, the items from this index]`.
    ArrRest(usize, Pos),
    /// `[iterable]` → `[array of its first n items (all with a rest element)]`; a generator is
    /// stepped that far and closed.
    ArrTake(usize, bool, Pos),
    /// `[array]` → `[array, item i]`.
    ArrItem(usize, Pos),
    /// Pushes argument i of the call (or undefined).
    LoadArg(usize),
    /// Pushes an array of the arguments from index i.
    RestArgs(usize),
    /// A statement on this line ended: one step.
    Step(u32),
}

pub struct Code {
    pub ops: Vec<Op>,
}

pub(super) struct LoopCtx {
    pub(super) breaks: Vec<usize>,
    pub(super) continues: Vec<usize>,
    pub(super) scopes: usize,
    pub(super) tries: usize,
    pub(super) finallies: usize,
    /// Values on the operand stack that belong to the loop (a `for…of` iterator).
    pub(super) stack_items: usize,
    pub(super) is_switch: bool,
    /// A `for await` loop: leaving it early awaits the iterator's `return()`.
    pub(super) async_iter: bool,
}

pub(super) struct Compiler<'p> {
    pub(super) p: &'p Program,
    pub(super) ops: Vec<Op>,
    pub(super) scopes: usize,
    pub(super) tries: usize,
    pub(super) finallies: usize,
    pub(super) loops: Vec<LoopCtx>,
    /// Jumps of `?.` links waiting for the end of their chain.
    pub(super) opt_jumps: Vec<Vec<usize>>,
    /// The class whose constructor this is (its fields are set up after `super()`).
    pub(super) ctor_of: Option<usize>,
    /// An async generator: `yield v` and `return v` await `v` first.
    pub(super) async_gen: bool,
}

pub fn compile(p: &Program) -> Result<Vec<Code>, CodeError> {
    (0..p.funcs.len()).map(|i| compile_func(p, i)).collect()
}

fn compile_func(p: &Program, fi: usize) -> Result<Code, CodeError> {
    let f = &p.funcs[fi];
    let ctor_of = match f.kind {
        FuncKind::Ctor(c) => Some(c),
        _ => None,
    };
    let mut c = Compiler {
        p,
        ops: Vec::new(),
        scopes: 0,
        tries: 0,
        finallies: 0,
        loops: Vec::new(),
        opt_jumps: Vec::new(),
        ctor_of,
        async_gen: f.is_async && f.is_generator,
    };
    // `var`s are hoisted (as undefined) to the top of the function.
    let mut vars = Vec::new();
    if let Body::Block(stmts) = &f.body {
        stmts.iter().for_each(|s| collect_vars(s, &mut vars));
    }
    for v in vars {
        c.ops.push(Op::Undefined);
        c.ops.push(Op::Declare(v, DeclKind::Var));
    }
    for (i, param) in f.params.iter().enumerate() {
        c.ops.push(if param.rest { Op::RestArgs(i) } else { Op::LoadArg(i) });
        if let Some(d) = &param.default {
            c.default(d)?;
        }
        c.bind(&param.pattern, Some(DeclKind::Let))?;
    }
    if let Some(class) = ctor_of {
        if p.classes[class].parent.is_none() {
            c.fields(class)?;
        }
    }
    match &f.body {
        Body::Block(stmts) => {
            c.hoist_functions(stmts);
            for s in stmts {
                c.stmt(s)?;
            }
            c.ops.push(Op::Undefined);
            c.ops.push(Op::Return);
        }
        Body::Expr(e) => {
            c.expr(e)?;
            c.ops.push(Op::Step(line_of(e, f.pos.line)));
            c.ops.push(Op::Return);
        }
    }
    Ok(Code { ops: c.ops })
}

fn collect_vars(s: &Stmt, out: &mut Vec<Rc<str>>) {
    let pattern_names = |p: &Pattern, out: &mut Vec<Rc<str>>| names(p, out);
    match s {
        Stmt::Decl(DeclKind::Var, decls, _) => decls.iter().for_each(|(p, _)| pattern_names(p, out)),
        Stmt::Try { body, handler, finalizer, .. } => {
            body.iter().for_each(|s| collect_vars(s, out));
            handler.iter().flatten().for_each(|s| collect_vars(s, out));
            finalizer.iter().flatten().for_each(|s| collect_vars(s, out));
        }
        Stmt::Block(b) => b.iter().for_each(|s| collect_vars(s, out)),
        Stmt::If(_, a, b, _) => {
            collect_vars(a, out);
            if let Some(b) = b {
                collect_vars(b, out);
            }
        }
        Stmt::While(_, b, _) | Stmt::DoWhile(b, _, _) => collect_vars(b, out),
        Stmt::For { init, body, .. } => {
            if let Some(i) = init {
                collect_vars(i, out);
            }
            collect_vars(body, out);
        }
        Stmt::ForIn { kind, target, body, .. } => {
            if *kind == Some(DeclKind::Var) {
                pattern_names(target, out);
            }
            collect_vars(body, out);
        }
        Stmt::Switch(_, cases, _) => cases.iter().flat_map(|(_, b)| b).for_each(|s| collect_vars(s, out)),
        _ => {}
    }
}

fn names(p: &Pattern, out: &mut Vec<Rc<str>>) {
    match p {
        Pattern::Name(n, _) => {
            if !out.contains(n) {
                out.push(n.clone())
            }
        }
        Pattern::Target(_) => {}
        Pattern::Object { props, rest, .. } => {
            props.iter().for_each(|(_, p, _)| names(p, out));
            if let Some(r) = rest {
                names(r, out);
            }
        }
        Pattern::Array { elems, rest, .. } => {
            elems.iter().flatten().for_each(|(p, _)| names(p, out));
            if let Some(r) = rest {
                names(r, out);
            }
        }
    }
}

/// The line an expression starts on, for expression-bodied arrows.
pub(super) fn line_of(e: &Expr, fallback: u32) -> u32 {
    match e {
        Expr::Ident(_, p)
        | Expr::This(p)
        | Expr::Await(_, p)
        | Expr::New { pos: p, .. }
        | Expr::SuperCall(_, p)
        | Expr::SuperMember(_, p)
        | Expr::Unary(_, _, p) => p.line,
        Expr::Call { callee: a, .. }
        | Expr::Member { obj: a, .. }
        | Expr::Index { obj: a, .. }
        | Expr::Binary(_, a, _, _)
        | Expr::Logical(_, a, _)
        | Expr::Cond(a, _, _)
        | Expr::OptChain(a)
        | Expr::Assign { target: a, .. } => line_of(a, fallback),
        Expr::Update { target, prefix, pos, .. } => {
            if *prefix {
                pos.line
            } else {
                line_of(target, fallback)
            }
        }
        _ => fallback,
    }
}

fn has_lexical(stmts: &[Stmt]) -> bool {
    stmts.iter().any(|s| matches!(s, Stmt::Decl(DeclKind::Let | DeclKind::Const, ..) | Stmt::Func(_)))
}

impl Compiler<'_> {
    pub(super) fn here(&self) -> usize {
        self.ops.len()
    }
    pub(super) fn emit_jump(&mut self, op: Op) -> usize {
        self.ops.push(op);
        self.ops.len() - 1
    }
    /// Points the jump at `at` to `to`.
    pub(super) fn patch(&mut self, at: usize, to: usize) {
        match &mut self.ops[at] {
            Op::Jump(t)
            | Op::JumpIfFalse(t)
            | Op::JumpIfTrueKeep(t)
            | Op::JumpIfFalseKeep(t)
            | Op::JumpIfNotNullishKeep(t)
            | Op::JumpIfNullish(t)
            | Op::JumpIfNotUndefined(t)
            | Op::IterNext(t)
            | Op::IterResult(t, _)
            | Op::AsyncIterReturn(t, _) => *t = to,
            other => unreachable!("not a jump: {other:?}"),
        }
    }

    fn hoist_functions(&mut self, stmts: &[Stmt]) {
        for s in stmts {
            if let Stmt::Func(i) = s {
                self.ops.push(Op::Closure(*i));
                let name = self.p.funcs[*i].name.clone().unwrap_or_else(|| "".into());
                self.ops.push(Op::Declare(name, DeclKind::Let));
            }
        }
    }

    /// The instance fields of `class`, set on `this`.
    pub(super) fn fields(&mut self, class: usize) -> Result<(), CodeError> {
        for m in &self.p.classes[class].members {
            if let (MemberKind::Field(value), false) = (&m.kind, m.is_static) {
                let PropKey::Static(name) = &m.key else {
                    return unsupported(self.p.classes[class].pos, "a computed class field name");
                };
                self.ops.push(Op::This);
                match value {
                    Some(v) => self.expr(v)?,
                    None => self.ops.push(Op::Undefined),
                }
                self.ops.push(Op::DefineProp(name.clone()));
                self.ops.push(Op::Pop);
            }
        }
        Ok(())
    }

    fn block(&mut self, stmts: &[Stmt]) -> Result<(), CodeError> {
        let scoped = has_lexical(stmts);
        if scoped {
            self.ops.push(Op::PushScope);
            self.scopes += 1;
        }
        self.hoist_functions(stmts);
        for s in stmts {
            self.stmt(s)?;
        }
        if scoped {
            self.ops.push(Op::PopScope);
            self.scopes -= 1;
        }
        Ok(())
    }

    pub(super) fn stmt(&mut self, s: &Stmt) -> Result<(), CodeError> {
        match s {
            Stmt::Expr(e, pos) => {
                self.expr(e)?;
                self.ops.push(Op::Pop);
                self.ops.push(Op::Step(pos.line));
            }
            Stmt::Decl(kind, decls, pos) => {
                for (target, init) in decls {
                    match init {
                        Some(e) => self.expr(e)?,
                        // `var x;` leaves a hoisted x as it is.
                        None if *kind == DeclKind::Var => continue,
                        None => self.ops.push(Op::Undefined),
                    }
                    self.bind(target, Some(*kind))?;
                }
                self.ops.push(Op::Step(pos.line));
            }
            Stmt::Func(_) => {}
            Stmt::Return(value, pos) => {
                match value {
                    Some(e) => {
                        self.expr(e)?;
                        if self.async_gen {
                            self.ops.push(Op::Await(*pos));
                        }
                    }
                    None => self.ops.push(Op::Undefined),
                }
                self.ops.push(Op::Step(pos.line));
                self.close_async_loops(*pos)?;
                self.ops.push(Op::Return);
            }
            Stmt::Throw(e, pos) => {
                self.expr(e)?;
                self.ops.push(Op::Step(pos.line));
                self.ops.push(Op::Throw);
            }
            Stmt::Try { body, param, handler, finalizer } => {
                self.try_stmt(body, param, handler, finalizer)?
            }
            Stmt::Block(stmts) => self.block(stmts)?,
            Stmt::If(test, then, other, pos) => {
                self.expr(test)?;
                self.ops.push(Op::Step(pos.line));
                let j = self.emit_jump(Op::JumpIfFalse(0));
                self.stmt(then)?;
                match other {
                    Some(o) => {
                        let end = self.emit_jump(Op::Jump(0));
                        let here = self.here();
                        self.patch(j, here);
                        self.stmt(o)?;
                        let here = self.here();
                        self.patch(end, here);
                    }
                    None => {
                        let here = self.here();
                        self.patch(j, here);
                    }
                }
            }
            Stmt::While(test, body, pos) => {
                let top = self.here();
                self.expr(test)?;
                self.ops.push(Op::Step(pos.line));
                let exit = self.emit_jump(Op::JumpIfFalse(0));
                self.loop_body(body, 0, false)?;
                let ctx = self.loops.pop().expect("loop");
                self.ops.push(Op::Jump(top));
                let end = self.here();
                self.patch(exit, end);
                self.finish_loop(ctx, top, end);
            }
            Stmt::DoWhile(body, test, pos) => {
                let top = self.here();
                self.loop_body(body, 0, false)?;
                let ctx = self.loops.pop().expect("loop");
                let cont = self.here();
                self.expr(test)?;
                self.ops.push(Op::Step(pos.line));
                let exit = self.emit_jump(Op::JumpIfFalse(0));
                self.ops.push(Op::Jump(top));
                let end = self.here();
                self.patch(exit, end);
                self.finish_loop(ctx, cont, end);
            }
            Stmt::For { init, test, update, body, pos } => self.for_stmt(init, test, update, body, *pos)?,
            Stmt::ForIn { kind, target, of, awaits: false, iter, body, pos } => {
                self.for_in(*kind, target, *of, iter, body, *pos)?
            }
            Stmt::ForIn { kind, target, awaits: true, iter, body, pos, .. } => {
                self.for_await(*kind, target, iter, body, *pos)?
            }
            Stmt::Break(pos) | Stmt::Continue(pos) => {
                let brk = matches!(s, Stmt::Break(_));
                let (scopes, tries, finallies) = (self.scopes, self.tries, self.finallies);
                let Some(idx) = self.loops.iter().rposition(|l| brk || !l.is_switch) else {
                    return err(*pos, "`continue` is only allowed inside a loop");
                };
                let l = &self.loops[idx];
                if finallies > l.finallies {
                    return unsupported(*pos, "`break`/`continue` out of a `try` with `finally`");
                }
                let (pops, try_pops, items) = (scopes - l.scopes, tries - l.tries, l.stack_items);
                let async_iter = l.async_iter;
                for _ in 0..try_pops {
                    self.ops.push(Op::EndTry);
                }
                for _ in 0..pops {
                    self.ops.push(Op::PopScope);
                }
                self.ops.push(Op::Step(pos.line));
                if brk && async_iter {
                    self.async_close(*pos);
                } else if brk {
                    for _ in 0..items {
                        self.ops.push(Op::IterClose);
                    }
                }
                let j = self.emit_jump(Op::Jump(0));
                let l = &mut self.loops[idx];
                if brk {
                    l.breaks.push(j);
                } else {
                    l.continues.push(j);
                }
            }
            Stmt::Switch(disc, cases, pos) => {
                self.ops.push(Op::PushScope);
                self.scopes += 1;
                self.expr(disc)?;
                self.ops.push(Op::Step(pos.line));
                let tmp: Rc<str> = "%switch".into();
                self.ops.push(Op::Declare(tmp.clone(), DeclKind::Let));
                let mut to_body = Vec::new();
                for (test, _) in cases {
                    if let Some(t) = test {
                        self.ops.push(Op::Load(tmp.clone(), *pos));
                        self.expr(t)?;
                        self.ops.push(Op::Bin(BinOp::StrictEq, *pos));
                        let skip = self.emit_jump(Op::JumpIfFalse(0));
                        to_body.push(Some(self.emit_jump(Op::Jump(0))));
                        let here = self.here();
                        self.patch(skip, here);
                    } else {
                        to_body.push(None);
                    }
                }
                let to_default = self.emit_jump(Op::Jump(0));
                let mut default_at = None;
                self.loops.push(LoopCtx {
                    breaks: Vec::new(),
                    continues: Vec::new(),
                    scopes: self.scopes,
                    tries: self.tries,
                    finallies: self.finallies,
                    stack_items: 0,
                    is_switch: true,
                    async_iter: false,
                });
                let all: Vec<Stmt> = cases.iter().flat_map(|(_, b)| b.iter().cloned()).collect();
                self.hoist_functions(&all);
                for ((_, body), j) in cases.iter().zip(to_body) {
                    let here = self.here();
                    match j {
                        Some(j) => self.patch(j, here),
                        None => default_at = Some(here),
                    }
                    for s in body {
                        self.stmt(s)?;
                    }
                }
                let ctx = self.loops.pop().expect("switch");
                let end = self.here();
                self.patch(to_default, default_at.unwrap_or(end));
                for b in ctx.breaks {
                    self.patch(b, end);
                }
                self.ops.push(Op::PopScope);
                self.scopes -= 1;
            }
        }
        Ok(())
    }

    fn loop_body(&mut self, body: &Stmt, stack_items: usize, _per_iter: bool) -> Result<(), CodeError> {
        self.loops.push(LoopCtx {
            breaks: Vec::new(),
            continues: Vec::new(),
            scopes: self.scopes,
            tries: self.tries,
            finallies: self.finallies,
            stack_items,
            is_switch: false,
            async_iter: false,
        });
        self.stmt(body)
    }

    pub(super) fn finish_loop(&mut self, ctx: LoopCtx, cont: usize, end: usize) {
        for c in ctx.continues {
            self.patch(c, cont);
        }
        for b in ctx.breaks {
            self.patch(b, end);
        }
    }

    fn for_stmt(
        &mut self,
        init: &Option<Box<Stmt>>,
        test: &Option<Expr>,
        update: &Option<Expr>,
        body: &Stmt,
        pos: Pos,
    ) -> Result<(), CodeError> {
        let per_iter = matches!(init.as_deref(), Some(Stmt::Decl(DeclKind::Let | DeclKind::Const, ..)));
        if per_iter {
            self.ops.push(Op::PushScope);
            self.scopes += 1;
        }
        if let Some(i) = init {
            self.stmt(i)?;
        }
        if per_iter {
            self.ops.push(Op::CopyScope);
        }
        let top = self.here();
        self.ops.push(Op::Step(pos.line));
        let exit = match test {
            Some(t) => {
                self.expr(t)?;
                Some(self.emit_jump(Op::JumpIfFalse(0)))
            }
            None => None,
        };
        self.loop_body(body, 0, per_iter)?;
        let ctx = self.loops.pop().expect("loop");
        let cont = self.here();
        if per_iter {
            self.ops.push(Op::CopyScope);
        }
        if let Some(u) = update {
            self.expr(u)?;
            self.ops.push(Op::Pop);
        }
        self.ops.push(Op::Jump(top));
        let end = self.here();
        if let Some(e) = exit {
            self.patch(e, end);
        }
        self.finish_loop(ctx, cont, end);
        if per_iter {
            self.ops.push(Op::PopScope);
            self.scopes -= 1;
        }
        Ok(())
    }

    fn for_in(
        &mut self,
        kind: Option<DeclKind>,
        target: &Pattern,
        of: bool,
        iter: &Expr,
        body: &Stmt,
        pos: Pos,
    ) -> Result<(), CodeError> {
        self.expr(iter)?;
        self.ops.push(Op::IterInit(of, pos));
        let top = self.here();
        self.ops.push(Op::Step(pos.line));
        let next = self.emit_jump(Op::IterNext(0));
        self.iteration_body(kind, target, body, top, next, false)
    }

    /// The body of a `for … of`/`for … in` or `for await` loop, once the iterator has been
    /// asked for its next value (`next` is the jump taken when it is done): binds the value,
    /// runs the body in its own scope for `let`/`const`, and loops back to `top`.
    pub(super) fn iteration_body(
        &mut self,
        kind: Option<DeclKind>,
        target: &Pattern,
        body: &Stmt,
        top: usize,
        next: usize,
        async_iter: bool,
    ) -> Result<(), CodeError> {
        let scoped = matches!(kind, Some(DeclKind::Let | DeclKind::Const));
        if scoped {
            self.ops.push(Op::PushScope);
            self.scopes += 1;
        }
        self.bind(target, kind)?;
        // The loop's own scope is popped by `continue` and `break`; the iterator by `break`.
        self.loops.push(LoopCtx {
            breaks: Vec::new(),
            continues: Vec::new(),
            scopes: self.scopes - usize::from(scoped),
            tries: self.tries,
            finallies: self.finallies,
            stack_items: 1,
            is_switch: false,
            async_iter,
        });
        self.stmt(body)?;
        let ctx = self.loops.pop().expect("loop");
        if scoped {
            self.ops.push(Op::PopScope);
            self.scopes -= 1;
        }
        self.ops.push(Op::Jump(top));
        let end = self.here();
        self.patch(next, end);
        self.finish_loop(ctx, top, end);
        Ok(())
    }

    fn try_stmt(
        &mut self,
        body: &[Stmt],
        param: &Option<Pattern>,
        handler: &Option<Vec<Stmt>>,
        finalizer: &Option<Vec<Stmt>>,
    ) -> Result<(), CodeError> {
        let start = self.here();
        self.ops.push(Op::Try { catch: None, finally: None });
        self.tries += 1;
        if finalizer.is_some() {
            self.finallies += 1;
        }
        self.block(body)?;
        self.ops.push(Op::EndTry);
        self.tries -= 1;
        let mut to_finally = vec![self.emit_jump(Op::Jump(0))];
        let mut catch_at = None;
        if let Some(h) = handler {
            catch_at = Some(self.here());
            // The error is on the stack; a catch inside a try-finally is still covered by it.
            if finalizer.is_some() {
                self.tries += 1;
            }
            self.ops.push(Op::PushScope);
            self.scopes += 1;
            match param {
                Some(p) => self.bind(p, Some(DeclKind::Let))?,
                None => self.ops.push(Op::Pop),
            }
            self.block(h)?;
            self.ops.push(Op::PopScope);
            self.scopes -= 1;
            if finalizer.is_some() {
                self.ops.push(Op::EndTry);
                self.tries -= 1;
            }
            to_finally.push(self.emit_jump(Op::Jump(0)));
        }
        let mut finally_at = None;
        if let Some(f) = finalizer {
            self.finallies -= 1;
            let normal = self.here();
            self.ops.push(Op::NormalCompletion);
            finally_at = Some(self.here());
            self.block(f)?;
            self.ops.push(Op::EndFinally);
            for j in &to_finally {
                self.patch(*j, normal);
            }
        } else {
            let end = self.here();
            for j in &to_finally {
                self.patch(*j, end);
            }
        }
        self.ops[start] = Op::Try { catch: catch_at, finally: finally_at };
        Ok(())
    }
}
