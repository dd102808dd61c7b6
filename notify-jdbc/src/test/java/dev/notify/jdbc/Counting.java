package dev.notify.jdbc;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A data source that counts what its connections send: statements executed (one round trip each:
 * {@code execute}, {@code executeQuery}, {@code executeUpdate}, {@code executeBatch}) and commits.
 */
final class Counting {
  final AtomicInteger statements = new AtomicInteger();
  final AtomicInteger commits = new AtomicInteger();
  final DataSource dataSource;

  Counting(DataSource ds) {
    this.dataSource =
        (DataSource)
            Proxy.newProxyInstance(
                Counting.class.getClassLoader(),
                new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                  Object result = invoke(ds, method, args);
                  return result instanceof Connection c ? connection(c) : result;
                });
  }

  /** Starts counting afresh. */
  void reset() {
    statements.set(0);
    commits.set(0);
  }

  private Connection connection(Connection c) {
    return (Connection)
        Proxy.newProxyInstance(
            Counting.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("commit")) {
                commits.incrementAndGet();
              }
              Object result = invoke(c, method, args);
              return result instanceof Statement s ? statement(s) : result;
            });
  }

  private Statement statement(Statement s) {
    Class<?> type =
        s instanceof CallableStatement
            ? CallableStatement.class
            : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
    return (Statement)
        Proxy.newProxyInstance(
            Counting.class.getClassLoader(),
            new Class<?>[] {type},
            (proxy, method, args) -> {
              if (method.getName().startsWith("execute")) {
                statements.incrementAndGet();
              }
              return invoke(s, method, args);
            });
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    return Partitioned.invoke(target, method, args);
  }
}
