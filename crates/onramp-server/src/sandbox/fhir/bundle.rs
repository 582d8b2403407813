//! Transaction and batch Bundles posted to the base. A transaction is all or nothing: entries run
//! in FHIR's order (DELETE, POST, PUT, GET) in one database transaction, ids are assigned to the
//! POSTed resources first and every `urn:uuid:`/`urn:oid:` reference to them is rewritten; any
//! failure rolls everything back and the answer names the entry. A batch runs each entry on its
//! own and reports each outcome in its entry.

use std::collections::HashMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use onramp_core::sandbox::scopes::Permission;
use onramp_core::sandbox::ValidationPolicy;
use onramp_store::sandbox::resources;
use onramp_store::Tx;
use serde_json::{json, Value};

use super::interactions::{handle, Request};
use super::respond::{Answer, IssueCode};
use super::writes::{check_body, if_match, remove, store};
use crate::state::AppState;
use onramp_fhir::search::format_instant;

/// One entry, read.
struct Entry {
    index: usize,
    method: String,
    /// The request URL relative to the base (`Patient`, `Patient/1`, `Patient?identifier=x`).
    url: String,
    full_url: Option<String>,
    resource: Option<Value>,
    if_none_exist: Option<String>,
    if_match: Option<String>,
}

fn order(method: &str) -> u8 {
    match method {
        "DELETE" => 0,
        "POST" => 1,
        "PUT" | "PATCH" => 2,
        _ => 3,
    }
}

fn entry_error(index: usize, text: impl Into<String>) -> Answer {
    let text = text.into();
    Answer::new(
        StatusCode::BAD_REQUEST,
        Some(json!({
            "resourceType": "OperationOutcome",
            "issue": [{
                "severity": "error",
                "code": "invalid",
                "details": {"text": format!("entry {index}: {text}")},
                "expression": [format!("Bundle.entry[{index}]")],
            }],
        })),
    )
}

fn read_entries(bundle: &Value) -> Result<Vec<Entry>, Answer> {
    let list = bundle
        .get("entry")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let mut entries = Vec::new();
    for (index, entry) in list.iter().enumerate() {
        let request = entry.get("request");
        let method = request
            .and_then(|request| request.get("method"))
            .and_then(Value::as_str)
            .ok_or_else(|| entry_error(index, "request.method is missing"))?;
        let url = request
            .and_then(|request| request.get("url"))
            .and_then(Value::as_str)
            .ok_or_else(|| entry_error(index, "request.url is missing"))?;
        let text = |name: &str| {
            request
                .and_then(|request| request.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        entries.push(Entry {
            index,
            method: method.to_owned(),
            url: url.trim_start_matches('/').to_owned(),
            full_url: entry
                .get("fullUrl")
                .and_then(Value::as_str)
                .map(str::to_owned),
            resource: entry.get("resource").cloned(),
            if_none_exist: text("ifNoneExist"),
            if_match: text("ifMatch"),
        });
    }
    Ok(entries)
}

/// Replaces every `reference` that names a key of `ids` with its value.
fn rewrite_references(value: &mut Value, ids: &HashMap<String, String>) {
    match value {
        Value::Object(object) => {
            for (key, child) in object.iter_mut() {
                if key == "reference" {
                    if let Some(text) = child.as_str() {
                        if let Some(target) = ids.get(text) {
                            *child = Value::String(target.clone());
                            continue;
                        }
                    }
                }
                rewrite_references(child, ids);
            }
        }
        Value::Array(items) => {
            for item in items {
                rewrite_references(item, ids);
            }
        }
        _ => {}
    }
}

/// Runs one entry in `tx`; the entry of the response Bundle, or the failure.
async fn apply(
    request: &Request,
    tx: &mut Tx,
    entry: &Entry,
    assigned: Option<&String>,
) -> Result<Value, Answer> {
    let base = request.base();
    let (path, query) = entry
        .url
        .split_once('?')
        .unwrap_or((entry.url.as_str(), ""));
    let mut parts = path.split('/');
    let resource_type = parts.next().unwrap_or_default().to_owned();
    let id = parts.next().map(str::to_owned);
    request.known_type(&resource_type).map_err(|_| {
        entry_error(
            entry.index,
            format!("`{resource_type}` is not a resource type"),
        )
    })?;
    let environment_id = request.environment_id().to_owned();
    let reject = request.caller.environment.policy == ValidationPolicy::Reject.as_str();
    let written = |status: &str, stored: &resources::StoredResource, resource: Value| {
        json!({
            "fullUrl": format!("{base}/{}/{}", stored.resource_type, stored.id),
            "resource": resource,
            "response": {
                "status": status,
                "location": format!("{}/{}/_history/{}", stored.resource_type, stored.id, stored.version),
                "etag": format!("W/\"{}\"", stored.version),
                "lastModified": format_instant(stored.last_updated),
            },
        })
    };
    let checked_resource =
        |entry: &Entry| -> Result<Value, Answer> {
            let resource = entry.resource.clone().ok_or_else(|| {
                entry_error(entry.index, "a POST or PUT entry needs its resource")
            })?;
            let bytes = resource.to_string();
            let checked = check_body(&request.engine, bytes.as_bytes(), Some(&resource_type))
                .map_err(|answer| {
                    entry_error(
                        entry.index,
                        answer
                            .body
                            .as_ref()
                            .and_then(|body| body.pointer("/issue/0/details/text"))
                            .and_then(Value::as_str)
                            .unwrap_or("not a resource")
                            .to_owned(),
                    )
                })?;
            if reject && checked.errors > 0 {
                let mut outcome = checked.outcome.clone();
                if let Some(issues) = outcome.get_mut("issue").and_then(Value::as_array_mut) {
                    for issue in issues {
                        if let Some(object) = issue.as_object_mut() {
                            object.insert(
                                "diagnostics".to_owned(),
                                Value::String(format!("Bundle.entry[{}].resource", entry.index)),
                            );
                        }
                    }
                }
                return Err(Answer::new(StatusCode::UNPROCESSABLE_ENTITY, Some(outcome)));
            }
            Ok(checked.value)
        };
    match entry.method.as_str() {
        "POST" => {
            request.caller.require(&resource_type, Permission::Create)?;
            let resource = checked_resource(entry)?;
            if let Some(condition) = &entry.if_none_exist {
                let pairs: Vec<(String, String)> = serde_urlencoded::from_str(
                    condition
                        .split_once('?')
                        .map_or(condition.as_str(), |(_, q)| q),
                )
                .unwrap_or_default();
                let found = super::search::matching_ids(request, &resource_type, &pairs, 2).await?;
                if let [existing] = found.as_slice() {
                    return Ok(json!({
                        "fullUrl": format!("{base}/{resource_type}/{existing}"),
                        "response": {"status": "200 OK", "location": format!("{resource_type}/{existing}")},
                    }));
                }
                if found.len() > 1 {
                    return Err(entry_error(
                        entry.index,
                        "ifNoneExist matches more than one resource",
                    ));
                }
            }
            let id = assigned.cloned().unwrap_or_else(onramp_store::new_id);
            let (stored, resource, _) = store(
                tx,
                &request.engine,
                &environment_id,
                &resource_type,
                &id,
                resource,
            )
            .await?;
            Ok(written("201 Created", &stored, resource))
        }
        "PUT" => {
            let Some(id) = id else {
                return Err(entry_error(
                    entry.index,
                    "a PUT entry's url must be Type/id",
                ));
            };
            request.caller.require(&resource_type, Permission::Update)?;
            let mut resource = checked_resource(entry)?;
            if let Some(object) = resource.as_object_mut() {
                object.insert("id".to_owned(), Value::String(id.clone()));
            }
            let current = resources::current(tx.conn(), &environment_id, &resource_type, &id)
                .await
                .map_err(Answer::store_error)?;
            if let Some(expected) = &entry.if_match {
                if_match(expected, current.as_ref()).map_err(|text| {
                    Answer::outcome(
                        StatusCode::PRECONDITION_FAILED,
                        IssueCode::Conflict,
                        format!("entry {}: {text}", entry.index),
                    )
                })?;
            }
            if current.as_ref().is_none_or(|c| c.deleted) {
                request.caller.require(&resource_type, Permission::Create)?;
            }
            let (stored, resource, created) = store(
                tx,
                &request.engine,
                &environment_id,
                &resource_type,
                &id,
                resource,
            )
            .await?;
            Ok(written(
                if created { "201 Created" } else { "200 OK" },
                &stored,
                resource,
            ))
        }
        "DELETE" => {
            let Some(id) = id else {
                return Err(entry_error(
                    entry.index,
                    "conditional delete in a Bundle is not supported; use Type/id",
                ));
            };
            request.caller.require(&resource_type, Permission::Delete)?;
            remove(tx, &environment_id, &resource_type, &id).await?;
            Ok(json!({"response": {"status": "204 No Content"}}))
        }
        "GET" => {
            let Some(id) = id.filter(|_| query.is_empty()) else {
                return Err(entry_error(
                    entry.index,
                    "GET entries may read Type/id; searches in a Bundle are not supported",
                ));
            };
            request.caller.require(&resource_type, Permission::Read)?;
            let stored = resources::current(tx.conn(), &environment_id, &resource_type, &id)
                .await
                .map_err(Answer::store_error)?
                .filter(|stored| !stored.deleted)
                .ok_or_else(|| {
                    Answer::outcome(
                        StatusCode::NOT_FOUND,
                        IssueCode::NotFound,
                        format!("entry {}: {resource_type}/{id} does not exist", entry.index),
                    )
                })?;
            let resource: Value = stored
                .body
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or(Value::Null);
            Ok(json!({
                "fullUrl": format!("{base}/{resource_type}/{id}"),
                "resource": resource,
                "response": {"status": "200 OK", "etag": format!("W/\"{}\"", stored.version)},
            }))
        }
        other => Err(entry_error(
            entry.index,
            format!("method {other} is not supported"),
        )),
    }
}

fn response_entry_of(answer: &Answer) -> Value {
    json!({
        "response": {
            "status": format!("{} {}", answer.status.as_u16(), answer.status.canonical_reason().unwrap_or_default()),
            "outcome": answer.body.clone().unwrap_or(Value::Null),
        }
    })
}

/// Runs a transaction Bundle for `request`'s caller: the answer and the open transaction, for the
/// caller to commit (with its message-log entry).
pub async fn run_transaction(request: &Request, bundle: &Value) -> Result<(Answer, Tx), Answer> {
    if bundle.get("type").and_then(Value::as_str) != Some("transaction") {
        return Err(Answer::outcome(
            StatusCode::BAD_REQUEST,
            IssueCode::Invalid,
            "not a transaction Bundle".to_owned(),
        ));
    }
    transaction(request, read_entries(bundle)?).await
}

async fn transaction(request: &Request, mut entries: Vec<Entry>) -> Result<(Answer, Tx), Answer> {
    // Ids for the POSTed resources first, so that references to them can be rewritten.
    let mut ids: HashMap<String, String> = HashMap::new();
    let mut assigned: HashMap<usize, String> = HashMap::new();
    for entry in &entries {
        if entry.method == "POST" {
            let id = onramp_store::new_id();
            let resource_type = entry.url.split(['/', '?']).next().unwrap_or_default();
            if let Some(full_url) = &entry.full_url {
                ids.insert(full_url.clone(), format!("{resource_type}/{id}"));
            }
            assigned.insert(entry.index, id);
        } else if entry.method == "PUT" {
            if let Some(full_url) = entry
                .full_url
                .as_ref()
                .filter(|url| url.starts_with("urn:"))
            {
                ids.insert(
                    full_url.clone(),
                    entry.url.split('?').next().unwrap_or_default().to_owned(),
                );
            }
        }
    }
    for entry in &mut entries {
        if let Some(resource) = &mut entry.resource {
            rewrite_references(resource, &ids);
        }
    }
    let mut by_order: Vec<&Entry> = entries.iter().collect();
    by_order.sort_by_key(|entry| (order(&entry.method), entry.index));
    let mut tx = request
        .state
        .store
        .begin()
        .await
        .map_err(Answer::store_error)?;
    let mut responses: Vec<(usize, Value)> = Vec::new();
    for entry in by_order {
        // The first failure ends the transaction; dropping `tx` rolls back what ran.
        let response = apply(request, &mut tx, entry, assigned.get(&entry.index)).await?;
        responses.push((entry.index, response));
    }
    responses.sort_by_key(|(index, _)| *index);
    let bundle = json!({
        "resourceType": "Bundle",
        "type": "transaction-response",
        "entry": responses.into_iter().map(|(_, entry)| entry).collect::<Vec<_>>(),
    });
    Ok((Answer::new(StatusCode::OK, Some(bundle)), tx))
}

async fn batch(request: &Request, entries: Vec<Entry>) -> Answer {
    let mut responses = Vec::new();
    for entry in &entries {
        let result = async {
            let mut tx = request
                .state
                .store
                .begin()
                .await
                .map_err(Answer::store_error)?;
            let response = apply(request, &mut tx, entry, None).await?;
            tx.commit().await.map_err(Answer::store_error)?;
            Ok::<Value, Answer>(response)
        }
        .await;
        responses.push(result.unwrap_or_else(|answer| response_entry_of(&answer)));
    }
    Answer::new(
        StatusCode::OK,
        Some(json!({"resourceType": "Bundle", "type": "batch-response", "entry": responses})),
    )
}

/// `POST /` with a transaction or batch Bundle.
pub async fn post_bundle(
    State(state): State<AppState>,
    Path(environment): Path<String>,
    incoming: axum::extract::Request,
) -> Response {
    handle(
        &state,
        &environment,
        incoming,
        "transaction",
        (None, None),
        async |request, body| {
            let bundle: Value = serde_json::from_slice(body).map_err(|error| {
                Answer::outcome(
                    StatusCode::BAD_REQUEST,
                    IssueCode::Structure,
                    format!("the body is not JSON: {error}"),
                )
            })?;
            if bundle.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
                return Err(Answer::outcome(
                    StatusCode::BAD_REQUEST,
                    IssueCode::Invalid,
                    "POST to the base takes a transaction or batch Bundle".to_owned(),
                ));
            }
            let entries = read_entries(&bundle)?;
            match bundle.get("type").and_then(Value::as_str) {
                Some("transaction") => {
                    let (answer, tx) = transaction(request, entries).await?;
                    Ok((answer.with_interaction("transaction"), Some(tx)))
                }
                Some("batch") => Ok((
                    batch(request, entries).await.with_interaction("batch"),
                    None,
                )),
                other => Err(Answer::outcome(
                    StatusCode::BAD_REQUEST,
                    IssueCode::Invalid,
                    format!(
                        "a Bundle of type {} cannot be processed; POST a transaction or batch",
                        other.unwrap_or("(none)")
                    ),
                )),
            }
        },
    )
    .await
}
