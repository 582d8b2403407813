//! The demo program `onramp serve --demo` starts with: staff of every role and partner
//! organizations with their users, all sharing one printed password, and the partner registry
//! filled in ([`registry`]): published agreements and organizations in every stage; and an
//! enrollment in each built-in track at a different stage ([`tracks`]).

mod conformance;
mod registry;
pub mod sandboxes;
mod support;
mod tracks;
mod training;

use onramp_core::Role;
use onramp_store::platform::audit::AuditContext;
use onramp_store::{accounts::users, Store};

use crate::accounts::services::users::{create_user, NewAccount};
use crate::web::error::AppError;

/// The password every demo user has. It is printed at start-up; the demo is for trying Onramp out.
pub const DEMO_PASSWORD: &str = "onramp-demo-password";

/// One demo user, for the start-up message.
#[derive(Clone, Debug)]
pub struct DemoLogin {
    pub email: &'static str,
    pub role: Role,
    pub organization: Option<&'static str>,
}

pub const DEMO_USERS: &[DemoLogin] = &[
    DemoLogin {
        email: "admin@demo.onramp.test",
        role: Role::ProgramAdmin,
        organization: None,
    },
    DemoLogin {
        email: "coordinator@demo.onramp.test",
        role: Role::OnboardingCoordinator,
        organization: None,
    },
    DemoLogin {
        email: "analyst@demo.onramp.test",
        role: Role::ConformanceAnalyst,
        organization: None,
    },
    DemoLogin {
        email: "support@demo.onramp.test",
        role: Role::SupportAgent,
        organization: None,
    },
    DemoLogin {
        email: "trainer@demo.onramp.test",
        role: Role::Trainer,
        organization: None,
    },
    DemoLogin {
        email: "admin@lakeside-health.test",
        role: Role::PartnerAdmin,
        organization: Some("Lakeside Health System"),
    },
    DemoLogin {
        email: "dev@lakeside-health.test",
        role: Role::PartnerDeveloper,
        organization: Some("Lakeside Health System"),
    },
    DemoLogin {
        email: "member@lakeside-health.test",
        role: Role::PartnerMember,
        organization: Some("Lakeside Health System"),
    },
    DemoLogin {
        email: "admin@northwind-labs.test",
        role: Role::PartnerAdmin,
        organization: Some("Northwind Labs"),
    },
    DemoLogin {
        email: "dev@northwind-labs.test",
        role: Role::PartnerDeveloper,
        organization: Some("Northwind Labs"),
    },
    DemoLogin {
        email: "admin@harbor-point.test",
        role: Role::PartnerAdmin,
        organization: Some("Harbor Point Clinic"),
    },
    DemoLogin {
        email: "dev@harbor-point.test",
        role: Role::PartnerDeveloper,
        organization: Some("Harbor Point Clinic"),
    },
    DemoLogin {
        email: "it@cedar-ehr.test",
        role: Role::PartnerAdmin,
        organization: Some("Cedar EHR Systems"),
    },
    DemoLogin {
        email: "admin@prairie-publichealth.test",
        role: Role::PartnerAdmin,
        organization: Some("Prairie County Public Health"),
    },
];

fn display_name(email: &str) -> String {
    let local = email.split('@').next().unwrap_or(email);
    let mut chars = local.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => local.to_owned(),
    }
}

/// Seeds the demo program into an empty database. Returns false (and changes nothing) when the
/// database already has users.
pub async fn seed(store: &Store) -> Result<bool, AppError> {
    if users::any_exist(store.pool()).await? {
        return Ok(false);
    }
    let context = AuditContext::system();
    registry::seed_organizations(store).await?;
    for demo in DEMO_USERS {
        let organization_label = demo.organization.map_or_else(
            || "Exchange staff".to_owned(),
            |organization| organization.to_owned(),
        );
        create_user(
            store,
            &context,
            &NewAccount {
                email: demo.email.to_owned(),
                name: format!("{} ({organization_label})", display_name(demo.email)),
                role: demo.role,
                organization: demo.organization.map(str::to_owned),
                password: DEMO_PASSWORD.to_owned(),
            },
        )
        .await?;
    }
    registry::seed_agreements(store).await?;
    Ok(true)
}

/// Seeds the demo program (see [`seed`]) and its enrollments, one in each built-in track. Returns
/// false (and changes nothing) when the database already has users.
pub async fn seed_program(state: &crate::state::AppState) -> Result<bool, AppError> {
    if !seed(&state.store).await? {
        return Ok(false);
    }
    tracks::seed_enrollments(state).await?;
    sandboxes::seed_sandboxes(state).await?;
    conformance::seed_conformance(state).await?;
    training::seed_training(state).await?;
    support::seed_support(state).await?;
    Ok(true)
}

/// The start-up message: how to sign in.
pub fn login_banner(base_url: &str) -> String {
    let mut text = format!(
        "\nOnramp demo is running at {base_url}\nSign in with any of these users; the password is `{DEMO_PASSWORD}`:\n\n"
    );
    for demo in DEMO_USERS {
        text.push_str(&format!(
            "  {:<34} {:<24} {}\n",
            demo.email,
            demo.role.label(),
            demo.organization.unwrap_or("(staff)")
        ));
    }
    text
}
