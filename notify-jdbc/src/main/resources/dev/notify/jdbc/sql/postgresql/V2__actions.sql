-- notify's stores, version 2, PostgreSQL 15+: which action each action id stood for.
CREATE TABLE ${prefix}actions (
  id VARCHAR(512) PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX ${prefix}actions_by_age ON ${prefix}actions (recorded_at);
