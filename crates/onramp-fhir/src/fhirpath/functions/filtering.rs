//! Filtering and projection (spec 5.2): `where`, `select`, `repeat`, `ofType`.

use super::super::compile::CallExtra;
use super::super::error::{eval_error, EvalResult};
use super::super::eval::typing::{matches_type, Match};
use super::super::eval::{Call, Evaluator};
use super::super::value::Collection;

pub(crate) fn where_<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(criteria) = call.args.first() else {
        return Ok(input);
    };
    let mut kept = Vec::new();
    for (index, item) in input.into_iter().enumerate() {
        let result = ev.eval_with_this(criteria, &item, index, None)?;
        if ev.as_boolean(&result, "where()")? == Some(true) {
            kept.push(item);
        }
    }
    Ok(kept)
}

pub(crate) fn select<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(projection) = call.args.first() else {
        return Ok(input);
    };
    let mut projected = Vec::new();
    for (index, item) in input.iter().enumerate() {
        projected.extend(ev.eval_with_this(projection, item, index, None)?);
    }
    Ok(projected)
}

/// Applies the projection to the input, then to its results, until nothing new appears. Nodes
/// are new when they are another place in the input; other values when no equal value was seen.
pub(crate) fn repeat<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let Some(projection) = call.args.first() else {
        return Ok(input);
    };
    let mut result: Collection<'a> = Vec::new();
    let mut pending = input;
    let mut rounds = 0usize;
    while !pending.is_empty() {
        rounds += 1;
        if rounds > 10_000 {
            return Err(eval_error!("repeat() did not finish after 10000 rounds"));
        }
        let mut next = Vec::new();
        for (index, item) in pending.iter().enumerate() {
            for found in ev.eval_with_this(projection, item, index, None)? {
                // Items already found are not added again: equal (`=`) ones included, not only
                // the same element twice (FHIRPath 2.0 §5.2.3).
                let seen = ev.collection_has(&result, &found);
                if !seen {
                    result.push(found.clone());
                    next.push(found);
                }
            }
        }
        pending = next;
    }
    Ok(result)
}

pub(crate) fn of_type<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let CallExtra::Type(spec) = call.extra else {
        return Err(eval_error!("ofType() needs a type"));
    };
    let types = ev.types();
    Ok(input
        .into_iter()
        .filter(|item| matches_type(types, item, spec, Match::Cast))
        .collect())
}
