//! Measure definitions (the reference's MeasureValidator on a Measure): its libraries are known,
//! it has groups, groups, populations, stratifiers and their components say by code which they
//! are when there are several, and the CQL criteria of stratifiers name a definition that the
//! compiled (ELM) content of one of the Measure's libraries holds (not checked when one of the
//! libraries is not known: the criteria may come from it).

use base64::Engine as _;
use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// One library of the Measure: its name and its ELM, read or not.
struct Library {
    url: String,
    name: Option<String>,
    elm: Option<Result<Vec<String>, String>>,
}

/// Checks a Measure resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let mut libraries = Vec::new();
    let mut unknown_libraries = false;
    for (index, library) in json
        .get("library")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        let Some(url) = library.as_str().filter(|u| !u.is_empty()) else {
            continue;
        };
        match walk
            .defs
            .resolve(url)
            .filter(|l| l.get("resourceType").and_then(Value::as_str) == Some("Library"))
        {
            Some(found) => libraries.push(read_library(url, &found)),
            None => {
                unknown_libraries = true;
                walk.sink.info(
                IssueType::NotFound,
                "measure.library_unknown",
                &format!("{path}.library[{index}]"),
                library.pos,
                format!("The Library '{url}' is not known, so the criteria that use it cannot be checked"),
            );
            }
        }
    }
    let groups = json.get("group").map(JsonValue::items).unwrap_or_default();
    if groups.is_empty() {
        walk.sink.warning(
            IssueType::Required,
            "measure.no_groups",
            path,
            json.pos,
            "A Measure should have at least one group".to_string(),
        );
        return;
    }
    for (index, group) in groups.iter().enumerate() {
        let group_path = format!("{path}.group[{index}]");
        if groups.len() > 1 && group.get("code").is_none() {
            walk.sink.warning(
                IssueType::Required,
                "measure.group_code",
                &group_path,
                group.pos,
                "A Measure with more than one group should give each group a code".to_string(),
            );
        }
        let populations = group
            .get("population")
            .map(JsonValue::items)
            .unwrap_or_default();
        if populations.is_empty() {
            walk.sink.warning(
                IssueType::Required,
                "measure.group_population",
                &group_path,
                group.pos,
                "A Measure group should have at least one population".to_string(),
            );
        }
        coded(
            walk,
            populations,
            &group_path,
            "population",
            "measure.population_code",
        );
        let stratifiers = group
            .get("stratifier")
            .map(JsonValue::items)
            .unwrap_or_default();
        coded(
            walk,
            stratifiers,
            &group_path,
            "stratifier",
            "measure.stratifier_code",
        );
        for (s, stratifier) in stratifiers.iter().enumerate() {
            let stratifier_path = format!("{group_path}.stratifier[{s}]");
            if let Some(criteria) = stratifier.get("criteria").filter(|_| !unknown_libraries) {
                criterion(
                    walk,
                    &libraries,
                    criteria,
                    &format!("{stratifier_path}.criteria"),
                );
            }
            let components = stratifier
                .get("component")
                .map(JsonValue::items)
                .unwrap_or_default();
            coded(
                walk,
                components,
                &stratifier_path,
                "component",
                "measure.component_code",
            );
            for (c, component) in components.iter().enumerate() {
                if let Some(criteria) = component.get("criteria").filter(|_| !unknown_libraries) {
                    let at = format!("{stratifier_path}.component[{c}].criteria");
                    criterion(walk, &libraries, criteria, &at);
                }
            }
        }
    }
}

/// When there are several, each should have a code.
fn coded(walk: &mut Walk<'_>, members: &[JsonValue], path: &str, key: &str, id: &'static str) {
    if members.len() < 2 {
        return;
    }
    for (index, member) in members.iter().enumerate() {
        if member.get("code").is_none() {
            walk.sink.warning(
                IssueType::Required,
                id,
                &format!("{path}.{key}[{index}]"),
                member.pos,
                format!("When there is more than one {key}, each should have a code"),
            );
        }
    }
}

fn read_library(url: &str, library: &Value) -> Library {
    let elm = library
        .get("content")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|a| a.get("contentType").and_then(Value::as_str) == Some("application/elm+xml"))
        .map(|attachment| {
            let data = attachment
                .get("data")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let compact: String = data.chars().filter(|c| !c.is_whitespace()).collect();
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(compact)
                .map_err(|e| e.to_string())?;
            let text = String::from_utf8(bytes).map_err(|e| e.to_string())?;
            elm_definitions(&text)
        });
    Library {
        url: url.to_string(),
        name: library
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_string),
        elm,
    }
}

/// The names of the statements of an ELM library, or why it is not one.
fn elm_definitions(text: &str) -> Result<Vec<String>, String> {
    let document = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    let root = document.root_element();
    if root.tag_name().name() != "library"
        || root.tag_name().namespace() != Some("urn:hl7-org:elm:r1")
    {
        return Err("the root element is not an ELM library (urn:hl7-org:elm:r1)".to_string());
    }
    Ok(root
        .children()
        .filter(|n| n.tag_name().name() == "statements")
        .flat_map(|s| s.children())
        .filter(|n| n.tag_name().name() == "def")
        .filter_map(|d| d.attribute("name").map(str::to_string))
        .collect())
}

/// A criteria Expression: CQL names a definition of one of the Measure's libraries.
fn criterion(walk: &mut Walk<'_>, libraries: &[Library], criteria: &JsonValue, path: &str) {
    let Some(language) = criteria.get("language").and_then(JsonValue::as_str) else {
        return;
    };
    let pos = criteria.pos;
    if language != "text/cql" && language != "text/cql.identifier" {
        walk.sink.warning(
            IssueType::Required,
            "measure.criteria_language",
            path,
            pos,
            format!("The criteria language '{language}' cannot be checked (only CQL is)"),
        );
        return;
    }
    let expression = criteria
        .get("expression")
        .and_then(JsonValue::as_str)
        .unwrap_or_default();
    let mut error = |id: &'static str, message: String| {
        walk.sink.error(IssueType::Invalid, id, path, pos, message);
    };
    if libraries.is_empty() {
        error(
            "measure.cql_no_library",
            "CQL criteria need a Library in Measure.library, and the Measure has none that is known".to_string(),
        );
        return;
    }
    let (library, name) = match expression.split_once('.') {
        Some((library_name, name)) => {
            let named: Vec<&Library> = libraries
                .iter()
                .filter(|l| l.name.as_deref() == Some(library_name))
                .collect();
            if named.len() > 1 {
                error(
                    "measure.cql_library_duplicate",
                    format!("More than one of the Measure's libraries is called '{library_name}'"),
                );
            }
            let Some(library) = named.first() else {
                error(
                    "measure.cql_library_not_found",
                    format!("None of the Measure's libraries is called '{library_name}'"),
                );
                return;
            };
            (*library, name)
        }
        None => {
            let [library] = libraries else {
                error(
                    "measure.cql_library_ambiguous",
                    format!("The criteria '{expression}' do not name their library, and the Measure has more than one"),
                );
                return;
            };
            (library, expression)
        }
    };
    match &library.elm {
        None => error(
            "measure.cql_no_elm",
            format!("The Library '{}' has no compiled ELM (application/elm+xml) content to check the criteria against", library.url),
        ),
        Some(Err(why)) if why.starts_with("the root element") => error(
            "measure.elm_not_library",
            format!("The ELM of the Library '{}' is not valid: {why}, so '{name}' cannot be checked", library.url),
        ),
        Some(Err(why)) => error(
            "measure.elm_error",
            format!("The ELM of the Library '{}' could not be read: {why}", library.url),
        ),
        Some(Ok(definitions)) => {
            if !definitions.iter().any(|d| d == name) {
                error(
                    "measure.cql_not_found",
                    format!("The Library '{}' has no definition called '{name}'", library.url),
                );
            }
        }
    }
}
