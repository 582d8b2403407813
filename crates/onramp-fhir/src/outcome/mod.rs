//! FHIR `OperationOutcome`s from validation findings: severity, code, details text, the FHIRPath
//! location in `expression`, and the line and column (as the HL7 validator writes them: the
//! `operationoutcome-issue-line`/`-col` extensions and `[line,col]` in `diagnostics`).

use serde_json::{json, Value};

use crate::validate::Issue;

const LINE_URL: &str = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line";
const COL_URL: &str = "http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-col";
const SOURCE_URL: &str = "http://hl7.org/fhir/StructureDefinition/operationoutcome-message-id";

/// One issue as an `OperationOutcome.issue`.
pub fn issue_json(issue: &Issue) -> Value {
    let mut value = json!({
        "extension": [
            {"url": LINE_URL, "valueInteger": issue.pos.line},
            {"url": COL_URL, "valueInteger": issue.pos.column},
            {"url": SOURCE_URL, "valueString": issue.message_id},
        ],
        "severity": issue.severity.as_str(),
        "code": issue.code.as_str(),
        "details": {"text": issue.message},
        "diagnostics": format!("[{},{}]", issue.pos.line, issue.pos.column),
    });
    if !issue.expression.is_empty() {
        if let Some(object) = value.as_object_mut() {
            object.insert("expression".to_string(), json!([issue.expression]));
        }
    }
    value
}

/// An `OperationOutcome` for the issues of one resource. With no issue it holds the single
/// informational issue "All OK", as FHIR requires at least one.
pub fn operation_outcome(issues: &[Issue]) -> Value {
    let mut list: Vec<Value> = issues.iter().map(issue_json).collect();
    if list.is_empty() {
        list.push(json!({"severity": "information", "code": "informational", "details": {"text": "All OK"}}));
    }
    json!({"resourceType": "OperationOutcome", "issue": list})
}
