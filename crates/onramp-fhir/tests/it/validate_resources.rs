//! Rules specific to resource types that the reference validator implements in code: terminology
//! resource definitions, SearchParameter/CapabilityStatement consistency, MeasureReport scoring,
//! Questionnaire logic, and text safety. Each check has a passing and a failing instance.

use onramp_fhir::validate::{Issue, Severity, ValidationOptions};

use crate::validate_support::{check, core_validator, error_ids, validator_with};

fn errors_with(resources: &[(&str, &str)], json: &str) -> Option<Vec<&'static str>> {
    let validator = validator_with(resources)?;
    Some(error_ids(&check(&validator, json, &[])))
}

fn core_errors(json: &str) -> Option<Vec<&'static str>> {
    let validator = core_validator()?;
    Some(error_ids(&check(&validator, json, &[])))
}

fn has(ids: &[&'static str], id: &str) -> bool {
    ids.contains(&id)
}

const SUPPLEMENT: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs/supp","status":"draft","content":"supplement","supplements":"http://example.org/cs/base","concept":[{"code":"a","display":"A"}]}"#;
const BASE: &str = r#"{"resourceType":"CodeSystem","url":"http://example.org/cs/base","status":"draft","content":"complete","concept":[{"code":"a"},{"code":"b"}],"property":[{"code":"flag","type":"boolean"},{"code":"link","type":"Coding"}],"filter":[{"code":"flag","operator":["="],"value":"true or false"}]}"#;

#[test]
fn a_supplement_cannot_be_a_coding_system() {
    let coding = |system: &str| {
        format!(
            r#"{{"resourceType":"Observation","status":"final","code":{{"coding":[{{"system":"{system}","code":"a"}}]}}}}"#
        )
    };
    let resources = [("supp.json", SUPPLEMENT), ("base.json", BASE)];
    let Some(bad) = errors_with(&resources, &coding("http://example.org/cs/supp")) else {
        return;
    };
    assert!(has(&bad, "terminology.supplement_as_system"), "{bad:?}");
    let good = errors_with(&resources, &coding("http://example.org/cs/base")).unwrap();
    assert!(good.is_empty(), "{good:?}");
}

#[test]
fn code_system_supplements_and_counts() {
    let Some(good) = errors_with(&[("base.json", BASE)], SUPPLEMENT) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let wrong_content = SUPPLEMENT.replace(r#""content":"supplement""#, r#""content":"complete""#);
    let bad = errors_with(&[("base.json", BASE)], &wrong_content).unwrap();
    assert!(has(&bad, "code_system.supplement_content"), "{bad:?}");
    let new_code = SUPPLEMENT.replace(r#""code":"a""#, r#""code":"zz""#);
    let bad = errors_with(&[("base.json", BASE)], &new_code).unwrap();
    assert!(has(&bad, "code_system.supplement_unknown_code"), "{bad:?}");
    let loinc = SUPPLEMENT
        .replace("http://example.org/cs/base", "http://loinc.org")
        .replace(r#""code":"a""#, r#""code":"test""#);
    let bad = core_errors(&loinc).unwrap();
    assert!(has(&bad, "code_system.supplement_unknown_code"), "{bad:?}");
    let counted = BASE.replace(
        r#""content":"complete","#,
        r#""content":"complete","count":2,"#,
    );
    assert!(core_errors(&counted).unwrap().is_empty());
    let miscounted = BASE.replace(
        r#""content":"complete","#,
        r#""content":"complete","count":3,"#,
    );
    assert!(has(&core_errors(&miscounted).unwrap(), "code_system.count"));
}

fn value_set(include: &str) -> String {
    format!(
        r#"{{"resourceType":"ValueSet","url":"http://example.org/vs","status":"draft","compose":{{"include":[{include}]}}}}"#
    )
}

#[test]
fn value_set_include_systems_are_absolute_and_codes_can_exist() {
    let Some(good) = core_errors(&value_set(
        r#"{"system":"http://snomed.info/sct","concept":[{"code":"22298006"}]}"#,
    )) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let bad = core_errors(&value_set(
        r#"{"system":"http://snomed.info/sct","concept":[{"code":"1"}]}"#,
    ))
    .unwrap();
    assert!(has(&bad, "value_set.include_unknown_code"), "{bad:?}");
    let bad = core_errors(&value_set(r##"{"system":"#local"}"##)).unwrap();
    assert!(has(&bad, "value_set.system_not_absolute"), "{bad:?}");
    let bad = errors_with(
        &[("base.json", BASE)],
        &value_set(r#"{"system":"http://example.org/cs/base","concept":[{"code":"q"}]}"#),
    )
    .unwrap();
    assert!(has(&bad, "value_set.include_unknown_code"), "{bad:?}");
}

#[test]
fn value_set_filters_fit_the_property() {
    let filter = |system: &str, property: &str, op: &str, value: &str| {
        value_set(&format!(
            r#"{{"system":"{system}","filter":[{{"property":"{property}","op":"{op}","value":"{value}"}}]}}"#
        ))
    };
    let resources = [("base.json", BASE)];
    let base = "http://example.org/cs/base";
    let Some(good) = errors_with(&resources, &filter(base, "flag", "=", "true")) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let cases = [
        (filter(base, "flag", "=", "1"), "value_set.filter_value"),
        (filter(base, "flag", "is-a", "true"), "value_set.filter_op"),
        (filter(base, "link", "=", "a"), "value_set.filter_value"),
        (
            filter(base, "link", "=", "http://example.org/cs/base#zz"),
            "value_set.filter_value",
        ),
        (
            filter(base, "concept", "is-a", "zz"),
            "value_set.filter_value",
        ),
        (
            filter("http://snomed.info/sct", "concept", "is-a", "something"),
            "value_set.filter_value",
        ),
        (
            filter(
                "http://snomed.info/sct",
                "1142143009",
                "not-in",
                "734137005",
            ),
            "value_set.filter_op",
        ),
        (
            filter(
                "http://snomed.info/sct",
                "constraint",
                "=",
                "234234 << 234234",
            ),
            "value_set.filter_value",
        ),
    ];
    for (json, id) in &cases {
        let found = errors_with(&resources, json).unwrap();
        assert!(has(&found, id), "{json}: {found:?}");
    }
    for ok in [
        filter(base, "link", "=", "http://example.org/cs/base#a"),
        filter("http://snomed.info/sct", "concept", "is-a", "22298006"),
        filter("http://snomed.info/sct", "constraint", "=", "< 19829001 |Disorder of lung|: 116676008 |Associated morphology| = << 79654002 |Edema|"),
        filter("http://snomed.info/sct", "constraint", "=", "(<< 404684003 OR << 71388002) MINUS ^ 700043003"),
        filter("http://snomed.info/sct", "constraint", "=", "< 404684003: [1..3] { 363698007 = << 39057004, R 116676008 = *}"),
    ] {
        let found = errors_with(&resources, &ok).unwrap();
        assert!(found.is_empty(), "{ok}: {found:?}");
    }
}

#[test]
fn value_set_filter_expressions_use_declared_parameters() {
    let with = |expression: &str| {
        format!(
            r#"{{"resourceType":"ValueSet","url":"http://example.org/vs","status":"draft","extension":[{{"url":"http://hl7.org/fhir/tools/StructureDefinition/valueset-parameter","extension":[{{"url":"name","valueCode":"p-inactive"}}]}}],"compose":{{"include":[{{"system":"http://snomed.info/sct","filter":[{{"property":"inactive","op":"=","_value":{{"extension":[{{"url":"http://hl7.org/fhir/StructureDefinition/cqf-expression","valueExpression":{{"language":"text/fhirpath","expression":"{expression}"}}}}]}}}}]}}]}}}}"#
        )
    };
    let Some(good) = core_errors(&with("%p-inactive")) else {
        return;
    };
    assert!(
        !has(&good, "value_set.filter_expression_parameter"),
        "{good:?}"
    );
    let bad = core_errors(&with("%p-other")).unwrap();
    assert!(
        has(&bad, "value_set.filter_expression_parameter"),
        "{bad:?}"
    );
    let bad = core_errors(&with("$ and %p-inactive")).unwrap();
    assert!(has(&bad, "value_set.filter_expression_invalid"), "{bad:?}");
}

const NAME_PARAMETER: &str = r#"{"resourceType":"SearchParameter","url":"http://example.org/sp/base","name":"n","status":"active","description":"d","code":"name","base":["Organization"],"type":"string","expression":"Organization.name"}"#;

#[test]
fn derived_search_parameters_keep_type_and_bases() {
    let derived = |base: &str, kind: &str, expression: &str| {
        format!(
            r#"{{"resourceType":"SearchParameter","url":"http://example.org/sp/derived","name":"n","status":"active","description":"d","code":"name","derivedFrom":"http://example.org/sp/base","base":["{base}"],"type":"{kind}","expression":"{expression}"}}"#
        )
    };
    let resources = [("sp.json", NAME_PARAMETER)];
    let Some(good) = errors_with(
        &resources,
        &derived(
            "Organization",
            "string",
            "Organization.name | Organization.alias",
        ),
    ) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let bad = errors_with(
        &resources,
        &derived("Organization", "token", "Organization.name"),
    )
    .unwrap();
    assert!(has(&bad, "search_parameter.type_differs"), "{bad:?}");
    let bad = errors_with(
        &resources,
        &derived("Patient", "string", "Organization.name"),
    )
    .unwrap();
    assert!(
        has(&bad, "search_parameter.base_not_in_derived_from"),
        "{bad:?}"
    );
    assert!(has(&bad, "search_parameter.expression_type"), "{bad:?}");
    let composite = NAME_PARAMETER.replace(r#""type":"string""#, r#""type":"composite""#);
    let bad = core_errors(&composite).unwrap();
    assert!(
        has(&bad, "search_parameter.composite_components"),
        "{bad:?}"
    );
}

#[test]
fn capability_statement_search_params_match_their_definition() {
    let statement = |kind: &str| {
        format!(
            r#"{{"resourceType":"CapabilityStatement","status":"active","date":"2024","kind":"instance","fhirVersion":"4.0.1","format":["json"],"implementation":{{"description":"x"}},"rest":[{{"mode":"server","resource":[{{"type":"Organization","searchParam":[{{"name":"name","definition":"http://example.org/sp/base","type":"{kind}"}}]}}]}}]}}"#
        )
    };
    let resources = [("sp.json", NAME_PARAMETER)];
    let Some(good) = errors_with(&resources, &statement("string")) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let bad = errors_with(&resources, &statement("date")).unwrap();
    assert!(
        has(&bad, "capability_statement.search_param_type"),
        "{bad:?}"
    );
}

#[test]
fn cohort_measure_reports_have_no_score() {
    let measure = r#"{"resourceType":"Measure","url":"http://example.org/m","status":"active","scoring":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/measure-scoring","code":"cohort"}]}}"#;
    let report = |score: &str| {
        format!(
            r#"{{"resourceType":"MeasureReport","status":"complete","type":"summary","measure":"http://example.org/m","period":{{"start":"2020"}},"group":[{{"population":[{{"count":1}}]{score}}}]}}"#
        )
    };
    let Some(good) = errors_with(&[("m.json", measure)], &report("")) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let bad = errors_with(
        &[("m.json", measure)],
        &report(r#","measureScore":{"value":1}"#),
    )
    .unwrap();
    assert!(has(&bad, "measure_report.cohort_score"), "{bad:?}");
}

#[test]
fn two_enable_whens_need_an_enable_behavior() {
    let questionnaire = |behavior: &str| {
        format!(
            r#"{{"resourceType":"Questionnaire","status":"draft","item":[{{"linkId":"a","type":"boolean"}},{{"linkId":"b","type":"boolean"}},{{"linkId":"c","type":"string"{behavior},"enableWhen":[{{"question":"a","operator":"=","answerBoolean":true}},{{"question":"b","operator":"=","answerBoolean":true}}]}}]}}"#
        )
    };
    let Some(good) = core_errors(&questionnaire(r#","enableBehavior":"all""#)) else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    assert!(has(
        &core_errors(&questionnaire("")).unwrap(),
        "invariant.failed"
    ));
}

const QUESTIONNAIRE: &str = r#"{"resourceType":"Questionnaire","url":"http://example.org/q","status":"draft","item":[
 {"linkId":"choice","type":"choice","repeats":true,"answerOption":[{"valueCoding":{"system":"http://example.org","code":"c1"}},{"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-optionExclusive","valueBoolean":true}],"valueCoding":{"system":"http://example.org","code":"none"}}]},
 {"linkId":"distance","type":"quantity","repeats":true,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption","valueCoding":{"system":"http://unitsofmeasure.org","code":"km"}},{"url":"http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption","valueCoding":{"system":"http://unitsofmeasure.org","code":"m"}},{"url":"http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-maxQuantity","valueQuantity":{"value":5,"system":"http://unitsofmeasure.org","code":"km"}}]},
 {"linkId":"kind","type":"choice","repeats":true,"answerValueSet":"http://hl7.org/fhir/ValueSet/item-type"},
 {"linkId":"when","type":"dateTime","repeats":true,"extension":[{"url":"http://hl7.org/fhir/StructureDefinition/maxValue","valueDateTime":"2022-06"}]}
]}"#;

fn response(item: &str) -> String {
    format!(
        r#"{{"resourceType":"QuestionnaireResponse","status":"completed","questionnaire":"http://example.org/q","item":[{item}]}}"#
    )
}

#[test]
fn questionnaire_answers_options_units_and_value_sets() {
    let resources = [("q.json", QUESTIONNAIRE)];
    let cases = [
        (
            r#"{"linkId":"choice","answer":[{"valueCoding":{"system":"http://example.org","code":"c1"}}]}"#,
            r#"{"linkId":"choice","answer":[{"valueCoding":{"system":"http://example.org","code":"c1"}},{"valueCoding":{"system":"http://example.org","code":"none"}}]}"#,
            "questionnaire.exclusive_option",
        ),
        (
            r#"{"linkId":"distance","answer":[{"valueQuantity":{"value":4000,"system":"http://unitsofmeasure.org","code":"m"}}]}"#,
            r#"{"linkId":"distance","answer":[{"valueQuantity":{"value":6000,"system":"http://unitsofmeasure.org","code":"m"}}]}"#,
            "questionnaire.quantity_bound",
        ),
        (
            r#"{"linkId":"distance","answer":[{"valueQuantity":{"value":4,"system":"http://unitsofmeasure.org","code":"km"}}]}"#,
            r#"{"linkId":"distance","answer":[{"valueQuantity":{"value":4,"system":"http://unitsofmeasure.org","code":"kg"}}]}"#,
            "questionnaire.unit_not_allowed",
        ),
        (
            r#"{"linkId":"kind","answer":[{"valueCoding":{"system":"http://hl7.org/fhir/item-type","code":"string","display":"String"}}]}"#,
            r#"{"linkId":"kind","answer":[{"valueCoding":{"system":"http://hl7.org/fhir/item-type","code":"string","display":"Australia"}}]}"#,
            "questionnaire.answer_display",
        ),
        (
            r#"{"linkId":"when","answer":[{"valueDateTime":"2022-05-30"}]}"#,
            r#"{"linkId":"when","answer":[{"valueDateTime":"2022-06-30"}]}"#,
            "questionnaire.max_value",
        ),
    ];
    for (good, bad, id) in cases {
        let Some(found) = errors_with(&resources, &response(good)) else {
            return;
        };
        assert!(found.is_empty(), "{good}: {found:?}");
        let found = errors_with(&resources, &response(bad)).unwrap();
        assert!(has(&found, id), "{bad}: {found:?}");
    }
}

fn issues_with_options(json: &str, options: ValidationOptions) -> Option<Vec<Issue>> {
    let validator = core_validator()?.with_options(options);
    Some(check(&validator, json, &[]))
}

fn severity_of(issues: &[Issue], id: &str) -> Option<Severity> {
    issues
        .iter()
        .find(|i| i.message_id == id)
        .map(|i| i.severity)
}

#[test]
fn embedded_html_in_strings_and_markdown_depends_on_the_policy() {
    let patient =
        r#"{"resourceType":"Patient","name":[{"text":"Standard <script>somescript</script>"}]}"#;
    let Some(default) = issues_with_options(patient, ValidationOptions::default()) else {
        return;
    };
    assert_eq!(
        severity_of(&default, "text.embedded_html"),
        Some(Severity::Information)
    );
    let strict = ValidationOptions {
        security_checks: true,
        no_html_in_markdown: true,
        ..ValidationOptions::DEFAULT
    };
    let secure = issues_with_options(patient, strict).unwrap();
    assert_eq!(
        severity_of(&secure, "text.embedded_html"),
        Some(Severity::Error)
    );
    let plain = r#"{"resourceType":"Patient","name":[{"text":"x < 5 and y > 3"}]}"#;
    assert_eq!(
        severity_of(
            &issues_with_options(plain, strict).unwrap(),
            "text.embedded_html"
        ),
        None
    );
    let note = |text: &str| {
        format!(
            r#"{{"resourceType":"Communication","status":"completed","note":[{{"text":"{text}"}}]}}"#
        )
    };
    let markdown = issues_with_options(&note("<resource type>"), strict).unwrap();
    assert_eq!(
        severity_of(&markdown, "text.markdown_html"),
        Some(Severity::Error)
    );
    let lenient =
        issues_with_options(&note("<resource type>"), ValidationOptions::default()).unwrap();
    assert_eq!(
        severity_of(&lenient, "text.markdown_html"),
        Some(Severity::Warning)
    );
    let fine = issues_with_options(&note("see `<b>` and <https://example.org>"), strict).unwrap();
    assert_eq!(severity_of(&fine, "text.markdown_html"), None);
}

#[test]
fn narratives_use_only_allowed_elements_and_attributes() {
    let patient = |div: &str| {
        format!(
            r#"{{"resourceType":"Patient","text":{{"status":"generated","div":"<div xmlns=\"http://www.w3.org/1999/xhtml\">{div}</div>"}}}}"#
        )
    };
    let Some(good) = core_errors(&patient("<table><tr id=\\\"a\\\"><td>x</td></tr></table>"))
    else {
        return;
    };
    assert!(good.is_empty(), "{good:?}");
    let bad = core_errors(&patient(
        "<table><tr idref=\\\"a\\\"><td>x</td></tr></table>",
    ))
    .unwrap();
    assert!(has(&bad, "xhtml.disallowed_name"), "{bad:?}");
    assert!(has(&bad, "invariant.failed"), "{bad:?}");
}
