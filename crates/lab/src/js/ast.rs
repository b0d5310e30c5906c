//! The syntax tree the parser builds and the compiler reads.

use std::rc::Rc;

use super::lexer::Pos;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    Eq,
    Ne,
    StrictEq,
    StrictNe,
    Lt,
    Le,
    Gt,
    Ge,
    BitAnd,
    BitOr,
    BitXor,
    Shl,
    Shr,
    UShr,
    InstanceOf,
    In,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum LogOp {
    And,
    Or,
    Nullish,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum UnOp {
    Neg,
    Plus,
    Not,
    BitNot,
    TypeOf,
    Void,
}

#[derive(Debug, Clone)]
pub enum PropKey {
    Static(Rc<str>),
    Computed(Box<Expr>),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PropKind {
    Init,
    Get,
    Set,
    Spread,
}

#[derive(Debug, Clone)]
pub struct PropDef {
    pub key: PropKey,
    pub value: Expr,
    pub kind: PropKind,
}

#[derive(Debug, Clone)]
pub enum Expr {
    Num(f64),
    Str(Rc<str>),
    Template(Vec<Rc<str>>, Vec<Expr>),
    Bool(bool),
    Null,
    Ident(Rc<str>, Pos),
    This(Pos),
    Array(Vec<Expr>),
    Object(Vec<PropDef>),
    Spread(Box<Expr>, Pos),
    Hole,
    Func(usize),
    Class(usize),
    Call {
        callee: Box<Expr>,
        args: Vec<Expr>,
        pos: Pos,
        optional: bool,
    },
    New {
        callee: Box<Expr>,
        args: Vec<Expr>,
        pos: Pos,
    },
    Member {
        obj: Box<Expr>,
        prop: Rc<str>,
        pos: Pos,
        optional: bool,
    },
    Index {
        obj: Box<Expr>,
        index: Box<Expr>,
        pos: Pos,
        optional: bool,
    },
    /// A chain with `?.` in it: a nullish link makes the whole chain `undefined`.
    OptChain(Box<Expr>),
    SuperCall(Vec<Expr>, Pos),
    SuperMember(Rc<str>, Pos),
    Await(Box<Expr>, Pos),
    /// `yield` (with a value or not) in a generator.
    Yield(Option<Box<Expr>>, Pos),
    Unary(UnOp, Box<Expr>, Pos),
    Update {
        target: Box<Expr>,
        inc: bool,
        prefix: bool,
        pos: Pos,
    },
    Binary(BinOp, Box<Expr>, Box<Expr>, Pos),
    Logical(LogOp, Box<Expr>, Box<Expr>),
    Cond(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `target op= value` (`op` None for plain `=`); the target is a name, member or index.
    Assign {
        target: Box<Expr>,
        op: Option<AssignOp>,
        value: Box<Expr>,
        pos: Pos,
    },
    /// `[a, b] = …` or `({ a } = …)`.
    AssignPattern(Box<Pattern>, Box<Expr>),
    Seq(Vec<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AssignOp {
    Bin(BinOp),
    Log(LogOp),
}

#[derive(Debug, Clone)]
pub enum Pattern {
    Name(Rc<str>, Pos),
    /// A member or index as a destructuring assignment target.
    Target(Box<Expr>),
    Object {
        props: Vec<(PropKey, Pattern, Option<Expr>)>,
        rest: Option<Box<Pattern>>,
        pos: Pos,
    },
    Array {
        elems: Vec<Option<(Pattern, Option<Expr>)>>,
        rest: Option<Box<Pattern>>,
        pos: Pos,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DeclKind {
    Var,
    Let,
    Const,
}

#[derive(Debug, Clone)]
pub enum Stmt {
    Expr(Expr, Pos),
    Decl(DeclKind, Vec<(Pattern, Option<Expr>)>, Pos),
    Func(usize),
    Return(Option<Expr>, Pos),
    Throw(Expr, Pos),
    Try {
        body: Vec<Stmt>,
        param: Option<Pattern>,
        handler: Option<Vec<Stmt>>,
        finalizer: Option<Vec<Stmt>>,
    },
    Block(Vec<Stmt>),
    If(Expr, Box<Stmt>, Option<Box<Stmt>>, Pos),
    While(Expr, Box<Stmt>, Pos),
    DoWhile(Box<Stmt>, Expr, Pos),
    For {
        init: Option<Box<Stmt>>,
        test: Option<Expr>,
        update: Option<Expr>,
        body: Box<Stmt>,
        pos: Pos,
    },
    /// `for…of` (`of`), `for…in`, or `for await…of` (`awaits`).
    ForIn {
        kind: Option<DeclKind>,
        target: Pattern,
        of: bool,
        awaits: bool,
        iter: Expr,
        body: Box<Stmt>,
        pos: Pos,
    },
    Break(Pos),
    Continue(Pos),
    Switch(Expr, Vec<(Option<Expr>, Vec<Stmt>)>, Pos),
}

#[derive(Debug, Clone)]
pub struct Param {
    pub pattern: Pattern,
    pub default: Option<Expr>,
    pub rest: bool,
}

#[derive(Debug, Clone)]
pub enum Body {
    Block(Vec<Stmt>),
    Expr(Expr),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FuncKind {
    Normal,
    Arrow,
    Method,
    Getter,
    Setter,
    /// A class constructor (of class `usize`), written or the default one.
    Ctor(usize),
}

/// A function, arrow function, method or the main script (index 0 of `Program::funcs`).
#[derive(Debug, Clone)]
pub struct FuncDef {
    pub name: Option<Rc<str>>,
    pub params: Vec<Param>,
    pub body: Body,
    pub is_async: bool,
    /// `function*`: a call makes a generator object.
    pub is_generator: bool,
    pub kind: FuncKind,
    pub uses_arguments: bool,
    /// A named function expression: its name is bound inside it.
    pub named_expr: bool,
    pub pos: Pos,
}

impl FuncDef {
    /// How the function appears in the call stack and in queues.
    pub fn label(&self) -> Rc<str> {
        match &self.name {
            Some(n) if !n.is_empty() => n.clone(),
            _ => format!("<anonymous>:{}", self.pos.line).into(),
        }
    }
    pub fn is_arrow(&self) -> bool {
        self.kind == FuncKind::Arrow
    }
}

#[derive(Debug, Clone)]
pub struct Member {
    pub key: PropKey,
    pub is_static: bool,
    pub kind: MemberKind,
}

#[derive(Debug, Clone)]
pub enum MemberKind {
    Method(usize),
    Getter(usize),
    Setter(usize),
    Field(Option<Expr>),
}

#[derive(Debug, Clone)]
pub struct ClassDef {
    pub name: Option<Rc<str>>,
    pub parent: Option<Expr>,
    pub ctor: usize,
    pub members: Vec<Member>,
    pub pos: Pos,
}

#[derive(Debug)]
pub struct Program {
    /// The script starts with `'use strict'`.
    pub strict: bool,
    /// An ES module: the main script is an async function (top-level `await`), run as Node runs
    /// an ES module (see `runtime`).
    pub module: bool,
    pub funcs: Vec<FuncDef>,
    pub classes: Vec<ClassDef>,
}
