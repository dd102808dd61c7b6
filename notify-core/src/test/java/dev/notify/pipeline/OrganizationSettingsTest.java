package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.engine.MediumDecision;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryOrganizationStore;
import dev.notify.settings.DefaultTable;
import dev.notify.settings.Layer;
import dev.notify.settings.Lock;
import dev.notify.settings.OrganizationSettings;
import dev.notify.settings.Setting;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A notifier of an organisation: its default table and locks, kept in an organisation store and
 * edited with optimistic versions, decide every publish as stored then, and reasons name it.
 */
class OrganizationSettingsTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  private static final OrganizationSettings ACME = OrganizationSettings.of("Acme", "acme-1");

  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .putUser(new UserAccount("alice", LocalDate.of(2024, 1, 1), "alice@example.test"));
  private final InMemoryOrganizationStore organizations = new InMemoryOrganizationStore();
  private final Notifier notifier =
      Notifier.builder()
          .directory(directory)
          .organization("acme", organizations)
          .transport(new RecordingTransport(Medium.EMAIL))
          .build();

  private MediumDecision assignmentEmail(String id) {
    return notifier
        .publish(new ConversationAssigned(id, AT, "bob", "k1", "cust-1", "alice"))
        .decisions()
        .get(0)
        .forMedium(Medium.EMAIL)
        .orElseThrow();
  }

  @Test
  void theOrganisationsTable_decidesTheNextPublish_andIsNamed() {
    MediumDecision before = assignmentEmail("a1"); // nothing saved: the notifier's table
    assertThat(before.reason().explain()).contains("default table standard-1");

    notifier.editOrganization(
        ACME,
        o ->
            o.withDefaults(
                "acme-2",
                List.of(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS))));
    MediumDecision after = assignmentEmail("a2");
    assertThat(after.delivered()).isTrue();
    assertThat(after.reason().explain())
        .isEqualTo("conversation.assigned is ALWAYS (the default of Acme, table acme-2)");
    assertThat(organizations.load("acme").version()).isEqualTo(1);
  }

  @Test
  void theOrganisationsLocks_decide_andUsersCannotChangeThem() {
    notifier.editOrganization(
        ACME,
        o ->
            o.withLocks(
                List.of(new Lock("conversation.assigned", Medium.EMAIL, null, Frequency.NEVER))));
    MediumDecision email = assignmentEmail("a1");
    assertThat(email.delivered()).isFalse();
    assertThat(email.reason().layer()).isEqualTo(Layer.ORGANIZATION_LOCK);
    assertThatThrownBy(
            () ->
                notifier.editSettings(
                    "alice",
                    e ->
                        e.set(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS))))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("locked by your organisation");
  }

  @Test
  void theDryRun_comparesWithTheOrganisationsTable() {
    notifier.editOrganization(
        ACME,
        o ->
            o.withDefaults(
                "acme-2",
                List.of(Setting.of("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS))));
    DefaultTable next =
        DefaultTable.standard().toBuilder("acme-3")
            .set("conversation.assigned", Medium.EMAIL, Frequency.ALWAYS)
            .build();
    DefaultTableChange c = notifier.previewDefaultTable(next, 5);
    assertThat(c.from()).isEqualTo("acme-2");
    assertThat(c.changes()).isEmpty(); // acme-2 already says ALWAYS
  }

  @Test
  void editsAreChecked_andSavedWithOptimisticVersions() {
    assertThatThrownBy(
            () ->
                notifier.editOrganization(
                    ACME,
                    o ->
                        o.withDefaults(
                            "acme-2",
                            List.of(Setting.of("no.such.option", Medium.EMAIL, Frequency.ALWAYS)))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"no.such.option\"");
    assertThat(organizations.load("acme").version()).isZero();
    organizations.save("acme", ACME, 0);
    assertThatThrownBy(() -> organizations.save("acme", ACME, 0))
        .isInstanceOf(SettingsConflictException.class)
        .hasMessageContaining("organisation \"acme\"");
    // A save that loses a race is re-applied on the newer version.
    int[] calls = {0};
    notifier.editOrganization(
        ACME,
        o -> {
          if (calls[0]++ == 0) {
            organizations.save("acme", o.withLocks(List.of()), 1); // someone else, meanwhile
          }
          return o.withDefaults("acme-9", List.of());
        });
    assertThat(calls[0]).isEqualTo(2);
    assertThat(organizations.load("acme").version()).isEqualTo(3);
    assertThatThrownBy(
            () -> Notifier.builder().directory(directory).build().editOrganization(ACME, o -> o))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("organization(id, store)");
  }
}
