//! Quantities (and their specialisations): best practice on UCUM annotations. A UCUM code with an
//! annotation (`{score}`) says nothing a machine can use, so the reference validator warns on
//! each one: when the Quantity has no `unit` text, when the text does not contain the
//! annotation, and otherwise. Bounds are `min_max`'s, coded units the binding rule's.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

const UCUM: &str = "http://unitsofmeasure.org";

/// Checks one value.
pub(crate) fn check(walk: &mut Walk<'_>, _element: &ElementNode, item: &Item<'_>) {
    let quantity = item.value();
    if quantity.get("system").and_then(JsonValue::as_str) != Some(UCUM) {
        return;
    }
    let Some(code) = quantity.get("code").and_then(JsonValue::as_str) else {
        return;
    };
    let (Some(open), Some(close)) = (code.find('{'), code.find('}')) else {
        return;
    };
    if open >= close {
        return;
    }
    let annotation = code.get(open..=close).unwrap_or_default();
    let inner = code.get(open + 1..close).unwrap_or_default();
    let unit = quantity.get("unit").and_then(JsonValue::as_str);
    let (id, message) = match unit {
        None => (
            "quantity.ucum_annotation_no_unit",
            format!("The UCUM code '{code}' has the annotation {annotation} and the Quantity has no unit text; annotations say nothing a system can use, and the unit text should show them"),
        ),
        Some(unit) if !unit.to_lowercase().contains(&inner.to_lowercase()) => (
            "quantity.ucum_annotation_not_in_unit",
            format!("The UCUM code '{code}' has the annotation {annotation}, which is not in the unit text '{unit}'; annotations say nothing a system can use"),
        ),
        Some(unit) => (
            "quantity.ucum_annotation",
            format!("The UCUM code '{code}' has the annotation {annotation} (unit text '{unit}'); annotations say nothing a system can use, so best practice is to avoid them"),
        ),
    };
    walk.sink.warning(
        IssueType::BusinessRule,
        id,
        &item.path,
        quantity.pos,
        message,
    );
}
