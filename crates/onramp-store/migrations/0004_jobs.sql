-- The durable job queue (docs/adr/0005-durable-jobs.md): one row per job, claimed with a lease.
-- Portable SQL, as in 0001: UUID text ids, BIGINT millisecond times.
--
-- state: queued → running → succeeded | queued (retry after backoff) | failed | dead;
--        queued → cancelled; failed | dead → queued (an admin's retry).

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    state TEXT NOT NULL,
    unique_key TEXT,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL,
    run_at BIGINT NOT NULL,
    locked_by TEXT,
    lease_until BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    finished_at BIGINT,
    updated_at BIGINT NOT NULL
);
-- Claiming reads the oldest due queued job; reclaiming reads running jobs by lease.
CREATE INDEX jobs_due ON jobs (state, run_at);
CREATE INDEX jobs_lease ON jobs (state, lease_until);
-- At most one live (queued or running) job per unique key; finished jobs keep their key.
CREATE UNIQUE INDEX jobs_live_unique_key ON jobs (unique_key)
    WHERE unique_key IS NOT NULL AND state IN ('queued', 'running');
