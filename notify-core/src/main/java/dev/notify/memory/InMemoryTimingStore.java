package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.TimingStore;
import dev.notify.timeline.UserTiming;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe in-memory {@link TimingStore}, for tests, demos and single-process hosts: what it
 * holds is lost when the process ends.
 *
 * @since 0.3.0
 */
public final class InMemoryTimingStore implements TimingStore {
  private final Map<String, UserTiming> timings = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryTimingStore() {}

  @Override
  public Optional<UserTiming> load(String userId) {
    return Optional.ofNullable(timings.get(Checks.notNull(userId, "userId")));
  }

  @Override
  public void save(String userId, UserTiming timing) {
    timings.put(Checks.notNull(userId, "userId"), Checks.notNull(timing, "timing"));
  }

  @Override
  public boolean clear(String userId) {
    return timings.remove(Checks.notNull(userId, "userId")) != null;
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
