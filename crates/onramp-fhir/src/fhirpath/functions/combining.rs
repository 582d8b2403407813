//! Combining (spec 5.4): `union` (without duplicates) and `combine` (with them).

use super::super::error::EvalResult;
use super::super::eval::equality;
use super::super::eval::{Call, Evaluator};
use super::super::value::Collection;

pub(crate) fn union<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    Ok(equality::union(ev, input, other))
}

pub(crate) fn combine<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    mut input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    input.extend(ev.arg(call, 0)?);
    Ok(input)
}
