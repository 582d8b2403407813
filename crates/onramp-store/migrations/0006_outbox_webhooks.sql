-- The outbox and webhooks (docs/adr/0006-outbox-and-webhooks.md). Portable SQL, as in 0001: UUID
-- text ids, BIGINT millisecond times, BIGINT 0/1 booleans.

-- Domain events, written in the transaction of the change they report; delivered by jobs.
CREATE TABLE outbox_events (
    id TEXT PRIMARY KEY,
    event_type TEXT NOT NULL,
    -- The organization the event is about; NULL for program-wide events.
    organization_id TEXT,
    -- JSON text: the event's `data`, free of secrets.
    payload TEXT NOT NULL,
    occurred_at BIGINT NOT NULL
);
CREATE INDEX outbox_events_organization ON outbox_events (organization_id, occurred_at);

-- Mail waiting for (or past) delivery by a `mail.send` job. The body may carry a single-use link,
-- so it is erased once the message is sent.
CREATE TABLE outbox_mails (
    id TEXT PRIMARY KEY,
    event_id TEXT,
    family TEXT NOT NULL,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT
);

-- A user's choice per mail family; no row means the family's default (on).
CREATE TABLE email_preferences (
    user_id TEXT NOT NULL REFERENCES users (id),
    family TEXT NOT NULL,
    enabled BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, family)
);

-- state: active | failing (a delivery used its attempts; the owner was mailed) | disabled.
CREATE TABLE webhook_subscriptions (
    id TEXT PRIMARY KEY,
    -- NULL: program-wide (a program admin's); else the partner organization's own events only.
    organization_id TEXT,
    url TEXT NOT NULL,
    -- Space-separated event types.
    event_types TEXT NOT NULL,
    secret TEXT NOT NULL,
    -- After a rotation the previous secret signs too, until previous_secret_until.
    previous_secret TEXT,
    previous_secret_until BIGINT,
    state TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX webhook_subscriptions_organization ON webhook_subscriptions (organization_id);

-- One row per event per subscription; the event id is the `webhook-id` the receiver sees.
-- status: pending | delivered | failed.
CREATE TABLE webhook_deliveries (
    subscription_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    event_type TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    response_code BIGINT,
    duration_ms BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    delivered_at BIGINT,
    PRIMARY KEY (subscription_id, event_id)
);
CREATE INDEX webhook_deliveries_recent ON webhook_deliveries (subscription_id, created_at);

-- Every attempt, for the delivery log.
CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    attempt BIGINT NOT NULL,
    response_code BIGINT,
    duration_ms BIGINT NOT NULL,
    error TEXT,
    attempted_at BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (subscription_id, event_id, attempted_at);
