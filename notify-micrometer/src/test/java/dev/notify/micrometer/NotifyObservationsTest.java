package dev.notify.micrometer;

import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.ManualClock;
import dev.notify.pipeline.Notifier;
import dev.notify.pipeline.RetryPolicy;
import dev.notify.spi.TransportException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.tck.TestObservationRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** Metrics and observations of a real notifier (in memory), read back from the registries. */
class NotifyObservationsTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final TestObservationRegistry observations = TestObservationRegistry.create();
  private final RecordingTransport email = new RecordingTransport(Medium.EMAIL);
  private final ManualClock clock = new ManualClock(AT);

  private Notifier notifier(NotifyObservations o) {
    return Notifier.builder()
        .directory(
            new InMemoryDirectory()
                .organizationCreatedOn(OLD)
                .putUser(new UserAccount("carol", OLD, "carol@example.test"))
                .putUser(new UserAccount("dave", OLD, "dave@example.test")))
        .transport(email)
        .retry(new RetryPolicy(2, Duration.ofSeconds(1), Duration.ofSeconds(1)))
        .clock(clock)
        .instrumentation(o)
        .observer(o)
        .build();
  }

  private static ConversationAssigned assign(String id, String to) {
    return new ConversationAssigned(id, AT, "bob", "k-" + id, "cust-1", to);
  }

  @Test
  void publishAndAttempts_areObserved_counted_andTimed_withLowCardinalityTagsOnly() {
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    NotifyObservations o = new NotifyObservations(meters, observations);
    Notifier n = notifier(o);
    new NotifierMetrics(n).bindTo(meters);

    n.publish(assign("a1", "carol"));
    n.publish(assign("a1", "carol")); // again: duplicates
    n.publish(assign("a2", "dave"));
    assertThat(meters.get("notify.outbox.entries").tag("state", "due").gauge().value())
        .isEqualTo(2);
    email.failNext(TransportException.Kind.TRANSIENT);
    n.deliverDue(); // one fails, one goes
    clock.advance(Duration.ofSeconds(2));
    email.failNext(TransportException.Kind.PERMANENT);
    n.deliverDue(); // the retry dies

    assertThat(count("notify.published", "result", "queued")).isEqualTo(2);
    assertThat(count("notify.published", "result", "written")).isEqualTo(2);
    assertThat(count("notify.published", "result", "duplicate")).isEqualTo(2);
    assertThat(count("notify.deliveries", "outcome", "sent")).isEqualTo(1);
    assertThat(count("notify.deliveries", "outcome", "retried")).isEqualTo(1);
    assertThat(count("notify.deliveries", "outcome", "dead_letter")).isEqualTo(1);
    assertThat(meters.get("notify.publish").tag("kind", "conversation.assigned").timer().count())
        .isEqualTo(3);
    assertThat(meters.get("notify.attempt").tag("outcome", "sent").timer().count()).isEqualTo(1);
    assertThat(meters.get("notify.attempt").tag("outcome", "transient").timer().count())
        .isEqualTo(1);
    assertThat(meters.get("notify.attempt").tag("outcome", "permanent").timer().count())
        .isEqualTo(1);
    assertThat(meters.get("notify.outbox.entries").tag("state", "dead").gauge().value())
        .as("read again after a second")
        .isIn(0.0, 1.0);

    assertThat(observations)
        .hasObservationWithNameEqualTo("notify.attempt")
        .that()
        .hasContextualNameEqualTo("notify attempt email")
        .hasLowCardinalityKeyValue("medium", "email")
        .hasLowCardinalityKeyValue("digest", "false")
        .hasBeenStarted()
        .hasBeenStopped();
    assertThat(observations)
        .hasObservationWithNameEqualTo("notify.publish")
        .that()
        .hasLowCardinalityKeyValue("kind", "conversation.assigned");
    // No tag names a user, an action or a delivery.
    for (Meter m : meters.getMeters()) {
      assertThat(m.getId().getTags())
          .allSatisfy(
              t ->
                  assertThat(t.getValue())
                      .doesNotContain("carol")
                      .doesNotContain("dave")
                      .doesNotContain("a1")
                      .doesNotContain("a2"));
    }
  }

  @Test
  void withoutAnObservationRegistry_ofMakesTheTimersAnyway() {
    Notifier n = notifier(NotifyObservations.of(meters));
    n.publish(assign("a1", "carol"));
    n.deliverDue();
    assertThat(meters.get("notify.publish").timer().count()).isEqualTo(1);
    assertThat(meters.get("notify.attempt").tag("medium", "email").timer().count()).isEqualTo(1);
  }

  private double count(String name, String key, String value) {
    return meters.get(name).tag(key, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }
}
