-- notify's stores, version 4, PostgreSQL 15+: completed outbox entries found by age, for retention.
CREATE INDEX ${prefix}outbox_done ON ${prefix}outbox (done_at) WHERE state = 2;
