//! Paging of lists: `page` counts from 1 and `per_page` is 1 to 200 (50 when absent), checked the
//! same way for every list that takes them; keyset cursors (`cursor`, the `next` link) name the
//! list and the key of the last row seen, opaque to clients (base64url).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use onramp_store::paging::{TimeKey, Total};

use crate::web::error::FieldError;

/// The opaque cursor that continues `list` after the row with this key.
pub fn encode_cursor(list: &str, key: &TimeKey) -> String {
    URL_SAFE_NO_PAD.encode(format!("{list}:{}:{}", key.at, key.id))
}

/// The key a cursor of `list` names; a field error on `cursor` when it is not one of this list's.
pub fn decode_cursor(list: &str, cursor: &str, fields: &mut Vec<FieldError>) -> Option<TimeKey> {
    let key = URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .and_then(|text| {
            let rest = text.strip_prefix(list)?.strip_prefix(':')?.to_owned();
            let (at, id) = rest.split_once(':')?;
            let at = at.parse::<i64>().ok()?;
            (!id.is_empty()).then(|| TimeKey {
                at,
                id: id.to_owned(),
            })
        });
    if key.is_none() {
        fields.push(FieldError::new(
            "cursor",
            "not a cursor of this list: use the `next` link of a previous page",
        ));
    }
    key
}

/// "1,234" or "more than 10,000": a total as a page states it.
pub fn total_text(total: Total) -> String {
    let digits = total.value().to_string();
    let mut grouped = String::new();
    for (position, digit) in digits.chars().enumerate() {
        if position > 0 && (digits.len() - position).is_multiple_of(3) && digit.is_ascii_digit() {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    if total.is_exact() {
        grouped
    } else {
        format!("more than {grouped}")
    }
}

/// Reads `page` and `per_page`, pushing a field error for each out of range; `items` names what is
/// listed in the message (`events`, `jobs`).
pub fn page_and_size(
    page: Option<i64>,
    per_page: Option<i64>,
    items: &str,
    fields: &mut Vec<FieldError>,
) -> (i64, i64) {
    let page = page.unwrap_or(1);
    if page < 1 {
        fields.push(FieldError::new("page", "pages start at 1"));
    }
    let per_page = per_page.unwrap_or(50);
    if !(1..=200).contains(&per_page) {
        fields.push(FieldError::new(
            "per_page",
            format!("between 1 and 200 {items} per page"),
        ));
    }
    (page, per_page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_belong_to_their_list() {
        let key = TimeKey {
            at: 1_764_800_000_123,
            id: "0b9c-org:with:colons".to_owned(),
        };
        let cursor = encode_cursor("organizations", &key);
        let mut fields = Vec::new();
        assert_eq!(
            decode_cursor("organizations", &cursor, &mut fields),
            Some(key.clone())
        );
        assert!(fields.is_empty());
        assert_eq!(decode_cursor("audit", &cursor, &mut fields), None);
        assert_eq!(
            decode_cursor("organizations", "not base64!", &mut fields),
            None
        );
        assert_eq!(fields.len(), 2);
        assert_eq!(fields[0].field, "cursor");
    }

    #[test]
    fn totals_are_grouped_and_capped_ones_say_so() {
        assert_eq!(total_text(Total::Exact(3)), "3");
        assert_eq!(total_text(Total::Exact(1234)), "1,234");
        assert_eq!(total_text(Total::AtLeast(10_000)), "more than 10,000");
    }

    #[test]
    fn defaults_and_bounds() {
        let mut fields = Vec::new();
        assert_eq!(page_and_size(None, None, "jobs", &mut fields), (1, 50));
        assert!(fields.is_empty());
        page_and_size(Some(0), Some(201), "jobs", &mut fields);
        let named: Vec<&str> = fields.iter().map(|error| error.field.as_str()).collect();
        assert_eq!(named, ["page", "per_page"]);
        assert_eq!(fields[1].message, "between 1 and 200 jobs per page");
    }
}
