//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`).

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MINIMUM_MAGIC",
        onramp: "slicing.vital_sign_code",
        failing: r##"{"resourceType": "Observation", "status": "final", "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}], "code": {"coding": [{"system": "http://loinc.org", "code": "9279-1"}]}, "subject": {"reference": "Patient/1"}, "effectiveDateTime": "2020-01-01", "valueQuantity": {"value": 60, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}], "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4"}]}, "subject": {"reference": "Patient/1"}, "effectiveDateTime": "2020-01-01", "valueQuantity": {"value": 60, "unit": "/min", "system": "http://unitsofmeasure.org", "code": "/min"}}"##,
        profiles: &["http://hl7.org/fhir/StructureDefinition/heartrate"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "THIS_ELEMENT_DOES_NOT_MATCH_ANY_KNOWN_SLICE_",
        onramp: "slicing.no_match",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}, {"system": "http://example.org/other", "value": "2"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/mrn", "value": "1"}]}"##,
        support: &[PATIENT_OPEN_IDENTIFIERS],
        profiles: &["http://example.org/StructureDefinition/patient-open-identifiers"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "DOES_NOT_MATCH_SLICE_",
        onramp: "slicing.no_match",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/other", "value": "2"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/ssn", "value": "2"}]}"##,
        support: &[PATIENT_OPEN_IDENTIFIERS],
        profiles: &["http://example.org/StructureDefinition/patient-open-identifiers"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MATCHMULTIPLE",
        onramp: "slicing.match_multiple",
        failing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/a", "value": "1"}]}"##,
        passing: r##"{"resourceType": "Patient", "identifier": [{"system": "http://example.org/b", "value": "1"}]}"##,
        support: &[PATIENT_OVERLAPPING_SLICES],
        profiles: &["http://example.org/StructureDefinition/patient-overlapping-slices"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SLICING_CANNOT_BE_EVALUATED",
        onramp: "slicing.cannot_evaluate",
        failing: r##"{"resourceType": "Patient", "contact": [{"telecom": [{"system": "phone", "value": "1"}]}]}"##,
        passing: r##"{"resourceType": "Patient", "gender": "male"}"##,
        support: &[PATIENT_POSITION_SLICES],
        profiles: &["http://example.org/StructureDefinition/patient-position-slices"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_NOCHECKMIN",
        onramp: "slicing.no_check_min",
        failing: r##"{"resourceType": "Patient", "contact": [{"telecom": [{"system": "phone", "value": "1"}]}]}"##,
        passing: r##"{"resourceType": "Patient", "gender": "male"}"##,
        support: &[PATIENT_POSITION_SLICES],
        profiles: &["http://example.org/StructureDefinition/patient-position-slices"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_NOCHECKMAX",
        onramp: "slicing.no_check_max",
        failing: r##"{"resourceType": "Patient", "contact": [{"telecom": [{"system": "phone", "value": "1"}, {"system": "phone", "value": "2"}, {"system": "phone", "value": "3"}]}]}"##,
        passing: r##"{"resourceType": "Patient", "contact": [{"telecom": [{"system": "phone", "value": "1"}]}]}"##,
        support: &[PATIENT_POSITION_SLICES],
        profiles: &["http://example.org/StructureDefinition/patient-position-slices"],
        ..Fixture::CORE
    },
];

/// A Patient whose identifiers are open slices by system: an MRN (required) and an SSN.
const PATIENT_OPEN_IDENTIFIERS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-open-identifiers", "name": "PatientOpenIdentifiers", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.identifier", "path": "Patient.identifier", "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"}}, {"id": "Patient.identifier:mrn", "path": "Patient.identifier", "sliceName": "mrn", "min": 0, "max": "1"}, {"id": "Patient.identifier:mrn.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/mrn"}, {"id": "Patient.identifier:ssn", "path": "Patient.identifier", "sliceName": "ssn", "min": 0, "max": "1"}, {"id": "Patient.identifier:ssn.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/ssn"}]}}"##;

/// A Patient with two identifier slices that fix the same system (a profile error).
const PATIENT_OVERLAPPING_SLICES: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-overlapping-slices", "name": "PatientOverlappingSlices", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.identifier", "path": "Patient.identifier", "slicing": {"discriminator": [{"type": "value", "path": "system"}], "rules": "open"}}, {"id": "Patient.identifier:first", "path": "Patient.identifier", "sliceName": "first", "min": 0, "max": "1"}, {"id": "Patient.identifier:first.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/a"}, {"id": "Patient.identifier:second", "path": "Patient.identifier", "sliceName": "second", "min": 0, "max": "1"}, {"id": "Patient.identifier:second.system", "path": "Patient.identifier.system", "min": 1, "fixedUri": "http://example.org/a"}]}}"##;

/// A Patient whose contact telecoms are sliced by a discriminator type R4 does not define
/// (`position`, from R5), with at most two telecoms and a required slice.
const PATIENT_POSITION_SLICES: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/patient-position-slices", "name": "PatientPositionSlices", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.contact.telecom", "path": "Patient.contact.telecom", "max": "2", "slicing": {"discriminator": [{"type": "position", "path": "$this"}], "rules": "open"}}, {"id": "Patient.contact.telecom:first", "path": "Patient.contact.telecom", "sliceName": "first", "min": 1, "max": "1"}]}}"##;
