package dev.notify.pipeline;

import dev.notify.Limits;
import dev.notify.spi.TransportException;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Where the workers put what they contained: each failure of a claim, a plan, an observer or a
 * store is counted, kept for the health check, and logged without flooding. Thread-safe.
 */
final class Containment {
  private final Clock clock;

  Containment(Clock clock) {
    this.clock = clock;
  }

  /** Failures the workers contained: a claim, a plan, an observer or a store that threw. */
  final LongAdder failures = new LongAdder();

  private volatile @Nullable Instant lastErrorAt;
  private volatile @Nullable String lastError;

  /** When the last contained failure happened, or null. */
  @Nullable Instant lastErrorAt() {
    return lastErrorAt;
  }

  /** The last contained failure, described, or null. */
  @Nullable String lastError() {
    return lastError;
  }

  /**
   * Records a failure the pipeline contained (counted, kept for the health check) and logs it: at
   * WARNING the first time a kind of failure (where, and the throwable's class) is seen in ten
   * minutes, else at DEBUG, so an outage logs one WARNING per kind and not one per entry.
   *
   * @param where what failed, without ids ("the timing provider")
   * @param subject what it failed for ("user u3"), or empty
   */
  void contained(String where, String subject, Throwable t) {
    failures.increment();
    String what = where + (subject.isEmpty() ? "" : " (" + subject + ")") + ": " + describe(t);
    lastError = what;
    lastErrorAt = clock.instant();
    long now = System.nanoTime();
    Long last = logged.get(where + t.getClass().getName());
    boolean fresh = last == null || now - last > LOG_AGAIN_AFTER;
    if (fresh) {
      if (logged.size() > 1_000) {
        logged.clear(); // a bound: kinds of failure are few, this only guards against a flood
      }
      logged.put(where + t.getClass().getName(), now);
    }
    LOG.log(
        fresh ? System.Logger.Level.WARNING : System.Logger.Level.DEBUG,
        "notify contained a failure in " + what + " (delivery goes on)",
        t);
  }

  /** {@link #contained(String, String, Throwable)} with no subject. */
  void contained(String where, Throwable t) {
    contained(where, "", t);
  }

  private final ConcurrentHashMap<String, Long> logged = new ConcurrentHashMap<>();
  private static final long LOG_AGAIN_AFTER = 600_000_000_000L;

  static final System.Logger LOG = System.getLogger("dev.notify.pipeline.DeliveryWorkers");

  /**
   * A throwable's message with its causes (up to three), cut to the outbox's error column: what a
   * retry or dead letter says, so an operator reads the transport's real reason.
   */
  static String describe(Throwable t) {
    StringBuilder b = new StringBuilder();
    Throwable c = t;
    for (int depth = 0; c != null && depth < 4; depth++, c = c.getCause()) {
      if (depth > 0) {
        b.append("; caused by ");
      }
      String m = c.getMessage();
      if (c instanceof TransportException && depth == 0 && m != null) {
        b.append(m);
      } else {
        b.append(c.getClass().getName());
        if (m != null) {
          b.append(": ").append(m);
        }
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Limits.error(b.toString());
  }
}
