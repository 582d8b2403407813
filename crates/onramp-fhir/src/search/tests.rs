//! Search over R4 core: indexing an Observation and a Patient, parsing every value form, modifier,
//! chain and result parameter, and the problems reported for bad input. R4 core is loaded once.
//!
//! Figures (2-core sandbox, the crate built at opt-level 2 as the workspace's test profile does,
//! not `--release`): `SearchParameters::load` for R4 core, from an already read package, takes
//! 45–100 ms (parsing the 1,400 SearchParameter files and compiling every kept alternative);
//! indexing one Synthea Patient takes about 20 µs and one Observation about 15 µs (printed by
//! `synthea_bundle_indexes_quickly`).

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Instant;

use crate::fhirpath::Engine;
use crate::json::JsonValue;
use crate::model::Model;
use crate::package::{Package, PackageSet};

use super::*;

fn shared_dir() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared"))
}

/// The search parameters of R4 core, loaded once for every test of the module.
pub(crate) fn r4() -> &'static SearchParameters {
    static PARAMETERS: OnceLock<SearchParameters> = OnceLock::new();
    PARAMETERS.get_or_init(|| {
        let package_path = shared_dir().join("fhir/packages/hl7.fhir.r4.core-4.0.1.tgz");
        let cache = std::env::temp_dir().join("onramp-search-tests");
        let (model, _) = Model::from_package_path(&package_path, &cache).unwrap();
        let engine = Arc::new(Engine::new(Arc::new(model)));
        let mut packages = PackageSet::new();
        packages.add(Package::from_tgz(&package_path).unwrap());
        let started = Instant::now();
        let parameters = SearchParameters::load(&packages, engine);
        eprintln!("SearchParameters::load: {:?}", started.elapsed());
        parameters
    })
}

fn parse(json: &str) -> JsonValue {
    crate::json::parse(json.as_bytes()).value.unwrap()
}

fn values_of<'e>(entries: &'e [IndexEntry], param: &str) -> Vec<&'e IndexValue> {
    entries
        .iter()
        .filter(|entry| entry.param == param)
        .map(|entry| &entry.value)
        .collect()
}

fn token(system: Option<&str>, code: &str, text: Option<&str>) -> IndexValue {
    IndexValue::Token {
        system: system.map(str::to_string),
        code: Some(code.to_string()),
        text: text.map(str::to_string),
        of_type: None,
    }
}

fn date(low: &str, high: &str) -> IndexValue {
    let (low, high) = (parse_date(low).unwrap(), parse_date(high).unwrap());
    IndexValue::Date {
        low_ms: low.low_ms,
        high_ms: high.low_ms,
    }
}

fn string(value: &str, exact: &str) -> IndexValue {
    IndexValue::String {
        value: value.to_string(),
        exact: exact.to_string(),
    }
}

fn reference(target_type: Option<&str>, id: Option<&str>, url: &str) -> IndexValue {
    IndexValue::Reference {
        target_type: target_type.map(str::to_string),
        id: id.map(str::to_string),
        url: url.to_string(),
        identifier: None,
    }
}

const OBSERVATION: &str = r#"{
  "resourceType": "Observation",
  "id": "weight-1",
  "meta": {
    "lastUpdated": "2023-05-06T07:08:09.123Z",
    "profile": ["http://hl7.org/fhir/StructureDefinition/vitalsigns"]
  },
  "status": "final",
  "code": {
    "coding": [
      {"system": "http://loinc.org", "code": "29463-7", "display": "Body Weight"},
      {"system": "http://snomed.info/sct", "code": "27113001"}
    ],
    "text": "Weight"
  },
  "subject": {"reference": "Patient/p1"},
  "effectiveDateTime": "2020-03-04T10:00:00+01:00",
  "valueQuantity": {"value": 71.50, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}
}"#;

#[test]
fn search_parameters_can_be_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<SearchParameters>();
    shared::<Query>();
}

#[test]
fn observation_indexes_code_subject_date_and_quantity() {
    let entries = r4().index(&parse(OBSERVATION));
    assert_eq!(
        values_of(&entries, "code"),
        vec![
            &token(Some("http://loinc.org"), "29463-7", Some("Weight")),
            &token(Some("http://snomed.info/sct"), "27113001", Some("Weight")),
        ]
    );
    let subject = reference(Some("Patient"), Some("p1"), "Patient/p1");
    assert_eq!(values_of(&entries, "subject"), vec![&subject]);
    assert_eq!(values_of(&entries, "patient"), vec![&subject]);
    assert_eq!(
        values_of(&entries, "date"),
        vec![&date("2020-03-04T09:00:00Z", "2020-03-04T09:00:01Z")]
    );
    assert_eq!(
        values_of(&entries, "value-quantity"),
        vec![&IndexValue::Quantity {
            value: "71.50".to_string(),
            number: 71.5,
            system: Some("http://unitsofmeasure.org".to_string()),
            code: Some("kg".to_string()),
            unit: Some("kg".to_string()),
        }]
    );
    assert_eq!(
        values_of(&entries, "status"),
        vec![&token(None, "final", None)]
    );
    // Inherited from Resource.
    assert_eq!(
        values_of(&entries, "_id"),
        vec![&token(None, "weight-1", None)]
    );
    assert_eq!(
        values_of(&entries, "_lastUpdated"),
        vec![&date(
            "2023-05-06T07:08:09.123Z",
            "2023-05-06T07:08:09.124Z"
        )]
    );
    assert_eq!(
        values_of(&entries, "_profile"),
        vec![&IndexValue::Uri {
            value: "http://hl7.org/fhir/StructureDefinition/vitalsigns".to_string()
        }]
    );
    assert!(values_of(&entries, "encounter").is_empty());
}

#[test]
fn observation_period_and_absolute_group_subject() {
    let observation = parse(
        r#"{
          "resourceType": "Observation",
          "status": "final",
          "code": {"text": "Mood"},
          "subject": {"reference": "http://example.org/fhir/Group/g1/_history/2"},
          "effectivePeriod": {"start": "2020-01", "end": "2020-02-15"},
          "valueCodeableConcept": {"coding": [{"system": "http://snomed.info/sct", "code": "1"}]}
        }"#,
    );
    let entries = r4().index(&observation);
    assert_eq!(
        values_of(&entries, "date"),
        vec![&date("2020-01-01T00:00:00Z", "2020-02-16T00:00:00Z")]
    );
    assert_eq!(
        values_of(&entries, "subject"),
        vec![&reference(
            Some("Group"),
            Some("g1"),
            "http://example.org/fhir/Group/g1/_history/2"
        )]
    );
    // `patient` is `subject.where(resolve() is Patient)`: a Group is not kept.
    assert!(values_of(&entries, "patient").is_empty());
    assert_eq!(
        values_of(&entries, "code"),
        vec![&IndexValue::Token {
            system: None,
            code: None,
            text: Some("Mood".to_string()),
            of_type: None
        }]
    );
    assert_eq!(
        values_of(&entries, "value-concept"),
        vec![&token(Some("http://snomed.info/sct"), "1", None)]
    );
    assert!(values_of(&entries, "value-quantity").is_empty());
    // A period open at the end runs to i64::MAX.
    let open = parse(
        r#"{"resourceType": "Encounter", "status": "in-progress", "class": {"code": "AMB"},
            "period": {"start": "2021-06-01T08:00:00Z"}}"#,
    );
    let entries = r4().index(&open);
    let start = parse_date("2021-06-01T08:00:00Z").unwrap().low_ms;
    assert_eq!(
        values_of(&entries, "date"),
        vec![&IndexValue::Date {
            low_ms: start,
            high_ms: i64::MAX
        }]
    );
}

const PATIENT: &str = r#"{
  "resourceType": "Patient",
  "id": "p1",
  "meta": {
    "lastUpdated": "2021-01-01T00:00:00Z",
    "tag": [{"system": "http://example.org/tags", "code": "test"}]
  },
  "identifier": [{
    "system": "http://hospital.example.org/mrn",
    "value": "12345",
    "type": {
      "coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}],
      "text": "Medical record number"
    }
  }],
  "active": true,
  "name": [{"use": "official", "family": "Müller", "given": ["Zoë", "Anne"], "prefix": ["Dr."]}],
  "telecom": [
    {"system": "phone", "value": "555-1234"},
    {"system": "email", "value": "zoe@example.org"}
  ],
  "gender": "female",
  "birthDate": "1970",
  "address": [{"line": ["1 Main  St"], "city": "Springfield", "postalCode": "12345", "country": "US"}],
  "generalPractitioner": [{"reference": "urn:uuid:5f1c", "type": "Practitioner"}]
}"#;

#[test]
fn patient_indexes_name_parts_birthdate_identifier_and_gender() {
    let entries = r4().index(&parse(PATIENT));
    assert_eq!(
        values_of(&entries, "name"),
        vec![
            &string("muller", "Müller"),
            &string("zoe", "Zoë"),
            &string("anne", "Anne"),
            &string("dr.", "Dr."),
        ]
    );
    assert_eq!(
        values_of(&entries, "family"),
        vec![&string("muller", "Müller")]
    );
    assert_eq!(
        values_of(&entries, "birthdate"),
        vec![&IndexValue::Date {
            low_ms: 0,
            high_ms: 365 * 86_400_000
        }]
    );
    assert_eq!(
        values_of(&entries, "identifier"),
        vec![&IndexValue::Token {
            system: Some("http://hospital.example.org/mrn".to_string()),
            code: Some("12345".to_string()),
            text: Some("Medical record number".to_string()),
            of_type: Some(Coded {
                system: Some("http://terminology.hl7.org/CodeSystem/v2-0203".to_string()),
                code: Some("MR".to_string()),
            }),
        }]
    );
    assert_eq!(
        values_of(&entries, "gender"),
        vec![&token(None, "female", None)]
    );
    assert_eq!(
        values_of(&entries, "active"),
        vec![&token(None, "true", None)]
    );
    assert_eq!(
        values_of(&entries, "deceased"),
        vec![&token(None, "false", None)]
    );
    assert_eq!(
        values_of(&entries, "phone"),
        vec![&token(None, "555-1234", None)]
    );
    assert_eq!(
        values_of(&entries, "email"),
        vec![&token(None, "zoe@example.org", None)]
    );
    assert_eq!(
        values_of(&entries, "address"),
        vec![
            &string("1 main st", "1 Main  St"),
            &string("springfield", "Springfield"),
            &string("12345", "12345"),
            &string("us", "US"),
        ]
    );
    assert_eq!(
        values_of(&entries, "general-practitioner"),
        vec![&reference(Some("Practitioner"), None, "urn:uuid:5f1c")]
    );
    assert_eq!(values_of(&entries, "_id"), vec![&token(None, "p1", None)]);
    assert_eq!(
        values_of(&entries, "_lastUpdated"),
        vec![&date("2021-01-01T00:00:00Z", "2021-01-01T00:00:01Z")]
    );
    assert_eq!(
        values_of(&entries, "_tag"),
        vec![&token(Some("http://example.org/tags"), "test", None)]
    );
}

#[test]
fn money_and_reference_identifiers_are_indexed() {
    let claim = parse(
        r#"{"resourceType": "ChargeItem", "status": "billable", "code": {"text": "x"},
            "subject": {"identifier": {"system": "http://ssn", "value": "123"}},
            "priceOverride": {"value": 12.30, "currency": "EUR"}}"#,
    );
    let entries = r4().index(&claim);
    assert_eq!(
        values_of(&entries, "price-override"),
        vec![&IndexValue::Quantity {
            value: "12.30".to_string(),
            number: 12.3,
            system: Some("urn:iso:std:iso:4217".to_string()),
            code: Some("EUR".to_string()),
            unit: None,
        }]
    );
    assert_eq!(
        values_of(&entries, "subject"),
        vec![&IndexValue::Reference {
            target_type: None,
            id: None,
            url: String::new(),
            identifier: Some(Coded {
                system: Some("http://ssn".to_string()),
                code: Some("123".to_string())
            }),
        }]
    );
}

#[test]
fn synthea_bundle_indexes_quickly() {
    let path = shared_dir().join(
        "fhir/corpus/synthea-bundles/Brett_Gottlieb_0d2177ba-f67b-4f29-addb-91040de55388.json",
    );
    // A transaction gives the server `urn:uuid:` references, which it rewrites to `Type/id`
    // before storing; do the same so that `patient` (`subject.where(resolve() is Patient)`) sees
    // the type.
    let mut text = std::fs::read_to_string(path).unwrap();
    let raw: serde_json::Value = serde_json::from_str(&text).unwrap();
    for entry in raw["entry"].as_array().unwrap() {
        let full_url = entry["fullUrl"].as_str().unwrap();
        let resource_type = entry["resource"]["resourceType"].as_str().unwrap();
        let id = full_url.strip_prefix("urn:uuid:").unwrap();
        text = text.replace(full_url, &format!("{resource_type}/{id}"));
    }
    let bundle = crate::json::parse(text.as_bytes()).value.unwrap();
    let resources: Vec<&JsonValue> = bundle
        .get("entry")
        .unwrap()
        .items()
        .iter()
        .filter_map(|entry| entry.get("resource"))
        .collect();
    let parameters = r4();
    let started = Instant::now();
    let mut n_entries = 0;
    let mut n_observations = 0;
    for resource in &resources {
        let entries = parameters.index(resource);
        n_entries += entries.len();
        let resource_type = resource.get("resourceType").and_then(JsonValue::as_str);
        if resource_type == Some("Observation") {
            n_observations += 1;
            assert_eq!(values_of(&entries, "patient").len(), 1, "{entries:?}");
            assert!(!values_of(&entries, "code").is_empty());
            assert!(!values_of(&entries, "date").is_empty());
        }
        if resource_type == Some("Patient") {
            assert_eq!(values_of(&entries, "birthdate").len(), 1);
            assert!(values_of(&entries, "name").len() >= 2);
        }
    }
    let elapsed = started.elapsed();
    eprintln!(
        "indexed {} resources into {n_entries} entries in {elapsed:?}, {:?} each",
        resources.len(),
        elapsed / u32::try_from(resources.len()).unwrap()
    );
    for wanted in ["Patient", "Observation"] {
        let of_type: Vec<&&JsonValue> = resources
            .iter()
            .filter(|r| r.get("resourceType").and_then(JsonValue::as_str) == Some(wanted))
            .collect();
        let rounds = 20;
        let started = Instant::now();
        for _ in 0..rounds {
            for resource in &of_type {
                std::hint::black_box(parameters.index(resource));
            }
        }
        let each = started.elapsed() / u32::try_from(rounds * of_type.len()).unwrap();
        eprintln!("index one {wanted}: {each:?}");
    }
    assert!(n_observations > 10);
}

// Query parsing.

fn pairs(query: &[(&str, &str)]) -> Vec<(String, String)> {
    query
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

fn query(resource_type: &str, query: &[(&str, &str)]) -> Query {
    r4().parse_query(resource_type, &pairs(query))
        .unwrap_or_else(|problems| panic!("{problems:?}"))
}

fn problems(resource_type: &str, query: &[(&str, &str)]) -> Vec<String> {
    match r4().parse_query(resource_type, &pairs(query)) {
        Ok(query) => panic!("expected problems, got {query:?}"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn only_values(query: &Query) -> &[QueryValue] {
    assert_eq!(query.clauses.len(), 1, "{query:?}");
    &query.clauses[0].values
}

#[test]
fn string_values_and_modifiers() {
    let parsed = query("Patient", &[("name", "Zoë")]);
    assert_eq!(
        only_values(&parsed),
        &[QueryValue::String {
            value: "zoe".to_string(),
            exact: "Zoë".to_string()
        }]
    );
    assert_eq!(parsed.clauses[0].kind, ParamKind::String);
    assert_eq!(parsed.clauses[0].modifier, None);
    let exact = query("Patient", &[("family:exact", r"Mül\,ler")]);
    assert_eq!(exact.clauses[0].modifier, Some(Modifier::Exact));
    assert_eq!(
        only_values(&exact),
        &[QueryValue::String {
            value: "mul,ler".to_string(),
            exact: "Mül,ler".to_string()
        }]
    );
    let contains = query("Patient", &[("name:contains", "oe,ann")]);
    assert_eq!(contains.clauses[0].modifier, Some(Modifier::Contains));
    assert_eq!(contains.clauses[0].values.len(), 2);
}

#[test]
fn token_value_forms() {
    let cases = [
        (
            "http://loinc.org|29463-7",
            TokenSystem::Is("http://loinc.org".to_string()),
            Some("29463-7"),
        ),
        ("|29463-7", TokenSystem::None, Some("29463-7")),
        ("29463-7", TokenSystem::Any, Some("29463-7")),
        (
            "http://loinc.org|",
            TokenSystem::Is("http://loinc.org".to_string()),
            None,
        ),
        (r"a\|b", TokenSystem::Any, Some("a|b")),
        (r"s|a\,b", TokenSystem::Is("s".to_string()), Some("a,b")),
    ];
    for (text, system, code) in cases {
        let parsed = query("Observation", &[("code", text)]);
        assert_eq!(
            only_values(&parsed),
            &[QueryValue::Token {
                system,
                code: code.map(str::to_string)
            }],
            "{text}"
        );
    }
    let not = query("Patient", &[("gender:not", "male")]);
    assert_eq!(not.clauses[0].modifier, Some(Modifier::Not));
    let text = query("Observation", &[("code:text", "Body  WEIGHT")]);
    assert_eq!(
        only_values(&text),
        &[QueryValue::String {
            value: "body weight".to_string(),
            exact: "Body  WEIGHT".to_string()
        }]
    );
    let of_type = query(
        "Patient",
        &[(
            "identifier:of-type",
            "http://terminology.hl7.org/CodeSystem/v2-0203|MR|12345",
        )],
    );
    assert_eq!(
        only_values(&of_type),
        &[QueryValue::OfType {
            type_system: "http://terminology.hl7.org/CodeSystem/v2-0203".to_string(),
            type_code: "MR".to_string(),
            value: "12345".to_string()
        }]
    );
}

#[test]
fn dates_numbers_and_quantities_take_prefixes() {
    let parsed = query("Patient", &[("birthdate", "ge1970-06,1980")]);
    assert_eq!(
        only_values(&parsed),
        &[
            QueryValue::Date {
                prefix: Prefix::Ge,
                range: parse_date("1970-06").unwrap()
            },
            QueryValue::Date {
                prefix: Prefix::Eq,
                range: parse_date("1980").unwrap()
            },
        ]
    );
    for prefix in Prefix::ALL {
        let text = format!("{}2020-01-02T03:04:05Z", prefix.code());
        let parsed = query("Observation", &[("date", &text)]);
        assert_eq!(
            only_values(&parsed),
            &[QueryValue::Date {
                prefix,
                range: parse_date("2020-01-02T03:04:05Z").unwrap()
            }]
        );
    }
    // Repeated parameters are separate clauses (AND).
    let range = query("Observation", &[("date", "ge2020"), ("date", "lt2021")]);
    assert_eq!(range.clauses.len(), 2);

    let number = query("RiskAssessment", &[("probability", "gt0.8")]);
    let QueryValue::Number { prefix, number } = &only_values(&number)[0] else {
        panic!("{number:?}")
    };
    assert_eq!(
        (*prefix, number.value, number.low, number.high),
        (Prefix::Gt, 0.8, 0.75, 0.85)
    );

    let cases = [
        (
            "5.4|http://unitsofmeasure.org|mg",
            Prefix::Eq,
            Some("http://unitsofmeasure.org"),
            Some("mg"),
        ),
        ("lt5.4||mg", Prefix::Lt, None, Some("mg")),
        ("ap5.4", Prefix::Ap, None, None),
    ];
    for (text, expected_prefix, expected_system, expected_code) in cases {
        let parsed = query("Observation", &[("value-quantity", text)]);
        let QueryValue::Quantity {
            prefix,
            number,
            system,
            code,
        } = &only_values(&parsed)[0]
        else {
            panic!("{parsed:?}")
        };
        assert_eq!(
            (
                *prefix,
                number.text.as_str(),
                system.as_deref(),
                code.as_deref()
            ),
            (expected_prefix, "5.4", expected_system, expected_code),
            "{text}"
        );
    }
}

#[test]
fn reference_value_forms() {
    let reference =
        |target_type: Option<&str>, id: Option<&str>, url: Option<&str>| QueryValue::Reference {
            target_type: target_type.map(str::to_string),
            id: id.map(str::to_string),
            url: url.map(str::to_string),
            version: None,
        };
    let cases = [
        (
            ("subject", "Patient/123"),
            reference(Some("Patient"), Some("123"), None),
        ),
        (
            ("subject:Patient", "123"),
            reference(Some("Patient"), Some("123"), None),
        ),
        (("subject", "123"), reference(None, Some("123"), None)),
        // `patient` has one target, so a bare id is a Patient.
        (
            ("patient", "123"),
            reference(Some("Patient"), Some("123"), None),
        ),
        (
            ("subject", "http://example.org/fhir/Patient/123"),
            reference(
                Some("Patient"),
                Some("123"),
                Some("http://example.org/fhir/Patient/123"),
            ),
        ),
        (
            ("subject", "urn:uuid:5f1c"),
            reference(None, None, Some("urn:uuid:5f1c")),
        ),
        (
            ("subject", "Patient/123/_history/4"),
            reference(Some("Patient"), Some("123"), None),
        ),
    ];
    for ((name, value), expected) in cases {
        let parsed = query("Observation", &[(name, value)]);
        assert_eq!(only_values(&parsed), &[expected], "{name}={value}");
    }
    let typed = query("Observation", &[("subject:Patient", "123")]);
    assert_eq!(
        typed.clauses[0].modifier,
        Some(Modifier::Type("Patient".to_string()))
    );
    let identifier = query("Observation", &[("subject:identifier", "http://ssn|123")]);
    assert_eq!(identifier.clauses[0].modifier, Some(Modifier::Identifier));
    assert_eq!(
        only_values(&identifier),
        &[QueryValue::Token {
            system: TokenSystem::Is("http://ssn".to_string()),
            code: Some("123".to_string())
        }]
    );
    let canonical = query(
        "StructureDefinition",
        &[(
            "valueset",
            "http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1",
        )],
    );
    assert_eq!(
        only_values(&canonical),
        &[QueryValue::Reference {
            target_type: Some("ValueSet".to_string()),
            id: Some("administrative-gender".to_string()),
            url: Some("http://hl7.org/fhir/ValueSet/administrative-gender".to_string()),
            version: Some("4.0.1".to_string()),
        }]
    );
}

#[test]
fn uri_and_missing_modifiers() {
    let below = query(
        "Patient",
        &[("_profile:below", "http://hl7.org/fhir/us/core/")],
    );
    assert_eq!(below.clauses[0].modifier, Some(Modifier::Below));
    assert_eq!(
        only_values(&below),
        &[QueryValue::Uri {
            value: "http://hl7.org/fhir/us/core/".to_string()
        }]
    );
    let above = query(
        "ValueSet",
        &[("url:above", "http://example.org/fhir/ValueSet/a/b")],
    );
    assert_eq!(above.clauses[0].modifier, Some(Modifier::Above));
    let missing = query(
        "Patient",
        &[("birthdate:missing", "true"), ("gender:missing", "false")],
    );
    assert_eq!(missing.clauses[0].values, vec![QueryValue::Missing(true)]);
    assert_eq!(missing.clauses[1].values, vec![QueryValue::Missing(false)]);
    assert_eq!(missing.clauses[1].kind, ParamKind::Token);
}

#[test]
fn chains_of_one_level() {
    let typed = query(
        "Observation",
        &[("subject:Patient.identifier", "http://mrn|12345")],
    );
    let clause = &typed.clauses[0];
    assert_eq!(
        (clause.param.as_str(), clause.kind, &clause.modifier),
        ("subject", ParamKind::Reference, &None)
    );
    assert_eq!(
        clause.chain,
        Some(Chain {
            target_type: Some("Patient".to_string()),
            param: "identifier".to_string(),
            kind: ParamKind::Token,
            modifier: None,
            target_types: vec!["Patient".to_string()],
        })
    );
    assert_eq!(
        clause.values,
        vec![QueryValue::Token {
            system: TokenSystem::Is("http://mrn".to_string()),
            code: Some("12345".to_string())
        }]
    );
    let untyped = query("Observation", &[("subject.name:exact", "Peter")]);
    let chain = untyped.clauses[0].chain.as_ref().unwrap();
    assert_eq!(
        (chain.target_type.as_ref(), chain.param.as_str(), chain.kind),
        (None, "name", ParamKind::String)
    );
    assert_eq!(chain.modifier, Some(Modifier::Exact));
    assert!(chain.target_types.contains(&"Patient".to_string()));
    assert!(chain.target_types.contains(&"Location".to_string()));
    assert!(!chain.target_types.contains(&"Device".to_string()));
    let by_date = query("Observation", &[("encounter.date", "lt2020")]);
    assert_eq!(
        by_date.clauses[0].values,
        vec![QueryValue::Date {
            prefix: Prefix::Lt,
            range: parse_date("2020").unwrap()
        }]
    );
}

#[test]
fn result_parameters() {
    let parsed = query(
        "Observation",
        &[
            ("_count", "10"),
            ("_sort", "-date,_id,code"),
            ("_include", "Observation:subject"),
            ("_include", "Observation:subject:Patient"),
            ("_include:iterate", "Patient:general-practitioner"),
            ("_include", "*"),
            ("_revinclude", "Provenance:target"),
            ("_summary", "count"),
            ("_elements", "id,status"),
            ("_total", "accurate"),
            ("_format", "json"),
            ("_pretty", "true"),
            ("_page_token", "abc"),
            ("_offset", "20"),
        ],
    );
    assert!(parsed.clauses.is_empty());
    let control = &parsed.control;
    assert_eq!(control.count, Some(10));
    assert_eq!(
        control.sort,
        vec![
            SortKey {
                param: "date".to_string(),
                kind: ParamKind::Date,
                descending: true
            },
            SortKey {
                param: "_id".to_string(),
                kind: ParamKind::Token,
                descending: false
            },
            SortKey {
                param: "code".to_string(),
                kind: ParamKind::Token,
                descending: false
            },
        ]
    );
    let include =
        |source: Option<&str>, param: Option<&str>, target: Option<&str>, iterate| Include {
            source_type: source.map(str::to_string),
            param: param.map(str::to_string),
            target_type: target.map(str::to_string),
            iterate,
        };
    assert_eq!(
        control.include,
        vec![
            include(Some("Observation"), Some("subject"), None, false),
            include(Some("Observation"), Some("subject"), Some("Patient"), false),
            include(Some("Patient"), Some("general-practitioner"), None, true),
            include(None, None, None, false),
        ]
    );
    assert_eq!(
        control.revinclude,
        vec![include(Some("Provenance"), Some("target"), None, false)]
    );
    assert_eq!(control.summary, Some(Summary::Count));
    assert_eq!(
        control.elements,
        vec!["id".to_string(), "status".to_string()]
    );
    assert_eq!(control.total, Some(Total::Accurate));
    assert_eq!(control.format.as_deref(), Some("json"));
    assert_eq!(control.pretty, Some(true));
    assert_eq!(
        control.paging,
        vec![
            ("_page_token".to_string(), "abc".to_string()),
            ("_offset".to_string(), "20".to_string())
        ]
    );
}

#[test]
fn unknown_parameters_are_ignored_not_refused() {
    let parsed = query(
        "Patient",
        &[
            ("foo", "bar"),
            ("_has:Observation:patient:code", "1234"),
            ("name", "x"),
            ("_text", "y"),
            ("gender", ""),
        ],
    );
    assert_eq!(
        parsed.ignored,
        vec![
            "foo".to_string(),
            "_has:Observation:patient:code".to_string(),
            "_text".to_string()
        ]
    );
    assert_eq!(parsed.clauses.len(), 1);
}

#[test]
fn problems_say_what_to_write_instead() {
    // (resource type, name, value, the problem as displayed)
    let cases = [
        ("Observation", "date", "xyz", "date: 'xyz' is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or a dateTime"),
        ("Observation", "date", "2020-02-30", "date: '2020-02-30' is not a date; use YYYY, YYYY-MM, YYYY-MM-DD or a dateTime"),
        ("Observation", "date", "zz2020", "date: 'zz2020' starts with 'zz', which is not a prefix; use eq, ne, gt, lt, ge, le, sa, eb or ap"),
        ("RiskAssessment", "probability", "high", "probability: 'high' is not a number; use a decimal such as 5, -0.5 or 1e3, with an optional prefix (eq, ne, gt, lt, ge, le, sa, eb or ap)"),
        ("Observation", "value-quantity", "1|2|3|4", "value-quantity: '1|2|3|4' is not a quantity; use number, number|system|code or number||code"),
        ("Patient", "name:foo", "x", "name:foo: ':foo' is not a search modifier; string parameters take :exact, :contains or :missing"),
        ("Patient", "gender:exact", "x", "gender:exact: ':exact' does not apply to token parameters; they take :text, :not, :of-type or :missing"),
        ("Patient", "gender:in", "http://vs", "gender:in: ':in' is not supported by this server; token parameters here take :text, :not, :of-type or :missing"),
        ("Observation", "subject:Medication", "1", "subject:Medication: ':Medication' is not a target of subject; use one of Group, Device, Patient, Location"),
        ("Observation", "subject:Foo", "1", "subject:Foo: ':Foo' is neither a search modifier nor a resource type; reference parameters take :[type] (such as :Patient), :identifier or :missing"),
        ("Observation", "subject", "Foo/1", "subject: 'Foo/1' names Foo, which is not a resource type; use id, Type/id or an absolute URL"),
        ("Observation", "subject", "Medication/1", "subject: subject cannot point to Medication; it points to Group, Device, Patient, Location"),
        ("Observation", "subject:Patient", "Group/1", "subject:Patient: 'Group/1' points to Group, not Patient"),
        ("Patient", "birthdate:missing", "maybe", "birthdate:missing: ':missing' takes true or false, not 'maybe'"),
        ("Observation", "code.name", "x", "code.name: 'code' is a token parameter; only reference parameters can be chained"),
        ("Observation", "subject:Patient.foo", "x", "subject:Patient.foo: 'foo' is not a search parameter of Patient"),
        ("Observation", "subject.organization.name", "x", "subject.organization.name: chains of more than one level are not supported; search the intermediate resources first"),
        ("Observation", "_include", "Patient:organization", "_include: 'Patient:organization' starts from Patient but the search is on Observation; use Observation:<param>, or _include:iterate"),
        ("Observation", "_include", "Observation:code", "_include: Observation:code is a token parameter; only reference parameters can be included"),
        ("Observation", "_include", "Observation:subject:Medication", "_include: Observation:subject cannot point to Medication; it points to Group, Device, Patient, Location"),
        ("Observation", "_revinclude", "Provenance:foo", "_revinclude: 'foo' is not a search parameter of Provenance"),
        ("Patient", "_revinclude", "Observation:encounter", "_revinclude: Observation:encounter cannot point to Patient, the type searched"),
        ("Observation", "_sort", "nope", "_sort: 'nope' is not a search parameter of Observation; sort by one of its parameters, _id or _lastUpdated"),
        ("Observation", "_count", "-1", "_count: '-1' is not a count; use a whole number of 0 or more"),
        ("Observation", "_summary", "all", "_summary: 'all' is not a summary; use true, false, text, data or count"),
        ("Observation", "_total", "yes", "_total: 'yes' is not a total mode; use none, estimate or accurate"),
        ("Observation", "_count:exact", "1", "_count:exact: ':exact' is not a modifier of _count"),
        ("Observation", "code", "|", "code: '|' has neither a system nor a code; use code, system|code, |code or system|"),
        ("Foo", "x", "y", "Foo: 'Foo' is not a resource type"),
    ];
    for (resource_type, name, value, expected) in cases {
        assert_eq!(
            problems(resource_type, &[(name, value)]),
            vec![expected.to_string()],
            "{name}={value}"
        );
    }
    assert_eq!(
        problems("Observation", &[("_count", "1"), ("_count", "2")]),
        vec!["_count: is given more than once; give it once".to_string()]
    );
    // Every problem is reported, not only the first.
    let all = problems("Observation", &[("date", "xyz,2020,abc"), ("_count", "x")]);
    assert_eq!(all.len(), 3, "{all:?}");
}

#[test]
fn self_link_lists_what_was_applied() {
    let parsed = query(
        "Observation",
        &[
            ("code", r"http://loinc.org|29463-7,a\,b"),
            ("subject:Patient.name:exact", "Peter"),
            ("subject:Patient", "123"),
            ("foo", "bar"),
            ("_page_token", "abc"),
            ("_include:iterate", "Patient:general-practitioner"),
            ("_sort", "-date"),
            ("_count", "5"),
        ],
    );
    assert_eq!(
        parsed.canonical_self_link_params(),
        pairs(&[
            ("code", r"http://loinc.org|29463-7,a\,b"),
            ("subject:Patient.name:exact", "Peter"),
            ("subject:Patient", "123"),
            ("_count", "5"),
            ("_sort", "-date"),
            ("_include:iterate", "Patient:general-practitioner"),
        ])
    );
}
