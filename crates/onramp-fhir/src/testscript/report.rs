//! The TestReport: what the run recorded (an [`Entry`] per action of setup, each test and
//! teardown) as R4 `TestReport` JSON and as a [`Summary`]; and the `entered-in-error` report of a
//! script that could not be parsed.

use serde_json::{json, Map, Value};

use super::parse::Script;
use super::{ActionResult, ReportResult, RunSettings, ScriptProblem, Summary, TestSummary};

/// Whether an entry reports an operation or an assert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Operation,
    Assert,
}

/// One action's outcome.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub kind: Kind,
    pub result: ActionResult,
    pub message: String,
    /// For operations: the request URL.
    pub detail: Option<String>,
}

/// One test's outcomes.
#[derive(Clone, Debug)]
pub(crate) struct TestRecord {
    pub name: String,
    pub description: Option<String>,
    pub entries: Vec<Entry>,
}

/// Everything a run recorded.
#[derive(Clone, Debug, Default)]
pub(crate) struct Record {
    pub setup: Vec<Entry>,
    pub tests: Vec<TestRecord>,
    pub teardown: Vec<Entry>,
    pub skipped: Option<String>,
}

/// The report and summary of a run.
pub(crate) fn build(
    script: &Script,
    settings: &RunSettings<'_>,
    record: &Record,
) -> (Value, Summary) {
    let counted: Vec<&Entry> = record
        .setup
        .iter()
        .chain(record.tests.iter().flat_map(|test| test.entries.iter()))
        .filter(|entry| entry.result != ActionResult::Skip)
        .collect();
    let passed = counted
        .iter()
        .filter(|entry| matches!(entry.result, ActionResult::Pass | ActionResult::Warning))
        .count();
    let score = if counted.is_empty() {
        0.0
    } else {
        ((passed as f64) * 10000.0 / (counted.len() as f64)).round() / 100.0
    };
    let failed = counted.iter().any(|entry| entry.result.is_failure());
    let result = if record.skipped.is_some() {
        ReportResult::Pending
    } else if failed {
        ReportResult::Fail
    } else {
        ReportResult::Pass
    };
    let warnings = record
        .setup
        .iter()
        .chain(record.tests.iter().flat_map(|test| test.entries.iter()))
        .chain(record.teardown.iter())
        .filter(|entry| entry.result == ActionResult::Warning)
        .count();
    let tests = record.tests.iter().map(test_summary).collect();
    let summary = Summary {
        result,
        status: "completed".to_string(),
        score,
        tests,
        skipped_reason: record.skipped.clone(),
        warnings,
    };
    let mut report = header(
        test_script_reference(script.url.as_deref(), script.id.as_deref(), display(script)),
        display(script),
        "completed",
        result,
        settings,
    );
    report.insert("score".to_string(), json!(score));
    if !record.setup.is_empty() {
        report.insert(
            "setup".to_string(),
            json!({ "action": actions(&record.setup) }),
        );
    }
    if !record.tests.is_empty() {
        let tests: Vec<Value> = record
            .tests
            .iter()
            .map(|test| {
                let mut object = Map::new();
                object.insert("name".to_string(), json!(test.name));
                if let Some(description) = &test.description {
                    object.insert("description".to_string(), json!(description));
                }
                object.insert("action".to_string(), Value::Array(actions(&test.entries)));
                Value::Object(object)
            })
            .collect();
        report.insert("test".to_string(), Value::Array(tests));
    }
    if !record.teardown.is_empty() {
        report.insert(
            "teardown".to_string(),
            json!({ "action": actions(&record.teardown) }),
        );
    }
    (Value::Object(report), summary)
}

fn display(script: &Script) -> Option<&str> {
    script.title.as_deref().or(script.name.as_deref())
}

fn test_summary(test: &TestRecord) -> TestSummary {
    let results: Vec<ActionResult> = test.entries.iter().map(|entry| entry.result).collect();
    let result = if results.contains(&ActionResult::Error) {
        ActionResult::Error
    } else if results.contains(&ActionResult::Fail) {
        ActionResult::Fail
    } else if !results.is_empty() && results.iter().all(|r| *r == ActionResult::Skip) {
        ActionResult::Skip
    } else if results.contains(&ActionResult::Warning) {
        ActionResult::Warning
    } else {
        ActionResult::Pass
    };
    let message = test
        .entries
        .iter()
        .find(|entry| entry.result == result && result != ActionResult::Pass)
        .map(|entry| entry.message.clone());
    TestSummary {
        name: test.name.clone(),
        result,
        message,
    }
}

fn actions(entries: &[Entry]) -> Vec<Value> {
    entries
        .iter()
        .map(|entry| {
            let mut outcome = Map::new();
            outcome.insert("result".to_string(), json!(entry.result.as_str()));
            if !entry.message.is_empty() {
                outcome.insert("message".to_string(), json!(entry.message));
            }
            if let Some(detail) = entry
                .detail
                .as_ref()
                .filter(|detail| !detail.is_empty() && !detail.contains(char::is_whitespace))
            {
                outcome.insert("detail".to_string(), json!(detail));
            }
            let key = match entry.kind {
                Kind::Operation => "operation",
                Kind::Assert => "assert",
            };
            json!({ key: Value::Object(outcome) })
        })
        .collect()
}

/// `TestReport.testScript`: the script's canonical URL, else `TestScript/[id]`.
fn test_script_reference(url: Option<&str>, id: Option<&str>, display: Option<&str>) -> Value {
    let mut reference = Map::new();
    match (url, id) {
        (Some(url), _) => {
            reference.insert("reference".to_string(), json!(url));
        }
        (None, Some(id)) => {
            reference.insert("reference".to_string(), json!(format!("TestScript/{id}")));
        }
        (None, None) => {}
    }
    reference.insert(
        "display".to_string(),
        json!(display.unwrap_or("TestScript")),
    );
    Value::Object(reference)
}

/// The elements every report has.
fn header(
    test_script: Value,
    name: Option<&str>,
    status: &str,
    result: ReportResult,
    settings: &RunSettings<'_>,
) -> Map<String, Value> {
    let mut report = Map::new();
    report.insert("resourceType".to_string(), json!("TestReport"));
    if let Some(name) = name {
        report.insert("name".to_string(), json!(name));
    }
    report.insert("status".to_string(), json!(status));
    report.insert("testScript".to_string(), test_script);
    report.insert("result".to_string(), json!(result.as_str()));
    if !settings.tester.is_empty() {
        report.insert("tester".to_string(), json!(settings.tester));
    }
    if !settings.issued.is_empty() {
        report.insert("issued".to_string(), json!(settings.issued));
    }
    report.insert(
        "participant".to_string(),
        json!([
            {
                "type": "test-engine",
                "uri": engine_uri(settings.tester),
                "display": if settings.tester.is_empty() { "Onramp" } else { settings.tester },
            },
            { "type": "server", "uri": settings.base_url.trim_end_matches('/') },
        ]),
    );
    report
}

/// The test engine as a URI: `urn:onramp:test-engine:` and the tester, spaces percent-encoded.
fn engine_uri(tester: &str) -> String {
    let name: String = tester
        .chars()
        .map(|c| if c.is_whitespace() { '-' } else { c })
        .filter(|c| c.is_ascii_graphic())
        .collect();
    if name.is_empty() {
        "urn:onramp:test-engine".to_string()
    } else {
        format!("urn:onramp:test-engine:{name}")
    }
}

/// A report for a script that could not be parsed: status `entered-in-error`, result `fail`,
/// each problem as an `error` assert of setup (the report's only place for messages).
pub fn report_for_invalid(
    script_bytes: &[u8],
    problems: &[ScriptProblem],
    settings: &RunSettings<'_>,
) -> Value {
    let json: Option<Value> = serde_json::from_slice(script_bytes).ok();
    let text = |key: &str| {
        json.as_ref()
            .and_then(|json| json.get(key))
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    let (url, id, name) = (text("url"), text("id"), text("title").or(text("name")));
    let mut report = header(
        test_script_reference(
            url.as_deref(),
            id.as_deref(),
            name.as_deref().or(Some("invalid TestScript")),
        ),
        name.as_deref(),
        "entered-in-error",
        ReportResult::Fail,
        settings,
    );
    report.insert("score".to_string(), json!(0.0));
    let mut entries: Vec<Entry> = problems
        .iter()
        .map(|problem| Entry {
            kind: Kind::Assert,
            result: ActionResult::Error,
            message: format!("invalid TestScript: {problem}"),
            detail: None,
        })
        .collect();
    if entries.is_empty() {
        entries.push(Entry {
            kind: Kind::Assert,
            result: ActionResult::Error,
            message: "invalid TestScript".to_string(),
            detail: None,
        });
    }
    report.insert("setup".to_string(), json!({ "action": actions(&entries) }));
    Value::Object(report)
}
