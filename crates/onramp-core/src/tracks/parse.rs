//! Reading and checking a track file (TOML, docs/adr/0007-track-definition-format.md).
//!
//! Every problem is reported with its line and column, and reading goes on after one, so that a
//! file's author sees them all at once: unknown keys, values of the wrong type, durations that are
//! not numbers or not in order (optimistic ≤ likely ≤ pessimistic), roles, tiers, agreement kinds,
//! size bands and types that do not exist, duplicate keys, dependencies on unknown steps, and
//! dependency cycles (named step by step).

use std::collections::HashMap;
use std::str::FromStr;

use jiff::civil::Weekday;

use super::calendar::Calendar;
use super::graph;
use super::model::{
    Condition, Dependency, Estimate, EstimateOverride, Evidence, Gate, Phase, RiskTemplate, Step,
    Track,
};
use super::tree::{self, Entry, Lines, Node, Position, Value};
use crate::registry::agreement::AgreementKind;
use crate::registry::partner::{OrganizationType, SizeBand};
use crate::registry::tier::Tier;
use crate::vocabulary::{UnknownName, Vocabulary};
use crate::Role;

/// One problem of a track file, where it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub position: Position,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.position, self.message)
    }
}

/// Reads and checks a track file; `Err` lists every problem found, in file order.
pub fn parse_track(text: &str) -> Result<Track, Vec<Problem>> {
    let lines = Lines::new(text);
    let entries = match tree::parse(text) {
        Ok(entries) => entries,
        Err((message, span)) => {
            return Err(vec![Problem {
                position: lines.position(span.start),
                message,
            }])
        }
    };
    let mut reader = Reader {
        lines,
        problems: Vec::new(),
    };
    let track = reader.track(&entries);
    reader.check_references(&track);
    if reader.problems.is_empty() {
        Ok(track)
    } else {
        let mut problems = reader.problems;
        problems.sort_by_key(|problem| problem.position);
        problems.dedup();
        Err(problems)
    }
}

/// Reads a calendar file: `working_days` (Monday to Friday when absent) and `holidays`, each a
/// quoted date or `{ date = "…", name = "…" }`; `region` and `name` say whose calendar it is.
pub fn parse_calendar(text: &str) -> Result<Calendar, Vec<Problem>> {
    let lines = Lines::new(text);
    let entries = match tree::parse(text) {
        Ok(entries) => entries,
        Err((message, span)) => {
            return Err(vec![Problem {
                position: lines.position(span.start),
                message,
            }])
        }
    };
    let mut reader = Reader {
        lines,
        problems: Vec::new(),
    };
    let root = Table {
        entries: &entries,
        start: 0,
    };
    reader.unknown_keys(
        root,
        "a calendar",
        &["region", "name", "working_days", "holidays"],
    );
    reader.string(root, "a calendar", "region", false);
    reader.string(root, "a calendar", "name", false);
    let working_days = match root.get("working_days") {
        Some(entry) => {
            let mut days = Vec::new();
            for (name, position) in reader.string_list(&entry.node, "working_days") {
                match WEEKDAYS.iter().find(|(known, _)| *known == name) {
                    Some((_, day)) => days.push(*day),
                    None => reader.problems.push(Problem {
                        position,
                        message: format!(
                            "there is no weekday `{name}`; expected one of: {}",
                            WEEKDAYS.map(|(known, _)| known).join(", ")
                        ),
                    }),
                }
            }
            days
        }
        None => Calendar::default().working_days(),
    };
    let mut holidays = Vec::new();
    if let Some(entry) = root.get("holidays") {
        let items: &[Node] = match &entry.node.value {
            Value::Array(items) => items,
            other => {
                reader.report(
                    entry.node.span.start,
                    format!(
                        "`holidays` must be a list of dates, not {}",
                        other.describe()
                    ),
                );
                &[]
            }
        };
        for item in items {
            let date_node = match &item.value {
                Value::Table(_) => reader
                    .table(item, "a holiday", &["date", "name"])
                    .and_then(|table| table.get("date").map(|entry| &entry.node)),
                _ => Some(item),
            };
            let Some(date_node) = date_node else {
                reader.report(item.span.start, "a holiday has a `date`");
                continue;
            };
            match &date_node.value {
                Value::String(text) => match text.parse::<jiff::civil::Date>() {
                    Ok(date) => holidays.push(date),
                    Err(_) => reader.report(
                        date_node.span.start,
                        format!("`{text}` is not a date such as \"2026-01-05\""),
                    ),
                },
                other => reader.report(
                    date_node.span.start,
                    format!("a holiday is a quoted date, not {}", other.describe()),
                ),
            }
        }
    }
    let calendar = Calendar::new(&working_days, holidays);
    if let Err(error) = &calendar {
        let at = root
            .get("working_days")
            .map_or(0, |entry| entry.node.span.start);
        reader.report(at, error.to_string());
    }
    match calendar {
        Ok(calendar) if reader.problems.is_empty() => Ok(calendar),
        _ => {
            let mut problems = reader.problems;
            problems.sort_by_key(|problem| problem.position);
            Err(problems)
        }
    }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];

const TRACK_KEYS: &[&str] = &[
    "id",
    "version",
    "name",
    "description",
    "phases",
    "gates",
    "risks",
];
const PHASE_KEYS: &[&str] = &["key", "name", "description", "steps"];
const STEP_KEYS: &[&str] = &[
    "key",
    "name",
    "description",
    "owner",
    "estimate",
    "overrides",
    "after",
    "evidence",
    "milestone",
];
const ESTIMATE_KEYS: &[&str] = &["optimistic", "likely", "pessimistic"];
const OVERRIDE_KEYS: &[&str] = &["size_bands", "types", "estimate", "skip"];
const DEPENDENCY_KEYS: &[&str] = &["step", "lag"];
const EVIDENCE_KEYS: &[&str] = &["document", "attestation", "agreement", "gate"];
const GATE_KEYS: &[&str] = &["key", "name", "description", "conditions"];
const RISK_KEYS: &[&str] = &[
    "key",
    "title",
    "description",
    "likelihood",
    "impact",
    "mitigation",
];
/// The condition kinds this feature knows, with their parameters.
const CONDITION_KINDS: &[(&str, &[&str])] = &[
    ("agreement_signed", &["agreement"]),
    ("tier_at_least", &["tier"]),
    ("organization_verified", &[]),
    ("steps_done", &["steps"]),
    ("document_accepted", &["document"]),
    ("attestation_completed", &["role", "checklist"]),
    ("approval", &["role"]),
];

/// A table's entries and where the table starts.
#[derive(Clone, Copy)]
struct Table<'n> {
    entries: &'n [Entry],
    start: usize,
}

impl<'n> Table<'n> {
    fn get(&self, key: &str) -> Option<&'n Entry> {
        self.entries.iter().find(|entry| entry.key == key)
    }
}

struct Reader<'text> {
    lines: Lines<'text>,
    problems: Vec<Problem>,
}

impl Reader<'_> {
    fn report(&mut self, offset: usize, message: impl Into<String>) {
        self.problems.push(Problem {
            position: self.lines.position(offset),
            message: message.into(),
        });
    }

    fn position(&self, offset: usize) -> Position {
        self.lines.position(offset)
    }

    /// The node as a table whose keys are among `allowed`; unknown keys are reported.
    fn table<'n>(&mut self, node: &'n Node, what: &str, allowed: &[&str]) -> Option<Table<'n>> {
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

    fn unknown_keys(&mut self, table: Table<'_>, what: &str, allowed: &[&str]) {
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

    fn missing(&mut self, table: Table<'_>, what: &str, key: &str) {
        self.report(table.start, format!("{what} has no `{key}`"));
    }

    fn string(&mut self, table: Table<'_>, what: &str, key: &str, required: bool) -> String {
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
    fn key(&mut self, table: Table<'_>, what: &str) -> (String, Position) {
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

    fn boolean(&mut self, table: Table<'_>, key: &str) -> bool {
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
    fn days(&mut self, node: &Node, key: &str) -> Option<f64> {
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

    fn score(&mut self, table: Table<'_>, what: &str, key: &str) -> u8 {
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

    fn vocabulary<V>(&mut self, node: &Node, key: &str) -> Option<V>
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
    fn vocabulary_list<V>(&mut self, node: &Node, key: &str) -> Vec<V>
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

    fn string_list(&mut self, node: &Node, key: &str) -> Vec<(String, Position)> {
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
    fn tables<'n>(
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

    fn track(&mut self, entries: &[Entry]) -> Track {
        let root = Table { entries, start: 0 };
        self.unknown_keys(root, "the track", TRACK_KEYS);
        let id = self.string(root, "the track", "id", true);
        if !id.is_empty() && !is_key(&id) {
            let at = root.get("id").map_or(0, |entry| entry.node.span.start);
            self.report(
                at,
                format!("the id `{id}` may hold only lower-case letters, digits, - and _"),
            );
        }
        let version = match root.get("version").map(|entry| &entry.node) {
            Some(Node {
                value: Value::Integer(version),
                span,
            }) => u32::try_from(*version)
                .ok()
                .filter(|&version| version >= 1)
                .unwrap_or_else(|| {
                    self.report(span.start, "`version` must be a whole number from 1");
                    1
                }),
            Some(node) => {
                self.report(
                    node.span.start,
                    format!(
                        "`version` must be a whole number from 1, not {}",
                        node.value.describe()
                    ),
                );
                1
            }
            None => {
                self.missing(root, "the track", "version");
                1
            }
        };
        let name = self.string(root, "the track", "name", true);
        let description = self.string(root, "the track", "description", false);
        let phases = self
            .tables(root, "phases", "a phase", PHASE_KEYS)
            .into_iter()
            .map(|table| self.phase(table))
            .collect::<Vec<_>>();
        if phases.is_empty() {
            self.report(0, "the track has no `[[phases]]`");
        }
        let gates = self
            .tables(root, "gates", "a gate", GATE_KEYS)
            .into_iter()
            .map(|table| self.gate(table))
            .collect();
        let risks = self
            .tables(root, "risks", "a risk", RISK_KEYS)
            .into_iter()
            .map(|table| self.risk(table))
            .collect();
        Track {
            id,
            version,
            name,
            description,
            phases,
            gates,
            risks,
        }
    }

    fn phase(&mut self, table: Table<'_>) -> Phase {
        let (key, _) = self.key(table, "a phase");
        let name = self.string(table, "a phase", "name", true);
        let description = self.string(table, "a phase", "description", false);
        let steps = self
            .tables(table, "steps", "a step", STEP_KEYS)
            .into_iter()
            .map(|table| self.step(table))
            .collect();
        Phase {
            key,
            name,
            description,
            steps,
        }
    }

    fn step(&mut self, table: Table<'_>) -> Step {
        let (key, position) = self.key(table, "a step");
        let name = self.string(table, "a step", "name", true);
        let description = self.string(table, "a step", "description", false);
        let owner = match table.get("owner") {
            Some(entry) => self.vocabulary::<Role>(&entry.node, "owner"),
            None => {
                self.missing(table, "a step", "owner");
                None
            }
        }
        .unwrap_or(Role::OnboardingCoordinator);
        let milestone = self.boolean(table, "milestone");
        let estimate = match table.get("estimate") {
            Some(entry) => self.estimate(&entry.node),
            None if milestone => Some(Estimate::fixed(0.0)),
            None => {
                self.missing(table, "a step", "estimate");
                None
            }
        }
        .unwrap_or(Estimate::fixed(0.0));
        let overrides = self
            .tables(table, "overrides", "an override", OVERRIDE_KEYS)
            .into_iter()
            .map(|table| self.estimate_override(table))
            .collect();
        let after = match table.get("after") {
            Some(entry) => self.dependencies(&entry.node),
            None => Vec::new(),
        };
        let evidence = self
            .tables(table, "evidence", "evidence", EVIDENCE_KEYS)
            .into_iter()
            .filter_map(|table| self.evidence(table))
            .collect();
        Step {
            key,
            name,
            description,
            owner,
            estimate,
            overrides,
            after,
            evidence,
            milestone,
            position,
        }
    }

    /// `{ optimistic = 3, likely = 5, pessimistic = 10 }`, or one number for a fixed duration.
    fn estimate(&mut self, node: &Node) -> Option<Estimate> {
        if matches!(node.value, Value::Integer(_) | Value::Float(_)) {
            return self.days(node, "estimate").map(Estimate::fixed);
        }
        let table = self.table(node, "an estimate", ESTIMATE_KEYS)?;
        let mut points = [None; 3];
        for (point, key) in points.iter_mut().zip(ESTIMATE_KEYS) {
            match table.get(key) {
                Some(entry) => *point = self.days(&entry.node, key),
                None => self.missing(table, "an estimate", key),
            }
        }
        let [Some(optimistic), Some(likely), Some(pessimistic)] = points else {
            return None;
        };
        if !(optimistic <= likely && likely <= pessimistic) {
            self.report(
                node.span.start,
                format!(
                    "the estimate must have optimistic ≤ likely ≤ pessimistic, \
                     not {optimistic} / {likely} / {pessimistic}"
                ),
            );
            return None;
        }
        Some(Estimate {
            optimistic,
            likely,
            pessimistic,
        })
    }

    fn estimate_override(&mut self, table: Table<'_>) -> EstimateOverride {
        let size_bands = match table.get("size_bands") {
            Some(entry) => self.vocabulary_list::<SizeBand>(&entry.node, "size_bands"),
            None => Vec::new(),
        };
        let organization_types = match table.get("types") {
            Some(entry) => self.vocabulary_list::<OrganizationType>(&entry.node, "types"),
            None => Vec::new(),
        };
        if table.get("size_bands").is_none() && table.get("types").is_none() {
            self.report(
                table.start,
                "an override names the `size_bands` or the `types` it is for",
            );
        }
        let estimate = table
            .get("estimate")
            .and_then(|entry| self.estimate(&entry.node));
        let skip = self.boolean(table, "skip");
        if estimate.is_none() && !skip && table.get("estimate").is_none() {
            self.report(
                table.start,
                "an override has an `estimate` or `skip = true`",
            );
        }
        EstimateOverride {
            size_bands,
            organization_types,
            estimate,
            skip,
        }
    }

    /// `after = ["a", { step = "b", lag = 2 }]`.
    fn dependencies(&mut self, node: &Node) -> Vec<Dependency> {
        let Value::Array(items) = &node.value else {
            self.report(
                node.span.start,
                format!(
                    "`after` must be a list of step keys, not {}",
                    node.value.describe()
                ),
            );
            return Vec::new();
        };
        let mut dependencies = Vec::new();
        for item in items {
            let position = self.position(item.span.start);
            match &item.value {
                Value::String(step) => dependencies.push(Dependency {
                    step: step.clone(),
                    lag: 0.0,
                    position,
                }),
                Value::Table(_) => {
                    let Some(table) = self.table(item, "a dependency", DEPENDENCY_KEYS) else {
                        continue;
                    };
                    let step = self.string(table, "a dependency", "step", true);
                    let lag = match table.get("lag") {
                        Some(entry) => self.days(&entry.node, "lag").unwrap_or(0.0),
                        None => 0.0,
                    };
                    if !step.is_empty() {
                        dependencies.push(Dependency {
                            step,
                            lag,
                            position,
                        });
                    }
                }
                other => self.report(
                    item.span.start,
                    format!(
                        "`after` lists step keys or {{ step, lag }} tables, not {}",
                        other.describe()
                    ),
                ),
            }
        }
        dependencies
    }

    fn evidence(&mut self, table: Table<'_>) -> Option<Evidence> {
        let [entry] = table.entries else {
            self.report(
                table.start,
                format!(
                    "evidence is one of: {}, such as {{ agreement = \"data_sharing\" }}",
                    EVIDENCE_KEYS.join(", ")
                ),
            );
            return None;
        };
        let node = &entry.node;
        match entry.key.as_str() {
            "document" => match &node.value {
                Value::String(kind) if is_key(kind) => {
                    Some(Evidence::Document { kind: kind.clone() })
                }
                _ => {
                    self.report(
                        node.span.start,
                        "`document` names a document kind, such as \"security-questionnaire\"",
                    );
                    None
                }
            },
            "attestation" => {
                let items: Vec<String> = self
                    .string_list(node, "attestation")
                    .into_iter()
                    .map(|(item, _)| item)
                    .collect();
                if items.is_empty() {
                    self.report(
                        node.span.start,
                        "an attestation lists what the partner attests to",
                    );
                    return None;
                }
                Some(Evidence::Attestation { items })
            }
            "agreement" => self
                .vocabulary::<AgreementKind>(node, "agreement")
                .map(Evidence::Agreement),
            "gate" => match &node.value {
                Value::String(gate) => Some(Evidence::Gate(gate.clone())),
                other => {
                    self.report(
                        node.span.start,
                        format!("`gate` names a gate of the track, not {}", other.describe()),
                    );
                    None
                }
            },
            // Reported as an unknown key already.
            _ => None,
        }
    }

    fn gate(&mut self, table: Table<'_>) -> Gate {
        let (key, position) = self.key(table, "a gate");
        let name = self.string(table, "a gate", "name", true);
        let description = self.string(table, "a gate", "description", false);
        let conditions: Vec<Condition> = match table.get("conditions") {
            Some(entry) => match &entry.node.value {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|item| self.condition(item))
                    .collect(),
                other => {
                    self.report(
                        entry.node.span.start,
                        format!(
                            "`conditions` must be a list of tables, not {}",
                            other.describe()
                        ),
                    );
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        if conditions.is_empty() && table.get("conditions").is_none() {
            self.missing(table, "a gate", "conditions");
        }
        Gate {
            key,
            name,
            description,
            conditions,
            position,
        }
    }

    fn condition(&mut self, node: &Node) -> Option<Condition> {
        let Value::Table(entries) = &node.value else {
            self.report(
                node.span.start,
                format!("a condition must be a table, not {}", node.value.describe()),
            );
            return None;
        };
        let table = Table {
            entries,
            start: node.span.start,
        };
        let kind = self.string(table, "a condition", "kind", true);
        if kind.is_empty() {
            return None;
        }
        if kind.contains('.') {
            // Another feature's kind: keep its parameters for that feature to read.
            let mut parameters = Vec::new();
            for entry in table.entries.iter().filter(|entry| entry.key != "kind") {
                let text = match &entry.node.value {
                    Value::String(text) => text.clone(),
                    Value::Integer(number) => number.to_string(),
                    Value::Float(number) => number.to_string(),
                    Value::Boolean(flag) => flag.to_string(),
                    other => {
                        self.report(
                            entry.node.span.start,
                            format!(
                                "a parameter of `{kind}` is a string, number or true/false, not {}",
                                other.describe()
                            ),
                        );
                        continue;
                    }
                };
                parameters.push((entry.key.clone(), text));
            }
            return Some(Condition::Extension { kind, parameters });
        }
        let Some((_, parameters)) = CONDITION_KINDS.iter().find(|(known, _)| *known == kind) else {
            let at = table
                .get("kind")
                .map_or(node.span.start, |entry| entry.node.span.start);
            let known: Vec<&str> = CONDITION_KINDS.iter().map(|(known, _)| *known).collect();
            self.report(
                at,
                format!(
                    "there is no condition kind `{kind}`; expected one of: {}, or another \
                     feature's `feature.kind`",
                    known.join(", ")
                ),
            );
            return None;
        };
        let mut allowed = vec!["kind"];
        allowed.extend_from_slice(parameters);
        let what = format!("a `{kind}` condition");
        self.unknown_keys(table, &what, &allowed);
        let parameter = |key: &str| table.get(key).map(|entry| &entry.node);
        let required = |reader: &mut Self, key: &str| {
            let found = parameter(key);
            if found.is_none() {
                reader.missing(table, &what, key);
            }
            found
        };
        match kind.as_str() {
            "agreement_signed" => required(self, "agreement")
                .and_then(|node| self.vocabulary(node, "agreement"))
                .map(|agreement| Condition::AgreementSigned { agreement }),
            "tier_at_least" => required(self, "tier")
                .and_then(|node| self.vocabulary::<Tier>(node, "tier"))
                .map(|tier| Condition::TierAtLeast { tier }),
            "organization_verified" => Some(Condition::OrganizationVerified),
            "steps_done" => required(self, "steps").map(|node| Condition::StepsDone {
                steps: self
                    .string_list(node, "steps")
                    .into_iter()
                    .map(|(step, _)| step)
                    .collect(),
            }),
            "document_accepted" => required(self, "document").and_then(|node| match &node.value {
                Value::String(document) if is_key(document) => Some(Condition::DocumentAccepted {
                    document: document.clone(),
                }),
                _ => {
                    self.report(
                        node.span.start,
                        "`document` names a document kind, such as \"security-questionnaire\"",
                    );
                    None
                }
            }),
            "attestation_completed" => {
                let role = required(self, "role").and_then(|node| {
                    let role = self.vocabulary::<Role>(node, "role")?;
                    if role.is_staff() {
                        self.report(
                            node.span.start,
                            format!("an attestation is completed by a partner role, not `{role}`"),
                        );
                        return None;
                    }
                    Some(role)
                });
                let checklist = self.string(table, &what, "checklist", true);
                role.map(|role| Condition::AttestationCompleted { role, checklist })
            }
            "approval" => required(self, "role").and_then(|node| {
                let role = self.vocabulary::<Role>(node, "role")?;
                if !role.is_staff() {
                    self.report(
                        node.span.start,
                        format!("an approval is given by a staff role, not `{role}`"),
                    );
                    return None;
                }
                Some(Condition::ApprovalBy { role })
            }),
            _ => None,
        }
    }

    fn risk(&mut self, table: Table<'_>) -> RiskTemplate {
        let (key, _) = self.key(table, "a risk");
        RiskTemplate {
            key,
            title: self.string(table, "a risk", "title", true),
            description: self.string(table, "a risk", "description", false),
            likelihood: self.score(table, "a risk", "likelihood"),
            impact: self.score(table, "a risk", "impact"),
            mitigation: self.string(table, "a risk", "mitigation", true),
        }
    }

    /// Duplicate keys, references to steps and gates that do not exist, and dependency cycles.
    fn check_references(&mut self, track: &Track) {
        let mut phases: HashMap<&str, ()> = HashMap::new();
        for phase in &track.phases {
            if !phase.key.is_empty() && phases.insert(&phase.key, ()).is_some() {
                // Phases carry no position of their own; their first step's is near.
                let at = phase
                    .steps
                    .first()
                    .map(|step| step.position)
                    .unwrap_or_default();
                self.problems.push(Problem {
                    position: at,
                    message: format!("duplicate phase key `{}`", phase.key),
                });
            }
        }
        let mut steps: HashMap<&str, usize> = HashMap::new();
        let all_steps: Vec<&Step> = track.steps().collect();
        for (index, step) in all_steps.iter().enumerate() {
            if step.key.is_empty() {
                continue;
            }
            if let Some(first) = steps
                .get(step.key.as_str())
                .and_then(|&at| all_steps.get(at))
            {
                self.problems.push(Problem {
                    position: step.position,
                    message: format!(
                        "duplicate step key `{}` (first at {})",
                        step.key, first.position
                    ),
                });
            } else {
                steps.insert(&step.key, index);
            }
        }
        let mut gates: HashMap<&str, Position> = HashMap::new();
        for gate in &track.gates {
            if let Some(first) = gates.get(gate.key.as_str()) {
                self.problems.push(Problem {
                    position: gate.position,
                    message: format!("duplicate gate key `{}` (first at {first})", gate.key),
                });
            } else if !gate.key.is_empty() {
                gates.insert(&gate.key, gate.position);
            }
            for condition in &gate.conditions {
                if let Condition::StepsDone { steps: listed } = condition {
                    for step in listed {
                        if !steps.contains_key(step.as_str()) {
                            self.problems.push(Problem {
                                position: gate.position,
                                message: format!(
                                    "gate `{}`: unknown step `{step}` in `steps_done`",
                                    gate.key
                                ),
                            });
                        }
                    }
                }
            }
        }
        let mut risks: HashMap<&str, ()> = HashMap::new();
        for risk in &track.risks {
            if !risk.key.is_empty() && risks.insert(&risk.key, ()).is_some() {
                self.problems.push(Problem {
                    position: Position::default(),
                    message: format!("duplicate risk key `{}`", risk.key),
                });
            }
        }
        let mut predecessors = vec![Vec::new(); all_steps.len()];
        for (index, step) in all_steps.iter().enumerate() {
            for dependency in &step.after {
                match steps.get(dependency.step.as_str()) {
                    Some(&pred) => {
                        if let Some(list) = predecessors.get_mut(index) {
                            list.push(pred);
                        }
                    }
                    None => self.problems.push(Problem {
                        position: dependency.position,
                        message: format!(
                            "unknown step `{}` in the dependencies of `{}`",
                            dependency.step, step.key
                        ),
                    }),
                }
            }
            for evidence in &step.evidence {
                if let Evidence::Gate(gate) = evidence {
                    if !gates.contains_key(gate.as_str()) {
                        self.problems.push(Problem {
                            position: step.position,
                            message: format!(
                                "unknown gate `{gate}` in the evidence of `{}`",
                                step.key
                            ),
                        });
                    }
                }
            }
        }
        for cycle in graph::cycles(&predecessors) {
            let keys: Vec<&str> = cycle
                .iter()
                .filter_map(|&index| all_steps.get(index))
                .map(|step| step.key.as_str())
                .collect();
            let Some(&first) = cycle.first() else {
                continue;
            };
            let Some(first_step) = all_steps.get(first) else {
                continue;
            };
            // Point at the dependency of the cycle's first step on the cycle's last.
            let last_key = keys.last().copied().unwrap_or_default();
            let position = first_step
                .after
                .iter()
                .find(|dependency| dependency.step == last_key)
                .map_or(first_step.position, |dependency| dependency.position);
            let mut named = keys.join(" → ");
            named.push_str(" → ");
            named.push_str(keys.first().copied().unwrap_or_default());
            self.problems.push(Problem {
                position,
                message: format!("dependency cycle: {named}"),
            });
        }
    }
}

fn is_key(text: &str) -> bool {
    let mut characters = text.chars();
    characters
        .next()
        .is_some_and(|first| first.is_ascii_lowercase() || first.is_ascii_digit())
        && characters.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

#[cfg(test)]
#[path = "parse_tests.rs"]
mod tests;
