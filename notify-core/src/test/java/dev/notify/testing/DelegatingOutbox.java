package dev.notify.testing;

import dev.notify.spi.Claim;
import dev.notify.spi.DeadLetters;
import dev.notify.spi.DeliveryHistory;
import dev.notify.spi.Outbox;
import dev.notify.spi.OutboxCounts;
import dev.notify.spi.OutboxEntry;
import dev.notify.spi.TransportException;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/** An outbox that forwards to another: override a method to inject a fault. */
public class DelegatingOutbox implements Outbox {
  private final Outbox delegate;

  /** Forwards to {@code delegate}. */
  public DelegatingOutbox(Outbox delegate) {
    this.delegate = delegate;
  }

  @Override
  public boolean[] enqueue(List<OutboxEntry> entries) {
    return delegate.enqueue(entries);
  }

  @Override
  public List<Claim> claim(String workerId, int max, Instant now, Duration lease) {
    return delegate.claim(workerId, max, now, lease);
  }

  @Override
  public Set<String> extend(String workerId, Collection<String> ids, Instant until, Instant now) {
    return delegate.extend(workerId, ids, until, now);
  }

  @Override
  public Set<String> completeAll(String workerId, Collection<String> ids, Instant now) {
    return delegate.completeAll(workerId, ids, now);
  }

  @Override
  public DeliveryHistory history() {
    return delegate.history();
  }

  @Override
  public boolean reschedule(String workerId, String id, Instant next, String error, Instant now) {
    return delegate.reschedule(workerId, id, next, error, now);
  }

  @Override
  public boolean deadLetter(
      String workerId,
      String id,
      TransportException.Kind kind,
      String message,
      int attempts,
      Instant now) {
    return delegate.deadLetter(workerId, id, kind, message, attempts, now);
  }

  @Override
  public boolean defer(String workerId, String id, Instant notBefore, Instant now) {
    return delegate.defer(workerId, id, notBefore, now);
  }

  @Override
  public int hasten(Collection<String> ids, Instant due) {
    return delegate.hasten(ids, due);
  }

  @Override
  public int release(String workerId, Collection<String> ids, Instant now) {
    return delegate.release(workerId, ids, now);
  }

  @Override
  public DeadLetters deadLetters() {
    return delegate.deadLetters();
  }

  @Override
  public OutboxCounts counts(Instant now) {
    return delegate.counts(now);
  }

  @Override
  public int purgeDone(Instant before, int limit) {
    return delegate.purgeDone(before, limit);
  }

  @Override
  public boolean durable() {
    return delegate.durable();
  }
}
