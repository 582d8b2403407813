//! Test data a partner loads into (or resets in) their sandbox: a small built-in sample and the
//! program's own transaction Bundles (`sandbox_seed_dir`, Synthea patients for instance). Each
//! Bundle runs as one transaction through the sandbox's own transaction code, stored without the
//! validation policy (the program vouches for its data); the load is audited.

use std::path::Path;

use onramp_core::sandbox::scopes::parse_scopes;
use onramp_core::sandbox::{EnvironmentKind, ValidationPolicy};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::sandbox::environments::Environment;
use onramp_store::sandbox::resources;
use serde_json::Value;

use crate::sandbox::fhir::bundle::run_transaction;
use crate::sandbox::fhir::caller::Caller;
use crate::sandbox::fhir::interactions::Request;
use crate::sandbox::services::clients::may_manage;
use crate::sandbox::services::engines;
use crate::sandbox::services::environments::visible_environment;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::AppError;

/// The built-in sample: two patients, an encounter, a lab result and a condition.
pub const SAMPLE: &str = include_str!("sample.json");

/// What a load stored.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct SeedReport {
    pub bundles: usize,
    pub resources: usize,
    /// Resources deleted first (a reset).
    pub cleared: u64,
}

/// The Bundles to load: the sample, then every `*.json` of the seed folder, by name.
fn bundles(seed_dir: Option<&Path>) -> Result<Vec<(String, String)>, AppError> {
    let mut found = vec![("built-in sample".to_owned(), SAMPLE.to_owned())];
    if let Some(dir) = seed_dir {
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(|error| AppError::Internal(format!("{}: {error}", dir.display())))?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path)
                .map_err(|error| AppError::Internal(format!("{}: {error}", path.display())))?;
            found.push((path.display().to_string(), text));
        }
    }
    Ok(found)
}

/// Loads the program's test data into a visible sandbox (its partner admins, coordinators and
/// program admins), emptying it first when `reset`.
pub async fn load(
    state: &AppState,
    actor: &Actor,
    environment_id: &str,
    reset: bool,
) -> Result<SeedReport, AppError> {
    let user = crate::registry::services::scope::user(actor)?;
    let environment = visible_environment(state, actor, environment_id).await?;
    if !may_manage(user.role) {
        return Err(AppError::Forbidden);
    }
    load_into(state, &actor.audit_context(), &environment, reset, None).await
}

/// Loads the sample and the seed folder's Bundles (at most `limit` of the folder's) into
/// `environment`.
pub async fn load_into(
    state: &AppState,
    context: &AuditContext,
    environment: &Environment,
    reset: bool,
    limit: Option<usize>,
) -> Result<SeedReport, AppError> {
    if environment.kind != EnvironmentKind::Sandbox.as_str() {
        return Err(AppError::Conflict(
            "only a sandbox holds data; a production environment is the exchange's own".to_owned(),
        ));
    }
    let engine = engines::for_packages(&state.config, &environment.packages).await?;
    let mut seeding = environment.clone();
    seeding.policy = ValidationPolicy::Record.as_str().to_owned();
    let request = Request {
        state: state.clone(),
        caller: Caller {
            environment: seeding,
            client_id: "seed".to_owned(),
            scopes: parse_scopes("system/*.cruds").unwrap_or_default(),
        },
        engine,
        headers: axum::http::HeaderMap::new(),
        query: Vec::new(),
    };
    let mut report = SeedReport::default();
    if reset {
        let mut tx = state.store.begin().await?;
        report.cleared = resources::clear(&mut tx, &environment.id).await?;
        tx.commit().await?;
    }
    let all = bundles(state.config.sandbox_seed_dir.as_deref())?;
    let take = limit.map_or(all.len(), |limit| limit + 1);
    for (name, text) in all.into_iter().take(take) {
        let bundle: Value = serde_json::from_str(&text)
            .map_err(|error| AppError::Internal(format!("seed {name}: {error}")))?;
        let (answer, mut tx) = run_transaction(&request, &bundle).await.map_err(|answer| {
            AppError::Internal(format!(
                "seed {name}: {}",
                answer
                    .body
                    .as_ref()
                    .map(Value::to_string)
                    .unwrap_or_default()
            ))
        })?;
        let stored = answer
            .body
            .as_ref()
            .and_then(|body| body.get("entry"))
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        report.bundles += 1;
        report.resources += stored;
        audit::append(
            &mut tx,
            context,
            Change {
                action: "environment.seeded",
                entity_type: "environment",
                entity_id: &environment.id,
                organization_id: Some(&environment.organization_id),
                summary: format!(
                    "test data loaded into `{}`: {name}, {stored} resources",
                    environment.name
                ),
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(report)
}
