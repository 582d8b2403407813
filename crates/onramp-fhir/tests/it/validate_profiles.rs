//! Profile rules: versioned canonicals, implied and global profiles, min/max values, fixed
//! complex values, type restrictions of choice elements, slicing through `contentReference`, and
//! resources inside Parameters. One passing and one failing instance per check.

use crate::validate_support::{check, core_validator, error_ids, validator_with};

fn ids_with(
    resources: &[(&str, &str)],
    json: &str,
    profiles: &[&str],
) -> Option<Vec<&'static str>> {
    let validator = validator_with(resources)?;
    Some(error_ids(&check(&validator, json, profiles)))
}

fn core_ids(json: &str) -> Option<Vec<&'static str>> {
    let validator = core_validator()?;
    Some(error_ids(&check(&validator, json, &[])))
}

/// A profile on `type_name` with the given differential elements (JSON text).
fn profile(url: &str, type_name: &str, elements: &str) -> String {
    format!(
        r#"{{"resourceType": "StructureDefinition", "url": "{url}", "name": "P", "status": "active",
        "kind": "resource", "abstract": false, "type": "{type_name}", "derivation": "constraint",
        "baseDefinition": "http://hl7.org/fhir/StructureDefinition/{type_name}",
        "differential": {{"element": [{elements}]}}}}"#
    )
}

const SCT_VS: &str = r#"{"resourceType": "ValueSet", "url": "http://example.org/vs/sct", "status": "active",
    "compose": {"include": [{"system": "http://snomed.info/sct"}]}}"#;

#[test]
fn a_code_outside_every_system_a_value_set_includes_is_not_in_it() {
    let sd = profile(
        "http://example.org/sd/obs-sct",
        "Observation",
        r#"{"id": "Observation.code", "path": "Observation.code",
            "binding": {"strength": "required", "valueSet": "http://example.org/vs/sct"}}"#,
    );
    let resources = [("vs.json", SCT_VS), ("sd.json", sd.as_str())];
    let obs = |system: &str| {
        format!(
            r#"{{"resourceType": "Observation", "status": "final",
            "code": {{"coding": [{{"system": "{system}", "code": "12345"}}]}}}}"#
        )
    };
    let profiles = ["http://example.org/sd/obs-sct"];
    let Some(found) = ids_with(&resources, &obs("http://loinc.org"), &profiles) else {
        return;
    };
    assert_eq!(found, ["binding.required"]);
    // SNOMED CT is not loaded: membership cannot be decided offline, so no error.
    let found = ids_with(&resources, &obs("http://snomed.info/sct"), &profiles).unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

const BODY_TEMP: &str = r#"{"resourceType": "Observation", "status": "final",
    "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "vital-signs"}]}],
    "code": {"coding": [{"system": "http://loinc.org", "code": "8310-5"}]},
    "subject": {"reference": "Patient/1"}, "effectiveDateTime": "2020-01-01",
    "valueQuantity": {"value": 36.5, "unit": "C", "system": "http://unitsofmeasure.org", "code": "Cel"}}"#;

#[test]
fn a_vital_sign_code_implies_the_vital_signs_profile() {
    let Some(found) = core_ids(BODY_TEMP) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    // Without effective[x], which the body temperature profile requires.
    let without_effective = BODY_TEMP.replace(r#""effectiveDateTime": "2020-01-01","#, "");
    assert_eq!(
        core_ids(&without_effective).unwrap(),
        ["cardinality.too_few"]
    );
    // A SNOMED CT body temperature code without the LOINC code the profile requires.
    let snomed = BODY_TEMP.replace(
        r#""system": "http://loinc.org", "code": "8310-5""#,
        r#""system": "http://snomed.info/sct", "code": "276885007""#,
    );
    assert_eq!(core_ids(&snomed).unwrap(), ["slicing.vital_sign_code"]);
}

#[test]
fn global_profiles_of_an_implementation_guide_apply_to_every_resource_of_their_type() {
    let sd = profile(
        "http://example.org/sd/named-patient",
        "Patient",
        r#"{"id": "Patient.name", "path": "Patient.name", "min": 1}"#,
    );
    let ig = r#"{"resourceType": "ImplementationGuide", "url": "http://example.org/ig", "name": "IG",
        "status": "active", "packageId": "example.ig", "fhirVersion": ["4.0.1"],
        "global": [{"type": "Patient", "profile": "http://example.org/sd/named-patient"}]}"#;
    let resources = [("sd.json", sd.as_str()), ("ig.json", ig)];
    let Some(found) = ids_with(
        &resources,
        r#"{"resourceType": "Patient", "active": true}"#,
        &[],
    ) else {
        return;
    };
    assert_eq!(found, ["cardinality.too_few"]);
    let named = r#"{"resourceType": "Patient", "name": [{"family": "Chalmers"}]}"#;
    assert_eq!(
        ids_with(&resources, named, &[]).unwrap(),
        Vec::<&str>::new()
    );
}

#[test]
fn min_and_max_values_of_dates_durations_and_quantities() {
    let sd = profile(
        "http://example.org/sd/bounds",
        "Patient",
        r#"{"id": "Patient.birthDate", "path": "Patient.birthDate", "minValueDate": "2000-01-01",
            "maxValueDuration": {"value": 1, "unit": "a", "system": "http://unitsofmeasure.org", "code": "a"}}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let patient = |date: &str| format!(r#"{{"resourceType": "Patient", "birthDate": "{date}"}}"#);
    let profiles = ["http://example.org/sd/bounds"];
    let Some(found) = ids_with(&resources, &patient("2010-05-01"), &profiles) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    let found = ids_with(&resources, &patient("1999-12-31"), &profiles).unwrap();
    assert_eq!(found, ["value.min_value"]);
    // More than a year from now.
    let found = ids_with(&resources, &patient("2999-01-01"), &profiles).unwrap();
    assert_eq!(found, ["value.max_value"]);

    // A Quantity bound on a choice named by its type (`Observation.valueQuantity`), after UCUM
    // conversion.
    let sd = profile(
        "http://example.org/sd/weight",
        "Observation",
        r#"{"id": "Observation.valueQuantity", "path": "Observation.valueQuantity",
            "maxValueQuantity": {"value": 10, "system": "http://unitsofmeasure.org", "code": "kg"}}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let obs = |value: u32, code: &str| {
        format!(
            r#"{{"resourceType": "Observation", "status": "final", "code": {{"text": "weight"}},
            "valueQuantity": {{"value": {value}, "system": "http://unitsofmeasure.org", "code": "{code}"}}}}"#
        )
    };
    let profiles = ["http://example.org/sd/weight"];
    let found = ids_with(&resources, &obs(9000, "g"), &profiles).unwrap();
    assert_eq!(found, Vec::<&str>::new());
    let found = ids_with(&resources, &obs(11000, "g"), &profiles).unwrap();
    assert_eq!(found, ["value.max_value"]);
}

#[test]
fn a_choice_type_the_profile_removed_is_one_type_error() {
    let sd = profile(
        "http://example.org/sd/quantity-only",
        "Observation",
        r#"{"id": "Observation.value[x]", "path": "Observation.value[x]", "min": 1,
            "type": [{"code": "Quantity"}]}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let profiles = ["http://example.org/sd/quantity-only"];
    let obs = |value: &str| {
        format!(
            r#"{{"resourceType": "Observation", "status": "final", "code": {{"text": "x"}}, {value}}}"#
        )
    };
    let Some(found) = ids_with(&resources, &obs(r#""valueString": "high""#), &profiles) else {
        return;
    };
    assert_eq!(found, ["structure.type_not_allowed"]);
    let found = ids_with(
        &resources,
        &obs(r#""valueQuantity": {"value": 1}"#),
        &profiles,
    )
    .unwrap();
    assert_eq!(found, Vec::<&str>::new());
}

#[test]
fn a_fixed_complex_value_reports_each_element_that_differs() {
    let sd = profile(
        "http://example.org/sd/home-phone",
        "Practitioner",
        r#"{"id": "Practitioner.telecom", "path": "Practitioner.telecom", "max": "1",
            "fixedContactPoint": {"use": "home"}}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let profiles = ["http://example.org/sd/home-phone"];
    let practitioner =
        |telecom: &str| format!(r#"{{"resourceType": "Practitioner", "telecom": [{telecom}]}}"#);
    let Some(found) = ids_with(&resources, &practitioner(r#"{"use": "home"}"#), &profiles) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    let found = ids_with(
        &resources,
        &practitioner(r#"{"system": "phone", "value": "555", "use": "home"}"#),
        &profiles,
    )
    .unwrap();
    assert_eq!(
        found,
        ["fixed.unexpected_element", "fixed.unexpected_element"]
    );
}

#[test]
fn a_slice_that_leaves_a_discriminator_open_matches_on_the_others() {
    let sd = profile(
        "http://example.org/sd/ranges",
        "Observation",
        r#"{"id": "Observation.referenceRange", "path": "Observation.referenceRange",
            "slicing": {"discriminator": [{"type": "pattern", "path": "type"},
                {"type": "pattern", "path": "appliesTo"}], "rules": "open"}},
           {"id": "Observation.referenceRange:treatment", "path": "Observation.referenceRange",
            "sliceName": "treatment", "min": 1, "max": "1"},
           {"id": "Observation.referenceRange:treatment.type", "path": "Observation.referenceRange.type",
            "min": 1, "patternCodeableConcept": {"coding": [{"code": "treatment",
            "system": "http://terminology.hl7.org/CodeSystem/referencerange-meaning"}]}}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let profiles = ["http://example.org/sd/ranges"];
    let obs = |code: &str| {
        format!(
            r#"{{"resourceType": "Observation", "status": "final", "code": {{"text": "x"}},
            "referenceRange": [{{"low": {{"value": 1}}, "type": {{"coding": [{{"code": "{code}",
            "system": "http://terminology.hl7.org/CodeSystem/referencerange-meaning"}}]}}}}]}}"#
        )
    };
    let Some(found) = ids_with(&resources, &obs("treatment"), &profiles) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    let found = ids_with(&resources, &obs("normal"), &profiles).unwrap();
    assert_eq!(found, ["slicing.too_few"]);
}

#[test]
fn bundle_entries_are_sliced_by_the_profile_of_their_resource() {
    let named = profile(
        "http://example.org/sd/named-patient",
        "Patient",
        r#"{"id": "Patient.name", "path": "Patient.name", "min": 1}"#,
    );
    let bundle = r#"{"resourceType": "StructureDefinition", "url": "http://example.org/sd/bundle",
        "name": "B", "status": "active", "kind": "resource", "abstract": false, "type": "Bundle",
        "derivation": "constraint", "baseDefinition": "http://hl7.org/fhir/StructureDefinition/Bundle",
        "differential": {"element": [
          {"id": "Bundle.entry", "path": "Bundle.entry",
           "slicing": {"discriminator": [{"type": "profile", "path": "resource"}], "rules": "open"}},
          {"id": "Bundle.entry:patient", "path": "Bundle.entry", "sliceName": "patient", "min": 0, "max": "1"},
          {"id": "Bundle.entry:patient.resource", "path": "Bundle.entry.resource",
           "type": [{"code": "Patient", "profile": ["http://example.org/sd/named-patient"]}]}]}}"#;
    let resources = [("p.json", named.as_str()), ("b.json", bundle)];
    let profiles = ["http://example.org/sd/bundle"];
    let entries = |count: usize| {
        let entry = r#"{"fullUrl": "urn:uuid:ID", "resource": {"resourceType": "Patient", "name": [{"family": "A"}]}}"#;
        let list: Vec<String> = (0..count)
            .map(|i| entry.replace("ID", &format!("4b1c8b2e-0000-4000-8000-00000000000{i}")))
            .collect();
        format!(
            r#"{{"resourceType": "Bundle", "type": "collection", "entry": [{}]}}"#,
            list.join(", ")
        )
    };
    let Some(found) = ids_with(&resources, &entries(1), &profiles) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    assert_eq!(
        ids_with(&resources, &entries(2), &profiles).unwrap(),
        ["slicing.too_many"]
    );
}

#[test]
fn nested_parts_of_parameters_are_sliced_by_their_own_slicing() {
    let sd = profile(
        "http://example.org/sd/params",
        "Parameters",
        r#"{"id": "Parameters.parameter.name", "path": "Parameters.parameter.name", "patternString": "outer"},
           {"id": "Parameters.parameter.part", "path": "Parameters.parameter.part",
            "slicing": {"discriminator": [{"type": "value", "path": "name"}], "rules": "open"}},
           {"id": "Parameters.parameter.part:inner", "path": "Parameters.parameter.part",
            "sliceName": "inner", "min": 1, "max": "1"},
           {"id": "Parameters.parameter.part:inner.name", "path": "Parameters.parameter.part.name",
            "fixedString": "inner"}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let profiles = ["http://example.org/sd/params"];
    let params = |part: &str| {
        format!(
            r#"{{"resourceType": "Parameters", "parameter": [{{"name": "outer",
            "part": [{{"name": "{part}", "valueString": "x"}}]}}]}}"#
        )
    };
    let Some(found) = ids_with(&resources, &params("inner"), &profiles) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    assert_eq!(
        ids_with(&resources, &params("other"), &profiles).unwrap(),
        ["slicing.too_few"]
    );
}

#[test]
fn a_resource_in_parameters_meets_the_profile_of_its_type_and_is_its_own_root() {
    let named = profile(
        "http://example.org/sd/named-patient",
        "Patient",
        r#"{"id": "Patient.name", "path": "Patient.name", "min": 1}"#,
    );
    let params = profile(
        "http://example.org/sd/params",
        "Parameters",
        r#"{"id": "Parameters.parameter.resource", "path": "Parameters.parameter.resource",
            "type": [{"code": "Resource", "profile": ["http://example.org/sd/named-patient"]}]}"#,
    );
    let resources = [("p.json", named.as_str()), ("q.json", params.as_str())];
    let profiles = ["http://example.org/sd/params"];
    let with = |patient: &str| {
        format!(
            r#"{{"resourceType": "Parameters", "parameter": [{{"name": "p", "resource": {patient}}}]}}"#
        )
    };
    let Some(found) = ids_with(
        &resources,
        &with(r#"{"resourceType": "Patient", "id": "1"}"#),
        &profiles,
    ) else {
        return;
    };
    assert_eq!(found, ["cardinality.too_few"]);
    // A named patient whose local reference points into its own contained resources.
    let patient = r##"{"resourceType": "Patient", "name": [{"family": "A"}],
        "contained": [{"resourceType": "Organization", "id": "o", "name": "O"}],
        "managingOrganization": {"reference": "#o"}}"##;
    assert_eq!(
        ids_with(&resources, &with(patient), &profiles).unwrap(),
        Vec::<&str>::new()
    );
}

#[test]
fn bundled_aggregation_needs_the_target_in_the_bundle() {
    let sd = profile(
        "http://example.org/sd/org",
        "Organization",
        r#"{"id": "Organization.endpoint", "path": "Organization.endpoint",
            "type": [{"code": "Reference", "aggregation": ["bundled"]}]}"#,
    );
    let resources = [("sd.json", sd.as_str())];
    let bundle = |reference: &str| {
        format!(
            r#"{{"resourceType": "Bundle", "type": "collection", "entry": [
            {{"fullUrl": "http://x.org/fhir/Organization/o", "resource": {{"resourceType": "Organization",
              "id": "o", "name": "O", "meta": {{"profile": ["http://example.org/sd/org"]}},
              "endpoint": [{{"reference": "{reference}"}}]}}}},
            {{"fullUrl": "http://x.org/fhir/Endpoint/e", "resource": {{"resourceType": "Endpoint", "id": "e",
              "status": "active", "connectionType": {{"code": "hl7-fhir-rest",
              "system": "http://terminology.hl7.org/CodeSystem/endpoint-connection-type"}},
              "payloadType": [{{"text": "any"}}], "address": "http://x.org/fhir"}}}}]}}"#
        )
    };
    let Some(found) = ids_with(&resources, &bundle("Endpoint/e"), &[]) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    assert_eq!(
        ids_with(&resources, &bundle("Endpoint/missing"), &[]).unwrap(),
        ["reference.aggregation"]
    );
}

#[test]
fn extension_urls_need_no_version_and_must_be_present() {
    let patient =
        |extension: &str| format!(r#"{{"resourceType": "Patient", "extension": [{extension}]}}"#);
    let congregation = "http://hl7.org/fhir/StructureDefinition/patient-congregation";
    let Some(found) = core_ids(&patient(&format!(
        r#"{{"url": "{congregation}", "valueString": "x"}}"#
    ))) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    let found = core_ids(&patient(&format!(
        r#"{{"url": "{congregation}|4.0.1", "valueString": "x"}}"#
    )))
    .unwrap();
    assert!(found.contains(&"extension.versioned_url"), "{found:?}");
    assert!(found.contains(&"fixed.mismatch"), "{found:?}");
    let found = core_ids(&patient(r#"{"valueString": "x"}"#)).unwrap();
    assert_eq!(found, ["extension.no_url", "cardinality.too_few"]);
}

#[test]
fn an_extension_is_allowed_only_in_its_contexts() {
    let mothers_family = "http://hl7.org/fhir/StructureDefinition/humanname-mothers-family";
    let on_family = format!(
        r#"{{"resourceType": "Patient", "name": [{{"family": "García",
        "_family": {{"extension": [{{"url": "{mothers_family}", "valueString": "García"}}]}}}}]}}"#
    );
    let Some(found) = core_ids(&on_family) else {
        return;
    };
    assert_eq!(found, Vec::<&str>::new());
    let on_name = format!(
        r#"{{"resourceType": "Patient", "name": [{{"family": "García",
        "extension": [{{"url": "{mothers_family}", "valueString": "García"}}]}}]}}"#
    );
    assert_eq!(core_ids(&on_name).unwrap(), ["extension.context"]);
}
