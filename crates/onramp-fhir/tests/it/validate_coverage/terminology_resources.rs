//! Fixtures for the rows of `docs/validator-coverage/terminology-resources.md`: CodeSystem,
//! ValueSet, ConceptMap, SearchParameter, Observation and Parameters resources.

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "CODESYSTEM_CS_HL7_PRESENT_ELEMENT_SUPPL_WRONG",
        onramp: "code_system.supplement_content",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"complete","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_HL7_PRESENT_ELEMENT_SUPPL",
        onramp: "code_system.supplement_case_sensitive",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"caseSensitive":true}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_HL7_PRESENT_ELEMENT_SUPPL_MISSING",
        onramp: "code_system.supplement_without_base",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"supplement","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_SUPP_NO_SUPP",
        onramp: "code_system.supplement_no_supplements",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"supplement","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_HL7_MISSING_ELEMENT_SHALL",
        onramp: "code_system.hl7_missing_content",
        failing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_HL7_MISSING_ELEMENT_SHOULD",
        onramp: "code_system.hl7_missing_element",
        failing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_NONHL7_MISSING_ELEMENT",
        onramp: "code_system.missing_element",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COMPLETE_AND_EMPTY",
        onramp: "code_system.complete_empty",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COUNT_COMPLETE_WRONG",
        onramp: "code_system.count",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":3}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":2}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COUNT_FRAGMENT_WRONG",
        onramp: "code_system.count_fragment",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"fragment","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":2}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"fragment","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":10}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COUNT_NOTPRESENT_ZERO",
        onramp: "code_system.count_not_present",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"not-present","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":0}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"not-present","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":5}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COUNT_SUPPLEMENT_WRONG",
        onramp: "code_system.count_supplement",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"count":1}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}]}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://example.org/base","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"count":5}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_COUNT_NO_CONTENT_ALLOWED",
        onramp: "code_system.not_present_concepts",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"not-present","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"not-present","caseSensitive":true}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_NO_VS_NOTCOMPLETE",
        onramp: "code_system.value_set_not_complete",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"fragment","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_NO_VS_SUPPLEMENT1",
        onramp: "code_system.supplement_value_set",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"valueSet":"http://example.org/vs"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}]}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://example.org/base","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_VS_INVALID",
        onramp: "code_system.value_set_invalid",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-all"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-good"}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-all","status":"active","compose":{"include":[{"system":"http://example.org/cs"},{"system":"http://example.org/other"}]}}"#,
            VALUESET_VS_GOOD,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_VS_WRONGSYSTEM",
        onramp: "code_system.value_set_wrong_system",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-all"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-good"}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-all","status":"active","compose":{"include":[{"system":"http://example.org/other"}]}}"#,
            VALUESET_VS_GOOD,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_VS_INCLUDEDETAILS",
        onramp: "code_system.value_set_include_details",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-all"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-good"}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-all","status":"active","compose":{"include":[{"system":"http://example.org/cs","concept":[{"code":"a"}]}]}}"#,
            VALUESET_VS_GOOD,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_VS_EXP_MISMATCH",
        onramp: "code_system.value_set_expansion",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-all"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"valueSet":"http://example.org/vs-good"}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-all","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]},"expansion":{"timestamp":"2020-01-01","contains":[{"system":"http://example.org/cs","code":"a"}]}}"#,
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-good","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]},"expansion":{"timestamp":"2020-01-01","contains":[{"system":"http://example.org/cs","code":"a"},{"system":"http://example.org/cs","code":"b"}]}}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_SUPP_INVALID_CODE",
        onramp: "code_system.supplement_unknown_code",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://loinc.org","concept":[{"code":"test"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://loinc.org","concept":[{"code":"8867-4"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_SUPP_CANT_CHECK",
        onramp: "code_system.supplement_unchecked",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/unknown","concept":[{"code":"a","display":"A"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/unknown"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CS_SUPP_HIERARCHY_MEANING",
        onramp: "code_system.supplement_hierarchy",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"hierarchyMeaning":"part-of"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"hierarchyMeaning":"is-a"}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://example.org/base","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"hierarchyMeaning":"is-a"}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_NOT_CONTAINED",
        onramp: "code_system.contained",
        failing: r##"{"resourceType":"Patient","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"extension":[{"url":"http://example.org/ext","valueCanonical":"#cs1"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"item":[{"linkId":"1","type":"choice","answerValueSet":"#cs1"}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_DUPLICATE_CODE",
        onramp: "code_system.duplicate_code",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B","concept":[{"code":"a","display":"A"}]}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CONCEPT_NO_DISPLAY",
        onramp: "code_system.concept_no_display",
        failing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","definition":"d"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","definition":"d"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_CONCEPT_NO_DEFINITION",
        onramp: "code_system.concept_no_definition",
        failing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://hl7.org/fhir/test-cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","definition":"d"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_DESIGNATION_DISP_CLASH_NO_LANG",
        onramp: "code_system.designation_display",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","designation":[{"value":"Other"}]}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","designation":[{"value":"A"}]}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_DESIGNATION_DISP_CLASH_LANG",
        onramp: "code_system.designation_display_language",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","designation":[{"value":"Other"}]}],"language":"en"}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A","designation":[{"language":"fr","value":"Autre"}]}],"language":"en"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_ABSOLUTE_URI",
        onramp: "code_system.property_uri_absolute",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"relative","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_DUPLICATE_URI",
        onramp: "code_system.property_duplicate_uri",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"},{"code":"q","uri":"http://example.org/props","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"},{"code":"q","uri":"http://example.org/props2","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_DUPLICATE_CODE",
        onramp: "code_system.property_duplicate_code",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"string"},{"code":"p","type":"integer"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"string"},{"code":"q","type":"integer"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_UNKNOWN_BASE",
        onramp: "code_system.property_uri_unknown_base",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props#p","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_INVALID",
        onramp: "code_system.property_uri_invalid",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props#y","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props#x","type":"string"}]}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://example.org/props","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"x","display":"X"}]}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_UNKNOWN_TYPE",
        onramp: "code_system.property_uri_unknown_type",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_UNKNOWN",
        onramp: "code_system.property_uri_unknown",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_BAD_HL7_URI",
        onramp: "code_system.property_bad_hl7_uri",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"bogus","uri":"http://hl7.org/fhir/concept-properties#bogus","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","uri":"http://hl7.org/fhir/concept-properties#status","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_CODE_MISMATCH",
        onramp: "code_system.property_uri_code_mismatch",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"inactive","uri":"http://hl7.org/fhir/concept-properties#status","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","uri":"http://hl7.org/fhir/concept-properties#status","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_URI_TYPE_MISMATCH",
        onramp: "code_system.property_uri_type_mismatch",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","uri":"http://hl7.org/fhir/concept-properties#status","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","uri":"http://hl7.org/fhir/concept-properties#status","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_VALUESET_NOT_FOUND",
        onramp: "code_system.property_value_set_not_found",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/codesystem-property-valueset","valueCanonical":"http://example.org/unknown-vs"}],"code":"p","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/codesystem-property-valueset","valueCanonical":"http://hl7.org/fhir/ValueSet/administrative-gender"}],"code":"p","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_CODE_DEFAULT_WARNING",
        onramp: "code_system.property_code_default",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_UNKNOWN_CODE",
        onramp: "code_system.property_unknown_code",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"p","uri":"http://example.org/props","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_KNOWN_CODE_SUGGESTIVE",
        onramp: "code_system.property_known_code",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","uri":"http://hl7.org/fhir/concept-properties#status","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_CODE_TYPE_MISMATCH",
        onramp: "code_system.property_code_type",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"status","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_UNDEFINED",
        onramp: "code_system.property_undefined",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"q","valueString":"x"}]}],"property":[{"code":"p","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"p","valueString":"x"}]}],"property":[{"code":"p","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_NO_VALUE",
        onramp: "code_system.property_no_value",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"p"}]}],"property":[{"code":"p","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"p","valueString":"x"}]}],"property":[{"code":"p","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_WRONG_TYPE",
        onramp: "code_system.property_wrong_type",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"p","valueInteger":1}]}],"property":[{"code":"p","type":"string"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","property":[{"code":"p","valueString":"x"}]}],"property":[{"code":"p","type":"string"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_SYNONYM_CHECK",
        onramp: "code_system.property_synonym",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a"},{"code":"b","property":[{"code":"synonym","valueCode":"zz"}]}],"property":[{"code":"synonym","uri":"http://hl7.org/fhir/concept-properties#synonym","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a"},{"code":"b","property":[{"code":"synonym","valueCode":"a"}]}],"property":[{"code":"synonym","uri":"http://hl7.org/fhir/concept-properties#synonym","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "CODESYSTEM_PROPERTY_BAD_INTERNAL_REFERENCE",
        onramp: "code_system.property_bad_reference",
        failing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a"},{"code":"b","property":[{"code":"parent","valueCode":"zz"}]}],"property":[{"code":"parent","uri":"http://hl7.org/fhir/concept-properties#parent","type":"code"}]}"#,
        passing: r#"{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a"},{"code":"b","property":[{"code":"parent","valueCode":"a"}]}],"property":[{"code":"parent","uri":"http://hl7.org/fhir/concept-properties#parent","type":"code"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_PARAMETER_NO_DOCO",
        onramp: "value_set.parameter_no_documentation",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"inactive"}]}]}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-inactive"}]}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_PARAMETER_NAME_WARNING",
        onramp: "value_set.parameter_name",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"inactive"},{"url":"documentation","valueMarkdown":"doc"}]}]}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-inactive"},{"url":"documentation","valueMarkdown":"doc"}]}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_PARAMETER_NOT_USED",
        onramp: "value_set.parameter_not_used",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","value":"true"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]}}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_INVALID_TYPE_NO_VERSION_0",
        onramp: "value_set.system_version_empty",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs|"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_INVALID_TYPE_NO_VERSION_1",
        onramp: "value_set.system_version",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs|1.0"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","version":"1.0"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_INVALID_TYPE_NO_VERSION_2",
        onramp: "value_set.system_version",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs|1.0","version":"2.0"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","version":"2.0"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_INVALID_TYPE_NO_VERSION_3",
        onramp: "value_set.system_version",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs|1.0","version":"1.0"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","version":"1.0"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_INVALID_TYPE",
        onramp: "value_set.import_not_value_set",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/StructureDefinition/Patient"]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender"]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_REFERENCE_UNKNOWN",
        onramp: "value_set.import_unknown",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://example.org/unknown-vs"]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender"]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_IMPORT_UNION_INTERSECTION",
        onramp: "value_set.import_intersection",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender","http://hl7.org/fhir/ValueSet/marital-status"]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender"]},{"valueSet":["http://hl7.org/fhir/ValueSet/marital-status"]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_SYSTEM_ABSOLUTE",
        onramp: "value_set.system_not_absolute",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"relative-system"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_SYSTEM_ABSOLUTE_FRAG",
        onramp: "value_set.system_not_absolute",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CS_NOT_CS",
        onramp: "value_set.contained_system",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"Patient","id":"cs1"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        passing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CS_NOT_FOUND",
        onramp: "value_set.contained_system",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"#cs1"}]}}"##,
        passing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CSVER_NOT_FOUND",
        onramp: "value_set.contained_system",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"1"}],"compose":{"include":[{"system":"#cs1","version":"2"}]}}"##,
        passing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"1"}],"compose":{"include":[{"system":"#cs1","version":"1"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CS_MULTI_FOUND",
        onramp: "value_set.contained_system_duplicate",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"},{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        passing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1"},{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs2"}],"compose":{"include":[{"system":"#cs1"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CSVER_MULTI_FOUND",
        onramp: "value_set.contained_system_duplicate",
        failing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"1"},{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"1"}],"compose":{"include":[{"system":"#cs1","version":"1"}]}}"##,
        passing: r##"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","contained":[{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"1"},{"resourceType":"CodeSystem","url":"http://example.org/cs","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"id":"cs1","version":"2"}],"compose":{"include":[{"system":"#cs1","version":"1"}]}}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CS_CONTENT",
        onramp: "value_set.include_content",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-example"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
        support: &[CODESYSTEM_CS_EXAMPLE, CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CSVER_CONTENT",
        onramp: "value_set.include_content",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-example","version":"1"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","version":"1"}]}}"#,
        support: &[CODESYSTEM_CS_EXAMPLE, CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CS_SUPPLEMENT",
        onramp: "value_set.include_supplement",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-supp"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
        support: &[CODESYSTEM_CS_SUPP, CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_CSVER_SUPPLEMENT",
        onramp: "value_set.include_supplement",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-supp","version":"1"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","version":"1"}]}}"#,
        support: &[CODESYSTEM_CS_SUPP, CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_WRONG_VS",
        onramp: "value_set.system_is_value_set",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/vs-other"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-other","status":"active"}"#,
            CODESYSTEM_CS_FULL,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_WRONG_VS_HINT",
        onramp: "value_set.system_is_value_set",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/vs-other"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-other","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
            CODESYSTEM_CS_FULL,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_WRONG_VS_MANY",
        onramp: "value_set.system_is_value_set",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/vs-other"}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"}]}}"#,
        support: &[
            r#"{"resourceType":"ValueSet","url":"http://example.org/vs-other","status":"active","compose":{"include":[{"system":"http://example.org/cs-full"},{"system":"http://example.org/cs-example"}]}}"#,
            CODESYSTEM_CS_FULL,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INC_TOO_MANY_CODES",
        onramp: "value_set.too_many_codes",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","concept":[{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"},{"code":"a"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","concept":[{"code":"a"},{"code":"a"},{"code":"a"}]}]}}"#,
        support: &[CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_INVALID_CONCEPT_CODE",
        onramp: "value_set.include_unknown_code",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","concept":[{"code":"zz"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","concept":[{"code":"a"}]}]}}"#,
        support: &[CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_INCLUDE_INVALID_CONCEPT_CODE_VER",
        onramp: "value_set.include_unknown_code",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","version":"1","concept":[{"code":"zz"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","version":"1","concept":[{"code":"a"}]}]}}"#,
        support: &[CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_NO_SYSTEM_WARNING",
        onramp: "value_set.no_system",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender"],"concept":[{"code":"male"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"valueSet":["http://hl7.org/fhir/ValueSet/administrative-gender"]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_UNKNOWN_FILTER_PROPERTY_NO_CS",
        onramp: "value_set.filter_unknown_property",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/unknown","filter":[{"property":"bogus","op":"=","value":"x"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/unknown","filter":[{"property":"inactive","op":"=","value":"true"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_UNKNOWN_FILTER_PROPERTY",
        onramp: "value_set.filter_unknown_property",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","filter":[{"property":"bogus","op":"=","value":"x"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","filter":[{"property":"inactive","op":"=","value":"true"}]}]}}"#,
        support: &[CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_OP",
        onramp: "value_set.filter_op",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"constraint","op":"is-a","value":"< 404684003"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"constraint","op":"=","value":"< 404684003"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_EXPR_OR_VALUE",
        onramp: "value_set.filter_no_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"concept","op":"is-a"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://snomed.info/sct","filter":[{"property":"concept","op":"is-a","value":"404684003"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_EXPR_AND_VALUE",
        onramp: "value_set.filter_value_and_expression",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]},"value":"true"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]}}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_EXPR_LANG",
        onramp: "value_set.filter_expression_language",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/cql","expression":"%p-x"}}]}}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]}}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_EXPR_VALUE",
        onramp: "value_set.filter_expression_invalid",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x.where("}}]}}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]}}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_EXPR_PARAM_NAME",
        onramp: "value_set.filter_expression_parameter",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-y"}}]}}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","extension":[{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{"url":"name","valueCode":"p-x"},{"url":"documentation","valueMarkdown":"doc"}]}],"compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","_value":{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{"language":"text/fhirpath","expression":"%p-x"}}]}}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_VALID_REGEX",
        onramp: "value_set.filter_regex_invalid",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"code","op":"regex","value":"[a-"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"code","op":"regex","value":"[a-z]+"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_PROPERTY_NO_REGEX",
        onramp: "value_set.filter_regex_concept",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"concept","op":"regex","value":"[a-z]+"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"code","op":"regex","value":"[a-z]+"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_HAS_COMMA",
        onramp: "value_set.filter_value_comma",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"status","op":"=","value":"active,retired"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"status","op":"in","value":"active,retired"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_BOOLEAN",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","value":"maybe"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"inactive","op":"=","value":"true"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_CODE",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"status","op":"=","value":" active"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"status","op":"=","value":"active"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_VALID_CODE",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","filter":[{"property":"concept","op":"is-a","value":"zz"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-full","filter":[{"property":"concept","op":"is-a","value":"a"}]}]}}"#,
        support: &[CODESYSTEM_CS_FULL],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_VALID_CODE_INACTIVE",
        onramp: "value_set.filter_value_inactive",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-old","filter":[{"property":"concept","op":"is-a","value":"old"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-old","filter":[{"property":"concept","op":"is-a","value":"a"}]}]}}"#,
        support: &[
            r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-old","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"old","display":"Old","property":[{"code":"inactive","valueBoolean":true}]}],"property":[{"code":"inactive","uri":"http://hl7.org/fhir/concept-properties#inactive","type":"boolean"}]}"#,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_DATETIME",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"effectiveDate","op":"=","value":"yesterday"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"effectiveDate","op":"=","value":"ge2020-01-01"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_DECIMAL",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"itemWeight","op":"=","value":"heavy"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs","filter":[{"property":"itemWeight","op":"=","value":"1.5"}]}]}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_INTEGER",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"rank","op":"=","value":"high"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"rank","op":"=","value":"3"}]}]}}"#,
        support: &[CODESYSTEM_CS_RANK],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_CODED",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"link","op":"=","value":"not a coding"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"link","op":"=","value":"http://loinc.org#8867-4"}]}]}}"#,
        support: &[CODESYSTEM_CS_RANK],
        ..Fixture::CORE
    },
    Fixture {
        reference: "VALUESET_BAD_FILTER_VALUE_CODED_INVALID",
        onramp: "value_set.filter_value",
        failing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"link","op":"=","value":"http://loinc.org#zzz"}]}]}}"#,
        passing: r#"{"resourceType":"ValueSet","url":"http://example.org/vs-test","status":"active","compose":{"include":[{"system":"http://example.org/cs-rank","filter":[{"property":"link","op":"=","value":"http://loinc.org#8867-4"}]}]}}"#,
        support: &[CODESYSTEM_CS_RANK],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_VS_NOT_A_VS",
        onramp: "concept_map.scope_not_value_set",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","sourceCanonical":"http://hl7.org/fhir/StructureDefinition/Patient","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","sourceCanonical":"http://hl7.org/fhir/ValueSet/administrative-gender","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_MISSING",
        onramp: "concept_map.group_source_missing",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_MISSING",
        onramp: "concept_map.group_target_missing",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_UNKNOWN",
        onramp: "concept_map.group_source_unknown",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/unknown","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","sourceUri":"http://example.org/some-vs","group":[{"source":"http://example.org/unknown","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_UNKNOWN",
        onramp: "concept_map.group_target_unknown",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/unknown","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","targetUri":"http://example.org/some-vs","group":[{"source":"http://example.org/src","target":"http://example.org/unknown","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_SERVER_SIDE",
        onramp: "concept_map.group_source_server_side",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://snomed.info/sct","target":"http://example.org/tgt","element":[{"code":"404684003","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_SERVER_SIDE",
        onramp: "concept_map.group_target_server_side",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://snomed.info/sct","element":[{"code":"a","target":[{"code":"404684003","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_INCOMPLETE",
        onramp: "concept_map.group_source_incomplete",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/frag","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_INCOMPLETE",
        onramp: "concept_map.group_target_incomplete",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/frag","element":[{"code":"a","target":[{"code":"a","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_CODE_INVALID",
        onramp: "concept_map.source_code_unknown",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"zz","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_CODE_INVALID",
        onramp: "concept_map.target_code_unknown",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"zz","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_SOURCE_DISPLAY_INVALID",
        onramp: "concept_map.source_display",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","display":"Gamma","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","display":"alpha","target":[{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_DISPLAY_INVALID",
        onramp: "concept_map.target_display",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","display":"Gamma","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","display":"Ex","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_DUPLICATION",
        onramp: "concept_map.duplicate_mapping",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"},{"code":"x","equivalence":"equivalent"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"},{"code":"y","equivalence":"equivalent"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "CONCEPTMAP_GROUP_TARGET_DUPLICATION_DIFFERENT",
        onramp: "concept_map.duplicate_mapping_different",
        failing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"},{"code":"x","equivalence":"wider"}]}]}]}"#,
        passing: r#"{"resourceType":"ConceptMap","url":"http://example.org/cm","status":"active","group":[{"source":"http://example.org/src","target":"http://example.org/tgt","element":[{"code":"a","target":[{"code":"x","equivalence":"equivalent"},{"code":"y","equivalence":"wider"}]}]}]}"#,
        support: &[
            CODESYSTEM_SRC,
            CODESYSTEM_TGT,
            CODESYSTEM_SCT,
            CODESYSTEM_FRAG,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "ED_SEARCH_EXPRESSION_ERROR",
        onramp: "search_parameter.expression_type",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Observation.subject"}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SEARCHPARAMETER_NOTFOUND",
        onramp: "search_parameter.derived_from_unknown",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name","derivedFrom":"http://example.org/sp-unknown"}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SEARCHPARAMETER_BASE_WRONG",
        onramp: "search_parameter.base_not_in_derived_from",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Observation"],"type":"string","expression":"Observation.code","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SEARCHPARAMETER_TYPE_WRONG",
        onramp: "search_parameter.type_differs",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"token","expression":"Patient.name","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SEARCHPARAMETER_EXP_WRONG",
        onramp: "search_parameter.expression_differs",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.address","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"string","expression":"Patient.name","derivedFrom":"http://hl7.org/fhir/SearchParameter/Patient-name"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "SEARCHPARAMETER_MISSING_COMPONENTS",
        onramp: "search_parameter.composite_components",
        failing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"composite","expression":"Patient.name","component":[{"definition":"http://example.org/sp1","expression":"name"}]}"#,
        passing: r#"{"resourceType":"SearchParameter","url":"http://example.org/sp","name":"test","status":"active","description":"test","code":"test","base":["Patient"],"type":"composite","expression":"Patient.name","component":[{"definition":"http://example.org/sp1","expression":"name"},{"definition":"http://example.org/sp2","expression":"given"}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ALL_OBSERVATIONS_SHOULD_HAVE_A_SUBJECT",
        onramp: "observation.no_subject",
        failing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"performer":[{"reference":"Practitioner/1"}],"effectiveDateTime":"2020-01-01"}"#,
        passing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"subject":{"reference":"Patient/1"},"performer":[{"reference":"Practitioner/1"}],"effectiveDateTime":"2020-01-01"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ALL_OBSERVATIONS_SHOULD_HAVE_A_PERFORMER",
        onramp: "observation.no_performer",
        failing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"subject":{"reference":"Patient/1"},"effectiveDateTime":"2020-01-01"}"#,
        passing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"subject":{"reference":"Patient/1"},"performer":[{"reference":"Practitioner/1"}],"effectiveDateTime":"2020-01-01"}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "ALL_OBSERVATIONS_SHOULD_HAVE_AN_EFFECTIVEDATETIME_OR_AN_EFFECTIVEPERIOD",
        onramp: "observation.no_effective",
        failing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"subject":{"reference":"Patient/1"},"performer":[{"reference":"Practitioner/1"}]}"#,
        passing: r#"{"resourceType":"Observation","status":"final","code":{"text":"test"},"subject":{"reference":"Patient/1"},"performer":[{"reference":"Practitioner/1"}],"effectivePeriod":{"start":"2020-01-01"}}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "PARAMETERS_STD_NO_VALUE",
        onramp: "parameters.standard_no_value",
        failing: r#"{"resourceType":"Parameters","parameter":[{"name":"count","part":[{"name":"x","valueString":"y"}]}]}"#,
        passing: r#"{"resourceType":"Parameters","parameter":[{"name":"count","valueInteger":1}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "PARAMETERS_STD_WRONG_TYPE",
        onramp: "parameters.standard_wrong_type",
        failing: r#"{"resourceType":"Parameters","parameter":[{"name":"count","valueString":"1"}]}"#,
        passing: r#"{"resourceType":"Parameters","parameter":[{"name":"count","valueInteger":1}]}"#,
        ..Fixture::CORE
    },
    Fixture {
        reference: "PARAMETERS_STD_NO_RESOURCE",
        onramp: "parameters.standard_no_resource",
        failing: r#"{"resourceType":"Parameters","parameter":[{"name":"valueSet","valueString":"x"}]}"#,
        passing: r#"{"resourceType":"Parameters","parameter":[{"name":"valueSet","resource":{"resourceType":"ValueSet","status":"active"}}]}"#,
        ..Fixture::CORE
    },
];

// Definitions that several fixtures load. Numbered names (`QUESTIONNAIRE_Q_2`, …) are variants of
// one definition with the same url, numbered in the order the fixtures above first use them.
const VALUESET_VS_GOOD: &str = r#"{"resourceType":"ValueSet","url":"http://example.org/vs-good","status":"active","compose":{"include":[{"system":"http://example.org/cs"}]}}"#;

const CODESYSTEM_CS_EXAMPLE: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-example","status":"active","content":"example","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"version":"1"}"#;

const CODESYSTEM_CS_FULL: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-full","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"version":"1"}"#;

const CODESYSTEM_CS_SUPP: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-supp","status":"active","content":"supplement","supplements":"http://example.org/base","concept":[{"code":"a","display":"A"}],"version":"1"}"#;

const CODESYSTEM_CS_RANK: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs-rank","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}],"property":[{"code":"rank","type":"integer"},{"code":"link","type":"Coding"}]}"#;

const CODESYSTEM_SRC: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/src","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"a","display":"Alpha"},{"code":"b","display":"Beta"}]}"#;

const CODESYSTEM_TGT: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/tgt","status":"active","content":"complete","caseSensitive":true,"concept":[{"code":"x","display":"Ex"},{"code":"y","display":"Why"}]}"#;

const CODESYSTEM_SCT: &str = r#"{"resourceType":"CodeSystem","url":"http://snomed.info/sct","status":"active","content":"not-present"}"#;

const CODESYSTEM_FRAG: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/frag","status":"active","content":"fragment","caseSensitive":true,"concept":[{"code":"a","display":"A"},{"code":"b","display":"B"}]}"#;
