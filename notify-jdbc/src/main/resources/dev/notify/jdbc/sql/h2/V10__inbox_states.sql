-- notify's stores, version 10, H2 2.x: an inbox item is also seen (the panel listed it) or
-- archived, and carries why it was delivered. Items of earlier versions are seen exactly when read.
ALTER TABLE ${prefix}inbox ADD COLUMN is_seen BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE ${prefix}inbox SET is_seen = is_read;
ALTER TABLE ${prefix}inbox ADD COLUMN is_archived BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE ${prefix}inbox ADD COLUMN reason CHARACTER LARGE OBJECT NOT NULL DEFAULT '';
CREATE INDEX ${prefix}inbox_unseen ON ${prefix}inbox (user_id, is_seen);
