//! The interactions that change a sandbox — create (and conditional create), update (client
//! ids, update as create, `If-Match`, conditional update), delete (and conditional delete) — and
//! `$validate`; with the body checks and the storage they share with transactions. Writes are
//! validated by the environment's engine first; under the `reject` policy a resource with errors
//! is refused with 422 and its OperationOutcome.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::Response;
use onramp_core::sandbox::scopes::Permission;
use onramp_core::sandbox::ValidationPolicy;
use onramp_fhir::outcome::operation_outcome;
use onramp_fhir::search::{IndexEntry, IndexValue};
use onramp_store::sandbox::resources::{self, IndexRow, StoredResource};
use onramp_store::Tx;
use serde_json::Value;

use super::interactions::http_date;
use super::interactions::{handle, InstancePath, Request, TypePath};
use super::respond::{Answer, IssueCode};
use crate::sandbox::services::engines::SandboxEngine;
use crate::state::AppState;
use onramp_fhir::search::format_instant;

/// A resource read from a request body: the parsed JSON and its validation.
pub struct Checked {
    pub value: Value,
    pub outcome: Value,
    pub errors: i64,
    pub warnings: i64,
    pub profiles: Vec<String>,
}

/// Parses and validates a request body as a resource (of `expected_type` when given). `Err` is a
/// 400 for what is not a resource at all (not JSON, no `resourceType`, the wrong type).
pub fn check_body(
    engine: &SandboxEngine,
    bytes: &[u8],
    expected_type: Option<&str>,
) -> Result<Checked, Answer> {
    if bytes.first().is_some_and(|first| *first == b'<') {
        return Err(Answer::outcome(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            IssueCode::NotSupported,
            "this sandbox speaks FHIR JSON only (application/fhir+json); XML is not supported"
                .to_owned(),
        ));
    }
    let value: Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        Err(error) => {
            // The validator's parser reports the position and cause.
            let issues = engine.validator.validate_bytes(bytes, &[]);
            let mut answer = Answer::new(StatusCode::BAD_REQUEST, Some(operation_outcome(&issues)));
            if issues.is_empty() {
                answer = Answer::outcome(
                    StatusCode::BAD_REQUEST,
                    IssueCode::Structure,
                    format!("the body is not JSON: {error}"),
                );
            }
            return Err(answer);
        }
    };
    let Some(resource_type) = value.get("resourceType").and_then(Value::as_str) else {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Required,
            "the body is not a FHIR resource: it has no resourceType".to_owned(),
        ));
    };
    if let Some(expected) = expected_type {
        if resource_type != expected {
            return Err(Answer::outcome(
                StatusCode::BAD_REQUEST,
                IssueCode::Invalid,
                format!("the body is a {resource_type}, but the URL names {expected}"),
            ));
        }
    }
    let issues = engine.validator.validate_bytes(bytes, &[]);
    let errors = issues
        .iter()
        .filter(|issue| issue.severity.is_error())
        .count() as i64;
    let warnings = issues
        .iter()
        .filter(|issue| issue.severity.as_str() == "warning")
        .count() as i64;
    let profiles = value
        .pointer("/meta/profile")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    Ok(Checked {
        value,
        outcome: operation_outcome(&issues),
        errors,
        warnings,
        profiles,
    })
}

/// [`check_body`] on a blocking thread: validation is CPU work, and the async workers must stay
/// free for the requests (and the transactions) in flight.
pub async fn check_body_apart(
    engine: &Arc<SandboxEngine>,
    bytes: &[u8],
    expected_type: Option<&str>,
) -> Result<Checked, Answer> {
    let engine = engine.clone();
    let bytes = bytes.to_vec();
    let expected = expected_type.map(str::to_owned);
    tokio::task::spawn_blocking(move || check_body(&engine, &bytes, expected.as_deref()))
        .await
        .unwrap_or_else(|error| {
            tracing::error!(%error, "validating a sandbox write");
            Err(Answer::outcome(
                StatusCode::INTERNAL_SERVER_ERROR,
                IssueCode::Exception,
                "the sandbox failed to validate the resource; the failure was logged".to_owned(),
            ))
        })
}

/// The index rows of a resource, from the environment's SearchParameters.
pub fn index_rows(engine: &SandboxEngine, resource: &Value) -> Vec<IndexRow> {
    let json = onramp_fhir::json::JsonValue::from_serde(resource);
    engine
        .search
        .index(&json)
        .into_iter()
        .map(|IndexEntry { param, value }| match value {
            IndexValue::Token {
                system, code, text, ..
            } => IndexRow::Token {
                param,
                system,
                code,
                text: text.map(|text| onramp_fhir::search::normalize_string(&text)),
            },
            IndexValue::String { value, exact } => IndexRow::String {
                param,
                normalized: value,
                exact,
            },
            IndexValue::Date { low_ms, high_ms } => IndexRow::Date {
                param,
                low_ms,
                high_ms,
            },
            IndexValue::Reference {
                target_type,
                id,
                url,
                ..
            } => IndexRow::Reference {
                param,
                target_type,
                target_id: id,
                url,
            },
            IndexValue::Quantity {
                number,
                system,
                code,
                ..
            } => IndexRow::Number {
                param,
                value: number,
                system,
                code,
            },
            IndexValue::Number { number, .. } => IndexRow::Number {
                param,
                value: number,
                system: None,
                code: None,
            },
            IndexValue::Uri { value } => IndexRow::String {
                param,
                normalized: value.clone(),
                exact: value,
            },
        })
        .collect()
}

/// Stores `resource` as the next version of `resource_type/id` in `tx`: its `id` and
/// `meta.versionId`/`meta.lastUpdated` set by the server, its index rewritten. Returns the stored
/// version and whether it was created (no live version before).
pub async fn store(
    tx: &mut Tx,
    engine: &SandboxEngine,
    environment_id: &str,
    resource_type: &str,
    id: &str,
    mut resource: Value,
) -> Result<(StoredResource, Value, bool), Answer> {
    let current = resources::current(tx.conn(), environment_id, resource_type, id)
        .await
        .map_err(Answer::store_error)?;
    let created = current.as_ref().is_none_or(|current| current.deleted);
    let version = current.map_or(1, |current| current.version + 1);
    let now = tx.now_ms();
    if let Some(object) = resource.as_object_mut() {
        object.insert("id".to_owned(), Value::String(id.to_owned()));
        let meta = object
            .entry("meta")
            .or_insert_with(|| Value::Object(serde_json::Map::new()));
        if let Some(meta) = meta.as_object_mut() {
            meta.insert("versionId".to_owned(), Value::String(version.to_string()));
            meta.insert("lastUpdated".to_owned(), Value::String(format_instant(now)));
        }
    }
    let stored = StoredResource {
        resource_type: resource_type.to_owned(),
        id: id.to_owned(),
        version,
        deleted: false,
        last_updated: now,
        body: Some(resource.to_string()),
    };
    let index = index_rows(engine, &resource);
    resources::insert_version(tx, environment_id, &stored, &index)
        .await
        .map_err(Answer::store_error)?;
    Ok((stored, resource, created))
}

/// Marks `resource_type/id` deleted in `tx`; `false` when there was no live version.
pub async fn remove(
    tx: &mut Tx,
    environment_id: &str,
    resource_type: &str,
    id: &str,
) -> Result<bool, Answer> {
    let current = resources::current(tx.conn(), environment_id, resource_type, id)
        .await
        .map_err(Answer::store_error)?;
    let Some(current) = current.filter(|current| !current.deleted) else {
        return Ok(false);
    };
    let now = tx.now_ms();
    let stored = StoredResource {
        resource_type: resource_type.to_owned(),
        id: id.to_owned(),
        version: current.version + 1,
        deleted: true,
        last_updated: now,
        body: None,
    };
    resources::insert_version(tx, environment_id, &stored, &[])
        .await
        .map_err(Answer::store_error)?;
    Ok(true)
}

/// The headers of a stored version: `ETag`, `Last-Modified`, `Location`.
pub(super) fn version_headers(
    answer: Answer,
    base: &str,
    stored: &StoredResource,
    location: bool,
) -> Answer {
    let mut answer = answer
        .with_header(header::ETAG, format!("W/\"{}\"", stored.version))
        .with_header(header::LAST_MODIFIED, http_date(stored.last_updated));
    if location {
        answer = answer.with_header(
            header::LOCATION,
            format!(
                "{base}/{}/{}/_history/{}",
                stored.resource_type, stored.id, stored.version
            ),
        );
    }
    answer
}

/// The body `Prefer: return=` asks for after a write.
fn written_body(request: &Request, resource: Value, checked: Option<&Checked>) -> Option<Value> {
    match request.prefer_return() {
        "minimal" => None,
        "OperationOutcome" => Some(
            checked
                .map(|checked| checked.outcome.clone())
                .unwrap_or_else(|| operation_outcome(&[])),
        ),
        _ => Some(resource),
    }
}

fn is_valid_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

fn with_validation(mut answer: Answer, checked: &Checked) -> Answer {
    answer.validation = Some(checked.outcome.clone());
    answer.errors = checked.errors;
    answer.warnings = checked.warnings;
    answer.profiles = checked.profiles.clone();
    answer
}

/// The refusal of a resource with errors under the `reject` policy.
fn rejected(checked: &Checked) -> Option<Answer> {
    (checked.errors > 0).then(|| {
        with_validation(
            Answer::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(checked.outcome.clone()),
            ),
            checked,
        )
    })
}

/// Whether an `If-Match` (`W/"3"`, `"3"` or `3`) names the live version of `current`; what is
/// wrong otherwise.
pub(super) fn if_match(expected: &str, current: Option<&StoredResource>) -> Result<(), String> {
    let wanted = expected.trim().trim_start_matches("W/").trim_matches('"');
    let held = current
        .filter(|current| !current.deleted)
        .map(|current| current.version.to_string());
    if held.as_deref() == Some(wanted) {
        return Ok(());
    }
    Err(format!(
        "If-Match asks for version {wanted}, but the resource is at {}",
        held.map_or_else(
            || "no version".to_owned(),
            |version| format!("version {version}")
        )
    ))
}

fn policy_rejects(request: &Request) -> bool {
    request.caller.environment.policy == ValidationPolicy::Reject.as_str()
}

/// `POST /{type}`: create (conditional with `If-None-Exist`).
pub async fn create(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "create",
        (Some(&resource_type), None),
        async |request, body| create_in(request, &resource_type, body).await,
    )
    .await
}

async fn create_in(
    request: &Request,
    resource_type: &str,
    body: &[u8],
) -> Result<(Answer, Option<Tx>), Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Create)?;
    let checked = check_body_apart(&request.engine, body, Some(resource_type)).await?;
    if policy_rejects(request) {
        if let Some(refusal) = rejected(&checked) {
            return Err(refusal);
        }
    }
    if let Some(condition) = request.header(header::HeaderName::from_static("if-none-exist")) {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(
            condition
                .split_once('?')
                .map_or(condition, |(_, query)| query),
        )
        .unwrap_or_default();
        let matches = super::search::matching_ids(request, resource_type, &pairs, 2).await?;
        match matches.as_slice() {
            [] => {}
            [existing] => {
                let stored = resources::current(
                    request.state.store.pool(),
                    request.environment_id(),
                    resource_type,
                    existing,
                )
                .await
                .map_err(Answer::store_error)?;
                let body = stored
                    .as_ref()
                    .and_then(|stored| stored.body.as_deref())
                    .and_then(|text| serde_json::from_str(text).ok());
                let mut answer = Answer::outcome(
                    StatusCode::OK,
                    IssueCode::Duplicate,
                    format!("{resource_type}/{existing} already matches If-None-Exist; nothing was created"),
                );
                if request.prefer_return() == "representation" {
                    answer.body = body;
                }
                if let Some(stored) = &stored {
                    answer = version_headers(answer, &request.base(), stored, true);
                }
                answer.resource_id = Some(existing.clone());
                return Ok((with_validation(answer, &checked), None));
            }
            _ => {
                return Err(Answer::outcome(
                    StatusCode::PRECONDITION_FAILED,
                    IssueCode::MultipleMatches,
                    "If-None-Exist matches more than one resource".to_owned(),
                ))
            }
        }
    }
    let id = onramp_store::new_id();
    let mut tx = request
        .state
        .store
        .begin()
        .await
        .map_err(Answer::store_error)?;
    let (stored, resource, _) = store(
        &mut tx,
        &request.engine,
        request.environment_id(),
        resource_type,
        &id,
        checked.value.clone(),
    )
    .await?;
    let answer = Answer::new(
        StatusCode::CREATED,
        written_body(request, resource, Some(&checked)),
    );
    let mut answer = version_headers(answer, &request.base(), &stored, true);
    answer.resource_id = Some(id);
    Ok((with_validation(answer, &checked), Some(tx)))
}

/// `PUT /{type}/{id}`: update, or create with the client's id.
pub async fn update(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "update",
        (Some(&resource_type), Some(&id)),
        async |request, body| {
            update_in(request, &resource_type, &id, body)
                .await
                .map(|(answer, tx)| (answer, Some(tx)))
        },
    )
    .await
}

async fn update_in(
    request: &Request,
    resource_type: &str,
    id: &str,
    body: &[u8],
) -> Result<(Answer, Tx), Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Update)?;
    if !is_valid_id(id) {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Value,
            format!("`{id}` is not a FHIR id: 1 to 64 letters, digits, - and ."),
        ));
    }
    let checked = check_body_apart(&request.engine, body, Some(resource_type)).await?;
    match checked.value.get("id").and_then(Value::as_str) {
        Some(body_id) if body_id == id => {}
        Some(body_id) => {
            return Err(Answer::outcome(
                StatusCode::BAD_REQUEST,
                IssueCode::Invalid,
                format!("the body's id `{body_id}` is not the URL's `{id}`"),
            ))
        }
        None => {
            return Err(Answer::outcome(
                StatusCode::BAD_REQUEST,
                IssueCode::Required,
                format!("an update's body must carry its id (`\"id\": \"{id}\"`)"),
            ))
        }
    }
    if policy_rejects(request) {
        if let Some(refusal) = rejected(&checked) {
            return Err(refusal);
        }
    }
    let mut tx = request
        .state
        .store
        .begin()
        .await
        .map_err(Answer::store_error)?;
    let current = resources::current(tx.conn(), request.environment_id(), resource_type, id)
        .await
        .map_err(Answer::store_error)?;
    if let Some(expected) = request.header(header::IF_MATCH) {
        if_match(expected, current.as_ref()).map_err(|text| {
            Answer::outcome(
                StatusCode::PRECONDITION_FAILED,
                IssueCode::Conflict,
                format!("{resource_type}/{id}: {text}"),
            )
        })?;
    }
    if current.is_none_or(|current| current.deleted) {
        request.caller.require(resource_type, Permission::Create)?;
    }
    let (stored, resource, created) = store(
        &mut tx,
        &request.engine,
        request.environment_id(),
        resource_type,
        id,
        checked.value.clone(),
    )
    .await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let answer = Answer::new(status, written_body(request, resource, Some(&checked)));
    let answer = version_headers(answer, &request.base(), &stored, true);
    Ok((with_validation(answer, &checked), tx))
}

/// `DELETE /{type}/{id}`.
pub async fn delete(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "delete",
        (Some(&resource_type), Some(&id)),
        async |request, _| delete_in(request, &resource_type, &id).await,
    )
    .await
}

async fn delete_in(
    request: &Request,
    resource_type: &str,
    id: &str,
) -> Result<(Answer, Option<Tx>), Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Delete)?;
    let mut tx = request
        .state
        .store
        .begin()
        .await
        .map_err(Answer::store_error)?;
    let existed = resources::current(tx.conn(), request.environment_id(), resource_type, id)
        .await
        .map_err(Answer::store_error)?
        .is_some();
    if !existed {
        return Err(Answer::outcome(
            StatusCode::NOT_FOUND,
            IssueCode::NotFound,
            format!("{resource_type}/{id} does not exist in this sandbox"),
        ));
    }
    remove(&mut tx, request.environment_id(), resource_type, id).await?;
    Ok((Answer::new(StatusCode::NO_CONTENT, None), Some(tx)))
}

/// `POST /{type}/$validate`: the OperationOutcome of the resource (the body, or the `resource`
/// parameter of a Parameters body); nothing is stored.
pub async fn validate(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "operation",
        (Some(&resource_type), None),
        async |request, body| {
            validate_in(request, &resource_type, body)
                .await
                .map(|answer| (answer, None))
        },
    )
    .await
}

async fn validate_in(
    request: &Request,
    resource_type: &str,
    body: &[u8],
) -> Result<Answer, Answer> {
    request.known_type(resource_type)?;
    if !request.caller.scopes.iter().any(|scope| {
        scope
            .resource_type
            .as_deref()
            .is_none_or(|own| own == resource_type)
    }) {
        request.caller.require(resource_type, Permission::Read)?;
    }
    // A Parameters body carries the resource in its `resource` parameter.
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let inner = parsed.as_ref().and_then(|value| {
        (value.get("resourceType").and_then(Value::as_str) == Some("Parameters"))
            .then(|| {
                value
                    .get("parameter")?
                    .as_array()?
                    .iter()
                    .find(|parameter| {
                        parameter.get("name").and_then(Value::as_str) == Some("resource")
                    })?
                    .get("resource")
                    .map(Value::to_string)
            })
            .flatten()
    });
    let bytes = inner.as_deref().map_or(body, str::as_bytes);
    let checked = check_body_apart(&request.engine, bytes, Some(resource_type)).await?;
    Ok(with_validation(
        Answer::new(StatusCode::OK, Some(checked.outcome.clone())),
        &checked,
    ))
}

/// `PUT /{type}?…`: conditional update — no match creates (with the body's id, if any), one
/// match is updated (a body id must be that match's), more than one is 412.
pub async fn conditional_update(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "update",
        (Some(&resource_type), None),
        async |request, body| conditional_update_in(request, &resource_type, body).await,
    )
    .await
}

async fn conditional_update_in(
    request: &Request,
    resource_type: &str,
    body: &[u8],
) -> Result<(Answer, Option<Tx>), Answer> {
    request.known_type(resource_type)?;
    if request.query.is_empty() {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Required,
            format!("PUT needs an id (`{resource_type}/[id]`) or search parameters (a conditional update)"),
        ));
    }
    let matches = super::search::matching_ids(request, resource_type, &request.query, 2).await?;
    let parsed: Option<Value> = serde_json::from_slice(body).ok();
    let body_id = parsed
        .as_ref()
        .and_then(|value| value.get("id"))
        .and_then(Value::as_str)
        .map(str::to_owned);
    match (matches.as_slice(), body_id) {
        ([], None) => create_in(request, resource_type, body).await,
        ([], Some(id)) => update_in(request, resource_type, &id, body)
            .await
            .map(|(answer, tx)| (answer, Some(tx))),
        ([found], None) => {
            let mut value = parsed.unwrap_or(Value::Null);
            if let Some(object) = value.as_object_mut() {
                object.insert("id".to_owned(), Value::String(found.clone()));
            }
            update_in(request, resource_type, found, value.to_string().as_bytes())
                .await
                .map(|(answer, tx)| (answer, Some(tx)))
        }
        ([found], Some(id)) if *found == id => update_in(request, resource_type, found, body)
            .await
            .map(|(answer, tx)| (answer, Some(tx))),
        ([found], Some(id)) => Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Invalid,
            format!("the condition matches {resource_type}/{found}, but the body's id is `{id}`"),
        )),
        _ => Err(Answer::outcome(
            StatusCode::PRECONDITION_FAILED,
            IssueCode::MultipleMatches,
            "the condition matches more than one resource; make it selective".to_owned(),
        )),
    }
}

/// `DELETE /{type}?…`: conditional delete of the one match (412 for several; nothing matched is
/// an informational outcome).
pub async fn conditional_delete(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "delete",
        (Some(&resource_type), None),
        async |request, _| {
            request.known_type(&resource_type)?;
            request.caller.require(&resource_type, Permission::Delete)?;
            if request.query.is_empty() {
                return Err(Answer::outcome(
                    StatusCode::BAD_REQUEST,
                    IssueCode::Required,
                    "a conditional delete needs search parameters".to_owned(),
                ));
            }
            let matches =
                super::search::matching_ids(request, &resource_type, &request.query, 2).await?;
            match matches.as_slice() {
                [] => Ok((
                    Answer::outcome(
                        StatusCode::OK,
                        IssueCode::Informational,
                        "nothing matched the condition; nothing was deleted".to_owned(),
                    ),
                    None,
                )),
                [found] => {
                    let mut tx = request
                        .state
                        .store
                        .begin()
                        .await
                        .map_err(Answer::store_error)?;
                    remove(&mut tx, request.environment_id(), &resource_type, found).await?;
                    let mut answer = Answer::new(StatusCode::NO_CONTENT, None);
                    answer.resource_id = Some(found.clone());
                    Ok((answer, Some(tx)))
                }
                _ => Err(Answer::outcome(
                    StatusCode::PRECONDITION_FAILED,
                    IssueCode::MultipleMatches,
                    "the condition matches more than one resource; make it selective".to_owned(),
                )),
            }
        },
    )
    .await
}
