//! Slice discriminators: whether a value belongs to a slice by its discriminators (value, pattern,
//! exists, type, profile), following the discriminator path into the slice's definition.

use std::sync::Arc;

use crate::fhirpath::Item as PathItem;
use crate::json::{JsonKind, JsonValue};
use crate::validate::profile::Profile;
use crate::validate::rules::conformance::{conforms, json_at_path, resource_conforms};
use crate::validate::rules::fixed::{equal, matches_pattern};
use crate::validate::walk::{Item, Walk};

/// The discriminator types Onramp can evaluate (R4's `DiscriminatorType`).
pub(super) const KNOWN_KINDS: &[&str] = &["value", "pattern", "exists", "type", "profile"];

/// Whether `item` belongs to `slice` by every discriminator.
pub(super) fn matches(
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

pub(super) fn discriminator_matches(
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
