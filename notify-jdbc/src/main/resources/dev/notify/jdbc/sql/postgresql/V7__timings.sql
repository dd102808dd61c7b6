-- notify's stores, version 7, PostgreSQL 15 and later: each user's timing (quiet hours, unread
-- delay, digest, throttle) when notify keeps them; the last save wins, so no version.
CREATE TABLE ${prefix}timings (
  user_id VARCHAR(512) PRIMARY KEY,
  body TEXT NOT NULL
);
