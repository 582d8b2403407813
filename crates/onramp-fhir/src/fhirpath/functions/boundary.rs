//! Precision and boundaries (FHIRPath 2.1 utility functions): `lowBoundary`, `highBoundary`,
//! `precision`, and `comparable` for quantities.

use rust_decimal::Decimal;

use super::super::datetime::arith::{date_boundary, date_time_boundary, time_boundary, Boundary};
use super::super::error::EvalResult;
use super::super::eval::{Call, Evaluator};
use super::super::number::{decimal_high_boundary, decimal_low_boundary};
use super::super::value::{Collection, Item};
use super::single_input;

/// The single input as a system value (`None` when empty or not one).
fn single_value<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
) -> EvalResult<Option<Item<'a>>> {
    Ok(single_input(call, input)?.and_then(|item| ev.operand(item)))
}

fn boundary<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    which: Boundary,
) -> EvalResult<Collection<'a>> {
    let Some(value) = single_value(ev, call, input)? else {
        return Ok(Vec::new());
    };
    let argument = ev.arg(call, 0)?;
    let precision = ev.single_integer(&argument, &format!("the precision of {}()", call.name))?;
    let decimal = |value: &Decimal| match which {
        Boundary::Low => decimal_low_boundary(value, precision),
        Boundary::High => decimal_high_boundary(value, precision),
    };
    let result = match value {
        Item::Integer(value) => decimal(&Decimal::from(value)).map(Item::Decimal),
        Item::Decimal(value) => decimal(&value).map(Item::Decimal),
        Item::Quantity(quantity) => {
            decimal(&quantity.value).map(|value| Item::quantity(value, quantity.unit))
        }
        Item::Date(date) => date_boundary(&date, precision.unwrap_or(8), which).map(Item::Date),
        Item::DateTime(date_time) => {
            date_time_boundary(&date_time, precision.unwrap_or(17), which).map(Item::DateTime)
        }
        Item::Time(time) => time_boundary(&time, precision.unwrap_or(9), which).map(Item::Time),
        _ => None,
    };
    Ok(result.into_iter().collect())
}

pub(crate) fn low_boundary<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    boundary(ev, call, &input, Boundary::Low)
}

pub(crate) fn high_boundary<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    boundary(ev, call, &input, Boundary::High)
}

pub(crate) fn precision<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let digits = match single_value(ev, call, &input)? {
        Some(Item::Decimal(value)) => Some(i64::from(value.scale())),
        Some(Item::Integer(_)) => Some(0),
        Some(Item::Date(date)) => Some(date.precision_digits()),
        Some(Item::DateTime(value)) => Some(value.precision_digits()),
        Some(Item::Time(time)) => Some(time.precision_digits()),
        _ => None,
    };
    Ok(digits.map(Item::Integer).into_iter().collect())
}

pub(crate) fn comparable<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(Item::Quantity(left)) = single_value(ev, call, &input)? else {
        return Ok(Vec::new());
    };
    let argument = ev.arg(call, 0)?;
    let right = match argument.as_slice() {
        [item] => ev.quantity_of(item),
        _ => None,
    };
    Ok(right
        .map(|right| Item::Boolean(left.comparable(&right)))
        .into_iter()
        .collect())
}
