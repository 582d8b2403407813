//! The track catalogue: every track's newest version, a program admin's upload of a new version
//! (problems shown with their line and column), and one track's phases, steps, gates and risks.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use onramp_core::tracks::enrollment::{evaluate_gate, Facts};
use onramp_core::tracks::Evidence;
use onramp_core::Role;
use serde::{Deserialize, Serialize};

use crate::state::AppState;
use crate::tracks::services::definitions;
use crate::web::actor::{Actor, CurrentUser};
use crate::web::error::PageResult;
use crate::web::extract::{PageForm, PageQuery};
use crate::web::forms::{refused_page, FormView, Refusal};
use crate::web::layout::{csrf_input, notice, page, respond, time};

#[derive(Debug, Deserialize)]
pub struct NoticeQuery {
    pub notice: Option<String>,
}

async fn catalogue_markup(
    state: &AppState,
    actor: &Actor,
    notice_key: Option<&str>,
    refusal: Option<&Refusal>,
) -> PageResult<Markup> {
    let versions = definitions::list(state, actor).await?;
    let admin = actor
        .user()
        .is_some_and(|user| user.role == Role::ProgramAdmin);
    let upload = FormView::new("upload", refusal);
    Ok(page(
        Some(actor),
        "Tracks",
        html! {
            (notice(notice_key))
            h1 { "Onboarding tracks" }
            p { "A track is what the program asks of a partner, in phases of steps with gates. An enrollment keeps the version it started with." }
            div.card {
                div.table-scroll tabindex="0" role="region" aria-label="Tracks (scrolls sideways when wide)" {
                    table {
                        thead { tr { th scope="col" { "Track" } th scope="col" { "Version" } th scope="col" { "Source" } th scope="col" { "Stored" } } }
                        tbody { @for version in &versions {
                            tr {
                                td { a href={ "/tracks/" (version.track_key) } { (version.name) } }
                                td { (version.version) }
                                td { @if version.built_in { "Built in" } @else { "Uploaded" } }
                                td { (time(version.created_at)) }
                            }
                        } }
                    }
                }
            }
            @if admin {
                div.card {
                    h2 { "Upload a new version" }
                    p { "Paste the track file (TOML). Its " code { "version" } " must be higher than the stored one; every problem is listed with its line and column." }
                    (upload.summary())
                    form method="post" action="/tracks" novalidate {
                        (csrf_input(actor))
                        (upload.textarea("Track file (TOML)", "source", ""))
                        button type="submit" { "Upload" }
                    }
                }
            }
        },
    ))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageQuery(query): PageQuery<NoticeQuery>,
) -> PageResult<Response> {
    Ok(respond(
        catalogue_markup(&state, &actor, query.notice.as_deref(), None).await?,
    ))
}

#[derive(Debug, Deserialize, Serialize)]
pub struct UploadForm {
    #[serde(default)]
    source: String,
}

pub async fn upload(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    PageForm(form): PageForm<UploadForm>,
) -> PageResult<Response> {
    match definitions::upload(&state, &actor, &form.source).await {
        Ok(version) => Ok(Redirect::to(&format!("/tracks/{}", version.track_key)).into_response()),
        Err(error) => {
            let refusal = Refusal::of("upload", &form, error)?;
            let markup = catalogue_markup(&state, &actor, None, Some(&refusal)).await?;
            Ok(refused_page(&refusal, markup))
        }
    }
}

fn evidence_text(evidence: &Evidence) -> String {
    match evidence {
        Evidence::Document { kind } => format!("Document: {kind}"),
        Evidence::Attestation { items } => format!("Checklist of {} items", items.len()),
        Evidence::Agreement(kind) => kind.label().to_owned(),
        Evidence::Gate(gate) => format!("Gate: {gate}"),
    }
}

pub async fn track(
    State(state): State<AppState>,
    CurrentUser(_, actor): CurrentUser,
    Path(key): Path<String>,
) -> PageResult<Response> {
    let versions = definitions::versions(&state, &actor, &key).await?;
    let Some(newest) = versions.first() else {
        return Err(crate::web::error::AppError::NotFound("track").into());
    };
    let track = definitions::model(newest)?;
    Ok(respond(page(
        Some(&actor),
        &track.name,
        html! {
            h1 { (track.name) }
            p { "Version " (newest.version) " · " (track.steps().count()) " steps · " (track.gates.len()) " gates" }
            (maud::PreEscaped(crate::registry::services::render::markdown_to_html_nested(&track.description, 1)))
            @for phase in &track.phases {
                div.card {
                    h2 { (phase.name) }
                    div.table-scroll tabindex="0" role="region" aria-label={ (phase.name) " steps (scroll sideways when wide)" } {
                        table {
                            thead { tr { th scope="col" { "Step" } th scope="col" { "Owner" } th scope="col" { "Business days (optimistic / likely / pessimistic)" } th scope="col" { "After" } th scope="col" { "Needs" } } }
                            tbody { @for step in &phase.steps {
                                tr {
                                    td { (step.name) @if step.milestone { " (milestone)" } }
                                    td { (step.owner.label()) }
                                    td { (step.estimate.optimistic) " / " (step.estimate.likely) " / " (step.estimate.pessimistic) }
                                    td { @for (index, after) in step.after.iter().enumerate() { @if index > 0 { ", " } (track.step(&after.step).map_or(after.step.as_str(), |step| step.name.as_str())) } }
                                    td { @for (index, evidence) in step.evidence.iter().enumerate() { @if index > 0 { "; " } (evidence_text(evidence)) } }
                                }
                            } }
                        }
                    }
                }
            }
            @if !track.gates.is_empty() {
                div.card {
                    h2 { "Gates" }
                    @for gate in &track.gates {
                        h3 { (gate.name) }
                        ul { @for check in evaluate_gate(gate, &Facts::default()).conditions { li { (check.requirement) } } }
                    }
                }
            }
            @if !track.risks.is_empty() {
                div.card {
                    h2 { "Risk templates" }
                    ul { @for risk in &track.risks { li { (risk.title) " (score " (risk.score()) ")" } } }
                }
            }
            p { a href="/tracks" { "All tracks" } }
        },
    )))
}
