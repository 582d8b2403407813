//! `StructureDefinition.type`: a URL only for a logical model (and then in the namespace of the
//! definition's own URL), otherwise a type FHIR defines, which a definition other than the type's
//! own can only constrain. The reference validator's `checkTypeValue`.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

use super::uri::is_absolute_url;

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, json: &JsonValue, value: &str) {
    let definition = walk.resource;
    if definition.get("resourceType").and_then(JsonValue::as_str) != Some("StructureDefinition") {
        return;
    }
    let text = |name: &str| {
        definition
            .get(name)
            .and_then(JsonValue::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let (url, derivation, kind) = (text("url"), text("derivation"), text("kind"));
    // FHIR's own definitions (R4's logical models such as `Event` and `MetadataResource` among
    // them) predate these authoring rules; the StructureDefinition rules skip them alike.
    if url.starts_with("http://hl7.org/fhir/StructureDefinition/") && derivation != "constraint" {
        return;
    }
    if is_absolute_url(value) {
        let namespace = |u: &str| {
            u.rfind('/')
                .and_then(|i| u.get(..i))
                .unwrap_or(u)
                .to_string()
        };
        let own = namespace(&url);
        let same = namespace(value) == own
            || namespace(value) == own.replace("StructureDefinition/", "")
            || derivation == "constraint";
        if !same {
            walk.sink.warning(
                IssueType::Invalid,
                "structure_definition.type_namespace",
                &item.path,
                json.pos,
                format!("The type '{value}' is not in the same namespace as the definition's URL '{url}'"),
            );
        }
        if kind != "logical" {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.type_not_logical",
                &item.path,
                json.pos,
                format!("The type '{value}' is a URL, which only a logical model may have; this definition's kind is '{kind}'"),
            );
        }
    } else if walk.defs.model().has_type(value) {
        let own = format!("http://hl7.org/fhir/StructureDefinition/{value}");
        if url != own && derivation != "constraint" {
            walk.sink.error(
                IssueType::Invalid,
                "structure_definition.type_not_derived",
                &item.path,
                json.pos,
                format!("The type '{value}' is a FHIR type: a definition of it other than FHIR's own must be a constraint, not a specialization"),
            );
        }
    } else {
        walk.sink.error(
            IssueType::Invalid,
            "structure_definition.type_unknown",
            &item.path,
            json.pos,
            format!("The type '{value}' is not a FHIR type; a logical model's type must be an absolute URL"),
        );
    }
}
