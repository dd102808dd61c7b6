package dev.notify.benchmarks;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** db-scheduler's table for PostgreSQL, as its README gives it, for the comparisons. */
final class DbSchedulerTable {
  private DbSchedulerTable() {}

  static void create(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute(
          "create table scheduled_tasks (task_name text not null, task_instance text not null,"
              + " task_data bytea, execution_time timestamp with time zone not null, picked"
              + " BOOLEAN not null, picked_by text, last_success timestamp with time zone,"
              + " last_failure timestamp with time zone, consecutive_failures INT,"
              + " last_heartbeat timestamp with time zone, version BIGINT not null, priority"
              + " SMALLINT, PRIMARY KEY (task_name, task_instance))");
      st.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
      st.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
      st.execute(
          "CREATE INDEX priority_execution_time_idx on scheduled_tasks (priority desc,"
              + " execution_time asc)");
    }
  }
}
