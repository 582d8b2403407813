//! The SLA clock: when a support ticket's target is due, counted in working time on a calendar,
//! with the time the ticket waits on the partner left out. Pure functions, no IO.
//!
//! # Overview
//!
//! - [`Calendar`]: business hours in a time zone (open days, an opening and a closing time,
//!   holidays), or around the clock (24/7). [`CalendarSpec`] is its wire form, as scripts send it
//!   and as it is stored; [`CalendarSpec::parse`] reports every problem at once.
//! - [`working_ms`]: the working time the clock counts between two instants, pauses left out.
//! - [`due`]: the earliest instant at which a target's working time has elapsed, with a plain
//!   explanation a support agent or a partner can read.
//! - [`preview`]: the same for `POST /api/v1/sla/preview`, from RFC 3339 timestamps.
//!
//! # Instants and civil times
//!
//! Every instant is an `i64` of milliseconds since the Unix epoch (UTC). Business hours are civil
//! times in the calendar's zone: each day's opening and closing are turned into instants with the
//! zone's rules, so a day on which the clocks change has an hour more or less of real time (never
//! a fixed offset). A time that does not exist that day (in a spring-forward gap) is read as the
//! same time after the gap; a time that happens twice (fall back) is the first one. A closing
//! time of `"24:00"` is the end of the day: the next day's midnight.

use std::collections::BTreeSet;

use jiff::civil::{Date, DateTime, Time};
use jiff::tz::TimeZone;
use jiff::Timestamp;
use serde::{Deserialize, Serialize};

const MINUTE_MS: i64 = 60_000;
const DAY_MS: i64 = 86_400_000;
/// The longest target: a year of working time, in minutes.
pub const MAX_TARGET_MINUTES: i64 = 525_600;
/// How far after the opening [`due`] looks for working time before giving up: ten years.
const SEARCH_LIMIT_MS: i64 = 3_653 * DAY_MS;
const DAY_KEYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const DAY_TITLES: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// Business hours in a time zone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BusinessHours {
    /// The zone's IANA name, e.g. `Europe/Paris`.
    pub zone_name: String,
    pub zone: TimeZone,
    /// The open days, Monday first.
    pub days: [bool; 7],
    pub open: Time,
    /// The closing time; `00:00` stands for the end of the day (`"24:00"` on the wire), since a
    /// close always comes after the open.
    pub close: Time,
    /// Days the desk is closed although they are open days.
    pub holidays: BTreeSet<Date>,
}

/// The calendar an SLA target is counted on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Calendar {
    BusinessHours(BusinessHours),
    /// Every instant counts; the zone is only used to explain due times.
    AroundTheClock {
        zone_name: String,
        zone: TimeZone,
    },
}

/// A calendar's wire form, as scripts send it and as it is stored:
/// `{"time_zone": "Europe/Paris", "days": ["mon", "tue"], "open": "09:00", "close": "17:00",
/// "holidays": ["2026-12-25"]}` or `{"time_zone": "UTC", "kind": "24x7"}`. `kind` is optional:
/// `"business_hours"` (the default) or `"24x7"`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarSpec {
    pub time_zone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub days: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub open: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub close: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holidays: Option<Vec<String>>,
}

/// A time during which the clock stops (the ticket waits on the partner), `[from_ms, to_ms)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    pub from_ms: i64,
    pub to_ms: i64,
}

/// When a target is due, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Due {
    pub due_ms: i64,
    pub explanation: String,
}

/// One thing wrong with an SLA input: where (`calendar.days[2]`, `pauses[0]`) and what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{path}: {message}")]
pub struct SlaProblem {
    pub path: String,
    pub message: String,
}

impl SlaProblem {
    fn new(path: impl Into<String>, message: impl Into<String>) -> SlaProblem {
        SlaProblem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl BusinessHours {
    fn open_minutes(&self) -> i32 {
        minutes_of_day(self.open)
    }

    /// The close in minutes after midnight: 1440 for the end of the day.
    fn close_minutes(&self) -> i32 {
        match minutes_of_day(self.close) {
            0 => 1440,
            minutes => minutes,
        }
    }

    fn is_open_weekday(&self, date: Date) -> bool {
        let index = usize::try_from(date.weekday().to_monday_zero_offset()).unwrap_or(0);
        self.days.get(index).copied().unwrap_or(false)
    }

    /// The instants this date's hours open and close, whether or not it is a business day.
    fn hours_on(&self, date: Date) -> Option<(i64, i64)> {
        let opening = self.zone.to_timestamp(date.to_datetime(self.open)).ok()?;
        let closing = if self.close == Time::midnight() {
            date.tomorrow().ok()?.to_datetime(Time::midnight())
        } else {
            date.to_datetime(self.close)
        };
        let closing = self.zone.to_timestamp(closing).ok()?;
        let (opening, closing) = (opening.as_millisecond(), closing.as_millisecond());
        Some((opening, closing.max(opening)))
    }

    /// The working window of a business day; none on closed days and holidays.
    fn window_on(&self, date: Date) -> Option<(i64, i64)> {
        if !self.is_open_weekday(date) || self.holidays.contains(&date) {
            return None;
        }
        self.hours_on(date)
    }

    /// "09–17 Mon–Fri", or "09:30–17:00 Mon, Wed, Fri".
    fn hours_phrase(&self) -> String {
        let (open, close) = (self.open_minutes(), self.close_minutes());
        let short = open % 60 == 0 && close % 60 == 0;
        format!(
            "{}–{} {}",
            clock_text(open, short),
            clock_text(close, short),
            days_phrase(&self.days)
        )
    }
}

impl Calendar {
    pub fn zone(&self) -> &TimeZone {
        match self {
            Calendar::BusinessHours(hours) => &hours.zone,
            Calendar::AroundTheClock { zone, .. } => zone,
        }
    }

    pub fn zone_name(&self) -> &str {
        match self {
            Calendar::BusinessHours(hours) => &hours.zone_name,
            Calendar::AroundTheClock { zone_name, .. } => zone_name,
        }
    }

    /// The wire form; [`CalendarSpec::parse`] gives this calendar back.
    pub fn spec(&self) -> CalendarSpec {
        match self {
            Calendar::BusinessHours(hours) => CalendarSpec {
                time_zone: hours.zone_name.clone(),
                kind: None,
                days: Some(
                    DAY_KEYS
                        .iter()
                        .zip(hours.days)
                        .filter(|(_, open)| *open)
                        .map(|(key, _)| (*key).to_owned())
                        .collect(),
                ),
                open: Some(clock_text(hours.open_minutes(), false)),
                close: Some(clock_text(hours.close_minutes(), false)),
                holidays: (!hours.holidays.is_empty())
                    .then(|| hours.holidays.iter().map(Date::to_string).collect()),
            },
            Calendar::AroundTheClock { zone_name, .. } => CalendarSpec {
                time_zone: zone_name.clone(),
                kind: Some("24x7".to_owned()),
                ..CalendarSpec::default()
            },
        }
    }

    /// "business hours 09–17 Mon–Fri, Europe/Paris, 2 holidays" or
    /// "around the clock (24/7), UTC".
    pub fn describe(&self) -> String {
        match self {
            Calendar::BusinessHours(hours) => {
                let mut text = format!(
                    "business hours {}, {}",
                    hours.hours_phrase(),
                    hours.zone_name
                );
                match hours.holidays.len() {
                    0 => {}
                    1 => text.push_str(", 1 holiday"),
                    count => text.push_str(&format!(", {count} holidays")),
                }
                text
            }
            Calendar::AroundTheClock { zone_name, .. } => {
                format!("around the clock (24/7), {zone_name}")
            }
        }
    }
}

impl CalendarSpec {
    /// Checks the wire form and reports every problem at once, with paths under `calendar.`.
    pub fn parse(&self) -> Result<Calendar, Vec<SlaProblem>> {
        let mut problems = Vec::new();
        let zone = parse_zone(&self.time_zone, &mut problems);
        let around_the_clock = match self.kind.as_deref() {
            None | Some("business_hours") => Some(false),
            Some("24x7") => Some(true),
            Some(other) => {
                problems.push(SlaProblem::new(
                    "calendar.kind",
                    format!("unknown kind \"{other}\": expected \"business_hours\" or \"24x7\""),
                ));
                None
            }
        };
        if around_the_clock == Some(true) {
            let fields = [
                ("days", self.days.is_some()),
                ("open", self.open.is_some()),
                ("close", self.close.is_some()),
                ("holidays", self.holidays.is_some()),
            ];
            for (field, _) in fields.iter().filter(|(_, present)| *present) {
                problems.push(SlaProblem::new(
                    format!("calendar.{field}"),
                    "not allowed for a 24x7 calendar, which has no business hours",
                ));
            }
            return match zone {
                Some((zone_name, zone)) if problems.is_empty() => {
                    Ok(Calendar::AroundTheClock { zone_name, zone })
                }
                _ => Err(problems),
            };
        }
        let required = around_the_clock == Some(false);
        let days = parse_days(self.days.as_deref(), required, &mut problems);
        let open = parse_clock_field("open", self.open.as_deref(), required, &mut problems);
        let close = parse_clock_field("close", self.close.as_deref(), required, &mut problems);
        match (open, close) {
            (_, Some(0)) => problems.push(SlaProblem::new(
                "calendar.close",
                "\"00:00\" is the start of the day: write \"24:00\" for the end of the day",
            )),
            (Some(open), Some(close)) if open >= close => problems.push(SlaProblem::new(
                "calendar.close",
                format!(
                    "the close ({}) must be after the open ({})",
                    clock_text(close, false),
                    clock_text(open, false)
                ),
            )),
            _ => {}
        }
        let holidays = parse_holidays(self.holidays.as_deref(), &mut problems);
        match (zone, days, open.and_then(time_of), close.and_then(time_of)) {
            (Some((zone_name, zone)), Some(days), Some(open), Some(close))
                if problems.is_empty() =>
            {
                Ok(Calendar::BusinessHours(BusinessHours {
                    zone_name,
                    zone,
                    days,
                    open,
                    close,
                    holidays,
                }))
            }
            _ => Err(problems),
        }
    }
}

fn parse_zone(name: &str, problems: &mut Vec<SlaProblem>) -> Option<(String, TimeZone)> {
    let path = "calendar.time_zone";
    if name.trim().is_empty() {
        let message = "required: an IANA time zone name, e.g. \"Europe/Paris\" or \"UTC\"";
        problems.push(SlaProblem::new(path, message));
        return None;
    }
    match TimeZone::get(name) {
        Ok(zone) => Some((zone.iana_name().unwrap_or(name).to_owned(), zone)),
        Err(_) => {
            problems.push(SlaProblem::new(
                path,
                format!(
                    "unknown time zone \"{name}\": expected an IANA name, e.g. \"Europe/Paris\""
                ),
            ));
            None
        }
    }
}

fn parse_days(
    names: Option<&[String]>,
    required: bool,
    problems: &mut Vec<SlaProblem>,
) -> Option<[bool; 7]> {
    let Some(names) = names else {
        if required {
            problems.push(SlaProblem::new(
                "calendar.days",
                "required for business hours: the open days, e.g. [\"mon\", \"tue\"]",
            ));
        }
        return None;
    };
    if names.is_empty() {
        problems.push(SlaProblem::new(
            "calendar.days",
            "at least one day is required",
        ));
        return None;
    }
    let mut days = [false; 7];
    let mut all_good = true;
    for (index, name) in names.iter().enumerate() {
        let path = format!("calendar.days[{index}]");
        let slot = DAY_KEYS
            .iter()
            .position(|key| key.eq_ignore_ascii_case(name))
            .and_then(|position| days.get_mut(position));
        match slot {
            None => problems.push(SlaProblem::new(
                path,
                format!("expected one of mon, tue, wed, thu, fri, sat, sun; got \"{name}\""),
            )),
            Some(open) if *open => {
                problems.push(SlaProblem::new(path, format!("\"{name}\" is listed twice")))
            }
            Some(open) => {
                *open = true;
                continue;
            }
        }
        all_good = false;
    }
    all_good.then_some(days)
}

/// An opening or closing time in minutes after midnight (1440 for a close of `"24:00"`).
fn parse_clock_field(
    field: &str,
    text: Option<&str>,
    required: bool,
    problems: &mut Vec<SlaProblem>,
) -> Option<i32> {
    let path = format!("calendar.{field}");
    let example = if field == "open" {
        "\"09:00\""
    } else {
        "\"17:00\", or \"24:00\" for the end of the day"
    };
    let Some(text) = text else {
        if required {
            problems.push(SlaProblem::new(
                path,
                format!("required for business hours, e.g. {example}"),
            ));
        }
        return None;
    };
    let minutes = parse_clock(text).filter(|minutes| *minutes < 1440 || field == "close");
    if minutes.is_none() {
        problems.push(SlaProblem::new(
            path,
            format!("expected a 24-hour time \"HH:MM\", e.g. {example}; got \"{text}\""),
        ));
    }
    minutes
}

/// `"HH:MM"`, exactly five characters, up to `"24:00"`, in minutes after midnight.
fn parse_clock(text: &str) -> Option<i32> {
    let bytes = text.as_bytes();
    let digit = |index: usize| {
        bytes
            .get(index)
            .filter(|byte| byte.is_ascii_digit())
            .map(|byte| i32::from(byte - b'0'))
    };
    if bytes.len() != 5 || bytes.get(2) != Some(&b':') {
        return None;
    }
    let hours = digit(0)? * 10 + digit(1)?;
    let minutes = digit(3)? * 10 + digit(4)?;
    let total = hours * 60 + minutes;
    (minutes < 60 && total <= 1440).then_some(total)
}

fn parse_holidays(texts: Option<&[String]>, problems: &mut Vec<SlaProblem>) -> BTreeSet<Date> {
    let mut holidays = BTreeSet::new();
    for (index, text) in texts.unwrap_or_default().iter().enumerate() {
        let path = format!("calendar.holidays[{index}]");
        match parse_date(text) {
            None => problems.push(SlaProblem::new(
                path,
                format!("expected a date \"YYYY-MM-DD\", e.g. \"2026-12-25\"; got \"{text}\""),
            )),
            Some(date) if !holidays.insert(date) => {
                problems.push(SlaProblem::new(path, format!("\"{text}\" is listed twice")))
            }
            Some(_) => {}
        }
    }
    holidays
}

/// A date written exactly `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<Date> {
    let shape_is_right = text.len() == 10
        && text.bytes().enumerate().all(|(index, byte)| match index {
            4 | 7 => byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    shape_is_right.then(|| text.parse::<Date>().ok()).flatten()
}

fn minutes_of_day(time: Time) -> i32 {
    i32::from(time.hour()) * 60 + i32::from(time.minute())
}

/// The civil time of a number of minutes after midnight; 1440 (the end of the day) is `00:00`.
fn time_of(minutes: i32) -> Option<Time> {
    let hour = i8::try_from(minutes / 60 % 24).ok()?;
    let minute = i8::try_from(minutes % 60).ok()?;
    Time::new(hour, minute, 0, 0).ok()
}

/// `"09:30"`, or `"09"` when `short`.
fn clock_text(minutes: i32, short: bool) -> String {
    if short {
        format!("{:02}", minutes / 60)
    } else {
        format!("{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// "Mon–Fri" when the open days follow each other (also across Sunday: "Sun–Thu"), else a list.
fn days_phrase(days: &[bool; 7]) -> String {
    let is_open = |index: usize| days.get(index % 7).copied().unwrap_or(false);
    let title = |index: usize| DAY_TITLES.get(index % 7).copied().unwrap_or("?");
    let count = days.iter().filter(|open| **open).count();
    if count == 7 {
        return "Mon–Sun".to_owned();
    }
    let starts: Vec<usize> = (0..7)
        .filter(|&day| is_open(day) && !is_open(day + 6))
        .collect();
    if let ([start], true) = (starts.as_slice(), count >= 2) {
        return format!("{}–{}", title(*start), title(start + count - 1));
    }
    let open_days: Vec<&str> = (0..7).filter(|&day| is_open(day)).map(title).collect();
    open_days.join(", ")
}

/// The instant of a number of milliseconds, held inside the range jiff supports.
fn instant(ms: i64) -> Timestamp {
    Timestamp::from_millisecond(ms).unwrap_or(if ms < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

fn civil(zone: &TimeZone, ms: i64) -> DateTime {
    zone.to_datetime(instant(ms))
}

/// An instant in RFC 3339, in UTC, with seconds always and a fraction only when there is one:
/// `"2026-12-08T13:05:00Z"`.
pub fn format_utc(ms: i64) -> String {
    instant(ms).to_string()
}

/// The pauses clipped to `[lower, upper]`, empty ones left out, sorted and merged.
fn merge_pauses(pauses: &[Pause], lower: i64, upper: i64) -> Vec<Pause> {
    let mut clipped: Vec<Pause> = pauses
        .iter()
        .map(|pause| Pause {
            from_ms: pause.from_ms.max(lower),
            to_ms: pause.to_ms.min(upper),
        })
        .filter(|pause| pause.from_ms < pause.to_ms)
        .collect();
    clipped.sort_by_key(|pause| pause.from_ms);
    let mut merged: Vec<Pause> = Vec::with_capacity(clipped.len());
    for pause in clipped {
        match merged.last_mut() {
            Some(last) if pause.from_ms <= last.to_ms => last.to_ms = last.to_ms.max(pause.to_ms),
            _ => merged.push(pause),
        }
    }
    merged
}

/// The part of `[start, end)` that no merged pause covers.
fn unpaused_ms(start: i64, end: i64, merged: &[Pause]) -> i64 {
    let first = merged.partition_point(|pause| pause.to_ms <= start);
    let covered: i64 = merged
        .iter()
        .skip(first)
        .take_while(|pause| pause.from_ms < end)
        .map(|pause| pause.to_ms.min(end) - pause.from_ms.max(start))
        .sum();
    end - start - covered
}

/// The working time between two instants that the clock counts, in milliseconds: inside the
/// calendar's hours (an open day that is not a holiday, between open and close in its zone), and
/// not covered by a pause. Pauses may overlap, reach outside the range, or be empty (one that
/// ends before it starts is empty); they are merged. 0 when `to_ms <= from_ms`.
pub fn working_ms(calendar: &Calendar, from_ms: i64, to_ms: i64, pauses: &[Pause]) -> i64 {
    if to_ms <= from_ms {
        return 0;
    }
    let merged = merge_pauses(pauses, from_ms, to_ms);
    let hours = match calendar {
        Calendar::AroundTheClock { .. } => return unpaused_ms(from_ms, to_ms, &merged),
        Calendar::BusinessHours(hours) => hours,
    };
    let last_date = civil(&hours.zone, to_ms).date();
    let mut date = civil(&hours.zone, from_ms).date();
    let mut total = 0;
    while date <= last_date {
        if let Some((opening, closing)) = hours.window_on(date) {
            let (start, end) = (opening.max(from_ms), closing.min(to_ms));
            if start < end {
                total += unpaused_ms(start, end, &merged);
            }
        }
        let Ok(next) = date.tomorrow() else { break };
        date = next;
    }
    total
}

/// The target's working time still to count, walked forward through the merged pauses.
struct Countdown<'a> {
    remaining_ms: i64,
    paused: &'a [Pause],
    next_pause: usize,
}

impl Countdown<'_> {
    /// Counts the unpaused part of `[start, end)`; the instant the target is reached, if it is.
    fn count(&mut self, start: i64, end: i64) -> Option<i64> {
        let mut cursor = start;
        while cursor < end {
            let pause = self.paused.get(self.next_pause).copied();
            match pause {
                Some(pause) if pause.to_ms <= cursor => self.next_pause += 1,
                Some(pause) if pause.from_ms <= cursor => cursor = pause.to_ms,
                _ => {
                    let stop = pause.map_or(end, |pause| pause.from_ms.min(end));
                    let length = stop - cursor;
                    if length >= self.remaining_ms {
                        return Some(cursor + self.remaining_ms);
                    }
                    self.remaining_ms -= length;
                    cursor = stop;
                }
            }
        }
        None
    }

    /// When the pause running at `instant` ends, if one is running.
    fn paused_until(&self, instant: i64) -> Option<i64> {
        let paused = self.paused.iter().skip(self.next_pause);
        let pause = paused
            .take_while(|pause| pause.from_ms <= instant)
            .find(|pause| pause.to_ms > instant);
        pause.map(|pause| pause.to_ms)
    }
}

/// The earliest instant at which `target_minutes` of working time (as [`working_ms`] counts it)
/// have elapsed since `opened_ms`: a target that ends exactly at the close is due at the close,
/// and a ticket opened outside hours starts counting at the next opening. `target_minutes` must
/// be 1 to 525,600 (a year). Pauses are read as [`working_ms`] reads them. A problem at
/// `calendar` if no working time is left within ten years (a pause that never ends).
///
/// The explanation is one sentence in the calendar's zone:
///
/// `due {Www HH:MM} {zone} ({date}): {target} {hours} from {Www HH:MM} ({date})`, then
/// `, skipping holiday(s) {date}, {date}` when holidays fell on open days between the opening and
/// the due time, then `, paused {duration} waiting on partner` when there were pauses. The hours
/// are `of business hours 09–17 Mon–Fri` or `around the clock`. Durations are `5 min`, `4 h`,
/// `1 h 30 min`, `40 h` (seconds only when there are some). The pause time is wall-clock time:
/// the pauses merged and clipped to the opening and the due time, counting nights and weekends,
/// not only the working time they stopped. For example:
/// `due Tue 11:00 Europe/Paris (2026-12-08): 2 h of business hours 09–17 Mon–Fri from Mon 15:00
/// (2026-12-07), paused 18 h waiting on partner`.
pub fn due(
    calendar: &Calendar,
    opened_ms: i64,
    target_minutes: i64,
    pauses: &[Pause],
) -> Result<Due, SlaProblem> {
    if !(1..=MAX_TARGET_MINUTES).contains(&target_minutes) {
        return Err(SlaProblem::new(
            "target_minutes",
            format!("must be 1 to {MAX_TARGET_MINUTES} minutes (a year); got {target_minutes}"),
        ));
    }
    if Timestamp::from_millisecond(opened_ms).is_err() {
        return Err(SlaProblem::new(
            "opened",
            "outside the range of supported instants",
        ));
    }
    let limit_ms = opened_ms.saturating_add(SEARCH_LIMIT_MS);
    let merged = merge_pauses(pauses, opened_ms, i64::MAX);
    let mut countdown = Countdown {
        remaining_ms: target_minutes * MINUTE_MS,
        paused: &merged,
        next_pause: 0,
    };
    let not_found = || {
        SlaProblem::new(
            "calendar",
            "no working time to count within ten years of the opening",
        )
    };
    let due_ms = match calendar {
        Calendar::AroundTheClock { .. } => {
            countdown.count(opened_ms, limit_ms).ok_or_else(not_found)?
        }
        Calendar::BusinessHours(hours) => {
            let last_date = civil(&hours.zone, limit_ms).date();
            let mut date = civil(&hours.zone, opened_ms).date();
            loop {
                if date > last_date {
                    return Err(not_found());
                }
                let mut next = date.tomorrow().map_err(|_| not_found())?;
                if let Some((opening, closing)) = hours.window_on(date) {
                    if let Some(due_ms) = countdown.count(opening.max(opened_ms), closing) {
                        break due_ms;
                    }
                    // A pause running at the close: no day before the one it ends on counts.
                    if let Some(resume_ms) = countdown.paused_until(closing) {
                        next = next.max(civil(&hours.zone, resume_ms).date());
                    }
                }
                date = next;
            }
        }
    };
    let explanation = explain(calendar, opened_ms, due_ms, target_minutes, &merged);
    Ok(Due {
        due_ms,
        explanation,
    })
}

fn explain(
    calendar: &Calendar,
    opened_ms: i64,
    due_ms: i64,
    target_minutes: i64,
    merged: &[Pause],
) -> String {
    let zone = calendar.zone();
    let (opened, due) = (civil(zone, opened_ms), civil(zone, due_ms));
    let hours = match calendar {
        Calendar::BusinessHours(hours) => format!("of business hours {}", hours.hours_phrase()),
        Calendar::AroundTheClock { .. } => "around the clock".to_owned(),
    };
    let mut text = format!(
        "due {} {} ({}): {} {hours} from {} ({})",
        weekday_and_clock(due),
        calendar.zone_name(),
        due.date(),
        duration_text(target_minutes * MINUTE_MS),
        weekday_and_clock(opened),
        opened.date(),
    );
    if let (Calendar::BusinessHours(hours), true) = (calendar, opened.date() <= due.date()) {
        let skipped: Vec<String> = hours
            .holidays
            .range(opened.date()..=due.date())
            .filter(|date| hours.is_open_weekday(**date))
            .filter(|date| {
                hours
                    .hours_on(**date)
                    .is_some_and(|(opening, closing)| opening < due_ms && closing > opened_ms)
            })
            .map(Date::to_string)
            .collect();
        match skipped.as_slice() {
            [] => {}
            [holiday] => text.push_str(&format!(", skipping holiday {holiday}")),
            holidays => text.push_str(&format!(", skipping holidays {}", holidays.join(", "))),
        }
    }
    let paused_ms: i64 = merge_pauses(merged, opened_ms, due_ms)
        .iter()
        .map(|pause| pause.to_ms - pause.from_ms)
        .sum();
    if paused_ms > 0 {
        text.push_str(&format!(
            ", paused {} waiting on partner",
            duration_text(paused_ms)
        ));
    }
    text
}

/// "Tue 14:05", with seconds when there are some.
fn weekday_and_clock(time: DateTime) -> String {
    let index = usize::try_from(time.weekday().to_monday_zero_offset()).unwrap_or(0);
    let day = DAY_TITLES.get(index).copied().unwrap_or("?");
    if time.second() == 0 && time.subsec_nanosecond() == 0 {
        format!("{day} {:02}:{:02}", time.hour(), time.minute())
    } else {
        format!(
            "{day} {:02}:{:02}:{:02}",
            time.hour(),
            time.minute(),
            time.second()
        )
    }
}

/// "5 min", "4 h", "1 h 30 min", "45 s"; a part of a second counts as a whole one.
fn duration_text(ms: i64) -> String {
    let seconds = ms.saturating_add(999) / 1000;
    let parts = [
        (seconds / 3600, "h"),
        (seconds / 60 % 60, "min"),
        (seconds % 60, "s"),
    ];
    let words: Vec<String> = parts
        .iter()
        .filter(|(amount, _)| *amount > 0)
        .map(|(amount, unit)| format!("{amount} {unit}"))
        .collect();
    if words.is_empty() {
        "0 min".to_owned()
    } else {
        words.join(" ")
    }
}

/// The body of `POST /api/v1/sla/preview`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    pub calendar: CalendarSpec,
    pub target_minutes: i64,
    /// RFC 3339, any offset.
    pub opened: String,
    /// `[from, to]` pairs, RFC 3339.
    #[serde(default)]
    pub pauses: Vec<[String; 2]>,
}

/// The answer of `POST /api/v1/sla/preview`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct PreviewResponse {
    /// RFC 3339 in UTC, e.g. `"2026-12-08T13:05:00Z"` (see [`format_utc`]).
    pub due: String,
    pub explanation: String,
}

/// An RFC 3339 timestamp with any offset, in milliseconds; a problem at `path` if it is not one.
fn timestamp_ms(path: String, text: &str, problems: &mut Vec<SlaProblem>) -> Option<i64> {
    let parsed = text
        .parse::<Timestamp>()
        .ok()
        .map(Timestamp::as_millisecond);
    if parsed.is_none() {
        let example = "\"2026-12-07T15:05:00+01:00\"";
        let message = format!("not an RFC 3339 timestamp, e.g. {example}: \"{text}\"");
        problems.push(SlaProblem::new(path, message));
    }
    parsed
}

/// Checks a preview request, reporting every problem at once, and computes its due time.
pub fn preview(request: &PreviewRequest) -> Result<PreviewResponse, Vec<SlaProblem>> {
    let mut problems = Vec::new();
    let calendar = request
        .calendar
        .parse()
        .map_err(|found| problems.extend(found))
        .ok();
    let target = request.target_minutes;
    if !(1..=MAX_TARGET_MINUTES).contains(&target) {
        problems.push(SlaProblem::new(
            "target_minutes",
            format!("must be 1 to {MAX_TARGET_MINUTES} minutes (a year); got {target}"),
        ));
    }
    let opened = timestamp_ms("opened".to_owned(), &request.opened, &mut problems);
    let mut pauses = Vec::with_capacity(request.pauses.len());
    for (index, [from, to]) in request.pauses.iter().enumerate() {
        let from_ms = timestamp_ms(format!("pauses[{index}][0]"), from, &mut problems);
        let to_ms = timestamp_ms(format!("pauses[{index}][1]"), to, &mut problems);
        if let (Some(from_ms), Some(to_ms)) = (from_ms, to_ms) {
            if to_ms < from_ms {
                problems.push(SlaProblem::new(
                    format!("pauses[{index}]"),
                    "ends before it starts",
                ));
            }
            pauses.push(Pause { from_ms, to_ms });
        }
    }
    let (Some(calendar), Some(opened_ms), true) = (calendar, opened, problems.is_empty()) else {
        return Err(problems);
    };
    let found = due(&calendar, opened_ms, target, &pauses).map_err(|problem| vec![problem])?;
    Ok(PreviewResponse {
        due: format_utc(found.due_ms),
        explanation: found.explanation,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::indexing_slicing)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        text.parse::<Timestamp>().unwrap().as_millisecond()
    }

    fn office(zone: &str, days: &[&str], open: &str, close: &str, holidays: &[&str]) -> Calendar {
        let strings = |items: &[&str]| items.iter().map(|item| (*item).to_owned()).collect();
        let spec = CalendarSpec {
            time_zone: zone.to_owned(),
            kind: None,
            days: Some(strings(days)),
            open: Some(open.to_owned()),
            close: Some(close.to_owned()),
            holidays: Some(strings(holidays)),
        };
        spec.parse().unwrap()
    }

    const WEEKDAYS: [&str; 5] = ["mon", "tue", "wed", "thu", "fri"];

    fn paris(holidays: &[&str]) -> Calendar {
        office("Europe/Paris", &WEEKDAYS, "09:00", "17:00", holidays)
    }

    fn utc_around_the_clock() -> Calendar {
        let spec = CalendarSpec {
            time_zone: "UTC".into(),
            kind: Some("24x7".into()),
            ..Default::default()
        };
        spec.parse().unwrap()
    }

    fn pause(from: &str, to: &str) -> Pause {
        Pause {
            from_ms: at(from),
            to_ms: at(to),
        }
    }

    fn due_at(calendar: &Calendar, opened: &str, minutes: i64, pauses: &[Pause]) -> Due {
        due(calendar, at(opened), minutes, pauses).unwrap()
    }

    #[test]
    fn business_hours_skip_the_weekend() {
        // Fri 16:00–17:00 is one hour; the second is Mon 09:00–10:00 CET.
        let found = due_at(&paris(&[]), "2026-12-04T16:00:00+01:00", 120, &[]);
        assert_eq!(found.due_ms, at("2026-12-07T09:00:00Z"));
        assert_eq!(
            found.explanation,
            "due Mon 10:00 Europe/Paris (2026-12-07): 2 h of business hours 09–17 Mon–Fri \
             from Fri 16:00 (2026-12-04)"
        );
    }

    #[test]
    fn a_holiday_is_skipped_and_named() {
        // Thu 16:30–17:00, Fri 25 is a holiday, then the weekend, then Mon 28 09:00–09:30.
        let found = due_at(
            &paris(&["2026-12-25"]),
            "2026-12-24T16:30:00+01:00",
            60,
            &[],
        );
        assert_eq!(found.due_ms, at("2026-12-28T08:30:00Z"));
        assert!(
            found.explanation.contains("skipping holiday 2026-12-25"),
            "{}",
            found.explanation
        );
    }

    #[test]
    fn spring_forward_moves_the_opening_instant() {
        // Fri 27 March 16:00–17:00 CET, then Mon 30 March 09:00–10:00 CEST (UTC+2).
        let found = due_at(&paris(&[]), "2026-03-27T15:00:00Z", 120, &[]);
        assert_eq!(found.due_ms, at("2026-03-30T08:00:00Z"));
    }

    #[test]
    fn a_day_with_a_clock_change_counts_its_real_length() {
        let sundays = office("Europe/Paris", &["sun"], "01:00", "05:00", &[]);
        // Sun 29 March 2026: 01:00 CET is 00:00Z and 05:00 CEST is 03:00Z, three real hours.
        let spring = working_ms(
            &sundays,
            at("2026-03-28T23:00:00Z"),
            at("2026-03-29T22:00:00Z"),
            &[],
        );
        assert_eq!(spring, 3 * 3_600_000);
        // Sun 25 October 2026: 01:00 CEST is 23:00Z the day before and 05:00 CET is 04:00Z.
        let autumn = working_ms(
            &sundays,
            at("2026-10-24T22:00:00Z"),
            at("2026-10-25T23:00:00Z"),
            &[],
        );
        assert_eq!(autumn, 5 * 3_600_000);
        let found = due_at(&sundays, "2026-10-24T22:00:00Z", 300, &[]);
        assert_eq!(found.due_ms, at("2026-10-25T04:00:00Z"));
        // New York falls back on Sun 1 November 2026: midnight to midnight is 25 hours.
        let whole_sundays = office("America/New_York", &["sun"], "00:00", "24:00", &[]);
        let day = working_ms(
            &whole_sundays,
            at("2026-11-01T04:00:00Z"),
            at("2026-11-02T05:00:00Z"),
            &[],
        );
        assert_eq!(day, 25 * 3_600_000);
    }

    #[test]
    fn a_pause_over_the_night_stops_the_clock() {
        // Mon 15:00–16:00 counts, paused until Tue 10:00, then Tue 10:00–11:00 CET.
        let night = pause("2026-12-07T16:00:00+01:00", "2026-12-08T10:00:00+01:00");
        let found = due_at(&paris(&[]), "2026-12-07T15:00:00+01:00", 120, &[night]);
        assert_eq!(found.due_ms, at("2026-12-08T10:00:00Z"));
        assert_eq!(
            found.explanation,
            "due Tue 11:00 Europe/Paris (2026-12-08): 2 h of business hours 09–17 Mon–Fri \
             from Mon 15:00 (2026-12-07), paused 18 h waiting on partner"
        );
    }

    #[test]
    fn around_the_clock_counts_every_minute() {
        let calendar = utc_around_the_clock();
        let found = due_at(&calendar, "2026-12-05T23:58:00Z", 5, &[]);
        assert_eq!(found.due_ms, at("2026-12-06T00:03:00Z"));
        assert_eq!(
            found.explanation,
            "due Sun 00:03 UTC (2026-12-06): 5 min around the clock from Sat 23:58 (2026-12-05)"
        );
        let two_minutes = pause("2026-12-06T00:00:00Z", "2026-12-06T00:02:00Z");
        let found = due_at(&calendar, "2026-12-05T23:58:00Z", 5, &[two_minutes]);
        assert_eq!(found.due_ms, at("2026-12-06T00:05:00Z"));
        assert!(found
            .explanation
            .ends_with(", paused 2 min waiting on partner"));
    }

    #[test]
    fn edges_of_the_day_and_days_off() {
        let calendar = paris(&["2026-12-25"]);
        // Ending exactly at the close is due at the close, not at the next opening.
        let found = due_at(&calendar, "2026-12-07T15:00:00+01:00", 120, &[]);
        assert_eq!(found.due_ms, at("2026-12-07T16:00:00Z"));
        let found = due_at(&calendar, "2026-12-07T09:00:00+01:00", 480, &[]);
        assert_eq!(found.due_ms, at("2026-12-07T16:00:00Z"));
        // Opened on a Saturday: counting starts at Monday's opening.
        let found = due_at(&calendar, "2026-12-05T10:00:00+01:00", 30, &[]);
        assert_eq!(found.due_ms, at("2026-12-07T08:30:00Z"));
        // Opened during a holiday: counting starts on Monday 28.
        let found = due_at(&calendar, "2026-12-25T10:00:00+01:00", 60, &[]);
        assert_eq!(found.due_ms, at("2026-12-28T09:00:00Z"));
        assert!(found.explanation.contains("skipping holiday 2026-12-25"));
        // Opened after the holiday's hours: it was not skipped.
        let found = due_at(&calendar, "2026-12-25T18:00:00+01:00", 60, &[]);
        assert_eq!(found.due_ms, at("2026-12-28T09:00:00Z"));
        assert!(
            !found.explanation.contains("holiday"),
            "{}",
            found.explanation
        );
        // Forty hours is a working week.
        let found = due_at(&calendar, "2026-12-07T09:00:00+01:00", 2400, &[]);
        assert_eq!(found.due_ms, at("2026-12-11T16:00:00Z"));
        assert!(found.explanation.contains(": 40 h of business hours"));
    }

    #[test]
    fn due_is_the_earliest_instant_with_the_target_counted() {
        let calendars = [
            paris(&["2026-12-25", "2027-01-01"]),
            office(
                "America/New_York",
                &["sun", "mon", "wed"],
                "08:30",
                "24:00",
                &[],
            ),
            utc_around_the_clock(),
        ];
        let pause_sets = [
            vec![],
            vec![pause("2026-12-22T10:00:00Z", "2026-12-23T12:00:00Z")],
            vec![
                pause("2026-12-20T00:00:00Z", "2026-12-22T09:30:00Z"),
                pause("2026-12-22T09:00:00Z", "2026-12-22T11:00:00Z"),
                pause("2026-12-28T10:00:00Z", "2026-12-28T10:00:00Z"),
                pause("2026-12-29T13:00:00Z", "2026-12-31T08:00:00Z"),
            ],
        ];
        let openings = [
            "2026-12-21T15:59:30Z",
            "2026-12-24T16:30:00Z",
            "2026-12-26T03:00:00Z",
        ];
        for calendar in &calendars {
            for pauses in &pause_sets {
                for opened in openings {
                    for minutes in [1, 59, 61, 480, 3000, 10_000] {
                        let found = due_at(calendar, opened, minutes, pauses);
                        let target = minutes * MINUTE_MS;
                        let counted = working_ms(calendar, at(opened), found.due_ms, pauses);
                        assert_eq!(counted, target, "{opened} {minutes} {}", found.explanation);
                        let before = working_ms(calendar, at(opened), found.due_ms - 1, pauses);
                        assert!(before < target, "{opened} {minutes} {}", found.explanation);
                    }
                }
            }
        }
    }

    #[test]
    fn bad_targets_and_endless_pauses_are_problems() {
        let calendar = paris(&[]);
        let opened = at("2026-12-07T09:00:00Z");
        let forever = Pause {
            from_ms: opened,
            to_ms: i64::MAX,
        };
        let path_of = |calendar: &Calendar, minutes: i64, pauses: &[Pause]| {
            due(calendar, opened, minutes, pauses).unwrap_err().path
        };
        assert_eq!(path_of(&calendar, 0, &[]), "target_minutes");
        assert_eq!(path_of(&calendar, 525_601, &[]), "target_minutes");
        assert_eq!(path_of(&calendar, 5, &[forever]), "calendar");
        assert_eq!(path_of(&utc_around_the_clock(), 5, &[forever]), "calendar");
        assert_eq!(working_ms(&calendar, opened, opened - 1, &[]), 0);
    }

    fn paths(problems: &[SlaProblem]) -> Vec<&str> {
        problems
            .iter()
            .map(|problem| problem.path.as_str())
            .collect()
    }

    fn spec_problems(json: &str) -> Vec<SlaProblem> {
        serde_json::from_str::<CalendarSpec>(json)
            .unwrap()
            .parse()
            .unwrap_err()
    }

    #[test]
    fn parse_reports_every_problem_with_its_path() {
        let problems = spec_problems(
            r#"{"time_zone": "Mars/Base", "days": ["mon", "funday", "MON"], "open": "9am",
            "close": "25:00", "holidays": ["2026-12-25", "2026-13-01", "2026-12-25"]}"#,
        );
        let expected = [
            "calendar.time_zone",
            "calendar.days[1]",
            "calendar.days[2]",
            "calendar.open",
            "calendar.close",
            "calendar.holidays[1]",
            "calendar.holidays[2]",
        ];
        assert_eq!(paths(&problems), expected);
        assert!(problems[0]
            .message
            .contains("unknown time zone \"Mars/Base\""));

        let json = r#"{"time_zone": "UTC", "kind": "24x7", "days": ["mon"], "open": "09:00"}"#;
        assert_eq!(
            paths(&spec_problems(json)),
            ["calendar.days", "calendar.open"]
        );
        let json = r#"{"time_zone": "UTC", "days": [], "open": "17:00", "close": "09:00"}"#;
        assert_eq!(
            paths(&spec_problems(json)),
            ["calendar.days", "calendar.close"]
        );
        let json = r#"{"time_zone": "UTC", "days": ["sat"], "open": "24:00", "close": "00:00"}"#;
        assert_eq!(
            paths(&spec_problems(json)),
            ["calendar.open", "calendar.close"]
        );
        let json = r#"{"time_zone": "", "kind": "weekly"}"#;
        assert_eq!(
            paths(&spec_problems(json)),
            ["calendar.time_zone", "calendar.kind"]
        );
        let missing = ["calendar.days", "calendar.open", "calendar.close"];
        assert_eq!(paths(&spec_problems(r#"{"time_zone": "UTC"}"#)), missing);
        assert!(
            serde_json::from_str::<CalendarSpec>(r#"{"time_zone": "UTC", "hours": 8}"#).is_err()
        );
    }

    #[test]
    fn specs_round_trip_and_describe_themselves() {
        let calendar = paris(&["2026-12-25", "2027-01-01"]);
        assert_eq!(
            calendar.describe(),
            "business hours 09–17 Mon–Fri, Europe/Paris, 2 holidays"
        );
        assert_eq!(calendar.spec().parse().unwrap(), calendar);
        let json = serde_json::to_string(&calendar.spec()).unwrap();
        assert_eq!(
            json,
            r#"{"time_zone":"Europe/Paris","days":["mon","tue","wed","thu","fri"],"open":"09:00","close":"17:00","holidays":["2026-12-25","2027-01-01"]}"#
        );

        let odd = office(
            "europe/paris",
            &["Fri", "mon", "wed"],
            "09:30",
            "24:00",
            &[],
        );
        assert_eq!(
            odd.describe(),
            "business hours 09:30–24:00 Mon, Wed, Fri, Europe/Paris"
        );
        assert_eq!(odd.spec().close.as_deref(), Some("24:00"));
        assert_eq!(odd.spec().parse().unwrap(), odd);

        let gulf = office(
            "Asia/Dubai",
            &["sun", "mon", "tue", "wed", "thu"],
            "08:00",
            "16:00",
            &[],
        );
        assert_eq!(gulf.describe(), "business hours 08–16 Sun–Thu, Asia/Dubai");

        let always = utc_around_the_clock();
        assert_eq!(always.describe(), "around the clock (24/7), UTC");
        assert_eq!(
            serde_json::to_string(&always.spec()).unwrap(),
            r#"{"time_zone":"UTC","kind":"24x7"}"#
        );
        assert_eq!(always.spec().parse().unwrap(), always);
    }

    #[test]
    fn preview_of_the_wire_example() {
        // Mon 15:05–17:00 is 115 min; Tue paused 09:00–11:10, then 125 min: Tue 13:15 CET.
        let json = r#"{"calendar": {"time_zone":"Europe/Paris","days":["mon","tue","wed","thu","fri"],
            "open":"09:00","close":"17:00","holidays":["2026-12-25"]},"target_minutes":240,
            "opened":"2026-12-07T15:05:00+01:00",
            "pauses":[["2026-12-08T09:00:00+01:00","2026-12-08T11:10:00+01:00"]]}"#;
        let request: PreviewRequest = serde_json::from_str(json).unwrap();
        let response = preview(&request).unwrap();
        assert_eq!(response.due, "2026-12-08T12:15:00Z");
        assert_eq!(
            response.explanation,
            "due Tue 13:15 Europe/Paris (2026-12-08): 4 h of business hours 09–17 Mon–Fri \
             from Mon 15:05 (2026-12-07), paused 2 h 10 min waiting on partner"
        );
    }

    #[test]
    fn preview_reports_every_problem() {
        let json = r#"{"calendar": {"time_zone":"UTC","kind":"24x7"},"target_minutes":0,
            "opened":"yesterday","pauses":[["2026-12-08T09:00:00Z","2026-12-08T08:00:00Z"],["soon","2026-12-08T08:00:00Z"]]}"#;
        let request: PreviewRequest = serde_json::from_str(json).unwrap();
        let problems = preview(&request).unwrap_err();
        let expected = ["target_minutes", "opened", "pauses[0]", "pauses[1][0]"];
        assert_eq!(paths(&problems), expected);
        assert_eq!(
            format_utc(at("2026-12-08T13:05:00.250+01:00")),
            "2026-12-08T12:05:00.25Z"
        );
        assert_eq!(
            format_utc(at("2026-12-08T13:05:00+01:00")),
            "2026-12-08T12:05:00Z"
        );
    }
}
