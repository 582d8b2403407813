//! Enrolling an authenticator app (QR code and typed secret), showing recovery codes once, and
//! turning the second factor off.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;

use crate::accounts::services::second_factor::{self, Enrolment};
use crate::state::AppState;
use crate::web::actor::{append_cookie, session_cookie, Actor};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, notice, page, respond};

#[derive(Debug, Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

#[derive(Debug, Deserialize)]
pub struct DisableForm {
    #[serde(default)]
    password: String,
}

fn enrol_page(actor: &Actor, enrolment: &Enrolment, refusal: Option<&Refusal>) -> Markup {
    let must_enrol = actor.user().is_none();
    let view = FormView::new("enrol", refusal);
    let fields =
        html! { (view.input("Code from the app", "code", Kind::Text, "", "one-time-code")) };
    page(
        Some(actor),
        "Second factor",
        html! {
            @if must_enrol { (notice(Some("enrolment_required"))) }
            div.card {
                h1 { "Enrol an authenticator app" }
                ol {
                    li { "Open an authenticator app (any app that supports TOTP)." }
                    li { "Scan this code, or type the key below." }
                    li { "Enter the 6-digit code the app shows." }
                }
                img.qr src=(enrolment.qr_data_uri) alt="QR code for adding Onramp to an authenticator app" width="200" height="200";
                p { "Key: " span.secret #totp-secret { (enrolment.secret) } }
                (view.summary())
                form.narrow method="post" action="/account/second-factor" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Turn on" }
                }
            }
        },
    )
}

fn enrolled_page(actor: &Actor, refusal: Option<&Refusal>, codes_left: i64) -> Markup {
    let view = FormView::new("disable", refusal);
    let fields =
        html! { (view.input("Your password", "password", Kind::Password, "", "current-password")) };
    page(
        Some(actor),
        "Second factor",
        html! {
            div.card.narrow {
                h1 { "Second factor" }
                p { "An authenticator app is enrolled. " (codes_left) " recovery codes are left." }
                h2 { "Turn it off" }
                (view.summary())
                form method="post" action="/account/second-factor/disable" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button.danger type="submit" { "Turn off" }
                }
            }
        },
    )
}

pub async fn show(State(state): State<AppState>, actor: Actor) -> PageResult<Response> {
    let user = actor.session_user().ok_or(AppError::Unauthenticated)?;
    if user.totp_enabled {
        let left = second_factor::recovery_codes_left(&state, user).await?;
        return Ok(respond(enrolled_page(&actor, None, left)));
    }
    let enrolment = second_factor::begin_enrolment(&state, &actor).await?;
    Ok(respond(enrol_page(&actor, &enrolment, None)))
}

pub async fn confirm(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<CodeForm>,
) -> PageResult<Response> {
    match second_factor::confirm_enrolment(&state, &actor, &form.code).await {
        Ok(enrolled) => {
            let markup = page(
                Some(&actor),
                "Recovery codes",
                html! {
                    div.card {
                        h1 { "Your authenticator app is on" }
                        p { "Keep these recovery codes somewhere safe. Each works once, in place of a code from the app, if you lose your device. They are shown only now." }
                        ul.codes #recovery-codes {
                            @for code in &enrolled.recovery_codes { li { (code) } }
                        }
                        a.button href="/" { "Continue" }
                    }
                },
            );
            let mut response = respond(markup);
            if let Some(started) = &enrolled.new_session {
                append_cookie(
                    &mut response,
                    &session_cookie(&started.cookie_value, state.config.https()),
                );
            }
            Ok(response)
        }
        Err(AppError::Validation { fields, .. }) => {
            let enrolment = second_factor::begin_enrolment(&state, &actor).await?;
            let refusal = Refusal::new(
                "enrol",
                &[("code", form.code.trim())],
                fields,
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            Ok(refused_page(
                &refusal,
                enrol_page(&actor, &enrolment, Some(&refusal)),
            ))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn disable(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<DisableForm>,
) -> PageResult<Response> {
    match second_factor::disable(&state, &actor, &form.password).await {
        Ok(()) => Ok(Redirect::to("/account?notice=second_factor_disabled").into_response()),
        Err(AppError::Validation { fields, .. }) => {
            let user = actor.session_user().ok_or(AppError::Unauthenticated)?;
            let left = second_factor::recovery_codes_left(&state, user).await?;
            let refusal = Refusal::new("disable", &(), fields, StatusCode::UNPROCESSABLE_ENTITY);
            Ok(refused_page(
                &refusal,
                enrolled_page(&actor, Some(&refusal), left),
            ))
        }
        Err(other) => Err(other.into()),
    }
}
