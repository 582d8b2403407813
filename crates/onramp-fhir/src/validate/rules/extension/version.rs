//! Versions in and of extensions: an extension `url` must not carry a version (`url|version`), and
//! a definition may restrict the FHIR versions it is used in (the `fhir-version-specific-use`
//! extension on the definition: `startFhirVersion`, `endFhirVersion`).

use std::sync::Arc;

use serde_json::Value;

use crate::validate::issue::IssueType;
use crate::validate::profile::Profile;
use crate::validate::walk::{Item, Walk};

/// The extension on a definition (or one of its contexts) that bounds the FHIR versions it is for.
pub(super) const VERSION_SPECIFIC_USE: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use";

/// The FHIR version validated (R4), as major.minor.
const FHIR_VERSION: &str = "4.0";

/// The definition of an extension whose `url` is `plain|version`, and the findings about the bar:
/// none found (a warning: the extension is then unknown), or found but the url names a version
/// (its own, or another one).
pub(super) fn versioned(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    url: &str,
    plain: &str,
    asked: &str,
) -> Option<Arc<Profile>> {
    let Some(found) = walk.defs.profile(plain) else {
        walk.sink.warning(
            IssueType::Invalid,
            "extension.versioned_url_unknown",
            &item.path,
            item.pos,
            format!("The extension URL {url} contains a version, and no definition matches it"),
        );
        return None;
    };
    let version = walk.defs.resolve(plain).and_then(|sd| {
        sd.get("version")
            .and_then(Value::as_str)
            .map(str::to_string)
    });
    if version.as_deref() == Some(asked) {
        walk.sink.error(
            IssueType::Invalid,
            "extension.versioned_url",
            &item.path,
            item.pos,
            format!("The extension URL must not contain a version ({url}): use {plain}"),
        );
    } else {
        walk.sink.error(
            IssueType::Invalid,
            "extension.versioned_url_other_version",
            &item.path,
            item.pos,
            format!(
                "The extension URL {url} names version {asked} of the extension, but the definition in the loaded packages is version {}: extension URLs must not contain a version",
                version.as_deref().unwrap_or("(none)")
            ),
        );
    }
    Some(walk.defs.profile(url).unwrap_or(found))
}

/// The `startFhirVersion` and `endFhirVersion` of a `fhir-version-specific-use` extension among
/// `extensions`.
pub(super) fn version_range(
    extensions: Option<&Value>,
) -> Option<(Option<String>, Option<String>)> {
    let use_extension = extensions?
        .as_array()?
        .iter()
        .find(|e| e.get("url").and_then(Value::as_str) == Some(VERSION_SPECIFIC_USE))?;
    let part = |name: &str| {
        use_extension
            .get("extension")
            .and_then(Value::as_array)
            .and_then(|parts| {
                parts
                    .iter()
                    .find(|p| p.get("url").and_then(Value::as_str) == Some(name))
            })
            .and_then(|p| {
                ["valueCode", "valueString", "valueId"]
                    .iter()
                    .find_map(|key| p.get(*key).and_then(Value::as_str))
            })
            .map(str::to_string)
    };
    Some((part("startFhirVersion"), part("endFhirVersion")))
}

/// The definition's own FHIR version range against R4.
pub(super) fn check_definition(walk: &mut Walk<'_>, item: &Item<'_>, url: &str) {
    let Some(definition) = walk.defs.resolve(url) else {
        return;
    };
    let Some((start, end)) = version_range(definition.get("extension")) else {
        return;
    };
    let holder = item
        .path
        .rsplit_once('.')
        .map_or(item.path.as_str(), |(holder, _)| holder);
    if let Some(start) = start.filter(|v| compare(FHIR_VERSION, v) == std::cmp::Ordering::Less) {
        walk.sink.error(
            IssueType::BusinessRule,
            "extension.fhir_version_too_early",
            holder,
            item.pos,
            format!("The extension {url} is only allowed from FHIR version {start}, but this is FHIR version 4.0.1 (R4)"),
        );
    }
    if let Some(end) = end.filter(|v| compare(FHIR_VERSION, v) == std::cmp::Ordering::Greater) {
        walk.sink.error(
            IssueType::BusinessRule,
            "extension.fhir_version_too_late",
            holder,
            item.pos,
            format!("The extension {url} is only allowed up to FHIR version {end}, but this is FHIR version 4.0.1 (R4)"),
        );
    }
}

/// Compares versions by their major.minor numbers (`4.0` equals `4.0.1`).
fn compare(left: &str, right: &str) -> std::cmp::Ordering {
    let parts = |v: &str| -> [u32; 2] {
        let mut numbers = v.split(['.', '-']).map(|p| p.parse().unwrap_or(0));
        [numbers.next().unwrap_or(0), numbers.next().unwrap_or(0)]
    };
    parts(left).cmp(&parts(right))
}

/// Whether something carrying `extensions` (a definition, one of its contexts) applies to R4: it
/// has no `fhir-version-specific-use` extension, or that extension's range includes R4.
pub(super) fn applies_to_r4(extensions: Option<&Value>) -> bool {
    let Some((start, end)) = version_range(extensions) else {
        return true;
    };
    let after_start =
        start.is_none_or(|start| compare(FHIR_VERSION, &start) != std::cmp::Ordering::Less);
    let before_end =
        end.is_none_or(|end| compare(FHIR_VERSION, &end) != std::cmp::Ordering::Greater);
    after_start && before_end
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::applies_to_r4;

    fn bounded(start: Option<&str>, end: Option<&str>) -> serde_json::Value {
        let mut parts = Vec::new();
        if let Some(start) = start {
            parts.push(json!({"url": "startFhirVersion", "valueCode": start}));
        }
        if let Some(end) = end {
            parts.push(json!({"url": "endFhirVersion", "valueCode": end}));
        }
        json!([{"url": super::VERSION_SPECIFIC_USE, "extension": parts}])
    }

    #[test]
    fn a_context_without_bounds_applies() {
        assert!(applies_to_r4(None));
        assert!(applies_to_r4(Some(
            &json!([{"url": "http://example.org/other"}])
        )));
    }

    #[test]
    fn bounds_that_include_r4_apply_and_others_do_not() {
        assert!(applies_to_r4(Some(&bounded(Some("4.0"), None))));
        assert!(applies_to_r4(Some(&bounded(Some("3.0"), Some("4.0.1")))));
        assert!(!applies_to_r4(Some(&bounded(Some("5.0"), None))));
        assert!(!applies_to_r4(Some(&bounded(None, Some("3.0")))));
    }
}
