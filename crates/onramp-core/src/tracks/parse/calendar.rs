//! Reading a calendar file: the working weekdays and the holidays of a region, each problem
//! reported with its line and column like a track file's.

use jiff::civil::Weekday;

use super::reader::{Reader, Table};
use super::Problem;
use crate::tracks::calendar::Calendar;
use crate::tracks::tree::{self, Lines, Node, Value};

/// Reads a calendar file: `working_days` (Monday to Friday when absent) and `holidays`, each a
/// quoted date or `{ date = "…", name = "…" }`; `region` and `name` say whose calendar it is.
pub fn parse_calendar(text: &str) -> Result<Calendar, Vec<Problem>> {
    let lines = Lines::new(text);
    let entries = match tree::parse(text) {
        Ok(entries) => entries,
        Err((message, span)) => {
            return Err(vec![Problem {
                position: lines.position(span.start),
                message,
            }])
        }
    };
    let mut reader = Reader {
        lines,
        problems: Vec::new(),
    };
    let root = Table {
        entries: &entries,
        start: 0,
    };
    reader.unknown_keys(
        root,
        "a calendar",
        &["region", "name", "working_days", "holidays"],
    );
    reader.string(root, "a calendar", "region", false);
    reader.string(root, "a calendar", "name", false);
    let working_days = match root.get("working_days") {
        Some(entry) => {
            let mut days = Vec::new();
            for (name, position) in reader.string_list(&entry.node, "working_days") {
                match WEEKDAYS.iter().find(|(known, _)| *known == name) {
                    Some((_, day)) => days.push(*day),
                    None => reader.problems.push(Problem {
                        position,
                        message: format!(
                            "there is no weekday `{name}`; expected one of: {}",
                            WEEKDAYS.map(|(known, _)| known).join(", ")
                        ),
                    }),
                }
            }
            days
        }
        None => Calendar::default().working_days(),
    };
    let mut holidays = Vec::new();
    if let Some(entry) = root.get("holidays") {
        let items: &[Node] = match &entry.node.value {
            Value::Array(items) => items,
            other => {
                reader.report(
                    entry.node.span.start,
                    format!(
                        "`holidays` must be a list of dates, not {}",
                        other.describe()
                    ),
                );
                &[]
            }
        };
        for item in items {
            let date_node = match &item.value {
                Value::Table(_) => reader
                    .table(item, "a holiday", &["date", "name"])
                    .and_then(|table| table.get("date").map(|entry| &entry.node)),
                _ => Some(item),
            };
            let Some(date_node) = date_node else {
                reader.report(item.span.start, "a holiday has a `date`");
                continue;
            };
            match &date_node.value {
                Value::String(text) => match text.parse::<jiff::civil::Date>() {
                    Ok(date) => holidays.push(date),
                    Err(_) => reader.report(
                        date_node.span.start,
                        format!("`{text}` is not a date such as \"2026-01-05\""),
                    ),
                },
                other => reader.report(
                    date_node.span.start,
                    format!("a holiday is a quoted date, not {}", other.describe()),
                ),
            }
        }
    }
    let calendar = Calendar::new(&working_days, holidays);
    if let Err(error) = &calendar {
        let at = root
            .get("working_days")
            .map_or(0, |entry| entry.node.span.start);
        reader.report(at, error.to_string());
    }
    match calendar {
        Ok(calendar) if reader.problems.is_empty() => Ok(calendar),
        _ => {
            let mut problems = reader.problems;
            problems.sort_by_key(|problem| problem.position);
            Err(problems)
        }
    }
}

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Monday),
    ("tuesday", Weekday::Tuesday),
    ("wednesday", Weekday::Wednesday),
    ("thursday", Weekday::Thursday),
    ("friday", Weekday::Friday),
    ("saturday", Weekday::Saturday),
    ("sunday", Weekday::Sunday),
];
