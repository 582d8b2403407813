//! Applying: an organization registers (state `applied`) with its first partner admin, who must
//! confirm their email through a single-use link before they can sign in. The same link mechanism
//! lets invited colleagues set up their accounts.

use crate::platform::outbox::{emit, Event};
use onramp_core::accounts::password::check_new_password;
use onramp_core::platform::outbox::MailFamily;
use onramp_core::registry::partner::{
    optional_text, parse_country, required_text, Category, Identifier, OrganizationType,
    ProfileError, SizeBand, WebDomain,
};
use onramp_core::{Email, Role};
use onramp_store::accounts::users::{self, NewUser, User};
use onramp_store::platform::audit::{self, Change};
use onramp_store::registry::links::{self, LinkProblem, LinkPurpose};
use onramp_store::registry::{self, NewApplication};
use onramp_store::{StoreError, Tx};

use crate::accounts::password;
use crate::accounts::rate_limit;
use crate::accounts::uniform::UniformTimer;
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{AppError, FieldError};
use crate::web::secret;

/// How long a confirmation or invitation link works.
pub const LINK_HOURS: i64 = 72;
/// At most this many identifiers per application.
pub const MAX_IDENTIFIERS: usize = 10;

/// An application as typed (form or JSON).
#[derive(Clone, Debug, Default)]
pub struct ApplicationInput {
    pub legal_name: String,
    pub category: String,
    pub org_type: String,
    pub size_band: String,
    pub country: String,
    pub region: String,
    pub web_domain: String,
    /// (system, value) pairs; empty pairs are ignored.
    pub identifiers: Vec<(String, String)>,
    pub use_case: String,
    pub timeline: String,
    pub contact_name: String,
    pub contact_email: String,
    pub directory_opt_in: bool,
}

/// What the applicant is told: the same for every address, whether an application was created or
/// the address already had an account (whose owner is then mailed instead).
#[derive(Clone, Debug)]
pub struct ApplicationReceived {
    /// The confirmation link (or the notice) went to this address.
    pub contact_email: String,
    pub organization_name: String,
}

fn check<T, E: Into<ProfileError>>(
    fields: &mut Vec<FieldError>,
    name: &str,
    result: Result<T, E>,
) -> Option<T> {
    match result {
        Ok(value) => Some(value),
        Err(error) => {
            fields.push(FieldError::new(name, error.into().to_string()));
            None
        }
    }
}

/// Registers an organization and its first partner admin; emails the confirmation link.
pub async fn apply(
    state: &AppState,
    actor: &Actor,
    input: &ApplicationInput,
) -> Result<ApplicationReceived, AppError> {
    let mut fields = Vec::new();
    let legal_name = check(
        &mut fields,
        "legal_name",
        required_text(&input.legal_name, 200),
    );
    let category = check(&mut fields, "category", input.category.parse::<Category>());
    let org_type = check(
        &mut fields,
        "org_type",
        input.org_type.parse::<OrganizationType>(),
    );
    let size_band = check(
        &mut fields,
        "size_band",
        input.size_band.parse::<SizeBand>(),
    );
    let country = check(&mut fields, "country", parse_country(&input.country));
    let region = check(&mut fields, "region", optional_text(&input.region, 100));
    let web_domain = check(
        &mut fields,
        "web_domain",
        WebDomain::parse(&input.web_domain),
    );
    let use_case = check(
        &mut fields,
        "use_case",
        required_text(&input.use_case, 2000),
    );
    let timeline = check(&mut fields, "timeline", required_text(&input.timeline, 200));
    let contact_name = check(
        &mut fields,
        "contact_name",
        required_text(&input.contact_name, 200),
    );
    let contact_email = match Email::parse(&input.contact_email) {
        Ok(email) => Some(email),
        Err(error) => {
            fields.push(FieldError::new("contact_email", error.to_string()));
            None
        }
    };
    let mut identifiers = Vec::new();
    let given: Vec<&(String, String)> = input
        .identifiers
        .iter()
        .filter(|(system, value)| !system.trim().is_empty() || !value.trim().is_empty())
        .collect();
    if given.len() > MAX_IDENTIFIERS {
        fields.push(FieldError::new(
            "identifiers",
            format!("at most {MAX_IDENTIFIERS} identifiers"),
        ));
    }
    for (index, (system, value)) in given.into_iter().enumerate() {
        if let Some(identifier) = check(
            &mut fields,
            &format!("identifiers[{index}]"),
            Identifier::parse(system, value),
        ) {
            identifiers.push(identifier);
        }
    }
    let (
        Some(legal_name),
        Some(category),
        Some(org_type),
        Some(size_band),
        Some(country),
        Some(region),
        Some(web_domain),
        Some(use_case),
        Some(timeline),
        Some(contact_name),
        Some(contact_email),
        true,
    ) = (
        legal_name,
        category,
        org_type,
        size_band,
        country,
        region,
        web_domain,
        use_case,
        timeline,
        contact_name,
        contact_email,
        fields.is_empty(),
    )
    else {
        return Err(AppError::validation(fields));
    };

    let timer = UniformTimer::start();
    let outcome: Result<ApplicationReceived, AppError> = async {
        let limits = &state.config.rate_limits;
        rate_limit::check_client(
            state,
            "registration",
            actor.client_addr.as_deref(),
            limits.registration_per_client,
        )
        .await?;
        rate_limit::check_account(
            state,
            "registration",
            contact_email.as_str(),
            limits.registration_per_address,
        )
        .await?;
        let received = ApplicationReceived {
            contact_email: contact_email.as_str().to_owned(),
            organization_name: legal_name.clone(),
        };
        match users::find_by_email(state.store.pool(), &contact_email).await {
            Ok(existing) => {
                tell_existing_account(state, &existing, &legal_name).await?;
                return Ok(received);
            }
            Err(StoreError::NotFound) => {}
            Err(other) => return Err(other.into()),
        }
        let n_likely_duplicates =
            registry::count_matching(state.store.pool(), web_domain.as_str(), &identifiers).await?;
        let dns_token = secret::random_token(24);
        let token = secret::random_token(32);
        let context = actor.audit_context();
        let mut tx = state.store.begin().await?;
        let organization = registry::insert_application(
            &mut tx,
            &NewApplication {
                name: &legal_name,
                category: category.as_str(),
                org_type: org_type.as_str(),
                size_band: size_band.as_str(),
                country: &country,
                region: &region,
                web_domain: web_domain.as_str(),
                use_case: &use_case,
                timeline: &timeline,
                contact_name: &contact_name,
                contact_email: contact_email.as_str(),
                directory_opt_in: input.directory_opt_in,
                dns_token: &dns_token,
                identifiers: &identifiers,
            },
        )
        .await?;
        let new_admin = NewUser {
            email: &contact_email,
            name: &contact_name,
            password_hash: None,
            role: Role::PartnerAdmin,
            organization_id: Some(&organization.id),
        };
        let Some(admin) =
            insert_user_with_link(&mut tx, &new_admin, &token, LinkPurpose::ConfirmEmail).await?
        else {
            // The address got an account since the check above (a parallel application):
            // nothing is kept, and the answer is the same.
            return Ok(received);
        };
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "organization.applied",
                entity_type: "organization",
                entity_id: &organization.id,
                organization_id: Some(&organization.id),
                summary: format!(
                    "{} applied ({}, {}, {}); {} likely duplicate(s)",
                    organization.name,
                    category.label(),
                    web_domain.as_str(),
                    country,
                    n_likely_duplicates
                ),
            },
        )
        .await?;
        audit::append(
            &mut tx,
            &context,
            Change {
                action: "user.created",
                entity_type: "user",
                entity_id: &admin.id,
                organization_id: Some(&organization.id),
                summary: format!(
                    "created {} as partner admin, to confirm by email",
                    admin.email
                ),
            },
        )
        .await?;
        let event_id = emit(
            &mut tx,
            state.clock.now_ms(),
            Event {
                event_type: "organization.applied",
                organization_id: Some(&organization.id),
                data: serde_json::json!({
                    "organization_id": organization.id,
                    "name": organization.name,
                    "category": category.as_str(),
                    "org_type": org_type.as_str(),
                    "country": country,
                    "web_domain": web_domain.as_str(),
                    "state": "applied",
                }),
            },
        )
        .await?;

        let body = format!(
            "Hello {contact_name},\n\nThank you for applying to join the exchange as {name}. Confirm \
             your email address and choose a password within {LINK_HOURS} hours; the link works once:\n\n\
             {link}\n\nProgram staff will then review your application.\n",
            name = organization.name,
            link = super::link(state, &format!("/account/activate?token={token}")),
        );
        super::queue_mail(
            state,
            &mut tx,
            MailFamily::Account,
            admin.email.as_str(),
            "Confirm your email for Onramp",
            body,
            Some(&event_id),
        )
        .await?;
        tx.commit().await?;
        tracing::info!(
            organization.id = %organization.id,
            n_likely_duplicates,
            "application received"
        );
        Ok(received)
    }
    .await;
    timer.finish(state).await;
    outcome
}

/// Creates a user without a password and the single-use link (`token`, for `purpose`, valid
/// [`LINK_HOURS`]) by which they confirm their address and choose one, inside `tx`. `None` when the
/// address has an account already (a request racing this one): the caller answers as if the
/// account was created, so that the answer reveals nothing.
pub(super) async fn insert_user_with_link(
    tx: &mut Tx,
    new_user: &NewUser<'_>,
    token: &str,
    purpose: LinkPurpose,
) -> Result<Option<User>, AppError> {
    let user = match users::insert(tx, new_user).await {
        Ok(user) => user,
        Err(StoreError::Conflict(_)) => return Ok(None),
        Err(other) => return Err(other.into()),
    };
    let expires_at = tx.now_ms() + LINK_HOURS * 3_600_000;
    links::insert(
        tx,
        &secret::sha256_hex(token),
        &user.id,
        purpose,
        expires_at,
    )
    .await?;
    Ok(Some(user))
}

/// Tells the owner of an address that already has an account that someone applied with it. The
/// applicant sees the same answer as for a new address, so that the form reveals nothing.
async fn tell_existing_account(
    state: &AppState,
    existing: &User,
    organization_name: &str,
) -> Result<(), AppError> {
    tracing::info!(user.id = %existing.id, "application named an address that has an account");
    let body = format!(
        "Hello {name},\n\nSomeone applied to join the exchange as {organization_name} and gave this \
         address as the contact. This address already has an Onramp account, so nothing was \
         created. If it was you, sign in at {login} (or reset your password there); to apply for \
         another organization, use another address. If it was not you, ignore this message.\n",
        name = existing.name,
        login = super::link(state, "/login"),
    );
    super::queue_mail_alone(
        state,
        MailFamily::Account,
        &existing.email,
        "Your Onramp application",
        body,
    )
    .await
}

/// What a link page says about a dead link.
pub fn link_problem_message(problem: LinkProblem) -> &'static str {
    match problem {
        LinkProblem::Unknown => "this link is not valid",
        LinkProblem::Used => "this link was already used; sign in, or ask for a new invitation",
        LinkProblem::Expired => "this link has expired; ask for a new one",
    }
}

/// The user a live link belongs to, for the page that asks for their name and password.
pub async fn check_link(state: &AppState, token: &str) -> Result<(User, LinkPurpose), AppError> {
    match links::check(
        state.store.pool(),
        &secret::sha256_hex(token),
        state.clock.now_ms(),
    )
    .await?
    {
        Ok(link) => Ok((
            users::find_by_id(state.store.pool(), &link.user_id).await?,
            link.purpose,
        )),
        Err(problem) => Err(AppError::validation(vec![FieldError::new(
            "token",
            link_problem_message(problem),
        )])),
    }
}

/// Uses a link: confirms the email, names the user and sets their password. Works once.
pub async fn activate(
    state: &AppState,
    actor: &Actor,
    token: &str,
    name: &str,
    new_password: &str,
) -> Result<User, AppError> {
    let mut fields = Vec::new();
    let name = match required_text(name, 200) {
        Ok(name) => Some(name),
        Err(error) => {
            fields.push(FieldError::new("name", error.to_string()));
            None
        }
    };
    if let Err(error) = check_new_password(new_password) {
        fields.push(FieldError::new("password", error.to_string()));
    }
    let (Some(name), true) = (name, fields.is_empty()) else {
        return Err(AppError::validation(fields));
    };
    let password_hash = password::hash_password(new_password)?;
    let mut tx = state.store.begin().await?;
    let link =
        match links::consume(&mut tx, &secret::sha256_hex(token), state.clock.now_ms()).await? {
            Ok(link) => link,
            Err(problem) => {
                return Err(AppError::validation(vec![FieldError::new(
                    "token",
                    link_problem_message(problem),
                )]))
            }
        };
    let user = users::find_by_id(tx.conn(), &link.user_id).await?;
    if !user.active {
        return Err(AppError::validation(vec![FieldError::new(
            "token",
            "this account has been deactivated",
        )]));
    }
    users::set_password_hash(&mut tx, &user.id, &password_hash).await?;
    links::confirm_user(&mut tx, &user.id, &name).await?;
    audit::append(
        &mut tx,
        &crate::accounts::services::login::actor_context_for(actor, &user),
        Change {
            action: match link.purpose {
                LinkPurpose::ConfirmEmail => "user.email_confirmed",
                LinkPurpose::Invitation => "user.invitation_accepted",
            },
            entity_type: "user",
            entity_id: &user.id,
            organization_id: user.organization_id.as_deref(),
            summary: format!("{} confirmed their email and set a password", user.email),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(user)
}
