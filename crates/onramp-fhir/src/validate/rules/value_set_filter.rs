//! One `compose.include.filter` of a ValueSet: a property the code system knows (the properties
//! every code system has, those a local CodeSystem defines, SNOMED CT's `constraint`, `expressions`
//! and attributes), an operator that property allows, and a value of the property's type (boolean,
//! code of the system, Coding `system|version#code`, date, number, ECL) — or, instead of a value,
//! a FHIRPath expression over the value set's declared parameters. Which properties exist and
//! what each allows is [`super::filter_properties`].

use serde_json::Value;

use super::filter_properties::{is_known_property, rules_for, ValueType};
use super::value_set::{code_problem, local_code_system};
use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

const EXPRESSION_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/cqf-expression";

/// The parameters a ValueSet declares (`valueset-parameter` extensions).
#[derive(Default)]
pub(crate) struct Parameters {
    pub names: Vec<String>,
}

pub(crate) fn check_filter(
    walk: &mut Walk<'_>,
    filter: &JsonValue,
    path: &str,
    system: &str,
    code_system: Option<&Value>,
    parameters: &Parameters,
) {
    let text = |key: &str| filter.get(key).and_then(JsonValue::as_str);
    let (Some(property), Some(op)) = (text("property"), text("op")) else {
        return;
    };
    if !is_known_property(system, code_system, property) {
        return; // the reference gives a hint or a warning, never an error
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
        context.check(walk, value_type, value);
    }
}

/// Where a filter value is, for checking it against its type.
struct FilterValue<'a> {
    path: &'a str,
    pos: crate::json::Pos,
    system: &'a str,
    code_system: Option<&'a Value>,
    property: &'a str,
}

impl FilterValue<'_> {
    fn error(&self, walk: &mut Walk<'_>, message: String) {
        walk.sink.error(
            IssueType::Invalid,
            "value_set.filter_value",
            self.path,
            self.pos,
            message,
        );
    }

    fn check(&self, walk: &mut Walk<'_>, value_type: ValueType, value: &str) {
        let property = self.property;
        match value_type {
            ValueType::Boolean => {
                if !matches!(value, "true" | "false") {
                    self.error(walk, format!("The value for a filter based on property '{property}' must be either 'true' or 'false', not '{value}'"));
                }
            }
            ValueType::Code { must_exist } => {
                if value.trim() != value {
                    self.error(walk, format!("The value for a filter based on property '{property}' must be a valid code, not '{value}' (no leading or trailing spaces)"));
                } else if must_exist {
                    if let Some(reason) = code_problem(self.code_system, self.system, value) {
                        self.error(walk, format!("The value for a filter based on property '{property}' must be a valid code from the system '{}', and '{value}' is not ({reason})", self.system));
                    }
                }
            }
            ValueType::Coding => self.coding(walk, value),
            ValueType::DateTime => {
                let date = strip_comparator(value);
                if !is_date_time(date) {
                    self.error(walk, format!("The value for a filter based on property '{property}' must be a valid date(/time), not '{value}'"));
                }
            }
            ValueType::Decimal => {
                if strip_comparator(value).parse::<f64>().is_err() {
                    self.error(walk, format!("The value for a filter based on property '{property}' must be a valid decimal, not '{value}'"));
                }
            }
            ValueType::Integer => {
                if strip_comparator(value).parse::<i64>().is_err() {
                    self.error(walk, format!("The value for a filter based on property '{property}' must be a valid integer, not '{value}'"));
                }
            }
            ValueType::Ecl => {
                if let Err(problem) = super::ecl::check(value) {
                    self.error(walk, format!("The value '{value}' for the filter {property} is invalid: Invalid ECL: '{value}' - {problem}"));
                }
            }
        }
    }

    /// `system(|version)#code` (or the legacy `system|code`), and a code of that system.
    fn coding(&self, walk: &mut Walk<'_>, value: &str) {
        let property = self.property;
        let parsed = match value.rsplit_once('#') {
            Some((system, code)) if !system.is_empty() && !code.is_empty() => {
                let (system, version) = match system.split_once('|') {
                    Some((system, version)) => (system, Some(version)),
                    None => (system, None),
                };
                Some((system, version, code))
            }
            _ => None,
        };
        let Some((system, version, code)) = parsed else {
            if !is_legacy_coding(value) {
                self.error(walk, format!("The value for a filter based on property '{property}' must be in the format system(|version)#code, not '{value}'"));
            }
            return;
        };
        let code_system = local_code_system(walk, system, version);
        if let Some(reason) = code_problem(code_system.as_deref(), system, code) {
            self.error(walk, format!("The value for a filter based on property '{property}' is '{value}' which is not a valid code ({reason})"));
        }
    }
}

/// `scheme:rest|code`: accepted by the reference with a warning.
fn is_legacy_coding(value: &str) -> bool {
    value.rsplit_once('|').is_some_and(|(system, code)| {
        system.contains(':') && !code.is_empty() && !code.contains(char::is_whitespace)
    })
}

fn strip_comparator(value: &str) -> &str {
    for prefix in ["eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"] {
        if let Some(rest) = value.strip_prefix(prefix) {
            return rest;
        }
    }
    value
}

fn is_date_time(value: &str) -> bool {
    static PATTERN: std::sync::OnceLock<Option<regex::Regex>> = std::sync::OnceLock::new();
    PATTERN
        .get_or_init(|| {
            regex::Regex::new(r"^([0-9]([0-9]([0-9][1-9]|[1-9]0)|[1-9]00)|[1-9]000)(-(0[1-9]|1[0-2])(-(0[1-9]|[1-2][0-9]|3[0-1])(T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?(Z|(\+|-)((0[0-9]|1[0-3]):[0-5][0-9]|14:00))?)?)?)?$").ok()
        })
        .as_ref()
        .is_some_and(|pattern| pattern.is_match(value))
}

/// A FHIRPath expression for a filter value: valid FHIRPath whose `%constants` are declared
/// parameters of the value set.
fn check_expression(
    walk: &mut Walk<'_>,
    expression: &JsonValue,
    path: &str,
    parameters: &Parameters,
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
        if !parameters.names.contains(&name) {
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
