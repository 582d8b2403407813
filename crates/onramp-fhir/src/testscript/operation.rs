//! An operation as an HTTP request: the method (`operation.method`, else the interaction's), the
//! URL (`url`, else `[base]/[resource]` + `params`, else the `targetId` fixture's type, id and
//! version, else the `sourceId` body's), the headers (`accept`, `contentType`, `requestHeader`,
//! the caller's extra headers) and the body (the `sourceId` fixture with its `${name}`s
//! replaced).
//!
//! # HTTP mapping
//!
//! | type | request |
//! |---|---|
//! | read, vread, history | `GET [type]/[id]`, `…/_history/[vid]`, `…/_history` |
//! | update, updateCreate, patch, delete | `PUT`, `PUT`, `PATCH`, `DELETE [type]/[id]` (an update's body takes the URL's id) |
//! | deleteCondSingle, deleteCondMultiple | `DELETE [type]?[params]` |
//! | create, search | `POST [type]`, `GET [type]?[params]` (`POST [type]/_search` with method post) |
//! | batch, transaction | `POST [base]` |
//! | capabilities | `GET [base]/metadata` |
//! | named operations (`validate`, `everything`, …) | `POST [type]/[id]/$[code]`, `GET` without a body |

use super::fixtures::Target;
use super::script::{mime_type, Operation, INTERACTIONS};
use super::variables::{substitute, Context};
use super::{HttpRequest, RunSettings};

/// The operation type's code, `""` when it has none.
pub(crate) fn code(operation: &Operation) -> &str {
    operation
        .kind
        .as_ref()
        .and_then(|kind| kind.code.as_deref())
        .unwrap_or_default()
}

/// Whether the code is a named operation (`$code`) rather than a RESTful interaction.
pub(crate) fn is_named(code: &str) -> bool {
    !code.is_empty() && !INTERACTIONS.contains(&code)
}

/// Builds the request; `Err` says why it cannot be built (a missing fixture, a variable without
/// a value).
pub(crate) fn build(
    operation: &Operation,
    context: Context<'_>,
    settings: &RunSettings<'_>,
) -> Result<HttpRequest, String> {
    let code = code(operation);
    let mut body = match &operation.source_id {
        Some(id) => {
            let stored = context.fixtures.get(id)?;
            match &stored.body {
                Some(bytes) => Some(substitute_body(context, bytes)?),
                None => return Err(format!("the fixture {id} has no body")),
            }
        }
        None => None,
    };
    let explicit_method = operation.method.as_deref().map(str::to_ascii_uppercase);
    let method = explicit_method
        .clone()
        .unwrap_or_else(|| default_method(code, body.is_some()).to_string());
    let base = settings.base_url.trim_end_matches('/');
    let mut form_search = false;
    let url = match &operation.url {
        Some(url) => {
            let url = substitute(context, url)?;
            if url.starts_with("http://") || url.starts_with("https://") {
                url
            } else {
                format!("{base}/{}", url.trim_start_matches('/'))
            }
        }
        None => {
            let mut path = path(operation, code, body.as_deref(), context)?;
            if code == "search" && method == "POST" {
                let (before, query) = match path.split_once('?') {
                    Some((before, query)) => (before.to_string(), query.to_string()),
                    None => (path.clone(), String::new()),
                };
                path = format!("{}/_search", before.trim_end_matches('/'));
                if body.is_none() {
                    body = Some(query.into_bytes());
                    form_search = true;
                }
            }
            if path.is_empty() {
                base.to_string()
            } else if path.starts_with('?') {
                format!("{base}{path}")
            } else {
                format!("{base}/{}", path.trim_start_matches('/'))
            }
        }
    };
    let url = if operation.encode_request_url {
        encode_url(&url)
    } else {
        url
    };
    if matches!(code, "update" | "updateCreate") {
        if let Some(bytes) = body.take() {
            body = Some(with_id_of_url(bytes, &url));
        }
    }
    let mut headers = Vec::new();
    let accept = match &operation.accept {
        Some(code) => mime_type(code),
        None => Some("application/fhir+json".to_string()),
    };
    if let Some(accept) = accept {
        headers.push(("Accept".to_string(), accept));
    }
    if let Some(bytes) = &body {
        let content_type = match &operation.content_type {
            Some(code) => mime_type(code),
            None if form_search => Some("application/x-www-form-urlencoded".to_string()),
            None if code == "patch" && bytes.trim_ascii_start().starts_with(b"[") => {
                Some("application/json-patch+json".to_string())
            }
            None => Some("application/fhir+json".to_string()),
        };
        if let Some(content_type) = content_type {
            headers.push(("Content-Type".to_string(), content_type));
        }
    }
    for header in &operation.request_header {
        let value = substitute(context, &header.value)?;
        headers.retain(|(name, _)| !name.eq_ignore_ascii_case(&header.field));
        headers.push((header.field.clone(), value));
    }
    for (name, value) in settings.extra_headers {
        if !headers
            .iter()
            .any(|(field, _)| field.eq_ignore_ascii_case(name))
        {
            headers.push((name.clone(), value.clone()));
        }
    }
    Ok(HttpRequest {
        method,
        url,
        headers,
        body,
    })
}

/// The method of an interaction when `operation.method` does not say.
fn default_method(code: &str, has_body: bool) -> &'static str {
    match code {
        "read" | "vread" | "history" | "search" | "capabilities" => "GET",
        "update" | "updateCreate" => "PUT",
        "patch" => "PATCH",
        "delete" | "deleteCondSingle" | "deleteCondMultiple" => "DELETE",
        "create" | "batch" | "transaction" => "POST",
        _ if has_body => "POST",
        _ => "GET",
    }
}

/// The path after the base when the operation has no `url`.
fn path(
    operation: &Operation,
    code: &str,
    body: Option<&[u8]>,
    context: Context<'_>,
) -> Result<String, String> {
    let named = is_named(code).then(|| format!("${code}"));
    let body_target = body.and_then(body_target);
    if let Some(params) = &operation.params {
        let params = substitute(context, params)?;
        let prefix = match &operation.resource {
            Some(resource) => format!("/{resource}"),
            None => String::new(),
        };
        let separator = if params.starts_with('/') || params.starts_with('?') || params.is_empty() {
            ""
        } else {
            "/"
        };
        let path = format!("{prefix}{separator}{params}");
        return Ok(match named {
            Some(named) if !path.contains(&named) => {
                let (before, query) = match path.split_once('?') {
                    Some((before, query)) => (before.to_string(), format!("?{query}")),
                    None => (path.clone(), String::new()),
                };
                format!("{}/{named}{query}", before.trim_end_matches('/'))
            }
            _ => path,
        });
    }
    if let Some(id) = &operation.target_id {
        let target = context.fixtures.target(id)?;
        return Ok(match code {
            "vread" => match &target.version {
                Some(version) => format!("{}/_history/{version}", target.path()),
                None => return Err(format!("the fixture {id} has no version for a vread")),
            },
            "history" => format!("{}/_history", target.path()),
            "search" | "create" => target.resource_type,
            _ => match named {
                Some(named) => format!("{}/{named}", target.path()),
                None => target.path(),
            },
        });
    }
    let resource_type = operation
        .resource
        .clone()
        .or_else(|| body_target.as_ref().map(|t| t.resource_type.clone()));
    let typed = |suffix: &str| match &resource_type {
        Some(resource_type) if suffix.is_empty() => resource_type.clone(),
        Some(resource_type) => format!("{resource_type}/{suffix}"),
        None => suffix.to_string(),
    };
    Ok(match code {
        "capabilities" => "metadata".to_string(),
        "batch" | "transaction" => String::new(),
        "history" => typed("_history"),
        "create" | "search" | "deleteCondSingle" | "deleteCondMultiple" => typed(""),
        _ => match (&named, &body_target) {
            // A named operation's type is the `resource` element's only: the body may be a
            // Parameters or a message Bundle.
            (Some(named), _) => match &operation.resource {
                Some(resource_type) => format!("{resource_type}/{named}"),
                None => named.clone(),
            },
            (None, Some(target))
                if operation
                    .resource
                    .as_ref()
                    .is_none_or(|r| *r == target.resource_type) =>
            {
                target.path()
            }
            _ => typed(""),
        },
    })
}

/// An update's body with the id of the URL it is sent to: a fixture sent to another instance
/// (`targetId`, `params`) than its own id names keeps its content but takes the target's id, since
/// an R4 server refuses a body whose id differs from the URL's (400). A body that is not a
/// resource of the URL's type is sent as it is.
fn with_id_of_url(bytes: Vec<u8>, url: &str) -> Vec<u8> {
    let path = url.split(['?', '#']).next().unwrap_or_default();
    let mut segments = path.rsplit('/');
    let (Some(id), Some(resource_type)) = (segments.next(), segments.next()) else {
        return bytes;
    };
    let Ok(serde_json::Value::Object(mut resource)) = serde_json::from_slice(&bytes) else {
        return bytes;
    };
    let same_type = resource
        .get("resourceType")
        .and_then(serde_json::Value::as_str)
        == Some(resource_type);
    let same_id = resource.get("id").and_then(serde_json::Value::as_str) == Some(id);
    if !same_type || same_id || id.is_empty() {
        return bytes;
    }
    resource.insert("id".to_string(), serde_json::Value::String(id.to_string()));
    serde_json::to_vec(&resource).unwrap_or(bytes)
}

/// The type and id of a JSON body with both.
fn body_target(body: &[u8]) -> Option<Target> {
    let json: serde_json::Value = serde_json::from_slice(body).ok()?;
    Some(Target {
        resource_type: json.get("resourceType")?.as_str()?.to_string(),
        id: json.get("id")?.as_str()?.to_string(),
        version: None,
    })
}

/// A fixture's body with its `${name}`s replaced (the spec lets fixtures use variables).
fn substitute_body(context: Context<'_>, bytes: &[u8]) -> Result<Vec<u8>, String> {
    match std::str::from_utf8(bytes) {
        Ok(text) if text.contains("${") => Ok(substitute(context, text)?.into_bytes()),
        _ => Ok(bytes.to_vec()),
    }
}

/// Percent-encodes what may not appear in a URL (spaces, quotes, `|`, non-ASCII…), keeping the
/// URL's own delimiters and existing `%XX` escapes.
pub(crate) fn encode_url(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for byte in url.bytes() {
        let keep = byte.is_ascii_alphanumeric()
            || matches!(
                byte,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b':'
                    | b'/'
                    | b'?'
                    | b'#'
                    | b'['
                    | b']'
                    | b'@'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'%'
            );
        if keep {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
