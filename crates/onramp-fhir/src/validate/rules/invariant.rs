//! Invariants: every `constraint` of an element, evaluated through the FHIRPath engine on the
//! element's value, reported with its key and severity. `ele-1` is checked structurally (see
//! [`super::structure::empty_element`] and the primitive rules), which is what it says.

use crate::fhirpath::{Environment, Item as PathItem, Node};
use crate::json::{JsonValue, Pos};
use crate::validate::issue::{IssueType, Severity};
use crate::validate::profile::ElementNode;
use crate::validate::walk::Walk;

pub(crate) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    value: &JsonValue,
    path: &str,
    pos: Pos,
    type_code: &str,
    already_checked: Option<&ElementNode>,
) {
    let mut context: Option<Vec<PathItem<'_>>> = None;
    let mut environment = None;
    for constraint in &element.constraints {
        let checked = already_checked
            .is_some_and(|element| element.constraints.iter().any(|c| c.key == constraint.key));
        if constraint.key == "ele-1" || checked {
            continue;
        }
        if super::super::known::skipped_invariant(&constraint.key) {
            continue;
        }
        let Some(published) = &constraint.expression else {
            continue;
        };
        let corrected = super::super::known::corrected_invariant(&constraint.key, published.text())
            .and_then(|text| walk.defs.expression(text));
        let expression = corrected.as_ref().unwrap_or(published);
        let engine = walk.defs.engine();
        let items = context.get_or_insert_with(|| vec![node_for(walk, element, value, type_code)]);
        let environment: &Environment<'_> = environment.get_or_insert_with(|| {
            walk.environment
                .take()
                .unwrap_or_else(|| resource_environment(walk))
        });
        match engine.evaluate_with(expression, items.clone(), environment) {
            Ok(result) => {
                let passed = match result.as_slice() {
                    // Empty means the constraint's subject is absent: satisfied. (The reference
                    // converts empty to false, but evaluates published invariants with fixes —
                    // ref-1 among them — that make them non-empty where Onramp's are empty.)
                    [] => true,
                    [PathItem::Boolean(value)] => *value,
                    _ => true,
                };
                if !passed {
                    walk.sink.push(
                        constraint.severity,
                        IssueType::Invariant,
                        "invariant.failed",
                        path,
                        pos,
                        format!(
                            "Constraint failed: {}: '{}' (expression: {})",
                            constraint.key,
                            constraint.human,
                            expression.text()
                        ),
                    );
                }
            }
            Err(error) => walk.sink.push(
                Severity::Warning,
                IssueType::Processing,
                "invariant.evaluation_error",
                path,
                pos,
                format!(
                    "The invariant {} could not be evaluated: {error}",
                    constraint.key
                ),
            ),
        }
    }
    if let Some(environment) = environment {
        walk.environment = Some(environment);
    }
}

/// `%resource` and `%rootResource` of the walk; made once per resource and kept in the walk.
fn resource_environment<'a>(walk: &Walk<'a>) -> Environment<'a> {
    let engine = walk.defs.engine();
    let mut environment = Environment::new();
    environment.set("resource", vec![engine.node(walk.resource, None)]);
    environment.set("rootResource", vec![engine.node(walk.root, None)]);
    environment
}

/// The typed FHIRPath node of a value: named types by name; backbone elements by navigating
/// their path from the resource (the engine types them there).
fn node_for<'v>(
    walk: &Walk<'v>,
    element: &ElementNode,
    value: &'v JsonValue,
    type_code: &str,
) -> PathItem<'v> {
    let engine = walk.defs.engine();
    if matches!(type_code, "BackboneElement" | "Element") && element.path.contains('.') {
        if let Some(type_id) = walk.defs.backbone_type(&element.path) {
            return PathItem::Node(Node::new(value, type_id));
        }
        if let Some(expression) = walk.defs.expression(&element.path) {
            if let Ok(found) = engine.evaluate(&expression, walk.resource) {
                for item in found {
                    if let PathItem::Node(node) = &item {
                        if std::ptr::eq(node.value, value) {
                            walk.defs
                                .remember_backbone_type(&element.path, node.type_id);
                            return PathItem::Node(Node::new(value, node.type_id));
                        }
                    }
                }
            }
        }
    }
    engine.node(value, Some(type_code))
}
