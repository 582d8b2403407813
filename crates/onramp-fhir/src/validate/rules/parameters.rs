//! Parameters resources: a parameter named like a parameter of the standard operations (terminology,
//! validation, patient merge, subscriptions, measures, …) carries what that parameter carries —
//! a value of one of its types, or a resource (warnings, as the reference gives).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// What a standard parameter carries.
#[derive(Clone, Copy, PartialEq)]
enum Carries {
    /// A value of one of the types.
    Value,
    /// A resource.
    Resource,
    /// A value of one of the types, or a resource.
    Either,
}

use Carries::{Either, Resource, Value};

/// The standard parameter names, sorted, with what they carry.
const STANDARD: &[(&str, Carries, &[&str])] = &[
    ("_count", Value, &["integer"]),
    ("_since", Value, &["instant"]),
    ("_type", Value, &["code"]),
    ("abstract", Value, &["boolean"]),
    ("account", Resource, &[]),
    ("activeOnly", Value, &["boolean"]),
    ("activityDefinition", Resource, &[]),
    ("additions", Resource, &[]),
    ("async", Value, &["boolean"]),
    ("chargeItem", Resource, &[]),
    ("check-system-version", Value, &["canonical"]),
    ("client", Value, &["canonical"]),
    ("code", Value, &["code", "string", "Coding"]),
    ("codeA", Value, &["code"]),
    ("codeB", Value, &["code"]),
    ("codeSystem", Resource, &[]),
    ("codeableConcept", Value, &["CodeableConcept"]),
    ("coding", Value, &["Coding"]),
    ("codingA", Value, &["Coding"]),
    ("codingB", Value, &["Coding"]),
    ("collector", Value, &["string"]),
    ("compositional", Value, &["boolean"]),
    ("concept", Value, &["Coding"]),
    ("conceptMap", Resource, &[]),
    ("conceptMapVersion", Value, &["string"]),
    ("content", Either, &["code"]),
    ("context", Value, &["uri"]),
    ("contextDirection", Value, &["code"]),
    ("count", Value, &["integer"]),
    ("date", Value, &["dateTime"]),
    ("default", Value, &["code"]),
    ("definition", Either, &["string"]),
    ("designation", Value, &["string"]),
    ("display", Value, &["string"]),
    ("displayLanguage", Value, &["code"]),
    ("duration", Value, &["decimal"]),
    ("encounter", Value, &["string"]),
    ("end", Value, &["date", "dateTime"]),
    ("eventsSinceNumber", Value, &["integer64"]),
    ("eventsUntilNumber", Value, &["integer64"]),
    ("exact", Value, &["boolean"]),
    ("exclude-system", Value, &["canonical"]),
    ("excludeNested", Value, &["boolean"]),
    ("excludeNotForUI", Value, &["boolean"]),
    ("excludePostCoordinated", Value, &["boolean"]),
    ("expiration", Value, &["dateTime"]),
    ("filter", Value, &["string"]),
    ("force-system-version", Value, &["canonical"]),
    ("graph", Value, &["uri"]),
    ("id", Value, &["id", "string"]),
    ("identifier", Value, &["Identifier"]),
    ("include", Value, &["boolean"]),
    ("includeDefinition", Value, &["boolean"]),
    ("includeDesignations", Value, &["boolean"]),
    ("intersection", Resource, &[]),
    ("issues", Resource, &[]),
    ("lastReceivedOn", Value, &["dateTime"]),
    ("left", Value, &["canonical"]),
    ("limit", Value, &["positiveInt"]),
    ("local", Resource, &[]),
    ("location", Value, &["string"]),
    ("max", Value, &["positiveInt"]),
    ("measure", Either, &["string"]),
    ("measureReport", Resource, &[]),
    ("message", Value, &["string"]),
    ("meta", Value, &["Meta"]),
    ("mode", Value, &["code"]),
    ("name", Value, &["code", "string"]),
    ("offset", Value, &["integer"]),
    ("on-demand", Value, &["boolean"]),
    ("onlyCertainMatches", Value, &["boolean"]),
    ("organization", Value, &["string"]),
    ("outcome", Value, &["code"]),
    ("parameters", Resource, &[]),
    ("patient", Value, &["id"]),
    ("period", Value, &["Period"]),
    ("periodEnd", Value, &["date"]),
    ("periodStart", Value, &["date"]),
    ("persist", Value, &["boolean"]),
    ("planDefinition", Resource, &[]),
    ("practitioner", Value, &["string"]),
    ("preferredOnly", Value, &["boolean"]),
    ("preview", Value, &["boolean"]),
    ("probes", Resource, &[]),
    ("profile", Either, &["canonical"]),
    ("property", Value, &["code", "string"]),
    ("provider", Value, &["string"]),
    ("query", Value, &["string"]),
    ("removals", Resource, &[]),
    ("reportType", Value, &["code"]),
    ("resource", Either, &["code"]),
    ("response-url", Value, &["url"]),
    ("result", Either, &["boolean", "string"]),
    ("result-patient", Resource, &[]),
    ("return", Either, &["Meta"]),
    ("right", Value, &["canonical"]),
    ("server", Value, &["canonical", "uri"]),
    ("setting", Value, &["CodeableConcept"]),
    ("settingContext", Value, &["CodeableConcept"]),
    ("source", Either, &["uri"]),
    ("source-patient", Resource, &[]),
    ("source-patient-identifier", Value, &["Identifier"]),
    ("sourceCode", Value, &["code"]),
    ("sourceCodeableConcept", Value, &["CodeableConcept"]),
    ("sourceCoding", Value, &["Coding"]),
    ("sourceMap", Resource, &[]),
    ("sourceScope", Value, &["uri"]),
    ("sourceType", Value, &["code"]),
    ("specimenDefinition", Resource, &[]),
    ("srcMap", Value, &["string"]),
    ("start", Value, &["date", "dateTime"]),
    ("statistic", Value, &["code"]),
    ("statistics", Resource, &[]),
    ("status", Value, &["code"]),
    ("subject", Either, &["string", "uri"]),
    ("subscription", Value, &["string"]),
    ("supportedOnly", Value, &["boolean"]),
    ("supportingMap", Resource, &[]),
    ("system", Value, &["uri"]),
    ("system-version", Value, &["canonical"]),
    ("systemVersion", Value, &["string"]),
    ("target", Value, &["string"]),
    ("target-patient", Resource, &[]),
    ("target-patient-identifier", Value, &["Identifier"]),
    ("targetCode", Value, &["uri"]),
    ("targetCodeableConcept", Value, &["uri"]),
    ("targetCoding", Value, &["uri"]),
    ("targetIdentifier", Value, &["string"]),
    ("targetScope", Value, &["uri"]),
    ("targetSystem", Value, &["uri"]),
    ("targetType", Value, &["code"]),
    ("token", Value, &["string"]),
    ("topic", Value, &["string"]),
    ("type", Value, &["CodeableConcept", "code"]),
    ("union", Resource, &[]),
    ("url", Value, &["canonical", "string", "uri"]),
    ("usageContext", Value, &["UsageContext"]),
    ("useSupplement", Value, &["canonical"]),
    ("userLanguage", Value, &["CodeableConcept"]),
    ("userTaskContext", Value, &["CodeableConcept"]),
    ("userType", Value, &["CodeableConcept"]),
    ("valueSet", Resource, &[]),
    ("valueSetVersion", Value, &["string"]),
    ("version", Value, &["code", "string"]),
    ("ward", Value, &["string"]),
    ("websocket-url", Value, &["url"]),
];

const PRIMITIVES: &[&str] = &[
    "base64Binary",
    "boolean",
    "canonical",
    "code",
    "date",
    "dateTime",
    "decimal",
    "id",
    "instant",
    "integer",
    "integer64",
    "markdown",
    "oid",
    "positiveInt",
    "string",
    "time",
    "unsignedInt",
    "uri",
    "url",
    "uuid",
];

/// The FHIR type of a `value[x]` from its JSON key's suffix (`String` → `string`).
fn value_type(suffix: &str) -> String {
    let mut chars = suffix.chars();
    let lower = chars
        .next()
        .map(|first| first.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default();
    if PRIMITIVES.contains(&lower.as_str()) {
        lower
    } else {
        suffix.to_string()
    }
}

/// "a", "a or b", "a, b or c".
fn one_of(types: &[&str]) -> String {
    match types {
        [] => String::new(),
        [only] => (*only).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Checks a Parameters resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    for (index, parameter) in json
        .get("parameter")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(name) = parameter.get("name").and_then(JsonValue::as_str) else {
            continue;
        };
        let Ok(found) = STANDARD.binary_search_by(|(standard, _, _)| standard.cmp(&name)) else {
            continue;
        };
        let Some((_, carries, types)) = STANDARD.get(found) else {
            continue;
        };
        let at = format!("{path}.parameter[{index}]");
        let value = parameter.members().find_map(|(key, _)| {
            key.strip_prefix("value")
                .filter(|suffix| !suffix.is_empty())
                .map(value_type)
        });
        let has_resource = parameter.get("resource").is_some();
        let warn = |walk: &mut Walk<'_>, id: &'static str, message: String| {
            walk.sink
                .warning(IssueType::BusinessRule, id, &at, parameter.pos, message);
        };
        match (carries, &value) {
            (Value | Either, Some(value)) => {
                if !types.contains(&value.as_str()) {
                    warn(walk, "parameters.standard_wrong_type", format!("The standard parameter '{name}' should have a value of type {}, not {value}", one_of(types)));
                }
            }
            (Value, None) => warn(
                walk,
                "parameters.standard_no_value",
                format!("The standard parameter '{name}' should have a value"),
            ),
            (Resource | Either, None) | (Resource, Some(_)) => {
                if !has_resource {
                    warn(
                        walk,
                        "parameters.standard_no_resource",
                        format!("The standard parameter '{name}' should have a resource"),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_standard_names_are_sorted() {
        assert!(super::STANDARD
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.0 < b.0)));
    }
}
