//! SearchParameter definitions: a parameter `derivedFrom` a known one keeps its type and
//! expression and only narrows its bases, each branch of the expression starts with one of the
//! parameter's bases, and a composite parameter has at least two components; and
//! CapabilityStatement search parameters whose `definition` is known have that definition's type.

use serde_json::Value;

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

fn search_parameter(walk: &Walk<'_>, canonical: &str) -> Option<std::sync::Arc<Value>> {
    walk.defs
        .resolve(canonical)
        .filter(|sp| sp.get("resourceType").and_then(Value::as_str) == Some("SearchParameter"))
}

pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let bases: Vec<&str> = json
        .get("base")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .filter_map(JsonValue::as_str)
        .collect();
    if let Some(expression) = json.get("expression") {
        if let Some(text) = expression.as_str() {
            expression_types(
                walk,
                text,
                &bases,
                &format!("{path}.expression"),
                expression.pos,
            );
        }
    }
    if json.get("type").and_then(JsonValue::as_str) == Some("composite") {
        let components = json.get("component").map_or(0, |c| c.items().len());
        if components < 2 {
            walk.sink.error(
                IssueType::BusinessRule,
                "search_parameter.composite_components",
                path,
                json.pos,
                "When the SearchParameter has a type of 'composite', then the SearchParameter must define two or more components".to_string(),
            );
        }
    }
    let Some(master_url) = json.get("derivedFrom").and_then(JsonValue::as_str) else {
        return;
    };
    let Some(master) = search_parameter(walk, master_url) else {
        walk.sink.warning(
            IssueType::BusinessRule,
            "search_parameter.derived_from_unknown",
            path,
            json.pos,
            format!("The SearchParameter {master_url} this one is derived from is not known, so the derivation cannot be checked"),
        );
        return;
    };
    let master_bases: Vec<&str> = master
        .get("base")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    for base in &bases {
        if !master_bases.contains(base) && !master_bases.contains(&"Resource") {
            walk.sink.error(
                IssueType::BusinessRule,
                "search_parameter.base_not_in_derived_from",
                path,
                json.pos,
                format!("The resource type {base} is not listed as a base in the SearchParameter this is derived from ({master_url})"),
            );
        }
    }
    let master_type = master.get("type").and_then(Value::as_str);
    if let (Some(own), Some(master_type)) =
        (json.get("type").and_then(JsonValue::as_str), master_type)
    {
        if own != master_type {
            walk.sink.error(
                IssueType::BusinessRule,
                "search_parameter.type_differs",
                path,
                json.pos,
                format!("The type {own} is different to the type {master_type} of {master_url} in the derivedFrom SearchParameter"),
            );
        }
    }
    let theirs = master.get("expression").and_then(Value::as_str);
    let own = json.get("expression").and_then(JsonValue::as_str);
    if let (Some(theirs), Some(own)) = (theirs, own) {
        if theirs != own && canonical(walk, own, &bases) != canonical(walk, theirs, &bases) {
            walk.sink.warning(
                IssueType::BusinessRule,
                "search_parameter.expression_differs",
                path,
                json.pos,
                format!("The expression '{own}' is not the expression '{theirs}' of {master_url} in the derivedFrom SearchParameter (for the bases this parameter has)"),
            );
        }
    }
}

/// An expression made of `|` branches as their sorted list, without the branches for resource
/// types that are not among `bases`; other expressions as they are (without whitespace).
fn canonical(walk: &Walk<'_>, expression: &str, bases: &[&str]) -> String {
    let compact = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };
    let model = walk.defs.model();
    let mut kept = Vec::new();
    for branch in top_level_branches(expression) {
        let branch = branch.trim();
        if has_top_level_space(branch) {
            return compact(expression);
        }
        let head: String = branch
            .trim_start_matches('(')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if head.is_empty() {
            return compact(expression);
        }
        let is_type =
            head.starts_with(|c: char| c.is_ascii_uppercase()) && model.is_resource(&head);
        if !is_type || bases.contains(&head.as_str()) {
            kept.push(compact(branch));
        }
    }
    kept.sort();
    kept.join("|")
}

/// Whether a branch has whitespace outside parentheses and strings (an operator between terms).
fn has_top_level_space(branch: &str) -> bool {
    let (mut depth, mut in_string) = (0usize, false);
    for c in branch.chars() {
        match c {
            '\'' => in_string = !in_string,
            '(' | '[' if !in_string => depth += 1,
            ')' | ']' if !in_string => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && !in_string && depth == 0 => return true,
            _ => {}
        }
    }
    false
}

/// Each `|` branch that starts with a type name must start with a base of the parameter (or a
/// type they specialize, such as `Resource`).
fn expression_types(
    walk: &mut Walk<'_>,
    expression: &str,
    bases: &[&str],
    path: &str,
    pos: crate::json::Pos,
) {
    if bases.is_empty() {
        return;
    }
    let model = walk.defs.model();
    for branch in top_level_branches(expression) {
        let head: String = branch
            .trim_start_matches(|c: char| c == '(' || c.is_whitespace())
            .chars()
            .take_while(char::is_ascii_alphanumeric)
            .collect();
        if !head.starts_with(|c: char| c.is_ascii_uppercase()) || !model.is_resource(&head) {
            continue;
        }
        let fits = bases.iter().any(|base| {
            *base == head || model.is_subtype(base, &head) || model.is_subtype(&head, base)
        });
        if !fits {
            walk.sink.error(
                IssueType::Invalid,
                "search_parameter.expression_type",
                path,
                pos,
                format!(
                    "Error in search expression '{expression}': The name '{head}' is not valid for any of the possible types: [{}]",
                    bases.join(", ")
                ),
            );
            return;
        }
    }
}

/// The parts of an expression separated by `|` outside parentheses and string literals.
fn top_level_branches(expression: &str) -> Vec<&str> {
    let mut branches = Vec::new();
    let (mut depth, mut in_string, mut start) = (0usize, false, 0usize);
    for (index, c) in expression.char_indices() {
        match c {
            '\'' => in_string = !in_string,
            '(' | '[' if !in_string => depth += 1,
            ')' | ']' if !in_string => depth = depth.saturating_sub(1),
            '|' if !in_string && depth == 0 => {
                branches.push(expression.get(start..index).unwrap_or_default());
                start = index + 1;
            }
            _ => {}
        }
    }
    branches.push(expression.get(start..).unwrap_or_default());
    branches
}

/// CapabilityStatement.rest.resource.searchParam: the type of a known definition.
pub(crate) fn check_capability_statement(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    for (rest_index, rest) in json
        .get("rest")
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .enumerate()
    {
        for (resource_index, resource) in rest
            .get("resource")
            .map(JsonValue::items)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            for (index, param) in resource
                .get("searchParam")
                .map(JsonValue::items)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let (Some(definition), Some(own)) = (
                    param.get("definition").and_then(JsonValue::as_str),
                    param.get("type").and_then(JsonValue::as_str),
                ) else {
                    continue;
                };
                let Some(sp) = search_parameter(walk, definition) else {
                    continue;
                };
                let Some(sp_type) = sp.get("type").and_then(Value::as_str) else {
                    continue;
                };
                if sp_type != own {
                    let versioned = match sp.get("version").and_then(Value::as_str) {
                        Some(version) => format!("{definition}|{version}"),
                        None => definition.to_string(),
                    };
                    walk.sink.error(
                        IssueType::NotFound,
                        "capability_statement.search_param_type",
                        &format!("{path}.rest[{rest_index}].resource[{resource_index}].searchParam[{index}]"),
                        param.pos,
                        format!("Type mismatch - SearchParameter '{versioned}' type is {sp_type}, but type here is {own}"),
                    );
                }
            }
        }
    }
}
