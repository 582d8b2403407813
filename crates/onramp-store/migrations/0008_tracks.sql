-- Onboarding tracks and enrollments (docs/adr/0008-enrollments.md).

-- Every version of every track, built-in or uploaded, with its TOML source as written.
CREATE TABLE track_versions (
    id TEXT PRIMARY KEY,
    track_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    name TEXT NOT NULL,
    source TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    built_in BIGINT NOT NULL,
    uploaded_by TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (track_key, version)
);

-- One organization's run through one version of a track. The baseline (frozen at enrollment) and
-- the current forecast are stored, with the figures the program view lists, so that no list
-- recomputes a forecast.
CREATE TABLE enrollments (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    track_version_id TEXT NOT NULL REFERENCES track_versions (id),
    track_key TEXT NOT NULL,
    state TEXT NOT NULL,
    coordinator_id TEXT REFERENCES users (id),
    started_on TEXT NOT NULL,
    target_end TEXT,
    seed BIGINT NOT NULL,
    baseline_end TEXT NOT NULL,
    likely_end TEXT NOT NULL,
    p50_end TEXT NOT NULL,
    p90_end TEXT NOT NULL,
    steps_total BIGINT NOT NULL,
    steps_finished BIGINT NOT NULL,
    current_phase TEXT NOT NULL,
    at_risk BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX enrollments_organization ON enrollments (organization_id, state);
CREATE INDEX enrollments_track ON enrollments (track_key, state);
-- The program view's order (at risk first, latest P90 end first), whole and by track.
CREATE INDEX enrollments_program ON enrollments (at_risk DESC, p90_end DESC, id);
CREATE INDEX enrollments_program_track ON enrollments (track_key, at_risk DESC, p90_end DESC, id);
-- The program view's filters by the organization's country, tier and category start from the
-- organizations they match.
CREATE INDEX organizations_country ON organizations (country);
CREATE INDEX organizations_tier ON organizations (tier);
CREATE INDEX organizations_category ON organizations (category);
CREATE UNIQUE INDEX enrollments_one_active ON enrollments (organization_id, track_key)
    WHERE state = 'active';

-- Each step of an enrollment: who does it, its status, and its baseline, forecast and actual
-- dates (YYYY-MM-DD).
CREATE TABLE enrollment_tasks (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    step_key TEXT NOT NULL,
    position BIGINT NOT NULL,
    owner_role TEXT NOT NULL,
    assignee_id TEXT REFERENCES users (id),
    status TEXT NOT NULL,
    skip_reason TEXT,
    baseline_start TEXT,
    baseline_finish TEXT,
    forecast_start TEXT NOT NULL,
    due_on TEXT NOT NULL,
    critical BIGINT NOT NULL,
    started_on TEXT,
    finished_on TEXT,
    updated_at BIGINT NOT NULL,
    UNIQUE (enrollment_id, step_key)
);
CREATE INDEX enrollment_tasks_assignee ON enrollment_tasks (assignee_id, status);
CREATE INDEX enrollment_tasks_owner ON enrollment_tasks (organization_id, owner_role, status);

-- Reminders sent: one per task, kind (due_soon, overdue) and due date, so a reminder goes once
-- per due date however often the sweep runs.
CREATE TABLE task_reminders (
    task_id TEXT NOT NULL REFERENCES enrollment_tasks (id),
    kind TEXT NOT NULL,
    due_on TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (task_id, kind, due_on)
);

CREATE TABLE task_comments (
    id TEXT PRIMARY KEY,
    task_id TEXT NOT NULL REFERENCES enrollment_tasks (id),
    author_id TEXT,
    author_label TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX task_comments_task ON task_comments (task_id, created_at);

-- Each gate of an enrollment as last evaluated, with its override.
CREATE TABLE enrollment_gates (
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    gate_key TEXT NOT NULL,
    status TEXT NOT NULL,
    missing BIGINT NOT NULL,
    blocked_since BIGINT,
    changed_at BIGINT NOT NULL,
    override_reason TEXT,
    overridden_by TEXT,
    overridden_at BIGINT,
    PRIMARY KEY (enrollment_id, gate_key)
);

-- What people gave an enrollment's gates: attestations of a step's checklist, approvals of a gate
-- with a reason, documents of a kind (accepted by staff).
CREATE TABLE enrollment_evidence (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    role TEXT NOT NULL,
    user_id TEXT,
    user_label TEXT NOT NULL,
    detail TEXT NOT NULL,
    document_id TEXT REFERENCES documents (id),
    accepted_at BIGINT,
    accepted_by TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX enrollment_evidence_enrollment ON enrollment_evidence (enrollment_id, kind);

-- The risk register of an enrollment: from the track's templates, raised from signals, or added.
CREATE TABLE enrollment_risks (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    risk_key TEXT NOT NULL,
    source TEXT NOT NULL,
    title TEXT NOT NULL,
    likelihood BIGINT NOT NULL,
    impact BIGINT NOT NULL,
    owner_id TEXT REFERENCES users (id),
    mitigation TEXT NOT NULL,
    status TEXT NOT NULL,
    review_on TEXT,
    created_at BIGINT NOT NULL,
    closed_at BIGINT,
    UNIQUE (enrollment_id, risk_key)
);
