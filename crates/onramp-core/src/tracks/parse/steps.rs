//! Reading a step and what it holds: its owner, its three-point estimate (business days, in
//! order) and the overrides by size band and type, its finish-to-start dependencies with lag, and
//! the evidence it needs.

use super::reader::{is_key, Reader, Table};
use crate::registry::agreement::AgreementKind;
use crate::registry::partner::{OrganizationType, SizeBand};
use crate::tracks::model::{Dependency, Estimate, EstimateOverride, Evidence, Step};
use crate::tracks::tree::{Node, Value};
use crate::Role;

pub(super) const STEP_KEYS: &[&str] = &[
    "key",
    "name",
    "description",
    "owner",
    "estimate",
    "overrides",
    "after",
    "evidence",
    "milestone",
];
const ESTIMATE_KEYS: &[&str] = &["optimistic", "likely", "pessimistic"];
const OVERRIDE_KEYS: &[&str] = &["size_bands", "types", "estimate", "skip"];
const DEPENDENCY_KEYS: &[&str] = &["step", "lag"];
const EVIDENCE_KEYS: &[&str] = &["document", "attestation", "agreement", "gate"];

impl Reader<'_> {
    pub(super) fn step(&mut self, table: Table<'_>) -> Step {
        let (key, position) = self.key(table, "a step");
        let name = self.string(table, "a step", "name", true);
        let description = self.string(table, "a step", "description", false);
        let owner = match table.get("owner") {
            Some(entry) => self.vocabulary::<Role>(&entry.node, "owner"),
            None => {
                self.missing(table, "a step", "owner");
                None
            }
        }
        .unwrap_or(Role::OnboardingCoordinator);
        let milestone = self.boolean(table, "milestone");
        let estimate = match table.get("estimate") {
            Some(entry) => self.estimate(&entry.node),
            None if milestone => Some(Estimate::fixed(0.0)),
            None => {
                self.missing(table, "a step", "estimate");
                None
            }
        }
        .unwrap_or(Estimate::fixed(0.0));
        let overrides = self
            .tables(table, "overrides", "an override", OVERRIDE_KEYS)
            .into_iter()
            .map(|table| self.estimate_override(table))
            .collect();
        let after = match table.get("after") {
            Some(entry) => self.dependencies(&entry.node),
            None => Vec::new(),
        };
        let evidence = self
            .tables(table, "evidence", "evidence", EVIDENCE_KEYS)
            .into_iter()
            .filter_map(|table| self.evidence(table))
            .collect();
        Step {
            key,
            name,
            description,
            owner,
            estimate,
            overrides,
            after,
            evidence,
            milestone,
            position,
        }
    }

    /// `{ optimistic = 3, likely = 5, pessimistic = 10 }`, or one number for a fixed duration.
    fn estimate(&mut self, node: &Node) -> Option<Estimate> {
        if matches!(node.value, Value::Integer(_) | Value::Float(_)) {
            return self.days(node, "estimate").map(Estimate::fixed);
        }
        let table = self.table(node, "an estimate", ESTIMATE_KEYS)?;
        let mut points = [None; 3];
        for (point, key) in points.iter_mut().zip(ESTIMATE_KEYS) {
            match table.get(key) {
                Some(entry) => *point = self.days(&entry.node, key),
                None => self.missing(table, "an estimate", key),
            }
        }
        let [Some(optimistic), Some(likely), Some(pessimistic)] = points else {
            return None;
        };
        if !(optimistic <= likely && likely <= pessimistic) {
            self.report(
                node.span.start,
                format!(
                    "the estimate must have optimistic ≤ likely ≤ pessimistic, \
                     not {optimistic} / {likely} / {pessimistic}"
                ),
            );
            return None;
        }
        Some(Estimate {
            optimistic,
            likely,
            pessimistic,
        })
    }

    fn estimate_override(&mut self, table: Table<'_>) -> EstimateOverride {
        let size_bands = match table.get("size_bands") {
            Some(entry) => self.vocabulary_list::<SizeBand>(&entry.node, "size_bands"),
            None => Vec::new(),
        };
        let organization_types = match table.get("types") {
            Some(entry) => self.vocabulary_list::<OrganizationType>(&entry.node, "types"),
            None => Vec::new(),
        };
        if table.get("size_bands").is_none() && table.get("types").is_none() {
            self.report(
                table.start,
                "an override names the `size_bands` or the `types` it is for",
            );
        }
        let estimate = table
            .get("estimate")
            .and_then(|entry| self.estimate(&entry.node));
        let skip = self.boolean(table, "skip");
        if estimate.is_none() && !skip && table.get("estimate").is_none() {
            self.report(
                table.start,
                "an override has an `estimate` or `skip = true`",
            );
        }
        EstimateOverride {
            size_bands,
            organization_types,
            estimate,
            skip,
        }
    }

    /// `after = ["a", { step = "b", lag = 2 }]`.
    fn dependencies(&mut self, node: &Node) -> Vec<Dependency> {
        let Value::Array(items) = &node.value else {
            self.report(
                node.span.start,
                format!(
                    "`after` must be a list of step keys, not {}",
                    node.value.describe()
                ),
            );
            return Vec::new();
        };
        let mut dependencies = Vec::new();
        for item in items {
            let position = self.position(item.span.start);
            match &item.value {
                Value::String(step) => dependencies.push(Dependency {
                    step: step.clone(),
                    lag: 0.0,
                    position,
                }),
                Value::Table(_) => {
                    let Some(table) = self.table(item, "a dependency", DEPENDENCY_KEYS) else {
                        continue;
                    };
                    let step = self.string(table, "a dependency", "step", true);
                    let lag = match table.get("lag") {
                        Some(entry) => self.days(&entry.node, "lag").unwrap_or(0.0),
                        None => 0.0,
                    };
                    if !step.is_empty() {
                        dependencies.push(Dependency {
                            step,
                            lag,
                            position,
                        });
                    }
                }
                other => self.report(
                    item.span.start,
                    format!(
                        "`after` lists step keys or {{ step, lag }} tables, not {}",
                        other.describe()
                    ),
                ),
            }
        }
        dependencies
    }

    fn evidence(&mut self, table: Table<'_>) -> Option<Evidence> {
        let [entry] = table.entries else {
            self.report(
                table.start,
                format!(
                    "evidence is one of: {}, such as {{ agreement = \"data_sharing\" }}",
                    EVIDENCE_KEYS.join(", ")
                ),
            );
            return None;
        };
        let node = &entry.node;
        match entry.key.as_str() {
            "document" => match &node.value {
                Value::String(kind) if is_key(kind) => {
                    Some(Evidence::Document { kind: kind.clone() })
                }
                _ => {
                    self.report(
                        node.span.start,
                        "`document` names a document kind, such as \"security-questionnaire\"",
                    );
                    None
                }
            },
            "attestation" => {
                let items: Vec<String> = self
                    .string_list(node, "attestation")
                    .into_iter()
                    .map(|(item, _)| item)
                    .collect();
                if items.is_empty() {
                    self.report(
                        node.span.start,
                        "an attestation lists what the partner attests to",
                    );
                    return None;
                }
                Some(Evidence::Attestation { items })
            }
            "agreement" => self
                .vocabulary::<AgreementKind>(node, "agreement")
                .map(Evidence::Agreement),
            "gate" => match &node.value {
                Value::String(gate) => Some(Evidence::Gate(gate.clone())),
                other => {
                    self.report(
                        node.span.start,
                        format!("`gate` names a gate of the track, not {}", other.describe()),
                    );
                    None
                }
            },
            // Reported as an unknown key already.
            _ => None,
        }
    }
}
