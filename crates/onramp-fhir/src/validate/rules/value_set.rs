//! ValueSet definitions: declared parameters (documented, named `p-…`, used by a filter), and each
//! `compose.include`/`exclude`: its code system named by an absolute URI without a version (a
//! contained one through `#id` is reported, as the reference does), a code system rather than a
//! value set, whose content can be enumerated; codes that can be in that system (local complete
//! code systems by content, SNOMED CT and LOINC by shape); the value sets it imports (see
//! [`imports`]); a system named by an OID that is a known code system's identifier (see
//! [`oid`]); and filters whose property, operator and value fit the code system (see
//! [`super::value_set_filter`]).

mod imports;
mod oid;

use serde_json::Value;

use super::code_syntax::impossible_code;
use super::value_set_filter::{check_filter, Parameters};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// More codes than this in one include are not checked (as the reference does).
const TOO_MANY_CODES: usize = 1000;

const PARAMETER_EXTENSION: &str =
    "http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter";

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let mut parameters = Parameters::default();
    for (index, extension) in json
        .get("extension")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        if extension.get("url").and_then(JsonValue::as_str) != Some(PARAMETER_EXTENSION) {
            continue;
        }
        let part = |url: &str| {
            extension
                .get("extension")
                .map(JsonValue::items)
                .unwrap_or_default()
                .iter()
                .find(|part| part.get("url").and_then(JsonValue::as_str) == Some(url))
                .and_then(|part| {
                    part.members()
                        .find(|(key, _)| key.starts_with("value"))
                        .and_then(|(_, value)| value.as_str())
                })
        };
        let Some(name) = part("name") else {
            continue;
        };
        let at = format!("{path}.extension[{index}]");
        if !name.starts_with("p-") {
            if part("documentation").is_none() {
                walk.sink.warning(
                    IssueType::BusinessRule,
                    "value_set.parameter_no_documentation",
                    &at,
                    extension.pos,
                    format!("The value set parameter '{name}' has no documentation"),
                );
            }
            walk.sink.info(
                IssueType::BusinessRule,
                "value_set.parameter_name",
                &at,
                extension.pos,
                format!(
                    "The value set parameter '{name}' should have a name that starts with 'p-'"
                ),
            );
        }
        parameters.names.push(name.to_string());
        parameters.declared.push((at, extension.pos));
    }
    parameters.used = vec![false; parameters.names.len()];
    if let Some(compose) = json.get("compose") {
        for kind in ["include", "exclude"] {
            for (index, include) in compose
                .get(kind)
                .map(JsonValue::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let include_path = format!("{path}.compose.{kind}[{index}]");
                check_include(walk, json, include, &include_path, &mut parameters);
            }
        }
    }
    for ((name, (at, pos)), used) in parameters
        .names
        .iter()
        .zip(&parameters.declared)
        .zip(&parameters.used)
    {
        if !used {
            walk.sink.warning(
                IssueType::BusinessRule,
                "value_set.parameter_not_used",
                at,
                *pos,
                format!("The value set parameter '{name}' is not used"),
            );
        }
    }
}

fn check_include(
    walk: &mut Walk<'_>,
    value_set: &JsonValue,
    include: &JsonValue,
    path: &str,
    parameters: &mut Parameters,
) {
    imports::value_sets(walk, include, path);
    let concepts = include
        .get("concept")
        .map(JsonValue::items)
        .unwrap_or_default();
    let filters = include
        .get("filter")
        .map(JsonValue::items)
        .unwrap_or_default();
    let Some(mut system) = include.get("system").and_then(JsonValue::as_str) else {
        if !concepts.is_empty() || !filters.is_empty() {
            walk.sink.warning(
                IssueType::BusinessRule,
                "value_set.no_system",
                path,
                include.pos,
                "An include or exclude without a system cannot list concepts or filters"
                    .to_string(),
            );
        }
        return;
    };
    let version = include.get("version").and_then(JsonValue::as_str);
    if let Some((url, own)) = system.split_once('|') {
        imports::system_version(walk, include, path, url, own, version);
        system = url;
    }
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
            contained_code_system(walk, value_set, include, id, version, path);
        }
        return;
    }
    let code_system = local_code_system(walk, system, version);
    match &code_system {
        Some(code_system) if super::code_system::is_supplement(code_system) => {
            walk.sink.error(
                IssueType::Invalid,
                "value_set.include_supplement",
                path,
                include.pos,
                format!("The code system {system} is a supplement, so it cannot be included in a value set"),
            );
            return;
        }
        Some(code_system) => {
            let content = code_system.get("content").and_then(Value::as_str);
            let message = format!(
                "The code system {system} has the content '{}', so the codes it holds may not be all of its codes",
                content.unwrap_or("null")
            );
            match content {
                None | Some("example") => walk.sink.warning(
                    IssueType::Invalid,
                    "value_set.include_content",
                    path,
                    include.pos,
                    message,
                ),
                Some("fragment") => walk.sink.info(
                    IssueType::Invalid,
                    "value_set.include_content",
                    path,
                    include.pos,
                    message,
                ),
                _ => {}
            }
        }
        None => {
            oid::check(walk, include, path, system);
            if imports::system_is_value_set(walk, include, path, system, version) {
                return;
            }
        }
    }
    if concepts.len() > TOO_MANY_CODES {
        walk.sink.info(
            IssueType::BusinessRule,
            "value_set.too_many_codes",
            path,
            include.pos,
            format!(
                "The include lists {} codes, too many to check them all",
                concepts.len()
            ),
        );
    } else {
        for (index, concept) in concepts.iter().enumerate() {
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
    }
    for (index, filter) in filters.iter().enumerate() {
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

/// `#id` must name exactly one contained CodeSystem (of the version asked for), reported besides
/// the absolute-URI rule.
fn contained_code_system(
    walk: &mut Walk<'_>,
    value_set: &JsonValue,
    include: &JsonValue,
    id: &str,
    version: Option<&str>,
    path: &str,
) {
    let mut matching = 0;
    for resource in value_set
        .get("contained")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter(|contained| contained.get("id").and_then(JsonValue::as_str) == Some(id))
    {
        let resource_type = resource
            .get("resourceType")
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        if resource_type != "CodeSystem" {
            walk.sink.error(
                IssueType::Invalid,
                "value_set.contained_system",
                path,
                include.pos,
                format!("The contained resource #{id} is a {resource_type}, not a CodeSystem"),
            );
        } else if version.is_none()
            || version == resource.get("version").and_then(JsonValue::as_str)
        {
            matching += 1;
        }
    }
    let versioned = match version {
        Some(version) => format!("#{id} (version {version})"),
        None => format!("#{id}"),
    };
    let problem = match matching {
        0 => Some((
            "value_set.contained_system",
            format!("The code system {versioned} is not contained in this value set"),
        )),
        1 => None,
        _ => Some((
            "value_set.contained_system_duplicate",
            format!("More than one code system {versioned} is contained in this value set"),
        )),
    };
    if let Some((id, message)) = problem {
        walk.sink
            .error(IssueType::Invalid, id, path, include.pos, message);
    }
}
