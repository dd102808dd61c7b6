package dev.notify.benchmarks;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;

/** A transport that accepts everything and does nothing, so a benchmark measures the pipeline. */
final class NoOpTransport implements Transport {
  private final Medium medium;
  long delivered;

  NoOpTransport(Medium medium) {
    this.medium = medium;
  }

  @Override
  public Medium medium() {
    return medium;
  }

  @Override
  public void deliver(Delivery delivery) {
    delivered++;
  }
}
