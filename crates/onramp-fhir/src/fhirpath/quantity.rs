//! FHIRPath quantities: a decimal value with a UCUM unit or a calendar duration keyword
//! (`4 'mg'`, `7 days`), with comparison, equivalence and arithmetic across units.
//!
//! Calendar keywords from `week` down equal their UCUM units (`1 week = 1 'wk'`); `year` and
//! `month` compare only with each other (`1 year = 12 months`) because UCUM's `a` and `mo` are
//! averages, not calendar units.

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;

use super::datetime::arith::CalendarUnit;
use super::number::{equivalent_decimals, format_decimal};
use super::ucum;

#[derive(Clone, Debug, PartialEq)]
pub struct Quantity {
    pub value: Decimal,
    /// A UCUM unit (`mg`, `'1'` for none) or a calendar keyword (`day`, `years`).
    pub unit: String,
}

/// How a unit takes part in comparisons.
enum UnitClass<'u> {
    /// `year(s)` or `month(s)`, in months.
    CalendarMonths(i64),
    Ucum(&'u str),
}

/// The calendar keyword a unit spells (`day`, `days`, also quoted as `'day'`).
pub(crate) fn calendar_keyword(unit: &str) -> Option<CalendarUnit> {
    Some(match unit.strip_suffix('s').unwrap_or(unit) {
        "year" => CalendarUnit::Year,
        "month" => CalendarUnit::Month,
        "week" => CalendarUnit::Week,
        "day" => CalendarUnit::Day,
        "hour" => CalendarUnit::Hour,
        "minute" => CalendarUnit::Minute,
        "second" => CalendarUnit::Second,
        "millisecond" => CalendarUnit::Millisecond,
        _ => return None,
    })
}

/// The unit of a duration that can be added to a date or time: calendar keywords, and the
/// UCUM units of fixed length from weeks down (`a` and `mo` are not calendar durations).
pub(crate) fn duration_unit(unit: &str) -> Option<CalendarUnit> {
    if let Some(keyword) = calendar_keyword(unit) {
        return Some(keyword);
    }
    Some(match unit {
        "wk" => CalendarUnit::Week,
        "d" => CalendarUnit::Day,
        "h" => CalendarUnit::Hour,
        "min" => CalendarUnit::Minute,
        "s" => CalendarUnit::Second,
        "ms" => CalendarUnit::Millisecond,
        _ => return None,
    })
}

fn classify(unit: &str) -> UnitClass<'_> {
    match calendar_keyword(unit) {
        Some(CalendarUnit::Year) => UnitClass::CalendarMonths(12),
        Some(CalendarUnit::Month) => UnitClass::CalendarMonths(1),
        Some(CalendarUnit::Week) => UnitClass::Ucum("wk"),
        Some(CalendarUnit::Day) => UnitClass::Ucum("d"),
        Some(CalendarUnit::Hour) => UnitClass::Ucum("h"),
        Some(CalendarUnit::Minute) => UnitClass::Ucum("min"),
        Some(CalendarUnit::Second) => UnitClass::Ucum("s"),
        Some(CalendarUnit::Millisecond) => UnitClass::Ucum("ms"),
        None => UnitClass::Ucum(unit),
    }
}

/// An Integer or Decimal as the Quantity it converts to implicitly: unit '1' (§4.5).
pub(crate) fn unit_one(item: &super::value::Item<'_>) -> Option<Quantity> {
    use super::value::Item;
    match item {
        Item::Integer(value) => Some(Quantity::new(Decimal::from(*value), "1")),
        Item::Decimal(value) => Some(Quantity::new(*value, "1")),
        _ => None,
    }
}

/// The UCUM unit a calendar keyword is equivalent (`~`) to: `year` ~ `a`, `month` ~ `mo`
/// (§6.1.3: "calendar durations and definite quantity durations are considered equivalent").
fn equivalence_unit(unit: &str) -> &str {
    match calendar_keyword(unit) {
        Some(CalendarUnit::Year) => "a",
        Some(CalendarUnit::Month) => "mo",
        _ => unit,
    }
}

impl Quantity {
    pub fn new(value: Decimal, unit: impl Into<String>) -> Quantity {
        Quantity {
            value,
            unit: unit.into(),
        }
    }

    /// Both values in one unit, when the units measure the same thing.
    fn aligned(&self, other: &Quantity) -> Option<(Decimal, Decimal)> {
        match (classify(&self.unit), classify(&other.unit)) {
            (UnitClass::CalendarMonths(left), UnitClass::CalendarMonths(right)) => Some((
                self.value.checked_mul(Decimal::from(left))?,
                other.value.checked_mul(Decimal::from(right))?,
            )),
            (UnitClass::Ucum(left), UnitClass::Ucum(right)) => {
                if left == right {
                    return Some((self.value, other.value));
                }
                Some((self.value, ucum::convert(other.value, right, left)?))
            }
            _ => None,
        }
    }

    /// `None` when the units cannot be compared.
    pub fn compare(&self, other: &Quantity) -> Option<Ordering> {
        let (left, right) = self.aligned(other)?;
        Some(left.cmp(&right))
    }

    pub fn equal(&self, other: &Quantity) -> Option<bool> {
        self.compare(other).map(|order| order == Ordering::Equal)
    }

    /// Equal at the precision of the less precise value; `1 year ~ 1 'a'`.
    pub fn equivalent(&self, other: &Quantity) -> bool {
        if self.aligned(other).is_none() {
            let left = Quantity::new(self.value, equivalence_unit(&self.unit));
            let right = Quantity::new(other.value, equivalence_unit(&other.unit));
            if left.aligned(&right).is_some() {
                return left.equivalent(&right);
            }
        }
        match (self.aligned(other), other.aligned(self)) {
            (Some((left, right)), Some((other_left, other_right))) => {
                equivalent_decimals(&left, &right) || equivalent_decimals(&other_left, &other_right)
            }
            _ => false,
        }
    }

    pub fn comparable(&self, other: &Quantity) -> bool {
        self.aligned(other).is_some()
    }

    /// `self + sign × other`, in the unit of `self`.
    pub fn add(&self, other: &Quantity, negate: bool) -> Option<Quantity> {
        let (left, right) = self.aligned(other)?;
        let right = if negate { -right } else { right };
        match classify(&self.unit) {
            UnitClass::CalendarMonths(months) => {
                let total = left.checked_add(right)?;
                Some(Quantity::new(
                    total.checked_div(Decimal::from(months))?,
                    self.unit.clone(),
                ))
            }
            UnitClass::Ucum(_) => Some(Quantity::new(left.checked_add(right)?, self.unit.clone())),
        }
    }

    /// `other` in the unit of `self`, when both are one simple UCUM unit of the same kind
    /// (`2.0 'm'` as `200 'cm'`), so that `*` and `/` can simplify (`cm.m` is `cm2`).
    fn in_unit_of(&self, other: &Quantity) -> Option<Decimal> {
        let (UnitClass::Ucum(left), UnitClass::Ucum(right)) =
            (classify(&self.unit), classify(&other.unit))
        else {
            return None;
        };
        if left == "1" || right == "1" || !is_simple_unit(left) || !is_simple_unit(right) {
            return None;
        }
        ucum::convert(other.value, right, left)
    }

    pub fn multiply(&self, other: &Quantity) -> Option<Quantity> {
        if let Some(converted) = self.in_unit_of(other) {
            let unit = ucum_form(&self.unit)?;
            return Some(Quantity::new(
                self.value.checked_mul(converted)?,
                format!("{unit}2"),
            ));
        }
        let value = self.value.checked_mul(other.value)?;
        Some(Quantity::new(
            value,
            combine_units(&self.unit, &other.unit, '.')?,
        ))
    }

    pub fn divide(&self, other: &Quantity) -> Option<Quantity> {
        if let Some(converted) = self.in_unit_of(other) {
            return Some(Quantity::new(self.value.checked_div(converted)?, "1"));
        }
        let value = self.value.checked_div(other.value)?;
        Some(Quantity::new(
            value,
            combine_units(&self.unit, &other.unit, '/')?,
        ))
    }

    pub fn scale(&self, factor: Decimal, divide: bool) -> Option<Quantity> {
        let value = if divide {
            self.value.checked_div(factor)?
        } else {
            self.value.checked_mul(factor)?
        };
        Some(Quantity::new(value, self.unit.clone()))
    }
}

/// A unit that is one symbol without an exponent (`cm`, `[lb_av]`, `mo`), which can be squared
/// by writing `2` after it.
fn is_simple_unit(unit: &str) -> bool {
    !unit.is_empty()
        && unit
            .bytes()
            .all(|byte| byte.is_ascii_alphabetic() || matches!(byte, b'[' | b']' | b'_'))
}

fn ucum_form(unit: &str) -> Option<&str> {
    match classify(unit) {
        UnitClass::Ucum(code) => Some(code),
        UnitClass::CalendarMonths(_) => None,
    }
}

/// `a.b` or `a/b`, simplified to `1` when the result has no dimension and factor one.
fn combine_units(left: &str, right: &str, operator: char) -> Option<String> {
    let (left, right) = (ucum_form(left)?, ucum_form(right)?);
    let wrap = |unit: &str| {
        if unit.contains('/') || unit.contains('.') {
            format!("({unit})")
        } else {
            unit.to_string()
        }
    };
    let combined = match (left, right) {
        ("1", "1") => "1".to_string(),
        (left, right) if operator == '/' && left == right => "1".to_string(),
        (unit, "1") => unit.to_string(),
        ("1", unit) if operator == '.' => unit.to_string(),
        ("1", unit) => format!("1/{}", wrap(unit)),
        (left, right) => format!("{}{operator}{}", wrap(left), wrap(right)),
    };
    if let Some(canonical) = ucum::canonical(&combined) {
        if canonical.dimensions == [0; 7]
            && canonical.arbitrary.is_empty()
            // `mo/mo` goes through `a_j/12` twice: its factor is one up to the last digit.
            && canonical
                .factor
                .checked_sub(Decimal::ONE)
                .is_some_and(|difference| difference.abs() < Decimal::new(1, 20))
        {
            return Some("1".to_string());
        }
    }
    Some(combined)
}

impl fmt::Display for Quantity {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = format_decimal(&self.value);
        if calendar_keyword(&self.unit).is_some() {
            write!(formatter, "{value} {}", self.unit)
        } else {
            write!(formatter, "{value} '{}'", self.unit)
        }
    }
}
