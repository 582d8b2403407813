//! ValueSet definitions: each `compose.include`/`exclude` names its code system by an absolute URI
//! (a contained one through `#id` is reported, as the reference does), lists codes that can be in
//! that system (local complete code systems by content, SNOMED CT and LOINC by shape), and uses
//! filters whose property, operator and value fit the code system (see [`super::value_set_filter`]).

use serde_json::Value;

use super::code_syntax::impossible_code;
use super::value_set_filter::{check_filter, Parameters};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const PARAMETER_EXTENSION: &str =
    "http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter";

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let mut parameters = Parameters::default();
    for extension in json
        .get("extension")
        .map(JsonValue::items)
        .unwrap_or_default()
    {
        if extension.get("url").and_then(JsonValue::as_str) != Some(PARAMETER_EXTENSION) {
            continue;
        }
        for part in extension
            .get("extension")
            .map(JsonValue::items)
            .unwrap_or_default()
        {
            if part.get("url").and_then(JsonValue::as_str) == Some("name") {
                let name = part
                    .members()
                    .find(|(key, _)| key.starts_with("value"))
                    .and_then(|(_, value)| value.as_str());
                if let Some(name) = name {
                    parameters.names.push(name.to_string());
                }
            }
        }
    }
    let Some(compose) = json.get("compose") else {
        return;
    };
    for kind in ["include", "exclude"] {
        for (index, include) in compose
            .get(kind)
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let include_path = format!("{path}.compose.{kind}[{index}]");
            check_include(walk, json, include, &include_path, &parameters);
        }
    }
}

fn check_include(
    walk: &mut Walk<'_>,
    value_set: &JsonValue,
    include: &JsonValue,
    path: &str,
    parameters: &Parameters,
) {
    let Some(system) = include.get("system").and_then(JsonValue::as_str) else {
        return;
    };
    let version = include.get("version").and_then(JsonValue::as_str);
    if !is_absolute_uri(system) {
        let message = if system.starts_with('#') {
            "URI values in ValueSet.compose.include.system must be absolute. To reference a contained code system, use the full CodeSystem URL and reference it using the http://hl7.org/fhir/StructureDefinition/valueset-system extension".to_string()
        } else {
            format!("URI values in ValueSet.compose.include.system must be absolute ({system})")
        };
        walk.sink.error(
            IssueType::Invalid,
            "value_set.system_not_absolute",
            path,
            include.pos,
            message,
        );
        if let Some(id) = system.strip_prefix('#') {
            contained_code_system(walk, value_set, include, id, path);
        }
        return;
    }
    let code_system = local_code_system(walk, system, version);
    if let Some(code_system) = &code_system {
        if super::code_system::is_supplement(code_system) {
            walk.sink.error(
                IssueType::Invalid,
                "value_set.include_supplement",
                path,
                include.pos,
                format!("The code system {system} is a supplement, so it cannot be included in a value set"),
            );
            return;
        }
    }
    for (index, concept) in include
        .get("concept")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(code) = concept.get("code").and_then(JsonValue::as_str) else {
            continue;
        };
        if let Some(reason) = code_problem(code_system.as_deref(), system, code) {
            walk.sink.error(
                IssueType::BusinessRule,
                "value_set.include_unknown_code",
                &format!("{path}.concept[{index}]"),
                concept.pos,
                format!("The code '{code}' is not valid in the system {system} ({reason})"),
            );
        }
    }
    for (index, filter) in include
        .get("filter")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let filter_path = format!("{path}.filter[{index}]");
        check_filter(
            walk,
            filter,
            &filter_path,
            system,
            code_system.as_deref(),
            parameters,
        );
    }
}

/// Why `code` cannot be in `system`: unknown in a complete local code system, or (when the
/// packages do not hold its content) of a shape the external system does not use.
pub(crate) fn code_problem(
    code_system: Option<&Value>,
    system: &str,
    code: &str,
) -> Option<String> {
    let complete =
        code_system.filter(|cs| cs.get("content").and_then(Value::as_str) == Some("complete"));
    match complete {
        Some(code_system) => {
            let known = code_system
                .get("concept")
                .is_some_and(|all| super::binding::has_concept(all, code, 0));
            (!known).then(|| {
                let version = code_system
                    .get("version")
                    .and_then(Value::as_str)
                    .unwrap_or("null");
                format!("Unknown code '{code}' in the CodeSystem '{system}' version '{version}'")
            })
        }
        None => impossible_code(system, code).map(str::to_string),
    }
}

/// The code system of the packages with this URL (and version, when given).
pub(crate) fn local_code_system(
    walk: &Walk<'_>,
    system: &str,
    version: Option<&str>,
) -> Option<std::sync::Arc<Value>> {
    let canonical = match version {
        Some(version) => format!("{system}|{version}"),
        None => system.to_string(),
    };
    walk.defs
        .resolve(&canonical)
        .filter(|cs| cs.get("resourceType").and_then(Value::as_str) == Some("CodeSystem"))
}

/// `scheme:rest`, with a scheme as RFC 3986 defines it.
fn is_absolute_uri(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    !rest.is_empty()
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `#id` must name a contained CodeSystem (reported besides the absolute-URI rule).
fn contained_code_system(
    walk: &mut Walk<'_>,
    value_set: &JsonValue,
    include: &JsonValue,
    id: &str,
    path: &str,
) {
    let found = value_set
        .get("contained")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .find(|contained| contained.get("id").and_then(JsonValue::as_str) == Some(id));
    let problem = match found {
        None => Some(format!(
            "The code system #{id} is not contained in this value set"
        )),
        Some(resource) => {
            let resource_type = resource
                .get("resourceType")
                .and_then(JsonValue::as_str)
                .unwrap_or_default();
            (resource_type != "CodeSystem").then(|| {
                format!("The contained resource #{id} is a {resource_type}, not a CodeSystem")
            })
        }
    };
    if let Some(message) = problem {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.contained_system",
            path,
            include.pos,
            message,
        );
    }
}
