package dev.notify.benchmarks;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import java.util.concurrent.atomic.LongAdder;

/** A transport that accepts everything and does nothing, so a benchmark measures the pipeline. */
final class NoOpTransport implements Transport {
  private final Medium medium;
  final LongAdder delivered = new LongAdder();

  NoOpTransport(Medium medium) {
    this.medium = medium;
  }

  @Override
  public Medium medium() {
    return medium;
  }

  @Override
  public void deliver(Delivery delivery) {
    delivered.increment();
  }
}
