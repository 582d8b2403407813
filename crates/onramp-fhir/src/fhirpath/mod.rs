//! FHIRPath: a lexer, a parser producing a syntax tree with positions, a compiler that resolves
//! functions and types once, and an evaluator over resource JSON typed by the [`crate::model`].
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use onramp_fhir::fhirpath::Engine;
//! use onramp_fhir::model::Model;
//!
//! let model = Arc::new(Model::r4_core("hl7.fhir.r4.core-4.0.1.tgz".as_ref())?);
//! let engine = Engine::new(model);
//! let expression = engine.compile("Patient.name.where(use = 'official').given")?;
//! let patient = onramp_fhir::json::parse(br#"{"resourceType": "Patient"}"#)
//!     .value
//!     .ok_or("not JSON")?;
//! for item in engine.evaluate(&expression, &patient)? {
//!     println!("{}", onramp_fhir::fhirpath::render(&engine, &item).value);
//! }
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Concepts
//!
//! - **Collections.** Every expression yields an ordered collection of [`Item`]s: system values
//!   (Boolean, String, Integer, Decimal, Date, DateTime, Time, Quantity) or [`Node`]s, which
//!   point into the input JSON and carry their FHIR type, so `Observation.value` finds
//!   `valueQuantity` and `is(Quantity)` knows what it has.
//! - **Compile once, evaluate many.** [`Engine::compile`] parses (syntax errors carry line and
//!   column), resolves each function against the one table in `functions/`, resolves type names
//!   against the model and compiles constant regular expressions. The [`Expression`] is then
//!   evaluated on any number of inputs.
//! - **Partial precision.** Dates and times keep the precision they were written with; `=` and
//!   `<` on values equal as far as both go but of different precision are empty. Decimals keep
//!   their scale (`1.50` has two decimals). Quantities compare across UCUM units.
//! - **Input.** Expressions evaluate on the tree [`crate::json::parse`] reads (numbers kept as
//!   written, every value with its line and column), the same tree the validator walks; a
//!   `serde_json::Value` converts with [`crate::json::JsonValue::from_serde`].
//! - **Indexed input.** [`Engine::evaluate`] reads that tree directly, scanning an object's
//!   members by name on every step. For many expressions over one input, index it once
//!   with [`Engine::document`] (about as costly as one `descendants()`) and evaluate with
//!   [`Engine::evaluate_document`], or set it on an [`Environment`] with
//!   [`Environment::set_document`]: property names become integers, an object's properties and
//!   an array's items lie side by side, primitives are paired with their `_name` companions,
//!   resources carry their type and strings are copied together, so navigation is 2–7× faster.
//!   Results are the same nodes.
//! - **Strict mode.** [`Engine::check`] reports what cannot be right for a type before evaluation;
//!   [`Environment::set_strict`] makes unknown element names errors during evaluation.

mod ast;
mod check;
mod compile;
mod datetime;
mod document;
mod document_nav;
mod engine;
mod error;
mod eval;
mod functions;
mod lexer;
mod node;
mod number;
mod output;
mod parser;
mod quantity;
#[cfg(test)]
mod spec;
mod terminology;
mod types;
pub(crate) mod ucum;
mod value;
pub(crate) mod xhtml;

pub use compile::TypeSpec;
pub use datetime::{Date, DateTime, Precision, Time};
pub use document::Document;
pub use engine::{Engine, Environment, Expression, TraceSink};
pub use error::{FhirPathError, Position};
pub use output::{render, Rendered};
pub use quantity::Quantity;
pub use types::{SystemType, TypeId, TypeTable};
pub use value::{Collection, Item, Node, TypeName};

pub(crate) use terminology::Expansion;
