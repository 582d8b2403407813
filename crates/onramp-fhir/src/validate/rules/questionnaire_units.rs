//! Quantity answers of a QuestionnaireResponse: the allowed units (`questionnaire-unitOption`),
//! the unit value set (`questionnaire-unitValueSet`), and minimum and maximum quantities, compared
//! after UCUM conversion when the units differ but measure the same thing.

use rust_decimal::Decimal;
use serde_json::Value;

use super::questionnaire::{extension_value, text};
use crate::fhirpath::ucum;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const UCUM: &str = "http://unitsofmeasure.org";
const UNIT_OPTION: &str = "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption";

pub(super) fn quantity_answer(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    unit_options(walk, q_item, value, path, pos);
    unit_value_set(walk, q_item, value, path, pos);
    bounds(walk, q_item, value, path, pos);
}

/// `10 km (UCUM#km)`.
fn describe(quantity: &Value) -> String {
    let system = match text(quantity, "system") {
        Some(UCUM) => "UCUM",
        Some(other) => other,
        None => "",
    };
    format!(
        "{} {} ({system}#{})",
        quantity
            .get("value")
            .map(Value::to_string)
            .unwrap_or_default(),
        text(quantity, "unit")
            .or_else(|| text(quantity, "code"))
            .unwrap_or_default(),
        text(quantity, "code").unwrap_or("null")
    )
}

fn unit_options(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    let options: Vec<&Value> = q_item
        .get("extension")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| text(e, "url") == Some(UNIT_OPTION))
        .filter_map(|e| e.get("valueCoding"))
        .collect();
    if options.is_empty() {
        return;
    }
    let allowed = options.iter().any(|option| {
        text(option, "code") == text(value, "code")
            && text(option, "system") == text(value, "system")
    });
    if !allowed {
        let shown: Vec<String> = options
            .iter()
            .map(|option| {
                let system = match text(option, "system") {
                    Some(UCUM) => "UCUM",
                    other => other.unwrap_or_default(),
                };
                format!(
                    "{} ({system}#{})",
                    text(option, "display").unwrap_or_default(),
                    text(option, "code").unwrap_or_default()
                )
            })
            .collect();
        walk.sink.error(
            IssueType::Value,
            "questionnaire.unit_not_allowed",
            path,
            pos,
            format!(
                "The value {} has a unit that is not valid (allowed = {})",
                describe(value),
                shown.join(",")
            ),
        );
    }
}

fn unit_value_set(
    walk: &mut Walk<'_>,
    q_item: &Value,
    value: &Value,
    path: &str,
    pos: crate::json::Pos,
) {
    let Some((_, url)) = extension_value(q_item, "questionnaire-unitValueSet") else {
        return;
    };
    let Some(url) = url.as_str() else {
        return;
    };
    let inside = match walk.defs.expansion(url) {
        Some(expansion) => {
            text(value, "code").is_some_and(|code| expansion.contains(text(value, "system"), code))
        }
        // Not expandable offline: a unit of a system the value set does not draw on is not in it.
        None => match walk.defs.resolve(url) {
            Some(value_set) => {
                text(value, "code").is_some()
                    && may_include_system(&value_set, text(value, "system"))
            }
            None => {
                walk.sink.warning(
                    IssueType::Value,
                    "questionnaire.unit_value_set_not_found",
                    path,
                    pos,
                    format!("The unit value set '{url}' is not known, so the unit is not checked against it"),
                );
                return;
            }
        },
    };
    if !inside {
        walk.sink.error(
            IssueType::Value,
            "questionnaire.unit_not_in_value_set",
            path,
            pos,
            format!(
                "The value {} has a unit that is not in the unit value set '{url}'",
                describe(value)
            ),
        );
    }
}

/// minValue/maxValue (or the SDC minQuantity/maxQuantity): comparable only with UCUM codes.
fn bounds(walk: &mut Walk<'_>, q_item: &Value, value: &Value, path: &str, pos: crate::json::Pos) {
    for (name, sdc_name, word, is_min) in [
        ("minValue", "minQuantity", "minimum", true),
        ("maxValue", "maxQuantity", "maximum", false),
    ] {
        let Some((_, bound)) =
            extension_value(q_item, name).or_else(|| extension_value(q_item, sdc_name))
        else {
            continue;
        };
        let coded = |q: &Value| text(q, "system").is_some() && text(q, "code").is_some();
        if !coded(value) || !coded(bound) {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.quantity_units",
                path,
                pos,
                format!("The quantity {} cannot be compared to the allowed {word} of {} because no formal units are specified", describe(value), describe(bound)),
            );
            continue;
        }
        let (Some(amount), Some(limit)) = (decimal(value), decimal(bound)) else {
            continue;
        };
        let (Some(from), Some(to)) = (text(value, "code"), text(bound, "code")) else {
            continue;
        };
        let same_unit = text(value, "system") == text(bound, "system") && from == to;
        let both_ucum = text(value, "system") == Some(UCUM) && text(bound, "system") == Some(UCUM);
        let converted = if same_unit {
            Some(amount)
        } else if both_ucum {
            ucum::convert(amount, from, to)
        } else {
            None
        };
        let Some(converted) = converted else {
            walk.sink.error(
                IssueType::Value,
                "questionnaire.quantity_incomparable",
                path,
                pos,
                format!("The quantity {} cannot be compared to the allowed {word} of {}: the units are not comparable", describe(value), describe(bound)),
            );
            continue;
        };
        if (is_min && converted < limit) || (!is_min && converted > limit) {
            let relation = if is_min { "less than" } else { "greater than" };
            walk.sink.error(
                IssueType::Value,
                "questionnaire.quantity_bound",
                path,
                pos,
                format!(
                    "The quantity {} is {relation} the allowed {word} of {}",
                    describe(value),
                    describe(bound)
                ),
            );
        }
    }
}

fn decimal(quantity: &Value) -> Option<Decimal> {
    super::min_max::decimal(&crate::json::JsonValue::from_serde(quantity.get("value")?))
}

/// Whether a value set may hold codes of `system`: it includes that system, imports other value
/// sets, or has no `compose` to tell.
fn may_include_system(value_set: &Value, system: Option<&str>) -> bool {
    let Some(includes) = value_set
        .pointer("/compose/include")
        .and_then(Value::as_array)
    else {
        return true;
    };
    includes.iter().any(|include| {
        include.get("valueSet").is_some()
            || include.get("system").is_none()
            || text(include, "system") == system
    })
}
