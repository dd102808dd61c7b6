package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.Action;
import dev.notify.action.CustomAction;
import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.engine.Reason;
import dev.notify.spi.Delivery;
import dev.notify.spi.UserAccount;
import dev.notify.testkit.gen.NotifyGen;
import dev.notify.testkit.kit.Deliveries;
import dev.notify.testkit.property.Gen;
import dev.notify.testkit.property.Property;
import dev.notify.testkit.property.Property.Pair;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The stored text of a delivery: what a reason names survives, older texts still read, and a
 * claim's decoder (which rebuilds a run of payloads' shared action and a user's account once) reads
 * every payload as decoding it alone does.
 */
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

  /**
   * Payloads of a few actions (any kind, and custom ones whose texts share long beginnings) to a
   * few accounts, in any order with runs: the decoder of one claim reads each as a decoder of its
   * own would, equal to what was written.
   */
  @Test
  void aClaimsDecoder_readsEveryPayload_asDecodingItAloneDoes() {
    Gen<Action> actions =
        NotifyGen.worlds(CATALOG)
            .flatMap(w -> Gen.oneOf(NotifyGen.actions(CATALOG, w), lookalikes()));
    Gen<UserAccount> accounts =
        Gen.of("u1", "u2", "u/3", "u%4")
            .zip(Gen.of(null, LocalDate.of(2020, 6, 1), LocalDate.of(2021, 1, 31)), Pair::new)
            .zip(
                Gen.of(null, "a@example.test", "b@example.test"),
                (p, email) -> new UserAccount(p.first(), p.second(), email));
    Gen<NotificationOption> options = Gen.elements(List.copyOf(CATALOG.options()));
    Gen<List<Delivery>> batches =
        actions
            .list(1, 3)
            .flatMap(
                as ->
                    Gen.elements(as)
                        .zip(accounts, Pair::new)
                        .zip(options, (p, o) -> delivery(p.first(), p.second(), o))
                        .list(1, 12));
    Property.forAll(batches)
        .named("a claim's decoder reads each payload as decoding it alone does")
        .tries(300)
        .check(
            batch -> {
              Codec.Decoder decoder = new Codec.Decoder(CATALOG);
              List<Delivery> read = new ArrayList<>();
              for (Delivery d : batch) {
                read.add(decoder.decode(Codec.encode(d)));
              }
              assertThat(read).containsExactlyElementsOf(batch);
            });
  }

  /**
   * Custom actions whose texts begin alike: the same fields but the last ones (an assignee, the
   * mentions, whether the conversation is new), so a text differs from another only near its end.
   */
  private static Gen<Action> lookalikes() {
    Instant at = Instant.parse("2026-01-01T00:00:00Z");
    return Gen.of("x", "x1", "x12")
        .zip(Gen.of(Set.<String>of(), Set.of("u1"), Set.of("u1", "u2")), Pair::new)
        .zip(
            Gen.booleans(),
            (p, fresh) ->
                new CustomAction(
                    "c1",
                    ActionKind.of("ticket.escalated"),
                    at,
                    "bob",
                    null,
                    null,
                    "k1",
                    p.first(),
                    p.second(),
                    Set.of(),
                    fresh));
  }

  private static Delivery delivery(Action a, UserAccount u, NotificationOption o) {
    Delivery d = Deliveries.assigned("a1", u.id(), Medium.EMAIL, a.occurredAt());
    return new Delivery(a, u, Medium.EMAIL, o, false, null, d.reason());
  }

  @Test
  void aStoredDate_readsAsLocalDateWroteIt_andABadOneFails() {
    Property.forAll(Gen.longs(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()))
        .named("a date reads back as written")
        .tries(500)
        .check(
            day -> {
              LocalDate d = LocalDate.ofEpochDay(day);
              assertThat(Codec.date(d.toString())).isEqualTo(d);
            });
    assertThat(Codec.date("0001-01-01")).isEqualTo(LocalDate.of(1, 1, 1));
    assertThatThrownBy(() -> Codec.date("2020-02-30")).isInstanceOf(DateTimeException.class);
    assertThatThrownBy(() -> Codec.date("2020-0a-01")).isInstanceOf(DateTimeParseException.class);
  }
}
