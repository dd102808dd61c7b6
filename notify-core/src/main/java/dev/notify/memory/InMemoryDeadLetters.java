package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.DeadLetter;
import dev.notify.spi.DeadLetterFilter;
import dev.notify.spi.DeadLetters;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead letters of an {@link InMemoryOutbox}, in the order they died, under the outbox's lock: a
 * redrive puts the entry back in that outbox, a purge forgets its id there.
 */
final class InMemoryDeadLetters implements DeadLetters {
  private final Object lock;
  private final InMemoryOutbox outbox;
  private final LinkedHashMap<String, DeadLetter> dead = new LinkedHashMap<>();

  InMemoryDeadLetters(Object lock, InMemoryOutbox outbox) {
    this.lock = lock;
    this.outbox = outbox;
  }

  /** Keeps a new dead letter; the caller holds the lock. */
  void add(DeadLetter letter) {
    dead.put(letter.id(), letter);
  }

  /** How many there are; the caller holds the lock. */
  int size() {
    return dead.size();
  }

  @Override
  public List<DeadLetter> list(int offset, int limit) {
    Checks.argument(offset >= 0, "offset must not be negative, got %s", offset);
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    List<DeadLetter> out = new ArrayList<>();
    synchronized (lock) {
      int i = 0;
      for (DeadLetter l : dead.values()) {
        if (i++ >= offset) {
          out.add(l);
          if (out.size() == limit) {
            break;
          }
        }
      }
    }
    return out;
  }

  @Override
  public boolean redrive(String id, Instant now) {
    return redrive(id, now, null);
  }

  @Override
  public boolean redrive(String id, Instant now, @Nullable String by) {
    Checks.notNull(id, "id");
    Checks.notNull(now, "now");
    synchronized (lock) {
      if (dead.remove(id) == null) {
        return false;
      }
      outbox.revive(id, now, by);
      return true;
    }
  }

  @Override
  public int purge(DeadLetterFilter filter, Instant now, @Nullable String by, int limit) {
    Checks.notNull(filter, "filter");
    Checks.notNull(now, "now");
    Checks.argument(limit > 0, "limit must be positive, got %s", limit);
    int n = 0;
    synchronized (lock) {
      for (Iterator<DeadLetter> it = dead.values().iterator(); n < limit && it.hasNext(); ) {
        DeadLetter l = it.next();
        if (filter.matches(l)) {
          it.remove();
          outbox.forget(l.id(), now, by);
          n++;
        }
      }
    }
    return n;
  }
}
