//! `onramp admin create-user` and `onramp migrate`.

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
