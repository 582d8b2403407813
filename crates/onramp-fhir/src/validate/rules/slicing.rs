//! Slicing: assign each value of a sliced element to a slice by its discriminators (value, pattern,
//! exists, type, profile), validate it against the slice, and check slice cardinality, ordered
//! slices and the closed / open / openAtEnd rules.

use std::sync::Arc;

use crate::json::{JsonKind, JsonValue};

use super::conformance::{conforms, json_at_path, resource_conforms};
use super::fixed::{equal, matches_pattern};
use crate::fhirpath::Item as PathItem;
use crate::json::Pos;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ChildGroup, Profile};
use crate::validate::walk::{Item, Walk};

pub(crate) fn check(
    walk: &mut Walk<'_>,
    profile: &Arc<Profile>,
    group: &ChildGroup,
    items: &[Item<'_>],
    parent_path: &str,
    pos: Pos,
) {
    let Some(base) = profile.node(group.element) else {
        return;
    };
    let discriminators: Vec<(String, String)> = match &base.slicing {
        Some(slicing) => slicing.discriminators.clone(),
        None if base.base_name() == "extension" || base.base_name() == "modifierExtension" => {
            vec![("value".to_string(), "url".to_string())]
        }
        // Type slices of a choice element (`value[x]:valueQuantity`) are told apart by type.
        None if base.is_choice() => vec![("type".to_string(), "$this".to_string())],
        None => Vec::new(),
    };
    let rules = base
        .slicing
        .as_ref()
        .map_or("open", |s| s.rules.as_str())
        .to_string();
    let ordered = base.slicing.as_ref().is_some_and(|s| s.ordered);
    let slices: Vec<usize> = group
        .slices
        .iter()
        .copied()
        .filter(|&s| {
            profile.node(s).is_some_and(|n| {
                n.slice_name
                    .as_deref()
                    .is_some_and(|name| !name.contains('/'))
            })
        })
        .collect();
    let mut counts = vec![0usize; slices.len()];
    let mut last_slice: Option<usize> = None;
    let mut seen_unmatched = false;
    for item in items {
        let matched = slices
            .iter()
            .position(|&slice| matches(walk, profile, slice, item, &discriminators));
        match matched {
            Some(position) => {
                if let Some(count) = counts.get_mut(position) {
                    *count += 1;
                }
                if ordered && last_slice.is_some_and(|last| last > position) {
                    walk.sink.error(
                        IssueType::Structure,
                        "slicing.order",
                        &item.path,
                        item.pos,
                        format!(
                            "The slices of {} are ordered and this value comes after a later slice",
                            base.path
                        ),
                    );
                }
                if rules == "openAtEnd" && seen_unmatched {
                    walk.sink.error(
                        IssueType::Structure,
                        "slicing.open_at_end",
                        &item.path,
                        item.pos,
                        format!("The slicing of {} is openAtEnd: values that match no slice must come last", base.path),
                    );
                }
                last_slice = Some(position);
                if let Some(&slice) = slices.get(position) {
                    walk.value(profile, slice, item);
                }
            }
            None => {
                seen_unmatched = true;
                if rules == "closed" {
                    walk.sink.error(
                        IssueType::Structure,
                        "slicing.closed",
                        &item.path,
                        item.pos,
                        format!(
                            "This element does not match any known slice defined in the profile {} and slicing is closed",
                            profile.url
                        ),
                    );
                }
            }
        }
    }
    for (position, &slice) in slices.iter().enumerate() {
        let Some(node) = profile.node(slice) else {
            continue;
        };
        let count = counts.get(position).copied().unwrap_or(0);
        let name = node.slice_name.as_deref().unwrap_or_default();
        let count32 = u32::try_from(count).unwrap_or(u32::MAX);
        if count32 < node.min {
            walk.sink.error(
                IssueType::Structure,
                "slicing.too_few",
                parent_path,
                pos,
                format!(
                    "Slice '{}:{name}': minimum required = {}, but only found {count} (from {})",
                    base.path, node.min, profile.url
                ),
            );
        }
        if node.max.is_some_and(|max| count32 > max) {
            walk.sink.error(
                IssueType::Structure,
                "slicing.too_many",
                parent_path,
                pos,
                format!(
                    "Slice '{}:{name}': max allowed = {}, but found {count} (from {})",
                    base.path,
                    node.max_text(),
                    profile.url
                ),
            );
        }
    }
}

/// Whether `item` belongs to `slice` by every discriminator.
fn matches(
    walk: &mut Walk<'_>,
    profile: &Arc<Profile>,
    slice: usize,
    item: &Item<'_>,
    discriminators: &[(String, String)],
) -> bool {
    if discriminators.is_empty() {
        return false;
    }
    discriminators
        .iter()
        .all(|(kind, path)| discriminator_matches(walk, profile, slice, item, kind, path))
}

fn discriminator_matches(
    walk: &mut Walk<'_>,
    profile: &Arc<Profile>,
    slice: usize,
    item: &Item<'_>,
    kind: &str,
    path: &str,
) -> bool {
    let Some((target_profile, target)) = locate(walk, profile, slice, path) else {
        if path == "url" && matches!(kind, "value" | "pattern") {
            // An extension slice whose definition is not loaded: identified by its profile's url.
            return extension_profile(profile, slice).is_some_and(|url| {
                evaluate(walk, item, path)
                    .iter()
                    .any(|v| v.as_str() == Some(url.as_str()))
            });
        }
        return kind == "exists";
    };
    let Some(node) = target_profile.node(target) else {
        return false;
    };
    let actual = evaluate(walk, item, path);
    match kind {
        "value" | "pattern" => {
            if path == "url" && node.fixed.is_none() && node.pattern.is_none() {
                // An extension slice identified by its type profile.
                return match extension_profile(profile, slice) {
                    Some(url) => actual.iter().any(|v| v.as_str() == Some(url.as_str())),
                    None => false,
                };
            }
            if let Some(fixed) = &node.fixed {
                return actual.iter().any(|v| equal(fixed, v));
            }
            if let Some(pattern) = &node.pattern {
                return actual.iter().any(|v| matches_pattern(pattern, v));
            }
            if let Some(binding) = node.binding.as_ref().filter(|b| b.strength == "required") {
                let Some(value_set) = &binding.value_set else {
                    return false;
                };
                let Some(expansion) = walk.defs.expansion(value_set) else {
                    // The value set cannot be expanded offline: the discriminator cannot decide, so
                    // the value is given the benefit of the doubt.
                    return true;
                };
                let in_value_set = |v: &JsonValue| {
                    let code = v.get("code").and_then(JsonValue::as_str).or(v.as_str());
                    let system = v.get("system").and_then(JsonValue::as_str);
                    code.is_some_and(|code| expansion.contains(system, code))
                };
                return actual.iter().any(|v| {
                    in_value_set(v)
                        || v.get("coding")
                            .and_then(JsonValue::as_array)
                            .is_some_and(|codings| codings.iter().any(in_value_set))
                });
            }
            // The slice sets no value at this path: the discriminator does not constrain it (as
            // the reference validator treats a slice that leaves a sub-discriminator open).
            true
        }
        "exists" => {
            let exists = !actual.is_empty();
            if node.min >= 1 {
                exists
            } else if node.max == Some(0) {
                !exists
            } else {
                true
            }
        }
        "type" => {
            let expected: Vec<&str> = node.types.iter().map(|t| t.code.as_str()).collect();
            if path == "$this" {
                expected.contains(&item.type_code.as_str())
            } else {
                actual.iter().any(|v| {
                    v.get("resourceType")
                        .and_then(JsonValue::as_str)
                        .is_some_and(|t| expected.contains(&t))
                })
            }
        }
        "profile" => {
            let urls: Vec<String> = node
                .types
                .iter()
                .flat_map(|t| t.profiles.iter())
                .cloned()
                .collect();
            if urls.is_empty() {
                return false;
            }
            if path == "$this" {
                return urls.iter().any(|url| {
                    walk.defs
                        .profile(url)
                        .is_some_and(|target| conforms(walk, &target, item))
                });
            }
            // The values at the path (`resource`), each against any of the slice's profiles.
            let values = json_at_path(item.json, path);
            !values.is_empty()
                && values.iter().all(|value| {
                    urls.iter().any(|url| {
                        walk.defs.profile(url).is_some_and(|target| {
                            resource_conforms(walk, &target, value, &item.path)
                        })
                    })
                })
        }
        _ => false,
    }
}

/// The profile of an extension slice (`type.profile` of the slice).
fn extension_profile(profile: &Profile, slice: usize) -> Option<String> {
    profile
        .node(slice)
        .and_then(|n| n.types.first())
        .and_then(|t| t.profiles.first())
        .cloned()
}

/// The node a discriminator path names inside a slice (following type profiles).
fn locate(
    walk: &Walk<'_>,
    profile: &Arc<Profile>,
    slice: usize,
    path: &str,
) -> Option<(Arc<Profile>, usize)> {
    let mut current_profile = profile.clone();
    let mut current = slice;
    for segment in path.split('.') {
        if segment == "$this" {
            continue;
        }
        let name = segment.split('(').next().unwrap_or(segment);
        if name == "resolve" || name == "extension" || name == "ofType" {
            return None;
        }
        match current_profile.child_named(current, name) {
            Some(child) => current = first_slice_when_sliced(&current_profile, current, child),
            None => {
                let node = current_profile.node(current)?;
                let type_ref = node.types.first()?;
                let next = match type_ref.profiles.first() {
                    Some(url) => walk.defs.profile(url)?,
                    None => walk.defs.core_profile(&type_ref.code)?,
                };
                let child = next.child_named(0, name)?;
                current_profile = next;
                current = child;
            }
        }
    }
    Some((current_profile, current))
}

/// A discriminator path through a sliced element names its first slice (the reference validator
/// skips the slicing entry): `code.coding.code` in a slice whose `coding` is sliced reaches the
/// fixed code of the first `coding` slice.
fn first_slice_when_sliced(profile: &Profile, parent: usize, child: usize) -> usize {
    if profile.node(child).is_none_or(|n| n.slicing.is_none()) {
        return child;
    }
    profile
        .node(parent)
        .and_then(|p| p.children.iter().find(|g| g.element == child))
        .and_then(|group| group.slices.first().copied())
        .unwrap_or(child)
}

/// The values a discriminator path selects from an item, as JSON.
fn evaluate(walk: &Walk<'_>, item: &Item<'_>, path: &str) -> Vec<JsonValue> {
    if path == "$this" {
        return item.json.into_iter().cloned().collect();
    }
    let Some(expression) = walk.defs.expression(path) else {
        return Vec::new();
    };
    let engine = walk.defs.engine();
    let context = vec![engine.node(item.value(), Some(&item.type_code))];
    let environment = crate::fhirpath::Environment::new();
    match engine.evaluate_with(&expression, context, &environment) {
        Ok(result) => result
            .into_iter()
            .filter_map(|value| match value {
                PathItem::Node(node) => Some(node.value.clone()),
                PathItem::String(text) => Some(JsonValue::new(JsonKind::String(text.into()))),
                PathItem::Boolean(b) => Some(JsonValue::new(JsonKind::Bool(b))),
                _ => None,
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}
