//! Date, DateTime and Time components (FHIRPath 3.0, STU): `yearOf()`, `monthOf()`, `dayOf()`,
//! `hourOf()`, `minuteOf()`, `secondOf()`, `millisecondOf()`, `timezoneOffsetOf()`, `dateOf()`,
//! `timeOf()`.
//!
//! Each takes one Date, DateTime or Time (whichever carry the component) and is empty when the
//! input is empty or the value was written without that component (`@2014.monthOf()`).

use rust_decimal::Decimal;

use super::super::datetime::{Date, DateTime, Precision, Time};
use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};
use super::single_input;

/// The input's date and time parts, as far as they were written.
struct Parts {
    date: Option<Date>,
    time: Option<Time>,
    offset_minutes: Option<i16>,
}

fn parts<'a>(
    ev: &Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    accepts_time: bool,
) -> EvalResult<Option<Parts>> {
    let Some(item) = single_input(call, input)? else {
        return Ok(None);
    };
    Ok(Some(match ev.primitive(item) {
        Some(Item::Date(date)) => Parts {
            date: Some(date),
            time: None,
            offset_minutes: None,
        },
        Some(Item::DateTime(DateTime {
            date,
            time,
            offset_minutes,
        })) => Parts {
            date: Some(date),
            time,
            offset_minutes,
        },
        Some(Item::Time(time)) if accepts_time => Parts {
            date: None,
            time: Some(time),
            offset_minutes: None,
        },
        _ => {
            return Err(eval_error!(
                "{}() applies to {}, not {}",
                call.name,
                if accepts_time {
                    "a Date, DateTime or Time"
                } else {
                    "a Date or DateTime"
                },
                ev.describe(item)
            ))
        }
    }))
}

fn integer<'a>(value: Option<impl Into<i64>>) -> Collection<'a> {
    value
        .map(|value| Item::Integer(value.into()))
        .into_iter()
        .collect()
}

fn date_component<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    component: fn(&Date) -> Option<i64>,
) -> EvalResult<Collection<'a>> {
    let date = parts(ev, call, input, false)?.and_then(|parts| parts.date);
    Ok(integer(date.as_ref().and_then(component)))
}

fn time_component<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: &[Item<'a>],
    component: fn(&Time) -> Option<i64>,
) -> EvalResult<Collection<'a>> {
    let time = parts(ev, call, input, true)?.and_then(|parts| parts.time);
    Ok(integer(time.as_ref().and_then(component)))
}

pub(crate) fn year_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    date_component(ev, call, &input, |date| Some(i64::from(date.year)))
}

pub(crate) fn month_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    date_component(ev, call, &input, |date| {
        (date.precision >= Precision::Month).then_some(i64::from(date.month))
    })
}

pub(crate) fn day_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    date_component(ev, call, &input, |date| {
        (date.precision >= Precision::Day).then_some(i64::from(date.day))
    })
}

pub(crate) fn hour_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    time_component(ev, call, &input, |time| Some(i64::from(time.hour)))
}

pub(crate) fn minute_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    time_component(ev, call, &input, |time| {
        (time.precision >= Precision::Minute).then_some(i64::from(time.minute))
    })
}

pub(crate) fn second_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    time_component(ev, call, &input, |time| {
        (time.precision >= Precision::Second).then_some(i64::from(time.second))
    })
}

pub(crate) fn millisecond_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    time_component(ev, call, &input, |time| {
        (time.precision >= Precision::Second && time.fraction_digits > 0)
            .then_some(i64::from(time.nanos / 1_000_000))
    })
}

/// The offset from UTC in hours, as a Decimal (`-05:30` is `-5.5`).
pub(crate) fn timezone_offset_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let offset = parts(ev, call, &input, false)?.and_then(|parts| parts.offset_minutes);
    Ok(offset
        .and_then(|minutes| Decimal::from(minutes).checked_div(Decimal::from(60)))
        .map(|hours| Item::Decimal(hours.normalize()))
        .into_iter()
        .collect())
}

pub(crate) fn date_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let date = parts(ev, call, &input, false)?.and_then(|parts| parts.date);
    Ok(date.map(Item::Date).into_iter().collect())
}

pub(crate) fn time_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let time = parts(ev, call, &input, false)?.and_then(|parts| parts.time);
    Ok(time.map(Item::Time).into_iter().collect())
}
