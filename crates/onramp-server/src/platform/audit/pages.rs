//! The audit trail page for program admins: filters, a table, paging, and the download of every
//! event the filters match as CSV or FHIR `AuditEvent` NDJSON (links that carry the filters).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use maud::html;

use crate::platform::audit::export::{self, ExportFormat};
use crate::platform::audit::log::{self as audit_log, AuditQuery};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::forms::{FormView, Kind, Refusal};
use crate::web::layout::{page, respond, time};

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<AuditQuery>,
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
        params.extend(filter_params(&query));
        link("/admin/audit", &params)
    };
    let refusal = (!errors.is_empty()).then(|| {
        Refusal::new(
            "filters",
            &(),
            errors.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
    });
    let filter = FormView::new("filters", refusal.as_ref());
    let filter_fields = html! {
        (filter.text("Actor (email or id)", "actor", &value(&query.actor)))
        (filter.text("Entity type", "entity_type", &value(&query.entity_type)))
        (filter.text("Entity id", "entity_id", &value(&query.entity_id)))
        (filter.text("Organization id", "organization_id", &value(&query.organization_id)))
        (filter.input("From (day)", "from", Kind::Date, &value(&query.from), "off"))
        (filter.input("Until (day)", "until", Kind::Date, &value(&query.until), "off"))
    };
    let export_link = |path: &str| link(path, &filter_params(&query));
    let markup = page(
        Some(&actor),
        "Audit trail",
        html! {
            h1 { "Audit trail" }
            div.card {
                (filter.summary())
                form.filters method="get" action="/admin/audit" role="search" aria-label="Filter events" {
                    (filter_fields)
                    div { button type="submit" { "Filter" } }
                }
            }
            @if let (Some(events), Some(parsed)) = (&page_of_events, &parsed) {
                p.muted { (events.total) " events" }
                p {
                    "Download these events, oldest first: "
                    a href=(export_link("/admin/audit.csv")) download { "CSV" }
                    " · "
                    a href=(export_link("/admin/audit.ndjson")) download { "FHIR AuditEvent NDJSON" }
                }
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" { table {
                    caption.muted { "Newest first" }
                    thead { tr { th { "#" } th { "Time" } th { "Actor" } th { "Action" } th { "Entity" } th { "Summary" } th { "From" } } }
                    tbody {
                        @for event in &events.events {
                            tr {
                                td { (event.seq) }
                                td { (time(event.at)) }
                                td { (event.actor_label) }
                                td { code { (event.action) } }
                                td { (event.entity_type) " " span.muted { (event.entity_id) } }
                                td.wrap-anywhere { (event.summary) }
                                td { (event.client_addr.as_deref().unwrap_or("—")) }
                            }
                        }
                    }
                } }
                @let last_page = ((events.total + parsed.per_page - 1) / parsed.per_page).max(1);
                @if parsed.page > last_page {
                    div.alert role="status" #past-the-end { "There is no page " (parsed.page) ": the list has " (last_page) " page(s). " a href=(link_to_page(last_page)) { "Go to the last page" } }
                }
                nav.pager aria-label="Pages" {
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

/// The filters of `query` that are set, as query-string pairs (no paging).
fn filter_params(query: &AuditQuery) -> Vec<(String, String)> {
    [
        ("actor", &query.actor),
        ("entity_type", &query.entity_type),
        ("entity_id", &query.entity_id),
        ("organization_id", &query.organization_id),
        ("from", &query.from),
        ("until", &query.until),
    ]
    .into_iter()
    .filter_map(|(key, text)| {
        text.as_deref()
            .filter(|text| !text.is_empty())
            .map(|text| (key.to_owned(), text.to_owned()))
    })
    .collect()
}

fn link(path: &str, params: &[(String, String)]) -> String {
    if params.is_empty() {
        return path.to_owned();
    }
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(params).unwrap_or_default()
    )
}

/// `GET /admin/audit.csv`: every event the page's filters match, as CSV.
pub async fn export_csv(
    State(state): State<AppState>,
    PageQuery(query): PageQuery<AuditQuery>,
) -> PageResult<Response> {
    download(&state, &query, ExportFormat::Csv)
}

/// `GET /admin/audit.ndjson`: every event the page's filters match, as FHIR `AuditEvent`s.
pub async fn export_fhir_ndjson(
    State(state): State<AppState>,
    PageQuery(query): PageQuery<AuditQuery>,
) -> PageResult<Response> {
    download(&state, &query, ExportFormat::FhirNdjson)
}

fn download(state: &AppState, query: &AuditQuery, format: ExportFormat) -> PageResult<Response> {
    let parsed = query.parse()?;
    Ok(export::download(state.store.pool(), parsed.filter, format))
}
