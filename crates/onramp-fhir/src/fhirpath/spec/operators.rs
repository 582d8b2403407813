//! Operators (spec §6): equality, equivalence, comparison and arithmetic, with the implicit
//! conversions of §4.5 (Integer → Decimal, Integer and Decimal → Quantity with unit '1').

use super::{check, check_error};

#[test]
fn integers_and_decimals_convert_to_quantities_of_unit_one() {
    check("9 = 9 '1'", &["true"]);
    check("9 '1' = 9", &["true"]);
    check("9.0 = 9 '1'", &["true"]);
    check("9 != 9 '1'", &["false"]);
    check("9 ~ 9 '1'", &["true"]);
    check("2 > 1 '1'", &["true"]);
    check("1 '1' < 2.5", &["true"]);
    check("2 >= 2 '1'", &["true"]);
    check("2 + 1 '1'", &["3 '1'"]);
    check("1 '1' - 3", &["-2 '1'"]);
    check("2 * 3 'mg'", &["6 'mg'"]);
    check("3 'mg' * 2", &["6 'mg'"]);
    check("6 'mg' / 2", &["3 'mg'"]);
    // A number is a quantity of unit '1': it does not compare with grams.
    check("9 = 9 'g'", &[]);
}

#[test]
fn decimal_equivalence_uses_the_least_precise_operand_ignoring_trailing_zeros() {
    check("1.10 ~ 1.1", &["true"]);
    check("1.1 ~ 1.2", &["false"]);
    check("1.2 / 1.8 ~ 0.67", &["true"]);
    check("0.0 ~ 0", &["true"]);
    // 1.10 is as precise as 1.1: 1.14 rounds to 1.1.
    check("1.10 ~ 1.14", &["true"]);
    check("1.10 ~ 1.16", &["false"]);
    check("3.0 ~ 3.4", &["true"]);
    check("1.10 = 1.1", &["true"]);
    check("1.10 = 1.14", &["false"]);
}

#[test]
fn calendar_durations_are_equivalent_to_their_ucum_units() {
    check("1 year ~ 1 'a'", &["true"]);
    check("2 months ~ 2 'mo'", &["true"]);
    check("1 second ~ 1 's'", &["true"]);
    check("1 week ~ 1 'wk'", &["true"]);
    check("1 year ~ 1 'mo'", &["false"]);
    check("7 days = 1 week", &["true"]);
    check("1 year = 12 months", &["true"]);
    // Above weeks, calendar durations and UCUM's averaged units are not comparable.
    check("1 year = 1 'a'", &[]);
}

#[test]
fn multiplication_and_division_combine_and_simplify_units() {
    check("2.0 'cm' * 2.0 'm' = 0.040 'm2'", &["true"]);
    check("4.0 'g' / 2.0 'm' = 2 'g/m'", &["true"]);
    check("1.0 'm' / 1.0 'm'", &["1 '1'"]);
    check("20 / 5 'kg'", &["4 '1/kg'"]);
    check("20 / 5 'kg' = 4 '1/kg'", &["true"]);
    check("1 'mo' / 1 'mo'", &["1 '1'"]);
    check("3 'kg' * 2 '1'", &["6 'kg'"]);
    // Units of one kind are brought to the left operand's unit and combine into one.
    check("2.0 'cm' * 2.0 'm'", &["400.0 'cm2'"]);
    check("3 'kg' * 2 'kg'", &["6 'kg2'"]);
    check("4 'g' / 2 'kg'", &["0.002 '1'"]);
    check("6 'mg' / 3 'mg'", &["2 '1'"]);
    check("3 'kg' / 0 'g'", &[]);
}

#[test]
fn primitives_with_only_extensions_are_empty_in_operators() {
    check("Patient.birthDate = @2000-01-01", &[]);
    check("Patient.birthDate > @2000-01-01", &[]);
    check("Patient.birthDate + 1 day", &[]);
    check("Patient.birthDate & 'x'", &["x"]);
    check("-Patient.birthDate", &[]);
    check("Patient.birthDate in (@2000-01-01 | @2001-01-01)", &[]);
    check("Patient.birthDate ~ {}", &["true"]);
    check("Patient.name.given.count()", &["3"]);
    check("Patient.birthDate.exists()", &["true"]);
    check("Patient.birthDate.hasValue()", &["false"]);
}

#[test]
fn long_literals_are_integers_of_64_bits() {
    check("1L", &["1"]);
    check("9223372036854775807L", &["9223372036854775807"]);
    check("2L + 3", &["5"]);
    check("1L = 1", &["true"]);
    check("10L > 3L", &["true"]);
    check_error("9223372036854775808L");
}
