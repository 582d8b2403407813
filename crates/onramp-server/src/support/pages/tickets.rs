//! `/support`: an organization's tickets for partner people, the queue with its filters for
//! staff; `/support/tickets/{id}`: one ticket — its details, links, description and
//! conversation with attachments, the SLA panel, the reply form and, for staff, the status and
//! assignment forms —; and an attachment's download.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};
use onramp_core::support::{Severity, TargetState, TicketStatus};
use onramp_core::vocabulary::choices;
use onramp_store::support::tickets::COUNT_CAP;
use onramp_store::support::tickets::{Attachment, Ticket, TicketFilter};
use serde::{Deserialize, Serialize};

use super::{
    attachments_input, both_times, desk_nav, is_staff, link_kind_label, notice, read_multipart,
    severity_label, status_label, summary, unreadable,
};
use crate::registry::pages::documents::{content_type_label, size_label};
use crate::registry::services::documents::max_document_bytes;
use crate::registry::services::render::markdown_to_html_nested;
use crate::state::AppState;
use crate::support::services::groups::{self, category_label};
use crate::support::services::targets::{duration_text, TargetView};
use crate::support::services::tickets::{self, ReplyInput, TicketView, REOPEN_DAYS};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::csrf::upload_action;
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

/// Tickets per page of a list.
const PER_PAGE: i64 = 50;

/// The SLA states the queue filters by.
const SLA_STATES: &[(&str, &str)] = &[
    ("breached", "Breached"),
    ("due", "Clock running"),
    ("paused", "Paused (waiting on the partner)"),
];

#[derive(Debug, Default, Deserialize)]
pub struct QueueQuery {
    #[serde(default)]
    group: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    sla: Option<String>,
    #[serde(default)]
    mine: Option<String>,
    #[serde(default)]
    page: Option<i64>,
    #[serde(default)]
    notice: Option<String>,
}

fn chosen(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

/// Wall-clock time to a due time: "in 2 h 10 min", "in 6 days 23 h", or "overdue by 3 min".
fn remaining(ms: i64) -> String {
    const DAY_MS: i64 = 86_400_000;
    let text = if ms.abs() >= 2 * DAY_MS {
        let hours = ms.abs() % DAY_MS / 3_600_000;
        match hours {
            0 => format!("{} days", ms.abs() / DAY_MS),
            hours => format!("{} days {hours} h", ms.abs() / DAY_MS),
        }
    } else {
        duration_text(ms.abs())
    };
    if ms >= 0 {
        format!("in {text}")
    } else {
        format!("overdue by {text}")
    }
}

/// A ticket's SLA state in a list: breached, paused, or when the next target is due.
fn sla_summary(ticket: &Ticket, now: i64, staff: bool) -> Markup {
    let waiting = ticket.status == TicketStatus::WaitingOnPartner.as_str();
    html! {
        @if ticket.sla_breached { span.status-bad { "Breached" } br; }
        @if waiting {
            span.status-info { "Paused" } " "
            @if staff { "waiting on the partner" } @else { "until you answer" }
        } @else if let Some(due) = ticket.sla_due_at {
            @if due <= now { span.status-bad { "Overdue" } } @else { span.status-pending { "Due" } }
            " " (time(due)) br;
            span.muted { (remaining(due - now)) }
        } @else if !ticket.sla_breached {
            "—"
        }
    }
}

fn ticket_path(ticket: &Ticket) -> String {
    tickets::path(ticket)
}

pub async fn queue(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    PageQuery(query): PageQuery<QueueQuery>,
) -> PageResult<Response> {
    let staff = is_staff(&actor);
    let page_number = query.page.unwrap_or(1).clamp(1, 1_000_000);
    let status = chosen(&query.status);
    let open_only = match &status {
        Some(status) => status
            .parse::<TicketStatus>()
            .is_ok_and(TicketStatus::is_open),
        None => staff,
    };
    let filter = if staff {
        TicketFilter {
            organization_id: None,
            open_only,
            status: status.clone(),
            group_key: chosen(&query.group),
            severity: chosen(&query.severity),
            assignee_id: chosen(&query.mine).map(|_| user.id.clone()),
            sla: chosen(&query.sla),
        }
    } else {
        TicketFilter::default()
    };
    let (listed, total) = tickets::list(
        &state,
        &actor,
        filter,
        PER_PAGE,
        (page_number - 1) * PER_PAGE,
    )
    .await?;
    let pages = ((total + PER_PAGE - 1) / PER_PAGE).max(1);
    let now = state.clock.now_ms();
    let filters: Vec<(&str, String)> = [
        ("group", chosen(&query.group)),
        ("severity", chosen(&query.severity)),
        ("status", status.clone()),
        ("sla", chosen(&query.sla)),
        ("mine", chosen(&query.mine)),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.map(|value| (name, value)))
    .collect();
    let page_link = |page: i64| {
        let mut pairs = filters.clone();
        pairs.push(("page", page.to_string()));
        format!(
            "/support?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
    let title = if staff {
        "Support queue"
    } else {
        "Your organization's tickets"
    };
    let filter_form = if staff {
        let all_groups = groups::all(&state).await?;
        let group_choices: Vec<(&str, &str)> = all_groups
            .iter()
            .map(|group| (group.key.as_str(), group.name.as_str()))
            .collect();
        let view = FormView::plain();
        html! {
            form.filters method="get" action="/support" role="search" aria-label="Filter the queue" {
                (view.select_with("Group", "group", &group_choices, query.group.as_deref().unwrap_or(""), Some("Any")))
                (view.select_with("Severity", "severity", &choices::<Severity>(), query.severity.as_deref().unwrap_or(""), Some("Any")))
                (view.select_with("Status", "status", &choices::<TicketStatus>(), query.status.as_deref().unwrap_or(""), Some("Any open")))
                (view.select_with("SLA", "sla", SLA_STATES, query.sla.as_deref().unwrap_or(""), Some("Any")))
                (view.checkbox("Assigned to me", "mine", "yes", chosen(&query.mine).is_some()))
                button type="submit" { "Filter" }
            }
        }
    } else {
        html! {}
    };
    Ok(respond(page(
        Some(&actor),
        title,
        html! {
            h1 { (title) }
            (desk_nav(&actor))
            (notice(query.notice.as_deref()))
            @if staff {
                p { "Open tickets, the soonest due first. Choose a status to see solved or closed tickets." }
            } @else {
                p { "Every ticket of your organization, the most recently updated first. Due times are when we promise to answer or solve, counted in our working hours." }
            }
            p { a.button href="/support/new" { "New ticket" } }
            (filter_form)
            @if listed.is_empty() {
                p.muted { @if staff { "No ticket matches these filters." } @else { "Your organization has no ticket yet." } }
            } @else {
                div.table-scroll tabindex="0" role="region" aria-label="Tickets (scrolls sideways when wide)" {
                    table #tickets {
                        caption.visually-hidden { (title) }
                        thead { tr {
                            th scope="col" { "Ticket" }
                            @if staff { th scope="col" { "Organization" } }
                            th scope="col" { "Severity" }
                            th scope="col" { "Status" }
                            @if staff { th scope="col" { "Group" } th scope="col" { "Assignee" } }
                            th scope="col" { "SLA: next due" }
                            th scope="col" { "Updated" }
                        } }
                        tbody { @for ticket in &listed {
                            tr {
                                td { a href=(ticket_path(ticket)) { "#" (ticket.number) " " (ticket.subject) } }
                                @if staff { td { (ticket.organization_name) } }
                                td { (severity_label(&ticket.severity)) }
                                td { (status_label(&ticket.status)) }
                                @if staff {
                                    td { (ticket.group_name.as_deref().unwrap_or("—")) }
                                    td { (ticket.assignee_name.as_deref().unwrap_or("—")) }
                                }
                                td { (sla_summary(ticket, now, staff)) }
                                td { (time(ticket.updated_at)) }
                            }
                        } }
                    }
                }
            }
            nav.pager aria-label="Pages of tickets" {
                @if total > COUNT_CAP {
                    span { "Page " (page_number) " of more than " (COUNT_CAP / PER_PAGE) " (more than " (COUNT_CAP) " tickets)" }
                } @else {
                    span { "Page " (page_number.min(pages)) " of " (pages) " (" (total) " tickets)" }
                }
                @if page_number > 1 { a rel="prev" href=(page_link((page_number - 1).min(pages))) { "Previous" } }
                @if page_number < pages { a rel="next" href=(page_link(page_number + 1)) { "Next" } }
            }
        },
    )))
}

#[derive(Debug, Default, Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    notice: Option<String>,
}

fn target_state(target: &TargetView) -> Markup {
    html! {
        @match target.state {
            TargetState::Active => span.status-pending { "Active" },
            TargetState::Paused => span.status-info { "Paused" },
            TargetState::Achieved => span.status-ok { "Achieved" },
            TargetState::Breached => span.status-bad { "Breached" },
        }
    }
}

fn target_remaining(target: &TargetView, staff: bool) -> Markup {
    html! {
        @if let Some(achieved_at) = target.achieved_at {
            "Met " (time(achieved_at))
        } @else if let Some(left) = target.remaining_ms {
            @if left < 0 {
                (duration_text(left))
            } @else if target.state == TargetState::Paused {
                (duration_text(left)) " of working time left when the clock restarts"
            } @else {
                (duration_text(left)) " of working time left"
            }
        } @else {
            "—"
        }
        @if staff && target.escalation_level > 0 {
            br; span.muted { "Escalated " (target.escalation_level) " time" @if target.escalation_level > 1 { "s" } }
        }
    }
}

/// Every target of the ticket: its state, due time (the reader's zone and UTC), what is left and
/// how the due time was counted.
fn sla_panel(actor: &Actor, view: &TicketView) -> Markup {
    html! {
        section.card aria-labelledby="sla-heading" {
            h2 #sla-heading { "Service level" }
            @if view.targets.is_empty() {
                p { "No service-level target applies to this ticket." }
            } @else {
                @if view.ticket.status == TicketStatus::WaitingOnPartner.as_str() {
                    p { span.status-info { "Paused" } " "
                        @if view.staff { "The clock is stopped while the ticket waits on the partner." }
                        @else { "The clock is stopped until you answer." } }
                }
                div.table-scroll tabindex="0" role="region" aria-label="Service-level targets (scrolls sideways when wide)" {
                    table #targets {
                        caption.visually-hidden { "Service-level targets of ticket #" (view.ticket.number) }
                        thead { tr {
                            th scope="col" { "Target" } th scope="col" { "State" } th scope="col" { "Due" }
                            th scope="col" { "Remaining" } th scope="col" { "How the due time is counted" }
                        } }
                        tbody { @for target in &view.targets {
                            tr {
                                th scope="row" { (target.label) }
                                td { (target_state(target)) }
                                td { @match target.due_at { Some(due) => (both_times(actor, due)), None => "When the clock restarts" } }
                                td { (target_remaining(target, view.staff)) }
                                td { @if target.explanation.is_empty() { "—" } @else { (target.explanation) } }
                            }
                        } }
                    }
                }
            }
        }
    }
}

fn attachment_list(ticket: &Ticket, attachments: &[&Attachment]) -> Markup {
    html! {
        @if !attachments.is_empty() {
            ul.attachments aria-label="Attachments" {
                @for attachment in attachments {
                    li {
                        a href={ (ticket_path(ticket)) "/attachments/" (attachment.id) } { (attachment.filename) }
                        " (" (content_type_label(&attachment.content_type)) ", " (size_label(attachment.size_bytes)) ")"
                    }
                }
            }
        }
    }
}

/// Markdown a person wrote, rendered safely (raw HTML shown as text, only http, https and mailto
/// links), its headings moved so that the highest is an `h{top}` under the page's own.
fn markdown(text: &str, top: usize) -> Markup {
    let highest = pulldown_cmark::Parser::new(text)
        .filter_map(|event| match event {
            pulldown_cmark::Event::Start(pulldown_cmark::Tag::Heading { level, .. }) => {
                Some(level as usize)
            }
            _ => None,
        })
        .min()
        .unwrap_or(1);
    PreEscaped(markdown_to_html_nested(text, top.saturating_sub(highest)))
}

struct StaffChoices {
    groups: Vec<(String, String)>,
    agents: Vec<(String, String)>,
}

async fn staff_choices(state: &AppState) -> Result<StaffChoices, AppError> {
    let groups = groups::all(state)
        .await?
        .into_iter()
        .map(|group| (group.key, group.name))
        .collect();
    let agents = onramp_store::support::groups::agents(state.store.pool())
        .await?
        .into_iter()
        .map(|agent| (agent.user_id, format!("{} ({})", agent.name, agent.email)))
        .collect();
    Ok(StaffChoices { groups, agents })
}

fn pairs(options: &[(String, String)]) -> Vec<(&str, &str)> {
    options
        .iter()
        .map(|(value, label)| (value.as_str(), label.as_str()))
        .collect()
}

fn reply_card(
    state: &AppState,
    actor: &Actor,
    view: &TicketView,
    refusal: Option<&Refusal>,
) -> Markup {
    let ticket = &view.ticket;
    let status = ticket
        .status
        .parse::<TicketStatus>()
        .unwrap_or(TicketStatus::Open);
    let form = FormView::prefixed("reply", refusal);
    let body_label = if view.staff {
        "Reply or note (Markdown)"
    } else {
        "Your reply (Markdown)"
    };
    let body = form.textarea(body_label, "body", "");
    let internal = view.staff.then(|| {
        form.checkbox(
            "Internal note — not shown to the partner",
            "internal",
            "yes",
            false,
        )
    });
    let moves: Vec<(&str, &str)> = status
        .staff_moves()
        .iter()
        .map(|status| (status.as_str(), status.label()))
        .collect();
    let status_field = (view.staff && !moves.is_empty()).then(|| {
        form.select_with(
            "Then move the ticket to",
            "status",
            &moves,
            "",
            Some("Leave it as the reply implies"),
        )
    });
    let attachments_id = form.dom_id("attachments");
    let limit = max_document_bytes(&state.config);
    let fields = [
        ("body", form.dom_id("body"), body_label),
        (
            "internal",
            form.dom_id("internal"),
            "Internal note — not shown to the partner",
        ),
        ("status", form.dom_id("status"), "Then move the ticket to"),
        ("attachments", attachments_id.clone(), "Attachments"),
    ];
    let closed = status == TicketStatus::Closed;
    let solved_too_long = !view.staff && status == TicketStatus::Solved && !view.reopenable;
    html! {
        section.card aria-labelledby="reply-heading" {
            h2 #reply-heading { @if view.staff { "Reply or add an internal note" } @else { "Reply" } }
            @if closed {
                p { "The ticket is closed. To follow up, " a href="/support/new" { "open a new ticket" } " and mention #" (ticket.number) "." }
            } @else if solved_too_long {
                p { "The ticket was solved more than " (REOPEN_DAYS) " days ago. To follow up, " a href="/support/new" { "open a new ticket" } " and mention #" (ticket.number) "." }
            } @else {
                @if !view.staff && view.reopenable {
                    p { strong { "This ticket is solved." } " If something is still wrong, reply within " (REOPEN_DAYS) " days of its solving to reopen it." }
                }
                (summary(&form, &fields))
                form method="post" enctype="multipart/form-data" novalidate
                    action=(upload_action(&format!("{}/replies", ticket_path(ticket)), &actor.csrf_token)) {
                    (body)
                    p.muted { "Markdown works: **bold**, lists, `code`, links. HTML is shown as text." }
                    @if let Some(internal) = &internal { (internal) }
                    @if let Some(status_field) = &status_field { (status_field) }
                    (attachments_input(&form, &attachments_id, limit))
                    button type="submit" { @if view.staff { "Send" } @else { "Send the reply" } }
                }
            }
        }
    }
}

fn status_card(actor: &Actor, ticket: &Ticket, refusal: Option<&Refusal>) -> Markup {
    let status = ticket
        .status
        .parse::<TicketStatus>()
        .unwrap_or(TicketStatus::Open);
    let moves: Vec<(&str, &str)> = status
        .staff_moves()
        .iter()
        .map(|status| (status.as_str(), status.label()))
        .collect();
    let form = FormView::prefixed("status", refusal);
    let field = form.select_with("New status", "status", &moves, "", None);
    html! {
        section.card aria-labelledby="status-heading" {
            h2 #status-heading { "Status" }
            p { "Now " strong { (status.label()) } ". Waiting on the partner stops the SLA clock; solving sends the satisfaction survey." }
            @if moves.is_empty() {
                p { "A closed ticket stays closed." }
            } @else {
                (form.summary())
                form method="post" action={ (ticket_path(ticket)) "/status" } {
                    (csrf_input(actor))
                    (field)
                    button type="submit" { "Change the status" }
                }
            }
        }
    }
}

fn assignment_card(
    actor: &Actor,
    ticket: &Ticket,
    choices: &StaffChoices,
    refusal: Option<&Refusal>,
) -> Markup {
    let form = FormView::prefixed("assignment", refusal);
    let fields = html! {
        (form.select_with("Group", "group_key", &pairs(&choices.groups), ticket.group_key.as_deref().unwrap_or(""), Some("No group")))
        (form.select_with("Assignee", "assignee_id", &pairs(&choices.agents), ticket.assignee_id.as_deref().unwrap_or(""), Some("Nobody")))
        (form.text("Tags (separated by spaces or commas)", "tags", &ticket.tags))
    };
    html! {
        section.card aria-labelledby="assignment-heading" {
            h2 #assignment-heading { "Assignment" }
            (form.summary())
            form method="post" action={ (ticket_path(ticket)) "/assignment" } novalidate {
                (csrf_input(actor))
                (fields)
                button type="submit" { "Save the assignment" }
            }
        }
    }
}

async fn ticket_markup(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: Option<&Refusal>,
    notice_key: Option<&str>,
) -> PageResult<Markup> {
    let view = tickets::view(state, actor, id).await?;
    let staff_choices = if view.staff {
        Some(staff_choices(state).await?)
    } else {
        None
    };
    let ticket = &view.ticket;
    let opening_files: Vec<&Attachment> = view
        .attachments
        .iter()
        .filter(|attachment| attachment.message_id.is_none())
        .collect();
    let tags: Vec<&str> = ticket.tags.split_whitespace().collect();
    let requester = match (&ticket.requester_name, ticket.source.as_str()) {
        (Some(name), _) => name.clone(),
        (None, "signal") => "Onramp (noticed automatically)".to_owned(),
        (None, _) => "—".to_owned(),
    };
    let title = format!("#{} {}", ticket.number, ticket.subject);
    Ok(page(
        Some(actor),
        &title,
        html! {
            p { a href="/support" { @if view.staff { "← Support queue" } @else { "← Your organization's tickets" } } }
            h1 { "#" (ticket.number) " " (ticket.subject) }
            (desk_nav(actor))
            (notice(notice_key))
            div.card {
                dl {
                    dt { "Organization" } dd { (ticket.organization_name) }
                    dt { "Status" } dd { (status_label(&ticket.status)) }
                    dt { "Severity" } dd { (severity_label(&ticket.severity)) }
                    dt { "Category" } dd { (category_label(&ticket.category)) }
                    dt { "Requester" } dd {
                        (requester)
                        @if let (true, Some(email)) = (view.staff, &ticket.requester_email) { " (" (email) ")" }
                    }
                    dt { "Group" } dd { (ticket.group_name.as_deref().unwrap_or("—")) }
                    dt { "Assignee" } dd { (ticket.assignee_name.as_deref().unwrap_or("Not assigned yet")) }
                    @if !tags.is_empty() {
                        dt { "Tags" } dd { @for (index, tag) in tags.iter().enumerate() { @if index > 0 { " " } span.badge { (tag) } } }
                    }
                    dt { "Opened" } dd { (time(ticket.opened_at)) }
                    dt { "Updated" } dd { (time(ticket.updated_at)) }
                    @if let Some(solved) = ticket.solved_at { dt { "Solved" } dd { (time(solved)) } }
                    @if view.staff {
                        @if let Some(rating) = ticket.csat_rating {
                            dt { "Satisfaction" } dd { (rating) " of 5"
                                @if let Some(comment) = ticket.csat_comment.as_deref().filter(|c| !c.is_empty()) { ": “" (comment) "”" } }
                        }
                    }
                }
                @if !view.links.is_empty() {
                    h2 { "About" }
                    ul { @for link in &view.links {
                        li { a href=(link.path) { (link.label) } " " span.muted { "(" (link_kind_label(&link.kind).to_lowercase()) ")" } }
                    } }
                }
            }
            (sla_panel(actor, &view))
            section.card aria-labelledby="description-heading" {
                h2 #description-heading { "Description" }
                p.muted { (requester) ", " (time(ticket.opened_at)) }
                div.prose { (markdown(&ticket.description, 3)) }
                (attachment_list(ticket, &opening_files))
            }
            section aria-labelledby="conversation-heading" #conversation {
                h2 #conversation-heading { "Conversation" }
                @if view.messages.is_empty() {
                    p.muted { "No reply yet." }
                }
                @for message in &view.messages {
                    @let internal = message.visibility == "internal";
                    @let files: Vec<&Attachment> = view.attachments.iter().filter(|a| a.message_id.as_deref() == Some(message.id.as_str())).collect();
                    article.card.internal-note[internal] {
                        h3 {
                            (message.author_name.as_deref().unwrap_or("Onramp"))
                            @if message.author_is_staff { " " span.badge { "Support" } }
                            span.muted { " · " (time(message.created_at)) }
                        }
                        @if internal {
                            p { strong.status-info { "Internal note — not shown to the partner" } }
                        }
                        div.prose { (markdown(&message.body, 4)) }
                        (attachment_list(ticket, &files))
                    }
                }
            }
            (reply_card(state, actor, &view, refusal))
            @if let Some(choices) = &staff_choices {
                (status_card(actor, ticket, refusal))
                (assignment_card(actor, ticket, choices, refusal))
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        ticket_markup(&state, &actor, &id, None, query.notice.as_deref()).await?,
    ))
}

/// After a form on the ticket's page: to the page with a notice, or the page again with the
/// refusal.
async fn after(
    state: &AppState,
    actor: &Actor,
    id: &str,
    result: Result<&'static str, AppError>,
    form: &'static str,
    input: &impl Serialize,
) -> PageResult<Response> {
    match result {
        Ok(notice_key) => {
            Ok(Redirect::to(&format!("/support/tickets/{id}?notice={notice_key}")).into_response())
        }
        Err(error) => {
            let refusal = Refusal::of(form, input, error)?;
            rerender(state, actor, id, &refusal).await
        }
    }
}

async fn rerender(
    state: &AppState,
    actor: &Actor,
    id: &str,
    refusal: &Refusal,
) -> PageResult<Response> {
    let markup = ticket_markup(state, actor, id, Some(refusal), None).await?;
    Ok(refused_page(refusal, markup))
}

/// `POST /support/tickets/{id}/replies` (multipart): a reply or, for staff, an internal note,
/// with files and an optional move.
pub async fn reply(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let submitted = match read_multipart(multipart, "attachments").await {
        Ok(submitted) => submitted,
        Err(error) => {
            let refusal = unreadable("reply", error)?;
            return rerender(&state, &actor, &id, &refusal).await;
        }
    };
    let input = ReplyInput {
        body: submitted.value("body").to_owned(),
        internal: submitted.value("internal") == "yes",
        status: submitted.value("status").to_owned(),
        attachments: submitted.files.clone(),
    };
    let result = match submitted.check() {
        Ok(()) => tickets::reply(&state, &actor, &id, &input).await.map(|_| {
            if input.internal {
                "noted"
            } else {
                "replied"
            }
        }),
        Err(error) => Err(error),
    };
    after(&state, &actor, &id, result, "reply", &submitted.fields).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn status(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<StatusForm>,
) -> PageResult<Response> {
    let result = tickets::set_status(&state, &actor, &id, &form.status)
        .await
        .map(|_| "status_changed");
    after(&state, &actor, &id, result, "status", &form).await
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct AssignmentForm {
    #[serde(default)]
    group_key: String,
    #[serde(default)]
    assignee_id: String,
    #[serde(default)]
    tags: String,
}

pub async fn assignment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<AssignmentForm>,
) -> PageResult<Response> {
    let result = tickets::assign(
        &state,
        &actor,
        &id,
        &form.group_key,
        &form.assignee_id,
        &form.tags,
    )
    .await
    .map(|_| "assigned");
    after(&state, &actor, &id, result, "assignment", &form).await
}

/// An attachment's bytes, downloaded with its sniffed type.
pub async fn attachment(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, attachment_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let (attachment, content) = tickets::attachment(&state, &actor, &id, &attachment_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, attachment.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", attachment.filename),
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        content,
    )
        .into_response())
}
