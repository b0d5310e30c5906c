//! `for await…of`: the loop awaits each `next()` result, and leaving it early (`break`,
//! `return`) awaits the iterator's `return()`, as ECMAScript's `AsyncIteratorClose` does.

use std::rc::Rc;

use super::ast::{DeclKind, Pattern, Stmt};
use super::compiler::{Compiler, Op};
use super::lexer::{unsupported, Pos};
use crate::CodeError;

impl Compiler<'_> {
    pub(super) fn for_await(
        &mut self,
        kind: Option<DeclKind>,
        target: &Pattern,
        iter: &super::ast::Expr,
        body: &Stmt,
        pos: Pos,
    ) -> Result<(), CodeError> {
        self.expr(iter)?;
        self.ops.push(Op::AsyncIterInit(pos));
        let top = self.here();
        self.ops.push(Op::Step(pos.line));
        self.ops.push(Op::AsyncIterNext(pos));
        self.ops.push(Op::Await(pos));
        let next = self.emit_jump(Op::IterResult(0, pos));
        self.iteration_body(kind, target, body, top, next, true)
    }

    /// `[iterator]` → `[]`: calls its `return()` (if it has one) and awaits the result.
    pub(super) fn async_close(&mut self, pos: Pos) {
        let skip = self.emit_jump(Op::AsyncIterReturn(0, pos));
        self.ops.push(Op::Await(pos));
        self.ops.push(Op::Pop);
        let end = self.here();
        self.patch(skip, end);
    }

    /// Before a `return` (its value on the stack): the iterators of the loops it leaves are
    /// closed, innermost first, awaiting those of `for await` loops.
    pub(super) fn close_async_loops(&mut self, pos: Pos) -> Result<(), CodeError> {
        let Some(outer) = self.loops.iter().position(|l| l.async_iter) else { return Ok(()) };
        if self.tries > self.loops[outer].tries {
            return unsupported(pos, "`return` from a `try` inside `for await`");
        }
        let tmp: Rc<str> = "%return".into();
        self.ops.push(Op::Declare(tmp.clone(), DeclKind::Let));
        let loops: Vec<(usize, bool)> =
            self.loops.iter().rev().map(|l| (l.stack_items, l.async_iter)).collect();
        for (items, async_iter) in loops {
            if async_iter {
                self.async_close(pos);
            } else {
                for _ in 0..items {
                    self.ops.push(Op::IterClose);
                }
            }
        }
        self.ops.push(Op::Load(tmp, pos));
        Ok(())
    }
}
