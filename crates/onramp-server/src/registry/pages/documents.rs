//! Evidence documents on the portal: the upload forms (multipart; the CSRF token travels in the
//! form's action, see `auth::csrf`), the partner's and the reviewer's upload handlers, the
//! download, and the table of an organization's documents.

use axum::extract::multipart::{MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_store::registry::documents::Document;

use crate::registry::services::documents::{self, Upload};
use crate::state::AppState;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::csrf::upload_action;
use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::forms::{FormView, Refusal};
use crate::web::layout::{csrf_input, time};

fn multipart_error(error: &MultipartError) -> AppError {
    if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
        AppError::PayloadTooLarge
    } else {
        AppError::BadRequest(format!(
            "the upload could not be read: {}",
            error.body_text()
        ))
    }
}

/// Reads the `file` field, stopping as soon as it is larger than `limit` bytes.
pub async fn read_upload(
    multipart: Result<Multipart, MultipartRejection>,
    limit: usize,
) -> Result<Upload, AppError> {
    let mut multipart = multipart
        .map_err(|_| AppError::BadRequest("send the upload as multipart/form-data".to_owned()))?;
    let mut upload = Upload::default();
    while let Some(mut field) = multipart
        .next_field()
        .await
        .map_err(|error| multipart_error(&error))?
    {
        if field.name() != Some("file") {
            continue;
        }
        upload.filename = field.file_name().unwrap_or("").to_owned();
        while let Some(chunk) = field
            .chunk()
            .await
            .map_err(|error| multipart_error(&error))?
        {
            if upload.bytes.len() + chunk.len() > limit {
                return Err(AppError::PayloadTooLarge);
            }
            upload.bytes.extend_from_slice(&chunk);
        }
    }
    Ok(upload)
}

/// The upload form posting to `path`; `view` shows a refused upload's error beside the file input.
pub fn upload_form(actor: &Actor, path: &str, limit: usize, view: &FormView<'_>) -> Markup {
    let error = view.error("file");
    html! {
        form.upload method="post" enctype="multipart/form-data" action=(upload_action(path, &actor.csrf_token)) {
            div.field.invalid[error.is_some()] {
                label for="file" { "Document (PDF, PNG or JPEG, at most " (limit / 1024) " KiB)" }
                @if let Some(error) = error { p.field-error #file-error { (error.message) } }
                input #file type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required
                    aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "file-error")];
            }
            button type="submit" { "Upload" }
        }
    }
}

/// A refused upload, shown on the form beside the file input: a file too large, of a type not
/// taken, or unreadable.
pub fn upload_refusal(error: AppError) -> Result<Refusal, AppError> {
    let status = error.status();
    let message = match error {
        AppError::PayloadTooLarge => "the file is larger than the limit".to_owned(),
        AppError::BadRequest(message) => message,
        AppError::Validation { fields, detail } => fields
            .into_iter()
            .next()
            .map_or(detail, |field| field.message),
        other => return Refusal::of("upload", &(), other),
    };
    Ok(Refusal::new(
        "upload",
        &(),
        vec![FieldError::new("file", message)],
        status,
    ))
}

/// The documents table; `check_path` (the reviewer's evidence action) adds a "record result" form
/// per document.
pub fn documents_table(actor: &Actor, listed: &[Document], check_path: Option<&str>) -> Markup {
    html! {
        @if listed.is_empty() { p.muted { "No documents yet." } }
        @else {
            table #documents {
                thead { tr { th { "File" } th { "Type" } th { "Size" } th { "Uploaded" } @if check_path.is_some() { th { "Result" } } } }
                tbody { @for document in listed {
                    tr {
                        td { a href={ "/documents/" (document.id) } { (document.filename) } }
                        td { (content_type_label(&document.content_type)) }
                        td { (size_label(document.size_bytes)) }
                        td { (time(document.uploaded_at)) }
                        @if let Some(check_path) = check_path {
                            td {
                                form method="post" action=(check_path) {
                                    (csrf_input(actor))
                                    input type="hidden" name="kind" value="document";
                                    input type="hidden" name="document_id" value=(document.id);
                                    select name="passed" aria-label={ "Result for " (document.filename) } {
                                        option value="true" { "Passed" }
                                        option value="false" { "Failed" }
                                    }
                                    input type="text" name="note" aria-label={ "Note on " (document.filename) } placeholder="Note";
                                    button.secondary type="submit" { "Record" }
                                }
                            }
                        }
                    }
                } }
            }
        }
    }
}

/// A document's type in words.
pub fn content_type_label(content_type: &str) -> &str {
    match content_type {
        "application/pdf" => "PDF",
        "image/png" => "PNG image",
        "image/jpeg" => "JPEG image",
        other => other,
    }
}

/// A size in bytes, KiB or MiB.
pub fn size_label(bytes: i64) -> String {
    match bytes {
        n if n < 1024 => format!("{n} bytes"),
        n if n < 1024 * 1024 => format!("{:.0} KiB", n as f64 / 1024.0),
        n => format!("{:.1} MiB", n as f64 / (1024.0 * 1024.0)),
    }
}

/// A partner admin uploads a document for their own organization.
pub async fn upload_own(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let limit = documents::max_document_bytes(&state.config);
    let result = match read_upload(multipart, limit).await {
        Ok(upload) => documents::upload_own(&state, &actor, &upload)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(Redirect::to("/partner?notice=document_uploaded").into_response()),
        Err(error) => {
            let refusal = upload_refusal(error)?;
            super::partner::rerender(&state, &actor, &refusal).await
        }
    }
}

/// A reviewer attaches a document to an organization's application.
pub async fn upload_for(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(organization_id): Path<String>,
    multipart: Result<Multipart, MultipartRejection>,
) -> PageResult<Response> {
    let limit = documents::max_document_bytes(&state.config);
    let result = match read_upload(multipart, limit).await {
        Ok(upload) => documents::upload_for(&state, &actor, &organization_id, &upload)
            .await
            .map(|_| ()),
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/staff/organizations/{organization_id}?notice=document_uploaded"
        ))
        .into_response()),
        Err(error) => {
            let refusal = upload_refusal(error)?;
            super::staff::rerender(&state, &actor, &organization_id, &refusal).await
        }
    }
}

/// The document's bytes, as an attachment with its sniffed type.
pub async fn download(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(document_id): Path<String>,
) -> PageResult<Response> {
    let (document, content) = documents::download(&state, &actor, &document_id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, document.content_type.clone()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{}\"", document.filename),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        content,
    )
        .into_response())
}
