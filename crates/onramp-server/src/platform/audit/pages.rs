//! The audit trail page for program admins: filters, a table, paging.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use crate::platform::audit::log::{self as audit_log, AuditQuery};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::layout::{field, form_alert, page, respond, time};

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<AuditQuery>,
) -> PageResult<Response> {
    let (parsed, errors) = match query.parse() {
        Ok(parsed) => (Some(parsed), Vec::new()),
        Err(AppError::Validation { fields, .. }) => (None, fields),
        Err(other) => return Err(other.into()),
    };
    let page_of_events = match &parsed {
        Some(parsed) => Some(audit_log::list(&state, parsed).await?),
        None => None,
    };
    let value = |text: &Option<String>| text.clone().unwrap_or_default();
    let errors: Vec<FieldError> = errors;
    let link_to_page = |number: i64| {
        let mut params = vec![("page".to_owned(), number.to_string())];
        for (key, text) in [
            ("actor", &query.actor),
            ("entity_type", &query.entity_type),
            ("entity_id", &query.entity_id),
            ("organization_id", &query.organization_id),
            ("from", &query.from),
            ("until", &query.until),
        ] {
            if let Some(text) = text.as_deref().filter(|text| !text.is_empty()) {
                params.push((key.to_owned(), text.to_owned()));
            }
        }
        format!(
            "/admin/audit?{}",
            serde_urlencoded::to_string(params).unwrap_or_default()
        )
    };
    let markup = page(
        Some(&actor),
        "Audit trail",
        html! {
            h1 { "Audit trail" }
            div.card {
                (form_alert(&errors))
                form.filters method="get" action="/admin/audit" role="search" aria-label="Filter events" {
                    div { (field("Actor (email or id)", "actor", "text", &value(&query.actor), "off", &errors)) }
                    div { (field("Entity type", "entity_type", "text", &value(&query.entity_type), "off", &errors)) }
                    div { (field("Entity id", "entity_id", "text", &value(&query.entity_id), "off", &errors)) }
                    div { (field("Organization id", "organization_id", "text", &value(&query.organization_id), "off", &errors)) }
                    div { (field("From (day)", "from", "date", &value(&query.from), "off", &errors)) }
                    div { (field("Until (day)", "until", "date", &value(&query.until), "off", &errors)) }
                    div { button type="submit" { "Filter" } }
                }
            }
            @if let (Some(events), Some(parsed)) = (&page_of_events, &parsed) {
                p.muted { (events.total) " events" }
                table {
                    caption.muted style="text-align:left" { "Newest first" }
                    thead { tr { th { "#" } th { "Time" } th { "Actor" } th { "Action" } th { "Entity" } th { "Summary" } th { "From" } } }
                    tbody {
                        @for event in &events.events {
                            tr {
                                td { (event.seq) }
                                td { (time(event.at)) }
                                td { (event.actor_label) }
                                td { code { (event.action) } }
                                td { (event.entity_type) " " span.muted { (event.entity_id) } }
                                td { (event.summary) }
                                td { (event.client_addr.as_deref().unwrap_or("—")) }
                            }
                        }
                    }
                }
                nav.pager aria-label="Pages" {
                    @let last_page = ((events.total + parsed.per_page - 1) / parsed.per_page).max(1);
                    @if parsed.page > 1 { a href=(link_to_page(parsed.page - 1)) rel="prev" { "← Newer" } }
                    span { "Page " (parsed.page) " of " (last_page) }
                    @if parsed.page < last_page { a href=(link_to_page(parsed.page + 1)) rel="next" { "Older →" } }
                }
            }
        },
    );
    let mut response = respond(markup);
    if parsed.is_none() {
        *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(response)
}
