//! The partner's own organization: state, tier checklist, the DNS proof to publish, agreements to
//! sign and signed copies, and (for partner admins) its people.

use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};
use onramp_core::registry::tier::{checklist, compute_tier};
use onramp_core::Role;
use onramp_store::registry::agreements as stored_agreements;
use serde::Deserialize;

use super::documents::{documents_table, upload_form};
use crate::registry::services::{
    agreements, dns, documents, listing, members, render, scope, tiers,
};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::with_errors;
use crate::web::layout::{csrf_input, field, form_alert, notice, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

async fn overview(
    state: &AppState,
    actor: &Actor,
    notice_key: Option<&str>,
    invite_errors: &[FieldError],
) -> PageResult<Markup> {
    let (user, organization_id) = scope::own_organization(actor)?;
    let profile = scope::visible_organization(state, actor, organization_id).await?;
    let mut conn = state
        .store
        .pool()
        .acquire()
        .await
        .map_err(onramp_store::StoreError::from)?;
    let conditions = tiers::conditions(&mut conn, &profile, state.clock.now_ms()).await?;
    drop(conn);
    let tier = compute_tier(&conditions);
    let templates = agreements::list(state, actor).await?;
    let signatures = stored_agreements::signatures_of(state.store.pool(), organization_id).await?;
    let people = members::list(state, actor).await?;
    let uploaded = documents::list(state, actor, organization_id).await?;
    let is_admin = user.role == Role::PartnerAdmin;
    Ok(page(
        Some(actor),
        "Your organization",
        html! {
            (notice(notice_key))
            h1 { (profile.name) }
            div.card {
                p { "State: " span.badge #org-state { (profile.state.label()) } " · Tier: " span.badge #org-tier { (state.config.tier_name(tier)) } }
                h2 { "What is still missing" }
                ul #checklist {
                    @for item in checklist(&conditions) {
                        li data-met=(item.met) { (if item.met { "✔ " } else { "✘ " }) (item.label) " (" (state.config.tier_name(item.tier)) ")" }
                    }
                }
            }
            div.card #tiers {
                h2 { "Tiers" }
                table {
                    thead { tr { th { "Tier" } th { "What it means" } th { "What it unlocks" } } }
                    tbody {
                        @for each in onramp_core::registry::tier::Tier::ALL {
                            tr aria-current=[(each == tier).then_some("true")] {
                                td {
                                    (state.config.tier_name(each))
                                    @if each == tier { " " span.badge { "yours" } }
                                }
                                td { (state.config.tier_description(each)) }
                                td {
                                    ul {
                                        @for capability in each.capabilities() { li { (capability.label()) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if let (Some(domain), Some(token)) = (&profile.web_domain, &profile.dns_token) {
                div.card {
                    h2 { "Prove you control " (domain) }
                    p { "Publish this TXT record on " code { (domain) } "; program staff will look it up:" }
                    p { code #dns-record { (dns::TXT_PREFIX) (token) } }
                }
            }
            div.card {
                h2 { "Agreements" }
                @if templates.is_empty() { p.muted { "No agreements are published yet." } }
                ul {
                    @for template in &templates {
                        li { a href={ "/partner/agreements/" (template.id) } { (template.title) " (version " (template.version) ")" } }
                    }
                }
                @if !signatures.is_empty() {
                    h3 { "Signed" }
                    table {
                        thead { tr { th { "Agreement" } th { "Signed by" } th { "When" } th { "Copies" } } }
                        tbody {
                            @for signature in &signatures {
                                tr {
                                    td { (signature.kind) " v" (signature.version) }
                                    td { (signature.signer_name) ", " (signature.signer_title) }
                                    td { (time(signature.signed_at)) }
                                    td { a href={ "/signatures/" (signature.id) "/html" } { "HTML" } " · " a href={ "/signatures/" (signature.id) "/pdf" } { "PDF" } }
                                }
                            }
                        }
                    }
                }
            }
            div.card {
                h2 { "Public directory" }
                p #directory-status { @if profile.directory_opt_in { "Listed in the public directory once active." } @else { "Not listed in the public directory." } }
                @if is_admin {
                    form method="post" action="/partner/directory" {
                        (csrf_input(actor))
                        input type="hidden" name="opt_in" value=(if profile.directory_opt_in { "false" } else { "true" });
                        button.secondary type="submit" { @if profile.directory_opt_in { "Leave the directory" } @else { "Join the directory" } }
                    }
                }
            }
            div.card {
                h2 { "Documents" }
                p { "Licences, registrations or letters that help program staff verify your organization." }
                (documents_table(actor, &uploaded, None))
                @if is_admin {
                    (upload_form(actor, "/partner/documents", documents::max_document_bytes(&state.config)))
                }
            }
            div.card {
                h2 { "People" }
                table {
                    thead { tr { th { "Name" } th { "Email" } th { "Role" } th { "State" } th {} } }
                    tbody {
                        @for member in &people {
                            tr {
                                td { (member.name) } td { (member.email) } td { (member.role.label()) }
                                td { @if !member.active { "deactivated" } @else if member.pending { "invited" } @else { "active" } }
                                td {
                                    @if is_admin && member.active && member.id != user.id {
                                        form.inline method="post" action={ "/partner/members/" (member.id) "/role" } {
                                            (csrf_input(actor))
                                            select name="role" aria-label={ "Role of " (member.name) } {
                                                @for role in [Role::PartnerMember, Role::PartnerDeveloper, Role::PartnerAdmin] {
                                                    option value=(role.as_str()) selected[role == member.role] { (role.label()) }
                                                }
                                            }
                                            button.secondary type="submit" { "Change role" }
                                        }
                                        form method="post" action={ "/partner/members/" (member.id) "/deactivate" } {
                                            (csrf_input(actor))
                                            button.secondary type="submit" { "Deactivate" }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if is_admin {
                    h3 { "Invite a colleague" }
                    (form_alert(invite_errors))
                    form method="post" action="/partner/members" {
                        (csrf_input(actor))
                        (field("Email", "email", "email", "", "off", invite_errors))
                        (field("Name", "name", "text", "", "off", invite_errors))
                        label for="role" { "Role" }
                        select id="role" name="role" {
                            option value="partner_member" { "Partner member" }
                            option value="partner_developer" { "Partner developer" }
                            option value="partner_admin" { "Partner admin" }
                        }
                        button type="submit" { "Invite" }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Query(query): Query<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        overview(&state, &actor, query.notice.as_deref(), &[]).await?,
    ))
}

#[derive(Debug, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<InviteForm>,
) -> PageResult<Response> {
    match members::invite(&state, &actor, &form.email, &form.name, &form.role).await {
        Ok(_) => Ok(Redirect::to("/partner?notice=invited").into_response()),
        Err(crate::web::error::AppError::Validation { fields, .. }) => {
            let mut response = respond(overview(&state, &actor, None, &fields).await?);
            *response.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
) -> PageResult<Response> {
    members::deactivate(&state, &actor, &user_id).await?;
    Ok(Redirect::to("/partner?notice=deactivated").into_response())
}

#[derive(Debug, Deserialize)]
pub struct DirectoryForm {
    #[serde(default)]
    opt_in: String,
}

/// A partner admin opts their organization into the public directory, or out of it.
pub async fn set_directory_opt_in(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<DirectoryForm>,
) -> PageResult<Response> {
    let (_, organization_id) = scope::own_organization_admin(&actor)?;
    let organization_id = organization_id.to_owned();
    listing::set_directory_opt_in(&state, &actor, &organization_id, form.opt_in == "true").await?;
    Ok(Redirect::to("/partner?notice=directory_saved").into_response())
}

#[derive(Debug, Deserialize)]
pub struct RoleForm {
    #[serde(default)]
    role: String,
}

/// A partner admin gives a member of their organization another partner role.
pub async fn set_role(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    PageForm(form): PageForm<RoleForm>,
) -> PageResult<Response> {
    members::set_role(&state, &actor, &user_id, &form.role).await?;
    Ok(Redirect::to("/partner?notice=role_changed").into_response())
}

fn agreement_page(
    actor: &Actor,
    template: &onramp_store::registry::agreements::Template,
    may_sign: bool,
    errors: &[FieldError],
) -> Markup {
    page(
        Some(actor),
        &template.title,
        html! {
            h1 { (template.title) }
            p.muted { "Version " (template.version) }
            div.card.agreement { (PreEscaped(render::markdown_to_html(&template.body_markdown))) }
            @if may_sign {
                div.card.narrow {
                    h2 { "Sign for your organization" }
                    (form_alert(errors))
                    form method="post" action={ "/partner/agreements/" (template.id) "/sign" } {
                        (csrf_input(actor))
                        (field("Your full name", "signer_name", "text", "", "name", errors))
                        (field("Your title", "signer_title", "text", "", "organization-title", errors))
                        div {
                            input type="checkbox" id="confirm" name="confirm" value="yes";
                            " "
                            label for="confirm" style="display:inline" { "I have read this agreement and may sign it for my organization" }
                        }
                        button type="submit" { "Sign" }
                    }
                }
            } @else {
                p.muted { "Only a partner admin can sign." }
            }
        },
    )
}

pub async fn show_agreement(
    State(state): State<AppState>,
    CurrentUser(user, actor): CurrentUser,
    Path(template_id): Path<String>,
) -> PageResult<Response> {
    let template = agreements::find(&state, &actor, &template_id).await?;
    Ok(respond(agreement_page(
        &actor,
        &template,
        user.role == Role::PartnerAdmin,
        &[],
    )))
}

#[derive(Debug, Deserialize)]
pub struct SignForm {
    #[serde(default)]
    signer_name: String,
    #[serde(default)]
    signer_title: String,
    confirm: Option<String>,
}

pub async fn sign(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(template_id): Path<String>,
    PageForm(form): PageForm<SignForm>,
) -> PageResult<Response> {
    let template = agreements::find(&state, &actor, &template_id).await?;
    let result = agreements::sign(
        &state,
        &actor,
        &template_id,
        &form.signer_name,
        &form.signer_title,
        form.confirm.is_some(),
    )
    .await
    .map(|_| Redirect::to("/partner?notice=signed").into_response());
    with_errors(result, |errors| {
        agreement_page(&actor, &template, true, errors)
    })
}

/// The signed HTML copy, byte for byte what was hashed.
pub async fn signature_html(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(signature_id): Path<String>,
) -> PageResult<Response> {
    let signature = agreements::signature(&state, &actor, &signature_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-v{}.html\"",
                    signature.kind, signature.version
                ),
            ),
            (
                header::HeaderName::from_static("x-onramp-sha256"),
                signature.text_sha256.clone(),
            ),
        ],
        signature.signed_html,
    )
        .into_response())
}

pub async fn signature_pdf(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(signature_id): Path<String>,
) -> PageResult<Response> {
    let signature = agreements::signature(&state, &actor, &signature_id).await?;
    let pdf = agreements::signature_pdf(&state, &signature).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}-v{}.pdf\"",
                    signature.kind, signature.version
                ),
            ),
        ],
        pdf,
    )
        .into_response())
}
