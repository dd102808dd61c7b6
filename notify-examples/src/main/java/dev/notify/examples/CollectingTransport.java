package dev.notify.examples;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A transport that keeps what it is handed instead of sending it: what {@code explain} uses for
 * email, so that a scenario can be checked without a mail server. Thread-safe.
 */
public final class CollectingTransport implements Transport {
  private final Medium medium;
  private final CopyOnWriteArrayList<Delivery> deliveries = new CopyOnWriteArrayList<>();

  /** A transport for {@code medium}. */
  public CollectingTransport(Medium medium) {
    this.medium = medium;
  }

  @Override
  public Medium medium() {
    return medium;
  }

  @Override
  public void deliver(Delivery delivery) {
    deliveries.add(delivery);
  }

  /** What was handed over, in order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }
}
