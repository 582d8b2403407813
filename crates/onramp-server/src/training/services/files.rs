//! A course's images and attachments: trainers upload PDF, PNG or JPEG files (judged by their
//! first bytes, at most three quarters of the body limit), named within the course and never
//! replaced; module Markdown names them as `attachment:NAME`, which is rewritten to the file's
//! URL when shown; every signed-in person may read them, like the course.

use onramp_store::platform::audit::{self, Change};
use onramp_store::training::files::{self, CourseFile};
use onramp_store::StoreError;

use super::courses::TRAINERS;
use crate::registry::services::documents::{clean_filename, max_document_bytes, sniff, Upload};
use crate::registry::services::scope;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// How a module's Markdown names a file of its course.
pub const SCHEME: &str = "attachment:";

/// The URL of a course's file.
pub fn url(state: &AppState, course_key: &str, filename: &str) -> String {
    format!(
        "{}/training/courses/{course_key}/files/{filename}",
        state.config.public_base_url.trim_end_matches('/')
    )
}

/// The Markdown with every `attachment:NAME` link or image pointed at the course's file.
pub fn resolve(state: &AppState, course_key: &str, markdown: &str) -> String {
    markdown.replace(
        &format!("]({SCHEME}"),
        &format!("]({}", url(state, course_key, "")),
    )
}

/// Uploads a file to a course (trainers and program admins); a name the course already has is
/// refused (409): files are never replaced, so every version keeps what it showed.
pub async fn upload(
    state: &AppState,
    actor: &Actor,
    course_key: &str,
    upload: Upload,
) -> Result<CourseFile, AppError> {
    let user = scope::user(actor)?;
    if !TRAINERS.contains(&user.role) {
        return Err(AppError::Forbidden);
    }
    super::courses::find(state, course_key, None).await?;
    if upload.bytes.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "choose a file to upload",
        )]));
    }
    if upload.bytes.len() > max_document_bytes(&state.config) {
        return Err(AppError::PayloadTooLarge);
    }
    let Some(content_type) = sniff(&upload.bytes) else {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "the file is not a PDF, PNG or JPEG",
        )]));
    };
    let filename = clean_filename(&upload.filename).replace(' ', "-");
    let mut tx = state.store.begin().await?;
    let stored = match files::insert(
        &mut tx,
        course_key,
        &filename,
        content_type,
        &upload.bytes,
        Some(&user.id),
    )
    .await
    {
        Ok(stored) => stored,
        Err(StoreError::Conflict(_)) => {
            return Err(AppError::Conflict(format!(
                "the course already has a file named {filename}; files are never replaced, so give the new one another name"
            )))
        }
        Err(other) => return Err(other.into()),
    };
    audit::append(
        &mut tx,
        &actor.audit_context(),
        Change {
            action: "training.file_uploaded",
            entity_type: "training_file",
            entity_id: &stored.id,
            organization_id: None,
            summary: format!(
                "{filename} ({content_type}, {} bytes, SHA-256 {}) added to the course `{course_key}`",
                stored.size_bytes, stored.sha256
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(stored)
}

/// A course's files (for the course page).
pub async fn of_course(state: &AppState, course_key: &str) -> Result<Vec<CourseFile>, AppError> {
    Ok(files::of_course(state.store.pool(), course_key).await?)
}

/// A course's file with its bytes, for any signed-in person.
pub async fn content(
    state: &AppState,
    course_key: &str,
    filename: &str,
) -> Result<(CourseFile, Vec<u8>), AppError> {
    match files::content(state.store.pool(), course_key, filename).await {
        Ok(found) => Ok(found),
        Err(StoreError::NotFound) => Err(AppError::NotFound("file")),
        Err(other) => Err(other.into()),
    }
}
