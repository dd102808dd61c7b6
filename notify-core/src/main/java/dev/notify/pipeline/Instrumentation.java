package dev.notify.pipeline;

import dev.notify.action.Action;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Runs around each publish and each delivery attempt: where a host's metrics time them and its
 * tracing opens a span (notify-micrometer's {@code NotifyObservations} makes both Micrometer
 * observations), with no metrics or tracing library in notify-core. Each method must run what it is
 * given exactly once, on the calling thread, and give back its result or exception unchanged.
 *
 * <p><b>Threading:</b> {@link #publish} runs on the publishing thread, {@link #attempt} on the
 * attempt's own thread (the one that calls the transport, so a span opened there is the transport's
 * parent); both possibly concurrently. <b>Blocking:</b> only as long as what it runs.
 * <b>Failures:</b> an exception of its own fails that publish or attempt as the transport's would
 * (an attempt is retried), so an implementation should not throw.
 *
 * @since 0.3.0
 */
public interface Instrumentation {
  /** Runs everything as given. */
  Instrumentation NONE = new Instrumentation() {};

  /**
   * Runs one publish of {@code action}.
   *
   * @param publish the publish: runs once, answers its result or throws what publish throws
   */
  default PublishResult publish(Action action, Supplier<PublishResult> publish) {
    return publish.get();
  }

  /**
   * Runs one attempt to deliver {@code delivery} (alone, or the sender of {@code digest}) by its
   * transport.
   *
   * @param attempt calls the transport: runs once, throws what the transport throws
   */
  default void attempt(Delivery delivery, @Nullable Digest digest, Runnable attempt) {
    attempt.run();
  }
}
