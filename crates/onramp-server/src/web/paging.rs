//! Paging of lists: `page` counts from 1 and `per_page` is 1 to 200 (50 when absent), checked the
//! same way for every list that takes them.

use crate::web::error::FieldError;

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
