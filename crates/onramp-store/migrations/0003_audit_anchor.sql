-- The audit chain is anchored: every event's hash is an HMAC-SHA256 under a chain key that lives
-- outside the database, and the event records which key made it (a 16-hex-digit fingerprint).
-- Events written before this migration keep a NULL key id and their plain SHA-256 hash; they are
-- accepted only as the chain's first events (docs/adr/0004-audit-chain-anchoring.md).
-- Portable SQL: it runs unchanged on SQLite and PostgreSQL.

ALTER TABLE audit_events ADD COLUMN key_id TEXT;
