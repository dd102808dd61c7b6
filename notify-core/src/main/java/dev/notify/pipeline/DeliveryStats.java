package dev.notify.pipeline;

import dev.notify.spi.OutboxCounts;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a notifier's delivery counters, for the host's metrics (no metrics library in core:
 * read it on a schedule and publish it to yours).
 *
 * <p>A final class, not a record: a counter added later is a new accessor, never a broken
 * constructor (its constructor is the notifier's own).
 *
 * @since 0.2.0
 */
public final class DeliveryStats {
  private final long enqueued;
  private final long inApp;
  private final long duplicates;
  private final long delivered;
  private final long retried;
  private final long deadLettered;
  private final OutboxCounts outbox;
  private final long readInTime;
  private final long digested;
  private final long digests;
  private final long failures;

  DeliveryStats(
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
      long failures) {
    this.enqueued = enqueued;
    this.inApp = inApp;
    this.duplicates = duplicates;
    this.delivered = delivered;
    this.retried = retried;
    this.deadLettered = deadLettered;
    this.outbox = outbox;
    this.readInTime = readInTime;
    this.digested = digested;
    this.digests = digests;
    this.failures = failures;
  }

  /** Outbox entries this notifier's publishes added. */
  public long enqueued() {
    return enqueued;
  }

  /** In-app notifications this notifier's publishes wrote to the inbox. */
  public long inApp() {
    return inApp;
  }

  /** Deliveries publish found already made or queued (a republished action). */
  public long duplicates() {
    return duplicates;
  }

  /** Outbox entries this notifier's workers delivered. */
  public long delivered() {
    return delivered;
  }

  /** Attempts that failed and were rescheduled. */
  public long retried() {
    return retried;
  }

  /** Entries this notifier's workers made dead letters. */
  public long deadLettered() {
    return deadLettered;
  }

  /** The outbox's counts by state, across every notifier sharing it. */
  public OutboxCounts outbox() {
    return outbox;
  }

  /**
   * {@code IF_UNREAD} emails not sent because the user read the in-app notification before they
   * were due.
   */
  public long readInTime() {
    return readInTime;
  }

  /**
   * Emails that went out in a digest, every member counted once it was completed (the sender's
   * entry too; before 0.3.0 the sender was missing).
   */
  public long digested() {
    return digested;
  }

  /** Digests sent (each counted in {@code delivered} too, as its sender's entry). */
  public long digests() {
    return digests;
  }

  /**
   * Failures the workers contained and went on (a claim, a plan, an observer, a store that threw;
   * see {@link Notifier#health()} for the last one).
   */
  public long failures() {
    return failures;
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DeliveryStats s
        && enqueued == s.enqueued
        && inApp == s.inApp
        && duplicates == s.duplicates
        && delivered == s.delivered
        && retried == s.retried
        && deadLettered == s.deadLettered
        && outbox.equals(s.outbox)
        && readInTime == s.readInTime
        && digested == s.digested
        && digests == s.digests
        && failures == s.failures;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        enqueued,
        inApp,
        duplicates,
        delivered,
        retried,
        deadLettered,
        outbox,
        readInTime,
        digested,
        digests,
        failures);
  }

  @Override
  public String toString() {
    return "DeliveryStats["
        + "enqueued="
        + enqueued
        + ", inApp="
        + inApp
        + ", duplicates="
        + duplicates
        + ", delivered="
        + delivered
        + ", retried="
        + retried
        + ", deadLettered="
        + deadLettered
        + ", outbox="
        + outbox
        + ", readInTime="
        + readInTime
        + ", digested="
        + digested
        + ", digests="
        + digests
        + ", failures="
        + failures
        + "]";
  }
}
