//! QuestionnaireResponse against its Questionnaire (when the packages hold it): link ids, required
//! and repeating items, answer types, answer options and value sets, and the value constraints of
//! the standard extensions (minValue, maxValue, maxDecimalPlaces, minLength, maxLength, regex,
//! minOccurs, maxOccurs).

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

mod enable_when;
mod items;

const EXT: &str = "http://hl7.org/fhir/StructureDefinition/";

/// What the item rules need to know about the whole response.
pub(super) struct Response<'v> {
    pub root: &'v Value,
    /// Not `completed` or `amended`: missing required answers are only warned about.
    pub not_completed: bool,
}

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    // The answers are compared with the Questionnaire's options, which come from the packages as
    // `serde_json` values: the response is read the same way (only QuestionnaireResponses pay this).
    let serde = &json.to_serde();
    let Some(canonical) = serde
        .get("questionnaire")
        .and_then(Value::as_str)
        .filter(|c| !c.trim().is_empty())
    else {
        walk.sink.info(
            IssueType::Required,
            "questionnaire.none",
            path,
            json.pos,
            "The QuestionnaireResponse does not name its Questionnaire, so its answers cannot be checked".to_string(),
        );
        return;
    };
    let questionnaire = match canonical.strip_prefix('#') {
        Some(id) => items_of_key(serde, "contained")
            .iter()
            .find(|c| text(c, "id") == Some(id))
            .cloned()
            .map(std::sync::Arc::new),
        None => walk.defs.resolve(canonical),
    };
    let Some(questionnaire) = questionnaire
        .filter(|q| q.get("resourceType").and_then(Value::as_str) == Some("Questionnaire"))
    else {
        let pos = json.get("questionnaire").map_or(json.pos, |q| q.pos);
        let message = format!(
            "The Questionnaire '{canonical}' could not be found, so the answers cannot be checked against it"
        );
        if canonical.starts_with("http://example.org")
            || canonical.starts_with("https://example.org")
        {
            walk.sink.info(
                IssueType::Required,
                "questionnaire.not_found",
                path,
                pos,
                message,
            );
        } else {
            walk.sink.warning(
                IssueType::Required,
                "questionnaire.not_found",
                path,
                pos,
                message,
            );
        }
        return;
    };
    authored(walk, &questionnaire, json, path);
    let status = text(serde, "status");
    let response = Response {
        root: serde,
        not_completed: !matches!(status, Some("completed" | "amended")),
    };
    let q_items = items_of(&questionnaire);
    let all = AllItems(&questionnaire);
    items::level(walk, &response, &all, q_items, json, serde, path);
}

/// The Questionnaire as a whole, to find items given at the wrong level.
pub(super) struct AllItems<'v>(&'v Value);

impl AllItems<'_> {
    pub(super) fn find(&self, link_id: &str) -> Option<&Value> {
        fn find_in<'v>(node: &'v Value, link_id: &str, depth: usize) -> Option<&'v Value> {
            if depth > 64 {
                return None;
            }
            items_of(node).iter().find_map(|item| {
                if text(item, "linkId") == Some(link_id) {
                    Some(item)
                } else {
                    find_in(item, link_id, depth + 1)
                }
            })
        }
        find_in(self.0, link_id, 0)
    }
}

/// `authored` within the Questionnaire's `effectivePeriod`.
fn authored(walk: &mut Walk<'_>, questionnaire: &Value, json: &JsonValue, path: &str) {
    let (Some(period), Some(authored)) =
        (questionnaire.get("effectivePeriod"), json.get("authored"))
    else {
        return;
    };
    let Some(when) = authored.as_str() else {
        return;
    };
    // Compared as written, to the precision both have.
    let order = |bound: &str| {
        let n = bound.len().min(when.len()).min(19);
        when.get(..n)
            .unwrap_or(when)
            .cmp(bound.get(..n).unwrap_or(bound))
    };
    let at = format!("{path}.authored");
    if let Some(end) = text(period, "end") {
        if order(end) == std::cmp::Ordering::Greater {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.authored_after_end",
                &at,
                authored.pos,
                format!("The response was authored ({when}) after the end of the Questionnaire's effective period ({end})"),
            );
        }
    }
    if let Some(start) = text(period, "start") {
        if order(start) == std::cmp::Ordering::Less {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.authored_before_start",
                &at,
                authored.pos,
                format!("The response was authored ({when}) before the start of the Questionnaire's effective period ({start})"),
            );
        }
    }
}

fn items_of_key<'v>(value: &'v Value, key: &str) -> &'v [Value] {
    value
        .get(key)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub(super) fn items_of(value: &Value) -> &[Value] {
    value
        .get("item")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

pub(super) fn text<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn extension<'v>(item: &'v Value, name: &str) -> Option<&'v Value> {
    let url = format!("{EXT}{name}");
    item.get("extension")?
        .as_array()?
        .iter()
        .find(|e| text(e, "url") == Some(url.as_str()))
}

pub(super) fn extension_value<'v>(item: &'v Value, name: &str) -> Option<(&'v str, &'v Value)> {
    let ext = extension(item, name).or_else(|| {
        // The SDC names of the same constraints.
        let url =
            format!("http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-{name}");
        item.get("extension")?
            .as_array()?
            .iter()
            .find(|e| text(e, "url") == Some(url.as_str()))
    })?;
    ext.as_object()?
        .iter()
        .find_map(|(k, v)| k.strip_prefix("value").map(|t| (t, v)))
}
