//! `/api/v1/support/tickets`: the queue and an organization's own tickets, opening a ticket, one
//! ticket with its conversation and SLA targets, replies and internal notes, status moves and
//! assignment.
//!
//! Who sees what is the service's (`services::tickets`): a partner person reads only their
//! organization's tickets (another's is "not found") and never an internal note or its
//! attachments. Every ticket answer here is built from the service's reads, never from the store
//! directly, so that no path here shows a partner more than the service gives them.

use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use onramp_core::support::sla::format_utc;
use onramp_core::support::{Severity, TicketStatus};
use onramp_store::support::tickets::{Attachment, Link, Message, Ticket, TicketFilter};
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::support::services::targets::TargetView;
use crate::support::services::tickets::{self, ReplyInput, TicketInput};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{ApiResult, AppError, FieldError, Problem};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

/// An organization or a person, by id and name.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportRef {
    pub id: String,
    pub name: String,
}

/// The support group working a ticket.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportGroupRef {
    /// The group's key, as the `group` filter and the assignment take it.
    pub key: String,
    pub name: String,
}

/// A ticket's SLA summary, as the queue sorts by it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTicketSla {
    /// The earliest due time of a running target (RFC 3339, UTC); none while paused, solved, or
    /// without an SLA.
    pub due_at: Option<String>,
    /// Whether a target was breached.
    pub breached: bool,
}

/// A ticket as lists show it.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTicket {
    pub id: String,
    /// The number people quote: `#42`.
    pub number: i64,
    pub organization: SupportRef,
    pub subject: String,
    /// `new`, `open`, `waiting_on_partner`, `on_hold`, `solved` or `closed`.
    pub status: String,
    /// `critical`, `high`, `normal` or `low`.
    pub severity: String,
    /// `onboarding`, `sandbox`, `conformance`, `credentials`, `production`, `training` or `other`.
    pub category: String,
    pub group: Option<SupportGroupRef>,
    pub assignee: Option<SupportRef>,
    /// Who opened it; none for a ticket Onramp opened from a signal.
    pub requester: Option<SupportRef>,
    pub tags: Vec<String>,
    /// `partner`, `staff` or `signal` (opened by Onramp, proactively).
    pub source: String,
    /// RFC 3339, UTC.
    pub opened_at: String,
    pub updated_at: String,
    pub solved_at: Option<String>,
    pub closed_at: Option<String>,
    pub sla: SupportTicketSla,
}

/// What a ticket is about.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportLink {
    /// What kind of thing: `organization`, `enrollment`, `environment`, `run`, …
    pub kind: String,
    pub id: String,
    pub label: String,
    /// Its page in the portal.
    pub path: String,
}

/// Who wrote a message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportAuthor {
    pub id: String,
    pub name: String,
    /// Whether they are Onramp staff (else a partner person).
    pub staff: bool,
}

/// A public reply, or (for staff only) an internal note.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportMessage {
    pub id: String,
    /// None for a message Onramp wrote itself.
    pub author: Option<SupportAuthor>,
    /// `public` or `internal` (staff only).
    pub visibility: String,
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

/// A file sent with the ticket or a message (uploaded through the portal).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportAttachment {
    pub id: String,
    pub filename: String,
    /// `application/pdf`, `image/png` or `image/jpeg`.
    pub content_type: String,
    pub size_bytes: i64,
}

/// One SLA target of a ticket and where it stands now.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTarget {
    /// `first_reply`, `next_reply`, `periodic_update` or `resolution`; for staff also
    /// `partner_wait` (the partner's side of a wait).
    pub metric: String,
    pub label: String,
    /// `active`, `paused`, `achieved` or `breached`.
    pub state: String,
    /// RFC 3339, UTC; none while paused.
    pub due_at: Option<String>,
    /// Working minutes left (negative when overdue); none once met.
    pub remaining_minutes: Option<i64>,
    /// Why it is due when it is, in the calendar's zone.
    pub explanation: String,
    pub achieved_at: Option<String>,
}

/// One ticket with its description, links, conversation, attachments and SLA targets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTicketDetail {
    #[serde(flatten)]
    pub ticket: SupportTicket,
    pub description: String,
    /// Whether a partner's reply now would open it again (solved, within the reopen window).
    pub reopenable: bool,
    pub links: Vec<SupportLink>,
    /// Oldest first. Partner people never get internal notes.
    pub messages: Vec<SupportMessage>,
    pub attachments: Vec<SupportAttachment>,
    pub targets: Vec<SupportTarget>,
}

/// A page of tickets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SupportTicketPage {
    pub tickets: Vec<SupportTicket>,
    /// How many tickets match in all, counted up to 10,001: 10,001 means more than 10,000.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

fn person(id: Option<&String>, name: Option<&String>) -> Option<SupportRef> {
    id.map(|id| SupportRef {
        id: id.clone(),
        name: name.cloned().unwrap_or_default(),
    })
}

fn ticket_view(ticket: &Ticket) -> SupportTicket {
    SupportTicket {
        id: ticket.id.clone(),
        number: ticket.number,
        organization: SupportRef {
            id: ticket.organization_id.clone(),
            name: ticket.organization_name.clone(),
        },
        subject: ticket.subject.clone(),
        status: ticket.status.clone(),
        severity: ticket.severity.clone(),
        category: ticket.category.clone(),
        group: ticket.group_key.as_ref().map(|key| SupportGroupRef {
            key: key.clone(),
            name: ticket.group_name.clone().unwrap_or_else(|| key.clone()),
        }),
        assignee: person(ticket.assignee_id.as_ref(), ticket.assignee_name.as_ref()),
        requester: person(ticket.requester_id.as_ref(), ticket.requester_name.as_ref()),
        tags: ticket.tags.split_whitespace().map(str::to_owned).collect(),
        source: ticket.source.clone(),
        opened_at: format_utc(ticket.opened_at),
        updated_at: format_utc(ticket.updated_at),
        solved_at: ticket.solved_at.map(format_utc),
        closed_at: ticket.closed_at.map(format_utc),
        sla: SupportTicketSla {
            due_at: ticket.sla_due_at.map(format_utc),
            breached: ticket.sla_breached,
        },
    }
}

fn link_view(link: &Link) -> SupportLink {
    SupportLink {
        kind: link.kind.clone(),
        id: link.target_id.clone(),
        label: link.label.clone(),
        path: link.path.clone(),
    }
}

fn message_view(message: &Message) -> SupportMessage {
    SupportMessage {
        id: message.id.clone(),
        author: message.author_id.as_ref().map(|id| SupportAuthor {
            id: id.clone(),
            name: message.author_name.clone().unwrap_or_default(),
            staff: message.author_is_staff,
        }),
        visibility: message.visibility.clone(),
        body: message.body.clone(),
        created_at: format_utc(message.created_at),
    }
}

fn attachment_view(attachment: &Attachment) -> SupportAttachment {
    SupportAttachment {
        id: attachment.id.clone(),
        filename: attachment.filename.clone(),
        content_type: attachment.content_type.clone(),
        size_bytes: attachment.size_bytes,
    }
}

fn target_view(target: &TargetView) -> SupportTarget {
    SupportTarget {
        metric: target.metric.clone(),
        label: target.label.to_owned(),
        state: target.state.as_str().to_owned(),
        due_at: target.due_at.map(format_utc),
        remaining_minutes: target.remaining_ms.map(|ms| ms.div_euclid(60_000)),
        explanation: target.explanation.clone(),
        achieved_at: target.achieved_at.map(format_utc),
    }
}

/// The ticket as the caller may see it, read again through the service.
async fn detail(
    state: &AppState,
    actor: &Actor,
    id: &str,
) -> Result<SupportTicketDetail, AppError> {
    let view = tickets::view(state, actor, id).await?;
    Ok(SupportTicketDetail {
        ticket: ticket_view(&view.ticket),
        description: view.ticket.description.clone(),
        reopenable: view.reopenable,
        links: view.links.iter().map(link_view).collect(),
        messages: view.messages.iter().map(message_view).collect(),
        attachments: view.attachments.iter().map(attachment_view).collect(),
        targets: view.targets.iter().map(target_view).collect(),
    })
}

/// The ticket's API address, for `Location`.
fn location(id: &str) -> String {
    format!("/api/v1/support/tickets/{id}")
}

fn created(detail: SupportTicketDetail) -> Response {
    let mut response = (StatusCode::CREATED, Json(&detail)).into_response();
    if let Ok(value) = HeaderValue::from_str(&location(&detail.ticket.id)) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
}

/// Renames the fields the service names in its field errors to the body's names.
fn renamed(error: AppError, names: &[(&str, &str)]) -> AppError {
    match error {
        AppError::Validation { detail, fields } => {
            let fields: Vec<FieldError> = fields
                .into_iter()
                .map(|mut field| {
                    if let Some((_, to)) = names.iter().find(|(from, _)| *from == field.field) {
                        field.field = (*to).to_owned();
                    }
                    field
                })
                .collect();
            if fields.is_empty() {
                AppError::Validation { detail, fields }
            } else {
                AppError::validation(fields)
            }
        }
        other => other,
    }
}

fn given(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|text| !text.is_empty())
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SupportTicketsQuery {
    /// Only tickets in this status: `new`, `open`, `waiting_on_partner`, `on_hold`, `solved` or
    /// `closed`.
    pub status: Option<String>,
    /// Only tickets of this support group (its key).
    pub group: Option<String>,
    /// Only tickets of this severity: `critical`, `high`, `normal` or `low`.
    pub severity: Option<String>,
    /// `breached` (a target was breached), `due` (a clock is running) or `paused` (waiting on the
    /// partner).
    pub sla: Option<String>,
    /// Only tickets assigned to this person (a user id), or to the caller (`me`).
    pub assignee: Option<String>,
    /// `true`: only tickets that still need work, soonest due first (the queue). `false` (the
    /// default): every ticket, the most recently updated first.
    pub open: Option<bool>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Tickets per page, 1 to 200 (default 50).
    pub per_page: Option<i64>,
}

/// Lists support tickets: the queue for staff, their organization's for partners.
///
/// Partner people see only their own organization's tickets, whatever the filters say.
#[utoipa::path(
    get, path = "/api/v1/support/tickets", tag = "support", operation_id = "listSupportTickets",
    params(SupportTicketsQuery),
    responses(
        (status = 200, description = "A page of tickets", body = SupportTicketPage),
        problem::Malformed, problem::Unauthenticated, problem::Forbidden,
        (status = 422, description = "An unknown status, severity or SLA filter, or bad paging", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    ApiQuery(query): ApiQuery<SupportTicketsQuery>,
) -> ApiResult<Json<SupportTicketPage>> {
    let mut fields = Vec::new();
    let status = given(query.status.as_deref()).and_then(|text| {
        text.parse::<TicketStatus>()
            .map_err(|error| fields.push(FieldError::new("status", error.to_string())))
            .ok()
    });
    let severity = given(query.severity.as_deref()).and_then(|text| {
        text.parse::<Severity>()
            .map_err(|error| fields.push(FieldError::new("severity", error.to_string())))
            .ok()
    });
    let sla = match given(query.sla.as_deref()) {
        None => None,
        Some(text @ ("breached" | "due" | "paused")) => Some(text.to_owned()),
        Some(_) => {
            fields.push(FieldError::new("sla", "`breached`, `due` or `paused`"));
            None
        }
    };
    let assignee = match given(query.assignee.as_deref()) {
        Some("me") => Some(user.id.clone()),
        other => other.map(str::to_owned),
    };
    let (page, per_page) =
        crate::web::paging::page_and_size(query.page, query.per_page, "tickets", &mut fields);
    if !fields.is_empty() {
        return Err(AppError::validation(fields).into());
    }
    let filter = TicketFilter {
        organization_id: None,
        open_only: query.open.unwrap_or(false),
        status: status.map(|status| status.as_str().to_owned()),
        group_key: given(query.group.as_deref()).map(str::to_owned),
        severity: severity.map(|severity| severity.as_str().to_owned()),
        assignee_id: assignee,
        sla,
    };
    let offset = (page - 1).saturating_mul(per_page);
    let (found, total) = tickets::list(&state, &actor, filter, per_page, offset).await?;
    Ok(Json(SupportTicketPage {
        tickets: found.iter().map(ticket_view).collect(),
        total,
        page,
        per_page,
    }))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewSupportTicketBody {
    /// 1 to 200 characters.
    pub subject: String,
    /// What happened and what was expected, up to 20,000 characters.
    pub description: String,
    /// `critical` (production down or patient safety at risk), `high` (production degraded, or
    /// onboarding blocked with no workaround), `normal` (a problem with a workaround) or `low` (a
    /// question or request).
    pub severity: String,
    /// `onboarding`, `sandbox`, `conformance`, `credentials`, `production`, `training` or `other`.
    pub category: String,
    /// Staff only: the organization the ticket is for. A partner's ticket is always for their own
    /// organization; this is ignored for them.
    pub organization_id: Option<String>,
    /// What the ticket is about, as `kind:id` (`enrollment:…`, `environment:…`, `run:…`); each
    /// must belong to the ticket's organization.
    pub links: Option<Vec<String>>,
}

/// Opens a support ticket; its SLA clocks start now.
///
/// A partner person opens a ticket for their own organization, support staff for any (with
/// `organization_id`). The group is chosen by the category and the SLA policy by the
/// organization's tier and the severity. Attachments can only be sent through the portal's
/// pages, not through the API.
#[utoipa::path(
    post, path = "/api/v1/support/tickets", tag = "support", operation_id = "openSupportTicket",
    request_body = NewSupportTicketBody,
    responses(
        (status = 201, description = "Opened", body = SupportTicketDetail,
            headers(("Location" = String, description = "The ticket's address in the API"))),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<NewSupportTicketBody>,
) -> ApiResult<Response> {
    let ticket = tickets::open(
        &state,
        &actor,
        &TicketInput {
            subject: body.subject,
            description: body.description,
            severity: body.severity,
            category: body.category,
            organization_id: body.organization_id.unwrap_or_default(),
            links: body.links.unwrap_or_default(),
            attachments: Vec::new(),
        },
    )
    .await?;
    Ok(created(detail(&state, &actor, &ticket.id).await?))
}

/// Reads one support ticket with its conversation and SLA targets.
#[utoipa::path(
    get, path = "/api/v1/support/tickets/{id}", tag = "support", operation_id = "getSupportTicket",
    params(("id" = String, Path, description = "The ticket's id")),
    responses(
        (status = 200, description = "The ticket", body = SupportTicketDetail),
        problem::Unauthenticated, problem::Forbidden,
        (status = 404, description = "No such ticket, or another organization's", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> ApiResult<Json<SupportTicketDetail>> {
    Ok(Json(detail(&state, &actor, &id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportMessageBody {
    /// The reply or note, up to 20,000 characters.
    pub body: String,
    /// Staff only: an internal note, which partner people never see (default false).
    pub internal: Option<bool>,
    /// Staff only: the status to move the ticket to with the message.
    pub status: Option<String>,
}

/// Replies to a support ticket, or adds an internal note (staff).
///
/// A staff public reply meets the first-reply, next-reply and periodic-update targets. A
/// partner's reply to a ticket waiting on them opens it again and restarts the clock; to a
/// solved ticket within the reopen window, reopens it. Internal notes touch no clock and are
/// never mailed. A partner asking for `internal` or `status` is refused (403).
#[utoipa::path(
    post, path = "/api/v1/support/tickets/{id}/messages", tag = "support", operation_id = "replyToSupportTicket",
    params(("id" = String, Path, description = "The ticket's id")),
    request_body = SupportMessageBody,
    responses(
        (status = 201, description = "Added; the ticket as the caller now sees it", body = SupportTicketDetail),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated,
        (status = 403, description = "A partner asked for an internal note or a status move", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or another organization's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed, or was solved too long ago to reopen; or the status move is not allowed", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn reply(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SupportMessageBody>,
) -> ApiResult<(StatusCode, Json<SupportTicketDetail>)> {
    tickets::reply(
        &state,
        &actor,
        &id,
        &ReplyInput {
            body: body.body,
            internal: body.internal.unwrap_or(false),
            status: body.status.unwrap_or_default(),
            attachments: Vec::new(),
        },
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(detail(&state, &actor, &id).await?),
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportStatusBody {
    /// `open`, `waiting_on_partner`, `on_hold`, `solved` or `closed`, as the current status
    /// allows.
    pub status: String,
}

/// Moves a support ticket to another status (support staff).
///
/// Waiting on the partner pauses the SLA clock; leaving it resumes the clock. Solving meets the
/// resolution target and sends the satisfaction survey; closed is final. Moving to the current
/// status changes nothing.
#[utoipa::path(
    post, path = "/api/v1/support/tickets/{id}/status", tag = "support", operation_id = "setSupportTicketStatus",
    params(("id" = String, Path, description = "The ticket's id")),
    request_body = SupportStatusBody,
    responses(
        (status = 200, description = "Moved", body = SupportTicketDetail),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound,
        (status = 409, description = "The ticket's status does not allow this move", body = Problem, content_type = "application/problem+json"),
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn set_status(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SupportStatusBody>,
) -> ApiResult<Json<SupportTicketDetail>> {
    tickets::set_status(&state, &actor, &id, &body.status).await?;
    Ok(Json(detail(&state, &actor, &id).await?))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SupportAssignmentBody {
    /// The support group's key; empty for none; absent keeps the current group.
    pub group: Option<String>,
    /// A staff member's user id; empty for nobody; absent keeps the current assignee.
    pub assignee_id: Option<String>,
    /// Up to 20 tags of letters, digits, `-` and `_` (stored in lower case); `[]` removes them
    /// all; absent keeps the current tags.
    pub tags: Option<Vec<String>>,
}

/// Sets a support ticket's group, assignee and tags (support staff).
#[utoipa::path(
    post, path = "/api/v1/support/tickets/{id}/assignment", tag = "support", operation_id = "assignSupportTicket",
    params(("id" = String, Path, description = "The ticket's id")),
    request_body = SupportAssignmentBody,
    responses(
        (status = 200, description = "Assigned", body = SupportTicketDetail),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::NotFound,
        (status = 422, description = "An unknown group or staff member, or tags that are not acceptable", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn assign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<SupportAssignmentBody>,
) -> ApiResult<Json<SupportTicketDetail>> {
    let current = tickets::view(&state, &actor, &id).await?.ticket;
    let mut fields = Vec::new();
    for (index, tag) in body.tags.iter().flatten().enumerate() {
        if tag.trim().is_empty() || tag.contains([',', ' ', '\t', '\n', '\r']) {
            fields.push(FieldError::new(
                &format!("tags[{index}]"),
                "one tag of letters, digits, - and _",
            ));
        }
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields).into());
    }
    let group = body.group.or(current.group_key).unwrap_or_default();
    let assignee = body.assignee_id.or(current.assignee_id).unwrap_or_default();
    let tags = body.tags.map_or(current.tags, |tags| tags.join(" "));
    tickets::assign(&state, &actor, &id, &group, &assignee, &tags)
        .await
        .map_err(|error| renamed(error, &[("group_key", "group")]))?;
    Ok(Json(detail(&state, &actor, &id).await?))
}
