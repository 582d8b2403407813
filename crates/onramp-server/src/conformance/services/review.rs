//! The review of a run: the partner submits a completed run; a conformance analyst comments on
//! any test (both sides read the thread), overrides a test's result with a reason, asks for a
//! re-test of chosen tests, or signs the run off — which, for a run that passed (overrides
//! included), issues the certificate in the same transaction and lets the tracks' gates see it.

use onramp_core::conformance::results::{RunResult, OVERRIDES};
use onramp_core::conformance::{ReviewState, RunState, TestResult};
use onramp_core::Role;
use onramp_store::conformance::certificates::Certificate;
use onramp_store::conformance::runs::{self, Run};
use onramp_store::conformance::suites;
use onramp_store::platform::audit::{self, Change};
use onramp_store::Tx;

use super::runs::{visible_run, RUNNERS};
use super::suites::document;
use crate::platform::outbox::{emit, Event};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::tracks::services::refresh;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems::{REVIEW_NOT_ALLOWED, RUN_NOT_PASSED};

/// Who reviews: conformance analysts, and program admins.
pub const REVIEWERS: &[Role] = &[Role::ConformanceAnalyst, Role::ProgramAdmin];

fn reviewer(actor: &Actor) -> Result<&onramp_store::accounts::users::User, AppError> {
    let user = scope::user(actor)?;
    if REVIEWERS.contains(&user.role) {
        Ok(user)
    } else {
        Err(AppError::Forbidden)
    }
}

fn not_allowed(run: &Run, what: &str) -> AppError {
    let state = run
        .review_state
        .parse::<ReviewState>()
        .map_or_else(|_| run.review_state.clone(), |s| s.label().to_lowercase());
    AppError::Rule(&REVIEW_NOT_ALLOWED, format!("{what}: the run is {state}"))
}

/// Submits a completed run for review (the partner's runners).
pub async fn submit(state: &AppState, actor: &Actor, id: &str) -> Result<Run, AppError> {
    let user = scope::user(actor)?;
    let run = visible_run(state, actor, id).await?;
    if !RUNNERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    if run.state != RunState::Completed.as_str() {
        return Err(AppError::Rule(
            &REVIEW_NOT_ALLOWED,
            "only a completed run can be submitted; wait for it to finish".to_owned(),
        ));
    }
    if run.review_state != ReviewState::Open.as_str() {
        return Err(not_allowed(&run, "it cannot be submitted again"));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    runs::set_review(
        &mut tx,
        &run.id,
        ReviewState::Open.as_str(),
        ReviewState::Submitted.as_str(),
        None,
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.submitted",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!("run of `{}` submitted for review", run.system_name),
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        &mut tx,
        now,
        Event {
            event_type: "conformance.review_requested",
            organization_id: Some(&run.organization_id),
            data: serde_json::json!({"run_id": run.id, "enrollment_id": run.enrollment_id}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(runs::find(state.store.pool(), &run.id).await?)
}

/// Adds a comment to the run or one of its tests (its organization's people and staff).
pub async fn comment(
    state: &AppState,
    actor: &Actor,
    id: &str,
    test_key: Option<&str>,
    body: &str,
) -> Result<(), AppError> {
    let user = scope::user(actor)?;
    let run = visible_run(state, actor, id).await?;
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 4000 {
        return Err(AppError::validation(vec![FieldError::new(
            "body",
            "1 to 4000 characters",
        )]));
    }
    let test_key = test_key.map(str::trim).filter(|key| !key.is_empty());
    if let Some(key) = test_key {
        if !runs::tests(state.store.pool(), &run.id)
            .await?
            .iter()
            .any(|t| t.test_key == key)
        {
            return Err(AppError::validation(vec![FieldError::new(
                "test",
                "no such test in the run",
            )]));
        }
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let comment_id = runs::add_comment(&mut tx, &run.id, test_key, &user.id, body).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.commented",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!(
                "comment {comment_id}{}",
                test_key
                    .map(|key| format!(" on test `{key}`"))
                    .unwrap_or_default()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The run's result from its tests as they count now (overrides included).
async fn recompute(tx: &mut Tx, run_id: &str) -> Result<RunResult, AppError> {
    let tests = runs::tests(tx.conn(), run_id).await?;
    Ok(super::runs::run_result(&tests))
}

/// Overrides a test's result with a reason (analysts, while the run is submitted).
pub async fn override_test(
    state: &AppState,
    actor: &Actor,
    id: &str,
    test_key: &str,
    result: &str,
    reason: &str,
) -> Result<Run, AppError> {
    let user = reviewer(actor)?;
    let run = visible_run(state, actor, id).await?;
    let mut fields = Vec::new();
    let result = match result.trim().parse::<TestResult>() {
        Ok(result) if OVERRIDES.contains(&result) => Some(result),
        _ => {
            fields.push(FieldError::new("result", "passed or failed"));
            None
        }
    };
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > 2000 {
        fields.push(FieldError::new(
            "reason",
            "why the result is overridden (1 to 2000 characters); every report shows it",
        ));
    }
    let Some(result) = result.filter(|_| fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    if run.review_state != ReviewState::Submitted.as_str() {
        return Err(not_allowed(
            &run,
            "results are overridden while the run is submitted",
        ));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    match runs::override_test(
        &mut tx,
        &run.id,
        test_key,
        result.as_str(),
        reason,
        &user.id,
    )
    .await
    {
        Ok(()) => {}
        Err(onramp_store::StoreError::NotFound) => return Err(AppError::NotFound("test")),
        Err(other) => return Err(other.into()),
    }
    let overall_result = recompute(&mut tx, &run.id).await?;
    runs::set_result(&mut tx, &run.id, overall_result.as_str()).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.test_overridden",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!(
                "test `{test_key}` overridden to {}: {reason}",
                result.as_str()
            ),
        },
    )
    .await?;
    let now = tx.now_ms();
    emit(
        &mut tx,
        now,
        Event {
            event_type: "conformance.test_overridden",
            organization_id: Some(&run.organization_id),
            data: serde_json::json!({"run_id": run.id, "test": test_key, "result": result.as_str(), "reason": reason}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(runs::find(state.store.pool(), &run.id).await?)
}

/// Asks for chosen tests to be run again (analysts, while the run is submitted).
pub async fn request_retest(
    state: &AppState,
    actor: &Actor,
    id: &str,
    test_keys: &[String],
    note: &str,
) -> Result<Run, AppError> {
    let user = reviewer(actor)?;
    let run = visible_run(state, actor, id).await?;
    if test_keys.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "tests",
            "choose at least one test to run again",
        )]));
    }
    if run.review_state != ReviewState::Submitted.as_str() {
        return Err(not_allowed(
            &run,
            "a re-test is asked for while the run is submitted",
        ));
    }
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    match runs::request_retest(&mut tx, &run.id, test_keys).await {
        Ok(()) => {}
        Err(onramp_store::StoreError::NotFound) => {
            return Err(AppError::validation(vec![FieldError::new(
                "tests",
                "no such test in the run",
            )]))
        }
        Err(other) => return Err(other.into()),
    }
    runs::set_review(
        &mut tx,
        &run.id,
        ReviewState::Submitted.as_str(),
        ReviewState::RetestRequested.as_str(),
        None,
    )
    .await?;
    let note = note.trim();
    if !note.is_empty() {
        runs::add_comment(&mut tx, &run.id, None, &user.id, note).await?;
    }
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.retest_requested",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!("re-test asked for: {}", test_keys.join(", ")),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(runs::find(state.store.pool(), &run.id).await?)
}

/// Signs a submitted run off; a passed run earns its certificate.
pub async fn sign_off(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<(Run, Certificate), AppError> {
    let user = reviewer(actor)?;
    let run = visible_run(state, actor, id).await?;
    if run.review_state != ReviewState::Submitted.as_str() {
        return Err(not_allowed(&run, "only a submitted run is signed off"));
    }
    let suite = suites::find(state.store.pool(), &run.suite_id).await?;
    let doc = document(&suite)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let tests = runs::tests(tx.conn(), &run.id).await?;
    let not_passed: Vec<String> = tests
        .iter()
        .filter_map(|test| {
            let counted = super::runs::counted(test);
            (counted != TestResult::Passed)
                .then(|| format!("`{}` ({})", test.test_key, counted.label().to_lowercase()))
        })
        .collect();
    let missing: Vec<&str> = doc
        .test_keys()
        .into_iter()
        .filter(|key| !tests.iter().any(|test| test.test_key == *key))
        .collect();
    if !not_passed.is_empty() || !missing.is_empty() || tests.is_empty() {
        let mut detail = Vec::new();
        if !not_passed.is_empty() {
            detail.push(format!("not passed: {}", not_passed.join(", ")));
        }
        if !missing.is_empty() {
            detail.push(format!("not run: {}", missing.join(", ")));
        }
        return Err(AppError::Rule(
            &RUN_NOT_PASSED,
            format!(
                "the run cannot be signed off — {}; override with a reason or ask for a re-test",
                detail.join("; ")
            ),
        ));
    }
    runs::set_review(
        &mut tx,
        &run.id,
        ReviewState::Submitted.as_str(),
        ReviewState::SignedOff.as_str(),
        Some(&user.id),
    )
    .await?;
    runs::set_result(&mut tx, &run.id, RunResult::Passed.as_str()).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "run.signed_off",
            entity_type: "run",
            entity_id: &run.id,
            organization_id: Some(&run.organization_id),
            summary: format!(
                "run of `{}` signed off (suite `{}` v{})",
                run.system_name, suite.key, suite.version
            ),
        },
    )
    .await?;
    let certificate = super::certificates::issue(
        state,
        &mut tx,
        &context,
        &run,
        &suite,
        doc.certificate_days(),
    )
    .await?;
    refresh::refresh(&mut tx, &state.calendars, &context, &run.enrollment_id).await?;
    tx.commit().await?;
    Ok((runs::find(state.store.pool(), &run.id).await?, certificate))
}
