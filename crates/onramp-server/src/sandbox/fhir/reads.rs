//! The interactions that read a sandbox: read, vread, and history of an instance, a type and the
//! whole sandbox (with `_count`, `_since` and paging links).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use onramp_core::sandbox::scopes::Permission;
use onramp_store::sandbox::resources::{self, HistoryScope, StoredResource};
use serde_json::{json, Value};

use super::interactions::{handle, page_links, paging, InstancePath, Request, TypePath};
use super::respond::{Answer, IssueCode};
use super::writes::version_headers;
use crate::state::AppState;
use onramp_fhir::search::format_instant;

/// `GET /{type}/{id}`.
pub async fn read(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "read",
        (Some(&resource_type), Some(&id)),
        async |request, _| {
            read_in(request, &resource_type, &id, None)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

async fn read_in(
    request: &Request,
    resource_type: &str,
    id: &str,
    version: Option<&str>,
) -> Result<Answer, Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Read)?;
    let pool = request.state.store.pool();
    let stored = match version {
        None => resources::current(pool, request.environment_id(), resource_type, id).await,
        Some(version) => {
            let Ok(number) = version.parse::<i64>() else {
                return Err(Answer::outcome(
                    StatusCode::NOT_FOUND,
                    IssueCode::NotFound,
                    format!("`{version}` is not a version of {resource_type}/{id}"),
                ));
            };
            resources::version(pool, request.environment_id(), resource_type, id, number).await
        }
    }
    .map_err(Answer::store_error)?;
    let Some(stored) = stored else {
        return Err(Answer::outcome(
            StatusCode::NOT_FOUND,
            IssueCode::NotFound,
            match version {
                None => format!("{resource_type}/{id} does not exist in this sandbox"),
                Some(version) => format!("{resource_type}/{id} has no version {version}"),
            },
        ));
    };
    if stored.deleted {
        return Err(version_headers(
            Answer::outcome(
                StatusCode::GONE,
                IssueCode::Deleted,
                format!(
                    "{resource_type}/{id} was deleted (version {})",
                    stored.version
                ),
            ),
            &request.base(),
            &stored,
            false,
        ));
    }
    let body: Option<Value> = stored
        .body
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok());
    Ok(version_headers(
        Answer::new(StatusCode::OK, body),
        &request.base(),
        &stored,
        false,
    ))
}

/// `GET /{type}/{id}/_history/{vid}`.
pub async fn vread(
    State(state): State<AppState>,
    Path((environment, resource_type, id, version)): Path<(String, String, String, String)>,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "vread",
        (Some(&resource_type), Some(&id)),
        async |request, _| {
            read_in(request, &resource_type, &id, Some(&version))
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

/// A history Bundle of stored versions.
pub fn history_bundle(base: &str, versions: &[StoredResource], total: i64, links: Value) -> Value {
    let entries: Vec<Value> = versions
        .iter()
        .map(|version| {
            let url = format!("{}/{}", version.resource_type, version.id);
            let method = if version.deleted {
                "DELETE"
            } else if version.version == 1 {
                "POST"
            } else {
                "PUT"
            };
            let mut entry = json!({
                "fullUrl": format!("{base}/{url}"),
                "request": {"method": method, "url": if method == "POST" { version.resource_type.clone() } else { url.clone() }},
                "response": {
                    "status": if version.deleted { "204" } else if version.version == 1 { "201" } else { "200" },
                    "etag": format!("W/\"{}\"", version.version),
                    "lastModified": format_instant(version.last_updated),
                },
            });
            if let (Some(body), Some(object)) = (&version.body, entry.as_object_mut()) {
                if let Ok(resource) = serde_json::from_str::<Value>(body) {
                    object.insert("resource".to_owned(), resource);
                }
            }
            entry
        })
        .collect();
    json!({
        "resourceType": "Bundle",
        "type": "history",
        "total": total,
        "link": links,
        "entry": entries,
    })
}

async fn history_in(
    request: &Request,
    resource_type: Option<&str>,
    id: Option<&str>,
    url: &str,
) -> Result<Answer, Answer> {
    match resource_type {
        Some(resource_type) => {
            request.known_type(resource_type)?;
            let permission = if id.is_some() {
                Permission::Read
            } else {
                Permission::Search
            };
            request.caller.require(resource_type, permission)?;
        }
        None => {
            let every_type = request.caller.scopes.iter().any(|scope| {
                scope.resource_type.is_none() && scope.permissions.contains(&Permission::Search)
            });
            if !every_type {
                return Err(Answer::outcome(
                    StatusCode::FORBIDDEN,
                    IssueCode::Forbidden,
                    "the whole sandbox's history needs a search scope on every type, such as system/*.rs".to_owned(),
                ));
            }
        }
    }
    let (count, offset) = paging(&request.query)?;
    let since = match request.query.iter().find(|(name, _)| name == "_since") {
        Some((_, value)) => Some(
            onramp_fhir::search::parse_date(value)
                .map(|range| range.low_ms)
                .ok_or_else(|| {
                    Answer::outcome(
                        StatusCode::BAD_REQUEST,
                        IssueCode::Value,
                        format!("_since must be an instant, such as 2026-01-01T00:00:00Z, not `{value}`"),
                    )
                })?,
        ),
        None => None,
    };
    let scope = HistoryScope {
        resource_type,
        id,
        since,
    };
    let pool = request.state.store.pool();
    let total = resources::count_history(pool, request.environment_id(), scope)
        .await
        .map_err(Answer::store_error)?;
    if id.is_some() && total == 0 {
        return Err(Answer::outcome(
            StatusCode::NOT_FOUND,
            IssueCode::NotFound,
            format!(
                "{}/{} does not exist in this sandbox",
                resource_type.unwrap_or_default(),
                id.unwrap_or_default()
            ),
        ));
    }
    let versions = resources::history(pool, request.environment_id(), scope, count, offset)
        .await
        .map_err(Answer::store_error)?;
    let links = page_links(url, &request.query, count, offset, total);
    Ok(Answer::new(
        StatusCode::OK,
        Some(history_bundle(&request.base(), &versions, total, links)),
    ))
}

/// `GET /_history`.
pub async fn history_system(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "history-system",
        (None, None),
        async |request, _| {
            let url = format!("{}/_history", request.base());
            history_in(request, None, None, &url)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

/// `GET /{type}/_history`.
pub async fn history_type(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "history-type",
        (Some(&resource_type), None),
        async |request, _| {
            let url = format!("{}/{resource_type}/_history", request.base());
            history_in(request, Some(&resource_type), None, &url)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

/// `GET /{type}/{id}/_history`.
pub async fn history_instance(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "history-instance",
        (Some(&resource_type), Some(&id)),
        async |request, _| {
            let url = format!("{}/{resource_type}/{id}/_history", request.base());
            history_in(request, Some(&resource_type), Some(&id), &url)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}
