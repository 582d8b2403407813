//! A third-party FHIR client works against the sandbox: fhirpy (beda.software's Python client)
//! talks to a real server on a loopback port with a token it obtained itself (HTTP Basic at the
//! token URL), creates, reads, searches and pages, and every request it made is in the message
//! log. fhirpy is installed from PyPI into a virtual environment under the target directory the
//! first time (see [`fhirpy_python`]); where that cannot be done the test says so and passes,
//! except in CI, where it fails.

use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use serde_json::Value;

use crate::sandbox_support::{sandbox, sandbox_app_at, secret_client, serve};
use crate::support::backends;

/// The client, pinned (it brings `requests`, which the script uses for the token).
const FHIRPY: &str = "fhirpy==2.3.1";

/// The scopes the client is granted and asks for.
const SCOPES: &str = "system/Patient.cruds system/Observation.cruds";

/// The Python of a virtual environment holding [`FHIRPY`] (`target/tmp/fhirpy-client`); `None`
/// where it cannot be made here (see [`crate::python_tools::pinned_python`]).
fn fhirpy_python() -> Option<PathBuf> {
    crate::python_tools::pinned_python("fhirpy-client", &[FHIRPY], "fhirpy and its dependencies")
}

/// What the client does, as a partner's tool would: it reads the token URL from the FHIR base's
/// SMART configuration, gets a token with HTTP Basic, then through fhirpy's sync client creates
/// two Patients, reads the first back by id, creates an Observation about it, searches Patients
/// by family and Observations by `subject` and by `patient` (and counts them), and pages through
/// all Patients one a page. It prints one JSON line of what it found.
const CLIENT_SCRIPT: &str = r#"
import json, os, sys
import requests
from fhirpy import SyncFHIRClient

base, token_url = os.environ["FHIR_BASE"], os.environ["TOKEN_URL"]
discovered = requests.get(f"{base}/.well-known/smart-configuration", timeout=30)
if discovered.status_code != 200:
    sys.exit(f"smart-configuration: {discovered.status_code} {discovered.text}")
issued = requests.post(
    token_url,
    data={"grant_type": "client_credentials", "scope": os.environ["SCOPES"]},
    auth=(os.environ["CLIENT_ID"], os.environ["CLIENT_SECRET"]),
    timeout=30,
)
if issued.status_code != 200:
    sys.exit(f"token: {issued.status_code} {issued.text}")
token = issued.json()

client = SyncFHIRClient(
    base, authorization=f"Bearer {token['access_token']}", requests_config={"timeout": 30}
)
patient = client.resource(
    "Patient",
    name=[{"family": "Okonkwo", "given": ["Ngozi"]}],
    gender="female",
    birthDate="1984-02-29",
)
patient.save()
other = client.resource("Patient", name=[{"family": "Lindqvist", "given": ["Maja"]}])
other.save()
read = client.reference("Patient", patient.id).to_resource()
observation = client.resource(
    "Observation",
    status="final",
    category=[{"coding": [{
        "system": "http://terminology.hl7.org/CodeSystem/observation-category",
        "code": "laboratory",
    }]}],
    code={"coding": [{"system": "http://loinc.org", "code": "2339-0", "display": "Glucose"}]},
    subject=patient.to_reference(),
    effectiveDateTime="2027-01-05T09:30:00Z",
    valueQuantity={
        "value": 95, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL",
    },
)
observation.save()
by_family = client.resources("Patient").search(family="Okonkwo").fetch()
by_subject = client.resources("Observation").search(subject=patient).fetch()
by_patient = client.resources("Observation").search(patient=patient.id).fetch()
observation_count = client.resources("Observation").search(patient=patient).count()
paged = [each.id for each in client.resources("Patient").limit(1)]

print(json.dumps({
    "token_endpoint": discovered.json().get("token_endpoint"),
    "token_type": token.get("token_type"),
    "scope": token.get("scope"),
    "patient": patient.id,
    "other_patient": other.id,
    "patient_version": patient["meta"]["versionId"],
    "read_id": read.id,
    "read_family": read["name"][0]["family"],
    "observation": observation.id,
    "observation_subject": observation["subject"]["reference"],
    "by_family": [each.id for each in by_family],
    "by_subject": [each.id for each in by_subject],
    "by_patient": [each.id for each in by_patient],
    "observation_count": observation_count,
    "paged": sorted(paged),
}))
"#;

/// Runs [`CLIENT_SCRIPT`] with the venv's Python: whether it succeeded, and its output.
async fn run_client(
    python: &Path,
    fhir_base: &str,
    token_url: &str,
    client_id: &str,
    client_secret: &str,
) -> (bool, String, String) {
    let run = tokio::process::Command::new(python)
        .args(["-c", CLIENT_SCRIPT])
        .env("FHIR_BASE", fhir_base)
        .env("TOKEN_URL", token_url)
        .env("SCOPES", SCOPES)
        .env("CLIENT_ID", client_id)
        .env("CLIENT_SECRET", client_secret)
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(std::time::Duration::from_secs(120), run)
        .await
        .expect("the FHIR client did not finish in two minutes")
        .unwrap();
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn sandbox_a_python_fhir_client_creates_reads_and_searches_with_its_own_token() {
    let Some(python) = fhirpy_python() else {
        return;
    };
    for backend in backends() {
        let started = std::time::Instant::now();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base_url = format!("http://{}", listener.local_addr().unwrap());
        let app = sandbox_app_at(&backend, &base_url).await;
        let mut sandbox = sandbox(&app, "Heron Clinic", "heron.example").await;
        let (client_id, client_secret) =
            secret_client(&mut sandbox.partner, &sandbox.environment_id, SCOPES).await;
        let stop = serve(&app, listener);
        let fhir_base = format!("{base_url}/sandbox/{}/fhir", sandbox.environment_id);
        let token_url = format!("{base_url}/oauth/token");

        let (succeeded, stdout, stderr) =
            run_client(&python, &fhir_base, &token_url, &client_id, &client_secret).await;
        assert!(
            succeeded,
            "the FHIR client failed on {backend:?}:\n{stdout}{stderr}"
        );
        let found: Value = serde_json::from_str(stdout.lines().last().unwrap_or_default())
            .unwrap_or_else(|error| panic!("{error}: the client printed\n{stdout}{stderr}"));
        let text = |key: &str| {
            found[key]
                .as_str()
                .unwrap_or_else(|| panic!("no {key} in {found}"))
                .to_owned()
        };
        let ids = |key: &str| -> Vec<String> {
            found[key]
                .as_array()
                .unwrap_or_else(|| panic!("no {key} in {found}"))
                .iter()
                .map(|id| id.as_str().unwrap().to_owned())
                .collect()
        };
        let (patient, other_patient, observation) =
            (text("patient"), text("other_patient"), text("observation"));
        assert_eq!(text("token_endpoint"), token_url, "{found}");
        assert!(text("token_type").eq_ignore_ascii_case("bearer"), "{found}");
        assert_eq!(text("patient_version"), "1", "{found}");
        assert_eq!(text("read_id"), patient, "{found}");
        assert_eq!(text("read_family"), "Okonkwo", "{found}");
        assert_eq!(
            text("observation_subject"),
            format!("Patient/{patient}"),
            "{found}"
        );
        assert_eq!(ids("by_family"), [patient.as_str()], "{found}");
        assert_eq!(ids("by_subject"), [observation.as_str()], "{found}");
        assert_eq!(ids("by_patient"), [observation.as_str()], "{found}");
        assert_eq!(found["observation_count"], 1, "{found}");
        let mut both = [patient.as_str(), other_patient.as_str()];
        both.sort_unstable();
        assert_eq!(ids("paged"), both, "paging one Patient a page: {found}");

        // The log holds the client's ten FHIR requests (the SMART configuration and the token
        // request are not FHIR interactions), each under its client id, none with its token.
        let log = sandbox
            .partner
            .get(&format!(
                "/api/v1/environments/{}/messages?limit=1000",
                sandbox.environment_id
            ))
            .await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.body);
        let messages = log.json();
        let messages = messages.as_array().unwrap();
        for message in messages {
            assert_eq!(message["client_id"], client_id.as_str(), "{message}");
            assert!(
                message["request_headers"].get("authorization").is_none(),
                "credentials are not kept: {message}"
            );
            assert!(
                message["request_headers"]["user-agent"]
                    .as_str()
                    .is_some_and(|agent| agent.starts_with("python-requests/")),
                "{message}"
            );
        }
        let logged = |method: &str, interaction: &str, resource_type: &str, status: i64| {
            messages
                .iter()
                .filter(|message| {
                    message["method"] == method
                        && message["interaction"] == interaction
                        && message["resource_type"] == resource_type
                        && message["status"] == status
                })
                .collect::<Vec<_>>()
        };
        let created_patients: Vec<&str> = logged("POST", "create", "Patient", 201)
            .iter()
            .map(|message| message["resource_id"].as_str().unwrap())
            .collect();
        assert_eq!(created_patients.len(), 2, "{messages:#?}");
        assert!(created_patients.contains(&patient.as_str()));
        assert!(created_patients.contains(&other_patient.as_str()));
        let reads = logged("GET", "read", "Patient", 200);
        assert_eq!(reads.len(), 1, "{messages:#?}");
        assert_eq!(reads[0]["resource_id"], patient.as_str());
        let created_observations = logged("POST", "create", "Observation", 201);
        assert_eq!(created_observations.len(), 1, "{messages:#?}");
        assert_eq!(created_observations[0]["resource_id"], observation.as_str());
        // By family, and the two pages of all Patients.
        assert_eq!(
            logged("GET", "search-type", "Patient", 200).len(),
            3,
            "{messages:#?}"
        );
        // By subject, by patient, and the count.
        assert_eq!(
            logged("GET", "search-type", "Observation", 200).len(),
            3,
            "{messages:#?}"
        );
        assert_eq!(messages.len(), 10, "nothing else: {messages:#?}");

        let _ = stop.send(());
        eprintln!(
            "the FHIR client on {backend:?} took {:?}",
            started.elapsed()
        );
    }
}
