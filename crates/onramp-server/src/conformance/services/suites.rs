//! Suites: a program admin stores a new version of a suite from its document — checked whole,
//! scripts taken from packages copied in, FHIRPath conditions compiled and profiles found in the
//! suite's packages — and sees what changed since the version before.

use onramp_core::conformance::suite::{diff, SuiteChange, SuiteDocument};
use onramp_core::Role;
use onramp_fhir::testscript::Script;
use onramp_store::conformance::suites::{self, NewSuite, Suite};
use onramp_store::platform::audit::{self, Change};
use onramp_store::tracks::definitions;
use onramp_store::StoreError;

use crate::registry::services::scope;
use crate::sandbox::services::engines;
use crate::sandbox::services::environments::CORE_PACKAGE;
use crate::state::AppState;
use crate::tracks::services::definitions::model;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// A stored version with what changed since the one before (none for a first version).
#[derive(Debug)]
pub struct Stored {
    pub suite: Suite,
    pub changes: Vec<SuiteChange>,
}

/// The largest suite document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 4 * 1024 * 1024;

/// Reads a stored suite's document.
pub fn document(suite: &Suite) -> Result<SuiteDocument, AppError> {
    serde_json::from_str(&suite.document).map_err(|error| {
        AppError::Internal(format!("suite {} v{}: {error}", suite.key, suite.version))
    })
}

/// Stores the next version of a suite (program admins).
pub async fn create(state: &AppState, actor: &Actor, text: &str) -> Result<Stored, AppError> {
    let user = scope::user(actor)?;
    if user.role != Role::ProgramAdmin {
        return Err(AppError::Forbidden);
    }
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::validation(vec![FieldError::new(
            "document",
            "at most 4 MiB",
        )]));
    }
    let mut document = SuiteDocument::parse(text).map_err(|problems| {
        AppError::validation(
            problems
                .into_iter()
                .map(|problem| {
                    FieldError::new(
                        if problem.path.is_empty() {
                            "document"
                        } else {
                            &problem.path
                        },
                        problem.message,
                    )
                })
                .collect(),
        )
    })?;
    let track = match definitions::latest(state.store.pool(), &document.track).await {
        Ok(version) => model(&version)?,
        Err(StoreError::NotFound) => {
            return Err(AppError::validation(vec![FieldError::new(
                "track",
                format!("no track has the key `{}`", document.track),
            )]))
        }
        Err(other) => return Err(other.into()),
    };
    let mut packages = vec![CORE_PACKAGE.to_owned()];
    for package in track.packages.iter().chain(&document.packages) {
        if !packages.contains(package) {
            packages.push(package.clone());
        }
    }
    let mut fields = Vec::new();
    // Scripts from packages are copied in, so that a version never changes.
    for (index, script) in document.scripts.iter_mut().enumerate() {
        if let (Some(package), Some(resource)) = (script.package.clone(), script.resource.clone()) {
            match engines::package_resource(&state.config, &package, &resource).await {
                Ok(found) => script.testscript = Some(found),
                Err(reason) => fields.push(FieldError::new(
                    &format!("scripts[{index}].resource"),
                    reason,
                )),
            }
        }
        if let Some(testscript) = &script.testscript {
            let bytes = serde_json::to_vec(testscript)
                .map_err(|error| AppError::Internal(error.to_string()))?;
            if let Err(problems) = Script::parse(&bytes) {
                for problem in problems {
                    fields.push(FieldError::new(
                        &format!("scripts[{index}].testscript"),
                        format!("{}: {}", problem.location, problem.message),
                    ));
                }
            }
        }
    }
    // Conditions must compile and profiles must be in the packages (when the engine can be built).
    match engines::for_packages(&state.config, &packages).await {
        Ok(engine) => {
            for (index, test) in document.message_tests.iter().enumerate() {
                if let Some(condition) = &test.condition {
                    if let Err(error) = engine.fhirpath.compile(condition) {
                        fields.push(FieldError::new(
                            &format!("message_tests[{index}].condition"),
                            format!("not a FHIRPath expression: {error}"),
                        ));
                    }
                }
                if let Some(profile) = &test.profile {
                    if engine
                        .validator
                        .profiles(std::slice::from_ref(profile))
                        .is_err()
                    {
                        fields.push(FieldError::new(
                            &format!("message_tests[{index}].profile"),
                            format!(
                                "no profile {profile} in the packages {}",
                                packages.join(", ")
                            ),
                        ));
                    }
                }
            }
        }
        Err(error) => tracing::warn!(%error, "suite checked without its packages"),
    }
    if !fields.is_empty() {
        return Err(AppError::validation(fields));
    }
    let stored_text =
        serde_json::to_string(&document).map_err(|error| AppError::Internal(error.to_string()))?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let previous = match suites::find_version(tx.conn(), &document.key, None).await {
        Ok(previous) => Some(previous),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let changes = match &previous {
        Some(previous) => diff(&self::document(previous)?, &document),
        None => Vec::new(),
    };
    if previous.is_some() && changes.is_empty() {
        return Err(AppError::Conflict(format!(
            "version {} of `{}` is the same; nothing to store",
            previous.as_ref().map_or(0, |p| p.version),
            document.key
        )));
    }
    let suite = suites::insert(
        &mut tx,
        NewSuite {
            key: &document.key,
            track_key: &document.track,
            title: &document.title,
            document: &stored_text,
            packages: &packages,
            created_by: Some(&user.id),
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "suite.created",
            entity_type: "suite",
            entity_id: &suite.id,
            organization_id: None,
            summary: format!(
                "suite `{}` version {} for the track {} ({} message tests, {} scripts){}",
                suite.key,
                suite.version,
                suite.track_key,
                document.message_tests.len(),
                document.scripts.len(),
                if changes.is_empty() {
                    String::new()
                } else {
                    format!(
                        ": {}",
                        changes
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join("; ")
                    )
                }
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Stored { suite, changes })
}

/// A suite version by key (the latest when `version` is none); every signed-in user may read
/// suites: they are the program's published tests.
pub async fn find(state: &AppState, key: &str, version: Option<i64>) -> Result<Suite, AppError> {
    match suites::find_version(state.store.pool(), key, version).await {
        Ok(suite) => Ok(suite),
        Err(StoreError::NotFound) => Err(AppError::NotFound("suite")),
        Err(other) => Err(other.into()),
    }
}

/// What changed from `from` to `to` (two versions of one key).
pub async fn changes_between(
    state: &AppState,
    key: &str,
    from: i64,
    to: i64,
) -> Result<Vec<SuiteChange>, AppError> {
    let (old, new) = (
        find(state, key, Some(from)).await?,
        find(state, key, Some(to)).await?,
    );
    Ok(diff(&document(&old)?, &document(&new)?))
}
