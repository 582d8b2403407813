//! `onramp admin create-user`, `onramp admin create-token` and `onramp migrate`.

use crate::support::run;

#[test]
fn create_user_explains_bad_input_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        None,
        &[
            "admin",
            "create-user",
            "--email",
            "not-an-email",
            "--name",
            "X",
            "--role",
            "trainer",
            "--password-stdin",
        ],
        "short\n",
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("--email"), "{stderr}");
    assert!(stderr.contains("--password"), "{stderr}");

    let output = run(
        dir.path(),
        None,
        &[
            "admin",
            "create-user",
            "--email",
            "a@b.org",
            "--name",
            "X",
            "--role",
            "partner_admin",
            "--password-stdin",
        ],
        "a long enough password\n",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("organization"));

    let output = run(
        dir.path(),
        None,
        &[
            "admin",
            "create-user",
            "--email",
            "a@b.org",
            "--name",
            "X",
            "--role",
            "boss",
        ],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("program_admin"));

    let verify = run(dir.path(), None, &["audit", "verify"], "");
    assert!(String::from_utf8_lossy(&verify.stdout).contains("0 events"));
}

#[test]
fn a_generated_password_is_printed_once_and_a_duplicate_email_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let args = [
        "admin",
        "create-user",
        "--email",
        "ada@example.org",
        "--name",
        "Ada",
        "--role",
        "program_admin",
    ];
    let output = run(dir.path(), None, &args, "");
    assert!(output.status.success());
    assert!(String::from_utf8_lossy(&output.stdout).contains("password: "));
    let again = run(dir.path(), None, &args, "");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
}

#[test]
fn migrate_brings_a_new_database_up_to_date() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(dir.path(), None, &["migrate"], "");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("current"));
}

#[test]
fn create_token_prints_a_token_that_authenticates_and_refuses_unknown_users() {
    let dir = tempfile::tempdir().unwrap();
    crate::support::create_user(dir.path(), None, "ops@exchange.test", "program_admin");
    let output = run(
        dir.path(),
        None,
        &[
            "admin",
            "create-token",
            "--email",
            "ops@exchange.test",
            "--name",
            "nightly export",
            "--days",
            "30",
        ],
        "",
    );
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let token = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    assert!(token.starts_with("onr_"), "{token}");

    let unknown = run(
        dir.path(),
        None,
        &[
            "admin",
            "create-token",
            "--email",
            "nobody@exchange.test",
            "--name",
            "x",
        ],
        "",
    );
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no user"));

    let server = crate::support::Server::start(dir.path(), None);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let me = agent
        .get(&format!("{}/api/v1/me", server.base))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(me.status().as_u16(), 200);
    let denied = agent
        .get(&format!("{}/api/v1/me", server.base))
        .header("Authorization", "Bearer onr_not-a-token")
        .call()
        .unwrap();
    assert_eq!(denied.status().as_u16(), 401);
    drop(server);

    let verify = run(dir.path(), None, &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{stdout}");
}
