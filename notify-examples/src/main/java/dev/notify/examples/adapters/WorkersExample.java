package dev.notify.examples.adapters;

import dev.notify.action.ConversationAssigned;
import dev.notify.pipeline.DeliveryHealth;
import dev.notify.pipeline.DeliveryStats;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.DeadLetter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** README's "Delivery guarantees": running the workers and shutting them down; a test runs it. */
public final class WorkersExample {
  private WorkersExample() {}

  /** Publishes one assignment and lets two workers deliver it; returns the counters after. */
  public static DeliveryStats run(Notifier notifier) throws InterruptedException {
    // README:workers:begin
    // At start-up: workers deliver in the background; publish wakes them.
    DeliveryWorkers workers = notifier.startWorkers(2, Duration.ofSeconds(1));

    // On the request thread: decide, write in-app, queue the email. Never waits for SMTP.
    notifier.publish(
        new ConversationAssigned("evt-7", Instant.now(), "bob", "k-7", "cust-7", "alice"));

    // Metrics on a schedule; dead letters for an operator.
    DeliveryStats stats = notifier.stats(); // enqueued, delivered, retried, dead, outbox counts
    List<DeadLetter> dead = notifier.deadLetters(0, 50);
    notifier.redriveAll(); // back in the queue, except UNKNOWN ones (they may have been sent)
    DeliveryHealth health = notifier.health(); // for your health check: delivering, last error …
    notifier.applyRetention(); // hourly: old in-app items, completed entries, old dead letters

    // At shutdown: stop claiming, finish or give back what is held, wait up to 30 s.
    workers.close(Duration.ofSeconds(30));
    // README:workers:end
    return notifier.stats();
  }
}
