//! Structure and JSON shape: array versus single value, nulls in arrays, `_name` companions that
//! do not line up, empty objects, cardinality, and absolute extension urls.

use crate::json::{JsonKind, JsonValue, Pos};
use crate::validate::context::Definitions;
use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::profile::{ElementNode, Profile};
use crate::validate::walk::Item;

/// Splits the JSON of one property (and its `_name` companion) into items, checking the shape.
#[allow(clippy::too_many_arguments)]
pub(crate) fn split_items<'j>(
    sink: &mut IssueSink,
    element: &ElementNode,
    value: Option<&'j JsonValue>,
    companion: Option<&'j JsonValue>,
    type_code: &str,
    path: &str,
    key_pos: Pos,
) -> Vec<Item<'j>> {
    let mut items = Vec::new();
    let shape_of = |json: &JsonValue| json.is_array();
    if element.repeats {
        let values: &[JsonValue] = match value {
            Some(json) if json.is_array() => json.items(),
            Some(json) => {
                sink.error(
                    IssueType::Structure,
                    "json.expected_array",
                    path,
                    json.pos,
                    format!(
                        "{path} repeats, so its value must be a JSON array; found a {}",
                        json.kind_name()
                    ),
                );
                std::slice::from_ref(json)
            }
            None => &[],
        };
        let companions: &[JsonValue] = match companion {
            Some(json) if json.is_array() => json.items(),
            Some(json) => {
                sink.error(
                    IssueType::Structure,
                    "json.expected_array",
                    path,
                    json.pos,
                    format!(
                        "The companion _{} must be a JSON array like its value; found a {}",
                        element.base_name(),
                        json.kind_name()
                    ),
                );
                &[]
            }
            None => &[],
        };
        if value.is_some()
            && companion.is_some()
            && !companions.is_empty()
            && companions.len() != values.len()
        {
            sink.error(
                IssueType::Structure,
                "json.companion_length",
                path,
                key_pos,
                format!(
                    "The array of {path} has {} values but its companion has {}",
                    values.len(),
                    companions.len()
                ),
            );
        }
        let n = values.len().max(companions.len());
        if value.is_some() && values.is_empty()
            || companion.is_some() && value.is_none() && companions.is_empty()
        {
            sink.error(
                IssueType::Structure,
                "json.empty_array",
                path,
                key_pos,
                format!("{path} is an empty array; an element with no values must be left out"),
            );
        }
        for position in 0..n {
            let json = values
                .get(position)
                .filter(|v| !matches!(v.kind, JsonKind::Null) || value.is_none());
            let json = json.or_else(|| {
                values
                    .get(position)
                    .filter(|v| matches!(v.kind, JsonKind::Null))
            });
            let extra = companions
                .get(position)
                .filter(|c| !matches!(c.kind, JsonKind::Null));
            let item_path = crate::validate::location::indexed_path(path, position);
            let pos = json
                .map(|j| j.pos)
                .or(extra.map(|e| e.pos))
                .unwrap_or(key_pos);
            let json = match json {
                Some(j) if matches!(j.kind, JsonKind::Null) => {
                    if extra.is_none() {
                        sink.error(
                            IssueType::Structure,
                            "json.null_in_array",
                            &item_path,
                            j.pos,
                            "A null in an array must be matched by a value in the _ companion array".to_string(),
                        );
                        continue;
                    }
                    None
                }
                other => other,
            };
            items.push(Item {
                json,
                companion: extra,
                type_code: type_code.to_string(),
                path: item_path,
                pos,
            });
        }
    } else {
        if let Some(json) = value.filter(|v| shape_of(v)) {
            sink.error(
                IssueType::Structure,
                "json.unexpected_array",
                path,
                json.pos,
                format!("{path} does not repeat, so its value must not be a JSON array"),
            );
            return items;
        }
        let json = match value {
            Some(j) if matches!(j.kind, JsonKind::Null) => {
                sink.error(
                    IssueType::Structure,
                    "json.null_value",
                    path,
                    j.pos,
                    format!("{path} is null; leave the property out instead"),
                );
                return items;
            }
            other => other,
        };
        let pos = json
            .map(|j| j.pos)
            .or(companion.map(|c| c.pos))
            .unwrap_or(key_pos);
        items.push(Item {
            json,
            companion,
            type_code: type_code.to_string(),
            path: path.to_string(),
            pos,
        });
    }
    items
}

/// `min`..`max` of an element against the number of values found.
pub(crate) fn cardinality(
    sink: &mut IssueSink,
    element: &ElementNode,
    count: usize,
    parent_path: &str,
    pos: Pos,
    profile_url: &str,
) {
    let count32 = u32::try_from(count).unwrap_or(u32::MAX);
    if count > 0 && super::slicing::cannot_evaluate(element) {
        unchecked_cardinality(sink, element, count32, parent_path, pos, profile_url);
        return;
    }
    if count32 < element.min {
        sink.error(
            IssueType::Structure,
            "cardinality.too_few",
            parent_path,
            pos,
            format!(
                "{}: minimum required = {}, but only found {count} (from {profile_url})",
                element.path, element.min
            ),
        );
    }
    if let Some(max) = element.max {
        if count32 > max {
            sink.error(
                IssueType::Structure,
                "cardinality.too_many",
                parent_path,
                pos,
                format!(
                    "{}: max allowed = {max}, but found {count} (from {profile_url})",
                    element.path
                ),
            );
        }
    }
}

/// The cardinality of a sliced element whose slicing cannot be evaluated (the reference does not
/// check it then): an information hint for a minimum or maximum the values do not meet.
fn unchecked_cardinality(
    sink: &mut IssueSink,
    element: &ElementNode,
    count: u32,
    parent_path: &str,
    pos: Pos,
    profile_url: &str,
) {
    if count < element.min {
        sink.info(
            IssueType::NotSupported,
            "slicing.no_check_min",
            parent_path,
            pos,
            format!(
                "{}: the minimum of {} was not checked because the slicing cannot be evaluated (found {count}, from {profile_url})",
                element.path, element.min
            ),
        );
    }
    if let Some(max) = element.max.filter(|&max| count > max) {
        sink.info(
            IssueType::NotSupported,
            "slicing.no_check_max",
            parent_path,
            pos,
            format!(
                "{}: the maximum of {max} was not checked because the slicing cannot be evaluated (found {count}, from {profile_url})",
                element.path
            ),
        );
    }
}

/// An element object must have content besides `id` (ele-1, checked here without FHIRPath).
pub(crate) fn empty_element(sink: &mut IssueSink, json: &JsonValue, path: &str) {
    if json
        .members()
        .all(|(key, _)| key == "id" || key == "fhir_comments")
    {
        sink.error(
            IssueType::Invariant,
            "invariant.ele-1",
            path,
            json.pos,
            "Constraint failed: ele-1: 'All FHIR elements must have a @value or children' (the object is empty)".to_string(),
        );
    }
}

/// A property that names a choice element with a type the profile does not allow (`valueString`
/// where the profile keeps only `Quantity`): reported once, as the type error it is, and its group
/// returned so that the value still counts for cardinality.
#[allow(clippy::too_many_arguments)]
pub(crate) fn disallowed_choice_type(
    sink: &mut IssueSink,
    defs: &Definitions,
    profile: &Profile,
    node: &ElementNode,
    name: &str,
    path: &str,
    pos: Pos,
) -> Option<usize> {
    node.children
        .iter()
        .enumerate()
        .find_map(|(position, group)| {
            let element = profile.node(group.element)?;
            if !element.is_choice() {
                return None;
            }
            let base = element.base_name();
            let suffix = name.strip_prefix(base)?;
            let mut chars = suffix.chars();
            let first = chars.next().filter(char::is_ascii_uppercase)?;
            let lowered = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
            let type_code = [lowered.as_str(), suffix]
                .into_iter()
                .find(|code| defs.model().has_type(code))?;
            let allowed: Vec<&str> = element.types.iter().map(|t| t.code.as_str()).collect();
            sink.error(
                IssueType::Structure,
                "structure.type_not_allowed",
                &format!("{path}.{base}.ofType({type_code})"),
                pos,
                format!(
                    "The profile {} allows only the types [{}] for {}, but found type {type_code}",
                    profile.url,
                    allowed.join(", "),
                    element.path
                ),
            );
            Some(position)
        })
}

/// An extension's url is absolute, except on an extension inside a complex extension (where it
/// names the part, `"url": "code"`).
pub(crate) fn extension_url(
    sink: &mut IssueSink,
    element: &ElementNode,
    json: &JsonValue,
    path: &str,
) {
    if element.path == "Extension.extension" {
        return;
    }
    let Some(url) = json.get("url").and_then(JsonValue::as_str) else {
        return;
    };
    if url.is_empty() || is_absolute_url(url) {
        return;
    }
    sink.error(
        IssueType::Invalid,
        "structure.extension_url_relative",
        path,
        json.pos,
        format!("The url of an extension must be absolute (a complex extension's parts excepted), found '{url}'"),
    );
}

/// `scheme:rest` with a lowercase token scheme and a non-empty rest without spaces.
fn is_absolute_url(url: &str) -> bool {
    let Some((scheme, rest)) = url.split_once(':') else {
        return false;
    };
    let token = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_lowercase())
        && scheme
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '+' | '-' | '.'));
    token && !rest.is_empty() && !rest.contains(' ')
}
