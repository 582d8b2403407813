//! Calendar arithmetic on partial dates, date-times and times: adding calendar durations, and
//! the low and high boundaries of a partial value (`lowBoundary()`, `highBoundary()`).

use super::{days_in_month, Date, DateTime, Precision, Time};

/// The calendar duration units FHIRPath adds to dates and times.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CalendarUnit {
    Year,
    Month,
    Week,
    Day,
    Hour,
    Minute,
    Second,
    Millisecond,
}

const MILLIS_PER_DAY: i64 = 86_400_000;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
pub(crate) fn days_from_civil(year: i32, month: u8, day: u8) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date of a day count since 1970-01-01.
pub(crate) fn civil_from_days(days: i64) -> (i32, u8, u8) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (
        i32::try_from(year).unwrap_or(i32::MAX),
        u8::try_from(month).unwrap_or(1),
        u8::try_from(day).unwrap_or(1),
    )
}

/// The finest unit a value of this precision can carry.
fn unit_of(precision: Precision, has_fraction: bool) -> CalendarUnit {
    match precision {
        Precision::Year => CalendarUnit::Year,
        Precision::Month => CalendarUnit::Month,
        Precision::Day => CalendarUnit::Day,
        Precision::Hour => CalendarUnit::Hour,
        Precision::Minute => CalendarUnit::Minute,
        Precision::Second if has_fraction => CalendarUnit::Millisecond,
        Precision::Second => CalendarUnit::Second,
    }
}

fn millis_of(unit: CalendarUnit) -> Option<i64> {
    match unit {
        CalendarUnit::Week => Some(7 * MILLIS_PER_DAY),
        CalendarUnit::Day => Some(MILLIS_PER_DAY),
        CalendarUnit::Hour => Some(3_600_000),
        CalendarUnit::Minute => Some(60_000),
        CalendarUnit::Second => Some(1000),
        CalendarUnit::Millisecond => Some(1),
        CalendarUnit::Year | CalendarUnit::Month => None,
    }
}

/// Converts `amount` of `unit` into whole units of `target` (which is coarser), truncating.
fn to_coarser(amount: i64, unit: CalendarUnit, target: CalendarUnit) -> i64 {
    match (millis_of(unit), millis_of(target)) {
        (Some(from), Some(to)) => amount.saturating_mul(from) / to,
        (None, None) => amount / 12, // months into years
        (Some(from), None) => {
            // Days and finer into months or years: a month is 30 days, a year 365 (spec's rule for
            // partial values is to truncate; these rarely occur).
            let days = amount.saturating_mul(from) / MILLIS_PER_DAY;
            if target == CalendarUnit::Month {
                days / 30
            } else {
                days / 365
            }
        }
        (None, Some(_)) => amount,
    }
}

fn check_year(year: i64) -> Result<i32, String> {
    if (1..=9999).contains(&year) {
        i32::try_from(year).map_err(|_| "the date is out of range".to_string())
    } else {
        Err("the result is outside the years 0001 to 9999".to_string())
    }
}

/// `value + amount unit`, keeping the precision and zone of `value`.
pub(crate) fn add_to_date_time(
    value: &DateTime,
    amount: i64,
    unit: CalendarUnit,
) -> Result<DateTime, String> {
    let has_fraction = value.time.is_some_and(|time| time.fraction_digits > 0);
    let finest = unit_of(value.precision(), has_fraction);
    let (amount, unit) = if unit > finest {
        (to_coarser(amount, unit, finest), finest)
    } else {
        (amount, unit)
    };
    let mut result = *value;
    match unit {
        CalendarUnit::Year => {
            result.date.year = check_year(i64::from(value.date.year) + amount)?;
            result.date.day = result
                .date
                .day
                .min(days_in_month(result.date.year, result.date.month));
        }
        CalendarUnit::Month => {
            let months = i64::from(value.date.year) * 12 + i64::from(value.date.month) - 1 + amount;
            result.date.year = check_year(months.div_euclid(12))?;
            result.date.month = u8::try_from(months.rem_euclid(12) + 1).unwrap_or(1);
            result.date.day = result
                .date
                .day
                .min(days_in_month(result.date.year, result.date.month));
        }
        _ => {
            let step = millis_of(unit).unwrap_or(1);
            let date = value.date;
            let day_millis =
                days_from_civil(date.year, date.month, date.day).saturating_mul(MILLIS_PER_DAY);
            let time_millis = value.time.map_or(0, |time| time.millis_of_day());
            let total = day_millis
                .saturating_add(time_millis)
                .saturating_add(amount.saturating_mul(step));
            let (year, month, day) = civil_from_days(total.div_euclid(MILLIS_PER_DAY));
            result.date.year = check_year(i64::from(year))?;
            result.date.month = month;
            result.date.day = day;
            if let Some(time) = result.time.as_mut() {
                let millis = total.rem_euclid(MILLIS_PER_DAY);
                set_millis_of_day(time, millis);
            }
        }
    }
    Ok(result)
}

fn set_millis_of_day(time: &mut Time, millis: i64) {
    let sub_millis = time.nanos % 1_000_000;
    time.hour = u8::try_from(millis / 3_600_000).unwrap_or(0);
    time.minute = u8::try_from(millis / 60_000 % 60).unwrap_or(0);
    time.second = u8::try_from(millis / 1000 % 60).unwrap_or(0);
    time.nanos = u32::try_from(millis % 1000).unwrap_or(0) * 1_000_000 + sub_millis;
}

pub(crate) fn add_to_date(value: &Date, amount: i64, unit: CalendarUnit) -> Result<Date, String> {
    add_to_date_time(&DateTime::from_date(*value), amount, unit).map(|result| result.date)
}

/// Times wrap around midnight; years, months, weeks and days cannot be added to a time.
pub(crate) fn add_to_time(value: &Time, amount: i64, unit: CalendarUnit) -> Result<Time, String> {
    if matches!(
        unit,
        CalendarUnit::Year | CalendarUnit::Month | CalendarUnit::Week | CalendarUnit::Day
    ) {
        return Err(
            "only hours, minutes, seconds and milliseconds can be added to a time".to_string(),
        );
    }
    let finest = unit_of(value.precision, value.fraction_digits > 0);
    let (amount, unit) = if unit > finest {
        (to_coarser(amount, unit, finest), finest)
    } else {
        (amount, unit)
    };
    let step = millis_of(unit).unwrap_or(1);
    let total = value
        .millis_of_day()
        .saturating_add(amount.saturating_mul(step))
        .rem_euclid(MILLIS_PER_DAY);
    let mut result = *value;
    set_millis_of_day(&mut result, total);
    Ok(result)
}

/// Which end of the range a partial value stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Boundary {
    Low,
    High,
}

fn fill_time(time: Option<Time>, boundary: Boundary) -> Time {
    let mut filled = time.unwrap_or(Time {
        hour: 0,
        minute: 0,
        second: 0,
        nanos: 0,
        fraction_digits: 0,
        precision: Precision::Hour,
    });
    if time.is_none() && boundary == Boundary::High {
        filled.hour = 23;
    }
    // An hour alone is not a FHIR time: it stands for the start of that hour's first minute.
    if filled.precision == Precision::Hour {
        filled.precision = Precision::Minute;
        filled.minute = 0;
        if time.is_none() && boundary == Boundary::High {
            filled.minute = 59;
        }
    }
    if filled.precision == Precision::Minute {
        filled.second = if boundary == Boundary::High { 59 } else { 0 };
        filled.nanos = if boundary == Boundary::High {
            999_000_000
        } else {
            0
        };
    } else if filled.fraction_digits == 0 {
        filled.nanos = if boundary == Boundary::High {
            999_000_000
        } else {
            0
        };
    }
    filled.precision = Precision::Second;
    filled.fraction_digits = 3;
    filled.nanos = filled.nanos / 1_000_000 * 1_000_000;
    filled
}

fn fill_date(date: Date, boundary: Boundary) -> Date {
    let mut filled = date;
    if date.precision < Precision::Month {
        filled.month = if boundary == Boundary::High { 12 } else { 1 };
    }
    if date.precision < Precision::Day {
        filled.day = if boundary == Boundary::High {
            days_in_month(filled.year, filled.month)
        } else {
            1
        };
    }
    filled.precision = Precision::Day;
    filled
}

fn truncate_date(mut date: Date, precision: Precision) -> Date {
    if precision < Precision::Day {
        date.day = 1;
    }
    if precision < Precision::Month {
        date.month = 1;
    }
    date.precision = precision;
    date
}

fn truncate_time(mut time: Time, precision: Precision, fraction: bool) -> Time {
    if precision < Precision::Second {
        time.second = 0;
        time.nanos = 0;
        time.fraction_digits = 0;
    } else if !fraction {
        time.nanos = 0;
        time.fraction_digits = 0;
    }
    if precision < Precision::Minute {
        time.minute = 0;
    }
    time.precision = precision;
    time
}

/// The boundary of a date-time at `digits` precision (4, 6, 8, 10, 12, 14 or 17).
pub(crate) fn date_time_boundary(
    value: &DateTime,
    digits: i64,
    boundary: Boundary,
) -> Option<DateTime> {
    let (precision, fraction) = match digits {
        4 => (Precision::Year, false),
        6 => (Precision::Month, false),
        8 => (Precision::Day, false),
        10 => (Precision::Hour, false),
        12 => (Precision::Minute, false),
        14 => (Precision::Second, false),
        17 => (Precision::Second, true),
        _ => return None,
    };
    let date = fill_date(value.date, boundary);
    if precision <= Precision::Day {
        return Some(DateTime {
            date: truncate_date(date, precision),
            time: None,
            offset_minutes: None,
        });
    }
    let time = if value.date.precision < Precision::Day {
        None
    } else {
        value.time
    };
    let time = truncate_time(fill_time(time, boundary), precision, fraction);
    let zone = match boundary {
        Boundary::Low => 14 * 60,
        Boundary::High => -12 * 60,
    };
    Some(DateTime {
        date,
        time: Some(time),
        offset_minutes: Some(value.offset_minutes.unwrap_or(zone)),
    })
}

pub(crate) fn date_boundary(value: &Date, digits: i64, boundary: Boundary) -> Option<Date> {
    let precision = match digits {
        4 => Precision::Year,
        6 => Precision::Month,
        8 => Precision::Day,
        _ => return None,
    };
    Some(truncate_date(fill_date(*value, boundary), precision))
}

pub(crate) fn time_boundary(value: &Time, digits: i64, boundary: Boundary) -> Option<Time> {
    let (precision, fraction) = match digits {
        2 => (Precision::Hour, false),
        4 => (Precision::Minute, false),
        6 => (Precision::Second, false),
        9 => (Precision::Second, true),
        _ => return None,
    };
    let mut filled = *value;
    if filled.precision == Precision::Hour {
        filled.minute = if boundary == Boundary::High { 59 } else { 0 };
        filled.precision = Precision::Minute;
    }
    let filled = fill_time(Some(filled), boundary);
    Some(truncate_time(filled, precision, fraction))
}
