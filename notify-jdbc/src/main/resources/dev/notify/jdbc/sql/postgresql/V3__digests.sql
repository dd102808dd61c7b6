-- notify's stores, version 3, PostgreSQL 15+: digests, and outbox entries a worker deferred.
ALTER TABLE ${prefix}outbox ADD COLUMN deferred BOOLEAN DEFAULT FALSE NOT NULL;

-- One row per user and medium, locked while a delivery is placed: placements of one user are
-- serialized, so their windows never overlap. open_digest is the window deliveries may join.
CREATE TABLE ${prefix}digest_heads (
  head_key VARCHAR(600) PRIMARY KEY,
  open_digest VARCHAR(2100)
);

CREATE TABLE ${prefix}digests (
  id VARCHAR(2100) PRIMARY KEY,
  closes_at BIGINT NOT NULL,
  max_items INTEGER NOT NULL,
  items INTEGER NOT NULL,
  sender VARCHAR(2048),
  filled_at BIGINT,
  sealed BOOLEAN NOT NULL,
  sent BOOLEAN NOT NULL
);
CREATE INDEX ${prefix}digests_by_end ON ${prefix}digests (closes_at);

CREATE TABLE ${prefix}digest_items (
  delivery_id VARCHAR(2048) PRIMARY KEY,
  digest_id VARCHAR(2100) NOT NULL,
  position INTEGER NOT NULL,
  opener BOOLEAN NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX ${prefix}digest_items_by_digest ON ${prefix}digest_items (digest_id, position);
