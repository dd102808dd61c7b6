-- notify's stores, version 13, H2 2.x: users' Web Push subscriptions, one row per browser; the
-- endpoint identifies one (the store keeps it with one user only), the keys are base64url.
CREATE TABLE IF NOT EXISTS ${prefix}push_subscriptions (
  user_id VARCHAR(256) NOT NULL,
  endpoint VARCHAR(2000) NOT NULL,
  p256dh VARCHAR(100) NOT NULL,
  auth VARCHAR(50) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, endpoint)
);
CREATE INDEX IF NOT EXISTS ${prefix}push_subscriptions_endpoint ON ${prefix}push_subscriptions (endpoint);
