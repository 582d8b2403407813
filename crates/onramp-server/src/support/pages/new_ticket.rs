//! `/support/new`: the form a ticket is opened with — subject, description (Markdown), severity
//! with each one's definition, category, what it is about (the organization's enrollments,
//! tasks, runs, environments, …) and attachments. Staff first choose the organization the ticket
//! is for. `POST /support/tickets` opens it.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::support::Severity;
use serde::Deserialize;

use super::{
    attachments_input, desk_nav, field_error, is_staff, organizations, read_multipart,
    submitted_values, summary, unreadable,
};
use crate::registry::services::documents::max_document_bytes;
use crate::state::AppState;
use crate::support::services::groups::CATEGORIES;
use crate::support::services::tickets::{self, TicketInput};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::csrf::upload_action;
use crate::web::error::{FieldError, PageResult};
use crate::web::extract::PageQuery;
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{page, respond};

const FORM: &str = "ticket";

#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    organization_id: Option<String>,
}

/// The severities as radio buttons, each with its definition.
fn severity_field(view: &FormView<'_>, selected: &str) -> Markup {
    let error = view.error("severity");
    let selected = view.value("severity", selected);
    html! {
        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| "severity-error")] {
            legend { "Severity" }
            (field_error(error, "severity-error"))
            @for severity in Severity::ALL {
                div.check {
                    input type="radio" id={ "severity-" (severity.as_str()) } name="severity"
                        value=(severity.as_str()) checked[severity.as_str() == selected];
                    label for={ "severity-" (severity.as_str()) } {
                        strong { (severity.label()) } " — " (severity.definition())
                    }
                }
            }
        }
    }
}

/// What a kind of linked thing is called, in the plural.
fn kind_plural(kind: &str) -> &str {
    match kind {
        "enrollment" => "Enrollments",
        "step" => "Tasks",
        "gate" => "Gates",
        "test_run" => "Test runs",
        "sandbox_message" => "Sandbox messages",
        "credential" => "Client credentials",
        "environment" => "Environments",
        "certificate" => "Certificates",
        other => other,
    }
}

/// What the ticket is about: a checkbox per linkable thing, grouped by kind. Element ids are
/// `links-{index}` across the groups; the first is what the error summary links to.
fn links_field(
    groups: &[(&str, Vec<(String, String)>)],
    checked: &[String],
    error: Option<&FieldError>,
) -> Markup {
    let mut index = 0;
    let mut next = || {
        let id = format!("links-{index}");
        index += 1;
        id
    };
    html! {
        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| "links-error")] {
            legend { "What is this about? (optional: tick what the ticket concerns)" }
            (field_error(error, "links-error"))
            @for (kind, options) in groups {
                fieldset {
                    legend { (kind_plural(kind)) }
                    @for (value, label) in options {
                        @let id = next();
                        div.check {
                            input type="checkbox" id=(id) name="links" value=(value) checked[checked.contains(value)];
                            label for=(id) { (label) }
                        }
                    }
                }
            }
        }
    }
}

async fn form_markup(
    state: &AppState,
    actor: &Actor,
    organization_id: Option<&str>,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let staff = is_staff(actor);
    let view = FormView::new(FORM, refusal);
    // Staff: the organization chosen (one that exists), and every organization to choose from.
    let (organization, all_organizations) = if staff {
        let all = organizations(state).await?;
        let chosen = organization_id
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .and_then(|id| all.iter().find(|(known, _)| known == id).cloned());
        (chosen, all)
    } else {
        (None, Vec::new())
    };
    let picking = staff && organization.is_none();
    let link_choices = if picking {
        Vec::new()
    } else {
        tickets::link_choices(
            state,
            actor,
            organization.as_ref().map(|(id, _)| id.as_str()),
        )
        .await?
    };
    // The choices by kind, in the order the service lists them.
    let mut link_groups: Vec<(&str, Vec<(String, String)>)> = Vec::new();
    for choice in &link_choices {
        let option = (
            format!("{}:{}", choice.kind, choice.id),
            choice.label.clone(),
        );
        match link_groups
            .iter_mut()
            .find(|(kind, _)| *kind == choice.kind.as_str())
        {
            Some((_, options)) => options.push(option),
            None => link_groups.push((choice.kind.as_str(), vec![option])),
        }
    }
    let links_checked = submitted_values(refusal, FORM, "links", &[]);
    let limit = max_document_bytes(&state.config);
    let category_choices: Vec<(&str, &str)> = CATEGORIES.to_vec();
    let fields = [
        (
            "organization_id",
            "organization_id".to_owned(),
            "Organization",
        ),
        ("subject", "subject".to_owned(), "Subject"),
        (
            "description",
            "description".to_owned(),
            "Description (Markdown)",
        ),
        ("severity", "severity-critical".to_owned(), "Severity"),
        ("category", "category".to_owned(), "Category"),
        ("links", "links-0".to_owned(), "What is this about?"),
        ("attachments", "attachments".to_owned(), "Attachments"),
    ];
    let body = if picking {
        let picker = FormView::new(FORM, refusal);
        let organization_choices: Vec<(&str, &str)> = all_organizations
            .iter()
            .map(|(id, name)| (id.as_str(), name.as_str()))
            .collect();
        let select = picker.select(
            "Organization",
            "organization_id",
            &organization_choices,
            organization_id.unwrap_or(""),
        );
        html! {
            div.card {
                h2 { "Who is the ticket for?" }
                p { "Choose the organization first: the form then lists its enrollments, runs and environments the ticket can be about." }
                (summary(&view, &fields))
                form method="get" action="/support/new" {
                    (select)
                    button type="submit" { "Continue" }
                }
            }
        }
    } else {
        let subject = view.text("Subject", "subject", "");
        let description = view.textarea("Description (Markdown)", "description", "");
        let category = view.select("Category", "category", &category_choices, "");
        html! {
            div.card {
                @if let Some((_, name)) = &organization {
                    p { "For " strong { (name) } ". " a href="/support/new" { "Choose another organization" } }
                }
                (summary(&view, &fields))
                form #ticket-form method="post" enctype="multipart/form-data" novalidate
                    action=(upload_action("/support/tickets", &actor.csrf_token)) {
                    @if let Some((id, _)) = &organization {
                        input type="hidden" name="organization_id" value=(id);
                    }
                    (subject)
                    (description)
                    p.muted { "Say what you expected and what happened, with the times and identifiers you have. Markdown works: **bold**, lists, `code`, links. Never paste patient data." }
                    (severity_field(&view, Severity::Normal.as_str()))
                    (category)
                    @if link_groups.is_empty() {
                        p.muted { "Nothing to link yet: enrollments, runs and environments appear here once there are some." }
                    } @else {
                        (links_field(&link_groups, &links_checked, view.error("links")))
                    }
                    (attachments_input(&view, "attachments", limit))
                    button type="submit" { "Open the ticket" }
                }
            }
        }
    };
    Ok(page(
        Some(actor),
        "New ticket",
        html! {
            p { a href="/support" { "← Support" } }
            h1 { "New ticket" }
            (desk_nav(actor))
            (body)
        },
    ))
}

pub async fn form(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NewQuery>,
) -> PageResult<Response> {
    Ok(respond(
        form_markup(&state, &actor, query.organization_id.as_deref(), None).await?,
    ))
}

/// `POST /support/tickets` (multipart): opens the ticket and shows it, or the form again with
/// what to put right.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let submitted = match read_multipart(multipart, "attachments").await {
        Ok(submitted) => submitted,
        Err(error) => {
            let refusal = unreadable(FORM, error)?;
            let markup = form_markup(&state, &actor, None, Some(&refusal)).await?;
            return Ok(refused_page(&refusal, markup));
        }
    };
    let input = TicketInput {
        subject: submitted.value("subject").to_owned(),
        description: submitted.value("description").to_owned(),
        severity: submitted.value("severity").to_owned(),
        category: submitted.value("category").to_owned(),
        organization_id: submitted.value("organization_id").to_owned(),
        links: submitted.values("links"),
        attachments: submitted.files.clone(),
    };
    let result = match submitted.check() {
        Ok(()) => tickets::open(&state, &actor, &input).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(ticket) => {
            Ok(Redirect::to(&format!("{}?notice=created", tickets::path(&ticket))).into_response())
        }
        Err(error) => {
            let refusal = Refusal::of(FORM, &submitted.fields, error)?;
            let organization_id = submitted.value("organization_id");
            let markup = form_markup(
                &state,
                &actor,
                (!organization_id.is_empty()).then_some(organization_id),
                Some(&refusal),
            )
            .await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}
