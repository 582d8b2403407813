//! The CapabilityStatement at `/metadata`: the resource types of the pinned packages, each with
//! the interactions this sandbox implements and the search parameters its index really serves,
//! the SMART security service, and the packages' profiles the sandbox validates against.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use onramp_core::sandbox::EnvironmentKind;
use onramp_store::sandbox::environments;
use serde_json::{json, Value};

use super::interactions::base_url;
use super::respond::{finish_public, Answer, IssueCode};
use crate::sandbox::services::engines::{self, SandboxEngine};
use crate::state::AppState;
use onramp_fhir::search::format_instant;

/// The resource types of the loaded packages (concrete StructureDefinitions of kind resource).
pub fn resource_types(engine: &SandboxEngine) -> Vec<String> {
    let mut types: Vec<String> = engine
        .validator
        .definitions()
        .packages()
        .resources_of_type("StructureDefinition")
        .filter_map(Result::ok)
        .filter(|definition| {
            definition.get("kind").and_then(Value::as_str) == Some("resource")
                && definition.get("derivation").and_then(Value::as_str) == Some("specialization")
                && definition.get("abstract").and_then(Value::as_bool) != Some(true)
        })
        .filter_map(|definition| {
            definition
                .get("type")
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .filter(|name| engine.search.is_resource_type(name))
        .collect();
    types.sort();
    types.dedup();
    types
}

fn statement(
    state: &AppState,
    environment: &environments::Environment,
    engine: &SandboxEngine,
) -> Value {
    let base = base_url(state, &environment.id);
    let token_url = crate::sandbox::oauth::token::token_url(state);
    let mut description = format!("Sandbox {} ({})", environment.name, environment.id);
    if !engine.missing.is_empty() {
        description.push_str(&format!(
            "; not installed, so not checked: {}",
            engine.missing.join(", ")
        ));
    }
    let resources: Vec<Value> = resource_types(engine)
        .iter()
        .map(|resource_type| {
            let params: Vec<Value> = engine
                .search
                .for_type(resource_type)
                .map(|param| {
                    json!({"name": param.code, "definition": param.url, "type": param.kind.code()})
                })
                .collect();
            json!({
                "type": resource_type,
                "interaction": [
                    {"code": "read"}, {"code": "vread"}, {"code": "update"}, {"code": "delete"},
                    {"code": "history-instance"}, {"code": "history-type"}, {"code": "create"},
                    {"code": "search-type"},
                ],
                "versioning": "versioned-update",
                "readHistory": true,
                "updateCreate": true,
                "conditionalCreate": true,
                "conditionalRead": "not-supported",
                "conditionalUpdate": true,
                "conditionalDelete": "single",
                "searchInclude": ["*"],
                "searchRevInclude": ["*"],
                "searchParam": params,
                "operation": [{"name": "validate", "definition": "http://hl7.org/fhir/OperationDefinition/Resource-validate"}],
            })
        })
        .collect();
    json!({
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": format_instant(state.clock.now_ms()),
        "publisher": "Onramp",
        "kind": "instance",
        "software": {"name": "Onramp sandbox"},
        "implementation": {"description": description, "url": base},
        "fhirVersion": "4.0.1",
        "format": ["application/fhir+json", "json"],
        "implementationGuide": environment.packages,
        "rest": [{
            "mode": "server",
            "security": {
                "extension": [{
                    "url": "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris",
                    "extension": [{"url": "token", "valueUri": token_url}],
                }],
                "service": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/restful-security-service", "code": "SMART-on-FHIR"}]}],
                "description": "OAuth2 client credentials (SMART Backend Services); bearer tokens bound to this sandbox and its scopes.",
            },
            "resource": resources,
            "interaction": [{"code": "transaction"}, {"code": "batch"}, {"code": "history-system"}],
        }],
    })
}

/// `GET /metadata` (no token needed).
pub async fn metadata(
    State(state): State<AppState>,
    Path(environment_id): Path<String>,
) -> Response {
    let environment = match environments::find(state.store.pool(), &environment_id).await {
        Ok(environment) if environment.kind == EnvironmentKind::Sandbox.as_str() => environment,
        _ => {
            return finish_public(Answer::outcome(
                StatusCode::NOT_FOUND,
                IssueCode::NotFound,
                format!("there is no sandbox `{environment_id}`"),
            ))
        }
    };
    match engines::for_packages(&state.config, &environment.packages).await {
        Ok(engine) => finish_public(Answer::new(
            StatusCode::OK,
            Some(statement(&state, &environment, &engine)),
        )),
        Err(error) => finish_public(Answer::outcome(
            StatusCode::SERVICE_UNAVAILABLE,
            IssueCode::Exception,
            format!("the sandbox's FHIR packages cannot be loaded: {error}"),
        )),
    }
}
