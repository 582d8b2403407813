//! A run's report as FHIR: a `collection` Bundle of TestReports — the scripts' own, and one per
//! message test — each carrying the reviewer's decision where there is one (extension
//! `…/onramp-review-override`, with the found result kept in the report), preceded by a
//! Parameters resource naming the suite, its package versions, the engine and the review.

use onramp_fhir::search::format_instant;
use serde_json::{json, Value};

use super::runs::RunDetail;
use crate::state::AppState;

/// The base of Onramp's own extension URLs.
fn extension(state: &AppState, name: &str) -> String {
    format!(
        "{}/fhir/StructureDefinition/{name}",
        state.config.public_base_url.trim_end_matches('/')
    )
}

fn report_result(result: &str) -> &'static str {
    match result {
        "passed" => "pass",
        "failed" | "error" => "fail",
        _ => "pending",
    }
}

/// The run's report Bundle.
pub fn bundle(state: &AppState, detail: &RunDetail) -> Value {
    let run = &detail.run;
    let engine = format!("Onramp {}", env!("CARGO_PKG_VERSION"));
    let parameters: Vec<Value> = [
        json!({"name": "suite", "valueString": detail.suite.key}),
        json!({"name": "suiteVersion", "valueInteger": detail.suite.version}),
        json!({"name": "suiteTitle", "valueString": detail.suite.title}),
        json!({"name": "system", "valueString": run.system_name}),
        json!({"name": "engine", "valueString": engine}),
        json!({"name": "result", "valueCode": run.result.clone().unwrap_or_else(|| run.state.clone())}),
        json!({"name": "review", "valueCode": run.review_state}),
    ]
    .into_iter()
    .chain(detail.suite.packages.iter().map(|package| json!({"name": "package", "valueString": package})))
    .chain(run.signed_off_at.map(|at| json!({"name": "signedOff", "valueDateTime": format_instant(at)})))
    .collect();
    let mut entries = vec![json!({
        "fullUrl": format!("urn:uuid:{}", onramp_store::new_id()),
        "resource": {"resourceType": "Parameters", "parameter": parameters},
    })];
    for test in &detail.tests {
        let mut report: Value = test
            .report
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_else(|| {
                json!({
                    "resourceType": "TestReport",
                    "status": "completed",
                    "testScript": {"display": format!("Message test {}", test.test_key)},
                    "result": report_result(&test.result),
                    "tester": engine,
                    "issued": format_instant(run.finished_at.unwrap_or(run.created_at)),
                    "test": [{
                        "name": test.title,
                        "action": [{"assert": {"result": match report_result(&test.result) { "pass" => "pass", "fail" => "fail", _ => "skip" }, "message": test.summary}}]
                    }]
                })
            });
        if let Some(object) = report.as_object_mut() {
            object.insert("name".to_owned(), json!(test.test_key));
            if let (Some(result), Some(reason)) = (&test.override_result, &test.override_reason) {
                object.insert(
                    "extension".to_owned(),
                    json!([{
                        "url": extension(state, "onramp-review-override"),
                        "extension": [
                            {"url": "result", "valueCode": report_result(result)},
                            {"url": "found", "valueCode": report_result(&test.result)},
                            {"url": "reason", "valueString": reason},
                            {"url": "at", "valueDateTime": test.overridden_at.map(format_instant)},
                        ]
                    }]),
                );
                object.insert("result".to_owned(), json!(report_result(result)));
            }
        }
        entries.push(json!({
            "fullUrl": format!("urn:uuid:{}", onramp_store::new_id()),
            "resource": report,
        }));
    }
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "identifier": {"system": format!("{}/runs", state.config.public_base_url.trim_end_matches('/')), "value": run.id},
        "timestamp": format_instant(state.clock.now_ms()),
        "entry": entries,
    })
}
