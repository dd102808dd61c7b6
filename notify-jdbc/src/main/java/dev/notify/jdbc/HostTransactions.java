package dev.notify.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * The transactions of a host's framework that the stores join by themselves, with no {@link
 * JdbcStores#inTransaction} around the call: a Spring {@code @Transactional} method that publishes,
 * say (notify-spring-boot-starter supplies one). When the calling thread is in such a transaction,
 * every store call runs on its connection and never commits, rolls back or closes it: the
 * notifications commit or roll back with the host's own writes. Outside one (the workers' threads),
 * the stores use connections of their own, as always.
 *
 * <p><b>Threading:</b> called on any thread that calls a store, concurrently; it answers for the
 * calling thread. <b>Blocking:</b> may take a connection from a pool. <b>Failures:</b> an {@link
 * SQLException} fails that store call like a database error.
 *
 * @since 0.3.0
 */
public interface HostTransactions {
  /** None: the stores join only what {@link JdbcStores#inTransaction} names. */
  HostTransactions NONE = () -> null;

  /**
   * The connection of the transaction the calling thread is in, or {@code null} when it is in none.
   */
  @Nullable Connection current() throws SQLException;

  /** Gives back a connection {@link #current} answered, once the store's call is done with it. */
  default void release(Connection connection) {}
}
