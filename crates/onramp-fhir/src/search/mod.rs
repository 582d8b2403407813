//! FHIR R4 search, without storage: which search parameters a resource type has, what values a
//! resource gives each of them (the index), what a search query asks for, and what the
//! comparison prefixes mean. The server stores the index values and turns the parsed query into
//! SQL; this module does no IO.
//!
//! # Overview
//!
//! - [`SearchParameters`]: every SearchParameter of a [`crate::package::PackageSet`] (number,
//!   date, string, token, reference, quantity, uri), per base resource type, with its expression
//!   narrowed to that type and compiled once. [`SearchParameters::get`] and
//!   [`SearchParameters::for_type`] include what a type inherits from `Resource` and
//!   `DomainResource` (`_id`, `_lastUpdated`, `_profile`, `_tag`, `_security`, `_source`).
//! - [`SearchParameters::index`]: a resource's [`IndexEntry`]s, each an [`IndexValue`].
//! - [`SearchParameters::parse_query`]: the decoded query pairs of a search into a [`Query`] of
//!   [`Clause`]s and [`Control`] (result parameters), or every [`SearchProblem`] found.
//! - [`date_matches`], [`number_matches`], [`quantity_units_match`]: the prefix semantics the SQL
//!   side reproduces, on the same ranges.
//!
//! # Example
//!
//! ```no_run
//! use std::sync::Arc;
//! use onramp_fhir::fhirpath::Engine;
//! use onramp_fhir::model::Model;
//! use onramp_fhir::package::{Package, PackageSet};
//! use onramp_fhir::search::SearchParameters;
//!
//! let path = std::path::Path::new("hl7.fhir.r4.core-4.0.1.tgz");
//! let mut packages = PackageSet::new();
//! packages.add(Package::from_tgz(path)?);
//! let engine = Arc::new(Engine::new(Arc::new(Model::r4_core(path)?)));
//! let search = SearchParameters::load(&packages, engine);
//!
//! let patient = onramp_fhir::json::parse(br#"{"resourceType": "Patient", "birthDate": "1970"}"#)
//!     .value
//!     .ok_or("not JSON")?;
//! for entry in search.index(&patient) {
//!     println!("{} = {:?}", entry.param, entry.value);
//! }
//! let pairs = [("birthdate".to_string(), "ge1970-06".to_string())];
//! let query = search.parse_query("Patient", &pairs).map_err(|problems| problems[0].to_string())?;
//! println!("{:?}", query.clauses);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Dates are ranges
//!
//! Every date, indexed or searched, is the range of instants it covers ([`DateRange`], UTC epoch
//! milliseconds, low inclusive, high exclusive): `1970` is all of 1970, a dateTime to the second
//! is one second, a Period runs from its start's low to its end's high. A date or dateTime
//! without a time zone is read as UTC. The prefixes then compare ranges ([`date_matches`]), so
//! `birthdate=1970` finds `1970-05-06` and `birthdate=1970-05-06` does not find `1970`.
//!
//! # Strings are folded
//!
//! [`normalize_string`] lower-cases, removes accents (Latin letters, by table) and collapses
//! whitespace, for both indexed and searched strings; `:exact` compares the text as written,
//! which is kept beside the folded form.
//!
//! # What this module leaves to the server
//!
//! Reference resolution (`resolve()` in expressions is read as a filter on the reference's type,
//! see [`SearchParameters`]), terminology (`:in`, `:not-in`, token `:above`/`:below` are refused
//! as unsupported), composite and special parameters, `_has`, `_text`, `_content`, `_list`,
//! `_filter`, `_type` and `_contained` (reported in [`Query::ignored`]), unit conversion of
//! quantities, and Range values (not indexed as quantities).

mod index;
mod matching;
mod params;
mod parse;
mod query;
mod values;

#[cfg(test)]
mod tests;

pub use index::{Coded, IndexEntry, IndexValue};
pub use matching::{
    approximate_date_range, approximate_number_range, date_matches, number_matches,
    quantity_units_match, Prefix,
};
pub use params::{ParamKind, SearchParameter, SearchParameters, Unsupported};
pub use query::{
    Chain, Clause, Control, Include, Modifier, Query, QueryValue, SearchProblem, SortKey, Summary,
    TokenSystem, Total,
};
pub use values::{
    format_instant, normalize_string, parse_date, parse_number, DateRange, NumberRange,
};
