//! Training reports — coverage per organization (who is certified, who is overdue), completions
//! and pass rates per course and per question, credits per organization, each also as CSV — and
//! the learning records as xAPI statements for a program's learning record store.
//! Training staff see every organization; a partner admin sees their own.

use std::collections::BTreeMap;

use onramp_core::training::assessment::{self, Answers, Drawn};
use onramp_core::training::{Tenths, CERTIFICATE_REMINDER_DAYS};
use onramp_core::Role;
use onramp_store::training::reports::{
    self, CourseCompletion, LearningRecord, OrganizationCoverage, OrganizationCredits,
};
use onramp_store::training::{attempts, courses};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use super::courses::document;
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::AppError;

/// Whose reports the actor reads: every organization (training staff), or their own (a partner
/// admin); anyone else is refused.
pub fn report_scope(actor: &Actor) -> Result<Option<String>, AppError> {
    let user = scope::user(actor)?;
    match user.role {
        Role::Trainer | Role::ProgramAdmin | Role::OnboardingCoordinator => Ok(None),
        Role::PartnerAdmin => Ok(user.organization_id.clone()),
        _ => Err(AppError::Forbidden),
    }
}

/// Coverage per organization, a page at a time (by name).
pub async fn coverage(
    state: &AppState,
    actor: &Actor,
    limit: i64,
    offset: i64,
) -> Result<Vec<OrganizationCoverage>, AppError> {
    let organization = report_scope(actor)?;
    let now = state.clock.now_ms();
    Ok(reports::coverage(
        state.store.pool(),
        now,
        now + CERTIFICATE_REMINDER_DAYS * 86_400_000,
        organization.as_deref(),
        limit.clamp(1, 1_000),
        offset.max(0),
    )
    .await?)
}

/// One organization's coverage (training staff), or "not found".
pub async fn coverage_of(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<OrganizationCoverage, AppError> {
    staff_only(actor)?;
    let now = state.clock.now_ms();
    reports::coverage(
        state.store.pool(),
        now,
        now + CERTIFICATE_REMINDER_DAYS * 86_400_000,
        Some(organization_id),
        1,
        0,
    )
    .await?
    .into_iter()
    .next()
    .ok_or(AppError::NotFound("organization"))
}

/// One course's results: completions, and per question how often it was drawn and the share of
/// its points earned.
#[derive(Clone, Debug)]
pub struct CourseResults {
    pub completion: CourseCompletion,
    pub title: String,
    pub questions: Vec<QuestionResult>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionResult {
    pub key: String,
    pub prompt: String,
    pub drawn: u32,
    /// Drawn and earning every point.
    pub full_marks: u32,
    /// Points earned over points possible, in percent (rounded down).
    pub earned_percent: u32,
}

/// Passed attempts over scored ones, in percent (none before any was scored).
pub fn pass_rate(completion: &CourseCompletion) -> Option<u32> {
    let scored = completion.attempts_passed + completion.attempts_failed;
    (scored > 0).then(|| u32::try_from(completion.attempts_passed * 100 / scored).unwrap_or(0))
}

/// Completions and pass rates of every course (training staff).
pub async fn completions(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(CourseCompletion, String)>, AppError> {
    staff_only(actor)?;
    let pool = state.store.pool();
    let titles: BTreeMap<String, String> = courses::latest(pool)
        .await?
        .into_iter()
        .map(|course| (course.key, course.title))
        .collect();
    Ok(reports::completions(pool, state.clock.now_ms())
        .await?
        .into_iter()
        .map(|completion| {
            let title = titles
                .get(&completion.course_key)
                .cloned()
                .unwrap_or_else(|| completion.course_key.clone());
            (completion, title)
        })
        .collect())
}

fn staff_only(actor: &Actor) -> Result<(), AppError> {
    match report_scope(actor)? {
        None => Ok(()),
        Some(_) => Err(AppError::Forbidden),
    }
}

/// A course's results with the pass rate of each question (training staff).
pub async fn course_results(
    state: &AppState,
    actor: &Actor,
    course_key: &str,
) -> Result<CourseResults, AppError> {
    staff_only(actor)?;
    let pool = state.store.pool();
    let latest = super::courses::find(state, course_key, None).await?;
    let completion = reports::completions(pool, state.clock.now_ms())
        .await?
        .into_iter()
        .find(|completion| completion.course_key == course_key)
        .ok_or(AppError::NotFound("course"))?;
    let mut tallies: BTreeMap<String, (String, u32, u32, u64, u64)> = BTreeMap::new();
    let mut documents = BTreeMap::new();
    for attempt in attempts::scored_of_course(pool, course_key).await? {
        if !documents.contains_key(&attempt.course_id) {
            let course = courses::find(pool, &attempt.course_id).await?;
            documents.insert(attempt.course_id.clone(), document(&course)?);
        }
        let Some(course) = documents.get(&attempt.course_id) else {
            continue;
        };
        let Some(assessment) = &course.assessment else {
            continue;
        };
        let (Ok(drawn), Some(Ok(answers))) = (
            serde_json::from_str::<Drawn>(&attempt.drawn),
            attempt
                .answers
                .as_deref()
                .map(serde_json::from_str::<Answers>),
        ) else {
            continue;
        };
        let grades: BTreeMap<String, u32> = attempt
            .grades
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .unwrap_or_default();
        let score = assessment::score(assessment, &drawn, &answers, &grades);
        for question in &score.per_question {
            let prompt = assessment
                .questions
                .iter()
                .find(|q| q.key == question.key)
                .map_or_else(String::new, |q| q.prompt.clone());
            let entry = tallies
                .entry(question.key.clone())
                .or_insert((prompt, 0, 0, 0, 0));
            entry.1 += 1;
            if question.earned_tenths == question.possible_tenths {
                entry.2 += 1;
            }
            entry.3 += u64::from(question.earned_tenths);
            entry.4 += u64::from(question.possible_tenths);
        }
    }
    let mut questions: Vec<QuestionResult> = tallies
        .into_iter()
        .map(
            |(key, (prompt, drawn, full, earned, possible))| QuestionResult {
                key,
                prompt,
                drawn,
                full_marks: full,
                earned_percent: (earned * 100)
                    .checked_div(possible)
                    .and_then(|percent| u32::try_from(percent).ok())
                    .unwrap_or(0),
            },
        )
        .collect();
    // The hardest questions first: they are what a trainer looks at.
    questions.sort_by(|a, b| {
        a.earned_percent
            .cmp(&b.earned_percent)
            .then(a.key.cmp(&b.key))
    });
    Ok(CourseResults {
        completion,
        title: latest.title,
        questions,
    })
}

/// Credits and hours per organization (every organization for staff, their own for a partner
/// admin).
pub async fn credits(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<OrganizationCredits>, AppError> {
    let organization = report_scope(actor)?;
    Ok(reports::credits_by_organization(state.store.pool(), organization.as_deref()).await?)
}

/// The most statements one page of the xAPI export holds.
pub const XAPI_PAGE: i64 = 500;

/// A page of learning records as xAPI statements (`StatementResult`: `statements` and, when more
/// follow, `more`), from `since` (ms) on.
pub async fn xapi(state: &AppState, actor: &Actor, since: i64) -> Result<Value, AppError> {
    let organization = report_scope(actor)?;
    let records = reports::records(
        state.store.pool(),
        since,
        organization.as_deref(),
        XAPI_PAGE + 1,
    )
    .await?;
    let base = state.config.public_base_url.trim_end_matches('/');
    let more = records.len() > usize::try_from(XAPI_PAGE).unwrap_or(usize::MAX);
    let page: Vec<&LearningRecord> = records
        .iter()
        .take(usize::try_from(XAPI_PAGE).unwrap_or(0))
        .collect();
    let statements: Vec<Value> = page.iter().map(|record| statement(base, record)).collect();
    let mut result = json!({ "statements": statements });
    if more {
        if let Some(last) = page.last() {
            // Records at the last one's instant are repeated on the next page rather than lost;
            // statement ids are stable, so a learning record store keeps one of each.
            let more = json!(format!(
                "/api/v1/training/xapi?since={}",
                onramp_fhir::search::format_instant(last.at.max(since + 1))
            ));
            if let Some(object) = result.as_object_mut() {
                object.insert("more".to_owned(), more);
            }
        }
    }
    Ok(result)
}

/// A stable statement id: a UUID from the record's kind and id.
fn statement_id(record: &LearningRecord) -> String {
    let digest = Sha256::digest(format!("{}:{}", record.kind, record.id).as_bytes());
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(digest.iter()) {
        *slot = *byte;
    }
    uuid::Builder::from_random_bytes(bytes)
        .into_uuid()
        .to_string()
}

/// One record as an xAPI 1.0.3 statement (ADL verbs).
pub fn statement(base: &str, record: &LearningRecord) -> Value {
    let course_iri = format!("{base}/training/courses/{}", record.course_key);
    let timestamp = onramp_fhir::search::format_instant(record.at);
    let actor = json!({
        "objectType": "Agent",
        "name": record.user_name,
        "mbox": format!("mailto:{}", record.user_email),
    });
    let (verb, verb_name, object, result) = match record.kind.as_str() {
        "module" => {
            let attended = record.how.as_deref() == Some("attended");
            (
                if attended {
                    "http://adlnet.gov/expapi/verbs/attended"
                } else {
                    "http://adlnet.gov/expapi/verbs/completed"
                },
                if attended { "attended" } else { "completed" },
                json!({
                    "objectType": "Activity",
                    "id": format!("{course_iri}/modules/{}", record.detail),
                    "definition": {
                        "type": "http://adlnet.gov/expapi/activities/module",
                        "name": {"en-US": record.detail},
                    },
                }),
                json!({"completion": true, "extensions": {
                    format!("{base}/xapi/credits"): Tenths(u32::try_from(record.credits_tenths.unwrap_or(0)).unwrap_or(0)).to_string(),
                }}),
            )
        }
        "attempt" => {
            let passed = record.detail == "passed";
            (
                if passed {
                    "http://adlnet.gov/expapi/verbs/passed"
                } else {
                    "http://adlnet.gov/expapi/verbs/failed"
                },
                if passed { "passed" } else { "failed" },
                json!({
                    "objectType": "Activity",
                    "id": format!("{course_iri}/assessment"),
                    "definition": {
                        "type": "http://adlnet.gov/expapi/activities/assessment",
                        "name": {"en-US": format!("{} assessment", record.course_title)},
                    },
                }),
                match record.score_percent {
                    Some(percent) => json!({
                        "success": passed,
                        "completion": true,
                        "score": {"scaled": percent as f64 / 100.0, "raw": percent, "min": 0, "max": 100},
                    }),
                    None => json!({"success": false, "completion": false}),
                },
            )
        }
        _ => (
            "http://id.tincanapi.com/verb/earned",
            "earned",
            json!({
                "objectType": "Activity",
                "id": format!("{base}/verify/training/{}", record.id),
                "definition": {
                    "type": "http://id.tincanapi.com/activitytype/certificate",
                    "name": {"en-US": record.detail},
                },
            }),
            json!({"success": true, "completion": true}),
        ),
    };
    json!({
        "id": statement_id(record),
        "actor": actor,
        "verb": {"id": verb, "display": {"en-US": verb_name}},
        "object": object,
        "result": result,
        "context": {
            "contextActivities": {"parent": [{"objectType": "Activity", "id": course_iri}]},
            "platform": "Onramp",
        },
        "timestamp": timestamp,
    })
}
