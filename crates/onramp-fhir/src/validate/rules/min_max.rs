//! `minValue[x]` and `maxValue[x]` of an element: numbers compared as decimals, dates and times
//! through FHIRPath (partial dates compare only where their precision decides), quantities after
//! UCUM conversion, and a duration bound on a date (`minValueDuration` of 100 years: not earlier
//! than 100 years before today).

use std::cmp::Ordering;
use std::str::FromStr;

use crate::json::{JsonKind, JsonValue};
use rust_decimal::Decimal;

use crate::fhirpath::{Environment, Item as PathItem, Quantity};
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

/// Which bound is checked.
#[derive(Clone, Copy)]
enum Bound {
    Min,
    Max,
}

impl Bound {
    /// The ordering of value against bound that breaks it.
    fn broken_by(self) -> Ordering {
        match self {
            Bound::Min => Ordering::Less,
            Bound::Max => Ordering::Greater,
        }
    }

    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Bound::Min => ("less", "minimum", "value.min_value"),
            Bound::Max => ("greater", "maximum", "value.max_value"),
        }
    }
}

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    if let Some((suffix, bound)) = &element.min_value {
        check_bound(walk, item, suffix, bound, Bound::Min);
    }
    if let Some((suffix, bound)) = &element.max_value {
        check_bound(walk, item, suffix, bound, Bound::Max);
    }
}

fn check_bound(
    walk: &mut Walk<'_>,
    item: &Item<'_>,
    suffix: &str,
    bound: &JsonValue,
    which: Bound,
) {
    let value = item.value();
    let order = match item.type_code.as_str() {
        "integer" | "decimal" | "positiveInt" | "unsignedInt" | "integer64" => {
            compare_numbers(value, bound)
        }
        "date" | "dateTime" | "instant" | "time" => compare_dates(walk, item, suffix, bound, which),
        "Quantity" | "Age" | "Duration" | "Distance" | "Count" | "SimpleQuantity"
        | "MoneyQuantity" => compare_quantities(value, bound),
        _ => None,
    };
    if order != Some(which.broken_by()) {
        return;
    }
    let (comparison, kind, id) = which.words();
    let shown_value = match &value.kind {
        JsonKind::String(text) => text.to_string(),
        JsonKind::Object(_) => quantity_text(value),
        _ => value.to_string(),
    };
    let shown_bound = match &bound.kind {
        JsonKind::String(text) => text.to_string(),
        JsonKind::Object(_) if is_date_code(&item.type_code) => {
            let direction = match which {
                Bound::Min => "before",
                Bound::Max => "after",
            };
            format!("{} {direction} now", quantity_text(bound))
        }
        JsonKind::Object(_) => quantity_text(bound),
        _ => bound.to_string(),
    };
    walk.sink.error(
        IssueType::Invalid,
        id,
        &item.path,
        item.pos,
        format!("The value {shown_value} is {comparison} than the permitted {kind} value of {shown_bound}"),
    );
}

fn is_date_code(code: &str) -> bool {
    matches!(code, "date" | "dateTime" | "instant" | "time")
}

/// A JSON number (exactly as written) or numeric string as a decimal.
pub(super) fn decimal(value: &JsonValue) -> Option<Decimal> {
    match &value.kind {
        JsonKind::Number(text) => Decimal::from_str(text)
            .or_else(|_| Decimal::from_scientific(text))
            .ok(),
        JsonKind::String(text) => Decimal::from_str(text).ok(),
        _ => None,
    }
}

fn compare_numbers(value: &JsonValue, bound: &JsonValue) -> Option<Ordering> {
    Some(decimal(value)?.cmp(&decimal(bound)?))
}

/// A Quantity as a FHIRPath quantity: its UCUM code (or unit) and value.
fn quantity(value: &JsonValue) -> Option<Quantity> {
    let amount = decimal(value.get("value")?)?;
    let unit = value
        .get("code")
        .or_else(|| value.get("unit"))
        .and_then(JsonValue::as_str)
        .unwrap_or("1");
    Some(Quantity::new(amount, unit))
}

fn quantity_text(value: &JsonValue) -> String {
    let amount = value
        .get("value")
        .map(ToString::to_string)
        .unwrap_or_default();
    let unit = value
        .get("code")
        .or_else(|| value.get("unit"))
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    format!("{amount} {unit}").trim().to_string()
}

/// Quantities compare when their units do (same unit, or UCUM units of one dimension).
fn compare_quantities(value: &JsonValue, bound: &JsonValue) -> Option<Ordering> {
    let value = quantity(value)?;
    let bound = quantity(bound)?;
    value.compare(&bound)
}

/// A FHIRPath literal for a date, dateTime, instant or time bound.
fn literal(suffix: &str, text: &str) -> Option<String> {
    let safe = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | ':' | '.' | '+'));
    if !safe {
        return None;
    }
    Some(match suffix {
        "Time" => format!("@T{text}"),
        _ => format!("@{text}"),
    })
}

/// The FHIRPath calendar keyword for a duration's unit (`a` → `years`).
fn calendar_unit(unit: &str) -> Option<&'static str> {
    Some(match unit {
        "a" | "year" | "years" => "years",
        "mo" | "month" | "months" => "months",
        "wk" | "week" | "weeks" => "weeks",
        "d" | "day" | "days" => "days",
        "h" | "hour" | "hours" => "hours",
        "min" | "minute" | "minutes" => "minutes",
        "s" | "second" | "seconds" => "seconds",
        _ => return None,
    })
}

/// A date, dateTime, instant or time against its bound, through FHIRPath comparison (`None` when
/// the precision of the two does not decide).
fn compare_dates(
    walk: &Walk<'_>,
    item: &Item<'_>,
    suffix: &str,
    bound: &JsonValue,
    which: Bound,
) -> Option<Ordering> {
    let bound_expression = match &bound.kind {
        JsonKind::String(text) => literal(suffix, text)?,
        JsonKind::Object(_) => {
            // A duration from now: before now for a minimum, after now for a maximum.
            let amount = decimal(bound.get("value")?)?.trunc();
            let unit = bound
                .get("code")
                .or_else(|| bound.get("unit"))
                .and_then(JsonValue::as_str)
                .and_then(calendar_unit)?;
            let origin = if item.type_code == "date" {
                "today()"
            } else {
                "now()"
            };
            let sign = match which {
                Bound::Min => '-',
                Bound::Max => '+',
            };
            format!("({origin} {sign} {amount} {unit})")
        }
        _ => return None,
    };
    let comparison = match which {
        Bound::Min => "<",
        Bound::Max => ">",
    };
    let expression = walk
        .defs
        .expression(&format!("$this {comparison} {bound_expression}"))?;
    let engine = walk.defs.engine();
    let context = vec![engine.node(item.value(), Some(&item.type_code))];
    let result = engine
        .evaluate_with(&expression, context, &Environment::new())
        .ok()?;
    match result.first() {
        Some(PathItem::Boolean(true)) => Some(which.broken_by()),
        Some(PathItem::Boolean(false)) => Some(Ordering::Equal),
        _ => None,
    }
}
