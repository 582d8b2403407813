-- Conformance testing: suites and their versions, runs with their tests' results and evidence,
-- review threads and overrides, and the certificates signed-off runs earn
-- (docs/adr/0010-conformance-testing.md).

-- One version of a suite, never edited: a new version is a new row.
CREATE TABLE conformance_suites (
    id TEXT PRIMARY KEY,
    suite_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    track_key TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The suite document (JSON) with the scripts taken from packages copied in.
    document TEXT NOT NULL,
    -- Space-separated NAME#VERSION: R4 core, the track's and the suite's own.
    packages TEXT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (suite_key, version)
);
CREATE INDEX conformance_suites_track ON conformance_suites (track_key, suite_key, version);

-- A run of one suite version for one enrollment.
CREATE TABLE conformance_runs (
    id TEXT PRIMARY KEY,
    suite_id TEXT NOT NULL REFERENCES conformance_suites (id),
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- The sandbox whose message log the message tests read.
    environment_id TEXT REFERENCES environments (id),
    -- The partner's system, as a certificate names it.
    system_name TEXT NOT NULL,
    -- The partner's FHIR server the scripts run against, and its credentials (sealed).
    server_url TEXT,
    credentials_sealed TEXT,
    -- `queued`, `running`, `completed` or `error`.
    state TEXT NOT NULL,
    -- `passed`, `failed` or `incomplete` once completed (overrides included).
    result TEXT,
    error TEXT,
    progress_done BIGINT NOT NULL,
    progress_total BIGINT NOT NULL,
    -- `open`, `submitted`, `retest_requested` or `signed_off`.
    review_state TEXT NOT NULL,
    -- The run this one re-tests (the other tests' results are carried over from it).
    previous_run_id TEXT REFERENCES conformance_runs (id),
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    -- When it was scheduled to start (its job's time); the creation time when started at once.
    scheduled_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    submitted_at BIGINT,
    signed_off_by TEXT REFERENCES users (id),
    signed_off_at BIGINT
);
CREATE INDEX conformance_runs_enrollment ON conformance_runs (enrollment_id, created_at DESC);
CREATE INDEX conformance_runs_organization ON conformance_runs (organization_id, created_at DESC);
CREATE INDEX conformance_runs_review ON conformance_runs (review_state, submitted_at);

-- A test's result in a run.
CREATE TABLE conformance_run_tests (
    run_id TEXT NOT NULL REFERENCES conformance_runs (id),
    test_key TEXT NOT NULL,
    position BIGINT NOT NULL,
    -- `message` or `script`.
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    -- `passed`, `failed`, `waiting`, `skipped` or `error`.
    result TEXT NOT NULL,
    -- What was found, in a sentence.
    summary TEXT NOT NULL,
    -- JSON: the messages that satisfied it, the outcomes of failing attempts, the exchanges.
    evidence TEXT NOT NULL,
    -- The TestReport (scripts).
    report TEXT,
    -- Carried over from the run that this one re-tests.
    carried_from TEXT,
    override_result TEXT,
    override_reason TEXT,
    overridden_by TEXT REFERENCES users (id),
    overridden_at BIGINT,
    -- The reviewer asked for it to be run again.
    retest_requested BIGINT NOT NULL,
    PRIMARY KEY (run_id, test_key)
);

-- Comments on a run or on one of its tests; both sides read them.
CREATE TABLE conformance_comments (
    id TEXT PRIMARY KEY,
    run_id TEXT NOT NULL REFERENCES conformance_runs (id),
    test_key TEXT,
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX conformance_comments_run ON conformance_comments (run_id, created_at);

-- A certificate: its id is the public verification handle.
CREATE TABLE conformance_certificates (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    suite_id TEXT NOT NULL REFERENCES conformance_suites (id),
    suite_key TEXT NOT NULL,
    suite_version BIGINT NOT NULL,
    run_id TEXT NOT NULL REFERENCES conformance_runs (id),
    system_name TEXT NOT NULL,
    packages TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- The signed certificate (JWS compact serialization, ES256).
    jws TEXT NOT NULL,
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users (id),
    revoked_reason TEXT,
    expiry_reminded_at BIGINT
);
CREATE INDEX conformance_certificates_suite ON conformance_certificates (suite_key, suite_version, expires_at);
CREATE INDEX conformance_certificates_organization ON conformance_certificates (organization_id, issued_at DESC);
