//! Functions (spec §5 and the FHIR additions), with the 2.0/3.0 additions at the end.

use super::{check, check_error};

#[test]
fn string_functions_take_fhir_string_primitives() {
    check("Patient.name.given.join(', ')", &["Peter, James"]);
    check("Patient.name.family.join(',')", &["Chalmers"]);
    check("Patient.telecom.value.join('')", &["11"]);
    check("Patient.id.join('-')", &["example"]);
    check("Patient.name.family.upper()", &["CHALMERS"]);
    check("Patient.id.length()", &["7"]);
}

#[test]
fn primitives_with_only_extensions_are_empty_in_functions() {
    check("Patient.birthDate.toString()", &[]);
    check("Patient.birthDate.toDate()", &[]);
    check("Patient.birthDate.yearOf()", &[]);
    check("Patient.name.given[1].upper()", &[]);
    check("Patient.name.given[1].length()", &[]);
    check("Patient.name.given[1].startsWith('P')", &[]);
    check("Patient.birthDate.lowBoundary()", &[]);
    check("Patient.name.given.distinct().count()", &["3"]);
    check("Patient.birthDate.not()", &[]);
    check("Patient.birthDate and true", &[]);
    check("Patient.birthDate or true", &["true"]);
    check("iif(Patient.birthDate, 1, 2)", &["2"]);
    check("Patient.name.given[1].substring(1)", &[]);
    check("Patient.name.given[1].matches('x')", &[]);
    check("Patient.name.given[1].replaceMatches('x', 'y')", &[]);
    check("Patient.name.given[1].contains('x')", &[]);
    check("Patient.name.given[1].indexOf('x')", &[]);
    check("Patient.name.given[1].split(',')", &[]);
    check("Patient.name.given[1].toChars()", &[]);
    check("Patient.name.given[1].encode('hex')", &[]);
    check("Patient.birthDate.abs()", &[]);
    check("Patient.birthDate.precision()", &[]);
    check("Patient.birthDate.convertsToString()", &[]);
    check("Patient.birthDate.toQuantity()", &[]);
    check("Patient.birthDate.sum()", &["0"]);
    check("Patient.birthDate.min()", &[]);
    // sort() keeps every element; one without a value has no key and sorts last.
    check("Patient.name.given.sort()", &["James", "Peter", ""]);
    check(
        "Patient.name.given.select($this + '!')",
        &["Peter!", "James!"],
    );
}

#[test]
fn repeat_removes_duplicates_by_equality() {
    check("(1 | 2).repeat(3)", &["3"]);
    check("Patient.telecom.repeat(value)", &["1"]);
    check("Patient.name.repeat(given).count()", &["3"]);
}

#[test]
fn math_functions_return_the_closest_decimal() {
    check("10.89.sqrt()", &["3.3"]);
    check("16.sqrt()", &["4"]);
    check("0.3.ln()", &["-1.2039728043259361"]);
    check("1.exp()", &["2.718281828459045"]);
    check("100.log(10)", &["2"]);
    check("2.power(0.5)", &["1.4142135623730951"]);
    check("(-1).sqrt()", &[]);
    check("0.ln()", &[]);
}

#[test]
fn long_conversions() {
    check("'9223372036854775807'.toLong()", &["9223372036854775807"]);
    check("true.toLong()", &["1"]);
    check("'1.5'.convertsToLong()", &["false"]);
    check("1.5.toLong()", &[]);
}

#[test]
fn aggregates_sum_min_max_avg() {
    check("(1 | 2 | 3).sum()", &["6"]);
    check("(1 | 2.5).sum()", &["3.5"]);
    check("(1 'mg' | 2 'mg').sum()", &["3 'mg'"]);
    check("{}.sum()", &["0"]);
    check("(3 | 1 | 2).min()", &["1"]);
    check("(3 | 1 | 2).max()", &["3"]);
    check("('b' | 'a').min()", &["a"]);
    check("(@2020-01-01 | @2019-05-01).max()", &["2020-01-01"]);
    check("{}.min()", &[]);
    check("(1 | 2 | 3 | 4).avg()", &["2.5"]);
    check("{}.avg()", &[]);
    check_error("('a' | 1).sum()");
}

#[test]
fn date_and_time_component_functions() {
    check("@2014-01-05T10:30:00.000.yearOf()", &["2014"]);
    check("@2014-01-05.monthOf()", &["1"]);
    check("@2014-01-05.dayOf()", &["5"]);
    check("@2014.monthOf()", &[]);
    check("@2014-01-05T10:30:15.250.hourOf()", &["10"]);
    check("@2014-01-05T10:30:15.250.minuteOf()", &["30"]);
    check("@2014-01-05T10:30:15.250.secondOf()", &["15"]);
    check("@2014-01-05T10:30:15.250.millisecondOf()", &["250"]);
    check("@2014-01-05T10:30:15+02:00.timezoneOffsetOf()", &["2"]);
    check("@2014-01-05T10:30:15-05:30.timezoneOffsetOf()", &["-5.5"]);
    check("@2014-01-05T10:30:15.dateOf()", &["2014-01-05"]);
    check("@2014-01-05T10:30:15.timeOf()", &["10:30:15"]);
    check("@T10:30.hourOf()", &["10"]);
    check("@T10:30.minuteOf()", &["30"]);
}

#[test]
fn define_variable_names_a_value_for_what_follows() {
    check("defineVariable('v1', 'value1').select(%v1)", &["value1"]);
    check(
        "Patient.name.defineVariable('n').given.select(%n.family)",
        &["Chalmers", "Chalmers", "Chalmers"],
    );
    // Each operand of a union is its own scope: the same name can be defined in both.
    check(
        "defineVariable('v', 'a').select(%v) | defineVariable('v', 'b').select(%v)",
        &["a", "b"],
    );
    check_error("defineVariable('v', 'a').select(%v) | %v");
    check("defineVariable('v', 1).select(%v + 1)", &["2"]);
    check(
        "Patient.name.defineVariable('n', family).select(%n)",
        &["Chalmers"],
    );
    // A variable is not visible outside the expression that follows it.
    check_error("Patient.select(defineVariable('v', 1)).select(%v)");
    // Redefining a name is an error.
    check_error("defineVariable('v', 1).defineVariable('v', 2)");
    check_error("defineVariable('context', 1)");
    // The path after defineVariable() keeps its type for strict checking.
    let engine = super::engine();
    let unknown = engine
        .compile("Patient.defineVariable('p').name.given1")
        .unwrap();
    assert!(engine.check(&unknown, "Patient").is_err());
    let known = engine
        .compile("Patient.defineVariable('p').name.given")
        .unwrap();
    assert!(engine.check(&known, "Patient").is_ok());
}

#[test]
fn boundaries_and_precision() {
    check("1.587.lowBoundary()", &["1.58650000"]);
    check("1.587.highBoundary(2)", &["1.59"]);
    check("@2014.lowBoundary(6)", &["2014-01"]);
    check("1.58700.precision()", &["5"]);
    check("@2014.precision()", &["4"]);
    check("@T10:30.precision()", &["4"]);
}
