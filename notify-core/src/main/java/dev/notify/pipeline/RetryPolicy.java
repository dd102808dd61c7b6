package dev.notify.pipeline;

import dev.notify.internal.Checks;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * How transient delivery failures are retried: at most {@code maxAttempts} attempts in all, with
 * capped exponential backoff and "equal" jitter between them: the delay before retry {@code n} is
 * uniform in {@code [cap/2, cap]} with {@code cap = min(maxDelay, baseDelay × 2^(n-1))}, so that
 * retries spread out and the policy still spans at least half its caps ({@link #minimumSpan()}),
 * whatever the random draws.
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
    Checks.argument(
        maxDelay.compareTo(Duration.ofDays(1)) <= 0,
        "maxDelay must be at most a day, got %s",
        maxDelay);
    Checks.argument(maxAttempts <= 1_000, "maxAttempts must be at most 1000, got %d", maxAttempts);
  }

  /**
   * The defaults: 18 attempts, backoff from 1 s, capped at 15 minutes — retries for at least an
   * hour ({@link #minimumSpan()} 61 min, at most twice that), so an outage of the mail server
   * shorter than that ends with everything delivered; the first retries come within seconds.
   */
  public static RetryPolicy ofDefaults() {
    return new RetryPolicy(18, Duration.ofSeconds(1), Duration.ofMinutes(15));
  }

  /**
   * The shortest time from the first attempt to the last one: half the sum of the backoff caps
   * (each delay is at least half its cap).
   *
   * @since 0.3.0
   */
  public Duration minimumSpan() {
    Duration sum = Duration.ZERO;
    for (int retry = 1; retry < maxAttempts; retry++) {
      sum = sum.plus(capBefore(retry).dividedBy(2));
    }
    return sum;
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

  /** The jittered delay before retry {@code retry}: uniform in {@code [cap/2, cap]}. */
  public Duration delayBefore(int retry, RandomGenerator random) {
    Checks.notNull(random, "random");
    long cap = capBefore(retry).toNanos();
    long half = cap / 2;
    return Duration.ofNanos(half + random.nextLong(cap - half + 1));
  }
}
