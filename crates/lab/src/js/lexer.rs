//! The lexer for the JavaScript subset: text → tokens, each with its position and whether a
//! line break comes before it (for automatic semicolons). Template literals are lexed whole:
//! their text parts and, for each `${…}`, the tokens inside. Also the position type and the
//! error helpers every later stage uses.

use crate::CodeError;

/// A source position, 1-based.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

pub fn err<T>(pos: Pos, message: impl Into<String>) -> Result<T, CodeError> {
    Err(CodeError { line: pos.line, col: pos.col, message: message.into() })
}

pub fn unsupported<T>(pos: Pos, what: &str) -> Result<T, CodeError> {
    err(pos, format!("{what} is not in the supported JavaScript subset (see the README's Code lab section)"))
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    Ident(String),
    Str(String),
    Num(f64),
    /// A template literal: its text parts (one more than the expressions) and the tokens of each
    /// `${…}` (each ending with `Eof`).
    Template(Vec<String>, Vec<Vec<Token>>),
    Punct(&'static str),
    Other(char),
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// A line break comes before this token (for automatic semicolons).
    pub newline_before: bool,
}

/// Longest first, so that `>>>=` is not read as `>>` `>=`.
const PUNCTS: [&str; 50] = [
    ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=", "=>", "==", "!=", "<=",
    ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "**", "<<",
    ">>", "(", ")", "{", "}", "[", "]", ",", ";", ".", "=", "+", "-", "*", "/", "%", "<", ">",
];
const SINGLE: [&str; 6] = ["!", "?", ":", "&", "|", "^"];

struct Lexer<'s> {
    chars: &'s [char],
    i: usize,
    line: u32,
    col: u32,
    depth: u32,
}

/// Template literals nested deeper than this are an error.
const MAX_TEMPLATE_DEPTH: u32 = 16;

pub fn lex(src: &str) -> Result<Vec<Token>, CodeError> {
    let chars: Vec<char> = src.chars().collect();
    let mut l = Lexer { chars: &chars, i: 0, line: 1, col: 1, depth: 0 };
    l.tokens(false)
}

impl Lexer<'_> {
    fn advance(&mut self) {
        let c = self.chars[self.i];
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
    }
    fn peek(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }
    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    /// Tokens up to the end (or, inside `${`, up to the `}` that closes it, which is consumed).
    fn tokens(&mut self, in_template: bool) -> Result<Vec<Token>, CodeError> {
        let mut out = Vec::new();
        let mut newline = false;
        let mut braces = 0u32;
        loop {
            let Some(c) = self.peek(0) else {
                if in_template {
                    return err(self.pos(), "a `${` in this template literal is never closed with `}`");
                }
                out.push(Token { tok: Tok::Eof, pos: self.pos(), newline_before: true });
                return Ok(out);
            };
            let pos = self.pos();
            if c.is_whitespace() {
                newline |= c == '\n' || c == '\u{2028}' || c == '\u{2029}';
                self.advance();
                continue;
            }
            if c == '/' && self.peek(1) == Some('/') {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.advance();
                }
                continue;
            }
            if c == '/' && self.peek(1) == Some('*') {
                self.advance();
                self.advance();
                loop {
                    match self.peek(0) {
                        None => return err(pos, "this comment is never closed with */"),
                        Some('*') if self.peek(1) == Some('/') => {
                            self.advance();
                            self.advance();
                            break;
                        }
                        Some(ch) => {
                            newline |= ch == '\n';
                            self.advance();
                        }
                    }
                }
                continue;
            }
            if c == '#' && pos.line == 1 && pos.col == 1 && self.peek(1) == Some('!') {
                while self.peek(0).is_some_and(|c| c != '\n') {
                    self.advance();
                }
                continue;
            }
            if in_template && c == '}' && braces == 0 {
                self.advance();
                out.push(Token { tok: Tok::Eof, pos, newline_before: true });
                return Ok(out);
            }
            let tok = if c.is_alphabetic() || c == '_' || c == '$' {
                let mut s = String::new();
                while let Some(ch) = self.peek(0).filter(|c| c.is_alphanumeric() || *c == '_' || *c == '$') {
                    s.push(ch);
                    self.advance();
                }
                Tok::Ident(s)
            } else if c.is_ascii_digit() || (c == '.' && self.peek(1).is_some_and(|d| d.is_ascii_digit())) {
                self.number(pos)?
            } else if c == '"' || c == '\'' {
                self.advance();
                Tok::Str(self.string(c, pos)?)
            } else if c == '`' {
                self.advance();
                self.template(pos)?
            } else if let Some(p) =
                PUNCTS.iter().find(|p| self.chars[self.i..].starts_with(&p.chars().collect::<Vec<_>>()))
            {
                // `a?.5:b` is a conditional, not optional chaining.
                if *p == "?." && self.peek(2).is_some_and(|d| d.is_ascii_digit()) {
                    self.advance();
                    Tok::Punct("?")
                } else {
                    for _ in 0..p.len() {
                        self.advance();
                    }
                    match *p {
                        "{" => braces += 1,
                        "}" => braces = braces.saturating_sub(1),
                        _ => {}
                    }
                    Tok::Punct(p)
                }
            } else if let Some(p) = SINGLE.iter().find(|p| p.starts_with(c)) {
                self.advance();
                Tok::Punct(p)
            } else if c == '~' || c == '#' || c == '@' {
                self.advance();
                Tok::Other(c)
            } else {
                return err(pos, format!("unexpected character {c:?}"));
            };
            out.push(Token { tok, pos, newline_before: newline });
            newline = false;
        }
    }

    fn number(&mut self, pos: Pos) -> Result<Tok, CodeError> {
        let mut s = String::new();
        while let Some(ch) = self.peek(0) {
            let exp_sign = (ch == '+' || ch == '-')
                && s.len() > 1
                && s.ends_with(['e', 'E'])
                && !s.starts_with("0x")
                && !s.starts_with("0X");
            if !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '_' || exp_sign) {
                break;
            }
            if ch != '_' {
                s.push(ch);
            }
            self.advance();
        }
        let lower = s.to_ascii_lowercase();
        let radix = if lower.starts_with("0x") {
            Some(16)
        } else if lower.starts_with("0o") {
            Some(8)
        } else if lower.starts_with("0b") {
            Some(2)
        } else {
            None
        };
        let n = match radix {
            Some(r) => u64::from_str_radix(&lower[2..], r).ok().map(|n| n as f64),
            None if lower.ends_with('n') => return unsupported(pos, "a BigInt literal"),
            None if lower.len() > 1 && lower.starts_with('0') && lower.as_bytes()[1].is_ascii_digit() => {
                return unsupported(pos, "a legacy octal number")
            }
            None => lower.parse::<f64>().ok(),
        };
        match n {
            Some(n) => Ok(Tok::Num(n)),
            None => err(pos, format!("`{s}` is not a number this subset can read")),
        }
    }

    /// One escape after a backslash (already consumed); `None` for a line continuation.
    fn escape(&mut self, pos: Pos) -> Result<Option<char>, CodeError> {
        let Some(e) = self.peek(0) else { return err(pos, "this string is never closed") };
        self.advance();
        let hex = |l: &mut Self, n: usize| -> Result<char, CodeError> {
            let mut v = 0u32;
            for _ in 0..n {
                let Some(d) = l.peek(0).and_then(|c| c.to_digit(16)) else {
                    return err(pos, "a bad escape sequence in this string");
                };
                v = v * 16 + d;
                l.advance();
            }
            char::from_u32(v).map_or_else(|| unsupported(pos, "a lone surrogate escape"), Ok)
        };
        Ok(Some(match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            '0' if !self.peek(0).is_some_and(|d| d.is_ascii_digit()) => '\0',
            'x' => hex(self, 2)?,
            'u' if self.peek(0) == Some('{') => {
                self.advance();
                let mut v = 0u32;
                while let Some(d) = self.peek(0).and_then(|c| c.to_digit(16)) {
                    v = v.saturating_mul(16).saturating_add(d);
                    self.advance();
                }
                if self.peek(0) != Some('}') {
                    return err(pos, "a bad \\u{…} escape in this string");
                }
                self.advance();
                return char::from_u32(v).map_or_else(|| err(pos, "a bad \\u{…} escape"), |c| Ok(Some(c)));
            }
            'u' => hex(self, 4)?,
            '\n' => return Ok(None),
            d if d.is_ascii_digit() => return unsupported(pos, "an octal escape"),
            other => other,
        }))
    }

    fn string(&mut self, quote: char, pos: Pos) -> Result<String, CodeError> {
        let mut s = String::new();
        loop {
            let Some(d) = self.peek(0) else { return err(pos, "this string is never closed") };
            if d == '\n' {
                return err(pos, "this string is never closed on its line");
            }
            self.advance();
            if d == quote {
                return Ok(s);
            }
            if d == '\\' {
                if let Some(c) = self.escape(pos)? {
                    s.push(c);
                }
            } else {
                s.push(d);
            }
        }
    }

    fn template(&mut self, pos: Pos) -> Result<Tok, CodeError> {
        self.depth += 1;
        if self.depth > MAX_TEMPLATE_DEPTH {
            return err(pos, format!("template literals nest more than {MAX_TEMPLATE_DEPTH} deep"));
        }
        let (mut parts, mut exprs) = (vec![String::new()], Vec::new());
        loop {
            let Some(d) = self.peek(0) else {
                return err(pos, "this template literal is never closed with `");
            };
            self.advance();
            match d {
                '`' => break,
                '\\' => {
                    if let Some(c) = self.escape(pos)? {
                        parts.last_mut().expect("a part").push(c);
                    }
                }
                '$' if self.peek(0) == Some('{') => {
                    self.advance();
                    exprs.push(self.tokens(true)?);
                    parts.push(String::new());
                }
                '\r' => {}
                c => parts.last_mut().expect("a part").push(c),
            }
        }
        self.depth -= 1;
        Ok(Tok::Template(parts, exprs))
    }
}
