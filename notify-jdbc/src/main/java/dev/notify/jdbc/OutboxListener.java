package dev.notify.jdbc;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * PostgreSQL's {@code LISTEN} on the outbox's channel, on a connection of its own, so that idle
 * workers of this process wake the moment another process's publish commits (the enqueue sends
 * {@code NOTIFY} in its transaction, delivered at commit only: never of a rolled-back entry). A
 * thread of its own waits for notifications (the driver's {@code PGConnection.getNotifications},
 * reached by reflection: notify-jdbc names no driver); a lost connection is opened again after 1 s,
 * then up to 30 s; meanwhile the workers poll as always. Holds one connection of the pool while
 * open. Closing returns at once; the thread ends within a second (its wait's bound), says {@code
 * UNLISTEN} and gives the connection back itself: a pooled connection closed from another thread
 * while the driver waits on it went back to the pool still listening, where notifications pile up
 * unread, and the close itself waited for the driver's wait to end.
 */
final class OutboxListener implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(OutboxListener.class.getName());
  private static final int WAIT_MILLIS = 1000;

  private final Sql sql;
  private final String channel;
  private final Runnable wake;
  private final Thread thread;
  private volatile boolean closed;

  OutboxListener(Sql sql, String channel, Runnable wake) {
    this.sql = sql;
    this.channel = channel;
    this.wake = wake;
    this.thread = new Thread(this::run, "notify-outbox-listener");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    long backoff = 1000;
    while (!closed) {
      try (Connection c = sql.dedicated()) {
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + channel);
        }
        Class<?> pg =
            Class.forName("org.postgresql.PGConnection", false, c.getClass().getClassLoader());
        Object pgc = c.unwrap(pg);
        Method notifications = pg.getMethod("getNotifications", int.class);
        backoff = 1000;
        wake.run(); // whatever was enqueued while no one listened
        while (!closed) {
          Object[] got = (Object[]) notifications.invoke(pgc, WAIT_MILLIS);
          if (got != null && got.length > 0) {
            wake.run();
          }
        }
        try (Statement st = c.createStatement()) {
          st.execute("UNLISTEN " + channel); // before the connection goes back to the pool
        }
      } catch (ReflectiveOperationException | SQLException | RuntimeException e) {
        if (closed) {
          return;
        }
        LOG.log(
            System.Logger.Level.WARNING,
            "notify's outbox listener lost its connection; workers poll until it is back: " + e);
        try {
          TimeUnit.MILLISECONDS.sleep(backoff);
        } catch (InterruptedException interrupted) {
          return;
        }
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt(); // ends a back-off's sleep; a wait for notifications ends within its bound
  }
}
