//! Runs: a partner developer (or staff) starts a run of a suite for an enrollment — message tests
//! over the enrollment's sandbox log, TestScripts against the partner's own server with the
//! credentials it gives (sealed until the run ends) — or a re-test of the tests an analyst asked
//! for. The run executes as a job (`execute`); who sees a run follows its enrollment.

use onramp_core::conformance::ReviewState;
use onramp_core::sandbox::EnvironmentKind;
use onramp_core::Role;
use onramp_store::conformance::runs::{self, NewRun, Run, RunTest};
use onramp_store::conformance::suites::{self, Suite};
use onramp_store::platform::audit::{self, Change};
use onramp_store::platform::jobs::{self, NewJob};
use onramp_store::sandbox::environments;
use onramp_store::StoreError;
use serde::{Deserialize, Serialize};

use crate::conformance::services::suites::document;
use crate::platform::sealing;
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::services::enrollments::visible;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The job that carries a run out.
pub const RUN_JOB: &str = "conformance.run";

/// Who may start runs: the partner's admins and developers, and the program's staff who test.
pub const RUNNERS: &[Role] = &[
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::ConformanceAnalyst,
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
];

/// What the person starting a run gives.
#[derive(Clone, Debug, Default)]
pub struct RunInput<'a> {
    pub suite: &'a str,
    /// A version of the suite; none: the latest.
    pub suite_version: Option<i64>,
    /// The partner's system under test, as its certificate will name it.
    pub system_name: &'a str,
    /// The FHIR base of the partner's server (needed when the suite has scripts).
    pub server_url: &'a str,
    /// A bearer token for that server, kept sealed until the run ends.
    pub bearer_token: &'a str,
    /// A run whose re-test this is: only the tests the analyst asked for run again.
    pub retest_of: Option<&'a str>,
    /// When to run it (RFC 3339, within 90 days); empty: now.
    pub start_at: &'a str,
}

/// The furthest ahead a run may be scheduled.
const MAX_SCHEDULE_MS: i64 = 90 * 86_400_000;

/// The job's payload.
#[derive(Debug, Serialize, Deserialize)]
pub struct RunJob {
    pub run_id: String,
}

/// The sealing context of a run's credentials: bound to its enrollment and suite.
pub fn credentials_context(enrollment_id: &str, suite_id: &str) -> String {
    format!("conformance-run:{enrollment_id}:{suite_id}")
}

/// A run the actor may see (its enrollment's people and staff), else "not found".
pub async fn visible_run(state: &AppState, actor: &Actor, id: &str) -> Result<Run, AppError> {
    let run = match runs::find(state.store.pool(), id).await {
        Ok(run) => run,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("run")),
        Err(other) => return Err(other.into()),
    };
    let user = scope::user(actor)?;
    if !user.role.is_staff() && user.organization_id.as_deref() != Some(&run.organization_id) {
        return Err(AppError::NotFound("run"));
    }
    Ok(run)
}

/// Starts a run (queued; the job carries it out).
pub async fn start(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    input: &RunInput<'_>,
) -> Result<Run, AppError> {
    let user = scope::user(actor)?;
    if !RUNNERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    let enrollment = visible(state, actor, enrollment_id).await?;
    let mut fields = Vec::new();
    let suite =
        match suites::find_version(state.store.pool(), input.suite.trim(), input.suite_version)
            .await
        {
            Ok(suite) if suite.track_key == enrollment.track_key => Some(suite),
            Ok(suite) => {
                fields.push(FieldError::new(
                    "suite",
                    format!(
                        "the suite `{}` is for the track {}, not {}",
                        suite.key, suite.track_key, enrollment.track_key
                    ),
                ));
                None
            }
            Err(StoreError::NotFound) => {
                fields.push(FieldError::new("suite", "no such suite (or version)"));
                None
            }
            Err(other) => return Err(other.into()),
        };
    let system_name = input.system_name.trim();
    if system_name.is_empty() || system_name.chars().count() > 120 {
        fields.push(FieldError::new(
            "system_name",
            "the name of the system under test (1 to 120 characters), as its certificate will show it",
        ));
    }
    let Some(suite) = suite else {
        return Err(AppError::validation(fields));
    };
    let doc = document(&suite)?;
    let server_url = input.server_url.trim();
    let server_url = if server_url.is_empty() {
        if !doc.scripts.is_empty() {
            fields.push(FieldError::new(
                "server_url",
                "the suite runs TestScripts: give your FHIR server's base URL",
            ));
        }
        None
    } else {
        match crate::platform::webhooks::check_url(
            server_url,
            state.config.webhook_allow_private_addresses,
        ) {
            Ok(_) => Some(server_url.trim_end_matches('/')),
            Err(reason) => {
                fields.push(FieldError::new(
                    "server_url",
                    reason.replace("webhook URL", "server URL"),
                ));
                None
            }
        }
    };
    let token = input.bearer_token.trim();
    if token.len() > 8_192 || token.chars().any(char::is_whitespace) {
        fields.push(FieldError::new(
            "bearer_token",
            "a bearer token, without spaces, at most 8 KiB",
        ));
    }
    let now = state.clock.now_ms();
    let start_at = match input.start_at.trim() {
        "" => now,
        text => match text.parse::<jiff::Timestamp>() {
            Ok(at)
                if at.as_millisecond() >= now && at.as_millisecond() <= now + MAX_SCHEDULE_MS =>
            {
                at.as_millisecond()
            }
            Ok(_) => {
                fields.push(FieldError::new(
                    "start_at",
                    "a time from now to 90 days ahead",
                ));
                now
            }
            Err(_) => {
                fields.push(FieldError::new(
                    "start_at",
                    "a time such as 2027-01-04T02:00:00Z (RFC 3339, with its offset)",
                ));
                now
            }
        },
    };
    // A re-test runs again only what the analyst asked for.
    let retest = match input.retest_of {
        Some(previous_id) => {
            let previous = visible_run(state, actor, previous_id).await?;
            if previous.enrollment_id != enrollment.id || previous.suite_id != suite.id {
                fields.push(FieldError::new(
                    "retest_of",
                    "a run of the same suite version and enrollment",
                ));
            } else if previous.review_state != ReviewState::RetestRequested.as_str() {
                return Err(AppError::Rule(
                    &crate::web::problems::REVIEW_NOT_ALLOWED,
                    "no re-test was asked for on that run".to_owned(),
                ));
            }
            Some(previous)
        }
        None => None,
    };
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let sandbox = environments::of_enrollment(state.store.pool(), &enrollment.id)
        .await?
        .into_iter()
        .find(|environment| environment.kind == EnvironmentKind::Sandbox.as_str());
    let to_run = match &retest {
        Some(previous) => runs::tests(state.store.pool(), &previous.id)
            .await?
            .iter()
            .filter(|test| test.retest_requested)
            .count(),
        None => doc.test_keys().len(),
    };
    let sealed = if token.is_empty() {
        None
    } else {
        Some(sealing::seal(
            state,
            &credentials_context(&enrollment.id, &suite.id),
            token,
        )?)
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let run = runs::insert(
        &mut tx,
        NewRun {
            suite_id: &suite.id,
            enrollment_id: &enrollment.id,
            organization_id: &enrollment.organization_id,
            environment_id: sandbox.as_ref().map(|environment| environment.id.as_str()),
            system_name,
            server_url,
            credentials_sealed: sealed.as_deref(),
            progress_total: i64::try_from(to_run).unwrap_or(i64::MAX),
            previous_run_id: retest.as_ref().map(|previous| previous.id.as_str()),
            created_by: Some(&user.id),
            scheduled_at: Some(start_at),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.started",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!(
                "{} of suite `{}` v{} for `{system_name}`{}{}",
                if retest.is_some() { "re-test" } else { "run" },
                suite.key,
                suite.version,
                server_url
                    .map(|url| format!(" against {url}"))
                    .unwrap_or_default(),
                if start_at > now {
                    format!(
                        ", scheduled for {}",
                        onramp_fhir::search::format_instant(start_at)
                    )
                } else {
                    String::new()
                }
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    let run_at = start_at.max(now);
    let payload = serde_json::to_string(&RunJob {
        run_id: run.id.clone(),
    })
    .map_err(|error| AppError::Internal(error.to_string()))?;
    jobs::enqueue(
        &mut tx,
        &NewJob {
            kind: RUN_JOB,
            payload_json: &payload,
            unique_key: Some(&format!("{RUN_JOB}:{}", run.id)),
            run_at,
            max_attempts: 3,
        },
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(run)
}

/// A visible enrollment's runs, newest first.
pub async fn of_enrollment(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
) -> Result<Vec<Run>, AppError> {
    let enrollment = visible(state, actor, enrollment_id).await?;
    Ok(runs::of_enrollment(state.store.pool(), &enrollment.id).await?)
}

/// A run with its suite and tests.
pub struct RunDetail {
    pub run: Run,
    pub suite: Suite,
    pub tests: Vec<RunTest>,
    pub comments: Vec<runs::Comment>,
    /// What changed since the previous completed run of the suite: (test, before, now).
    pub changed: Vec<(String, String, String)>,
    pub previous_run_id: Option<String>,
}

pub async fn detail(state: &AppState, actor: &Actor, id: &str) -> Result<RunDetail, AppError> {
    let run = visible_run(state, actor, id).await?;
    let pool = state.store.pool();
    let suite = suites::find(pool, &run.suite_id).await?;
    let tests = runs::tests(pool, &run.id).await?;
    let comments = runs::comments(pool, &run.id).await?;
    let previous = runs::previous_completed(pool, &run).await?;
    let mut changed = Vec::new();
    if let Some(previous) = &previous {
        let before = runs::tests(pool, &previous.id).await?;
        for test in &tests {
            let now = test.override_result.as_deref().unwrap_or(&test.result);
            let then = before
                .iter()
                .find(|b| b.test_key == test.test_key)
                .map_or("absent", |b| {
                    b.override_result.as_deref().unwrap_or(&b.result)
                });
            if now != then {
                changed.push((test.test_key.clone(), then.to_owned(), now.to_owned()));
            }
        }
    }
    Ok(RunDetail {
        run,
        suite,
        tests,
        comments,
        changed,
        previous_run_id: previous.map(|p| p.id),
    })
}

/// The result that counts for a stored test: the override if a reviewer gave one (a result the
/// code does not know counts as an error).
pub fn counted(test: &RunTest) -> onramp_core::conformance::TestResult {
    use onramp_core::conformance::TestResult;
    onramp_core::conformance::results::effective(
        test.result.parse().unwrap_or(TestResult::Error),
        test.override_result.as_deref().and_then(|r| r.parse().ok()),
    )
}

/// A run's result from its stored tests, overrides counting.
pub fn run_result(tests: &[RunTest]) -> onramp_core::conformance::results::RunResult {
    onramp_core::conformance::results::overall(tests.iter().map(counted))
}
