//! `/support/policies`: the SLA calendars, the policies per tier × severity with organizations'
//! overrides, and for each policy the due times of example openings with their explanations.
//! Program admins also store calendars and policies here and remove overrides.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::tier::Tier;
use onramp_core::support::sla::CalendarSpec;
use onramp_core::support::Severity;
use onramp_core::vocabulary::choices;
use onramp_store::support::sla::Policy;
use serde::{Deserialize, Serialize};

use super::{
    both_times, checkbox_group, desk_nav, field_error, is_program_admin, minutes_text, notice,
    severity_label, submitted_values, summary,
};
use crate::state::AppState;
use crate::support::services::policies::{self, PolicyInput};
use crate::support::services::targets;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, page, respond, time};

const DAYS: [(&str, &str); 7] = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
];

#[derive(Debug, Default, Deserialize)]
pub struct PoliciesQuery {
    #[serde(default)]
    notice: Option<String>,
    /// A policy to edit: the policy form starts from its terms.
    #[serde(default)]
    edit: Option<String>,
    /// A calendar to edit: the calendar form starts from it.
    #[serde(default)]
    calendar: Option<String>,
}

/// Who a policy applies to, in words.
fn scope_label(state: &AppState, policy: &Policy) -> String {
    if policy.scope == "default" {
        "Everyone (default)".to_owned()
    } else if let Some(tier) = policy.scope.strip_prefix("tier:") {
        let name = tier
            .parse::<Tier>()
            .map_or(tier, |tier| state.config.tier_name(tier));
        format!("Tier: {name}")
    } else {
        format!(
            "Organization: {}",
            policy.organization_name.as_deref().unwrap_or("(removed)")
        )
    }
}

fn describe_calendar(spec: &str) -> String {
    targets::calendar(spec).map_or_else(
        |_| "(unreadable calendar)".to_owned(),
        |calendar| calendar.describe(),
    )
}

/// What the calendar form starts from: an existing calendar's name and spec, or nothing.
fn calendar_defaults(
    name: &str,
    spec: &CalendarSpec,
) -> (Vec<(&'static str, String)>, Vec<String>) {
    let around_the_clock = spec.kind.as_deref() == Some("24x7");
    (
        vec![
            ("name", name.to_owned()),
            ("time_zone", spec.time_zone.clone()),
            (
                "kind",
                if around_the_clock {
                    "24x7".to_owned()
                } else {
                    "business_hours".to_owned()
                },
            ),
            ("open", spec.open.clone().unwrap_or_default()),
            ("close", spec.close.clone().unwrap_or_default()),
            (
                "holidays",
                spec.holidays.clone().unwrap_or_default().join("\n"),
            ),
        ],
        spec.days.clone().unwrap_or_default(),
    )
}

fn calendar_card(
    actor: &Actor,
    refusal: Option<&Refusal>,
    defaults: &[(&'static str, String)],
    default_days: &[String],
) -> Markup {
    let form = FormView::prefixed("calendar", refusal);
    let default = |name: &str| {
        defaults
            .iter()
            .find(|(key, _)| *key == name)
            .map_or("", |(_, value)| value.as_str())
    };
    let name = form.text("Name", "name", default("name"));
    let zone = form.text(
        "Time zone (an IANA name, e.g. Europe/Paris or UTC)",
        "time_zone",
        default("time_zone"),
    );
    let open = form.text("Opens at (HH:MM)", "open", default("open"));
    let close = form.text(
        "Closes at (HH:MM; 24:00 for the end of the day)",
        "close",
        default("close"),
    );
    let holidays = form.textarea(
        "Holidays (YYYY-MM-DD, one per line or separated by commas)",
        "holidays",
        default("holidays"),
    );
    let kind = form.value("kind", default("kind"));
    let kind = if kind.is_empty() && !form.is_refused() {
        "business_hours"
    } else {
        kind
    };
    let kind_error = form.error("kind");
    let days_checked = submitted_values(refusal, "calendar", "days", default_days);
    let day_options: Vec<(String, String)> = DAYS
        .iter()
        .map(|(key, label)| ((*key).to_owned(), (*label).to_owned()))
        .collect();
    let fields = [
        ("name", form.dom_id("name"), "Name"),
        ("time_zone", form.dom_id("time_zone"), "Time zone"),
        ("kind", "calendar-kind-business_hours".to_owned(), "Kind"),
        ("days", "calendar-days-0".to_owned(), "Open days"),
        ("open", form.dom_id("open"), "Opens at"),
        ("close", form.dom_id("close"), "Closes at"),
        ("holidays", form.dom_id("holidays"), "Holidays"),
    ];
    html! {
        section.card #calendar-form aria-labelledby="calendar-form-heading" {
            h2 #calendar-form-heading { "Store a calendar" }
            p { "A calendar with the name of an existing one replaces it. Running clocks keep the calendar they started with." }
            (summary(&form, &fields))
            form method="post" action="/support/policies/calendars" novalidate {
                (csrf_input(actor))
                (name)
                (zone)
                fieldset.field.invalid[kind_error.is_some()] aria-describedby=[kind_error.map(|_| "calendar-kind-error")] {
                    legend { "Kind" }
                    (field_error(kind_error, "calendar-kind-error"))
                    div.check {
                        input type="radio" id="calendar-kind-business_hours" name="kind" value="business_hours" checked[kind == "business_hours"];
                        label for="calendar-kind-business_hours" { "Business hours: the clock runs on open days between the opening and the closing" }
                    }
                    div.check {
                        input type="radio" id="calendar-kind-24x7" name="kind" value="24x7" checked[kind == "24x7"];
                        label for="calendar-kind-24x7" { "Around the clock (24/7): the days, hours and holidays below are not used" }
                    }
                }
                (checkbox_group("Open days", "days", "calendar-days", &day_options, &days_checked, form.error("days")))
                (open)
                (close)
                (holidays)
                button type="submit" { "Store the calendar" }
            }
        }
    }
}

fn policy_card(
    state: &AppState,
    actor: &Actor,
    refusal: Option<&Refusal>,
    editing: Option<&Policy>,
    calendars: &[(String, String)],
    organizations: &[(String, String)],
) -> Markup {
    let form = FormView::prefixed("policy", refusal);
    let shown = |minutes: Option<i64>| minutes.map(|m| m.to_string()).unwrap_or_default();
    let (tier, organization_id) = match editing {
        Some(policy) if policy.scope == "default" => ("default".to_owned(), String::new()),
        Some(policy) => match policy.scope.strip_prefix("tier:") {
            Some(tier) => (tier.to_owned(), String::new()),
            None => (
                String::new(),
                policy.organization_id.clone().unwrap_or_default(),
            ),
        },
        None => ("default".to_owned(), String::new()),
    };
    let mut tiers: Vec<(&str, &str)> = vec![("default", "Everyone (default)")];
    tiers.extend(
        Tier::ALL
            .iter()
            .map(|tier| (tier.as_str(), state.config.tier_name(*tier))),
    );
    let calendar_choices: Vec<(&str, &str)> = calendars
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let organization_choices: Vec<(&str, &str)> = organizations
        .iter()
        .map(|(id, name)| (id.as_str(), name.as_str()))
        .collect();
    let number = |label: &str, name: &str, value: String| {
        form.input(label, name, Kind::Number, &value, "off")
    };
    let fields = html! {
        (form.select_with("Tier", "tier", &tiers, &tier, None))
        (form.select_with("Or one organization (overrides its tier's policy)", "organization_id", &organization_choices, &organization_id, Some("No organization: the tier above")))
        (form.select_with("Severity", "severity", &choices::<Severity>(), editing.map_or("", |p| p.severity.as_str()), Some("—")))
        (form.select_with("Calendar", "calendar_id", &calendar_choices, editing.map_or("", |p| p.calendar_id.as_str()), Some("—")))
        (number("First reply (minutes of working time; empty for no target)", "first_reply_minutes", shown(editing.and_then(|p| p.first_reply_minutes))))
        (number("Next reply (minutes; empty for no target)", "next_reply_minutes", shown(editing.and_then(|p| p.next_reply_minutes))))
        (number("Periodic update (minutes; empty for no target)", "periodic_update_minutes", shown(editing.and_then(|p| p.periodic_update_minutes))))
        (number("Resolution (minutes; empty for no target)", "resolution_minutes", shown(editing.and_then(|p| p.resolution_minutes))))
        (number("Warn this many minutes before a breach (0 for no warning)", "warn_before_minutes", editing.map_or("30".to_owned(), |p| p.warn_before_minutes.to_string())))
        (number("Escalate again every (minutes)", "escalate_every_minutes", editing.map_or("60".to_owned(), |p| p.escalate_every_minutes.to_string())))
        (number("Remind the partner after waiting on them for (minutes; 0 never)", "partner_wait_minutes", editing.map_or("1440".to_owned(), |p| p.partner_wait_minutes.to_string())))
    };
    html! {
        section.card #policy-form aria-labelledby="policy-form-heading" {
            h2 #policy-form-heading { "Store a policy" }
            p { "A policy for a scope and severity that exists already replaces it; tickets opened from then on use the new targets, running clocks keep theirs. An organization's override wins over its tier's policy, which wins over the default." }
            (form.summary())
            form method="post" action="/support/policies" novalidate {
                (csrf_input(actor))
                (fields)
                button type="submit" { "Store the policy" }
            }
        }
    }
}

async fn policies_markup(
    state: &AppState,
    actor: &Actor,
    query: &PoliciesQuery,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let calendars = policies::calendars(state).await?;
    let all = policies::policies(state).await?;
    let admin = is_program_admin(actor);
    let now = state.clock.now_ms();
    let editing = query
        .edit
        .as_deref()
        .and_then(|id| all.iter().find(|policy| policy.id == id));
    let calendar_editing = query
        .calendar
        .as_deref()
        .and_then(|id| calendars.iter().find(|calendar| calendar.id == id));
    let admin_forms = if admin {
        let (defaults, days) = match calendar_editing.and_then(|calendar| {
            targets::calendar(&calendar.spec)
                .ok()
                .map(|parsed| (calendar.name.clone(), parsed.spec()))
        }) {
            Some((name, spec)) => calendar_defaults(&name, &spec),
            None => (
                vec![
                    ("time_zone", "UTC".to_owned()),
                    ("open", "09:00".to_owned()),
                    ("close", "17:00".to_owned()),
                ],
                ["mon", "tue", "wed", "thu", "fri"]
                    .map(str::to_owned)
                    .to_vec(),
            ),
        };
        let calendar_choices: Vec<(String, String)> = calendars
            .iter()
            .map(|calendar| (calendar.id.clone(), calendar.name.clone()))
            .collect();
        let organizations = super::organizations(state).await?;
        html! {
            (policy_card(state, actor, refusal, editing, &calendar_choices, &organizations))
            (calendar_card(actor, refusal, &defaults, &days))
        }
    } else {
        html! {}
    };
    let delete_view = FormView::new("delete", refusal);
    Ok(page(
        Some(actor),
        "SLA policies",
        html! {
            p { a href="/support" { "← Support queue" } }
            h1 { "SLA policies" }
            (desk_nav(actor))
            (notice(query.notice.as_deref()))
            p { "Each ticket's targets come from the policy of its organization (an override), else of its tier, else the default, for its severity. Targets count working time on the policy's calendar and stop while the ticket waits on the partner." }
            section aria-labelledby="calendars-heading" {
                h2 #calendars-heading { "Calendars" }
                table #calendars {
                    caption.visually-hidden { "Calendars" }
                    thead { tr {
                        th scope="col" { "Calendar" } th scope="col" { "Hours" } th scope="col" { "Changed" }
                        @if admin { th scope="col" { "Change" } }
                    } }
                    tbody { @for calendar in &calendars {
                        tr {
                            th scope="row" { (calendar.name) }
                            td { (describe_calendar(&calendar.spec)) }
                            td { (time(calendar.updated_at)) }
                            @if admin { td { a href={ "/support/policies?calendar=" (calendar.id) "#calendar-form" } { "Edit" span.visually-hidden { " " (calendar.name) } } } }
                        }
                    } }
                }
            }
            section aria-labelledby="policies-heading" {
                h2 #policies-heading { "Policies" }
                (delete_view.summary())
                div.table-scroll tabindex="0" role="region" aria-label="Policies (scrolls sideways when wide)" {
                    table #policies {
                        caption.visually-hidden { "Policies and their targets" }
                        thead { tr {
                            th scope="col" { "Applies to" } th scope="col" { "Severity" } th scope="col" { "Calendar" }
                            th scope="col" { "First reply" } th scope="col" { "Next reply" } th scope="col" { "Periodic update" }
                            th scope="col" { "Resolution" } th scope="col" { "Warn before" } th scope="col" { "Escalate every" }
                            th scope="col" { "Partner's wait" }
                            @if admin { th scope="col" { "Change" } }
                        } }
                        tbody { @for policy in &all {
                            @let scope = scope_label(state, policy);
                            tr {
                                th scope="row" { (scope) }
                                td { (severity_label(&policy.severity)) }
                                td { (policy.calendar_name) }
                                td { (minutes_text(policy.first_reply_minutes)) }
                                td { (minutes_text(policy.next_reply_minutes)) }
                                td { (minutes_text(policy.periodic_update_minutes)) }
                                td { (minutes_text(policy.resolution_minutes)) }
                                td { (minutes_text(Some(policy.warn_before_minutes).filter(|m| *m > 0))) }
                                td { (minutes_text(Some(policy.escalate_every_minutes))) }
                                td { (minutes_text(Some(policy.partner_wait_minutes).filter(|m| *m > 0))) }
                                @if admin {
                                    td {
                                        a href={ "/support/policies?edit=" (policy.id) "#policy-form" } { "Edit" span.visually-hidden { " " (scope) ", " (severity_label(&policy.severity)) } }
                                        @if policy.scope != "default" {
                                            form method="post" action={ "/support/policies/" (policy.id) "/delete" } {
                                                (csrf_input(actor))
                                                button.secondary type="submit" { "Remove" span.visually-hidden { " " (scope) ", " (severity_label(&policy.severity)) } }
                                            }
                                        }
                                    }
                                }
                            }
                        } }
                    }
                }
                p.muted { "Times are working time on the policy's calendar: 40 h of business hours 09–17 is a working week." }
            }
            section aria-labelledby="examples-heading" {
                h2 #examples-heading { "Example due times" }
                p { "When a ticket opened now, next Friday at 16:30 or next Saturday at 10:00 (in the calendar's zone) would be due, with the explanation the ticket shows." }
                @for policy in &all {
                    details {
                        summary { (scope_label(state, policy)) ", " (severity_label(&policy.severity)) }
                        @for (metric, rows) in policies::examples(policy, now) {
                            table {
                                caption { (metric) " (" (minutes_text(match metric.as_str() { "First reply" => policy.first_reply_minutes, _ => policy.resolution_minutes })) ")" }
                                thead { tr { th scope="col" { "Opened" } th scope="col" { "Due" } th scope="col" { "Why" } } }
                                tbody { @for row in &rows {
                                    tr {
                                        th scope="row" { (row.opening) br; span.muted { (time(row.opened_ms)) } }
                                        td { (both_times(actor, row.due_ms)) }
                                        td { (row.explanation) }
                                    }
                                } }
                            }
                        }
                    }
                }
            }
            (admin_forms)
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<PoliciesQuery>,
) -> PageResult<Response> {
    Ok(respond(
        policies_markup(&state, &actor, &query, None).await?,
    ))
}

async fn rerender(state: &AppState, actor: &Actor, refusal: &Refusal) -> PageResult<Response> {
    let markup = policies_markup(state, actor, &PoliciesQuery::default(), Some(refusal)).await?;
    Ok(refused_page(refusal, markup))
}

fn value<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs
        .iter()
        .find(|(key, _)| key == name)
        .map_or("", |(_, value)| value.as_str())
}

/// The calendar form's fields as the calendar's wire form: a 24/7 calendar has only its zone.
fn calendar_spec(pairs: &[(String, String)]) -> CalendarSpec {
    let time_zone = value(pairs, "time_zone").trim().to_owned();
    if value(pairs, "kind") == "24x7" {
        return CalendarSpec {
            time_zone,
            kind: Some("24x7".to_owned()),
            ..CalendarSpec::default()
        };
    }
    let days = pairs
        .iter()
        .filter(|(key, _)| key == "days")
        .map(|(_, day)| day.clone())
        .collect();
    let holidays: Vec<String> = value(pairs, "holidays")
        .split([',', '\n', '\r', ';'])
        .map(str::trim)
        .filter(|day| !day.is_empty())
        .map(str::to_owned)
        .collect();
    CalendarSpec {
        time_zone,
        kind: None,
        days: Some(days),
        open: Some(value(pairs, "open").trim().to_owned()),
        close: Some(value(pairs, "close").trim().to_owned()),
        holidays: (!holidays.is_empty()).then_some(holidays),
    }
}

/// The calendar form's field for a problem of the calendar's wire form (`calendar.days[2]`).
fn calendar_field(path: &str) -> Option<&'static str> {
    let rest = path.strip_prefix("calendar.").unwrap_or(path);
    ["time_zone", "kind", "days", "open", "close", "holidays"]
        .into_iter()
        .find(|name| {
            rest.strip_prefix(name)
                .is_some_and(|tail| tail.is_empty() || tail.starts_with(['[', '.']))
        })
}

/// `POST /support/policies/calendars`: stores a calendar (program admins).
pub async fn save_calendar(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(pairs): PageForm<Vec<(String, String)>>,
) -> PageResult<Response> {
    let spec = calendar_spec(&pairs);
    let input: Vec<(String, String)> = pairs
        .iter()
        .filter(|(key, _)| key != "csrf_token")
        .cloned()
        .collect();
    match policies::save_calendar(&state, &actor, value(&pairs, "name"), &spec).await {
        Ok(_) => Ok(Redirect::to("/support/policies?notice=calendar_saved").into_response()),
        Err(error) => {
            let refusal = Refusal::of("calendar", &input, error)?.renamed(calendar_field);
            rerender(&state, &actor, &refusal).await
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct PolicyForm {
    #[serde(default)]
    tier: String,
    #[serde(default)]
    organization_id: String,
    #[serde(default)]
    severity: String,
    #[serde(default)]
    calendar_id: String,
    #[serde(default)]
    first_reply_minutes: String,
    #[serde(default)]
    next_reply_minutes: String,
    #[serde(default)]
    periodic_update_minutes: String,
    #[serde(default)]
    resolution_minutes: String,
    #[serde(default)]
    warn_before_minutes: String,
    #[serde(default)]
    escalate_every_minutes: String,
    #[serde(default)]
    partner_wait_minutes: String,
}

/// `POST /support/policies`: stores a policy (program admins).
pub async fn save_policy(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<PolicyForm>,
) -> PageResult<Response> {
    let input = PolicyInput {
        tier: form.tier.clone(),
        organization_id: form.organization_id.clone(),
        severity: form.severity.clone(),
        calendar_id: form.calendar_id.clone(),
        first_reply_minutes: form.first_reply_minutes.clone(),
        next_reply_minutes: form.next_reply_minutes.clone(),
        periodic_update_minutes: form.periodic_update_minutes.clone(),
        resolution_minutes: form.resolution_minutes.clone(),
        warn_before_minutes: form.warn_before_minutes.clone(),
        escalate_every_minutes: form.escalate_every_minutes.clone(),
        partner_wait_minutes: form.partner_wait_minutes.clone(),
    };
    match policies::save_policy(&state, &actor, &input).await {
        Ok(_) => Ok(Redirect::to("/support/policies?notice=policy_saved").into_response()),
        Err(error) => {
            let refusal = Refusal::of("policy", &form, error)?;
            rerender(&state, &actor, &refusal).await
        }
    }
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirmed: Option<String>,
}

/// `POST /support/policies/{id}/delete`: removes a tier's policy or an override, after a
/// confirmation page (program admins).
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<DeleteForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let all = policies::policies(&state).await?;
        let policy = all
            .iter()
            .find(|policy| policy.id == id)
            .ok_or(AppError::NotFound("policy"))?;
        let title = format!(
            "Remove the policy for {}, {}?",
            scope_label(&state, policy),
            severity_label(&policy.severity).to_lowercase()
        );
        let consequence = "Tickets opened from now on use the next policy that applies (the tier's, else the default). Tickets already open keep their targets.";
        let action = format!("/support/policies/{id}/delete");
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: &title,
                consequence,
                action: &action,
                hidden: &[],
                reason: None,
                confirm: "Remove the policy",
                cancel: "/support/policies",
            },
        )));
    }
    match policies::delete_policy(&state, &actor, &id).await {
        Ok(()) => Ok(Redirect::to("/support/policies?notice=policy_deleted").into_response()),
        Err(error) => {
            let refusal = Refusal::of("delete", &form, error)?;
            rerender(&state, &actor, &refusal).await
        }
    }
}
