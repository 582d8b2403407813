//! Business days: a program's working weekdays and holidays, and arithmetic over them.
//!
//! # What is a business day?
//!
//! A date whose weekday is a working day of the calendar (Monday to Friday unless the program says
//! otherwise) and that is not one of its holidays. Holidays are data — a list of dates per country
//! or region, read from a calendar file with [`super::parse::parse_calendar`] — never rules in
//! code.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

/// Why a calendar cannot be made or a date cannot be reached.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("a calendar needs at least one working day of the week")]
    NoWorkingDays,
    #[error("the date is outside the years a calendar can count (-9999 to 9999)")]
    OutOfRange,
}

/// Working weekdays and holidays.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Monday first.
    working: [bool; 7],
    holidays: BTreeSet<Date>,
}

impl Default for Calendar {
    /// Monday to Friday, no holidays.
    fn default() -> Self {
        Calendar {
            working: [true, true, true, true, true, false, false],
            holidays: BTreeSet::new(),
        }
    }
}

impl Calendar {
    pub fn new(
        working_days: &[Weekday],
        holidays: impl IntoIterator<Item = Date>,
    ) -> Result<Calendar, CalendarError> {
        let mut working = [false; 7];
        for day in working_days {
            if let Some(slot) = working.get_mut(monday_index(*day)) {
                *slot = true;
            }
        }
        if !working.contains(&true) {
            return Err(CalendarError::NoWorkingDays);
        }
        Ok(Calendar {
            working,
            holidays: holidays.into_iter().collect(),
        })
    }

    /// Monday to Friday with these holidays.
    pub fn weekdays_with(holidays: impl IntoIterator<Item = Date>) -> Calendar {
        Calendar {
            holidays: holidays.into_iter().collect(),
            ..Calendar::default()
        }
    }

    pub fn working_days(&self) -> Vec<Weekday> {
        let mut day = Weekday::Monday;
        let mut days = Vec::new();
        for working in self.working {
            if working {
                days.push(day);
            }
            day = day.next();
        }
        days
    }

    pub fn holidays(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays.iter().copied()
    }

    pub fn is_business_day(&self, date: Date) -> bool {
        self.working
            .get(monday_index(date.weekday()))
            .copied()
            .unwrap_or(false)
            && !self.holidays.contains(&date)
    }

    /// The date itself when it is a business day, else the next one.
    pub fn on_or_after(&self, date: Date) -> Result<Date, CalendarError> {
        let mut date = date;
        while !self.is_business_day(date) {
            date = date.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
        }
        Ok(date)
    }

    /// `days` business days after `date` (before it when negative): Friday + 1 is Monday,
    /// Saturday + 1 is Monday, Saturday − 1 is Friday; `date` itself need not be a business day,
    /// and + 0 is `date` unchanged.
    pub fn add_business_days(&self, date: Date, days: i64) -> Result<Date, CalendarError> {
        let mut date = date;
        let mut left = days.unsigned_abs();
        while left > 0 {
            date = if days > 0 {
                date.tomorrow()
            } else {
                date.yesterday()
            }
            .map_err(|_| CalendarError::OutOfRange)?;
            if self.is_business_day(date) {
                left -= 1;
            }
        }
        Ok(date)
    }

    /// How many business days lie in `[from, to)` (negative when `to` is before `from`), so that
    /// `add_business_days(from, n)` is `to` when both are business days.
    pub fn business_days_between(&self, from: Date, to: Date) -> i64 {
        let (start, end, sign) = if from <= to {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut count = 0i64;
        let mut date = start;
        while date < end {
            if self.is_business_day(date) {
                count += 1;
            }
            match date.tomorrow() {
                Ok(next) => date = next,
                Err(_) => break,
            }
        }
        sign * count
    }

    /// The first `count` business days on or after `start`, in order: day 0 of a schedule is the
    /// first of them. Built once per forecast so that every offset is a lookup.
    pub fn business_days_from(
        &self,
        start: Date,
        count: usize,
    ) -> Result<Vec<Date>, CalendarError> {
        let mut days = Vec::with_capacity(count);
        let mut date = start;
        while days.len() < count {
            if self.is_business_day(date) {
                days.push(date);
            }
            date = date.tomorrow().map_err(|_| CalendarError::OutOfRange)?;
        }
        Ok(days)
    }
}

fn monday_index(day: Weekday) -> usize {
    usize::try_from(day.to_monday_zero_offset()).unwrap_or(0)
}

/// The program's calendars: one per country (by ISO 3166-1 alpha-2 code, any case), and the
/// calendar of every other organization.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Calendars {
    by_country: std::collections::BTreeMap<String, Calendar>,
    default: Calendar,
}

impl Calendars {
    /// `default` for organizations of a country without its own calendar.
    pub fn new(default: Calendar) -> Calendars {
        Calendars {
            by_country: std::collections::BTreeMap::new(),
            default,
        }
    }

    /// Adds (or replaces) a country's calendar.
    pub fn insert(&mut self, country: &str, calendar: Calendar) {
        self.by_country
            .insert(country.trim().to_ascii_uppercase(), calendar);
    }

    /// The calendar of an organization of `country` (none, or unknown: the default).
    pub fn for_country(&self, country: Option<&str>) -> &Calendar {
        country
            .and_then(|country| self.by_country.get(&country.trim().to_ascii_uppercase()))
            .unwrap_or(&self.default)
    }

    /// The countries with a calendar of their own.
    pub fn countries(&self) -> impl Iterator<Item = &str> {
        self.by_country.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    use super::*;

    #[test]
    fn weekends_are_skipped_both_ways() {
        let calendar = Calendar::default();
        // 2026-01-09 is a Friday.
        let friday = date(2026, 1, 9);
        assert_eq!(calendar.add_business_days(friday, 1), Ok(date(2026, 1, 12)));
        assert_eq!(calendar.add_business_days(friday, 5), Ok(date(2026, 1, 16)));
        assert_eq!(calendar.add_business_days(friday, 0), Ok(friday));
        let saturday = date(2026, 1, 10);
        assert_eq!(
            calendar.add_business_days(saturday, 1),
            Ok(date(2026, 1, 12))
        );
        assert_eq!(calendar.add_business_days(saturday, -1), Ok(friday));
        let monday = date(2026, 1, 12);
        assert_eq!(calendar.add_business_days(monday, -1), Ok(friday));
        assert_eq!(calendar.add_business_days(monday, -6), Ok(date(2026, 1, 2)));
    }

    #[test]
    fn holidays_and_the_year_end_are_skipped() {
        // Christmas (Friday 2026-12-25), Boxing Day observed (Monday 12-28), New Year's Day
        // (Friday 2027-01-01).
        let calendar =
            Calendar::weekdays_with([date(2026, 12, 25), date(2026, 12, 28), date(2027, 1, 1)]);
        let thursday = date(2026, 12, 24);
        assert!(!calendar.is_business_day(date(2026, 12, 25)));
        assert_eq!(
            calendar.add_business_days(thursday, 1),
            Ok(date(2026, 12, 29))
        );
        assert_eq!(
            calendar.add_business_days(thursday, 3),
            Ok(date(2026, 12, 31))
        );
        assert_eq!(
            calendar.add_business_days(thursday, 4),
            Ok(date(2027, 1, 4))
        );
        assert_eq!(
            calendar.add_business_days(date(2027, 1, 4), -4),
            Ok(thursday)
        );
        assert_eq!(
            calendar.business_days_between(thursday, date(2027, 1, 4)),
            4
        );
        assert_eq!(
            calendar.business_days_between(date(2027, 1, 4), thursday),
            -4
        );
        assert_eq!(
            calendar.on_or_after(date(2026, 12, 25)),
            Ok(date(2026, 12, 29))
        );
        assert_eq!(
            calendar.business_days_from(date(2026, 12, 24), 4),
            Ok(vec![
                date(2026, 12, 24),
                date(2026, 12, 29),
                date(2026, 12, 30),
                date(2026, 12, 31)
            ])
        );
    }

    #[test]
    fn working_days_are_configurable() {
        // A Sunday-to-Thursday week.
        let calendar = Calendar::new(
            &[
                Weekday::Sunday,
                Weekday::Monday,
                Weekday::Tuesday,
                Weekday::Wednesday,
                Weekday::Thursday,
            ],
            [],
        )
        .unwrap();
        let thursday = date(2026, 1, 8);
        assert_eq!(
            calendar.add_business_days(thursday, 1),
            Ok(date(2026, 1, 11))
        );
        assert!(!calendar.is_business_day(date(2026, 1, 9)));
        assert_eq!(calendar.working_days().len(), 5);
        assert_eq!(Calendar::new(&[], []), Err(CalendarError::NoWorkingDays));
    }

    #[test]
    fn adding_then_subtracting_returns_to_a_business_day() {
        let calendar = Calendar::weekdays_with([date(2026, 4, 3), date(2026, 4, 6)]);
        let mut start = date(2026, 3, 2);
        for _ in 0..60 {
            for days in [1, 3, 7, 19, 260] {
                let there = calendar.add_business_days(start, days).unwrap();
                assert_eq!(calendar.add_business_days(there, -days), Ok(start));
                assert_eq!(calendar.business_days_between(start, there), days);
            }
            start = calendar.add_business_days(start, 1).unwrap();
        }
    }
}
