//! Boolean logic functions (spec 6.5): `not()`.

use super::super::error::EvalResult;
use super::super::eval::{boolean_or_empty, Call, Evaluator};
use super::super::value::Collection;

pub(crate) fn not<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(boolean_or_empty(
        ev.as_boolean(&input, "not()")?.map(|value| !value),
    ))
}
