package dev.notify.memory;

import dev.notify.internal.Checks;
import dev.notify.spi.Delivery;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.DigestWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.ThrottleWindow;
import dev.notify.timeline.TimelinePolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
  /** A window: its state as the policy sees it, its members, whether it went out. */
  private static final class Window {
    DigestWindow state;
    final List<Delivery> members = new ArrayList<>();
    boolean sent;

    Window(DigestWindow state) {
      this.state = state;
    }

    DigestPlacement placement(boolean opener) {
      if (opener) {
        return DigestPlacement.opener(state.id());
      }
      return DigestPlacement.member(
          state.id(), Objects.requireNonNull(state.sender()), state.sendFrom());
    }
  }

  /** Where a delivery was placed: its window and whether it opened it alone; none: passed alone. */
  private record Placed(@Nullable Window window, boolean opener, Instant due) {
    DigestPlacement placement() {
      return window == null ? DigestPlacement.NONE : window.placement(opener);
    }
  }

  private final Object lock = new Object();
  private final Map<String, Window> open = new HashMap<>(); // by user and medium
  private final Map<String, ThrottleWindow> throttles = new HashMap<>(); // by user and medium
  private final Map<String, Placed> placed = new HashMap<>(); // by delivery id
  private final Map<String, Window> windows = new HashMap<>(); // by window id

  /** An empty book. */
  public InMemoryDigestBook() {}

  @Override
  public DigestPlacement place(Request request) {
    Checks.notNull(request, "request");
    Delivery delivery = request.delivery();
    Instant due = request.due();
    String id = delivery.id();
    synchronized (lock) {
      Placed before = placed.get(id);
      if (before != null) {
        return before.placement();
      }
      String key = delivery.recipient().id() + '\u0000' + delivery.medium().id();
      Throttle throttle = request.throttle();
      if (throttle != null) {
        ThrottleWindow.Counted counted = TimelinePolicy.count(throttles.get(key), due, throttle);
        if (!counted.passes()) {
          return gather(delivery, key, counted.window(), due);
        }
        throttles.put(key, counted.window());
      }
      DigestPolicy policy = request.policy();
      if (policy == null) {
        if (throttle != null) {
          placed.put(id, new Placed(null, false, due)); // counted: never counted again
        }
        return DigestPlacement.NONE;
      }
      Window w = open.get(key);
      DigestWindow.Placed p =
          TimelinePolicy.place(w == null ? null : w.state, id, Digest.idOf(id), due, policy);
      if (p.opened()) {
        w = new Window(p.window());
        windows.put(p.window().id(), w);
        open.put(key, w);
      } else if (w == null) {
        throw new IllegalStateException("the policy joined a window that is not open");
      } else {
        w.state = p.window();
      }
      if (!p.opener()) {
        w.members.add(delivery);
      }
      placed.put(id, new Placed(w, p.opener(), due));
      return w.placement(p.opener());
    }
  }

  /** A delivery the throttle window {@code full} held back joins that window's digest. */
  private DigestPlacement gather(Delivery delivery, String key, ThrottleWindow full, Instant due) {
    String id = delivery.id();
    String gatheredId = full.gathered();
    Window g = gatheredId == null ? null : windows.get(gatheredId);
    DigestWindow.Placed p =
        TimelinePolicy.gather(g == null ? null : g.state, id, Digest.throttleIdOf(id), full);
    if (p.opened()) {
      g = new Window(p.window());
      windows.put(p.window().id(), g);
      throttles.put(key, full.gatheringIn(p.window().id()));
    } else if (g == null) {
      throw new IllegalStateException("the policy joined a digest that does not exist");
    } else {
      g.state = p.window();
    }
    g.members.add(delivery);
    placed.put(id, new Placed(g, false, due));
    return g.placement(false);
  }

  /** Places each request in turn under the book's lock (nothing to gain from a batch in memory). */
  @Override
  public List<DigestPlacement> placeAll(List<Request> requests) {
    Checks.noNulls(requests, "requests");
    List<DigestPlacement> out = new ArrayList<>(requests.size());
    synchronized (lock) {
      for (Request r : requests) {
        out.add(place(r));
      }
    }
    return out;
  }

  @Override
  public Optional<Digest> seal(String digestId, String senderId) {
    Checks.notNull(digestId, "digestId");
    Checks.notNull(senderId, "senderId");
    synchronized (lock) {
      Window w = windows.get(digestId);
      if (w == null || !senderId.equals(w.state.sender())) {
        return Optional.empty();
      }
      w.state = w.state.seal();
      return Optional.of(new Digest(w.state.id(), w.members));
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
        if (w.state.closes().isBefore(before) && (w.sent || w.members.isEmpty())) {
          it.remove();
          n++;
        }
      }
      placed
          .values()
          .removeIf(
              p ->
                  p.window() == null
                      ? p.due().isBefore(before)
                      : windows.get(p.window().state.id()) != p.window());
      open.values().removeIf(w -> windows.get(w.state.id()) != w);
      throttles.values().removeIf(t -> t.closes().isBefore(before));
    }
    return n;
  }

  /** {@code false}: what it holds ends with the process. */
  @Override
  public boolean durable() {
    return false;
  }
}
