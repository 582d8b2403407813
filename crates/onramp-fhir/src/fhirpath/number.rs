//! Decimal helpers: parsing with the written precision kept (`1.50` has two decimals), printing,
//! equivalence at the precision of the less precise operand, and `lowBoundary`/`highBoundary`.

use std::str::FromStr;

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::{Decimal, RoundingStrategy};

/// The most decimal places a boundary may ask for (rust_decimal's limit).
const MAX_SCALE: i64 = 28;

/// Parses `12`, `-3.50`, `1e5`; the number of decimals written is kept as the scale.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    Decimal::from_str(text)
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// A FHIRPath integer literal or JSON integer.
pub(crate) fn parse_integer(text: &str) -> Option<i64> {
    text.parse::<i64>().ok()
}

pub(crate) fn format_decimal(value: &Decimal) -> String {
    value.to_string()
}

/// The decimal a binary floating-point result stands for: the shortest decimal of at most 15
/// significant digits within two units in the last place of `value` (so `10.89.sqrt()` is 3.3,
/// not 3.3000000000000003, the square root of the double nearest 10.89), else the shortest
/// decimal that reads back as `value` (`0.3.ln()` is -1.2039728043259361).
pub(crate) fn decimal_from_f64(value: f64) -> Option<Decimal> {
    if !value.is_finite() {
        return None;
    }
    let tolerance = 2.0 * f64::EPSILON * value.abs();
    let short = format!("{value:.14e}");
    if let Some(candidate) = parse_decimal(&short) {
        if candidate
            .to_f64()
            .is_some_and(|back| (back - value).abs() <= tolerance)
        {
            return Some(candidate.normalize());
        }
    }
    parse_decimal(&value.to_string())
        .map(|decimal| decimal.normalize())
        .or_else(|| Decimal::from_f64_retain(value).map(|decimal| decimal.round_dp(16).normalize()))
}

pub(crate) fn decimal_to_f64(value: &Decimal) -> Option<f64> {
    value.to_f64()
}

/// Equal once both are rounded to the precision of the less precise one; trailing zeros do not
/// count as precision (`1.10 ~ 1.14`: 1.10 is as precise as 1.1), as FHIRPath §6.1.3 says.
pub(crate) fn equivalent_decimals(left: &Decimal, right: &Decimal) -> bool {
    let scale = left.normalize().scale().min(right.normalize().scale());
    let round = |value: &Decimal| {
        value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero)
    };
    round(left) == round(right)
}

/// `value` with exactly `scale` decimals (padding with zeros, or cutting with `strategy`).
fn with_scale(value: Decimal, scale: u32, strategy: RoundingStrategy) -> Decimal {
    let mut result = value.round_dp_with_strategy(scale, strategy);
    result.rescale(scale);
    result
}

/// The lowest value `value` could stand for given its written precision, at `precision` decimals
/// (8 when absent); `None` for a precision below 0 or above 28.
pub(crate) fn decimal_low_boundary(value: &Decimal, precision: Option<i64>) -> Option<Decimal> {
    boundary(value, precision, false)
}

pub(crate) fn decimal_high_boundary(value: &Decimal, precision: Option<i64>) -> Option<Decimal> {
    boundary(value, precision, true)
}

fn boundary(value: &Decimal, precision: Option<i64>, high: bool) -> Option<Decimal> {
    let precision = precision.unwrap_or(8);
    if !(0..=MAX_SCALE).contains(&precision) {
        return None;
    }
    let scale = u32::try_from(precision).ok()?;
    if value.is_sign_negative() && !value.is_zero() {
        // The low boundary of -x is minus the high boundary of x, and the other way round.
        let mut mirrored = boundary_of_positive(&value.abs(), scale, !high)?;
        mirrored.set_sign_negative(true);
        return Some(mirrored);
    }
    boundary_of_positive(value, scale, high)
}

/// Half a unit in the last written place is added (high) or taken away (low); the low
/// boundary is then cut to `scale`, the high one rounded.
fn boundary_of_positive(value: &Decimal, scale: u32, high: bool) -> Option<Decimal> {
    let written = value.scale();
    let half = Decimal::new(5, written.checked_add(1)?.min(28));
    let edge = if high {
        value.checked_add(half)?
    } else {
        value.checked_sub(half)?
    };
    let strategy = if high {
        RoundingStrategy::MidpointAwayFromZero
    } else {
        RoundingStrategy::ToZero
    };
    if edge.is_sign_negative() && !high {
        // 0.3 at scale 0: the range reaches below zero; cut toward zero keeps the sign.
        let mut result = with_scale(edge, scale, strategy);
        if result.is_zero() {
            result.set_sign_negative(false);
        }
        return Some(result);
    }
    Some(with_scale(edge, scale, strategy))
}

/// Checked integer arithmetic; overflow is an empty result rather than a wrap.
pub(crate) fn integer_power(base: i64, exponent: i64) -> Option<i64> {
    let exponent = u32::try_from(exponent).ok()?;
    base.checked_pow(exponent)
}

pub(crate) fn decimal_power(base: &Decimal, exponent: i64) -> Option<Decimal> {
    if exponent < 0 {
        let positive = decimal_power(base, exponent.checked_neg()?)?;
        return Decimal::ONE.checked_div(positive);
    }
    let mut result = Decimal::ONE;
    for _ in 0..exponent {
        result = result.checked_mul(*base)?;
    }
    Some(result)
}

#[cfg(test)]
mod tests;
