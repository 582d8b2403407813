//! The platform's rows of the route table: operations endpoints, the audit trail and the job
//! queue for program admins, and webhook subscriptions and email preferences (the outbox).

use axum::http::Method;
use onramp_core::Role;

use crate::routes::{route, RouteKind, RouteSpec};
use crate::routes::{PARTNER_ADMIN, PROGRAM_ADMIN};
use crate::web::access::Access;

/// Every platform route with its access rule.
pub fn routes() -> Vec<RouteSpec> {
    use Access::*;
    use RouteKind::*;
    let mut routes = vec![
        route(
            Method::GET,
            "/healthz",
            Ops,
            Public,
            crate::platform::ops::healthz,
        ),
        route(
            Method::GET,
            "/readyz",
            Ops,
            Public,
            crate::platform::ops::readyz,
        ),
        route(
            Method::GET,
            "/metrics",
            Ops,
            Public,
            crate::platform::ops::metrics,
        ),
        route(
            Method::GET,
            "/static/onramp.css",
            Ops,
            Public,
            crate::platform::ops::stylesheet,
        ),
        route(
            Method::GET,
            "/static/favicon.svg",
            Ops,
            Public,
            crate::platform::ops::favicon,
        ),
        route(
            Method::GET,
            "/admin/audit",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::audit::pages::show,
        ),
        route(
            Method::GET,
            "/admin/audit.csv",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::audit::pages::export_csv,
        ),
        route(
            Method::GET,
            "/admin/audit.ndjson",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::audit::pages::export_fhir_ndjson,
        ),
        route(
            Method::GET,
            "/admin/jobs",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::pages::show,
        ),
        route(
            Method::POST,
            "/admin/jobs/{id}/retry",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::pages::retry,
        ),
        route(
            Method::POST,
            "/admin/jobs/{id}/cancel",
            Page,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::pages::cancel,
        ),
        route(
            Method::GET,
            "/api/v1/audit-events",
            Api,
            Roles(PROGRAM_ADMIN),
            crate::platform::audit::api::list,
        ),
        route(
            Method::GET,
            "/api/v1/jobs",
            Api,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::api::list,
        ),
        route(
            Method::POST,
            "/api/v1/jobs/{id}/retry",
            Api,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::api::retry,
        ),
        route(
            Method::POST,
            "/api/v1/jobs/{id}/cancel",
            Api,
            Roles(PROGRAM_ADMIN),
            crate::platform::jobs::api::cancel,
        ),
    ];
    routes.extend(webhook_routes());
    routes
}

/// Who owns webhook subscriptions: program admins (program-wide) and partner admins (their
/// organization's events); the service scopes each to their own.
const WEBHOOK_OWNERS: &[Role] = &[Role::ProgramAdmin, Role::PartnerAdmin];
const ADMIN_WEBHOOK_PAGES: [&str; 6] = [
    "/admin/webhooks",
    "/admin/webhooks/{id}",
    "/admin/webhooks/{id}/rotate",
    "/admin/webhooks/{id}/delete",
    "/admin/webhooks/{id}/test",
    "/admin/webhooks/{id}/resend",
];
const PARTNER_WEBHOOK_PAGES: [&str; 6] = [
    "/partner/webhooks",
    "/partner/webhooks/{id}",
    "/partner/webhooks/{id}/rotate",
    "/partner/webhooks/{id}/delete",
    "/partner/webhooks/{id}/test",
    "/partner/webhooks/{id}/resend",
];

/// The outbox's routes: webhook subscriptions (pages for each owner, and the API) and email
/// preferences.
fn webhook_routes() -> Vec<RouteSpec> {
    use crate::platform::webhooks::pages as page;
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    let mut routes = vec![
        route(
            post(),
            "/account/email-preferences",
            Page,
            SignedIn,
            crate::accounts::pages::account::save_email_preferences,
        ),
        route(
            get(),
            "/api/v1/me/email-preferences",
            Api,
            SignedIn,
            crate::platform::webhooks::api::get_email_preferences,
        ),
        route(
            Method::PUT,
            "/api/v1/me/email-preferences",
            Api,
            SignedIn,
            crate::platform::webhooks::api::put_email_preferences,
        ),
        route(
            get(),
            "/api/v1/webhooks",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::list,
        ),
        route(
            post(),
            "/api/v1/webhooks",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::create,
        ),
        route(
            get(),
            "/api/v1/webhooks/{id}",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::get,
        ),
        route(
            Method::DELETE,
            "/api/v1/webhooks/{id}",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::delete,
        ),
        route(
            get(),
            "/api/v1/webhooks/{id}/deliveries",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::deliveries,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/rotate-secret",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::rotate_secret,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/resend",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::resend,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/test",
            Api,
            Roles(WEBHOOK_OWNERS),
            crate::platform::webhooks::api::test,
        ),
    ];
    // The same pages under each owner's path; the access rule differs, the handlers do not.
    for (paths, roles) in [
        (ADMIN_WEBHOOK_PAGES, PROGRAM_ADMIN),
        (PARTNER_WEBHOOK_PAGES, PARTNER_ADMIN),
    ] {
        let [list, detail, rotate, delete, test, resend] = paths;
        routes.extend([
            route(get(), list, Page, Roles(roles), page::show),
            route(post(), list, Page, Roles(roles), page::create),
            route(get(), detail, Page, Roles(roles), page::detail),
            route(post(), rotate, Page, Roles(roles), page::rotate),
            route(post(), delete, Page, Roles(roles), page::delete),
            route(post(), test, Page, Roles(roles), page::test),
            route(post(), resend, Page, Roles(roles), page::resend),
        ]);
    }
    routes
}
