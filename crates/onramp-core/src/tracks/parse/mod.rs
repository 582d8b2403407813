//! Reading and checking a track file (TOML, docs/adr/0007-track-definition-format.md).
//!
//! Every problem is reported with its line and column, and reading goes on after one, so that a
//! file's author sees them all at once: unknown keys, values of the wrong type, durations that are
//! not numbers or not in order (optimistic ≤ likely ≤ pessimistic), roles, tiers, agreement kinds,
//! size bands and types that do not exist, duplicate keys, dependencies on unknown steps, and
//! dependency cycles (named step by step).
//!
//! This module owns the entry points, [`Problem`], and the track's top level (its phases and risk
//! templates). The rest is split by what it reads:
//!
//! - `reader`: the `Reader`, which turns tree nodes into typed values and records a problem, with
//!   its position, for each one that is wrong or missing.
//! - `steps`: steps and what they hold — estimates and their overrides, dependencies, evidence.
//! - `gates`: gates and their conditions.
//! - `checks`: what needs the whole track — duplicate keys, references to steps and gates, cycles.
//! - `calendar`: calendar files.

mod calendar;
mod checks;
mod gates;
mod reader;
mod steps;

use super::model::{Gate, Phase, RiskTemplate, Track};
use super::tree::{self, Entry, Lines, Node, Position, Value};
use reader::{is_key, Reader, Table};

use crate::registry::tier::Tier;

pub use calendar::parse_calendar;

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

const TRACK_KEYS: &[&str] = &[
    "id",
    "version",
    "name",
    "description",
    "offered_to",
    "packages",
    "sandbox_gate",
    "go_live_gate",
    "phases",
    "gates",
    "risks",
];
const PHASE_KEYS: &[&str] = &["key", "name", "description", "steps"];
const RISK_KEYS: &[&str] = &[
    "key",
    "title",
    "description",
    "likelihood",
    "impact",
    "mitigation",
];

impl Reader<'_> {
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
        let offered_to = root
            .get("offered_to")
            .and_then(|entry| self.vocabulary::<Tier>(&entry.node, "offered_to"));
        let phases = self
            .tables(root, "phases", "a phase", PHASE_KEYS)
            .into_iter()
            .map(|table| self.phase(table))
            .collect::<Vec<_>>();
        if phases.is_empty() {
            self.report(0, "the track has no `[[phases]]`");
        }
        let gates: Vec<Gate> = self
            .tables(root, "gates", "a gate", gates::GATE_KEYS)
            .into_iter()
            .map(|table| self.gate(table))
            .collect();
        let risks = self
            .tables(root, "risks", "a risk", RISK_KEYS)
            .into_iter()
            .map(|table| self.risk(table))
            .collect();
        let packages = self.packages(root);
        let sandbox_gate = self.gate_reference(root, "sandbox_gate", &gates);
        let go_live_gate = self
            .gate_reference(root, "go_live_gate", &gates)
            .or_else(|| {
                gates
                    .iter()
                    .any(|gate| gate.key == "go-live")
                    .then(|| "go-live".to_owned())
            });
        Track {
            id,
            version,
            name,
            description,
            offered_to,
            packages,
            sandbox_gate,
            go_live_gate,
            phases,
            gates,
            risks,
        }
    }

    /// `packages`: FHIR package ids, each `NAME#VERSION`.
    fn packages(&mut self, root: Table<'_>) -> Vec<String> {
        let Some(entry) = root.get("packages") else {
            return Vec::new();
        };
        let mut packages = Vec::new();
        for (text, position) in self.string_list(&entry.node, "packages") {
            if is_package_id(&text) {
                packages.push(text);
            } else {
                self.problems.push(Problem {
                    position,
                    message: format!(
                        "`{text}` is not a package id: write NAME#VERSION, such as hl7.fhir.us.core#6.1.0"
                    ),
                });
            }
        }
        packages
    }

    /// A key naming one of the track's gates.
    fn gate_reference(&mut self, root: Table<'_>, key: &str, gates: &[Gate]) -> Option<String> {
        let named = self.string(root, "the track", key, false);
        if named.is_empty() {
            return None;
        }
        if gates.iter().any(|gate| gate.key == named) {
            return Some(named);
        }
        let at = root.get(key).map_or(0, |entry| entry.node.span.start);
        let known: Vec<&str> = gates.iter().map(|gate| gate.key.as_str()).collect();
        self.report(
            at,
            format!(
                "`{key}` names the gate `{named}`, which the track does not have (its gates: {})",
                if known.is_empty() {
                    "none".to_owned()
                } else {
                    known.join(", ")
                }
            ),
        );
        None
    }

    fn phase(&mut self, table: Table<'_>) -> Phase {
        let (key, position) = self.key(table, "a phase");
        let name = self.string(table, "a phase", "name", true);
        let description = self.string(table, "a phase", "description", false);
        let steps = self
            .tables(table, "steps", "a step", steps::STEP_KEYS)
            .into_iter()
            .map(|table| self.step(table))
            .collect();
        Phase {
            key,
            name,
            description,
            steps,
            position,
        }
    }

    fn risk(&mut self, table: Table<'_>) -> RiskTemplate {
        let (key, position) = self.key(table, "a risk");
        RiskTemplate {
            key,
            title: self.string(table, "a risk", "title", true),
            description: self.string(table, "a risk", "description", false),
            likelihood: self.score(table, "a risk", "likelihood"),
            impact: self.score(table, "a risk", "impact"),
            mitigation: self.string(table, "a risk", "mitigation", true),
            position,
        }
    }
}

#[cfg(test)]
#[path = "../parse_tests.rs"]
mod tests;

/// `NAME#VERSION`: a dotted lower-case package name and a version of letters, digits, `.` and `-`.
fn is_package_id(text: &str) -> bool {
    let Some((name, version)) = text.split_once('#') else {
        return false;
    };
    !name.is_empty()
        && !version.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        && version
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
}
