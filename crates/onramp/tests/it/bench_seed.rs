//! `onramp bench seed`: a small data set seeded by the real executable into a fresh SQLite file
//! (and a PostgreSQL schema when `ONRAMP_TEST_POSTGRES_URL` is set) has the counts asked for, a
//! chain `onramp audit verify` accepts, and is the same for the same seed.

use std::path::Path;

use sqlx::Row;

use crate::support::{postgres_url, run};

const SEED_ARGS: &[&str] = &[
    "bench",
    "seed",
    "--organizations",
    "50",
    "--users-per-org",
    "3",
    "--audit-events",
    "5000",
    "--enrollments",
    "8",
    "--sandbox-messages",
    "300",
    "--tickets",
    "12",
    "--seed",
    "42",
];

fn sqlite_url(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("onramp.db").display())
}

/// Seeds into `dir`'s database (or `database_url`), then checks `onramp audit verify`.
fn seed_and_verify(dir: &Path, database_url: Option<&str>) {
    let output = run(dir, database_url, SEED_ARGS, "");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("audit events in the chain: 5000"),
        "{stdout}"
    );
    let verified = run(dir, database_url, &["audit", "verify"], "");
    let verified_out = String::from_utf8_lossy(&verified.stdout);
    assert!(
        verified.status.success(),
        "{verified_out} {}",
        String::from_utf8_lossy(&verified.stderr)
    );
    assert!(
        verified_out.contains("audit chain intact: 5000 events"),
        "{verified_out}"
    );
}

async fn count(pool: &sqlx::AnyPool, table: &str) -> i64 {
    sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}"))
        .fetch_one(pool)
        .await
        .unwrap()
        .try_get::<i64, _>("n")
        .unwrap()
}

async fn check_counts(url: &str) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    assert_eq!(count(&pool, "organizations").await, 50);
    // Five staff, and three users in each organization.
    assert_eq!(count(&pool, "users").await, 5 + 50 * 3);
    assert_eq!(count(&pool, "enrollments").await, 8);
    assert_eq!(count(&pool, "sandbox_messages").await, 300);
    assert_eq!(count(&pool, "support_tickets").await, 12);
    assert_eq!(count(&pool, "audit_events").await, 5000);
    assert!(count(&pool, "environments").await > 0);
    assert!(count(&pool, "fhir_resources").await > 0);
    assert!(count(&pool, "training_learners").await > 0);
    assert!(count(&pool, "agreement_signatures").await > 0);
    assert!(count(&pool, "verification_evidence").await >= 50);
    let states: Vec<String> =
        sqlx::query("SELECT DISTINCT state FROM organizations ORDER BY state")
            .fetch_all(&pool)
            .await
            .unwrap()
            .iter()
            .map(|row| row.try_get("state").unwrap())
            .collect();
    assert_eq!(
        states,
        ["active", "applied", "retired", "suspended", "under_review"]
    );
    pool.close().await;
}

/// What must not change between two runs with the same seed (ids are random UUIDs and differ).
async fn fingerprint(url: &str) -> Vec<String> {
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let mut lines = Vec::new();
    for row in sqlx::query(
        "SELECT name, state, tier, created_at, contact_email FROM organizations ORDER BY name",
    )
    .fetch_all(&pool)
    .await
    .unwrap()
    {
        lines.push(format!(
            "{} {} {} {} {}",
            row.try_get::<String, _>("name").unwrap(),
            row.try_get::<String, _>("state").unwrap(),
            row.try_get::<String, _>("tier").unwrap(),
            row.try_get::<i64, _>("created_at").unwrap(),
            row.try_get::<String, _>("contact_email").unwrap(),
        ));
    }
    for row in sqlx::query("SELECT seq, at, action, actor_label FROM audit_events ORDER BY seq")
        .fetch_all(&pool)
        .await
        .unwrap()
    {
        lines.push(format!(
            "{} {} {} {}",
            row.try_get::<i64, _>("seq").unwrap(),
            row.try_get::<i64, _>("at").unwrap(),
            row.try_get::<String, _>("action").unwrap(),
            row.try_get::<String, _>("actor_label").unwrap(),
        ));
    }
    pool.close().await;
    lines
}

#[tokio::test]
async fn a_seeded_sqlite_database_has_what_was_asked_verifies_and_repeats_with_its_seed() {
    let first = tempfile::tempdir().unwrap();
    seed_and_verify(first.path(), None);
    check_counts(&sqlite_url(first.path())).await;

    let second = tempfile::tempdir().unwrap();
    seed_and_verify(second.path(), None);
    let (one, two) = (
        fingerprint(&sqlite_url(first.path())).await,
        fingerprint(&sqlite_url(second.path())).await,
    );
    assert_eq!(one.len(), 50 + 5000);
    assert_eq!(one, two);

    // Seeding again into the same database is refused as a usage error.
    let again = run(first.path(), None, SEED_ARGS, "");
    assert_eq!(again.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already has users"));
}

#[tokio::test]
async fn a_seeded_postgres_database_has_what_was_asked_and_verifies() {
    let Some(url) = postgres_url().await else {
        eprintln!("notice: skipping, ONRAMP_TEST_POSTGRES_URL is not set");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    seed_and_verify(dir.path(), Some(&url));
    check_counts(&url).await;
}

#[test]
fn bench_seed_without_organizations_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let output = run(
        dir.path(),
        None,
        &["bench", "seed", "--organizations", "0"],
        "",
    );
    assert_eq!(output.status.code(), Some(2));
}
