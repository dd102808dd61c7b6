-- notify's stores, version 10, PostgreSQL 15 and later: an inbox item is also seen (the panel
-- listed it) or archived, and carries why it was delivered. Items of earlier versions are seen
-- exactly when read.
ALTER TABLE ${prefix}inbox ADD COLUMN is_seen BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ${prefix}inbox SET is_seen = is_read;
ALTER TABLE ${prefix}inbox ADD COLUMN is_archived BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ${prefix}inbox ADD COLUMN reason TEXT NOT NULL DEFAULT '';
CREATE INDEX ${prefix}inbox_unseen ON ${prefix}inbox (user_id) WHERE NOT is_seen;
CREATE INDEX ${prefix}inbox_archived ON ${prefix}inbox (user_id, created_at DESC, id DESC)
  WHERE is_archived;
