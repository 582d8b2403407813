//! Navigation over a [`Document`]: the same nodes, in the same order, as `node::navigate` and
//! `node::children` find in the JSON, read from the document's slots instead of hashed JSON
//! objects. Nodes that do not come from the document, and the rare shapes the index does not
//! cover (names starting with `_`, complex values with `_name` companions), take the JSON path.

use rustc_hash::FxHashMap;

use super::document::{Document, Prop, Slot};
use super::error::EvalResult;
use super::node::{self, Strictness};
use super::types::{Element, Kind, TypeId, TypeTable};
use super::value::{Item, Node};
use crate::json::JsonValue;

/// The type of a JSON property of a type, by (owner type, property symbol); per evaluation.
pub(crate) type JsonTypeCache = FxHashMap<(TypeId, u32), TypeId>;

fn find<'d>(document: &'d Document<'_>, slot: &Slot<'_>, symbol: Option<u32>) -> Option<&'d Prop> {
    let symbol = symbol?;
    document.props(slot).iter().find(|prop| prop.key == symbol)
}

/// Pushes the nodes of one property typed `declared`, as `node::push_property` does.
fn push_prop<'a>(
    types: &TypeTable,
    document: &Document<'a>,
    source: &'a JsonValue,
    prop: &Prop,
    declared: TypeId,
    out: &mut Vec<Item<'a>>,
) {
    let may_be_primitive = match types.kind(declared) {
        Some(Kind::Primitive(_)) => true,
        Some(_) => false,
        None => !prop.has_object,
    };
    if !may_be_primitive && prop.has_holder {
        // The companion is ignored here; the index paired it, so read the JSON.
        if let Some(object) = source.as_object() {
            node::push_property(types, object, document.name(prop.key), declared, out);
        }
        return;
    }
    push_items(types, document, prop, declared, out);
}

/// Pushes the item slots of a property; objects of an abstract or unknown type get their
/// `resourceType`.
fn push_items<'a>(
    types: &TypeTable,
    document: &Document<'a>,
    prop: &Prop,
    declared: TypeId,
    out: &mut Vec<Item<'a>>,
) {
    let may_be_resource = !declared.is_known() || types.is_resource(declared);
    for (index, slot) in document.items(prop) {
        // Only objects have a `resourceType`.
        let type_id = if may_be_resource && slot.resource_type.is_known() {
            slot.resource_type
        } else {
            declared
        };
        let mut node = Node::new(slot.value, type_id);
        node.extension_holder = slot.holder;
        node.slot = index;
        out.push(Item::Node(node));
    }
}

/// Whether a node of the document is a primitive (typed), or looks like one (untyped), without
/// reading its JSON.
fn is_primitive(types: &TypeTable, node: &Node<'_>, slot: &Slot<'_>) -> bool {
    match types.kind(node.type_id) {
        Some(Kind::Primitive(_)) => true,
        Some(_) => false,
        None => !slot.is_object,
    }
}

/// `node.name` over the document; `symbol` is `name` interned in the document and `element` the
/// element `name` of the node's type.
#[allow(clippy::too_many_arguments)]
pub(crate) fn navigate<'a>(
    types: &TypeTable,
    document: &Document<'a>,
    node: &Node<'a>,
    name: &str,
    symbol: Option<u32>,
    element: Option<&Element>,
    strictness: Strictness,
    out: &mut Vec<Item<'a>>,
) -> EvalResult<()> {
    let Some(slot) = document.slot_of(node) else {
        return node::navigate(types, node, name, strictness, out);
    };
    if name.starts_with('_') {
        return node::navigate(types, node, name, strictness, out);
    }
    if is_primitive(types, node, slot) {
        if slot.is_object {
            return node::navigate(types, node, name, strictness, out);
        }
        // A primitive's own children (id, extension) live in its `_name` companion, whose
        // properties are the slot's.
        if let Some(holder) = slot.holder {
            let declared = element
                .and_then(|element| element.types.first().copied())
                .unwrap_or(TypeId::UNKNOWN);
            if let Some(prop) = find(document, slot, symbol) {
                push_prop(types, document, holder, prop, declared, out);
            }
        }
        return Ok(());
    }
    if !slot.is_object {
        return Ok(());
    }
    if node.type_id.is_known() {
        let Some(element) = element else {
            // Not an element: an error, or the raw JSON property; rare, so read the JSON.
            return node::navigate(types, node, name, strictness, out);
        };
        if element.is_choice {
            for prop in document.props(slot) {
                let json_name = document.name(prop.key);
                // The first letter turns most names away before a comparison of the rest.
                if json_name.len() <= name.len()
                    || json_name.as_bytes().first() != name.as_bytes().first()
                    || !json_name.starts_with(name)
                {
                    continue;
                }
                if let Some((found, type_id)) = types.json_property(node.type_id, json_name) {
                    if std::ptr::eq(found, element) {
                        push_prop(types, document, node.value, prop, type_id, out);
                    }
                }
            }
        } else if let Some(prop) = find(document, slot, symbol) {
            let declared = element.types.first().copied().unwrap_or(TypeId::UNKNOWN);
            push_prop(types, document, node.value, prop, declared, out);
        }
        return Ok(());
    }
    if let Some(prop) = find(document, slot, symbol) {
        push_prop(types, document, node.value, prop, TypeId::UNKNOWN, out);
        return Ok(());
    }
    // Untyped choice: `value` finds `valueQuantity` (or `_valueQuantity` alone).
    for prop in document.props(slot) {
        let is_choice_name = document
            .name(prop.key)
            .strip_prefix(name)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|first| first.is_ascii_uppercase());
        if is_choice_name {
            push_prop(types, document, node.value, prop, TypeId::UNKNOWN, out);
        }
    }
    Ok(())
}

/// Every child element of a node over the document, in document order.
pub(crate) fn children<'a>(
    types: &TypeTable,
    document: &Document<'a>,
    cache: &mut JsonTypeCache,
    node: &Node<'a>,
    out: &mut Vec<Item<'a>>,
) {
    let Some(slot) = document.slot_of(node) else {
        return node::children(types, node, out);
    };
    if is_primitive(types, node, slot) {
        if slot.is_object {
            return node::children(types, node, out);
        }
        if let Some(holder) = slot.holder {
            for key in ["id", "extension"] {
                let declared = types
                    .element(node.type_id, key)
                    .and_then(|element| element.types.first().copied())
                    .unwrap_or(TypeId::UNKNOWN);
                if let Some(prop) = find(document, slot, document.symbol(key)) {
                    push_prop(types, document, holder, prop, declared, out);
                }
            }
        }
        return;
    }
    if !slot.is_object {
        return;
    }
    for prop in document.props(slot) {
        if !prop.holder_only
            && (prop.key == document.resource_type_symbol
                || prop.key == document.fhir_comments_symbol)
        {
            continue;
        }
        let declared = *cache.entry((node.type_id, prop.key)).or_insert_with(|| {
            types
                .json_property(node.type_id, document.name(prop.key))
                .map_or(TypeId::UNKNOWN, |(_, type_id)| type_id)
        });
        push_items(types, document, prop, declared, out);
    }
}
