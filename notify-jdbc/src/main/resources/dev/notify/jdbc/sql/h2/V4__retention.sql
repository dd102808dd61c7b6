-- notify's stores, version 4, H2 2.x: completed outbox entries found by age, for retention.
CREATE INDEX ${prefix}outbox_done ON ${prefix}outbox (state, done_at);
