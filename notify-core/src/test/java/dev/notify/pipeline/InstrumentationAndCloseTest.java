package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Instrumentation runs around publish and each attempt; close stops delivering for good. */
class InstrumentationAndCloseTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final List<String> seen = new CopyOnWriteArrayList<>();
  private final RecordingTransport email = new RecordingTransport(Medium.EMAIL);

  private final Instrumentation recording =
      new Instrumentation() {
        @Override
        public PublishResult publish(Action action, Supplier<PublishResult> publish) {
          seen.add("publish " + action.id() + " on " + Thread.currentThread().getName());
          try {
            PublishResult r = publish.get();
            seen.add("published " + r.enqueued().size());
            return r;
          } catch (RuntimeException e) {
            seen.add("publish failed: " + e.getClass().getSimpleName());
            throw e;
          }
        }

        @Override
        public void attempt(Delivery delivery, @Nullable Digest digest, Runnable attempt) {
          seen.add("attempt " + delivery.id());
          try {
            attempt.run();
            seen.add("sent " + delivery.id());
          } catch (RuntimeException e) {
            seen.add("failed " + delivery.id() + ": " + e.getClass().getSimpleName());
            throw e;
          }
        }
      };

  private Notifier notifier() {
    return Notifier.builder()
        .directory(directory())
        .transport(email)
        .retry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .instrumentation(recording)
        .build();
  }

  private static InMemoryDirectory directory() {
    return new InMemoryDirectory()
        .organizationCreatedOn(OLD)
        .putUser(new UserAccount("carol", OLD, "carol@example.test"));
  }

  private static ConversationAssigned assign(String id) {
    return new ConversationAssigned(id, AT, "bob", "k-1", "cust-1", "carol");
  }

  @Test
  void publishAndEachAttempt_runInsideTheInstrumentation_outcomesUnchanged() {
    Notifier n = notifier();
    PublishResult r = n.publish(assign("a1"));
    assertThat(r.enqueued()).hasSize(1);
    assertThat(seen)
        .containsExactly("publish a1 on " + Thread.currentThread().getName(), "published 1");
    email.failNext(TransportException.Kind.TRANSIENT);
    n.deliverDue();
    assertThat(seen)
        .endsWith("attempt a1/carol/email", "failed a1/carol/email: TransportException");
    assertThat(n.stats().retried()).as("the failure reached the runner unchanged").isEqualTo(1);
    assertThatThrownBy(() -> n.publish(new ConversationAssigned("a2", AT, "bob", "k", "c", "zed")))
        .isInstanceOf(RuntimeException.class);
    assertThat(seen).last().asString().startsWith("publish failed: ");
  }

  @Test
  void close_endsTheWorkers_andRefusesToDeliverAfter() {
    Notifier n = notifier();
    DeliveryWorkers w = n.startWorkers(2, Duration.ofMillis(10));
    n.publish(assign("a1"));
    assertThat(n.close(Duration.ofMinutes(1))).isTrue();
    assertThat(w.isClosed()).isTrue();
    assertThat(w.anyAlive()).isFalse();
    assertThatThrownBy(() -> n.startWorkers(1, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    assertThatThrownBy(n::deliverDue).isInstanceOf(IllegalStateException.class);
    assertThat(n.publish(assign("a2")).enqueued()).as("publishing still queues").hasSize(1);
    n.close(); // again: nothing more to do
  }

  @Test
  void allObservers_hearEveryEvent_evenAfterOneThrows() {
    List<String> heard = new CopyOnWriteArrayList<>();
    DeliveryObserver throwing =
        new DeliveryObserver() {
          @Override
          public void sent(Delivery d) {
            throw new IllegalStateException("broken");
          }
        };
    DeliveryObserver listening =
        new DeliveryObserver() {
          @Override
          public void sent(Delivery d) {
            heard.add(d.id());
          }
        };
    Notifier n =
        Notifier.builder()
            .directory(directory())
            .transport(email)
            .observer(DeliveryObserver.all(List.of(throwing, listening)))
            .build();
    n.publish(assign("a1"));
    n.deliverDue();
    assertThat(heard).containsExactly("a1/carol/email");
    assertThat(email.delivered()).hasSize(1);
  }

  @Test
  void aPeersRetryAfter_isWaited_whenLongerThanTheBackoff() {
    ManualClock clock = new ManualClock(AT);
    AtomicInteger calls = new AtomicInteger();
    Transport busyOnce =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            if (calls.incrementAndGet() == 1) {
              throw new TransportException("429", Duration.ofMinutes(10));
            }
          }
        };
    Notifier n =
        Notifier.builder()
            .directory(directory())
            .transport(busyOnce)
            .retry(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(1)))
            .clock(clock)
            .build();
    n.publish(assign("a1"));
    n.deliverDue();
    clock.advance(Duration.ofMinutes(9));
    n.deliverDue();
    assertThat(calls).as("the backoff alone would have retried").hasValue(1);
    clock.advance(Duration.ofMinutes(1));
    n.deliverDue();
    assertThat(calls).hasValue(2);
    assertThat(new TransportException("x", Duration.ZERO).kind())
        .isEqualTo(TransportException.Kind.TRANSIENT);
    assertThatThrownBy(() -> new TransportException("x", Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
