package dev.notify.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.action.Action;
import dev.notify.action.ConversationAssigned;
import dev.notify.action.NoteAdded;
import dev.notify.catalog.Catalog;
import dev.notify.catalog.Frequency;
import dev.notify.catalog.Medium;
import dev.notify.catalog.Presence;
import dev.notify.catalog.Tenure;
import dev.notify.memory.FixedPresence;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.settings.Setting;
import dev.notify.spi.Delivery;
import dev.notify.spi.InboxItem;
import dev.notify.spi.SettingsConflictException;
import dev.notify.spi.UserAccount;
import dev.notify.spi.VersionedSettings;
import dev.notify.testing.RecordingTransport;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Several threads publish (some actions twice) while others mark read and change settings and two
 * workers deliver. Afterwards every user's badge equals their unread items, and every delivery was
 * made exactly once.
 */
class NotifierConcurrencyTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");
  private static final List<String> USERS = List.of("u0", "u1", "u2", "u3", "u4", "u5");

  @Test
  void publishMarkReadAndSettingsChanges_keepBadgesExactAndDeliveriesUnique() throws Exception {
    InMemoryDirectory dir = new InMemoryDirectory().organizationCreatedOn(LocalDate.of(2019, 1, 1));
    FixedPresence presence = new FixedPresence();
    for (int i = 0; i < USERS.size(); i++) {
      dir.putUser(
          new UserAccount(USERS.get(i), LocalDate.of(2019, 2, 1), USERS.get(i) + "@example.test"));
      presence.set(USERS.get(i), i % 2 == 0 ? Presence.LOGGED_IN : Presence.LOGGED_OUT);
    }
    dir.putTeam("all", USERS);
    RecordingTransport email = new RecordingTransport(Medium.EMAIL);
    Notifier notifier =
        Notifier.builder().directory(dir).presence(presence).transport(email).build();

    int publishers = 3;
    int actionsPerPublisher = 200;
    ExecutorService pool = Executors.newFixedThreadPool(publishers + 2);
    CountDownLatch start = new CountDownLatch(1);
    ConcurrentLinkedQueue<Delivery> delivered = new ConcurrentLinkedQueue<>();
    List<Future<?>> futures = new ArrayList<>();
    for (int p = 0; p < publishers; p++) {
      int pp = p;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < actionsPerPublisher; i++) {
                  // Publishers overlap on half of the ids, so the same action is published
                  // concurrently.
                  int n = (i % 2 == 0) ? i : pp * 1000 + i;
                  String actor = USERS.get(n % USERS.size());
                  Action a =
                      n % 3 == 0
                          ? new ConversationAssigned(
                              "a" + n,
                              AT,
                              actor,
                              "k" + n,
                              "cust",
                              USERS.get((n + 1) % USERS.size()))
                          : new NoteAdded(
                              "n" + n,
                              AT,
                              actor,
                              "k" + n,
                              "cust",
                              null,
                              Set.of(USERS.get((n + 2) % USERS.size())),
                              Set.of("all"),
                              null);
                  delivered.addAll(notifier.publish(a).made());
                }
                return null;
              }));
    }
    futures.add(
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; i < 2000; i++) {
                String u = USERS.get(i % USERS.size());
                if (i % 7 == 0) {
                  notifier.inbox().markAllRead(u);
                } else {
                  List<InboxItem> page = notifier.inbox().page(u, 0, 5);
                  if (!page.isEmpty()) {
                    notifier.inbox().markRead(u, page.get(page.size() - 1).id());
                  }
                }
              }
              return null;
            }));
    futures.add(
        pool.submit(
            () -> {
              start.await();
              for (int i = 0; i < 300; i++) {
                String u = USERS.get(i % USERS.size());
                while (true) {
                  VersionedSettings cur = notifier.settings().load(u);
                  Frequency f = Frequency.values()[i % 3];
                  try {
                    notifier
                        .settings()
                        .save(
                            u,
                            cur.settings()
                                .edit(
                                    Catalog.standard(),
                                    Tenure.of(LocalDate.of(2019, 1, 1), LocalDate.of(2019, 2, 1)))
                                .set(Setting.of("note.team_mentioned", Medium.IN_APP, f))
                                .build(),
                            cur.version());
                    break;
                  } catch (SettingsConflictException e) {
                    // reload and retry
                  }
                }
              }
              return null;
            }));
    // Workers deliver while the others publish, read and edit.
    DeliveryWorkers workers = notifier.startWorkers(2, Duration.ofMillis(5));
    start.countDown();
    for (Future<?> f : futures) {
      f.get(120, TimeUnit.SECONDS);
    }
    pool.shutdown();
    assertThat(workers.close(Duration.ofSeconds(30))).isTrue();
    notifier.deliverDue(); // what the workers had not reached yet

    // No delivery doubled.
    Map<String, Integer> counts = new HashMap<>();
    delivered.forEach(d -> counts.merge(d.id(), 1, Integer::sum));
    assertThat(counts.values()).allMatch(c -> c == 1);
    assertThat(email.delivered())
        .hasSize((int) delivered.stream().filter(d -> d.medium().equals(Medium.EMAIL)).count());
    // No in-app delivery lost, and every badge is exact.
    long inApp = delivered.stream().filter(d -> d.medium().equals(Medium.IN_APP)).count();
    long items = 0;
    for (String u : USERS) {
      List<InboxItem> all = new ArrayList<>();
      for (int off = 0; ; off += 1000) {
        List<InboxItem> page = notifier.inbox().page(u, off, 1000);
        all.addAll(page);
        if (page.size() < 1000) {
          break;
        }
      }
      items += all.size();
      assertThat(notifier.inbox().unreadCount(u))
          .as(u)
          .isEqualTo(all.stream().filter(i -> !i.read()).count());
    }
    assertThat(items).isEqualTo(inApp);
    assertThat(inApp).isGreaterThan(0);
    assertThat(notifier.deadLetters(0, 10)).isEmpty();
  }
}
