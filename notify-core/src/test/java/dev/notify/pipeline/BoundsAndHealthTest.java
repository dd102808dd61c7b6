package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** Timeouts that fit together, retries that outlast an outage, and a health that tells. */
class BoundsAndHealthTest {
  private static final Instant T0 = Instant.parse("2024-05-01T09:00:00Z");

  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .putUser(new UserAccount("carol", LocalDate.of(2020, 1, 1), "carol@example.test"));

  /** An email transport that says it may take {@code deadline} per attempt. */
  private static Transport slowEmail(Duration deadline) {
    return new Transport() {
      @Override
      public Medium medium() {
        return Medium.EMAIL;
      }

      @Override
      public void deliver(Delivery delivery) {}

      @Override
      public Optional<Duration> deadline() {
        return Optional.of(deadline);
      }
    };
  }

  @Test
  void theAttemptTimeout_derivesFromTheTransportsDeadline_andMayNotBeShorter() {
    Notifier derived =
        Notifier.builder()
            .directory(directory)
            .transport(slowEmail(Duration.ofSeconds(80)))
            .build();
    assertThat(derived.attemptTimeout()).isEqualTo(Duration.ofSeconds(85));
    assertThat(derived.lease()).isEqualTo(Duration.ofSeconds(255));
    Notifier plain = Notifier.builder().directory(directory).build();
    assertThat(plain.attemptTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(plain.lease()).isEqualTo(Duration.ofMinutes(2));

    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .transport(slowEmail(Duration.ofSeconds(70)))
                    .attemptTimeout(Duration.ofSeconds(30))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attempt timeout (PT30S) is shorter than the email transport's")
        .hasMessageContaining("(PT1M10S)");
    assertThatThrownBy(
            () ->
                Notifier.builder()
                    .directory(directory)
                    .attemptTimeout(Duration.ofSeconds(30))
                    .lease(Duration.ofSeconds(45))
                    .build())
        .hasMessageContaining("the lease (PT45S) must be at least twice the attempt timeout");
  }

  @Test
  void hugeDurations_areRefusedClearly_neverAnArithmeticException() {
    NotifierBuilder b = Notifier.builder().directory(directory);
    assertThatThrownBy(() -> b.lease(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lease must be at most PT24H");
    assertThatThrownBy(() -> b.attemptTimeout(Duration.ofDays(365L * 1000)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("attemptTimeout must be at most PT1H");
    assertThatThrownBy(() -> b.autoRedrive(Duration.ZERO))
        .hasMessageContaining("autoRedrive must be positive");
    assertThatThrownBy(() -> b.deadLetterRetention(Duration.ofSeconds(Long.MAX_VALUE)))
        .isInstanceOf(IllegalArgumentException.class);
    Notifier n = b.build();
    assertThatThrownBy(() -> n.startWorkers(1, Duration.ofDays(2)))
        .hasMessageContaining("idle must be at most an hour");
    assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofDays(2)))
        .hasMessageContaining("maxDelay must be at most a day");
  }

  @Test
  void theDefaultRetries_spanAtLeastAnHour_whateverTheDraws() {
    RetryPolicy p = RetryPolicy.ofDefaults();
    assertThat(p.minimumSpan()).isGreaterThanOrEqualTo(Duration.ofHours(1));
    SplittableRandom random = new SplittableRandom(7);
    for (int run = 0; run < 100; run++) {
      Duration total = Duration.ZERO;
      for (int retry = 1; retry < p.maxAttempts(); retry++) {
        Duration d = p.delayBefore(retry, random);
        Duration cap = p.capBefore(retry);
        assertThat(d).isBetween(cap.dividedBy(2), cap);
        total = total.plus(d);
      }
      assertThat(total).isGreaterThanOrEqualTo(Duration.ofHours(1));
    }
    assertThat(p.delayBefore(1, new SplittableRandom(1)))
        .as("the first retry comes within a second")
        .isLessThanOrEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void aNotifierWithDueEntriesAndNoWorkers_saysSo() {
    ManualClock clock = new ManualClock(T0);
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .clock(clock)
            .transport(slowEmail(Duration.ofSeconds(1)))
            .build();
    assertThat(n.health().delivering()).as("nothing due").isTrue();
    n.publish(new ConversationAssigned("h1", T0, "boss", "k1", "cust-1", "carol"));
    DeliveryHealth h = n.health();
    assertThat(h.delivering()).isFalse();
    assertThat(h.summary()).contains("1 entries due and no worker delivers them");
    n.deliverDue();
    assertThat(n.health().delivering()).isTrue();
    n.publish(new ConversationAssigned("h2", T0, "boss", "k2", "cust-1", "carol"));
    assertThat(n.health().delivering()).as("an inline drain a moment ago").isTrue();
    clock.advance(Duration.ofMinutes(2));
    assertThat(n.health().delivering()).isFalse();
    try (DeliveryWorkers w = n.startWorkers(1, Duration.ofMillis(10))) {
      assertThat(n.health().delivering()).isTrue();
      assertThat(n.health().pools()).hasSize(1);
      assertThat(w.health().threads()).isEqualTo(1);
    }
  }

  @Test
  void hungAttemptsThatIgnoreInterrupts_areCountedAndBounded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Transport stubborn =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery delivery) {
            while (true) {
              try {
                release.await();
                return;
              } catch (InterruptedException ignored) {
                // a transport that ignores interrupts: it holds its thread until released
              }
            }
          }
        };
    directory
        .putUser(new UserAccount("dave", LocalDate.of(2020, 1, 1), "dave@example.test"))
        .putUser(new UserAccount("erin", LocalDate.of(2020, 1, 1), "erin@example.test"));
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .transport(stubborn)
            .attemptTimeout(Duration.ofMillis(200))
            .lease(Duration.ofSeconds(1))
            .attemptThreads(2)
            .retry(new RetryPolicy(2, Duration.ofMinutes(1), Duration.ofMinutes(1)))
            .build();
    for (String user : List.of("carol", "dave", "erin")) {
      n.publish(new ConversationAssigned("s-" + user, Instant.now(), "boss", "k", "c", user));
    }
    n.deliverDue();
    assertThat(n.stats().deadLettered()).as("two hung past their deadline: UNKNOWN").isEqualTo(2);
    assertThat(n.stats().retried()).as("the third found no thread: retried").isEqualTo(1);
    assertThat(n.deadLetters(0, 10)).allMatch(d -> d.message().contains("no answer within"));
    assertThat(n.health().summary()).contains("every attempt thread is held by a hung");
    try (DeliveryWorkers w = n.startWorkers(1, Duration.ofSeconds(1))) {
      assertThat(w.health().attemptsHung()).isEqualTo(2);
      assertThat(w.health().attemptsInFlight()).isEqualTo(2);
      release.countDown();
      long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
      while (w.health().attemptsHung() > 0 && System.nanoTime() < end) {
        Thread.sleep(10);
      }
      assertThat(w.health().attemptsHung()).as("released: hung no longer").isZero();
    }
  }
}
