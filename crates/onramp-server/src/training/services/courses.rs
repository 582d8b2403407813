//! Courses: trainers and program admins store a new version of a course from its document
//! (checked whole, every problem with its path); the built-in curricula are stored at start; a
//! stored version is read back once per process.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use onramp_core::training::course::{self, CourseDocument};
use onramp_core::Role;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::training::courses::{self, Course, NewCourse};
use onramp_store::StoreError;

use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// Who writes courses, grades attempts and takes attendance.
pub const TRAINERS: &[Role] = &[Role::Trainer, Role::ProgramAdmin];

/// The largest course document accepted, in bytes.
pub const MAX_DOCUMENT_BYTES: usize = 2 * 1024 * 1024;

/// The built-in curricula: file name and text.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "fhir-fundamentals.json",
        include_str!("../../../../../training/fhir-fundamentals.json"),
    ),
    (
        "implementation-specialist.json",
        include_str!("../../../../../training/implementation-specialist.json"),
    ),
    (
        "vendor-integration.json",
        include_str!("../../../../../training/vendor-integration.json"),
    ),
    (
        "train-the-trainer.json",
        include_str!("../../../../../training/train-the-trainer.json"),
    ),
    (
        "clinician-curriculum.json",
        include_str!("../../../../../training/clinician-curriculum.json"),
    ),
    (
        "physician-curriculum.json",
        include_str!("../../../../../training/physician-curriculum.json"),
    ),
    (
        "nurse-curriculum.json",
        include_str!("../../../../../training/nurse-curriculum.json"),
    ),
    (
        "it-staff-curriculum.json",
        include_str!("../../../../../training/it-staff-curriculum.json"),
    ),
];

/// A stored version with what changed since the one before (none for a first version).
#[derive(Debug)]
pub struct Stored {
    pub course: Course,
    pub changes: Vec<String>,
}

fn problems_to_fields(problems: Vec<course::Problem>) -> AppError {
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
}

/// Stores the next version of a course (trainers and program admins).
pub async fn create(state: &AppState, actor: &Actor, text: &str) -> Result<Stored, AppError> {
    let user = scope::user(actor)?;
    if !TRAINERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(AppError::validation(vec![FieldError::new(
            "document",
            "at most 2 MiB",
        )]));
    }
    let document = course::parse(text).map_err(problems_to_fields)?;
    store(state, &actor.audit_context(), Some(&user.id), &document).await
}

async fn store(
    state: &AppState,
    context: &AuditContext,
    created_by: Option<&str>,
    document: &CourseDocument,
) -> Result<Stored, AppError> {
    let stored_text =
        serde_json::to_string(document).map_err(|error| AppError::Internal(error.to_string()))?;
    let mut tx = state.store.begin().await?;
    let previous = match courses::find_version(tx.conn(), &document.key, None).await {
        Ok(previous) => Some(previous),
        Err(StoreError::NotFound) => None,
        Err(other) => return Err(other.into()),
    };
    let changes = match &previous {
        Some(previous) => course::diff(&*self::document(previous)?, document),
        None => Vec::new(),
    };
    if let (Some(previous), true) = (&previous, changes.is_empty()) {
        return Err(AppError::Conflict(format!(
            "version {} of `{}` is the same; nothing to store",
            previous.version, document.key
        )));
    }
    let course = courses::insert(
        &mut tx,
        NewCourse {
            key: &document.key,
            title: &document.title,
            document: &stored_text,
            certification: document.is_certification(),
            created_by,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        context,
        Change {
            action: "course.created",
            entity_type: "course",
            entity_id: &course.id,
            organization_id: None,
            summary: format!(
                "course `{}` version {} ({} modules{}){}",
                course.key,
                course.version,
                document.modules.len(),
                if document.is_certification() {
                    ", a certification"
                } else {
                    ""
                },
                if changes.is_empty() {
                    String::new()
                } else {
                    format!(": {}", changes.join(" "))
                }
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(Stored { course, changes })
}

/// Stores each built-in course that has no version yet (a stored course is the program's: a
/// built-in never overrides it). Returns how many were added.
pub async fn load_built_in(state: &AppState) -> Result<usize, AppError> {
    let mut added = 0;
    for (file, text) in BUILT_IN {
        let document = course::parse(text).map_err(|problems| {
            AppError::Internal(format!(
                "built-in course {file}: {}",
                problems
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?;
        match courses::find_version(state.store.pool(), &document.key, None).await {
            Ok(_) => continue,
            Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
        store(state, &AuditContext::system(), None, &document).await?;
        added += 1;
    }
    Ok(added)
}

/// Courses already read, by version id. A stored version never changes.
static DOCUMENTS: OnceLock<Mutex<HashMap<String, Arc<CourseDocument>>>> = OnceLock::new();

/// Reads a stored version's document (once per process).
pub fn document(course: &Course) -> Result<Arc<CourseDocument>, AppError> {
    let cache = DOCUMENTS.get_or_init(|| Mutex::new(HashMap::new()));
    if let Ok(cache) = cache.lock() {
        if let Some(found) = cache.get(&course.id) {
            return Ok(Arc::clone(found));
        }
    }
    let parsed: CourseDocument = serde_json::from_str(&course.document).map_err(|error| {
        AppError::Internal(format!(
            "course {} v{}: {error}",
            course.key, course.version
        ))
    })?;
    let parsed = Arc::new(parsed);
    if let Ok(mut cache) = cache.lock() {
        cache.insert(course.id.clone(), Arc::clone(&parsed));
    }
    Ok(parsed)
}

/// A course version by key (the latest when `version` is none). Every signed-in user may read
/// courses: they are the program's published material.
pub async fn find(state: &AppState, key: &str, version: Option<i64>) -> Result<Course, AppError> {
    match courses::find_version(state.store.pool(), key, version).await {
        Ok(course) => Ok(course),
        Err(StoreError::NotFound) => Err(AppError::NotFound("course")),
        Err(other) => Err(other.into()),
    }
}

/// The latest version of every course.
pub async fn catalogue(state: &AppState) -> Result<Vec<Course>, AppError> {
    Ok(courses::latest(state.store.pool()).await?)
}

/// Every version of a course, newest first, with what each changed from the one before.
pub async fn history(state: &AppState, key: &str) -> Result<Vec<(Course, Vec<String>)>, AppError> {
    let versions = courses::versions(state.store.pool(), key).await?;
    if versions.is_empty() {
        return Err(AppError::NotFound("course"));
    }
    let mut history = Vec::with_capacity(versions.len());
    for (index, version) in versions.iter().enumerate() {
        let changes = match versions.get(index + 1) {
            Some(older) => course::diff(&*document(older)?, &*document(version)?),
            None => Vec::new(),
        };
        history.push((version.clone(), changes));
    }
    Ok(history)
}
