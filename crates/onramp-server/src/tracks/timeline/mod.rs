//! An enrollment's timeline as people see it: the Gantt chart (server-rendered SVG, with a table of
//! the same data beside it for screen readers and for reading), and its downloads — CSV rows and
//! an iCalendar file of due dates. Everything here is drawn from a [`Timeline`], which the
//! enrollment service builds from the stored baseline, forecast and task dates; nothing here reads
//! the database or the clock.

use jiff::civil::Date;

mod export;
mod gantt;

pub use export::{csv, escape_text, icalendar, push_line};
pub use gantt::{gantt_svg, gantt_table};

/// One step of the enrollment, as a row of the chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineRow {
    /// The step's key (stable across track versions).
    pub key: String,
    pub name: String,
    /// The phase's name.
    pub phase: String,
    /// The label of the role that does it ("Partner admin").
    pub owner: String,
    /// The task's status label ("In progress", "Done", …).
    pub status: String,
    /// The plan frozen at enrollment (first and last business day); `None` for a step the
    /// baseline did not have.
    pub baseline: Option<(Date, Date)>,
    /// The current forecast (first and last business day).
    pub forecast: (Date, Date),
    /// When work actually started and finished, as far as it has.
    pub actual_start: Option<Date>,
    pub actual_finish: Option<Date>,
    /// On the critical path of the current forecast.
    pub critical: bool,
    /// A milestone: drawn as a diamond on its finish date.
    pub milestone: bool,
}

/// A gate drawn as a milestone marker on the date of the step that needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct GateMarker {
    pub key: String,
    pub name: String,
    pub date: Date,
    /// "Passed", "Blocked" or "Overridden".
    pub status: String,
    /// Whether the gate holds now (passed or overridden).
    pub holds: bool,
}

/// Everything the chart, the table and the downloads show.
#[derive(Clone, Debug, PartialEq)]
pub struct Timeline {
    /// "Acme Labs — Connected partner": the chart's title and the calendar's name.
    pub title: String,
    /// A stable id of the enrollment, for iCalendar UIDs (`<step key>.<id>@onramp`).
    pub enrollment_id: String,
    pub rows: Vec<TimelineRow>,
    pub gates: Vec<GateMarker>,
    pub today: Date,
    /// The forecast end: likely, P50 and P90; the target the program agreed, if any.
    pub likely_end: Date,
    pub p50_end: Date,
    pub p90_end: Date,
    pub target_end: Option<Date>,
}
