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

use crate::state::AppState;
use crate::web::access::{Access, Decision};
use crate::web::actor::Actor;
use crate::web::csrf;
use crate::web::error::{present, AppError};

/// What a route serves, which decides how refusals look and whether forms need a CSRF token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RouteKind {
    /// A portal page: refusals redirect to sign-in or show an HTML page; POSTs need a CSRF token.
    Page,
    /// `/api/v1`: refusals are problem+json.
    Api,
    /// Health, readiness, metrics, static files.
    Ops,
    /// The sandbox's FHIR API and the OAuth2 endpoints: machine clients authenticate in the
    /// handler (an access token, a client assertion or secret) and refusals are theirs — a FHIR
    /// OperationOutcome or an RFC 6749 error.
    Machine,
}

/// One route.
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub access: Access,
    pub kind: RouteKind,
    handler: MethodRouter<AppState>,
}

pub(crate) fn route<H, T>(
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

pub(crate) const PROGRAM_ADMIN: &[Role] = &[Role::ProgramAdmin];
/// Who reviews partner organizations.
pub(crate) const REVIEWERS: &[Role] = &[Role::ProgramAdmin, Role::OnboardingCoordinator];
/// Every partner role.
pub(crate) const PARTNERS: &[Role] = &[
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
    Role::PartnerMember,
];
pub(crate) const PARTNER_ADMIN: &[Role] = &[Role::PartnerAdmin];
/// Who may hold personal API tokens: every staff role, partner admins and partner developers (not
/// partner members, the read-only role); the rule itself is `onramp-core`'s.
pub(crate) const API_TOKEN_HOLDERS: &[Role] = Role::API_TOKEN_HOLDERS;
/// Who may read what belongs to one organization (its record, documents, signatures, agreement
/// status): reviewers any, partner users their own (the service scopes them). Other staff roles
/// are refused, as they are refused the list of organizations.
pub(crate) const ORGANIZATION_READERS: &[Role] = &[
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
    Role::PartnerDeveloper,
    Role::PartnerMember,
];
/// Who may add a document to an application: reviewers, and partner admins for their own.
pub(crate) const DOCUMENT_UPLOADERS: &[Role] = &[
    Role::ProgramAdmin,
    Role::OnboardingCoordinator,
    Role::PartnerAdmin,
];

/// The table: the web kernel's routes and every feature's `routes()`. Each feature keeps its rows
/// in its own `routes.rs`; nothing else decides who may call a route.
pub fn table() -> Vec<RouteSpec> {
    let mut routes = web_routes();
    routes.extend(crate::platform::routes());
    routes.extend(crate::accounts::routes());
    routes.extend(crate::registry::routes());
    routes.extend(crate::tracks::routes());
    routes.extend(crate::sandbox::routes());
    routes.extend(crate::conformance::routes());
    routes.extend(crate::training::routes());
    routes.extend(crate::support::routes());
    routes
}

/// The kernel's own pages: the start page, the problem types, the OpenAPI document.
fn web_routes() -> Vec<RouteSpec> {
    use Access::*;
    use RouteKind::*;
    vec![
        route(
            Method::GET,
            "/problems",
            Page,
            Public,
            crate::web::problem_pages::index,
        ),
        route(
            Method::GET,
            "/problems/{*slug}",
            Page,
            Public,
            crate::web::problem_pages::show,
        ),
        route(Method::GET, "/", Page, Public, crate::home::show),
        route(
            Method::GET,
            "/api/v1/openapi.json",
            Api,
            Public,
            crate::web::openapi::document,
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
            handler = handler.route_layer(from_fn_with_state(
                state.config.max_body_bytes,
                csrf::require_csrf_token,
            ));
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
