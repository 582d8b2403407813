//! Learners: a partner admin gives their people job roles and assigns them courses — one person,
//! or everyone of a job role — with a due date; each person sees what is required of them, their
//! progress and their credits.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::training::JobRole;
use onramp_fhir::search::format_instant;
use onramp_store::platform::audit::{self, Change};
use onramp_store::training::certificates as stored_certificates;
use onramp_store::training::courses;
use onramp_store::training::learners::{self, Assigned, Assignment, Person};
use onramp_store::training::progress::{self, Progress};
use onramp_store::StoreError;

use super::certificates::{standing, Standing};
use crate::platform::outbox::{queue_mail, Mail};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The people of the partner admin's organization with their job roles.
pub async fn people(state: &AppState, actor: &Actor) -> Result<Vec<Person>, AppError> {
    let (_, organization_id) = scope::own_organization_admin(actor)?;
    Ok(learners::people(state.store.pool(), organization_id).await?)
}

/// Gives a person of the partner admin's organization a job role; another organization's person
/// is "not found".
pub async fn set_job_role(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    job_role: &str,
) -> Result<Person, AppError> {
    let (_, organization_id) = scope::own_organization_admin(actor)?;
    let role = job_role.parse::<JobRole>().map_err(|error| {
        AppError::validation(vec![FieldError::new("job_role", error.to_string())])
    })?;
    let mut tx = state.store.begin().await?;
    let person = match learners::person(tx.conn(), organization_id, user_id).await {
        Ok(person) => person,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("person")),
        Err(other) => return Err(other.into()),
    };
    learners::set_job_role(&mut tx, organization_id, user_id, role.as_str()).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "training.job_role_set",
            entity_type: "user",
            entity_id: user_id,
            organization_id: Some(organization_id),
            summary: format!("{}'s job role is {}", person.name, role.label()),
        },
    )
    .await?;
    let person = learners::person(tx.conn(), organization_id, user_id).await?;
    tx.commit().await?;
    Ok(person)
}

/// Whom to assign a course to.
#[derive(Clone, Debug)]
pub enum Assignees {
    Person(String),
    /// Everyone of the organization with this job role now.
    JobRole(JobRole),
}

/// Assigns a course (by key) to people of the partner admin's organization, due at `due_at`;
/// each newly assigned person is mailed. Returns how many assignments are new.
pub async fn assign(
    state: &AppState,
    actor: &Actor,
    assignees: Assignees,
    course_key: &str,
    due_at: Option<i64>,
) -> Result<usize, AppError> {
    let (admin, organization_id) = scope::own_organization_admin(actor)?;
    let course = match courses::find_version(state.store.pool(), course_key, None).await {
        Ok(course) => course,
        Err(StoreError::NotFound) => {
            return Err(AppError::validation(vec![FieldError::new(
                "course",
                format!("no course has the key `{course_key}`"),
            )]))
        }
        Err(other) => return Err(other.into()),
    };
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let now = tx.now_ms();
    if due_at.is_some_and(|due| due <= now) {
        return Err(AppError::validation(vec![FieldError::new(
            "due",
            "a due date in the future",
        )]));
    }
    let everyone = learners::people(tx.conn(), organization_id).await?;
    let people: Vec<&Person> = match &assignees {
        Assignees::Person(id) => {
            let found: Vec<&Person> = everyone.iter().filter(|p| &p.user_id == id).collect();
            if found.is_empty() {
                return Err(AppError::NotFound("person"));
            }
            found
        }
        Assignees::JobRole(role) => everyone
            .iter()
            .filter(|person| person.job_role.as_deref() == Some(role.as_str()))
            .collect(),
    };
    if people.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "job_role",
            "nobody in your organization has this job role yet",
        )]));
    }
    let mut added = 0;
    for person in people {
        let outcome = learners::assign(
            &mut tx,
            organization_id,
            &person.user_id,
            course_key,
            Some(&admin.id),
            due_at,
        )
        .await?;
        if outcome == Assigned::Unchanged {
            continue;
        }
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "training.course_assigned",
                entity_type: "user",
                entity_id: &person.user_id,
                organization_id: Some(organization_id),
                summary: format!(
                    "“{}” required of {}{}",
                    course.title,
                    person.name,
                    due_at.map_or_else(String::new, |due| format!(" by {}", format_instant(due)))
                ),
            },
        )
        .await?;
        if outcome == Assigned::New {
            added += 1;
            queue_mail(
                &mut tx,
                now,
                Mail {
                    family: MailFamily::Training,
                    to: &person.email,
                    subject: &format!("Training required: {}", course.title),
                    body: format!(
                        "Hello {},\n\n{} asks you to complete the course “{}”{}.\n\nYour training: {}/training\n",
                        person.name,
                        admin.name,
                        course.title,
                        due_at.map_or_else(String::new, |due| format!(" by {} (UTC)", format_instant(due))),
                        state.config.public_base_url.trim_end_matches('/')
                    ),
                    event_id: None,
                },
            )
            .await?;
        }
    }
    tx.commit().await?;
    Ok(added)
}

/// Removes an assignment of a person of the partner admin's organization.
pub async fn unassign(
    state: &AppState,
    actor: &Actor,
    user_id: &str,
    course_key: &str,
) -> Result<(), AppError> {
    let (_, organization_id) = scope::own_organization_admin(actor)?;
    let mut tx = state.store.begin().await?;
    match learners::unassign(&mut tx, organization_id, user_id, course_key).await {
        Ok(()) => {}
        Err(StoreError::NotFound) => return Err(AppError::NotFound("assignment")),
        Err(other) => return Err(other.into()),
    }
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "training.course_unassigned",
            entity_type: "user",
            entity_id: user_id,
            organization_id: Some(organization_id),
            summary: format!("the course `{course_key}` is no longer required"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Where one required or started course stands for a person.
#[derive(Clone, Debug)]
pub struct CourseStanding {
    pub course_key: String,
    pub title: String,
    pub assignment: Option<Assignment>,
    pub progress: Option<Progress>,
    pub modules_done: usize,
    pub modules_total: usize,
    pub overdue: bool,
}

/// What a person's training page shows.
#[derive(Clone, Debug)]
pub struct Learning {
    pub person: Person,
    pub courses: Vec<CourseStanding>,
    pub certificates: Vec<Standing>,
    pub hours_tenths: i64,
    pub credits_tenths: i64,
}

/// A person's learning: the signed-in partner person's own, or (for their partner admin and
/// training staff) another's of `organization_id`.
pub async fn learning(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    user_id: &str,
) -> Result<Learning, AppError> {
    super::certificates::may_see_learner(actor, organization_id, user_id)?;
    let pool = state.store.pool();
    let person = match learners::person(pool, organization_id, user_id).await {
        Ok(person) => person,
        Err(StoreError::NotFound) => return Err(AppError::NotFound("person")),
        Err(other) => return Err(other.into()),
    };
    let now = state.clock.now_ms();
    let assignments = learners::of_user(pool, user_id).await?;
    let started = progress::of_user(pool, user_id).await?;
    let mut keys: Vec<String> = assignments.iter().map(|a| a.course_key.clone()).collect();
    for progress in &started {
        if !keys.contains(&progress.course_key) {
            keys.push(progress.course_key.clone());
        }
    }
    let mut standings = Vec::with_capacity(keys.len());
    for key in keys {
        let assignment = assignments.iter().find(|a| a.course_key == key).cloned();
        let progress = started.iter().find(|p| p.course_key == key).cloned();
        let course = match &progress {
            Some(progress) => courses::find(pool, &progress.course_id).await?,
            None => match courses::find_version(pool, &key, None).await {
                Ok(course) => course,
                Err(StoreError::NotFound) => continue,
                Err(other) => return Err(other.into()),
            },
        };
        let document = super::courses::document(&course)?;
        let modules_done = match &progress {
            Some(progress) => progress::completed_modules(pool, user_id, &progress.course_id)
                .await?
                .len(),
            None => 0,
        };
        let completed = progress.as_ref().is_some_and(|p| p.completed_at.is_some());
        let overdue = !completed
            && assignment
                .as_ref()
                .and_then(|a| a.due_at)
                .is_some_and(|due| due < now);
        standings.push(CourseStanding {
            course_key: key,
            title: document.title.clone(),
            assignment,
            progress,
            modules_done,
            modules_total: document.modules.len(),
            overdue,
        });
    }
    let certificates = stored_certificates::of_user(pool, user_id)
        .await?
        .into_iter()
        .map(|certificate| standing(certificate, now))
        .collect();
    let (hours_tenths, credits_tenths) = progress::totals(pool, user_id).await?;
    Ok(Learning {
        person,
        courses: standings,
        certificates,
        hours_tenths,
        credits_tenths,
    })
}

/// The end (23:59:59 UTC) of a `YYYY-MM-DD` due date, in milliseconds; a field error on `due`
/// otherwise.
pub fn end_of_day(date: &str) -> Result<i64, AppError> {
    let invalid = || AppError::validation(vec![FieldError::new("due", "a date as YYYY-MM-DD")]);
    let day: jiff::civil::Date = date.trim().parse().map_err(|_| invalid())?;
    day.at(23, 59, 59, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .map(|zoned| zoned.timestamp().as_millisecond())
        .map_err(|_| invalid())
}
