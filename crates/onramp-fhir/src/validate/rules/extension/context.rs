//! Where an extension may be used: the definition's element `context`s (by path or type) against
//! the element that holds the extension, then the definition's `contextInvariant`s evaluated on
//! that holder.
//!
//! # Contexts for this version
//!
//! A context may carry the `fhir-version-specific-use` extension: it then applies only to the FHIR
//! versions it names, and a context for other versions than R4 is no context here. When some
//! context is so restricted, the report lists the contexts allowed for this version.
//!
//! # Contexts in a profile
//!
//! An element context `profile#path` allows the extension at `path` of resources that conform to
//! `profile` (see [`profile`]).

use serde_json::Value;

use crate::fhirpath::{Environment, Item as PathItem, Node};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ElementNode, Profile};
use crate::validate::walk::is_primitive_code;
use crate::validate::walk::{Item, Walk};

use super::version;

mod profile;

/// The extension's contexts against where it is used, then its context invariants when it is
/// allowed there (or where Onramp cannot tell).
pub(super) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    url: &str,
    definition: &Profile,
) {
    let raw = walk.defs.resolve(&definition.url);
    let (contexts, version_specific) = match raw.as_deref() {
        Some(raw) => contexts_for_r4(raw),
        None => (definition.contexts.clone(), false),
    };
    let declared = raw
        .as_deref()
        .and_then(|raw| raw.get("context"))
        .and_then(Value::as_array)
        .is_some_and(|items| !items.is_empty());
    let allowed = if declared || !contexts.is_empty() {
        check_contexts(walk, element, item, url, version_specific, &contexts)
    } else {
        true
    };
    if !allowed {
        return;
    }
    if let Some(raw) = raw.as_deref() {
        check_invariants(walk, element, item, json, url, raw);
    }
}

/// The element contexts of a definition that apply to R4 (a context of another kind, fhirpath or
/// extension, recorded as `*`: the validator does not decide it), and whether any context is
/// restricted to some FHIR versions.
fn contexts_for_r4(definition: &Value) -> (Vec<String>, bool) {
    let Some(items) = definition.get("context").and_then(Value::as_array) else {
        return (Vec::new(), false);
    };
    let version_specific = items
        .iter()
        .any(|context| version::version_range(context.get("extension")).is_some());
    let contexts = items
        .iter()
        .filter(|context| version::applies_to_r4(context.get("extension")))
        .filter_map(|context| {
            let expression = context.get("expression").and_then(Value::as_str)?;
            match context.get("type").and_then(Value::as_str) {
                Some("element") | None => Some(expression.to_string()),
                Some(_) => Some("*".to_string()),
            }
        })
        .collect();
    (contexts, version_specific)
}

/// The contexts against where the extension is used. The holder is known by its type when the
/// walk is inside a type's definition (`HumanName.extension`: a HumanName) and by its path in the
/// resource (`Patient.name`); a context matches either, a supertype of the type, or `Element`.
/// Holders whose type is not known (primitives, elements of a profile's own tree) are not judged.
/// Whether the extension is allowed (or not judged).
fn check_contexts(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    url: &str,
    version_specific: bool,
    contexts: &[String],
) -> bool {
    if contexts
        .iter()
        .map(|c| c.rsplit_once('#').map_or(c.as_str(), |(_, path)| path))
        .any(|c| c == "*" || c == "Element" || c == "Base" || c == "Any")
        || crate::validate::known::extension_context_unchecked(url)
    {
        return true;
    }
    let Some(holder_type) = holder_type(element) else {
        return true;
    };
    let model = walk.defs.model();
    let known_type = !holder_type.contains('.')
        && !matches!(holder_type, "Element" | "BackboneElement")
        && model.has_type(holder_type)
        && !is_primitive_code(walk.defs, holder_type);
    if !known_type {
        return true;
    }
    let holder_paths = instance_paths(walk, &item.path);
    let allowed = contexts.iter().any(|context| {
        let context = match context.rsplit_once('#') {
            Some((profile, path)) => {
                if !profile::holds(walk, item, url, context, profile) {
                    return false;
                }
                path
            }
            None => context.as_str(),
        };
        // A type this version does not have (R5's CanonicalResource) cannot be judged.
        (!context.contains('.') && !model.has_type(context))
            || context == holder_type
            || model.is_subtype(holder_type, context)
            || holder_paths.iter().any(|p| p == context)
    });
    if allowed {
        return true;
    }
    let mut this_element = vec![holder_type.to_string()];
    this_element.extend(holder_paths.iter().take(1).cloned());
    let listed = contexts
        .iter()
        .map(|c| format!("e:{c}"))
        .collect::<Vec<_>>()
        .join(", ");
    let message = if version_specific {
        format!(
            "The extension {url} is not allowed to be used at this point in FHIR version 4.0.1 (this element is [{}]; allowed for this version = {listed})",
            this_element.join(", "),
        )
    } else {
        format!(
            "The extension {url} is not allowed to be used at this point (this element is [{}]; allowed = {listed})",
            this_element.join(", "),
        )
    };
    walk.sink.error(
        IssueType::Structure,
        "extension.context",
        holder_path(&item.path),
        item.pos,
        message,
    );
    false
}

/// The type (or backbone path) of the element holding the extension: `HumanName` for
/// `HumanName.extension`.
fn holder_type(element: &ElementNode) -> Option<&str> {
    element
        .path
        .strip_suffix(".extension")
        .or_else(|| element.path.strip_suffix(".modifierExtension"))
}

/// The instance path of the element holding the extension at `extension_path`.
fn holder_path(extension_path: &str) -> &str {
    extension_path
        .rsplit_once('.')
        .map_or(extension_path, |(holder, _)| holder)
}

/// The definition's `contextInvariant`s, each evaluated on the element that holds the extension
/// (with `%resource` and `%rootResource`); one that is not true is an error. Holders that are
/// primitives (the `_name` companion holds their extensions) are not evaluated.
fn check_invariants(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    url: &str,
    definition: &Value,
) {
    let Some(invariants) = definition.get("contextInvariant").and_then(Value::as_array) else {
        return;
    };
    let Some(holder_type) = holder_type(element) else {
        return;
    };
    if is_primitive_code(walk.defs, holder_type) {
        return;
    }
    let Some(holder) = find_holder(walk.resource, json) else {
        return;
    };
    let engine = walk.defs.engine();
    let focus = holder_node(walk, holder_type, holder);
    let mut environment = Environment::new();
    environment.set("resource", vec![engine.node(walk.resource, None)]);
    environment.set("rootResource", vec![engine.node(walk.root, None)]);
    let mut failed = Vec::new();
    for text in invariants.iter().filter_map(Value::as_str) {
        let Some(expression) = walk.defs.expression(text) else {
            continue;
        };
        let Ok(result) = engine.evaluate_with(&expression, vec![focus.clone()], &environment)
        else {
            continue;
        };
        // As the reference converts the result to a boolean: only a single `true` holds.
        if !matches!(result.as_slice(), [PathItem::Boolean(true)]) {
            failed.push(text.to_string());
        }
    }
    for text in failed {
        walk.sink.error(
            IssueType::Structure,
            "extension.context_invariant",
            holder_path(&item.path),
            item.pos,
            format!("The extension {url} is not allowed to be used at this point (based on context invariant '{text}')"),
        );
    }
}

/// The FHIRPath node of the holder: typed by its type name, or for a backbone element by
/// navigating its path from the resource.
fn holder_node<'v>(walk: &Walk<'v>, holder_type: &str, holder: &'v JsonValue) -> PathItem<'v> {
    let engine = walk.defs.engine();
    if holder_type.contains('.') {
        if let Some(expression) = walk.defs.expression(holder_type) {
            if let Ok(found) = engine.evaluate(&expression, walk.resource) {
                for candidate in found {
                    if let PathItem::Node(node) = &candidate {
                        if std::ptr::eq(node.value, holder) {
                            return PathItem::Node(Node::new(holder, node.type_id));
                        }
                    }
                }
            }
        }
        return engine.node(holder, None);
    }
    engine.node(holder, Some(holder_type))
}

/// The object in `value` whose `extension` or `modifierExtension` list holds `extension` (the same
/// value, not an equal one).
fn find_holder<'v>(value: &'v JsonValue, extension: &JsonValue) -> Option<&'v JsonValue> {
    if let Some(object) = value.as_object() {
        for name in ["extension", "modifierExtension"] {
            let holds = object
                .get(name)
                .and_then(JsonValue::as_array)
                .is_some_and(|list| list.iter().any(|e| std::ptr::eq(e, extension)));
            if holds {
                return Some(value);
            }
        }
        return object
            .iter()
            .find_map(|(_, child)| find_holder(child, extension));
    }
    value
        .as_array()?
        .iter()
        .find_map(|child| find_holder(child, extension))
}

/// The element path of the extension's holder in its resource, without indexes (`Patient.name`;
/// `Observation.value` also as `Observation.value[x]`), rebased onto the resource it is in when
/// that is nested (a Bundle entry, a contained resource).
fn instance_paths(walk: &Walk<'_>, extension_path: &str) -> Vec<String> {
    let Some((holder, _)) = extension_path.rsplit_once('.') else {
        return Vec::new();
    };
    let mut segments: Vec<String> = Vec::new();
    let mut choice = false;
    for segment in holder.split('.') {
        if segment.starts_with("ofType(") {
            choice = true;
            continue;
        }
        let name = segment.split('[').next().unwrap_or(segment);
        segments.push(name.to_string());
    }
    let resource_type = walk
        .resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    if segments.first().map(String::as_str) != Some(resource_type) {
        // Nested resource: what follows the last `resource` / `contained` step.
        if let Some(position) = segments
            .iter()
            .rposition(|s| s == "resource" || s == "contained")
        {
            let rest: Vec<String> = segments.split_off(position + 1);
            segments = std::iter::once(resource_type.to_string())
                .chain(rest)
                .collect();
        }
    }
    let path = segments.join(".");
    if choice {
        vec![format!("{path}[x]"), path]
    } else {
        vec![path]
    }
}
