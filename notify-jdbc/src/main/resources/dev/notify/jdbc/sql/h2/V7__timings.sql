-- notify's stores, version 7, H2 2.x: each user's timing (quiet hours, unread delay, digest,
-- throttle) when notify keeps them; the last save wins, so no version.
CREATE TABLE ${prefix}timings (
  user_id VARCHAR(512) PRIMARY KEY,
  body CHARACTER LARGE OBJECT NOT NULL
);
