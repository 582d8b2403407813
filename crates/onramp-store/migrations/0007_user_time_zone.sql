-- The time zone a user reads times in (an IANA name such as Europe/Paris); none means UTC.
ALTER TABLE users ADD COLUMN time_zone TEXT;
