//! The sandbox feature's rows of the route table.

use axum::http::Method;

use crate::routes::{route, RouteKind, RouteSpec, REVIEWERS};
use crate::web::access::Access;

/// Who may register and manage an environment's clients: the organization's partner admins,
/// coordinators and program admins (the service checks the organization).
const CLIENT_MANAGERS: &[onramp_core::Role] = &[
    onramp_core::Role::ProgramAdmin,
    onramp_core::Role::OnboardingCoordinator,
    onramp_core::Role::PartnerAdmin,
];

/// Environments, clients and message logs (pages and API; who sees which follows the
/// enrollment), the OAuth2 endpoints and the FHIR API (machine clients, checked in the handler).
pub fn routes() -> Vec<RouteSpec> {
    use crate::sandbox::api::environments as api;
    use crate::sandbox::fhir::{bundle, capability, reads, search, writes};
    use crate::sandbox::oauth;
    use crate::sandbox::pages::environment as page;
    use Access::*;
    use RouteKind::*;
    let (get, post, put, delete) = (
        || Method::GET,
        || Method::POST,
        || Method::PUT,
        || Method::DELETE,
    );
    vec![
        // Pages.
        route(get(), "/environments/{id}", Page, SignedIn, page::show),
        route(
            post(),
            "/enrollments/{id}/environments",
            Page,
            Roles(REVIEWERS),
            page::open,
        ),
        route(
            post(),
            "/environments/{id}/clients",
            Page,
            Roles(CLIENT_MANAGERS),
            page::create_client,
        ),
        route(
            post(),
            "/clients/{id}/secret",
            Page,
            Roles(CLIENT_MANAGERS),
            page::rotate_secret,
        ),
        route(
            post(),
            "/clients/{id}/state",
            Page,
            Roles(CLIENT_MANAGERS),
            page::set_client_state,
        ),
        route(
            get(),
            "/environments/{id}/messages/{message}",
            Page,
            SignedIn,
            page::message,
        ),
        // API.
        route(
            get(),
            "/api/v1/enrollments/{id}/environments",
            Api,
            SignedIn,
            api::list,
        ),
        route(
            post(),
            "/api/v1/enrollments/{id}/environments",
            Api,
            Roles(REVIEWERS),
            api::open,
        ),
        route(get(), "/api/v1/environments/{id}", Api, SignedIn, api::get),
        route(
            post(),
            "/api/v1/environments/{id}/state",
            Api,
            Roles(REVIEWERS),
            api::set_state,
        ),
        route(
            get(),
            "/api/v1/environments/{id}/clients",
            Api,
            SignedIn,
            api::list_clients,
        ),
        route(
            post(),
            "/api/v1/environments/{id}/clients",
            Api,
            Roles(CLIENT_MANAGERS),
            api::create_client,
        ),
        route(
            post(),
            "/api/v1/clients/{id}/secret",
            Api,
            Roles(CLIENT_MANAGERS),
            api::rotate_client,
        ),
        route(
            put(),
            "/api/v1/clients/{id}/jwks",
            Api,
            Roles(CLIENT_MANAGERS),
            api::replace_keys,
        ),
        route(
            post(),
            "/api/v1/clients/{id}/state",
            Api,
            Roles(CLIENT_MANAGERS),
            api::set_client_state,
        ),
        route(
            get(),
            "/api/v1/environments/{id}/messages",
            Api,
            SignedIn,
            api::messages,
        ),
        route(
            post(),
            "/api/v1/environments/{id}/seed",
            Api,
            Roles(CLIENT_MANAGERS),
            api::seed,
        ),
        route(
            post(),
            "/environments/{id}/seed",
            Page,
            Roles(CLIENT_MANAGERS),
            page::seed,
        ),
        // OAuth2.
        route(post(), "/oauth/token", Machine, MachineClient, oauth::token),
        route(
            post(),
            "/oauth/introspect",
            Machine,
            MachineClient,
            oauth::introspect,
        ),
        route(
            post(),
            "/oauth/revoke",
            Machine,
            MachineClient,
            oauth::revoke,
        ),
        route(get(), "/oauth/jwks", Machine, Public, oauth::jwks),
        // FHIR.
        route(
            get(),
            "/sandbox/{environment}/fhir/.well-known/smart-configuration",
            Machine,
            Public,
            oauth::smart_configuration,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/metadata",
            Machine,
            Public,
            capability::metadata,
        ),
        route(
            post(),
            "/sandbox/{environment}/fhir",
            Machine,
            MachineClient,
            bundle::post_bundle,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/_history",
            Machine,
            MachineClient,
            reads::history_system,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/{type}",
            Machine,
            MachineClient,
            search::search_get,
        ),
        route(
            post(),
            "/sandbox/{environment}/fhir/{type}",
            Machine,
            MachineClient,
            writes::create,
        ),
        route(
            put(),
            "/sandbox/{environment}/fhir/{type}",
            Machine,
            MachineClient,
            writes::conditional_update,
        ),
        route(
            delete(),
            "/sandbox/{environment}/fhir/{type}",
            Machine,
            MachineClient,
            writes::conditional_delete,
        ),
        route(
            post(),
            "/sandbox/{environment}/fhir/{type}/_search",
            Machine,
            MachineClient,
            search::search_post,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/{type}/_history",
            Machine,
            MachineClient,
            reads::history_type,
        ),
        route(
            post(),
            "/sandbox/{environment}/fhir/{type}/$validate",
            Machine,
            MachineClient,
            writes::validate,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/{type}/{id}",
            Machine,
            MachineClient,
            reads::read,
        ),
        route(
            put(),
            "/sandbox/{environment}/fhir/{type}/{id}",
            Machine,
            MachineClient,
            writes::update,
        ),
        route(
            delete(),
            "/sandbox/{environment}/fhir/{type}/{id}",
            Machine,
            MachineClient,
            writes::delete,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/{type}/{id}/_history",
            Machine,
            MachineClient,
            reads::history_instance,
        ),
        route(
            get(),
            "/sandbox/{environment}/fhir/{type}/{id}/_history/{version}",
            Machine,
            MachineClient,
            reads::vread,
        ),
    ]
}
