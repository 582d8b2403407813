//! A `compose.include`/`exclude` whose system is an `urn:oid:` that no code system has as its
//! url but that a loaded code system lists as one of its identifiers: the code system must be
//! named by its url (as the reference's `VALUESET_INCLUDE_WRONG_CS_OID`).

use serde_json::Value;

use crate::json::JsonValue;
use crate::package::PackageSet;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Reports `system` when it is an `urn:oid:` that names loaded code systems by identifier.
/// The caller has already found no code system with `system` as its url.
pub(super) fn check(walk: &mut Walk<'_>, include: &JsonValue, path: &str, system: &str) {
    if !system.starts_with("urn:oid:") {
        return;
    }
    let urls = code_systems_with_identifier(walk.defs.packages(), system);
    if urls.is_empty() {
        return;
    }
    walk.sink.error(
        IssueType::Invalid,
        "value_set.system_by_identifier",
        path,
        include.pos,
        format!(
            "A code system cannot be named by an identifier like '{system}': use its url ({})",
            urls.join(", ")
        ),
    );
}

/// The urls (`url|version` when several) of the loaded code systems with an identifier whose
/// value is `oid` (`urn:oid:…`). Only reached for an unknown `urn:oid:` system, so the scan
/// (over resources the package set parses once and keeps) is not on a hot path.
fn code_systems_with_identifier(packages: &PackageSet, oid: &str) -> Vec<String> {
    let bare = oid.strip_prefix("urn:oid:").unwrap_or(oid);
    let mut found: Vec<(String, Option<String>)> = Vec::new();
    for code_system in packages.resources_of_type("CodeSystem").flatten() {
        let Some(url) = code_system.get("url").and_then(Value::as_str) else {
            continue;
        };
        let identifiers = match code_system.get("identifier") {
            Some(Value::Array(items)) => items.as_slice(),
            Some(single @ Value::Object(_)) => std::slice::from_ref(single),
            _ => continue,
        };
        let matches = identifiers.iter().any(|identifier| {
            identifier
                .get("value")
                .and_then(Value::as_str)
                .is_some_and(|value| value == oid || value == bare)
        });
        if matches {
            let version = code_system
                .get("version")
                .and_then(Value::as_str)
                .map(str::to_string);
            if !found.iter().any(|(u, v)| u == url && *v == version) {
                found.push((url.to_string(), version));
            }
        }
    }
    if found.len() == 1 {
        return found.into_iter().map(|(url, _)| url).collect();
    }
    found
        .into_iter()
        .map(|(url, version)| match version {
            Some(version) => format!("{url}|{version}"),
            None => url,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn packages(resources: &[&str]) -> PackageSet {
        let files: Vec<(String, Vec<u8>)> = resources
            .iter()
            .enumerate()
            .map(|(i, text)| (format!("r{i}.json"), text.as_bytes().to_vec()))
            .collect();
        let mut set = PackageSet::new();
        if let Ok(package) = crate::validate::context::package_from_resources("test", &files) {
            set.add(package);
        }
        set
    }

    const CS: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.3.4"}],"status":"active","content":"complete"}"#;

    #[test]
    fn an_oid_that_a_code_system_has_as_identifier_is_found() {
        let set = packages(&[CS]);
        assert_eq!(
            code_systems_with_identifier(&set, "urn:oid:1.2.3.4"),
            vec!["http://example.org/cs".to_string()]
        );
    }

    #[test]
    fn an_oid_no_code_system_has_is_not_found() {
        let set = packages(&[CS]);
        assert!(code_systems_with_identifier(&set, "urn:oid:1.2.3.5").is_empty());
    }
}
