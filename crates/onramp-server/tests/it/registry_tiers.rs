//! Tier lapses: a superseded agreement not re-signed by its deadline moves the organization down,
//! with an email and an audit event.

use axum::http::StatusCode;
use onramp_core::Role;

use crate::registry_support::{
    app_with_dns, applied_and_confirmed, post, published_agreement, staff, TxtRecords,
};
use crate::support::backends;

#[tokio::test]
async fn partner_registry_a_superseded_agreement_not_re_signed_lowers_the_tier() {
    for backend in backends() {
        let records = TxtRecords::default();
        let app = app_with_dns(&backend, &records).await;
        let (organization_id, mut partner) =
            applied_and_confirmed(&app, "Lapse Lab", "lapse.test", "admin@lapse.test").await;
        let mut admin = staff(&app, Role::ProgramAdmin).await;
        let evidence = post(&mut admin, &format!("/api/v1/organizations/{organization_id}/evidence"), serde_json::json!({"kind": "identifier", "system": "NPI", "value": "1234567893", "passed": true, "note": "NPPES lookup"})).await;
        assert_eq!(evidence.status, StatusCode::CREATED, "{}", evidence.body);
        let approved = post(
            &mut admin,
            &format!("/api/v1/organizations/{organization_id}/transitions"),
            serde_json::json!({"action": "approve", "reason": "NPI checked"}),
        )
        .await;
        assert_eq!(approved.status, StatusCode::CREATED, "{}", approved.body);
        let v1 = published_agreement(&mut admin, "participation", None).await;
        post(
            &mut partner,
            &format!("/api/v1/agreements/{v1}/signatures"),
            serde_json::json!({"signer_name": "A", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        let tier = |value: serde_json::Value| value["tier"].as_str().unwrap().to_owned();
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );

        // v2 with 30 days to re-sign: still registered.
        published_agreement(&mut admin, "participation", Some(30)).await;
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );
        // v3 with no grace: the old signature lapses at once; the tier drops, with mail and audit.
        let v3 = published_agreement(&mut admin, "participation", None).await;
        assert_eq!(
            tier(
                admin
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "public"
        );
        assert!(app
            .mails()
            .await
            .iter()
            .any(|mail| mail.contains("admin@lapse.test")
                && mail.contains("Your Onramp tier has changed")));
        assert!(
            app.audit_actions()
                .await
                .iter()
                .filter(|a| *a == "organization.tier_changed")
                .count()
                >= 2
        );
        // Re-signing restores it.
        post(
            &mut partner,
            &format!("/api/v1/agreements/{v3}/signatures"),
            serde_json::json!({"signer_name": "A", "signer_title": "CEO", "confirm": true}),
        )
        .await;
        assert_eq!(
            tier(
                partner
                    .get(&format!("/api/v1/organizations/{organization_id}"))
                    .await
                    .json()
            ),
            "registered"
        );
    }
}

#[tokio::test]
async fn the_partner_page_lists_every_tier_with_its_description_and_what_it_unlocks() {
    for backend in backends() {
        let app = app_with_dns(&backend, &TxtRecords::default()).await;
        let (_, mut partner) = applied_and_confirmed(
            &app,
            "Lakeside Health",
            "lakeside.test",
            "ada@lakeside.test",
        )
        .await;
        let page = partner.get("/partner").await;
        assert_eq!(page.status, StatusCode::OK);
        let start = page.body.find("id=\"tiers\"").expect("a tiers card");
        let card = &page.body[start..];
        let card = &card[..card.find("</table>").unwrap()];
        for tier in onramp_core::registry::tier::Tier::ALL {
            assert!(card.contains(tier.label()), "{card}");
            assert!(card.contains(tier.default_description()), "{card}");
        }
        for capability in onramp_core::registry::tier::Capability::ALL {
            assert!(card.contains(capability.label()), "{card}");
        }
        // A new applicant is public, and the page says which tier is theirs.
        assert!(
            card.contains("aria-current=\"true\"><td>Public <span class=\"badge\">Yours"),
            "{card}"
        );
    }
}
