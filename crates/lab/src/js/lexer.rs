//! The lexer for the JavaScript subset: text → tokens, each with its position and whether a
//! line break comes before it (for automatic semicolons). Also the position type and the
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
    Punct(&'static str),
    Other(char),
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub pos: Pos,
    /// A line break comes before this token (for automatic semicolons).
    pub newline_before: bool,
}

const PUNCTS: [&str; 24] = [
    "=>", "===", "!==", "==", "!=", "...", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "(", ")", "{",
    "}", "[", "]", ",", ";", ".", "=",
];
const SINGLE: &str = "+-*/%<>!?:&|^~`#@";

pub fn lex(src: &str) -> Result<Vec<Token>, CodeError> {
    let chars: Vec<char> = src.chars().collect();
    let (mut i, mut line, mut col) = (0usize, 1u32, 1u32);
    let mut out = Vec::new();
    let mut newline = false;
    let advance = |i: &mut usize, line: &mut u32, col: &mut u32, c: char| {
        *i += 1;
        if c == '\n' {
            *line += 1;
            *col = 1;
        } else {
            *col += 1;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        let pos = Pos { line, col };
        if c.is_whitespace() {
            newline |= c == '\n';
            advance(&mut i, &mut line, &mut col, c);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while i < chars.len() && chars[i] != '\n' {
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            advance(&mut i, &mut line, &mut col, '/');
            advance(&mut i, &mut line, &mut col, '*');
            loop {
                if i >= chars.len() {
                    return err(pos, "this comment is never closed with */");
                }
                if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    advance(&mut i, &mut line, &mut col, '*');
                    advance(&mut i, &mut line, &mut col, '/');
                    break;
                }
                newline |= chars[i] == '\n';
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            continue;
        }
        let tok = if c.is_alphabetic() || c == '_' || c == '$' {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$') {
                s.push(chars[i]);
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            Tok::Ident(s)
        } else if c.is_ascii_digit() || (c == '.' && chars.get(i + 1).is_some_and(|d| d.is_ascii_digit())) {
            let mut s = String::new();
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '.' || chars[i] == '_')
            {
                if chars[i] != '_' {
                    s.push(chars[i]);
                }
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            match s.parse::<f64>() {
                Ok(n) => Tok::Num(n),
                Err(_) => return err(pos, format!("`{s}` is not a number this subset can read")),
            }
        } else if c == '"' || c == '\'' {
            advance(&mut i, &mut line, &mut col, c);
            let mut s = String::new();
            loop {
                let Some(&d) = chars.get(i) else { return err(pos, "this string is never closed") };
                if d == '\n' {
                    return err(pos, "this string is never closed on its line");
                }
                advance(&mut i, &mut line, &mut col, d);
                if d == c {
                    break;
                }
                if d == '\\' {
                    let Some(&e) = chars.get(i) else { return err(pos, "this string is never closed") };
                    advance(&mut i, &mut line, &mut col, e);
                    s.push(match e {
                        'n' => '\n',
                        't' => '\t',
                        '0' => '\0',
                        other => other,
                    });
                } else {
                    s.push(d);
                }
            }
            Tok::Str(s)
        } else if let Some(p) = PUNCTS.iter().find(|p| chars[i..].starts_with(&p.chars().collect::<Vec<_>>()))
        {
            for _ in 0..p.len() {
                {
                    let ch = chars[i];
                    advance(&mut i, &mut line, &mut col, ch);
                }
            }
            Tok::Punct(p)
        } else if c == '`' {
            return unsupported(pos, "a template literal (`…`)");
        } else if SINGLE.contains(c) {
            advance(&mut i, &mut line, &mut col, c);
            match c {
                '+' => Tok::Punct("+"),
                _ => Tok::Other(c),
            }
        } else {
            return err(pos, format!("unexpected character {c:?}"));
        };
        out.push(Token { tok, pos, newline_before: newline });
        newline = false;
    }
    out.push(Token { tok: Tok::Eof, pos: Pos { line, col }, newline_before: true });
    Ok(out)
}
