//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`).

use super::Fixture;

/// A code system that lists an OID among its identifiers.
const CODESYSTEM_WITH_OID: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-oid","identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.3.4.5"}],"status":"active","content":"complete","concept":[{"code":"a"}]}"#;

/// A value set of two codes, the values of a code system's property.
const VALUESET_PROPERTY_VALUES: &str = r#"{"resourceType":"ValueSet","url":"http://example.org/vs-colours","status":"active","compose":{"include":[{"system":"http://example.org/cs-colours","concept":[{"code":"red"},{"code":"blue"}]}]}}"#;

/// The code system of [`VALUESET_PROPERTY_VALUES`].
const CODESYSTEM_COLOURS: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-colours","status":"active","content":"complete","concept":[{"code":"red"},{"code":"blue"},{"code":"green"}]}"#;

/// An extension (version 1.2.0) for Patient, and for Observation only from FHIR R5 on.
const EXTENSION_VERSIONED_CONTEXTS: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/ext-versioned","version":"1.2.0","name":"ExtVersioned","status":"draft","kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Patient"},{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use","extension":[{"url":"startFhirVersion","valueCode":"5.0"}]}],"type":"element","expression":"Observation"}],"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/ext-versioned"}]}}"#;

/// A modifier extension (version 1.2.0) with the contexts of [`EXTENSION_VERSIONED_CONTEXTS`].
const MODIFIER_VERSIONED_CONTEXTS: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/mod-versioned","version":"1.2.0","name":"ModVersioned","status":"draft","kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Patient"},{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use","extension":[{"url":"startFhirVersion","valueCode":"5.0"}]}],"type":"element","expression":"Observation"}],"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension","isModifier":true,"isModifierReason":"It changes the meaning of the resource"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/mod-versioned"}]}}"#;

/// An extension for Patient whose context invariant asks for a deceased patient.
const EXTENSION_CONTEXT_INVARIANT: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/ext-deceased-only","name":"ExtDeceasedOnly","status":"draft","kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Patient"}],"contextInvariant":["deceased.exists()"],"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/ext-deceased-only"}]}}"#;

/// A value set (version 1.0.0) that declares one parameter, `p-country`.
const VALUESET_WITH_PARAMETER: &str = r#"{"resourceType":"ValueSet","url":"http://example.org/vs-states","version":"1.0.0","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-country"},{"url":"documentation","valueMarkdown":"The country whose states are listed"}]}],"status":"active","compose":{"include":[{"system":"http://example.org/cs-colours"}]}}"#;

/// A code system whose codes have displays, the base of the supplements below.
const CODESYSTEM_WITH_DISPLAYS: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-shades","status":"active","content":"complete","concept":[{"code":"red","display":"Red"},{"code":"blue","display":"Blue"}]}"#;

/// An extension for Observation, and for Patient resources that conform to a profile no package
/// holds.
const EXTENSION_UNKNOWN_PROFILE_CONTEXT: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/ext-unknown-profile-context","name":"ExtUnknownProfileContext","status":"draft","kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Observation"},{"type":"element","expression":"http://example.org/sd/no-such-profile#Patient"}],"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/ext-unknown-profile-context"}]}}"#;

/// An extension for Patient, and for Encounter through a context in an Observation profile (which
/// cannot be checked on an Encounter).
const EXTENSION_OTHER_TYPE_PROFILE_CONTEXT: &str = r#"{"resourceType":"StructureDefinition","url":"http://example.org/sd/ext-other-profile-context","name":"ExtOtherProfileContext","status":"draft","kind":"complex-type","abstract":false,"context":[{"type":"element","expression":"Patient"},{"type":"element","expression":"http://hl7.org/fhir/StructureDefinition/vitalsigns#Encounter"}],"type":"Extension","baseDefinition":"http://hl7.org/fhir/StructureDefinition/Extension","derivation":"constraint","differential":{"element":[{"id":"Extension","path":"Extension"},{"id":"Extension.url","path":"Extension.url","fixedUri":"http://example.org/sd/ext-other-profile-context"}]}}"#;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "CODESYSTEM_PROPERTY_BAD_PROPERTY_CODE",
        onramp: "code_system.property_value_not_in_value_set",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-test","status":"active","content":"complete","property":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/codesystem-property-valueset","valueCanonical":"http://example.org/vs-colours"}],"code":"colour","uri":"http://example.org/colour","type":"code"}],"concept":[{"code":"a","property":[{"code":"colour","valueCode":"green"}]}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-test","status":"active","content":"complete","property":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/codesystem-property-valueset","valueCanonical":"http://example.org/vs-colours"}],"code":"colour","uri":"http://example.org/colour","type":"code"}],"concept":[{"code":"a","property":[{"code":"colour","valueCode":"red"}]}]}"#,
        support: &[VALUESET_PROPERTY_VALUES, CODESYSTEM_COLOURS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_WRONG_CS_OID",
        onramp: "value_set.system_by_identifier",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"urn:oid:1.2.3.4.5"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-oid"}]}}"#,
        support: &[CODESYSTEM_WITH_OID],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_CODE_INVALID_VS",
        onramp: "concept_map.source_code_not_in_value_set",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm-test","status":"active","sourceCanonical":"http://example.org/vs-colours","targetCanonical":"http://example.org/vs-colours","group":[{"source":"http://example.org/cs-colours","target":"http://example.org/cs-colours","element":[{"code":"green","target":[{"code":"red","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm-test","status":"active","sourceCanonical":"http://example.org/vs-colours","targetCanonical":"http://example.org/vs-colours","group":[{"source":"http://example.org/cs-colours","target":"http://example.org/cs-colours","element":[{"code":"red","target":[{"code":"blue","equivalence":"equivalent"}]}]}]}"#,
        support: &[VALUESET_PROPERTY_VALUES, CODESYSTEM_COLOURS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_CODE_INVALID_VS",
        onramp: "concept_map.target_code_not_in_value_set",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm-test","status":"active","sourceCanonical":"http://example.org/vs-colours","targetCanonical":"http://example.org/vs-colours","group":[{"source":"http://example.org/cs-colours","target":"http://example.org/cs-colours","element":[{"code":"red","target":[{"code":"green","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm-test","status":"active","sourceCanonical":"http://example.org/vs-colours","targetCanonical":"http://example.org/vs-colours","group":[{"source":"http://example.org/cs-colours","target":"http://example.org/cs-colours","element":[{"code":"blue","target":[{"code":"red","equivalence":"equivalent"}]}]}]}"#,
        support: &[VALUESET_PROPERTY_VALUES, CODESYSTEM_COLOURS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXTP_CONTEXT_WRONG_VER",
        onramp: "extension.context",
        failing: r#"{"resourceType":"Observation","extension":[{"url":"http://example.org/sd/ext-versioned","valueString":"x"}],"status":"final","code":{"text":"x"}}"#,
        passing: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/sd/ext-versioned","valueString":"x"}]}"#,
        support: &[EXTENSION_VERSIONED_CONTEXTS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXTM_CONTEXT_WRONG_VER",
        onramp: "extension.context",
        failing: r#"{"resourceType":"Observation","modifierExtension":[{"url":"http://example.org/sd/mod-versioned","valueString":"x"}],"status":"final","code":{"text":"x"}}"#,
        passing: r#"{"resourceType":"Patient","modifierExtension":[{"url":"http://example.org/sd/mod-versioned","valueString":"x"}]}"#,
        support: &[MODIFIER_VERSIONED_CONTEXTS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "PROFILE_EXT_NOT_HERE",
        onramp: "extension.context_invariant",
        failing: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/sd/ext-deceased-only","valueString":"x"}]}"#,
        passing: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/sd/ext-deceased-only","valueString":"x"}],"deceasedBoolean":true}"#,
        support: &[EXTENSION_CONTEXT_INVARIANT],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_PARAMETER_MISSING_BINDING_PARAMETER",
        onramp: "questionnaire.value_set_parameter_missing",
        failing: r#"{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"state","type":"choice","answerValueSet":"http://example.org/vs-states"}]}"#,
        passing: r#"{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"state","type":"choice","answerValueSet":"http://example.org/vs-states","_answerValueSet":{"extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"p-country"},{"url":"value","valueString":"US"}]},{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"displayLanguage"},{"url":"value","valueString":"en"}]}]}}]}"#,
        support: &[VALUESET_WITH_PARAMETER, CODESYSTEM_COLOURS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_PARAMETER_UNRECOGNISED_BINDING_PARAMETER",
        onramp: "questionnaire.binding_parameter_unknown",
        failing: r#"{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"state","type":"choice","answerValueSet":"http://example.org/vs-states","_answerValueSet":{"extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"p-country"},{"url":"value","valueString":"US"}]},{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"p-region"},{"url":"value","valueString":"west"}]}]}}]}"#,
        passing: r#"{"resourceType":"Questionnaire","status":"active","item":[{"linkId":"state","type":"choice","answerValueSet":"http://example.org/vs-states","_answerValueSet":{"extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"p-country"},{"url":"value","valueString":"US"}]},{"url":"http://hl7.org/fhir/tools/StructureDefinition/binding-parameter","extension":[{"url":"name","valueCode":"displayLanguage"},{"url":"value","valueString":"en"}]}]}}]}"#,
        support: &[VALUESET_WITH_PARAMETER, CODESYSTEM_COLOURS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_SUPP_NO_DISPLAY",
        onramp: "code_system.supplement_display",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-shades-supplement","status":"active","content":"supplement","supplements":"http://example.org/cs-shades","valueSet":"http://example.org/vs-shades-supplement","concept":[{"code":"red","display":"Crimson"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-shades-supplement","status":"active","content":"supplement","supplements":"http://example.org/cs-shades","valueSet":"http://example.org/vs-shades-supplement","concept":[{"code":"red","display":"RED"}]}"#,
        support: &[CODESYSTEM_WITH_DISPLAYS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_CONTEXT_UNABLE_TO_FIND_PROFILE",
        onramp: "extension.context_profile_unknown",
        failing: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/sd/ext-unknown-profile-context","valueString":"x"}]}"#,
        passing: r#"{"resourceType":"Observation","extension":[{"url":"http://example.org/sd/ext-unknown-profile-context","valueString":"x"}],"status":"final","code":{"text":"x"}}"#,
        support: &[EXTENSION_UNKNOWN_PROFILE_CONTEXT],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_CONTEXT_UNABLE_TO_CHECK_PROFILE",
        onramp: "extension.context_profile_unchecked",
        failing: r#"{"resourceType":"Encounter","extension":[{"url":"http://example.org/sd/ext-other-profile-context","valueString":"x"}],"status":"finished","class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"}}"#,
        passing: r#"{"resourceType":"Patient","extension":[{"url":"http://example.org/sd/ext-other-profile-context","valueString":"x"}]}"#,
        support: &[EXTENSION_OTHER_TYPE_PROFILE_CONTEXT],
        ..Fixture::CORE
    },
];
