//! Uploaded evidence documents: a partner admin uploads for their own organization, a reviewer
//! attaches one to an application; only PDF, PNG and JPEG are kept, recognised by their first
//! bytes (the declared type is not trusted). Downloads are for the owning organization and staff;
//! anyone else gets "not found". A reviewer records a result for a document as evidence.

use onramp_core::registry::partner::optional_text;
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::documents::{self, Document, NewDocument};
use onramp_store::registry::evidence::Evidence;
use onramp_store::registry::Profile;
use onramp_store::StoreError;

use super::review::{self, DOCUMENT};
use super::scope;
use crate::config::ServerConfig;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};

/// The largest document accepted: three quarters of the request body limit, leaving room for
/// the multipart framing and the other fields.
pub fn max_document_bytes(config: &ServerConfig) -> usize {
    config.max_body_bytes / 4 * 3
}

/// The content type of `bytes` if it is a PDF, PNG or JPEG file, judged by its first bytes.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

/// A file name safe to store and to echo in `Content-Disposition`: the last path segment, only
/// letters, digits, `.`, `-`, `_` and spaces, at most 120 characters.
pub fn clean_filename(name: &str) -> String {
    let last = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = last
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | ' ') {
                c
            } else {
                '_'
            }
        })
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "document".to_owned()
    } else {
        cleaned
    }
}

/// A file as it arrived.
#[derive(Clone, Debug, Default)]
pub struct Upload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// Uploads a document for the partner admin's own organization.
pub async fn upload_own(
    state: &AppState,
    actor: &Actor,
    upload: &Upload,
) -> Result<Document, AppError> {
    let (_, profile) = scope::own_organization_admin_open(state, actor).await?;
    store(state, actor, &profile, upload).await
}

/// Attaches a document to an organization's application, as a reviewer.
pub async fn upload_for(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    upload: &Upload,
) -> Result<Document, AppError> {
    scope::reviewer(actor)?;
    let profile = scope::find(state, organization_id).await?;
    store(state, actor, &profile, upload).await
}

/// What a document is and what it is called, once it passes the rules every upload follows: not
/// empty, within the document limit, a PDF, PNG or JPEG by its content; the name made safe.
pub fn checked(config: &ServerConfig, upload: &Upload) -> Result<(&'static str, String), AppError> {
    if upload.bytes.is_empty() {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "choose a file to upload",
        )]));
    }
    if upload.bytes.len() > max_document_bytes(config) {
        return Err(AppError::PayloadTooLarge);
    }
    let Some(content_type) = sniff(&upload.bytes) else {
        return Err(AppError::validation(vec![FieldError::new(
            "file",
            "only PDF, PNG and JPEG documents are accepted",
        )]));
    };
    Ok((content_type, clean_filename(&upload.filename)))
}

async fn store(
    state: &AppState,
    actor: &Actor,
    profile: &Profile,
    upload: &Upload,
) -> Result<Document, AppError> {
    review::refuse_retired(profile)?;
    let (content_type, filename) = checked(&state.config, upload)?;
    let context = actor.audit_context();
    let mut tx = state.store.begin().await?;
    let document = documents::insert(
        &mut tx,
        &context,
        NewDocument {
            organization_id: &profile.id,
            filename: &filename,
            content_type,
            content: &upload.bytes,
        },
    )
    .await?;
    audit::append(
        &mut tx,
        &context,
        Change {
            action: "organization.document_uploaded",
            entity_type: "document",
            entity_id: &document.id,
            organization_id: Some(&profile.id),
            summary: format!(
                "{} uploaded for {} ({content_type}, {} bytes, sha256 {})",
                document.filename, profile.name, document.size_bytes, document.sha256
            ),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(document)
}

fn not_found(error: AppError) -> AppError {
    match error {
        AppError::NotFound(_) => AppError::NotFound("document"),
        other => other,
    }
}

async fn visible_document(
    state: &AppState,
    actor: &Actor,
    document_id: &str,
) -> Result<Document, AppError> {
    let document = documents::find(state.store.pool(), document_id)
        .await
        .map_err(|error| match error {
            StoreError::NotFound => AppError::NotFound("document"),
            other => other.into(),
        })?;
    scope::visible_organization(state, actor, &document.organization_id)
        .await
        .map_err(not_found)?;
    Ok(document)
}

/// A document and its bytes, for its own organization and staff; "not found" for anyone else.
pub async fn download(
    state: &AppState,
    actor: &Actor,
    document_id: &str,
) -> Result<(Document, Vec<u8>), AppError> {
    let document = visible_document(state, actor, document_id).await?;
    Ok(documents::content(state.store.pool(), &document.id).await?)
}

/// An organization's documents, for itself and staff.
pub async fn list(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
) -> Result<Vec<Document>, AppError> {
    let profile = scope::visible_organization(state, actor, organization_id).await?;
    Ok(documents::list(state.store.pool(), &profile.id).await?)
}

/// Records the reviewer's result for one of the organization's documents.
pub async fn record_check(
    state: &AppState,
    actor: &Actor,
    organization_id: &str,
    document_id: &str,
    passed: bool,
    note: &str,
) -> Result<Evidence, AppError> {
    scope::reviewer(actor)?;
    let note = optional_text(note, 1000)
        .map_err(|error| AppError::validation(vec![FieldError::new("note", error.to_string())]))?;
    let profile = scope::find(state, organization_id).await?;
    review::refuse_retired(&profile)?;
    let document = visible_document(state, actor, document_id).await?;
    if document.organization_id != profile.id {
        return Err(AppError::NotFound("document"));
    }
    let detail = format!(
        "document {} (sha256 {}) checked by the reviewer{}{}",
        document.filename,
        document.sha256,
        if note.is_empty() { "" } else { ": " },
        note
    );
    review::record(
        state,
        actor,
        &profile,
        DOCUMENT,
        passed,
        &detail,
        Some(&document.id),
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_recognised_by_their_first_bytes() {
        assert_eq!(sniff(b"%PDF-1.7\n..."), Some("application/pdf"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0"), Some("image/png"));
        assert_eq!(
            sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]),
            Some("image/jpeg")
        );
        assert_eq!(sniff(b"<html><script>alert(1)</script>"), None);
        assert_eq!(sniff(b"MZ\x90\0"), None);
        assert_eq!(sniff(b""), None);
    }

    #[test]
    fn file_names_lose_paths_and_odd_characters() {
        assert_eq!(
            clean_filename("C:\\scans\\licence 2026.pdf"),
            "licence 2026.pdf"
        );
        assert_eq!(clean_filename("../../etc/passwd"), "passwd");
        assert_eq!(clean_filename("a\"b;\r\nc.png"), "a_b___c.png");
        assert_eq!(clean_filename("..."), "document");
        assert_eq!(clean_filename(""), "document");
    }
}
