//! Fixtures for the rows of `docs/validator-coverage/definitions.md`: StructureDefinitions and
//! OperationDefinitions as authored, with the definitions they build on.

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "UNABLE_TO_FIND_BASE__FOR_",
        onramp: "structure_definition.base_not_found",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/NoSuchBase","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_MUST_HAVE_DERIVATION",
        onramp: "structure_definition.no_derivation",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_CONSTRAINED_KIND_NO_MATCH",
        onramp: "structure_definition.kind_not_base_kind",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_DERIVATION_KIND_MISMATCH",
        onramp: "structure_definition.derivation_kind",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_CONSTRAINED_TYPE_NO_MATCH",
        onramp: "structure_definition.constrained_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Observation","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Observation","path":"Observation"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_SPECIALIZED_TYPE_MATCHES",
        onramp: "structure_definition.specialized_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"specialization","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Foo","baseDefinition":"http://hl7.org/fhir/StructureDefinition/DomainResource","derivation":"specialization","differential":{"element":[{"id":"Foo","path":"Foo"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_BASE_EXPERIMENTAL",
        onramp: "structure_definition.base_experimental",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","experimental":true,"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/base","name":"Base","status":"draft","experimental":true,"abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_OBGLIGATION_PROFILE_DERIVATION",
        onramp: "structure_definition.obligation_derivation",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Foo","baseDefinition":"http://hl7.org/fhir/StructureDefinition/DomainResource","derivation":"specialization","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation-profile","valueBoolean":true}],"differential":{"element":[{"id":"Foo","path":"Foo"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/obligation-profile","valueBoolean":true}],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_EXTENSION_URL_MISSING",
        onramp: "structure_definition.extension_url_missing",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_EXTENSION_URL_MISMATCH",
        onramp: "structure_definition.extension_url_mismatch",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/other"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_EXTENSION_COMPLIES_WITH_UNKNOWN",
        onramp: "structure_definition.complies_with_unknown",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-compliesWithProfile","valueCanonical":"http://example.org/nothing"}],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-compliesWithProfile","valueCanonical":"http://hl7.org/fhir/StructureDefinition/Patient"}],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_CONTEXT_SHOULD_ELEMENT_NOT_FOUND",
        onramp: "structure_definition.context_element_not_found",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient.nonsense"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient.name.given"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_CONTEXT_SHOULD_NOT_BE_ELEMENT",
        onramp: "structure_definition.context_element",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Element"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_CONTEXT_SHOULD_NOT_BE_FHIRPATH",
        onramp: "structure_definition.context_fhirpath_element",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"fhirpath","expression":"Patient.name"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"fhirpath","expression":"Patient.name.where(use = 'official')"}],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NO_CONTEXT_WHEN_NOT_EXTENSION",
        onramp: "structure_definition.context_not_extension",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NO_CONTEXT_INV_WHEN_NOT_EXTENSION",
        onramp: "structure_definition.context_invariant_not_extension",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","contextInvariant":["true"],"differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "UNABLE_TO_DETERMINE_TYPE_CONTEXT_INV",
        onramp: "structure_definition.context_invariant_no_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"fhirpath","expression":"Patient.name.where(true)"}],"contextInvariant":["exists()"],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"contextInvariant":["exists()"],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_CONTEXT_INVARIANT_EXPRESSION_ERROR",
        onramp: "structure_definition.context_invariant_error",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"contextInvariant":["exists(("],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"contextInvariant":["exists()"],"differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/p"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_TYPE_MISMATCH",
        onramp: "structure_definition.path_not_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Observation.code","path":"Observation.code"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NO_SLICING_ON_ROOT",
        onramp: "structure_definition.slicing_on_root",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","slicing":{"discriminator":[{"type":"value","path":"id"}],"rules":"open"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ELEMENT_NOT_IN_CONSTRAINT",
        onramp: "structure_definition.not_in_constraint",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","meaningWhenMissing":"unknown"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","short":"gender"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_NO_SLICING",
        onramp: "structure_definition.slicing_not_repeating",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","slicing":{"discriminator":[{"type":"value","path":"$this"}],"rules":"open"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_SLICING_DEPRECATED",
        onramp: "structure_definition.pattern_discriminator",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"pattern","path":"system"}],"rules":"open"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_NOT_VALID",
        onramp: "structure_definition.discriminator_invalid",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier"}],"slicing":{"discriminator":[{"type":"value","path":"nonsense"}],"rules":"open"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier"}],"slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_ERROR",
        onramp: "structure_definition.discriminator_error",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier"}],"slicing":{"discriminator":[{"type":"value","path":"system.("}],"rules":"open"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier"}],"slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ELEMENT_FIXED_WRONG_TYPE",
        onramp: "structure_definition.fixed_wrong_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","fixedString":"male"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","fixedCode":"male"}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/base","name":"Base","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","fixedCode":"male"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ELEMENT_PATTERN_NO_FIXED",
        onramp: "structure_definition.pattern_over_pattern",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","patternCode":"male"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://example.org/sd/base","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","fixedCode":"male"}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/base","name":"Base","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","patternCode":"male"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NO_TYPE_CODE_ON_CODE",
        onramp: "structure_definition.type_without_code",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"_code":{"extension":[{"url":"http://example.org/x","valueString":"a"}]}}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ILLEGAL_CHARACTERISTICS",
        onramp: "structure_definition.illegal_characteristic",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.birthDate","path":"Patient.birthDate","type":[{"code":"date"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NESTED_MUST_SUPPORT_SNAPSHOT",
        onramp: "structure_definition.nested_must_support",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.identifier","path":"Patient.identifier","min":0,"max":"1","type":[{"code":"Identifier","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/elementdefinition-type-must-support","valueBoolean":true}]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.identifier","path":"Patient.identifier","min":0,"max":"1","type":[{"code":"Identifier","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/elementdefinition-type-must-support","valueBoolean":true}]}],"mustSupport":true}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NESTED_MUST_SUPPORT_DIFF",
        onramp: "structure_definition.nested_must_support_diff",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/elementdefinition-type-must-support","valueBoolean":true}]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","type":[{"code":"Identifier","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/elementdefinition-type-must-support","valueBoolean":true}]}],"mustSupport":true}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_NO_TYPES_OR_CONTENTREF",
        onramp: "structure_definition.no_types",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","short":"g"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_VALUE_TYPE_IILEGAL",
        onramp: "structure_definition.value_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"fixedString":"male"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"fixedCode":"male"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_VALUE_TYPE_REPEAT_HINT",
        onramp: "structure_definition.repeating_fixed",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.identifier","path":"Patient.identifier","min":0,"max":"*","type":[{"code":"Identifier"}],"patternIdentifier":{"system":"http://example.org"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.identifier","path":"Patient.identifier","min":0,"max":"1","type":[{"code":"Identifier"}],"patternIdentifier":{"system":"http://example.org"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_VALUE_TYPE_REPEAT_WARNING_DOTNET",
        onramp: "structure_definition.repeating_fixed_primitive",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.name.given","path":"Patient.name.given","min":0,"max":"*","type":[{"code":"string"}],"fixedString":"x"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.name.given","path":"Patient.name.given","min":0,"max":"1","type":[{"code":"string"}],"fixedString":"x"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_VALUE_COMPLEX_FIXED",
        onramp: "structure_definition.complex_fixed",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","min":0,"max":"1","type":[{"code":"CodeableConcept"}],"fixedCodeableConcept":{"text":"x"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.maritalStatus","path":"Patient.maritalStatus","min":0,"max":"1","type":[{"code":"CodeableConcept"}],"patternCodeableConcept":{"text":"x"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TABLE_PROHIBITED",
        onramp: "structure_definition.property_prohibited",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","requirements":"x"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_TABLE_REQUIRED",
        onramp: "structure_definition.property_required",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Foo","baseDefinition":"http://hl7.org/fhir/StructureDefinition/DomainResource","derivation":"specialization","snapshot":{"element":[{"id":"Foo","path":"Foo","min":0,"max":"*"},{"id":"Foo.bar","path":"Foo.bar","type":[{"code":"string"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Foo","baseDefinition":"http://hl7.org/fhir/StructureDefinition/DomainResource","derivation":"specialization","snapshot":{"element":[{"id":"Foo","path":"Foo","min":0,"max":"*"},{"id":"Foo.bar","path":"Foo.bar","min":0,"max":"1","type":[{"code":"string"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_SLICE_INCONSISTENT_MS",
        onramp: "structure_definition.slice_not_must_support",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"},"mustSupport":true},{"id":"Patient.identifier:a","path":"Patient.identifier","sliceName":"a"}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"},"mustSupport":true},{"id":"Patient.identifier:a","path":"Patient.identifier","sliceName":"a","mustSupport":true}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_PATH_SLICE_INCONSISTENT_TYPE",
        onramp: "structure_definition.slice_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"},"mustSupport":true},{"id":"Patient.identifier:a","path":"Patient.identifier","sliceName":"a","type":[{"code":"Reference"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.identifier","path":"Patient.identifier","slicing":{"discriminator":[{"type":"value","path":"system"}],"rules":"open"},"mustSupport":true},{"id":"Patient.identifier:a","path":"Patient.identifier","sliceName":"a","mustSupport":true,"type":[{"code":"Reference"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_NO_KEY",
        onramp: "structure_definition.invariant_no_key",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"severity":"error","human":"x","expression":"true"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_NO_EXPRESSION",
        onramp: "structure_definition.invariant_no_expression",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_EXPRESSION_CONFLICT",
        onramp: "structure_definition.invariant_conflict",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true"}]},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"constraint":[{"key":"my-1","severity":"error","human":"x","expression":"false"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true"}]},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"constraint":[{"key":"my-2","severity":"error","human":"x","expression":"false"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_EXPRESSION_ERROR",
        onramp: "structure_definition.invariant_error",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"name.exists(("}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"name.exists()"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_DIFF_NO_SOURCE",
        onramp: "structure_definition.invariant_source",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true","source":"http://example.org/other"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true","source":"http://example.org/sd/p"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_INVARIANT_KEY_ALREADY_USED",
        onramp: "structure_definition.invariant_key_used",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"pat-1","severity":"error","human":"x","expression":"true"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient","constraint":[{"key":"my-1","severity":"error","human":"x","expression":"true"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_BIND_NO_BINDABLE",
        onramp: "structure_definition.binding_not_bindable",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.birthDate","path":"Patient.birthDate","min":0,"max":"1","type":[{"code":"date"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_BIND_MULTIPLE_TYPES",
        onramp: "structure_definition.binding_multiple_types",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"},{"code":"string"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_SHOULD_BIND_WITH_VS",
        onramp: "structure_definition.binding_without_value_set",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"binding":{"strength":"required","_valueSet":{"extension":[{"url":"http://example.org/x","valueString":"a"}]}}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*"},{"id":"Patient.gender","path":"Patient.gender","min":0,"max":"1","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_BIND_UNKNOWN_VS",
        onramp: "structure_definition.binding_value_set_unknown",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://example.org/vs/none"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_BIND_NOT_VS",
        onramp: "structure_definition.binding_not_value_set",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/administrative-gender"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender"}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_EXPERIMENTAL_BINDING",
        onramp: "structure_definition.binding_experimental",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://example.org/vs/exp"}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"example","valueSet":"http://example.org/vs/exp"}}]}}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs/exp","name":"Exp","status":"draft","experimental":true,"compose":{"include":[{"system":"http://hl7.org/fhir/administrative-gender"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_ADDITIONAL_BINDING_USAGE_INVALID_ELEMENT",
        onramp: "structure_definition.binding_usage_element",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/sd/p","code":"Patient.nonsense"},"valueCodeableConcept":{"text":"x"}}}]}]}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/sd/p","code":"Patient.gender"},"valueCodeableConcept":{"text":"x"}}}]}]}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_ADDITIONAL_BINDING_USAGE_INVALID_TYPE",
        onramp: "structure_definition.binding_usage_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/sd/p","code":"Patient.gender"},"valueQuantity":{"value":1}}}]}]}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/sd/p","code":"Patient.gender"},"valueCodeableConcept":{"text":"x"}}}]}]}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_ADDITIONAL_BINDING_USAGE_UNKNOWN",
        onramp: "structure_definition.binding_usage_unknown",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/other","code":"x"},"valueCodeableConcept":{"text":"x"}}}]}]}}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code"}],"binding":{"strength":"required","valueSet":"http://hl7.org/fhir/ValueSet/administrative-gender","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/additional-binding","extension":[{"url":"usage","valueUsageContext":{"code":{"system":"http://example.org/sd/p","code":"Patient.gender"},"valueCodeableConcept":{"text":"x"}}}]}]}}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_NOTYPE",
        onramp: "structure_definition.type_profile_no_type",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://example.org/sd/nobase"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/nobase","name":"NoBase","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_UNKNOWN",
        onramp: "structure_definition.type_profile_unknown",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://example.org/sd/nowhere"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ERROR_GENERATING_SNAPSHOT",
        onramp: "structure_definition.snapshot_generation_failed",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.name.nickname","path":"Patient.name.nickname","min":1}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.name.family","path":"Patient.name.family","min":1}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_WRONG_TYPE",
        onramp: "structure_definition.type_not_in_snapshot",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.birthDate","path":"Patient.birthDate","type":[{"code":"dateTime"}]}]},"snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","base":{"path":"Patient","min":0,"max":"*"}},{"id":"Patient.birthDate","path":"Patient.birthDate","min":0,"max":"1","base":{"path":"Patient.birthDate","min":0,"max":"1"},"type":[{"code":"date"}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.birthDate","path":"Patient.birthDate","type":[{"code":"date"}]}]},"snapshot":{"element":[{"id":"Patient","path":"Patient","min":0,"max":"*","base":{"path":"Patient","min":0,"max":"*"}},{"id":"Patient.birthDate","path":"Patient.birthDate","min":0,"max":"1","base":{"path":"Patient.birthDate","min":0,"max":"1"},"type":[{"code":"date"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_WRONG",
        onramp: "structure_definition.type_profile_wrong",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.name","path":"Patient.name","type":[{"code":"HumanName","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_NOT_MODIFIER",
        onramp: "structure_definition.modifier_extension_misplaced",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://example.org/ext/mod"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.modifierExtension","path":"Patient.modifierExtension","type":[{"code":"Extension","profile":["http://example.org/ext/mod"]}]}]}}"#,
        support: &[
            r#"{"resourceType":"StructureDefinition","url":"http://example.org/ext/mod","name":"Mod","status":"draft","abstract":false,"kind":"complex-type","type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","context":[{"type":"element","expression":"Patient"}],"differential":{"element":[{"id":"Extension","path":"Extension","isModifier":true,"isModifierReason":"it changes meaning"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/ext/mod"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_IS_MODIFIER",
        onramp: "structure_definition.extension_as_modifier",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.modifierExtension","path":"Patient.modifierExtension","type":[{"code":"Extension","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.extension","path":"Patient.extension","type":[{"code":"Extension","profile":["http://hl7.org/fhir/StructureDefinition/patient-birthPlace"]}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_PROFILE_WRONG_TARGET",
        onramp: "structure_definition.target_profile_wrong",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.generalPractitioner","path":"Patient.generalPractitioner","type":[{"code":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/HumanName"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.generalPractitioner","path":"Patient.generalPractitioner","type":[{"code":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Practitioner"]}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SD_ED_TYPE_NO_TARGET_PROFILE",
        onramp: "structure_definition.target_profile_not_allowed",
        failing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.gender","path":"Patient.gender","type":[{"code":"code","targetProfile":["http://hl7.org/fhir/StructureDefinition/Practitioner"]}]}]}}"#,
        passing: r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/p","name":"P","status":"draft","abstract":false,"kind":"resource","type":"Patient","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Patient","derivation":"constraint","differential":{"element":[{"id":"Patient","path":"Patient"},{"id":"Patient.generalPractitioner","path":"Patient.generalPractitioner","type":[{"code":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Practitioner"]}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_NOT_FOUND",
        onramp: "operation_definition.profile_not_found",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/none","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_NOT_PARAMETERS",
        onramp: "operation_definition.profile_not_parameters",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://hl7.org/fhir/StructureDefinition/Patient","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_NOT_IN_PARAM",
        onramp: "operation_definition.profile_parameter_missing",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_NOT_IN_PROFILE",
        onramp: "operation_definition.parameter_not_in_profile",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]},{"name":"c","use":"in","min":0,"max":"1","type":"string"}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_NOT_VALUE_MISMATCH",
        onramp: "operation_definition.profile_cardinality",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":0,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_TYPE_NOT_IN_PARAMS",
        onramp: "operation_definition.profile_type_not_in_parameter",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"integer"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_TYPE_NOT_IN_PROFILE",
        onramp: "operation_definition.parameter_type_not_in_profile",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"integer"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_PROFILE_NOT_IN_PARAMS",
        onramp: "operation_definition.parameter_target_not_in_profile",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Practitioner"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "OPDEF_PROFILE_PROFILE_NOT_IN_PROFILE",
        onramp: "operation_definition.profile_target_not_in_parameter",
        failing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Practitioner"]}]}"#,
        passing: r#"{"resourceType":"OperationDefinition","url":"http://example.org/od","name":"Od","status":"draft","kind":"operation","code":"x","system":true,"type":false,"instance":false,"inputProfile":"http://example.org/sd/params","parameter":[{"name":"a","use":"in","min":1,"max":"1","type":"string"},{"name":"r","use":"in","min":0,"max":"1","type":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}"#,
        support: &[STRUCTUREDEFINITION_PARAMS],
        ..Fixture::CORE
    },
];

// Definitions that several fixtures load. Numbered names (`QUESTIONNAIRE_Q_2`, …) are variants of
// one definition with the same url, numbered in the order the fixtures above first use them.
const STRUCTUREDEFINITION_PARAMS: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/params","name":"Params","status":"draft","abstract":false,"kind":"resource","type":"Parameters","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Parameters","derivation":"constraint","differential":{"element":[{"id":"Parameters","path":"Parameters"},{"id":"Parameters.parameter","path":"Parameters.parameter","slicing":{"discriminator":[{"type":"value","path":"name"}],"rules":"open"}},{"id":"Parameters.parameter:a","path":"Parameters.parameter","sliceName":"a","min":1,"max":"1"},{"id":"Parameters.parameter:a.name","path":"Parameters.parameter.name","fixedString":"a"},{"id":"Parameters.parameter:a.value[x]","path":"Parameters.parameter.value[x]","type":[{"code":"string"}]},{"id":"Parameters.parameter:a.resource","path":"Parameters.parameter.resource","max":"0"},{"id":"Parameters.parameter:r","path":"Parameters.parameter","sliceName":"r","min":0,"max":"1"},{"id":"Parameters.parameter:r.name","path":"Parameters.parameter.name","fixedString":"r"},{"id":"Parameters.parameter:r.value[x]","path":"Parameters.parameter.value[x]","type":[{"code":"Reference","targetProfile":["http://hl7.org/fhir/StructureDefinition/Patient"]}]},{"id":"Parameters.parameter:r.resource","path":"Parameters.parameter.resource","max":"0"}]}}"#;
