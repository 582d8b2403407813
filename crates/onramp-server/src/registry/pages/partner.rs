//! The partner's own organization: state, tier checklist, the DNS proof to publish, agreements to
//! sign and signed copies, and (for partner admins) its people.

use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup, PreEscaped};
use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::tier::{checklist, compute_tier};
use onramp_core::vocabulary::label_of;
use onramp_core::Role;
use onramp_store::registry::agreements as stored_agreements;
use onramp_store::registry::evidence as stored_evidence;
use serde::{Deserialize, Serialize};

use super::documents::{documents_table, upload_form};
use crate::registry::services::{
    agreements, dns, documents, listing, members, render, review, scope, tiers,
};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::{AppError, PageResult};
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{
    confirmation_page, confirmed, or_refused, refused_page, Confirmation, FormView, Kind, Refusal,
};
use crate::web::layout::{csrf_input, notice, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    notice: Option<String>,
}

/// Where the partner's organization stands: what both its page and its home section show.
struct Standing {
    profile: onramp_store::registry::Profile,
    conditions: onramp_core::registry::tier::TierConditions,
    tier: onramp_core::registry::tier::Tier,
    agreements_due: Vec<listing::AgreementStatus>,
    /// The request for more information still to answer.
    open_request: Option<stored_evidence::Transition>,
    /// Whether a DNS TXT check has passed.
    domain_proven: bool,
}

impl Standing {
    async fn of(state: &AppState, actor: &Actor, organization_id: &str) -> PageResult<Standing> {
        let profile = scope::visible_organization(state, actor, organization_id).await?;
        let pool = state.store.pool();
        let mut conn = pool
            .acquire()
            .await
            .map_err(onramp_store::StoreError::from)?;
        let conditions = tiers::conditions(&mut conn, &profile, state.clock.now_ms()).await?;
        drop(conn);
        let (agreements_due, evidence, transitions) = tokio::try_join!(
            listing::agreement_status(state, actor, organization_id),
            async { Ok::<_, AppError>(stored_evidence::list(pool, organization_id).await?) },
            async { Ok::<_, AppError>(stored_evidence::transitions(pool, organization_id).await?) },
        )?;
        Ok(Standing {
            tier: compute_tier(&conditions),
            open_request: review::open_information_request(&transitions, &evidence).cloned(),
            domain_proven: evidence
                .iter()
                .any(|item| item.kind == review::DNS_TXT && item.passed),
            profile,
            conditions,
            agreements_due,
        })
    }
}

async fn overview(
    state: &AppState,
    actor: &Actor,
    notice_key: Option<&str>,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let (user, organization_id) = scope::own_organization(actor)?;
    let pool = state.store.pool();
    // The page's reads do not depend on each other: run them together.
    let (standing, signatures, people, uploaded) = tokio::try_join!(
        Standing::of(state, actor, organization_id),
        async { Ok(stored_agreements::signatures_of(pool, organization_id).await?) },
        async { Ok(members::list(state, actor).await?) },
        async { Ok(documents::list(state, actor, organization_id).await?) },
    )?;
    let Standing {
        profile,
        conditions,
        tier,
        agreements_due,
        open_request,
        domain_proven,
    } = standing;
    let is_admin = user.role == Role::PartnerAdmin;
    let invite = FormView::prefixed("invite", refusal);
    let partner_roles: Vec<(&str, &str)> = [
        Role::PartnerMember,
        Role::PartnerDeveloper,
        Role::PartnerAdmin,
    ]
    .iter()
    .map(|role| (role.as_str(), role.label()))
    .collect();
    let invite_fields = html! {
        (invite.input("Email", "email", Kind::Email, "", "off"))
        (invite.text("Name", "name", ""))
        (invite.select_with("Role", "role", &partner_roles, Role::PartnerMember.as_str(), None))
    };
    let answer = FormView::prefixed("answer", refusal);
    let answer_fields = html! { (answer.textarea("Your answer", "answer", "")) };
    let upload = FormView::new("upload", refusal);
    let members_view = FormView::new("members", refusal);
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
                        li data-met=(item.met) {
                            @if item.met { span.status.status-ok { "Done" } } @else { span.status.status-pending { "To do" } }
                            " " (item.label) " (" (state.config.tier_name(item.tier)) ")"
                        }
                    }
                }
            }
            @if let Some(request) = open_request {
                div.card #information-request {
                    h2 { "Program staff need more information" }
                    p { "Asked on " (time(request.at)) ":" }
                    blockquote { (request.reason) }
                    @if is_admin {
                        (answer.summary())
                        form method="post" action="/partner/information" novalidate {
                            (csrf_input(actor))
                            (answer_fields)
                            button type="submit" { "Send the answer" }
                        }
                    } @else {
                        p.muted { "A partner admin of your organization answers here." }
                    }
                }
            }
            div.card #tiers {
                h2 { "Tiers" }
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                    table {
                        thead { tr { th { "Tier" } th { "What it means" } th { "What it unlocks" } } }
                        tbody {
                            @for each in onramp_core::registry::tier::Tier::ALL {
                                tr aria-current=[(each == tier).then_some("true")] {
                                    td {
                                        (state.config.tier_name(each))
                                        @if each == tier { " " span.badge { "Yours" } }
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
            }
            @if let (Some(domain), Some(token), false) = (&profile.web_domain, &profile.dns_token, domain_proven) {
                div.card #dns-proof {
                    h2 { "Prove you control " (domain) }
                    p { "Publish this TXT record on " code { (domain) } "; program staff will look it up:" }
                    p { code #dns-record { (dns::TXT_PREFIX) (token) } }
                }
            }
            div.card #agreements {
                h2 { "Agreements" }
                @if agreements_due.is_empty() { p.muted { "No agreements are published yet." } }
                @else {
                    ul {
                        @for status in &agreements_due {
                            li {
                                a href={ "/partner/agreements/" (status.template.id) } { (status.template.title) " (version " (status.template.version) ")" }
                                " — "
                                @if status.current { span.status.status-ok { "Signed" } }
                                @else if status.signature.is_some() { span.status.status-pending { "To sign again: a new version" } }
                                @else { span.status.status-bad { "To sign" } }
                            }
                        }
                    }
                }
                @if !signatures.is_empty() {
                    h3 { "Signed copies" }
                    div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                        table {
                            thead { tr { th { "Agreement" } th { "Signed by" } th { "When" } th { "Copies" } } }
                            tbody {
                                @for signature in &signatures {
                                    tr {
                                        td { (label_of::<AgreementKind>(&signature.kind)) ", version " (signature.version) }
                                        td { (signature.signer_name) ", " (signature.signer_title) }
                                        td { (time(signature.signed_at)) }
                                        td { a href={ "/signatures/" (signature.id) "/html" } { "HTML" } " · " a href={ "/signatures/" (signature.id) "/pdf" } { "PDF" } }
                                    }
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
                    (upload.summary())
                    (upload_form(actor, "/partner/documents", documents::max_document_bytes(&state.config), &upload))
                }
            }
            div.card #people {
                h2 { "People" }
                (members_view.summary())
                div.table-scroll tabindex="0" role="region" aria-label="Table (scrolls sideways when wide)" {
                    table {
                        thead { tr { th { "Name" } th { "Email" } th { "Role" } th { "State" } @if is_admin { th { "Actions" } } } }
                        tbody {
                            @for member in &people {
                                tr {
                                    td { (member.name) } td { (member.email) } td { (member.role.label()) }
                                    td { @if !member.active { "Deactivated" } @else if member.pending { "Invited" } @else { "Active" } }
                                    @if is_admin {
                                        td {
                                            @if member.active && member.id != user.id {
                                                form.inline method="post" action={ "/partner/members/" (member.id) "/role" } {
                                                    (csrf_input(actor))
                                                    select name="role" aria-label={ "Role of " (member.name) } {
                                                        @for (value, label) in &partner_roles {
                                                            option value=(value) selected[*value == member.role.as_str()] { (label) }
                                                        }
                                                    }
                                                    button.secondary type="submit" { "Change role" }
                                                }
                                                form.inline method="post" action={ "/partner/members/" (member.id) "/deactivate" } {
                                                    (csrf_input(actor))
                                                    button.secondary type="submit" aria-label={ "Deactivate " (member.name) } { "Deactivate" }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                @if is_admin {
                    h3 { "Invite a colleague" }
                    (invite.summary())
                    form method="post" action="/partner/members" novalidate {
                        (csrf_input(actor))
                        (invite_fields)
                        button type="submit" { "Invite" }
                    }
                }
            }
        },
    ))
}

/// The partner's section of the home page: where the organization stands and only the next
/// actions that still apply.
pub async fn home_section(state: &AppState, actor: &Actor) -> PageResult<Markup> {
    let (user, organization_id) = scope::own_organization(actor)?;
    let standing = Standing::of(state, actor, organization_id).await?;
    let Standing {
        profile,
        conditions,
        tier,
        agreements_due,
        open_request,
        domain_proven,
    } = standing;
    let is_admin = user.role == Role::PartnerAdmin;
    let to_sign: Vec<_> = agreements_due
        .iter()
        .filter(|status| !status.current)
        .collect();
    let missing: Vec<_> = checklist(&conditions)
        .into_iter()
        .filter(|item| !item.met)
        .collect();
    let nothing_to_do = open_request.is_none()
        && (domain_proven || profile.web_domain.is_none())
        && to_sign.is_empty()
        && missing.is_empty();
    Ok(html! {
        div.card #standing {
            h2 { (profile.name) }
            p { "State: " span.badge { (profile.state.label()) } " · Tier: " span.badge { (state.config.tier_name(tier)) } }
            p { a href="/partner" { "Your organization's page" } }
        }
        div.card #next-actions {
            h2 { "Next" }
            @if nothing_to_do {
                p { span.status.status-ok { "Done" } " Nothing is waiting for your organization." }
            }
            ul {
                @if open_request.is_some() {
                    li { a href="/partner#information-request" { "Answer program staff's request for more information" }
                        @if !is_admin { " (a partner admin answers)" } }
                }
                @if let (Some(domain), false) = (&profile.web_domain, domain_proven) {
                    li { a href="/partner#dns-proof" { "Prove you control " (domain) } " by publishing a DNS TXT record" }
                }
                @for status in &to_sign {
                    li { a href={ "/partner/agreements/" (status.template.id) } { "Sign " (status.template.title) }
                        @if !is_admin { " (a partner admin signs)" } }
                }
                @for item in &missing {
                    li { (item.label) " — needed for the " (state.config.tier_name(item.tier)) " tier" }
                }
            }
        }
    })
}

/// Shows the organization page again with a refused form.
pub(super) async fn rerender(
    state: &AppState,
    actor: &Actor,
    refusal: &Refusal,
) -> PageResult<Response> {
    let markup = overview(state, actor, None, Some(refusal)).await?;
    Ok(refused_page(refusal, markup))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        overview(&state, &actor, query.notice.as_deref(), None).await?,
    ))
}

#[derive(Debug, Deserialize, Serialize)]
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
        Err(error) => rerender(&state, &actor, &Refusal::of("invite", &form, error)?).await,
    }
}

#[derive(Debug, Deserialize, Serialize)]
pub struct AnswerForm {
    #[serde(default)]
    answer: String,
}

/// A partner admin answers the open request for more information.
pub async fn answer_information_request(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<AnswerForm>,
) -> PageResult<Response> {
    match review::answer_information_request(&state, &actor, &form.answer).await {
        Ok(_) => Ok(Redirect::to("/partner?notice=answer_sent").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("answer", &form, error)?).await,
    }
}

#[derive(Debug, Deserialize)]
pub struct DeactivateForm {
    confirmed: Option<String>,
}

/// Deactivates a member, after a confirmation page.
pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(user_id): Path<String>,
    PageForm(form): PageForm<DeactivateForm>,
) -> PageResult<Response> {
    if !confirmed(form.confirmed.as_deref()) {
        let people = members::list(&state, &actor).await?;
        let member = people
            .iter()
            .find(|member| member.id == user_id)
            .ok_or(AppError::NotFound("member"))?;
        let title = format!("Deactivate {}?", member.name);
        let consequence = format!(
            "{} ({}) can no longer sign in, and every session and API token of theirs stops working. A partner admin can invite them again later.",
            member.name, member.email
        );
        let path = format!("/partner/members/{user_id}/deactivate");
        return Ok(respond(confirmation_page(
            &actor,
            &Confirmation {
                title: &title,
                consequence: &consequence,
                action: &path,
                hidden: &[],
                reason: None,
                confirm: "Deactivate",
                cancel: "/partner#people",
            },
        )));
    }
    match members::deactivate(&state, &actor, &user_id).await {
        Ok(()) => Ok(Redirect::to("/partner?notice=deactivated").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("members", &(), error)?).await,
    }
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
    match listing::set_directory_opt_in(&state, &actor, &organization_id, form.opt_in == "true")
        .await
    {
        Ok(_) => Ok(Redirect::to("/partner?notice=directory_saved").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("members", &(), error)?).await,
    }
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
    match members::set_role(&state, &actor, &user_id, &form.role).await {
        Ok(_) => Ok(Redirect::to("/partner?notice=role_changed").into_response()),
        Err(error) => rerender(&state, &actor, &Refusal::of("members", &(), error)?).await,
    }
}

fn agreement_page(
    actor: &Actor,
    template: &onramp_store::registry::agreements::Template,
    may_sign: bool,
    refusal: Option<&Refusal>,
) -> Markup {
    let view = FormView::new("sign", refusal);
    let fields = html! {
        (view.input("Your full name", "signer_name", Kind::Text, "", "name"))
        (view.input("Your title", "signer_title", Kind::Text, "", "organization-title"))
        (view.checkbox("I have read this agreement and may sign it for my organization", "confirm", "yes", false))
    };
    page(
        Some(actor),
        &template.title,
        html! {
            h1 { (template.title) }
            p.muted { "Version " (template.version) }
            div.card.agreement { (PreEscaped(render::markdown_to_html_nested(&template.body_markdown, 1))) }
            @if may_sign {
                div.card.narrow {
                    h2 { "Sign for your organization" }
                    (view.summary())
                    form method="post" action={ "/partner/agreements/" (template.id) "/sign" } novalidate {
                        (csrf_input(actor))
                        (fields)
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
        None,
    )))
}

#[derive(Debug, Deserialize, Serialize)]
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
    or_refused(result, "sign", &form, |refusal| {
        agreement_page(&actor, &template, true, Some(refusal))
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
