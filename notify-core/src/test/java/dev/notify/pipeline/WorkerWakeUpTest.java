package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Outcome;
import dev.notify.engine.Reason;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryOutbox;
import dev.notify.settings.Layer;
import dev.notify.spi.Delivery;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * Idle workers wake one at a time: a publish wakes one (the others would only claim nothing), and a
 * worker whose claim comes back full wakes one more, so that a backlog gets every worker.
 */
class WorkerWakeUpTest {
  private static final LocalDate OLD = LocalDate.of(2019, 1, 1);

  /** The outbox's claims: how many, and which workers claimed something. */
  private static final class Claims {
    final AtomicInteger count = new AtomicInteger();
    final Set<String> nonEmpty = ConcurrentHashMap.newKeySet();
    final Outbox outbox;

    Claims(Outbox real) {
      outbox =
          (Outbox)
              Proxy.newProxyInstance(
                  Outbox.class.getClassLoader(),
                  new Class<?>[] {Outbox.class},
                  (proxy, method, args) -> {
                    Object result;
                    try {
                      result = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                      throw e.getCause();
                    }
                    if (method.getName().equals("claim")) {
                      count.incrementAndGet();
                      if (!((List<?>) result).isEmpty()) {
                        nonEmpty.add((String) args[0]);
                      }
                    }
                    return result;
                  });
    }
  }

  private static void await(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(deadline);
      Thread.sleep(5);
    }
  }

  @Test
  void aPublish_wakesOneIdleWorker_notEveryOne() throws Exception {
    Claims claims = new Claims(new InMemoryOutbox());
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    Notifier n =
        Notifier.builder()
            .directory(
                new InMemoryDirectory()
                    .organizationCreatedOn(OLD)
                    .putUser(new UserAccount("bob", OLD, "bob@example.test")))
            .outbox(claims.outbox)
            .transport(email)
            .build();
    try (DeliveryWorkers workers = n.startWorkers(4, Duration.ofHours(1))) {
      await(() -> claims.count.get() >= 4, "each worker's first claim");
      Thread.sleep(200); // each now waits for a nudge
      int before = claims.count.get();
      n.publish(new ConversationAssigned("a1", Instant.now(), "carol", "k1", "c1", "bob"));
      await(() -> email.delivered().size() == 1, "the email sent");
      Thread.sleep(500); // what every woken worker would claim, it claims by then
      // One worker woke and claimed the email; it then waits for the next nudge. Woken all, the
      // other three would each have claimed nothing.
      assertThat(claims.count.get() - before).isEqualTo(1);
    }
  }

  @Test
  void aFullClaim_wakesAnotherWorker_soABacklogGetsMoreThanOne() throws Exception {
    InMemoryOutbox real = new InMemoryOutbox();
    Claims claims = new Claims(real);
    // Every email waits until a second worker claimed something too (a minute at most).
    CountDownLatch second = new CountDownLatch(1);
    Transport email =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            if (claims.nonEmpty.size() >= 2) {
              second.countDown();
            }
            try {
              second.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }

          @Override
          public Optional<Duration> deadline() {
            return Optional.of(Duration.ofMinutes(2));
          }
        };
    Notifier n =
        Notifier.builder()
            .directory(new InMemoryDirectory())
            .outbox(claims.outbox)
            .transport(email)
            .batchSize(10)
            .build();
    try (DeliveryWorkers workers = n.startWorkers(4, Duration.ofHours(1))) {
      await(() -> claims.count.get() >= 4, "each worker's first claim");
      Thread.sleep(200); // each now waits for a nudge
      // 100 emails due, one nudge: the woken worker's claim of 10 is full.
      real.enqueue(emails(100));
      workers.nudge();
      await(() -> claims.nonEmpty.size() >= 2, "a second worker claiming");
      second.countDown();
    }
    assertThat(claims.nonEmpty).hasSizeGreaterThanOrEqualTo(2);
  }

  /** {@code n} due emails, one to each of users u0, u1, …. */
  private static List<OutboxEntry> emails(int n) {
    NotificationOption assigned = Catalog.standard().requireOption("conversation.assigned");
    Reason byDefault =
        new Reason(
            Outcome.DELIVERED,
            assigned,
            Frequency.ALWAYS,
            Layer.DEFAULT_TABLE,
            null,
            "standard-1",
            null);
    Instant now = Instant.now();
    List<OutboxEntry> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String user = "u" + i;
      Delivery d =
          new Delivery(
              new ConversationAssigned("a" + i, now, "carol", "k1", "c1", user),
              new UserAccount(user, OLD, user + "@example.test"),
              Medium.EMAIL,
              assigned,
              false,
              null,
              byDefault);
      out.add(OutboxEntry.of(d, now, now));
    }
    return out;
  }
}
