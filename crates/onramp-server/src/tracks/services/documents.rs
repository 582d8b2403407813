//! Documents an enrollment's steps ask for (`{ document = "kind" }` in the track): the partner's
//! people (admins and developers) or a coordinator upload one of a kind the track names, kept with
//! the organization's documents (the same rules: PDF, PNG or JPEG by content, the size limit); a
//! coordinator or program admin accepts it, which is what `document_accepted` conditions and the
//! step's own evidence check.

use onramp_core::tracks::Evidence;
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::documents::{self, NewDocument};
use onramp_store::tracks::gates::{self, NewEvidence};

use super::enrollments::{detail, is_coordinator};
use super::facts::DOCUMENT;
use super::record::record_change;
use super::refresh::refresh;
use crate::registry::services::documents::{checked, Upload};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::problems;

/// Uploads a document of `kind` to the enrollment; returns the evidence id.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    kind: &str,
    upload: &Upload,
) -> Result<String, AppError> {
    let user = scope::user(actor)?.clone();
    let view = detail(state, actor, enrollment_id).await?;
    if !(is_coordinator(user.role)
        || matches!(user.role, Role::PartnerAdmin | Role::PartnerDeveloper))
    {
        return Err(AppError::Forbidden);
    }
    let asked = view.track.steps().any(|step| {
        step.evidence
            .iter()
            .any(|evidence| matches!(evidence, Evidence::Document { kind: asked } if asked == kind))
    });
    if !asked {
        return Err(AppError::validation(vec![FieldError::new(
            "kind",
            format!("the track asks for no document of kind “{kind}”"),
        )]));
    }
    if view.enrollment.state != "active" {
        return Err(AppError::Rule(
            &problems::ENROLLMENT_CLOSED,
            "the enrollment is closed: nothing more is added to it".to_owned(),
        ));
    }
    let (content_type, filename) = checked(&state.config, upload)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let document = documents::insert(
        &mut tx,
        &context,
        NewDocument {
            organization_id: &view.enrollment.organization_id,
            filename: &filename,
            content_type,
            content: &upload.bytes,
        },
    )
    .await?;
    let evidence_id = gates::add_evidence(
        &mut tx,
        NewEvidence {
            enrollment_id,
            kind: DOCUMENT,
            subject: kind,
            role: user.role.as_str(),
            user_id: Some(&user.id),
            user_label: &user.name,
            detail: &filename,
            document_id: Some(&document.id),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "enrollment.document_uploaded",
            entity_type: "document",
            entity_id: &document.id,
            organization_id: Some(&view.enrollment.organization_id),
            summary: format!(
                "{} uploaded {} as “{kind}” for {} in {} (sha256 {})",
                user.name,
                document.filename,
                view.enrollment.organization_name,
                view.enrollment.track_name,
                document.sha256
            ),
        },
    )
    .await?;
    refresh(&mut tx, &state.calendars, &context, enrollment_id).await?;
    tx.commit().await?;
    Ok(evidence_id)
}

/// Accepts an uploaded document (coordinators and program admins).
pub async fn accept(
    state: &AppState,
    actor: &Actor,
    enrollment_id: &str,
    evidence_id: &str,
) -> Result<(), AppError> {
    let user = scope::user(actor)?.clone();
    if !is_coordinator(user.role) {
        return Err(AppError::Forbidden);
    }
    let view = detail(state, actor, enrollment_id).await?;
    let record = view
        .evidence
        .iter()
        .find(|record| record.id == evidence_id && record.kind == DOCUMENT)
        .ok_or(AppError::NotFound("document"))?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    gates::accept_document(&mut tx, enrollment_id, evidence_id, &user.id).await?;
    record_change(
        &mut tx,
        &context,
        &view.enrollment,
        "enrollment.document_accepted",
        format!(
            "{} accepted {} as “{}” for {}",
            user.name, record.detail, record.subject, view.enrollment.organization_name
        ),
        None,
    )
    .await?;
    refresh(&mut tx, &state.calendars, &context, enrollment_id).await?;
    tx.commit().await?;
    Ok(())
}
