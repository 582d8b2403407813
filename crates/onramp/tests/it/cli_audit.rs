//! `onramp audit verify` and `onramp audit export` against a real database file.

use sqlx::Executor;

use crate::support::{create_user, run};

#[tokio::test]
async fn verify_passes_then_names_the_event_that_was_edited() {
    let dir = tempfile::tempdir().unwrap();
    create_user(dir.path(), None, "ada@example.org", "program_admin");
    create_user(dir.path(), None, "bob@example.org", "support_agent");
    let output = run(dir.path(), None, &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{stdout}");
    assert!(stdout.contains("audit chain intact: 2 events"), "{stdout}");

    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", dir.path().join("onramp.db").display());
    let mut connection = <sqlx::AnyConnection as sqlx::Connection>::connect(&url)
        .await
        .unwrap();
    connection
        .execute("UPDATE audit_events SET actor_label = 'someone else' WHERE seq = 2")
        .await
        .unwrap();
    let output = run(dir.path(), None, &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("BROKEN at event 2"), "{stdout}");
}

#[test]
fn export_writes_fhir_audit_events_one_per_line() {
    let dir = tempfile::tempdir().unwrap();
    create_user(dir.path(), None, "ada@example.org", "program_admin");
    let output = run(
        dir.path(),
        None,
        &["audit", "export", "--format", "fhir-ndjson"],
        "",
    );
    assert!(output.status.success());
    let stdout = String::from_utf8_lossy(&output.stdout);
    let resources: Vec<serde_json::Value> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(resources.len(), 1);
    let event = &resources[0];
    assert_eq!(event["resourceType"], "AuditEvent");
    assert_eq!(event["subtype"][0]["code"], "user.created");
    assert_eq!(event["agent"][0]["who"]["display"], "cli");
    assert!(event["recorded"].as_str().unwrap().ends_with('Z'));
}
