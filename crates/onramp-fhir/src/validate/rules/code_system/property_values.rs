//! The property values of a CodeSystem's concepts: each declared in `CodeSystem.property`, with a
//! value of the declared type, synonyms that are codes of the code system, and code values that
//! refer to its concepts where the property says so, or are in the property's value set.

use std::collections::{HashMap, HashSet};

use super::properties::{CodeRule, Definition};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// The property values of the concepts.
pub(super) struct Values<'d> {
    pub definitions: &'d HashMap<String, Definition>,
    pub codes: &'d HashSet<String>,
    pub supplements: Option<&'d str>,
    /// Codes already reported as not in the code system (each once).
    pub reported: &'d mut HashSet<String>,
}

impl Values<'_> {
    pub(super) fn concepts(
        &mut self,
        walk: &mut Walk<'_>,
        concepts: &[JsonValue],
        path: &str,
        depth: usize,
    ) {
        if depth > 64 {
            return;
        }
        for (index, concept) in concepts.iter().enumerate() {
            let at = format!("{path}[{index}]");
            for (p, property) in concept
                .get("property")
                .map(JsonValue::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                self.value(walk, property, &format!("{at}.property[{p}]"));
            }
            if let Some(nested) = concept.get("concept") {
                self.concepts(walk, nested.items(), &format!("{at}.concept"), depth + 1);
            }
        }
    }

    fn value(&mut self, walk: &mut Walk<'_>, property: &JsonValue, path: &str) {
        let Some(code) = property.get("code").and_then(JsonValue::as_str) else {
            return;
        };
        let definition = self.definitions.get(code);
        if definition.is_none() {
            walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.property_undefined",
                path,
                property.pos,
                format!("The property '{code}' is not defined in CodeSystem.property"),
            );
        }
        let value = property.members().find_map(|(key, value)| {
            key.strip_prefix("value")
                .filter(|suffix| !suffix.is_empty())
                .map(|suffix| (suffix, value))
        });
        let Some((suffix, value)) = value else {
            walk.sink.error(
                IssueType::BusinessRule,
                "code_system.property_no_value",
                path,
                property.pos,
                format!("The property '{code}' has no value"),
            );
            return;
        };
        let value_type = if suffix == "Coding" {
            suffix.to_string()
        } else {
            let mut chars = suffix.chars();
            chars
                .next()
                .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
                .unwrap_or_default()
        };
        let text = value.as_str();
        if let Some(definition) = definition {
            if let Some(expected) = definition.value_type.as_deref() {
                if expected != value_type {
                    walk.sink.error(
                        IssueType::BusinessRule,
                        "code_system.property_wrong_type",
                        path,
                        property.pos,
                        format!("The property '{code}' is of type {expected}, but its value here is a {value_type}"),
                    );
                } else if value_type == "code" {
                    if let Some(text) = text {
                        match definition.value_set.as_deref() {
                            Some(value_set) if definition.rule == CodeRule::ValueSet => {
                                self.value_set_member(walk, value_set, property, path, text);
                            }
                            _ => self.code_value(walk, definition.rule, property, path, text),
                        }
                    }
                }
            }
        }
        if code == "synonym" && !text.is_some_and(|text| self.codes.contains(text)) {
            walk.sink.warning(
                IssueType::BusinessRule,
                "code_system.property_synonym",
                path,
                property.pos,
                format!(
                    "The synonym '{}' is not a code of this code system",
                    text.unwrap_or_default()
                ),
            );
        }
    }

    /// A code value of a property whose values come from a value set: in its expansion (each
    /// value set and code checked once; a value set that cannot be expanded offline is not judged).
    fn value_set_member(
        &mut self,
        walk: &mut Walk<'_>,
        value_set: &str,
        property: &JsonValue,
        path: &str,
        code: &str,
    ) {
        if !self.reported.insert(format!("{value_set}#{code}")) {
            return;
        }
        let Some(expansion) = walk.defs.expansion(value_set) else {
            return;
        };
        if !expansion.contains(None, code) {
            walk.sink.error(
                IssueType::Invalid,
                "code_system.property_value_not_in_value_set",
                path,
                property.pos,
                format!("The code '{code}' is not in the value set {value_set} that this property's values come from"),
            );
        }
    }

    /// A code value that refers to a concept of this code system (or, in a supplement, of the
    /// supplemented one when it is in the packages).
    fn code_value(
        &mut self,
        walk: &mut Walk<'_>,
        rule: CodeRule,
        property: &JsonValue,
        path: &str,
        code: &str,
    ) {
        if matches!(rule, CodeRule::None | CodeRule::ValueSet)
            || !self.reported.insert(code.to_string())
        {
            return;
        }
        let message = format!(
            "The code '{code}' that this property refers to is not a code of the code system"
        );
        match self.supplements {
            Some(base) => {
                let Some(base) = super::local_code_system(walk, base) else {
                    return;
                };
                let known = base
                    .get("concept")
                    .is_some_and(|all| super::super::binding::has_concept(all, code, 0));
                if !known {
                    walk.sink.error(
                        IssueType::Invalid,
                        "code_system.property_bad_reference",
                        path,
                        property.pos,
                        message,
                    );
                }
            }
            None if self.codes.contains(code) => {}
            None if rule == CodeRule::Internal => walk.sink.error(
                IssueType::Invalid,
                "code_system.property_bad_reference",
                path,
                property.pos,
                message,
            ),
            None => walk.sink.warning(
                IssueType::Invalid,
                "code_system.property_bad_reference",
                path,
                property.pos,
                message,
            ),
        }
    }
}
