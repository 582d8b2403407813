//! The comparison prefixes and what they mean for dates, numbers and quantities
//! (<https://hl7.org/fhir/R4/search.html#prefix>), as plain functions the SQL side mirrors with
//! comparisons on `(low_ms, high_ms)` and on the indexed `f64`: [`date_matches`] and
//! [`number_matches`] document the semantics.

use super::values::{DateRange, NumberRange};

const MS_PER_DAY: i64 = 86_400_000;

/// A comparison prefix of a number, date or quantity value; `eq` when none is written.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Prefix {
    #[default]
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    /// Starts after.
    Sa,
    /// Ends before.
    Eb,
    /// Approximately.
    Ap,
}

impl Prefix {
    /// Every prefix, in the order the R4 page lists them.
    pub const ALL: [Prefix; 9] = [
        Prefix::Eq,
        Prefix::Ne,
        Prefix::Gt,
        Prefix::Lt,
        Prefix::Ge,
        Prefix::Le,
        Prefix::Sa,
        Prefix::Eb,
        Prefix::Ap,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Prefix::Eq => "eq",
            Prefix::Ne => "ne",
            Prefix::Gt => "gt",
            Prefix::Lt => "lt",
            Prefix::Ge => "ge",
            Prefix::Le => "le",
            Prefix::Sa => "sa",
            Prefix::Eb => "eb",
            Prefix::Ap => "ap",
        }
    }

    pub fn from_code(code: &str) -> Option<Prefix> {
        Prefix::ALL.into_iter().find(|prefix| prefix.code() == code)
    }
}

/// Whether an indexed date range `value` matches the search range `query` under `prefix`.
///
/// A date search value and an indexed date are both ranges of instants, `[low, high)` (see
/// [`DateRange`]). With the query range `Q` and the value range `V`:
///
/// | prefix | R4 wording | test |
/// |---|---|---|
/// | `eq` | the range of the search value fully contains the range of the target value | `Q.low <= V.low && V.high <= Q.high` |
/// | `ne` | … does not fully contain … | not `eq` |
/// | `gt` | the range above the search value intersects the range of the target value | `V.high > Q.high` |
/// | `lt` | the range below the search value intersects the range of the target value | `V.low < Q.low` |
/// | `ge` | `gt`, or `eq` | `V.high > Q.high \|\| eq` |
/// | `le` | `lt`, or `eq` | `V.low < Q.low \|\| eq` |
/// | `sa` | … does not overlap, and the range above contains the target | `V.low >= Q.high` |
/// | `eb` | … does not overlap, and the range below contains the target | `V.high <= Q.low` |
/// | `ap` | approximately the same | `V` overlaps [`approximate_date_range`]`(Q)` |
///
/// So `gt2013-01-14T10:00` matches the day `2013-01-14` (the day goes on after 10:01), and a
/// Period with no end matches every `gt`.
pub fn date_matches(prefix: Prefix, query: DateRange, value: DateRange) -> bool {
    let within = query.low_ms <= value.low_ms && value.high_ms <= query.high_ms;
    match prefix {
        Prefix::Eq => within,
        Prefix::Ne => !within,
        Prefix::Gt => value.high_ms > query.high_ms,
        Prefix::Lt => value.low_ms < query.low_ms,
        Prefix::Ge => value.high_ms > query.high_ms || within,
        Prefix::Le => value.low_ms < query.low_ms || within,
        Prefix::Sa => value.low_ms >= query.high_ms,
        Prefix::Eb => value.high_ms <= query.low_ms,
        Prefix::Ap => {
            let wide = approximate_date_range(query);
            value.low_ms < wide.high_ms && value.high_ms > wide.low_ms
        }
    }
}

/// The range `ap` accepts for a date: the query range widened on each side by a tenth of its
/// length plus one day (`ap2020-03-04` is [2020-03-02T21:36Z, 2020-03-06T02:24Z)). R4 suggests
/// 10% of the gap between now and the date; that needs a clock and makes results drift, so this
/// module widens by the value's own precision instead. An indexed range matches when it overlaps.
pub fn approximate_date_range(query: DateRange) -> DateRange {
    let length = query.high_ms.saturating_sub(query.low_ms);
    let margin = (length / 10).saturating_add(MS_PER_DAY);
    DateRange {
        low_ms: query.low_ms.saturating_sub(margin),
        high_ms: query.high_ms.saturating_add(margin),
    }
}

/// Whether an indexed number (or quantity value) `value` matches the search value `query` under
/// `prefix`.
///
/// An indexed number is a point (its own precision is not used); the search value is a
/// [`NumberRange`]. R4's number examples read `100` as [99.5, 100.5) for `eq` and `ne` only, and
/// compare `lt`/`le`/`gt`/`ge` with the value exactly ("`gt100`: values that are greater than
/// exactly 100"). So: `eq` is `query.low <= value < query.high`, `ne` its negation,
/// `gt`/`lt`/`ge`/`le` compare with `query.value`, `sa` is `value >= query.high`, `eb` is
/// `value < query.low`, `ap` is within [`approximate_number_range`].
pub fn number_matches(prefix: Prefix, query: &NumberRange, value: f64) -> bool {
    let within = query.low <= value && value < query.high;
    match prefix {
        Prefix::Eq => within,
        Prefix::Ne => !within,
        Prefix::Gt => value > query.value,
        Prefix::Lt => value < query.value,
        Prefix::Ge => value >= query.value,
        Prefix::Le => value <= query.value,
        Prefix::Sa => value >= query.high,
        Prefix::Eb => value < query.low,
        Prefix::Ap => {
            let (low, high) = approximate_number_range(query);
            low <= value && value <= high
        }
    }
}

/// The closed interval `ap` accepts for a number: 10% of the value either side (R4's
/// recommendation), and never less than the precision range (so `ap0` is [-0.5, 0.5]).
pub fn approximate_number_range(query: &NumberRange) -> (f64, f64) {
    let margin = query.value.abs() / 10.0;
    (
        (query.value - margin).min(query.low),
        (query.value + margin).max(query.high),
    )
}

/// Whether an indexed quantity's units match a search value's: with a system, system and code
/// must both equal (`5.4|http://unitsofmeasure.org|mg`); without (`5.4||mg`), the code equals the
/// indexed code or unit; with neither (`5.4`), any units match. Units are not converted.
pub fn quantity_units_match(
    query_system: Option<&str>,
    query_code: Option<&str>,
    system: Option<&str>,
    code: Option<&str>,
    unit: Option<&str>,
) -> bool {
    match (query_system, query_code) {
        (Some(query_system), query_code) => {
            system == Some(query_system) && (query_code.is_none() || code == query_code)
        }
        (None, Some(query_code)) => code == Some(query_code) || unit == Some(query_code),
        (None, None) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::values::{parse_date, parse_number};

    fn day(text: &str) -> DateRange {
        parse_date(text).unwrap()
    }

    /// `(prefix, query, value, expected)`: one boundary case each way per prefix.
    #[test]
    fn date_prefixes_follow_the_r4_range_table() {
        let cases = [
            // eq: fully within; the next day's midnight is not.
            (Prefix::Eq, "2013-01-14", "2013-01-14T10:00:00Z", true),
            (Prefix::Eq, "2013-01-14", "2013-01-14T23:59:59.999Z", true),
            (Prefix::Eq, "2013-01-14", "2013-01-15T00:00:00Z", false),
            (Prefix::Eq, "2013-01-14T10:00", "2013-01-14", false),
            (Prefix::Ne, "2013-01-14", "2013-01-15T00:00:00Z", true),
            (Prefix::Ne, "2013-01-14", "2013-01-14T00:00:00Z", false),
            // gt/lt: the day extends past the minute either side.
            (Prefix::Gt, "2013-01-14T10:00", "2013-01-14", true),
            (Prefix::Gt, "2013-01-14", "2013-01-14T23:59:59Z", false),
            (Prefix::Gt, "2013-01-14", "2013-01-15", true),
            (Prefix::Lt, "2013-01-14T10:00", "2013-01-14", true),
            (Prefix::Lt, "2013-01-14", "2013-01-14T00:00:00Z", false),
            (Prefix::Lt, "2013-01-14", "2013-01-13T23:59:59.999Z", true),
            (Prefix::Ge, "2013-01-14", "2013-01-14T00:00:00Z", true),
            (Prefix::Ge, "2013-01-14", "2013-01-13T23:59:59.999Z", false),
            (Prefix::Le, "2013-01-14", "2013-01-14T23:59:59.999Z", true),
            (Prefix::Le, "2013-01-14", "2013-01-15T00:00:00Z", false),
            // sa/eb: no overlap at all.
            (Prefix::Sa, "2013-01-14", "2013-01-15T00:00:00Z", true),
            (Prefix::Sa, "2013-01-14", "2013-01-14T23:59:59.999Z", false),
            (Prefix::Sa, "2013-01-14T10:00", "2013-01-14", false),
            (Prefix::Eb, "2013-01-14", "2013-01-13T23:59:59.999Z", true),
            (Prefix::Eb, "2013-01-14", "2013-01-14T00:00:00Z", false),
            // ap: widened by a tenth of a day plus a day: 2013-01-12T21:36Z to 2013-01-16T02:24Z.
            (Prefix::Ap, "2013-01-14", "2013-01-16T02:23:59.999Z", true),
            (Prefix::Ap, "2013-01-14", "2013-01-16T02:24:00Z", false),
            (Prefix::Ap, "2013-01-14", "2013-01-12T21:35:59.999Z", false),
            (Prefix::Ap, "2013-01-14", "2013-01-12T21:36:00Z", true),
        ];
        for (prefix, query, value, expected) in cases {
            assert_eq!(
                date_matches(prefix, day(query), day(value)),
                expected,
                "{}{query} against {value}",
                prefix.code()
            );
        }
    }

    #[test]
    fn open_periods_match_by_their_known_end() {
        let ongoing = DateRange::starting_at(day("2020-01-01").low_ms);
        assert!(date_matches(Prefix::Gt, day("2024"), ongoing));
        assert!(!date_matches(Prefix::Lt, day("2020"), ongoing));
        assert!(date_matches(Prefix::Lt, day("2021"), ongoing));
        assert!(!date_matches(Prefix::Eq, day("2020"), ongoing));
        assert!(date_matches(Prefix::Sa, day("2019"), ongoing));
        assert!(!date_matches(Prefix::Eb, day("2030"), ongoing));
    }

    #[test]
    fn number_prefixes_use_precision_for_eq_and_the_exact_value_otherwise() {
        let cases = [
            (Prefix::Eq, "100", 99.5, true),
            (Prefix::Eq, "100", 100.5, false),
            (Prefix::Eq, "100.00", 100.004, true),
            (Prefix::Eq, "100.00", 100.005, false),
            (Prefix::Ne, "100", 100.5, true),
            (Prefix::Ne, "100", 100.2, false),
            (Prefix::Gt, "100", 100.0, false),
            (Prefix::Gt, "100", 100.01, true),
            (Prefix::Lt, "100", 100.0, false),
            (Prefix::Lt, "100", 99.99, true),
            (Prefix::Ge, "100", 100.0, true),
            (Prefix::Ge, "100", 99.99, false),
            (Prefix::Le, "100", 100.0, true),
            (Prefix::Le, "100", 100.01, false),
            (Prefix::Sa, "100", 100.5, true),
            (Prefix::Sa, "100", 100.49, false),
            (Prefix::Eb, "100", 99.49, true),
            (Prefix::Eb, "100", 99.5, false),
            (Prefix::Ap, "100", 110.0, true),
            (Prefix::Ap, "100", 110.01, false),
            (Prefix::Ap, "100", 90.0, true),
            (Prefix::Ap, "0", 0.5, true),
            (Prefix::Ap, "0", 0.51, false),
        ];
        for (prefix, query, value, expected) in cases {
            let query_range = parse_number(query).unwrap();
            assert_eq!(
                number_matches(prefix, &query_range, value),
                expected,
                "{}{query} against {value}",
                prefix.code()
            );
        }
    }

    #[test]
    fn quantity_units_match_by_system_and_code_or_by_code_or_unit() {
        let ucum = Some("http://unitsofmeasure.org");
        assert!(quantity_units_match(
            ucum,
            Some("mg"),
            ucum,
            Some("mg"),
            Some("milligram")
        ));
        assert!(!quantity_units_match(
            ucum,
            Some("mg"),
            None,
            Some("mg"),
            None
        ));
        assert!(quantity_units_match(
            None,
            Some("mg"),
            None,
            None,
            Some("mg")
        ));
        assert!(!quantity_units_match(
            None,
            Some("mg"),
            ucum,
            Some("g"),
            Some("g")
        ));
        assert!(quantity_units_match(None, None, ucum, Some("g"), None));
    }

    #[test]
    fn prefixes_round_trip_their_codes() {
        for prefix in Prefix::ALL {
            assert_eq!(Prefix::from_code(prefix.code()), Some(prefix));
        }
        assert_eq!(Prefix::from_code("zz"), None);
    }
}
