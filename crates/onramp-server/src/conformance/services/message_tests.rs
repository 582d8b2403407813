//! Message tests judged from a sandbox's message log: every exchange is looked at once, oldest
//! first, by all the suite's message tests together. An exchange counts for a test when its
//! interaction (and search parameter) is the one asked for and it succeeded, and each instance it
//! carries (a transaction's or batch's entries included) is of the test's type, conforms to its
//! profile and satisfies its condition. A refused or non-conforming instance is a failing
//! attempt, kept with its OperationOutcome.
//!
//! Conformance to a profile the instance claimed and the sandbox found no error in is taken from
//! the log; any other profile is validated here.

use std::collections::HashMap;
use std::sync::Arc;

use onramp_core::conformance::suite::MessageTest;
use onramp_core::conformance::TestResult;
use onramp_fhir::fhirpath::{Expression, Item};
use onramp_fhir::json::JsonValue;
use onramp_fhir::validate::Profile;
use onramp_store::conformance::log::LoggedExchange;
use serde::Serialize;

use crate::sandbox::services::engines::SandboxEngine;

/// An exchange's instances already validated, by (instance, profile): the OperationOutcome of
/// those with errors.
type Validated = HashMap<(usize, String), Option<serde_json::Value>>;

/// How many satisfying exchanges and failing attempts a test keeps as evidence.
const KEEP: usize = 20;

/// Interactions that send instances (a test naming none counts these).
const SENDING: &[&str] = &["create", "update", "patch", "transaction", "batch"];

/// A failing attempt: the exchange, and why it did not count.
#[derive(Clone, Debug, Serialize)]
pub struct Attempt {
    pub message_id: String,
    pub status: i64,
    pub reason: String,
    /// The OperationOutcome (the sandbox's, or the validation against the test's profile).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outcome: Option<serde_json::Value>,
}

/// A test's finding.
#[derive(Clone, Debug, Serialize)]
pub struct Finding {
    #[serde(skip)]
    pub result: TestResult,
    pub summary: String,
    /// Ids of the messages that satisfied it (at most 20).
    pub satisfied: Vec<String>,
    pub satisfied_count: usize,
    /// The failing attempts (the latest 20).
    pub failures: Vec<Attempt>,
    pub failure_count: usize,
    /// Instances that were fine but did not meet the condition.
    pub unmatched_count: usize,
}

struct Judged {
    test: MessageTest,
    profile: Option<Arc<Profile>>,
    condition: Option<Expression>,
    /// Why the test cannot be judged at all (its profile is unknown, …).
    broken: Option<String>,
    satisfied: Vec<String>,
    satisfied_count: usize,
    failures: Vec<Attempt>,
    failure_count: usize,
    unmatched_count: usize,
}

/// The suite's message tests, fed the log a page at a time.
pub struct Judge {
    engine: Arc<SandboxEngine>,
    tests: Vec<Judged>,
}

impl Judge {
    pub fn new(engine: Arc<SandboxEngine>, tests: &[MessageTest]) -> Judge {
        let tests = tests
            .iter()
            .map(|test| {
                let mut broken = None;
                let profile = test.profile.as_ref().and_then(|profile| {
                    match engine.validator.profiles(std::slice::from_ref(profile)) {
                        Ok(mut found) => found.pop(),
                        Err(error) => {
                            broken = Some(format!("the profile cannot be used: {error}"));
                            None
                        }
                    }
                });
                let condition =
                    test.condition
                        .as_ref()
                        .and_then(|text| match engine.fhirpath.compile(text) {
                            Ok(expression) => Some(expression),
                            Err(error) => {
                                broken = Some(format!("the condition does not compile: {error}"));
                                None
                            }
                        });
                Judged {
                    test: test.clone(),
                    profile,
                    condition,
                    broken,
                    satisfied: Vec::new(),
                    satisfied_count: 0,
                    failures: Vec::new(),
                    failure_count: 0,
                    unmatched_count: 0,
                }
            })
            .collect();
        Judge { engine, tests }
    }

    /// Whether every test already has what it needs (no more of the log need be read).
    pub fn settled(&self) -> bool {
        self.tests
            .iter()
            .all(|t| t.broken.is_some() || t.satisfied_count >= t.test.min_count as usize)
    }

    /// Looks at one exchange with every test. An instance is validated against a profile once,
    /// however many tests ask for that profile.
    pub fn observe(&mut self, exchange: &LoggedExchange) {
        let engine = self.engine.clone();
        let mut parsed: Option<Option<JsonValue>> = None;
        let mut validated: Validated = HashMap::new();
        for judged in &mut self.tests {
            if judged.broken.is_some() || judged.satisfied_count >= judged.test.min_count as usize {
                continue;
            }
            if !interaction_matches(&judged.test, exchange) {
                continue;
            }
            let body = parsed
                .get_or_insert_with(|| {
                    exchange
                        .request_body
                        .as_deref()
                        .and_then(|text| onramp_fhir::json::parse(text.as_bytes()).value)
                })
                .as_ref();
            judged.judge(&engine, exchange, body, &mut validated);
        }
    }

    /// Each test's finding, in the order given.
    pub fn findings(self) -> Vec<Finding> {
        self.tests.into_iter().map(Judged::finding).collect()
    }
}

fn interaction_matches(test: &MessageTest, exchange: &LoggedExchange) -> bool {
    let interaction = exchange.interaction.as_str();
    let wanted = match test.interaction.as_deref() {
        Some(wanted) => wanted == interaction,
        None => SENDING.contains(&interaction),
    };
    if !wanted {
        return false;
    }
    if let Some(param) = &test.search_param {
        let query = exchange.url.split_once('?').map_or("", |(_, query)| query);
        let used = url::form_urlencoded::parse(query.as_bytes()).any(|(name, _)| {
            let name = name.split([':', '.']).next().unwrap_or_default();
            name == param
        });
        if !used {
            return false;
        }
    }
    true
}

impl Judged {
    fn judge(
        &mut self,
        engine: &SandboxEngine,
        exchange: &LoggedExchange,
        body: Option<&JsonValue>,
        validated: &mut Validated,
    ) {
        let succeeded = (200..300).contains(&exchange.status);
        let Some(resource_type) = self.test.resource_type.clone() else {
            // An interaction test: the exchange itself is what counts.
            if succeeded {
                self.satisfy(exchange);
            } else {
                self.fail(
                    exchange,
                    "the interaction failed".to_owned(),
                    sandbox_outcome(exchange),
                );
            }
            return;
        };
        // The instances of the test's type the exchange carries.
        let instances: Vec<&JsonValue> = match body {
            Some(bundle) if matches!(exchange.interaction.as_str(), "transaction" | "batch") => {
                bundle
                    .get("entry")
                    .and_then(JsonValue::as_array)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|entry| entry.get("resource"))
                    .filter(|resource| {
                        resource.get("resourceType").and_then(JsonValue::as_str)
                            == Some(resource_type.as_str())
                    })
                    .collect()
            }
            Some(resource)
                if resource.get("resourceType").and_then(JsonValue::as_str)
                    == Some(resource_type.as_str()) =>
            {
                vec![resource]
            }
            _ => Vec::new(),
        };
        if instances.is_empty() {
            // Reads and searches carry no instance: the type is the exchange's.
            if body.is_none() && exchange.resource_type.as_deref() == Some(resource_type.as_str()) {
                if !succeeded {
                    self.fail(
                        exchange,
                        format!("status {}", exchange.status),
                        sandbox_outcome(exchange),
                    );
                } else if self.profile.is_none() && self.condition.is_none() {
                    self.satisfy(exchange);
                } else {
                    self.unmatched_count += 1;
                }
            }
            return;
        }
        if !succeeded {
            self.fail(
                exchange,
                format!("the sandbox refused it with status {}", exchange.status),
                sandbox_outcome(exchange),
            );
            return;
        }
        let mut all_good = true;
        for instance in instances {
            if let Some(profile) = &self.profile {
                let claimed = exchange.profiles.split_whitespace().any(|claimed| {
                    claimed == profile.url
                        || claimed.split('|').next() == Some(profile.url.as_str())
                });
                let conforms_by_log = claimed && exchange.errors == 0;
                if !conforms_by_log {
                    let key = (std::ptr::from_ref(instance) as usize, profile.url.clone());
                    let failed = validated
                        .entry(key)
                        .or_insert_with(|| {
                            let issues = engine
                                .validator
                                .validate_value(instance, std::slice::from_ref(profile));
                            issues
                                .iter()
                                .any(|issue| issue.severity.is_error())
                                .then(|| onramp_fhir::outcome::operation_outcome(&issues))
                        })
                        .clone();
                    if let Some(outcome) = failed {
                        all_good = false;
                        self.fail(
                            exchange,
                            format!("a {resource_type} does not conform to {}", profile.url),
                            Some(outcome),
                        );
                        break;
                    }
                }
            } else if exchange.errors > 0 {
                all_good = false;
                self.fail(
                    exchange,
                    format!("a {resource_type} has validation errors"),
                    sandbox_outcome(exchange),
                );
                break;
            }
            if let Some(condition) = &self.condition {
                let holds = matches!(
                    engine.fhirpath.evaluate(condition, instance).as_deref(),
                    Ok([Item::Boolean(true)])
                );
                if !holds {
                    all_good = false;
                    self.unmatched_count += 1;
                    break;
                }
            }
        }
        if all_good {
            self.satisfy(exchange);
        }
    }

    fn satisfy(&mut self, exchange: &LoggedExchange) {
        self.satisfied_count += 1;
        if self.satisfied.len() < KEEP {
            self.satisfied.push(exchange.id.clone());
        }
    }

    fn fail(
        &mut self,
        exchange: &LoggedExchange,
        reason: String,
        outcome: Option<serde_json::Value>,
    ) {
        self.failure_count += 1;
        if self.failures.len() >= KEEP {
            self.failures.remove(0);
        }
        self.failures.push(Attempt {
            message_id: exchange.id.clone(),
            status: exchange.status,
            reason,
            outcome,
        });
    }

    fn finding(self) -> Finding {
        let needed = self.test.min_count as usize;
        let what = describe(&self.test);
        let (result, summary) = if let Some(broken) = &self.broken {
            (TestResult::Error, broken.clone())
        } else if self.satisfied_count >= needed {
            (
                TestResult::Passed,
                format!(
                    "{} of {needed} {what} received",
                    self.satisfied_count.min(needed)
                ),
            )
        } else if self.failure_count > 0 {
            (
                TestResult::Failed,
                format!(
                    "{} of {needed} {what} received; {} attempt(s) failed",
                    self.satisfied_count, self.failure_count
                ),
            )
        } else {
            (
                TestResult::Waiting,
                format!(
                    "{} of {needed} {what} received so far",
                    self.satisfied_count
                ),
            )
        };
        let summary = if self.unmatched_count > 0 {
            format!(
                "{summary}; {} did not meet the condition",
                self.unmatched_count
            )
        } else {
            summary
        };
        Finding {
            result,
            summary,
            satisfied: self.satisfied,
            satisfied_count: self.satisfied_count,
            failures: self.failures,
            failure_count: self.failure_count,
            unmatched_count: self.unmatched_count,
        }
    }
}

fn sandbox_outcome(exchange: &LoggedExchange) -> Option<serde_json::Value> {
    exchange
        .outcome
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
}

/// "Patient instances conforming to P", "search-type interactions with `name`", in words.
pub fn describe(test: &MessageTest) -> String {
    let mut text = match (&test.resource_type, &test.interaction) {
        (Some(resource_type), Some(interaction)) => {
            format!("{resource_type} {interaction} exchanges")
        }
        (Some(resource_type), None) => format!("{resource_type} instances"),
        (None, Some(interaction)) => format!("{interaction} exchanges"),
        (None, None) => "exchanges".to_owned(),
    };
    if let Some(param) = &test.search_param {
        text.push_str(&format!(" using `{param}`"));
    }
    if let Some(profile) = &test.profile {
        text.push_str(&format!(" conforming to {profile}"));
    }
    if test.condition.is_some() {
        text.push_str(" meeting the condition");
    }
    text
}
