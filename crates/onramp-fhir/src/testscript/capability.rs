//! `metadata.capability`: what the script needs of the server, checked against the server's own
//! CapabilityStatement (`GET [base]/metadata`) before setup.
//!
//! The needs come from the CapabilityStatement the `capabilities` canonical names when the
//! engine can read it (a contained `#id`, or the caller's [`super::FixtureSource`]): every
//! interaction and operation of its `rest.mode = server` part. When it cannot, they are derived
//! from the script's own operations: each resource type with the interaction it uses (named
//! operations are not derived: servers seldom list them, so their absence is not "clearly
//! unmet"). The spec skips every test when the server does not meet the statement; this engine
//! does so for `required = true` capabilities and gives a warning for those only `validated`.

use serde_json::Value;

use super::fixtures::Fixtures;
use super::operation::{code, is_named};
use super::parse::Script;
use super::script::Capability;
use super::FixtureSource;

/// One thing the server must support: an interaction (or `$operation`) on a resource type, or at
/// the system level (`resource_type = None`).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Need {
    resource_type: Option<String>,
    interaction: String,
}

impl Need {
    fn describe(&self) -> String {
        match &self.resource_type {
            Some(resource_type) => format!("{resource_type} {}", self.interaction),
            None => format!("system {}", self.interaction),
        }
    }
}

/// What the check concluded.
#[derive(Debug, Default)]
pub(crate) struct Assessment {
    /// Why the whole script is skipped.
    pub skip: Option<String>,
    /// Unmet `validated`-only capabilities.
    pub warnings: Vec<String>,
    /// What was checked, for the report.
    pub checked: Vec<String>,
}

/// The capabilities this engine checks: those for the one server it tests.
pub(crate) fn declared(script: &Script) -> Vec<&Capability> {
    let first = script
        .destinations
        .first()
        .and_then(|d| d.index)
        .unwrap_or(1);
    script
        .capabilities
        .iter()
        .filter(|c| c.destination.is_none_or(|d| d == first))
        .filter(|c| c.required || c.validated)
        .collect()
}

/// Checks the declared capabilities against the server's statement (or why it is unavailable).
pub(crate) fn assess(
    script: &Script,
    fixtures: &Fixtures,
    source: &dyn FixtureSource,
    server: Result<&Value, String>,
) -> Assessment {
    let mut assessment = Assessment::default();
    for capability in declared(script) {
        let name = capability
            .description
            .clone()
            .or_else(|| capability.capabilities.clone())
            .unwrap_or_else(|| "capability".to_string());
        let unmet = match &server {
            Err(reason) => Err(format!(
                "the server's CapabilityStatement is unavailable: {reason}"
            )),
            Ok(statement) => {
                let needs = needs_of(script, fixtures, source, capability);
                let missing: Vec<String> = needs
                    .iter()
                    .filter(|need| !supports(statement, need))
                    .map(Need::describe)
                    .collect();
                assessment
                    .checked
                    .push(format!("{name}: {} need(s) checked", needs.len()));
                if missing.is_empty() {
                    Ok(())
                } else {
                    Err(format!(
                        "the server does not support {} ({name})",
                        missing.join(", ")
                    ))
                }
            }
        };
        if let Err(reason) = unmet {
            if capability.required {
                assessment.skip.get_or_insert(reason);
            } else {
                assessment.warnings.push(reason);
            }
        }
    }
    assessment
}

/// The needs of one capability: from the statement it names, else from the script.
fn needs_of(
    script: &Script,
    fixtures: &Fixtures,
    source: &dyn FixtureSource,
    capability: &Capability,
) -> Vec<Need> {
    let named = capability
        .capabilities
        .as_deref()
        .and_then(|canonical| statement(script, source, canonical));
    match named {
        Some(statement) => needs_of_statement(&statement),
        None => needs_of_script(script, fixtures),
    }
}

/// The CapabilityStatement a canonical names, when the engine can read it.
fn statement(script: &Script, source: &dyn FixtureSource, canonical: &str) -> Option<Value> {
    let value = match canonical.strip_prefix('#') {
        Some(local) => script
            .contained
            .iter()
            .find(|resource| resource.get("id").and_then(Value::as_str) == Some(local))
            .cloned()?,
        None => serde_json::from_slice(&source.load(canonical)?.ok()?).ok()?,
    };
    (value.get("resourceType").and_then(Value::as_str) == Some("CapabilityStatement"))
        .then_some(value)
}

fn server_parts(statement: &Value) -> impl Iterator<Item = &Value> {
    statement
        .get("rest")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|rest| rest.get("mode").and_then(Value::as_str) == Some("server"))
}

fn codes<'a>(value: &'a Value, key: &str, field: &'a str) -> impl Iterator<Item = String> + 'a {
    value
        .get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(move |item| item.get(field).and_then(Value::as_str))
        .map(|text| text.trim_start_matches('$').to_string())
}

fn needs_of_statement(statement: &Value) -> Vec<Need> {
    let mut needs = Vec::new();
    for rest in server_parts(statement) {
        for resource in rest
            .get("resource")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(resource_type) = resource.get("type").and_then(Value::as_str) else {
                continue;
            };
            let interactions = codes(resource, "interaction", "code");
            let operations = codes(resource, "operation", "name").map(|name| format!("${name}"));
            for interaction in interactions.chain(operations) {
                needs.push(Need {
                    resource_type: Some(resource_type.to_string()),
                    interaction,
                });
            }
        }
        let interactions = codes(rest, "interaction", "code");
        let operations = codes(rest, "operation", "name").map(|name| format!("${name}"));
        for interaction in interactions.chain(operations) {
            needs.push(Need {
                resource_type: None,
                interaction,
            });
        }
    }
    needs
}

fn needs_of_script(script: &Script, fixtures: &Fixtures) -> Vec<Need> {
    let mut needs: Vec<Need> = Vec::new();
    for (_, operation) in script.operations() {
        let code = code(operation);
        if is_named(code) || operation.url.is_some() {
            continue;
        }
        let resource_type = operation.resource.clone().or_else(|| {
            let id = operation.source_id.as_ref()?;
            let json = fixtures.get(id).ok()?.json()?;
            json.get("resourceType")?.as_str().map(str::to_string)
        });
        let instance = operation.target_id.is_some()
            || operation
                .params
                .as_deref()
                .is_some_and(|params| params.starts_with('/'));
        let (system, interaction) = match code {
            "read" | "vread" | "patch" | "delete" | "create" => (false, code),
            "update" | "updateCreate" => (false, "update"),
            "deleteCondSingle" | "deleteCondMultiple" => (false, "delete"),
            "history" if instance => (false, "history-instance"),
            "history" if resource_type.is_some() => (false, "history-type"),
            "history" => (true, "history-system"),
            "search" if resource_type.is_some() => (false, "search-type"),
            "search" => (true, "search-system"),
            "batch" | "transaction" => (true, code),
            _ => continue,
        };
        let need = Need {
            resource_type: if system { None } else { resource_type },
            interaction: interaction.to_string(),
        };
        if (system || need.resource_type.is_some()) && !needs.contains(&need) {
            needs.push(need);
        }
    }
    needs
}

fn supports(statement: &Value, need: &Need) -> bool {
    server_parts(statement).any(|rest| match &need.resource_type {
        None => {
            codes(rest, "interaction", "code").any(|c| c == need.interaction)
                || codes(rest, "operation", "name").any(|n| format!("${n}") == need.interaction)
        }
        Some(resource_type) => rest
            .get("resource")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter(|resource| resource.get("type").and_then(Value::as_str) == Some(resource_type))
            .any(|resource| {
                codes(resource, "interaction", "code").any(|c| c == need.interaction)
                    || codes(resource, "operation", "name")
                        .any(|n| format!("${n}") == need.interaction)
                    // A system-level operation serves every type.
                    || codes(rest, "operation", "name").any(|n| format!("${n}") == need.interaction)
            }),
    })
}
