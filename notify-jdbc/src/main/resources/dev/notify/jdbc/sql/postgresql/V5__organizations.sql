-- notify's stores, version 5, PostgreSQL 15+: each organisation's default table and locks.
CREATE TABLE ${prefix}organizations (
  organization_id VARCHAR(512) PRIMARY KEY,
  version BIGINT NOT NULL,
  body TEXT NOT NULL
);
