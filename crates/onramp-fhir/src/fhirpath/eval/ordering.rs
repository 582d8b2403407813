//! The comparison operators `<`, `<=`, `>`, `>=`: numbers, strings, dates and times (empty when
//! partial precision makes the answer unknown), and quantities in comparable units.

use std::cmp::Ordering;

use rust_decimal::Decimal;

use super::super::ast::BinaryOp;
use super::super::datetime::compare::{compare_date_times, compare_times};
use super::super::error::{eval_error, EvalResult};
use super::super::value::{Collection, Item};
use super::equality::to_date_time;
use super::Evaluator;

fn number(item: &Item<'_>) -> Option<Decimal> {
    match item {
        Item::Integer(value) => Some(Decimal::from(*value)),
        Item::Decimal(value) => Some(*value),
        _ => None,
    }
}

/// `Ok(None)` when the values cannot be ordered (partial dates, incomparable units); an error when
/// they are of types that never compare.
pub(crate) fn order_values(left: &Item<'_>, right: &Item<'_>) -> EvalResult<Option<Ordering>> {
    if let (Some(left), Some(right)) = (number(left), number(right)) {
        return Ok(Some(left.cmp(&right)));
    }
    match (left, right) {
        (Item::String(left), Item::String(right)) => Ok(Some(left.as_ref().cmp(right.as_ref()))),
        (Item::Date(_) | Item::DateTime(_), Item::Date(_) | Item::DateTime(_)) => {
            match (to_date_time(left), to_date_time(right)) {
                (Some(left), Some(right)) => Ok(compare_date_times(&left, &right)),
                _ => Ok(None),
            }
        }
        (Item::Time(left), Item::Time(right)) => Ok(compare_times(left, right)),
        (Item::Quantity(left), Item::Quantity(right)) => Ok(left.compare(right)),
        // A number is a quantity of unit '1' (§4.5): `2 > 1 '1'`.
        (Item::Quantity(quantity), number) => match super::super::quantity::unit_one(number) {
            Some(number) => Ok(quantity.compare(&number)),
            None => Err(eval_error!(
                "cannot compare a Quantity with {}",
                kind(number)
            )),
        },
        (number, Item::Quantity(quantity)) => match super::super::quantity::unit_one(number) {
            Some(number) => Ok(number.compare(quantity)),
            None => Err(eval_error!(
                "cannot compare {} with a Quantity",
                kind(number)
            )),
        },
        _ => Err(eval_error!(
            "cannot compare {} with {}",
            kind(left),
            kind(right)
        )),
    }
}

fn kind(item: &Item<'_>) -> &'static str {
    match item {
        Item::Boolean(_) => "a Boolean",
        Item::Integer(_) => "an Integer",
        Item::Decimal(_) => "a Decimal",
        Item::String(_) => "a String",
        Item::Date(_) => "a Date",
        Item::DateTime(_) => "a DateTime",
        Item::Time(_) => "a Time",
        Item::Quantity(_) => "a Quantity",
        Item::Node(_) => "an element",
        Item::Type(_) => "a type",
    }
}

impl<'a> Evaluator<'a, '_> {
    /// An operand for comparison or arithmetic: primitives as system values, Quantity elements as
    /// quantities.
    pub fn operand(&self, item: &Item<'a>) -> Option<Item<'a>> {
        if let Item::Node(node) = item {
            if node.value.is_object() {
                return self
                    .quantity_of(item)
                    .map(|quantity| Item::Quantity(Box::new(quantity)));
            }
        }
        self.primitive(item)
    }
}

pub(crate) fn compare_operator<'a>(
    ev: &Evaluator<'a, '_>,
    op: BinaryOp,
    left: &[Item<'a>],
    right: &[Item<'a>],
) -> EvalResult<Collection<'a>> {
    let (left, right) = match (left, right) {
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
            "'{}' cannot compare elements that are not primitive values or quantities",
            op.symbol()
        ));
    };
    let Some(order) = order_values(&left, &right)? else {
        return Ok(Vec::new());
    };
    let result = match op {
        BinaryOp::LessThan => order == Ordering::Less,
        BinaryOp::LessOrEqual => order != Ordering::Greater,
        BinaryOp::GreaterThan => order == Ordering::Greater,
        _ => order != Ordering::Less,
    };
    Ok(vec![Item::Boolean(result)])
}
