-- notify's stores, version 12, PostgreSQL 15 and later: an inbox item may be snoozed until an
-- instant (nanoseconds since the epoch, as created_at), after which the outbox's wake-up entry makes
-- it unread again; and it points somewhere (its link, in the host's terms).
ALTER TABLE ${prefix}inbox ADD COLUMN IF NOT EXISTS snoozed_until BIGINT;
ALTER TABLE ${prefix}inbox ADD COLUMN IF NOT EXISTS link TEXT NOT NULL DEFAULT '';
CREATE INDEX IF NOT EXISTS ${prefix}inbox_snoozed ON ${prefix}inbox (user_id, snoozed_until)
  WHERE snoozed_until IS NOT NULL;
