package dev.notify.pipeline;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A pool of worker threads that deliver a notifier's outbox: each claims a batch of due entries
 * with a lease, delivers them through the transports and claims the next; when nothing is due it
 * waits ({@code idle}, or until a publish nudges it). Started by {@link Notifier#startWorkers}.
 *
 * <p><b>Shutdown:</b> {@link #close(Duration)} stops claiming, lets each worker finish the attempt
 * it is in, gives back what it claimed but did not attempt, and waits up to the timeout; a worker
 * still busy then is interrupted (its entry is claimed again when its lease ends). <b>Failures:</b>
 * a worker survives anything thrown in its loop, an {@link Error} too (a database that went away,
 * an {@code OutOfMemoryError}, a host's plug-in that throws): what it held comes back when its
 * lease ends, the failure is counted and logged once (WARNING on {@code System.Logger}
 * "dev.notify.pipeline.DeliveryWorkers", repeats at DEBUG), and it waits and tries again. {@link
 * #health()} tells a host's health check. Thread-safe.
 *
 * @since 0.2.0
 */
public final class DeliveryWorkers implements AutoCloseable {
  /** The time {@link #close()} waits for workers to finish: {@value} seconds. */
  public static final int DEFAULT_SHUTDOWN_SECONDS = 30;

  private final DeliveryRunner runner;
  private final Runnable housekeeping;
  private final Runnable closed;
  private final int batch;
  private final Duration idle;
  private final List<Thread> threads = new ArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private volatile boolean stopping;
  private long nudges;

  DeliveryWorkers(
      DeliveryRunner runner,
      Runnable housekeeping,
      Runnable closed,
      String name,
      int count,
      int batch,
      Duration idle) {
    this.runner = runner;
    this.housekeeping = housekeeping;
    this.closed = closed;
    this.batch = batch;
    this.idle = idle;
    for (int i = 0; i < count; i++) {
      String workerId = name + "-" + i;
      Thread t = new Thread(() -> loop(workerId), workerId);
      t.setDaemon(true);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void loop(String workerId) {
    while (!stopping) {
      long seen;
      lock.lock();
      try {
        seen = nudges;
      } finally {
        lock.unlock();
      }
      int claimed;
      try {
        // A full claim wakes one more idle worker at once, so that a backlog gets every worker
        // while a trickle of publishes wakes one at a time.
        claimed = runner.runBatch(workerId, batch, () -> stopping, this::nudge);
        housekeeping.run();
      } catch (Throwable t) {
        // Anything, an Error too (OutOfMemoryError from a claim, NoClassDefFoundError from a
        // host's plug-in): what it held comes back when its lease ends. Counted, logged once per
        // kind of failure, and the worker goes on after a pause.
        claimed = 0;
        runner.containment.contained("the worker loop", t);
        if (t instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
      }
      if (claimed < batch && !stopping) {
        waitForWork(seen);
        if (claimed > 0) {
          // A partial batch while nudges keep coming (a steady stream of publishes): let a
          // millisecond's entries gather, so the next claim takes several at once.
          LockSupport.parkNanos(1_000_000);
        }
      }
    }
  }

  private void waitForWork(long seen) {
    lock.lock();
    try {
      long left = idle.toNanos();
      while (!stopping && nudges == seen && left > 0) {
        left = wake.awaitNanos(left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Wakes an idle worker: something may be due now. Publish calls it after enqueuing. One, not all:
   * at a steady stream of one-recipient publishes every worker woke for each and all but one
   * claimed nothing (a wasted statement each); a worker that claims a full batch wakes the next.
   * Workers busy when it is called claim again without waiting.
   */
  public void nudge() {
    lock.lock();
    try {
      nudges++;
      wake.signal();
    } finally {
      lock.unlock();
    }
  }

  /** How many worker threads run. */
  public int size() {
    return threads.size();
  }

  /**
   * How this pool is doing, for the host's health check: its live threads, when a claim last
   * succeeded, the last failure it contained, and the attempts in flight and hung. Cheap: reads
   * fields only.
   */
  public WorkerHealth health() {
    int alive = 0;
    for (Thread t : threads) {
      alive += t.isAlive() ? 1 : 0;
    }
    Attempts a = runner.attempts();
    return new WorkerHealth(
        threads.size(),
        alive,
        stopping,
        runner.lastClaim(),
        runner.containment.lastErrorAt(),
        runner.containment.lastError(),
        runner.containment.failures.sum(),
        a.inFlight(),
        a.hung(),
        a.max());
  }

  /** Whether a worker thread is alive: asked on every publish that queues, so no snapshot. */
  boolean anyAlive() {
    for (Thread t : threads) {
      if (t.isAlive()) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@link #close} was called. */
  public boolean isClosed() {
    return stopping;
  }

  /**
   * Stops claiming and waits up to {@code timeout} for the workers to finish what they hold.
   *
   * @return {@code true} when every worker ended within the timeout
   */
  public boolean close(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout cannot be null");
    stopping = true;
    lock.lock();
    try {
      wake.signalAll(); // every waiting worker, each to see that it stops
    } finally {
      lock.unlock();
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean all = true;
    for (Thread t : threads) {
      long left = deadline - System.nanoTime();
      try {
        if (left > 0) {
          t.join(TimeUnit.NANOSECONDS.toMillis(left) + 1);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.interrupt();
        all = false;
      }
    }
    closed.run();
    return all;
  }

  /** {@link #close(Duration)} with {@value #DEFAULT_SHUTDOWN_SECONDS} seconds. */
  @Override
  public void close() {
    close(Duration.ofSeconds(DEFAULT_SHUTDOWN_SECONDS));
  }
}
