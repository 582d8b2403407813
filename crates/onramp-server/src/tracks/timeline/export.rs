//! The timeline's downloads: CSV rows of every step, and an iCalendar file (RFC 5545) of the due
//! dates still ahead, the milestones and the forecast end. The RFC's text escaping and line
//! folding live here, as two small functions.

use jiff::civil::Date;

use super::{Timeline, TimelineRow};
use crate::web::csv::row as csv_row;

/// The longest content line RFC 5545 §3.1 allows, in octets, without its CRLF.
const MAX_LINE_OCTETS: usize = 75;

const CSV_HEADER: [&str; 13] = [
    "step_key",
    "step",
    "phase",
    "owner",
    "status",
    "baseline_start",
    "baseline_finish",
    "forecast_start",
    "forecast_finish",
    "actual_start",
    "actual_finish",
    "critical",
    "milestone",
];

/// A header row, then one row per step; dates as `YYYY-MM-DD`, empty when there is none.
pub fn csv(timeline: &Timeline) -> String {
    let mut out = csv_row(&CSV_HEADER);
    for row in &timeline.rows {
        let (baseline_start, baseline_finish) = row.baseline.unzip();
        let cells = [
            row.key.clone(),
            row.name.clone(),
            row.phase.clone(),
            row.owner.clone(),
            row.status.clone(),
            iso(baseline_start),
            iso(baseline_finish),
            row.forecast.0.to_string(),
            row.forecast.1.to_string(),
            iso(row.actual_start),
            iso(row.actual_finish),
            row.critical.to_string(),
            row.milestone.to_string(),
        ];
        out.push_str(&csv_row(&cells));
    }
    out
}

/// A calendar with one all-day event per step not yet done (due on its forecast finish), one
/// per milestone, and one for the P50 forecast end. `now_stamp` is the `DTSTAMP` of every event,
/// in UTC (`20261202T101500Z`); the caller passes it because nothing here reads the clock.
pub fn icalendar(timeline: &Timeline, now_stamp: &str) -> String {
    // A stamp is digits, `T` and `Z`; anything else would break the line it sits on.
    let now_stamp: String = now_stamp
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Onramp//Tracks//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        push_line(&mut out, line);
    }
    push_line(
        &mut out,
        &format!("X-WR-CALNAME:{}", escape_text(&timeline.title)),
    );
    let mut events = Vec::new();
    for row in timeline.rows.iter().filter(|row| !is_finished(row)) {
        events.push(Event {
            uid: format!("{}.{}@onramp", row.key, timeline.enrollment_id),
            date: row.forecast.1,
            summary: format!("Due: {}", row.name),
            description: step_description(row),
        });
    }
    for row in timeline.rows.iter().filter(|row| row.milestone) {
        events.push(Event {
            uid: format!("{}.milestone.{}@onramp", row.key, timeline.enrollment_id),
            date: row.actual_finish.unwrap_or(row.forecast.1),
            summary: format!("Milestone: {}", row.name),
            description: step_description(row),
        });
    }
    let mut forecast_end = format!(
        "Likely end {}\nP90 {}",
        timeline.likely_end, timeline.p90_end
    );
    if let Some(target_end) = timeline.target_end {
        forecast_end.push_str(&format!("\nTarget {target_end}"));
    }
    events.push(Event {
        uid: format!("forecast-end-p50.{}@onramp", timeline.enrollment_id),
        date: timeline.p50_end,
        summary: "Forecast end (P50)".to_owned(),
        description: forecast_end,
    });
    for event in &events {
        push_event(&mut out, event, &now_stamp);
    }
    push_line(&mut out, "END:VCALENDAR");
    out
}

/// One all-day `VEVENT`; its texts are plain and escaped here.
struct Event {
    uid: String,
    date: Date,
    summary: String,
    description: String,
}

fn push_event(out: &mut String, event: &Event, now_stamp: &str) {
    // An all-day event ends (exclusively) on the next day.
    let end = event.date.tomorrow().unwrap_or(event.date);
    let lines = [
        "BEGIN:VEVENT".to_owned(),
        format!("UID:{}", escape_text(&event.uid)),
        format!("DTSTAMP:{now_stamp}"),
        format!("DTSTART;VALUE=DATE:{}", basic_date(event.date)),
        format!("DTEND;VALUE=DATE:{}", basic_date(end)),
        format!("SUMMARY:{}", escape_text(&event.summary)),
        format!("DESCRIPTION:{}", escape_text(&event.description)),
        "TRANSP:TRANSPARENT".to_owned(),
        "END:VEVENT".to_owned(),
    ];
    for line in &lines {
        push_line(out, line);
    }
}

fn step_description(row: &TimelineRow) -> String {
    let critical = if row.critical {
        "On the critical path"
    } else {
        "Not on the critical path"
    };
    format!("Phase: {}\nOwner: {}\n{critical}", row.phase, row.owner)
}

/// Done and skipped steps have no due date left.
fn is_finished(row: &TimelineRow) -> bool {
    row.status.eq_ignore_ascii_case("Done") || row.status.eq_ignore_ascii_case("Skipped")
}

/// A TEXT value escaped per RFC 5545 §3.3.11: backslash, semicolon and comma get a backslash,
/// a line break becomes `\n`, and other control characters (which TEXT may not hold) are dropped.
pub fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => escaped.push_str("\\\\"),
            ';' => escaped.push_str("\\;"),
            ',' => escaped.push_str("\\,"),
            '\n' => escaped.push_str("\\n"),
            // CRLF is one line break; a lone CR is one too.
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                escaped.push_str("\\n");
            }
            '\t' => escaped.push(ch),
            ch if ch.is_control() => {}
            ch => escaped.push(ch),
        }
    }
    escaped
}

/// Appends one content line, folded per RFC 5545 §3.1: no physical line is longer than 75
/// octets, each continuation starts with a single space, and a UTF-8 character is never split.
pub fn push_line(out: &mut String, line: &str) {
    let mut line_octets = 0;
    for ch in line.chars() {
        if line_octets + ch.len_utf8() > MAX_LINE_OCTETS {
            out.push_str("\r\n ");
            line_octets = 1;
        }
        out.push(ch);
        line_octets += ch.len_utf8();
    }
    out.push_str("\r\n");
}

/// `YYYYMMDD`, the DATE form of RFC 5545 §3.3.4.
fn basic_date(date: Date) -> String {
    format!("{:04}{:02}{:02}", date.year(), date.month(), date.day())
}

fn iso(date: Option<Date>) -> String {
    date.map(|date| date.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn step(key: &str, name: &str, status: &str, finish: Date) -> TimelineRow {
        TimelineRow {
            key: key.to_owned(),
            name: name.to_owned(),
            phase: "Build".to_owned(),
            owner: "Partner admin".to_owned(),
            status: status.to_owned(),
            baseline: None,
            forecast: (Date::constant(2026, 12, 1), finish),
            actual_start: None,
            actual_finish: None,
            critical: false,
            milestone: false,
        }
    }

    fn timeline(rows: Vec<TimelineRow>) -> Timeline {
        let end = Date::constant(2027, 3, 1);
        Timeline {
            title: "Acme Labs — Connected partner".to_owned(),
            enrollment_id: "enr42".to_owned(),
            rows,
            gates: Vec::new(),
            today: Date::constant(2026, 12, 2),
            likely_end: end,
            p50_end: end,
            p90_end: Date::constant(2027, 3, 15),
            target_end: None,
        }
    }

    fn physical_lines(ics: &str) -> Vec<&str> {
        ics.strip_suffix("\r\n")
            .unwrap_or(ics)
            .split("\r\n")
            .collect()
    }

    fn unfold(ics: &str) -> String {
        ics.replace("\r\n ", "")
    }

    #[test]
    fn every_line_ends_in_crlf() {
        let ics = icalendar(&timeline(vec![]), "20261202T101500Z");
        assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
        assert!(ics.ends_with("END:VCALENDAR\r\n"));
        assert_eq!(ics.matches('\n').count(), ics.matches("\r\n").count());
        assert_eq!(ics.matches('\r').count(), ics.matches("\r\n").count());
        assert!(ics.contains("PRODID:-//Onramp//Tracks//EN\r\nCALSCALE:GREGORIAN\r\n"));
        assert!(ics.contains("X-WR-CALNAME:Acme Labs — Connected partner\r\n"));
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(escape_text("a;b,c\\d\ne\r\nf"), "a\\;b\\,c\\\\d\\ne\\nf");
        let ics = icalendar(
            &timeline(vec![step(
                "a",
                "Test; retest, sign\\off",
                "Open",
                Date::constant(2027, 1, 5),
            )]),
            "20261202T101500Z",
        );
        assert!(ics.contains("SUMMARY:Due: Test\\; retest\\, sign\\\\off\r\n"));
        assert!(ics.contains(
            "DESCRIPTION:Phase: Build\\nOwner: Partner admin\\nNot on the critical path\r\n"
        ));
    }

    #[test]
    fn long_lines_are_folded_without_splitting_a_character() {
        let name =
            "Échange des données — vérification de conformité, étape très longue ✓ €€€ ".repeat(3);
        let ics = icalendar(
            &timeline(vec![step("a", &name, "Open", Date::constant(2027, 1, 5))]),
            "20261202T101500Z",
        );
        let lines = physical_lines(&ics);
        assert!(lines.iter().all(|line| line.len() <= MAX_LINE_OCTETS));
        assert!(lines.iter().filter(|line| line.starts_with(' ')).count() >= 3);
        let expected = format!("SUMMARY:Due: {}\r\n", escape_text(&name));
        assert!(unfold(&ics).contains(&expected));
        // Folding one line by hand: every break falls on a character boundary.
        let mut folded = String::new();
        push_line(&mut folded, &format!("X:{}", "é".repeat(80)));
        assert!(physical_lines(&folded)
            .iter()
            .all(|line| line.len() <= MAX_LINE_OCTETS));
        assert_eq!(unfold(&folded), format!("X:{}\r\n", "é".repeat(80)));
    }

    #[test]
    fn only_steps_still_to_do_are_due_and_an_all_day_event_ends_the_next_day() {
        let mut launch = step("launch", "Launch", "Done", Date::constant(2026, 12, 20));
        launch.milestone = true;
        launch.actual_finish = Some(Date::constant(2026, 12, 18));
        let rows = vec![
            step("sign", "Sign", "Done", Date::constant(2026, 12, 10)),
            step("skip", "Skip", "Skipped", Date::constant(2026, 12, 11)),
            step(
                "year-end",
                "Year end",
                "In progress",
                Date::constant(2026, 12, 31),
            ),
            launch,
        ];
        let ics = icalendar(&timeline(rows), "20261202T101500Z");
        assert!(!ics.contains("UID:sign.") && !ics.contains("UID:skip."));
        assert!(ics.contains(
            "UID:year-end.enr42@onramp\r\nDTSTAMP:20261202T101500Z\r\n\
             DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n\
             SUMMARY:Due: Year end\r\n"
        ));
        assert!(ics.contains("UID:launch.milestone.enr42@onramp\r\n"));
        assert!(ics.contains("DTSTART;VALUE=DATE:20261218\r\n"));
        assert!(!ics.contains("SUMMARY:Due: Launch"));
        assert!(ics.contains(
            "DTSTART;VALUE=DATE:20270301\r\nDTEND;VALUE=DATE:20270302\r\n\
             SUMMARY:Forecast end (P50)\r\n"
        ));
        assert_eq!(ics.matches("BEGIN:VEVENT").count(), 3);
    }

    #[test]
    fn the_csv_has_a_header_and_a_row_per_step() {
        let mut build = step("build", "Build", "In progress", Date::constant(2027, 1, 5));
        build.critical = true;
        build.actual_start = Some(Date::constant(2026, 12, 2));
        let csv = csv(&timeline(vec![build]));
        let mut lines = csv.lines();
        assert_eq!(
            lines.next(),
            Some(
                "\"step_key\",\"step\",\"phase\",\"owner\",\"status\",\"baseline_start\",\
                 \"baseline_finish\",\"forecast_start\",\"forecast_finish\",\"actual_start\",\
                 \"actual_finish\",\"critical\",\"milestone\""
            )
        );
        assert_eq!(
            lines.next(),
            Some(
                "\"build\",\"Build\",\"Build\",\"Partner admin\",\"In progress\",\"\",\"\",\
                 \"2026-12-01\",\"2027-01-05\",\"2026-12-02\",\"\",\"true\",\"false\""
            )
        );
        assert_eq!(lines.next(), None);
    }
}
