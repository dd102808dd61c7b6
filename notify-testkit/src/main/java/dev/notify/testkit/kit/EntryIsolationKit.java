package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.Limits;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.TransportException;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * One entry that cannot be planned or delivered fails alone: it becomes a dead letter with its
 * reason (or is retried), and every other email of its batch is delivered. Extend it with the
 * stores under test; a store that can hold entries this instance cannot read adds its own case.
 *
 * @since 0.3.0
 */
public abstract class EntryIsolationKit extends FaultKitSupport {
  @Test
  void aUserWhoseTimingLookupThrows_becomesADeadLetter_andEveryOtherEmailIsDelivered() {
    UserTiming timing =
        new UserTiming(
            QuietHours.NONE,
            UserTiming.DEFAULT_UNREAD_DELAY,
            new DigestPolicy(Duration.ofMinutes(1), 10, true));
    AtomicBoolean deleted = new AtomicBoolean();
    Notifier n =
        notifier()
            .batchSize(AGENTS) // one batch holds them all
            .timings(
                user -> {
                  if (deleted.get() && user.equals("u7")) {
                    throw new IllegalStateException("no user u7: deleted after the publish");
                  }
                  return timing;
                })
            .build();
    Set<String> ids = assign(n, "iso", 0, AGENTS);
    deleted.set(true);
    n.deliverDue();
    Set<String> others = new TreeSet<>(ids);
    others.remove("iso7/u7/email");
    assertEquals(others, email.delivered.keySet());
    List<DeadLetter> dead = n.deadLetters(0, 10);
    assertEquals(1, dead.size());
    DeadLetter d = dead.get(0);
    assertEquals("iso7/u7/email", d.id());
    assertEquals("email", d.medium());
    assertEquals(TransportException.Kind.TRANSIENT, d.kind(), "worth a redrive once it answers");
    assertTrue(d.message().contains("timing provider"), d.message());
    assertTrue(d.message().contains("deleted after the publish"), d.message());
    assertEquals(AGENTS - 1, n.stats().delivered());

    deleted.set(false);
    assertEquals(1, n.redriveTransientBefore(Instant.now().plusSeconds(1)));
    n.deliverDue();
    assertEquals(ids, email.delivered.keySet());
  }

  @Test
  void oneEmailThatFailsForGood_doesNotHoldUpItsBatch() {
    Notifier n = notifier().batchSize(AGENTS).build();
    email.failing =
        d ->
            d.recipient().id().equals("u4")
                ? new TransportException(
                    TransportException.Kind.PERMANENT, "550 5.1.1 no such mailbox")
                : null;
    Set<String> ids = assign(n, "perm", 0, AGENTS);
    n.deliverDue();
    assertEquals(AGENTS - 1, email.delivered.size());
    DeadLetter d = n.deadLetters(0, 10).get(0);
    assertEquals("perm4/u4/email", d.id());
    assertTrue(d.message().contains("550 5.1.1 no such mailbox"), "the transport's cause");
    assertTrue(ids.containsAll(email.delivered.keySet()));
  }

  @Test
  void aHugeTransportError_isRecordedCutWithAMarker_andTheEntryEnds() {
    Notifier n = notifier().retry(RetryPolicy.NONE).build();
    email.failing =
        d ->
            d.recipient().id().equals("u2")
                ? new TransportException(
                    TransportException.Kind.PERMANENT, "550 " + "y".repeat(2_000_000))
                : null;
    assign(n, "big", 0, 3);
    n.deliverDue();
    DeadLetter d = n.deadLetters(0, 10).get(0);
    assertEquals("big2/u2/email", d.id());
    assertEquals(Limits.ERROR, d.message().length());
    assertTrue(d.message().startsWith("550 yyy"), "the transport's words first");
    assertTrue(d.message().endsWith("[cut: 2000004 characters in all]"), "marked as cut");
    assertEquals(0, n.stats().outbox().due() + n.stats().outbox().scheduled(), "nothing retried");
    assertEquals(2, email.delivered.size());
  }
}
