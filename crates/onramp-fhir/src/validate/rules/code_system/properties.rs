//! The properties of a CodeSystem: each definition (`CodeSystem.property`) with an absolute,
//! unique `uri` that names a known property (HL7's concept properties keep their code and type),
//! a unique `code`, and how the code values of the property are to be checked.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const CONCEPT_PROPERTIES: &str = "http://hl7.org/fhir/concept-properties";
const PROPERTY_VALUE_SET: &str =
    "http://hl7.org/fhir/StructureDefinition/codesystem-property-valueset";

/// The concept properties HL7 defines, with their types.
const KNOWN: &[(&str, &str)] = &[
    ("status", "code"),
    ("inactive", "boolean"),
    ("effectiveDate", "dateTime"),
    ("deprecationDate", "dateTime"),
    ("retirementDate", "dateTime"),
    ("notSelectable", "boolean"),
    ("parent", "code"),
    ("child", "code"),
    ("partOf", "code"),
    ("synonym", "code"),
    ("comment", "string"),
    ("itemWeight", "decimal"),
];

/// Concept properties the concept-properties code system lists besides [`KNOWN`].
const ALSO_OFFICIAL: &[&str] = &["alternateCode", "order", "definition"];

/// How the code values of a property are checked.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum CodeRule {
    None,
    /// A code of this code system (an error when it is not).
    Internal,
    /// A code of this code system (a warning when it is not).
    InternalWarning,
    /// A code in the property's value set ([`Definition::value_set`]; an error when it is not).
    ValueSet,
}

pub(super) struct Definition {
    pub value_type: Option<String>,
    pub rule: CodeRule,
    /// The value set the property's values come from (`codesystem-property-valueset`), when the
    /// packages hold it.
    pub value_set: Option<String>,
}

fn known(code: &str) -> Option<&'static str> {
    KNOWN
        .iter()
        .find(|(name, _)| *name == code)
        .map(|(_, value_type)| *value_type)
}

fn is_absolute(uri: &str) -> bool {
    uri.split_once(':').is_some_and(|(scheme, rest)| {
        !rest.is_empty()
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
    })
}

pub(super) fn check(
    walk: &mut Walk<'_>,
    code_system: &JsonValue,
    concepts: &[JsonValue],
    codes: &HashSet<String>,
    path: &str,
) {
    let url = code_system
        .get("url")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    let mut definitions: HashMap<String, Definition> = HashMap::new();
    let mut keys: HashSet<String> = HashSet::new();
    for (index, property) in code_system
        .get("property")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = format!("{path}.property[{index}]");
        let definition = define(walk, property, &at, url, &mut keys);
        if let Some(code) = property.get("code").and_then(JsonValue::as_str) {
            definitions.entry(code.to_string()).or_insert(definition);
        }
    }
    let supplements = code_system.get("supplements").and_then(JsonValue::as_str);
    let mut reported = HashSet::new();
    let mut values = super::property_values::Values {
        definitions: &definitions,
        codes,
        supplements,
        reported: &mut reported,
    };
    values.concepts(walk, concepts, &format!("{path}.concept"), 0);
}

/// One property definition: its uri and code, and how its code values are checked.
fn define(
    walk: &mut Walk<'_>,
    property: &JsonValue,
    path: &str,
    url: &str,
    keys: &mut HashSet<String>,
) -> Definition {
    let text = |key: &str| property.get(key).and_then(JsonValue::as_str);
    let (uri, code, value_type) = (text("uri"), text("code"), text("type"));
    let mut by_uri = None;
    let mut rule = CodeRule::InternalWarning;
    let mut values_from = None;
    let error = |walk: &mut Walk<'_>, id: &'static str, message: String| {
        walk.sink
            .error(IssueType::BusinessRule, id, path, property.pos, message);
    };
    if let Some(uri) = uri {
        if !is_absolute(uri) {
            error(
                walk,
                "code_system.property_uri_absolute",
                format!("The property uri '{uri}' must be an absolute URI"),
            );
        } else {
            if !keys.insert(uri.to_string()) {
                error(
                    walk,
                    "code_system.property_duplicate_uri",
                    format!("The property uri '{uri}' is defined more than once"),
                );
            } else {
                uri_definition(walk, property, path, uri, value_type);
            }
            if uri.contains("://hl7.org/fhir") {
                match uri
                    .strip_prefix(CONCEPT_PROPERTIES)
                    .and_then(|rest| rest.strip_prefix('#'))
                    .filter(|name| known(name).is_some())
                {
                    Some(name) => by_uri = Some(name),
                    None => {
                        let base_spec = url
                            .strip_prefix("http://hl7.org/fhir/")
                            .is_some_and(|rest| !rest.contains('/'));
                        if !base_spec && (url.is_empty() || !uri.starts_with(url)) {
                            error(walk, "code_system.property_bad_hl7_uri", format!("The property uri '{uri}' is in HL7's space but is not one of HL7's concept properties"));
                        }
                    }
                }
            }
        }
    }
    let by_code = code.filter(|code| known(code).is_some());
    if let Some(code) = code {
        if !keys.insert(code.to_string()) {
            error(
                walk,
                "code_system.property_duplicate_code",
                format!("The property code '{code}' is defined more than once"),
            );
        }
    }
    if let Some(name) = by_uri {
        let expected = known(name).unwrap_or_default();
        if let Some(code) = by_code.filter(|code| *code != name) {
            error(walk, "code_system.property_uri_code_mismatch", format!("The property uri '{}' is the concept property '{name}', but its code is '{code}'", uri.unwrap_or_default()));
        }
        if let Some(own) = value_type.filter(|own| *own != expected) {
            error(
                walk,
                "code_system.property_uri_type_mismatch",
                format!(
                    "The property uri '{}' has the type {expected}, but the type here is {own}",
                    uri.unwrap_or_default()
                ),
            );
        }
        rule = match name {
            "child" | "parent" | "partOf" | "synonym" => CodeRule::Internal,
            _ => CodeRule::None,
        };
    } else if matches!(value_type, Some("code" | "Coding")) {
        let value_set = property
            .get("extension")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .find(|e| e.get("url").and_then(JsonValue::as_str) == Some(PROPERTY_VALUE_SET))
            .and_then(|e| e.get("valueCanonical").and_then(JsonValue::as_str));
        match value_set {
            Some(value_set) => {
                rule = CodeRule::None;
                let found = walk.defs.resolve(value_set).is_some_and(|vs| {
                    vs.get("resourceType").and_then(Value::as_str) == Some("ValueSet")
                });
                if found {
                    rule = CodeRule::ValueSet;
                    values_from = Some(value_set.to_string());
                } else {
                    walk.sink.warning(
                        IssueType::NotFound,
                        "code_system.property_value_set_not_found",
                        path,
                        property.pos,
                        format!("The value set {value_set} for the values of this property is not known"),
                    );
                }
            }
            None if value_type == Some("code") => walk.sink.info(
                IssueType::BusinessRule,
                "code_system.property_code_default",
                path,
                property.pos,
                "A property of type code without a value set for its values: its values are taken to be codes of this code system".to_string(),
            ),
            None => rule = CodeRule::None,
        }
    }
    if uri.is_none() {
        match by_code {
            None => walk.sink.info(
                IssueType::BusinessRule,
                "code_system.property_unknown_code",
                path,
                property.pos,
                format!("The property '{}' has no uri, so its meaning is only known to this code system", code.unwrap_or_default()),
            ),
            Some(code) => {
                let expected = known(code).unwrap_or_default();
                walk.sink.warning(
                    IssueType::BusinessRule,
                    "code_system.property_known_code",
                    path,
                    property.pos,
                    format!("The property '{code}' has no uri; if it is HL7's concept property, its uri is {CONCEPT_PROPERTIES}#{code}"),
                );
                if let Some(own) = value_type.filter(|own| *own != expected) {
                    walk.sink.warning(
                        IssueType::BusinessRule,
                        "code_system.property_code_type",
                        path,
                        property.pos,
                        format!("The property '{code}' is usually of type {expected}, not {own}"),
                    );
                }
            }
        }
    }
    Definition {
        value_type: value_type.map(str::to_string),
        rule,
        value_set: values_from,
    }
}

/// A uri `base#name` should name a property or concept of a known code system `base`.
fn uri_definition(
    walk: &mut Walk<'_>,
    property: &JsonValue,
    path: &str,
    uri: &str,
    value_type: Option<&str>,
) {
    let Some((base, name)) = uri.split_once('#') else {
        if value_type == Some("code") {
            walk.sink.warning(
                IssueType::NotFound,
                "code_system.property_uri_unknown_type",
                path,
                property.pos,
                format!("The property uri '{uri}' is not known, so the codes of this property cannot be checked"),
            );
        } else {
            walk.sink.info(
                IssueType::NotFound,
                "code_system.property_uri_unknown",
                path,
                property.pos,
                format!("The property uri '{uri}' is not known"),
            );
        }
        return;
    };
    let Some(defining) = super::local_code_system(walk, base) else {
        walk.sink.warning(
            IssueType::NotFound,
            "code_system.property_uri_unknown_base",
            path,
            property.pos,
            format!("The code system {base} that defines the property '{name}' is not known"),
        );
        return;
    };
    let as_property = defining
        .get("property")
        .and_then(Value::as_array)
        .is_some_and(|all| {
            all.iter()
                .any(|p| p.get("uri").and_then(Value::as_str) == Some(uri))
        });
    let as_concept = defining
        .get("concept")
        .is_some_and(|all| super::super::binding::has_concept(all, name, 0));
    let official =
        base == CONCEPT_PROPERTIES && (known(name).is_some() || ALSO_OFFICIAL.contains(&name));
    if !as_property && !as_concept && !official {
        walk.sink.warning(
            IssueType::Invalid,
            "code_system.property_uri_invalid",
            path,
            property.pos,
            format!("The property uri '{uri}' names '{name}', which is not a concept of the code system {base}"),
        );
    }
}
