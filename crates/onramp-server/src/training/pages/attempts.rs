//! `/training/attempts/{id}`: an attempt — in progress, the drawn questions to answer (never
//! their answers) with the time left; submitted, each question's score and the right answers;
//! awaiting grading, the trainer's grading form — and `/training/grading`, the trainers' queue.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::training::assessment::{Answer, Answers};
use onramp_core::training::{AttemptState, QuestionKind};

use super::catalogue::is_trainer;
use crate::state::AppState;
use crate::training::services::attempts::{self, AttemptView};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

fn answer_text(answer: Option<&Answer>, choices: &[(String, String)]) -> String {
    match answer {
        None => "(no answer)".to_owned(),
        Some(Answer::TrueFalse(value)) => if *value { "True" } else { "False" }.to_owned(),
        Some(Answer::Text(text)) => text.clone(),
        Some(Answer::Choices(keys)) => keys
            .iter()
            .map(|key| {
                choices
                    .iter()
                    .find(|(k, _)| k == key)
                    .map_or_else(|| key.clone(), |(_, text)| text.clone())
            })
            .collect::<Vec<_>>()
            .join("; "),
    }
}

async fn attempt_markup(
    state: &AppState,
    actor: &Actor,
    view: &AttemptView,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let assessment = view.assessment()?;
    let owner = actor
        .user()
        .is_some_and(|user| user.id == view.attempt.user_id);
    let now = state.clock.now_ms();
    let form = FormView::new("attempt", refusal);
    let grading = view.state == AttemptState::AwaitingGrading && is_trainer(actor);
    let scores: BTreeMap<&str, (u32, u32, bool)> = view
        .score
        .as_ref()
        .map(|score| {
            score
                .per_question
                .iter()
                .map(|q| {
                    (
                        q.key.as_str(),
                        (q.earned_tenths, q.possible_tenths, q.needs_grading),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let tenths = |value: u32| onramp_core::training::Tenths(value).to_string();
    // The questions first, so that the error summary above them knows their fields' labels.
    let body = html! {
            @if view.state == AttemptState::InProgress && owner {
                form method="post" action={ "/training/attempts/" (view.attempt.id) "/submit" } novalidate {
                    (csrf_input(actor))
                    @for (index, drawn) in view.drawn.questions.iter().enumerate() {
                        @if let Some(question) = assessment.questions.iter().find(|q| q.key == drawn.key) {
                            @let name = format!("q.{}", question.key);
                            @let error = form.error(&name);
                            fieldset.question.invalid[error.is_some()] id={ "attempt-" (name) } {
                                legend { (index + 1) ". " (question.prompt) " " span.muted { "(" (question.points) " " @if question.points == 1 { "point" } @else { "points" } ")" } }
                                @if let Some(error) = error { p.field-error { span.visually-hidden { "Error: " } (error.message) } }
                                @match question.kind {
                                    QuestionKind::SingleChoice => {
                                        @for key in &drawn.choice_order {
                                            @if let Some(choice) = question.choices.iter().find(|c| &c.key == key) {
                                                div.field.check {
                                                    input type="radio" id={ "c-" (question.key) "-" (key) } name=(name) value=(key);
                                                    label for={ "c-" (question.key) "-" (key) } { (choice.text) }
                                                }
                                            }
                                        }
                                    }
                                    QuestionKind::MultipleChoice => {
                                        p.muted { "Select every answer that applies; a wrong selection takes points away." }
                                        @for key in &drawn.choice_order {
                                            @if let Some(choice) = question.choices.iter().find(|c| &c.key == key) {
                                                div.field.check {
                                                    input type="checkbox" id={ "c-" (question.key) "-" (key) } name=(name) value=(key);
                                                    label for={ "c-" (question.key) "-" (key) } { (choice.text) }
                                                }
                                            }
                                        }
                                    }
                                    QuestionKind::TrueFalse => {
                                        @for (value, label) in [("true", "True"), ("false", "False")] {
                                            div.field.check {
                                                input type="radio" id={ "c-" (question.key) "-" (value) } name=(name) value=(value);
                                                label for={ "c-" (question.key) "-" (value) } { (label) }
                                            }
                                        }
                                    }
                                    QuestionKind::ShortAnswer => {
                                        label for={ "c-" (question.key) } { "Your answer (graded by a trainer)" }
                                        textarea id={ "c-" (question.key) } name=(name) rows="4" {}
                                    }
                                }
                            }
                        }
                    }
                    button type="submit" { "Submit my answers" }
                }
            } @else if view.state != AttemptState::InProgress || !owner {
                @if grading {
                    p { "Grade each short answer in whole points; the attempt's score and result follow." }
                }
                @let answers = view.answers.clone().unwrap_or_default();
                @let review = html! {
                    ol.questions {
                        @for drawn in &view.drawn.questions {
                            @if let Some(question) = assessment.questions.iter().find(|q| q.key == drawn.key) {
                                @let choices: Vec<(String, String)> = question.choices.iter().map(|c| (c.key.clone(), c.text.clone())).collect();
                                li {
                                    p { strong { (question.prompt) } }
                                    p { "Answer: " (answer_text(answers.0.get(&question.key), &choices)) }
                                    @if view.answers.is_some() {
                                        @match question.kind {
                                            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                                                p.muted { "Right: " (question.choices.iter().filter(|c| c.correct).map(|c| c.text.as_str()).collect::<Vec<_>>().join("; ")) }
                                            }
                                            QuestionKind::TrueFalse => {
                                                p.muted { "Right: " @if question.answer == Some(true) { "True" } @else { "False" } }
                                            }
                                            QuestionKind::ShortAnswer => {
                                                @if let (true, Some(guidance)) = (is_trainer(actor), &question.guidance) { p.muted { "Guidance: " (guidance) } }
                                            }
                                        }
                                    }
                                    @if let Some((earned, possible, needs)) = scores.get(question.key.as_str()) {
                                        @if *needs {
                                            @if grading {
                                                (form.input(&format!("Points (0 to {})", question.points), &format!("grade.{}", question.key), crate::web::forms::Kind::Number, "", "off"))
                                            } @else { p { "Waiting for a trainer's grade." } }
                                        } @else {
                                            p { "Score: " (tenths(*earned)) " of " (tenths(*possible)) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                };
                @if grading {
                    form method="post" action={ "/training/attempts/" (view.attempt.id) "/grade" } novalidate {
                        (csrf_input(actor))
                        (review)
                        button type="submit" { "Record the grades" }
                    }
                } @else {
                    (review)
                }
            }
    };
    Ok(page(
        Some(actor),
        "Assessment",
        html! {
            p { a href={ "/training/courses/" (view.attempt.course_key) } { "← " (view.course.title) } }
            h1 { "Assessment: " (view.course.title) }
            p.status role="status" {
                strong { (view.state.label()) }
                @if view.state == AttemptState::InProgress {
                    @if let Some(deadline) = view.attempt.deadline_at {
                        " · answers must arrive by " (time(deadline)) " (" ((deadline - now).max(0) / 60_000) " minutes left)"
                    }
                }
                @if let Some(percent) = view.attempt.score_percent { " · score " (percent) " % (pass mark " (assessment.pass_mark) " %)" }
            }
            @if !owner { p { "Learner: " (view.attempt.user_name) " · started " (time(view.attempt.started_at)) } }
            (form.summary())
            (body)
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let view = attempts::view(&state, &actor, &id).await?;
    Ok(respond(attempt_markup(&state, &actor, &view, None).await?))
}

/// The submitted form's answers: `q.<key>` fields, repeated for multiple choice.
fn answers_from_form(view: &AttemptView, form: &[(String, String)]) -> Result<Answers, AppError> {
    let assessment = view.assessment()?;
    let mut answers = BTreeMap::new();
    for (name, value) in form {
        let Some(key) = name.strip_prefix("q.") else {
            continue;
        };
        let Some(question) = assessment.questions.iter().find(|q| q.key == key) else {
            return Err(AppError::validation(vec![FieldError::new(
                name,
                "no such question in this attempt",
            )]));
        };
        match question.kind {
            QuestionKind::SingleChoice | QuestionKind::MultipleChoice => {
                let entry = answers
                    .entry(key.to_owned())
                    .or_insert_with(|| Answer::Choices(Vec::new()));
                if let Answer::Choices(keys) = entry {
                    keys.push(value.clone());
                }
            }
            QuestionKind::TrueFalse => {
                let parsed = match value.as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(AppError::validation(vec![FieldError::new(
                            name,
                            "true or false",
                        )]))
                    }
                };
                answers.insert(key.to_owned(), Answer::TrueFalse(parsed));
            }
            QuestionKind::ShortAnswer => {
                answers.insert(key.to_owned(), Answer::Text(value.clone()));
            }
        }
    }
    Ok(Answers(answers))
}

pub async fn submit(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let view = attempts::view(&state, &actor, &id).await?;
    let outcome = match answers_from_form(&view, &form) {
        Ok(answers) => attempts::submit(&state, &actor, &id, answers).await,
        Err(error) => Err(error),
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/training/attempts/{id}")).into_response()),
        Err(error) => {
            let mut refusal = Refusal::of("attempt", &form, error)?;
            for error in &mut refusal.errors {
                if !error.field.is_empty() && !error.field.starts_with("q.") {
                    error.field = format!("q.{}", error.field);
                }
            }
            let view = attempts::view(&state, &actor, &id).await?;
            let markup = attempt_markup(&state, &actor, &view, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn grade(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let mut grades = BTreeMap::new();
    let mut fields = Vec::new();
    for (name, value) in &form {
        if let Some(key) = name.strip_prefix("grade.") {
            match value.trim().parse::<u32>() {
                Ok(points) => {
                    grades.insert(key.to_owned(), points);
                }
                Err(_) => fields.push(FieldError::new(name, "a whole number of points")),
            }
        }
    }
    let outcome = if fields.is_empty() {
        attempts::grade(&state, &actor, &id, grades).await
    } else {
        Err(AppError::validation(fields))
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/training/attempts/{id}")).into_response()),
        Err(error) => {
            let mut refusal = Refusal::of("attempt", &form, error)?;
            for error in &mut refusal.errors {
                if let Some(key) = error.field.strip_prefix("grades.") {
                    error.field = format!("grade.{key}");
                }
            }
            let view = attempts::view(&state, &actor, &id).await?;
            let markup = attempt_markup(&state, &actor, &view, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

pub async fn grading(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> PageResult<Response> {
    let queue = attempts::grading_queue(&state, &actor).await?;
    Ok(respond(page(
        Some(&actor),
        "Attempts to grade",
        html! {
            p { a href="/training" { "← Training" } }
            h1 { "Attempts to grade" }
            @if queue.is_empty() { p { "No attempt is waiting for grading." } } @else {
                table {
                    thead { tr { th scope="col" { "Learner" } th scope="col" { "Course" } th scope="col" { "Submitted" } } }
                    tbody { @for attempt in &queue {
                        tr {
                            td { a href={ "/training/attempts/" (attempt.id) } { (attempt.user_name) } }
                            td { (attempt.course_title) }
                            td { (attempt.submitted_at.map(time).unwrap_or_default()) }
                        }
                    } }
                }
            }
        },
    )))
}
