//! Dates, dateTimes, instants and times beyond their regex: a real calendar date, hours, minutes,
//! seconds and time-zone offsets in range (`primitive.range`), and a year the reference validator
//! finds reasonable, 1800 to 2100 (a warning).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

use super::{bad_value, shorten};

pub(super) fn date(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, code: &str, text: &str) {
    if !date_ranges(text) {
        bad_value(
            walk,
            item,
            json,
            "primitive.range",
            format!("The value '{}' is not a valid {code}", shorten(text)),
        );
        return;
    }
    let year: Option<u32> = text.get(..4).and_then(|y| y.parse().ok());
    if !year.is_some_and(|year| (1800..=2100).contains(&year)) {
        walk.sink.warning(
            IssueType::Invalid,
            "primitive.unreasonable_year",
            &item.path,
            json.pos,
            format!("The value '{}' is outside the range of reasonable years (1800 to 2100); check for data entry error", shorten(text)),
        );
    }
}

pub(super) fn time(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, text: &str) {
    if !time_ranges(text) {
        bad_value(
            walk,
            item,
            json,
            "primitive.range",
            format!("The value '{}' is not a valid time", shorten(text)),
        );
    }
}

/// Month 1–12, day within the month (leap years included), hour, minute, second in range.
fn date_ranges(text: &str) -> bool {
    let date = text.split('T').next().unwrap_or_default();
    let mut parts = date.split('-');
    let year: Option<u32> = parts.next().and_then(|y| y.parse().ok());
    let month: Option<u32> = parts.next().and_then(|m| m.parse().ok());
    let day: Option<u32> = parts.next().and_then(|d| d.parse().ok());
    if let (Some(year), Some(month)) = (year, month) {
        if !(1..=12).contains(&month) {
            return false;
        }
        if let Some(day) = day {
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            let days = match month {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if day == 0 || day > days {
                return false;
            }
        }
    }
    match text.split_once('T') {
        Some((_, time)) => {
            let time = time.split(['Z', '+']).next().unwrap_or_default();
            let time = match time.rfind('-') {
                Some(position) => time.get(..position).unwrap_or(time),
                None => time,
            };
            time_ranges(time) && offset_ok(text)
        }
        None => true,
    }
}

fn offset_ok(text: &str) -> bool {
    let Some((_, time)) = text.split_once('T') else {
        return true;
    };
    let offset = time.rfind(['+', '-']).and_then(|p| time.get(p + 1..));
    match offset {
        Some(offset) => {
            let mut parts = offset.split(':');
            let hours: u32 = parts.next().and_then(|h| h.parse().ok()).unwrap_or(0);
            let minutes: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
            hours <= 14 && minutes < 60
        }
        None => true,
    }
}

fn time_ranges(text: &str) -> bool {
    let mut parts = text.split(':');
    let hour: u32 = parts.next().and_then(|h| h.parse().ok()).unwrap_or(0);
    let minute: u32 = parts.next().and_then(|m| m.parse().ok()).unwrap_or(0);
    let second: f64 = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0.0);
    hour < 24 && minute < 60 && second < 60.0
}
