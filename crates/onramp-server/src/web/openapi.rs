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

#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "account", responses((status = 200, description = "This document")))]
pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(api_doc())
}

/// The whole document: the kernel's part and every feature's, each registered beside its
/// handlers (`accounts::api::ApiDoc`, `registry::api::ApiDoc`, `platform::ApiDoc`).
pub fn api_doc() -> utoipa::openapi::OpenApi {
    let mut document = ApiDoc::openapi();
    for part in [
        crate::accounts::api::ApiDoc::openapi(),
        crate::platform::ApiDoc::openapi(),
        crate::registry::api::ApiDoc::openapi(),
    ] {
        document.merge(part);
    }
    document
}
