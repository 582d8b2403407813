//! The evaluator: walks a compiled expression over the input, one collection at a time.
//!
//! A [`Frame`] holds what `$this`, `$index` and `$total` mean where an expression is evaluated;
//! function arguments are evaluated in the caller's frame, and lambda arguments (`where`,
//! `select`, …) once per input item in a frame of their own.

pub(crate) mod arithmetic;
pub(crate) mod equality;
pub(crate) mod logic;
pub(crate) mod navigation;
pub(crate) mod ordering;
pub(crate) mod typing;

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::compile::{CallExtra, Compiled, Literal, Op};
use super::datetime::DateTime;
use super::document::Document;
use super::document_nav::JsonTypeCache;
use super::engine::{Engine, Environment};
use super::error::{eval_error, EvalError, EvalResult};
use super::node::{self, Strictness};
use super::types::TypeTable;
use super::value::{Collection, Item};

/// What `$this`, `$index` and `$total` refer to.
#[derive(Clone, Copy)]
pub(crate) struct Frame<'f, 'a> {
    pub this: &'f [Item<'a>],
    pub index: Option<usize>,
    pub total: Option<&'f [Item<'a>]>,
}

/// A function invocation as the dispatch table hands it to an implementation.
pub(crate) struct Call<'a, 'f> {
    pub name: &'static str,
    pub args: &'a [Compiled],
    pub extra: &'a CallExtra,
    /// The frame the arguments are evaluated in.
    pub frame: Frame<'f, 'a>,
}

pub(crate) struct Evaluator<'a, 'e> {
    pub engine: &'e Engine,
    pub env: &'e Environment<'a>,
    /// `%context`: what the expression was evaluated on.
    pub context: Collection<'a>,
    /// `now()` for the whole evaluation, read from the clock on first use.
    pub now: Option<DateTime>,
    pub strictness: Strictness,
    /// The index of the input, when the caller built one.
    pub document: Option<&'a Document<'a>>,
    pub json_types: JsonTypeCache,
    /// Results of [`Compiled::memoize`] parts, by node address, for this evaluation.
    pub memo: FxHashMap<usize, Collection<'a>>,
    /// Variables from `defineVariable()`, innermost last. A variable stays visible along the
    /// path that follows its definition and ends with the argument or operand it was defined in.
    pub defined: Vec<(String, Collection<'a>)>,
}

impl<'a, 'e> Evaluator<'a, 'e> {
    /// The time `now()`, `today()` and `timeOfDay()` give, the same throughout the evaluation.
    pub fn now(&mut self) -> DateTime {
        *self.now.get_or_insert_with(super::engine::now)
    }

    pub fn types(&self) -> &'e TypeTable {
        self.engine.types()
    }

    /// Evaluates an expression; variables it defines end with it.
    pub fn eval(
        &mut self,
        compiled: &'a Compiled,
        frame: Frame<'_, 'a>,
    ) -> EvalResult<Collection<'a>> {
        let n_defined = self.defined.len();
        let result = self.eval_path(compiled, frame);
        self.defined.truncate(n_defined);
        result
    }

    /// Evaluates the target of a path step: variables it defines stay for the rest of the path.
    fn eval_path(
        &mut self,
        compiled: &'a Compiled,
        frame: Frame<'_, 'a>,
    ) -> EvalResult<Collection<'a>> {
        // Inside an iteration, a focus-free part gives what it gave the last time.
        let memo_key = (compiled.memoize && frame.index.is_some())
            .then_some(std::ptr::from_ref(compiled) as usize);
        if let Some(found) = memo_key.and_then(|key| self.memo.get(&key)) {
            return Ok(found.clone());
        }
        let result = self
            .eval_op(compiled, frame)
            .map_err(|error| error.at(compiled.span))?;
        if let Some(key) = memo_key {
            self.memo.insert(key, result.clone());
        }
        Ok(result)
    }

    fn eval_op(
        &mut self,
        compiled: &'a Compiled,
        frame: Frame<'_, 'a>,
    ) -> EvalResult<Collection<'a>> {
        match &compiled.op {
            Op::Empty => Ok(Vec::new()),
            Op::Literal(literal) => Ok(vec![literal_item(literal)]),
            Op::This => Ok(frame.this.to_vec()),
            Op::Index => Ok(frame
                .index
                .map(|index| Item::Integer(i64::try_from(index).unwrap_or(i64::MAX)))
                .into_iter()
                .collect()),
            Op::Total => Ok(frame.total.map(<[Item<'a>]>::to_vec).unwrap_or_default()),
            Op::Variable(name) => self.variable(name),
            Op::Member { target: None, name } => self.member(frame.this, name, true),
            Op::Member {
                target: Some(target),
                name,
            } => {
                let input = self.eval_path(target, frame)?;
                self.member(&input, name, false)
            }
            Op::Call {
                target,
                function,
                args,
                extra,
            } => {
                let input = match target {
                    Some(target) => self.eval_path(target, frame)?,
                    None => frame.this.to_vec(),
                };
                let call = Call {
                    name: function.name,
                    args,
                    extra,
                    frame,
                };
                (function.run)(self, &call, input)
            }
            Op::Indexer { target, index } => {
                let input = self.eval_path(target, frame)?;
                let index = self.eval(index, frame)?;
                let position = match self.single_value(&index, "an index")? {
                    None => return Ok(Vec::new()),
                    Some(Item::Integer(position)) => position,
                    Some(_) => return Err(eval_error!("an index must be an integer")),
                };
                Ok(usize::try_from(position)
                    .ok()
                    .and_then(|position| input.into_iter().nth(position))
                    .into_iter()
                    .collect())
            }
            Op::Negate(operand) => {
                let operand = self.eval(operand, frame)?;
                arithmetic::negate(self, operand)
            }
            Op::Plus(operand) => {
                let operand = self.eval(operand, frame)?;
                arithmetic::plus(self, operand)
            }
            Op::Binary { op, left, right } => self.binary(*op, left, right, frame),
            Op::TypeTest { op, operand, spec } => {
                let operand = self.eval(operand, frame)?;
                typing::type_operator(self, *op, spec, operand)
            }
        }
    }

    /// Evaluates argument `position` of a call in the caller's frame.
    pub fn arg(&mut self, call: &Call<'a, '_>, position: usize) -> EvalResult<Collection<'a>> {
        match call.args.get(position) {
            Some(arg) => self.eval(arg, call.frame),
            None => Ok(Vec::new()),
        }
    }

    /// Evaluates a lambda argument with `$this` set to `item`.
    pub fn eval_with_this(
        &mut self,
        expr: &'a Compiled,
        item: &Item<'a>,
        index: usize,
        total: Option<&[Item<'a>]>,
    ) -> EvalResult<Collection<'a>> {
        let this = std::slice::from_ref(item);
        self.eval(
            expr,
            Frame {
                this,
                index: Some(index),
                total,
            },
        )
    }

    fn variable(&self, name: &str) -> EvalResult<Collection<'a>> {
        if let Some((_, value)) = self
            .defined
            .iter()
            .rev()
            .find(|(defined, _)| defined == name)
        {
            return Ok(value.clone());
        }
        if let Some(value) = self.env.variable(name) {
            return Ok(value.clone());
        }
        let constant = |text: &str| Ok(vec![Item::string(text)]);
        match name {
            "context" => Ok(self.context.clone()),
            "resource" | "rootResource" => {
                let resource = if name == "rootResource" {
                    self.env.variable("resource")
                } else {
                    None
                };
                Ok(resource.cloned().unwrap_or_else(|| self.context.clone()))
            }
            "ucum" => constant("http://unitsofmeasure.org"),
            "sct" => constant("http://snomed.info/sct"),
            "loinc" => constant("http://loinc.org"),
            _ => {
                if let Some(value_set) = name.strip_prefix("vs-") {
                    return constant(&format!("http://hl7.org/fhir/ValueSet/{value_set}"));
                }
                if let Some(extension) = name.strip_prefix("ext-") {
                    return constant(&format!(
                        "http://hl7.org/fhir/StructureDefinition/{extension}"
                    ));
                }
                Err(eval_error!("the variable %{name} is not defined"))
            }
        }
    }

    /// Whether an item is a primitive element that carries only extensions.
    pub fn has_no_value(&self, item: &Item<'a>) -> bool {
        has_no_value(item)
    }

    /// Whether `%name` already means something: defined, set by the caller, or built in.
    pub fn variable_exists(&self, name: &str) -> bool {
        self.defined.iter().any(|(defined, _)| defined == name) || self.variable(name).is_ok()
    }

    /// A primitive node as its system value; other items unchanged; `None` for a node without a
    /// value or a complex node.
    pub fn primitive(&self, item: &Item<'a>) -> Option<Item<'a>> {
        match item {
            Item::Node(node) => {
                // Strings from the document's text, without touching the JSON.
                if let Some(text) = self.document.and_then(|document| document.text_of(node)) {
                    let system = node::primitive_system(self.types(), node).ok()?;
                    return Some(node::string_value(system, text));
                }
                node::primitive_value(self.types(), node)
            }
            other => Some(other.clone()),
        }
    }

    /// The single item of a collection, as a system value: `None` when empty; an error when there
    /// are several.
    pub fn single_value(
        &self,
        collection: &[Item<'a>],
        what: &str,
    ) -> EvalResult<Option<Item<'a>>> {
        match collection {
            [] => Ok(None),
            [Item::Node(node)] if self.is_object_node(node) => Err(eval_error!(
                "{what} must be a primitive value, not {}",
                self.describe(&Item::Node(*node))
            )),
            [item] => Ok(self.primitive(item)),
            _ => Err(eval_error!(
                "{what} must be a single item, not a collection of {}",
                collection.len()
            )),
        }
    }

    /// Whether a node is a JSON object (from the document when it has the node).
    fn is_object_node(&self, node: &super::value::Node<'a>) -> bool {
        match self.document.and_then(|document| document.slot_of(node)) {
            Some(slot) => slot.is_object,
            None => node.value.is_object(),
        }
    }

    /// A string argument or input: `None` when empty; an error when not a string.
    pub fn single_string(
        &self,
        collection: &[Item<'a>],
        what: &str,
    ) -> EvalResult<Option<Cow<'a, str>>> {
        match self.single_value(collection, what)? {
            None => Ok(None),
            Some(Item::String(text)) => Ok(Some(text)),
            Some(other) => Err(eval_error!(
                "{what} must be a string, not {}",
                self.describe(&other)
            )),
        }
    }

    pub fn single_integer(&self, collection: &[Item<'a>], what: &str) -> EvalResult<Option<i64>> {
        match self.single_value(collection, what)? {
            None => Ok(None),
            Some(Item::Integer(value)) => Ok(Some(value)),
            Some(other) => Err(eval_error!(
                "{what} must be an integer, not {}",
                self.describe(&other)
            )),
        }
    }

    /// A short description of an item's type for messages.
    pub fn describe(&self, item: &Item<'a>) -> String {
        typing::type_name_of(self.types(), item).to_string()
    }

    pub fn quantity_of(&self, item: &Item<'a>) -> Option<super::quantity::Quantity> {
        match item {
            Item::Quantity(quantity) => Some((**quantity).clone()),
            Item::Node(node) => node::node_quantity(self.types(), node),
            _ => None,
        }
    }

    fn binary(
        &mut self,
        op: super::ast::BinaryOp,
        left: &'a Compiled,
        right: &'a Compiled,
        frame: Frame<'_, 'a>,
    ) -> EvalResult<Collection<'a>> {
        use super::ast::BinaryOp as B;
        match op {
            B::And | B::Or | B::Implies | B::Xor => {
                return logic::boolean_operator(self, op, left, right, frame)
            }
            _ => {}
        }
        let mut left = self.eval(left, frame)?;
        let mut right = self.eval(right, frame)?;
        if op != B::Union {
            // A primitive that carries only extensions (`_birthDate` with a data-absent-reason)
            // has no value: operators see it as absent, never as an error.
            without_valueless(&mut left);
            without_valueless(&mut right);
        }
        match op {
            B::Union => Ok(equality::union(self, left, right)),
            B::Equal => Ok(boolean_or_empty(equality::collections_equal(
                self, &left, &right,
            ))),
            B::NotEqual => Ok(boolean_or_empty(
                equality::collections_equal(self, &left, &right).map(|equal| !equal),
            )),
            B::Equivalent => Ok(vec![Item::Boolean(equality::collections_equivalent(
                self, &left, &right,
            ))]),
            B::NotEquivalent => Ok(vec![Item::Boolean(!equality::collections_equivalent(
                self, &left, &right,
            ))]),
            B::LessThan | B::LessOrEqual | B::GreaterThan | B::GreaterOrEqual => {
                ordering::compare_operator(self, op, &left, &right)
            }
            B::In => equality::membership(self, &left, &right),
            B::Contains => equality::membership(self, &right, &left),
            _ => arithmetic::arithmetic_operator(self, op, left, right),
        }
    }
}

/// Whether an item is a primitive element with no value, only an `id` or extensions.
///
/// Such an element always has its `_name` companion, so only those nodes have their JSON read
/// (which, on an indexed document, is cold memory).
pub(crate) fn has_no_value(item: &Item<'_>) -> bool {
    matches!(item, Item::Node(node) if node.extension_holder.is_some() && node.value.is_null())
}

/// Drops the primitives that have no value.
fn without_valueless(collection: &mut Collection<'_>) {
    if collection.iter().any(has_no_value) {
        collection.retain(|item| !has_no_value(item));
    }
}

pub(crate) fn boolean_or_empty<'a>(value: Option<bool>) -> Collection<'a> {
    value.map(Item::Boolean).into_iter().collect()
}

fn literal_item(literal: &Literal) -> Item<'_> {
    match literal {
        Literal::Boolean(value) => Item::Boolean(*value),
        Literal::Integer(value) => Item::Integer(*value),
        Literal::Decimal(value) => Item::Decimal(*value),
        Literal::String(value) => Item::String(Cow::Borrowed(value)),
        Literal::Date(value) => Item::Date(*value),
        Literal::DateTime(value) => Item::DateTime(*value),
        Literal::Time(value) => Item::Time(*value),
        Literal::Quantity(value) => Item::Quantity(Box::new(value.clone())),
    }
}

impl From<String> for EvalError {
    fn from(message: String) -> EvalError {
        EvalError::new(message)
    }
}
