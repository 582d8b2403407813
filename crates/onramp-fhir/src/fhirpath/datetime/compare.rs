//! Equality, equivalence and ordering of partial dates, date-times and times.
//!
//! Values are compared field by field from the year down. The first field that differs decides.
//! When all fields both values have are equal but one value is more precise, the answer is
//! unknown (`None`, which FHIRPath returns as empty) for `=` and `<`, and `false` for `~`.
//! Seconds and their fraction are one precision (`@T10:30:00 = @T10:30:00.0`). Date-times with
//! times and zones are compared in UTC; if only one has a zone, they cannot be equal or unequal.

use std::cmp::Ordering;

use super::arith::{civil_from_days, days_from_civil};
use super::{DateTime, Precision, Time};

/// The comparable fields of a value, normalized to UTC when asked, and how many of them count.
#[derive(Debug)]
struct Fields {
    values: [i64; 6],
    count: usize,
}

fn precision_count(precision: Precision) -> usize {
    match precision {
        Precision::Year => 1,
        Precision::Month => 2,
        Precision::Day => 3,
        Precision::Hour => 4,
        Precision::Minute => 5,
        Precision::Second => 6,
    }
}

fn second_field(time: &Time) -> i64 {
    i64::from(time.second) * 1_000_000_000 + i64::from(time.nanos)
}

fn date_time_fields(value: &DateTime, to_utc: bool) -> Fields {
    let date = value.date;
    let mut values = [
        i64::from(date.year),
        i64::from(date.month),
        i64::from(date.day),
        0,
        0,
        0,
    ];
    let count = precision_count(value.precision());
    if let Some(time) = value.time {
        let (mut hour, mut minute) = (i64::from(time.hour), i64::from(time.minute));
        if to_utc {
            if let Some(offset) = value.offset_minutes {
                let days = days_from_civil(date.year, date.month, date.day);
                let minutes = days * 1440 + hour * 60 + minute - i64::from(offset);
                let (year, month, day) = civil_from_days(minutes.div_euclid(1440));
                let minute_of_day = minutes.rem_euclid(1440);
                values[0] = i64::from(year);
                values[1] = i64::from(month);
                values[2] = i64::from(day);
                hour = minute_of_day / 60;
                minute = minute_of_day % 60;
            }
        }
        values[3] = hour;
        values[4] = minute;
        values[5] = second_field(&time);
    }
    Fields { values, count }
}

fn time_fields(time: &Time) -> Fields {
    let values = [
        i64::from(time.hour),
        i64::from(time.minute),
        second_field(time),
        0,
        0,
        0,
    ];
    Fields {
        values,
        count: precision_count(time.precision) - 3,
    }
}

/// `None` when the values are equal as far as both go but one goes further.
fn compare_fields(left: &Fields, right: &Fields) -> Option<Ordering> {
    let shared = left.count.min(right.count);
    for (left_value, right_value) in left.values.iter().zip(right.values.iter()).take(shared) {
        match left_value.cmp(right_value) {
            Ordering::Equal => {}
            decided => return Some(decided),
        }
    }
    (left.count == right.count).then_some(Ordering::Equal)
}

enum Zones {
    /// Both have zones (or neither has a time): compare in UTC.
    Comparable,
    /// Both have times and only one has a zone.
    Mismatched,
}

fn zones(left: &DateTime, right: &DateTime) -> Zones {
    let both_times = left.time.is_some() && right.time.is_some();
    if both_times && left.offset_minutes.is_some() != right.offset_minutes.is_some() {
        Zones::Mismatched
    } else {
        Zones::Comparable
    }
}

pub(crate) fn compare_date_times(left: &DateTime, right: &DateTime) -> Option<Ordering> {
    let to_utc = matches!(zones(left, right), Zones::Comparable);
    compare_fields(
        &date_time_fields(left, to_utc),
        &date_time_fields(right, to_utc),
    )
}

pub(crate) fn equal_date_times(left: &DateTime, right: &DateTime) -> Option<bool> {
    match zones(left, right) {
        Zones::Mismatched => None,
        Zones::Comparable => compare_date_times(left, right).map(|order| order == Ordering::Equal),
    }
}

pub(crate) fn equivalent_date_times(left: &DateTime, right: &DateTime) -> bool {
    if left.precision() != right.precision() {
        return false;
    }
    match zones(left, right) {
        Zones::Mismatched => false,
        Zones::Comparable => compare_date_times(left, right) == Some(Ordering::Equal),
    }
}

pub(crate) fn compare_times(left: &Time, right: &Time) -> Option<Ordering> {
    compare_fields(&time_fields(left), &time_fields(right))
}

pub(crate) fn equal_times(left: &Time, right: &Time) -> Option<bool> {
    compare_times(left, right).map(|order| order == Ordering::Equal)
}

pub(crate) fn equivalent_times(left: &Time, right: &Time) -> bool {
    left.precision == right.precision && compare_times(left, right) == Some(Ordering::Equal)
}
