//! One `compose.include.filter` of a ValueSet: a property the code system knows (the properties
//! every code system has, those a local CodeSystem defines, SNOMED CT's `constraint`, `expressions`
//! and attributes), an operator that property allows, and a value of the property's type (boolean,
//! code of the system, Coding `system|version#code`, date, number, ECL) — or, instead of a value,
//! a FHIRPath expression over the value set's declared parameters. Which properties exist and
//! what each allows is [`super::filter_properties`].

use serde_json::Value;

mod value;

use super::filter_properties::{is_known_property, rules_for, ValueType};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;
use value::FilterValue;

const EXPRESSION_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/cqf-expression";

/// The parameters a ValueSet declares (`valueset-parameter` extensions): their names, where
/// they are declared, and whether a filter expression has used them.
#[derive(Default)]
pub(crate) struct Parameters {
    pub names: Vec<String>,
    pub declared: Vec<(String, crate::json::Pos)>,
    pub used: Vec<bool>,
}

pub(crate) fn check_filter(
    walk: &mut Walk<'_>,
    filter: &JsonValue,
    path: &str,
    system: &str,
    code_system: Option<&Value>,
    parameters: &mut Parameters,
) {
    let text = |key: &str| filter.get(key).and_then(JsonValue::as_str);
    let (Some(property), Some(op)) = (text("property"), text("op")) else {
        return;
    };
    if !is_known_property(system, code_system, property) {
        let message = format!("The property '{property}' is not known for the system '{system}'");
        if code_system.is_some() {
            walk.sink.warning(
                IssueType::Invalid,
                "value_set.filter_unknown_property",
                path,
                filter.pos,
                message,
            );
        } else {
            walk.sink.info(
                IssueType::Invalid,
                "value_set.filter_unknown_property",
                path,
                filter.pos,
                message,
            );
        }
        return;
    }
    let Some(rules) = rules_for(system, code_system, property) else {
        return;
    };
    if !rules.ops.is_empty() && !rules.ops.iter().any(|allowed| allowed == op) {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.filter_op",
            path,
            filter.pos,
            format!(
                "The operation '{op}' is not allowed for property '{property}' in system '{system}'. Allowed ops: {}",
                rules.ops.join(",")
            ),
        );
    }
    let expression = filter
        .get("_value")
        .and_then(|companion| companion.get("extension"))
        .map(JsonValue::items)
        .unwrap_or_default()
        .iter()
        .position(|extension| {
            extension.get("url").and_then(JsonValue::as_str) == Some(EXPRESSION_EXTENSION)
        })
        .and_then(|index| {
            let extension = filter.get("_value")?.get("extension")?.items().get(index)?;
            Some((index, extension.get("valueExpression")?))
        });
    let Some(value) = text("value") else {
        match expression {
            Some((index, expression)) => {
                let expression_path = format!("{path}.extension[{index}].value.ofType(Expression)");
                check_expression(walk, expression, &expression_path, parameters);
            }
            None => walk.sink.error(
                IssueType::Invalid,
                "value_set.filter_no_value",
                path,
                filter.pos,
                "A filter needs a value or an expression for its value".to_string(),
            ),
        }
        return;
    };
    if expression.is_some() {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.filter_value_and_expression",
            path,
            filter.pos,
            "A filter cannot have both a value and an expression for its value".to_string(),
        );
    }
    let context = FilterValue {
        path,
        pos: filter.pos,
        system,
        code_system,
        property,
    };
    let value_type = match op {
        "exists" => Some(ValueType::Boolean),
        "regex" => {
            if let Some(problem) = regex_problem(value) {
                walk.sink.error(
                    IssueType::Invalid,
                    "value_set.filter_regex_invalid",
                    path,
                    filter.pos,
                    format!("The value '{value}' for a regex filter on property '{property}' is not a valid regular expression: {problem}"),
                );
            }
            if property == "concept" {
                walk.sink.error(
                    IssueType::Invalid,
                    "value_set.filter_regex_concept",
                    path,
                    filter.pos,
                    "The filter property 'concept' cannot be used with the operation 'regex'; use 'code'".to_string(),
                );
            }
            None
        }
        _ => rules.value_type,
    };
    let Some(value_type) = value_type else {
        return;
    };
    if matches!(op, "in" | "not-in") {
        for part in value.split(',') {
            context.check(walk, value_type, part);
        }
    } else {
        if value.contains(',') {
            walk.sink.info(
                IssueType::Invalid,
                "value_set.filter_value_comma",
                path,
                filter.pos,
                format!("The filter value '{value}' contains a comma, but only the operators 'in' and 'not-in' take a list of values"),
            );
        }
        context.check(walk, value_type, value);
    }
}

/// Why a regular expression does not compile (features this engine lacks but the pattern
/// language allows, such as look-around and backreferences, are accepted).
fn regex_problem(value: &str) -> Option<String> {
    let error = regex::Regex::new(value).err()?.to_string();
    let unsupported = ["look-around", "backreference", "too big"];
    (!unsupported.iter().any(|feature| error.contains(feature)))
        .then(|| error.lines().last().unwrap_or_default().trim().to_string())
}

/// A FHIRPath expression for a filter value: valid FHIRPath whose `%constants` are declared
/// parameters of the value set.
fn check_expression(
    walk: &mut Walk<'_>,
    expression: &JsonValue,
    path: &str,
    parameters: &mut Parameters,
) {
    let language = expression.get("language").and_then(JsonValue::as_str);
    if language != Some("text/fhirpath") {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.filter_expression_language",
            path,
            expression.pos,
            format!(
                "The language of a filter value expression must be text/fhirpath, not '{}'",
                language.unwrap_or_default()
            ),
        );
        return;
    }
    let Some(text) = expression.get("expression").and_then(JsonValue::as_str) else {
        return;
    };
    if let Err(error) = walk.defs.engine().compile(text) {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.filter_expression_invalid",
            path,
            expression.pos,
            format!("The value of the expression '{text}' is not a valid FHIRPath: {error}"),
        );
        return;
    }
    for name in constants(text) {
        if let Some(index) = parameters.names.iter().position(|known| *known == name) {
            if let Some(used) = parameters.used.get_mut(index) {
                *used = true;
            }
        } else {
            walk.sink.error(
                IssueType::Invalid,
                "value_set.filter_expression_parameter",
                path,
                expression.pos,
                format!("The filter parameter expression '{text}' refers to the unknown parameter '{name}'"),
            );
        }
    }
}

/// The `%name` constants of an expression (names may contain `-`), outside string literals.
fn constants(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if in_string => {
                chars.next();
            }
            '\'' => in_string = !in_string,
            '%' if !in_string => {
                let mut name = String::new();
                if chars.peek() == Some(&'`') {
                    chars.next();
                    for c in chars.by_ref() {
                        if c == '`' {
                            break;
                        }
                        name.push(c);
                    }
                } else {
                    while let Some(&c) = chars.peek() {
                        if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                            name.push(c);
                            chars.next();
                        } else {
                            break;
                        }
                    }
                }
                if !name.is_empty() && !names.contains(&name) {
                    names.push(name);
                }
            }
            _ => {}
        }
    }
    names
}
