//! Variables and FHIRPath on fixtures: `${name}` placeholders found and replaced, each variable
//! evaluated when it is used (never at declaration, as the spec says) from its source fixture or
//! the last response — a FHIRPath `expression` or `path` on the body, a `headerField` of the
//! headers, else its `defaultValue`. A value the caller gives for the name (`RunSettings::
//! variables`: what a person answers to a variable's `hint`) takes the place of all of these.

use super::fixtures::{Fixtures, Stored};
use super::parse::Script;
use crate::fhirpath::{render, Engine, Item};

/// How deep variables may refer to variables (`${a}` in the expression of `b`).
const MAX_DEPTH: usize = 8;

/// The names of the `${name}` placeholders of a text, in order.
pub(crate) fn placeholders(text: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = after.find('}') else {
            break;
        };
        names.push(after.get(..end).unwrap_or_default().to_string());
        rest = after.get(end + 1..).unwrap_or_default();
    }
    names
}

/// The text with each placeholder replaced by `x`, for compiling an expression before the values
/// are known (`x` is a name outside quotes and a letter inside them).
pub(crate) fn stand_in(text: &str) -> String {
    let mut out = text.to_string();
    for name in placeholders(text) {
        out = out.replace(&format!("${{{name}}}"), "x");
    }
    out
}

/// Replaces every `${name}` of `text` by the variable's value now.
pub(crate) fn substitute(context: Context<'_>, text: &str) -> Result<String, String> {
    substitute_at(context, text, 0)
}

fn substitute_at(context: Context<'_>, text: &str, depth: usize) -> Result<String, String> {
    let names = placeholders(text);
    if names.is_empty() {
        return Ok(text.to_string());
    }
    if depth > MAX_DEPTH {
        return Err(format!(
            "variables refer to each other more than {MAX_DEPTH} levels deep"
        ));
    }
    let mut out = text.to_string();
    for name in names {
        let value = value_of(context, &name, depth)?;
        out = out.replace(&format!("${{{name}}}"), &value);
    }
    Ok(out)
}

/// What evaluating variables and expressions needs: the script, the fixtures and the engine.
#[derive(Clone, Copy)]
pub(crate) struct Context<'a> {
    pub script: &'a Script,
    pub fixtures: &'a Fixtures,
    pub engine: &'a Engine,
    /// Values the caller gives for variables by name (a person's answers to `hint`s).
    pub given: &'a [(String, String)],
}

/// The current value of a variable.
fn value_of(context: Context<'_>, name: &str, depth: usize) -> Result<String, String> {
    let script = context.script;
    let Some(variable) = script.variables.iter().find(|v| v.name == name) else {
        return Err(format!("the variable {name} is not declared"));
    };
    if let Some((_, value)) = context.given.iter().find(|(given, _)| given == name) {
        return Ok(value.clone());
    }
    let fallback = |reason: String| match &variable.default_value {
        Some(value) => Ok(value.clone()),
        None => Err(format!("the variable {name} has no value: {reason}")),
    };
    let source = match &variable.source_id {
        Some(id) => context.fixtures.get(id).cloned(),
        None => context
            .fixtures
            .last_response
            .clone()
            .ok_or_else(|| "no response has been received yet".to_string()),
    };
    if let Some(field) = &variable.header_field {
        let source = match source {
            Ok(source) => source,
            Err(reason) => return fallback(reason),
        };
        return match source.header(field) {
            Some(value) => Ok(value.to_string()),
            None => fallback(format!("the header {field} is absent")),
        };
    }
    let Some(expression) = variable.expression.as_ref().or(variable.path.as_ref()) else {
        return fallback(match &variable.hint {
            Some(hint) => format!("it needs a value ({hint})"),
            None => "it needs a defaultValue".to_string(),
        });
    };
    let source = match source {
        Ok(source) => source,
        Err(reason) => return fallback(reason),
    };
    let expression = substitute_at(context, expression, depth + 1)?;
    let values = evaluate(context.engine, &expression, &source)?;
    match values.as_slice() {
        [] => fallback(format!("{expression} finds nothing")),
        [one] if one.complex => Err(format!(
            "the variable {name} ({expression}) is not a primitive value"
        )),
        [one] => Ok(one.text.clone()),
        many => Err(format!(
            "the variable {name} ({expression}) has {} values; it needs one",
            many.len()
        )),
    }
}

/// One result of a FHIRPath expression, as text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Evaluated {
    pub text: String,
    /// An element with children (rendered as its JSON), not a primitive.
    pub complex: bool,
    /// The boolean it is, if it is one.
    pub boolean: Option<bool>,
}

/// Evaluates FHIRPath on a fixture's body (JSON).
pub(crate) fn evaluate(
    engine: &Engine,
    expression: &str,
    source: &Stored,
) -> Result<Vec<Evaluated>, String> {
    let Some(body) = source.body.as_deref().filter(|body| !body.is_empty()) else {
        return Err(format!("{expression}: there is no body to evaluate it on"));
    };
    let Some(json) = crate::json::parse(body).value else {
        return Err(format!("{expression}: the body is not JSON"));
    };
    let compiled = engine
        .compile(expression)
        .map_err(|error| format!("{expression}: {error}"))?;
    let items = engine
        .evaluate(&compiled, &json)
        .map_err(|error| format!("{expression}: {error}"))?;
    Ok(items
        .iter()
        .map(|item| {
            let rendered = render(engine, item);
            let complex = matches!(item, Item::Node(node) if node.value.is_object());
            let boolean = match item {
                Item::Boolean(value) => Some(*value),
                Item::Node(_) if rendered.type_name == "boolean" => Some(rendered.value == "true"),
                _ => None,
            };
            Evaluated {
                text: rendered.value,
                complex,
                boolean,
            }
        })
        .collect())
}
