//! The demo's support desk: the partner-support group with its lead and on-call rotation, and
//! tickets in every state — a critical production problem whose first reply is breached (opened
//! 45 minutes before the demo began, linked to a gate), one waiting on the partner (its clock
//! paused), new, open with an internal note, on hold, solved and rated, and closed.

use onramp_store::support::tickets as stored;

use super::tracks::demo_actor;
use crate::state::AppState;
use crate::support::services::groups::{self, GroupInput, CATEGORIES};
use crate::support::services::tickets::{self, ReplyInput, TicketInput};
use crate::support::services::{sweep, targets};
use crate::web::actor::Actor;
use crate::web::error::AppError;

fn user_id(actor: &Actor) -> String {
    actor.user().map(|user| user.id.clone()).unwrap_or_default()
}

async fn open(
    state: &AppState,
    partner: &Actor,
    subject: &str,
    description: &str,
    severity: &str,
    category: &str,
) -> Result<String, AppError> {
    let links = tickets::link_choices(state, partner, None)
        .await?
        .into_iter()
        .filter(|target| category != "production" || target.kind == "gate")
        .take(1)
        .map(|target| format!("{}:{}", target.kind, target.id))
        .collect();
    let ticket = tickets::open(
        state,
        partner,
        &TicketInput {
            subject: subject.to_owned(),
            description: description.to_owned(),
            severity: severity.to_owned(),
            category: category.to_owned(),
            links,
            ..TicketInput::default()
        },
    )
    .await?;
    Ok(ticket.id)
}

async fn say(
    state: &AppState,
    actor: &Actor,
    id: &str,
    body: &str,
    internal: bool,
) -> Result<(), AppError> {
    tickets::reply(
        state,
        actor,
        id,
        &ReplyInput {
            body: body.to_owned(),
            internal,
            ..ReplyInput::default()
        },
    )
    .await?;
    Ok(())
}

/// Moves a ticket's history back by `minutes`, as if it was opened that long before the demo:
/// its opening, its targets' starts and due times (the sweep then finds what is overdue).
async fn backdate(state: &AppState, id: &str, minutes: i64) -> Result<(), AppError> {
    let shift = minutes * 60_000;
    let mut tx = state.store.begin().await?;
    sqlx::query(
        "UPDATE support_tickets SET opened_at = opened_at - $2, updated_at = updated_at - $2 \
         WHERE id = $1",
    )
    .bind(id)
    .bind(shift)
    .execute(tx.conn())
    .await
    .map_err(onramp_store::StoreError::from)?;
    sqlx::query(
        "UPDATE support_targets SET started_at = started_at - $2, due_at = due_at - $2, \
         next_check_at = next_check_at - $2 WHERE ticket_id = $1",
    )
    .bind(id)
    .bind(shift)
    .execute(tx.conn())
    .await
    .map_err(onramp_store::StoreError::from)?;
    targets::summarize(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn seed_support(state: &AppState) -> Result<(), AppError> {
    let (Ok(admin), Ok(agent), Ok(coordinator)) = (
        demo_actor(state, "admin@demo.onramp.test").await,
        demo_actor(state, "support@demo.onramp.test").await,
        demo_actor(state, "coordinator@demo.onramp.test").await,
    ) else {
        return Ok(());
    };
    groups::save(
        state,
        &admin,
        &GroupInput {
            key: "support".to_owned(),
            name: "Partner support".to_owned(),
            categories: CATEGORIES
                .iter()
                .map(|(key, _)| (*key).to_owned())
                .collect(),
            lead_id: user_id(&coordinator),
            members: vec![user_id(&agent), user_id(&coordinator)],
            rotation_hours: "168".to_owned(),
        },
    )
    .await?;
    let partner = |email: &'static str| async move { demo_actor(state, email).await };

    // Critical, production, linked to a gate: first reply breached; on call paged by the sweep.
    if let Ok(lakeside) = partner("dev@lakeside-health.test").await {
        let id = open(
            state,
            &lakeside,
            "Production ADT feed rejected since 09:00",
            "Every ADT^A01 we send to production since 09:00 is answered with **AE**. Admissions are not reaching the exchange.\n\nThe go-live gate still shows blocked.",
            "critical",
            "production",
        )
        .await?;
        backdate(state, &id, 45).await?;
    }
    // High, sandbox: staff asked for a trace; waiting on the partner (clock paused).
    if let Ok(northwind) = partner("dev@northwind-labs.test").await {
        let id = open(
            state,
            &northwind,
            "Sandbox answers 500 on Observation search by code",
            "`GET /Observation?code=http://loinc.org|2345-7` answers 500 about one time in three.",
            "high",
            "sandbox",
        )
        .await?;
        say(state, &agent, &id, "Thank you. Could you send the request id of one failing call (the `X-Request-Id` response header)?", false).await?;
        tickets::set_status(state, &agent, &id, "waiting_on_partner").await?;
    }
    // Normal, new: nobody has answered yet.
    if let Ok(harbor) = partner("dev@harbor-point.test").await {
        open(
            state,
            &harbor,
            "How do we rotate our client secret without downtime?",
            "Our sandbox client secret expires next month. What is the recommended rotation?",
            "normal",
            "credentials",
        )
        .await?;
    }
    // Normal, open: an internal note and a public reply, assigned.
    if let Ok(lakeside_admin) = partner("admin@lakeside-health.test").await {
        let id = open(
            state,
            &lakeside_admin,
            "Nurse certificate not listed on our coverage page",
            "Our nurse passed the curriculum yesterday but the coverage page still shows 0 certified.",
            "normal",
            "training",
        )
        .await?;
        tickets::assign(
            state,
            &agent,
            &id,
            "support",
            &user_id(&agent),
            "training coverage",
        )
        .await?;
        say(state, &agent, &id, "The certificate was issued after the report's last refresh; checking with the trainer.", true).await?;
        say(
            state,
            &agent,
            &id,
            "We are looking into it and will update you by tomorrow.",
            false,
        )
        .await?;
    }
    // Low, on hold.
    if let Ok(prairie) = partner("admin@prairie-publichealth.test").await {
        let id = open(
            state,
            &prairie,
            "Can we send ELR as HL7 v2 instead of FHIR?",
            "Our lab system only speaks HL7 v2.5.1 ORU^R01.",
            "low",
            "onboarding",
        )
        .await?;
        say(
            state,
            &agent,
            &id,
            "The program is deciding on v2 support this quarter; we will come back to you.",
            false,
        )
        .await?;
        tickets::set_status(state, &agent, &id, "on_hold").await?;
    }
    // Solved and rated; and one closed.
    if let Ok(cedar) = partner("it@cedar-ehr.test").await {
        let id = open(
            state,
            &cedar,
            "Where do we sign the data use agreement?",
            "We cannot find the agreement to sign.",
            "low",
            "onboarding",
        )
        .await?;
        say(
            state,
            &agent,
            &id,
            "It is under Agreements in your organization's menu.",
            false,
        )
        .await?;
        tickets::set_status(state, &agent, &id, "solved").await?;
        let token = onramp_store::new_id();
        let mut tx = state.store.begin().await?;
        stored::set_csat_token(&mut tx, &id, &crate::web::secret::sha256_hex(&token)).await?;
        tx.commit().await?;
        tickets::rate(state, &token, "5", "Quick and clear, thank you.").await?;
        let closed = open(
            state,
            &cedar,
            "Test ticket, please ignore",
            "Checking that the support desk works.",
            "low",
            "other",
        )
        .await?;
        say(state, &agent, &closed, "Received, closing it.", false).await?;
        tickets::set_status(state, &agent, &closed, "solved").await?;
        tickets::set_status(state, &agent, &closed, "closed").await?;
    }
    sweep::sweep(state).await?;
    Ok(())
}
