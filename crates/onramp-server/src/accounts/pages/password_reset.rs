//! Forgotten passwords: ask for an emailed link, then set a new password with it.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::accounts::resets;
use serde::{Deserialize, Serialize};

use crate::accounts::services::users as accounts;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{or_refused, refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, page, respond};
use crate::web::secret;

#[derive(Debug, Deserialize, Serialize)]
pub struct ForgotForm {
    #[serde(default)]
    email: String,
}

#[derive(Debug, Deserialize)]
pub struct ResetQuery {
    token: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct ResetForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    password: String,
}

fn forgot_page(actor: &Actor, refusal: Option<&Refusal>) -> Markup {
    let view = FormView::new("forgot", refusal);
    let fields = html! { (view.input("Email", "email", Kind::Email, "", "username")) };
    page(
        Some(actor),
        "Reset your password",
        html! {
            div.card.narrow {
                h1 { "Reset your password" }
                p { "Enter the email address you sign in with. We will email you a link that sets a new password." }
                (view.summary())
                form method="post" action="/password/forgot" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Email me a link" }
                }
            }
        },
    )
}

pub async fn show_forgot(actor: Actor) -> Response {
    respond(forgot_page(&actor, None))
}

pub async fn submit_forgot(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<ForgotForm>,
) -> PageResult<Response> {
    let result = accounts::request_password_reset(&state, &actor, &form.email)
        .await
        .map(|()| Redirect::to("/login?notice=reset_sent").into_response());
    or_refused(result, "forgot", &form, |refusal| {
        forgot_page(&actor, Some(refusal))
    })
}

fn reset_page(actor: &Actor, token: &str, refusal: Option<&Refusal>) -> Markup {
    let view = FormView::new("reset", refusal);
    let fields = html! {
        input type="hidden" name="token" value=(token);
        (view.input("New password (at least 12 characters)", "password", Kind::NewPassword, "", "new-password"))
    };
    page(
        Some(actor),
        "Choose a new password",
        html! {
            div.card.narrow {
                h1 { "Choose a new password" }
                (view.summary())
                form method="post" action="/password/reset" novalidate {
                    (csrf_input(actor))
                    (fields)
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
    PageQuery(query): PageQuery<ResetQuery>,
) -> PageResult<Response> {
    let token = query.token.unwrap_or_default();
    match resets::check(
        state.store.pool(),
        &secret::sha256_hex(&token),
        state.clock.now_ms(),
    )
    .await?
    {
        Ok(()) => Ok(respond(reset_page(&actor, &token, None))),
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
            let refusal = Refusal::new("reset", &(), fields, StatusCode::UNPROCESSABLE_ENTITY);
            Ok(refused_page(
                &refusal,
                reset_page(&actor, &form.token, Some(&refusal)),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
