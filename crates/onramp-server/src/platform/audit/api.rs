//! `GET /api/v1/audit-events`: the audit trail, filtered and paged.

use axum::extract::State;
use axum::Json;
use onramp_store::platform::audit::AuditEvent;
use serde::Serialize;

use crate::platform::audit::log::{self as audit_log, AuditQuery};
use crate::state::AppState;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiQuery;
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEventView {
    pub seq: i64,
    pub id: String,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub entity_type: String,
    pub entity_id: String,
    pub organization_id: Option<String>,
    pub summary: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub hash: String,
}

impl From<AuditEvent> for AuditEventView {
    fn from(event: AuditEvent) -> Self {
        AuditEventView {
            seq: event.seq,
            id: event.id,
            at: jiff::Timestamp::from_millisecond(event.at)
                .map(|timestamp| timestamp.to_string())
                .unwrap_or_default(),
            actor_id: event.actor_id,
            actor: event.actor_label,
            action: event.action,
            entity_type: event.entity_type,
            entity_id: event.entity_id,
            organization_id: event.organization_id,
            summary: event.summary,
            request_id: event.request_id,
            client_addr: event.client_addr,
            hash: event.hash,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AuditEventPage {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub events: Vec<AuditEventView>,
}

/// List audit events (program admins)
#[utoipa::path(
    get, path = "/api/v1/audit-events", tag = "audit", operation_id = "listAuditEvents",
    params(AuditQuery),
    responses(
        (status = 200, description = "A page of events, newest first", body = AuditEventPage),
        problem::Malformed,
        problem::Unauthenticated,
        (status = 403, description = "Not a program admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad date or bad paging", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<AuditQuery>,
) -> ApiResult<Json<AuditEventPage>> {
    let parsed = query.parse()?;
    let page = audit_log::list(&state, &parsed).await?;
    Ok(Json(AuditEventPage {
        total: page.total,
        page: parsed.page,
        per_page: parsed.per_page,
        events: page.events.into_iter().map(AuditEventView::from).collect(),
    }))
}
