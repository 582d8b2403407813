//! A StructureDefinition snapshot compiled for validation: a tree of element nodes with their
//! children, slices, types, fixed and pattern values, bindings, slicing rules and compiled
//! invariants. `compile` builds it from the snapshot's JSON.

use std::sync::Arc;

use super::issue::Severity;
use crate::fhirpath::Expression;
use crate::json::JsonValue;

mod compile;

pub use compile::compile_profile;

/// One `ElementDefinition.type`.
#[derive(Clone, Debug, Default)]
pub struct TypeRef {
    pub code: String,
    pub profiles: Vec<String>,
    pub target_profiles: Vec<String>,
    /// `aggregation` of a Reference: `contained`, `referenced`, `bundled`.
    pub aggregation: Vec<String>,
    /// The `regex` extension of a primitive's `value` element.
    pub regex: Option<String>,
}

/// One `ElementDefinition.constraint`.
#[derive(Debug)]
pub struct Constraint {
    pub key: String,
    pub severity: Severity,
    pub human: String,
    pub expression: Option<Arc<Expression>>,
    /// The text, when it did not compile.
    pub broken: Option<String>,
}

/// `ElementDefinition.binding`.
#[derive(Clone, Debug)]
pub struct Binding {
    pub strength: String,
    pub value_set: Option<String>,
    /// The `elementdefinition-maxValueSet` extension: the value set an extensible binding's codes
    /// must be in when they are not in `value_set`.
    pub max_value_set: Option<String>,
}

/// `ElementDefinition.slicing`.
#[derive(Clone, Debug)]
pub struct Slicing {
    /// (type, path) pairs: `value`, `exists`, `pattern`, `type`, `profile`.
    pub discriminators: Vec<(String, String)>,
    pub ordered: bool,
    /// `closed`, `open` or `openAtEnd`.
    pub rules: String,
}

/// The children of a node with one name: the element and its slices.
#[derive(Clone, Debug)]
pub struct ChildGroup {
    pub element: usize,
    pub slices: Vec<usize>,
}

/// One element of the snapshot.
#[derive(Debug, Default)]
pub struct ElementNode {
    pub id: String,
    pub path: String,
    /// The last segment of the path (`value[x]`, `code`).
    pub name: String,
    pub slice_name: Option<String>,
    pub min: u32,
    pub max: Option<u32>,
    /// Whether the base definition lets the element repeat: decides array vs single value in JSON.
    pub repeats: bool,
    pub types: Vec<TypeRef>,
    pub content_reference: Option<String>,
    /// `fixed[x]` and `pattern[x]`, as JSON values to compare with the instance's.
    pub fixed: Option<JsonValue>,
    pub pattern: Option<JsonValue>,
    /// `minValue[x]` and `maxValue[x]`: the type suffix (`Date`, `Quantity`) and the value.
    pub min_value: Option<(String, JsonValue)>,
    pub max_value: Option<(String, JsonValue)>,
    pub constraints: Vec<Constraint>,
    pub binding: Option<Binding>,
    pub slicing: Option<Slicing>,
    pub is_modifier: bool,
    pub children: Vec<ChildGroup>,
    /// Limits on the value, from the element and its extensions (see [`Limits`]).
    pub limits: Limits,
}

/// Limits an element puts on its value: `maxLength` and the `minLength`, `regex`, `maxSize` and
/// `maxDecimalPlaces` extensions of the element, read once when the profile is compiled.
#[derive(Debug, Default)]
pub struct Limits {
    /// `ElementDefinition.maxLength` (0 means no limit and is kept as `None`).
    pub max_length: Option<u64>,
    /// The `minLength` extension.
    pub min_length: Option<u64>,
    /// The `regex` extension of the element (a type's `regex` wins when both are present, as in
    /// the reference validator), with its text; anchored to match the whole value.
    pub regex: Option<(String, regex::Regex)>,
    /// The `maxSize` extension: bytes of base64 data (of a base64Binary or an Attachment).
    pub max_size: Option<u64>,
    /// The `maxDecimalPlaces` extension.
    pub max_decimal_places: Option<u64>,
}

impl ElementNode {
    /// Whether this is a choice element (`value[x]`).
    pub fn is_choice(&self) -> bool {
        self.name.ends_with("[x]")
    }

    /// The name without `[x]`.
    pub fn base_name(&self) -> &str {
        self.name.strip_suffix("[x]").unwrap_or(&self.name)
    }

    pub fn max_text(&self) -> String {
        self.max
            .map_or_else(|| "*".to_string(), |max| max.to_string())
    }
}

/// A compiled StructureDefinition.
#[derive(Debug)]
pub struct Profile {
    pub url: String,
    pub name: String,
    /// StructureDefinition.type (`Patient`, `Extension`).
    pub type_name: String,
    pub kind: String,
    /// Extension contexts (`context.expression`), for extension definitions.
    pub contexts: Vec<String>,
    pub nodes: Vec<ElementNode>,
}

impl Profile {
    pub fn node(&self, index: usize) -> Option<&ElementNode> {
        self.nodes.get(index)
    }

    /// The node with this id or path (for `contentReference`: `#Questionnaire.item`).
    pub fn find_by_id(&self, id: &str) -> Option<usize> {
        self.nodes
            .iter()
            .position(|node| node.id == id || (node.slice_name.is_none() && node.path == id))
    }

    /// The child node of `parent` named `name` (exact element name, `[x]` included), not a slice.
    pub fn child_named(&self, parent: usize, name: &str) -> Option<usize> {
        let node = self.node(parent)?;
        node.children
            .iter()
            .map(|group| group.element)
            .find(|&index| {
                self.node(index)
                    .is_some_and(|n| n.name == name || n.base_name() == name)
            })
    }
}
