//! The support desk's services: `policies` (calendars, SLA policies and their defaults, previews),
//! `groups` (support groups and who is on call), `targets` (starting, pausing, resuming and
//! showing a ticket's SLA targets), `tickets` (opening, replying, moving, assigning, the
//! satisfaction survey), `sweep` (warnings, breaches, escalations, on-call pages, closing solved
//! tickets), `signals` (proactive tickets) and `reports`.

pub mod groups;
pub mod policies;
pub mod reports;
pub mod signals;
pub mod sweep;
pub mod targets;
pub mod tickets;

use onramp_core::Role;

/// Staff who work tickets: they read every organization's tickets, reply, add internal notes,
/// move and assign them.
pub const SUPPORT_STAFF: &[Role] = &[
    Role::SupportAgent,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::ConformanceAnalyst,
];

pub fn is_support_staff(role: Role) -> bool {
    SUPPORT_STAFF.contains(&role)
}
