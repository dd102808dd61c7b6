package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.AppUpdated;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Channel;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Setting;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DefaultTableChangeTest {
  private static final LocalDate OLD = LocalDate.of(2019, 4, 1);
  private final InMemorySettingsStore settings = new InMemorySettingsStore();
  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .organizationCreatedOn(LocalDate.of(2019, 3, 1))
          .putUser(new UserAccount("alice", OLD, "alice@example.test"))
          .putUser(new UserAccount("bob", OLD, "bob@example.test"))
          .putUser(new UserAccount("carol", LocalDate.of(2022, 1, 1), "carol@example.test"));
  private final DefaultTable next =
      DefaultTable.standard().toBuilder("standard-2")
          .set("note.added", Medium.EMAIL, Frequency.NEVER)
          .set("app.updated", Medium.EMAIL, Frequency.ALWAYS)
          .set("customer.message.any", Medium.IN_APP, Frequency.ALWAYS)
          .build();

  @Test
  void aDryRun_countsWhoWouldFollowTheNewTable_andChangesNothing() {
    Notifier n = Notifier.builder().directory(directory).settings(settings).build();
    n.editSettings("alice", e -> e.set(Setting.of("note.added", Medium.EMAIL, Frequency.ALWAYS)));
    n.editSettings(
        "bob", e -> e.applyToAllChannels("customer.message.any", Medium.IN_APP, Frequency.NEVER));
    n.editSettings(
        "alice",
        e ->
            e.set(
                Setting.of("customer.message.any", Channel.CHAT, Medium.IN_APP, Frequency.NEVER)));
    long aliceVersion = settings.load("alice").version();

    DefaultTableChange change = n.previewDefaultTable(next, 1);

    assertThat(change.from()).isEqualTo("standard-1");
    assertThat(change.to()).isEqualTo("standard-2");
    assertThat(change.users()).isEqualTo(3);
    assertThat(change.changes())
        .extracting(l -> l.option() + "/" + l.medium().id() + " " + l.users() + " " + l.examples())
        .containsExactlyInAnyOrder(
            "note.added/email 2 [bob]", // alice set it herself
            "app.updated/email 3 [alice]",
            // legacy: carol joined after the cut-off; bob set all channels; alice only chat
            "customer.message.any/in_app 1 [alice]");
    assertThat(settings.load("alice").version()).as("nothing written").isEqualTo(aliceVersion);
    assertThat(n.previewDefaultTable(DefaultTable.standard(), 3).isEmpty()).isTrue();
  }

  @Test
  void afterTheSwitch_deliveriesNameTheTableThatDecidedThem() {
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .settings(settings)
            .engine(DecisionEngine.create(Catalog.standard(), next))
            .transport(new RecordingTransport(Medium.EMAIL))
            .build();
    PublishResult r = n.publish(new AppUpdated("u1", Instant.EPOCH, "shopify"));
    MediumDecision email = r.decisions().get(0).forMedium(Medium.EMAIL).orElseThrow();
    assertThat(email.delivered()).isTrue();
    assertThat(email.reason().tableVersion()).isEqualTo("standard-2");
    assertThat(email.reason().explain()).contains("default table standard-2");
  }
}
