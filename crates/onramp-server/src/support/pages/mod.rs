//! The support desk's pages: `tickets` (the queue or an organization's tickets, one ticket with
//! its conversation and SLA panel, replies, moves, assignment, attachments), `new_ticket` (the
//! form a ticket is opened with), `policies` (calendars, SLA policies and their example due
//! times), `groups` (support groups and who is on call), `reports` (attainment, time
//! distributions, backlog, satisfaction, CSV) and `satisfaction` (the survey a requester answers
//! without signing in).

pub mod groups;
pub mod new_ticket;
pub mod policies;
pub mod reports;
pub mod satisfaction;
pub mod tickets;

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::Multipart;
use axum::http::{Method, StatusCode};
use jiff::tz::TimeZone;
use maud::{html, Markup};
use onramp_core::support::{Severity, TicketStatus};
use onramp_core::Role;

use crate::registry::services::documents::Upload;
use crate::routes::{route, RouteKind, RouteSpec, PROGRAM_ADMIN};
use crate::state::AppState;
use crate::support::routes::{SUPPORT_STAFF, TICKET_USERS};
use crate::support::services::is_support_staff;
use crate::web::access::Access;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::extract::check_text;
use crate::web::forms::{FormView, Refusal};
use crate::web::layout::{time, time_in};

/// The pages' rows of the route table.
pub fn routes() -> Vec<RouteSpec> {
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    vec![
        route(get(), "/support", Page, Roles(TICKET_USERS), tickets::queue),
        route(
            get(),
            "/support/new",
            Page,
            Roles(TICKET_USERS),
            new_ticket::form,
        ),
        route(
            post(),
            "/support/tickets",
            Page,
            Roles(TICKET_USERS),
            new_ticket::create,
        ),
        route(
            get(),
            "/support/tickets/{id}",
            Page,
            Roles(TICKET_USERS),
            tickets::show,
        ),
        route(
            post(),
            "/support/tickets/{id}/replies",
            Page,
            Roles(TICKET_USERS),
            tickets::reply,
        ),
        route(
            post(),
            "/support/tickets/{id}/status",
            Page,
            Roles(SUPPORT_STAFF),
            tickets::status,
        ),
        route(
            post(),
            "/support/tickets/{id}/assignment",
            Page,
            Roles(SUPPORT_STAFF),
            tickets::assignment,
        ),
        route(
            get(),
            "/support/tickets/{id}/attachments/{attachment}",
            Page,
            Roles(TICKET_USERS),
            tickets::attachment,
        ),
        route(
            get(),
            "/support/policies",
            Page,
            Roles(SUPPORT_STAFF),
            policies::show,
        ),
        route(
            post(),
            "/support/policies/calendars",
            Page,
            Roles(PROGRAM_ADMIN),
            policies::save_calendar,
        ),
        route(
            post(),
            "/support/policies",
            Page,
            Roles(PROGRAM_ADMIN),
            policies::save_policy,
        ),
        route(
            post(),
            "/support/policies/{id}/delete",
            Page,
            Roles(PROGRAM_ADMIN),
            policies::delete,
        ),
        route(
            get(),
            "/support/groups",
            Page,
            Roles(SUPPORT_STAFF),
            groups::show,
        ),
        route(
            post(),
            "/support/groups",
            Page,
            Roles(PROGRAM_ADMIN),
            groups::save,
        ),
        route(
            get(),
            "/support/reports",
            Page,
            Roles(SUPPORT_STAFF),
            reports::overview,
        ),
        route(
            get(),
            "/support/reports/attainment.csv",
            Page,
            Roles(SUPPORT_STAFF),
            reports::attainment_csv,
        ),
        route(
            get(),
            "/support/reports/backlog.csv",
            Page,
            Roles(SUPPORT_STAFF),
            reports::backlog_csv,
        ),
        route(
            get(),
            "/support/satisfaction/{token}",
            Page,
            Public,
            satisfaction::show,
        ),
        route(
            post(),
            "/support/satisfaction/{token}",
            Page,
            Public,
            satisfaction::answer,
        ),
    ]
}

/// A notice chosen by a fixed key in the query string (never echoed text).
fn notice_text(key: Option<&str>) -> Option<&'static str> {
    match key {
        Some("created") => {
            Some("The ticket is open. We emailed a confirmation; replies arrive by email and here.")
        }
        Some("replied") => Some("Your reply is added to the conversation."),
        Some("noted") => Some("The internal note is added; the partner does not see it."),
        Some("status_changed") => Some("The ticket's status is changed."),
        Some("assigned") => Some("The group, assignee and tags are saved."),
        Some("calendar_saved") => {
            Some("The calendar is saved. Running clocks keep the calendar they started with.")
        }
        Some("policy_saved") => {
            Some("The policy is saved. It applies to tickets opened from now on.")
        }
        Some("policy_deleted") => Some(
            "The policy is removed; tickets opened from now on use the next policy that applies.",
        ),
        Some("group_saved") => Some("The group is saved; its rotation starts now."),
        _ => None,
    }
}

fn notice(key: Option<&str>) -> Markup {
    html! {
        @if let Some(text) = notice_text(key) { div.notice role="status" { (text) } }
    }
}

/// The reader's time zone and its name (UTC when they chose none).
fn reader_zone(actor: &Actor) -> (TimeZone, String) {
    actor
        .user()
        .and_then(|user| user.time_zone.clone())
        .and_then(|name| TimeZone::get(&name).ok().map(|zone| (zone, name)))
        .unwrap_or_else(|| (TimeZone::UTC, "UTC".to_owned()))
}

/// An instant in the reader's zone and, when that is not UTC, in UTC too.
fn both_times(actor: &Actor, ms: i64) -> Markup {
    let (_, zone_name) = reader_zone(actor);
    html! {
        (time(ms))
        @if zone_name != "UTC" { br; span.muted { (time_in(ms, &TimeZone::UTC)) } }
    }
}

/// Every organization, by name, for the staff's choice.
async fn organizations(state: &AppState) -> Result<Vec<(String, String)>, AppError> {
    let mut listed = onramp_store::registry::list(
        state.store.pool(),
        &onramp_store::registry::ListFilter::default(),
        5_000,
    )
    .await?
    .into_iter()
    .map(|profile| (profile.id, profile.name))
    .collect::<Vec<_>>();
    listed.sort_by_key(|(_, name)| name.to_lowercase());
    Ok(listed)
}

/// Whether the signed-in person works tickets (every organization's).
fn is_staff(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| is_support_staff(user.role))
}

fn is_program_admin(actor: &Actor) -> bool {
    actor
        .user()
        .is_some_and(|user| user.role == Role::ProgramAdmin)
}

/// The desk's own navigation, for staff.
fn desk_nav(actor: &Actor) -> Markup {
    html! {
        @if is_staff(actor) {
            nav aria-label="Support desk" {
                ul.inline {
                    li { a href="/support" { "Queue" } }
                    li { a href="/support/new" { "New ticket" } }
                    li { a href="/support/policies" { "SLA policies" } }
                    li { a href="/support/groups" { "Groups" } }
                    li { a href="/support/reports" { "Reports" } }
                }
            }
        }
    }
}

fn severity_label(stored: &str) -> &str {
    onramp_core::vocabulary::label_of::<Severity>(stored)
}

fn status_label(stored: &str) -> &str {
    onramp_core::vocabulary::label_of::<TicketStatus>(stored)
}

/// What a link kind is called.
fn link_kind_label(kind: &str) -> &str {
    match kind {
        "enrollment" => "Enrollment",
        "step" => "Task",
        "gate" => "Gate",
        "test_run" => "Test run",
        "sandbox_message" => "Sandbox message",
        "credential" => "Client credentials",
        "environment" => "Environment",
        "certificate" => "Certificate",
        other => other,
    }
}

/// Minutes as a duration ("4 h", "40 min"), or "—" for none.
fn minutes_text(minutes: Option<i64>) -> String {
    minutes.map_or_else(
        || "—".to_owned(),
        |minutes| crate::support::services::targets::duration_text(minutes * 60_000),
    )
}

/// The error summary of a form that has fields `FormView` does not draw (radio groups, checkbox
/// groups, file inputs): each entry names its field, by `(name, element id, label)`, and links to
/// it; errors of no listed field are said as they are.
fn summary(view: &FormView<'_>, fields: &[(&str, String, &str)]) -> Markup {
    let errors = view.errors();
    html! {
        @if !errors.is_empty() {
            div.alert.error-summary role="alert" aria-labelledby="error-summary-title" tabindex="-1" {
                h2 #error-summary-title { "There is a problem" }
                ul {
                    @for error in errors {
                        @match fields.iter().find(|(name, _, _)| belongs_to(&error.field, name)) {
                            Some((_, id, label)) => li { a href={ "#" (id) } { (label) ": " (error.message) } },
                            None => li { (error.message) },
                        }
                    }
                }
            }
        }
    }
}

/// Whether an error about `field` belongs to the input `name` (as `FormView` decides it).
fn belongs_to(field: &str, name: &str) -> bool {
    !name.is_empty()
        && field
            .strip_prefix(name)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(['.', '[', '/']))
}

/// A field's error paragraph, with the id its input points to.
fn field_error(error: Option<&FieldError>, error_id: &str) -> Markup {
    html! {
        @if let Some(error) = error {
            p.field-error id=(error_id) { span.visually-hidden { "Error: " } (error.message) }
        }
    }
}

/// The values submitted under `name` when `view`'s form was refused, else `defaults`.
fn submitted_values(
    refusal: Option<&Refusal>,
    form: &str,
    name: &str,
    defaults: &[String],
) -> Vec<String> {
    match refusal.filter(|refusal| refusal.form == form) {
        Some(refusal) => refusal
            .input
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect(),
        None => defaults.to_vec(),
    }
}

/// A group of checkboxes in a fieldset: `(value, label)` options, those in `checked` ticked.
/// Element ids are `{id_prefix}-{index}`; the first is what an error summary links to.
fn checkbox_group(
    legend: &str,
    name: &str,
    id_prefix: &str,
    options: &[(String, String)],
    checked: &[String],
    error: Option<&FieldError>,
) -> Markup {
    let error_id = format!("{id_prefix}-error");
    html! {
        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| error_id.as_str())] {
            legend { (legend) }
            (field_error(error, &error_id))
            @for (index, (value, label)) in options.iter().enumerate() {
                div.check {
                    input type="checkbox" id={ (id_prefix) "-" (index) } name=(name) value=(value)
                        checked[checked.contains(value)];
                    label for={ (id_prefix) "-" (index) } { (label) }
                }
            }
        }
    }
}

/// A file input for attachments (several at once).
fn attachments_input(view: &FormView<'_>, id: &str, limit: usize) -> Markup {
    let error = view.error("attachments");
    let error_id = format!("{id}-error");
    html! {
        div.field.invalid[error.is_some()] {
            label for=(id) { "Attachments (optional: PDF, PNG or JPEG, at most " (limit / 1024) " KiB each and in all)" }
            (field_error(error, &error_id))
            input type="file" id=(id) name="attachments" multiple
                accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
                aria-invalid=[error.map(|_| "true")]
                aria-describedby=[error.map(|_| error_id.as_str())];
        }
    }
}

/// A multipart form as it arrived: its text fields in order, its files, and the text fields that
/// carry a character Onramp never accepts.
#[derive(Debug, Default)]
struct Submitted {
    fields: Vec<(String, String)>,
    files: Vec<Upload>,
    problems: Vec<FieldError>,
}

impl Submitted {
    fn value(&self, name: &str) -> &str {
        self.fields
            .iter()
            .find(|(key, _)| key == name)
            .map_or("", |(_, value)| value.as_str())
    }

    fn values(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.clone())
            .collect()
    }

    /// The problems found while reading, as a refusal-ready error.
    fn check(&self) -> Result<(), AppError> {
        if self.problems.is_empty() {
            Ok(())
        } else {
            Err(AppError::validation(self.problems.clone()))
        }
    }
}

fn multipart_error(error: &MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(format!("the form could not be read: {}", error.body_text()))
    }
}

/// Reads a multipart form: the files of `file_field` (empty parts, which browsers send when no
/// file is chosen, left out) and every other field as text.
async fn read_multipart(
    multipart: Result<Multipart, MultipartRejection>,
    file_field: &str,
) -> Result<Submitted, AppError> {
    let mut multipart = multipart
        .map_err(|_| AppError::BadRequest("send the form as multipart/form-data".to_owned()))?;
    let mut submitted = Submitted::default();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|error| multipart_error(&error))?
    {
        let name = field.name().unwrap_or("").to_owned();
        if name == file_field {
            let filename = field.file_name().unwrap_or("").to_owned();
            let bytes = field
                .bytes()
                .await
                .map_err(|error| multipart_error(&error))?;
            if !bytes.is_empty() {
                submitted.files.push(Upload {
                    filename,
                    bytes: bytes.to_vec(),
                });
            }
            continue;
        }
        let text = field
            .text()
            .await
            .map_err(|error| multipart_error(&error))?;
        if let Err(problem) = check_text(&name, &name).and_then(|()| check_text(&name, &text)) {
            submitted.problems.push(problem);
        }
        submitted.fields.push((name, text));
    }
    Ok(submitted)
}

/// A form that could not be read at all (too large, not multipart): a refusal of `form` with the
/// reason beside its attachments; other errors pass on.
fn unreadable(form: &'static str, error: AppError) -> Result<Refusal, AppError> {
    let status = error.status();
    let message = match error {
        AppError::PayloadTooLarge => {
            "the form with its files is larger than this server accepts; send fewer or smaller files"
                .to_owned()
        }
        AppError::BadRequest(message) => message,
        other => return Refusal::of(form, &(), other),
    };
    Ok(Refusal::new(
        form,
        &(),
        vec![FieldError::new("attachments", message)],
        status,
    ))
}
