//! The FHIRPath lexer: turns expression text into tokens with byte spans, skipping whitespace and
//! comments. Keywords (`and`, `is`, `div`, …) stay identifiers; the parser decides by position.

use super::error::{FhirPathError, Position, Span};

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum TokenKind {
    /// A plain identifier (which may be a keyword such as `and`, `true`, `div`).
    Identifier(String),
    /// A `` `delimited` `` identifier: never a keyword.
    Delimited(String),
    /// A string literal, escapes resolved.
    String(String),
    /// A number literal as written (`12`, `3.50`).
    Number(String),
    /// `@2015-02-04` (text after the `@`).
    Date(String),
    /// `@2015-02-04T14:34` or `@2015T` (text after the `@`).
    DateTime(String),
    /// `@T14:34` (text after the `@T`).
    Time(String),
    /// `$this`, `$index`, `$total` (name without the `$`).
    Special(String),
    /// `%name`, `` %`vs-x` `` or `%'x'` (name without the `%`).
    External(String),
    Symbol(&'static str),
    End,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub span: Span,
}

/// Longest first, so that `<=` wins over `<`.
const SYMBOLS: &[&str] = &[
    "<=", ">=", "!=", "!~", ".", "[", "]", "(", ")", "{", "}", ",", "+", "-", "*", "/", "&", "|",
    "=", "~", "<", ">",
];

pub(crate) fn tokenize(text: &str) -> Result<Vec<Token>, FhirPathError> {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        offset: 0,
    };
    let mut tokens = Vec::new();
    loop {
        lexer.skip_trivia()?;
        let start = lexer.offset;
        let kind = lexer.next_kind()?;
        let end = lexer.offset;
        let is_end = kind == TokenKind::End;
        tokens.push(Token {
            kind,
            span: Span::new(start, end),
        });
        if is_end {
            return Ok(tokens);
        }
    }
}

struct Lexer<'t> {
    text: &'t str,
    bytes: &'t [u8],
    offset: usize,
}

impl Lexer<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<u8> {
        self.bytes.get(self.offset + ahead).copied()
    }

    fn error(&self, offset: usize, message: impl Into<String>) -> FhirPathError {
        FhirPathError::Syntax {
            message: message.into(),
            position: Position::locate(self.text, offset),
        }
    }

    fn skip_trivia(&mut self) -> Result<(), FhirPathError> {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(b' ' | b'\t' | b'\r' | b'\n'), _) => self.offset += 1,
                (Some(b'/'), Some(b'/')) => {
                    while let Some(byte) = self.peek() {
                        if byte == b'\n' {
                            break;
                        }
                        self.offset += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let start = self.offset;
                    self.offset += 2;
                    loop {
                        match (self.peek(), self.peek_at(1)) {
                            (Some(b'*'), Some(b'/')) => {
                                self.offset += 2;
                                break;
                            }
                            (Some(_), _) => self.offset += 1,
                            (None, _) => {
                                return Err(self.error(start, "the comment is not closed with */"))
                            }
                        }
                    }
                }
                _ => return Ok(()),
            }
        }
    }

    fn next_kind(&mut self) -> Result<TokenKind, FhirPathError> {
        let Some(byte) = self.peek() else {
            return Ok(TokenKind::End);
        };
        match byte {
            b'\'' => Ok(TokenKind::String(self.quoted(b'\'')?)),
            b'`' => Ok(TokenKind::Delimited(self.quoted(b'`')?)),
            b'0'..=b'9' => Ok(TokenKind::Number(self.number())),
            b'@' => self.date_time(),
            b'$' => {
                self.offset += 1;
                let name = self.identifier_text();
                if name.is_empty() {
                    return Err(self.error(self.offset - 1, "expected a name after $"));
                }
                Ok(TokenKind::Special(name))
            }
            b'%' => {
                self.offset += 1;
                let name = match self.peek() {
                    Some(b'`') => self.quoted(b'`')?,
                    Some(b'\'') => self.quoted(b'\'')?,
                    _ => self.identifier_text(),
                };
                if name.is_empty() {
                    return Err(self.error(self.offset - 1, "expected a name after %"));
                }
                Ok(TokenKind::External(name))
            }
            b'A'..=b'Z' | b'a'..=b'z' | b'_' => Ok(TokenKind::Identifier(self.identifier_text())),
            _ => {
                let rest = self.text.get(self.offset..).unwrap_or("");
                for symbol in SYMBOLS {
                    if rest.starts_with(symbol) {
                        self.offset += symbol.len();
                        return Ok(TokenKind::Symbol(symbol));
                    }
                }
                let character = rest.chars().next().unwrap_or('?');
                Err(self.error(self.offset, format!("unexpected character '{character}'")))
            }
        }
    }

    fn identifier_text(&mut self) -> String {
        let start = self.offset;
        while let Some(byte) = self.peek() {
            if byte.is_ascii_alphanumeric() || byte == b'_' {
                self.offset += 1;
            } else {
                break;
            }
        }
        self.text.get(start..self.offset).unwrap_or("").to_string()
    }

    fn number(&mut self) -> String {
        let start = self.offset;
        self.digits();
        if self.peek() == Some(b'.') && self.peek_at(1).is_some_and(|byte| byte.is_ascii_digit()) {
            self.offset += 1;
            self.digits();
        } else if self.peek() == Some(b'L')
            && !self
                .peek_at(1)
                .is_some_and(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
        {
            // A Long literal (FHIRPath 2.0): `12L`.
            self.offset += 1;
        }
        self.text.get(start..self.offset).unwrap_or("").to_string()
    }

    fn digits(&mut self) -> usize {
        let start = self.offset;
        while self.peek().is_some_and(|byte| byte.is_ascii_digit()) {
            self.offset += 1;
        }
        self.offset - start
    }

    /// Consumes exactly `count` digits if they are there.
    fn fixed_digits(&mut self, count: usize) -> bool {
        let all = (0..count).all(|ahead| {
            self.peek_at(ahead)
                .is_some_and(|byte| byte.is_ascii_digit())
        });
        if all {
            self.offset += count;
        }
        all
    }

    /// `:` or `-` followed by two digits.
    fn separated_pair(&mut self, separator: u8) -> bool {
        let digits = [self.peek_at(1), self.peek_at(2)];
        if self.peek() == Some(separator)
            && digits
                .iter()
                .all(|byte| byte.is_some_and(|b| b.is_ascii_digit()))
        {
            self.offset += 3;
            true
        } else {
            false
        }
    }

    fn time_part(&mut self) {
        if self.separated_pair(b':')
            && self.separated_pair(b':')
            && self.peek() == Some(b'.')
            && self.peek_at(1).is_some_and(|byte| byte.is_ascii_digit())
        {
            self.offset += 1;
            self.digits();
        }
    }

    fn date_time(&mut self) -> Result<TokenKind, FhirPathError> {
        let at = self.offset;
        self.offset += 1;
        if self.peek() == Some(b'T') {
            self.offset += 1;
            let start = self.offset;
            if !self.fixed_digits(2) {
                return Err(self.error(at, "a time literal needs an hour: @Thh"));
            }
            self.time_part();
            return Ok(TokenKind::Time(
                self.text.get(start..self.offset).unwrap_or("").to_string(),
            ));
        }
        let start = self.offset;
        if !self.fixed_digits(4) {
            return Err(self.error(at, "a date literal needs a four-digit year: @YYYY"));
        }
        if self.separated_pair(b'-') {
            self.separated_pair(b'-');
        }
        if self.peek() != Some(b'T') {
            return Ok(TokenKind::Date(
                self.text.get(start..self.offset).unwrap_or("").to_string(),
            ));
        }
        self.offset += 1;
        if self.fixed_digits(2) {
            self.time_part();
            self.time_zone();
        }
        Ok(TokenKind::DateTime(
            self.text.get(start..self.offset).unwrap_or("").to_string(),
        ))
    }

    fn time_zone(&mut self) {
        match self.peek() {
            Some(b'Z') => self.offset += 1,
            Some(b'+' | b'-') => {
                let pattern = [
                    self.peek_at(1),
                    self.peek_at(2),
                    self.peek_at(3),
                    self.peek_at(4),
                    self.peek_at(5),
                ];
                let matches = pattern.iter().enumerate().all(|(index, byte)| match byte {
                    Some(b':') => index == 2,
                    Some(b) => index != 2 && b.is_ascii_digit(),
                    None => false,
                });
                if matches {
                    self.offset += 6;
                }
            }
            _ => {}
        }
    }

    /// The four hex digits after `\u`, as a number.
    fn hex_unit(&mut self, escape_at: usize) -> Result<u32, FhirPathError> {
        let hex = self.text.get(self.offset..self.offset + 4).unwrap_or("");
        let code = u32::from_str_radix(hex, 16)
            .ok()
            .filter(|_| hex.len() == 4 && hex.bytes().all(|byte| byte.is_ascii_hexdigit()))
            .ok_or_else(|| self.error(escape_at, "\\u must be followed by four hex digits"))?;
        self.offset += 4;
        Ok(code)
    }

    /// The character of a `\uXXXX` escape; a high surrogate must be followed by a second
    /// `\uXXXX` escape holding the low surrogate, and the pair is one character (as in JSON).
    fn unicode_escape(&mut self, escape_at: usize) -> Result<char, FhirPathError> {
        let first = self.hex_unit(escape_at)?;
        let code = match first {
            0xD800..=0xDBFF => {
                if self.text.get(self.offset..self.offset + 2) != Some("\\u") {
                    return Err(self.error(
                        escape_at,
                        "a high surrogate escape must be followed by a low surrogate escape",
                    ));
                }
                self.offset += 2;
                let second = self.hex_unit(escape_at)?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error(
                        escape_at,
                        "a high surrogate escape must be followed by a low surrogate escape",
                    ));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => {
                return Err(self.error(escape_at, "a low surrogate escape without a high one"))
            }
            code => code,
        };
        char::from_u32(code).ok_or_else(|| self.error(escape_at, "\\u escapes no character"))
    }

    /// A quoted string or delimited identifier, with FHIRPath escapes.
    fn quoted(&mut self, quote: u8) -> Result<String, FhirPathError> {
        let start = self.offset;
        self.offset += 1;
        let mut value = String::new();
        loop {
            let rest = self.text.get(self.offset..).unwrap_or("");
            let mut characters = rest.chars();
            let Some(character) = characters.next() else {
                return Err(self.error(start, "the string is not closed"));
            };
            self.offset += character.len_utf8();
            if character as u32 == u32::from(quote) {
                return Ok(value);
            }
            if character != '\\' {
                value.push(character);
                continue;
            }
            let Some(escaped) = characters.next() else {
                return Err(self.error(start, "the string is not closed"));
            };
            self.offset += escaped.len_utf8();
            match escaped {
                '\'' | '"' | '`' | '\\' | '/' => value.push(escaped),
                'f' => value.push('\u{000C}'),
                'n' => value.push('\n'),
                'r' => value.push('\r'),
                't' => value.push('\t'),
                'u' => {
                    let escape_at = self.offset - 2;
                    let unicode = self.unicode_escape(escape_at)?;
                    value.push(unicode);
                }
                other => {
                    return Err(self.error(self.offset - 2, format!("unknown escape \\{other}")))
                }
            }
        }
    }
}
