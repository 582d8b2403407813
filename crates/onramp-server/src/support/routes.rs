//! The support desk's rows of the route table: its pages in `page_routes` (below) and the API's
//! in `api_routes`.

use onramp_core::Role;

use crate::routes::RouteSpec;

pub use crate::support::services::SUPPORT_STAFF;

/// Who uses tickets: support staff (every organization's) and partner people (their own
/// organization's; the service scopes them).
pub const TICKET_USERS: &[Role] = &[
    Role::SupportAgent,
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::ConformanceAnalyst,
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
    Role::PartnerMember,
];

pub fn routes() -> Vec<RouteSpec> {
    let mut routes = crate::support::pages::routes();
    routes.extend(crate::support::api::routes());
    routes
}
