package dev.notify.examples.hosttests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.catalog.ActionKind;
import dev.notify.catalog.Audience;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.NotificationOption;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Relation;
import dev.notify.engine.DecisionEngine;
import dev.notify.examples.adapters.OfficeHoursPresence;
import dev.notify.memory.FixedPresence;
import dev.notify.settings.DefaultTable;
import dev.notify.spi.PresenceProvider;
import dev.notify.testkit.kit.PresenceProviderCompatibilityKit;
import dev.notify.testkit.laws.EngineLaws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** README's "Test your host with notify-testkit": what a host's own test suite looks like. */
class HostTestsExampleTest {
  // README:testkit:begin
  // The host's catalog: the standard one, a WhatsApp channel and an option of its own.
  static final Catalog OURS =
      Catalog.standard().toBuilder()
          .addChannel(Channel.of("whatsapp"))
          .addOption(
              NotificationOption.builder("order.shipped.followed")
                  .label("An order of a customer I follow ships")
                  .audience(Audience.of(ActionKind.of("order.shipped"), Relation.FOLLOWER))
                  .defaultFor(Medium.IN_APP, Frequency.ALWAYS)
                  .defaultFor(Medium.EMAIL, Frequency.WHEN_LOGGED_OUT)
                  .build())
          .build();

  // Every law of the engine, checked on our catalog: one dynamic test per law.
  @TestFactory
  Stream<DynamicTest> engineLawsHoldOnOurCatalog() {
    return EngineLaws.of(DecisionEngine.create(OURS, DefaultTable.fromCatalog("ours-1", OURS)))
        .tries(300)
        .tests();
  }

  // Our presence adapter passes the same kit as notify's own providers.
  @Nested
  class OfficeHoursPresenceKit extends PresenceProviderCompatibilityKit {
    @Override
    protected PresenceProvider createProvider() {
      Clock tenAm = Clock.fixed(Instant.parse("2024-05-06T10:00:00Z"), ZoneOffset.UTC);
      PresenceProvider sessions = new FixedPresence().set("in", Presence.LOGGED_IN);
      return new OfficeHoursPresence(
          sessions, tenAm, ZoneId.of("UTC"), LocalTime.of(9, 0), LocalTime.of(17, 0));
    }
  }

  // README:testkit:end

  @Test
  void readmeShowsThisCode() throws Exception {
    String source =
        Files.readString(
            Path.of("src/test/java/dev/notify/examples/hosttests/HostTestsExampleTest.java"));
    String begin = "// README:testkit:begin";
    String snippet =
        source.substring(
            source.indexOf(begin) + begin.length(), source.indexOf("  // README:testkit:end"));
    assertThat(Files.readString(Path.of("../README.md")))
        .as("README's testkit section is this test's code")
        .contains(snippet.stripTrailing().stripIndent().strip());
  }
}
