//! The sandbox's FHIR REST API against hand-written expectations: each interaction with its
//! headers, search semantics (strings, tokens, dates as ranges, references, chains, includes,
//! paging, counts, strict handling), validation under both policies, transactions that are all
//! or nothing, the message log, isolation between two organizations' sandboxes, and production
//! credentials held back until the go-live gate holds.

// `[id.clone()]` reads as the expected list of ids.
#![allow(clippy::cloned_ref_to_slice_refs)]

use axum::http::{Method, StatusCode};

use crate::registry_support::post;
use crate::sandbox_support::{fhir, sandbox, sandbox_app, secret_client, token, Sandbox};
use crate::support::{backends, TestApp, TestResponse};

const PATIENT: &str = r#"{
  "resourceType": "Patient",
  "identifier": [{"system": "http://hospital.example/mrn", "value": "MRN-1001"}],
  "name": [{"family": "Łukasiewicz", "given": ["Ada"]}],
  "gender": "female",
  "birthDate": "1970-05-06"
}"#;

/// A laboratory Observation (codes without a profile the specification requires).
fn observation(patient: &str, code: &str, when: &str, value: f64) -> String {
    serde_json::json!({
        "resourceType": "Observation",
        "status": "final",
        "category": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/observation-category", "code": "laboratory"}]}],
        "code": {"coding": [{"system": "http://loinc.org", "code": code}]},
        "subject": {"reference": format!("Patient/{patient}")},
        "effectiveDateTime": when,
        "valueQuantity": {"value": value, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"},
    })
    .to_string()
}

struct Api<'a> {
    app: &'a TestApp,
    environment: String,
    token: String,
}

impl Api<'_> {
    async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> TestResponse {
        fhir(
            self.app,
            &self.environment,
            &self.token,
            method,
            path,
            body,
            headers,
        )
        .await
    }
    async fn get(&self, path: &str) -> TestResponse {
        self.call(Method::GET, path, None, &[]).await
    }
    async fn ids(&self, path: &str) -> Vec<String> {
        let found = self.get(path).await;
        assert_eq!(found.status, StatusCode::OK, "{path}: {}", found.body);
        let mut ids: Vec<String> = found.json()["entry"]
            .as_array()
            .map(|entries| {
                entries
                    .iter()
                    .filter(|entry| entry["search"]["mode"] == "match")
                    .map(|entry| entry["resource"]["id"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default();
        ids.sort();
        ids
    }
    async fn create(&self, body: &str) -> String {
        let resource_type = serde_json::from_str::<serde_json::Value>(body).unwrap()
            ["resourceType"]
            .as_str()
            .unwrap()
            .to_owned();
        let created = self
            .call(Method::POST, &format!("/{resource_type}"), Some(body), &[])
            .await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        created.json()["id"].as_str().unwrap().to_owned()
    }
}

async fn api<'a>(app: &'a TestApp, sandbox: &mut Sandbox) -> Api<'a> {
    let token = token(app, sandbox, "system/*.cruds").await;
    Api {
        app,
        environment: sandbox.environment_id.clone(),
        token,
    }
}

#[tokio::test]
async fn sandbox_each_rest_interaction_answers_as_fhir_says() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Heron Clinic", "heron.example").await;
        let api = api(&app, &mut sandbox).await;

        // The CapabilityStatement needs no token and lists the packages' search parameters.
        let metadata = app
            .client()
            .get(&format!("/sandbox/{}/fhir/metadata", api.environment))
            .await;
        assert_eq!(metadata.status, StatusCode::OK, "{}", metadata.body);
        let statement = metadata.json();
        assert_eq!(statement["fhirVersion"], "4.0.1");
        let patient = statement["rest"][0]["resource"]
            .as_array()
            .unwrap()
            .iter()
            .find(|resource| resource["type"] == "Patient")
            .unwrap()
            .clone();
        assert!(patient["searchParam"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["name"] == "birthdate"));

        // Create: 201, Location with the version, ETag, server id and meta.
        let created = api.call(Method::POST, "/Patient", Some(PATIENT), &[]).await;
        assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
        assert!(created.content_type().starts_with("application/fhir+json"));
        let id = created.json()["id"].as_str().unwrap().to_owned();
        assert_eq!(created.json()["meta"]["versionId"], "1");
        assert_eq!(
            created.headers["location"],
            format!(
                "http://onramp.test/sandbox/{}/fhir/Patient/{id}/_history/1",
                api.environment
            )
            .as_str()
        );
        assert_eq!(created.headers["etag"], "W/\"1\"");

        // Read and vread.
        let read = api.get(&format!("/Patient/{id}")).await;
        assert_eq!(read.status, StatusCode::OK);
        assert_eq!(read.json()["name"][0]["family"], "Łukasiewicz");
        assert_eq!(
            api.get(&format!("/Patient/{id}/_history/1")).await.status,
            StatusCode::OK
        );
        assert_eq!(
            api.get(&format!("/Patient/{id}/_history/9")).await.status,
            StatusCode::NOT_FOUND
        );
        let missing = api.get("/Patient/nope").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert_eq!(missing.json()["resourceType"], "OperationOutcome");
        assert_eq!(api.get("/NotAType/1").await.status, StatusCode::NOT_FOUND);

        // Update with If-Match; a stale version is 412.
        let mut changed: serde_json::Value = read.json();
        changed["gender"] = "other".into();
        let updated = api
            .call(
                Method::PUT,
                &format!("/Patient/{id}"),
                Some(&changed.to_string()),
                &[("if-match", "W/\"1\"")],
            )
            .await;
        assert_eq!(updated.status, StatusCode::OK, "{}", updated.body);
        assert_eq!(updated.headers["etag"], "W/\"2\"");
        let stale = api
            .call(
                Method::PUT,
                &format!("/Patient/{id}"),
                Some(&changed.to_string()),
                &[("if-match", "W/\"1\"")],
            )
            .await;
        assert_eq!(
            stale.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            stale.body
        );
        // The body's id must be the URL's.
        let mismatched = api
            .call(
                Method::PUT,
                "/Patient/other-id",
                Some(&changed.to_string()),
                &[],
            )
            .await;
        assert_eq!(mismatched.status, StatusCode::BAD_REQUEST);

        // Update as create, with the client's id; Prefer: return=minimal.
        let own = r#"{"resourceType": "Patient", "id": "client-chosen-1", "name": [{"family": "Chosen"}]}"#;
        let put_created = api
            .call(
                Method::PUT,
                "/Patient/client-chosen-1",
                Some(own),
                &[("prefer", "return=minimal")],
            )
            .await;
        assert_eq!(
            put_created.status,
            StatusCode::CREATED,
            "{}",
            put_created.body
        );
        assert!(put_created.body.is_empty());

        // Delete: 204, then 410 on read; history keeps all three versions.
        let deleted = api
            .call(Method::DELETE, &format!("/Patient/{id}"), None, &[])
            .await;
        assert_eq!(deleted.status, StatusCode::NO_CONTENT);
        assert_eq!(
            api.get(&format!("/Patient/{id}")).await.status,
            StatusCode::GONE
        );
        let history = api.get(&format!("/Patient/{id}/_history")).await;
        assert_eq!(history.status, StatusCode::OK);
        let history = history.json();
        assert_eq!(history["type"], "history");
        assert_eq!(history["total"], 3);
        let methods: Vec<&str> = history["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| entry["request"]["method"].as_str().unwrap())
            .collect();
        assert_eq!(methods, ["DELETE", "PUT", "POST"]);
        assert_eq!(api.get("/Patient/_history").await.json()["total"], 4);
        assert_eq!(
            api.get("/_history?_count=1").await.json()["entry"]
                .as_array()
                .unwrap()
                .len(),
            1
        );

        // Validation: reject policy refuses errors with 422 and the OperationOutcome.
        let invalid =
            r#"{"resourceType": "Patient", "gender": "unknown-gender", "birthDate": "1970-13-01"}"#;
        let refused = api.call(Method::POST, "/Patient", Some(invalid), &[]).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert_eq!(refused.json()["resourceType"], "OperationOutcome");
        assert!(refused.json()["issue"]
            .as_array()
            .unwrap()
            .iter()
            .any(|issue| issue["severity"] == "error"));
        // $validate answers the outcome without storing.
        let validated = api
            .call(Method::POST, "/Patient/$validate", Some(invalid), &[])
            .await;
        assert_eq!(validated.status, StatusCode::OK);
        assert_eq!(validated.json()["resourceType"], "OperationOutcome");
        // An unknown path, an unsupported method, a body past the limit: OperationOutcomes too.
        let nowhere = api.get("/Patient/1/something/else").await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert_eq!(nowhere.json()["resourceType"], "OperationOutcome");
        let patch = api
            .call(Method::PATCH, "/Patient/client-chosen-1", Some("[]"), &[])
            .await;
        assert_eq!(patch.status, StatusCode::METHOD_NOT_ALLOWED);
        assert_eq!(patch.json()["resourceType"], "OperationOutcome");
        let huge = format!(
            r#"{{"resourceType": "Patient", "text": "{}"}}"#,
            "x".repeat(1_100_000)
        );
        let too_large = api.call(Method::POST, "/Patient", Some(&huge), &[]).await;
        assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(too_large.json()["resourceType"], "OperationOutcome");
        // Not JSON, not a resource, XML, the wrong type: clear 4xx OperationOutcomes.
        for (body, status) in [
            ("{not json", StatusCode::BAD_REQUEST),
            (r#"{"no": "type"}"#, StatusCode::BAD_REQUEST),
            (
                "<Patient xmlns=\"http://hl7.org/fhir\"/>",
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ),
            (
                r#"{"resourceType": "Observation"}"#,
                StatusCode::BAD_REQUEST,
            ),
        ] {
            let answer = api.call(Method::POST, "/Patient", Some(body), &[]).await;
            assert_eq!(answer.status, status, "{body}: {}", answer.body);
            assert_eq!(answer.json()["resourceType"], "OperationOutcome", "{body}");
        }

        // Conditional create: a match returns it and creates nothing.
        let conditional = api
            .call(
                Method::POST,
                "/Patient",
                Some(own),
                &[("if-none-exist", "family=Chosen")],
            )
            .await;
        assert_eq!(conditional.status, StatusCode::OK, "{}", conditional.body);
        assert_eq!(api.ids("/Patient?family=Chosen").await, ["client-chosen-1"]);

        // Conditional update: no match creates, one match is updated, two matches are 412.
        let by_mrn = r#"{"resourceType": "Patient", "identifier": [{"system": "http://hospital.example/mrn", "value": "MRN-2002"}], "name": [{"family": "Conditional"}]}"#;
        let first = api
            .call(
                Method::PUT,
                "/Patient?identifier=http://hospital.example/mrn|MRN-2002",
                Some(by_mrn),
                &[],
            )
            .await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
        let conditional_id = first.json()["id"].as_str().unwrap().to_owned();
        let again = api
            .call(
                Method::PUT,
                "/Patient?identifier=http://hospital.example/mrn|MRN-2002",
                Some(by_mrn),
                &[],
            )
            .await;
        assert_eq!(again.status, StatusCode::OK, "{}", again.body);
        assert_eq!(again.json()["id"], conditional_id.as_str());
        assert_eq!(again.json()["meta"]["versionId"], "2");
        let many = api
            .call(
                Method::PUT,
                &format!("/Patient?_id=client-chosen-1,{conditional_id}"),
                Some(by_mrn),
                &[],
            )
            .await;
        assert_eq!(
            many.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            many.body
        );
        // Conditional delete: the one match goes; nothing matched is informational.
        let removed = api
            .call(
                Method::DELETE,
                "/Patient?identifier=http://hospital.example/mrn|MRN-2002",
                None,
                &[],
            )
            .await;
        assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.body);
        assert_eq!(
            api.get(&format!("/Patient/{conditional_id}")).await.status,
            StatusCode::GONE
        );
        let nothing = api
            .call(Method::DELETE, "/Patient?identifier=none|none", None, &[])
            .await;
        assert_eq!(nothing.status, StatusCode::OK, "{}", nothing.body);

        // The message log holds every exchange, with the validation outcome of the refused one.
        let mut partner = sandbox.partner.clone();
        let log = partner
            .get(&format!(
                "/api/v1/environments/{}/messages?outcome=errors",
                api.environment
            ))
            .await;
        assert_eq!(log.status, StatusCode::OK, "{}", log.body);
        let errors = log.json();
        let rejected = errors
            .as_array()
            .unwrap()
            .iter()
            .find(|message| message["status"] == 422)
            .expect("the refused create is in the log");
        assert!(rejected["errors"].as_i64().unwrap() > 0);
        assert!(rejected["outcome"]["issue"].is_array());
        assert!(
            rejected["request_headers"].get("authorization").is_none(),
            "credentials are not kept"
        );
        let ndjson = partner
            .get(&format!(
                "/api/v1/environments/{}/messages?format=ndjson",
                api.environment
            ))
            .await;
        assert_eq!(ndjson.content_type(), "application/x-ndjson");
        assert!(
            ndjson.body.lines().count() >= 15,
            "{}",
            ndjson.body.lines().count()
        );
        // The page shows it, and each message opens with its issues linked to their lines.
        let page = partner
            .get(&format!("/environments/{}", api.environment))
            .await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("Message log"));
        let message_page = partner
            .get(&format!(
                "/environments/{}/messages/{}",
                api.environment,
                rejected["id"].as_str().unwrap()
            ))
            .await;
        assert_eq!(message_page.status, StatusCode::OK, "{}", message_page.body);
        assert!(
            message_page.body.contains("href=\"#line-"),
            "{}",
            message_page.body
        );
    }
}

#[tokio::test]
async fn sandbox_search_follows_the_search_parameters_of_the_packages() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Egret Health", "egret.example").await;
        let api = api(&app, &mut sandbox).await;
        let ada = api.create(PATIENT).await;
        let bob = api
            .create(r#"{"resourceType": "Patient", "name": [{"family": "Lukas", "given": ["Bob"]}], "gender": "male", "birthDate": "1985", "identifier": [{"system": "http://other.example/id", "value": "MRN-1001"}]}"#)
            .await;
        let weight_ada = api
            .create(&observation(&ada, "2339-0", "2026-03-04T10:00:00Z", 61.5))
            .await;
        let weight_bob = api
            .create(&observation(
                &bob,
                "2339-0",
                "2026-04-01T09:30:00+02:00",
                82.0,
            ))
            .await;
        let height_ada = api
            .create(&observation(&ada, "2085-9", "2026-03-04", 170.0))
            .await;

        let mut both = vec![ada.clone(), bob.clone()];
        both.sort();
        // Strings: starts with, case and accents folded; :exact; :contains.
        assert_eq!(api.ids("/Patient?family=luk").await, both);
        assert_eq!(
            api.ids("/Patient?family:exact=Łukasiewicz").await,
            [ada.clone()]
        );
        assert_eq!(
            api.ids("/Patient?family:exact=lukasiewicz").await,
            Vec::<String>::new()
        );
        assert_eq!(api.ids("/Patient?name:contains=kasie").await, [ada.clone()]);
        // Tokens: code, system|code, |code, :not; identifiers.
        assert_eq!(api.ids("/Patient?gender=female").await, [ada.clone()]);
        assert_eq!(api.ids("/Patient?gender:not=female").await, [bob.clone()]);
        assert_eq!(api.ids("/Patient?identifier=MRN-1001").await, both);
        assert_eq!(
            api.ids("/Patient?identifier=http://hospital.example/mrn|MRN-1001")
                .await,
            [ada.clone()]
        );
        assert_eq!(
            api.ids("/Observation?code=http://loinc.org|2339-0")
                .await
                .len(),
            2
        );
        // Dates are ranges: 1985 is a year, 1970-05-06 a day.
        assert_eq!(api.ids("/Patient?birthdate=1970").await, [ada.clone()]);
        assert_eq!(api.ids("/Patient?birthdate=ge1980").await, [bob.clone()]);
        assert_eq!(
            api.ids("/Patient?birthdate=lt1980-01-01").await,
            [ada.clone()]
        );
        assert_eq!(
            api.ids("/Patient?birthdate=1985-06-01").await,
            Vec::<String>::new(),
            "a year is not within a day"
        );
        assert_eq!(api.ids("/Observation?date=2026-03-04").await.len(), 2);
        assert_eq!(
            api.ids("/Observation?date=2026-04-01T07:30:00Z").await,
            [weight_bob.clone()]
        );
        assert_eq!(
            api.ids("/Observation?date=ge2026-03-05&date=le2026-12-31")
                .await,
            [weight_bob.clone()]
        );
        // Quantities and numbers.
        assert_eq!(
            api.ids("/Observation?value-quantity=gt80&code=2339-0")
                .await,
            [weight_bob.clone()]
        );
        assert_eq!(
            api.ids("/Observation?value-quantity=ge170").await,
            [height_ada.clone()]
        );
        assert_eq!(
            api.ids("/Observation?value-quantity=61.5|http://unitsofmeasure.org|kg")
                .await,
            [weight_ada.clone()]
        );
        // References: id, Type/id, subject:Patient, patient; chains.
        let mut ada_observations = vec![weight_ada.clone(), height_ada.clone()];
        ada_observations.sort();
        assert_eq!(
            api.ids(&format!("/Observation?subject=Patient/{ada}"))
                .await,
            ada_observations
        );
        assert_eq!(
            api.ids(&format!("/Observation?patient={ada}")).await,
            ada_observations
        );
        assert_eq!(
            api.ids(&format!("/Observation?subject:Patient={bob}"))
                .await,
            [weight_bob.clone()]
        );
        assert_eq!(
            api.ids("/Observation?subject:Patient.name=bob").await,
            [weight_bob.clone()]
        );
        assert_eq!(
            api.ids("/Observation?subject:Patient.birthdate=1970").await,
            ada_observations
        );
        // OR within a parameter, AND across.
        assert_eq!(api.ids("/Patient?gender=male,female").await, both);
        assert_eq!(
            api.ids("/Patient?gender=male&family=luk").await,
            [bob.clone()]
        );
        // :missing.
        assert_eq!(
            api.ids("/Patient?birthdate:missing=true").await,
            Vec::<String>::new()
        );
        assert_eq!(api.ids("/Patient?death-date:missing=true").await, both);
        assert_eq!(
            api.ids("/Patient?deceased=false").await,
            both,
            "R4 indexes deceased as false when absent"
        );
        // _id, _lastUpdated.
        assert_eq!(api.ids(&format!("/Patient?_id={bob}")).await, [bob.clone()]);
        assert_eq!(api.ids("/Patient?_lastUpdated=gt2000-01-01").await, both);

        // _include and _revinclude.
        let included = api
            .get(&format!(
                "/Observation?_id={weight_ada}&_include=Observation:subject"
            ))
            .await
            .json();
        let modes: Vec<(String, String)> = included["entry"]
            .as_array()
            .unwrap()
            .iter()
            .map(|entry| {
                (
                    entry["search"]["mode"].as_str().unwrap().to_owned(),
                    entry["resource"]["id"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert_eq!(
            modes,
            [
                ("match".to_owned(), weight_ada.clone()),
                ("include".to_owned(), ada.clone())
            ]
        );
        let revincluded = api
            .get(&format!(
                "/Patient?_id={ada}&_revinclude=Observation:subject"
            ))
            .await
            .json();
        assert_eq!(revincluded["entry"].as_array().unwrap().len(), 3);

        // _sort, _count with next links, _summary=count, total.
        let sorted = api.get("/Observation?_sort=-date").await.json();
        let first: &str = sorted["entry"][0]["resource"]["id"].as_str().unwrap();
        assert_eq!(first, weight_bob);
        let page = api.get("/Observation?_count=2").await.json();
        assert_eq!(page["total"], 3);
        assert_eq!(page["entry"].as_array().unwrap().len(), 2);
        let next = page["link"]
            .as_array()
            .unwrap()
            .iter()
            .find(|link| link["relation"] == "next")
            .unwrap()["url"]
            .as_str()
            .unwrap()
            .to_owned();
        let next_path = next.split("/fhir").nth(1).unwrap().to_owned();
        let second = api.get(&next_path).await.json();
        assert_eq!(second["entry"].as_array().unwrap().len(), 1);
        let counted = api.get("/Observation?_summary=count").await.json();
        assert_eq!(counted["total"], 3);
        assert!(counted.get("entry").is_none());
        // _summary and _elements give part of each resource, marked SUBSETTED.
        let resource_of = |bundle: serde_json::Value| bundle["entry"][0]["resource"].clone();
        let summary = resource_of(
            api.get(&format!("/Observation?_id={weight_ada}&_summary=true"))
                .await
                .json(),
        );
        assert!(summary.get("category").is_none(), "{summary}");
        assert!(
            summary.get("code").is_some() && summary.get("valueQuantity").is_some(),
            "{summary}"
        );
        assert_eq!(summary["meta"]["tag"][0]["code"], "SUBSETTED");
        let text = resource_of(
            api.get(&format!("/Observation?_id={weight_ada}&_summary=text"))
                .await
                .json(),
        );
        assert!(
            text.get("status").is_some() && text.get("valueQuantity").is_none(),
            "{text}"
        );
        let elements = resource_of(
            api.get(&format!("/Patient?_id={ada}&_elements=birthDate"))
                .await
                .json(),
        );
        assert_eq!(elements["birthDate"], "1970-05-06");
        assert!(elements.get("name").is_none(), "{elements}");

        // POST _search takes the form body.
        let posted = api
            .call(
                Method::POST,
                "/Patient/_search",
                Some("gender=male"),
                &[("content-type", "application/x-www-form-urlencoded")],
            )
            .await;
        assert_eq!(posted.json()["total"], 1, "{}", posted.body);

        // Unknown parameters: ignored (and said so) by default, refused under handling=strict.
        let lenient = api.get("/Patient?shoe-size=42").await;
        assert_eq!(lenient.status, StatusCode::OK);
        assert_eq!(lenient.json()["total"], 2);
        assert!(lenient.body.contains("shoe-size"), "{}", lenient.body);
        let strict = api
            .call(
                Method::GET,
                "/Patient?shoe-size=42",
                None,
                &[("prefer", "handling=strict")],
            )
            .await;
        assert_eq!(strict.status, StatusCode::BAD_REQUEST);
        assert_eq!(strict.json()["resourceType"], "OperationOutcome");
        // A bad value is a 400 naming the parameter.
        let bad = api.get("/Patient?birthdate=yesterday").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert!(bad.body.contains("birthdate"), "{}", bad.body);
        // A resource updated leaves the index with its new values only.
        let mut bob_now = api.get(&format!("/Patient/{bob}")).await.json();
        bob_now["gender"] = "female".into();
        let put = api
            .call(
                Method::PUT,
                &format!("/Patient/{bob}"),
                Some(&bob_now.to_string()),
                &[],
            )
            .await;
        assert_eq!(put.status, StatusCode::OK);
        assert_eq!(api.ids("/Patient?gender=male").await, Vec::<String>::new());
        assert_eq!(api.ids("/Patient?gender=female").await, both);
    }
}

#[tokio::test]
async fn sandbox_a_transaction_is_all_or_nothing_and_a_batch_is_entry_by_entry() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Ibis Labs", "ibis.example").await;
        let api = api(&app, &mut sandbox).await;
        let transaction = serde_json::json!({
            "resourceType": "Bundle",
            "type": "transaction",
            "entry": [
                {
                    "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
                    "resource": {"resourceType": "Patient", "name": [{"family": "Transact"}]},
                    "request": {"method": "POST", "url": "Patient"},
                },
                {
                    "fullUrl": "urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059",
                    "resource": {
                        "resourceType": "Observation", "status": "final",
                        "code": {"text": "weight"},
                        "subject": {"reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
                    },
                    "request": {"method": "POST", "url": "Observation"},
                },
            ],
        });
        let done = api
            .call(Method::POST, "", Some(&transaction.to_string()), &[])
            .await;
        assert_eq!(done.status, StatusCode::OK, "{}", done.body);
        let response = done.json();
        assert_eq!(response["type"], "transaction-response");
        assert_eq!(response["entry"][0]["response"]["status"], "201 Created");
        let patient_id = response["entry"][0]["resource"]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        assert_eq!(
            response["entry"][1]["resource"]["subject"]["reference"],
            format!("Patient/{patient_id}").as_str(),
            "the urn:uuid reference is rewritten"
        );
        assert_eq!(
            api.ids(&format!("/Observation?subject=Patient/{patient_id}"))
                .await
                .len(),
            1
        );

        // The second entry is invalid: nothing of the first is kept.
        let mut failing = transaction.clone();
        failing["entry"][0]["resource"]["name"][0]["family"] = "Never".into();
        failing["entry"][1]["resource"]["status"] = "not-a-status".into();
        let failed = api
            .call(Method::POST, "", Some(&failing.to_string()), &[])
            .await;
        assert!(failed.status.is_client_error(), "{}", failed.status);
        assert_eq!(failed.json()["resourceType"], "OperationOutcome");
        assert_eq!(api.ids("/Patient?family=Never").await, Vec::<String>::new());
        // A failure after a stored entry (an update of a missing If-Match version) rolls back too.
        let mut late = transaction.clone();
        late["entry"][0]["resource"]["name"][0]["family"] = "Later".into();
        late["entry"][1] = serde_json::json!({
            "resource": {"resourceType": "Patient", "id": "fixed", "name": [{"family": "Fixed"}]},
            "request": {"method": "PUT", "url": "Patient/fixed", "ifMatch": "W/\"7\""},
        });
        let late_failed = api
            .call(Method::POST, "", Some(&late.to_string()), &[])
            .await;
        assert_eq!(
            late_failed.status,
            StatusCode::PRECONDITION_FAILED,
            "{}",
            late_failed.body
        );
        assert_eq!(api.ids("/Patient?family=Later").await, Vec::<String>::new());

        // A batch: each entry on its own.
        let batch = serde_json::json!({
            "resourceType": "Bundle",
            "type": "batch",
            "entry": [
                {"resource": {"resourceType": "Patient", "name": [{"family": "Batched"}]}, "request": {"method": "POST", "url": "Patient"}},
                {"request": {"method": "GET", "url": "Patient/does-not-exist"}},
            ],
        });
        let batched = api
            .call(Method::POST, "", Some(&batch.to_string()), &[])
            .await;
        assert_eq!(batched.status, StatusCode::OK, "{}", batched.body);
        let entries = batched.json()["entry"].as_array().unwrap().clone();
        assert_eq!(entries[0]["response"]["status"], "201 Created");
        assert!(entries[1]["response"]["status"]
            .as_str()
            .unwrap()
            .starts_with("404"));
        assert_eq!(api.ids("/Patient?family=Batched").await.len(), 1);
    }
}

#[tokio::test]
async fn sandbox_no_interaction_crosses_into_another_organizations_sandbox() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut first = sandbox(&app, "Alpha Health", "alpha.example").await;
        let mut second = crate::sandbox_support::sandbox_with(
            &app,
            "Beta Health",
            "beta.example",
            first.coordinator.clone(),
            first.admin.clone(),
        )
        .await;
        let a = api(&app, &mut first).await;
        let b = api(&app, &mut second).await;
        let a_patient = a.create(PATIENT).await;
        let b_patient = b.create(PATIENT).await;
        let b_observation = b
            .create(&observation(&b_patient, "2339-0", "2026-03-04", 70.0))
            .await;
        // The same client id chosen in both.
        let shared =
            r#"{"resourceType": "Patient", "id": "same-id", "name": [{"family": "Shared"}]}"#;
        assert_eq!(
            a.call(Method::PUT, "/Patient/same-id", Some(shared), &[])
                .await
                .status,
            StatusCode::CREATED
        );
        assert_eq!(
            b.call(Method::PUT, "/Patient/same-id", Some(shared), &[])
                .await
                .status,
            StatusCode::CREATED
        );

        // A token is bound to its sandbox.
        let crossed = fhir(
            &app,
            &b.environment,
            &a.token,
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(crossed.status, StatusCode::UNAUTHORIZED);
        assert!(crossed.body.contains("another environment"));
        // Read, vread, history, search, includes and counts see only their own sandbox.
        assert_eq!(
            a.get(&format!("/Patient/{b_patient}")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            a.get(&format!("/Patient/{b_patient}/_history/1"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            a.get(&format!("/Patient/{b_patient}/_history"))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let mut a_patients = vec![a_patient.clone(), "same-id".to_owned()];
        a_patients.sort();
        assert_eq!(a.ids("/Patient").await, a_patients);
        assert_eq!(
            a.ids("/Patient?identifier=MRN-1001").await,
            [a_patient.clone()]
        );
        assert_eq!(a.get("/_history").await.json()["total"], 2);
        assert_eq!(a.get("/Patient/same-id/_history").await.json()["total"], 1);
        assert_eq!(
            a.ids(&format!("/Observation?subject=Patient/{b_patient}"))
                .await,
            Vec::<String>::new()
        );
        assert_eq!(
            a.get("/Observation?_summary=count").await.json()["total"],
            0
        );
        let revinclude = a
            .get(&format!(
                "/Patient?_id={a_patient}&_revinclude=Observation:subject"
            ))
            .await
            .json();
        assert_eq!(revinclude["entry"].as_array().unwrap().len(), 1);
        // A reference in A to B's patient id does not bring B's patient along.
        let pointing = a
            .create(&observation(&b_patient, "2339-0", "2026-03-04", 1.0))
            .await;
        let included = a
            .get(&format!(
                "/Observation?_id={pointing}&_include=Observation:subject"
            ))
            .await
            .json();
        assert_eq!(included["entry"].as_array().unwrap().len(), 1, "{included}");
        assert_eq!(
            a.ids("/Observation?subject:Patient.family=Łukasiewicz")
                .await,
            Vec::<String>::new()
        );
        // Conditional create in A does not match B's data.
        let conditional = a
            .call(
                Method::POST,
                "/Observation",
                Some(&observation(&b_patient, "1-1", "2026-01-01", 2.0)),
                &[("if-none-exist", &format!("_id={b_observation}"))],
            )
            .await;
        assert_eq!(
            conditional.status,
            StatusCode::CREATED,
            "{}",
            conditional.body
        );
        // Updating or deleting B's resource through A touches nothing of B.
        assert_eq!(
            a.call(
                Method::DELETE,
                &format!("/Observation/{b_observation}"),
                None,
                &[]
            )
            .await
            .status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            b.get(&format!("/Observation/{b_observation}")).await.status,
            StatusCode::OK
        );
        // Paging links name their own sandbox.
        let page = a.get("/Patient?_count=1").await.json();
        for link in page["link"].as_array().unwrap() {
            assert!(
                link["url"].as_str().unwrap().contains(&a.environment),
                "{link}"
            );
        }
        // The message logs are separate, and partners see only their own.
        let b_log = second
            .partner
            .get(&format!(
                "/api/v1/environments/{}/messages?limit=1000",
                b.environment
            ))
            .await
            .json();
        assert!(b_log
            .as_array()
            .unwrap()
            .iter()
            .all(|message| !message["url"].as_str().unwrap().contains(&a.environment)));
        assert_eq!(
            first
                .partner
                .get(&format!("/api/v1/environments/{}/messages", b.environment))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn sandbox_production_credentials_wait_for_the_go_live_gate() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Crane Systems", "crane.example").await;
        let opened = post(
            &mut sandbox.coordinator,
            &format!("/api/v1/enrollments/{}/environments", sandbox.enrollment_id),
            serde_json::json!({"kind": "production", "production_url": "https://fhir.exchange.example/r4"}),
        )
        .await;
        assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
        let production = opened.json();
        assert_eq!(production["fhir_base"], "https://fhir.exchange.example/r4");
        let production_id = production["id"].as_str().unwrap().to_owned();
        let refused = post(
            &mut sandbox.partner,
            &format!("/api/v1/environments/{production_id}/clients"),
            serde_json::json!({"name": "Production feed", "auth_method": "client_secret_basic", "scopes": "system/*.rs"}),
        )
        .await;
        assert_eq!(refused.status, StatusCode::CONFLICT, "{}", refused.body);
        assert_eq!(refused.json()["code"], "sandbox.go_live_gate_closed");
        assert!(
            refused.body.contains("proof-of-concept") || refused.body.contains("steps"),
            "{}",
            refused.body
        );

        // A program admin overrides the gate with a reason; then credentials are issued.
        let overridden = post(
            &mut sandbox.admin,
            &format!(
                "/api/v1/enrollments/{}/gates/go-live/override",
                sandbox.enrollment_id
            ),
            serde_json::json!({"reason": "Go-live approved by the steering committee"}),
        )
        .await;
        assert_eq!(
            overridden.status,
            StatusCode::NO_CONTENT,
            "{}",
            overridden.body
        );
        let (client_id, secret) =
            secret_client(&mut sandbox.partner, &production_id, "system/*.rs").await;
        let issued = crate::sandbox_support::token_by_secret(&app, &client_id, &secret, "").await;
        assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
        let actions = app.audit_actions().await;
        assert!(
            actions
                .iter()
                .any(|action| action == "production_credentials.issued"),
            "{actions:?}"
        );
        // The token is a JWT an exchange's gateway checks offline with the published keys.
        let token = issued.json()["access_token"].as_str().unwrap().to_owned();
        let keys: jsonwebtoken::jwk::JwkSet =
            serde_json::from_str(&app.client().get("/oauth/jwks").await.body).unwrap();
        let header = jsonwebtoken::decode_header(&token).unwrap();
        assert_eq!(header.typ.as_deref(), Some("at+jwt"));
        let key = keys.find(header.kid.as_deref().unwrap()).unwrap();
        let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::ES256);
        validation.set_audience(&["https://fhir.exchange.example/r4"]);
        validation.set_issuer(&["http://onramp.test"]);
        let claims = jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &jsonwebtoken::DecodingKey::from_jwk(key).unwrap(),
            &validation,
        )
        .unwrap()
        .claims;
        assert_eq!(claims["client_id"], client_id.as_str());
        assert_eq!(claims["scope"], "system/*.rs");
        assert_eq!(
            claims["exp"].as_i64().unwrap() - claims["iat"].as_i64().unwrap(),
            300
        );
        let mut wrong_audience = validation.clone();
        wrong_audience.set_audience(&["https://elsewhere.example/fhir"]);
        assert!(jsonwebtoken::decode::<serde_json::Value>(
            &token,
            &jsonwebtoken::DecodingKey::from_jwk(key).unwrap(),
            &wrong_audience,
        )
        .is_err());
        // Production tokens are not good at a sandbox.
        let crossed = fhir(
            &app,
            &sandbox.environment_id,
            &token,
            Method::GET,
            "/Patient",
            None,
            &[],
        )
        .await;
        assert_eq!(crossed.status, StatusCode::UNAUTHORIZED);

        // Suspending the organization stops its tokens and clients at once.
        let suspended = post(
            &mut sandbox.admin,
            &format!(
                "/api/v1/organizations/{}/transitions",
                sandbox.organization_id
            ),
            serde_json::json!({"action": "suspend", "reason": "security review"}),
        )
        .await;
        assert_eq!(suspended.status, StatusCode::CREATED, "{}", suspended.body);
        let after = crate::sandbox_support::token_by_secret(&app, &client_id, &secret, "").await;
        assert_eq!(after.status, StatusCode::UNAUTHORIZED, "{}", after.body);
    }
}

#[tokio::test]
async fn sandbox_the_demo_has_two_sandboxes_with_data_and_credentials_that_work() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        assert!(onramp_server::demo::seed_program(&app.state).await.unwrap());
        let path = app
            .state
            .config
            .data_dir
            .join("demo")
            .join("sandboxes.json");
        let listed: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let entries = listed.as_array().unwrap();
        assert_eq!(entries.len(), 4, "{listed}");
        let mut organizations: Vec<&str> = entries
            .iter()
            .map(|entry| entry["organization"].as_str().unwrap())
            .collect();
        organizations.dedup();
        assert_eq!(
            organizations,
            ["Harbor Point Clinic", "Lakeside Health System"]
        );
        for entry in entries {
            let environment = entry["fhir_base"]
                .as_str()
                .unwrap()
                .split("/sandbox/")
                .nth(1)
                .unwrap()
                .trim_end_matches("/fhir")
                .to_owned();
            let client_id = entry["client_id"].as_str().unwrap();
            let issued = match entry["auth_method"].as_str().unwrap() {
                "client_secret_basic" => {
                    crate::sandbox_support::token_by_secret(
                        &app,
                        client_id,
                        entry["client_secret"].as_str().unwrap(),
                        "",
                    )
                    .await
                }
                _ => {
                    let mut header = jsonwebtoken::Header::new(jsonwebtoken::Algorithm::ES384);
                    header.kid = Some(entry["kid"].as_str().unwrap().to_owned());
                    let key = jsonwebtoken::EncodingKey::from_ec_pem(
                        entry["private_key_pem"].as_str().unwrap().as_bytes(),
                    )
                    .unwrap();
                    let assertion = jsonwebtoken::encode(
                        &header,
                        &crate::sandbox_support::claims(client_id),
                        &key,
                    )
                    .unwrap();
                    crate::sandbox_support::token_by_assertion(&app, &assertion, "").await
                }
            };
            assert_eq!(issued.status, StatusCode::OK, "{}", issued.body);
            let token = issued.json()["access_token"].as_str().unwrap().to_owned();
            let patients = fhir(
                &app,
                &environment,
                &token,
                Method::GET,
                "/Patient",
                None,
                &[],
            )
            .await;
            assert_eq!(patients.status, StatusCode::OK, "{}", patients.body);
            assert!(
                patients.json()["total"].as_i64().unwrap() >= 2,
                "{}",
                patients.body
            );
            let results = fhir(
                &app,
                &environment,
                &token,
                Method::GET,
                "/Observation?code=http://loinc.org|2339-0&_include=Observation:subject",
                None,
                &[],
            )
            .await
            .json();
            assert!(results["entry"].as_array().unwrap().len() >= 2, "{results}");
        }
        // Partners load (and reset) the test data themselves.
        let mut admin = app.client();
        admin
            .login(
                "admin@harbor-point.test",
                onramp_server::demo::DEMO_PASSWORD,
            )
            .await;
        let environment = entries[0]["fhir_base"]
            .as_str()
            .unwrap()
            .split("/sandbox/")
            .nth(1)
            .unwrap()
            .trim_end_matches("/fhir")
            .to_owned();
        let reset = post(
            &mut admin,
            &format!("/api/v1/environments/{environment}/seed"),
            serde_json::json!({"reset": true}),
        )
        .await;
        assert_eq!(reset.status, StatusCode::OK, "{}", reset.body);
        assert_eq!(reset.json()["resources"], 5);
        assert!(reset.json()["cleared"].as_i64().unwrap() >= 5);
    }
}

const CREDENTIALS_TRACK: &str = r#"id = "credentials-probe"
version = 1
name = "Credentials probe"
packages = ["hl7.fhir.r4.core#4.0.1"]
sandbox_gate = "go"
go_live_gate = "go"

[[phases]]
key = "only"
name = "Only"

[[phases.steps]]
key = "build"
name = "Build the interface"
owner = "partner_developer"
estimate = 3

[[gates]]
key = "go"
name = "Go live"
conditions = [{ kind = "organization_verified" }]

[[gates]]
key = "live"
name = "Production connected"
conditions = [{ kind = "sandbox.production_credentials_issued" }]
"#;

#[tokio::test]
async fn sandbox_a_gate_can_wait_for_production_credentials_and_a_track_file_names_its_gates() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Osprey Labs", "osprey.example").await;
        // The track file's gate references are checked, with their position.
        let wrong = post(
            &mut sandbox.admin,
            "/api/v1/tracks",
            serde_json::json!({"source": CREDENTIALS_TRACK.replace("go_live_gate = \"go\"", "go_live_gate = \"launch\"")}),
        )
        .await;
        assert_eq!(
            wrong.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            wrong.body
        );
        assert!(
            wrong.body.contains("6:16") && wrong.body.contains("launch"),
            "{}",
            wrong.body
        );
        let uploaded = post(
            &mut sandbox.admin,
            "/api/v1/tracks",
            serde_json::json!({"source": CREDENTIALS_TRACK}),
        )
        .await;
        assert_eq!(uploaded.status, StatusCode::CREATED, "{}", uploaded.body);
        let enrolled = post(
            &mut sandbox.coordinator,
            "/api/v1/enrollments",
            serde_json::json!({"organization_id": sandbox.organization_id, "track": "credentials-probe", "start": "2027-01-04"}),
        )
        .await;
        assert_eq!(enrolled.status, StatusCode::CREATED, "{}", enrolled.body);
        let enrollment = enrolled.json()["id"].as_str().unwrap().to_owned();
        let gate = |detail: &serde_json::Value, key: &str| {
            detail["gates"]
                .as_array()
                .unwrap()
                .iter()
                .find(|gate| gate["key"] == key)
                .unwrap()["status"]
                .as_str()
                .unwrap()
                .to_owned()
        };
        // The verified organization passes the sandbox gate at once: its sandbox opened by itself.
        let environments = sandbox
            .coordinator
            .get(&format!("/api/v1/enrollments/{enrollment}/environments"))
            .await
            .json();
        let opened: Vec<&serde_json::Value> = environments.as_array().unwrap().iter().collect();
        assert_eq!(opened.len(), 1, "{environments}");
        assert_eq!(opened[0]["kind"], "sandbox");
        assert_eq!(opened[0]["policy"], "reject");
        let before = sandbox
            .coordinator
            .get(&format!("/api/v1/enrollments/{enrollment}"))
            .await
            .json();
        assert_eq!(gate(&before, "live"), "blocked");
        let production = post(
            &mut sandbox.coordinator,
            &format!("/api/v1/enrollments/{enrollment}/environments"),
            serde_json::json!({"kind": "production", "production_url": "https://fhir.exchange.example/r4"}),
        )
        .await
        .json();
        secret_client(
            &mut sandbox.partner,
            production["id"].as_str().unwrap(),
            "system/*.rs",
        )
        .await;
        let after = sandbox
            .coordinator
            .get(&format!("/api/v1/enrollments/{enrollment}"))
            .await
            .json();
        assert_eq!(gate(&after, "live"), "passed", "{after}");
        // The enrollment's page lists its environments.
        let page = sandbox
            .coordinator
            .get(&format!("/enrollments/{enrollment}"))
            .await;
        assert!(
            page.body.contains("Environments")
                && page.body.contains(production["id"].as_str().unwrap()),
            "{}",
            page.body
        );
    }
}

#[tokio::test]
async fn sandbox_under_the_record_policy_a_resource_with_errors_is_stored_and_its_outcome_kept() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Kite Labs", "kite.example").await;
        let recording = post(
            &mut sandbox.coordinator,
            &format!("/api/v1/enrollments/{}/environments", sandbox.enrollment_id),
            serde_json::json!({"kind": "sandbox", "policy": "record", "name": "Recording sandbox"}),
        )
        .await;
        assert_eq!(recording.status, StatusCode::CREATED, "{}", recording.body);
        assert_eq!(recording.json()["policy"], "record");
        sandbox.environment_id = recording.json()["id"].as_str().unwrap().to_owned();
        let api = api(&app, &mut sandbox).await;
        let invalid = r#"{"resourceType": "Patient", "gender": "sometimes"}"#;
        let stored = api
            .call(
                Method::POST,
                "/Patient",
                Some(invalid),
                &[("prefer", "return=OperationOutcome")],
            )
            .await;
        assert_eq!(stored.status, StatusCode::CREATED, "{}", stored.body);
        assert_eq!(stored.json()["resourceType"], "OperationOutcome");
        assert!(stored.body.contains("sometimes"), "{}", stored.body);
        let log = sandbox
            .partner
            .get(&format!(
                "/api/v1/environments/{}/messages?outcome=errors",
                api.environment
            ))
            .await
            .json();
        let kept = &log.as_array().unwrap()[0];
        assert_eq!(kept["status"], 201);
        assert!(kept["errors"].as_i64().unwrap() > 0);
        // An unknown policy is refused with the choices.
        let unknown = post(
            &mut sandbox.coordinator,
            &format!("/api/v1/enrollments/{}/environments", sandbox.enrollment_id),
            serde_json::json!({"kind": "sandbox", "policy": "ignore"}),
        )
        .await;
        assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            unknown.body.contains("Accept and record"),
            "{}",
            unknown.body
        );
    }
}

#[tokio::test]
async fn sandbox_messages_are_kept_for_the_programs_retention_and_then_deleted() {
    use onramp_server::platform::clock::{Clock, ManualClock};
    for backend in backends() {
        let clock = std::sync::Arc::new(ManualClock::starting_now());
        let app = crate::sandbox_support::sandbox_app_with_clock(&backend, clock.clone()).await;
        assert_eq!(app.state.config.sandbox_message_retention_days, 90);
        let mut sandbox = sandbox(&app, "Petrel Health", "petrel.example").await;
        let api = api(&app, &mut sandbox).await;
        api.get("/Patient").await;
        let count = |app: &TestApp, environment: String| {
            let state = app.state.clone();
            async move {
                onramp_store::sandbox::messages::list(
                    state.store.pool(),
                    &environment,
                    &onramp_store::sandbox::messages::MessageFilter::default(),
                    100,
                )
                .await
                .unwrap()
                .len()
            }
        };
        assert_eq!(count(&app, api.environment.clone()).await, 1);
        let run_retention = || async {
            let mut tx = app.state.store.begin().await.unwrap();
            onramp_store::platform::jobs::enqueue(
                &mut tx,
                &onramp_store::platform::jobs::NewJob {
                    kind: onramp_server::platform::jobs::RETENTION,
                    payload_json: "{}",
                    unique_key: None,
                    run_at: clock.now_ms(),
                    max_attempts: 1,
                },
                clock.now_ms(),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            app.drain_jobs().await;
        };
        clock.advance(89 * 86_400_000);
        run_retention().await;
        assert_eq!(
            count(&app, api.environment.clone()).await,
            1,
            "kept within 90 days"
        );
        clock.advance(2 * 86_400_000);
        run_retention().await;
        assert_eq!(
            count(&app, api.environment.clone()).await,
            0,
            "deleted after 90 days"
        );
    }
}

#[tokio::test]
async fn sandbox_validates_against_the_profiles_of_the_packages_its_track_pins() {
    for backend in backends() {
        let app = sandbox_app(&backend).await;
        let mut sandbox = sandbox(&app, "Skua Clinic", "skua.example").await;
        let api = api(&app, &mut sandbox).await;
        // The implementation-guide track pins US Core 6.1.0 beside R4 core.
        let environment = sandbox
            .partner
            .get(&format!("/api/v1/environments/{}", api.environment))
            .await
            .json();
        assert_eq!(
            environment["packages"],
            serde_json::json!(["hl7.fhir.r4.core#4.0.1", "hl7.fhir.us.core#6.1.0"])
        );
        let metadata = app
            .client()
            .get(&format!("/sandbox/{}/fhir/metadata", api.environment))
            .await
            .json();
        assert!(
            !metadata["implementation"]["description"]
                .as_str()
                .unwrap()
                .contains("not installed"),
            "{}",
            metadata["implementation"]
        );
        // A Patient claiming US Core without what US Core requires is refused, naming the profile.
        let claimed = r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]}, "birthDate": "1980-01-01"}"#;
        let refused = api.call(Method::POST, "/Patient", Some(claimed), &[]).await;
        assert_eq!(
            refused.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            refused.body
        );
        assert!(refused.body.contains("us-core-patient"), "{}", refused.body);
        // With an identifier, a name and a gender it is accepted, and the log keeps the claim.
        let conforming = r#"{"resourceType": "Patient", "meta": {"profile": ["http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"]}, "identifier": [{"system": "http://hospital.example/mrn", "value": "42"}], "name": [{"family": "Conform", "given": ["Ada"]}], "gender": "female", "birthDate": "1980-01-01"}"#;
        let accepted = api
            .call(Method::POST, "/Patient", Some(conforming), &[])
            .await;
        assert_eq!(accepted.status, StatusCode::CREATED, "{}", accepted.body);
        let log = sandbox
            .partner
            .get(&format!(
                "/api/v1/environments/{}/messages?profile=us-core-patient",
                api.environment
            ))
            .await
            .json();
        assert_eq!(log.as_array().unwrap().len(), 2, "{log}");
    }
}
