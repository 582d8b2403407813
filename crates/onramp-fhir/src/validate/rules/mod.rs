//! The checks, one module per issue family. Each pushes its findings into the walk's sink.

pub(crate) mod binding;
pub(crate) mod bundle;
pub(crate) mod code_syntax;
pub(crate) mod code_system;
pub(crate) mod conformance;
pub(crate) mod ecl;
pub(crate) mod extension;
pub(crate) mod filter_properties;
pub(crate) mod fixed;
pub(crate) mod implied;
pub(crate) mod invariant;
pub(crate) mod measure_report;
pub(crate) mod min_max;
pub(crate) mod primitive;
pub(crate) mod questionnaire;
pub(crate) mod questionnaire_answers;
pub(crate) mod questionnaire_options;
pub(crate) mod questionnaire_units;
pub(crate) mod reference;
pub(crate) mod resource;
pub(crate) mod search_parameter;
pub(crate) mod slicing;
pub(crate) mod structure;
pub(crate) mod text_safety;
pub(crate) mod value_set;
pub(crate) mod value_set_filter;
