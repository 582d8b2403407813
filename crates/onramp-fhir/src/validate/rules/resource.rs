//! Resources: `resourceType`, the core definition of the type, the profiles the resource claims in
//! `meta.profile` and those asked for, the root invariants, and nested resources (contained,
//! Bundle entries, Parameters).

mod nested_profiles;

use std::sync::Arc;

use super::bundle::BundleIndex;
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::profile::{ElementNode, Profile};
use crate::validate::walk::Walk;

/// Validates a resource (the root, or a nested one with its own `%resource`).
pub(crate) fn resource(walk: &mut Walk<'_>, json: &JsonValue, path: &str, extra: &[Arc<Profile>]) {
    resource_in(walk, json, path, extra, None);
}

fn resource_in(
    walk: &mut Walk<'_>,
    json: &JsonValue,
    path: &str,
    extra: &[Arc<Profile>],
    container: Option<&JsonValue>,
) {
    let Some(resource_type) = json.get("resourceType").and_then(JsonValue::as_str) else {
        walk.sink.error(
            IssueType::Invalid,
            "resource.no_type",
            path,
            json.pos,
            "The JSON object has no resourceType, so it is not a FHIR resource".to_string(),
        );
        return;
    };
    let Some(core) = walk
        .defs
        .core_profile(resource_type)
        .filter(|p| p.kind == "resource")
    else {
        walk.sink.error(
            IssueType::Invalid,
            "resource.unknown_type",
            path,
            json.pos,
            format!("Unknown resource type '{resource_type}'"),
        );
        return;
    };
    let path = if path.is_empty() { resource_type } else { path };
    let claimed = super::canonical::meta_profiles::claimed(walk, json, path, &core);
    let mut profiles = vec![core];
    profiles.extend(claimed);
    super::canonical::meta_profiles::unknown_globals(walk, resource_type, path, json.pos);
    for implied in super::implied::profiles(walk, resource_type, json, path, json.pos) {
        if !profiles.iter().any(|p| p.url == implied.url) {
            profiles.push(implied);
        }
    }
    for asked in extra {
        let imposed = super::canonical::meta_profiles::imposed(walk, asked, path, json.pos);
        profiles.push(asked.clone());
        profiles.extend(imposed);
    }
    let index = (resource_type == "Bundle").then(|| BundleIndex::new(json));
    let mut nested = Walk {
        defs: walk.defs,
        options: walk.options,
        sink: &mut *walk.sink,
        resource: json,
        // A contained resource's %rootResource is its container; a Bundle entry or a Parameters
        // resource is a resource in its own right.
        root: if container.is_some() { walk.root } else { json },
        depth: walk.depth,
        bundle: match &index {
            Some(index) => Some(index),
            None => walk.bundle,
        },
        container,
        environment: None,
    };
    if let Some(index) = &index {
        super::bundle::check(&mut nested, index, json, path);
    }
    super::resource_ids::check(&mut nested, json, path);
    super::canonical::status::check(&mut nested, json, resource_type, path);
    match resource_type {
        "QuestionnaireResponse" => super::questionnaire::check(&mut nested, json, path),
        "CodeSystem" => super::code_system::check(&mut nested, json, path),
        "ValueSet" => super::value_set::check(&mut nested, json, path),
        "SearchParameter" => super::search_parameter::check(&mut nested, json, path),
        "CapabilityStatement" => {
            super::search_parameter::check_capability_statement(&mut nested, json, path)
        }
        "MeasureReport" => super::measure_report::check(&mut nested, json, path),
        "Questionnaire" => super::questionnaire_definition::check(&mut nested, json, path),
        "Measure" => super::measure::check(&mut nested, json, path),
        "StructureDefinition" => super::structure_definition::check(&mut nested, json, path),
        "OperationDefinition" => super::operation_definition::check(&mut nested, json, path),
        "ConceptMap" => super::concept_map::check(&mut nested, json, path),
        "Observation" => super::observation::check(&mut nested, json, path),
        "Parameters" => super::parameters::check(&mut nested, json, path),
        _ => {}
    }
    for profile in &profiles {
        if profile.type_name != resource_type
            && !walk_is_subtype(&nested, resource_type, &profile.type_name)
        {
            nested.sink.error(
                IssueType::Invalid,
                "profile.wrong_type",
                path,
                json.pos,
                format!(
                    "The profile {} is for {} resources, not {resource_type}",
                    profile.url, profile.type_name
                ),
            );
            continue;
        }
        if let Some(root) = profile.node(0) {
            super::invariant::check(&mut nested, root, json, path, json.pos, resource_type, None);
        }
        nested.object(profile, 0, json, path, resource_type);
    }
}

fn walk_is_subtype(walk: &Walk<'_>, type_name: &str, ancestor: &str) -> bool {
    walk.defs.model().is_subtype(type_name, ancestor)
}

/// A resource inside another (contained, Bundle.entry.resource, Parameters.parameter.resource),
/// validated as its element's type says: the type allowed there, and the profiles it names (see
/// [`nested_profiles`]).
pub(crate) fn contained(walk: &mut Walk<'_>, element: &ElementNode, json: &JsonValue, path: &str) {
    let container = path.contains(".contained[").then_some(walk.resource);
    let resource_type = json
        .get("resourceType")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    nested_profiles::check(walk, element, json, path, resource_type, container);
}
