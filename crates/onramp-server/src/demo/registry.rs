//! The demo's partner registry: published agreement templates of every kind, and applicants in
//! different lifecycle states and tiers — two waiting in the queue with evidence (one with an
//! uploaded document), one active and registered having signed, one suspended.

use onramp_core::registry::agreement::AgreementKind;
use onramp_core::registry::lifecycle::OrganizationState;
use onramp_core::registry::partner::Identifier;
use onramp_core::Email;
use onramp_store::platform::audit::{self, AuditContext, Change};
use onramp_store::registry::agreements::{self, NewSignature};
use onramp_store::registry::documents::{self, NewDocument};
use onramp_store::registry::{self, NewApplication};
use onramp_store::{accounts::users, registry::evidence, Store};

use crate::registry::services::{render, tiers};
use crate::web::error::AppError;

struct DemoOrganization {
    name: &'static str,
    category: &'static str,
    org_type: &'static str,
    country: &'static str,
    region: &'static str,
    domain: &'static str,
    use_case: &'static str,
    contact: &'static str,
    state: OrganizationState,
    /// (kind, passed, detail)
    evidence: &'static [(&'static str, bool, &'static str)],
    /// Uploads a small PDF (a licence scan stand-in) when set.
    document: bool,
}

const ORGANIZATIONS: &[DemoOrganization] = &[
    DemoOrganization {
        name: "Lakeside Health System",
        category: "healthcare_organization",
        org_type: "health_system",
        country: "US",
        region: "Ohio",
        domain: "lakeside-health.test",
        use_case: "Send lab results and discharge summaries to the exchange",
        contact: "admin@lakeside-health.test",
        state: OrganizationState::Active,
        evidence: &[
            ("email_domain", true, "contact admin@lakeside-health.test is at the web domain lakeside-health.test; email confirmed"),
            ("dns_txt", true, "TXT onramp-verification=… found at lakeside-health.test"),
        ],
        document: false,
    },
    DemoOrganization {
        name: "Northwind Labs",
        category: "healthcare_organization",
        org_type: "laboratory",
        country: "US",
        region: "Minnesota",
        domain: "northwind-labs.test",
        use_case: "Report lab results electronically (ELR)",
        contact: "admin@northwind-labs.test",
        state: OrganizationState::UnderReview,
        evidence: &[
            ("email_domain", true, "contact admin@northwind-labs.test is at the web domain northwind-labs.test; email confirmed"),
            ("dns_txt", false, "no TXT record with the token at northwind-labs.test (1 other verification record(s))"),
        ],
        document: true,
    },
    DemoOrganization {
        name: "Prairie County Public Health",
        category: "government_agency",
        org_type: "public_health_department",
        country: "US",
        region: "Kansas",
        domain: "prairie-publichealth.test",
        use_case: "Receive immunization and case reports",
        contact: "admin@prairie-publichealth.test",
        state: OrganizationState::Applied,
        evidence: &[(
            "identifier",
            true,
            "OID 2.16.840.1.113883.3.1234 checked by the reviewer: listed in the state registry",
        )],
        document: false,
    },
    DemoOrganization {
        name: "Harbor Point Clinic",
        category: "healthcare_organization",
        org_type: "specialty_clinic",
        country: "US",
        region: "Maine",
        domain: "harbor-point.test",
        use_case: "Send patient summaries to the exchange's FHIR API",
        contact: "admin@harbor-point.test",
        state: OrganizationState::Active,
        evidence: &[
            ("email_domain", true, "contact admin@harbor-point.test is at the web domain harbor-point.test; email confirmed"),
            ("dns_txt", true, "TXT onramp-verification=… found at harbor-point.test"),
        ],
        document: false,
    },
    DemoOrganization {
        name: "Cedar EHR Systems",
        category: "technology_vendor",
        org_type: "ehr_vendor",
        country: "CA",
        region: "Ontario",
        domain: "cedar-ehr.test",
        use_case: "Certify our EHR's FHIR interface",
        contact: "it@cedar-ehr.test",
        state: OrganizationState::Suspended,
        evidence: &[("dns_txt", true, "TXT onramp-verification=… found at cedar-ehr.test")],
        document: false,
    },
];

/// A one-page PDF, standing in for a scanned licence.
const DEMO_PDF: &[u8] = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// The organizations, before the demo users are created (who then join them by name).
pub async fn seed_organizations(store: &Store) -> Result<(), AppError> {
    let context = AuditContext::system();
    for demo in ORGANIZATIONS {
        let mut tx = store.begin().await?;
        let profile = registry::insert_application(
            &mut tx,
            &NewApplication {
                name: demo.name,
                category: demo.category,
                org_type: demo.org_type,
                size_band: "51-500",
                country: demo.country,
                region: demo.region,
                web_domain: demo.domain,
                use_case: demo.use_case,
                timeline: "Live within a year",
                contact_name: "Demo Contact",
                contact_email: demo.contact,
                directory_opt_in: true,
                dns_token: &onramp_store::new_id(),
                identifiers: &[Identifier {
                    system: "NPI".to_owned(),
                    value: "1234567893".to_owned(),
                }],
            },
        )
        .await?;
        let document_id = if demo.document {
            let document = documents::insert(
                &mut tx,
                &context,
                NewDocument {
                    organization_id: &profile.id,
                    filename: "clia-certificate.pdf",
                    content_type: "application/pdf",
                    content: DEMO_PDF,
                },
            )
            .await?;
            Some(document.id)
        } else {
            None
        };
        for (kind, passed, detail) in demo.evidence {
            evidence::insert(&mut tx, &context, &profile.id, kind, *passed, detail, None).await?;
        }
        let mut from = OrganizationState::Applied;
        let path: &[(&str, OrganizationState)] = match demo.state {
            OrganizationState::Applied => &[],
            OrganizationState::UnderReview => &[("start_review", OrganizationState::UnderReview)],
            OrganizationState::Active => &[
                ("start_review", OrganizationState::UnderReview),
                ("approve", OrganizationState::Active),
            ],
            _ => &[
                ("start_review", OrganizationState::UnderReview),
                ("approve", OrganizationState::Active),
                ("suspend", OrganizationState::Suspended),
            ],
        };
        for (action, to) in path {
            evidence::insert_transition(
                &mut tx,
                &context,
                &profile.id,
                action,
                from.as_str(),
                to.as_str(),
                "demo data",
            )
            .await?;
            registry::set_state(&mut tx, &profile.id, from, *to).await?;
            from = *to;
        }
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "organization.demo_seeded",
                entity_type: "organization",
                entity_id: &profile.id,
                organization_id: Some(&profile.id),
                summary: format!(
                    "demo organization {} ({}{})",
                    profile.name,
                    demo.state.as_str(),
                    if document_id.is_some() {
                        ", with a document"
                    } else {
                        ""
                    }
                ),
            },
        )
        .await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Published templates of every kind, and the signatures of the active and the suspended
/// organization (after the demo users exist); tiers are then recomputed.
pub async fn seed_agreements(store: &Store) -> Result<(), AppError> {
    let context = AuditContext::system();
    let mut tx = store.begin().await?;
    let mut participation = None;
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
        if kind == AgreementKind::Participation {
            participation = Some(template);
        }
    }
    if let Some(template) = participation {
        for (email, organization) in [
            ("admin@lakeside-health.test", "Lakeside Health System"),
            ("it@cedar-ehr.test", "Cedar EHR Systems"),
        ] {
            let Some(profile) = find_by_name(&mut tx, organization).await? else {
                continue;
            };
            let signer = match Email::parse(email) {
                Ok(email) => users::find_by_email(tx.conn(), &email).await.ok(),
                Err(_) => None,
            };
            let (signer_id, signer_name) = signer
                .map(|user| (user.id, user.name))
                .unwrap_or_else(|| (String::new(), "Demo Contact".to_owned()));
            let signed_at = jiff::Timestamp::from_millisecond(tx.now_ms())
                .map(|at| at.to_string())
                .unwrap_or_default();
            let signed_html = render::signed_document(
                &template.title,
                AgreementKind::Participation.label(),
                template.version,
                &template.body_markdown,
                &render::SignatureBlock {
                    organization: &profile.name,
                    signer_name: &signer_name,
                    signer_title: "Chief Information Officer",
                    signed_at: &signed_at,
                },
            );
            if signer_id.is_empty() {
                continue;
            }
            agreements::insert_signature(
                &mut tx,
                &NewSignature {
                    template_id: &template.id,
                    organization_id: &profile.id,
                    signer_id: &signer_id,
                    signer_name: &signer_name,
                    signer_title: "Chief Information Officer",
                    client_addr: None,
                    user_agent: None,
                    text_sha256: &render::sha256_hex(&signed_html),
                    signed_html: &signed_html,
                },
            )
            .await?;
            tiers::recompute(&mut tx, &context, &profile.id).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

async fn find_by_name(
    tx: &mut onramp_store::Tx,
    name: &str,
) -> Result<Option<registry::Profile>, AppError> {
    match onramp_store::registry::organizations::find_by_name(tx.conn(), name).await? {
        Some(organization) => Ok(Some(registry::find(tx.conn(), &organization.id).await?)),
        None => Ok(None),
    }
}
