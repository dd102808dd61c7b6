package dev.notify.spi;

import dev.notify.internal.Checks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How many outbox entries are in each state, for the host's metrics.
 *
 * @param scheduled waiting, not due yet
 * @param due waiting and due: claimable now
 * @param leased held by a worker
 * @param done delivered
 * @param dead dead letters
 * @param oldestDue how long the oldest due entry has waited past its due time; {@code null} when
 *     none is due
 * @since 0.2.0
 */
public record OutboxCounts(
    long scheduled, long due, long leased, long done, long dead, @Nullable Duration oldestDue) {
  /** Validates. */
  public OutboxCounts {
    Checks.argument(
        scheduled >= 0 && due >= 0 && leased >= 0 && done >= 0 && dead >= 0,
        "counts must not be negative, got %s",
        List.of(scheduled, due, leased, done, dead));
  }

  /** How long the oldest due entry has waited, if one is due. */
  public Optional<Duration> oldestDueAge() {
    return Optional.ofNullable(oldestDue);
  }
}
