package dev.notify.pipeline;

import dev.notify.spi.OutboxCounts;

/**
 * A snapshot of a notifier's delivery counters, for the host's metrics (no metrics library in core:
 * read it on a schedule and publish it to yours).
 *
 * @param enqueued outbox entries this notifier's publishes added
 * @param inApp in-app notifications this notifier's publishes wrote to the inbox
 * @param duplicates deliveries publish found already made or queued (a republished action)
 * @param delivered outbox entries this notifier's workers delivered
 * @param retried attempts that failed and were rescheduled
 * @param deadLettered entries this notifier's workers made dead letters
 * @param outbox the outbox's counts by state, across every notifier sharing it
 * @param readInTime {@code IF_UNREAD} emails not sent because the user read the in-app notification
 *     before they were due
 * @param digested emails that went out in a digest, every member counted once it was completed (the
 *     sender's entry too; before 0.3.0 the sender was missing)
 * @param digests digests sent (each counted in {@code delivered} too, as its sender's entry)
 * @param failures failures the workers contained and went on (a claim, a plan, an observer, a store
 *     that threw; see {@link Notifier#health()} for the last one)
 * @since 0.2.0
 */
public record DeliveryStats(
    long enqueued,
    long inApp,
    long duplicates,
    long delivered,
    long retried,
    long deadLettered,
    OutboxCounts outbox,
    long readInTime,
    long digested,
    long digests,
    long failures) {}
