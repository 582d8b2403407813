//! `/api/v1/suites`: the program's conformance suites, their versions, coverage and diffs.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_store::conformance::suites::{self as store, Suite};
use serde::{Deserialize, Serialize};

use crate::conformance::services::suites::{self, document};
use crate::state::AppState;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiError, ApiResult, AppError};
use crate::web::extract::{ApiJson, ApiQuery};
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SuiteView {
    pub id: String,
    pub key: String,
    pub version: i64,
    pub track: String,
    pub title: String,
    /// `NAME#VERSION`, R4 core first.
    pub packages: Vec<String>,
    pub created_at: i64,
    /// The suite document (scripts from packages copied in).
    #[schema(value_type = Object)]
    pub document: serde_json::Value,
    /// Each requirement with the tests that cover it (none: not tested).
    pub coverage: Vec<CoverageRow>,
    /// What changed since the version before (on creation).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CoverageRow {
    pub requirement: String,
    pub text: String,
    pub link: Option<String>,
    pub tests: Vec<String>,
}

pub fn suite_view(suite: &Suite, changes: Vec<String>) -> Result<SuiteView, AppError> {
    let doc = document(suite)?;
    let coverage = doc
        .coverage()
        .into_iter()
        .map(|(requirement, tests)| CoverageRow {
            requirement: requirement.key.clone(),
            text: requirement.text.clone(),
            link: requirement.link.clone(),
            tests: tests.into_iter().map(str::to_owned).collect(),
        })
        .collect();
    Ok(SuiteView {
        id: suite.id.clone(),
        key: suite.key.clone(),
        version: suite.version,
        track: suite.track_key.clone(),
        title: suite.title.clone(),
        packages: suite.packages.clone(),
        created_at: suite.created_at,
        document: serde_json::from_str(&suite.document)
            .map_err(|error| AppError::Internal(error.to_string()))?,
        coverage,
        changes,
    })
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Only the suites of this track.
    pub track: Option<String>,
}

/// The latest version of every suite.
#[utoipa::path(
    get, path = "/api/v1/suites", tag = "conformance", operation_id = "listSuites",
    params(ListQuery),
    responses((status = 200, description = "Suites, latest versions", body = [SuiteView]), problem::Malformed, problem::Unauthenticated, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Vec<SuiteView>>> {
    let list = store::latest(state.store.pool(), query.track.as_deref())
        .await
        .map_err(AppError::from)?;
    Ok(Json(
        list.iter()
            .map(|suite| suite_view(suite, Vec::new()))
            .collect::<Result<_, _>>()?,
    ))
}

/// Stores a new version of a suite from its document (program admins).
#[utoipa::path(
    post, path = "/api/v1/suites", tag = "conformance", operation_id = "createSuiteVersion",
    request_body(content = Object, description = "The suite document: key, title, track, packages, requirements, message_tests, scripts, fixtures (docs/conformance.md)"),
    responses(
        (status = 201, description = "Stored as the next version, with what changed", body = SuiteView),
        problem::Malformed, problem::TooLarge, problem::Unauthenticated, problem::Forbidden, problem::Conflict, problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<serde_json::Value>,
) -> ApiResult<(StatusCode, Json<SuiteView>)> {
    let text = serde_json::to_string_pretty(&body)
        .map_err(|error| AppError::Internal(error.to_string()))?;
    let stored = suites::create(&state, &actor, &text).await?;
    let changes = stored.changes.iter().map(ToString::to_string).collect();
    Ok((
        StatusCode::CREATED,
        Json(suite_view(&stored.suite, changes)?),
    ))
}

/// A suite's latest version.
#[utoipa::path(
    get, path = "/api/v1/suites/{key}", tag = "conformance", operation_id = "getSuite",
    params(("key" = String, Path, description = "The suite's key")),
    responses((status = 200, description = "The latest version", body = SuiteView), problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<SuiteView>> {
    Ok(Json(suite_view(
        &suites::find(&state, &key, None).await?,
        Vec::new(),
    )?))
}

/// One version of a suite.
#[utoipa::path(
    get, path = "/api/v1/suites/{key}/versions/{version}", tag = "conformance", operation_id = "getSuiteVersion",
    params(("key" = String, Path, description = "The suite's key"), ("version" = i64, Path, description = "The version")),
    responses((status = 200, description = "That version", body = SuiteView), problem::Malformed, problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get_version(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    Path((key, version)): Path<(String, String)>,
) -> ApiResult<Json<SuiteView>> {
    let version = version
        .parse::<i64>()
        .ok()
        .filter(|version| *version > 0)
        .ok_or_else(|| AppError::BadRequest("the version is a positive number".to_owned()))?;
    Ok(Json(suite_view(
        &suites::find(&state, &key, Some(version)).await?,
        Vec::new(),
    )?))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    /// The older version (default: the one before `to`).
    pub from: Option<i64>,
    /// The newer version (default: the latest).
    pub to: Option<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct DiffView {
    pub key: String,
    pub from: i64,
    pub to: i64,
    /// Each change, as a sentence.
    pub changes: Vec<String>,
}

/// What changed between two versions of a suite.
#[utoipa::path(
    get, path = "/api/v1/suites/{key}/diff", tag = "conformance", operation_id = "diffSuiteVersions",
    params(("key" = String, Path, description = "The suite's key"), DiffQuery),
    responses((status = 200, description = "The changes", body = DiffView), problem::Malformed, problem::Unauthenticated, problem::NotFound, problem::Invalid),
    security(("bearer" = []), ("session" = []))
)]
pub async fn diff(
    State(state): State<AppState>,
    CurrentUser(_, _actor): CurrentUser,
    Path(key): Path<String>,
    ApiQuery(query): ApiQuery<DiffQuery>,
) -> ApiResult<Json<DiffView>> {
    let to = match query.to {
        Some(to) => to,
        None => suites::find(&state, &key, None).await?.version,
    };
    let from = query.from.unwrap_or(to.saturating_sub(1));
    if from < 1 || to < 1 {
        return Err(ApiError(AppError::validation(vec![
            crate::web::error::FieldError::new(
                if to < 1 { "to" } else { "from" },
                "a version number, from 1 (a first version has nothing to compare with)",
            ),
        ])));
    }
    let changes = suites::changes_between(&state, &key, from, to).await?;
    Ok(Json(DiffView {
        key,
        from,
        to,
        changes: changes.iter().map(ToString::to_string).collect(),
    }))
}
