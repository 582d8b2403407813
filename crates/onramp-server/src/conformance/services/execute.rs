//! The job `conformance.run`: carries a queued run out. Message tests read the sandbox's log a
//! page at a time (the judging off the async runtime); TestScripts run one after another on a
//! blocking thread against the partner's server through the guarded outbound agent (public
//! addresses only unless the deployment allows private ones; no redirects). Each test's result is
//! written as it is known, with the run's progress, so the page shows how far it is; the run ends
//! completed with its result, or in error with the reason. Its sealed credentials are erased then.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use onramp_core::conformance::suite::{ScriptTest, SuiteDocument};
use onramp_core::conformance::{RunState, TestKind, TestResult};
use onramp_fhir::testscript::http::UreqTransport;
use onramp_fhir::testscript::{self, FixtureSource};
use onramp_store::conformance::log;
use onramp_store::conformance::runs::{self, Run, RunTest};
use onramp_store::conformance::suites;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::platform::jobs::Job;
use onramp_store::StoreError;

use super::message_tests::Judge;
use super::runs::{credentials_context, RunJob, RUN_JOB};
use super::suites::document;
use crate::platform::jobs::{JobError, Registry};
use crate::platform::outbox::{emit, Event};
use crate::platform::sealing;
use crate::sandbox::services::engines::{self, SandboxEngine};
use crate::state::AppState;
use crate::web::error::AppError;

/// How many log entries are judged per page.
const PAGE: i64 = 500;
/// The most of a response body kept as evidence, in bytes.
const KEEP_BODY: usize = 64 * 1024;

pub fn register(registry: &mut Registry) {
    registry.register(RUN_JOB, run_job);
}

async fn run_job(state: AppState, job: Job) -> Result<(), JobError> {
    let payload: RunJob = serde_json::from_str(&job.payload)
        .map_err(|error| JobError::Permanent(format!("run job payload: {error}")))?;
    match execute(&state, &payload.run_id).await {
        Ok(()) => Ok(()),
        // The last attempt: the run ends in error rather than staying "running".
        Err(error) if job.attempts >= job.max_attempts => {
            let run = runs::find(state.store.pool(), &payload.run_id).await?;
            finish(
                &state,
                &run,
                Err(format!("the run failed {} times: {error}", job.attempts)),
            )
            .await?;
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// Carries out run `id` (a run already finished is left alone).
pub async fn execute(state: &AppState, id: &str) -> Result<(), AppError> {
    let run = runs::find(state.store.pool(), id).await?;
    if run.state == RunState::Queued.as_str() {
        let mut tx = state.store.begin().await?;
        runs::start(&mut tx, id).await?;
        tx.commit().await?;
    } else if run.state != RunState::Running.as_str() {
        return Ok(());
    }
    match carry_out(state, &run).await {
        Ok(()) => Ok(()),
        Err(Failure::Run(reason)) => finish(state, &run, Err(reason)).await,
        Err(Failure::Retry(error)) => Err(error),
    }
}

enum Failure {
    /// The run cannot be carried out: it ends in error with this reason.
    Run(String),
    /// Something passing (the database): the job tries again.
    Retry(AppError),
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        Failure::Retry(error)
    }
}

impl From<StoreError> for Failure {
    fn from(error: StoreError) -> Self {
        Failure::Retry(error.into())
    }
}

async fn carry_out(state: &AppState, run: &Run) -> Result<(), Failure> {
    let pool = state.store.pool();
    let suite = suites::find(pool, &run.suite_id).await?;
    let doc = document(&suite)?;
    let engine = engines::for_packages(&state.config, &suite.packages)
        .await
        .map_err(|error| Failure::Run(format!("the suite's packages: {error}")))?;
    // A re-test carries the other tests over from the run it re-tests.
    let mut only: Option<Vec<String>> = None;
    if let Some(previous_id) = &run.previous_run_id {
        let previous = runs::tests(pool, previous_id).await?;
        let mut tx = state.store.begin().await?;
        let mut again = Vec::new();
        for test in previous {
            if test.retest_requested {
                again.push(test.test_key.clone());
                continue;
            }
            runs::put_test(
                &mut tx,
                &RunTest {
                    run_id: run.id.clone(),
                    carried_from: Some(test.run_id.clone()),
                    retest_requested: false,
                    ..test
                },
            )
            .await?;
        }
        tx.commit().await?;
        only = Some(again);
    }
    let wanted = |key: &str| {
        only.as_ref()
            .is_none_or(|keys| keys.iter().any(|k| k == key))
    };
    let positions: BTreeMap<&str, i64> = doc
        .test_keys()
        .into_iter()
        .enumerate()
        .map(|(index, key)| (key, i64::try_from(index).unwrap_or(i64::MAX)))
        .collect();
    let position = |key: &str| positions.get(key).copied().unwrap_or_default();
    let mut done = 0_i64;

    // Message tests, from the log.
    let message_tests: Vec<_> = doc
        .message_tests
        .iter()
        .filter(|test| wanted(&test.key))
        .cloned()
        .collect();
    if !message_tests.is_empty() {
        let findings = match &run.environment_id {
            Some(environment_id) => {
                judge_log(state, engine.clone(), environment_id, &message_tests).await?
            }
            None => Vec::new(),
        };
        let mut tx = state.store.begin().await?;
        for (index, test) in message_tests.iter().enumerate() {
            let (result, summary, evidence) = match findings.get(index) {
                Some(finding) => (
                    finding.result,
                    finding.summary.clone(),
                    serde_json::to_string(finding)
                        .map_err(|e| AppError::Internal(e.to_string()))?,
                ),
                None => (
                    TestResult::Waiting,
                    "the enrollment has no sandbox yet: its messages are judged once it has one"
                        .to_owned(),
                    "{}".to_owned(),
                ),
            };
            runs::put_test(
                &mut tx,
                &fresh_test(
                    run,
                    &test.key,
                    position(&test.key),
                    TestKind::Message,
                    test.title.clone(),
                    Found {
                        result,
                        summary,
                        evidence,
                        report: None,
                    },
                ),
            )
            .await?;
            done += 1;
        }
        runs::progress(&mut tx, &run.id, done).await?;
        tx.commit().await?;
    }

    // TestScripts, against the partner's server.
    let token = match &run.credentials_sealed {
        Some(sealed) => Some(sealing::open(
            state,
            &credentials_context(&run.enrollment_id, &run.suite_id),
            sealed,
        )?),
        None => None,
    };
    for script in doc.scripts.iter().filter(|script| wanted(&script.key)) {
        let (result, summary, evidence, report) = match &run.server_url {
            Some(server_url) => {
                run_script(
                    state,
                    engine.clone(),
                    &doc,
                    script,
                    server_url,
                    token.as_deref(),
                )
                .await?
            }
            None => (
                TestResult::Error,
                "no server URL was given for the run".to_owned(),
                "{}".to_owned(),
                None,
            ),
        };
        let mut tx = state.store.begin().await?;
        runs::put_test(
            &mut tx,
            &fresh_test(
                run,
                &script.key,
                position(&script.key),
                TestKind::Script,
                script.shown_title(),
                Found {
                    result,
                    summary,
                    evidence,
                    report,
                },
            ),
        )
        .await?;
        done += 1;
        runs::progress(&mut tx, &run.id, done).await?;
        tx.commit().await?;
    }
    let tests = runs::tests(pool, &run.id).await?;
    let result = super::runs::run_result(&tests);
    finish(state, run, Ok(result.as_str())).await?;
    Ok(())
}

/// What a test came to in this run.
struct Found {
    result: TestResult,
    summary: String,
    evidence: String,
    report: Option<String>,
}

/// A test's row as this run found it: no override, no re-test asked, nothing carried over.
fn fresh_test(
    run: &Run,
    key: &str,
    position: i64,
    kind: TestKind,
    title: String,
    found: Found,
) -> RunTest {
    RunTest {
        run_id: run.id.clone(),
        test_key: key.to_owned(),
        position,
        kind: kind.as_str().to_owned(),
        title,
        result: found.result.as_str().to_owned(),
        summary: found.summary,
        evidence: found.evidence,
        report: found.report,
        carried_from: None,
        override_result: None,
        override_reason: None,
        overridden_by: None,
        overridden_at: None,
        retest_requested: false,
    }
}

/// Ends the run (completed with `result`, or in error), with its audit event and
/// `conformance.run_finished`.
async fn finish(state: &AppState, run: &Run, result: Result<&str, String>) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    match runs::finish(&mut tx, &run.id, result.as_deref().map_err(String::as_str)).await {
        Ok(()) => {}
        Err(StoreError::StaleState(_)) => return Ok(()),
        Err(other) => return Err(other.into()),
    }
    audit::append(
        &mut tx,
        &AuditContext::system(),
        Change {
            action: "run.finished",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: match &result {
                Ok(result) => format!("run of `{}` completed: {result}", run.system_name),
                Err(reason) => format!(
                    "run of `{}` could not be carried out: {reason}",
                    run.system_name
                ),
            },
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        &mut tx,
        now,
        Event {
            event_type: "conformance.run_finished",
            organization_id: Some(&run.organization_id),
            data: serde_json::json!({
                "run_id": run.id,
                "enrollment_id": run.enrollment_id,
                "suite_id": run.suite_id,
                "result": result.as_ref().ok(),
                "error": result.as_ref().err(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Judges the message tests over the environment's whole log.
async fn judge_log(
    state: &AppState,
    engine: Arc<SandboxEngine>,
    environment_id: &str,
    tests: &[onramp_core::conformance::suite::MessageTest],
) -> Result<Vec<super::message_tests::Finding>, Failure> {
    let mut judge = Judge::new(engine, tests);
    let mut after: Option<(i64, String)> = None;
    loop {
        let page = log::page(
            state.store.pool(),
            environment_id,
            after.as_ref().map(|(time, id)| (*time, id.as_str())),
            PAGE,
        )
        .await?;
        let Some(last) = page.last() else { break };
        after = Some((last.received_at, last.id.clone()));
        let full = page.len() as i64 == PAGE;
        judge = tokio::task::spawn_blocking(move || {
            for exchange in &page {
                judge.observe(exchange);
            }
            judge
        })
        .await
        .map_err(|error| AppError::Internal(format!("judging messages: {error}")))?;
        if !full || judge.settled() {
            break;
        }
    }
    Ok(judge.findings())
}

/// A script's fixtures: the suite's `fixtures` map by reference.
struct SuiteFixtures(BTreeMap<String, serde_json::Value>);

impl FixtureSource for SuiteFixtures {
    fn load(&self, reference: &str) -> Option<Result<Vec<u8>, String>> {
        self.0
            .get(reference)
            .map(|value| serde_json::to_vec(value).map_err(|error| error.to_string()))
    }
}

/// Runs one script; returns its result, summary, evidence (the exchanges) and TestReport.
async fn run_script(
    state: &AppState,
    engine: Arc<SandboxEngine>,
    doc: &SuiteDocument,
    script: &ScriptTest,
    server_url: &str,
    token: Option<&str>,
) -> Result<(TestResult, String, String, Option<String>), Failure> {
    let Some(testscript) = script.testscript.clone() else {
        return Ok((
            TestResult::Error,
            "the suite has no TestScript for this test".to_owned(),
            "{}".to_owned(),
            None,
        ));
    };
    let fixtures = SuiteFixtures(doc.fixtures.clone());
    let issued = onramp_fhir::search::format_instant(state.clock.now_ms());
    let tester = format!("Onramp {}", env!("CARGO_PKG_VERSION"));
    let base = server_url.to_owned();
    let headers: Vec<(String, String)> = token
        .map(|token| vec![("Authorization".to_owned(), format!("Bearer {token}"))])
        .unwrap_or_default();
    // The partner's server, through the guarded outbound agent (public addresses only unless the
    // deployment allows private ones; no redirects).
    let transport = UreqTransport::with_agent(
        crate::platform::webhooks::agent(state.config.webhook_allow_private_addresses),
        Duration::from_secs(30),
    );
    tokio::task::spawn_blocking(move || {
        let bytes = serde_json::to_vec(&testscript)
            .map_err(|error| AppError::Internal(error.to_string()))?;
        let settings = testscript::RunSettings {
            base_url: &base,
            fhirpath: &engine.fhirpath,
            validator: Some(&engine.validator),
            issued: &issued,
            tester: &tester,
            extra_headers: &headers,
            variables: &[],
        };
        let parsed = match testscript::Script::parse(&bytes) {
            Ok(parsed) => parsed,
            Err(problems) => {
                let report = testscript::report_for_invalid(&bytes, &problems, &settings);
                let summary = format!(
                    "the TestScript is invalid: {}",
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", p.location, p.message))
                        .collect::<Vec<_>>()
                        .join("; ")
                );
                return Ok((
                    TestResult::Error,
                    summary,
                    "{}".to_owned(),
                    Some(report.to_string()),
                ));
            }
        };
        let outcome = testscript::run(&parsed, &settings, &transport, &fixtures, &mut |_| {});
        let result = match outcome.summary.result {
            testscript::ReportResult::Pass => TestResult::Passed,
            testscript::ReportResult::Fail => TestResult::Failed,
            testscript::ReportResult::Pending => TestResult::Skipped,
        };
        let summary = match (&outcome.summary.skipped_reason, result) {
            (Some(reason), _) => format!("skipped: {reason}"),
            (None, _) => {
                let failed: Vec<String> = outcome
                    .summary
                    .tests
                    .iter()
                    .filter(|test| {
                        matches!(
                            test.result,
                            testscript::ActionResult::Fail | testscript::ActionResult::Error
                        )
                    })
                    .map(|test| match &test.message {
                        Some(message) => format!("{}: {message}", test.name),
                        None => test.name.clone(),
                    })
                    .collect();
                if failed.is_empty() {
                    format!(
                        "{} test(s) passed, score {:.0}{}",
                        outcome.summary.tests.len(),
                        outcome.summary.score,
                        if outcome.summary.warnings > 0 {
                            format!(", {} warning(s)", outcome.summary.warnings)
                        } else {
                            String::new()
                        }
                    )
                } else {
                    format!("failed — {}", failed.join("; "))
                }
            }
        };
        let exchanges: Vec<serde_json::Value> = outcome
            .exchanges
            .iter()
            .map(|exchange| {
                serde_json::json!({
                    "phase": exchange.phase,
                    "method": exchange.request.method,
                    "url": exchange.request.url,
                    "status": exchange.response.as_ref().ok().map(|r| r.status),
                    "error": exchange.response.as_ref().err(),
                    "response": exchange.response.as_ref().ok().map(|r| {
                        let body = String::from_utf8_lossy(&r.body);
                        body.chars().take(KEEP_BODY).collect::<String>()
                    }),
                })
            })
            .collect();
        let evidence = serde_json::json!({ "exchanges": exchanges }).to_string();
        Ok((result, summary, evidence, Some(outcome.report.to_string())))
    })
    .await
    .map_err(|error| AppError::Internal(format!("running a TestScript: {error}")))?
    .map_err(Failure::Retry)
}
