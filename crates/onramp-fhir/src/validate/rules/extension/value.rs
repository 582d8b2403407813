//! The shape of an extension against its definition: a simple extension (one whose definition
//! allows a value) has a value of one of the allowed types and no nested extensions instead; a
//! complex extension's nested extensions with relative urls are among its slices.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::Profile;
use crate::validate::walk::{is_primitive_code, Item, Walk};

/// The value types the definition allows (empty for a complex extension, whose value is `0..0`).
fn allowed_types(definition: &Profile) -> Vec<&str> {
    let Some(value) = definition
        .nodes
        .iter()
        .find(|n| n.path.starts_with("Extension.value"))
    else {
        return Vec::new();
    };
    if value.max == Some(0) {
        return Vec::new();
    }
    value.types.iter().map(|t| t.code.as_str()).collect()
}

/// The type of the extension's value, from its property name (`valueString` → `string`).
fn value_type(walk: &Walk<'_>, json: &JsonValue) -> Option<String> {
    let object = json.as_object()?;
    // A primitive value may be only its `_valueX` companion (an id or extensions, no value).
    let name = object
        .keys()
        .find_map(|k| k.strip_prefix("value").or_else(|| k.strip_prefix("_value")))?;
    let mut chars = name.chars();
    let first = chars.next()?;
    let lowered = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
    Some(if is_primitive_code(walk.defs, &lowered) {
        lowered
    } else {
        name.to_string()
    })
}

/// Checks the value against the definition's value types.
pub(super) fn check(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    json: &JsonValue,
    url: &str,
    definition: &Profile,
) {
    let allowed = allowed_types(definition);
    match value_type(walk, json) {
        Some(actual) => {
            if !allowed.contains(&actual.as_str()) {
                walk.sink.error(
                    IssueType::Structure,
                    "extension.value_type",
                    &item.path,
                    item.pos,
                    format!(
                        "The extension {url} allows the types [{}] but found the type {actual}",
                        allowed.join(", ")
                    ),
                );
            }
        }
        None if allowed.is_empty() => {}
        None if json.get("extension").is_some() => walk.sink.error(
            IssueType::Structure,
            "extension.simple_with_extensions",
            &item.path,
            item.pos,
            format!("The extension {url} is a simple extension (it has a value, of the types [{}]), so it must not contain nested extensions instead", allowed.join(", ")),
        ),
        None => walk.sink.error(
            IssueType::Structure,
            "extension.simple_without_value",
            &item.path,
            item.pos,
            format!(
                "The extension {url} is a simple extension, so it must have a value (of the types [{}])",
                allowed.join(", ")
            ),
        ),
    }
    check_relative_parts(walk, item, json, definition);
}

/// Nested extensions with a relative url (`"url": "part"`) must be slices of the complex
/// extension (an `Extension.extension.url` fixed to that name).
fn check_relative_parts(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    json: &JsonValue,
    definition: &Profile,
) {
    let Some(parts) = json.get("extension").and_then(JsonValue::as_array) else {
        return;
    };
    for (index, part) in parts.iter().enumerate() {
        let Some(name) = part.get("url").and_then(JsonValue::as_str) else {
            continue;
        };
        if name.contains(':') {
            continue;
        }
        let sliced = definition.nodes.iter().any(|n| {
            n.path == "Extension.extension.url"
                && n.fixed.as_ref().and_then(JsonValue::as_str) == Some(name)
        });
        if !sliced {
            walk.sink.error(
                IssueType::Invalid,
                "extension.unknown_part",
                &format!("{}.extension[{index}]", item.path),
                part.pos,
                format!(
                    "The sub-extension url '{name}' is not defined by the extension {}",
                    definition.url
                ),
            );
        }
    }
}
