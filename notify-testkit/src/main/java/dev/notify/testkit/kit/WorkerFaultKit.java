package dev.notify.testkit.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.WorkerHealth;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.UserTiming;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Workers that cannot die silently: an {@link Error} thrown by the outbox's claim, the host's
 * observer, its timing provider or the digest book leaves the workers delivering everything else,
 * counted and reported by their health. Extend it with the stores under test.
 *
 * @since 0.3.0
 */
public abstract class WorkerFaultKit extends FaultKitSupport {
  private static final Duration IDLE = Duration.ofMillis(50);

  @Test
  void anOutOfMemoryErrorFromClaim_leavesTheWorkersDelivering() {
    Faults.FaultyOutbox outbox = new Faults.FaultyOutbox(stores.outbox());
    AtomicInteger claims = new AtomicInteger();
    outbox.onClaim =
        () ->
            claims.incrementAndGet() <= 3
                ? new OutOfMemoryError("injected: Java heap space")
                : null;
    Notifier n = notifier().outbox(outbox).build();
    Set<String> ids = assign(n, "oom", 0, AGENTS);
    try (DeliveryWorkers w = n.startWorkers(2, IDLE)) {
      awaitDelivered(ids);
      WorkerHealth h = w.health();
      assertEquals(2, h.alive(), "no worker died");
      assertTrue(h.failures() >= 3, "each failure counted: " + h);
      assertTrue(
          String.valueOf(h.lastError()).contains("OutOfMemoryError"), "reported: " + h.lastError());
      assertTrue(h.healthy(Instant.now(), PATIENCE), "healthy again: " + h);
      assertTrue(n.health().delivering());
      assertTrue(w.close(Duration.ofSeconds(60)), "a healthy pool closes in time");
    }
  }

  @Test
  void anErrorFromTheObserver_changesNothingDelivered() {
    Notifier n =
        notifier()
            .observer(
                new DeliveryObserver() {
                  @Override
                  public void sent(Delivery delivery) {
                    throw new NoClassDefFoundError("injected: com/example/Metrics");
                  }
                })
            .build();
    Set<String> ids = assign(n, "obs", 0, AGENTS);
    try (DeliveryWorkers w = n.startWorkers(2, IDLE)) {
      awaitDelivered(ids);
      await("every email completed", () -> n.stats().delivered() == AGENTS);
      assertEquals(2, w.health().alive());
      assertTrue(n.stats().failures() >= AGENTS, "each observer failure counted");
      await("nothing due", () -> n.stats().outbox().due() == 0);
      assertEquals(AGENTS, n.stats().outbox().done(), "each email done once");
    }
  }

  @Test
  void anErrorFromTheTimingProvider_failsOnlyItsUsersEmails() {
    // A digest user makes the workers ask the provider; u3's lookup throws an Error once published.
    DigestPolicy digest = new DigestPolicy(Duration.ofMinutes(1), 50, true);
    UserTiming timing = new UserTiming(QuietHours.NONE, UserTiming.DEFAULT_UNREAD_DELAY, digest);
    AtomicBoolean deleted = new AtomicBoolean();
    Notifier n =
        notifier()
            .timings(
                user -> {
                  if (deleted.get() && user.equals("u3")) {
                    throw new StackOverflowError("injected: the host's lookup of u3");
                  }
                  return timing;
                })
            .build();
    Set<String> ids = assign(n, "tim", 0, AGENTS);
    deleted.set(true);
    try (DeliveryWorkers w = n.startWorkers(2, IDLE)) {
      Set<String> others = new TreeSet<>(ids);
      others.remove("tim3/u3/email");
      awaitDelivered(others);
      await("u3's email is a dead letter", () -> !n.deadLetters(0, 10).isEmpty());
      assertEquals("tim3/u3/email", n.deadLetters(0, 10).get(0).id());
      assertTrue(
          n.deadLetters(0, 10).get(0).message().contains("timing provider"),
          n.deadLetters(0, 10).get(0).message());
      assertEquals(2, w.health().alive());
    }
  }

  @Test
  void anErrorFromTheDigestBook_failsNoBatchForGood() {
    Faults.FaultyBook book = new Faults.FaultyBook(stores.digests());
    book.onPlaceAll = () -> new LinkageError("injected: the book's placeAll");
    book.onPlace =
        d -> d.recipient().id().equals("u5") ? new AssertionError("injected: u5's place") : null;
    // Digest users make the workers ask the book about every email (without a digest, only about
    // emails claimed before).
    DigestPolicy digest = new DigestPolicy(Duration.ofMinutes(1), 50, true);
    UserTiming timing = new UserTiming(QuietHours.NONE, UserTiming.DEFAULT_UNREAD_DELAY, digest);
    Notifier n = notifier().digests(book).timings(user -> timing).build();
    Set<String> ids = assign(n, "book", 0, AGENTS);
    try (DeliveryWorkers w = n.startWorkers(2, IDLE)) {
      Set<String> others = new TreeSet<>(ids);
      others.remove("book5/u5/email");
      awaitDelivered(others);
      await("u5's email is a dead letter", () -> !n.deadLetters(0, 10).isEmpty());
      assertTrue(
          n.deadLetters(0, 10).get(0).message().contains("digest"),
          n.deadLetters(0, 10).get(0).message());
      book.onPlace = d -> null;
      assertEquals(1, n.redrive("book5/u5/email") ? 1 : 0);
      awaitDelivered(ids);
      assertEquals(2, w.health().alive());
    }
  }
}
