//! UCUM tests: parsing unit expressions and converting between units.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::str::FromStr;

use rust_decimal::Decimal;

use super::{canonical, convert};

fn decimal(text: &str) -> Decimal {
    Decimal::from_str(text).unwrap()
}

#[test]
fn prefixed_and_compound_units_reduce_to_base_units() {
    assert_eq!(convert(decimal("4000"), "mg", "g"), Some(decimal("4")));
    assert_eq!(convert(decimal("1"), "km", "m"), Some(decimal("1000")));
    assert_eq!(
        convert(decimal("1"), "[lb_av]", "g"),
        Some(decimal("453.59237"))
    );
    assert_eq!(convert(decimal("1"), "wk", "d"), Some(decimal("7")));
    assert_eq!(convert(decimal("1"), "L", "mL"), Some(decimal("1000")));
    assert_eq!(
        convert(decimal("1"), "kg/m2", "g/cm2"),
        Some(decimal("0.1"))
    );
    assert_eq!(convert(decimal("60"), "/min", "Hz"), Some(decimal("1")));
    assert_eq!(
        convert(decimal("1"), "10*3/uL", "10*9/L"),
        Some(decimal("1"))
    );
    assert_eq!(
        convert(decimal("1"), "mm[Hg]", "Pa"),
        Some(decimal("133.322"))
    );
}

#[test]
fn annotations_are_dimensionless_and_arbitrary_units_compare_only_with_themselves() {
    assert_eq!(
        convert(decimal("2"), "{beats}/min", "/min"),
        Some(decimal("2"))
    );
    assert!(canonical("[IU]/L").is_some());
    assert_eq!(convert(decimal("1"), "[IU]", "mg"), None);
    assert_eq!(convert(decimal("1"), "cm", "s"), None);
}

#[test]
fn temperatures_convert_with_their_offsets() {
    assert_eq!(convert(decimal("100"), "Cel", "K"), Some(decimal("373.15")));
    let fahrenheit = convert(decimal("212"), "[degF]", "Cel").unwrap();
    assert_eq!(fahrenheit.round_dp(6), decimal("100"));
}

#[test]
fn unknown_and_malformed_units_are_rejected() {
    for unit in ["xyz", "[s]", "m//s", "(m", "", "m{unclosed"] {
        assert!(canonical(unit).is_none(), "{unit}");
    }
}
