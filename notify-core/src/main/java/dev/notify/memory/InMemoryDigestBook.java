package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.timeline.DigestPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe in-memory {@link DigestBook}, for tests, demos and single-process hosts: one lock
 * guards every call. What it holds is lost when the process ends, with the in-memory outbox's.
 * Windows stay until {@link #forget} drops them (the notifier's {@code applyInboxRetention}).
 *
 * @since 0.2.0
 */
public final class InMemoryDigestBook implements DigestBook {
  private static final class Window {
    final String id;
    final Instant closes;
    final int max;
    final List<Delivery> members = new ArrayList<>();
    @Nullable String sender;
    @Nullable Instant filledAt;
    boolean sealed;
    boolean sent;

    Window(String id, Instant closes, int max) {
      this.id = id;
      this.closes = closes;
      this.max = max;
    }

    DigestPlacement placement(boolean opener) {
      if (opener) {
        return DigestPlacement.opener(id);
      }
      return DigestPlacement.member(id, sender, filledAt != null ? filledAt : closes);
    }
  }

  private record Placed(Window window, boolean opener) {}

  private final Object lock = new Object();
  private final Map<String, Window> open = new HashMap<>(); // by user and medium
  private final Map<String, Placed> placed = new HashMap<>(); // by delivery id
  private final Map<String, Window> windows = new HashMap<>(); // by window id

  /** An empty book. */
  public InMemoryDigestBook() {}

  @Override
  public DigestPlacement place(Delivery delivery, Instant due, @Nullable DigestPolicy policy) {
    Checks.notNull(delivery, "delivery");
    Checks.notNull(due, "due");
    String id = delivery.id();
    synchronized (lock) {
      Placed p = placed.get(id);
      if (p != null) {
        return p.window().placement(p.opener());
      }
      if (policy == null) {
        return DigestPlacement.NONE;
      }
      String key = delivery.recipient().id() + '\u0000' + delivery.medium().id();
      Window w = open.get(key);
      if (w != null && !w.sealed && w.members.size() < w.max && due.isBefore(w.closes)) {
        w.members.add(delivery);
        if (w.sender == null) {
          w.sender = id; // the first member after a flushed opener
        }
        if (w.members.size() == w.max) {
          w.sender = id; // the filler sends it, from its own due instant
          w.filledAt = due;
        }
        placed.put(id, new Placed(w, false));
        return w.placement(false);
      }
      w = new Window(Digest.idOf(id), due.plus(policy.window()), policy.max());
      windows.put(w.id, w);
      open.put(key, w);
      boolean opener = policy.flushFirst();
      if (!opener) {
        w.members.add(delivery);
        w.sender = id;
      }
      placed.put(id, new Placed(w, opener));
      return w.placement(opener);
    }
  }

  @Override
  public Optional<Digest> seal(String digestId, String senderId) {
    Checks.notNull(digestId, "digestId");
    Checks.notNull(senderId, "senderId");
    synchronized (lock) {
      Window w = windows.get(digestId);
      if (w == null || !senderId.equals(w.sender)) {
        return Optional.empty();
      }
      w.sealed = true;
      return Optional.of(new Digest(w.id, w.members));
    }
  }

  @Override
  public void markSent(String digestId) {
    Checks.notNull(digestId, "digestId");
    synchronized (lock) {
      Window w = windows.get(digestId);
      if (w != null) {
        w.sent = true;
      }
    }
  }

  @Override
  public int forget(Instant before) {
    Checks.notNull(before, "before");
    int n = 0;
    synchronized (lock) {
      for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
        Window w = it.next();
        if (w.closes.isBefore(before) && (w.sent || w.members.isEmpty())) {
          it.remove();
          n++;
        }
      }
      placed.values().removeIf(p -> windows.get(p.window().id) != p.window());
      open.values().removeIf(w -> windows.get(w.id) != w);
    }
    return n;
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
