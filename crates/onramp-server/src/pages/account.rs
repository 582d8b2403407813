//! The account page: who you are, your second factor, and changing your password.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;

use crate::auth::actor::{Actor, CurrentUser};
use crate::error::{AppError, FieldError, PageResult};
use crate::extract::PageForm;
use crate::pages::layout::{csrf_input, field, form_alert, notice, page, respond};
use crate::services::{accounts, second_factor};
use crate::state::AppState;

#[derive(Debug, Deserialize)]
pub struct AccountQuery {
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

async fn account_page(
    state: &AppState,
    actor: &Actor,
    errors: &[FieldError],
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let codes_left = if user.totp_enabled {
        Some(second_factor::recovery_codes_left(state, user).await?)
    } else {
        None
    };
    Ok(page(
        Some(actor),
        "Account",
        html! {
            (notice(notice_key))
            h1 { "Your account" }
            div.card {
                h2 { "Profile" }
                dl {
                    dt { "Name" } dd { (user.name) }
                    dt { "Email" } dd { (user.email) }
                    dt { "Role" } dd { (user.role.label()) }
                }
            }
            div.card {
                h2 { "Second factor" }
                @match codes_left {
                    Some(left) => {
                        p { "An authenticator app is enrolled. " (left) " recovery codes are left." }
                    }
                    None => {
                        p { "No second factor is enrolled. An authenticator app protects your account if your password leaks." }
                    }
                }
                a.button href="/account/second-factor" { "Manage second factor" }
            }
            div.card.narrow {
                h2 { "Change password" }
                (form_alert(errors))
                form method="post" action="/account/password" {
                    (csrf_input(actor))
                    (field("Current password", "current_password", "password", "", "current-password", errors))
                    (field("New password (at least 12 characters)", "new_password", "password", "", "new-password", errors))
                    button type="submit" { "Change password" }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<AccountQuery>,
) -> PageResult<Response> {
    Ok(respond(
        account_page(&state, &actor, &[], query.notice.as_deref()).await?,
    ))
}

pub async fn change_password(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<PasswordForm>,
) -> PageResult<Response> {
    match accounts::change_password(&state, &actor, &form.current_password, &form.new_password)
        .await
    {
        Ok(_) => Ok(Redirect::to("/account?notice=password_changed").into_response()),
        Err(AppError::Validation { fields, .. }) => {
            let mut response = respond(account_page(&state, &actor, &fields, None).await?);
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
