//! What an include or exclude of a ValueSet points at besides its codes: the value sets it imports
//! (known ones, of type ValueSet), a `system` that carries no `|version`, and a `system` that is a
//! code system rather than a value set.

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// `include.valueSet`: each a known value set; more than one is an intersection.
pub(super) fn value_sets(walk: &mut Walk<'_>, include: &JsonValue, path: &str) {
    let imports = include
        .get("valueSet")
        .map(JsonValue::items)
        .unwrap_or_default();
    for (index, import) in imports.iter().enumerate() {
        let Some(canonical) = import.as_str() else {
            continue;
        };
        if canonical.contains("?fhir_vs") {
            continue; // an implicit value set of a code system
        }
        let at = format!("{path}.valueSet[{index}]");
        match walk.defs.resolve(canonical) {
            Some(resource) => {
                let resource_type = resource
                    .get("resourceType")
                    .and_then(Value::as_str)
                    .unwrap_or_default();
                if resource_type != "ValueSet" {
                    walk.sink.warning(
                        IssueType::BusinessRule,
                        "value_set.import_not_value_set",
                        &at,
                        import.pos,
                        format!("The imported value set {canonical} is a {resource_type}, not a ValueSet"),
                    );
                }
            }
            None => walk.sink.warning(
                IssueType::BusinessRule,
                "value_set.import_unknown",
                &at,
                import.pos,
                format!("The imported value set {canonical} is not known, so it cannot be checked"),
            ),
        }
    }
    if imports.len() > 1 {
        walk.sink.warning(
            IssueType::Informational,
            "value_set.import_intersection",
            path,
            include.pos,
            "Importing more than one value set in one include takes their intersection, not their union; use one include for each to take the union".to_string(),
        );
    }
}

/// `system` written as `url|version`: the version belongs in `include.version`.
pub(super) fn system_version(
    walk: &mut Walk<'_>,
    include: &JsonValue,
    path: &str,
    url: &str,
    own: &str,
    version: Option<&str>,
) {
    if own.is_empty() {
        walk.sink.warning(
            IssueType::BusinessRule,
            "value_set.system_version_empty",
            path,
            include.pos,
            format!("The system {url}| ends with a '|' without a version"),
        );
        return;
    }
    let message = match version {
        None => format!("The system carries the version '{own}'; put it in include.version instead"),
        Some(version) if version != own => format!(
            "The system carries the version '{own}', which differs from include.version '{version}'"
        ),
        Some(_) => format!(
            "The system carries the version '{own}', which is already in include.version; remove it from the system"
        ),
    };
    walk.sink.error(
        IssueType::BusinessRule,
        "value_set.system_version",
        path,
        include.pos,
        message,
    );
}

/// A `system` that is the url of a value set: reported with the code systems that value set
/// includes. Returns whether it was one.
pub(super) fn system_is_value_set(
    walk: &mut Walk<'_>,
    include: &JsonValue,
    path: &str,
    system: &str,
    version: Option<&str>,
) -> bool {
    let canonical = match version {
        Some(version) => format!("{system}|{version}"),
        None => system.to_string(),
    };
    let Some(value_set) = walk
        .defs
        .resolve(&canonical)
        .filter(|vs| vs.get("resourceType").and_then(Value::as_str) == Some("ValueSet"))
    else {
        return false;
    };
    let mut systems: Vec<&str> = Vec::new();
    for kind in ["include", "exclude"] {
        for part in value_set
            .get("compose")
            .and_then(|c| c.get(kind))
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(found) = part.get("system").and_then(Value::as_str) {
                if !systems.contains(&found) {
                    systems.push(found);
                }
            }
        }
    }
    let message = match systems.as_slice() {
        [] => format!("The system {system} is a value set, not a code system"),
        [only] => format!("The system {system} is a value set, not a code system; did you mean {only}?"),
        many => format!(
            "The system {system} is a value set, not a code system; it includes the code systems {}",
            many.join(", ")
        ),
    };
    walk.sink.error(
        IssueType::Invalid,
        "value_set.system_is_value_set",
        path,
        include.pos,
        message,
    );
    true
}
