//! Literals (spec §3 and §4): escapes in strings, date/time literals and their offsets.

use super::{check, check_error};

#[test]
fn unicode_escapes_form_surrogate_pairs() {
    check("'\\u00e9'", &["é"]);
    check("'\\uD83D\\uDE00'", &["😀"]);
    check("'\\uD83D\\uDE00'.length()", &["1"]);
    check("'a\\u0062c'", &["abc"]);
    // A lone surrogate is no character.
    check_error("'\\uD83D'");
    check_error("'\\uDE00x'");
}

#[test]
fn date_time_offsets_beyond_fourteen_hours_are_refused() {
    check("@2017-01-01T10:00:00+14:00.exists()", &["true"]);
    check("@2017-01-01T10:00:00-14:00.exists()", &["true"]);
    check_error("@2017-01-01T10:00:00+14:30");
    check_error("@2017-01-01T10:00:00-15:00");
    check_error("@2017-01-01T10:00:00+10:60");
}
