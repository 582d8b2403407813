//! The checks, one module per issue family. Each pushes its findings into the walk's sink.

pub(crate) mod binding;
pub(crate) mod bundle;
pub(crate) mod conformance;
pub(crate) mod extension;
pub(crate) mod fixed;
pub(crate) mod implied;
pub(crate) mod invariant;
pub(crate) mod min_max;
pub(crate) mod primitive;
pub(crate) mod questionnaire;
pub(crate) mod questionnaire_answers;
pub(crate) mod reference;
pub(crate) mod resource;
pub(crate) mod slicing;
pub(crate) mod structure;
