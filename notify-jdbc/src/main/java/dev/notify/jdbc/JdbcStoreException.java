package dev.notify.jdbc;

import dev.notify.NotifyException;
import java.sql.SQLException;

/**
 * A database operation of a notify-jdbc store failed: the message says which operation and what the
 * database said (its SQL state too); the cause is the driver's exception. Nothing the operation
 * would have written was committed.
 *
 * @since 0.2.0
 */
public final class JdbcStoreException extends NotifyException {
  private static final long serialVersionUID = 1L;

  JdbcStoreException(String operation, SQLException cause) {
    super(
        "",
        "notify-jdbc could not "
            + operation
            + ": "
            + cause.getMessage()
            + " (SQL state "
            + cause.getSQLState()
            + ")",
        cause);
  }

  JdbcStoreException(String message) {
    super("", message);
  }
}
