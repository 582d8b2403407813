//! Unit tests of the engine's small pieces: XPath detection, placeholders, `Location` parsing,
//! URL encoding.

use super::fixtures::Target;
use super::operation::encode_url;
use super::script::{is_unsupported_format, is_xpath, mime_type};
use super::variables::{placeholders, stand_in};

#[test]
fn xpaths_are_told_from_fhirpath() {
    for xpath in [
        "fhir:Patient/fhir:name/fhir:family/@value",
        "Patient/id",
        "/Bundle/entry",
        "$.entry[0]",
        "Bundle/entry[1]/resource",
    ] {
        assert!(is_xpath(xpath), "{xpath}");
    }
    for fhirpath in [
        "Patient.id",
        "Bundle.total.toInteger() >= entry.count()",
        "Observation.value / 2",
        "name.where(family = 'a/b')",
    ] {
        assert!(!is_xpath(fhirpath), "{fhirpath}");
    }
}

#[test]
fn placeholders_are_found_and_stood_in_for() {
    assert_eq!(placeholders("/${a}?x=${b}&y=${a"), ["a", "b"]);
    assert_eq!(
        stand_in("name = '${fam}' and ${n} > 1"),
        "name = 'x' and x > 1"
    );
}

#[test]
fn locations_name_type_id_and_version() {
    let target = Target::from_location("http://s/fhir/Patient/123/_history/2").unwrap();
    assert_eq!(
        (target.path(), target.version.as_deref()),
        ("Patient/123".to_string(), Some("2"))
    );
    assert_eq!(
        Target::from_location("Patient/9?x=1").map(|t| t.path()),
        Some("Patient/9".to_string())
    );
    assert_eq!(Target::from_location("http://s/fhir/metadata"), None);
}

#[test]
fn urls_are_encoded_keeping_their_delimiters() {
    assert_eq!(
        encode_url("http://s/Patient?name=a b|c&x=%20é"),
        "http://s/Patient?name=a%20b%7Cc&x=%20%C3%A9"
    );
}

#[test]
fn formats_are_mime_types() {
    assert_eq!(mime_type("json").as_deref(), Some("application/fhir+json"));
    assert_eq!(mime_type("none"), None);
    assert!(is_unsupported_format("xml") && is_unsupported_format("application/fhir+xml"));
    assert!(!is_unsupported_format("application/fhir+json"));
}
