//! `docs/validator-coverage.md` and its parts in `docs/validator-coverage/` are the reference
//! validator's catalogue of message ids as a checklist: this test reads their tables and holds them
//! to what the validator does.
//!
//! - every reference id is listed once across the parts, with a known status;
//! - every Onramp id a row names exists among the validator's message ids;
//! - every row marked implemented has a fixture (in the module of its part) that makes its Onramp id
//!   fire, at the reference's severity (or the one the row states as a deliberate deviation), and a
//!   passing fixture that does not;
//! - the counts each part and the overview state are the counts of their rows.

mod bundles_and_references;
mod canonicals_and_profiles;
mod definitions;
mod element_limits;
mod instance_elements;
mod instance_primitives;
mod profile_authoring;
mod questionnaires_and_measures;
mod reference_targets;
mod signatures;
mod slicing_reports;
mod terminology_and_contexts;
mod terminology_and_extensions;
mod terminology_resources;
mod url_resolution;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use onramp_fhir::validate::{Severity, ValidationOptions, Validator};

use crate::validate_support::{check, core_validator, validator_with};

/// One reference id's failing and passing instance, validated against R4 core plus `support`
/// (profiles, Questionnaires, Measures, value sets as JSON text) and the profiles in `profiles`.
struct Fixture {
    reference: &'static str,
    onramp: &'static str,
    failing: &'static str,
    passing: &'static str,
    /// Resources loaded beside R4 core (JSON text), for checks that need a definition.
    support: &'static [&'static str],
    /// Canonical URLs of profiles (among `support`) to validate the instances against.
    profiles: &'static [&'static str],
    /// Validator options (such as the security checks) the fixture runs with.
    options: ValidationOptions,
}

impl Fixture {
    /// The rest of a fixture validated against R4 core alone: `..Fixture::CORE`.
    const CORE: Fixture = Fixture {
        reference: "",
        onramp: "",
        failing: "",
        passing: "",
        support: &[],
        profiles: &[],
        options: ValidationOptions::DEFAULT,
    };

    fn validator(&self) -> Option<Validator> {
        let validator = self.validator_for_support()?;
        Some(validator.with_options(self.options))
    }

    fn validator_for_support(&self) -> Option<Validator> {
        if self.support.is_empty() {
            return core_validator();
        }
        let named: Vec<(String, &str)> = self
            .support
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("support-{i}.json"), *text))
            .collect();
        let pairs: Vec<(&str, &str)> = named.iter().map(|(n, t)| (n.as_str(), *t)).collect();
        validator_with(&pairs)
    }
}

/// Every part's fixtures.
fn fixtures() -> Vec<&'static Fixture> {
    [
        bundles_and_references::FIXTURES,
        canonicals_and_profiles::FIXTURES,
        definitions::FIXTURES,
        element_limits::FIXTURES,
        instance_elements::FIXTURES,
        instance_primitives::FIXTURES,
        profile_authoring::FIXTURES,
        questionnaires_and_measures::FIXTURES,
        reference_targets::FIXTURES,
        signatures::FIXTURES,
        slicing_reports::FIXTURES,
        terminology_and_contexts::FIXTURES,
        terminology_and_extensions::FIXTURES,
        terminology_resources::FIXTURES,
        url_resolution::FIXTURES,
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// One row of the coverage table.
#[derive(Debug)]
struct Row {
    reference: String,
    severities: Vec<Severity>,
    status: Status,
    onramp: Vec<String>,
}

#[derive(Debug, PartialEq)]
enum Status {
    /// Implemented; `Some` when Onramp reports at another severity, on purpose (the row says why).
    Implemented(Option<Severity>),
    NotApplicable,
    NotYet,
}

fn doc_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/validator-coverage.md")
}

/// The parts of the catalogue, with their text.
fn parts() -> Vec<(PathBuf, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/validator-coverage");
    let mut parts: Vec<(PathBuf, String)> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "md"))
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect();
    parts.sort();
    parts
}

/// The rows of every part.
fn all_rows() -> Vec<Row> {
    parts().iter().flat_map(|(_, text)| rows(text)).collect()
}

/// "N implemented, N not applicable, N not yet" of these rows.
fn summary(rows: &[Row]) -> String {
    let count = |status: fn(&Status) -> bool| rows.iter().filter(|r| status(&r.status)).count();
    let implemented = count(|s| matches!(s, Status::Implemented(_)));
    let not_applicable = count(|s| *s == Status::NotApplicable);
    let not_yet = count(|s| *s == Status::NotYet);
    format!("{implemented} implemented, {not_applicable} not applicable, {not_yet} not yet")
}

fn severity(word: &str) -> Severity {
    match word.trim() {
        "fatal" => Severity::Fatal,
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "information" | "hint" => Severity::Information,
        other => panic!("unknown severity '{other}'"),
    }
}

/// The rows of every table whose header starts with `| reference id |`.
fn rows(text: &str) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut in_table = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("| reference id |") {
            in_table = true;
            continue;
        }
        if !line.starts_with('|') {
            in_table = false;
            continue;
        }
        if !in_table || line.starts_with("|---") {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        assert_eq!(cells.len(), 5, "a coverage row has 5 cells: {line}");
        let reference = cells[0].trim_matches('`').to_string();
        let severities = cells[1].split('/').map(severity).collect();
        let status_text = cells[3];
        let status = if let Some(rest) = status_text.strip_prefix("implemented") {
            let deviation = rest
                .trim()
                .strip_prefix("(as ")
                .map(|rest| severity(rest.split([':', ')']).next().unwrap_or_default()));
            Status::Implemented(deviation)
        } else if let Some(reason) = status_text.strip_prefix("not applicable") {
            assert!(
                reason.trim().len() > 3,
                "{reference}: 'not applicable' needs its reason"
            );
            Status::NotApplicable
        } else if status_text.starts_with("not yet") {
            Status::NotYet
        } else {
            panic!("{reference}: unknown status '{status_text}'");
        };
        let onramp = cells[4]
            .split(',')
            .map(|id| id.trim().trim_matches('`').to_string())
            .filter(|id| !id.is_empty() && id != "—")
            .collect();
        rows.push(Row {
            reference,
            severities,
            status,
            onramp,
        });
    }
    rows
}

/// Every `"family.name"` string literal in the crate's sources: the message ids it can emit.
fn onramp_ids() -> BTreeSet<String> {
    fn visit(dir: &Path, ids: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                visit(&path, ids);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                // Every text between two neighbouring quotes (not only every other one: a `'"'`
                // or an escaped quote shifts the parity), kept when it has an id's shape.
                for piece in text.split('"').skip(1) {
                    let is_id = piece.split_once('.').is_some_and(|(family, name)| {
                        !family.is_empty()
                            && !name.is_empty()
                            && piece.chars().all(|c| {
                                c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '.'
                            })
                            && piece.matches('.').count() == 1
                    });
                    if is_id {
                        ids.insert(piece.to_string());
                    }
                }
            }
        }
    }
    let mut ids = BTreeSet::new();
    visit(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut ids);
    ids
}

#[test]
fn the_coverage_table_lists_each_reference_id_once_with_a_known_status() {
    let rows = all_rows();
    assert!(rows.len() > 50, "only {} rows", rows.len());
    let mut seen = BTreeSet::new();
    for row in &rows {
        assert!(
            seen.insert(row.reference.clone()),
            "{} is listed twice",
            row.reference
        );
        if matches!(row.status, Status::Implemented(_)) {
            assert!(
                !row.onramp.is_empty(),
                "{} is implemented but names no Onramp id",
                row.reference
            );
        }
    }
    let ids = onramp_ids();
    for row in &rows {
        for id in &row.onramp {
            assert!(
                ids.contains(id),
                "{}: the Onramp id {id} is not a message id of the validator",
                row.reference
            );
        }
    }
}

#[test]
fn each_part_states_its_own_counts() {
    for (path, text) in parts() {
        let summary = format!("Coverage of this part: {}", summary(&rows(&text)));
        assert!(
            text.contains(&summary),
            "{} should state its counts: {summary}",
            path.display()
        );
    }
}

#[test]
fn the_overview_states_the_counts_of_all_parts() {
    let text = std::fs::read_to_string(doc_path()).unwrap();
    let summary = format!("Coverage: {}", summary(&all_rows()));
    assert!(
        text.contains(&summary),
        "docs/validator-coverage.md should state the counts: {summary}"
    );
}

#[test]
fn every_implemented_reference_id_has_a_fixture_that_makes_it_fire() {
    let rows = all_rows();
    let fixtures = fixtures();
    let by_fixture: BTreeMap<&str, &Fixture> = fixtures.iter().map(|f| (f.reference, *f)).collect();
    assert_eq!(
        by_fixture.len(),
        fixtures.len(),
        "one fixture per reference id"
    );
    let by_reference: BTreeMap<&str, &Row> =
        rows.iter().map(|r| (r.reference.as_str(), r)).collect();
    for fixture in &fixtures {
        let row = by_reference
            .get(fixture.reference)
            .unwrap_or_else(|| panic!("{}: a fixture for an unlisted id", fixture.reference));
        assert!(
            row.onramp.iter().any(|id| id == fixture.onramp),
            "{}: the row does not name {}",
            fixture.reference,
            fixture.onramp
        );
    }
    let missing: Vec<&str> = rows
        .iter()
        .filter(|r| matches!(r.status, Status::Implemented(_)))
        .map(|r| r.reference.as_str())
        .filter(|reference| !by_fixture.contains_key(reference))
        .collect();
    assert!(
        missing.is_empty(),
        "implemented rows without a fixture: {missing:?}"
    );
    // `ONRAMP_COVERAGE_ONLY=PREFIX`: only the fixtures whose reference id starts with it.
    let only = std::env::var("ONRAMP_COVERAGE_ONLY").unwrap_or_default();
    let mut failures = Vec::new();
    for fixture in fixtures.iter().filter(|f| f.reference.starts_with(&only)) {
        let Some(validator) = fixture.validator() else {
            return;
        };
        let row = by_reference[fixture.reference];
        let expected: Vec<Severity> = match row.status {
            Status::Implemented(Some(deviation)) => vec![deviation],
            _ => row.severities.clone(),
        };
        let failing = check(&validator, fixture.failing, fixture.profiles);
        let fired: Vec<Severity> = failing
            .iter()
            .filter(|i| i.message_id == fixture.onramp)
            .map(|i| i.severity)
            .collect();
        if !fired.iter().any(|s| expected.contains(s)) {
            failures.push(format!(
                "{} ({}): the failing fixture gave {fired:?}, expected one of {expected:?}; all: {:?}",
                fixture.reference,
                fixture.onramp,
                failing
                    .iter()
                    .map(|i| (i.message_id, i.severity))
                    .collect::<Vec<_>>()
            ));
        }
        let passing = check(&validator, fixture.passing, fixture.profiles);
        let fired: Vec<&str> = passing
            .iter()
            .filter(|i| i.message_id == fixture.onramp)
            .map(|i| i.message.as_str())
            .collect();
        if !fired.is_empty() {
            failures.push(format!(
                "{} ({}): the passing fixture fired: {fired:?}",
                fixture.reference, fixture.onramp
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
