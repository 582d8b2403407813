//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`): what a reference may point to, and fixed Timings.

use super::Fixture;

/// A Patient profile that requires a name.
const PATIENT_NAMED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/ref-patient-named", "name": "RefPatientNamed", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.name", "path": "Patient.name", "min": 1}]}}"##;

/// A Patient profile that requires a gender.
const PATIENT_GENDERED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/ref-patient-gendered", "name": "RefPatientGendered", "status": "active", "kind": "resource", "abstract": false, "type": "Patient", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Patient", "differential": {"element": [{"id": "Patient.gender", "path": "Patient.gender", "min": 1}]}}"##;

/// Observation.subject must be a named Patient.
const OBSERVATION_NAMED_SUBJECT_URL: &str =
    "http://example.org/StructureDefinition/observation-named-subject";
const OBSERVATION_NAMED_SUBJECT: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-named-subject", "name": "ObservationNamedSubject", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.subject", "path": "Observation.subject", "type": [{"code": "Reference", "targetProfile": ["http://example.org/StructureDefinition/ref-patient-named"]}]}]}}"##;

/// Observation.subject must be a named Patient or a Patient with a gender.
const OBSERVATION_TWO_SUBJECTS_URL: &str =
    "http://example.org/StructureDefinition/observation-two-subjects";
const OBSERVATION_TWO_SUBJECTS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-two-subjects", "name": "ObservationTwoSubjects", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.subject", "path": "Observation.subject", "type": [{"code": "Reference", "targetProfile": ["http://example.org/StructureDefinition/ref-patient-named", "http://example.org/StructureDefinition/ref-patient-gendered"]}]}]}}"##;

/// Observation.subject's target profile is not among the loaded definitions.
const OBSERVATION_UNKNOWN_TARGET_URL: &str =
    "http://example.org/StructureDefinition/observation-unknown-target";
const OBSERVATION_UNKNOWN_TARGET: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-unknown-target", "name": "ObservationUnknownTarget", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.subject", "path": "Observation.subject", "type": [{"code": "Reference", "targetProfile": ["http://example.org/StructureDefinition/not-loaded"]}]}]}}"##;

/// Observation.subject may only be referenced (not contained).
const OBSERVATION_REFERENCED_URL: &str =
    "http://example.org/StructureDefinition/observation-referenced";
const OBSERVATION_REFERENCED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-referenced", "name": "ObservationReferenced", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.subject", "path": "Observation.subject", "type": [{"code": "Reference", "targetProfile": ["http://hl7.org/fhir/StructureDefinition/Patient"], "aggregation": ["referenced"]}]}]}}"##;

/// Observation.subject must be contained.
const OBSERVATION_CONTAINED_URL: &str =
    "http://example.org/StructureDefinition/observation-contained";
const OBSERVATION_CONTAINED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-contained", "name": "ObservationContained", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.subject", "path": "Observation.subject", "type": [{"code": "Reference", "targetProfile": ["http://hl7.org/fhir/StructureDefinition/Patient"], "aggregation": ["contained"]}]}]}}"##;

/// Observation.effective[x] is a Timing fixed to two events.
const OBSERVATION_TWO_EVENTS_URL: &str =
    "http://example.org/StructureDefinition/observation-two-events";
const OBSERVATION_TWO_EVENTS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/observation-two-events", "name": "ObservationTwoEvents", "status": "active", "kind": "resource", "abstract": false, "type": "Observation", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "differential": {"element": [{"id": "Observation.effective[x]", "path": "Observation.effective[x]", "type": [{"code": "Timing"}], "fixedTiming": {"event": ["2020-01-01", "2020-01-02"]}}]}}"##;

/// A Bundle whose entries are Patients (the entry's type is Patient).
const BUNDLE_OF_PATIENTS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-patients", "name": "bundleofpatients", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Patient"}]}]}}"##;

/// A Bundle whose entries are named Patients (the entry is a Resource profiled).
const BUNDLE_OF_NAMED_PATIENTS: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-named-patients", "name": "bundleofnamedpatients", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource", "profile": ["http://example.org/StructureDefinition/ref-patient-named"]}]}]}}"##;

/// A Bundle whose entries are named Patients or named Practitioners.
const BUNDLE_OF_PEOPLE: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-people", "name": "bundleofpeople", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource", "profile": ["http://example.org/StructureDefinition/ref-patient-named", "http://example.org/StructureDefinition/ref-practitioner-named"]}]}]}}"##;

/// A Bundle whose entries' profile is not loaded.
const BUNDLE_OF_UNKNOWN: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-unknown", "name": "bundleofunknown", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource", "profile": ["http://example.org/StructureDefinition/not-loaded"]}]}]}}"##;

/// A Bundle whose entries are Patients, named or with a gender.
const BUNDLE_OF_NAMED_OR_GENDERED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-named-or-gendered", "name": "bundleofnamedorgendered", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource", "profile": ["http://example.org/StructureDefinition/ref-patient-named", "http://example.org/StructureDefinition/ref-patient-gendered"]}]}]}}"##;

/// A Practitioner with a name.
const PRACTITIONER_NAMED: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/ref-practitioner-named", "name": "RefPractitionerNamed", "status": "active", "kind": "resource", "abstract": false, "type": "Practitioner", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Practitioner", "differential": {"element": [{"id": "Practitioner.name", "path": "Practitioner.name", "min": 1}]}}"##;

/// A Bundle whose entries are named Patients or of a profile that is not loaded.
const BUNDLE_OF_UNKNOWN_PAIR: &str = r##"{"resourceType": "StructureDefinition", "url": "http://example.org/StructureDefinition/bundle-of-unknown-pair", "name": "bundleofunknownpair", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle", "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle", "differential": {"element": [{"id": "Bundle.entry.resource", "path": "Bundle.entry.resource", "type": [{"code": "Resource", "profile": ["http://example.org/StructureDefinition/ref-patient-named", "http://example.org/StructureDefinition/not-loaded"]}]}]}}"##;

/// A collection Bundle of one Patient with neither a name nor a gender.
const COLLECTION_OF_AN_ACTIVE_PATIENT: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0f1d7a2c-6a43-4a4e-9b1e-5d2c9a0e0000", "resource": {"resourceType": "Patient", "active": true}}]}"##;

/// A collection Bundle of one Observation.
const COLLECTION_OF_AN_OBSERVATION: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0f1d7a2c-6a43-4a4e-9b1e-5d2c9a0e0000", "resource": {"resourceType": "Observation", "status": "final", "code": {"text": "x"}}}]}"##;

/// A collection Bundle of one Patient with a gender.
const COLLECTION_OF_A_MALE_PATIENT: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0f1d7a2c-6a43-4a4e-9b1e-5d2c9a0e0000", "resource": {"resourceType": "Patient", "gender": "male"}}]}"##;

/// A collection Bundle of one Patient with a name and a gender.
const COLLECTION_OF_A_NAMED_MALE_PATIENT: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0f1d7a2c-6a43-4a4e-9b1e-5d2c9a0e0000", "resource": {"resourceType": "Patient", "name": [{"family": "Chalmers"}], "gender": "male"}}]}"##;

/// A collection Bundle of one Patient with a name.
const COLLECTION_OF_A_NAMED_PATIENT: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": [{"fullUrl": "urn:uuid:0f1d7a2c-6a43-4a4e-9b1e-5d2c9a0e0000", "resource": {"resourceType": "Patient", "name": [{"family": "Chalmers"}]}}]}"##;

/// A collection Bundle without entries.
const EMPTY_COLLECTION: &str = r##"{"resourceType": "Bundle", "type": "collection", "entry": []}"##;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "REFERENCE_REF_QUERY_INVALID",
        onramp: "reference.query_invalid",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient?identifier"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient?identifier=http://example.org/mrn|1"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_WRONGTARGET",
        onramp: "reference.declared_type_not_allowed",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "specimen": {"reference": "Specimen/1", "type": "Patient"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "specimen": {"reference": "Specimen/1", "type": "Specimen"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_CANTRESOLVEPROFILE",
        onramp: "reference.target_profile_unknown",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1", "type": "Patient"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
        support: &[OBSERVATION_UNKNOWN_TARGET],
        profiles: &[OBSERVATION_UNKNOWN_TARGET_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_CANTMATCHCHOICE",
        onramp: "reference.target_profile",
        failing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p"}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p", "name": [{"family": "Chalmers"}]}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        support: &[PATIENT_NAMED, OBSERVATION_NAMED_SUBJECT],
        profiles: &[OBSERVATION_NAMED_SUBJECT_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_MULTIPLEMATCHES",
        onramp: "reference.target_profiles_several",
        failing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p", "name": [{"family": "Chalmers"}], "gender": "male"}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p", "name": [{"family": "Chalmers"}]}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        support: &[PATIENT_NAMED, PATIENT_GENDERED, OBSERVATION_TWO_SUBJECTS],
        profiles: &[OBSERVATION_TWO_SUBJECTS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "DETAILS_FOR__MATCHING_AGAINST_PROFILE_",
        onramp: "reference.target_profile_details",
        failing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p", "active": true}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p", "name": [{"family": "Chalmers"}]}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        support: &[PATIENT_NAMED, PATIENT_GENDERED, OBSERVATION_TWO_SUBJECTS],
        profiles: &[OBSERVATION_TWO_SUBJECTS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_AGGREGATION",
        onramp: "reference.aggregation",
        failing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p"}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
        support: &[OBSERVATION_REFERENCED],
        profiles: &[OBSERVATION_REFERENCED_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "REFERENCE_REF_NOTFOUND_BUNDLE",
        onramp: "reference.aggregation",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"##,
        passing: r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p"}], "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
        support: &[OBSERVATION_CONTAINED],
        profiles: &[OBSERVATION_CONTAINED_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_MSG_EVENT_COUNT",
        onramp: "fixed.event_count",
        failing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveTiming": {"event": ["2020-01-01"]}}"##,
        passing: r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "effectiveTiming": {"event": ["2020-01-01", "2020-01-02"]}}"##,
        support: &[OBSERVATION_TWO_EVENTS],
        profiles: &[OBSERVATION_TWO_EVENTS_URL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_TYPE",
        onramp: "resource.type_not_allowed",
        failing: COLLECTION_OF_AN_OBSERVATION,
        passing: COLLECTION_OF_A_NAMED_PATIENT,
        support: &[BUNDLE_OF_PATIENTS],
        profiles: &["http://example.org/StructureDefinition/bundle-of-patients"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_TYPE2",
        onramp: "resource.type_not_profiled",
        failing: COLLECTION_OF_AN_OBSERVATION,
        passing: COLLECTION_OF_A_NAMED_PATIENT,
        support: &[BUNDLE_OF_NAMED_PATIENTS, PATIENT_NAMED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-named-patients"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_TYPE3",
        onramp: "resource.type_not_profiled",
        failing: COLLECTION_OF_AN_OBSERVATION,
        passing: COLLECTION_OF_A_NAMED_PATIENT,
        support: &[BUNDLE_OF_PEOPLE, PATIENT_NAMED, PRACTITIONER_NAMED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-people"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOPROFILE_EXPL",
        onramp: "resource.element_profile_unknown",
        failing: COLLECTION_OF_A_NAMED_PATIENT,
        passing: EMPTY_COLLECTION,
        support: &[BUNDLE_OF_UNKNOWN],
        profiles: &["http://example.org/StructureDefinition/bundle-of-unknown"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_MULTIPLE_PROFILES_NO_MATCH",
        onramp: "resource.element_profiles_no_match",
        failing: COLLECTION_OF_AN_ACTIVE_PATIENT,
        passing: COLLECTION_OF_A_MALE_PATIENT,
        support: &[BUNDLE_OF_NAMED_OR_GENDERED, PATIENT_NAMED, PATIENT_GENDERED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-named-or-gendered"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_MULTIPLE_PROFILES_NO_MATCH_REASON",
        onramp: "resource.element_profile_mismatch",
        failing: COLLECTION_OF_AN_ACTIVE_PATIENT,
        passing: COLLECTION_OF_A_MALE_PATIENT,
        support: &[BUNDLE_OF_NAMED_OR_GENDERED, PATIENT_NAMED, PATIENT_GENDERED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-named-or-gendered"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_MULTIPLE_PROFILES_MULTIPLE_MATCHES",
        onramp: "resource.element_profiles_several_match",
        failing: COLLECTION_OF_A_NAMED_MALE_PATIENT,
        passing: COLLECTION_OF_A_MALE_PATIENT,
        support: &[BUNDLE_OF_NAMED_OR_GENDERED, PATIENT_NAMED, PATIENT_GENDERED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-named-or-gendered"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "BUNDLE_BUNDLE_ENTRY_NOPROFILE_TYPE",
        onramp: "resource.element_profile_unknown",
        failing: COLLECTION_OF_A_NAMED_PATIENT,
        passing: EMPTY_COLLECTION,
        support: &[BUNDLE_OF_UNKNOWN_PAIR, PATIENT_NAMED],
        profiles: &["http://example.org/StructureDefinition/bundle-of-unknown-pair"],
        ..Fixture::CORE
    },
];
