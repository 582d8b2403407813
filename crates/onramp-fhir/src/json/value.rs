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

/// The JSON `null` at no position: what a primitive with only a `_name` companion has as its value.
pub static NULL: JsonValue = JsonValue {
    kind: JsonKind::Null,
    pos: Pos { line: 0, column: 0 },
};

/// The members of one JSON object, read by key (a short scan: FHIR objects have few members).
#[derive(Clone, Copy, Debug)]
pub struct JsonObject<'a> {
    members: &'a [Member],
}

impl<'a> JsonObject<'a> {
    pub fn get(self, key: &str) -> Option<&'a JsonValue> {
        self.members
            .iter()
            .find(|m| &*m.key == key)
            .map(|m| &m.value)
    }

    pub fn contains_key(self, key: &str) -> bool {
        self.members.iter().any(|m| &*m.key == key)
    }

    pub fn keys(self) -> impl Iterator<Item = &'a str> {
        self.members.iter().map(|m| &*m.key)
    }

    pub fn iter(self) -> impl Iterator<Item = (&'a str, &'a JsonValue)> {
        self.members.iter().map(|m| (&*m.key, &m.value))
    }
}

impl JsonValue {
    /// A value at no particular position (for values that do not come from an input).
    pub fn new(kind: JsonKind) -> JsonValue {
        JsonValue {
            kind,
            pos: Pos::default(),
        }
    }

    pub fn is_object(&self) -> bool {
        matches!(self.kind, JsonKind::Object(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self.kind, JsonKind::Array(_))
    }

    pub fn is_null(&self) -> bool {
        matches!(self.kind, JsonKind::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self.kind, JsonKind::String(_))
    }

    /// The object's members, read by key.
    pub fn as_object(&self) -> Option<JsonObject<'_>> {
        match &self.kind {
            JsonKind::Object(members) => Some(JsonObject { members }),
            _ => None,
        }
    }

    /// The items of an array (`None` for other kinds).
    pub fn as_array(&self) -> Option<&[JsonValue]> {
        match &self.kind {
            JsonKind::Array(items) => Some(items),
            _ => None,
        }
    }

    /// A number as `f64` (rounded when it has more digits than `f64` holds).
    pub fn as_f64(&self) -> Option<f64> {
        self.number_text().and_then(|text| text.parse().ok())
    }

    /// The same content, positions and member order aside (numbers compared as written).
    pub fn same_content(&self, other: &JsonValue) -> bool {
        match (&self.kind, &other.kind) {
            (JsonKind::Object(left), JsonKind::Object(right)) => {
                left.len() == right.len()
                    && left.iter().all(|l| {
                        right
                            .iter()
                            .find(|r| r.key == l.key)
                            .is_some_and(|r| l.value.same_content(&r.value))
                    })
            }
            (JsonKind::Array(left), JsonKind::Array(right)) => {
                left.len() == right.len() && left.iter().zip(right).all(|(l, r)| l.same_content(r))
            }
            (left, right) => left == right,
        }
    }

    /// A `serde_json::Value` (a definition from a package, a caller's value) as a `JsonValue` at
    /// no position; numbers keep their text.
    pub fn from_serde(value: &serde_json::Value) -> JsonValue {
        use serde_json::Value;
        JsonValue::new(match value {
            Value::Null => JsonKind::Null,
            Value::Bool(b) => JsonKind::Bool(*b),
            Value::Number(number) => JsonKind::Number(number.to_string().into()),
            Value::String(text) => JsonKind::String(text.as_str().into()),
            Value::Array(items) => {
                JsonKind::Array(items.iter().map(JsonValue::from_serde).collect())
            }
            Value::Object(object) => JsonKind::Object(
                object
                    .iter()
                    .map(|(key, value)| Member {
                        key: key.as_str().into(),
                        key_pos: Pos::default(),
                        value: JsonValue::from_serde(value),
                    })
                    .collect(),
            ),
        })
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

/// Compact JSON text (`{"a":[1,"x"]}`), numbers as written.
impl fmt::Display for JsonValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            JsonKind::Null => f.write_str("null"),
            JsonKind::Bool(value) => write!(f, "{value}"),
            JsonKind::Number(text) => f.write_str(text),
            JsonKind::String(text) => write_json_string(f, text),
            JsonKind::Array(items) => {
                f.write_str("[")?;
                for (position, item) in items.iter().enumerate() {
                    if position > 0 {
                        f.write_str(",")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("]")
            }
            JsonKind::Object(members) => {
                f.write_str("{")?;
                for (position, member) in members.iter().enumerate() {
                    if position > 0 {
                        f.write_str(",")?;
                    }
                    write_json_string(f, &member.key)?;
                    write!(f, ":{}", member.value)?;
                }
                f.write_str("}")
            }
        }
    }
}

fn write_json_string(f: &mut fmt::Formatter<'_>, text: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in text.chars() {
        match c {
            '"' => f.write_str("\\\"")?,
            '\\' => f.write_str("\\\\")?,
            '\n' => f.write_str("\\n")?,
            '\r' => f.write_str("\\r")?,
            '\t' => f.write_str("\\t")?,
            '\u{8}' => f.write_str("\\b")?,
            '\u{c}' => f.write_str("\\f")?,
            c if u32::from(c) < 0x20 => write!(f, "\\u{:04x}", u32::from(c))?,
            c => write!(f, "{c}")?,
        }
    }
    f.write_str("\"")
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
