//! What every interaction of the sandbox shares: the authenticated [`Request`] with its engine,
//! [`handle`] (body, authentication, the work, the message log), the base URL and times as FHIR
//! writes them, and paging. The interactions themselves are in `reads` and `writes`.

use std::sync::Arc;

use axum::extract::{OriginalUri, Path};
use axum::http::{header, HeaderMap, Method, StatusCode};
use axum::response::Response;
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

/// An HTTP date (`Last-Modified`).
pub fn http_date(ms: i64) -> String {
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

    pub fn header(&self, name: header::HeaderName) -> Option<&str> {
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

/// The path of a type-level route: the environment and the resource type.
pub type TypePath = Path<(String, String)>;
/// The path of an instance-level route: the environment, the resource type and the id.
pub type InstancePath = Path<(String, String, String)>;

/// What the work of an interaction gives: the answer, and the transaction it wrote in (to be
/// committed with the exchange's log entry); `Err` is a refusal to send as it is.
pub type Worked = Result<(Answer, Option<Tx>), Answer>;

/// Runs one interaction around `work`: reads the body (413 as an OperationOutcome past the
/// limit), authenticates the caller for `environment`, runs the work, and sends its answer after
/// logging the exchange. The answer's interaction and resource default to those given here.
pub async fn handle(
    state: &AppState,
    environment: &str,
    incoming: axum::extract::Request,
    interaction: &'static str,
    resource: (Option<&str>, Option<&str>),
    work: impl AsyncFnOnce(&Request, &[u8]) -> Worked,
) -> Response {
    let (parts, body) = incoming.into_parts();
    let uri = parts
        .extensions
        .get::<OriginalUri>()
        .map_or(&parts.uri, |original| &original.0);
    let body = match axum::body::to_bytes(body, state.config.max_body_bytes).await {
        Ok(body) => body,
        Err(_) => {
            let exchange = Exchange::new(state, &parts.method, uri.path(), &parts.headers, &[]);
            let answer = Answer::outcome(
                StatusCode::PAYLOAD_TOO_LARGE,
                IssueCode::TooCostly,
                "the request body is larger than this server accepts".to_owned(),
            );
            return finish(state, None, exchange, answer, None).await;
        }
    };
    let (request, exchange) = match begin(
        state,
        environment,
        &parts.method,
        uri,
        &parts.headers,
        &body,
    )
    .await
    {
        Ok(begun) => begun,
        Err(response) => return response,
    };
    let (mut answer, tx) = work(&request, &body)
        .await
        .unwrap_or_else(|answer| (answer, None));
    if answer.interaction == "invalid" {
        answer.interaction = interaction;
    }
    if answer.resource_type.is_none() {
        answer.resource_type = resource.0.map(str::to_owned);
    }
    if answer.resource_id.is_none() {
        answer.resource_id = resource.1.map(str::to_owned);
    }
    finish(state, Some(&request.caller), exchange, answer, tx).await
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

/// `self`, `first`, `last`, `next` and `previous` links of a page (offset paging knows its total,
/// so `first` and `last` are always given, as clients that page backwards expect).
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
    links.push(json!({"relation": "first", "url": link(0)}));
    let last = if count > 0 && total > 0 {
        (total - 1) / count * count
    } else {
        0
    };
    links.push(json!({"relation": "last", "url": link(last)}));
    Value::Array(links)
}
