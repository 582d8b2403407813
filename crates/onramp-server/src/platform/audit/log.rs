//! Reading the audit trail: the filters people type, parsed into a store query.

use onramp_store::platform::audit::{self, AuditFilter, AuditPage};
use serde::Deserialize;

use crate::state::AppState;
use crate::web::error::{AppError, FieldError};

/// The filters of the audit page and of `GET /api/v1/audit-events`, as typed.
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// The actor's email or user id.
    pub actor: Option<String>,
    /// `user`, `organization`, `api_token`, …
    pub entity_type: Option<String>,
    pub entity_id: Option<String>,
    pub organization_id: Option<String>,
    /// First day included, `YYYY-MM-DD` (UTC).
    pub from: Option<String>,
    /// Last day included, `YYYY-MM-DD` (UTC).
    pub until: Option<String>,
    /// 1-based page number.
    pub page: Option<i64>,
    /// Events per page, 1 to 200 (default 50).
    pub per_page: Option<i64>,
}

/// A parsed query: the store filter and the paging.
#[derive(Clone, Debug)]
pub struct ParsedAuditQuery {
    pub filter: AuditFilter,
    pub page: i64,
    pub per_page: i64,
}

fn non_empty(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned)
}

fn day_start_ms(field: &str, text: &str) -> Result<i64, FieldError> {
    text.parse::<jiff::civil::Date>()
        .ok()
        .and_then(|date| date.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map(|zoned| zoned.timestamp().as_millisecond())
        .ok_or_else(|| FieldError::new(field, "a date looks like 2026-11-22"))
}

impl AuditQuery {
    pub fn parse(&self) -> Result<ParsedAuditQuery, AppError> {
        let mut fields = Vec::new();
        let from_ms = non_empty(&self.from).and_then(|text| {
            day_start_ms("from", &text)
                .map_err(|error| fields.push(error))
                .ok()
        });
        let until_ms = non_empty(&self.until).and_then(|text| {
            day_start_ms("until", &text)
                .map(|start| start + 86_400_000)
                .map_err(|error| fields.push(error))
                .ok()
        });
        if let (Some(from_ms), Some(until_ms)) = (from_ms, until_ms) {
            if until_ms <= from_ms {
                fields.push(FieldError::new(
                    "until",
                    "the last day comes before the first",
                ));
            }
        }
        let (page, per_page) =
            crate::web::paging::page_and_size(self.page, self.per_page, "events", &mut fields);
        if !fields.is_empty() {
            return Err(AppError::validation(fields));
        }
        Ok(ParsedAuditQuery {
            filter: AuditFilter {
                actor: non_empty(&self.actor),
                entity_type: non_empty(&self.entity_type),
                entity_id: non_empty(&self.entity_id),
                organization_id: non_empty(&self.organization_id),
                from_ms,
                until_ms,
            },
            page,
            per_page,
        })
    }
}

/// One page of events.
pub async fn list(state: &AppState, query: &ParsedAuditQuery) -> Result<AuditPage, AppError> {
    Ok(audit::list(
        state.store.pool(),
        &query.filter,
        query.per_page,
        (query.page - 1) * query.per_page,
    )
    .await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_an_inclusive_day_range() {
        let parsed = AuditQuery {
            from: Some("2026-11-01".to_owned()),
            until: Some("2026-11-01".to_owned()),
            ..AuditQuery::default()
        }
        .parse()
        .unwrap();
        assert_eq!(
            parsed.filter.until_ms.unwrap() - parsed.filter.from_ms.unwrap(),
            86_400_000
        );
    }

    #[test]
    fn bad_dates_and_paging_are_field_errors() {
        let error = AuditQuery {
            from: Some("yesterday".to_owned()),
            page: Some(0),
            ..AuditQuery::default()
        }
        .parse()
        .unwrap_err();
        let AppError::Validation { fields, .. } = error else {
            panic!("expected a validation error");
        };
        let names: Vec<_> = fields.iter().map(|field| field.field.as_str()).collect();
        assert_eq!(names, ["from", "page"]);
    }
}
