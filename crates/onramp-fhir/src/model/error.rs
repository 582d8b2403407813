//! The one error type of the `model` area.

use crate::package::PackageError;

/// Why a model could not be built.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The packages could not be read.
    #[error(transparent)]
    Package(#[from] PackageError),
    /// A StructureDefinition does not have the shape the model needs.
    #[error("StructureDefinition {filename} in package {package} cannot be read: {reason}")]
    InvalidStructureDefinition {
        package: String,
        filename: String,
        reason: String,
    },
    /// No package defines FHIR types (no core package loaded).
    #[error(
        "the loaded packages define no FHIR types; load a core package such as hl7.fhir.r4.core"
    )]
    NoTypes,
}
