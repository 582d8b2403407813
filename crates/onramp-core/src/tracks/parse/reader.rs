//! The reader behind every part of a track or calendar file: typed values out of the position-
//! keeping tree (strings, booleans, durations, scores, vocabulary names, tables and lists of
//! them), each wrong or missing one recorded as a [`Problem`] at its line and column, so that
//! reading goes on.

use std::str::FromStr;

use super::Problem;
use crate::tracks::tree::{Entry, Lines, Node, Position, Value};
use crate::vocabulary::{UnknownName, Vocabulary};

/// A table's entries and where the table starts.
#[derive(Clone, Copy)]
pub(super) struct Table<'n> {
    pub(super) entries: &'n [Entry],
    pub(super) start: usize,
}

impl<'n> Table<'n> {
    pub(super) fn get(&self, key: &str) -> Option<&'n Entry> {
        self.entries.iter().find(|entry| entry.key == key)
    }
}

pub(super) struct Reader<'text> {
    pub(super) lines: Lines<'text>,
    pub(super) problems: Vec<Problem>,
}

impl Reader<'_> {
    pub(super) fn report(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            position: self.lines.position(offset),
            message: message.into(),
        });
    }

    pub(super) fn position(&self, offset: usize) -> Position {
        self.lines.position(offset)
    }

    /// The node as a table whose keys are among `allowed`; unknown keys are reported.
    pub(super) fn table<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        allowed: &[&str],
    ) -> Option<Table<'n>> {
        let Value::Table(entries) = &node.value else {
            self.report(
                node.span.start,
                format!("{what} must be a table, not {}", node.value.describe()),
            );
            return None;
        };
        let table = Table {
            entries,
            start: node.span.start,
        };
        self.unknown_keys(table, what, allowed);
        Some(table)
    }

    pub(super) fn unknown_keys(&mut self, table: Table<'_>, what: &str, allowed: &[&str]) {
        for entry in table.entries {
            if !allowed.contains(&entry.key.as_str()) {
                self.report(
                    entry.key_span.start,
                    format!(
                        "unknown key `{}` in {what}; expected one of: {}",
                        entry.key,
                        allowed.join(", ")
                    ),
                );
            }
        }
    }

    pub(super) fn missing(&mut self, table: Table<'_>, what: &str, key: &str) {
        self.report(table.start, format!("{what} has no `{key}`"));
    }

    pub(super) fn string(
        &mut self,
        table: Table<'_>,
        what: &str,
        key: &str,
        required: bool,
    ) -> String {
        match table.get(key) {
            Some(Entry {
                node:
                    Node {
                        value: Value::String(text),
                        ..
                    },
                ..
            }) => text.clone(),
            Some(entry) => {
                self.report(
                    entry.node.span.start,
                    format!(
                        "`{key}` must be a string, not {}",
                        entry.node.value.describe()
                    ),
                );
                String::new()
            }
            None => {
                if required {
                    self.missing(table, what, key);
                }
                String::new()
            }
        }
    }

    /// A required key: lower-case letters, digits, `-` and `_`.
    pub(super) fn key(&mut self, table: Table<'_>, what: &str) -> (String, Position) {
        let key = self.string(table, what, "key", true);
        let at = table
            .get("key")
            .map_or(table.start, |entry| entry.node.span.start);
        if !key.is_empty() && !is_key(&key) {
            self.report(
                at,
                format!("the key `{key}` may hold only lower-case letters, digits, - and _"),
            );
        }
        (key, self.position(at))
    }

    pub(super) fn boolean(&mut self, table: Table<'_>, key: &str) -> bool {
        match table.get(key).map(|entry| &entry.node) {
            Some(Node {
                value: Value::Boolean(flag),
                ..
            }) => *flag,
            Some(node) => {
                self.report(
                    node.span.start,
                    format!(
                        "`{key}` must be true or false, not {}",
                        node.value.describe()
                    ),
                );
                false
            }
            None => false,
        }
    }

    /// A number of business days: an integer or a decimal, not negative.
    pub(super) fn days(&mut self, node: &Node, key: &str) -> Option<f64> {
        let days = match node.value {
            Value::Integer(days) => days as f64,
            Value::Float(days) => days,
            _ => {
                self.report(
                    node.span.start,
                    format!(
                        "`{key}` must be a number of business days, not {}",
                        node.value.describe()
                    ),
                );
                return None;
            }
        };
        if !days.is_finite() || days < 0.0 {
            self.report(
                node.span.start,
                format!("`{key}` must be a number of business days of 0 or more"),
            );
            return None;
        }
        Some(days)
    }

    pub(super) fn score(&mut self, table: Table<'_>, what: &str, key: &str) -> u8 {
        match table.get(key).map(|entry| &entry.node) {
            Some(Node {
                value: Value::Integer(score @ 1..=5),
                ..
            }) => u8::try_from(*score).unwrap_or(1),
            Some(node) => {
                self.report(
                    node.span.start,
                    format!("`{key}` must be a whole number from 1 to 5"),
                );
                1
            }
            None => {
                self.missing(table, what, key);
                1
            }
        }
    }

    pub(super) fn vocabulary<V>(&mut self, node: &Node, key: &str) -> Option<V>
    where
        V: Vocabulary + FromStr<Err = UnknownName>,
    {
        let Value::String(text) = &node.value else {
            self.report(
                node.span.start,
                format!("`{key}` must be a string, not {}", node.value.describe()),
            );
            return None;
        };
        match text.parse::<V>() {
            Ok(value) => Some(value),
            Err(error) => {
                self.report(
                    node.span.start,
                    format!(
                        "there is no {} `{text}`; expected one of: {}",
                        error.what, error.expected
                    ),
                );
                None
            }
        }
    }

    /// A string or a list of strings, each parsed as a `V`.
    pub(super) fn vocabulary_list<V>(&mut self, node: &Node, key: &str) -> Vec<V>
    where
        V: Vocabulary + FromStr<Err = UnknownName>,
    {
        match &node.value {
            Value::Array(items) => items
                .iter()
                .filter_map(|item| self.vocabulary(item, key))
                .collect(),
            _ => self.vocabulary(node, key).into_iter().collect(),
        }
    }

    pub(super) fn string_list(&mut self, node: &Node, key: &str) -> Vec<(String, Position)> {
        let items: &[Node] = match &node.value {
            Value::Array(items) => items,
            _ => std::slice::from_ref(node),
        };
        let mut strings = Vec::new();
        for item in items {
            match &item.value {
                Value::String(text) => strings.push((text.clone(), self.position(item.span.start))),
                other => self.report(
                    item.span.start,
                    format!("`{key}` must list strings, not {}", other.describe()),
                ),
            }
        }
        strings
    }

    /// An array of tables (`[[phases]]`), each checked for its keys.
    pub(super) fn tables<'n>(
        &mut self,
        table: Table<'n>,
        key: &str,
        what: &str,
        allowed: &[&str],
    ) -> Vec<Table<'n>> {
        let Some(entry) = table.get(key) else {
            return Vec::new();
        };
        let Value::Array(items) = &entry.node.value else {
            self.report(
                entry.node.span.start,
                format!(
                    "`{key}` must be a list of tables, not {}",
                    entry.node.value.describe()
                ),
            );
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|item| self.table(item, what, allowed))
            .collect()
    }
}

/// A key as tracks write them: lower-case letters, digits, `-` and `_`, not starting with `-` or
/// `_`.
pub(super) fn is_key(text: &str) -> bool {
    let mut characters = text.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}
