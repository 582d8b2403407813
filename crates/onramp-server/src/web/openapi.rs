//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

/// The kernel's part: the document itself, the problem details schemas, the security schemes and
/// the problem type catalogue. [`api_doc`] merges every feature's part into it.
#[derive(OpenApi)]
#[openapi(
    info(title = "Onramp API", description = "Partner onboarding for health information exchanges. Errors are RFC 9457 problem details (`application/problem+json`)."),
    paths(
        document,
    ),
    components(schemas(crate::web::error::Problem, crate::web::error::FieldError)),
    modifiers(&SecuritySchemes, &ProblemTypes),

)]
pub struct ApiDoc;

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("A personal API token (`onr_…`)"))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("onramp_session"))),
        );
    }
}

/// Lists the problem types (`crate::web::problems`) as the `x-problem-types` extension, so an API
/// client can tell one refusal from another by `type` or `code`.
struct ProblemTypes;

impl Modify for ProblemTypes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let catalogue: Vec<serde_json::Value> = crate::web::problems::ALL
            .iter()
            .map(|problem| {
                serde_json::json!({
                    "type": problem.uri(),
                    "code": problem.code,
                    "status": problem.status.as_u16(),
                    "title": problem.title,
                    "description": problem.description,
                })
            })
            .collect();
        let extensions = openapi.extensions.get_or_insert_with(Default::default);
        extensions.insert(
            "x-problem-types".to_owned(),
            serde_json::Value::Array(catalogue),
        );
    }
}

/// This OpenAPI document.
#[utoipa::path(
    get, path = "/api/v1/openapi.json", tag = "account", operation_id = "getOpenApiDocument",
    responses((status = 200, description = "This document (OpenAPI 3.1)"), problem::Invalid)
)]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(api_doc())
}

/// The problem responses an operation lists beside its successes, each `application/problem+json`
/// with the [`Problem`](crate::web::error::Problem) schema: `responses((status = 200, …),
/// problem::Unauthenticated, problem::NotFound)`. An operation whose refusal needs saying more
/// precisely writes its own tuple instead, with `body = Problem` and that content type.
///
/// Which apply: [`Invalid`](problem::Invalid) to every operation (the input boundary refuses a
/// control character in any path or query); [`Unauthenticated`](problem::Unauthenticated) to all
/// but the public ones; [`Forbidden`](problem::Forbidden) to role-restricted operations and to
/// every write (a session's write from another site); [`Malformed`](problem::Malformed) to those
/// with a body or query parameters, and [`TooLarge`](problem::TooLarge) to those with a body; [`NotFound`](problem::NotFound) to those
/// with an `{id}`; [`Conflict`](problem::Conflict) to state changes; and
/// [`RateLimited`](problem::RateLimited) to the rate-limited ones. `tests/it/openapi_document.rs`
/// checks these rules against the route table.
pub mod problem {
    use crate::web::error::Problem;

    /// The request cannot be read: a body that is not JSON or comes without `Content-Type:
    /// application/json`, or a query parameter whose value does not fit (`per_page=abc`).
    #[derive(utoipa::IntoResponses)]
    #[response(status = 400, content_type = "application/problem+json")]
    pub struct Malformed(pub Problem);

    /// Not signed in: no session or bearer token, one that is unknown, expired or revoked, or a
    /// sign-in still waiting for its second factor.
    #[derive(utoipa::IntoResponses)]
    #[response(
        status = 401,
        content_type = "application/problem+json",
        headers(("WWW-Authenticate" = String, description = "`Bearer realm=\"onramp\"`"))
    )]
    pub struct Unauthenticated(pub Problem);

    /// Signed in, but the caller's role may not do this; or a write authenticated by a session
    /// cookie came from another site, or without a JSON body or `X-CSRF-Token` (`auth/csrf-rejected`).
    #[derive(utoipa::IntoResponses)]
    #[response(status = 403, content_type = "application/problem+json")]
    pub struct Forbidden(pub Problem);

    /// No such record, or one the caller may not see (another organization's is "not found").
    #[derive(utoipa::IntoResponses)]
    #[response(status = 404, content_type = "application/problem+json")]
    pub struct NotFound(pub Problem);

    /// The record's state does not allow this (the `type` says which rule), or it changed
    /// meanwhile (`conflict/stale-state`): reload and try again.
    #[derive(utoipa::IntoResponses)]
    #[response(status = 409, content_type = "application/problem+json")]
    pub struct Conflict(pub Problem);

    /// The body is larger than this server accepts.
    #[derive(utoipa::IntoResponses)]
    #[response(status = 413, content_type = "application/problem+json")]
    pub struct TooLarge(pub Problem);

    /// Values that are not acceptable, each named in `errors` where it belongs to one field; or a
    /// control character in the path or the query.
    #[derive(utoipa::IntoResponses)]
    #[response(status = 422, content_type = "application/problem+json")]
    pub struct Invalid(pub Problem);

    /// Too many attempts from this client or for this address: try again after `Retry-After`.
    #[derive(utoipa::IntoResponses)]
    #[response(
        status = 429,
        content_type = "application/problem+json",
        headers(("Retry-After" = u64, description = "Seconds to wait"))
    )]
    pub struct RateLimited(pub Problem);
}

/// The whole document: the kernel's part and every feature's, each registered beside its
/// handlers (`accounts::api::ApiDoc`, `registry::api::ApiDoc`, `platform::ApiDoc`).
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    for part in [
        crate::accounts::api::ApiDoc::openapi(),
        crate::platform::ApiDoc::openapi(),
        crate::registry::api::ApiDoc::openapi(),
        crate::tracks::api::ApiDoc::openapi(),
        crate::sandbox::api::ApiDoc::openapi(),
        crate::conformance::api::ApiDoc::openapi(),
        crate::training::api::ApiDoc::openapi(),
        crate::support::api::ApiDoc::openapi(),
    ] {
        document.merge(part);
    }
    document
}
