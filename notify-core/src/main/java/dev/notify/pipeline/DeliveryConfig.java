package dev.notify.pipeline;

import dev.notify.catalog.Medium;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.DigestBook;
import dev.notify.spi.InboxStore;
import dev.notify.spi.Outbox;
import dev.notify.spi.TimingProvider;
import dev.notify.spi.Transport;
import dev.notify.timeline.TimelinePolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * What the delivering half works with, fixed when the notifier is built: the stores it reads and
 * writes, the transports, the timeline policy and the timeouts. Immutable; built by {@link Wiring}
 * from parts it validated, so it checks nothing again.
 *
 * @param outbox the queue the workers claim from
 * @param inbox where the read check of an {@code IF_UNREAD} email looks
 * @param digests where non-urgent emails are gathered
 * @param transports one per external medium
 * @param observer told what became of each delivery
 * @param timings each user's quiet hours, unread delay and digest
 * @param timeline when each delivery goes
 * @param retry when a transient failure is tried again, and how often
 * @param random the jitter of retries
 * @param clock due times, leases, stamps
 * @param attemptTimeout how long one attempt may take
 * @param lease how long a worker holds what it claimed
 * @param batchSize how many entries a worker claims at once
 * @param webhooks where the webhook events go, or null for none
 * @param instrumentation runs around each attempt
 */
record DeliveryConfig(
    Outbox outbox,
    InboxStore inbox,
    DigestBook digests,
    Map<Medium, Transport> transports,
    DeliveryObserver observer,
    TimingProvider timings,
    TimelinePolicy timeline,
    RetryPolicy retry,
    RandomGenerator random,
    Clock clock,
    Duration attemptTimeout,
    Duration lease,
    int batchSize,
    @Nullable WebhookTransport webhooks,
    Instrumentation instrumentation) {}
