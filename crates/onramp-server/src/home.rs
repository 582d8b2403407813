//! The start page, one per kind of reader: a welcome for visitors; for reviewers what waits for
//! them (the review queue, applications waiting too long, recent activity); for partners where
//! their organization stands and what it still has to do; for the other staff roles what their
//! home will hold once their features exist.
//!
//! It sits beside `routes` rather than in the web kernel because, like the route table, it joins
//! the features: each draws its own section (`registry::pages::partner::home_section`).

use axum::extract::State;
use axum::response::Response;
use maud::{html, Markup};
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::Role;
use onramp_store::registry::{self, ListFilter};
use serde::Deserialize;

use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::PageResult;
use crate::web::extract::PageQuery;
use crate::web::layout::{notice, page, respond, time};

/// Applications waiting longer than this are overdue on the reviewers' home.
pub const REVIEW_TARGET_DAYS: i64 = 5;

#[derive(Debug, Deserialize)]
pub struct HomeQuery {
    notice: Option<String>,
}

pub async fn show(
    State(state): State<AppState>,
    actor: Actor,
    PageQuery(query): PageQuery<HomeQuery>,
) -> PageResult<Response> {
    let content = match actor.user() {
        None => html! {
            div.card {
                h1 { "Onramp" }
                p { "Onramp brings partners — EHR and lab vendors, hospitals, clinics and public-health agencies — onto the exchange, from first application to production." }
                p { a.button href="/login" { "Sign in" } " " a.button.secondary href="/register" { "Apply to join" } }
            }
        },
        Some(user) => {
            let section = match user.role {
                Role::ProgramAdmin | Role::OnboardingCoordinator => {
                    reviewer_home(&state, user.role).await?
                }
                Role::ConformanceAnalyst => {
                    crate::conformance::pages::runs::home_section(&state).await?
                }
                Role::SupportAgent => coming(
                    "Support",
                    "Tickets from partners by their service-level deadline: new, waiting for you, close to breaching.",
                ),
                Role::Trainer => crate::training::pages::catalogue::trainer_home(&state).await?,
                Role::PartnerAdmin | Role::PartnerDeveloper | Role::PartnerMember => {
                    crate::registry::pages::partner::home_section(&state, &actor).await?
                }
            };
            let tasks = crate::tracks::pages::program::home_section(&state, &actor).await?;
            let undelivered =
                onramp_store::platform::outbox::undelivered_to(state.store.pool(), &user.email, 5)
                    .await?;
            html! {
                h1 { "Welcome, " (user.name) }
                p.muted { "Signed in as " (user.email) " · " (user.role.label()) }
                @if !undelivered.is_empty() {
                    div.alert role="alert" #undelivered-mail {
                        h2 { "We could not email you" }
                        p { "The mail server refused these messages to " strong { (user.email) } " on every attempt:" }
                        ul { @for mail in &undelivered { li { "“" (mail.subject) "”, " (time(mail.created_at)) } } }
                        p { "Check your address on the " a href="/account" { "account page" } ". Program staff see these messages on their jobs page and can send them again." }
                    }
                }
                (tasks)
                (section)
            }
        }
    };
    let content = html! { (notice(query.notice.as_deref())) (content) };
    Ok(respond(page(Some(&actor), "Home", content)))
}

/// What waits for reviewers: the queue by state, applications waiting too long, and (for
/// program admins) the latest audit events.
async fn reviewer_home(state: &AppState, role: Role) -> PageResult<Markup> {
    let pool = state.store.pool();
    let count = |waiting: OrganizationState| async move {
        let filter = ListFilter {
            state: Some(waiting.as_str().to_owned()),
            ..ListFilter::default()
        };
        Ok::<_, onramp_store::StoreError>((waiting, registry::count(pool, &filter).await?))
    };
    let target_ms = REVIEW_TARGET_DAYS * 24 * 60 * 60 * 1000;
    let is_admin = role == Role::ProgramAdmin;
    // The counts do not depend on each other: run them together.
    let (applied, under_review, suspended, overdue, undelivered, recent) = tokio::try_join!(
        count(OrganizationState::Applied),
        count(OrganizationState::UnderReview),
        count(OrganizationState::Suspended),
        registry::count_waiting_since(pool, state.clock.now_ms() - target_ms),
        async {
            if is_admin {
                onramp_store::platform::outbox::count_undelivered(pool).await
            } else {
                Ok(0)
            }
        },
        async {
            if is_admin {
                Ok(
                    onramp_store::platform::audit::list(pool, &Default::default(), 8, 0)
                        .await?
                        .events,
                )
            } else {
                Ok(Vec::new())
            }
        },
    )?;
    let queue = [applied, under_review, suspended];
    Ok(html! {
        div.card #review-queue {
            h2 { "Review queue" }
            ul.counts {
                @for (waiting, n) in &queue {
                    li {
                        a href={ "/staff/organizations?state=" (waiting.as_str()) } {
                            strong { (n) } " " (waiting.label().to_lowercase())
                        }
                    }
                }
            }
            @if overdue > 0 {
                p #overdue {
                    span.status.status-bad { "Overdue" } " "
                    (overdue) " application(s) have waited more than " (REVIEW_TARGET_DAYS) " days for a decision."
                }
            } @else {
                p #overdue { span.status.status-ok { "On time" } " No application has waited more than " (REVIEW_TARGET_DAYS) " days." }
            }
        }
        @if undelivered > 0 {
            div.alert role="status" #undelivered-mail {
                span.status-bad { "Undelivered" } " " (undelivered) " message(s) could not be sent after every attempt. "
                a href="/admin/jobs?state=dead" { "See them on the jobs page and send them again" }
            }
        }
        @if role == Role::ProgramAdmin {
            div.card #recent-activity {
                h2 { "Recent activity" }
                @if recent.is_empty() { p.muted { "Nothing has happened yet." } }
                ul {
                    @for event in &recent {
                        li { (time(event.at)) " — " (event.actor_label) ": " (event.summary) }
                    }
                }
                p { a href="/admin/audit" { "The whole audit trail" } }
            }
        }
    })
}

/// The home of a role whose feature is still to come: what it will hold.
fn coming(what: &str, holds: &str) -> Markup {
    html! {
        div.card {
            h2 { (what) }
            p { "Your queue will be here: " (holds) }
            p.muted { "This part of Onramp is not open yet. Until then, your account page and API tokens are in the menu." }
        }
    }
}
