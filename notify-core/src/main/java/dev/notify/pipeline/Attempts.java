package dev.notify.pipeline;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    FutureTask<Void> future = new FutureTask<>(one, null);
    inFlight.incrementAndGet();
    try {
      pool.execute(future);
    } catch (RejectedExecutionException e) {
      inFlight.decrementAndGet();
      return new Run(Result.REFUSED, e);
    }
    try {
      future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return new Run(Result.DONE, one.failure);
    } catch (TimeoutException e) {
      if (one.giveUp()) {
        future.cancel(true); // interrupts the attempt's thread
        return new Run(Result.TIMED_OUT, null);
      }
      return new Run(Result.DONE, one.failure); // it ended just now
    } catch (InterruptedException e) {
      if (one.giveUp()) {
        future.cancel(true);
      }
      throw e;
    } catch (ExecutionException e) {
      return new Run(Result.DONE, e.getCause()); // not reached: One catches everything
    }
  }

  /** One attempt: its task, how it ended, and whether the waiter gave up on it first. */
  private final class One implements Runnable {
    private static final int RUNNING = 0;
    private static final int FINISHED = 1;
    private static final int GAVE_UP = 2;

    private final Runnable task;
    private final AtomicInteger state = new AtomicInteger(RUNNING);
    private volatile @Nullable Throwable failure;

    One(Runnable task) {
      this.task = task;
    }

    @Override
    public void run() {
      try {
        task.run();
      } catch (Throwable t) { // an Error too: an outcome, never a dead thread unnoticed
        failure = t;
      } finally {
        inFlight.decrementAndGet();
        if (!state.compareAndSet(RUNNING, FINISHED)) {
          hung.decrementAndGet(); // the waiter gave up on it: it is hung no longer
        }
      }
    }

    /** Marks it given up and counts it hung; false when it had finished already. */
    boolean giveUp() {
      if (state.compareAndSet(RUNNING, GAVE_UP)) {
        hung.incrementAndGet();
        return true;
      }
      return false;
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
