//! Resolving `uri`, `url` and `canonical` values under each URL resolution and canonical policy:
//! what a partner sees when an HL7 URL is mistyped, an example URL is left in production data, or
//! a canonical names a definition of the wrong kind.

use onramp_fhir::validate::{
    CanonicalPolicy, Issue, Severity, UrlResolution, ValidationOptions, Validator,
};

use crate::validate_support::{check, core_validator, validator_with};

fn with(
    resolution: UrlResolution,
    policy: CanonicalPolicy,
    allow_examples: bool,
) -> Option<Validator> {
    Some(core_validator()?.with_options(ValidationOptions {
        url_resolution: resolution,
        canonical_policy: policy,
        allow_example_urls: allow_examples,
        ..ValidationOptions::DEFAULT
    }))
}

/// The (message id, severity) of the issues the URL rules raised.
fn url_issues(issues: &[Issue]) -> Vec<(&'static str, Severity)> {
    issues
        .iter()
        .filter(|i| {
            i.message_id.starts_with("reference.") && i.message_id.contains("url")
                || i.message_id.starts_with("reference.canonical_")
        })
        .map(|i| (i.message_id, i.severity))
        .collect()
}

fn patient_with_system(system: &str) -> String {
    format!(
        r#"{{"resourceType": "Patient", "identifier": [{{"system": "{system}", "value": "1"}}]}}"#
    )
}

#[test]
fn without_a_resolution_no_url_is_resolved() {
    let Some(validator) = core_validator() else {
        return;
    };
    for system in [
        "http://example.org/mrn",
        "http://hl7.org/fhir/no-such-system",
    ] {
        let issues = check(&validator, &patient_with_system(system), &[]);
        assert_eq!(url_issues(&issues), vec![], "{system}");
    }
}

#[test]
fn example_urls_are_errors_unless_allowed() {
    for resolution in [UrlResolution::ExamplesOnly, UrlResolution::Definitions] {
        let Some(strict) = with(resolution, CanonicalPolicy::Ignore, false) else {
            return;
        };
        let Some(lenient) = with(resolution, CanonicalPolicy::Ignore, true) else {
            return;
        };
        for system in [
            "http://example.org/mrn",
            "https://www.example.com/ids",
            "http://acme.com",
            "urn:oid:2.999.1.2",
        ] {
            let text = patient_with_system(system);
            assert_eq!(
                url_issues(&check(&strict, &text, &[])),
                vec![("reference.example_url", Severity::Error)],
                "{system} under {resolution:?}"
            );
            assert_eq!(
                url_issues(&check(&lenient, &text, &[])),
                vec![],
                "{system} allowed"
            );
        }
        // Not example domains: a host that merely contains the word, another top-level domain.
        for system in [
            "http://counterexample.orgs.test/mrn",
            "http://example.test/mrn",
        ] {
            assert_eq!(
                url_issues(&check(&strict, &patient_with_system(system), &[])),
                vec![],
                "{system}"
            );
        }
    }
}

#[test]
fn hl7_urls_must_be_defined_where_a_loaded_package_covers_them() {
    let Some(validator) = with(UrlResolution::Definitions, CanonicalPolicy::Ignore, false) else {
        return;
    };
    let unresolved = vec![("reference.url_unresolved", Severity::Error)];
    for (system, expected) in [
        // R4 core defines these, or the reference's lists know them.
        ("http://hl7.org/fhir/administrative-gender", vec![]),
        ("http://hl7.org/fhir/sid/us-npi", vec![]),
        ("urn:ietf:rfc:3986", vec![]),
        ("http://loinc.org", vec![]),
        ("https://tools.ietf.org/html/rfc4122", vec![]),
        // In R4 core's namespace but not defined there: a typo.
        (
            "http://hl7.org/fhir/administrative-gendr",
            unresolved.clone(),
        ),
        (
            "http://hl7.org/fhir/ValueSet/no-such-value-set",
            unresolved.clone(),
        ),
        // A guide published below http://hl7.org/fhir that is not loaded: not known either way.
        (
            "http://hl7.org/fhir/us/core/CodeSystem/us-core-tags",
            vec![],
        ),
        // Outside HL7's namespaces, nothing to check offline.
        ("http://hospital.test/mrn", vec![]),
    ] {
        let issues = check(&validator, &patient_with_system(system), &[]);
        assert_eq!(url_issues(&issues), expected, "{system}");
    }
}

#[test]
fn fragment_urls_resolve_to_ids_in_the_resource_or_its_narrative() {
    let Some(validator) = with(UrlResolution::Definitions, CanonicalPolicy::Ignore, false) else {
        return;
    };
    let with_source = |source: &str| {
        format!(
            r##"{{"resourceType": "Patient", "meta": {{"source": "{source}"}}, "text": {{"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\"><p id=\"p1\">Patient</p></div>"}}}}"##
        )
    };
    assert_eq!(
        url_issues(&check(&validator, &with_source("#p1"), &[])),
        vec![]
    );
    assert_eq!(
        url_issues(&check(&validator, &with_source("#p2"), &[])),
        vec![("reference.url_unresolved", Severity::Information)]
    );
}

#[test]
fn unresolved_canonicals_are_hints_unless_the_policy_checks_existence() {
    let profile =
        |url: &str| format!(r#"{{"resourceType": "Patient", "meta": {{"profile": ["{url}"]}}}}"#);
    for (policy, url, expected) in [
        (
            CanonicalPolicy::Ignore,
            "http://registry.test/StructureDefinition/p",
            Severity::Information,
        ),
        (
            CanonicalPolicy::CheckExists,
            "http://registry.test/StructureDefinition/p",
            Severity::Warning,
        ),
        (
            CanonicalPolicy::CheckExists,
            "http://hl7.org/fhir/StructureDefinition/nope",
            Severity::Error,
        ),
        (
            CanonicalPolicy::CheckExistsAndType,
            "http://terminology.hl7.org/ValueSet/nope",
            Severity::Error,
        ),
    ] {
        let Some(validator) = with(UrlResolution::Definitions, policy, false) else {
            return;
        };
        let issues = check(&validator, &profile(url), &[]);
        assert_eq!(
            url_issues(&issues),
            vec![("reference.canonical_unresolved", expected)],
            "{url} under {policy:?}"
        );
    }
    // An example canonical under the ignore policy is an example-URL error, not a hint.
    let Some(validator) = with(UrlResolution::Definitions, CanonicalPolicy::Ignore, false) else {
        return;
    };
    let issues = check(
        &validator,
        &profile("http://example.org/StructureDefinition/p"),
        &[],
    );
    assert_eq!(
        url_issues(&issues),
        vec![("reference.example_url", Severity::Error)]
    );
}

#[test]
fn a_canonical_that_resolves_is_of_a_type_its_element_allows() {
    let value_set = |include: &str| {
        format!(
            r#"{{"resourceType": "ValueSet", "status": "active", "compose": {{"include": [{{"valueSet": ["{include}"]}}]}}}}"#
        )
    };
    let Some(checking) = with(
        UrlResolution::Definitions,
        CanonicalPolicy::CheckTypeIfExists,
        false,
    ) else {
        return;
    };
    let Some(ignoring) = with(UrlResolution::Definitions, CanonicalPolicy::Ignore, false) else {
        return;
    };
    let code_system = value_set("http://hl7.org/fhir/administrative-gender");
    assert_eq!(
        url_issues(&check(&checking, &code_system, &[])),
        vec![("reference.canonical_wrong_type", Severity::Error)]
    );
    assert_eq!(url_issues(&check(&ignoring, &code_system, &[])), vec![]);
    let good = value_set("http://hl7.org/fhir/ValueSet/administrative-gender");
    assert_eq!(url_issues(&check(&checking, &good, &[])), vec![]);
}

#[test]
fn an_unversioned_canonical_with_several_loaded_versions_is_a_warning() {
    let version = |v: &str| {
        format!(
            r#"{{"resourceType": "ValueSet", "url": "http://onramp.test/ValueSet/v", "version": "{v}", "status": "active", "compose": {{"include": [{{"system": "http://hl7.org/fhir/administrative-gender"}}]}}}}"#
        )
    };
    let (one, two) = (version("1.0.0"), version("2.0.0"));
    let Some(validator) = validator_with(&[("a.json", one.as_str()), ("b.json", two.as_str())])
    else {
        return;
    };
    let validator = validator.with_options(ValidationOptions {
        url_resolution: UrlResolution::Definitions,
        canonical_policy: CanonicalPolicy::CheckValid,
        ..ValidationOptions::DEFAULT
    });
    let including = |canonical: &str| {
        format!(
            r#"{{"resourceType": "ValueSet", "status": "active", "compose": {{"include": [{{"valueSet": ["{canonical}"]}}]}}}}"#
        )
    };
    let issues = check(&validator, &including("http://onramp.test/ValueSet/v"), &[]);
    assert_eq!(
        url_issues(&issues),
        vec![("reference.canonical_several_versions", Severity::Warning)]
    );
    let message = &issues
        .iter()
        .find(|i| i.message_id == "reference.canonical_several_versions")
        .map(|i| i.message.clone())
        .unwrap_or_default();
    assert!(
        message.contains("1.0.0, 2.0.0") && message.contains("version 2.0.0 was used"),
        "{message}"
    );
    let pinned = check(
        &validator,
        &including("http://onramp.test/ValueSet/v|1.0.0"),
        &[],
    );
    assert_eq!(url_issues(&pinned), vec![]);
}
