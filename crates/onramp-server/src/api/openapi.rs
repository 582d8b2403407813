//! The OpenAPI document, generated from the handlers' `#[utoipa::path]` annotations.

use axum::Json;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Onramp API", description = "Partner onboarding for health information exchanges. Errors are RFC 9457 problem details (`application/problem+json`)."),
    paths(
        document,
        super::me::get_me,
        super::tokens::list,
        super::tokens::create,
        super::tokens::revoke,
        super::audit::list,
        super::jobs::list,
        super::jobs::retry,
        super::jobs::cancel,
        super::registry::register,
        super::registry::activate,
        super::listing::list,
        super::listing::export_csv,
        super::listing::directory,
        super::listing::set_directory_opt_in,
        super::listing::agreement_status,
        super::registry::get,
        super::review::transition,
        super::review::evidence,
        super::review::collaboration,
        super::review::documents,
        super::review::upload_document,
        super::agreements::list,
        super::agreements::create,
        super::agreements::publish,
        super::agreements::sign,
        super::agreements::signature,
        super::agreements::retire,
        super::members::members,
        super::members::invite,
        super::members::set_role,
        super::members::deactivate,
        super::webhooks::create,
        super::webhooks::list,
        super::webhooks::get,
        super::webhooks::delete,
        super::webhooks::rotate_secret,
        super::webhooks::deliveries,
        super::webhooks::resend,
        super::webhooks::test,
        super::webhooks::get_email_preferences,
        super::webhooks::put_email_preferences,
    ),
    components(schemas(crate::error::Problem, crate::error::FieldError)),
    modifiers(&SecuritySchemes, &ProblemTypes),
    tags(
        (name = "account", description = "The caller"),
        (name = "tokens", description = "Personal API tokens (staff)"),
        (name = "audit", description = "The audit trail (program admins)"),
        (name = "jobs", description = "The background job queue (program admins)"),
        (name = "registry", description = "Partner registration, verification, lifecycle and tiers"),
        (name = "review", description = "Reviewers' decisions, evidence and documents for one organization"),
        (name = "agreements", description = "Agreement templates and signatures"),
        (name = "members", description = "A partner organization's own people (partner admins)"),
        (name = "webhooks", description = "Signed webhook subscriptions (program admins: program-wide; partner admins: their organization's events)"),
    )
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

/// Lists the problem types (`crate::problems`) as the `x-problem-types` extension, so an API
/// client can tell one refusal from another by `type` or `code`.
struct ProblemTypes;

impl Modify for ProblemTypes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let catalogue: Vec<serde_json::Value> = crate::problems::ALL
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
    Json(ApiDoc::openapi())
}
