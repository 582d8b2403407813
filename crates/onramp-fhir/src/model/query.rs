//! Questions asked of a built model: types, inheritance, children, and JSON property names.

use super::types::{ChildElement, ElementDef, OwnerDef, TypeDef, TypeKey, TypeKind};
use super::Model;

impl Model {
    /// Every named type (primitive, complex, resource; abstract ones included), in name order.
    pub fn type_names(&self) -> impl Iterator<Item = &str> {
        self.data.types.iter().map(|t| t.name.as_str())
    }

    /// Whether the model defines this named type.
    pub fn has_type(&self, type_name: &str) -> bool {
        self.type_def(type_name).is_some()
    }

    /// The direct base type: `Patient` → `DomainResource`; `None` for `Element`, `Resource` and
    /// unknown names.
    pub fn base_of(&self, type_name: &str) -> Option<&str> {
        self.type_def(type_name)?.base.as_deref()
    }

    /// The base of a type key: for a backbone element its declared type (`BackboneElement`, or
    /// `Element` for elements such as `Timing.repeat`).
    pub fn base_of_key(&self, key: &TypeKey) -> Option<&str> {
        match key {
            TypeKey::Named(name) => self.base_of(name),
            TypeKey::Backbone(_) => self.owner_def(key)?.base.as_deref(),
        }
    }

    /// Whether `type_name` is `ancestor` or derives from it (`Patient` is a `Resource`).
    pub fn is_subtype(&self, type_name: &str, ancestor: &str) -> bool {
        let mut current = Some(type_name);
        let mut steps = 0;
        while let Some(name) = current {
            if name == ancestor {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return false;
            }
            current = self.base_of(name);
        }
        false
    }

    /// [`Model::is_subtype`] for any type key: a backbone element is its own type and, through its
    /// declared base, a `BackboneElement` and an `Element`.
    pub fn is_subtype_key(&self, key: &TypeKey, ancestor: &str) -> bool {
        match key {
            TypeKey::Named(name) => self.is_subtype(name, ancestor),
            TypeKey::Backbone(path) => {
                path == ancestor
                    || self
                        .base_of_key(key)
                        .is_some_and(|base| self.is_subtype(base, ancestor))
            }
        }
    }

    pub fn kind_of(&self, type_name: &str) -> Option<TypeKind> {
        self.type_def(type_name).map(|t| t.kind)
    }

    pub fn is_resource(&self, type_name: &str) -> bool {
        self.kind_of(type_name) == Some(TypeKind::Resource)
    }

    pub fn is_primitive(&self, type_name: &str) -> bool {
        self.kind_of(type_name) == Some(TypeKind::PrimitiveType)
    }

    pub fn is_abstract(&self, type_name: &str) -> bool {
        self.type_def(type_name).is_some_and(|t| t.is_abstract)
    }

    /// The canonical URL of a named type's StructureDefinition.
    pub fn url_of(&self, type_name: &str) -> Option<&str> {
        self.type_def(type_name).map(|t| t.url.as_str())
    }

    /// For a primitive type, the FHIRPath system type of its value: `string` → `String`,
    /// `dateTime`/`instant` → `DateTime`, `positiveInt` → `Integer`, `code` → `String`.
    pub fn system_type_of(&self, type_name: &str) -> Option<&str> {
        self.type_def(type_name)?.system_type.as_deref()
    }

    /// The element `name` (without `[x]`) of `owner`, inherited elements included.
    pub fn child(&self, owner: &TypeKey, name: &str) -> Option<ChildElement<'_>> {
        self.owner_elements(owner)
            .iter()
            .find(|element| element.name == name)
            .map(ElementDef::view)
    }

    /// All elements of `owner` in definition order (inherited ones first, as in the snapshot).
    pub fn children(&self, owner: &TypeKey) -> impl Iterator<Item = ChildElement<'_>> {
        self.owner_elements(owner).iter().map(ElementDef::view)
    }

    /// A JSON property name as it appears in an instance (`valueQuantity`, `birthDate`): the element
    /// and the concrete type it carries. Names starting with `_` are not matched.
    pub fn resolve_json_property(
        &self,
        owner: &TypeKey,
        json_name: &str,
    ) -> Option<(ChildElement<'_>, TypeKey)> {
        let elements = self.owner_elements(owner);
        if let Some(element) = elements
            .iter()
            .find(|e| !e.is_choice && e.name == json_name)
        {
            let type_key = element.types.first()?.clone();
            return Some((element.view(), type_key));
        }
        for element in elements.iter().filter(|e| e.is_choice) {
            let Some(suffix) = json_name.strip_prefix(element.name.as_str()) else {
                continue;
            };
            let found = element
                .types
                .iter()
                .find(|type_key| matches_capitalized(type_key.name(), suffix));
            if let Some(type_key) = found {
                return Some((element.view(), type_key.clone()));
            }
        }
        None
    }

    /// The JSON property name of a choice element for one of its types: (`value`, `Quantity`) →
    /// `valueQuantity`.
    pub fn choice_json_name(element_name: &str, type_name: &str) -> String {
        let mut name = String::with_capacity(element_name.len() + type_name.len());
        name.push_str(element_name);
        let mut chars = type_name.chars();
        if let Some(first) = chars.next() {
            name.extend(first.to_uppercase());
            name.push_str(chars.as_str());
        }
        name
    }

    /// How many named types, owners (types and backbones) and elements the model holds.
    pub fn counts(&self) -> (usize, usize, usize) {
        (
            self.data.types.len(),
            self.data.owners.len(),
            self.data.elements.len(),
        )
    }

    pub(crate) fn type_def(&self, type_name: &str) -> Option<&TypeDef> {
        let position = *self.type_positions.get(type_name)?;
        self.data.types.get(position)
    }

    fn owner_def(&self, key: &TypeKey) -> Option<&OwnerDef> {
        let position = *self.owner_positions.get(key)?;
        self.data.owners.get(position)
    }

    fn owner_elements(&self, key: &TypeKey) -> &[ElementDef] {
        let Some(owner) = self.owner_def(key) else {
            return &[];
        };
        let start = owner.first_element as usize;
        let end = start + owner.n_elements as usize;
        self.data.elements.get(start..end).unwrap_or_default()
    }
}

/// `suffix` is `type_name` with its first letter upper-cased (`Quantity`, `DateTime`, `String`).
fn matches_capitalized(type_name: &str, suffix: &str) -> bool {
    let mut type_chars = type_name.chars();
    let mut suffix_chars = suffix.chars();
    match (type_chars.next(), suffix_chars.next()) {
        (Some(t), Some(s)) => {
            s.is_uppercase()
                && t.to_uppercase().eq(std::iter::once(s))
                && type_chars.as_str() == suffix_chars.as_str()
        }
        _ => false,
    }
}
