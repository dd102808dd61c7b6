-- notify's stores, version 8, H2 2.x: every table keyed by its distribution key (docs/scaling.md),
-- as on PostgreSQL. Users' rows are keyed by user_id; the outbox by a bucket of 64 derived from the
-- user id (the low 6 bits of the second byte of its MD5, as notify-jdbc's Keys computes it). Rows
-- written before are keyed here from their ids: a delivery id is actionId/userId/medium with % and
-- / escaped.
ALTER TABLE ${prefix}inbox DROP PRIMARY KEY;
ALTER TABLE ${prefix}inbox ADD PRIMARY KEY (user_id, id);

ALTER TABLE ${prefix}outbox ADD COLUMN bucket SMALLINT;
UPDATE ${prefix}outbox SET bucket = BITAND(CAST(SUBSTRING(HASH('MD5',
  REPLACE(REPLACE(REGEXP_SUBSTR(id, '[^/]+', 1, 2), '%2F', '/'), '%25', '%')), 1, 2) AS SMALLINT), 63);
ALTER TABLE ${prefix}outbox ALTER COLUMN bucket SET NOT NULL;
ALTER TABLE ${prefix}outbox DROP PRIMARY KEY;
ALTER TABLE ${prefix}outbox ADD PRIMARY KEY (bucket, id);
CREATE INDEX ${prefix}outbox_due_in_bucket ON ${prefix}outbox (bucket, due_at, seq);

ALTER TABLE ${prefix}digest_heads ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digest_heads SET user_id = SUBSTRING(head_key, LOCATE(':', head_key) + 1,
  CAST(LEFT(head_key, LOCATE(':', head_key) - 1) AS INT));
ALTER TABLE ${prefix}digest_heads ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digest_heads DROP PRIMARY KEY;
ALTER TABLE ${prefix}digest_heads ADD PRIMARY KEY (user_id, head_key);

ALTER TABLE ${prefix}digests ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digests SET user_id =
  REPLACE(REPLACE(REGEXP_SUBSTR(id, '[^/]+', 1, 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}digests ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digests DROP PRIMARY KEY;
ALTER TABLE ${prefix}digests ADD PRIMARY KEY (user_id, id);

ALTER TABLE ${prefix}digest_items ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digest_items SET user_id =
  REPLACE(REPLACE(REGEXP_SUBSTR(delivery_id, '[^/]+', 1, 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}digest_items ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digest_items DROP PRIMARY KEY;
ALTER TABLE ${prefix}digest_items ADD PRIMARY KEY (user_id, delivery_id);

ALTER TABLE ${prefix}throttle_passes ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}throttle_passes SET user_id =
  REPLACE(REPLACE(REGEXP_SUBSTR(delivery_id, '[^/]+', 1, 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}throttle_passes ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}throttle_passes DROP PRIMARY KEY;
ALTER TABLE ${prefix}throttle_passes ADD PRIMARY KEY (user_id, delivery_id);
