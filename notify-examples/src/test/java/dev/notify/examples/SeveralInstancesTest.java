package dev.notify.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.notify.jdbc.JdbcStores;
import dev.notify.testkit.kit.Deliveries;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Three JVMs, each with its own workers, drain 20,000 deliveries from one PostgreSQL; one is killed
 * mid-drain. Every delivery is sent; a second send only for what the killed one held.
 */
class SeveralInstancesTest {
  private static final int ENTRIES = 20_000;

  @Test
  @Timeout(300)
  void threeInstancesDrainOneOutbox_andTakeOverFromOneThatDies() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      String prefix = "many_";
      UrlDataSource ds = new UrlDataSource(url);
      JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).build();
      try (Connection c = ds.getConnection();
          Statement st = c.createStatement()) {
        st.execute("CREATE TABLE " + prefix + "sent (id VARCHAR(2048) NOT NULL)");
      }
      Instant now = Instant.now();
      for (int from = 0; from < ENTRIES; from += 1000) {
        stores.outbox().enqueue(Deliveries.assignedEmails(from, from + 1000, 50, now));
      }
      List<Process> instances = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        instances.add(
            new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    Main.class.getName(),
                    "drain-child",
                    url,
                    prefix)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start());
      }
      // Kill one once the drain is well under way.
      while (count(ds, "SELECT COUNT(*) FROM " + prefix + "sent") < ENTRIES / 5) {
        Thread.sleep(20);
      }
      instances.get(0).destroyForcibly();
      instances.get(0).waitFor();
      for (Process p : instances.subList(1, 3)) {
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
      long distinct = count(ds, "SELECT COUNT(DISTINCT id) FROM " + prefix + "sent");
      long sends = count(ds, "SELECT COUNT(*) FROM " + prefix + "sent");
      long twice =
          count(
              ds,
              "SELECT COUNT(*) FROM (SELECT id FROM "
                  + prefix
                  + "sent GROUP BY id HAVING COUNT(*)"
                  + " > 1) x");
      long done = count(ds, "SELECT COUNT(*) FROM " + prefix + "outbox WHERE state = 2");
      long dead = count(ds, "SELECT COUNT(*) FROM " + prefix + "outbox WHERE state = 3");
      long unknown =
          count(
              ds,
              "SELECT COUNT(*) FROM "
                  + prefix
                  + "outbox WHERE state = 3 AND dead_kind = 'UNKNOWN'");
      assertThat(distinct).as("every delivery sent").isEqualTo(ENTRIES);
      // On two loaded cores an attempt can outlive its deadline after it sent: its outcome is
      // UNKNOWN and, the transport not saying resending is safe, it is not sent again.
      assertThat(done + dead).as("every entry completed or, unknown, dead").isEqualTo(ENTRIES);
      assertThat(dead).as("dead letters are only unknown outcomes").isEqualTo(unknown);
      // Only what the killed instance held in its leases (2 workers x 50) can go out twice.
      assertThat(sends - distinct).isEqualTo(twice).isLessThanOrEqualTo(100);
    }
  }

  private static long count(UrlDataSource ds, String sql) throws Exception {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
