//! The support desk's `/api/v1` operations: `sla` (the SLA clock's preview, for anyone),
//! `tickets` (the queue, opening, reading, replying, moving and assigning tickets), `policies`
//! (SLA calendars and policies) and `reports` (SLA attainment and the other support reports).
//!
//! Who may call each is in [`routes`]; what each caller sees is the services' (a partner person
//! only their organization's tickets and never an internal note).

use axum::http::Method;

use crate::routes::{route, RouteKind, RouteSpec, PROGRAM_ADMIN};
use crate::support::routes::{SUPPORT_STAFF, TICKET_USERS};
use crate::web::access::Access;

pub mod policies;
pub mod reports;
pub mod sla;
pub mod tickets;

/// The support part of the OpenAPI document.
#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        sla::preview,
        tickets::list,
        tickets::open,
        tickets::get,
        tickets::reply,
        tickets::set_status,
        tickets::assign,
        policies::list,
        policies::save,
        reports::sla,
    ),
    tags(
        (name = "support", description = "Support tickets, their SLA clocks, SLA policies and the support reports"),
    )
)]
pub struct ApiDoc;

/// The API's rows of the route table: the SLA preview is public (pure computation over the
/// body); tickets are for support staff and partner people (the service scopes partners to their
/// organization); moving and assigning tickets, the policies and the reports are for support
/// staff; storing a policy is for program admins.
pub fn routes() -> Vec<RouteSpec> {
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    vec![
        route(post(), "/api/v1/sla/preview", Api, Public, sla::preview),
        route(
            get(),
            "/api/v1/support/tickets",
            Api,
            Roles(TICKET_USERS),
            tickets::list,
        ),
        route(
            post(),
            "/api/v1/support/tickets",
            Api,
            Roles(TICKET_USERS),
            tickets::open,
        ),
        route(
            get(),
            "/api/v1/support/tickets/{id}",
            Api,
            Roles(TICKET_USERS),
            tickets::get,
        ),
        route(
            post(),
            "/api/v1/support/tickets/{id}/messages",
            Api,
            Roles(TICKET_USERS),
            tickets::reply,
        ),
        route(
            post(),
            "/api/v1/support/tickets/{id}/status",
            Api,
            Roles(SUPPORT_STAFF),
            tickets::set_status,
        ),
        route(
            post(),
            "/api/v1/support/tickets/{id}/assignment",
            Api,
            Roles(SUPPORT_STAFF),
            tickets::assign,
        ),
        route(
            get(),
            "/api/v1/support/policies",
            Api,
            Roles(SUPPORT_STAFF),
            policies::list,
        ),
        route(
            post(),
            "/api/v1/support/policies",
            Api,
            Roles(PROGRAM_ADMIN),
            policies::save,
        ),
        route(
            get(),
            "/api/v1/support/reports/sla",
            Api,
            Roles(SUPPORT_STAFF),
            reports::sla,
        ),
    ]
}
