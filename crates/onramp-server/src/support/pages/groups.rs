//! `/support/groups`: the support groups — the categories each takes, its lead, its members in
//! rotation order and who is on call now. Program admins store groups here.

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::support::groups::{Group, Member};
use serde::Deserialize;

use super::{checkbox_group, desk_nav, is_program_admin, notice, submitted_values, summary};
use crate::state::AppState;
use crate::support::services::groups::{self, category_label, GroupInput, CATEGORIES};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, page, respond};

const FORM: &str = "group";

#[derive(Debug, Default, Deserialize)]
pub struct GroupsQuery {
    #[serde(default)]
    notice: Option<String>,
    /// A group to edit: the form starts from it.
    #[serde(default)]
    edit: Option<String>,
}

fn group_card(group: &Group, on_call: Option<&Member>, admin: bool) -> Markup {
    let categories: Vec<&str> = group
        .categories
        .split_whitespace()
        .map(category_label)
        .collect();
    html! {
        section.card aria-labelledby={ "group-" (group.key) } {
            h2 id={ "group-" (group.key) } { (group.name) }
            dl {
                dt { "Key" } dd { code { (group.key) } }
                dt { "Takes" } dd { @if categories.is_empty() { "No category (only tickets no other group takes)" } @else { (categories.join(", ")) } }
                dt { "Lead" } dd { (group.lead.as_ref().map_or("Nobody", |lead| lead.name.as_str())) }
                dt { "On call now" } dd { @match on_call { Some(member) => { strong { (member.name) } " (" (member.email) ")" }, None => "Nobody: the group has no members" } }
                dt { "Turns" } dd { (group.rotation_hours) " hours each, in the order below" }
            }
            @if !group.members.is_empty() {
                h3 { "Members in rotation order" }
                ol { @for member in &group.members {
                    li {
                        (member.name) " (" (member.email) ")"
                        @if on_call.is_some_and(|on_call| on_call.user_id == member.user_id) { " " span.badge { "On call now" } }
                    }
                } }
            }
            @if admin {
                p { a href={ "/support/groups?edit=" (group.key) "#group-form" } { "Edit" span.visually-hidden { " " (group.name) } } }
            }
        }
    }
}

fn group_form(
    actor: &Actor,
    refusal: Option<&Refusal>,
    editing: Option<&Group>,
    agents: &[Member],
) -> Markup {
    let form = FormView::prefixed(FORM, refusal);
    let members_text = editing
        .map(|group| {
            group
                .members
                .iter()
                .map(|member| member.email.clone())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default();
    let agent_choices: Vec<(&str, String)> = agents
        .iter()
        .map(|agent| {
            (
                agent.user_id.as_str(),
                format!("{} ({})", agent.name, agent.email),
            )
        })
        .collect();
    let agent_choices: Vec<(&str, &str)> = agent_choices
        .iter()
        .map(|(id, label)| (*id, label.as_str()))
        .collect();
    let key = form.text(
        "Key (letters, digits, - and _; a group with an existing key is replaced)",
        "key",
        editing.map_or("", |group| group.key.as_str()),
    );
    let name = form.text(
        "Name",
        "name",
        editing.map_or("", |group| group.name.as_str()),
    );
    let lead = form.select_with(
        "Lead (told of escalations and of replies on unassigned tickets)",
        "lead_id",
        &agent_choices,
        editing
            .and_then(|group| group.lead.as_ref())
            .map_or("", |lead| lead.user_id.as_str()),
        Some("Nobody"),
    );
    let members = form.textarea(
        "Members in rotation order: their email addresses, one per line",
        "members",
        &members_text,
    );
    let hours = form.input(
        "Hours of each on-call turn (1 to 2016)",
        "rotation_hours",
        Kind::Number,
        &editing.map_or("168".to_owned(), |group| group.rotation_hours.to_string()),
        "off",
    );
    let category_options: Vec<(String, String)> = CATEGORIES
        .iter()
        .map(|(key, label)| ((*key).to_owned(), (*label).to_owned()))
        .collect();
    let default_categories: Vec<String> = editing
        .map(|group| {
            group
                .categories
                .split_whitespace()
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let categories_checked = submitted_values(refusal, FORM, "categories", &default_categories);
    let fields = [
        ("key", form.dom_id("key"), "Key"),
        ("name", form.dom_id("name"), "Name"),
        ("categories", "group-categories-0".to_owned(), "Categories"),
        ("lead_id", form.dom_id("lead_id"), "Lead"),
        ("members", form.dom_id("members"), "Members"),
        (
            "rotation_hours",
            form.dom_id("rotation_hours"),
            "Hours of each turn",
        ),
    ];
    html! {
        section.card #group-form aria-labelledby="group-form-heading" {
            h2 #group-form-heading { "Store a group" }
            p { "A new ticket goes to the first group, by name, that takes its category. Saving a group starts its rotation now, with the first member on call." }
            (summary(&form, &fields))
            form method="post" action="/support/groups" novalidate {
                (csrf_input(actor))
                (key)
                (name)
                (checkbox_group("Categories it takes", "categories", "group-categories", &category_options, &categories_checked, form.error("categories")))
                (lead)
                (members)
                (hours)
                button type="submit" { "Store the group" }
            }
            details {
                summary { "Staff who work tickets" }
                ul { @for agent in agents { li { (agent.name) " — " code { (agent.email) } } } }
            }
        }
    }
}

async fn groups_markup(
    state: &AppState,
    actor: &Actor,
    query: &GroupsQuery,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let all = groups::all(state).await?;
    let now = state.clock.now_ms();
    let admin = is_program_admin(actor);
    let form = if admin {
        let agents = onramp_store::support::groups::agents(state.store.pool())
            .await
            .map_err(crate::web::error::AppError::from)?;
        let editing = query
            .edit
            .as_deref()
            .and_then(|key| all.iter().find(|group| group.key == key));
        group_form(actor, refusal, editing, &agents)
    } else {
        html! {}
    };
    Ok(page(
        Some(actor),
        "Support groups",
        html! {
            p { a href="/support" { "← Support queue" } }
            h1 { "Support groups" }
            (desk_nav(actor))
            (notice(query.notice.as_deref()))
            p { "Each group answers some categories of tickets. Its members take turns on call, in order; the one on call is paged when a critical ticket's target is breached." }
            @for group in &all {
                (group_card(group, groups::on_call(group, now), admin))
            }
            (form)
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<GroupsQuery>,
) -> PageResult<Response> {
    Ok(respond(groups_markup(&state, &actor, &query, None).await?))
}

/// `POST /support/groups`: stores a group (program admins). Members are given by email, in
/// rotation order.
pub async fn save(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let value = |name: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == name)
            .map_or(String::new(), |(_, value)| value.clone())
    };
    let agents = onramp_store::support::groups::agents(state.store.pool())
        .await
        .map_err(crate::web::error::AppError::from)?;
    let mut unknown = Vec::new();
    let members: Vec<String> = value("members")
        .split(['\n', '\r', ',', ';'])
        .map(str::trim)
        .filter(|email| !email.is_empty())
        .map(|email| {
            match agents
                .iter()
                .find(|agent| agent.email.eq_ignore_ascii_case(email))
            {
                Some(agent) => agent.user_id.clone(),
                None => {
                    unknown.push(email.to_owned());
                    email.to_owned()
                }
            }
        })
        .collect();
    let input = GroupInput {
        key: value("key"),
        name: value("name"),
        categories: pairs
            .iter()
            .filter(|(key, _)| key == "categories")
            .map(|(_, category)| category.clone())
            .collect(),
        lead_id: value("lead_id"),
        members,
        rotation_hours: value("rotation_hours"),
    };
    let submitted: Vec<(String, String)> = pairs
        .iter()
        .filter(|(key, _)| key != "csrf_token")
        .cloned()
        .collect();
    match groups::save(&state, &actor, &input).await {
        Ok(()) => Ok(Redirect::to("/support/groups?notice=group_saved").into_response()),
        Err(error) => {
            let mut refusal = Refusal::of(FORM, &submitted, error)?;
            if !unknown.is_empty() {
                refusal.errors.retain(|error| error.field != "members");
                refusal.errors.push(FieldError::new(
                    "members",
                    format!("not staff who work tickets: {}", unknown.join(", ")),
                ));
            }
            let markup =
                groups_markup(&state, &actor, &GroupsQuery::default(), Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}
