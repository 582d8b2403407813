//! Type functions (spec 6.3): `is()`, `as()` and `type()` (`ofType()` is with filtering).

use super::super::compile::CallExtra;
use super::super::error::{eval_error, EvalResult};
use super::super::eval::typing::{matches_type, type_info, Match};
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};
use super::single_input as single;

pub(crate) fn is<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let CallExtra::Type(spec) = call.extra else {
        return Err(eval_error!("is() needs a type"));
    };
    let Some(item) = single(call, &input)? else {
        return Ok(Vec::new());
    };
    Ok(vec![Item::Boolean(matches_type(
        ev.types(),
        item,
        spec,
        Match::Subtype,
    ))])
}

/// `as()` keeps the items of the type, like `ofType()`. FHIRPath 2.0 makes several input items an
/// error, but R4's own invariants (dom-3: `%resource.descendants().as(canonical)`) rely on the
/// earlier filtering behaviour, which the reference implementations keep; so does this one. The
/// `as` operator (`x as T`) keeps the 2.0 rule.
pub(crate) fn as_<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let CallExtra::Type(spec) = call.extra else {
        return Err(eval_error!("as() needs a type"));
    };
    let types = ev.types();
    Ok(input
        .into_iter()
        .filter(|item| matches_type(types, item, spec, Match::Cast))
        .collect())
}

pub(crate) fn type_<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let types = ev.types();
    Ok(input
        .iter()
        .map(|item| Item::Type(Box::new(type_info(types, item))))
        .collect())
}
