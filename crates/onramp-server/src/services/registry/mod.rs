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

use crate::state::AppState;

/// Sends a message; a failure is logged, never shown: the change it reports still stands.
pub(crate) async fn notify(state: &AppState, to: &str, subject: &str, body: String) {
    if let Err(error) = state.mailer.send(to, subject, body).await {
        tracing::error!(error = %error, "registry mail not sent");
    }
}

/// A link into Onramp for an email.
pub(crate) fn link(state: &AppState, path_and_query: &str) -> String {
    format!(
        "{}{path_and_query}",
        state.config.public_base_url.trim_end_matches('/')
    )
}
