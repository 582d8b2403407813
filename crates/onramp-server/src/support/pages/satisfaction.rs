//! `/support/satisfaction/{token}`: the one-question survey a requester gets when their ticket is
//! solved, answered without signing in, once. A used link says it was answered; an unknown one
//! is "not found".

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::support::tickets::Ticket;
use serde::{Deserialize, Serialize};

use super::{field_error, summary};
use crate::state::AppState;
use crate::support::services::tickets;
use crate::web::actor::Actor;
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond};

const FORM: &str = "survey";

const CHOICES: [(&str, &str); 5] = [
    ("5", "5 — Very satisfied"),
    ("4", "4 — Satisfied"),
    ("3", "3 — Neither satisfied nor dissatisfied"),
    ("2", "2 — Dissatisfied"),
    ("1", "1 — Very dissatisfied"),
];

#[derive(Debug, Default, Deserialize)]
pub struct SurveyQuery {
    #[serde(default)]
    notice: Option<String>,
}

fn survey_markup(
    actor: &Actor,
    token: &str,
    ticket: &Ticket,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> Markup {
    let view = FormView::new(FORM, refusal);
    let answered = ticket.csat_rating.is_some();
    let question = format!(
        "How satisfied are you with how ticket #{} was handled?",
        ticket.number
    );
    let comment = view.textarea("Anything you want to tell us? (optional)", "comment", "");
    let selected = view.value("rating", "");
    let error = view.error("rating");
    let fields = [
        ("rating", "rating-5".to_owned(), "Your rating"),
        ("comment", "comment".to_owned(), "Comment"),
    ];
    page(
        Some(actor),
        if answered {
            "Thank you"
        } else {
            "How did we do?"
        },
        html! {
            div.card.narrow {
                @if answered {
                    h1 { "Thank you" }
                    @if notice_key == Some("rated") {
                        p { "Your answer about ticket #" (ticket.number) " “" (ticket.subject) "” is recorded; the support team reads every one." }
                    } @else {
                        p { "The survey about ticket #" (ticket.number) " “" (ticket.subject) "” is already answered. Thank you for telling us." }
                    }
                } @else {
                    h1 { (question) }
                    p { "Ticket #" (ticket.number) ": “" (ticket.subject) "”. One question; your answer goes to the support team." }
                    (summary(&view, &fields))
                    form method="post" action={ "/support/satisfaction/" (token) } novalidate {
                        (csrf_input(actor))
                        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| "rating-error")] {
                            legend { "Your rating" }
                            (field_error(error, "rating-error"))
                            @for (value, label) in CHOICES {
                                div.check {
                                    input type="radio" id={ "rating-" (value) } name="rating" value=(value) checked[value == selected];
                                    label for={ "rating-" (value) } { (label) }
                                }
                            }
                        }
                        (comment)
                        button type="submit" { "Send my answer" }
                    }
                }
            }
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    actor: Actor,
    Path(token): Path<String>,
    PageQuery(query): PageQuery<SurveyQuery>,
) -> PageResult<Response> {
    let ticket = tickets::survey(&state, &token).await?;
    Ok(respond(survey_markup(
        &actor,
        &token,
        &ticket,
        None,
        query.notice.as_deref(),
    )))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SurveyForm {
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
}

pub async fn answer(
    State(state): State<AppState>,
    actor: Actor,
    Path(token): Path<String>,
    PageForm(form): PageForm<SurveyForm>,
) -> PageResult<Response> {
    match tickets::rate(&state, &token, &form.rating, &form.comment).await {
        Ok(_) => Ok(
            Redirect::to(&format!("/support/satisfaction/{token}?notice=rated")).into_response(),
        ),
        Err(error) => {
            let ticket = tickets::survey(&state, &token).await?;
            if ticket.csat_rating.is_some() {
                // Answered meanwhile (another tab, a double click): the link says so.
                return Ok(Redirect::to(&format!("/support/satisfaction/{token}")).into_response());
            }
            let refusal = Refusal::of(FORM, &form, error)?;
            let markup = survey_markup(&actor, &token, &ticket, Some(&refusal), None);
            Ok(refused_page(&refusal, markup))
        }
    }
}
