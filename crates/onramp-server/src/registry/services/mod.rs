//! The partner registry's services: applying and confirming an account ([`apply`]), verification
//! evidence and lifecycle decisions ([`review`]), an organization's own people ([`members`]),
//! agreement templates and signatures ([`agreements`]), tiers ([`tiers`]), and the scoping rule
//! every one of them uses ([`scope`]): a partner user reaches only their own organization.

pub mod agreements;
pub mod apply;
pub mod dns;
pub mod documents;
pub mod listing;
pub mod members;
pub mod render;
pub mod review;
pub mod scope;
pub mod tiers;

use onramp_core::platform::outbox::MailFamily;
use onramp_store::Tx;

use crate::platform::outbox::{self, Mail};
use crate::state::AppState;
use crate::web::error::AppError;

/// Queues a message in `tx` (the outbox delivers it once the change commits; a recipient who
/// turned `family` off gets none).
pub(crate) async fn queue_mail(
    state: &AppState,
    tx: &mut Tx,
    family: MailFamily,
    to: &str,
    subject: &str,
    body: String,
    event_id: Option<&str>,
) -> Result<(), AppError> {
    outbox::queue_mail(
        tx,
        state.clock.now_ms(),
        Mail {
            family,
            to,
            subject,
            body,
            event_id,
        },
    )
    .await?;
    Ok(())
}

/// Queues a message in a transaction of its own (mail that reports no change, such as "this
/// address already has an account").
pub(crate) async fn queue_mail_alone(
    state: &AppState,
    family: MailFamily,
    to: &str,
    subject: &str,
    body: String,
) -> Result<(), AppError> {
    let mut tx = state.store.begin().await?;
    queue_mail(state, &mut tx, family, to, subject, body, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A link into Onramp for an email.
pub(crate) fn link(state: &AppState, path_and_query: &str) -> String {
    format!(
        "{}{path_and_query}",
        state.config.public_base_url.trim_end_matches('/')
    )
}
