//! One change of an enrollment on record: its audit event, and — when partners' systems should
//! hear of it — the outbox event of the same name, whose data always carries the enrollment's id
//! and track.

use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::tracks::enrollments::Enrollment;
use onramp_store::Tx;

use crate::platform::outbox::{emit, Event};
use crate::web::error::AppError;

/// Appends the audit event `action` about `enrollment`, and emits the event `action` with
/// `event` as its data when there is one.
pub async fn record_change(
    tx: &mut Tx,
    context: &AuditContext,
    enrollment: &Enrollment,
    action: &'static str,
    summary: String,
    event: Option<serde_json::Value>,
) -> Result<(), AppError> {
    audit::append(
        tx,
        context,
        Change {
            action,
            entity_type: "enrollment",
            entity_id: &enrollment.id,
            organization_id: Some(&enrollment.organization_id),
            summary,
        },
    )
    .await?;
    if let Some(mut data) = event {
        if let Some(object) = data.as_object_mut() {
            object.insert("enrollment_id".to_owned(), enrollment.id.clone().into());
            object.insert("track".to_owned(), enrollment.track_key.clone().into());
        }
        let now = tx.now_ms();
        emit(
            tx,
            now,
            Event {
                event_type: action,
                organization_id: Some(&enrollment.organization_id),
                data,
            },
        )
        .await?;
    }
    Ok(())
}
