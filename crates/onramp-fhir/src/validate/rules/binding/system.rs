//! The system of a Coding that stands on its own (not one of a CodeableConcept's codings, which the
//! CodeableConcept's binding judges): a Coding with a code names its system; the system is an
//! absolute URI, a code system and not a value set; and, when no binding check applies, what can be
//! said offline about the system: a build.fhir.org or HL7 web page address, an `http://hl7.org/fhir/`
//! code system that does not exist, a misspelt SNOMED CT / LOINC / UCUM / RxNorm URL, an `https:`
//! form of an `http:` system, a system that is not known or whose content is not present.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

/// Systems whose codes only a terminology server can check.
const SERVER_ONLY_SYSTEMS: [&str; 5] = [
    "http://loinc.org",
    "http://unitsofmeasure.org",
    "http://hl7.org/fhir/sid/icd-9-cm",
    "http://snomed.info/sct",
    "http://www.nlm.nih.gov/research/umls/rxnorm",
];

/// Well-known systems that other URLs sometimes start with (`http://loinc.org/123`).
const WELL_KNOWN_PREFIXES: [&str; 4] = [
    "http://snomed.info/sct",
    "http://loinc.org",
    "http://unitsofmeasure.org",
    "http://www.nlm.nih.gov/research/umls/rxnorm",
];

/// `https:` forms of well-known `http:` systems.
const HTTPS_FORMS: [&str; 4] = [
    "https://loinc.org",
    "https://unitsofmeasure.org",
    "https://snomed.info/sct",
    "https://www.nlm.nih.gov/research/umls/rxnorm",
];

/// What the loaded packages hold under a canonical URL.
enum Known {
    Nothing,
    ValueSet,
    /// A CodeSystem, with its `content` (`complete` when absent).
    CodeSystem(String),
    Other,
}

fn known(walk: &Walk<'_>, url: &str) -> Known {
    let Ok((_, entry)) = walk.defs.packages().resolve_canonical_entry(url) else {
        return Known::Nothing;
    };
    match entry.resource_type.as_str() {
        "ValueSet" => Known::ValueSet,
        "CodeSystem" => Known::CodeSystem(
            walk.defs
                .resolve(url)
                .and_then(|cs| {
                    cs.get("content")
                        .and_then(serde_json::Value::as_str)
                        .map(str::to_string)
                })
                .unwrap_or_else(|| "complete".to_string()),
        ),
        _ => Known::Other,
    }
}

/// Whether the packages hold a ValueSet with this canonical URL.
pub(super) fn names_value_set(walk: &Walk<'_>, url: &str) -> bool {
    matches!(known(walk, url), Known::ValueSet)
}

/// Whether the packages hold a CodeSystem (and no ValueSet) with this canonical URL.
pub(super) fn names_code_system(walk: &Walk<'_>, url: &str) -> bool {
    matches!(known(walk, url), Known::CodeSystem(_))
}

/// Whether a bound value is one the reference judges against its binding: any CodeableConcept,
/// and a Coding on its own with a system and a code.
pub(super) fn states_a_code(element: &ElementNode, item: &Item<'_>, value: &JsonValue) -> bool {
    match item.type_code.as_str() {
        "CodeableConcept" => true,
        "Coding" => {
            !in_codeable_concept(element)
                && value.get("system").is_some()
                && value.get("code").is_some()
        }
        _ => false,
    }
}

/// Whether the value is one of a CodeableConcept's codings without a binding of its own.
pub(super) fn in_codeable_concept(element: &ElementNode) -> bool {
    element.binding.is_none() && element.path.ends_with(".coding")
}

/// Checks a Coding's system (codes of code systems the packages hold are left to the local code
/// system check).
pub(super) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    if item.type_code != "Coding" || in_codeable_concept(element) {
        return;
    }
    let Some(json) = item.json else { return };
    let code = json.get("code").and_then(JsonValue::as_str);
    let system = json.get("system").and_then(JsonValue::as_str);
    let (Some(code), Some(system)) = (code, system) else {
        if code.is_some() {
            walk.sink.warning(
                IssueType::CodeInvalid,
                "terminology.coding_without_system",
                &item.path,
                item.pos,
                "A code with no system has no defined meaning, and it cannot be validated. A system should be provided".to_string(),
            );
        }
        return;
    };
    // A binding to a value set the packages hold (other than an example one) judges the code.
    let bound = element.binding.as_ref().is_some_and(|binding| {
        binding.strength != "example"
            && binding
                .value_set
                .as_deref()
                .is_some_and(|vs| matches!(known(walk, vs), Known::ValueSet))
    });
    if bound {
        return;
    }
    let mut ok = true;
    if !super::super::identifier::is_system_uri(system) || system.starts_with("ldap:") {
        ok = false;
        walk.sink.error(
            IssueType::CodeInvalid,
            "terminology.system_not_absolute",
            &item.path,
            item.pos,
            format!("Coding.system must be an absolute reference, not a local reference: found '{system}'"),
        );
    }
    let what = known(walk, system);
    if matches!(what, Known::ValueSet) {
        walk.sink.error(
            IssueType::CodeInvalid,
            "terminology.system_is_value_set",
            &item.path,
            item.pos,
            format!("The Coding references a value set, not a code system ('{system}')"),
        );
        return;
    }
    if !ok {
        return;
    }
    if let Known::CodeSystem(content) = &what {
        if content != "not-present" {
            return; // the local code system check judges the code
        }
    }
    check_unsupported(walk, item, system, code, &what);
}

/// The display of a code of an HL7 code system that the local code system check does not judge
/// (its content is not-present): where the code system still lists the code, the Coding's display
/// is the code's display, exactly.
fn hl7_display(walk: &mut Walk<'_>, item: &Item<'_>, system: &str, code: &str) {
    let Some(display) = item
        .json
        .and_then(|coding| coding.get("display"))
        .and_then(JsonValue::as_str)
    else {
        return;
    };
    let Some(code_system) = walk.defs.resolve(system) else {
        return;
    };
    let Some(concept) = find_concept(code_system.get("concept"), code, 0) else {
        return;
    };
    let expected = concept.get("display").and_then(serde_json::Value::as_str);
    if expected != Some(display) {
        walk.sink.warning(
            IssueType::CodeInvalid,
            "terminology.display_wrong",
            &item.path,
            item.pos,
            format!("Display should be '{}'", expected.unwrap_or_default()),
        );
    }
}

/// The concept with this code in a code system's (nested) concept list.
fn find_concept<'v>(
    concepts: Option<&'v serde_json::Value>,
    code: &str,
    depth: usize,
) -> Option<&'v serde_json::Value> {
    if depth > 32 {
        return None;
    }
    concepts?.as_array()?.iter().find_map(|concept| {
        if concept.get("code").and_then(serde_json::Value::as_str) == Some(code) {
            Some(concept)
        } else {
            find_concept(concept.get("concept"), code, depth + 1)
        }
    })
}

/// A system the packages cannot check the code of.
fn check_unsupported(walk: &mut Walk<'_>, item: &Item<'_>, system: &str, code: &str, what: &Known) {
    let error = |walk: &mut Walk<'_>, id: &'static str, message: String| {
        walk.sink
            .error(IssueType::CodeInvalid, id, &item.path, item.pos, message)
    };
    if system.starts_with("http://build.fhir.org") || system.starts_with("https://build.fhir.org") {
        error(
            walk,
            "terminology.system_on_build_server",
            format!("The code system reference {system} is wrong: it refers to the build server (build.fhir.org), not to the canonical URL of a code system"),
        );
        return;
    }
    let hl7 = [
        "http://hl7.org/fhir",
        "https://hl7.org/fhir",
        "http://www.hl7.org/fhir",
        "https://www.hl7.org/fhir",
    ];
    if hl7.iter().any(|prefix| system.starts_with(prefix)) {
        if system.starts_with("http://hl7.org/fhir/sid/")
            || system.starts_with("http://hl7.org/fhir/test")
        {
            return; // identifier systems and test systems are not checked
        }
        if system.ends_with(".html") {
            error(
                walk,
                "terminology.system_is_web_page",
                format!("The code system reference {system} is wrong: it refers to a web page, not to the canonical URL of a code system"),
            );
            return;
        }
        if matches!(what, Known::Nothing | Known::Other) {
            error(
                walk,
                "terminology.system_unknown",
                format!("Unknown code system '{system}': no HL7 code system has this URL"),
            );
        } else if matches!(what, Known::CodeSystem(_)) {
            hl7_display(walk, item, system, code);
        }
        return;
    }
    if SERVER_ONLY_SYSTEMS.contains(&system) {
        walk.sink.warning(
            IssueType::BusinessRule,
            "terminology.no_server",
            &item.path,
            item.pos,
            format!("The code '{code}' of the code system '{system}' was not validated: that needs a terminology server"),
        );
        return;
    }
    if WELL_KNOWN_PREFIXES
        .iter()
        .any(|prefix| system != *prefix && system.starts_with(prefix))
    {
        error(
            walk,
            "terminology.system_invalid",
            format!("The code system URL '{system}' is not valid: it starts with a well-known code system's URL but is not it"),
        );
        return;
    }
    let mut https_reported = false;
    if let Some(rest) = system
        .strip_prefix("https:")
        .filter(|rest| !rest.is_empty())
    {
        let http = format!("http:{rest}");
        if HTTPS_FORMS.contains(&system) || matches!(known(walk, &http), Known::CodeSystem(_)) {
            https_reported = true;
            error(
                walk,
                "terminology.system_https",
                format!("The code system '{system}' is wrong: it is the https: form of the code system '{http}'"),
            );
        }
    }
    match what {
        Known::CodeSystem(content) if content == "not-present" => walk.sink.info(
            IssueType::NotSupported,
            "terminology.system_not_usable",
            &item.path,
            item.pos,
            format!("The code system '{system}' in the loaded packages has no content (content = not-present), so the code '{code}' could not be checked"),
        ),
        Known::CodeSystem(_) => {}
        _ if https_reported => {}
        _ => walk.sink.info(
            IssueType::NotFound,
            "terminology.unknown_system",
            &item.path,
            item.pos,
            format!("A definition for the code system '{system}' could not be found, so the code '{code}' cannot be validated"),
        ),
    }
}
