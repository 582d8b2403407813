//! The webhook pages: `/admin/webhooks` (program admins, program-wide subscriptions) and
//! `/partner/webhooks` (partner admins, their organization's events). The same handlers serve
//! both; the service decides the scope from the actor. Create (the secret shown once), rotate the
//! secret, delete, the delivery log with "send again", and "send test event".

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::platform::outbox::{EVENT_TYPES, PROGRAM_EVENT_TYPES};
use onramp_core::Role;
use onramp_store::platform::webhooks::Subscription;
use serde::Deserialize;

use crate::platform::webhooks::service as webhooks;
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, page, respond, time};

/// The page's own path: program admins and partner admins each have theirs.
fn base(actor: &Actor) -> &'static str {
    match actor.user().map(|user| user.role) {
        Some(Role::ProgramAdmin) => "/admin/webhooks",
        _ => "/partner/webhooks",
    }
}

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

fn notice_text(key: Option<&str>) -> Option<&'static str> {
    match key {
        Some("deleted") => Some("The subscription is deleted."),
        Some("test_sent") => {
            Some("A test event is queued; it appears in the delivery log once sent.")
        }
        Some("resent") => Some("The event is queued again, with the same webhook-id."),
        _ => None,
    }
}

/// Shown once, right after creating or rotating.
fn secret_card(subscription: &Subscription, rotated: bool) -> Markup {
    html! {
        div.notice role="status" {
            p {
                @if rotated {
                    "The new signing secret. The previous one keeps signing beside it for 24 hours, so that receivers can switch over. Copy it now: it is not shown again."
                } @else {
                    "The subscription is created. Its signing secret — copy it now: it is not shown again."
                }
            }
            p { code { (subscription.secret) } }
        }
    }
}

/// A subscription's or a delivery's state in words.
fn state_label(state: &str) -> String {
    let mut words = state.replace('_', " ");
    if let Some(first) = words.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    words
}

async fn list_page(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
    created: Option<&Subscription>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let subscriptions = webhooks::list(state, actor).await?;
    let base = base(actor);
    let view = FormView::new("subscribe", refusal);
    let chosen = |event_type: &str| {
        refusal.is_some_and(|refusal| {
            refusal
                .input
                .iter()
                .any(|(name, value)| name == "events" && value == event_type)
        })
    };
    let events_error = view.error("events");
    let fields = html! {
        (view.input("URL", "url", Kind::Url, "", "off"))
        fieldset #events aria-describedby=[events_error.map(|_| "events-error")] {
            legend { "Events" }
            @if let Some(error) = events_error { p.field-error #events-error { (error.message) } }
            @for event_type in EVENT_TYPES.iter().filter(|event_type| {
                base == "/admin/webhooks" || !PROGRAM_EVENT_TYPES.contains(event_type)
            }) {
                div.field.check {
                    input type="checkbox" id={ "event-" (event_type) } name="events" value=(event_type) checked[chosen(event_type)];
                    label for={ "event-" (event_type) } { code { (event_type) } }
                }
            }
        }
    };
    Ok(page(
        Some(actor),
        "Webhooks",
        html! {
            @if let Some(text) = notice_text(notice_key) { div.notice role="status" { (text) } }
            @if let Some(created) = created { (secret_card(created, false)) }
            h1 { "Webhooks" }
            p.muted {
                @if base == "/admin/webhooks" {
                    "Program-wide subscriptions: every event of the chosen types, for every organization."
                } @else {
                    "Your organization's subscriptions: only events about your organization."
                }
                " Deliveries are signed as the Standard Webhooks specification describes (webhook-id, webhook-timestamp, webhook-signature) and retried for about a day."
            }
            div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                table {
                    thead { tr { th { "URL" } th { "Events" } th { "State" } th { "Created" } } }
                    tbody {
                        @for subscription in &subscriptions {
                            tr {
                                td { a href={ (base) "/" (subscription.id) } { (subscription.url) } }
                                td { (subscription.event_types.join(", ")) }
                                td { (state_label(&subscription.state)) }
                                td { (time(subscription.created_at)) }
                            }
                        }
                    }
                }
            }
            @if subscriptions.is_empty() { p.muted { "No subscriptions yet." } }
            div.card.narrow {
                h2 { "Add a subscription" }
                (view.summary())
                form method="post" action=(base) novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Subscribe" }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        list_page(&state, &actor, None, None, query.notice.as_deref()).await?,
    ))
}

/// Form fields in order; `events` repeats.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(fields): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let url = fields
        .iter()
        .find(|(name, _)| name == "url")
        .map_or("", |(_, value)| value.as_str());
    let events: Vec<String> = fields
        .iter()
        .filter(|(name, _)| name == "events")
        .map(|(_, value)| value.clone())
        .collect();
    match webhooks::create(&state, &actor, url, &events).await {
        Ok(subscription) => Ok(respond(
            list_page(&state, &actor, None, Some(&subscription), None).await?,
        )),
        Err(error) => {
            let refusal = Refusal::of("subscribe", &fields, error)?;
            Ok(refused_page(
                &refusal,
                list_page(&state, &actor, Some(&refusal), None, None).await?,
            ))
        }
    }
}

async fn detail_page(
    state: &AppState,
    actor: &Actor,
    id: &str,
    rotated: Option<&Subscription>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let subscription = webhooks::get(state, actor, id).await?;
    let log = webhooks::deliveries(state, actor, id).await?;
    let base = base(actor);
    let action = |verb: &str| format!("{base}/{}/{verb}", subscription.id);
    Ok(page(
        Some(actor),
        "Webhook subscription",
        html! {
            @if let Some(text) = notice_text(notice_key) { div.notice role="status" { (text) } }
            @if let Some(rotated) = rotated { (secret_card(rotated, true)) }
            p { a href=(base) { "All subscriptions" } }
            h1 { "Webhook subscription" }
            dl {
                dt { "URL" } dd { code { (subscription.url) } }
                dt { "Events" } dd { (subscription.event_types.join(", ")) }
                dt { "State" } dd { (state_label(&subscription.state)) }
                dt { "Created" } dd { (time(subscription.created_at)) }
            }
            form method="post" action=(action("test")) {
                (csrf_input(actor))
                button.secondary type="submit" { "Send test event" }
            }
            form method="post" action=(action("rotate")) {
                (csrf_input(actor))
                button.secondary type="submit" { "Rotate secret" }
            }
            form method="post" action=(action("delete")) {
                (csrf_input(actor))
                button.secondary type="submit" { "Delete subscription" }
            }
            h2 { "Delivery log" }
            div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" { table {
                thead { tr { th { "Event" } th { "Status" } th { "Attempts" } th { "Response" } th { "Duration" } th { "Last error" } th { "Action" } } }
                tbody {
                    @for (delivery, attempts) in &log {
                        tr {
                            td { code { (delivery.event_type) } br; span.muted { (delivery.event_id) } br; span.muted { (time(delivery.created_at)) } }
                            td { (state_label(&delivery.status)) }
                            td { (delivery.attempts) " (" (attempts.len()) " logged)" }
                            td { (delivery.response_code.map_or_else(|| "—".to_owned(), |code| code.to_string())) }
                            td { (delivery.duration_ms.map_or_else(|| "—".to_owned(), |ms| format!("{ms} ms"))) }
                            td { (delivery.last_error.as_deref().unwrap_or("—")) }
                            td {
                                form method="post" action=(action("resend")) {
                                    (csrf_input(actor))
                                    input type="hidden" name="event_id" value=(delivery.event_id);
                                    button.secondary type="submit" { "Send again" span.visually-hidden { " event " (delivery.event_id) } }
                                }
                            }
                        }
                    }
                }
            } }
            @if log.is_empty() { p.muted { "Nothing has been delivered yet." } }
        },
    ))
}

pub async fn detail(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        detail_page(&state, &actor, &id, None, query.notice.as_deref()).await?,
    ))
}

pub async fn rotate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let rotated = webhooks::rotate_secret(&state, &actor, &id).await?;
    Ok(respond(
        detail_page(&state, &actor, &id, Some(&rotated), None).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct DeleteForm {
    confirmed: Option<String>,
}

/// Deletes a subscription, after a confirmation page.
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<DeleteForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let subscription = webhooks::get(&state, &actor, &id).await?;
        let path = format!("{}/{id}/delete", base(&actor));
        let cancel = format!("{}/{id}", base(&actor));
        let consequence = format!(
            "{} receives no more events, and its delivery log is deleted with it.",
            subscription.url
        );
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: "Delete the subscription?",
                consequence: &consequence,
                action: &path,
                hidden: &[],
                reason: None,
                confirm: "Delete the subscription",
                cancel: &cancel,
            },
        )));
    }
    webhooks::delete(&state, &actor, &id).await?;
    Ok(Redirect::to(&format!("{}?notice=deleted", base(&actor))).into_response())
}

pub async fn test(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    webhooks::send_test(&state, &actor, &id).await?;
    Ok(Redirect::to(&format!("{}/{id}?notice=test_sent", base(&actor))).into_response())
}

#[derive(Debug, Deserialize)]
pub struct ResendForm {
    #[serde(default)]
    event_id: String,
}

pub async fn resend(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ResendForm>,
) -> PageResult<Response> {
    webhooks::send_again(&state, &actor, &id, &form.event_id).await?;
    Ok(Redirect::to(&format!("{}/{id}?notice=resent", base(&actor))).into_response())
}
