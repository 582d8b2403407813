//! A TOML document read into a tree that keeps where every key and value starts, so that the
//! track reader can report each problem with its line and column, and go on to the next one
//! instead of stopping at the first (as `#[serde(deny_unknown_fields)]` would).

use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};

/// A line and a column, both counted from 1; the column counts characters, not bytes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl std::fmt::Display for Position {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Turns byte offsets of one text into positions.
pub(crate) struct Lines<'text> {
    text: &'text str,
    starts: Vec<usize>,
}

impl<'text> Lines<'text> {
    pub(crate) fn new(text: &'text str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(at, _)| at + 1))
            .collect();
        Lines { text, starts }
    }

    pub(crate) fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self
            .starts
            .partition_point(|&start| start <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(line_index).copied().unwrap_or(0);
        let column = self
            .text
            .get(line_start..offset)
            .map_or(offset - line_start, |prefix| prefix.chars().count());
        Position {
            line: line_index + 1,
            column: column + 1,
        }
    }
}

/// A value with the byte range it came from.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) span: Range<usize>,
    pub(crate) value: Value,
}

/// A key of a table with where it was written.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: Range<usize>,
    pub(crate) node: Node,
}

#[derive(Debug, Clone)]
pub(crate) enum Value {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Array(Vec<Node>),
    Table(Vec<Entry>),
}

impl Value {
    /// What the value is, for messages: "a string", "a table", …
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Value::String(_) => "a string",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a number",
            Value::Boolean(_) => "true or false",
            Value::Array(_) => "a list",
            Value::Table(_) => "a table",
        }
    }
}

/// Reads a TOML document; `Err` carries the parser's message and byte range.
pub(crate) fn parse(text: &str) -> Result<Vec<Entry>, (String, Range<usize>)> {
    match toml::from_str::<Value>(text) {
        Ok(Value::Table(entries)) => Ok(entries),
        Ok(_) => Err(("a track file is a TOML table".to_owned(), 0..0)),
        Err(error) => {
            let message = error.message().trim().to_owned();
            let message = if message.contains("$__toml_private_datetime") {
                "write a date as a quoted string, such as \"2026-01-05\"".to_owned()
            } else {
                message
            };
            Err((message, error.span().unwrap_or(0..0)))
        }
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = toml::Spanned::<Value>::deserialize(deserializer)?;
        let span = spanned.span();
        Ok(Node {
            span,
            value: spanned.into_inner(),
        })
    }
}

impl<'de> Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("a TOML value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Boolean(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::Integer(value))
    }

    fn visit_u64<E: serde::de::Error>(self, value: u64) -> Result<Value, E> {
        i64::try_from(value)
            .map(Value::Integer)
            .map_err(|_| E::custom("integer too large"))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::Float(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut sequence: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = sequence.next_element::<Node>()? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<toml::Spanned<String>>()? {
            let key_span = key.span();
            let node = map.next_value::<Node>()?;
            entries.push(Entry {
                key: key.into_inner(),
                key_span,
                node,
            });
        }
        Ok(Value::Table(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_lines_and_characters_from_one() {
        let lines = Lines::new("ab\nçd = 1\n");
        assert_eq!(lines.position(0), Position { line: 1, column: 1 });
        assert_eq!(lines.position(3), Position { line: 2, column: 1 });
        // 'ç' is two bytes but one column.
        assert_eq!(lines.position(5), Position { line: 2, column: 2 });
    }

    #[test]
    fn keys_and_values_keep_their_spans() {
        let text = "a = 1\n[t]\nb = \"x\"\n";
        let entries = parse(text).unwrap();
        let lines = Lines::new(text);
        let table = entries.iter().find(|entry| entry.key == "t").unwrap();
        let Value::Table(inner) = &table.node.value else {
            panic!("a table")
        };
        let b = inner.first().unwrap();
        assert_eq!(
            lines.position(b.key_span.start),
            Position { line: 3, column: 1 }
        );
        assert_eq!(
            lines.position(b.node.span.start),
            Position { line: 3, column: 5 }
        );
    }

    #[test]
    fn a_syntax_error_has_a_span() {
        let (message, span) = parse("a = \n").unwrap_err();
        assert!(!message.is_empty());
        assert_eq!(Lines::new("a = \n").position(span.start).line, 1);
    }
}
