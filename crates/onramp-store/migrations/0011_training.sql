-- Training and certification of partner staff: course versions, people's job roles and
-- assignments, progress through modules, assessment attempts, people's certificates, and live
-- sessions with registrations and attendance (docs/adr/0011-training.md).

-- One version of a course, never edited: a new version is a new row.
CREATE TABLE training_courses (
    id TEXT PRIMARY KEY,
    course_key TEXT NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    -- The course document (JSON, docs/training.md).
    document TEXT NOT NULL,
    -- 1 when completing the course earns a certificate.
    certification BIGINT NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    UNIQUE (course_key, version)
);

-- A partner person's job role, which their partner admin assigns curricula by.
CREATE TABLE training_learners (
    user_id TEXT PRIMARY KEY REFERENCES users (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    job_role TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX training_learners_organization ON training_learners (organization_id, job_role);

-- A course required of a person, with the date it is due.
CREATE TABLE training_assignments (
    user_id TEXT NOT NULL REFERENCES users (id),
    course_key TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    assigned_by TEXT REFERENCES users (id),
    assigned_at BIGINT NOT NULL,
    due_at BIGINT,
    PRIMARY KEY (user_id, course_key)
);
CREATE INDEX training_assignments_organization ON training_assignments (organization_id, course_key);

-- A learner in a course: the version they started is the one they finish.
CREATE TABLE training_progress (
    user_id TEXT NOT NULL REFERENCES users (id),
    course_key TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    started_at BIGINT NOT NULL,
    completed_at BIGINT,
    PRIMARY KEY (user_id, course_key)
);
CREATE INDEX training_progress_organization ON training_progress (organization_id, course_key);

-- A module a learner completed, how, and the credits it earned then.
CREATE TABLE training_module_completions (
    user_id TEXT NOT NULL REFERENCES users (id),
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    module_key TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- `read`, `attested` or `attended`.
    completion TEXT NOT NULL,
    credits_tenths BIGINT NOT NULL,
    hours_tenths BIGINT NOT NULL,
    completed_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, course_id, module_key)
);
CREATE INDEX training_module_completions_credits ON training_module_completions (user_id, completed_at);
CREATE INDEX training_module_completions_organization ON training_module_completions (organization_id, completed_at);

-- An assessment attempt: the questions drawn from its seed, the answers, the score.
CREATE TABLE training_attempts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    course_key TEXT NOT NULL,
    -- The draw's seed (a u64 kept as its two's-complement i64) and what it drew (JSON).
    seed BIGINT NOT NULL,
    drawn TEXT NOT NULL,
    started_at BIGINT NOT NULL,
    -- The time limit's end; none without a limit.
    deadline_at BIGINT,
    submitted_at BIGINT,
    -- JSON: the answers as submitted, and the trainer's grades of short answers.
    answers TEXT,
    grades TEXT,
    -- `in_progress`, `awaiting_grading`, `passed`, `failed` or `expired`.
    state TEXT NOT NULL,
    score_percent BIGINT,
    graded_by TEXT REFERENCES users (id),
    graded_at BIGINT
);
CREATE INDEX training_attempts_learner ON training_attempts (user_id, course_key, started_at);
CREATE INDEX training_attempts_state ON training_attempts (state, submitted_at);
CREATE INDEX training_attempts_course ON training_attempts (course_id, state);

-- A person's certificate: its id is the public verification handle.
CREATE TABLE training_certificates (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    course_key TEXT NOT NULL,
    course_id TEXT NOT NULL REFERENCES training_courses (id),
    title TEXT NOT NULL,
    holder_name TEXT NOT NULL,
    credits_tenths BIGINT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    -- How it was earned: `assessment` (the course completed) or `credits` (recertified).
    basis TEXT NOT NULL,
    -- The certificate this one renews.
    renews_id TEXT REFERENCES training_certificates (id),
    revoked_at BIGINT,
    revoked_by TEXT REFERENCES users (id),
    revoked_reason TEXT,
    reminded_at BIGINT,
    expired_noticed_at BIGINT
);
CREATE INDEX training_certificates_holder ON training_certificates (user_id, course_key, expires_at);
CREATE INDEX training_certificates_organization ON training_certificates (organization_id, course_key, expires_at);
CREATE INDEX training_certificates_expiry ON training_certificates (expires_at);

-- A live session: workshop, webinar or office hours.
CREATE TABLE training_sessions (
    id TEXT PRIMARY KEY,
    course_key TEXT,
    -- Attendance completes this module of the course, when set.
    module_key TEXT,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    location TEXT NOT NULL,
    starts_at BIGINT NOT NULL,
    ends_at BIGINT NOT NULL,
    capacity BIGINT NOT NULL,
    trainer_id TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    cancelled_at BIGINT
);
CREATE INDEX training_sessions_start ON training_sessions (starts_at);

CREATE TABLE training_registrations (
    session_id TEXT NOT NULL REFERENCES training_sessions (id),
    user_id TEXT NOT NULL REFERENCES users (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    registered_at BIGINT NOT NULL,
    -- None until the trainer takes attendance; then 1 (attended) or 0.
    attended BIGINT,
    marked_by TEXT REFERENCES users (id),
    marked_at BIGINT,
    PRIMARY KEY (session_id, user_id)
);
CREATE INDEX training_registrations_user ON training_registrations (user_id);

-- Images and attachments of a course, named in its modules' Markdown as `attachment:NAME`;
-- never replaced (a new file takes a new name), so every stored version keeps its files.
CREATE TABLE training_files (
    id TEXT PRIMARY KEY,
    course_key TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    uploaded_at BIGINT NOT NULL,
    UNIQUE (course_key, filename)
);

-- The reports' counts per course and per organization read indexes only
-- (docs/benchmarks.md, "Training").
CREATE INDEX training_attempts_course_state ON training_attempts (course_key, state);
CREATE INDEX training_progress_course ON training_progress (course_key, completed_at);
CREATE INDEX training_progress_learner ON training_progress (user_id, course_key, completed_at);
CREATE INDEX training_certificates_course ON training_certificates (course_key, expires_at, revoked_at);
CREATE INDEX training_assignments_coverage ON training_assignments (organization_id, user_id, course_key, due_at);
CREATE INDEX training_module_completions_credits_by_organization
    ON training_module_completions (organization_id, user_id, credits_tenths, hours_tenths);
CREATE INDEX users_organization_active ON users (organization_id, active);
