//! A fixed Timing: its events are compared by count before they are compared one by one (the
//! reference reports the count, under its id `BUNDLE_MSG_EVENT_COUNT`).

use crate::json::JsonValue;
use crate::validate::issue::{IssueSink, IssueType};
use crate::validate::walk::Item;

/// Reports a different number of `event` values than the fixed Timing has, and returns the keys
/// the element-by-element comparison is then to leave out.
pub(super) fn event_count(
    sink: &mut IssueSink,
    fixed: &JsonValue,
    value: &JsonValue,
    item: &Item<'_>,
) -> &'static [&'static str] {
    let count = |timing: &JsonValue| timing.get("event").map_or(0, |events| events.items().len());
    let (expected, found) = (count(fixed), count(value));
    if expected == found {
        return &[];
    }
    sink.error(
        IssueType::Value,
        "fixed.event_count",
        &item.path,
        item.pos,
        format!("Expected {expected} but found {found} event elements"),
    );
    &["event"]
}
