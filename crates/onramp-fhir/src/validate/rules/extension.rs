//! Extensions: resolve the definition by `url`, check where it is used against its contexts and
//! context invariants ([`context`]), check `modifierExtension` use against the definition's
//! `isModifier`, and validate the extension against its definition (value type, nested
//! extensions, cardinality, invariants).

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::ElementNode;
use crate::validate::walk::{Item, Walk};

mod context;
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
            && !example_url_not_allowed(walk, url)
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
    context::check(walk, element, item, json, url, &definition);
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

/// An unknown extension on an example domain is allowed only where example URLs are (when URLs
/// are resolved at all), as in the reference.
fn example_url_not_allowed(walk: &Walk<'_>, url: &str) -> bool {
    walk.options.url_resolution != crate::validate::UrlResolution::Off
        && !walk.options.allow_example_urls
        && super::primitive::is_example_url(url)
}
