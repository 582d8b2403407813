//! The public face of the evaluator: an [`Engine`] holds the type information (and, for
//! `memberOf()`/`conformsTo()`, the packages); it compiles text into [`Expression`]s once and
//! evaluates them on any number of inputs, with caller variables in an [`Environment`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use super::compile::{Compiled, Compiler};
use super::datetime::arith::civil_from_days;
use super::datetime::{Date, DateTime, Precision, Time};
use super::document::Document;
use super::document_nav::JsonTypeCache;
use super::error::{FhirPathError, Position};
use super::eval::{Evaluator, Frame};
use super::node::Strictness;
use super::parser::parse;
use super::terminology::Terminology;
use super::types::{TypeId, TypeTable};
use super::value::{Collection, Item, Node};
use crate::json::JsonValue;
use crate::model::Model;
use crate::package::PackageSet;

static NEXT_ENGINE_ID: AtomicU64 = AtomicU64::new(1);

/// Compiles and evaluates FHIRPath expressions. Build one per model and share it (`Send + Sync`).
pub struct Engine {
    id: u64,
    types: TypeTable,
    model: Option<Arc<Model>>,
    packages: Option<Arc<PackageSet>>,
    pub(crate) terminology: Terminology,
}

/// A compiled expression. Evaluate it with the [`Engine`] that compiled it.
#[derive(Debug)]
pub struct Expression {
    text: String,
    root: Compiled,
    engine_id: u64,
}

impl Expression {
    /// The text the expression was compiled from.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Where `trace(name)` reports: the name and the traced items.
pub type TraceSink<'s> = dyn Fn(&str, &[Item<'_>]) + Sync + 's;

/// What an evaluation sees besides its input: caller variables (`%name`), `%resource` and
/// `%rootResource` when they differ from the input, strict mode, and where `trace()` writes.
#[derive(Default)]
pub struct Environment<'a> {
    variables: HashMap<String, Collection<'a>>,
    strict: bool,
    trace: Option<&'a TraceSink<'a>>,
    document: Option<&'a Document<'a>>,
}

impl<'a> Environment<'a> {
    pub fn new() -> Environment<'a> {
        Environment::default()
    }

    /// Sets `%name` (for `%resource` and `%rootResource` too).
    pub fn set(&mut self, name: &str, value: Collection<'a>) -> &mut Environment<'a> {
        self.variables.insert(name.to_string(), value);
        self
    }

    /// Sets `%name` to one string.
    pub fn set_string(&mut self, name: &str, value: &str) -> &mut Environment<'a> {
        self.set(name, vec![Item::string(value)])
    }

    /// Strict mode: names the model does not have are errors instead of empty results.
    pub fn set_strict(&mut self, strict: bool) -> &mut Environment<'a> {
        self.strict = strict;
        self
    }

    /// Where `trace(name)` reports (nowhere by default).
    pub fn set_trace(&mut self, trace: &'a TraceSink<'a>) -> &mut Environment<'a> {
        self.trace = Some(trace);
        self
    }

    /// Evaluates over `document` (from [`Engine::document`]): nodes that come from it (its
    /// [`Document::root`], [`Engine::node`] of its root JSON, and everything navigation finds
    /// from there) are read from the index; other nodes from their JSON, with the same results.
    pub fn set_document(&mut self, document: &'a Document<'a>) -> &mut Environment<'a> {
        self.document = Some(document);
        self
    }

    pub(crate) fn variable(&self, name: &str) -> Option<&Collection<'a>> {
        self.variables.get(name)
    }

    pub(crate) fn trace(&self) -> Option<&'a TraceSink<'a>> {
        self.trace
    }
}

impl Engine {
    /// An engine that types the input with `model` (navigation of choice elements, `is`, `as`,
    /// FHIR primitive types).
    pub fn new(model: Arc<Model>) -> Engine {
        let types = TypeTable::from_model(&model);
        Engine::build(types, Some(model))
    }

    /// An engine without a model: JSON is navigated by property names and values keep their JSON
    /// types. Useful for tests and for data that is not FHIR.
    pub fn untyped() -> Engine {
        Engine::build(TypeTable::default(), None)
    }

    fn build(types: TypeTable, model: Option<Arc<Model>>) -> Engine {
        Engine {
            id: NEXT_ENGINE_ID.fetch_add(1, Ordering::Relaxed),
            types,
            model,
            packages: None,
            terminology: Terminology::default(),
        }
    }

    /// Adds the packages `memberOf()` expands value sets from and `conformsTo()` resolves profiles in.
    pub fn with_packages(mut self, packages: Arc<PackageSet>) -> Engine {
        self.packages = Some(packages);
        self
    }

    pub fn types(&self) -> &TypeTable {
        &self.types
    }

    pub fn model(&self) -> Option<&Arc<Model>> {
        self.model.as_ref()
    }

    pub fn packages(&self) -> Option<&Arc<PackageSet>> {
        self.packages.as_ref()
    }

    /// Parses and compiles an expression: syntax errors carry their position; unknown functions,
    /// wrong argument counts and unknown types are semantic errors.
    pub fn compile(&self, text: &str) -> Result<Expression, FhirPathError> {
        let ast = parse(text)?;
        let root = Compiler {
            text,
            types: &self.types,
            defines_variables: text.contains("defineVariable"),
        }
        .compile(&ast)?;
        Ok(Expression {
            text: text.to_string(),
            root,
            engine_id: self.id,
        })
    }

    /// Checks an expression against a type in strict mode (unknown element names, ordered
    /// functions on unordered collections): see [`super::check`].
    pub fn check(&self, expression: &Expression, type_name: &str) -> Result<(), FhirPathError> {
        super::check::check(self, expression.text(), &expression.root, type_name)
    }

    /// A typed node for a resource (its type from `resourceType`) or any element whose type the
    /// caller knows (`type_name`).
    pub fn node<'a>(&self, json: &'a JsonValue, type_name: Option<&str>) -> Item<'a> {
        let declared = type_name.and_then(|name| self.types.named(name));
        let from_json = json
            .get("resourceType")
            .and_then(JsonValue::as_str)
            .and_then(|name| self.types.named(name));
        Item::Node(Node::new(
            json,
            declared.or(from_json).unwrap_or(TypeId::UNKNOWN),
        ))
    }

    /// Indexes a JSON input for fast evaluation with [`Engine::evaluate_document`] (or
    /// [`Environment::set_document`]); build it once per input and evaluate any number of
    /// expressions on it.
    pub fn document<'v>(&self, json: &'v JsonValue) -> Document<'v> {
        Document::build(self.id, &self.types, json)
    }

    /// Evaluates on an indexed resource, as [`Engine::evaluate`] does on its JSON.
    pub fn evaluate_document<'a>(
        &'a self,
        expression: &'a Expression,
        document: &'a Document<'a>,
    ) -> Result<Collection<'a>, FhirPathError> {
        let mut environment = Environment::new();
        environment.set_document(document);
        self.evaluate_with(
            expression,
            vec![document.root(&self.types, None)],
            &environment,
        )
    }

    /// Evaluates on a resource (`%context`, `%resource` and `%rootResource` are the resource).
    pub fn evaluate<'a>(
        &'a self,
        expression: &'a Expression,
        resource: &'a JsonValue,
    ) -> Result<Collection<'a>, FhirPathError> {
        let environment = Environment::new();
        self.evaluate_with(expression, vec![self.node(resource, None)], &environment)
    }

    /// Evaluates on `context` (one item, usually from [`Engine::node`], or none) in `environment`.
    pub fn evaluate_with<'a>(
        &'a self,
        expression: &'a Expression,
        context: Collection<'a>,
        environment: &Environment<'a>,
    ) -> Result<Collection<'a>, FhirPathError> {
        if expression.engine_id != self.id {
            return Err(FhirPathError::Evaluation {
                message: "the expression was compiled by another engine".to_string(),
                position: Position::default(),
            });
        }
        let document = environment.document;
        if document.is_some_and(|document| document.engine_id != self.id) {
            return Err(FhirPathError::Evaluation {
                message: "the document was indexed by another engine".to_string(),
                position: Position::default(),
            });
        }
        let strictness = if environment.strict {
            Strictness::Strict
        } else {
            Strictness::Lenient
        };
        let context = match document {
            Some(document) => context
                .into_iter()
                .map(|item| document.adopt(item))
                .collect(),
            None => context,
        };
        let mut evaluator = Evaluator {
            engine: self,
            env: environment,
            context,
            now: None,
            strictness,
            document,
            json_types: JsonTypeCache::default(),
            memo: Default::default(),
            defined: Vec::new(),
        };
        let this = evaluator.context.clone();
        let frame = Frame {
            this: &this,
            index: None,
            total: None,
        };
        let result = evaluator.eval(&expression.root, frame);
        result.map_err(|error| FhirPathError::Evaluation {
            message: error.message,
            position: Position::locate(&expression.text, error.span.map_or(0, |span| span.start)),
        })
    }
}

/// The current UTC time as a FHIRPath DateTime with milliseconds.
pub(crate) fn now() -> DateTime {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let millis = i64::try_from(elapsed.as_millis()).unwrap_or(0);
    let (year, month, day) = civil_from_days(millis.div_euclid(86_400_000));
    let date = Date {
        year,
        month,
        day,
        precision: Precision::Day,
    };
    let millis_of_day = millis.rem_euclid(86_400_000);
    let time = Time {
        hour: u8::try_from(millis_of_day / 3_600_000).unwrap_or(0),
        minute: u8::try_from(millis_of_day / 60_000 % 60).unwrap_or(0),
        second: u8::try_from(millis_of_day / 1000 % 60).unwrap_or(0),
        nanos: u32::try_from(millis_of_day % 1000).unwrap_or(0) * 1_000_000,
        fraction_digits: 3,
        precision: Precision::Second,
    };
    DateTime {
        date,
        time: Some(time),
        offset_minutes: Some(0),
    }
}
