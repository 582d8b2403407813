-- The time zone a user reads times in (an IANA name such as Europe/Paris); none means UTC.
ALTER TABLE users ADD COLUMN time_zone TEXT;

-- A person's undelivered mail is found by address, and its send job by the job's unique key.
CREATE INDEX outbox_mails_recipient ON outbox_mails (recipient, sent_at);
CREATE INDEX jobs_unique_key ON jobs (unique_key);
