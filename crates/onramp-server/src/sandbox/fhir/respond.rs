//! FHIR answers: a status, headers and a JSON body (a resource, a Bundle or an OperationOutcome),
//! sent as `application/fhir+json`; and the message-log entry each exchange leaves — in the
//! transaction of its write when there is one, so that no stored change lacks its record.

use std::time::Instant;

use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use onramp_store::sandbox::messages::{self, Message};
use onramp_store::{StoreError, Tx};
use serde_json::{json, Value};

use super::caller::Caller;
use crate::state::AppState;

pub const FHIR_JSON: &str = "application/fhir+json; charset=utf-8";

/// The `OperationOutcome.issue.code`s Onramp uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssueCode {
    Invalid,
    Structure,
    Required,
    Value,
    Login,
    Forbidden,
    NotFound,
    Deleted,
    NotSupported,
    Conflict,
    Duplicate,
    MultipleMatches,
    Processing,
    Exception,
    TooCostly,
    Informational,
}

impl IssueCode {
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::Invalid => "invalid",
            IssueCode::Structure => "structure",
            IssueCode::Required => "required",
            IssueCode::Value => "value",
            IssueCode::Login => "login",
            IssueCode::Forbidden => "forbidden",
            IssueCode::NotFound => "not-found",
            IssueCode::Deleted => "deleted",
            IssueCode::NotSupported => "not-supported",
            IssueCode::Conflict => "conflict",
            IssueCode::Duplicate => "duplicate",
            IssueCode::MultipleMatches => "multiple-matches",
            IssueCode::Processing => "processing",
            IssueCode::Exception => "exception",
            IssueCode::TooCostly => "too-costly",
            IssueCode::Informational => "informational",
        }
    }
}

/// An OperationOutcome of one issue.
pub fn outcome_json(severity: &str, code: IssueCode, text: &str) -> Value {
    json!({
        "resourceType": "OperationOutcome",
        "issue": [{"severity": severity, "code": code.as_str(), "details": {"text": text}}],
    })
}

/// What the server answers, with what the message log records of it (boxed: answers travel in
/// `Result`s).
#[derive(Clone, Debug)]
pub struct Answer(Box<AnswerParts>);

impl std::ops::Deref for Answer {
    type Target = AnswerParts;

    fn deref(&self) -> &AnswerParts {
        &self.0
    }
}

impl std::ops::DerefMut for Answer {
    fn deref_mut(&mut self) -> &mut AnswerParts {
        &mut self.0
    }
}

/// The parts of an [`Answer`].
#[derive(Clone, Debug)]
pub struct AnswerParts {
    pub status: StatusCode,
    pub headers: Vec<(HeaderName, String)>,
    pub body: Option<Value>,
    /// FHIR's interaction code (`create`, `search-type`, …).
    pub interaction: &'static str,
    pub resource_type: Option<String>,
    pub resource_id: Option<String>,
    /// The profiles the request's resource claimed.
    pub profiles: Vec<String>,
    /// The validation OperationOutcome of the request's resource, and its counts.
    pub validation: Option<Value>,
    pub errors: i64,
    pub warnings: i64,
}

impl Answer {
    pub fn new(status: StatusCode, body: Option<Value>) -> Answer {
        Answer(Box::new(AnswerParts {
            status,
            headers: Vec::new(),
            body,
            interaction: "invalid",
            resource_type: None,
            resource_id: None,
            profiles: Vec::new(),
            validation: None,
            errors: 0,
            warnings: 0,
        }))
    }

    /// An OperationOutcome with one issue; errors for 4xx and 5xx, information otherwise.
    pub fn outcome(status: StatusCode, code: IssueCode, text: String) -> Answer {
        let severity = if status.is_client_error() || status.is_server_error() {
            "error"
        } else {
            "information"
        };
        Answer::new(status, Some(outcome_json(severity, code, &text)))
    }

    pub fn with_header(mut self, name: HeaderName, value: String) -> Answer {
        self.headers.push((name, value));
        self
    }

    pub fn with_interaction(mut self, interaction: &'static str) -> Answer {
        self.interaction = interaction;
        self
    }

    /// A store failure: a conflict (a concurrent write of the same version) is 409; anything else
    /// is logged and answered 500 without detail.
    pub fn store_error(error: StoreError) -> Answer {
        match error {
            StoreError::Conflict(_) | StoreError::StaleState(_) => Answer::outcome(
                StatusCode::CONFLICT,
                IssueCode::Conflict,
                "the resource was changed by another request at the same time; read it again and retry".to_owned(),
            ),
            StoreError::Unavailable(_) => Answer::outcome(
                StatusCode::SERVICE_UNAVAILABLE,
                IssueCode::Exception,
                "the sandbox's database is not reachable right now; try again shortly".to_owned(),
            ),
            other => {
                tracing::error!(error = %other, "sandbox: store error");
                Answer::outcome(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    IssueCode::Exception,
                    "the sandbox failed to answer; the failure was logged".to_owned(),
                )
            }
        }
    }
}

/// The request as the message log keeps it.
#[derive(Clone, Debug)]
pub struct Exchange {
    pub method: Method,
    /// Path and query.
    pub url: String,
    pub headers: String,
    pub body: Option<String>,
    pub started: Instant,
    pub received_at: i64,
}

/// Headers never kept: credentials and cookies.
const SECRET_HEADERS: [&str; 4] = [
    "authorization",
    "cookie",
    "proxy-authorization",
    "set-cookie",
];

impl Exchange {
    pub fn new(
        state: &AppState,
        method: &Method,
        url: &str,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Exchange {
        let mut kept = serde_json::Map::new();
        for (name, value) in headers {
            if SECRET_HEADERS.contains(&name.as_str()) {
                continue;
            }
            kept.insert(
                name.as_str().to_owned(),
                Value::String(String::from_utf8_lossy(value.as_bytes()).into_owned()),
            );
        }
        Exchange {
            method: method.clone(),
            url: url.to_owned(),
            headers: Value::Object(kept).to_string(),
            body: (!body.is_empty()).then(|| String::from_utf8_lossy(body).into_owned()),
            started: Instant::now(),
            received_at: state.clock.now_ms(),
        }
    }
}

/// Sends `answer`, after writing the exchange to the caller's message log — in `tx` when the
/// interaction wrote (committing it), else in a transaction of its own. A request that was not
/// authenticated has no environment to log to.
pub async fn finish(
    state: &AppState,
    caller: Option<&Caller>,
    exchange: Exchange,
    answer: Answer,
    tx: Option<Tx>,
) -> Response {
    let body_text = answer.body.as_ref().map(Value::to_string);
    if let Some(caller) = caller {
        let message = Message {
            id: String::new(),
            environment_id: caller.environment.id.clone(),
            organization_id: caller.environment.organization_id.clone(),
            client_id: Some(caller.client_id.clone()),
            received_at: exchange.received_at,
            duration_us: i64::try_from(exchange.started.elapsed().as_micros()).unwrap_or(i64::MAX),
            method: exchange.method.to_string(),
            url: exchange.url.clone(),
            interaction: answer.interaction.to_owned(),
            resource_type: answer.resource_type.clone(),
            resource_id: answer.resource_id.clone(),
            profiles: answer.profiles.join(" "),
            request_headers: exchange.headers.clone(),
            request_body: exchange.body.clone(),
            status: i64::from(answer.status.as_u16()),
            response_body: body_text.clone(),
            outcome: answer.validation.as_ref().map(Value::to_string),
            errors: answer.errors,
            warnings: answer.warnings,
        };
        let written = match tx {
            Some(mut tx) => {
                async {
                    messages::insert(&mut tx, &message).await?;
                    tx.commit().await
                }
                .await
            }
            None => state.sandbox_log.write(&state.store, message).await,
        };
        if let Err(error) = written {
            let failed = Answer::store_error(error);
            return respond(
                failed.status,
                &failed.headers,
                failed.body.as_ref().map(Value::to_string),
            );
        }
    }
    respond(answer.status, &answer.headers, body_text)
}

fn respond(status: StatusCode, headers: &[(HeaderName, String)], body: Option<String>) -> Response {
    let mut response = match body {
        Some(text) => (
            status,
            [(header::CONTENT_TYPE, HeaderValue::from_static(FHIR_JSON))],
            text,
        )
            .into_response(),
        None => status.into_response(),
    };
    for (name, value) in headers {
        if let Ok(value) = HeaderValue::from_str(value) {
            response.headers_mut().insert(name.clone(), value);
        }
    }
    response
}

/// Sends an answer that no message log keeps (the public CapabilityStatement).
pub fn finish_public(answer: Answer) -> Response {
    respond(
        answer.status,
        &answer.headers,
        answer.body.as_ref().map(Value::to_string),
    )
}
