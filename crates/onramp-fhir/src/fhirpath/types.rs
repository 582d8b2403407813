//! Type information for evaluation: a compact table built once from the [`Model`], giving every
//! FHIR type and backbone element a small [`TypeId`], so that navigating `Observation.value` to
//! `valueQuantity` or answering `is(Quantity)` costs a hash lookup and no allocation.

use rustc_hash::FxHashMap;

use crate::model::{Model, TypeKey, TypeKind};

/// A FHIR type or backbone element in the [`TypeTable`]; [`TypeId::UNKNOWN`] for untyped JSON.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TypeId(u32);

impl TypeId {
    pub const UNKNOWN: TypeId = TypeId(u32::MAX);

    pub fn is_known(self) -> bool {
        self != TypeId::UNKNOWN
    }

    fn index(self) -> usize {
        self.0 as usize
    }
}

/// The FHIRPath system types (namespace `System`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SystemType {
    Boolean,
    String,
    Integer,
    Decimal,
    Date,
    DateTime,
    Time,
    Quantity,
}

impl SystemType {
    pub fn name(self) -> &'static str {
        match self {
            SystemType::Boolean => "Boolean",
            SystemType::String => "String",
            SystemType::Integer => "Integer",
            SystemType::Decimal => "Decimal",
            SystemType::Date => "Date",
            SystemType::DateTime => "DateTime",
            SystemType::Time => "Time",
            SystemType::Quantity => "Quantity",
        }
    }

    pub fn from_name(name: &str) -> Option<SystemType> {
        Some(match name {
            "Boolean" => SystemType::Boolean,
            "String" => SystemType::String,
            "Integer" => SystemType::Integer,
            "Decimal" => SystemType::Decimal,
            "Date" => SystemType::Date,
            "DateTime" => SystemType::DateTime,
            "Time" => SystemType::Time,
            "Quantity" => SystemType::Quantity,
            _ => return None,
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A primitive type and the system type of its value.
    Primitive(SystemType),
    Complex,
    Resource,
    /// An anonymous element with children (`Patient.contact`).
    Backbone,
}

#[derive(Debug)]
pub(crate) struct Element {
    pub name: Box<str>,
    pub is_choice: bool,
    pub types: Vec<TypeId>,
}

#[derive(Debug)]
pub(crate) struct TypeEntry {
    /// "Patient", "string", or the backbone path "Patient.contact".
    pub name: Box<str>,
    pub kind: Kind,
    pub base: Option<TypeId>,
    pub is_abstract: bool,
    pub elements: Vec<Element>,
    /// Element name → position in `elements`.
    pub by_name: FxHashMap<Box<str>, u32>,
    /// JSON property name → element position and the concrete type it carries.
    pub by_json: FxHashMap<Box<str>, (u32, TypeId)>,
}

/// Every type of the model with its elements, keyed by [`TypeId`].
#[derive(Debug, Default)]
pub struct TypeTable {
    entries: Vec<TypeEntry>,
    named: FxHashMap<Box<str>, TypeId>,
    backbones: FxHashMap<Box<str>, TypeId>,
}

impl TypeTable {
    /// Builds the table from every named type of the model and every backbone reachable from them.
    pub fn from_model(model: &Model) -> TypeTable {
        let mut table = TypeTable::default();
        for name in model.type_names() {
            table.intern(&TypeKey::named(name), model);
        }
        let mut position = 0;
        while let Some(entry) = table.entries.get(position) {
            let key = if entry.kind == Kind::Backbone {
                TypeKey::Backbone(entry.name.to_string())
            } else {
                TypeKey::named(&entry.name)
            };
            let is_resource = entry.kind == Kind::Resource;
            let mut elements = Vec::new();
            for child in model.children(&key) {
                let mut types: Vec<TypeId> = child
                    .types
                    .iter()
                    .map(|type_key| table.intern(type_key, model))
                    .collect();
                // R4's snapshots type Resource.id as System.String marked `string`; the specification
                // (and the FHIRPath suite) give it the type `id`.
                if is_resource && child.name == "id" {
                    types = vec![table.intern(&TypeKey::named("id"), model)];
                }
                elements.push(Element {
                    name: child.name.into(),
                    is_choice: child.is_choice,
                    types,
                });
            }
            let base_name = model.base_of_key(&key).map(str::to_owned);
            let base = base_name.map(|name| table.intern(&TypeKey::Named(name), model));
            table.set_elements(position, elements, base);
            position += 1;
        }
        table
    }

    fn intern(&mut self, key: &TypeKey, model: &Model) -> TypeId {
        let (map, name) = match key {
            TypeKey::Named(name) => (&self.named, name),
            TypeKey::Backbone(path) => (&self.backbones, path),
        };
        if let Some(id) = map.get(name.as_str()) {
            return *id;
        }
        let kind = match key {
            TypeKey::Backbone(_) => Kind::Backbone,
            TypeKey::Named(name) => match model.kind_of(name) {
                Some(TypeKind::PrimitiveType) => Kind::Primitive(
                    model
                        .system_type_of(name)
                        .and_then(SystemType::from_name)
                        .unwrap_or(SystemType::String),
                ),
                Some(TypeKind::Resource) => Kind::Resource,
                _ => Kind::Complex,
            },
        };
        let id = TypeId(u32::try_from(self.entries.len()).unwrap_or(u32::MAX - 1));
        self.entries.push(TypeEntry {
            name: name.as_str().into(),
            kind,
            base: None,
            is_abstract: matches!(key, TypeKey::Named(name) if model.is_abstract(name)),
            elements: Vec::new(),
            by_name: FxHashMap::default(),
            by_json: FxHashMap::default(),
        });
        match key {
            TypeKey::Named(name) => self.named.insert(name.as_str().into(), id),
            TypeKey::Backbone(path) => self.backbones.insert(path.as_str().into(), id),
        };
        id
    }

    fn set_elements(&mut self, position: usize, elements: Vec<Element>, base: Option<TypeId>) {
        let mut by_name = FxHashMap::default();
        let mut by_json = FxHashMap::default();
        for (index, element) in elements.iter().enumerate() {
            let index = u32::try_from(index).unwrap_or(u32::MAX);
            by_name.insert(element.name.clone(), index);
            if element.is_choice {
                for type_id in &element.types {
                    let json_name = Model::choice_json_name(&element.name, self.name(*type_id));
                    by_json.insert(json_name.into_boxed_str(), (index, *type_id));
                }
            } else {
                let type_id = element.types.first().copied().unwrap_or(TypeId::UNKNOWN);
                by_json.insert(element.name.clone(), (index, type_id));
            }
        }
        if let Some(entry) = self.entries.get_mut(position) {
            entry.elements = elements;
            entry.by_name = by_name;
            entry.by_json = by_json;
            entry.base = base;
        }
    }

    pub(crate) fn entry(&self, id: TypeId) -> Option<&TypeEntry> {
        self.entries.get(id.index())
    }

    /// A named type (`Patient`, `string`); backbones are not named.
    pub fn named(&self, name: &str) -> Option<TypeId> {
        self.named.get(name).copied()
    }

    /// The name of a type: the type name, or a backbone's path.
    pub fn name(&self, id: TypeId) -> &str {
        self.entry(id).map_or("", |entry| &entry.name)
    }

    /// The name `type()` reports: backbones report their base (`BackboneElement` or `Element`).
    pub fn display_name(&self, id: TypeId) -> &str {
        match self.entry(id) {
            Some(entry) if entry.kind == Kind::Backbone => {
                entry.base.map_or("BackboneElement", |base| self.name(base))
            }
            Some(entry) => &entry.name,
            None => "",
        }
    }

    pub(crate) fn kind(&self, id: TypeId) -> Option<Kind> {
        self.entry(id).map(|entry| entry.kind)
    }

    pub fn is_resource(&self, id: TypeId) -> bool {
        self.kind(id) == Some(Kind::Resource)
    }

    /// The system type of a primitive's value.
    pub fn primitive_system_type(&self, id: TypeId) -> Option<SystemType> {
        match self.kind(id)? {
            Kind::Primitive(system) => Some(system),
            _ => None,
        }
    }

    /// Whether `id` is `ancestor` or derives from it.
    pub fn is_subtype(&self, id: TypeId, ancestor: TypeId) -> bool {
        let mut current = Some(id);
        let mut steps = 0;
        while let Some(type_id) = current {
            if type_id == ancestor {
                return true;
            }
            steps += 1;
            if steps > 64 {
                return false;
            }
            current = self.entry(type_id).and_then(|entry| entry.base);
        }
        false
    }

    /// Whether the type is Quantity or one of its specializations (Age, Duration, …).
    pub fn is_quantity(&self, id: TypeId) -> bool {
        self.named("Quantity")
            .is_some_and(|quantity| self.is_subtype(id, quantity))
    }

    /// The element `name` of a type.
    pub(crate) fn element(&self, id: TypeId, name: &str) -> Option<&Element> {
        let entry = self.entry(id)?;
        let index = *entry.by_name.get(name)?;
        entry.elements.get(index as usize)
    }

    /// The element and concrete type of a JSON property name.
    pub(crate) fn json_property(&self, id: TypeId, json_name: &str) -> Option<(&Element, TypeId)> {
        let entry = self.entry(id)?;
        let (index, type_id) = *entry.by_json.get(json_name)?;
        Some((entry.elements.get(index as usize)?, type_id))
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
