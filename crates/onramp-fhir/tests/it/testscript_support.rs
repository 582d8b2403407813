//! Shared by the TestScript engine tests: a scripted fake FHIR server (an in-memory store that
//! records every request, with a queue of canned answers that go first), the R4 engine and
//! validator, and builders for small scripts.

use std::cell::RefCell;
use std::collections::{BTreeMap, VecDeque};

use onramp_fhir::testscript::{
    run, FixtureSource, HttpRequest, HttpResponse, NoFixtures, RunOutcome, RunSettings, Script,
    Transport,
};
use onramp_fhir::validate::Validator;
use serde_json::{json, Value};

use crate::validate_support::core_validator;

pub const BASE: &str = "http://fake.test/fhir";
pub const SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/testscript-operation-codes";

/// The R4 validator (its definitions hold the typed FHIRPath engine); `None` without ../shared.
pub fn validator() -> Option<Validator> {
    core_validator()
}

/// An in-memory FHIR server: create, read, vread, update, patch (JSON Patch `replace`/`add`),
/// delete (also conditional), history, search (`_id`, `family`, `given`, `name`, `_count`, GET
/// or POST `_search`), batch/transaction (updates take the URL's id), `metadata`, and named operations (`$validate` answers
/// an OperationOutcome, others a Parameters echoing the method).
pub struct FakeServer {
    state: RefCell<State>,
}

#[derive(Default)]
struct State {
    /// (type, id) → versions (None = deleted).
    resources: BTreeMap<(String, String), Vec<Option<Value>>>,
    next_id: u64,
    requests: Vec<HttpRequest>,
    canned: VecDeque<Result<HttpResponse, String>>,
    capability: Option<Value>,
}

impl Default for FakeServer {
    fn default() -> FakeServer {
        FakeServer::new()
    }
}

impl FakeServer {
    pub fn new() -> FakeServer {
        let interactions = json!([
            {"code": "read"}, {"code": "vread"}, {"code": "update"}, {"code": "patch"},
            {"code": "delete"}, {"code": "history-instance"}, {"code": "history-type"},
            {"code": "create"}, {"code": "search-type"}
        ]);
        let resources: Vec<Value> = ["Patient", "Observation", "Bundle", "ValueSet"]
            .iter()
            .map(|t| json!({"type": t, "interaction": interactions}))
            .collect();
        let capability = json!({
            "resourceType": "CapabilityStatement", "status": "active", "date": "2024-01-01",
            "kind": "instance", "fhirVersion": "4.0.1", "format": ["json"],
            "rest": [{"mode": "server", "resource": resources,
                "interaction": [{"code": "transaction"}, {"code": "batch"}, {"code": "history-system"}],
                "operation": [{"name": "validate", "definition": "http://hl7.org/fhir/OperationDefinition/Resource-validate"}]}]
        });
        FakeServer {
            state: RefCell::new(State {
                capability: Some(capability),
                ..State::default()
            }),
        }
    }

    /// Serves this CapabilityStatement (`None`: `metadata` answers 404).
    pub fn with_capability(self, capability: Option<Value>) -> FakeServer {
        self.state.borrow_mut().capability = capability;
        self
    }

    /// The next answers, before the store is asked.
    pub fn queue(&self, answer: Result<HttpResponse, String>) {
        self.state.borrow_mut().canned.push_back(answer);
    }

    /// Stores a resource as the server's (version 1).
    pub fn put(&self, resource: Value) {
        let key = (
            resource["resourceType"].as_str().unwrap().to_string(),
            resource["id"].as_str().unwrap().to_string(),
        );
        let mut state = self.state.borrow_mut();
        let stamped = stamp(resource, 1);
        state.resources.insert(key, vec![Some(stamped)]);
    }

    /// The current version of a resource, if it lives.
    pub fn get(&self, resource_type: &str, id: &str) -> Option<Value> {
        let state = self.state.borrow();
        state
            .resources
            .get(&(resource_type.to_string(), id.to_string()))
            .and_then(|versions| versions.last().cloned().flatten())
    }

    /// Every request received, in order.
    pub fn requests(&self) -> Vec<HttpRequest> {
        self.state.borrow().requests.clone()
    }

    fn handle(&self, method: &str, url: &str, body: Option<&[u8]>) -> HttpResponse {
        let relative = url
            .strip_prefix(BASE)
            .unwrap_or(url)
            .trim_start_matches('/');
        let (path, query) = match relative.split_once('?') {
            Some((path, query)) => (path.to_string(), query.to_string()),
            None => (relative.to_string(), String::new()),
        };
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        let body_json: Option<Value> = body.and_then(|b| serde_json::from_slice(b).ok());
        if let Some(operation) = parts.iter().find(|p| p.starts_with('$')) {
            return named_operation(operation, method);
        }
        match (method, parts.as_slice()) {
            ("GET", ["metadata"]) => match self.state.borrow().capability.clone() {
                Some(capability) => answer(200, &capability, &[]),
                None => outcome(404, "no CapabilityStatement"),
            },
            ("POST", []) => self.bundle(body_json),
            ("POST", [resource_type]) => self.create(resource_type, body_json),
            ("POST", [resource_type, "_search"]) => {
                let form = body.map(|b| String::from_utf8_lossy(b).into_owned());
                self.search(resource_type, &form.unwrap_or_default())
            }
            ("GET", [resource_type]) => self.search(resource_type, &query),
            ("GET", [resource_type, "_history"]) => self.history(resource_type, None),
            ("GET", [resource_type, id]) => self.read(resource_type, id, None),
            ("GET", [resource_type, id, "_history"]) => self.history(resource_type, Some(id)),
            ("GET", [resource_type, id, "_history", version]) => {
                self.read(resource_type, id, Some(version))
            }
            ("PUT", [resource_type, id]) => self.update(resource_type, id, body_json),
            ("PATCH", [resource_type, id]) => self.patch(resource_type, id, body_json),
            ("DELETE", [resource_type, id]) => self.delete(resource_type, id),
            ("DELETE", [resource_type]) => {
                let ids: Vec<String> = self.matches(resource_type, &query);
                for id in &ids {
                    self.delete(resource_type, id);
                }
                HttpResponse {
                    status: 204,
                    headers: Vec::new(),
                    body: Vec::new(),
                }
            }
            _ => outcome(400, &format!("unsupported {method} {url}")),
        }
    }

    fn create(&self, resource_type: &str, body: Option<Value>) -> HttpResponse {
        let Some(mut resource) = body.filter(|b| b["resourceType"] == resource_type) else {
            return outcome(400, "the body is not a resource of the type");
        };
        let id = {
            let mut state = self.state.borrow_mut();
            state.next_id += 1;
            format!("srv{}", state.next_id)
        };
        resource["id"] = json!(id);
        let stamped = stamp(resource, 1);
        self.state.borrow_mut().resources.insert(
            (resource_type.to_string(), id.clone()),
            vec![Some(stamped.clone())],
        );
        let location = format!("{BASE}/{resource_type}/{id}/_history/1");
        answer(201, &stamped, &[("Location", location.as_str())])
    }

    fn read(&self, resource_type: &str, id: &str, version: Option<&str>) -> HttpResponse {
        let state = self.state.borrow();
        let Some(versions) = state
            .resources
            .get(&(resource_type.to_string(), id.to_string()))
        else {
            return outcome(404, &format!("{resource_type}/{id} is not known"));
        };
        let found = match version {
            Some(version) => version
                .parse::<usize>()
                .ok()
                .and_then(|v| versions.get(v.wrapping_sub(1)).cloned()),
            None => versions.last().cloned(),
        };
        match found {
            Some(Some(resource)) => answer(200, &resource, &[]),
            Some(None) => outcome(410, "deleted"),
            None => outcome(404, "no such version"),
        }
    }

    fn update(&self, resource_type: &str, id: &str, body: Option<Value>) -> HttpResponse {
        let Some(mut resource) = body.filter(|b| b["resourceType"] == resource_type) else {
            return outcome(400, "the body is not a resource of the type");
        };
        // Lenient: the URL's id wins (the spec examples update with another fixture's content).
        resource["id"] = json!(id);
        let mut state = self.state.borrow_mut();
        let versions = state
            .resources
            .entry((resource_type.to_string(), id.to_string()))
            .or_default();
        let created = versions.last().is_none_or(Option::is_none);
        let stamped = stamp(resource, versions.len() + 1);
        versions.push(Some(stamped.clone()));
        let location = format!("{BASE}/{resource_type}/{id}/_history/{}", versions.len());
        let status = if created { 201 } else { 200 };
        answer(status, &stamped, &[("Location", location.as_str())])
    }

    fn patch(&self, resource_type: &str, id: &str, body: Option<Value>) -> HttpResponse {
        let Some(mut current) = self.get(resource_type, id) else {
            return outcome(404, "not known");
        };
        let Some(operations) = body.as_ref().and_then(Value::as_array) else {
            return outcome(400, "only JSON Patch");
        };
        for operation in operations {
            let path = operation["path"].as_str().unwrap_or_default();
            match current.pointer_mut(path) {
                Some(place) => *place = operation["value"].clone(),
                None => {
                    let (parent, key) = path.rsplit_once('/').unwrap_or(("", path));
                    match current.pointer_mut(parent).and_then(Value::as_object_mut) {
                        Some(object) => {
                            object.insert(key.to_string(), operation["value"].clone());
                        }
                        None => return outcome(422, "the patch does not apply"),
                    }
                }
            }
        }
        current.as_object_mut().unwrap().remove("meta");
        self.update(resource_type, id, Some(current))
    }

    fn delete(&self, resource_type: &str, id: &str) -> HttpResponse {
        let mut state = self.state.borrow_mut();
        if let Some(versions) = state
            .resources
            .get_mut(&(resource_type.to_string(), id.to_string()))
        {
            if versions.last().is_some_and(Option::is_some) {
                versions.push(None);
            }
        }
        HttpResponse {
            status: 204,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    fn history(&self, resource_type: &str, id: Option<&str>) -> HttpResponse {
        let state = self.state.borrow();
        let entries: Vec<Value> = state
            .resources
            .iter()
            .filter(|((t, i), _)| t == resource_type && id.is_none_or(|id| id == i))
            .flat_map(|(_, versions)| versions.iter().rev().flatten().cloned())
            .map(|resource| {
                let url = format!("{BASE}/{}/{}", resource["resourceType"].as_str().unwrap(), resource["id"].as_str().unwrap());
                json!({"fullUrl": url, "resource": resource, "request": {"method": "PUT", "url": "x"}, "response": {"status": "200"}})
            })
            .collect();
        let bundle = json!({"resourceType": "Bundle", "type": "history", "total": entries.len(), "entry": entries});
        answer(200, &bundle, &[])
    }

    fn matches(&self, resource_type: &str, query: &str) -> Vec<String> {
        let state = self.state.borrow();
        let params: Vec<(String, String)> = query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .map(|(k, v)| (k.to_string(), v.replace("%20", " ").to_lowercase()))
            .collect();
        state
            .resources
            .iter()
            .filter(|((t, _), versions)| {
                t == resource_type && versions.last().is_some_and(Option::is_some)
            })
            .filter(|((_, id), versions)| {
                let resource = versions.last().cloned().flatten().unwrap_or_default();
                params.iter().all(|(name, value)| {
                    let names = resource["name"].as_array().cloned().unwrap_or_default();
                    let text = |v: &Value| v.as_str().unwrap_or_default().to_lowercase();
                    match name.as_str() {
                        "_id" => id.to_lowercase() == *value,
                        "family" => names
                            .iter()
                            .any(|n| text(&n["family"]).starts_with(value.as_str())),
                        "given" => names.iter().any(|n| {
                            n["given"]
                                .as_array()
                                .into_iter()
                                .flatten()
                                .any(|g| text(g).starts_with(value.as_str()))
                        }),
                        "name" => names
                            .iter()
                            .any(|n| n.to_string().to_lowercase().contains(value.as_str())),
                        _ => true,
                    }
                })
            })
            .map(|((_, id), _)| id.clone())
            .collect()
    }

    fn search(&self, resource_type: &str, query: &str) -> HttpResponse {
        let ids = self.matches(resource_type, query);
        let count: usize = query
            .split('&')
            .find_map(|pair| pair.strip_prefix("_count="))
            .and_then(|c| c.parse().ok())
            .unwrap_or(50);
        let entries: Vec<Value> = ids
            .iter()
            .take(count)
            .map(|id| {
                let resource = self.get(resource_type, id).unwrap_or_default();
                json!({"fullUrl": format!("{BASE}/{resource_type}/{id}"), "resource": resource, "search": {"mode": "match"}})
            })
            .collect();
        let page = format!("{BASE}/{resource_type}?{query}");
        let mut links = vec![
            json!({"relation": "self", "url": page}),
            json!({"relation": "first", "url": page}),
            json!({"relation": "last", "url": page}),
        ];
        if ids.len() > count {
            links.push(json!({"relation": "next", "url": format!("{page}&_offset={count}")}));
        }
        let bundle = json!({"resourceType": "Bundle", "type": "searchset", "total": ids.len(), "link": links, "entry": entries});
        answer(200, &bundle, &[])
    }

    fn bundle(&self, body: Option<Value>) -> HttpResponse {
        let Some(bundle) = body.filter(|b| b["resourceType"] == "Bundle") else {
            return outcome(400, "not a Bundle");
        };
        let kind = bundle["type"].as_str().unwrap_or_default().to_string();
        let mut responses = Vec::new();
        for entry in bundle["entry"].as_array().cloned().unwrap_or_default() {
            let method = entry["request"]["method"]
                .as_str()
                .unwrap_or("GET")
                .to_string();
            let url = format!(
                "{BASE}/{}",
                entry["request"]["url"].as_str().unwrap_or_default()
            );
            let body = entry
                .get("resource")
                .map(|r| serde_json::to_vec(r).unwrap());
            let response = self.handle(&method, &url, body.as_deref());
            responses.push(json!({"response": {"status": response.status.to_string()}}));
        }
        let answer_type = format!("{kind}-response");
        answer(
            200,
            &json!({"resourceType": "Bundle", "type": answer_type, "entry": responses}),
            &[],
        )
    }
}

fn named_operation(operation: &str, method: &str) -> HttpResponse {
    if *operation == *"$validate" {
        return answer(
            200,
            &json!({"resourceType": "OperationOutcome", "issue": [{"severity": "information", "code": "informational", "diagnostics": "valid"}]}),
            &[],
        );
    }
    answer(
        200,
        &json!({"resourceType": "Parameters", "parameter": [
            {"name": "operation", "valueString": operation},
            {"name": "method", "valueString": method}
        ]}),
        &[],
    )
}

fn stamp(mut resource: Value, version: usize) -> Value {
    resource["meta"] =
        json!({"versionId": version.to_string(), "lastUpdated": "2024-01-01T00:00:00Z"});
    resource
}

pub fn answer(status: u16, body: &Value, extra: &[(&str, &str)]) -> HttpResponse {
    let mut headers = vec![(
        "Content-Type".to_string(),
        "application/fhir+json; charset=utf-8".to_string(),
    )];
    if let Some(version) = body["meta"]["versionId"].as_str() {
        headers.push(("ETag".to_string(), format!("W/\"{version}\"")));
        headers.push((
            "Last-Modified".to_string(),
            "Mon, 01 Jan 2024 00:00:00 GMT".to_string(),
        ));
    }
    for (name, value) in extra {
        headers.push((name.to_string(), value.to_string()));
    }
    HttpResponse {
        status,
        headers,
        body: serde_json::to_vec(body).unwrap(),
    }
}

pub fn outcome(status: u16, message: &str) -> HttpResponse {
    answer(
        status,
        &json!({"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "processing", "diagnostics": message}]}),
        &[],
    )
}

impl Transport for FakeServer {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, String> {
        self.state.borrow_mut().requests.push(request.clone());
        let canned = self.state.borrow_mut().canned.pop_front();
        if let Some(canned) = canned {
            return canned;
        }
        Ok(self.handle(&request.method, &request.url, request.body.as_deref()))
    }
}

/// Fixtures by reference from a map.
pub struct MapFixtures(pub Vec<(String, Value)>);

impl FixtureSource for MapFixtures {
    fn load(&self, reference: &str) -> Option<Result<Vec<u8>, String>> {
        self.0
            .iter()
            .find(|(name, _)| name == reference)
            .map(|(_, value)| Ok(serde_json::to_vec(value).unwrap()))
    }
}

/// A TestScript with the required elements around `body`'s elements.
pub fn script(body: Value) -> Value {
    let mut script = json!({
        "resourceType": "TestScript", "id": "t", "url": "http://example.org/TestScript/t",
        "name": "T", "status": "active"
    });
    for (key, value) in body.as_object().unwrap() {
        script[key] = value.clone();
    }
    script
}

/// An operation action of type `code` with more elements.
pub fn op(code: &str, more: Value) -> Value {
    let mut operation = json!({"type": {"system": SYSTEM, "code": code}, "encodeRequestUrl": true});
    for (key, value) in more.as_object().unwrap() {
        operation[key] = value.clone();
    }
    json!({"operation": operation})
}

/// An assert action with these elements.
pub fn check(more: Value) -> Value {
    let mut assertion = json!({"warningOnly": false});
    for (key, value) in more.as_object().unwrap() {
        assertion[key] = value.clone();
    }
    json!({"assert": assertion})
}

/// A script of one test with these actions.
pub fn one_test(actions: Value, more: Value) -> Value {
    let mut body = json!({"test": [{"name": "only", "action": actions}]});
    for (key, value) in more.as_object().unwrap() {
        body[key] = value.clone();
    }
    script(body)
}

pub fn parse(script: &Value) -> Script {
    Script::parse(&serde_json::to_vec(script).unwrap())
        .unwrap_or_else(|problems| panic!("the script is invalid: {problems:?}"))
}

/// Runs a script against a server with these fixtures.
pub fn run_with(
    validator: &Validator,
    script: &Value,
    server: &FakeServer,
    fixtures: &dyn FixtureSource,
) -> RunOutcome {
    let parsed = parse(script);
    let settings = RunSettings {
        base_url: BASE,
        fhirpath: validator.definitions().engine(),
        validator: Some(validator),
        issued: "2024-05-01T10:00:00Z",
        tester: "Onramp 0.1.0",
        extra_headers: &[],
        variables: &[],
    };
    run(&parsed, &settings, server, fixtures, &mut |_| {})
}

/// Runs a script without static fixtures besides the contained ones.
pub fn run_on(validator: &Validator, script: &Value, server: &FakeServer) -> RunOutcome {
    run_with(validator, script, server, &NoFixtures)
}

/// The results of the only test's actions.
pub fn results(outcome: &RunOutcome) -> Vec<String> {
    outcome.report["test"][0]["action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|action| {
            let part = action.get("operation").or(action.get("assert")).unwrap();
            part["result"].as_str().unwrap().to_string()
        })
        .collect()
}

/// The message of the only test's action `index`.
pub fn message(outcome: &RunOutcome, index: usize) -> String {
    let action = &outcome.report["test"][0]["action"][index];
    let part = action.get("operation").or(action.get("assert")).unwrap();
    part["message"].as_str().unwrap_or_default().to_string()
}

pub fn patient(id: &str, family: &str) -> Value {
    json!({
        "resourceType": "Patient", "id": id,
        "text": {"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Peter</div>"},
        "name": [{"family": family, "given": ["Peter"]}], "gender": "male"
    })
}
