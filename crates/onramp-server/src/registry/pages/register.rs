//! `/register` (an organization applies) and `/account/activate` (the emailed link: confirm the
//! email or accept an invitation, and choose a password).

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::partner::{Category, OrganizationType, SizeBand};
use onramp_core::vocabulary::Vocabulary;
use serde::Deserialize;

use crate::registry::services::apply::{self, ApplicationInput};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::{FieldError, PageResult};
use crate::web::extract::PageForm;
use crate::web::forms::{select, textarea, with_errors};
use crate::web::layout::{csrf_input, field, form_alert, page, respond};

#[derive(Debug, Default, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    legal_name: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    org_type: String,
    #[serde(default)]
    size_band: String,
    #[serde(default)]
    country: String,
    #[serde(default)]
    region: String,
    #[serde(default)]
    web_domain: String,
    #[serde(default)]
    identifier_system: String,
    #[serde(default)]
    identifier_value: String,
    #[serde(default)]
    use_case: String,
    #[serde(default)]
    timeline: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    directory_opt_in: Option<String>,
}

fn choices<T: Vocabulary>() -> Vec<(&'static str, &'static str)> {
    T::all()
        .iter()
        .map(|item| (item.name(), item.title()))
        .collect()
}

fn register_page(actor: &Actor, form: &RegisterForm, errors: &[FieldError]) -> Markup {
    page(
        Some(actor),
        "Apply",
        html! {
            h1 { "Apply to join the exchange" }
            div.card {
                (form_alert(errors))
                form method="post" action="/register" {
                    (csrf_input(actor))
                    (field("Legal name", "legal_name", "text", &form.legal_name, "organization", errors))
                    (select("Category", "category", &choices::<Category>(), &form.category, errors))
                    (select("Type", "org_type", &choices::<OrganizationType>(), &form.org_type, errors))
                    (select("Size", "size_band", &choices::<SizeBand>(), &form.size_band, errors))
                    (field("Country (two letters, e.g. US)", "country", "text", &form.country, "country", errors))
                    (field("Region or state", "region", "text", &form.region, "address-level1", errors))
                    (field("Web domain (e.g. lakeside-health.org)", "web_domain", "text", &form.web_domain, "off", errors))
                    (field("Identifier system (NPI, TIN, CLIA, …)", "identifier_system", "text", &form.identifier_system, "off", errors))
                    (field("Identifier value", "identifier_value", "text", &form.identifier_value, "off", errors))
                    @if let Some(error) = errors.iter().find(|error| error.field.starts_with("identifiers")) {
                        p.field-error { (error.message) }
                    }
                    (textarea("What do you intend to exchange, and why?", "use_case", &form.use_case, errors))
                    (field("Timeline (e.g. live by Q3 2027)", "timeline", "text", &form.timeline, "off", errors))
                    (field("Your name", "contact_name", "text", &form.contact_name, "name", errors))
                    (field("Your work email", "contact_email", "email", &form.contact_email, "email", errors))
                    div {
                        input type="checkbox" id="directory_opt_in" name="directory_opt_in" value="yes" checked[form.directory_opt_in.is_some()];
                        " "
                        label for="directory_opt_in" style="display:inline" { "List us in the public partner directory once we are active" }
                    }
                    button type="submit" { "Apply" }
                }
            }
        },
    )
}

pub async fn show(actor: Actor) -> PageResult<Response> {
    Ok(respond(register_page(
        &actor,
        &RegisterForm::default(),
        &[],
    )))
}

pub async fn submit(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<RegisterForm>,
) -> PageResult<Response> {
    let input = ApplicationInput {
        legal_name: form.legal_name.clone(),
        category: form.category.clone(),
        org_type: form.org_type.clone(),
        size_band: form.size_band.clone(),
        country: form.country.clone(),
        region: form.region.clone(),
        web_domain: form.web_domain.clone(),
        identifiers: vec![(
            form.identifier_system.clone(),
            form.identifier_value.clone(),
        )],
        use_case: form.use_case.clone(),
        timeline: form.timeline.clone(),
        contact_name: form.contact_name.clone(),
        contact_email: form.contact_email.clone(),
        directory_opt_in: form.directory_opt_in.is_some(),
    };
    let result = apply::apply(&state, &actor, &input).await.map(|received| {
        respond(page(
            Some(&actor),
            "Application received",
            html! {
                div.card {
                    h1 #applied { "Application received" }
                    p { "We have emailed " strong { (received.contact_email) } ". Open the link in it to confirm your address and choose a password; program staff then review "
                        (received.organization_name) "." }
                }
            },
        ))
    });
    with_errors(result, |errors| register_page(&actor, &form, errors))
}

#[derive(Debug, Deserialize)]
pub struct ActivateQuery {
    #[serde(default)]
    token: String,
}

#[derive(Debug, Deserialize)]
pub struct ActivateForm {
    #[serde(default)]
    token: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

fn activate_page(
    actor: &Actor,
    token: &str,
    name: &str,
    email: &str,
    errors: &[FieldError],
) -> Markup {
    page(
        Some(actor),
        "Set up your account",
        html! {
            h1 { "Set up your account" }
            div.card.narrow {
                (form_alert(errors))
                @if !email.is_empty() { p { "For " strong { (email) } } }
                form method="post" action="/account/activate" {
                    (csrf_input(actor))
                    input type="hidden" name="token" value=(token);
                    (field("Your name", "name", "text", name, "name", errors))
                    (field("Choose a password (at least 12 characters)", "password", "password", "", "new-password", errors))
                    button type="submit" { "Confirm and save" }
                }
            }
        },
    )
}

pub async fn show_activate(
    State(state): State<AppState>,
    actor: Actor,
    Query(query): Query<ActivateQuery>,
) -> PageResult<Response> {
    let result = apply::check_link(&state, &query.token)
        .await
        .map(|(user, _)| {
            respond(activate_page(
                &actor,
                &query.token,
                &user.name,
                &user.email,
                &[],
            ))
        });
    with_errors(result, |errors| {
        activate_page(&actor, &query.token, "", "", errors)
    })
}

pub async fn submit_activate(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<ActivateForm>,
) -> PageResult<Response> {
    let result = apply::activate(&state, &actor, &form.token, &form.name, &form.password)
        .await
        .map(|_| Redirect::to("/login?notice=account_ready").into_response());
    with_errors(result, |errors| {
        activate_page(&actor, &form.token, &form.name, "", errors)
    })
}
