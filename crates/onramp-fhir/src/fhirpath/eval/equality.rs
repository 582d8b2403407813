//! Equality (`=`), equivalence (`~`) and membership of items and collections, and the
//! duplicate elimination that `|`, `union()` and `distinct()` build on.

use std::borrow::Cow;
use std::cmp::Ordering;

use rust_decimal::Decimal;
use rustc_hash::FxHashSet;

use super::super::datetime::compare::{
    equal_date_times, equal_times, equivalent_date_times, equivalent_times,
};
use super::super::datetime::DateTime;
use super::super::error::{eval_error, EvalResult};
use super::super::number::{equivalent_decimals, parse_decimal};
use super::super::quantity::Quantity;
use super::super::value::{Collection, Item};
use super::Evaluator;
use crate::json::{JsonKind, JsonValue};

fn as_decimal(item: &Item<'_>) -> Option<Decimal> {
    match item {
        Item::Integer(value) => Some(Decimal::from(*value)),
        Item::Decimal(value) => Some(*value),
        _ => None,
    }
}

/// How two system values relate under `=` (`None`: cannot tell) or `~`.
fn system_equal(left: &Item<'_>, right: &Item<'_>, equivalent: bool) -> Option<bool> {
    let result = match (left, right) {
        (Item::Boolean(left), Item::Boolean(right)) => left == right,
        (Item::String(left), Item::String(right)) => {
            if equivalent {
                normalize(left) == normalize(right)
            } else {
                left == right
            }
        }
        (Item::Integer(left), Item::Integer(right)) => left == right,
        (Item::Integer(_) | Item::Decimal(_), Item::Integer(_) | Item::Decimal(_)) => {
            let (left, right) = (as_decimal(left)?, as_decimal(right)?);
            if equivalent {
                equivalent_decimals(&left, &right)
            } else {
                left == right
            }
        }
        (Item::Date(_) | Item::DateTime(_), Item::Date(_) | Item::DateTime(_)) => {
            let (left, right) = (to_date_time(left)?, to_date_time(right)?);
            if equivalent {
                equivalent_date_times(&left, &right)
            } else {
                return equal_date_times(&left, &right);
            }
        }
        (Item::Time(left), Item::Time(right)) => {
            if equivalent {
                equivalent_times(left, right)
            } else {
                return equal_times(left, right);
            }
        }
        (Item::Quantity(left), Item::Quantity(right)) => {
            if equivalent {
                left.equivalent(right)
            } else {
                return left.equal(right);
            }
        }
        (Item::Type(left), Item::Type(right)) => left == right,
        _ => false,
    };
    Some(result)
}

pub(crate) fn to_date_time(item: &Item<'_>) -> Option<DateTime> {
    match item {
        Item::Date(date) => Some(DateTime::from_date(*date)),
        Item::DateTime(value) => Some(*value),
        _ => None,
    }
}

/// Lower case with runs of whitespace collapsed, for string equivalence.
fn normalize(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Structural comparison of two JSON trees (numbers by value).
fn json_equal(left: &JsonValue, right: &JsonValue, equivalent: bool) -> bool {
    match (&left.kind, &right.kind) {
        (JsonKind::Object(_), JsonKind::Object(_)) => {
            let (Some(left), Some(right)) = (left.as_object(), right.as_object()) else {
                return false;
            };
            let relevant = |key: &str| !(equivalent && key == "id");
            left.keys().filter(|key| relevant(key)).count()
                == right.keys().filter(|key| relevant(key)).count()
                && left
                    .iter()
                    .filter(|(key, _)| relevant(key))
                    .all(|(key, value)| {
                        right
                            .get(key)
                            .is_some_and(|other| json_equal(value, other, equivalent))
                    })
        }
        (JsonKind::Array(left), JsonKind::Array(right)) => {
            left.len() == right.len()
                && left
                    .iter()
                    .zip(right)
                    .all(|(left, right)| json_equal(left, right, equivalent))
        }
        (JsonKind::Number(left), JsonKind::Number(right)) => {
            match (parse_decimal(left), parse_decimal(right)) {
                (Some(left), Some(right)) => left == right,
                _ => left == right,
            }
        }
        (JsonKind::String(left), JsonKind::String(right)) if equivalent => {
            normalize(left) == normalize(right)
        }
        (left, right) => left == right,
    }
}

impl<'a> Evaluator<'a, '_> {
    /// `left = right` for single items.
    pub fn items_equal(&self, left: &Item<'a>, right: &Item<'a>) -> Option<bool> {
        self.compare_items(left, right, false)
    }

    pub fn items_equivalent(&self, left: &Item<'a>, right: &Item<'a>) -> bool {
        self.compare_items(left, right, true).unwrap_or(false)
    }

    fn compare_items(&self, left: &Item<'a>, right: &Item<'a>, equivalent: bool) -> Option<bool> {
        if let (Item::Node(left_node), Item::Node(right_node)) = (left, right) {
            if left_node.same_place(right_node) {
                return Some(true);
            }
        }
        let left_quantity = matches!(left, Item::Quantity(_)) || self.is_quantity_node(left);
        let right_quantity = matches!(right, Item::Quantity(_)) || self.is_quantity_node(right);
        if left_quantity || right_quantity {
            // Integer and Decimal convert implicitly to Quantity with unit '1' (§4.5), so
            // `9 = 9 '1'`; a number against grams is then empty, as unlike units are.
            if let (Some(left), Some(right)) =
                (self.quantity_operand(left), self.quantity_operand(right))
            {
                return system_equal(
                    &Item::quantity(left.value, left.unit),
                    &Item::quantity(right.value, right.unit),
                    equivalent,
                );
            }
        }
        match (self.primitive(left), self.primitive(right)) {
            (Some(left), Some(right)) => system_equal(&left, &right, equivalent),
            (None, None) => match (left, right) {
                (Item::Node(left), Item::Node(right)) => {
                    let same_type = left.type_id == right.type_id
                        || !left.type_id.is_known()
                        || !right.type_id.is_known();
                    Some(same_type && json_equal(left.value, right.value, equivalent))
                }
                _ => Some(false),
            },
            _ => Some(false),
        }
    }

    /// A quantity, or a number as a quantity of unit '1' (the implicit conversion of §4.5).
    fn quantity_operand(&self, item: &Item<'a>) -> Option<Quantity> {
        if let Some(quantity) = self.quantity_of(item) {
            return Some(quantity);
        }
        match self.primitive(item)? {
            Item::Integer(value) => Some(Quantity::new(Decimal::from(value), "1")),
            Item::Decimal(value) => Some(Quantity::new(value, "1")),
            _ => None,
        }
    }

    fn is_quantity_node(&self, item: &Item<'a>) -> bool {
        match item {
            Item::Node(node) if node.type_id.is_known() => self.types().is_quantity(node.type_id),
            _ => false,
        }
    }

    /// Whether `collection` holds an item equal to `item` (for `in`, `contains`, union).
    pub fn collection_has(&self, collection: &[Item<'a>], item: &Item<'a>) -> bool {
        collection
            .iter()
            .any(|candidate| self.items_equal(candidate, item) == Some(true))
    }
}

/// `=` on collections: empty when either is empty; false when the counts differ; else item by item.
pub(crate) fn collections_equal<'a>(
    ev: &Evaluator<'a, '_>,
    left: &[Item<'a>],
    right: &[Item<'a>],
) -> Option<bool> {
    if left.is_empty() || right.is_empty() {
        return None;
    }
    if left.len() != right.len() {
        return Some(false);
    }
    let mut unknown = false;
    for (left, right) in left.iter().zip(right) {
        match ev.items_equal(left, right) {
            Some(false) => return Some(false),
            None => unknown = true,
            Some(true) => {}
        }
    }
    (!unknown).then_some(true)
}

/// `~` on collections: order does not matter, both empty is true.
pub(crate) fn collections_equivalent<'a>(
    ev: &Evaluator<'a, '_>,
    left: &[Item<'a>],
    right: &[Item<'a>],
) -> bool {
    if left.len() != right.len() {
        return false;
    }
    let mut used = vec![false; right.len()];
    'items: for item in left {
        for (candidate, taken) in right.iter().zip(used.iter_mut()) {
            if !*taken && ev.items_equivalent(item, candidate) {
                *taken = true;
                continue 'items;
            }
        }
        return false;
    }
    true
}

/// `left | right`: both, without duplicates.
///
/// Strings (and primitives whose value is a String: uri, code, canonical, …) are `=` exactly when
/// their texts are, so those are deduplicated through a hash set of texts; any other item is
/// compared with every item kept, as `=` does. (`dom-3` unions every reference, uri and canonical
/// of a resource: hundreds of items, which pairwise comparison made the costliest invariant.)
pub(crate) fn union<'a>(
    ev: &Evaluator<'a, '_>,
    left: Collection<'a>,
    right: Collection<'a>,
) -> Collection<'a> {
    let mut result: Collection<'a> = Vec::with_capacity(left.len() + right.len());
    if left.len() + right.len() <= SMALL_UNION {
        for item in left.into_iter().chain(right) {
            if !ev.collection_has(&result, &item) {
                result.push(item);
            }
        }
        return result;
    }
    let mut texts: FxHashSet<Cow<'a, str>> = FxHashSet::default();
    // Positions in `result` of the items that are not strings.
    let mut others: Vec<usize> = Vec::new();
    let equals_other = |result: &[Item<'a>], others: &[usize], item: &Item<'a>| {
        others.iter().any(|&position| {
            result
                .get(position)
                .is_some_and(|kept| ev.items_equal(kept, item) == Some(true))
        })
    };
    for item in left.into_iter().chain(right) {
        match ev.primitive(&item) {
            Some(Item::String(text)) => {
                if texts.contains(&text) || equals_other(&result, &others, &item) {
                    continue;
                }
                texts.insert(text);
                result.push(item);
            }
            _ => {
                if ev.collection_has(&result, &item) {
                    continue;
                }
                others.push(result.len());
                result.push(item);
            }
        }
    }
    result
}

/// Up to this many items, a union compares pairwise (cheaper than hashing).
const SMALL_UNION: usize = 8;

/// `item in collection`.
pub(crate) fn membership<'a>(
    ev: &Evaluator<'a, '_>,
    item: &[Item<'a>],
    collection: &[Item<'a>],
) -> EvalResult<Collection<'a>> {
    match item {
        [] => Ok(Vec::new()),
        [single] => Ok(vec![Item::Boolean(ev.collection_has(collection, single))]),
        _ => Err(eval_error!(
            "the left operand of 'in' (right of 'contains') must be a single item"
        )),
    }
}

/// Orders two system values for `sort()`: numbers, strings, dates, times, quantities.
pub(crate) fn order_for_sort(left: &Item<'_>, right: &Item<'_>) -> Ordering {
    match (left, right) {
        (Item::String(left), Item::String(right)) => left.cmp(right),
        (Item::Boolean(left), Item::Boolean(right)) => left.cmp(right),
        _ => match (as_decimal(left), as_decimal(right)) {
            (Some(left), Some(right)) => left.cmp(&right),
            _ => super::ordering::order_values(left, right)
                .ok()
                .flatten()
                .unwrap_or(Ordering::Equal),
        },
    }
}
