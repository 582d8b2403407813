//! The reader itself: a recursive-descent parser over bytes that tracks line and column, with a
//! depth limit so that hostile nesting cannot exhaust the stack.

use super::value::{JsonIssue, JsonIssueKind, JsonKind, JsonValue, Member, Parsed, Pos};

/// Limits of the reader.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Arrays and objects nested deeper than this are an error (FHIR resources stay well below 64).
    pub max_depth: usize,
    /// The line number of the first line (for a line of an NDJSON file).
    pub first_line: u32,
}

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            max_depth: 200,
            first_line: 1,
        }
    }
}

/// Reads one JSON document with the default options.
pub fn parse(bytes: &[u8]) -> Parsed {
    parse_with(bytes, ReaderOptions::default())
}

/// Reads one JSON document. Never panics: every problem is an issue in the result.
pub fn parse_with(bytes: &[u8], options: ReaderOptions) -> Parsed {
    let mut issues = Vec::new();
    let lossy;
    let text: &[u8] = match std::str::from_utf8(bytes) {
        Ok(_) => bytes,
        Err(error) => {
            let valid = bytes.get(..error.valid_up_to()).unwrap_or_default();
            let pos = position_after(valid, options.first_line);
            issues.push(JsonIssue {
                kind: JsonIssueKind::InvalidUtf8,
                pos,
                message: format!("The input is not valid UTF-8 (first invalid byte at {pos}); invalid bytes are read as U+FFFD"),
            });
            lossy = String::from_utf8_lossy(bytes).into_owned();
            lossy.as_bytes()
        }
    };
    let mut reader = Reader {
        bytes: text,
        offset: 0,
        line: options.first_line,
        column: 1,
        depth: 0,
        max_depth: options.max_depth,
        issues,
    };
    // A byte order mark is tolerated.
    if reader.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        reader.offset = 3;
    }
    reader.skip_whitespace();
    let value = match reader.value() {
        Ok(value) => {
            reader.skip_whitespace();
            if reader.offset < reader.bytes.len() {
                let pos = reader.pos();
                reader.issue(
                    JsonIssueKind::Syntax,
                    pos,
                    "Unexpected content after the end of the JSON value".to_string(),
                );
                None
            } else {
                Some(value)
            }
        }
        Err(()) => None,
    };
    Parsed {
        value,
        issues: reader.issues,
    }
}

fn position_after(prefix: &[u8], first_line: u32) -> Pos {
    let mut pos = Pos {
        line: first_line,
        column: 1,
    };
    for &byte in prefix {
        if byte == b'\n' {
            pos.line = pos.line.saturating_add(1);
            pos.column = 1;
        } else if byte & 0xC0 != 0x80 {
            pos.column = pos.column.saturating_add(1);
        }
    }
    pos
}

pub(super) struct Reader<'b> {
    pub(super) bytes: &'b [u8],
    pub(super) offset: usize,
    line: u32,
    column: u32,
    depth: usize,
    max_depth: usize,
    issues: Vec<JsonIssue>,
}

/// A fatal issue has been recorded; unwind.
pub(super) type Step<T> = Result<T, ()>;

impl Reader<'_> {
    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    pub(super) fn bump(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.offset += 1;
        if byte == b'\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            self.column = self.column.saturating_add(1);
        }
        Some(byte)
    }

    /// Moves past `len` bytes known to hold no line break and `characters` characters.
    pub(super) fn advance_plain(&mut self, len: usize, characters: usize) {
        self.offset += len;
        let characters = u32::try_from(characters).unwrap_or(u32::MAX);
        self.column = self.column.saturating_add(characters);
    }

    fn issue(&mut self, kind: JsonIssueKind, pos: Pos, message: String) {
        self.issues.push(JsonIssue { kind, pos, message });
    }

    pub(super) fn fail<T>(&mut self, kind: JsonIssueKind, message: String) -> Step<T> {
        let pos = self.pos();
        self.issue(kind, pos, message);
        Err(())
    }

    pub(super) fn unexpected<T>(&mut self, expected: &str) -> Step<T> {
        match self.peek() {
            None => self.fail(
                JsonIssueKind::Truncated,
                format!("The input ends where {expected} was expected"),
            ),
            Some(byte) => {
                let found = describe(self.bytes.get(self.offset..).unwrap_or_default(), byte);
                self.fail(
                    JsonIssueKind::Syntax,
                    format!("Expected {expected} but found {found}"),
                )
            }
        }
    }

    /// Skips whitespace, and comments (reported: they are not JSON).
    fn skip_whitespace(&mut self) {
        loop {
            while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
                self.bump();
            }
            let next = self.bytes.get(self.offset + 1).copied();
            match (self.peek(), next) {
                (Some(b'/'), Some(b'/')) => {
                    let pos = self.pos();
                    self.issue(
                        JsonIssueKind::Comment,
                        pos,
                        "Comments are not allowed in JSON".to_string(),
                    );
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.bump();
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    let pos = self.pos();
                    self.issue(
                        JsonIssueKind::Comment,
                        pos,
                        "Comments are not allowed in JSON".to_string(),
                    );
                    self.bump();
                    self.bump();
                    while self.peek().is_some()
                        && !(self.peek() == Some(b'*')
                            && self.bytes.get(self.offset + 1) == Some(&b'/'))
                    {
                        self.bump();
                    }
                    self.bump();
                    self.bump();
                }
                _ => return,
            }
        }
    }

    /// After a `,`: a closing bracket means a trailing comma (reported, tolerated).
    fn trailing_comma(&mut self, close: u8, what: &str) -> bool {
        self.skip_whitespace();
        if self.peek() == Some(close) {
            let pos = self.pos();
            self.issue(
                JsonIssueKind::TrailingComma,
                pos,
                format!("There is an extra comma at the end of the {what} in the JSON"),
            );
            return true;
        }
        false
    }

    fn value(&mut self) -> Step<JsonValue> {
        let pos = self.pos();
        let kind = match self.peek() {
            Some(b'{') => self.object()?,
            Some(b'[') => self.array()?,
            Some(b'"') => JsonKind::String(self.string()?.into_boxed_str()),
            Some(b'-' | b'0'..=b'9') => JsonKind::Number(self.number()?),
            Some(b't') => self.keyword("true", JsonKind::Bool(true))?,
            Some(b'f') => self.keyword("false", JsonKind::Bool(false))?,
            Some(b'n') => self.keyword("null", JsonKind::Null)?,
            _ => return self.unexpected("a JSON value"),
        };
        Ok(JsonValue { kind, pos })
    }

    fn keyword(&mut self, word: &str, kind: JsonKind) -> Step<JsonKind> {
        for expected in word.bytes() {
            if self.peek() != Some(expected) {
                return self.unexpected(&format!("'{word}'"));
            }
            self.bump();
        }
        Ok(kind)
    }

    fn enter(&mut self) -> Step<()> {
        self.depth += 1;
        if self.depth > self.max_depth {
            let max = self.max_depth;
            return self.fail(
                JsonIssueKind::TooDeep,
                format!("The JSON nesting is deeper than {max} levels"),
            );
        }
        Ok(())
    }

    fn object(&mut self) -> Step<JsonKind> {
        self.enter()?;
        self.bump();
        let mut members: Vec<Member> = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.bump();
            self.depth -= 1;
            return Ok(JsonKind::Object(members));
        }
        loop {
            self.skip_whitespace();
            let key_pos = self.pos();
            if self.peek() != Some(b'"') {
                return self.unexpected("a property name in double quotes");
            }
            let key = self.string()?;
            self.skip_whitespace();
            if self.peek() != Some(b':') {
                return self.unexpected("':'");
            }
            self.bump();
            self.skip_whitespace();
            let value = self.value()?;
            if members.iter().any(|m| *m.key == *key) {
                self.issue(
                    JsonIssueKind::DuplicateKey,
                    key_pos,
                    format!("The property '{key}' appears more than once in this object; the first value is used"),
                );
            } else {
                members.push(Member {
                    key: key.into_boxed_str(),
                    key_pos,
                    value,
                });
            }
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    if self.trailing_comma(b'}', "Object") {
                        self.bump();
                        break;
                    }
                }
                Some(b'}') => {
                    self.bump();
                    break;
                }
                Some(b'"') => {
                    let pos = self.pos();
                    self.issue(
                        JsonIssueKind::MissingComma,
                        pos,
                        "A Comma is missing in the JSON".to_string(),
                    );
                }
                _ => return self.unexpected("',' or '}'"),
            }
        }
        self.depth -= 1;
        Ok(JsonKind::Object(members))
    }

    fn array(&mut self) -> Step<JsonKind> {
        self.enter()?;
        self.bump();
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.bump();
            self.depth -= 1;
            return Ok(JsonKind::Array(items));
        }
        loop {
            self.skip_whitespace();
            items.push(self.value()?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => {
                    self.bump();
                    if self.trailing_comma(b']', "Array") {
                        self.bump();
                        break;
                    }
                }
                Some(b']') => {
                    self.bump();
                    break;
                }
                Some(b'{' | b'[' | b'"') => {
                    let pos = self.pos();
                    self.issue(
                        JsonIssueKind::MissingComma,
                        pos,
                        "A Comma is missing in the JSON".to_string(),
                    );
                }
                _ => return self.unexpected("',' or ']'"),
            }
        }
        self.depth -= 1;
        Ok(JsonKind::Array(items))
    }

    fn number(&mut self) -> Step<Box<str>> {
        let start = self.offset;
        if self.peek() == Some(b'-') {
            self.bump();
        }
        match self.peek() {
            Some(b'0') => {
                self.bump();
            }
            Some(b'1'..=b'9') => self.digits(),
            _ => return self.unexpected("a digit"),
        }
        if self.peek() == Some(b'.') {
            self.bump();
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.unexpected("a digit after the decimal point");
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.bump();
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.bump();
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return self.unexpected("a digit in the exponent");
            }
            self.digits();
        }
        let text = self.bytes.get(start..self.offset).unwrap_or_default();
        Ok(String::from_utf8_lossy(text).into())
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.bump();
        }
    }
}

/// How a byte appears in a message: the character it starts.
fn describe(rest: &[u8], byte: u8) -> String {
    let text = String::from_utf8_lossy(rest.get(..4.min(rest.len())).unwrap_or_default());
    match text.chars().next() {
        Some(c) if !c.is_control() => format!("'{c}'"),
        _ => format!("byte 0x{byte:02X}"),
    }
}
