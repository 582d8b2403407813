//! Math (spec 5.7): `abs`, `ceiling`, `exp`, `floor`, `ln`, `log`, `power`, `round`, `sqrt`,
//! `truncate`. Exact decimal arithmetic where the result is exact; `exp`, `ln`, `log`, `sqrt` and
//! fractional powers go through binary floating point and back.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator};
use super::super::number::{decimal_from_f64, decimal_power, decimal_to_f64, integer_power};
use super::super::value::{Collection, Item};
use super::single_input;

fn number_input<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<Item<'a>>> {
    let Some(item) = single_input(call, input)? else {
        return Ok(None);
    };
    match ev.operand(item) {
        Some(value @ (Item::Integer(_) | Item::Decimal(_) | Item::Quantity(_))) => Ok(Some(value)),
        _ => Err(eval_error!(
            "{}() applies to numbers, not {}",
            call.name,
            ev.describe(item)
        )),
    }
}

fn as_f64(item: &Item<'_>) -> Option<f64> {
    match item {
        Item::Integer(value) => value.to_f64(),
        Item::Decimal(value) => decimal_to_f64(value),
        _ => None,
    }
}

fn float_result<'a>(value: f64) -> Collection<'a> {
    if value.is_nan() || value.is_infinite() {
        return Vec::new();
    }
    decimal_from_f64(value)
        .map(Item::Decimal)
        .into_iter()
        .collect()
}

fn to_integer_item<'a>(value: Decimal) -> Collection<'a> {
    value.to_i64().map(Item::Integer).into_iter().collect()
}

pub(crate) fn abs<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(match number_input(ev, call, &input)? {
        Some(Item::Integer(value)) => value.checked_abs().map(Item::Integer).into_iter().collect(),
        Some(Item::Decimal(value)) => vec![Item::Decimal(value.abs())],
        Some(Item::Quantity(quantity)) => vec![Item::quantity(quantity.value.abs(), quantity.unit)],
        _ => Vec::new(),
    })
}

/// `ceiling()`, `floor()`, `truncate()`: an Integer stays; a Decimal becomes an Integer by `round`.
fn to_integer_by<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    round: fn(&Decimal) -> Decimal,
) -> EvalResult<Collection<'a>> {
    Ok(match number_input(ev, call, input)? {
        Some(Item::Integer(value)) => vec![Item::Integer(value)],
        Some(Item::Decimal(value)) => to_integer_item(round(&value)),
        _ => Vec::new(),
    })
}

pub(crate) fn ceiling<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    to_integer_by(ev, call, &input, Decimal::ceil)
}

pub(crate) fn floor<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    to_integer_by(ev, call, &input, Decimal::floor)
}

pub(crate) fn truncate<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    to_integer_by(ev, call, &input, Decimal::trunc)
}

pub(crate) fn exp<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(number_input(ev, call, &input)?
        .as_ref()
        .and_then(as_f64)
        .map(|value| float_result(value.exp()))
        .unwrap_or_default())
}

pub(crate) fn ln<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(number_input(ev, call, &input)?
        .as_ref()
        .and_then(as_f64)
        .map(|value| float_result(value.ln()))
        .unwrap_or_default())
}

pub(crate) fn sqrt<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(number_input(ev, call, &input)?
        .as_ref()
        .and_then(as_f64)
        .map(|value| float_result(value.sqrt()))
        .unwrap_or_default())
}

fn number_arg<'a>(ev: &mut Evaluator<'a, '_>, call: &Call<'a, '_>) -> EvalResult<Option<Item<'a>>> {
    let argument = ev.arg(call, 0)?;
    match ev.single_value(&argument, &format!("the argument of {}()", call.name))? {
        None => Ok(None),
        Some(value @ (Item::Integer(_) | Item::Decimal(_))) => Ok(Some(value)),
        Some(other) => Err(eval_error!(
            "the argument of {}() must be a number, not {}",
            call.name,
            ev.describe(&other)
        )),
    }
}

pub(crate) fn log<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(value) = number_input(ev, call, &input)?.as_ref().and_then(as_f64) else {
        return Ok(Vec::new());
    };
    let Some(base) = number_arg(ev, call)?.as_ref().and_then(as_f64) else {
        return Ok(Vec::new());
    };
    Ok(float_result(value.ln() / base.ln()))
}

pub(crate) fn power<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(base) = number_input(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let Some(exponent) = number_arg(ev, call)? else {
        return Ok(Vec::new());
    };
    Ok(match (&base, &exponent) {
        (Item::Integer(base), Item::Integer(exponent)) if *exponent >= 0 => {
            integer_power(*base, *exponent)
                .map(Item::Integer)
                .into_iter()
                .collect()
        }
        (Item::Decimal(base), Item::Integer(exponent)) => decimal_power(base, *exponent)
            .map(Item::Decimal)
            .into_iter()
            .collect(),
        _ => match (as_f64(&base), as_f64(&exponent)) {
            (Some(base), Some(exponent)) => float_result(base.powf(exponent)),
            _ => Vec::new(),
        },
    })
}

pub(crate) fn round<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(value) = number_input(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let argument = ev.arg(call, 0)?;
    let precision = ev
        .single_integer(&argument, "the precision of round()")?
        .unwrap_or(0);
    let Ok(precision) = u32::try_from(precision) else {
        return Err(eval_error!("round() needs a precision of zero or more"));
    };
    Ok(match value {
        Item::Integer(value) => vec![Item::Integer(value)],
        Item::Decimal(value) => vec![Item::Decimal(
            value.round_dp_with_strategy(precision, RoundingStrategy::MidpointAwayFromZero),
        )],
        _ => Vec::new(),
    })
}
