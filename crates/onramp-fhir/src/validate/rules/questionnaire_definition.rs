//! Questionnaire definitions (the reference's QuestionnaireValidator on a Questionnaire): every
//! `enableWhen.question` names another item, outside the item itself and (preferably) before it;
//! `derivedFrom` names known Questionnaires with a derivation type, and the items of a Questionnaire
//! that extends or complies with another keep its constraints (in `derived`); an `answerValueSet`
//! gives the parameters its value set declares (in `parameters`).

mod derived;
mod parameters;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// One item of the Questionnaire, in document order.
pub(super) struct Flat<'j> {
    pub link_id: Option<&'j str>,
    pub json: &'j JsonValue,
    pub path: String,
    /// The position of the item in document order, and the end of its descendants.
    pub order: usize,
    pub end: usize,
}

pub(super) fn flatten<'j>(json: &'j JsonValue, path: &str, out: &mut Vec<Flat<'j>>, depth: usize) {
    if depth > 64 {
        return;
    }
    for (index, item) in json
        .get("item")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let at = out.len();
        let item_path = format!("{path}.item[{index}]");
        out.push(Flat {
            link_id: item.get("linkId").and_then(JsonValue::as_str),
            json: item,
            path: item_path.clone(),
            order: at,
            end: at + 1,
        });
        flatten(item, &item_path, out, depth + 1);
        let end = out.len();
        if let Some(flat) = out.get_mut(at) {
            flat.end = end;
        }
    }
}

/// Checks a Questionnaire resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let mut items = Vec::new();
    flatten(json, path, &mut items, 0);
    for item in &items {
        enable_when(walk, &items, item);
        parameters::check(walk, item);
    }
    derived::check(walk, json, path, &items);
}

fn enable_when(walk: &mut Walk<'_>, items: &[Flat<'_>], item: &Flat<'_>) {
    let conditions = item
        .json
        .get("enableWhen")
        .map(JsonValue::items)
        .unwrap_or_default();
    let link_id = item.link_id.unwrap_or_default();
    for condition in conditions {
        let Some(question) = condition.get("question").and_then(JsonValue::as_str) else {
            walk.sink.error(
                IssueType::BusinessRule,
                "questionnaire.enable_when_no_question",
                &item.path,
                item.json.pos,
                "An enableWhen must name the question it depends on".to_string(),
            );
            continue;
        };
        let inner = items
            .get(item.order + 1..item.end)
            .unwrap_or_default()
            .iter()
            .any(|d| d.link_id == Some(question));
        if inner {
            walk.sink.error(
                IssueType::BusinessRule,
                "questionnaire.enable_when_inner",
                &item.path,
                item.json.pos,
                format!("The enableWhen of item '{link_id}' refers to '{question}', an item inside it: an item cannot depend on its own children"),
            );
            continue;
        }
        let Some(target) = items.iter().find(|t| t.link_id == Some(question)) else {
            walk.sink.error(
                IssueType::BusinessRule,
                "questionnaire.enable_when_no_target",
                &item.path,
                item.json.pos,
                format!("The enableWhen question '{question}' of item '{link_id}' is not an item of the Questionnaire"),
            );
            continue;
        };
        if target.order == item.order {
            walk.sink.error(
                IssueType::BusinessRule,
                "questionnaire.enable_when_self",
                &item.path,
                item.json.pos,
                format!("The enableWhen of item '{link_id}' refers to the item itself"),
            );
            continue;
        }
        if target.order > item.order {
            walk.sink.warning(
                IssueType::BusinessRule,
                "questionnaire.enable_when_after",
                &item.path,
                item.json.pos,
                format!("The enableWhen question '{question}' comes after the item that depends on it; it should come before"),
            );
        }
    }
}
