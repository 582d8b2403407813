-- Rate limits shared by every instance: one fixed-window counter per bucket (an action and who it
-- is counted for: a client address or an account). Rows of windows that have passed are deleted
-- by the session clean-up.
CREATE TABLE rate_limits (
    bucket TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);
