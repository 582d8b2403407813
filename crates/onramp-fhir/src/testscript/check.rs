//! The rules a TestScript must keep before anything is sent: the invariants of R4 (tst-1…tst-13),
//! every id it refers to declared (fixtures, profiles, variables), known operation types,
//! methods, operators and response codes, FHIRPath that compiles. Also what makes a valid script
//! unrunnable here (XML, XPath, several servers), returned as the reason to skip it.

use std::collections::HashSet;

use super::parse::{problem, Script};
use super::script::{
    is_unsupported_format, is_xpath, Assert, Operation, INTERACTIONS, METHODS, NAMED_OPERATIONS,
    OPERATION_SYSTEMS, OPERATORS, RESPONSES,
};
use super::variables::placeholders;
use super::ScriptProblem;
use crate::fhirpath::{Engine, FhirPathError};

/// Checks the script; returns why it cannot run here, if so.
pub(crate) fn check(script: &Script, problems: &mut Vec<ScriptProblem>) -> Option<String> {
    let mut checker = Checker {
        script,
        problems,
        engine: Engine::untyped(),
        unsupported: Vec::new(),
        fixture_ids: fixture_ids(script),
        variables: script.variables.iter().map(|v| v.name.as_str()).collect(),
    };
    checker.declarations();
    for (location, operation) in script.operations() {
        checker.operation(&location, operation);
    }
    for (location, assertion) in script.asserts() {
        checker.assertion(&location, assertion);
    }
    if checker.unsupported.is_empty() {
        None
    } else {
        let mut reasons = checker.unsupported;
        reasons.dedup();
        Some(reasons.join("; "))
    }
}

/// The ids an operation or assert may name: declared fixtures, and the `responseId`s and
/// `requestId`s of operations (the spec lets them be new).
fn fixture_ids(script: &Script) -> HashSet<String> {
    let mut ids: HashSet<String> = script
        .fixtures
        .iter()
        .filter_map(|fixture| fixture.id.clone())
        .collect();
    for (_, operation) in script.operations() {
        ids.extend(operation.response_id.iter().cloned());
        ids.extend(operation.request_id.iter().cloned());
    }
    ids
}

struct Checker<'a> {
    script: &'a Script,
    problems: &'a mut Vec<ScriptProblem>,
    engine: Engine,
    unsupported: Vec<String>,
    fixture_ids: HashSet<String>,
    variables: HashSet<&'a str>,
}

impl Checker<'_> {
    fn problem(&mut self, location: &str, message: String) {
        self.problems.push(problem(location, message));
    }

    fn declarations(&mut self) {
        let script = self.script;
        let mut seen = HashSet::new();
        for (index, fixture) in script.fixtures.iter().enumerate() {
            let location = format!("TestScript.fixture[{index}]");
            match &fixture.id {
                None => self.problem(&location, "a fixture needs an id".to_string()),
                Some(id) if !seen.insert(id.clone()) => {
                    self.problem(&location, format!("the fixture id {id} is declared twice"))
                }
                Some(_) => {}
            }
            let reference = fixture.resource.as_ref().and_then(|r| r.reference.as_ref());
            match reference {
                Some(reference) => {
                    if let Some(local) = reference.strip_prefix('#') {
                        let found = script.contained.iter().any(|resource| {
                            resource.get("id").and_then(|id| id.as_str()) == Some(local)
                        });
                        if !found {
                            self.problem(
                                &format!("{location}.resource.reference"),
                                format!("no contained resource has the id {local}"),
                            );
                        }
                    }
                }
                None if fixture.autocreate || fixture.autodelete => self.problem(
                    &location,
                    "autocreate and autodelete need the fixture's resource".to_string(),
                ),
                None => {}
            }
        }
        for (index, profile) in script.profiles.iter().enumerate() {
            if profile.id.is_none() || profile.reference.is_none() {
                self.problem(
                    &format!("TestScript.profile[{index}]"),
                    "a profile needs an id (for validateProfileId) and a reference".to_string(),
                );
            }
        }
        for (index, variable) in script.variables.iter().enumerate() {
            let location = format!("TestScript.variable[{index}]");
            let sources = [
                variable.expression.is_some(),
                variable.header_field.is_some(),
                variable.path.is_some(),
            ];
            if sources.iter().filter(|is| **is).count() > 1 {
                self.problem(
                    &location,
                    "a variable takes only one of expression, headerField or path (tst-3)"
                        .to_string(),
                );
            }
            if let Some(expression) = &variable.expression {
                self.fhirpath(&format!("{location}.expression"), expression);
            }
            if let Some(path) = &variable.path {
                self.path(&format!("{location}.path"), path);
            }
            if let Some(source) = &variable.source_id {
                self.fixture(&format!("{location}.sourceId"), source);
            }
        }
        for (index, capability) in script.capabilities.iter().enumerate() {
            if capability.capabilities.is_none() {
                self.problem(
                    &format!("TestScript.metadata.capability[{index}]"),
                    "a capability needs its capabilities canonical".to_string(),
                );
            }
        }
        if script.destinations.len() > 1 {
            self.unsupported.push(format!(
                "the script uses {} destination servers; this engine tests one server",
                script.destinations.len()
            ));
        }
    }

    fn fixture(&mut self, location: &str, id: &str) {
        if !self.fixture_ids.contains(id) {
            self.problem(
                location,
                format!("no fixture, responseId or requestId is named {id}"),
            );
        }
    }

    fn variables_in(&mut self, location: &str, text: &str) {
        for name in placeholders(text) {
            if !self.variables.contains(name.as_str()) {
                self.problem(location, format!("the variable {name} is not declared"));
            }
        }
    }

    fn fhirpath(&mut self, location: &str, text: &str) {
        self.variables_in(location, text);
        let compilable = super::variables::stand_in(text);
        match self.engine.compile(&compilable) {
            Ok(_) => {}
            Err(error @ FhirPathError::Syntax { .. }) => {
                self.problem(location, format!("the FHIRPath does not compile: {error}"))
            }
            // Type names need the model, which the run has; the untyped engine only knows syntax
            // and functions.
            Err(FhirPathError::Semantic { message, .. }) if message.contains("type") => {}
            Err(error) => self.problem(location, format!("the FHIRPath does not compile: {error}")),
        }
    }

    fn path(&mut self, location: &str, path: &str) {
        if is_xpath(path) {
            self.unsupported.push(format!(
                "XPath is not supported ({location} is {path:?}); use expression (FHIRPath)"
            ));
        } else {
            self.fhirpath(location, path);
        }
    }

    fn operation(&mut self, location: &str, operation: &Operation) {
        let code = operation
            .kind
            .as_ref()
            .and_then(|kind| kind.code.as_deref());
        if let Some(kind) = &operation.kind {
            let system_known = kind
                .system
                .as_deref()
                .is_none_or(|system| OPERATION_SYSTEMS.contains(&system));
            if !system_known {
                self.problem(
                    &format!("{location}.type.system"),
                    format!(
                        "unknown operation type system {:?}; expected {}",
                        kind.system.as_deref().unwrap_or_default(),
                        OPERATION_SYSTEMS.join(" or ")
                    ),
                );
            }
            match code {
                None => self.problem(
                    &format!("{location}.type"),
                    "the operation type has no code".to_string(),
                ),
                Some(code)
                    if !INTERACTIONS.contains(&code) && !NAMED_OPERATIONS.contains(&code) =>
                {
                    self.problem(
                        &format!("{location}.type.code"),
                        format!("unknown operation type {code}"),
                    )
                }
                Some(_) => {}
            }
        }
        if let Some(method) = &operation.method {
            if !METHODS.contains(&method.as_str()) {
                self.problem(
                    &format!("{location}.method"),
                    format!("unknown HTTP method {method}; expected one of {METHODS:?}"),
                );
            }
        }
        let targets = operation.source_id.is_some()
            || operation.target_id.is_some()
            || operation.url.is_some()
            || operation.params.is_some()
            || operation.resource.is_some()
            || matches!(
                code,
                Some("capabilities" | "search" | "transaction" | "batch" | "history")
            );
        if !targets {
            self.problem(
                location,
                "an operation needs a sourceId, targetId, params, url or resource (tst-7)"
                    .to_string(),
            );
        }
        for (name, id) in [
            ("sourceId", &operation.source_id),
            ("targetId", &operation.target_id),
        ] {
            if let Some(id) = id {
                self.fixture(&format!("{location}.{name}"), id);
            }
        }
        for (name, text) in [("params", &operation.params), ("url", &operation.url)] {
            if let Some(text) = text {
                self.variables_in(&format!("{location}.{name}"), text);
            }
        }
        for (index, header) in operation.request_header.iter().enumerate() {
            self.variables_in(
                &format!("{location}.requestHeader[{index}].value"),
                &header.value,
            );
        }
        for (name, format) in [
            ("accept", &operation.accept),
            ("contentType", &operation.content_type),
        ] {
            if let Some(format) = format.as_deref().filter(|f| is_unsupported_format(f)) {
                self.unsupported.push(format!(
                    "XML is not supported ({location}.{name} is {format})"
                ));
            }
        }
        let first_destination = self
            .script
            .destinations
            .first()
            .and_then(|d| d.index)
            .unwrap_or(1);
        if let Some(destination) = operation.destination {
            if destination != first_destination {
                self.unsupported.push(format!(
                    "{location} is sent to destination {destination}; this engine tests one server"
                ));
            }
        }
        if let Some(origin) = operation.origin {
            self.unsupported.push(format!(
                "{location} waits for a request from origin {origin}; this engine is the only client"
            ));
        }
    }

    fn assertion(&mut self, location: &str, assertion: &Assert) {
        let kinds = assertion.kinds();
        if kinds.len() > 1 {
            self.problem(
                location,
                format!(
                    "an assert makes one check, this one has {} (tst-5)",
                    kinds.join(", ")
                ),
            );
        }
        if kinds.is_empty() && assertion.compare_to_source_id.is_none() {
            self.problem(location, "the assert checks nothing".to_string());
        }
        let compares = assertion.compare_to_source_expression.is_some()
            || assertion.compare_to_source_path.is_some();
        if assertion.compare_to_source_id.is_some() != compares {
            self.problem(
                location,
                "compareToSourceId goes with compareToSourceExpression or compareToSourcePath (tst-10)"
                    .to_string(),
            );
        }
        if assertion.compare_to_source_expression.is_some()
            && assertion.compare_to_source_path.is_some()
        {
            self.problem(
                location,
                "compareToSourceExpression and compareToSourcePath exclude each other".to_string(),
            );
        }
        match assertion.direction.as_deref() {
            None | Some("response") => {}
            Some("request") => {
                if assertion.response.is_some() || assertion.response_code.is_some() {
                    self.problem(
                        location,
                        "response and responseCode cannot be asserted on the request (tst-12)"
                            .to_string(),
                    );
                }
            }
            Some(other) => self.problem(
                &format!("{location}.direction"),
                format!("unknown direction {other}; expected request or response"),
            ),
        }
        if let Some(operator) = &assertion.operator {
            if !OPERATORS.contains(&operator.as_str()) {
                self.problem(
                    &format!("{location}.operator"),
                    format!("unknown operator {operator}"),
                );
            }
        }
        if let Some(response) = &assertion.response {
            let in_list = matches!(assertion.operator.as_deref(), Some("in" | "notIn"));
            let codes: Vec<&str> = if in_list {
                response.split(',').map(str::trim).collect()
            } else {
                vec![response.as_str()]
            };
            for code in codes {
                if !RESPONSES.iter().any(|(name, _)| *name == code) {
                    self.problem(
                        &format!("{location}.response"),
                        format!("unknown response code {code}"),
                    );
                }
            }
        }
        if let Some(method) = &assertion.request_method {
            if !METHODS.contains(&method.as_str()) {
                self.problem(
                    &format!("{location}.requestMethod"),
                    format!("unknown HTTP method {method}"),
                );
            }
        }
        if let Some(expression) = &assertion.expression {
            self.fhirpath(&format!("{location}.expression"), expression);
        }
        if let Some(expression) = &assertion.compare_to_source_expression {
            self.fhirpath(&format!("{location}.compareToSourceExpression"), expression);
        }
        if let Some(path) = &assertion.path {
            self.path(&format!("{location}.path"), path);
        }
        if let Some(path) = &assertion.compare_to_source_path {
            self.path(&format!("{location}.compareToSourcePath"), path);
        }
        for (name, id) in [
            ("sourceId", &assertion.source_id),
            ("minimumId", &assertion.minimum_id),
            ("compareToSourceId", &assertion.compare_to_source_id),
        ] {
            if let Some(id) = id {
                self.fixture(&format!("{location}.{name}"), id);
            }
        }
        if let Some(profile) = &assertion.validate_profile_id {
            let declared = self
                .script
                .profiles
                .iter()
                .any(|p| p.id.as_deref() == Some(profile.as_str()));
            if !declared {
                self.problem(
                    &format!("{location}.validateProfileId"),
                    format!("no profile has the id {profile}"),
                );
            }
        }
        for (name, text) in [
            ("value", &assertion.value),
            ("headerField", &assertion.header_field),
            ("requestURL", &assertion.request_url),
        ] {
            if let Some(text) = text {
                self.variables_in(&format!("{location}.{name}"), text);
            }
        }
    }
}
