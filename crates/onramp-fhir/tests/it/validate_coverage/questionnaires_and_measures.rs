//! Fixtures for the rows of `docs/validator-coverage/questionnaires-and-measures.md` (generated
//! by hand from small Questionnaires and Measures; the definitions go in `support`).

use super::Fixture;

pub(super) const FIXTURES: &[Fixture] = &[
    Fixture {
        reference: "QUESTIONNAIRE_Q_UNKNOWN_DERIVATION",
        onramp: "questionnaire.derivation_unknown",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/nowhere"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_NO_DERIVATION_TYPE",
        onramp: "questionnaire.derivation_no_type",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_NO_DERIVATION_TYPE_VALUE",
        onramp: "questionnaire.derivation_no_type_value",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType"}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_DERIVATION_TYPE_IGNORED",
        onramp: "questionnaire.derivation_ignored",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"inspiredBy"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_DERIVATION_TYPE_UNKNOWN",
        onramp: "questionnaire.derivation_type_unknown",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"copies"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_NOT_DERIVED",
        onramp: "questionnaire.derived_not_in_base",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"compliesWith"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"},{"linkId":"new","type":"string"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"},{"linkId":"new","type":"string"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_TYPE",
        onramp: "questionnaire.derived_type",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"text","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_REPEATS",
        onramp: "questionnaire.derived_repeats",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a","repeats":true}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a","repeats":false}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_REQUIRED",
        onramp: "questionnaire.derived_required",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":false,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_DEFINITION",
        onramp: "questionnaire.derived_definition_changed",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#other"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_DEFINITION",
        onramp: "questionnaire.derived_definition_missing",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_MAXLENGTH",
        onramp: "questionnaire.derived_max_length",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":20,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":5,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_MAXLENGTH",
        onramp: "questionnaire.derived_max_length_missing",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","required":true,"definition":"http://example.org/sd#a"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_NC_ANSWER_TYPE",
        onramp: "questionnaire.derived_answer_kind",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice","answerValueSet":"http://example.org/vs"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_ANSWER_OPTIONS",
        onramp: "questionnaire.derived_answer_options_missing",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ITEM_DERIVED_ANSWER_OPTIONS_NEW",
        onramp: "questionnaire.derived_answer_option_new",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"y"}}]}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/derived","status":"active","derivedFrom":["http://example.org/base"],"_derivedFrom":[{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-derivationType","valueCoding":{"system":"http://hl7.org/fhir/questionnaire-derivationType","code":"extends"}}]}],"item":[{"linkId":"b","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_BASE],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ENABLEWHEN_NOLINK",
        onramp: "questionnaire.enable_when_no_question",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"operator":"exists","answerBoolean":true}]}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ENABLEWHEN_ISINNER",
        onramp: "questionnaire.enable_when_inner",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"g","type":"group","enableWhen":[{"question":"g1","operator":"exists","answerBoolean":true}],"item":[{"linkId":"g1","type":"boolean"}]}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"g","type":"group","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}],"item":[{"linkId":"g1","type":"boolean"}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ENABLEWHEN_NOTARGET",
        onramp: "questionnaire.enable_when_no_target",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"zz","operator":"exists","answerBoolean":true}]}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ENABLEWHEN_SELF",
        onramp: "questionnaire.enable_when_self",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"b","operator":"exists","answerBoolean":true}]}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_Q_ENABLEWHEN_AFTER",
        onramp: "questionnaire.enable_when_after",
        failing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]},{"linkId":"a","type":"boolean"}]}"##,
        passing: r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"exists","answerBoolean":true}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_Q_NONE",
        onramp: "questionnaire.none",
        failing: r##"{"resourceType":"QuestionnaireResponse","status":"completed"}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_Q_NOTFOUND",
        onramp: "questionnaire.not_found",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://hl7.org/fhir/Questionnaire/nowhere","status":"completed","item":[]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_AUTHOR_END",
        onramp: "questionnaire.authored_after_end",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","authored":"2021-03-01T10:00:00Z","item":[]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","authored":"2020-06-01T10:00:00Z","item":[]}"##,
        support: &[QUESTIONNAIRE_Q_2],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_AUTHOR_START",
        onramp: "questionnaire.authored_before_start",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","authored":"2019-03-01T10:00:00Z","item":[]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","authored":"2020-06-01T10:00:00Z","item":[]}"##,
        support: &[QUESTIONNAIRE_Q_2],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOLINKID",
        onramp: "questionnaire.no_link_id",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"text":"Name","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOTFOUND",
        onramp: "questionnaire.unknown_link_id",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"zz","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_ORDER",
        onramp: "questionnaire.item_order",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"b","answer":[{"valueBoolean":true}]},{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]},{"linkId":"b","answer":[{"valueBoolean":true}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_ONLYONEI",
        onramp: "questionnaire.one_item",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]},{"linkId":"a","answer":[{"valueString":"y"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_TEXT",
        onramp: "questionnaire.item_text",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","text":"Surname","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","text":"Name","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_MISSING",
        onramp: "questionnaire.required",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"b","answer":[{"valueBoolean":true}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"string","required":true},{"linkId":"b","type":"boolean"}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOTENABLED2",
        onramp: "questionnaire.not_enabled",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueBoolean":false}]},{"linkId":"b","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueBoolean":true}]},{"linkId":"b","answer":[{"valueString":"x"}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean"},{"linkId":"b","type":"string","enableWhen":[{"question":"a","operator":"=","answerBoolean":true}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_ONLYONEA",
        onramp: "questionnaire.one_answer",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"},{"valueString":"y"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_MAX_OCCURS",
        onramp: "questionnaire.max_occurs",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"w"},{"valueString":"x"},{"valueString":"y"},{"valueString":"z"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"},{"valueString":"y"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_MIN_OCCURS",
        onramp: "questionnaire.min_occurs",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"},{"valueString":"y"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_GROUP",
        onramp: "questionnaire.group_answers",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g","item":[{"linkId":"g1","answer":[{"valueString":"x"}]}]}]}"##,
        support: &[QUESTIONNAIRE_Q_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DISPLAY_NO_VALUE",
        onramp: "questionnaire.display_answers",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","text":"Note"}]}"##,
        support: &[QUESTIONNAIRE_Q_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DISPLAY",
        onramp: "questionnaire.display_items",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","item":[{"linkId":"g1","answer":[{"valueString":"x"}]}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d"}]}"##,
        support: &[QUESTIONNAIRE_Q_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_GROUP_ANSWER",
        onramp: "questionnaire.question_items",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueBoolean":true}],"item":[{"linkId":"a1","answer":[{"valueString":"x"}]}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueBoolean":true,"item":[{"linkId":"a1","answer":[{"valueString":"x"}]}]}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"boolean","item":[{"linkId":"a1","type":"string"}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_GROUP_REQUIRED",
        onramp: "questionnaire.group_required",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g"}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g","item":[{"linkId":"g1","answer":[{"valueString":"x"}]}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"g","type":"group","required":true,"item":[{"linkId":"g1","type":"string"}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOTYPE",
        onramp: "questionnaire.item_no_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueString":"x"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"b","answer":[{"valueString":"x"}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","text":"untyped"},{"linkId":"b","type":"string"}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_WRONGTYPE",
        onramp: "questionnaire.answer_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"b","answer":[{"valueString":"yes"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"b","answer":[{"valueBoolean":true}]}]}"##,
        support: &[QUESTIONNAIRE_Q],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOCODING",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"y"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOINTEGER",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"i","answer":[{"valueInteger":3}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"i","answer":[{"valueInteger":2}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NODATE",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","answer":[{"valueDate":"2021-01-01"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","answer":[{"valueDate":"2020-01-01"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOTIME",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"t","answer":[{"valueTime":"11:00:00"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"t","answer":[{"valueTime":"10:00:00"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOSTRING",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"blue"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"red"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NODECIMAL",
        onramp: "questionnaire.not_permitted",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"n","answer":[{"valueInteger":6}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"n","answer":[{"valueInteger":5}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONSCODING",
        onramp: "questionnaire.no_options_of_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"x","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONSINTEGER",
        onramp: "questionnaire.no_options_of_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"x","answer":[{"valueInteger":1}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"i","answer":[{"valueInteger":1}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONSDATE",
        onramp: "questionnaire.no_options_of_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"x","answer":[{"valueDate":"2020-01-01"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","answer":[{"valueDate":"2020-01-01"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONSTIME",
        onramp: "questionnaire.no_options_of_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"x","answer":[{"valueTime":"10:00:00"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"t","answer":[{"valueTime":"10:00:00"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONSSTRING",
        onramp: "questionnaire.no_options_of_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueString":"red"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"red"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOOPTIONS",
        onramp: "questionnaire.no_options",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"e","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_INTNOOPTIONS",
        onramp: "questionnaire.no_options",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"e","answer":[{"valueInteger":1}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"i","answer":[{"valueInteger":1}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DATENOOPTIONS",
        onramp: "questionnaire.no_options",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"e","answer":[{"valueDate":"2020-01-01"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"d","answer":[{"valueDate":"2020-01-01"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_TIMENOOPTIONS",
        onramp: "questionnaire.no_options",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"e","answer":[{"valueTime":"10:00:00"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"t","answer":[{"valueTime":"10:00:00"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRINGNOOPTIONS",
        onramp: "questionnaire.no_options",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"e","answer":[{"valueString":"red"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"red"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_IN_CODING",
        onramp: "questionnaire.string_in_coding",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"o","answer":[{"valueString":"extra"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"o","answer":[{"valueString":"something else"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_5],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_EXCLUSIVE",
        onramp: "questionnaire.exclusive_option",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}},{"valueCoding":{"system":"http://example.org/cs","code":"none"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"none"}}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"c","type":"choice","repeats":true,"answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}},{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive","valueBoolean":true}],"valueCoding":{"system":"http://example.org/cs","code":"none"}}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_BADOPTION",
        onramp: "questionnaire.answer_value_set",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"q"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"c","answer":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_6, VALUESET_VS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_VS_BAD",
        onramp: "questionnaire.value_set_not_found",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"u","answer":[{"valueString":"red"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"red"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_6, VALUESET_VS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_VS_FAIL",
        onramp: "questionnaire.string_not_in_value_set",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"blue"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"s","answer":[{"valueString":"red"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_6, VALUESET_VS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_ILLEGAL_CHARS",
        onramp: "questionnaire.string_line_breaks",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"p","answer":[{"valueString":"two\nlines"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"p","answer":[{"valueString":"one line"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_6, VALUESET_VS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_INTEGER_MIN",
        onramp: "questionnaire.min_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueInteger":0}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueInteger":5}]}]}"##,
        support: &[QUESTIONNAIRE_Q_7],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_INTEGER_MAX",
        onramp: "questionnaire.max_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueInteger":11}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueInteger":5}]}]}"##,
        support: &[QUESTIONNAIRE_Q_7],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_MIN",
        onramp: "questionnaire.min_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":1.2}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":5.5}]}]}"##,
        support: &[QUESTIONNAIRE_Q_8],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_MAX",
        onramp: "questionnaire.max_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":9.7}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":5.5}]}]}"##,
        support: &[QUESTIONNAIRE_Q_8],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DATE_MIN",
        onramp: "questionnaire.min_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDate":"2019-12-31"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDate":"2020-06-01"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_9],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DATE_MAX",
        onramp: "questionnaire.max_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDate":"2021-01-01"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDate":"2020-06-01"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_9],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_TIME_MIN",
        onramp: "questionnaire.min_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueTime":"07:00:00"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueTime":"12:00:00"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_10],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_TIME_MAX",
        onramp: "questionnaire.max_value",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueTime":"19:00:00"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueTime":"12:00:00"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_10],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_MAX_DECIMALS",
        onramp: "questionnaire.decimal_places",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":1.234}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueDecimal":1.23}]}]}"##,
        support: &[
            r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"decimal","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces","valueInteger":2}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_MIN_LENGTH",
        onramp: "questionnaire.min_length",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"a"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"abc"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_11],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_MAX_LENGTH",
        onramp: "questionnaire.max_length",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"abcdefg"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"abc"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_11],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_REGEX",
        onramp: "questionnaire.regex",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"AB"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueString":"abc"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_11],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_STRING_REGEX_EF",
        onramp: "questionnaire.regex",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"w","answer":[{"valueString":"12a"}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"w","answer":[{"valueString":"123"}]}]}"##,
        support: &[QUESTIONNAIRE_Q_11],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_QUANTITY_MIN",
        onramp: "questionnaire.quantity_bound",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":500,"code":"g","unit":"g","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_QUANTITY_MAX",
        onramp: "questionnaire.quantity_bound",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":200,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_CANNOT_COMPARE_MIN_UNITS",
        onramp: "questionnaire.quantity_units",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"unit":"kg"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_CANNOT_COMPARE_MAX_UNITS",
        onramp: "questionnaire.quantity_units",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_CANNOT_COMPARE_MIN",
        onramp: "questionnaire.quantity_incomparable",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"m","unit":"m","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5000,"code":"g","unit":"g","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_CANNOT_COMPARE_MAX",
        onramp: "questionnaire.quantity_incomparable",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://example.org/units"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"v","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_INVALID_UNITS",
        onramp: "questionnaire.unit_not_allowed",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"u","answer":[{"valueQuantity":{"value":5,"code":"m","unit":"m","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"u","answer":[{"valueQuantity":{"value":5,"code":"cm","unit":"cm","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_INVALID_UNIT_VS",
        onramp: "questionnaire.unit_value_set_not_found",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"z","answer":[{"valueQuantity":{"value":5,"code":"m","unit":"m","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"w","answer":[{"valueQuantity":{"value":5,"code":"m","unit":"m","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_DECIMAL_UNIT_FAIL_VS",
        onramp: "questionnaire.unit_not_in_value_set",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"w","answer":[{"valueQuantity":{"value":5,"code":"kg","unit":"kg","system":"http://unitsofmeasure.org"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"w","answer":[{"valueQuantity":{"value":5,"code":"m","unit":"m","system":"http://unitsofmeasure.org"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_12, VALUESET_UNITS],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_NOT_ATTACHMENT_MIMETYPE",
        onramp: "questionnaire.no_mime_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"data":"AAEC"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"contentType":"image/png","data":"AAEC"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_13],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_BAD_ATTACHMENT_MIMETYPE",
        onramp: "questionnaire.mime_type",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"contentType":"image/jpeg","data":"AAEC"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"contentType":"image/png","data":"AAEC"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_13],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_BAD_ATTACHMENT_LENGTH",
        onramp: "questionnaire.max_size",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"contentType":"image/png","data":"AAECAwQFBgc="}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"a","answer":[{"valueAttachment":{"contentType":"image/png","data":"AAEC"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_13],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_REF_INVALID",
        onramp: "questionnaire.reference_type_not_allowed",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"r","answer":[{"valueReference":{"reference":"Practitioner/1"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"r","answer":[{"valueReference":{"reference":"Patient/1"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_14],
        ..Fixture::CORE
    },
    Fixture {
        reference: "QUESTIONNAIRE_QR_ITEM_REF_INVALID_GENERAL",
        onramp: "questionnaire.reference_type_unknown",
        failing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g","answer":[{"valueReference":{"reference":"Patinet/1"}}]}]}"##,
        passing: r##"{"resourceType":"QuestionnaireResponse","questionnaire":"http://example.org/q","status":"completed","item":[{"linkId":"g","answer":[{"valueReference":{"reference":"Patient/1"}}]}]}"##,
        support: &[QUESTIONNAIRE_Q_14],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_LIB_UNKNOWN",
        onramp: "measure.library_unknown",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/none"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_NO_GROUPS",
        onramp: "measure.no_groups",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active"}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_GROUP_CODE",
        onramp: "measure.group_code",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_GROUP_POP",
        onramp: "measure.group_population",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"description":"empty"}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_GROUP_POP_NO_CODE",
        onramp: "measure.population_code",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"description":"a"},{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"denominator"}]}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"numerator"}]}},{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"denominator"}]}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_GROUP_STRATA_NO_CODE",
        onramp: "measure.stratifier_code",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"description":"a"},{"code":{"coding":[{"system":"http://example.org/groups","code":"s2"}]}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s1"}]}},{"code":{"coding":[{"system":"http://example.org/groups","code":"s2"}]}}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_GROUP_STRATA_COMP_NO_CODE",
        onramp: "measure.component_code",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"component":[{"description":"a"},{"code":{"coding":[{"system":"http://example.org/groups","code":"c2"}]}}]}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"component":[{"code":{"coding":[{"system":"http://example.org/groups","code":"c1"}]}},{"code":{"coding":[{"system":"http://example.org/groups","code":"c2"}]}}]}]}]}"##,
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_UNKNOWN",
        onramp: "measure.criteria_language",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/fhirpath","expression":"Patient.gender"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_NO_LIB",
        onramp: "measure.cql_no_library",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_LIB_DUPL",
        onramp: "measure.cql_library_duplicate",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a","http://example.org/Library/a2"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"A.Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a","http://example.org/Library/b"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"A.Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_LIB_NOT_FOUND",
        onramp: "measure.cql_library_not_found",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Z.Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"A.Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_ONLY_ONE_LIB",
        onramp: "measure.cql_library_ambiguous",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a","http://example.org/Library/b"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a","http://example.org/Library/b"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"B.Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_NO_ELM",
        onramp: "measure.cql_no_elm",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/noelm"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_ERROR",
        onramp: "measure.elm_error",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/bad"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_ELM_NOT_VALID",
        onramp: "measure.elm_not_library",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/notelm"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_M_CRITERIA_CQL_NOT_FOUND",
        onramp: "measure.cql_not_found",
        failing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Weight"}}]}]}"##,
        passing: r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","library":["http://example.org/Library/a"],"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}],"stratifier":[{"code":{"coding":[{"system":"http://example.org/groups","code":"s"}]},"criteria":{"language":"text/cql.identifier","expression":"Age"}}]}]}"##,
        support: &[
            LIBRARY_A,
            LIBRARY_B,
            LIBRARY_A2,
            LIBRARY_NOELM,
            LIBRARY_BAD,
            LIBRARY_NOTELM,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_M_NONE",
        onramp: "measure_report.no_measure",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_M_NOTFOUND",
        onramp: "measure_report.measure_not_found",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/nowhere","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_M_SCORING_UNK",
        onramp: "measure_report.scoring_unknown",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m2","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[
            r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"other"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
            r##"{"resourceType":"Measure","url":"http://example.org/m2","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_NO_USABLE_CODE",
        onramp: "measure_report.group_code_unusable",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"text":"A"}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}}]}"##,
        support: &[MEASURE_M_2],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_NO_WRONG_CODE",
        onramp: "measure_report.group_code_wrong",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"z"}]}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}}]}"##,
        support: &[MEASURE_M_2],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_NO_CODE",
        onramp: "measure_report.group_no_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        support: &[MEASURE_M_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_UNK_CODE",
        onramp: "measure_report.group_unknown_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"z"}]}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        support: &[MEASURE_M_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_DUPL_CODE",
        onramp: "measure_report.group_duplicate_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        support: &[MEASURE_M_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_MISSING_BY_CODE",
        onramp: "measure_report.group_missing",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]}},{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]}}]}"##,
        support: &[MEASURE_M_3],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_NO_CODE",
        onramp: "measure_report.population_no_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1},{"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_UNK_CODE",
        onramp: "measure_report.population_unknown_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1},{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"numerator"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_DUPL_CODE",
        onramp: "measure_report.population_duplicate_code",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1},{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_COUNT_MISMATCH",
        onramp: "measure_report.count_mismatch",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"subject-list","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":2,"subjectResults":{"reference":"List/1"}}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"subject-list","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1,"subjectResults":{"reference":"List/1"}}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_NO_SUBJECTS",
        onramp: "measure_report.subjects_not_allowed",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1,"subjectResults":{"reference":"List/1"}}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_GRP_POP_NO_COUNT",
        onramp: "measure_report.no_count",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_PROHIBITED_RT",
        onramp: "measure_report.score_data_collection",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"data-collection","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"data-collection","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_PROHIBITED_MS",
        onramp: "measure_report.cohort_score",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":1}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        support: &[MEASURE_M],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_REQUIRED",
        onramp: "measure_report.score_required",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}]}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5}}]}"##,
        support: &[MEASURE_M_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_VALUE_REQUIRED",
        onramp: "measure_report.score_value_required",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"comparator":"<"}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5}}]}"##,
        support: &[MEASURE_M_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_UNIT_PROHIBITED",
        onramp: "measure_report.score_unit_prohibited",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5,"unit":"%"}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5}}]}"##,
        support: &[MEASURE_M_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_VALUE_INVALID_01",
        onramp: "measure_report.score_range",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":1.5}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":0.5}}]}"##,
        support: &[MEASURE_M_4],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_FIXED",
        onramp: "measure_report.score_unit_fixed",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":2,"system":"http://unitsofmeasure.org","code":"1/wk"}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":2,"system":"http://unitsofmeasure.org","code":"1/d"}}]}"##,
        support: &[
            r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"ratio"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}],"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unit","valueCoding":{"system":"http://unitsofmeasure.org","code":"1/d"}}]}"##,
        ],
        ..Fixture::CORE
    },
    Fixture {
        reference: "MEASURE_MR_SCORE_UNIT_REQUIRED",
        onramp: "measure_report.score_unit_required",
        failing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":2}}]}"##,
        passing: r##"{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{"start":"2020-01-01","end":"2020-12-31"},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]},"count":1}],"measureScore":{"value":2,"system":"http://unitsofmeasure.org","code":"1/d"}}]}"##,
        support: &[
            r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"ratio"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##,
        ],
        ..Fixture::CORE
    },
];

// Definitions that several fixtures load. Numbered names (`QUESTIONNAIRE_Q_2`, …) are variants of
// one definition with the same url, numbered in the order the fixtures above first use them.
const QUESTIONNAIRE_BASE: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/base","status":"active","item":[{"linkId":"a","type":"string","maxLength":10,"required":true,"definition":"http://example.org/sd#a"},{"linkId":"b","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]},{"linkId":"c","type":"choice","answerValueSet":"http://example.org/vs"}]}"##;

const QUESTIONNAIRE_Q: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"string","text":"Name"},{"linkId":"b","type":"boolean"}]}"##;

const QUESTIONNAIRE_Q_2: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","effectivePeriod":{"start":"2020-01-01","end":"2020-12-31"},"item":[{"linkId":"a","type":"string"}]}"##;

const QUESTIONNAIRE_Q_3: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"string","repeats":true,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs","valueInteger":2},{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs","valueInteger":3}]}]}"##;

const QUESTIONNAIRE_Q_4: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"g","type":"group","item":[{"linkId":"g1","type":"string"}]},{"linkId":"d","type":"display","text":"Note"}]}"##;

const QUESTIONNAIRE_Q_5: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"c","type":"choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x"}}]},{"linkId":"i","type":"choice","answerOption":[{"valueInteger":1},{"valueInteger":2}]},{"linkId":"d","type":"choice","answerOption":[{"valueDate":"2020-01-01"}]},{"linkId":"t","type":"choice","answerOption":[{"valueTime":"10:00:00"}]},{"linkId":"s","type":"choice","answerOption":[{"valueString":"red"}]},{"linkId":"n","type":"integer","answerOption":[{"valueInteger":5}]},{"linkId":"x","type":"choice","answerOption":[{"valueString":"red"}]},{"linkId":"o","type":"open-choice","answerOption":[{"valueCoding":{"system":"http://example.org/cs","code":"x","display":"Extra"}}]},{"linkId":"e","type":"choice"}]}"##;

const QUESTIONNAIRE_Q_6: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"c","type":"choice","answerValueSet":"http://example.org/vs"},{"linkId":"s","type":"string","answerValueSet":"http://example.org/vs"},{"linkId":"u","type":"string","answerValueSet":"http://example.org/unknown-vs"},{"linkId":"p","type":"string"}]}"##;

const VALUESET_VS: &str = r##"{"resourceType":"ValueSet","url":"http://example.org/vs","status":"active","compose":{"include":[{"system":"http://example.org/cs","concept":[{"code":"x"},{"code":"red"}]}]}}"##;

const QUESTIONNAIRE_Q_7: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"integer","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueInteger":1},{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueInteger":10}]}]}"##;

const QUESTIONNAIRE_Q_8: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"decimal","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueDecimal":1.5},{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueDecimal":9.5}]}]}"##;

const QUESTIONNAIRE_Q_9: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"date","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueDate":"2020-01-01"},{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueDate":"2020-12-31"}]}]}"##;

const QUESTIONNAIRE_Q_10: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"time","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minValue","valueTime":"08:00:00"},{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueTime":"18:00:00"}]}]}"##;

const QUESTIONNAIRE_Q_11: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"string","maxLength":5,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/minLength","valueInteger":2},{"url":"http://hl7.org/fhir/StructureDefinition/regex","valueString":"[a-z]+"}]},{"linkId":"w","type":"string","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/regex","valueString":"[0-9]{3}"},{"url":"http://hl7.org/fhir/StructureDefinition/entryFormat","valueString":"nnn"}]}]}"##;

const QUESTIONNAIRE_Q_12: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"v","type":"quantity","extension":[{"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-minQuantity","valueQuantity":{"value":1,"system":"http://unitsofmeasure.org","code":"kg"}},{"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity","valueQuantity":{"value":100,"system":"http://unitsofmeasure.org","code":"kg"}}]},{"linkId":"u","type":"quantity","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption","valueCoding":{"system":"http://unitsofmeasure.org","code":"cm"}}]},{"linkId":"w","type":"quantity","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unitValueSet","valueCanonical":"http://example.org/units"}]},{"linkId":"z","type":"quantity","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unitValueSet","valueCanonical":"http://example.org/no-units"}]}]}"##;

const VALUESET_UNITS: &str = r##"{"resourceType":"ValueSet","url":"http://example.org/units","status":"active","compose":{"include":[{"system":"http://unitsofmeasure.org","concept":[{"code":"cm"},{"code":"m"}]}]}}"##;

const QUESTIONNAIRE_Q_13: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"a","type":"attachment","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/mimeType","valueCode":"image/png"},{"url":"http://hl7.org/fhir/StructureDefinition/maxSize","valueDecimal":4}]}]}"##;

const QUESTIONNAIRE_Q_14: &str = r##"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"active","item":[{"linkId":"r","type":"reference","extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-referenceResource","valueCode":"Patient"}]},{"linkId":"g","type":"reference"}]}"##;

const LIBRARY_A: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/a","name":"A","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]},"content":[{"contentType":"application/elm+xml","data":"PGxpYnJhcnkgeG1sbnM9InVybjpobDctb3JnOmVsbTpyMSI+PHN0YXRlbWVudHM+PGRlZiBuYW1lPSJBZ2UiLz48ZGVmIG5hbWU9IlNleCIvPjwvc3RhdGVtZW50cz48L2xpYnJhcnk+"}]}"##;

const LIBRARY_B: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/b","name":"B","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]},"content":[{"contentType":"application/elm+xml","data":"PGxpYnJhcnkgeG1sbnM9InVybjpobDctb3JnOmVsbTpyMSI+PHN0YXRlbWVudHM+PGRlZiBuYW1lPSJBZ2UiLz48ZGVmIG5hbWU9IlNleCIvPjwvc3RhdGVtZW50cz48L2xpYnJhcnk+"}]}"##;

const LIBRARY_A2: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/a2","name":"A","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]},"content":[{"contentType":"application/elm+xml","data":"PGxpYnJhcnkgeG1sbnM9InVybjpobDctb3JnOmVsbTpyMSI+PHN0YXRlbWVudHM+PGRlZiBuYW1lPSJBZ2UiLz48ZGVmIG5hbWU9IlNleCIvPjwvc3RhdGVtZW50cz48L2xpYnJhcnk+"}]}"##;

const LIBRARY_NOELM: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/noelm","name":"N","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]}}"##;

const LIBRARY_BAD: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/bad","name":"Bad","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]},"content":[{"contentType":"application/elm+xml","data":"PGxpYnJhcnk+PHVuY2xvc2VkPjwvbGlicmFyeT4="}]}"##;

const LIBRARY_NOTELM: &str = r##"{"resourceType":"Library","url":"http://example.org/Library/notelm","name":"NotElm","status":"active","type":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/library-type","code":"logic-library"}]},"content":[{"contentType":"application/elm+xml","data":"PG90aGVyIHhtbG5zPSJ1cm46eCIvPg=="}]}"##;

const MEASURE_M: &str = r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##;

const MEASURE_M_2: &str = r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]},"group":[{"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]},"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##;

const MEASURE_M_3: &str = r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]},"group":[{"code":{"coding":[{"system":"http://example.org/groups","code":"a"}]},"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]},{"code":{"coding":[{"system":"http://example.org/groups","code":"b"}]},"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##;

const MEASURE_M_4: &str = r##"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"proportion"}]},"group":[{"population":[{"code":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-population","code":"initial-population"}]}}]}]}"##;
