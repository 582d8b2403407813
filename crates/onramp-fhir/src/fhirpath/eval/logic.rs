//! Boolean logic: the singleton evaluation of collections as booleans, and `and`, `or`, `xor`,
//! `implies` with three-valued logic (empty is unknown). `and`, `or` and `implies` do not
//! evaluate their right side when the left side decides.

use super::super::ast::BinaryOp;
use super::super::compile::Compiled;
use super::super::error::{eval_error, EvalResult};
use super::super::value::{Collection, Item};
use super::{boolean_or_empty, Evaluator, Frame};

impl<'a> Evaluator<'a, '_> {
    /// A collection where a Boolean is expected: empty is unknown; one Boolean is itself; any
    /// other single item is true; several items are an error.
    pub fn as_boolean(&self, collection: &[Item<'a>], what: &str) -> EvalResult<Option<bool>> {
        match collection {
            [] => Ok(None),
            // A primitive with only extensions has no value: unknown, as empty is.
            [item] if self.has_no_value(item) => Ok(None),
            [item] => Ok(Some(match self.primitive(item) {
                Some(Item::Boolean(value)) => value,
                _ => true,
            })),
            _ => Err(eval_error!(
                "{what} expects a single Boolean, not a collection of {}",
                collection.len()
            )),
        }
    }

    /// Like [`Evaluator::as_boolean`] but the single item must really be a Boolean.
    pub fn strict_boolean(&self, collection: &[Item<'a>], what: &str) -> EvalResult<Option<bool>> {
        match collection {
            [] => Ok(None),
            [item] if self.has_no_value(item) => Ok(None),
            [item] => match self.primitive(item) {
                Some(Item::Boolean(value)) => Ok(Some(value)),
                _ => Err(eval_error!(
                    "{what} expects a Boolean, not {}",
                    self.describe(item)
                )),
            },
            _ => Err(eval_error!(
                "{what} expects a single Boolean, not a collection of {}",
                collection.len()
            )),
        }
    }
}

pub(crate) fn boolean_operator<'a>(
    ev: &mut Evaluator<'a, '_>,
    op: BinaryOp,
    left: &'a Compiled,
    right: &'a Compiled,
    frame: Frame<'_, 'a>,
) -> EvalResult<Collection<'a>> {
    let what = op.symbol();
    let left = ev.eval(left, frame)?;
    let left = ev.as_boolean(&left, what)?;
    let decided = match (op, left) {
        (BinaryOp::And, Some(false)) => Some(false),
        (BinaryOp::Or, Some(true)) => Some(true),
        (BinaryOp::Implies, Some(false)) => Some(true),
        _ => None,
    };
    if let Some(result) = decided {
        return Ok(vec![Item::Boolean(result)]);
    }
    let right = ev.eval(right, frame)?;
    let right = ev.as_boolean(&right, what)?;
    let result = match op {
        BinaryOp::And => match (left, right) {
            (_, Some(false)) => Some(false),
            (Some(true), Some(true)) => Some(true),
            _ => None,
        },
        BinaryOp::Or => match (left, right) {
            (_, Some(true)) => Some(true),
            (Some(false), Some(false)) => Some(false),
            _ => None,
        },
        BinaryOp::Xor => match (left, right) {
            (Some(left), Some(right)) => Some(left != right),
            _ => None,
        },
        _ => match (left, right) {
            (_, Some(true)) => Some(true),
            (Some(true), Some(false)) => Some(false),
            _ => None,
        },
    };
    Ok(boolean_or_empty(result))
}
