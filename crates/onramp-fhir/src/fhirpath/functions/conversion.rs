//! Conversion (spec 5.5): `iif`, and the `toX()` / `convertsToX()` pairs for Boolean, Integer,
//! Decimal, String, Date, DateTime, Time and Quantity.

use std::borrow::Cow;

use rust_decimal::Decimal;

use super::super::datetime::{Date, DateTime, Time};
use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator, Frame};
use super::super::number::{parse_decimal, parse_integer};
use super::super::quantity::{calendar_keyword, Quantity};
use super::super::ucum;
use super::super::value::{system_value_string, Collection, Item};
use super::single_input;

/// `iif(criterion, true-result [, otherwise-result])`: only the chosen branch is evaluated.
pub(crate) fn iif<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    if input.len() > 1 {
        return Err(eval_error!(
            "iif() needs at most one input item, not {}",
            input.len()
        ));
    }
    let frame = if input.is_empty() {
        call.frame
    } else {
        Frame {
            this: &input,
            ..call.frame
        }
    };
    let Some(criterion) = call.args.first() else {
        return Ok(Vec::new());
    };
    let result = ev.eval(criterion, frame)?;
    let branch = match ev.strict_boolean(&result, "the criterion of iif()")? {
        Some(true) => call.args.get(1),
        _ => call.args.get(2),
    };
    match branch {
        Some(branch) => ev.eval(branch, frame),
        None => Ok(Vec::new()),
    }
}

/// The single input as a system value (`None` when empty).
fn input_value<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<Item<'a>>> {
    Ok(single_input(call, input)?.map(|item| ev.operand(item).unwrap_or_else(|| item.clone())))
}

type Converter = for<'a> fn(&Item<'a>) -> Option<Item<'a>>;

fn convert<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    converter: Converter,
) -> EvalResult<Collection<'a>> {
    Ok(input_value(ev, call, input)?
        .and_then(|value| converter(&value))
        .into_iter()
        .collect())
}

fn converts<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    converter: Converter,
) -> EvalResult<Collection<'a>> {
    Ok(input_value(ev, call, input)?
        .map(|value| Item::Boolean(converter(&value).is_some()))
        .into_iter()
        .collect())
}

fn boolean_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    let value = match item {
        Item::Boolean(value) => *value,
        Item::Integer(1) => true,
        Item::Integer(0) => false,
        Item::Decimal(value) if *value == Decimal::ONE => true,
        Item::Decimal(value) if value.is_zero() => false,
        Item::String(text) => match text.to_lowercase().as_str() {
            "true" | "t" | "yes" | "y" | "1" | "1.0" => true,
            "false" | "f" | "no" | "n" | "0" | "0.0" => false,
            _ => return None,
        },
        _ => return None,
    };
    Some(Item::Boolean(value))
}

fn is_integer_text(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    !digits.is_empty() && digits.bytes().all(|byte| byte.is_ascii_digit())
}

fn integer_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::Integer(value) => Some(Item::Integer(*value)),
        Item::Boolean(value) => Some(Item::Integer(i64::from(*value))),
        Item::String(text) if is_integer_text(text) => {
            parse_integer(text.trim_start_matches('+')).map(Item::Integer)
        }
        _ => None,
    }
}

fn is_decimal_text(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |part: &str| !part.is_empty() && part.bytes().all(|byte| byte.is_ascii_digit());
    digits(whole) && digits(fraction)
}

fn decimal_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::Integer(value) => Some(Item::Decimal(Decimal::from(*value))),
        Item::Decimal(value) => Some(Item::Decimal(*value)),
        Item::Boolean(value) => Some(Item::Decimal(if *value {
            Decimal::new(10, 1)
        } else {
            Decimal::new(0, 1)
        })),
        Item::String(text) if is_decimal_text(text) => {
            parse_decimal(text.trim_start_matches('+')).map(Item::Decimal)
        }
        _ => None,
    }
}

fn string_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::String(text) => Some(Item::String(text.clone())),
        other => system_value_string(other).map(|text| Item::String(Cow::Owned(text))),
    }
}

fn date_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::Date(date) => Some(Item::Date(*date)),
        Item::DateTime(value) => Some(Item::Date(value.date)),
        Item::String(text) => Date::parse(text)
            .or_else(|| DateTime::parse(text).map(|value| value.date))
            .map(Item::Date),
        _ => None,
    }
}

fn date_time_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::Date(date) => Some(Item::DateTime(DateTime::from_date(*date))),
        Item::DateTime(value) => Some(Item::DateTime(*value)),
        Item::String(text) => DateTime::parse(text).map(Item::DateTime),
        _ => None,
    }
}

fn time_of<'a>(item: &Item<'a>) -> Option<Item<'a>> {
    match item {
        Item::Time(time) => Some(Item::Time(*time)),
        Item::String(text) => Time::parse(text.strip_prefix('T').unwrap_or(text)).map(Item::Time),
        _ => None,
    }
}

/// `4`, `4.5 'mg'`, `3 days`: a number, then optionally a quoted UCUM unit or a calendar keyword.
fn parse_quantity(text: &str) -> Option<Quantity> {
    let text = text.trim();
    let (number, unit) = match text.split_once(' ') {
        Some((number, unit)) => (number, unit.trim()),
        None => (text, ""),
    };
    if !is_decimal_text(number) {
        return None;
    }
    let value = parse_decimal(number.trim_start_matches('+'))?;
    let unit = if unit.is_empty() {
        "1".to_string()
    } else if let Some(quoted) = unit
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''))
    {
        quoted.to_string()
    } else if calendar_keyword(unit).is_some() {
        unit.to_string()
    } else {
        return None;
    };
    Some(Quantity::new(value, unit))
}

fn quantity_of<'a>(item: &Item<'a>) -> Option<Quantity> {
    match item {
        Item::Integer(value) => Some(Quantity::new(Decimal::from(*value), "1")),
        Item::Decimal(value) => Some(Quantity::new(*value, "1")),
        Item::Boolean(value) => Some(Quantity::new(
            if *value {
                Decimal::new(10, 1)
            } else {
                Decimal::new(0, 1)
            },
            "1",
        )),
        Item::Quantity(quantity) => Some((**quantity).clone()),
        Item::String(text) => parse_quantity(text),
        _ => None,
    }
}

fn quantity_in<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<Option<Quantity>>> {
    let Some(value) = input_value(ev, call, input)? else {
        return Ok(None);
    };
    let quantity = quantity_of(&value);
    let unit_arg = ev.arg(call, 0)?;
    let Some(unit) = ev.single_string(&unit_arg, "the unit")? else {
        return Ok(Some(quantity));
    };
    let converted = quantity.and_then(|quantity| {
        if quantity.unit == unit.as_ref() {
            return Some(quantity);
        }
        let value = ucum::convert(quantity.value, &quantity.unit, &unit)?;
        Some(Quantity::new(value, unit.to_string()))
    });
    Ok(Some(converted))
}

pub(crate) fn to_boolean<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, boolean_of)
}
pub(crate) fn converts_to_boolean<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, boolean_of)
}
pub(crate) fn to_integer<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, integer_of)
}
pub(crate) fn converts_to_integer<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, integer_of)
}
pub(crate) fn to_decimal<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, decimal_of)
}
pub(crate) fn converts_to_decimal<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, decimal_of)
}
pub(crate) fn to_string<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, string_of)
}
pub(crate) fn converts_to_string<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, string_of)
}
pub(crate) fn to_date<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, date_of)
}
pub(crate) fn converts_to_date<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, date_of)
}
pub(crate) fn to_date_time<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, date_time_of)
}
pub(crate) fn converts_to_date_time<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, date_time_of)
}
pub(crate) fn to_time<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    convert(ev, call, &input, time_of)
}
pub(crate) fn converts_to_time<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    converts(ev, call, &input, time_of)
}

pub(crate) fn to_quantity<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(quantity_in(ev, call, &input)?
        .flatten()
        .map(|quantity| Item::Quantity(Box::new(quantity)))
        .into_iter()
        .collect())
}

pub(crate) fn converts_to_quantity<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(quantity_in(ev, call, &input)?
        .map(|quantity| Item::Boolean(quantity.is_some()))
        .into_iter()
        .collect())
}
