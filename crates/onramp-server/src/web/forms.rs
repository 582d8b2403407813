//! Form helpers every page uses beside the layout's: a `<select>` and a `<textarea>` with their
//! label and error, and re-rendering a refused form with its field errors ([`with_errors`]).

use axum::http::StatusCode;
use axum::response::Response;
use maud::{html, Markup};

use crate::web::error::{AppError, FieldError, PageResult};
use crate::web::layout::respond;

/// A `<select>` with its label and error.
pub fn select(
    label: &str,
    name: &str,
    options: &[(&str, &str)],
    selected: &str,
    errors: &[FieldError],
) -> Markup {
    let error = errors.iter().find(|error| error.field == name);
    html! {
        label for=(name) { (label) }
        select id=(name) name=(name) aria-invalid=[error.map(|_| "true")] {
            option value="" { "—" }
            @for (value, text) in options {
                option value=(value) selected[*value == selected] { (text) }
            }
        }
        @if let Some(error) = error { p.field-error { (error.message) } }
    }
}

/// A textarea with its label and error.
pub fn textarea(label: &str, name: &str, value: &str, errors: &[FieldError]) -> Markup {
    let error = errors.iter().find(|error| error.field == name);
    html! {
        label for=(name) { (label) }
        textarea id=(name) name=(name) rows="4" aria-invalid=[error.map(|_| "true")] { (value) }
        @if let Some(error) = error { p.field-error { (error.message) } }
    }
}

/// Renders a form page again with its errors (422), or passes any other error on.
pub fn with_errors(
    result: Result<Response, AppError>,
    render: impl FnOnce(&[FieldError]) -> Markup,
) -> PageResult<Response> {
    match result {
        Ok(response) => Ok(response),
        Err(AppError::Validation { fields, detail }) => {
            let fields = if fields.is_empty() {
                vec![FieldError::new("form", detail)]
            } else {
                fields
            };
            let mut response = respond(render(&fields));
            *response.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(response)
        }
        Err(other) => Err(other.into()),
    }
}
