//! In a real headless Chromium, every form of the portal is submitted empty and then with bad
//! values, as a visitor, a partner admin and a program admin. After each submission: the page has
//! the reader's navigation (never a dead end); a refused form comes back with the input kept and
//! an error summary whose every entry names a field and links to an element that exists; and no
//! page shows an internal code (the stored names of the closed sets: `under_review`,
//! `healthcare_organization`, `dns_txt`, …).

use std::net::SocketAddr;

use fantoccini::{Client, Locator};
use onramp_core::vocabulary::Vocabulary;
use onramp_core::Role;

use crate::browser_support::{browser, sign_in, start_driver, wait_for, wait_for_path};
use crate::registry_support::{applied_and_confirmed, published_agreement, staff};
use crate::support::{TestApp, TestBackend};

/// The stored names people must never read: those with an underscore, which no English word has
/// (single words such as `active` are also the words of their labels).
fn internal_codes() -> Vec<&'static str> {
    fn names<V: Vocabulary>() -> Vec<&'static str> {
        V::all().iter().map(|value| value.name()).collect()
    }
    use onramp_core::registry::{agreement, evidence, lifecycle, partner, tier};
    [
        names::<Role>(),
        names::<lifecycle::OrganizationState>(),
        names::<lifecycle::Action>(),
        names::<partner::Category>(),
        names::<partner::OrganizationType>(),
        names::<partner::SizeBand>(),
        names::<evidence::EvidenceKind>(),
        names::<agreement::AgreementKind>(),
        names::<agreement::TemplateState>(),
        names::<tier::Tier>(),
        names::<tier::Capability>(),
        names::<onramp_core::platform::jobs::JobState>(),
        names::<onramp_core::tracks::enrollment::TaskStatus>(),
        names::<onramp_core::tracks::enrollment::GateStatus>(),
        names::<onramp_core::tracks::enrollment::EnrollmentState>(),
        names::<onramp_core::sandbox::EnvironmentKind>(),
        names::<onramp_core::sandbox::ValidationPolicy>(),
        names::<onramp_core::sandbox::ClientAuthMethod>(),
        names::<onramp_core::sandbox::AccessState>(),
    ]
    .concat()
    .into_iter()
    .filter(|name| name.contains('_'))
    .collect()
}

/// Whether `code` appears in `text` as a word of its own (not inside an email address such as
/// `program_admin@example.org`, which the test's own users have).
fn shows_as_word(text: &str, code: &str) -> bool {
    text.match_indices(code).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + code.len()..].chars().next();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
            && !after.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '@')
    })
}

/// What one submission left on the screen, checked.
async fn check_page(client: &Client, context: &str, codes: &[&str]) {
    let body = wait_for(client, "body").await.text().await.unwrap();
    for code in codes {
        assert!(
            !shows_as_word(&body, code),
            "{context}: the page shows the internal code {code:?}:\n{body}"
        );
    }
    let links = client
        .find_all(Locator::Css("header.site nav a"))
        .await
        .unwrap();
    assert!(
        links.len() >= 2,
        "{context}: the page has no navigation:\n{body}"
    );
    for entry in client
        .find_all(Locator::Css(".error-summary li"))
        .await
        .unwrap()
    {
        let Ok(link) = entry.find(Locator::Css("a")).await else {
            continue;
        };
        let target = link.attr("href").await.unwrap().unwrap_or_default();
        let id = target.trim_start_matches('#');
        let found = client
            .find(Locator::Css(&format!("[id='{id}']")))
            .await
            .is_ok();
        assert!(
            found,
            "{context}: the summary links to #{id}, which is not on the page"
        );
        let text = entry.text().await.unwrap();
        assert!(
            text.contains(':'),
            "{context}: the summary entry {text:?} does not name its field"
        );
    }
}

/// The visible fields of the `index`th post form that has any: `(id, kind)`.
async fn fields_of(client: &Client, index: usize) -> Option<(String, Vec<(String, String)>)> {
    let script = r#"
        const forms = [...document.querySelectorAll('main form[method=post]')].filter(form =>
            [...form.elements].some(element => element.id && element.type !== 'hidden'
                && element.type !== 'submit' && element.type !== 'checkbox' && element.type !== 'file'));
        const form = forms[arguments[0]];
        if (!form) { return null; }
        form.setAttribute('data-under-test', 'yes');
        return [form.getAttribute('action'), [...form.elements]
            .filter(element => element.id && ['text','email','password','number','date','url','textarea','select-one'].includes(element.type))
            .map(element => [element.id, element.type])];
    "#;
    let value = client
        .execute(script, vec![serde_json::json!(index)])
        .await
        .unwrap();
    let action = value.get(0)?.as_str()?.to_owned();
    let fields = value
        .get(1)?
        .as_array()?
        .iter()
        .filter_map(|pair| {
            Some((
                pair.get(0)?.as_str()?.to_owned(),
                pair.get(1)?.as_str()?.to_owned(),
            ))
        })
        .collect();
    Some((action, fields))
}

/// A bad value for a field of this kind.
fn bad_value(kind: &str) -> &'static str {
    match kind {
        "email" => "not-an-address@",
        "number" => "-5",
        "date" => "",
        "url" => "ftp://nowhere",
        _ => "x",
    }
}

/// Fills the form under test (empty, or with bad values) and submits it.
async fn submit_form_under_test(client: &Client, fields: &[(String, String)], bad: bool) {
    let script = r#"
        const form = document.querySelector('form[data-under-test]');
        for (const [id, kind, value] of arguments[0]) {
            const element = document.getElementById(id);
            if (kind === 'select-one') {
                if (arguments[1]) {
                    element.add(new Option('bogus', 'bogus_value'));
                    element.value = 'bogus_value';
                } else {
                    element.value = '';
                }
            } else if (kind !== 'date' || !arguments[1]) {
                element.value = value;
            }
        }
        form.noValidate = true;
        HTMLFormElement.prototype.submit.call(form);
    "#;
    let values: Vec<serde_json::Value> = fields
        .iter()
        .map(|(id, kind)| serde_json::json!([id, kind, if bad { bad_value(kind) } else { "" }]))
        .collect();
    client
        .execute(
            script,
            vec![serde_json::json!(values), serde_json::json!(bad)],
        )
        .await
        .unwrap();
    // The submission navigates: wait until the marked form is gone.
    for _ in 0..200 {
        let still_here = client
            .find(Locator::Css("form[data-under-test]"))
            .await
            .is_ok();
        if !still_here {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// Every post form of `path`, empty then with bad values; returns how many submissions ran.
async fn pass_over(client: &Client, base: &str, path: &str, codes: &[&str]) -> usize {
    client.goto(&format!("{base}{path}")).await.unwrap();
    check_page(client, path, codes).await;
    let mut n_submitted = 0;
    for index in 0.. {
        client.goto(&format!("{base}{path}")).await.unwrap();
        let Some((action, fields)) = fields_of(client, index).await else {
            break;
        };
        for bad in [false, true] {
            client.goto(&format!("{base}{path}")).await.unwrap();
            if fields_of(client, index).await.is_none() {
                break;
            }
            submit_form_under_test(client, &fields, bad).await;
            n_submitted += 1;
            let context = format!(
                "{path}, form {action} {}",
                if bad { "with bad values" } else { "empty" }
            );
            check_page(client, &context, codes).await;
            let refused = client.find(Locator::Css(".error-summary")).await.is_ok();
            if !(bad && refused) {
                continue;
            }
            // The input is kept: each text field the person typed in shows what they typed.
            for (id, kind) in &fields {
                if matches!(kind.as_str(), "password" | "select-one" | "date" | "number") {
                    continue;
                }
                let Ok(element) = client.find(Locator::Css(&format!("[id='{id}']"))).await else {
                    continue;
                };
                let value = element.prop("value").await.unwrap().unwrap_or_default();
                assert_eq!(value, bad_value(kind), "{context}: #{id} lost the input");
            }
        }
    }
    n_submitted
}

#[tokio::test]
async fn every_form_refused_keeps_its_input_names_its_fields_and_shows_no_codes() {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr: SocketAddr = listener.local_addr().unwrap();
    let base = format!("http://{addr}");
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
    })
    .await;
    let mut reviewer = staff(&app, Role::ProgramAdmin).await;
    let agreement = published_agreement(&mut reviewer, "participation", None).await;
    let (organization_id, _) = applied_and_confirmed(
        &app,
        "Lakeside Health",
        "lakeside.test",
        "ada@lakeside.test",
    )
    .await;
    app.user("grace@onramp.test", Role::ProgramAdmin, None)
        .await;
    // A small track (three steps, a checklist, a document, gates) keeps the pass short; the
    // enrollment page draws the same forms for every track.
    let uploaded = crate::registry_support::post(
        &mut reviewer,
        "/api/v1/tracks",
        serde_json::json!({ "source": crate::tracks_flow::probe_track(1) }),
    )
    .await;
    assert_eq!(uploaded.status.as_u16(), 201, "{}", uploaded.body);
    let enrolled = crate::registry_support::post(
        &mut reviewer,
        "/api/v1/enrollments",
        serde_json::json!({"organization_id": organization_id, "track": "gate-probe"}),
    )
    .await;
    assert_eq!(enrolled.status.as_u16(), 201, "{}", enrolled.body);
    let enrollment = format!("/enrollments/{}", enrolled.json()["id"].as_str().unwrap());
    let opened = crate::registry_support::post(
        &mut reviewer,
        &format!("/api/v1{enrollment}/environments"),
        serde_json::json!({"kind": "sandbox"}),
    )
    .await;
    assert_eq!(opened.status.as_u16(), 201, "{}", opened.body);
    let environment = format!("/environments/{}", opened.json()["id"].as_str().unwrap());
    app.drain_jobs().await;

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let codes = internal_codes();
    assert!(codes.contains(&"under_review") && codes.contains(&"dns_txt"));
    let mut n_submitted = 0;

    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;
    for path in [
        "/",
        "/login",
        "/register",
        "/password/forgot",
        "/directory",
        "/agreements/verify?sha256=abc",
        "/nowhere",
        "/staff/organizations?page=abc",
    ] {
        n_submitted += pass_over(&client, &base, path, &codes).await;
    }

    sign_in(&client, &base, "ada@lakeside.test").await;
    wait_for_path(&client, "/").await;
    for path in [
        "/".to_owned(),
        "/partner".to_owned(),
        format!("/partner/agreements/{agreement}"),
        "/partner/webhooks".to_owned(),
        "/account".to_owned(),
        "/account/second-factor".to_owned(),
        format!("/staff/organizations/{organization_id}"),
        "/enrollments".to_owned(),
        "/tasks".to_owned(),
        enrollment.clone(),
        environment.clone(),
    ] {
        n_submitted += pass_over(&client, &base, &path, &codes).await;
    }
    client.delete_all_cookies().await.unwrap();

    sign_in(&client, &base, "grace@onramp.test").await;
    wait_for_path(&client, "/").await;
    for path in [
        "/".to_owned(),
        "/staff/organizations".to_owned(),
        "/staff/organizations?page=99".to_owned(),
        format!("/staff/organizations/{organization_id}"),
        "/staff/agreements".to_owned(),
        "/admin/users".to_owned(),
        "/admin/audit".to_owned(),
        "/admin/audit?from=yesterday".to_owned(),
        "/admin/jobs".to_owned(),
        "/admin/jobs?state=nonsense".to_owned(),
        "/admin/webhooks".to_owned(),
        "/admin/security".to_owned(),
        "/account".to_owned(),
        "/account/tokens".to_owned(),
        "/tracks".to_owned(),
        "/tracks/connected-partner".to_owned(),
        "/enrollments".to_owned(),
        "/enrollments?per_page=abc".to_owned(),
        "/tasks".to_owned(),
        enrollment.clone(),
        environment.clone(),
    ] {
        n_submitted += pass_over(&client, &base, &path, &codes).await;
    }
    assert!(n_submitted >= 30, "only {n_submitted} submissions ran");

    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
