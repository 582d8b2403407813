//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`).

use super::Fixture;

/// An obligation profile on Patient with these differential elements (a JSON list's items).
macro_rules! obligation_profile {
    ($elements:literal) => {
        concat!(
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/o","name":"O","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation-profile","valueBoolean":true}],"differential":{"element":["#,
            $elements,
            "]}}"
        )
    };
}

/// A Patient profile with these extensions on the definition (a JSON list's items).
macro_rules! inheriting_profile {
    ($extensions:literal) => {
        concat!(
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":["#,
            $extensions,
            r#"],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#
        )
    };
}

/// An obligation profile on Patient, for profiles to inherit from.
const OBLIGATIONS: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/obligations","name":"Obligations","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation-profile","valueBoolean":true}],"differential":{"element":[{"id":"Patient.name","path":"Patient.name","mustSupport":true}]}}"#;
/// A plain Patient profile (no obligation-profile flag).
const PLAIN: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/plain","name":"Plain","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient.name","path":"Patient.name","min":1}]}}"#;
/// An obligation profile on another base (a profile of Patient).
const OTHER_BASE: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/other-base","name":"OtherBase","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/plain","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation-profile","valueBoolean":true}],"differential":{"element":[{"id":"Patient.name","path":"Patient.name","mustSupport":true}]}}"#;

/// A Patient profile claiming to comply with [`AUTHORITY`], with these differential elements.
macro_rules! complying_profile {
    ($elements:literal) => {
        concat!(
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/claimee","name":"Claimee","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-compliesWithProfile","valueCanonical":"http://example.org/sd/authority"}],"differential":{"element":[{"id":"Patient","path":"Patient"},"#,
            $elements,
            "]}}"
        )
    };
}

/// A Patient profile that makes gender mandatory and binds marital status to its value set.
const AUTHORITY: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/authority","name":"Authority","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","min":1},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/marital-status"}}]}}"#;
/// Another marital-status value set.
const MARITAL: &str = r#"{"resourceType":"ValueSet","url":"http://example.org/vs/marital","name":"Marital","status":"draft","compose":{"include":[{"system":"http://terminology.hl7.org/CodeSystem/v3-MaritalStatus","concept":[{"code":"M"}]}]}}"#;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "SD_DERIVATION_NO_CONCRETE",
        onramp: "structure_definition.no_concrete_derivation",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/lonely","name":"Lonely","status":"draft","abstract":true,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/abstract","name":"Abstract","status":"draft","abstract":true,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/concrete","name":"Concrete","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/abstract|1.0","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_UNMATCHED",
        onramp: "structure_definition.obligation_unmatched",
        failing: obligation_profile!(
            r#"{"id":"Patient.nonsense","path":"Patient.nonsense","mustSupport":true}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.name","path":"Patient.name","mustSupport":true}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_ILLEGAL",
        onramp: "structure_definition.obligation_illegal",
        failing: obligation_profile!(
            r#"{"id":"Patient.name","path":"Patient.name","short":"A name","mustSupport":true}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.name","path":"Patient.name","min":1,"mustSupport":true}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_ILLEGAL_BINDING",
        onramp: "structure_definition.obligation_illegal_binding",
        failing: obligation_profile!(
            r#"{"id":"Patient.name","path":"Patient.name","binding":{"strength":"example"}}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required"}}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_PATH_WRONG",
        onramp: "structure_definition.obligation_path_wrong",
        failing: obligation_profile!(
            r#"{"id":"Patient.name","path":"Patient.gender","mustSupport":true}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","mustSupport":true}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_INVALID_BINDING_CODE",
        onramp: "structure_definition.obligation_binding_purpose",
        failing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"purpose","valueCode":"extensible"},{"url":"valueSet","valueCanonical":"http://hl7.org/fhir/ValueSet/administrative-gender"}]}]}}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"purpose","valueCode":"preferred"},{"url":"valueSet","valueCanonical":"http://hl7.org/fhir/ValueSet/administrative-gender"}]}]}}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_INVALID_BINDING_STRENGTH",
        onramp: "structure_definition.obligation_binding_strength",
        failing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"extensible"}}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required"}}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_ILLEGAL_ON_BINDING",
        onramp: "structure_definition.obligation_illegal_on_binding",
        failing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}"#
        ),
        passing: obligation_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","binding":{"strength":"required"}}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_INHERITS_PROFILE_NO_TARGET",
        onramp: "structure_definition.inherits_obligations_no_target",
        failing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","_valueCanonical":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/data-absent-reason","valueCode":"unknown"}]}}"#
        ),
        passing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/obligations"}"#
        ),
        support: &[OBLIGATIONS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_INHERITS_PROFILE_TARGET_NOT_FOUND",
        onramp: "structure_definition.inherits_obligations_not_found",
        failing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/missing"}"#
        ),
        passing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/obligations"}"#
        ),
        support: &[OBLIGATIONS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_INHERITS_PROFILE_NOT_RIGHT_TYPE",
        onramp: "structure_definition.inherits_obligations_not_obligation_profile",
        failing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/plain"}"#
        ),
        passing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/obligations"}"#
        ),
        support: &[OBLIGATIONS, PLAIN],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_INHERITS_PROFILE_NOT_RIGHT_BASE",
        onramp: "structure_definition.inherits_obligations_wrong_base",
        failing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/other-base"}"#
        ),
        passing: inheriting_profile!(
            r#"{"url":"http://hl7.org/fhir/StructureDefinition/inherit-obligations","valueCanonical":"http://example.org/sd/obligations"}"#
        ),
        support: &[OBLIGATIONS, PLAIN, OTHER_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_EXTENSION_COMPLIES_WITH_ERROR",
        onramp: "structure_definition.complies_with_error",
        failing: complying_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","min":0},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/marital-status"}}"#
        ),
        passing: complying_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","min":1},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/marital-status"}}"#
        ),
        support: &[AUTHORITY],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_EXTENSION_COMPLIES_WITH_WARNING",
        onramp: "structure_definition.complies_with_warning",
        failing: complying_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","min":1},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"http://example.org/vs/marital"}}"#
        ),
        passing: complying_profile!(
            r#"{"id":"Patient.gender","path":"Patient.gender","min":1},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/marital-status"}}"#
        ),
        support: &[AUTHORITY, MARITAL],
        ..Fixture::CORE
    },
];
