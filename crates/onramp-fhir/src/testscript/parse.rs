//! Reading a TestScript: JSON into the [`Script`] model, each part deserialized on its own so a
//! problem names where it is (`TestScript.test[0].action[2].assert`). The rules the script must
//! keep before anything is sent are in [`super::check`].

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::check::check;
use super::script::{
    Action, Assert, Capability, Fixture, Metadata, Operation, Party, Profile, Section, Variable,
};
use super::ScriptProblem;

/// A TestScript read and checked before anything is sent.
#[derive(Clone, Debug)]
pub struct Script {
    pub(crate) id: Option<String>,
    pub(crate) name: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) title: Option<String>,
    pub(crate) contained: Vec<Value>,
    pub(crate) fixtures: Vec<Fixture>,
    pub(crate) profiles: Vec<Profile>,
    pub(crate) variables: Vec<Variable>,
    pub(crate) capabilities: Vec<Capability>,
    pub(crate) destinations: Vec<Party>,
    pub(crate) setup: Vec<Step>,
    pub(crate) tests: Vec<Test>,
    pub(crate) teardown: Vec<Operation>,
    /// Why the engine cannot run this (valid) script: XML, XPath, several servers. The run then
    /// reports every action skipped with this reason and sends nothing.
    pub(crate) unsupported: Option<String>,
}

/// One action of setup or a test.
#[derive(Clone, Debug)]
pub(crate) enum Step {
    Operation(Box<Operation>),
    Assert(Box<Assert>),
}

/// `TestScript.test`.
#[derive(Clone, Debug)]
pub(crate) struct Test {
    pub name: Option<String>,
    pub description: Option<String>,
    pub steps: Vec<Step>,
}

impl Script {
    /// Reads and checks a TestScript (JSON). An invalid script gives every problem found, each
    /// with a FHIRPath-like location; nothing may be sent for it.
    pub fn parse(bytes: &[u8]) -> Result<Script, Vec<ScriptProblem>> {
        let mut problems = Vec::new();
        let value: Value = match serde_json::from_slice(bytes) {
            Ok(value) => value,
            Err(error) => {
                return Err(vec![problem(
                    "TestScript",
                    format!("the script is not JSON: {error}"),
                )])
            }
        };
        let Some(object) = value.as_object() else {
            return Err(vec![problem(
                "TestScript",
                "the script is not a JSON object".to_string(),
            )]);
        };
        match object.get("resourceType").and_then(Value::as_str) {
            Some("TestScript") => {}
            Some(other) => {
                return Err(vec![problem(
                    "TestScript.resourceType",
                    format!("expected a TestScript, found a {other}"),
                )])
            }
            None => {
                return Err(vec![problem(
                    "TestScript.resourceType",
                    "the resource has no resourceType".to_string(),
                )])
            }
        }
        let mut reader = Reader {
            object,
            problems: &mut problems,
        };
        let metadata: Option<Metadata> = reader.field("metadata");
        let setup: Option<Section> = reader.field("setup");
        let tests: Vec<Section> = reader.field("test").unwrap_or_default();
        let teardown: Option<Section> = reader.field("teardown");
        let mut script = Script {
            id: reader.field("id"),
            name: reader.field("name"),
            url: reader.field("url"),
            title: reader.field("title"),
            contained: reader.field("contained").unwrap_or_default(),
            fixtures: reader.field("fixture").unwrap_or_default(),
            profiles: reader.field("profile").unwrap_or_default(),
            variables: reader.field("variable").unwrap_or_default(),
            capabilities: metadata.map(|m| m.capability).unwrap_or_default(),
            destinations: reader.field("destination").unwrap_or_default(),
            setup: Vec::new(),
            tests: Vec::new(),
            teardown: Vec::new(),
            unsupported: None,
        };
        if let Some(setup) = setup {
            script.setup = steps(&setup, "TestScript.setup", &mut problems);
        }
        for (index, test) in tests.iter().enumerate() {
            let location = format!("TestScript.test[{index}]");
            script.tests.push(Test {
                name: test.name.clone(),
                description: test.description.clone(),
                steps: steps(test, &location, &mut problems),
            });
        }
        if let Some(teardown) = teardown {
            script.teardown = teardown_operations(&teardown, &mut problems);
        }
        script.unsupported = check(&script, &mut problems);
        if problems.is_empty() {
            Ok(script)
        } else {
            Err(problems)
        }
    }

    /// `TestScript.id`.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// `TestScript.name`.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// `TestScript.url`.
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// The tests' names (`test[n]` when a test has none), in order.
    pub fn test_names(&self) -> Vec<String> {
        self.tests
            .iter()
            .enumerate()
            .map(|(index, test)| test_name(test, index))
            .collect()
    }

    /// Why this valid script cannot run here (XML, XPath, several servers), if so.
    pub fn unsupported_reason(&self) -> Option<&str> {
        self.unsupported.as_deref()
    }

    /// Every operation of setup, tests and teardown, with its location.
    pub(crate) fn operations(&self) -> Vec<(String, &Operation)> {
        let mut all = Vec::new();
        for (index, step) in self.setup.iter().enumerate() {
            if let Step::Operation(operation) = step {
                all.push((
                    format!("TestScript.setup.action[{index}].operation"),
                    operation.as_ref(),
                ));
            }
        }
        for (test_index, test) in self.tests.iter().enumerate() {
            for (index, step) in test.steps.iter().enumerate() {
                if let Step::Operation(operation) = step {
                    all.push((
                        format!("TestScript.test[{test_index}].action[{index}].operation"),
                        operation.as_ref(),
                    ));
                }
            }
        }
        for (index, operation) in self.teardown.iter().enumerate() {
            all.push((
                format!("TestScript.teardown.action[{index}].operation"),
                operation,
            ));
        }
        all
    }

    /// Every assert of setup and tests, with its location.
    pub(crate) fn asserts(&self) -> Vec<(String, &Assert)> {
        let mut all = Vec::new();
        let sections = std::iter::once(("TestScript.setup".to_string(), &self.setup)).chain(
            self.tests
                .iter()
                .enumerate()
                .map(|(index, test)| (format!("TestScript.test[{index}]"), &test.steps)),
        );
        for (prefix, steps) in sections {
            for (index, step) in steps.iter().enumerate() {
                if let Step::Assert(assertion) = step {
                    all.push((
                        format!("{prefix}.action[{index}].assert"),
                        assertion.as_ref(),
                    ));
                }
            }
        }
        all
    }
}

/// A test's name for reports: its `name`, else `test[n]`.
pub(crate) fn test_name(test: &Test, index: usize) -> String {
    test.name
        .clone()
        .unwrap_or_else(|| format!("test[{index}]"))
}

pub(crate) fn problem(location: &str, message: String) -> ScriptProblem {
    ScriptProblem {
        location: location.to_string(),
        message,
    }
}

/// Reads the top-level elements one at a time, each problem with its element's name.
struct Reader<'a> {
    object: &'a Map<String, Value>,
    problems: &'a mut Vec<ScriptProblem>,
}

impl Reader<'_> {
    fn field<T: DeserializeOwned>(&mut self, key: &str) -> Option<T> {
        let value = self.object.get(key)?;
        read(value, &format!("TestScript.{key}"), self.problems)
    }
}

fn read<T: DeserializeOwned>(
    value: &Value,
    location: &str,
    problems: &mut Vec<ScriptProblem>,
) -> Option<T> {
    match T::deserialize(value) {
        Ok(read) => Some(read),
        Err(error) => {
            problems.push(problem(location, format!("unreadable: {error}")));
            None
        }
    }
}

/// The actions of setup or a test: each exactly one of an operation or an assert (tst-1, tst-2).
fn steps(section: &Section, prefix: &str, problems: &mut Vec<ScriptProblem>) -> Vec<Step> {
    if section.action.is_empty() {
        problems.push(problem(
            &format!("{prefix}.action"),
            "needs at least one action".to_string(),
        ));
    }
    let mut steps = Vec::new();
    for (index, value) in section.action.iter().enumerate() {
        let location = format!("{prefix}.action[{index}]");
        let Some(action) = read::<Action>(value, &location, problems) else {
            continue;
        };
        match (action.operation, action.assertion) {
            (Some(operation), None) => steps.push(Step::Operation(Box::new(operation))),
            (None, Some(assertion)) => steps.push(Step::Assert(Box::new(assertion))),
            (Some(_), Some(_)) => problems.push(problem(
                &location,
                "an action has either an operation or an assert, not both".to_string(),
            )),
            (None, None) => problems.push(problem(
                &location,
                "an action needs an operation or an assert".to_string(),
            )),
        }
    }
    steps
}

/// Teardown actions: operations only.
fn teardown_operations(section: &Section, problems: &mut Vec<ScriptProblem>) -> Vec<Operation> {
    if section.action.is_empty() {
        problems.push(problem(
            "TestScript.teardown.action",
            "needs at least one action".to_string(),
        ));
    }
    let mut operations = Vec::new();
    for (index, value) in section.action.iter().enumerate() {
        let location = format!("TestScript.teardown.action[{index}]");
        let Some(action) = read::<Action>(value, &location, problems) else {
            continue;
        };
        if action.assertion.is_some() {
            problems.push(problem(
                &format!("{location}.assert"),
                "teardown actions are operations only; asserts are not allowed".to_string(),
            ));
        }
        match action.operation {
            Some(operation) => operations.push(operation),
            None if action.assertion.is_none() => problems.push(problem(
                &location,
                "a teardown action needs an operation".to_string(),
            )),
            None => {}
        }
    }
    operations
}
