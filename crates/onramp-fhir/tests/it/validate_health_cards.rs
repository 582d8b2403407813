//! SMART Health Cards: the three ways a card arrives (a card file, a bare JWS, QR text) decode to
//! the same Bundle, which is validated with its locations inside the card; a card's own faults are
//! reported at their paths. The sample cards are the official validator cases' in `../shared`; the
//! faulty ones are built here (the signature is not checked offline, so any bytes do).

use base64::Engine as _;
use onramp_fhir::validate::{is_health_card, Issue, Severity};
use serde_json::json;

use crate::validate_support::{core_validator, read, shared_path};

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::best());
    std::io::Write::write_all(&mut encoder, bytes).unwrap();
    encoder.finish().unwrap()
}

/// A compact JWS of this payload, compressed as cards are, with a signature nobody checks.
fn jws(payload: &serde_json::Value) -> String {
    let header = json!({"alg": "ES256", "zip": "DEF", "kid": "test-key"});
    format!(
        "{}.{}.{}",
        b64(header.to_string().as_bytes()),
        b64(&deflate(payload.to_string().as_bytes())),
        b64(&[7u8; 64])
    )
}

fn payload(bundle: serde_json::Value) -> serde_json::Value {
    json!({
        "iss": "https://cards.example.org/issuer",
        "nbf": 1_700_000_000,
        "vc": {
            "type": ["https://smarthealth.cards#health-card", "https://smarthealth.cards#immunization"],
            "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": bundle}
        }
    })
}

fn bundle() -> serde_json::Value {
    json!({
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "resource:0", "resource": {"resourceType": "Patient", "birthDate": "1969-05-12"}},
            {"fullUrl": "resource:1", "resource": {
                "resourceType": "Immunization", "status": "completed",
                "vaccineCode": {"coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": "207"}]},
                "patient": {"reference": "resource:0"}, "occurrenceDateTime": "2021-01-01"}}
        ]
    })
}

fn card_file(jws: &[String]) -> Vec<u8> {
    json!({ "verifiableCredential": jws })
        .to_string()
        .into_bytes()
}

fn errors(issues: &[Issue]) -> Vec<(&str, &str)> {
    issues
        .iter()
        .filter(|i| i.severity.is_error())
        .map(|i| (i.message_id, i.expression.as_str()))
        .collect()
}

fn qr(jws: &str) -> String {
    let digits: String = jws.bytes().map(|b| format!("{:02}", b - 45)).collect();
    format!("shc:/{digits}")
}

#[test]
fn a_card_file_a_bare_jws_and_qr_text_give_the_same_findings() {
    let Some(validator) = core_validator() else {
        return;
    };
    let mut broken = bundle();
    broken["entry"][0]["resource"]["birthDate"] = json!("1969-13-12");
    let token = jws(&payload(broken));
    let from_file = validator.validate_health_card(&card_file(std::slice::from_ref(&token)), &[]);
    let from_jws = validator.validate_health_card(token.as_bytes(), &[]);
    let from_qr = validator.validate_health_card(qr(&token).as_bytes(), &[]);
    assert!(is_health_card(&card_file(std::slice::from_ref(&token))));
    assert!(is_health_card(token.as_bytes()));
    assert!(is_health_card(qr(&token).as_bytes()));

    let in_file: Vec<_> = errors(&from_file);
    assert_eq!(
        in_file.len(),
        1,
        "one error, the birth date: {from_file:#?}"
    );
    assert_eq!(
        in_file[0].1,
        "verifiableCredential[0].payload.vc.credentialSubject.Bundle.entry[0].resource.birthDate",
    );
    let strip = |issues: &[Issue]| -> Vec<(String, String)> {
        errors(issues)
            .into_iter()
            .map(|(id, at)| {
                let at = at.strip_prefix("verifiableCredential[0].").unwrap_or(at);
                (id.to_string(), at.to_string())
            })
            .collect()
    };
    assert_eq!(strip(&from_file), strip(&from_jws));
    assert_eq!(strip(&from_jws), strip(&from_qr));
    // Offline, the signature is neither valid nor invalid: it is said to be unverified.
    assert!(from_jws
        .iter()
        .any(|i| i.message_id == "health_card.signature_not_verified"
            && i.severity == Severity::Information));
}

#[test]
fn a_cards_own_faults_are_reported_at_their_paths() {
    let Some(validator) = core_validator() else {
        return;
    };
    let mut claims = payload(bundle());
    claims.as_object_mut().unwrap().remove("nbf");
    claims["iss"] = json!("http://cards.example.org/");
    claims["exp"] = json!(1);
    claims["vc"]["credentialSubject"]["fhirVersion"] = json!("5.0.0");
    let issues = validator.validate_health_card(jws(&claims).as_bytes(), &[]);
    let found = errors(&issues);
    assert!(
        found.contains(&("health_card.property_missing", "payload")),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(id, _)| *id == "health_card.issuer")
            .count(),
        2,
        "http and a trailing slash: {found:?}"
    );
    assert!(found.contains(&(
        "health_card.fhir_version",
        "payload.vc.credentialSubject.fhirVersion"
    )));
    assert!(issues
        .iter()
        .any(|i| i.message_id == "health_card.property_unknown"
            && i.expression == "payload.exp"
            && i.severity == Severity::Warning));

    let mut not_a_card = payload(bundle());
    not_a_card["vc"]["type"] = json!(["https://example.org#something", 3]);
    let found_issues = validator.validate_health_card(jws(&not_a_card).as_bytes(), &[]);
    let found = errors(&found_issues);
    assert!(
        found.contains(&("health_card.not_health_card", "payload.vc")),
        "{found:?}"
    );
    assert!(found.contains(&("health_card.property_type", "payload.vc.type[1]")));

    let header = b64(br#"{"alg":"RS256"}"#);
    let plain = format!(
        "{header}.{}.{}",
        b64(payload(bundle()).to_string().as_bytes()),
        b64(b"x")
    );
    let found_issues = validator.validate_health_card(plain.as_bytes(), &[]);
    let header_problems = found_issues
        .iter()
        .filter(|i| i.message_id == "health_card.header")
        .count();
    assert_eq!(header_problems, 3, "alg, zip and kid: {found_issues:#?}");

    let garbage = validator.validate_health_card(b"shc:/5", &[]);
    assert_eq!(errors(&garbage), vec![("health_card.qr_invalid", "")]);
    let bad_file = validator.validate_health_card(br#"{"verifiableCredential": [1]}"#, &[]);
    assert_eq!(
        errors(&bad_file),
        vec![("health_card.property_type", "$.verifiableCredential[0]")]
    );
    let bad_payload = validator.validate_health_card(b"eyJhbGciOiJFUzI1NiJ9.!!!.c2ln", &[]);
    assert_eq!(
        errors(&bad_payload),
        vec![("health_card.jws_invalid", "JWT")]
    );
}

#[test]
fn the_official_sample_cards_decode_and_their_bundles_are_validated() {
    let Some(validator) = core_validator() else {
        return;
    };
    for name in ["shc-file.json", "shc.jwt", "shc-qr.txt", "shc-dd.txt"] {
        let Some(path) = shared_path(&format!("fhir/validator-cases/{name}")) else {
            return;
        };
        if !path.is_file() {
            continue;
        }
        let bytes = read(&path);
        assert!(is_health_card(&bytes), "{name} is a health card");
        let issues = validator.validate_health_card(&bytes, &[]);
        let undecoded: Vec<&Issue> = issues
            .iter()
            .filter(|i| {
                matches!(
                    i.message_id,
                    "health_card.jws_invalid"
                        | "health_card.qr_invalid"
                        | "health_card.not_health_card"
                        | "health_card.fhir_version"
                )
            })
            .collect();
        assert!(undecoded.is_empty(), "{name}: {undecoded:#?}");
        assert!(
            issues
                .iter()
                .any(|i| i.message_id == "health_card.implied_profile_unavailable"),
            "{name}: the Bundle was reached: {issues:#?}"
        );
    }
}
