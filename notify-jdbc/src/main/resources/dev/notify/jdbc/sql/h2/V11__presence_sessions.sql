-- notify's stores, version 11: presence by session (a browser tab, a device), so a user is logged
-- in while any of their sessions is, on any instance; it replaces one row per user (the table
-- sessions, no longer used, is left for a rollback). Users logged in under version 10 keep one
-- session, named ''. Written to run again after a crash half-way (H2 commits each DDL at once).
CREATE TABLE IF NOT EXISTS ${prefix}presence (
  user_id VARCHAR(512) NOT NULL,
  session_id VARCHAR(512) NOT NULL,
  last_seen BIGINT NOT NULL,
  PRIMARY KEY (user_id, session_id)
);
INSERT INTO ${prefix}presence (user_id, session_id, last_seen)
  SELECT s.user_id, '', s.last_seen FROM ${prefix}sessions s WHERE s.logged_in = TRUE
  AND NOT EXISTS (SELECT 1 FROM ${prefix}presence p WHERE p.user_id = s.user_id);
