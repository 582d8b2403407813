//! The checks that need the whole track once it is read: duplicate phase, step, gate and risk
//! keys, references to steps and gates that do not exist, and dependency cycles (named step by
//! step).

use std::collections::HashMap;

use super::reader::Reader;
use super::Problem;
use crate::tracks::graph;
use crate::tracks::model::{Condition, Evidence, Step, Track};
use crate::tracks::tree::Position;

impl Reader<'_> {
    /// Duplicate keys, references to steps and gates that do not exist, and dependency cycles.
    pub(super) fn check_references(&mut self, track: &Track) {
        let mut phases: HashMap<&str, Position> = HashMap::new();
        for phase in &track.phases {
            if let Some(first) = phases.get(phase.key.as_str()) {
                self.problems.push(Problem {
                    position: phase.position,
                    message: format!("duplicate phase key `{}` (first at {first})", phase.key),
                });
            } else if !phase.key.is_empty() {
                phases.insert(&phase.key, phase.position);
            }
        }
        let mut steps: HashMap<&str, usize> = HashMap::new();
        let all_steps: Vec<&Step> = track.steps().collect();
        for (index, step) in all_steps.iter().enumerate() {
            if step.key.is_empty() {
                continue;
            }
            if let Some(first) = steps
                .get(step.key.as_str())
                .and_then(|&at| all_steps.get(at))
            {
                self.problems.push(Problem {
                    position: step.position,
                    message: format!(
                        "duplicate step key `{}` (first at {})",
                        step.key, first.position
                    ),
                });
            } else {
                steps.insert(&step.key, index);
            }
        }
        let mut gates: HashMap<&str, Position> = HashMap::new();
        for gate in &track.gates {
            if let Some(first) = gates.get(gate.key.as_str()) {
                self.problems.push(Problem {
                    position: gate.position,
                    message: format!("duplicate gate key `{}` (first at {first})", gate.key),
                });
            } else if !gate.key.is_empty() {
                gates.insert(&gate.key, gate.position);
            }
            for condition in &gate.conditions {
                if let Condition::StepsDone { steps: listed } = condition {
                    for step in listed {
                        if !steps.contains_key(step.as_str()) {
                            self.problems.push(Problem {
                                position: gate.position,
                                message: format!(
                                    "gate `{}`: unknown step `{step}` in `steps_done`",
                                    gate.key
                                ),
                            });
                        }
                    }
                }
                if let Condition::AttestationCompleted { checklist, .. } = condition {
                    let has_checklist = steps
                        .get(checklist.as_str())
                        .and_then(|&at| all_steps.get(at))
                        .is_some_and(|step| {
                            step.evidence
                                .iter()
                                .any(|evidence| matches!(evidence, Evidence::Attestation { .. }))
                        });
                    if !has_checklist {
                        self.problems.push(Problem {
                            position: gate.position,
                            message: format!(
                                "gate `{}`: checklist `{checklist}` is not a step with an attestation \
                                 (a checklist is named by the key of the step that carries it)",
                                gate.key
                            ),
                        });
                    }
                }
            }
        }
        let mut risks: HashMap<&str, Position> = HashMap::new();
        for risk in &track.risks {
            if let Some(first) = risks.get(risk.key.as_str()) {
                self.problems.push(Problem {
                    position: risk.position,
                    message: format!("duplicate risk key `{}` (first at {first})", risk.key),
                });
            } else if !risk.key.is_empty() {
                risks.insert(&risk.key, risk.position);
            }
        }
        let mut predecessors = vec![Vec::new(); all_steps.len()];
        for (index, step) in all_steps.iter().enumerate() {
            for dependency in &step.after {
                match steps.get(dependency.step.as_str()) {
                    Some(&pred) => {
                        if let Some(list) = predecessors.get_mut(index) {
                            list.push(pred);
                        }
                    }
                    None => self.problems.push(Problem {
                        position: dependency.position,
                        message: format!(
                            "unknown step `{}` in the dependencies of `{}`",
                            dependency.step, step.key
                        ),
                    }),
                }
            }
            for evidence in &step.evidence {
                if let Evidence::Gate(gate) = evidence {
                    if !gates.contains_key(gate.as_str()) {
                        self.problems.push(Problem {
                            position: step.position,
                            message: format!(
                                "unknown gate `{gate}` in the evidence of `{}`",
                                step.key
                            ),
                        });
                    }
                }
            }
        }
        for cycle in graph::cycles(&predecessors) {
            let keys: Vec<&str> = cycle
                .iter()
                .filter_map(|&index| all_steps.get(index))
                .map(|step| step.key.as_str())
                .collect();
            let Some(&first) = cycle.first() else {
                continue;
            };
            let Some(first_step) = all_steps.get(first) else {
                continue;
            };
            // Point at the dependency of the cycle's first step on the cycle's last.
            let last_key = keys.last().copied().unwrap_or_default();
            let position = first_step
                .after
                .iter()
                .find(|dependency| dependency.step == last_key)
                .map_or(first_step.position, |dependency| dependency.position);
            let mut named = keys.join(" → ");
            named.push_str(" → ");
            named.push_str(keys.first().copied().unwrap_or_default());
            self.problems.push(Problem {
                position,
                message: format!("dependency cycle: {named}"),
            });
        }
    }
}
