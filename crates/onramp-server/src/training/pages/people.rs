//! `/training/people`: a partner admin's people — job roles, the courses required of each and
//! how far they are, who is certified in what and who is overdue — with the forms to give job
//! roles and assign courses (to one person or everyone of a job role);
//! `/training/people/{id}`: one person's learning (their admin, training staff, themselves).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::training::JobRole;
use serde::{Deserialize, Serialize};

use super::catalogue::learning_markup;
use crate::registry::services::scope;
use crate::state::AppState;
use crate::training::services::courses;
use crate::training::services::learners::{self, Assignees};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

async fn people_markup(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let (_, organization_id) = scope::own_organization_admin(actor)?;
    let people = learners::people(state, actor).await?;
    let assignments =
        onramp_store::training::learners::of_organization(state.store.pool(), organization_id)
            .await
            .map_err(AppError::from)?;
    let started =
        onramp_store::training::progress::of_organization(state.store.pool(), organization_id)
            .await
            .map_err(AppError::from)?;
    let certificates =
        onramp_store::training::certificates::of_organization(state.store.pool(), organization_id)
            .await
            .map_err(AppError::from)?;
    let catalogue = courses::catalogue(state).await?;
    let now = state.clock.now_ms();
    let course_options: Vec<(&str, &str)> = catalogue
        .iter()
        .map(|course| (course.key.as_str(), course.title.as_str()))
        .collect();
    let role_options: Vec<(&str, &str)> = JobRole::ALL
        .iter()
        .map(|role| (role.as_str(), role.label()))
        .collect();
    let title_of = |key: &str| {
        catalogue
            .iter()
            .find(|course| course.key == key)
            .map_or_else(|| key.to_owned(), |course| course.title.clone())
    };
    let role_form = FormView::new("job-role", refusal);
    let assign_form = FormView::new("assign", refusal);
    let person_options: Vec<(&str, &str)> = people
        .iter()
        .map(|p| (p.user_id.as_str(), p.name.as_str()))
        .collect();
    // Fields first, so that the error summary above them knows their labels.
    let assign_fields = html! {
        (assign_form.select("Course", "course", &course_options, ""))
        (assign_form.select("Job role (everyone with it)", "job_role", &role_options, ""))
        (assign_form.select("Or one person", "user_id", &person_options, ""))
        (assign_form.input("Due date", "due", crate::web::forms::Kind::Date, "", "off"))
    };
    Ok(page(
        Some(actor),
        "Your people's training",
        html! {
            p { a href="/training" { "← Training" } }
            h1 { "Your people's training" }
            (assign_form.summary())
            table {
                caption { "People, their job roles, what is required of them and their certificates" }
                thead { tr { th scope="col" { "Person" } th scope="col" { "Job role" } th scope="col" { "Required courses" } th scope="col" { "Certificates" } } }
                tbody { @for person in &people {
                    tr {
                        td { a href={ "/training/people/" (person.user_id) } { (person.name) } br; span.muted { (person.email) } }
                        td {
                            form method="post" action={ "/training/people/" (person.user_id) "/job-role" } {
                                (csrf_input(actor))
                                @let field = FormView::keyed("job-role", &person.user_id, None);
                                (field.select(&format!("Job role of {}", person.name), "job_role", &role_options, person.job_role.as_deref().unwrap_or("")))
                                button type="submit" { "Save" }
                            }
                        }
                        td {
                            @let mine: Vec<_> = assignments.iter().filter(|a| a.user_id == person.user_id).collect();
                            @if mine.is_empty() { "—" } @else { ul { @for assignment in mine {
                                @let progress = started.iter().find(|p| p.user_id == person.user_id && p.course_key == assignment.course_key);
                                @let completed = progress.is_some_and(|p| p.completed_at.is_some());
                                li {
                                    (title_of(&assignment.course_key))
                                    @if completed { " " span.badge { "Completed" } }
                                    @else if assignment.due_at.is_some_and(|due| due < now) { " " strong.badge.warn { "Overdue" } }
                                    @else if progress.is_some() { " (in progress)" }
                                    @if let Some(due) = assignment.due_at { " · due " (time(due)) }
                                }
                            } } }
                        }
                        td {
                            @let held: Vec<_> = certificates.iter().filter(|c| c.user_id == person.user_id && c.renewed_by.is_none()).collect();
                            @if held.is_empty() { "—" } @else { ul { @for certificate in held {
                                li {
                                    a href={ "/verify/training/" (certificate.id) } { (certificate.title) }
                                    @if certificate.revoked_at.is_some() { " (revoked)" }
                                    @else if certificate.expires_at <= now { " " strong { "(expired)" } }
                                    @else { " · until " (time(certificate.expires_at)) }
                                }
                            } } }
                        }
                    }
                } }
            }
            (role_form.summary())
            div.card {
                h2 { "Assign a course" }
                p { "Assign to one person, or to everyone who has a job role now. Each person is emailed once." }
                form method="post" action="/training/assignments" novalidate {
                    (csrf_input(actor))
                    (assign_fields)
                    button type="submit" { "Assign" }
                }
            }
        },
    ))
}

pub async fn people(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    Ok(respond(people_markup(&state, &actor, None).await?))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct JobRoleForm {
    #[serde(default)]
    job_role: String,
}

pub async fn set_job_role(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    PageForm(form): PageForm<JobRoleForm>,
) -> PageResult<Response> {
    match learners::set_job_role(&state, &actor, &user_id, &form.job_role).await {
        Ok(_) => Ok(Redirect::to("/training/people").into_response()),
        Err(error) => {
            let refusal = Refusal::of("job-role", &form, error)?;
            let markup = people_markup(&state, &actor, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AssignForm {
    #[serde(default)]
    course: String,
    #[serde(default)]
    job_role: String,
    #[serde(default)]
    user_id: String,
    #[serde(default)]
    due: String,
}

/// Whom an assignment form names: exactly one of a person or a job role.
pub fn assignees(job_role: &str, user_id: &str) -> Result<Assignees, AppError> {
    match (job_role.trim(), user_id.trim()) {
        ("", "") => Err(AppError::validation(vec![FieldError::new(
            "job_role",
            "choose a job role or one person",
        )])),
        (role, "") => role
            .parse::<JobRole>()
            .map(Assignees::JobRole)
            .map_err(|error| {
                AppError::validation(vec![FieldError::new("job_role", error.to_string())])
            }),
        ("", person) => Ok(Assignees::Person(person.to_owned())),
        _ => Err(AppError::validation(vec![FieldError::new(
            "user_id",
            "choose a job role or one person, not both",
        )])),
    }
}

pub async fn assign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<AssignForm>,
) -> PageResult<Response> {
    let outcome = async {
        let who = assignees(&form.job_role, &form.user_id)?;
        let due = if form.due.trim().is_empty() {
            None
        } else {
            Some(learners::end_of_day(&form.due)?)
        };
        learners::assign(&state, &actor, who, form.course.trim(), due).await
    }
    .await;
    match outcome {
        Ok(_) => Ok(Redirect::to("/training/people").into_response()),
        Err(error) => {
            let refusal = Refusal::of("assign", &form, error)?;
            let markup = people_markup(&state, &actor, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn person(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(user_id): Path<String>,
) -> PageResult<Response> {
    // The person's organization: their own for partners; the person's row for staff.
    let organization_id = match (&user.organization_id, user.role.is_staff()) {
        (Some(own), false) => own.clone(),
        _ => onramp_store::accounts::users::find_by_id(state.store.pool(), &user_id)
            .await
            .map_err(|_| AppError::NotFound("person"))?
            .organization_id
            .ok_or(AppError::NotFound("person"))?,
    };
    let learning = learners::learning(&state, &actor, &organization_id, &user_id).await?;
    Ok(respond(page(
        Some(&actor),
        &learning.person.name,
        html! {
            p { a href="/training" { "← Training" } }
            h1 { (learning.person.name) }
            p { "Job role: " (learning.person.job_role.as_deref().and_then(|r| r.parse::<JobRole>().ok()).map_or("not given", |r| r.label())) }
            (learning_markup(&learning, user.id == user_id))
        },
    )))
}
