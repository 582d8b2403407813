//! A user's email preferences per mail family: account and security mail is always sent; the
//! other families can be turned off (`onramp_core::platform::outbox::MailFamily`). The outbox
//! checks the choice when it queues a message.

use onramp_core::platform::outbox::MailFamily;
use onramp_store::platform::audit::{self, Change};
use onramp_store::platform::outbox;

use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// Every family with whether the user gets it.
pub async fn get(state: &AppState, actor: &Actor) -> Result<Vec<(MailFamily, bool)>, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let stored = outbox::preferences(state.store.pool(), &user.id).await?;
    Ok(MailFamily::ALL
        .into_iter()
        .map(|family| {
            let enabled = !family.optional()
                || stored
                    .iter()
                    .find(|(name, _)| name == family.as_str())
                    .is_none_or(|(_, enabled)| *enabled);
            (family, enabled)
        })
        .collect())
}

/// Sets the given families (others keep their choice). Account mail cannot be turned off.
pub async fn set(
    state: &AppState,
    actor: &Actor,
    choices: &[(String, bool)],
) -> Result<Vec<(MailFamily, bool)>, AppError> {
    let user = actor.user().ok_or(AppError::Unauthenticated)?;
    let mut parsed = Vec::new();
    let mut fields = Vec::new();
    for (name, enabled) in choices {
        match name.parse::<MailFamily>() {
            Ok(family) if !family.optional() && !enabled => fields.push(FieldError::new(
                name,
                "account and security mail cannot be turned off",
            )),
            Ok(family) => parsed.push((family, *enabled)),
            Err(error) => fields.push(FieldError::new(name, error.to_string())),
        }
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let now = state.clock.now_ms();
    let mut tx = state.store.begin().await?;
    for (family, enabled) in &parsed {
        outbox::set_preference(&mut tx, &user.id, family.as_str(), *enabled, now).await?;
    }
    let summary = parsed
        .iter()
        .map(|(family, enabled)| format!("{family} {}", if *enabled { "on" } else { "off" }))
        .collect::<Vec<_>>()
        .join(", ");
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "user.email_preferences_changed",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("email preferences: {summary}"),
        },
    )
    .await?;
    tx.commit().await?;
    get(state, actor).await
}
