//! Canonical resources' own status and version: `status` agrees with the
//! `structuredefinition-standards-status` extension, and `version` holds no `#` (which would be
//! read as a fragment in `url|version#fragment`).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::rules::CANONICAL_RESOURCE_TYPES;
use crate::validate::walk::Walk;

const STANDARDS_STATUS: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status";

/// The status and version checks of a canonical resource (nothing for other resources).
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, resource_type: &str, path: &str) {
    if !CANONICAL_RESOURCE_TYPES.contains(&resource_type) {
        return;
    }
    let status = json.get("status").and_then(JsonValue::as_str);
    let standards_status = json
        .get("extension")
        .and_then(JsonValue::as_array)
        .and_then(|extensions| {
            extensions
                .iter()
                .find(|e| e.get("url").and_then(JsonValue::as_str) == Some(STANDARDS_STATUS))
        })
        .and_then(|e| e.get("valueCode"))
        .and_then(JsonValue::as_str);
    if let (Some(status), Some(standards_status)) = (status, standards_status) {
        if !status.is_empty() && !standards_status.is_empty() {
            if !consistent(status, standards_status) {
                walk.sink.warning(
                    IssueType::BusinessRule,
                    "resource.status_inconsistent",
                    path,
                    json.pos,
                    format!("The resource status '{status}' and the standards status '{standards_status}' are not consistent"),
                );
            } else if !deeply_consistent(status, standards_status) {
                walk.sink.info(
                    IssueType::BusinessRule,
                    "resource.status_inconsistent_hint",
                    path,
                    json.pos,
                    format!("The resource status '{status}' and the standards status '{standards_status}' may not be consistent and should be reviewed"),
                );
            }
        }
    }
    if let Some(version) = json.get("version").and_then(JsonValue::as_str) {
        if version.contains('#') {
            walk.sink.warning(
                IssueType::BusinessRule,
                "resource.version_hash",
                path,
                json.pos,
                format!("Version '{version}' contains a '#', which is ambiguous when the version is appended to the canonical URL"),
            );
        }
    }
}

/// The statuses a standards status allows.
fn consistent(status: &str, standards_status: &str) -> bool {
    let allowed: &[&str] = match standards_status {
        "draft" => &["draft"],
        "normative" => &["active"],
        "trial-use" => &["draft", "active"],
        "informative" | "external" => &["draft", "active", "retired"],
        "deprecated" | "withdrawn" => &["retired"],
        _ => return true,
    };
    allowed.contains(&status)
}

/// The statuses a standards status expects.
fn deeply_consistent(status: &str, standards_status: &str) -> bool {
    let allowed: &[&str] = match standards_status {
        "draft" => &["draft"],
        "normative" | "trial-use" => &["active"],
        "informative" | "external" => &["draft", "active"],
        "deprecated" | "withdrawn" => &["retired"],
        _ => return true,
    };
    allowed.contains(&status)
}
