//! `compliesWithProfile` claims: the claiming definition's snapshot is compared, element by element
//! (matched by id), with the snapshot of the profile it claims to comply with — cardinality,
//! types, fixed values and patterns, error-level constraints and bindings. Not compared (unlike
//! the reference's comparer): slices the claimee lacks or matching slices by discriminator,
//! elements below a type the claimee's snapshot does not expand, value-set subsets by expansion,
//! minValue/maxValue/maxLength.

use serde_json::Value;

use super::{snapshot_elements, text};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const COMPLIES_WITH: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-compliesWithProfile";

/// What the comparison found: errors break the claim, warnings leave it unproven.
#[derive(Debug, Default)]
struct Outcome {
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Checks each `compliesWithProfile` claim whose profile is known.
pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let claims: Vec<&str> = super::items(json, "extension")
        .iter()
        .filter(|e| text(e, "url") == Some(COMPLIES_WITH))
        .filter_map(|e| e.get("valueCanonical").and_then(JsonValue::as_str))
        .collect();
    if claims.is_empty() {
        return;
    }
    let Some(claimee) = crate::validate::snapshot::with_snapshot(walk.defs, &json.to_serde(), 0)
    else {
        return;
    };
    for claimed in claims {
        let Some(authority) = walk
            .defs
            .resolve(claimed)
            .filter(|d| {
                d.get("resourceType").and_then(Value::as_str) == Some("StructureDefinition")
            })
            .and_then(|d| crate::validate::snapshot::with_snapshot(walk.defs, &d, 0))
        else {
            continue; // structure_definition.complies_with_unknown reports it
        };
        let outcome = compare(&claimee, &authority, |vs| walk.defs.resolve(vs).is_some());
        if !outcome.errors.is_empty() {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.complies_with_error",
                path,
                json.pos,
                format!(
                    "This definition does not comply with the profile {claimed} it claims to: {}",
                    outcome.errors.join("; ")
                ),
            );
        } else if !outcome.warnings.is_empty() {
            walk.sink.warning(
                IssueType::Invalid,
                "structure_definition.complies_with_warning",
                path,
                json.pos,
                format!(
                    "This definition may not comply with the profile {claimed} it claims to: {}",
                    outcome.warnings.join("; ")
                ),
            );
        }
    }
}

/// Compares the claiming definition with the authority (both with snapshots).
fn compare(claimee: &Value, authority: &Value, known_vs: impl Fn(&str) -> bool) -> Outcome {
    let mut outcome = Outcome::default();
    let claimee_type = claimee.get("type").and_then(Value::as_str);
    let authority_type = authority.get("type").and_then(Value::as_str);
    if claimee_type != authority_type {
        outcome.errors.push(format!(
            "the type is {} but the profile's type is {}",
            claimee_type.unwrap_or_default(),
            authority_type.unwrap_or_default()
        ));
        return outcome;
    }
    let claimee_elements = snapshot_elements(claimee);
    for a in snapshot_elements(authority) {
        let Some(id) = a.get("id").and_then(Value::as_str) else {
            continue;
        };
        let Some(c) = claimee_elements
            .iter()
            .find(|e| e.get("id").and_then(Value::as_str) == Some(id))
        else {
            // A slice the claimee lacks, or an element below a type it leaves unexpanded.
            continue;
        };
        compare_element(id, c, a, &known_vs, &mut outcome);
    }
    outcome
}

fn compare_element(
    id: &str,
    c: &Value,
    a: &Value,
    known_vs: &impl Fn(&str) -> bool,
    outcome: &mut Outcome,
) {
    let min = |e: &Value| e.get("min").and_then(Value::as_u64).unwrap_or(0);
    if min(a) > min(c) {
        outcome.errors.push(format!(
            "{id}: min is {} but must be at least {}",
            min(c),
            min(a)
        ));
    }
    let max = |e: &Value| match e.get("max").and_then(Value::as_str) {
        Some("*") | None => u64::MAX,
        Some(n) => n.parse().unwrap_or(u64::MAX),
    };
    if max(a) < max(c) {
        outcome.errors.push(format!(
            "{id}: max is {} but must be at most {}",
            c.get("max").and_then(Value::as_str).unwrap_or("*"),
            a.get("max").and_then(Value::as_str).unwrap_or("*")
        ));
    }
    let fixed = |e| member(e, "fixed");
    let pattern = |e| member(e, "pattern");
    if let Some(af) = fixed(a) {
        if fixed(c) != Some(af) {
            outcome
                .errors
                .push(format!("{id}: the profile fixes the value to {af}"));
        }
    } else if let Some(ap) = pattern(a) {
        if !fixed(c)
            .or_else(|| pattern(c))
            .is_some_and(|v| contains(v, ap))
        {
            outcome
                .errors
                .push(format!("{id}: the profile requires the pattern {ap}"));
        }
    }
    let codes = |e: &Value| -> Vec<String> {
        e.get("type")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .filter_map(|t| t.get("code").and_then(Value::as_str).map(str::to_string))
            .collect()
    };
    let base_path = c.pointer("/base/path").and_then(Value::as_str);
    if base_path != Some("Resource.id") {
        let allowed = codes(a);
        for code in codes(c) {
            if !allowed.contains(&code) {
                outcome.errors.push(format!(
                    "{id}: the type {code} is not one the profile allows"
                ));
            }
        }
    }
    let constraints = |e: &Value| -> Vec<(bool, String)> {
        e.get("constraint")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .map(|k| {
                (
                    k.get("severity").and_then(Value::as_str) == Some("error"),
                    k.get("expression")
                        .and_then(Value::as_str)
                        .unwrap_or_default()
                        .to_string(),
                )
            })
            .collect()
    };
    let own = constraints(c);
    for (error, expression) in constraints(a) {
        if error && !own.iter().any(|(e, x)| *e && *x == expression) {
            outcome.errors.push(format!(
                "{id}: the profile's constraint {expression} is missing"
            ));
        }
    }
    binding(id, c, a, &codes(c), known_vs, outcome);
}

/// A required or extensible binding of the authority must be kept at least as strong, to the
/// same value set (a different one can only be compared through expansions: a warning).
fn binding(
    id: &str,
    c: &Value,
    a: &Value,
    claimee_codes: &[String],
    known_vs: &impl Fn(&str) -> bool,
    outcome: &mut Outcome,
) {
    let strength = |e| binding_text(e, "/binding/strength");
    let value_set = |e| binding_text(e, "/binding/valueSet");
    let (Some(a_strength), Some(a_vs)) = (strength(a), value_set(a)) else {
        return;
    };
    if !matches!(a_strength, "required" | "extensible") {
        return;
    }
    let bindable = claimee_codes.iter().any(|t| {
        matches!(
            t.as_str(),
            "CodeableConcept" | "Coding" | "code" | "string" | "uri" | "Quantity"
        )
    });
    match (strength(c), value_set(c)) {
        (None, _) if bindable => {
            outcome.errors.push(format!(
                "{id}: the profile binds it to {a_vs}, but it has no binding"
            ));
        }
        (None, _) => {}
        (Some(s), _)
            if !matches!(s, "required" | "extensible")
                || (s == "extensible" && a_strength == "required") =>
        {
            outcome.errors.push(format!(
                "{id}: the binding strength is {s} but the profile's is {a_strength}"
            ));
        }
        (Some(_), Some(c_vs)) if c_vs != a_vs => {
            let unknown = [a_vs, c_vs].into_iter().find(|vs| !known_vs(vs));
            outcome.warnings.push(match unknown {
                Some(vs) => format!("{id}: the value set {vs} cannot be found to compare the bindings"),
                None => format!(
                    "{id}: the value set {c_vs} is not the profile's {a_vs}, and value sets are not compared by expansion"
                ),
            });
        }
        _ => {}
    }
}

fn binding_text<'a>(element: &'a Value, pointer: &str) -> Option<&'a str> {
    element.pointer(pointer).and_then(Value::as_str)
}

/// The `prefix[x]` member of an element (`fixedCode`).
fn member<'a>(element: &'a Value, prefix: &str) -> Option<&'a Value> {
    element.as_object()?.iter().find_map(|(key, value)| {
        key.strip_prefix(prefix)
            .filter(|rest| rest.starts_with(|c: char| c.is_ascii_uppercase()))
            .map(|_| value)
    })
}

/// Whether `value` has everything `pattern` has (arrays: each pattern item matched by one).
fn contains(value: &Value, pattern: &Value) -> bool {
    match (value, pattern) {
        (Value::Object(v), Value::Object(p)) => p
            .iter()
            .all(|(k, pv)| v.get(k).is_some_and(|vv| contains(vv, pv))),
        (Value::Array(v), Value::Array(p)) => {
            p.iter().all(|pi| v.iter().any(|vi| contains(vi, pi)))
        }
        _ => value == pattern,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sd(elements: Value) -> Value {
        json!({"type": "Patient", "snapshot": {"element": elements}})
    }

    #[test]
    fn a_narrower_profile_complies() {
        let authority = sd(json!([
            {"id": "Patient", "path": "Patient", "min": 0, "max": "*"},
            {"id": "Patient.gender", "path": "Patient.gender", "min": 0, "max": "1", "type": [{"code": "code"}],
             "binding": {"strength": "required", "valueSet": "http://x/vs"}}
        ]));
        let claimee = sd(json!([
            {"id": "Patient", "path": "Patient", "min": 0, "max": "*"},
            {"id": "Patient.gender", "path": "Patient.gender", "min": 1, "max": "1", "type": [{"code": "code"}],
             "binding": {"strength": "required", "valueSet": "http://x/vs"}, "fixedCode": "male"}
        ]));
        let outcome = compare(&claimee, &authority, |_| true);
        assert!(
            outcome.errors.is_empty() && outcome.warnings.is_empty(),
            "{outcome:?}"
        );
    }

    #[test]
    fn a_wider_or_weaker_profile_does_not_comply() {
        let authority = sd(json!([
            {"id": "Patient.gender", "min": 1, "max": "1", "type": [{"code": "code"}], "patternCode": "male",
             "binding": {"strength": "required", "valueSet": "http://x/vs"}}
        ]));
        let claimee = sd(json!([
            {"id": "Patient.gender", "min": 0, "max": "*", "type": [{"code": "code"}, {"code": "string"}],
             "binding": {"strength": "extensible", "valueSet": "http://x/vs"}}
        ]));
        let outcome = compare(&claimee, &authority, |_| true);
        assert_eq!(outcome.errors.len(), 5, "{outcome:?}");
    }

    #[test]
    fn another_value_set_is_a_warning() {
        let authority = sd(json!([{"id": "Patient.gender", "type": [{"code": "code"}],
            "binding": {"strength": "required", "valueSet": "http://x/vs"}}]));
        let claimee = sd(json!([{"id": "Patient.gender", "type": [{"code": "code"}],
            "binding": {"strength": "required", "valueSet": "http://x/other"}}]));
        let outcome = compare(&claimee, &authority, |_| true);
        assert!(outcome.errors.is_empty());
        assert_eq!(outcome.warnings.len(), 1);
    }
}
