//! Forgotten passwords: ask for an emailed link, then set a new password with it.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::accounts::resets;
use serde::Deserialize;

use crate::accounts::services::users as accounts;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::layout::{csrf_input, field, form_alert, page, respond};
use crate::web::secret;

#[derive(Debug, Deserialize)]
pub struct ForgotForm {
    email: String,
}

#[derive(Debug, Deserialize)]
pub struct ResetQuery {
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

fn forgot_page(actor: &Actor, email: &str, errors: &[FieldError]) -> Markup {
    page(
        Some(actor),
        "Reset your password",
        html! {
            div.card.narrow {
                h1 { "Reset your password" }
                p { "Enter the email address you sign in with. We will email you a link that sets a new password." }
                (form_alert(errors))
                form method="post" action="/password/forgot" {
                    (csrf_input(actor))
                    (field("Email", "email", "email", email, "username", errors))
                    button type="submit" { "Email me a link" }
                }
            }
        },
    )
}

pub async fn show_forgot(actor: Actor) -> Response {
    respond(forgot_page(&actor, "", &[]))
}

pub async fn submit_forgot(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<ForgotForm>,
) -> PageResult<Response> {
    match accounts::request_password_reset(&state, &actor, &form.email).await {
        Ok(()) => Ok(Redirect::to("/login?notice=reset_sent").into_response()),
        Err(AppError::Validation { fields, .. }) => {
            let mut response = respond(forgot_page(&actor, form.email.trim(), &fields));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

fn reset_page(actor: &Actor, token: &str, errors: &[FieldError]) -> Markup {
    page(
        Some(actor),
        "Choose a new password",
        html! {
            div.card.narrow {
                h1 { "Choose a new password" }
                (form_alert(errors))
                form method="post" action="/password/reset" {
                    (csrf_input(actor))
                    input type="hidden" name="token" value=(token);
                    (field("New password (at least 12 characters)", "password", "password", "", "new-password", errors))
                    button type="submit" { "Set password" }
                }
            }
        },
    )
}

fn dead_link_page(actor: &Actor, message: &str) -> Response {
    let markup = page(
        Some(actor),
        "Reset link",
        html! {
            div.card.narrow {
                h1 { "This link does not work" }
                p { (message) }
                p { a href="/password/forgot" { "Ask for a new link" } }
            }
        },
    );
    let mut response = respond(markup);
    *response.status_mut() = StatusCode::GONE;
    response
}

pub async fn show_reset(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<ResetQuery>,
) -> PageResult<Response> {
    let token = query.token.unwrap_or_default();
    match resets::check(
        state.store.pool(),
        &secret::sha256_hex(&token),
        state.clock.now_ms(),
    )
    .await?
    {
        Ok(()) => Ok(respond(reset_page(&actor, &token, &[]))),
        Err(problem) => Ok(dead_link_page(
            &actor,
            accounts::reset_problem_message(problem),
        )),
    }
}

pub async fn submit_reset(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<ResetForm>,
) -> PageResult<Response> {
    match accounts::reset_password(&state, &actor, &form.token, &form.password).await {
        Ok(()) => Ok(Redirect::to("/login?notice=password_reset").into_response()),
        Err(AppError::Validation { fields, .. }) => {
            if let Some(token_problem) = fields.iter().find(|field| field.field == "token") {
                return Ok(dead_link_page(&actor, &token_problem.message));
            }
            let mut response = respond(reset_page(&actor, &form.token, &fields));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
