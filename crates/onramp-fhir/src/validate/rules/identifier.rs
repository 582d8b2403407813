//! Identifiers: systems, and values of the IETF systems (urn:ietf:rfc:3986).
//!
//! An Identifier's system must be an absolute URI (`http:`, `https:`, `urn:`, or an LDAP name);
//! with the system `urn:ietf:rfc:3986` the value itself must be an absolute URI; and the RFC 4122
//! web page is not a system for UUIDs (those are `urn:ietf:rfc:3986` with a `urn:uuid:` value).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

/// The system whose identifier values are URIs.
const URI_SYSTEM: &str = "urn:ietf:rfc:3986";
/// The RFC that defines UUIDs, misused as an identifier system.
const UUID_RFC_PAGE: &str = "https://tools.ietf.org/html/rfc4122";

/// Checks one value.
pub(crate) fn check(walk: &mut Walk<'_>, _element: &ElementNode, item: &Item<'_>) {
    let Some(json) = item.json else { return };
    let system = json.get("system").and_then(JsonValue::as_str);
    let value = json.get("value").and_then(JsonValue::as_str);
    let Some(system) = system else { return };
    if !is_system_uri(system) {
        walk.sink.error(
            IssueType::CodeInvalid,
            "identifier.system_not_absolute",
            &item.path,
            item.pos,
            format!("Identifier.system must be an absolute reference (http:, https: or urn:), not a local reference: found '{system}'"),
        );
    }
    let Some(value) = value else { return };
    if system == URI_SYSTEM && !is_absolute_uri(value) {
        walk.sink.error(
            IssueType::CodeInvalid,
            "identifier.uri_value_not_absolute",
            &item.path,
            item.pos,
            format!("The identifier system is '{URI_SYSTEM}', so the value must be a full URI (starting with a scheme), not '{value}'"),
        );
    }
    if system == UUID_RFC_PAGE {
        if value.starts_with("urn:uuid:") {
            walk.sink.warning(
                IssueType::CodeInvalid,
                "identifier.uuid_system_wrong",
                &item.path,
                item.pos,
                format!("The identifier system '{UUID_RFC_PAGE}' is not a system for UUIDs: for the value '{value}' the system should be '{URI_SYSTEM}'"),
            );
        } else if is_uuid(value) {
            walk.sink.warning(
                IssueType::CodeInvalid,
                "identifier.uuid_system_wrong",
                &item.path,
                item.pos,
                format!("The identifier system '{UUID_RFC_PAGE}' is not a system for UUIDs: the system should be '{URI_SYSTEM}' and the value 'urn:uuid:{value}'"),
            );
        } else {
            walk.sink.error(
                IssueType::CodeInvalid,
                "identifier.uuid_system_not_uuid",
                &item.path,
                item.pos,
                format!("The identifier system '{UUID_RFC_PAGE}' is for UUIDs, but the value '{value}' is not a UUID (and the system should be '{URI_SYSTEM}' with a 'urn:uuid:' value)"),
            );
        }
    }
}

/// A system URI that names something globally: `http:`, `https:`, `urn:`, or an LDAP name.
pub(crate) fn is_system_uri(uri: &str) -> bool {
    uri.starts_with("http:")
        || uri.starts_with("https:")
        || uri.starts_with("urn:")
        || uri.starts_with("ldap:")
}

/// Whether a URI starts with a scheme (a token before the first `:`); `file:` needs a path or host.
pub(crate) fn is_absolute_uri(uri: &str) -> bool {
    let Some((scheme, rest)) = uri.split_once(':') else {
        return false;
    };
    let is_token = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.' | '_'));
    if !is_token {
        return false;
    }
    scheme != "file" || rest.starts_with('/') || rest.contains(':')
}

/// A UUID in its canonical textual form (8-4-4-4-12 hexadecimal digits).
fn is_uuid(value: &str) -> bool {
    let groups: Vec<&str> = value.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(group, len)| group.len() == len && group.chars().all(|c| c.is_ascii_hexdigit()))
}
