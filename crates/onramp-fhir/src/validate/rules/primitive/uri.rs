//! URIs, URLs, canonicals, OIDs and UUIDs: an `oid` starts `urn:oid:` and a `uuid` `urn:uuid:`;
//! no URI starts `oid:` or `uuid:`; a canonical is absolute or a `#` reference; the defining URL
//! of a canonical resource is absolute (the contained one's too, under its own id); a `urn:uuid:`
//! holds a lower-case UUID and a `urn:oid:` a plausible OID.

use crate::json::JsonValue;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

use super::bad_value;

/// An `oid` value starts `urn:oid:`, a `uuid` value `urn:uuid:`; `false` when it does not.
pub(super) fn prefix(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    json: &JsonValue,
    code: &str,
    text: &str,
) -> bool {
    let (id, expected) = if code == "oid" {
        ("primitive.oid_prefix", "urn:oid:")
    } else {
        ("primitive.uuid_prefix", "urn:uuid:")
    };
    if text.starts_with(expected) {
        return true;
    }
    bad_value(
        walk,
        item,
        json,
        id,
        format!("The {code} value '{text}' must start with {expected}"),
    );
    false
}

/// The checks of a URI-like value after its regex; `false` when one failed.
pub(super) fn check(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    json: &JsonValue,
    code: &str,
    text: &str,
) -> bool {
    // `oid:` and `uuid:` are not URI schemes; the reference validator rejects them.
    for scheme in ["oid", "uuid"] {
        if text.starts_with(scheme)
            && text
                .get(scheme.len()..)
                .is_some_and(|rest| rest.starts_with(':'))
        {
            bad_value(
                walk,
                item,
                json,
                if scheme == "oid" {
                    "primitive.uri_oid"
                } else {
                    "primitive.uri_uuid"
                },
                format!("URI values cannot start with {scheme}: (use urn:{scheme}:)"),
            );
            return false;
        }
    }
    let mut ok = true;
    if code == "canonical" && !text.starts_with('#') && !is_absolute_url(text) {
        // A warning where the reference has an error: R4's own examples use relative canonicals
        // (`Library/…`, `Questionnaire/…`) in over a hundred places.
        walk.sink.warning(
            crate::validate::issue::IssueType::Invalid,
            "primitive.canonical_relative",
            &item.path,
            json.pos,
            format!(
                "Canonical URLs must be absolute URLs if they are not fragment references ({text})"
            ),
        );
        ok = false;
    }
    if let Some(uuid) = text.strip_prefix("urn:uuid:") {
        let uuid = uuid.split('#').next().unwrap_or_default();
        let uuid = match uuid.rfind('|') {
            Some(bar) if code == "canonical" => uuid.get(..bar).unwrap_or(uuid),
            _ => uuid,
        };
        if !is_uuid(uuid) {
            bad_value(
                walk,
                item,
                json,
                "primitive.uuid",
                format!("UUIDs must be valid and lowercase ({uuid})"),
            );
            return false;
        }
    }
    if let Some(oid) = text.strip_prefix("urn:oid:") {
        let plausible = oid.rfind('.').is_some_and(|dot| dot >= 4) || oid.starts_with("1.3");
        if !is_oid(oid) || !plausible {
            bad_value(
                walk,
                item,
                json,
                "primitive.oid",
                format!("OIDs must be valid ({oid})"),
            );
            return false;
        }
    }
    if is_defining_url(element) && !is_absolute_url(text) {
        let contained = item.path.contains(".contained[");
        let (id, whose) = if contained {
            (
                "primitive.contained_url_not_absolute",
                "a contained resource",
            )
        } else {
            ("primitive.url_not_absolute", "a canonical resource")
        };
        bad_value(
            walk,
            item,
            json,
            id,
            format!("The canonical URL of {whose} must be an absolute URL ({text})"),
        );
        ok = false;
    }
    ok
}

/// The `url` of a canonical resource (`ValueSet.url`), which defines its canonical URL.
pub(super) fn is_defining_url(element: &ElementNode) -> bool {
    element
        .path
        .strip_suffix(".url")
        .is_some_and(|owner| crate::validate::rules::CANONICAL_RESOURCE_TYPES.contains(&owner))
}

/// 36 characters, lower-case hexadecimal in groups of 8-4-4-4-12.
fn is_uuid(text: &str) -> bool {
    text.len() == 36
        && text.chars().enumerate().all(|(i, c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == '-'
            } else {
                c.is_ascii_digit() || ('a'..='f').contains(&c)
            }
        })
}

/// `0`, `1` or `2`, then one or more `.n` arcs (no leading zeros).
fn is_oid(text: &str) -> bool {
    let mut arcs = text.split('.');
    let root_ok = arcs
        .next()
        .is_some_and(|root| matches!(root, "0" | "1" | "2"));
    let mut count = 0;
    let rest_ok = arcs.all(|arc| {
        count += 1;
        !arc.is_empty()
            && arc.chars().all(|c| c.is_ascii_digit())
            && (arc == "0" || !arc.starts_with('0'))
    });
    root_ok && rest_ok && count > 0
}

/// An absolute URL as the reference validator sees one: a lower-case scheme (letters first, then
/// letters, digits, `_`, `[`, `]`), a colon, and something after it with no spaces.
pub(crate) fn is_absolute_url(text: &str) -> bool {
    let Some((scheme, details)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    let token = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '[' | ']'));
    let scheme_ok = matches!(scheme, "http" | "https" | "urn")
        || token && scheme == scheme.to_ascii_lowercase();
    scheme_ok && !details.is_empty() && !details.contains(' ')
}
