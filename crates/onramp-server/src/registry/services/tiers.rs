//! Tiers as stored facts: gathering an organization's conditions, recomputing its tier (with an
//! audit event when it changes, and an email when it drops), and the periodic sweep that notices
//! lapsed agreements.

use onramp_core::platform::outbox::MailFamily;
use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::registry::tier::{
    compute_tier, superseded_signature_counts, Tier, TierConditions,
};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::registry::{self, Profile};
use onramp_store::{registry::agreements, Tx};
use sqlx::AnyConnection;

use crate::state::AppState;
use crate::web::error::AppError;

/// Whether the organization holds a signature of `kind` that counts now: of the published
/// version, or of an older one while the published version's re-signing deadline has not passed.
pub async fn holds_current_signature(
    conn: &mut AnyConnection,
    organization_id: &str,
    kind: AgreementKind,
    now: i64,
) -> Result<bool, AppError> {
    let templates = agreements::list(&mut *conn).await?;
    let Some(published) = templates
        .iter()
        .find(|template| template.kind == kind.as_str() && template.state == "published")
    else {
        return Ok(false);
    };
    let signatures = agreements::signatures_of(&mut *conn, organization_id).await?;
    Ok(signatures.iter().any(|signature| {
        signature.kind == kind.as_str()
            && (signature.template_id == published.id
                || (signature.version < published.version
                    && superseded_signature_counts(published.resign_by, now)))
    }))
}

/// The facts the organization's tier follows from.
pub async fn conditions(
    conn: &mut AnyConnection,
    profile: &Profile,
    now: i64,
) -> Result<TierConditions, AppError> {
    Ok(TierConditions {
        verified: profile.state == OrganizationState::Active,
        participation_signed: holds_current_signature(
            conn,
            &profile.id,
            AgreementKind::Participation,
            now,
        )
        .await?,
        mou_signed: holds_current_signature(
            conn,
            &profile.id,
            AgreementKind::CollaborationMou,
            now,
        )
        .await?,
        collaborative_approved: profile.collaborative_approved_at.is_some(),
    })
}

/// A tier change: from, to.
pub type TierChange = (Tier, Tier);

/// Recomputes the organization's tier inside `tx`, storing it and appending `organization.tier_changed`
/// when it moved. Returns the change, so the caller can email after committing.
pub async fn recompute(
    tx: &mut Tx,
    context: &AuditContext,
    organization_id: &str,
) -> Result<Option<TierChange>, AppError> {
    let profile = registry::find(tx.conn(), organization_id).await?;
    let now = tx.now_ms();
    let conditions = conditions(tx.conn(), &profile, now).await?;
    let tier = compute_tier(&conditions);
    if tier == profile.tier {
        return Ok(None);
    }
    registry::set_tier(tx, organization_id, profile.tier, tier).await?;
    audit::append(
        tx,
        context,
        Change {
            action: "organization.tier_changed",
            entity_type: "organization",
            entity_id: organization_id,
            organization_id: Some(organization_id),
            summary: format!(
                "{} moved from tier {} to {}",
                profile.name,
                profile.tier.as_str(),
                tier.as_str()
            ),
        },
    )
    .await?;
    crate::platform::outbox::emit(
        tx,
        now,
        crate::platform::outbox::Event {
            event_type: "organization.tier_changed",
            organization_id: Some(organization_id),
            data: serde_json::json!({
                "organization_id": organization_id,
                "name": profile.name,
                "from": profile.tier.as_str(),
                "to": tier.as_str(),
            }),
        },
    )
    .await?;
    Ok(Some((profile.tier, tier)))
}

/// Queues, in `tx`, a message telling the organization's contact that its tier dropped, and what
/// to do.
pub async fn mail_if_lowered(
    state: &AppState,
    tx: &mut Tx,
    organization_id: &str,
    change: Option<TierChange>,
) -> Result<(), AppError> {
    let Some((from, to)) = change else {
        return Ok(());
    };
    if to >= from {
        return Ok(());
    }
    let profile = registry::find(tx.conn(), organization_id).await?;
    let Some(contact) = profile.contact_email.as_deref() else {
        return Ok(());
    };
    let body = format!(
        "Hello,\n\n{name} has moved from the {from} tier to the {to} tier, because a condition \
         no longer holds (for example an agreement was updated and not re-signed by its \
         deadline). See what is missing:\n\n{link}\n",
        name = profile.name,
        from = state.config.tier_name(from),
        to = state.config.tier_name(to),
        link = super::link(state, "/partner"),
    );
    super::queue_mail(
        state,
        tx,
        MailFamily::Registry,
        contact,
        "Your Onramp tier has changed",
        body,
        None,
    )
    .await
}

/// Recomputes every organization's tier, each in its own transaction. Idempotent, so every
/// instance may run it. Returns the number of organizations whose tier changed.
pub async fn sweep(state: &AppState) -> Result<usize, AppError> {
    let mut n_changed = 0;
    for organization_id in registry::all_ids(state.store.pool()).await? {
        let mut tx = state.store.begin().await?;
        let change = recompute(&mut tx, &AuditContext::system(), &organization_id).await?;
        mail_if_lowered(state, &mut tx, &organization_id, change).await?;
        tx.commit().await?;
        if change.is_some() {
            n_changed += 1;
        }
    }
    Ok(n_changed)
}
