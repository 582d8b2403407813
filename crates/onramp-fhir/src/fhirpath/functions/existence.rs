//! Existence (spec 5.1): `empty`, `exists`, `all`, `allTrue` & co, `subsetOf`, `supersetOf`,
//! `count`, `distinct`, `isDistinct`.

use super::super::error::{eval_error, EvalResult};
use super::super::eval::equality::union;
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};

pub(crate) fn empty<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Boolean(input.is_empty())])
}

pub(crate) fn exists<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(criteria) = call.args.first() else {
        return Ok(vec![Item::Boolean(!input.is_empty())]);
    };
    for (index, item) in input.iter().enumerate() {
        let result = ev.eval_with_this(criteria, item, index, None)?;
        if ev.as_boolean(&result, "exists()")? == Some(true) {
            return Ok(vec![Item::Boolean(true)]);
        }
    }
    Ok(vec![Item::Boolean(false)])
}

pub(crate) fn all<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(criteria) = call.args.first() else {
        return Ok(vec![Item::Boolean(true)]);
    };
    for (index, item) in input.iter().enumerate() {
        let result = ev.eval_with_this(criteria, item, index, None)?;
        if ev.as_boolean(&result, "all()")? != Some(true) {
            return Ok(vec![Item::Boolean(false)]);
        }
    }
    Ok(vec![Item::Boolean(true)])
}

/// Every item must be a Boolean.
fn booleans<'a>(ev: &Evaluator<'a, '_>, input: &[Item<'a>], name: &str) -> EvalResult<Vec<bool>> {
    input
        .iter()
        .map(|item| match ev.primitive(item) {
            Some(Item::Boolean(value)) => Ok(value),
            _ => Err(eval_error!(
                "{name}() expects Booleans, not {}",
                ev.describe(item)
            )),
        })
        .collect()
}

pub(crate) fn all_true<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Boolean(
        booleans(ev, &input, call.name)?.iter().all(|value| *value),
    )])
}

pub(crate) fn any_true<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Boolean(
        booleans(ev, &input, call.name)?.iter().any(|value| *value),
    )])
}

pub(crate) fn all_false<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Boolean(
        booleans(ev, &input, call.name)?.iter().all(|value| !*value),
    )])
}

pub(crate) fn any_false<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Boolean(
        booleans(ev, &input, call.name)?.iter().any(|value| !*value),
    )])
}

pub(crate) fn subset_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    Ok(vec![Item::Boolean(
        input.iter().all(|item| ev.collection_has(&other, item)),
    )])
}

pub(crate) fn superset_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    Ok(vec![Item::Boolean(
        other.iter().all(|item| ev.collection_has(&input, item)),
    )])
}

pub(crate) fn count<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::Integer(
        i64::try_from(input.len()).unwrap_or(i64::MAX),
    )])
}

pub(crate) fn distinct<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(union(ev, input, Vec::new()))
}

pub(crate) fn is_distinct<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let count = input.len();
    Ok(vec![Item::Boolean(
        union(ev, input, Vec::new()).len() == count,
    )])
}
