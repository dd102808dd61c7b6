package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.ActionLog;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An {@link ActionLog} in memory: one entry per action id until {@link #forgetBefore} (the
 * notifier's inbox retention) drops it. Thread-safe.
 *
 * @since 0.2.0
 */
public final class InMemoryActionLog implements ActionLog {
  private record Entry(String fingerprint, Instant at) {}

  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  /** An empty log. */
  public InMemoryActionLog() {}

  @Override
  public Optional<String> recordIfAbsent(String actionId, String fingerprint, Instant at) {
    Checks.text(actionId, "actionId");
    Checks.notNull(fingerprint, "fingerprint");
    Checks.notNull(at, "at");
    Entry before = entries.putIfAbsent(actionId, new Entry(fingerprint, at));
    return before == null ? Optional.empty() : Optional.of(before.fingerprint());
  }

  @Override
  public int forgetBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int[] n = {0};
    entries.forEach(
        (id, e) -> {
          if (e.at().isBefore(cutoff) && entries.remove(id, e)) {
            n[0]++;
          }
        });
    return n[0];
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
