/** notify-jdbc: notify's stores on PostgreSQL and H2 through the host's {@code DataSource}. */
module dev.notify.jdbc {
  requires transitive dev.notify.core;
  requires transitive java.sql;
  requires static org.jspecify;

  exports dev.notify.jdbc;
}
