package dev.notify.micrometer;

import dev.notify.action.Action;
import dev.notify.pipeline.Instrumentation;
import dev.notify.pipeline.PublishResult;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryObserver;
import dev.notify.spi.Digest;
import dev.notify.spi.TransportException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A notifier's Micrometer metrics and observations: give it to {@code
 * NotifierBuilder.instrumentation} and {@code NotifierBuilder.observer}, and bind {@link
 * NotifierMetrics} for the outbox's gauges.
 *
 * <ul>
 *   <li>Observations {@code notify.publish} (tag {@code kind}: the action's kind) around each
 *       publish and {@code notify.attempt} (tags {@code medium}, {@code digest}, {@code outcome}:
 *       {@code sent}, {@code transient}, {@code permanent}, {@code unknown} or {@code error})
 *       around each delivery attempt, opened on the thread that calls the transport: with Spring
 *       Boot's tracing (OpenTelemetry or Brave) each is a span, the transport's own calls its
 *       children. Their timers come from the observation registry's meter handler (Boot registers
 *       one; {@link #of(MeterRegistry)} makes a registry with one).
 *   <li>Counters {@code notify.published} (tags {@code medium}, {@code result}: {@code written} for
 *       in-app items, {@code queued}, {@code duplicate}), {@code notify.deliveries} (tags {@code
 *       medium}, {@code outcome}: {@code sent}, {@code read_in_time}, {@code throttled}, {@code
 *       retried}, {@code dead_letter}), {@code notify.digests} (tag {@code medium}) and the summary
 *       {@code notify.digest.size}.
 * </ul>
 *
 * <p>Tags are low-cardinality only: media, kinds and outcomes, never a user, an action or a
 * delivery id. Thread-safe; meters are registered on first use.
 *
 * @since 0.3.0
 */
public final class NotifyObservations implements Instrumentation, DeliveryObserver {
  private final MeterRegistry meters;
  private final ObservationRegistry observations;

  /**
   * Metrics into {@code meters}, observations into {@code observations} (whose handlers make the
   * timers and spans).
   */
  public NotifyObservations(MeterRegistry meters, ObservationRegistry observations) {
    this.meters = Objects.requireNonNull(meters, "meters cannot be null");
    this.observations = Objects.requireNonNull(observations, "observations cannot be null");
  }

  /**
   * Metrics and the observations' timers into {@code meters}, with no tracing: for a host without
   * an observation registry of its own.
   */
  public static NotifyObservations of(MeterRegistry meters) {
    Objects.requireNonNull(meters, "meters cannot be null");
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    return new NotifyObservations(meters, registry);
  }

  @Override
  public PublishResult publish(Action action, Supplier<PublishResult> publish) {
    return Observation.createNotStarted("notify.publish", observations)
        .contextualName("notify publish")
        .lowCardinalityKeyValue("kind", action.kind().id())
        .observe(
            () -> {
              PublishResult r = publish.get();
              count(r);
              return r;
            });
  }

  private void count(PublishResult r) {
    for (Delivery d : r.inApp()) {
      published(d, "written");
    }
    for (Delivery d : r.enqueued()) {
      published(d, "queued");
    }
    for (Delivery d : r.duplicates()) {
      published(d, "duplicate");
    }
  }

  private void published(Delivery d, String result) {
    Counter.builder("notify.published")
        .description("Deliveries a publish wrote (in-app), queued, or found made already")
        .tag("medium", d.medium().id())
        .tag("result", result)
        .register(meters)
        .increment();
  }

  @Override
  public void attempt(Delivery delivery, @Nullable Digest digest, Runnable attempt) {
    Observation o =
        Observation.createNotStarted("notify.attempt", observations)
            .contextualName("notify attempt " + delivery.medium().id())
            .lowCardinalityKeyValue("medium", delivery.medium().id())
            .lowCardinalityKeyValue("digest", String.valueOf(digest != null))
            .start();
    try (Observation.Scope scope = o.openScope()) {
      attempt.run();
      o.lowCardinalityKeyValue("outcome", "sent");
    } catch (TransportException e) {
      o.lowCardinalityKeyValue("outcome", e.kind().name().toLowerCase(Locale.ROOT));
      o.error(e);
      throw e;
    } catch (RuntimeException | Error e) {
      o.lowCardinalityKeyValue("outcome", "error");
      o.error(e);
      throw e;
    } finally {
      o.stop();
    }
  }

  private void delivered(Delivery d, String outcome) {
    Counter.builder("notify.deliveries")
        .description("What became of queued deliveries")
        .tag("medium", d.medium().id())
        .tag("outcome", outcome)
        .register(meters)
        .increment();
  }

  @Override
  public void sent(Delivery delivery) {
    delivered(delivery, "sent");
  }

  @Override
  public void digestSent(Digest digest) {
    String medium = digest.deliveries().get(0).medium().id();
    Counter.builder("notify.digests")
        .description("Digests sent")
        .tag("medium", medium)
        .register(meters)
        .increment();
    DistributionSummary.builder("notify.digest.size")
        .description("Deliveries per digest sent")
        .tag("medium", medium)
        .register(meters)
        .record(digest.size());
  }

  @Override
  public void readInTime(Delivery delivery) {
    delivered(delivery, "read_in_time");
  }

  @Override
  public void throttled(Delivery delivery) {
    delivered(delivery, "throttled");
  }

  @Override
  public void retried(Delivery delivery, int attempt, Instant next, String error) {
    delivered(delivery, "retried");
  }

  @Override
  public void deadLettered(
      Delivery delivery, TransportException.Kind kind, String message, int attempts) {
    delivered(delivery, "dead_letter");
  }
}
