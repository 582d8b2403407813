//! Types at run time: `is`, `as`, `ofType()`, `type()`, and the names of items' types.
//!
//! `is` accepts the type or any of its ancestors (`Patient.gender.is(string)`: `code` derives from
//! `string`). `as` and `ofType()` accept the exact type for primitives (`gender.as(string)` is
//! empty, as the R4 suite expects) and any ancestor for complex types and resources
//! (`ofType(Resource)`, an `Age` `as(Quantity)`). FHIR elements never have System types.

use std::borrow::Cow;

use super::super::ast::TypeOp;
use super::super::compile::TypeSpec;
use super::super::error::{eval_error, EvalResult};
use super::super::node;
use super::super::types::{Kind, SystemType, TypeTable};
use super::super::value::{Collection, Item, Node, TypeName};
use super::Evaluator;

/// How a type test matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Match {
    /// `is`: the type or a subtype.
    Subtype,
    /// `as`, `ofType`: exact for primitives, subtypes for the rest.
    Cast,
}

/// Whether a node is of the named type or derives from it (for `Patient.name` at a path start).
pub(crate) fn node_has_type_name(types: &TypeTable, node: &Node<'_>, name: &str) -> bool {
    if node.type_id.is_known() {
        return types
            .named(name)
            .is_some_and(|named| types.is_subtype(node.type_id, named));
    }
    node.value
        .get("resourceType")
        .and_then(crate::json::JsonValue::as_str)
        == Some(name)
}

pub(crate) fn matches_type(
    types: &TypeTable,
    item: &Item<'_>,
    spec: &TypeSpec,
    mode: Match,
) -> bool {
    match (item, spec) {
        (Item::Node(_), TypeSpec::System(_)) => false,
        (Item::Node(node), TypeSpec::Fhir(wanted)) => {
            if !node.type_id.is_known() {
                return node_type_name_matches(types, node, types.name(*wanted));
            }
            match (mode, types.kind(*wanted)) {
                (Match::Cast, Some(Kind::Primitive(_))) => node.type_id == *wanted,
                _ => types.is_subtype(node.type_id, *wanted),
            }
        }
        (Item::Node(node), TypeSpec::Unresolved(name)) => node_type_name_matches(types, node, name),
        (Item::Type(_), _) => false,
        (item, TypeSpec::System(wanted)) => item.system_type() == Some(*wanted),
        (item, TypeSpec::Unresolved(name)) => {
            let name = name.strip_prefix("System.").unwrap_or(name);
            item.system_type()
                .is_some_and(|system| system.name() == name)
        }
        (_, TypeSpec::Fhir(_)) => false,
    }
}

fn node_type_name_matches(types: &TypeTable, node: &Node<'_>, name: &str) -> bool {
    node::node_type_name(types, node) == name || node_has_type_name(types, node, name)
}

pub(crate) fn type_operator<'a>(
    ev: &Evaluator<'a, '_>,
    op: TypeOp,
    spec: &TypeSpec,
    operand: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let item = match operand.as_slice() {
        [] => return Ok(Vec::new()),
        [item] => item,
        _ => {
            let word = if op == TypeOp::Is { "is" } else { "as" };
            return Err(eval_error!(
                "'{word}' needs a single item, not a collection of {}",
                operand.len()
            ));
        }
    };
    let types = ev.types();
    Ok(match op {
        TypeOp::Is => vec![Item::Boolean(matches_type(
            types,
            item,
            spec,
            Match::Subtype,
        ))],
        TypeOp::As => {
            if matches_type(types, item, spec, Match::Cast) {
                operand
            } else {
                Vec::new()
            }
        }
    })
}

/// The name of an item's type as `type()` and messages give it.
pub(crate) fn type_name_of<'x>(types: &'x TypeTable, item: &'x Item<'_>) -> Cow<'x, str> {
    match item {
        Item::Node(node) => Cow::Owned(format!("FHIR.{}", node::node_type_name(types, node))),
        Item::Type(_) => Cow::Borrowed("System.TypeInfo"),
        other => Cow::Owned(format!(
            "System.{}",
            other.system_type().map_or("Any", SystemType::name)
        )),
    }
}

/// `type()`: the namespace and name of the item's type.
pub(crate) fn type_info(types: &TypeTable, item: &Item<'_>) -> TypeName {
    match item {
        Item::Node(node) => TypeName {
            namespace: "FHIR".to_string(),
            name: node::node_type_name(types, node).to_string(),
        },
        Item::Type(_) => TypeName {
            namespace: "System".to_string(),
            name: "TypeInfo".to_string(),
        },
        other => TypeName {
            namespace: "System".to_string(),
            name: other
                .system_type()
                .map_or("Any", SystemType::name)
                .to_string(),
        },
    }
}
