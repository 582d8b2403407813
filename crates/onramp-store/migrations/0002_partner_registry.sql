-- The partner registry: organization profiles and identifiers, account links (email confirmation
-- and invitations), verification evidence and documents, lifecycle transitions, agreement
-- templates and signatures. Portable SQL, as in 0001: UUID text ids, BIGINT millisecond times,
-- BIGINT 0/1 booleans; BYTEA is a BLOB on SQLite (any declared type stores blobs unchanged).

ALTER TABLE organizations ADD COLUMN category TEXT;
ALTER TABLE organizations ADD COLUMN org_type TEXT;
ALTER TABLE organizations ADD COLUMN size_band TEXT;
ALTER TABLE organizations ADD COLUMN country TEXT;
ALTER TABLE organizations ADD COLUMN region TEXT;
ALTER TABLE organizations ADD COLUMN web_domain TEXT;
ALTER TABLE organizations ADD COLUMN use_case TEXT;
ALTER TABLE organizations ADD COLUMN timeline TEXT;
ALTER TABLE organizations ADD COLUMN contact_name TEXT;
ALTER TABLE organizations ADD COLUMN contact_email TEXT;
ALTER TABLE organizations ADD COLUMN directory_opt_in BIGINT NOT NULL DEFAULT 0;
ALTER TABLE organizations ADD COLUMN dns_token TEXT;
ALTER TABLE organizations ADD COLUMN tier TEXT NOT NULL DEFAULT 'public';
ALTER TABLE organizations ADD COLUMN collaborative_approved_at BIGINT;
CREATE INDEX organizations_web_domain ON organizations (web_domain);
CREATE INDEX organizations_state ON organizations (state);

ALTER TABLE users ADD COLUMN email_confirmed_at BIGINT;

CREATE TABLE organization_identifiers (
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    system TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (organization_id, system, value)
);
CREATE INDEX organization_identifiers_lookup ON organization_identifiers (system, value);

-- Single-use, expiring links that let a user set a password: an applicant confirming their email,
-- or a colleague accepting an invitation. Only the SHA-256 of the token is stored.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users (id),
    purpose TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
CREATE INDEX account_links_user ON account_links (user_id);

CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT,
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX documents_organization ON documents (organization_id);

CREATE TABLE verification_evidence (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    passed BIGINT NOT NULL,
    detail TEXT NOT NULL,
    document_id TEXT REFERENCES documents (id),
    recorded_by TEXT,
    recorded_by_label TEXT NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX verification_evidence_organization ON verification_evidence (organization_id);

CREATE TABLE organization_transitions (
    id TEXT PRIMARY KEY,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    reason TEXT NOT NULL,
    actor_id TEXT,
    actor_label TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX organization_transitions_organization ON organization_transitions (organization_id);

-- resign_by: set when a version is published; signatures of the versions it supersedes count
-- until then (none: they lapse at once).
CREATE TABLE agreement_templates (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    version BIGINT NOT NULL,
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    state TEXT NOT NULL,
    resign_by BIGINT,
    created_at BIGINT NOT NULL,
    published_at BIGINT,
    retired_at BIGINT,
    UNIQUE (kind, version)
);

-- signed_html is the exact text that was signed; text_sha256 is its SHA-256.
CREATE TABLE agreement_signatures (
    id TEXT PRIMARY KEY,
    template_id TEXT NOT NULL REFERENCES agreement_templates (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    signer_id TEXT NOT NULL REFERENCES users (id),
    signer_name TEXT NOT NULL,
    signer_title TEXT NOT NULL,
    signed_at BIGINT NOT NULL,
    client_addr TEXT,
    user_agent TEXT,
    text_sha256 TEXT NOT NULL,
    signed_html TEXT NOT NULL
);
CREATE INDEX agreement_signatures_organization ON agreement_signatures (organization_id);
CREATE INDEX agreement_signatures_hash ON agreement_signatures (text_sha256);
