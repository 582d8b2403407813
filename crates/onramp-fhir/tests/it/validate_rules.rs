//! One passing and one failing instance for each check of the validator, against R4 core (and
//! small profiles written beside the test).

use onramp_fhir::validate::{Issue, Severity};

use crate::validate_support::{check, core_validator, error_ids, validator_with};

/// Validates against R4 core; `None` skips when ../shared is missing.
fn errors(json: &str) -> Option<Vec<&'static str>> {
    let validator = core_validator()?;
    Some(error_ids(&check(&validator, json, &[])))
}

fn issues(json: &str) -> Option<Vec<Issue>> {
    let validator = core_validator()?;
    Some(check(&validator, json, &[]))
}

#[test]
fn a_valid_patient_has_no_errors() {
    let Some(found) = errors(
        r#"{"resourceType": "Patient", "id": "p1", "active": true,
        "name": [{"family": "Chalmers", "given": ["Peter", "James"]}], "gender": "male", "birthDate": "1974-12-25"}"#,
    ) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn unknown_properties_are_errors_with_line_and_column() {
    let Some(found) = issues("{\"resourceType\": \"Patient\",\n  \"nmae\": []}") else {
        return;
    };
    let issue = found
        .iter()
        .find(|i| i.message_id == "structure.unknown_property")
        .unwrap();
    assert_eq!((issue.pos.line, issue.pos.column), (2, 3));
    assert!(issue.message.contains("nmae"));
}

#[test]
fn json_shape_array_versus_single_value() {
    let Some(found) = errors(r#"{"resourceType": "Patient", "name": {"family": "x"}}"#) else {
        return;
    };
    assert_eq!(found, ["json.expected_array"]);
    let found = errors(r#"{"resourceType": "Patient", "gender": ["male"]}"#).unwrap();
    assert_eq!(found, ["json.unexpected_array"]);
}

#[test]
fn nulls_in_arrays_need_a_companion_value() {
    let found = errors(r#"{"resourceType": "Patient", "name": [{"given": ["a", null]}]}"#);
    let Some(found) = found else { return };
    assert_eq!(found, ["json.null_in_array"]);
    let found = errors(r#"{"resourceType": "Patient", "name": [{"given": ["a", null],
        "_given": [null, {"extension": [{"url": "http://hl7.org/fhir/StructureDefinition/data-absent-reason", "valueCode": "unknown"}]}]}]}"#).unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn cardinality_minimum_and_maximum() {
    let Some(found) = errors(r#"{"resourceType": "Observation", "status": "final"}"#) else {
        return;
    };
    assert_eq!(found, ["cardinality.too_few"]);
    let found =
        errors(r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}}"#)
            .unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn primitive_formats_and_ranges() {
    let Some(found) = errors(r#"{"resourceType": "Patient", "birthDate": "1974-13-01"}"#) else {
        return;
    };
    assert_eq!(found, ["primitive.format"]);
    let found = issues(r#"{"resourceType": "Patient", "birthDate": "1974-02-30"}"#).unwrap();
    assert_eq!(error_ids(&found), ["primitive.range"], "{found:?}");
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "active": "true"}"#).unwrap(),
        ["primitive.json_kind"]
    );
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "multipleBirthInteger": 3000000000}"#).unwrap(),
        ["primitive.integer_range"]
    );
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "id": "bad_id"}"#).unwrap(),
        // A resource's id is reported once, by the resource rule (the reference's
        // RESOURCE_RES_ID_MALFORMED_CHARS), not also as an `id` primitive.
        ["resource.id_invalid"]
    );
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "birthDate": ""}"#).unwrap(),
        ["primitive.empty"]
    );
    let found = errors(
        r#"{"resourceType": "Patient", "photo": [{"contentType": "image/png", "data": "not base64!"}]}"#,
    );
    assert_eq!(found.unwrap(), ["primitive.format"]);
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "id": "ok-1", "birthDate": "2000-02-29", "multipleBirthInteger": 2,
            "photo": [{"contentType": "text/plain", "data": "aGVsbG8="}]}"#).unwrap(),
        Vec::<&str>::new()
    );
}

#[test]
fn choice_types_must_be_allowed_types() {
    let Some(found) = errors(
        r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueFoo": 1}"#,
    ) else {
        return;
    };
    assert_eq!(found, ["structure.unknown_property"]);
    let found = errors(r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "valueString": "1"}"#).unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn required_bindings_use_local_terminology() {
    let Some(found) = errors(r#"{"resourceType": "Patient", "gender": "man"}"#) else {
        return;
    };
    assert_eq!(found, ["binding.system_undetermined", "binding.required"]);
    assert_eq!(
        errors(r#"{"resourceType": "Patient", "gender": "other"}"#).unwrap(),
        Vec::<&str>::new()
    );
}

#[test]
fn codes_of_systems_not_in_the_packages_are_not_checked_offline() {
    let Some(found) = issues(
        r#"{"resourceType": "Observation", "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "no-such-code"}]},
        "interpretation": [{"coding": [{"system": "http://snomed.info/sct", "code": "123"}]}]}"#,
    ) else {
        return;
    };
    assert!(found.iter().all(|i| !i.severity.is_error()), "{found:?}");
    assert!(found
        .iter()
        .any(|i| i.message_id == "terminology.not_checked_offline"
            && i.severity == Severity::Information));
}

#[test]
fn codes_of_local_code_systems_must_exist() {
    let Some(found) = errors(
        r#"{"resourceType": "Patient", "maritalStatus": {"coding": [
        {"system": "http://terminology.hl7.org/CodeSystem/v3-MaritalStatus", "code": "NOPE"}]}}"#,
    ) else {
        return;
    };
    assert!(found.contains(&"terminology.unknown_code"), "{found:?}");
}

#[test]
fn invariants_run_through_fhirpath_with_their_key() {
    let Some(found) = issues(r#"{"resourceType": "Patient", "contact": [{"gender": "male"}]}"#)
    else {
        return;
    };
    let failed: Vec<&Issue> = found
        .iter()
        .filter(|i| i.message_id == "invariant.failed" && i.severity.is_error())
        .collect();
    assert_eq!(failed.len(), 1, "{found:?}");
    assert!(failed[0].message.contains("pat-1"));
    assert_eq!(failed[0].expression, "Patient.contact[0]");
    let found =
        errors(r#"{"resourceType": "Patient", "contact": [{"name": {"family": "x"}}]}"#).unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn empty_elements_break_ele_1() {
    let Some(found) = errors(r#"{"resourceType": "Patient", "maritalStatus": {}}"#) else {
        return;
    };
    assert_eq!(found, ["invariant.ele-1"]);
}

#[test]
fn extensions_are_resolved_and_checked_against_their_definition() {
    let Some(found) = errors(
        r#"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueString": "x"}]}"#,
    ) else {
        return;
    };
    assert!(found.contains(&"structure.type_not_allowed"), "{found:?}");
    let found = errors(r#"{"resourceType": "Patient", "birthDate": "2000-01-01", "_birthDate": {"extension": [
        {"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}}"#).unwrap();
    assert_eq!(found, Vec::<&str>::new());
    let found = errors(r#"{"resourceType": "Patient", "extension": [{"url": "http://hl7.org/fhir/us/none/StructureDefinition/x", "valueString": "x"}]}"#).unwrap();
    assert_eq!(
        found,
        ["extension.unknown"],
        "an unknown extension in an HL7 IG namespace"
    );
    let found = issues(r#"{"resourceType": "Patient", "extension": [{"url": "http://example.com/unknown", "valueString": "x"}]}"#).unwrap();
    assert_eq!(
        error_ids(&found),
        Vec::<&str>::new(),
        "other domains: a warning"
    );
    assert!(found
        .iter()
        .any(|i| i.message_id == "extension.unknown_allowed"));
}

#[test]
fn modifier_extensions_must_be_modifiers() {
    let Some(found) = errors(
        r#"{"resourceType": "Patient", "modifierExtension": [{"url": "http://hl7.org/fhir/StructureDefinition/patient-birthTime", "valueDateTime": "2000-01-01T10:00:00Z"}]}"#,
    ) else {
        return;
    };
    assert!(
        found.contains(&"extension.extension_as_modifier"),
        "{found:?}"
    );
}

#[test]
fn references_must_point_to_allowed_types() {
    let Some(found) = errors(
        r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Medication/1"}}"#,
    ) else {
        return;
    };
    assert_eq!(found, ["reference.target_type"]);
    let found = errors(r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "Patient/1"}}"#).unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn contained_references_must_resolve() {
    let Some(found) = errors(
        r##"{"resourceType": "Observation", "status": "final", "code": {"text": "x"}, "subject": {"reference": "#nope"}}"##,
    ) else {
        return;
    };
    assert!(
        found.contains(&"reference.contained_not_found"),
        "{found:?}"
    );
    let found = errors(
        r##"{"resourceType": "Observation", "contained": [{"resourceType": "Patient", "id": "p"}],
        "status": "final", "code": {"text": "x"}, "subject": {"reference": "#p"}}"##,
    )
    .unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn bundle_rules_for_links_and_full_urls() {
    let Some(found) = errors(
        r#"{"resourceType": "Bundle", "type": "collection",
        "link": [{"relation": "self", "url": "http://a/1"}, {"relation": "self", "url": "http://a/2"}]}"#,
    ) else {
        return;
    };
    assert_eq!(found, ["bundle.link_relation_repeated"]);
    let found = errors(
        r#"{"resourceType": "Bundle", "type": "collection", "entry": [
        {"fullUrl": "http://a/Patient/2", "resource": {"resourceType": "Patient", "id": "1"}}]}"#,
    )
    .unwrap();
    assert_eq!(
        found,
        Vec::<&str>::new(),
        "a mismatching fullUrl is a warning"
    );
    let found = errors(
        r#"{"resourceType": "Bundle", "type": "document", "entry": [
        {"fullUrl": "http://a/Patient/1", "resource": {"resourceType": "Patient", "id": "1"}}]}"#,
    )
    .unwrap();
    assert!(
        found.contains(&"invariant.failed"),
        "bdl-11 (document needs a Composition): {found:?}"
    );
}

const PROFILE: &str = r#"{"resourceType": "StructureDefinition", "url": "http://example.org/sd/obs", "name": "Obs",
  "status": "active", "kind": "resource", "abstract": false, "type": "Observation",
  "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Observation", "derivation": "constraint",
  "snapshot": {"element": [
    {"id": "Observation", "path": "Observation", "min": 0, "max": "*"},
    {"id": "Observation.status", "path": "Observation.status", "min": 1, "max": "1", "type": [{"code": "code"}], "fixedCode": "final"},
    {"id": "Observation.category", "path": "Observation.category", "min": 1, "max": "*", "type": [{"code": "CodeableConcept"}],
     "slicing": {"discriminator": [{"type": "pattern", "path": "$this"}], "rules": "closed"}},
    {"id": "Observation.category:vs", "path": "Observation.category", "sliceName": "vs", "min": 1, "max": "1",
     "type": [{"code": "CodeableConcept"}],
     "patternCodeableConcept": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}},
    {"id": "Observation.code", "path": "Observation.code", "min": 1, "max": "1", "type": [{"code": "CodeableConcept"}]},
    {"id": "Observation.value[x]", "path": "Observation.value[x]", "min": 0, "max": "1", "type": [{"code": "Quantity"}]}
  ]}}"#;

fn profile_errors(json: &str) -> Option<Vec<&'static str>> {
    let validator = validator_with(&[("obs.json", PROFILE)])?;
    Some(error_ids(&check(
        &validator,
        json,
        &["http://example.org/sd/obs"],
    )))
}

const CATEGORY: &str = r#"{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}"#;

#[test]
fn a_conforming_instance_passes_the_profile() {
    let json = format!(
        r#"{{"resourceType": "Observation", "status": "final", "category": [{CATEGORY}], "code": {{"text": "x"}}, "valueQuantity": {{"value": 1}}}}"#
    );
    let Some(found) = profile_errors(&json) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn fixed_values_must_match_exactly() {
    let json = format!(
        r#"{{"resourceType": "Observation", "status": "preliminary", "category": [{CATEGORY}], "code": {{"text": "x"}}}}"#
    );
    let Some(found) = profile_errors(&json) else {
        return;
    };
    assert_eq!(found, ["fixed.mismatch"]);
}

#[test]
fn profiles_restrict_choice_types() {
    let json = format!(
        r#"{{"resourceType": "Observation", "status": "final", "category": [{CATEGORY}], "code": {{"text": "x"}}, "valueString": "x"}}"#
    );
    let Some(found) = profile_errors(&json) else {
        return;
    };
    assert_eq!(found, ["structure.type_not_allowed"]);
}

#[test]
fn closed_slicing_rejects_values_that_match_no_slice_and_counts_slices() {
    let json = r#"{"resourceType": "Observation", "status": "final", "category": [{"text": "other"}], "code": {"text": "x"}}"#;
    let Some(found) = profile_errors(json) else {
        return;
    };
    assert!(found.contains(&"slicing.closed"), "{found:?}");
    assert!(found.contains(&"slicing.too_few"), "{found:?}");
}

#[test]
fn meta_profile_claims_are_validated() {
    let Some(validator) = validator_with(&[("obs.json", PROFILE)]) else {
        return;
    };
    let json = r#"{"resourceType": "Observation", "meta": {"profile": ["http://example.org/sd/obs"]}, "status": "final", "code": {"text": "x"}}"#;
    let found = error_ids(&check(&validator, json, &[]));
    assert!(
        found.contains(&"cardinality.too_few"),
        "category is required by the claimed profile: {found:?}"
    );
}

#[test]
fn truncated_and_malformed_input_is_an_issue_not_a_panic() {
    let Some(validator) = core_validator() else {
        return;
    };
    for input in [
        "{\"resourceType\": \"Patient\", \"name\": [",
        "[]",
        "42",
        "{\"resourceType\": \"Nope\"}",
        "{}",
    ] {
        let found = validator.validate_bytes(input.as_bytes(), &[]);
        assert!(
            found.iter().any(|i| i.severity.is_error()),
            "{input}: {found:?}"
        );
    }
    let found = validator.validate_bytes(
        b"{\"resourceType\": \"Patient\", \"active\": true, \"active\": false}",
        &[],
    );
    assert_eq!(error_ids(&found), ["json.duplicate_key"]);
}

#[test]
fn ndjson_lines_are_validated_one_by_one_with_their_line_numbers() {
    let Some(validator) = core_validator() else {
        return;
    };
    let input =
        b"{\"resourceType\": \"Patient\"}\n\n{\"resourceType\": \"Patient\", \"gender\": \"x\"}\n";
    let results = validator.validate_ndjson(input, &[]);
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].error_count(), 0);
    assert_eq!(results[1].index, Some(1));
    let issue = results[1]
        .issues
        .iter()
        .find(|i| i.severity.is_error())
        .unwrap();
    assert_eq!(issue.pos.line, 3);
}

#[test]
fn a_well_formed_conditional_reference_is_neither_an_error_nor_a_format_warning() {
    let Some(found) = issues(
        r#"{"resourceType": "Observation", "status": "final", "code": {"text": "x"},
        "subject": {"reference": "Patient?identifier=http://example.org/mrn|1"}}"#,
    ) else {
        return;
    };
    let reference_issues: Vec<&str> = found
        .iter()
        .filter(|i| i.message_id.starts_with("reference."))
        .map(|i| i.message_id)
        .collect();
    assert_eq!(reference_issues, Vec::<&str>::new());
}
