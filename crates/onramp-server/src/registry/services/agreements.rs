//! Agreements: program admins write versioned Markdown templates and publish them (optionally
//! giving signers of the previous version until a date to re-sign); partner admins sign the
//! published version; signed copies download as HTML and PDF; anyone can check a copy's hash.

use onramp_core::registry::agreement::{self as rules, AgreementKind, TemplateState};
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::registry::partner::required_text;
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::agreements::{self, NewSignature, Signature, Template};
use onramp_store::registry::{self, ListFilter, Profile};
use onramp_store::StoreError;

use super::render::{self, SignatureBlock};
use super::{scope, tiers};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::layout::time;

fn not_found(error: StoreError) -> AppError {
    match error {
        StoreError::NotFound => AppError::NotFound("agreement"),
        other => other.into(),
    }
}

fn program_admin(actor: &Actor) -> Result<(), AppError> {
    match scope::user(actor)?.role {
        onramp_core::Role::ProgramAdmin => Ok(()),
        _ => Err(AppError::Forbidden),
    }
}

fn template_state(template: &Template) -> Result<TemplateState, AppError> {
    template
        .state
        .parse()
        .map_err(|error: onramp_core::registry::lifecycle::UnknownName| {
            AppError::Internal(error.to_string())
        })
}

pub fn kind_of(template: &Template) -> Option<AgreementKind> {
    template.kind.parse().ok()
}

/// Writes a new draft version of `kind`.
pub async fn create_draft(
    state: &AppState,
    actor: &Actor,
    kind_text: &str,
    title: &str,
    body_markdown: &str,
) -> Result<Template, AppError> {
    program_admin(actor)?;
    let mut fields = Vec::new();
    let kind = kind_text
        .parse::<AgreementKind>()
        .map_err(|error| fields.push(FieldError::new("kind", error.to_string())))
        .ok();
    let title = required_text(title, 200)
        .map_err(|error| fields.push(FieldError::new("title", error.to_string())))
        .ok();
    let body = required_text(body_markdown, 100_000)
        .map_err(|error| fields.push(FieldError::new("body_markdown", error.to_string())))
        .ok();
    let (Some(kind), Some(title), Some(body), true) = (kind, title, body, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let mut tx = state.store.begin().await?;
    let template = agreements::insert_draft(&mut tx, kind.as_str(), &title, &body).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "agreement.drafted",
            entity_type: "agreement_template",
            entity_id: &template.id,
            organization_id: None,
            summary: format!("drafted {} version {}", kind.label(), template.version),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(template)
}

/// Publishes a draft; signatures of the previous version count for `resign_within_days` more days
/// (none: they lapse now). Tiers that depended on the old version are recomputed.
pub async fn publish(
    state: &AppState,
    actor: &Actor,
    template_id: &str,
    resign_within_days: Option<i64>,
) -> Result<Template, AppError> {
    program_admin(actor)?;
    if let Some(days) = resign_within_days {
        if !(0..=366).contains(&days) {
            return Err(AppError::validation(vec![FieldError::new(
                "resign_within_days",
                "0 to 366 days",
            )]));
        }
    }
    let template = agreements::find(state.store.pool(), template_id)
        .await
        .map_err(not_found)?;
    rules::publish(template_state(&template)?).map_err(agreement_error)?;
    let resign_by = resign_within_days.map(|days| state.clock.now_ms() + days * 86_400_000);
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    agreements::publish(&mut tx, &template.id, &template.kind, resign_by).await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "agreement.published",
            entity_type: "agreement_template",
            entity_id: &template.id,
            organization_id: None,
            summary: format!(
                "published {} version {}{}",
                template.kind,
                template.version,
                resign_by.map_or_else(String::new, |at| format!("; re-sign by {}", time(at)))
            ),
        },
    )
    .await?;
    crate::platform::outbox::emit(
        &mut tx,
        state.clock.now_ms(),
        crate::platform::outbox::Event {
            event_type: "agreement.published",
            organization_id: None,
            data: serde_json::json!({
                "template_id": template.id,
                "kind": template.kind,
                "version": template.version,
                "resign_by": resign_by,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    tiers::sweep(state).await?;
    Ok(agreements::find(state.store.pool(), &template.id).await?)
}

/// Retires a published version: nobody can sign it any more.
pub async fn retire(
    state: &AppState,
    actor: &Actor,
    template_id: &str,
) -> Result<Template, AppError> {
    program_admin(actor)?;
    let template = agreements::find(state.store.pool(), template_id)
        .await
        .map_err(not_found)?;
    rules::retire(template_state(&template)?).map_err(agreement_error)?;
    let mut tx = state.store.begin().await?;
    agreements::retire(&mut tx, &template.id).await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "agreement.retired",
            entity_type: "agreement_template",
            entity_id: &template.id,
            organization_id: None,
            summary: format!("retired {} version {}", template.kind, template.version),
        },
    )
    .await?;
    tx.commit().await?;
    tiers::sweep(state).await?;
    Ok(agreements::find(state.store.pool(), &template.id).await?)
}

/// Every template version (staff), or the published ones (partners).
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<Template>, AppError> {
    let user = scope::user(actor)?;
    let all = agreements::list(state.store.pool()).await?;
    Ok(if user.role.is_staff() {
        all
    } else {
        all.into_iter()
            .filter(|template| template.state == "published")
            .collect()
    })
}

/// One template: staff any, partners only published ones.
pub async fn find(
    state: &AppState,
    actor: &Actor,
    template_id: &str,
) -> Result<Template, AppError> {
    let user = scope::user(actor)?;
    let template = agreements::find(state.store.pool(), template_id)
        .await
        .map_err(not_found)?;
    if !user.role.is_staff() && template.state != "published" {
        return Err(AppError::NotFound("agreement"));
    }
    Ok(template)
}

/// Signs the published template for the partner admin's organization.
pub async fn sign(
    state: &AppState,
    actor: &Actor,
    template_id: &str,
    signer_name: &str,
    signer_title: &str,
    confirmed: bool,
) -> Result<Signature, AppError> {
    let (user, organization_id) = scope::own_organization_admin(actor)?;
    let mut fields = Vec::new();
    let signer_name = required_text(signer_name, 200)
        .map_err(|error| fields.push(FieldError::new("signer_name", error.to_string())))
        .ok();
    let signer_title = required_text(signer_title, 200)
        .map_err(|error| fields.push(FieldError::new("signer_title", error.to_string())))
        .ok();
    if !confirmed {
        fields.push(FieldError::new(
            "confirm",
            "confirm that you have read the agreement and may sign it for your organization",
        ));
    }
    let (Some(signer_name), Some(signer_title), true) =
        (signer_name, signer_title, fields.is_empty())
    else {
        return Err(AppError::validation(fields));
    };
    let template = find(state, actor, template_id).await?;
    if template.state != "published" {
        return Err(agreement_error(rules::AgreementError::NotSignable));
    }
    let organization = registry::find(state.store.pool(), organization_id).await?;
    if matches!(
        organization.state,
        OrganizationState::Retired | OrganizationState::Suspended
    ) {
        return Err(AppError::Conflict(format!(
            "a {} organization cannot sign agreements",
            organization.state.as_str()
        )));
    }
    let kind_label = kind_of(&template).map_or("Agreement", AgreementKind::label);
    let signed_at = state.clock.now_ms();
    let signed_at_text = jiff::Timestamp::from_millisecond(signed_at)
        .map(|at| at.to_string())
        .unwrap_or_default();
    let block = SignatureBlock {
        organization: &organization.name,
        signer_name: &signer_name,
        signer_title: &signer_title,
        signed_at: &signed_at_text,
    };
    let signed_html = render::signed_document(
        &template.title,
        kind_label,
        template.version,
        &template.body_markdown,
        &block,
    );
    let text_sha256 = render::sha256_hex(&signed_html);
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let signature = agreements::insert_signature(
        &mut tx,
        &NewSignature {
            template_id: &template.id,
            organization_id,
            signer_id: &user.id,
            signer_name: &signer_name,
            signer_title: &signer_title,
            client_addr: actor.client_addr.as_deref(),
            user_agent: actor.user_agent.as_deref(),
            text_sha256: &text_sha256,
            signed_html: &signed_html,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "agreement.signed",
            entity_type: "agreement_signature",
            entity_id: &signature.id,
            organization_id: Some(organization_id),
            summary: format!(
                "{signer_name} ({signer_title}) signed {} version {} for {}; sha256 {text_sha256}",
                template.kind, template.version, organization.name
            ),
        },
    )
    .await?;
    crate::platform::outbox::emit(
        &mut tx,
        state.clock.now_ms(),
        crate::platform::outbox::Event {
            event_type: "agreement.signed",
            organization_id: Some(organization_id),
            data: serde_json::json!({
                "organization_id": organization_id,
                "signature_id": signature.id,
                "template_id": template.id,
                "kind": template.kind,
                "version": template.version,
                "text_sha256": text_sha256,
            }),
        },
    )
    .await?;
    tiers::recompute(&mut tx, &context, organization_id).await?;
    tx.commit().await?;
    Ok(signature)
}

/// An agreement rule's refusal, with its problem type.
fn agreement_error(error: rules::AgreementError) -> AppError {
    let problem = match error {
        rules::AgreementError::NotDraft => &crate::web::problems::AGREEMENT_NOT_DRAFT,
        rules::AgreementError::NotPublished | rules::AgreementError::NotSignable => {
            &crate::web::problems::AGREEMENT_NOT_PUBLISHED
        }
    };
    AppError::Rule(problem, error.to_string())
}

/// A signature the actor may see: reviewers any, partners their organization's.
pub async fn signature(
    state: &AppState,
    actor: &Actor,
    signature_id: &str,
) -> Result<Signature, AppError> {
    scope::user(actor)?;
    let signature = agreements::find_signature(state.store.pool(), signature_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("signature"),
            other => other.into(),
        })?;
    scope::may_see_organization(
        actor,
        &signature.organization_id,
        AppError::NotFound("signature"),
    )?;
    Ok(signature)
}

/// The PDF copy of a signature.
pub async fn signature_pdf(state: &AppState, signature: &Signature) -> Result<Vec<u8>, AppError> {
    let template = agreements::find(state.store.pool(), &signature.template_id).await?;
    let organization = registry::find(state.store.pool(), &signature.organization_id).await?;
    let signed_at = jiff::Timestamp::from_millisecond(signature.signed_at)
        .map(|at| at.to_string())
        .unwrap_or_default();
    Ok(render::signed_pdf(
        &template.title,
        template.version,
        &template.body_markdown,
        &SignatureBlock {
            organization: &organization.name,
            signer_name: &signature.signer_name,
            signer_title: &signature.signer_title,
            signed_at: &signed_at,
        },
        &signature.text_sha256,
    ))
}

/// Signatures whose signed text has this hash (the hash of a downloaded HTML copy), with the
/// organization's name. Public: a copy proves itself.
pub async fn verify_hash(
    state: &AppState,
    sha256: &str,
) -> Result<Vec<(Signature, String)>, AppError> {
    let sha256 = sha256.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(AppError::validation(vec![FieldError::new(
            "sha256",
            "a SHA-256 is 64 hexadecimal characters",
        )]));
    }
    let mut found = Vec::new();
    for signature in agreements::find_by_hash(state.store.pool(), &sha256).await? {
        let organization = registry::find(state.store.pool(), &signature.organization_id).await?;
        found.push((signature, organization.name));
    }
    Ok(found)
}

/// For staff: per published template, who signed it and which active organizations still must.
pub async fn status(
    state: &AppState,
    actor: &Actor,
) -> Result<Vec<(Template, Vec<(Signature, String)>, Vec<Profile>)>, AppError> {
    scope::reviewer(actor)?;
    let pool = state.store.pool();
    let active = registry::list(
        pool,
        &ListFilter {
            state: Some("active".to_owned()),
            ..ListFilter::default()
        },
        10_000,
    )
    .await?;
    let mut out = Vec::new();
    for template in agreements::list(pool).await? {
        if template.state != "published" {
            continue;
        }
        let mut signed = Vec::new();
        for signature in agreements::signatures_for_template(pool, &template.id).await? {
            let name = registry::find(pool, &signature.organization_id).await?.name;
            signed.push((signature, name));
        }
        let mut missing = Vec::new();
        for organization in &active {
            let Some(kind) = kind_of(&template) else {
                continue;
            };
            let mut conn = pool.acquire().await.map_err(StoreError::from)?;
            if !tiers::holds_current_signature(
                &mut conn,
                &organization.id,
                kind,
                state.clock.now_ms(),
            )
            .await?
            {
                missing.push(organization.clone());
            }
        }
        out.push((template, signed, missing));
    }
    Ok(out)
}
