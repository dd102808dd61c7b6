package dev.notify.jdbc;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * notify's tables on PostgreSQL as Citus would constrain them: each hash-partitioned by its
 * distribution key into four partitions, so a primary key or unique index without the key is
 * refused, as Citus refuses it; and every statement the stores run on them recorded, for the check
 * that the hot ones name their key.
 */
final class Partitioned {
  /** Each table's distribution key (docs/scaling.md). */
  static final Map<String, String> KEYS =
      Map.ofEntries(
          Map.entry("settings", "user_id"),
          Map.entry("timings", "user_id"),
          Map.entry("presence", "user_id"),
          Map.entry("inbox", "user_id"),
          Map.entry("outbox", "bucket"),
          Map.entry("actions", "id"),
          Map.entry("organizations", "organization_id"),
          Map.entry("digest_heads", "user_id"),
          Map.entry("digests", "user_id"),
          Map.entry("digest_items", "user_id"),
          Map.entry("throttle_passes", "user_id"),
          Map.entry("history", "user_id"),
          Map.entry("push_subscriptions", "user_id"));

  /** Every statement run through {@link #recording} data sources, by its text. */
  static final Set<String> STATEMENTS = ConcurrentHashMap.newKeySet();

  private Partitioned() {}

  /** New stores on PostgreSQL whose tables are hash-partitioned by their keys. */
  static JdbcStores stores() {
    String prefix = Databases.freshPrefix();
    // Migrated unrecorded: the migrations' statements are no hot path.
    JdbcStores.builder(Databases.postgres()).tablePrefix(prefix).build();
    try (Connection c = Databases.postgres().getConnection();
        Statement st = c.createStatement()) {
      for (Map.Entry<String, String> t : KEYS.entrySet()) {
        String table = prefix + t.getKey();
        String p = table + "_p";
        // LIKE … INCLUDING ALL copies the primary key and every index: PostgreSQL refuses one
        // that lacks the partition key, which is the check.
        st.execute(
            "CREATE TABLE "
                + p
                + " (LIKE "
                + table
                + " INCLUDING ALL) PARTITION BY HASH ("
                + t.getValue()
                + ")");
        for (int r = 0; r < 4; r++) {
          st.execute(
              "CREATE TABLE "
                  + p
                  + r
                  + " PARTITION OF "
                  + p
                  + " FOR VALUES WITH (MODULUS 4, REMAINDER "
                  + r
                  + ")");
        }
        st.execute("DROP TABLE " + table);
        st.execute("ALTER TABLE " + p + " RENAME TO " + table);
      }
    } catch (SQLException e) {
      throw new AssertionError("notify's schema cannot be partitioned by its keys: " + e, e);
    }
    return JdbcStores.builder(recording(Databases.postgres()))
        .tablePrefix(prefix)
        .distributed(true)
        .build();
  }

  /** {@code ds} with every statement's text recorded in {@link #STATEMENTS}. */
  static DataSource recording(DataSource ds) {
    return (DataSource)
        Proxy.newProxyInstance(
            Partitioned.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              Object result = invoke(ds, method, args);
              return result instanceof Connection c ? recording(c) : result;
            });
  }

  private static Connection recording(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Partitioned.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("prepare") && args != null && args.length > 0) {
                STATEMENTS.add(String.valueOf(args[0]));
              }
              Object result = invoke(c, method, args);
              return result instanceof Statement s && !(result instanceof PreparedStatement)
                  ? recording(s)
                  : result;
            });
  }

  private static Statement recording(Statement s) {
    return (Statement)
        Proxy.newProxyInstance(
            Partitioned.class.getClassLoader(),
            new Class<?>[] {Statement.class},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute") && args != null && args.length > 0) {
                STATEMENTS.add(String.valueOf(args[0]));
              }
              return invoke(s, method, args);
            });
  }

  /**
   * Calls {@code method} on {@code target}, throwing what it threw (not the reflection's wrapper).
   */
  static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /**
   * The statements (each table prefix written {@code notify_}) on a distributed table that name
   * neither its key ({@code key = ?}, {@code key = ANY(?)}, {@code (key, …) IN}, an insert's
   * column) nor a reason to cross shards (a {@code cross-shard:} comment).
   */
  static List<String> unkeyed(Set<String> statements) {
    return statements.stream()
        .map(s -> PREFIX.matcher(s.replaceAll("\\s+", " ").strip()).replaceAll("notify_"))
        .filter(s -> s.contains("notify_"))
        .filter(s -> !s.startsWith("CREATE") && !s.startsWith("ALTER") && !s.startsWith("DROP"))
        .filter(s -> !s.contains("schema_history") && !s.contains("schema_lock"))
        // The outbox's wake-up names a channel, no table (Citus: it runs on the coordinator).
        .filter(
            s -> !s.startsWith("LISTEN ") && !s.startsWith("UNLISTEN ") && !s.startsWith("NOTIFY "))
        .filter(s -> !s.contains("/* cross-shard:"))
        .filter(s -> !keyed(s))
        .distinct()
        .sorted()
        .toList();
  }

  private static final Pattern PREFIX = Pattern.compile("\\bt\\d+_");
  private static final Pattern TABLE = Pattern.compile("\\bnotify_([a-z_]+)");

  private static boolean keyed(String s) {
    Matcher m = TABLE.matcher(s);
    boolean any = false;
    while (m.find()) {
      String key = KEYS.get(m.group(1));
      if (key == null) {
        continue;
      }
      any = true;
      boolean inserted = false;
      String insert = "INSERT INTO notify_" + m.group(1) + " (";
      if (s.startsWith(insert)) {
        String cols = s.substring(insert.length(), s.indexOf(')'));
        inserted = Arrays.asList(cols.split(",\\s*")).contains(key);
      }
      boolean merged = s.startsWith("MERGE INTO notify_" + m.group(1) + " ");
      boolean filtered =
          Pattern.compile("\\b" + key + " = (\\?|ANY\\(\\?\\))").matcher(s).find()
              || s.contains("(" + key + ", ");
      if (!inserted && !merged && !filtered) {
        return false;
      }
    }
    return any;
  }
}
