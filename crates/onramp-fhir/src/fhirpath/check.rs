//! Strict-mode checking of a compiled expression against the type it will be evaluated on:
//! follows the element types along each path and reports, before any evaluation, names the model
//! does not have (`Patient.name.given1`), choice elements spelled with their type
//! (`Observation.valueQuantity`), paths for another resource type (`Encounter.name` on a
//! Patient), elements of a type an `as` has narrowed to (`(value as Period).unit`), and ordered
//! functions (`first()`, `skip()`, `[0]`, …) on the unordered results of `children()` and
//! `descendants()`. Where the type is not known statically (after `resolve()`, on variables) the
//! check stops, so it only reports what must be wrong.

use super::ast::{BinaryOp, TypeOp};
use super::compile::{CallExtra, Compiled, Op, TypeSpec};
use super::engine::Engine;
use super::error::{FhirPathError, Position, Span};
use super::functions::Params;
use super::types::{Kind, TypeId, TypeTable};

/// What is known of a collection before evaluation.
#[derive(Clone, Debug)]
struct Shape {
    /// The possible types; `None` when unknown.
    types: Option<Vec<TypeId>>,
    ordered: bool,
}

impl Shape {
    fn unknown() -> Shape {
        Shape {
            types: None,
            ordered: true,
        }
    }

    fn of(types: Vec<TypeId>, ordered: bool) -> Shape {
        Shape {
            types: Some(types),
            ordered,
        }
    }
}

struct Checker<'c> {
    types: &'c TypeTable,
    text: &'c str,
    root: TypeId,
}

pub(crate) fn check(
    engine: &Engine,
    text: &str,
    root: &Compiled,
    type_name: &str,
) -> Result<(), FhirPathError> {
    let types = engine.types();
    let Some(root_type) = types.named(type_name) else {
        return Err(FhirPathError::Semantic {
            message: format!("unknown type '{type_name}'"),
            position: Position::default(),
        });
    };
    let checker = Checker {
        types,
        text,
        root: root_type,
    };
    checker
        .infer(root, &Shape::of(vec![root_type], true))
        .map(|_| ())
}

const ORDERED_FUNCTIONS: &[&str] = &["first", "last", "tail", "skip", "take", "single"];

impl Checker<'_> {
    fn error(&self, span: Span, message: String) -> FhirPathError {
        FhirPathError::Semantic {
            message,
            position: Position::locate(self.text, span.start),
        }
    }

    fn infer(&self, node: &Compiled, focus: &Shape) -> Result<Shape, FhirPathError> {
        match &node.op {
            Op::This => Ok(focus.clone()),
            Op::Variable(name)
                if matches!(name.as_ref(), "context" | "resource" | "rootResource") =>
            {
                Ok(Shape::of(vec![self.root], true))
            }
            Op::Member { target, name } => {
                let input = match target {
                    Some(target) => self.infer(target, focus)?,
                    None => focus.clone(),
                };
                self.member(&input, name, target.is_none(), node.span)
            }
            Op::Call {
                target,
                function,
                args,
                extra,
            } => {
                let input = match target {
                    Some(target) => self.infer(target, focus)?,
                    None => focus.clone(),
                };
                if ORDERED_FUNCTIONS.contains(&function.name) && !input.ordered {
                    return Err(self.error(
                        node.span,
                        format!("{}() needs an ordered collection, but children() and descendants() are unordered", function.name),
                    ));
                }
                let mut projected = None;
                for arg in args {
                    let arg_shape = if function.params == Params::Lambda {
                        self.infer(arg, &input)?
                    } else {
                        self.infer(arg, focus)?
                    };
                    projected.get_or_insert(arg_shape);
                }
                Ok(match (function.name, extra) {
                    (_, CallExtra::Type(spec)) if function.name != "is" => {
                        self.cast(spec, input.ordered)
                    }
                    (
                        "where" | "trace" | "distinct" | "intersect" | "exclude" | "first" | "last"
                        | "tail" | "skip" | "take" | "single" | "defineVariable",
                        _,
                    ) => input,
                    ("sort", _) => Shape {
                        ordered: true,
                        ..input
                    },
                    ("select", _) => projected.unwrap_or_else(Shape::unknown),
                    ("children" | "descendants", _) => Shape {
                        types: None,
                        ordered: false,
                    },
                    ("extension", _) => match self.types.named("Extension") {
                        Some(extension) => Shape::of(vec![extension], true),
                        None => Shape::unknown(),
                    },
                    _ => Shape::unknown(),
                })
            }
            Op::Indexer { target, index } => {
                let input = self.infer(target, focus)?;
                self.infer(index, focus)?;
                if !input.ordered {
                    return Err(self.error(node.span, "indexing needs an ordered collection, but children() and descendants() are unordered".to_string()));
                }
                Ok(input)
            }
            Op::Negate(operand) | Op::Plus(operand) => {
                self.infer(operand, focus)?;
                Ok(Shape::unknown())
            }
            Op::Binary { op, left, right } => {
                let left = self.infer(left, focus)?;
                let right = self.infer(right, focus)?;
                Ok(match (op, left.types, right.types) {
                    (BinaryOp::Union, Some(mut left_types), Some(right_types)) => {
                        left_types.extend(right_types);
                        Shape::of(left_types, left.ordered && right.ordered)
                    }
                    _ => Shape::unknown(),
                })
            }
            Op::TypeTest { op, operand, spec } => {
                let operand = self.infer(operand, focus)?;
                Ok(match op {
                    TypeOp::Is => Shape::unknown(),
                    TypeOp::As => self.cast(spec, operand.ordered),
                })
            }
            Op::Empty | Op::Literal(_) | Op::Index | Op::Total | Op::Variable(_) => {
                Ok(Shape::unknown())
            }
        }
    }

    fn cast(&self, spec: &TypeSpec, ordered: bool) -> Shape {
        match spec {
            TypeSpec::Fhir(type_id) => Shape::of(vec![*type_id], ordered),
            _ => Shape::unknown(),
        }
    }

    /// Abstract resource types (`Resource` in `Bundle.entry.resource`) stand for any resource.
    fn is_open(&self, type_id: TypeId) -> bool {
        let entry = self.types.entry(type_id);
        entry.is_none_or(|entry| entry.kind == Kind::Resource && entry.is_abstract)
    }

    fn member(
        &self,
        input: &Shape,
        name: &str,
        at_start: bool,
        span: Span,
    ) -> Result<Shape, FhirPathError> {
        let Some(input_types) = &input.types else {
            return Ok(Shape::unknown());
        };
        if input_types.iter().any(|type_id| self.is_open(*type_id)) {
            return Ok(Shape::unknown());
        }
        if at_start {
            if let Some(named) = self.types.named(name) {
                let matching: Vec<TypeId> = input_types
                    .iter()
                    .copied()
                    .filter(|type_id| self.types.is_subtype(*type_id, named))
                    .collect();
                if !matching.is_empty() {
                    return Ok(Shape::of(matching, input.ordered));
                }
                if input_types
                    .iter()
                    .all(|type_id| self.types.element(*type_id, name).is_none())
                {
                    let actual: Vec<&str> = input_types
                        .iter()
                        .map(|type_id| self.types.display_name(*type_id))
                        .collect();
                    return Err(self.error(
                        span,
                        format!(
                            "the path starts with {name}, but it is evaluated on {}",
                            actual.join(" or ")
                        ),
                    ));
                }
            }
        }
        let mut found = Vec::new();
        for type_id in input_types {
            if let Some(element) = self.types.element(*type_id, name) {
                found.extend(element.types.iter().copied());
            }
        }
        if !found.is_empty() {
            return Ok(Shape::of(found, input.ordered));
        }
        let owners: Vec<&str> = input_types
            .iter()
            .map(|type_id| self.types.display_name(*type_id))
            .collect();
        for type_id in input_types {
            if let Some((element, _)) = self.types.json_property(*type_id, name) {
                return Err(self.error(
                    span,
                    format!("'{name}' is not an element of {}: write '{}' (and ofType() to pick a type)", owners.join(" or "), element.name),
                ));
            }
        }
        Err(self.error(
            span,
            format!("{} has no element '{name}'", owners.join(" or ")),
        ))
    }
}
