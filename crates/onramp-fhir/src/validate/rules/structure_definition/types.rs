//! The profiles and target profiles of an element's type: known, constraining the type they are
//! given on, modifier extensions only on `modifierExtension` (and ordinary ones not there), and
//! targets that can be referred to (resources for a Reference, canonical resources for a
//! canonical).

use std::sync::Arc;

use serde_json::Value;

use super::{items, Sd};
use crate::json::{JsonValue, Pos};
use crate::validate::context::Definitions;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const LOGICAL_TARGET: &str = "http://hl7.org/fhir/tools/StructureDefinition/logical-target";
const TYPE_CHARACTERISTICS: &str =
    "http://hl7.org/fhir/StructureDefinition/structuredefinition-type-characteristics";

/// Longer base chains than this are a cycle.
const MAX_CHAIN: usize = 16;

pub(super) fn check(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    type_ref: &JsonValue,
    at: &str,
    path: &str,
    code: &str,
) {
    for profile in items(type_ref, "profile") {
        if let Some(url) = profile.as_str() {
            type_profile(walk, url, code, &format!("{at}.profile"), profile.pos, path);
        }
    }
    for profile in items(type_ref, "targetProfile") {
        if let Some(url) = profile.as_str() {
            target_profile(
                walk,
                sd,
                url,
                code,
                &format!("{at}.targetProfile"),
                profile.pos,
                path,
            );
        }
    }
}

fn resolve_definition(defs: &Definitions, url: &str) -> Option<Arc<Value>> {
    defs.resolve(url)
        .filter(|d| d.get("resourceType").and_then(Value::as_str) == Some("StructureDefinition"))
}

fn unknown(walk: &mut Walk<'_>, url: &str, at: &str, pos: Pos) {
    walk.sink.warning(
        IssueType::Processing,
        "structure_definition.type_profile_unknown",
        at,
        pos,
        format!("Unable to find the profile {url} named on this type, so it was not checked"),
    );
}

fn no_type(walk: &mut Walk<'_>, url: &str, at: &str, pos: Pos) {
    walk.sink.error(
        IssueType::Processing,
        "structure_definition.type_profile_no_type",
        at,
        pos,
        format!("Unable to find the type that the profile {url} constrains"),
    );
}

/// The base chain of a profile, followed to the type it is on.
enum Chain {
    Type(Arc<Value>),
    /// A constraint without a base (or a cycle): there is no type.
    NoType,
    /// A base is not among the loaded packages: not checked.
    Unloaded,
}

/// The first definition in the base chain that is not a constraint: the type a profile is on.
fn base_type(defs: &Definitions, definition: Arc<Value>) -> Chain {
    let mut current = definition;
    for _ in 0..MAX_CHAIN {
        if current.get("derivation").and_then(Value::as_str) != Some("constraint") {
            return Chain::Type(current);
        }
        let Some(base) = current.get("baseDefinition").and_then(Value::as_str) else {
            return Chain::NoType;
        };
        match resolve_definition(defs, base) {
            Some(next) => current = next,
            None => return Chain::Unloaded,
        }
    }
    Chain::NoType
}

fn field<'a>(definition: &'a Value, key: &str) -> &'a str {
    definition
        .get(key)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// Whether the type `definition` is (or specialises, through abstract or logical bases) `code`.
fn is_instance_of(defs: &Definitions, definition: Arc<Value>, code: &str) -> bool {
    let mut current = Some(definition);
    for _ in 0..MAX_CHAIN {
        let Some(definition) = current else {
            return false;
        };
        if field(&definition, "type") == code || field(&definition, "url") == code {
            return true;
        }
        current = definition
            .get("baseDefinition")
            .and_then(Value::as_str)
            .and_then(|base| resolve_definition(defs, base))
            .filter(|base| {
                base.get("abstract").and_then(Value::as_bool) == Some(true)
                    || field(base, "kind") == "logical"
            });
    }
    false
}

fn type_profile(walk: &mut Walk<'_>, url: &str, code: &str, at: &str, pos: Pos, path: &str) {
    let Some(definition) = resolve_definition(walk.defs, url) else {
        if !crate::validate::rules::is_cross_version_extension(url) {
            unknown(walk, url, at, pos);
        }
        return;
    };
    let base = match base_type(walk.defs, definition) {
        Chain::Type(base) => base,
        Chain::NoType => return no_type(walk, url, at, pos),
        Chain::Unloaded => return,
    };
    let base_name = field(&base, "type").to_string();
    if !is_instance_of(walk.defs, base.clone(), code) {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.type_profile_wrong",
            at,
            pos,
            format!("The profile {url} is on the type {base_name}, but it is used on {path} for the type {code}"),
        );
        return;
    }
    if base_name != "Extension" {
        return;
    }
    let modifier = walk
        .defs
        .profile(url)
        .and_then(|profile| profile.node(0).map(|root| root.is_modifier))
        .unwrap_or(false);
    let modifier_context = path.ends_with(".modifierExtension");
    if modifier && !modifier_context {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.modifier_extension_misplaced",
            at,
            pos,
            format!("The extension {url} is a modifier extension, but it is used on {path}, which is not a modifierExtension"),
        );
    } else if !modifier && modifier_context {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.extension_as_modifier",
            at,
            pos,
            format!("The extension {url} is not a modifier extension, but it is used on {path}, which is a modifierExtension"),
        );
    }
}

/// A logical model that declares itself a possible reference target.
fn referenceable(definition: &Value) -> bool {
    definition
        .get("extension")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .any(|e| {
            let url = e.get("url").and_then(Value::as_str);
            (url == Some(TYPE_CHARACTERISTICS)
                && e.get("valueCode").and_then(Value::as_str) == Some("can-be-target"))
                || (url == Some(LOGICAL_TARGET)
                    && e.get("valueBoolean").and_then(Value::as_bool) == Some(true))
        })
}

fn target_profile(
    walk: &mut Walk<'_>,
    sd: &Sd<'_>,
    url: &str,
    code: &str,
    at: &str,
    pos: Pos,
    path: &str,
) {
    let what = match code {
        "Reference" | "CodeableReference" => "Resource",
        "canonical" => "Canonical Resource",
        _ => {
            walk.sink.error(
                IssueType::Processing,
                "structure_definition.target_profile_not_allowed",
                at,
                pos,
                format!("The type {code} of {path} cannot have target profiles (only Reference, CodeableReference and canonical can)"),
            );
            return;
        }
    };
    let Some(definition) = resolve_definition(walk.defs, url) else {
        unknown(walk, url, at, pos);
        return;
    };
    let kind_resource = field(&definition, "kind") == "resource";
    let base = match base_type(walk.defs, definition) {
        Chain::Type(base) => base,
        Chain::NoType => return no_type(walk, url, at, pos),
        Chain::Unloaded => return,
    };
    let base_name = field(&base, "type");
    let fits = if what == "Resource" {
        kind_resource || (sd.logical && referenceable(&base))
    } else {
        base_name == "Resource"
            || crate::validate::rules::CANONICAL_RESOURCE_TYPES.contains(&base_name)
    };
    if !fits {
        walk.sink.error(
            IssueType::Processing,
            "structure_definition.target_profile_wrong",
            at,
            pos,
            format!("The target profile {url} is on the type {base_name}, but a {code} on {path} can only point to a {what}"),
        );
    }
}
