//! The instance and type interactions: create (and conditional create), read, vread, update
//! (client-assigned ids, update as create, `If-Match`), delete, history at three levels, and
//! `$validate`. Writes are validated by the environment's engine first; under the `reject`
//! policy a resource with errors is refused with 422 and its OperationOutcome.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
use onramp_core::sandbox::scopes::Permission;
use onramp_core::sandbox::ValidationPolicy;
use onramp_fhir::outcome::operation_outcome;
use onramp_fhir::search::{IndexEntry, IndexValue};
use onramp_store::sandbox::resources::{self, HistoryScope, IndexRow, StoredResource};
use onramp_store::Tx;
use serde_json::{json, Value};

use super::caller::{authenticate, Caller};
use super::respond::{finish, Answer, Exchange, IssueCode};
use crate::sandbox::services::engines::{self, SandboxEngine};
use crate::state::AppState;

/// The FHIR base URL of an environment.
pub fn base_url(state: &AppState, environment_id: &str) -> String {
    format!(
        "{}/sandbox/{environment_id}/fhir",
        state.config.public_base_url.trim_end_matches('/')
    )
}

/// The FHIR `instant` of a stored time.
pub fn instant(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string())
        .unwrap_or_default()
}

/// An HTTP date (`Last-Modified`).
fn http_date(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|at| at.strftime("%a, %d %b %Y %H:%M:%S GMT").to_string())
        .unwrap_or_default()
}

/// Everything a request brings, authenticated, with the engine of its environment.
pub struct Request {
    pub state: AppState,
    pub caller: Caller,
    pub engine: Arc<SandboxEngine>,
    pub headers: HeaderMap,
    pub query: Vec<(String, String)>,
}

/// Authenticates and prepares a request; `Err` is the response already sent.
pub async fn begin(
    state: &AppState,
    environment_id: &str,
    method: &Method,
    uri: &axum::http::Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<(Request, Exchange), Response> {
    let url = uri
        .path_and_query()
        .map_or_else(|| uri.path().to_owned(), |pq| pq.as_str().to_owned());
    let exchange = Exchange::new(state, method, &url, headers, body);
    let caller = match authenticate(state, environment_id, headers).await {
        Ok(caller) => caller,
        Err(answer) => return Err(finish(state, None, exchange, answer, None).await),
    };
    let engine = match engines::for_packages(&state.config, &caller.environment.packages).await {
        Ok(engine) => engine,
        Err(error) => {
            let answer = Answer::outcome(
                StatusCode::SERVICE_UNAVAILABLE,
                IssueCode::Exception,
                format!("the sandbox's FHIR packages cannot be loaded: {error}"),
            );
            return Err(finish(state, Some(&caller), exchange, answer, None).await);
        }
    };
    let query = uri
        .query()
        .map(|text| serde_urlencoded::from_str::<Vec<(String, String)>>(text).unwrap_or_default())
        .unwrap_or_default();
    Ok((
        Request {
            state: state.clone(),
            caller,
            engine,
            headers: headers.clone(),
            query,
        },
        exchange,
    ))
}

impl Request {
    pub fn base(&self) -> String {
        base_url(&self.state, &self.caller.environment.id)
    }

    pub fn environment_id(&self) -> &str {
        &self.caller.environment.id
    }

    fn header(&self, name: header::HeaderName) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// `Prefer: return=…`: `minimal`, `representation` (the default) or `OperationOutcome`.
    pub fn prefer_return(&self) -> &str {
        self.headers
            .get_all("prefer")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .find_map(|part| part.trim().strip_prefix("return="))
            .unwrap_or("representation")
    }

    /// `Prefer: handling=strict`.
    pub fn strict(&self) -> bool {
        self.headers
            .get_all("prefer")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .any(|value| {
                value
                    .split(',')
                    .any(|part| part.trim() == "handling=strict")
            })
    }

    /// 404 unless `name` is a resource type of the environment's packages.
    pub fn known_type(&self, name: &str) -> Result<(), Answer> {
        if self.engine.search.is_resource_type(name) {
            Ok(())
        } else {
            Err(Answer::outcome(
                StatusCode::NOT_FOUND,
                IssueCode::NotSupported,
                format!("`{name}` is not a FHIR R4 resource type"),
            ))
        }
    }
}

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
            meta.insert("lastUpdated".to_owned(), Value::String(instant(now)));
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
fn version_headers(answer: Answer, base: &str, stored: &StoredResource, location: bool) -> Answer {
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
    None.or_else(|| {
        (checked.errors > 0).then(|| {
            with_validation(
                Answer::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    Some(checked.outcome.clone()),
                ),
                checked,
            )
        })
    })
}

fn policy_rejects(request: &Request) -> bool {
    request.caller.environment.policy == ValidationPolicy::Reject.as_str()
}

// ---- handlers -------------------------------------------------------------------------------

type TypePath = Path<(String, String)>;
type InstancePath = Path<(String, String, String)>;

/// `POST /{type}`: create (conditional with `If-None-Exist`).
pub async fn create(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (request, exchange) =
        match begin(&state, &environment, &method, &uri, &headers, &body).await {
            Ok(begun) => begun,
            Err(response) => return response,
        };
    let (answer, tx) = match create_in(&request, &resource_type, &body).await {
        Ok((answer, tx)) => (answer, tx),
        Err(answer) => (answer, None),
    };
    let mut answer = answer.with_interaction("create");
    answer.resource_type = Some(resource_type);
    finish(&state, Some(&request.caller), exchange, answer, tx).await
}

async fn create_in(
    request: &Request,
    resource_type: &str,
    body: &[u8],
) -> Result<(Answer, Option<Tx>), Answer> {
    request.known_type(resource_type)?;
    request.caller.require(resource_type, Permission::Create)?;
    let checked = check_body(&request.engine, body, Some(resource_type))?;
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

/// `GET /{type}/{id}`.
pub async fn read(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let answer = read_in(&request, &resource_type, &id, None)
        .await
        .unwrap_or_else(|answer| answer);
    let mut answer = answer.with_interaction("read");
    answer.resource_type = Some(resource_type);
    answer.resource_id = Some(id);
    finish(&state, Some(&request.caller), exchange, answer, None).await
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
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let answer = read_in(&request, &resource_type, &id, Some(&version))
        .await
        .unwrap_or_else(|answer| answer);
    let mut answer = answer.with_interaction("vread");
    answer.resource_type = Some(resource_type);
    answer.resource_id = Some(id);
    finish(&state, Some(&request.caller), exchange, answer, None).await
}

/// `PUT /{type}/{id}`: update, or create with the client's id.
pub async fn update(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (request, exchange) =
        match begin(&state, &environment, &method, &uri, &headers, &body).await {
            Ok(begun) => begun,
            Err(response) => return response,
        };
    let (answer, tx) = match update_in(&request, &resource_type, &id, &body).await {
        Ok((answer, tx)) => (answer, Some(tx)),
        Err(answer) => (answer, None),
    };
    let mut answer = answer.with_interaction("update");
    answer.resource_type = Some(resource_type);
    answer.resource_id = Some(id);
    finish(&state, Some(&request.caller), exchange, answer, tx).await
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
    let checked = check_body(&request.engine, body, Some(resource_type))?;
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
    if let Some(expected) = request.header(header::IF_MATCH) {
        let current = resources::current(tx.conn(), request.environment_id(), resource_type, id)
            .await
            .map_err(Answer::store_error)?;
        let wanted = expected
            .trim()
            .trim_start_matches("W/")
            .trim_matches('"')
            .to_owned();
        let held = current
            .filter(|current| !current.deleted)
            .map(|current| current.version.to_string());
        if held.as_deref() != Some(wanted.as_str()) {
            return Err(Answer::outcome(
                StatusCode::PRECONDITION_FAILED,
                IssueCode::Conflict,
                format!(
                    "If-Match asks for version {wanted}, but {resource_type}/{id} is at {}",
                    held.map_or_else(
                        || "no version".to_owned(),
                        |version| format!("version {version}")
                    )
                ),
            ));
        }
    }
    let current_exists = resources::current(tx.conn(), request.environment_id(), resource_type, id)
        .await
        .map_err(Answer::store_error)?
        .is_some_and(|current| !current.deleted);
    if !current_exists {
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
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let (answer, tx) = match delete_in(&request, &resource_type, &id).await {
        Ok((answer, tx)) => (answer, tx),
        Err(answer) => (answer, None),
    };
    let mut answer = answer.with_interaction("delete");
    answer.resource_type = Some(resource_type);
    answer.resource_id = Some(id);
    finish(&state, Some(&request.caller), exchange, answer, tx).await
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
                    "lastModified": instant(version.last_updated),
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

/// `_count` (default 50, at most 500) and `_offset` of a paged request.
pub fn paging(query: &[(String, String)]) -> Result<(i64, i64), Answer> {
    let mut count = 50;
    let mut offset = 0;
    for (name, value) in query {
        match name.as_str() {
            "_count" => {
                count = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| {
                        Answer::outcome(
                            StatusCode::BAD_REQUEST,
                            IssueCode::Value,
                            format!("_count must be a whole number, not `{value}`"),
                        )
                    })?;
            }
            "_offset" => {
                offset = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 0)
                    .ok_or_else(|| {
                        Answer::outcome(
                            StatusCode::BAD_REQUEST,
                            IssueCode::Value,
                            format!("_offset must be a whole number, not `{value}`"),
                        )
                    })?;
            }
            _ => {}
        }
    }
    Ok((count.min(500), offset))
}

/// `self`, `next` and `previous` links of a page.
pub fn page_links(
    url: &str,
    params: &[(String, String)],
    count: i64,
    offset: i64,
    total: i64,
) -> Value {
    let link = |offset: i64| {
        let mut pairs: Vec<(String, String)> = params
            .iter()
            .filter(|(name, _)| name != "_offset" && name != "_count")
            .cloned()
            .collect();
        pairs.push(("_count".to_owned(), count.to_string()));
        if offset > 0 {
            pairs.push(("_offset".to_owned(), offset.to_string()));
        }
        let query = serde_urlencoded::to_string(&pairs).unwrap_or_default();
        format!("{url}?{query}")
    };
    let mut links = vec![json!({"relation": "self", "url": link(offset)})];
    if count > 0 && offset + count < total {
        links.push(json!({"relation": "next", "url": link(offset + count)}));
    }
    if offset > 0 {
        links.push(json!({"relation": "previous", "url": link((offset - count).max(0))}));
    }
    Value::Array(links)
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
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let url = format!("{}/_history", request.base());
    let answer = history_in(&request, None, None, &url)
        .await
        .unwrap_or_else(|answer| answer)
        .with_interaction("history-system");
    finish(&state, Some(&request.caller), exchange, answer, None).await
}

/// `GET /{type}/_history`.
pub async fn history_type(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let url = format!("{}/{resource_type}/_history", request.base());
    let mut answer = history_in(&request, Some(&resource_type), None, &url)
        .await
        .unwrap_or_else(|answer| answer)
        .with_interaction("history-type");
    answer.resource_type = Some(resource_type);
    finish(&state, Some(&request.caller), exchange, answer, None).await
}

/// `GET /{type}/{id}/_history`.
pub async fn history_instance(
    State(state): State<AppState>,
    Path((environment, resource_type, id)): InstancePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let url = format!("{}/{resource_type}/{id}/_history", request.base());
    let mut answer = history_in(&request, Some(&resource_type), Some(&id), &url)
        .await
        .unwrap_or_else(|answer| answer)
        .with_interaction("history-instance");
    answer.resource_type = Some(resource_type);
    answer.resource_id = Some(id);
    finish(&state, Some(&request.caller), exchange, answer, None).await
}

/// `POST /{type}/$validate`: the OperationOutcome of the resource (the body, or the `resource`
/// parameter of a Parameters body); nothing is stored.
pub async fn validate(
    State(state): State<AppState>,
    Path((environment, resource_type)): TypePath,
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (request, exchange) =
        match begin(&state, &environment, &method, &uri, &headers, &body).await {
            Ok(begun) => begun,
            Err(response) => return response,
        };
    let answer = validate_in(&request, &resource_type, &body).unwrap_or_else(|answer| answer);
    let mut answer = answer.with_interaction("operation");
    answer.resource_type = Some(resource_type);
    finish(&state, Some(&request.caller), exchange, answer, None).await
}

fn validate_in(request: &Request, resource_type: &str, body: &[u8]) -> Result<Answer, Answer> {
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
    let checked = check_body(&request.engine, bytes, Some(resource_type))?;
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
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let (request, exchange) =
        match begin(&state, &environment, &method, &uri, &headers, &body).await {
            Ok(begun) => begun,
            Err(response) => return response,
        };
    let (answer, tx) = match conditional_update_in(&request, &resource_type, &body).await {
        Ok((answer, tx)) => (answer, tx),
        Err(answer) => (answer, None),
    };
    let mut answer = answer.with_interaction("update");
    answer.resource_type = Some(resource_type);
    finish(&state, Some(&request.caller), exchange, answer, tx).await
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
    method: Method,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
) -> Response {
    let (request, exchange) = match begin(&state, &environment, &method, &uri, &headers, &[]).await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let result: Result<(Answer, Option<Tx>), Answer> = async {
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
            super::search::matching_ids(&request, &resource_type, &request.query, 2).await?;
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
    }
    .await;
    let (answer, tx) = result.unwrap_or_else(|answer| (answer, None));
    let mut answer = answer.with_interaction("delete");
    answer.resource_type = Some(resource_type);
    finish(&state, Some(&request.caller), exchange, answer, tx).await
}
