//! Conditional references (`Patient?identifier=http://x|1`, as a transaction may hold): the query
//! must be a list of `name=value` search parameters joined by `&`.

use crate::validate::issue::IssueType;
use crate::validate::walk::{Item, Walk};

/// Whether the reference is a resource type followed by a query.
pub(super) fn is_conditional(walk: &Walk<'_>, reference: &str) -> bool {
    reference
        .split_once('?')
        .is_some_and(|(type_name, _)| walk.defs.model().is_resource(type_name))
}

pub(super) fn check(walk: &mut Walk<'_>, item: &Item<'_>, reference: &str) {
    let Some((_, query)) = reference.split_once('?') else {
        return;
    };
    if !well_formed_query(query) {
        walk.sink.error(
            IssueType::Invalid,
            "reference.query_invalid",
            &item.path,
            item.pos,
            format!("The query part of the conditional reference is not a valid query string ({reference})"),
        );
    }
}

/// `name=value(&name=value)*`, a name being a letter or `_` then letters, digits or `_`, and a
/// value any text without `=` or `&`.
fn well_formed_query(query: &str) -> bool {
    query.split('&').all(|parameter| {
        let Some((name, value)) = parameter.split_once('=') else {
            return false;
        };
        let mut letters = name.chars();
        let starts_well = letters
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_');
        starts_well
            && letters.all(|c| c.is_ascii_alphanumeric() || c == '_')
            && !value.contains('=')
    })
}

#[cfg(test)]
mod tests {
    use super::well_formed_query;

    #[test]
    fn a_query_is_name_value_pairs() {
        assert!(well_formed_query("identifier=http://x|1"));
        assert!(well_formed_query("name=a&_id="));
        assert!(!well_formed_query(""));
        assert!(!well_formed_query("identifier"));
        assert!(!well_formed_query("1name=x"));
        assert!(!well_formed_query("a=b=c"));
        assert!(!well_formed_query("a=b&"));
    }
}
