//! Errors, and their two presenters: `application/problem+json` for the API and an HTML page for the
//! portal. Both show the request's operation id and nothing internal; a 500 is logged once, here.
//!
//! Which type to use where: service functions return [`AppError`]; API handlers return
//! [`ApiResult`] (problem+json) and page handlers [`PageResult`] (an HTML page). `?` converts.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use onramp_store::StoreError;
use serde::Serialize;

use crate::web::problems::{self, ProblemType};

tokio::task_local! {
    /// The current request's id, set by the request-id middleware for the handler's task.
    pub static REQUEST_ID: String;
}

/// The current request's id, or `-` outside a request.
pub fn current_request_id() -> String {
    REQUEST_ID
        .try_with(Clone::clone)
        .unwrap_or_else(|_| "-".to_owned())
}

/// One field's problem, for forms and for `errors` in problem details.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.to_owned(),
            message: message.into(),
        }
    }
}

/// What went wrong, in terms a caller can act on. Each kind has a stable code tests assert on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The request cannot be read (malformed JSON or form, wrong content type).
    #[error("{0}")]
    BadRequest(String),
    /// The request was read but its values are not acceptable.
    #[error("{detail}")]
    Validation {
        detail: String,
        fields: Vec<FieldError>,
    },
    #[error("sign in to continue")]
    Unauthenticated,
    #[error("you do not have access to this")]
    Forbidden,
    /// A form arrived without a valid CSRF token.
    #[error("this form has expired or did not come from Onramp; reload the page and try again")]
    CsrfRejected,
    #[error("{0} not found")]
    NotFound(&'static str),
    #[error("{0}")]
    Conflict(String),
    /// A compare-and-set lost a race: the thing changed after the caller read it.
    #[error("{0}; someone else changed it meanwhile — reload and try again")]
    StaleState(String),
    /// A domain rule refused the request for a reason with its own problem type
    /// (`problems::NO_PASSING_EVIDENCE`, …); the text says what and why.
    #[error("{1}")]
    Rule(&'static ProblemType, String),
    #[error("the request body is larger than this server accepts")]
    PayloadTooLarge,
    /// A rate limit refused the request; it may be tried again after this many seconds.
    #[error("too many attempts; try again in {} minute(s)", retry_after_secs.div_ceil(60))]
    TooManyRequests { retry_after_secs: u64 },
    #[error("the service is not available right now")]
    Unavailable,
    /// Something we did not expect: logged with its cause, shown to nobody.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    pub fn validation(fields: Vec<FieldError>) -> AppError {
        let detail = match fields.as_slice() {
            [only] => format!("{}: {}", only.field, only.message),
            _ => format!("{} fields need attention", fields.len()),
        };
        AppError::Validation { detail, fields }
    }

    /// The kind of problem, from the catalogue (`problems`).
    pub fn problem_type(&self) -> &'static ProblemType {
        match self {
            AppError::BadRequest(_) => &problems::MALFORMED,
            AppError::Validation { .. } => &problems::INVALID,
            AppError::Unauthenticated => &problems::UNAUTHENTICATED,
            AppError::Forbidden => &problems::FORBIDDEN,
            AppError::CsrfRejected => &problems::CSRF_REJECTED,
            AppError::NotFound(_) => &problems::NOT_FOUND,
            AppError::Conflict(_) => &problems::CONFLICT,
            AppError::StaleState(_) => &problems::STALE_STATE,
            AppError::Rule(problem, _) => problem,
            AppError::PayloadTooLarge => &problems::TOO_LARGE,
            AppError::TooManyRequests { .. } => &problems::RATE_LIMITED,
            AppError::Unavailable => &problems::UNAVAILABLE,
            AppError::Internal(_) => &problems::INTERNAL,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.problem_type().status
    }

    /// The stable code: `request.malformed`, `auth.forbidden`, `registry.no_passing_evidence`, …
    pub fn code(&self) -> &'static str {
        self.problem_type().code
    }

    /// The title people read: the problem type's.
    pub fn title(&self) -> &'static str {
        self.problem_type().title
    }

    /// The detail people read: never the internal cause.
    pub fn public_detail(&self) -> String {
        match self {
            AppError::Internal(_) => {
                "Something went wrong on our side. It has been logged; quote the operation id if you contact support.".to_owned()
            }
            other => other.to_string(),
        }
    }

    pub(crate) fn log_if_internal(&self) {
        if let AppError::Internal(cause) = self {
            tracing::error!(request.id = %current_request_id(), error = %cause, "request failed");
        }
    }
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::NotFound => AppError::NotFound("record"),
            StoreError::Conflict(detail) => AppError::Conflict(detail),
            StoreError::StaleState(detail) => AppError::StaleState(detail),
            StoreError::Unavailable(cause) => {
                tracing::warn!(error = %cause, "database unavailable");
                AppError::Unavailable
            }
            other => AppError::Internal(other.to_string()),
        }
    }
}

/// RFC 9457 problem details, as every `/api` error body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// The kind of problem: `/problems/<slug>`, a page describing it (see `problems`).
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// The stable code, e.g. `request.invalid`.
    pub code: String,
    /// The request id to quote to support.
    pub operation_id: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

/// The API presenter.
pub struct ApiError(pub AppError);

pub type ApiResult<T> = Result<T, ApiError>;

impl<E: Into<AppError>> From<E> for ApiError {
    fn from(error: E) -> Self {
        ApiError(error.into())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        problem_response(&self.0)
    }
}

/// Renders any error as problem+json.
pub fn problem_response(error: &AppError) -> Response {
    error.log_if_internal();
    let status = error.status();
    let problem = Problem {
        kind: error.problem_type().uri(),
        title: error.title().to_owned(),
        status: status.as_u16(),
        detail: error.public_detail(),
        code: error.code().to_owned(),
        operation_id: current_request_id(),
        errors: match error {
            AppError::Validation { fields, .. } => fields.clone(),
            _ => Vec::new(),
        },
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut response = (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body,
    )
        .into_response();
    add_retry_after(error, &mut response);
    if status == StatusCode::UNAUTHORIZED {
        response.headers_mut().insert(
            header::WWW_AUTHENTICATE,
            header::HeaderValue::from_static("Bearer realm=\"onramp\""),
        );
    }
    response
}

/// The portal presenter: an HTML page with the message and the operation id.
pub struct PageError(pub AppError);

pub type PageResult<T = Response> = Result<T, PageError>;

impl<E: Into<AppError>> From<E> for PageError {
    fn from(error: E) -> Self {
        PageError(error.into())
    }
}

/// `Retry-After` on a rate-limited answer.
pub fn add_retry_after(error: &AppError, response: &mut Response) {
    if let AppError::TooManyRequests { retry_after_secs } = error {
        if let Ok(value) = header::HeaderValue::from_str(&retry_after_secs.to_string()) {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
    }
}

/// Renders an error for an API caller (problem+json) or a person (an HTML page).
pub fn present(error: AppError, api: bool) -> Response {
    if api {
        ApiError(error).into_response()
    } else {
        PageError(error).into_response()
    }
}
