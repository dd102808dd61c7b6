package dev.notify.pipeline;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * The threads a notifier runs transport attempts on, so that a worker can stop waiting for one that
 * hangs: owned by one notifier (made by the host's thread factory), at most {@code max} at once —
 * hung attempts included, so a transport that ignores interrupts costs at most {@code max} threads,
 * never an unbounded number. Idle threads end after a minute. Thread-safe.
 */
final class Attempts {
  private final ThreadPoolExecutor pool;
  private final int max;
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger hung = new AtomicInteger();

  Attempts(int max, ThreadFactory threads) {
    this.max = max;
    // No queue: an attempt runs at once on its own thread or is refused (then it is retried).
    this.pool =
        new ThreadPoolExecutor(0, max, 1, TimeUnit.MINUTES, new SynchronousQueue<>(), threads);
  }

  /** What one run gave. */
  enum Result {
    DONE,
    TIMED_OUT,
    REFUSED,
    INTERRUPTED
  }

  /** A task's result and, when it failed, what it threw. */
  record Run(Result result, @Nullable Throwable failure) {}

  /**
   * Runs {@code task} on an attempt thread and waits for it up to {@code timeout}; on time-out (or
   * when the caller is interrupted) the attempt's thread is interrupted and counted as hung until
   * the task returns.
   *
   * @throws InterruptedException when the calling thread was interrupted while it waited
   */
  Run run(Runnable task, Duration timeout) throws InterruptedException {
    One one = new One(task);
    inFlight.incrementAndGet();
    try {
      pool.execute(one);
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return new Run(Result.REFUSED, e);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (one) {
      try {
        while (!one.finished) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            one.giveUp();
            return new Run(Result.TIMED_OUT, null);
          }
          TimeUnit.NANOSECONDS.timedWait(one, left);
        }
      } catch (InterruptedException e) {
        one.giveUp();
        throw e;
      }
      return new Run(Result.DONE, one.failure);
    }
  }

  /** One attempt: its task, its thread while it runs, and whether the waiter gave up on it. */
  private final class One implements Runnable {
    private final Runnable task;
    private @Nullable Thread thread;
    private boolean finished;
    private boolean gaveUp;
    private @Nullable Throwable failure;

    One(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      synchronized (this) {
        thread = Thread.currentThread();
      }
      Throwable thrown = null;
      try {
        task.run();
      } catch (Throwable t) { // an Error too: an outcome, never a dead thread unnoticed
        thrown = t;
      } finally {
        synchronized (this) {
          failure = thrown;
          finished = true;
          thread = null;
          if (gaveUp) {
            hung.decrementAndGet();
          }
          notifyAll();
        }
        inFlight.decrementAndGet();
        Thread.interrupted(); // a late interrupt must not reach the next attempt on this thread
      }
    }

    /** Called holding this: stop waiting, interrupt the attempt, count it hung until it returns. */
    void giveUp() {
      gaveUp = true;
      hung.incrementAndGet();
      if (thread != null) {
        thread.interrupt();
      }
    }
  }

  /** Attempts running now, hung ones included. */
  int inFlight() {
    return inFlight.get();
  }

  /** Attempts past their deadline that have not returned yet. */
  int hung() {
    return hung.get();
  }

  /** The most attempts at once. */
  int max() {
    return max;
  }

  /** Interrupts what still runs and lets the threads end. */
  void shutdown() {
    pool.shutdownNow();
  }
}
