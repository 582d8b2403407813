//! The run: phases in order (capabilities, fixtures and autocreate, setup, tests, teardown and
//! autodelete), each action executed or skipped, every exchange kept, progress reported after
//! each action. The rules are in the module documentation of [`super`].

use super::asserts::evaluate_assert;
use super::capability::{assess, declared};
use super::fixtures::{Fixtures, Stored, Target};
use super::operation::{build, code};
use super::parse::{test_name, Script, Step};
use super::report::{build as build_report, Entry, Kind, Record, TestRecord};
use super::script::{Assert, Operation};
use super::variables::Context;
use super::{
    ActionResult, Exchange, FixtureSource, HttpRequest, Phase, Progress, RunOutcome, RunSettings,
    Transport,
};

/// Runs a parsed script against the server at `settings.base_url`.
pub fn run(
    script: &Script,
    settings: &RunSettings<'_>,
    transport: &dyn Transport,
    fixtures: &dyn FixtureSource,
    progress: &mut dyn FnMut(&Progress),
) -> RunOutcome {
    let (loaded, failures) = Fixtures::load(script, fixtures);
    let mut runner = Runner {
        script,
        settings,
        transport,
        source: fixtures,
        progress,
        fixtures: loaded,
        exchanges: Vec::new(),
        record: Record::default(),
        done: 0,
        total: total(script),
    };
    runner.execute(failures);
    let (report, summary) = build_report(script, settings, &runner.record);
    RunOutcome {
        report,
        summary,
        exchanges: runner.exchanges,
    }
}

/// Every action the run reports.
fn total(script: &Script) -> usize {
    let capabilities = usize::from(!declared(script).is_empty());
    let autocreate = script.fixtures.iter().filter(|f| f.autocreate).count();
    let autodelete = script.fixtures.iter().filter(|f| f.autodelete).count();
    let tests: usize = script.tests.iter().map(|test| test.steps.len()).sum();
    capabilities + autocreate + script.setup.len() + tests + script.teardown.len() + autodelete
}

struct Runner<'a, 'p> {
    script: &'a Script,
    settings: &'a RunSettings<'a>,
    transport: &'a dyn Transport,
    source: &'a dyn FixtureSource,
    progress: &'p mut dyn FnMut(&Progress),
    fixtures: Fixtures,
    exchanges: Vec<Exchange>,
    record: Record,
    done: usize,
    total: usize,
}

impl Runner<'_, '_> {
    fn execute(&mut self, fixture_failures: Vec<(String, String)>) {
        if let Some(reason) = self.script.unsupported.clone() {
            self.skip_everything(&reason);
            return;
        }
        if !declared(self.script).is_empty() && !self.capabilities() {
            return;
        }
        let mut setup_ok = true;
        for (id, message) in fixture_failures {
            self.push_setup(error(
                Kind::Operation,
                format!("the fixture {id} could not be loaded: {message}"),
            ));
            setup_ok = false;
        }
        if setup_ok {
            setup_ok = self.autocreate();
        }
        let script = self.script;
        for step in &script.setup {
            let entry = if setup_ok {
                self.step(step, Phase::Setup, self.record.setup.len())
            } else {
                skipped(step, "not run: setup failed before it")
            };
            setup_ok &= !entry.result.is_failure();
            self.push_setup(entry);
            self.advance(Phase::Setup, step_name(step));
        }
        for (index, test) in script.tests.iter().enumerate() {
            self.record.tests.push(TestRecord {
                name: test_name(test, index),
                description: test.description.clone(),
                entries: Vec::new(),
            });
            let mut test_ok = true;
            for step in &test.steps {
                let phase = Phase::Test(index);
                let entry = if !setup_ok {
                    skipped(step, "skipped: setup failed")
                } else if !test_ok {
                    skipped(step, "not run: an earlier action of this test failed")
                } else {
                    let action_index = self.record.tests.last().map_or(0, |t| t.entries.len());
                    self.step(step, phase, action_index)
                };
                test_ok &= !entry.result.is_failure();
                if let Some(record) = self.record.tests.last_mut() {
                    record.entries.push(entry);
                }
                self.advance(phase, step_name(step));
            }
        }
        for operation in &script.teardown {
            let entry = self.operation(operation, Phase::Teardown, self.record.teardown.len());
            self.record.teardown.push(entry);
            self.advance(Phase::Teardown, operation_name(operation));
        }
        self.autodelete();
    }

    fn push_setup(&mut self, entry: Entry) {
        self.record.setup.push(entry);
    }

    fn advance(&mut self, phase: Phase, action: String) {
        self.done += 1;
        let progress = Progress {
            done: self.done,
            total: self.total.max(self.done),
            phase,
            action,
        };
        (self.progress)(&progress);
    }

    fn context(&self) -> Context<'_> {
        Context {
            script: self.script,
            fixtures: &self.fixtures,
            engine: self.settings.fhirpath,
            given: self.settings.variables,
        }
    }

    /// Every action `skip` with the reason; the report's result is then `pending`.
    fn skip_everything(&mut self, reason: &str) {
        let message = format!("skipped: {reason}");
        let script = self.script;
        for step in &script.setup {
            self.push_setup(skipped(step, &message));
        }
        for (index, test) in script.tests.iter().enumerate() {
            self.record.tests.push(TestRecord {
                name: test_name(test, index),
                description: test.description.clone(),
                entries: test
                    .steps
                    .iter()
                    .map(|step| skipped(step, &message))
                    .collect(),
            });
        }
        for _ in &script.teardown {
            self.record.teardown.push(Entry {
                kind: Kind::Operation,
                result: ActionResult::Skip,
                message: message.clone(),
                detail: None,
            });
        }
        self.record.skipped = Some(reason.to_string());
    }

    /// Fetches the server's CapabilityStatement and checks the script's capabilities; `false`
    /// when the script is skipped.
    fn capabilities(&mut self) -> bool {
        let url = format!("{}/metadata", self.settings.base_url.trim_end_matches('/'));
        let mut headers = vec![("Accept".to_string(), "application/fhir+json".to_string())];
        headers.extend(self.settings.extra_headers.iter().cloned());
        let request = HttpRequest {
            method: "GET".to_string(),
            url: url.clone(),
            headers,
            body: None,
        };
        let response = self.send(request, Phase::Setup, 0);
        let statement = match &response {
            Ok(response) if response.status == 200 => {
                match serde_json::from_slice::<serde_json::Value>(&response.body) {
                    Ok(json)
                        if json.get("resourceType").and_then(|t| t.as_str())
                            == Some("CapabilityStatement") =>
                    {
                        Ok(json)
                    }
                    _ => Err("the answer is not a CapabilityStatement in JSON".to_string()),
                }
            }
            Ok(response) => Err(format!("GET {url} answered {}", response.status)),
            Err(error) => Err(error.clone()),
        };
        let assessment = assess(
            self.script,
            &self.fixtures,
            self.source,
            statement.as_ref().map_err(Clone::clone),
        );
        let (result, message) = match (&assessment.skip, assessment.warnings.is_empty()) {
            (Some(reason), _) => (ActionResult::Skip, format!("capabilities: {reason}")),
            (None, false) => (
                ActionResult::Warning,
                format!("capabilities: {}", assessment.warnings.join("; ")),
            ),
            (None, true) => (
                ActionResult::Pass,
                format!(
                    "capabilities: the server meets them ({})",
                    assessment.checked.join("; ")
                ),
            ),
        };
        self.advance(Phase::Setup, "capabilities".to_string());
        let entry = Entry {
            kind: Kind::Operation,
            result,
            message,
            detail: Some(url),
        };
        match assessment.skip {
            Some(reason) => {
                self.skip_everything(&reason);
                self.record.setup.insert(0, entry);
                false
            }
            None => {
                self.push_setup(entry);
                true
            }
        }
    }

    /// Creates the `autocreate` fixtures (`POST [type]`); `false` when one could not be.
    fn autocreate(&mut self) -> bool {
        let script = self.script;
        for fixture in script.fixtures.iter().filter(|f| f.autocreate) {
            let id = fixture.id.clone().unwrap_or_default();
            let entry = self.create_fixture(&id);
            let ok = !entry.result.is_failure();
            self.push_setup(entry);
            self.advance(Phase::Setup, format!("autocreate {id}"));
            if !ok {
                return false;
            }
        }
        true
    }

    fn create_fixture(&mut self, id: &str) -> Entry {
        let stored = match self.fixtures.get(id) {
            Ok(stored) => stored.clone(),
            Err(message) => return error(Kind::Operation, message),
        };
        let Some(resource_type) = stored
            .json()
            .and_then(|json| json.get("resourceType")?.as_str().map(str::to_string))
        else {
            return error(
                Kind::Operation,
                format!("autocreate {id}: the fixture is not a resource"),
            );
        };
        let request = self.plain_request(
            "POST",
            &resource_type,
            stored.body.clone().filter(|body| !body.is_empty()),
        );
        let url = request.url.clone();
        let index = self.record.setup.len();
        match self.send(request.clone(), Phase::Setup, index) {
            Ok(response) if (200..300).contains(&response.status) => {
                let answered = Stored::from_response(&response);
                match answered.target() {
                    Some(target) => {
                        let message = format!(
                            "autocreate {id}: POST {url} → {} ({})",
                            response.status,
                            target.path()
                        );
                        self.fixtures.created.insert(id.to_string(), target);
                        self.remember(&request, Some(answered));
                        operation_entry(ActionResult::Pass, message, url)
                    }
                    None => operation_entry(
                        ActionResult::Error,
                        format!(
                            "autocreate {id}: POST {url} → {} without a Location or resource id",
                            response.status
                        ),
                        url,
                    ),
                }
            }
            Ok(response) => operation_entry(
                ActionResult::Fail,
                format!("autocreate {id}: expected 201, got {}", response.status),
                url,
            ),
            Err(message) => operation_entry(
                ActionResult::Error,
                format!("autocreate {id}: POST {url} failed: {message}"),
                url,
            ),
        }
    }

    /// Deletes what was created from `autodelete` fixtures (the server's ids, not the fixture's).
    fn autodelete(&mut self) {
        let script = self.script;
        for fixture in script.fixtures.iter().filter(|f| f.autodelete) {
            let id = fixture.id.clone().unwrap_or_default();
            let entry = match self.fixtures.created.get(&id).cloned() {
                None => Entry {
                    kind: Kind::Operation,
                    result: ActionResult::Skip,
                    message: format!("autodelete {id}: nothing was created from the fixture"),
                    detail: None,
                },
                Some(target) => self.delete(&id, &target),
            };
            self.record.teardown.push(entry);
            self.advance(Phase::Teardown, format!("autodelete {id}"));
        }
    }

    fn delete(&mut self, id: &str, target: &Target) -> Entry {
        let request = self.plain_request("DELETE", &target.path(), None);
        let url = request.url.clone();
        let index = self.record.teardown.len();
        match self.send(request, Phase::Teardown, index) {
            Ok(response) if (200..300).contains(&response.status) => operation_entry(
                ActionResult::Pass,
                format!("autodelete {id}: DELETE {url} → {}", response.status),
                url,
            ),
            Ok(response) => operation_entry(
                ActionResult::Fail,
                format!("autodelete {id}: DELETE {url} → {}", response.status),
                url,
            ),
            Err(message) => operation_entry(
                ActionResult::Error,
                format!("autodelete {id}: DELETE {url} failed: {message}"),
                url,
            ),
        }
    }

    /// A JSON request to `[base]/[path]` with the caller's extra headers.
    fn plain_request(&self, method: &str, path: &str, body: Option<Vec<u8>>) -> HttpRequest {
        let mut headers = vec![("Accept".to_string(), "application/fhir+json".to_string())];
        if body.is_some() {
            headers.push((
                "Content-Type".to_string(),
                "application/fhir+json".to_string(),
            ));
        }
        headers.extend(self.settings.extra_headers.iter().cloned());
        HttpRequest {
            method: method.to_string(),
            url: format!("{}/{path}", self.settings.base_url.trim_end_matches('/')),
            headers,
            body,
        }
    }

    /// Sends and keeps the exchange.
    fn send(
        &mut self,
        request: HttpRequest,
        phase: Phase,
        action_index: usize,
    ) -> Result<super::HttpResponse, String> {
        let response = self.transport.send(&request);
        self.exchanges.push(Exchange {
            request,
            response: response.clone(),
            phase: phase.to_string(),
            action_index,
        });
        response
    }

    /// The last request and response, for asserts without a `sourceId`.
    fn remember(&mut self, request: &HttpRequest, response: Option<Stored>) {
        self.fixtures.last_request = Some(Stored::from_request(request));
        self.fixtures.last_response = response;
    }

    fn step(&mut self, step: &Step, phase: Phase, action_index: usize) -> Entry {
        match step {
            Step::Operation(operation) => self.operation(operation, phase, action_index),
            Step::Assert(assertion) => self.assertion(assertion),
        }
    }

    fn assertion(&self, assertion: &Assert) -> Entry {
        let verdict = evaluate_assert(assertion, self.context(), self.settings);
        Entry {
            kind: Kind::Assert,
            result: verdict.result,
            message: verdict.message,
            detail: None,
        }
    }

    fn operation(&mut self, operation: &Operation, phase: Phase, action_index: usize) -> Entry {
        let title = operation
            .label
            .clone()
            .or_else(|| operation.description.clone())
            .unwrap_or_else(|| code(operation).to_string());
        let request = match build(operation, self.context(), self.settings) {
            Ok(request) => request,
            Err(message) => {
                return error(
                    Kind::Operation,
                    format!("{title}: cannot build the request: {message}"),
                )
            }
        };
        let line = format!("{} {}", request.method, request.url);
        let url = request.url.clone();
        let sent = Stored::from_request(&request);
        if let Some(id) = &operation.request_id {
            self.fixtures.store(id, sent.clone());
        }
        match self.send(request.clone(), phase, action_index) {
            Ok(response) => {
                let answered = Stored::from_response(&response);
                if let Some(id) = &operation.response_id {
                    self.fixtures.store(id, answered.clone());
                }
                let creates = matches!(code(operation), "create" | "update" | "updateCreate");
                if let (Some(source), true) = (&operation.source_id, creates) {
                    if (200..300).contains(&response.status) {
                        let target = answered
                            .target()
                            .filter(|t| t.resource_type != "OperationOutcome")
                            .or_else(|| Target::from_location(&request.url));
                        if let Some(target) = target {
                            self.fixtures.created.insert(source.clone(), target);
                        }
                    }
                }
                self.remember(&request, Some(answered));
                operation_entry(
                    ActionResult::Pass,
                    format!("{title}: {line} → {}", response.status),
                    url,
                )
            }
            Err(message) => {
                self.remember(&request, None);
                operation_entry(
                    ActionResult::Error,
                    format!("{title}: {line} got no response: {message}"),
                    url,
                )
            }
        }
    }
}

fn error(kind: Kind, message: String) -> Entry {
    Entry {
        kind,
        result: ActionResult::Error,
        message,
        detail: None,
    }
}

fn operation_entry(result: ActionResult, message: String, url: String) -> Entry {
    Entry {
        kind: Kind::Operation,
        result,
        message,
        detail: Some(url),
    }
}

fn skipped(step: &Step, message: &str) -> Entry {
    Entry {
        kind: match step {
            Step::Operation(_) => Kind::Operation,
            Step::Assert(_) => Kind::Assert,
        },
        result: ActionResult::Skip,
        message: message.to_string(),
        detail: None,
    }
}

fn operation_name(operation: &Operation) -> String {
    operation
        .label
        .clone()
        .or_else(|| operation.description.clone())
        .unwrap_or_else(|| code(operation).to_string())
}

fn step_name(step: &Step) -> String {
    match step {
        Step::Operation(operation) => operation_name(operation),
        Step::Assert(assertion) => assertion
            .title()
            .map(str::to_string)
            .unwrap_or_else(|| assertion.kinds().join(", ")),
    }
}
