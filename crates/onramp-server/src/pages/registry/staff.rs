//! The reviewers' side: the organization queue (filters, CSV export), one organization's dossier
//! (duplicates, evidence, decisions), and agreement templates with who signed and who still must.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::agreement::AgreementKind;
use onramp_core::lifecycle::{Action, OrganizationState};
use serde::Deserialize;

use super::{select, textarea, with_errors};
use crate::api::registry::{record_evidence, EvidenceBody, OrganizationQuery};
use crate::auth::actor::{Actor, CurrentUser};
use crate::error::{AppError, FieldError, PageResult};
use crate::extract::PageForm;
use crate::pages::layout::{csrf_input, field, form_alert, notice, page, respond, time};
use crate::services::registry::{agreements, review, scope};
use crate::state::AppState;

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<OrganizationQuery>,
) -> PageResult<Response> {
    scope::reviewer(&actor)?;
    let listed = onramp_store::registry::list(state.store.pool(), &query.filter(), 1000).await?;
    let csv_query = serde_urlencoded::to_string([
        ("state", query.state.clone().unwrap_or_default()),
        ("category", query.category.clone().unwrap_or_default()),
        ("country", query.country.clone().unwrap_or_default()),
        ("tier", query.tier.clone().unwrap_or_default()),
    ])
    .unwrap_or_default();
    let states: Vec<(&str, &str)> = OrganizationState::ALL
        .iter()
        .map(|state| (state.as_str(), state.label()))
        .collect();
    Ok(respond(page(
        Some(&actor),
        "Organizations",
        html! {
            h1 { "Organizations" }
            form.filters method="get" action="/staff/organizations" {
                (select("State", "state", &states, query.state.as_deref().unwrap_or(""), &[]))
                (field("Category", "category", "text", query.category.as_deref().unwrap_or(""), "off", &[]))
                (field("Country", "country", "text", query.country.as_deref().unwrap_or(""), "off", &[]))
                (field("Tier", "tier", "text", query.tier.as_deref().unwrap_or(""), "off", &[]))
                button type="submit" { "Filter" }
            }
            p { a href={ "/staff/organizations.csv?" (csv_query) } { "Export CSV" } }
            table #organizations {
                thead { tr { th { "Name" } th { "State" } th { "Tier" } th { "Category" } th { "Country" } th { "Domain" } th { "Applied" } } }
                tbody {
                    @for organization in &listed {
                        tr {
                            td { a href={ "/staff/organizations/" (organization.id) } { (organization.name) } }
                            td { (organization.state.label()) }
                            td { (state.config.tier_name(organization.tier)) }
                            td { (organization.category.as_deref().unwrap_or("—")) }
                            td { (organization.country.as_deref().unwrap_or("—")) }
                            td { (organization.web_domain.as_deref().unwrap_or("—")) }
                            td { (time(organization.created_at)) }
                        }
                    }
                }
            }
        },
    )))
}

fn csv_cell(text: &str) -> String {
    // A leading =, +, - or @ would be a formula in a spreadsheet.
    let text = if text.starts_with(['=', '+', '-', '@']) {
        format!("'{text}")
    } else {
        text.to_owned()
    };
    format!("\"{}\"", text.replace('"', "\"\""))
}

pub async fn export_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<OrganizationQuery>,
) -> PageResult<Response> {
    scope::reviewer(&actor)?;
    let listed = onramp_store::registry::list(state.store.pool(), &query.filter(), 100_000).await?;
    let mut csv = String::from("id,legal_name,state,tier,category,org_type,size_band,country,region,web_domain,contact_email,applied_at\n");
    for organization in &listed {
        let cells = [
            organization.id.clone(),
            organization.name.clone(),
            organization.state.as_str().to_owned(),
            organization.tier.as_str().to_owned(),
            organization.category.clone().unwrap_or_default(),
            organization.org_type.clone().unwrap_or_default(),
            organization.size_band.clone().unwrap_or_default(),
            organization.country.clone().unwrap_or_default(),
            organization.region.clone().unwrap_or_default(),
            organization.web_domain.clone().unwrap_or_default(),
            organization.contact_email.clone().unwrap_or_default(),
            crate::api::registry::rfc3339(organization.created_at),
        ];
        csv.push_str(
            &cells
                .iter()
                .map(|cell| csv_cell(cell))
                .collect::<Vec<_>>()
                .join(","),
        );
        csv.push('\n');
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"organizations.csv\"",
            ),
        ],
        csv,
    )
        .into_response())
}

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn dossier_page(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    notice_key: Option<&str>,
    errors: &[FieldError],
) -> PageResult<Markup> {
    let dossier = review::dossier(state, actor, organization_id).await?;
    let profile = &dossier.profile;
    let actions: Vec<(&str, &str)> = Action::ALL
        .iter()
        .map(|action| (action.as_str(), action.label()))
        .collect();
    Ok(page(
        Some(actor),
        &profile.name,
        html! {
            (notice(notice_key))
            h1 { (profile.name) }
            @if !dossier.duplicates.is_empty() {
                div.alert role="alert" #duplicates {
                    p { "Likely duplicates:" }
                    ul { @for (other, why) in &dossier.duplicates {
                        li { a href={ "/staff/organizations/" (other.id) } { (other.name) } " — " (why) }
                    } }
                }
            }
            div.card {
                p { "State: " span.badge #org-state { (profile.state.label()) } " · Tier: " span.badge #org-tier { (state.config.tier_name(profile.tier)) } }
                dl {
                    dt { "Category / type / size" } dd { (profile.category.as_deref().unwrap_or("—")) " / " (profile.org_type.as_deref().unwrap_or("—")) " / " (profile.size_band.as_deref().unwrap_or("—")) }
                    dt { "Country / region" } dd { (profile.country.as_deref().unwrap_or("—")) " / " (profile.region.as_deref().unwrap_or("—")) }
                    dt { "Web domain" } dd { (profile.web_domain.as_deref().unwrap_or("—")) }
                    dt { "Identifiers" } dd { @for identifier in &dossier.identifiers { (identifier.system) " " (identifier.value) "; " } }
                    dt { "Use case / timeline" } dd { (profile.use_case.as_deref().unwrap_or("—")) " / " (profile.timeline.as_deref().unwrap_or("—")) }
                    dt { "Contact" } dd { (profile.contact_name.as_deref().unwrap_or("—")) " <" (profile.contact_email.as_deref().unwrap_or("—")) "> "
                        @if dossier.contact_confirmed { "(email confirmed)" } @else { "(email not confirmed)" } }
                }
            }
            div.card {
                h2 { "Evidence" }
                table #evidence {
                    thead { tr { th { "Kind" } th { "Result" } th { "Detail" } th { "By" } th { "When" } } }
                    tbody { @for evidence in &dossier.evidence {
                        tr { td { (evidence.kind) } td.result { @if evidence.passed { "passed" } @else { "failed" } } td { (evidence.detail) } td { (evidence.recorded_by_label) } td { (time(evidence.recorded_at)) } }
                    } }
                }
                form method="post" action={ "/staff/organizations/" (profile.id) "/evidence" } {
                    (csrf_input(actor))
                    input type="hidden" name="kind" value="dns_txt";
                    button #check-dns type="submit" { "Look up the DNS TXT record" }
                }
                form method="post" action={ "/staff/organizations/" (profile.id) "/evidence" } {
                    (csrf_input(actor))
                    input type="hidden" name="kind" value="email_domain";
                    button.secondary type="submit" { "Check the email domain" }
                }
            }
            div.card.narrow {
                h2 { "Decide" }
                (form_alert(errors))
                form method="post" action={ "/staff/organizations/" (profile.id) "/decision" } {
                    (csrf_input(actor))
                    (select("Decision", "action", &actions, "", errors))
                    (textarea("Reason (sent to the applicant)", "reason", "", errors))
                    button type="submit" { "Record decision" }
                }
            }
            div.card {
                h2 { "History" }
                ul #history { @for transition in &dossier.transitions {
                    li { (time(transition.at)) " — " (transition.action) " (" (transition.from_state) " → " (transition.to_state) ") by " (transition.actor_label) ": " (transition.reason) }
                } }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    Query(query): Query<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        dossier_page(
            &state,
            &actor,
            &organization_id,
            query.notice.as_deref(),
            &[],
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct EvidenceForm {
    #[serde(default)]
    kind: String,
}

pub async fn evidence(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageForm(form): PageForm<EvidenceForm>,
) -> PageResult<Response> {
    let body = EvidenceBody {
        kind: form.kind,
        system: None,
        value: None,
        passed: None,
        note: None,
    };
    record_evidence(&state, &actor, &organization_id, &body).await?;
    Ok(Redirect::to(&format!(
        "/staff/organizations/{organization_id}?notice=evidence_recorded"
    ))
    .into_response())
}

#[derive(Debug, Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
}

pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult<Response> {
    let result = match form.action.parse::<Action>() {
        Ok(action) => review::decide(&state, &actor, &organization_id, action, &form.reason).await,
        Err(error) => Err(AppError::validation(vec![FieldError::new(
            "action",
            error.to_string(),
        )])),
    };
    match result {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/organizations/{organization_id}?notice=decided"
        ))
        .into_response()),
        Err(AppError::Validation { fields, .. }) => {
            let markup = dossier_page(&state, &actor, &organization_id, None, &fields).await?;
            with_errors(Err(AppError::validation(fields)), |_| markup)
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn agreements_page(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> PageResult<Response> {
    let templates = agreements::list(&state, &actor).await?;
    let status = agreements::status(&state, &actor).await?;
    let kinds: Vec<(&str, &str)> = AgreementKind::ALL
        .iter()
        .map(|kind| (kind.as_str(), kind.label()))
        .collect();
    Ok(respond(page(
        Some(&actor),
        "Agreements",
        html! {
            (notice(query.notice.as_deref()))
            h1 { "Agreements" }
            @for (template, signed, missing) in &status {
                div.card {
                    h2 { (template.title) " (v" (template.version) ")" }
                    p { "Signed by: " @for (signature, name) in signed { (name) " (" (signature.signer_name) ", " (time(signature.signed_at)) "); " } }
                    p { "Still to sign: " @for organization in missing { (organization.name) "; " } }
                }
            }
            div.card {
                table {
                    thead { tr { th { "Kind" } th { "Version" } th { "Title" } th { "State" } th {} } }
                    tbody { @for template in &templates {
                        tr {
                            td { (template.kind) } td { (template.version) } td { (template.title) } td { (template.state) }
                            td { @if template.state == "draft" {
                                form method="post" action={ "/staff/agreements/" (template.id) "/publish" } {
                                    (csrf_input(&actor))
                                    label for={ "days-" (template.id) } { "Re-sign within (days)" }
                                    input type="number" id={ "days-" (template.id) } name="resign_within_days" value="30";
                                    button type="submit" { "Publish" }
                                }
                            } }
                        }
                    } }
                }
            }
            div.card.narrow {
                h2 { "New version" }
                form method="post" action="/staff/agreements" {
                    (csrf_input(&actor))
                    (select("Kind", "kind", &kinds, "", &[]))
                    (field("Title", "title", "text", "", "off", &[]))
                    (textarea("Text (Markdown)", "body_markdown", "", &[]))
                    button type="submit" { "Save draft" }
                }
            }
        },
    )))
}

#[derive(Debug, Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    body_markdown: String,
}

pub async fn create_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<DraftForm>,
) -> PageResult<Response> {
    agreements::create_draft(&state, &actor, &form.kind, &form.title, &form.body_markdown).await?;
    Ok(Redirect::to("/staff/agreements?notice=drafted").into_response())
}

#[derive(Debug, Deserialize)]
pub struct PublishForm {
    #[serde(default)]
    resign_within_days: String,
}

pub async fn publish_agreement(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    PageForm(form): PageForm<PublishForm>,
) -> PageResult<Response> {
    let days = match form.resign_within_days.trim() {
        "" => None,
        text => Some(text.parse::<i64>().map_err(|_| {
            AppError::validation(vec![FieldError::new(
                "resign_within_days",
                "a number of days",
            )])
        })?),
    };
    agreements::publish(&state, &actor, &template_id, days).await?;
    Ok(Redirect::to("/staff/agreements?notice=published").into_response())
}
