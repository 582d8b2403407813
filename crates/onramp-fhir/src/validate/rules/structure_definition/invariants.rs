//! The constraints (invariants) of an element: a key and an expression; in a snapshot, one
//! expression per key and expressions that compile against the element's type; in a differential,
//! a source that is the profile itself and keys that do not reuse the base's for another rule.

use std::collections::HashMap;

use serde_json::Value;

use super::{items, snapshot_elements, text, Sd};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// The keys met so far in one element list, with their expression and element path.
#[derive(Default)]
pub(super) struct Seen {
    by_key: HashMap<String, (String, String)>,
}

pub(super) fn check(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    elements: &[JsonValue],
    index: usize,
    at: &str,
    snapshot: bool,
    seen: &mut Seen,
) {
    let Some(element) = elements.get(index) else {
        return;
    };
    let path = text(element, "path").unwrap_or_default();
    for (number, constraint) in items(element, "constraint").iter().enumerate() {
        let at = format!("{at}.constraint[{number}]");
        let pos = constraint.pos;
        let Some(key) = text(constraint, "key").filter(|k| !k.is_empty()) else {
            walk.sink.warning(
                IssueType::Informational,
                "structure_definition.invariant_no_key",
                &at,
                pos,
                format!("A constraint on {path} has no key"),
            );
            continue;
        };
        let Some(expression) = text(constraint, "expression").filter(|e| !e.is_empty()) else {
            walk.sink.info(
                IssueType::Informational,
                "structure_definition.invariant_no_expression",
                &at,
                pos,
                format!("The constraint {key} has no FHIRPath expression, so it cannot be checked"),
            );
            continue;
        };
        let source = text(constraint, "source");
        if snapshot {
            match seen.by_key.get(key) {
                Some((earlier, _)) if earlier != expression && key != "ele-1" => {
                    walk.sink.error(
                        IssueType::Invalid,
                        "structure_definition.invariant_conflict",
                        &at,
                        pos,
                        format!("The constraint key {key} is used with the expression '{expression}' here and '{earlier}' elsewhere in the snapshot: a key names one rule"),
                    );
                }
                Some(_) => {}
                None => {
                    seen.by_key
                        .insert(key.to_string(), (expression.to_string(), path.to_string()));
                }
            }
            if source.is_none() || source == sd.url {
                expression_compiles(walk, sd, element, key, expression, &at, pos);
            }
            continue;
        }
        let own_source = source.is_none_or(|source| {
            Some(source) == sd.url
                || matches!((sd.url, sd.version), (Some(url), Some(version)) if source == format!("{url}|{version}"))
        });
        if !own_source {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.invariant_source",
                &at,
                pos,
                format!(
                    "The constraint {key} in the differential has the source {}, but a differential can only add constraints of its own profile {}",
                    source.unwrap_or_default(),
                    sd.url.unwrap_or_default()
                ),
            );
            continue;
        }
        if let Some((base_path, base_expression)) = in_base(&sd.base, key) {
            if base_expression != expression {
                walk.sink.error(
                    IssueType::Invalid,
                    "structure_definition.invariant_key_used",
                    &at,
                    pos,
                    format!("The constraint key {key} is already used in the base (on {base_path}) with the expression '{base_expression}'"),
                );
            }
            continue;
        }
        match seen.by_key.get(key) {
            Some((earlier, earlier_path)) if earlier != expression => {
                walk.sink.error(
                    IssueType::Invalid,
                    "structure_definition.invariant_key_used",
                    &at,
                    pos,
                    format!("The constraint key {key} is already used on {earlier_path} with the expression '{earlier}'"),
                );
            }
            Some(_) => {}
            None => {
                seen.by_key
                    .insert(key.to_string(), (expression.to_string(), path.to_string()));
            }
        }
    }
}

/// The element path and expression of the base's constraint with this key.
fn in_base(base: &Value, key: &str) -> Option<(String, String)> {
    snapshot_elements(base).iter().find_map(|element| {
        let constraint = element
            .get("constraint")
            .and_then(Value::as_array)?
            .iter()
            .find(|c| c.get("key").and_then(Value::as_str) == Some(key))?;
        Some((
            element.get("path").and_then(Value::as_str)?.to_string(),
            constraint
                .get("expression")
                .and_then(Value::as_str)?
                .to_string(),
        ))
    })
}

/// The expression compiles (an error otherwise); where the element's type is known, its names
/// are that type's (a warning otherwise, as the reference reports what its type check finds).
fn expression_compiles(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    element: &JsonValue,
    key: &str,
    expression: &str,
    at: &str,
    pos: crate::json::Pos,
) {
    if crate::validate::known::skipped_invariant(key)
        || crate::validate::known::corrected_invariant(key, expression).is_some()
    {
        return;
    }
    let engine = walk.defs.engine();
    let compiled = match engine.compile(expression) {
        Ok(compiled) => compiled,
        Err(error) => {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.invariant_error",
                at,
                pos,
                format!("Error in the constraint {key} '{expression}': {error}"),
            );
            return;
        }
    };
    let path = text(element, "path").unwrap_or_default();
    let context = if path.contains('.') {
        let codes: Vec<&str> = items(element, "type")
            .iter()
            .filter_map(|t| text(t, "code"))
            .collect();
        match codes.as_slice() {
            [single] => Some(*single),
            _ => None,
        }
    } else {
        sd.type_code
    };
    let Some(context) = context.filter(|c| {
        !matches!(
            *c,
            "Element" | "BackboneElement" | "Resource" | "DomainResource"
        ) && engine.types().named(c).is_some()
    }) else {
        return;
    };
    if expression.contains('%') {
        // Environment variables are typed loosely by the checker: not checked strictly.
        return;
    }
    if let Err(error) = engine.check(&compiled, context) {
        walk.sink.warning(
            IssueType::BusinessRule,
            "structure_definition.invariant_names",
            at,
            pos,
            format!(
                "{key}: the expression '{expression}' does not fit the type {context}: {error}"
            ),
        );
    }
}
