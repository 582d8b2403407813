//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`): the profiles an instance is validated against (type profiles,
//! version-specific and imposed profiles, global profiles) and canonical resources' status and
//! version.

use super::Fixture;

/// A Patient profile whose `address` must conform to a profile that is not loaded.
const UNKNOWN_ADDRESS_PROFILE: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/patient-unknown-address","name":"PatientUnknownAddress","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.address","path":"Patient.address","type":[{"code":"Address","profile":["http://example.org/sd/missing-address"]}]}]}}"#;
/// A Patient profile whose `address` must conform to one of two Address profiles.
const EITHER_ADDRESS_PROFILE: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/patient-either-address","name":"PatientEitherAddress","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.address","path":"Patient.address","type":[{"code":"Address","profile":["http://example.org/sd/address-city","http://example.org/sd/address-postal-code"]}]}]}}"#;
/// An Address with a city.
const ADDRESS_CITY: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/address-city","name":"AddressCity","status":"draft","abstract":false,"kind":"complex-type","type":"Address","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Address","derivation":"constraint","differential":{"element":[{"id":"Address","path":"Address"},{"id":"Address.city","path":"Address.city","min":1}]}}"#;
/// An Address with a postal code.
const ADDRESS_POSTAL_CODE: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/address-postal-code","name":"AddressPostalCode","status":"draft","abstract":false,"kind":"complex-type","type":"Address","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Address","derivation":"constraint","differential":{"element":[{"id":"Address","path":"Address"},{"id":"Address.postalCode","path":"Address.postalCode","min":1}]}}"#;
/// A Patient profile that imposes a profile that is not loaded.
const IMPOSING_PROFILE: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/patient-imposing","name":"PatientImposing","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-imposeProfile","valueCanonical":"http://example.org/sd/missing-imposed"}],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#;
/// An ImplementationGuide whose global Patient profile is not loaded.
const GUIDE_WITH_UNKNOWN_GLOBAL: &str = r#"{"resourceType":"ImplementationGuide","url":"http://example.org/ImplementationGuide/globals","name":"Globals","status":"draft","packageId":"example.globals","fhirVersion":["4.0.1"],"global":[{"type":"Patient","profile":"http://example.org/sd/missing-global"}]}"#;

/// A ValueSet with this status, standards status and version.
macro_rules! value_set {
    ($status:literal, $standards_status:literal, $version:literal) => {
        concat!(
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs/statuses","version":""#,
            $version,
            r#"","status":""#,
            $status,
            r#"","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-standards-status","valueCode":""#,
            $standards_status,
            r#""}]}"#
        )
    };
}

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "VALIDATION_VAL_UNKNOWN_PROFILE",
        onramp: "profile.type_profile_unknown",
        failing: r#"{"resourceType":"Patient","address":[{"city":"Amsterdam"}]}"#,
        passing: r#"{"resourceType":"Patient","gender":"other"}"#,
        support: &[UNKNOWN_ADDRESS_PROFILE],
        profiles: &["http://example.org/sd/patient-unknown-address"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_NOMATCH",
        onramp: "profile.type_profile_no_match",
        failing: r#"{"resourceType":"Patient","address":[{"country":"NL"}]}"#,
        passing: r#"{"resourceType":"Patient","address":[{"city":"Amsterdam"}]}"#,
        support: &[EITHER_ADDRESS_PROFILE, ADDRESS_CITY, ADDRESS_POSTAL_CODE],
        profiles: &["http://example.org/sd/patient-either-address"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_MULTIPLEMATCHES",
        onramp: "profile.type_profile_several_match",
        failing: r#"{"resourceType":"Patient","address":[{"city":"Amsterdam","postalCode":"1011"}]}"#,
        passing: r#"{"resourceType":"Patient","address":[{"postalCode":"1011"}]}"#,
        support: &[EITHER_ADDRESS_PROFILE, ADDRESS_CITY, ADDRESS_POSTAL_CODE],
        profiles: &["http://example.org/sd/patient-either-address"],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_OTHER_VERSION",
        onramp: "profile.other_fhir_version",
        failing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/3.0/StructureDefinition/Patient"]}}"#,
        passing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/4.0/StructureDefinition/Patient"]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_THIS_VERSION_OK",
        onramp: "profile.this_fhir_version",
        failing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/4.0/StructureDefinition/Patient"]}}"#,
        passing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/StructureDefinition/Patient"]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_THIS_VERSION_OTHER",
        onramp: "profile.this_fhir_version_other_type",
        failing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/4.0/StructureDefinition/Observation"]}}"#,
        passing: r#"{"resourceType":"Patient","meta":{"profile":["http://hl7.org/fhir/4.0/StructureDefinition/Patient"]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_PROFILE_DEPENDS_NOT_RESOLVED",
        onramp: "profile.imposed_unknown",
        failing: r#"{"resourceType":"Patient","meta":{"profile":["http://example.org/sd/patient-imposing"]}}"#,
        passing: r#"{"resourceType":"Patient","gender":"other"}"#,
        support: &[IMPOSING_PROFILE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_GLOBAL_PROFILE_UNKNOWN",
        onramp: "profile.global_unknown",
        failing: r#"{"resourceType":"Patient","gender":"other"}"#,
        passing: r#"{"resourceType":"Observation","status":"final","code":{"text":"weight"}}"#,
        support: &[GUIDE_WITH_UNKNOWN_GLOBAL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_STATUS_INCONSISTENT",
        onramp: "resource.status_inconsistent",
        failing: value_set!("retired", "normative", "1.0"),
        passing: value_set!("active", "normative", "1.0"),
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_STATUS_INCONSISTENT_HINT",
        onramp: "resource.status_inconsistent_hint",
        failing: value_set!("draft", "trial-use", "1.0"),
        passing: value_set!("active", "trial-use", "1.0"),
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALIDATION_VAL_VERSION_NOHASH",
        onramp: "resource.version_hash",
        failing: value_set!("active", "normative", "1.0#2"),
        passing: value_set!("active", "normative", "1.0.2"),
        ..Fixture::CORE
    },
];
