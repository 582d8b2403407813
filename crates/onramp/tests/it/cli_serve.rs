//! `onramp serve` as a process: sessions survive a restart, two instances on one PostgreSQL share
//! sessions, SIGTERM stops it cleanly, bad settings stop start-up with a message naming them.

use crate::support::{create_user, onramp, postgres_url, Browser, Server};

#[test]
fn a_session_survives_a_server_restart() {
    let dir = tempfile::tempdir().unwrap();
    create_user(dir.path(), None, "ada@example.org", "trainer");
    let server = Server::start(dir.path(), None);
    let mut browser = Browser::new();
    let login = browser.login(&server.base, "ada@example.org");
    assert_eq!(login.status, 303, "{}", login.body);
    assert_eq!(login.location.as_deref(), Some("/"));
    assert_eq!(browser.get(&format!("{}/account", server.base)).status, 200);
    assert!(server.stop(), "SIGTERM stops the server with exit code 0");

    let restarted = Server::start(dir.path(), None);
    let account = browser.get(&format!("{}/account", restarted.base));
    assert_eq!(
        account.status, 200,
        "the session cookie still works after a restart"
    );
    assert!(account.body.contains("ada@example.org"));
}

#[tokio::test]
async fn two_instances_on_one_postgres_database_accept_the_same_session() {
    let Some(url) = postgres_url().await else {
        eprintln!("notice: skipping, ONRAMP_TEST_POSTGRES_URL is not set");
        return;
    };
    let dir_a = tempfile::tempdir().unwrap();
    let dir_b = tempfile::tempdir().unwrap();
    create_user(dir_a.path(), Some(&url), "ada@example.org", "program_admin");
    let (first, second) = (
        Server::start(dir_a.path(), Some(&url)),
        Server::start(dir_b.path(), Some(&url)),
    );
    let mut browser = Browser::new();
    assert_eq!(browser.login(&first.base, "ada@example.org").status, 303);
    let on_second = browser.get(&format!("{}/admin/audit", second.base));
    assert_eq!(on_second.status, 200);
    assert!(on_second.body.contains("session.created"));
    // A form rendered by one instance is accepted by the other: the CSRF key is shared.
    let page = browser.get(&format!("{}/admin/security", first.base));
    let token = page.input_value("csrf_token").unwrap();
    let saved = browser.post_form(
        &format!("{}/admin/security", second.base),
        &[("csrf_token", &token), ("require_mfa", "trainer")],
    );
    assert_eq!(saved.status, 303);
    // Signing out on the second ends the session on the first too.
    let page = browser.get(&format!("{}/", second.base));
    let token = page.input_value("csrf_token").unwrap();
    browser.post_form(
        &format!("{}/logout", second.base),
        &[("csrf_token", &token)],
    );
    let mut stale = Browser::new();
    stale.cookies = browser.cookies.clone();
    assert_eq!(stale.get(&format!("{}/account", first.base)).status, 303);
}

#[test]
fn a_bad_setting_stops_start_up_naming_the_setting() {
    let dir = tempfile::tempdir().unwrap();
    let output = onramp()
        .args(["serve", "--bind", "not-an-address", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("bind"), "{stderr}");

    std::fs::write(
        dir.path().join("onramp.toml"),
        "public_base_url = \"onramp.example\"\n",
    )
    .unwrap();
    let output = onramp()
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("public_base_url"));

    let output = onramp()
        .args(["serve", "--data-dir"])
        .arg(dir.path())
        .env("ONRAMP_DATABASE_URL", "mysql://nope")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("database_url"));
}

#[test]
fn every_subcommand_explains_itself() {
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "create-user", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "export", "--help"],
    ] {
        let output = onramp().args(&args).output().unwrap();
        assert!(output.status.success(), "{args:?}");
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("Usage:"), "{args:?}: {text}");
    }
}
