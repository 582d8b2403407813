//! Subsetting (spec 5.3): `single`, `first`, `last`, `tail`, `skip`, `take`, `intersect`, `exclude`.

use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator};
use super::super::value::Collection;

pub(crate) fn single<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    if input.len() > 1 {
        return Err(eval_error!("single() found {} items", input.len()));
    }
    Ok(input)
}

pub(crate) fn first<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(input.into_iter().take(1).collect())
}

pub(crate) fn last<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    mut input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(input.pop().into_iter().collect())
}

pub(crate) fn tail<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(input.into_iter().skip(1).collect())
}

fn count_arg<'a>(ev: &mut Evaluator<'a, '_>, call: &Call<'a, '_>) -> EvalResult<Option<usize>> {
    let argument = ev.arg(call, 0)?;
    let count = ev.single_integer(&argument, &format!("the argument of {}()", call.name))?;
    Ok(count.map(|count| usize::try_from(count.max(0)).unwrap_or(0)))
}

pub(crate) fn skip<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    match count_arg(ev, call)? {
        Some(count) => Ok(input.into_iter().skip(count).collect()),
        None => Ok(input),
    }
}

pub(crate) fn take<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    match count_arg(ev, call)? {
        Some(count) => Ok(input.into_iter().take(count).collect()),
        None => Ok(Vec::new()),
    }
}

pub(crate) fn intersect<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    let mut result: Collection<'a> = Vec::new();
    for item in input {
        if ev.collection_has(&other, &item) && !ev.collection_has(&result, &item) {
            result.push(item);
        }
    }
    Ok(result)
}

pub(crate) fn exclude<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    Ok(input
        .into_iter()
        .filter(|item| !ev.collection_has(&other, item))
        .collect())
}
