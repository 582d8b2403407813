//! The reviewers' side: the organization queue (filters, paging, CSV export) and one
//! organization's dossier (duplicates, evidence, documents, decisions, collaboration approval).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::evidence::EvidenceKind;
use onramp_core::registry::lifecycle::{
    available_actions, needs_confirmation, Action, OrganizationState,
};
use onramp_core::registry::partner::{Category, OrganizationType, SizeBand};
use onramp_core::registry::tier::Tier;
use onramp_core::vocabulary::{choices, label_of};
use serde::{Deserialize, Serialize};

use super::documents::{documents_table, upload_form};
use crate::registry::api::registry::OrganizationQuery;
use crate::registry::api::review::{record_evidence, EvidenceBody};
use crate::registry::services::documents::max_document_bytes;
use crate::registry::services::{listing, review};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, refused_page, Confirmation, FormView, Refusal,
};
use crate::web::layout::{csrf_input, notice, page, respond, time};
use crate::web::paging::total_text;

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<OrganizationQuery>,
) -> PageResult<Response> {
    let listed = listing::organizations(
        &state,
        &actor,
        &query.filter(),
        listing::At::Page(query.page),
        query.per_page,
    )
    .await?;
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
    let tiers: Vec<(&str, &str)> = Tier::ALL
        .iter()
        .map(|tier| (tier.as_str(), state.config.tier_name(*tier)))
        .collect();
    // Beyond the counted total, a page is past the end only when it comes back empty.
    let past_the_end = query.page.is_some_and(|asked| {
        asked > 1
            && (listed.organizations.is_empty()
                || (listed.total.is_exact() && asked > listed.n_pages()))
    });
    let of_pages = if listed.total.is_exact() {
        listed.n_pages().to_string()
    } else {
        format!("more than {}", listed.n_pages())
    };
    let filter = FormView::plain();
    Ok(respond(page(
        Some(&actor),
        "Organizations",
        html! {
            h1 { "Organizations" }
            form.filters method="get" action="/staff/organizations" {
                (filter.select_with("State", "state", &choices::<OrganizationState>(), query.state.as_deref().unwrap_or(""), Some("Any")))
                (filter.select_with("Category", "category", &choices::<Category>(), query.category.as_deref().unwrap_or(""), Some("Any")))
                (filter.text("Country (two letters)", "country", query.country.as_deref().unwrap_or("")))
                (filter.select_with("Tier", "tier", &tiers, query.tier.as_deref().unwrap_or(""), Some("Any")))
                button type="submit" { "Filter" }
            }
            p { a href={ "/staff/organizations.csv?" (csv_query) } { "Export CSV" } }
            @if past_the_end {
                div.alert role="status" #past-the-end {
                    "There is no page " (query.page.unwrap_or(1)) ": the list has " (listed.n_pages()) " page(s). "
                    a href=(page_link(listed.n_pages())) { "Go to the last page" }
                }
            }
            div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                table #organizations {
                    thead { tr { th { "Name" } th { "State" } th { "Tier" } th { "Category" } th { "Country" } th { "Domain" } th { "Applied" } } }
                    tbody {
                        @for organization in &listed.organizations {
                            tr {
                                td { a href={ "/staff/organizations/" (organization.id) } { (organization.name) } }
                                td { (organization.state.label()) }
                                td { (state.config.tier_name(organization.tier)) }
                                td { (organization.category.as_deref().map_or("—", label_of::<Category>)) }
                                td { (organization.country.as_deref().unwrap_or("—")) }
                                td { (organization.web_domain.as_deref().unwrap_or("—")) }
                                td { (time(organization.created_at)) }
                            }
                        }
                    }
                }
            }
            @if listed.organizations.is_empty() { p.muted { "No organization matches these filters." } }
            nav.pager aria-label="Pages" {
                span #page-status { "Page " (if listed.total.is_exact() { listed.page.min(listed.n_pages()) } else { listed.page }) " of " (of_pages) " (" (total_text(listed.total)) " organizations)" }
                @if listed.page > 1 && !past_the_end { " " a rel="prev" href=(page_link(listed.page - 1)) { "Previous" } }
                @if listed.next.is_some() && (listed.page < listed.n_pages() || !listed.total.is_exact()) { " " a rel="next" href=(page_link(listed.page + 1)) { "Next" } }
            }
        },
    )))
}

pub async fn export_csv(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<OrganizationQuery>,
) -> PageResult<Response> {
    let chunks = listing::csv(&state, &actor, &query.filter())?;
    Ok(crate::web::csv::streamed("organizations.csv", chunks))
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
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let dossier = review::dossier(state, actor, organization_id).await?;
    let profile = &dossier.profile;
    let role = actor
        .user()
        .map(|user| user.role)
        .ok_or(AppError::Unauthenticated)?;
    let n_passing = dossier.evidence.iter().filter(|item| item.passed).count();
    let actions: Vec<(&str, &str)> = available_actions(role, profile.state, n_passing)
        .into_iter()
        .map(|action| (action.as_str(), action.label()))
        .collect();
    let approval_blocked =
        n_passing == 0 && available_actions(role, profile.state, 1).contains(&Action::Approve);
    let open_request = review::open_information_request(&dossier.transitions, &dossier.evidence);
    let identifier = FormView::prefixed("identifier", refusal);
    let identifier_fields = html! {
        input type="hidden" name="kind" value="identifier";
        (identifier.text("System (NPI, TIN, CLIA, OID, …)", "system", ""))
        (identifier.text("Value", "value", ""))
        (identifier.select_with("Result", "passed", &[("true", "Passed"), ("false", "Failed")], "true", None))
        (identifier.text("Note", "note", ""))
    };
    let collaboration = FormView::prefixed("collaboration", refusal);
    let collaboration_fields = html! {
        (collaboration.select_with("Approval", "approved", &[("true", "Approve"), ("false", "Withdraw")], "true", None))
        (collaboration.text("Reason", "reason", ""))
    };
    let decide = FormView::prefixed("decide", refusal);
    let decide_fields = html! {
        (decide.select("Decision", "action", &actions, ""))
        (decide.textarea("Reason (sent to the applicant)", "reason", ""))
    };
    let check_forms = FormView::new("check", refusal);
    let upload = FormView::new("upload", refusal);
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
                    dt { "Category / type / size" } dd {
                        (profile.category.as_deref().map_or("—", label_of::<Category>)) " / "
                        (profile.org_type.as_deref().map_or("—", label_of::<OrganizationType>)) " / "
                        (profile.size_band.as_deref().map_or("—", label_of::<SizeBand>))
                    }
                    dt { "Country / region" } dd { (profile.country.as_deref().unwrap_or("—")) " / " (profile.region.as_deref().unwrap_or("—")) }
                    dt { "Web domain" } dd { (profile.web_domain.as_deref().unwrap_or("—")) }
                    dt { "Identifiers" } dd { @for identifier in &dossier.identifiers { (identifier.system) " " (identifier.value) "; " } }
                    dt { "Use case / timeline" } dd { (profile.use_case.as_deref().unwrap_or("—")) " / " (profile.timeline.as_deref().unwrap_or("—")) }
                    dt { "Contact" } dd { (profile.contact_name.as_deref().unwrap_or("—")) " <" (profile.contact_email.as_deref().unwrap_or("—")) "> "
                        @if dossier.contact_confirmed { "(email confirmed)" } @else { "(email not confirmed)" } }
                }
            }
            @if let Some(request) = open_request {
                div.card #information-request {
                    h2 { "Waiting for the partner" }
                    p { "You asked on " (time(request.at)) ": " (request.reason) }
                    p.muted { "The partner answers on their organization page; the answer appears under Evidence." }
                }
            }
            div.card {
                h2 { "Evidence" }
                (check_forms.summary())
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                    table #evidence {
                        thead { tr { th { "Kind" } th { "Result" } th { "Detail" } th { "By" } th { "When" } } }
                        tbody { @for evidence in &dossier.evidence {
                            tr {
                                td { (label_of::<EvidenceKind>(&evidence.kind)) }
                                td.result { (evidence_result(evidence)) }
                                td { (evidence.detail) } td { (evidence.recorded_by_label) } td { (time(evidence.recorded_at)) }
                            }
                        } }
                    }
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
                (identifier.summary())
                form #identifier-check method="post" action={ "/staff/organizations/" (profile.id) "/evidence" } novalidate {
                    (csrf_input(actor))
                    (identifier_fields)
                    button.secondary type="submit" { "Record identifier check" }
                }
            }
            div.card {
                h2 { "Documents" }
                (documents_table(actor, &dossier.documents, Some(&format!("/staff/organizations/{}/evidence", profile.id))))
                (upload.summary())
                (upload_form(actor, &format!("/staff/organizations/{}/documents", profile.id), max_document_bytes(&state.config), &upload))
            }
            div.card.narrow {
                h2 { "Collaborative tier" }
                p { "Staff approval: " span #collaboration-approval { @if profile.collaborative_approved_at.is_some() { "approved" } @else { "not approved" } } }
                (collaboration.summary())
                form #collaboration method="post" action={ "/staff/organizations/" (profile.id) "/collaboration" } novalidate {
                    (csrf_input(actor))
                    (collaboration_fields)
                    button.secondary type="submit" { "Save approval" }
                }
            }
            div.card.narrow #decide {
                h2 { "Decide" }
                (decide.summary())
                @if actions.is_empty() {
                    p.muted { "No decision is open to you while the organization is " (profile.state.label().to_lowercase()) "." }
                } @else {
                    @if approval_blocked {
                        p.muted #approval-blocked { "Approval needs at least one piece of evidence that passed." }
                    }
                    form method="post" action={ "/staff/organizations/" (profile.id) "/decision" } novalidate {
                        (csrf_input(actor))
                        (decide_fields)
                        button type="submit" { "Record decision" }
                    }
                }
            }
            div.card {
                h2 { "History" }
                ul #history { @for transition in &dossier.transitions {
                    li {
                        (time(transition.at)) " — " (label_of::<Action>(&transition.action))
                        " (" (label_of::<OrganizationState>(&transition.from_state)) " → " (label_of::<OrganizationState>(&transition.to_state)) ") by "
                        (transition.actor_label) ": " (transition.reason)
                    }
                } }
            }
        },
    ))
}

/// A piece of evidence's result as a glyph with its words.
fn evidence_result(evidence: &onramp_store::registry::evidence::Evidence) -> Markup {
    let is_check = evidence
        .kind
        .parse::<EvidenceKind>()
        .map_or(true, EvidenceKind::is_check);
    html! {
        @if !is_check { span.status.status-info { "Information" } }
        @else if evidence.passed { span.status.status-ok { "Passed" } }
        @else { span.status.status-bad { "Failed" } }
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        dossier_page(
            &state,
            &actor,
            &organization_id,
            query.notice.as_deref(),
            None,
        )
        .await?,
    ))
}

#[derive(Debug, Deserialize, Serialize)]
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
        kind: form.kind.clone(),
        system: form.system.clone(),
        value: form.value.clone(),
        passed: form.passed.as_deref().map(|passed| passed == "true"),
        note: form.note.clone(),
        document_id: form.document_id.clone(),
    };
    match record_evidence(&state, &actor, &organization_id, &body).await {
        Ok(_) => Ok(Redirect::to(&format!(
            "/staff/organizations/{organization_id}?notice=evidence_recorded"
        ))
        .into_response()),
        Err(error) => {
            // The identifier form has its own fields; the buttons' errors go above the evidence.
            let form_id = if form.kind == "identifier" {
                "identifier"
            } else {
                "check"
            };
            let refusal = Refusal::of(form_id, &form, error)?.renamed(|field| match field {
                "identifier" => Some("value"),
                _ => None,
            });
            rerender(&state, &actor, &organization_id, &refusal).await
        }
    }
}

/// Shows the dossier again with a refused form.
pub(super) async fn rerender(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    refusal: &Refusal,
) -> PageResult<Response> {
    let markup = dossier_page(state, actor, organization_id, None, Some(refusal)).await?;
    Ok(refused_page(refusal, markup))
}

#[derive(Debug, Deserialize, Serialize)]
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
        Err(error) => {
            let refusal = Refusal::of("collaboration", &form, error)?;
            rerender(&state, &actor, &organization_id, &refusal).await
        }
    }
}

#[derive(Debug, Deserialize, Serialize)]
pub struct DecisionForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    reason: String,
    /// `yes` once the reviewer confirmed a decision that asks for it.
    #[serde(default)]
    confirmed: Option<String>,
}

pub async fn decide(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    PageForm(form): PageForm<DecisionForm>,
) -> PageResult<Response> {
    let action = form.action.parse::<Action>();
    if let Ok(action) = action {
        if !confirmed(form.confirmed.as_deref()) {
            if let Some(markup) =
                confirmation(&state, &actor, &organization_id, action, &form).await?
            {
                return Ok(respond(markup));
            }
        }
    }
    let result = match action {
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
        Err(error) => {
            let refusal = Refusal::of("decide", &form, error)?;
            rerender(&state, &actor, &organization_id, &refusal).await
        }
    }
}

/// The confirmation page a decision asks for first (reject, suspend, retire, or approve despite
/// a failed check), or `None` when it needs none.
async fn confirmation(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    action: Action,
    form: &DecisionForm,
) -> PageResult<Option<Markup>> {
    let dossier = review::dossier(state, actor, organization_id).await?;
    let failed: Vec<&str> = dossier
        .evidence
        .iter()
        .filter(|item| !item.passed)
        .filter_map(|item| item.kind.parse::<EvidenceKind>().ok())
        .filter(|kind| kind.is_check())
        .map(EvidenceKind::label)
        .collect();
    if !needs_confirmation(action, failed.len()) {
        return Ok(None);
    }
    let name = &dossier.profile.name;
    let consequence = match action {
        Action::Approve => format!(
            "{name} has failed checks ({}). Approving makes it active all the same, and the applicant is emailed.",
            failed.join(", ")
        ),
        Action::Reject => format!("{name} is retired and cannot apply again with this application; the applicant is emailed."),
        Action::Suspend => format!("{name} loses its access until it is reinstated; its people are emailed."),
        _ => format!("{name} is retired for good: nothing more can be done to it."),
    };
    let title = format!("{} {name}?", action.label());
    let path = format!("/staff/organizations/{organization_id}/decision");
    let cancel = format!("/staff/organizations/{organization_id}");
    let hidden = [
        ("action", form.action.as_str()),
        ("reason", form.reason.as_str()),
    ];
    let confirm = format!("{} {name}", action.label());
    Ok(Some(confirmation_page(
        actor,
        &Confirmation {
            title: &title,
            consequence: &consequence,
            action: &path,
            hidden: &hidden,
            reason: Some("Reason (sent to the applicant)"),
            confirm: &confirm,
            cancel: &cancel,
        },
    )))
}
