-- notify's stores, version 2, H2 2.x: which action each action id stood for.
CREATE TABLE ${prefix}actions (
  id VARCHAR(512) PRIMARY KEY,
  fingerprint CHARACTER VARYING(1000000) NOT NULL,
  recorded_at BIGINT NOT NULL
);
CREATE INDEX ${prefix}actions_by_age ON ${prefix}actions (recorded_at);
