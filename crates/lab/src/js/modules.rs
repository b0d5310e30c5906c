//! ES modules (a `.mjs` main module): `import` and `export` declarations. The lab's modules are
//! Node's built-ins, so an import becomes a `const` binding of the built-in (or of one of its
//! members), made before the module's first statement runs, as the link phase makes them. A
//! name a built-in module does not export is refused here, where Node fails to link.
//! `export` of a declaration declares it (nothing imports the main module).

use std::rc::Rc;

use super::ast::{DeclKind, Expr, Pattern, Stmt};
use super::lexer::{err, unsupported, Pos, Tok};
use super::parser::Parser;
use crate::CodeError;

/// The name the compiled imports call to get a built-in module (not writable in a program).
pub(super) const LOAD_BUILTIN: &str = "%import";

/// The built-in modules an ES module may import and the named exports the lab models.
fn exports(module: &str) -> Option<&'static [&'static str]> {
    Some(match module {
        "events" => &["EventEmitter", "once", "on"],
        "timers/promises" => &["setTimeout", "setImmediate", "setInterval"],
        "timers" => {
            &["setTimeout", "setInterval", "setImmediate", "clearTimeout", "clearInterval", "clearImmediate"]
        }
        "process" => &["nextTick"],
        "util" => &["promisify", "callbackify"],
        _ => return None,
    })
}

impl Parser {
    /// `import …;` at the top level of a module: the bindings it makes (hoisted by the caller).
    pub(super) fn import_declaration(&mut self, pos: Pos) -> Result<Vec<Stmt>, CodeError> {
        self.next(); // import
        if self.is("(") || self.is(".") {
            return unsupported(pos, "a dynamic `import()` or `import.meta`");
        }
        let mut default: Option<(Rc<str>, Pos)> = None;
        let mut named: Vec<(Rc<str>, Rc<str>, Pos)> = Vec::new();
        if !matches!(self.peek(), Tok::Str(_)) {
            if matches!(self.peek(), Tok::Ident(_)) {
                let p = self.pos();
                default = Some((self.ident("an imported name")?, p));
                if !self.eat(",") {
                    return self.import_from(pos, default, named);
                }
            }
            if self.is("*") {
                return unsupported(self.pos(), "`import * as …` (a module namespace object)");
            }
            self.expect("{")?;
            while !self.is("}") {
                let p = self.pos();
                let name: Rc<str> = match self.next().tok {
                    Tok::Ident(s) => s.into(),
                    Tok::Str(s) => s.into(),
                    _ => return err(p, "expected the name of an export in `{ … }`"),
                };
                let local = if self.is_word("as") {
                    self.next();
                    self.ident("a local name after `as`")?
                } else {
                    if super::parser::is_reserved(&name) {
                        return err(p, format!("`{name}` is a reserved word: import it `as` another name"));
                    }
                    name.clone()
                };
                named.push((name, local, p));
                if !self.eat(",") {
                    break;
                }
            }
            self.expect("}")?;
        }
        self.import_from(pos, default, named)
    }

    /// `from 'module'` (or just the module after `import`), then the bindings.
    fn import_from(
        &mut self,
        pos: Pos,
        default: Option<(Rc<str>, Pos)>,
        named: Vec<(Rc<str>, Rc<str>, Pos)>,
    ) -> Result<Vec<Stmt>, CodeError> {
        let bare = default.is_none() && named.is_empty() && matches!(self.peek(), Tok::Str(_));
        if !bare {
            if !self.is_word("from") {
                let found = self.describe();
                return err(self.pos(), format!("expected `from` but found {found}"));
            }
            self.next();
        }
        let mpos = self.pos();
        let Tok::Str(spec) = self.next().tok else {
            return err(mpos, "expected the module's name as a string after `from`");
        };
        let module = spec.strip_prefix("node:").unwrap_or(&spec).to_string();
        let Some(names) = exports(&module) else {
            return unsupported(mpos, &format!("importing '{spec}' (the lab models the built-in modules events, timers, timers/promises, process and util)"));
        };
        let load = || Expr::Call {
            callee: Box::new(Expr::Ident(LOAD_BUILTIN.into(), mpos)),
            args: vec![Expr::Str(module.as_str().into())],
            pos: mpos,
            optional: false,
        };
        let mut decls = Vec::new();
        if let Some((local, p)) = default {
            decls.push((Pattern::Name(local, p), Some(load())));
        }
        for (name, local, p) in named {
            if !names.contains(&&*name) {
                return unsupported(p, &format!("importing `{name}` from '{spec}'"));
            }
            let member = Expr::Member { obj: Box::new(load()), prop: name, pos: p, optional: false };
            decls.push((Pattern::Name(local, p), Some(member)));
        }
        if !(self.eat(";") || self.newline_before() || self.peek() == &Tok::Eof) {
            let found = self.describe();
            return err(self.pos(), format!("expected the end of the import but found {found}"));
        }
        Ok(if decls.is_empty() { Vec::new() } else { vec![Stmt::Decl(DeclKind::Const, decls, pos)] })
    }

    /// `export <declaration>` or `export default …` at the top level of a module.
    pub(super) fn export_declaration(&mut self, pos: Pos) -> Result<Stmt, CodeError> {
        self.next(); // export
        if self.is_word("default") {
            self.next();
            let declares = self.is_word("function")
                || self.is_word("class")
                || (self.is_word("async") && matches!(self.peek_at(1), Tok::Ident(s) if s == "function"));
            let named = declares && {
                let k = if self.is_word("async") { 2 } else { 1 };
                matches!(self.peek_at(k), Tok::Ident(_))
                    || (self.peek_at(k) == &Tok::Punct("*") && matches!(self.peek_at(k + 1), Tok::Ident(_)))
            };
            if named {
                return self.statement();
            }
            let e = self.assign()?;
            self.eat(";");
            return Ok(Stmt::Expr(e, pos));
        }
        let declares = ["const", "let", "var", "function", "class", "async"].iter().any(|w| self.is_word(w));
        if !declares {
            return unsupported(
                pos,
                "`export` of anything but a declaration (`export { … }`, `export … from`)",
            );
        }
        self.statement()
    }
}
