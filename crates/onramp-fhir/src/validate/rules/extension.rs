//! Extensions: resolve the definition by `url`, check `modifierExtension` use against the
//! definition's `isModifier`, and validate the extension against its definition (value type,
//! nested extensions, cardinality, invariants).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::is_primitive_code;
use crate::validate::walk::{Item, Walk};

mod value;
mod version;

/// Extensions of matchetype resources (test patterns), which a validated instance must not use.
const MATCHETYPE_EXTENSIONS: [&str; 3] = [
    "http://hl7.org/fhir/tools/StructureDefinition/matchetype-optional",
    "http://hl7.org/fhir/tools/StructureDefinition/matchetype-count",
    "http://hl7.org/fhir/tools/StructureDefinition/matchetype-value",
];

pub(crate) fn check(walk: &mut Walk<'_>, element: &ElementNode, item: &Item<'_>) {
    if element.types.iter().any(|t| !t.profiles.is_empty()) || !element.children.is_empty() {
        return; // a profiled slice: the walk validates it against its profile
    }
    let Some(json) = item.json else { return };
    let Some(url) = json.get("url").and_then(JsonValue::as_str) else {
        walk.sink.error(
            IssueType::Structure,
            "extension.no_url",
            &item.path,
            item.pos,
            "Extension.url is required in order to identify, use and validate the extension"
                .to_string(),
        );
        // The missing url is also reported by cardinality when walking the base Extension.
        if let Some(base) = walk.defs.core_profile("Extension") {
            walk.object(&base, 0, json, &item.path, "Extension");
        }
        return;
    };
    if MATCHETYPE_EXTENSIONS.contains(&url) {
        walk.sink.error(
            IssueType::Invalid,
            "extension.matchetype_only",
            &item.path,
            item.pos,
            format!("The extension {url} is only allowed in matchetype resources (test patterns), not in instances"),
        );
    }
    let absolute = url.contains("://") || url.starts_with("urn:");
    let definition = if absolute {
        // `url|version`: not allowed; validated against the definition that the unversioned url
        // names, whose fixed `Extension.url` then reports the difference too.
        match url.split_once('|') {
            Some((plain, asked)) => version::versioned(walk, item, url, plain, asked),
            None => walk.defs.profile(url),
        }
    } else {
        None
    };
    let Some(definition) = definition else {
        if absolute && is_hl7_namespace(url) {
            walk.sink.info(
                IssueType::NotSupported,
                "extension.not_checked",
                &item.path,
                item.pos,
                format!("The extension {url} belongs to HL7's namespace but is not in the loaded packages; it was not checked"),
            );
        } else if absolute
            && !url.starts_with("http://hl7.org/")
            && !url.starts_with("https://hl7.org/")
        {
            walk.sink.info(
                IssueType::Extension,
                "extension.unknown_allowed",
                &item.path,
                item.pos,
                format!("The extension {url} is unknown (not in the loaded packages); its content was checked against Extension only"),
            );
        } else if absolute {
            walk.sink.error(
                IssueType::Structure,
                "extension.unknown",
                &item.path,
                item.pos,
                format!("The extension {url} could not be found so is not allowed here"),
            );
        }
        if let Some(base) = walk.defs.core_profile("Extension") {
            walk.object(&base, 0, json, &item.path, "Extension");
        }
        return;
    };
    if definition.type_name != "Extension" {
        walk.sink.error(
            IssueType::Structure,
            "extension.not_an_extension",
            &item.path,
            item.pos,
            format!(
                "The url {url} identifies a {} definition, not an extension",
                definition.type_name
            ),
        );
        return;
    }
    check_context(walk, element, item, url, &definition.contexts);
    version::check_definition(walk, item, &definition.url);
    value::check(walk, item, json, url, &definition);
    let is_modifier = definition.node(0).is_some_and(|root| root.is_modifier);
    let in_modifier_list = element.name == "modifierExtension";
    if is_modifier && !in_modifier_list {
        walk.sink.error(
            IssueType::Structure,
            "extension.modifier_as_extension",
            &item.path,
            item.pos,
            format!("The extension {url} is a modifier extension: it must be in modifierExtension, not in extension"),
        );
    } else if !is_modifier && in_modifier_list {
        walk.sink.error(
            IssueType::Structure,
            "extension.extension_as_modifier",
            &item.path,
            item.pos,
            format!("The extension {url} is not a modifier extension: it must be in extension, not in modifierExtension"),
        );
    }
    if let Some(root) = definition.node(0) {
        crate::validate::rules::invariant::check(
            walk,
            root,
            json,
            &item.path,
            item.pos,
            "Extension",
            Some(element),
        );
    }
    walk.object(&definition, 0, json, &item.path, "Extension");
}

/// Extensions HL7 publishes outside the core package (the extensions pack, cross-version and tool
/// extensions): without their package they are not checked rather than unknown.
fn is_hl7_namespace(url: &str) -> bool {
    let Some(rest) = url.strip_prefix("http://hl7.org/fhir/") else {
        return false;
    };
    let first = rest.split('/').next().unwrap_or_default();
    first == "StructureDefinition"
        || first == "tools"
        || first == "test"
        || first.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// The extension's `context` (element contexts by path or type; other kinds recorded as `*`)
/// against where it is used. The holder is known by its type when the walk is inside a type's
/// definition (`HumanName.extension`: a HumanName) and by its path in the resource (`Patient.name`);
/// a context matches either, a supertype of the type, or `Element`. Holders whose type is not known
/// (primitives, elements of a profile's own tree) are not judged.
fn check_context(
    walk: &mut Walk<'_>,
    element: &ElementNode,
    item: &Item<'_>,
    url: &str,
    contexts: &[String],
) {
    if contexts.is_empty()
        || contexts
            .iter()
            .any(|c| c == "*" || c == "Element" || c == "Base")
        || crate::validate::known::extension_context_unchecked(url)
    {
        return;
    }
    let Some(holder_type) = element
        .path
        .strip_suffix(".extension")
        .or_else(|| element.path.strip_suffix(".modifierExtension"))
    else {
        return;
    };
    let model = walk.defs.model();
    let known_type = !holder_type.contains('.')
        && !matches!(holder_type, "Element" | "BackboneElement")
        && model.has_type(holder_type)
        && !is_primitive_code(walk.defs, holder_type);
    if !known_type {
        return;
    }
    let holder_paths = instance_paths(walk, &item.path);
    let allowed = contexts.iter().any(|context| {
        // A type this version does not have (R5's CanonicalResource) cannot be judged.
        (!context.contains('.') && !model.has_type(context))
            || context == holder_type
            || model.is_subtype(holder_type, context)
            || holder_paths.iter().any(|p| p == context)
    });
    if allowed {
        return;
    }
    let holder_at = item
        .path
        .rsplit_once('.')
        .map_or(item.path.as_str(), |(holder, _)| holder);
    let mut this_element = vec![holder_type.to_string()];
    this_element.extend(holder_paths.iter().take(1).cloned());
    walk.sink.error(
        IssueType::Structure,
        "extension.context",
        holder_at,
        item.pos,
        format!(
            "The extension {url} is not allowed to be used at this point (this element is [{}]; allowed = {})",
            this_element.join(", "),
            contexts
                .iter()
                .map(|c| format!("e:{c}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    );
}

/// The element path of the extension's holder in its resource, without indexes (`Patient.name`;
/// `Observation.value` also as `Observation.value[x]`), rebased onto the resource it is in when
/// that is nested (a Bundle entry, a contained resource).
fn instance_paths(walk: &Walk<'_>, extension_path: &str) -> Vec<String> {
    let Some((holder, _)) = extension_path.rsplit_once('.') else {
        return Vec::new();
    };
    let mut segments: Vec<String> = Vec::new();
    let mut choice = false;
    for segment in holder.split('.') {
        if segment.starts_with("ofType(") {
            choice = true;
            continue;
        }
        let name = segment.split('[').next().unwrap_or(segment);
        segments.push(name.to_string());
    }
    let resource_type = walk
        .resource
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    if segments.first().map(String::as_str) != Some(resource_type) {
        // Nested resource: what follows the last `resource` / `contained` step.
        if let Some(position) = segments
            .iter()
            .rposition(|s| s == "resource" || s == "contained")
        {
            let rest: Vec<String> = segments.split_off(position + 1);
            segments = std::iter::once(resource_type.to_string())
                .chain(rest)
                .collect();
        }
    }
    let path = segments.join(".");
    if choice {
        vec![format!("{path}[x]"), path]
    } else {
        vec![path]
    }
}
