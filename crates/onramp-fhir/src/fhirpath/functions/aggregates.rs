//! Aggregates (FHIRPath 3.0 §7, STU): `sum()`, `min()`, `max()`, `avg()`, the shortcuts the
//! specification writes with `aggregate()` (`value.aggregate($this + $total, 0)` is the sum).
//!
//! Items are numbers or quantities (`min`/`max` also take strings, dates and times); a
//! primitive that carries only extensions has no value and is left out, as an empty operand
//! is. `sum()` of nothing is `0` (the `init` of its `aggregate()` form); `min()`, `max()` and
//! `avg()` of nothing are empty.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::super::ast::BinaryOp;
use super::super::error::{eval_error, EvalResult};
use super::super::eval::arithmetic::arithmetic_operator;
use super::super::eval::ordering::order_values;
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};

/// The input as system values, without the items that have no value.
fn values<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    numbers_only: bool,
) -> EvalResult<Vec<Item<'a>>> {
    let mut values = Vec::with_capacity(input.len());
    for item in input {
        match ev.operand(item) {
            Some(value @ (Item::Integer(_) | Item::Decimal(_) | Item::Quantity(_))) => {
                values.push(value);
            }
            Some(value @ (Item::String(_) | Item::Date(_) | Item::DateTime(_) | Item::Time(_)))
                if !numbers_only =>
            {
                values.push(value)
            }
            None if ev.has_no_value(item) => {}
            _ => {
                return Err(eval_error!(
                    "{}() applies to {}, not {}",
                    call.name,
                    if numbers_only {
                        "numbers and quantities"
                    } else {
                        "numbers, quantities, strings, dates and times"
                    },
                    ev.describe(item)
                ))
            }
        }
    }
    Ok(values)
}

fn total<'a>(ev: &Evaluator<'a, '_>, values: Vec<Item<'a>>) -> EvalResult<Collection<'a>> {
    let mut total: Collection<'a> = vec![Item::Integer(0)];
    for (index, value) in values.into_iter().enumerate() {
        total = if index == 0 {
            vec![value]
        } else {
            arithmetic_operator(ev, BinaryOp::Add, total, vec![value])?
        };
        if total.is_empty() {
            // Overflow, or quantities in units that do not add up.
            return Ok(Vec::new());
        }
    }
    Ok(total)
}

pub(crate) fn sum<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let values = values(ev, call, &input, true)?;
    total(ev, values)
}

pub(crate) fn avg<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let values = values(ev, call, &input, true)?;
    if values.is_empty() {
        return Ok(Vec::new());
    }
    let count = Decimal::from(values.len());
    let total = total(ev, values)?;
    let average = arithmetic_operator(ev, BinaryOp::Divide, total, vec![Item::Decimal(count)])?;
    Ok(average
        .into_iter()
        .map(|item| match item {
            Item::Decimal(value) => Item::Decimal(value.normalize()),
            Item::Quantity(quantity) => Item::quantity(quantity.value.normalize(), quantity.unit),
            other => other,
        })
        .collect())
}

/// The least (`wanted` Less) or greatest item; empty when two items cannot be ordered (dates of
/// different precision, quantities in unlike units).
fn extreme<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    wanted: Ordering,
) -> EvalResult<Collection<'a>> {
    let mut best: Option<Item<'a>> = None;
    for value in values(ev, call, input, false)? {
        best = Some(match best {
            None => value,
            Some(current) => match order_values(&value, &current)? {
                None => return Ok(Vec::new()),
                Some(order) if order == wanted => value,
                Some(_) => current,
            },
        });
    }
    Ok(best.into_iter().collect())
}

pub(crate) fn min<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    extreme(ev, call, &input, Ordering::Less)
}

pub(crate) fn max<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    extreme(ev, call, &input, Ordering::Greater)
}
