package dev.notify.spi;

import dev.notify.timeline.UserTiming;

/**
 * Each user's timing beyond the seed: quiet hours, how long an {@code IF_UNREAD} email waits for
 * the in-app notification to be read, a digest. The host keeps them where it keeps its users.
 *
 * <p><b>Threading:</b> called on publishing threads and on the workers' threads, possibly
 * concurrently. <b>Blocking:</b> may block (a database); publish asks once per external delivery, a
 * worker once per claimed email of a digest or an {@code IF_UNREAD} option. <b>Failures:</b> an
 * unchecked exception fails the publish before anything is stored (the host may publish again), or
 * the worker's batch (its entries are claimed again when their leases end).
 *
 * @since 0.2.0
 */
@FunctionalInterface
public interface TimingProvider {
  /** Everyone on {@link UserTiming#DEFAULT}: no quiet hours, a 10-minute unread delay. */
  TimingProvider DEFAULTS = userId -> UserTiming.DEFAULT;

  /**
   * The timing of {@code userId}; {@link UserTiming#DEFAULT} for a user the host knows nothing of.
   */
  UserTiming timingOf(String userId);
}
