//! Fixtures for the rows of `docs/validator-coverage/terminology-and-extensions.md`.

use super::Fixture;

/// An extension definition (differential only, usable on any element) with the canonical
/// `http://example.org/fhir/StructureDefinition/<name>`, whose `Extension.value[x]` element is
/// given as JSON, and optional extensions on the definition itself.
macro_rules! extension_definition {
    ($name:literal, $value:literal) => {
        extension_definition!($name, $value, "[]")
    };
    ($name:literal, $value:literal, $extensions:literal) => {
        concat!(
            r#"{"resourceType": "StructureDefinition", "url": "http://example.org/fhir/StructureDefinition/"#,
            $name,
            r#"", "name": "Test", "status": "active", "kind": "complex-type", "abstract": false, "extension": "#,
            $extensions,
            r#", "context": [{"type": "element", "expression": "Element"}], "type": "Extension",
            "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Extension", "derivation": "constraint",
            "differential": {"element": [{"id": "Extension", "path": "Extension"},
              {"id": "Extension.extension", "path": "Extension.extension", "max": "0"},
              {"id": "Extension.url", "path": "Extension.url", "fixedUri": "http://example.org/fhir/StructureDefinition/"#,
            $name,
            r#""}, "#,
            $value,
            r#"]}}"#
        )
    };
}

/// A Patient with one extension of the definitions above, its value given as JSON members.
macro_rules! patient_with {
    ($name:literal, $value:literal) => {
        concat!(
            r#"{"resourceType": "Patient", "extension": [{"url": "http://example.org/fhir/StructureDefinition/"#,
            $name,
            r#"", "#,
            $value,
            r#"}]}"#
        )
    };
}

/// A Patient with one tag.
macro_rules! tagged {
    ($tag:literal) => {
        concat!(
            r#"{"resourceType": "Patient", "meta": {"tag": ["#,
            $tag,
            r#"]}}"#
        )
    };
}

/// A Patient with one identifier.
macro_rules! identified {
    ($identifier:literal) => {
        concat!(
            r#"{"resourceType": "Patient", "identifier": ["#,
            $identifier,
            r#"]}"#
        )
    };
}

const GENDER_TAG: &str =
    tagged!(r#"{"system": "http://hl7.org/fhir/administrative-gender", "code": "male"}"#);

const CODING_REQUIRED: &str = extension_definition!(
    "coding-required",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "Coding"}],
      "binding": {"strength": "required", "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"}}"#
);
const CODING_EXTENSIBLE: &str = extension_definition!(
    "coding-extensible",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "Coding"}],
      "binding": {"strength": "extensible", "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"}}"#
);
const CODE_EXTENSIBLE: &str = extension_definition!(
    "code-extensible",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "code"}],
      "binding": {"strength": "extensible", "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"}}"#
);
const CODE_UNKNOWN_VALUE_SET: &str = extension_definition!(
    "code-unknown-value-set",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "code"}],
      "binding": {"strength": "required", "valueSet": "http://example.org/fhir/ValueSet/none"}}"#
);
const CODE_BOUND_TO_CODE_SYSTEM: &str = extension_definition!(
    "code-bound-to-code-system",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "code"}],
      "binding": {"strength": "required", "valueSet": "http://hl7.org/fhir/administrative-gender"}}"#
);
const CONCEPT_WITHOUT_VALUE_SET: &str = extension_definition!(
    "concept-without-value-set",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "CodeableConcept"}],
      "binding": {"strength": "example", "description": "Any code"}}"#
);
const CONCEPT_EXAMPLE: &str = extension_definition!(
    "concept-example",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "CodeableConcept"}],
      "binding": {"strength": "example", "valueSet": "http://hl7.org/fhir/ValueSet/administrative-gender"}}"#
);
const NOT_PRESENT_CODE_SYSTEM: &str = r#"{"resourceType": "CodeSystem", "url": "http://example.org/fhir/CodeSystem/not-present", "status": "active", "content": "not-present"}"#;
const PATTERN_TWO_CODINGS: &str = extension_definition!(
    "pattern-two-codings",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "CodeableConcept"}],
      "patternCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a"}, {"system": "http://example.org/cs", "code": "b"}]}}"#
);
const PATTERN_USER_SELECTED: &str = extension_definition!(
    "pattern-user-selected",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "CodeableConcept"}],
      "patternCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a", "userSelected": true}]}}"#
);
const FIXED_ADDRESS: &str = extension_definition!(
    "fixed-address",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "Address"}],
      "fixedAddress": {"line": ["1 Main Street", "Flat 2"]}}"#
);
const FIXED_FAMILY: &str = extension_definition!(
    "fixed-family",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "HumanName"}],
      "fixedHumanName": {"family": "Doe"}}"#
);
const FIXED_NAME_PARTS: &str = extension_definition!(
    "fixed-name-parts",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "HumanName"}],
      "fixedHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr"], "suffix": ["PhD"]}}"#
);
const FIXED_CODING: &str = extension_definition!(
    "fixed-coding",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "Coding"}],
      "fixedCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "male"}}"#
);
const FIXED_CODE: &str = extension_definition!(
    "fixed-code",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "code"}], "fixedCode": "male"}"#
);
const FIXED_WITH_EXTENSION: &str = extension_definition!(
    "fixed-with-extension",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "HumanName"}],
      "fixedHumanName": {"family": "Doe", "extension": [{"url": "http://example.org/fhir/StructureDefinition/note", "valueString": "x"}]}}"#
);
const FROM_R5: &str = extension_definition!(
    "from-r5",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}"#,
    r#"[{"url": "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use",
        "extension": [{"url": "startFhirVersion", "valueCode": "5.0"}]}]"#
);
const UNTIL_STU3: &str = extension_definition!(
    "until-stu3",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}"#,
    r#"[{"url": "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use",
        "extension": [{"url": "endFhirVersion", "valueCode": "3.0"}]}]"#
);
const FROM_R4: &str = extension_definition!(
    "from-r4",
    r#"{"id": "Extension.value[x]", "path": "Extension.value[x]", "type": [{"code": "string"}]}"#,
    r#"[{"url": "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-version-specific-use",
        "extension": [{"url": "startFhirVersion", "valueCode": "4.0"}, {"url": "endFhirVersion", "valueCode": "4.0"}]}]"#
);

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "TERMINOLOGY_TX_DISPLAY_WRONG",
        onramp: "terminology.display_wrong",
        failing: r#"{"resourceType":"Patient","meta":{"tag":[{"system":"http://hl7.org/fhir/onramp-listed-elsewhere","code":"a","display":"Beta"}]}}"#,
        passing: r#"{"resourceType":"Patient","meta":{"tag":[{"system":"http://hl7.org/fhir/onramp-listed-elsewhere","code":"a","display":"Alpha"}]}}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/onramp-listed-elsewhere","name":"ListedElsewhere","status":"active","content":"not-present","concept":[{"code":"a","display":"Alpha"}]}"#,
        ],
        ..Fixture::CORE
    },
    // Codes, Codings and CodeableConcepts.
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_12",
        onramp: "binding.required",
        failing: r##"{"resourceType": "Patient", "gender": "man"}"##,
        passing: r##"{"resourceType": "Patient", "gender": "other"}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_1_CC",
        onramp: "binding.required",
        failing: r##"{"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"},
          "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "relapse"}]}}"##,
        passing: r##"{"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"},
          "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_4",
        onramp: "binding.required",
        failing: patient_with!(
            "coding-required",
            r#""valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK"}"#
        ),
        passing: patient_with!(
            "coding-required",
            r#""valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "male"}"#
        ),
        support: &[CODING_REQUIRED],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_2_CC",
        onramp: "binding.extensible",
        failing: r##"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "NI"}]}}"##,
        passing: r##"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_5",
        onramp: "binding.extensible",
        failing: patient_with!(
            "coding-extensible",
            r#""valueCoding": {"system": "http://terminology.hl7.org/CodeSystem/v3-NullFlavor", "code": "UNK"}"#
        ),
        passing: patient_with!(
            "coding-extensible",
            r#""valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "male"}"#
        ),
        support: &[CODING_EXTENSIBLE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_NOVALID_13",
        onramp: "binding.extensible",
        failing: patient_with!("code-extensible", r#""valueCode": "man""#),
        passing: patient_with!("code-extensible", r#""valueCode": "male""#),
        support: &[CODE_EXTENSIBLE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_CODE_VALUESET",
        onramp: "binding.no_coding",
        failing: r##"{"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"}, "clinicalStatus": {"text": "active"}}"##,
        passing: r##"{"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"},
          "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}], "text": "active"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_CODE_VALUESET_EXT",
        onramp: "binding.no_coding_extensible",
        failing: r##"{"resourceType": "Patient", "maritalStatus": {"text": "married"}}"##,
        passing: r##"{"resourceType": "Patient", "maritalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}], "text": "married"}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_VALUESET_NOTFOUND",
        onramp: "terminology.value_set_not_found",
        failing: patient_with!("code-unknown-value-set", r#""valueCode": "male""#),
        passing: patient_with!("code-extensible", r#""valueCode": "male""#),
        support: &[CODE_UNKNOWN_VALUE_SET, CODE_EXTENSIBLE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_VALUESET_NOTFOUND_CS",
        onramp: "binding.value_set_is_code_system",
        failing: patient_with!("code-bound-to-code-system", r#""valueCode": "male""#),
        passing: patient_with!("code-extensible", r#""valueCode": "male""#),
        support: &[CODE_BOUND_TO_CODE_SYSTEM, CODE_EXTENSIBLE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_BINDING_NOSOURCE",
        onramp: "binding.no_value_set",
        failing: patient_with!(
            "concept-without-value-set",
            r#""valueCodeableConcept": {"text": "x"}"#
        ),
        passing: patient_with!(
            "concept-example",
            r#""valueCodeableConcept": {"text": "x"}"#
        ),
        support: &[CONCEPT_WITHOUT_VALUE_SET, CONCEPT_EXAMPLE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "ERROR_VALIDATING_CODE_RUNNING_WITHOUT_TERMINOLOGY_SERVICES",
        onramp: "terminology.no_server",
        failing: tagged!(r#"{"system": "http://snomed.info/sct", "code": "22298006"}"#),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_WRONG_BUILD",
        onramp: "terminology.system_on_build_server",
        failing: tagged!(
            r#"{"system": "http://build.fhir.org/codesystem-administrative-gender.html", "code": "male"}"#
        ),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_WRONG_HTML",
        onramp: "terminology.system_is_web_page",
        failing: tagged!(
            r#"{"system": "http://hl7.org/fhir/codesystem-administrative-gender.html", "code": "male"}"#
        ),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_UNKNOWN",
        onramp: "terminology.system_unknown",
        failing: tagged!(
            r#"{"system": "http://hl7.org/fhir/no-such-code-system", "code": "male"}"#
        ),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "UNKNOWN_CODESYSTEM",
        onramp: "terminology.unknown_system",
        failing: tagged!(r#"{"system": "http://example.com/CodeSystem/tags", "code": "a"}"#),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_INVALID",
        onramp: "terminology.system_invalid",
        failing: tagged!(r#"{"system": "http://loinc.org/8867-4", "code": "8867-4"}"#),
        passing: tagged!(r#"{"system": "http://loinc.org", "code": "8867-4"}"#),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_VALUESET2",
        onramp: "terminology.system_is_value_set",
        failing: tagged!(
            r#"{"system": "http://hl7.org/fhir/ValueSet/administrative-gender", "code": "male"}"#
        ),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_HTTPS",
        onramp: "terminology.system_https",
        failing: tagged!(
            r#"{"system": "https://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}"#
        ),
        passing: tagged!(
            r#"{"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "M"}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_NOT_USABLE",
        onramp: "terminology.system_not_usable",
        failing: tagged!(
            r#"{"system": "http://example.org/fhir/CodeSystem/not-present", "code": "a"}"#
        ),
        passing: GENDER_TAG,
        support: &[NOT_PRESENT_CODE_SYSTEM],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_RELATIVE",
        onramp: "terminology.system_not_absolute",
        failing: tagged!(r#"{"system": "administrative-gender", "code": "male"}"#),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    Fixture {
        reference: "TERMINOLOGY_TX_SYSTEM_NO_CODE",
        onramp: "terminology.coding_without_system",
        failing: tagged!(r#"{"code": "male"}"#),
        passing: GENDER_TAG,
        ..Fixture::CORE
    },
    // Fixed values and patterns of complex types.
    Fixture {
        reference: "TERMINOLOGY_TX_CODING_COUNT",
        onramp: "pattern.coding_count",
        failing: patient_with!(
            "pattern-two-codings",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a"}]}"#
        ),
        passing: patient_with!(
            "pattern-two-codings",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "b"}, {"system": "http://example.org/cs", "code": "a"}]}"#
        ),
        support: &[PATTERN_TWO_CODINGS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_CHECKS_PATTERN_CC",
        onramp: "pattern.coding_not_found",
        failing: patient_with!(
            "pattern-two-codings",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a"}, {"system": "http://example.org/cs", "code": "c"}]}"#
        ),
        passing: patient_with!(
            "pattern-two-codings",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a"}, {"system": "http://example.org/cs", "code": "b"}]}"#
        ),
        support: &[PATTERN_TWO_CODINGS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_CHECKS_PATTERN_CC_US",
        onramp: "pattern.coding_not_found",
        failing: patient_with!(
            "pattern-user-selected",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a", "userSelected": false}]}"#
        ),
        passing: patient_with!(
            "pattern-user-selected",
            r#""valueCodeableConcept": {"coding": [{"system": "http://example.org/cs", "code": "a", "userSelected": true}]}"#
        ),
        support: &[PATTERN_USER_SELECTED],
        ..Fixture::CORE
    },
    Fixture {
        reference: "FIXED_TYPE_CHECKS_DT_ADDRESS_LINE",
        onramp: "fixed.count_mismatch",
        failing: patient_with!(
            "fixed-address",
            r#""valueAddress": {"line": ["1 Main Street"]}"#
        ),
        passing: patient_with!(
            "fixed-address",
            r#""valueAddress": {"line": ["1 Main Street", "Flat 2"]}"#
        ),
        support: &[FIXED_ADDRESS],
        ..Fixture::CORE
    },
    // Extensions.
    Fixture {
        reference: "EXTENSION_EXT_UNKNOWN_NOTHERE",
        onramp: "extension.unknown",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/us/none/StructureDefinition/x", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "2000-01-01", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_UNKNOWN",
        onramp: "extension.unknown_allowed",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.com/fhir/StructureDefinition/unknown", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_MODIFIER_Y",
        onramp: "extension.extension_as_modifier",
        failing: r##"{"resourceType": "Patient", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_MODIFIER_N",
        onramp: "extension.modifier_as_extension",
        failing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01",
          "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_TYPE",
        onramp: "extension.value_type",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_SIMPLE_WRONG",
        onramp: "extension.simple_with_extensions",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation",
          "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_SIMPLE_ABSENT",
        onramp: "extension.simple_without_value",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "id": "a"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "id": "a", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_SUBEXTENSION_INVALID",
        onramp: "extension.unknown_part",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-nationality",
          "extension": [{"url": "nation", "valueCodeableConcept": {"text": "x"}}]}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-nationality",
          "extension": [{"url": "code", "valueCodeableConcept": {"text": "x"}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXT_VER_URL_NO_MATCH",
        onramp: "extension.versioned_url_unknown",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.com/fhir/StructureDefinition/unknown|1.0", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://example.com/fhir/StructureDefinition/unknown", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXT_VER_URL_NOT_ALLOWED",
        onramp: "extension.versioned_url",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation|4.0.1", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXT_VER_URL_REVERSION",
        onramp: "extension.versioned_url_other_version",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation|3.0.2", "valueString": "x"}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_FHIR_VERSION_EARLIEST",
        onramp: "extension.fhir_version_too_early",
        failing: patient_with!("from-r5", r#""valueString": "x""#),
        passing: patient_with!("from-r4", r#""valueString": "x""#),
        support: &[FROM_R5, FROM_R4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_FHIR_VERSION_LATEST",
        onramp: "extension.fhir_version_too_late",
        failing: patient_with!("until-stu3", r#""valueString": "x""#),
        passing: patient_with!("from-r4", r#""valueString": "x""#),
        support: &[UNTIL_STU3, FROM_R4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "RESOURCE_NOT_MATCHETYPE_EXTENSION",
        onramp: "extension.matchetype_only",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/tools/StructureDefinition/matchetype-optional", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-congregation", "valueString": "x"}]}"##,
        ..Fixture::CORE
    },
    // Fixed values of simple types, and extension contexts.
    Fixture {
        reference: "PROFILE_VAL_NOTALLOWED",
        onramp: "fixed.unexpected_element",
        failing: patient_with!(
            "fixed-family",
            r#""valueHumanName": {"family": "Doe", "text": "John Doe"}"#
        ),
        passing: patient_with!("fixed-family", r#""valueHumanName": {"family": "Doe"}"#),
        support: &[FIXED_FAMILY],
        ..Fixture::CORE
    },
    Fixture {
        reference: "PROFILE_VAL_MISSINGELEMENT",
        onramp: "fixed.missing_element",
        failing: patient_with!(
            "fixed-coding",
            r#""valueCoding": {"system": "http://hl7.org/fhir/administrative-gender"}"#
        ),
        passing: patient_with!(
            "fixed-coding",
            r#""valueCoding": {"system": "http://hl7.org/fhir/administrative-gender", "code": "male"}"#
        ),
        support: &[FIXED_CODING],
        ..Fixture::CORE
    },
    Fixture {
        reference: "_DT_FIXED_WRONG",
        onramp: "fixed.mismatch",
        failing: patient_with!("fixed-code", r#""valueCode": "female""#),
        passing: patient_with!("fixed-code", r#""valueCode": "male""#),
        support: &[FIXED_CODE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_FIXED_BANNED",
        onramp: "fixed.extension_not_allowed",
        failing: patient_with!(
            "fixed-code",
            r#""valueCode": "male", "_valueCode": {"extension": [{"url": "http://example.com/fhir/StructureDefinition/note", "valueString": "x"}]}"#
        ),
        passing: patient_with!("fixed-code", r#""valueCode": "male""#),
        support: &[FIXED_CODE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_COUNT_MISMATCH",
        onramp: "fixed.extension_count",
        failing: patient_with!(
            "fixed-with-extension",
            r#""valueHumanName": {"family": "Doe"}"#
        ),
        passing: patient_with!(
            "fixed-with-extension",
            r#""valueHumanName": {"family": "Doe", "extension": [{"url": "http://example.org/fhir/StructureDefinition/note", "valueString": "x"}]}"#
        ),
        support: &[FIXED_WITH_EXTENSION],
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXT_COUNT_NOTFOUND",
        onramp: "fixed.extension_missing",
        failing: patient_with!(
            "fixed-with-extension",
            r#""valueHumanName": {"family": "Doe", "extension": [{"url": "http://example.org/fhir/StructureDefinition/other", "valueString": "x"}]}"#
        ),
        passing: patient_with!(
            "fixed-with-extension",
            r#""valueHumanName": {"family": "Doe", "extension": [{"url": "http://example.org/fhir/StructureDefinition/note", "valueString": "x"}]}"#
        ),
        support: &[FIXED_WITH_EXTENSION],
        ..Fixture::CORE
    },
    Fixture {
        reference: "FIXED_TYPE_CHECKS_DT_NAME_FAMILY",
        onramp: "fixed.missing_element",
        failing: patient_with!("fixed-family", r#""valueHumanName": {"use": "official"}"#),
        passing: patient_with!("fixed-family", r#""valueHumanName": {"family": "Doe"}"#),
        support: &[FIXED_FAMILY],
        ..Fixture::CORE
    },
    Fixture {
        reference: "FIXED_TYPE_CHECKS_DT_NAME_GIVEN",
        onramp: "fixed.count_mismatch",
        failing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane"], "prefix": ["Dr"], "suffix": ["PhD"]}"#
        ),
        passing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr"], "suffix": ["PhD"]}"#
        ),
        support: &[FIXED_NAME_PARTS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "FIXED_TYPE_CHECKS_DT_NAME_PREFIX",
        onramp: "fixed.count_mismatch",
        failing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr", "Prof"], "suffix": ["PhD"]}"#
        ),
        passing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr"], "suffix": ["PhD"]}"#
        ),
        support: &[FIXED_NAME_PARTS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "FIXED_TYPE_CHECKS_DT_NAME_SUFFIX",
        onramp: "fixed.count_mismatch",
        failing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr"], "suffix": ["PhD", "MD"]}"#
        ),
        passing: patient_with!(
            "fixed-name-parts",
            r#""valueHumanName": {"given": ["Jane", "Ann"], "prefix": ["Dr"], "suffix": ["PhD"]}"#
        ),
        support: &[FIXED_NAME_PARTS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_IDENTIFIER_SYSTEM",
        onramp: "identifier.system_not_absolute",
        failing: identified!(r#"{"system": "hospital-mrn", "value": "12345"}"#),
        passing: identified!(r#"{"system": "http://example.org/hospital-mrn", "value": "12345"}"#),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_IDENTIFIER_IETF_SYSTEM_VALUE",
        onramp: "identifier.uri_value_not_absolute",
        failing: identified!(r#"{"system": "urn:ietf:rfc:3986", "value": "12345"}"#),
        passing: identified!(r#"{"system": "urn:ietf:rfc:3986", "value": "urn:oid:1.2.3.4.5"}"#),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_IDENTIFIER_IETF_SYSTEM_WRONG_1",
        onramp: "identifier.uuid_system_not_uuid",
        failing: identified!(
            r#"{"system": "https://tools.ietf.org/html/rfc4122", "value": "12345"}"#
        ),
        passing: identified!(
            r#"{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:9d7a1f1e-6f5b-4c1e-8a7e-2f1d3c4b5a69"}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_IDENTIFIER_IETF_SYSTEM_WRONG_2",
        onramp: "identifier.uuid_system_wrong",
        failing: identified!(
            r#"{"system": "https://tools.ietf.org/html/rfc4122", "value": "9d7a1f1e-6f5b-4c1e-8a7e-2f1d3c4b5a69"}"#
        ),
        passing: identified!(
            r#"{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:9d7a1f1e-6f5b-4c1e-8a7e-2f1d3c4b5a69"}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "TYPE_SPECIFIC_CHECKS_DT_IDENTIFIER_IETF_SYSTEM_WRONG_3",
        onramp: "identifier.uuid_system_wrong",
        failing: identified!(
            r#"{"system": "https://tools.ietf.org/html/rfc4122", "value": "urn:uuid:9d7a1f1e-6f5b-4c1e-8a7e-2f1d3c4b5a69"}"#
        ),
        passing: identified!(
            r#"{"system": "urn:ietf:rfc:3986", "value": "urn:uuid:9d7a1f1e-6f5b-4c1e-8a7e-2f1d3c4b5a69"}"#
        ),
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXTP_CONTEXT_WRONG",
        onramp: "extension.context",
        failing: r##"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}"##,
        passing: r##"{"resourceType": "Patient", "birthDate": "2000-01-01", "_birthDate": {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "EXTENSION_EXTM_CONTEXT_WRONG",
        onramp: "extension.context",
        failing: r##"{"resourceType": "Patient", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        passing: r##"{"resourceType": "NutritionOrder", "status": "active", "intent": "order", "patient": {"reference": "Patient/1"}, "dateTime": "2020-01-01", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/request-doNotPerform", "valueBoolean": true}]}"##,
        ..Fixture::CORE
    },
];
