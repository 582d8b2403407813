//! The reviewers' side: the organization queue (filters, paging, CSV export) and one
//! organization's dossier (duplicates, evidence, documents, decisions, collaboration approval).

use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::lifecycle::{Action, OrganizationState};
use serde::Deserialize;

use super::documents::{documents_table, upload_form};
use crate::registry::api::listing::csv_response;
use crate::registry::api::registry::OrganizationQuery;
use crate::registry::api::review::{record_evidence, EvidenceBody};
use crate::registry::services::documents::max_document_bytes;
use crate::registry::services::{listing, review};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{select, textarea, with_errors};
use crate::web::layout::{csrf_input, field, form_alert, notice, page, respond, time};

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<OrganizationQuery>,
) -> PageResult<Response> {
    let listed =
        listing::organizations(&state, &actor, &query.filter(), query.page, query.per_page).await?;
    let filters = [
        ("state", query.state.clone().unwrap_or_default()),
        ("category", query.category.clone().unwrap_or_default()),
        ("country", query.country.clone().unwrap_or_default()),
        ("tier", query.tier.clone().unwrap_or_default()),
    ];
    let csv_query = serde_urlencoded::to_string(filters.clone()).unwrap_or_default();
    let page_link = |page: i64| {
        let mut pairs: Vec<(&str, String)> = filters.to_vec();
        pairs.push(("page", page.to_string()));
        format!(
            "/staff/organizations?{}",
            serde_urlencoded::to_string(pairs).unwrap_or_default()
        )
    };
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
                    @for organization in &listed.organizations {
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
            nav.pager aria-label="Pages" {
                span #page-status { "Page " (listed.page) " of " (listed.n_pages()) " (" (listed.total) " organizations)" }
                @if listed.page > 1 { " " a rel="prev" href=(page_link(listed.page - 1)) { "Previous" } }
                @if listed.page < listed.n_pages() { " " a rel="next" href=(page_link(listed.page + 1)) { "Next" } }
            }
        },
    )))
}

pub async fn export_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<OrganizationQuery>,
) -> PageResult<Response> {
    let csv = listing::csv(&state, &actor, &query.filter()).await?;
    Ok(csv_response(csv))
}

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    pub(super) notice: Option<String>,
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
                h3 { "Record an identifier check" }
                form #identifier-check method="post" action={ "/staff/organizations/" (profile.id) "/evidence" } {
                    (csrf_input(actor))
                    input type="hidden" name="kind" value="identifier";
                    label for="identifier-system" { "System (NPI, TIN, CLIA, OID, …)" }
                    input #identifier-system type="text" name="system" autocomplete="off";
                    label for="identifier-value" { "Value" }
                    input #identifier-value type="text" name="value" autocomplete="off";
                    @for error in errors.iter().filter(|error| matches!(error.field.as_str(), "identifier" | "note")) {
                        p.field-error { (error.message) }
                    }
                    label for="identifier-passed" { "Result" }
                    select #identifier-passed name="passed" {
                        option value="true" { "passed" }
                        option value="false" { "failed" }
                    }
                    label for="identifier-note" { "Note" }
                    input #identifier-note type="text" name="note" autocomplete="off";
                    button.secondary type="submit" { "Record identifier check" }
                }
            }
            div.card {
                h2 { "Documents" }
                (documents_table(actor, &dossier.documents, Some(&format!("/staff/organizations/{}/evidence", profile.id))))
                (upload_form(actor, &format!("/staff/organizations/{}/documents", profile.id), max_document_bytes(&state.config)))
            }
            div.card.narrow {
                h2 { "Collaborative tier" }
                p { "Staff approval: " span #collaboration-approval { @if profile.collaborative_approved_at.is_some() { "approved" } @else { "not approved" } } }
                form #collaboration method="post" action={ "/staff/organizations/" (profile.id) "/collaboration" } {
                    (csrf_input(actor))
                    label for="collaboration-approved" { "Approval" }
                    select #collaboration-approved name="approved" {
                        option value="true" { "approve" }
                        option value="false" { "withdraw" }
                    }
                    label for="collaboration-reason" { "Reason" }
                    input #collaboration-reason type="text" name="reason" autocomplete="off";
                    @for error in errors.iter().filter(|error| error.field.starts_with("collaboration_")) {
                        p.field-error { (error.message) }
                    }
                    button.secondary type="submit" { "Save approval" }
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
    system: Option<String>,
    value: Option<String>,
    /// `true` or `false` (the result the reviewer records).
    passed: Option<String>,
    note: Option<String>,
    document_id: Option<String>,
}

pub async fn evidence(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageForm(form): PageForm<EvidenceForm>,
) -> PageResult<Response> {
    let body = EvidenceBody {
        kind: form.kind,
        system: form.system,
        value: form.value,
        passed: form.passed.as_deref().map(|passed| passed == "true"),
        note: form.note,
        document_id: form.document_id,
    };
    match record_evidence(&state, &actor, &organization_id, &body).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/organizations/{organization_id}?notice=evidence_recorded"
        ))
        .into_response()),
        Err(error) => rerender(&state, &actor, &organization_id, error).await,
    }
}

/// Shows the dossier again with a form's field errors (422), or passes any other error on.
async fn rerender(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    error: AppError,
) -> PageResult<Response> {
    match error {
        AppError::Validation { fields, .. } => {
            let markup = dossier_page(state, actor, organization_id, None, &fields).await?;
            with_errors(Err(AppError::validation(fields)), |_| markup)
        }
        other => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct CollaborationForm {
    /// `true` approves the collaborative tier, `false` withdraws the approval.
    #[serde(default)]
    approved: String,
    #[serde(default)]
    reason: String,
}

/// Staff approval (or its withdrawal) of the collaborative tier.
pub async fn collaboration(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageForm(form): PageForm<CollaborationForm>,
) -> PageResult<Response> {
    let approved = form.approved == "true";
    match review::set_collaboration_approval(
        &state,
        &actor,
        &organization_id,
        approved,
        &form.reason,
    )
    .await
    {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/organizations/{organization_id}?notice=collaboration_saved"
        ))
        .into_response()),
        // The dossier has two reason fields; this error belongs to the collaboration form's.
        Err(AppError::Validation { fields, .. }) => {
            let fields = fields
                .into_iter()
                .map(|error| {
                    FieldError::new(&format!("collaboration_{}", error.field), error.message)
                })
                .collect();
            rerender(
                &state,
                &actor,
                &organization_id,
                AppError::validation(fields),
            )
            .await
        }
        Err(error) => rerender(&state, &actor, &organization_id, error).await,
    }
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
