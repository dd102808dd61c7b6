package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.NotifyException;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.memory.InMemoryOrganizationStore;
import dev.notify.memory.InMemoryTimingStore;
import dev.notify.settings.OrganizationSettings;
import dev.notify.spi.TimingStore;
import dev.notify.spi.UserAccount;
import dev.notify.testing.RecordingTransport;
import dev.notify.timeline.DigestPolicy;
import dev.notify.timeline.QuietHours;
import dev.notify.timeline.QuietWindow;
import dev.notify.timeline.Throttle;
import dev.notify.timeline.UserTiming;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Timings kept by notify: a user's saved timing decides their next publish, else their
 * organisation's default timing, else the default; a host's provider replaces the store and then
 * saving is refused; only users of the directory have one.
 */
class TimingSettingsTest {
  // A Monday, 10:00 UTC.
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  private static final UserTiming QUIET_ALL_DAY =
      new UserTiming(
          QuietHours.of(
              ZoneOffset.UTC,
              List.of(
                  new QuietWindow(
                      EnumSet.allOf(DayOfWeek.class), LocalTime.of(9, 0), LocalTime.of(18, 0)))),
          Duration.ofMinutes(10),
          null);
  private static final UserTiming TWO_MINUTES =
      new UserTiming(QuietHours.NONE, Duration.ofMinutes(2), null);

  private final InMemoryDirectory directory =
      new InMemoryDirectory()
          .putUser(new UserAccount("alice", LocalDate.of(2024, 1, 1), "alice@example.test"));
  private final InMemoryTimingStore store = new InMemoryTimingStore();
  private final InMemoryOrganizationStore organizations = new InMemoryOrganizationStore();

  private Notifier notifier() {
    return Notifier.builder()
        .directory(directory)
        .timingStore(store)
        .clock(Clock.fixed(AT, ZoneOffset.UTC))
        .organization("acme", organizations)
        .transport(new RecordingTransport(Medium.EMAIL))
        .build();
  }

  private PublishResult assign(Notifier n, String id) {
    return n.publish(new ConversationAssigned(id, AT, "bob", "k1", "cust-1", "alice"));
  }

  @Test
  void aSavedTiming_decidesTheNextPublish_andClearingFallsBackToTheOrganisationsThenTheDefault() {
    Notifier n = notifier();
    assertThat(n.timingOf("alice")).isEqualTo(UserTiming.DEFAULT);
    assertThat(assign(n, "a1").held()).isEmpty();

    n.saveTiming("alice", QUIET_ALL_DAY);
    assertThat(store.load("alice")).contains(QUIET_ALL_DAY);
    assertThat(n.timingOf("alice")).isEqualTo(QUIET_ALL_DAY);
    assertThat(assign(n, "a2").held())
        .singleElement()
        .satisfies(h -> assertThat(h.due()).isEqualTo(Instant.parse("2026-03-02T18:00:00Z")));

    UserTiming orgDefault = TWO_MINUTES.withThrottle(new Throttle(5, Duration.ofMinutes(60)));
    n.editOrganization(OrganizationSettings.of("Acme", "acme-1"), o -> o.withTiming(orgDefault));
    assertThat(n.timingOf("alice")).as("her own timing still wins").isEqualTo(QUIET_ALL_DAY);
    assertThat(n.clearTiming("alice")).isTrue();
    assertThat(n.timingOf("alice")).isEqualTo(orgDefault);
    assertThat(assign(n, "a3").held()).as("the organisation's timing has no quiet hours").isEmpty();
    assertThat(n.clearTiming("alice")).isFalse();

    n.editOrganization(OrganizationSettings.of("Acme", "acme-1"), o -> o.withTiming(null));
    assertThat(n.timingOf("alice")).isEqualTo(UserTiming.DEFAULT);
  }

  @Test
  void aHostsProvider_replacesTheStore_andSavingIsRefused() {
    store.save("alice", QUIET_ALL_DAY);
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .timingStore(store)
            .timings(u -> TWO_MINUTES)
            .transport(new RecordingTransport(Medium.EMAIL))
            .build();
    assertThat(n.timingOf("alice")).isEqualTo(TWO_MINUTES);
    assertThat(assign(n, "a1").held()).as("the stored quiet hours are not read").isEmpty();
    assertThatThrownBy(() -> n.saveTiming("alice", TWO_MINUTES))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("host's TimingProvider");
    assertThatThrownBy(() -> n.clearTiming("alice")).isInstanceOf(IllegalStateException.class);
    assertThat(store.load("alice")).contains(QUIET_ALL_DAY);
  }

  @Test
  void onlyUsersOfTheDirectory_haveATiming_andBadValuesFailWhenMade() {
    Notifier n = notifier();
    assertThatThrownBy(() -> n.saveTiming("mallory", TWO_MINUTES))
        .isInstanceOf(NotifyException.class)
        .hasMessageContaining("unknown user \"mallory\"");
    assertThat(store.load("mallory")).isEmpty();
    assertThatThrownBy(() -> n.saveTiming("alice", nullTiming()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("timing cannot be null");
    assertThatThrownBy(() -> new UserTiming(QuietHours.NONE, Duration.ofSeconds(90), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("PT1M30S");
  }

  @SuppressWarnings("NullAway") // a null timing on purpose: it must be refused
  private static UserTiming nullTiming() {
    return null;
  }

  @Test
  void theWorkers_readABatchsTimings_inOneCallOfTheStore() {
    List<String> team = List.of("dan", "eve", "fay", "gus");
    InMemoryTimingStore saved = new InMemoryTimingStore();
    AtomicInteger single = new AtomicInteger();
    AtomicInteger all = new AtomicInteger();
    TimingStore counting =
        new TimingStore() {
          @Override
          public Optional<UserTiming> load(String userId) {
            single.incrementAndGet();
            return saved.load(userId);
          }

          @Override
          public Map<String, UserTiming> loadAll(Collection<String> userIds) {
            all.incrementAndGet();
            return saved.loadAll(userIds);
          }

          @Override
          public void save(String userId, UserTiming timing) {
            saved.save(userId, timing);
          }

          @Override
          public boolean clear(String userId) {
            return saved.clear(userId);
          }
        };
    InMemoryDirectory people = new InMemoryDirectory();
    for (String u : team) {
      people.putUser(new UserAccount(u, LocalDate.of(2024, 1, 1), u + "@example.test"));
    }
    UserTiming digest =
        new UserTiming(
            QuietHours.NONE,
            Duration.ofMinutes(2),
            new DigestPolicy(Duration.ofHours(1), 50, false));
    saved.save("dan", digest);
    saved.save("eve", digest);
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    Notifier n =
        Notifier.builder()
            .directory(people)
            .timingStore(counting)
            .clock(Clock.fixed(AT, ZoneOffset.UTC))
            .transport(email)
            .build();
    PublishResult r =
        n.publish(
            new NoteAdded(
                "n1", AT, "bob", "k1", "cust-1", null, Set.copyOf(team), Set.of(), "a note"));
    assertThat(r.enqueued()).hasSize(4);
    all.set(0);
    single.set(0);
    n.deliverDue();
    // One read for the batch's four users, none per user; dan's and eve's emails wait in digests.
    assertThat(all.get()).isEqualTo(1);
    assertThat(single.get()).isZero();
    assertThat(email.delivered())
        .extracting(d -> d.recipient().id())
        .containsExactlyInAnyOrder("fay", "gus");
  }
}
