//! The tokenizer: turns query text into [`Token`]s with [`Span`]s.

use crate::error::ParseError;
use crate::span::Span;
use serde_json::Number;

/// Reserved words. Matched case-insensitively, except the literal words
/// (`true`, `false`, `null`, `undefined`) and `udf`, which the service's
/// grammar only accepts in lower case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyword {
    And,
    Array,
    As,
    Asc,
    Between,
    By,
    Desc,
    Distinct,
    Escape,
    Exists,
    From,
    Group,
    In,
    Join,
    Like,
    Limit,
    Not,
    Offset,
    Or,
    Order,
    Select,
    Top,
    Value,
    Where,
    True,
    False,
    Null,
    Undefined,
    Udf,
}

impl Keyword {
    fn lookup(word: &str) -> Option<Keyword> {
        // Lower-case-only words first (grammar: K_TRUE : 'true', ...).
        match word {
            "true" => return Some(Keyword::True),
            "false" => return Some(Keyword::False),
            "null" => return Some(Keyword::Null),
            "undefined" => return Some(Keyword::Undefined),
            "udf" => return Some(Keyword::Udf),
            _ => {}
        }
        let kw = match word.to_ascii_uppercase().as_str() {
            "AND" => Keyword::And,
            "ARRAY" => Keyword::Array,
            "AS" => Keyword::As,
            "ASC" => Keyword::Asc,
            "BETWEEN" => Keyword::Between,
            "BY" => Keyword::By,
            "DESC" => Keyword::Desc,
            "DISTINCT" => Keyword::Distinct,
            "ESCAPE" => Keyword::Escape,
            "EXISTS" => Keyword::Exists,
            "FROM" => Keyword::From,
            "GROUP" => Keyword::Group,
            "IN" => Keyword::In,
            "JOIN" => Keyword::Join,
            "LIKE" => Keyword::Like,
            "LIMIT" => Keyword::Limit,
            "NOT" => Keyword::Not,
            "OFFSET" => Keyword::Offset,
            "OR" => Keyword::Or,
            "ORDER" => Keyword::Order,
            "SELECT" => Keyword::Select,
            "TOP" => Keyword::Top,
            "VALUE" => Keyword::Value,
            "WHERE" => Keyword::Where,
            _ => return None,
        };
        Some(kw)
    }
}

/// One lexical token.
#[derive(Debug, Clone, PartialEq)]
pub enum Tok {
    Ident(String),
    Keyword(Keyword),
    Number(Number),
    String(String),
    Param(String),
    LParen,
    RParen,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    Comma,
    Dot,
    Colon,
    Question,
    Coalesce,
    Star,
    Plus,
    Minus,
    Slash,
    Percent,
    Eq,
    NotEq,
    Lt,
    Le,
    Gt,
    Ge,
    Amp,
    Pipe,
    Caret,
    Tilde,
    Shl,
    Shr,
    UShr,
    Concat,
    Eof,
}

impl Tok {
    /// How the token is named in error messages.
    pub fn describe(&self) -> String {
        match self {
            Tok::Ident(s) => format!("identifier '{s}'"),
            Tok::Keyword(k) => format!("keyword '{}'", format!("{k:?}").to_ascii_uppercase()),
            Tok::Number(n) => format!("number {n}"),
            Tok::String(_) => "string literal".to_string(),
            Tok::Param(p) => format!("parameter '{p}'"),
            Tok::Eof => "end of input".to_string(),
            other => format!("'{}'", other.symbol()),
        }
    }

    fn symbol(&self) -> &'static str {
        match self {
            Tok::LParen => "(",
            Tok::RParen => ")",
            Tok::LBracket => "[",
            Tok::RBracket => "]",
            Tok::LBrace => "{",
            Tok::RBrace => "}",
            Tok::Comma => ",",
            Tok::Dot => ".",
            Tok::Colon => ":",
            Tok::Question => "?",
            Tok::Coalesce => "??",
            Tok::Star => "*",
            Tok::Plus => "+",
            Tok::Minus => "-",
            Tok::Slash => "/",
            Tok::Percent => "%",
            Tok::Eq => "=",
            Tok::NotEq => "!=",
            Tok::Lt => "<",
            Tok::Le => "<=",
            Tok::Gt => ">",
            Tok::Ge => ">=",
            Tok::Amp => "&",
            Tok::Pipe => "|",
            Tok::Caret => "^",
            Tok::Tilde => "~",
            Tok::Shl => "<<",
            Tok::Shr => ">>",
            Tok::UShr => ">>>",
            Tok::Concat => "||",
            _ => "?",
        }
    }
}

/// A token and where it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

/// Splits `text` into tokens, ending with [`Tok::Eof`].
pub fn tokenize(text: &str) -> Result<Vec<Token>, ParseError> {
    Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    }
    .run()
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl Lexer<'_> {
    fn err(&self, message: impl Into<String>, start: usize, end: usize) -> ParseError {
        ParseError::new(self.text, message, Span::new(start, end))
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.pos + ahead).copied()
    }

    fn run(mut self) -> Result<Vec<Token>, ParseError> {
        let mut out = Vec::new();
        loop {
            self.skip_trivia()?;
            let start = self.pos;
            let Some(b) = self.peek(0) else {
                out.push(Token {
                    tok: Tok::Eof,
                    span: Span::new(start, start),
                });
                return Ok(out);
            };
            let tok = match b {
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    let word = self.word();
                    match Keyword::lookup(word) {
                        Some(k) => Tok::Keyword(k),
                        None => Tok::Ident(word.to_string()),
                    }
                }
                b'@' => {
                    self.pos += 1;
                    if !matches!(self.peek(0), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_')) {
                        return Err(self.err(
                            "expected a parameter name after '@'",
                            start,
                            self.pos,
                        ));
                    }
                    Tok::Param(format!("@{}", self.word()))
                }
                b'0'..=b'9' => self.number(start)?,
                b'.' if matches!(self.peek(1), Some(b'0'..=b'9')) => self.number(start)?,
                b'"' | b'\'' => Tok::String(self.string(b)?),
                _ => self.punct(start)?,
            };
            out.push(Token {
                tok,
                span: Span::new(start, self.pos),
            });
        }
    }

    fn skip_trivia(&mut self) -> Result<(), ParseError> {
        loop {
            match self.peek(0) {
                Some(b' ' | b'\t' | b'\r' | b'\n') => self.pos += 1,
                Some(b'-') if self.peek(1) == Some(b'-') => {
                    while let Some(b) = self.peek(0) {
                        if b == b'\n' {
                            break;
                        }
                        self.pos += 1;
                    }
                }
                Some(b'/') if self.peek(1) == Some(b'*') => {
                    let start = self.pos;
                    match self.text[self.pos + 2..].find("*/") {
                        Some(i) => self.pos += 2 + i + 2,
                        None => {
                            return Err(self.err("unterminated comment", start, self.text.len()))
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn word(&mut self) -> &str {
        let start = self.pos;
        while matches!(
            self.peek(0),
            Some(b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_')
        ) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(0), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self, start: usize) -> Result<Tok, ParseError> {
        let mut is_float = false;
        self.digits();
        if self.peek(0) == Some(b'.') {
            is_float = true;
            self.pos += 1;
            self.digits();
        }
        if matches!(self.peek(0), Some(b'e' | b'E')) {
            is_float = true;
            self.pos += 1;
            if matches!(self.peek(0), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("malformed number: missing exponent digits", start, self.pos));
            }
        }
        if matches!(self.peek(0), Some(b'a'..=b'z' | b'A'..=b'Z' | b'_')) {
            return Err(self.err("malformed number", start, self.pos + 1));
        }
        let text = &self.text[start..self.pos];
        if !is_float {
            if let Ok(i) = text.parse::<i64>() {
                return Ok(Tok::Number(Number::from(i)));
            }
        }
        let f: f64 = text
            .parse()
            .map_err(|_| self.err("malformed number", start, self.pos))?;
        Number::from_f64(f)
            .map(Tok::Number)
            .ok_or_else(|| self.err("number out of range", start, self.pos))
    }

    fn string(&mut self, quote: u8) -> Result<String, ParseError> {
        let start = self.pos;
        self.pos += 1;
        let mut out = String::new();
        loop {
            let Some(ch) = self.text[self.pos..].chars().next() else {
                return Err(self.err("unterminated string literal", start, self.text.len()));
            };
            let here = self.pos;
            self.pos += ch.len_utf8();
            match ch {
                c if c as u32 == quote as u32 => return Ok(out),
                '\\' => {
                    let Some(esc) = self.text[self.pos..].chars().next() else {
                        return Err(self.err(
                            "unterminated string literal",
                            start,
                            self.text.len(),
                        ));
                    };
                    self.pos += esc.len_utf8();
                    match esc {
                        '"' | '\'' | '\\' | '/' => out.push(esc),
                        'b' => out.push('\u{8}'),
                        'f' => out.push('\u{c}'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'u' => out.push(self.unicode_escape(here)?),
                        _ => {
                            return Err(self.err(
                                format!("invalid escape sequence '\\{esc}'"),
                                here,
                                self.pos,
                            ))
                        }
                    }
                }
                c => out.push(c),
            }
        }
    }

    fn hex4(&mut self, esc_start: usize) -> Result<u32, ParseError> {
        let hex = self.text.get(self.pos..self.pos + 4).unwrap_or("");
        let ok = hex.len() == 4 && hex.bytes().all(|b| b.is_ascii_hexdigit());
        if !ok {
            return Err(self.err(
                "invalid \\u escape: expected 4 hex digits",
                esc_start,
                self.pos,
            ));
        }
        self.pos += 4;
        u32::from_str_radix(hex, 16)
            .map_err(|_| self.err("invalid \\u escape", esc_start, self.pos))
    }

    fn unicode_escape(&mut self, esc_start: usize) -> Result<char, ParseError> {
        let hi = self.hex4(esc_start)?;
        // A UTF-16 surrogate pair spells one character as two escapes.
        if (0xD800..0xDC00).contains(&hi) && self.text[self.pos..].starts_with("\\u") {
            let save = self.pos;
            self.pos += 2;
            let lo = self.hex4(esc_start)?;
            if (0xDC00..0xE000).contains(&lo) {
                let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                if let Some(c) = char::from_u32(cp) {
                    return Ok(c);
                }
            }
            self.pos = save;
        }
        char::from_u32(hi)
            .ok_or_else(|| self.err("invalid \\u escape: lone surrogate", esc_start, self.pos))
    }

    fn punct(&mut self, start: usize) -> Result<Tok, ParseError> {
        let two = |a: u8, b: u8| (a, b);
        let b0 = self.bytes[self.pos];
        let b1 = self.peek(1).unwrap_or(0);
        let b2 = self.peek(2).unwrap_or(0);
        let (tok, len) = match (b0, b1) {
            (b'>', b'>') if b2 == b'>' => (Tok::UShr, 3),
            p if p == two(b'?', b'?') => (Tok::Coalesce, 2),
            p if p == two(b'!', b'=') => (Tok::NotEq, 2),
            p if p == two(b'<', b'>') => (Tok::NotEq, 2),
            p if p == two(b'<', b'=') => (Tok::Le, 2),
            p if p == two(b'>', b'=') => (Tok::Ge, 2),
            p if p == two(b'<', b'<') => (Tok::Shl, 2),
            p if p == two(b'>', b'>') => (Tok::Shr, 2),
            p if p == two(b'|', b'|') => (Tok::Concat, 2),
            (b'(', _) => (Tok::LParen, 1),
            (b')', _) => (Tok::RParen, 1),
            (b'[', _) => (Tok::LBracket, 1),
            (b']', _) => (Tok::RBracket, 1),
            (b'{', _) => (Tok::LBrace, 1),
            (b'}', _) => (Tok::RBrace, 1),
            (b',', _) => (Tok::Comma, 1),
            (b'.', _) => (Tok::Dot, 1),
            (b':', _) => (Tok::Colon, 1),
            (b'?', _) => (Tok::Question, 1),
            (b'*', _) => (Tok::Star, 1),
            (b'+', _) => (Tok::Plus, 1),
            (b'-', _) => (Tok::Minus, 1),
            (b'/', _) => (Tok::Slash, 1),
            (b'%', _) => (Tok::Percent, 1),
            (b'=', _) => (Tok::Eq, 1),
            (b'<', _) => (Tok::Lt, 1),
            (b'>', _) => (Tok::Gt, 1),
            (b'&', _) => (Tok::Amp, 1),
            (b'|', _) => (Tok::Pipe, 1),
            (b'^', _) => (Tok::Caret, 1),
            (b'~', _) => (Tok::Tilde, 1),
            _ => {
                let ch = self.text[start..].chars().next().unwrap_or('?');
                return Err(self.err(
                    format!("unexpected character '{}'", ch.escape_default()),
                    start,
                    start + ch.len_utf8(),
                ));
            }
        };
        self.pos += len;
        Ok(tok)
    }
}

#[cfg(test)]
mod tests;
