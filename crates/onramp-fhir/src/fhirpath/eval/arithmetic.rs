//! Arithmetic: `+ - * / div mod &` and unary minus on numbers, strings, quantities, and dates and
//! times plus or minus calendar durations. Division by zero gives empty, as the spec says.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::super::ast::BinaryOp;
use super::super::datetime::arith::{add_to_date, add_to_date_time, add_to_time};
use super::super::error::{eval_error, EvalResult};
use super::super::quantity::{duration_unit, unit_one, Quantity};
use super::super::value::{Collection, Item};
use super::Evaluator;

fn decimal(item: &Item<'_>) -> Option<Decimal> {
    match item {
        Item::Integer(value) => Some(Decimal::from(*value)),
        Item::Decimal(value) => Some(*value),
        _ => None,
    }
}

pub(crate) fn arithmetic_operator<'a>(
    ev: &Evaluator<'a, '_>,
    op: BinaryOp,
    left: Collection<'a>,
    right: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    if op == BinaryOp::Concatenate {
        let left = ev
            .single_string(&left, "the left operand of &")?
            .unwrap_or_default();
        let right = ev
            .single_string(&right, "the right operand of &")?
            .unwrap_or_default();
        return Ok(vec![Item::string(format!("{left}{right}"))]);
    }
    let (left, right) = match (left.as_slice(), right.as_slice()) {
        ([], _) | (_, []) => return Ok(Vec::new()),
        ([left], [right]) => (left, right),
        _ => {
            return Err(eval_error!(
                "'{}' needs single items on both sides",
                op.symbol()
            ))
        }
    };
    let (Some(left), Some(right)) = (ev.operand(left), ev.operand(right)) else {
        return Err(eval_error!(
            "'{}' cannot be applied to elements that are not primitive values or quantities",
            op.symbol()
        ));
    };
    let result = match op {
        BinaryOp::Add => add(&left, &right, false)?,
        BinaryOp::Subtract => add(&left, &right, true)?,
        BinaryOp::Multiply => multiply(&left, &right)?,
        BinaryOp::Divide => divide(&left, &right)?,
        BinaryOp::Div => integer_divide(&left, &right, false)?,
        _ => integer_divide(&left, &right, true)?,
    };
    Ok(result.into_iter().collect())
}

fn mismatch<T>(op: &str, left: &Item<'_>, right: &Item<'_>) -> EvalResult<T> {
    Err(eval_error!(
        "'{op}' cannot be applied to {} and {}",
        describe(left),
        describe(right)
    ))
}

fn describe(item: &Item<'_>) -> &'static str {
    match item {
        Item::Boolean(_) => "Boolean",
        Item::Integer(_) => "Integer",
        Item::Decimal(_) => "Decimal",
        Item::String(_) => "String",
        Item::Date(_) => "Date",
        Item::DateTime(_) => "DateTime",
        Item::Time(_) => "Time",
        Item::Quantity(_) => "Quantity",
        Item::Node(_) => "an element",
        Item::Type(_) => "a type",
    }
}

/// The whole number of calendar units a quantity adds to a date or time.
fn duration(
    quantity: &Quantity,
    negate: bool,
) -> EvalResult<(i64, super::super::datetime::arith::CalendarUnit)> {
    let unit = duration_unit(&quantity.unit).ok_or_else(|| {
        eval_error!("'{}' is not a calendar duration: dates take years, months, weeks, days, hours, minutes, seconds or milliseconds", quantity.unit)
    })?;
    let amount = quantity
        .value
        .trunc()
        .to_i64()
        .ok_or_else(|| eval_error!("the duration is too large"))?;
    Ok((if negate { -amount } else { amount }, unit))
}

fn add<'a>(left: &Item<'a>, right: &Item<'a>, subtract: bool) -> EvalResult<Option<Item<'a>>> {
    let symbol = if subtract { "-" } else { "+" };
    let result = match (left, right) {
        (Item::Integer(left), Item::Integer(right)) => {
            let result = if subtract {
                left.checked_sub(*right)
            } else {
                left.checked_add(*right)
            };
            result.map(Item::Integer)
        }
        (Item::Integer(_) | Item::Decimal(_), Item::Integer(_) | Item::Decimal(_)) => {
            let (Some(left), Some(right)) = (decimal(left), decimal(right)) else {
                return Ok(None);
            };
            let result = if subtract {
                left.checked_sub(right)
            } else {
                left.checked_add(right)
            };
            result.map(Item::Decimal)
        }
        (Item::String(left), Item::String(right)) if !subtract => {
            Some(Item::string(format!("{left}{right}")))
        }
        (Item::Quantity(left), Item::Quantity(right)) => left
            .add(right, subtract)
            .map(|quantity| Item::Quantity(Box::new(quantity))),
        // A number is a quantity of unit '1' (§4.5): `2 + 1 '1'` is `3 '1'`.
        (Item::Quantity(quantity), number @ (Item::Integer(_) | Item::Decimal(_))) => {
            let Some(number) = unit_one(number) else {
                return mismatch(symbol, left, right);
            };
            quantity
                .add(&number, subtract)
                .map(|quantity| Item::Quantity(Box::new(quantity)))
        }
        (number @ (Item::Integer(_) | Item::Decimal(_)), Item::Quantity(quantity)) => {
            let Some(number) = unit_one(number) else {
                return mismatch(symbol, left, right);
            };
            number
                .add(quantity, subtract)
                .map(|quantity| Item::Quantity(Box::new(quantity)))
        }
        (Item::Date(date), Item::Quantity(quantity)) => {
            let (amount, unit) = duration(quantity, subtract)?;
            Some(Item::Date(add_to_date(date, amount, unit)?))
        }
        (Item::DateTime(value), Item::Quantity(quantity)) => {
            let (amount, unit) = duration(quantity, subtract)?;
            Some(Item::DateTime(add_to_date_time(value, amount, unit)?))
        }
        (Item::Time(time), Item::Quantity(quantity)) => {
            let (amount, unit) = duration(quantity, subtract)?;
            Some(Item::Time(add_to_time(time, amount, unit)?))
        }
        _ => return mismatch(symbol, left, right),
    };
    Ok(result)
}

fn multiply<'a>(left: &Item<'a>, right: &Item<'a>) -> EvalResult<Option<Item<'a>>> {
    let result = match (left, right) {
        (Item::Integer(left), Item::Integer(right)) => left.checked_mul(*right).map(Item::Integer),
        (Item::Quantity(left), Item::Quantity(right)) => left
            .multiply(right)
            .map(|quantity| Item::Quantity(Box::new(quantity))),
        (Item::Quantity(quantity), number) | (number, Item::Quantity(quantity)) => {
            match decimal(number) {
                Some(factor) => quantity
                    .scale(factor, false)
                    .map(|quantity| Item::Quantity(Box::new(quantity))),
                None => return mismatch("*", left, right),
            }
        }
        _ => match (decimal(left), decimal(right)) {
            (Some(left), Some(right)) => left.checked_mul(right).map(Item::Decimal),
            _ => return mismatch("*", left, right),
        },
    };
    Ok(result)
}

fn divide<'a>(left: &Item<'a>, right: &Item<'a>) -> EvalResult<Option<Item<'a>>> {
    let result = match (left, right) {
        (Item::Quantity(left), Item::Quantity(right)) => {
            if right.value.is_zero() {
                return Ok(None);
            }
            left.divide(right)
                .map(|quantity| Item::Quantity(Box::new(quantity)))
        }
        (Item::Quantity(quantity), number) => match decimal(number) {
            Some(divisor) if divisor.is_zero() => None,
            Some(divisor) => quantity
                .scale(divisor, true)
                .map(|quantity| Item::Quantity(Box::new(quantity))),
            None => return mismatch("/", left, right),
        },
        // A number is a quantity of unit '1': `20 / 5 'kg'` is `4 '1/kg'`.
        (number, Item::Quantity(quantity)) => match unit_one(number) {
            Some(_) if quantity.value.is_zero() => None,
            Some(number) => number
                .divide(quantity)
                .map(|quantity| Item::Quantity(Box::new(quantity))),
            None => return mismatch("/", left, right),
        },
        _ => match (decimal(left), decimal(right)) {
            (Some(_), Some(right)) if right.is_zero() => None,
            (Some(left), Some(right)) => left.checked_div(right).map(Item::Decimal),
            _ => return mismatch("/", left, right),
        },
    };
    Ok(result)
}

fn integer_divide<'a>(
    left: &Item<'a>,
    right: &Item<'a>,
    remainder: bool,
) -> EvalResult<Option<Item<'a>>> {
    let symbol = if remainder { "mod" } else { "div" };
    let result = match (left, right) {
        (Item::Integer(_), Item::Integer(0)) => None,
        (Item::Integer(left), Item::Integer(right)) => {
            let result = if remainder {
                left.checked_rem(*right)
            } else {
                left.checked_div(*right)
            };
            result.map(Item::Integer)
        }
        _ => match (decimal(left), decimal(right)) {
            (Some(_), Some(right)) if right.is_zero() => None,
            (Some(left), Some(right)) => {
                if remainder {
                    left.checked_rem(right).map(Item::Decimal)
                } else {
                    left.checked_div(right)
                        .map(|quotient| Item::Decimal(quotient.trunc()))
                }
            }
            _ => return mismatch(symbol, left, right),
        },
    };
    Ok(result)
}

fn single_number<'a>(
    ev: &Evaluator<'a, '_>,
    operand: &[Item<'a>],
    what: &str,
) -> EvalResult<Option<Item<'a>>> {
    match operand {
        [] => Ok(None),
        [item] if ev.has_no_value(item) => Ok(None),
        [item] => match ev.operand(item) {
            Some(value @ (Item::Integer(_) | Item::Decimal(_) | Item::Quantity(_))) => {
                Ok(Some(value))
            }
            _ => Err(eval_error!(
                "{what} applies to numbers and quantities, not {}",
                ev.describe(item)
            )),
        },
        _ => Err(eval_error!(
            "{what} needs a single item, not a collection of {}",
            operand.len()
        )),
    }
}

/// Unary minus; minus zero is zero.
pub(crate) fn negate<'a>(
    ev: &Evaluator<'a, '_>,
    operand: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let negated = match single_number(ev, &operand, "unary minus")? {
        None => return Ok(Vec::new()),
        Some(Item::Integer(value)) => value.checked_neg().map(Item::Integer),
        Some(Item::Decimal(value)) => Some(Item::Decimal(negate_decimal(value))),
        Some(Item::Quantity(quantity)) => Some(Item::quantity(
            negate_decimal(quantity.value),
            quantity.unit,
        )),
        Some(_) => None,
    };
    Ok(negated.into_iter().collect())
}

fn negate_decimal(value: Decimal) -> Decimal {
    let mut negated = -value;
    if negated.is_zero() {
        negated.set_sign_negative(false);
    }
    negated
}

pub(crate) fn plus<'a>(
    ev: &Evaluator<'a, '_>,
    operand: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(single_number(ev, &operand, "unary plus")?
        .into_iter()
        .collect())
}
