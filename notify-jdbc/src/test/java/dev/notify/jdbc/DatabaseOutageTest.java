package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.action.ConversationAssigned;
import dev.notify.catalog.Medium;
import dev.notify.memory.InMemoryDirectory;
import dev.notify.pipeline.DeliveryWorkers;
import dev.notify.pipeline.Notifier;
import dev.notify.spi.Delivery;
import dev.notify.spi.Transport;
import dev.notify.spi.UserAccount;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;

/**
 * PostgreSQL goes away and comes back: a publish while it is down fails with a clear exception;
 * workers lose nothing — they pick up again when it returns, and every delivery that publish
 * returned for is delivered.
 */
@DisabledIfEnvironmentVariable(named = "NOTIFY_TEST_PG_URL", matches = ".+")
class DatabaseOutageTest {
  private static final Instant AT = Instant.parse("2024-05-01T09:00:00Z");

  @Test
  @Timeout(600)
  void workersSurviveTheDatabaseGoingAwayAndComingBack() throws Exception {
    Path data = Files.createTempDirectory("notify-pg");
    EmbeddedPostgres pg =
        EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
    int port = pg.getPort();
    UrlDataSource ds = new UrlDataSource(pg.getJdbcUrl("postgres", "postgres"));
    JdbcStores stores = Databases.stores(ds);
    Set<String> sent = ConcurrentHashMap.newKeySet();
    Transport email =
        new Transport() {
          @Override
          public Medium medium() {
            return Medium.EMAIL;
          }

          @Override
          public void deliver(Delivery d) {
            try {
              Thread.sleep(5); // slow enough that the outage lands mid-drain
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sent.add(d.id());
          }
        };
    LocalDate d = LocalDate.of(2023, 1, 1);
    InMemoryDirectory directory = new InMemoryDirectory().organizationCreatedOn(d);
    for (int i = 0; i < 20; i++) {
      directory.putUser(new UserAccount("u" + i, d, "u" + i + "@example.test"));
    }
    Notifier n =
        Notifier.builder()
            .directory(directory)
            .stores(stores)
            .transport(email)
            .attemptTimeout(Duration.ofSeconds(2))
            .lease(Duration.ofSeconds(5))
            .build();
    int published = 0;
    for (int i = 0; i < 200; i++) {
      n.publish(new ConversationAssigned("a" + i, AT, "bot", "k" + i, "c1", "u" + (i % 20)));
      published++;
    }
    try (DeliveryWorkers workers = n.startWorkers(2, Duration.ofMillis(20))) {
      while (sent.size() < 20) {
        Thread.sleep(5);
      }
      pg.close(); // the database goes away mid-drain
      assertThat(sent.size()).as("still draining when it went").isLessThan(published);
      assertThatThrownBy(
              () -> n.publish(new ConversationAssigned("late", AT, "bot", "k", "c1", "u1")))
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("notify-jdbc could not");
      Thread.sleep(500); // the workers meet the outage and keep waiting
      EmbeddedPostgres again =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setPort(port)
              .start();
      try {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        // Entries sent while the database was away could not be completed: they come back
        // when their leases end, are sent again (at least once) and completed.
        while (n.stats().outbox().done() < published && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        assertThat(workers.close(Duration.ofSeconds(10))).isTrue();
        assertThat(sent).hasSize(published);
        assertThat(n.stats().outbox().done()).isEqualTo(published);
      } finally {
        again.close();
        deleteTree(data); // not cleaned by the server: it was started twice on the same data
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (var paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
