//! Body extractors whose rejections are Onramp-shaped: [`ApiJson`] answers problem+json, and
//! [`PageForm`] answers an HTML page to browsers and problem+json to everyone else.

use axum::extract::rejection::{FormRejection, JsonRejection};
use axum::extract::{FromRequest, Request};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::error::{present, ApiError, AppError};

/// A JSON request body (`Content-Type: application/json` required).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(json_rejection(&rejection))),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => AppError::BadRequest(
            "send the body as JSON, with Content-Type: application/json".to_owned(),
        ),
        JsonRejection::JsonSyntaxError(error) => {
            AppError::BadRequest(format!("the body is not valid JSON: {}", error.body_text()))
        }
        JsonRejection::JsonDataError(error) => AppError::Validation {
            detail: format!(
                "the JSON does not have the expected shape: {}",
                error.body_text()
            ),
            fields: Vec::new(),
        },
        JsonRejection::BytesRejection(_) => AppError::PayloadTooLarge,
        other => AppError::BadRequest(other.body_text()),
    }
}

/// A urlencoded form body from a portal page.
pub struct PageForm<T>(pub T);

/// The rejection of [`PageForm`]: HTML for browsers, problem+json otherwise.
pub struct FormError {
    error: AppError,
    wants_html: bool,
}

impl IntoResponse for FormError {
    fn into_response(self) -> Response {
        present(self.error, !self.wants_html)
    }
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for PageForm<T> {
    type Rejection = FormError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let wants_html = request
            .headers()
            .get(header::ACCEPT)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"));
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(PageForm(value)),
            Err(rejection) => Err(FormError {
                error: form_rejection(&rejection),
                wants_html,
            }),
        }
    }
}

fn form_rejection(rejection: &FormRejection) -> AppError {
    match rejection {
        FormRejection::InvalidFormContentType(_) => {
            AppError::BadRequest("send the form as application/x-www-form-urlencoded".to_owned())
        }
        FormRejection::FailedToDeserializeForm(_)
        | FormRejection::FailedToDeserializeFormBody(_) => AppError::Validation {
            detail: format!(
                "the form is missing a field or has a wrong value: {}",
                rejection.body_text()
            ),
            fields: Vec::new(),
        },
        FormRejection::BytesRejection(_) => AppError::PayloadTooLarge,
        other => AppError::BadRequest(other.body_text()),
    }
}
