-- Environments, machine clients and tokens, the sandbox's FHIR resources with their search index,
-- and the message log (docs/adr/0009-sandbox.md).

-- An enrollment's sandbox (a FHIR server Onramp hosts) or production endpoint (recorded by URL:
-- Onramp manages its credentials, not its data).
CREATE TABLE environments (
    id TEXT PRIMARY KEY,
    enrollment_id TEXT NOT NULL REFERENCES enrollments (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    state TEXT NOT NULL,
    -- Space-separated NAME#VERSION package ids, pinned at creation.
    packages TEXT NOT NULL,
    -- `reject` (writes with errors are refused) or `record` (kept, with their outcome).
    policy TEXT NOT NULL,
    production_url TEXT,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX environments_enrollment ON environments (enrollment_id, kind);
CREATE INDEX environments_organization ON environments (organization_id);

-- An OAuth2 client of one environment. Its id is the client_id.
CREATE TABLE oauth_clients (
    id TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id),
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    name TEXT NOT NULL,
    -- `private_key_jwt` or `client_secret_basic`.
    auth_method TEXT NOT NULL,
    -- The scopes it may be granted, space-separated.
    scopes TEXT NOT NULL,
    jwks TEXT,
    jwks_url TEXT,
    state TEXT NOT NULL,
    expires_at BIGINT,
    -- When the partner admins were reminded of the expiry (once per expiry date).
    expiry_reminded_at BIGINT,
    created_by TEXT REFERENCES users (id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX oauth_clients_environment ON oauth_clients (environment_id);
CREATE INDEX oauth_clients_organization ON oauth_clients (organization_id, state);

-- A client's secrets: only their SHA-256; two may be live at once while a rotation overlaps.
CREATE TABLE oauth_client_secrets (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oauth_clients (id),
    secret_hash TEXT NOT NULL,
    hint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT
);
CREATE INDEX oauth_client_secrets_client ON oauth_client_secrets (client_id);

-- The `jti` of every client assertion accepted, until it expires: a replay is refused.
CREATE TABLE oauth_assertion_ids (
    client_id TEXT NOT NULL,
    jti TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (client_id, jti)
);

-- Access tokens by the SHA-256 of their value, each bound to one environment and its scopes.
CREATE TABLE oauth_tokens (
    token_hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES oauth_clients (id),
    environment_id TEXT NOT NULL REFERENCES environments (id),
    scopes TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE INDEX oauth_tokens_client ON oauth_tokens (client_id);
CREATE INDEX oauth_tokens_expiry ON oauth_tokens (expires_at);

-- Every version of every resource of a sandbox. `current` marks the latest version; a delete is a
-- version with `deleted` = 1 and no body.
CREATE TABLE fhir_resources (
    environment_id TEXT NOT NULL REFERENCES environments (id),
    resource_type TEXT NOT NULL,
    id TEXT NOT NULL,
    version BIGINT NOT NULL,
    current BIGINT NOT NULL,
    deleted BIGINT NOT NULL,
    last_updated BIGINT NOT NULL,
    body TEXT,
    PRIMARY KEY (environment_id, resource_type, id, version)
);
CREATE INDEX fhir_resources_current ON fhir_resources (environment_id, resource_type, current, last_updated);
CREATE INDEX fhir_resources_history ON fhir_resources (environment_id, last_updated);

-- The search index of current versions, one table per kind of value, each row keyed by the
-- resource; rewritten with every version.
CREATE TABLE fhir_index_tokens (
    environment_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    param TEXT NOT NULL,
    system TEXT,
    code TEXT,
    text TEXT
);
CREATE INDEX fhir_index_tokens_value ON fhir_index_tokens (environment_id, resource_type, param, code, system);
CREATE INDEX fhir_index_tokens_resource ON fhir_index_tokens (environment_id, resource_type, resource_id);

CREATE TABLE fhir_index_strings (
    environment_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    param TEXT NOT NULL,
    -- Lower-case, accents removed, whitespace collapsed (for string search); `exact` as written.
    normalized TEXT NOT NULL,
    exact TEXT NOT NULL
);
CREATE INDEX fhir_index_strings_value ON fhir_index_strings (environment_id, resource_type, param, normalized);
CREATE INDEX fhir_index_strings_resource ON fhir_index_strings (environment_id, resource_type, resource_id);

CREATE TABLE fhir_index_dates (
    environment_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    param TEXT NOT NULL,
    -- The instants the value covers: [low_ms, high_ms).
    low_ms BIGINT NOT NULL,
    high_ms BIGINT NOT NULL
);
CREATE INDEX fhir_index_dates_value ON fhir_index_dates (environment_id, resource_type, param, low_ms);
CREATE INDEX fhir_index_dates_resource ON fhir_index_dates (environment_id, resource_type, resource_id);

CREATE TABLE fhir_index_references (
    environment_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    param TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    url TEXT NOT NULL
);
CREATE INDEX fhir_index_references_value ON fhir_index_references (environment_id, resource_type, param, target_id);
CREATE INDEX fhir_index_references_target ON fhir_index_references (environment_id, target_type, target_id);
CREATE INDEX fhir_index_references_resource ON fhir_index_references (environment_id, resource_type, resource_id);

-- Numbers and quantities (system and code empty for numbers).
CREATE TABLE fhir_index_numbers (
    environment_id TEXT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    param TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    system TEXT,
    code TEXT
);
CREATE INDEX fhir_index_numbers_value ON fhir_index_numbers (environment_id, resource_type, param, value);
CREATE INDEX fhir_index_numbers_resource ON fhir_index_numbers (environment_id, resource_type, resource_id);

-- Every request to a sandbox and its response, kept as evidence. `seq` orders them per
-- environment; headers are kept without credentials.
CREATE TABLE sandbox_messages (
    id TEXT PRIMARY KEY,
    environment_id TEXT NOT NULL REFERENCES environments (id),
    organization_id TEXT NOT NULL,
    client_id TEXT,
    received_at BIGINT NOT NULL,
    duration_us BIGINT NOT NULL,
    method TEXT NOT NULL,
    url TEXT NOT NULL,
    interaction TEXT NOT NULL,
    resource_type TEXT,
    resource_id TEXT,
    profiles TEXT NOT NULL,
    request_headers TEXT NOT NULL,
    request_body TEXT,
    status BIGINT NOT NULL,
    response_body TEXT,
    -- The validation OperationOutcome of a request body, if one was validated.
    outcome TEXT,
    errors BIGINT NOT NULL,
    warnings BIGINT NOT NULL
);
CREATE INDEX sandbox_messages_environment ON sandbox_messages (environment_id, received_at DESC, id);
CREATE INDEX sandbox_messages_type ON sandbox_messages (environment_id, resource_type, received_at DESC);
