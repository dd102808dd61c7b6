package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.engine.Reason;
import dev.notify.spi.Delivery;
import dev.notify.testkit.kit.Deliveries;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The stored text of a delivery: what a reason names survives, and older texts still read. */
class CodecTest {
  private static final Catalog CATALOG = Catalog.standard();

  @Test
  void aReasonNamingItsOrganisation_survivesTheStore() {
    Delivery d =
        Deliveries.assigned("a1", "alice", Medium.EMAIL, Instant.parse("2026-01-01T00:00:00Z"));
    Delivery byAcme =
        new Delivery(
            d.action(),
            d.recipient(),
            d.medium(),
            d.option(),
            d.popup(),
            d.sound(),
            new Reason(
                d.reason().outcome(),
                d.reason().option(),
                d.reason().frequency(),
                d.reason().layer(),
                null,
                "acme-3",
                "Acme"));
    Delivery back = Codec.decodeDelivery(Codec.encode(byAcme), CATALOG);
    assertThat(back).isEqualTo(byAcme);
    assertThat(back.reason().explain()).contains("the default of Acme, table acme-3");
  }

  @Test
  void aTextWrittenBefore0_3_0_withoutTheOrganisation_readsAsNone() {
    Delivery d =
        Deliveries.assigned("a1", "alice", Medium.EMAIL, Instant.parse("2026-01-01T00:00:00Z"));
    String text = Codec.encode(d); // no organisation: the same text 0.2.0 wrote
    Delivery back = Codec.decodeDelivery(text, CATALOG);
    assertThat(back).isEqualTo(d);
    assertThat(back.reason().organization()).isNull();
  }
}
