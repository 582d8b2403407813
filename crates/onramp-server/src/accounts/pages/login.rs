//! Signing in (password, then the second factor when enrolled) and signing out.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::accounts::sessions::SessionStage;
use serde::Deserialize;

use crate::accounts::services::login::{self as login_service, StartedSession};
use crate::accounts::services::second_factor;
use crate::state::AppState;
use crate::web::actor::{append_cookie, clear_session_cookie, session_cookie, Actor};
use crate::web::error::{add_retry_after, AppError, FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, notice, page, respond};

#[derive(Debug, Default, Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
    notice: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

impl LoginForm {
    /// What a refused sign-in draws back: the address, never the password.
    fn kept(&self) -> [(&'static str, &str); 1] {
        [("email", self.email.trim())]
    }
}

/// Where to go after signing in: a path on this site, or `/`. The value is read as a browser would
/// read it in a `Location` header (the WHATWG URL rules: tabs and newlines dropped, `\\` read as
/// `/`, `//host` as another host) and kept only when it stays on this origin; what is returned is
/// the re-serialized path, query and fragment, so it is always a valid header value.
fn safe_next(next: Option<&str>) -> String {
    const BASE: &str = "https://onramp.invalid/";
    let Some(next) = next.filter(|next| next.starts_with('/')) else {
        return "/".to_owned();
    };
    let Ok(base) = url::Url::parse(BASE) else {
        return "/".to_owned();
    };
    match base.join(next) {
        Ok(url) if url.origin() == base.origin() => url[url::Position::BeforePath..].to_owned(),
        _ => "/".to_owned(),
    }
}

fn login_form(
    actor: &Actor,
    next: &str,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> Markup {
    let view = FormView::new("login", refusal);
    let fields = html! {
        input type="hidden" name="next" value=(next);
        (view.input("Email", "email", Kind::Email, "", "username"))
        (view.input("Password", "password", Kind::Password, "", "current-password"))
    };
    page(
        Some(actor),
        "Sign in",
        html! {
            (notice(notice_key))
            div.card.narrow {
                h1 { "Sign in" }
                (view.summary())
                form method="post" action="/login" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Sign in" }
                }
                p { a href="/password/forgot" { "Forgot your password?" } }
            }
        },
    )
}

pub async fn show(actor: Actor, PageQuery(query): PageQuery<LoginQuery>) -> Response {
    if actor.user().is_some() {
        return Redirect::to(&safe_next(query.next.as_deref())).into_response();
    }
    respond(login_form(
        &actor,
        &safe_next(query.next.as_deref()),
        None,
        query.notice.as_deref(),
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<LoginForm>,
) -> PageResult<Response> {
    let next = safe_next(form.next.as_deref());
    let outcome = match login_service::login(&state, &actor, &form.email, &form.password).await {
        Err(error @ AppError::TooManyRequests { .. }) => {
            return Ok(rate_limited_form(&actor, &form, &next, &error))
        }
        other => other?,
    };
    match outcome {
        Ok(started) => Ok(after_sign_in(&state, started, &next)),
        Err(failure) => {
            let refusal = Refusal::new(
                "login",
                &form.kept(),
                vec![FieldError::new("password", failure.message())],
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            Ok(refused_page(
                &refusal,
                login_form(&actor, &next, Some(&refusal), None),
            ))
        }
    }
}

/// A rate-limited sign-in shows the form again with the message, answered 429 with `Retry-After`.
fn rate_limited_form(actor: &Actor, form: &LoginForm, next: &str, error: &AppError) -> Response {
    let refusal = Refusal::new(
        "login",
        &form.kept(),
        vec![FieldError::new("password", error.to_string())],
        StatusCode::TOO_MANY_REQUESTS,
    );
    let mut response = refused_page(&refusal, login_form(actor, next, Some(&refusal), None));
    add_retry_after(error, &mut response);
    response
}

/// Sets the new session's cookie and sends the user where the session's stage allows.
pub fn after_sign_in(state: &AppState, started: StartedSession, next: &str) -> Response {
    let target = match started.stage {
        SessionStage::Complete => next.to_owned(),
        SessionStage::SecondFactorPending => "/login/second-factor".to_owned(),
        SessionStage::EnrolmentRequired => "/account/second-factor".to_owned(),
    };
    let mut response = Redirect::to(&target).into_response();
    append_cookie(
        &mut response,
        &session_cookie(&started.cookie_value, state.config.https()),
    );
    response
}

#[derive(Debug, Deserialize)]
pub struct SecondFactorForm {
    #[serde(default)]
    code: String,
}

fn second_factor_form(actor: &Actor, refusal: Option<&Refusal>) -> Markup {
    let view = FormView::new("second_factor", refusal);
    let fields = html! { (view.input("Code", "code", Kind::Text, "", "one-time-code")) };
    page(
        Some(actor),
        "Second factor",
        html! {
            div.card.narrow {
                h1 { "Enter your second factor" }
                p { "Open your authenticator app and enter the 6-digit code for Onramp. If you have lost your device, enter one of your recovery codes." }
                (view.summary())
                form method="post" action="/login/second-factor" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Continue" }
                }
            }
        },
    )
}

pub async fn show_second_factor(actor: Actor) -> Response {
    respond(second_factor_form(&actor, None))
}

pub async fn submit_second_factor(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<SecondFactorForm>,
) -> PageResult<Response> {
    match second_factor::complete_sign_in(&state, &actor, &form.code).await? {
        Ok(started) => Ok(after_sign_in(&state, started, "/")),
        Err(login_service::LoginFailure::Locked { .. }) => {
            let mut response = Redirect::to("/login?notice=locked").into_response();
            append_cookie(&mut response, &clear_session_cookie(state.config.https()));
            Ok(response)
        }
        Err(failure) => {
            let message = match failure {
                login_service::LoginFailure::CodeAlreadyUsed => failure.message(),
                _ => "That code is not right. Use the current code from your app, or an unused recovery code.".to_owned(),
            };
            let refusal = Refusal::new(
                "second_factor",
                &[("code", form.code.trim())],
                vec![FieldError::new("code", message)],
                StatusCode::UNPROCESSABLE_ENTITY,
            );
            Ok(refused_page(
                &refusal,
                second_factor_form(&actor, Some(&refusal)),
            ))
        }
    }
}

pub async fn logout(State(state): State<AppState>, actor: Actor) -> PageResult<Response> {
    login_service::logout(&state, &actor).await?;
    let mut response = Redirect::to("/login?notice=signed_out").into_response();
    append_cookie(&mut response, &clear_session_cookie(state.config.https()));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn next_only_ever_points_inside_onramp() {
        assert_eq!(
            safe_next(Some("/admin/audit?page=2")),
            "/admin/audit?page=2"
        );
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
        // What browsers normalize away: tabs and newlines inside, backslashes as slashes.
        assert_eq!(safe_next(Some("/\t/evil.example/path")), "/");
        assert_eq!(safe_next(Some("/\n/evil.example")), "/");
        assert_eq!(safe_next(Some("/\r\n/evil.example")), "/");
        assert_eq!(safe_next(Some("\\/evil.example")), "/");
        assert_eq!(safe_next(Some("/\\/evil.example")), "/");
        assert_eq!(safe_next(Some("javascript:alert(1)")), "/");
        // Control characters inside a same-site path are percent-encoded, never put in a header raw.
        assert_eq!(safe_next(Some("/partner\u{b}x")), "/partner%0Bx");
        assert_eq!(safe_next(Some("/a/../admin?x=1#top")), "/admin?x=1#top");
    }
}
