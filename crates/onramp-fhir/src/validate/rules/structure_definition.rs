//! StructureDefinition authoring rules (the reference's StructureDefinitionValidator): the
//! definition as a whole — its base, derivation, kind and type, the fixed `Extension.url` of an
//! extension definition, abstract definitions nothing derives from, conformance claims — and the
//! dispatch to the families below (extension contexts, element lists, types, bindings,
//! invariants, slices, obligation profiles, compliesWithProfile comparisons).

mod binding;
mod complies;
mod context;
mod elements;
mod invariants;
mod obligations;
mod slices;
mod types;
mod values;

use std::sync::Arc;

use serde_json::Value;

use crate::json::{JsonKind, JsonValue};
use crate::validate::context::Definitions;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const CORE: &str = "http://hl7.org/fhir/StructureDefinition/";
const COMPLIES_WITH: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-compliesWithProfile";

/// The R4 primitive types (the type of a `fixedXxx` whose suffix, lower-cased, is one of them).
const PRIMITIVES: &[&str] = &[
    "boolean",
    "integer",
    "string",
    "decimal",
    "uri",
    "url",
    "canonical",
    "base64Binary",
    "instant",
    "date",
    "dateTime",
    "time",
    "code",
    "oid",
    "id",
    "markdown",
    "unsignedInt",
    "positiveInt",
    "uuid",
    "xhtml",
];

/// What the element-level families need to know about the definition being checked.
struct Sd<'a> {
    json: &'a JsonValue,
    path: &'a str,
    url: Option<&'a str>,
    version: Option<&'a str>,
    /// The type the element paths start with (the tail of a logical model's type URL).
    type_name: Option<&'a str>,
    /// `type` as written.
    type_code: Option<&'a str>,
    logical: bool,
    constraint: bool,
    experimental: bool,
    /// The base definition, with a snapshot.
    base: Value,
}

/// Checks a StructureDefinition resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    if text(json, "url").is_some_and(|url| url.starts_with(CORE)) {
        // HL7's own published definitions are fixed artefacts (R4 core carries a few known
        // defects, such as example-composition's kind): these are authoring rules for guides.
        return;
    }
    context::check(walk, json, path);
    let Some(base_url) = text(json, "baseDefinition") else {
        // R4 core's roots (Base, Element, Resource) have no base: nothing to compare with.
        return;
    };
    let base = walk
        .defs
        .resolve(base_url)
        .filter(|b| b.get("resourceType").and_then(Value::as_str) == Some("StructureDefinition"))
        .and_then(|b| crate::validate::snapshot::with_snapshot(walk.defs, &b, 0));
    let Some(base) = base else {
        walk.sink.warning(
            IssueType::NotFound,
            "structure_definition.base_not_found",
            path,
            json.pos,
            format!("Unable to find the base {base_url} of this StructureDefinition, so its differential cannot be checked"),
        );
        return;
    };
    header(walk, json, path, &base);
    if text(json, "derivation") == Some("constraint") && json.get("differential").is_some() {
        for fault in crate::validate::snapshot::differential_faults(walk.defs, &json.to_serde()) {
            walk.sink.error(
                IssueType::Processing,
                "structure_definition.snapshot_generation_failed",
                path,
                json.pos,
                format!("Error generating the snapshot: {fault}"),
            );
        }
    }
    let type_code = text(json, "type");
    let sd = Sd {
        json,
        path,
        url: text(json, "url"),
        version: text(json, "version"),
        type_name: type_code.map(|t| t.rsplit('/').next().unwrap_or(t)),
        type_code,
        logical: text(json, "kind") == Some("logical"),
        constraint: text(json, "derivation") == Some("constraint"),
        experimental: is_true(json.get("experimental")),
        base,
    };
    let has_snapshot = json.get("snapshot").is_some();
    if let Some(differential) = json.get("differential") {
        let at = format!("{path}.differential");
        elements::check_list(walk, &sd, differential, &at, false, has_snapshot);
    }
    if let Some(snapshot) = json.get("snapshot") {
        let at = format!("{path}.snapshot");
        elements::check_list(walk, &sd, snapshot, &at, true, true);
    }
    if sd.constraint && (json.get("differential").is_some() || has_snapshot) {
        slices::check(walk, &sd);
    }
    obligations::check(walk, &sd);
    no_concrete(walk, json, path);
    context::context_invariants(walk, json, path);
    extension_url(walk, json, path);
    claims(walk, json, path);
    complies::check(walk, json, path);
}

/// Derivation, kind, type and experimental status against the base.
fn header(walk: &mut Walk<'_>, json: &JsonValue, path: &str, base: &Value) {
    let base_text = |key: &str| base.get(key).and_then(Value::as_str);
    let base_url = base_text("url").unwrap_or_default();
    let kind = text(json, "kind");
    let base_kind = base_text("kind");
    let type_code = text(json, "type");
    let base_type = base_text("type");
    match text(json, "derivation") {
        None => walk.sink.error(
            IssueType::NotFound,
            "structure_definition.no_derivation",
            path,
            json.pos,
            format!(
                "The StructureDefinition {} has a baseDefinition, so it must say whether it is a constraint or a specialization (derivation)",
                text(json, "url").unwrap_or_default()
            ),
        ),
        Some(derivation) => {
            let base_abstract = base.get("abstract").and_then(Value::as_bool) == Some(true);
            if !base_abstract && kind.is_some() && kind != base_kind {
                walk.sink.error(
                    IssueType::NotFound,
                    "structure_definition.kind_not_base_kind",
                    path,
                    json.pos,
                    format!(
                        "The kind '{}' must be the same as the kind '{}' of the base {} ({base_url})",
                        kind.unwrap_or_default(),
                        base_kind.unwrap_or_default(),
                        base_type.unwrap_or_default()
                    ),
                );
            }
            if derivation == "constraint" {
                if type_code.is_none() || type_code != base_type {
                    walk.sink.error(
                        IssueType::NotFound,
                        "structure_definition.constrained_type",
                        path,
                        json.pos,
                        format!(
                            "A constraint must have the type of its base: the type is '{}' but the base's type is '{}'",
                            type_code.unwrap_or_default(),
                            base_type.unwrap_or_default()
                        ),
                    );
                }
            } else if type_code.is_none() || type_code == base_type {
                walk.sink.error(
                    IssueType::NotFound,
                    "structure_definition.specialized_type",
                    path,
                    json.pos,
                    format!(
                        "A specialization must define a new type: the type '{}' is the base's type '{}'",
                        type_code.unwrap_or_default(),
                        base_type.unwrap_or_default()
                    ),
                );
            }
            if derivation == "constraint" && kind.is_some() && kind != base_kind {
                walk.sink.error(
                    IssueType::NotFound,
                    "structure_definition.derivation_kind",
                    path,
                    json.pos,
                    format!(
                        "A constraint must have the kind of its base: the base's kind is '{}' but this kind is '{}'",
                        base_kind.unwrap_or_default(),
                        kind.unwrap_or_default()
                    ),
                );
            }
        }
    }
    let base_experimental = base.get("experimental").and_then(Value::as_bool) == Some(true);
    if base_experimental && !is_true(json.get("experimental")) {
        walk.sink.warning(
            IssueType::BusinessRule,
            "structure_definition.base_experimental",
            path,
            json.pos,
            format!("The base definition {base_url} is experimental, but this definition is not marked experimental"),
        );
    }
    if obligations::is_obligation_profile(json) && text(json, "derivation") != Some("constraint") {
        walk.sink.error(
            IssueType::Invalid,
            "structure_definition.obligation_derivation",
            path,
            json.pos,
            "An obligation profile must be a constraint (derivation = constraint)".to_string(),
        );
    }
}

/// An abstract definition should have a loaded definition derived from it (else nothing can
/// ever be an instance of it).
fn no_concrete(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    if !is_true(json.get("abstract")) {
        return;
    }
    let Some(url) = text(json, "url") else {
        return;
    };
    if !walk.defs.has_derived_definition(url) {
        walk.sink.warning(
            IssueType::NotFound,
            "structure_definition.no_concrete_derivation",
            path,
            json.pos,
            format!(
                "The definition {url} is abstract, but no loaded definition is derived from it, so nothing can conform to it"
            ),
        );
    }
}

/// An extension definition based on Extension fixes `Extension.url` to its own URL.
fn extension_url(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    if text(json, "type") != Some("Extension")
        || text(json, "baseDefinition") != Some("http://hl7.org/fhir/StructureDefinition/Extension")
    {
        return;
    }
    let Some(url) = text(json, "url") else {
        return;
    };
    let fixed = json
        .get("differential")
        .and_then(|d| d.get("element"))
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .find(|e| text(e, "path") == Some("Extension.url"))
        .and_then(|e| choice(e, "fixed"))
        .and_then(|(_, value)| value.as_str());
    match fixed {
        None => walk.sink.error(
            IssueType::Invalid,
            "structure_definition.extension_url_missing",
            path,
            json.pos,
            format!("The extension definition {url} must fix Extension.url to its URL in the differential, but it does not"),
        ),
        Some(fixed) if fixed != url => walk.sink.error(
            IssueType::Invalid,
            "structure_definition.extension_url_mismatch",
            path,
            json.pos,
            format!("The extension definition's URL is {url}, but Extension.url is fixed to {fixed}"),
        ),
        Some(_) => {}
    }
}

/// `compliesWithProfile` claims name a known profile.
fn claims(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    for extension in json
        .get("extension")
        .map(JsonValue::items)
        .unwrap_or_default()
    {
        if text(extension, "url") != Some(COMPLIES_WITH) {
            continue;
        }
        let Some(claimed) = extension.get("valueCanonical").and_then(JsonValue::as_str) else {
            continue;
        };
        if walk.defs.resolve(claimed).is_none() {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.complies_with_unknown",
                path,
                json.pos,
                format!("The profile {claimed} that this definition claims to comply with cannot be found"),
            );
        }
    }
}

fn text<'a>(json: &'a JsonValue, key: &str) -> Option<&'a str> {
    json.get(key).and_then(JsonValue::as_str)
}

fn is_true(json: Option<&JsonValue>) -> bool {
    json.is_some_and(|v| matches!(v.kind, JsonKind::Bool(true)))
}

fn items<'a>(json: &'a JsonValue, key: &str) -> &'a [JsonValue] {
    json.get(key).map(JsonValue::items).unwrap_or_default()
}

/// The member `prefix[x]` of an element (`fixedUri`), with its FHIR type (`uri`).
fn choice<'a>(json: &'a JsonValue, prefix: &str) -> Option<(String, &'a JsonValue)> {
    json.members().find_map(|(key, value)| {
        let suffix = key.strip_prefix(prefix)?;
        let mut chars = suffix.chars();
        let first = chars.next().filter(char::is_ascii_uppercase)?;
        let lowered = format!("{}{}", first.to_ascii_lowercase(), chars.as_str());
        let type_name = if PRIMITIVES.contains(&lowered.as_str()) {
            lowered
        } else {
            suffix.to_string()
        };
        Some((type_name, value))
    })
}

/// The value of the first extension with this URL on an object.
fn extension_value<'a>(json: &'a JsonValue, url: &str) -> Option<&'a JsonValue> {
    items(json, "extension")
        .iter()
        .find(|e| text(e, "url") == Some(url))
        .and_then(|e| choice(e, "value"))
        .map(|(_, value)| value)
}

/// The definition of a type (`Patient`, `string`, or a canonical URL).
fn type_definition(defs: &Definitions, name: &str) -> Option<Arc<Value>> {
    let found = if name.contains("://") {
        defs.resolve(name)
    } else {
        defs.resolve(&format!("{CORE}{name}"))
    };
    found.filter(|d| d.get("resourceType").and_then(Value::as_str) == Some("StructureDefinition"))
}

/// The snapshot elements of a (serde) StructureDefinition.
fn snapshot_elements(definition: &Value) -> &[Value] {
    definition
        .pointer("/snapshot/element")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}
