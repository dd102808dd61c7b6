package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.Setting;
import dev.notify.settings.UserSettings;
import dev.notify.spi.SettingsStore;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import java.time.LocalDate;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Settings edited through the notifier: its catalog, the directory's tenure, optimistic saves. */
class EditSettingsTest {
  private static final LocalDate OLD = LocalDate.of(2019, 1, 1);
  private static final LocalDate NEW = LocalDate.of(2024, 1, 1);

  private static Notifier notifier(InMemoryDirectory dir, SettingsStore store) {
    return Notifier.builder().directory(dir).settings(store).build();
  }

  @Test
  void edits_areSaved_andReadBack() {
    InMemoryDirectory dir =
        new InMemoryDirectory().putUser(new UserAccount("alice", NEW, "a@example.test"));
    InMemorySettingsStore store = new InMemorySettingsStore();
    UserSettings saved =
        notifier(dir, store)
            .editSettings(
                "alice",
                e -> e.set(new Setting("note.added", null, Medium.EMAIL, Frequency.NEVER)));
    assertThat(store.load("alice").settings()).isEqualTo(saved);
    assertThat(saved.chosen("note.added", null, Medium.EMAIL)).contains(Frequency.NEVER);
  }

  @Test
  void theTenureComesFromTheDirectory_soANewUserCannotSetALegacyOption() {
    InMemoryDirectory dir =
        new InMemoryDirectory()
            .organizationCreatedOn(OLD)
            .putUser(new UserAccount("veteran", OLD, null))
            .putUser(new UserAccount("newcomer", NEW, null));
    InMemorySettingsStore store = new InMemorySettingsStore();
    Notifier n = notifier(dir, store);
    Setting legacy = new Setting("customer.message.any", null, Medium.EMAIL, Frequency.ALWAYS);
    assertThat(n.editSettings("veteran", e -> e.set(legacy)).settings()).contains(legacy);
    assertThatThrownBy(() -> n.editSettings("newcomer", e -> e.set(legacy)))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("legacy option");
    assertThat(store.load("newcomer")).isEqualTo(VersionedSettings.NEVER_SAVED);
  }

  @Test
  void anUnknownUser_isRefused_andNothingIsSaved() {
    InMemorySettingsStore store = new InMemorySettingsStore();
    assertThatThrownBy(
            () ->
                notifier(new InMemoryDirectory(), store)
                    .editSettings(
                        "ghost",
                        e -> e.set(new Setting("note.added", null, Medium.EMAIL, Frequency.NEVER))))
        .isInstanceOf(NotifyException.class)
        .hasMessage(
            "userId: unknown user \"ghost\": settings are kept only for users of the directory");
    assertThat(store.load("ghost")).isEqualTo(VersionedSettings.NEVER_SAVED);
  }

  @Test
  void aConcurrentSave_isNotLost_theChangeIsReappliedOnTheNewerSettings() {
    InMemoryDirectory dir = new InMemoryDirectory().putUser(new UserAccount("alice", NEW, null));
    InMemorySettingsStore store = new InMemorySettingsStore();
    Notifier n = notifier(dir, store);
    Setting other = new Setting("note.mentioned", null, Medium.EMAIL, Frequency.NEVER);
    Setting mine = new Setting("note.added", null, Medium.EMAIL, Frequency.NEVER);
    AtomicInteger calls = new AtomicInteger();
    UserSettings result =
        n.editSettings(
            "alice",
            e -> {
              if (calls.getAndIncrement() == 0) {
                // Another instance saves between our load and our save.
                n.editSettings("alice", f -> f.set(other));
              }
              return e.set(mine);
            });
    assertThat(calls).hasValue(2);
    assertThat(result.settings()).contains(other, mine);
    assertThat(store.load("alice").settings()).isEqualTo(result);
  }
}
