//! The vocabulary of the model: type keys, kinds, and the element view handed to callers, plus the
//! compact tables the model is stored in (and serialized from, for the cache).

use serde::{Deserialize, Serialize};

/// A type that has elements: a named FHIR type ("Patient", "HumanName", "string") or an anonymous
/// backbone element identified by its path ("Patient.contact", "Questionnaire.item").
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TypeKey {
    Named(String),
    Backbone(String),
}

impl TypeKey {
    /// The type name, or the backbone element's path.
    pub fn name(&self) -> &str {
        match self {
            TypeKey::Named(name) | TypeKey::Backbone(name) => name,
        }
    }

    /// `TypeKey::Named(name)`.
    pub fn named(name: &str) -> TypeKey {
        TypeKey::Named(name.to_owned())
    }
}

impl std::fmt::Display for TypeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// StructureDefinition.kind of a named type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TypeKind {
    PrimitiveType,
    ComplexType,
    Resource,
}

/// One element of a type, as [`super::Model::child`] and [`super::Model::children`] return it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChildElement<'a> {
    /// `value` for `Observation.value[x]`, `contact` for `Patient.contact`.
    pub name: &'a str,
    /// The element's path in its StructureDefinition: `Observation.value[x]`, `Patient.id`.
    pub path: &'a str,
    pub min: u32,
    /// `None` for `*`.
    pub max: Option<u32>,
    /// A choice element (`[x]`): in JSON it appears as `name` + a type name (`valueQuantity`).
    pub is_choice: bool,
    /// The allowed types. `Backbone(path)` for elements with their own children; a
    /// `contentReference` ("#Questionnaire.item") is resolved to `Backbone("Questionnaire.item")`.
    pub types: &'a [TypeKey],
    pub is_modifier: bool,
    pub is_summary: bool,
}

impl ChildElement<'_> {
    /// Whether the element may repeat (`max` is `*` or above 1).
    pub fn is_list(&self) -> bool {
        self.max.is_none_or(|max| max > 1)
    }
}

/// A named type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct TypeDef {
    pub name: String,
    pub url: String,
    pub kind: TypeKind,
    pub is_abstract: bool,
    pub base: Option<String>,
    /// For primitive types: the FHIRPath system type of `value` (`String`, `Boolean`, `DateTime`, …).
    pub system_type: Option<String>,
    /// Position in `ModelData::owners`.
    pub owner: u32,
}

/// Something with child elements: a named type or a backbone element.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct OwnerDef {
    pub key: TypeKey,
    /// For backbones: the declared type (`BackboneElement` or `Element`).
    pub base: Option<String>,
    pub first_element: u32,
    pub n_elements: u32,
}

/// One element definition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ElementDef {
    pub name: String,
    pub path: String,
    pub min: u32,
    pub max: Option<u32>,
    pub is_choice: bool,
    pub types: Vec<TypeKey>,
    pub is_modifier: bool,
    pub is_summary: bool,
}

impl ElementDef {
    pub fn view(&self) -> ChildElement<'_> {
        ChildElement {
            name: &self.name,
            path: &self.path,
            min: self.min,
            max: self.max,
            is_choice: self.is_choice,
            types: &self.types,
            is_modifier: self.is_modifier,
            is_summary: self.is_summary,
        }
    }
}

/// The whole model as tables; what the compact cache stores.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct ModelData {
    pub types: Vec<TypeDef>,
    pub owners: Vec<OwnerDef>,
    pub elements: Vec<ElementDef>,
}
