//! The page shell: head, skip link, navigation by role, notices, and times in the reader's zone.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, DOCTYPE};
use onramp_core::Role;

use crate::web::actor::Actor;
use crate::web::csrf::CSRF_FIELD;

/// A rendered page as a response.
pub fn respond(markup: Markup) -> Response {
    (
        [(header::CACHE_CONTROL, "no-store")],
        axum::response::Html(markup.into_string()),
    )
        .into_response()
}

/// The whole page around `content`.
pub fn page(actor: Option<&Actor>, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Onramp" }
                link rel="stylesheet" href="/static/onramp.css";
                link rel="icon" href="/static/favicon.svg" type="image/svg+xml";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    nav.bar aria-label="Main" {
                        a.brand href="/" { "Onramp" }
                        @if let Some(actor) = actor { (navigation(actor)) }
                    }
                }
                main #main {
                    (content)
                }
            }
        }
    }
}

fn navigation(actor: &Actor) -> Markup {
    let user = actor.user();
    html! {
        @match user {
            None => {
                @if actor.session_user().is_some() {
                    (sign_out_button(actor))
                } @else {
                    a href="/directory" { "Directory" }
                    a href="/register" { "Apply" }
                    a href="/login" { "Sign in" }
                }
            }
            Some(user) => {
                a href="/" { "Home" }
                @if user.role == Role::ProgramAdmin {
                    a href="/admin/users" { "Users" }
                    a href="/admin/audit" { "Audit trail" }
                    a href="/admin/jobs" { "Jobs" }
                    a href="/admin/webhooks" { "Webhooks" }
                    a href="/admin/security" { "Security" }
                }
                @if matches!(user.role, Role::ProgramAdmin | Role::OnboardingCoordinator) {
                    a href="/staff/organizations" { "Organizations" }
                    a href="/staff/agreements" { "Agreements" }
                }
                a href="/enrollments" { "Enrollments" }
                a href="/tasks" { "My tasks" }
                a href="/training" { "Training" }
                @if crate::support::routes::TICKET_USERS.contains(&user.role) {
                    a href="/support" { "Support" }
                }
                @if user.role.is_staff() {
                    a href="/tracks" { "Tracks" }
                    a href="/suites" { "Suites" }
                }
                @if matches!(user.role, Role::ProgramAdmin | Role::ConformanceAnalyst) {
                    a href="/reviews" { "Reviews" }
                }
                @if !user.role.is_staff() {
                    a href="/partner" { "Your organization" }
                }
                @if user.role == Role::PartnerAdmin {
                    a href="/partner/webhooks" { "Webhooks" }
                }
                @if user.role.may_hold_api_token() {
                    a href="/account/tokens" { "API tokens" }
                }
                a href="/account" { "Account" }
                (sign_out_button(actor))
            }
        }
    }
}

fn sign_out_button(actor: &Actor) -> Markup {
    html! {
        form method="post" action="/logout" {
            (csrf_input(actor))
            button type="submit" { "Sign out" }
        }
    }
}

/// The hidden CSRF field every state-changing form carries.
pub fn csrf_input(actor: &Actor) -> Markup {
    html! { input type="hidden" name=(CSRF_FIELD) value=(actor.csrf_token); }
}

/// A notice chosen by a fixed key in the query string (never echoed text).
pub fn notice(key: Option<&str>) -> Markup {
    let text = match key {
        Some("signed_out") => Some("You have signed out."),
        Some("password_changed") => Some("Your password has been changed. Every other session of your account has been signed out, and unused password-reset links no longer work."),
        Some("password_reset") => Some("Your password has been reset. Sign in with the new one."),
        Some("reset_sent") => Some("If an account exists for that address, we have emailed a link to reset its password. It works once, for an hour."),
        Some("second_factor_disabled") => Some("The authenticator app is turned off."),
        Some("token_revoked") => Some("The token is revoked; it no longer works."),
        Some("policy_saved") => Some("The second-factor policy is saved."),
        Some("locked") => Some("Too many failed attempts: this account is locked for a while. Try again later, or reset your password."),
        Some("account_ready") => Some("Your account is ready. Sign in with your email and the password you chose."),
        Some("invited") => Some("The invitation is sent. The link works once, for 72 hours."),
        Some("deactivated") => Some("The user is deactivated; their sessions have ended."),
        Some("signed") => Some("Signed. The signed copy is below, as HTML and PDF."),
        Some("evidence_recorded") => Some("The evidence is recorded."),
        Some("decided") => Some("The decision is recorded and the applicant emailed."),
        Some("drafted") => Some("The draft is saved."),
        Some("published") => Some("The version is published."),
        Some("document_uploaded") => Some("The document is uploaded; program staff will review it."),
        Some("collaboration_saved") => Some("The collaborative-tier approval is saved."),
        Some("role_changed") => Some("The role is changed."),
        Some("directory_saved") => Some("Your directory listing choice is saved."),
        Some("job_retried") => Some("The job is queued again; a worker will pick it up shortly."),
        Some("answer_sent") => Some("Your answer is sent to program staff; it is kept with your application."),
        Some("time_zone_saved") => Some("Your time zone is saved; times are shown in it."),
        Some("email_preferences_saved") => Some("Your email preferences are saved."),
        Some("job_cancelled") => Some("The job is cancelled; it will not run."),
        Some("retired") => Some("The version is retired; it can no longer be signed."),
        Some("enrolment_required") => Some("Your role requires a second factor. Enrol an authenticator app to continue."),
        _ => None,
    };
    html! {
        @if let Some(text) = text { div.notice role="status" { (text) } }
    }
}

/// Milliseconds since the epoch in the signed-in user's time zone (UTC for visitors and for users
/// who chose none), to the minute: `2026-11-22 15:05 CET`.
pub fn time(ms: i64) -> String {
    let zone = Actor::with_current(|actor| actor.user().and_then(|user| user.time_zone.clone()))
        .flatten()
        .and_then(|name| jiff::tz::TimeZone::get(&name).ok())
        .unwrap_or(jiff::tz::TimeZone::UTC);
    time_in(ms, &zone)
}

/// Milliseconds since the epoch in `zone`, to the minute, with the zone's abbreviation.
pub fn time_in(ms: i64, zone: &jiff::tz::TimeZone) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| {
            timestamp
                .to_zoned(zone.clone())
                .strftime("%Y-%m-%d %H:%M %Z")
                .to_string()
        })
        .unwrap_or_else(|_| "—".to_owned())
}
