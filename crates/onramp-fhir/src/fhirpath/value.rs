//! The values FHIRPath computes with: [`Item`]s of the system types (Boolean, String, Integer,
//! Decimal, Date, DateTime, Time, Quantity), FHIR [`Node`]s that point into the input JSON, and
//! type descriptions returned by `type()`. A [`Collection`] is an ordered list of items.

use std::borrow::Cow;
use std::fmt;

use rust_decimal::Decimal;

use super::datetime::{Date, DateTime, Time};
use super::document::NO_SLOT;
use super::number::format_decimal;
use super::quantity::Quantity;
use super::types::{SystemType, TypeId};
use crate::json::JsonValue;

/// What every FHIRPath expression takes and returns.
pub type Collection<'a> = Vec<Item<'a>>;

/// One value in a collection.
#[derive(Clone, Debug)]
pub enum Item<'a> {
    Boolean(bool),
    Integer(i64),
    Decimal(Decimal),
    String(Cow<'a, str>),
    Date(Date),
    DateTime(DateTime),
    Time(Time),
    Quantity(Box<Quantity>),
    /// An element or resource of the input.
    Node(Node<'a>),
    /// What `type()` returns: a namespace and a name (`FHIR.Patient`, `System.Integer`).
    Type(Box<TypeName>),
}

/// The result of `type()`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TypeName {
    pub namespace: String,
    pub name: String,
}

/// A FHIR element of the input: the JSON value, the `_name` object holding a primitive's `id`
/// and `extension`, and the element's type.
#[derive(Clone, Copy, Debug)]
pub struct Node<'a> {
    /// The JSON value (`JsonValue::Null` for a primitive that has only extensions).
    pub value: &'a JsonValue,
    /// For primitives: the `_name` sibling with `id` and `extension`.
    pub extension_holder: Option<&'a JsonValue>,
    pub type_id: TypeId,
    /// The node's slot in the [`super::Document`] it came from ([`NO_SLOT`] otherwise).
    pub(crate) slot: u32,
}

pub(crate) use crate::json::NULL;

impl<'a> Node<'a> {
    pub fn new(value: &'a JsonValue, type_id: TypeId) -> Node<'a> {
        Node {
            value,
            extension_holder: None,
            type_id,
            slot: NO_SLOT,
        }
    }

    /// Whether both nodes are the same place in the same input.
    pub fn same_place(&self, other: &Node<'_>) -> bool {
        std::ptr::eq(self.value, other.value)
            && match (self.extension_holder, other.extension_holder) {
                (Some(left), Some(right)) => std::ptr::eq(left, right),
                (None, None) => true,
                _ => false,
            }
    }
}

impl<'a> Item<'a> {
    pub fn string(text: impl Into<String>) -> Item<'a> {
        Item::String(Cow::Owned(text.into()))
    }

    pub fn quantity(value: Decimal, unit: impl Into<String>) -> Item<'a> {
        Item::Quantity(Box::new(Quantity::new(value, unit)))
    }

    /// The system type of a non-node item.
    pub fn system_type(&self) -> Option<SystemType> {
        Some(match self {
            Item::Boolean(_) => SystemType::Boolean,
            Item::Integer(_) => SystemType::Integer,
            Item::Decimal(_) => SystemType::Decimal,
            Item::String(_) => SystemType::String,
            Item::Date(_) => SystemType::Date,
            Item::DateTime(_) => SystemType::DateTime,
            Item::Time(_) => SystemType::Time,
            Item::Quantity(_) => SystemType::Quantity,
            Item::Node(_) | Item::Type(_) => return None,
        })
    }

    pub fn as_node(&self) -> Option<&Node<'a>> {
        match self {
            Item::Node(node) => Some(node),
            _ => None,
        }
    }

    /// Detaches the item from borrowed strings (nodes still point into the input).
    pub fn into_owned_strings(self) -> Item<'a> {
        match self {
            Item::String(Cow::Borrowed(text)) => Item::String(Cow::Owned(text.to_string())),
            other => other,
        }
    }
}

/// The FHIRPath string form of a system value: what `toString()` gives and what the CLI prints.
pub(crate) fn system_value_string(item: &Item<'_>) -> Option<String> {
    Some(match item {
        Item::Boolean(value) => value.to_string(),
        Item::Integer(value) => value.to_string(),
        Item::Decimal(value) => format_decimal(value),
        Item::String(value) => value.to_string(),
        Item::Date(value) => value.to_string(),
        Item::DateTime(value) => value.to_string(),
        Item::Time(value) => value.to_string(),
        Item::Quantity(value) => value.to_string(),
        Item::Node(_) | Item::Type(_) => return None,
    })
}

impl fmt::Display for TypeName {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}.{}", self.namespace, self.name)
    }
}
