-- notify's stores, version 8, PostgreSQL 15 and later: every table keyed by its distribution key
-- (docs/scaling.md), so that it can be hash-partitioned or distributed by Citus on that key and
-- every statement of the hot path names it. Users' rows are keyed by user_id; the outbox by a
-- bucket of 64 derived from the user id (the low 6 bits of the second byte of md5(user_id), as
-- notify-jdbc's Keys computes it), so that a claim is made in one bucket. Rows written before are
-- keyed here from their ids: a delivery id is actionId/userId/medium with % and / escaped.
ALTER TABLE ${prefix}inbox DROP CONSTRAINT ${prefix}inbox_pkey;
ALTER TABLE ${prefix}inbox ADD PRIMARY KEY (user_id, id);

ALTER TABLE ${prefix}outbox ADD COLUMN bucket SMALLINT;
UPDATE ${prefix}outbox SET bucket = get_byte(decode(md5(
  replace(replace(split_part(id, '/', 2), '%2F', '/'), '%25', '%')), 'hex'), 1) & 63;
ALTER TABLE ${prefix}outbox ALTER COLUMN bucket SET NOT NULL;
ALTER TABLE ${prefix}outbox DROP CONSTRAINT ${prefix}outbox_pkey;
ALTER TABLE ${prefix}outbox ADD PRIMARY KEY (bucket, id);
CREATE INDEX ${prefix}outbox_due_in_bucket ON ${prefix}outbox (bucket, due_at, seq) WHERE state = 0;
CREATE INDEX ${prefix}outbox_leases_in_bucket ON ${prefix}outbox (bucket, lease_until)
  WHERE state = 1;

ALTER TABLE ${prefix}digest_heads ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digest_heads SET user_id =
  substr(head_key, strpos(head_key, ':') + 1, split_part(head_key, ':', 1)::int);
ALTER TABLE ${prefix}digest_heads ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digest_heads DROP CONSTRAINT ${prefix}digest_heads_pkey;
ALTER TABLE ${prefix}digest_heads ADD PRIMARY KEY (user_id, head_key);

ALTER TABLE ${prefix}digests ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digests SET user_id =
  replace(replace(split_part(id, '/', 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}digests ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digests DROP CONSTRAINT ${prefix}digests_pkey;
ALTER TABLE ${prefix}digests ADD PRIMARY KEY (user_id, id);

ALTER TABLE ${prefix}digest_items ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}digest_items SET user_id =
  replace(replace(split_part(delivery_id, '/', 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}digest_items ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}digest_items DROP CONSTRAINT ${prefix}digest_items_pkey;
ALTER TABLE ${prefix}digest_items ADD PRIMARY KEY (user_id, delivery_id);

ALTER TABLE ${prefix}throttle_passes ADD COLUMN user_id VARCHAR(512);
UPDATE ${prefix}throttle_passes SET user_id =
  replace(replace(split_part(delivery_id, '/', 2), '%2F', '/'), '%25', '%');
ALTER TABLE ${prefix}throttle_passes ALTER COLUMN user_id SET NOT NULL;
ALTER TABLE ${prefix}throttle_passes DROP CONSTRAINT ${prefix}throttle_passes_pkey;
ALTER TABLE ${prefix}throttle_passes ADD PRIMARY KEY (user_id, delivery_id);
