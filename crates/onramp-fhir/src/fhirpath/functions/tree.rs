//! Tree navigation (spec 5.8): `children()` and `descendants()`.

use super::super::error::EvalResult;
use super::super::eval::{Call, Evaluator};
use super::super::value::{Collection, Item};

pub(crate) fn children<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut out = Vec::new();
    for item in &input {
        if let Item::Node(node) = item {
            ev.children(node, &mut out);
        }
    }
    Ok(out)
}

/// All descendants, level by level (the input itself excluded).
pub(crate) fn descendants<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut out: Collection<'a> = Vec::new();
    for item in &input {
        if let Item::Node(node) = item {
            ev.children(node, &mut out);
        }
    }
    let mut position = 0;
    loop {
        let node = match out.get(position) {
            Some(Item::Node(node)) => *node,
            Some(_) => {
                position += 1;
                continue;
            }
            None => break,
        };
        ev.children(&node, &mut out);
        position += 1;
    }
    Ok(out)
}
