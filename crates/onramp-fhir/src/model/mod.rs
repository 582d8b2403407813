//! The FHIR type model: the element tree of every type and resource, built from StructureDefinitions.
