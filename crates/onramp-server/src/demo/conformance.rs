//! The demo's conformance testing: a suite for the track of the demo sandboxes (US Core Patients,
//! LOINC-coded Observations, a search, and a TestScript that reads back what it created), and
//! runs at each stage — Harbor Point Clinic's completed and open, Lakeside Health System's
//! submitted, overridden where its messages are missing, and signed off with a certificate. The
//! suite has two versions, so its page shows what changed.

use onramp_core::conformance::suite::{MessageTest, ScriptTest, SuiteDocument};
use onramp_store::registry::{self, ListFilter};
use onramp_store::tracks::enrollments;

use super::tracks::demo_actor;
use crate::conformance::services::{execute, review, runs, suites};
use crate::state::AppState;
use crate::web::error::AppError;

/// One demo suite per track of the demo sandboxes.
fn suite_key(track: &str) -> String {
    format!("{track}-patient-access")
}

fn suite_document(track: &str) -> SuiteDocument {
    let test = |key: &str, title: &str| MessageTest {
        key: key.to_owned(),
        title: title.to_owned(),
        requirements: Vec::new(),
        resource_type: None,
        profile: None,
        interaction: None,
        search_param: None,
        condition: None,
        min_count: 1,
    };
    SuiteDocument {
        key: suite_key(track),
        title: "Patient access".to_owned(),
        track: track.to_owned(),
        description: Some("Patients and their vital signs, as the implementation guide sends them.".to_owned()),
        packages: Vec::new(),
        certificate_days: Some(365),
        requirements: vec![
            onramp_core::conformance::suite::Requirement {
                key: "patients".to_owned(),
                text: "Patients are sent with an identifier, a name and a gender".to_owned(),
                link: Some("https://hl7.org/fhir/R4/patient.html".to_owned()),
            },
            onramp_core::conformance::suite::Requirement {
                key: "vitals".to_owned(),
                text: "Vital signs are coded in LOINC".to_owned(),
                link: Some("https://hl7.org/fhir/R4/observation-vitalsigns.html".to_owned()),
            },
            onramp_core::conformance::suite::Requirement {
                key: "search".to_owned(),
                text: "Patients are found by family name".to_owned(),
                link: None,
            },
        ],
        message_tests: vec![
            MessageTest {
                requirements: vec!["patients".to_owned()],
                resource_type: Some("Patient".to_owned()),
                condition: Some("Patient.identifier.exists() and Patient.name.exists() and Patient.gender.exists()".to_owned()),
                ..test("patients", "Patients received with identifier, name and gender")
            },
            MessageTest {
                requirements: vec!["vitals".to_owned()],
                resource_type: Some("Observation".to_owned()),
                condition: Some("Observation.code.coding.where(system = 'http://loinc.org').exists()".to_owned()),
                ..test("loinc-observations", "Observations coded in LOINC received")
            },
            MessageTest {
                requirements: vec!["search".to_owned()],
                resource_type: Some("Patient".to_owned()),
                interaction: Some("search-type".to_owned()),
                search_param: Some("family".to_owned()),
                ..test("family-search", "Patients searched by family name")
            },
        ],
        scripts: vec![ScriptTest {
            key: "read-back".to_owned(),
            title: Some("A created Patient reads back".to_owned()),
            requirements: vec!["patients".to_owned()],
            testscript: Some(serde_json::json!({
                "resourceType": "TestScript", "id": "read-back", "url": "https://onramp.example/TestScript/read-back",
                "name": "ReadBack", "status": "active",
                "contained": [{"resourceType": "Patient", "id": "p1", "identifier": [{"system": "http://hospital.example/mrn", "value": "demo-1"}], "name": [{"family": "Chalmers", "given": ["Peter"]}], "gender": "male"}],
                "fixture": [{"id": "patient", "autocreate": false, "autodelete": false, "resource": {"reference": "#p1"}}],
                "test": [{"name": "create and read", "action": [
                    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "create"}, "resource": "Patient", "sourceId": "patient", "responseId": "created", "encodeRequestUrl": true}},
                    {"assert": {"response": "created", "warningOnly": false}},
                    {"operation": {"type": {"system": "http://terminology.hl7.org/CodeSystem/testscript-operation-codes", "code": "read"}, "resource": "Patient", "targetId": "created", "encodeRequestUrl": true}},
                    {"assert": {"responseCode": "200", "warningOnly": false}},
                    {"assert": {"expression": "Patient.name.first().family", "value": "Chalmers", "warningOnly": false}}
                ]}]
            })),
            package: None,
            resource: None,
        }],
        fixtures: Default::default(),
    }
}

/// Stores the demo suite and runs it for the two demo sandboxes.
pub async fn seed_conformance(state: &AppState) -> Result<(), AppError> {
    let admin = demo_actor(state, "admin@demo.onramp.test").await?;
    let analyst = demo_actor(state, "analyst@demo.onramp.test").await?;
    let organizations = registry::list(state.store.pool(), &ListFilter::default(), 100).await?;
    let mut stored_for: Vec<String> = Vec::new();
    for (name, developer) in [
        ("Harbor Point Clinic", "dev@harbor-point.test"),
        ("Lakeside Health System", "dev@lakeside-health.test"),
    ] {
        let Some(organization) = organizations.iter().find(|profile| profile.name == name) else {
            continue;
        };
        let Some(enrollment) = enrollments::of_organization(state.store.pool(), &organization.id)
            .await?
            .into_iter()
            .next()
        else {
            continue;
        };
        if !stored_for.contains(&enrollment.track_key) {
            // Version 1 judges messages only; version 2 adds a TestScript run against the
            // partner's own server (the demo's runs are of version 1).
            let full = suite_document(&enrollment.track_key);
            let first = SuiteDocument {
                scripts: Vec::new(),
                ..full.clone()
            };
            for document in [first, full] {
                let text = serde_json::to_string(&document)
                    .map_err(|error| AppError::Internal(error.to_string()))?;
                suites::create(state, &admin, &text).await?;
            }
            stored_for.push(enrollment.track_key.clone());
        }
        let Ok(partner) = demo_actor(state, developer).await else {
            continue;
        };
        let run = runs::start(
            state,
            &partner,
            &enrollment.id,
            &runs::RunInput {
                suite: &suite_key(&enrollment.track_key),
                suite_version: Some(1),
                system_name: &format!("{name} EHR"),
                server_url: "",
                bearer_token: "",
                retest_of: None,
                start_at: "",
            },
        )
        .await?;
        execute::execute(state, &run.id).await?;
        let run = onramp_store::conformance::runs::find(state.store.pool(), &run.id).await?;
        if run.state != "completed" {
            // Without R4 core installed the run ends in error (its page says why); no review.
            tracing::warn!(error = ?run.error, "demo conformance run not completed");
            continue;
        }
        if name == "Lakeside Health System" {
            review::submit(state, &partner, &run.id).await?;
            review::comment(
                state,
                &analyst,
                &run.id,
                None,
                "Thank you — the messages look right; I checked the missing ones by hand.",
            )
            .await?;
            for test in onramp_store::conformance::runs::tests(state.store.pool(), &run.id).await? {
                if test.result != "passed" {
                    review::override_test(
                        state,
                        &analyst,
                        &run.id,
                        &test.test_key,
                        "passed",
                        "Demo: verified by hand in a review session",
                    )
                    .await?;
                }
            }
            review::sign_off(state, &analyst, &run.id).await?;
        }
    }
    Ok(())
}
