//! Walking the input JSON as FHIR elements: a property by element name (choice elements found
//! under their typed JSON names, primitives paired with their `_name` extension holders), all
//! children, and reading a primitive node as a system value.

use std::borrow::Cow;

use super::datetime::{Date, DateTime, Time};
use super::document::NO_SLOT;
use super::error::{eval_error, EvalResult};
use super::number::{parse_decimal, parse_integer};
use super::quantity::Quantity;
use super::types::{Kind, SystemType, TypeId, TypeTable};
use super::value::{Item, Node, NULL};
use crate::json::{JsonKind, JsonObject, JsonValue};

const UCUM_SYSTEM: &str = "http://unitsofmeasure.org";

/// How navigation treats names the model does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Strictness {
    /// Unknown names give nothing (or the raw JSON property, if there is one).
    Lenient,
    /// Unknown names on typed nodes are errors.
    Strict,
}

/// `_name`, built without allocating for ordinary names.
fn with_underscore<'b>(name: &str, buffer: &'b mut [u8; 96]) -> Option<&'b str> {
    let length = name.len() + 1;
    let target = buffer.get_mut(..length)?;
    let (first, rest) = target.split_first_mut()?;
    *first = b'_';
    rest.copy_from_slice(name.as_bytes());
    std::str::from_utf8(target).ok()
}

fn holder_for<'a>(object: JsonObject<'a>, name: &str) -> Option<&'a JsonValue> {
    let mut buffer = [0u8; 96];
    match with_underscore(name, &mut buffer) {
        Some(key) => object.get(key),
        None => object.get(&format!("_{name}")),
    }
}

/// Whether nodes of this type are primitives (typed), or look like one (untyped).
pub(crate) fn is_primitive(types: &TypeTable, node: &Node<'_>) -> bool {
    match types.kind(node.type_id) {
        Some(Kind::Primitive(_)) => true,
        Some(_) => false,
        None => !node.value.is_object(),
    }
}

/// The actual type of a resource: its `resourceType`, when the declared type is abstract or unknown.
pub(crate) fn concrete_type(types: &TypeTable, value: &JsonValue, declared: TypeId) -> TypeId {
    if declared.is_known() && !types.is_resource(declared) {
        return declared;
    }
    match value
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .and_then(|name| types.named(name))
    {
        Some(actual) => actual,
        None => declared,
    }
}

/// Pushes the node(s) stored under `key` (a single value or an array), pairing each primitive
/// with its entry in `_key`.
pub(crate) fn push_property<'a>(
    types: &TypeTable,
    object: JsonObject<'a>,
    key: &str,
    declared: TypeId,
    out: &mut Vec<Item<'a>>,
) {
    let value = object.get(key);
    let may_be_primitive = match types.kind(declared) {
        Some(Kind::Primitive(_)) => true,
        Some(_) => false,
        None => value.is_none_or(|value| {
            !value.is_object()
                && !value
                    .as_array()
                    .is_some_and(|items| items.iter().any(JsonValue::is_object))
        }),
    };
    let holder = if may_be_primitive {
        holder_for(object, key)
    } else {
        None
    };
    push_value(types, value, holder, declared, out);
}

fn push_value<'a>(
    types: &TypeTable,
    value: Option<&'a JsonValue>,
    holder: Option<&'a JsonValue>,
    declared: TypeId,
    out: &mut Vec<Item<'a>>,
) {
    for_each_item(value, holder, |value, holder| {
        push_one(types, value, holder, declared, out)
    });
}

/// The elements of one JSON property and its `_name` companion, each with its companion: the
/// items of an array paired by position, a lone value, or companions alone (the value `null`).
/// A `null` without a companion is no element; a `null` companion is none.
pub(crate) fn for_each_item<'a>(
    value: Option<&'a JsonValue>,
    holder: Option<&'a JsonValue>,
    mut visit: impl FnMut(&'a JsonValue, Option<&'a JsonValue>),
) {
    let holder = holder.filter(|holder| !holder.is_null());
    let mut one = |value: &'a JsonValue, holder: Option<&'a JsonValue>| {
        if !(value.is_null() && holder.is_none()) {
            visit(value, holder);
        }
    };
    match value {
        Some(value) if value.is_array() => {
            let holders = holder.and_then(JsonValue::as_array);
            for (index, item) in value.items().iter().enumerate() {
                let item_holder = holders
                    .and_then(|holders| holders.get(index))
                    .filter(|holder| !holder.is_null());
                one(item, item_holder);
            }
        }
        Some(value) if !value.is_null() || !holder.is_some_and(JsonValue::is_array) => {
            one(value, holder)
        }
        _ => match holder {
            Some(holders) if holders.is_array() => {
                for holder in holders.items().iter().filter(|holder| !holder.is_null()) {
                    one(&NULL, Some(holder));
                }
            }
            holder => one(&NULL, holder),
        },
    }
}

fn push_one<'a>(
    types: &TypeTable,
    value: &'a JsonValue,
    holder: Option<&'a JsonValue>,
    declared: TypeId,
    out: &mut Vec<Item<'a>>,
) {
    let type_id = if value.is_object() {
        concrete_type(types, value, declared)
    } else {
        declared
    };
    out.push(Item::Node(Node {
        value,
        extension_holder: holder,
        type_id,
        slot: NO_SLOT,
    }));
}

/// `node.name`: the children named `name`.
pub(crate) fn navigate<'a>(
    types: &TypeTable,
    node: &Node<'a>,
    name: &str,
    strictness: Strictness,
    out: &mut Vec<Item<'a>>,
) -> EvalResult<()> {
    if is_primitive(types, node) {
        // A primitive's own children (id, extension) live in its `_name` holder.
        if let Some(holder) = node.extension_holder.and_then(JsonValue::as_object) {
            let declared = types
                .element(node.type_id, name)
                .and_then(|element| element.types.first().copied());
            push_property(
                types,
                holder,
                name,
                declared.unwrap_or(TypeId::UNKNOWN),
                out,
            );
        }
        return Ok(());
    }
    let Some(object) = node.value.as_object() else {
        return Ok(());
    };
    if node.type_id.is_known() {
        if let Some(element) = types.element(node.type_id, name) {
            if element.is_choice {
                for key in object.keys() {
                    // `valueString`, or `_valueString` when the primitive has only extensions.
                    let (json_name, holder_only) = match key.strip_prefix('_') {
                        Some(base) => (base, !object.contains_key(base)),
                        None => (key, false),
                    };
                    if json_name.len() <= name.len()
                        || !json_name.starts_with(name)
                        || (key.starts_with('_') && !holder_only)
                    {
                        continue;
                    }
                    if let Some((found, type_id)) = types.json_property(node.type_id, json_name) {
                        if std::ptr::eq(found, element) {
                            push_property(types, object, json_name, type_id, out);
                        }
                    }
                }
            } else {
                let declared = element.types.first().copied().unwrap_or(TypeId::UNKNOWN);
                push_property(types, object, name, declared, out);
            }
            return Ok(());
        }
        if let Some((element, _)) = types.json_property(node.type_id, name) {
            return Err(eval_error!(
                "'{name}' is not an element of {}: a choice element is reached by its name '{}'",
                types.name(node.type_id),
                element.name
            ));
        }
        if strictness == Strictness::Strict {
            return Err(eval_error!(
                "{} has no element '{name}'",
                types.display_name(node.type_id)
            ));
        }
    }
    if object.contains_key(name) || holder_for(object, name).is_some() {
        push_property(types, object, name, TypeId::UNKNOWN, out);
        return Ok(());
    }
    // Untyped choice: `value` finds `valueQuantity` (or `_valueQuantity` alone).
    for key in object.keys() {
        let (json_name, holder_only) = match key.strip_prefix('_') {
            Some(base) => (base, !object.contains_key(base)),
            None => (key, false),
        };
        let is_choice_name = json_name
            .strip_prefix(name)
            .and_then(|rest| rest.chars().next())
            .is_some_and(|first| first.is_ascii_uppercase());
        if is_choice_name && (!key.starts_with('_') || holder_only) {
            push_property(types, object, json_name, TypeId::UNKNOWN, out);
        }
    }
    Ok(())
}

/// Every child element of a node, in document order.
pub(crate) fn children<'a>(types: &TypeTable, node: &Node<'a>, out: &mut Vec<Item<'a>>) {
    if is_primitive(types, node) {
        if let Some(holder) = node.extension_holder.and_then(JsonValue::as_object) {
            for key in ["id", "extension"] {
                let declared = types
                    .element(node.type_id, key)
                    .and_then(|element| element.types.first().copied());
                push_property(types, holder, key, declared.unwrap_or(TypeId::UNKNOWN), out);
            }
        }
        return;
    }
    let Some(object) = node.value.as_object() else {
        return;
    };
    // Most objects have no `_name` holders; then no primitive needs a second lookup.
    let has_holders = object.keys().any(|key| key.starts_with('_'));
    for (key, value) in object.iter() {
        if key == "resourceType" || key == "fhir_comments" {
            continue;
        }
        if let Some(base) = key.strip_prefix('_') {
            if !object.contains_key(base) {
                let declared = types
                    .json_property(node.type_id, base)
                    .map_or(TypeId::UNKNOWN, |(_, type_id)| type_id);
                push_value(types, None, Some(value), declared, out);
            }
            continue;
        }
        let declared = types
            .json_property(node.type_id, key)
            .map_or(TypeId::UNKNOWN, |(_, type_id)| type_id);
        let holder = if has_holders {
            holder_for(object, key)
        } else {
            None
        };
        push_value(types, Some(value), holder, declared, out);
    }
}

/// A primitive node's value as a system value (`None` when it has no value or is not primitive).
pub(crate) fn primitive_value<'a>(types: &TypeTable, node: &Node<'a>) -> Option<Item<'a>> {
    let system = match types.kind(node.type_id) {
        Some(Kind::Primitive(system)) => Some(system),
        Some(_) => return None,
        None => None,
    };
    match &node.value.kind {
        JsonKind::Bool(value) => Some(Item::Boolean(*value)),
        JsonKind::Number(text) => {
            let as_decimal = || parse_decimal(text).map(Item::Decimal);
            match system {
                Some(SystemType::Decimal) => as_decimal(),
                Some(SystemType::Integer) | None => {
                    parse_integer(text).map(Item::Integer).or_else(as_decimal)
                }
                Some(_) => Some(Item::String(Cow::Borrowed(text))),
            }
        }
        JsonKind::String(text) => Some(string_value(system, text)),
        JsonKind::Null | JsonKind::Array(_) | JsonKind::Object(_) => None,
    }
}

/// The system type of a primitive node: `Err(())` when the node is typed and not primitive.
pub(crate) fn primitive_system(
    types: &TypeTable,
    node: &Node<'_>,
) -> Result<Option<SystemType>, ()> {
    match types.kind(node.type_id) {
        Some(Kind::Primitive(system)) => Ok(Some(system)),
        Some(_) => Err(()),
        None => Ok(None),
    }
}

/// A JSON string as the system value of a primitive of `system` type (the text itself when it
/// does not parse as one).
pub(crate) fn string_value(system: Option<SystemType>, text: &str) -> Item<'_> {
    match system {
        Some(SystemType::Date) => Date::parse(text).map(Item::Date),
        Some(SystemType::DateTime) => DateTime::parse(text).map(Item::DateTime),
        Some(SystemType::Time) => Time::parse(text).map(Item::Time),
        Some(SystemType::Integer) => parse_integer(text).map(Item::Integer),
        Some(SystemType::Decimal) => parse_decimal(text).map(Item::Decimal),
        Some(SystemType::Boolean) => match text {
            "true" => Some(Item::Boolean(true)),
            "false" => Some(Item::Boolean(false)),
            _ => None,
        },
        _ => None,
    }
    .unwrap_or(Item::String(Cow::Borrowed(text)))
}

/// A Quantity-typed node (Quantity, Age, Duration, …) as a system Quantity: the UCUM code when
/// the system is UCUM, else the code or the human unit.
pub(crate) fn node_quantity(types: &TypeTable, node: &Node<'_>) -> Option<Quantity> {
    if node.type_id.is_known() && !types.is_quantity(node.type_id) {
        return None;
    }
    let object = node.value.as_object()?;
    let value = parse_decimal(object.get("value")?.number_text()?)?;
    let code = object.get("code").and_then(JsonValue::as_str);
    let unit = object.get("unit").and_then(JsonValue::as_str);
    let is_ucum = object.get("system").and_then(JsonValue::as_str) == Some(UCUM_SYSTEM);
    let unit = match (is_ucum, code, unit) {
        (true, Some(code), _) => code,
        (_, Some(code), _) => code,
        (_, None, Some(unit)) => unit,
        _ => "1",
    };
    Some(Quantity::new(value, unit))
}

/// The FHIR type name of a node (for untyped JSON, a guess from the JSON kind).
pub(crate) fn node_type_name<'x>(types: &'x TypeTable, node: &Node<'x>) -> &'x str {
    if node.type_id.is_known() {
        return types.display_name(node.type_id);
    }
    if let Some(resource_type) = node.value.get("resourceType").and_then(JsonValue::as_str) {
        return resource_type;
    }
    match &node.value.kind {
        JsonKind::Bool(_) => "boolean",
        JsonKind::Number(text) if text.contains(['.', 'e', 'E']) => "decimal",
        JsonKind::Number(_) => "integer",
        JsonKind::String(_) => "string",
        _ => "Element",
    }
}
