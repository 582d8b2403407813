//! `/register` (an organization applies) and `/account/activate` (the emailed link: confirm the
//! email or accept an invitation, and choose a password).

use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::registry::partner::{Category, OrganizationType, SizeBand};
use onramp_core::vocabulary::Vocabulary;
use serde::{Deserialize, Serialize};

use crate::registry::services::apply::{self, ApplicationInput};
use crate::state::AppState;
use crate::web::actor::Actor;
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{or_refused, refused_page, FormView, Kind, Refusal};
use crate::web::layout::{csrf_input, page, respond};

#[derive(Debug, Default, Deserialize, Serialize)]
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

fn register_page(actor: &Actor, form: &RegisterForm, refusal: Option<&Refusal>) -> Markup {
    let view = FormView::new("register", refusal);
    let fields = html! {
        (view.input("Legal name", "legal_name", Kind::Text, &form.legal_name, "organization"))
        (view.select("Category", "category", &choices::<Category>(), &form.category))
        (view.select("Type", "org_type", &choices::<OrganizationType>(), &form.org_type))
        (view.select("Size", "size_band", &choices::<SizeBand>(), &form.size_band))
        (view.input("Country (two letters, e.g. US)", "country", Kind::Text, &form.country, "country"))
        (view.input("Region or state", "region", Kind::Text, &form.region, "address-level1"))
        (view.text("Web domain (e.g. lakeside-health.org)", "web_domain", &form.web_domain))
        (view.text("Identifier system (NPI, TIN, CLIA, …)", "identifier_system", &form.identifier_system))
        (view.text("Identifier value", "identifier_value", &form.identifier_value))
        (view.textarea("What do you intend to exchange, and why?", "use_case", &form.use_case))
        (view.text("Timeline (e.g. live by Q3 2027)", "timeline", &form.timeline))
        (view.input("Your name", "contact_name", Kind::Text, &form.contact_name, "name"))
        (view.input("Your work email", "contact_email", Kind::Email, &form.contact_email, "email"))
        (view.checkbox("List us in the public partner directory once we are active", "directory_opt_in", "yes", form.directory_opt_in.is_some()))
    };
    page(
        Some(actor),
        "Apply",
        html! {
            h1 { "Apply to join the exchange" }
            div.card {
                (view.summary())
                form method="post" action="/register" novalidate {
                    (csrf_input(actor))
                    (fields)
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
        None,
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
    match result {
        Ok(response) => Ok(response),
        Err(error) => {
            // The service numbers identifiers; the form has one, in two inputs.
            let refusal = Refusal::of("register", &form, error)?.renamed(|field| {
                field
                    .starts_with("identifiers")
                    .then_some("identifier_value")
            });
            Ok(refused_page(
                &refusal,
                register_page(&actor, &form, Some(&refusal)),
            ))
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ActivateQuery {
    #[serde(default)]
    token: String,
}

#[derive(Debug, Default, Deserialize, Serialize)]
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
    form: &ActivateForm,
    email: &str,
    refusal: Option<&Refusal>,
) -> Markup {
    let view = FormView::new("activate", refusal);
    let fields = html! {
        input type="hidden" name="token" value=(form.token);
        (view.input("Your name", "name", Kind::Text, &form.name, "name"))
        (view.input("Choose a password (at least 12 characters)", "password", Kind::NewPassword, "", "new-password"))
    };
    page(
        Some(actor),
        "Set up your account",
        html! {
            h1 { "Set up your account" }
            div.card.narrow {
                (view.summary())
                @if !email.is_empty() { p { "For " strong { (email) } } }
                form method="post" action="/account/activate" novalidate {
                    (csrf_input(actor))
                    (fields)
                    button type="submit" { "Confirm and save" }
                }
            }
        },
    )
}

pub async fn show_activate(
    State(state): State<AppState>,
    actor: Actor,
    PageQuery(query): PageQuery<ActivateQuery>,
) -> PageResult<Response> {
    let mut form = ActivateForm {
        token: query.token,
        ..ActivateForm::default()
    };
    match apply::check_link(&state, &form.token).await {
        Ok((user, _)) => {
            form.name = user.name;
            Ok(respond(activate_page(&actor, &form, &user.email, None)))
        }
        Err(error) => {
            let refusal = Refusal::of("activate", &form, error)?;
            Ok(refused_page(
                &refusal,
                activate_page(&actor, &form, "", Some(&refusal)),
            ))
        }
    }
}

pub async fn submit_activate(
    State(state): State<AppState>,
    actor: Actor,
    PageForm(form): PageForm<ActivateForm>,
) -> PageResult<Response> {
    let result = apply::activate(&state, &actor, &form.token, &form.name, &form.password)
        .await
        .map(|_| Redirect::to("/login?notice=account_ready").into_response());
    let email = match &result {
        Err(_) => apply::check_link(&state, &form.token)
            .await
            .map(|(user, _)| user.email)
            .unwrap_or_default(),
        Ok(_) => String::new(),
    };
    or_refused(result, "activate", &form, |refusal| {
        activate_page(&actor, &form, &email, Some(refusal))
    })
}
