-- notify's stores, version 6, PostgreSQL 15+: throttles. A user's throttle window for a medium is kept on
-- the head row already locked while their deliveries are placed; a delivery a throttle let through
-- is remembered so that placing it again (a retry, a lost lease) does not count it twice.
ALTER TABLE ${prefix}digest_heads ADD COLUMN throttle_opens BIGINT;
ALTER TABLE ${prefix}digest_heads ADD COLUMN throttle_closes BIGINT;
ALTER TABLE ${prefix}digest_heads ADD COLUMN throttle_max INTEGER;
ALTER TABLE ${prefix}digest_heads ADD COLUMN throttle_passed INTEGER;
ALTER TABLE ${prefix}digest_heads ADD COLUMN throttle_digest VARCHAR(2100);

CREATE TABLE ${prefix}throttle_passes (
  delivery_id VARCHAR(2048) PRIMARY KEY,
  due_at BIGINT NOT NULL
);
CREATE INDEX ${prefix}throttle_passes_by_due ON ${prefix}throttle_passes (due_at);
