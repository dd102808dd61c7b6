-- notify's stores, version 5, H2 2.x: each organisation's default table and locks.
CREATE TABLE ${prefix}organizations (
  organization_id VARCHAR(512) PRIMARY KEY,
  version BIGINT NOT NULL,
  body CHARACTER LARGE OBJECT NOT NULL
);
