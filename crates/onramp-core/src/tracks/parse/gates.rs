//! Reading a gate and its conditions: the condition kinds this feature knows, each with its
//! parameters checked (agreement kinds, tiers, partner or staff roles), and another feature's
//! `feature.kind` kept with its parameters as written.

use super::reader::{is_key, Reader, Table};
use crate::registry::tier::Tier;
use crate::tracks::model::{Condition, Gate};
use crate::tracks::tree::{Node, Value};
use crate::Role;

pub(super) const GATE_KEYS: &[&str] = &["key", "name", "description", "conditions"];
/// The condition kinds this feature knows, with their parameters.
const CONDITION_KINDS: &[(&str, &[&str])] = &[
    ("agreement_signed", &["agreement"]),
    ("tier_at_least", &["tier"]),
    ("organization_verified", &[]),
    ("steps_done", &["steps"]),
    ("document_accepted", &["document"]),
    ("attestation_completed", &["role", "checklist"]),
    ("approval", &["role"]),
];

impl Reader<'_> {
    pub(super) fn gate(&mut self, table: Table<'_>) -> Gate {
        let (key, position) = self.key(table, "a gate");
        let name = self.string(table, "a gate", "name", true);
        let description = self.string(table, "a gate", "description", false);
        let conditions: Vec<Condition> = match table.get("conditions") {
            Some(entry) => match &entry.node.value {
                Value::Array(items) => items
                    .iter()
                    .filter_map(|item| self.condition(item))
                    .collect(),
                other => {
                    self.report(
                        entry.node.span.start,
                        format!(
                            "`conditions` must be a list of tables, not {}",
                            other.describe()
                        ),
                    );
                    Vec::new()
                }
            },
            None => Vec::new(),
        };
        if conditions.is_empty() && table.get("conditions").is_none() {
            self.missing(table, "a gate", "conditions");
        }
        Gate {
            key,
            name,
            description,
            conditions,
            position,
        }
    }

    fn condition(&mut self, node: &Node) -> Option<Condition> {
        let Value::Table(entries) = &node.value else {
            self.report(
                node.span.start,
                format!("a condition must be a table, not {}", node.value.describe()),
            );
            return None;
        };
        let table = Table {
            entries,
            start: node.span.start,
        };
        let kind = self.string(table, "a condition", "kind", true);
        if kind.is_empty() {
            return None;
        }
        if kind.contains('.') {
            // Another feature's kind: keep its parameters for that feature to read.
            let mut parameters = Vec::new();
            for entry in table.entries.iter().filter(|entry| entry.key != "kind") {
                let text = match &entry.node.value {
                    Value::String(text) => text.clone(),
                    Value::Integer(number) => number.to_string(),
                    Value::Float(number) => number.to_string(),
                    Value::Boolean(flag) => flag.to_string(),
                    other => {
                        self.report(
                            entry.node.span.start,
                            format!(
                                "a parameter of `{kind}` is a string, number or true/false, not {}",
                                other.describe()
                            ),
                        );
                        continue;
                    }
                };
                parameters.push((entry.key.clone(), text));
            }
            return Some(Condition::Extension { kind, parameters });
        }
        let Some((_, parameters)) = CONDITION_KINDS.iter().find(|(known, _)| *known == kind) else {
            let at = table
                .get("kind")
                .map_or(node.span.start, |entry| entry.node.span.start);
            let known: Vec<&str> = CONDITION_KINDS.iter().map(|(known, _)| *known).collect();
            self.report(
                at,
                format!(
                    "there is no condition kind `{kind}`; expected one of: {}, or another \
                     feature's `feature.kind`",
                    known.join(", ")
                ),
            );
            return None;
        };
        let mut allowed = vec!["kind"];
        allowed.extend_from_slice(parameters);
        let what = format!("a `{kind}` condition");
        self.unknown_keys(table, &what, &allowed);
        let parameter = |key: &str| table.get(key).map(|entry| &entry.node);
        let required = |reader: &mut Self, key: &str| {
            let found = parameter(key);
            if found.is_none() {
                reader.missing(table, &what, key);
            }
            found
        };
        match kind.as_str() {
            "agreement_signed" => required(self, "agreement")
                .and_then(|node| self.vocabulary(node, "agreement"))
                .map(|agreement| Condition::AgreementSigned { agreement }),
            "tier_at_least" => required(self, "tier")
                .and_then(|node| self.vocabulary::<Tier>(node, "tier"))
                .map(|tier| Condition::TierAtLeast { tier }),
            "organization_verified" => Some(Condition::OrganizationVerified),
            "steps_done" => required(self, "steps").map(|node| Condition::StepsDone {
                steps: self
                    .string_list(node, "steps")
                    .into_iter()
                    .map(|(step, _)| step)
                    .collect(),
            }),
            "document_accepted" => required(self, "document").and_then(|node| match &node.value {
                Value::String(document) if is_key(document) => Some(Condition::DocumentAccepted {
                    document: document.clone(),
                }),
                _ => {
                    self.report(
                        node.span.start,
                        "`document` names a document kind, such as \"security-questionnaire\"",
                    );
                    None
                }
            }),
            "attestation_completed" => {
                let role = required(self, "role").and_then(|node| {
                    let role = self.vocabulary::<Role>(node, "role")?;
                    if role.is_staff() {
                        self.report(
                            node.span.start,
                            format!("an attestation is completed by a partner role, not `{role}`"),
                        );
                        return None;
                    }
                    Some(role)
                });
                let checklist = self.string(table, &what, "checklist", true);
                role.map(|role| Condition::AttestationCompleted { role, checklist })
            }
            "approval" => required(self, "role").and_then(|node| {
                let role = self.vocabulary::<Role>(node, "role")?;
                if !role.is_staff() {
                    self.report(
                        node.span.start,
                        format!("an approval is given by a staff role, not `{role}`"),
                    );
                    return None;
                }
                Some(Condition::ApprovalBy { role })
            }),
            _ => None,
        }
    }
}
