//! How results are shown to people and other tools: each item's type name (FHIR type names for
//! elements, the FHIR primitive spelling for system values: `boolean`, `integer`, `decimal`,
//! `string`, `date`, `dateTime`, `time`, and `Quantity`) and its FHIRPath string.

use super::engine::Engine;
use super::node;
use super::types::SystemType;
use super::value::{system_value_string, Item};

/// An item as a type name and a string value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rendered {
    pub type_name: String,
    pub value: String,
}

/// The type and FHIRPath string of an item; complex elements render as their JSON.
pub fn render(engine: &Engine, item: &Item<'_>) -> Rendered {
    let types = engine.types();
    match item {
        Item::Node(node) => {
            let type_name = node::node_type_name(types, node).to_string();
            let value = match node::primitive_value(types, node) {
                Some(primitive) => system_value_string(&primitive).unwrap_or_default(),
                None if node.value.is_null() => String::new(),
                None => node.value.to_string(),
            };
            Rendered { type_name, value }
        }
        Item::Type(type_name) => Rendered {
            type_name: "TypeInfo".to_string(),
            value: type_name.to_string(),
        },
        other => {
            let type_name = match other.system_type() {
                Some(SystemType::Boolean) => "boolean",
                Some(SystemType::Integer) => "integer",
                Some(SystemType::Decimal) => "decimal",
                Some(SystemType::String) => "string",
                Some(SystemType::Date) => "date",
                Some(SystemType::DateTime) => "dateTime",
                Some(SystemType::Time) => "time",
                Some(SystemType::Quantity) | None => "Quantity",
            };
            Rendered {
                type_name: type_name.to_string(),
                value: system_value_string(other).unwrap_or_default(),
            }
        }
    }
}
