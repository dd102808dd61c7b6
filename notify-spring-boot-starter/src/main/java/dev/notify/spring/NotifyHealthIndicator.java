package dev.notify.spring;

import dev.notify.pipeline.DeliveryHealth;
import dev.notify.pipeline.Notifier;
import java.time.Duration;
import java.util.Optional;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * {@code notify} in {@code /actuator/health}: DOWN when the workers this context started died (or
 * none delivers what is due), when the oldest due entry has waited longer than {@code
 * notify.health.max-due-age}, or when the stores cannot be read (the database is unreachable);
 * details: the outbox's counts, the oldest due age, the workers' summary. Thread-safe.
 *
 * @since 0.3.0
 */
public final class NotifyHealthIndicator extends AbstractHealthIndicator {
  private final Notifier notifier;
  private final Optional<NotifyWorkers> workers;
  private final Duration maxDueAge;

  NotifyHealthIndicator(Notifier notifier, Optional<NotifyWorkers> workers, Duration maxDueAge) {
    super("notify health check failed");
    this.notifier = notifier;
    this.workers = workers;
    this.maxDueAge = maxDueAge;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    DeliveryHealth h = notifier.health(); // reads the outbox: throws when the database is down
    Duration oldest = h.outbox().oldestDueAge().orElse(Duration.ZERO);
    builder
        .withDetail("summary", h.summary())
        .withDetail("due", h.outbox().due())
        .withDetail("scheduled", h.outbox().scheduled())
        .withDetail("leased", h.outbox().leased())
        .withDetail("dead", h.outbox().dead())
        .withDetail("oldestDue", oldest.toString());
    boolean workersDied =
        workers.isPresent()
            && workers.get().isRunning()
            && h.pools().stream().noneMatch(p -> p.alive() > 0);
    if (workersDied) {
      builder.down().withDetail("reason", "the delivery workers died");
    } else if (workers.isPresent() && workers.get().isRunning() && !h.delivering()) {
      builder.down().withDetail("reason", "nothing delivers what is due");
    } else if (oldest.compareTo(maxDueAge) > 0) {
      builder.down().withDetail("reason", "the oldest due entry waited over " + maxDueAge);
    } else {
      builder.up();
    }
  }
}
