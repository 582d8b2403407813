//! The audit trail as FHIR R4 `AuditEvent` resources, for `onramp audit export --format fhir-ndjson`.

use onramp_store::platform::audit::AuditEvent;
use serde_json::{json, Value};

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
    }
}
