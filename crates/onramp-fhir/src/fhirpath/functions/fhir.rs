//! The functions FHIR adds to FHIRPath (FHIR R4 §2.1.9.1.7 and FHIRPath's FHIR appendix):
//! `extension`, `hasValue`, `getValue`, `resolve`, `conformsTo`, `memberOf`, `subsumes`,
//! `subsumedBy`, `htmlChecks`.

use std::borrow::Cow;

use super::super::error::{eval_error, EvalResult};
use super::super::eval::{Call, Evaluator};
use super::super::node::Strictness;
use super::super::value::{Collection, Item};
use super::super::xhtml;
use crate::json::{JsonKind, JsonValue};

pub(crate) fn extension<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let url_value = ev.arg(call, 0)?;
    let Some(url) = ev.single_string(&url_value, "the url of extension()")? else {
        return Ok(Vec::new());
    };
    let mut extensions = Vec::new();
    let symbol = ev.symbol("extension");
    let strictness = ev.strictness;
    ev.strictness = Strictness::Lenient;
    for item in &input {
        if let Item::Node(node) = item {
            if let Err(error) = ev.navigate(node, "extension", symbol, &mut extensions) {
                ev.strictness = strictness;
                return Err(error);
            }
        }
    }
    ev.strictness = strictness;
    Ok(extensions
        .into_iter()
        .filter(|extension| {
            extension
                .as_node()
                .and_then(|node| node.value.get("url"))
                .and_then(JsonValue::as_str)
                == Some(url.as_ref())
        })
        .collect())
}

pub(crate) fn has_value<'a>(
    _: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    // A primitive whose JSON value is there (a decimal too large for the evaluator still has one).
    let value = match input.as_slice() {
        [Item::Node(node)] => matches!(
            node.value.kind,
            JsonKind::String(_) | JsonKind::Number(_) | JsonKind::Bool(_)
        ),
        [Item::Type(_)] | [] => false,
        [_] => true,
        _ => false,
    };
    Ok(vec![Item::Boolean(value)])
}

pub(crate) fn get_value<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    Ok(match input.as_slice() {
        [item @ Item::Node(_)] => ev.primitive(item).into_iter().collect(),
        _ => Vec::new(),
    })
}

/// The reference text of an item: a string, or a Reference's `reference`.
fn reference_of<'a>(ev: &Evaluator<'a, '_>, item: &Item<'a>) -> Option<Cow<'a, str>> {
    match item {
        Item::Node(node) if node.value.is_object() => node
            .value
            .get("reference")
            .and_then(JsonValue::as_str)
            .map(Cow::Borrowed),
        other => match ev.primitive(other) {
            Some(Item::String(text)) => Some(text),
            _ => None,
        },
    }
}

fn find_in_contained<'a>(resource: &'a JsonValue, id: &str) -> Option<&'a JsonValue> {
    resource
        .get("contained")?
        .as_array()?
        .iter()
        .find(|contained| contained.get("id").and_then(JsonValue::as_str) == Some(id))
}

/// `Type/id` of a resource, and whether `reference` names it (relative, absolute or versioned).
fn names_resource(reference: &str, resource: &JsonValue) -> bool {
    let (Some(resource_type), Some(id)) = (
        resource.get("resourceType").and_then(JsonValue::as_str),
        resource.get("id").and_then(JsonValue::as_str),
    ) else {
        return false;
    };
    let reference = reference.split("/_history/").next().unwrap_or(reference);
    let local = format!("{resource_type}/{id}");
    reference == local || reference.ends_with(&format!("/{local}"))
}

fn find_in_bundle<'a>(bundle: &'a JsonValue, reference: &str) -> Option<&'a JsonValue> {
    if bundle.get("resourceType").and_then(JsonValue::as_str) != Some("Bundle") {
        return None;
    }
    let entries = bundle.get("entry")?.as_array()?;
    let by_full_url = entries
        .iter()
        .find(|entry| entry.get("fullUrl").and_then(JsonValue::as_str) == Some(reference));
    let entry = by_full_url.or_else(|| {
        entries.iter().find(|entry| {
            entry
                .get("resource")
                .is_some_and(|resource| names_resource(reference, resource))
        })
    })?;
    entry.get("resource")
}

/// Resolves references to contained resources (`#id`) and to entries of the Bundle being
/// evaluated; other references (servers, packages) resolve to nothing.
pub(crate) fn resolve<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let roots: Vec<&'a JsonValue> = ["resource", "rootResource", "context"]
        .iter()
        .filter_map(|name| match name {
            &"context" => Some(ev.context.clone()),
            other => ev.env.variable(other).cloned(),
        })
        .flatten()
        .filter_map(|item| item.as_node().map(|node| node.value))
        .collect();
    let mut resolved = Vec::new();
    for item in &input {
        let Some(reference) = reference_of(ev, item) else {
            continue;
        };
        let found = if let Some(id) = reference.strip_prefix('#') {
            roots.iter().find_map(|root| find_in_contained(root, id))
        } else {
            roots
                .iter()
                .find_map(|root| find_in_bundle(root, &reference))
                .or_else(|| {
                    roots
                        .iter()
                        .copied()
                        .find(|root| names_resource(&reference, root))
                })
        };
        if let Some(resource) = found {
            resolved.push(ev.engine.node(resource, None));
        }
    }
    Ok(resolved)
}

/// Whether the resource is of the profile's type. The profile's own constraints are not
/// checked here (that is the validator's job); an unknown profile is an error.
pub(crate) fn conforms_to<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let url_value = ev.arg(call, 0)?;
    let Some(url) = ev.single_string(&url_value, "the profile of conformsTo()")? else {
        return Ok(Vec::new());
    };
    let profile_type = profile_type(ev, &url)
        .ok_or_else(|| eval_error!("conformsTo(): unknown profile '{url}'"))?;
    let types = ev.types();
    let mut result = Vec::new();
    for item in &input {
        let conforms = match item {
            Item::Node(node) => {
                super::super::eval::typing::node_has_type_name(types, node, &profile_type)
            }
            _ => false,
        };
        result.push(Item::Boolean(conforms));
    }
    Ok(result)
}

/// The type a profile constrains: a core type whose definition has this URL, or the `type` of a
/// StructureDefinition in the loaded packages.
fn profile_type(ev: &Evaluator<'_, '_>, url: &str) -> Option<String> {
    let url = url.split('|').next().unwrap_or(url);
    if let Some(model) = ev.engine.model() {
        if let Some(name) = model
            .type_names()
            .find(|name| model.url_of(name) == Some(url))
        {
            return Some(name.to_string());
        }
    }
    let packages = ev.engine.packages()?;
    let definition = packages.resolve_canonical(url).ok()?;
    if definition
        .get("resourceType")
        .and_then(serde_json::Value::as_str)
        != Some("StructureDefinition")
    {
        return None;
    }
    definition
        .get("type")
        .and_then(serde_json::Value::as_str)
        .map(str::to_string)
}

/// `(system, code)` pairs of a code, Coding or CodeableConcept.
fn codings_of<'a>(ev: &Evaluator<'a, '_>, item: &Item<'a>) -> Vec<(Option<String>, String)> {
    match item {
        Item::Node(node) if node.value.is_object() => {
            let coding = |value: &JsonValue| {
                value.get("code").and_then(JsonValue::as_str).map(|code| {
                    (
                        value
                            .get("system")
                            .and_then(JsonValue::as_str)
                            .map(str::to_string),
                        code.to_string(),
                    )
                })
            };
            match node.value.get("coding").and_then(JsonValue::as_array) {
                Some(codings) => codings.iter().filter_map(coding).collect(),
                None => coding(node.value).into_iter().collect(),
            }
        }
        other => match ev.primitive(other) {
            Some(Item::String(code)) => vec![(None, code.into_owned())],
            _ => Vec::new(),
        },
    }
}

/// Membership in a value set expanded from the loaded packages; empty when it cannot be decided
/// offline (the value set or its code system is not there).
pub(crate) fn member_of<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let url_value = ev.arg(call, 0)?;
    let Some(url) = ev.single_string(&url_value, "the value set of memberOf()")? else {
        return Ok(Vec::new());
    };
    let Some(packages) = ev.engine.packages() else {
        return Ok(Vec::new());
    };
    let mut result = Vec::new();
    for item in &input {
        let codings = codings_of(ev, item);
        if let Some(member) = ev.engine.terminology.member_of(packages, &url, &codings) {
            result.push(Item::Boolean(member));
        }
    }
    Ok(result)
}

fn subsumption<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
    reverse: bool,
) -> EvalResult<Collection<'a>> {
    let other = ev.arg(call, 0)?;
    let (Some(left), Some(right)) = (input.first(), other.first()) else {
        return Ok(Vec::new());
    };
    let Some(packages) = ev.engine.packages() else {
        return Ok(Vec::new());
    };
    let (left, right) = (codings_of(ev, left), codings_of(ev, right));
    let (ancestor, descendant) = if reverse {
        (right, left)
    } else {
        (left, right)
    };
    let answer = ev
        .engine
        .terminology
        .subsumes(packages, &ancestor, &descendant);
    Ok(answer.map(Item::Boolean).into_iter().collect())
}

pub(crate) fn subsumes<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    subsumption(ev, call, input, false)
}

pub(crate) fn subsumed_by<'a>(
    ev: &mut Evaluator<'a, '_>,
    call: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    subsumption(ev, call, input, true)
}

/// Whether narrative XHTML uses only the elements and attributes FHIR allows, and has content.
pub(crate) fn html_checks<'a>(
    ev: &mut Evaluator<'a, '_>,
    _: &Call<'a, '_>,
    input: Collection<'a>,
) -> EvalResult<Collection<'a>> {
    let mut result = Vec::new();
    for item in &input {
        let valid = match ev.primitive(item) {
            Some(Item::String(text)) => xhtml::check_narrative(&text).is_ok(),
            _ => false,
        };
        result.push(Item::Boolean(valid));
    }
    Ok(result)
}
