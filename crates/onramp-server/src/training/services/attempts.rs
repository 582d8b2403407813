//! Assessment attempts: started by a learner who completed every module, within the attempt
//! limit; the questions drawn from a seed kept with the attempt (the same seed draws the same
//! questions, so a trainer sees what the learner saw); answers never sent to the page before
//! submission; the time limit checked by the server when the answers arrive; short answers graded
//! by a trainer; a pass completing the course (and certifying).

use std::collections::BTreeMap;
use std::sync::Arc;

use onramp_core::training::assessment::{self, Answers, Drawn, Score};
use onramp_core::training::course::{Assessment, CourseDocument};
use onramp_core::training::AttemptState;
use onramp_store::platform::audit::{self, Change};
use onramp_store::training::attempts::{self, Attempt, NewAttempt, Submission};
use onramp_store::training::{certificates as stored_certificates, courses, progress};
use onramp_store::StoreError;

use super::certificates::may_see_learner;
use super::courses::{document, TRAINERS};
use super::progress::{complete_if_done, learner};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems::ATTEMPT_NOT_ALLOWED;

/// An attempt with the course version it is of and what it drew.
#[derive(Clone, Debug)]
pub struct AttemptView {
    pub attempt: Attempt,
    pub course: Arc<CourseDocument>,
    pub drawn: Drawn,
    /// The answers and grades, once submitted.
    pub answers: Option<Answers>,
    pub grades: BTreeMap<String, u32>,
    /// The score as it stands (after submission).
    pub score: Option<Score>,
    /// The state now: an attempt in progress past its deadline reads as expired.
    pub state: AttemptState,
}

impl AttemptView {
    pub fn assessment(&self) -> Result<&Assessment, AppError> {
        self.course
            .assessment
            .as_ref()
            .ok_or_else(|| AppError::Internal("an attempt of a course without assessment".into()))
    }
}

fn not_allowed(detail: impl Into<String>) -> AppError {
    AppError::Rule(&ATTEMPT_NOT_ALLOWED, detail.into())
}

/// Attempts that count against the limit: every attempt started after the learner's latest
/// certificate of the course was issued (re-certifying by assessment gets a fresh set; the pass
/// that earned it was started before).
async fn counted_attempts(
    conn: &mut sqlx::AnyConnection,
    user_id: &str,
    course_key: &str,
) -> Result<Vec<Attempt>, AppError> {
    let since = stored_certificates::latest(&mut *conn, user_id, course_key)
        .await?
        .map_or(i64::MIN, |certificate| certificate.issued_at);
    Ok(attempts::of_learner(&mut *conn, user_id, course_key)
        .await?
        .into_iter()
        .filter(|attempt| attempt.started_at > since)
        .collect())
}

/// Where the learner stands with a course's assessment: attempts used and left, and why they
/// cannot start one (if they cannot).
#[derive(Clone, Debug)]
pub struct Eligibility {
    pub used: u32,
    pub limit: u32,
    /// An attempt in progress to resume.
    pub in_progress: Option<String>,
    pub refused: Option<String>,
}

/// Whether the signed-in learner may start an attempt now.
pub async fn eligibility(
    state: &AppState,
    user_id: &str,
    course_key: &str,
) -> Result<Eligibility, AppError> {
    let mut conn = state
        .store
        .pool()
        .acquire()
        .await
        .map_err(StoreError::from)?;
    let Some(started) = progress::find(&mut *conn, user_id, course_key).await? else {
        return Ok(Eligibility {
            used: 0,
            limit: 0,
            in_progress: None,
            refused: Some("start the course and complete its modules first".into()),
        });
    };
    let course = courses::find(&mut *conn, &started.course_id).await?;
    let document = document(&course)?;
    let Some(assessment) = &document.assessment else {
        return Ok(Eligibility {
            used: 0,
            limit: 0,
            in_progress: None,
            refused: Some("the course has no assessment".into()),
        });
    };
    let counted = counted_attempts(&mut conn, user_id, course_key).await?;
    let now = state.clock.now_ms();
    let in_progress = counted
        .iter()
        .find(|attempt| {
            attempt.state == AttemptState::InProgress.as_str()
                && attempt.deadline_at.is_none_or(|deadline| deadline > now)
        })
        .map(|attempt| attempt.id.clone());
    let done: Vec<String> = progress::completed_modules(&mut *conn, user_id, &started.course_id)
        .await?
        .into_iter()
        .map(|completed| completed.module_key)
        .collect();
    let left: Vec<&str> = document
        .modules
        .iter()
        .filter(|module| !done.contains(&module.key))
        .map(|module| module.title.as_str())
        .collect();
    let used = u32::try_from(counted.len()).unwrap_or(u32::MAX);
    let limit = assessment.attempt_limit();
    let valid_certificate = stored_certificates::latest(&mut *conn, user_id, course_key)
        .await?
        .is_some_and(|certificate| certificate.expires_at > now);
    let passed = counted
        .iter()
        .any(|attempt| attempt.state == AttemptState::Passed.as_str());
    let refused = if in_progress.is_some() {
        None
    } else if !left.is_empty() {
        Some(format!(
            "complete every module first: {} left",
            left.join(", ")
        ))
    } else if passed || valid_certificate {
        Some("you passed this assessment; nothing to retake until your certificate expires".into())
    } else if counted
        .iter()
        .any(|attempt| attempt.state == AttemptState::AwaitingGrading.as_str())
    {
        Some("an attempt is waiting for a trainer's grading".into())
    } else if used >= limit {
        Some(format!(
            "all {limit} attempts are used; ask a trainer to review your training"
        ))
    } else {
        None
    };
    Ok(Eligibility {
        used,
        limit,
        in_progress,
        refused,
    })
}

/// Starts an attempt for the signed-in learner (or returns the one in progress), drawing its
/// questions from a fresh random seed.
pub async fn start(state: &AppState, actor: &Actor, course_key: &str) -> Result<Attempt, AppError> {
    // A fresh 64-bit seed per attempt (from the system's random source, like every id).
    start_seeded(state, actor, course_key, |_| {
        uuid::Uuid::new_v4().as_u64_pair().0
    })
    .await
}

/// [`start`] with the seed chosen by `seed` from the assessment (the demo picks one whose draw
/// holds a short answer).
pub async fn start_seeded(
    state: &AppState,
    actor: &Actor,
    course_key: &str,
    seed: impl FnOnce(&Assessment) -> u64,
) -> Result<Attempt, AppError> {
    let (user, organization_id) = learner(actor)?;
    let eligibility = eligibility(state, &user.id, course_key).await?;
    if let Some(id) = &eligibility.in_progress {
        return Ok(attempts::find(state.store.pool(), id).await?);
    }
    if let Some(reason) = eligibility.refused {
        return Err(not_allowed(reason));
    }
    let mut tx = state.store.begin().await?;
    // One start at a time per learner and course: the progress row is locked, and the limit
    // counted again under the lock.
    progress::lock(&mut tx, &user.id, course_key).await?;
    let counted = counted_attempts(tx.conn(), &user.id, course_key).await?;
    let now = tx.now_ms();
    if counted.iter().any(|attempt| {
        attempt.state == AttemptState::InProgress.as_str()
            && attempt.deadline_at.is_none_or(|deadline| deadline > now)
    }) {
        return Err(not_allowed("an attempt is already in progress"));
    }
    if u32::try_from(counted.len()).unwrap_or(u32::MAX) >= eligibility.limit {
        return Err(not_allowed(format!(
            "all {} attempts are used; ask a trainer to review your training",
            eligibility.limit
        )));
    }
    let started = progress::find(tx.conn(), &user.id, course_key)
        .await?
        .ok_or(AppError::NotFound("course"))?;
    let course = courses::find(tx.conn(), &started.course_id).await?;
    let document = document(&course)?;
    let Some(assessment) = &document.assessment else {
        return Err(not_allowed("the course has no assessment"));
    };
    let seed = seed(assessment);
    let drawn = assessment::draw(assessment, seed);
    let drawn_text =
        serde_json::to_string(&drawn).map_err(|error| AppError::Internal(error.to_string()))?;
    let attempt = attempts::insert(
        &mut tx,
        NewAttempt {
            organization_id,
            user_id: &user.id,
            course_id: &course.id,
            course_key,
            seed,
            drawn: &drawn_text,
            deadline_at: assessment
                .time_limit_minutes
                .map(|minutes| now + i64::from(minutes) * 60_000),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "training.attempt_started",
            entity_type: "training_attempt",
            entity_id: &attempt.id,
            organization_id: Some(organization_id),
            summary: format!(
                "attempt {} of {} at the assessment of “{}” ({} questions{})",
                eligibility.used + 1,
                eligibility.limit,
                document.title,
                drawn.questions.len(),
                assessment
                    .time_limit_minutes
                    .map_or_else(String::new, |minutes| format!(", {minutes} minutes"))
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(attempt)
}

/// An attempt, for the learner, their partner admin and trainers; anyone else "not found".
pub async fn view(state: &AppState, actor: &Actor, id: &str) -> Result<AttemptView, AppError> {
    let attempt = match attempts::find(state.store.pool(), id).await {
        Ok(attempt) => attempt,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("attempt")),
        Err(other) => return Err(other.into()),
    };
    may_see_learner(actor, &attempt.organization_id, &attempt.user_id)
        .map_err(|_| AppError::NotFound("attempt"))?;
    view_of(state, attempt).await
}

async fn view_of(state: &AppState, attempt: Attempt) -> Result<AttemptView, AppError> {
    let course = document(&courses::find(state.store.pool(), &attempt.course_id).await?)?;
    let drawn: Drawn = serde_json::from_str(&attempt.drawn)
        .map_err(|error| AppError::Internal(format!("attempt {}: {error}", attempt.id)))?;
    let answers: Option<Answers> = attempt
        .answers
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|error| AppError::Internal(format!("attempt {}: {error}", attempt.id)))?;
    let grades: BTreeMap<String, u32> = attempt
        .grades
        .as_deref()
        .map(serde_json::from_str)
        .transpose()
        .map_err(|error| AppError::Internal(format!("attempt {}: {error}", attempt.id)))?
        .unwrap_or_default();
    // An attempt closed unscored (its answers came after the time limit) has no score.
    let score = match (&answers, &course.assessment, attempt.state.as_str()) {
        (Some(answers), Some(assessment), state) if state != AttemptState::Expired.as_str() => {
            Some(assessment::score(assessment, &drawn, answers, &grades))
        }
        _ => None,
    };
    let mut state_now = attempt
        .state
        .parse::<AttemptState>()
        .map_err(|error| AppError::Internal(error.to_string()))?;
    if state_now == AttemptState::InProgress
        && attempt
            .deadline_at
            .is_some_and(|deadline| deadline <= state.clock.now_ms())
    {
        state_now = AttemptState::Expired;
    }
    Ok(AttemptView {
        attempt,
        course,
        drawn,
        answers,
        grades,
        score,
        state: state_now,
    })
}

/// Submits the learner's answers. Past the deadline the attempt is closed as expired and the
/// answers refused; answers naming what was not drawn are refused (422) and the attempt stays
/// open. A pass completes the course when its modules are done.
pub async fn submit(
    state: &AppState,
    actor: &Actor,
    id: &str,
    answers: Answers,
) -> Result<AttemptView, AppError> {
    let (user, _) = learner(actor)?;
    let attempt = match attempts::find(state.store.pool(), id).await {
        Ok(attempt) if attempt.user_id == user.id => attempt,
        Ok(_) | Err(StoreError::NotFound) => return Err(AppError::NotFound("attempt")),
        Err(other) => return Err(other.into()),
    };
    let course = courses::find(state.store.pool(), &attempt.course_id).await?;
    let document = document(&course)?;
    let Some(assessment) = &document.assessment else {
        return Err(not_allowed("the course has no assessment"));
    };
    if attempt.state != AttemptState::InProgress.as_str() {
        return Err(not_allowed("the attempt was already submitted"));
    }
    let drawn: Drawn = serde_json::from_str(&attempt.drawn)
        .map_err(|error| AppError::Internal(format!("attempt {}: {error}", attempt.id)))?;
    let problems = assessment::check_answers(assessment, &drawn, &answers);
    if !problems.is_empty() {
        return Err(AppError::validation(
            problems
                .into_iter()
                .map(|problem| FieldError::new(&problem.path, problem.message))
                .collect(),
        ));
    }
    let answers_text =
        serde_json::to_string(&answers).map_err(|error| AppError::Internal(error.to_string()))?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let now = tx.now_ms();
    if attempt.deadline_at.is_some_and(|deadline| now > deadline) {
        attempts::submit(
            &mut tx,
            id,
            Submission {
                answers: &answers_text,
                state: AttemptState::Expired.as_str(),
                score_percent: None,
            },
        )
        .await?;
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "training.attempt_expired",
                entity_type: "training_attempt",
                entity_id: id,
                organization_id: Some(&attempt.organization_id),
                summary: format!(
                    "answers to “{}” arrived after the time limit; the attempt is closed unscored",
                    document.title
                ),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(not_allowed(
            "the time limit passed before the answers arrived; the attempt is closed and counts as used",
        ));
    }
    let score = assessment::score(assessment, &drawn, &answers, &BTreeMap::new());
    let outcome = if score.needs_grading {
        AttemptState::AwaitingGrading
    } else if score.passed(assessment.pass_mark) {
        AttemptState::Passed
    } else {
        AttemptState::Failed
    };
    attempts::submit(
        &mut tx,
        id,
        Submission {
            answers: &answers_text,
            state: outcome.as_str(),
            score_percent: (!score.needs_grading).then_some(i64::from(score.percent)),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "training.attempt_submitted",
            entity_type: "training_attempt",
            entity_id: id,
            organization_id: Some(&attempt.organization_id),
            summary: format!(
                "assessment of “{}” submitted: {}{}",
                document.title,
                outcome.label().to_lowercase(),
                if score.needs_grading {
                    String::new()
                } else {
                    format!(
                        " ({} %, pass mark {} %)",
                        score.percent, assessment.pass_mark
                    )
                }
            ),
        },
    )
    .await?;
    if outcome == AttemptState::Passed {
        if let Some(started) =
            progress::find(tx.conn(), &attempt.user_id, &attempt.course_key).await?
        {
            complete_if_done(&mut tx, state, &context, &started, &document).await?;
        }
    }
    tx.commit().await?;
    let attempt = attempts::find(state.store.pool(), id).await?;
    view_of(state, attempt).await
}

/// Attempts waiting for grading (trainers and program admins).
pub async fn grading_queue(state: &AppState, actor: &Actor) -> Result<Vec<Attempt>, AppError> {
    let user = scope::user(actor)?;
    if !TRAINERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    Ok(attempts::awaiting_grading(state.store.pool()).await?)
}

/// A trainer grades the short answers of an attempt awaiting grading (whole points, 0 to the
/// question's points), which settles its score; a pass completes the course.
pub async fn grade(
    state: &AppState,
    actor: &Actor,
    id: &str,
    grades: BTreeMap<String, u32>,
) -> Result<AttemptView, AppError> {
    let user = scope::user(actor)?;
    if !TRAINERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    let view = view(state, actor, id).await?;
    let assessment = view.assessment()?.clone();
    let mut fields = Vec::new();
    for drawn in &view.drawn.questions {
        let Some(question) = assessment.questions.iter().find(|q| q.key == drawn.key) else {
            continue;
        };
        if question.kind != onramp_core::training::QuestionKind::ShortAnswer {
            continue;
        }
        match grades.get(&question.key) {
            None => fields.push(FieldError::new(
                &format!("grades.{}", question.key),
                "give this answer a grade",
            )),
            Some(points) if *points > question.points => fields.push(FieldError::new(
                &format!("grades.{}", question.key),
                format!("at most {} points", question.points),
            )),
            Some(_) => {}
        }
    }
    for key in grades.keys() {
        if !view.drawn.questions.iter().any(|drawn| &drawn.key == key) {
            fields.push(FieldError::new(
                &format!("grades.{key}"),
                "no such question in this attempt",
            ));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let answers = view.answers.clone().unwrap_or_default();
    let score = assessment::score(&assessment, &view.drawn, &answers, &grades);
    let outcome = if score.passed(assessment.pass_mark) {
        AttemptState::Passed
    } else {
        AttemptState::Failed
    };
    let grades_text =
        serde_json::to_string(&grades).map_err(|error| AppError::Internal(error.to_string()))?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    attempts::grade(
        &mut tx,
        id,
        &grades_text,
        outcome.as_str(),
        i64::from(score.percent),
        &user.id,
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "training.attempt_graded",
            entity_type: "training_attempt",
            entity_id: id,
            organization_id: Some(&view.attempt.organization_id),
            summary: format!(
                "short answers of {}'s assessment of “{}” graded: {} ({} %, pass mark {} %)",
                view.attempt.user_name,
                view.course.title,
                outcome.label().to_lowercase(),
                score.percent,
                assessment.pass_mark
            ),
        },
    )
    .await?;
    if outcome == AttemptState::Passed {
        if let Some(started) =
            progress::find(tx.conn(), &view.attempt.user_id, &view.attempt.course_key).await?
        {
            complete_if_done(&mut tx, state, &context, &started, &view.course).await?;
        }
    }
    tx.commit().await?;
    let attempt = attempts::find(state.store.pool(), id).await?;
    view_of(state, attempt).await
}
