//! The located JSON tree the reader produces, and the issues it reports.

use std::fmt;

/// A position in the input: 1-based line and column (columns count characters, not bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

/// One JSON value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    pub kind: JsonKind,
    pub pos: Pos,
}

/// The kinds of JSON value. Numbers keep their text exactly as written (`1.50`, `1e400`).
#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    Null,
    Bool(bool),
    Number(Box<str>),
    String(Box<str>),
    Array(Vec<JsonValue>),
    /// Members in input order; a duplicate key keeps its first value (and is reported).
    Object(Vec<Member>),
}

/// One `"key": value` of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    pub key: Box<str>,
    pub key_pos: Pos,
    pub value: JsonValue,
}

impl JsonValue {
    pub fn is_object(&self) -> bool {
        matches!(self.kind, JsonKind::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.kind, JsonKind::Array(_))
    }

    /// The members of an object (nothing for other kinds).
    pub fn members(&self) -> impl Iterator<Item = (&str, &JsonValue)> {
        let members: &[Member] = match &self.kind {
            JsonKind::Object(members) => members,
            _ => &[],
        };
        members.iter().map(|m| (&*m.key, &m.value))
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&JsonValue> {
        match &self.kind {
            JsonKind::Object(members) => members.iter().find(|m| &*m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    /// The items of an array (nothing for other kinds).
    pub fn items(&self) -> &[JsonValue] {
        match &self.kind {
            JsonKind::Array(items) => items,
            _ => &[],
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn number_text(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::Number(text) => Some(text),
            _ => None,
        }
    }

    /// A word for the kind, for messages: `object`, `array`, `string`, `number`, `boolean`, `null`.
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "boolean",
            JsonKind::Number(_) => "number",
            JsonKind::String(_) => "string",
            JsonKind::Array(_) => "array",
            JsonKind::Object(_) => "object",
        }
    }

    /// The same value as a `serde_json::Value` (numbers keep their text), for FHIRPath.
    pub fn to_serde(&self) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            JsonKind::Null => Value::Null,
            JsonKind::Bool(b) => Value::Bool(*b),
            JsonKind::Number(text) => text
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .unwrap_or_else(|_| Value::String(text.to_string())),
            JsonKind::String(text) => Value::String(text.to_string()),
            JsonKind::Array(items) => Value::Array(items.iter().map(JsonValue::to_serde).collect()),
            JsonKind::Object(members) => Value::Object(
                members
                    .iter()
                    .map(|m| (m.key.to_string(), m.value.to_serde()))
                    .collect(),
            ),
        }
    }
}

/// What went wrong in the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JsonIssueKind {
    /// Not JSON at this point (unexpected character, bad escape, bad number, trailing content).
    Syntax,
    /// The input ends before the value does.
    Truncated,
    /// The same key twice in one object; the first value is kept.
    DuplicateKey,
    /// Nesting deeper than [`super::ReaderOptions::max_depth`].
    TooDeep,
    /// Bytes that are not UTF-8; they are read as U+FFFD.
    InvalidUtf8,
    /// A `//` or `/* */` comment (not JSON); skipped.
    Comment,
    /// A comma before `]` or `}`; skipped.
    TrailingComma,
    /// Two values or members without a comma between them; read as if it were there.
    MissingComma,
}

impl JsonIssueKind {
    /// Whether the reader could not produce a value at all.
    pub fn is_fatal(self) -> bool {
        matches!(
            self,
            JsonIssueKind::Syntax | JsonIssueKind::Truncated | JsonIssueKind::TooDeep
        )
    }
}

/// A problem found while reading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonIssue {
    pub kind: JsonIssueKind,
    pub pos: Pos,
    pub message: String,
}

/// What [`super::parse`] returns: the value (absent after a fatal issue) and the issues.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    pub value: Option<JsonValue>,
    pub issues: Vec<JsonIssue>,
}
