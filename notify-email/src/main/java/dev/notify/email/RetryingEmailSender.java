package dev.notify.email;

import dev.notify.pipeline.RetryPolicy;
import dev.notify.pipeline.Sleeper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Retries the transient failures of a batch with capped exponential backoff and full jitter ({@link
 * RetryPolicy}); permanent and unknown outcomes are returned as they are. For sends outside the
 * {@code Notifier}, which retries deliveries itself (do not stack the two). Thread-safe if the
 * delegate, sleeper and random generator are.
 *
 * @since 0.1.0
 */
public final class RetryingEmailSender implements EmailSender {
  private final EmailSender delegate;
  private final RetryPolicy policy;
  private final Sleeper sleeper;
  private final RandomGenerator random;

  /** Retries {@code delegate}'s transient failures under {@code policy}. */
  public RetryingEmailSender(
      EmailSender delegate, RetryPolicy policy, Sleeper sleeper, RandomGenerator random) {
    this.delegate = Objects.requireNonNull(delegate, "delegate cannot be null");
    this.policy = Objects.requireNonNull(policy, "policy cannot be null");
    this.sleeper = Objects.requireNonNull(sleeper, "sleeper cannot be null");
    this.random = Objects.requireNonNull(random, "random cannot be null");
  }

  @Override
  public List<SendResult> send(List<OutboundEmail> messages) {
    List<SendResult> results = new ArrayList<>(delegate.send(messages));
    for (int attempt = 1; attempt < policy.maxAttempts(); attempt++) {
      List<Integer> retry = new ArrayList<>();
      for (int i = 0; i < results.size(); i++) {
        if (results.get(i).status() == SendResult.Status.TRANSIENT) {
          retry.add(i);
        }
      }
      if (retry.isEmpty()) {
        break;
      }
      Duration delay = policy.delayBefore(attempt, random);
      try {
        sleeper.sleep(delay);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      List<SendResult> again = delegate.send(retry.stream().map(messages::get).toList());
      for (int j = 0; j < retry.size(); j++) {
        results.set(retry.get(j), again.get(j));
      }
    }
    return List.copyOf(results);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
