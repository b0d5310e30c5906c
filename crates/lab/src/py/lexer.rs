//! The lexer for the Python subset: text → tokens, as CPython's tokenizer makes them: `Indent`
//! and `Dedent` from the indentation, `Newline` only outside brackets, string literals with
//! their escapes and prefixes (an f-string's fields as `Piece::Name`), and Python's
//! `SyntaxError` messages for what it cannot read.

use super::{error, unsupported, Pos, R};

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Tok {
    Name(String),
    Int(i64),
    Float(f64),
    /// A string literal (`Piece::Text` only), or an f-string with its fields.
    Str(Vec<Piece>),
    Op(&'static str),
    Newline,
    Indent,
    Dedent,
    Eof,
}

#[derive(Clone, Debug, PartialEq)]
pub(super) enum Piece {
    Text(String),
    /// An f-string field: the expression's source and where it starts, the conversion (`!r`),
    /// the format spec (itself pieces), and whether it ends with `=` (`{x=}`).
    Field {
        src: String,
        pos: Pos,
        conv: Option<char>,
        spec: Vec<Piece>,
        debug: bool,
    },
}

/// Longest first, so that the first match is the token.
const OPS: [&str; 47] = [
    "**=", "//=", ">>=", "<<=", "...", "==", "!=", "<=", ">=", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
    "^=", "@=", "**", "//", "<<", ">>", "->", ":=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<",
    ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];

pub(super) struct Lexer {
    s: Vec<char>,
    i: usize,
    line: u32,
    col: u32,
    toks: Vec<(Tok, Pos)>,
    indents: Vec<usize>,
    brackets: Vec<(char, Pos)>,
}

impl Lexer {
    fn peek(&self, k: usize) -> Option<char> {
        self.s.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek(0)?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    fn skip_comment(&mut self) {
        while self.peek(0).is_some_and(|c| c != '\n') {
            self.bump();
        }
    }

    fn take_while(&mut self, f: impl Fn(char) -> bool) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek(0).filter(|&c| f(c)) {
            out.push(c);
            self.bump();
        }
        out
    }

    pub(super) fn lex(src: &str) -> R<Vec<(Tok, Pos)>> {
        Lexer::lex_at(src, Pos { line: 1, col: 1 })
    }

    /// Lexes `src` as if it started at `start` (an f-string field's expression).
    pub(super) fn lex_at(src: &str, start: Pos) -> R<Vec<(Tok, Pos)>> {
        let text = src.replace("\r\n", "\n").replace('\r', "\n");
        let mut lx = Lexer {
            s: text.chars().collect(),
            i: 0,
            line: start.line,
            col: start.col,
            toks: vec![],
            indents: vec![0],
            brackets: vec![],
        };
        let mut line_start = true;
        loop {
            if line_start && lx.brackets.is_empty() {
                let mut width = 0;
                while let Some(c @ (' ' | '\t' | '\x0c')) = lx.peek(0) {
                    width = if c == '\t' { width / 8 * 8 + 8 } else { width + 1 };
                    lx.bump();
                }
                match lx.peek(0) {
                    None => break,
                    Some('\n') => {
                        lx.bump();
                        continue;
                    }
                    Some('#') => {
                        lx.skip_comment();
                        continue;
                    }
                    _ => {}
                }
                line_start = false;
                lx.indent(width)?;
            }
            let pos = lx.pos();
            let Some(c) = lx.peek(0) else { break };
            match c {
                '\n' => {
                    lx.bump();
                    if lx.brackets.is_empty() {
                        lx.toks.push((Tok::Newline, pos));
                        line_start = true;
                    }
                }
                ' ' | '\t' | '\x0c' => {
                    lx.bump();
                }
                '#' => lx.skip_comment(),
                '\\' => {
                    lx.bump();
                    if lx.bump() != Some('\n') {
                        return Err(error(pos, "unexpected character after line continuation character"));
                    }
                }
                '"' | '\'' => {
                    let t = lx.string(pos, "")?;
                    lx.toks.push((t, pos));
                }
                c if c.is_ascii_digit() || (c == '.' && lx.peek(1).is_some_and(|d| d.is_ascii_digit())) => {
                    let t = lx.number(pos)?;
                    lx.toks.push((t, pos));
                }
                c if c == '_' || c.is_alphabetic() => {
                    let name = lx.take_while(|c| c == '_' || c.is_alphanumeric());
                    let prefix = ["r", "u", "f", "b", "rf", "fr", "br", "rb"]
                        .contains(&name.to_ascii_lowercase().as_str());
                    if prefix && matches!(lx.peek(0), Some('"' | '\'')) {
                        let t = lx.string(pos, &name)?;
                        lx.toks.push((t, pos));
                    } else {
                        lx.toks.push((Tok::Name(name), pos));
                    }
                }
                _ => lx.op(pos)?,
            }
        }
        if let Some(&(open, p)) = lx.brackets.last() {
            return Err(error(p, format!("SyntaxError: '{open}' was never closed")));
        }
        let pos = lx.pos();
        if !matches!(lx.toks.last(), None | Some((Tok::Newline, _))) {
            lx.toks.push((Tok::Newline, pos));
        }
        for _ in 1..lx.indents.len() {
            lx.toks.push((Tok::Dedent, pos));
        }
        lx.toks.push((Tok::Eof, pos));
        Ok(lx.toks)
    }

    fn indent(&mut self, width: usize) -> R<()> {
        let pos = self.pos();
        let top = |lx: &Lexer| lx.indents.last().copied().unwrap_or(0);
        if width > top(self) {
            self.indents.push(width);
            self.toks.push((Tok::Indent, pos));
            return Ok(());
        }
        while width < top(self) {
            self.indents.pop();
            self.toks.push((Tok::Dedent, pos));
        }
        if width != top(self) {
            return Err(error(pos, "IndentationError: unindent does not match any outer indentation level"));
        }
        Ok(())
    }

    fn number(&mut self, pos: Pos) -> R<Tok> {
        let radix = match (self.peek(0), self.peek(1).map(|c| c.to_ascii_lowercase())) {
            (Some('0'), Some('x')) => Some(16),
            (Some('0'), Some('o')) => Some(8),
            (Some('0'), Some('b')) => Some(2),
            _ => None,
        };
        if let Some(radix) = radix {
            self.bump();
            self.bump();
            let digits = self.take_while(|c| c == '_' || c.is_alphanumeric()).replace('_', "");
            return match i64::from_str_radix(&digits, radix) {
                Ok(v) => Ok(Tok::Int(v)),
                Err(_) if !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix)) => {
                    Err(unsupported(pos, "integers beyond 64 bits are"))
                }
                Err(_) => Err(error(pos, "SyntaxError: invalid number literal")),
            };
        }
        let digits = |c: char| c.is_ascii_digit() || c == '_';
        let mut text = self.take_while(digits);
        let mut float = false;
        if self.peek(0) == Some('.') {
            self.bump();
            text.push('.');
            text += &self.take_while(digits);
            float = true;
        }
        let exp_follows = match (self.peek(1), self.peek(2)) {
            (Some('+' | '-'), Some(d)) | (Some(d), _) => d.is_ascii_digit(),
            _ => false,
        };
        if matches!(self.peek(0), Some('e' | 'E')) && exp_follows {
            text.push('e');
            self.bump();
            if let Some(sign @ ('+' | '-')) = self.peek(0) {
                text.push(sign);
                self.bump();
            }
            text += &self.take_while(digits);
            float = true;
        }
        match self.peek(0) {
            Some('j' | 'J') => return Err(unsupported(pos, "complex numbers are")),
            Some(c) if c == '_' || c.is_alphanumeric() => {
                return Err(error(pos, "SyntaxError: invalid decimal literal"))
            }
            _ => {}
        }
        let text = text.replace('_', "");
        if float {
            return text
                .parse()
                .map(Tok::Float)
                .map_err(|_| error(pos, "SyntaxError: invalid float literal"));
        }
        if text.len() > 1 && text.starts_with('0') && text.chars().any(|c| c != '0') {
            return Err(error(
                pos,
                "SyntaxError: leading zeros in decimal integer literals are not permitted",
            ));
        }
        text.parse().map(Tok::Int).map_err(|_| unsupported(pos, "integers beyond 64 bits are"))
    }

    fn string(&mut self, pos: Pos, prefix: &str) -> R<Tok> {
        let prefix = prefix.to_ascii_lowercase();
        if prefix.contains('b') {
            return Err(unsupported(pos, "bytes literals are"));
        }
        let (raw, fstring) = (prefix.contains('r'), prefix.contains('f'));
        let q = self.bump().unwrap_or('"');
        let triple = self.peek(0) == Some(q) && self.peek(1) == Some(q);
        if triple {
            self.bump();
            self.bump();
        }
        let mut pieces = vec![];
        let mut text = String::new();
        loop {
            let cpos = self.pos();
            let Some(c) = self.bump() else {
                let what = if triple { "triple-quoted string literal" } else { "string literal" };
                return Err(error(pos, format!("SyntaxError: unterminated {what}")));
            };
            match c {
                c if c == q && (!triple || (self.peek(0) == Some(q) && self.peek(1) == Some(q))) => {
                    if triple {
                        self.bump();
                        self.bump();
                    }
                    break;
                }
                '\n' if !triple => return Err(error(pos, "SyntaxError: unterminated string literal")),
                '\\' if raw => {
                    text.push('\\');
                    if let Some(next) = self.bump() {
                        text.push(next);
                    }
                }
                '\\' => self.escape(&mut text, cpos)?,
                '{' | '}' if fstring && self.peek(0) == Some(c) => {
                    self.bump();
                    text.push(c);
                }
                '}' if fstring => {
                    return Err(error(cpos, "SyntaxError: f-string: single '}' is not allowed"))
                }
                '{' if fstring => {
                    pieces.push(Piece::Text(std::mem::take(&mut text)));
                    let field = self.field(cpos, q, triple)?;
                    pieces.push(field);
                }
                c => text.push(c),
            }
        }
        pieces.push(Piece::Text(text));
        pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        Ok(Tok::Str(pieces))
    }

    /// An f-string field after its `{`: the expression up to a top-level `!`, `:`, `=` or `}`.
    fn field(&mut self, open: Pos, q: char, triple: bool) -> R<Piece> {
        let pos = self.pos();
        let mut src = String::new();
        let mut depth = 0usize;
        let mut quote: Option<char> = None;
        let unterminated = |p| error(p, "SyntaxError: f-string: expecting '}'");
        loop {
            let Some(c) = self.peek(0) else { return Err(unterminated(open)) };
            if c == '\n' && !triple {
                return Err(unterminated(open));
            }
            if let Some(inner) = quote {
                if c == q {
                    return Err(unsupported(open, "f-string fields reusing the f-string's own quote are"));
                }
                if c == inner {
                    quote = None;
                }
                src.push(c);
                self.bump();
                continue;
            }
            match c {
                '\\' => {
                    return Err(error(
                        self.pos(),
                        "SyntaxError: f-string expression part cannot include a backslash",
                    ))
                }
                '#' => {
                    return Err(error(self.pos(), "SyntaxError: f-string expression part cannot include '#'"))
                }
                c if c == q => return Err(unterminated(open)),
                '\'' | '"' => quote = Some(c),
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' if depth > 0 => depth -= 1,
                '}' | ':' if depth == 0 => break,
                '!' if depth == 0 && self.peek(1) != Some('=') => break,
                '=' if depth == 0
                    && self.peek(1) != Some('=')
                    && !matches!(src.chars().last(), Some('=' | '!' | '<' | '>')) =>
                {
                    break
                }
                _ => {}
            }
            src.push(c);
            self.bump();
        }
        if src.trim().is_empty() {
            return Err(error(open, "SyntaxError: f-string: empty expression not allowed"));
        }
        let mut debug = false;
        if self.peek(0) == Some('=') {
            self.bump();
            debug = true;
        }
        let mut conv = None;
        if self.peek(0) == Some('!') {
            self.bump();
            match self.bump() {
                Some(c @ ('r' | 's' | 'a')) => conv = Some(c),
                _ => {
                    return Err(error(
                        open,
                        "SyntaxError: f-string: invalid conversion character: expected 's', 'r', or 'a'",
                    ))
                }
            }
        }
        let mut spec = vec![];
        if self.peek(0) == Some(':') {
            self.bump();
            let mut text = String::new();
            loop {
                let cpos = self.pos();
                match self.bump() {
                    None => return Err(unterminated(open)),
                    Some('}') => break,
                    Some('{') => {
                        spec.push(Piece::Text(std::mem::take(&mut text)));
                        spec.push(self.field(cpos, q, triple)?);
                    }
                    Some(c) if c == q || c == '\n' => return Err(unterminated(open)),
                    Some(c) => text.push(c),
                }
            }
            spec.push(Piece::Text(text));
            spec.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
        } else if self.bump() != Some('}') {
            return Err(unterminated(open));
        }
        Ok(Piece::Field { src, pos, conv, spec, debug })
    }

    /// After a backslash (not in a raw string): Python's escapes; unknown ones stay as written.
    fn escape(&mut self, out: &mut String, pos: Pos) -> R<()> {
        let Some(c) = self.bump() else { return Ok(()) };
        let ch = match c {
            '\n' => return Ok(()),
            '\\' | '\'' | '"' => c,
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'a' => '\x07',
            'b' => '\x08',
            'f' => '\x0c',
            'v' => '\x0b',
            '0'..='7' => {
                let mut v = c.to_digit(8).unwrap_or(0);
                for _ in 0..2 {
                    let Some(d) = self.peek(0).and_then(|d| d.to_digit(8)) else { break };
                    v = v * 8 + d;
                    self.bump();
                }
                char::from_u32(v).unwrap_or('\u{fffd}')
            }
            'x' | 'u' | 'U' => {
                let n = match c {
                    'x' => 2,
                    'u' => 4,
                    _ => 8,
                };
                let mut v: u32 = 0;
                for _ in 0..n {
                    let Some(d) = self.peek(0).and_then(|d| d.to_digit(16)) else {
                        return Err(error(
                            pos,
                            format!("SyntaxError: (unicode error) truncated \\{c} escape"),
                        ));
                    };
                    v = v * 16 + d;
                    self.bump();
                }
                char::from_u32(v)
                    .ok_or_else(|| error(pos, "SyntaxError: (unicode error) illegal Unicode character"))?
            }
            'N' => return Err(unsupported(pos, "`\\N{…}` escapes are")),
            other => {
                out.push('\\');
                other
            }
        };
        out.push(ch);
        Ok(())
    }

    fn op(&mut self, pos: Pos) -> R<()> {
        let Some(op) = OPS.iter().find(|op| op.chars().enumerate().all(|(k, c)| self.peek(k) == Some(c)))
        else {
            let c = self.peek(0).unwrap_or(' ');
            return Err(error(pos, format!("SyntaxError: invalid character '{c}' (U+{:04X})", c as u32)));
        };
        for _ in 0..op.len() {
            self.bump();
        }
        match *op {
            "(" | "[" | "{" => {
                if self.brackets.len() >= 100 {
                    return Err(error(pos, "SyntaxError: too many nested parentheses"));
                }
                self.brackets.push((op.chars().next().unwrap_or('('), pos));
            }
            ")" | "]" | "}" => {
                let close = op.chars().next().unwrap_or(')');
                match self.brackets.pop() {
                    None => return Err(error(pos, format!("SyntaxError: unmatched '{close}'"))),
                    Some((open, _)) if !matches!((open, close), ('(', ')') | ('[', ']') | ('{', '}')) => {
                        return Err(error(
                            pos,
                            format!("SyntaxError: closing parenthesis '{close}' does not match opening parenthesis '{open}'"),
                        ))
                    }
                    Some(_) => {}
                }
            }
            _ => {}
        }
        self.toks.push((Tok::Op(op), pos));
        Ok(())
    }
}

pub(super) fn describe(t: &Tok) -> String {
    match t {
        Tok::Name(n) => format!("`{n}`"),
        Tok::Int(_) | Tok::Float(_) => "a number".into(),
        Tok::Str(_) => "a string".into(),
        Tok::Op(o) => format!("`{o}`"),
        Tok::Newline => "the end of the line".into(),
        Tok::Indent => "an indented line".into(),
        Tok::Dedent => "the end of the block".into(),
        Tok::Eof => "the end of the program".into(),
    }
}
