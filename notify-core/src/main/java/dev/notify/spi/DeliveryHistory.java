package dev.notify.spi;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What became of each queued delivery, as its {@link Outbox} recorded it: each event written in the
 * same unit of work as the outbox change it records (an in-memory outbox under its lock, a
 * database's in the same transaction), so a change that did not stick has no event, and an event
 * always has its change. Read by {@link Outbox#history()}.
 *
 * <p><b>Threading:</b> thread-safe. <b>Blocking:</b> may block on I/O. <b>Failures:</b> an
 * unchecked exception means the call changed nothing.
 *
 * @since 0.3.0
 */
public interface DeliveryHistory {
  /** No history: an outbox that keeps none. */
  DeliveryHistory NONE =
      new DeliveryHistory() {
        @Override
        public List<HistoryEvent> of(String deliveryId) {
          return List.of();
        }

        @Override
        public List<HistoryEvent> ofAction(String actionId) {
          return List.of();
        }

        @Override
        public List<HistoryEvent> ofUser(String userId, @Nullable HistoryEvent before, int limit) {
          return List.of();
        }

        @Override
        public List<HistoryEvent> find(
            HistoryFilter filter, @Nullable HistoryEvent before, int limit) {
          return List.of();
        }

        @Override
        public int forgetBefore(Instant cutoff, int limit) {
          return 0;
        }

        @Override
        public boolean kept() {
          return false;
        }
      };

  /** The events of the delivery {@code deliveryId}, oldest first. */
  List<HistoryEvent> of(String deliveryId);

  /** The events of every delivery of the action {@code actionId}, oldest first. */
  List<HistoryEvent> ofAction(String actionId);

  /**
   * The events of {@code userId}'s deliveries, newest first, before {@code before} (the last event
   * of the previous page; {@code null} from the newest), at most {@code limit}.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   */
  List<HistoryEvent> ofUser(String userId, @Nullable HistoryEvent before, int limit);

  /**
   * The events {@code filter} matches, newest first, before {@code before} (the last event of the
   * previous page; {@code null} from the newest), at most {@code limit}: an operator's search by
   * state, medium and age across every user. With {@link HistoryFilter#current()}, an event is
   * matched only when it is its delivery's last (the state the delivery is in now).
   *
   * <p>A store may scan many events for a filter its indexes do not serve (on notify-jdbc, every
   * filter reads events newest first by their age index); bound searches with {@code from}.
   *
   * @throws IllegalArgumentException when {@code limit} is not positive
   * @since 0.3.0
   */
  List<HistoryEvent> find(HistoryFilter filter, @Nullable HistoryEvent before, int limit);

  /**
   * Deletes up to {@code limit} events that happened before {@code cutoff}, the oldest first.
   *
   * @return how many it deleted (fewer than {@code limit}: none are left to delete)
   */
  int forgetBefore(Instant cutoff, int limit);

  /** Whether this history keeps anything ({@code false} for {@link #NONE}). */
  default boolean kept() {
    return true;
  }
}
