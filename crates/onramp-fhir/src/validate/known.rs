//! Known differences of R4 core from the specification's intent, kept as data: invariants whose
//! published expression is wrong and that the HL7 reference validator does not enforce as written,
//! bindings that the reference relaxes when it loads the R4 definitions, and extension contexts it
//! does not enforce.

use serde_json::Value;

/// Invariant keys not evaluated, each with the reason.
const SKIPPED: &[(&str, &str)] = &[(
    "txt-2",
    "R4 publishes txt-2 ('some non-whitespace content') with txt-1's expression `htmlChecks()`; the reference reports a disallowed element or attribute once, as txt-1",
)];

/// Invariants evaluated with a corrected expression: (key, published expression, corrected
/// expression, reason). Applied only when the published text is exactly the wrong one.
const CORRECTED: &[(&str, &str, &str, &str)] = &[
    (
        "que-12",
        "enableWhen.count() > 2 implies enableBehavior.exists()",
        "enableWhen.count() > 1 implies enableBehavior.exists()",
        "its human text (and R5) say 'more than one enableWhen'; R4 published `> 2`, which the reference does not follow",
    ),
];

/// Whether an invariant is skipped (see [`SKIPPED`]).
pub(crate) fn skipped_invariant(key: &str) -> bool {
    SKIPPED.iter().any(|(skipped, _)| *skipped == key)
}

/// The corrected expression of an invariant whose published one is wrong (see [`CORRECTED`]).
pub(crate) fn corrected_invariant(key: &str, published: &str) -> Option<&'static str> {
    CORRECTED
        .iter()
        .find(|(corrected_key, wrong, _, _)| *corrected_key == key && *wrong == published)
        .map(|(_, _, corrected, _)| *corrected)
}

/// Bindings relaxed on load, as the reference validator's package fixes do: (definition url, or
/// the base definition its profiles derive from; element path; value set; strength used).
const RELAXED_BINDINGS: &[(&str, &str, &str, &str)] = &[
    // R4's vital signs profiles bind component values to the common vital-sign units as
    // required; the reference treats it as extensible (oxygen flow rates in L/min, say).
    (
        "http://hl7.org/fhir/StructureDefinition/vitalsigns",
        "Observation.component.value[x]",
        "http://hl7.org/fhir/ValueSet/ucum-vitals-common|4.0.1",
        "extensible",
    ),
];

/// Applies [`RELAXED_BINDINGS`] to a StructureDefinition (with its snapshot) before it is compiled.
pub(crate) fn relax_bindings(definition: &mut Value) {
    let text = |key: &str| {
        definition
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (url, base) = (text("url"), text("baseDefinition"));
    for (definition_url, path, value_set, strength) in RELAXED_BINDINGS {
        if url != *definition_url && base != *definition_url {
            continue;
        }
        let Some(elements) = definition
            .pointer_mut("/snapshot/element")
            .and_then(Value::as_array_mut)
        else {
            continue;
        };
        for element in elements {
            if element.get("path").and_then(Value::as_str) != Some(path) {
                continue;
            }
            let Some(binding) = element.get_mut("binding").and_then(Value::as_object_mut) else {
                continue;
            };
            if binding.get("valueSet").and_then(Value::as_str) == Some(value_set) {
                binding.insert(
                    "strength".to_string(),
                    Value::String((*strength).to_string()),
                );
            }
        }
    }
}

/// Extensions whose published R4 context is narrower than their use in R4 itself and that the
/// reference validator accepts wherever they appear, each with the reason.
const UNCHECKED_EXTENSION_CONTEXTS: &[(&str, &str)] = &[(
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-normative-version",
    "R4 declares it for StructureDefinition only, but the specification puts it on every normative \
     CodeSystem, ValueSet, OperationDefinition and ElementDefinition; later versions widen it",
)];

/// Whether the context of an extension is not checked (see [`UNCHECKED_EXTENSION_CONTEXTS`]).
pub(crate) fn extension_context_unchecked(url: &str) -> bool {
    UNCHECKED_EXTENSION_CONTEXTS
        .iter()
        .any(|(unchecked, _)| *unchecked == url)
}
