//! The program view — every enrollment with its phase, progress, forecast against the target and
//! at-risk flag, filtered and downloadable as CSV — with the coordinators' enroll form; a partner
//! user sees their own organization's enrollments here. Also "my tasks".

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::tracks::enrollment::TaskStatus;
use onramp_core::vocabulary::label_of;
use onramp_core::Role;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::tracks::api::enrollments::ListQuery;
use crate::tracks::services::enrollments::{self, is_coordinator, EnrollRequest};
use crate::tracks::services::{definitions, work};
use crate::web::actor::{Actor, CurrentUser};
use crate::web::csv;
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, page, respond};

async fn program_markup(
    state: &AppState,
    actor: &Actor,
    query: &ListQuery,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let (filter, limit, offset) = query.parse()?;
    let (listed, total) = enrollments::list(state, actor, &filter, limit, offset).await?;
    let coordinator = actor.user().is_some_and(|user| is_coordinator(user.role));
    let staff = actor.user().is_some_and(|user| user.role.is_staff());
    let tracks = definitions::list(state, actor).await?;
    let track_choices: Vec<(&str, &str)> = tracks
        .iter()
        .map(|version| (version.track_key.as_str(), version.name.as_str()))
        .collect();
    let enroll = FormView::prefixed("enroll", refusal);
    let start = FormView::prefixed("start", refusal);
    // A partner admin may start the tracks offered to their organization's tier.
    let mut offered: Vec<(&str, &str)> = Vec::new();
    let mut own_organization = String::new();
    if let Some(user) = actor.user().filter(|user| user.role == Role::PartnerAdmin) {
        if let Some(organization_id) = &user.organization_id {
            let profile = onramp_store::registry::find(state.store.pool(), organization_id).await?;
            own_organization = profile.id.clone();
            for version in &tracks {
                let track = definitions::model(version)?;
                if profile.state == onramp_core::registry::lifecycle::OrganizationState::Active
                    && track.offered_to.is_some_and(|tier| profile.tier >= tier)
                {
                    offered.push((version.track_key.as_str(), version.name.as_str()));
                }
            }
        }
    }
    let filters = FormView::plain();
    let mut pairs: Vec<(&str, String)> = [
        ("track", &filter.track_key),
        ("state", &filter.state),
        ("tier", &filter.tier),
        ("category", &filter.category),
        ("country", &filter.country),
    ]
    .into_iter()
    .filter_map(|(name, value)| value.clone().map(|value| (name, value)))
    .collect();
    if filter.at_risk == Some(true) {
        pairs.push(("at_risk", "true".to_owned()));
    }
    let query_string = serde_urlencoded::to_string(&pairs).unwrap_or_default();
    let page_number = offset / limit.max(1) + 1;
    let page_link = |number: i64| {
        let mut with_page = pairs.clone();
        with_page.push(("page", number.to_string()));
        format!(
            "/enrollments?{}",
            serde_urlencoded::to_string(&with_page).unwrap_or_default()
        )
    };
    let last_page = (total + limit - 1) / limit.max(1);
    Ok(page(
        Some(actor),
        "Enrollments",
        html! {
            h1 { "Enrollments" }
            @if staff {
                form.filters method="get" action="/enrollments" {
                    (filters.select("Track", "track", &track_choices, filter.track_key.as_deref().unwrap_or_default()))
                    (filters.select("State", "state", &[("active", "Active"), ("completed", "Completed"), ("withdrawn", "Withdrawn")], filter.state.as_deref().unwrap_or_default()))
                    (filters.select("Tier", "tier", &onramp_core::vocabulary::choices::<onramp_core::registry::tier::Tier>(), filter.tier.as_deref().unwrap_or_default()))
                    (filters.select("Category", "category", &onramp_core::vocabulary::choices::<onramp_core::registry::partner::Category>(), filter.category.as_deref().unwrap_or_default()))
                    (filters.text("Country (two letters)", "country", filter.country.as_deref().unwrap_or_default()))
                    (filters.checkbox("At risk only", "at_risk", "true", filter.at_risk == Some(true)))
                    button type="submit" { "Filter" }
                }
                p { (total) " enrollments · " a href={ "/enrollments.csv?" (query_string) } { "Download as CSV" } }
            }
            div.card {
                div.table-scroll tabindex="0" role="region" aria-label="Enrollments (scrolls sideways when wide)" {
                    table {
                        thead { tr {
                            th scope="col" { "Organization" } th scope="col" { "Track" } th scope="col" { "Phase" }
                            th scope="col" { "Progress" } th scope="col" { "Forecast end (P50 / P90)" }
                            th scope="col" { "Target" } th scope="col" { "At risk" }
                        } }
                        tbody { @for enrollment in &listed {
                            tr {
                                td { a href={ "/enrollments/" (enrollment.id) } { (enrollment.organization_name) } }
                                td { (enrollment.track_name) " v" (enrollment.track_version) }
                                td { (enrollment.current_phase) }
                                td { (enrollment.steps_finished) " of " (enrollment.steps_total) " steps" }
                                td { (enrollment.p50_end) " / " (enrollment.p90_end) }
                                td { (enrollment.target_end.as_deref().unwrap_or(&enrollment.baseline_end)) }
                                td { @if enrollment.at_risk { strong { "At risk" } } @else { "—" } }
                            }
                        } }
                    }
                }
                @if last_page > 1 {
                    nav.pager aria-label="Pages of enrollments" {
                        @if page_number > 1 { a href=(page_link(page_number - 1)) rel="prev" { "Previous" } " " }
                        span { "Page " (page_number) " of " (last_page) }
                        @if page_number < last_page { " " a href=(page_link(page_number + 1)) rel="next" { "Next" } }
                    }
                }
            }
            @if !offered.is_empty() {
                div.card.narrow {
                    h2 { "Start a track" }
                    p { "These tracks are offered to your organization's tier: start one and its tasks appear here and on your home page." }
                    (start.summary())
                    form method="post" action="/enrollments" novalidate {
                        (csrf_input(actor))
                        input type="hidden" name="organization_id" value=(own_organization);
                        (start.select("Track", "track", &offered, ""))
                        button type="submit" { "Start" }
                    }
                }
            }
            @if coordinator {
                div.card.narrow {
                    h2 { "Enroll an organization" }
                    (enroll.summary())
                    form method="post" action="/enrollments" novalidate {
                        (csrf_input(actor))
                        (enroll.text("Organization (its exact name or id)", "organization_id", ""))
                        (enroll.select("Track", "track", &track_choices, ""))
                        (enroll.input("Start (YYYY-MM-DD; empty: today)", "start", Kind::Date, "", "off"))
                        (enroll.input("Target end (YYYY-MM-DD; optional)", "target_end", Kind::Date, "", "off"))
                        button type="submit" { "Enroll" }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ListQuery>,
) -> PageResult<Response> {
    Ok(respond(program_markup(&state, &actor, &query, None).await?))
}

#[derive(Debug, Deserialize, Serialize)]
pub struct EnrollForm {
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    track: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    target_end: String,
}

pub async fn enroll(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<EnrollForm>,
) -> PageResult<Response> {
    let request = EnrollRequest {
        organization_id: &form.organization_id,
        track_key: &form.track,
        start: &form.start,
        target_end: &form.target_end,
    };
    match enrollments::enroll(&state, &actor, &request).await {
        Ok(enrollment) => Ok(Redirect::to(&format!(
            "/enrollments/{}?notice=enrolled",
            enrollment.id
        ))
        .into_response()),
        Err(error) => {
            let form_id = if actor
                .user()
                .is_some_and(|user| user.role == Role::PartnerAdmin)
            {
                "start"
            } else {
                "enroll"
            };
            let refusal = Refusal::of(form_id, &form, error)?;
            let query = ListQuery {
                track: None,
                state: None,
                tier: None,
                category: None,
                country: None,
                coordinator: None,
                at_risk: None,
                page: None,
                per_page: None,
            };
            let markup = program_markup(&state, &actor, &query, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

/// The program view's rows as CSV (what the filters match, up to 10,000 rows).
pub async fn download(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<ListQuery>,
) -> PageResult<Response> {
    let (filter, _, _) = query.parse()?;
    let (listed, _) = enrollments::list(&state, &actor, &filter, 10_000, 0).await?;
    let mut body = csv::row(&[
        "enrollment_id",
        "organization",
        "track",
        "track_version",
        "state",
        "phase",
        "steps_finished",
        "steps_total",
        "started_on",
        "baseline_end",
        "likely_end",
        "p50_end",
        "p90_end",
        "target_end",
        "at_risk",
    ]);
    for enrollment in &listed {
        body.push_str(&csv::row(&[
            enrollment.id.as_str(),
            &enrollment.organization_name,
            &enrollment.track_key,
            &enrollment.track_version.to_string(),
            &enrollment.state,
            &enrollment.current_phase,
            &enrollment.steps_finished.to_string(),
            &enrollment.steps_total.to_string(),
            &enrollment.started_on,
            &enrollment.baseline_end,
            &enrollment.likely_end,
            &enrollment.p50_end,
            &enrollment.p90_end,
            enrollment.target_end.as_deref().unwrap_or_default(),
            if enrollment.at_risk { "true" } else { "false" },
        ]));
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"enrollments.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}

/// What the signed-in person must do across enrollments.
pub async fn my_tasks(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
) -> PageResult<Response> {
    let open = work::my_tasks(&state, &actor).await?;
    let partner = !user.role.is_staff();
    Ok(respond(page(
        Some(&actor),
        "My tasks",
        html! {
            h1 { "My tasks" }
            @if open.is_empty() {
                p { "Nothing is waiting for you." }
            } @else {
                p { "Tasks assigned to you and, not yet assigned, those of your role" @if partner { " in your organization" } ", by due date." }
                div.table-scroll tabindex="0" role="region" aria-label="My tasks (scrolls sideways when wide)" {
                    table {
                        thead { tr { th scope="col" { "Step" } th scope="col" { "Enrollment" } th scope="col" { "Status" } th scope="col" { "Due" } th scope="col" { "Owner" } } }
                        tbody { @for item in &open {
                            @let (task, enrollment) = (&item.task, &item.enrollment);
                            tr {
                                td { a href={ "/enrollments/" (enrollment.id) "#task-" (task.step_key) } { (item.step_name) } }
                                td { (enrollment.organization_name) " — " (enrollment.track_name) }
                                td { (label_of::<TaskStatus>(&task.status)) }
                                td { (task.due_on) @if task.critical { " (critical path)" } }
                                td { (label_of::<Role>(&task.owner_role)) }
                            }
                        } }
                    }
                }
            }
        },
    )))
}

/// The home page's list of what the person must do next: their first open tasks by due date.
pub async fn home_section(state: &AppState, actor: &Actor) -> PageResult<Markup> {
    let open = work::my_tasks(state, actor).await?;
    if open.is_empty() {
        return Ok(html! {});
    }
    Ok(html! {
        div.card #my-tasks {
            h2 { "Your tasks" }
            ul {
                @for item in open.iter().take(5) {
                    li {
                        a href={ "/enrollments/" (item.enrollment.id) "#task-" (item.task.step_key) } { (item.step_name) }
                        " — " (item.enrollment.organization_name) ", due " (item.task.due_on)
                        @if item.task.critical { " (critical path)" }
                    }
                }
            }
            @if open.len() > 5 { p { a href="/tasks" { "All " (open.len()) " tasks" } } }
            @else { p { a href="/tasks" { "My tasks" } } }
        }
    })
}
