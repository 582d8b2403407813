//! Fixtures for the rows this work package moved to implemented (its rows are in several parts of
//! `docs/validator-coverage/`).

use super::Fixture;

/// A code system that lists an OID among its identifiers.
const CODESYSTEM_WITH_OID: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-oid","identifier":[{"system":"urn:ietf:rfc:3986","value":"urn:oid:1.2.3.4.5"}],"status":"active","content":"complete","concept":[{"code":"a"}]}"#;

/// A value set of two codes, the values of a code system's property.
const VALUESET_PROPERTY_VALUES: &str = r#"{"resourceType":"ValueSet","url":"http://example.org/vs-colours","status":"active","compose":{"include":[{"system":"http://example.org/cs-colours","concept":[{"code":"red"},{"code":"blue"}]}]}}"#;

/// The code system of [`VALUESET_PROPERTY_VALUES`].
const CODESYSTEM_COLOURS: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-colours","status":"active","content":"complete","concept":[{"code":"red"},{"code":"blue"},{"code":"green"}]}"#;

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
];
