//! `Questionnaire.derivedFrom`: each names a known Questionnaire and says how this one derives
//! from it (`questionnaire-derivationType`). When it extends or complies with it, each item keeps
//! the base item's type, single answer, requiredness, definition, maximum length and answer
//! options; an item that complies cannot be new.

use serde_json::Value;

use super::Flat;
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const DERIVATION_TYPE: &str =
    "http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType";
const DERIVATION_SYSTEM: &str = "http://hl7.org/fhir/questionnaire-derivationType";

pub(super) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str, items: &[Flat<'_>]) {
    let urls = json
        .get("derivedFrom")
        .map(JsonValue::items)
        .unwrap_or_default();
    let companions = json
        .get("_derivedFrom")
        .map(JsonValue::items)
        .unwrap_or_default();
    for (index, url) in urls.iter().enumerate() {
        let Some(canonical) = url.as_str() else {
            continue;
        };
        let at = format!("{path}.derivedFrom[{index}]");
        let Some(base) = walk
            .defs
            .resolve(canonical)
            .filter(|q| q.get("resourceType").and_then(Value::as_str) == Some("Questionnaire"))
        else {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.derivation_unknown",
                &at,
                url.pos,
                format!("The Questionnaire '{canonical}' this one derives from is not known, so the derivation is not checked"),
            );
            continue;
        };
        let extension = companions
            .get(index)
            .and_then(|c| c.get("extension"))
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .find(|e| e.get("url").and_then(JsonValue::as_str) == Some(DERIVATION_TYPE));
        let Some(extension) = extension else {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.derivation_no_type",
                &at,
                url.pos,
                format!("The derivation from '{canonical}' does not say its type (extension {DERIVATION_TYPE})"),
            );
            continue;
        };
        let ext_path = format!("{at}.extension");
        let Some(coding) = extension.get("valueCoding") else {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.derivation_no_type_value",
                &ext_path,
                extension.pos,
                "The derivation type extension has no Coding value".to_string(),
            );
            continue;
        };
        let system = coding
            .get("system")
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        let code = coding
            .get("code")
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        let complies = match (system, code) {
            (DERIVATION_SYSTEM, "extends") => false,
            (DERIVATION_SYSTEM, "compliesWith") => true,
            (DERIVATION_SYSTEM, "inspiredBy") => {
                walk.sink.info(
                    IssueType::BusinessRule,
                    "questionnaire.derivation_ignored",
                    &format!("{ext_path}.value"),
                    coding.pos,
                    format!("The derivation type {system}#{code} puts no constraints on this Questionnaire, so it is not checked"),
                );
                continue;
            }
            _ => {
                walk.sink.warning(
                    IssueType::BusinessRule,
                    "questionnaire.derivation_type_unknown",
                    &format!("{ext_path}.value"),
                    coding.pos,
                    format!("The derivation type {system}#{code} is not known, so the derivation is not checked"),
                );
                continue;
            }
        };
        let mut base_items = Vec::new();
        base_items_of(&base, &mut base_items, 0);
        for item in items {
            derived_item(walk, canonical, &base_items, item, complies);
        }
    }
}

fn base_items_of<'v>(value: &'v Value, out: &mut Vec<&'v Value>, depth: usize) {
    if depth > 64 {
        return;
    }
    for item in value
        .get("item")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        out.push(item);
        base_items_of(item, out, depth + 1);
    }
}

fn derived_item(
    walk: &mut Walk<'_>,
    base_url: &str,
    base_items: &[&Value],
    item: &Flat<'_>,
    complies: bool,
) {
    let link_id = item.link_id.unwrap_or_default();
    let Some(base) = base_items
        .iter()
        .find(|b| b.get("linkId").and_then(Value::as_str) == Some(link_id))
    else {
        if complies {
            walk.sink.error(
                IssueType::NotFound,
                "questionnaire.derived_not_in_base",
                &item.path,
                item.json.pos,
                format!("The item '{link_id}' is not in '{base_url}', which this Questionnaire complies with"),
            );
        }
        return;
    };
    let json = item.json;
    let field = |key: &str| json.get(key);
    let base_text = |key: &str| base.get(key).and_then(Value::as_str);
    let mut error = |id: &'static str, key: Option<&str>, message: String| {
        let (at, pos) = match key.and_then(|k| field(k).map(|v| (k, v))) {
            Some((k, v)) => (format!("{}.{k}", item.path), v.pos),
            None => (item.path.clone(), json.pos),
        };
        walk.sink
            .error(IssueType::BusinessRule, id, &at, pos, message);
    };
    if let (Some(expected), Some(found)) =
        (base_text("type"), field("type").and_then(JsonValue::as_str))
    {
        if expected != found {
            error("questionnaire.derived_type", Some("type"), format!("The item '{link_id}' has type {found}, but in '{base_url}' it has type {expected}"));
        }
    }
    if base.get("repeats") != Some(&Value::Bool(true))
        && matches!(
            field("repeats").map(|r| &r.kind),
            Some(crate::json::JsonKind::Bool(true))
        )
    {
        error(
            "questionnaire.derived_repeats",
            Some("repeats"),
            format!("The item '{link_id}' repeats, but it does not in '{base_url}'"),
        );
    }
    if base.get("required") == Some(&Value::Bool(true))
        && matches!(
            field("required").map(|r| &r.kind),
            Some(crate::json::JsonKind::Bool(false))
        )
    {
        error(
            "questionnaire.derived_required",
            Some("required"),
            format!("The item '{link_id}' is not required, but it is in '{base_url}'"),
        );
    }
    if let Some(max) = base.get("maxLength").and_then(Value::as_u64) {
        match field("maxLength").and_then(JsonValue::as_f64) {
            Some(found) if found > max as f64 => error("questionnaire.derived_max_length", Some("maxLength"), format!("The item '{link_id}' allows {found} characters, more than the {max} of '{base_url}'")),
            Some(_) => {}
            None => error("questionnaire.derived_max_length_missing", None, format!("The item '{link_id}' has no maxLength, but in '{base_url}' it is {max}")),
        }
    }
    let options = field("answerOption")
        .map(JsonValue::items)
        .unwrap_or_default();
    if let Some(base_options) = base.get("answerOption").and_then(Value::as_array) {
        if field("answerValueSet").is_some() {
            error("questionnaire.derived_answer_kind", Some("answerValueSet"), format!("The item '{link_id}' has an answerValueSet, but in '{base_url}' it has answer options"));
        } else if options.is_empty() {
            error(
                "questionnaire.derived_answer_options_missing",
                None,
                format!(
                    "The item '{link_id}' has no answer options, but in '{base_url}' it has {}",
                    base_options.len()
                ),
            );
        } else {
            for (index, option) in options.iter().enumerate() {
                let Some((key, value)) = option
                    .as_object()
                    .and_then(|o| o.iter().find(|(k, _)| k.starts_with("value")))
                else {
                    continue;
                };
                if !base_options.iter().any(|b| option_matches(b, key, value)) {
                    walk.sink.error(
                        IssueType::BusinessRule,
                        "questionnaire.derived_answer_option_new",
                        &format!("{}.answerOption[{index}]", item.path),
                        option.pos,
                        format!("The answer option of item '{link_id}' is not one of the options in '{base_url}'"),
                    );
                }
            }
        }
    }
    if base.get("answerValueSet").is_some() && !options.is_empty() {
        walk.sink.error(
            IssueType::BusinessRule,
            "questionnaire.derived_answer_kind",
            &item.path,
            json.pos,
            format!("The item '{link_id}' has answer options, but in '{base_url}' it has an answerValueSet"),
        );
    }
    if let Some(definition) = base_text("definition") {
        match field("definition").and_then(JsonValue::as_str) {
            Some(found) if found != definition => walk.sink.info(
                IssueType::BusinessRule,
                "questionnaire.derived_definition_changed",
                &format!("{}.definition", item.path),
                json.pos,
                format!("The item '{link_id}' has the definition {found}, but in '{base_url}' it is {definition}"),
            ),
            Some(_) => {}
            None => walk.sink.info(
                IssueType::BusinessRule,
                "questionnaire.derived_definition_missing",
                &item.path,
                json.pos,
                format!("The item '{link_id}' has no definition, but in '{base_url}' it is {definition}"),
            ),
        }
    }
}

/// Whether a base answer option holds the same value: the same primitive, the same Coding
/// (system, version and code) or the same reference.
fn option_matches(base: &Value, key: &str, value: &JsonValue) -> bool {
    let Some(expected) = base.get(key) else {
        return false;
    };
    let found = value.to_serde();
    match key {
        "valueCoding" => ["system", "version", "code"]
            .iter()
            .all(|k| found.get(k).is_none() || found.get(k) == expected.get(k)),
        "valueReference" => found.get("reference") == expected.get("reference"),
        _ => &found == expected,
    }
}
