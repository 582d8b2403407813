//! Building the model from StructureDefinitions: one named type per specialization (primitive,
//! complex and resource kinds; constraints and logical models are skipped), its snapshot turned into
//! owners (the type, and one backbone per element that has children) and their direct elements.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::error::ModelError;
use super::types::{ElementDef, ModelData, OwnerDef, TypeDef, TypeKey, TypeKind};
use crate::package::{IndexEntry, Package, PackageSet};

const SYSTEM_PREFIX: &str = "http://hl7.org/fhirpath/System.";
const FHIR_TYPE_EXTENSION: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type";
const CORE_PREFIX: &str = "http://hl7.org/fhir/StructureDefinition/";

#[derive(Deserialize)]
struct StructureDefinition {
    #[serde(default)]
    url: String,
    #[serde(rename = "type", default)]
    type_name: String,
    #[serde(default)]
    kind: String,
    #[serde(rename = "abstract", default)]
    is_abstract: bool,
    derivation: Option<String>,
    #[serde(rename = "baseDefinition")]
    base_definition: Option<String>,
    snapshot: Option<Snapshot>,
}

#[derive(Deserialize)]
struct Snapshot {
    #[serde(default)]
    element: Vec<RawElement>,
}

#[derive(Deserialize)]
struct RawElement {
    #[serde(default)]
    path: String,
    #[serde(default)]
    min: u32,
    max: Option<String>,
    #[serde(rename = "type", default)]
    types: Vec<RawType>,
    #[serde(rename = "contentReference")]
    content_reference: Option<String>,
    #[serde(rename = "isModifier", default)]
    is_modifier: bool,
    #[serde(rename = "isSummary", default)]
    is_summary: bool,
}

#[derive(Deserialize)]
struct RawType {
    #[serde(default)]
    code: String,
    #[serde(default)]
    extension: Vec<RawExtension>,
}

#[derive(Deserialize)]
struct RawExtension {
    #[serde(default)]
    url: String,
    #[serde(rename = "valueUrl")]
    value_url: Option<String>,
    #[serde(rename = "valueUri")]
    value_uri: Option<String>,
}

/// Builds the model tables from every specialization in `packages` (first definition of a type wins).
pub(crate) fn build(packages: &PackageSet) -> Result<ModelData, ModelError> {
    let mut definitions: BTreeMap<String, StructureDefinition> = BTreeMap::new();
    for (package, _, entry) in packages.entries_of_type("StructureDefinition") {
        if !may_be_specialization(entry) {
            continue;
        }
        let definition = read_definition(package, entry)?;
        let is_specialization = match &definition.derivation {
            Some(derivation) => derivation == "specialization",
            None => definition.base_definition.is_none(),
        };
        if is_specialization
            && kind_of(&definition.kind).is_some()
            && !definition.type_name.is_empty()
            && !definition.type_name.contains('/')
        {
            definitions
                .entry(definition.type_name.clone())
                .or_insert(definition);
        }
    }
    if definitions.is_empty() {
        return Err(ModelError::NoTypes);
    }
    let type_of_url: HashMap<&str, &str> = definitions
        .values()
        .map(|d| (d.url.as_str(), d.type_name.as_str()))
        .collect();
    let mut data = ModelData::default();
    for definition in definitions.values() {
        add_type(&mut data, definition, &type_of_url);
    }
    inherit_system_types(&mut data);
    Ok(data)
}

/// A primitive that specializes another primitive carries its base's system type: R4 declares
/// `positiveInt.value` and `unsignedInt.value` as `System.String`, yet FHIRPath treats them as
/// integers because they are integers.
fn inherit_system_types(data: &mut ModelData) {
    let primitives: HashMap<String, (Option<String>, Option<String>)> = data
        .types
        .iter()
        .filter(|t| t.kind == TypeKind::PrimitiveType)
        .map(|t| (t.name.clone(), (t.base.clone(), t.system_type.clone())))
        .collect();
    for type_def in data
        .types
        .iter_mut()
        .filter(|t| t.kind == TypeKind::PrimitiveType)
    {
        // The highest primitive ancestor (`integer` for `positiveInt`) decides.
        let mut root_system = None;
        let mut current = type_def.base.clone();
        for _ in 0..16 {
            let Some((base, system)) = current.as_ref().and_then(|name| primitives.get(name))
            else {
                break;
            };
            root_system = system.clone().or(root_system);
            current = base.clone();
        }
        if root_system.is_some() {
            type_def.system_type = root_system;
        }
    }
}

/// Skips, from the index alone, what cannot be a specialization: logical models, and definitions
/// whose URL does not end in their type (profiles such as `MoneyQuantity` on `Quantity`).
fn may_be_specialization(entry: &IndexEntry) -> bool {
    if entry.kind.as_deref() == Some("logical") {
        return false;
    }
    match (&entry.url, &entry.type_name) {
        (Some(url), Some(type_name)) => url.rsplit('/').next() == Some(type_name.as_str()),
        _ => true,
    }
}

fn read_definition(
    package: &Package,
    entry: &IndexEntry,
) -> Result<StructureDefinition, ModelError> {
    let bytes = package.read_bytes(&entry.filename)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    serde_json::from_slice(bytes).map_err(|error| ModelError::InvalidStructureDefinition {
        package: package.id().to_string(),
        filename: entry.filename.clone(),
        reason: error.to_string(),
    })
}

fn kind_of(kind: &str) -> Option<TypeKind> {
    match kind {
        "primitive-type" => Some(TypeKind::PrimitiveType),
        "complex-type" => Some(TypeKind::ComplexType),
        "resource" => Some(TypeKind::Resource),
        _ => None,
    }
}

fn add_type(
    data: &mut ModelData,
    definition: &StructureDefinition,
    type_of_url: &HashMap<&str, &str>,
) {
    let Some(kind) = kind_of(&definition.kind) else {
        return;
    };
    let type_name = definition.type_name.as_str();
    let elements: &[RawElement] = definition
        .snapshot
        .as_ref()
        .map(|snapshot| snapshot.element.as_slice())
        .unwrap_or_default();
    // Paths that have children become owners (backbones) of their own.
    let mut has_children: HashMap<&str, bool> = HashMap::new();
    for element in elements {
        if let Some((parent, _)) = element.path.rsplit_once('.') {
            has_children.insert(parent, true);
        }
    }
    let mut system_type = None;
    let mut by_owner: BTreeMap<&str, Vec<ElementDef>> = BTreeMap::new();
    let mut backbone_base: HashMap<&str, String> = HashMap::new();
    for element in elements {
        let Some((parent, name)) = element.path.rsplit_once('.') else {
            continue;
        };
        if parent == type_name && name == "value" && kind == TypeKind::PrimitiveType {
            system_type = element
                .types
                .first()
                .and_then(|t| t.code.strip_prefix(SYSTEM_PREFIX))
                .map(str::to_owned);
            continue;
        }
        let is_child_owner = has_children.contains_key(element.path.as_str());
        let types = element_types(element, is_child_owner);
        if is_child_owner {
            let declared = element.types.first().map(|t| t.code.clone());
            backbone_base.insert(
                &element.path,
                declared.unwrap_or_else(|| "BackboneElement".to_owned()),
            );
        }
        let (name, is_choice) = match name.strip_suffix("[x]") {
            Some(stem) => (stem, true),
            None => (name, false),
        };
        by_owner.entry(parent).or_default().push(ElementDef {
            name: name.to_owned(),
            path: element.path.clone(),
            min: element.min,
            max: parse_max(element.max.as_deref()),
            is_choice,
            types,
            is_modifier: element.is_modifier,
            is_summary: element.is_summary,
        });
    }
    let base = definition
        .base_definition
        .as_deref()
        .map(|url| base_name(url, type_of_url));
    let type_owner = push_owner(
        data,
        TypeKey::Named(type_name.to_owned()),
        None,
        by_owner.remove(type_name),
    );
    data.types.push(TypeDef {
        name: type_name.to_owned(),
        url: definition.url.clone(),
        kind,
        is_abstract: definition.is_abstract,
        base,
        system_type,
        owner: type_owner,
    });
    for (path, children) in by_owner {
        let base = backbone_base.get(path).cloned();
        push_owner(
            data,
            TypeKey::Backbone(path.to_owned()),
            base,
            Some(children),
        );
    }
}

fn push_owner(
    data: &mut ModelData,
    key: TypeKey,
    base: Option<String>,
    children: Option<Vec<ElementDef>>,
) -> u32 {
    let children = children.unwrap_or_default();
    let owner = OwnerDef {
        key,
        base,
        first_element: data.elements.len() as u32,
        n_elements: children.len() as u32,
    };
    data.elements.extend(children);
    data.owners.push(owner);
    (data.owners.len() - 1) as u32
}

fn element_types(element: &RawElement, has_children: bool) -> Vec<TypeKey> {
    if let Some(reference) = &element.content_reference {
        let path = reference
            .rsplit_once('#')
            .map_or(reference.as_str(), |(_, path)| path);
        return vec![TypeKey::Backbone(path.to_owned())];
    }
    if has_children {
        return vec![TypeKey::Backbone(element.path.clone())];
    }
    element.types.iter().map(type_key).collect()
}

/// A type code as a key: FHIRPath system types map to the FHIR type the `fhir-type` extension
/// names (`Element.id` is a `string`), core URLs to their last segment.
fn type_key(raw: &RawType) -> TypeKey {
    if let Some(system) = raw.code.strip_prefix(SYSTEM_PREFIX) {
        let declared = raw
            .extension
            .iter()
            .find(|extension| extension.url == FHIR_TYPE_EXTENSION)
            .and_then(|extension| {
                extension
                    .value_url
                    .as_ref()
                    .or(extension.value_uri.as_ref())
            });
        let name = match declared {
            Some(name) => name.clone(),
            None => fhir_type_of_system(system).to_owned(),
        };
        return TypeKey::Named(name);
    }
    let code = raw.code.strip_prefix(CORE_PREFIX).unwrap_or(&raw.code);
    TypeKey::Named(code.to_owned())
}

fn fhir_type_of_system(system: &str) -> &str {
    match system {
        "Boolean" => "boolean",
        "Integer" => "integer",
        "Decimal" => "decimal",
        "Date" => "date",
        "DateTime" => "dateTime",
        "Time" => "time",
        _ => "string",
    }
}

fn base_name(url: &str, type_of_url: &HashMap<&str, &str>) -> String {
    let url = url.split('|').next().unwrap_or(url);
    match type_of_url.get(url) {
        Some(name) => (*name).to_owned(),
        None => url.rsplit('/').next().unwrap_or(url).to_owned(),
    }
}

fn parse_max(max: Option<&str>) -> Option<u32> {
    match max {
        None | Some("*") => None,
        Some(number) => number.parse().ok(),
    }
}
