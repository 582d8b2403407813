//! The checks, one module per issue family. Each pushes its findings into the walk's sink.

pub(crate) mod attachment;
pub(crate) mod binding;
pub(crate) mod bundle;
pub(crate) mod bundle_search;
pub(crate) mod canonical;
pub(crate) mod code_syntax;
pub(crate) mod code_system;
pub(crate) mod concept_map;
pub(crate) mod conformance;
pub(crate) mod ecl;
pub(crate) mod extension;
pub(crate) mod filter_properties;
pub(crate) mod fixed;
pub(crate) mod identifier;
pub(crate) mod implied;
pub(crate) mod invariant;
pub(crate) mod measure;
pub(crate) mod measure_report;
pub(crate) mod min_max;
pub(crate) mod narrative_links;
pub(crate) mod observation;
pub(crate) mod operation_definition;
pub(crate) mod parameters;
pub(crate) mod primitive;
pub(crate) mod quantity;
pub(crate) mod questionnaire;
pub(crate) mod questionnaire_answers;
pub(crate) mod questionnaire_definition;
pub(crate) mod questionnaire_options;
pub(crate) mod questionnaire_units;
pub(crate) mod reference;
pub(crate) mod resource;
pub(crate) mod resource_ids;
pub(crate) mod search_parameter;
pub(crate) mod signature;
pub(crate) mod slicing;
pub(crate) mod structure;
pub(crate) mod structure_definition;
pub(crate) mod text_safety;
pub(crate) mod value_set;
pub(crate) mod value_set_filter;

/// The R4 resource types with a canonical `url` (what a `canonical` points to, and what a
/// RESTful reference may name outside a Bundle). R4's NamingSystem has no `url`.
pub(crate) const CANONICAL_RESOURCE_TYPES: &[&str] = &[
    "ActivityDefinition",
    "CapabilityStatement",
    "ChargeItemDefinition",
    "CodeSystem",
    "CompartmentDefinition",
    "ConceptMap",
    "EffectEvidenceSynthesis",
    "EventDefinition",
    "Evidence",
    "EvidenceVariable",
    "ExampleScenario",
    "GraphDefinition",
    "ImplementationGuide",
    "Library",
    "Measure",
    "MessageDefinition",
    "OperationDefinition",
    "PlanDefinition",
    "Questionnaire",
    "ResearchDefinition",
    "ResearchElementDefinition",
    "RiskEvidenceSynthesis",
    "SearchParameter",
    "StructureDefinition",
    "StructureMap",
    "TerminologyCapabilities",
    "TestScript",
    "ValueSet",
];

/// Cross-version extensions (`http://hl7.org/fhir/5.0/StructureDefinition/extension-…`, and the
/// same for other versions): known without a definition.
pub(crate) fn is_cross_version_extension(url: &str) -> bool {
    url.strip_prefix("http://hl7.org/fhir/")
        .and_then(|rest| rest.split_once("/StructureDefinition/extension-"))
        .is_some_and(|(version, _)| version.chars().all(|c| c.is_ascii_digit() || c == '.'))
}
