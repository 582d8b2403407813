//! The seeded sandboxes: one per enrollment of an active organization, opened as the product opens
//! them (`environment.created`), holding [`PATIENTS_PER_SANDBOX`] Patients with their search index
//! (`environment.seeded`), and the message log of the traffic partners sent them.
//!
//! The index rows are written here, not by the FHIR engine (which needs R4 core's package): the
//! identifier, names, gender and birth date of each Patient, the values the engine would index
//! for those parameters.

use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::sandbox::{EnvironmentKind, ValidationPolicy};
use onramp_core::Role;
use onramp_store::platform::audit::{self, Change};
use onramp_store::sandbox::messages::{self, Message};
use onramp_store::sandbox::resources::{self, IndexRow, StoredResource};
use rand::Rng;

use super::names::{self, pick};
use super::registry::context_of;
use super::{Seeder, BATCH};
use crate::sandbox::services::environments;
use crate::web::error::AppError;

/// Patients loaded into each sandbox.
pub const PATIENTS_PER_SANDBOX: usize = 10;

/// Sandboxes for the enrollments of active organizations (one per organization), with their
/// Patients. Returns the sandboxes written.
pub async fn seed_sandboxes(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let mut seen = std::collections::HashSet::new();
    let chosen: Vec<(String, usize)> = seeder
        .enrollments
        .iter()
        .filter(|(_, index)| {
            seeder
                .organizations
                .get(*index)
                .is_some_and(|organization| organization.state == OrganizationState::Active)
        })
        .filter(|(_, index)| seen.insert(*index))
        .cloned()
        .collect();
    seeder.progress.start(
        "sandboxes and resources",
        u64::try_from(chosen.len()).unwrap_or(0),
    );
    let coordinator = seeder.staff_of(Role::OnboardingCoordinator)?.clone();
    let context = context_of(&coordinator, None);
    for chunk in chosen.chunks(BATCH / (3 + 2 * PATIENTS_PER_SANDBOX)) {
        let mut tx = seeder.state.store.begin().await?;
        for (enrollment_id, organization_index) in chunk {
            seeder.tick(60_000..600_000);
            let enrollment =
                onramp_store::tracks::enrollments::find(tx.conn(), enrollment_id).await?;
            let environment = environments::insert(
                &mut tx,
                &context,
                &enrollment,
                EnvironmentKind::Sandbox,
                "Sandbox",
                ValidationPolicy::Reject,
                None,
                Some(&coordinator.id),
            )
            .await?;
            for number in 0..PATIENTS_PER_SANDBOX {
                let (resource, index) = patient(seeder, number, tx.now_ms());
                resources::insert_version(&mut tx, &environment.id, &resource, &index).await?;
            }
            audit::append(
                &mut tx,
                &context,
                Change {
                    action: "environment.seeded",
                    entity_type: "environment",
                    entity_id: &environment.id,
                    organization_id: Some(&environment.organization_id),
                    summary: format!(
                        "test data loaded into `{}`: bench patients, {PATIENTS_PER_SANDBOX} resources",
                        environment.name
                    ),
                },
            )
            .await?;
            seeder
                .environments
                .push((environment.id, *organization_index));
        }
        tx.commit().await?;
        seeder
            .progress
            .advance(u64::try_from(chunk.len()).unwrap_or(0));
    }
    Ok(u64::try_from(chosen.len()).unwrap_or(u64::MAX))
}

/// A Patient and its index rows.
fn patient(seeder: &mut Seeder<'_>, number: usize, now_ms: i64) -> (StoredResource, Vec<IndexRow>) {
    let rng = &mut seeder.rng;
    let given = pick(rng, names::FIRST_NAMES, "Ada");
    let family = pick(rng, names::LAST_NAMES, "Lovelace");
    let gender = if rng.gen_bool(0.5) { "female" } else { "male" };
    let year: i16 = rng.gen_range(1940..2020);
    let month: i8 = rng.gen_range(1..=12);
    let day: i8 = rng.gen_range(1..=28);
    let birth_date = format!("{year:04}-{month:02}-{day:02}");
    let mrn = format!("MRN-{:08}", rng.gen_range(0..100_000_000));
    let id = format!("bench-patient-{number}");
    let body = serde_json::json!({
        "resourceType": "Patient",
        "id": id,
        "meta": {"versionId": "1"},
        "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.4242", "value": mrn}],
        "name": [{"family": family, "given": [given]}],
        "gender": gender,
        "birthDate": birth_date,
    });
    let low_ms = jiff::civil::Date::new(year, month, day)
        .ok()
        .and_then(|date| date.to_zoned(jiff::tz::TimeZone::UTC).ok())
        .map_or(0, |zoned| zoned.timestamp().as_millisecond());
    let string = |param: &str, value: &str| IndexRow::String {
        param: param.to_owned(),
        normalized: onramp_fhir::search::normalize_string(value),
        exact: value.to_owned(),
    };
    let index = vec![
        IndexRow::Token {
            param: "identifier".to_owned(),
            system: Some("urn:oid:2.16.840.1.113883.3.4242".to_owned()),
            code: Some(mrn.clone()),
            text: None,
        },
        IndexRow::Token {
            param: "gender".to_owned(),
            system: Some("http://hl7.org/fhir/administrative-gender".to_owned()),
            code: Some(gender.to_owned()),
            text: None,
        },
        string("family", family),
        string("given", given),
        string("name", family),
        string("name", given),
        IndexRow::Date {
            param: "birthdate".to_owned(),
            low_ms,
            high_ms: low_ms + 86_399_999,
        },
    ];
    let resource = StoredResource {
        resource_type: "Patient".to_owned(),
        id,
        version: 1,
        deleted: false,
        last_updated: now_ms,
        body: Some(body.to_string()),
    };
    (resource, index)
}

/// The message log: `--sandbox-messages` exchanges spread over the sandboxes, a few thousand per
/// transaction. Returns the messages written.
pub async fn seed_messages(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let total = seeder.options.sandbox_messages;
    seeder
        .progress
        .start("sandbox messages", u64::try_from(total).unwrap_or(0));
    if seeder.environments.is_empty() {
        return Ok(0);
    }
    let mut done = 0;
    while done < total {
        let end = (done + BATCH).min(total);
        let mut tx = seeder.state.store.begin().await?;
        for _ in done..end {
            seeder.tick(100..20_000);
            let message = message(seeder, tx.now_ms());
            messages::insert(&mut tx, &message).await?;
        }
        tx.commit().await?;
        seeder
            .progress
            .advance(u64::try_from(end - done).unwrap_or(0));
        done = end;
    }
    Ok(u64::try_from(total).unwrap_or(u64::MAX))
}

/// One exchange with a sandbox: a read, a search, a create or an update, mostly successful.
fn message(seeder: &mut Seeder<'_>, now_ms: i64) -> Message {
    let rng = &mut seeder.rng;
    let environment_index = rng.gen_range(0..seeder.environments.len());
    let (environment_id, organization_index) = seeder
        .environments
        .get(environment_index)
        .cloned()
        .unwrap_or_default();
    let organization_id = seeder
        .organizations
        .get(organization_index)
        .map(|organization| organization.id.clone())
        .unwrap_or_default();
    let patient = format!("bench-patient-{}", rng.gen_range(0..PATIENTS_PER_SANDBOX));
    let base = format!("/fhir/{environment_id}");
    let roll = rng.gen_range(0..100);
    let (method, url, interaction, resource_id, body) = match roll {
        0..=49 => (
            "GET",
            format!("{base}/Patient/{patient}"),
            "read",
            Some(patient),
            None,
        ),
        50..=79 => (
            "GET",
            format!(
                "{base}/Patient?family={}",
                pick(rng, names::LAST_NAMES, "Keller")
            ),
            "search-type",
            None,
            None,
        ),
        80..=91 => (
            "POST",
            format!("{base}/Patient"),
            "create",
            None,
            Some(r#"{"resourceType":"Patient","name":[{"family":"Example"}]}"#.to_owned()),
        ),
        _ => (
            "PUT",
            format!("{base}/Patient/{patient}"),
            "update",
            Some(patient.clone()),
            Some(format!(
                r#"{{"resourceType":"Patient","id":"{patient}","gender":"unknown"}}"#
            )),
        ),
    };
    let failed = rng.gen_bool(0.08);
    let status = match (interaction, failed) {
        (_, true) if body.is_some() => 422,
        (_, true) => 404,
        ("create", false) => 201,
        _ => 200,
    };
    let errors = if status == 422 {
        rng.gen_range(1..4)
    } else {
        0
    };
    Message {
        id: String::new(),
        environment_id,
        organization_id,
        client_id: None,
        received_at: now_ms,
        duration_us: rng.gen_range(800..120_000),
        method: method.to_owned(),
        url,
        interaction: interaction.to_owned(),
        resource_type: Some("Patient".to_owned()),
        resource_id,
        profiles: String::new(),
        request_headers: r#"{"accept":"application/fhir+json"}"#.to_owned(),
        request_body: body,
        status,
        response_body: None,
        outcome: None,
        errors,
        warnings: if rng.gen_bool(0.2) { 1 } else { 0 },
    }
}
