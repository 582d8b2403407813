//! Conformance checks: whether a value or a resource validates against a profile without errors,
//! run into a scratch sink (slices decided by profile, target profiles of references inside
//! them), and the JSON values a dotted path reaches.

use std::cell::Cell;
use std::sync::Arc;

use crate::json::JsonValue;
use crate::validate::issue::IssueSink;
use crate::validate::profile::Profile;
use crate::validate::walk::{is_primitive_code, Item, Walk};

thread_local! {
    /// How many conformance checks (slices by profile) are running on this thread.
    static CONFORMANCE_DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// How deep in conformance checks the walk is: 0 in ordinary validation. Inside one, references
/// that resolve in the Bundle are checked against their target profiles too (as the reference
/// validator does when it decides a slice by profile).
pub(crate) fn conformance_depth() -> usize {
    CONFORMANCE_DEPTH.with(Cell::get)
}

/// Runs `check` into a scratch sink and tells whether it found no error.
pub(crate) fn without_errors(walk: &mut Walk<'_>, check: impl FnOnce(&mut Walk<'_>)) -> bool {
    let saved = std::mem::take(walk.sink);
    CONFORMANCE_DEPTH.with(|depth| depth.set(depth.get() + 1));
    check(walk);
    CONFORMANCE_DEPTH.with(|depth| depth.set(depth.get().saturating_sub(1)));
    let scratch: IssueSink = std::mem::replace(walk.sink, saved);
    scratch.error_count() == 0
}

/// Whether the item validates against a profile without errors (into a scratch sink).
pub(crate) fn conforms(walk: &mut Walk<'_>, target: &Arc<Profile>, item: &Item<'_>) -> bool {
    let Some(json) = item.json else { return false };
    if is_primitive_code(walk.defs, &item.type_code) {
        return true;
    }
    without_errors(walk, |walk| {
        walk.object(target, 0, json, &item.path, &item.type_code);
    })
}

/// The JSON values a dotted discriminator path (`resource`, `item.answer`) reaches.
pub(crate) fn json_at_path<'j>(start: Option<&'j JsonValue>, path: &str) -> Vec<&'j JsonValue> {
    let mut current: Vec<&JsonValue> = start.into_iter().collect();
    for segment in path.split('.').filter(|s| *s != "$this") {
        current = current
            .into_iter()
            .filter_map(|value| value.get(segment))
            .flat_map(|value| {
                if value.is_array() {
                    value.items().iter().collect::<Vec<_>>()
                } else {
                    vec![value]
                }
            })
            .collect();
    }
    current
}

/// Whether a value validates against a profile without errors: a resource (its type must be the
/// profile's) or a complex value of the profile's type.
pub(crate) fn resource_conforms(
    walk: &mut Walk<'_>,
    target: &Arc<Profile>,
    json: &JsonValue,
    path: &str,
) -> bool {
    let resource_type = json.get("resourceType").and_then(JsonValue::as_str);
    let type_code = resource_type
        .unwrap_or(target.type_name.as_str())
        .to_string();
    if resource_type.is_some_and(|t| {
        t != target.type_name && !walk.defs.model().is_subtype(t, &target.type_name)
    }) {
        return false;
    }
    without_errors(walk, |walk| {
        walk.object(target, 0, json, path, &type_code);
    })
}
