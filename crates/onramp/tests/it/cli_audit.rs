//! `onramp audit verify`, `onramp audit checkpoint` and `onramp audit export` against a real
//! database file, tampered with as someone with write access to it (and not the keys) would.

use std::path::Path;

use onramp_store::platform::audit::{self, AuditEvent};
use sqlx::Executor;

use crate::support::{create_user, run};

async fn database(dir: &Path) -> sqlx::AnyPool {
    sqlx::any::install_default_drivers();
    let url = format!("sqlite://{}", dir.join("onramp.db").display());
    sqlx::AnyPool::connect(&url).await.unwrap()
}

fn with_users(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for index in 0..n {
        create_user(
            dir.path(),
            None,
            &format!("user{index}@example.org"),
            "support_agent",
        );
    }
    dir
}

fn checkpoint(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("checkpoint.json");
    let output = run(
        dir,
        None,
        &["audit", "checkpoint", "-o", path.to_str().unwrap()],
        "",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("audit checkpoint written to"), "{stdout}");
    path
}

/// `onramp audit verify --checkpoint FILE`: the exit code and standard output.
fn verify_against(dir: &Path, checkpoint: &Path) -> (Option<i32>, String) {
    let output = run(
        dir,
        None,
        &[
            "audit",
            "verify",
            "--checkpoint",
            checkpoint.to_str().unwrap(),
        ],
        "",
    );
    (
        output.status.code(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

async fn set_head(pool: &sqlx::AnyPool, seq: i64, hash: &str) {
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(hash)
        .execute(pool)
        .await
        .unwrap();
}

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

#[tokio::test]
async fn a_checkpoint_verifies_then_catches_truncation_with_a_rewound_head() {
    let dir = with_users(3);
    let checkpoint_file = checkpoint(dir.path());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&checkpoint_file).unwrap()).unwrap();
    assert_eq!(written["seq"], 3);
    let (code, output) = verify_against(dir.path(), &checkpoint_file);
    assert_eq!(code, Some(0), "{output}");
    assert!(
        output.contains("audit checkpoint matches: event 3"),
        "{output}"
    );
    // The public key beside the signing key verifies it too.
    let public_key = dir.path().join("audit-signing.key.pub");
    let output = run(
        dir.path(),
        None,
        &[
            "audit",
            "verify",
            "--checkpoint",
            checkpoint_file.to_str().unwrap(),
            "--public-key",
            public_key.to_str().unwrap(),
        ],
        "",
    );
    assert!(output.status.success());

    // The attack: remove the last two events and rewind the head to the first.
    let pool = database(dir.path()).await;
    let first = audit::event_at(&pool, 1).await.unwrap().unwrap();
    pool.execute("DELETE FROM audit_events WHERE seq >= 2")
        .await
        .unwrap();
    set_head(&pool, 1, &first.hash).await;
    let (code, output) = verify_against(dir.path(), &checkpoint_file);
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("audit chain intact: 1 events"), "{output}");
    assert!(
        output.contains("audit checkpoint MISMATCH at event 2"),
        "{output}"
    );
    assert!(output.contains("events 2 to 3 were removed"), "{output}");
}

#[tokio::test]
async fn verify_catches_an_emptied_trail() {
    let dir = with_users(2);
    let checkpoint_file = checkpoint(dir.path());
    let pool = database(dir.path()).await;
    pool.execute("DELETE FROM audit_events").await.unwrap();
    set_head(&pool, 0, audit::GENESIS_HASH).await;
    let (code, output) = verify_against(dir.path(), &checkpoint_file);
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("the trail was emptied"), "{output}");
}

#[tokio::test]
async fn verify_catches_a_chain_recomputed_without_the_key() {
    let dir = with_users(3);
    let checkpoint_file = checkpoint(dir.path());
    // The attack the plain SHA-256 chain allowed: edit event 2, recompute every hash after it.
    let pool = database(dir.path()).await;
    let mut events: Vec<AuditEvent> = Vec::new();
    audit::for_each_in_order(&pool, |event| {
        events.push(event);
        Ok(())
    })
    .await
    .unwrap();
    let mut prev_hash = events[0].hash.clone();
    for event in events.iter_mut().skip(1) {
        if event.seq == 2 {
            event.actor_label = "someone else".to_owned();
        }
        event.prev_hash = prev_hash.clone();
        event.hash = event.legacy_hash();
        sqlx::query(
            "UPDATE audit_events SET actor_label = $1, prev_hash = $2, hash = $3 WHERE seq = $4",
        )
        .bind(&event.actor_label)
        .bind(&event.prev_hash)
        .bind(&event.hash)
        .bind(event.seq)
        .execute(&pool)
        .await
        .unwrap();
        prev_hash = event.hash.clone();
    }
    set_head(&pool, 3, &prev_hash).await;

    let output = run(dir.path(), None, &["audit", "verify"], "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("BROKEN at event 2"), "{stdout}");
    assert!(stdout.contains("recomputed without the key"), "{stdout}");
    let (code, output) = verify_against(dir.path(), &checkpoint_file);
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("MISMATCH at event 3"), "{output}");
}

#[test]
fn missing_keys_and_checkpoints_are_exit_2_and_altered_checkpoints_exit_1() {
    let dir = with_users(1);
    let checkpoint_file = checkpoint(dir.path());

    let (code, output) = verify_against(dir.path(), &dir.path().join("nowhere.json"));
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("cannot read the checkpoint"), "{output}");

    let mut altered: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&checkpoint_file).unwrap()).unwrap();
    altered["seq"] = serde_json::json!(0);
    let altered_file = dir.path().join("altered.json");
    std::fs::write(&altered_file, altered.to_string()).unwrap();
    let (code, output) = verify_against(dir.path(), &altered_file);
    assert_eq!(code, Some(1), "{output}");
    assert!(output.contains("audit checkpoint REJECTED"), "{output}");

    std::fs::remove_file(dir.path().join("audit-signing.key")).unwrap();
    let (code, output) = verify_against(dir.path(), &checkpoint_file);
    assert_eq!(code, Some(2), "{output}");
    assert!(output.contains("audit signing key file"), "{output}");

    std::fs::remove_file(dir.path().join("audit-chain.key")).unwrap();
    let output = run(dir.path(), None, &["audit", "verify"], "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read the audit chain key file"),
        "{stderr}"
    );
}

#[test]
fn the_chain_key_is_created_once_in_the_data_directory_and_used_after() {
    let dir = with_users(1);
    let key_file = dir.path().join("audit-chain.key");
    let key = std::fs::read_to_string(&key_file).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    create_user(dir.path(), None, "second@example.org", "trainer");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), key);
    // Another key file: the chain does not verify under it.
    let other = dir.path().join("other.key");
    std::fs::write(&other, "ab".repeat(32)).unwrap();
    let output = run(
        dir.path(),
        None,
        &[
            "audit",
            "verify",
            "--audit-key-file",
            other.to_str().unwrap(),
        ],
        "",
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("not with the configured chain key"),
        "{stdout}"
    );
}
