-- The support desk: groups with leads and on-call rotations, SLA calendars and policies, tickets
-- with their conversation, links, attachments, pauses and SLA targets (docs/adr/0012-support.md).

-- Staff who answer tickets of some categories, with a lead and an on-call rotation: members take
-- turns of `rotation_hours` from `rotation_starts_at`, in `position` order.
CREATE TABLE support_groups (
    group_key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    -- Space-separated ticket categories this group takes by default.
    categories TEXT NOT NULL,
    lead_id TEXT REFERENCES users (id),
    rotation_starts_at BIGINT NOT NULL,
    rotation_hours BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE TABLE support_group_members (
    group_key TEXT NOT NULL REFERENCES support_groups (group_key),
    user_id TEXT NOT NULL REFERENCES users (id),
    position BIGINT NOT NULL,
    PRIMARY KEY (group_key, user_id)
);
CREATE INDEX support_group_members_user ON support_group_members (user_id);

-- A named calendar: business hours in a time zone with holidays, or 24/7 (JSON, the wire form of
-- `POST /api/v1/sla/preview`).
CREATE TABLE sla_calendars (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    spec TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- The targets promised for one severity, to everyone (`default`), to a tier (`tier:KEY`) or to
-- one organization (`organization:ID`, an override). Minutes are counted on the calendar; a NULL
-- target is not promised.
CREATE TABLE sla_policies (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    organization_id TEXT REFERENCES organizations (id),
    severity TEXT NOT NULL,
    calendar_id TEXT NOT NULL REFERENCES sla_calendars (id),
    first_reply_minutes BIGINT,
    next_reply_minutes BIGINT,
    periodic_update_minutes BIGINT,
    resolution_minutes BIGINT,
    -- How long before a due time the assignee is warned.
    warn_before_minutes BIGINT NOT NULL,
    -- After a breach, the next step of the escalation chain follows every this many minutes.
    escalate_every_minutes BIGINT NOT NULL,
    -- How long a ticket may wait on the partner before they are reminded, then their named
    -- contact is told (counted on the calendar).
    partner_wait_minutes BIGINT NOT NULL,
    updated_by TEXT REFERENCES users (id),
    updated_at BIGINT NOT NULL,
    UNIQUE (scope, severity)
);

-- What people quote ("#1042"): one counter, taken under its row lock.
CREATE TABLE support_ticket_numbers (
    id BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL
);
INSERT INTO support_ticket_numbers (id, last_number) VALUES (1, 1000);

CREATE TABLE support_tickets (
    id TEXT PRIMARY KEY,
    number BIGINT NOT NULL UNIQUE,
    organization_id TEXT NOT NULL REFERENCES organizations (id),
    -- NULL when Onramp opened the ticket itself from a signal.
    requester_id TEXT REFERENCES users (id),
    subject TEXT NOT NULL,
    description TEXT NOT NULL,
    severity TEXT NOT NULL,
    category TEXT NOT NULL,
    status TEXT NOT NULL,
    group_key TEXT REFERENCES support_groups (group_key),
    assignee_id TEXT REFERENCES users (id),
    -- Space-separated, each lower-case.
    tags TEXT NOT NULL,
    -- `partner`, `staff` or `signal`.
    source TEXT NOT NULL,
    -- A proactive ticket's signal: one open ticket per signal.
    signal_key TEXT,
    policy_id TEXT REFERENCES sla_policies (id),
    opened_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    first_replied_at BIGINT,
    solved_at BIGINT,
    closed_at BIGINT,
    -- The earliest due time of the ticket's running targets and whether one is breached, kept
    -- with every change so the queues sort and filter on an index.
    sla_due_at BIGINT,
    sla_breached BIGINT NOT NULL,
    -- The queue's order: `sla_due_at`, or a far future when no clock runs (paused, no SLA).
    sla_sort BIGINT NOT NULL,
    -- The satisfaction survey: one link per solve, used once.
    csat_token_hash TEXT,
    csat_rating BIGINT,
    csat_comment TEXT,
    csat_at BIGINT
);
CREATE INDEX support_tickets_organization ON support_tickets (organization_id, updated_at);
-- The staff queues: open tickets, soonest due first (the queries repeat this predicate).
CREATE INDEX support_tickets_queue ON support_tickets (sla_sort, number)
    WHERE status IN ('new', 'open', 'waiting_on_partner', 'on_hold');
CREATE INDEX support_tickets_group ON support_tickets (group_key, sla_sort, number)
    WHERE status IN ('new', 'open', 'waiting_on_partner', 'on_hold');
CREATE INDEX support_tickets_severity ON support_tickets (severity, sla_sort, number)
    WHERE status IN ('new', 'open', 'waiting_on_partner', 'on_hold');
CREATE INDEX support_tickets_breached ON support_tickets (sla_sort, number)
    WHERE sla_breached = 1 AND status IN ('new', 'open', 'waiting_on_partner', 'on_hold');
CREATE INDEX support_tickets_assignee ON support_tickets (assignee_id, status);
CREATE INDEX support_tickets_solved ON support_tickets (solved_at);
CREATE INDEX support_tickets_opened ON support_tickets (opened_at);
CREATE UNIQUE INDEX support_tickets_open_signal ON support_tickets (signal_key)
    WHERE signal_key IS NOT NULL AND status NOT IN ('solved', 'closed');
CREATE UNIQUE INDEX support_tickets_csat ON support_tickets (csat_token_hash)
    WHERE csat_token_hash IS NOT NULL;

-- The conversation: public replies (the partner sees them) and internal notes (staff only).
CREATE TABLE support_messages (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES support_tickets (id),
    -- NULL: Onramp itself (a proactive ticket's evidence, an escalation).
    author_id TEXT REFERENCES users (id),
    -- `public` or `internal`.
    visibility TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX support_messages_ticket ON support_messages (ticket_id, created_at);

-- What a ticket is about: an enrollment, step, gate, test run, sandbox message, credential.
CREATE TABLE support_links (
    ticket_id TEXT NOT NULL REFERENCES support_tickets (id),
    kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    label TEXT NOT NULL,
    path TEXT NOT NULL,
    PRIMARY KEY (ticket_id, kind, target_id)
);

CREATE TABLE support_attachments (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES support_tickets (id),
    message_id TEXT REFERENCES support_messages (id),
    filename TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content BYTEA NOT NULL,
    uploaded_by TEXT REFERENCES users (id),
    uploaded_at BIGINT NOT NULL
);
CREATE INDEX support_attachments_ticket ON support_attachments (ticket_id);

-- The times a ticket waited on the partner: the SLA clock stops for them.
CREATE TABLE support_pauses (
    ticket_id TEXT NOT NULL REFERENCES support_tickets (id),
    started_at BIGINT NOT NULL,
    ended_at BIGINT,
    PRIMARY KEY (ticket_id, started_at)
);

-- One SLA target of a ticket: which promise, counted from when, on which calendar (a copy, so a
-- policy edited later does not move a running clock), and what the sweep has done about it.
CREATE TABLE support_targets (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL REFERENCES support_tickets (id),
    -- `first_reply`, `next_reply`, `periodic_update`, `resolution`, or `partner_wait` (the
    -- partner's side: their reminder and their named contact).
    metric TEXT NOT NULL,
    calendar TEXT NOT NULL,
    target_minutes BIGINT NOT NULL,
    warn_before_minutes BIGINT NOT NULL,
    escalate_every_minutes BIGINT NOT NULL,
    started_at BIGINT NOT NULL,
    -- NULL while the clock is paused.
    due_at BIGINT,
    achieved_at BIGINT,
    -- Stopped without being met (a reply target when the ticket is solved).
    cancelled_at BIGINT,
    warned_at BIGINT,
    breached_at BIGINT,
    escalation_level BIGINT NOT NULL,
    -- When the sweep must next look at this target (a warning, a breach, the next escalation);
    -- NULL when nothing is left to do.
    next_check_at BIGINT
);
CREATE INDEX support_targets_ticket ON support_targets (ticket_id);
CREATE INDEX support_targets_next_check ON support_targets (next_check_at)
    WHERE next_check_at IS NOT NULL;

-- The signals' queries (docs/benchmarks.md, "Support"): sandbox traffic in the last hour, clients
-- and certificates expiring soon, open gate risks.
CREATE INDEX sandbox_messages_received ON sandbox_messages (received_at);
CREATE INDEX sandbox_messages_organization ON sandbox_messages (organization_id, received_at);
CREATE INDEX oauth_clients_expiry ON oauth_clients (state, expires_at);
CREATE INDEX conformance_certificates_expiry ON conformance_certificates (expires_at);
CREATE INDEX enrollment_risks_open_signals ON enrollment_risks (source, status);
