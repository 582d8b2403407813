//! What a ValueSet filter may say about each property of a code system: the properties every
//! code system has, SNOMED CT's own (`constraint`, `expressions`, attributes), and those a local
//! CodeSystem declares — with the type of the filter's value and the operators allowed.

use serde_json::Value;

use super::code_syntax::{is_concept_id, SNOMED};

/// What a filter's value must be.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ValueType {
    Boolean,
    /// A code; `must_exist`: a code of the filtered system.
    Code {
        must_exist: bool,
    },
    Coding,
    DateTime,
    Decimal,
    Integer,
    Ecl,
}

/// What a filter on one property may say: the type of its value and its operators.
pub(super) struct PropertyRules {
    pub value_type: Option<ValueType>,
    /// Allowed operators; empty means any.
    pub ops: Vec<String>,
}

const COMMON_PROPERTIES: &[&str] = &[
    "concept",
    "code",
    "status",
    "inactive",
    "effectiveDate",
    "deprecationDate",
    "retirementDate",
    "notSelectable",
    "synonym",
    "comment",
    "itemWeight",
];

const CONCEPT_OPS: &[&str] = &[
    "=",
    "in",
    "is-a",
    "descendent-of",
    "is-not-a",
    "generalizes",
    "not-in",
];

/// Whether a code system has this property: one every code system has, one of SNOMED CT's, or
/// one the local CodeSystem declares (as a property or a filter).
pub(super) fn is_known_property(system: &str, code_system: Option<&Value>, property: &str) -> bool {
    if COMMON_PROPERTIES.contains(&property) {
        return true;
    }
    if system == SNOMED {
        return matches!(
            property,
            "constraint" | "expressions" | "expression" | "parent" | "child"
        ) || is_concept_id(property);
    }
    let Some(code_system) = code_system else {
        return false;
    };
    let hierarchical = code_system.get("hierarchyMeaning").is_some();
    (hierarchical && matches!(property, "parent" | "child" | "partOf"))
        || codes_of(code_system, "filter").any(|code| code == property)
        || codes_of(code_system, "property").any(|code| code == property)
}

fn codes_of<'v>(code_system: &'v Value, list: &str) -> impl Iterator<Item = &'v str> {
    code_system
        .get(list)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|entry| entry.get("code").and_then(Value::as_str))
}

/// The value type and operators of a filter on `property`: from the local CodeSystem's
/// declarations, SNOMED CT's own properties, then the properties every code system has.
pub(super) fn rules_for(
    system: &str,
    code_system: Option<&Value>,
    property: &str,
) -> Option<PropertyRules> {
    let mut ops: Vec<String> = Vec::new();
    if let Some(code_system) = code_system {
        for filter in code_system
            .get("filter")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|f| f.get("code").and_then(Value::as_str) == Some(property))
        {
            for op in filter
                .get("operator")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                ops.push(op.to_string());
            }
        }
        let declared = code_system
            .get("property")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|p| p.get("code").and_then(Value::as_str) == Some(property));
        if let Some(declared) = declared {
            let value_type = match declared.get("type").and_then(Value::as_str) {
                Some("boolean") => Some(ValueType::Boolean),
                Some("code") => Some(ValueType::Code { must_exist: false }),
                Some("Coding") => Some(ValueType::Coding),
                Some("dateTime") => Some(ValueType::DateTime),
                Some("decimal") => Some(ValueType::Decimal),
                Some("integer") => Some(ValueType::Integer),
                Some("string") => return None,
                _ => None,
            };
            if value_type.is_some() {
                return Some(PropertyRules { value_type, ops });
            }
        }
    }
    if system == SNOMED {
        let own = |value_type: Option<ValueType>, allowed: &[&str]| PropertyRules {
            value_type,
            ops: allowed.iter().map(|op| op.to_string()).collect(),
        };
        match property {
            "constraint" => return Some(own(Some(ValueType::Ecl), &["="])),
            "expressions" | "expression" => return Some(own(Some(ValueType::Boolean), &["="])),
            _ if is_concept_id(property) => return Some(own(None, &["=", "in"])),
            _ => {}
        }
    }
    let with = |value_type: Option<ValueType>, extra: &[&str]| {
        let mut all = ops.clone();
        all.extend(extra.iter().map(|op| op.to_string()));
        Some(PropertyRules {
            value_type,
            ops: all,
        })
    };
    match property {
        "concept" => with(Some(ValueType::Code { must_exist: true }), CONCEPT_OPS),
        "code" => {
            let mut code_ops = vec!["regex"];
            code_ops.extend_from_slice(CONCEPT_OPS);
            with(Some(ValueType::Code { must_exist: true }), &code_ops)
        }
        "status" | "synonym" => with(Some(ValueType::Code { must_exist: false }), &[]),
        "inactive" | "notSelectable" => with(Some(ValueType::Boolean), &[]),
        "effectiveDate" | "deprecationDate" | "retirementDate" => {
            with(Some(ValueType::DateTime), &[])
        }
        "parent" | "child" | "partOf" => with(Some(ValueType::Code { must_exist: true }), &[]),
        "itemWeight" => with(Some(ValueType::Decimal), &[]),
        _ => None,
    }
}
