//! CodeableConcept patterns: the value has at least as many codings as the pattern, and each of
//! the pattern's codings is contained in one of them (reported by the coding it misses).

use crate::json::JsonValue;
use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::walk::Item;

use super::{matches_pattern, short};

/// Checks a CodeableConcept pattern with codings; returns `false` (nothing reported) when the
/// pattern or the value is not of that shape, for the general pattern check.
pub(super) fn codeable_concept(
    sink: &mut IssueSink,
    pattern: &JsonValue,
    value: &JsonValue,
    item: &Item<'_>,
) -> bool {
    if item.type_code != "CodeableConcept" {
        return false;
    }
    let (Some(pattern_object), Some(_)) = (pattern.as_object(), value.as_object()) else {
        return false;
    };
    let Some(wanted) = pattern.get("coding").and_then(JsonValue::as_array) else {
        return false;
    };
    let codings = value
        .get("coding")
        .and_then(JsonValue::as_array)
        .unwrap_or_default();
    if codings.len() < wanted.len() {
        sink.error(
            IssueType::Value,
            "pattern.coding_count",
            &item.path,
            item.pos,
            format!(
                "The pattern of {} has {} coding(s), but the value has only {}",
                item.path,
                wanted.len(),
                codings.len()
            ),
        );
    } else {
        for coding in wanted {
            if codings.iter().any(|c| matches_pattern(coding, c)) {
                continue;
            }
            let part = |key: &str| coding.get(key).map(short).unwrap_or_default();
            let selected = coding
                .get("userSelected")
                .map(|v| format!(" and userSelected {}", short(v)))
                .unwrap_or_default();
            sink.error(
                IssueType::Value,
                "pattern.coding_not_found",
                &item.path,
                item.pos,
                format!(
                    "The pattern [system {}, code {}, display {}{selected}] of {} is not found among the value's codings",
                    part("system"),
                    part("code"),
                    part("display"),
                    item.path
                ),
            );
        }
    }
    // The rest of the pattern (text, extensions) as any pattern.
    let rest_matches = pattern_object
        .iter()
        .filter(|(key, _)| *key != "coding")
        .all(|(key, wanted)| {
            value
                .get(key)
                .is_some_and(|found| matches_pattern(wanted, found))
        });
    if !rest_matches {
        sink.error(
            IssueType::Value,
            "pattern.mismatch",
            &item.path,
            item.pos,
            format!(
                "The value of {} must match the pattern {} but is {}",
                item.path,
                short(pattern),
                short(value)
            ),
        );
    }
    true
}
