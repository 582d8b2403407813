//! Utility functions (spec 5.9 and 2.1 additions): `trace`, `now`, `today`, `timeOfDay`,
//! `aggregate`, `sort`, and `defineVariable` (3.0).

use std::cmp::Ordering;

use super::super::compile::{Compiled, Op};
use super::super::datetime::{DateTime, Precision};
use super::super::error::{eval_error, EvalResult};
use super::super::eval::equality::order_for_sort;
use super::super::eval::{Call, Evaluator, Frame};
use super::super::value::{Collection, Item};

pub(crate) fn trace<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let name_value = ev.arg(call, 0)?;
    let name = ev
        .single_string(&name_value, "the name of trace()")?
        .unwrap_or_default();
    if let Some(sink) = ev.env.trace() {
        match call.args.get(1) {
            Some(projection) => {
                let mut projected = Vec::new();
                for (index, item) in input.iter().enumerate() {
                    projected.extend(ev.eval_with_this(projection, item, index, None)?);
                }
                sink(&name, &projected);
            }
            None => sink(&name, &input),
        }
    }
    Ok(input)
}

pub(crate) fn now<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    _: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(vec![Item::DateTime(ev.now())])
}

pub(crate) fn today<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    _: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut date = ev.now().date;
    date.precision = Precision::Day;
    Ok(vec![Item::Date(date)])
}

pub(crate) fn time_of_day<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    _: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let DateTime { time, .. } = ev.now();
    Ok(time.map(Item::Time).into_iter().collect())
}

/// `aggregate(aggregator [, init])`: `$total` starts as `init` and becomes the aggregator's
/// result for each item in turn.
pub(crate) fn aggregate<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut total = ev.arg(call, 1)?;
    let Some(aggregator) = call.args.first() else {
        return Ok(total);
    };
    for (index, item) in input.iter().enumerate() {
        let this = std::slice::from_ref(item);
        total = ev.eval(
            aggregator,
            Frame {
                this,
                index: Some(index),
                total: Some(&total),
            },
        )?;
    }
    Ok(total)
}

/// A sort key and its direction: a leading unary minus (`sort(-$this)`) means descending.
/// Items without a key sort after those with one (so first when descending).
fn key_of(arg: &Compiled) -> (&Compiled, bool) {
    match &arg.op {
        Op::Negate(inner) => (inner, true),
        _ => (arg, false),
    }
}

pub(crate) fn sort<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut keyed: Vec<(Vec<Option<Item<'a>>>, Item<'a>)> = Vec::with_capacity(input.len());
    for (index, item) in input.into_iter().enumerate() {
        let mut keys = Vec::with_capacity(call.args.len().max(1));
        if call.args.is_empty() {
            keys.push(ev.primitive(&item));
        }
        for arg in call.args {
            let (expr, _) = key_of(arg);
            let value = ev.eval_with_this(expr, &item, index, None)?;
            keys.push(ev.single_value(&value, "a sort key")?);
        }
        keyed.push((keys, item));
    }
    for (keys, _) in &keyed {
        if keys
            .iter()
            .flatten()
            .any(|key| matches!(key, Item::Node(_) | Item::Type(_)))
        {
            return Err(eval_error!("sort() keys must be primitive values"));
        }
    }
    let descending: Vec<bool> = call.args.iter().map(|arg| key_of(arg).1).collect();
    keyed.sort_by(|(left, _), (right, _)| {
        for (position, (left, right)) in left.iter().zip(right).enumerate() {
            let order = match (left, right) {
                (None, None) => Ordering::Equal,
                (None, Some(_)) => Ordering::Greater,
                (Some(_), None) => Ordering::Less,
                (Some(left), Some(right)) => order_for_sort(left, right),
            };
            let order = if descending.get(position).copied().unwrap_or(false) {
                order.reverse()
            } else {
                order
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        Ordering::Equal
    });
    Ok(keyed.into_iter().map(|(_, item)| item).collect())
}

/// `defineVariable(name [, value])` (FHIRPath 3.0, STU): `%name` is `value` evaluated on the
/// whole input (or the input itself) for the rest of the path; the input passes through. A
/// name that already means something (defined, set by the caller, `%context`, `%ucum`, …) is
/// an error.
pub(crate) fn define_variable<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let name_value = match call.args.first() {
        Some(name) => ev.eval(name, call.frame)?,
        None => Vec::new(),
    };
    let Some(name) = ev.single_string(&name_value, "the name of defineVariable()")? else {
        return Err(eval_error!("defineVariable() needs a name"));
    };
    if ev.variable_exists(&name) {
        return Err(eval_error!("the variable %{name} is already defined"));
    }
    let value = match call.args.get(1) {
        Some(value) => ev.eval(
            value,
            Frame {
                this: &input,
                index: None,
                total: None,
            },
        )?,
        None => input.clone(),
    };
    ev.defined.push((name.into_owned(), value));
    Ok(input)
}
