package dev.notify.testing;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.TransportException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport for tests: records what it delivered and fails on demand, from a script of failures
 * consumed one per call, or always for chosen recipients.
 */
public final class RecordingTransport implements Transport {
  private final Medium medium;
  private final CopyOnWriteArrayList<Delivery> delivered = new CopyOnWriteArrayList<>();
  private final CopyOnWriteArrayList<String> attempts = new CopyOnWriteArrayList<>();
  private final Deque<TransportException.Kind> script = new ArrayDeque<>();
  private final CopyOnWriteArrayList<String> brokenRecipients = new CopyOnWriteArrayList<>();

  /** A transport for {@code medium}. */
  public RecordingTransport(Medium medium) {
    this.medium = medium;
  }

  /** The next calls fail with these kinds, in order; after that calls succeed. */
  public synchronized RecordingTransport failNext(TransportException.Kind... kinds) {
    script.addAll(List.of(kinds));
    return this;
  }

  /** Every delivery to this user fails permanently. */
  public RecordingTransport breakRecipient(String userId) {
    brokenRecipients.add(userId);
    return this;
  }

  /** Deliveries to this user succeed again. */
  public RecordingTransport repairRecipient(String userId) {
    brokenRecipients.remove(userId);
    return this;
  }

  @Override
  public Medium medium() {
    return medium;
  }

  @Override
  public void deliver(Delivery delivery) {
    attempts.add(delivery.id());
    TransportException.Kind k;
    synchronized (this) {
      k = script.pollFirst();
    }
    if (k != null) {
      throw new TransportException(k, "scripted " + k + " failure");
    }
    if (brokenRecipients.contains(delivery.recipient().id())) {
      throw new TransportException(
          TransportException.Kind.PERMANENT,
          "recipient " + delivery.recipient().id() + " rejected");
    }
    delivered.add(delivery);
  }

  /** What was delivered, in order. */
  public List<Delivery> delivered() {
    return List.copyOf(delivered);
  }

  /** Every attempt's delivery id, in order. */
  public List<String> attempts() {
    return List.copyOf(attempts);
  }
}
