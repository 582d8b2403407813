//! The audit trail exported: as FHIR R4 `AuditEvent` resources ([`to_fhir`], for
//! `onramp audit export --format fhir-ndjson` and the page's NDJSON download) and as CSV rows
//! ([`to_csv_row`]); [`download`] streams the events a filter matches, in chain order, in either.

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use onramp_store::platform::audit::{self, AuditEvent, AuditFilter};
use onramp_store::StoreError;
use serde_json::{json, Value};

/// What an export file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportFormat {
    /// A header line, then one row per event.
    Csv,
    /// One FHIR R4 `AuditEvent` per line (`application/fhir+ndjson`).
    FhirNdjson,
}

impl ExportFormat {
    fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::FhirNdjson => "application/fhir+ndjson",
        }
    }

    fn content_disposition(self) -> &'static str {
        match self {
            ExportFormat::Csv => "attachment; filename=\"audit-events.csv\"",
            ExportFormat::FhirNdjson => "attachment; filename=\"audit-events.ndjson\"",
        }
    }

    /// One event as its line, newline included.
    fn line(self, event: &AuditEvent) -> String {
        match self {
            ExportFormat::Csv => to_csv_row(event),
            ExportFormat::FhirNdjson => format!("{}\n", to_fhir(event)),
        }
    }
}

/// The CSV columns, in order.
pub const CSV_COLUMNS: [&str; 13] = [
    "seq",
    "id",
    "at",
    "actor_id",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "organization_id",
    "summary",
    "request_id",
    "client_addr",
    "hash",
];

fn rfc3339(ms: i64) -> String {
    jiff::Timestamp::from_millisecond(ms)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default()
}

/// One event as a CSV row ([`CSV_COLUMNS`]), newline included.
pub fn to_csv_row(event: &AuditEvent) -> String {
    crate::web::csv::row(&[
        event.seq.to_string(),
        event.id.clone(),
        rfc3339(event.at),
        event.actor_id.clone().unwrap_or_default(),
        event.actor_label.clone(),
        event.action.clone(),
        event.entity_type.clone(),
        event.entity_id.clone(),
        event.organization_id.clone().unwrap_or_default(),
        event.summary.clone(),
        event.request_id.clone().unwrap_or_default(),
        event.client_addr.clone().unwrap_or_default(),
        event.hash.clone(),
    ])
}

/// How many events one read of an export takes.
const EXPORT_BATCH: i64 = 500;

/// Where a streaming export has got to.
struct ExportCursor {
    pool: sqlx::AnyPool,
    filter: AuditFilter,
    format: ExportFormat,
    after_seq: i64,
    header_pending: bool,
    done: bool,
}

/// Every event `filter` matches, oldest first, as a download in `format`. The body is streamed a
/// batch at a time (keyset paging on `seq`), so memory stays flat however long the trail; a
/// database failure midway is logged and ends the body early (a truncated download, never a
/// silently shortened one: the connection closes without the final chunk).
pub fn download(pool: &sqlx::AnyPool, filter: AuditFilter, format: ExportFormat) -> Response {
    let cursor = ExportCursor {
        pool: pool.clone(),
        filter,
        format,
        after_seq: i64::MIN,
        header_pending: format == ExportFormat::Csv,
        done: false,
    };
    let chunks = futures_util::stream::unfold(cursor, |mut cursor| async move {
        if cursor.done {
            return None;
        }
        let mut chunk = String::new();
        if cursor.header_pending {
            cursor.header_pending = false;
            chunk.push_str(&CSV_COLUMNS.join(","));
            chunk.push('\n');
        }
        let batch = audit::list_in_chain_order(
            &cursor.pool,
            &cursor.filter,
            cursor.after_seq,
            EXPORT_BATCH,
        )
        .await;
        match batch {
            Ok(events) => {
                cursor.done = events.len() < EXPORT_BATCH as usize;
                for event in &events {
                    chunk.push_str(&cursor.format.line(event));
                    cursor.after_seq = event.seq;
                }
                Some((Ok::<Bytes, StoreError>(Bytes::from(chunk)), cursor))
            }
            Err(error) => {
                tracing::error!(%error, "the audit export stopped");
                cursor.done = true;
                Some((Err(error), cursor))
            }
        }
    });
    (
        [
            (header::CONTENT_TYPE, format.content_type()),
            (header::CONTENT_DISPOSITION, format.content_disposition()),
        ],
        Body::from_stream(chunks),
    )
        .into_response()
}

/// The code system of Onramp's own actions (`user.created`, `session.created`, …).
pub const ACTION_SYSTEM: &str = "urn:onramp:audit-action";

/// The FHIR action code (Create, Read, Update, Delete, Execute) an Onramp action maps to.
fn fhir_action(action: &str) -> &'static str {
    let verb = action.rsplit('.').next().unwrap_or(action);
    match verb {
        "created" | "requested" => "C",
        "revoked" | "ended" | "deleted" => "D",
        "changed" | "enabled" | "disabled" | "reset" | "locked" | "enrolment_started" => "U",
        _ => "E",
    }
}

/// One event as an R4 `AuditEvent`.
pub fn to_fhir(event: &AuditEvent) -> Value {
    let recorded = jiff::Timestamp::from_millisecond(event.at)
        .map(|timestamp| timestamp.to_string())
        .unwrap_or_default();
    let failed = event.action.ends_with("failed");
    let mut who = json!({ "display": event.actor_label });
    if let (Some(actor_id), Some(who)) = (&event.actor_id, who.as_object_mut()) {
        who.insert(
            "identifier".to_owned(),
            json!({ "system": "urn:onramp:user", "value": actor_id }),
        );
    }
    let mut agent = json!({
        "type": {
            "coding": [{
                "system": "http://terminology.hl7.org/CodeSystem/extra-security-role-type",
                "code": "humanuser",
                "display": "human user"
            }]
        },
        "who": who,
        "requestor": true
    });
    if let (Some(address), Some(agent)) = (&event.client_addr, agent.as_object_mut()) {
        agent.insert(
            "network".to_owned(),
            json!({ "address": address, "type": "2" }),
        );
    }
    let mut entity = json!({
        "what": {
            "identifier": { "system": format!("urn:onramp:{}", event.entity_type), "value": event.entity_id }
        },
        "type": {
            "system": "urn:onramp:entity-type",
            "code": event.entity_type
        },
        "description": event.summary
    });
    if let (Some(organization_id), Some(entity)) = (&event.organization_id, entity.as_object_mut())
    {
        entity.insert(
            "detail".to_owned(),
            json!([{ "type": "organization", "valueString": organization_id }]),
        );
    }
    let mut entities = vec![entity];
    if let Some(request_id) = &event.request_id {
        entities.push(json!({
            "what": { "identifier": { "system": "urn:onramp:request", "value": request_id } },
            "description": "the HTTP request that made the change"
        }));
    }
    json!({
        "resourceType": "AuditEvent",
        "id": event.id,
        "meta": {
            "extension": [
                { "url": "urn:onramp:audit-chain-seq", "valueInteger": event.seq },
                { "url": "urn:onramp:audit-chain-hash", "valueString": event.hash },
                { "url": "urn:onramp:audit-chain-prev-hash", "valueString": event.prev_hash }
            ]
        },
        "type": {
            "system": "http://terminology.hl7.org/CodeSystem/audit-event-type",
            "code": "rest",
            "display": "RESTful Operation"
        },
        "subtype": [{ "system": ACTION_SYSTEM, "code": event.action }],
        "action": fhir_action(&event.action),
        "recorded": recorded,
        "outcome": if failed { "4" } else { "0" },
        "outcomeDesc": event.summary,
        "agent": [agent],
        "source": {
            "observer": { "display": "Onramp" },
            "type": [{
                "system": "http://terminology.hl7.org/CodeSystem/security-source-type",
                "code": "4",
                "display": "Application Server"
            }]
        },
        "entity": entities
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_becomes_an_audit_event_resource() {
        let event = AuditEvent {
            seq: 7,
            id: "e7".to_owned(),
            at: 1_790_000_000_000,
            actor_id: Some("u1".to_owned()),
            actor_label: "ada@example.org".to_owned(),
            action: "api_token.revoked".to_owned(),
            entity_type: "api_token".to_owned(),
            entity_id: "t1".to_owned(),
            organization_id: None,
            summary: "revoked API token".to_owned(),
            request_id: Some("r1".to_owned()),
            client_addr: Some("127.0.0.1".to_owned()),
            key_id: Some("0123456789abcdef".to_owned()),
            prev_hash: "00".to_owned(),
            hash: "ab".to_owned(),
        };
        let resource = to_fhir(&event);
        assert_eq!(resource["resourceType"], "AuditEvent");
        assert_eq!(resource["action"], "D");
        assert_eq!(resource["outcome"], "0");
        assert_eq!(resource["agent"][0]["who"]["identifier"]["value"], "u1");
        assert_eq!(resource["agent"][0]["network"]["address"], "127.0.0.1");
        assert_eq!(resource["subtype"][0]["code"], "api_token.revoked");
        assert!(resource["recorded"].as_str().unwrap().starts_with("2026-"));
        assert_eq!(resource["entity"].as_array().unwrap().len(), 2);
        let row = to_csv_row(&event);
        assert!(row.starts_with("\"7\",\"e7\",\"2026-"), "{row}");
        assert!(row.ends_with(",\"ab\"\n"), "{row}");
        assert_eq!(row.matches("\",\"").count(), CSV_COLUMNS.len() - 1);
    }
}
