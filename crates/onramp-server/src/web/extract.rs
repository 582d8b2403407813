//! The input boundary. Extractors whose rejections are Onramp-shaped — [`ApiJson`] and
//! [`ApiQuery`] answer problem+json, [`PageQuery`] a styled page, and [`PageForm`] an HTML page to
//! browsers and problem+json to everyone else — and the rule that no text Onramp accepts carries a control character.
//!
//! # Which characters are refused?
//!
//! NUL (PostgreSQL cannot store it in text, SQLite can: refusing it everywhere keeps the two
//! engines alike) and every other C0 control character and DEL, except tab, line feed and carriage
//! return, which multi-line text needs. They are refused in the path, in every query parameter, in
//! every JSON string (keys too) and in every form field, with 422 naming the field —
//! [`refuse_control_characters_in_uri`] for the first two, the extractors for the others.

use axum::extract::rejection::{FormRejection, JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

use crate::web::error::{present, ApiError, AppError, FieldError, PageError};

/// The first character of `text` that Onramp never accepts in input (see the module doc).
pub fn forbidden_control_character(text: &str) -> Option<char> {
    text.chars()
        .find(|&character| character.is_ascii_control() && !matches!(character, '\t' | '\n' | '\r'))
}

/// The field error for a control character in `field`.
fn control_character_error(field: &str, character: char) -> FieldError {
    FieldError::new(
        field,
        format!(
            "contains the control character U+{:04X}, which is not allowed here",
            u32::from(character)
        ),
    )
}

/// Checks one text value of an input field.
pub fn check_text(field: &str, text: &str) -> Result<(), FieldError> {
    match forbidden_control_character(text) {
        Some(character) => Err(control_character_error(field, character)),
        None => Ok(()),
    }
}

/// Every string (and key) in a JSON document, named by its JSON pointer.
fn check_json(value: &serde_json::Value, pointer: &mut String, errors: &mut Vec<FieldError>) {
    match value {
        serde_json::Value::String(text) => {
            if let Err(error) = check_text(pointer_or_root(pointer), text) {
                errors.push(error);
            }
        }
        serde_json::Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = pointer.len();
                pointer.push_str(&format!("/{index}"));
                check_json(item, pointer, errors);
                pointer.truncate(length);
            }
        }
        serde_json::Value::Object(members) => {
            for (key, member) in members {
                let length = pointer.len();
                pointer.push('/');
                pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                if let Some(character) = forbidden_control_character(key) {
                    errors.push(control_character_error(pointer_or_root(pointer), character));
                } else {
                    check_json(member, pointer, errors);
                }
                pointer.truncate(length);
            }
        }
        _ => {}
    }
}

fn pointer_or_root(pointer: &str) -> &str {
    if pointer.is_empty() {
        "/"
    } else {
        pointer
    }
}

/// Middleware: the percent-decoded path and every query parameter (name and value) are free of
/// control characters, or the request is refused with 422 naming the parameter — before any
/// handler or database sees them.
pub async fn refuse_control_characters_in_uri(request: Request, next: Next) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let mut errors = Vec::new();
    let path = percent_decode(request.uri().path());
    if let Some(character) = forbidden_control_character(&path) {
        errors.push(control_character_error("path", character));
    }
    if let Some(query) = request.uri().query() {
        for (name, value) in form_urlencoded_pairs(query.as_bytes()) {
            for text in [&name, &value] {
                if let Some(character) = forbidden_control_character(text) {
                    errors.push(control_character_error(
                        &name
                            .chars()
                            .filter(|c| !c.is_ascii_control())
                            .collect::<String>(),
                        character,
                    ));
                    break;
                }
            }
        }
    }
    if errors.is_empty() {
        next.run(request).await
    } else {
        present(AppError::validation(errors), is_api)
    }
}

/// `%XX` decoded as bytes, then read as UTF-8 (lossily: invalid sequences are not controls).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        let hex_pair = bytes
            .get(index + 1..index + 3)
            .and_then(|pair| std::str::from_utf8(pair).ok())
            .and_then(|pair| u8::from_str_radix(pair, 16).ok());
        match (byte, hex_pair) {
            (b'%', Some(value)) => {
                decoded.push(value);
                index += 3;
            }
            _ => {
                decoded.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

/// The pairs of an `application/x-www-form-urlencoded` text (query strings and form bodies); a
/// text that does not parse has none.
pub(crate) fn form_urlencoded_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(bytes).unwrap_or_default()
}

/// A JSON request body (`Content-Type: application/json` required).
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let document = match axum::Json::<serde_json::Value>::from_request(request, state).await {
            Ok(axum::Json(document)) => document,
            Err(rejection) => return Err(ApiError(json_rejection(&rejection))),
        };
        let mut errors = Vec::new();
        check_json(&document, &mut String::new(), &mut errors);
        if !errors.is_empty() {
            return Err(ApiError(AppError::validation(errors)));
        }
        serde_json::from_value::<T>(document)
            .map(ApiJson)
            .map_err(|error| {
                ApiError(AppError::Validation {
                    detail: format!("the JSON does not have the expected shape: {error}"),
                    fields: Vec::new(),
                })
            })
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

/// What a query string that does not parse says: the parameter and why, without the
/// extractor's internal wording.
fn query_rejection(rejection: &QueryRejection) -> AppError {
    let text = rejection.body_text();
    let reason = text
        .strip_prefix("Failed to deserialize query string: ")
        .unwrap_or(&text);
    AppError::BadRequest(format!(
        "the address has a value this page cannot read ({reason}); remove it or correct it"
    ))
}

/// A portal page's query string; one that does not parse (`?page=abc`) answers a styled 400
/// page with the reader's navigation.
pub struct PageQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for PageQuery<T> {
    type Rejection = PageError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match Query::<T>::from_request_parts(parts, state).await {
            Ok(Query(value)) => Ok(PageQuery(value)),
            Err(rejection) => Err(PageError(query_rejection(&rejection))),
        }
    }
}

/// The query string of an API request. One that does not fit `T` (a number that is not one, or is
/// out of range) is refused with 400 problem+json naming the parameter, never axum's plain text.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        serde_urlencoded::from_str::<T>(query)
            .map(ApiQuery)
            .map_err(|error| ApiError(query_error::<T>(query, &error.to_string())))
    }
}

/// Whether the one parameter `name=value` alone fits `T`.
fn read_alone<T: DeserializeOwned>(name: &str, value: &str) -> Result<(), String> {
    let single = serde_urlencoded::to_string([(name, value)]).map_err(|error| error.to_string())?;
    serde_urlencoded::from_str::<T>(&single)
        .map(|_| ())
        .map_err(|error| error.to_string())
}

/// The refusal of a query string: each parameter that does not fit on its own is named (the
/// query structs' fields are all optional, so one alone fits unless its value is wrong).
fn query_error<T: DeserializeOwned>(query: &str, error: &str) -> AppError {
    let named: Vec<String> = form_urlencoded_pairs(query.as_bytes())
        .iter()
        .filter_map(|(name, value)| {
            read_alone::<T>(name, value)
                .err()
                .map(|message| format!("the query parameter {name}: {message}"))
        })
        .collect();
    if named.is_empty() {
        AppError::BadRequest(format!("the query string cannot be read: {error}"))
    } else {
        AppError::BadRequest(named.join("; "))
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
        let pairs = match axum::Form::<Vec<(String, String)>>::from_request(request, state).await {
            Ok(axum::Form(pairs)) => pairs,
            Err(rejection) => {
                return Err(FormError {
                    error: form_rejection(&rejection),
                    wants_html,
                })
            }
        };
        let errors: Vec<FieldError> = pairs
            .iter()
            .filter_map(|(name, value)| {
                check_text(name, name)
                    .and_then(|()| check_text(name, value))
                    .err()
            })
            .collect();
        if !errors.is_empty() {
            return Err(FormError {
                error: AppError::validation(errors),
                wants_html,
            });
        }
        let encoded = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        serde_urlencoded::from_str::<T>(&encoded)
            .map(PageForm)
            .map_err(|error| FormError {
                error: AppError::Validation {
                    detail: format!("the form is missing a field or has a wrong value: {error}"),
                    fields: Vec::new(),
                },
                wants_html,
            })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nul_and_other_controls_are_found_but_tab_and_newlines_are_not() {
        assert_eq!(forbidden_control_character("a\u{0}b"), Some('\u{0}'));
        assert_eq!(forbidden_control_character("bell\u{7}"), Some('\u{7}'));
        assert_eq!(forbidden_control_character("del\u{7f}"), Some('\u{7f}'));
        assert_eq!(forbidden_control_character("two\r\nlines\tand a tab"), None);
        assert_eq!(forbidden_control_character("Zürich — ok"), None);
    }

    #[test]
    fn json_errors_name_the_field_by_pointer() {
        let document = serde_json::json!({
            "name": "ok",
            "contact": {"email": "a\u{0}@b.org"},
            "identifiers": ["fine", "bad\u{1}"],
            "k\u{0}ey": 1
        });
        let mut errors = Vec::new();
        check_json(&document, &mut String::new(), &mut errors);
        let fields: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(fields, ["/contact/email", "/identifiers/1", "/k\u{0}ey"]);
        assert!(errors[0].message.contains("U+0000"));
    }

    #[test]
    fn a_query_value_that_does_not_fit_is_named() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Paging {
            page: Option<i64>,
            per_page: Option<i64>,
        }
        let query = "page=2&per_page=9223372036854775808";
        let error = serde_urlencoded::from_str::<Paging>(query).unwrap_err();
        let refusal = query_error::<Paging>(query, &error.to_string());
        assert_eq!(refusal.status(), axum::http::StatusCode::BAD_REQUEST);
        assert_eq!(
            refusal.to_string(),
            "the query parameter per_page: number too large to fit in target type"
        );
    }

    #[test]
    fn percent_decoding_reveals_encoded_controls() {
        assert_eq!(
            percent_decode("/api/v1/organizations/%00x"),
            "/api/v1/organizations/\u{0}x"
        );
        assert_eq!(percent_decode("/a%2"), "/a%2");
        assert_eq!(percent_decode("/caf%C3%A9"), "/café");
    }
}
