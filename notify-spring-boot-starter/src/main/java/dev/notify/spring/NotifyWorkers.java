package dev.notify.spring;

import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * The notifier's delivery workers, started with the application context and stopped with it: on
 * shutdown they stop claiming and finish what they hold within the lifecycle's phase timeout (a
 * little less than {@code spring.lifecycle.timeout-per-shutdown-phase}, 30 s by default), on a
 * thread of their own so other beans stop meanwhile. What a worker still holds then is claimed
 * again once its lease ends: nothing is lost. Stopped before the DataSource closes (its phase is
 * earlier). Thread-safe.
 *
 * @since 0.3.0
 */
public final class NotifyWorkers implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(NotifyWorkers.class);

  private final Notifier notifier;
  private final int threads;
  private final Duration idle;
  private final Duration shutdown;
  private @Nullable DeliveryWorkers workers;

  NotifyWorkers(Notifier notifier, int threads, Duration idle, Duration shutdown) {
    this.notifier = notifier;
    this.threads = threads;
    this.idle = idle;
    this.shutdown = shutdown;
  }

  @Override
  public synchronized void start() {
    if (workers == null) {
      workers = notifier.startWorkers(threads, idle);
    }
  }

  @Override
  public void stop() {
    stopWithin(shutdown);
  }

  @Override
  public void stop(Runnable callback) {
    Thread t =
        new Thread(
            () -> {
              try {
                stopWithin(shutdown);
              } finally {
                callback.run();
              }
            },
            "notify-workers-stop");
    t.setDaemon(true);
    t.start();
  }

  /** Stops the workers, waiting up to {@code timeout}; answers whether all ended in time. */
  boolean stopWithin(Duration timeout) {
    DeliveryWorkers w;
    synchronized (this) {
      w = workers;
      workers = null;
    }
    if (w == null) {
      return true;
    }
    boolean ended = w.close(timeout);
    if (!ended) {
      LOG.warn(
          "notify's workers did not finish within {}: what they held is claimed again", timeout);
    }
    return ended;
  }

  @Override
  public synchronized boolean isRunning() {
    return workers != null;
  }

  /** The running pool, if started: for the health indicator and tests. */
  synchronized @Nullable DeliveryWorkers pool() {
    return workers;
  }

  /** Before the default phase of web servers and after the DataSource is ready. */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }
}
