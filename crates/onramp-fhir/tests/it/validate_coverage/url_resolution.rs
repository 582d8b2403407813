//! Fixtures for the rules that resolve `uri`, `url` and `canonical` values: they run only with a
//! URL resolution configured (the reference's resource fetcher), so each fixture states its
//! options.

use onramp_fhir::validate::{CanonicalPolicy, UrlResolution, ValidationOptions};

use super::Fixture;

const DEFINITIONS: ValidationOptions = ValidationOptions {
    url_resolution: UrlResolution::Definitions,
    ..ValidationOptions::DEFAULT
};

const TWO_VERSIONS_1: &str = r#"{"resourceType": "ValueSet", "url": "http://onramp.test/ValueSet/two-versions", "version": "1.0.0", "status": "active", "compose": {"include": [{"system": "http://hl7.org/fhir/administrative-gender"}]}}"#;
const TWO_VERSIONS_2: &str = r#"{"resourceType": "ValueSet", "url": "http://onramp.test/ValueSet/two-versions", "version": "2.0.0", "status": "active", "compose": {"include": [{"system": "http://hl7.org/fhir/administrative-gender"}]}}"#;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CANONICAL_RESOLVE",
        onramp: "reference.canonical_unresolved",
        failing: r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/no-such-profile"]}}"#,
        passing: r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Patient"]}}"#,
        options: DEFINITIONS,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CANONICAL_RESOLVE_NC",
        onramp: "reference.canonical_not_available",
        failing: r#"{"resourceType": "Patient", "meta": {"profile": ["http://registry.test/StructureDefinition/elsewhere"]}}"#,
        passing: r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/StructureDefinition/Patient"]}}"#,
        options: ValidationOptions {
            url_resolution: UrlResolution::ExamplesOnly,
            canonical_policy: CanonicalPolicy::CheckValid,
            ..ValidationOptions::DEFAULT
        },
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CANONICAL_TYPE",
        onramp: "reference.canonical_wrong_type",
        failing: r#"{"resourceType": "ValueSet", "status": "active", "compose": {"include": [{"valueSet": ["http://hl7.org/fhir/administrative-gender"]}]}}"#,
        passing: r#"{"resourceType": "ValueSet", "status": "active", "compose": {"include": [{"valueSet": ["http://hl7.org/fhir/ValueSet/administrative-gender"]}]}}"#,
        options: ValidationOptions {
            url_resolution: UrlResolution::Definitions,
            canonical_policy: CanonicalPolicy::CheckExistsAndType,
            ..ValidationOptions::DEFAULT
        },
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_CANONICAL_MULTIPLE_POSSIBLE_VERSIONS",
        onramp: "reference.canonical_several_versions",
        failing: r#"{"resourceType": "ValueSet", "status": "active", "compose": {"include": [{"valueSet": ["http://onramp.test/ValueSet/two-versions"]}]}}"#,
        passing: r#"{"resourceType": "ValueSet", "status": "active", "compose": {"include": [{"valueSet": ["http://onramp.test/ValueSet/two-versions|1.0.0"]}]}}"#,
        support: &[TWO_VERSIONS_1, TWO_VERSIONS_2],
        options: ValidationOptions {
            url_resolution: UrlResolution::Definitions,
            canonical_policy: CanonicalPolicy::CheckTypeIfExists,
            ..ValidationOptions::DEFAULT
        },
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URL_RESOLVE",
        onramp: "reference.url_unresolved",
        failing: r#"{"resourceType": "Patient", "identifier": [{"system": "http://hl7.org/fhir/no-such-system", "value": "1"}]}"#,
        passing: r#"{"resourceType": "Patient", "identifier": [{"system": "http://hl7.org/fhir/sid/us-ssn", "value": "1"}]}"#,
        options: DEFINITIONS,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_URL_EXAMPLE",
        onramp: "reference.example_url",
        failing: r#"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}]}"#,
        passing: r#"{"resourceType": "Patient", "identifier": [{"system": "http://hospital.test/mrn", "value": "1"}]}"#,
        options: DEFINITIONS,
        ..Fixture::CORE
    },
];
