//! Tests of partial dates and times: parsing, printing, comparison and arithmetic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cmp::Ordering;

use super::arith::{add_to_date, add_to_date_time, date_time_boundary, Boundary, CalendarUnit};
use super::compare::{compare_date_times, equal_date_times, equivalent_date_times};
use super::{Date, DateTime, Precision, Time};

fn dt(text: &str) -> DateTime {
    DateTime::parse(text).unwrap_or_else(|| panic!("{text} parses"))
}

#[test]
fn values_keep_their_precision_when_printed() {
    for text in [
        "2014",
        "2014-05",
        "2014-05-06",
        "2014-05-06T10:30",
        "2014-05-06T10:30:15.250+02:00",
        "2014-05-06T10:30:15Z",
    ] {
        assert_eq!(dt(text).to_string(), text);
    }
    assert_eq!(Time::parse("10:30:15.1").unwrap().to_string(), "10:30:15.1");
    assert_eq!(dt("2015T").date.precision, Precision::Year);
}

#[test]
fn invalid_dates_and_times_do_not_parse() {
    for text in [
        "2014-13",
        "2014-02-30",
        "2014-05-06T25:00",
        "2014-5-6",
        "14",
        "2014-05-06T10:30+1:00",
    ] {
        assert!(DateTime::parse(text).is_none(), "{text}");
    }
    assert!(Date::parse("2016-02-29").is_some());
    assert!(Date::parse("2015-02-29").is_none());
}

#[test]
fn partial_values_compare_only_as_far_as_both_go() {
    assert_eq!(compare_date_times(&dt("2018-03"), &dt("2018-03-01")), None);
    assert_eq!(
        compare_date_times(&dt("2018-02"), &dt("2018-03-01")),
        Some(Ordering::Less)
    );
    assert_eq!(
        equal_date_times(&dt("2012-04-15T15:30:31"), &dt("2012-04-15T15:30:31.0")),
        Some(true)
    );
    assert!(!equivalent_date_times(
        &dt("2012-04-15"),
        &dt("2012-04-15T10:00:00")
    ));
}

#[test]
fn zones_are_normalized_and_a_missing_zone_is_unknown() {
    let earlier = dt("2017-11-05T01:30:00.0-04:00");
    let later = dt("2017-11-05T01:15:00.0-05:00");
    assert_eq!(compare_date_times(&earlier, &later), Some(Ordering::Less));
    assert_eq!(
        equal_date_times(
            &dt("2012-04-15T15:00:00+02:00"),
            &dt("2012-04-15T16:00:00+03:00")
        ),
        Some(true)
    );
    assert_eq!(
        equal_date_times(&dt("2012-04-15T15:00:00Z"), &dt("2012-04-15T10:00:00")),
        None
    );
}

#[test]
fn calendar_arithmetic_clamps_month_ends_and_truncates_finer_units() {
    let january_31 = Date::parse("2021-01-31").unwrap();
    assert_eq!(
        add_to_date(&january_31, 1, CalendarUnit::Month)
            .unwrap()
            .to_string(),
        "2021-02-28"
    );
    let day = Date::parse("1973-12-25").unwrap();
    assert_eq!(
        add_to_date(&day, 7, CalendarUnit::Day).unwrap().to_string(),
        "1974-01-01"
    );
    assert_eq!(
        add_to_date(&day, 30, CalendarUnit::Hour)
            .unwrap()
            .to_string(),
        "1973-12-26"
    );
    let with_time = dt("1973-12-25T23:59:59.990+10:00");
    assert_eq!(
        add_to_date_time(&with_time, 20, CalendarUnit::Millisecond)
            .unwrap()
            .to_string(),
        "1973-12-26T00:00:00.010+10:00"
    );
    assert!(add_to_date(&Date::parse("9999").unwrap(), 1, CalendarUnit::Year).is_err());
}

#[test]
fn boundaries_fill_the_missing_parts() {
    let hour = dt("2014-01-01T08");
    assert_eq!(
        date_time_boundary(&hour, 17, Boundary::Low)
            .unwrap()
            .to_string(),
        "2014-01-01T08:00:00.000+14:00"
    );
    assert_eq!(
        date_time_boundary(&hour, 17, Boundary::High)
            .unwrap()
            .to_string(),
        "2014-01-01T08:00:59.999-12:00"
    );
    assert_eq!(
        date_time_boundary(&dt("2014"), 8, Boundary::High)
            .unwrap()
            .to_string(),
        "2014-12-31"
    );
    assert!(date_time_boundary(&hour, 5, Boundary::Low).is_none());
}
