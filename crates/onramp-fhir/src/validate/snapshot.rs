//! Snapshots for profiles published with a differential only: the base profile's snapshot with
//! each differential element merged in (constraints appended, everything else overriding),
//! slices inserted after their sliced element, and elements below a complex type expanded from
//! that type's definition when the differential reaches into them.

use serde_json::{Map, Value};

use super::context::Definitions;

const CORE: &str = "http://hl7.org/fhir/StructureDefinition/";

/// Deeper base chains than this are a cycle.
const MAX_DEPTH: usize = 8;

/// The StructureDefinition with a generated `snapshot`, or `None` when its base cannot be found.
pub(crate) fn with_snapshot(defs: &Definitions, definition: &Value, depth: usize) -> Option<Value> {
    if definition.pointer("/snapshot/element").is_some() {
        return Some(definition.clone());
    }
    if depth > MAX_DEPTH {
        return None;
    }
    let base_url = definition.get("baseDefinition")?.as_str()?;
    let base = defs.resolve(base_url)?;
    let base = with_snapshot(defs, &base, depth + 1)?;
    let mut elements: Vec<Value> = base.pointer("/snapshot/element")?.as_array()?.clone();
    let differential = definition
        .pointer("/differential/element")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for element in &differential {
        apply(defs, &mut elements, element);
    }
    let mut result = definition.clone();
    let object = result.as_object_mut()?;
    let mut snapshot = Map::new();
    snapshot.insert("element".to_string(), Value::Array(elements));
    object.insert("snapshot".to_string(), Value::Object(snapshot));
    Some(result)
}

/// What the snapshot generation cannot do with a constraining definition's differential: each
/// element that does not land in the generated snapshot (no element of the base, or of the type
/// it walks into, has its path), and each walk into an element whose base allows several types
/// when the differential does not choose one. Empty when the base cannot be found.
pub(crate) fn differential_faults(defs: &Definitions, definition: &Value) -> Vec<String> {
    let mut without_snapshot = definition.clone();
    if let Some(object) = without_snapshot.as_object_mut() {
        object.remove("snapshot");
    }
    let Some(generated) = with_snapshot(defs, &without_snapshot, 0) else {
        return Vec::new();
    };
    let elements: &[Value] = generated
        .pointer("/snapshot/element")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let differential: &[Value] = definition
        .pointer("/differential/element")
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice);
    let mut faults = Vec::new();
    for element in differential {
        let id = id_of(element);
        let placed = position_of(elements, &id).is_some()
            || renamed_choice(elements, &id).is_some_and(|renamed| {
                position_of(elements, &format!("{}{}", renamed.slice_id, renamed.rest)).is_some()
            });
        if !placed {
            faults.push(format!(
                "The differential element {id} is not found in the base (nor in the type of an element it walks into)"
            ));
            continue;
        }
        // Walking below an element that allows several types needs the differential to pick one.
        if let Some((parent_id, _)) = id.rsplit_once('.') {
            let declared_in_differential = differential.iter().any(|e| {
                id_of(e) == parent_id
                    && e.get("type")
                        .and_then(Value::as_array)
                        .is_some_and(|types| types.len() == 1)
            });
            let parent_types = position_of(elements, parent_id)
                .and_then(|position| elements.get(position))
                .and_then(|parent| parent.get("type"))
                .and_then(Value::as_array)
                .map_or(0, Vec::len);
            if parent_types > 1 && !declared_in_differential {
                faults.push(format!(
                    "The differential walks into {parent_id}, which has {parent_types} types, without choosing one"
                ));
            }
        }
    }
    faults
}

fn id_of(element: &Value) -> String {
    element
        .get("id")
        .or_else(|| element.get("path"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

fn position_of(elements: &[Value], id: &str) -> Option<usize> {
    elements.iter().position(|e| id_of(e) == id)
}

/// The position after the subtree of the element at `position` (its children and slices).
fn end_of_subtree(elements: &[Value], position: usize) -> usize {
    let id = elements.get(position).map(id_of).unwrap_or_default();
    let mut end = position + 1;
    while let Some(next) = elements.get(end) {
        let next_id = id_of(next);
        let below =
            next_id.starts_with(&format!("{id}.")) || next_id.starts_with(&format!("{id}:"));
        if !below {
            break;
        }
        end += 1;
    }
    end
}

fn merge(target: &mut Value, differential: &Value) {
    let (Some(target), Some(source)) = (target.as_object_mut(), differential.as_object()) else {
        return;
    };
    for (key, value) in source {
        if key == "constraint" {
            let mut constraints = target
                .get("constraint")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default();
            constraints.extend(value.as_array().cloned().unwrap_or_default());
            target.insert(key.clone(), Value::Array(constraints));
        } else {
            if key.starts_with("fixed") || key.starts_with("pattern") {
                target.retain(|k, _| !k.starts_with("fixed") && !k.starts_with("pattern"));
            }
            target.insert(key.clone(), value.clone());
        }
    }
}

fn apply(defs: &Definitions, elements: &mut Vec<Value>, differential: &Value) {
    let id = id_of(differential);
    if position_of(elements, &id).is_none() {
        if let Some(renamed) = renamed_choice(elements, &id) {
            apply_renamed_choice(defs, elements, differential, &renamed);
            return;
        }
    }
    if let Some(position) = position_of(elements, &id) {
        if let Some(target) = elements.get_mut(position) {
            merge(target, differential);
        }
        return;
    }
    // A slice: a copy of the sliced element (and its subtree) under the slice's id.
    if let Some((sliced_id, _)) = id.rsplit_once(':').filter(|(_, name)| !name.contains('.')) {
        if let Some(sliced) = position_of(elements, sliced_id) {
            let end = end_of_subtree(elements, sliced);
            let mut copies: Vec<Value> = elements
                .get(sliced..end)
                .unwrap_or_default()
                .iter()
                .filter(|e| !id_of(e).contains(&format!("{sliced_id}:")))
                .cloned()
                .collect();
            for copy in &mut copies {
                let rebased = id_of(copy).replacen(sliced_id, &id, 1);
                if let Some(object) = copy.as_object_mut() {
                    object.insert("id".to_string(), Value::String(rebased));
                    object.remove("slicing");
                }
            }
            if let Some(first) = copies.first_mut() {
                merge(first, differential);
            }
            let tail = elements.split_off(end);
            elements.extend(copies);
            elements.extend(tail);
        }
        return;
    }
    // An element below a complex type: expand the type's children under the parent, then merge.
    let Some((parent_id, _)) = id.rsplit_once('.') else {
        return;
    };
    let Some(parent) = position_of(elements, parent_id) else {
        return;
    };
    let parent_path = elements
        .get(parent)
        .and_then(|e| e.get("path"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let type_code = elements
        .get(parent)
        .and_then(|e| e.pointer("/type/0/code"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let content_reference = elements
        .get(parent)
        .and_then(|e| e.get("contentReference"))
        .and_then(Value::as_str)
        .map(str::to_string);
    // The children come from the type's definition, or, behind a `contentReference`
    // (`#Parameters.parameter`), from the referenced element of the unconstrained base type.
    let (definition_url, below) = match &content_reference {
        Some(reference) => {
            let (url, target) = reference.split_once('#').unwrap_or(("", reference));
            let root = target.split('.').next().unwrap_or_default();
            let url = if url.is_empty() {
                format!("{CORE}{root}")
            } else {
                url.to_string()
            };
            (url, Some(target.to_string()))
        }
        None => (format!("{CORE}{type_code}"), None),
    };
    let Some(type_definition) = defs.resolve(&definition_url) else {
        return;
    };
    let Some(type_elements) = type_definition
        .pointer("/snapshot/element")
        .and_then(Value::as_array)
    else {
        return;
    };
    let selected: Vec<&Value> = match &below {
        Some(target) => {
            let prefix = format!("{target}.");
            type_elements
                .iter()
                .filter(|e| id_of(e).starts_with(&prefix))
                .collect()
        }
        None => type_elements.iter().skip(1).collect(),
    };
    if below.is_some() {
        if let Some(object) = elements.get_mut(parent).and_then(Value::as_object_mut) {
            object.remove("contentReference");
            if !object.contains_key("type") {
                object.insert(
                    "type".to_string(),
                    serde_json::json!([{"code": "BackboneElement"}]),
                );
            }
        }
    }
    let strip = below.as_deref().map(str::len);
    let children: Vec<Value> = selected
        .into_iter()
        .map(|child| {
            let mut child = child.clone();
            let child_path = id_of(&child);
            let suffix = match strip {
                Some(length) => child_path.get(length + 1..).unwrap_or_default(),
                None => child_path
                    .split_once('.')
                    .map(|(_, rest)| rest)
                    .unwrap_or_default(),
            }
            .to_string();
            if let Some(object) = child.as_object_mut() {
                object.insert(
                    "id".to_string(),
                    Value::String(format!("{parent_id}.{suffix}")),
                );
                object.insert(
                    "path".to_string(),
                    Value::String(format!("{parent_path}.{suffix}")),
                );
            }
            child
        })
        .collect();
    let tail = elements.split_off(parent + 1);
    elements.extend(children);
    elements.extend(tail);
    if let Some(position) = position_of(elements, &id) {
        if let Some(target) = elements.get_mut(position) {
            merge(target, differential);
        }
    }
}

/// A differential element that names a choice by one of its types (`Observation.valueQuantity`,
/// `Observation.valueQuantity.value`): the type slice it stands for.
struct RenamedChoice {
    /// `Observation.value[x]:valueQuantity`
    slice_id: String,
    /// `Observation.value[x]`
    choice_path: String,
    slice_name: String,
    type_code: String,
    /// What follows the renamed segment (`.value`), possibly empty.
    rest: String,
}

fn renamed_choice(elements: &[Value], id: &str) -> Option<RenamedChoice> {
    let mut prefix = String::new();
    let mut segments = id.split('.').peekable();
    while let Some(segment) = segments.next() {
        let candidate = if prefix.is_empty() {
            segment.to_string()
        } else {
            format!("{prefix}.{segment}")
        };
        if position_of(elements, &candidate).is_some() || prefix.is_empty() {
            prefix = candidate;
            continue;
        }
        let choice = elements.iter().find(|e| {
            let choice_id = id_of(e);
            choice_id
                .strip_prefix(&format!("{prefix}."))
                .and_then(|name| name.strip_suffix("[x]"))
                .is_some_and(|base| {
                    !base.contains('.')
                        && segment.len() > base.len()
                        && segment.starts_with(base)
                        && segment
                            .get(base.len()..)
                            .is_some_and(|t| t.starts_with(|c: char| c.is_ascii_uppercase()))
                })
        })?;
        let choice_id = id_of(choice);
        let base = choice_id
            .strip_prefix(&format!("{prefix}."))?
            .strip_suffix("[x]")?;
        let suffix = segment.get(base.len()..)?;
        let type_code = choice
            .get("type")
            .and_then(Value::as_array)?
            .iter()
            .filter_map(|t| t.get("code").and_then(Value::as_str))
            .find(|code| {
                let mut chars = code.chars();
                chars.next().is_some_and(|first| {
                    suffix.starts_with(first.to_ascii_uppercase())
                        && chars.as_str() == suffix.get(1..).unwrap_or_default()
                })
            })?
            .to_string();
        let rest: Vec<&str> = segments.collect();
        return Some(RenamedChoice {
            slice_id: format!("{choice_id}:{segment}"),
            choice_path: choice
                .get("path")
                .and_then(Value::as_str)
                .unwrap_or(&choice_id)
                .to_string(),
            slice_name: segment.to_string(),
            type_code,
            rest: rest.iter().map(|s| format!(".{s}")).collect(),
        });
    }
    None
}

/// Creates the type slice (once) and applies the differential to it or below it.
fn apply_renamed_choice(
    defs: &Definitions,
    elements: &mut Vec<Value>,
    differential: &Value,
    renamed: &RenamedChoice,
) {
    if position_of(elements, &renamed.slice_id).is_none() {
        let slice = serde_json::json!({
            "id": renamed.slice_id,
            "path": renamed.choice_path,
            "sliceName": renamed.slice_name,
            "type": [{"code": renamed.type_code}],
        });
        apply(defs, elements, &slice);
    }
    let mut rewritten = differential.clone();
    if let Some(object) = rewritten.as_object_mut() {
        object.insert(
            "id".to_string(),
            Value::String(format!("{}{}", renamed.slice_id, renamed.rest)),
        );
        object.insert(
            "path".to_string(),
            Value::String(format!("{}{}", renamed.choice_path, renamed.rest)),
        );
        if renamed.rest.is_empty() {
            object.insert(
                "sliceName".to_string(),
                Value::String(renamed.slice_name.clone()),
            );
        }
    }
    if position_of(elements, &id_of(&rewritten)).is_some() || !renamed.rest.is_empty() {
        apply(defs, elements, &rewritten);
    }
}
