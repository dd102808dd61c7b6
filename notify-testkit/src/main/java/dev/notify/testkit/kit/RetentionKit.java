package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Storage stays bounded: the notifier's retention deletes completed outbox entries and old dead
 * letters in batches, and an operator purges dead letters by age, kind and medium. Extend it with
 * the stores under test.
 *
 * @since 0.3.0
 */
public abstract class RetentionKit extends FaultKitSupport {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  @Test
  void retention_deletesCompletedEntriesAndOldDeadLetters() {
    ManualClock clock = new ManualClock(T0);
    Notifier n =
        notifier()
            .clock(clock)
            .retry(RetryPolicy.NONE)
            .inboxRetention(Duration.ofDays(1))
            .outboxRetention(Duration.ofDays(1))
            .deadLetterRetention(Duration.ofDays(3))
            .historyRetention(Duration.ofDays(2))
            .build();
    email.failing =
        d ->
            d.recipient().id().compareTo("u5") < 0 && d.recipient().id().length() == 2
                ? new TransportException(TransportException.Kind.PERMANENT, "550 refused")
                : null;
    for (int i = 0; i < AGENTS; i++) {
      n.publish(new ConversationAssigned("r" + i, T0, "boss", "k" + i, "cust", "u" + i));
    }
    n.deliverDue();
    OutboxCounts before = n.stats().outbox();
    assertEquals(15, before.done());
    assertEquals(5, before.dead());

    clock.advance(Duration.ofHours(12));
    assertEquals(new Notifier.Retained(0, 0, 0), n.applyRetention(), "nothing old enough yet");
    clock.advance(Duration.ofDays(1));
    Notifier.Retained r = n.applyRetention();
    assertEquals(15, r.done());
    assertEquals(0, r.deadLetters(), "dead letters are kept longer");
    assertEquals(AGENTS, r.inbox());
    assertEquals(0, r.history(), "the history is kept two days");
    clock.advance(Duration.ofDays(3));
    Notifier.Retained later = n.applyRetention();
    assertEquals(5, later.deadLetters());
    if (n.history().kept()) {
      // Queued, sent or dead at T0, for 20 deliveries: older than two days now.
      assertEquals(2 * AGENTS, later.history());
    }
    OutboxCounts after = n.stats().outbox();
    assertEquals(0, after.done() + after.dead() + after.due() + after.scheduled() + after.leased());
  }

  @Test
  void purgeDeadLetters_byKindAndMedium_throughTheNotifier() {
    ManualClock clock = new ManualClock(T0);
    Notifier n = notifier().clock(clock).retry(RetryPolicy.NONE).build();
    email.failing =
        d ->
            new TransportException(
                d.recipient().id().equals("u1")
                    ? TransportException.Kind.UNKNOWN
                    : TransportException.Kind.PERMANENT,
                "refused");
    for (int i = 0; i < 4; i++) {
      n.publish(new ConversationAssigned("q" + i, T0, "boss", "k" + i, "cust", "u" + i));
    }
    n.deliverDue();
    clock.advance(Duration.ofMinutes(1));
    assertEquals(0, n.purgeDeadLetters(T0, null, null), "none died before T0");
    assertEquals(
        3, n.purgeDeadLetters(clock.instant(), TransportException.Kind.PERMANENT, Medium.EMAIL));
    assertEquals(1, n.deadLetters(0, 10).size());
    assertEquals("q1/u1/email", n.deadLetters(0, 10).get(0).id());
  }
}
