//! The syntax tree the parser builds and the compiler reads.

use std::rc::Rc;

use super::Pos;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    MatMul,
}

impl BinOp {
    pub(super) fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::FloorDiv => "//",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::MatMul => "@",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CmpOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Is,
    IsNot,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum UnOp {
    Neg,
    Pos,
    Invert,
    Not,
}

#[derive(Clone, Debug)]
pub(super) struct E {
    pub(super) kind: Ex,
    pub(super) pos: Pos,
}

#[derive(Clone, Debug)]
pub(super) enum Lit {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Ellipsis,
}

#[derive(Clone, Debug)]
pub(super) enum Arg {
    Pos(E),
    Star(E),
    Kw(String, E),
    DStar(E),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CompKind {
    List,
    Set,
    Dict,
    Gen,
}

#[derive(Clone, Debug)]
pub(super) struct CompFor {
    pub(super) target: E,
    pub(super) iter: E,
    pub(super) ifs: Vec<E>,
    pub(super) is_async: bool,
}

#[derive(Clone, Debug)]
pub(super) enum Ex {
    Name(String),
    Lit(Lit),
    /// An f-string: text and fields (the field's expression, conversion, spec pieces, `=`).
    FStr(Vec<FPart>),
    Tuple(Vec<E>),
    List(Vec<E>),
    Set(Vec<E>),
    /// `None` key: `**spread`.
    Dict(Vec<(Option<E>, E)>),
    Star(Box<E>),
    Attr(Box<E>, String),
    Sub(Box<E>, Box<E>),
    Slice(Option<Box<E>>, Option<Box<E>>, Option<Box<E>>),
    Call(Box<E>, Vec<Arg>),
    Bin(BinOp, Box<E>, Box<E>),
    Unary(UnOp, Box<E>),
    /// `and` (true) / `or` (false).
    BoolOp(bool, Box<E>, Box<E>),
    Compare(Box<E>, Vec<(CmpOp, E)>),
    IfExp(Box<E>, Box<E>, Box<E>),
    Lambda(Rc<FuncDef>),
    Await(Box<E>),
    Yield(Option<Box<E>>),
    Comp(CompKind, Box<E>, Option<Box<E>>, Vec<CompFor>),
    /// `name := value`.
    Named(String, Box<E>),
}

#[derive(Clone, Debug)]
pub(super) enum FPart {
    Text(String),
    Field { expr: E, conv: Option<char>, spec: Vec<FPart>, debug: Option<String> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum ParamKind {
    Normal,
    KwOnly,
    VarArgs,
    VarKw,
}

#[derive(Clone, Debug)]
pub(super) struct Param {
    pub(super) name: String,
    pub(super) default: Option<E>,
    pub(super) kind: ParamKind,
}

#[derive(Clone, Debug)]
pub(super) struct FuncDef {
    pub(super) name: String,
    pub(super) params: Vec<Param>,
    pub(super) body: Vec<S>,
    pub(super) is_async: bool,
    pub(super) decorators: Vec<E>,
    pub(super) pos: Pos,
}

#[derive(Clone, Debug)]
pub(super) struct Handler {
    /// `except*`: matches the parts of an exception group.
    pub(super) star: bool,
    pub(super) typ: Option<E>,
    pub(super) name: Option<String>,
    pub(super) body: Vec<S>,
    pub(super) pos: Pos,
}

#[derive(Clone, Debug)]
pub(super) struct S {
    pub(super) kind: St,
    pub(super) pos: Pos,
}

#[derive(Clone, Debug)]
pub(super) enum St {
    Expr(E),
    Assign(Vec<E>, E),
    AugAssign(E, BinOp, E),
    /// `x: int = 1` (the annotation is ignored); no value: nothing happens.
    AnnAssign(E, Option<E>),
    Pass,
    Break,
    Continue,
    Return(Option<E>),
    Raise(Option<E>, Option<E>),
    Global(Vec<String>),
    Nonlocal(Vec<String>),
    Assert(E, Option<E>),
    Del(Vec<E>),
    /// `import a.b as c`: (dotted name, alias).
    Import(Vec<(String, Option<String>)>),
    ImportFrom(String, Vec<(String, Option<String>)>),
    If(Vec<(E, Vec<S>)>, Vec<S>),
    While(E, Vec<S>, Vec<S>),
    For {
        target: E,
        iter: E,
        body: Vec<S>,
        orelse: Vec<S>,
        is_async: bool,
    },
    Try {
        body: Vec<S>,
        handlers: Vec<Handler>,
        orelse: Vec<S>,
        finally: Vec<S>,
    },
    With {
        items: Vec<(E, Option<E>)>,
        body: Vec<S>,
        is_async: bool,
    },
    Def(Rc<FuncDef>),
    Class {
        name: String,
        bases: Vec<Arg>,
        body: Vec<S>,
        decorators: Vec<E>,
    },
}
