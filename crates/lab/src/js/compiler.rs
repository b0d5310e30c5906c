//! Compiles each function of the subset to a flat list of stack-machine ops, so that an
//! async function can stop at any `await` and later resume from its saved program counter.

use std::rc::Rc;

use super::lexer::Pos;
use super::parser::{Body, Expr, Program, Stmt};

#[derive(Clone, Debug)]
pub enum Op {
    Undefined,
    Null,
    Bool(bool),
    Num(f64),
    Str(Rc<str>),
    Load(Rc<str>, Pos),
    /// Declares a variable in the function's scope with the popped value.
    Declare(Rc<str>),
    /// Assigns the top value to an existing variable, leaving it on the stack.
    Assign(Rc<str>, Pos),
    Closure(usize),
    Member(Rc<str>, Pos),
    Call(usize, Pos),
    New(usize, Pos),
    Add,
    Await(Pos),
    Pop,
    Return,
    Throw,
    /// Starts a `try`: a throw jumps to `catch_at` with the error pushed.
    Try(usize),
    /// Ends a `try` block normally.
    EndTry,
    Jump(usize),
    /// A statement on this line ended: one step.
    Step(u32),
}

pub struct Code {
    pub ops: Vec<Op>,
    /// Function declarations hoisted to the top of the body: (name, function index).
    pub hoisted: Vec<(Rc<str>, usize)>,
}

pub fn compile(p: &Program) -> Vec<Code> {
    p.funcs
        .iter()
        .map(|f| {
            let mut c = Code { ops: Vec::new(), hoisted: Vec::new() };
            match &f.body {
                Body::Block(stmts) => {
                    for s in stmts {
                        if let Stmt::Func(i) = s {
                            c.hoisted.push((p.funcs[*i].name.as_deref().unwrap_or("").into(), *i));
                        }
                    }
                    stmts.iter().for_each(|s| stmt(&mut c.ops, s));
                    c.ops.push(Op::Undefined);
                    c.ops.push(Op::Return);
                }
                Body::Expr(e) => {
                    expr(&mut c.ops, e);
                    c.ops.push(Op::Step(line_of(e, f.pos.line)));
                    c.ops.push(Op::Return);
                }
            }
            c
        })
        .collect()
}

/// The line an expression starts on, for expression-bodied arrows.
fn line_of(e: &Expr, fallback: u32) -> u32 {
    match e {
        Expr::Ident(_, p) | Expr::Await(_, p) | Expr::Assign(_, _, p) | Expr::New { pos: p, .. } => p.line,
        Expr::Call { callee, .. } | Expr::Member { obj: callee, .. } => line_of(callee, fallback),
        Expr::Add(a, _) => line_of(a, fallback),
        _ => fallback,
    }
}

fn stmt(ops: &mut Vec<Op>, s: &Stmt) {
    match s {
        Stmt::Expr(e, pos) => {
            expr(ops, e);
            ops.push(Op::Pop);
            ops.push(Op::Step(pos.line));
        }
        Stmt::Let(name, init, pos) => {
            match init {
                Some(e) => expr(ops, e),
                None => ops.push(Op::Undefined),
            }
            ops.push(Op::Declare(name.as_str().into()));
            ops.push(Op::Step(pos.line));
        }
        Stmt::Func(_) => {}
        Stmt::Return(value, pos) => {
            match value {
                Some(e) => expr(ops, e),
                None => ops.push(Op::Undefined),
            }
            ops.push(Op::Step(pos.line));
            ops.push(Op::Return);
        }
        Stmt::Throw(e, pos) => {
            expr(ops, e);
            ops.push(Op::Step(pos.line));
            ops.push(Op::Throw);
        }
        Stmt::Try { body, param, handler, .. } => {
            let start = ops.len();
            ops.push(Op::Try(0));
            body.iter().for_each(|s| stmt(ops, s));
            ops.push(Op::EndTry);
            let jump = ops.len();
            ops.push(Op::Jump(0));
            ops[start] = Op::Try(ops.len());
            match param {
                Some(p) => ops.push(Op::Declare(p.as_str().into())),
                None => ops.push(Op::Pop),
            }
            handler.iter().for_each(|s| stmt(ops, s));
            ops[jump] = Op::Jump(ops.len());
        }
        Stmt::Block(stmts) => stmts.iter().for_each(|s| stmt(ops, s)),
    }
}

fn expr(ops: &mut Vec<Op>, e: &Expr) {
    match e {
        Expr::Num(n) => ops.push(Op::Num(*n)),
        Expr::Str(s) => ops.push(Op::Str(s.clone())),
        Expr::Bool(b) => ops.push(Op::Bool(*b)),
        Expr::Null => ops.push(Op::Null),
        Expr::Undefined => ops.push(Op::Undefined),
        Expr::Ident(n, pos) => ops.push(Op::Load(n.as_str().into(), *pos)),
        Expr::Call { callee, args, pos } => {
            expr(ops, callee);
            args.iter().for_each(|a| expr(ops, a));
            ops.push(Op::Call(args.len(), *pos));
        }
        Expr::New { callee, args, pos } => {
            expr(ops, callee);
            args.iter().for_each(|a| expr(ops, a));
            ops.push(Op::New(args.len(), *pos));
        }
        Expr::Member { obj, prop, pos } => {
            expr(ops, obj);
            ops.push(Op::Member(prop.as_str().into(), *pos));
        }
        Expr::Func(i) => ops.push(Op::Closure(*i)),
        Expr::Await(e, pos) => {
            expr(ops, e);
            ops.push(Op::Await(*pos));
        }
        Expr::Add(a, b) => {
            expr(ops, a);
            expr(ops, b);
            ops.push(Op::Add);
        }
        Expr::Assign(name, value, pos) => {
            expr(ops, value);
            ops.push(Op::Assign(name.as_str().into(), *pos));
        }
    }
}
