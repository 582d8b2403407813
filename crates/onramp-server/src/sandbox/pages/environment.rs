//! `/environments/{id}`: what a partner's developers need to connect — the FHIR base, the token
//! URL, the pinned packages and policy — the clients (a new secret is shown once, on the page
//! that made it), and the message log, newest first, each message opening to its bodies and its
//! validation issues with their lines.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::sandbox::{AccessState, ClientAuthMethod, EnvironmentKind, ValidationPolicy};
use onramp_core::vocabulary::label_of;
use onramp_store::sandbox::environments::Environment;
use onramp_store::sandbox::messages::{self, MessageFilter};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sandbox::fhir::interactions::base_url;
use crate::sandbox::oauth::token::token_url;
use crate::sandbox::services::clients::{self, ClientInput, Issued};
use crate::sandbox::services::environments::{self, visible_environment, EnvironmentInput};
use crate::state::AppState;
use crate::tracks::services::enrollments::is_coordinator;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, page, respond, time};

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct LogQuery {
    #[serde(default)]
    pub resource_type: String,
    #[serde(default)]
    pub outcome: String,
}

fn may_manage(actor: &Actor) -> bool {
    actor.user().is_some_and(|user| {
        user.role == onramp_core::Role::PartnerAdmin || is_coordinator(user.role)
    })
}

async fn markup(
    state: &AppState,
    actor: &Actor,
    environment: &Environment,
    query: &LogQuery,
    issued: Option<&Issued>,
    refusal: Option<&Refusal>,
    seeded: Option<&crate::sandbox::seed::SeedReport>,
) -> PageResult<Markup> {
    let (_, client_list) = clients::list(state, actor, &environment.id).await?;
    let filter = MessageFilter {
        resource_type: Some(query.resource_type.trim().to_owned()).filter(|text| !text.is_empty()),
        outcome: Some(query.outcome.trim().to_owned()).filter(|text| !text.is_empty()),
        ..MessageFilter::default()
    };
    let log = messages::list(state.store.pool(), &environment.id, &filter, 100)
        .await
        .map_err(crate::web::error::AppError::from)?;
    let sandbox = environment.kind == EnvironmentKind::Sandbox.as_str();
    let manage = may_manage(actor);
    let form = FormView::new("client", refusal);
    let methods: Vec<(&str, &str)> = ClientAuthMethod::ALL
        .iter()
        .map(|method| (method.as_str(), method.label()))
        .collect();
    Ok(page(
        Some(actor),
        &environment.name,
        html! {
            p { a href={ "/enrollments/" (environment.enrollment_id) } { "← The enrollment" } }
            h1 { (environment.name) " " span.badge { (label_of::<EnvironmentKind>(&environment.kind)) } }
            div.card {
                dl {
                    dt { "State" } dd { (label_of::<AccessState>(&environment.state)) }
                    @if sandbox {
                        dt { "FHIR base" } dd { code { (base_url(state, &environment.id)) } }
                        dt { "Validation" } dd { (label_of::<ValidationPolicy>(&environment.policy)) }
                    } @else if let Some(url) = &environment.production_url {
                        dt { "Production FHIR base" } dd { code { (url) } }
                    }
                    dt { "Token URL" } dd { code { (token_url(state)) } }
                    dt { "Packages" } dd { (environment.packages.join(", ")) }
                }
            }
            @if let Some(issued) = issued {
                @if let Some(secret) = &issued.secret {
                    div.notice role="status" {
                        p { "The secret of " strong { (issued.client.name) } " is shown once; copy it now." }
                        p { "Client id: " code { (issued.client.id) } }
                        p { "Client secret: " code { (secret) } }
                    }
                }
            }
            div.card {
                h2 { "Clients" }
                @if client_list.is_empty() {
                    p { "No client yet." }
                } @else {
                    div.table-scroll tabindex="0" role="region" aria-label="Clients (scrolls sideways when wide)" {
                        table {
                            thead { tr { th scope="col" { "Name" } th scope="col" { "Client id" } th scope="col" { "Authentication" } th scope="col" { "Scopes" } th scope="col" { "Keys" } th scope="col" { "State" } @if manage { th scope="col" { "Actions" } } } }
                            tbody { @for client in &client_list {
                                tr {
                                    td { (client.name) }
                                    td { code { (client.id) } }
                                    td { (label_of::<ClientAuthMethod>(&client.auth_method)) }
                                    td { (client.scopes.join(" ")) }
                                    td { (keys_of(client)) }
                                    td { (label_of::<AccessState>(&client.state)) }
                                    @if manage {
                                        td {
                                            @if client.auth_method == ClientAuthMethod::ClientSecretBasic.as_str() {
                                                form method="post" action={ "/clients/" (client.id) "/secret" } {
                                                    (csrf_input(actor))
                                                    button type="submit" { "New secret for " (client.name) " (the old one works one more hour)" }
                                                }
                                            }
                                            form method="post" action={ "/clients/" (client.id) "/state" } {
                                                (csrf_input(actor))
                                                @if client.state == AccessState::Active.as_str() {
                                                    input type="hidden" name="state" value="suspended";
                                                    button type="submit" { "Suspend " (client.name) }
                                                } @else {
                                                    input type="hidden" name="state" value="active";
                                                    button type="submit" { "Reactivate " (client.name) }
                                                }
                                            }
                                        }
                                    }
                                }
                            } }
                        }
                    }
                }
                @if manage {
                    h3 { "Register a client" }
                    p { "SMART Backend Services clients sign a JWT with their own key (RS384 or ES384): paste the public JWKS, each key with a kid. A client secret suits simple tools; it is shown once." }
                    (form.summary())
                    form method="post" action={ "/environments/" (environment.id) "/clients" } novalidate {
                        (csrf_input(actor))
                        (form.text("Name", "name", ""))
                        (form.select_with("Authentication", "auth_method", &methods, ClientAuthMethod::PrivateKeyJwt.as_str(), None))
                        (form.text("Scopes (space-separated, such as system/*.cruds)", "scopes", "system/*.cruds"))
                        (form.textarea("Public JWKS (for signed JWTs)", "jwks", ""))
                        (form.text("Or the https URL that publishes the JWKS", "jwks_url", ""))
                        (form.text("Last day it works (YYYY-MM-DD, optional)", "expires_on", ""))
                        button type="submit" { "Register the client" }
                    }
                }
            }
            @if sandbox && manage {
                div.card {
                    h2 { "Test data" }
                    p { "Load the program's sample patients and results into this sandbox (each Bundle as one transaction). Resetting deletes everything the sandbox holds first." }
                    @if let Some(report) = seeded {
                        div.notice role="status" { "Loaded " (report.resources) " resources from " (report.bundles) " Bundle(s)" @if report.cleared > 0 { " after clearing " (report.cleared) " stored versions" } "." }
                    }
                    form method="post" action={ "/environments/" (environment.id) "/seed" } {
                        (csrf_input(actor))
                        (FormView::plain().checkbox("Empty the sandbox first", "reset", "true", false))
                        button type="submit" { "Load the test data" }
                    }
                }
            }
            @if sandbox {
                div.card {
                    h2 { "Message log" }
                    form method="get" action={ "/environments/" (environment.id) } {
                        (FormView::plain().text("Resource type", "resource_type", &query.resource_type))
                        (FormView::plain().select("Outcome", "outcome", &[("errors", "With errors"), ("clean", "Without errors")], &query.outcome))
                        button type="submit" { "Filter" }
                    }
                    p { a href={ "/api/v1/environments/" (environment.id) "/messages?format=ndjson&limit=1000" } { "Download the newest 1,000 messages (NDJSON)" } }
                    @if log.is_empty() {
                        p { "No message yet." }
                    } @else {
                        div.table-scroll tabindex="0" role="region" aria-label="Messages (scrolls sideways when wide)" {
                            table {
                                thead { tr { th scope="col" { "Received" } th scope="col" { "Request" } th scope="col" { "Status" } th scope="col" { "Errors" } th scope="col" { "Warnings" } th scope="col" { "Took" } } }
                                tbody { @for message in &log {
                                    tr {
                                        td { a href={ "/environments/" (environment.id) "/messages/" (message.id) } { (time(message.received_at)) } }
                                        td { code { (message.method) " " (message.url) } }
                                        td { (message.status) }
                                        td { (message.errors) }
                                        td { (message.warnings) }
                                        td { (message.duration_us / 1000) " ms" }
                                    }
                                } }
                            }
                        }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageQuery(query): PageQuery<LogQuery>,
) -> PageResult<Response> {
    let environment = visible_environment(&state, &actor, &id).await?;
    Ok(respond(
        markup(&state, &actor, &environment, &query, None, None, None).await?,
    ))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct OpenForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    policy: String,
    #[serde(default)]
    production_url: String,
}

/// `POST /enrollments/{id}/environments`: a coordinator opens a sandbox or records production.
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<OpenForm>,
) -> PageResult<Response> {
    let environment = environments::open(
        &state,
        &actor,
        &id,
        &EnvironmentInput {
            kind: &form.kind,
            name: &form.name,
            policy: &form.policy,
            production_url: &form.production_url,
        },
    )
    .await?;
    Ok(Redirect::to(&format!("/environments/{}", environment.id)).into_response())
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct ClientForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    auth_method: String,
    #[serde(default)]
    scopes: String,
    #[serde(default)]
    jwks: String,
    #[serde(default)]
    expires_on: String,
    #[serde(default)]
    jwks_url: String,
}

pub async fn create_client(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<ClientForm>,
) -> PageResult<Response> {
    let environment = visible_environment(&state, &actor, &id).await?;
    let input = ClientInput {
        name: &form.name,
        auth_method: &form.auth_method,
        scopes: &form.scopes,
        jwks: &form.jwks,
        expires_on: &form.expires_on,
        jwks_url: &form.jwks_url,
    };
    match clients::create(&state, &actor, &id, &input).await {
        Ok(issued) => Ok(respond(
            markup(
                &state,
                &actor,
                &environment,
                &LogQuery::default(),
                Some(&issued),
                None,
                None,
            )
            .await?,
        )),
        Err(error) => {
            let refusal = Refusal::of("client", &form, error)?;
            let page = markup(
                &state,
                &actor,
                &environment,
                &LogQuery::default(),
                None,
                Some(&refusal),
                None,
            )
            .await?;
            Ok(refused_page(&refusal, page))
        }
    }
}

pub async fn rotate_secret(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
) -> PageResult<Response> {
    let issued = clients::rotate_secret(&state, &actor, &id, 60).await?;
    let environment = visible_environment(&state, &actor, &issued.client.environment_id).await?;
    Ok(respond(
        markup(
            &state,
            &actor,
            &environment,
            &LogQuery::default(),
            Some(&issued),
            None,
            None,
        )
        .await?,
    ))
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct StateForm {
    #[serde(default)]
    state: String,
}

pub async fn set_client_state(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<StateForm>,
) -> PageResult<Response> {
    let to = form.state.parse::<AccessState>().map_err(|error| {
        crate::web::error::AppError::validation(vec![crate::web::error::FieldError::new(
            "state",
            error.to_string(),
        )])
    })?;
    let client = clients::set_state(&state, &actor, &id, to).await?;
    Ok(Redirect::to(&format!("/environments/{}", client.environment_id)).into_response())
}

/// One message: its request and response, and its validation issues each linked to its line in
/// the request body.
pub async fn message(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path((id, message_id)): Path<(String, String)>,
) -> PageResult<Response> {
    let environment = visible_environment(&state, &actor, &id).await?;
    let message = match messages::find(state.store.pool(), &environment.id, &message_id).await {
        Ok(message) => message,
        Err(onramp_store::StoreError::NotFound) => {
            return Err(crate::web::error::AppError::NotFound("message").into())
        }
        Err(other) => return Err(crate::web::error::AppError::from(other).into()),
    };
    let outcome: Option<Value> = message
        .outcome
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok());
    let issues: Vec<Value> = outcome
        .as_ref()
        .and_then(|outcome| outcome.get("issue"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let body_lines: Vec<String> = message
        .request_body
        .as_deref()
        .map(pretty_lines)
        .unwrap_or_default();
    let line_of = |issue: &Value| -> Option<i64> {
        issue
            .get("extension")?
            .as_array()?
            .iter()
            .find(|extension| {
                extension.get("url").and_then(Value::as_str)
                    == Some("http://hl7.org/fhir/StructureDefinition/operationoutcome-issue-line")
            })?
            .get("valueInteger")?
            .as_i64()
    };
    Ok(respond(page(
        Some(&actor),
        "Message",
        html! {
            p { a href={ "/environments/" (environment.id) } { "← " (environment.name) } }
            h1 { (message.method) " " (message.url) }
            p { "Received " (time(message.received_at)) " · status " (message.status) " · " (message.duration_us / 1000) " ms" }
            @if !issues.is_empty() {
                div.card {
                    h2 { "Validation issues" }
                    ul { @for issue in &issues {
                        li {
                            (issue.get("severity").and_then(Value::as_str).unwrap_or_default()) ": "
                            (issue.pointer("/details/text").and_then(Value::as_str).unwrap_or_default())
                            @if let Some(line) = line_of(issue) {
                                " — " a href={ "#line-" (line) } { "line " (line) }
                            }
                        }
                    } }
                }
            }
            @if !body_lines.is_empty() {
                div.card {
                    h2 { "Request body" }
                    div.table-scroll tabindex="0" role="region" aria-label="Request body (scrolls sideways when wide)" {
                        pre { @for (index, line) in body_lines.iter().enumerate() {
                            span id={ "line-" (index + 1) } { (format!("{:>4}  ", index + 1)) (line) "\n" }
                        } }
                    }
                }
            }
            @if let Some(body) = &message.response_body {
                div.card {
                    h2 { "Response body" }
                    div.table-scroll tabindex="0" role="region" aria-label="Response body (scrolls sideways when wide)" {
                        pre { (pretty_lines(body).join("\n")) }
                    }
                }
            }
        },
    )))
}

/// A body's lines as received (the validator's line numbers refer to them).
fn pretty_lines(text: &str) -> Vec<String> {
    text.lines().map(str::to_owned).collect()
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct SeedForm {
    #[serde(default)]
    reset: String,
}

/// `POST /environments/{id}/seed`: loads the program's test data, emptying the sandbox first when
/// asked.
pub async fn seed(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(id): Path<String>,
    PageForm(form): PageForm<SeedForm>,
) -> PageResult<Response> {
    let report = crate::sandbox::seed::load(&state, &actor, &id, form.reset == "true").await?;
    let environment = visible_environment(&state, &actor, &id).await?;
    Ok(respond(
        markup(
            &state,
            &actor,
            &environment,
            &LogQuery::default(),
            None,
            None,
            Some(&report),
        )
        .await?,
    ))
}

/// A client's keys as people check them: each registered key's `kid`, type and algorithm, the
/// URL that publishes them, or its secrets' last characters.
fn keys_of(client: &onramp_store::sandbox::clients::Client) -> Markup {
    let keys: Vec<String> = client
        .jwks
        .as_deref()
        .and_then(|text| serde_json::from_str::<Value>(text).ok())
        .and_then(|set| set.get("keys").and_then(Value::as_array).cloned())
        .unwrap_or_default()
        .iter()
        .map(|key| {
            let text = |name: &str| {
                key.get(name)
                    .and_then(Value::as_str)
                    .unwrap_or("—")
                    .to_owned()
            };
            let curve = key
                .get("crv")
                .and_then(Value::as_str)
                .map(|crv| format!(" {crv}"))
                .unwrap_or_default();
            format!("{} ({}{curve})", text("kid"), text("kty"))
        })
        .collect();
    html! {
        @if let Some(url) = &client.jwks_url {
            "Published at " code { (url) }
        } @else if keys.is_empty() {
            "Client secret"
        } @else {
            (keys.join(", "))
        }
    }
}
