//! Generators (`function*`): a call makes a generator object holding the function's
//! activation, which `next()` runs to its next `yield` (or its end); `for…of`, spread and
//! destructuring drive it step by step. A generator left early by a loop is closed.

use crate::js::lexer::{unsupported, Pos};
use crate::js::objects::{Obj, ObjKind};
use crate::js::vm::{Act, Flow, Outcome, Value, Vm};
use crate::CodeError;

pub(in crate::js) struct GenState {
    act: Option<Act>,
    started: bool,
    done: bool,
    running: bool,
}

impl Vm<'_> {
    pub(in crate::js) fn make_generator(&mut self, act: Act) -> Value {
        self.gens.push(GenState { act: Some(act), started: false, done: false, running: false });
        self.objs.push(Obj::new(ObjKind::Generator(self.gens.len() - 1)));
        Value::Obj(self.objs.len() - 1)
    }

    /// Runs generator `g` to its next `yield`: `Ok(Some(value))`, `Ok(None)` when it finishes,
    /// `Err(thrown)`.
    pub(in crate::js) fn gen_step(
        &mut self,
        g: usize,
        sent: Value,
    ) -> Result<Result<Option<Value>, Value>, CodeError> {
        Ok(match self.gen_resume(g, Flow::Normal(sent))? {
            Ok((v, false)) => Ok(Some(v)),
            Ok((_, true)) => Ok(None),
            Err(e) => Err(e),
        })
    }

    /// Resumes `g` with a value (or a throw): `(value, done)` or the error it throws.
    fn gen_resume(&mut self, g: usize, input: Flow) -> Result<Result<(Value, bool), Value>, CodeError> {
        if self.gens[g].running {
            let Flow::Throw(e) = self.throw_type_error("Generator is already running".into()) else {
                unreachable!()
            };
            return Ok(Err(e));
        }
        if self.gens[g].done {
            return Ok(match input {
                Flow::Normal(_) => Ok((Value::Undefined, true)),
                Flow::Throw(e) => Err(e),
            });
        }
        let act = self.gens[g].act.take().expect("a suspended generator");
        let inject = if self.gens[g].started {
            Some(input)
        } else {
            self.gens[g].started = true;
            match input {
                Flow::Throw(e) => {
                    self.gens[g].done = true;
                    return Ok(Err(e));
                }
                Flow::Normal(_) => None,
            }
        };
        self.gens[g].running = true;
        let r = self.exec(act, inject);
        self.gens[g].running = false;
        Ok(match r? {
            Outcome::Suspended => {
                let (act, v) = self.yielded.take().expect("a generator stops at a yield");
                self.gens[g].act = Some(act);
                Ok((v, false))
            }
            Outcome::Return(v) => {
                self.gens[g].done = true;
                Ok((v, true))
            }
            Outcome::Throw(e) => {
                self.gens[g].done = true;
                Err(e)
            }
        })
    }

    /// The first `n` items of an iterable (all of them when `all`), for array destructuring.
    pub(in crate::js) fn take(
        &mut self,
        v: &Value,
        n: usize,
        all: bool,
        pos: Pos,
    ) -> Result<Result<Vec<Value>, Value>, CodeError> {
        let Value::Obj(o) = v else { return self.iterate(v, pos) };
        let ObjKind::Generator(g) = self.objs[*o].kind else { return self.iterate(v, pos) };
        if all {
            return self.iterate(v, pos);
        }
        let mut out = Vec::new();
        while out.len() < n {
            match self.gen_step(g, Value::Undefined)? {
                Ok(Some(x)) => out.push(x),
                Ok(None) => return Ok(Ok(out)),
                Err(e) => return Ok(Err(e)),
            }
        }
        self.gen_close(g)?;
        Ok(Ok(out))
    }

    /// A loop leaves generator `g` early: it is done (a pending `finally` would run: refused).
    pub(in crate::js) fn gen_close(&mut self, g: usize) -> Result<(), CodeError> {
        if self.gens[g].done {
            return Ok(());
        }
        if self.gens[g].act.as_ref().is_some_and(|a| a.in_try()) {
            return unsupported(self.pos_here(), "leaving a generator early while it is inside a `try`");
        }
        self.gens[g].done = true;
        self.gens[g].act = None;
        Ok(())
    }

    /// `next`, `return`, `throw` of a generator object.
    pub(in crate::js) fn generator_method(
        &mut self,
        g: usize,
        name: &str,
        args: Vec<Value>,
        pos: Pos,
    ) -> Result<Flow, CodeError> {
        let arg = args.into_iter().next().unwrap_or(Value::Undefined);
        let r = match name {
            "next" => self.gen_resume(g, Flow::Normal(arg))?,
            "throw" => self.gen_resume(g, Flow::Throw(arg))?,
            "return" => {
                if self.gens[g].started && !self.gens[g].done {
                    self.gen_close(g)?;
                }
                self.gens[g].done = true;
                self.gens[g].act = None;
                Ok((arg, true))
            }
            _ => return unsupported(pos, &format!("the generator method `{name}`")),
        };
        Ok(match r {
            Ok((value, done)) => {
                let o = self.new_object();
                self.define(&o, "value".into(), value);
                self.define(&o, "done".into(), Value::Bool(done));
                Flow::Normal(o)
            }
            Err(e) => Flow::Throw(e),
        })
    }
}
