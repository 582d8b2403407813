//! The assert operators (`assert-operator-codes`) on found values and an expected value, with the
//! message saying what was expected and what was found. A collection is compared by its first
//! item; `empty` and `notEmpty` look at all of it. `in` and `notIn` take comma-separated values;
//! `greaterThan` and `lessThan` compare numbers when both sides are numbers, else text.

use std::cmp::Ordering;

/// `Ok(message)` when the comparison holds, `Err(message)` when it does not.
pub(crate) fn compare(
    operator: &str,
    what: &str,
    found: &[String],
    expected: Option<&str>,
) -> Result<String, String> {
    let shown = show(found);
    match operator {
        "empty" => {
            return if found.iter().all(|value| value.is_empty()) {
                Ok(format!("{what} is empty"))
            } else {
                Err(format!("expected {what} to be empty, got {shown}"))
            }
        }
        "notEmpty" => {
            return if found.iter().any(|value| !value.is_empty()) {
                Ok(format!("{what} is {shown}"))
            } else {
                Err(format!("expected {what} not to be empty, got {shown}"))
            }
        }
        _ => {}
    }
    let expected = match (operator, expected) {
        ("eval", None) => "true",
        (_, Some(expected)) => expected,
        (_, None) => return Err(format!("there is no value to compare {what} with")),
    };
    let Some(first) = found.first() else {
        return Err(format!(
            "expected {what} {} {expected}, got nothing",
            phrase(operator)
        ));
    };
    let list = || -> Vec<&str> { expected.split(',').map(str::trim).collect() };
    let holds = match operator {
        "equals" | "eval" => first == expected,
        "notEquals" => first != expected,
        "in" => list().contains(&first.as_str()),
        "notIn" => !list().contains(&first.as_str()),
        "greaterThan" => order(first, expected) == Ordering::Greater,
        "lessThan" => order(first, expected) == Ordering::Less,
        "contains" => first.contains(expected),
        "notContains" => !first.contains(expected),
        other => return Err(format!("unknown operator {other}")),
    };
    let expected_shown = match operator {
        "in" | "notIn" => format!("[{}]", list().join(", ")),
        _ => expected.to_string(),
    };
    if holds {
        Ok(format!(
            "{what} is {shown} ({} {expected_shown})",
            phrase(operator).trim()
        ))
    } else {
        Err(format!(
            "expected {what} {}{expected_shown}, got {shown}",
            phrase(operator)
        ))
    }
}

/// The words of an operator in a message (`expected X not 200`).
fn phrase(operator: &str) -> &'static str {
    match operator {
        "notEquals" => "not ",
        "in" => "in ",
        "notIn" => "not in ",
        "greaterThan" => "greater than ",
        "lessThan" => "less than ",
        "contains" => "to contain ",
        "notContains" => "not to contain ",
        "eval" => "to evaluate to ",
        _ => "",
    }
}

/// Numbers by value when both sides are numbers, else text.
fn order(found: &str, expected: &str) -> Ordering {
    match (found.trim().parse::<f64>(), expected.trim().parse::<f64>()) {
        (Ok(a), Ok(b)) => a.partial_cmp(&b).unwrap_or(Ordering::Equal),
        _ => found.cmp(expected),
    }
}

/// Found values for a message: nothing, one value, or a list.
pub(crate) fn show(found: &[String]) -> String {
    match found {
        [] => "nothing".to_string(),
        [one] if one.is_empty() => "an empty value".to_string(),
        [one] => one.clone(),
        many => format!("[{}]", many.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;

    fn found(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    #[test]
    fn every_operator_passes_and_fails() {
        let cases = [
            ("equals", "200", "200", "404"),
            ("notEquals", "200", "404", "200"),
            ("in", "200, 204", "204", "404"),
            ("notIn", "200,204", "404", "200"),
            ("greaterThan", "10", "9.5e1", "9"),
            ("lessThan", "10", "9", "10"),
            ("contains", "halm", "Chalmers", "Peter"),
            ("notContains", "halm", "Peter", "Chalmers"),
            ("eval", "true", "true", "false"),
        ];
        for (operator, expected, passing, failing) in cases {
            assert!(
                compare(operator, "x", &found(&[passing]), Some(expected)).is_ok(),
                "{operator} {passing}"
            );
            assert!(
                compare(operator, "x", &found(&[failing]), Some(expected)).is_err(),
                "{operator} {failing}"
            );
        }
        assert!(compare("empty", "x", &[], None).is_ok());
        assert!(compare("empty", "x", &found(&["a"]), None).is_err());
        assert!(compare("notEmpty", "x", &found(&["a"]), None).is_ok());
        assert!(compare("notEmpty", "x", &found(&[""]), None).is_err());
        assert!(compare("greaterThan", "x", &found(&["b"]), Some("a")).is_ok());
    }

    #[test]
    fn messages_say_what_was_expected_and_found() {
        let message = compare("equals", "response code", &found(&["404"]), Some("200"));
        assert_eq!(
            message,
            Err("expected response code 200, got 404".to_string())
        );
    }
}
