//! Track definitions as stored versions: the built-in tracks (the files of the top-level `tracks/`
//! folder, compiled into the binary) stored at start, a program admin's upload of a new version,
//! and reading a stored version back into the model.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use onramp_core::tracks::{parse_track, Problem, Track};
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::tracks::definitions::{self, NewVersion, TrackVersion};
use onramp_store::StoreError;

use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The built-in tracks: file name and text.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "connected-partner.toml",
        include_str!("../../../../../tracks/connected-partner.toml"),
    ),
    (
        "government-agency-integration.toml",
        include_str!("../../../../../tracks/government-agency-integration.toml"),
    ),
    (
        "fhir-implementation-guide-partner.toml",
        include_str!("../../../../../tracks/fhir-implementation-guide-partner.toml"),
    ),
    (
        "healthcare-customer-onboarding.toml",
        include_str!("../../../../../tracks/healthcare-customer-onboarding.toml"),
    ),
    (
        "country-health-data-sharing.toml",
        include_str!("../../../../../tracks/country-health-data-sharing.toml"),
    ),
];

/// The largest track file accepted (a 200-step track is about 60 KiB).
pub const MAX_SOURCE_BYTES: usize = 512 * 1024;

/// Stores each built-in track whose version is not stored yet. A built-in file whose version is
/// stored with a different text is left alone (stored versions never change) and logged: bump its
/// `version` to ship the change. Returns how many versions were added.
pub async fn load_built_in(state: &AppState) -> Result<usize, AppError> {
    let mut added = 0;
    for (file, text) in BUILT_IN {
        let track = parse_track(text).map_err(|problems| {
            AppError::Internal(format!(
                "built-in track {file}: {}",
                problems
                    .iter()
                    .map(Problem::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?;
        let stored = definitions::versions(state.store.pool(), &track.id).await?;
        if let Some(same) = stored
            .iter()
            .find(|version| version.version == i64::from(track.version))
        {
            if same.source != *text {
                tracing::warn!(
                    track = %track.id,
                    version = track.version,
                    "the built-in track differs from its stored version: bump its version to ship the change"
                );
            }
            continue;
        }
        let mut tx = state.store.begin().await?;
        let version = definitions::insert(
            &mut tx,
            NewVersion {
                track_key: &track.id,
                version: i64::from(track.version),
                name: &track.name,
                source: text,
                built_in: true,
                uploaded_by: None,
            },
        )
        .await?;
        audit::append(
            &mut tx,
            &onramp_store::platform::audit::AuditContext::system(),
            Change {
                action: "track.loaded",
                entity_type: "track_version",
                entity_id: &version.id,
                organization_id: None,
                summary: format!(
                    "loaded built-in track {} version {}",
                    track.id, track.version
                ),
            },
        )
        .await?;
        tx.commit().await?;
        added += 1;
    }
    Ok(added)
}

/// Tracks already read, by version id and source hash. A stored version never changes, so what is
/// read once serves every request and every instance keeps its own copy; nothing here is state.
static MODELS: OnceLock<Mutex<Models>> = OnceLock::new();

/// Parsed tracks by (version id, source SHA-256).
type Models = HashMap<(String, String), Arc<Track>>;

/// Reads a stored version back into the model, once per process (reading a 200-step file costs
/// about 1.5 ms, docs/benchmarks.md). Stored text was checked when it was stored, so a problem
/// here means the database was changed behind Onramp's back.
pub fn model(version: &TrackVersion) -> Result<Arc<Track>, AppError> {
    let key = (version.id.clone(), version.sha256.clone());
    let models = MODELS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Some(track) = models.lock().ok().and_then(|memo| memo.get(&key).cloned()) {
        return Ok(track);
    }
    let track = Arc::new(parse_track(&version.source).map_err(|problems| {
        AppError::Internal(format!(
            "stored track {} version {} no longer reads: {}",
            version.track_key,
            version.version,
            problems.first().map(Problem::to_string).unwrap_or_default()
        ))
    })?);
    if let Ok(mut memo) = models.lock() {
        memo.insert(key, Arc::clone(&track));
    }
    Ok(track)
}

/// Every track's newest version (any signed-in staff member or partner may read the catalogue).
pub async fn list(state: &AppState, actor: &Actor) -> Result<Vec<TrackVersion>, AppError> {
    scope::user(actor)?;
    Ok(definitions::list_latest(state.store.pool()).await?)
}

/// A track's versions, newest first; "not found" when it has none.
pub async fn versions(
    state: &AppState,
    actor: &Actor,
    track_key: &str,
) -> Result<Vec<TrackVersion>, AppError> {
    scope::user(actor)?;
    let versions = definitions::versions(state.store.pool(), track_key).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound("track"));
    }
    Ok(versions)
}

/// Stores an uploaded track file as a new version (program admins). Every problem of the file is
/// a field error on `source` with its line and column; a version that is not newer than the
/// stored ones is refused.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    source: &str,
) -> Result<TrackVersion, AppError> {
    let user = scope::user(actor)?;
    if user.role != Role::ProgramAdmin {
        return Err(AppError::Forbidden);
    }
    if source.len() > MAX_SOURCE_BYTES {
        return Err(AppError::validation(vec![FieldError::new(
            "source",
            format!("a track file is at most {} KiB", MAX_SOURCE_BYTES / 1024),
        )]));
    }
    let track = parse_track(source).map_err(|problems| {
        AppError::validation(
            problems
                .iter()
                .map(|problem| FieldError::new("source", problem.to_string()))
                .collect(),
        )
    })?;
    let newest = match definitions::latest(state.store.pool(), &track.id).await {
        Ok(newest) => Some(newest),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    if let Some(newest) = &newest {
        if i64::from(track.version) <= newest.version {
            return Err(AppError::validation(vec![FieldError::new(
                "source",
                format!(
                    "track `{}` is at version {}: an upload must raise `version` (to {} or more)",
                    track.id,
                    newest.version,
                    newest.version + 1
                ),
            )]));
        }
    }
    let mut tx = state.store.begin().await?;
    let version = definitions::insert(
        &mut tx,
        NewVersion {
            track_key: &track.id,
            version: i64::from(track.version),
            name: &track.name,
            source,
            built_in: false,
            uploaded_by: Some(&user.id),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "track.uploaded",
            entity_type: "track_version",
            entity_id: &version.id,
            organization_id: None,
            summary: format!(
                "uploaded track {} version {} ({} steps)",
                track.id,
                track.version,
                track.steps().count()
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(version)
}
