package dev.notify.micrometer;

import dev.notify.pipeline.Notifier;
import dev.notify.spi.OutboxCounts;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

/**
 * The outbox's gauges of a notifier: {@code notify.outbox.entries} (tag {@code state}: {@code
 * scheduled}, {@code due}, {@code leased}, {@code dead}) and {@code notify.outbox.oldest.due} (how
 * long the oldest due entry has waited, 0 when none is due). The counts are read at most once a
 * second however many gauges and registries read them: on a database each read is a query.
 * Thread-safe.
 *
 * @since 0.3.0
 */
public final class NotifierMetrics implements MeterBinder {
  private static final long FRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Notifier notifier;
  private final Object lock = new Object();
  private OutboxCounts counts = new OutboxCounts(0, 0, 0, 0, 0, null);
  private long readAt = System.nanoTime() - 2 * FRESH_NANOS;

  /** The gauges of {@code notifier}. */
  public NotifierMetrics(Notifier notifier) {
    this.notifier = Objects.requireNonNull(notifier, "notifier cannot be null");
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    entries(registry, "scheduled", OutboxCounts::scheduled);
    entries(registry, "due", OutboxCounts::due);
    entries(registry, "leased", OutboxCounts::leased);
    entries(registry, "dead", OutboxCounts::dead);
    TimeGauge.builder(
            "notify.outbox.oldest.due",
            this,
            TimeUnit.SECONDS,
            m -> m.counts().oldestDueAge().orElse(Duration.ZERO).toMillis() / 1000.0)
        .description("How long the oldest due outbox entry has waited")
        .register(registry);
  }

  private void entries(MeterRegistry registry, String state, ToDoubleFunction<OutboxCounts> f) {
    Gauge.builder("notify.outbox.entries", this, m -> f.applyAsDouble(m.counts()))
        .description("Outbox entries by state")
        .tag("state", state)
        .register(registry);
  }

  /** The outbox's counts, read again when older than a second. */
  private OutboxCounts counts() {
    synchronized (lock) {
      long now = System.nanoTime();
      if (now - readAt >= FRESH_NANOS) {
        counts = notifier.stats().outbox();
        readAt = now;
      }
      return counts;
    }
  }
}
