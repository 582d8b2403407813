//! Search result Bundles (`type` = `searchset`): a `self` link that names the searched types,
//! `entry.search.mode` on every entry, and entries that fit their mode — matches and includes
//! with an id, matches of the searched types, outcomes that are OperationOutcomes. The
//! reference validator's `BundleValidator.checkSearchSet`, at its severities.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str, entries: &[JsonValue]) {
    let links = json.get("link").map(JsonValue::items).unwrap_or_default();
    let self_link = links
        .iter()
        .find(|link| link.get("relation").and_then(JsonValue::as_str) == Some("self"));
    let mut types = Vec::new();
    match self_link {
        None => walk.sink.warning(
            IssueType::Invalid,
            "bundle.search_no_self_link",
            path,
            json.pos,
            "A search result Bundle should have a self link that states the search".to_string(),
        ),
        Some(link) => {
            let url = link.get("url").and_then(JsonValue::as_str);
            types = searched_types(walk, url.unwrap_or_default());
            if types.is_empty() {
                walk.sink.info(
                    IssueType::Invalid,
                    "bundle.search_self_not_understood",
                    path,
                    json.pos,
                    "The self link of the search could not be read to find the searched types"
                        .to_string(),
                );
            }
        }
    }
    let with_mode = entries.iter().filter(|e| search_mode(e).is_some()).count();
    if with_mode == 0 && !entries.is_empty() {
        without_modes(walk, json, path, entries, &types, self_link.is_some());
    } else {
        with_modes(walk, path, entries, &types);
    }
}

/// No entry states its mode: guess from the types, and warn only when the types disagree.
fn without_modes(
    walk: &mut Walk<'_>,
    json: &JsonValue,
    path: &str,
    entries: &[JsonValue],
    types: &[String],
    has_self: bool,
) {
    let mut type_problem = false;
    let mut first_type: Option<&str> = None;
    for (position, entry) in entries.iter().enumerate() {
        let entry_path = format!("{path}.entry[{position}]");
        let Some(resource) = entry.get("resource") else {
            no_resource(walk, &entry_path, entry);
            continue;
        };
        let resource_path = format!("{entry_path}.resource");
        let resource_type = resource
            .get("resourceType")
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        let has_id = resource.get("id").is_some();
        if types.is_empty() {
            type_problem = true;
            if has_self {
                walk.sink.info(
                    IssueType::Invalid,
                    "bundle.search_entry_type_not_sure",
                    &resource_path,
                    resource.pos,
                    "Not sure whether this entry is a match or an include: the searched types are not known".to_string(),
                );
            }
            if !has_id && resource_type != "OperationOutcome" {
                no_id_warning(walk, &resource_path, resource);
            }
        } else if types.iter().any(|t| t == resource_type) {
            if resource_type != "OperationOutcome" {
                if !has_id {
                    no_id_warning(walk, &resource_path, resource);
                }
                match first_type {
                    Some(first) if first != resource_type => type_problem = true,
                    None => first_type = Some(resource_type),
                    Some(_) => {}
                }
            }
        } else {
            type_problem = true;
            walk.sink.warning(
                IssueType::Invalid,
                "bundle.search_entry_wrong_type",
                &entry_path,
                entry.pos,
                format!("The resource type {resource_type} is not one of the searched types ({}): is this entry an include?", types.join(", ")),
            );
        }
    }
    let message = "Entries in a search result Bundle should state their search.mode".to_string();
    if type_problem {
        walk.sink.warning(
            IssueType::Invalid,
            "bundle.search_no_mode",
            path,
            json.pos,
            message,
        );
    } else {
        walk.sink.info(
            IssueType::Invalid,
            "bundle.search_no_mode",
            path,
            json.pos,
            message,
        );
    }
}

/// Entries state their mode (all, or some): each must, and each must fit it.
fn with_modes(walk: &mut Walk<'_>, path: &str, entries: &[JsonValue], types: &[String]) {
    for (position, entry) in entries.iter().enumerate() {
        let entry_path = format!("{path}.entry[{position}]");
        let mode = search_mode(entry);
        if mode.is_none() {
            walk.sink.warning(
                IssueType::Invalid,
                "bundle.search_no_mode",
                &entry_path,
                entry.pos,
                "Entries in a search result Bundle should state their search.mode".to_string(),
            );
        }
        let Some(resource) = entry.get("resource") else {
            no_resource(walk, &entry_path, entry);
            continue;
        };
        let resource_path = format!("{entry_path}.resource");
        let resource_type = resource
            .get("resourceType")
            .and_then(JsonValue::as_str)
            .unwrap_or_default();
        let has_id = resource.get("id").is_some();
        match mode {
            None => {}
            Some("match") | Some("include") => {
                if !has_id {
                    walk.sink.error(
                        IssueType::Invalid,
                        "bundle.search_entry_no_id",
                        &resource_path,
                        resource.pos,
                        "Search results must have an id".to_string(),
                    );
                }
                if mode == Some("match")
                    && !types.is_empty()
                    && !types.iter().any(|t| t == resource_type)
                {
                    walk.sink.error(
                        IssueType::Invalid,
                        "bundle.search_entry_wrong_type",
                        &resource_path,
                        resource.pos,
                        format!("The resource type {resource_type} of a match is not one of the searched types ({})", types.join(", ")),
                    );
                }
            }
            Some(_) if resource_type != "OperationOutcome" => {
                walk.sink.error(
                    IssueType::Invalid,
                    "bundle.search_outcome_type",
                    &resource_path,
                    resource.pos,
                    format!("An entry with search.mode 'outcome' must be an OperationOutcome, not {resource_type}"),
                );
            }
            Some(_) => {}
        }
    }
}

fn no_resource(walk: &mut Walk<'_>, entry_path: &str, entry: &JsonValue) {
    walk.sink.error(
        IssueType::Invalid,
        "bundle.search_entry_no_resource",
        entry_path,
        entry.pos,
        "The entries of a search result Bundle must have a resource".to_string(),
    );
}

fn no_id_warning(walk: &mut Walk<'_>, resource_path: &str, resource: &JsonValue) {
    walk.sink.warning(
        IssueType::Invalid,
        "bundle.search_entry_no_id",
        resource_path,
        resource.pos,
        "Search results should have an id".to_string(),
    );
}

fn search_mode(entry: &JsonValue) -> Option<&str> {
    entry.get("search")?.get("mode")?.as_str()
}

/// The types a search URL asks for: the last path segment when it is a resource type
/// (`…/Patient?name=x`), else the `_type` parameter (`…/?_type=Patient,Group`).
fn searched_types(walk: &Walk<'_>, url: &str) -> Vec<String> {
    let (head, query) = match url.split_once('?') {
        Some((head, query)) => (head, Some(query)),
        None => (url, None),
    };
    if let Some(last) = head.rsplit('/').next() {
        if walk.defs.model().is_resource(last) {
            return vec![last.to_string()];
        }
    }
    query
        .into_iter()
        .flat_map(|query| query.split('&'))
        .filter_map(|parameter| parameter.strip_prefix("_type="))
        .flat_map(|list| list.split(','))
        .map(str::to_string)
        .collect()
}
