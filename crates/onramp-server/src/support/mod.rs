//! The support desk: tickets tied to the onboarding context, SLA clocks per tier and severity on
//! business-hours or 24/7 calendars with pauses, breach warnings and escalation with on-call
//! pages, proactive tickets from signals, the satisfaction survey and the reports
//! (docs/adr/0012-support.md, docs/support.md).
//!
//! - `services/`: policies, groups, targets, tickets, the sweep, signals and reports.
//! - `pages/`, `api/` and `routes`, like the other features.

pub mod api;
pub mod pages;
pub mod routes;
pub mod services;

pub use routes::routes;

/// Registers the feature's jobs: the breach sweep and the proactive signals.
pub fn register_jobs(registry: &mut crate::platform::jobs::Registry) {
    services::sweep::register(registry);
    services::signals::register(registry);
}

/// Stores the default SLA calendars, policies and support group on first start.
pub async fn ensure_defaults(
    state: &crate::state::AppState,
) -> Result<(), crate::web::error::AppError> {
    services::policies::ensure_defaults(state).await?;
    services::groups::ensure_default(state).await
}
