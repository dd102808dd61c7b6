package dev.notify.pipeline;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A snapshot of a {@link DeliveryWorkers} pool, for a host's health check.
 *
 * @param threads the pool's worker threads
 * @param alive how many of them are alive (a worker contains every failure, so fewer only after
 *     {@link DeliveryWorkers#close})
 * @param closed whether the pool was closed
 * @param lastClaim when a claim of the notifier's workers last succeeded (whatever it found), or
 *     null before the first
 * @param lastErrorAt when the last contained failure happened, or null
 * @param lastError the last contained failure (where, and what was thrown), or null
 * @param failures how many failures the notifier's workers contained
 * @param attemptsInFlight transport attempts running now, hung ones included
 * @param attemptsHung attempts past their deadline that have not returned (a transport that ignores
 *     interrupts); they hold an attempt thread until they do
 * @param maxAttempts the most attempts that may run at once
 * @since 0.3.0
 */
public record WorkerHealth(
    int threads,
    int alive,
    boolean closed,
    @Nullable Instant lastClaim,
    @Nullable Instant lastErrorAt,
    @Nullable String lastError,
    long failures,
    int attemptsInFlight,
    int attemptsHung,
    int maxAttempts) {

  /**
   * Whether the pool delivers: open, every thread alive, a claim within {@code within} of {@code
   * now}, and room for an attempt (not every attempt thread hung).
   */
  public boolean healthy(Instant now, Duration within) {
    return !closed
        && alive == threads
        && lastClaim != null
        && !lastClaim.isBefore(now.minus(within))
        && attemptsHung < maxAttempts;
  }
}
