package dev.notify.spring;

import dev.notify.jdbc.HostTransactions;
import java.sql.Connection;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The Spring-managed transaction of the calling thread, when one holds a connection of {@code
 * dataSource} (a {@code DataSourceTransactionManager}'s, or a JPA one exposing its connection): the
 * stores join it, so a publish inside {@code @Transactional} commits or rolls back with the
 * application's writes. With no such transaction the stores use connections of their own.
 * Thread-safe.
 */
final class SpringTransactions implements HostTransactions {
  private final DataSource dataSource;

  SpringTransactions(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public @Nullable Connection current() {
    // Only a transaction that already holds a connection of this DataSource: asking Spring for one
    // otherwise would hand out a fresh connection in auto-commit, joined to nothing.
    if (!TransactionSynchronizationManager.isActualTransactionActive()
        || TransactionSynchronizationManager.getResource(dataSource) == null) {
      return null;
    }
    return DataSourceUtils.getConnection(dataSource);
  }

  @Override
  public void release(Connection connection) {
    DataSourceUtils.releaseConnection(connection, dataSource);
  }
}
