//! Observations (best practice, as warnings): every observation should say whom it is about
//! (`subject`), who made it (`performer`) and when (`effective[x]`). The vital-signs profiles
//! that apply to Observations by their code are [`super::implied`]'s.

use crate::json::JsonValue;
use crate::validate::issue::IssueType;
use crate::validate::walk::Walk;

/// Checks an Observation resource.
pub(crate) fn check(walk: &mut Walk<'_>, json: &JsonValue, path: &str) {
    let has = |key: &str| {
        json.get(key)
            .is_some_and(|v| !v.is_array() || !v.items().is_empty())
    };
    let effective = [
        "effectiveDateTime",
        "effectivePeriod",
        "effectiveTiming",
        "effectiveInstant",
    ]
    .iter()
    .any(|key| has(key));
    for (present, id, message) in [
        (
            has("subject"),
            "observation.no_subject",
            "Best Practice Recommendation: In general, all observations should have a subject",
        ),
        (
            has("performer"),
            "observation.no_performer",
            "Best Practice Recommendation: In general, all observations should have a performer",
        ),
        (
            effective,
            "observation.no_effective",
            "Best Practice Recommendation: In general, all observations should have an effective[x] (a dateTime, Period, Timing or instant)",
        ),
    ] {
        if !present {
            walk.sink
                .warning(IssueType::Invalid, id, path, json.pos, message.to_string());
        }
    }
}
