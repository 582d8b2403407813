//! Sweeps over real material: the FHIR R4 specification examples (a false-positive check: they
//! should validate against R4 core, a few are known to be invalid) and the US Core 6.1.0 examples
//! (against the profiles they claim).

use std::collections::BTreeMap;
use std::io::Read;

use onramp_fhir::package::Package;
use onramp_fhir::validate::Validator;

use crate::validate_support::{core_validator, definitions, read, shared_path};

/// How many spec example files had errors when this figure was last recorded (78 of 5,298; each
/// explained in docs/conformance.md: the examples themselves break R4 core's rules, or rules of
/// the reference validator's catalogue that it reports on them too). The sweep fails when more
/// do: a new false positive.
const SPEC_EXAMPLES_WITH_ERRORS_MAX: usize = 78;

#[test]
fn spec_examples_validate_against_r4_core_with_few_known_exceptions() {
    let Some(dir) = shared_path("fhir/corpus/spec-examples-r4/hl7.fhir.r4.examples#4.0.1/package")
    else {
        return;
    };
    let Some(validator) = core_validator() else {
        return;
    };
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.') || n == "package.json")
        })
        .collect();
    files.sort();
    let mut with_errors: Vec<(String, Vec<String>)> = Vec::new();
    let mut by_rule: BTreeMap<&'static str, usize> = BTreeMap::new();
    for file in &files {
        let issues = validator.validate_bytes(&read(file), &[]);
        let errors: Vec<String> = issues
            .iter()
            .filter(|i| i.severity.is_error())
            .map(|i| {
                *by_rule.entry(i.message_id).or_default() += 1;
                format!("{} {}: {}", i.expression, i.message_id, i.message)
            })
            .collect();
        if !errors.is_empty() {
            with_errors.push((
                file.file_name().unwrap().to_string_lossy().into_owned(),
                errors,
            ));
        }
    }
    println!(
        "spec examples: {} of {} files with errors",
        with_errors.len(),
        files.len()
    );
    println!("errors by rule: {by_rule:?}");
    for (file, errors) in &with_errors {
        println!("  {file}");
        for error in errors.iter().take(5) {
            println!("      {}", error.chars().take(240).collect::<String>());
        }
    }
    assert!(
        files.len() > 5000,
        "only {} spec examples found",
        files.len()
    );
    assert!(
        with_errors.len() <= SPEC_EXAMPLES_WITH_ERRORS_MAX,
        "{} spec example files have errors (at most {SPEC_EXAMPLES_WITH_ERRORS_MAX} expected)",
        with_errors.len()
    );
}

/// The examples inside the US Core package, as (file name, bytes).
fn us_core_examples(tgz: &std::path::Path) -> Vec<(String, Vec<u8>)> {
    let bytes = read(tgz);
    let mut archive = tar::Archive::new(flate2::read::GzDecoder::new(bytes.as_slice()));
    let mut examples = Vec::new();
    for entry in archive.entries().unwrap() {
        let mut entry = entry.unwrap();
        let path = entry.path().unwrap().to_string_lossy().into_owned();
        if let Some(name) = path.strip_prefix("package/example/") {
            if name.ends_with(".json") {
                let mut content = Vec::new();
                entry.read_to_end(&mut content).unwrap();
                examples.push((name.to_string(), content));
            }
        }
    }
    examples
}

#[test]
fn us_core_examples_validate_against_their_profiles() {
    let Some(tgz) = shared_path("fhir/packages/hl7.fhir.us.core-6.1.0.tgz") else {
        return;
    };
    let Some(defs) = definitions(vec![Package::from_tgz(&tgz).unwrap()]) else {
        return;
    };
    let validator = Validator::new(defs);
    let examples = us_core_examples(&tgz);
    assert!(examples.len() > 100, "only {} examples", examples.len());
    let mut failures = Vec::new();
    for (name, bytes) in &examples {
        let issues = validator.validate_bytes(bytes, &[]);
        let errors: Vec<String> = issues
            .iter()
            .filter(|i| i.severity.is_error())
            .map(|i| format!("{} {}: {}", i.expression, i.message_id, i.message))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{name}\n      {}", errors.join("\n      ")));
        }
    }
    println!(
        "US Core 6.1.0 examples: {} of {} with errors",
        failures.len(),
        examples.len()
    );
    for failure in &failures {
        println!("  {failure}");
    }
    assert!(
        failures.is_empty(),
        "{} US Core examples have errors",
        failures.len()
    );
}
