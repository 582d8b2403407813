//! The suite document: what a program admin writes to define a conformance suite for a track —
//! the requirements of the implementation guide, the message tests judged from the sandbox's
//! message log, and the TestScripts run against the partner's server — read from JSON (errors
//! with line and column), checked as a whole (every problem at once, with its path), and compared
//! between versions as a list of readable changes.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use serde::{Deserialize, Serialize};

/// A suite as its author wrote it. Scripts taken from a package are resolved (copied in) by the
/// server when the version is stored, so a version never changes after it is made.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SuiteDocument {
    /// Names the suite across its versions: lowercase letters, digits, `-`, `_`, `.`.
    pub key: String,
    pub title: String,
    /// The track whose enrollments run the suite.
    pub track: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Packages (`NAME#VERSION`) validated against besides the track's; R4 core always.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub packages: Vec<String>,
    /// How long a certificate earned with this suite is valid (days; default 365).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_days: Option<u32>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<Requirement>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub message_tests: Vec<MessageTest>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub scripts: Vec<ScriptTest>,
    /// Static fixtures the scripts name (`fixture.resource.reference` → the resource).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fixtures: BTreeMap<String, serde_json::Value>,
}

/// A requirement of the implementation guide that tests cover.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Requirement {
    pub key: String,
    pub text: String,
    /// Where the guide states it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<String>,
}

/// "At least `min_count` instances (or exchanges) that match, received in the sandbox".
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MessageTest {
    pub key: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// The instances' resource type (entries of transactions and batches count too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource_type: Option<String>,
    /// The profile (canonical URL) each instance must conform to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The FHIR interaction that must have succeeded (`create`, `search-type`, `transaction`, …);
    /// none: any interaction that sends instances (create, update, transaction, batch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction: Option<String>,
    /// For searches: a parameter the search must have used (modifiers aside).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub search_param: Option<String>,
    /// A FHIRPath expression each instance must satisfy (true).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<String>,
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub min_count: u32,
}

fn one() -> u32 {
    1
}

fn is_one(value: &u32) -> bool {
    *value == 1
}

/// A TestScript run against the partner's server: given in the document, or taken from a package.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScriptTest {
    pub key: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub requirements: Vec<String>,
    /// The TestScript resource itself.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub testscript: Option<serde_json::Value>,
    /// Or the package (`NAME#VERSION`) holding it…
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub package: Option<String>,
    /// …and its `Type/id` there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

impl ScriptTest {
    /// The title shown: the one given, else the TestScript's own title or name, else the key.
    pub fn shown_title(&self) -> String {
        if let Some(title) = &self.title {
            return title.clone();
        }
        self.testscript
            .as_ref()
            .and_then(|script| {
                script
                    .get("title")
                    .or_else(|| script.get("name"))
                    .and_then(|value| value.as_str())
            })
            .map_or_else(|| self.key.clone(), str::to_owned)
    }
}

/// The FHIR R4 interaction codes a message test may name (`search` stands for `search-type`).
pub const INTERACTIONS: &[&str] = &[
    "read",
    "vread",
    "update",
    "patch",
    "delete",
    "history-instance",
    "history-type",
    "history-system",
    "create",
    "search-type",
    "search-system",
    "capabilities",
    "transaction",
    "batch",
    "operation",
];

/// One thing wrong with a suite document: where (`message_tests[2].key`) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuiteProblem {
    pub path: String,
    pub message: String,
}

impl SuiteProblem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> SuiteProblem {
        SuiteProblem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for SuiteProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl SuiteDocument {
    /// Reads and checks a suite document, reporting every problem at once.
    pub fn parse(text: &str) -> Result<SuiteDocument, Vec<SuiteProblem>> {
        let document: SuiteDocument = serde_json::from_str(text).map_err(|error| {
            vec![SuiteProblem::new(
                "",
                format!(
                    "not a suite document (line {}, column {}): {}",
                    error.line(),
                    error.column(),
                    strip_position(&error.to_string())
                ),
            )]
        })?;
        let problems = document.check();
        if problems.is_empty() {
            Ok(document.normalized())
        } else {
            Err(problems)
        }
    }

    /// `search` written as `search-type`, so that versions compare alike.
    fn normalized(mut self) -> SuiteDocument {
        for test in &mut self.message_tests {
            if test.interaction.as_deref() == Some("search") {
                test.interaction = Some("search-type".to_owned());
            }
        }
        self
    }

    /// Every problem of the document as a whole.
    pub fn check(&self) -> Vec<SuiteProblem> {
        let mut problems = Vec::new();
        check_key(&mut problems, "key", &self.key);
        check_text(&mut problems, "title", &self.title, 200);
        check_key(&mut problems, "track", &self.track);
        for (index, package) in self.packages.iter().enumerate() {
            if !is_package_id(package) {
                problems.push(SuiteProblem::new(
                    format!("packages[{index}]"),
                    format!("`{package}` is not NAME#VERSION"),
                ));
            }
        }
        if let Some(days) = self.certificate_days {
            if !(1..=3650).contains(&days) {
                problems.push(SuiteProblem::new(
                    "certificate_days",
                    "between 1 and 3650 days",
                ));
            }
        }
        let mut requirement_keys = BTreeSet::new();
        for (index, requirement) in self.requirements.iter().enumerate() {
            let path = format!("requirements[{index}]");
            check_key(&mut problems, &format!("{path}.key"), &requirement.key);
            if !requirement_keys.insert(requirement.key.as_str()) {
                problems.push(SuiteProblem::new(
                    format!("{path}.key"),
                    format!("`{}` is given twice", requirement.key),
                ));
            }
            check_text(
                &mut problems,
                &format!("{path}.text"),
                &requirement.text,
                2000,
            );
            if let Some(link) = &requirement.link {
                if !(link.starts_with("https://") || link.starts_with("http://")) {
                    problems.push(SuiteProblem::new(
                        format!("{path}.link"),
                        "an http(s) URL into the implementation guide",
                    ));
                }
            }
        }
        let mut test_keys = BTreeSet::new();
        let mut check_test_key =
            |problems: &mut Vec<SuiteProblem>, path: &str, key: &str, requirements: &[String]| {
                check_key(problems, &format!("{path}.key"), key);
                if !test_keys.insert(key.to_owned()) {
                    problems.push(SuiteProblem::new(
                        format!("{path}.key"),
                        format!("`{key}` is given twice (test keys are unique across the suite)"),
                    ));
                }
                for (index, requirement) in requirements.iter().enumerate() {
                    if !requirement_keys.contains(requirement.as_str()) {
                        problems.push(SuiteProblem::new(
                            format!("{path}.requirements[{index}]"),
                            format!("no requirement has the key `{requirement}`"),
                        ));
                    }
                }
            };
        for (index, test) in self.message_tests.iter().enumerate() {
            let path = format!("message_tests[{index}]");
            check_test_key(&mut problems, &path, &test.key, &test.requirements);
            check_text(&mut problems, &format!("{path}.title"), &test.title, 200);
            if test.resource_type.is_none() && test.interaction.is_none() {
                problems.push(SuiteProblem::new(
                    &path,
                    "name a resource_type, an interaction, or both",
                ));
            }
            if let Some(resource_type) = &test.resource_type {
                if !is_resource_type(resource_type) {
                    problems.push(SuiteProblem::new(
                        format!("{path}.resource_type"),
                        format!("`{resource_type}` is not a resource type name"),
                    ));
                }
            }
            if let Some(interaction) = &test.interaction {
                if interaction != "search" && !INTERACTIONS.contains(&interaction.as_str()) {
                    problems.push(SuiteProblem::new(
                        format!("{path}.interaction"),
                        format!(
                            "`{interaction}` is not a FHIR interaction; one of {}",
                            INTERACTIONS.join(", ")
                        ),
                    ));
                }
            }
            if test.search_param.is_some()
                && !matches!(
                    test.interaction.as_deref(),
                    Some("search" | "search-type" | "search-system")
                )
            {
                problems.push(SuiteProblem::new(
                    format!("{path}.search_param"),
                    "a search parameter needs the interaction `search-type` or `search-system`",
                ));
            }
            if let Some(profile) = &test.profile {
                if !profile.contains("://") && !profile.starts_with("urn:") {
                    problems.push(SuiteProblem::new(
                        format!("{path}.profile"),
                        "the profile's canonical URL",
                    ));
                }
            }
            if test.min_count == 0 || test.min_count > 10_000 {
                problems.push(SuiteProblem::new(
                    format!("{path}.min_count"),
                    "between 1 and 10000",
                ));
            }
        }
        for (index, script) in self.scripts.iter().enumerate() {
            let path = format!("scripts[{index}]");
            check_test_key(&mut problems, &path, &script.key, &script.requirements);
            match (&script.testscript, &script.package, &script.resource) {
                (Some(testscript), None, None) => {
                    if testscript.get("resourceType").and_then(|v| v.as_str()) != Some("TestScript")
                    {
                        problems.push(SuiteProblem::new(
                            format!("{path}.testscript"),
                            "a TestScript resource (its resourceType is not TestScript)",
                        ));
                    }
                }
                (None, Some(package), Some(resource)) => {
                    if !is_package_id(package) {
                        problems.push(SuiteProblem::new(
                            format!("{path}.package"),
                            format!("`{package}` is not NAME#VERSION"),
                        ));
                    }
                    if !resource.starts_with("TestScript/") {
                        problems.push(SuiteProblem::new(
                            format!("{path}.resource"),
                            "`TestScript/ID` of the script in the package",
                        ));
                    }
                }
                _ => problems.push(SuiteProblem::new(
                    &path,
                    "give either `testscript` (the resource) or `package` and `resource`",
                )),
            }
        }
        if self.message_tests.is_empty() && self.scripts.is_empty() {
            problems.push(SuiteProblem::new("", "a suite needs at least one test"));
        }
        problems
    }

    /// The keys of the suite's tests, message tests first, in the document's order.
    pub fn test_keys(&self) -> Vec<&str> {
        self.message_tests
            .iter()
            .map(|test| test.key.as_str())
            .chain(self.scripts.iter().map(|script| script.key.as_str()))
            .collect()
    }

    /// The validity of its certificates, in days.
    pub fn certificate_days(&self) -> u32 {
        self.certificate_days
            .unwrap_or(super::DEFAULT_CERTIFICATE_DAYS)
    }

    /// Which tests cover each requirement (a requirement no test covers has an empty list).
    pub fn coverage(&self) -> Vec<(&Requirement, Vec<&str>)> {
        self.requirements
            .iter()
            .map(|requirement| {
                let tests = self
                    .message_tests
                    .iter()
                    .filter(|test| test.requirements.contains(&requirement.key))
                    .map(|test| test.key.as_str())
                    .chain(
                        self.scripts
                            .iter()
                            .filter(|script| script.requirements.contains(&requirement.key))
                            .map(|script| script.key.as_str()),
                    )
                    .collect();
                (requirement, tests)
            })
            .collect()
    }
}

fn strip_position(message: &str) -> &str {
    message
        .rfind(" at line ")
        .and_then(|at| message.get(..at))
        .unwrap_or(message)
}

fn check_key(problems: &mut Vec<SuiteProblem>, path: &str, key: &str) {
    let valid = !key.is_empty()
        && key.len() <= 64
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "-_.".contains(c));
    if !valid {
        problems.push(SuiteProblem::new(
            path,
            format!("`{key}` is not a key: 1 to 64 lowercase letters, digits, `-`, `_` or `.`"),
        ));
    }
}

fn check_text(problems: &mut Vec<SuiteProblem>, path: &str, text: &str, max: usize) {
    if text.trim().is_empty() {
        problems.push(SuiteProblem::new(path, "must not be empty"));
    } else if text.chars().count() > max {
        problems.push(SuiteProblem::new(path, format!("at most {max} characters")));
    }
}

fn is_package_id(text: &str) -> bool {
    text.split_once('#').is_some_and(|(name, version)| {
        !name.is_empty() && !version.is_empty() && !text.contains(' ')
    })
}

fn is_resource_type(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_alphanumeric())
}

/// One difference between two versions of a suite, as a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SuiteChange(pub String);

impl fmt::Display for SuiteChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What changed from `old` to `new`: title, packages, certificate validity, requirements and tests
/// added, removed or changed (each changed field named with its old and new value; a TestScript
/// that changed is said to have changed, with the tests it gained or lost).
pub fn diff(old: &SuiteDocument, new: &SuiteDocument) -> Vec<SuiteChange> {
    let mut changes = Vec::new();
    let mut say = |text: String| changes.push(SuiteChange(text));
    if old.title != new.title {
        say(format!("title: “{}” → “{}”", old.title, new.title));
    }
    if old.description != new.description {
        say("description changed".to_owned());
    }
    for package in &new.packages {
        if !old.packages.contains(package) {
            say(format!("package {package} added"));
        }
    }
    for package in &old.packages {
        if !new.packages.contains(package) {
            say(format!("package {package} removed"));
        }
    }
    if old.certificate_days() != new.certificate_days() {
        say(format!(
            "certificates valid for {} days → {} days",
            old.certificate_days(),
            new.certificate_days()
        ));
    }
    keyed_diff(
        &old.requirements,
        &new.requirements,
        |r| &r.key,
        "requirement",
        |old, new| {
            let mut fields = Vec::new();
            if old.text != new.text {
                fields.push(format!("text “{}” → “{}”", old.text, new.text));
            }
            if old.link != new.link {
                fields.push(format!(
                    "link {} → {}",
                    old.link.as_deref().unwrap_or("none"),
                    new.link.as_deref().unwrap_or("none")
                ));
            }
            fields
        },
        &mut say,
    );
    keyed_diff(
        &old.message_tests,
        &new.message_tests,
        |t| &t.key,
        "message test",
        |old, new| {
            let mut fields = Vec::new();
            let mut field = |name: &str, a: Option<&str>, b: Option<&str>| {
                if a != b {
                    fields.push(format!(
                        "{name} {} → {}",
                        a.unwrap_or("none"),
                        b.unwrap_or("none")
                    ));
                }
            };
            field("title", Some(&old.title), Some(&new.title));
            field(
                "resource type",
                old.resource_type.as_deref(),
                new.resource_type.as_deref(),
            );
            field("profile", old.profile.as_deref(), new.profile.as_deref());
            field(
                "interaction",
                old.interaction.as_deref(),
                new.interaction.as_deref(),
            );
            field(
                "search parameter",
                old.search_param.as_deref(),
                new.search_param.as_deref(),
            );
            field(
                "condition",
                old.condition.as_deref(),
                new.condition.as_deref(),
            );
            let (a, b) = (old.min_count.to_string(), new.min_count.to_string());
            field("at least", Some(&a), Some(&b));
            let (a, b) = (old.requirements.join(", "), new.requirements.join(", "));
            field("requirements", Some(&a), Some(&b));
            fields
        },
        &mut say,
    );
    keyed_diff(
        &old.scripts,
        &new.scripts,
        |s| &s.key,
        "TestScript",
        |old, new| {
            let mut fields = Vec::new();
            if old.shown_title() != new.shown_title() {
                fields.push(format!(
                    "title “{}” → “{}”",
                    old.shown_title(),
                    new.shown_title()
                ));
            }
            if old.requirements != new.requirements {
                fields.push(format!(
                    "requirements {} → {}",
                    old.requirements.join(", "),
                    new.requirements.join(", ")
                ));
            }
            if old.package != new.package || old.resource != new.resource {
                fields.push(format!("source {} → {}", source_of(old), source_of(new)));
            }
            if old.testscript != new.testscript {
                let (before, after) = (script_tests(old), script_tests(new));
                let gained: Vec<&str> = after.difference(&before).map(String::as_str).collect();
                let lost: Vec<&str> = before.difference(&after).map(String::as_str).collect();
                let mut text = "the script changed".to_owned();
                if !gained.is_empty() {
                    text.push_str(&format!("; tests added: {}", gained.join(", ")));
                }
                if !lost.is_empty() {
                    text.push_str(&format!("; tests removed: {}", lost.join(", ")));
                }
                fields.push(text);
            }
            fields
        },
        &mut say,
    );
    let (old_fixtures, new_fixtures): (BTreeSet<&String>, BTreeSet<&String>) =
        (old.fixtures.keys().collect(), new.fixtures.keys().collect());
    for added in new_fixtures.difference(&old_fixtures) {
        say(format!("fixture {added} added"));
    }
    for removed in old_fixtures.difference(&new_fixtures) {
        say(format!("fixture {removed} removed"));
    }
    for kept in old_fixtures.intersection(&new_fixtures) {
        if old.fixtures.get(*kept) != new.fixtures.get(*kept) {
            say(format!("fixture {kept} changed"));
        }
    }
    changes
}

fn source_of(script: &ScriptTest) -> String {
    match (&script.package, &script.resource) {
        (Some(package), Some(resource)) => format!("{resource} in {package}"),
        _ => "the suite document".to_owned(),
    }
}

fn script_tests(script: &ScriptTest) -> BTreeSet<String> {
    script
        .testscript
        .as_ref()
        .and_then(|value| value.get("test"))
        .and_then(|tests| tests.as_array())
        .map(|tests| {
            tests
                .iter()
                .enumerate()
                .map(|(index, test)| {
                    test.get("name")
                        .and_then(|name| name.as_str())
                        .map_or_else(|| format!("test {}", index + 1), str::to_owned)
                })
                .collect()
        })
        .unwrap_or_default()
}

fn keyed_diff<T>(
    old: &[T],
    new: &[T],
    key: impl Fn(&T) -> &String,
    noun: &str,
    fields: impl Fn(&T, &T) -> Vec<String>,
    say: &mut impl FnMut(String),
) {
    for item in new {
        match old.iter().find(|o| key(o) == key(item)) {
            None => say(format!("{noun} `{}` added", key(item))),
            Some(before) => {
                let changed = fields(before, item);
                if !changed.is_empty() {
                    say(format!("{noun} `{}`: {}", key(item), changed.join("; ")));
                }
            }
        }
    }
    for item in old {
        if !new.iter().any(|n| key(n) == key(item)) {
            say(format!("{noun} `{}` removed", key(item)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SUITE: &str = r#"{
        "key": "patient-access", "title": "Patient access", "track": "fhir-ig",
        "requirements": [{"key": "r1", "text": "Patients are sent as US Core", "link": "https://example.org/ig#r1"}],
        "message_tests": [{"key": "patients", "title": "Three US Core patients", "requirements": ["r1"],
            "resource_type": "Patient", "profile": "http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient", "min_count": 3},
            {"key": "search", "title": "Searched by name", "interaction": "search", "search_param": "name", "resource_type": "Patient"}],
        "scripts": [{"key": "read", "package": "hl7.fhir.r4.examples#4.0.1", "resource": "TestScript/testscript-example-readtest", "requirements": ["r1"]}]
    }"#;

    #[test]
    fn a_suite_document_is_read_and_searches_are_named_alike() -> Result<(), Vec<SuiteProblem>> {
        let suite = SuiteDocument::parse(SUITE)?;
        assert_eq!(suite.test_keys(), ["patients", "search", "read"]);
        assert_eq!(
            suite
                .message_tests
                .get(1)
                .and_then(|t| t.interaction.as_deref()),
            Some("search-type")
        );
        let coverage = suite.coverage();
        assert_eq!(
            coverage.first().map(|(_, tests)| tests.clone()),
            Some(vec!["patients", "read"])
        );
        assert_eq!(suite.certificate_days(), 365);
        Ok(())
    }

    #[test]
    fn every_problem_is_reported_with_its_path() {
        let text = r#"{"key": "Bad Key", "title": "", "track": "fhir-ig",
            "requirements": [{"key": "r1", "text": "x"}, {"key": "r1", "text": "y", "link": "ftp://x"}],
            "message_tests": [{"key": "t", "title": "t", "requirements": ["r9"], "min_count": 0},
                              {"key": "t", "title": "u", "interaction": "fetch", "search_param": "name"}],
            "scripts": [{"key": "s"}]}"#;
        let problems = SuiteDocument::parse(text).err().unwrap_or_default();
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        for expected in [
            "key",
            "title",
            "requirements[1].key",
            "requirements[1].link",
            "message_tests[0].requirements[0]",
            "message_tests[0]",
            "message_tests[0].min_count",
            "message_tests[1].key",
            "message_tests[1].interaction",
            "message_tests[1].search_param",
            "scripts[0]",
        ] {
            assert!(
                paths.contains(&expected),
                "{expected} missing from {paths:?}"
            );
        }
    }

    #[test]
    fn syntax_errors_name_line_and_column_and_unknown_fields_are_refused() {
        let problems = SuiteDocument::parse("{\n  \"key\": \"x\",\n  oops }")
            .err()
            .unwrap_or_default();
        assert!(
            problems
                .first()
                .is_some_and(|p| p.message.contains("line 3")),
            "{problems:?}"
        );
        let problems =
            SuiteDocument::parse(r#"{"key": "x", "title": "x", "track": "t", "tests": []}"#)
                .err()
                .unwrap_or_default();
        assert!(
            problems
                .first()
                .is_some_and(|p| p.message.contains("unknown field `tests`")),
            "{problems:?}"
        );
    }

    #[test]
    fn the_diff_names_what_changed() -> Result<(), Vec<SuiteProblem>> {
        let old = SuiteDocument::parse(SUITE)?;
        let mut new = old.clone();
        new.packages.push("hl7.fhir.us.core#6.1.0".to_owned());
        if let Some(test) = new.message_tests.first_mut() {
            test.min_count = 5;
        }
        new.message_tests.remove(1);
        new.scripts.push(ScriptTest {
            key: "inline".to_owned(),
            title: None,
            requirements: Vec::new(),
            testscript: Some(serde_json::json!({"resourceType": "TestScript", "name": "Inline"})),
            package: None,
            resource: None,
        });
        let changes: Vec<String> = diff(&old, &new).iter().map(ToString::to_string).collect();
        assert_eq!(
            changes,
            [
                "package hl7.fhir.us.core#6.1.0 added",
                "message test `patients`: at least 3 → 5",
                "message test `search` removed",
                "TestScript `inline` added",
            ]
        );
        assert!(diff(&old, &old).is_empty());
        Ok(())
    }
}
