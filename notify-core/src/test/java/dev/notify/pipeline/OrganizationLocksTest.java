package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.engine.DecisionEngine;
import dev.notify.engine.MediumDecision;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemorySettingsStore;
import dev.notify.settings.Layer;
import dev.notify.settings.Lock;
import dev.notify.settings.Setting;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * An organisation's lock through the notifier: it decides over the user's own value, the reason
 * says "locked by your organisation", and the user cannot change the locked key.
 */
class OrganizationLocksTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  private static final Lock MENTIONS_BY_EMAIL =
      new Lock("note.mentioned", Medium.EMAIL, null, Frequency.ALWAYS);

  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .putUser(new UserAccount("alice", LocalDate.of(2024, 1, 1), "alice@example.test"))
          .putUser(new UserAccount("bob", LocalDate.of(2024, 1, 1), "bob@example.test"));
  private final InMemorySettingsStore settings = new InMemorySettingsStore();

  private Notifier notifier(DecisionEngine engine) {
    return Notifier.builder()
        .engine(engine)
        .directory(directory)
        .settings(settings)
        .transport(new RecordingTransport(Medium.EMAIL))
        .build();
  }

  @Test
  void aLockDecides_overTheUsersOwnValue_andSaysSo() {
    Notifier free = notifier(DecisionEngine.standard());
    free.editSettings(
        "alice", e -> e.set(Setting.of("note.mentioned", Medium.EMAIL, Frequency.NEVER)));
    NoteAdded note =
        new NoteAdded("n1", AT, "bob", "k1", "c1", null, Set.of("alice"), Set.of(), "look");
    MediumDecision before = email(free.publish(note));
    assertThat(before.delivered()).isFalse();
    assertThat(before.reason().layer()).isEqualTo(Layer.OPTION_SETTING);

    Notifier locked = notifier(DecisionEngine.standard().locking(List.of(MENTIONS_BY_EMAIL)));
    NoteAdded again =
        new NoteAdded("n2", AT, "bob", "k1", "c1", null, Set.of("alice"), Set.of(), "look");
    MediumDecision after = email(locked.publish(again));
    assertThat(after.delivered()).isTrue();
    assertThat(after.reason().layer()).isEqualTo(Layer.ORGANIZATION_LOCK);
    assertThat(after.reason().explain())
        .isEqualTo("note.mentioned is ALWAYS (locked by your organisation)");
  }

  @Test
  void aUserCannotChangeALockedKey_butEverythingElse() {
    Notifier locked = notifier(DecisionEngine.standard().locking(List.of(MENTIONS_BY_EMAIL)));
    assertThatThrownBy(
            () ->
                locked.editSettings(
                    "alice",
                    e -> e.set(Setting.of("note.mentioned", Medium.EMAIL, Frequency.NEVER))))
        .isInstanceOf(NotifyException.class)
        .hasMessage(
            "settings: \"note.mentioned\" by email is locked by your organisation at ALWAYS: it"
                + " cannot be changed");
    assertThat(settings.load("alice").version()).isZero();
    locked.editSettings(
        "alice", e -> e.set(Setting.of("note.mentioned", Medium.IN_APP, Frequency.NEVER)));
    assertThat(settings.load("alice").settings().settings()).hasSize(1);
  }

  @Test
  void locksAreCheckedAgainstTheCatalog_once() {
    DecisionEngine e = DecisionEngine.standard();
    assertThatThrownBy(() -> e.locking(List.of(MENTIONS_BY_EMAIL, MENTIONS_BY_EMAIL)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two locks");
    assertThat(e.locking(List.of(MENTIONS_BY_EMAIL)).locks()).containsExactly(MENTIONS_BY_EMAIL);
    assertThat(e.locks()).isEmpty();
  }

  private static MediumDecision email(PublishResult r) {
    return r.decisions().stream()
        .filter(d -> d.userId().equals("alice"))
        .findFirst()
        .orElseThrow()
        .forMedium(Medium.EMAIL)
        .orElseThrow();
  }
}
