//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`): the limits a profile's element puts on a value (`maxLength`,
//! `minLength`, `regex`, `maxSize`, `maxDecimalPlaces`), the security check of strings, maximum
//! value sets and fixed Timings.

use onramp_fhir::validate::ValidationOptions;

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "PRIMITIVE_TOO_SHORT",
        onramp: "primitive.too_short",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "X"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "Xu"}]}"##,
        support: &[PATIENT_LIMITS],
        profiles: &[PATIENT_LIMITS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_LENGTH",
        onramp: "primitive.max_length",
        failing: r##"{"resourceType": "Patient", "name": [{"family": "Chalmers"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"family": "Chalm"}]}"##,
        support: &[PATIENT_LIMITS],
        profiles: &[PATIENT_LIMITS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_PRIMITIVE_REGEX",
        onramp: "primitive.profile_regex",
        failing: r##"{"resourceType": "Patient", "name": [{"given": ["peter"]}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"given": ["Peter"]}]}"##,
        support: &[PATIENT_LIMITS],
        profiles: &[PATIENT_LIMITS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_ATT_TOO_LONG",
        onramp: "attachment.max_size",
        failing: r##"{"resourceType": "Patient", "photo": [{"contentType": "text/plain", "data": "QUJDREVGRw=="}]}"##,
        passing: r##"{"resourceType": "Patient", "photo": [{"contentType": "text/plain", "data": "QUJD"}]}"##,
        support: &[PATIENT_LIMITS],
        profiles: &[PATIENT_LIMITS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_BASE64_TOO_LONG",
        onramp: "primitive.max_size",
        failing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QUJDREVGRw=="}"##,
        passing: r##"{"resourceType": "Binary", "contentType": "text/plain", "data": "QUJD"}"##,
        support: &[BINARY_SMALL],
        profiles: &["http://example.org/StructureDefinition/binary-small"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_DECIMAL_CHARS",
        onramp: "primitive.decimal_places",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1.234}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1.23}}"##,
        support: &[OBSERVATION_TWO_PLACES],
        profiles: &["http://example.org/StructureDefinition/observation-two-places"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SECURITY_STRING_CONTENT_ERROR",
        onramp: "text.embedded_html",
        failing: r##"{"resourceType": "Patient", "name": [{"text": "<b>Peter</b>"}]}"##,
        passing: r##"{"resourceType": "Patient", "name": [{"text": "Peter"}]}"##,
        options: ValidationOptions {
            security_checks: true,
            ..ValidationOptions::DEFAULT
        },
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_8",
        onramp: "binding.max_value_set",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://example.org/CodeSystem/colors", "code": "blue"}]}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://example.org/CodeSystem/colors", "code": "green"}]}}"##,
        support: COLOR_SUPPORT,
        profiles: &[COLORS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_10",
        onramp: "binding.max_value_set",
        failing: r##"{"resourceType": "Patient", "meta": {"tag": [{"system": "http://example.org/CodeSystem/colors", "code": "blue"}]}}"##,
        passing: r##"{"resourceType": "Patient", "meta": {"tag": [{"system": "http://example.org/CodeSystem/colors", "code": "green"}]}}"##,
        support: COLOR_SUPPORT,
        profiles: &["http://example.org/StructureDefinition/patient-colors"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_11",
        onramp: "binding.max_value_set",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1, "code": "blue"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueQuantity": {"value": 1, "code": "green"}}"##,
        support: COLOR_SUPPORT,
        profiles: &[COLORS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_CODE_VALUESETMAX",
        onramp: "binding.no_coding_max",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "a colour"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://example.org/CodeSystem/colors", "code": "red"}]}}"##,
        support: COLOR_SUPPORT,
        profiles: &[COLORS_URL],
        ..Fixture::CORE
    },
];

const PATIENT_LIMITS_URL: &str = "http://example.org/StructureDefinition/patient-limits";

/// A Patient whose family names are 2 to 5 characters, whose given names are capitalised and whose
/// photos are at most 4 bytes.
const PATIENT_LIMITS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-limits", "name": "PatientLimits", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.name.family", "path": "Patient.name.family", "maxLength": 5, "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/minLength", "valueInteger": 2}]}, {"id": "Patient.name.given", "path": "Patient.name.given", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/regex", "valueString": "[A-Z][a-z]*"}]}, {"id": "Patient.photo", "path": "Patient.photo", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/maxSize", "valueDecimal": 4}]}]}}"##;

/// A Binary of at most 4 bytes.
const BINARY_SMALL: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/binary-small", "name": "BinarySmall", "status": "active", "kind": "resource", "abstract": false, "type": "Binary", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Binary", "differential": {"element": [{"id": "Binary.data", "path": "Binary.data", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/maxSize", "valueDecimal": 4}]}]}}"##;

/// An Observation whose quantity values have at most 2 decimal places.
const OBSERVATION_TWO_PLACES: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-two-places", "name": "ObservationTwoPlaces", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.value[x]", "path": "Observation.value[x]", "type": [{"code": "Quantity"}]}, {"id": "Observation.value[x].value", "path": "Observation.value[x].value", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces", "valueInteger": 2}]}]}}"##;

const COLORS_URL: &str = "http://example.org/StructureDefinition/observation-colors";

/// Colours (red, green, blue), bound extensibly to the primary colour red with the maximum value
/// set red and green: on Observation.code (a CodeableConcept), on a Patient's `meta.tag` (a
/// Coding) and on Observation.valueQuantity.code (a code).
const COLOR_SUPPORT: &[&str] = &[
    r##"{"resourceType": "CodeSystem", "url": "http://example.org/CodeSystem/colors", "status": "active", "content": "complete", "concept": [{"code": "red"}, {"code": "green"}, {"code": "blue"}]}"##,
    r##"{"resourceType": "ValueSet", "url": "http://example.org/ValueSet/primary", "status": "active", "compose": {"include": [{"system": "http://example.org/CodeSystem/colors", "concept": [{"code": "red"}]}]}}"##,
    r##"{"resourceType": "ValueSet", "url": "http://example.org/ValueSet/warm", "status": "active", "compose": {"include": [{"system": "http://example.org/CodeSystem/colors", "concept": [{"code": "red"}, {"code": "green"}]}]}}"##,
    r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-colors", "name": "ObservationColors", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.code", "path": "Observation.code", "binding": {"strength": "extensible", "valueSet": "http://example.org/ValueSet/primary", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet", "valueCanonical": "http://example.org/ValueSet/warm"}]}}, {"id": "Observation.value[x]", "path": "Observation.value[x]", "type": [{"code": "Quantity"}]}, {"id": "Observation.value[x].code", "path": "Observation.value[x].code", "binding": {"strength": "extensible", "valueSet": "http://example.org/ValueSet/primary", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet", "valueCanonical": "http://example.org/ValueSet/warm"}]}}]}}"##,
    r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-colors", "name": "PatientColors", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.meta.tag", "path": "Patient.meta.tag", "binding": {"strength": "extensible", "valueSet": "http://example.org/ValueSet/primary", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet", "valueCanonical": "http://example.org/ValueSet/warm"}]}}]}}"##,
];
