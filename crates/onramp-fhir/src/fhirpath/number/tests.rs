//! Decimal helper tests: precision, equivalence, and boundaries.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::{decimal_high_boundary, decimal_low_boundary, equivalent_decimals, parse_decimal};

fn check_low(value: &str, precision: Option<i64>, expected: Option<&str>) {
    let value = parse_decimal(value).unwrap();
    assert_eq!(
        decimal_low_boundary(&value, precision)
            .map(|result| result.to_string())
            .as_deref(),
        expected,
        "low {value} {precision:?}"
    );
}

fn check_high(value: &str, precision: Option<i64>, expected: Option<&str>) {
    let value = parse_decimal(value).unwrap();
    assert_eq!(
        decimal_high_boundary(&value, precision)
            .map(|result| result.to_string())
            .as_deref(),
        expected,
        "high {value} {precision:?}"
    );
}

#[test]
fn parsing_keeps_the_written_scale() {
    assert_eq!(parse_decimal("1.50").unwrap().to_string(), "1.50");
    assert_eq!(parse_decimal("1e5").unwrap().to_string(), "100000");
    assert!(parse_decimal("abc").is_none());
}

#[test]
fn equivalence_rounds_to_the_less_precise_operand() {
    let third = parse_decimal("0.6666666666").unwrap();
    assert!(equivalent_decimals(&third, &parse_decimal("0.67").unwrap()));
    assert!(!equivalent_decimals(&third, &parse_decimal("0.6").unwrap()));
}

#[test]
fn boundaries_follow_the_written_precision() {
    check_low("1.587", None, Some("1.58650000"));
    check_low("1.587", Some(2), Some("1.58"));
    check_low("-1.587", Some(2), Some("-1.59"));
    check_low("-0.0034", Some(1), Some("-0.0"));
    check_low("120", Some(2), Some("119.50"));
    check_low("1.587", Some(-1), None);
    check_low("1.587", Some(29), None);
    check_high("1.587", Some(2), Some("1.59"));
    check_high("0.0034", Some(1), Some("0.0"));
    check_high("-1.587", Some(6), Some("-1.586500"));
    check_high("1", Some(0), Some("2"));
}
