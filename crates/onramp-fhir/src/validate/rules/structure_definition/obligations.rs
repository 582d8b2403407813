//! Obligation profiles: a profile flagged with the `obligation-profile` extension may only add
//! obligations, must-support, cardinality and additional bindings to elements its base already
//! has; and an `inherit-obligations` extension must name an obligation profile on the same base.

use serde_json::Value;

use super::{is_true, items, snapshot_elements, text, Sd};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// The flag marking an obligation profile (current and older tooling URL).
pub(super) const PROFILE_FLAGS: &[&str] = &[
    "http://hl7.org/fhir/StructureDefinition/obligation-profile",
    "http://hl7.org/fhir/tools/StructureDefinition/obligation-profile",
];
const INHERITS: &[&str] = &[
    "http://hl7.org/fhir/StructureDefinition/inherit-obligations",
    "http://hl7.org/fhir/tools/StructureDefinition/inherit-obligations",
];
const OBLIGATIONS: &[&str] = &[
    "http://hl7.org/fhir/StructureDefinition/obligation",
    "http://hl7.org/fhir/tools/StructureDefinition/obligation",
];
const ADDITIONAL_BINDING: &str = "http://hl7.org/fhir/tools/StructureDefinition/additional-binding";

/// One fault found in an obligation profile.
#[derive(Debug, PartialEq)]
struct Finding {
    id: &'static str,
    at: String,
    message: String,
}

impl Finding {
    fn new(id: &'static str, at: String, message: String) -> Finding {
        Finding { id, at, message }
    }
}

/// Whether a (parsed) StructureDefinition carries the obligation-profile flag set to true.
pub(super) fn is_obligation_profile(json: &JsonValue) -> bool {
    items(json, "extension")
        .iter()
        .filter(|e| text(e, "url").is_some_and(|u| PROFILE_FLAGS.contains(&u)))
        .any(|e| is_true(e.get("valueBoolean")))
}

/// Whether a (serde) StructureDefinition carries the obligation-profile flag set to true.
fn value_is_obligation_profile(definition: &Value) -> bool {
    definition
        .get("extension")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .filter(|e| {
            e.get("url")
                .and_then(Value::as_str)
                .is_some_and(|u| PROFILE_FLAGS.contains(&u))
        })
        .any(|e| e.get("valueBoolean").and_then(Value::as_bool) == Some(true))
}

/// Checks the obligation-profile rules and the `inherit-obligations` claims of a definition.
pub(super) fn check(walk: &mut Walk<'_>, sd: &Sd<'_>) {
    let mut findings = Vec::new();
    if sd.constraint && is_obligation_profile(sd.json) {
        if let Some(differential) = sd.json.get("differential") {
            let at = format!("{}.differential", sd.path);
            for (index, element) in items(differential, "element").iter().enumerate() {
                let at = format!("{at}.element[{index}]");
                element_findings(element, &at, &sd.base, &mut findings);
            }
        }
    }
    for (index, extension) in items(sd.json, "extension").iter().enumerate() {
        if !text(extension, "url").is_some_and(|u| INHERITS.contains(&u)) {
            continue;
        }
        let at = format!("{}.extension[{index}]", sd.path);
        let target = extension_target(extension);
        let resolved = target.and_then(|t| walk.defs.resolve(t));
        let base = text(sd.json, "baseDefinition");
        if let Some(finding) = inherits_finding(target, resolved.as_deref(), base, at) {
            findings.push(finding);
        }
    }
    for finding in findings {
        walk.sink.error(
            IssueType::Invalid,
            finding.id,
            &finding.at,
            sd.json.pos,
            finding.message,
        );
    }
}

/// The canonical an `inherit-obligations` extension names (its value, of whatever type).
fn extension_target(extension: &JsonValue) -> Option<&str> {
    extension
        .members()
        .find(|(key, _)| key.starts_with("value"))
        .and_then(|(_, value)| value.as_str())
}

/// The fault of one `inherit-obligations` claim, if any: no target, an unknown target, a target
/// that is not an obligation profile, or one on another base.
fn inherits_finding(
    target: Option<&str>,
    resolved: Option<&Value>,
    base: Option<&str>,
    at: String,
) -> Option<Finding> {
    let Some(target) = target else {
        return Some(Finding::new(
            "structure_definition.inherits_obligations_no_target",
            at,
            "An inherit-obligations extension must name the obligation profile to inherit from"
                .to_string(),
        ));
    };
    let Some(profile) = resolved
        .filter(|r| r.get("resourceType").and_then(Value::as_str) == Some("StructureDefinition"))
    else {
        return Some(Finding::new(
            "structure_definition.inherits_obligations_not_found",
            at,
            format!("The obligation profile {target} to inherit from cannot be found"),
        ));
    };
    if !value_is_obligation_profile(profile) {
        return Some(Finding::new(
            "structure_definition.inherits_obligations_not_obligation_profile",
            at,
            format!("The profile {target} to inherit obligations from is not an obligation profile (it has no obligation-profile flag)"),
        ));
    }
    let target_base = profile.get("baseDefinition").and_then(Value::as_str);
    if base.is_none() || base != target_base {
        return Some(Finding::new(
            "structure_definition.inherits_obligations_wrong_base",
            at,
            format!(
                "The obligation profile {target} has the base {}, but this profile's base is {}: they must be the same",
                target_base.unwrap_or("(none)"),
                base.unwrap_or("(none)")
            ),
        ));
    }
    None
}

/// The faults of one differential element of an obligation profile, against the base snapshot.
fn element_findings(element: &JsonValue, at: &str, base: &Value, out: &mut Vec<Finding>) {
    let id = text(element, "id");
    let base_url = base.get("url").and_then(Value::as_str).unwrap_or_default();
    let base_element = id.and_then(|id| {
        snapshot_elements(base)
            .iter()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
    });
    let Some(base_element) = base_element else {
        out.push(Finding::new(
            "structure_definition.obligation_unmatched",
            at.to_string(),
            format!(
                "The element '{}' of this obligation profile is not in its base {base_url}: an obligation profile can only constrain the base's elements",
                id.unwrap_or_default()
            ),
        ));
        return;
    };
    let id = id.unwrap_or_default();
    for (key, value) in element.members() {
        let name = key.strip_prefix('_').unwrap_or(key);
        if name != key && element.get(name).is_some() {
            continue; // the extensions of a primitive already seen by its value
        }
        match name {
            "id" | "mustSupport" | "min" | "max" => {}
            "extension" => {
                for (index, extension) in value.items().iter().enumerate() {
                    let url = text(extension, "url").unwrap_or_default();
                    if !OBLIGATIONS.contains(&url) {
                        out.push(illegal(
                            id,
                            &format!("extension#{url}"),
                            format!("{at}.extension[{index}]"),
                        ));
                    }
                }
            }
            "binding" => {
                let at = format!("{at}.binding");
                match base_element.get("binding") {
                    Some(base_binding) => binding_findings(value, &at, id, base_binding, out),
                    None => out.push(Finding::new(
                        "structure_definition.obligation_illegal_binding",
                        at,
                        format!("The element '{id}' of this obligation profile has a binding, but the base element has none: an obligation profile can only add to existing bindings"),
                    )),
                }
            }
            "path" => {
                let base_path = base_element.get("path").and_then(Value::as_str);
                if let Some(path) = value.as_str().filter(|p| Some(*p) != base_path) {
                    out.push(Finding::new(
                        "structure_definition.obligation_path_wrong",
                        format!("{at}.path"),
                        format!(
                            "The element '{id}' of this obligation profile has the path '{path}', but the base element's path is '{}'",
                            base_path.unwrap_or_default()
                        ),
                    ));
                }
            }
            _ => each_child(value, &format!("{at}.{name}"), |child_at| {
                out.push(illegal(id, name, child_at));
            }),
        }
    }
}

/// The faults of the binding of an obligation profile's element: it may only repeat the base's
/// strength and add additional bindings whose purpose is not a conformance one.
fn binding_findings(
    binding: &JsonValue,
    at: &str,
    id: &str,
    base_binding: &Value,
    out: &mut Vec<Finding>,
) {
    for (key, value) in binding.members() {
        let name = key.strip_prefix('_').unwrap_or(key);
        if name != key && binding.get(name).is_some() {
            continue;
        }
        match name {
            "extension" => {
                for (index, extension) in value.items().iter().enumerate() {
                    let ext_at = format!("{at}.extension[{index}]");
                    let url = text(extension, "url").unwrap_or_default();
                    if url != ADDITIONAL_BINDING {
                        out.push(illegal(id, &format!("extension#{url}"), ext_at));
                        continue;
                    }
                    let purpose = items(extension, "extension")
                        .iter()
                        .find(|e| text(e, "url") == Some("purpose"))
                        .and_then(|e| {
                            e.members()
                                .find(|(k, _)| k.starts_with("value"))
                                .and_then(|(_, v)| v.as_str())
                        });
                    if let Some(code) =
                        purpose.filter(|c| matches!(*c, "maximum" | "required" | "extensible"))
                    {
                        out.push(Finding::new(
                            "structure_definition.obligation_binding_purpose",
                            ext_at,
                            format!("The element '{id}' of this obligation profile adds an additional binding with the purpose '{code}': an obligation profile cannot add maximum, required or extensible bindings"),
                        ));
                    }
                }
            }
            "strength" => {
                let base_strength = base_binding.get("strength").and_then(Value::as_str);
                let strength = value.as_str();
                if base_strength.is_none() || strength != base_strength {
                    out.push(Finding::new(
                        "structure_definition.obligation_binding_strength",
                        format!("{at}.strength"),
                        format!(
                            "The element '{id}' of this obligation profile has the binding strength '{}', but it must repeat the base's strength '{}'",
                            strength.unwrap_or_default(),
                            base_strength.unwrap_or_default()
                        ),
                    ));
                }
            }
            _ => each_child(value, &format!("{at}.{name}"), |child_at| {
                out.push(Finding::new(
                    "structure_definition.obligation_illegal_on_binding",
                    child_at,
                    format!("The binding of the element '{id}' of this obligation profile has '{name}': an obligation profile can only repeat the strength and add additional bindings"),
                ));
            }),
        }
    }
}

fn illegal(id: &str, what: &str, at: String) -> Finding {
    Finding::new(
        "structure_definition.obligation_illegal",
        at,
        format!("The element '{id}' of this obligation profile has '{what}': an obligation profile can only add obligations, must-support, cardinality and additional bindings"),
    )
}

/// Calls `f` with the location of each child a member holds (one per array item).
fn each_child(value: &JsonValue, at: &str, mut f: impl FnMut(String)) {
    if value.is_array() {
        for index in 0..value.items().len() {
            f(format!("{at}[{index}]"));
        }
    } else {
        f(at.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> Value {
        serde_json::json!({
            "url": "http://example.org/base",
            "snapshot": {"element": [
                {"id": "Patient", "path": "Patient"},
                {"id": "Patient.gender", "path": "Patient.gender",
                 "binding": {"strength": "required", "valueSet": "http://example.org/vs"}},
                {"id": "Patient.name", "path": "Patient.name"}
            ]}
        })
    }

    fn findings(element: &str) -> Vec<&'static str> {
        let parsed = crate::json::parse(element.as_bytes());
        let Some(json) = parsed.value else {
            return vec!["unparsed"];
        };
        let mut out = Vec::new();
        element_findings(&json, "e", &base(), &mut out);
        out.into_iter().map(|f| f.id).collect()
    }

    #[test]
    fn obligations_must_support_and_cardinality_are_allowed() {
        let element = r#"{"id":"Patient.name","path":"Patient.name","min":1,"max":"1","mustSupport":true,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation"}]}"#;
        assert!(findings(element).is_empty());
    }

    #[test]
    fn an_element_the_base_lacks_is_unmatched() {
        let element = r#"{"id":"Patient.other","path":"Patient.other"}"#;
        assert_eq!(
            findings(element),
            vec!["structure_definition.obligation_unmatched"]
        );
    }

    #[test]
    fn other_properties_and_extensions_are_illegal() {
        let element = r#"{"id":"Patient.name","path":"Patient.name","short":"x","extension":[{"url":"http://example.org/x"}]}"#;
        assert_eq!(
            findings(element),
            vec![
                "structure_definition.obligation_illegal",
                "structure_definition.obligation_illegal"
            ]
        );
    }

    #[test]
    fn a_path_other_than_the_base_is_wrong() {
        let element = r#"{"id":"Patient.name","path":"Patient.gender"}"#;
        assert_eq!(
            findings(element),
            vec!["structure_definition.obligation_path_wrong"]
        );
    }

    #[test]
    fn bindings_only_repeat_strength_and_add_non_conformance_bindings() {
        let ok = r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"purpose","valueCode":"preferred"}]}]}}"#;
        assert!(findings(ok).is_empty());
        let bad = r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"extensible","valueSet":"http://example.org/other","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"purpose","valueCode":"required"}]}]}}"#;
        assert_eq!(
            findings(bad),
            vec![
                "structure_definition.obligation_binding_strength",
                "structure_definition.obligation_illegal_on_binding",
                "structure_definition.obligation_binding_purpose"
            ]
        );
        let unbound =
            r#"{"id":"Patient.name","path":"Patient.name","binding":{"strength":"required"}}"#;
        assert_eq!(
            findings(unbound),
            vec!["structure_definition.obligation_illegal_binding"]
        );
    }

    #[test]
    fn inherited_obligations_need_an_obligation_profile_on_the_same_base() {
        let base = Some("http://example.org/base");
        let at = || "x".to_string();
        let id = |f: Option<Finding>| f.map(|f| f.id);
        assert_eq!(
            id(inherits_finding(None, None, base, at())),
            Some("structure_definition.inherits_obligations_no_target")
        );
        assert_eq!(
            id(inherits_finding(
                Some("http://example.org/o"),
                None,
                base,
                at()
            )),
            Some("structure_definition.inherits_obligations_not_found")
        );
        let plain = serde_json::json!({"resourceType": "StructureDefinition", "baseDefinition": "http://example.org/base"});
        assert_eq!(
            id(inherits_finding(
                Some("http://example.org/o"),
                Some(&plain),
                base,
                at()
            )),
            Some("structure_definition.inherits_obligations_not_obligation_profile")
        );
        let flagged = serde_json::json!({"resourceType": "StructureDefinition", "baseDefinition": "http://example.org/base",
            "extension": [{"url": PROFILE_FLAGS[0], "valueBoolean": true}]});
        assert_eq!(
            id(inherits_finding(
                Some("http://example.org/o"),
                Some(&flagged),
                base,
                at()
            )),
            None
        );
        assert_eq!(
            id(inherits_finding(
                Some("http://example.org/o"),
                Some(&flagged),
                Some("http://example.org/b2"),
                at()
            )),
            Some("structure_definition.inherits_obligations_wrong_base")
        );
    }
}
