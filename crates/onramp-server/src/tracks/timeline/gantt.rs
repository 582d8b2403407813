//! The Gantt chart of a [`Timeline`] as server-rendered SVG, and the same data as HTML tables for
//! screen readers and for reading. No JavaScript and no external resources: every shape carries
//! inline `fill`/`stroke` so the chart reads without the stylesheet, and a `gantt-*` class so the
//! stylesheet can restyle it. Colour is never the only cue: critical bars are also hatched and
//! outlined, blocked gates are hollow flags, and the vertical lines are labelled.

use jiff::civil::Date;
use maud::{html, Markup};

use super::{GateMarker, Timeline, TimelineRow};

const WIDTH: f64 = 960.0;
const LABEL_X: f64 = 8.0;
const CHART_LEFT: f64 = 210.0;
const CHART_RIGHT: f64 = 950.0;
const MONTH_LABEL_Y: f64 = 14.0;
const AXIS_Y: f64 = 20.0;
const HEADER_HEIGHT: f64 = 72.0;
const ROW_HEIGHT: f64 = 28.0;
const FOOTER_HEIGHT: f64 = 8.0;
const LABEL_MAX_CHARS: usize = 28;
/// Month labels ("Sep 2027" at 11 units is about 45 wide) closer than this would overlap.
const MIN_MONTH_LABEL_GAP: f64 = 52.0;
/// A bound on the axis, so that a nonsensical range cannot make the chart enormous.
const MAX_MONTH_TICKS: usize = 1200;

const COLOR_TEXT: &str = "#222222";
const COLOR_STRIPE: &str = "#f5f6f8";
const COLOR_GRID: &str = "#dddddd";
const COLOR_AXIS: &str = "#888888";
const COLOR_BAR: &str = "#4a7bd0";
const COLOR_BAR_STROKE: &str = "#2c4f8f";
const COLOR_CRITICAL: &str = "#c8423b";
const COLOR_CRITICAL_STROKE: &str = "#6e1a16";
const COLOR_BASELINE: &str = "#a0a0a0";
const COLOR_ACTUAL: &str = "#1d2b3a";
const COLOR_TODAY: &str = "#d35400";
const COLOR_FORECAST_END: &str = "#5b2c6f";
/// The target end, and gates that hold.
const COLOR_GOOD: &str = "#1e7b34";
const COLOR_BLOCKED: &str = "#b3261e";

/// The chart as an accessible SVG: one row per step, a month axis, and labelled lines for today,
/// P50, P90 and the target end.
pub fn gantt_svg(timeline: &Timeline) -> Markup {
    let scale = Scale::for_timeline(timeline);
    let id_prefix = format!("gantt-{}", id_safe(&timeline.enrollment_id));
    let (title_id, desc_id, hatch_id) = (
        format!("{id_prefix}-title"),
        format!("{id_prefix}-desc"),
        format!("{id_prefix}-hatch"),
    );
    let rows_bottom = row_y(timeline.rows.len());
    // Gates get a lane of their own under the steps.
    let gate_lanes = usize::from(!timeline.gates.is_empty());
    let chart_bottom = row_y(timeline.rows.len() + gate_lanes);
    let height = chart_bottom + FOOTER_HEIGHT;
    let ticks = month_starts(scale.first, scale.last);
    html! {
        svg.gantt xmlns="http://www.w3.org/2000/svg" role="img" width="100%"
            viewBox=(format!("0 0 {} {}", num(WIDTH), num(height)))
            aria-labelledby=(format!("{title_id} {desc_id}")) font-family="system-ui, sans-serif" {
            title id=(title_id) { (timeline.title) }
            desc id=(desc_id) { (describe(timeline)) }
            defs {
                pattern id=(hatch_id) width="6" height="6" patternUnits="userSpaceOnUse"
                    patternTransform="rotate(45)" {
                    rect x="0" y="0" width="2" height="6" fill="#ffffff" fill-opacity="0.55" {}
                }
            }
            @for row_index in (0..timeline.rows.len()).step_by(2) {
                rect.gantt-stripe x="0" y=(num(row_y(row_index))) width=(num(WIDTH))
                    height=(num(ROW_HEIGHT)) fill=(COLOR_STRIPE) {}
            }
            line.gantt-axis x1=(num(CHART_LEFT)) x2=(num(CHART_RIGHT)) y1=(num(AXIS_Y))
                y2=(num(AXIS_Y)) stroke=(COLOR_AXIS) {}
            @for tick in &ticks {
                line.gantt-grid x1=(num(scale.x_start(*tick))) x2=(num(scale.x_start(*tick)))
                    y1=(num(AXIS_Y - 4.0)) y2=(num(chart_bottom)) stroke=(COLOR_GRID) {}
            }
            @for (x, label) in month_labels(&scale, &ticks) {
                text.gantt-month x=(num(x)) y=(num(MONTH_LABEL_Y)) font-size="11"
                    fill=(COLOR_TEXT) { (label) }
            }
            @for (row_index, row) in timeline.rows.iter().enumerate() {
                (step_row(&scale, row, row_y(row_index), timeline.today, &hatch_id))
            }
            @if !timeline.gates.is_empty() {
                text.gantt-label x=(num(LABEL_X)) y=(num(rows_bottom + 18.0)) font-size="12"
                    fill=(COLOR_TEXT) { "Gates" }
                @for gate in &timeline.gates {
                    (gate_flag(&scale, gate, rows_bottom))
                }
            }
            @for (level, marker) in markers(timeline, &scale).iter().enumerate() {
                (vertical_line(marker, level, chart_bottom))
            }
        }
    }
}

/// The same data as the chart: a table of steps and, when there are gates, a table of gates.
pub fn gantt_table(timeline: &Timeline) -> Markup {
    let step_headers = [
        "Step",
        "Phase",
        "Owner",
        "Status",
        "Baseline",
        "Forecast",
        "Actual",
        "Critical path",
    ];
    html! {
        table.gantt-table {
            caption { "Steps of " (timeline.title) ". " (end_summary(timeline)) }
            thead { tr { @for header in step_headers { th scope="col" { (header) } } } }
            tbody {
                @for row in &timeline.rows {
                    tr class=[row.critical.then_some("gantt-critical")] {
                        th scope="row" { (row.name) @if row.milestone { " (milestone)" } }
                        td { (row.phase) }
                        td { (row.owner) }
                        td { (row.status) }
                        td { (row.baseline.map_or("—".to_owned(), date_range)) }
                        td { (date_range(row.forecast)) }
                        td { (actual_text(row)) }
                        td { @if row.critical { "Yes" } }
                    }
                }
            }
        }
        @if !timeline.gates.is_empty() {
            table.gantt-table.gantt-gates {
                caption { "Gates of " (timeline.title) }
                thead {
                    tr { @for header in ["Gate", "Date", "Status"] { th scope="col" { (header) } } }
                }
                tbody {
                    @for gate in &timeline.gates {
                        tr {
                            th scope="row" { (gate.name) }
                            td { (human_date(gate.date)) }
                            td { (gate.status) }
                        }
                    }
                }
            }
        }
    }
}

/// Maps dates to x coordinates: every day of `first..=last` is a column of the same width.
struct Scale {
    first: Date,
    last: Date,
    day_width: f64,
}

impl Scale {
    /// From the earliest date drawn (today included) to the latest (P90 and target included).
    fn for_timeline(timeline: &Timeline) -> Scale {
        let mut dates = vec![timeline.today, timeline.likely_end, timeline.p50_end];
        dates.extend([timeline.p90_end].into_iter().chain(timeline.target_end));
        for row in &timeline.rows {
            dates.extend([row.forecast.0, row.forecast.1]);
            if let Some((start, finish)) = row.baseline {
                dates.extend([start, finish]);
            }
            dates.extend(row.actual_start.into_iter().chain(row.actual_finish));
        }
        dates.extend(timeline.gates.iter().map(|gate| gate.date));
        let first = dates.iter().min().copied().unwrap_or(timeline.today);
        let last = dates.iter().max().copied().unwrap_or(timeline.today);
        // A range of one day still has one column, so the width is never divided by zero.
        let n_days = (days_between(first, last) + 1).max(1) as f64;
        Scale {
            first,
            last,
            day_width: (CHART_RIGHT - CHART_LEFT) / n_days,
        }
    }

    fn x_start(&self, date: Date) -> f64 {
        CHART_LEFT + days_between(self.first, date) as f64 * self.day_width
    }

    fn x_middle(&self, date: Date) -> f64 {
        self.x_start(date) + self.day_width / 2.0
    }

    fn x_end(&self, date: Date) -> f64 {
        self.x_start(date) + self.day_width
    }

    /// Both days included; at least one unit wide so that a bar never vanishes.
    fn width(&self, start: Date, finish: Date) -> f64 {
        (self.x_end(finish) - self.x_start(start)).max(1.0)
    }
}

fn step_row(scale: &Scale, row: &TimelineRow, top: f64, today: Date, hatch_id: &str) -> Markup {
    let (start, finish) = row.forecast;
    let (fill, stroke, stroke_width) = if row.critical {
        (COLOR_CRITICAL, COLOR_CRITICAL_STROKE, "2")
    } else {
        (COLOR_BAR, COLOR_BAR_STROKE, "1")
    };
    // An actual overlay runs to the actual finish, or to today while the step is under way; a
    // milestone has its diamond instead.
    let actual_start = row.actual_start.filter(|_| !row.milestone);
    let actual = actual_start.map(|start| (start, row.actual_finish.unwrap_or(today.max(start))));
    let bar_x = scale.x_start(start);
    let bar_width = scale.width(start, finish);
    html! {
        g.gantt-row.gantt-critical[row.critical].gantt-milestone[row.milestone] {
            text.gantt-label x=(num(LABEL_X)) y=(num(top + 18.0)) font-size="12" fill=(COLOR_TEXT)
                font-weight=[row.critical.then_some("bold")] { (truncated(&row.name)) }
            @if let Some((baseline_start, baseline_finish)) = row.baseline {
                rect.gantt-baseline x=(num(scale.x_start(baseline_start))) y=(num(top + 21.0))
                    width=(num(scale.width(baseline_start, baseline_finish))) height="4"
                    fill=(COLOR_BASELINE) {
                    title {
                        (row.name) " baseline: " (date_range((baseline_start, baseline_finish)))
                    }
                }
            }
            g.gantt-bar.gantt-critical[row.critical] {
                title { (forecast_title(row)) }
                @if row.milestone {
                    polygon.gantt-milestone points=(diamond(scale.x_middle(finish), top + 12.0))
                        fill=(fill) stroke=(stroke) stroke-width=(stroke_width) {}
                } @else {
                    rect x=(num(bar_x)) y=(num(top + 6.0)) width=(num(bar_width)) height="12" rx="2"
                        fill=(fill) stroke=(stroke) stroke-width=(stroke_width) {}
                    @if row.critical {
                        rect.gantt-critical-hatch x=(num(bar_x)) y=(num(top + 6.0))
                            width=(num(bar_width)) height="12" fill=(format!("url(#{hatch_id})")) {}
                    }
                }
            }
            @if let Some((actual_start, actual_finish)) = actual {
                rect.gantt-actual x=(num(scale.x_start(actual_start))) y=(num(top + 9.5))
                    width=(num(scale.width(actual_start, actual_finish))) height="5"
                    fill=(COLOR_ACTUAL) {
                    title { (row.name) " actual: " (actual_text(row)) }
                }
            }
        }
    }
}

/// A flag on the gate's date: filled when the gate holds, hollow when it blocks.
fn gate_flag(scale: &Scale, gate: &GateMarker, top: f64) -> Markup {
    let x = scale.x_start(gate.date);
    let (color, fill) = if gate.holds {
        (COLOR_GOOD, COLOR_GOOD)
    } else {
        (COLOR_BLOCKED, "#ffffff")
    };
    let flag = points(&[(x, top + 4.0), (x + 12.0, top + 8.5), (x, top + 13.0)]);
    html! {
        g.gantt-gate.gantt-gate-holds[gate.holds].gantt-gate-blocked[!gate.holds] {
            title { "Gate " (gate.name) ": " (human_date(gate.date)) ", " (gate.status) }
            line x1=(num(x)) x2=(num(x)) y1=(num(top + 4.0)) y2=(num(top + 24.0)) stroke=(color)
                stroke-width="1.5" {}
            polygon points=(flag) fill=(fill) stroke=(color) stroke-width="1.5" {}
        }
    }
}

/// A labelled vertical line across the chart: today (solid, mid-day) or an end date (dashed, at
/// the end of its day).
struct Marker {
    label: &'static str,
    title: String,
    x: f64,
    color: &'static str,
    dash: Option<&'static str>,
}

fn markers(timeline: &Timeline, scale: &Scale) -> Vec<Marker> {
    let today = Marker {
        label: "Today",
        title: format!("Today: {}", human_date(timeline.today)),
        x: scale.x_middle(timeline.today),
        color: COLOR_TODAY,
        dash: None,
    };
    let ends = [
        ("P50", "P50 forecast end", Some(timeline.p50_end), "6 3"),
        ("P90", "P90 forecast end", Some(timeline.p90_end), "2 3"),
        ("Target", "Target end", timeline.target_end, "8 3 2 3"),
    ];
    let ends = ends.into_iter().filter_map(|(label, what, date, dash)| {
        let date = date?;
        Some(Marker {
            label,
            title: format!("{what}: {}", human_date(date)),
            x: scale.x_end(date),
            color: if label == "Target" {
                COLOR_GOOD
            } else {
                COLOR_FORECAST_END
            },
            dash: Some(dash),
        })
    });
    std::iter::once(today).chain(ends).collect()
}

/// `level` staggers the labels so that lines on nearby dates do not print over each other.
fn vertical_line(marker: &Marker, level: usize, chart_bottom: f64) -> Markup {
    // Labels near the right edge go to the left of their line so that they stay inside.
    let (label_x, anchor) = if marker.x > CHART_RIGHT - 50.0 {
        (marker.x - 3.0, "end")
    } else {
        (marker.x + 3.0, "start")
    };
    let label_y = 32.0 + 11.0 * level as f64;
    html! {
        g class=(format!("gantt-{}", marker.label.to_ascii_lowercase())) {
            title { (marker.title) }
            line x1=(num(marker.x)) x2=(num(marker.x)) y1=(num(AXIS_Y)) y2=(num(chart_bottom))
                stroke=(marker.color) stroke-width="1.5" stroke-dasharray=[marker.dash] {}
            text x=(num(label_x)) y=(num(label_y)) text-anchor=(anchor) font-size="11"
                fill=(marker.color) { (marker.label) }
        }
    }
}

/// The first of every month in `first..=last`.
fn month_starts(first: Date, last: Date) -> Vec<Date> {
    let mut ticks = Vec::new();
    let mut next = Some(first.first_of_month());
    while let Some(month) = next {
        if month > last || ticks.len() >= MAX_MONTH_TICKS {
            break;
        }
        if month >= first {
            ticks.push(month);
        }
        next = month.last_of_month().tomorrow().ok();
    }
    ticks
}

/// Labels for the month ticks, thinned so they do not overlap; the first month is labelled at
/// the left edge when no tick is near it.
fn month_labels(scale: &Scale, ticks: &[Date]) -> Vec<(f64, String)> {
    let month_width = 30.4 * scale.day_width;
    let label_every = (MIN_MONTH_LABEL_GAP / month_width).ceil().max(1.0) as usize;
    let mut labels = Vec::new();
    let first_tick_x = ticks.first().map(|tick| scale.x_start(*tick));
    if first_tick_x.is_none_or(|x| x - CHART_LEFT >= MIN_MONTH_LABEL_GAP) {
        labels.push((CHART_LEFT + 2.0, month_label(scale.first)));
    }
    for tick in ticks.iter().step_by(label_every) {
        let x = (scale.x_start(*tick) + 2.0).min(WIDTH - 48.0);
        labels.push((x, month_label(*tick)));
    }
    labels
}

fn describe(timeline: &Timeline) -> String {
    let n_critical = timeline.rows.iter().filter(|row| row.critical).count();
    let mut text = format!(
        "{}. {}. {n_critical} on the critical path. Today is {}.",
        count(timeline.rows.len(), "step", "steps"),
        end_summary(timeline),
        human_date(timeline.today),
    );
    if !timeline.gates.is_empty() {
        let n_blocked = timeline.gates.iter().filter(|gate| !gate.holds).count();
        let gates = count(timeline.gates.len(), "gate", "gates");
        text.push_str(&format!(" {gates}, {n_blocked} blocked."));
    }
    text
}

fn end_summary(timeline: &Timeline) -> String {
    let mut text = format!(
        "Likely end {}, P50 {}, P90 {}",
        human_date(timeline.likely_end),
        human_date(timeline.p50_end),
        human_date(timeline.p90_end),
    );
    if let Some(target_end) = timeline.target_end {
        text.push_str(&format!(", target {}", human_date(target_end)));
    }
    text
}

fn forecast_title(row: &TimelineRow) -> String {
    let mut text = if row.milestone {
        format!("{}: milestone, {}", row.name, human_date(row.forecast.1))
    } else {
        format!("{}: {}", row.name, date_range(row.forecast))
    };
    if row.critical {
        text.push_str(", critical");
    }
    text
}

fn actual_text(row: &TimelineRow) -> String {
    match (row.actual_start, row.actual_finish) {
        (Some(start), Some(finish)) => date_range((start, finish)),
        (Some(start), None) => format!("started {}, in progress", human_date(start)),
        (None, Some(finish)) => format!("finished {}", human_date(finish)),
        (None, None) => "—".to_owned(),
    }
}

fn row_y(row_index: usize) -> f64 {
    HEADER_HEIGHT + row_index as f64 * ROW_HEIGHT
}

/// A diamond 14 units across.
fn diamond(x: f64, y: f64) -> String {
    points(&[(x, y - 7.0), (x + 7.0, y), (x, y + 7.0), (x - 7.0, y)])
}

/// An SVG `points` list.
fn points(coordinates: &[(f64, f64)]) -> String {
    let pairs = coordinates
        .iter()
        .map(|(x, y)| format!("{},{}", num(*x), num(*y)));
    pairs.collect::<Vec<_>>().join(" ")
}

/// Whole days from `earlier` to `later` (negative when `later` is earlier); never fails.
fn days_between(earlier: Date, later: Date) -> i64 {
    later.duration_since(earlier).as_secs().div_euclid(86_400)
}

/// One decimal, and never `NaN` or `inf` in the markup.
fn num(value: f64) -> String {
    if value.is_finite() {
        format!("{value:.1}")
    } else {
        "0.0".to_owned()
    }
}

fn truncated(name: &str) -> String {
    if name.chars().count() <= LABEL_MAX_CHARS {
        return name.to_owned();
    }
    let kept: String = name.chars().take(LABEL_MAX_CHARS - 1).collect();
    format!("{}…", kept.trim_end())
}

/// An enrollment id reduced to characters safe in an XML id.
fn id_safe(id: &str) -> String {
    let safe = id.replace(|ch: char| !ch.is_ascii_alphanumeric() && ch != '-', "-");
    if safe.is_empty() {
        "timeline".to_owned()
    } else {
        safe
    }
}

fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn date_range((start, finish): (Date, Date)) -> String {
    format!("{} – {}", human_date(start), human_date(finish))
}

/// "3 Feb 2027".
fn human_date(date: Date) -> String {
    let month = month_name(date.month());
    format!("{} {month} {}", date.day(), date.year())
}

/// "Feb 2027".
fn month_label(date: Date) -> String {
    format!("{} {}", month_name(date.month()), date.year())
}

fn month_name(month: i8) -> &'static str {
    const NAMES: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let index = usize::try_from(month.saturating_sub(1)).unwrap_or(0);
    NAMES.get(index).copied().unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_2027(month: i8, day: i8) -> Date {
        Date::constant(2027, month, day)
    }

    fn step(key: &str, name: &str, forecast: (Date, Date)) -> TimelineRow {
        TimelineRow {
            key: key.to_owned(),
            name: name.to_owned(),
            phase: "Build".to_owned(),
            owner: "Partner admin".to_owned(),
            status: "Not started".to_owned(),
            baseline: Some(forecast),
            forecast,
            actual_start: None,
            actual_finish: None,
            critical: false,
            milestone: false,
        }
    }

    /// Three steps (one done, one critical and under way, one milestone) and one blocked gate.
    fn sample() -> Timeline {
        let mut agreement = step(
            "agreement",
            "Sign the agreement",
            (in_2027(1, 4), in_2027(1, 8)),
        );
        agreement.status = "Done".to_owned();
        (agreement.actual_start, agreement.actual_finish) =
            (Some(in_2027(1, 4)), Some(in_2027(1, 7)));
        let mut build = step(
            "build",
            "Build the interface",
            (in_2027(1, 11), in_2027(2, 12)),
        );
        (build.status, build.critical) = ("In progress".to_owned(), true);
        build.actual_start = Some(in_2027(1, 12));
        let mut go_live = step("go-live", "Go live", (in_2027(2, 15), in_2027(2, 15)));
        (go_live.milestone, go_live.baseline) = (true, None);
        let gate = GateMarker {
            key: "security".to_owned(),
            name: "Security review".to_owned(),
            date: in_2027(1, 11),
            status: "Blocked".to_owned(),
            holds: false,
        };
        Timeline {
            title: "Acme Labs — Connected partner".to_owned(),
            enrollment_id: "enr 42".to_owned(),
            rows: vec![agreement, build, go_live],
            gates: vec![gate],
            today: in_2027(1, 20),
            likely_end: in_2027(2, 15),
            p50_end: in_2027(2, 16),
            p90_end: in_2027(3, 1),
            target_end: Some(in_2027(2, 28)),
        }
    }

    fn assert_contains(markup: &str, expected: &[&str]) {
        for text in expected {
            assert!(markup.contains(text), "missing {text:?} in {markup}");
        }
    }

    #[test]
    fn the_svg_is_an_image_labelled_by_its_title_and_description() {
        let svg = gantt_svg(&sample()).into_string();
        assert_contains(
            &svg,
            &[
                r#"role="img""#,
                r#"aria-labelledby="gantt-enr-42-title gantt-enr-42-desc""#,
                r#"<title id="gantt-enr-42-title">Acme Labs — Connected partner</title>"#,
                r#"<desc id="gantt-enr-42-desc">3 steps. Likely end 15 Feb 2027, P50 16 Feb 2027"#,
                "P90 1 Mar 2027, target 28 Feb 2027. 1 on the critical path.",
            ],
        );
        assert!(!svg.contains("<script"));
    }

    #[test]
    fn every_bar_has_a_title_naming_its_step() {
        let svg = gantt_svg(&sample()).into_string();
        assert_contains(
            &svg,
            &[
                r#"<g class="gantt-bar"><title>Sign the agreement: 4 Jan 2027 – 8 Jan 2027</title>"#,
                "<title>Build the interface: 11 Jan 2027 – 12 Feb 2027, critical</title>",
                "<title>Go live: milestone, 15 Feb 2027</title>",
                "<title>Sign the agreement baseline: 4 Jan 2027 – 8 Jan 2027</title>",
                "<title>Build the interface actual: started 12 Jan 2027, in progress</title>",
            ],
        );
        assert_eq!(svg.matches(r#"<g class="gantt-bar"#).count(), 3);
        assert_eq!(
            svg.matches(r#"<polygon class="gantt-milestone""#).count(),
            1
        );
    }

    #[test]
    fn the_axis_and_the_vertical_lines_are_labelled() {
        let svg = gantt_svg(&sample()).into_string();
        assert_contains(
            &svg,
            &[">Jan 2027</text>", ">Feb 2027</text>", ">Mar 2027</text>"],
        );
        assert_contains(
            &svg,
            &[
                ">Today</text>",
                ">P50</text>",
                ">P90</text>",
                ">Target</text>",
            ],
        );
        assert_contains(
            &svg,
            &[
                r#"stroke-dasharray="6 3""#,
                "<title>P90 forecast end: 1 Mar 2027",
            ],
        );
    }

    #[test]
    fn critical_rows_and_blocked_gates_are_marked_by_class_and_shape() {
        let svg = gantt_svg(&sample()).into_string();
        assert_eq!(
            svg.matches(r#"class="gantt-row gantt-critical""#).count(),
            1
        );
        assert_eq!(
            svg.matches(r#"class="gantt-bar gantt-critical""#).count(),
            1
        );
        assert_eq!(svg.matches("gantt-critical-hatch").count(), 1);
        assert_contains(&svg, &[r#"class="gantt-gate gantt-gate-blocked""#]);
        assert!(!svg.contains("gantt-gate-holds"));
        // A blocked gate is a hollow flag.
        assert_contains(&svg, &[r##"fill="#ffffff" stroke="#b3261e""##]);
    }

    #[test]
    fn the_table_has_a_row_per_step_and_per_gate() {
        let table = gantt_table(&sample()).into_string();
        assert_eq!(table.matches("<caption>").count(), 2);
        assert_eq!(table.matches("<tr").count(), 1 + 3 + 1 + 1);
        assert_contains(
            &table,
            &[
                r#"<th scope="col">Critical path</th>"#,
                r#"<tr class="gantt-critical"><th scope="row">Build the interface</th>"#,
                "<td>11 Jan 2027 – 12 Feb 2027</td>",
                r#"<th scope="row">Go live (milestone)</th>"#,
                "<td>—</td>",
                r#"<th scope="row">Security review</th><td>11 Jan 2027</td><td>Blocked</td>"#,
            ],
        );
    }

    #[test]
    fn a_zero_length_range_draws_finite_coordinates() {
        let day = Date::constant(2026, 12, 2);
        let mut timeline = sample();
        timeline.rows = vec![step("only", "Only step", (day, day))];
        timeline.gates.clear();
        (timeline.today, timeline.likely_end) = (day, day);
        (timeline.p50_end, timeline.p90_end, timeline.target_end) = (day, day, None);
        let svg = gantt_svg(&timeline).into_string();
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
        assert_contains(&svg, &[">Dec 2026</text>"]);
        timeline.rows.clear();
        let empty = gantt_svg(&timeline).into_string();
        assert!(!empty.contains("NaN") && !empty.contains("inf"), "{empty}");
    }

    #[test]
    fn long_names_are_truncated_on_a_character_boundary() {
        let label = truncated("Exchange the éléments of the conformance statement");
        assert_eq!(label.chars().count(), LABEL_MAX_CHARS);
        assert!(label.ends_with('…'));
        assert_eq!(truncated("Short"), "Short");
    }
}
