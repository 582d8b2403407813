//! The account page: who you are, your second factor, and changing your password.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use serde::Deserialize;

use crate::accounts::services::email_preferences;
use crate::accounts::services::second_factor;
use crate::accounts::services::users as accounts;
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::layout::{csrf_input, field, form_alert, notice, page, respond};

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
    let preferences = email_preferences::get(state, actor).await?;
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
            div.card {
                h2 { "Email" }
                form method="post" action="/account/email-preferences" {
                    (csrf_input(actor))
                    @for (family, enabled) in &preferences {
                        label {
                            @if family.optional() {
                                input type="checkbox" name="family" value=(family.as_str()) checked[*enabled];
                            } @else {
                                input type="checkbox" checked disabled;
                            }
                            " " (family.label())
                            @if !family.optional() { span.muted { " (always sent)" } }
                        }
                    }
                    button.secondary type="submit" { "Save email preferences" }
                }
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

/// The email preferences form: a checked box per family the user wants; unchecked optional
/// families are turned off.
pub async fn save_email_preferences(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let choices: Vec<(String, bool)> = onramp_core::platform::outbox::MailFamily::ALL
        .into_iter()
        .filter(|family| family.optional())
        .map(|family| {
            let wanted = fields
                .iter()
                .any(|(name, value)| name == "family" && value == family.as_str());
            (family.as_str().to_owned(), wanted)
        })
        .collect();
    email_preferences::set(&state, &actor, &choices).await?;
    Ok(Redirect::to("/account?notice=email_preferences_saved").into_response())
}
