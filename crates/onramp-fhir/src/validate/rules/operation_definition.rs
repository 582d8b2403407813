//! OperationDefinition authoring rules (the reference's OperationDefinitionValidator): an
//! `inputProfile` or `outputProfile` is a known profile on Parameters, and its parameter slices
//! agree with the operation's parameters of that direction (cardinality, types, target profiles).

use serde_json::Value;

use crate::json::{JsonValue, Pos};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Checks a OperationDefinition resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    for (key, usage) in [("inputProfile", "in"), ("outputProfile", "out")] {
        if let Some(profile) = json.get(key) {
            if let Some(url) = profile.as_str() {
                let at = format!("{path}.{key}");
                check_profile(walk, json, &at, profile.pos, url, usage, path);
            }
        }
    }
}

fn text<'a>(json: &'a JsonValue, key: &str) -> Option<&'a str> {
    json.get(key).and_then(JsonValue::as_str)
}

fn field<'a>(json: &'a Value, key: &str) -> Option<&'a str> {
    json.get(key).and_then(Value::as_str)
}

fn check_profile(
    walk: &mut Walk<'_>,
    json: &JsonValue,
    at: &str,
    pos: Pos,
    url: &str,
    usage: &str,
    path: &str,
) {
    let definition = walk
        .defs
        .resolve(url)
        .filter(|d| field(d, "resourceType") == Some("StructureDefinition"));
    let Some(definition) = definition else {
        walk.sink.error(
            IssueType::NotFound,
            "operation_definition.profile_not_found",
            at,
            pos,
            format!("The {usage} profile {url} cannot be found"),
        );
        return;
    };
    if field(&definition, "type") != Some("Parameters") {
        walk.sink.error(
            IssueType::Invalid,
            "operation_definition.profile_not_parameters",
            at,
            pos,
            format!(
                "The {usage} profile {url} must be a profile on Parameters, but it is on {}",
                field(&definition, "type").unwrap_or_default()
            ),
        );
        return;
    }
    let Some(snapshot) = crate::validate::snapshot::with_snapshot(walk.defs, &definition, 0) else {
        return;
    };
    let elements: &[Value] = snapshot
        .pointer("/snapshot/element")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let parameters = json
        .get("parameter")
        .map(JsonValue::items)
        .unwrap_or_default();
    let mut matched = vec![false; parameters.len()];
    for slice in elements
        .iter()
        .filter(|e| field(e, "path") == Some("Parameters.parameter"))
    {
        let Some(slice_name) = field(slice, "sliceName") else {
            continue;
        };
        let Some(name) = fixed_name(elements, slice_name) else {
            continue;
        };
        let found = parameters
            .iter()
            .position(|p| text(p, "name") == Some(name.as_str()) && text(p, "use") == Some(usage));
        let Some(found) = found else {
            walk.sink.warning(
                IssueType::NotFound,
                "operation_definition.profile_parameter_missing",
                at,
                pos,
                format!("The {usage} profile has a parameter '{name}' that the operation does not define"),
            );
            continue;
        };
        if let Some(flag) = matched.get_mut(found) {
            *flag = true;
        }
        let param_at = format!("{path}.parameter[{found}]");
        if let Some(parameter) = parameters.get(found) {
            compare(
                walk, elements, slice, slice_name, parameter, &param_at, usage, &name,
            );
        }
    }
    for (index, parameter) in parameters.iter().enumerate() {
        if matched.get(index) == Some(&true) || text(parameter, "use") != Some(usage) {
            continue;
        }
        walk.sink.warning(
            IssueType::NotFound,
            "operation_definition.parameter_not_in_profile",
            &format!("{path}.parameter[{index}]"),
            parameter.pos,
            format!(
                "The {usage} parameter '{}' is not in the {usage} profile",
                text(parameter, "name").unwrap_or_default()
            ),
        );
    }
}

/// The name a parameter slice fixes (`Parameters.parameter:x.name`).
fn fixed_name(elements: &[Value], slice_name: &str) -> Option<String> {
    let id = format!("Parameters.parameter:{slice_name}.name");
    let element = elements
        .iter()
        .find(|e| field(e, "id") == Some(id.as_str()))?;
    element
        .as_object()?
        .iter()
        .find(|(key, _)| key.starts_with("fixed") || key.starts_with("pattern"))
        .and_then(|(_, value)| value.as_str())
        .map(str::to_string)
}

/// A child of a slice: the slice's own, or the unsliced element's.
fn slice_child<'a>(elements: &'a [Value], slice_name: &str, child: &str) -> Option<&'a Value> {
    let own = format!("Parameters.parameter:{slice_name}.{child}");
    let general = format!("Parameters.parameter.{child}");
    elements
        .iter()
        .find(|e| field(e, "id") == Some(own.as_str()))
        .or_else(|| {
            elements
                .iter()
                .find(|e| field(e, "id") == Some(general.as_str()))
        })
}

fn parse_max(max: Option<&str>) -> Option<u64> {
    match max {
        Some("*") => Some(u64::MAX),
        Some(number) => number.parse().ok(),
        None => None,
    }
}

#[allow(clippy::too_many_arguments)]
fn compare(
    walk: &mut Walk<'_>,
    elements: &[Value],
    slice: &Value,
    slice_name: &str,
    parameter: &JsonValue,
    at: &str,
    usage: &str,
    name: &str,
) {
    let pos = parameter.pos;
    let mismatch = |walk: &mut Walk<'_>, what: &str, own: String, profile: String| {
        walk.sink.error(
            IssueType::Invalid,
            "operation_definition.profile_cardinality",
            at,
            pos,
            format!(
                "The {usage} parameter '{name}' has {what} {own}, but the profile says {profile}"
            ),
        );
    };
    let own_min = parameter
        .get("min")
        .and_then(|m| m.number_text())
        .and_then(|m| m.parse::<u64>().ok());
    let profile_min = slice.get("min").and_then(Value::as_u64).unwrap_or(0);
    if let Some(own_min) = own_min.filter(|m| *m != profile_min) {
        mismatch(walk, "min", own_min.to_string(), profile_min.to_string());
    }
    let own_max = parse_max(text(parameter, "max"));
    let profile_max = parse_max(field(slice, "max"));
    if let (Some(own), Some(profile)) = (own_max, profile_max) {
        if own != profile {
            mismatch(
                walk,
                "max",
                text(parameter, "max").unwrap_or_default().to_string(),
                field(slice, "max").unwrap_or_default().to_string(),
            );
        }
    }
    let mut allowed: Vec<String> = Vec::new();
    if let Some(type_code) = text(parameter, "type") {
        allowed.push(type_code.to_string());
    }
    let allowed_targets: Vec<&str> = parameter
        .get("targetProfile")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter_map(JsonValue::as_str)
        .collect();
    let value = slice_child(elements, slice_name, "value[x]");
    let resource = slice_child(elements, slice_name, "resource");
    let part = slice_child(elements, slice_name, "part");
    let min_of = |e: Option<&Value>| {
        e.and_then(|e| e.get("min"))
            .and_then(Value::as_u64)
            .unwrap_or(0)
    };
    let used = |focus: Option<&Value>, others: [Option<&Value>; 2]| {
        focus.is_some_and(|f| field(f, "max") != Some("0"))
            && others.iter().all(|o| min_of(*o) == 0)
    };
    let mut profile_types: Vec<String> = Vec::new();
    let mut profile_targets: Vec<String> = Vec::new();
    for (focus, others) in [(value, [resource, part]), (resource, [value, part])] {
        let Some(focus) = focus.filter(|_| used(focus, others)) else {
            continue;
        };
        for type_ref in focus
            .get("type")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
        {
            let Some(code) = field(type_ref, "code") else {
                continue;
            };
            profile_types.push(code.to_string());
            for target in type_ref
                .get("targetProfile")
                .and_then(Value::as_array)
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if let Some(target) = target.as_str() {
                    profile_targets.push(target.to_string());
                }
            }
            if !allowed.iter().any(|a| a == code) {
                walk.sink.error(
                    IssueType::Invalid,
                    "operation_definition.profile_type_not_in_parameter",
                    at,
                    pos,
                    format!("The {usage} profile allows the type {code} for the parameter '{name}', but the parameter allows {}", allowed.join(" and ")),
                );
            }
        }
    }
    for type_code in &allowed {
        if !profile_types.contains(type_code) {
            walk.sink.error(
                IssueType::Invalid,
                "operation_definition.parameter_type_not_in_profile",
                at,
                pos,
                format!("The parameter '{name}' allows the type {type_code}, but the {usage} profile allows {}", profile_types.join(" and ")),
            );
        }
    }
    for target in &allowed_targets {
        if !profile_targets.iter().any(|t| t == target) {
            walk.sink.error(
                IssueType::Invalid,
                "operation_definition.parameter_target_not_in_profile",
                at,
                pos,
                format!("The parameter '{name}' allows the target profile {target}, but the {usage} profile allows {}", profile_targets.join(" and ")),
            );
        }
    }
    for target in &profile_targets {
        if !allowed_targets.contains(&target.as_str()) {
            walk.sink.error(
                IssueType::Invalid,
                "operation_definition.profile_target_not_in_parameter",
                at,
                pos,
                format!("The {usage} profile allows the target profile {target} for the parameter '{name}', but the parameter allows {}", allowed_targets.join(" and ")),
            );
        }
    }
}
