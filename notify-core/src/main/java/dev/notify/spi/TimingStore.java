package dev.notify.spi;

import dev.notify.timeline.UserTiming;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where notify keeps each user's timing — quiet hours, unread delay, digest, throttle — when the
 * host does not keep them itself. A timing is saved whole, already validated ({@link UserTiming}
 * checks every value when it is made), so a bad value is refused when an agent saves it, never
 * later inside a publish. The last save wins: a timing is one value, edited on one page.
 *
 * <p>A notifier with no {@code TimingProvider} of the host's reads its users' timings here (then
 * the organisation's default timing, then {@link UserTiming#DEFAULT}); a host's provider overrides
 * the store entirely.
 *
 * <p><b>Threading:</b> thread-safe. <b>Blocking:</b> may block on I/O; publish reads a user's
 * timing once per external delivery, a worker once per user of a claimed batch. <b>Failures:</b> an
 * unchecked exception means the call changed nothing.
 *
 * @since 0.3.0
 */
public interface TimingStore {
  /** The timing saved for {@code userId}, or empty when none is. */
  Optional<UserTiming> load(String userId);

  /**
   * The timings saved for {@code userIds}, by user id; a user with none is absent. Publish asks for
   * all recipients of an action in one call: a database store answers with one query. By default
   * calls {@link #load} for each.
   */
  default Map<String, UserTiming> loadAll(Collection<String> userIds) {
    Map<String, UserTiming> out = new HashMap<>();
    for (String u : userIds) {
      load(u).ifPresent(t -> out.put(u, t));
    }
    return out;
  }

  /** Saves {@code timing} for {@code userId}, replacing what was saved. */
  void save(String userId, UserTiming timing);

  /**
   * Forgets the timing of {@code userId}: they follow their organisation's default again.
   *
   * @return whether there was one
   */
  boolean clear(String userId);

  /**
   * Whether this store keeps what it holds across a restart of the process; {@code true} by default
   * (a store of a host's own is taken to be durable).
   */
  default boolean durable() {
    return true;
  }
}
