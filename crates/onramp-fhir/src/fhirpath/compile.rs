//! Compiling a syntax tree: function names resolved against the one dispatch table (with their
//! argument counts checked), literals turned into values, type names resolved against the model,
//! and constant regular expressions compiled once.

use regex::Regex;

use super::ast::{BinaryOp, Expr, ExprKind, TypeOp};
use super::datetime::{Date, DateTime, Time};
use super::error::{FhirPathError, Position, Span};
use super::functions::{self, FunctionDef, Params};
use super::number::{parse_decimal, parse_integer};
use super::quantity::Quantity;
use super::types::{SystemType, TypeId, TypeTable};

/// A compiled expression node and where it came from in the text.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub op: Op,
    pub span: Span,
    /// The value does not depend on the focus (`$this`, `$index`, `$total`, bare names): it is
    /// the same wherever it is evaluated within one evaluation (`%resource.descendants()`).
    pub focus_free: bool,
    /// A largest focus-free part inside a focus-dependent expression: evaluated once per
    /// evaluation and reused when an iteration (`where`, `select`, …) evaluates it again.
    pub memoize: bool,
}

#[derive(Debug)]
pub(crate) enum Op {
    Empty,
    Literal(Literal),
    This,
    Index,
    Total,
    Variable(Box<str>),
    Member {
        target: Option<Box<Compiled>>,
        name: Box<str>,
    },
    Call {
        target: Option<Box<Compiled>>,
        function: &'static FunctionDef,
        args: Vec<Compiled>,
        extra: CallExtra,
    },
    Indexer {
        target: Box<Compiled>,
        index: Box<Compiled>,
    },
    Negate(Box<Compiled>),
    /// Unary `+`: the operand, which must be a number or quantity.
    Plus(Box<Compiled>),
    Binary {
        op: BinaryOp,
        left: Box<Compiled>,
        right: Box<Compiled>,
    },
    TypeTest {
        op: TypeOp,
        operand: Box<Compiled>,
        spec: TypeSpec,
    },
}

#[derive(Debug)]
pub(crate) enum Literal {
    Boolean(bool),
    Integer(i64),
    Decimal(rust_decimal::Decimal),
    String(String),
    Date(Date),
    DateTime(DateTime),
    Time(Time),
    Quantity(Quantity),
}

/// What a call needs beyond its arguments, prepared at compile time.
#[derive(Debug)]
pub(crate) enum CallExtra {
    None,
    /// The type argument of `is()`, `as()`, `ofType()`.
    Type(TypeSpec),
    /// The pattern of `matches()` & co when it is a string literal.
    Regex(Box<Regex>),
}

/// A type named in an expression.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TypeSpec {
    System(SystemType),
    Fhir(TypeId),
    /// A name the model does not have (or no model is loaded): matched by name on untyped data.
    Unresolved(String),
}

pub(crate) struct Compiler<'t> {
    pub text: &'t str,
    pub types: &'t TypeTable,
    /// The expression may call `defineVariable()`: then a `%name` can change from one
    /// iteration to the next, so variables are not focus-free (never memoized).
    pub defines_variables: bool,
}

impl Compiler<'_> {
    fn semantic(&self, span: Span, message: String) -> FhirPathError {
        FhirPathError::Semantic {
            message,
            position: Position::locate(self.text, span.start),
        }
    }

    pub fn compile(&self, expr: &Expr) -> Result<Compiled, FhirPathError> {
        let span = expr.span;
        let op = match &expr.kind {
            ExprKind::Empty => Op::Empty,
            ExprKind::Boolean(value) => Op::Literal(Literal::Boolean(*value)),
            ExprKind::String(value) => Op::Literal(Literal::String(value.clone())),
            ExprKind::Number(text) => Op::Literal(self.number(text, span)?),
            ExprKind::Date(text) => {
                let date = Date::parse(text)
                    .ok_or_else(|| self.semantic(span, format!("@{text} is not a valid date")))?;
                Op::Literal(Literal::Date(date))
            }
            ExprKind::DateTime(text) => {
                let value = DateTime::parse(text).ok_or_else(|| {
                    self.semantic(span, format!("@{text} is not a valid date-time"))
                })?;
                Op::Literal(Literal::DateTime(value))
            }
            ExprKind::Time(text) => {
                let time = Time::parse(text)
                    .ok_or_else(|| self.semantic(span, format!("@T{text} is not a valid time")))?;
                Op::Literal(Literal::Time(time))
            }
            ExprKind::Quantity { value, unit, .. } => {
                let value = parse_decimal(value)
                    .ok_or_else(|| self.semantic(span, format!("{value} is not a number")))?;
                Op::Literal(Literal::Quantity(Quantity::new(value, unit.clone())))
            }
            ExprKind::Special(name) => match name.as_str() {
                "this" => Op::This,
                "index" => Op::Index,
                "total" => Op::Total,
                other => {
                    return Err(self.semantic(
                        span,
                        format!("${other} is not defined (use $this, $index or $total)"),
                    ))
                }
            },
            ExprKind::External(name) => Op::Variable(name.as_str().into()),
            ExprKind::Member { target, name } => Op::Member {
                target: self.optional(target.as_deref())?,
                name: name.as_str().into(),
            },
            ExprKind::Call {
                target,
                name,
                name_span,
                args,
            } => self.call(target.as_deref(), name, *name_span, args)?,
            ExprKind::Index { target, index } => Op::Indexer {
                target: Box::new(self.compile(target)?),
                index: Box::new(self.compile(index)?),
            },
            ExprKind::Negate { operand, minus } => {
                let operand = Box::new(self.compile(operand)?);
                if *minus {
                    Op::Negate(operand)
                } else {
                    Op::Plus(operand)
                }
            }
            ExprKind::Binary { op, left, right } => Op::Binary {
                op: *op,
                left: Box::new(self.compile(left)?),
                right: Box::new(self.compile(right)?),
            },
            ExprKind::Type {
                op,
                operand,
                type_name,
            } => Op::TypeTest {
                op: *op,
                operand: Box::new(self.compile(operand)?),
                spec: self.type_spec(type_name, span)?,
            },
        };
        let focus_free = is_focus_free(&op)
            && !(self.defines_variables
                && match &op {
                    Op::Variable(_) => true,
                    Op::Call { function, .. } => function.name == "defineVariable",
                    _ => false,
                });
        let mut compiled = Compiled {
            op,
            span,
            focus_free,
            memoize: false,
        };
        if !focus_free {
            for child in children_mut(&mut compiled.op) {
                child.memoize = child.focus_free && !matches!(child.op, Op::Literal(_) | Op::Empty);
            }
        }
        Ok(compiled)
    }

    fn optional(&self, expr: Option<&Expr>) -> Result<Option<Box<Compiled>>, FhirPathError> {
        expr.map(|expr| self.compile(expr).map(Box::new))
            .transpose()
    }

    fn number(&self, text: &str, span: Span) -> Result<Literal, FhirPathError> {
        if let Some(digits) = text.strip_suffix('L') {
            // Long (FHIRPath 2.0) is a 64-bit integer; this engine's Integer is 64-bit already.
            return parse_integer(digits)
                .map(Literal::Integer)
                .ok_or_else(|| self.semantic(span, format!("{text} is not a valid Long")));
        }
        if text.contains('.') {
            return parse_decimal(text)
                .map(Literal::Decimal)
                .ok_or_else(|| self.semantic(span, format!("{text} is not a valid decimal")));
        }
        match parse_integer(text) {
            Some(value) if value <= i64::from(i32::MAX) => Ok(Literal::Integer(value)),
            _ => parse_decimal(text)
                .map(Literal::Decimal)
                .ok_or_else(|| self.semantic(span, format!("{text} is not a valid number"))),
        }
    }

    fn call(
        &self,
        target: Option<&Expr>,
        name: &str,
        name_span: Span,
        args: &[Expr],
    ) -> Result<Op, FhirPathError> {
        let function = functions::lookup(name)
            .ok_or_else(|| self.semantic(name_span, format!("unknown function '{name}'")))?;
        if args.len() < function.min_args || args.len() > function.max_args {
            let expected = if function.min_args == function.max_args {
                format!("{}", function.min_args)
            } else {
                format!("{} to {}", function.min_args, function.max_args)
            };
            return Err(self.semantic(
                name_span,
                format!("{name}() takes {expected} argument(s), not {}", args.len()),
            ));
        }
        let mut extra = CallExtra::None;
        let mut compiled_args = Vec::with_capacity(args.len());
        match function.params {
            Params::Type => {
                let Some(first) = args.first() else {
                    return Err(self.semantic(name_span, format!("{name}() needs a type")));
                };
                let names = first.as_qualified_name().ok_or_else(|| {
                    self.semantic(first.span, format!("{name}() needs a type name"))
                })?;
                extra = CallExtra::Type(self.type_spec(&names, first.span)?);
            }
            Params::Regex => {
                for arg in args {
                    compiled_args.push(self.compile(arg)?);
                }
                if let Some(ExprKind::String(pattern)) = args.first().map(|arg| &arg.kind) {
                    let regex = super::functions::strings::compile_regex(
                        pattern,
                        function.name == "matchesFull",
                    )
                    .map_err(|message| self.semantic(name_span, message))?;
                    extra = CallExtra::Regex(Box::new(regex));
                }
            }
            Params::Values | Params::Lambda => {
                for arg in args {
                    compiled_args.push(self.compile(arg)?);
                }
            }
        }
        Ok(Op::Call {
            target: self.optional(target)?,
            function,
            args: compiled_args,
            extra,
        })
    }

    /// `Patient`, `FHIR.Patient`, `System.Integer`, `Integer` (FHIR names first, then System).
    fn type_spec(&self, names: &[String], span: Span) -> Result<TypeSpec, FhirPathError> {
        let spec = match names {
            [namespace, name] if namespace == "System" => SystemType::from_name(name)
                .map(TypeSpec::System)
                .unwrap_or_else(|| TypeSpec::Unresolved(format!("System.{name}"))),
            [namespace, name] if namespace == "FHIR" => self
                .types
                .named(name)
                .map_or_else(|| TypeSpec::Unresolved(name.clone()), TypeSpec::Fhir),
            [name] => match (self.types.named(name), SystemType::from_name(name)) {
                (Some(type_id), _) => TypeSpec::Fhir(type_id),
                (None, Some(system)) => TypeSpec::System(system),
                (None, None) => TypeSpec::Unresolved(name.clone()),
            },
            _ => {
                return Err(self.semantic(span, format!("'{}' is not a type name", names.join("."))))
            }
        };
        if let TypeSpec::Unresolved(name) = &spec {
            // An unknown System type matches nothing; an unknown FHIR type is a mistake.
            if !self.types.is_empty() && !name.starts_with("System.") {
                return Err(self.semantic(span, format!("unknown type '{name}'")));
            }
        }
        Ok(spec)
    }
}

/// Whether an operation's value is independent of the focus (see [`Compiled::focus_free`]);
/// `trace()` is left out because it reports each time it runs.
fn is_focus_free(op: &Op) -> bool {
    match op {
        Op::Empty | Op::Literal(_) | Op::Variable(_) => true,
        Op::This | Op::Index | Op::Total => false,
        Op::Member { target, .. } => target.as_ref().is_some_and(|t| t.focus_free),
        Op::Call {
            target,
            function,
            args,
            ..
        } => {
            function.name != "trace"
                && target.as_ref().is_some_and(|t| t.focus_free)
                && args.iter().all(|arg| arg.focus_free)
        }
        Op::Indexer { target, index } => target.focus_free && index.focus_free,
        Op::Negate(operand) | Op::Plus(operand) => operand.focus_free,
        Op::Binary { left, right, .. } => left.focus_free && right.focus_free,
        Op::TypeTest { operand, .. } => operand.focus_free,
    }
}

/// The sub-expressions of an operation.
fn children_mut(op: &mut Op) -> Vec<&mut Compiled> {
    match op {
        Op::Empty | Op::Literal(_) | Op::Variable(_) | Op::This | Op::Index | Op::Total => {
            Vec::new()
        }
        Op::Member { target, .. } => target.as_deref_mut().into_iter().collect(),
        Op::Call { target, args, .. } => target
            .as_deref_mut()
            .into_iter()
            .chain(args.iter_mut())
            .collect(),
        Op::Indexer { target, index } => vec![&mut **target, &mut **index],
        Op::Negate(operand) | Op::Plus(operand) => vec![&mut **operand],
        Op::Binary { left, right, .. } => vec![&mut **left, &mut **right],
        Op::TypeTest { operand, .. } => vec![&mut **operand],
    }
}
