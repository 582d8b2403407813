//! Partial dates, date-times and times as FHIRPath has them: each keeps the precision it was
//! written with (`@2014`, `@2014-05`, `@2014-05-06T10:30`), and an optional time-zone offset.
//!
//! Comparison ([`compare`]) and arithmetic ([`arith`]) follow the spec's rules for partial values:
//! two values equal up to the precision of the less precise one cannot be ordered (empty result).

pub(crate) mod arith;
pub(crate) mod compare;

use std::fmt;

/// How much of a date or date-time is known, from the year down to (fractional) seconds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Precision {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// `@2014`, `@2014-05`, `@2014-05-06`
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Date {
    pub year: i32,
    /// 1–12; 1 when the precision is Year.
    pub month: u8,
    /// 1–31; 1 when the precision is coarser than Day.
    pub day: u8,
    /// Year, Month or Day.
    pub precision: Precision,
}

/// A time of day: `10`, `10:30`, `10:30:15`, `10:30:15.250`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Time {
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    /// Fraction of the second in nanoseconds.
    pub nanos: u32,
    /// How many fraction digits were written (0 = none).
    pub fraction_digits: u8,
    /// Hour, Minute or Second.
    pub precision: Precision,
}

/// A date with an optional time and an optional time-zone offset (minutes east of UTC).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateTime {
    pub date: Date,
    pub time: Option<Time>,
    pub offset_minutes: Option<i16>,
}

impl Date {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub fn parse(text: &str) -> Option<Date> {
        let mut reader = Reader::new(text);
        let date = reader.date()?;
        reader.at_end().then_some(date)
    }

    pub fn precision_digits(&self) -> i64 {
        match self.precision {
            Precision::Year => 4,
            Precision::Month => 6,
            _ => 8,
        }
    }
}

impl Time {
    /// Parses `hh`, `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fff`.
    pub fn parse(text: &str) -> Option<Time> {
        let mut reader = Reader::new(text);
        let time = reader.time()?;
        reader.at_end().then_some(time)
    }

    pub fn precision_digits(&self) -> i64 {
        match self.precision {
            Precision::Hour => 2,
            Precision::Minute => 4,
            _ if self.fraction_digits > 0 => 9,
            _ => 6,
        }
    }

    /// Milliseconds since midnight (sub-millisecond digits dropped).
    pub(crate) fn millis_of_day(&self) -> i64 {
        let seconds =
            i64::from(self.hour) * 3600 + i64::from(self.minute) * 60 + i64::from(self.second);
        seconds * 1000 + i64::from(self.nanos / 1_000_000)
    }
}

impl DateTime {
    /// Parses the FHIRPath literal and FHIR `dateTime`/`instant` forms: a date, optionally `T`,
    /// a time (hour alone allowed) and a zone (`Z` or `±hh:mm`).
    pub fn parse(text: &str) -> Option<DateTime> {
        let mut reader = Reader::new(text);
        let date = reader.date()?;
        if reader.at_end() {
            return Some(DateTime {
                date,
                time: None,
                offset_minutes: None,
            });
        }
        if date.precision != Precision::Day {
            // `@2015T` is a year-precision DateTime literal; nothing may follow the T.
            reader.expect(b'T')?;
            return reader.at_end().then_some(DateTime {
                date,
                time: None,
                offset_minutes: None,
            });
        }
        reader.expect(b'T')?;
        if reader.at_end() {
            return Some(DateTime {
                date,
                time: None,
                offset_minutes: None,
            });
        }
        let time = reader.time()?;
        let offset_minutes = reader.zone()?;
        reader.at_end().then_some(DateTime {
            date,
            time: Some(time),
            offset_minutes,
        })
    }

    pub fn from_date(date: Date) -> DateTime {
        DateTime {
            date,
            time: None,
            offset_minutes: None,
        }
    }

    pub fn precision(&self) -> Precision {
        self.time.map_or(self.date.precision, |time| time.precision)
    }

    pub fn precision_digits(&self) -> i64 {
        match self.time {
            None => self.date.precision_digits(),
            Some(time) => match time.precision {
                Precision::Hour => 10,
                Precision::Minute => 12,
                _ if time.fraction_digits > 0 => 17,
                _ => 14,
            },
        }
    }
}

/// A cursor over the ASCII text of a date/time.
struct Reader<'t> {
    bytes: &'t [u8],
    offset: usize,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str) -> Reader<'t> {
        Reader {
            bytes: text.as_bytes(),
            offset: 0,
        }
    }

    fn at_end(&self) -> bool {
        self.offset >= self.bytes.len()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.offset).copied()
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        (self.peek() == Some(byte)).then(|| self.offset += 1)
    }

    fn number(&mut self, digits: usize) -> Option<u32> {
        let mut value = 0u32;
        for _ in 0..digits {
            let byte = self.peek().filter(u8::is_ascii_digit)?;
            value = value * 10 + u32::from(byte - b'0');
            self.offset += 1;
        }
        Some(value)
    }

    fn date(&mut self) -> Option<Date> {
        let year = i32::try_from(self.number(4)?).ok()?;
        let mut date = Date {
            year,
            month: 1,
            day: 1,
            precision: Precision::Year,
        };
        if self.peek() != Some(b'-') {
            return Some(date);
        }
        self.offset += 1;
        date.month = u8::try_from(self.number(2)?)
            .ok()
            .filter(|month| (1..=12).contains(month))?;
        date.precision = Precision::Month;
        if self.peek() != Some(b'-') {
            return Some(date);
        }
        self.offset += 1;
        let day = u8::try_from(self.number(2)?).ok()?;
        if day == 0 || day > days_in_month(date.year, date.month) {
            return None;
        }
        date.day = day;
        date.precision = Precision::Day;
        Some(date)
    }

    fn time(&mut self) -> Option<Time> {
        let hour = u8::try_from(self.number(2)?)
            .ok()
            .filter(|hour| *hour < 24)?;
        let mut time = Time {
            hour,
            minute: 0,
            second: 0,
            nanos: 0,
            fraction_digits: 0,
            precision: Precision::Hour,
        };
        if self.peek() != Some(b':') {
            return Some(time);
        }
        self.offset += 1;
        time.minute = u8::try_from(self.number(2)?)
            .ok()
            .filter(|minute| *minute < 60)?;
        time.precision = Precision::Minute;
        if self.peek() != Some(b':') {
            return Some(time);
        }
        self.offset += 1;
        time.second = u8::try_from(self.number(2)?)
            .ok()
            .filter(|second| *second < 60)?;
        time.precision = Precision::Second;
        if self.peek() != Some(b'.') {
            return Some(time);
        }
        self.offset += 1;
        let mut digits = 0u8;
        let mut nanos = 0u32;
        while let Some(byte) = self.peek().filter(u8::is_ascii_digit) {
            if digits < 9 {
                nanos = nanos * 10 + u32::from(byte - b'0');
            }
            digits = digits.saturating_add(1);
            self.offset += 1;
        }
        if digits == 0 {
            return None;
        }
        for _ in digits.min(9)..9 {
            nanos *= 10;
        }
        time.nanos = nanos;
        time.fraction_digits = digits;
        Some(time)
    }

    /// `Z`, `±hh:mm`, or nothing.
    fn zone(&mut self) -> Option<Option<i16>> {
        match self.peek() {
            None => Some(None),
            Some(b'Z') => {
                self.offset += 1;
                Some(Some(0))
            }
            Some(sign @ (b'+' | b'-')) => {
                self.offset += 1;
                let hours = self.number(2)?;
                self.expect(b':')?;
                let minutes = self.number(2)?;
                // Offsets run from -14:00 to +14:00 (FHIR's dateTime and instant).
                if minutes > 59 || hours * 60 + minutes > 14 * 60 {
                    return None;
                }
                let total = i16::try_from(hours * 60 + minutes).ok()?;
                Some(Some(if sign == b'-' { -total } else { total }))
            }
            Some(_) => None,
        }
    }
}

pub(crate) fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub(crate) fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:04}", self.year)?;
        if self.precision >= Precision::Month {
            write!(formatter, "-{:02}", self.month)?;
        }
        if self.precision >= Precision::Day {
            write!(formatter, "-{:02}", self.day)?;
        }
        Ok(())
    }
}

impl fmt::Display for Time {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{:02}", self.hour)?;
        if self.precision >= Precision::Minute {
            write!(formatter, ":{:02}", self.minute)?;
        }
        if self.precision >= Precision::Second {
            write!(formatter, ":{:02}", self.second)?;
            if self.fraction_digits > 0 {
                let digits = usize::from(self.fraction_digits.min(9));
                let fraction = format!("{:09}", self.nanos);
                write!(
                    formatter,
                    ".{}",
                    fraction.get(..digits).unwrap_or(&fraction)
                )?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}", self.date)?;
        if let Some(time) = self.time {
            write!(formatter, "T{time}")?;
            match self.offset_minutes {
                Some(0) => write!(formatter, "Z")?,
                Some(offset) => {
                    let sign = if offset < 0 { '-' } else { '+' };
                    let offset = offset.unsigned_abs();
                    write!(formatter, "{sign}{:02}:{:02}", offset / 60, offset % 60)?;
                }
                None => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
