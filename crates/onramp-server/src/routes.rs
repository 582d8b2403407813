//! Every route, in one table, with who may use it. The router is built from this table, so a route
//! cannot exist without an access rule; the role × route test walks the same table.

use std::collections::BTreeMap;

use axum::extract::{Request, State};
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn_with_state, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use onramp_core::Role;

use crate::auth::access::{Access, Decision};
use crate::auth::actor::Actor;
use crate::auth::csrf;
use crate::error::{present, AppError};
use crate::state::AppState;
use crate::{api, ops, pages};

/// What a route serves, which decides how refusals look and whether forms need a CSRF token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    /// A portal page: refusals redirect to sign-in or show an HTML page; POSTs need a CSRF token.
    Page,
    /// `/api/v1`: refusals are problem+json.
    Api,
    /// Health, readiness, metrics, static files.
    Ops,
}

/// One route.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub kind: RouteKind,
    handler: MethodRouter<AppState>,
}

fn route<H, T>(
    method: Method,
    path: &'static str,
    kind: RouteKind,
    access: Access,
    handler: H,
) -> RouteSpec
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let filter = if method == Method::POST {
        MethodFilter::POST
    } else if method == Method::DELETE {
        MethodFilter::DELETE
    } else if method == Method::PUT {
        MethodFilter::PUT
    } else if method == Method::PATCH {
        MethodFilter::PATCH
    } else {
        MethodFilter::GET
    };
    RouteSpec {
        method,
        path,
        access,
        kind,
        handler: on(filter, handler),
    }
}

const PROGRAM_ADMIN: &[Role] = &[Role::ProgramAdmin];
/// Who reviews partner organizations.
const REVIEWERS: &[Role] = &[Role::ProgramAdmin, Role::OnboardingCoordinator];
/// Every partner role.
const PARTNERS: &[Role] = &[
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
    Role::PartnerMember,
];
const PARTNER_ADMIN: &[Role] = &[Role::PartnerAdmin];
/// Who may read what belongs to one organization (its record, documents, signatures, agreement
/// status): reviewers any, partner users their own (the service scopes them). Other staff roles
/// are refused, as they are refused the list of organizations.
const ORGANIZATION_READERS: &[Role] = &[
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
    Role::PartnerMember,
];
/// Who may add a document to an application: reviewers, and partner admins for their own.
const DOCUMENT_UPLOADERS: &[Role] = &[
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
];

/// The table. Keep it sorted by area; every entry states its access rule.
pub fn table() -> Vec<RouteSpec> {
    use Access::*;
    use RouteKind::*;
    let (get, post, delete) = (Method::GET, Method::POST, Method::DELETE);
    let mut routes = vec![
        // Operations
        route(get.clone(), "/healthz", Ops, Public, ops::healthz),
        route(get.clone(), "/readyz", Ops, Public, ops::readyz),
        route(get.clone(), "/metrics", Ops, Public, ops::metrics),
        route(
            get.clone(),
            "/static/onramp.css",
            Ops,
            Public,
            ops::stylesheet,
        ),
        // The problem types API answers point at
        route(
            get.clone(),
            "/problems",
            Page,
            Public,
            pages::problems::index,
        ),
        route(
            get.clone(),
            "/problems/{*slug}",
            Page,
            Public,
            pages::problems::show,
        ),
        // Portal: signing in and out
        route(get.clone(), "/", Page, Public, pages::home::show),
        route(get.clone(), "/login", Page, Public, pages::login::show),
        route(post.clone(), "/login", Page, Public, pages::login::submit),
        route(
            get.clone(),
            "/login/second-factor",
            Page,
            SecondFactorPending,
            pages::login::show_second_factor,
        ),
        route(
            post.clone(),
            "/login/second-factor",
            Page,
            SecondFactorPending,
            pages::login::submit_second_factor,
        ),
        route(
            post.clone(),
            "/logout",
            Page,
            AnySession,
            pages::login::logout,
        ),
        route(
            get.clone(),
            "/password/forgot",
            Page,
            Public,
            pages::password_reset::show_forgot,
        ),
        route(
            post.clone(),
            "/password/forgot",
            Page,
            Public,
            pages::password_reset::submit_forgot,
        ),
        route(
            get.clone(),
            "/password/reset",
            Page,
            Public,
            pages::password_reset::show_reset,
        ),
        route(
            post.clone(),
            "/password/reset",
            Page,
            Public,
            pages::password_reset::submit_reset,
        ),
        // Portal: the user's own account
        route(
            get.clone(),
            "/account",
            Page,
            SignedIn,
            pages::account::show,
        ),
        route(
            post.clone(),
            "/account/password",
            Page,
            SignedIn,
            pages::account::change_password,
        ),
        route(
            get.clone(),
            "/account/second-factor",
            Page,
            Enrolling,
            pages::second_factor::show,
        ),
        route(
            post.clone(),
            "/account/second-factor",
            Page,
            Enrolling,
            pages::second_factor::confirm,
        ),
        route(
            post.clone(),
            "/account/second-factor/disable",
            Page,
            SignedIn,
            pages::second_factor::disable,
        ),
        route(
            get.clone(),
            "/account/tokens",
            Page,
            Staff,
            pages::tokens::show,
        ),
        route(
            post.clone(),
            "/account/tokens",
            Page,
            Staff,
            pages::tokens::create,
        ),
        route(
            post.clone(),
            "/account/tokens/{id}/revoke",
            Page,
            Staff,
            pages::tokens::revoke,
        ),
        // Portal: program administration
        route(
            get.clone(),
            "/admin/users",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::admin::users,
        ),
        route(
            get.clone(),
            "/admin/security",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::admin::security,
        ),
        route(
            post.clone(),
            "/admin/security",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::admin::save_security,
        ),
        route(
            get.clone(),
            "/admin/audit",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::audit::show,
        ),
        route(
            get.clone(),
            "/admin/jobs",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::jobs::show,
        ),
        route(
            post.clone(),
            "/admin/jobs/{id}/retry",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::jobs::retry,
        ),
        route(
            post.clone(),
            "/admin/jobs/{id}/cancel",
            Page,
            Roles(PROGRAM_ADMIN),
            pages::jobs::cancel,
        ),
        // API
        route(
            get.clone(),
            "/api/v1/openapi.json",
            Api,
            Public,
            api::openapi::document,
        ),
        route(get.clone(), "/api/v1/me", Api, SignedIn, api::me::get_me),
        route(get.clone(), "/api/v1/tokens", Api, Staff, api::tokens::list),
        route(
            post.clone(),
            "/api/v1/tokens",
            Api,
            Staff,
            api::tokens::create,
        ),
        route(
            delete,
            "/api/v1/tokens/{id}",
            Api,
            Staff,
            api::tokens::revoke,
        ),
        route(
            get.clone(),
            "/api/v1/audit-events",
            Api,
            Roles(PROGRAM_ADMIN),
            api::audit::list,
        ),
        route(
            get.clone(),
            "/api/v1/jobs",
            Api,
            Roles(PROGRAM_ADMIN),
            api::jobs::list,
        ),
        route(
            post.clone(),
            "/api/v1/jobs/{id}/retry",
            Api,
            Roles(PROGRAM_ADMIN),
            api::jobs::retry,
        ),
        route(
            post.clone(),
            "/api/v1/jobs/{id}/cancel",
            Api,
            Roles(PROGRAM_ADMIN),
            api::jobs::cancel,
        ),
    ];
    routes.extend(registry_table(&get, &post));
    routes.extend(outbox_table());
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
fn outbox_table() -> Vec<RouteSpec> {
    use pages::webhooks as page;
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| Method::GET, || Method::POST);
    let mut routes = vec![
        route(
            post(),
            "/account/email-preferences",
            Page,
            SignedIn,
            pages::account::save_email_preferences,
        ),
        route(
            get(),
            "/api/v1/me/email-preferences",
            Api,
            SignedIn,
            api::webhooks::get_email_preferences,
        ),
        route(
            Method::PUT,
            "/api/v1/me/email-preferences",
            Api,
            SignedIn,
            api::webhooks::put_email_preferences,
        ),
        route(
            get(),
            "/api/v1/webhooks",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::list,
        ),
        route(
            post(),
            "/api/v1/webhooks",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::create,
        ),
        route(
            get(),
            "/api/v1/webhooks/{id}",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::get,
        ),
        route(
            Method::DELETE,
            "/api/v1/webhooks/{id}",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::delete,
        ),
        route(
            get(),
            "/api/v1/webhooks/{id}/deliveries",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::deliveries,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/rotate-secret",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::rotate_secret,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/resend",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::resend,
        ),
        route(
            post(),
            "/api/v1/webhooks/{id}/test",
            Api,
            Roles(WEBHOOK_OWNERS),
            api::webhooks::test,
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

/// The partner registry's routes: applying, the partner's own organization, reviewers' pages,
/// public pages, and their API.
fn registry_table(get: &Method, post: &Method) -> Vec<RouteSpec> {
    use pages::registry::{documents, partner, public, register, staff, staff_agreements};
    use Access::*;
    use RouteKind::*;
    let (get, post) = (|| get.clone(), || post.clone());
    vec![
        // Public
        route(get(), "/register", Page, Public, register::show),
        route(post(), "/register", Page, Public, register::submit),
        route(
            get(),
            "/account/activate",
            Page,
            Public,
            register::show_activate,
        ),
        route(
            post(),
            "/account/activate",
            Page,
            Public,
            register::submit_activate,
        ),
        route(get(), "/directory", Page, Public, public::directory),
        route(get(), "/agreements/verify", Page, Public, public::verify),
        // The partner's own organization
        route(get(), "/partner", Page, Roles(PARTNERS), partner::show),
        route(
            post(),
            "/partner/members",
            Page,
            Roles(PARTNER_ADMIN),
            partner::invite,
        ),
        route(
            post(),
            "/partner/members/{id}/deactivate",
            Page,
            Roles(PARTNER_ADMIN),
            partner::deactivate,
        ),
        route(
            post(),
            "/partner/documents",
            Page,
            Roles(PARTNER_ADMIN),
            documents::upload_own,
        ),
        route(
            get(),
            "/documents/{id}",
            Page,
            Roles(ORGANIZATION_READERS),
            documents::download,
        ),
        route(
            post(),
            "/partner/members/{id}/role",
            Page,
            Roles(PARTNER_ADMIN),
            partner::set_role,
        ),
        route(
            post(),
            "/partner/directory",
            Page,
            Roles(PARTNER_ADMIN),
            partner::set_directory_opt_in,
        ),
        route(
            get(),
            "/partner/agreements/{id}",
            Page,
            Roles(PARTNERS),
            partner::show_agreement,
        ),
        route(
            post(),
            "/partner/agreements/{id}/sign",
            Page,
            Roles(PARTNER_ADMIN),
            partner::sign,
        ),
        route(
            get(),
            "/signatures/{id}/html",
            Page,
            Roles(ORGANIZATION_READERS),
            partner::signature_html,
        ),
        route(
            get(),
            "/signatures/{id}/pdf",
            Page,
            Roles(ORGANIZATION_READERS),
            partner::signature_pdf,
        ),
        // Reviewers
        route(
            get(),
            "/staff/organizations",
            Page,
            Roles(REVIEWERS),
            staff::list,
        ),
        route(
            get(),
            "/staff/organizations.csv",
            Page,
            Roles(REVIEWERS),
            staff::export_csv,
        ),
        route(
            get(),
            "/staff/organizations/{id}",
            Page,
            Roles(REVIEWERS),
            staff::show,
        ),
        route(
            post(),
            "/staff/organizations/{id}/evidence",
            Page,
            Roles(REVIEWERS),
            staff::evidence,
        ),
        route(
            post(),
            "/staff/organizations/{id}/documents",
            Page,
            Roles(REVIEWERS),
            documents::upload_for,
        ),
        route(
            post(),
            "/staff/organizations/{id}/collaboration",
            Page,
            Roles(REVIEWERS),
            staff::collaboration,
        ),
        route(
            post(),
            "/staff/organizations/{id}/decision",
            Page,
            Roles(REVIEWERS),
            staff::decide,
        ),
        route(
            get(),
            "/staff/agreements",
            Page,
            Roles(REVIEWERS),
            staff_agreements::agreements_page,
        ),
        route(
            post(),
            "/staff/agreements",
            Page,
            Roles(PROGRAM_ADMIN),
            staff_agreements::create_agreement,
        ),
        route(
            post(),
            "/staff/agreements/{id}/publish",
            Page,
            Roles(PROGRAM_ADMIN),
            staff_agreements::publish_agreement,
        ),
        route(
            post(),
            "/staff/agreements/{id}/retire",
            Page,
            Roles(PROGRAM_ADMIN),
            staff_agreements::retire_agreement,
        ),
        // API
        route(
            post(),
            "/api/v1/registrations",
            Api,
            Public,
            api::registry::register,
        ),
        route(
            post(),
            "/api/v1/activations",
            Api,
            Public,
            api::registry::activate,
        ),
        route(
            get(),
            "/api/v1/organizations",
            Api,
            Roles(REVIEWERS),
            api::listing::list,
        ),
        route(
            get(),
            "/api/v1/organizations.csv",
            Api,
            Roles(REVIEWERS),
            api::listing::export_csv,
        ),
        route(
            get(),
            "/api/v1/directory",
            Api,
            Public,
            api::listing::directory,
        ),
        route(
            post(),
            "/api/v1/organizations/{id}/directory",
            Api,
            Roles(PARTNER_ADMIN),
            api::listing::set_directory_opt_in,
        ),
        route(
            get(),
            "/api/v1/organizations/{id}/agreements",
            Api,
            Roles(ORGANIZATION_READERS),
            api::listing::agreement_status,
        ),
        route(
            get(),
            "/api/v1/organizations/{id}",
            Api,
            Roles(ORGANIZATION_READERS),
            api::registry::get,
        ),
        route(
            post(),
            "/api/v1/organizations/{id}/transitions",
            Api,
            Roles(REVIEWERS),
            api::review::transition,
        ),
        route(
            post(),
            "/api/v1/organizations/{id}/evidence",
            Api,
            Roles(REVIEWERS),
            api::review::evidence,
        ),
        route(
            post(),
            "/api/v1/organizations/{id}/collaboration",
            Api,
            Roles(REVIEWERS),
            api::review::collaboration,
        ),
        route(
            get(),
            "/api/v1/agreements",
            Api,
            SignedIn,
            api::agreements::list,
        ),
        route(
            post(),
            "/api/v1/agreements",
            Api,
            Roles(PROGRAM_ADMIN),
            api::agreements::create,
        ),
        route(
            post(),
            "/api/v1/agreements/{id}/publish",
            Api,
            Roles(PROGRAM_ADMIN),
            api::agreements::publish,
        ),
        route(
            post(),
            "/api/v1/agreements/{id}/retire",
            Api,
            Roles(PROGRAM_ADMIN),
            api::agreements::retire,
        ),
        route(
            post(),
            "/api/v1/agreements/{id}/signatures",
            Api,
            Roles(PARTNER_ADMIN),
            api::agreements::sign,
        ),
        route(
            get(),
            "/api/v1/signatures/{id}",
            Api,
            Roles(ORGANIZATION_READERS),
            api::agreements::signature,
        ),
        route(
            get(),
            "/api/v1/members",
            Api,
            Roles(PARTNERS),
            api::members::members,
        ),
        route(
            post(),
            "/api/v1/invitations",
            Api,
            Roles(PARTNER_ADMIN),
            api::members::invite,
        ),
        route(
            post(),
            "/api/v1/members/{id}/deactivate",
            Api,
            Roles(PARTNER_ADMIN),
            api::members::deactivate,
        ),
        route(
            post(),
            "/api/v1/members/{id}/role",
            Api,
            Roles(PARTNER_ADMIN),
            api::members::set_role,
        ),
        route(
            get(),
            "/api/v1/organizations/{id}/documents",
            Api,
            Roles(ORGANIZATION_READERS),
            api::review::documents,
        ),
        route(
            post(),
            "/api/v1/organizations/{id}/documents",
            Api,
            Roles(DOCUMENT_UPLOADERS),
            api::review::upload_document,
        ),
    ]
}

/// The access rule of one route, as middleware state.
#[derive(Clone, Debug)]
struct AccessRule {
    access: Access,
    kind: RouteKind,
    /// This site's origin, for the cross-origin check of cookie-authenticated API writes.
    public_base_url: std::sync::Arc<str>,
}

/// Builds the router from [`table`]: each route gets its access check, and portal POSTs the CSRF
/// check (inside the access check, so refusals come first).
pub fn router(state: &AppState) -> Router<AppState> {
    let mut by_path: BTreeMap<&'static str, MethodRouter<AppState>> = BTreeMap::new();
    let public_base_url: std::sync::Arc<str> = state.config.public_base_url.as_str().into();
    for spec in table() {
        let mut handler = spec.handler;
        if spec.kind == RouteKind::Page && spec.method != Method::GET {
            handler =
                handler.route_layer(from_fn_with_state(state.clone(), csrf::require_csrf_token));
        }
        handler = handler.route_layer(from_fn_with_state(
            AccessRule {
                access: spec.access,
                kind: spec.kind,
                public_base_url: public_base_url.clone(),
            },
            check_access,
        ));
        let merged = match by_path.remove(spec.path) {
            Some(existing) => existing.merge(handler),
            None => handler,
        };
        by_path.insert(spec.path, merged);
    }
    by_path
        .into_iter()
        .fold(Router::new(), |router, (path, handler)| {
            router.route(path, handler)
        })
}

async fn check_access(State(rule): State<AccessRule>, request: Request, next: Next) -> Response {
    let api = rule.kind != RouteKind::Page;
    let Some(actor) = request.extensions().get::<Actor>() else {
        return present(
            AppError::Internal("the actor middleware did not run".to_owned()),
            api,
        );
    };
    match (rule.access.decide(actor), api) {
        (Decision::Allow, true) if rule.kind == RouteKind::Api => {
            match csrf::check_api_write(&request, actor, &rule.public_base_url) {
                Ok(()) => next.run(request).await,
                Err(error) => present(error, true),
            }
        }
        (Decision::Allow, _) => next.run(request).await,
        (Decision::SignInRequired, true) => present(AppError::Unauthenticated, true),
        (Decision::SignInRequired, false) => {
            let path = request
                .uri()
                .path_and_query()
                .map_or("/", |path_and_query| path_and_query.as_str());
            let target = format!(
                "/login?{}",
                serde_urlencoded::to_string([("next", path)]).unwrap_or_default()
            );
            Redirect::to(&target).into_response()
        }
        (Decision::SecondFactorRequired, false) => {
            Redirect::to("/login/second-factor").into_response()
        }
        (Decision::EnrolmentRequired, false) => {
            Redirect::to("/account/second-factor").into_response()
        }
        (Decision::SecondFactorRequired | Decision::EnrolmentRequired, true) => {
            present(AppError::Unauthenticated, true)
        }
        (Decision::Forbidden, api) => present(AppError::Forbidden, api),
    }
}
