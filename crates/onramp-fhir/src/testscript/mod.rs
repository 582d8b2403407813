//! A FHIR R4 TestScript engine: a [`Script`] is read and checked, then [`run`] against one
//! server through the caller's [`Transport`], producing a TestReport.
//!
//! # Overview
//!
//! - [`Script::parse`]: JSON into the script model; an invalid script gives [`ScriptProblem`]s
//!   (with FHIRPath-like locations) and nothing is ever sent for it. [`report_for_invalid`] gives
//!   such a script an `entered-in-error` report so callers can store something uniform.
//! - [`run`]: capabilities, fixtures, setup, tests, teardown; returns the TestReport JSON, a
//!   [`Summary`] and every HTTP [`Exchange`].
//! - [`Transport`]: the engine's only way to the server; [`http::UreqTransport`] is the blocking
//!   one. [`FixtureSource`]: where static fixtures that are not contained come from.
//!
//! # How a run goes
//!
//! 1. **Unsupported scripts are skipped before anything is sent**: XML (`accept`/`contentType`
//!    `xml`), XPath `path`s, several destinations, operations from an `origin`. The report has
//!    status `completed`, result `pending` (the script was not executed, so neither `pass` nor
//!    `fail` is true; `pending` is the code R4 has for "not yet started") and every action
//!    `skip` with the reason.
//! 2. **Capabilities** (`metadata.capability`): `GET [base]/metadata` and the check in
//!    [`capability`]; an unmet `required` capability skips the script as above (result
//!    `pending`), an unmet `validated` one is a warning.
//! 3. **Fixtures**: static fixtures are loaded (all are required); `autocreate` ones are created
//!    (`POST [type]`) as the first setup actions of the report.
//! 4. **Setup**: the first failing action (an operation that got no response, an assert that
//!    failed) stops setup; every test is then skipped, teardown still runs.
//! 5. **Tests**: the first failing action ends its test (the rest are reported `skip`); other
//!    tests go on.
//! 6. **Teardown**: operations only; their failures are recorded but change nothing; then the
//!    `autodelete` fixtures are deleted where the server really put them.
//!
//! An operation passes when the server answered, whatever the status: asserts judge responses.
//! `TestReport.score` is the percentage of passed (or warning) operations and asserts among
//! those of setup and tests that ran (skipped ones and teardown are not counted).

mod asserts;
mod capability;
mod check;
mod fixtures;
pub mod http;
mod operation;
mod operators;
mod parse;
mod report;
mod runner;
mod script;
#[cfg(test)]
mod tests;
mod variables;

use serde::{Deserialize, Serialize};

pub use parse::Script;
pub use report::report_for_invalid;
pub use runner::run;

/// A request the engine sends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpRequest {
    /// Upper case: `GET`, `POST`, …
    pub method: String,
    /// Absolute.
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<Vec<u8>>,
}

/// What the server answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HttpResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

/// The caller's way to the server under test; the engine knows nothing else of HTTP.
pub trait Transport {
    /// Sends one request; `Err` when no response came (connection refused, timeout).
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, String>;
}

/// Where static fixtures (`fixture.resource.reference`) come from: contained resources of the
/// script are resolved by the engine itself (`#id`); anything else is asked of the caller (a
/// path relative to the script, a package resource `Patient/example`, …). `None` = not found.
/// The engine also asks it for the CapabilityStatement a `metadata.capability.capabilities`
/// canonical names (`None` then means "derive the needs from the script").
pub trait FixtureSource {
    fn load(&self, reference: &str) -> Option<Result<Vec<u8>, String>>;
}

/// No fixtures besides the contained ones.
#[derive(Clone, Copy, Debug, Default)]
pub struct NoFixtures;

impl FixtureSource for NoFixtures {
    fn load(&self, _reference: &str) -> Option<Result<Vec<u8>, String>> {
        None
    }
}

/// How to run a script.
#[derive(Clone, Copy)]
pub struct RunSettings<'a> {
    /// The FHIR base of the server under test (no trailing slash needed).
    pub base_url: &'a str,
    /// Typed by the R4 model.
    pub fhirpath: &'a crate::fhirpath::Engine,
    /// For `validateProfileId`; `None` makes such asserts fail, saying there is no validator.
    pub validator: Option<&'a crate::validate::Validator>,
    /// The FHIR instant the TestReport carries as `issued` (the caller's clock).
    pub issued: &'a str,
    /// `TestReport.tester`, e.g. "Onramp 0.1.0".
    pub tester: &'a str,
    /// Added to every request (e.g. `Authorization: Bearer …`) unless the script sets the same
    /// header.
    pub extra_headers: &'a [(String, String)],
    /// Values for variables by name, used instead of what the script would evaluate: the answers
    /// to variables that only carry a `hint` (`onramp testscript run --var NAME=VALUE`).
    pub variables: &'a [(String, String)],
}

/// Why a script is not a valid TestScript.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptProblem {
    /// FHIRPath-like: `TestScript.test[0].action[2].assert`.
    pub location: String,
    pub message: String,
}

impl std::fmt::Display for ScriptProblem {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(formatter, "{}: {}", self.location, self.message)
    }
}

/// Where a run is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Phase {
    Setup,
    /// The index of the test in the script.
    Test(usize),
    Teardown,
}

impl std::fmt::Display for Phase {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Phase::Setup => write!(formatter, "setup"),
            Phase::Test(index) => write!(formatter, "test[{index}]"),
            Phase::Teardown => write!(formatter, "teardown"),
        }
    }
}

/// Reported after each action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Progress {
    /// Actions finished (capabilities, autocreate, setup, tests, teardown, autodelete).
    pub done: usize,
    pub total: usize,
    pub phase: Phase,
    /// The action's label, description or operation type.
    pub action: String,
}

/// `TestReport.result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ReportResult {
    Pass,
    Fail,
    Pending,
}

impl ReportResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ReportResult::Pass => "pass",
            ReportResult::Fail => "fail",
            ReportResult::Pending => "pending",
        }
    }
}

/// `TestReport…action.operation.result` and `…assert.result`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ActionResult {
    Pass,
    Skip,
    Fail,
    Warning,
    Error,
}

impl ActionResult {
    pub fn as_str(self) -> &'static str {
        match self {
            ActionResult::Pass => "pass",
            ActionResult::Skip => "skip",
            ActionResult::Fail => "fail",
            ActionResult::Warning => "warning",
            ActionResult::Error => "error",
        }
    }

    /// `fail` or `error`: the action ends its phase or test.
    pub fn is_failure(self) -> bool {
        matches!(self, ActionResult::Fail | ActionResult::Error)
    }
}

/// What a run produced.
#[derive(Clone, Debug)]
pub struct RunOutcome {
    /// The TestReport resource (JSON).
    pub report: serde_json::Value,
    pub summary: Summary,
    /// Every request sent and the response got (for evidence), in order.
    pub exchanges: Vec<Exchange>,
}

/// The report in brief.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    pub result: ReportResult,
    /// `completed` (or `entered-in-error` for an invalid script).
    pub status: String,
    /// As `TestReport.score`: the percentage of passed operations and asserts.
    pub score: f64,
    pub tests: Vec<TestSummary>,
    /// Why the whole script was skipped (result `pending`).
    pub skipped_reason: Option<String>,
    /// Actions with result `warning`, and unmet `validated` capabilities.
    pub warnings: usize,
}

/// One test in brief: the worst result of its actions and the first message that explains it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TestSummary {
    pub name: String,
    pub result: ActionResult,
    pub message: Option<String>,
}

/// One request and what came back.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub request: HttpRequest,
    pub response: Result<HttpResponse, String>,
    /// `setup`, `test[n]` or `teardown` (capabilities and autocreate are `setup`, autodelete is
    /// `teardown`).
    pub phase: String,
    /// The index of the action in that phase of the report.
    pub action_index: usize,
}
