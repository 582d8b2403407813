//! The seeded registry: staff of every role, published agreement templates, organizations in every
//! state and tier (identifiers, evidence, a document now and then, the transitions that brought
//! them there, signed agreements and the tier that follows), their users, and learners with a job
//! role and an assigned course.

use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::lifecycle::{Action, OrganizationState};
use onramp_core::registry::partner::Identifier;
use onramp_core::{Email, Role};
use onramp_store::accounts::users::{self, NewUser};
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::registry::agreements::{self, NewSignature, Template};
use onramp_store::registry::documents::{self, NewDocument};
use onramp_store::registry::{self, evidence, NewApplication};
use onramp_store::training::learners;
use onramp_store::Tx;
use rand::Rng;

use super::names::{self, pick};
use super::{SeededOrganization, SeededUser, Seeder, BATCH};
use crate::registry::services::{render, tiers};
use crate::web::error::AppError;

const STAFF: &[(Role, &str, &str)] = &[
    (Role::ProgramAdmin, "admin@bench.onramp.test", "Pat Admin"),
    (
        Role::OnboardingCoordinator,
        "coordinator@bench.onramp.test",
        "Casey Coordinator",
    ),
    (
        Role::ConformanceAnalyst,
        "analyst@bench.onramp.test",
        "Alex Analyst",
    ),
    (
        Role::SupportAgent,
        "support@bench.onramp.test",
        "Sam Support",
    ),
    (Role::Trainer, "trainer@bench.onramp.test", "Terry Trainer"),
];

/// A one-page PDF, standing in for a scanned licence.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The audit context of a seeded user acting.
pub(crate) fn context_of(user: &SeededUser, client_addr: Option<String>) -> AuditContext {
    AuditContext {
        actor_id: Some(user.id.clone()),
        actor_label: user.email.clone(),
        request_id: None,
        client_addr,
    }
}

/// A user with the shared password hash and their `user.created` event.
async fn insert_user(
    tx: &mut Tx,
    context: &AuditContext,
    password_hash: &str,
    email: &str,
    name: &str,
    role: Role,
    organization_id: Option<&str>,
) -> Result<SeededUser, AppError> {
    let email = Email::parse(email).map_err(|error| AppError::Internal(error.to_string()))?;
    let user = users::insert(
        tx,
        &NewUser {
            email: &email,
            name,
            password_hash: Some(password_hash),
            role,
            organization_id,
        },
    )
    .await?;
    audit::append(
        tx,
        context,
        Change {
            action: "user.created",
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("created {} as {}", user.email, user.role.label()),
        },
    )
    .await?;
    Ok(SeededUser {
        id: user.id,
        email: user.email,
        role,
        organization_id: user.organization_id,
    })
}

/// Staff of every role, and a published template of every agreement kind. Returns the rows.
pub async fn seed_staff_and_agreements(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    seeder.progress.start("staff and agreements", 2);
    let context = AuditContext::cli();
    let mut tx = seeder.state.store.begin().await?;
    for (role, email, name) in STAFF {
        let user = insert_user(
            &mut tx,
            &context,
            &seeder.password_hash,
            email,
            name,
            *role,
            None,
        )
        .await?;
        seeder.staff.push(user);
    }
    seeder.progress.advance(1);
    let admin = context_of(seeder.staff_of(Role::ProgramAdmin)?, None);
    for kind in AgreementKind::ALL {
        let template = agreements::insert_draft(
            &mut tx,
            kind.as_str(),
            kind.label(),
            &format!(
                "# {}\n\nThe partner **agrees** to the exchange's policies for this agreement.\n\n- Test in the sandbox before sending production data.\n- Keep patient data safe and report incidents within 24 hours.\n",
                kind.label()
            ),
        )
        .await?;
        agreements::publish(&mut tx, &template.id, kind.as_str(), None).await?;
        audit::append(
            &mut tx,
            &admin,
            Change {
                action: "agreement.published",
                entity_type: "agreement_template",
                entity_id: &template.id,
                organization_id: None,
                summary: format!("published {} version {}", kind.as_str(), template.version),
            },
        )
        .await?;
    }
    tx.commit().await?;
    seeder.progress.advance(1);
    Ok(u64::try_from(STAFF.len() + AgreementKind::ALL.len()).unwrap_or(u64::MAX))
}

/// The state an organization ends in: about 12% applied, 10% under review, 60% active, 8%
/// suspended, 10% retired.
fn final_state(rng: &mut impl Rng) -> OrganizationState {
    match rng.gen_range(0..100) {
        0..=11 => OrganizationState::Applied,
        12..=21 => OrganizationState::UnderReview,
        22..=81 => OrganizationState::Active,
        82..=89 => OrganizationState::Suspended,
        _ => OrganizationState::Retired,
    }
}

/// Templates to sign: (participation, collaboration MOU).
fn templates(all: Vec<Template>) -> (Option<Template>, Option<Template>) {
    let mut participation = None;
    let mut mou = None;
    for template in all
        .into_iter()
        .filter(|template| template.state == "published")
    {
        if template.kind == AgreementKind::Participation.as_str() {
            participation = Some(template);
        } else if template.kind == AgreementKind::CollaborationMou.as_str() {
            mou = Some(template);
        }
    }
    (participation, mou)
}

/// Organizations with their users, evidence, transitions, signatures and tiers, a few hundred per
/// transaction. Returns the organizations written.
pub async fn seed_organizations(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let total = seeder.options.organizations;
    seeder
        .progress
        .start("organizations and users", u64::try_from(total).unwrap_or(0));
    let (participation, mou) = templates(agreements::list(seeder.state.store.pool()).await?);
    let reviewer = context_of(seeder.staff_of(Role::OnboardingCoordinator)?, None);
    let admin = context_of(seeder.staff_of(Role::ProgramAdmin)?, None);
    let per_tx = (BATCH / (8 + 3 * seeder.options.users_per_org)).max(1);
    let mut name_counts = std::collections::HashMap::<String, usize>::new();
    let mut done = 0;
    while done < total {
        let mut tx = seeder.state.store.begin().await?;
        let end = (done + per_tx).min(total);
        for _ in done..end {
            seed_one(
                seeder,
                &mut tx,
                &mut name_counts,
                &reviewer,
                &admin,
                (participation.as_ref(), mou.as_ref()),
            )
            .await?;
        }
        tx.commit().await?;
        seeder
            .progress
            .advance(u64::try_from(end - done).unwrap_or(0));
        done = end;
    }
    Ok(u64::try_from(total).unwrap_or(u64::MAX))
}

async fn seed_one(
    seeder: &mut Seeder<'_>,
    tx: &mut Tx,
    name_counts: &mut std::collections::HashMap<String, usize>,
    reviewer: &AuditContext,
    admin: &AuditContext,
    (participation, mou): (Option<&Template>, Option<&Template>),
) -> Result<(), AppError> {
    seeder.tick(120_000..720_000);
    let rng = &mut seeder.rng;
    let place = pick(rng, names::PLACES, "Lakeside");
    let kind_index = rng.gen_range(0..names::KINDS.len());
    let (category, org_type, ending, use_case) = names::KINDS.get(kind_index).copied().unwrap_or((
        "healthcare_organization",
        "health_system",
        "Health",
        "",
    ));
    let (country, regions) = names::COUNTRIES
        .get(usize::from(rng.gen_bool(0.2)))
        .copied()
        .unwrap_or(("US", &["Ohio"] as &[&str]));
    let region = pick(rng, regions, "Ohio");
    let base = format!("{place} {ending}");
    let count = name_counts.entry(base.clone()).or_insert(0);
    *count += 1;
    let name = if *count == 1 {
        base
    } else {
        format!("{base} {count}")
    };
    let domain = format!("{}.test", names::slug(&name));
    let first = pick(rng, names::FIRST_NAMES, "Ada");
    let last = pick(rng, names::LAST_NAMES, "Lovelace");
    let contact_email = format!("{}.{}@{domain}", names::slug(first), names::slug(last));
    let mut identifiers = vec![Identifier {
        system: "NPI".to_owned(),
        value: names::npi(rng),
    }];
    if org_type == "laboratory" {
        identifiers.push(Identifier {
            system: "CLIA".to_owned(),
            value: format!(
                "{:02}D{:07}",
                rng.gen_range(1..60),
                rng.gen_range(0..10_000_000)
            ),
        });
    }
    let state = final_state(rng);
    let size_band = pick(rng, names::SIZE_BANDS, "51-500");
    let timeline = pick(rng, names::TIMELINES, "Live within a year");
    let directory_opt_in = rng.gen_bool(0.7);
    let client_addr = format!("198.51.100.{}", rng.gen_range(1..255));
    let dns_token = onramp_store::new_id();
    let profile = registry::insert_application(
        tx,
        &NewApplication {
            name: &name,
            category,
            org_type,
            size_band,
            country,
            region,
            web_domain: &domain,
            use_case,
            timeline,
            contact_name: &format!("{first} {last}"),
            contact_email: &contact_email,
            directory_opt_in,
            dns_token: &dns_token,
            identifiers: &identifiers,
        },
    )
    .await?;
    let applicant = AuditContext {
        actor_id: None,
        actor_label: "anonymous".to_owned(),
        request_id: None,
        client_addr: Some(client_addr.clone()),
    };
    audit::append(
        tx,
        &applicant,
        Change {
            action: "organization.applied",
            entity_type: "organization",
            entity_id: &profile.id,
            organization_id: Some(&profile.id),
            summary: format!(
                "{name} applied ({category}, {domain}, {country}); 0 likely duplicate(s)"
            ),
        },
    )
    .await?;

    // The contact first (the partner admin), then developers and members.
    let first_user = seeder.users.len();
    for index in 0..seeder.options.users_per_org {
        let (email, person, role) = if index == 0 {
            (
                contact_email.clone(),
                format!("{first} {last}"),
                Role::PartnerAdmin,
            )
        } else {
            let first = pick(&mut seeder.rng, names::FIRST_NAMES, "Ada");
            let last = pick(&mut seeder.rng, names::LAST_NAMES, "Lovelace");
            let role = if index == 1 {
                Role::PartnerDeveloper
            } else {
                Role::PartnerMember
            };
            (
                format!(
                    "{}.{}{index}@{domain}",
                    names::slug(first),
                    names::slug(last)
                ),
                format!("{first} {last}"),
                role,
            )
        };
        let user = insert_user(
            tx,
            reviewer,
            &seeder.password_hash,
            &email,
            &person,
            role,
            Some(&profile.id),
        )
        .await?;
        seeder.users.push(user);
    }
    let users = first_user..seeder.users.len();

    // Evidence: most have the email domain; many a DNS record (some failing), some an identifier check.
    let mut evidence_rows: Vec<(&str, bool, String)> = vec![(
        "email_domain",
        true,
        format!("contact {contact_email} is at the web domain {domain}; email confirmed"),
    )];
    if seeder.rng.gen_bool(0.6) {
        let passed = seeder.rng.gen_bool(0.8);
        evidence_rows.push((
            "dns_txt",
            passed,
            if passed {
                format!("TXT onramp-verification=… found at {domain}")
            } else {
                format!("no TXT record with the token at {domain}")
            },
        ));
    }
    if seeder.rng.gen_bool(0.3) {
        evidence_rows.push((
            "identifier",
            true,
            "NPI checked by the reviewer: listed in NPPES".to_owned(),
        ));
    }
    let with_document = state == OrganizationState::UnderReview && seeder.rng.gen_bool(0.3);
    if with_document {
        let document = documents::insert(
            tx,
            &applicant,
            NewDocument {
                organization_id: &profile.id,
                filename: "licence.pdf",
                content_type: "application/pdf",
                content: PDF,
            },
        )
        .await?;
        evidence::insert(
            tx,
            reviewer,
            &profile.id,
            "document",
            true,
            "licence scan reviewed",
            Some(&document.id),
        )
        .await?;
    }
    for (kind, passed, detail) in &evidence_rows {
        seeder.tick(10_000..120_000);
        let recorded =
            evidence::insert(tx, reviewer, &profile.id, kind, *passed, detail, None).await?;
        audit::append(
            tx,
            reviewer,
            Change {
                action: "organization.evidence_recorded",
                entity_type: "organization",
                entity_id: &profile.id,
                organization_id: Some(&profile.id),
                summary: format!(
                    "{name}: {kind} evidence {} ({})",
                    if *passed { "passed" } else { "failed" },
                    recorded.id
                ),
            },
        )
        .await?;
    }

    // The transitions to the final state; signatures while active.
    let rejected = state == OrganizationState::Retired && seeder.rng.gen_bool(0.5);
    let mut path = vec![Action::StartReview];
    match state {
        OrganizationState::Applied => path.clear(),
        OrganizationState::UnderReview => {}
        OrganizationState::Retired if rejected => path.push(Action::Reject),
        OrganizationState::Active => path.push(Action::Approve),
        OrganizationState::Suspended => path.extend([Action::Approve, Action::Suspend]),
        OrganizationState::Retired => path.extend([Action::Approve, Action::Retire]),
    }
    let mut from = OrganizationState::Applied;
    for action in path {
        seeder.tick(120_000..1_200_000);
        let to = match action {
            Action::StartReview => OrganizationState::UnderReview,
            Action::Approve => OrganizationState::Active,
            Action::Suspend => OrganizationState::Suspended,
            _ => OrganizationState::Retired,
        };
        let context = if matches!(action, Action::Suspend | Action::Retire) {
            admin
        } else {
            reviewer
        };
        let reason = match action {
            Action::StartReview => "taking the application into review",
            Action::Approve => "evidence checked; approved",
            Action::Reject => "not a health care organization we can serve",
            Action::Suspend => "security incident under investigation",
            _ => "left the exchange",
        };
        registry::set_state(tx, &profile.id, from, to).await?;
        evidence::insert_transition(
            tx,
            context,
            &profile.id,
            action.as_str(),
            from.as_str(),
            to.as_str(),
            reason,
        )
        .await?;
        audit::append(
            tx,
            context,
            Change {
                action: "organization.transition",
                entity_type: "organization",
                entity_id: &profile.id,
                organization_id: Some(&profile.id),
                summary: format!(
                    "{name}: {} ({} → {}): {reason}",
                    action.as_str(),
                    from.as_str(),
                    to.as_str()
                ),
            },
        )
        .await?;
        from = to;
        if action == Action::Approve {
            let signer = seeder.users.get(users.start).cloned();
            if let (Some(signer), Some(template)) = (signer, participation) {
                if seeder.rng.gen_bool(0.9) {
                    sign(seeder, tx, &signer, &name, &profile.id, template).await?;
                    if let Some(mou) = mou.filter(|_| seeder.rng.gen_bool(0.25)) {
                        sign(seeder, tx, &signer, &name, &profile.id, mou).await?;
                        if seeder.rng.gen_bool(0.5) {
                            let now = tx.now_ms();
                            registry::set_collaborative_approved(tx, &profile.id, Some(now))
                                .await?;
                        }
                    }
                }
            }
        }
        tiers::recompute(tx, context, &profile.id).await?;
    }
    seeder.organizations.push(SeededOrganization {
        id: profile.id,
        state,
        country,
        users,
    });
    Ok(())
}

/// The signer signs the template for the organization, with its `agreement.signed` event.
async fn sign(
    seeder: &mut Seeder<'_>,
    tx: &mut Tx,
    signer: &SeededUser,
    organization: &str,
    organization_id: &str,
    template: &Template,
) -> Result<(), AppError> {
    seeder.tick(60_000..600_000);
    let signer_name = signer
        .email
        .split('@')
        .next()
        .unwrap_or("partner admin")
        .replace('.', " ");
    let signer_title = "Chief Information Officer";
    let signed_at = jiff::Timestamp::from_millisecond(tx.now_ms())
        .map(|at| at.to_string())
        .unwrap_or_default();
    let signed_html = render::signed_document(
        &template.title,
        template
            .kind
            .parse::<AgreementKind>()
            .map_or("Agreement", |kind| kind.label()),
        template.version,
        &template.body_markdown,
        &render::SignatureBlock {
            organization,
            signer_name: &signer_name,
            signer_title,
            signed_at: &signed_at,
        },
    );
    let text_sha256 = render::sha256_hex(&signed_html);
    let client_addr = format!("203.0.113.{}", seeder.rng.gen_range(1..255));
    let signature = agreements::insert_signature(
        tx,
        &NewSignature {
            template_id: &template.id,
            organization_id,
            signer_id: &signer.id,
            signer_name: &signer_name,
            signer_title,
            client_addr: Some(&client_addr),
            user_agent: Some("Mozilla/5.0 (bench seed)"),
            text_sha256: &text_sha256,
            signed_html: &signed_html,
        },
    )
    .await?;
    audit::append(
        tx,
        &context_of(signer, Some(client_addr)),
        Change {
            action: "agreement.signed",
            entity_type: "agreement_signature",
            entity_id: &signature.id,
            organization_id: Some(organization_id),
            summary: format!(
                "{signer_name} ({signer_title}) signed {} version {} for {organization}; sha256 {text_sha256}",
                template.kind, template.version
            ),
        },
    )
    .await?;
    Ok(())
}

/// Learners: about half of the partner users get a job role and its course assigned by the
/// trainer. Returns the learners written.
pub async fn seed_learners(seeder: &mut Seeder<'_>) -> Result<u64, AppError> {
    let trainer = seeder.staff_of(Role::Trainer)?.clone();
    let context = context_of(&trainer, None);
    let chosen: Vec<SeededUser> = {
        let users = seeder.users.clone();
        users
            .into_iter()
            .filter(|_| seeder.rng.gen_bool(0.5))
            .collect()
    };
    seeder
        .progress
        .start("learners", u64::try_from(chosen.len()).unwrap_or(0));
    for chunk in chosen.chunks(BATCH / 4) {
        let mut tx = seeder.state.store.begin().await?;
        for user in chunk {
            seeder.tick(1_000..120_000);
            let Some(organization_id) = user.organization_id.as_deref() else {
                continue;
            };
            let index = seeder.rng.gen_range(0..names::JOB_ROLES.len());
            let (job_role, course) = names::JOB_ROLES
                .get(index)
                .copied()
                .unwrap_or(("other", "fhir-fundamentals"));
            learners::set_job_role(&mut tx, organization_id, &user.id, job_role).await?;
            audit::append(
                &mut tx,
                &context,
                Change {
                    action: "training.job_role_set",
                    entity_type: "user",
                    entity_id: &user.id,
                    organization_id: Some(organization_id),
                    summary: format!("{} is now {job_role}", user.email),
                },
            )
            .await?;
            let due = tx.now_ms() + 30 * 86_400_000;
            learners::assign(
                &mut tx,
                organization_id,
                &user.id,
                course,
                Some(&trainer.id),
                Some(due),
            )
            .await?;
            audit::append(
                &mut tx,
                &context,
                Change {
                    action: "training.course_assigned",
                    entity_type: "user",
                    entity_id: &user.id,
                    organization_id: Some(organization_id),
                    summary: format!("{course} assigned to {}", user.email),
                },
            )
            .await?;
        }
        tx.commit().await?;
        seeder
            .progress
            .advance(u64::try_from(chunk.len()).unwrap_or(0));
    }
    Ok(u64::try_from(chosen.len()).unwrap_or(u64::MAX))
}
