//! In headless Chromium, a partner developer's way through a certification: from the navigation
//! to Training, the nurse curriculum (no prerequisites) started, each module read through its page
//! ("Mark as read", then the "Next:" link), an attempt started and every drawn question answered
//! right by clicking the radio buttons and checkboxes labelled with the right answers — taken
//! from the course document `training/nurse-curriculum.json`, since the page never says which
//! they are (its source holds no `correct`) —, the result "Passed", the certificate listed on
//! Training, and its public page, signed out, saying it is valid. Skipped with a notice where
//! chromedriver is missing (CI has it).

use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use onramp_core::Role;
use serde_json::Value;

use crate::browser_support::{
    browser, sign_out, start_driver, wait_for, wait_for_path, wait_for_text,
};
use crate::support::{TestApp, TestBackend};

const COURSE: &str = "nurse-curriculum";

/// The course document as the repository ships it (the built-in curricula are loaded from it).
fn course_document() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../training")
        .join(format!("{COURSE}.json"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// `text` as an XPath string literal, whatever quotes it holds.
fn xpath_literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

async fn sign_in(client: &Client, base: &str, email: &str) {
    crate::browser_support::sign_in(client, base, email).await;
    wait_for_text(client, "main h1", "Welcome").await;
}

/// Waits for the element at `xpath` and clicks it.
async fn click_xpath(client: &Client, xpath: &str) {
    client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(xpath))
        .await
        .unwrap_or_else(|error| panic!("{xpath} never appeared: {error}"))
        .click()
        .await
        .unwrap();
}

/// Clicks the submit button saying `text` of the form posting to `action`.
async fn press(client: &Client, action: &str, text: &str) {
    click_xpath(
        client,
        &format!(
            "//main//form[@action={}]//button[@type='submit'][normalize-space()={}]",
            xpath_literal(action),
            xpath_literal(text)
        ),
    )
    .await;
}

/// Waits until the browser is at a path starting with `prefix`; that path.
async fn wait_for_path_starting(client: &Client, prefix: &str) -> String {
    for _ in 0..200 {
        let path = client.current_url().await.unwrap().path().to_owned();
        if path.starts_with(prefix) && path.len() > prefix.len() {
            return path;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!(
        "the browser never reached {prefix}…: {}",
        client.source().await.unwrap()
    );
}

/// Opens Training from the main navigation.
async fn open_training(client: &Client) {
    wait_for(client, "header.site nav.bar a[href='/training']")
        .await
        .click()
        .await
        .unwrap();
    wait_for_path(client, "/training").await;
    wait_for_text(client, "main h1", "Training").await;
}

/// The labels of the right answers to `question` of the course document.
fn right_labels(question: &Value) -> Vec<String> {
    match question["kind"].as_str().unwrap() {
        "single_choice" | "multiple_choice" => question["choices"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|choice| choice["correct"] == Value::Bool(true))
            .map(|choice| choice["text"].as_str().unwrap().to_owned())
            .collect(),
        "true_false" => {
            let answer = question["answer"].as_bool().unwrap();
            vec![if answer { "True" } else { "False" }.to_owned()]
        }
        other => panic!("{}: a {other} question needs a trainer", question["key"]),
    }
}

/// Clicks, inside the question's `fieldset`, the control labelled `text`; it is then selected.
async fn choose_labelled(client: &Client, fieldset: &Element, text: &str) -> String {
    let label = fieldset
        .find(Locator::XPath(&format!(
            ".//label[normalize-space()={}]",
            xpath_literal(text)
        )))
        .await
        .unwrap_or_else(|error| panic!("no answer labelled {text:?}: {error}"));
    let id = label.attr("for").await.unwrap().unwrap();
    let control = client.find(Locator::Id(&id)).await.unwrap();
    control.click().await.unwrap();
    assert!(
        control.is_selected().await.unwrap(),
        "{text:?} is not selected"
    );
    id
}

#[tokio::test]
async fn in_a_browser_a_partner_developer_reads_the_nurse_curriculum_passes_its_assessment_and_the_certificate_verifies(
) {
    let Some(driver) = start_driver().await else {
        return;
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = TestApp::with_config(&TestBackend::Sqlite, |config| {
        config.public_base_url = base.clone();
    })
    .await;
    let developer = app
        .user(
            "dev@acme.example",
            Role::PartnerDeveloper,
            Some("Acme Clinic"),
        )
        .await;
    let document = course_document();
    let title = document["title"].as_str().unwrap().to_owned();
    let modules = document["modules"].as_array().unwrap().clone();
    assert!(
        document["prerequisites"]
            .as_array()
            .is_none_or(|prerequisites| prerequisites.is_empty()),
        "the nurse curriculum is taken without prerequisites"
    );
    assert!(
        modules.iter().all(|module| module["link"].is_null()),
        "every module is read in the portal"
    );
    let assessment = document["assessment"].clone();
    let bank = assessment["questions"].as_array().unwrap().clone();
    let certification = document["certification"]["title"]
        .as_str()
        .unwrap()
        .to_owned();

    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(onramp_server::serve(app.state.clone(), listener, async {
        let _ = stopped.await;
    }));
    let profile = tempfile::tempdir().unwrap();
    let client = browser(&driver, profile.path()).await;

    // From the navigation to Training, and to the course in the catalogue.
    sign_in(&client, &base, &developer.email).await;
    open_training(&client).await;
    let course_path = format!("/training/courses/{COURSE}");
    click_xpath(
        &client,
        &format!(
            "//main//h2[normalize-space()='Courses']/following-sibling::table[1]//a[@href='{course_path}']"
        ),
    )
    .await;
    wait_for_path(&client, &course_path).await;
    wait_for_text(&client, "main h1", &title).await;

    // The course is started.
    press(&client, &format!("{course_path}/start"), "Start the course").await;
    wait_for_text(&client, "main div.card", "Started").await;
    assert!(
        client
            .find(Locator::Css(&format!(
                "main form[action='{course_path}/start']"
            )))
            .await
            .is_err(),
        "a started course offers no start"
    );

    // Every module is read through its page, the next one reached by its "Next:" link.
    wait_for(&client, "main ol.modules li a")
        .await
        .click()
        .await
        .unwrap();
    for (index, module) in modules.iter().enumerate() {
        let key = module["key"].as_str().unwrap();
        let module_path = format!("{course_path}/modules/{key}");
        wait_for_path(&client, &module_path).await;
        wait_for_text(&client, "main h1", module["title"].as_str().unwrap()).await;
        press(&client, &format!("{module_path}/complete"), "Mark as read").await;
        wait_for_text(&client, "main p.status", "Done").await;
        wait_for_path(&client, &module_path).await;
        assert!(
            client
                .find(Locator::Css(&format!(
                    "main form[action='{module_path}/complete']"
                )))
                .await
                .is_err(),
            "{key}: a module read offers no form"
        );
        let next = client
            .find(Locator::XPath(
                "//main//p[starts-with(normalize-space(), 'Next:')]/a",
            ))
            .await;
        match modules.get(index + 1) {
            Some(following) => {
                let next = next.unwrap_or_else(|error| panic!("{key}: no Next: link: {error}"));
                assert_eq!(
                    next.text().await.unwrap(),
                    following["title"].as_str().unwrap()
                );
                next.click().await.unwrap();
            }
            None => assert!(next.is_err(), "the last module has no Next: link"),
        }
    }

    // Back on the course, every module is done; an attempt starts.
    click_xpath(
        &client,
        &format!(
            "//main//p/a[@href='{course_path}'][contains(., {})]",
            xpath_literal(&title)
        ),
    )
    .await;
    wait_for_path(&client, &course_path).await;
    wait_for_text(&client, "main h1", &title).await;
    let done = client
        .find_all(Locator::Css("main ol.modules li .badge"))
        .await
        .unwrap();
    assert_eq!(done.len(), modules.len(), "every module says Done");
    press(
        &client,
        &format!("{course_path}/attempts"),
        "Start an attempt",
    )
    .await;
    let attempt_path = wait_for_path_starting(&client, "/training/attempts/").await;
    wait_for_text(&client, "main h1", "Assessment").await;
    wait_for_text(&client, "main p.status", "In progress").await;
    let submit_action = format!("{attempt_path}/submit");
    wait_for(
        &client,
        &format!("main form[action='{submit_action}'] fieldset.question"),
    )
    .await;
    // Nothing in the page tells a right answer before the answers are in.
    let source = client.source().await.unwrap();
    assert!(
        !source.to_lowercase().contains("correct"),
        "the attempt page gives the answers away: {source}"
    );

    // Every drawn question, answered by clicking the controls labelled with its right answers.
    let fieldsets = client
        .find_all(Locator::Css(&format!(
            "main form[action='{submit_action}'] fieldset.question"
        )))
        .await
        .unwrap();
    let per_attempt = assessment["questions_per_attempt"]
        .as_u64()
        .map_or(bank.len(), |n| usize::try_from(n).unwrap());
    assert_eq!(fieldsets.len(), per_attempt, "the drawn questions");
    let mut answered = Vec::new();
    for fieldset in &fieldsets {
        let id = fieldset.attr("id").await.unwrap().unwrap();
        let key = id
            .strip_prefix("attempt-q.")
            .unwrap_or_else(|| panic!("{id} names no question"))
            .to_owned();
        assert!(!answered.contains(&key), "{key} is drawn twice");
        let question = bank
            .iter()
            .find(|question| question["key"] == key.as_str())
            .unwrap_or_else(|| panic!("{key} is not in the course document"));
        let legend = fieldset
            .find(Locator::Css("legend"))
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            legend.contains(question["prompt"].as_str().unwrap()),
            "{key}: {legend}"
        );
        let mut chosen = Vec::new();
        for label in right_labels(question) {
            chosen.push(choose_labelled(&client, fieldset, &label).await);
        }
        // Only the right answers are selected (a radio group keeps one; checkboxes add up).
        for control in fieldset
            .find_all(Locator::Css("input[type=radio], input[type=checkbox]"))
            .await
            .unwrap()
        {
            let id = control.attr("id").await.unwrap().unwrap();
            assert_eq!(
                control.is_selected().await.unwrap(),
                chosen.contains(&id),
                "{key}: {id}"
            );
        }
        answered.push(key);
    }
    click_xpath(
        &client,
        &format!(
            "//main//form[@action='{submit_action}']//button[@type='submit'][normalize-space()='Submit my answers']"
        ),
    )
    .await;
    wait_for_text(&client, "main p.status", "Passed").await;
    wait_for_path(&client, &attempt_path).await;
    wait_for_text(&client, "main p.status", "score 100 %").await;
    assert!(
        client
            .find(Locator::Css(&format!(
                "main form[action='{submit_action}']"
            )))
            .await
            .is_err(),
        "a submitted attempt takes no more answers"
    );

    // Training lists the certificate; its link leads to the public page.
    open_training(&client).await;
    let certificates = "//main//div[h2[normalize-space()='Certificates']]";
    let link = client
        .wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::XPath(&format!(
            "{certificates}//a[starts-with(@href, '/verify/training/')][normalize-space()={}]",
            xpath_literal(&certification)
        )))
        .await
        .unwrap_or_else(|error| panic!("no certificate listed: {error}"));
    let row = client
        .find(Locator::XPath(&format!(
            "{certificates}//tr[td/a[starts-with(@href, '/verify/training/')]]"
        )))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(row.contains("Valid"), "{row}");
    link.click().await.unwrap();
    let verify_path = wait_for_path_starting(&client, "/verify/training/").await;
    let certificate_id = verify_path.trim_start_matches("/verify/training/");
    let stored =
        onramp_store::training::certificates::latest(app.state.store.pool(), &developer.id, COURSE)
            .await
            .unwrap()
            .expect("the pass certifies");
    assert_eq!(stored.id, certificate_id);

    // Signed out, the public page says the certificate is valid.
    sign_out(&client).await;
    client.goto(&format!("{base}{verify_path}")).await.unwrap();
    wait_for_text(&client, "main h1", &certification).await;
    wait_for_text(&client, "main p.status", "This certificate is valid until").await;
    let page = wait_for(&client, "main").await.text().await.unwrap();
    assert!(
        page.contains(&developer.name)
            && page.contains("Acme Clinic")
            && page.contains("Nurse curriculum: the health information exchange"),
        "{page}"
    );
    assert!(
        client
            .find(Locator::Css("form[action='/logout']"))
            .await
            .is_err(),
        "the page is seen signed out"
    );
    assert!(
        client
            .find(Locator::Css("main form[action$='/revoke']"))
            .await
            .is_err(),
        "a visitor cannot revoke"
    );

    client.close().await.unwrap();
    let _ = stop.send(());
    server.await.unwrap().unwrap();
}
