package dev.notify.pipeline;

import dev.notify.internal.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How transient delivery failures are retried: at most {@code maxAttempts} attempts in all, with
 * capped exponential backoff and full jitter between them (the delay before retry {@code n} is
 * uniform in {@code [0, min(maxDelay, baseDelay × 2^(n-1))]}).
 *
 * @param maxAttempts attempts in all, at least 1 (1 means no retry)
 * @param baseDelay the first backoff cap, positive
 * @param maxDelay the largest backoff cap, at least {@code baseDelay}
 * @since 0.1.0
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay) {
  /** No retry at all. */
  public static final RetryPolicy NONE =
      new RetryPolicy(1, Duration.ofMillis(1), Duration.ofMillis(1));

  /** Validates. */
  public RetryPolicy {
    Checks.argument(maxAttempts >= 1, "maxAttempts must be at least 1, got %d", maxAttempts);
    Checks.notNull(baseDelay, "baseDelay");
    Checks.notNull(maxDelay, "maxDelay");
    Checks.argument(
        !baseDelay.isNegative() && !baseDelay.isZero(),
        "baseDelay must be positive, got %s",
        baseDelay);
    Checks.argument(
        maxDelay.compareTo(baseDelay) >= 0,
        "maxDelay must be at least baseDelay, got %s",
        maxDelay);
  }

  /** The defaults: 4 attempts, backoff from 200 ms, capped at 5 s. */
  public static RetryPolicy ofDefaults() {
    return new RetryPolicy(4, Duration.ofMillis(200), Duration.ofSeconds(5));
  }

  /** The backoff cap before retry {@code retry} (1 for the first retry). */
  public Duration capBefore(int retry) {
    Checks.argument(retry >= 1, "retry must be at least 1, got %d", retry);
    long base = baseDelay.toNanos();
    long cap = maxDelay.toNanos();
    int shift = Math.min(retry - 1, 62);
    long exp = base > (cap >> shift) ? cap : Math.min(cap, base << shift);
    return Duration.ofNanos(exp);
  }

  /** The jittered delay before retry {@code retry}: uniform in {@code [0, capBefore(retry)]}. */
  public Duration delayBefore(int retry, RandomGenerator random) {
    Checks.notNull(random, "random");
    long cap = capBefore(retry).toNanos();
    return Duration.ofNanos(cap == 0 ? 0 : random.nextLong(cap + 1));
  }
}
