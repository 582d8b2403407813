//! Compiling a StructureDefinition snapshot into a [`Profile`]: elements into a tree of nodes
//! (children grouped by element, slices under the element they slice), types, bindings, slicing,
//! fixed/pattern and min/max values, and invariants through the caller's FHIRPath compiler.

use std::sync::Arc;

use serde_json::Value;

use super::{Binding, ChildGroup, Constraint, ElementNode, Limits, Profile, Slicing, TypeRef};
use crate::fhirpath::Expression;
use crate::json::JsonValue;
use crate::validate::issue::Severity;

/// Compiles a snapshot. `compile` turns an invariant's expression into an evaluable one.
pub fn compile_profile(
    definition: &Value,
    compile: &mut dyn FnMut(&str) -> Option<Arc<Expression>>,
) -> Option<Profile> {
    let elements = definition.pointer("/snapshot/element")?.as_array()?;
    let text = |key: &str| {
        definition
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    // Element contexts by path; a context of another kind (fhirpath, extension) is recorded as
    // `*`: the validator does not decide it.
    let contexts = definition
        .get("context")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .filter_map(|c| {
                    let expression = c.get("expression").and_then(Value::as_str)?;
                    match c.get("type").and_then(Value::as_str) {
                        Some("element") | None => Some(expression.to_string()),
                        Some(_) => Some("*".to_string()),
                    }
                })
                .collect()
        })
        .unwrap_or_default();
    let mut profile = Profile {
        url: text("url"),
        name: text("name"),
        type_name: text("type"),
        kind: text("kind"),
        contexts,
        nodes: Vec::with_capacity(elements.len()),
    };
    // A constraint's `#id` content references name the element of the unconstrained base type
    // (as the reference's snapshots spell them: `http://hl7.org/fhir/StructureDefinition/X#id`),
    // not the constrained element of the profile.
    let is_constraint = text("derivation") == "constraint" && profile.kind != "logical";
    let core_url = format!(
        "http://hl7.org/fhir/StructureDefinition/{}",
        profile.type_name
    );
    // Stack of node indexes whose subtree is open.
    let mut stack: Vec<usize> = Vec::new();
    for element in elements {
        let mut node = compile_element(element, compile);
        if is_constraint && profile.url != core_url {
            if let Some(reference) = node.content_reference.as_mut() {
                if reference.starts_with('#') {
                    *reference = format!("{core_url}{reference}");
                }
            }
        }
        let index = profile.nodes.len();
        while let Some(&top) = stack.last() {
            let Some(top_node) = profile.nodes.get(top) else {
                break;
            };
            let is_ancestor = node.path.len() > top_node.path.len()
                && node.path.starts_with(top_node.path.as_str())
                && node.path.as_bytes().get(top_node.path.len()) == Some(&b'.');
            if is_ancestor {
                break;
            }
            stack.pop();
        }
        let slice_name = node.slice_name.clone();
        let name = node.name.clone();
        profile.nodes.push(node);
        if let Some(&parent) = stack.last() {
            attach(
                &mut profile.nodes,
                parent,
                index,
                &name,
                slice_name.is_some(),
            );
        }
        stack.push(index);
    }
    Some(profile)
}

/// Adds `child` under `parent`: a new group, or a slice of the group of the same name.
fn attach(nodes: &mut [ElementNode], parent: usize, child: usize, name: &str, is_slice: bool) {
    let base_name = name.strip_suffix("[x]").unwrap_or(name).to_string();
    let group_position = if is_slice {
        let groups = nodes
            .get(parent)
            .map(|n| n.children.as_slice())
            .unwrap_or_default();
        groups.iter().rposition(|group| {
            nodes.get(group.element).is_some_and(|n| {
                n.name == name
                    || n.base_name() == base_name
                    || base_name.starts_with(n.base_name()) && n.is_choice()
            })
        })
    } else {
        None
    };
    if let Some(parent_node) = nodes.get_mut(parent) {
        match group_position.and_then(|p| parent_node.children.get_mut(p)) {
            Some(group) => group.slices.push(child),
            None => parent_node.children.push(ChildGroup {
                element: child,
                slices: Vec::new(),
            }),
        }
    }
}

fn compile_element(
    element: &Value,
    compile: &mut dyn FnMut(&str) -> Option<Arc<Expression>>,
) -> ElementNode {
    let text = |key: &str| element.get(key).and_then(Value::as_str).map(str::to_string);
    let path = text("path").unwrap_or_default();
    let name = path.rsplit('.').next().unwrap_or_default().to_string();
    let max = parse_max(element.get("max").and_then(Value::as_str));
    let base_max = parse_max(element.pointer("/base/max").and_then(Value::as_str));
    let repeats = element
        .pointer("/base/max")
        .map_or(max.is_none_or(|m| m > 1), |_| {
            base_max.is_none_or(|m| m > 1)
        });
    let types: Vec<TypeRef> = element
        .get("type")
        .and_then(Value::as_array)
        .map(|types| types.iter().map(compile_type).collect())
        .unwrap_or_default();
    let mut fixed = None;
    let mut pattern = None;
    let mut min_value = None;
    let mut max_value = None;
    if let Some(object) = element.as_object() {
        for (key, value) in object {
            if key.starts_with("fixed") {
                fixed = Some(JsonValue::from_serde(value));
            } else if key.starts_with("pattern") {
                pattern = Some(JsonValue::from_serde(value));
            } else if let Some(suffix) = key.strip_prefix("minValue") {
                min_value = Some((suffix.to_string(), JsonValue::from_serde(value)));
            } else if let Some(suffix) = key.strip_prefix("maxValue") {
                max_value = Some((suffix.to_string(), JsonValue::from_serde(value)));
            }
        }
    }
    let constraints = element
        .get("constraint")
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|c| compile_constraint(c, compile))
                .collect()
        })
        .unwrap_or_default();
    let binding = element.get("binding").map(|binding| Binding {
        strength: binding
            .get("strength")
            .and_then(Value::as_str)
            .unwrap_or("example")
            .to_string(),
        value_set: binding
            .get("valueSet")
            .and_then(Value::as_str)
            .map(str::to_string),
        max_value_set: binding
            .get("extension")
            .and_then(Value::as_array)
            .and_then(|extensions| {
                extensions
                    .iter()
                    .find(|e| e.get("url").and_then(Value::as_str) == Some(EXT_MAX_VALUE_SET))
            })
            .and_then(|e| e.get("valueCanonical").or_else(|| e.get("valueUri")))
            .and_then(Value::as_str)
            .map(str::to_string),
    });
    let slicing = element.get("slicing").map(|slicing| Slicing {
        discriminators: slicing
            .get("discriminator")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .map(|d| {
                        let field = |k: &str| {
                            d.get(k)
                                .and_then(Value::as_str)
                                .unwrap_or_default()
                                .to_string()
                        };
                        (field("type"), field("path"))
                    })
                    .collect()
            })
            .unwrap_or_default(),
        ordered: slicing
            .get("ordered")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        rules: slicing
            .get("rules")
            .and_then(Value::as_str)
            .unwrap_or("open")
            .to_string(),
    });
    let limits = compile_limits(element, &types);
    ElementNode {
        id: text("id").unwrap_or_else(|| path.clone()),
        path,
        name,
        slice_name: text("sliceName"),
        min: element
            .get("min")
            .and_then(Value::as_u64)
            .and_then(|m| u32::try_from(m).ok())
            .unwrap_or(0),
        max,
        repeats,
        types,
        content_reference: text("contentReference"),
        fixed,
        pattern,
        min_value,
        max_value,
        constraints,
        binding,
        slicing,
        is_modifier: element
            .get("isModifier")
            .and_then(Value::as_bool)
            .unwrap_or(false),
        children: Vec::new(),
        limits,
    }
}

const EXT_MAX_VALUE_SET: &str =
    "http://hl7.org/fhir/StructureDefinition/elementdefinition-maxValueSet";
const EXT_MIN_LENGTH: &str = "http://hl7.org/fhir/StructureDefinition/minLength";
const EXT_REGEX: &str = "http://hl7.org/fhir/StructureDefinition/regex";
const EXT_MAX_SIZE: &str = "http://hl7.org/fhir/StructureDefinition/maxSize";
const EXT_MAX_DECIMALS: &str = "http://hl7.org/fhir/StructureDefinition/maxDecimalPlaces";

/// The element's limits. Extensions without a usable value (or a regex that does not compile)
/// are left out.
fn compile_limits(element: &Value, types: &[TypeRef]) -> Limits {
    let extensions = element
        .get("extension")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let extension = |url: &str| {
        extensions
            .iter()
            .find(|e| e.get("url").and_then(Value::as_str) == Some(url))
    };
    // Integer extensions may be written as any integer type, or (maxSize) as a decimal.
    let count = |url: &str| {
        let e = extension(url)?;
        [
            "valueInteger",
            "valueUnsignedInt",
            "valuePositiveInt",
            "valueDecimal",
            "valueInteger64",
        ]
        .iter()
        .find_map(|key| e.get(*key))
        .and_then(|v| {
            v.as_u64()
                .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        })
    };
    let regex = extension(EXT_REGEX)
        .and_then(|e| e.get("valueString"))
        .and_then(Value::as_str)
        .map(|own| types.iter().find_map(|t| t.regex.as_deref()).unwrap_or(own))
        .and_then(|text| {
            regex::Regex::new(&format!("^(?:{text})$"))
                .ok()
                .map(|compiled| (text.to_string(), compiled))
        });
    Limits {
        max_length: element
            .get("maxLength")
            .and_then(Value::as_u64)
            .filter(|&m| m > 0),
        min_length: count(EXT_MIN_LENGTH),
        regex,
        max_size: count(EXT_MAX_SIZE),
        max_decimal_places: count(EXT_MAX_DECIMALS),
    }
}

fn parse_max(max: Option<&str>) -> Option<u32> {
    match max {
        None | Some("*") => None,
        Some(text) => text.parse().ok(),
    }
}

fn compile_type(value: &Value) -> TypeRef {
    let strings = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    let mut code = value
        .get("code")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    // The FHIRPath system types used for `id`, `extension.url` and primitive `value`s.
    if let Some(stripped) = code.strip_prefix("http://hl7.org/fhirpath/System.") {
        code = stripped.to_string();
        let fhir_type = value
            .get("extension")
            .and_then(Value::as_array)
            .and_then(|extensions| {
                extensions.iter().find(|e| {
                    e.get("url").and_then(Value::as_str)
                        == Some(
                            "http://hl7.org/fhir/StructureDefinition/structuredefinition-fhir-type",
                        )
                })
            })
            .and_then(|e| e.get("valueUrl").or_else(|| e.get("valueUri")))
            .and_then(Value::as_str);
        if let Some(fhir_type) = fhir_type {
            code = fhir_type.to_string();
        }
    }
    TypeRef {
        code,
        profiles: strings("profile"),
        target_profiles: strings("targetProfile"),
        aggregation: strings("aggregation"),
        regex: value
            .get("extension")
            .and_then(Value::as_array)
            .and_then(|extensions| {
                extensions.iter().find(|e| {
                    e.get("url").and_then(Value::as_str)
                        == Some("http://hl7.org/fhir/StructureDefinition/regex")
                })
            })
            .and_then(|e| e.get("valueString"))
            .and_then(Value::as_str)
            .map(str::to_string),
    }
}

fn compile_constraint(
    value: &Value,
    compile: &mut dyn FnMut(&str) -> Option<Arc<Expression>>,
) -> Constraint {
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let expression_text = text("expression");
    let expression = if expression_text.is_empty() {
        None
    } else {
        compile(&expression_text)
    };
    Constraint {
        key: text("key"),
        severity: if text("severity") == "warning" {
            Severity::Warning
        } else {
            Severity::Error
        },
        human: text("human"),
        broken: (expression.is_none() && !expression_text.is_empty()).then_some(expression_text),
        expression,
    }
}
