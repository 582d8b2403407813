//! The problem types' pages: `/problems` lists the catalogue, `/problems/{slug}` describes one —
//! what the `type` URI of an API problem answer points at.

use axum::extract::Path;
use axum::response::Response;
use maud::html;

use crate::web::actor::Actor;
use crate::web::error::{AppError, PageResult};
use crate::web::layout::{page, respond};
use crate::web::problems;

/// Every problem type, with its code and status.
pub async fn index(actor: Actor) -> Response {
    respond(page(
        Some(&actor),
        "Problem types",
        html! {
            h1 { "Problem types" }
            p { "Every refusal of the API is an RFC 9457 problem details object whose " code { "type" } " is one of these." }
            table #problem-types {
                thead { tr { th { "Type" } th { "Code" } th { "Status" } th { "Meaning" } } }
                tbody {
                    @for problem in problems::ALL {
                        tr {
                            td { a href=(problem.uri()) { (problem.uri()) } }
                            td { code { (problem.code) } }
                            td { (problem.status.as_u16()) }
                            td { (problem.title) }
                        }
                    }
                }
            }
        },
    ))
}

/// One problem type.
pub async fn show(actor: Actor, Path(slug): Path<String>) -> PageResult<Response> {
    let problem = problems::find(&slug).ok_or(AppError::NotFound("problem type"))?;
    Ok(respond(page(
        Some(&actor),
        problem.title,
        html! {
            div.card {
                h1 { (problem.title) }
                dl {
                    dt { "Type" } dd { code { (problem.uri()) } }
                    dt { "Code" } dd { code { (problem.code) } }
                    dt { "HTTP status" } dd { (problem.status.as_u16()) " " (problem.status.canonical_reason().unwrap_or("")) }
                }
                p { (problem.description) }
                p { a href="/problems" { "All problem types" } }
            }
        },
    )))
}
