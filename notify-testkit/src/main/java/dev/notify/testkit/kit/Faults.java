package dev.notify.testkit.kit;

import dev.notify.spi.Claim;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.Delivery;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.Digest;
import dev.notify.spi.DigestBook;
import dev.notify.spi.DigestPlacement;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Stores that throw what a case tells them to, and otherwise do what the real ones do. */
final class Faults {
  private Faults() {}

  /** An outbox whose claims throw {@code onClaim}'s throwable while it gives one. */
  static final class FaultyOutbox implements Outbox {
    private final Outbox d;
    volatile Supplier<@Nullable Throwable> onClaim = () -> null;

    FaultyOutbox(Outbox delegate) {
      this.d = delegate;
    }

    private static void raise(@Nullable Throwable t) {
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
    }

    @Override
    public boolean[] enqueue(List<OutboxEntry> entries) {
      return d.enqueue(entries);
    }

    @Override
    public List<Claim> claim(String workerId, int max, Instant now, Duration lease) {
      raise(onClaim.get());
      return d.claim(workerId, max, now, lease);
    }

    @Override
    public Set<String> extend(String workerId, Collection<String> ids, Instant until, Instant now) {
      return d.extend(workerId, ids, until, now);
    }

    @Override
    public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
      return d.completeAll(workerId, ids, now);
    }

    @Override
    public Set<String> complete(String workerId, List<Completion> completions, Instant now) {
      return d.complete(workerId, completions, now);
    }

    @Override
    public DeliveryHistory history() {
      return d.history();
    }

    @Override
    public boolean reschedule(String workerId, String id, Instant next, String error, Instant now) {
      return d.reschedule(workerId, id, next, error, now);
    }

    @Override
    public boolean deadLetter(
        String workerId,
        String id,
        TransportException.Kind kind,
        String message,
        int attempts,
        Instant now) {
      return d.deadLetter(workerId, id, kind, message, attempts, now);
    }

    @Override
    public boolean defer(String workerId, String id, Instant notBefore, Instant now) {
      return d.defer(workerId, id, notBefore, now);
    }

    @Override
    public int hasten(Collection<String> ids, Instant due) {
      return d.hasten(ids, due);
    }

    @Override
    public int release(String workerId, Collection<String> ids, Instant now) {
      return d.release(workerId, ids, now);
    }

    @Override
    public DeadLetters deadLetters() {
      return d.deadLetters();
    }

    @Override
    public OutboxCounts counts(Instant now) {
      return d.counts(now);
    }

    @Override
    public int purgeDone(Instant before, int limit) {
      return d.purgeDone(before, limit);
    }

    @Override
    public boolean durable() {
      return d.durable();
    }
  }

  /**
   * A digest book whose {@code placeAll} throws {@code onPlaceAll}'s throwable, and whose {@code
   * place} throws {@code onPlace}'s for the deliveries it names.
   */
  static final class FaultyBook implements DigestBook {
    private final DigestBook d;
    volatile Supplier<@Nullable Throwable> onPlaceAll = () -> null;
    volatile Function<Delivery, @Nullable Throwable> onPlace = x -> null;

    FaultyBook(DigestBook delegate) {
      this.d = delegate;
    }

    @Override
    public DigestPlacement place(Request request) {
      FaultyOutbox.raise(onPlace.apply(request.delivery()));
      return d.place(request);
    }

    @Override
    public List<DigestPlacement> placeAll(List<Request> requests) {
      FaultyOutbox.raise(onPlaceAll.get());
      return d.placeAll(requests);
    }

    @Override
    public Optional<Digest> seal(String digestId, String senderId) {
      return d.seal(digestId, senderId);
    }

    @Override
    public void markSent(String digestId) {
      d.markSent(digestId);
    }

    @Override
    public int forget(Instant before) {
      return d.forget(before);
    }

    @Override
    public boolean durable() {
      return d.durable();
    }
  }
}
