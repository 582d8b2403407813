//! The value of a ValueSet filter against the type its property gives it: boolean, code (of the
//! system, and active), Coding `system|version#code`, date(time), decimal, integer or ECL.

use serde_json::Value;

use super::super::filter_properties::ValueType;
use super::super::value_set::{code_problem, local_code_system};
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Where a filter value is, for checking it against its type.
pub(super) struct FilterValue<'a> {
    pub path: &'a str,
    pub pos: crate::json::Pos,
    pub system: &'a str,
    pub code_system: Option<&'a Value>,
    pub property: &'a str,
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

    pub(super) fn check(&self, walk: &mut Walk<'_>, value_type: ValueType, value: &str) {
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
                    } else if self.code_system.is_some_and(|cs| is_inactive(cs, value)) {
                        walk.sink.warning(
                            IssueType::Invalid,
                            "value_set.filter_value_inactive",
                            self.path,
                            self.pos,
                            format!("The value '{value}' for a filter based on property '{property}' is an inactive code of the system '{}'", self.system),
                        );
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
                if let Err(problem) = super::super::ecl::check(value) {
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

/// Whether the code system marks the concept `code` inactive (property `inactive` true, or a
/// `status` of retired or inactive).
fn is_inactive(code_system: &Value, code: &str) -> bool {
    fn find<'v>(concepts: &'v Value, code: &str, depth: usize) -> Option<&'v Value> {
        if depth > 32 {
            return None;
        }
        concepts.as_array()?.iter().find_map(|concept| {
            if concept.get("code").and_then(Value::as_str) == Some(code) {
                Some(concept)
            } else {
                find(concept.get("concept")?, code, depth + 1)
            }
        })
    }
    let Some(concept) = code_system
        .get("concept")
        .and_then(|all| find(all, code, 0))
    else {
        return false;
    };
    concept
        .get("property")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .any(
            |property| match property.get("code").and_then(Value::as_str) {
                Some("inactive") => {
                    property.get("valueBoolean").and_then(Value::as_bool) == Some(true)
                }
                Some("status") => matches!(
                    property.get("valueCode").and_then(Value::as_str),
                    Some("retired" | "inactive")
                ),
                _ => false,
            },
        )
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
