//! Asserts: each kind (`response`, `responseCode`, `contentType`, `headerField`, `resource`,
//! `minimumId`, `navigationLinks`, `expression`, `path`, `compareToSourceId`,
//! `validateProfileId`, `requestMethod`, `requestURL`) read from the assert's source — the
//! `sourceId` fixture, else the last request (`direction = request`) or the last response — and
//! compared with [`super::operators::compare`]. `warningOnly` turns a failure into a warning.

use serde_json::Value;

use super::fixtures::Stored;
use super::operators::{compare, show};
use super::script::{response_status, Assert};
use super::variables::{evaluate, substitute, Context};
use super::{ActionResult, RunSettings};
use crate::validate::Severity;

/// What an assert concluded: a result, and a message saying what was expected and found.
pub(crate) struct Verdict {
    pub result: ActionResult,
    pub message: String,
}

/// Evaluates one assert.
pub(crate) fn evaluate_assert(
    assertion: &Assert,
    context: Context<'_>,
    settings: &RunSettings<'_>,
) -> Verdict {
    let (result, message) = match check(assertion, context, settings) {
        Ok(Check::Pass(message)) => (ActionResult::Pass, message),
        Ok(Check::Warning(message)) => (ActionResult::Warning, message),
        Ok(Check::Fail(message)) if assertion.warning_only => {
            (ActionResult::Warning, format!("{message} (warning only)"))
        }
        Ok(Check::Fail(message)) => (ActionResult::Fail, message),
        Err(message) => (ActionResult::Error, message),
    };
    let message = match assertion.title() {
        Some(title) => format!("{}: {message}", title.trim_end_matches('.')),
        None => message,
    };
    Verdict { result, message }
}

enum Check {
    Pass(String),
    Warning(String),
    Fail(String),
}

fn verdict(outcome: Result<String, String>) -> Check {
    match outcome {
        Ok(message) => Check::Pass(message),
        Err(message) => Check::Fail(message),
    }
}

/// `Err` when the assert could not be evaluated (no response yet, a variable without a value).
fn check(
    assertion: &Assert,
    context: Context<'_>,
    settings: &RunSettings<'_>,
) -> Result<Check, String> {
    let operator = assertion.operator.as_deref().unwrap_or("equals");
    let value = match &assertion.value {
        Some(value) => Some(substitute(context, value)?),
        None => None,
    };
    if let Some(method) = &assertion.request_method {
        let request = request(assertion, context)?;
        let found: Vec<String> = request.method.into_iter().collect();
        return Ok(verdict(compare(
            operator,
            "request method",
            &found,
            Some(&method.to_ascii_lowercase()),
        )));
    }
    if let Some(url) = &assertion.request_url {
        let expected = substitute(context, url)?;
        let request = request(assertion, context)?;
        let found = request.url.unwrap_or_default();
        let base = settings.base_url.trim_end_matches('/');
        let relative = found
            .strip_prefix(base)
            .unwrap_or(&found)
            .trim_start_matches('/')
            .to_string();
        let same = operator == "equals"
            && (found == expected || relative == expected.trim_start_matches('/'));
        if same {
            return Ok(Check::Pass(format!("request URL is {found}")));
        }
        return Ok(verdict(compare(
            operator,
            "request URL",
            &[found],
            Some(&expected),
        )));
    }
    let source = source(assertion, context)?;
    if let Some(response) = &assertion.response {
        let codes: Vec<String> = response
            .split(',')
            .map(str::trim)
            .map(|code| response_status(code).map_or(code.to_string(), |s| s.to_string()))
            .collect();
        return Ok(verdict(compare(
            operator,
            "response code",
            &status(&source)?,
            Some(&codes.join(",")),
        )));
    }
    if let Some(code) = &assertion.response_code {
        return Ok(verdict(compare(
            operator,
            "response code",
            &status(&source)?,
            Some(code),
        )));
    }
    if let Some(expected) = &assertion.content_type {
        return Ok(verdict(content_type(operator, &source, expected)));
    }
    if let Some(field) = &assertion.header_field {
        let field = substitute(context, field)?;
        let found: Vec<String> = source.header(&field).into_iter().collect();
        return Ok(verdict(compare(
            operator,
            &format!("header {field}"),
            &found,
            value.as_deref(),
        )));
    }
    if let Some(resource) = &assertion.resource {
        let found: Vec<String> = source
            .json()
            .and_then(|json| json.get("resourceType")?.as_str().map(str::to_string))
            .into_iter()
            .collect();
        return Ok(verdict(compare(
            operator,
            "resource type",
            &found,
            Some(resource),
        )));
    }
    if let Some(id) = &assertion.minimum_id {
        let minimum = context
            .fixtures
            .get(id)?
            .json()
            .ok_or_else(|| format!("the minimum fixture {id} is not JSON"))?;
        let found = source
            .json()
            .ok_or_else(|| "the body is not JSON".to_string())?;
        let root = found
            .get("resourceType")
            .and_then(Value::as_str)
            .unwrap_or("body")
            .to_string();
        return Ok(verdict(
            contains(&found, &minimum, &root, true)
                .map(|()| format!("the body contains everything of the fixture {id}"))
                .map_err(|missing| format!("the body lacks {missing} of the fixture {id}")),
        ));
    }
    if let Some(expected) = assertion.navigation_links {
        return Ok(verdict(navigation_links(&source, expected)));
    }
    if let Some(profile_id) = &assertion.validate_profile_id {
        return validate(context, settings, profile_id, &source);
    }
    let expression = assertion.expression.as_ref().or(assertion.path.as_ref());
    let compared = match (
        &assertion.compare_to_source_id,
        assertion
            .compare_to_source_expression
            .as_ref()
            .or(assertion.compare_to_source_path.as_ref()),
    ) {
        (Some(id), Some(compare_expression)) => {
            let compare_expression = substitute(context, compare_expression)?;
            let fixture = context.fixtures.get(id)?;
            Some((
                compare_expression.clone(),
                evaluate(context.engine, &compare_expression, fixture)?,
            ))
        }
        _ => None,
    };
    let expression = match (expression, &compared) {
        (Some(expression), _) => substitute(context, expression)?,
        // Only compareToSource: the same expression on the assert's source.
        (None, Some((compare_expression, _))) => compare_expression.clone(),
        (None, None) => return Err("the assert checks nothing".to_string()),
    };
    let found = evaluate(context.engine, &expression, &source)?;
    let texts: Vec<String> = found.iter().map(|value| value.text.clone()).collect();
    if let Some((compare_expression, expected)) = compared.filter(|_| value.is_none()) {
        let expected: Vec<String> = expected.into_iter().map(|value| value.text).collect();
        let joined = expected.join(",");
        let what = format!(
            "{expression} (the fixture's {compare_expression} is {})",
            show(&expected)
        );
        let found = if texts.is_empty() {
            Vec::new()
        } else {
            vec![texts.join(",")]
        };
        return Ok(verdict(compare(operator, &what, &found, Some(&joined))));
    }
    let is_eval = operator == "eval" || (assertion.operator.is_none() && value.is_none());
    if is_eval {
        let holds = matches!(found.as_slice(), [one] if one.boolean == Some(true));
        return Ok(if holds {
            Check::Pass(format!("{expression} is true"))
        } else {
            Check::Fail(format!(
                "expected {expression} to be true, got {}",
                show(&texts)
            ))
        });
    }
    Ok(verdict(compare(
        operator,
        &expression,
        &texts,
        value.as_deref(),
    )))
}

/// What the assert looks at: its `sourceId`, else the last request or response.
fn source(assertion: &Assert, context: Context<'_>) -> Result<Stored, String> {
    if let Some(id) = &assertion.source_id {
        return context.fixtures.get(id).cloned();
    }
    let last = if assertion.is_request() {
        &context.fixtures.last_request
    } else {
        &context.fixtures.last_response
    };
    last.clone().ok_or_else(|| {
        if assertion.is_request() {
            "no request has been sent yet".to_string()
        } else {
            "no response has been received yet".to_string()
        }
    })
}

/// The request `requestMethod` and `requestURL` look at: a `sourceId` request fixture, else the
/// last request.
fn request(assertion: &Assert, context: Context<'_>) -> Result<Stored, String> {
    if let Some(stored) = assertion
        .source_id
        .as_ref()
        .and_then(|id| context.fixtures.get(id).ok())
        .filter(|stored| stored.method.is_some())
    {
        return Ok(stored.clone());
    }
    context
        .fixtures
        .last_request
        .clone()
        .ok_or_else(|| "no request has been sent yet".to_string())
}

fn status(source: &Stored) -> Result<Vec<String>, String> {
    source
        .status
        .map(|status| vec![status.to_string()])
        .ok_or_else(|| "the source is not a response".to_string())
}

/// `contentType`: `json` is `application/fhir+json` or `application/json` (and the DSTU2
/// `application/json+fhir`), `xml` likewise; anything else is a MIME type.
fn content_type(operator: &str, source: &Stored, expected: &str) -> Result<String, String> {
    let found = source
        .header("Content-Type")
        .map(|value| {
            value
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let accepted: Vec<&str> = match expected {
        "json" => vec![
            "application/fhir+json",
            "application/json",
            "application/json+fhir",
        ],
        "xml" => vec![
            "application/fhir+xml",
            "application/xml",
            "application/xml+fhir",
            "text/xml",
        ],
        "ttl" => vec!["text/turtle"],
        other => vec![other],
    };
    let matches = accepted.contains(&found.as_str());
    let shown = if found.is_empty() {
        "no Content-Type".to_string()
    } else {
        found.clone()
    };
    match operator {
        "equals" if matches => Ok(format!("content type is {found}")),
        "equals" => Err(format!("expected content type {expected}, got {shown}")),
        "notEquals" if !matches => Ok(format!("content type is {shown}")),
        "notEquals" => Err(format!("expected content type not {expected}, got {found}")),
        other => {
            let found: Vec<String> = (!found.is_empty()).then_some(found).into_iter().collect();
            compare(other, "content type", &found, Some(expected))
        }
    }
}

/// Whether `found` holds everything of `minimum`: objects member by member, arrays item by item
/// (each item of the minimum in some item found), primitives equal. The root's `id` and `meta`
/// are the server's and are not compared.
fn contains(found: &Value, minimum: &Value, path: &str, root: bool) -> Result<(), String> {
    match (found, minimum) {
        (Value::Object(found), Value::Object(minimum)) => {
            for (key, expected) in minimum {
                if root && (key == "id" || key == "meta") {
                    continue;
                }
                let at = format!("{path}.{key}");
                match found.get(key) {
                    Some(value) => contains(value, expected, &at, false)?,
                    None => return Err(at),
                }
            }
            Ok(())
        }
        (Value::Array(found), Value::Array(minimum)) => {
            for (index, expected) in minimum.iter().enumerate() {
                let at = format!("{path}[{index}]");
                if !found
                    .iter()
                    .any(|value| contains(value, expected, &at, false).is_ok())
                {
                    return Err(at);
                }
            }
            Ok(())
        }
        (Value::Number(a), Value::Number(b)) => {
            let same = a == b || a.as_f64().zip(b.as_f64()).is_some_and(|(a, b)| a == b);
            if same {
                Ok(())
            } else {
                Err(format!("{path} = {b}"))
            }
        }
        (found, minimum) if found == minimum => Ok(()),
        (_, minimum) => Err(format!("{path} = {minimum}")),
    }
}

/// `navigationLinks`: true — the Bundle has `first` and `last` links, and a `next` link when it
/// says it has more matches than it holds and is the first page (no `previous`); false — it has
/// none of `first`, `last`, `next`.
fn navigation_links(source: &Stored, expected: bool) -> Result<String, String> {
    let Some(bundle) = source
        .json()
        .filter(|json| json.get("resourceType").and_then(Value::as_str) == Some("Bundle"))
    else {
        return Err(
            "expected a Bundle with navigation links, the body is not a Bundle".to_string(),
        );
    };
    let relations: Vec<String> = bundle
        .get("link")
        .and_then(Value::as_array)
        .map(|links| {
            links
                .iter()
                .filter_map(|link| link.get("relation")?.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let has = |relation: &str| relations.iter().any(|r| r == relation);
    let entries = bundle
        .get("entry")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let total = bundle.get("total").and_then(Value::as_u64);
    let more =
        total.is_some_and(|total| total > entries as u64) && !has("previous") && !has("prev");
    let shown = format!("links [{}]", relations.join(", "));
    if expected {
        let mut missing: Vec<&str> = ["first", "last"].into_iter().filter(|r| !has(r)).collect();
        if more && !has("next") {
            missing.push("next");
        }
        if missing.is_empty() {
            Ok(format!("the Bundle has its navigation {shown}"))
        } else {
            Err(format!(
                "expected navigation links, the Bundle lacks {} ({shown})",
                missing.join(", ")
            ))
        }
    } else {
        let present: Vec<&str> = ["first", "last", "next"]
            .into_iter()
            .filter(|r| has(r))
            .collect();
        if present.is_empty() {
            Ok(format!("the Bundle has no navigation links ({shown})"))
        } else {
            Err(format!(
                "expected no navigation links, the Bundle has {}",
                present.join(", ")
            ))
        }
    }
}

/// `validateProfileId`: errors fail, warnings give a warning.
fn validate(
    context: Context<'_>,
    settings: &RunSettings<'_>,
    profile_id: &str,
    source: &Stored,
) -> Result<Check, String> {
    let Some(validator) = settings.validator else {
        return Ok(Check::Fail(format!(
            "cannot validate against {profile_id}: no validator was given to the engine"
        )));
    };
    let reference = context
        .script
        .profiles
        .iter()
        .find(|profile| profile.id.as_deref() == Some(profile_id))
        .and_then(|profile| profile.reference.clone())
        .ok_or_else(|| format!("no profile has the id {profile_id}"))?;
    let profiles = validator
        .profiles(std::slice::from_ref(&reference))
        .map_err(|error| error.to_string())?;
    let body = source
        .body
        .as_deref()
        .filter(|body| !body.is_empty())
        .ok_or_else(|| "there is no body to validate".to_string())?;
    let issues = validator.validate_bytes(body, &profiles);
    let describe = |severity: &dyn Fn(Severity) -> bool| -> Vec<String> {
        issues
            .iter()
            .filter(|issue| severity(issue.severity))
            .map(|issue| format!("{} ({})", issue.message, issue.expression))
            .collect()
    };
    let errors = describe(&|severity: Severity| severity.is_error());
    let warnings = describe(&|severity: Severity| severity == Severity::Warning);
    Ok(if !errors.is_empty() {
        Check::Fail(format!(
            "not valid against {reference}: {} error(s): {}",
            errors.len(),
            errors.join("; ")
        ))
    } else if !warnings.is_empty() {
        Check::Warning(format!(
            "valid against {reference} with {} warning(s): {}",
            warnings.len(),
            warnings.join("; ")
        ))
    } else {
        Check::Pass(format!("valid against {reference}"))
    })
}
