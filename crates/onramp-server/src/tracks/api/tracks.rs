//! `/api/v1/tracks`: the catalogue (any signed-in person), one track's versions and its structure,
//! and uploading a new version (program admins).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use onramp_core::tracks::{Condition, Evidence, Track};
use onramp_store::tracks::definitions::TrackVersion;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::tracks::services::definitions;
use crate::web::actor::CurrentUser;
use crate::web::error::{ApiResult, Problem};
use crate::web::extract::ApiJson;
use crate::web::openapi::problem;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrackSummary {
    /// The track's stable key (`connected-partner`).
    pub key: String,
    pub version: i64,
    pub name: String,
    pub built_in: bool,
    /// SHA-256 of the source, hex.
    pub sha256: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
}

impl From<&TrackVersion> for TrackSummary {
    fn from(version: &TrackVersion) -> Self {
        TrackSummary {
            key: version.track_key.clone(),
            version: version.version,
            name: version.name.clone(),
            built_in: version.built_in,
            sha256: version.sha256.clone(),
            created_at: version.created_at,
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StepView {
    pub key: String,
    pub name: String,
    pub phase: String,
    /// The role that does it.
    pub owner: String,
    /// Business days: optimistic, likely, pessimistic.
    pub estimate: [f64; 3],
    /// Keys of the steps it waits for.
    pub after: Vec<String>,
    pub milestone: bool,
    /// What it needs, in words.
    pub evidence: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct GateDefinitionView {
    pub key: String,
    pub name: String,
    /// Condition kinds as written (`agreement_signed`, `conformance.suite_passed`, …).
    pub conditions: Vec<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TrackDetail {
    #[serde(flatten)]
    pub summary: TrackSummary,
    pub description: String,
    pub steps: Vec<StepView>,
    pub gates: Vec<GateDefinitionView>,
    /// The versions stored, newest first.
    pub versions: Vec<i64>,
    /// The TOML source of the newest version.
    pub source: String,
}

fn evidence_text(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Document { kind } => format!("document {kind}"),
        Evidence::Attestation { items } => format!("attestation of {} items", items.len()),
        Evidence::Agreement(kind) => format!("agreement {}", kind.as_str()),
        Evidence::Gate(gate) => format!("gate {gate}"),
    }
}

pub fn track_detail(version: &TrackVersion, track: &Track, versions: Vec<i64>) -> TrackDetail {
    TrackDetail {
        summary: TrackSummary::from(version),
        description: track.description.clone(),
        steps: track
            .phases
            .iter()
            .flat_map(|phase| {
                phase.steps.iter().map(move |step| StepView {
                    key: step.key.clone(),
                    name: step.name.clone(),
                    phase: phase.name.clone(),
                    owner: step.owner.as_str().to_owned(),
                    estimate: [
                        step.estimate.optimistic,
                        step.estimate.likely,
                        step.estimate.pessimistic,
                    ],
                    after: step.after.iter().map(|after| after.step.clone()).collect(),
                    milestone: step.milestone,
                    evidence: step.evidence.iter().map(evidence_text).collect(),
                })
            })
            .collect(),
        gates: track
            .gates
            .iter()
            .map(|gate| GateDefinitionView {
                key: gate.key.clone(),
                name: gate.name.clone(),
                conditions: gate
                    .conditions
                    .iter()
                    .map(Condition::kind)
                    .map(str::to_owned)
                    .collect(),
            })
            .collect(),
        versions,
        source: version.source.clone(),
    }
}

/// List the onboarding tracks (newest version of each)
#[utoipa::path(
    get, path = "/api/v1/tracks", tag = "tracks", operation_id = "listTracks",
    responses(
        (status = 200, description = "Every track's newest version", body = [TrackSummary]),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
) -> ApiResult<Json<Vec<TrackSummary>>> {
    let versions = definitions::list(&state, &actor).await?;
    Ok(Json(versions.iter().map(TrackSummary::from).collect()))
}

/// Get a track: its newest version's steps, gates and source
#[utoipa::path(
    get, path = "/api/v1/tracks/{key}", tag = "tracks", operation_id = "getTrack",
    params(("key" = String, Path, description = "The track's key")),
    responses(
        (status = 200, description = "The track", body = TrackDetail),
        problem::Unauthenticated,
        problem::Forbidden,
        problem::Invalid,
        problem::NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn get(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> ApiResult<Json<TrackDetail>> {
    let versions = definitions::versions(&state, &actor, &key).await?;
    let newest = versions
        .first()
        .ok_or(crate::web::error::AppError::NotFound("track"))?;
    let track = definitions::model(newest)?;
    let numbers = versions.iter().map(|version| version.version).collect();
    Ok(Json(track_detail(newest, &track, numbers)))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadBody {
    /// The track file (TOML, docs/adr/0007-track-definition-format.md). Its `version` must be
    /// higher than the stored ones.
    pub source: String,
}

/// Upload a new version of a track (program admins)
#[utoipa::path(
    post, path = "/api/v1/tracks", tag = "tracks", operation_id = "uploadTrack",
    request_body = UploadBody,
    responses(
        (status = 201, description = "Stored as a new version", body = TrackSummary),
        problem::Malformed,
        problem::Unauthenticated,
        problem::Forbidden,
        problem::TooLarge,
        (status = 422, description = "Problems in the file, each `line:column: message` in `errors`, or a version that is not newer", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    ApiJson(body): ApiJson<UploadBody>,
) -> ApiResult<(StatusCode, Json<TrackSummary>)> {
    let version = definitions::upload(&state, &actor, &body.source).await?;
    Ok((StatusCode::CREATED, Json(TrackSummary::from(&version))))
}
