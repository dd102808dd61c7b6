-- notify's stores, version 13, PostgreSQL 15 and later: users' Web Push subscriptions, one row per
-- browser; the endpoint identifies one (the store keeps it with one user only), the keys are
-- base64url. Distributed by user_id, like the inbox.
CREATE TABLE IF NOT EXISTS ${prefix}push_subscriptions (
  user_id TEXT NOT NULL,
  endpoint TEXT NOT NULL,
  p256dh TEXT NOT NULL,
  auth TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, endpoint)
);
CREATE INDEX IF NOT EXISTS ${prefix}push_subscriptions_endpoint ON ${prefix}push_subscriptions (endpoint);
