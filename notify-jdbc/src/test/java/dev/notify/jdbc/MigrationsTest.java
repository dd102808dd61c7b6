package dev.notify.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.notify.catalog.Medium;
import dev.notify.spi.Delivery;
import dev.notify.spi.Outbox;
import dev.notify.testkit.kit.Deliveries;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MigrationsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  static DataSource db(String which) {
    return which.equals("h2") ? Databases.h2() : Databases.postgres();
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void migrate_appliesOnce_thenFindsNothingToDo(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations m = Migrations.of(Dialect.of(c), prefix);
      assertThat(m.migrate(c)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
      assertThat(m.migrate(c)).isEmpty();
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void twoInstancesStartingTogether_migrateOnce(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    List<Future<List<Integer>>> runs = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Callable<List<Integer>> run =
          () -> {
            try (Connection c = ds.getConnection()) {
              return Migrations.of(Dialect.of(c), prefix).migrate(c);
            }
          };
      runs.add(pool.submit(run));
    }
    List<Integer> applied = new ArrayList<>();
    for (Future<List<Integer>> f : runs) {
      applied.addAll(f.get());
    }
    pool.shutdown();
    assertThat(applied).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
  }

  @Test
  void aCrashInTheMiddleOfAnH2Migration_isResumedAtTheNextStart() throws Exception {
    DataSource ds = Databases.h2();
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations m = Migrations.of(Dialect.of(c), prefix);
      m.migrate(c);
      // H2 commits each DDL statement at once: a crash after V3's ALTER TABLE and before its
      // history row leaves the column there and the version unrecorded.
      try (Statement st = c.createStatement()) {
        st.execute("DELETE FROM " + prefix + "schema_history WHERE version >= 3");
        st.execute("DROP TABLE " + prefix + "digest_items");
      }
      assertThat(m.migrate(c)).containsExactly(3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13);
      assertThat(m.migrate(c)).isEmpty();
      try (Statement st = c.createStatement()) {
        st.executeQuery("SELECT delivery_id FROM " + prefix + "digest_items").close();
      }
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void version8_keysTheRowsOfVersion7_asTheStoresKeyNewOnes(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    // A user id with an escaped slash, a percent sign and a letter beyond ASCII.
    String user = "zo/\u00eb%1";
    Delivery d = Deliveries.assigned("a/1", user, Medium.EMAIL, T0);
    String id = d.id();
    String head = user.length() + ":" + user + "/email";
    try (Connection c = ds.getConnection()) {
      Migrations m = Migrations.of(Dialect.of(c), prefix).until(7);
      assertThat(m.migrate(c)).containsExactly(1, 2, 3, 4, 5, 6, 7);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO "
                + prefix
                + "outbox (id, payload, state, due_at, enqueued_at, attempts, version) VALUES ('"
                + id.replace("'", "''")
                + "', '"
                + Codec.encode(d).replace("'", "''")
                + "', 0, 0, 0, 0, 0)");
        st.execute(
            "INSERT INTO "
                + prefix
                + "digest_heads (head_key) VALUES ('"
                + head.replace("'", "''")
                + "')");
        st.execute(
            "INSERT INTO "
                + prefix
                + "digests (id, closes_at, max_items, items, sealed, sent) VALUES ('digest:"
                + id
                + "', 0, 5, 1, FALSE, FALSE)");
        st.execute(
            "INSERT INTO "
                + prefix
                + "digest_items (delivery_id, digest_id, position, opener, payload) VALUES ('"
                + id
                + "', 'digest:"
                + id
                + "', 0, TRUE, '')");
        st.execute(
            "INSERT INTO "
                + prefix
                + "throttle_passes (delivery_id, due_at) VALUES ('"
                + id
                + "', 0)");
      }
      assertThat(Migrations.of(Dialect.of(c), prefix).migrate(c))
          .containsExactly(8, 9, 10, 11, 12, 13);
      try (Statement st = c.createStatement()) {
        assertThat(one(st, "SELECT bucket FROM " + prefix + "outbox"))
            .isEqualTo(String.valueOf(Keys.bucket(user)));
        for (String table : List.of("digest_heads", "digests", "digest_items", "throttle_passes")) {
          assertThat(one(st, "SELECT user_id FROM " + prefix + table)).as(table).isEqualTo(user);
        }
      }
    }
    Outbox outbox = JdbcStores.builder(ds).tablePrefix(prefix).build().outbox();
    assertThat(outbox.claim("w1", 10, T0, Duration.ofMinutes(1)))
        .singleElement()
        .satisfies(claim -> assertThat(claim.entry().id()).isEqualTo(id));
    assertThat(outbox.completeAll("w1", List.of(id), T0))
        .as("the bucket written in SQL is the one the store computes")
        .containsExactly(id);
  }

  private static String one(Statement st, String query) throws Exception {
    try (ResultSet rs = st.executeQuery(query)) {
      assertThat(rs.next()).isTrue();
      String v = rs.getString(1);
      assertThat(rs.next()).as("one row").isFalse();
      return v;
    }
  }

  @Test
  void aCrashBetweenDroppingAndAddingAPrimaryKey_onH2_isResumed() throws Exception {
    DataSource ds = Databases.h2();
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations m = Migrations.of(Dialect.of(c), prefix);
      m.migrate(c);
      // H2 commits each DDL statement at once: a crash after version 8 dropped the inbox's key
      // and before it added the new one leaves the table without a key and version 8 unrecorded.
      try (Statement st = c.createStatement()) {
        st.execute("DELETE FROM " + prefix + "schema_history WHERE version = 8");
        st.execute("ALTER TABLE " + prefix + "inbox DROP PRIMARY KEY");
      }
      assertThat(m.migrate(c)).containsExactly(8);
      try (ResultSet keys =
          c.getMetaData().getPrimaryKeys(null, null, (prefix + "inbox").toUpperCase())) {
        List<String> columns = new ArrayList<>();
        while (keys.next()) {
          columns.add(keys.getString("COLUMN_NAME"));
        }
        assertThat(columns).containsExactlyInAnyOrder("USER_ID", "ID");
      }
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void anEditedMigration_isRefused(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations m = Migrations.of(Dialect.of(c), prefix);
      m.migrate(c);
      try (Statement st = c.createStatement()) {
        st.execute("UPDATE " + prefix + "schema_history SET checksum = 'abc' WHERE version = 1");
      }
      assertThatThrownBy(() -> m.migrate(c))
          .isInstanceOf(JdbcStoreException.class)
          .hasMessageContaining("V1__stores.sql")
          .hasMessageContaining("must never be edited");
    }
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void aSchemaNewerThanTheLibrary_isRefused(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations.of(Dialect.of(c), prefix).migrate(c);
      try (Statement st = c.createStatement()) {
        st.execute(
            "INSERT INTO " + prefix + "schema_history VALUES (99, 'V99__future.sql', 'x', 0)");
      }
    }
    assertThatThrownBy(() -> JdbcStores.builder(ds).tablePrefix(prefix).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("version 99, newer than this library (" + Migrations.LATEST + ")");
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void hostsThatMigrateThemselves_getTheScript(String which) throws Exception {
    DataSource ds = db(which);
    String prefix = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      String script = Migrations.of(Dialect.of(c), prefix).script();
      assertThat(script).contains("CREATE TABLE " + prefix + "outbox").doesNotContain("${prefix}");
      try (Statement st = c.createStatement()) {
        for (String s : Migrations.statements(script)) {
          st.execute(s);
        }
      }
    }
    // The tables exist; the stores run without migrating.
    JdbcStores stores = JdbcStores.builder(ds).tablePrefix(prefix).migrate(false).build();
    assertThat(stores.inbox().unreadCount("alice")).isZero();
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"h2", "postgresql"})
  void withMigrationsOff_aMissingOrOldSchema_isRefusedAtBuild(String which) throws Exception {
    DataSource ds = db(which);
    String missing = Databases.freshPrefix();
    assertThatThrownBy(() -> JdbcStores.builder(ds).tablePrefix(missing).migrate(false).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("\"" + missing + "\" are missing or older than version")
        .hasMessageContaining("classpath:dev/notify/jdbc/sql/" + which + "/");
    String old = Databases.freshPrefix();
    try (Connection c = ds.getConnection()) {
      Migrations.of(Dialect.of(c), old).until(Migrations.LATEST - 1).migrate(c);
    }
    assertThatThrownBy(() -> JdbcStores.builder(ds).tablePrefix(old).migrate(false).build())
        .isInstanceOf(JdbcStoreException.class)
        .hasMessageContaining("older than version " + Migrations.LATEST);
  }

  @ParameterizedTest(name = "on {0}")
  @ValueSource(strings = {"bad-prefix", "Upper_", "", "a234567890123456789012345678901234"})
  void badPrefixes_areRefused(String prefix) {
    assertThatThrownBy(() -> Migrations.of(Dialect.H2, prefix))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"" + prefix + "\"");
  }
}
